#pragma once
// What /proc says about a process: its open sockets and its resident set size. Used by the fault
// tests (a server session left open shows as a socket) and the soak (memory stays bounded).
#include <sys/types.h>

namespace ifx::test {

/// The number of sockets the process holds open (listeners included), or -1.
int open_sockets(pid_t pid);
/// The resident set size (VmRSS) in KiB, or -1.
long rss_kib(pid_t pid);

}  // namespace ifx::test
