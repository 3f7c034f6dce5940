#pragma once
// DATE, DATETIME and INTERVAL values in tuples and binds (PROTOCOL.md §9.6, §9.7).
// DATE: i32 day number, day 0 = 1899-12-31, NULL = INT32_MIN (A).
// DATETIME/INTERVAL: the fields' digits (leading field at its full width) as one packed
// base-100 number with the fraction after the decimal point (A for qualifiers ending at SECOND
// or FRACTION, whose vectors were seen live; C for those ending earlier: see time_point_digits);
// negative INTERVALs use the decimal sign (C); NULL = first two bytes 0 (B).
#include <cstddef>
#include <cstdint>
#include <span>

#include "ifx/date.hpp"
#include "ifx/datetime.hpp"
#include "ifx/interval.hpp"
#include "types/status.hpp"

namespace ifx::types {

codec_status decode_date(std::span<const std::uint8_t> v, date& out) noexcept;
bool encode_date(date d, std::span<std::uint8_t> out) noexcept;

/// Digits before the decimal point of a packed DATETIME/INTERVAL value: all whole fields
/// (PROTOCOL.md §9.7). Grade C for qualifiers ending before SECOND (no vector exists): if a
/// capture shows the point fixed after the SECOND position instead, change this function and the
/// codec in time_codec.cpp, which reads the packed number's integer part as the whole fields
/// (decode_fields / encode_fields): a point after more digits means dividing / multiplying that
/// integer by the power of ten of the difference.
int time_point_digits(const qualifier& q) noexcept;

/// Bytes of a value with qualifier q in a tuple: DECLEN(digits, fraction digits).
std::size_t time_width(const qualifier& q) noexcept;

/// malformed: not packed, digits outside the qualifier, a negative DATETIME, or impossible
/// field values (month 13, …).
/// DATETIMEs starting at YEAR take a fast path (one byte per field) when the value has exactly
/// the normal shape; every other input, and every value that path would refuse, goes through
/// decode_datetime_general, which alone decides what is accepted.
codec_status decode_datetime(std::span<const std::uint8_t> v, const qualifier& q, datetime& out) noexcept;
/// The general decoder (the packed pairs read as a number, then split into fields and checked
/// by datetime::from_fields): same contract as decode_datetime.
codec_status decode_datetime_general(std::span<const std::uint8_t> v, const qualifier& q,
                                     datetime& out) noexcept;
/// The fast path alone: true when it decoded v (then the general decoder returns ok with the
/// same value); false, with out untouched, for any input it leaves to the general decoder.
/// Exposed (with decode_datetime_general) for the unit test that compares the two.
bool decode_datetime_fast(std::span<const std::uint8_t> v, const qualifier& q, datetime& out) noexcept;
codec_status decode_interval(std::span<const std::uint8_t> v, const qualifier& q, interval& out) noexcept;
/// Write exactly out.size() bytes (normally time_width(q)); false if the value does not fit.
bool encode_datetime(const datetime& d, std::span<std::uint8_t> out) noexcept;
bool encode_interval(const interval& i, std::span<std::uint8_t> out) noexcept;

}  // namespace ifx::types
