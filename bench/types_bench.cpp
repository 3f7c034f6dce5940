// Decode and encode cost per value for each type (ns per value). Run:
//   build/<dir>/bin/ifx_bench_types [--benchmark_filter=decimal]
// Decode = from the value's tuple bytes to the C++ value (what row_view::get does after the
// row walk); encode = from the C++ value to its tuple bytes.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "ifx/ifx.hpp"
#include "types/decimal_codec.hpp"
#include "types/decode.hpp"
#include "types/int8.hpp"
#include "types/layout.hpp"
#include "types/numeric.hpp"
#include "types/strings.hpp"
#include "types/time_codec.hpp"

namespace {

using bytes = std::vector<std::uint8_t>;
constexpr std::size_t pool = 1024;  // distinct values cycled through, so branches see variety

ifx::column_info col(ifx::type_code t, std::int32_t enc) {
    ifx::column_info c;
    c.type = t;
    c.encoded_length = enc;
    ifx::types::plan_column(c);  // as the library does when a description arrives
    return c;
}

std::mt19937_64& gen() {
    static std::mt19937_64 g{42};
    return g;
}

std::int64_t rnd(std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(gen());
}

// Runs decode over `values` (each `width` bytes) through a column conversion.
template <class T, class F>
void decode_loop(benchmark::State& state, const std::vector<bytes>& values, F&& f) {
    std::size_t i = 0;
    T out{};
    for (auto _ : state) {
        const auto ec = f(values[i++ % values.size()], out);
        benchmark::DoNotOptimize(ec);
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations());
}

std::vector<bytes> make(std::size_t width, auto&& fill) {
    std::vector<bytes> v(pool, bytes(width));
    for (auto& b : v) fill(b);
    return v;
}

void decode_integer(benchmark::State& s) {
    const auto c = col(ifx::type_code::integer, 4);
    const auto v = make(
        4, [](bytes& b) { ifx::types::encode_i32(static_cast<std::int32_t>(rnd(-1000000, 1000000)), b); });
    decode_loop<std::int64_t>(s, v,
                              [&](const bytes& b, std::int64_t& o) { return ifx::types::to_int64(c, b, o); });
}
void decode_bigint(benchmark::State& s) {
    const auto c = col(ifx::type_code::bigint, 8);
    const auto v = make(8, [](bytes& b) { ifx::types::encode_i64(rnd(-(1LL << 60), 1LL << 60), b); });
    decode_loop<std::int64_t>(s, v,
                              [&](const bytes& b, std::int64_t& o) { return ifx::types::to_int64(c, b, o); });
}
void decode_int8(benchmark::State& s) {
    const auto c = col(ifx::type_code::int8, 10);
    const auto v = make(10, [](bytes& b) {
        ifx::types::encode_int8(rnd(-(1LL << 60), 1LL << 60), std::span<std::uint8_t, 10>(b.data(), 10));
    });
    decode_loop<std::int64_t>(s, v,
                              [&](const bytes& b, std::int64_t& o) { return ifx::types::to_int64(c, b, o); });
}
void decode_float(benchmark::State& s) {
    const auto c = col(ifx::type_code::float_, 8);
    const auto v = make(
        8, [](bytes& b) { ifx::types::encode_f64(static_cast<double>(rnd(-1000000, 1000000)) / 7.0, b); });
    decode_loop<double>(s, v, [&](const bytes& b, double& o) { return ifx::types::to_double(c, b, o); });
}
void decode_boolean(benchmark::State& s) {
    const auto c = col(ifx::type_code::boolean, 1);
    const auto v = make(1, [](bytes& b) { ifx::types::encode_boolean(rnd(0, 1) == 1, b); });
    decode_loop<bool>(s, v, [&](const bytes& b, bool& o) { return ifx::types::to_bool(c, b, o); });
}

std::vector<bytes> decimals(int p, int sc) {
    return make(ifx::types::decimal_width(static_cast<unsigned>(p), static_cast<unsigned>(sc)),
                [&](bytes& b) {
                    std::string t = rnd(0, 1) ? "-" : "";
                    for (int k = 0; k < p - sc; ++k)
                        t.push_back(static_cast<char>('0' + rnd(k == 0 ? 1 : 0, 9)));
                    t.push_back('.');
                    for (int k = 0; k < sc; ++k) t.push_back(static_cast<char>('0' + rnd(0, 9)));
                    ifx::types::encode_decimal(ifx::decimal::parse(t), b);
                });
}
void decode_decimal_16_2(benchmark::State& s) {
    const auto c = col(ifx::type_code::decimal, (16 << 8) | 2);
    const auto v = decimals(16, 2);
    decode_loop<ifx::decimal>(
        s, v, [&](const bytes& b, ifx::decimal& o) { return ifx::types::to_decimal(c, b, o); });
}
void decode_decimal_32_10(benchmark::State& s) {
    const auto c = col(ifx::type_code::decimal, (32 << 8) | 10);
    const auto v = decimals(32, 10);
    decode_loop<ifx::decimal>(
        s, v, [&](const bytes& b, ifx::decimal& o) { return ifx::types::to_decimal(c, b, o); });
}
void decode_date(benchmark::State& s) {
    const auto c = col(ifx::type_code::date, 4);
    const auto v =
        make(4, [](bytes& b) { ifx::types::encode_i32(static_cast<std::int32_t>(rnd(0, 50000)), b); });
    decode_loop<ifx::date>(s, v, [&](const bytes& b, ifx::date& o) { return ifx::types::to_date(c, b, o); });
}

const ifx::qualifier dt_q = ifx::qualifier::datetime(ifx::time_unit::year, ifx::time_unit::fraction5);
const ifx::qualifier iv_q = ifx::qualifier::interval(ifx::time_unit::day, ifx::time_unit::fraction5, 9);

std::vector<bytes> datetimes() {
    return make(ifx::types::time_width(dt_q), [](bytes& b) {
        const auto tp = ifx::datetime::time_point{
            std::chrono::microseconds{rnd(0, 2000000000LL) * 1000000 + rnd(0, 999990)}};
        ifx::types::encode_datetime(ifx::datetime::from_time_point(tp, dt_q), b);
    });
}
std::vector<bytes> intervals() {
    return make(ifx::types::time_width(iv_q), [](bytes& b) {
        ifx::types::encode_interval(
            ifx::interval::from_duration(std::chrono::microseconds{rnd(-(1LL << 50), 1LL << 50)}, iv_q), b);
    });
}
void decode_datetime(benchmark::State& s) {
    const auto c = col(ifx::type_code::datetime, dt_q.word());
    const auto v = datetimes();
    decode_loop<ifx::datetime>(
        s, v, [&](const bytes& b, ifx::datetime& o) { return ifx::types::to_datetime(c, b, o); });
}
void decode_datetime_year_to_second(benchmark::State& s) {
    const auto q = ifx::qualifier::datetime(ifx::time_unit::year, ifx::time_unit::second);
    const auto c = col(ifx::type_code::datetime, q.word());
    const auto v = make(ifx::types::time_width(q), [&](bytes& b) {
        const auto tp = ifx::datetime::time_point{std::chrono::seconds{rnd(0, 2000000000LL)}};
        ifx::types::encode_datetime(ifx::datetime::from_time_point(tp, q), b);
    });
    decode_loop<ifx::datetime>(
        s, v, [&](const bytes& b, ifx::datetime& o) { return ifx::types::to_datetime(c, b, o); });
}
void decode_interval(benchmark::State& s) {
    const auto c = col(ifx::type_code::interval, iv_q.word());
    const auto v = intervals();
    decode_loop<ifx::interval>(
        s, v, [&](const bytes& b, ifx::interval& o) { return ifx::types::to_interval(c, b, o); });
}

std::vector<bytes> texts(bool latin1) {
    return make(40, [&](bytes& b) {
        for (auto& x : b) x = static_cast<std::uint8_t>(rnd(0x20, latin1 ? 0xff : 0x7e));
    });
}
void decode_char40_utf8(benchmark::State& s) {
    const auto c = col(ifx::type_code::char_, 40);
    const auto v = texts(false);
    decode_loop<std::string>(s, v, [&](const bytes& b, std::string& o) {
        return ifx::types::to_text(c, b, ifx::codeset::utf8, o);
    });
}
void decode_char40_latin1(benchmark::State& s) {
    const auto c = col(ifx::type_code::char_, 40);
    const auto v = texts(true);
    decode_loop<std::string>(s, v, [&](const bytes& b, std::string& o) {
        return ifx::types::to_text(c, b, ifx::codeset::iso_8859_1, o);
    });
}
void decode_varchar40_view(benchmark::State& s) {
    const auto c = col(ifx::type_code::varchar, 40);
    const auto v = texts(false);
    decode_loop<std::string_view>(s, v, [&](const bytes& b, std::string_view& o) {
        return ifx::types::to_text_view(c, b, ifx::codeset::utf8, o);
    });
}
void walk_row_of_8_columns(benchmark::State& s) {
    const ifx::column_info cols[] = {
        col(ifx::type_code::integer, 4),  col(ifx::type_code::bigint, 8),
        col(ifx::type_code::varchar, 40), col(ifx::type_code::decimal, (16 << 8) | 2),
        col(ifx::type_code::date, 4),     col(ifx::type_code::datetime, dt_q.word()),
        col(ifx::type_code::char_, 10),   col(ifx::type_code::lvarchar, 100)};
    bytes row = {0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 9, 5, 'h', 'e', 'l', 'l', 'o'};
    const auto d = decimals(16, 2)[0];
    row.insert(row.end(), d.begin(), d.end());
    row.insert(row.end(), {0, 0, 0x63, 0xe0});
    const auto dt = datetimes()[0];
    row.insert(row.end(), dt.begin(), dt.end());
    row.insert(row.end(), 10, ' ');
    row.insert(row.end(), {0, 0, 0, 0, 3, 'a', 'b', 'c'});
    ifx::types::cell cells[8];
    for (auto _ : s) benchmark::DoNotOptimize(ifx::types::split_tuple(row, cols, cells));
    s.SetItemsProcessed(s.iterations() * 8);
}

// The SELECT benchmark's row: (INTEGER, VARCHAR(40), DECIMAL(16,2), DATETIME YEAR TO SECOND,
// DATE), split into cells and every value read through row_view::get as an application does.
// `fetch_path`: split as a fetch does (row_splitter, built once per batch; cells marked for the
// fast reads); otherwise by split_tuple (cells unmarked: every value through the general
// conversion, which is what any other type or an unplanned description gets).
void row_decode(benchmark::State& s, bool fetch_path) {
    const auto ys = ifx::qualifier::datetime(ifx::time_unit::year, ifx::time_unit::second);
    const ifx::column_info cols[] = {col(ifx::type_code::integer, 4), col(ifx::type_code::varchar, 40),
                                     col(ifx::type_code::decimal, (16 << 8) | 2),
                                     col(ifx::type_code::datetime, ys.word()), col(ifx::type_code::date, 4)};
    const auto decs = decimals(16, 2);
    std::vector<bytes> rows(pool);
    for (std::size_t i = 0; i < pool; ++i) {
        bytes& row = rows[i];
        row.resize(4);
        ifx::types::encode_i32(static_cast<std::int32_t>(rnd(0, 1000000)), row);
        const std::string name = "customer name " + std::to_string(rnd(0, 1000000));
        row.push_back(static_cast<std::uint8_t>(name.size()));
        row.insert(row.end(), name.begin(), name.end());
        row.insert(row.end(), decs[i].begin(), decs[i].end());
        const auto tp = ifx::datetime::time_point{std::chrono::seconds{rnd(0, 2000000000LL)}};
        bytes dt(ifx::types::time_width(ys));
        ifx::types::encode_datetime(ifx::datetime::from_time_point(tp, ys), dt);
        row.insert(row.end(), dt.begin(), dt.end());
        bytes d(4);
        ifx::types::encode_i32(static_cast<std::int32_t>(rnd(0, 50000)), d);
        row.insert(row.end(), d.begin(), d.end());
    }
    ifx::types::cell cells[5];
    const ifx::types::row_splitter splitter(cols);
    std::size_t i = 0, sum = 0;
    for (auto _ : s) {
        const bytes& row = rows[i++ % pool];
        if (!(fetch_path ? splitter.split(row, cells, 0) : ifx::types::split_tuple(row, cols, cells)))
            s.SkipWithError("row does not split");
        const ifx::row_view r(cols, row.data(), cells);
        sum += static_cast<std::size_t>(r.get<int>(0));
        sum += r.get<std::string_view>(1).size();
        const auto amount = r.get<ifx::decimal>(2);
        const auto ts = r.get<ifx::datetime>(3);
        const auto day = r.get<ifx::date>(4);
        benchmark::DoNotOptimize(amount);
        benchmark::DoNotOptimize(ts);
        benchmark::DoNotOptimize(day);
    }
    benchmark::DoNotOptimize(sum);
    s.SetItemsProcessed(s.iterations());
}

void row_decode_5_columns(benchmark::State& s) {
    row_decode(s, true);
}

void row_decode_5_columns_general(benchmark::State& s) {
    row_decode(s, false);
}

// Encoders.
template <class V, class F>
void encode_loop(benchmark::State& state, const std::vector<V>& values, std::size_t width, F&& f) {
    bytes out(width);
    std::size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(f(values[i++ % values.size()], out));
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations());
}

