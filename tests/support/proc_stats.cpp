#include "support/proc_stats.hpp"

#include <dirent.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <string_view>

namespace ifx::test {

int open_sockets(pid_t pid) {
    const std::string dir = "/proc/" + std::to_string(pid) + "/fd";
    DIR* d = ::opendir(dir.c_str());
    if (!d) return -1;
    int n = 0;
    while (const dirent* e = ::readdir(d)) {
        char target[64];
        const std::string path = dir + "/" + e->d_name;
        const ssize_t len = ::readlink(path.c_str(), target, sizeof target - 1);
        if (len > 0 && std::string_view(target, static_cast<std::size_t>(len)).starts_with("socket:")) ++n;
    }
    ::closedir(d);
    return n;
}

long rss_kib(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    }
    return -1;
}

}  // namespace ifx::test
