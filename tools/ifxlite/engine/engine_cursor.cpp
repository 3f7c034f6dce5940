// Cursors: stepping, encoding rows as tuples (with BYTE/TEXT descriptors and smart-LOB locators),
// scroll cursors and their materialised results.

#include "engine/engine.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <thread>
#include <type_traits>

#include "base/log.hpp"
#include "catalog/syscatalog.hpp"
#include "engine/engine_detail.hpp"
#include "functions/text_functions.hpp"
#include "sql/dialect.hpp"
#include "sql/expr_type.hpp"
#include "sql/sql_rewrite.hpp"
#include "types/date.hpp"
#include "types/datetime.hpp"
#include "types/decimal.hpp"

namespace ifx::lite {

using engine_detail::max_scroll_bytes;

namespace {

// One column of the current row. Through sqlite3_column_value: one API call per column instead of
// three (each sqlite3_column_* call checks the statement and the connection's state again).
value_view column_value(sqlite3_stmt* stmt, int i) {
    sqlite3_value* v = sqlite3_column_value(stmt, i);
    switch (sqlite3_value_type(v)) {
        case SQLITE_INTEGER:
            return sqlite3_value_int64(v);
        case SQLITE_FLOAT:
            return sqlite3_value_double(v);
        case SQLITE_TEXT: {
            const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
            return std::string_view(p ? p : "", static_cast<std::size_t>(sqlite3_value_bytes(v)));
        }
        case SQLITE_BLOB: {
            const auto* p = static_cast<const char*>(sqlite3_value_blob(v));
            return std::string_view(p ? p : "", static_cast<std::size_t>(sqlite3_value_bytes(v)));
        }
        default:
            return std::monostate{};
    }
}

// Appends n bytes of v, most significant first.
void put_big_endian(std::uint64_t v, int n, std::vector<std::uint8_t>& out) {
    for (int shift = 8 * (n - 1); shift >= 0; shift -= 8)
        out.push_back(static_cast<std::uint8_t>(v >> shift));
}

// i as a big-endian T when T holds it and it is not T's minimum (the wire's NULL of that type).
template <class T>
bool put_narrow(std::int64_t i, std::vector<std::uint8_t>& out) {
    if (i <= std::numeric_limits<T>::min() || i > std::numeric_limits<T>::max()) return false;
    put_big_endian(static_cast<std::make_unsigned_t<T>>(i), static_cast<int>(sizeof(T)), out);
    return true;
}

// The column types and stored forms rows are made of most of the time (an INTEGER stored as
// integer, character, DECIMAL, DATE and DATETIME values stored as their text), appended without
// the general conversions of encode_value. Writes the same bytes encode_value would; false (and
// nothing written) for anything else, including every value encode_value would refuse or
// shorten, so that the general path encodes it or reports its error.
bool encode_common(const column_type& type, sqlite3_value* v, std::vector<std::uint8_t>& out) {
    const int stored = sqlite3_value_type(v);
    if (stored == SQLITE_INTEGER) {
        const std::int64_t i = sqlite3_value_int64(v);
        switch (type.code) {
            case sqltype::integer:
            case sqltype::serial:
            case sqltype::date:  // a day number
                return put_narrow<std::int32_t>(i, out);
            case sqltype::smallint:
                return put_narrow<std::int16_t>(i, out);
            case sqltype::bigint:
            case sqltype::bigserial:
                if (i == std::numeric_limits<std::int64_t>::min()) return false;
                put_big_endian(static_cast<std::uint64_t>(i), 8, out);
                return true;
            default:
                return false;
        }
    }
    if (stored != SQLITE_TEXT) return false;
    const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
    if (!p) return false;
    const std::string_view text(p, static_cast<std::size_t>(sqlite3_value_bytes(v)));
    switch (type.code) {
        case sqltype::varchar:
        case sqltype::nvarchar: {
            // Longer text is cut on a character boundary by the general path.
            if (text.size() > static_cast<std::size_t>(std::min(type.encoded_length, 255))) return false;
            out.push_back(static_cast<std::uint8_t>(text.size()));
            out.insert(out.end(), text.begin(), text.end());
            return true;
        }
        case sqltype::char_:
        case sqltype::nchar: {
            const auto n = static_cast<std::size_t>(type.encoded_length);
            if (text.size() > n) return false;
            const std::size_t at = out.size();
            out.resize(at + n, ' ');
            std::copy(text.begin(), text.end(), out.begin() + static_cast<std::ptrdiff_t>(at));
            return true;
        }
        case sqltype::decimal:
        case sqltype::money:
            // pack_decimal appends only when it succeeds.
            return pack_decimal(text, type.precision, type.scale, out) == decimal_status::ok;
        case sqltype::date: {
            const auto days = parse_date_text(text);
            if (!days) return false;
            put_big_endian(static_cast<std::uint32_t>(*days), 4, out);
            return true;
        }
        case sqltype::datetime: {
            const auto q = qualifier::datetime_from_word(static_cast<std::uint16_t>(type.encoded_length));
            // pack_datetime appends only when it succeeds.
            return q && pack_datetime(text, *q, out);
        }
        default:
            return false;
    }
}

}  // namespace

std::optional<sql_error> engine::open_cursor(statement& st) {
    if (!st.returns_rows() || !st.stmt) return make_error(code::cursor_not_select);
    if (auto e = implicit_begin()) return e;
    close_cursor(st);
    if (auto e = bind_all(st)) return e;
    bool served = false;
    if (auto e = read_uncommitted(st, dirty_read_by::cursor, nullptr, served)) return e;
    if (served) return std::nullopt;
    if (auto e = await_read_locks(st)) return e;
    st.open.set(facts_.session_id);
    st.fetched = 0;
    if (auto e = advance(st)) return e;
    if (st.scroll) return materialise(st);
    return std::nullopt;
}

std::optional<sql_error> engine::advance(statement& st) {
    const int rc = sqlite3_step(st.stmt.get());
    st.has_row = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) return std::nullopt;
    return step_error(rc, st.info.type);
}

