#pragma once
// Helpers shared by the SQL functions ifxlite registers on its SQLite connections: argument
// access, Informix errors, and the numeric view of a value (integer, double or exact decimal).
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "types/decimal.hpp"

namespace ifx::lite {

inline std::string_view text_arg(sqlite3_value* v) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_value_bytes(v))) : std::string_view{};
}

inline bool is_null(sqlite3_value* v) {
    return sqlite3_value_type(v) == SQLITE_NULL;
}

/// Ends the call with Informix error `code` ("ifx:<code>: <parameter>", read back by
/// map_sqlite_message).
void raise_error(sqlite3_context* ctx, int code, std::string_view parameter = {});

inline void result_text(sqlite3_context* ctx, std::string_view text) {
    sqlite3_result_text64(ctx, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

/// A value seen as a number. Character values convert as Informix converts them to DECIMAL
/// (-1213 when they are no number).
struct numeric {
    enum class kind { null, integer, real, decimal, invalid } what = kind::null;
    std::int64_t integer = 0;
    double real = 0;
    decimal_number decimal;              ///< decimal text beyond 38 digits or with an exponent
    std::optional<fixed_decimal> fixed;  ///< decimal text that fits 38 digits (the fast path)
    int scale = 0;  ///< fraction digits as written (decimal text), for the result's display scale

    bool exact() const { return what == kind::integer || what == kind::decimal; }
    /// The value as a decimal (integers and doubles converted; doubles shortest round-trip).
    decimal_number as_decimal() const;
    /// The value in fixed form, when it is exact and fits.
    std::optional<fixed_decimal> as_fixed() const;
    double as_double() const;
};

numeric numeric_arg(sqlite3_value* v);

/// Returns a decimal result as text: with `scale` fraction digits, or minimal text when scale < 0.
void result_decimal(sqlite3_context* ctx, const decimal_number& d, int scale = -1);

}  // namespace ifx::lite
