// The client reading an arbitrary server byte stream: the login, then a prepare, an open with
// its first fetch (and SQ_FETCHBLOBs), further fetches, execute, execute_many, close/release,
// commit, smart-LOB read and write, and exit, each operation consuming what the previous one
// left. Whatever the bytes, every operation must end in need-more, done or a clean error: no
// crash, no unbounded allocation, no hang.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "proto/cursor_ops.hpp"
#include "proto/fastpath.hpp"
#include "proto/lob_ops.hpp"
#include "proto/ops.hpp"

namespace {

using namespace ifx::proto;

// Runs op over the remaining input; false when the input ran out (the stream would wait).
bool drive(operation& op, std::span<const std::uint8_t>& in) {
    std::vector<std::uint8_t> out;
    std::error_code ec;
    ifx::diagnostics diag;
    for (int guard = 0; guard < 1 << 16; ++guard) {
        std::size_t consumed = 0;
        const step s = op.advance(in, consumed, out, ec, diag);
        if (consumed > in.size()) __builtin_trap();
        in = in.subspan(consumed);
        if (s == step::done || ec) return true;
        if (consumed == 0) return false;  // needs bytes the input does not have
    }
    __builtin_trap();  // an operation that keeps consuming without finishing
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    session_state s;
    std::span<const std::uint8_t> in(data + 1, size - 1);
    const std::uint8_t flags = data[0];  // the negotiated widths, so every layout variant is reached
    s.features.long_sql = flags & 1;
    s.features.ext_describe = flags & 2;
    s.features.large_tuple = flags & 4;
    s.features.long_rowid = flags & 8;
    s.features.bigint = flags & 16;
    s.text = flags & 32 ? ifx::codeset::iso_8859_1 : ifx::codeset::utf8;

    if (flags & 64) {
        login_request req;
        req.user = "u";
        req.password = "p";
        req.server = "s";
        req.pam = [](int, std::string_view) -> std::optional<std::string> { return "x"; };
        login_op login(s, req);
        if (!drive(login, in)) return 0;
        s.broken = false;
    }
    describe_msg described;
    prepare_op prepare(s, "SELECT a, b FROM t WHERE c = ?", 1, described);
    if (!drive(prepare, in)) return 0;
    const ifx::param params[] = {1, "two"};
    row_batch rows;
    fetch_target target{.columns = described.columns, .batch = rows, .append = true};
    fetch_rows_op open(s, described.statement_id, 4096, target,
                       cursor_open{.name = "_ifxc0000000000001", .params = std::span(params, 1)});
    if (!drive(open, in)) return 0;
    for (int i = 0; i < 4 && !target.exhausted; ++i) {
        fetch_rows_op fetch(s, described.statement_id, 4096, target);
        if (!drive(fetch, in)) return 0;
    }
    // Every stored row must be readable as text without crashing.
    for (std::size_t r = 0; r < rows.rows; ++r) {
        ifx::rows_view view(described.columns, &rows);
        for (std::size_t c = 0; c < described.columns.size(); ++c) {
            std::string text;
            (void)view[r].get(c, text);
            std::vector<std::byte> content;  // BYTE/TEXT content fetched with the row
            (void)view[r].get(c, content);
        }
    }
    exec_summary summary;
    execute_op exec(s, 3, params, after_run::release, summary);
    if (!drive(exec, in)) return 0;
    batch_summary batch;
    execute_many_op many(s, 3, params, 1, 0, batch);
    if (!drive(many, in)) return 0;
    free_op release(s, free_request{.id = 3, .close = true, .release = true});
    if (!drive(release, in)) return 0;
    end_transaction_op commit(s, transaction_end::commit);
    if (!drive(commit, in)) return 0;
    std::vector<std::uint8_t> lob(100);
    std::size_t got = 0;
    lo_read_op read(s, 1, lob, got);
    if (!drive(read, in)) return 0;
    if (got > lob.size()) __builtin_trap();
    lo_write_op write(s, 1, lob, got);
    if (!drive(write, in)) return 0;
    // A fast-path call twice: resolve + execute, then by the cached handle (if the first worked).
    const fp_arg args[] = {fp_arg::integer(1), fp_arg::int8(-2),
                           fp_arg::udt("blob", std::span(lob).first(72))};
    for (int i = 0; i < 2; ++i) {
        std::vector<fp_result> results;
        fastpath_op call(s, "function informix.ifx_lo_seek(integer,int8,integer)", args, results);
        if (!drive(call, in)) return 0;
        std::int64_t v = 0;
        for (const auto& r : results) (void)r.to_integer(v);
    }
    exit_op bye(s);
    (void)drive(bye, in);
    return 0;
}
