#pragma once
/// @file
/// Internal: the composed operation behind every async_ call of the async connection and the
/// objects it makes. It runs one session operation (ifx/detail/session_op.hpp) of the session core
/// the sync connection runs too; only the waiting differs.
#include "ifx/detail/asio_config.hpp"  // first: before any Asio header

#include <asio/any_io_executor.hpp>
#include <asio/associated_executor.hpp>
#include <asio/async_result.hpp>
#include <asio/compose.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <asio/system_executor.hpp>
#include <memory>
#include <system_error>
#include <type_traits>
#include <utility>

#include "ifx/detail/session_op.hpp"
#include "ifx/error.hpp"

namespace ifx::detail {

// The non-template engine (src/async/async_engine.cpp).
std::error_code async_begin(session_core* s, session_op& op);
bool async_step(session_core& s, std::error_code& ec);
std::error_code async_abort(session_core& s);
asio::steady_timer& async_wakeup(session_core& s);
diagnostics async_take_diagnostics(session_core& s);

/// Passes a session operation's value on unchanged.
struct same_value {
    template <class T>
    T operator()(T&& value, std::error_code&, diagnostics&) const {
        return std::forward<T>(value);
    }
};

template <class T>
struct async_signature_of {
    using type = void(std::error_code, T);
};
template <>
struct async_signature_of<void> {
    using type = void(std::error_code);
};
template <class T>
using async_signature = typename async_signature_of<T>::type;

/// The composed operation: starts the session operation (failing fast with
/// operation_in_progress when another runs), then sleeps on the session's wake-up timer, which
/// I/O completions cancel and whose expiry is the current action's deadline. Terminal
/// cancellation arrives through the timer wait's cancellation slot. `Finish` turns the operation's
/// value into the completion's (query<T...>: the rows into tuples), and may fail it.
template <class T, class Out, class Finish>
struct async_run_op {
    async_run_op(std::shared_ptr<session_core> session, std::unique_ptr<session_op_of<T>> op, diagnostics* d,
                 Finish f)
        : s(std::move(session)), task(std::move(op)), diag(d), finish_value(std::move(f)) {}
    std::shared_ptr<session_core> s;
    std::unique_ptr<session_op_of<T>> task;
    diagnostics* diag;
    Finish finish_value;
    enum class state { starting, running, decided } st = state::starting;
    std::error_code failure;
    diagnostics early;  // the outcome of an operation that never ran

    template <class Self>
    void operator()(Self& self, std::error_code = {}) {
        if (st == state::starting) {
            if (task->decided(failure, early)) {
                st = state::decided;
            } else {
                failure = async_begin(s.get(), *task);
                st = failure ? state::decided : state::running;
                if (failure)
                    early.client_message = failure == errc::operation_in_progress
                                               ? "another operation is in progress on this connection"
                                               : "the connection is not open";
            }
            // The first step runs from the executor: never complete inside the initiating function.
            auto ex = asio::get_associated_executor(self);
            asio::post(ex, std::move(self));
            return;
        }
        if (st == state::decided) return finish(self, failure, std::move(early));
        std::error_code ec;
        if (self.get_cancellation_state().cancelled() != asio::cancellation_type::none) {
            ec = async_abort(*s);
            return finish(self, ec, async_take_diagnostics(*s));
        }
        if (async_step(*s, ec)) return finish(self, ec, async_take_diagnostics(*s));
        async_wakeup(*s).async_wait(std::move(self));
    }

    template <class Self>
    void finish(Self& self, std::error_code ec, diagnostics d) {
        if constexpr (std::is_void_v<Out>) {
            if (diag) *diag = std::move(d);
            self.complete(ec);
        } else {
            Out value{};
            if (task && !ec) {
                value = finish_value(std::move(task->value), ec, d);
            } else if constexpr (std::is_same_v<Out, T>) {
                // A failed operation's value still says what happened (execute_many's
                // batch_result), as the sync face returns it.
                if (task) value = std::move(task->value);
            }
            if (diag) *diag = std::move(d);
            self.complete(ec, std::move(value));
        }
    }
};

/// Runs `op` on session `s` (nullptr: fails with errc::not_connected) with the completion token.
template <class T, class Out = T, class Finish = same_value, class Token>
auto async_run(const asio::any_io_executor& ex, std::shared_ptr<session_core> s,
               std::unique_ptr<session_op_of<T>> op, diagnostics* diag, Token&& token, Finish finish = {}) {
    // A default-constructed cursor or statement has no executor; its calls fail on the system one.
    asio::any_io_executor io = ex ? ex : asio::any_io_executor(asio::system_executor());
    return asio::async_compose<Token, async_signature<Out>>(
        async_run_op<T, Out, Finish>(std::move(s), std::move(op), diag, std::move(finish)), token, io);
}

}  // namespace ifx::detail
