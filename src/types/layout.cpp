#include "types/layout.hpp"

#include <algorithm>
#include <cstring>

#include "ifx/lob.hpp"
#include "types/numeric.hpp"
#include "types/time_codec.hpp"

namespace ifx::types {
namespace {

bool all_equal(std::span<const std::uint8_t> bytes, std::uint8_t value) {
    return std::all_of(bytes.begin(), bytes.end(), [value](std::uint8_t b) { return b == value; });
}

// 80 00 … 00: the NULL of an integer column of U's width (which v has: the plan's width).
template <class U>
bool is_int_min(std::span<const std::uint8_t> v) {
    static constexpr std::uint8_t null_bytes[sizeof(U)] = {0x80};
    U x = 0, null = 0;
    std::memcpy(&x, v.data(), sizeof(U));
    std::memcpy(&null, null_bytes, sizeof(U));
    return x == null;
}

// How the NULL sentinel of a fixed-width value looks (PROTOCOL.md §9.1; CHAR and BOOLEAN are
// grade C), by type.
enum class null_kind : std::uint8_t {
    none,
    int32_min,
    int_min,
    all_ff,
    packed,
    char_zero,
    int8,
    bool_ff,
    blob
};

null_kind null_kind_of(type_code t) noexcept {
    switch (t) {
        case type_code::integer:
        case type_code::serial:
        case type_code::date:
            return null_kind::int32_min;
        case type_code::smallint:
        case type_code::bigint:
        case type_code::bigserial:
            return null_kind::int_min;
        case type_code::float_:
        case type_code::smallfloat:
            return null_kind::all_ff;
        case type_code::decimal:
        case type_code::money:
        case type_code::datetime:
        case type_code::interval:
            return null_kind::packed;
        case type_code::char_:
        case type_code::nchar:
            return null_kind::char_zero;  // ESQL/C convention (C)
        case type_code::int8:
        case type_code::serial8:
            return null_kind::int8;
        case type_code::boolean:
            return null_kind::bool_ff;
        case type_code::byte:
        case type_code::text:
            return null_kind::blob;  // descriptor flags at offset 38 (B)
        default:
            return null_kind::none;
    }
}

// Tests a fixed-width value v (the plan's width for its type) for its NULL sentinel. Inlined into
// the walks: it runs for every fixed-width value of every row.
[[gnu::always_inline]] inline bool is_null_value(null_kind kind, std::span<const std::uint8_t> v) {
    switch (kind) {
        case null_kind::int32_min:
            return is_int_min<std::uint32_t>(v);
        case null_kind::int_min:
            return v[0] == 0x80 && all_equal(v.subspan(1), 0);
        case null_kind::all_ff:
            return all_equal(v, 0xff);
        case null_kind::packed:
            return packed_is_null(v);
        case null_kind::char_zero:
            return !v.empty() && v[0] == 0;
        case null_kind::int8:
            return v[0] == 0 && v[1] == 0;
        case null_kind::bool_ff:
            return v.back() == 0xff;
        case null_kind::blob:
            return (v[39] & 0x01) != 0;
        case null_kind::none:
            break;
    }
    return false;
}

[[gnu::always_inline]] inline bool fixed_is_null(const column_info& c, std::span<const std::uint8_t> v) {
    return is_null_value(null_kind_of(c.type), v);
}

// How the walk treats the grade-C shapes (see split_tuple).
struct walk_options {
    bool bare_locators = false;
    std::size_t blob_width = blob_descriptor_width;
    bool enveloped_booleans = false;  // a type-45 BOOLEAN read as u8 flag + i32 length + value
};

// Walks with a plain position (no reader) because it runs for every value of every row; a value
// that would run past the payload fails the walk.
bool walk(std::span<const std::uint8_t> payload, std::span<const column_info> columns, std::span<cell> cells,
          const walk_options& options) noexcept {
    using shape = detail::column_plan::shape;
    const std::uint8_t* const p = payload.data();
    const std::size_t size = payload.size();
    std::size_t pos = 0;
    detail::column_plan derived;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const column_info& c = columns[i];
        const detail::column_plan* plan = current_plan(c);
        if (plan == nullptr) plan = &(derived = derive_plan(c));
        cell& out = cells[i];
        std::size_t n = 0;
        bool null = false;
        if (options.enveloped_booleans && c.type == type_code::boolean) {
            if (size - pos < 5) return false;
            null = p[pos] != 0;
            n = load_be<std::uint32_t>(payload.subspan(pos + 1, 4));
            pos += 5;
            if (n > size - pos) return false;
        } else if (plan->layout == shape::fixed) {  // most columns: tested first, without the switch
            n = plan->width;
            if (n > size - pos) return false;
            null = fixed_is_null(c, payload.subspan(pos, n));
        } else {
            switch (plan->layout) {
                case shape::varchar:
                    if (pos >= size) return false;
                    n = p[pos++];
                    null = n == 1 && pos < size && p[pos] == 0;  // NULL = 01 00 (A)
                    break;
                case shape::smart_lob:
                    if (options.bare_locators) {
                        n = lob_locator::size_bytes;
                        break;
                    }
                    [[fallthrough]];
                case shape::envelope: {
                    if (size - pos < 5) return false;
                    null = p[pos] != 0;
                    const std::uint32_t length = (std::uint32_t{p[pos + 1]} << 24) |
                                                 (std::uint32_t{p[pos + 2]} << 16) |
                                                 (std::uint32_t{p[pos + 3]} << 8) | std::uint32_t{p[pos + 4]};
                    pos += 5;
                    n = length;
                    break;
                }
                case shape::blob:
                    n = options.blob_width;
                    if (n <= size - pos) null = fixed_is_null(c, payload.subspan(pos, n));
                    break;
                default:
                    return false;
            }
            if (n > size - pos) return false;
        }
        out = cell{static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(n), null, false,
                   detail::fast_kind::none};
        pos += n;
    }
    return pos == size;
}

}  // namespace

