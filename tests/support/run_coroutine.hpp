#pragma once
// Runs one coroutine to completion on a fresh io_context (on the calling thread) and rethrows
// its failure: how the async tests drive a scenario written as a coroutine.
#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>

#include <exception>

namespace ifx::test {

/// `make(io)` returns the asio::awaitable to run.
template <class F>
void run_coroutine(F make) {
    asio::io_context io;
    std::exception_ptr failure;
    asio::co_spawn(io, make(io), [&](std::exception_ptr e) { failure = e; });
    io.run();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace ifx::test
