// The expressions of the SQL rewrite: comparisons, arithmetic, CAST and calls printed back as
// SQLite must evaluate them to give IDS's results.

#include "sql/rewriter.hpp"

#include <charconv>
#include <system_error>

namespace ifx::lite::rewrite_detail {

std::string rewriter::emit_default(const expr& e) {
    std::string out;
    std::size_t pos = begin_of(e.first);
    for (const expr& a : e.args) {
        if (a.last <= a.first) continue;
        out.append(sql_.substr(pos, begin_of(a.first) - pos));
        out += emit(a);
        pos = end_of(a.last - 1);
    }
    const std::size_t end = end_of(e.last - 1);
    if (pos < end) out.append(sql_.substr(pos, end - pos));
    return out;
}

std::string rewriter::emit_args(const expr& e, std::size_t from) {
    std::string out;
    for (std::size_t k = from; k < e.args.size(); ++k) out += (k > from ? ", " : "") + emit(e.args[k]);
    return out;
}

std::string rewriter::literal_for(const expr& literal, const column_type& against) {
    const std::string text = unquote_string(t_[literal.first].text);
    if (against.code == sqltype::date) {
        if (const auto days = parse_date_text(text)) return sql_string_literal(days_to_iso(*days));
    } else if (against.code == sqltype::datetime || against.code == sqltype::interval) {
        if (const auto q = qualifier::from_word(static_cast<std::uint16_t>(against.encoded_length),
                                                against.code == sqltype::interval)) {
            const auto r = canonical_datetime(text, *q);
            if (r.code == 0) return sql_string_literal(r.text);
        }
    }
    return std::string(t_[literal.first].text);
}

std::string rewriter::unquote_string(std::string_view s) {
    std::string out;
    for (std::size_t c = 1; c + 1 < s.size(); ++c) {
        if (s[c] == '\'') ++c;
        out.push_back(s[c]);
    }
    return out;
}

std::string rewriter::emit_compare(const expr& e) {
    const bool dated = std::any_of(e.args.begin(), e.args.end(), [](const expr& a) {
        return a.known && (is_datetime_like(a.type) || a.type.code == sqltype::interval);
    });
    if (!dated) return emit_default(e);
    const column_type* against = nullptr;
    for (const expr& a : e.args)
        if (a.known && (is_datetime_like(a.type) || a.type.code == sqltype::interval)) against = &a.type;
    std::string out;
    std::size_t pos = begin_of(e.first);
    for (const expr& a : e.args) {
        out.append(sql_.substr(pos, begin_of(a.first) - pos));
        out += a.what == expr::kind::string ? literal_for(a, *against) : emit(a);
        pos = end_of(a.last - 1);
    }
    out.append(sql_.substr(pos, end_of(e.last - 1) - pos));
    return out;
}

std::string rewriter::number_literal(const expr& e, sign s) {
    std::string text = (s == sign::minus ? "-" : "") + e.op;
    if (!is_decimal(e.type)) return text;
    if (e.op.find('.') == std::string::npos) {
        long long v = 0;
        const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec == std::errc{} && p == text.data() + text.size()) return text;
    }
    return decimal_value(sql_string_literal(text), e.type);
}

