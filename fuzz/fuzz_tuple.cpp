// Row walking and every column conversion: the value bytes are walked as a tuple of one to
// three columns of the given type; every cell found is converted to text and to each value type.
// The fetch path's row_splitter must split every input exactly as split_tuple does, and row_view's
// fast reads (cells the splitter marked, for planned columns) must give exactly the general
// conversions' outcome.
#include <chrono>
#include <string>

#include "fuzz_input.hpp"
#include "ifx/row.hpp"
#include "types/decode.hpp"
#include "types/layout.hpp"

namespace {

template <class T>
bool same_value(const T& a, const T& b) {
    if constexpr (std::is_same_v<T, ifx::decimal>)
        return a == b && a.to_string() == b.to_string();
    else
        return a == b;
}

// Column i read as T (and as optional<T>) from the marked and the unmarked cells.
template <class T>
void expect_same_read(const ifx::row_view& fast, const ifx::row_view& general, std::size_t i) {
    T a{}, b{};
    const std::error_code ea = fast.get(i, a), eb = general.get(i, b);
    if (ea != eb || (!ea && !same_value(a, b))) __builtin_trap();
    std::optional<T> oa, ob;
    if (fast.get(i, oa) != general.get(i, ob) || oa.has_value() != ob.has_value() ||
        (oa && !same_value(*oa, *ob)))
        __builtin_trap();
}

void expect_same_reads(std::span<const ifx::column_info> cols, std::span<const std::uint8_t> row,
                       const ifx::types::cell* general_cells, ifx::codeset cs) {
    ifx::types::cell marked[3];
    if (!ifx::types::row_splitter(cols).split(row, std::span(marked, cols.size()), 0)) __builtin_trap();
    const ifx::row_view fast(cols, row.data(), marked, cs), general(cols, row.data(), general_cells, cs);
    for (std::size_t i = 0; i < cols.size(); ++i) {
        expect_same_read<std::int16_t>(fast, general, i);
        expect_same_read<int>(fast, general, i);
        expect_same_read<long long>(fast, general, i);
        expect_same_read<std::uint8_t>(fast, general, i);
        expect_same_read<std::uint32_t>(fast, general, i);
        expect_same_read<std::string>(fast, general, i);
        expect_same_read<std::string_view>(fast, general, i);
        expect_same_read<ifx::date>(fast, general, i);
        expect_same_read<std::chrono::sys_days>(fast, general, i);
        expect_same_read<ifx::decimal>(fast, general, i);
        expect_same_read<ifx::datetime>(fast, general, i);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ifx::fuzz::input in;
    if (!ifx::fuzz::parse_input(data, size, in)) return 0;
    in.column.extended_id = data[0] >> 5;  // lets UDT columns reach the boolean/LOB xids sometimes
    if (in.column.type == ifx::type_code::udt_fixed && (data[1] & 1)) in.column.extended_id = ifx::xid::blob;
    if (data[1] & 2) ifx::types::plan_column(in.column);  // as a description is: the fast reads apply
    const std::size_t ncols = 1 + data[2] % 3;
    const ifx::column_info cols[3] = {in.column, in.column, in.column};
    ifx::types::cell cells[3];
    const bool split = ifx::types::split_tuple(in.value, std::span(cols, ncols), std::span(cells, ncols));
    ifx::types::cell fast[3];
    constexpr std::uint32_t base = 1000;
    if (ifx::types::row_splitter(std::span(cols, ncols)).split(in.value, std::span(fast, ncols), base) !=
        split)
        __builtin_trap();
    if (!split) return 0;
    for (std::size_t i = 0; i < ncols; ++i)
        if (fast[i].offset != cells[i].offset + base || fast[i].length != cells[i].length ||
            fast[i].null != cells[i].null || cells[i].fast != ifx::detail::fast_kind::none)
            __builtin_trap();
    for (const ifx::codeset cs : {ifx::codeset::utf8, ifx::codeset::iso_8859_1})
        expect_same_reads(std::span(cols, ncols), in.value, cells, cs);
    for (std::size_t i = 0; i < ncols; ++i) {
        if (cells[i].null) continue;
        const auto v = in.value.subspan(cells[i].offset, cells[i].length);
        std::string text;
        std::string_view view;
        std::int64_t n = 0;
        double d = 0;
        bool b = false;
        ifx::decimal dec;
        ifx::date day;
        ifx::datetime dt;
        ifx::interval iv;
        ifx::lob_locator loc;
        ifx::blob_descriptor desc;
        ifx::composite comp;
        (void)ifx::types::to_text(cols[i], v, ifx::codeset::utf8, text);
        (void)ifx::types::to_text(cols[i], v, ifx::codeset::iso_8859_1, text);
        (void)ifx::types::to_text_view(cols[i], v, ifx::codeset::utf8, view);
        (void)ifx::types::to_int64(cols[i], v, n);
        (void)ifx::types::to_double(cols[i], v, d);
        (void)ifx::types::to_bool(cols[i], v, b);
        (void)ifx::types::to_decimal(cols[i], v, dec);
        (void)ifx::types::to_date(cols[i], v, day);
        (void)ifx::types::to_datetime(cols[i], v, dt);
        (void)ifx::types::to_interval(cols[i], v, iv);
        (void)ifx::types::to_locator(cols[i], v, loc);
        (void)ifx::types::to_descriptor(cols[i], v, desc);
        if (!ifx::types::to_composite(cols[i], v, ifx::codeset::utf8, comp)) (void)comp.elements();
    }
    return 0;
}
