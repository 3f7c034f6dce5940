#pragma once
// The protocol features negotiated with SQ_PROTOCOLS that change field widths (PROTOCOL.md §1.1).
#include <cstdint>
#include <span>

#include "wire/features.hpp"

namespace ifx::proto {

struct session_features {
    bool pam = false;           // f44: the server runs a PAM conversation after SQ_PROTOCOLS
    bool bigint = false;        // f54: SQ_INSERTDONE carries an 8-byte BIGSERIAL
    bool long_sql = false;      // f62: i32 SQL length and SQ_ERR offset
    bool ext_describe = false;  // f63: i32 name-table length in SQ_DESCRIBE
    bool large_tuple = false;   // f69: i32 tuple size in SQ_DESCRIBE
    bool long_rowid = false;    // f70: i64 rows / rowid in SQ_DONE
    // The NFETCH/SFETCH buffer field is i32 with every modern offer; the feature that switches
    // it is unidentified (PROTOCOL.md §1.1, grade B), so it follows f62 here (docs/protocol.md).
    bool long_fetch_buffer() const noexcept { return long_sql; }

    static session_features from_reply(std::span<const std::uint8_t> mask) noexcept {
        namespace n = wire::feature;
        session_features f;
        f.pam = wire::has_feature(mask, n::pam);
        f.bigint = wire::has_feature(mask, n::bigint);
        f.long_sql = wire::has_feature(mask, n::long_sql);
        f.ext_describe = wire::has_feature(mask, n::ext_describe);
        f.large_tuple = wire::has_feature(mask, n::large_tuple);
        f.long_rowid = wire::has_feature(mask, n::long_rowid);
        return f;
    }
};

}  // namespace ifx::proto
