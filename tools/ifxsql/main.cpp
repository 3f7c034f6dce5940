// ifxsql: an Informix SQL shell. This first cut runs statements given with -c (or read from
// standard input) and prints their results.
#include <CLI/CLI.hpp>

#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "ifx/ifx.hpp"
#include "output.hpp"
#include "split.hpp"

namespace {

void report(const ifx::error& e, const std::string& statement) {
    std::cerr << "ifxsql: " << e.what() << "\n";
    if (!statement.empty()) std::cerr << "  in: " << statement << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"ifxsql - run SQL against an Informix server"};
    std::string url;
    std::vector<std::string> commands;
    std::string format_name = "table";
    app.add_option("url", url, "informix://user:password@host:port/database?server=NAME")->required();
    app.add_option("-c,--command", commands, "SQL to run (repeatable; ';' separates statements)");
    app.add_option("--format", format_name, "output format")->check(CLI::IsMember({"table", "csv"}));
    CLI11_PARSE(app, argc, argv);
    const auto fmt = format_name == "csv" ? ifxsql::format::csv : ifxsql::format::table;

    std::vector<std::string> statements;
    if (commands.empty()) commands.emplace_back(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    for (const auto& c : commands)
        for (auto& s : ifxsql::split_statements(c)) statements.push_back(std::move(s));

    ifx::connection conn;
    try {
        conn.connect(ifx::parse_url(url));
    } catch (const ifx::error& e) {
        report(e, "");
        return 2;
    }
    for (const auto& sql : statements) {
        try {
            const ifx::result r = conn.query(sql);
            if (r.has_rows()) {
                ifxsql::print_result(std::cout, r, fmt);
            } else if (fmt == ifxsql::format::table) {
                std::cout << r.affected_rows() << (r.affected_rows() == 1 ? " row" : " rows") << " affected\n";
            }
        } catch (const ifx::error& e) {
            report(e, sql);
            return 1;
        }
    }
    return 0;
}
