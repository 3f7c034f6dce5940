#pragma once
/// @file
/// The library's log hook: where ifx reports what it does not return to the caller (a pool
/// rolling back a connection returned inside a transaction, a connection held past the leak
/// threshold, reconnect failures, …).
#include <functional>
#include <string_view>

namespace ifx {

/// Severity of a log record.
enum class log_level { debug, info, warning, error };

/// "debug", "info", "warning" or "error".
std::string_view to_string(log_level level) noexcept;

/// A log handler receives the level and one line of text (no trailing newline). It may be called
/// from any thread, including the pool's background thread, concurrently; it must not call back
/// into the object that logs.
using log_handler = std::function<void(log_level, std::string_view)>;

/// Installs the process-wide handler; an empty handler silences the library. Thread-safe; returns
/// the previous handler.
///
/// Default: records of level warning and error are written to stderr as one line
/// ("ifx: warning: …"); debug and info are dropped.
log_handler set_log_handler(log_handler handler);

/// Sends one record to the current handler (used by the library; available to applications that
/// want their ifx-related records to go the same way). Never throws: an exception from the
/// handler is swallowed.
void log(log_level level, std::string_view message) noexcept;

}  // namespace ifx