bool is_variable(const column_info& c) noexcept {
    switch (c.type) {
        case type_code::varchar:
        case type_code::nvarchar:
        case type_code::udt_var:
        case type_code::udt_fixed:
        case type_code::lvarchar:
        case type_code::set:
        case type_code::multiset:
        case type_code::list:
        case type_code::row:
            return true;
        default:
            return false;
    }
}

std::size_t fixed_width(const column_info& c) noexcept {
    const auto enc = static_cast<std::uint32_t>(c.encoded_length);
    switch (c.type) {
        case type_code::char_:
        case type_code::nchar:
            return enc;
        case type_code::smallint:
            return 2;
        case type_code::integer:
        case type_code::serial:
        case type_code::date:
        case type_code::smallfloat:
            return 4;
        case type_code::float_:
        case type_code::bigint:
        case type_code::bigserial:
            return 8;
        case type_code::int8:
        case type_code::serial8:
            return 10;
        case type_code::decimal:
        case type_code::money: {
            const unsigned precision = (enc >> 8) & 0xff, scale = enc & 0xff;
            if (precision < 1 || precision > 32) return 0;
            return decimal_width(precision, scale);
        }
        case type_code::datetime:
        case type_code::interval: {
            if (!c.has_valid_qualifier()) return 0;
            return time_width(c.qualifier());
        }
        case type_code::boolean:
            return enc == 2 ? 2 : 1;
        case type_code::byte:
        case type_code::text:
            return blob_descriptor_width;
        default:
            return 0;
    }
}

detail::column_plan derive_plan(const column_info& c) noexcept {
    using shape = detail::column_plan::shape;
    detail::column_plan p;
    p.encoded_length = c.encoded_length;
    p.extended_id = c.extended_id;
    p.type_word = c.type_word;
    p.type = c.type;
    p.ready = true;
    p.decimal_scale = static_cast<std::int16_t>(c.scale());
    if (c.type == type_code::datetime || c.type == type_code::interval) {
        p.valid_qualifier = !qualifier::from_word(static_cast<std::uint16_t>(c.encoded_length),
                                                  c.type == type_code::interval, p.time_qualifier);
    }
    if (c.type == type_code::varchar || c.type == type_code::nvarchar) {
        p.layout = shape::varchar;
    } else if (c.is_smart_lob()) {
        p.layout = shape::smart_lob;
    } else if (is_variable(c)) {
        p.layout = shape::envelope;
    } else if (c.type == type_code::byte || c.type == type_code::text) {
        p.layout = shape::blob;
    } else if (const std::size_t n = fixed_width(c); n != 0) {
        p.layout = shape::fixed;
        p.width = static_cast<std::uint32_t>(n);
    }
    return p;
}

