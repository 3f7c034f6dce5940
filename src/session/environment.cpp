#include "session/environment.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <thread>

namespace ifx::detail {
namespace {

std::string host_name() {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0) return "localhost";
    return buf;
}

std::int64_t system_microseconds() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

connect_params with_environment(connect_params p) {
    auto env = [](const char* name) -> std::string {
        const char* v = std::getenv(name);
        return v ? v : "";
    };
    if (p.server.empty()) p.server = env("INFORMIXSERVER");
    if (p.client_locale.empty()) p.client_locale = env("CLIENT_LOCALE");
    if (p.client_locale.empty()) p.client_locale = "en_US.utf8";
    if (p.db_locale.empty()) p.db_locale = env("DB_LOCALE");
    return p;
}

proto::client_identity this_client() {
    proto::client_identity who;
    who.pid = static_cast<std::int32_t>(::getpid());
    who.thread_id = static_cast<std::int32_t>(std::hash<std::thread::id>{}(std::this_thread::get_id()));
    who.host_name = host_name();
    std::error_code cwd_ec;
    who.directory = std::filesystem::current_path(cwd_ec).string();
    return who;
}

std::error_code make_tracer(const connect_params& p, std::optional<proto::tracer>& out, diagnostics& diag) {
    out.reset();
    if (!p.trace && p.trace_file.empty()) return {};
    auto file = p.trace_file.empty() ? nullptr : std::make_shared<std::ofstream>(p.trace_file, std::ios::app);
    if (file && !*file) {
        diag.client_message = "cannot open the trace file " + p.trace_file;
        return errc::invalid_argument;
    }
    out.emplace(
        [user = p.trace, file](std::string_view line) {
            if (user) user(line);
            if (file) *file << line << '\n' << std::flush;
        },
        system_microseconds);
    return {};
}

std::optional<net::tls_options> tls_options_of(const connect_params& p) {
    if (p.tls == tls_mode::disable) return std::nullopt;
    net::tls_options opt;
    opt.verify_chain = p.tls != tls_mode::insecure;
    opt.verify_host = p.tls == tls_mode::verify_full;
    opt.ca_file = p.tls_ca_file;
    opt.ca_dir = p.tls_ca_dir;
    opt.server_name = p.tls_server_name;
    return opt;
}

}  // namespace ifx::detail
