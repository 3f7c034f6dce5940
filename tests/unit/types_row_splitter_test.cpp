// row_splitter (the fetch path's walk, with the column layouts looked up once) must give exactly
// split_tuple's answer for every payload: valid rows, NULL sentinels, truncated, extended and
// corrupted rows, planned and unplanned columns, and the layouts it leaves to split_tuple.
#include <random>

#include "types/time_codec.hpp"
#include "types_support.hpp"

namespace {

using ifx::column_info;
using ifx::type_code;
using ifx::test::bytes;
using ifx::test::col;

std::vector<column_info> every_simple_column() {
    const auto to_second = ifx::qualifier::datetime(ifx::time_unit::year, ifx::time_unit::second);
    return {col(type_code::integer, 4),
            col(type_code::smallint, 2),
            col(type_code::bigint, 8),
            col(type_code::float_, 8),
            col(type_code::smallfloat, 4),
            col(type_code::decimal, 0x1002),
            col(type_code::money, 0x0802),
            col(type_code::date, 4),
            col(type_code::datetime, to_second.word()),
            col(type_code::char_, 5),
            col(type_code::nchar, 3),
            col(type_code::int8, 10),
            col(type_code::serial, 4),
            col(type_code::varchar, 40),
            col(type_code::nvarchar, 20),
            col(type_code::boolean, 1)};
}

// A row for `cols`: random values, about one in four a NULL (the all-zero or 0x80/0xff forms
// included by chance), VARCHARs of random length.
bytes random_row(const std::vector<column_info>& cols, std::mt19937& rng) {
    bytes row;
    for (const auto& c : cols) {
        const bool null = rng() % 4 == 0;
        if (c.type == type_code::varchar || c.type == type_code::nvarchar) {
            if (null) {
                row.insert(row.end(), {1, 0});
                continue;
            }
            const std::size_t n = rng() % 41;
            row.push_back(static_cast<std::uint8_t>(n));
            for (std::size_t i = 0; i < n; ++i) row.push_back(static_cast<std::uint8_t>('a' + rng() % 26));
            continue;
        }
        const std::size_t w = ifx::types::fixed_width(c);
        for (std::size_t i = 0; i < w; ++i)
            row.push_back(null ? static_cast<std::uint8_t>(i == 0 ? 0x80 * (rng() % 2) : 0)
                               : static_cast<std::uint8_t>(rng()));
    }
    return row;
}

void expect_same(const std::vector<column_info>& cols, std::span<const std::uint8_t> payload,
                 std::uint32_t base) {
    std::vector<ifx::types::cell> slow(cols.size()), fast(cols.size());
    const bool slow_ok = ifx::types::split_tuple(payload, cols, slow);
    const ifx::types::row_splitter splitter(cols);
    const bool fast_ok = splitter.split(payload, fast, base);
    ASSERT_EQ(fast_ok, slow_ok) << payload.size() << " bytes";
    if (!slow_ok) return;
    for (std::size_t i = 0; i < cols.size(); ++i) {
        EXPECT_EQ(fast[i].offset, slow[i].offset + base) << i;
        EXPECT_EQ(fast[i].length, slow[i].length) << i;
        EXPECT_EQ(fast[i].null, slow[i].null) << i;
        EXPECT_FALSE(fast[i].content);
    }
}

TEST(row_splitter, agrees_with_split_tuple_on_random_valid_and_damaged_rows) {
    std::mt19937 rng(20261127);
    for (bool planned : {false, true}) {
        auto all = every_simple_column();
        if (planned)
            for (auto& c : all) ifx::types::plan_column(c);
        for (int round = 0; round < 400; ++round) {
            std::vector<column_info> cols;
            const std::size_t n = 1 + rng() % 8;
            for (std::size_t i = 0; i < n; ++i) cols.push_back(all[rng() % all.size()]);
            const bytes row = random_row(cols, rng);
            expect_same(cols, row, 0);
            expect_same(cols, row, static_cast<std::uint32_t>(rng() % 100000));
            for (std::size_t cut = 0; cut < row.size(); ++cut)
                expect_same(cols, std::span(row).first(cut), 7);
            bytes longer = row;
            longer.push_back(static_cast<std::uint8_t>(rng()));
            expect_same(cols, longer, 0);
            bytes damaged = row;
            if (!damaged.empty()) damaged[rng() % damaged.size()] = static_cast<std::uint8_t>(rng());
            expect_same(cols, damaged, 3);
        }
    }
}

TEST(row_splitter, layouts_it_does_not_walk_itself_go_through_split_tuple) {
    // LVARCHAR (envelope), BLOB (envelope or bare locator), BYTE (descriptor): split_tuple's
    // grade-C retries must apply unchanged.
    std::vector<column_info> cols = {col(type_code::integer, 4), col(type_code::lvarchar, 100),
                                     col(type_code::udt_fixed, 72, ifx::xid::blob)};
    cols[2].type_word = static_cast<std::uint16_t>(type_code::udt_fixed);
    bytes enveloped = {0, 0, 0, 7, 0, 0, 0, 0, 2, 'h', 'i', 0, 0, 0, 0, 72};
    enveloped.resize(enveloped.size() + 72, 0x11);
    bytes bare = {0, 0, 0, 7, 0, 0, 0, 0, 2, 'h', 'i'};
    bare.resize(bare.size() + 72, 0x22);
    for (const bytes& row : {enveloped, bare}) {
        expect_same(cols, row, 0);
        expect_same(cols, row, 1000);
        for (std::size_t cut = 0; cut < row.size(); ++cut) expect_same(cols, std::span(row).first(cut), 5);
    }
    std::vector<ifx::types::cell> cells(cols.size());
    EXPECT_TRUE(ifx::types::row_splitter(cols).split(bare, cells, 0));
    EXPECT_EQ(cells[2].length, 72u);
}

TEST(row_splitter, too_few_cells_fail) {
    const std::vector<column_info> cols = {col(type_code::integer, 4), col(type_code::integer, 4)};
    const bytes row = {0, 0, 0, 1, 0, 0, 0, 2};
    std::vector<ifx::types::cell> cells(1);
    EXPECT_FALSE(ifx::types::row_splitter(cols).split(row, cells, 0));
}

}  // namespace

