#pragma once
// Smart large objects (BLOB/CLOB, PROTOCOL.md §7.12, §9.12) of one session: contents addressed by
// the handle inside the 72-byte locators ifxlite sends, and the descriptors ifx_lo_open returns for
// SQ_LODATA. Locators are session-bound: nothing here outlives the session.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;

namespace ifx::lite {

class lob_store {
public:
    /// The locator of a fetched value: content equal to a copy fetched before and not written
    /// since shares that copy's handle (a session re-reading the same rows holds each value once,
    /// as IDS locators address the stored object instead of copying it); otherwise a new handle.
    std::vector<std::uint8_t> make_locator(std::string content, std::int32_t xid);
    /// ifx_lo_create: a new, empty object of its own (never shared); its locator.
    std::vector<std::uint8_t> create(std::int32_t xid);
    /// The handle of a live locator ifxlite made (marker, handle whose content is held), given as
    /// its 72 bytes or their 144-digit hex text form; nullopt otherwise.
    std::optional<std::uint32_t> handle_of(std::string_view bytes) const;
    /// Whether `bytes` has a locator's shape (72 bytes, or 144 hex digits, with ifxlite's marker).
    static bool is_locator(std::string_view bytes);
    const std::string* content(std::uint32_t handle) const;

    /// ifx_lo_open: a new descriptor (≥ 1) on the handle's content.
    std::int32_t open(std::uint32_t handle, std::int32_t mode);
    bool close(std::int32_t fd) { return fds_.erase(fd) > 0; }
    bool release(std::uint32_t handle);

    /// ifx_lo_seek (whence 0 start, 1 current, 2 end): the new position; nullopt for an unknown
    /// descriptor, an unknown whence or a position before the start.
    std::optional<std::int64_t> seek(std::int32_t fd, std::int64_t offset, std::int32_t whence);
    /// ifx_lo_tell: the position; nullopt for an unknown descriptor.
    std::optional<std::int64_t> tell(std::int32_t fd) const;

    /// SQ_LODATA op 0: up to `n` bytes from the descriptor's position (advancing it); nullopt for
    /// an unknown descriptor.
    std::optional<std::string_view> read(std::int32_t fd, std::size_t n);
    /// SQ_LODATA op 2: writes at the position (extending the content); bytes written or nullopt.
    std::optional<std::size_t> write(std::int32_t fd, std::string_view bytes);

    /// Bytes of content held (released handles excluded); the engine refuses new locators past
    /// max_held (-208), so a session fetching many LOB rows stays bounded.
    std::size_t held() const { return held_; }
    static constexpr std::size_t max_held = 256u * 1024 * 1024;

private:
    struct open_lob {
        std::uint32_t handle = 0;
        std::size_t position = 0;
    };
    struct object {
        std::optional<std::string> content;  ///< nullopt: released
        bool shared = false;                 ///< a fetched copy not written since (in shared_)
        std::size_t hash = 0;
    };
    /// A fetched copy may be shared by every locator of the same content until it is written; a
    /// new LOB is its creator's own.
    enum class sharing { shareable, own };
    std::uint32_t add(std::string content, sharing how);
    void unshare(std::uint32_t handle);
    std::vector<std::uint8_t> locator(std::uint32_t handle, std::int32_t xid) const;

    std::vector<object> objects_;                                 ///< handle − 1 → object
    std::unordered_multimap<std::size_t, std::uint32_t> shared_;  ///< content hash → shareable handle
    std::map<std::int32_t, open_lob> fds_;
    std::int32_t next_fd_ = 1;
    std::size_t held_ = 0;
};

/// Registers ifx_lo_open(locator | content, mode) → fd, ifx_lo_close(fd) → 0,
/// ifx_lo_release(locator) → 0 and locopy(locator | content) → content (a BLOB) on `db`; `store`
/// must outlive the connection.
bool register_lob_functions(sqlite3* db, lob_store* store);

}  // namespace ifx::lite
