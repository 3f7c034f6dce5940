#include "decoded.hpp"

#include <cstdio>

namespace ifx::cap {

void message::add(std::string n, std::int64_t v, std::string note) {
    fields.push_back({std::move(n), std::to_string(v), field::kind::number, std::move(note)});
}

void message::add_text(std::string n, std::string_view v, std::string note) {
    fields.push_back({std::move(n), std::string(v), field::kind::text, std::move(note)});
}

void message::add_token(std::string n, std::string v, std::string note) {
    fields.push_back({std::move(n), std::move(v), field::kind::token, std::move(note)});
}

const field* message::find(std::string_view n) const noexcept {
    for (const auto& f : fields)
        if (f.name == n) return &f;
    return nullptr;
}

std::string escape(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (const char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\\' || c == '\'') {
            out.push_back('\\');
            out.push_back(ch);
        } else if (c >= 0x20 && c < 0x7f) {
            out.push_back(ch);
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        }
    }
    return out;
}

std::string decoded_record::summary() const {
    constexpr std::size_t max_sql = 60;
    std::string out;
    for (const auto& m : messages) {
        if (!out.empty()) out += ' ';
        out += m.name;
        if (const field* sql = m.find("sql")) {
            std::string text = escape(sql->value);
            if (text.size() > max_sql) text = text.substr(0, max_sql) + "...";
            out += " '" + text + "'";
        }
    }
    return out;
}

}  // namespace ifx::cap
