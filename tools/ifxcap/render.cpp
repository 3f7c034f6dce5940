#include "render.hpp"

#include <cstdio>

#include "compare.hpp"
#include "session_decoder.hpp"
#include "wire/hex.hpp"

namespace ifx::cap {
namespace {

constexpr std::size_t line_width = 110;

// Length of the valid UTF-8 sequence starting at s[i], or 0.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return 0;
    return n;
}

std::string field_text(const field& f) {
    std::string out = f.name + "=" + shown(f);
    if (!f.note.empty()) out += " (" + f.note + ")";
    return out;
}

void hex_lines(std::string& out, std::span<const std::uint8_t> bytes, const char* indent) {
    for (std::size_t i = 0; i < bytes.size(); i += 32)
        out += indent + wire::to_hex(bytes.subspan(i, std::min<std::size_t>(32, bytes.size() - i))) + "\n";
}

void message_text(std::string& out, const message& m, std::span<const std::uint8_t> record, bool hex) {
    std::string line = "  " + m.name;
    bool fits = true;
    for (const auto& f : m.fields) {
        line += "  " + field_text(f);
        if (line.size() > line_width) fits = false;
    }
    if (fits) {
        out += line + "\n";
    } else {
        out += "  " + m.name + "\n";
        for (const auto& f : m.fields) out += "      " + field_text(f) + "\n";
    }
    if (hex && m.offset <= record.size())
        hex_lines(out, record.subspan(m.offset, std::min(m.length, record.size() - m.offset)), "      | ");
}

std::string json_field_value(const field& f) {
    if (f.type == field::kind::number) return f.value;
    return json_string(f.value);
}

}  // namespace

std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = utf8_sequence(s, i);
        if (n > 1) {
            out.append(s.substr(i, n));
            i += n;
            continue;
        }
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        }
        ++i;
    }
    return out + "\"";
}

std::string render_text(const capture& c, const render_options& o) {
    const auto decoded = decode_capture(c);
    std::string out = "capture: " + std::to_string(c.sessions.size()) + " session(s), " +
                      std::to_string(c.records.size()) + " records; secrets " + c.secrets + "; values " +
                      c.values;
    if (!c.client.empty()) out += "; client " + c.client;
    out += "\n";
    if (!c.server.empty()) out += "server: " + c.server + "\n";
    for (const auto& n : c.notes) out += "note: " + n + "\n";
    int last_session = 0;
    for (std::size_t i = 0; i < c.records.size(); ++i) {
        const record& r = c.records[i];
        if (r.session != last_session) {
            last_session = r.session;
            const session_info* s = c.find_session(r.session);
            out += "\nsession " + std::to_string(r.session);
            if (s) out += " (" + s->started + (s->peer.empty() ? "" : ", from " + s->peer) + ")";
            out += "\n";
        }
        out += "#" + std::to_string(i + 1) + " " + std::string(to_string(r.dir)) + " " +
               format_time(r.time_us) + " " + std::string(to_string(r.kind)) + " (" +
               std::to_string(r.bytes.size()) + " bytes)";
        if (!decoded[i].complete) out += " — not fully decoded";
        out += "\n";
        for (const auto& m : decoded[i].messages) message_text(out, m, r.bytes, o.hex);
    }
    for (const auto& s : c.sessions)
        if (s.ended_us)
            out += "session " + std::to_string(s.id) + " ended at " + format_time(*s.ended_us) +
                   (s.end_reason.empty() ? "" : ": " + s.end_reason) + "\n";
    return out;
}

std::string render_json(const capture& c, const render_options& o) {
    const auto decoded = decode_capture(c);
    std::string out = "{\"capture\": {";
    out += "\"recorded\": " + json_string(c.recorded) + ", \"listen\": " + json_string(c.listen) +
           ", \"server\": " + json_string(c.server) + ", \"secrets\": " + json_string(c.secrets) +
           ", \"values\": " + json_string(c.values) + ", \"client\": " + json_string(c.client) +
           ", \"notes\": [";
    for (std::size_t i = 0; i < c.notes.size(); ++i) out += (i ? ", " : "") + json_string(c.notes[i]);
    out += "], \"masks\": [";
    for (std::size_t i = 0; i < c.masks.size(); ++i) {
        const auto& m = c.masks[i];
        out += std::string(i ? ", " : "") +
               "{\"record\": " + (m.record ? std::to_string(*m.record) : "null") +
               ", \"pattern\": " + json_string(m.pattern) + ", \"reason\": " + json_string(m.reason) + "}";
    }
    out += "], \"sessions\": [";
    for (std::size_t i = 0; i < c.sessions.size(); ++i) {
        const auto& s = c.sessions[i];
        out += std::string(i ? ", " : "") + "{\"id\": " + std::to_string(s.id) +
               ", \"started\": " + json_string(s.started) + ", \"peer\": " + json_string(s.peer) +
               ", \"ended\": " + (s.ended_us ? format_time(*s.ended_us) : "null") +
               ", \"end_reason\": " + json_string(s.end_reason) + "}";
    }
    out += "]},\n\"records\": [";
    for (std::size_t i = 0; i < c.records.size(); ++i) {
        const record& r = c.records[i];
        out += std::string(i ? ",\n" : "\n") + "{\"number\": " + std::to_string(i + 1) + ", \"dir\": \"" +
               std::string(to_string(r.dir)) + "\", \"session\": " + std::to_string(r.session) +
               ", \"time\": " + format_time(r.time_us) + ", \"kind\": \"" + std::string(to_string(r.kind)) +
               "\", \"length\": " + std::to_string(r.bytes.size()) +
               ", \"complete\": " + (decoded[i].complete ? "true" : "false") + ", \"messages\": [";
        const auto& ms = decoded[i].messages;
        for (std::size_t k = 0; k < ms.size(); ++k) {
            const message& m = ms[k];
            out += std::string(k ? ", " : "") + "{\"name\": " + json_string(m.name) +
                   ", \"offset\": " + std::to_string(m.offset) + ", \"length\": " + std::to_string(m.length) +
                   ", \"known\": " + (m.known ? "true" : "false") + ", \"fields\": [";
            for (std::size_t f = 0; f < m.fields.size(); ++f) {
                const field& fl = m.fields[f];
                out += std::string(f ? ", " : "") + "{\"name\": " + json_string(fl.name) +
                       ", \"value\": " + json_field_value(fl);
                if (!fl.note.empty()) out += ", \"note\": " + json_string(fl.note);
                out += "}";
            }
            out += "]";
            if (o.hex && m.offset <= r.bytes.size())
                out += ", \"hex\": \"" +
                       wire::to_hex(std::span(r.bytes).subspan(
                           m.offset, std::min(m.length, r.bytes.size() - m.offset))) +
                       "\"";
            out += "}";
        }
        out += "]}";
    }
    out += "\n]}\n";
    return out;
}

}  // namespace ifx::cap
