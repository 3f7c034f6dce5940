#include "cutter.hpp"

#include "redact.hpp"

namespace ifx::cap {
namespace {

// A direction that cannot be framed keeps its bytes until the other side speaks; a long monologue
// is still cut into records of at most this size.
constexpr std::size_t max_raw_record = 1 << 20;
// An announced length (a login packet's, a tuple's) is not waited for beyond this.
constexpr std::size_t max_pending = 64u << 20;

std::size_t index(direction d) {
    return d == direction::c2s ? 0 : 1;
}

}  // namespace

std::vector<record> record_cutter::received(direction d, std::span<const std::uint8_t> bytes,
                                            std::int64_t time_us) {
    std::vector<record> out;
    const direction other = d == direction::c2s ? direction::s2c : direction::c2s;
    if (raw_[index(other)]) flush(other, time_us, out);  // the other side's turn has ended
    auto& pending = pending_[index(d)];
    pending.insert(pending.end(), bytes.begin(), bytes.end());
    cut(d, time_us, out);
    return out;
}

std::vector<record> record_cutter::finish(std::int64_t time_us) {
    std::vector<record> out;
    for (const direction d : {direction::c2s, direction::s2c}) {
        cut(d, time_us, out);
        auto& pending = pending_[index(d)];
        if (pending.empty()) continue;
        // What is left is one more record: a group if it reads completely.
        out.push_back(emit(d, pending, time_us, cut_as::groups));
        pending.clear();
    }
    return out;
}

// Records every whole login packet or group at the start of the direction's pending bytes.
void record_cutter::cut(direction d, std::int64_t time_us, std::vector<record>& out) {
    auto& pending = pending_[index(d)];
    std::size_t used = 0;
    while (!raw_[index(d)] && used < pending.size()) {
        std::size_t size = 0;
        const auto rest = std::span(pending).subspan(used);
        const auto st = decoder_.frame(d, rest, size, resume_[index(d)]);
        if (st == wire::decode_status::need_more && rest.size() <= max_pending) break;
        if (st != wire::decode_status::ok) {
            raw_[index(d)] = true;  // from here on this direction is recorded as raw turns
            break;
        }
        out.push_back(emit(d, rest.first(size), time_us, cut_as::groups));
        used += size;
        resume_[index(d)] = 0;
    }
    pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(used));
    if (raw_[index(d)] && pending.size() >= max_raw_record) flush(d, time_us, out);
}

void record_cutter::flush(direction d, std::int64_t time_us, std::vector<record>& out) {
    auto& pending = pending_[index(d)];
    if (pending.empty()) return;
    out.push_back(emit(d, pending, time_us, cut_as::raw));
    pending.clear();
}

record record_cutter::emit(direction d, std::span<const std::uint8_t> bytes, std::int64_t time_us,
                           cut_as how) {
    // Until the login is over a client record the decoder cannot read may hold a password.
    const bool hide_unknown = d == direction::c2s && !decoder_.facts().login_done;
    const bool stream_start = d == direction::c2s && !client_spoke_;
    if (d == direction::c2s) client_spoke_ = true;
    const decoded_record decoded = decoder_.decode(d, bytes);
    record r;
    r.dir = d;
    r.session = session_;
    r.time_us = time_us;
    const bool login = !decoded.messages.empty() && (decoded.messages[0].name == "login-packet" ||
                                                     decoded.messages[0].name == "login-reply");
    r.kind = how == cut_as::raw || !decoded.complete ? record_kind::raw
             : login                                 ? record_kind::login
                                                     : record_kind::group;
    r.bytes = protect(bytes, decoded, redact_, hide_unknown, stream_start);
    r.note = decoded.summary();
    return r;
}

}  // namespace ifx::cap
