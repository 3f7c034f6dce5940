#include "sql/sql_expr.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

#include "sql/sql_expr_detail.hpp"
#include "types/datetime.hpp"
#include "types/decimal.hpp"

// The expression parser: one method per precedence level, from OR down to postfix operators.

namespace ifx::lite {

using expr_detail::char_type;
using expr_detail::is_stop_word;
using expr_detail::lower;
using expr_detail::make;
using expr_detail::nullable;
using expr_detail::unit_of;

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
                if (const auto q = qualifier::datetime_from_word(static_cast<std::uint16_t>(word)))
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
    return logical_chain("or", &expr_parser::conjunction);
}

std::optional<expr> expr_parser::conjunction() {
    return logical_chain("and", &expr_parser::negation);
}

expr expr_parser::joined(expr::kind kind, std::string_view op, expr left, expr right) {
    expr e = node(kind, left.first);
    e.op = op;
    e.args = {std::move(left), std::move(right)};
    finish(e);
    return e;
}

std::optional<expr> expr_parser::logical_chain(std::string_view op,
                                               std::optional<expr> (expr_parser::*operand)()) {
    auto left = (this->*operand)();
    while (left && word(op)) {
        ++i_;
        auto right = (this->*operand)();
        if (!right) return left;
        left = joined(expr::kind::logical, op, std::move(*left), std::move(*right));
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
            left = joined(expr::kind::compare, op, std::move(*left), std::move(*right));
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
        if (!predicate_operands(e)) return std::nullopt;
        finish(e);
        left = std::move(e);
    }
    return left;
}

bool expr_parser::predicate_operands(expr& e) {
    if (e.op == "in") {
        auto list = primary();  // ( list ), ( subquery ) or a table name
        if (!list) return false;
        e.args.push_back(std::move(*list));
        return true;
    }
    if (e.op == "between") {
        auto low = bitwise();
        if (!low || !word("and")) return false;
        ++i_;
        auto high = bitwise();
        if (!high) return false;
        e.args.push_back(std::move(*low));
        e.args.push_back(std::move(*high));
        return true;
    }
    auto pattern = bitwise();
    if (!pattern) return false;
    e.args.push_back(std::move(*pattern));
    if (word("escape")) {
        ++i_;
        auto escape = bitwise();
        if (!escape) return false;
        e.args.push_back(std::move(*escape));
    }
    return true;
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
        left = joined(expr::kind::binary, op, std::move(*left), std::move(*right));
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
        left = joined(expr::kind::binary, "||", std::move(*left), std::move(*right));
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
        left = joined(expr::kind::binary, op, std::move(*left), std::move(*right));
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
        left = joined(expr::kind::binary, op, std::move(*left), std::move(*right));
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

}  // namespace ifx::lite
