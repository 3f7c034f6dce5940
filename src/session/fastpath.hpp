#pragma once
// connection::fast_path_call and its async form: any routine called through the fast path
// (proto/fastpath.hpp, PROTOCOL.md §7.13) with statement parameters as its arguments, its return
// values handed back as one row of an ifx::result.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ifx/param.hpp"
#include "ifx/result.hpp"
#include "proto/fastpath.hpp"
#include "session/session_op.hpp"

namespace ifx::detail {

class fast_path_run final : public single_exchange<result> {
public:
    /// `params` are views, as a query's: they must outlive the operation.
    fast_path_run(std::string_view signature, std::span<const param> params)
        : signature_(signature), params_(params) {}

private:
    proto::operation* start(session_core& s, std::error_code& ec, diagnostics& diag) override;
    void finish(session_core& s, std::error_code& ec, diagnostics& diag) override;
    std::string signature_;
    std::span<const param> params_;
    std::vector<proto::fp_arg> args_;
    std::vector<proto::fp_result> results_;
    std::optional<proto::fastpath_op> op_;
};

/// The values of an SQ_FPROUTINE reply as one row (none when the routine returned nothing): a
/// column per value, typed by the value's type word, NULLs as NULL.
result fast_path_result(const std::vector<proto::fp_result>& values, codeset text);

}  // namespace ifx::detail
