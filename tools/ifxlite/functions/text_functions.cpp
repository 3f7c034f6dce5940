#include "functions/text_functions.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "functions/function_util.hpp"

namespace ifx::lite {
namespace {

codeset codeset_of_call(sqlite3_context* ctx) {
    return sqlite3_user_data(ctx) ? codeset::utf8 : codeset::iso_8859_1;
}

// Byte offsets where each character of `s` starts (plus the end), in the database code set.
std::vector<std::size_t> character_starts(codeset cs, std::string_view s) {
    std::vector<std::size_t> starts;
    starts.reserve(s.size() + 1);
    for (std::size_t i = 0; i < s.size();) {
        starts.push_back(i);
        std::size_t n = 1;
        if (cs == codeset::utf8) {
            const auto c = static_cast<unsigned char>(s[i]);
            n = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
        }
        i = std::min(s.size(), i + n);
    }
    starts.push_back(s.size());
    return starts;
}

std::size_t character_count(codeset cs, std::string_view s) {
    if (cs == codeset::iso_8859_1) return s.size();
    std::size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) ++n;
    return n;
}

std::int64_t integer_arg(sqlite3_value* v) {
    const numeric n = numeric_arg(v);
    decimal_number d = n.as_decimal();
    truncate_decimal(d, 0);
    return std::clamp<std::int64_t>(decimal_to_integer(d).value_or(0), -1'000'000'000, 1'000'000'000);
}

// The value as stored, padded with blanks to the declared CHAR length passed as argument `at`.
std::string padded(sqlite3_value** argv, int argc, int at) {
    std::string s(text_arg(argv[0]));
    if (argc > at && !is_null(argv[at])) {
        const auto width = static_cast<std::size_t>(std::max<std::int64_t>(0, integer_arg(argv[at])));
        if (s.size() < width) s.append(width - s.size(), ' ');
    }
    return s;
}

// LENGTH: bytes, trailing blanks excluded.
void length_fn(sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (is_null(argv[0])) return sqlite3_result_null(ctx);
    std::string_view s = text_arg(argv[0]);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    sqlite3_result_int64(ctx, static_cast<std::int64_t>(s.size()));
}

void char_length(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (is_null(argv[0])) return sqlite3_result_null(ctx);
    sqlite3_result_int64(
        ctx, static_cast<std::int64_t>(character_count(codeset_of_call(ctx), padded(argv, argc, 1))));
}

void octet_length(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (is_null(argv[0])) return sqlite3_result_null(ctx);
    sqlite3_result_int64(ctx, static_cast<std::int64_t>(padded(argv, argc, 1).size()));
}

// ifx_trim(source, mode, pad): mode 0 both ends, 1 leading, 2 trailing; pad one character (blank).
void trim_fn(sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (is_null(argv[0]) || is_null(argv[2])) return sqlite3_result_null(ctx);
    std::string_view s = text_arg(argv[0]);
    const int mode = sqlite3_value_int(argv[1]);
    const std::string_view pad = text_arg(argv[2]);
    if (pad.empty()) return result_text(ctx, s);
    if (mode != 2)
        while (s.size() >= pad.size() && s.substr(0, pad.size()) == pad) s.remove_prefix(pad.size());
    if (mode != 1)
        while (s.size() >= pad.size() && s.substr(s.size() - pad.size()) == pad) s.remove_suffix(pad.size());
    result_text(ctx, s);
}

// Characters [first, first + count) of s (1-based, clipped to the string).
void result_characters(sqlite3_context* ctx, codeset cs, std::string_view s, std::int64_t first,
                       std::int64_t count) {
    const auto starts = character_starts(cs, s);
    const auto n = static_cast<std::int64_t>(starts.size()) - 1;
    std::int64_t begin = std::max<std::int64_t>(first, 1);
    std::int64_t end = count < 0 ? n + 1 : std::min(first + count, n + 1);
    if (begin > n || end <= begin) return result_text(ctx, "");
    result_text(ctx, s.substr(starts[static_cast<std::size_t>(begin - 1)],
                              starts[static_cast<std::size_t>(end - 1)] -
                                  starts[static_cast<std::size_t>(begin - 1)]));
}

// SUBSTR(source, start [, length [, char_length]]): start 0 is 1; a negative start counts back from
// the end of the (blank padded) value.
void substr_fn(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    for (int i = 0; i < std::min(argc, 3); ++i)
        if (is_null(argv[i])) return sqlite3_result_null(ctx);
    const codeset cs = codeset_of_call(ctx);
    const std::string s = padded(argv, argc, 3);
    std::int64_t start = integer_arg(argv[1]);
    const std::int64_t count = argc > 2 ? integer_arg(argv[2]) : -1;
    if (argc > 2 && count <= 0) return result_text(ctx, "");
    if (start == 0) start = 1;
    if (start < 0) start = static_cast<std::int64_t>(character_count(cs, s)) + start + 1;
    if (start < 1) return result_text(ctx, "");
    result_characters(ctx, cs, s, start, count);
}

// SUBSTRING(source FROM start [FOR length]): positions before 1 consume the length (SQL's rule).
void substring_fn(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    for (int i = 0; i < argc; ++i)
        if (is_null(argv[i])) return sqlite3_result_null(ctx);
    const std::int64_t start = integer_arg(argv[1]);
    const std::int64_t count = argc > 2 ? integer_arg(argv[2]) : -1;
    if (argc > 2 && count < 0) return raise_error(ctx, -1279);  // negative length
    result_characters(ctx, codeset_of_call(ctx), text_arg(argv[0]), start, count);
}

void initcap(sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (is_null(argv[0])) return sqlite3_result_null(ctx);
    std::string s(text_arg(argv[0]));
    bool word_start = true;
    for (char& c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) {
            c = static_cast<char>(word_start ? std::toupper(u) : std::tolower(u));
            word_start = false;
        } else {
            word_start = u < 0x80;  // bytes of multibyte characters do not end a word
        }
    }
    result_text(ctx, s);
}

