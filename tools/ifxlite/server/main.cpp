// ifxlite: an SQLI (Informix wire protocol) server backed by SQLite, for tests and demos.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "base/log.hpp"
#include "catalog/catalog.hpp"
#include "server/server.hpp"

namespace {

ifx::lite::server* running_server = nullptr;

extern "C" void on_signal(int) {
    if (running_server) running_server->stop();
}

// Everything the command line sets.
struct command_line {
    std::string listen = "127.0.0.1:9088";
    std::string data_dir;
    ifx::lite::session_config session;
    std::string log_level = "warn";
    std::string profile = "modern";
    std::size_t max_sessions = 1024;
    int input_stall_ms = 5000;
    // --create-database and its settings
    std::string create_name;
    bool log_flag = false;
    bool ansi_flag = false;
    std::string locale{ifx::lite::default_locale};
    // TLS, control socket, locking
    std::string tls_listen, cert_file, key_file, control;
    double lock_wait = 0;
    std::string use_last_committed = "NONE";
    // fault injection (copied into the server's fault_settings)
    std::int64_t close_after_replies = -1, close_after_bytes = -1, stall_after_replies = -1;
    std::int64_t truncate_reply = -1, corrupt_reply = -1;
    std::int32_t delay_ms = 0, reject_logins = 0, reject_code = -951;

