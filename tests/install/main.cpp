// Uses the installed headers and library without a server: URL parsing, exact decimals, dates
// and the error categories. With a URL argument it also connects and runs a query.
#include <ifx/async_connection.hpp>  // the async and pool headers must be usable from an install too
#include <ifx/ifx.hpp>
#include <ifx/pool.hpp>

#include <iostream>

int main(int argc, char** argv) {
    const ifx::connect_params p =
        ifx::parse_url("informix://app:pw@db1:9089/stores?server=ol_prod&tls=disable");
    const ifx::decimal d = ifx::decimal::parse("12345678901234567890.125");
    const ifx::date day = ifx::date::from_ymd(2024, 2, 29);
    const std::error_code ec = ifx::make_server_error(-206);
    const bool ok = p.host == "db1" && p.port == 9089 && p.server == "ol_prod" &&
                    p.tls == ifx::tls_mode::disable && d.to_string() == "12345678901234567890.125" &&
                    day.to_string() == "2024-02-29" && ec.category().name() == std::string("ifx.server");
    if (argc > 1) {
        ifx::connection conn = ifx::connect(argv[1]);
        std::cout << "server: " << conn.info().server_version << '\n';
    }
    std::cout << (ok ? "ifx consumer ok" : "ifx consumer FAILED") << '\n';
    return ok ? 0 : 1;
}
