#pragma once
// A growable receive buffer: bytes are appended at the back and consumed from the front.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace ifx::net {

/// Free space offered to each socket read: room for a whole default fetch reply (32 KiB and its
/// framing), so that a reply already sent arrives in one read.
inline constexpr std::size_t read_chunk = 64 * 1024;

class byte_buffer {
public:
    std::span<const std::uint8_t> data() const noexcept { return {buf_.data() + start_, end_ - start_}; }
    std::size_t size() const noexcept { return end_ - start_; }
    void consume(std::size_t n) noexcept {
        start_ += n;
        if (start_ == end_) start_ = end_ = 0;
    }
    /// Writable space of at least n bytes at the back (compacting or growing as needed).
    std::span<std::uint8_t> prepare(std::size_t n) {
        if (buf_.size() - end_ < n) {
            if (start_ > 0) {
                std::copy(buf_.begin() + static_cast<std::ptrdiff_t>(start_),
                          buf_.begin() + static_cast<std::ptrdiff_t>(end_), buf_.begin());
                end_ -= start_;
                start_ = 0;
            }
            if (buf_.size() - end_ < n) buf_.resize(end_ + n);
        }
        return {buf_.data() + end_, buf_.size() - end_};
    }
    void commit(std::size_t n) noexcept { end_ += n; }
    void clear() noexcept { start_ = end_ = 0; }

private:
    std::vector<std::uint8_t> buf_;
    std::size_t start_ = 0;
    std::size_t end_ = 0;
};

}  // namespace ifx::net
