// ifx::qualifier: DATETIME/INTERVAL qualifiers and their 16-bit word (PROTOCOL.md §9.7).
#include "ifx/qualifier.hpp"

#include "ifx/error.hpp"
#include "types/throw.hpp"

namespace ifx {
namespace {

constexpr unsigned u(time_unit t) {
    return static_cast<unsigned>(t);
}

bool valid_end(unsigned e) {
    return e <= 15 && (e % 2 == 0 || e > 10) && e != 1;
}
bool valid_start(unsigned s) {
    return s <= 10 ? s % 2 == 0 : s == 12;
}

const char* unit_name(unsigned code) {
    static const char* const names[] = {"YEAR", "?", "MONTH",  "?", "DAY",   "?",
                                        "HOUR", "?", "MINUTE", "?", "SECOND"};
    return code <= 10 ? names[code] : "FRACTION";
}

qualifier checked(qualifier q, std::error_code ec, const char* what) {
    if (ec) types::throw_error(ec, what);
    return q;
}

}  // namespace

qualifier qualifier::datetime(time_unit start, time_unit end, std::error_code& ec) noexcept {
    ec.clear();
    if (!valid_start(u(start)) || !valid_end(u(end)) || u(start) > u(end)) {
        ec = errc::invalid_argument;
        return {};
    }
    return qualifier(start, end, start == time_unit::year ? 4 : 2, false);
}

qualifier qualifier::datetime(time_unit start, time_unit end) {
    std::error_code ec;
    return checked(datetime(start, end, ec), ec, "DATETIME qualifier");
}

qualifier qualifier::interval(time_unit start, time_unit end, int leading_precision,
                              std::error_code& ec) noexcept {
    ec.clear();
    const bool year_month = u(start) <= u(time_unit::month);
    if (!valid_start(u(start)) || u(start) > 10 || !valid_end(u(end)) || u(start) > u(end) ||
        (year_month && u(end) > u(time_unit::month)) || leading_precision < 1 || leading_precision > 9) {
        ec = errc::invalid_argument;
        return {};
    }
    return qualifier(start, end, static_cast<std::uint8_t>(leading_precision), true);
}

qualifier qualifier::interval(time_unit start, time_unit end, int leading_precision) {
    std::error_code ec;
    return checked(interval(start, end, leading_precision, ec), ec, "INTERVAL qualifier");
}

std::error_code qualifier::from_word(std::uint16_t word, bool is_interval, qualifier& out) noexcept {
    const unsigned digits = word >> 8, start = (word >> 4) & 0xf, end = word & 0xf;
    if (!valid_start(start) || !valid_end(end) || start > end) return errc::invalid_argument;
    std::error_code ec;
    qualifier q;
    if (is_interval) {
        const int lead = static_cast<int>(digits) - static_cast<int>(end - start);
        q = interval(static_cast<time_unit>(start), static_cast<time_unit>(end), lead, ec);
    } else {
        q = datetime(static_cast<time_unit>(start), static_cast<time_unit>(end), ec);
        if (!ec && static_cast<unsigned>(q.digits()) != digits) ec = errc::invalid_argument;
    }
    if (!ec) out = q;
    return ec;
}

bool qualifier::contains(time_unit unit) const noexcept {
    const unsigned x = u(unit) > 10 ? 11 : u(unit);
    const unsigned s = u(start_) > 10 ? 11 : u(start_);
    return x >= s && x <= u(end_);
}

std::uint16_t qualifier::word() const noexcept {
    return static_cast<std::uint16_t>((static_cast<unsigned>(digits()) << 8) | (u(start_) << 4) | u(end_));
}

std::string qualifier::to_string() const {
    std::string out = unit_name(u(start_));
    const int default_precision = start_ == time_unit::year ? 4 : 2;
    if (interval_ && leading_ != default_precision) out += "(" + std::to_string(leading_) + ")";
    out += " TO ";
    out += unit_name(u(end_));
    if (u(end_) > 10) out += "(" + std::to_string(u(end_) - 10) + ")";
    return out;
}

}  // namespace ifx
