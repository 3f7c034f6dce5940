#include "ifx/connect_params.hpp"

#include <charconv>

namespace ifx {
namespace {

bool hex_digit(char c, int& v) {
    if (c >= '0' && c <= '9')
        v = c - '0';
    else if (c >= 'a' && c <= 'f')
        v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
        v = c - 'A' + 10;
    else
        return false;
    return true;
}

bool percent_decode(std::string_view in, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out.push_back(in[i]);
            continue;
        }
        int hi = 0, lo = 0;
        if (i + 2 >= in.size() || !hex_digit(in[i + 1], hi) || !hex_digit(in[i + 2], lo)) return false;
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    return true;
}

template <class T>
bool parse_number(std::string_view s, T& out) {
    const auto res = std::from_chars(s.data(), s.data() + s.size(), out);
    return res.ec == std::errc{} && res.ptr == s.data() + s.size();
}

}  // namespace

connect_params parse_url(std::string_view url, std::error_code& ec, diagnostics& diag) {
    connect_params p;
    auto fail = [&](const std::string& message) {
        ec = errc::invalid_argument;
        diag.client_message = "invalid connection URL: " + message;
        return connect_params{};
    };
    constexpr std::string_view scheme = "informix://";
    if (!url.starts_with(scheme)) return fail("it must start with informix://");
    url.remove_prefix(scheme.size());

    std::string_view query;
    if (const auto q = url.find('?'); q != std::string_view::npos) {
        query = url.substr(q + 1);
        url = url.substr(0, q);
    }
    std::string_view path;
    if (const auto slash = url.find('/'); slash != std::string_view::npos) {
        path = url.substr(slash + 1);
        url = url.substr(0, slash);
    }
    if (const auto at = url.rfind('@'); at != std::string_view::npos) {
        const std::string_view userinfo = url.substr(0, at);
        url = url.substr(at + 1);
        const auto colon = userinfo.find(':');
        if (!percent_decode(userinfo.substr(0, colon), p.user))
            return fail("bad percent-encoding in the user");
        if (colon != std::string_view::npos && !percent_decode(userinfo.substr(colon + 1), p.password))
            return fail("bad percent-encoding in the password");
    }
    // The host list: host[:port] or [v6addr][:port], comma-separated; the first is host/port.
    for (bool first = true; first || !url.empty(); first = false) {
        const auto comma = url.find(',');
        std::string_view item = url.substr(0, comma);
        url = comma == std::string_view::npos ? std::string_view{} : url.substr(comma + 1);
        if (comma != std::string_view::npos && url.empty()) return fail("empty host in the host list");
        host_port hp;
        std::string_view host = item, port;
        if (item.starts_with('[')) {
            const auto close = item.find(']');
            if (close == std::string_view::npos) return fail("unterminated IPv6 address");
            host = item.substr(1, close - 1);
            const auto rest = item.substr(close + 1);
            if (!rest.empty()) {
                if (rest[0] != ':') return fail("unexpected text after the IPv6 address");
                port = rest.substr(1);
            }
        } else if (const auto colon = item.rfind(':'); colon != std::string_view::npos) {
            host = item.substr(0, colon);
            port = item.substr(colon + 1);
        }
        if (!port.empty() && (!parse_number(port, hp.port) || hp.port == 0))
            return fail("bad port '" + std::string(port) + "'");
        if (first) {
            if (!host.empty()) p.host = host;
            p.port = hp.port;
        } else {
            if (host.empty()) return fail("empty host in the host list");
            hp.host = host;
            p.failover_hosts.push_back(std::move(hp));
        }
    }
    if (!percent_decode(path, p.database)) return fail("bad percent-encoding in the database name");

    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view item = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (item.empty()) continue;
        const auto eq = item.find('=');
        const std::string_view key = item.substr(0, eq);
        std::string value;
        if (eq == std::string_view::npos || !percent_decode(item.substr(eq + 1), value))
            return fail("option '" + std::string(key) + "' needs a value");
        if (key == "server") {
            p.server = value;
        } else if (key == "tls") {
            if (value == "disable")
                p.tls = tls_mode::disable;
            else if (value == "insecure")
                p.tls = tls_mode::insecure;
            else if (value == "verify-ca")
                p.tls = tls_mode::verify_ca;
            else if (value == "verify-full")
                p.tls = tls_mode::verify_full;
            else
                return fail("tls must be disable, insecure, verify-ca or verify-full");
        } else if (key == "tls_ca_file") {
            p.tls_ca_file = value;
        } else if (key == "tls_ca_dir") {
            p.tls_ca_dir = value;
        } else if (key == "tls_server_name") {
            p.tls_server_name = value;
        } else if (key == "client_locale") {
            p.client_locale = value;
        } else if (key == "db_locale") {
            p.db_locale = value;
        } else if (key == "connect_timeout" || key == "read_timeout") {
            long long ms = 0;
            if (!parse_number(std::string_view(value), ms) || ms < 0)
                return fail(std::string(key) + " must be milliseconds");
            (key == "connect_timeout" ? p.connect_timeout : p.read_timeout) = std::chrono::milliseconds(ms);
        } else if (key == "fetch_buffer_size") {
            if (!parse_number(std::string_view(value), p.fetch_buffer_size) || p.fetch_buffer_size < 512)
                return fail("fetch_buffer_size must be a number of at least 512");
        } else if (key == "trace_file") {
            p.trace_file = value;
        } else if (key == "statement_cache_size") {
            if (!parse_number(std::string_view(value), p.statement_cache_size))
                return fail("statement_cache_size must be a number");
        } else if (key.starts_with("env.") && key.size() > 4) {
            p.environment.emplace_back(std::string(key.substr(4)), value);
        } else {
            return fail("unknown option '" + std::string(key) + "'");
        }
    }
    return p;
}

connect_params parse_url(std::string_view url) {
    std::error_code ec;
    diagnostics diag;
    auto p = parse_url(url, ec, diag);
    throw_if(ec, diag);
    return p;
}

}  // namespace ifx
