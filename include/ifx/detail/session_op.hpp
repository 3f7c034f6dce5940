#pragma once
/// @file
/// Internal: the session operations both connections run (src/session/session_op.hpp defines
/// them). The async templates hold one while it runs and take its value when it completes.
#include <system_error>

#include "ifx/error.hpp"

namespace ifx::detail {

class session_core;
struct action;

/// One operation on a session: a sans-I/O algorithm the session's driver runs action by action.
class session_op {
public:
    virtual ~session_op() = default;
    virtual action next(session_core& s, std::error_code& ec, diagnostics& diag) = 0;
    /// True for an operation whose outcome is known without a session (a handle already closed),
    /// with that outcome in ec and diag: the async face completes it even when there is no session.
    virtual bool decided(std::error_code&, diagnostics&) const { return false; }
};

/// A session operation producing a T.
template <class T>
class session_op_of : public session_op {
public:
    T value{};
};
template <>
class session_op_of<void> : public session_op {};

}  // namespace ifx::detail