bool split_tuple(std::span<const std::uint8_t> payload, std::span<const column_info> columns,
                 std::span<cell> cells) noexcept {
    if (cells.size() < columns.size()) return false;
    const auto any = [&](auto predicate) { return std::any_of(columns.begin(), columns.end(), predicate); };
    // A row with a variable column is walked the variable way (§8.2): a BOOLEAN described as 45
    // then carries the envelope of types 40/41/43/45/46; its bare byte is the fallback (C).
    const bool boolean_envelope = any([](const column_info& c) { return c.type == type_code::boolean; }) &&
                                  any([](const column_info& c) { return is_variable(c); });
    walk_options options;
    options.enveloped_booleans = boolean_envelope;
    if (walk(payload, columns, cells, options)) return true;
    const bool has_lob = any([](const column_info& c) { return c.is_smart_lob(); });
    const bool has_blob =
        any([](const column_info& c) { return c.type == type_code::byte || c.type == type_code::text; });
    for (int variant = 1; variant < 8; ++variant) {
        options.bare_locators = (variant & 1) != 0;
        options.blob_width = (variant & 2) != 0 ? blob_descriptor_width_f70 : blob_descriptor_width;
        options.enveloped_booleans = boolean_envelope && (variant & 4) == 0;
        if ((options.bare_locators && !has_lob) ||
            (options.blob_width != blob_descriptor_width && !has_blob) ||
            ((variant & 4) != 0 && !boolean_envelope))
            continue;
        if (walk(payload, columns, cells, options)) return true;
    }
    return false;
}

namespace {

// The fast read a value of column c allows: only for a column whose stored plan is current (the
// fast readers take the DECIMAL scale and DATETIME qualifier from it).
detail::fast_kind fast_kind_of(const column_info& c) noexcept {
    using detail::fast_kind;
    const detail::column_plan* plan = current_plan(c);
    if (plan == nullptr || plan->layout == detail::column_plan::shape::unsupported) return fast_kind::none;
    switch (c.type) {
        case type_code::smallint:
            return fast_kind::int16;
        case type_code::integer:
        case type_code::serial:
            return fast_kind::int32;
        case type_code::bigint:
        case type_code::bigserial:
            return fast_kind::int64;
        case type_code::date:
            return fast_kind::date;
        case type_code::varchar:
        case type_code::nvarchar:
            return fast_kind::text;
        case type_code::char_:
        case type_code::nchar:
            return fast_kind::text_pad;
        case type_code::decimal:
        case type_code::money:
            return fast_kind::decimal;
        case type_code::datetime:
            return plan->valid_qualifier ? fast_kind::datetime : fast_kind::none;
        default:
            return fast_kind::none;
    }
}

}  // namespace

row_splitter::row_splitter(std::span<const column_info> columns) : columns_(columns) {
    using shape = detail::column_plan::shape;
    steps_.reserve(columns.size());
    // A BOOLEAN (45) next to a VARCHAR is enveloped (split_tuple): not for the simple walk.
    const auto any = [&](auto predicate) { return std::any_of(columns.begin(), columns.end(), predicate); };
    if (any([](const column_info& c) { return c.type == type_code::boolean; }) &&
        any([](const column_info& c) {
            return c.type == type_code::varchar || c.type == type_code::nvarchar;
        }))
        return;
    simple_ = true;
    for (const column_info& c : columns) {
        const detail::column_plan* plan = current_plan(c);
        const detail::column_plan derived = plan ? detail::column_plan{} : derive_plan(c);
        if (plan == nullptr) plan = &derived;
        if (plan->layout != shape::fixed && plan->layout != shape::varchar) {
            simple_ = false;
            steps_.clear();
            return;
        }
        const null_kind kind = null_kind_of(c.type);
        const std::uint32_t w = plan->width;
        op code = op::other;
        if (plan->layout == shape::varchar)
            code = op::varchar;
        else if (kind == null_kind::int32_min && w == 4)
            code = op::int32_min;
        else if (kind == null_kind::int_min && (w == 2 || w == 8))
            code = w == 2 ? op::int16_min : op::int64_min;
        else if (kind == null_kind::all_ff && (w == 4 || w == 8))
            code = w == 4 ? op::ones32 : op::ones64;
        else if ((kind == null_kind::packed || kind == null_kind::int8) && w >= 2)
            code = op::two_zeros;
        else if (kind == null_kind::char_zero && w >= 1)
            code = op::first_zero;
        else if (kind == null_kind::bool_ff && w >= 1)
            code = op::last_ones;
        steps_.push_back(
            {code, static_cast<std::uint8_t>(kind), fast_kind_of(c), code == op::varchar ? 1 : w});
    }
}

bool row_splitter::split_general(std::span<const std::uint8_t> payload, std::span<cell> cells,
                                 std::uint32_t base) const noexcept {
    if (!split_tuple(payload, columns_, cells)) return false;
    for (std::size_t i = 0; i < columns_.size(); ++i) cells[i].offset += base;
    return true;
}

bool row_splitter::other_is_null(std::uint8_t kind, std::span<const std::uint8_t> v) noexcept {
    return is_null_value(static_cast<null_kind>(kind), v);
}

}  // namespace ifx::types
