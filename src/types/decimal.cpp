// ifx::decimal: exact decimal value type.
#include "ifx/decimal.hpp"

#include <charconv>
#include <cmath>
#include <cstring>

#include "ifx/error.hpp"
#include "types/throw.hpp"

namespace ifx {
namespace {

// The most significant digit position Informix can store: base-100 exponent in [-64, 63].
constexpr int min_msd = -128;
constexpr int max_msd = 126;
constexpr int max_exponent_text = 100000;  // bounds exponent parsing long before int overflow

// True when every byte is 0..9; eight bytes at a time, since every decoded DECIMAL passes here.
bool all_digits(const std::uint8_t* p, int n) noexcept {
    constexpr std::uint64_t high = 0x8080808080808080u, to_high = 0x7676767676767676u;
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, p + i, sizeof w);
        // A byte below 0x80 gets its high bit from + 0x76 exactly when it is above 9 (and
        // cannot carry); a byte from 0x80 has it already (its carry only spoils a failed word).
        if (((w | (w + to_high)) & high) != 0) return false;
    }
    for (; i < n; ++i)
        if (p[i] > 9) return false;
    return true;
}

}  // namespace

std::error_code decimal::out_of_range_error() noexcept {
    return errc::out_of_range;
}

void decimal::throw_if_error(std::error_code ec) {
    if (ec) types::throw_error(ec, "decimal");
}

std::error_code decimal::from_parts(bool negative, const std::uint8_t* digits, int count, int scale,
                                    decimal& out) noexcept {
    int first = 0;
    while (first < count && digits[first] == 0) ++first;
    int end = count;
    if (!all_digits(digits + first, count - first)) return errc::invalid_argument;
    decimal d;
    if (first == end) {  // zero keeps a non-negative scale for display ("0.00")
        d.scale_ = static_cast<std::int16_t>(scale < 0 ? 0 : std::min(scale, max_digits));
        out = d;
        return {};
    }
    // Drop trailing zeros only when needed to fit: they carry the scale.
    while (end - first > max_digits && digits[end - 1] == 0) {
        --end;
        --scale;
    }
    const int n = end - first;
    if (n > max_digits) return errc::out_of_range;
    const int msd = n - scale;
    if (msd < min_msd || msd > max_msd) return errc::out_of_range;
    std::memcpy(d.digits_.data(), digits + first, static_cast<std::size_t>(n));
    d.ndigits_ = static_cast<std::uint8_t>(n);
    d.scale_ = static_cast<std::int16_t>(scale);
    d.negative_ = negative;
    out = d;
    return {};
}

void decimal::assign_integer(bool negative, std::uint64_t magnitude) noexcept {
    std::uint8_t buf[20];
    int n = 0;
    do {
        buf[19 - n++] = static_cast<std::uint8_t>(magnitude % 10);
        magnitude /= 10;
    } while (magnitude != 0);
    (void)from_parts(negative, buf + 20 - n, n, 0, *this);
}

decimal decimal::parse(std::string_view text, std::error_code& ec) noexcept {
    ec.clear();
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
    std::uint8_t digits[max_digits];
    int stored = 0, pending_zeros = 0, fraction_digits = 0, seen = 0;
    bool point = false, overflow = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '.' && !point) {
            point = true;
            continue;
        }
        if (c < '0' || c > '9') break;
        ++seen;
        if (point) ++fraction_digits;
        const auto d = static_cast<std::uint8_t>(c - '0');
        if (stored == 0 && d == 0) continue;  // leading zero
        if (d == 0 && stored == max_digits) {
            ++pending_zeros;
            continue;
        }
        if (stored == max_digits || pending_zeros > 0) {
            // A non-zero digit after zeros we could not store: keep them if there is room.
            if (stored + pending_zeros + 1 > max_digits) {
                overflow = true;
                continue;
            }
            while (pending_zeros > 0) {
                digits[stored++] = 0;
                --pending_zeros;
            }
        }
        digits[stored++] = d;
    }
    if (seen == 0) {
        ec = errc::invalid_argument;
        return {};
    }
    int exponent = 0;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool negative_exponent = false;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative_exponent = text[i++] == '-';
        const std::size_t start = i;
        for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i)
            if (exponent < max_exponent_text) exponent = exponent * 10 + (text[i] - '0');
        if (i == start) {
            ec = errc::invalid_argument;
            return {};
        }
        if (negative_exponent) exponent = -exponent;
    }
    if (i != text.size()) {
        ec = errc::invalid_argument;
        return {};
    }
    if (overflow) {
        ec = errc::out_of_range;
        return {};
    }
    decimal out;
    const int scale = fraction_digits - exponent - pending_zeros;
    if (stored == 0) {
        (void)from_parts(false, digits, 0, std::max(scale, 0), out);
        return out;
    }
    if (scale > 32767 || scale < -32767) {
        ec = errc::out_of_range;
        return {};
    }
    ec = from_parts(negative, digits, stored, scale, out);
    return ec ? decimal{} : out;
}

