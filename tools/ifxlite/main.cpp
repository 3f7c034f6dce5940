// ifxlite: an SQLI (Informix wire protocol) server backed by SQLite, for tests and demos.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <map>

#include <CLI/CLI.hpp>

#include "catalog.hpp"
#include "log.hpp"
#include "server.hpp"

namespace {

ifx::lite::server* running_server = nullptr;

extern "C" void on_signal(int) {
    if (running_server) running_server->stop();
}

int create_database(const std::string& data_dir, const std::string& name, bool log, bool ansi) {
    ifx::lite::catalog databases(data_dir);
    std::string error;
    if (!databases.initialise(error)) {
        std::cerr << "ifxlite: " << error << "\n";
        return 1;
    }
    if (!ifx::lite::valid_database_name(name)) {
        std::cerr << "ifxlite: invalid database name '" << name << "'\n";
        return 1;
    }
    const auto mode = ansi ? ifx::lite::log_mode::ansi
                           : (log ? ifx::lite::log_mode::logged : ifx::lite::log_mode::unlogged);
    if (auto e = databases.create(name, mode)) {
        std::cerr << "ifxlite: cannot create database '" << name << "' (" << e->sqlcode << ")\n";
        return 1;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"ifxlite: an Informix SQLI server backed by SQLite (one SQLite file per database)"};
    std::string listen = "127.0.0.1:9088";
    std::string data_dir;
    ifx::lite::session_config session;
    std::string log_level = "warn";
    std::string profile = "modern";
    std::string create_name;
    bool log_flag = false;
    bool ansi_flag = false;
    std::size_t max_sessions = 1024;

    app.add_option("--listen", listen, "Address to listen on, HOST:PORT (port 0 picks a free port)")
        ->capture_default_str();
    app.add_option("--data", data_dir, "Directory holding one SQLite file per database (created if missing)")
        ->required();
    app.add_option("--server-name", session.server_name, "Server name clients must give (INFORMIXSERVER)")
        ->capture_default_str();
    app.add_option("--user", session.user, "The one user allowed to log in")->capture_default_str();
    app.add_option("--password", session.password, "That user's password")->capture_default_str();
    app.add_option("--log-level", log_level, "Logging to stderr: error, warn, info or debug")
        ->check(CLI::IsMember({"error", "warn", "info", "debug"}))
        ->capture_default_str();
    app.add_option("--profile", profile,
                   "Protocol features: modern (offer AND {54,62,63,69,70}) or legacy (no features >= 56)")
        ->check(CLI::IsMember({"modern", "legacy"}))
        ->capture_default_str();
    app.add_option("--max-sessions", max_sessions, "Maximum concurrent sessions")->capture_default_str();
    app.add_option("--create-database", create_name,
                   "Create database NAME under --data and exit (unlogged unless --log or --ansi)");
    app.add_flag("--log", log_flag, "With --create-database: a logged database");
    app.add_flag("--ansi", ansi_flag, "With --create-database: an ANSI-mode (logged) database");
    CLI11_PARSE(app, argc, argv);

    static const std::map<std::string, ifx::lite::log_level> levels = {
        {"error", ifx::lite::log_level::error},
        {"warn", ifx::lite::log_level::warn},
        {"info", ifx::lite::log_level::info},
        {"debug", ifx::lite::log_level::debug}};
    ifx::lite::set_log_level(levels.at(log_level));

    if (!create_name.empty()) return create_database(data_dir, create_name, log_flag, ansi_flag);

    ifx::lite::server_options options;
    if (!ifx::lite::parse_endpoint(listen, options.host, options.port)) {
        std::cerr << "ifxlite: --listen expects HOST:PORT, got '" << listen << "'\n";
        return 1;
    }
    options.data_dir = data_dir;
    session.features = profile == "legacy" ? ifx::lite::profile::legacy : ifx::lite::profile::modern;
    options.session = session;
    options.max_sessions = max_sessions;

    ifx::lite::server srv(options);
    std::string error;
    if (!srv.start(error)) {
        std::cerr << "ifxlite: " << error << "\n";
        return 1;
    }
    running_server = &srv;
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    std::printf("ifxlite listening on %s\n", srv.endpoint().c_str());
    std::fflush(stdout);
    srv.run();
    running_server = nullptr;
    return 0;
}
