#pragma once
/// @file
/// `ifx::interval`: an Informix INTERVAL value (YEAR TO MONTH or DAY … FRACTION family).
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

#include "ifx/datetime.hpp"
#include "ifx/qualifier.hpp"

namespace ifx {

/// An INTERVAL: a sign, non-negative fields and the qualifier. Only the qualifier's fields are
/// meaningful; the leading field may use up to its declared precision (DAY(3): 0…999), the
/// others their natural range (months 0…11, hours 0…23, …).
class interval {
public:
    /// INTERVAL DAY(2) TO SECOND zero.
    interval() noexcept;
    /// From a sign and fields (fields outside the qualifier must be 0). Errors:
    /// errc::out_of_range (a field outside its range), errc::invalid_argument (a DATETIME
    /// qualifier).
    static interval from_fields(const qualifier& q, bool negative, const time_fields& f);
    static interval from_fields(const qualifier& q, bool negative, const time_fields& f,
                                std::error_code& ec) noexcept;
    /// A YEAR TO MONTH family interval from a month count. Errors: invalid_argument (q is of
    /// the other family), out_of_range (the leading field does not fit its precision).
    static interval from_months(std::chrono::months m,
                                const qualifier& q = qualifier::interval(time_unit::year, time_unit::month,
                                                                         9));
    static interval from_months(std::chrono::months m, const qualifier& q, std::error_code& ec) noexcept;
    /// A DAY … FRACTION family interval from a duration; parts below the qualifier's last field
    /// are truncated toward zero. Errors as from_months.
    static interval from_duration(std::chrono::microseconds d,
                                  const qualifier& q = qualifier::interval(time_unit::day,
                                                                           time_unit::fraction5, 9));
    static interval from_duration(std::chrono::microseconds d, const qualifier& q,
                                  std::error_code& ec) noexcept;
    /// Parses the Informix literal form for q ("-1 02:00:00", "12 03:04:05.5", "2-06") or an
    /// ISO-8601 duration ("P2Y6M", "-P1DT2H", "PT0.5S"). Errors: invalid_argument, out_of_range.
    static interval parse(std::string_view text, const qualifier& q);
    static interval parse(std::string_view text, const qualifier& q, std::error_code& ec) noexcept;

    const qualifier& qual() const noexcept { return q_; }
    bool is_negative() const noexcept { return negative_; }
    const time_fields& fields() const noexcept { return f_; }

    /// Total months (YEAR TO MONTH family; errc::type_mismatch otherwise).
    std::chrono::months to_months() const;
    std::error_code to_months(std::chrono::months& out) const noexcept;
    /// Total duration (DAY … FRACTION family; errc::type_mismatch otherwise; errc::out_of_range
    /// when it exceeds std::chrono::microseconds, possible only with DAY(6) and wider).
    std::chrono::microseconds to_duration() const;
    std::error_code to_duration(std::chrono::microseconds& out) const noexcept;

    /// Informix literal form: "-1 02:00:00", "2-06", "12 03:04:05.12345".
    std::string to_string() const;
    /// ISO-8601 duration: "-P1DT2H", "P2Y6M", "PT0S".
    std::string to_iso8601() const;

    friend bool operator==(const interval&, const interval&) noexcept = default;

private:
    qualifier q_;
    bool negative_ = false;
    time_fields f_{0, 0, 0, 0, 0, 0, 0};
};

}  // namespace ifx
