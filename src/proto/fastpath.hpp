#pragma once
// Fast-path routine calls (PROTOCOL.md §7.13; layouts and grades in docs/protocol.md "Fast-path
// routine calls"): SQ_GETROUTINE resolves a routine signature to a handle, SQ_EXFPROUTINE executes
// it with SQ_BIND-style arguments, SQ_FPROUTINE carries the results. IDS exposes the smart-LOB
// routines JDBC uses (ifx_lo_create, ifx_lo_open, ifx_lo_close, ifx_lo_seek, ...) this way.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ifx/param.hpp"
#include "proto/operation.hpp"

namespace ifx::proto {

/// One argument of a fast-path call. Views: the bytes must outlive the operation.
struct fp_arg {
    enum class kind : std::uint8_t { integer, int8, udt, value };
    kind type = kind::integer;
    std::int64_t number = 0;                // integer, int8
    std::string_view type_name;             // udt: the extended type's name ("blob")
    std::span<const std::uint8_t> content;  // udt: its bytes
    const ifx::param* value = nullptr;      // value: a statement parameter, sent as SQ_BIND sends it

    static fp_arg integer(std::int32_t v) { return {kind::integer, v, {}, {}, nullptr}; }
    static fp_arg int8(std::int64_t v) { return {kind::int8, v, {}, {}, nullptr}; }
    static fp_arg udt(std::string_view name, std::span<const std::uint8_t> data) {
        return {kind::udt, 0, name, data, nullptr};
    }
    /// A parameter value as SQ_BIND encodes it (a smart-LOB locator as the UDT `blob`); BYTE and
    /// TEXT content cannot be sent (errc::not_supported).
    static fp_arg of(const ifx::param& p) { return {kind::value, 0, {}, {}, &p}; }
};

/// One returned value, copied out of the reply.
struct fp_result {
    std::int16_t type = 0;       // the type word (base type in the low byte)
    std::string type_name;       // extended types only
    std::int16_t precision = 0;  // the prec word: DECIMAL (p << 8 | s), DATETIME/INTERVAL qualifier
    bool null = false;
    std::vector<std::uint8_t> data;  // as decoded by proto::fp_value

    /// The value as an integer: SMALLINT, INTEGER, SERIAL, INT8, SERIAL8, BIGINT, BIGSERIAL.
    /// False for NULL, other types or an INT8 beyond the int64 range.
    bool to_integer(std::int64_t& out) const noexcept;
};

/// `SQ_GETROUTINE u8 0 i32 len signature [pad] i16 0 SQ_EOT` (the odd u8 as published, grade C).
void encode_getroutine(std::string_view signature, std::vector<std::uint8_t>& out);
/// `SQ_EXFPROUTINE CHAR database i32 handle i16 nargs i16 0 [SQ_BIND i16 nargs values] SQ_EOT`,
/// text converted to `cs`. On an argument that cannot be encoded, `out` is left as it was and the
/// error returned (`why` names the argument).
std::error_code encode_exfproutine(const routine_handle& routine, std::span<const fp_arg> args, codeset cs,
                                   std::vector<std::uint8_t>& out, std::string* why = nullptr);

/// Calls the routine named by `signature` (e.g. "function informix.ifx_lo_close(integer)"):
/// resolves it first unless the session's cache (session_state::routines) holds its handle, then
/// executes it. A server error leaves the stream usable and drops the cached handle (it may be
/// stale: the next call resolves again).
class fastpath_op final : public exchange_op {
public:
    fastpath_op(session_state& s, std::string_view signature, std::span<const fp_arg> args,
                std::vector<fp_result>& results)
        : exchange_op(s), signature_(signature), args_(args), results_(results) {}

private:
    void start(std::vector<std::uint8_t>& out, std::error_code& ec) override;
    void on_message(server_message& msg, std::error_code& ec) override;
    step on_replies(const err_msg* err, std::vector<std::uint8_t>& out, std::error_code& ec) override;
    void execute(std::vector<std::uint8_t>& out, std::error_code& ec);
    void violation(std::error_code& ec, const char* what);

    std::string_view signature_;
    std::span<const fp_arg> args_;
    std::vector<fp_result>& results_;
    bool resolving_ = false;
    bool replied_ = false;
    routine_handle routine_;
};

}  // namespace ifx::proto
