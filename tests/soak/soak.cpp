// ifx_soak: a pooled, multi-threaded read/write workload against a running ifxlite, through the
// fault proxy, with random network faults and server-side faults (ifxlite's control socket)
// while scripts/soak restarts the server. At the end it checks:
//  - no leaked connection: the closed pool opened exactly as many connections as it closed, and
//    the server holds no session socket any more;
//  - no cross-borrower data: a borrowed connection is never in a transaction or holding a cursor
//    when handed out, and no worker ever sees another worker's uncommitted rows;
//  - every committed row present exactly once, no rolled-back row present, nothing unknown;
//  - memory bounded: the client's resident set does not keep growing.
// Prints a summary; exits 1 on any violation, 2 on a usage or set-up error.
//
// Every row carries its worker (owner) and transaction (txn). Rows are inserted 'pending' and
// set 'done' just before COMMIT, so a committed row is never 'pending': a 'pending' row of
// another worker is visible only from inside that worker's open transaction.
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read_until.hpp>
#include <asio/streambuf.hpp>
#include <asio/write.hpp>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ifx/ifx.hpp"
#include "ifx/pool.hpp"
#include "support/fault_proxy.hpp"
#include "support/proc_stats.hpp"

namespace {

// ASan and TSan keep freed memory in quarantine, so the resident set says nothing about leaks.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool sanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool sanitized = true;
#else
constexpr bool sanitized = false;
#endif
#else
constexpr bool sanitized = false;
#endif

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;
using ifx::test::fault;

struct options {
    std::uint16_t port = 0;          // ifxlite's SQLI port
    std::uint16_t control_port = 0;  // ifxlite's --control port (0: no server-side faults)
    std::string database = "soak";
    std::string pid_file;  // where scripts/soak keeps the current server pid (optional)
    int seconds = 60;
    int threads = 8;
    std::size_t pool_size = 4;
    unsigned seed = 0;
};

[[noreturn]] void usage(const char* why) {
    std::cerr << "ifx_soak: " << why
              << "\nusage: ifx_soak --port P [--control-port C] [--database NAME] [--pid-file F]\n"
                 "                [--seconds S] [--threads N] [--pool-size N] [--seed N]\n";
    std::exit(2);
}

options parse(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 >= argc) usage(("missing value after " + a).c_str());
        const std::string v = argv[++i];
        try {
            if (a == "--port")
                o.port = static_cast<std::uint16_t>(std::stoi(v));
            else if (a == "--control-port")
                o.control_port = static_cast<std::uint16_t>(std::stoi(v));
            else if (a == "--database")
                o.database = v;
            else if (a == "--pid-file")
                o.pid_file = v;
            else if (a == "--seconds")
                o.seconds = std::stoi(v);
            else if (a == "--threads")
                o.threads = std::stoi(v);
            else if (a == "--pool-size")
                o.pool_size = static_cast<std::size_t>(std::stoi(v));
            else if (a == "--seed")
                o.seed = static_cast<unsigned>(std::stoul(v));
            else
                usage(("unknown option " + a).c_str());
        } catch (const std::logic_error&) {
            usage(("bad value for " + a).c_str());
        }
    }
    if (o.port == 0) usage("--port is required");
    if (o.seconds <= 0 || o.threads <= 0 || o.pool_size == 0) usage("bad sizes");
    if (o.seed == 0) o.seed = std::random_device{}();
    return o;
}

ifx::connect_params params_for(const options& o, std::uint16_t port) {
    auto p = ifx::parse_url("informix://informix:in4mix@127.0.0.1:" + std::to_string(port) + "/" +
                            o.database + "?server=ifxlite&tls=disable");
    p.connect_timeout = 3s;
    p.read_timeout = 4s;  // longer than the server's lock wait (scripts/soak: 2 s)
    return p;
}

// ---- the record of what every transaction did --------------------------------------------------

enum class outcome { committed, rolled_back, unknown };

struct txn_record {
    int owner;
    int rows;
    outcome result;
};

struct ledger {
    std::mutex mutex;
    std::map<std::int64_t, txn_record> txns;
    std::vector<std::string> violations;
    std::map<std::string, std::uint64_t> errors;  // expected errors under faults, by message
    std::atomic<std::uint64_t> committed{0}, rolled_back{0}, unknown{0}, reads{0}, cursors{0};

