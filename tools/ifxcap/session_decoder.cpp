#include "session_decoder.hpp"

#include <cstdlib>

#include "request.hpp"
#include "wire/hex.hpp"
#include "wire/tags.hpp"

namespace ifx::cap {
namespace {

bool ends_group(const message& m) {
    return m.name == "SQ_EOT" || m.name == "SQ_EXIT";
}

// Groups of the PAM conversation (§7.15) answer or cause no ordinary request/reply pairing.
// The message at i ends its group: SQ_EOT, or an SQ_EXIT that no SQ_EOT follows.
bool group_ends_at(const std::vector<message>& ms, std::size_t i) {
    if (ms[i].name == "SQ_EOT") return true;
    return ms[i].name == "SQ_EXIT" && (i + 1 == ms.size() || ms[i + 1].name != "SQ_EOT");
}

bool is_pam_request(const message& first) {
    return first.name == "SQ_ACK" || first.name == "SQ_RESPONSE";
}

bool is_pam_reply(const message& first) {
    return first.name == "SQ_CHALLENGE" || first.name == "SQ_ACCEPT";
}

std::vector<std::uint8_t> bytes_of(const field* f) {
    if (!f) return {};
    auto b = wire::from_hex(f->value);
    return b ? std::move(*b) : std::vector<std::uint8_t>{};
}

}  // namespace

std::string session_facts::env(std::string_view name) const {
    for (const auto& [k, v] : environment)
        if (k == name) return v;
    return {};
}

const std::vector<column_info>* session_decoder::columns(std::int16_t statement) const {
    const auto it = statements_.find(statement);
    return it == statements_.end() || it->second.empty() ? nullptr : &it->second;
}

wire::decode_status session_decoder::walk(direction d, std::span<const std::uint8_t> bytes, std::size_t start,
                                          walk_to until, decoded_record& out, std::size_t& consumed,
                                          std::vector<reply_effects>* effects) const {
    const bool whole = until == walk_to::end;
    std::size_t pos = start;
    std::size_t reply_group = 0;  // index of the request this reply group answers, in pending_
    std::size_t group_start = out.messages.size();
    bool login = d == direction::c2s ? !c2s_login_ : !s2c_login_;
    proto::session_features f = features_;  // an SQ_PROTOCOLS reply inside the bytes changes it
    consumed = pos;
    while (pos < bytes.size()) {
        const auto rest = bytes.subspan(pos);
        std::size_t n = 0;
        wire::decode_status st;
        if (login) {
            st = d == direction::c2s ? decode_login_packet(rest, pos, out, n)
                                     : decode_login_reply(rest, pos, out, n);
            if (st == wire::decode_status::ok) {
                login = false;
                pos += n;
                consumed = pos;
                group_start = out.messages.size();
                if (!whole) return st;
                continue;
            }
        } else if (d == direction::c2s) {
            st = decode_request(rest, features_, pos, out, n);
        } else {
            const std::vector<column_info>* cols = nullptr;
            if (reply_group < pending_.size() && pending_[reply_group].statement)
                cols = columns(*pending_[reply_group].statement);
            reply_effects e;
            st = decode_reply(rest, f, cols, pos, out, e, n);
            if (st == wire::decode_status::ok) {
                if (e.features) f = proto::session_features::from_reply(*e.features);
                if (effects) effects->push_back(std::move(e));
            }
        }
        if (st != wire::decode_status::ok) return st;
        pos += n;
        consumed = pos;
        if (!ends_group(out.messages.back())) continue;
        if (out.messages.back().name == "SQ_EXIT") {
            // SQ_EXIT ends a group with or without an SQ_EOT after it (§7.14).
            if (pos + 2 <= bytes.size() && bytes[pos] == 0 && bytes[pos + 1] == 12) {
                message eot;
                eot.name = "SQ_EOT";
                eot.offset = pos;
                eot.length = 2;
                out.messages.push_back(std::move(eot));
                pos += 2;
                consumed = pos;
            } else if (pos == bytes.size() && !whole) {
                return wire::decode_status::need_more;  // the SQ_EOT, or the end of the stream
            }
        }
        if (d == direction::s2c && group_start < out.messages.size() &&
            !is_pam_reply(out.messages[group_start]))
            ++reply_group;
        group_start = out.messages.size();
        if (!whole) return wire::decode_status::ok;
    }
    return whole ? wire::decode_status::ok : wire::decode_status::need_more;
}

wire::decode_status session_decoder::frame(direction d, std::span<const std::uint8_t> pending,
                                           std::size_t& size) const {
    std::size_t resume = 0;
    return frame(d, pending, size, resume);
}

wire::decode_status session_decoder::frame(direction d, std::span<const std::uint8_t> pending,
                                           std::size_t& size, std::size_t& resume) const {
    const bool login = d == direction::c2s ? !c2s_login_ : !s2c_login_;
    if (login || resume > pending.size()) resume = 0;  // the login is one unit: always from its start
    decoded_record scratch;
    std::size_t consumed = 0;
    const auto st = walk(d, pending, resume, walk_to::first_group, scratch, consumed, nullptr);
    if (st == wire::decode_status::ok) {
        size = consumed;
        resume = 0;
    } else if (st == wire::decode_status::need_more && !login) {
        // An SQ_EXIT waits for the SQ_EOT that may follow it: walk it again next time.
        resume = !scratch.messages.empty() && scratch.messages.back().name == "SQ_EXIT"
                     ? scratch.messages.back().offset
                     : consumed;
    }
    return st;
}

decoded_record session_decoder::decode(direction d, std::span<const std::uint8_t> bytes) {
    decoded_record out;
    std::vector<reply_effects> effects;
    std::size_t consumed = 0;
    const auto st = walk(d, bytes, 0, walk_to::end, out, consumed, &effects);
    if (consumed < bytes.size()) {
        message u;
        u.name = "unknown";
        u.known = false;
        u.offset = consumed;
        u.length = bytes.size() - consumed;
        u.add_token("bytes", wire::to_hex(bytes.subspan(consumed)),
                    st == wire::decode_status::need_more ? "an incomplete message"
                                                         : "not a message the decoder knows");
        out.messages.push_back(std::move(u));
        out.complete = false;
    }
    if (d == direction::c2s)
        apply_request(out);
    else
        apply_reply(out, effects);
    return out;
}

void session_decoder::apply_request(const decoded_record& rec) {
    request_context ctx;
    std::optional<std::int16_t> last_id;
    const message* first = nullptr;
    auto number = [](const message& m, std::string_view name) -> std::int64_t {
        const field* fl = m.find(name);
        return fl ? std::strtoll(fl->value.c_str(), nullptr, 10) : 0;
    };
    for (std::size_t i = 0; i < rec.messages.size(); ++i) {
        const message& m = rec.messages[i];
        if (m.name == "login-packet") {
            c2s_login_ = true;
            if (const field* fl = m.find("user")) facts_.user = fl->value;
            if (const field* fl = m.find("server")) facts_.server = fl->value;
            if (const field* fl = m.find("password")) facts_.password_given = !fl->value.empty();
            for (const auto& fl : m.fields)
                if (fl.name.rfind("env.", 0) == 0)
                    facts_.environment.emplace_back(fl.name.substr(4), fl.value);
            continue;
        }
        if (!m.known) break;
        if (!first) first = &m;
        if (m.name == "SQ_ID") {
            last_id = static_cast<std::int16_t>(number(m, "id"));
        } else if (m.name == "SQ_OPEN" || m.name == "SQ_NFETCH" || m.name == "SQ_SFETCH") {
            ctx.statement = last_id;
        } else if (m.name == "SQ_DBOPEN") {
            ctx.dbopen = true;
            if (facts_.database.empty())
                if (const field* fl = m.find("database")) facts_.database = fl->value;
        } else if (m.name == "SQ_PROTOCOLS") {
            facts_.offer = bytes_of(m.find("features"));
        }
        if (m.name == "SQ_INFO" || m.name == "SQ_DBOPEN") facts_.login_done = true;
        if (group_ends_at(rec.messages, i)) {
            if (!is_pam_request(*first)) pending_.push_back(ctx);
            ctx = {};
            last_id.reset();
            first = nullptr;
        }
    }
    if (first && !is_pam_request(*first)) pending_.push_back(ctx);  // a group the record cut short
}

void session_decoder::apply_reply(const decoded_record& rec, std::vector<reply_effects>& effects) {
    for (auto& e : effects) {
        if (e.features) {
            facts_.features = *e.features;
            features_ = proto::session_features::from_reply(*e.features);
        }
        if (e.describe) {
            auto& cols = statements_[e.describe->statement_id];
            cols = std::move(e.describe->columns);
        }
    }
    const message* first = nullptr;
    std::optional<std::int16_t> done_warnings;
    auto end_group = [&] {
        if (first && !is_pam_reply(*first) && !pending_.empty()) {
            if (pending_.front().dbopen && !facts_.dbopen_warnings) facts_.dbopen_warnings = done_warnings;
            pending_.pop_front();
        }
        first = nullptr;
        done_warnings.reset();
    };
    for (std::size_t i = 0; i < rec.messages.size(); ++i) {
        const message& m = rec.messages[i];
        if (m.name == "login-reply") {
            s2c_login_ = true;
            continue;
        }
        if (!m.known) break;
        if (!first) first = &m;
        if (m.name == "SQ_CHALLENGE" && facts_.pam_info.empty()) {
            const field* style = m.find("style");
            const field* prompt = m.find("prompt");
            if (style && prompt && style->value == "4") facts_.pam_info = prompt->value;
        }
        if (m.name == "SQ_DONE" && !done_warnings)
            if (const field* w = m.find("warnings"))
                done_warnings = static_cast<std::int16_t>(std::stoi(w->value, nullptr, 16));
        if (group_ends_at(rec.messages, i)) end_group();
    }
    if (first) end_group();
}

std::vector<decoded_record> decode_capture(const capture& c) {
    std::map<int, session_decoder> sessions;
    std::vector<decoded_record> out;
    out.reserve(c.records.size());
    for (const auto& r : c.records) out.push_back(sessions[r.session].decode(r));
    return out;
}

}  // namespace ifx::cap
