#include "shell.hpp"

#include <editline/readline.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <vector>

#include "split.hpp"

namespace ifxsql {
namespace {

using clock = std::chrono::steady_clock;

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n;");
    return s.substr(first, last == std::string_view::npos || last < first ? 0 : last - first + 1);
}

std::string upper_word(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && (std::isspace(static_cast<unsigned char>(s[i])) || s[i] == '(')) ++i;
    std::string w;
    while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i])))
        w.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(s[i++]))));
    return w;
}

std::string upper(std::string_view s) {
    std::string u(s);
    for (auto& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return u;
}

// Queries stream through a cursor; everything else (DDL, DML, EXECUTE PROCEDURE, SELECT … INTO
// TEMP) runs as one statement whose rows, if any, are read whole.
bool streams(std::string_view sql) {
    const auto w = upper_word(sql);
    if (w != "SELECT" && w != "WITH") return false;
    const auto u = upper(sql);
    return u.find("INTO TEMP") == std::string::npos && u.find("INTO EXTERNAL") == std::string::npos &&
           u.find("INTO RAW") == std::string::npos && u.find("INTO STANDARD") == std::string::npos;
}

bool changes_rows(std::string_view sql) {
    const auto w = upper_word(sql);
    return w == "INSERT" || w == "UPDATE" || w == "DELETE" || w == "MERGE";
}

bool identifier(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == ':' || c == '@' ||
               c == '$';
    });
}

// Progress line for long exports: rows so far and the rate, at most twice a second, after the
// first second.
class progress {
public:
    explicit progress(bool enabled) : enabled_(enabled), tty_(::isatty(STDERR_FILENO) != 0) {}
    void tick(std::size_t rows) {
        if (!enabled_ || (rows & 1023) != 0) return;
        const auto now = clock::now();
        if (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(500)) return;
        last_ = now;
        print(rows, now);
    }
    void done(std::size_t rows) {
        if (!shown_) return;
        print(rows, clock::now());
        if (tty_) std::cerr << "\n";
    }

private:
    void print(std::size_t rows, clock::time_point now) {
        const double secs = std::chrono::duration<double>(now - start_).count();
        // On a terminal the line is rewritten in place; in a log, each update is its own line.
        std::cerr << (tty_ ? "\r" : "") << rows << " rows exported ("
                  << static_cast<long long>(rows / std::max(secs, 1e-9)) << " rows/s, " << std::fixed
                  << std::setprecision(1) << secs << " s)" << (tty_ ? "" : "\n") << std::flush;
        std::cerr.unsetf(std::ios::floatfield);
        shown_ = true;
    }
    bool enabled_;
    bool tty_;
    bool shown_ = false;
    clock::time_point start_ = clock::now();
    clock::time_point last_ = start_;
};

volatile std::sig_atomic_t interrupted = 0;

extern "C" void on_interrupt(int) {
    interrupted = 1;
}

// While the shell waits for input, Ctrl-C discards the statement being typed instead of ending
// the shell; while a statement runs, the default action applies (the statement cannot be
// cancelled on the wire yet, so the shell ends).
class interrupt_scope {
public:
    interrupt_scope() {
        struct sigaction sa {};
        sa.sa_handler = on_interrupt;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = 0;  // no SA_RESTART: the terminal read returns
        ::sigaction(SIGINT, &sa, &previous_);
    }
    interrupt_scope(const interrupt_scope&) = delete;
    interrupt_scope& operator=(const interrupt_scope&) = delete;
    ~interrupt_scope() { ::sigaction(SIGINT, &previous_, nullptr); }

private:
    struct sigaction previous_ {};
};

std::string history_path() {
    if (const char* p = std::getenv("IFXSQL_HISTORY")) return p;
    if (const char* home = std::getenv("HOME")) return std::string(home) + "/.ifxsql_history";
    return {};
}

}  // namespace

