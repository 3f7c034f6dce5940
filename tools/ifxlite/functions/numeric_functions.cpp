#include "functions/numeric_functions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <new>

#include "base/errors.hpp"
#include "functions/datetime_functions.hpp"
#include "functions/function_util.hpp"
#include "functions/functions.hpp"

namespace ifx::lite {

void raise_error(sqlite3_context* ctx, int code, std::string_view parameter) {
    const std::string message =
        std::string(function_error_prefix) + std::to_string(code) + ": " + std::string(parameter);
    sqlite3_result_error(ctx, message.c_str(), static_cast<int>(message.size()));
}

decimal_number numeric::as_decimal() const {
    switch (what) {
        case kind::integer:
            return decimal_from_integer(integer);
        case kind::real:
            return decimal_from_double(real).value_or(decimal_number{});
        case kind::decimal:
            return fixed ? to_decimal_number(*fixed) : decimal;
        default:
            return {};
    }
}

std::optional<fixed_decimal> numeric::as_fixed() const {
    if (what == kind::integer) return fixed_from_integer(integer);
    if (what == kind::decimal) return fixed;
    return std::nullopt;
}

double numeric::as_double() const {
    switch (what) {
        case kind::integer:
            return static_cast<double>(integer);
        case kind::real:
            return real;
        case kind::decimal:
            return decimal_to_double(as_decimal());
        default:
            return 0;
    }
}

numeric numeric_arg(sqlite3_value* v) {
    numeric n;
    switch (sqlite3_value_type(v)) {
        case SQLITE_NULL:
            return n;
        case SQLITE_INTEGER:
            n.what = numeric::kind::integer;
            n.integer = sqlite3_value_int64(v);
            return n;
        case SQLITE_FLOAT:
            n.what = numeric::kind::real;
            n.real = sqlite3_value_double(v);
            return n;
        default: {
            const std::string_view text = text_arg(v);
            if (auto f = parse_fixed(text)) {
                // Integral text within int64 stays an integer, as Informix converts CHAR '12' to 12.
                if (f->scale == 0 && f->coefficient <= std::numeric_limits<std::int64_t>::max() &&
                    f->coefficient >= std::numeric_limits<std::int64_t>::min() &&
                    text.find('.') == std::string_view::npos) {
                    n.what = numeric::kind::integer;
                    n.integer = static_cast<std::int64_t>(f->coefficient);
                    return n;
                }
                n.what = numeric::kind::decimal;
                n.scale = f->scale;
                n.fixed = f;
                return n;
            }
            auto d = parse_decimal(text);
            if (!d) {
                n.what = numeric::kind::invalid;
                return n;
            }
            n.what = numeric::kind::decimal;
            n.decimal = std::move(*d);
            n.scale = written_scale(text);
            return n;
        }
    }
}

void result_decimal(sqlite3_context* ctx, const decimal_number& d, int scale) {
    result_text(ctx, scale < 0 ? format_decimal(d) : format_decimal(d, scale));
}

namespace {

constexpr int floating = decimal_floating_scale;

enum class op { add, sub, mul, div };

// The Informix result type passed by the SQL rewrite (p, s), if any.
struct result_type {
    bool given = false;
    int precision = decimal_max_precision;
    int scale = floating;
};

result_type type_args(int argc, sqlite3_value** argv, int first) {
    result_type t;
    if (argc >= first + 2) {
        t.given = true;
        t.precision = sqlite3_value_int(argv[first]);
        t.scale = sqlite3_value_int(argv[first + 1]);
        if (t.precision < 1 || t.precision > decimal_max_precision) t.precision = decimal_max_precision;
    }
    return t;
}

// Rounds and formats an exact result as the result type says (or with `natural_scale` digits).
void finish_decimal(sqlite3_context* ctx, decimal_number d, const result_type& t, int natural_scale) {
    if (!t.given) {
        if (natural_scale == floating) {
            round_significant(d, decimal_max_precision);
            return result_decimal(ctx, d);
        }
        return result_decimal(ctx, d, natural_scale);
    }
    if (fit_decimal(d, t.precision, t.scale) != decimal_status::ok)
        return raise_error(ctx, code::decimal_overflow);
    result_decimal(ctx, d, t.scale == floating ? -1 : t.scale);
}

// finish_decimal's fast path: false when the result needs the general arithmetic.
bool finish_fixed(sqlite3_context* ctx, fixed_decimal r, const result_type& t) {
    const auto digits = [](const fixed_decimal& d) { return fixed_digits(d); };
    if (t.given && t.scale != floating) {
        const auto scaled = fixed_rescale(r, t.scale);
        if (!scaled) return false;
        if (fixed_integer_digits(*scaled) > t.precision - t.scale) {
            raise_error(ctx, code::decimal_overflow);
            return true;
        }
        result_text(ctx, format_fixed(*scaled));
        return true;
    }
    const int keep = t.given ? t.precision : decimal_max_precision;
    if (t.given || digits(r) > keep) {
        // Floating: at most `keep` significant digits, no trailing zeros.
        const int excess = digits(r) - keep;
        if (excess > 0) {
            if (excess > r.scale) return false;
            r = *fixed_rescale(r, r.scale - excess);
        }
        while (r.scale > 0 && r.coefficient % 10 == 0) {
            r.coefficient /= 10;
            --r.scale;
        }
    }
    result_text(ctx, format_fixed(r));
    return true;
}

bool bad_operand(sqlite3_context* ctx, const numeric& n) {
    if (n.what != numeric::kind::invalid) return false;
    raise_error(ctx, code::char_to_numeric);
    return true;
}

void arithmetic(sqlite3_context* ctx, int argc, sqlite3_value** argv, op o) {
    const numeric a = numeric_arg(argv[0]);
    const numeric b = numeric_arg(argv[1]);
    if (a.what == numeric::kind::null || b.what == numeric::kind::null) return sqlite3_result_null(ctx);
    if (bad_operand(ctx, a) || bad_operand(ctx, b)) return;
    const result_type t = type_args(argc, argv, 2);
    if (a.what == numeric::kind::integer && b.what == numeric::kind::integer && o != op::div) {
        std::int64_t r = 0;
        const bool overflow = o == op::add   ? __builtin_add_overflow(a.integer, b.integer, &r)
                              : o == op::sub ? __builtin_sub_overflow(a.integer, b.integer, &r)
                                             : __builtin_mul_overflow(a.integer, b.integer, &r);
        if (!overflow && (!t.given || t.scale == 0 || t.scale == floating))
            return sqlite3_result_int64(ctx, r);
    }
    if (a.what == numeric::kind::real || b.what == numeric::kind::real) {
        const double x = a.as_double(), y = b.as_double();
        if (o == op::div && y == 0) return raise_error(ctx, code::divide_by_zero);
        const double r = o == op::add ? x + y : o == op::sub ? x - y : o == op::mul ? x * y : x / y;
        return sqlite3_result_double(ctx, r);
    }
    if (const auto fa = a.as_fixed(), fb = b.as_fixed(); fa && fb) {
        std::optional<fixed_decimal> r;
        switch (o) {
            case op::add:
                r = fixed_add(*fa, *fb);
                break;
            case op::sub:
                r = fixed_add(*fa, fixed_decimal{-fb->coefficient, fb->scale});
                break;
            case op::mul:
                r = fixed_multiply(*fa, *fb);
                break;
            case op::div:
                if (fb->coefficient == 0) return raise_error(ctx, code::divide_by_zero);
                r = fixed_divide(*fa, *fb, decimal_max_precision);
                break;
        }
        if (r && finish_fixed(ctx, *r, t)) return;
    }
    const decimal_number x = a.as_decimal(), y = b.as_decimal();
    switch (o) {
        case op::add:
            return finish_decimal(ctx, add_decimal(x, y), t, std::max(a.scale, b.scale));
        case op::sub:
            return finish_decimal(ctx, subtract_decimal(x, y), t, std::max(a.scale, b.scale));
        case op::mul:
            return finish_decimal(ctx, multiply_decimal(x, y), t,
                                  std::min(a.scale + b.scale, decimal_max_precision));
        case op::div: {
            const auto q = divide_decimal(x, y);
            if (!q) return raise_error(ctx, code::divide_by_zero);
            return finish_decimal(ctx, *q, t, floating);
        }
    }
}

void add(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    arithmetic(ctx, argc, argv, op::add);
}
void sub(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    arithmetic(ctx, argc, argv, op::sub);
}
void mul(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    arithmetic(ctx, argc, argv, op::mul);
}
void div(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    arithmetic(ctx, argc, argv, op::div);
}

void neg(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    const numeric a = numeric_arg(argv[0]);
    if (a.what == numeric::kind::null) return sqlite3_result_null(ctx);
    if (bad_operand(ctx, a)) return;
    if (a.what == numeric::kind::integer && a.integer != std::numeric_limits<std::int64_t>::min())
        return sqlite3_result_int64(ctx, -a.integer);
    if (a.what == numeric::kind::real) return sqlite3_result_double(ctx, -a.real);
    finish_decimal(ctx, negate_decimal(a.as_decimal()), type_args(argc, argv, 1), a.scale);
}

void to_decimal(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const numeric a = numeric_arg(argv[0]);
    if (a.what == numeric::kind::null) return sqlite3_result_null(ctx);
    if (bad_operand(ctx, a)) return;
    result_type t;
    t.given = true;
    t.precision = std::clamp(sqlite3_value_int(argv[1]), 1, decimal_max_precision);
    t.scale = sqlite3_value_int(argv[2]);
    if (const auto f = a.as_fixed(); f && finish_fixed(ctx, *f, t)) return;
    finish_decimal(ctx, a.as_decimal(), t, t.scale);
}

void to_integer(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const numeric a = numeric_arg(argv[0]);
    if (a.what == numeric::kind::null) return sqlite3_result_null(ctx);
    if (bad_operand(ctx, a)) return;
    const int kind = sqlite3_value_int(argv[1]);
    decimal_number d = a.as_decimal();
    truncate_decimal(d, 0);
    const auto v = decimal_to_integer(d);
    const std::int64_t limit = kind == 1   ? 32767
                               : kind == 2 ? 2147483647
                                           : std::numeric_limits<std::int64_t>::max();
    if (!v || *v > limit || *v < -limit)
        return raise_error(ctx, kind == 1   ? code::smallint_overflow
                                : kind == 2 ? code::integer_overflow
                                            : code::decimal_overflow);
    sqlite3_result_int64(ctx, *v);
}

void to_float(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const numeric a = numeric_arg(argv[0]);
    if (a.what == numeric::kind::null) return sqlite3_result_null(ctx);
    if (bad_operand(ctx, a)) return;
    sqlite3_result_double(ctx, a.as_double());
}

// ROUND / TRUNC (x [, factor]): half away from zero (decround) or truncation (dectrunc); a
// negative factor works left of the point. DATE and DATETIME arguments go to their own rounding.
void round_or_trunc(sqlite3_context* ctx, int argc, sqlite3_value** argv, digit_cut how) {
    if (is_null(argv[0]) || (argc > 1 && is_null(argv[1]))) return sqlite3_result_null(ctx);
    if (round_datetime_value(ctx, argc, argv, how)) return;
    const numeric a = numeric_arg(argv[0]);
    if (bad_operand(ctx, a)) return;
    int factor = 0;
    if (argc > 1) {
        const numeric f = numeric_arg(argv[1]);
        if (bad_operand(ctx, f)) return;
        decimal_number fd = f.as_decimal();
        truncate_decimal(fd, 0);
        factor = static_cast<int>(std::clamp<std::int64_t>(decimal_to_integer(fd).value_or(0), -200, 200));
    }
    decimal_number d = a.as_decimal();
    if (how == digit_cut::truncate)
        truncate_decimal(d, factor);
    else
        round_decimal(d, factor);
    if (a.what == numeric::kind::real) return sqlite3_result_double(ctx, decimal_to_double(d));
    if (a.what == numeric::kind::integer) {
        if (const auto v = decimal_to_integer(d)) return sqlite3_result_int64(ctx, *v);
    }
    result_decimal(ctx, d, std::max(factor, 0));
}

void round_fn(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    round_or_trunc(ctx, argc, argv, digit_cut::round);
}
void trunc_fn(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    round_or_trunc(ctx, argc, argv, digit_cut::truncate);
}

void abs_fn(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const numeric a = numeric_arg(argv[0]);
    if (a.what == numeric::kind::null) return sqlite3_result_null(ctx);
    if (bad_operand(ctx, a)) return;
    if (a.what == numeric::kind::integer && a.integer != std::numeric_limits<std::int64_t>::min())
        return sqlite3_result_int64(ctx, a.integer < 0 ? -a.integer : a.integer);
    if (a.what == numeric::kind::real) return sqlite3_result_double(ctx, std::fabs(a.real));
    decimal_number d = a.as_decimal();
    d.negative = false;
    result_decimal(ctx, d, a.scale);
}

enum class integer_side { ceiling, floor };

// CEIL / FLOOR: the nearest integer above / below, exact for DECIMAL text.
void ceil_floor(sqlite3_context* ctx, sqlite3_value** argv, integer_side side) {
    const bool ceiling = side == integer_side::ceiling;
    const numeric a = numeric_arg(argv[0]);
    if (a.what == numeric::kind::null) return sqlite3_result_null(ctx);
    if (bad_operand(ctx, a)) return;
    if (a.what == numeric::kind::integer) return sqlite3_result_int64(ctx, a.integer);
    decimal_number d = a.as_decimal();
    decimal_number whole = d;
    truncate_decimal(whole, 0);
    if (compare_decimal(whole, d) != 0 && d.negative != ceiling)
        whole = add_decimal(whole, decimal_from_integer(ceiling ? 1 : -1));
    if (const auto v = decimal_to_integer(whole)) return sqlite3_result_int64(ctx, *v);
    result_decimal(ctx, whole);
}

void ceil_fn(sqlite3_context* ctx, int, sqlite3_value** argv) {
    ceil_floor(ctx, argv, integer_side::ceiling);
}
void floor_fn(sqlite3_context* ctx, int, sqlite3_value** argv) {
    ceil_floor(ctx, argv, integer_side::floor);
}

// MOD(dividend, divisor): the remainder of dividing the integer parts (an INT, INT8 beyond it).
void mod_fn(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const numeric a = numeric_arg(argv[0]);
    const numeric b = numeric_arg(argv[1]);
    if (a.what == numeric::kind::null || b.what == numeric::kind::null) return sqlite3_result_null(ctx);
    if (bad_operand(ctx, a) || bad_operand(ctx, b)) return;
    decimal_number x = a.as_decimal(), y = b.as_decimal();
    truncate_decimal(x, 0);
    truncate_decimal(y, 0);
    const auto xi = decimal_to_integer(x), yi = decimal_to_integer(y);
    if (!xi || !yi) return raise_error(ctx, code::decimal_overflow);
    if (*yi == 0) return raise_error(ctx, code::divide_by_zero);
    if (*yi == -1) return sqlite3_result_int64(ctx, 0);
    sqlite3_result_int64(ctx, *xi % *yi);
}

// Functions Informix computes in floating point (results FLOAT).
template <double (*F)(double)>
void unary_real(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const numeric a = numeric_arg(argv[0]);
    if (a.what == numeric::kind::null) return sqlite3_result_null(ctx);
    if (bad_operand(ctx, a)) return;
    const double r = F(a.as_double());
    if (!std::isfinite(r)) return raise_error(ctx, code::math_domain);
    sqlite3_result_double(ctx, r);
}

void pow_fn(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const numeric a = numeric_arg(argv[0]);
    const numeric b = numeric_arg(argv[1]);
    if (a.what == numeric::kind::null || b.what == numeric::kind::null) return sqlite3_result_null(ctx);
    if (bad_operand(ctx, a) || bad_operand(ctx, b)) return;
    const double r = std::pow(a.as_double(), b.as_double());
    if (!std::isfinite(r)) return raise_error(ctx, code::math_domain);
    sqlite3_result_double(ctx, r);
}

// ROOT(radicand [, index]): the index-th root (default 2).
void root_fn(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    const numeric a = numeric_arg(argv[0]);
    numeric b;
    if (argc > 1) {
        b = numeric_arg(argv[1]);
    } else {
        b.what = numeric::kind::integer;
        b.integer = 2;
    }
    if (a.what == numeric::kind::null || b.what == numeric::kind::null) return sqlite3_result_null(ctx);
    if (bad_operand(ctx, a) || bad_operand(ctx, b)) return;
    const double index = b.as_double();
    const double x = a.as_double();
    if (index == 0) return raise_error(ctx, code::divide_by_zero);
    double r = 0;
    if (x < 0 && std::fmod(index, 2) != 0)
        r = -std::pow(-x, 1 / index);
    else
        r = std::pow(x, 1 / index);
    if (!std::isfinite(r)) return raise_error(ctx, code::math_domain);
    sqlite3_result_double(ctx, r);
}

double sqrt_checked(double x) {
    return x < 0 ? std::numeric_limits<double>::quiet_NaN() : std::sqrt(x);
}
double log_checked(double x) {
    return x <= 0 ? std::numeric_limits<double>::quiet_NaN() : std::log(x);
}
double log10_checked(double x) {
    return x <= 0 ? std::numeric_limits<double>::quiet_NaN() : std::log10(x);
}
double exp_plain(double x) {
    return std::exp(x);
}

}  // namespace

bool register_numeric_functions(sqlite3* db) {
    const int pure = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    struct scalar {
        const char* name;
        int args;
        void (*fn)(sqlite3_context*, int, sqlite3_value**);
    };
    static constexpr scalar scalars[] = {
        {"ifx_add", 2, add},
        {"ifx_add", 4, add},
        {"ifx_sub", 2, sub},
        {"ifx_sub", 4, sub},
        {"ifx_mul", 2, mul},
        {"ifx_mul", 4, mul},
        {"ifx_div", 2, div},
        {"ifx_div", 4, div},
        {"ifx_neg", 1, neg},
        {"ifx_neg", 3, neg},
        {"ifx_to_decimal", 3, to_decimal},
        {"ifx_to_integer", 2, to_integer},
        {"ifx_to_float", 1, to_float},
        {"round", 1, round_fn},
        {"round", 2, round_fn},
        {"trunc", 1, trunc_fn},
        {"trunc", 2, trunc_fn},
        {"abs", 1, abs_fn},
        {"ceil", 1, ceil_fn},
        {"floor", 1, floor_fn},
        {"mod", 2, mod_fn},
        {"pow", 2, pow_fn},
        {"power", 2, pow_fn},
        {"root", 1, root_fn},
        {"root", 2, root_fn},
        {"sqrt", 1, unary_real<sqrt_checked>},
        {"exp", 1, unary_real<exp_plain>},
        {"logn", 1, unary_real<log_checked>},
        {"ln", 1, unary_real<log_checked>},
        {"log10", 1, unary_real<log10_checked>},
    };
    for (const scalar& f : scalars)
        if (sqlite3_create_function(db, f.name, f.args, pure, nullptr, f.fn, nullptr, nullptr) != SQLITE_OK)
            return false;
    return register_numeric_aggregates(db);
}

}  // namespace ifx::lite