    void record(std::int64_t txn, int owner, int rows, outcome r) {
        std::lock_guard lock(mutex);
        txns[txn] = {owner, rows, r};
        (r == outcome::committed ? committed : r == outcome::rolled_back ? rolled_back : unknown)++;
    }
    void violation(std::string what) {
        std::lock_guard lock(mutex);
        std::cerr << "VIOLATION: " << what << "\n";
        violations.push_back(std::move(what));
    }
    void error(const std::error_code& ec) {
        std::lock_guard lock(mutex);
        ++errors[ec.category().name() + std::string(" ") + std::to_string(ec.value()) + " " + ec.message()];
    }
};

// ---- one worker --------------------------------------------------------------------------------

class worker {
public:
    worker(int id, ifx::pool& pool, ledger& book, unsigned seed, const std::atomic<bool>& stop)
        : id_(id), pool_(pool), book_(book), rng_(seed), stop_(stop) {}

    void run() {
        while (!stop_) {
            std::error_code ec;
            ifx::diagnostics diag;
            auto handle = pool_.acquire(15s, ec, diag);
            if (!handle) {
                book_.error(ec);
                continue;
            }
            check_clean(*handle);
            const int dice = pick(100);
            try {
                if (dice < 60)
                    write(*handle);
                else if (dice < 85)
                    read(*handle);
                else
                    scan(*handle);
            } catch (const ifx::error& e) {
                book_.error(e.code());
            }
        }
    }

private:
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

    // A borrowed connection is never dirty.
    void check_clean(ifx::connection& c) {
        if (!c.is_open()) book_.violation("worker " + std::to_string(id_) + " got a closed connection");
        if (c.in_transaction())
            book_.violation("worker " + std::to_string(id_) + " got a connection inside a transaction");
        if (c.open_cursors() != 0)
            book_.violation("worker " + std::to_string(id_) + " got a connection with an open cursor");
    }

    // A transaction of 1–5 rows, checked from inside, then committed, rolled back or left open
    // for the pool to roll back.
    void write(ifx::connection& c) {
        const std::int64_t txn = (static_cast<std::int64_t>(id_) << 40) | ++sequence_;
        const int rows = 1 + pick(5);
        int inserted = 0;
        bool commit_attempted = false;
        try {
            c.begin();
            for (int i = 0; i < rows; ++i) {
                c.execute("INSERT INTO soak (id, owner, txn, state, payload) VALUES (?, ?, ?, 'pending', ?)",
                          txn * 8 + i, id_, txn, "w" + std::to_string(id_) + "-" + std::to_string(i));
                ++inserted;
            }
            // From inside: my rows, and no one else's uncommitted ones.
            auto mine = c.query<int, std::int64_t>("SELECT owner, txn FROM soak WHERE state = 'pending'");
            int seen = 0;
            for (const auto& [owner, t] : mine) {
                if (owner != id_ || t != txn) {
                    book_.violation("worker " + std::to_string(id_) + " sees uncommitted row of worker " +
                                    std::to_string(owner) + " txn " + std::to_string(t));
                } else {
                    ++seen;
                }
            }
            if (seen != rows)
                book_.violation("worker " + std::to_string(id_) + " sees " + std::to_string(seen) +
                                " of its " + std::to_string(rows) + " rows inside its transaction");
            c.execute("UPDATE soak SET state = 'done' WHERE txn = ?", txn);
            const int choice = pick(100);
            if (choice < 70) {
                commit_attempted = true;
                c.commit();
                book_.record(txn, id_, rows, outcome::committed);
                committed_rows_ += rows;
            } else if (choice < 92) {
                c.rollback();
                book_.record(txn, id_, rows, outcome::rolled_back);
            } else {
                // Left open: the pool rolls it back on release.
                book_.record(txn, id_, rows, outcome::rolled_back);
            }
        } catch (const ifx::error& e) {
            book_.error(e.code());
            if (commit_attempted) {
                book_.record(txn, id_, rows, outcome::unknown);
                unknown_rows_ += rows;
            } else {
                book_.record(txn, id_, rows, outcome::rolled_back);  // never committed
            }
            (void)inserted;
        }
    }

    // Outside a transaction: no pending row of anyone is visible, and my committed rows are all
    // there (only this worker writes rows it owns).
    void read(ifx::connection& c) {
        const auto pending = c.query_value<long long>("SELECT COUNT(*) FROM soak WHERE state = 'pending'");
        if (pending != 0)
            book_.violation("worker " + std::to_string(id_) + " sees " + std::to_string(pending) +
                            " uncommitted rows outside any transaction");
        const auto mine = c.query_value<long long>("SELECT COUNT(*) FROM soak WHERE owner = ?", id_);
        if (mine < committed_rows_ || mine > committed_rows_ + unknown_rows_)
            book_.violation("worker " + std::to_string(id_) + " counts " + std::to_string(mine) +
                            " own rows, expected " + std::to_string(committed_rows_) + ".." +
                            std::to_string(committed_rows_ + unknown_rows_));
        ++book_.reads;
    }

