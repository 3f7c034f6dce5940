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
#include <vector>

struct sqlite3;

namespace ifx::lite {

class lob_store {
public:
    /// Stores `content` under a new handle; returns its 72-byte locator.
    std::vector<std::uint8_t> make_locator(std::string content, std::int32_t xid);
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
    std::vector<std::optional<std::string>> contents_;  ///< handle − 1 → content (nullopt: released)
    std::map<std::int32_t, open_lob> fds_;
    std::int32_t next_fd_ = 1;
    std::size_t held_ = 0;
};

/// Registers ifx_lo_open(locator | content, mode) → fd, ifx_lo_close(fd) → 0,
/// ifx_lo_release(locator) → 0 and locopy(locator | content) → content (a BLOB) on `db`; `store`
/// must outlive the connection.
bool register_lob_functions(sqlite3* db, lob_store* store);

}  // namespace ifx::lite
