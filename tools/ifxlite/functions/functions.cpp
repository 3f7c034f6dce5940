#include "functions/functions.hpp"

#include <sqlite3.h>

#include <charconv>
#include <cmath>
#include <ctime>
#include <string>
#include <string_view>

#include <unistd.h>

#include "base/text.hpp"
#include "functions/datetime_functions.hpp"
#include "functions/numeric_functions.hpp"
#include "protocol/login.hpp"
#include "types/date.hpp"
#include "types/datetime.hpp"
#include "types/decimal.hpp"

namespace ifx::lite {
namespace {

std::string_view text_arg(sqlite3_value* v) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_value_bytes(v))) : std::string_view{};
}

void raise(sqlite3_context* ctx, int code, std::string_view what = {}) {
    const std::string message =
        std::string(function_error_prefix) + std::to_string(code) + ": " + std::string(what);
    sqlite3_result_error(ctx, message.c_str(), static_cast<int>(message.size()));
}

void dbinfo(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    const auto* facts = static_cast<const session_facts*>(sqlite3_user_data(ctx));
    const std::string what = lower(text_arg(argv[0]));
    const std::string part = argc > 1 ? lower(text_arg(argv[1])) : std::string{};
    if (what == "sqlca.sqlerrd1") return sqlite3_result_int64(ctx, facts->serial);
    if (what == "sqlca.sqlerrd2") return sqlite3_result_int64(ctx, facts->rows);
    if (what == "serial8") return sqlite3_result_int64(ctx, facts->serial8);
    if (what == "bigserial") return sqlite3_result_int64(ctx, facts->bigserial);
    if (what == "sessionid") return sqlite3_result_int64(ctx, facts->session_id);
    if (what == "dbname") return sqlite3_result_text(ctx, facts->database.c_str(), -1, SQLITE_TRANSIENT);
    if (what == "dbhostname") {
        char host[256] = {};
        ::gethostname(host, sizeof host - 1);
        return sqlite3_result_text(ctx, host, -1, SQLITE_TRANSIENT);
    }
    if (what == "utc_current")
        return sqlite3_result_int64(ctx, static_cast<std::int64_t>(std::time(nullptr)));
    if (what == "version") {
        std::string value;
        if (part == "full")
            value = server_version_banner;
        else if (part == "server-type")
            value = "IBM Informix Dynamic Server";
        else if (part == "major")
            value = "15";
        else if (part == "minor")
            value = "0";
        else if (part == "level")
            value = "1.0";
        else if (part == "os")
            value = "U";
        else
            return raise(ctx, -728, "version");  // unknown first argument of DBINFO
        return sqlite3_result_text(ctx, value.c_str(), -1, SQLITE_TRANSIENT);
    }
    raise(ctx, -728, what);
}

void nvl(sqlite3_context* ctx, int, sqlite3_value** argv) {
    sqlite3_result_value(ctx, sqlite3_value_type(argv[0]) == SQLITE_NULL ? argv[1] : argv[0]);
}

// SQLite's "X MATCH Y" calls match(Y, X).
void match(sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL)
        return sqlite3_result_null(ctx);
    sqlite3_result_int(ctx, matches(text_arg(argv[1]), text_arg(argv[0])) ? 1 : 0);
}

void today(sqlite3_context* ctx, int, sqlite3_value**) {
    qualifier q;
    q.start = unit::year;
    q.end = unit::day;
    q.lead = 4;
    const std::string t = current_datetime(q);
    sqlite3_result_text(ctx, t.c_str(), -1, SQLITE_TRANSIENT);
}

void current(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    const auto word = static_cast<std::uint16_t>(argc > 0 ? sqlite3_value_int(argv[0]) : 0x110d);
    const auto q = qualifier::datetime_from_word(word);
    if (!q) return raise(ctx, -1261);
    const std::string t = current_datetime(*q);
    sqlite3_result_text(ctx, t.c_str(), -1, SQLITE_TRANSIENT);
}

bool integer_text(std::string_view t, std::int64_t& out) {
    while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
    while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
    if (!t.empty() && t.front() == '+') t.remove_prefix(1);
    const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
    if (ec == std::errc{} && p == t.data() + t.size() && !t.empty()) return true;
    double d = 0;
    const auto [pd, ecd] = std::from_chars(t.data(), t.data() + t.size(), d);
    if (ecd != std::errc{} || pd != t.data() + t.size() || t.empty() || !std::isfinite(d)) return false;
    if (d < -9.2e18 || d > 9.2e18) return false;
    out = static_cast<std::int64_t>(d);
    return true;
}