std::string rewriter::emit_arithmetic(const expr& e) {
    const expr& l = e.args[0];
    const expr& r = e.args[1];
    const column_type& a = l.type;
    const column_type& b = r.type;
    const char op = e.op[0];
    const auto code = [](const column_type& t) { return t.code; };
    const auto dt_word = [&](const column_type& t) {
        return t.code == sqltype::date ? std::to_string(date_word()) : word_of(t);
    };
    // DATE, DATETIME and INTERVAL arithmetic.
    if (op == '+' || op == '-') {
        if (code(a) == sqltype::date && is_integer(b))
            return "ifx_date_add(" + emit(l) + ", " + (op == '-' ? "-(" + emit(r) + ")" : emit(r)) + ")";
        if (op == '+' && is_integer(a) && code(b) == sqltype::date)
            return "ifx_date_add(" + emit(r) + ", " + emit(l) + ")";
        if (op == '-' && code(a) == sqltype::date && code(b) == sqltype::date)
            return "ifx_date_diff(" + emit(l) + ", " + emit(r) + ")";
        if (is_datetime_like(a) && code(b) == sqltype::interval)
            return "ifx_dt_add(" + emit(l) + ", " + dt_word(a) + ", " + emit(r) + ", " + word_of(b) + ", " +
                   (op == '-' ? "-1" : "1") + ")";
        if (op == '+' && code(a) == sqltype::interval && is_datetime_like(b))
            return "ifx_dt_add(" + emit(r) + ", " + dt_word(b) + ", " + emit(l) + ", " + word_of(a) + ", 1)";
        if (op == '-' && is_datetime_like(a) && is_datetime_like(b))
            return "ifx_dt_diff(" + emit(l) + ", " + dt_word(a) + ", " + emit(r) + ", " + dt_word(b) + ", " +
                   word_of(e.type) + ")";
        if (code(a) == sqltype::interval && code(b) == sqltype::interval)
            return "ifx_iv_add(" + emit(l) + ", " + word_of(a) + ", " + emit(r) + ", " + word_of(b) + ", " +
                   (op == '-' ? "-1" : "1") + ", " + word_of(e.type) + ")";
    }
    if ((op == '*' || op == '/') && code(a) == sqltype::interval)
        return "ifx_iv_scale(" + emit(l) + ", " + word_of(a) + ", " + emit(r) + ", " +
               (op == '/' ? "1" : "0") + ")";
    if (op == '*' && code(b) == sqltype::interval)
        return "ifx_iv_scale(" + emit(r) + ", " + word_of(b) + ", " + emit(l) + ", 0)";
    if (op == '%') return emit_default(e);
    // Native where SQLite computes what IDS computes: integers (but not /) and doubles.
    const bool known = l.known && r.known;
    const bool native = known && ((is_integer(a) && is_integer(b) && op != '/') ||
                                  ((is_float(a) || is_float(b)) && !is_decimal(a) && !is_decimal(b) &&
                                   !is_character(a) && !is_character(b)));
    if (native) return emit_default(e);
    static constexpr const char* names[] = {"ifx_add", "ifx_sub", "ifx_mul", "ifx_div"};
    const char* name = names[op == '+' ? 0 : op == '-' ? 1 : op == '*' ? 2 : 3];
    std::string call = std::string(name) + "(" + emit(l) + ", " + emit(r);
    // A DECIMAL result is certain when an operand is DECIMAL/MONEY or character data, or for /
    // of numbers; with an operand of unknown type (a CTE column, a parameter) the function
    // keeps integers integers and doubles doubles, and only DECIMAL text comes back as text.
    const auto certain = [](const expr& x) {
        return x.known &&
               (is_decimal(x.type) || is_character(x.type) || is_integer(x.type) || is_float(x.type));
    };
    if (is_decimal(e.type) && certain(l) && certain(r)) {
        call += ", " + std::to_string(e.type.precision) + ", " + std::to_string(e.type.scale) + ")";
        return decimal_value(call, e.type);
    }
    return call + ")";
}