// REPLACE(source, old [, new]): without `new`, occurrences of `old` are removed.
void replace_fn(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (is_null(argv[0])) return sqlite3_result_null(ctx);
    if (is_null(argv[1])) return sqlite3_result_value(ctx, argv[0]);
    const std::string_view s = text_arg(argv[0]), from = text_arg(argv[1]);
    const std::string_view to = argc > 2 && !is_null(argv[2]) ? text_arg(argv[2]) : std::string_view{};
    if (from.empty()) return result_text(ctx, s);
    std::string out;
    std::size_t at = 0;
    for (std::size_t hit; (hit = s.find(from, at)) != std::string_view::npos; at = hit + from.size()) {
        out.append(s.substr(at, hit - at));
        out.append(to);
    }
    out.append(s.substr(at));
    result_text(ctx, out);
}

// LPAD / RPAD(source, length [, pad]): padded (repeating pad, default a blank) or cut to `length`
// characters.
enum class pad_side { left, right };

void pad_fn(sqlite3_context* ctx, int argc, sqlite3_value** argv, pad_side side) {
    if (is_null(argv[0]) || is_null(argv[1]) || (argc > 2 && is_null(argv[2])))
        return sqlite3_result_null(ctx);
    const codeset cs = codeset_of_call(ctx);
    const std::string source = padded(argv, argc, 3);  // a CHAR(n) source keeps its blanks
    const std::string_view s = source;
    const std::int64_t length = std::clamp<std::int64_t>(integer_arg(argv[1]), 0, 32739);
    const std::string_view pad = argc > 2 ? text_arg(argv[2]) : std::string_view(" ");
    const auto starts = character_starts(cs, s);
    const auto have = static_cast<std::int64_t>(starts.size()) - 1;
    if (have >= length) return result_text(ctx, s.substr(0, starts[static_cast<std::size_t>(length)]));
    if (pad.empty()) return result_text(ctx, s);
    const auto pad_starts = character_starts(cs, pad);
    const auto pad_count = pad_starts.size() - 1;
    std::string fill;
    for (std::int64_t k = 0; k < length - have; ++k) {
        const std::size_t c = static_cast<std::size_t>(k) % pad_count;
        fill.append(pad.substr(pad_starts[c], pad_starts[c + 1] - pad_starts[c]));
    }
    result_text(ctx, side == pad_side::left ? fill + std::string(s) : std::string(s) + fill);
}

void lpad(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    pad_fn(ctx, argc, argv, pad_side::left);
}
void rpad(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    pad_fn(ctx, argc, argv, pad_side::right);
}

// Equality as DECODE compares: numerically when both are numbers, else as text; NULL matches NULL.
bool same_value(sqlite3_value* a, sqlite3_value* b) {
    if (is_null(a) || is_null(b)) return is_null(a) && is_null(b);
    const numeric x = numeric_arg(a), y = numeric_arg(b);
    if (x.what != numeric::kind::invalid && y.what != numeric::kind::invalid) {
        if (x.what == numeric::kind::real || y.what == numeric::kind::real)
            return x.as_double() == y.as_double();
        return compare_decimal(x.as_decimal(), y.as_decimal()) == 0;
    }
    return text_arg(a) == text_arg(b);
}

void decode(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (argc < 3) return raise_error(ctx, -201);
    int i = 1;
    for (; i + 1 < argc; i += 2)
        if (same_value(argv[0], argv[i])) return sqlite3_result_value(ctx, argv[i + 1]);
    if (i < argc) return sqlite3_result_value(ctx, argv[i]);
    sqlite3_result_null(ctx);
}

}  // namespace

bool register_text_functions(sqlite3* db, codeset cs) {
    const int pure = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    void* utf8 = cs == codeset::utf8 ? reinterpret_cast<void*>(1) : nullptr;
    struct entry {
        const char* name;
        int args;
        void (*fn)(sqlite3_context*, int, sqlite3_value**);
    };
    static constexpr entry entries[] = {
        {"length", 1, length_fn},
        {"char_length", 1, char_length},
        {"char_length", 2, char_length},
        {"character_length", 1, char_length},
        {"character_length", 2, char_length},
        {"octet_length", 1, octet_length},
        {"octet_length", 2, octet_length},
        {"ifx_trim", 3, trim_fn},
        {"substr", 2, substr_fn},
        {"substr", 3, substr_fn},
        {"substr", 4, substr_fn},
        {"ifx_substring", 2, substring_fn},
        {"ifx_substring", 3, substring_fn},
        {"initcap", 1, initcap},
        {"replace", 2, replace_fn},
        {"replace", 3, replace_fn},
        {"lpad", 2, lpad},
        {"lpad", 3, lpad},
        {"rpad", 2, rpad},
        {"rpad", 3, rpad},
        {"lpad", 4, lpad},
        {"rpad", 4, rpad},
        {"decode", -1, decode},
    };
    for (const entry& e : entries)
        if (sqlite3_create_function(db, e.name, e.args, pure, utf8, e.fn, nullptr, nullptr) != SQLITE_OK)
            return false;
    return true;
}

}  // namespace ifx::lite
