// Uses the installed headers and library without a server: URL parsing, exact decimals, dates,
// the error categories, and the async API (Asio found through the package: an async_connection
// and an async_pool driven on an io_context). With a URL argument it also connects (sync and
// async) and runs a query.
#include <ifx/async_connection.hpp>
#include <ifx/async_pool.hpp>
#include <ifx/ifx.hpp>
#include <ifx/pool.hpp>

#include <asio/io_context.hpp>
#include <chrono>
#include <iostream>

namespace {

// Completes an async connect and an async acquire; true when both ended as expected.
bool async_checks(const char* url) {
    asio::io_context io;
    ifx::async_connection conn(io);
    std::error_code connect_ec = ifx::errc::not_connected;
    std::string version;
    ifx::connect_params p;
    if (url) {
        p = ifx::parse_url(url);
    } else {  // no URL: nothing listens on port 1 (and without INFORMIXSERVER there is no server name)
        p.host = "127.0.0.1";
        p.port = 1;
    }
    conn.async_connect(p, [&](std::error_code ec) {
        connect_ec = ec;
        if (ec) return;
        conn.async_query("SELECT 1 FROM systables WHERE tabid = 1", [&](std::error_code qec, ifx::result r) {
            if (!qec && r.size() == 1) version = conn.info().server_version;
            conn.async_close([](std::error_code) {});
        });
    });

    // A pool whose server cannot be reached: the acquire times out with pool_timeout.
    auto unreachable = ifx::parse_url("informix://u:p@127.0.0.1:1/db?server=none&tls=disable");
    ifx::async_pool pool(io.get_executor(), unreachable,
                         {.max_size = 1, .log = [](ifx::log_level, std::string_view) {}});
    std::error_code acquire_ec;
    pool.async_acquire(std::chrono::milliseconds(200), [&](std::error_code ec, ifx::async_pooled_connection) {
        acquire_ec = ec;
        pool.close();
    });
    io.run();
    if (url) {
        std::cout << "async server: " << version << '\n';
        if (connect_ec || version.empty()) return false;
    } else if (!connect_ec) {
        return false;
    }
    return acquire_ec == ifx::errc::pool_timeout;
}

}  // namespace

int main(int argc, char** argv) {
    const ifx::connect_params p =
        ifx::parse_url("informix://app:pw@db1:9089/stores?server=ol_prod&tls=disable");
    const ifx::decimal d = ifx::decimal::parse("12345678901234567890.125");
    const ifx::date day = ifx::date::from_ymd(2024, 2, 29);
    const std::error_code ec = ifx::make_server_error(-206);
    bool ok = p.host == "db1" && p.port == 9089 && p.server == "ol_prod" && p.tls == ifx::tls_mode::disable &&
              d.to_string() == "12345678901234567890.125" && day.to_string() == "2024-02-29" &&
              ec.category().name() == std::string("ifx.server");
    if (argc > 1) {
        ifx::connection conn = ifx::connect(argv[1]);
        std::cout << "server: " << conn.info().server_version << '\n';
    }
    ok = async_checks(argc > 1 ? argv[1] : nullptr) && ok;
    std::cout << (ok ? "ifx consumer ok" : "ifx consumer FAILED") << '\n';
    return ok ? 0 : 1;
}
