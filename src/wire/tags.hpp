#pragma once
// SQLI message tags (post-login stream) and login-packet markers. Values from
// docs/sqli/PROTOCOL.md §6; the grade of each is recorded in docs/protocol.md.
#include <cstdint>
#include <string_view>

namespace ifx::wire {

enum class tag : std::int16_t {
    command = 1,
    prepare = 2,
    curname = 3,
    id = 4,
    bind = 5,
    open = 6,
    execute = 7,
    describe = 8,
    nfetch = 9,
    close = 10,
    release = 11,
    eot = 12,
    err = 13,
    tuple = 14,
    done = 15,
    cmmtwork = 19,
    rbwork = 20,
    ndescribe = 22,
    sfetch = 23,
    scroll = 24,
    tupid = 25,
    dblist = 26,
    begin = 35,  // grade C
    dbopen = 36,
    dbclose = 37,  // grade C
    fetchblob = 38,
    blob = 39,
    bbind = 41,  // grade C
    hold = 43,   // grade C
    wantdone = 49,
    cost = 55,
    exit = 56,
    info = 81,
    insertdone = 94,
    lodata = 97,
    file = 98,
    xactstat = 99,
    ret_type = 100,
    getroutine = 101,   // fast path: resolve a routine (grade C)
    exfproutine = 102,  // fast path: execute a routine by handle (grade C)
    fproutine = 103,    // fast path: the routine's results (grade C)
    file_read = 106,
    file_write = 107,
    autofree = 108,  // grade C
    protocols = 126,
    accept = 127,
    ack = 128,
    challenge = 129,
    response = 130,
};

/// Human-readable name of a tag for diagnostics ("SQ_DESCRIBE"); "SQ_?" for unknown values.
std::string_view tag_name(std::int16_t value);

/// Markers of the login ("ASC") packet namespace, PROTOCOL.md §6.2.
namespace asc {
inline constexpr std::int16_t assoc = 100;
inline constexpr std::int16_t ascbinary = 101;
inline constexpr std::int16_t initresp = 102;
inline constexpr std::int16_t dblist = 103;
inline constexpr std::int16_t options = 104;
inline constexpr std::int16_t env = 106;
inline constexpr std::int16_t pinfo = 107;
inline constexpr std::int16_t product = 108;
inline constexpr std::int16_t misc = 116;
inline constexpr std::int16_t eot = 127;
}  // namespace asc

/// Session-layer packet types and the SQLI protocol byte, PROTOCOL.md §3.1.
namespace sl {
inline constexpr std::uint8_t conreq = 1;
inline constexpr std::uint8_t conacc = 2;
inline constexpr std::uint8_t conrej = 3;
inline constexpr std::uint8_t redirect = 13;
inline constexpr std::uint8_t protocol_sqli = 60;
inline constexpr std::size_t header_size = 6;
}  // namespace sl

}  // namespace ifx::wire
