// row_view's fast reads (the values the row walker marked in their cells, read without the
// general conversion) must give exactly the general conversion's answer: the same value, the same
// error, for every C++ type and every value, valid or not. Each row is split twice, by the fetch
// path's row_splitter (cells marked) and by split_tuple (cells unmarked: the general path only),
// and every column is read as every type from both.
#include <random>
#include <string>

#include "ifx/row.hpp"
#include "types/decimal_codec.hpp"
#include "types_support.hpp"

namespace {

using ifx::column_info;
using ifx::row_view;
using ifx::type_code;
using ifx::detail::fast_kind;
using ifx::test::bytes;
using ifx::test::col;

std::vector<column_info> planned_columns() {
    const auto to_second = ifx::qualifier::datetime(ifx::time_unit::year, ifx::time_unit::second);
    const auto to_fraction = ifx::qualifier::datetime(ifx::time_unit::year, ifx::time_unit::fraction3);
    std::vector<column_info> cols = {col(type_code::integer, 4),
                                     col(type_code::smallint, 2),
                                     col(type_code::bigint, 8),
                                     col(type_code::serial, 4),
                                     col(type_code::date, 4),
                                     col(type_code::varchar, 40),
                                     col(type_code::nvarchar, 20),
                                     col(type_code::char_, 6),
                                     col(type_code::nchar, 3),
                                     col(type_code::decimal, 0x1002),
                                     col(type_code::decimal, 0x08ff),
                                     col(type_code::money, 0x0a04),
                                     col(type_code::datetime, to_second.word()),
                                     col(type_code::datetime, to_fraction.word()),
                                     col(type_code::float_, 8)};
    for (auto& c : cols) ifx::types::plan_column(c);
    return cols;
}

std::uint8_t random_byte(std::mt19937& rng) {
    return static_cast<std::uint8_t>(rng());
}

void append_big_endian(bytes& row, std::uint64_t v, std::size_t width) {
    for (std::size_t k = width; k-- > 0;) row.push_back(static_cast<std::uint8_t>(v >> (8 * k)));
}

// Text of n characters: ASCII mostly, sometimes Latin-1 bytes, valid or broken UTF-8, blanks.
void append_text(bytes& row, std::size_t n, std::mt19937& rng) {
    static const std::string pieces[] = {"a",    "Z",   " ", "7", "\xe9", "\xc3\xa9", "\xe2\x82\xac",
                                         "\xc3", "\x80"};
    std::string text;
    const bool ascii_only = rng() % 2 == 0;
    while (text.size() < n) text += ascii_only ? pieces[rng() % 4] : pieces[rng() % std::size(pieces)];
    text.resize(n);
    row.insert(row.end(), text.begin(), text.end());
}

// A value of column c: a valid one mostly, else random bytes; about one in eight a NULL.
void append_value(bytes& row, const column_info& c, std::mt19937& rng) {
    const std::size_t width = ifx::types::fixed_width(c);
    const bool null = rng() % 8 == 0;
    switch (c.type) {
        case type_code::varchar:
        case type_code::nvarchar: {
            if (null) {
                row.insert(row.end(), {1, 0});
                return;
            }
            const std::size_t n = rng() % (static_cast<std::size_t>(c.encoded_length) + 1);
            row.push_back(static_cast<std::uint8_t>(n));
            append_text(row, n, rng);
            return;
        }
        case type_code::char_:
        case type_code::nchar: {
            if (null) {
                row.insert(row.end(), width, 0);
                return;
            }
            const std::size_t n = rng() % (width + 1);
            append_text(row, n, rng);
            row.insert(row.end(), width - n, ' ');
            return;
        }
        case type_code::integer:
        case type_code::serial:
        case type_code::smallint:
        case type_code::bigint: {
            // Small, near each width's limits, the NULL sentinel itself, or anything.
            static const std::uint64_t picks[] = {0,
                                                  1,
                                                  127,
                                                  128,
                                                  255,
                                                  256,
                                                  32767,
                                                  32768,
                                                  65535,
                                                  0x7fffffff,
                                                  0x80000000,
                                                  0xffffffff,
                                                  0x8000000000000000u};
            std::uint64_t v = rng() % 3 == 0 ? picks[rng() % std::size(picks)]
                                             : (std::uint64_t{rng()} << 32 | rng()) >> (rng() % 64);
            if (rng() % 2 == 0) v = ~v + 1;
            if (null) v = std::uint64_t{1} << (8 * width - 1);
            append_big_endian(row, v, width);
            return;
        }
        case type_code::date: {
            const std::int64_t day =
                null ? INT32_MIN : static_cast<std::int64_t>(rng() % 8'000'000) - 2'000'000;
            append_big_endian(row, static_cast<std::uint32_t>(day), 4);
            return;
        }
        case type_code::decimal:
        case type_code::money: {
            const std::size_t start = row.size();
            row.resize(start + width, 0);
            if (null) return;
            if (rng() % 4 == 0) {
                for (std::size_t k = start; k < row.size(); ++k) row[k] = random_byte(rng);
                return;
            }
            std::string text = rng() % 2 ? "-" : "";
            for (std::size_t k = 0, n = 1 + rng() % 14; k < n; ++k)
                text += static_cast<char>('0' + rng() % 10);
            if (rng() % 2) text += "." + std::to_string(rng() % 100);
            const auto value = ifx::decimal::parse(text);
            if (!ifx::types::encode_decimal(value, std::span(row).subspan(start)))
                for (std::size_t k = start; k < row.size(); ++k) row[k] = random_byte(rng);
            return;
        }
        case type_code::datetime: {
            // YEAR TO …: head byte, year in two pairs, then one pair per field (fields mostly valid).
            const std::size_t start = row.size();
            row.resize(start + width, 0);
            if (null) return;
            row[start] = static_cast<std::uint8_t>(0xc7);
            row[start + 1] = static_cast<std::uint8_t>(rng() % 100);
            row[start + 2] = static_cast<std::uint8_t>(rng() % 100);
            const unsigned limits[] = {13, 32, 24, 60, 60, 100, 100};
            for (std::size_t k = start + 3, f = 0; k < row.size(); ++k, ++f)
                row[k] = static_cast<std::uint8_t>(
                    rng() % (limits[f % std::size(limits)] + (rng() % 16 == 0 ? 60 : 0)));
            if (rng() % 8 == 0) row[start + rng() % width] = random_byte(rng);
            return;
        }
        default:
            for (std::size_t k = 0; k < width; ++k) row.push_back(null ? 0xff : random_byte(rng));
            return;
    }
}

template <class T>
std::string shown(const T& v) {
    if constexpr (std::is_integral_v<T>)
        return std::to_string(v);
    else if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::string_view>)
        return std::string(v);
    else if constexpr (std::is_same_v<T, std::chrono::sys_days>)
        return std::to_string(v.time_since_epoch().count());
    else
        return v.to_string();
}

