#include "conformance.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>

#include "compare.hpp"
#include "redact.hpp"
#include "session_decoder.hpp"
#include "wire/features.hpp"
#include "wire/hex.hpp"

namespace ifx::cap {
namespace {

std::vector<const record*> session_records(const capture& c, int session, std::vector<std::size_t>* numbers) {
    std::vector<const record*> out;
    for (std::size_t i = 0; i < c.records.size(); ++i)
        if (c.records[i].session == session) {
            out.push_back(&c.records[i]);
            if (numbers) numbers->push_back(i + 1);
        }
    return out;
}

std::optional<std::int16_t> statement_id_of(const decoded_record& d) {
    for (const auto& m : d.messages)
        if (m.name == "SQ_DESCRIBE")
            if (const field* f = m.find("statement_id"))
                return static_cast<std::int16_t>(std::stoi(f->value));
    return std::nullopt;
}

// The recorded request with its SQ_ID values replaced by the ids the server assigned.
std::vector<std::uint8_t> map_statement_ids(const std::vector<std::uint8_t>& bytes, const decoded_record& d,
                                            const std::map<std::int16_t, std::int16_t>& ids) {
    std::vector<std::uint8_t> out = bytes;
    for (const auto& m : d.messages) {
        if (m.name != "SQ_ID" || !m.known || m.offset + 4 > out.size()) continue;
        const auto id = static_cast<std::int16_t>((out[m.offset + 2] << 8) | out[m.offset + 3]);
        const auto it = ids.find(id);
        if (it == ids.end()) continue;
        out[m.offset + 2] = static_cast<std::uint8_t>(static_cast<std::uint16_t>(it->second) >> 8);
        out[m.offset + 3] = static_cast<std::uint8_t>(it->second & 0xff);
    }
    return out;
}

// Reads one reply group of the server: framed with the observed session's decoder; bytes that
// cannot be framed are taken as they come (until the server pauses).
std::optional<std::vector<std::uint8_t>> read_group(int fd, const session_decoder& dec,
                                                    std::vector<std::uint8_t>& inbox,
                                                    std::chrono::milliseconds timeout, std::string& why) {
    std::vector<std::uint8_t> chunk(64 * 1024);
    bool unframed = false;
    std::size_t resume = 0;
    for (;;) {
        if (!inbox.empty() && !unframed) {
            std::size_t size = 0;
            const auto st = dec.frame(direction::s2c, inbox, size, resume);
            if (st == wire::decode_status::ok) {
                std::vector<std::uint8_t> group(inbox.begin(),
                                                inbox.begin() + static_cast<std::ptrdiff_t>(size));
                inbox.erase(inbox.begin(), inbox.begin() + static_cast<std::ptrdiff_t>(size));
                return group;
            }
            unframed = st == wire::decode_status::malformed;
        }
        const auto wait = unframed ? std::chrono::milliseconds(200) : timeout;
        const long n = replay::recv_some(fd, chunk.data(), chunk.size(), wait);
        if (n > 0) {
            inbox.insert(inbox.end(), chunk.begin(), chunk.begin() + n);
            continue;
        }
        if (!inbox.empty() && (unframed || n == 0)) {
            std::vector<std::uint8_t> rest;
            rest.swap(inbox);
            return rest;
        }
        why = n == 0 ? "the server closed the connection"
                     : "no reply within " + std::to_string(timeout.count()) + " ms";
        return std::nullopt;
    }
}

// Client conformance: the recorded server side of one session, turn by turn; each request the
// client sends is compared field by field with the recorded one.
class capture_client_script final : public replay::script {
public:
    capture_client_script(const capture& c, int session) {
        std::vector<std::size_t> numbers;
        const auto records = session_records(c, session, &numbers);
        for (std::size_t i = 0; i < records.size(); ++i) {
            const record* r = records[i];
            const bool request = r->dir == direction::c2s;
            if (turns_.empty() || (request && !turns_.back().replies.empty())) turns_.emplace_back();
            auto& t = turns_.back();
            (request ? t.requests : t.replies).push_back({r, numbers[i]});
        }
    }

