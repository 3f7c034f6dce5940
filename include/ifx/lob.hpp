#pragma once
/// @file
/// Large-object values as they appear in result rows: the BYTE/TEXT descriptor and the
/// BLOB/CLOB smart-large-object locator. Neither holds the object's content.
#include <array>
#include <cstdint>

namespace ifx {

/// The 56-byte descriptor a BYTE or TEXT column carries in a row (PROTOCOL.md §9.11). The
/// content is fetched separately (SQ_FETCHBLOB, before the cursor closes); this client does
/// not fetch it yet. Value type.
struct blob_descriptor {
    static constexpr std::size_t size_bytes = 56;
    std::array<std::uint8_t, size_bytes> raw{};  ///< the descriptor verbatim (big-endian fields)

    /// Length of the value in bytes (offset 16).
    std::int32_t size() const noexcept;
    /// The flags word (offset 38): 0x0001 NULL, 0x0002 alien, 0x0004 in blobspace, 0x0008 in tblspace.
    std::int16_t flags() const noexcept;
    bool is_null() const noexcept { return (flags() & 0x0001) != 0; }
    friend bool operator==(const blob_descriptor&, const blob_descriptor&) noexcept = default;
};

/// The 72-byte locator of a BLOB or CLOB value (PROTOCOL.md §9.12). Opaque and bound to the
/// session that produced it: never persist one. Value type.
struct lob_locator {
    static constexpr std::size_t size_bytes = 72;
    enum class kind : std::uint8_t { blob, clob };
    kind type = kind::blob;
    std::array<std::uint8_t, size_bytes> raw{};
    friend bool operator==(const lob_locator&, const lob_locator&) noexcept = default;
};

}  // namespace ifx
