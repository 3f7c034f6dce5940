#include "support/ifxlite_process.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <algorithm>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace ifx::test {
namespace {

constexpr auto start_timeout = std::chrono::seconds(20);
constexpr auto stop_timeout = std::chrono::seconds(10);

// Spawns argv with stdout to `stdout_fd` (or the log) and stderr appended to the log file.
pid_t spawn(const std::vector<std::string>& args, int stdout_fd, const std::string& log_path) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (stdout_fd >= 0)
        posix_spawn_file_actions_adddup2(&actions, stdout_fd, 1);
    else
        posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error(std::string("cannot start ") + argv[0] + ": " + std::strerror(rc));
    return pid;
}

// Waits for the child to exit; true if it did within the timeout (status in *status).
bool wait_for(pid_t pid, std::chrono::milliseconds timeout, int* status) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const pid_t r = ::waitpid(pid, status, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR)) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

ifxlite_process::ifxlite_process(ifxlite_options options) : options_(std::move(options)) {
    std::string pattern = (std::filesystem::temp_directory_path() / "ifxlite-test-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    root_dir_ = pattern;
    data_dir_ = root_dir_ + "/data";
    log_path_ = root_dir_ + "/ifxlite.log";
    std::filesystem::create_directories(data_dir_);

    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    std::vector<std::string> args = {IFXLITE_PATH,  "--listen",      "127.0.0.1:0",        "--data",
                                     data_dir_,     "--server-name", options_.server_name, "--user",
                                     options_.user, "--password",    options_.password};
    args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
    // IFX_TEST_IFXLITE_ARGS (words separated by blanks) reaches every ifxlite a test starts:
    // scripts/test-legacy runs the client's suites against `--profile legacy` with it.
    if (const char* extra = std::getenv("IFX_TEST_IFXLITE_ARGS")) {
        std::istringstream words(extra);
        for (std::string word; words >> word;) args.push_back(word);
    }
    try {
        pid_ = spawn(args, out[1], log_path_);
    } catch (...) {
        ::close(out[0]);
        ::close(out[1]);
        std::filesystem::remove_all(root_dir_);
        throw;
    }
    ::close(out[1]);

    // One ready line, plus one for each of --tls-listen and --control.
    std::size_t lines = 1;
    for (const auto& a : options_.extra_args)
        if (a == "--tls-listen" || a == "--control") ++lines;
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + start_timeout;
    while (static_cast<std::size_t>(std::count(line.begin(), line.end(), '\n')) < lines) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd p{out[0], POLLIN, 0};
        if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
        char buf[256];
        const ssize_t n = ::read(out[0], buf, sizeof buf);
        if (n <= 0) break;
        line.append(buf, static_cast<std::size_t>(n));
    }
    ::close(out[0]);
    const std::string prefix = "ifxlite listening on ";
    const auto colon = line.rfind(':');
    if (line.rfind(prefix, 0) != 0 || colon == std::string::npos) {
        stop();
        const std::string log = read_file(log_path_);
        std::filesystem::remove_all(root_dir_);
        throw std::runtime_error("ifxlite did not start: " + line + "\n" + log);
    }
    const auto port_of = [&](const std::string& label) -> std::uint16_t {
        const auto at = line.find(label);
        if (at == std::string::npos) return 0;
        const auto end = line.find('\n', at);
        const auto c = line.rfind(':', end);
        return static_cast<std::uint16_t>(std::atoi(line.c_str() + c + 1));
    };
    port_ = port_of("ifxlite listening on ");
    tls_port_ = port_of("ifxlite tls listening on ");
    control_port_ = port_of("ifxlite control listening on ");
}

long ifxlite_process::rss_kib() const {
    std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
    std::string key;
    while (status >> key) {
        if (key == "VmRSS:") {
            long kib = -1;
            status >> kib;
            return kib;
        }
        status.ignore(4096, '\n');
    }
    return -1;
}

std::string ifxlite_process::control(std::string_view command) const {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(control_port_);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::string answer;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
        const std::string line = std::string(command) + "\n";
        if (::send(fd, line.data(), line.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(line.size())) {
            char buf[512];
            while (answer.find('\n') == std::string::npos) {
                const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
                if (n <= 0) break;
                answer.append(buf, static_cast<std::size_t>(n));
            }
        }
    }
    ::close(fd);
    if (!answer.empty() && answer.back() == '\n') answer.pop_back();
    return answer;
}

bool ifxlite_process::terminate() {
    if (pid_ <= 0) return false;
    ::kill(pid_, SIGTERM);
    int status = 0;
    const bool exited = wait_for(pid_, stop_timeout, &status);
    if (!exited) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
    }
    pid_ = -1;
    return exited && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

ifxlite_process::~ifxlite_process() {
    stop();
    std::error_code ec;
    std::filesystem::remove_all(root_dir_, ec);
}

void ifxlite_process::stop() noexcept {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    if (!wait_for(pid_, stop_timeout, &status)) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
    }
    pid_ = -1;
}

std::string ifxlite_process::url(std::string_view database) const {
    return "informix://" + options_.user + ":" + options_.password + "@" + host() + ":" +
           std::to_string(port_) + "/" + std::string(database) + "?server=" + options_.server_name;
}

void ifxlite_process::create_database(std::string_view name, std::string_view mode) {
    std::vector<std::string> args = {IFXLITE_PATH, "--data", data_dir_, "--create-database",
                                     std::string(name)};
    if (mode == "log")
        args.emplace_back("--log");
    else if (mode == "ansi")
        args.emplace_back("--ansi");
    else if (!mode.empty())
        throw std::runtime_error("unknown database mode " + std::string(mode));
    const pid_t pid = spawn(args, -1, log_path_);
    int status = 0;
    if (!wait_for(pid, start_timeout, &status)) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        throw std::runtime_error("ifxlite --create-database timed out");
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error("ifxlite --create-database " + std::string(name) + " failed:\n" +
                                 read_file(log_path_));
}

std::string ifxlite_process::server_log() const {
    return read_file(log_path_);
}

}  // namespace ifx::test
