#pragma once
// Helpers of the capture tests: the captures of this directory, an ifxlite set up to answer a
// capture's session, and child programs (ifxsql, ifxcap) run with a clean environment.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "capture.hpp"
#include "conformance.hpp"
#include "support/ifxlite_process.hpp"

namespace ifx::cap::test {

/// The *.cap files of tests/captures, sorted.
std::vector<std::string> capture_files();
std::string captures_dir();

/// ifxlite started with what a session of the capture needs (setup_for): its user, masked
/// password, server name, PAM, profile, and its database created with the recorded logging mode.
class lite_for_session {
public:
    lite_for_session(const capture& c, int session);
    const ifx::test::ifxlite_process& process() const { return *process_; }
    replay::endpoint endpoint() const { return {"127.0.0.1", process_->port()}; }
    const server_setup& setup() const { return setup_; }

private:
    server_setup setup_;
    std::unique_ptr<ifx::test::ifxlite_process> process_;
};

struct program_result {
    int status = -1;     ///< the exit status, or -1 when killed (timeout) or not exited normally
    std::string output;  ///< stdout and stderr
};

/// Runs a program from "/" with exactly `env` as its environment (PATH added), waiting at most
/// `timeout` (then killed).
program_result run_program(const std::vector<std::string>& args, const std::vector<std::string>& env,
                           std::chrono::seconds timeout = std::chrono::seconds(120));

/// A text file that is removed when it goes out of scope.
class temp_file {
public:
    explicit temp_file(const std::string& content);
    ~temp_file();
    temp_file(const temp_file&) = delete;
    temp_file& operator=(const temp_file&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

/// A program running in the background (stdout and stderr to a file), killed if still running
/// when destroyed.
class background_program {
public:
    background_program(const std::vector<std::string>& args, const std::vector<std::string>& env);
    ~background_program();
    background_program(const background_program&) = delete;
    background_program& operator=(const background_program&) = delete;
    /// Waits for a line "... MARKER HOST:PORT..." in the output and returns the port (throws on timeout).
    std::uint16_t port_after(const std::string& marker,
                             std::chrono::seconds timeout = std::chrono::seconds(20));
    /// Waits for the exit (killed after the timeout).
    program_result wait(std::chrono::seconds timeout = std::chrono::seconds(60));

private:
    std::unique_ptr<temp_file> log_;
    int pid_ = -1;
};

/// Runs the capture's client again against a replay server on `port`: ifxsql with the capture's
/// embedded script, the arguments after "ifxsql" in its client line, and the login's user,
/// server, database and environment (CLIENT_LOCALE, DB_LOCALE, DBDATE).
program_result rerun_ifxsql(const capture& c, int session, std::uint16_t port);

}  // namespace ifx::cap::test