std::string_view command_help() {
    return R"(Backslash commands:
  \l                 list databases
  \d                 list tables and views
  \d TABLE           columns of a table (name, type, nullability)
  \desc SQL          describe the result of a query without running it
  \begin             BEGIN WORK
  \commit            COMMIT WORK
  \rollback          ROLLBACK WORK
  \timing [on|off]   toggle printing the time each statement takes
  \format table|csv|json
                     change the output format
  \c DATABASE|URL    connect to another database (same server) or to a URL
  \conninfo          show the current connection
  \i FILE            run the statements in FILE
  \? or \h           this help
  \q                 quit
SQL statements end with ';' and may span lines. Errors show SQLCODE, ISAM code and message.
)";
}

shell::shell(ifx::connect_params params, shell_options options)
    : params_(std::move(params)), opt_(std::move(options)) {}

std::ostream& shell::out() const {
    return opt_.out ? *opt_.out : std::cout;
}

std::ostream& shell::info() const {
    if (opt_.info) return *opt_.info;
    return opt_.fmt == format::table && !opt_.out ? std::cout : std::cerr;
}

status shell::connect() {
    try {
        conn_.connect(params_);
        return status::ok;
    } catch (const ifx::error& e) {
        std::cerr << "ifxsql: cannot connect to " << params_.host << ":" << params_.port << " (server "
                  << (params_.server.empty() ? "$INFORMIXSERVER" : params_.server) << "): " << e.what()
                  << "\n";
        return status::fatal;
    }
}

status shell::fail(const ifx::error& e, std::string_view statement) {
    const auto& d = e.diag();
    std::cerr << "ifxsql: error: " << e.what() << "\n";
    if (d.sqlcode != 0 && !d.server_message.empty() &&
        std::string_view(e.what()).find(d.server_message) == std::string_view::npos)
        std::cerr << "  server: " << d.server_message << "\n";
    if (!statement.empty()) {
        std::cerr << "  in: " << statement << "\n";
        if (d.offset > 0 && static_cast<std::size_t>(d.offset) <= statement.size() &&
            statement.find('\n') == std::string_view::npos)
            std::cerr << "      " << std::string(static_cast<std::size_t>(d.offset) - 1, ' ') << "^\n";
    }
    if (!conn_.is_open() || ifx::is_fatal(e.code())) {
        std::cerr << "ifxsql: the connection is lost\n";
        return status::fatal;
    }
    return status::sql_error;
}

void shell::report_time(clock::duration d) {
    if (!opt_.timing) return;
    info() << "Time: " << std::fixed << std::setprecision(3)
           << std::chrono::duration<double, std::milli>(d).count() << " ms\n";
    info().unsetf(std::ios::floatfield);
}

status shell::stream_query(const std::string& sql) {
    ifx::cursor cur = conn_.open_cursor(sql);
    auto sink = make_sink(opt_.fmt, out(), opt_.null_text);
    sink->begin(cur.columns());
    std::size_t n = 0;
    progress prog(opt_.progress);
    while (auto batch = cur.fetch()) {
        for (ifx::row_view r : batch) {
            sink->row(r);
            prog.tick(++n);
        }
    }
    cur.close();
    prog.done(n);
    sink->end(n);
    if (opt_.counts && opt_.fmt != format::table) info() << "(" << n << (n == 1 ? " row)\n" : " rows)\n");
    return status::ok;
}

status shell::run_sql(const std::string& sql) {
    const auto start = clock::now();
    try {
        if (streams(sql)) {
            stream_query(sql);
        } else {
            const ifx::result r = conn_.query(sql);
            if (r.has_rows()) {
                auto sink = make_sink(opt_.fmt, out(), opt_.null_text);
                sink->begin(r.columns());
                for (ifx::row_view row : r.rows()) sink->row(row);
                sink->end(r.size());
            } else if ((opt_.fmt == format::table || opt_.counts) && !changes_rows(sql)) {
                info() << "OK\n";
            } else if (opt_.fmt == format::table || opt_.counts) {
                const auto n = r.affected_rows();
                info() << n << (n == 1 ? " row" : " rows") << " affected";
                if (r.summary().serial != 0) info() << " (serial " << r.summary().serial << ")";
                info() << "\n";
            }
        }
    } catch (const ifx::error& e) {
        return fail(e, sql);
    }
    report_time(clock::now() - start);
    return status::ok;
}

