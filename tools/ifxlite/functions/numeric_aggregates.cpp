// SUM and AVG as Informix computes them (numeric_functions.hpp).

#include "functions/numeric_functions.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <memory>
#include <new>

#include "base/errors.hpp"
#include "functions/datetime_functions.hpp"
#include "functions/function_util.hpp"
#include "functions/functions.hpp"

namespace ifx::lite {
namespace {

// SUM and AVG: exact over integers (int64, a DECIMAL when it overflows) and DECIMAL text, double
// over doubles. Also window functions (inverse removes a row).
struct sum_state {
    std::int64_t count = 0;
    numeric::kind what = numeric::kind::null;
    std::int64_t integer = 0;
    double real = 0;
    std::optional<fixed_decimal> fixed;  ///< the DECIMAL sum while it fits 38 digits
    decimal_number decimal;              ///< … and beyond
    int scale = 0;
    bool failed = false;

    decimal_number exact() const { return fixed ? to_decimal_number(*fixed) : decimal; }
};

// sqlite3_aggregate_context hands out zero-filled memory; the state is constructed in it on first
// use (`ready` is false in zeroed memory) and destroyed by the final call. SQLite aligns that memory
// to 8 bytes only and the 128-bit sum needs 16: the slot sits at the first aligned address of a
// block asked for with room to spare (the same block, so the same address, on every call).
struct sum_slot {
    bool ready;
    alignas(sum_state) unsigned char storage[sizeof(sum_state)];
};

// Whether state_of makes the state on the first call (xStep) or only finds one (xValue, xFinal).
enum class state_access { find, create };
// A row entering the window (xStep) or leaving it (xInverse).
enum class sum_change { add, remove };
// xValue reads the state; xFinal reads and then destroys it.
enum class result_call { value, final };

sum_state* state_of(sqlite3_context* ctx, state_access access) {
    const bool create = access == state_access::create;
    constexpr std::size_t room = sizeof(sum_slot) + alignof(sum_slot) - 1;
    void* raw = sqlite3_aggregate_context(ctx, create ? static_cast<int>(room) : 0);
    if (!raw) return nullptr;
    std::size_t space = room;
    auto* slot = static_cast<sum_slot*>(std::align(alignof(sum_slot), sizeof(sum_slot), raw, space));
    if (!slot->ready) {
        if (!create) return nullptr;
        new (slot->storage) sum_state();
        slot->ready = true;
    }
    return std::launder(reinterpret_cast<sum_state*>(slot->storage));
}

void accumulate(sqlite3_context* ctx, sqlite3_value* v, sum_change change) {
    const bool remove = change == sum_change::remove;
    if (is_null(v)) return;
    sum_state* s = state_of(ctx, state_access::create);
    if (!s) return sqlite3_result_error_nomem(ctx);
    if (s->failed) return;
    numeric n = numeric_arg(v);
    if (n.what == numeric::kind::invalid) {
        s->failed = true;
        return raise_error(ctx, code::char_to_numeric);
    }
    s->count += remove ? -1 : 1;
    s->scale = std::max(s->scale, n.scale);
    if (remove) {
        if (n.what == numeric::kind::integer && n.integer != std::numeric_limits<std::int64_t>::min())
            n.integer = -n.integer;
        else if (n.what == numeric::kind::real)
            n.real = -n.real;
        else {
            n.decimal = negate_decimal(n.as_decimal());
            n.what = numeric::kind::decimal;
        }
    }
    if (s->what == numeric::kind::null)
        s->what = n.what == numeric::kind::real ? n.what : numeric::kind::integer;
    if (n.what == numeric::kind::real || s->what == numeric::kind::real) {
        if (s->what != numeric::kind::real) {
            s->real = s->what == numeric::kind::integer ? static_cast<double>(s->integer)
                                                        : decimal_to_double(s->exact());
            s->what = numeric::kind::real;
        }
        s->real += n.as_double();
        return;
    }
    if (s->what == numeric::kind::integer && n.what == numeric::kind::integer) {
        std::int64_t r = 0;
        if (!__builtin_add_overflow(s->integer, n.integer, &r)) {
            s->integer = r;
            return;
        }
    }
    if (s->what == numeric::kind::integer) {
        s->fixed = fixed_from_integer(s->integer);
        s->what = numeric::kind::decimal;
    }
    if (s->fixed) {
        if (const auto f = n.as_fixed()) {
            if (const auto r = fixed_add(*s->fixed, *f)) {
                s->fixed = r;
                return;
            }
        }
        s->decimal = to_decimal_number(*s->fixed);
        s->fixed.reset();
    }
    s->decimal = add_decimal(s->decimal, n.as_decimal());
}

void sum_step(sqlite3_context* ctx, int, sqlite3_value** argv) {
    accumulate(ctx, argv[0], sum_change::add);
}
void sum_inverse(sqlite3_context* ctx, int, sqlite3_value** argv) {
    accumulate(ctx, argv[0], sum_change::remove);
}

void sum_result(sqlite3_context* ctx, result_call call) {
    sum_state* s = state_of(ctx, state_access::find);
    if (!s || s->what == numeric::kind::null || s->count == 0 || s->failed) {
        if (!(s && s->failed)) sqlite3_result_null(ctx);
    } else if (s->what == numeric::kind::integer) {
        sqlite3_result_int64(ctx, s->integer);
    } else if (s->what == numeric::kind::real) {
        sqlite3_result_double(ctx, s->real);
    } else if (s->fixed) {
        const auto shown = fixed_rescale(*s->fixed, std::max(s->scale, s->fixed->scale));
        result_text(ctx, format_fixed(shown.value_or(*s->fixed)));
    } else {
        result_decimal(ctx, s->decimal, s->scale);
    }
    if (call == result_call::final && s) s->~sum_state();
}

void sum_value(sqlite3_context* ctx) {
    sum_result(ctx, result_call::value);
}
void sum_final(sqlite3_context* ctx) {
    sum_result(ctx, result_call::final);
}

void avg_result(sqlite3_context* ctx, result_call call) {
    sum_state* s = state_of(ctx, state_access::find);
    if (!s || s->what == numeric::kind::null || s->count == 0 || s->failed) {
        if (!(s && s->failed)) sqlite3_result_null(ctx);
    } else if (s->what == numeric::kind::real) {
        sqlite3_result_double(ctx, s->real / static_cast<double>(s->count));
    } else {
        // Informix's AVG is a floating DECIMAL(32): 32 significant digits.
        const std::optional<fixed_decimal> total =
            s->what == numeric::kind::integer ? std::optional<fixed_decimal>(fixed_from_integer(s->integer))
                                              : s->fixed;
        const auto fast =
            total ? fixed_divide(*total, fixed_from_integer(s->count), decimal_max_precision) : std::nullopt;
        if (fast) {
            result_text(ctx, format_fixed(*fast));
        } else {
            const decimal_number exact =
                s->what == numeric::kind::integer ? decimal_from_integer(s->integer) : s->exact();
            const auto q = divide_decimal(exact, decimal_from_integer(s->count));
            result_decimal(ctx, q.value_or(decimal_number{}));
        }
    }
    if (call == result_call::final && s) s->~sum_state();
}

void avg_value(sqlite3_context* ctx) {
    avg_result(ctx, result_call::value);
}
void avg_final(sqlite3_context* ctx) {
    avg_result(ctx, result_call::final);
}

}  // namespace

bool register_numeric_aggregates(sqlite3* db) {
    const int pure = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    return sqlite3_create_window_function(db, "sum", 1, pure, nullptr, sum_step, sum_final, sum_value,
                                          sum_inverse, nullptr) == SQLITE_OK &&
           sqlite3_create_window_function(db, "avg", 1, pure, nullptr, sum_step, avg_final, avg_value,
                                          sum_inverse, nullptr) == SQLITE_OK;
}

}  // namespace ifx::lite
