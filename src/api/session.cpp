#include "api/session.hpp"

#include <fstream>

#include "net/driver.hpp"
#include "proto/session_open.hpp"

namespace ifx::detail {
namespace {

net::clock::time_point deadline_after(std::chrono::milliseconds timeout) {
    if (timeout.count() <= 0) return net::clock::now() + std::chrono::hours(24 * 365);
    return net::clock::now() + timeout;
}

}  // namespace

std::error_code session::run(proto::operation& op, diagnostics& diag) {
    if (!connected) {
        diag.client_message = "not connected";
        return errc::not_connected;
    }
    const auto deadline = deadline_after(params.read_timeout);
    if (!usable()) deferred.clear();  // a dead connection's statements died with it
    if (deferred.empty()) return net::run(op, stream, in, state, deadline, diag);
    proto::free_all_op with_frees(state, deferred, &op);
    deferred.clear();
    return net::run(with_frees, stream, in, state, deadline, diag);
}

std::error_code session::connect(const connect_params& requested, diagnostics& diag) {
    connect_params p = proto::with_environment(requested);
    params = p;
    // The password is needed only for the login: neither copy keeps it once connect returns
    // (the caller's connect_params, and the pool's, are what a reconnect uses).
    struct wipe_passwords {
        connect_params& a;
        connect_params& b;
        ~wipe_passwords() {
            proto::wipe_secret(a.password);
            proto::wipe_secret(b.password);
        }
    } wiping{p, params};
    trace.reset();
    if (p.trace || !p.trace_file.empty()) {
        auto file =
            p.trace_file.empty() ? nullptr : std::make_shared<std::ofstream>(p.trace_file, std::ios::app);
        if (file && !*file) {
            diag.client_message = "cannot open the trace file " + p.trace_file;
            return errc::invalid_argument;
        }
        trace.emplace([user = p.trace, file](std::string_view line) {
            if (user) user(line);
            if (file) *file << line << '\n' << std::flush;
        });
    }
    if (auto ec = proto::check_params(p, diag)) return ec;
    std::vector<host_port> hosts = {{p.host, p.port}};
    hosts.insert(hosts.end(), p.failover_hosts.begin(), p.failover_hosts.end());
    std::string reasons;
    std::error_code ec;
    for (const auto& [host, port] : hosts) {
        diagnostics attempt;
        ec = connect_one(host, port, attempt);
        if (!ec) {
            diag.clear();
            return {};
        }
        if (hosts.size() == 1 || ec == errc::invalid_argument || stream.interrupted()) {
            diag = std::move(attempt);
            return ec;
        }
        reasons +=
            (reasons.empty() ? "" : "; ") + host + ":" + std::to_string(port) + ": " + attempt.to_string();
        diag = std::move(attempt);
    }
    diag.client_message = "all " + std::to_string(hosts.size()) + " hosts failed: " + reasons;
    return ec;
}

std::error_code session::connect_one(const std::string& host, std::uint16_t port, diagnostics& diag) {
    const connect_params& p = params;
    state = {};
    state.trace = trace ? &*trace : nullptr;
    in.clear();
    info = {};
    cache = statement_cache(p.statement_cache_size);
    user_statements.clear();
    deferred.clear();
    const auto deadline = deadline_after(p.connect_timeout);
    std::string detail;
    std::optional<net::tls_options> tls;
    if (p.tls != tls_mode::disable) {
        tls.emplace();
        tls->verify_chain = p.tls != tls_mode::insecure;
        tls->verify_host = p.tls == tls_mode::verify_full;
        tls->ca_file = p.tls_ca_file;
        tls->ca_dir = p.tls_ca_dir;
        tls->server_name = p.tls_server_name;
    }
    int sqlcode = 0;
    if (auto ec = stream.connect(host, port, deadline, detail, sqlcode, tls ? &*tls : nullptr)) {
        diag.client_message = detail;
        diag.sqlcode = sqlcode;
        return ec;
    }
    connected = true;
    // Login, database open and the database's code set (proto/session_open.hpp).
    proto::session_open_op open(state, p, info);
    auto ec = net::run(open, stream, in, state, deadline, diag);
    if (ec) {
        disconnect();
        return ec;
    }
    return {};
}

std::error_code close_cursor(cursor_state& st, diagnostics& diag) {
    if (st.closed) return {};
    st.closed = true;
    proto::clear_rows(st.batch);
    auto& s = *st.owner;
    std::lock_guard lock(s.mutex);
    --s.state.open_cursors;
    if (!s.usable()) return {};
    proto::free_op op(s.state, st.statement_id, true, st.release_on_close);
    const auto ec = s.run(op, diag);
    if (st.release_on_close && st.statement) st.statement->released = true;
    st.statement.reset();
    return ec;
}

void session::disconnect() noexcept {
    (void)cache.clear();  // SQ_EXIT frees every server statement
    deferred.clear();
    if (connected && !state.broken && stream.is_open()) {
        try {
            proto::exit_op op(state);
            diagnostics ignored;
            const auto timeout = std::min<std::chrono::milliseconds>(
                params.read_timeout.count() > 0 ? params.read_timeout : std::chrono::milliseconds(2000),
                std::chrono::milliseconds(2000));
            (void)net::run(op, stream, in, state, net::clock::now() + timeout, ignored);
        } catch (...) {
            // best effort: the socket is closed below either way
        }
    }
    stream.close();
    state.broken = true;
    connected = false;
}

}  // namespace ifx::detail