    // A streaming cursor over my rows, sometimes abandoned half-way.
    void scan(ifx::connection& c) {
        auto cur = c.open_cursor("SELECT id, owner FROM soak WHERE owner = ?", id_);
        const bool abandon = pick(2) == 0;
        for (auto batch = cur.fetch(); !batch.empty(); batch = cur.fetch()) {
            for (auto row : batch) {
                if (row.get<int>(1) != id_)
                    book_.violation("worker " + std::to_string(id_) + " read a row of worker " +
                                    std::to_string(row.get<int>(1)));
            }
            if (abandon) break;
        }
        ++book_.cursors;
    }

    int id_;
    ifx::pool& pool_;
    ledger& book_;
    std::mt19937 rng_;
    const std::atomic<bool>& stop_;
    std::int64_t sequence_ = 0;
    long long committed_rows_ = 0;
    long long unknown_rows_ = 0;
};

// ---- faults ------------------------------------------------------------------------------------

// One command to ifxlite's control socket; false when the server is down.
bool control(std::uint16_t port, const std::string& command) {
    if (port == 0) return false;
    try {
        asio::io_context io;
        asio::ip::tcp::socket s(io);
        s.connect({asio::ip::make_address("127.0.0.1"), port});
        asio::write(s, asio::buffer(command + "\n"));
        asio::streambuf reply;
        asio::read_until(s, reply, '\n');
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

struct fault_stats {
    std::map<std::string, std::uint64_t> injected;
};

// Every 0.5–3 s: one network fault on the proxy or one server-side fault, for 0.1–1 s.
void inject_faults(ifx::test::fault_proxy& proxy, const options& o, unsigned seed,
                   const std::atomic<bool>& stop, fault_stats& stats) {
    std::mt19937 rng(seed);
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    auto sleep_while_running = [&](std::chrono::milliseconds d) {
        const auto until = clock_type::now() + d;
        while (!stop && clock_type::now() < until) std::this_thread::sleep_for(20ms);
    };
    // Corruption is left out: SQLI has no checksum, so a flipped byte inside a value is
    // undetectable by design and would read as wrong data (faults_test.cpp covers it).
    const std::pair<const char*, fault> network[] = {{"drop", fault::drop},
                                                     {"reset", fault::reset},
                                                     {"stall", fault::stall},
                                                     {"truncate", fault::truncate},
                                                     {"delay", fault::delay}};
    const char* server[] = {"kill-all",          "close-after-replies 40", "stall-after-replies 40",
                            "truncate-reply 30", "reject-logins 2",        "delay-ms 300"};
    while (!stop) {
        sleep_while_running(std::chrono::milliseconds(500 + pick(2500)));
        if (stop) break;
        const auto hold = std::chrono::milliseconds(100 + pick(900));
        if (pick(3) != 0) {
            const auto& [name, kind] = network[pick(static_cast<int>(std::size(network)))];
            proxy.arm(kind, static_cast<std::size_t>(pick(4096)), std::chrono::milliseconds(50 + pick(1000)));
            ++stats.injected[std::string("proxy ") + name];
            sleep_while_running(hold);
            proxy.disarm();
        } else {
            const char* command = server[pick(static_cast<int>(std::size(server)))];
            if (control(o.control_port, command)) ++stats.injected[std::string("server ") + command];
            sleep_while_running(hold);
            control(o.control_port, "reset");
        }
    }
    proxy.disarm();
    control(o.control_port, "reset");
}

pid_t server_pid(const options& o) {
    if (o.pid_file.empty()) return -1;
    std::ifstream in(o.pid_file);
    pid_t pid = -1;
    in >> pid;
    return in ? pid : -1;
}

// ---- verification ------------------------------------------------------------------------------

std::optional<ifx::connection> connect_direct(const options& o) {
    const auto until = clock_type::now() + 60s;
    for (;;) {
        std::error_code ec;
        ifx::diagnostics diag;
        ifx::connection c;
        c.connect(params_for(o, o.port), ec, diag);
        if (!ec) return c;
        if (clock_type::now() > until) {
            std::cerr << "cannot reach the server: " << diag.to_string() << "\n";
            return std::nullopt;
        }
        std::this_thread::sleep_for(200ms);
    }
}

void verify_rows(ifx::connection& c, ledger& book) {
    std::map<std::int64_t, long long> present;
    for (const auto& [txn, n] :
         c.query<std::int64_t, long long>("SELECT txn, COUNT(*) FROM soak GROUP BY txn"))
        present[txn] = n;
    const auto duplicates = c.query_value<long long>(
        "SELECT COUNT(*) FROM (SELECT id FROM soak GROUP BY id HAVING COUNT(*) > 1) AS d");
    if (duplicates != 0) book.violation(std::to_string(duplicates) + " row ids are present more than once");
    const auto pending = c.query_value<long long>("SELECT COUNT(*) FROM soak WHERE state = 'pending'");
    if (pending != 0)
        book.violation(std::to_string(pending) + " rows are still 'pending' (uncommitted) after the run");
    std::lock_guard lock(book.mutex);
    std::size_t unknown_present = 0;
    for (const auto& [txn, rec] : book.txns) {
        const auto it = present.find(txn);
        const long long n = it == present.end() ? 0 : it->second;
        const std::string name = "txn " + std::to_string(txn) + " of worker " + std::to_string(rec.owner);
        switch (rec.result) {
            case outcome::committed:
                if (n != rec.rows)
                    book.violations.push_back(name + ": committed " + std::to_string(rec.rows) + " rows, " +
                                              std::to_string(n) + " present");
                break;
            case outcome::rolled_back:
                if (n != 0)
                    book.violations.push_back(name + ": rolled back, " + std::to_string(n) + " rows present");
                break;
            case outcome::unknown:
                if (n != 0 && n != rec.rows)
                    book.violations.push_back(name + ": commit outcome unknown, " + std::to_string(n) +
                                              " of " + std::to_string(rec.rows) + " rows present (partial)");
                if (n != 0) ++unknown_present;
                break;
        }
    }
    for (const auto& [txn, n] : present) {
        if (!book.txns.contains(txn))
            book.violations.push_back("txn " + std::to_string(txn) + ": " + std::to_string(n) +
                                      " rows present that no worker wrote");
    }
    std::cout << "rows: " << present.size() << " transactions present; commit-unknown transactions present "
              << unknown_present << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    const options o = parse(argc, argv);
    std::cout << "soak: " << o.seconds << " s, " << o.threads << " workers, pool of " << o.pool_size
              << ", seed " << o.seed << "\n";
    ifx::set_log_handler([](ifx::log_level, std::string_view) {});

    {
        auto setup = connect_direct(o);
        if (!setup) return 2;
        std::error_code ec;
        ifx::diagnostics diag;
        setup->execute("DROP TABLE soak", {}, ec, diag);
        setup->execute(
            "CREATE TABLE soak (id BIGINT NOT NULL, owner INTEGER NOT NULL, txn BIGINT NOT NULL, "
            "state VARCHAR(10) NOT NULL, payload VARCHAR(64))");
    }

    ledger book;
    std::atomic<bool> stop{false};
    std::vector<long> client_rss, server_rss;
    ifx::pool_stats final_stats;
    bool closed_in_time = false;
    fault_stats injected;
    {
        ifx::test::fault_proxy proxy(o.port);
        ifx::pool_params pp;
        pp.max_size = o.pool_size;
        pp.min_size = 1;
        pp.acquire_timeout = 15s;
        pp.fail_fast = false;
        pp.validate_after_idle = 500ms;
        pp.keepalive_interval = 2s;
        pp.reconnect_backoff_min = 50ms;
        pp.reconnect_backoff_max = 1s;
        pp.max_lifetime = 20s;
        pp.lifetime_jitter = 5s;
        pp.idle_timeout = 5s;
        pp.log = [](ifx::log_level, std::string_view) {};
        ifx::pool pool(params_for(o, proxy.port()), pp);

        std::vector<std::thread> threads;
        for (int w = 0; w < o.threads; ++w) {
            threads.emplace_back(
                [&, w] { worker(w + 1, pool, book, o.seed + static_cast<unsigned>(w) + 1, stop).run(); });
        }
        std::thread faults([&] { inject_faults(proxy, o, o.seed ^ 0x5eedu, stop, injected); });

        const auto end = clock_type::now() + std::chrono::seconds(o.seconds);
        auto next_report = clock_type::now() + 30s;
        while (clock_type::now() < end) {
            std::this_thread::sleep_for(1s);
            client_rss.push_back(ifx::test::rss_kib(::getpid()));
            if (const pid_t sp = server_pid(o); sp > 0) server_rss.push_back(ifx::test::rss_kib(sp));
            if (clock_type::now() >= next_report) {
                next_report += 30s;
                const auto s = pool.stats();
                std::cout << "  committed " << book.committed << " rolled back " << book.rolled_back
                          << " unknown " << book.unknown << " reads " << book.reads << " scans "
                          << book.cursors << " | pool size " << s.size << " created " << s.created
                          << " closed " << s.closed_total() << " | rss " << client_rss.back() << " KiB"
                          << std::endl;
            }
        }
        stop = true;
        faults.join();
        for (auto& t : threads) t.join();
        closed_in_time = pool.close(30s);
        final_stats = pool.stats();
    }

    // Leaks: the pool closed every connection it opened; the server released every session.
    if (!closed_in_time) book.violation("the pool did not close within 30 s");
    if (final_stats.in_use != 0 || final_stats.size != 0)
        book.violation("after close: " + std::to_string(final_stats.in_use) + " in use, size " +
                       std::to_string(final_stats.size));
    if (final_stats.created != final_stats.closed_total())
        book.violation("the pool opened " + std::to_string(final_stats.created) + " connections and closed " +
                       std::to_string(final_stats.closed_total()));

    auto direct = connect_direct(o);
    if (!direct) return 2;
    verify_rows(*direct, book);
    direct->close();
    if (const pid_t sp = server_pid(o); sp > 0) {
        // Listener + control socket: whatever more stays open after 10 s is a leaked session.
        const auto until = clock_type::now() + 10s;
        int sockets = ifx::test::open_sockets(sp);
        while (sockets > 2 && clock_type::now() < until) {
            std::this_thread::sleep_for(100ms);
            sockets = ifx::test::open_sockets(sp);
        }
        std::cout << "server sockets after the run: " << sockets << " (listener + control = 2)\n";
        if (sockets > 2)
            book.violation("the server still holds " + std::to_string(sockets - 2) + " session sockets");
    }

    // Memory: after warm-up (the first quarter), the client's peak may not grow by more than
    // half again plus 16 MiB.
    long warm = 0, peak = 0;
    for (std::size_t i = 0; i < client_rss.size(); ++i) {
        if (i < client_rss.size() / 4)
            warm = std::max(warm, client_rss[i]);
        else
            peak = std::max(peak, client_rss[i]);
    }
    const long server_peak =
        server_rss.empty() ? -1 : *std::max_element(server_rss.begin(), server_rss.end());
    std::cout << "client rss: warm-up peak " << warm << " KiB, later peak " << peak
              << " KiB; server rss peak " << server_peak << " KiB\n";
    if (!sanitized && warm > 0 && peak > warm + warm / 2 + 16 * 1024)
        book.violation("client memory grew from " + std::to_string(warm) + " KiB to " + std::to_string(peak) +
                       " KiB");
    if (sanitized) std::cout << "(memory bound not checked: the sanitizer's quarantine holds freed memory)\n";

    std::cout << "transactions: committed " << book.committed << ", rolled back " << book.rolled_back
              << ", commit outcome unknown " << book.unknown << "; reads " << book.reads << ", scans "
              << book.cursors << "\n";
    std::cout << "pool: created " << final_stats.created << ", acquired " << final_stats.acquired
              << ", connect failures " << final_stats.connect_failures << ", timeouts "
              << final_stats.timeouts << ", rollbacks on release " << final_stats.rollbacks << ", closed "
              << final_stats.closed_total() << " (broken "
              << final_stats.closed[static_cast<std::size_t>(ifx::pool_close_reason::broken)]
              << ", reset failed "
              << final_stats.closed[static_cast<std::size_t>(ifx::pool_close_reason::reset_failed)]
              << ", validation failed "
              << final_stats.closed[static_cast<std::size_t>(ifx::pool_close_reason::validation_failed)]
              << ")\n";
    std::cout << "faults injected:";
    for (const auto& [name, n] : injected.injected) std::cout << " [" << name << "] " << n;
    std::cout << "\nerrors seen (expected under faults):\n";
    for (const auto& [what, n] : book.errors) std::cout << "  " << n << " x " << what << "\n";
    if (!book.violations.empty()) {
        std::cout << "FAILED: " << book.violations.size() << " violations\n";
        for (const auto& v : book.violations) std::cout << "  " << v << "\n";
        return 1;
    }
    std::cout << "OK: no violations\n";
    return 0;
}
