// Connect and query: open a session from a URL, create a table, read rows as typed tuples and
// through row views, and read a single value.
//
//   connect_query 'informix://informix:in4mix@127.0.0.1:9088/stores?server=ol_ifx'
#include <ifx/ifx.hpp>

#include <cstdint>
#include <iostream>
#include <optional>
#include <string>

int main(int argc, char** argv) try {
    if (argc < 2) {
        std::cerr << "usage: connect_query URL\n";
        return 2;
    }
    // Any connect_params field can be given as a URL option; TLS verification is the default,
    // so a plain-TCP test server needs &tls=disable.
    ifx::connection conn = ifx::connect(argv[1]);
    std::cout << "connected to database " << conn.info().database << " (" << conn.info().server_version
              << ")\n";

    conn.execute("CREATE TABLE ex_city (id INTEGER NOT NULL, name VARCHAR(40), country CHAR(2))");
    conn.execute("INSERT INTO ex_city VALUES (1, 'Lenexa', 'US')");
    conn.execute("INSERT INTO ex_city VALUES (2, 'Böblingen', 'DE')");
    conn.execute("INSERT INTO ex_city VALUES (3, NULL, 'FR')");

    // Typed rows: one std::tuple per row. A nullable column is read as std::optional.
    for (auto [id, name] :
         conn.query<int, std::optional<std::string>>("SELECT id, name FROM ex_city ORDER BY id"))
        std::cout << id << ": " << name.value_or("(null)") << '\n';

    // Untyped rows: an ifx::result with column descriptions and row views.
    const ifx::result r = conn.query("SELECT id, country FROM ex_city WHERE id > ?", 1);
    for (const auto& col : r.columns()) std::cout << col.name << ' ' << col.type_name() << '\n';
    for (ifx::row_view row : r) std::cout << row.get<int>(0) << ' ' << row.get<std::string>(1) << '\n';

    // One value. COUNT(*) is a DECIMAL in Informix; reading it as an integer is exact.
    const auto n = conn.query_value<std::int64_t>("SELECT COUNT(*) FROM ex_city");
    std::cout << n << " cities\n";

    conn.execute("DROP TABLE ex_city");
    return n == 3 ? 0 : 1;
} catch (const ifx::error& e) {
    // e.what() reads "SQLCODE -206 (ISAM -111): The specified table (…) is not in the database."
    std::cerr << "error: " << e.what() << '\n';
    return 1;
}
