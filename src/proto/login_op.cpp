// The login exchange: the login packet, SQ_PROTOCOLS, the PAM conversation and SQ_INFO
// (PROTOCOL.md §3–5.2, §7.15).
#include <optional>
#include <string>

#include "proto/op_support.hpp"
#include "proto/ops.hpp"
#include "wire/limits.hpp"
#include "wire/reader.hpp"
#include "wire/writer.hpp"

namespace ifx::proto {
namespace {

// IBM's text for a login's service error, with the user name in place of the word that stands for
// it ("User username is not known…" for -951).
std::string login_rejection_text(int service_error, const std::string& user) {
    std::string text(message_text(service_error));
    constexpr std::string_view placeholder = "username";
    if (const auto at = text.find(placeholder); at != std::string::npos && !user.empty())
        text.replace(at, placeholder.size(), user);
    return text;
}

}  // namespace

// ---- login -------------------------------------------------------------------------------------

step login_op::advance(std::span<const std::uint8_t> in, std::size_t& consumed,
                       std::vector<std::uint8_t>& out, std::error_code& ec, diagnostics& diag) {
    consumed = 0;
    auto fail = [&](std::error_code code, std::string message) {
        session_.broken = true;
        ec = code;
        diag.client_message = std::move(message);
        return step::done;
    };
    // Traces whatever the stage below consumed.
    struct trace_consumed {
        const session_state& s;
        std::span<const std::uint8_t> in;
        std::size_t& consumed;
        ~trace_consumed() {
            if (s.trace && consumed > 0) s.trace->received(in.first(consumed));
        }
    } tracing{session_, in, consumed};
    switch (stage_) {
        case stage::send_login:
            if (!encode_login(request_, out)) return fail(errc::invalid_argument, "login packet too large");
            stage_ = stage::login_reply;
            return step::need_more;
        case stage::login_reply: {
            const auto st = decode_login_reply(in, reply_, consumed);
            if (st == wire::decode_status::need_more) return step::need_more;
            if (st == wire::decode_status::malformed)
                return fail(errc::protocol_violation, "malformed login reply");
            if (!reply_.accepted()) {
                diag.sqlcode = reply_.service_error;
                diag.isam_code = reply_.os_error;
                diag.sqlstate = std::string(sqlstate_of(errc::login_rejected, diag));
                if (!reply_.messages.empty()) diag.server_message = reply_.messages.front();
                if (reply_.sl_type == wire::sl::redirect)
                    return fail(errc::not_supported, "the server redirected the login to " + reply_.redirect);
                const std::string text = login_rejection_text(reply_.service_error, request_.user);
                return fail(errc::login_rejected, "login rejected" + (text.empty() ? "" : ": " + text));
            }
            encode_protocols_offer(out);
            stage_ = stage::protocols_reply;
            return step::need_more;
        }
        case stage::protocols_reply: {
            std::vector<std::uint8_t> mask;
            const auto st = decode_protocols_reply(in, mask, consumed);
            if (st == wire::decode_status::need_more) return step::need_more;
            if (st == wire::decode_status::malformed)
                return fail(errc::protocol_violation, "malformed SQ_PROTOCOLS reply");
            session_.features = session_features::from_reply(mask);
            if (session_.features.pam) {
                if (!request_.pam)
                    return fail(errc::not_supported,
                                "the server requires PAM authentication: set connect_params.pam_handler");
                wire::writer w(out);  // SQ_ACK starts the conversation (§7.15)
                w.put(wire::tag::ack);
                w.put(wire::tag::eot);
                stage_ = stage::pam;
                return step::need_more;
            }
            encode_info(out);
            stage_ = stage::info_reply;
            return step::need_more;
        }
        case stage::pam:
            return pam_round(in, consumed, out, ec, diag);
        case stage::info_reply: {
            wire::reader r(in);
            const std::int16_t t = r.i16();
            if (!r.ok()) return step::need_more;
            if (t != static_cast<std::int16_t>(wire::tag::eot))
                return fail(errc::protocol_violation, "unexpected reply to SQ_INFO");
            consumed = 2;
            return step::done;
        }
    }
    return step::done;
}

// One PAM message from the server (§7.15, [LG] layout): a challenge, SQ_ACCEPT or SQ_EXIT, each
// ended by SQ_EOT. Bounded: at most 16 challenges, answers of at most 512 bytes.
step login_op::pam_round(std::span<const std::uint8_t> in, std::size_t& consumed,
                         std::vector<std::uint8_t>& out, std::error_code& ec, diagnostics& diag) {
    constexpr int max_rounds = 16;
    constexpr std::size_t max_answer = 512;
    auto fail = [&](std::error_code code, std::string message) {
        session_.broken = true;
        ec = code;
        diag.client_message = std::move(message);
        return step::done;
    };
    for (;;) {
        wire::reader r(in.subspan(consumed));
        const auto t = static_cast<wire::tag>(r.i16());
        if (t == wire::tag::accept || t == wire::tag::exit) {
            if (r.i16() != static_cast<std::int16_t>(wire::tag::eot)) r.fail();
            if (!r.ok())
                return r.status() == wire::decode_status::need_more
                           ? step::need_more
                           : fail(errc::protocol_violation, "malformed PAM reply");
            consumed += r.position();
            if (t == wire::tag::exit) {
                wire::writer w(out);
                w.put(wire::tag::exit);
                w.put(wire::tag::eot);
                return fail(errc::login_rejected, "PAM authentication failed");
            }
            encode_info(out);
            stage_ = stage::info_reply;
            return step::need_more;
        }
        if (t != wire::tag::challenge) {
            if (!r.ok()) return step::need_more;
            return fail(errc::protocol_violation, "unexpected message in the PAM conversation");
        }
        pam_challenge challenge;
        std::size_t size = 0;
        auto st = decode_pam_challenge(in.subspan(consumed), challenge, size);
        if (st == wire::decode_status::ok) {
            wire::reader end(in.subspan(consumed + size));
            if (end.i16() != static_cast<std::int16_t>(wire::tag::eot)) end.fail();
            st = end.status();
        }
        if (st != wire::decode_status::ok)
            return st == wire::decode_status::need_more
                       ? step::need_more
                       : fail(errc::protocol_violation, "malformed PAM challenge");
        consumed += size + 2;
        const int style = challenge.style;
        const std::string& prompt = challenge.prompt;
        if (++pam_rounds_ > max_rounds) return fail(errc::protocol_violation, "too many PAM challenges");
        auto answer = request_.pam(style, prompt);
        struct wipe_answer {  // a PAM answer is usually a password
            std::optional<std::string>& a;
            ~wipe_answer() {
                if (a) wipe_secret(*a);
            }
        } wiping{answer};
        if (style == pam_style::error_msg || style == pam_style::text_info) continue;  // no reply
        if (style != pam_style::prompt_echo_off && style != pam_style::prompt_echo_on)
            return fail(errc::protocol_violation, "unknown PAM message style " + std::to_string(style));
        if (!answer) {
            wire::writer w(out);
            w.put(wire::tag::exit);
            w.put(wire::tag::eot);
            return fail(errc::login_rejected, "the PAM conversation was abandoned");
        }
        if (answer->size() > max_answer)
            return fail(errc::invalid_argument, "PAM answer longer than 512 bytes");
        wire::writer w(out);
        w.put(wire::tag::response);
        w.sqli_char(*answer);
        w.put(wire::tag::eot);
        return step::need_more;
    }
}

}  // namespace ifx::proto