decimal decimal::parse(std::string_view text) {
    std::error_code ec;
    decimal d = parse(text, ec);
    if (ec) types::throw_error(ec, "decimal \"" + std::string(text.substr(0, 64)) + "\"");
    return d;
}

decimal decimal::from_double(double v, std::error_code& ec) noexcept {
    ec.clear();
    if (!std::isfinite(v)) {
        ec = errc::invalid_argument;
        return {};
    }
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
    return parse(std::string_view(buf, static_cast<std::size_t>(res.ptr - buf)), ec);
}

decimal decimal::from_double(double v) {
    std::error_code ec;
    decimal d = from_double(v, ec);
    throw_if_error(ec);
    return d;
}

std::string decimal::to_string() const {
    std::string out;
    if (negative_) out.push_back('-');
    const int n = ndigits_;
    auto digit_char = [this](int i) { return static_cast<char>('0' + digits_[static_cast<std::size_t>(i)]); };
    if (n == 0) {
        out += "0";
        if (scale_ > 0) out += "." + std::string(static_cast<std::size_t>(scale_), '0');
        return out;
    }
    if (scale_ <= 0) {
        for (int i = 0; i < n; ++i) out.push_back(digit_char(i));
        out.append(static_cast<std::size_t>(-scale_), '0');
    } else if (scale_ >= n) {
        out += "0.";
        out.append(static_cast<std::size_t>(scale_ - n), '0');
        for (int i = 0; i < n; ++i) out.push_back(digit_char(i));
    } else {
        for (int i = 0; i < n; ++i) {
            if (i == n - scale_) out.push_back('.');
            out.push_back(digit_char(i));
        }
    }
    return out;
}

double decimal::to_double() const noexcept {
    if (ndigits_ == 0) return 0.0;
    char buf[64];
    int k = 0;
    if (negative_) buf[k++] = '-';
    for (int i = 0; i < ndigits_; ++i)
        buf[k++] = static_cast<char>('0' + digits_[static_cast<std::size_t>(i)]);
    buf[k++] = 'e';
    const auto res = std::to_chars(buf + k, buf + sizeof buf, -static_cast<int>(scale_));
    double v = 0;
    std::from_chars(buf, res.ptr, v);
    return v;
}

std::error_code decimal::to_uint64(std::uint64_t& out) const noexcept {
    if (negative_) return errc::out_of_range;
    const int n = ndigits_;
    const int whole = n - scale_;
    for (int i = std::max(whole, 0); i < n; ++i)
        if (digits_[static_cast<std::size_t>(i)] != 0) return errc::type_mismatch;
    std::uint64_t v = 0;
    for (int i = 0; i < whole; ++i) {
        const std::uint64_t d = i < n ? digits_[static_cast<std::size_t>(i)] : 0;
        if (v > (UINT64_MAX - d) / 10) return errc::out_of_range;
        v = v * 10 + d;
    }
    out = v;
    return {};
}

