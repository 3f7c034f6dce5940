#pragma once
// The recorder's work on one session, without sockets: the bytes each side sends are cut into
// records (the login packet or reply, then one record per message group; what cannot be read as
// messages is kept until the other side speaks and recorded raw), and each record is protected
// (protect()) before anyone sees it.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "capture.hpp"
#include "session_decoder.hpp"

namespace ifx::cap {

class record_cutter {
public:
    record_cutter(int session, bool redact_values) : session_(session), redact_(redact_values) {}
    /// Bytes that arrived from one side at `time_us`: the records they complete, in order.
    std::vector<record> received(direction d, std::span<const std::uint8_t> bytes, std::int64_t time_us);
    /// The session has ended: what is left, as records.
    std::vector<record> finish(std::int64_t time_us);

private:
    void cut(direction d, std::int64_t time_us, std::vector<record>& out);
    void flush(direction d, std::int64_t time_us, std::vector<record>& out);
    // A turn of a direction recorded raw (undecodable from some point on) or cut into groups.
    enum class cut_as { groups, raw };
    record emit(direction d, std::span<const std::uint8_t> bytes, std::int64_t time_us, cut_as how);

    int session_;
    bool redact_;
    session_decoder decoder_;
    std::array<std::vector<std::uint8_t>, 2> pending_;
    std::array<bool, 2> raw_{false, false};
    std::array<std::size_t, 2> resume_{0, 0};  // how far the next record's messages were framed
    bool client_spoke_ = false;
};

}  // namespace ifx::cap
