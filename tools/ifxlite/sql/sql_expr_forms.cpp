#include "sql/sql_expr.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

#include "sql/sql_expr_detail.hpp"
#include "types/datetime.hpp"
#include "types/decimal.hpp"

// The operand forms of the expression parser: literals, names, calls and the special forms
// (CASE, CAST, EXTEND, TRIM, SUBSTRING) with their own syntax.

namespace ifx::lite {

using expr_detail::is_stop_word;
using expr_detail::lower;
using expr_detail::unit_of;
using expr_detail::unquote;

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
        case token::kind::word:
            return word_operand();
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
    if (k.text[0] == '(') return parenthesized();
    return std::nullopt;
}

// An operand starting with a word: NULL, the special forms (CASE, CAST, EXISTS, EXTEND, TRIM,
// SUBSTRING), a function call, or a column reference ([schema.]table.column, table.*).
std::optional<expr> expr_parser::word_operand() {
    const std::size_t first = i_;
    const token& k = t_[i_];
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

// ( … ): a subquery, a parenthesised expression or a list; opaque when this parser does not
// understand its contents.
std::optional<expr> expr_parser::parenthesized() {
    const std::size_t first = i_;
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

template <class Tail>
std::optional<expr> expr_parser::operand_in_parentheses(expr::kind kind, Tail tail) {
    expr e = node(kind, i_);
    const std::size_t close = matching(i_ + 1, limit_);
    i_ += 2;
    const std::size_t saved = limit_;
    limit_ = close - 1;
    auto operand = disjunction();
    std::optional<std::string> target;
    if (operand) target = tail();
    limit_ = saved;
    if (!target || i_ != close - 1) return std::nullopt;
    i_ = close;
    e.target = std::move(*target);
    e.args.push_back(std::move(*operand));
    finish(e);
    return e;
}

std::optional<expr> expr_parser::cast_expression() {
    return operand_in_parentheses(expr::kind::cast, [this]() -> std::optional<std::string> {
        if (!word("as")) return std::nullopt;
        ++i_;
        auto type = type_name();
        if (type.empty()) return std::nullopt;
        return type;
    });
}

std::optional<expr> expr_parser::extend_expression() {
    return operand_in_parentheses(expr::kind::extend, [this]() -> std::optional<std::string> {
        if (!punct(',')) return std::string();  // EXTEND(x): the value's own qualifier
        ++i_;
        auto qualifier = qualifier_text();
        if (qualifier.empty()) return std::nullopt;
        return qualifier;
    });
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

}  // namespace ifx::lite
