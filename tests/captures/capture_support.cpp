#include "capture_support.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "session_decoder.hpp"

namespace ifx::cap::test {
namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

std::string captures_dir() {
    return IFX_CAPTURES_DIR;
}

std::vector<std::string> capture_files() {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(captures_dir()))
        if (e.path().extension() == ".cap") out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

lite_for_session::lite_for_session(const capture& c, int session) : setup_(setup_for(c, session)) {
    ifx::test::ifxlite_options o;
    o.server_name = setup_.server_name;
    o.user = setup_.user;
    o.password = setup_.password;
    o.extra_args = ifxlite_args(setup_, false);
    process_ = std::make_unique<ifx::test::ifxlite_process>(o);
    const auto create = ifxlite_create_args(setup_);
    if (create.empty()) return;
    std::vector<std::string> cmd = {IFXLITE_PATH, "--data", process_->data_dir()};
    cmd.insert(cmd.end(), create.begin(), create.end());
    const auto r = run_program(cmd, {}, std::chrono::seconds(30));
    if (r.status != 0) throw std::runtime_error("ifxlite could not create the database: " + r.output);
}

namespace {

int spawn(const std::vector<std::string>& args, const std::vector<std::string>& env, const std::string& log) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawn_file_actions_addchdir_np(&actions, "/");
    std::vector<char*> argv, envp;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<std::string> environment = env;
    environment.emplace_back("PATH=/usr/bin:/bin");
    for (const auto& e : environment) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error(std::string("cannot start ") + args[0] + ": " + std::strerror(rc));
    return pid;
}

int wait_exit(int pid, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    for (;;) {
        if (::waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

}  // namespace

program_result run_program(const std::vector<std::string>& args, const std::vector<std::string>& env,
                           std::chrono::seconds timeout) {
    temp_file log("");
    program_result result;
    result.status = wait_exit(spawn(args, env, log.path()), timeout);
    result.output = slurp(log.path());
    return result;
}

background_program::background_program(const std::vector<std::string>& args,
                                       const std::vector<std::string>& env)
    : log_(std::make_unique<temp_file>("")), pid_(spawn(args, env, log_->path())) {}

background_program::~background_program() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
}

std::uint16_t background_program::port_after(const std::string& marker, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        const std::string out = slurp(log_->path());
        const auto at = out.find(marker + " ");
        if (at != std::string::npos) {
            const auto end = out.find_first_of(" ,\n", at + marker.size() + 1);
            const std::string address = out.substr(at + marker.size() + 1, end - at - marker.size() - 1);
            if (const auto e = replay::parse_endpoint(address)) return e->port;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("no '" + marker + "' line; the program said:\n" + slurp(log_->path()));
}

program_result background_program::wait(std::chrono::seconds timeout) {
    program_result result;
    result.status = wait_exit(pid_, timeout);
    pid_ = -1;
    result.output = slurp(log_->path());
    return result;
}

program_result rerun_ifxsql(const capture& c, int session, std::uint16_t port) {
    session_decoder dec;
    for (const auto& r : c.records)
        if (r.session == session) (void)dec.decode(r);
    const session_facts& f = dec.facts();
    temp_file script(c.script);
    std::vector<std::string> args = {IFXSQL_PATH, "informix://" + f.user + ":" + std::string("x") +
                                                      "@127.0.0.1:" + std::to_string(port) + "/" +
                                                      f.database + "?server=" + f.server + "&tls=disable"};
    std::istringstream extra(c.client.substr(std::string_view("ifxsql").size()));
    for (std::string word; extra >> word;) args.push_back(word);
    args.insert(args.end(), {"-f", script.path()});
    std::vector<std::string> env;
    for (const char* name : {"CLIENT_LOCALE", "DB_LOCALE", "DBDATE"})
        if (const std::string v = f.env(name); !v.empty()) env.push_back(std::string(name) + "=" + v);
    return run_program(args, env);
}

temp_file::temp_file(const std::string& content) {
    std::string pattern = (std::filesystem::temp_directory_path() / "ifxcap-test-XXXXXX").string();
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) throw std::runtime_error("mkstemp failed");
    path_ = pattern;
    if (!content.empty() &&
        ::write(fd, content.data(), content.size()) != static_cast<ssize_t>(content.size())) {
        ::close(fd);
        throw std::runtime_error("cannot write " + path_);
    }
    ::close(fd);
}

temp_file::~temp_file() {
    std::filesystem::remove(path_);
}

}  // namespace ifx::cap::test
