// ifxcap: record SQLI sessions through a proxy, read them as messages, replay them as conformance
// tests. See docs/captures.md.
#include <signal.h>
#include <CLI/CLI.hpp>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "capture.hpp"
#include "conformance.hpp"
#include "recorder.hpp"
#include "redact.hpp"
#include "render.hpp"

namespace {

using namespace ifx::cap;

constexpr int exit_ok = 0, exit_differences = 1, exit_error = 2;

ifx::replay::endpoint endpoint_or_throw(const std::string& text, const char* what) {
    auto e = ifx::replay::parse_endpoint(text);
    if (!e) throw std::runtime_error(std::string(what) + ": expected HOST:PORT, got '" + text + "'");
    return *e;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// SIGINT/SIGTERM are taken by a watcher thread (blocked everywhere else) that stops the recorder.
class signal_watcher {
public:
    explicit signal_watcher(std::function<void()> on_signal) {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGINT);
        sigaddset(&set, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &set, nullptr);
        thread_ = std::thread([this, set, f = std::move(on_signal)] {
            const timespec tick{0, 200'000'000};
            while (!done_) {
                if (sigtimedwait(&set, nullptr, &tick) > 0) {
                    f();
                    return;
                }
            }
        });
    }
    ~signal_watcher() {
        done_ = true;
        thread_.join();
    }

private:
    std::atomic<bool> done_{false};
    std::thread thread_;
};

int do_record(const record_options& o) {
    recorder rec(o);
    signal_watcher watcher([&rec] { rec.stop(); });
    std::cerr << "ifxcap recording on " << rec.address() << ", forwarding to " << o.server.to_string()
              << ", into " << o.output << std::endl;
    rec.run();
    std::cerr << "ifxcap: " << rec.sessions_started() << " session(s) recorded in " << o.output << std::endl;
    return exit_ok;
}

int do_decode(const std::string& file, const std::string& format, bool hex) {
    const capture c = load_capture(file);
    const render_options o{hex};
    std::cout << (format == "json" ? render_json(c, o) : render_text(c, o));
    return exit_ok;
}

int do_check(const std::string& file) {
    const capture c = load_capture(file);
    const auto result = check_capture(c);
    for (const auto& f : result.facts) std::cout << f << "\n";
    for (const auto& p : result.problems) std::cout << "PROBLEM: " << p << "\n";
    if (result.problems.empty()) std::cout << "no secret found: passwords and PAM answers are masked\n";
    return result.problems.empty() ? exit_ok : exit_differences;
}

std::vector<int> sessions_of(const capture& c, int only) {
    std::vector<int> out;
    for (const auto& s : c.sessions)
        if (only == 0 || s.id == only) out.push_back(s.id);
    if (out.empty()) throw std::runtime_error("no session " + std::to_string(only) + " in the capture");
    return out;
}

int do_replay_to(const std::string& file, const ifx::replay::endpoint& server, int only,
                 const std::vector<std::string>& masks, int timeout_ms) {
    const capture c = load_capture(file);
    replay_options o;
    o.reply_timeout = std::chrono::milliseconds(timeout_ms);
    for (const auto& m : masks) o.extra_masks.push_back({{}, m, "from the command line"});
    std::size_t differences = 0;
    for (const int s : sessions_of(c, only)) {
        const auto r = replay_to_server(c, s, server, o);
        for (const auto& d : r.differences) std::cout << "session " << s << ": " << d << "\n";
        std::cout << "session " << s << ": " << r.replies_compared << " replies compared, "
                  << r.differences.size() << " difference(s)\n";
        differences += r.differences.size();
    }
    return differences == 0 ? exit_ok : exit_differences;
}

int do_serve(const std::string& file, const ifx::replay::endpoint& where, int timeout_ms) {
    const capture c = load_capture(file);
    const auto sessions = sessions_of(c, 0);
    std::atomic<bool> stop{false};
    signal_watcher watcher([&stop] { stop = true; });  // first: every later thread inherits the mask
    ifx::replay::server server(
        [&](std::size_t n) -> std::unique_ptr<ifx::replay::script> {
            if (n >= sessions.size()) return nullptr;
            return client_script(c, sessions[n]);
        },
        where, std::chrono::milliseconds(timeout_ms));
    std::cerr << "ifxcap serving " << file << " (" << sessions.size() << " session(s)) on "
              << server.address() << std::endl;
    ifx::replay::report r;
    while (!stop) {
        r = server.wait_for(sessions.size(), std::chrono::milliseconds(200));
        if (r.sessions_completed + r.problems.size() >= sessions.size()) break;
    }
    for (const auto& p : r.problems) std::cout << p << "\n";
    std::cout << r.sessions_completed << " of " << sessions.size()
              << " session(s) played to the end as recorded\n";
    return r.problems.empty() && r.sessions_completed == sessions.size() ? exit_ok : exit_differences;
}

int do_setup(const std::string& file, int session, bool create) {
    const capture c = load_capture(file);
    const auto s = setup_for(c, sessions_of(c, session).front());
    const auto args = create ? ifxlite_create_args(s) : ifxlite_args(s);
    std::string line;
    for (const auto& a : args) {
        std::string q = "'";
        for (char ch : a) q += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
        line += (line.empty() ? "" : " ") + q + "'";
    }
    std::cout << line << "\n";
    return exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"ifxcap: record, decode and replay Informix SQLI sessions (docs/captures.md)"};
    app.require_subcommand(1);

