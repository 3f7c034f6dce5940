// Async queries on Asio coroutines: one thread, several concurrent sessions, a per-operation
// timeout by racing a timer, and a cursor read in batches.
//   async_query 'informix://user:pass@host:9088/db?server=NAME&tls=disable'
#include <asio/co_spawn.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>

#include "ifx/async_connection.hpp"

namespace {

using namespace std::chrono_literals;
using namespace asio::experimental::awaitable_operators;
constexpr auto use_tuple = asio::experimental::as_tuple(asio::use_awaitable);

asio::awaitable<void> session(ifx::connect_params params, int id) {
    ifx::async_connection conn(co_await asio::this_coro::executor);
    ifx::diagnostics diag;
    // Error codes instead of exceptions: as_tuple.
    if (auto [ec] = co_await conn.async_connect(params, diag, use_tuple); ec) {
        std::fprintf(stderr, "session %d: cannot connect: %s\n", id, diag.to_string().c_str());
        co_return;
    }
    // Parameters are bound with make_params; text parameters must outlive the operation.
    auto r = co_await conn.async_query("SELECT tabid, tabname FROM systables WHERE tabid <= ? ORDER BY tabid",
                                       ifx::make_params(id + 1), asio::use_awaitable);
    std::printf("session %d: %zu rows, last table %s\n", id, r.size(),
                r.empty() ? "-" : r[r.size() - 1].get<std::string>(1).c_str());

    // A deadline for one operation: race it against a timer. If the timer wins the query is
    // cancelled and, since SQLI cannot interrupt a statement, the connection is closed.
    asio::steady_timer timer(co_await asio::this_coro::executor, 5s);
    auto winner = co_await (conn.async_query("SELECT COUNT(*) FROM systables", asio::use_awaitable) ||
                            timer.async_wait(asio::use_awaitable));
    if (winner.index() == 0)
        std::printf("session %d: %lld tables\n", id, std::get<0>(winner)[0].get<long long>(0));
    else
        std::printf("session %d: timed out, connection still open: %d\n", id, conn.is_open());

    if (conn.is_open()) {
        // A streaming cursor, batch by batch.
        auto cur = co_await conn.async_open_cursor("SELECT tabname FROM systables", {}, asio::use_awaitable);
        std::size_t rows = 0;
        while (auto batch = co_await cur.async_fetch(asio::use_awaitable)) rows += batch.size();
        co_await cur.async_close(asio::use_awaitable);
        std::printf("session %d: cursor read %zu rows\n", id, rows);
        co_await conn.async_close(asio::use_awaitable);
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s URL\n", argv[0]);
        return 2;
    }
    try {
        const auto params = ifx::parse_url(argv[1]);
        asio::io_context io(1);  // one thread drives every session
        for (int i = 0; i < 4; ++i)
            asio::co_spawn(io, session(params, i), [](std::exception_ptr e) {
                if (!e) return;
                try {
                    std::rethrow_exception(e);
                } catch (const std::exception& x) {
                    std::fprintf(stderr, "error: %s\n", x.what());
                }
            });
        io.run();
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