// Reads column i as T from both rows (non-throwing and throwing forms): same outcome, same value.
template <class T>
void expect_same_read(const row_view& fast, const row_view& general, std::size_t i, int& fast_reads) {
    T a{}, b{};
    const std::error_code ea = fast.get(i, a);
    const std::error_code eb = general.get(i, b);
    ASSERT_EQ(ea, eb) << "column " << i << " (" << general.columns()[i].type_name() << ")";
    if (!ea) {
        ASSERT_EQ(shown(a), shown(b)) << "column " << i;
        ASSERT_TRUE(a == b) << "column " << i;
    }
    bool threw = false;
    try {
        const T c = fast.get<T>(i);
        if (!ea) {
            EXPECT_EQ(shown(c), shown(b));
        }
    } catch (const ifx::error& e) {
        threw = true;
        EXPECT_EQ(e.code(), eb);
    }
    EXPECT_EQ(threw, static_cast<bool>(eb));
    // optional<T>: NULL is a value there.
    std::optional<T> oa, ob;
    ASSERT_EQ(fast.get(i, oa), general.get(i, ob));
    ASSERT_EQ(oa.has_value(), ob.has_value());
    if (oa) {
        ASSERT_EQ(shown(*oa), shown(*ob));
    }
    if (!ea && fast.columns()[i].type != type_code::float_) ++fast_reads;
}

