#pragma once
// Field widths selected by the negotiated SQ_PROTOCOLS features (PROTOCOL.md §1.1). Before the
// negotiation every feature is off (the legacy widths apply).
#include <cstdint>
#include <span>

#include "wire/features.hpp"

namespace ifx::lite {

struct widths {
    bool bigint = false;        ///< f54: SQ_INSERTDONE carries the BIGSERIAL value
    bool long_sql = false;      ///< f62: i32 SQL length and SQ_ERR offset
    bool ext_describe = false;  ///< f63: i32 name-table length, full per-column prefix
    bool large_tuple = false;   ///< f69: i32 tuple size in SQ_DESCRIBE
    bool long_rowid = false;    ///< f70: i64 rows / rowid in SQ_DONE
    bool nfetch_i32 = false;    ///< i32 NFETCH buffer size

    /// Widths implied by the server's SQ_PROTOCOLS reply mask.
    static widths from_reply(std::span<const std::uint8_t> mask) {
        widths w;
        w.bigint = wire::has_feature(mask, wire::feature::bigint);
        w.long_sql = wire::has_feature(mask, wire::feature::long_sql);
        w.ext_describe = wire::has_feature(mask, wire::feature::ext_describe);
        w.large_tuple = wire::has_feature(mask, wire::feature::large_tuple);
        w.long_rowid = wire::has_feature(mask, wire::feature::long_rowid);
        // The feature behind the i32 NFETCH buffer is unidentified (§1.1): JDBC offers of 8 and 9
        // bytes get it, the 7-byte offer does not. Key it on the reply carrying byte 7 (grade C).
        w.nfetch_i32 = mask.size() >= 8;
        return w;
    }
};

}  // namespace ifx::lite