status shell::describe(const std::vector<ifx::column_info>& columns) {
    std::vector<std::vector<std::string>> rows;
    rows.reserve(columns.size());
    for (const auto& c : columns) rows.push_back({c.name, c.type_name(), c.nullable() ? "yes" : "no"});
    const std::string header[] = {"column", "type", "nullable"};
    print_text_table(out(), header, rows);
    return status::ok;
}

status shell::describe_table(std::string_view name) {
    if (!identifier(name)) {
        std::cerr << "ifxsql: \\d: not a table name: " << name << "\n";
        return status::sql_error;
    }
    const std::string sql = "SELECT * FROM " + std::string(name);
    try {
        const ifx::statement st = conn_.prepare(sql);
        return describe(st.columns());
    } catch (const ifx::error& e) {
        return fail(e, sql);
    }
}

status shell::describe_query(std::string_view sql) {
    try {
        const ifx::statement st = conn_.prepare(sql);
        if (!st.returns_rows()) {
            out() << "the statement returns no rows (statement type " << st.statement_type() << ")\n";
            return status::ok;
        }
        return describe(st.columns());
    } catch (const ifx::error& e) {
        return fail(e, sql);
    }
}

status shell::reconnect(std::string_view target) {
    ifx::connect_params next = params_;
    try {
        if (target.starts_with("informix://"))
            next = ifx::parse_url(target);
        else
            next.database = std::string(target);
        ifx::connection c(next);
        conn_ = std::move(c);
        params_ = std::move(next);
    } catch (const ifx::error& e) {
        std::cerr << "ifxsql: cannot connect: " << e.what() << " (still connected to "
                  << (params_.database.empty() ? "no database" : params_.database) << ")\n";
        return status::fatal;
    }
    conninfo();
    return status::ok;
}

void shell::conninfo() {
    const auto& i = conn_.info();
    info() << "connected to " << params_.host << ":" << params_.port << " server "
           << (params_.server.empty() ? "$INFORMIXSERVER" : params_.server) << " as "
           << (params_.user.empty() ? "(default user)" : params_.user) << ", database "
           << (i.database.empty() ? "(none)" : i.database)
           << (i.ansi     ? " (ANSI)"
               : i.logged ? " (logged)"
                          : " (not logged)")
           << "\n";
    if (!i.server_version.empty()) info() << i.server_version << "\n";
}

status shell::run_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::cerr << "ifxsql: cannot read " << path << "\n";
        return status::fatal;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return run_script(text.str());
}

