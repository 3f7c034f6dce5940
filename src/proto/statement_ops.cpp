#include "proto/statement_ops.hpp"

#include "ifx/connection.hpp"

namespace ifx::proto {
namespace {

constexpr int stale_statement = -710;  // the statement's table was altered, dropped or renamed

bool is_stale(const std::error_code& ec) {
    return ec.category() == server_category() && ec.value() == stale_statement;
}

}  // namespace

bool returns_rows(std::int16_t type, const std::vector<column_info>& columns) noexcept {
    return type == 2 || (type == 56 && !columns.empty());
}

void note_statement(session_state& s, std::int16_t type) noexcept {
    switch (type) {
        case 46:
            s.changed_settings |= static_cast<unsigned>(session_setting::lock_mode);
            break;
        case 48:
            s.changed_settings |= static_cast<unsigned>(session_setting::isolation);
            break;
        case 110:
            s.changed_settings |= static_cast<unsigned>(session_setting::environment);
            break;
        default:
            break;
    }
    if (type == 35 || type == 36)
        s.in_transaction = false;
    else if (type == 34 || (s.ansi && s.database_open))
        s.in_transaction = true;
}

step composite_op::advance(std::span<const std::uint8_t> in, std::size_t& consumed,
                           std::vector<std::uint8_t>& out, std::error_code& ec, diagnostics& diag) {
    consumed = 0;
    if (!started_) {
        started_ = true;
        current_ = next(ec, diag);
        if (!current_) return step::done;
    }
    for (;;) {
        std::size_t n = 0;
        std::error_code sub;
        const bool quiet = quiet_;
        const step s = current_->advance(in.subspan(consumed), n, out, sub, quiet ? scratch_ : diag);
        consumed += n;
        if (s == step::need_more && !sub) return step::need_more;
        if (sub && session_.broken) {
            if (quiet) diag = std::move(scratch_);
            ec = sub;
            return step::done;
        }
        if (quiet) {
            scratch_.clear();
            sub.clear();  // best effort: the failure being reported is the earlier one
        }
        quiet_ = false;
        current_ = next(sub, diag);
        if (!current_) {
            ec = sub;
            return step::done;
        }
    }
}

// ---- statement_op ----------------------------------------------------------------------------

operation* statement_op::prepare() {
    stage_ = stage::prepare;
    describe_ = {};
    op_ =
        std::make_unique<prepare_op>(session_, st_.sql, static_cast<std::int16_t>(params_.size()), describe_);
    return op_.get();
}

operation* statement_op::run_main() {
    statement_mode mode = mode_;
    if (mode == statement_mode::automatic)
        mode = returns_rows(st_.statement_type, st_.columns) ? statement_mode::read_all
                                                             : statement_mode::execute;
    if (mode == statement_mode::execute) {
        stage_ = stage::execute;
        out_.summary = {};
        out_.summary.statement_type = st_.statement_type;
        op_ = std::make_unique<execute_op>(
            session_, st_.id, params_, release_after_ ? after_run::release : after_run::keep, out_.summary);
        return op_.get();
    }
    if (mode == statement_mode::open_cursor && !returns_rows(st_.statement_type, st_.columns)) {
        stage_ = stage::reject;
        if (!release_after_) return nullptr;
        quietly(true);
        op_ = std::make_unique<free_op>(session_, free_request{.id = st_.id, .release = true});
        return op_.get();
    }
    mode_ = mode;
    stage_ = stage::open;
    clear_rows(out_.rows);
    target_.emplace(
        fetch_target{.columns = st_.columns, .batch = out_.rows, .append = mode == statement_mode::read_all});
    cursor_name_ = next_cursor_name(session_);
    const cursor_open open{.name = cursor_name_,
                           .params = params_,
                           .flags = mode == statement_mode::open_cursor ? flags_ : open_flags{}};
    op_ = std::make_unique<fetch_rows_op>(session_, st_.id, fetch_buffer_, *target_, open);
    return op_.get();
}

void statement_op::read_all_done() {
    if (release_after_) st_.released = true;
    note_statement(session_, st_.statement_type);
    out_.summary = {};
    out_.summary.statement_type = st_.statement_type;
    out_.summary.rows = static_cast<std::int64_t>(out_.rows.rows);
    trim_cells(out_.rows, st_.columns.size());  // a result keeps no spare cells
}

// After a failed execute/open/fetch: re-prepare once when stale, else close the cursor quietly.
operation* statement_op::after_failure(std::error_code& ec) {
    const bool released = stage_ == stage::execute && release_after_;
    if (released) st_.released = true;
    if (is_stale(ec) && !retried_) {
        retried_ = true;
        out_.reprepared = true;
        ec.clear();
        if (released) return prepare();
        stage_ = stage::release_stale;
        st_.released = true;  // until prepared again: a failed re-prepare leaves no usable id
        quietly(true);
        op_ = std::make_unique<free_op>(session_, free_request{.id = st_.id, .release = true});
        return op_.get();
    }
    if (stage_ == stage::execute) return nullptr;
    saved_ = ec;
    ec.clear();
    stage_ = stage::cleanup;
    quietly(true);
    op_ = std::make_unique<free_op>(session_,
                                    free_request{.id = st_.id, .close = true, .release = release_after_});
    return op_.get();
}

// run_main() returns nullptr only for a rejected open_cursor without anything to release.
operation* statement_op::reject_or(operation* op, std::error_code& ec, diagnostics& diag) {
    if (op || stage_ != stage::reject) return op;
    ec = errc::invalid_argument;
    diag.client_message = "open_cursor needs a statement that returns rows";
    return nullptr;
}

operation* statement_op::next(std::error_code& ec, diagnostics& diag) {
    switch (stage_) {
        case stage::start:
            if (st_.id >= 0) return reject_or(run_main(), ec, diag);
            return prepare();
        case stage::prepare:
            if (ec) return nullptr;
            st_.id = describe_.statement_id;
            st_.statement_type = describe_.statement_type;
            st_.columns = std::move(describe_.columns);
            st_.released = false;
            if (out_.reprepared) diag.clear();
            return reject_or(run_main(), ec, diag);
        case stage::release_stale:
            return prepare();
        case stage::execute:
            if (ec) return after_failure(ec);
            if (release_after_) st_.released = true;
            note_statement(session_, out_.summary.statement_type);
            return nullptr;
        case stage::open:
        case stage::fetch:
            if (ec) return after_failure(ec);
            out_.exhausted = target_->exhausted;
            if (mode_ == statement_mode::open_cursor) {
                note_statement(session_, st_.statement_type);
                return nullptr;
            }
            if (!target_->exhausted) {
                stage_ = stage::fetch;
                op_ = std::make_unique<fetch_rows_op>(session_, st_.id, fetch_buffer_, *target_);
                return op_.get();
            }
            if (deferred_) {
                deferred_->push_back({.id = st_.id, .close = true, .release = release_after_});
                read_all_done();
                return nullptr;
            }
            stage_ = stage::close;
            op_ = std::make_unique<free_op>(
                session_, free_request{.id = st_.id, .close = true, .release = release_after_});
            return op_.get();
        case stage::close:
            if (release_after_) st_.released = true;
            if (ec) return nullptr;
            read_all_done();
            return nullptr;
        case stage::reject:
            if (release_after_) st_.released = true;
            ec = errc::invalid_argument;
            diag.client_message = "open_cursor needs a statement that returns rows";
            return nullptr;
        case stage::cleanup:
            if (release_after_) st_.released = true;
            ec = saved_;
            return nullptr;
    }
    return nullptr;
}

// ---- batch_op ----------------------------------------------------------------------------------

operation* batch_op::next(std::error_code& ec, diagnostics&) {
    const std::size_t rows = width_ == 0 ? 0 : params_.size() / width_;
    if (ec || first_ >= rows) {
        if (out_.rows_succeeded > 0) note_statement(session_, st_.statement_type);
        return nullptr;
    }
    const std::size_t n = std::min(batch_rows_, rows - first_);
    op_ = std::make_unique<execute_many_op>(session_, st_.id, params_.subspan(first_ * width_, n * width_),
                                            width_, first_, out_);
    first_ += n;
    ++round_trips_;
    return op_.get();
}

// ---- free_all_op -------------------------------------------------------------------------------

free_all_op::free_all_op(session_state& s, std::span<const free_request> sent,
                         std::span<const free_request> unsent, operation* then)
    : session_(s), then_(then) {
    frees_.reserve(sent.size() + unsent.size());
    for (const auto& f : sent)
        if (f.close || f.release) frees_.emplace_back(s, f);
    sent_ = frees_.size();
    for (const auto& f : unsent)
        if (f.close || f.release) frees_.emplace_back(s, f);
}

step free_all_op::advance(std::span<const std::uint8_t> in, std::size_t& consumed,
                          std::vector<std::uint8_t>& out, std::error_code& ec, diagnostics& diag) {
    consumed = 0;
    if (!started_) {
        started_ = true;
        // Every free's groups, then the next request's first groups, before any reply is read. The
        // frees sent earlier are started too (their requests discarded): they read their replies.
        std::vector<std::uint8_t> already_sent;
        for (std::size_t i = 0; i < frees_.size(); ++i) {
            std::size_t n = 0;
            std::error_code ignored;
            (void)frees_[i].advance({}, n, i < sent_ ? already_sent : out, ignored, scratch_);
        }
        if (then_) {
            std::size_t n = 0;
            then_done_ = then_->advance({}, n, out, then_error_, diag) == step::done;
            if (then_error_ && session_.broken) {
                ec = then_error_;
                return step::done;
            }
        }
    }
    while (current_ < frees_.size()) {
        std::size_t n = 0;
        std::error_code e;
        const step s = frees_[current_].advance(in.subspan(consumed), n, out, e, scratch_);
        consumed += n;
        if (e && session_.broken) {
            diag = std::move(scratch_);
            ec = e;
            return step::done;
        }
        if (s == step::need_more && !e) return step::need_more;
        scratch_.clear();  // a free the server refused: best effort
        ++current_;
    }
    if (!then_ || then_done_) {
        ec = then_error_;
        return step::done;
    }
    std::size_t n = 0;
    const step s = then_->advance(in.subspan(consumed), n, out, ec, diag);
    consumed += n;
    return s;
}

}  // namespace ifx::proto
