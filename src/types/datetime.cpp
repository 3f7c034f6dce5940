// ifx::datetime: DATETIME value type.
#include "ifx/datetime.hpp"

#include "ifx/error.hpp"
#include "types/calendar.hpp"
#include "types/throw.hpp"
#include "types/time_fields.hpp"

namespace ifx {
namespace {

datetime or_throw(const datetime& d, std::error_code ec, std::string_view what) {
    if (ec) types::throw_error(ec, what);
    return d;
}

constexpr std::int64_t us_per_second = 1'000'000;

}  // namespace

datetime datetime::from_fields(const qualifier& q, const time_fields& f, std::error_code& ec) noexcept {
    ec.clear();
    if (q.is_interval()) {
        ec = errc::invalid_argument;
        return {};
    }
    datetime d;
    d.q_ = q;
    d.f_ = f;
    types::normalise_fields(q, d.f_);
    if ((ec = types::check_datetime_fields(q, d.f_))) return {};
    return d;
}

datetime datetime::from_fields(const qualifier& q, const time_fields& f) {
    std::error_code ec;
    datetime d = from_fields(q, f, ec);
    return or_throw(d, ec, "DATETIME " + q.to_string());
}

datetime datetime::from_time_point(time_point tp, const qualifier& q, std::error_code& ec) noexcept {
    const auto day = std::chrono::floor<std::chrono::days>(tp);
    const auto civil = types::civil_from_days(day.time_since_epoch().count());
    std::int64_t us = (tp - day).count();
    time_fields f;
    f.year = civil.year;
    f.month = civil.month;
    f.day = civil.day;
    f.hour = us / (3600 * us_per_second);
    us %= 3600 * us_per_second;
    f.minute = us / (60 * us_per_second);
    us %= 60 * us_per_second;
    f.second = us / us_per_second;
    const int fd = q.fraction_digits();
    std::int32_t step = 1;
    for (int i = fd; i < 5; ++i) step *= 10;
    f.fraction = static_cast<std::int32_t>((us % us_per_second) / 10 / step * step);
    return from_fields(q, f, ec);
}

datetime datetime::from_time_point(time_point tp, const qualifier& q) {
    std::error_code ec;
    datetime d = from_time_point(tp, q, ec);
    return or_throw(d, ec, "DATETIME from std::chrono");
}

datetime datetime::parse(std::string_view text, const qualifier& q, std::error_code& ec) noexcept {
    ec.clear();
    if (q.is_interval()) {
        ec = errc::invalid_argument;
        return {};
    }
    time_fields f;
    if ((ec = types::text_to_fields(text, q, f))) return {};
    return from_fields(q, f, ec);
}

datetime datetime::parse(std::string_view text, const qualifier& q) {
    std::error_code ec;
    datetime d = parse(text, q, ec);
    return or_throw(d, ec, "DATETIME " + q.to_string() + " \"" + std::string(text.substr(0, 40)) + "\"");
}

std::error_code datetime::to_time_point(time_point& out) const noexcept {
    if (q_.start() != time_unit::year || !q_.contains(time_unit::day)) return errc::type_mismatch;
    const auto days =
        types::days_from_civil(f_.year, static_cast<unsigned>(f_.month), static_cast<unsigned>(f_.day));
    out = time_point{std::chrono::days{days}} + time_of_day();
    return {};
}

datetime::time_point datetime::to_time_point() const {
    time_point tp;
    if (auto ec = to_time_point(tp))
        types::throw_error(ec, "DATETIME " + q_.to_string() + " as a time point");
    return tp;
}

std::chrono::microseconds datetime::time_of_day() const noexcept {
    using namespace std::chrono;
    return hours{f_.hour} + minutes{f_.minute} + seconds{f_.second} +
           microseconds{std::int64_t{f_.fraction} * 10};
}

std::string datetime::to_string() const {
    return types::fields_to_text(q_, f_, ' ');
}

std::string datetime::to_iso8601() const {
    return types::fields_to_text(q_, f_, 'T');
}

}  // namespace ifx
