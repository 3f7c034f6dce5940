#include "proto/operation.hpp"

namespace ifx::proto {

std::error_code server_error(const err_msg& err, diagnostics& diag) {
    diag.sqlcode = err.sqlcode;
    diag.isam_code = err.isam_code;
    diag.offset = err.offset;
    diag.server_message = err.message;
    diag.client_message = std::string(message_text(err.sqlcode));
    diag.sqlstate = std::string(sqlstate_for_code(err.sqlcode, err.isam_code));
    return make_server_error(err.sqlcode);
}

std::size_t exchange_op::take_tuples(std::span<const std::uint8_t> in, std::error_code& ec) {
    std::size_t used = 0;
    std::size_t n = 0;
    std::int16_t warning = 0;
    std::span<const std::uint8_t> payload;
    while (whole_tuple(in.subspan(used), warning, payload, n)) {
        server_message msg{tuple_msg{warning, payload}};
        used += n;
        on_message(msg, ec);
        if (ec) break;
    }
    return used;
}

step exchange_op::advance(std::span<const std::uint8_t> in, std::size_t& consumed,
                          std::vector<std::uint8_t>& out, std::error_code& ec, diagnostics& diag) {
    diag_ = &diag;
    consumed = 0;
    if (!started_) {
        started_ = true;
        start(out, ec);
        if (ec) return step::done;
    }
    while (pending_ > 0) {
        if (!session_.trace) {
            consumed += take_tuples(in.subspan(consumed), ec);
            if (ec) return step::done;
        }
        std::size_t n = 0;
        server_message msg;
        const auto status = decode_server_message(in.subspan(consumed), session_.features, msg, n);
        if (status == wire::decode_status::need_more) return step::need_more;
        if (status == wire::decode_status::malformed) {
            session_.broken = true;
            ec = errc::protocol_violation;
            diag.client_message = "malformed or unknown message from the server";
            return step::done;
        }
        if (session_.trace) session_.trace->received(in.subspan(consumed, n));
        consumed += n;
        if (auto* bare = std::get_if<bare_msg>(&msg)) {
            if (bare->tag == wire::tag::exit) {
                session_.broken = true;
                ec = errc::connection_closed;
                diag.client_message = "the server ended the session (SQ_EXIT)";
                return step::done;
            }
            if (bare->tag == wire::tag::eot) {
                on_group_end(group_error_ ? &*group_error_ : nullptr);
                group_error_.reset();
                if (--pending_ == 0) {
                    const auto first_error = std::move(error_);
                    error_.reset();
                    const step s = on_replies(first_error ? &*first_error : nullptr, out, ec);
                    if (ec || s == step::done) return step::done;
                }
            }
            if (bare->tag != wire::tag::close) continue;
        }
        if (std::holds_alternative<cost_msg>(msg)) continue;
        // SQ_XACTSTAT event/level meanings are undocumented (PROTOCOL.md §8.7): transaction state
        // is tracked from the outcome of our own BEGIN/COMMIT/ROLLBACK instead.
        if (std::holds_alternative<xactstat_msg>(msg)) continue;
        if (auto* e = std::get_if<err_msg>(&msg)) {
            if (!group_error_) group_error_ = *e;
            if (!error_) error_ = std::move(*e);
            continue;
        }
        on_message(msg, ec);
        if (ec) return step::done;
    }
    return step::done;
}

}  // namespace ifx::proto
