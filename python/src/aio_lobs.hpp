#pragma once
// BLOB/CLOB content for informix_db.aio (aio.cpp), on the I/O thread through
// ifx::async_smart_lob: reading the objects named by the locators of fetched rows, and creating
// the objects Blob/Clob parameters bind. Both run as steps of one operation of a session, each
// step started from the completion of the one before, so one step is always in flight until
// `done`: cancelling the operation aborts the connection under whichever step it is.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "ifx/async_connection.hpp"
#include "ifx/lob.hpp"
#include "module.hpp"

namespace informix_py {

/// The session's connection for the next step, or nullptr when the session can no longer be
/// used (closed, aborted): the steps then end with connection_closed.
using step_connection = std::function<ifx::async_connection*()>;

/// Reads each object whole, one after the other (ifx_lo_open read-only, read to the end,
/// ifx_lo_close): a BLOB's bytes verbatim, a CLOB's text as UTF-8 (the locator's kind decides).
/// A missing locator (a NULL) gives an empty entry. done(ec, contents), with one entry per
/// locator, runs once on the I/O thread; `diag` must outlive the steps.
void read_lob_contents(step_connection conn, std::vector<std::optional<ifx::lob_locator>> locators,
                       ifx::diagnostics& diag,
                       std::function<void(std::error_code, std::vector<std::string>)> done);

/// Creates a new object for each of pack->deferred_lobs (ifx_lo_create, write, ifx_lo_close), as
/// the synchronous module does for Blob/Clob parameters, and binds its locator into pack->values.
/// done(ec) runs once on the I/O thread; `diag` must outlive the steps.
void bind_deferred_lobs(step_connection conn, std::shared_ptr<param_pack> pack, ifx::diagnostics& diag,
                        std::function<void(std::error_code)> done);

}  // namespace informix_py