template <class V>
std::vector<V> decoded(const std::vector<bytes>& raw, auto&& decode) {
    std::vector<V> out(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) decode(raw[i], out[i]);
    return out;
}

void encode_integer(benchmark::State& s) {
    std::vector<std::int32_t> v(pool);
    for (auto& x : v) x = static_cast<std::int32_t>(rnd(-1000000, 1000000));
    encode_loop(s, v, 4, [](std::int32_t x, bytes& o) { return ifx::types::encode_i32(x, o); });
}
void encode_int8(benchmark::State& s) {
    std::vector<std::int64_t> v(pool);
    for (auto& x : v) x = rnd(INT64_MIN, INT64_MAX);
    encode_loop(s, v, 10, [](std::int64_t x, bytes& o) {
        ifx::types::encode_int8(x, std::span<std::uint8_t, 10>(o.data(), 10));
        return true;
    });
}
void encode_float(benchmark::State& s) {
    std::vector<double> v(pool);
    for (auto& x : v) x = static_cast<double>(rnd(-1000000, 1000000)) / 7.0;
    encode_loop(s, v, 8, [](double x, bytes& o) { return ifx::types::encode_f64(x, o); });
}
void encode_decimal_16_2(benchmark::State& s) {
    const auto c = col(ifx::type_code::decimal, (16 << 8) | 2);
    const auto v = decoded<ifx::decimal>(
        decimals(16, 2), [&](const bytes& b, ifx::decimal& d) { ifx::types::to_decimal(c, b, d); });
    encode_loop(s, v, 9, [](const ifx::decimal& d, bytes& o) { return ifx::types::encode_decimal(d, o); });
}
void encode_decimal_32_10(benchmark::State& s) {
    const auto c = col(ifx::type_code::decimal, (32 << 8) | 10);
    const auto v = decoded<ifx::decimal>(
        decimals(32, 10), [&](const bytes& b, ifx::decimal& d) { ifx::types::to_decimal(c, b, d); });
    encode_loop(s, v, 17, [](const ifx::decimal& d, bytes& o) { return ifx::types::encode_decimal(d, o); });
}
void encode_date(benchmark::State& s) {
    std::vector<ifx::date> v(pool);
    for (auto& x : v) x = ifx::date::from_day_number(static_cast<std::int32_t>(rnd(0, 50000)));
    encode_loop(s, v, 4, [](ifx::date d, bytes& o) { return ifx::types::encode_date(d, o); });
}
void encode_datetime(benchmark::State& s) {
    const auto c = col(ifx::type_code::datetime, dt_q.word());
    const auto v = decoded<ifx::datetime>(
        datetimes(), [&](const bytes& b, ifx::datetime& d) { ifx::types::to_datetime(c, b, d); });
    encode_loop(s, v, ifx::types::time_width(dt_q),
                [](const ifx::datetime& d, bytes& o) { return ifx::types::encode_datetime(d, o); });
}
void encode_interval(benchmark::State& s) {
    const auto c = col(ifx::type_code::interval, iv_q.word());
    const auto v = decoded<ifx::interval>(
        intervals(), [&](const bytes& b, ifx::interval& d) { ifx::types::to_interval(c, b, d); });
    encode_loop(s, v, ifx::types::time_width(iv_q),
                [](const ifx::interval& d, bytes& o) { return ifx::types::encode_interval(d, o); });
}
void decimal_parse_text(benchmark::State& s) {
    std::vector<std::string> v(pool);
    for (auto& t : v) t = std::to_string(rnd(-1000000000, 1000000000)) + "." + std::to_string(rnd(10, 99));
    std::size_t i = 0;
    for (auto _ : s) benchmark::DoNotOptimize(ifx::decimal::parse(v[i++ % pool]));
    s.SetItemsProcessed(s.iterations());
}

}  // namespace

BENCHMARK(decode_integer);
BENCHMARK(decode_bigint);
BENCHMARK(decode_int8);
BENCHMARK(decode_float);
BENCHMARK(decode_boolean);
BENCHMARK(decode_decimal_16_2);
BENCHMARK(decode_decimal_32_10);
BENCHMARK(decode_date);
BENCHMARK(decode_datetime);
BENCHMARK(decode_datetime_year_to_second);
BENCHMARK(decode_interval);
BENCHMARK(decode_char40_utf8);
BENCHMARK(decode_char40_latin1);
BENCHMARK(decode_varchar40_view);
BENCHMARK(walk_row_of_8_columns);
BENCHMARK(row_decode_5_columns);
BENCHMARK(row_decode_5_columns_general);
BENCHMARK(encode_integer);
BENCHMARK(encode_int8);
BENCHMARK(encode_float);
BENCHMARK(encode_decimal_16_2);
BENCHMARK(encode_decimal_32_10);
BENCHMARK(encode_date);
BENCHMARK(encode_datetime);
BENCHMARK(encode_interval);
BENCHMARK(decimal_parse_text);