TEST(row_fast_read, gives_the_general_conversions_answer_for_every_type_and_value) {
    std::mt19937 rng(20261127);
    const auto all = planned_columns();
    int reads = 0;
    for (const ifx::codeset cs : {ifx::codeset::utf8, ifx::codeset::iso_8859_1}) {
        for (int round = 0; round < 3000; ++round) {
            std::vector<column_info> cols;
            const std::size_t n = 1 + rng() % 6;
            for (std::size_t i = 0; i < n; ++i) cols.push_back(all[rng() % all.size()]);
            bytes row;
            for (const auto& c : cols) append_value(row, c, rng);
            std::vector<ifx::detail::cell> marked(n), unmarked(n);
            ASSERT_TRUE(ifx::types::row_splitter(cols).split(row, marked, 0));
            ASSERT_TRUE(ifx::types::split_tuple(row, cols, unmarked));
            const row_view fast(cols, row.data(), marked.data(), cs);
            const row_view general(cols, row.data(), unmarked.data(), cs);
            for (std::size_t i = 0; i < n; ++i) {
                ASSERT_EQ(unmarked[i].fast, fast_kind::none);
                expect_same_read<std::int16_t>(fast, general, i, reads);
                expect_same_read<int>(fast, general, i, reads);
                expect_same_read<std::uint8_t>(fast, general, i, reads);
                expect_same_read<std::uint32_t>(fast, general, i, reads);
                expect_same_read<long long>(fast, general, i, reads);
                expect_same_read<std::string>(fast, general, i, reads);
                expect_same_read<std::string_view>(fast, general, i, reads);
                expect_same_read<ifx::date>(fast, general, i, reads);
                expect_same_read<std::chrono::sys_days>(fast, general, i, reads);
                expect_same_read<ifx::decimal>(fast, general, i, reads);
                expect_same_read<ifx::datetime>(fast, general, i, reads);
            }
        }
    }
    EXPECT_GT(reads, 10000);  // the rows carried mostly readable values
}

TEST(row_fast_read, the_splitter_marks_planned_columns_only) {
    auto cols = planned_columns();
    const fast_kind expected[] = {
        fast_kind::int32,   fast_kind::int16,   fast_kind::int64,    fast_kind::int32,    fast_kind::date,
        fast_kind::text,    fast_kind::text,    fast_kind::text_pad, fast_kind::text_pad, fast_kind::decimal,
        fast_kind::decimal, fast_kind::decimal, fast_kind::datetime, fast_kind::datetime, fast_kind::none};
    ASSERT_EQ(std::size(expected), cols.size());
    std::mt19937 rng(7);
    bytes row;
    for (const auto& c : cols) append_value(row, c, rng);
    std::vector<ifx::detail::cell> cells(cols.size());
    ASSERT_TRUE(ifx::types::row_splitter(cols).split(row, cells, 0));
    for (std::size_t i = 0; i < cols.size(); ++i) EXPECT_EQ(cells[i].fast, expected[i]) << i;
    // Never planned, or edited after planning: read the general way.
    std::vector<column_info> three = {col(type_code::integer, 4), col(type_code::integer, 4),
                                      col(type_code::integer, 4)};
    ifx::types::plan_column(three[0]);
    ifx::types::plan_column(three[2]);
    three[2].extended_id = 5;
    const bytes ints = {0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3};
    std::vector<ifx::detail::cell> marks(3);
    ASSERT_TRUE(ifx::types::row_splitter(three).split(ints, marks, 0));
    EXPECT_EQ(marks[0].fast, fast_kind::int32);
    EXPECT_EQ(marks[1].fast, fast_kind::none);
    EXPECT_EQ(marks[2].fast, fast_kind::none);
}

}  // namespace
