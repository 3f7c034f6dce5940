// The async driver against a scripted server on a loopback socket: the server replays the reply
// groups of a transcript message by message, and the test cancels the operation at every message
// boundary. After a cancel the connection must be closed (SQLI has no interrupt); after an
// operation that completed first it must still be in sync (the next exchange succeeds).
#include <gtest/gtest.h>

#include <asio/bind_cancellation_slot.hpp>
#include <asio/co_spawn.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>
#include <functional>

#include "ifx/detail/async_run.hpp"
#include "proto/messages.hpp"
#include "proto/statement_ops.hpp"
#include "session/core.hpp"
#include "support/vectors.hpp"

namespace {

using bytes = std::vector<std::uint8_t>;
using asio::ip::tcp;
using namespace std::chrono_literals;
constexpr auto no_throw = asio::experimental::as_tuple(asio::use_awaitable);

// Features of the MSG-039 transcript: no f62/f69, i32 name table (f63).
ifx::proto::session_features transcript_features() {
    ifx::proto::session_features f;
    f.ext_describe = true;
    return f;
}

// Splits reply bytes into messages; every SQ_EOT ends a group.
std::vector<bytes> split_messages(const bytes& all) {
    std::vector<bytes> out;
    std::size_t at = 0;
    while (at < all.size()) {
        ifx::proto::server_message msg;
        std::size_t n = 0;
        const auto st =
            ifx::proto::decode_server_message(std::span(all).subspan(at), transcript_features(), msg, n);
        if (st != ifx::wire::decode_status::ok)
            throw std::runtime_error("bad transcript at " + std::to_string(at));
        out.emplace_back(all.begin() + static_cast<std::ptrdiff_t>(at),
                         all.begin() + static_cast<std::ptrdiff_t>(at + n));
        at += n;
    }
    return out;
}

// Server coroutines must not fail silently.
void rethrow(std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
}

bool is_eot(const bytes& m) {
    return m.size() == 2 && m[0] == 0 && m[1] == 0x0c;
}

// One scripted exchange: the reply messages sent after one client write (which ends in SQ_EOT).
using script = std::vector<std::vector<bytes>>;

// Groups messages into exchanges: `groups_per_exchange[i]` reply groups answer client write i.
script make_script(const std::vector<bytes>& messages, const std::vector<int>& groups_per_exchange) {
    script s;
    std::size_t m = 0;
    for (int groups : groups_per_exchange) {
        s.emplace_back();
        while (groups > 0 && m < messages.size()) {
            s.back().push_back(messages[m]);
            if (is_eot(messages[m++])) --groups;
        }
    }
    return s;
}

std::size_t message_count(const script& s) {
    std::size_t n = 0;
    for (const auto& e : s) n += e.size();
    return n;
}

// A proto operation run as one exchange of a session operation (what the connections do with
// their own operations).
class op_task final : public ifx::detail::single_exchange<void> {
public:
    explicit op_task(std::unique_ptr<ifx::proto::operation> op) : op_(std::move(op)) {}

private:
    ifx::proto::operation* start(ifx::detail::session_core&, std::error_code&, ifx::diagnostics&) override {
        return op_.get();
    }
    std::unique_ptr<ifx::proto::operation> op_;
};

// Opens the session's transport to the scripted server (no login: the transcripts start after it).
class raw_connect final : public ifx::detail::session_op_of<void> {
public:
    explicit raw_connect(std::uint16_t port) : port_(port) {}
    ifx::detail::action next(ifx::detail::session_core& s, std::error_code& ec, ifx::diagnostics&) override {
        if (!started_) {
            started_ = true;
            ifx::detail::action a;
            a.what = ifx::detail::action::kind::connect;
            a.host = &host_;
            a.port = port_;
            a.tls = &tls_;
            return a;
        }
        if (!ec) s.connected = true;
        return ifx::detail::action::finished();
    }

private:
    std::string host_ = "127.0.0.1";
    std::uint16_t port_;
    std::optional<ifx::net::tls_options> tls_;
    bool started_ = false;
};

struct harness {
    asio::io_context io;
    tcp::acceptor acceptor{io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
    std::shared_ptr<ifx::detail::session_core> session =
        std::make_shared<ifx::detail::session_core>(io.get_executor());
    asio::cancellation_signal cancel;
    std::size_t sent = 0;
    std::optional<ifx::proto::tracer> trace;

    harness() {
        std::error_code connected = ifx::errc::not_connected;
        ifx::detail::async_run<void>(io.get_executor(), session,
                                     std::make_unique<raw_connect>(acceptor.local_endpoint().port()), nullptr,
                                     [&](std::error_code ec) { connected = ec; });
        while (connected == ifx::errc::not_connected) io.run_one();
        if (connected) throw std::system_error(connected);
        io.restart();  // the connect used up the io_context's work, which stopped it
        session->state.features = transcript_features();
        if (std::getenv("IFX_TEST_TRACE")) {
            trace.emplace(
                [](std::string_view line) { std::fprintf(stderr, "%.*s\n", int(line.size()), line.data()); });
            session->state.trace = &*trace;
        }
    }

    // Replays `s`; before message number `cancel_before` (counted over the whole script) it lets
    // the client settle and emits a terminal cancellation.
    asio::awaitable<void> serve(std::vector<script> scripts, std::size_t cancel_before) {
        auto [aec, sock] = co_await acceptor.async_accept(no_throw);
        if (aec) co_return;
        sock.set_option(tcp::no_delay(true));
        asio::steady_timer settle(io);
        auto maybe_cancel = [&]() -> asio::awaitable<void> {
            if (sent != cancel_before) co_return;
            settle.expires_after(3ms);
            co_await settle.async_wait(no_throw);
            cancel.emit(asio::cancellation_type::terminal);
        };
        for (const auto& sc : scripts) {
            for (const auto& exchange : sc) {
                bytes request;
                std::array<std::uint8_t, 4096> buf;
                while (request.size() < 2 || request[request.size() - 2] != 0 || request.back() != 0x0c) {
                    auto [ec, n] = co_await sock.async_read_some(asio::buffer(buf), no_throw);
                    if (ec) co_return;
                    request.insert(request.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
                }
                for (const auto& msg : exchange) {
                    co_await maybe_cancel();
                    auto [ec, n] = co_await asio::async_write(sock, asio::buffer(msg), no_throw);
                    if (ec) co_return;
                    ++sent;
                }
            }
        }
        co_await maybe_cancel();
        std::array<std::uint8_t, 256> buf;
        for (;;) {  // until the client closes
            auto [ec, n] = co_await sock.async_read_some(asio::buffer(buf), no_throw);
            if (ec) co_return;
        }
    }

    // Runs op; returns its outcome (the io_context runs until the server and client are done).
    std::error_code run(std::unique_ptr<ifx::proto::operation> op, bool cancellable = true) {
        std::error_code result = ifx::errc::not_connected;
        auto handler = [&](std::error_code ec) { result = ec; };
        auto task = std::make_unique<op_task>(std::move(op));
        if (cancellable)
            ifx::detail::async_run<void>(io.get_executor(), session, std::move(task), nullptr,
                                         asio::bind_cancellation_slot(cancel.slot(), handler));
        else
            ifx::detail::async_run<void>(io.get_executor(), session, std::move(task), nullptr, handler);
        io.restart();
        while (session->busy() || result == ifx::errc::not_connected) io.run_one();
        return result;
    }

    // Runs the SELECT the transcripts answer (read_all, 4096-byte fetch buffer) as one operation.
    std::error_code run_select(ifx::proto::statement_ref& st, ifx::proto::statement_outcome& out) {
        st.sql = "SELECT a, b FROM t";
        return run(std::make_unique<ifx::proto::statement_op>(
            session->state, st, std::span<const ifx::param>{}, ifx::proto::statement_mode::read_all,
            ifx::proto::after_run::release, 4096, out));
    }
    // Runs COMMIT WORK.
    std::error_code run_commit(bool cancellable = true) {
        return run(std::make_unique<ifx::proto::end_transaction_op>(session->state,
                                                                    ifx::proto::transaction_end::commit),
                   cancellable);
    }
    // Closes the client side and lets the scripted server finish.
    void finish() {
        session->close_transport();
        io.run();
    }
};

// From MSG-039 (prepare reply, a row, SQLCODE 100), regrouped the way this client asks:
// PREPARE → DESCRIBE EOT; CURNAME+OPEN+NFETCH → TUPLE EOT (more may follow); NFETCH → ERR 100 EOT
// (the end); CLOSE + RELEASE → EOT, EOT.
std::vector<bytes> select_messages() {
    const auto m = split_messages(ifx::test::vector_by_id("messages.txt", "MSG-039").bytes);
    const bytes& describe = m.at(0);
    const bytes& tuple = m.at(3);
    const bytes& end = m.at(4);
    const bytes eot{0x00, 0x0c};
    return {describe, eot, tuple, eot, end, eot, eot, eot};
}

// COMMIT WORK: SQ_DONE (4-byte row fields) + SQ_EOT.
std::vector<bytes> commit_messages() {
    bytes done = ifx::test::vector_by_id("messages.txt", "MSG-033").bytes;
    return {done, bytes{0x00, 0x0c}};
}

TEST(async_cancel, the_transcripts_run_to_completion_uncancelled) {
    harness h;
    const auto sel = make_script(select_messages(), {1, 1, 1, 2});
    const auto com = make_script(commit_messages(), {1});
    asio::co_spawn(h.io, h.serve({sel, com}, SIZE_MAX), rethrow);
    ifx::proto::statement_ref st;
    ifx::proto::statement_outcome out;
    auto ec = h.run_select(st, out);
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_EQ(st.id, 7);
    EXPECT_EQ(out.rows.rows, 1u);
    EXPECT_TRUE(st.released);
    EXPECT_FALSE(h.session->state.broken);
    ec = h.run_commit();
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_FALSE(h.session->state.broken);
    h.finish();
}

// Cancels prepare → open → fetch → close/release at every message boundary (and before the first
// reply). Each time: aborted and closed, or (cancel after the last message) completed and clean.
TEST(async_cancel, cancelling_a_query_at_every_message_boundary) {
    const auto sel = make_script(select_messages(), {1, 1, 1, 2});
    const auto com = make_script(commit_messages(), {1});
    const std::size_t total = message_count(sel);
    ASSERT_GE(total, 7u);
    for (std::size_t k = 0; k <= total; ++k) {
        SCOPED_TRACE("cancel before reply message " + std::to_string(k));
        harness h;
        asio::co_spawn(h.io, h.serve({sel, com}, k), rethrow);
        ifx::proto::statement_ref st;
        ifx::proto::statement_outcome out;
        auto ec = h.run_select(st, out);
        if (k < total) {
            EXPECT_EQ(ec, asio::error::operation_aborted);
            EXPECT_TRUE(h.session->state.broken);
            EXPECT_FALSE(h.session->transport_open());
            // Nothing more is sent on a cancelled connection.
            auto next = h.run_commit(false);
            EXPECT_EQ(next, ifx::errc::connection_closed);
        } else {
            EXPECT_FALSE(ec) << ec.message();
            EXPECT_FALSE(h.session->state.broken);
            EXPECT_EQ(out.rows.rows, 1u);
            // Still in sync: the next exchange reads its own reply.
            auto next = h.run_commit(false);
            EXPECT_FALSE(next) << next.message();
            EXPECT_FALSE(h.session->state.broken);
        }
        EXPECT_FALSE(h.session->busy());
        h.finish();
    }
}

TEST(async_cancel, cancelling_a_commit_at_every_message_boundary) {
    const auto com = make_script(commit_messages(), {1});
    for (std::size_t k = 0; k <= message_count(com); ++k) {
        SCOPED_TRACE("cancel before reply message " + std::to_string(k));
        harness h;
        asio::co_spawn(h.io, h.serve({com}, k), rethrow);
        auto ec = h.run_commit();
        if (k < message_count(com)) {
            EXPECT_EQ(ec, asio::error::operation_aborted);
            EXPECT_TRUE(h.session->state.broken);
        } else {
            EXPECT_FALSE(ec) << ec.message();
            EXPECT_FALSE(h.session->state.broken);
        }
        h.finish();
    }
}

TEST(async_cancel, a_reply_split_at_every_byte_gives_the_same_result) {
    // The driver feeds partial messages to the state machine: deliver the SELECT replies one byte
    // per write.
    std::vector<bytes> one_byte;
    for (const auto& m : select_messages())
        for (auto b : m) one_byte.push_back({b});
    // Exchanges by bytes: count the bytes of each group from the message split.
    const auto sel = make_script(select_messages(), {1, 1, 1, 2});
    script bytewise;
    std::size_t at = 0;
    for (const auto& exchange : sel) {
        bytewise.emplace_back();
        for (const auto& m : exchange)
            for (std::size_t i = 0; i < m.size(); ++i) bytewise.back().push_back(one_byte[at++]);
    }
    harness h;
    asio::co_spawn(h.io, h.serve({bytewise}, SIZE_MAX), rethrow);
    ifx::proto::statement_ref st;
    ifx::proto::statement_outcome out;
    auto ec = h.run_select(st, out);
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_EQ(out.rows.rows, 1u);
    h.finish();
}

TEST(async_cancel, a_stale_statement_is_prepared_again_inside_the_composite) {
    // Open answers -710 (the table was altered): the composite releases the old id, prepares the
    // SQL again and reruns the query, all in one operation.
    const auto sel = select_messages();
    const bytes stale{0x00, 0x0d, 0xfd, 0x3a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};  // SQ_ERR -710
    const bytes eot{0x00, 0x0c};
    std::vector<bytes> messages{sel[0], eot, stale, eot, eot};  // prepare; open fails; release
    messages.insert(messages.end(), sel.begin(), sel.end());    // prepare again; the whole query
    harness h;
    asio::co_spawn(h.io, h.serve({make_script(messages, {1, 1, 1, 1, 1, 1, 2})}, SIZE_MAX), rethrow);
    ifx::proto::statement_ref st;
    ifx::proto::statement_outcome out;
    auto ec = h.run_select(st, out);
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_TRUE(out.reprepared);
    EXPECT_EQ(out.rows.rows, 1u);
    EXPECT_TRUE(st.released);
    EXPECT_FALSE(h.session->state.broken);
    h.finish();
}

TEST(async_cancel, a_second_operation_fails_fast_and_leaves_the_first_alone) {
    harness h;
    const auto com = make_script(commit_messages(), {1});
    asio::co_spawn(h.io, h.serve({com}, SIZE_MAX), rethrow);
    std::error_code first = ifx::errc::not_connected, second = ifx::errc::not_connected;
    ifx::detail::async_run<void>(h.io.get_executor(), h.session,
                                 std::make_unique<op_task>(std::make_unique<ifx::proto::end_transaction_op>(
                                     h.session->state, ifx::proto::transaction_end::commit)),
                                 nullptr, [&](std::error_code ec) { first = ec; });
    ifx::diagnostics diag;
    ifx::detail::async_run<void>(h.io.get_executor(), h.session,
                                 std::make_unique<op_task>(std::make_unique<ifx::proto::end_transaction_op>(
                                     h.session->state, ifx::proto::transaction_end::rollback)),
                                 &diag, [&](std::error_code ec) { second = ec; });
    EXPECT_EQ(second, ifx::errc::not_connected);  // never completes inside the initiating call
    // run_one returns 0 once nothing is left to run: then the first operation never completes.
    while (first == ifx::errc::not_connected && h.io.run_one() != 0) {
    }
    EXPECT_EQ(second, ifx::errc::operation_in_progress);
    ASSERT_NE(first, ifx::errc::not_connected) << "the first operation never completed";
    EXPECT_FALSE(first) << first.message();
    EXPECT_FALSE(diag.client_message.empty());
    EXPECT_FALSE(h.session->state.broken);
    h.finish();
}

}  // namespace
