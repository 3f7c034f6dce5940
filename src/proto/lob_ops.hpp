#pragma once
// Smart-LOB data transfer on an open descriptor, SQ_LODATA (PROTOCOL.md §7.12; grades in
// docs/protocol.md "Smart large objects"). Descriptors come from ifx_lo_open (src/api/lob_stream.cpp).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "proto/operation.hpp"

namespace ifx::proto {

/// The transfer buffer announced in SQ_LODATA requests and the largest chunk the client writes:
/// JDBC's 32000 (MSG-040, grade A for reads).
inline constexpr std::int16_t lodata_chunk = 32000;
/// Bytes asked for by one read request, and sent by one write request (one request group each).
inline constexpr std::size_t lodata_max_read = 1024 * 1024;
inline constexpr std::size_t lodata_max_write = 512 * 1024;

/// `SQ_LODATA i16 0 i16 fd i32 n i16 32000 SQ_EOT` (MSG-040).
void encode_lo_read(std::int16_t fd, std::int32_t n, std::vector<std::uint8_t>& out);
/// `SQ_LODATA i16 2 i16 fd i32 n i16 32000` then `i16 len bytes [pad]` chunks of at most 32000
/// bytes summing to n, then SQ_EOT (libsqli's layout, grade C).
void encode_lo_write(std::int16_t fd, std::span<const std::uint8_t> data, std::vector<std::uint8_t>& out);

/// Reads up to buffer.size() (at most lodata_max_read) bytes at the descriptor's position;
/// `got` < requested only at the end of the object. A negative size from the server (an ISAM
/// error) fails with SQLCODE -9810 and the ISAM code in the diagnostics.
class lo_read_op final : public exchange_op {
public:
    lo_read_op(session_state& s, std::int32_t fd, std::span<std::uint8_t> buffer, std::size_t& got)
        : exchange_op(s),
          fd_(fd),
          buffer_(buffer.first(std::min(buffer.size(), lodata_max_read))),
          got_(got) {}

private:
    void start(std::vector<std::uint8_t>& out, std::error_code& ec) override;
    void on_message(server_message& msg, std::error_code& ec) override;
    step on_replies(const err_msg* err, std::vector<std::uint8_t>& out, std::error_code& ec) override;
    std::int32_t fd_;
    std::span<std::uint8_t> buffer_;
    std::size_t& got_;
    bool replied_ = false;
    std::int32_t isam_ = 0;
};

/// Writes data at the descriptor's position: one request group per lodata_max_write bytes, all
/// pipelined. `written` counts the bytes the server confirmed (the groups before a failure).
class lo_write_op final : public exchange_op {
public:
    lo_write_op(session_state& s, std::int32_t fd, std::span<const std::uint8_t> data, std::size_t& written)
        : exchange_op(s), fd_(fd), data_(data), written_(written) {}

private:
    void start(std::vector<std::uint8_t>& out, std::error_code& ec) override;
    void on_message(server_message& msg, std::error_code& ec) override;
    void on_group_end(const err_msg* group_error) override;
    step on_replies(const err_msg* err, std::vector<std::uint8_t>& out, std::error_code& ec) override;
    std::int32_t fd_;
    std::span<const std::uint8_t> data_;
    std::size_t& written_;
    std::size_t group_ = 0;        // the group whose reply is being read
    std::int64_t confirmed_ = -1;  // the current group's SQ_LODATA count, -1 before it arrives
    bool failed_ = false;          // a group failed: later confirmations are not counted
    std::int32_t isam_ = 0;
};

}  // namespace ifx::proto