std::string rewriter::emit_cast(const expr& e) {
    const expr& x = e.args[0];
    const column_type t = e.type;
    const std::string value = emit(x);
    const std::string target = lower(e.target);
    switch (t.code) {
        case sqltype::decimal:
        case sqltype::money:
            return decimal_value("ifx_to_decimal(" + value + ", " + std::to_string(t.precision) + ", " +
                                     std::to_string(t.scale) + ")",
                                 t);
        case sqltype::smallint:
        case sqltype::integer:
        case sqltype::serial:
        case sqltype::int8:
        case sqltype::serial8:
        case sqltype::bigint:
        case sqltype::bigserial: {
            if (x.known && x.type.code == sqltype::date) return "ifx_date_diff(" + value + ", '1899-12-31')";
            const int kind = t.code == sqltype::smallint                                 ? 1
                             : (t.code == sqltype::integer || t.code == sqltype::serial) ? 2
                                                                                         : 3;
            return "ifx_to_integer(" + value + ", " + std::to_string(kind) + ")";
        }
        case sqltype::float_:
        case sqltype::smallfloat:
            return "ifx_to_float(" + value + ")";
        case sqltype::date:
            return "date(" + value + ")";
        case sqltype::datetime:
        case sqltype::interval: {
            const bool interval = t.code == sqltype::interval;
            if (!interval && x.known && is_datetime_like(x.type))
                return "ifx_extend(" + value + ", " +
                       (x.type.code == sqltype::date ? std::to_string(date_word()) : word_of(x.type)) + ", " +
                       word_of(t) + ")";
            return "ifx_to_datetime(" + value + ", " + word_of(t) + ", " + (interval ? "1" : "0") + ")";
        }
        case sqltype::char_:
        case sqltype::nchar:
        case sqltype::varchar:
        case sqltype::nvarchar:
        case sqltype::lvarchar:
            if (x.known && x.type.code == sqltype::date) return "to_char(" + value + ")";
            return "CAST(" + value + " AS TEXT)";
        case sqltype::boolean:
            return "CAST(" + value + " AS BOOLEAN)";
        default:
            (void)target;
            return "CAST(" + value + " AS " + e.target + ")";
    }
}

std::string rewriter::emit_call(const expr& e) {
    const std::string& f = e.op;
    const auto char_length_of = [&](const expr& a) -> std::optional<int> {
        if (a.known && (a.type.code == sqltype::char_ || a.type.code == sqltype::nchar))
            return a.type.encoded_length;
        return std::nullopt;
    };
    if ((f == "char_length" || f == "character_length" || f == "octet_length") && e.args.size() == 1)
        if (const auto n = char_length_of(e.args[0]))
            return f + "(" + emit(e.args[0]) + ", " + std::to_string(*n) + ")";
    if (f == "substr" && (e.args.size() == 2 || e.args.size() == 3))
        if (const auto n = char_length_of(e.args[0]))
            return "substr(" + emit(e.args[0]) + ", " + emit(e.args[1]) + ", " +
                   (e.args.size() == 3 ? emit(e.args[2]) : std::string("2147483647")) + ", " +
                   std::to_string(*n) + ")";
    if ((f == "lpad" || f == "rpad") && (e.args.size() == 2 || e.args.size() == 3))
        if (const auto n = char_length_of(e.args[0]))
            return f + "(" + emit(e.args[0]) + ", " + emit(e.args[1]) + ", " +
                   (e.args.size() == 3 ? emit(e.args[2]) : std::string("' '")) + ", " + std::to_string(*n) +
                   ")";
    const bool dt_arg = !e.args.empty() && e.args[0].known && e.args[0].type.code == sqltype::datetime;
    if ((f == "day" || f == "month" || f == "year" || f == "weekday" || f == "quarter") &&
        e.args.size() == 1 && dt_arg)
        return f + "(" + emit(e.args[0]) + ", " + word_of(e.args[0].type) + ")";
    if (f == "to_char" && dt_arg && (e.args.size() == 1 || e.args.size() == 2))
        return "to_char(" + emit(e.args[0]) + ", " +
               (e.args.size() == 2 ? emit(e.args[1]) : std::string("NULL")) + ", " + word_of(e.args[0].type) +
               ")";
    return emit_default(e);
}

std::string rewriter::emit_column(const expr& e) {
    if (!needs_quoting(e.name) && !needs_quoting(e.qualifier)) return span(e.first, e.last);
    std::string out;
    for (std::size_t k = e.first; k < e.last; ++k) {
        if (k > e.first) out.append(sql_.substr(end_of(k - 1), begin_of(k) - end_of(k - 1)));
        out += t_[k].type == token::kind::word && needs_quoting(t_[k].text) ? quote_identifier(t_[k].text)
                                                                            : std::string(t_[k].text);
    }
    return out;
}