namespace {

// The byte patterns NULL sentinels are made of (all zero, 80 00 …, all ff, … ff), each also with
// one byte changed, as one value of width w.
std::vector<bytes> sentinel_like_values(std::size_t w) {
    std::vector<bytes> out;
    bytes zeros(w, 0), int_min(w, 0), ones(w, 0xff), last_ff(w, 0);
    if (w > 0) int_min[0] = 0x80, last_ff[w - 1] = 0xff;
    for (const bytes& v : {zeros, int_min, ones, last_ff}) {
        out.push_back(v);
        for (std::size_t i = 0; i < w; ++i) {
            bytes changed = v;
            changed[i] ^= 0x01;
            out.push_back(changed);
        }
    }
    return out;
}

}  // namespace

TEST(row_splitter, null_sentinels_agree_with_split_tuple_at_every_place_in_the_row) {
    // Each column alone, after a VARCHAR, before one, and between fixed columns: the NULL test
    // reads an 8-byte window placed by the row's shape (backwards near the end of the row, the
    // type's own test in rows of fewer than 8 fixed bytes), so every place is tried.
    auto all = every_simple_column();
    for (auto& c : all) ifx::types::plan_column(c);
    const column_info small = col(type_code::smallint, 2);
    const column_info text = col(type_code::varchar, 40);
    const column_info big = col(type_code::bigint, 8);
    std::size_t nulls = 0;
    for (const column_info& c : all) {
        if (c.type == type_code::varchar || c.type == type_code::nvarchar) continue;
        const std::size_t w = ifx::types::fixed_width(c);
        const bool boolean = c.type == type_code::boolean;  // enveloped next to a VARCHAR
        std::vector<std::vector<column_info>> layouts = {{c}, {small, c}, {c, small}, {big, c, big}};
        if (!boolean) {
            layouts.push_back({text, c});
            layouts.push_back({c, text});
            layouts.push_back({small, text, c, small});
        }
        for (const auto& cols : layouts) {
            for (const bytes& v : sentinel_like_values(w)) {
                bytes row;
                for (const column_info& k : cols) {
                    if (k.type == type_code::varchar)
                        row.insert(row.end(), {2, 'h', 'i'});
                    else if (k.type == c.type && ifx::types::fixed_width(k) == w)
                        row.insert(row.end(), v.begin(), v.end());
                    else
                        row.insert(row.end(), ifx::types::fixed_width(k), 0x11);
                }
                expect_same(cols, row, 9);
                for (std::size_t cut = 0; cut < row.size(); ++cut)
                    expect_same(cols, std::span(row).first(cut), 1);
                std::vector<ifx::types::cell> cells(cols.size());
                if (ifx::types::split_tuple(row, cols, cells))
                    for (const auto& cell : cells) nulls += cell.null ? 1 : 0;
            }
        }
    }
    EXPECT_GT(nulls, 100u);  // the sentinels were there to be found
}
