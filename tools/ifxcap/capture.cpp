#include "capture.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "wire/hex.hpp"

namespace ifx::cap {
namespace {

constexpr std::size_t hex_bytes_per_line = 32;
constexpr std::string_view format_version = "1";

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// Splits off the first space-separated word.
std::string_view next_word(std::string_view& s) {
    s = trim(s);
    const auto end = s.find(' ');
    const std::string_view word = s.substr(0, end);
    s = end == std::string_view::npos ? std::string_view() : trim(s.substr(end));
    return word;
}

template <class Int>
bool parse_int(std::string_view s, Int& out) {
    const auto* end = s.data() + s.size();
    const auto r = std::from_chars(s.data(), end, out);
    return r.ec == std::errc() && r.ptr == end && !s.empty();
}

// "S.UUUUUU" (six decimals exactly) as microseconds.
bool parse_time(std::string_view s, std::int64_t& us) {
    const auto dot = s.find('.');
    if (dot == std::string_view::npos || s.size() - dot - 1 != 6) return false;
    std::int64_t whole = 0, frac = 0;
    if (!parse_int(s.substr(0, dot), whole) || !parse_int(s.substr(dot + 1), frac)) return false;
    if (whole < 0 || frac < 0 || whole > 1'000'000'000'000) return false;
    us = whole * 1'000'000 + frac;
    return true;
}

bool parse_direction(std::string_view s, direction& d) {
    if (s == "c2s")
        d = direction::c2s;
    else if (s == "s2c")
        d = direction::s2c;
    else
        return false;
    return true;
}

bool parse_kind(std::string_view s, record_kind& k) {
    if (s == "login")
        k = record_kind::login;
    else if (s == "group")
        k = record_kind::group;
    else if (s == "raw")
        k = record_kind::raw;
    else
        return false;
    return true;
}

// Text of a header value written on one line: line breaks would end it.
std::string one_line(std::string_view s) {
    std::string out(s);
    std::replace(out.begin(), out.end(), '\n', ' ');
    std::replace(out.begin(), out.end(), '\r', ' ');
    return out;
}

class parser {
public:
    explicit parser(std::string_view text) : text_(text) {}

    capture run() {
        bool seen_version = false;
        while (next_line()) {
            if (line_.empty() || line_.front() == '#') {
                pending_check();
                continue;
            }
            if (line_.front() == ' ' || line_.front() == '\t') {
                hex_line();
                continue;
            }
            pending_check();
            std::string_view rest = line_;
            const std::string_view key = next_word(rest);
            if (!seen_version) {
                if (key != "ifxcap")
                    fail("the first line must be 'ifxcap " + std::string(format_version) + "'");
                if (rest != format_version)
                    fail("unsupported capture format version '" + std::string(rest) + "'");
                seen_version = true;
                continue;
            }
            if (in_script_ && key != "|") in_script_ = false;
            if (key == "|")
                script_line(rest);
            else if (key == "session")
                session_line(rest);
            else if (key == "end")
                end_line(rest);
            else if (key == "c2s" || key == "s2c")
                record_line(key, rest);
            else
                header_line(key, rest);
        }
        pending_check();
        if (!seen_version) fail("empty capture (no 'ifxcap 1' line)");
        return std::move(c_);
    }

private:
    [[noreturn]] void fail(const std::string& what) const { throw capture_error(number_, what); }

    bool next_line() {
        if (pos_ >= text_.size()) return false;
        auto end = text_.find('\n', pos_);
        if (end == std::string_view::npos) end = text_.size();
        line_ = text_.substr(pos_, end - pos_);
        if (!line_.empty() && line_.back() == '\r') line_.remove_suffix(1);
        pos_ = end + 1;
        ++number_;
        return true;
    }

    // A record line announces its length; its hex lines must add up to it before anything else.
    void pending_check() {
        if (hex_left_ > 0)
            fail("record of line " + std::to_string(record_line_) + " is missing " +
                 std::to_string(hex_left_) + " bytes of hex");
    }

    void hex_line() {
        if (hex_left_ == 0) fail("hex line outside a record");
        auto bytes = wire::from_hex(line_);
        if (!bytes) fail("not a line of hex bytes");
        if (bytes->size() > hex_left_) fail("more hex bytes than the record's length");
        auto& target = c_.records.back().bytes;
        target.insert(target.end(), bytes->begin(), bytes->end());
        hex_left_ -= bytes->size();
    }

