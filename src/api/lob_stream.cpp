// ifx::smart_lob: the sync face of the session core's smart-LOB operations (src/session/lob.hpp).
#include "ifx/smart_lob.hpp"

#include <utility>

#include "api/sync_face.hpp"
#include "ifx/connection.hpp"
#include "session/lob.hpp"

namespace ifx {
namespace {

// The open object's session; errc::cursor_closed when it is not open.
detail::session_core* usable(const std::shared_ptr<detail::session_core>& s, std::int32_t fd,
                             std::error_code& ec, diagnostics& diag) {
    ec.clear();
    if (fd >= 0 && s) return s.get();
    ec = errc::cursor_closed;
    diag.client_message = "the smart large object is not open";
    return nullptr;
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
    auto op = detail::lob_call_run::open(locator, mode);
    const std::int64_t fd = detail::sync_call(conn.session_.get(), op, ec, diag);
    if (ec) return;
    owner_ = conn.session_;
    locator_ = locator;
    fd_ = static_cast<std::int32_t>(fd);
}

smart_lob smart_lob::create(connection& conn, lob_locator::kind kind, lob_mode mode) {
    std::error_code ec;
    diagnostics diag;
    smart_lob lob = create(conn, kind, mode, ec, diag);
    throw_if(ec, diag);
    return lob;
}

smart_lob smart_lob::create(connection& conn, lob_locator::kind kind, lob_mode mode, std::error_code& ec,
                            diagnostics& diag) {
    smart_lob lob;
    lob.kind_ = kind;
    detail::lob_create_run op(kind, mode);
    const detail::created_lob made = detail::sync_call(conn.session_.get(), op, ec, diag);
    if (ec) return lob;
    lob.locator_ = made.locator;
    lob.owner_ = conn.session_;
    lob.fd_ = made.fd;
    return lob;
}

smart_lob::smart_lob(smart_lob&& other) noexcept
    : owner_(std::move(other.owner_)),
      locator_(other.locator_),
      fd_(std::exchange(other.fd_, -1)),
      kind_(other.kind_) {}

smart_lob& smart_lob::operator=(smart_lob&& other) noexcept {
    if (this != &other) {
        std::error_code ec;
        diagnostics diag;
        close(ec, diag);
        owner_ = std::move(other.owner_);
        locator_ = other.locator_;
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
    auto* s = usable(owner_, fd_, ec, diag);
    if (!s) return 0;
    detail::lob_read_run op(fd_, buffer);
    return detail::sync_call(s, op, ec, diag);
}

void smart_lob::write(std::span<const std::byte> data) {
    std::error_code ec;
    diagnostics diag;
    (void)write(data, ec, diag);
    throw_if(ec, diag);
}

std::size_t smart_lob::write(std::span<const std::byte> data, std::error_code& ec, diagnostics& diag) {
    auto* s = usable(owner_, fd_, ec, diag);
    if (!s) return 0;
    detail::lob_write_run op(fd_, data);
    return detail::sync_call(s, op, ec, diag);
}

std::vector<std::byte> smart_lob::read_all() {
    std::error_code ec;
    diagnostics diag;
    std::vector<std::byte> out;
    if (auto* s = usable(owner_, fd_, ec, diag)) {
        detail::lob_read_all_run op(fd_);
        out = detail::sync_call(s, op, ec, diag);
    }
    throw_if(ec, diag);
    return out;
}

std::string smart_lob::read_text() {
    std::error_code ec;
    diagnostics diag;
    std::string out;
    if (auto* s = usable(owner_, fd_, ec, diag)) {
        detail::lob_read_text_run op(fd_, kind_);
        out = detail::sync_call(s, op, ec, diag);
    }
    throw_if(ec, diag);
    return out;
}

void smart_lob::write_text(std::string_view text) {
    std::error_code ec;
    diagnostics diag;
    if (auto* s = usable(owner_, fd_, ec, diag)) {
        detail::lob_write_text_run op(fd_, kind_, text);
        (void)detail::sync_call(s, op, ec, diag);
    }
    throw_if(ec, diag);
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
    auto op = detail::lob_call_run::close(fd);
    ec = owner->run(op, diag);
}

std::int64_t smart_lob::seek(std::int64_t offset, lob_whence whence) {
    std::error_code ec;
    diagnostics diag;
    const std::int64_t at = seek(offset, whence, ec, diag);
    throw_if(ec, diag);
    return at;
}

std::int64_t smart_lob::seek(std::int64_t offset, lob_whence whence, std::error_code& ec, diagnostics& diag) {
    auto* s = usable(owner_, fd_, ec, diag);
    if (!s) return -1;
    auto op = detail::lob_call_run::seek(fd_, offset, whence);
    const std::int64_t at = detail::sync_call(s, op, ec, diag);
    return ec ? -1 : at;
}

std::int64_t smart_lob::tell() {
    std::error_code ec;
    diagnostics diag;
    const std::int64_t at = tell(ec, diag);
    throw_if(ec, diag);
    return at;
}

std::int64_t smart_lob::tell(std::error_code& ec, diagnostics& diag) {
    auto* s = usable(owner_, fd_, ec, diag);
    if (!s) return -1;
    auto op = detail::lob_call_run::tell(fd_);
    const std::int64_t at = detail::sync_call(s, op, ec, diag);
    return ec ? -1 : at;
}

std::int64_t smart_lob::size() {
    std::error_code ec;
    diagnostics diag;
    const std::int64_t n = size(ec, diag);
    throw_if(ec, diag);
    return n;
}

std::int64_t smart_lob::size(std::error_code& ec, diagnostics& diag) {
    auto* s = usable(owner_, fd_, ec, diag);
    if (!s) return -1;
    detail::lob_size_run op(fd_);
    const std::int64_t n = detail::sync_call(s, op, ec, diag);
    return ec ? -1 : n;
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

lob_locator create_lob(connection& conn, lob_locator::kind kind, std::span<const std::byte> data) {
    smart_lob lob = smart_lob::create(conn, kind, lob_mode::write);
    lob.write(data);
    lob.close();
    return lob.locator();
}

void release_lob(connection& conn, const lob_locator& locator) {
    std::error_code ec;
    diagnostics diag;
    release_lob(conn, locator, ec, diag);
    throw_if(ec, diag);
}

void release_lob(connection& conn, const lob_locator& locator, std::error_code& ec, diagnostics& diag) {
    smart_lob::release(conn, locator, ec, diag);
}

void smart_lob::release(connection& conn, const lob_locator& locator, std::error_code& ec,
                        diagnostics& diag) {
    auto op = detail::lob_call_run::release(locator);
    (void)detail::sync_call(conn.session_.get(), op, ec, diag);
}

}  // namespace ifx
