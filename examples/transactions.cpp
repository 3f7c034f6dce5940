// Transactions: ifx::transaction commits when asked and rolls back otherwise (also when an
// exception leaves the scope). Needs a logged database (CREATE DATABASE … WITH LOG).
#include <ifx/ifx.hpp>
#include <ifx/transaction.hpp>

#include <cstdint>
#include <iostream>
#include <stdexcept>

namespace {

// Moves money between two accounts atomically: both updates or neither.
void transfer(ifx::connection& conn, int from, int to, const ifx::decimal& amount) {
    ifx::transaction tx{conn};
    conn.execute("UPDATE ex_account SET balance = balance - ? WHERE id = ?", amount, from);
    conn.execute("UPDATE ex_account SET balance = balance + ? WHERE id = ?", amount, to);
    if (conn.query_value<ifx::decimal>("SELECT balance FROM ex_account WHERE id = ?", from) < ifx::decimal(0))
        throw std::runtime_error("insufficient funds");  // the guard rolls back
    tx.commit();
}

ifx::decimal balance(ifx::connection& conn, int id) {
    return conn.query_value<ifx::decimal>("SELECT balance FROM ex_account WHERE id = ?", id);
}

}  // namespace

int main(int argc, char** argv) try {
    if (argc < 2) {
        std::cerr << "usage: transactions URL\n";
        return 2;
    }
    ifx::connection conn = ifx::connect(argv[1]);
    if (!conn.info().logged) {
        std::cerr << "this example needs a logged database\n";
        return 1;
    }
    conn.execute("CREATE TABLE ex_account (id INTEGER PRIMARY KEY, balance DECIMAL(12,2) NOT NULL)");
    conn.execute("INSERT INTO ex_account VALUES (1, 100.00)");
    conn.execute("INSERT INTO ex_account VALUES (2, 0.00)");

    transfer(conn, 1, 2, ifx::decimal::parse("60.00"));
    std::cout << "after the first transfer: " << balance(conn, 1).to_string() << " / "
              << balance(conn, 2).to_string() << '\n';
    try {
        transfer(conn, 1, 2, ifx::decimal::parse("60.00"));
    } catch (const std::runtime_error& e) {
        std::cout << "second transfer refused (" << e.what() << "), rolled back\n";
    }
    std::cout << "after the second transfer: " << balance(conn, 1).to_string() << " / "
              << balance(conn, 2).to_string() << '\n';

    // The explicit calls, and what a constraint violation inside a transaction looks like.
    conn.begin();
    conn.execute("INSERT INTO ex_account VALUES (3, 5.00)");
    try {
        conn.execute("INSERT INTO ex_account VALUES (3, 6.00)");  // duplicate key
    } catch (const ifx::error& e) {
        std::cout << "duplicate: SQLCODE " << e.sqlcode() << " ISAM " << e.isam_code() << '\n';
    }
    conn.rollback();
    const auto rows = conn.query_value<std::int64_t>("SELECT COUNT(*) FROM ex_account");

    const bool ok =
        balance(conn, 1) == ifx::decimal::parse("40") && balance(conn, 2) == ifx::decimal(60) && rows == 2;
    conn.execute("DROP TABLE ex_account");
    return ok ? 0 : 1;
} catch (const ifx::error& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
}
