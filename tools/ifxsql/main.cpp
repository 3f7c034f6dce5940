// ifxsql: an Informix SQL shell in the spirit of psql and dbaccess.
//
//   ifxsql [URL | DATABASE] [connection flags] [-c SQL]... [-f FILE]... [--format table|csv|json]
//
// Exit codes: 0 success, 1 an SQL statement failed, 2 connection or usage error.
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "ifx/ifx.hpp"
#include "shell.hpp"

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

struct cli {
    std::string target;  // URL or database name
    std::string host, server, database, user, password, tls, ca_file;
    int port = 0;
    bool ask_password = false;
};

ifx::tls_mode tls_mode_of(const std::string& s) {
    if (s == "disable") return ifx::tls_mode::disable;
    if (s == "insecure") return ifx::tls_mode::insecure;
    if (s == "verify-ca") return ifx::tls_mode::verify_ca;
    return ifx::tls_mode::verify_full;
}

// Defaults, then the environment, then the URL (argument or IFX_URL), then the flags.
ifx::connect_params connection_params(const cli& c) {
    ifx::connect_params p;
    std::string url = c.target.starts_with("informix://") ? c.target : env("IFX_URL");
    if (!url.empty()) {
        p = ifx::parse_url(url);
    } else {
        if (!env("IFX_HOST").empty()) p.host = env("IFX_HOST");
        if (!env("IFX_PORT").empty()) p.port = static_cast<std::uint16_t>(std::stoi(env("IFX_PORT")));
        p.user = !env("IFX_USER").empty() ? env("IFX_USER") : env("USER");
        p.password = env("IFX_PASSWORD");
        p.database = env("IFX_DATABASE");
        if (!env("IFX_TLS").empty()) p.tls = tls_mode_of(env("IFX_TLS"));
    }
    if (!env("DBDATE").empty()) p.environment.emplace_back("DBDATE", env("DBDATE"));
    if (!c.target.empty() && !c.target.starts_with("informix://")) p.database = c.target;
    if (!c.host.empty()) p.host = c.host;
    if (c.port != 0) p.port = static_cast<std::uint16_t>(c.port);
    if (!c.server.empty()) p.server = c.server;
    if (!c.database.empty()) p.database = c.database;
    if (!c.user.empty()) p.user = c.user;
    if (!c.password.empty()) p.password = c.password;
    if (!c.tls.empty()) p.tls = tls_mode_of(c.tls);
    if (!c.ca_file.empty()) p.tls_ca_file = c.ca_file;
    if (c.ask_password) {
        const char* pw = ::getpass("Password: ");  // NOLINT(concurrency-mt-unsafe): once, at start-up
        p.password = pw ? pw : "";
    }
    return p;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "ifxsql - an Informix SQL shell.\n\n"
        "Connects by URL (informix://user:password@host:port/database?server=NAME&tls=…), by flags, or\n"
        "from the environment: IFX_URL, or IFX_HOST, IFX_PORT, INFORMIXSERVER, IFX_USER (else USER),\n"
        "IFX_PASSWORD, IFX_DATABASE, IFX_TLS; CLIENT_LOCALE, DB_LOCALE and DBDATE are sent at login.\n"
        "Without -c or -f it reads standard input: interactively (line editing, history in\n"
        "~/.ifxsql_history) when it is a terminal.\n"
        "Exit status: 0 success, 1 an SQL statement failed, 2 connection or usage error."};
    app.set_version_flag("--version", std::string("ifxsql ") + IFXSQL_VERSION);
    cli c;
    std::vector<std::string> commands, files;
    std::string format_name = "table", output, null_text = "NULL";
    bool timing = false, counts = false, keep_going = false, progress = false;
    app.add_option("target", c.target, "connection URL informix://…, or a database name");
    app.add_option("-H,--host", c.host, "server host (default 127.0.0.1)");
    app.add_option("-p,--port", c.port, "server port (default 9088)")->check(CLI::Range(1, 65535));
    app.add_option("-s,--server", c.server, "INFORMIXSERVER name");
    app.add_option("-d,--database", c.database, "database to open");
    app.add_option("-U,--user", c.user, "user name");
    app.add_option("--password", c.password, "password (prefer IFX_PASSWORD or -W)");
    app.add_flag("-W,--password-prompt", c.ask_password, "ask for the password on the terminal");
    app.add_option("--tls", c.tls, "TLS mode")
        ->check(CLI::IsMember({"disable", "insecure", "verify-ca", "verify-full"}));
    app.add_option("--ca-file", c.ca_file, "PEM file of trusted CAs for TLS");
    app.add_option("-c,--command", commands, "SQL or a backslash command to run (repeatable; ';' separates)");
    app.add_option("-f,--file", files, "file of SQL statements to run (repeatable; '-' is standard input)");
    app.add_option("--format", format_name,
                   "output format: table (default), csv (RFC 4180), json (one object a line)")
        ->check(CLI::IsMember({"table", "csv", "json"}));
    app.add_option("-o,--output", output, "write results to FILE (a progress line shows on long exports)");
    app.add_option("--null", null_text, "how tables show NULL (default NULL)");
    app.add_flag("-t,--timing", timing, "print the time each statement takes");
    app.add_flag("--rows", counts, "with csv/json: report row counts on standard error");
    app.add_flag("--continue-on-error", keep_going, "run the remaining statements after a failure (exit 1)");
    app.add_flag("--progress", progress, "show the export progress line even when stderr is not a terminal");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }

    ifx::connect_params params;
    try {
        params = connection_params(c);
    } catch (const ifx::error& e) {
        std::cerr << "ifxsql: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {  // a non-numeric IFX_PORT
        std::cerr << "ifxsql: bad connection settings: " << e.what() << "\n";
        return 2;
    }

    ifxsql::shell_options opt;
    opt.fmt = format_name == "csv"    ? ifxsql::format::csv
              : format_name == "json" ? ifxsql::format::json
                                      : ifxsql::format::table;
    opt.null_text = null_text;
    opt.timing = timing;
    opt.counts = counts;
    opt.stop_on_error = !keep_going;
    std::ofstream file_out;
    if (!output.empty()) {
        file_out.open(output, std::ios::binary | std::ios::trunc);
        if (!file_out) {
            std::cerr << "ifxsql: cannot write " << output << "\n";
            return 2;
        }
        opt.out = &file_out;
        opt.info = &std::cerr;
        opt.progress = progress || ::isatty(STDERR_FILENO);
    }

    // Read the input before connecting, so a missing file is a usage error with no session opened.
    std::vector<std::string> scripts = commands;
    for (const auto& f : files) {
        if (f == "-") {
            scripts.emplace_back(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
            continue;
        }
        std::ifstream in(f, std::ios::binary);
        if (!in) {
            std::cerr << "ifxsql: cannot read " << f << "\n";
            return 2;
        }
        scripts.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    const bool interactive = scripts.empty() && ::isatty(STDIN_FILENO);
    if (scripts.empty() && !interactive)
        scripts.emplace_back(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());

    ifxsql::shell sh(params, opt);
    if (sh.connect() != ifxsql::status::ok) return 2;
    if (interactive) return static_cast<int>(sh.interactive());
    auto worst = ifxsql::status::ok;
    for (const auto& s : scripts) {
        worst = std::max(worst, sh.run_script(s));
        if (worst == ifxsql::status::fatal || (worst != ifxsql::status::ok && !keep_going) ||
            sh.quit_requested())
            break;
    }
    return static_cast<int>(worst);
}