status shell::run_command(std::string_view line) {
    line = trim(line);
    line.remove_prefix(1);  // the backslash
    const auto space = line.find_first_of(" \t");
    const std::string_view cmd = line.substr(0, space);
    const std::string_view arg =
        space == std::string_view::npos ? std::string_view{} : trim(line.substr(space));
    auto simple = [&](auto&& action, std::string_view done) {
        try {
            action();
            info() << done << "\n";
            return status::ok;
        } catch (const ifx::error& e) {
            return fail(e, done);
        }
    };
    if (cmd == "q" || cmd == "quit") {
        quit_ = true;
        return status::ok;
    }
    if (cmd == "?" || cmd == "h" || cmd == "help") {
        out() << command_help();
        return status::ok;
    }
    if (cmd == "l") return run_sql("SELECT name FROM sysmaster:sysdatabases ORDER BY name");
    if (cmd == "d" && arg.empty())
        return run_sql(
            "SELECT tabname, owner, CASE tabtype WHEN 'T' THEN 'table' WHEN 'V' THEN 'view' WHEN 'S' THEN "
            "'synonym' ELSE tabtype END AS kind FROM systables WHERE tabid >= 100 ORDER BY tabname");
    if (cmd == "d") return describe_table(arg);
    if (cmd == "desc" || cmd == "dq") return describe_query(arg);
    if (cmd == "begin") return simple([&] { conn_.begin(); }, "BEGIN WORK");
    if (cmd == "commit") return simple([&] { conn_.commit(); }, "COMMIT WORK");
    if (cmd == "rollback") return simple([&] { conn_.rollback(); }, "ROLLBACK WORK");
    if (cmd == "timing") {
        opt_.timing = arg.empty() ? !opt_.timing : arg == "on";
        info() << "timing is " << (opt_.timing ? "on" : "off") << "\n";
        return status::ok;
    }
    if (cmd == "format") {
        if (arg == "table" || arg == "csv" || arg == "json") {
            opt_.fmt = arg == "csv" ? format::csv : arg == "json" ? format::json : format::table;
            return status::ok;
        }
        std::cerr << "ifxsql: \\format table|csv|json\n";
        return status::sql_error;
    }
    if (cmd == "c" || cmd == "connect") {
        if (arg.empty()) {
            conninfo();
            return status::ok;
        }
        return reconnect(arg);
    }
    if (cmd == "conninfo") {
        conninfo();
        return status::ok;
    }
    if (cmd == "i") return run_file(std::string(arg));
    std::cerr << "ifxsql: unknown command \\" << cmd << " (\\? lists the commands)\n";
    return status::sql_error;
}

status shell::run_script(std::string_view text) {
    status worst = status::ok;
    std::string pending;
    auto account = [&](status s) {
        worst = std::max(worst, s);
        return s == status::fatal || (s != status::ok && opt_.stop_on_error) || quit_;
    };
    auto flush = [&] {
        const auto statements = split_statements(pending);
        pending.clear();
        for (const auto& sql : statements)
            if (account(run_sql(sql))) return true;
        return false;
    };
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        if (trim(pending).empty() && trim(line).starts_with('\\')) {
            pending.clear();
            if (account(run_command(line))) return worst;
            continue;
        }
        pending.append(line).push_back('\n');
        if (statement_complete(pending) && flush()) return worst;
    }
    flush();
    return worst;
}

std::string shell::prompt(bool continuation) const {
    const auto& db = conn_.info().database;
    return (db.empty() ? std::string("ifxsql") : db) + (continuation             ? "-> "
                                                        : conn_.in_transaction() ? "*> "
                                                                                 : "=> ");
}

status shell::interactive() {
    const std::string history = history_path();
    using_history();
    stifle_history(2000);
    if (!history.empty()) read_history(history.c_str());
    out() << "ifxsql " << IFXSQL_VERSION << ". Type \\? for help, \\q to quit.\n";
    conninfo();
    std::string pending;
    while (!quit_) {
        interrupted = 0;
        char* raw = nullptr;
        {
            const interrupt_scope scope;
            raw = readline(prompt(!pending.empty()).c_str());
        }
        if (interrupted) {  // Ctrl-C: drop the pending statement, prompt again
            std::free(raw);
            pending.clear();
            out() << "\n";
            continue;
        }
        if (!raw) break;
        std::string line(raw);
        std::free(raw);
        if (pending.empty() && trim(line).empty()) continue;
        if (pending.empty() && trim(line).starts_with('\\')) {
            add_history(line.c_str());
            run_command(line);
            continue;
        }
        pending.append(line).push_back('\n');
        if (!statement_complete(pending)) continue;
        std::string entry = pending;
        std::replace(entry.begin(), entry.end(), '\n', ' ');
        add_history(std::string(trim(entry)).append(";").c_str());
        const auto statements = split_statements(pending);
        pending.clear();
        for (const auto& sql : statements)
            if (run_sql(sql) == status::fatal && !conn_.is_open()) break;
    }
    if (!pending.empty()) out() << "\n";
    if (!history.empty()) write_history(history.c_str());
    return status::ok;
}

}  // namespace ifxsql
