#include "output.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace ifxsql {
namespace {

constexpr std::string_view null_text = "NULL";

std::string cell_text(const ifx::row_view& row, std::size_t i) {
    std::string s;
    if (row.is_null(i)) return std::string(null_text);
    if (auto ec = row.get(i, s)) return "<" + ec.message() + ">";
    return s;
}

bool right_aligned(ifx::type_code t) {
    using ifx::type_code;
    switch (t) {
        case type_code::smallint: case type_code::integer: case type_code::serial: case type_code::bigint:
        case type_code::bigserial: case type_code::int8: case type_code::serial8: case type_code::float_:
        case type_code::smallfloat: case type_code::decimal: case type_code::money: return true;
        default: return false;
    }
}

// Display width in code points, so UTF-8 text lines up.
std::size_t width(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xc0) != 0x80; }));
}

void print_table(std::ostream& out, const ifx::result& r) {
    const auto& cols = r.columns();
    std::vector<std::size_t> widths(cols.size());
    std::vector<std::vector<std::string>> cells;
    for (std::size_t c = 0; c < cols.size(); ++c) widths[c] = width(cols[c].name);
    for (ifx::row_view row : r.rows()) {
        auto& line = cells.emplace_back();
        for (std::size_t c = 0; c < cols.size(); ++c) {
            line.push_back(cell_text(row, c));
            widths[c] = std::max(widths[c], width(line.back()));
        }
    }
    auto pad = [&](const std::string& s, std::size_t c, bool right) {
        const std::string fill(widths[c] - width(s), ' ');
        out << (right ? fill + s : s + fill);
    };
    for (std::size_t c = 0; c < cols.size(); ++c) {
        out << (c ? " | " : " ");
        pad(cols[c].name, c, false);
    }
    out << "\n";
    for (std::size_t c = 0; c < cols.size(); ++c) out << (c ? "-+-" : "-") << std::string(widths[c], '-');
    out << "-\n";
    for (const auto& line : cells) {
        for (std::size_t c = 0; c < cols.size(); ++c) {
            out << (c ? " | " : " ");
            pad(line[c], c, right_aligned(cols[c].type));
        }
        out << "\n";
    }
    out << "(" << r.size() << (r.size() == 1 ? " row)\n" : " rows)\n");
}

void csv_field(std::ostream& out, std::string_view s) {
    if (s.empty() || s.find_first_of(",\"\r\n") != std::string_view::npos) {
        out << '"';
        for (char c : s) out << (c == '"' ? "\"\"" : std::string(1, c));
        out << '"';
    } else {
        out << s;
    }
}

void print_csv(std::ostream& out, const ifx::result& r) {
    const auto& cols = r.columns();
    for (std::size_t c = 0; c < cols.size(); ++c) {
        if (c) out << ',';
        csv_field(out, cols[c].name);
    }
    out << "\r\n";
    for (ifx::row_view row : r.rows()) {
        for (std::size_t c = 0; c < cols.size(); ++c) {
            if (c) out << ',';
            if (!row.is_null(c)) csv_field(out, cell_text(row, c));
        }
        out << "\r\n";
    }
}

}  // namespace

void print_result(std::ostream& out, const ifx::result& r, format f) {
    if (f == format::csv)
        print_csv(out, r);
    else
        print_table(out, r);
}

}  // namespace ifxsql
