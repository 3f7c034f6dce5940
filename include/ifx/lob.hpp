#pragma once
/// @file
/// Large-object values: the BYTE/TEXT descriptor and the BLOB/CLOB smart-large-object locator as
/// they appear in result rows (neither holds the object's content), and `ifx::text`, the
/// parameter wrapper that binds a string as a TEXT value. BYTE values bind from
/// std::span<const std::byte> / std::vector<std::byte> (see ifx::param); BYTE/TEXT content is read
/// from rows as std::vector<std::byte> or std::string (docs/types.md, "Large objects").
#include <array>
#include <cstdint>
#include <string_view>

namespace ifx {

/// The 56-byte descriptor a BYTE or TEXT column carries in a row (PROTOCOL.md §9.11). The
/// client fetches the content (SQ_FETCHBLOB) for every row it receives, before the cursor moves
/// on; the descriptor stays readable for inspection. Value type.
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

/// A TEXT parameter: `conn.execute("INSERT INTO t (doc) VALUES (?)", ifx::text{s})`. The text is
/// UTF-8 and is converted to the connection's code set like every string parameter; it is sent
/// as a TEXT blob (descriptor, SQ_BBIND, SQ_BLOB chunks), which BYTE/TEXT columns require (a
/// plain string binds as CHAR, which the server refuses for them: -617). A view: the text must
/// outlive the call. `std::optional<ifx::text>{}` binds a NULL TEXT.
struct text {
    std::string_view value;
};

}  // namespace ifx
