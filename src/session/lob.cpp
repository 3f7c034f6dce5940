#include "session/lob.hpp"

#include <algorithm>

#include "session/core.hpp"
#include "types/codeset.hpp"

namespace ifx::detail {
namespace {

constexpr std::size_t write_window = 4 * 1024 * 1024;  // bytes per pipelined write exchange

// Signatures as JDBC resolves them ([LG]'s reconstruction; ifx_lo_create from libsqli; seek/tell
// inferred from the ESQL/C prototypes, grade C — docs/protocol.md).
constexpr std::string_view sig_open = "function informix.ifx_lo_open(blob,integer)";
constexpr std::string_view sig_close = "function informix.ifx_lo_close(integer)";
constexpr std::string_view sig_release = "function informix.ifx_lo_release(blob)";
constexpr std::string_view sig_create = "function informix.ifx_lo_create( ifx_lo_spec,integer,blob)";
constexpr std::string_view sig_seek = "function informix.ifx_lo_seek(integer,int8,integer)";
constexpr std::string_view sig_tell = "function informix.ifx_lo_tell(integer)";

// The ifx_lo_spec ifx_lo_create takes (596 bytes, libsqli's layout, grade C): magic 0xdadafeed,
// flags 0, estimated and maximum bytes -1 ("server default", 12-byte int8 structs at 12 and 24),
// extent size -1 at 36, no sbspace name (128 bytes at 40), then a 428-byte column descriptor whose
// bytes 404..411 are -1.
std::array<std::uint8_t, 596> default_create_spec() {
    std::array<std::uint8_t, 596> spec{};
    const std::uint8_t magic[] = {0xda, 0xda, 0xfe, 0xed};
    std::copy(std::begin(magic), std::end(magic), spec.begin());
    for (const std::size_t at : {std::size_t{12}, std::size_t{24}}) {  // magnitude 1, sign -1
        spec[at + 3] = 1;
        spec[at + 8] = 0xff;
        spec[at + 9] = 0xff;
    }
    for (std::size_t k = 36; k < 40; ++k) spec[k] = 0xff;
    for (std::size_t k = 168 + 404; k <= 168 + 411; ++k) spec[k] = 0xff;
    return spec;
}

std::span<const std::uint8_t> locator_bytes(const lob_locator& l) {
    return {l.raw.data(), l.raw.size()};
}

std::span<std::uint8_t> as_u8(std::span<std::byte> b) {
    return {reinterpret_cast<std::uint8_t*>(b.data()), b.size()};
}
std::span<const std::uint8_t> as_u8(std::span<const std::byte> b) {
    return {reinterpret_cast<const std::uint8_t*>(b.data()), b.size()};
}

}  // namespace

// ---- fast-path calls ------------------------------------------------------------------------------

lob_call_run lob_call_run::open(const lob_locator& locator, lob_mode mode) {
    lob_call_run r(routine::open);
    r.locator_ = locator;
    r.flag_ = static_cast<std::int32_t>(mode);
    return r;
}

lob_call_run lob_call_run::close(std::int32_t fd) {
    lob_call_run r(routine::close);
    r.fd_ = fd;
    return r;
}

lob_call_run lob_call_run::release(const lob_locator& locator) {
    lob_call_run r(routine::release);
    r.locator_ = locator;
    return r;
}

lob_call_run lob_call_run::seek(std::int32_t fd, std::int64_t offset, lob_whence whence) {
    lob_call_run r(routine::seek);
    r.fd_ = fd;
    r.offset_ = offset;
    r.flag_ = static_cast<std::int32_t>(whence);
    return r;
}

lob_call_run lob_call_run::tell(std::int32_t fd) {
    lob_call_run r(routine::tell);
    r.fd_ = fd;
    return r;
}

proto::operation* lob_call_run::start(session_core& s, std::error_code&, diagnostics&) {
    std::string_view signature;
    switch (routine_) {
        case routine::open:
            signature = sig_open;
            args_ = {proto::fp_arg::udt("blob", locator_bytes(locator_)), proto::fp_arg::integer(flag_)};
            break;
        case routine::close:
            signature = sig_close;
            args_ = {proto::fp_arg::integer(fd_)};
            break;
        case routine::release:
            signature = sig_release;
            args_ = {proto::fp_arg::udt("blob", locator_bytes(locator_))};
            break;
        case routine::seek:
            signature = sig_seek;
            args_ = {proto::fp_arg::integer(fd_), proto::fp_arg::int8(offset_),
                     proto::fp_arg::integer(flag_)};
            break;
        case routine::tell:
            signature = sig_tell;
            args_ = {proto::fp_arg::integer(fd_)};
            break;
    }
    op_.emplace(s.state, signature, args_, results_);
    return &*op_;
}

void lob_call_run::finish(session_core&, std::error_code& ec, diagnostics& diag) {
    if (ec || routine_ == routine::close || routine_ == routine::release) return;
    const char* name = routine_ == routine::open   ? "ifx_lo_open"
                       : routine_ == routine::seek ? "ifx_lo_seek"
                                                   : "ifx_lo_tell";
    bool found = false;
    for (const auto& r : results_) {
        std::int64_t v = 0;
        if (r.to_integer(v)) {
            value = v;
            found = true;
            break;
        }
    }
    if (!found) {
        ec = errc::protocol_violation;
        diag.client_message = std::string(name) + " returned no integer";
        value = -1;
        return;
    }
    if (routine_ == routine::open && (value < 0 || value > INT32_MAX)) {
        ec = errc::protocol_violation;
        diag.client_message = "ifx_lo_open returned an invalid descriptor";
        value = -1;
    }
}

proto::operation* lob_create_run::start(session_core& s, std::error_code&, diagnostics&) {
    spec_ = default_create_spec();
    args_ = {proto::fp_arg::udt("ifx_lo_spec", spec_),
             proto::fp_arg::integer(static_cast<std::int32_t>(mode_)), proto::fp_arg::udt("blob", empty_)};
    op_.emplace(s.state, sig_create, args_, results_);
    return &*op_;
}

void lob_create_run::finish(session_core&, std::error_code& ec, diagnostics& diag) {
    if (ec) return;
    // libsqli reads the new locator (a UDT) and the descriptor (an INTEGER) from the reply.
    const proto::fp_result* locator = nullptr;
    std::int64_t fd = -1;
    for (const auto& r : results_) {
        const int base = r.type & 0xff;
        if (!locator && !r.null && (base == 40 || base == 41 || base == 44))
            locator = &r;
        else if (fd < 0)
            (void)r.to_integer(fd);
    }
    if (!locator || locator->data.size() != lob_locator::size_bytes || fd < 0 || fd > INT32_MAX) {
        ec = errc::protocol_violation;
        diag.client_message = "ifx_lo_create did not return a locator and a descriptor";
        return;
    }
    value.locator.type = kind_;
    std::copy(locator->data.begin(), locator->data.end(), value.locator.raw.begin());
    value.fd = static_cast<std::int32_t>(fd);
}

// ---- transfers --------------------------------------------------------------------------------------

action lob_read_run::next(session_core& s, std::error_code& ec, diagnostics&) {
    if (op_) {
        op_.reset();
        if (ec) return action::finished();
        value += got_;
        if (got_ < std::min(asked_, proto::lodata_max_read)) return action::finished();  // the end
    }
    if (value >= buffer_.size()) return action::finished();
    const auto window = as_u8(buffer_.subspan(value));
    asked_ = window.size();
    got_ = 0;
    op_.emplace(s.state, fd_, window, got_);
    return s.exchange(&*op_);
}

action lob_write_run::next(session_core& s, std::error_code& ec, diagnostics&) {
    if (op_) {
        op_.reset();
        value += written_;
        if (ec) return action::finished();
    }
    if (value >= data_.size()) return action::finished();
    const auto window = as_u8(data_.subspan(value, std::min(write_window, data_.size() - value)));
    written_ = 0;
    op_.emplace(s.state, fd_, window, written_);
    return s.exchange(&*op_);
}

action lob_read_all_run::next(session_core& s, std::error_code& ec, diagnostics&) {
    constexpr std::size_t window = proto::lodata_max_read;
    if (op_) {
        op_.reset();
        value.resize(at_ + (ec ? 0 : got_));
        if (ec || got_ < window) return action::finished();  // the end
        at_ += got_;
    }
    value.resize(at_ + window);
    got_ = 0;
    op_.emplace(s.state, fd_, as_u8(std::span(value).subspan(at_)), got_);
    return s.exchange(&*op_);
}

action lob_read_text_run::next(session_core& s, std::error_code& ec, diagnostics& diag) {
    const action a = all_.next(s, ec, diag);
    if (a.what != action::kind::done || ec) return a;
    lob_text(kind_, s.state.text, all_.value, value, ec, diag);
    return a;
}

action lob_write_text_run::next(session_core& s, std::error_code& ec, diagnostics& diag) {
    if (!write_) {
        const auto bytes = lob_bytes(kind_, s.state.text, text_, converted_, ec, diag);
        if (ec) return action::finished();
        write_.emplace(fd_, bytes);
    }
    const action a = write_->next(s, ec, diag);
    value = write_->value;
    return a;
}

action lob_size_run::next(session_core& s, std::error_code& ec, diagnostics& diag) {
    if (call_) {
        const action a = call_->next(s, ec, diag);  // the call's finish
        (void)a;
        const std::int64_t at = call_->value;
        call_.reset();
        if (ec) {
            value = -1;
            return action::finished();
        }
        if (stage_ == 1) here_ = at;
        if (stage_ == 2) value = at;
        if (stage_ == 3) return action::finished();
    }
    ++stage_;
    if (stage_ == 1)
        call_.emplace(lob_call_run::tell(fd_));
    else if (stage_ == 2)
        call_.emplace(lob_call_run::seek(fd_, 0, lob_whence::end));
    else
        call_.emplace(lob_call_run::seek(fd_, here_, lob_whence::set));
    std::error_code none;
    return call_->next(s, none, diag);
}

// ---- text ---------------------------------------------------------------------------------------------

void lob_text(lob_locator::kind kind, codeset cs, std::span<const std::byte> content, std::string& out,
              std::error_code& ec, diagnostics& diag) {
    const auto raw = std::span(reinterpret_cast<const std::uint8_t*>(content.data()), content.size());
    if (kind == lob_locator::kind::blob) {
        out.assign(raw.begin(), raw.end());
        return;
    }
    if (const auto bad = types::wire_to_utf8(raw, cs, out); bad != std::string::npos) {
        ec = errc::type_mismatch;
        diag.client_message = "the CLOB is not valid " + std::string(to_string(cs)) + " text (byte " +
                              std::to_string(bad) + ")";
        out.clear();
    }
}

std::span<const std::byte> lob_bytes(lob_locator::kind kind, codeset cs, std::string_view text,
                                     std::string& converted, std::error_code& ec, diagnostics& diag) {
    std::string_view bytes = text;
    if (kind == lob_locator::kind::clob) {
        if (const auto bad = types::utf8_to_wire(text, cs, converted); bad != std::string::npos) {
            ec = errc::invalid_argument;
            diag.client_message = "the text cannot be written in the code set " + std::string(to_string(cs)) +
                                  " (byte " + std::to_string(bad) + ")";
            return {};
        }
        bytes = converted;
    }
    return {reinterpret_cast<const std::byte*>(bytes.data()), bytes.size()};
}

}  // namespace ifx::detail
