#include "redact.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "session_decoder.hpp"
#include "wire/writer.hpp"

namespace ifx::cap {
namespace {

std::vector<std::uint8_t> masked_encoding(secret_span::form form) {
    std::vector<std::uint8_t> out;
    wire::writer w(out);
    if (form == secret_span::form::ascstr)
        w.ascstr(secret_mask);
    else
        w.sqli_char(secret_mask);
    return out;
}

// An encoded secret whose content is empty stays as it is: there is nothing to hide.
bool is_empty_secret(std::span<const std::uint8_t> enc, secret_span::form form) {
    if (enc.size() < 2) return true;
    const std::size_t n = (std::size_t{enc[0]} << 8) | enc[1];
    return form == secret_span::form::ascstr ? n <= 1 : n == 0;
}

}  // namespace

std::vector<std::uint8_t> protect(std::span<const std::uint8_t> bytes, const decoded_record& decoded,
                                  bool redact_values, bool hide_unknown, bool stream_start) {
    std::vector<std::uint8_t> work(bytes.begin(), bytes.end());
    auto zero = [&](std::size_t offset, std::size_t length) {
        if (offset >= work.size()) return;
        std::fill_n(work.begin() + static_cast<std::ptrdiff_t>(offset),
                    std::min(length, work.size() - offset), 0);
    };
    if (redact_values)
        for (const auto& v : decoded.values) zero(v.offset, v.length);
    if (hide_unknown)
        for (const auto& m : decoded.messages)
            if (!m.known) {
                const std::size_t from = stream_start && m.offset == 0 ? login_fixed_part : m.offset;
                if (from < m.offset + m.length) zero(from, m.offset + m.length - from);
            }
    // Secrets last, from the end, so the offsets of the earlier ones stay valid.
    auto secrets = decoded.secrets;
    std::sort(secrets.begin(), secrets.end(), [](auto& a, auto& b) { return a.offset > b.offset; });
    std::ptrdiff_t login_delta = 0;
    const std::size_t login_end = !decoded.messages.empty() && decoded.messages[0].name == "login-packet"
                                      ? decoded.messages[0].length
                                      : 0;
    for (const auto& s : secrets) {
        if (s.offset + s.length > work.size()) continue;
        const auto at = work.begin() + static_cast<std::ptrdiff_t>(s.offset);
        if (is_empty_secret(std::span(work).subspan(s.offset, s.length), s.encoding)) continue;
        const auto mask = masked_encoding(s.encoding);
        work.erase(at, at + static_cast<std::ptrdiff_t>(s.length));
        work.insert(work.begin() + static_cast<std::ptrdiff_t>(s.offset), mask.begin(), mask.end());
        if (s.offset < login_end)
            login_delta += static_cast<std::ptrdiff_t>(mask.size()) - static_cast<std::ptrdiff_t>(s.length);
    }
    if (login_end >= 2 && login_delta != 0) {
        const auto n = static_cast<std::uint16_t>(static_cast<std::ptrdiff_t>(login_end) + login_delta);
        work[0] = static_cast<std::uint8_t>(n >> 8);
        work[1] = static_cast<std::uint8_t>(n & 0xff);
    }
    return work;
}

capture_check check_capture(const capture& c) {
    capture_check out;
    if (c.secrets != secrets_masked)
        out.problems.emplace_back(
            "the header does not say 'secrets masked' (was the file made by ifxcap record?)");
    std::set<std::string> users, hosts, directories, servers, databases;
    std::size_t statements = 0, unknown = 0;
    std::map<int, session_decoder> sessions;
    std::set<int> client_spoke;
    for (std::size_t i = 0; i < c.records.size(); ++i) {
        const record& r = c.records[i];
        session_decoder& dec = sessions[r.session];
        const bool before_login = !dec.facts().login_done;
        const bool stream_start = r.dir == direction::c2s && client_spoke.insert(r.session).second;
        const decoded_record d = dec.decode(r);
        const std::string where =
            "record " + std::to_string(i + 1) + " (session " + std::to_string(r.session) + ")";
        for (const auto& m : d.messages) {
            if (m.name == "login-packet") {
                if (const field* f = m.find("password"); f && !f->value.empty() && f->value != secret_mask)
                    out.problems.push_back(where + ": the login packet's password is not masked");
                for (const char* name : {"user", "host", "directory", "server"})
                    if (const field* f = m.find(name); f && !f->value.empty()) {
                        auto& set = std::string_view(name) == "user"     ? users
                                    : std::string_view(name) == "host"   ? hosts
                                    : std::string_view(name) == "server" ? servers
                                                                         : directories;
                        set.insert(f->value);
                    }
            } else if (m.name == "SQ_RESPONSE") {
                if (const field* f = m.find("answer"); f && !f->value.empty() && f->value != secret_mask)
                    out.problems.push_back(where + ": a PAM answer is not masked");
            } else if (m.name == "SQ_PREPARE" || m.name == "SQ_COMMAND") {
                ++statements;
            } else if (m.name == "SQ_DBOPEN") {
                if (const field* f = m.find("database")) databases.insert(f->value);
            } else if (!m.known) {
                ++unknown;
                const std::size_t from = stream_start && m.offset == 0 ? login_fixed_part : m.offset;
                const bool blank =
                    std::all_of(r.bytes.begin() + static_cast<std::ptrdiff_t>(std::min(from, r.bytes.size())),
                                r.bytes.end(), [](std::uint8_t b) { return b == 0; });
                if (r.dir == direction::c2s && before_login && !blank)
                    out.problems.push_back(where +
                                           ": client bytes the decoder cannot read, sent before the login "
                                           "ended, are not blanked (they may hold a password)");
            }
        }
    }
    auto list = [](const std::set<std::string>& s) {
        std::string text;
        for (const auto& v : s) text += (text.empty() ? "" : ", ") + std::string("'") + escape(v) + "'";
        return text.empty() ? std::string("none") : text;
    };
    out.facts.push_back("sessions: " + std::to_string(c.sessions.size()) +
                        ", records: " + std::to_string(c.records.size()));
    out.facts.push_back("user names: " + list(users));
    out.facts.push_back("client host names: " + list(hosts));
    out.facts.push_back("client directories: " + list(directories));
    out.facts.push_back("server names: " + list(servers) + "; databases: " + list(databases));
    if (!c.server.empty()) out.facts.push_back("server address: " + c.server);
    out.facts.push_back("statements (PREPARE/COMMAND, SQL text in clear): " + std::to_string(statements));
    out.facts.push_back(std::string("row, bind and LOB values: ") +
                        (c.values == values_redacted ? "redacted (zeros, lengths kept)" : "kept"));
    if (unknown)
        out.facts.push_back("records with bytes the decoder cannot read: " + std::to_string(unknown));
    return out;
}

}  // namespace ifx::cap
