// The comparison client: libpq reading rows of the same shape as ifx_bench_select (int4,
// varchar(40), numeric(16,2), timestamp, date) from a local PostgreSQL, through a cursor in
// batches (bounded memory, like ifx's fetch buffer), in binary and in text mode. Every value is
// touched. Prints client CPU per row; asserts nothing.
//
//   ifx_bench_libpq CONNINFO [runs]
#include <arpa/inet.h>
#include <libpq-fe.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

void check(PGresult* r, PGconn* c, const char* what) {
    const auto st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        std::fprintf(stderr, "%s: %s", what, PQerrorMessage(c));
        std::exit(1);
    }
}

void exec(PGconn* c, const char* sql) {
    PGresult* r = PQexec(c, sql);
    check(r, c, sql);
    PQclear(r);
}

std::uint32_t be32(const char* p) {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return ntohl(v);
}

// Reads `rows` rows in batches of 4096; returns client CPU seconds and wall seconds.
std::pair<double, double> read_rows(PGconn* c, int rows, bool binary, std::size_t& checksum) {
    const double cpu0 = cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    exec(c, "BEGIN");
    const std::string declare =
        "DECLARE c NO SCROLL CURSOR FOR SELECT id, name, amount, ts, d FROM bench5 LIMIT " +
        std::to_string(rows);
    exec(c, declare.c_str());
    for (;;) {
        PGresult* r =
            PQexecParams(c, "FETCH 4096 FROM c", 0, nullptr, nullptr, nullptr, nullptr, binary ? 1 : 0);
        check(r, c, "FETCH");
        const int n = PQntuples(r);
        for (int i = 0; i < n; ++i) {
            if (binary) {
                checksum += be32(PQgetvalue(r, i, 0));
                checksum += static_cast<std::size_t>(PQgetlength(r, i, 1));
                checksum +=
                    static_cast<std::size_t>(static_cast<unsigned char>(PQgetvalue(r, i, 2)[1]));  // ndigits
                checksum += be32(PQgetvalue(r, i, 3) + 4);  // low word of the int64 microseconds
                checksum += be32(PQgetvalue(r, i, 4));
            } else {
                checksum += static_cast<std::size_t>(std::strtol(PQgetvalue(r, i, 0), nullptr, 10));
                checksum += static_cast<std::size_t>(PQgetlength(r, i, 1));
                checksum += static_cast<std::size_t>(std::strtod(PQgetvalue(r, i, 2), nullptr) > 0);
                checksum += static_cast<std::size_t>(PQgetlength(r, i, 3));
                checksum += static_cast<std::size_t>(PQgetlength(r, i, 4));
            }
        }
        PQclear(r);
        if (n == 0) break;
    }
    exec(c, "CLOSE c");
    exec(c, "COMMIT");
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return {cpu_seconds() - cpu0, wall};
}

template <class F>
double micros_per_call(int calls, F&& f) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < calls; ++i) f(i);
    return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / calls;
}

void print(const char* name, std::vector<double> v, const char* fmt = "%.2f") {
    std::sort(v.begin(), v.end());
    std::printf("%s ", name);
    std::printf(fmt, v[v.size() / 2]);
    std::printf(" (");
    std::printf(fmt, v.front());
    std::printf("..");
    std::printf(fmt, v.back());
    std::printf(")\n");
}

