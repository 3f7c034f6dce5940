#include "expr_type.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

#include "datetime.hpp"
#include "decimal.hpp"
#include "sql_text.hpp"

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

column_type decimal_floating() {
    return make("DECIMAL(32)");
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

bool is_char(const column_type& t) {
    return t.code == sqltype::char_ || t.code == sqltype::nchar || t.code == sqltype::varchar ||
           t.code == sqltype::nvarchar || t.code == sqltype::lvarchar;
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

// The common type of CASE branches and NVL/COALESCE arguments.
column_type unify(const column_type& a, const column_type& b) {
    if (a.code == b.code && a.encoded_length == b.encoded_length) return a;
    if (is_char(a) && is_char(b)) {
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
        if (ra == 5 && rb == 5)
            return make("DECIMAL(" + std::to_string(std::max(a.precision, b.precision)) + "," +
                        std::to_string(std::max(a.scale & 0x7f, b.scale & 0x7f)) + ")");
        return ra >= rb ? a : b;
    }
    return a;
}

class parser {
public:
    parser(std::vector<token> tokens, const column_resolver& resolve)
        : t_(std::move(tokens)), resolve_(resolve) {}

    column_type parse() {
        column_type type = expr();
        return i_ == t_.size() ? nullable(type) : make("LVARCHAR");
    }

private:
    bool word(std::string_view w) const {
        return i_ < t_.size() && t_[i_].type == token::kind::word && lower(t_[i_].text) == w;
    }
    bool punct(std::string_view p) const {
        if (i_ + p.size() > t_.size()) return false;
        for (std::size_t k = 0; k < p.size(); ++k)
            if (t_[i_ + k].type != token::kind::punct || t_[i_ + k].text[0] != p[k]) return false;
        return true;
    }
    bool accept_word(std::string_view w) {
        if (!word(w)) return false;
        ++i_;
        return true;
    }
    bool accept(std::string_view p) {
        if (!punct(p)) return false;
        i_ += p.size();
        return true;
    }

    column_type expr() { return disjunction(); }

    column_type disjunction() {
        column_type t = conjunction();
        while (accept_word("or")) {
            conjunction();
            t = make("BOOLEAN");
        }
        return t;
    }
    column_type conjunction() {
        column_type t = comparison();
        while (accept_word("and")) {
            comparison();
            t = make("BOOLEAN");
        }
        return t;
    }
    column_type comparison() {
        if (accept_word("not")) {
            comparison();
            return make("BOOLEAN");
        }
        column_type t = concat();
        for (;;) {
            if (accept("<=") || accept(">=") || accept("<>") || accept("!=") || accept("==") || accept("=") ||
                accept("<") || accept(">")) {
                concat();
                t = make("BOOLEAN");
            } else if (accept_word("is")) {
                accept_word("not");
                accept_word("null");
                t = make("BOOLEAN");
            } else if (word("like") || word("match") || word("between") || word("in") || word("not")) {
                // Predicates: skip to the end of this operand.
                while (i_ < t_.size() && !word("and") && !word("or") && !punct(")") && !punct(","))
                    skip_one();
                t = make("BOOLEAN");
            } else {
                return t;
            }
        }
    }
    column_type concat() {
        column_type t = additive();
        while (accept("||")) {
            const column_type r = additive();
            const auto family = [](const column_type& c) { return is_char(c) ? c.code : sqltype::char_; };
            const std::int32_t length = (is_char(t) ? t.encoded_length : display_length(t)) +
                                        (is_char(r) ? r.encoded_length : display_length(r));
            const std::int16_t a = family(t), b = family(r);
            std::int16_t code = sqltype::char_;
            if (a == sqltype::lvarchar || b == sqltype::lvarchar)
                code = sqltype::lvarchar;
            else if (a == sqltype::varchar || b == sqltype::varchar || a == sqltype::nvarchar ||
                     b == sqltype::nvarchar)
                code = sqltype::varchar;
            t = char_type(code, length);
        }
        return t;
    }
    column_type additive() {
        column_type t = multiplicative();
        for (;;) {
            if (punct("||")) return t;
            if (accept("+") || accept("-")) {
                t = arithmetic(t, multiplicative(), false);
            } else {
                return t;
            }
        }
    }
    column_type multiplicative() {
        column_type t = unary();
        for (;;) {
            // Division is written "*1.0/" by the dialect translation; skip the inserted factor.
            if (accept("*")) {
                if (i_ + 1 < t_.size() && t_[i_].text == "1.0" && t_[i_ + 1].text == "/") {
                    i_ += 2;
                    t = arithmetic(t, unary(), true);
                } else {
                    t = arithmetic(t, unary(), false);
                }
            } else if (accept("/")) {
                t = arithmetic(t, unary(), true);
            } else if (accept("%")) {
                t = arithmetic(t, unary(), false);
            } else {
                return t;
            }
        }
    }
    static column_type arithmetic(const column_type& a, const column_type& b, bool division) {
        if (a.code == sqltype::date && numeric_rank(b) > 0 && numeric_rank(b) <= 4) return make("DATE");
        if (a.code == sqltype::date && b.code == sqltype::date) return make("INTEGER");
        if (a.code == sqltype::datetime || a.code == sqltype::interval) return a;
        const int ra = is_char(a) ? 5 : numeric_rank(a);
        const int rb = is_char(b) ? 5 : numeric_rank(b);
        const int r = std::max(ra, rb);
        if (r >= 6) return make("FLOAT");
        if (r == 5 || division) {
            if (a.code == sqltype::money || b.code == sqltype::money) return make("MONEY(32,2)");
            return decimal_floating();
        }
        if (r == 4) return make("BIGINT");
        if (r == 3) return make("INT8");
        return make("INTEGER");
    }
    column_type unary() {
        if (accept("-") || accept("+")) return unary();
        return primary();
    }
    void skip_one() {
        if (punct("(")) {
            int depth = 0;
            do {
                if (punct("(")) ++depth;
                if (punct(")")) --depth;
                ++i_;
            } while (i_ < t_.size() && depth > 0);
            return;
        }
        ++i_;
    }
    std::vector<column_type> arguments() {
        std::vector<column_type> args;
        if (accept(")")) return args;
        accept_word("distinct") || accept_word("all") || accept_word("unique");
        for (;;) {
            if (punct("*")) {
                ++i_;
                args.push_back(make("INTEGER"));
            } else {
                args.push_back(expr());
            }
            if (accept(",")) continue;
            while (i_ < t_.size() && !punct(")")) skip_one();  // FROM/FOR in SUBSTRING, AS in CAST …
            accept(")");
            return args;
        }
    }
    column_type primary() {
        if (i_ >= t_.size()) return make("LVARCHAR");
        const token k = t_[i_];
        if (k.type == token::kind::number) {
            ++i_;
            return number(k.text);
        }
        if (k.type == token::kind::string) {
            ++i_;
            std::int32_t length = 0;
            for (std::size_t c = 1; c + 1 < k.text.size(); ++c) {
                if (k.text[c] == '\'') ++c;
                ++length;
            }
            return char_type(sqltype::char_, length);
        }
        if (accept("(")) {
            if (word("select")) {
                while (i_ < t_.size() && !punct(")")) skip_one();
                accept(")");
                return make("LVARCHAR");
            }
            column_type t = expr();
            accept(")");
            return t;
        }
        if (k.type == token::kind::word && lower(k.text) == "case") return case_expression();
        if (k.type == token::kind::word && lower(k.text) == "null") {
            ++i_;
            return make("CHAR(1)");
        }
        if (k.type == token::kind::word && lower(k.text) == "cast" && i_ + 1 < t_.size() &&
            t_[i_ + 1].text == "(") {
            i_ += 2;
            expr();
            if (!accept_word("as")) return make("LVARCHAR");
            const std::size_t from = i_ < t_.size() ? t_[i_].offset : 0;
            std::size_t to = from;
            int depth = 0;
            while (i_ < t_.size() && (depth > 0 || !punct(")"))) {
                if (punct("(")) ++depth;
                if (punct(")")) --depth;
                to = t_[i_].offset + t_[i_].text.size();
                ++i_;
            }
            accept(")");
            return make(source_.substr(from, to - from));
        }
        if (k.type == token::kind::word || k.type == token::kind::quoted) {
            ++i_;
            if (punct("(")) {
                ++i_;
                return function(lower(k.text), arguments());
            }
            std::string qualifier, name = unquote(k.text);
            if (accept(".")) {
                if (i_ >= t_.size()) return make("LVARCHAR");
                qualifier = name;
                name = unquote(t_[i_++].text);
                if (accept(".")) {  // schema.table.column
                    if (i_ >= t_.size()) return make("LVARCHAR");
                    qualifier = name;
                    name = unquote(t_[i_++].text);
                }
            }
            if (auto t = resolve_(qualifier, name)) return *t;
            return make("LVARCHAR");
        }
        skip_one();
        return make("LVARCHAR");
    }
    static column_type number(std::string_view text) {
        if (text.find_first_of("eE") != std::string_view::npos) return make("FLOAT");
        if (text.find('.') != std::string_view::npos) return decimal_floating();
        long long v = 0;
        const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec == std::errc{} && p == text.data() + text.size() &&
            v <= std::numeric_limits<std::int32_t>::max())
            return make("INTEGER");
        return decimal_floating();
    }
    column_type case_expression() {
        ++i_;                       // CASE
        if (!word("when")) expr();  // simple CASE operand
        std::optional<column_type> result;
        const auto branch = [&] {
            const bool null_literal = word("null");
            const column_type t = expr();
            if (!null_literal) result = result ? unify(*result, t) : t;
        };
        while (accept_word("when")) {
            expr();
            if (!accept_word("then")) break;
            branch();
        }
        if (accept_word("else")) branch();
        accept_word("end");
        return result ? *result : make("CHAR(1)");
    }
    column_type function(const std::string& f, const std::vector<column_type>& args) {
        const column_type first = args.empty() ? make("LVARCHAR") : args.front();
        if (f == "count") return make("DECIMAL(15,0)");
        if (f == "sum") {
            if (first.code == sqltype::float_ || first.code == sqltype::smallfloat) return make("FLOAT");
            if (first.code == sqltype::money) return make("MONEY(32," + std::to_string(first.scale) + ")");
            if (first.code == sqltype::decimal && first.scale != decimal_floating_scale)
                return make("DECIMAL(32," + std::to_string(first.scale) + ")");
            return decimal_floating();
        }
        if (f == "avg") {
            if (first.code == sqltype::float_ || first.code == sqltype::smallfloat) return make("FLOAT");
            return decimal_floating();
        }
        if (f == "min" || f == "max" || f == "abs") return nullable(first);
        if (f == "nvl" || f == "coalesce" || f == "ifnull") {
            column_type t = first;
            for (std::size_t a = 1; a < args.size(); ++a) t = unify(t, args[a]);
            return nullable(t);
        }
        if (f == "length" || f == "char_length" || f == "character_length" || f == "octet_length" ||
            f == "instr")
            return make("INTEGER");
        if (f == "upper" || f == "lower" || f == "trim" || f == "ltrim" || f == "rtrim" || f == "substr" ||
            f == "substring" || f == "replace" || f == "initcap" || f == "lpad" || f == "rpad")
            return is_char(first) ? nullable(first) : make("VARCHAR(255)");
        if (f == "round" || f == "trunc")
            return numeric_rank(first) >= 5 ? nullable(first) : decimal_floating();
        if (f == "mod")
            return numeric_rank(first) > 0 && numeric_rank(first) <= 4 ? make("INTEGER") : decimal_floating();
        if (f == "ifx_today") return make("DATE");
        if (f == "ifx_lo_open" || f == "ifx_lo_close" || f == "ifx_lo_release") return make("INTEGER");
        if (f == "locopy") return nullable(first);
        if (f == "ifx_current") return current_type();
        if (f == "year" || f == "month" || f == "day" || f == "weekday") return make("SMALLINT");
        if (f == "dbinfo") return dbinfo_type();
        if (f == "random" || f == "sqrt" || f == "exp" || f == "log10" || f == "logn" || f == "power" ||
            f == "pow")
            return make("FLOAT");
        if (f == "to_char") return make("LVARCHAR");
        return make("LVARCHAR");
    }
    // The qualifier word is the argument of ifx_current( … ), two tokens back.
    column_type current_type() const {
        for (std::size_t k = i_; k-- > 0;) {
            if (t_[k].type == token::kind::number) {
                unsigned word = 0;
                std::from_chars(t_[k].text.data(), t_[k].text.data() + t_[k].text.size(), word);
                if (const auto q = qualifier::from_word(static_cast<std::uint16_t>(word), false))
                    return datetime_type(*q);
                break;
            }
            if (t_[k].type == token::kind::word) break;
        }
        return make("DATETIME YEAR TO FRACTION(3)");
    }
    column_type dbinfo_type() const {
        for (std::size_t k = i_; k-- > 0;) {
            if (t_[k].type == token::kind::string) {
                std::string a = lower(t_[k].text);
                if (k + 1 < t_.size() && t_[k + 1].text == ")") {
                    // one argument: the last string before the ')' is the first argument
                }
                for (std::size_t j = k; j-- > 0;) {
                    if (t_[j].type == token::kind::string) a = lower(t_[j].text);
                    if (t_[j].type == token::kind::word) break;
                }
                if (a == "'sqlca.sqlerrd1'" || a == "'sqlca.sqlerrd2'" || a == "'sessionid'")
                    return make("INTEGER");
                if (a == "'serial8'") return make("INT8");
                if (a == "'bigserial'") return make("BIGINT");
                if (a == "'utc_current'") return make("INTEGER");
                return make("VARCHAR(128)");
            }
            if (t_[k].type == token::kind::word) break;
        }
        return make("LVARCHAR");
    }

public:
    std::string_view source_;

private:
    std::vector<token> t_;
    std::size_t i_ = 0;
    const column_resolver& resolve_;
};

}  // namespace

