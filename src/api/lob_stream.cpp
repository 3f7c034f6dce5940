// ifx::smart_lob: ifx_lo_open / ifx_lo_close through SQL (the SQL functions libsqli calls and
// ifxlite implements; JDBC uses the fast path instead, which this client does not speak yet) and
// SQ_LODATA transfers (proto/lob_ops.hpp).
#include "ifx/smart_lob.hpp"

#include <utility>

#include "api/session.hpp"
#include "ifx/connection.hpp"
#include "proto/lob_ops.hpp"
#include "types/codeset.hpp"

namespace ifx {
namespace {

constexpr std::size_t write_window = 4 * 1024 * 1024;  // bytes per pipelined write exchange

std::string_view open_sql(lob_locator::kind k) {
    return k == lob_locator::kind::clob ? "SELECT ifx_lo_open(CAST(? AS CLOB), ?) FROM sysmaster:sysdual"
                                        : "SELECT ifx_lo_open(CAST(? AS BLOB), ?) FROM sysmaster:sysdual";
}
constexpr std::string_view close_sql = "SELECT ifx_lo_close(?) FROM sysmaster:sysdual";

bool usable(const std::shared_ptr<detail::session>& s, std::int32_t fd, std::error_code& ec,
            diagnostics& diag) {
    ec.clear();
    if (fd < 0 || !s) {
        ec = errc::cursor_closed;
        diag.client_message = "the smart large object is not open";
        return false;
    }
    return true;
}

std::span<std::uint8_t> as_u8(std::span<std::byte> b) {
    return {reinterpret_cast<std::uint8_t*>(b.data()), b.size()};
}
std::span<const std::uint8_t> as_u8(std::span<const std::byte> b) {
    return {reinterpret_cast<const std::uint8_t*>(b.data()), b.size()};
}

}  // namespace

smart_lob::smart_lob() noexcept = default;

smart_lob::smart_lob(connection& conn, const lob_locator& locator, lob_mode mode) {
    std::error_code ec;
    diagnostics diag;
    *this = smart_lob(conn, locator, mode, ec, diag);
    throw_if(ec, diag);
}

smart_lob::smart_lob(connection& conn, const lob_locator& locator, lob_mode mode, std::error_code& ec,
                     diagnostics& diag)
    : kind_(locator.type) {
    ec.clear();
    if (!conn.session_) {
        ec = errc::not_connected;
        diag.client_message = "not connected";
        return;
    }
    std::lock_guard lock(conn.session_->mutex);
    const param params[] = {param(locator), param(static_cast<std::int32_t>(mode))};
    const result r = detail::query_locked(*conn.session_, open_sql(kind_), params, ec, diag);
    if (ec) return;
    std::int32_t fd = -1;
    if (r.size() != 1 || r.columns().size() != 1 || (ec = r[0].get(0, fd)) || fd < 0) {
        if (!ec) ec = errc::protocol_violation;
        diag.client_message = "ifx_lo_open did not return a descriptor";
        return;
    }
    owner_ = conn.session_;
    fd_ = fd;
}

smart_lob::smart_lob(smart_lob&& other) noexcept
    : owner_(std::move(other.owner_)), fd_(std::exchange(other.fd_, -1)), kind_(other.kind_) {}

smart_lob& smart_lob::operator=(smart_lob&& other) noexcept {
    if (this != &other) {
        std::error_code ec;
        diagnostics diag;
        close(ec, diag);
        owner_ = std::move(other.owner_);
        fd_ = std::exchange(other.fd_, -1);
        kind_ = other.kind_;
    }
    return *this;
}

smart_lob::~smart_lob() {
    std::error_code ec;
    diagnostics diag;
    close(ec, diag);
}

std::size_t smart_lob::read(std::span<std::byte> buffer) {
    std::error_code ec;
    diagnostics diag;
    const std::size_t n = read(buffer, ec, diag);
    throw_if(ec, diag);
    return n;
}

std::size_t smart_lob::read(std::span<std::byte> buffer, std::error_code& ec, diagnostics& diag) {
    if (!usable(owner_, fd_, ec, diag)) return 0;
    detail::session& s = *owner_;
    std::lock_guard lock(s.mutex);
    std::size_t total = 0;
    while (total < buffer.size()) {
        const auto window = as_u8(buffer.subspan(total));
        std::size_t got = 0;
        proto::lo_read_op op(s.state, fd_, window, got);
        if ((ec = s.run(op, diag))) return total;
        total += got;
        if (got < std::min(window.size(), proto::lodata_max_read)) break;  // the end
    }
    return total;
}

void smart_lob::write(std::span<const std::byte> data) {
    std::error_code ec;
    diagnostics diag;
    (void)write(data, ec, diag);
    throw_if(ec, diag);
}

std::size_t smart_lob::write(std::span<const std::byte> data, std::error_code& ec, diagnostics& diag) {
    if (!usable(owner_, fd_, ec, diag)) return 0;
    detail::session& s = *owner_;
    std::lock_guard lock(s.mutex);
    std::size_t total = 0;
    while (total < data.size()) {
        const auto window = as_u8(data.subspan(total, std::min(write_window, data.size() - total)));
        std::size_t written = 0;
        proto::lo_write_op op(s.state, fd_, window, written);
        ec = s.run(op, diag);
        total += written;
        if (ec) break;
    }
    return total;
}

std::vector<std::byte> smart_lob::read_all() {
    std::vector<std::byte> out;
    constexpr std::size_t step = 256 * 1024;
    for (;;) {
        const std::size_t at = out.size();
        out.resize(at + step);
        const std::size_t n = read(std::span(out).subspan(at));
        out.resize(at + n);
        if (n < step) return out;
    }
}

std::string smart_lob::read_text() {
    const std::vector<std::byte> bytes = read_all();
    const auto raw = std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    std::string out;
    if (kind_ == lob_locator::kind::blob) return std::string(raw.begin(), raw.end());
    const codeset cs = owner_ ? owner_->state.text : codeset::utf8;
    if (const auto bad = types::wire_to_utf8(raw, cs, out); bad != std::string::npos) {
        diagnostics diag;
        diag.client_message = "the CLOB is not valid " + std::string(to_string(cs)) + " text (byte " +
                              std::to_string(bad) + ")";
        throw error(make_error_code(errc::type_mismatch), std::move(diag));
    }
    return out;
}

void smart_lob::write_text(std::string_view text) {
    std::string converted;
    std::string_view bytes = text;
    const codeset cs = owner_ ? owner_->state.text : codeset::utf8;
    if (kind_ == lob_locator::kind::clob) {
        if (const auto bad = types::utf8_to_wire(text, cs, converted); bad != std::string::npos) {
            diagnostics diag;
            diag.client_message = "the text cannot be written in the code set " + std::string(to_string(cs)) +
                                  " (byte " + std::to_string(bad) + ")";
            throw error(make_error_code(errc::invalid_argument), std::move(diag));
        }
        bytes = converted;
    }
    write(std::span(reinterpret_cast<const std::byte*>(bytes.data()), bytes.size()));
}

void smart_lob::close() {
    std::error_code ec;
    diagnostics diag;
    close(ec, diag);
    throw_if(ec, diag);
}

void smart_lob::close(std::error_code& ec, diagnostics& diag) {
    ec.clear();
    if (fd_ < 0 || !owner_) return;
    const std::int32_t fd = std::exchange(fd_, -1);
    auto owner = std::move(owner_);
    std::lock_guard lock(owner->mutex);
    if (!owner->usable()) return;  // a broken or closed session holds nothing to close
    const param params[] = {param(fd)};
    (void)detail::query_locked(*owner, close_sql, params, ec, diag);
}

std::vector<std::byte> read_lob(connection& conn, const lob_locator& locator) {
    smart_lob lob(conn, locator, lob_mode::read);
    auto out = lob.read_all();
    lob.close();
    return out;
}

std::string read_lob_text(connection& conn, const lob_locator& locator) {
    smart_lob lob(conn, locator, lob_mode::read);
    auto out = lob.read_text();
    lob.close();
    return out;
}

void write_lob(connection& conn, const lob_locator& locator, std::span<const std::byte> data) {
    smart_lob lob(conn, locator, lob_mode::write);
    lob.write(data);
    lob.close();
}

}  // namespace ifx