namespace {

// A BYTE/TEXT or BLOB/CLOB column's non-NULL value as the bytes it sends (a number stored in
// such a column is sent as its text).
std::string lob_content(const value_view& value) {
    if (const auto* s = std::get_if<std::string_view>(&value)) return std::string(*s);
    if (const auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
    return std::to_string(std::get<double>(value));
}

// §9.11 BYTE/TEXT descriptor (56 bytes, also with f70 — see README): size at 16, NULL flag 0x0001
// at 38; the reserved words at 40..55 carry a marker, the statement id and the value's handle.
void put_blob_descriptor(statement& st, const value_view& value, std::vector<std::uint8_t>& out) {
    std::vector<std::uint8_t> d(blob_descriptor_size, 0);
    const auto put32 = [&](std::size_t at, std::uint32_t v) {
        for (int k = 0; k < 4; ++k)
            d[at + static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(v >> (24 - 8 * k));
    };
    if (std::holds_alternative<std::monostate>(value)) {
        d[39] = 0x01;
    } else {
        std::string content = lob_content(value);
        put32(16, static_cast<std::uint32_t>(content.size()));
        st.blob_bytes += content.size();
        st.blobs.push_back(std::move(content));
        put32(40, blob_descriptor_marker);
        put32(44, static_cast<std::uint32_t>(st.id));
        put32(48, static_cast<std::uint32_t>(st.blobs_dropped + st.blobs.size()));
    }
    out.insert(out.end(), d.begin(), d.end());
}

// §9.12: u8 flag, i32 72, then the 72-byte locator: marker, handle, xid, i64 size, zeros.
void put_locator(lob_store& lobs, const column_type& type, const value_view& value,
                 std::vector<std::uint8_t>& out) {
    const auto put32 = [&](std::uint32_t v) {
        for (int k = 0; k < 4; ++k) out.push_back(static_cast<std::uint8_t>(v >> (24 - 8 * k)));
    };
    if (std::holds_alternative<std::monostate>(value)) {
        out.push_back(1);
        return put32(0);
    }
    std::string content = lob_content(value);
    out.push_back(0);
    put32(smart_lob_locator_size);
    const auto locator = lobs.make_locator(std::move(content), type.xid);
    out.insert(out.end(), locator.begin(), locator.end());
}

// CHAR(n) and VARCHAR(n) hold n bytes of the database code set; a longer stored value is cut on a
// character boundary, never inside a multibyte character.
value_view fit_characters(const column_type& type, const value_view& value, codeset cs) {
    const auto* s = std::get_if<std::string_view>(&value);
    if (!s) return value;
    std::size_t limit = 0;
    if (type.code == sqltype::char_ || type.code == sqltype::nchar)
        limit = static_cast<std::size_t>(type.encoded_length);
    else if (type.code == sqltype::varchar || type.code == sqltype::nvarchar)
        limit = static_cast<std::size_t>(std::min(type.encoded_length, 255));
    else
        return value;
    return s->substr(0, character_prefix(cs, *s, limit));
}

}  // namespace

std::optional<sql_error> engine::encode_row(statement& st, std::vector<std::uint8_t>& payload) {
    return encode_columns(st, st.stmt.get(), payload);
}

std::optional<sql_error> engine::encode_columns(statement& st, sqlite3_stmt* stmt,
                                                std::vector<std::uint8_t>& payload) {
    for (std::size_t i = 0; i < st.columns.size(); ++i) {
        const column_type& type = st.columns[i].type;
        const bool lob = type.blob_descriptor() || type.smart_lob();
        if (!lob && encode_common(type, sqlite3_column_value(stmt, static_cast<int>(i)), payload)) continue;
        const value_view value = column_value(stmt, static_cast<int>(i));
        if (lob) {
            // Values a cursor or the session keeps for SQ_FETCHBLOB / SQ_LODATA are bounded.
            const auto* s = std::get_if<std::string_view>(&value);
            if (lobs_.held() + st.blob_bytes + (s ? s->size() : 0) > lob_store::max_held)
                return make_error(code::out_of_memory);
        }
        if (type.blob_descriptor()) {
            put_blob_descriptor(st, value, payload);
            continue;
        }
        if (type.smart_lob()) {
            put_locator(lobs_, type, value, payload);
            continue;
        }
        if (auto e = encode_value(type, fit_characters(type, value, db_codeset_), payload)) return e;
    }
    return std::nullopt;
}

std::optional<sql_error> engine::fetch_blob(const statement& st, std::span<const std::uint8_t> d,
                                            std::string_view& value) const {
    const auto get32 = [&](std::size_t at) {
        return static_cast<std::uint32_t>(d[at]) << 24 | static_cast<std::uint32_t>(d[at + 1]) << 16 |
               static_cast<std::uint32_t>(d[at + 2]) << 8 | d[at + 3];
    };
    if (d.size() < static_cast<std::size_t>(blob_descriptor_size) || !st.open ||
        get32(40) != blob_descriptor_marker || get32(44) != static_cast<std::uint32_t>(st.id) ||
        get32(48) <= st.blobs_dropped || get32(48) > st.blobs_dropped + st.blobs.size())
        return make_error(code::blob_not_available);
    value = st.blobs[get32(48) - st.blobs_dropped - 1];
    return std::nullopt;
}

void engine::drop_fetched_blobs(statement& st) {
    st.blobs_dropped += static_cast<std::uint32_t>(st.blobs.size());
    st.blobs.clear();
    st.blob_bytes = 0;
}

std::optional<sql_error> engine::call_routine(const routine& r, const std::vector<sql_value>& args,
                                              std::vector<column_type>& types,
                                              std::vector<std::vector<std::uint8_t>>& values,
                                              std::vector<bool>& nulls) {
    std::string sql = std::string(r.function ? "EXECUTE FUNCTION " : "EXECUTE PROCEDURE ") + r.name + "(";
    for (std::size_t i = 0; i < args.size(); ++i) sql += i ? ", ?" : "?";
    sql += ")";
    std::int16_t id = 0;
    if (auto e = prepare(sql, id)) return e;
    statement& st = *find(id);
    const auto done = [&](std::optional<sql_error> e) {
        if (st.open) close_cursor(st);
        release(id);
        return e;
    };
    st.binds = args;
    if (!st.returns_rows()) {
        exec_result ignored;
        return done(execute(st, ignored));
    }
    if (auto e = open_cursor(st)) return done(std::move(e));
    if (!st.has_row) return done(std::nullopt);
    if (st.rows_materialised || !st.stmt)
        return done(
            make_error(-999, "ifxlite: a fast-path call reading uncommitted rows of another session"));
    for (std::size_t i = 0; i < st.columns.size(); ++i) {
        const column_type& type = st.columns[i].type;
        const value_view value = column_value(st.stmt.get(), static_cast<int>(i));
        types.push_back(type);
        nulls.push_back(std::holds_alternative<std::monostate>(value));
        if (type.blob_descriptor() || type.smart_lob())
            return done(make_error(code::no_conversion, "a fast-path result of a large-object type"));
        if (auto e = encode_value(type, fit_characters(type, value, db_codeset_), values.emplace_back()))
            return done(std::move(e));
    }
    return done(std::nullopt);
}

void engine::close_cursor(statement& st) {
    if (st.stmt) sqlite3_reset(st.stmt.get());
    st.open.clear();
    st.has_row = false;
    st.rows_materialised = false;
    st.materialised.clear();
    st.materialised.shrink_to_fit();
    st.position = 0;
    st.ahead.clear();
    st.ahead.shrink_to_fit();
    st.ahead_at = 0;
    st.ahead_error.reset();
    drop_fetched_blobs(st);
    st.blobs.shrink_to_fit();
}

std::optional<sql_error> engine::materialise(statement& st) {
    std::size_t total = 0;
    while (st.has_row) {
        std::vector<std::uint8_t> payload;
        if (auto e = encode_row(st, payload)) return e;
        total += payload.size() + 16;
        if (total > max_scroll_bytes) return make_error(code::out_of_memory);
        st.materialised.push_back(std::move(payload));
        if (auto e = advance(st)) return e;
    }
    return std::nullopt;
}

}  // namespace ifx::lite