    ifx::lite::log_mode database_mode() const {
        if (ansi_flag) return ifx::lite::log_mode::ansi;
        return log_flag ? ifx::lite::log_mode::logged : ifx::lite::log_mode::unlogged;
    }
};

int create_database(const std::string& data_dir, const std::string& name, ifx::lite::log_mode mode,
                    const std::string& locale_name) {
    const auto locale = ifx::lite::canonical_locale(locale_name);
    if (!locale) {
        std::cerr << "ifxlite: unsupported locale '" << locale_name << "' (ISO-8859-1 or UTF-8 code sets)\n";
        return 1;
    }
    ifx::lite::catalog databases(data_dir);
    std::string error;
    if (!databases.initialise(error)) {
        std::cerr << "ifxlite: " << error << "\n";
        return 1;
    }
    if (!ifx::lite::valid_database_name(name)) {
        std::cerr << "ifxlite: invalid database name '" << name << "'\n";
        return 1;
    }
    if (auto e = databases.create(name, mode, *locale)) {
        std::cerr << "ifxlite: cannot create database '" << name << "' (" << e->sqlcode << ")\n";
        return 1;
    }
    return 0;
}

void add_server_options(CLI::App& app, command_line& cl) {
    app.add_option("--listen", cl.listen, "Address to listen on, HOST:PORT (port 0 picks a free port)")
        ->capture_default_str();
    app.add_option("--data", cl.data_dir,
                   "Directory holding one SQLite file per database (created if missing)")
        ->required();
    app.add_option("--server-name", cl.session.server_name, "Server name clients must give (INFORMIXSERVER)")
        ->capture_default_str();
    app.add_option("--user", cl.session.user, "The one user allowed to log in")->capture_default_str();
    app.add_option("--password", cl.session.password, "That user's password")->capture_default_str();
    app.add_option("--log-level", cl.log_level, "Logging to stderr: error, warn, info or debug")
        ->check(CLI::IsMember({"error", "warn", "info", "debug"}))
        ->capture_default_str();
    app.add_option("--profile", cl.profile,
                   "Protocol features: modern (offer AND {54,62,63,69,70}) or legacy (no features >= 56)")
        ->check(CLI::IsMember({"modern", "legacy"}))
        ->capture_default_str();
    app.add_option("--max-sessions", cl.max_sessions, "Maximum concurrent sessions")->capture_default_str();
    app.add_option("--input-stall-ms", cl.input_stall_ms,
                   "An incomplete request group ending in SQ_EOT's bytes that gets no more bytes for this "
                   "long is answered with SQ_ERR -929 and the connection closed")
        ->check(CLI::Range(1, 3600000))
        ->capture_default_str();
}

void add_database_options(CLI::App& app, command_line& cl) {
    app.add_option("--create-database", cl.create_name,
                   "Create database NAME under --data and exit (unlogged unless --log or --ansi)");
    app.add_flag("--log", cl.log_flag, "With --create-database: a logged database");
    app.add_flag("--ansi", cl.ansi_flag, "With --create-database: an ANSI-mode (logged) database");
    app.add_option("--locale", cl.locale,
                   "With --create-database: the database locale (en_US.819, en_US.utf8, en_US.57372, ...)")
        ->capture_default_str();
}

void add_session_options(CLI::App& app, command_line& cl) {
    app.add_option(
        "--tls-listen", cl.tls_listen,
        "Also listen for TLS (handshake first, same protocol inside) on HOST:PORT; needs --cert and --key");
    app.add_option("--cert", cl.cert_file, "PEM certificate chain for --tls-listen");
    app.add_option("--key", cl.key_file, "PEM private key for --tls-listen");
    app.add_option("--control", cl.control,
                   "Fault-injection control socket on HOST:PORT (line commands; see README)");
    app.add_flag("--pam", cl.session.pam,
                 "PAM listener: offer feature 44 and ask for the password in a PAM conversation instead "
                 "of checking the login packet's");
    app.add_option("--pam-info", cl.session.pam_info,
                   "With --pam: the TEXT_INFO message sent before the prompt "
                   "(empty: none)")
        ->capture_default_str();
    app.add_flag("--xactstat", cl.session.xactstat,
                 "Send SQ_XACTSTAT after BEGIN/COMMIT/ROLLBACK on logged databases");
    app.add_option("--lock-wait", cl.lock_wait,
                   "Seconds a session waits for a lock held by another transaction before -244/-271, until "
                   "SET LOCK MODE says otherwise (0: NOT WAIT, as IDS; -1 forever)")
        ->capture_default_str();
    app.add_option(
           "--use-last-committed", cl.use_last_committed,
           "IDS's USELASTCOMMITTED: 'NONE', 'COMMITTED READ', 'DIRTY READ' or 'ALL' — which isolation "
           "levels read the last committed version of a locked row instead of waiting")
        ->capture_default_str()
        ->check([](const std::string& v) {
            return ifx::lite::parse_last_committed(v) ? std::string()
                                                      : "expected NONE, COMMITTED READ, DIRTY READ or ALL";
        });
}

void add_fault_options(CLI::App& app, command_line& cl) {
    auto* faults =
        app.add_option_group("Fault injection", "Counts are per connection; replies include the login reply");
    faults->add_option("--fault-close-after-replies", cl.close_after_replies,
                       "Close each connection after N replies");
    faults->add_option("--fault-close-after-bytes", cl.close_after_bytes,
                       "Send at most N reply bytes per connection, then close (cuts a reply short)");
    faults->add_option("--fault-delay-ms", cl.delay_ms, "Delay every reply by D milliseconds");
    faults->add_option("--fault-stall-after-replies", cl.stall_after_replies,
                       "After N replies never answer again (the connection stays open)");
    faults->add_option("--fault-truncate-reply", cl.truncate_reply, "Send only half of reply N, then close");
    faults->add_option("--fault-corrupt-reply", cl.corrupt_reply,
                       "Overwrite the first tag of reply N with ff ff");
    faults->add_option("--fault-reject-logins", cl.reject_logins, "Reject the next N logins");
    faults->add_option("--fault-reject-code", cl.reject_code, "Service error for rejected logins")
        ->capture_default_str();
}

void apply_log_level(const std::string& name) {
    static const std::map<std::string, ifx::lite::log_level> levels = {
        {"error", ifx::lite::log_level::error},
        {"warn", ifx::lite::log_level::warn},
        {"info", ifx::lite::log_level::info},
        {"debug", ifx::lite::log_level::debug}};
    ifx::lite::set_log_level(levels.at(name));
}

// The server's options from the command line; nothing (after a message on stderr) when an address is
// malformed or TLS lacks its files.
std::optional<ifx::lite::server_options> server_options_from(const command_line& cl) {
    ifx::lite::server_options options;
    if (!ifx::lite::parse_endpoint(cl.listen, options.host, options.port)) {
        std::cerr << "ifxlite: --listen expects HOST:PORT, got '" << cl.listen << "'\n";
        return std::nullopt;
    }
    options.data_dir = cl.data_dir;
    options.session = cl.session;
    options.session.features =
        cl.profile == "legacy" ? ifx::lite::profile::legacy : ifx::lite::profile::modern;
    options.max_sessions = cl.max_sessions;
    options.input_stall_ms = cl.input_stall_ms;
    options.session.use_last_committed =
        ifx::lite::parse_last_committed(cl.use_last_committed).value_or(ifx::lite::last_committed_use::none);
    options.session.lock_wait_ms = cl.lock_wait < 0 ? -1 : static_cast<int>(cl.lock_wait * 1000);
    if (!cl.tls_listen.empty()) {
        if (cl.cert_file.empty() || cl.key_file.empty()) {
            std::cerr << "ifxlite: --tls-listen needs --cert and --key\n";
            return std::nullopt;
        }
        if (!ifx::lite::parse_endpoint(cl.tls_listen, options.tls_host, options.tls_port)) {
            std::cerr << "ifxlite: --tls-listen expects HOST:PORT, got '" << cl.tls_listen << "'\n";
            return std::nullopt;
        }
        options.cert_file = cl.cert_file;
        options.key_file = cl.key_file;
    }
    if (!cl.control.empty() &&
        !ifx::lite::parse_endpoint(cl.control, options.control_host, options.control_port)) {
        std::cerr << "ifxlite: --control expects HOST:PORT, got '" << cl.control << "'\n";
        return std::nullopt;
    }
    return options;
}

void apply_faults(const command_line& cl, ifx::lite::fault_settings& f) {
    f.close_after_replies = cl.close_after_replies;
    f.close_after_bytes = cl.close_after_bytes;
    f.stall_after_replies = cl.stall_after_replies;
    f.truncate_reply = cl.truncate_reply;
    f.corrupt_reply = cl.corrupt_reply;
    f.delay_ms = cl.delay_ms;
    f.reject_logins = cl.reject_logins;
    f.reject_code = cl.reject_code;
}

// Starts the server, announces its endpoints on stdout and serves until SIGTERM or SIGINT.
int serve(const ifx::lite::server_options& options, const command_line& cl) {
    ifx::lite::server srv(options);
    std::string error;
    if (!srv.start(error)) {
        std::cerr << "ifxlite: " << error << "\n";
        return 1;
    }
    running_server = &srv;
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    apply_faults(cl, srv.faults());
    std::printf("ifxlite listening on %s\n", srv.endpoint().c_str());
    if (!srv.tls_endpoint().empty()) std::printf("ifxlite tls listening on %s\n", srv.tls_endpoint().c_str());
    if (!srv.control_endpoint().empty())
        std::printf("ifxlite control listening on %s\n", srv.control_endpoint().c_str());
    std::fflush(stdout);
    srv.run();
    running_server = nullptr;
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"ifxlite: an Informix SQLI server backed by SQLite (one SQLite file per database)"};
    command_line cl;
    add_server_options(app, cl);
    add_database_options(app, cl);
    add_session_options(app, cl);
    add_fault_options(app, cl);
    CLI11_PARSE(app, argc, argv);

    apply_log_level(cl.log_level);
    if (!cl.create_name.empty())
        return create_database(cl.data_dir, cl.create_name, cl.database_mode(), cl.locale);
    const auto options = server_options_from(cl);
    if (!options) return 1;
    return serve(*options, cl);
}
