#pragma once
// Smart large objects (BLOB/CLOB) as session operations, for both faces: the ifx_lo_* routines
// through the fast path (proto/fastpath.hpp, the way JDBC calls them; IDS refuses ifx_lo_close
// through SQL with -674) and SQ_LODATA transfers (proto/lob_ops.hpp).
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ifx/codeset.hpp"
#include "ifx/lob.hpp"
#include "ifx/smart_lob.hpp"
#include "proto/fastpath.hpp"
#include "proto/lob_ops.hpp"
#include "session/session_op.hpp"

namespace ifx::detail {

/// One fast-path call whose answer is the first integer result (a descriptor, a position), or
/// nothing (void_call).
class lob_call_run : public single_exchange<std::int64_t> {
public:
    /// ifx_lo_open(locator, mode): the descriptor.
    static lob_call_run open(const lob_locator& locator, lob_mode mode);
    /// ifx_lo_close(fd).
    static lob_call_run close(std::int32_t fd);
    /// ifx_lo_release(locator).
    static lob_call_run release(const lob_locator& locator);
    /// ifx_lo_seek(fd, offset, whence): the new position.
    static lob_call_run seek(std::int32_t fd, std::int64_t offset, lob_whence whence);
    /// ifx_lo_tell(fd): the position.
    static lob_call_run tell(std::int32_t fd);

private:
    enum class routine { open, close, release, seek, tell };
    explicit lob_call_run(routine r) : routine_(r) {}
    proto::operation* start(session_core& s, std::error_code& ec, diagnostics& diag) override;
    void finish(session_core& s, std::error_code& ec, diagnostics& diag) override;
    routine routine_;
    lob_locator locator_;
    std::int32_t fd_ = -1;
    std::int64_t offset_ = 0;
    std::int32_t flag_ = 0;            // open: the mode; seek: the whence
    std::vector<proto::fp_arg> args_;  // built by start(), views of the members above
    std::vector<proto::fp_result> results_;
    std::optional<proto::fastpath_op> op_;
};

/// ifx_lo_create with the server's default storage, opened in `mode`.
class lob_create_run final : public single_exchange<created_lob> {
public:
    lob_create_run(lob_locator::kind kind, lob_mode mode) : kind_(kind), mode_(mode) {}

private:
    proto::operation* start(session_core& s, std::error_code& ec, diagnostics& diag) override;
    void finish(session_core& s, std::error_code& ec, diagnostics& diag) override;
    lob_locator::kind kind_;
    lob_mode mode_;
    std::array<std::uint8_t, 596> spec_{};
    std::array<std::uint8_t, lob_locator::size_bytes> empty_{};
    std::vector<proto::fp_arg> args_;
    std::vector<proto::fp_result> results_;
    std::optional<proto::fastpath_op> op_;
};

/// Everything from the current position to the end (1 MiB per SQ_LODATA exchange); with `text`,
/// as lob_text() converts it.
class lob_read_all_run final : public session_op_of<std::vector<std::byte>> {
public:
    explicit lob_read_all_run(std::int32_t fd) : fd_(fd) {}
    action next(session_core& s, std::error_code& ec, diagnostics& diag) override;

private:
    std::int32_t fd_;
    std::size_t got_ = 0;
    std::size_t at_ = 0;
    std::optional<proto::lo_read_op> op_;
};

/// lob_read_all_run, then the bytes as lob_text() converts them.
class lob_read_text_run final : public session_op_of<std::string> {
public:
    lob_read_text_run(std::int32_t fd, lob_locator::kind kind) : all_(fd), kind_(kind) {}
    action next(session_core& s, std::error_code& ec, diagnostics& diag) override;

private:
    lob_read_all_run all_;
    lob_locator::kind kind_;
};

/// Reads into buffer from the current position: fills it unless the object ends first (one
/// SQ_LODATA exchange per 1 MiB). The value is the bytes read.
class lob_read_run final : public session_op_of<std::size_t> {
public:
    lob_read_run(std::int32_t fd, std::span<std::byte> buffer) : fd_(fd), buffer_(buffer) {}
    action next(session_core& s, std::error_code& ec, diagnostics& diag) override;

private:
    std::int32_t fd_;
    std::span<std::byte> buffer_;
    std::size_t got_ = 0;
    std::size_t asked_ = 0;
    std::optional<proto::lo_read_op> op_;
};

/// Writes data at the current position, four MiB per pipelined exchange. The value is the bytes
/// the server confirmed.
class lob_write_run final : public session_op_of<std::size_t> {
public:
    lob_write_run(std::int32_t fd, std::span<const std::byte> data) : fd_(fd), data_(data) {}
    action next(session_core& s, std::error_code& ec, diagnostics& diag) override;

private:
    std::int32_t fd_;
    std::span<const std::byte> data_;
    std::size_t written_ = 0;
    std::optional<proto::lo_write_op> op_;
};

/// Writes UTF-8 text at the current position, converted as lob_bytes() does. The value is the
/// bytes the server confirmed.
class lob_write_text_run final : public session_op_of<std::size_t> {
public:
    lob_write_text_run(std::int32_t fd, lob_locator::kind kind, std::string_view text)
        : fd_(fd), kind_(kind), text_(text) {}
    action next(session_core& s, std::error_code& ec, diagnostics& diag) override;

private:
    std::int32_t fd_;
    lob_locator::kind kind_;
    std::string text_;
    std::string converted_;
    std::optional<lob_write_run> write_;
};

/// The object's size: tell, seek to the end, seek back (IDS's ifx_lo_stat returns a structure
/// whose layout is unpublished). The position is unchanged.
class lob_size_run final : public session_op_of<std::int64_t> {
public:
    explicit lob_size_run(std::int32_t fd) : fd_(fd) {}
    action next(session_core& s, std::error_code& ec, diagnostics& diag) override;

private:
    std::int32_t fd_;
    int stage_ = 0;
    std::int64_t here_ = -1;
    std::optional<lob_call_run> call_;
};

/// The content of a smart large object as UTF-8 text: a CLOB converted from the connection's code
/// set (errc::type_mismatch when it is not valid there), a BLOB verbatim.
void lob_text(lob_locator::kind kind, codeset cs, std::span<const std::byte> content, std::string& out,
              std::error_code& ec, diagnostics& diag);
/// The bytes to write for UTF-8 text: converted to the connection's code set for a CLOB
/// (errc::invalid_argument when it cannot be; `converted` holds them), verbatim for a BLOB.
std::span<const std::byte> lob_bytes(lob_locator::kind kind, codeset cs, std::string_view text,
                                     std::string& converted, std::error_code& ec, diagnostics& diag);

}  // namespace ifx::detail
