#include "output.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace ifxsql {
namespace {

// Display width in code points, so UTF-8 text lines up.
std::size_t width(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xc0) != 0x80; }));
}

std::string rows_footer(std::size_t n) {
    return "(" + std::to_string(n) + (n == 1 ? " row)\n" : " rows)\n");
}

void write_table(std::ostream& out, std::span<const std::string> header,
                 std::span<const std::vector<std::string>> cells, const std::vector<bool>& right) {
    std::vector<std::size_t> widths(header.size());
    for (std::size_t c = 0; c < header.size(); ++c) widths[c] = width(header[c]);
    for (const auto& line : cells)
        for (std::size_t c = 0; c < line.size(); ++c) widths[c] = std::max(widths[c], width(line[c]));
    enum class align { to_left, to_right };
    auto pad = [&](const std::string& s, std::size_t c, align a) {
        const std::string fill(widths[c] - width(s), ' ');
        out << (a == align::to_right ? fill + s : s + fill);
    };
    for (std::size_t c = 0; c < header.size(); ++c) {
        out << (c ? " | " : " ");
        pad(header[c], c, align::to_left);
    }
    out << "\n";
    // As wide as the header and the rows: a space, then the columns padded and joined by " | ".
    for (std::size_t c = 0; c < header.size(); ++c) out << (c ? "-+-" : "-") << std::string(widths[c], '-');
    out << "\n";
    for (const auto& line : cells) {
        for (std::size_t c = 0; c < line.size(); ++c) {
            out << (c ? " | " : " ");
            pad(line[c], c, c < right.size() && right[c] ? align::to_right : align::to_left);
        }
        out << "\n";
    }
    out << rows_footer(cells.size());
}

class table_sink final : public result_sink {
public:
    table_sink(std::ostream& out, std::string null_text) : out_(out), null_(std::move(null_text)) {}
    void begin(std::span<const ifx::column_info> columns) override {
        header_.clear();
        right_.clear();
        cells_.clear();
        for (const auto& c : columns) {
            header_.push_back(c.name);
            right_.push_back(is_numeric(c.logical_type()));
        }
    }
    void row(const ifx::row_view& r) override {
        auto& line = cells_.emplace_back();
        for (std::size_t c = 0; c < r.size(); ++c) line.push_back(r.is_null(c) ? null_ : cell_text(r, c));
    }
    void end(std::size_t) override { write_table(out_, header_, cells_, right_); }

private:
    std::ostream& out_;
    std::string null_;
    std::vector<std::string> header_;
    std::vector<bool> right_;
    std::vector<std::vector<std::string>> cells_;
};

void csv_field(std::ostream& out, std::string_view s) {
    if (s.empty() || s.find_first_of(",\"\r\n") != std::string_view::npos) {
        out << '"';
        for (char c : s) {
            if (c == '"') out << '"';
            out << c;
        }
        out << '"';
    } else {
        out << s;
    }
}

class csv_sink final : public result_sink {
public:
    explicit csv_sink(std::ostream& out) : out_(out) {}
    void begin(std::span<const ifx::column_info> columns) override {
        for (std::size_t c = 0; c < columns.size(); ++c) {
            if (c) out_ << ',';
            csv_field(out_, columns[c].name);
        }
        out_ << "\r\n";
    }
    void row(const ifx::row_view& r) override {
        for (std::size_t c = 0; c < r.size(); ++c) {
            if (c) out_ << ',';
            if (!r.is_null(c)) csv_field(out_, cell_text(r, c));
        }
        out_ << "\r\n";
    }
    void end(std::size_t) override { out_.flush(); }

private:
    std::ostream& out_;
};

void json_string(std::ostream& out, std::string_view s) {
    out << '"';
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"':
                out << "\\\"";
                break;
            case '\\':
                out << "\\\\";
                break;
            case '\n':
                out << "\\n";
                break;
            case '\r':
                out << "\\r";
                break;
            case '\t':
                out << "\\t";
                break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out << buf;
                } else {
                    out << ch;
                }
        }
    }
    out << '"';
}

class json_sink final : public result_sink {
public:
    explicit json_sink(std::ostream& out) : out_(out) {}
    void begin(std::span<const ifx::column_info> columns) override {
        columns_.assign(columns.begin(), columns.end());
    }
    void row(const ifx::row_view& r) override {
        out_ << '{';
        for (std::size_t c = 0; c < r.size(); ++c) {
            if (c) out_ << ',';
            json_string(out_, columns_[c].name);
            out_ << ':';
            value(r, c);
        }
        out_ << "}\n";
    }
    void end(std::size_t) override { out_.flush(); }

private:
    void value(const ifx::row_view& r, std::size_t c) {
        if (r.is_null(c)) {
            out_ << "null";
            return;
        }
        using ifx::type_code;
        switch (columns_[c].logical_type()) {
            case type_code::boolean: {
                bool b = false;
                if (!r.get(c, b)) {
                    out_ << (b ? "true" : "false");
                    return;
                }
                break;
            }
            case type_code::float_:
            case type_code::smallfloat: {
                double d = 0;
                if (!r.get(c, d) && std::isfinite(d)) {
                    out_ << cell_text(r, c);
                    return;
                }
                break;
            }
            case type_code::decimal:
            case type_code::money:
                break;  // exact: as a string
            default:
                if (is_numeric(columns_[c].logical_type())) {
                    out_ << cell_text(r, c);
                    return;
                }
        }
        json_string(out_, cell_text(r, c));
    }

    std::ostream& out_;
    std::vector<ifx::column_info> columns_;
};

}  // namespace

std::string cell_text(const ifx::row_view& row, std::size_t i) {
    std::string s;
    if (row.columns()[i].type == ifx::type_code::byte) {  // binary: never written to a terminal
        std::vector<std::byte> b;
        if (auto ec = row.get(i, b)) return "<" + ec.message() + ">";
        return "<BYTE, " + std::to_string(b.size()) + " bytes>";
    }
    if (auto ec = row.get(i, s)) return "<" + ec.message() + ">";
    return s;
}

bool is_numeric(ifx::type_code t) {
    using ifx::type_code;
    switch (t) {
        case type_code::smallint:
        case type_code::integer:
        case type_code::serial:
        case type_code::bigint:
        case type_code::bigserial:
        case type_code::int8:
        case type_code::serial8:
        case type_code::float_:
        case type_code::smallfloat:
        case type_code::decimal:
        case type_code::money:
            return true;
        default:
            return false;
    }
}

std::unique_ptr<result_sink> make_sink(format f, std::ostream& out, std::string null_text) {
    switch (f) {
        case format::csv:
            return std::make_unique<csv_sink>(out);
        case format::json:
            return std::make_unique<json_sink>(out);
        case format::table:
            break;
    }
    return std::make_unique<table_sink>(out, std::move(null_text));
}

void print_text_table(std::ostream& out, std::span<const std::string> header,
                      std::span<const std::vector<std::string>> rows) {
    write_table(out, header, rows, std::vector<bool>{});
}

}  // namespace ifxsql
