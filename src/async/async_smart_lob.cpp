// ifx::async_smart_lob: the async face of the session core's smart-LOB operations
// (src/session/lob.hpp), the ones ifx::smart_lob runs.
#include "ifx/async_smart_lob.hpp"

#include "async/async_session.hpp"
#include "session/lob.hpp"

namespace ifx {
namespace {

template <class T>
std::unique_ptr<detail::session_op_of<T>> not_open() {
    return std::make_unique<detail::failed_run<T>>(errc::cursor_closed, "the smart large object is not open");
}

}  // namespace

namespace detail {

async_smart_lob as_async_lob::operator()(std::int64_t fd, std::error_code&, diagnostics&) const {
    return async_smart_lob(ex, owner, locator, static_cast<std::int32_t>(fd));
}

async_smart_lob as_async_lob::operator()(const created_lob& made, std::error_code&, diagnostics&) const {
    return async_smart_lob(ex, owner, made.locator, made.fd);
}

}  // namespace detail

async_smart_lob::async_smart_lob(asio::any_io_executor ex, std::shared_ptr<detail::session_core> owner,
                                 lob_locator locator, std::int32_t fd) noexcept
    : ex_(std::move(ex)), owner_(std::move(owner)), locator_(locator), fd_(fd), kind_(locator.type) {}

std::shared_ptr<detail::session_core> async_smart_lob::session_of(const async_connection& conn) {
    return detail::async_connection_access::shared(conn);
}

std::unique_ptr<detail::session_op_of<std::int64_t>> async_smart_lob::open_op(const lob_locator& locator,
                                                                              lob_mode mode) {
    return std::make_unique<detail::lob_call_run>(detail::lob_call_run::open(locator, mode));
}
std::unique_ptr<detail::session_op_of<detail::created_lob>> async_smart_lob::create_op(lob_locator::kind kind,
                                                                                       lob_mode mode) {
    return std::make_unique<detail::lob_create_run>(kind, mode);
}
std::unique_ptr<detail::session_op_of<void>> async_smart_lob::release_op(const lob_locator& locator) {
    // lob_call_run yields an integer; a release only needs its outcome.
    struct release_run final : detail::session_op_of<void> {
        explicit release_run(const lob_locator& l) : call(detail::lob_call_run::release(l)) {}
        detail::action next(detail::session_core& s, std::error_code& ec, diagnostics& diag) override {
            return call.next(s, ec, diag);
        }
        detail::lob_call_run call;
    };
    return std::make_unique<release_run>(locator);
}
std::unique_ptr<detail::session_op_of<void>> async_smart_lob::close_op(std::int32_t fd) {
    struct close_run final : detail::session_op_of<void> {
        explicit close_run(std::int32_t d) : call(detail::lob_call_run::close(d)) {}
        detail::action next(detail::session_core& s, std::error_code& ec, diagnostics& diag) override {
            if (!started && !s.usable()) return detail::action::finished();  // nothing left to close
            started = true;
            return call.next(s, ec, diag);
        }
        detail::lob_call_run call;
        bool started = false;
    };
    if (fd < 0) return std::make_unique<detail::nothing_run>();  // closed already: as smart_lob::close
    return std::make_unique<close_run>(fd);
}
std::unique_ptr<detail::session_op_of<std::size_t>> async_smart_lob::read_op(
    std::span<std::byte> buffer) const {
    if (fd_ < 0) return not_open<std::size_t>();
    return std::make_unique<detail::lob_read_run>(fd_, buffer);
}
std::unique_ptr<detail::session_op_of<std::size_t>> async_smart_lob::write_op(
    std::span<const std::byte> data) const {
    if (fd_ < 0) return not_open<std::size_t>();
    return std::make_unique<detail::lob_write_run>(fd_, data);
}
std::unique_ptr<detail::session_op_of<std::vector<std::byte>>> async_smart_lob::read_all_op() const {
    if (fd_ < 0) return not_open<std::vector<std::byte>>();
    return std::make_unique<detail::lob_read_all_run>(fd_);
}
std::unique_ptr<detail::session_op_of<std::string>> async_smart_lob::read_text_op() const {
    if (fd_ < 0) return not_open<std::string>();
    return std::make_unique<detail::lob_read_text_run>(fd_, kind_);
}
std::unique_ptr<detail::session_op_of<std::size_t>> async_smart_lob::write_text_op(
    std::string_view text) const {
    if (fd_ < 0) return not_open<std::size_t>();
    return std::make_unique<detail::lob_write_text_run>(fd_, kind_, text);
}
std::unique_ptr<detail::session_op_of<std::int64_t>> async_smart_lob::seek_op(std::int64_t offset,
                                                                              lob_whence whence) const {
    if (fd_ < 0) return not_open<std::int64_t>();
    return std::make_unique<detail::lob_call_run>(detail::lob_call_run::seek(fd_, offset, whence));
}
std::unique_ptr<detail::session_op_of<std::int64_t>> async_smart_lob::tell_op() const {
    if (fd_ < 0) return not_open<std::int64_t>();
    return std::make_unique<detail::lob_call_run>(detail::lob_call_run::tell(fd_));
}
std::unique_ptr<detail::session_op_of<std::int64_t>> async_smart_lob::size_op() const {
    if (fd_ < 0) return not_open<std::int64_t>();
    return std::make_unique<detail::lob_size_run>(fd_);
}

}  // namespace ifx