column_type infer_expression_type(std::string_view expression, const column_resolver& resolve) {
    parser p(tokenize(expression), resolve);
    p.source_ = expression;
    return p.parse();
}

std::vector<from_table> from_tables(std::string_view sql) {
    const auto t = tokenize(sql);
    std::vector<from_table> out;
    int depth = 0;
    std::size_t i = 0;
    for (; i < t.size(); ++i) {
        if (t[i].type == token::kind::punct && t[i].text[0] == '(') ++depth;
        if (t[i].type == token::kind::punct && t[i].text[0] == ')') --depth;
        if (depth == 0 && t[i].type == token::kind::word && lower(t[i].text) == "from") break;
    }
    static const std::vector<std::string> stop = {"where", "group",     "order",  "having", "union", "limit",
                                                  "into",  "intersect", "except", "for",    "offset"};
    static const std::vector<std::string> joins = {"join",  "left",    "right", "inner", "outer",
                                                   "cross", "natural", "full",  "on",    "using"};
    bool expect_table = true;
    for (++i; i < t.size(); ++i) {
        const token& k = t[i];
        if (k.type == token::kind::punct && k.text[0] == '(') {
            int d = 0;
            do {
                if (t[i].type == token::kind::punct && t[i].text[0] == '(') ++d;
                if (t[i].type == token::kind::punct && t[i].text[0] == ')') --d;
                ++i;
            } while (i < t.size() && d > 0);
            --i;
            expect_table = false;
            continue;
        }
        const std::string w = k.type == token::kind::word ? lower(k.text) : std::string{};
        if (std::find(stop.begin(), stop.end(), w) != stop.end()) break;
        if (k.type == token::kind::punct && k.text[0] == ',') {
            expect_table = true;
            continue;
        }
        if (std::find(joins.begin(), joins.end(), w) != joins.end()) {
            if (w == "join") expect_table = true;
            if (w == "on" || w == "using") expect_table = false;
            continue;
        }
        if (k.type != token::kind::word && k.type != token::kind::quoted) continue;
        if (expect_table) {
            from_table f;
            f.table = unquote(k.text);
            if (i + 2 < t.size() && t[i + 1].text == ".") {
                f.schema = lower(f.table);
                f.table = unquote(t[i + 2].text);
                i += 2;
            }
            f.alias = f.table;
            if (i + 1 < t.size() && t[i + 1].type == token::kind::word && lower(t[i + 1].text) == "as") ++i;
            if (i + 1 < t.size() &&
                (t[i + 1].type == token::kind::word || t[i + 1].type == token::kind::quoted)) {
                const std::string next = lower(t[i + 1].text);
                if (std::find(stop.begin(), stop.end(), next) == stop.end() &&
                    std::find(joins.begin(), joins.end(), next) == joins.end()) {
                    f.alias = unquote(t[i + 1].text);
                    ++i;
                }
            }
            out.push_back(std::move(f));
            expect_table = false;
        }
    }
    return out;
}

}  // namespace ifx::lite
