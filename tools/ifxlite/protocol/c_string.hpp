#pragma once
// IDS reads the strings of the protocol as C strings (issue 17, grade B: nmap's client sends a
// server name with two NULs after a -761 retry and SQL text whose length counts a trailing NUL,
// and IDS 11.50 accepts both): a string ends at its first NUL, whatever its length field says.
#include <string>
#include <string_view>

namespace ifx::lite {

/// The text of `s` up to (not including) its first NUL.
inline std::string c_string(std::string_view s) {
    return std::string(s.substr(0, s.find('\0')));
}

}  // namespace ifx::lite