std::error_code decimal::to_int64(std::int64_t& out) const noexcept {
    decimal magnitude = *this;
    magnitude.negative_ = false;
    std::uint64_t v = 0;
    if (auto ec = magnitude.to_uint64(v)) return ec;
    if (negative_) {
        if (v > static_cast<std::uint64_t>(INT64_MAX) + 1) return errc::out_of_range;
        out = static_cast<std::int64_t>(0 - v);
    } else {
        if (v > static_cast<std::uint64_t>(INT64_MAX)) return errc::out_of_range;
        out = static_cast<std::int64_t>(v);
    }
    return {};
}

int decimal::integer_digits() const noexcept {
    return ndigits_ == 0 ? 0 : std::max(ndigits_ - scale_, 0);
}

int decimal::precision() const noexcept {
    return std::max(integer_digits() + std::max<int>(scale_, 0), 1);
}

decimal decimal::rounded(int scale) const noexcept {
    const int n = ndigits_;
    std::uint8_t buf[max_digits + 1];
    if (scale >= scale_) {
        const int extra = std::min(scale - scale_, max_digits - n);
        for (int i = 0; i < n; ++i) buf[i] = digits_[static_cast<std::size_t>(i)];
        for (int i = 0; i < extra; ++i) buf[n + i] = 0;
        decimal out;
        if (from_parts(negative_, buf, n + extra, scale_ + extra, out)) return *this;
        return out;
    }
    const int keep = n - (scale_ - scale);  // digits kept; may be <= 0
    const bool up = keep >= 0 && keep < n && digits_[static_cast<std::size_t>(keep)] >= 5;
    buf[0] = 0;  // room for a carry
    for (int i = 0; i < keep; ++i) buf[1 + i] = digits_[static_cast<std::size_t>(i)];
    int len = 1 + std::max(keep, 0);
    if (up) {
        int i = len - 1;
        if (keep == 0) {
            buf[len++] = 1;
        } else {
            while (buf[i] == 9) buf[i--] = 0;
            ++buf[i];
        }
    }
    decimal out;
    if (from_parts(negative_, buf, len, scale, out)) return *this;
    return out;
}

std::error_code decimal::fit(int precision, int scale, decimal& out) const noexcept {
    if (precision < 1 || precision > max_digits || scale > precision) return errc::invalid_argument;
    decimal r;
    if (scale < 0) {
        r = ndigits_ > precision ? rounded(scale_ - (ndigits_ - precision)) : *this;
        if (r.ndigits_ > precision) r = r.rounded(r.scale_ - (r.ndigits_ - precision));
    } else {
        r = rounded(scale);
        if (r.integer_digits() > precision - scale) return errc::out_of_range;
    }
    out = r;
    return {};
}

decimal decimal::fit(int precision, int scale) const {
    decimal out;
    throw_if_error(fit(precision, scale, out));
    return out;
}

decimal decimal::operator-() const noexcept {
    decimal d = *this;
    if (ndigits_ != 0) d.negative_ = !negative_;
    return d;
}

int decimal::compare(const decimal& a, const decimal& b) noexcept {
    const int sa = a.is_zero() ? 0 : (a.negative_ ? -1 : 1);
    const int sb = b.is_zero() ? 0 : (b.negative_ ? -1 : 1);
    if (sa != sb) return sa < sb ? -1 : 1;
    if (sa == 0) return 0;
    int magnitude = 0;
    const int pa = a.ndigits_ - a.scale_, pb = b.ndigits_ - b.scale_;
    if (pa != pb) {
        magnitude = pa < pb ? -1 : 1;
    } else {
        const int n = std::max<int>(a.ndigits_, b.ndigits_);
        for (int i = 0; i < n && magnitude == 0; ++i) {
            const int da = i < a.ndigits_ ? a.digits_[static_cast<std::size_t>(i)] : 0;
            const int db = i < b.ndigits_ ? b.digits_[static_cast<std::size_t>(i)] : 0;
            if (da != db) magnitude = da < db ? -1 : 1;
        }
    }
    return sa * magnitude;
}

}  // namespace ifx