// The per-call equivalents of ifx_bench_calls: SELECT 1; a prepared point SELECT with a bind;
// 10,000 INSERTs in one transaction sent in pipeline mode (one sync: one round trip).
void calls(PGconn* c, int runs) {
    exec(c, "CREATE TABLE IF NOT EXISTS bench_kv (k int4 PRIMARY KEY, v varchar(40))");
    exec(c,
         "INSERT INTO bench_kv SELECT i, 'value ' || i FROM generate_series(0, 999) AS i ON CONFLICT DO "
         "NOTHING");
    exec(c, "CREATE TABLE IF NOT EXISTS bench_many (k int4, v varchar(40))");
    check(PQprepare(c, "point", "SELECT v FROM bench_kv WHERE k = $1", 1, nullptr), c, "prepare");
    check(PQprepare(c, "ins", "INSERT INTO bench_many VALUES ($1, $2)", 2, nullptr), c, "prepare");
    std::vector<std::string> keys, names;
    for (int i = 0; i < 10'000; ++i) {
        keys.push_back(std::to_string(i));
        names.push_back("customer name " + std::to_string(i));
    }
    std::vector<double> s1, prep, many;
    for (int run = 0; run < runs; ++run) {
        s1.push_back(micros_per_call(2000, [&](int) { PQclear(PQexec(c, "SELECT 1")); }));
        prep.push_back(micros_per_call(2000, [&](int i) {
            const char* v[] = {keys[static_cast<std::size_t>(i % 1000)].c_str()};
            PGresult* r = PQexecPrepared(c, "point", 1, v, nullptr, nullptr, 0);
            check(r, c, "point");
            PQclear(r);
        }));
        exec(c, "DELETE FROM bench_many");
        many.push_back(micros_per_call(1, [&](int) {
            exec(c, "BEGIN");
            PQenterPipelineMode(c);
            for (std::size_t i = 0; i < keys.size(); ++i) {
                const char* v[] = {keys[i].c_str(), names[i].c_str()};
                PQsendQueryPrepared(c, "ins", 2, v, nullptr, nullptr, 0);
            }
            PQpipelineSync(c);
            for (std::size_t i = 0; i < keys.size(); ++i) {
                PGresult* r = PQgetResult(c);
                check(r, c, "pipelined insert");
                PQclear(r);
                PQclear(PQgetResult(c));  // the NULL that ends each query's results
            }
            PGresult* sync = PQgetResult(c);
            if (PQresultStatus(sync) != PGRES_PIPELINE_SYNC) {
                std::fprintf(stderr, "pipeline: no sync\n");
                std::exit(1);
            }
            PQclear(sync);
            PQexitPipelineMode(c);
            exec(c, "COMMIT");
        }));
    }
    print("libpq_select1_us", s1);
    print("libpq_prepared_select_us", prep);
    print("libpq_pipelined_insert_10000_us", many, "%.0f");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s CONNINFO [runs]\n", argv[0]);
        return 2;
    }
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
    PGconn* c = PQconnectdb(argv[1]);
    if (PQstatus(c) != CONNECTION_OK) {
        std::fprintf(stderr, "connect: %s", PQerrorMessage(c));
        return 1;
    }
    exec(c,
         "CREATE TABLE IF NOT EXISTS bench5 (id int4, name varchar(40), amount numeric(16,2), ts timestamp, "
         "d date)");
    PGresult* count = PQexec(c, "SELECT count(*) FROM bench5");
    check(count, c, "count");
    if (std::atol(PQgetvalue(count, 0, 0)) < 1'000'000) {
        exec(c, "TRUNCATE bench5");
        exec(c,
             "INSERT INTO bench5 SELECT i, 'customer name ' || i, (i % 100000) + (10 + i % 90) / 100.0, "
             "timestamp '2026-11-26 12:00:00' + (i % 50) * interval '61 seconds', "
             "date '2026-01-01' + (i % 300) FROM generate_series(0, 999999) AS i");
    }
    PQclear(count);
    std::size_t checksum = 0;
    for (bool binary : {true, false}) {
        for (int rows : {1'000, 100'000, 1'000'000}) {
            std::vector<double> cpu, rate;
            // As in ifx_bench_select: small results are read repeatedly, 100k rows a run.
            const int queries = std::max(1, 100'000 / rows);
            for (int i = 0; i < runs; ++i) {
                double cpu_total = 0, wall_total = 0;
                for (int q = 0; q < queries; ++q) {
                    const auto [cpu_s, wall_s] = read_rows(c, rows, binary, checksum);
                    cpu_total += cpu_s;
                    wall_total += wall_s;
                }
                const double n = static_cast<double>(rows) * queries;
                cpu.push_back(cpu_total * 1e9 / n);
                rate.push_back(n / wall_total);
            }
            std::sort(cpu.begin(), cpu.end());
            std::sort(rate.begin(), rate.end());
            const char* mode = binary ? "binary" : "text";
            std::printf("libpq_%s_%d_rows_per_s %.0f (%.0f..%.0f)\n", mode, rows, rate[rate.size() / 2],
                        rate.front(), rate.back());
            std::printf("libpq_%s_%d_client_cpu_ns_per_row %.1f (%.1f..%.1f)\n", mode, rows,
                        cpu[cpu.size() / 2], cpu.front(), cpu.back());
        }
    }
    calls(c, runs);
    std::printf("checksum %zu\n", checksum);
    PQfinish(c);
    return 0;
}