    std::string listen = "127.0.0.1:9090", server, output, script_file, file, format = "text";
    std::vector<std::string> masks, notes;
    record_options ro;
    bool hex = false, create = false;
    int session = 0, timeout_ms = 10000;

    auto* rec =
        app.add_subcommand("record", "Record every session between clients and a server (a TCP proxy)");
    rec->add_option("--listen", listen, "Address clients connect to, HOST:PORT")->capture_default_str();
    rec->add_option("--server", server, "The Informix server's plain (non-TLS) listener, HOST:PORT")
        ->required();
    rec->add_option("-o,--output", output, "The capture file to write")->required();
    rec->add_flag("--redact-values", ro.redact_values,
                  "Replace row, bind and LOB values by zeros (lengths kept) for data you cannot share");
    rec->add_option("--sessions", ro.sessions, "Stop after N sessions have ended (default: at Ctrl-C)");
    rec->add_option("--client", ro.client,
                    "Name the client program in the header (ifxsql, jdbc, dbaccess, ...)");
    rec->add_option("--note", notes, "A note for the header (repeatable): server version, platform, ...");
    rec->add_option("--script", script_file, "The SQL script the client runs, embedded in the header");

    auto* dec = app.add_subcommand("decode", "Show a capture as SQLI messages with their fields");
    dec->add_option("file", file, "Capture file")->required();
    dec->add_option("--format", format, "text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    dec->add_flag("--hex", hex, "Also show each message's bytes");

    auto* chk =
        app.add_subcommand("check", "Check that a capture holds no password and list what it reveals");
    chk->add_option("file", file, "Capture file")->required();

    auto* rto =
        app.add_subcommand("replay-to", "Send a capture's client side to a server and compare its replies");
    rto->add_option("file", file, "Capture file")->required();
    rto->add_option("--server", server, "The server to test (e.g. ifxlite), HOST:PORT")->required();
    rto->add_option("--session", session, "Only this session (default: every session, one connection each)");
    rto->add_option("--mask", masks, "One more mask, MESSAGE or MESSAGE.FIELD with * and ? (repeatable)");
    rto->add_option("--timeout-ms", timeout_ms, "How long to wait for each reply")->capture_default_str();

    auto* srv =
        app.add_subcommand("serve", "Play a capture's server side to clients and check what they send");
    srv->add_option("file", file, "Capture file")->required();
    srv->add_option("--listen", listen, "Address to listen on, HOST:PORT")->capture_default_str();
    srv->add_option("--timeout-ms", timeout_ms, "How long to wait for each request")->capture_default_str();

    auto* set = app.add_subcommand("setup", "Print the ifxlite flags that answer a session as recorded");
    set->add_option("file", file, "Capture file")->required();
    set->add_option("--session", session, "The session (default: the first)");
    set->add_flag("--create", create, "Print the flags that create its database instead");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? exit_ok : exit_error;  // --help is not an error
    }
    try {
        if (*rec) {
            ro.listen = endpoint_or_throw(listen, "--listen");
            ro.server = endpoint_or_throw(server, "--server");
            ro.output = output;
            ro.notes = notes;
            if (!script_file.empty()) {
                ro.script = read_file(script_file);
                ro.script_name = script_file.substr(script_file.find_last_of('/') + 1);
            }
            return do_record(ro);
        }
        if (*dec) return do_decode(file, format, hex);
        if (*chk) return do_check(file);
        if (*rto)
            return do_replay_to(file, endpoint_or_throw(server, "--server"), session, masks, timeout_ms);
        if (*srv) return do_serve(file, endpoint_or_throw(listen, "--listen"), timeout_ms);
        if (*set) return do_setup(file, session, create);
    } catch (const std::exception& e) {
        std::cerr << "ifxcap: " << e.what() << std::endl;
        return exit_error;
    }
    return exit_error;
}