    std::size_t turns() const override { return turns_.size(); }

    replay::match check(std::size_t turn, std::span<const std::uint8_t> received) override {
        if (turn != turn_) {
            turn_ = turn;
            sizes_.clear();
            resume_ = 0;
        }
        const auto& requests = turns_[turn].requests;
        std::size_t pos = 0;
        for (const std::size_t s : sizes_) pos += s;
        while (sizes_.size() < requests.size()) {
            const auto [r, number] = requests[sizes_.size()];
            const auto rest = received.subspan(pos);
            std::size_t size = 0;
            if (r->kind == record_kind::raw) {
                if (rest.size() < r->bytes.size())
                    return {replay::match::outcome::need_more, r->bytes.size() - rest.size(), {}};
                size = r->bytes.size();
                if (!std::equal(r->bytes.begin(), r->bytes.end(), rest.begin()))
                    return mismatch(number, "the client's bytes differ from the recorded (unframed) record");
            } else {
                auto st = observed_.frame(direction::c2s, rest, size, resume_);
                // A bare SQ_EXIT waits for an SQ_EOT that may never come: the recorded bytes exactly
                // are the request.
                if (st == wire::decode_status::need_more && rest.size() == r->bytes.size() &&
                    std::equal(rest.begin(), rest.end(), r->bytes.begin())) {
                    st = wire::decode_status::ok;
                    size = rest.size();
                }
                if (st == wire::decode_status::need_more) return {replay::match::outcome::need_more, 0, {}};
                if (st != wire::decode_status::ok)
                    return mismatch(number,
                                    "the client sent bytes that cannot be read as requests: " +
                                        wire::to_hex(rest.first(std::min<std::size_t>(rest.size(), 32))));
            }
            const decoded_record expected = recorded_.decode(*r);
            const decoded_record got = observed_.decode(direction::c2s, rest.first(size));
            const auto diffs = compare_records(expected, got, masks_, number, "client");
            if (!diffs.empty()) {
                std::string all;
                for (const auto& d : diffs) all += (all.empty() ? "" : "; ") + d;
                return mismatch(number, all);
            }
            sizes_.push_back(size);
            pos += size;
            resume_ = 0;
        }
        return {replay::match::outcome::matched, pos, {}};
    }

    std::span<const std::uint8_t> reply(std::size_t turn) override {
        reply_.clear();
        for (const auto& [r, number] : turns_[turn].replies) {
            (void)recorded_.decode(*r);
            (void)observed_.decode(*r);
            reply_.insert(reply_.end(), r->bytes.begin(), r->bytes.end());
        }
        return reply_;
    }

private:
    static replay::match mismatch(std::size_t number, std::string text) {
        return {replay::match::outcome::mismatch, 0,
                "record " + std::to_string(number) + ": " + std::move(text)};
    }

