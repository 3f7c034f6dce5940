#pragma once
// The shell proper: runs SQL and backslash commands against one connection and reports results
// and errors. main.cpp builds it from the command line.
#include <chrono>
#include <functional>
#include <istream>
#include <ostream>
#include <string>
#include <string_view>

#include "ifx/connect_params.hpp"
#include "ifx/connection.hpp"
#include "output.hpp"

namespace ifxsql {

/// How a statement or command ended. The order matters: a script's status is the worst one seen.
enum class status {
    ok = 0,         ///< exit code 0
    sql_error = 1,  ///< the server (or a conversion) rejected a statement: exit code 1
    fatal = 2,      ///< no usable connection, or bad usage: exit code 2
};

struct shell_options {
    format fmt = format::table;
    std::string null_text = "NULL";
    bool timing = false;           ///< print the elapsed time of each statement
    bool counts = false;           ///< csv/json: report row counts on stderr
    bool stop_on_error = true;     ///< scripts stop at the first failing statement
    bool progress = false;         ///< print a progress line while streaming rows
    std::ostream* out = nullptr;   ///< results (default std::cout)
    std::ostream* info = nullptr;  ///< row counts, timing, messages (default: out for tables, else stderr)
};

class shell {
public:
    shell(ifx::connect_params params, shell_options options);

    /// Connects with the parameters given at construction. Reports the error on failure.
    status connect();
    /// Runs SQL text and backslash commands (a backslash command is a line that starts with '\'
    /// when no statement is pending). Stops at the first error when stop_on_error is set.
    status run_script(std::string_view text);
    /// Runs one SQL statement (without its ';').
    status run_sql(const std::string& sql);
    /// Runs one backslash command line.
    status run_command(std::string_view line);
    /// The interactive loop: line editing and history (libedit), multi-line statements ending in
    /// ';'. Returns when the user quits or at end of input.
    status interactive();

    bool quit_requested() const noexcept { return quit_; }

private:
    status fail(const ifx::error& e, std::string_view statement);
    status stream_query(const std::string& sql);
    status describe(const std::vector<ifx::column_info>& columns);
    status describe_table(std::string_view name);
    status describe_query(std::string_view sql);
    status reconnect(std::string_view target);
    status run_file(const std::string& path);
    void report_time(std::chrono::steady_clock::duration d);
    void conninfo();
    std::string prompt(bool continuation) const;
    std::ostream& out() const;
    std::ostream& info() const;

    ifx::connect_params params_;
    shell_options opt_;
    ifx::connection conn_;
    bool quit_ = false;
};

/// The help text of the backslash commands.
std::string_view command_help();

}  // namespace ifxsql
