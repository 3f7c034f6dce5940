#pragma once
// Small helpers shared by the lite_*_test files (Informix semantics through the driver).
#include <unistd.h>

#include <atomic>
#include <functional>
#include <string>
#include <utility>

#include "ifx/ifx.hpp"
#include "server_fixture.hpp"

namespace ifx::test {

/// A name no other test process or test uses: base + pid + a counter.
inline std::string unique_name(const char* base) {
    static std::atomic<int> n{0};
    return std::string(base) + std::to_string(::getpid()) + "_" + std::to_string(++n);
}

/// SQLCODE and ISAM code of the ifx::error `f` throws ({0, 0} if it succeeds).
inline std::pair<int, int> codes(const std::function<void()>& f) {
    try {
        f();
    } catch (const ifx::error& e) {
        return {e.sqlcode(), e.isam_code()};
    }
    return {0, 0};
}

/// The fixture's connection parameters with another database ("" for none).
inline ifx::connect_params params_for(std::string database) {
    ifx::connect_params p = server_fixture::instance().params();
    p.database = std::move(database);
    return p;
}

/// A database of its own with the given logging ("", "WITH LOG", "WITH LOG MODE ANSI"), dropped
/// at the end.
class scratch_database {
public:
    explicit scratch_database(const char* logging) : name_(unique_name("scr")) {
        ifx::connection c(params_for(""));
        c.execute("CREATE DATABASE " + name_ + " " + logging);
    }
    ~scratch_database() {
        try {
            ifx::connection c(params_for(""));
            c.execute("DROP DATABASE " + name_);
        } catch (const std::exception&) {
        }
    }
    scratch_database(const scratch_database&) = delete;
    scratch_database& operator=(const scratch_database&) = delete;
    const std::string& name() const { return name_; }

private:
    std::string name_;
};

}  // namespace ifx::test