// ifx_valid(value, kind, arg): 1 (or NULL for NULL) when the column may hold the value, otherwise
// the Informix conversion error.
void valid(sqlite3_context* ctx, int, sqlite3_value** argv) {
    sqlite3_value* v = argv[0];
    const int type = sqlite3_value_type(v);
    if (type == SQLITE_NULL) return sqlite3_result_int(ctx, 1);
    const int kind = sqlite3_value_int(argv[1]);
    const int arg = sqlite3_value_int(argv[2]);
    switch (kind) {
        case check_kind::smallint:
        case check_kind::integer:
        case check_kind::bigint: {
            std::int64_t n = 0;
            if (type == SQLITE_INTEGER)
                n = sqlite3_value_int64(v);
            else if (type == SQLITE_FLOAT)
                n = static_cast<std::int64_t>(sqlite3_value_double(v));
            else if (!integer_text(text_arg(v), n))
                return raise(ctx, -1213);
            if (kind == check_kind::smallint && (n < -32767 || n > 32767)) return raise(ctx, -1214);
            if (kind == check_kind::integer && (n < -2147483647 || n > 2147483647)) return raise(ctx, -1215);
            break;
        }
        case check_kind::floating:
            if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
                std::int64_t ignored = 0;
                std::string_view t = text_arg(v);
                double d = 0;
                while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
                while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
                const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), d);
                if ((ec != std::errc{} || p != t.data() + t.size()) && !integer_text(t, ignored))
                    return raise(ctx, -1213);
            }
            break;
        case check_kind::decimal: {
            std::string text;
            std::string_view value;
            if (type == SQLITE_FLOAT) {
                const auto d = decimal_from_double(sqlite3_value_double(v));
                if (!d) return raise(ctx, -1226);
                text = format_decimal(*d);
                value = text;
            } else {
                value = text_arg(v);
            }
            const auto status = check_decimal(value, (arg >> 8) & 0xff, arg & 0xff);
            if (status == decimal_status::not_a_number) return raise(ctx, -1213);
            if (status == decimal_status::overflow) return raise(ctx, -1226);
            break;
        }
        case check_kind::date:
            if (type == SQLITE_INTEGER) break;
            if (!parse_date_text(text_arg(v))) return raise(ctx, -1218);
            break;
        case check_kind::datetime:
        case check_kind::interval: {
            const auto q =
                qualifier::from_word(static_cast<std::uint16_t>(arg), kind == check_kind::interval);
            if (!q || is_canonical_datetime(text_arg(v), *q)) break;
            const auto r = canonical_datetime(text_arg(v), *q);
            if (r.code != 0) return raise(ctx, r.code);
            break;
        }
        case check_kind::boolean: {
            const std::string_view t = text_arg(v);
            if (t != "t" && t != "f" && t != "T" && t != "F" && t != "1" && t != "0")
                return raise(ctx, -1260);
            break;
        }
        case check_kind::blob:
            // BYTE/TEXT values come only from type-11/12 binds (SQLite BLOBs); a literal or a
            // CHAR/number value is -617 (§7.11).
            if (type != SQLITE_BLOB) return raise(ctx, -617);
            break;
        default:
            break;
    }
    sqlite3_result_int(ctx, 1);
}

bool match_class(std::string_view pattern, std::size_t& i, unsigned char c) {
    // pattern[i] is '['; on return i is just past the closing ']'.
    ++i;
    bool negate = false;
    if (i < pattern.size() && pattern[i] == '^') {
        negate = true;
        ++i;
    }
    bool found = false;
    bool first = true;
    while (i < pattern.size() && (pattern[i] != ']' || first)) {
        first = false;
        unsigned char lo = static_cast<unsigned char>(pattern[i]);
        if (lo == '\\' && i + 1 < pattern.size()) lo = static_cast<unsigned char>(pattern[++i]);
        unsigned char hi = lo;
        if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
            hi = static_cast<unsigned char>(pattern[i + 2]);
            i += 2;
        }
        if (c >= lo && c <= hi) found = true;
        ++i;
    }
    if (i < pattern.size()) ++i;  // ']'
    return found != negate;
}

}  // namespace

bool matches(std::string_view value, std::string_view pattern) {
    // Iterative wildcard matching with one backtrack point for the last '*'.
    std::size_t v = 0, p = 0;
    std::size_t star_p = std::string_view::npos, star_v = 0;
    while (v < value.size()) {
        if (p < pattern.size()) {
            const char c = pattern[p];
            if (c == '*') {
                star_p = ++p;
                star_v = v;
                continue;
            }
            if (c == '?') {
                ++p;
                ++v;
                continue;
            }
            if (c == '[') {
                std::size_t q = p;
                if (match_class(pattern, q, static_cast<unsigned char>(value[v]))) {
                    p = q;
                    ++v;
                    continue;
                }
            } else {
                std::size_t q = p;
                char literal = c;
                if (c == '\\' && q + 1 < pattern.size()) literal = pattern[++q];
                if (literal == value[v]) {
                    p = q + 1;
                    ++v;
                    continue;
                }
            }
        }
        if (star_p == std::string_view::npos) return false;
        p = star_p;
        v = ++star_v;
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

bool register_dbinfo(sqlite3* db, const session_facts* facts) {
    void* user = const_cast<session_facts*>(facts);
    return sqlite3_create_function(db, "dbinfo", -1, SQLITE_UTF8, user, dbinfo, nullptr, nullptr) ==
           SQLITE_OK;
}

bool register_functions(sqlite3* db) {
    const int text = SQLITE_UTF8;
    const int pure = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    return sqlite3_create_function(db, "nvl", 2, pure, nullptr, nvl, nullptr, nullptr) == SQLITE_OK &&
           sqlite3_create_function(db, "match", 2, pure, nullptr, match, nullptr, nullptr) == SQLITE_OK &&
           sqlite3_create_function(db, "ifx_today", 0, text, nullptr, today, nullptr, nullptr) == SQLITE_OK &&
           sqlite3_create_function(db, "ifx_current", 1, text, nullptr, current, nullptr, nullptr) ==
               SQLITE_OK &&
           sqlite3_create_function(db, "ifx_valid", 3, pure, nullptr, valid, nullptr, nullptr) == SQLITE_OK &&
           register_numeric_functions(db) && register_datetime_functions(db);
}

}  // namespace ifx::lite
