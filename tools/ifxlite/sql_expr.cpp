#include "sql_expr.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

#include "datetime.hpp"
#include "decimal.hpp"

namespace ifx::lite {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string unquote(std::string_view s) {
    if (s.size() >= 2 && (s.front() == '"' || s.front() == '`' || s.front() == '['))
        return std::string(s.substr(1, s.size() - 2));
    return std::string(s);
}

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

bool expr_parser::word(std::string_view w, std::size_t ahead) const {
    const std::size_t k = i_ + ahead;
    return k < limit_ && t_[k].type == token::kind::word && lower(t_[k].text) == w;
}

bool expr_parser::punct(char c, std::size_t ahead) const {
    const std::size_t k = i_ + ahead;
    return k < limit_ && t_[k].type == token::kind::punct && t_[k].text[0] == c;
}

bool expr_parser::op2(std::string_view op) const {
    return punct(op[0]) && punct(op[1], 1) && t_[i_ + 1].offset == t_[i_].offset + 1;
}

bool expr_parser::stop_word() const {
    return !done() && t_[i_].type == token::kind::word && is_stop_word(t_[i_].text);
}

std::size_t expr_parser::matching(std::size_t open, std::size_t limit) const {
    int depth = 0;
    for (std::size_t k = open; k < limit; ++k) {
        if (t_[k].type != token::kind::punct) continue;
        if (t_[k].text[0] == '(') ++depth;
        if (t_[k].text[0] == ')' && --depth == 0) return k + 1;
    }
    return limit;
}

expr expr_parser::node(expr::kind k, std::size_t first) const {
    expr e;
    e.what = k;
    e.first = first;
    return e;
}

void expr_parser::finish(expr& e) const {
    e.last = i_;
    type_expression(e);
    switch (e.what) {
        case expr::kind::column:
            if (auto t = resolve_(e.qualifier, e.name)) {
                e.type = nullable(*t);
                e.known = true;
            } else if (e.qualifier.empty() && t_[e.first].text.front() == '"') {
                // Informix reads "text" as a string unless DELIMIDENT is set (SQLite falls back the same
                // way).
                e.type = char_type(sqltype::char_, static_cast<std::int32_t>(e.name.size()));
                e.known = true;
            }
            break;
        case expr::kind::string: {
            std::int32_t length = 0;
            const std::string_view text = t_[e.first].text;
            for (std::size_t c = 1; c + 1 < text.size(); ++c) {
                if (text[c] == '\'') ++c;
                ++length;
            }
            e.type = char_type(sqltype::char_, length);
            break;
        }
        case expr::kind::call:
            if (e.op == "ifx_current" && !e.args.empty() && e.args[0].what == expr::kind::number) {
                unsigned word = 0;
                std::from_chars(e.args[0].op.data(), e.args[0].op.data() + e.args[0].op.size(), word);
                if (const auto q = qualifier::from_word(static_cast<std::uint16_t>(word), false))
                    e.type = datetime_type(*q);
                e.known = true;
            } else if (e.op == "dbinfo" && !e.args.empty() && e.args[0].what == expr::kind::string) {
                const std::string a = lower(t_[e.args[0].first].text);
                if (a == "'sqlca.sqlerrd1'" || a == "'sqlca.sqlerrd2'" || a == "'sessionid'" ||
                    a == "'utc_current'")
                    e.type = make("INTEGER");
                else if (a == "'serial8'")
                    e.type = make("INT8");
                else if (a == "'bigserial'")
                    e.type = make("BIGINT");
                else
                    e.type = make("VARCHAR(128)");
                e.known = true;
            }
            break;
        default:
            break;
    }
}

std::optional<expr> expr_parser::parse(std::size_t at, std::size_t limit, std::size_t& end) {
    i_ = at;
    limit_ = std::min(limit, t_.size());
    auto e = disjunction();
    end = e ? i_ : at;
    return e;
}

std::optional<expr> expr_parser::disjunction() {
    auto left = conjunction();
    while (left && word("or")) {
        const std::size_t first = left->first;
        ++i_;
        auto right = conjunction();
        if (!right) return left;
        expr e = node(expr::kind::logical, first);
        e.op = "or";
        e.args = {std::move(*left), std::move(*right)};
        finish(e);
        left = std::move(e);
    }
    return left;
}

std::optional<expr> expr_parser::conjunction() {
    auto left = negation();
    while (left && word("and")) {
        const std::size_t first = left->first;
        ++i_;
        auto right = negation();
        if (!right) return left;
        expr e = node(expr::kind::logical, first);
        e.op = "and";
        e.args = {std::move(*left), std::move(*right)};
        finish(e);
        left = std::move(e);
    }
    return left;
}

std::optional<expr> expr_parser::negation() {
    if (word("not") && !word("null", 1)) {
        const std::size_t first = i_++;
        auto operand = negation();
        if (!operand) return std::nullopt;
        expr e = node(expr::kind::unary, first);
        e.op = "not";
        e.args.push_back(std::move(*operand));
        finish(e);
        return e;
    }
    return comparison();
}

std::optional<expr> expr_parser::comparison() {
    auto left = bitwise();
    while (left) {
        const std::size_t first = left->first;
        std::string op;
        if (op2("<=") || op2(">=") || op2("<>") || op2("!=") || op2("==")) {
            op = std::string(t_[i_].text) + std::string(t_[i_ + 1].text);
            i_ += 2;
        } else if (punct('=') || punct('<') || punct('>')) {
            op = std::string(t_[i_].text);
            ++i_;
        }
        if (!op.empty()) {
            auto right = bitwise();
            if (!right) return left;
            expr e = node(expr::kind::compare, first);
            e.op = op;
            e.args = {std::move(*left), std::move(*right)};
            finish(e);
            left = std::move(e);
            continue;
        }
        expr e = node(expr::kind::predicate, first);
        if (word("isnull") || word("notnull")) {
            e.op = lower(t_[i_].text);
            ++i_;
            e.args.push_back(std::move(*left));
            finish(e);
            left = std::move(e);
            continue;
        }
        if (word("is")) {
            ++i_;
            e.negated = word("not");
            if (e.negated) ++i_;
            e.op = "is";
            if (word("distinct") && word("from", 1)) i_ += 2;
            e.args.push_back(std::move(*left));
            auto right = bitwise();
            if (right) e.args.push_back(std::move(*right));
            finish(e);
            left = std::move(e);
            continue;
        }
        std::size_t k = 0;
        if (word("not")) k = 1;
        if (word("null", k) && k == 1) {  // NOT NULL
            i_ += 2;
            e.op = "notnull";
            e.args.push_back(std::move(*left));
            finish(e);
            left = std::move(e);
            continue;
        }
        const bool in = word("in", k), between = word("between", k);
        const bool like = word("like", k) || word("match", k) || word("glob", k) || word("regexp", k);
        if (!in && !between && !like) return left;
        e.negated = k == 1;
        i_ += k;
        e.op = lower(t_[i_].text);
        ++i_;
        e.args.push_back(std::move(*left));
        if (in) {
            auto list = primary();  // ( list ), ( subquery ) or a table name
            if (!list) return std::nullopt;
            e.args.push_back(std::move(*list));
        } else if (between) {
            auto low = bitwise();
            if (!low || !word("and")) return std::nullopt;
            ++i_;
            auto high = bitwise();
            if (!high) return std::nullopt;
            e.args.push_back(std::move(*low));
            e.args.push_back(std::move(*high));
        } else {
            auto pattern = bitwise();
            if (!pattern) return std::nullopt;
            e.args.push_back(std::move(*pattern));
            if (word("escape")) {
                ++i_;
                auto escape = bitwise();
                if (!escape) return std::nullopt;
                e.args.push_back(std::move(*escape));
            }
        }
        finish(e);
        left = std::move(e);
    }
    return left;
}

std::optional<expr> expr_parser::bitwise() {
    auto left = concatenation();
    while (left) {
        std::string op;
        if (op2("<<") || op2(">>")) {
            op = std::string(t_[i_].text) + std::string(t_[i_ + 1].text);
            i_ += 2;
        } else if (punct('&') || (punct('|') && !op2("||"))) {
            op = std::string(t_[i_].text);
            ++i_;
        } else {
            return left;
        }
        auto right = concatenation();
        if (!right) return left;
        expr e = node(expr::kind::binary, left->first);
        e.op = op;
        e.args = {std::move(*left), std::move(*right)};
        finish(e);
        left = std::move(e);
    }
    return left;
}

// Informix binds || less tightly than + - * / (SQLite more tightly); the rewrite parenthesises.
std::optional<expr> expr_parser::concatenation() {
    auto left = additive();
    while (left && op2("||")) {
        i_ += 2;
        auto right = additive();
        if (!right) return left;
        expr e = node(expr::kind::binary, left->first);
        e.op = "||";
        e.args = {std::move(*left), std::move(*right)};
        finish(e);
        left = std::move(e);
    }
    return left;
}

std::optional<expr> expr_parser::additive() {
    auto left = multiplicative();
    while (left && (punct('+') || punct('-'))) {
        const std::string op(t_[i_].text);
        ++i_;
        auto right = multiplicative();
        if (!right) {
            --i_;
            return left;
        }
        expr e = node(expr::kind::binary, left->first);
        e.op = op;
        e.args = {std::move(*left), std::move(*right)};
        finish(e);
        left = std::move(e);
    }
    return left;
}

std::optional<expr> expr_parser::multiplicative() {
    auto left = unary();
    while (left && (punct('*') || punct('/') || punct('%'))) {
        const std::string op(t_[i_].text);
        ++i_;
        auto right = unary();
        if (!right) {
            --i_;
            return left;
        }
        expr e = node(expr::kind::binary, left->first);
        e.op = op;
        e.args = {std::move(*left), std::move(*right)};
        finish(e);
        left = std::move(e);
    }
    return left;
}

std::optional<expr> expr_parser::unary() {
    if (punct('-') || punct('+') || punct('~')) {
        const std::size_t first = i_;
        const std::string op(t_[i_].text);
        ++i_;
        auto operand = unary();
        if (!operand) {
            i_ = first;
            return std::nullopt;
        }
        expr e = node(expr::kind::unary, first);
        e.op = op;
        e.args.push_back(std::move(*operand));
        finish(e);
        return e;
    }
    return postfix();
}

std::optional<expr> expr_parser::postfix() {
    auto operand = primary();
    while (operand) {
        const std::size_t first = operand->first;
        if (op2("::")) {
            i_ += 2;
            const std::size_t at = i_;
            std::string target = type_name();
            if (target.empty()) {
                i_ = at - 2;
                return operand;
            }
            expr e = node(expr::kind::cast, first);
            e.target = std::move(target);
            e.args.push_back(std::move(*operand));
            finish(e);
            operand = std::move(e);
        } else if (word("collate") && i_ + 1 < limit_) {
            i_ += 2;
            expr e = node(expr::kind::collate, first);
            e.op = lower(t_[i_ - 1].text);
            e.args.push_back(std::move(*operand));
            finish(e);
            operand = std::move(e);
        } else if (word("units") && i_ + 1 < limit_ && unit_of(t_[i_ + 1].text) >= 0) {
            expr e = node(expr::kind::units, first);
            e.unit_code = unit_of(t_[i_ + 1].text);
            i_ += 2;
            e.args.push_back(std::move(*operand));
            finish(e);
            operand = std::move(e);
        } else {
            break;
        }
    }
    return operand;
}

std::string expr_parser::qualifier_text() {
    // UNIT[(n)] [TO UNIT[(n)]]
    const std::size_t from = i_;
    const auto one = [&] {
        if (done() || t_[i_].type != token::kind::word || unit_of(t_[i_].text) < 0) return false;
        ++i_;
        if (punct('(') && i_ + 2 < limit_ && t_[i_ + 2].type == token::kind::punct &&
            t_[i_ + 2].text[0] == ')')
            i_ += 3;
        return true;
    };
    if (!one()) return {};
    if (word("to")) {
        ++i_;
        if (!one()) {
            i_ = from;
            return {};
        }
    }
    const std::size_t begin = t_[from].offset;
    const std::size_t end = t_[i_ - 1].offset + t_[i_ - 1].text.size();
    return std::string(sql_.substr(begin, end - begin));
}

std::string expr_parser::type_name() {
    if (done() || (t_[i_].type != token::kind::word && t_[i_].type != token::kind::quoted)) return {};
    const std::size_t from = i_;
    const std::string first = lower(t_[i_].text);
    ++i_;
    if ((first == "double" && word("precision")) || (first == "character" && word("varying")) ||
        (first == "char" && word("varying")))
        ++i_;
    if (first == "datetime" || first == "interval") {
        if (qualifier_text().empty()) return {};
    } else if (punct('(')) {
        i_ = matching(i_, limit_);
    }
    const std::size_t begin = t_[from].offset;
    const std::size_t end = t_[i_ - 1].offset + t_[i_ - 1].text.size();
    return std::string(sql_.substr(begin, end - begin));
}

std::optional<expr> expr_parser::primary() {
    if (done()) return std::nullopt;
    const std::size_t first = i_;
    const token& k = t_[i_];
    switch (k.type) {
        case token::kind::number: {
            ++i_;
            expr e = node(expr::kind::number, first);
            e.op = std::string(k.text);
            finish(e);
            return e;
        }
        case token::kind::string: {
            ++i_;
            expr e = node(expr::kind::string, first);
            finish(e);
            return e;
        }
        case token::kind::quoted: {
            ++i_;
            expr e = node(expr::kind::column, first);
            e.name = unquote(k.text);
            if (punct('.') && i_ + 1 < limit_ && t_[i_ + 1].type != token::kind::punct) {
                e.qualifier = e.name;
                e.name = unquote(t_[i_ + 1].text);
                i_ += 2;
            }
            finish(e);
            return e;
        }
        case token::kind::punct:
            break;
        case token::kind::word: {
            const std::string w = lower(k.text);
            if (w == "null") {
                ++i_;
                expr e = node(expr::kind::null, first);
                finish(e);
                return e;
            }
            if (w == "case") return case_expression();
            const bool call_follows = punct('(', 1);
            if (w == "cast" && call_follows) return cast_expression();
            if (w == "exists" && call_follows) {
                ++i_;
                const std::size_t close = matching(i_, limit_);
                expr e = node(expr::kind::subquery, first);
                e.op = "exists";
                e.aux_first = i_;
                e.aux_last = close;
                i_ = close;
                finish(e);
                return e;
            }
            if (w == "extend" && call_follows) return extend_expression();
            if (w == "trim" && call_follows) return trim_expression();
            if (w == "substring" && call_follows) return substring_expression();
            if (is_stop_word(w)) return std::nullopt;
            if (call_follows) {
                ++i_;
                return call(first, w);
            }
            ++i_;
            expr e = node(expr::kind::column, first);
            e.name = std::string(k.text);
            // [schema.]table.column, table.*
            while (punct('.') && i_ + 1 < limit_) {
                const token& next = t_[i_ + 1];
                if (next.type == token::kind::punct && next.text[0] == '*') {
                    i_ += 2;
                    e.what = expr::kind::star;
                    break;
                }
                if (next.type != token::kind::word && next.type != token::kind::quoted) break;
                e.qualifier = e.name;
                e.name = unquote(next.text);
                i_ += 2;
            }
            finish(e);
            return e;
        }
    }
    if (k.text[0] == '?') {
        ++i_;
        if (!done() && t_[i_].type == token::kind::number && t_[i_].offset == k.offset + 1) ++i_;
        expr e = node(expr::kind::parameter, first);
        finish(e);
        return e;
    }
    if (k.text[0] == '*') {
        ++i_;
        expr e = node(expr::kind::star, first);
        finish(e);
        return e;
    }
    if (k.text[0] == '(') {
        const std::size_t close = matching(i_, limit_);
        if (word("select", 1) || word("with", 1) || word("values", 1)) {
            expr e = node(expr::kind::subquery, first);
            e.aux_first = i_;
            e.aux_last = close;
            i_ = close;
            finish(e);
            return e;
        }
        ++i_;
        std::vector<expr> items;
        for (;;) {
            auto item = disjunction();
            if (!item) break;
            items.push_back(std::move(*item));
            if (!punct(',')) break;
            ++i_;
        }
        if (items.empty() || !punct(')')) {
            // Not an expression this parser understands: the whole parenthesis is opaque.
            i_ = close;
            expr e = node(expr::kind::list, first);
            e.op = "opaque";
            finish(e);
            return e;
        }
        ++i_;
        expr e = node(items.size() == 1 ? expr::kind::paren : expr::kind::list, first);
        e.args = std::move(items);
        finish(e);
        return e;
    }
    return std::nullopt;
}

std::optional<expr> expr_parser::call(std::size_t name_at, std::string name) {
    // At the '('.
    const std::size_t close = matching(i_, limit_);
    expr e = node(expr::kind::call, name_at);
    e.op = std::move(name);
    ++i_;
    if (word("distinct") || word("all") || word("unique")) ++i_;
    bool opaque = false;
    while (i_ < close - 1) {
        if (punct('*')) {
            expr star = node(expr::kind::star, i_);
            ++i_;
            finish(star);
            e.args.push_back(std::move(star));
        } else {
            const std::size_t saved = limit_;
            limit_ = close - 1;
            auto arg = disjunction();
            limit_ = saved;
            if (!arg) {
                opaque = true;
                break;
            }
            e.args.push_back(std::move(*arg));
        }
        if (punct(',') && i_ < close - 1) {
            ++i_;
            continue;
        }
        if (i_ != close - 1) opaque = true;
        break;
    }
    i_ = close;
    if (opaque) e.op = "?" + e.op;  // arguments this parser did not follow: typed as unknown
    if (word("filter") && punct('(', 1)) i_ = matching(i_ + 1, limit_);
    finish(e);
    if (word("over")) {
        expr w = node(expr::kind::window, name_at);
        ++i_;
        if (punct('(')) {
            w.aux_first = i_;
            w.aux_last = matching(i_, limit_);
            i_ = w.aux_last;
        } else if (!done()) {
            ++i_;  // a window name
        }
        w.args.push_back(std::move(e));
        finish(w);
        return w;
    }
    return e;
}

std::optional<expr> expr_parser::case_expression() {
    expr e = node(expr::kind::case_, i_);
    ++i_;
    if (!word("when")) {
        auto operand = disjunction();
        if (!operand) return std::nullopt;
        e.args.push_back(std::move(*operand));
        e.simple_case = true;
    }
    while (word("when")) {
        ++i_;
        auto when = disjunction();
        if (!when || !word("then")) return std::nullopt;
        ++i_;
        auto then = disjunction();
        if (!then) return std::nullopt;
        e.args.push_back(std::move(*when));
        e.args.push_back(std::move(*then));
    }
    if (word("else")) {
        ++i_;
        auto otherwise = disjunction();
        if (!otherwise) return std::nullopt;
        e.args.push_back(std::move(*otherwise));
        e.has_else = true;
    }
    if (!word("end")) return std::nullopt;
    ++i_;
    finish(e);
    return e;
}

std::optional<expr> expr_parser::cast_expression() {
    expr e = node(expr::kind::cast, i_);
    const std::size_t close = matching(i_ + 1, limit_);
    i_ += 2;
    const std::size_t saved = limit_;
    limit_ = close - 1;
    auto operand = disjunction();
    limit_ = saved;
    if (!operand || !word("as")) return std::nullopt;
    ++i_;
    e.target = type_name();
    if (e.target.empty() || i_ != close - 1) return std::nullopt;
    i_ = close;
    e.args.push_back(std::move(*operand));
    finish(e);
    return e;
}

std::optional<expr> expr_parser::extend_expression() {
    expr e = node(expr::kind::extend, i_);
    const std::size_t close = matching(i_ + 1, limit_);
    i_ += 2;
    const std::size_t saved = limit_;
    limit_ = close - 1;
    auto operand = disjunction();
    if (operand && punct(',')) {
        ++i_;
        e.target = qualifier_text();
        if (e.target.empty()) operand.reset();
    }
    limit_ = saved;
    if (!operand || i_ != close - 1) return std::nullopt;
    i_ = close;
    e.args.push_back(std::move(*operand));
    finish(e);
    return e;
}

std::optional<expr> expr_parser::trim_expression() {
    expr e = node(expr::kind::trim, i_);
    const std::size_t close = matching(i_ + 1, limit_);
    const std::size_t start = i_;
    i_ += 2;
    const std::size_t saved = limit_;
    limit_ = close - 1;
    if (word("both") || word("leading") || word("trailing")) {
        e.trim_mode = word("both") ? 0 : word("leading") ? 1 : 2;
        ++i_;
    }
    std::optional<expr> pad;
    if (!word("from")) pad = disjunction();
    if (!word("from")) {
        // TRIM(x): an ordinary call.
        limit_ = saved;
        if (!pad || e.trim_mode != 0 || i_ != close - 1) return std::nullopt;
        i_ = start + 1;
        return call(start, "trim");
    }
    ++i_;
    auto source = disjunction();
    limit_ = saved;
    if (!source || i_ != close - 1) return std::nullopt;
    i_ = close;
    e.args.push_back(std::move(*source));
    if (pad) e.args.push_back(std::move(*pad));
    finish(e);
    return e;
}

std::optional<expr> expr_parser::substring_expression() {
    expr e = node(expr::kind::substring, i_);
    const std::size_t close = matching(i_ + 1, limit_);
    i_ += 2;
    const std::size_t saved = limit_;
    limit_ = close - 1;
    auto source = disjunction();
    bool ok = source.has_value();
    if (ok) e.args.push_back(std::move(*source));
    const bool keywords = word("from");
    if (ok && (keywords || punct(','))) {
        ++i_;
        auto start = disjunction();
        ok = start.has_value();
        if (ok) e.args.push_back(std::move(*start));
        if (ok && (keywords ? word("for") : punct(','))) {
            ++i_;
            auto length = disjunction();
            ok = length.has_value();
            if (ok) e.args.push_back(std::move(*length));
        }
    } else {
        ok = false;
    }
    limit_ = saved;
    if (!ok || i_ != close - 1) return std::nullopt;
    i_ = close;
    finish(e);
    return e;
}

// ----- typing -----

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
    const auto qa = qualifier::from_word(static_cast<std::uint16_t>(a.encoded_length), true);
    const auto qb = qualifier::from_word(static_cast<std::uint16_t>(b.encoded_length), true);
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
    const auto qa = qualifier::from_word(static_cast<std::uint16_t>(a.encoded_length), false);
    const auto qb = qualifier::from_word(static_cast<std::uint16_t>(b.encoded_length), false);
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
        case expr::kind::binary: {
            const column_type& a = e.args[0].type;
            const column_type& b = e.args[1].type;
            if (e.op == "||") {
                const auto family = [](const column_type& c) {
                    return is_character(c) ? c.code : sqltype::char_;
                };
                const std::int32_t length = (is_character(a) ? a.encoded_length : display_length(a)) +
                                            (is_character(b) ? b.encoded_length : display_length(b));
                const std::int16_t fa = family(a), fb = family(b);
                std::int16_t code = sqltype::char_;
                if (fa == sqltype::lvarchar || fb == sqltype::lvarchar)
                    code = sqltype::lvarchar;
                else if (fa == sqltype::varchar || fb == sqltype::varchar || fa == sqltype::nvarchar ||
                         fb == sqltype::nvarchar)
                    code = sqltype::varchar;
                e.type = char_type(code, length);
                return;
            }
            if (e.op.size() == 1 && std::string_view("+-*/%").find(e.op[0]) != std::string_view::npos) {
                e.type = arithmetic_type(e);
                return;
            }
            e.type = make("INT8");  // & | << >>
            return;
        }
        case expr::kind::case_: {
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
            e.type = result ? nullable(*result) : make("CHAR(1)");
            return;
        }
        case expr::kind::cast:
            e.type = make(e.target);
            return;
        case expr::kind::units: {
            qualifier q;
            q.interval = true;
            q.start = q.end = std::min(e.unit_code, unit::second);
            q.lead = 9;
            e.type = datetime_type(q);
            return;
        }
        case expr::kind::extend: {
            const auto q = e.target.empty() ? parse_qualifier("YEAR TO FRACTION(3)", false)
                                            : parse_qualifier(e.target, false);
            e.type = q ? datetime_type(*q) : unknown();
            e.known = q.has_value();
            return;
        }
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
