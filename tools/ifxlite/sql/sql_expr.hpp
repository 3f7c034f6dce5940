#pragma once
// Expressions of Informix SQL as ifxlite needs them: a parser over sql_text tokens that builds a
// small tree with the Informix type of every node (README "Expression typing"). The SQL rewrite
// (sql_rewrite.hpp) prints the tree back with the changes SQLite needs; describe uses the types.
// Anything the parser does not understand ends the expression; the caller copies such text
// unchanged.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sql/sql_text.hpp"
#include "types/types.hpp"

namespace ifx::lite {

/// Type of column `name`, optionally qualified by a table name or alias (empty if not).
using column_resolver =
    std::function<std::optional<column_type>(std::string_view qualifier, std::string_view name)>;

struct expr {
    enum class kind {
        number,     ///< numeric literal
        string,     ///< 'text'
        null,       ///< NULL
        parameter,  ///< ? (and ?N, :name)
        column,     ///< [qualifier.]name
        star,       ///< * or t.*
        call,       ///< name(args); op = lower-case name
        unary,      ///< op = "-", "+", "~" or "not"
        binary,     ///< op = "+", "-", "*", "/", "%", "||", "&", "|", "<<", ">>"
        compare,    ///< op = "=", "<>", … ; args a, b
        logical,    ///< op = "and" / "or"
        predicate,  ///< IS [NOT] NULL, [NOT] IN / LIKE / MATCH / GLOB / BETWEEN …: args are the operands
        case_,      ///< CASE … END
        cast,       ///< CAST(x AS t) or x::t; target = the type text
        paren,      ///< ( x )
        list,       ///< ( a, b, … ) row value or IN list
        subquery,   ///< ( SELECT … ) or EXISTS ( SELECT … ); first/last include the parentheses
        collate,    ///< x COLLATE name
        units,      ///< x UNITS unit; unit in `unit_code`
        extend,     ///< EXTEND(x [, q1 TO q2]); target = qualifier text (empty: default)
        trim,       ///< TRIM([BOTH|LEADING|TRAILING] [pad] FROM x); trim_mode, args = {x[, pad]}
        substring,  ///< SUBSTRING(x FROM a [FOR b]); args = {x, a[, b]}
        window,     ///< f(…) OVER (…); args = {call}; the window's token range in aux_first/aux_last
    };
    kind what = kind::null;
    std::size_t first = 0, last = 0;  ///< token range [first, last)
    std::vector<expr> args;
    std::string op;
    std::string qualifier, name;  ///< column references (unquoted, as written)
    std::string target;           ///< CAST target or EXTEND qualifier text
    int unit_code = 0;            ///< UNITS
    int trim_mode = 0;            ///< TRIM: 0 both, 1 leading, 2 trailing
    bool negated = false;         ///< NOT IN / NOT LIKE / IS NOT …
    bool simple_case = false;     ///< CASE x WHEN …: args[0] is the operand
    bool has_else = false;        ///< CASE … ELSE: the last argument
    std::size_t aux_first = 0, aux_last = 0;
    column_type type;    ///< the Informix type (LVARCHAR when unknown)
    bool known = false;  ///< type was derived, not a guess
};

/// Parses expressions out of one statement's tokens.
class expr_parser {
public:
    expr_parser(const std::vector<token>& tokens, std::string_view sql, const column_resolver& resolve)
        : t_(tokens), sql_(sql), resolve_(resolve) {}

    /// One expression starting at token `at` and ending before `limit`; nothing if no expression
    /// starts there. `end` is the first token after it.
    std::optional<expr> parse(std::size_t at, std::size_t limit, std::size_t& end);

    /// The token index just after the parenthesis matching the '(' at `open` (or limit).
    std::size_t matching(std::size_t open, std::size_t limit) const;

private:
    std::optional<expr> disjunction();
    std::optional<expr> conjunction();
    std::optional<expr> negation();
    /// operand (op operand)…, left-associative, as one `logical` node per op.
    std::optional<expr> logical_chain(std::string_view op, std::optional<expr> (expr_parser::*operand)());
    /// The `kind` node `left op right` (its span from left's first token to the last one read).
    expr joined(expr::kind kind, std::string_view op, expr left, expr right);
    std::optional<expr> comparison();
    /// The operands of an IN, BETWEEN or LIKE/MATCH/GLOB/REGEXP predicate `e` (its op and left
    /// operand set); false when they are malformed.
    bool predicate_operands(expr& e);
    std::optional<expr> bitwise();
    std::optional<expr> additive();
    std::optional<expr> multiplicative();
    std::optional<expr> concatenation();
    std::optional<expr> unary();
    std::optional<expr> postfix();
    std::optional<expr> primary();
    std::optional<expr> word_operand();
    std::optional<expr> parenthesized();
    std::optional<expr> call(std::size_t name_at, std::string name);
    std::optional<expr> case_expression();
    /// KEYWORD ( operand <tail> ): the operand, then `tail` reads the rest and returns the
    /// node's target text (nothing when the form is wrong).
    template <class Tail>
    std::optional<expr> operand_in_parentheses(expr::kind kind, Tail tail);
    std::optional<expr> cast_expression();
    std::optional<expr> extend_expression();
    std::optional<expr> trim_expression();
    std::optional<expr> substring_expression();
    /// A type name (CAST … AS, ::): words with an optional "(n[, m])" and a DATETIME/INTERVAL
    /// qualifier; returns its text.
    std::string type_name();
    std::string qualifier_text();

    bool done() const { return i_ >= limit_; }
    bool word(std::string_view w, std::size_t ahead = 0) const;
    bool punct(char c, std::size_t ahead = 0) const;
    /// Two-character operators are two adjacent punctuation tokens.
    bool op2(std::string_view op) const;
    bool stop_word() const;
    expr node(expr::kind k, std::size_t first) const;
    void finish(expr& e) const;

    const std::vector<token>& t_;
    std::string_view sql_;
    const column_resolver& resolve_;
    std::size_t i_ = 0, limit_ = 0;
};

/// The Informix type of an expression node from its operands (sets e.type / e.known).
void type_expression(expr& e);

/// Informix DECIMAL result types (ESQL/C "Obtain the DECIMAL data type of the arithmetic result"):
/// the precision and scale (0xff: floating) of a ⊕ b for op '+', '-', '*', '/'.
column_type decimal_result(const column_type& a, const column_type& b, char op);

bool is_character(const column_type& t);
bool is_integer(const column_type& t);
bool is_decimal(const column_type& t);
bool is_float(const column_type& t);

}  // namespace ifx::lite
