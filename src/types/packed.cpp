#include "types/packed.hpp"

namespace ifx::types {
namespace {

// Floor division for the pair index of a (possibly negative) digit weight.
int floor_div2(int v) noexcept {
    return v >= 0 ? v / 2 : -((1 - v) / 2);
}

}  // namespace

int packed_number::digit_at(int weight) const noexcept {
    // Pair i holds weights 2(exponent-1-i)+1 and 2(exponent-1-i).
    const int i = exponent - 1 - floor_div2(weight);
    if (i < 0 || static_cast<std::size_t>(i) >= count) return 0;
    const int pair = pairs[static_cast<std::size_t>(i)];
    return (weight - 2 * floor_div2(weight)) == 1 ? pair / 10 : pair % 10;
}

codec_status unpack(std::span<const std::uint8_t> bytes, packed_number& out) noexcept {
    if (bytes.empty()) return codec_status::malformed;
    const std::uint8_t head = bytes[0];
    out.negative = (head & 0x80) == 0;
    out.exponent = (out.negative ? (head & 0x7f) ^ 0x7f : head & 0x7f) - 64;
    const auto digits = bytes.subspan(1);
    std::size_t last = digits.size();
    while (last > 0 && digits[last - 1] == 0) --last;
    if (last > max_packed_pairs) return codec_status::malformed;
    for (std::size_t i = 0; i < last; ++i) {
        int d = digits[i];
        // Base-100 complement from the least significant non-zero digit (pitfall 25).
        if (out.negative) d = (i + 1 == last ? 100 : 99) - d;
        if (d < 0 || d > 99) return codec_status::malformed;
        out.pairs[i] = static_cast<std::uint8_t>(d);
    }
    out.count = last;
    while (out.count > 0 && out.pairs[out.count - 1] == 0) --out.count;
    if (out.count == 0) out.negative = false;  // -0 is 0
    return codec_status::ok;
}

bool pack(const packed_number& n, std::span<std::uint8_t> out) noexcept {
    if (out.empty() || n.count + 1 > out.size()) return false;
    for (auto& b : out) b = 0;
    if (n.count == 0) {
        out[0] = 0x80;  // zero (§9.5)
        return true;
    }
    if (n.exponent < -64 || n.exponent > 63) return false;
    const auto biased = static_cast<std::uint8_t>(n.exponent + 64);
    out[0] = n.negative ? static_cast<std::uint8_t>(biased ^ 0x7f) : static_cast<std::uint8_t>(0x80 | biased);
    for (std::size_t i = 0; i < n.count; ++i) {
        const int d = n.pairs[i];
        out[1 + i] = static_cast<std::uint8_t>(n.negative ? (i + 1 == n.count ? 100 : 99) - d : d);
    }
    return true;
}

bool packed_from_digits(bool negative, const std::uint8_t* digits, int count, int point,
                        packed_number& out) noexcept {
    int first = 0;
    while (first < count && digits[first] == 0) ++first;
    int end = count;
    while (end > first && digits[end - 1] == 0) --end;
    out = packed_number{};
    if (first == end) return true;  // zero
    // Position of the most significant digit: the value is 0.d… × 10^msd.
    const int msd = point - first;
    out.exponent = floor_div2(msd + 1);
    const int lead = 2 * out.exponent - msd;  // 0 or 1 zero digits before the first digit
    const int total = lead + (end - first);
    const auto pairs = static_cast<std::size_t>((total + 1) / 2);
    if (pairs > max_packed_pairs) return false;
    for (int k = 0; k < total; ++k) {
        const int d = k < lead ? 0 : digits[first + k - lead];
        auto& p = out.pairs[static_cast<std::size_t>(k / 2)];
        p = static_cast<std::uint8_t>(k % 2 == 0 ? d * 10 : p + d);
    }
    out.count = pairs;
    out.negative = negative;
    return true;
}

}  // namespace ifx::types
