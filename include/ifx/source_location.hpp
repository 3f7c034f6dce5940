#pragma once
/// @file
/// `ifx::source_location`: std::source_location where the compiler provides it, otherwise an
/// equivalent built on the __builtin_FILE/LINE/FUNCTION intrinsics (clang before 15 with
/// libstdc++ 12 has the header but not the type). Used to name where a pooled connection was
/// acquired.
#include <version>

#if defined(__cpp_lib_source_location)
#include <source_location>
#endif

namespace ifx {

#if defined(__cpp_lib_source_location)
using source_location = std::source_location;
#else
class source_location {
public:
    static constexpr source_location current(const char* file = __builtin_FILE(),
                                             unsigned line = __builtin_LINE(),
                                             const char* function = __builtin_FUNCTION()) noexcept {
        source_location s;
        s.file_ = file;
        s.line_ = line;
        s.function_ = function;
        return s;
    }
    constexpr const char* file_name() const noexcept { return file_; }
    constexpr unsigned line() const noexcept { return line_; }
    constexpr unsigned column() const noexcept { return 0; }
    constexpr const char* function_name() const noexcept { return function_; }

private:
    const char* file_ = "";
    unsigned line_ = 0;
    const char* function_ = "";
};
#endif

}  // namespace ifx