    void header_line(std::string_view key, std::string_view rest) {
        if (!c_.sessions.empty()) fail("header line '" + std::string(key) + "' after the first session");
        if (key == "recorded")
            c_.recorded = rest;
        else if (key == "listen")
            c_.listen = rest;
        else if (key == "server")
            c_.server = rest;
        else if (key == "client")
            c_.client = rest;
        else if (key == "note")
            c_.notes.emplace_back(rest);
        else if (key == "secrets")
            c_.secrets = rest;
        else if (key == "values") {
            if (rest != values_kept && rest != values_redacted) fail("values must be 'kept' or 'redacted'");
            c_.values = rest;
        } else if (key == "mask")
            mask_line(rest);
        else if (key == "script") {
            if (!c_.script_name.empty() || !c_.script.empty()) fail("a second script");
            c_.script_name = rest == "-" ? std::string_view() : rest;
            in_script_ = true;
        } else
            fail("unknown line '" + std::string(key) + "'");
    }

    void mask_line(std::string_view rest) {
        mask_rule m;
        const auto dashes = rest.find(" -- ");
        if (dashes != std::string_view::npos) {
            m.reason = trim(rest.substr(dashes + 4));
            rest = trim(rest.substr(0, dashes));
        }
        if (!rest.empty() && rest.front() == '#') {
            std::string_view n = next_word(rest);
            std::size_t record = 0;
            if (!parse_int(n.substr(1), record) || record == 0)
                fail("mask: '#N' needs a record number from 1");
            m.record = record;
        }
        m.pattern = next_word(rest);
        if (m.pattern.empty() || !rest.empty()) fail("mask: expected '[#N] PATTERN [-- reason]'");
        c_.masks.push_back(std::move(m));
    }

    void script_line(std::string_view rest) {
        if (!in_script_) fail("'|' line outside a script");
        // "| text": the text starts after exactly one space (kept verbatim, indentation included).
        std::string_view raw = line_.substr(1);
        if (!raw.empty() && raw.front() == ' ') raw.remove_prefix(1);
        (void)rest;
        c_.script.append(raw);
        c_.script.push_back('\n');
    }

    void session_line(std::string_view rest) {
        session_info s;
        if (!parse_int(next_word(rest), s.id) || s.id <= 0) fail("session: expected a positive number");
        if (c_.find_session(s.id)) fail("session " + std::to_string(s.id) + " twice");
        s.started = next_word(rest);
        s.peer = next_word(rest);
        if (s.started.empty() || s.peer.empty() || !rest.empty())
            fail("session: expected 'session ID STARTED PEER'");
        if (s.peer == "-") s.peer.clear();
        c_.sessions.push_back(std::move(s));
    }

    void end_line(std::string_view rest) {
        int id = 0;
        if (!parse_int(next_word(rest), id)) fail("end: expected a session number");
        auto it = std::find_if(c_.sessions.begin(), c_.sessions.end(), [&](auto& s) { return s.id == id; });
        if (it == c_.sessions.end()) fail("end of unknown session " + std::to_string(id));
        if (it->ended_us) fail("session " + std::to_string(id) + " ended twice");
        std::int64_t us = 0;
        if (!parse_time(next_word(rest), us)) fail("end: expected a time (seconds with 6 decimals)");
        it->ended_us = us;
        it->end_reason = rest;
    }

    void record_line(std::string_view dir_word, std::string_view rest) {
        record r;
        (void)parse_direction(dir_word, r.dir);
        const auto hash = rest.find(" #");
        if (hash != std::string_view::npos) {
            r.note = trim(rest.substr(hash + 2));
            rest = rest.substr(0, hash);
        }
        std::size_t length = 0;
        if (!parse_int(next_word(rest), r.session)) fail("record: expected a session number");
        const session_info* s = c_.find_session(r.session);
        if (!s) fail("record of session " + std::to_string(r.session) + " before its 'session' line");
        if (s->ended_us) fail("record of session " + std::to_string(r.session) + " after its end");
        if (!parse_time(next_word(rest), r.time_us))
            fail("record: expected a time (seconds with 6 decimals)");
        if (!parse_kind(next_word(rest), r.kind)) fail("record: kind must be login, group or raw");
        if (!parse_int(next_word(rest), length) || !rest.empty())
            fail("record: expected 'DIR SESSION TIME KIND LENGTH [# note]'");
        if (length > 64u * 1024 * 1024) fail("record longer than 64 MiB");
        r.bytes.reserve(std::min<std::size_t>(length, 1 << 20));
        c_.records.push_back(std::move(r));
        hex_left_ = length;
        record_line_ = number_;
    }

