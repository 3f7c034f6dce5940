#include "proto/lob_ops.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "wire/tags.hpp"
#include "wire/writer.hpp"

namespace ifx::proto {
namespace {

constexpr int smart_lob_error = -9810;  // IDS "smart-large-object error"

// Descriptors travel as i16 in SQ_LODATA (§7.12: "fd truncated to 16 bits").
std::int16_t fd16(std::int32_t fd) {
    return static_cast<std::int16_t>(fd);
}

std::error_code isam_failure(std::int32_t isam, diagnostics& diag) {
    diag.sqlcode = smart_lob_error;
    diag.isam_code = isam;
    diag.client_message = "the smart large object transfer failed (ISAM " + std::to_string(isam) + ")";
    return make_server_error(smart_lob_error);
}

}  // namespace

void encode_lo_read(std::int16_t fd, std::int32_t n, std::vector<std::uint8_t>& out) {
    wire::writer w(out);
    w.put(wire::tag::lodata);
    w.i16(0);
    w.i16(fd);
    w.i32(n);
    w.i16(lodata_chunk);
    w.put(wire::tag::eot);
}

void encode_lo_write(std::int16_t fd, std::span<const std::uint8_t> data, std::vector<std::uint8_t>& out) {
    wire::writer w(out);
    w.put(wire::tag::lodata);
    w.i16(2);
    w.i16(fd);
    w.i32(static_cast<std::int32_t>(data.size()));
    w.i16(lodata_chunk);
    for (std::size_t at = 0; at < data.size(); at += static_cast<std::size_t>(lodata_chunk)) {
        const auto part = data.subspan(at, std::min<std::size_t>(lodata_chunk, data.size() - at));
        w.i16(static_cast<std::int16_t>(part.size()));
        w.bytes(part);
        w.pad(part.size());
    }
    w.put(wire::tag::eot);
}

// ---- read ----------------------------------------------------------------------------------------

void lo_read_op::start(std::vector<std::uint8_t>& out, std::error_code&) {
    got_ = 0;
    encode_lo_read(fd16(fd_), static_cast<std::int32_t>(buffer_.size()), out);
    expect_replies(1);
}

void lo_read_op::on_message(server_message& msg, std::error_code& ec) {
    auto* m = std::get_if<lodata_msg>(&msg);
    if (!m || m->op != 0 || replied_) {
        session().broken = true;
        ec = errc::protocol_violation;
        diag().client_message = "unexpected message in an SQ_LODATA read reply";
        return;
    }
    replied_ = true;
    if (m->size < 0) {
        isam_ = m->size;
        return;
    }
    if (static_cast<std::size_t>(m->size) > buffer_.size()) {
        session().broken = true;
        ec = errc::protocol_violation;
        diag().client_message = "the server sent more smart-LOB data than was asked for";
        return;
    }
    for (const auto chunk : m->chunks) {
        std::memcpy(buffer_.data() + got_, chunk.data(), chunk.size());
        got_ += chunk.size();
    }
}

step lo_read_op::on_replies(const err_msg* err, std::vector<std::uint8_t>&, std::error_code& ec) {
    if (err)
        ec = server_error(*err, diag());
    else if (isam_ < 0)
        ec = isam_failure(isam_, diag());
    else if (!replied_) {
        session().broken = true;
        ec = errc::protocol_violation;
        diag().client_message = "an SQ_LODATA read reply without SQ_LODATA";
    }
    if (ec) got_ = 0;
    return step::done;
}

// ---- write ---------------------------------------------------------------------------------------

void lo_write_op::start(std::vector<std::uint8_t>& out, std::error_code&) {
    written_ = 0;
    int groups = 0;
    for (std::size_t at = 0; at < data_.size(); at += lodata_max_write) {
        encode_lo_write(fd16(fd_), data_.subspan(at, std::min(lodata_max_write, data_.size() - at)), out);
        ++groups;
    }
    expect_replies(groups);
}

void lo_write_op::on_message(server_message& msg, std::error_code& ec) {
    auto* m = std::get_if<lodata_msg>(&msg);
    if (!m || m->op != 2 || confirmed_ >= 0) {
        session().broken = true;
        ec = errc::protocol_violation;
        diag().client_message = "unexpected message in an SQ_LODATA write reply";
        return;
    }
    if (m->size < 0) {
        isam_ = m->size;
        confirmed_ = 0;
        return;
    }
    confirmed_ = m->size;
}

void lo_write_op::on_group_end(const err_msg* group_error) {
    const std::size_t sent = std::min(lodata_max_write, data_.size() - group_ * lodata_max_write);
    if (group_error || isam_ < 0 || confirmed_ < 0) failed_ = true;
    // A short confirmation is a failure too: later bytes would land at the wrong position.
    if (!failed_ && static_cast<std::size_t>(confirmed_) != sent) failed_ = true;
    if (!failed_) written_ += sent;
    confirmed_ = -1;
    ++group_;
}

step lo_write_op::on_replies(const err_msg* err, std::vector<std::uint8_t>&, std::error_code& ec) {
    if (err)
        ec = server_error(*err, diag());
    else if (isam_ < 0)
        ec = isam_failure(isam_, diag());
    else if (failed_) {
        ec = make_server_error(smart_lob_error);
        diag().sqlcode = smart_lob_error;
        diag().client_message = "the server confirmed fewer smart-LOB bytes than were sent";
    }
    return step::done;
}

}  // namespace ifx::proto
