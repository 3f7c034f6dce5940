#pragma once
/// @file
/// `ifx::smart_lob`: streaming access to a BLOB or CLOB value through its locator.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "ifx/error.hpp"
#include "ifx/lob.hpp"

namespace ifx {

class connection;
namespace detail {
class session_core;
/// Internal: a smart large object just created — its locator and open descriptor.
struct created_lob {
    lob_locator locator;
    std::int32_t fd = -1;
};
}  // namespace detail

/// Open modes of a smart large object (the server's LO_* flags).
enum class lob_mode : std::int32_t {
    append = 0x1,      ///< LO_APPEND: writes go to the end
    write = 0x2,       ///< LO_WRONLY
    read = 0x4,        ///< LO_RDONLY
    read_write = 0x8,  ///< LO_RDWR
};

/// Origins of smart_lob::seek (the server's LO_SEEK_* values).
enum class lob_whence : std::int32_t {
    set = 0,      ///< from the start
    current = 1,  ///< from the current position
    end = 2,      ///< from the end
};

/// An open smart large object (BLOB or CLOB), read and written in pieces of any size with
/// SQ_LODATA. Opened from a locator read from a row of the same connection (locators are
/// session-bound), or created empty with create(). Move-only; destroying or closing it closes the
/// server descriptor (ifx_lo_close; errors then are ignored, a broken connection has nothing to
/// close).
///
/// Opening, closing, creating, seeking and sizing call the server's ifx_lo_* routines through
/// the fast path (SQ_GETROUTINE once per routine and connection, then SQ_EXFPROUTINE: one round
/// trip each).
///
/// Each call is one exchange on the connection, under its lock and read timeout, like any
/// statement. A server error (bad descriptor, -9810) leaves the connection usable; a transport
/// failure or timeout mid-transfer closes it (the bytes already confirmed stay written).
/// Not to be used concurrently with its connection from another thread.
///
/// Writing changes the object the locator addresses. (ifxlite keeps a session copy per locator:
/// store it with `UPDATE … SET col = locopy(?)` bound to the locator; docs/types.md.)
class smart_lob {
public:
    /// Not open.
    smart_lob() noexcept;
    /// Opens `locator` with ifx_lo_open. Throws ifx::error (not_connected, the server's error for a
    /// locator it does not know: -9810 with ifxlite).
    smart_lob(connection& conn, const lob_locator& locator, lob_mode mode = lob_mode::read);
    smart_lob(connection& conn, const lob_locator& locator, lob_mode mode, std::error_code& ec,
              diagnostics& diag);
    /// Creates a new, empty smart large object (ifx_lo_create with the server's default storage)
    /// and opens it in `mode`. Its locator() can be bound into an INSERT or UPDATE of a BLOB/CLOB
    /// column (write the content first); the object lives until the session ends or
    /// release_lob(). `kind` only decides how read_text/write_text convert (IDS locators do not
    /// record it).
    static smart_lob create(connection& conn, lob_locator::kind kind, lob_mode mode = lob_mode::read_write);
    static smart_lob create(connection& conn, lob_locator::kind kind, lob_mode mode, std::error_code& ec,
                            diagnostics& diag);
    /// Frees the server's resources for a locator (ifx_lo_release); the locator is invalid
    /// afterwards. Also available as ifx::release_lob.
    static void release(connection& conn, const lob_locator& locator, std::error_code& ec, diagnostics& diag);
    smart_lob(smart_lob&&) noexcept;
    smart_lob& operator=(smart_lob&&) noexcept;
    /// Closes the descriptor if still open (errors ignored).
    ~smart_lob();

    /// Reads from the current position into buffer, advancing it: fills the buffer unless the
    /// object ends first. Returns the bytes read; 0 at the end.
    std::size_t read(std::span<std::byte> buffer);
    std::size_t read(std::span<std::byte> buffer, std::error_code& ec, diagnostics& diag);
    /// Writes data at the current position (extending the object), in requests of at most 512 KiB
    /// pipelined four MiB at a time. The non-throwing form returns the bytes the server confirmed.
    void write(std::span<const std::byte> data);
    std::size_t write(std::span<const std::byte> data, std::error_code& ec, diagnostics& diag);
    /// Everything from the current position to the end.
    std::vector<std::byte> read_all();
    /// The rest as text: a CLOB converted from the connection's code set to UTF-8 (type_mismatch
    /// when it is not valid there), a BLOB verbatim.
    std::string read_text();
    /// Writes UTF-8 text: converted to the connection's code set for a CLOB, verbatim for a BLOB.
    void write_text(std::string_view text);

    /// Moves the position (ifx_lo_seek) and returns the new one. A negative result position is
    /// the server's error (-9810 with ifxlite).
    std::int64_t seek(std::int64_t offset, lob_whence whence = lob_whence::set);
    std::int64_t seek(std::int64_t offset, lob_whence whence, std::error_code& ec, diagnostics& diag);
    /// The current position (ifx_lo_tell).
    std::int64_t tell();
    std::int64_t tell(std::error_code& ec, diagnostics& diag);
    /// The object's size in bytes; the position is unchanged (three fast-path calls: tell, seek
    /// to the end, seek back — IDS's ifx_lo_stat returns a structure whose layout is unpublished).
    std::int64_t size();
    std::int64_t size(std::error_code& ec, diagnostics& diag);

    /// Closes the descriptor now (ifx_lo_close). Idempotent.
    void close();
    void close(std::error_code& ec, diagnostics& diag);
    bool is_open() const noexcept { return fd_ >= 0; }
    /// The server's descriptor (-1 when not open).
    std::int32_t descriptor() const noexcept { return fd_; }
    lob_locator::kind kind() const noexcept { return kind_; }
    /// The locator this object was opened from or created with (kept after close()).
    const lob_locator& locator() const noexcept { return locator_; }

private:
    std::shared_ptr<detail::session_core> owner_;
    lob_locator locator_;
    std::int32_t fd_ = -1;
    lob_locator::kind kind_ = lob_locator::kind::blob;
};

/// The whole content of a BLOB/CLOB (open for reading, read, close).
std::vector<std::byte> read_lob(connection& conn, const lob_locator& locator);
/// The whole content as text (see smart_lob::read_text).
std::string read_lob_text(connection& conn, const lob_locator& locator);
/// Opens the object for writing, writes data at its start, closes it.
void write_lob(connection& conn, const lob_locator& locator, std::span<const std::byte> data);
/// Creates a BLOB/CLOB holding `data` (create, write, close) and returns its locator, ready to be
/// bound into an INSERT.
lob_locator create_lob(connection& conn, lob_locator::kind kind, std::span<const std::byte> data);
/// Frees the server's resources for a locator (ifx_lo_release); the locator is invalid afterwards.
void release_lob(connection& conn, const lob_locator& locator);
void release_lob(connection& conn, const lob_locator& locator, std::error_code& ec, diagnostics& diag);

}  // namespace ifx
