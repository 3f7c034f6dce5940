#include "sql/sql_expr.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

#include "sql/sql_expr_detail.hpp"
#include "types/datetime.hpp"
#include "types/decimal.hpp"

// The Informix type of every expression node (README "Expression typing").

namespace ifx::lite {

using expr_detail::char_type;
using expr_detail::display_length;
using expr_detail::make;
using expr_detail::nullable;
using expr_detail::numeric_rank;
using expr_detail::unify;
using expr_detail::unknown;

namespace {

column_type number_type(std::string_view text) {
    if (text.find_first_of("eE") != std::string_view::npos &&
        !(text.size() > 1 && (text[1] == 'x' || text[1] == 'X')))
        return make("FLOAT");
    const auto dot = text.find('.');
    if (dot == std::string_view::npos) {
        long long v = 0;
        const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec == std::errc{} && p == text.data() + text.size() &&
            v <= std::numeric_limits<std::int32_t>::max())
            return make("INTEGER");
    }
    // DECIMAL(digits, fraction digits as written); beyond 32 digits a floating DECIMAL(32).
    const std::string_view whole = text.substr(0, dot);
    const auto lead = whole.find_first_not_of('0');
    const int int_digits = lead == std::string_view::npos ? 0 : static_cast<int>(whole.size() - lead);
    const int scale = dot == std::string_view::npos ? 0 : static_cast<int>(text.size() - dot - 1);
    const int precision = std::max(1, int_digits + scale);
    if (precision > decimal_max_precision) return make("DECIMAL(32)");
    return make("DECIMAL(" + std::to_string(precision) + "," + std::to_string(scale) + ")");
}

column_type interval_result(const column_type& a, const column_type& b) {
    const auto qa = qualifier::interval_from_word(static_cast<std::uint16_t>(a.encoded_length));
    const auto qb = qualifier::interval_from_word(static_cast<std::uint16_t>(b.encoded_length));
    if (!qa || !qb) return a;
    qualifier q = *qa;
    q.start = std::min(qa->start, qb->start);
    q.end = std::max(qa->end, qb->end);
    q.lead = 9;
    q.interval = true;
    return datetime_type(q);
}

// DATETIME − DATETIME: INTERVAL DAY(9) TO the finer end (YEAR(9) TO MONTH for YEAR/MONTH ends).
column_type datetime_difference(const column_type& a, const column_type& b) {
    const auto qa = qualifier::datetime_from_word(static_cast<std::uint16_t>(a.encoded_length));
    const auto qb = qualifier::datetime_from_word(static_cast<std::uint16_t>(b.encoded_length));
    const int end_a = qa ? qa->end : unit::day, end_b = qb ? qb->end : unit::day;
    qualifier q;
    q.interval = true;
    q.end = std::max(end_a, end_b);
    q.start = q.end <= unit::month ? unit::year : unit::day;
    q.lead = 9;
    return datetime_type(q);
}

column_type date_qualified() {
    qualifier q;
    q.start = unit::year;
    q.end = unit::day;
    return datetime_type(q);
}

// The type of `left op right` (+ - * / %).
column_type arithmetic_type(const expr& e) {
    const column_type& a = e.args[0].type;
    const column_type& b = e.args[1].type;
    const char op = e.op[0];
    const bool ka = e.args[0].known, kb = e.args[1].known;
    const auto is = [](const column_type& t, std::int16_t code) { return t.code == code; };
    if (op == '+' || op == '-') {
        if (is(a, sqltype::date) && is_integer(b)) return make("DATE");
        if (op == '+' && is_integer(a) && is(b, sqltype::date)) return make("DATE");
        if (op == '-' && is(a, sqltype::date) && is(b, sqltype::date)) return make("INTEGER");
        if ((is(a, sqltype::datetime) || is(a, sqltype::date)) && is(b, sqltype::interval))
            return is(a, sqltype::date) ? date_qualified() : a;
        if (op == '+' && is(a, sqltype::interval) && (is(b, sqltype::datetime) || is(b, sqltype::date)))
            return is(b, sqltype::date) ? date_qualified() : b;
        if (op == '-' && (is(a, sqltype::datetime) || is(a, sqltype::date)) &&
            (is(b, sqltype::datetime) || is(b, sqltype::date)) &&
            !(is(a, sqltype::date) && is(b, sqltype::date)))
            return datetime_difference(is(a, sqltype::date) ? date_qualified() : a,
                                       is(b, sqltype::date) ? date_qualified() : b);
        if (is(a, sqltype::interval) && is(b, sqltype::interval)) return interval_result(a, b);
    }
    if ((op == '*' || op == '/') && is(a, sqltype::interval) && (numeric_rank(b) > 0 || !kb)) return a;
    if (op == '*' && is(b, sqltype::interval) && (numeric_rank(a) > 0 || !ka)) return b;
    if (op == '%')
        return is_integer(a) && is_integer(b) ? (numeric_rank(a) >= numeric_rank(b) ? a : b)
                                              : make("DECIMAL(32)");
    if ((is_float(a) || is_float(b)) && !is_decimal(a) && !is_decimal(b) && ka && kb) return make("FLOAT");
    if (is_float(a) || is_float(b)) return make("FLOAT");
    if (is_integer(a) && is_integer(b) && op != '/') {
        const int r = std::max(numeric_rank(a), numeric_rank(b));
        return r == 4 ? make("BIGINT") : r == 3 ? make("INT8") : make("INTEGER");
    }
    return decimal_result(a, b, op);
}

column_type aggregate_or_function(const std::string& f, const std::vector<expr>& args) {
    const column_type first = args.empty() ? unknown() : args.front().type;
    if (f == "count") return make("DECIMAL(15,0)");
    if (f == "sum") {
        if (is_float(first)) return make("FLOAT");
        if (is_decimal(first) && first.scale != decimal_floating_scale)
            return make(std::string(first.code == sqltype::money ? "MONEY" : "DECIMAL") + "(32," +
                        std::to_string(first.scale) + ")");
        return make("DECIMAL(32)");
    }
    if (f == "avg") return is_float(first) ? make("FLOAT") : make("DECIMAL(32)");
    if (f == "min" || f == "max" || f == "abs") return nullable(first);
    if (f == "nvl" || f == "coalesce" || f == "ifnull") {
        column_type t = first;
        for (std::size_t a = 1; a < args.size(); ++a)
            if (args[a].what != expr::kind::null) t = unify(t, args[a].type);
        return nullable(t);
    }
    if (f == "decode") {
        std::optional<column_type> t;
        for (std::size_t a = 2; a < args.size(); a += 2)
            if (args[a].what != expr::kind::null) t = t ? unify(*t, args[a].type) : args[a].type;
        if (args.size() % 2 == 0 && args.back().what != expr::kind::null)
            t = t ? unify(*t, args.back().type) : args.back().type;
        return t ? nullable(*t) : make("CHAR(1)");
    }
    if (f == "length" || f == "char_length" || f == "character_length" || f == "octet_length" || f == "instr")
        return make("INTEGER");
    if (f == "upper" || f == "lower" || f == "trim" || f == "ltrim" || f == "rtrim" || f == "substr" ||
        f == "initcap")
        return is_character(first) ? nullable(first) : make("VARCHAR(255)");
    if (f == "lpad" || f == "rpad") {
        // As long as the second argument says (when it is a literal).
        long n = 0;
        if (args.size() > 1 && args[1].what == expr::kind::number) {
            const std::string& text = args[1].op;
            std::from_chars(text.data(), text.data() + text.size(), n);
        }
        if (n > 0) return char_type(sqltype::varchar, static_cast<std::int32_t>(n));
        return make("VARCHAR(255)");
    }
    if (f == "replace") return first.code == sqltype::lvarchar ? nullable(first) : make("VARCHAR(255)");
    if (f == "round" || f == "trunc") {
        if (first.code == sqltype::date || first.code == sqltype::datetime) return nullable(first);
        if (!is_decimal(first) && !is_float(first)) return make("DECIMAL(32)");
        // A literal factor fixes the scale of a fixed-point result: ROUND(24.536, 2) is 24.54.
        long factor = 0;
        const bool literal = args.size() < 2 || args[1].what == expr::kind::number ||
                             (args[1].what == expr::kind::unary && args[1].op == "-" &&
                              args[1].args[0].what == expr::kind::number);
        if (args.size() > 1 && literal) {
            const expr& n = args[1].what == expr::kind::number ? args[1] : args[1].args[0];
            std::from_chars(n.op.data(), n.op.data() + n.op.size(), factor);
            if (args[1].what == expr::kind::unary) factor = -factor;
        }
        if (is_decimal(first) && first.scale != decimal_floating_scale && literal) {
            const int scale = static_cast<int>(std::clamp<long>(factor, 0, first.scale));
            const int precision = std::clamp(first.precision - first.scale + scale + (f == "round" ? 1 : 0),
                                             1, decimal_max_precision);
            return make(std::string(first.code == sqltype::money ? "MONEY(" : "DECIMAL(") +
                        std::to_string(precision) + "," + std::to_string(scale) + ")");
        }
        return nullable(first);
    }
    if (f == "ceil" || f == "floor") return is_integer(first) ? nullable(first) : make("DECIMAL(32)");
    if (f == "mod")
        return first.code == sqltype::int8 || first.code == sqltype::bigint ? make("INT8") : make("INTEGER");
    if (f == "ifx_today" || f == "mdy" || f == "date") return make("DATE");
    if (f == "ifx_lo_open" || f == "ifx_lo_close" || f == "ifx_lo_release") return make("INTEGER");
    if (f == "locopy") return nullable(first);
    if (f == "year" || f == "month" || f == "day" || f == "weekday" || f == "quarter")
        return make("SMALLINT");
    if (f == "random" || f == "sqrt" || f == "exp" || f == "log10" || f == "logn" || f == "ln" ||
        f == "power" || f == "pow" || f == "root")
        return make("FLOAT");
    if (f == "to_date") return make("DATETIME YEAR TO FRACTION(5)");
    return unknown();
}

// Parameters, *, subqueries and window functions: typed by what they stand for when that is known
// (a window function as its argument, EXISTS as BOOLEAN), unknown otherwise.
void type_opaque(expr& e) {
    if (e.what == expr::kind::window && !e.args.empty()) {
        e.type = e.args[0].type;
        e.known = e.args[0].known;
        return;
    }
    if (e.what == expr::kind::subquery && e.op == "exists") {
        e.type = make("BOOLEAN");
        return;
    }
    e.type = unknown();
    e.known = false;
}

// a || b: a character type as long as both operands shown as text, the widest family of the two.
column_type concatenation_type(const column_type& a, const column_type& b) {
    const auto family = [](const column_type& c) { return is_character(c) ? c.code : sqltype::char_; };
    const std::int32_t length = (is_character(a) ? a.encoded_length : display_length(a)) +
                                (is_character(b) ? b.encoded_length : display_length(b));
    const std::int16_t fa = family(a), fb = family(b);
    std::int16_t code = sqltype::char_;
    if (fa == sqltype::lvarchar || fb == sqltype::lvarchar)
        code = sqltype::lvarchar;
    else if (fa == sqltype::varchar || fb == sqltype::varchar || fa == sqltype::nvarchar ||
             fb == sqltype::nvarchar)
        code = sqltype::varchar;
    return char_type(code, length);
}

column_type binary_type(const expr& e) {
    if (e.op == "||") return concatenation_type(e.args[0].type, e.args[1].type);
    if (e.op.size() == 1 && std::string_view("+-*/%").find(e.op[0]) != std::string_view::npos)
        return arithmetic_type(e);
    return make("INT8");  // & | << >>
}

// CASE: the common type of its THEN and ELSE branches (NULL branches aside), nullable.
column_type case_type(const expr& e) {
    std::optional<column_type> result;
    const std::size_t start = e.simple_case ? 1 : 0;
    const bool has_else = e.has_else;
    const std::size_t pairs_end = e.args.size() - (has_else ? 1 : 0);
    const auto branch = [&](const expr& x) {
        if (x.what == expr::kind::null) return;
        result = result ? unify(*result, x.type) : x.type;
    };
    for (std::size_t a = start + 1; a < pairs_end; a += 2) branch(e.args[a]);
    if (has_else) branch(e.args.back());
    return result ? nullable(*result) : make("CHAR(1)");
}

// n UNITS unit (an INTERVAL of that one unit) and EXTEND(x, q1 TO q2) (a DATETIME of the qualifier).
void type_datetime_form(expr& e) {
    if (e.what == expr::kind::units) {
        qualifier q;
        q.interval = true;
        q.start = q.end = std::min(e.unit_code, unit::second);
        q.lead = 9;
        e.type = datetime_type(q);
        return;
    }
    const auto q =
        e.target.empty() ? parse_qualifier("YEAR TO FRACTION(3)", false) : parse_qualifier(e.target, false);
    e.type = q ? datetime_type(*q) : unknown();
    e.known = q.has_value();
}

}  // namespace

