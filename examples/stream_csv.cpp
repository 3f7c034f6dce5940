// Streaming a large result to CSV: a cursor fetches rows in batches sized by the fetch buffer,
// so memory stays flat however many rows there are. Output follows RFC 4180.
//
//   stream_csv URL [OUTPUT.csv] [ROWS]
#include <ifx/ifx.hpp>

#include <cstdint>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

namespace {

void csv_field(std::ostream& out, std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos && !s.empty()) {
        out << s;
        return;
    }
    out << '"';
    for (char c : s) {
        if (c == '"') out << '"';
        out << c;
    }
    out << '"';
}

}  // namespace

int main(int argc, char** argv) try {
    if (argc < 2) {
        std::cerr << "usage: stream_csv URL [OUTPUT.csv] [ROWS]\n";
        return 2;
    }
    const std::string path = argc > 2 ? argv[2] : "/dev/null";
    const int count = argc > 3 ? std::stoi(argv[3]) : 50000;
    ifx::connection conn = ifx::connect(argv[1]);

    // Some data to stream: `count` rows, loaded in pipelined batches.
    conn.execute(
        "CREATE TABLE ex_event (id INTEGER, kind VARCHAR(10), payload VARCHAR(40), amount DECIMAL(10,2))");
    {
        ifx::statement ins = conn.prepare("INSERT INTO ex_event VALUES (?, ?, ?, ?)");
        std::vector<ifx::param> flat;
        std::vector<std::string> text;  // params view strings: keep them alive
        text.reserve(static_cast<std::size_t>(count));
        for (int i = 0; i < count; ++i) text.push_back("event \"" + std::to_string(i) + "\", ok");
        for (int i = 0; i < count; ++i) {
            flat.emplace_back(i);
            flat.emplace_back(i % 3 ? "info" : "warn");
            if (i % 10 == 0)
                flat.emplace_back(ifx::null);
            else
                flat.emplace_back(text[static_cast<std::size_t>(i)]);
            flat.emplace_back(ifx::decimal(i));
        }
        conn.execute_many_params(ins, flat, 4);
    }

    std::ofstream out(path, std::ios::binary);
    ifx::cursor cur =
        conn.open_cursor("SELECT id, kind, payload, amount FROM ex_event WHERE id >= ? ORDER BY id", 0);
    const auto& cols = cur.columns();
    for (std::size_t c = 0; c < cols.size(); ++c) {
        if (c) out << ',';
        csv_field(out, cols[c].name);
    }
    out << "\r\n";

    std::int64_t rows = 0;
    std::size_t batches = 0;
    std::string text;
    while (ifx::rows_view batch = cur.fetch()) {  // rows stay valid until the next fetch
        ++batches;
        for (ifx::row_view row : batch) {
            for (std::size_t c = 0; c < row.size(); ++c) {
                if (c) out << ',';
                if (row.is_null(c)) continue;    // NULL: an empty, unquoted field
                text = row.get<std::string>(c);  // exact text of any type
                csv_field(out, text);
            }
            out << "\r\n";
            ++rows;
        }
    }
    out.close();
    std::cout << rows << " rows streamed to " << path << " in " << batches << " fetches\n";

    conn.execute("DROP TABLE ex_event");
    return rows == count ? 0 : 1;
} catch (const ifx::error& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
}
