#include "wire/session_layer.hpp"

#include "wire/limits.hpp"
#include "wire/reader.hpp"
#include "wire/tags.hpp"
#include "wire/writer.hpp"

namespace ifx::wire {

decode_status decode_sl_packet(std::span<const std::uint8_t> bytes, sl_header& header,
                               std::span<const std::uint8_t>& packet) noexcept {
    reader r(bytes);
    sl_header h;
    h.length = r.u16();
    h.type = r.u8();
    h.protocol = r.u8();
    h.flags = r.u16();
    if (!r.ok()) return r.status();
    if (h.length < sl::header_size) return decode_status::malformed;
    if (bytes.size() < h.length) return decode_status::need_more;
    header = h;
    packet = bytes.first(h.length);
    return decode_status::ok;
}

void begin_sl_packet(std::vector<std::uint8_t>& out, std::uint8_t type, std::uint16_t flags) {
    writer w(out);
    w.u16(0);
    w.u8(type);
    w.u8(sl::protocol_sqli);
    w.u16(flags);
}

bool finish_sl_packet(std::vector<std::uint8_t>& out) {
    if (out.size() > limits::max_login_packet) return false;
    writer(out).patch_u16(0, static_cast<std::uint16_t>(out.size()));
    return true;
}

}  // namespace ifx::wire
