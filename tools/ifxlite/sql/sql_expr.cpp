#include "sql/sql_expr.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

#include "base/text.hpp"
#include "sql/sql_expr_detail.hpp"
#include "types/datetime.hpp"
#include "types/decimal.hpp"

namespace ifx::lite {
namespace expr_detail {

column_type make(std::string_view declaration) {
    return type_from_declaration(declaration);
}

column_type unknown() {
    return make("LVARCHAR");
}

column_type char_type(std::int16_t code, std::int32_t length) {
    length = std::max<std::int32_t>(1, length);
    if (code == sqltype::varchar || code == sqltype::nvarchar) {
        if (length > 255) return make("LVARCHAR(" + std::to_string(std::min(length, 32739)) + ")");
        return make((code == sqltype::nvarchar ? "NVARCHAR(" : "VARCHAR(") + std::to_string(length) + ")");
    }
    if (code == sqltype::lvarchar) return make("LVARCHAR(" + std::to_string(std::min(length, 32739)) + ")");
    return make((code == sqltype::nchar ? "NCHAR(" : "CHAR(") + std::to_string(std::min(length, 32767)) +
                ")");
}

// Numeric promotion order (Informix converts to the wider operand).
int numeric_rank(const column_type& t) {
    switch (t.code) {
        case sqltype::smallint:
            return 1;
        case sqltype::integer:
        case sqltype::serial:
            return 2;
        case sqltype::int8:
        case sqltype::serial8:
            return 3;
        case sqltype::bigint:
        case sqltype::bigserial:
            return 4;
        case sqltype::decimal:
        case sqltype::money:
            return 5;
        case sqltype::smallfloat:
            return 6;
        case sqltype::float_:
            return 7;
        default:
            return 0;
    }
}

// Characters needed to show a value of type t as text (for || on non-character operands).
std::int32_t display_length(const column_type& t) {
    switch (t.code) {
        case sqltype::smallint:
            return 6;
        case sqltype::integer:
        case sqltype::serial:
            return 11;
        case sqltype::int8:
        case sqltype::serial8:
        case sqltype::bigint:
        case sqltype::bigserial:
            return 20;
        case sqltype::decimal:
        case sqltype::money:
            return t.precision + 2;
        case sqltype::float_:
        case sqltype::smallfloat:
            return 40;
        case sqltype::date:
            return 10;
        case sqltype::datetime:
        case sqltype::interval:
            return t.precision + 6;
        case sqltype::boolean:
            return 1;
        default:
            return t.encoded_length;
    }
}

column_type nullable(column_type t) {
    t.not_null = false;
    return t;
}

// The common type of CASE branches and NVL/COALESCE/DECODE results.
column_type unify(const column_type& a, const column_type& b) {
    if (a.code == b.code && a.encoded_length == b.encoded_length) return a;
    if (is_character(a) && is_character(b)) {
        const bool var = a.code != sqltype::char_ && a.code != sqltype::nchar;
        const bool var_b = b.code != sqltype::char_ && b.code != sqltype::nchar;
        const std::int16_t code = (a.code == sqltype::lvarchar || b.code == sqltype::lvarchar)
                                      ? sqltype::lvarchar
                                  : (var || var_b) ? sqltype::varchar
                                                   : sqltype::char_;
        return char_type(code, std::max(a.encoded_length, b.encoded_length));
    }
    const int ra = numeric_rank(a), rb = numeric_rank(b);
    if (ra > 0 && rb > 0) {
        if (ra == 5 && rb == 5) {
            const bool floating = a.scale == decimal_floating_scale || b.scale == decimal_floating_scale;
            const int s = floating ? 0 : std::max(a.scale, b.scale);
            const int p = std::min(
                decimal_max_precision,
                std::max(a.precision - (floating ? 0 : a.scale), b.precision - (floating ? 0 : b.scale)) + s);
            const std::string base =
                a.code == sqltype::money && b.code == sqltype::money ? "MONEY(" : "DECIMAL(";
            return make(base + std::to_string(p) + (floating ? ")" : "," + std::to_string(s) + ")"));
        }
        return ra >= rb ? a : b;
    }
    return a;
}

bool is_stop_word(std::string_view w) {
    static constexpr std::string_view words[] = {
        "select", "from",      "where",     "group", "order",     "by",      "having",  "limit",   "offset",
        "union",  "intersect", "except",    "all",   "distinct",  "as",      "on",      "using",   "join",
        "left",   "right",     "inner",     "outer", "cross",     "natural", "full",    "asc",     "desc",
        "into",   "values",    "set",       "then",  "when",      "else",    "end",     "and",     "or",
        "is",     "in",        "like",      "glob",  "match",     "regexp",  "between", "escape",  "collate",
        "window", "over",      "partition", "nulls", "returning", "for",     "insert",  "update",  "delete",
        "create", "drop",      "alter",     "with",  "to",        "units",   "isnull",  "notnull", "not",
        "unique", "filter",
    };
    const std::string l = lower(w);
    return std::find(std::begin(words), std::end(words), l) != std::end(words);
}

int unit_of(std::string_view w) {
    static constexpr std::string_view units[] = {"year", "", "month",  "", "day",   "",
                                                 "hour", "", "minute", "", "second"};
    const std::string l = lower(w);
    for (int i = 0; i <= unit::second; i += 2)
        if (l == units[i]) return i;
    if (l == "fraction") return unit::second + 1;
    return -1;
}

}  // namespace expr_detail

using expr_detail::make;
using expr_detail::numeric_rank;

namespace {

struct decimal_shape {
    int precision = decimal_max_precision;
    int scale = decimal_floating_scale;
    bool money = false;
};

decimal_shape shape_of(const column_type& t) {
    switch (t.code) {
        case sqltype::decimal:
        case sqltype::money:
            return {t.precision, t.scale, t.code == sqltype::money};
        case sqltype::smallint:
            return {5, 0};
        case sqltype::integer:
        case sqltype::serial:
            return {10, 0};
        case sqltype::int8:
        case sqltype::serial8:
        case sqltype::bigint:
        case sqltype::bigserial:
            return {19, 0};
        case sqltype::float_:
            return {17};
        case sqltype::smallfloat:
            return {9};
        default:
            return {};
    }
}

column_type decimal_type_of(const decimal_shape& d) {
    if (d.scale == decimal_floating_scale) return make("DECIMAL(" + std::to_string(d.precision) + ")");
    return make(std::string(d.money ? "MONEY(" : "DECIMAL(") + std::to_string(d.precision) + "," +
                std::to_string(d.scale) + ")");
}

// Words that can never start or continue an operand: clause keywords and operators spelled as words.
}  // namespace

bool is_character(const column_type& t) {
    return t.code == sqltype::char_ || t.code == sqltype::nchar || t.code == sqltype::varchar ||
           t.code == sqltype::nvarchar || t.code == sqltype::lvarchar;
}
bool is_integer(const column_type& t) {
    const int r = numeric_rank(t);
    return r >= 1 && r <= 4;
}
bool is_decimal(const column_type& t) {
    return t.code == sqltype::decimal || t.code == sqltype::money;
}
bool is_float(const column_type& t) {
    return t.code == sqltype::float_ || t.code == sqltype::smallfloat;
}

column_type decimal_result(const column_type& a, const column_type& b, char op) {
    const decimal_shape x = shape_of(a), y = shape_of(b);
    decimal_shape r;
    r.money = x.money || y.money;
    const bool floating = x.scale == decimal_floating_scale || y.scale == decimal_floating_scale;
    if (op == '/') {
        r.precision = decimal_max_precision;
    } else if (floating) {
        r.precision = std::min(decimal_max_precision, std::max(x.precision, y.precision));
    } else if (op == '*') {
        r.precision = std::min(decimal_max_precision, x.precision + y.precision);
        r.scale = x.scale + y.scale;
        if (r.scale > r.precision) r.scale = decimal_floating_scale;
    } else {
        r.scale = std::max(x.scale, y.scale);
        r.precision = std::min(decimal_max_precision,
                               std::max(x.precision - x.scale, y.precision - y.scale) + r.scale + 1);
    }
    return decimal_type_of(r);
}

}  // namespace ifx::lite
