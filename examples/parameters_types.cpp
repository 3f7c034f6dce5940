// Parameters and exact types: bind values to '?' markers, and read DECIMAL, MONEY, DATE,
// DATETIME and NULL without losing anything (no double in sight unless you ask for one).
#include <ifx/ifx.hpp>

#include <chrono>
#include <iostream>
#include <optional>
#include <string>

int main(int argc, char** argv) try {
    if (argc < 2) {
        std::cerr << "usage: parameters_types URL\n";
        return 2;
    }
    ifx::connection conn = ifx::connect(argv[1]);
    conn.execute(
        "CREATE TABLE ex_payment (id SERIAL, amount DECIMAL(12,2), fee MONEY(8,2), paid_on DATE, "
        "recorded DATETIME YEAR TO SECOND, note VARCHAR(60))");

    const auto amount = ifx::decimal::parse("1234567890.05");  // exact: 12 digits, scale 2
    const auto paid_on = ifx::date::from_ymd(2024, 2, 29);
    const auto recorded = ifx::datetime::parse(
        "2024-02-29 23:59:58", ifx::qualifier::datetime(ifx::time_unit::year, ifx::time_unit::second));

    // Parameters are typed by their C++ type; an empty std::optional binds a NULL of that type.
    // The DATETIME goes as its literal text, which the server converts to the column's type
    // (ifxlite does not take binary DATETIME binds yet; a real server takes `recorded` as is).
    const std::string recorded_text = recorded.to_string();
    const ifx::exec_result ins = conn.execute(
        "INSERT INTO ex_payment (amount, fee, paid_on, recorded, note) VALUES (?, ?, ?, ?, ?)", amount,
        ifx::decimal::parse("0.30"), paid_on, recorded_text, std::optional<std::string>{});
    std::cout << "inserted row with SERIAL " << ins.serial << '\n';

    // A prepared statement runs many times with different values.
    ifx::statement ins2 = conn.prepare("INSERT INTO ex_payment (amount, paid_on, note) VALUES (?, ?, ?)");
    conn.execute(ins2, ifx::decimal(42),
                 ifx::date::from_sys_days(std::chrono::sys_days{std::chrono::year{2025} / 1 / 1}),
                 "forty-two");

    bool ok = true;
    for (ifx::row_view row :
         conn.query("SELECT id, amount, fee, paid_on, recorded, note FROM ex_payment ORDER BY id")) {
        const auto id = row.get<int>(0);
        const auto amt = row.get<ifx::decimal>(1);  // exact
        const auto fee = row.get<std::optional<ifx::decimal>>(2);
        const auto day = row.get<ifx::date>(3);
        const auto when = row.get<std::optional<ifx::datetime>>(4);
        const auto note = row.get<std::optional<std::string>>(5);
        std::cout << id << " amount=" << amt.to_string() << " fee=" << (fee ? fee->to_string() : "NULL")
                  << " paid_on=" << day.to_string() << " recorded=" << (when ? when->to_string() : "NULL")
                  << " note=" << note.value_or("NULL") << '\n';
        if (id == 1)
            ok = ok && amt == amount && amt.to_string() == "1234567890.05" && day == paid_on &&
                 when == recorded && !note;
    }

    // Reading NULL into a plain type is an error, never a silent default.
    try {
        (void)conn.query_value<std::string>("SELECT note FROM ex_payment WHERE id = ?", 1);
        ok = false;
    } catch (const ifx::error& e) {
        std::cout << "as expected: " << e.code().message() << '\n';
        ok = ok && e.code() == ifx::errc::unexpected_null;
    }

    conn.execute("DROP TABLE ex_payment");
    return ok ? 0 : 1;
} catch (const ifx::error& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
}
