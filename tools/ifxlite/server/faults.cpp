#include "server/faults.hpp"

#include "engine/cursor_census.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>
#include <vector>

namespace ifx::lite {
namespace {

std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
        const std::size_t start = i;
        while (i < s.size() && !(s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
        if (i > start) out.push_back(s.substr(start, i - start));
    }
    return out;
}

bool number(std::string_view s, std::int64_t& out) {
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && p == s.data() + s.size();
}

}  // namespace

void fault_settings::reset() {
    close_after_replies = -1;
    close_after_bytes = -1;
    stall_after_replies = -1;
    truncate_reply = -1;
    corrupt_reply = -1;
    delay_ms = 0;
    reject_logins = 0;
    reject_code = -951;
}

std::string fault_settings::status() const {
    std::ostringstream s;
    s << "ok close-after-replies " << close_after_replies << " close-after-bytes " << close_after_bytes
      << " stall-after-replies " << stall_after_replies << " truncate-reply " << truncate_reply
      << " corrupt-reply " << corrupt_reply << " delay-ms " << delay_ms << " reject-logins " << reject_logins
      << " reject-code " << reject_code;
    return s.str();
}

std::string fault_settings::apply(std::string_view command) {
    const auto w = words(command);
    if (w.empty()) return "error empty command";
    const std::string_view name = w[0];
    std::int64_t value = 0;
    const bool has_value = w.size() >= 2 && number(w[1], value);
    if (name == "reset" && w.size() == 1) {
        reset();
        return "ok";
    }
    if (name == "status" && w.size() == 1) return status();
    if (name == "open-cursors" && has_value && w.size() == 2)
        return "ok " + std::to_string(open_cursors_of(value));
    if (name == "kill-all" && w.size() == 1) {
        ++kill_generation;
        return "ok";
    }
    if (name == "reject-logins" && has_value && value >= 0 && (w.size() == 2 || w.size() == 3)) {
        std::int64_t code = -951;
        if (w.size() == 3 && (!number(w[2], code) || code >= 0 || code < -32768)) return "error bad code";
        reject_code = static_cast<std::int32_t>(code);
        reject_logins = static_cast<std::int32_t>(std::min<std::int64_t>(value, 1 << 30));
        return "ok";
    }
    if (!has_value || w.size() != 2) return "error unknown command or bad argument: " + std::string(command);
    if (name == "delay-ms" && value >= 0 && value <= 3600000) {
        delay_ms = static_cast<std::int32_t>(value);
        return "ok";
    }
    std::atomic<std::int64_t>* target = nullptr;
    if (name == "close-after-replies") target = &close_after_replies;
    if (name == "close-after-bytes") target = &close_after_bytes;
    if (name == "stall-after-replies") target = &stall_after_replies;
    if (name == "truncate-reply") target = &truncate_reply;
    if (name == "corrupt-reply") target = &corrupt_reply;
    if (!target || value < -1) return "error unknown command or bad argument: " + std::string(command);
    *target = value;
    return "ok";
}

reply_plan plan_reply(const fault_settings& f, std::int64_t index, std::size_t size,
                      std::int64_t sent_before) {
    reply_plan p;
    p.bytes = size;
    const std::int64_t stall = f.stall_after_replies;
    if (stall >= 0 && index > stall) {
        p.what = reply_plan::action::stall;
        p.bytes = 0;
        return p;
    }
    if (f.truncate_reply == index) {
        p.what = reply_plan::action::truncate_and_close;
        p.bytes = size / 2;
        return p;
    }
    const std::int64_t limit = f.close_after_bytes;
    if (limit >= 0 && sent_before + static_cast<std::int64_t>(size) >= limit) {
        p.what = reply_plan::action::truncate_and_close;
        p.bytes = static_cast<std::size_t>(std::max<std::int64_t>(0, limit - sent_before));
        return p;
    }
    p.corrupt = f.corrupt_reply == index;
    const std::int64_t close_after = f.close_after_replies;
    if (close_after >= 0 && index >= close_after) p.what = reply_plan::action::close_after;
    return p;
}

}  // namespace ifx::lite