    std::string_view text_;
    std::size_t pos_ = 0, number_ = 0;
    std::string_view line_;
    capture c_;
    std::size_t hex_left_ = 0, record_line_ = 0;
    bool in_script_ = false;
};

}  // namespace

std::string_view to_string(direction d) noexcept {
    return d == direction::c2s ? "c2s" : "s2c";
}

std::string_view to_string(record_kind k) noexcept {
    switch (k) {
        case record_kind::login:
            return "login";
        case record_kind::group:
            return "group";
        case record_kind::raw:
            return "raw";
    }
    return "?";
}

const session_info* capture::find_session(int id) const noexcept {
    for (const auto& s : sessions)
        if (s.id == id) return &s;
    return nullptr;
}

capture_error::capture_error(std::size_t line, const std::string& what)
    : std::runtime_error(line ? "line " + std::to_string(line) + ": " + what : what), line_(line) {}

capture parse_capture(std::string_view text) {
    return parser(text).run();
}

capture load_capture(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw capture_error(0, "cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    try {
        return parse_capture(text.str());
    } catch (const capture_error& e) {
        throw capture_error(e.line(), path + ": " + e.what());
    }
}

std::string format_time(std::int64_t us) {
    if (us < 0) us = 0;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%06lld", static_cast<long long>(us / 1'000'000),
                  static_cast<long long>(us % 1'000'000));
    return buf;
}

std::string format_header(const capture& c) {
    std::string out;
    out += "# An ifxcap capture: SQLI sessions recorded through a proxy. Format: docs/captures.md.\n";
    out += "ifxcap " + std::string(format_version) + "\n";
    auto line = [&](std::string_view key, const std::string& value) {
        if (!value.empty()) out += std::string(key) + " " + one_line(value) + "\n";
    };
    line("recorded", c.recorded);
    line("listen", c.listen);
    line("server", c.server);
    line("secrets", c.secrets);
    line("values", c.values);
    line("client", c.client);
    for (const auto& n : c.notes) line("note", n);
    for (const auto& m : c.masks) {
        out += "mask ";
        if (m.record) out += "#" + std::to_string(*m.record) + " ";
        out += m.pattern;
        if (!m.reason.empty()) out += " -- " + one_line(m.reason);
        out += "\n";
    }
    if (!c.script_name.empty() || !c.script.empty()) {
        out += "script " + one_line(c.script_name.empty() ? "-" : c.script_name) + "\n";
        std::string_view s = c.script;
        while (!s.empty()) {
            const auto nl = s.find('\n');
            const std::string_view l = s.substr(0, nl);
            out += l.empty() ? "|\n" : "| " + std::string(l) + "\n";
            s = nl == std::string_view::npos ? std::string_view() : s.substr(nl + 1);
        }
    }
    return out;
}

std::string format_session_begin(const session_info& s) {
    return "session " + std::to_string(s.id) + " " + s.started + " " + (s.peer.empty() ? "-" : s.peer) + "\n";
}

std::string format_record(const record& r) {
    std::string out = std::string(to_string(r.dir)) + " " + std::to_string(r.session) + " " +
                      format_time(r.time_us) + " " + std::string(to_string(r.kind)) + " " +
                      std::to_string(r.bytes.size());
    if (!r.note.empty()) out += " # " + one_line(r.note);
    out += "\n";
    for (std::size_t i = 0; i < r.bytes.size(); i += hex_bytes_per_line) {
        const auto n = std::min(hex_bytes_per_line, r.bytes.size() - i);
        out += "  " + wire::to_hex(std::span(r.bytes).subspan(i, n)) + "\n";
    }
    return out;
}

std::string format_session_end(const session_info& s) {
    if (!s.ended_us) return {};
    std::string out = "end " + std::to_string(s.id) + " " + format_time(*s.ended_us);
    if (!s.end_reason.empty()) out += " " + one_line(s.end_reason);
    return out + "\n";
}

std::string format_capture(const capture& c) {
    std::string out = format_header(c);
    std::vector<int> open;
    std::vector<std::size_t> last(c.sessions.size(), 0);
    for (std::size_t i = 0; i < c.records.size(); ++i)
        for (std::size_t s = 0; s < c.sessions.size(); ++s)
            if (c.sessions[s].id == c.records[i].session) last[s] = i + 1;
    auto begin_if_new = [&](int id) {
        if (std::find(open.begin(), open.end(), id) != open.end()) return;
        open.push_back(id);
        const auto* s = c.find_session(id);
        out += format_session_begin(s ? *s : session_info{id, "-", "", {}, {}});
    };
    // Sessions without records still appear, before the records.
    for (std::size_t s = 0; s < c.sessions.size(); ++s)
        if (last[s] == 0) {
            begin_if_new(c.sessions[s].id);
            out += format_session_end(c.sessions[s]);
        }
    for (std::size_t i = 0; i < c.records.size(); ++i) {
        begin_if_new(c.records[i].session);
        out += format_record(c.records[i]);
        for (std::size_t s = 0; s < c.sessions.size(); ++s)
            if (last[s] == i + 1) out += format_session_end(c.sessions[s]);
    }
    return out;
}

}  // namespace ifx::cap