void type_expression(expr& e) {
    e.known = true;
    switch (e.what) {
        case expr::kind::number:
            e.type = number_type(e.op);
            return;
        case expr::kind::string: {
            e.type = char_type(sqltype::char_, 1);  // refined by the caller from the text
            return;
        }
        case expr::kind::null:
            e.type = make("CHAR(1)");
            e.known = false;
            return;
        case expr::kind::parameter:
        case expr::kind::star:
        case expr::kind::subquery:
        case expr::kind::window:
            type_opaque(e);
            return;
        case expr::kind::column:
            // Resolved by the parser (see expr_parser::finish callers); unknown here.
            e.type = unknown();
            e.known = false;
            return;
        case expr::kind::compare:
        case expr::kind::logical:
        case expr::kind::predicate:
            e.type = make("BOOLEAN");
            return;
        case expr::kind::unary:
            if (e.op == "not") {
                e.type = make("BOOLEAN");
            } else {
                e.type = e.args[0].type;
                e.known = e.args[0].known;
            }
            return;
        case expr::kind::paren:
        case expr::kind::collate:
            e.type = e.args.empty() ? unknown() : e.args[0].type;
            e.known = !e.args.empty() && e.args[0].known;
            return;
        case expr::kind::list:
            e.type = unknown();
            e.known = false;
            return;
        case expr::kind::binary:
            e.type = binary_type(e);
            return;
        case expr::kind::case_:
            e.type = case_type(e);
            return;
        case expr::kind::cast:
            e.type = make(e.target);
            return;
        case expr::kind::units:
        case expr::kind::extend:
            type_datetime_form(e);
            return;
        case expr::kind::trim:
        case expr::kind::substring: {
            const column_type& first = e.args.empty() ? unknown() : e.args[0].type;
            e.type = is_character(first) ? nullable(first) : make("VARCHAR(255)");
            return;
        }
        case expr::kind::call: {
            if (!e.op.empty() && e.op[0] == '?') {
                e.type = unknown();
                e.known = false;
                return;
            }
            e.type = aggregate_or_function(e.op, e.args);
            e.known = e.type.code != sqltype::lvarchar || e.type.encoded_length != 2048;
            return;
        }
    }
}

}  // namespace ifx::lite