    struct numbered {
        const record* r;
        std::size_t number;
    };
    struct turn_records {
        std::vector<numbered> requests, replies;
    };
    std::vector<turn_records> turns_;
    session_decoder recorded_, observed_;
    mask_set masks_ = client_masks();
    std::size_t turn_ = static_cast<std::size_t>(-1);
    std::vector<std::size_t> sizes_;  // requests of the current turn matched so far
    std::size_t resume_ = 0;          // how far the next request was framed
    std::vector<std::uint8_t> reply_;
};

}  // namespace

server_setup setup_for(const capture& c, int session) {
    session_decoder dec;
    bool xactstat = false;
    for (const record* r : session_records(c, session, nullptr)) {
        const auto d = dec.decode(*r);
        for (const auto& m : d.messages) xactstat = xactstat || m.name == "SQ_XACTSTAT";
    }
    const session_facts& f = dec.facts();
    server_setup s;
    s.user = f.user;
    s.password = f.password_given ? std::string(secret_mask) : std::string();
    s.server_name = f.server;
    s.database = f.database;
    if (f.dbopen_warnings)
        s.logging = (*f.dbopen_warnings & 0x02) ? "ansi" : (*f.dbopen_warnings & 0x01) ? "log" : "";
    s.locale = f.env("DB_LOCALE");
    s.pam = wire::has_feature(f.features, wire::feature::pam);
    s.pam_info = f.pam_info;
    s.legacy = !f.features.empty() && !wire::has_feature(f.features, wire::feature::long_sql);
    s.xactstat = xactstat;
    if (s.pam) s.password = std::string(secret_mask);  // the PAM answer was masked to it
    return s;
}

std::vector<std::string> ifxlite_args(const server_setup& s, bool with_account) {
    std::vector<std::string> a;
    if (with_account) a = {"--server-name", s.server_name, "--user", s.user, "--password", s.password};
    if (s.pam) {
        a.emplace_back("--pam");
        a.insert(a.end(), {"--pam-info", s.pam_info});
    }
    if (s.legacy) a.insert(a.end(), {"--profile", "legacy"});
    if (s.xactstat) a.emplace_back("--xactstat");
    return a;
}

std::vector<std::string> ifxlite_create_args(const server_setup& s) {
    if (s.database.empty()) return {};
    std::vector<std::string> a = {"--create-database", s.database};
    if (!s.logging.empty()) a.push_back("--" + s.logging);
    if (!s.locale.empty()) a.insert(a.end(), {"--locale", s.locale});
    return a;
}

session_result replay_to_server(const capture& c, int session, const replay::endpoint& server,
                                const replay_options& o) {
    session_result result;
    result.session = session;
    mask_set masks(c.masks);
    for (const auto& m : o.extra_masks) masks.add(m);
    const int fd = replay::connect_to(server);
    session_decoder recorded, observed;
    std::map<std::int16_t, std::int16_t> ids;  // recorded statement id → the server's
    std::vector<std::uint8_t> inbox;
    std::string last_request = "(nothing)";
    std::vector<std::size_t> numbers;
    const auto records = session_records(c, session, &numbers);
    for (std::size_t i = 0; i < records.size(); ++i) {
        const record& r = *records[i];
        const std::string where = "record " + std::to_string(numbers[i]);
        if (r.dir == direction::c2s) {
            const decoded_record d = recorded.decode(r);
            const auto bytes = map_statement_ids(r.bytes, d, ids);
            (void)observed.decode(direction::c2s, bytes);
            last_request = d.summary();
            if (!replay::send_all(fd, bytes)) {
                result.differences.push_back(where +
                                             " (c2s): the server closed the connection before it was sent");
                break;
            }
            continue;
        }
        const decoded_record expected = recorded.decode(r);
        std::string why;
        const auto group = read_group(fd, observed, inbox, o.reply_timeout, why);
        if (!group) {
            result.differences.push_back(where + " (reply to " + last_request + "): " + why);
            break;
        }
        const decoded_record got = observed.decode(direction::s2c, *group);
        ++result.replies_compared;
        for (const auto& d : compare_records(expected, got, masks, numbers[i], "server"))
            result.differences.push_back(where + " (reply to " + last_request + "): " + d);
        if (const auto a = statement_id_of(expected), b = statement_id_of(got); a && b) ids[*a] = *b;
    }
    if (!inbox.empty())
        result.differences.push_back("after the last record: the server sent " +
                                     std::to_string(inbox.size()) + " more bytes");
    replay::close_fd(fd);
    return result;
}

std::unique_ptr<replay::script> client_script(const capture& c, int session) {
    return std::make_unique<capture_client_script>(c, session);
}

std::vector<std::string> undecodable_records(const capture& c) {
    std::vector<std::string> out;
    const auto decoded = decode_capture(c);
    for (std::size_t i = 0; i < decoded.size(); ++i) {
        if (decoded[i].complete) continue;
        std::string what =
            "record " + std::to_string(i + 1) + " (" + std::string(to_string(c.records[i].dir)) + ")";
        for (const auto& m : decoded[i].messages)
            if (!m.known) {
                const field* b = m.find("bytes");
                what += ": at byte " + std::to_string(m.offset) + ", " + (b ? b->note : "unknown bytes");
            }
        out.push_back(std::move(what));
    }
    return out;
}

}  // namespace ifx::cap
