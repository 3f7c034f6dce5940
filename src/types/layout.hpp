#pragma once
// Where each column's value sits inside an SQ_TUPLE payload (PROTOCOL.md §8.2, §9.1).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "ifx/column.hpp"
#include "ifx/detail/cell.hpp"
#include "types/numeric.hpp"
#include "types/packed.hpp"

namespace ifx::detail {

/// The library's access to the decode plan column_info keeps private.
struct column_plan_access {
    /// The plan, or nullptr when it was never derived or the description fields changed since.
    static const column_plan* current(const column_info& c) noexcept {
        const column_plan& p = c.plan_;
        return p.ready && p.encoded_length == c.encoded_length && p.type == c.type &&
                       p.type_word == c.type_word && p.extended_id == c.extended_id
                   ? &p
                   : nullptr;
    }
    /// The plan as stored, current or not (for cells the row walk marked while it was current).
    static const column_plan& stored(const column_info& c) noexcept { return c.plan_; }
    static void set(column_info& c, const column_plan& p) noexcept { c.plan_ = p; }
};

}  // namespace ifx::detail

namespace ifx::types {

/// The column's current decode plan (detail::column_plan_access::current).
inline const detail::column_plan* current_plan(const column_info& c) noexcept {
    return detail::column_plan_access::current(c);
}

/// One value inside a row payload: its bytes (length prefixes and envelopes excluded).
using cell = detail::cell;

/// Size of a BYTE/TEXT descriptor in a tuple: 56, or 68 with feature 70 (grade C).
inline constexpr std::size_t blob_descriptor_width = 56;
inline constexpr std::size_t blob_descriptor_width_f70 = 68;

/// The width of a fixed-width column in a tuple, or 0 when the column is variable-width
/// (VARCHAR, LVARCHAR, UDTs, collections), of an unsupported type, or described impossibly
/// (DECIMAL precision outside 1..32, an invalid DATETIME/INTERVAL qualifier).
std::size_t fixed_width(const column_info& column) noexcept;

/// True when the column is walked with a length prefix or envelope rather than a fixed width.
bool is_variable(const column_info& column) noexcept;

/// The column's layout and decode parameters, derived from its description fields.
detail::column_plan derive_plan(const column_info& column) noexcept;
/// Stores derive_plan(column) in the column: done once per column when a description arrives, so
/// that walking and decoding each row does not derive them again.
inline void plan_column(column_info& column) noexcept {
    detail::column_plan_access::set(column, derive_plan(column));
}

/// Walks a row payload column by column (never using describe start positions: pitfall 20) and
/// fills one cell per column. Returns false when the payload does not match the columns exactly.
/// BLOB/CLOB locators are read in the 5-byte envelope form, and as a bare 72-byte locator when
/// the enveloped walk does not fit (§9.12, grade C); BYTE/TEXT descriptors as 56 bytes, and as
/// 68 when that does not fit (§9.11, f70, grade C). In a row with a variable-width column a
/// BOOLEAN described as type 45 is read in the envelope of §8.2 (u8 flag, i32 length, value), and
/// as its bare byte when that does not fit (grade C).
bool split_tuple(std::span<const std::uint8_t> payload, std::span<const column_info> columns,
                 std::span<cell> cells) noexcept;

/// split_tuple for every row of one result: the columns' layouts are looked up once, at
/// construction, instead of for every row. Same results and checks as split_tuple. The columns
/// must outlive the splitter and stay unchanged while it is used.
class row_splitter {
public:
    explicit row_splitter(std::span<const column_info> columns);
    /// Splits one payload into cells (one per column), their offsets plus `base`. Inline, so
    /// that a fetch's loop over a run of tuples walks each row without a call.
    bool split(std::span<const std::uint8_t> payload, std::span<cell> cells,
               std::uint32_t base) const noexcept {
        if (cells.size() < columns_.size()) return false;
        if (!simple_) return split_general(payload, cells, base);
        return walk(payload, cells.data(), base);
    }
    std::size_t columns() const noexcept { return columns_.size(); }

private:
    // One switch per column in the walk: VARCHAR, or a fixed-width value and the test of its NULL
    // sentinel for the usual widths (the type's own test, is_null_value, for anything else).
    enum class op : std::uint8_t {
        varchar,
        int16_min,   // 80 00
        int32_min,   // 80 00 00 00
        int64_min,   // 80 00 … 00
        ones32,      // ff ff ff ff
        ones64,      // ff × 8
        two_zeros,   // 00 00 …: DECIMAL/DATETIME/INTERVAL (packed), INT8
        first_zero,  // 00 …: CHAR
        last_ones,   // … ff: BOOLEAN
        other,
    };
    struct step {
        op code;
        std::uint8_t null;  // how a NULL looks, for op::other
        detail::fast_kind fast;
        std::uint32_t width;  // the value's width; 1 (the length prefix) for a VARCHAR
    };

    // Rows with other layouts: split_tuple, with its grade-C retries.
    bool split_general(std::span<const std::uint8_t> payload, std::span<cell> cells,
                       std::uint32_t base) const noexcept;
    static bool other_is_null(std::uint8_t kind, std::span<const std::uint8_t> v) noexcept;

    // Only fixed-width and VARCHAR columns: the walk of split_tuple without its per-column plan
    // checks and layout switch, with the same bounds checks and NULL tests. Such rows have no
    // grade-C variant to retry, so a failure here is split_tuple's failure too.
    bool walk(std::span<const std::uint8_t> payload, cell* out, std::uint32_t base) const noexcept {
        const std::uint8_t* const p = payload.data();
        const std::size_t size = payload.size();
        std::size_t pos = 0;
        for (const step& s : steps_) {
            std::size_t n = s.width;
            if (n > size - pos) return false;
            const std::uint8_t* v = p + pos;
            bool null = false;
            switch (s.code) {
                case op::varchar:
                    n = *v++;
                    ++pos;
                    if (n > size - pos) return false;
                    null = n == 1 && v[0] == 0;  // NULL = 01 00 (A)
                    break;
                case op::int16_min:
                    null = load_be<std::uint16_t>({v, 2}) == 0x8000u;
                    break;
                case op::int32_min:
                    null = load_be<std::uint32_t>({v, 4}) == 0x80000000u;
                    break;
                case op::int64_min:
                    null = load_be<std::uint64_t>({v, 8}) == 0x8000000000000000u;
                    break;
                case op::ones32:
                    null = load_be<std::uint32_t>({v, 4}) == 0xffffffffu;
                    break;
                case op::ones64:
                    null = load_be<std::uint64_t>({v, 8}) == ~std::uint64_t{0};
                    break;
                case op::two_zeros:
                    null = (v[0] | v[1]) == 0;
                    break;
                case op::first_zero:
                    null = v[0] == 0;
                    break;
                case op::last_ones:
                    null = v[n - 1] == 0xff;
                    break;
                case op::other:
                    null = other_is_null(s.null, {v, n});
                    break;
                default:
                    __builtin_unreachable();
            }
            *out++ = cell{base + static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(n), null, false,
                          s.fast};
            pos += n;
        }
        return pos == size;
    }

    std::span<const column_info> columns_;
    std::vector<step> steps_;
    bool simple_ = false;  // every column fixed-width or VARCHAR: the fast walk applies
};

}  // namespace ifx::types
