#pragma once
// A growable receive buffer: bytes are appended at the back and consumed from the front.
#include <algorithm>
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
    byte_buffer() = default;
    byte_buffer(const byte_buffer&) = delete;
    byte_buffer& operator=(const byte_buffer&) = delete;

    std::span<const std::uint8_t> data() const noexcept { return {buf_->data() + start_, end_ - start_}; }
    std::size_t size() const noexcept { return end_ - start_; }
    void consume(std::size_t n) noexcept {
        start_ += n;
        if (start_ == end_ && !lent_) start_ = end_ = 0;
    }
    /// Writable space of at least n bytes at the back (compacting or growing as needed).
    std::span<std::uint8_t> prepare(std::size_t n) {
        if (buf_->size() - end_ < n) {
            if (start_ > 0 && !lent_) {
                std::copy(buf_->begin() + static_cast<std::ptrdiff_t>(start_),
                          buf_->begin() + static_cast<std::ptrdiff_t>(end_), buf_->begin());
                end_ -= start_;
                start_ = 0;
            }
            if (buf_->size() - end_ < n) buf_->resize(std::max(end_ + n, lent_ ? 2 * buf_->size() : 0));
        }
        return {buf_->data() + end_, buf_->size() - end_};
    }
    void commit(std::size_t n) noexcept { end_ += n; }
    void clear() noexcept { start_ = end_ = 0; }

    /// Receives into `storage` from now on, from its first byte (after the bytes not yet
    /// consumed, which move there), until give_back(): what arrives stays where it landed (never
    /// compacted; growth may move the whole vector, so positions are offsets from storage.data()).
    /// Lets a fetch keep its rows in the bytes received (cells point into them) and hand them to
    /// its batch without a copy.
    void lend(std::vector<std::uint8_t>& storage) {
        const std::size_t left = end_ - start_;
        if (storage.size() < left) storage.resize(left);
        std::copy(buf_->begin() + static_cast<std::ptrdiff_t>(start_),
                  buf_->begin() + static_cast<std::ptrdiff_t>(end_), storage.begin());
        buf_ = &storage;
        start_ = 0;
        end_ = left;
        lent_ = true;
    }
    /// Back to the buffer's own storage; bytes not yet consumed move with it.
    void give_back() {
        if (!lent_) return;
        const std::size_t left = end_ - start_;
        if (own_.size() < left) own_.resize(left);  // never shrunk: no refill of the read space
        std::copy(buf_->begin() + static_cast<std::ptrdiff_t>(start_),
                  buf_->begin() + static_cast<std::ptrdiff_t>(end_), own_.begin());
        start_ = 0;
        end_ = left;
        buf_ = &own_;
        lent_ = false;
    }

private:
    std::vector<std::uint8_t> own_;
    std::vector<std::uint8_t>* buf_ = &own_;
    std::size_t start_ = 0;
    std::size_t end_ = 0;
    bool lent_ = false;
};

}  // namespace ifx::net