std::string rewriter::emit_negation(const expr& e) {
    const expr& x = e.args[0];
    if (x.what == expr::kind::number) return number_literal(x, sign::minus);
    if (x.known && (is_integer(x.type) || is_float(x.type))) return emit_default(e);
    if (x.known && x.type.code == sqltype::interval)
        return "ifx_iv_scale(" + emit(x) + ", " + word_of(x.type) + ", -1, 0)";
    if (is_decimal(e.type) && x.known)
        return decimal_value("ifx_neg(" + emit(x) + ", " + std::to_string(e.type.precision) + ", " +
                                 std::to_string(e.type.scale) + ")",
                             e.type);
    return "ifx_neg(" + emit(x) + ")";
}

std::string rewriter::emit_concatenation(const expr& e) {
    std::string out;
    for (std::size_t k = 0; k < 2; ++k) {
        const expr& a = e.args[k];
        std::string part = emit(a);
        const bool arithmetic = a.what == expr::kind::binary && a.op != "||";
        if (arithmetic && part.find('(') != 0) part = "(" + part + ")";
        out += (k ? " || " : "") + part;
    }
    return out;
}

std::string rewriter::emit(const expr& e) {
    std::string text;
    switch (e.what) {
        case expr::kind::number:
            return number_literal(e, sign::plus);
        case expr::kind::column:
            return emit_column(e);
        case expr::kind::unary:
            return e.op == "-" ? emit_negation(e) : emit_default(e);
        case expr::kind::binary:
            if (e.op == "||") return emit_concatenation(e);
            if (e.op.size() == 1 && std::string_view("+-*/%").find(e.op[0]) != std::string_view::npos)
                return emit_arithmetic(e);
            return emit_default(e);
        case expr::kind::compare:
        case expr::kind::predicate:
            return emit_compare(e);
        case expr::kind::cast:
            return emit_cast(e);
        case expr::kind::units:
            return "ifx_units(" + emit(e.args[0]) + ", " + std::to_string(e.unit_code) + ")";
        case expr::kind::extend: {
            const expr& x = e.args[0];
            const std::string from = !x.known                           ? "0"
                                     : x.type.code == sqltype::date     ? std::to_string(date_word())
                                     : x.type.code == sqltype::datetime ? word_of(x.type)
                                                                        : "0";
            return "ifx_extend(" + emit(x) + ", " + from + ", " + word_of(e.type) + ")";
        }
        case expr::kind::trim:
            return "ifx_trim(" + emit(e.args[0]) + ", " + std::to_string(e.trim_mode) + ", " +
                   (e.args.size() > 1 ? emit(e.args[1]) : std::string("' '")) + ")";
        case expr::kind::substring:
            return "ifx_substring(" + emit_args(e) + ")";
        case expr::kind::call:
            text = emit_call(e);
            if (!returns_decimal_text(e.op)) return text;
            break;
        case expr::kind::subquery:
            return span(e.first, e.aux_first + 1) +
                   statement(e.aux_first + 1, e.aux_last - 1, statement_level::nested) + ")";
        case expr::kind::window: {
            // The call itself is not wrapped: CAST(sum(x) …) OVER would not parse.
            std::string out =
                emit_call(e.args[0]) + " " + span(e.args[0].last, e.aux_first > 0 ? e.aux_first : e.last);
            if (e.aux_first > 0 && e.aux_last > e.aux_first)
                out += "(" + statement(e.aux_first + 1, e.aux_last - 1, statement_level::nested) + ")";
            text = out;
            break;
        }
        case expr::kind::case_:
            text = emit_default(e);
            break;
        default:
            return emit_default(e);
    }
    // A computed DECIMAL value (aggregates, ROUND, NVL, CASE …) compares and sorts as a number.
    if (is_decimal(e.type) && e.known) return decimal_value(text, e.type);
    return text;
}

}  // namespace ifx::lite::rewrite_detail
