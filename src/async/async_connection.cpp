#include "ifx/async_connection.hpp"

#include <algorithm>
#include <asio/connect.hpp>
#include <asio/write.hpp>
#include <cctype>
#include <fstream>
#include <functional>

#include "async/async_session.hpp"
#include "net/tls_setup.hpp"
#include "proto/ops.hpp"
#include "proto/session_open.hpp"

namespace ifx::detail {

// ---- the driver ----------------------------------------------------------------------------------

void async_session::set_deadline(std::chrono::milliseconds timeout) {
    deadline = timeout.count() <= 0 ? net::clock::time_point::max() : net::clock::now() + timeout;
}

void async_session::new_transport() {
    transport->close();
    transport = std::make_shared<async_transport>(ex);
    driving_ = nullptr;
}

std::error_code async_session::fail(std::error_code ec, const char* what) {
    state.broken = true;
    transport->close();
    driving_ = nullptr;
    if (diag.client_message.empty()) diag.client_message = what;
    return ec;
}

namespace {

std::error_code transport_error(const std::error_code& ec) {
    return ec == asio::error::eof || ec == asio::ssl::error::stream_truncated
               ? make_error_code(errc::connection_closed)
               : make_error_code(errc::network_error);
}

}  // namespace

void async_session::start_write() {
    auto& t = *transport;
    t.sending.swap(t.pending);
    t.pending.clear();
    if (state.trace) state.trace->sent(t.sending);
    t.writing = true;
    auto done = [self = shared_from_this(), tp = transport](std::error_code ec, std::size_t) {
        if (self->transport != tp) return;  // a closed, earlier connection
        tp->writing = false;
        if (ec && !tp->failure) tp->failure = transport_error(ec);
        self->wake_up();
    };
    const auto buf = asio::buffer(t.sending);
    if (t.tls)
        asio::async_write(*t.tls, buf, std::move(done));
    else
        asio::async_write(t.socket, buf, std::move(done));
}

void async_session::start_read() {
    auto& t = *transport;
    auto space = t.in.prepare(net::read_chunk);
    t.reading = true;
    auto done = [self = shared_from_this(), tp = transport](std::error_code ec, std::size_t n) {
        if (self->transport != tp) return;
        tp->reading = false;
        tp->in.commit(n);
        if (n > 0) tp->fresh_input = true;
        if (ec && !tp->failure) tp->failure = transport_error(ec);
        self->wake_up();
    };
    const auto target = asio::buffer(space.data(), space.size());
    if (t.tls)
        t.tls->async_read_some(target, std::move(done));
    else
        t.socket.async_read_some(target, std::move(done));
}

// The same loop as net::run, one step per wake-up: feed the operation every new byte, keep one
// write and one read in flight (full duplex), finish when the operation is done and written.
bool async_session::drive(proto::operation& op, std::error_code& ec) {
    auto& t = *transport;
    if (driving_ != &op) {
        if (!connected) {
            diag.client_message = "not connected";
            ec = errc::not_connected;
            return true;
        }
        if (state.broken || !t.socket.is_open()) {
            diag.client_message = aborted ? "the connection was aborted (e.g. its pool was closed)"
                                          : "the connection is closed";
            ec = errc::connection_closed;
            return true;
        }
        driving_ = &op;
        op_done_ = false;
        op_error_.clear();
        t.fresh_input = true;  // the first call starts the operation
    }
    if (t.failure) {
        if (aborted) {
            ec = fail(errc::connection_closed, "the connection was aborted (e.g. its pool was closed)");
            return true;
        }
        ec = fail(t.failure, t.failure == errc::connection_closed ? "the server closed the connection"
                                                                  : "network error");
        return true;
    }
    if (!op_done_ && t.fresh_input) {
        t.fresh_input = false;
        std::size_t consumed = 0;
        std::error_code e;
        op_done_ = op.advance(t.in.data(), consumed, t.pending, e, diag) == proto::step::done;
        t.in.consume(consumed);
        if (e) {
            if (state.broken) {
                ec = fail(e, "");
                return true;
            }
            op_error_ = e;  // a server error: finish writing what was produced, then report it
        }
    }
    if (!t.pending.empty() && !t.writing) start_write();
    if (op_done_) {
        if (t.writing) return false;
        driving_ = nullptr;
        if (op_error_) {
            ec = op_error_;
            return true;
        }
        if (t.in.size() != 0) {
            diag.client_message = "unsolicited bytes after the reply";
            ec = fail(errc::protocol_violation, "");
        }
        return true;
    }
    if (!t.reading) start_read();
    return false;
}

// ---- the engine the header templates call ------------------------------------------------------

std::error_code async_begin(async_session* s, async_task& t) {
    if (!s) return errc::not_connected;
    if (s->task) return errc::operation_in_progress;
    s->task = &t;
    s->diag.clear();
    s->describe_timeout = nullptr;
    s->set_deadline(s->op_timeout);
    return {};
}

bool async_step(async_session& s, std::error_code& ec) {
    if (net::clock::now() >= s.deadline) {
        const std::string what = s.describe_timeout
                                     ? s.describe_timeout()
                                     : "timed out waiting for the server; the connection is closed";
        s.describe_timeout = nullptr;
        ec = s.fail(errc::timeout, what.c_str());
        s.task = nullptr;
        return true;
    }
    if (s.task->advance(s, ec, s.diag)) {
        s.task = nullptr;
        return true;
    }
    s.wake.expires_at(s.deadline);
    return false;
}

std::error_code async_abort(async_session& s) {
    s.diag.clear();
    s.task = nullptr;
    return s.fail(asio::error::operation_aborted, "the operation was cancelled; the connection is closed");
}

asio::steady_timer& async_wakeup(async_session& s) {
    return s.wake;
}

void async_take_diagnostics(async_session& s, diagnostics* out) {
    if (out) *out = s.diag;
}

namespace {

exec_result to_exec_result(const proto::exec_summary& s) {
    return {s.rows, s.serial, s.serial8, s.bigserial, s.statement_type};
}

void fail_with(std::error_code& ec, diagnostics& diag, errc code, const char* message) {
    ec = code;
    diag.client_message = message;
}

// Checks a statement handle against the session it is used on.
async_prepared* statement_on(async_session& s, const std::shared_ptr<async_prepared>& p, std::error_code& ec,
                             diagnostics& diag) {
    if (!p || p->ref.released) {
        fail_with(ec, diag, errc::cursor_closed, "the statement is closed");
        return nullptr;
    }
    if (p->owner.lock().get() != &s) {
        fail_with(ec, diag, errc::invalid_argument, "the statement belongs to another connection");
        return nullptr;
    }
    return p.get();
}

/// A task made of one protocol operation (often a composite), preceded by the deferred
/// CLOSE/RELEASE requests of statements and cursors dropped since the last operation.
template <class T>
class protocol_task : public async_task_of<T> {
public:
    bool advance(async_session& s, std::error_code& ec, diagnostics& diag) final {
        if (!started_) {
            started_ = true;
            proto::operation* main = start(s, ec, diag);
            if (ec) return true;
            if (!main) {
                finish(s, ec, diag);
                return true;
            }
            op_ = main;
            if (!s.deferred.empty() && s.usable()) {
                prelude_ = std::make_unique<proto::free_all_op>(s.state, s.deferred, main);
                s.deferred.clear();
                op_ = prelude_.get();
            }
        }
        if (!s.drive(*op_, ec)) return false;
        finish(s, ec, diag);
        return true;
    }

protected:
    /// The operation to run, nullptr with ec set for an immediate failure, or nullptr without
    /// ec when no I/O is needed.
    virtual proto::operation* start(async_session& s, std::error_code& ec, diagnostics& diag) = 0;
    /// After the operation (ec its outcome); may adjust ec and fill this->value.
    virtual void finish(async_session&, std::error_code&, diagnostics&) {}

private:
    bool started_ = false;
    proto::operation* op_ = nullptr;
    std::unique_ptr<proto::operation> prelude_;
};

// ---- connect -------------------------------------------------------------------------------------

/// Resolve → TCP connect → TLS handshake → login → database open, host after host.
class connect_task final : public async_task_of<void> {
public:
    explicit connect_task(const connect_params& p) : params_(proto::with_environment(p)) {}
    connect_task(const connect_task&) = delete;
    connect_task& operator=(const connect_task&) = delete;
    ~connect_task() override { proto::wipe_secret(params_.password); }  // kept only while connecting

    bool advance(async_session& s, std::error_code& ec, diagnostics& diag) override {
        if (stage_ == stage::init && !init(s, ec, diag)) return true;
        for (;;) {
            if (s.aborted) {  // async_connection::abort() during the connect: no further step or host
                s.connected = false;
                s.state.broken = true;
                s.transport->close();
                s.reset_driver();
                s.diag.clear();
                s.diag.client_message = "the connect was aborted (e.g. its pool was closed)";
                ec = errc::connection_closed;
                return true;
            }
            std::error_code e;
            if (!step(s, e)) return false;
            if (!e && stage_ == stage::done) {
                diag.clear();
                return true;
            }
            if (e) {
                // This host failed: try the next one.
                const auto& [host, port] = hosts_[host_];
                s.connected = false;
                s.state.broken = true;
                s.transport->close();
                s.reset_driver();
                if (hosts_.size() == 1 || e == errc::invalid_argument) {
                    ec = e;
                    return true;
                }
                reasons_ += (reasons_.empty() ? "" : "; ") + host + ":" + std::to_string(port) + ": " +
                            s.diag.to_string();
                if (++host_ == hosts_.size()) {
                    s.diag.client_message =
                        "all " + std::to_string(hosts_.size()) + " hosts failed: " + reasons_;
                    ec = e;
                    return true;
                }
                stage_ = stage::resolve;
            }
        }
    }

private:
    enum class stage { init, resolve, resolving, connecting, handshaking, open, done };
    struct events {  // shared with the completion handlers, which may outlive the task
        bool done = false;
        std::error_code ec;
        asio::ip::tcp::resolver::results_type endpoints;
    };

    bool init(async_session& s, std::error_code& ec, diagnostics& diag) {
        const connect_params& p = params_;
        s.set_deadline(p.connect_timeout);
        s.params = p;
        proto::wipe_secret(s.params.password);  // the session never needs it after the login
        s.op_timeout = p.read_timeout;
        s.trace.reset();
        if (p.trace || !p.trace_file.empty()) {
            auto file =
                p.trace_file.empty() ? nullptr : std::make_shared<std::ofstream>(p.trace_file, std::ios::app);
            if (file && !*file) {
                fail_with(ec, diag, errc::invalid_argument, "cannot open the trace file");
                diag.client_message += " " + p.trace_file;
                return false;
            }
            s.trace.emplace([user = p.trace, file](std::string_view line) {
                if (user) user(line);
                if (file) *file << line << '\n' << std::flush;
            });
        }
        if ((ec = proto::check_params(p, diag))) return false;
        hosts_ = {{p.host, p.port}};
        hosts_.insert(hosts_.end(), p.failover_hosts.begin(), p.failover_hosts.end());
        stage_ = stage::resolve;
        return true;
    }

    // One step of the current host's attempt: false while waiting for an event.
    bool step(async_session& s, std::error_code& ec) {
        const auto& [host, port] = hosts_[host_];
        switch (stage_) {
            case stage::init:
            case stage::done:
                return true;
            case stage::resolve: {
                s.new_transport();
                s.state = {};
                s.state.trace = s.trace ? &*s.trace : nullptr;
                s.info = {};
                s.cache.clear();
                s.cache_capacity = params_.statement_cache_size;
                s.deferred.clear();
                s.user_statements.clear();
                s.connected = false;
                s.diag.clear();
                ev_ = std::make_shared<events>();
                resolver_.emplace(s.ex);
                resolver_->async_resolve(
                    host, std::to_string(port),
                    [ev = ev_, self = s.shared_from_this()](std::error_code e, auto results) {
                        ev->ec = e;
                        ev->endpoints = std::move(results);
                        ev->done = true;
                        self->wake_up();
                    });
                stage_ = stage::resolving;
                return false;
            }
            case stage::resolving:
                if (!ev_->done) return false;
                if (ev_->ec) {
                    s.diag.client_message = "cannot resolve " + host + ": " + ev_->ec.message();
                    s.diag.sqlcode = net::sqlcode_cannot_connect;
                    ec = errc::network_error;
                    return true;
                }
                ev_->done = false;
                asio::async_connect(s.transport->socket, ev_->endpoints,
                                    [ev = ev_, self = s.shared_from_this()](std::error_code e, const auto&) {
                                        ev->ec = e;
                                        ev->done = true;
                                        self->wake_up();
                                    });
                stage_ = stage::connecting;
                return false;
            case stage::connecting:
                if (!ev_->done) return false;
                if (ev_->ec) {
                    s.diag.client_message =
                        "cannot connect to " + host + ":" + std::to_string(port) + ": " + ev_->ec.message();
                    s.diag.sqlcode = net::sqlcode_connect_failed;
                    ec = errc::network_error;
                    return true;
                }
                return start_tls(s, ec);
            case stage::handshaking:
                if (!ev_->done) return false;
                s.describe_timeout = nullptr;
                if (ev_->ec) {
                    s.diag.client_message = net::tls_handshake_failure(
                        s.transport->tls->native_handle(), ev_->ec, s.transport->reply, host, port);
                    ec = errc::tls_error;
                    return true;
                }
                return start_login(s, ec);
            case stage::open:
                if (!s.drive(*open_, ec)) return false;
                // The login packet (password, PAM answers) has been sent: wipe the transport's
                // buffers (the operation wipes its own copy of the request).
                proto::wipe_secret(s.transport->pending);
                proto::wipe_secret(s.transport->sending);
                if (!ec) stage_ = stage::done;
                return true;
        }
        return true;
    }

    bool start_tls(async_session& s, std::error_code& ec) {
        auto& t = *s.transport;
        std::error_code ignored;
        t.socket.set_option(asio::ip::tcp::no_delay(true), ignored);
        t.socket.set_option(asio::socket_base::keep_alive(true), ignored);
        const connect_params& p = params_;
        if (p.tls == tls_mode::disable) return start_login(s, ec);
        net::tls_options opt;
        opt.verify_chain = p.tls != tls_mode::insecure;
        opt.verify_host = p.tls == tls_mode::verify_full;
        opt.ca_file = p.tls_ca_file;
        opt.ca_dir = p.tls_ca_dir;
        opt.server_name = p.tls_server_name;
        std::string detail;
        t.tls_context.emplace(asio::ssl::context::tls_client);
        if ((ec = net::configure_tls_context(*t.tls_context, opt, detail))) {
            s.diag.client_message = detail;
            return true;
        }
        t.tls.emplace(t.socket, *t.tls_context);
        if ((ec = net::configure_tls_session(t.tls->native_handle(), hosts_[host_].host, opt, detail))) {
            s.diag.client_message = detail;
            return true;
        }
        net::watch_reply_start(t.tls->native_handle(), t.reply);
        s.describe_timeout = [tp = s.transport, hp = hosts_[host_]] {
            return net::tls_handshake_timeout(tp->reply, hp.host, hp.port);
        };
        ev_->done = false;
        t.tls->async_handshake(asio::ssl::stream_base::client,
                               [ev = ev_, tp = s.transport, self = s.shared_from_this()](std::error_code e) {
                                   ev->ec = e;
                                   ev->done = true;
                                   self->wake_up();
                               });
        stage_ = stage::handshaking;
        return false;
    }

    // Login, database open and the database's code set, shared with the sync session.
    bool start_login(async_session& s, std::error_code& ec) {
        s.connected = true;
        open_ = std::make_unique<proto::session_open_op>(s.state, params_, s.info);
        stage_ = stage::open;
        return step(s, ec);
    }

    connect_params params_;
    std::vector<host_port> hosts_;
    std::size_t host_ = 0;
    std::string reasons_;
    stage stage_ = stage::init;
    std::shared_ptr<events> ev_;
    std::optional<asio::ip::tcp::resolver> resolver_;
    std::unique_ptr<proto::session_open_op> open_;
};

// ---- statements ----------------------------------------------------------------------------------

/// The cached statement for sql, or a fresh unprepared one (id -1) the task inserts on success.
std::shared_ptr<async_prepared> cache_find(async_session& s, std::string_view sql) {
    for (auto it = s.cache.begin(); it != s.cache.end(); ++it) {
        if ((*it)->ref.sql == sql && !(*it)->ref.released) {
            auto p = *it;
            s.cache.erase(it);
            s.cache.push_front(p);
            return p;
        }
    }
    return nullptr;
}

void cache_insert(async_session& s, const std::shared_ptr<async_prepared>& p) {
    s.cache.push_front(p);
    while (s.cache.size() > s.cache_capacity) {
        auto& evicted = s.cache.back()->ref;
        if (!evicted.released) s.deferred.push_back({evicted.id, false, true});
        evicted.released = true;
        s.cache.pop_back();
    }
}

/// Runs a statement through proto::statement_op: by SQL (statement cache) or by handle.
template <class T>
class statement_task : public protocol_task<T> {
public:
    statement_task(std::string_view sql, std::span<const param> params, proto::statement_mode mode)
        : sql_(sql), params_(params.begin(), params.end()), mode_(mode) {}
    statement_task(std::shared_ptr<async_prepared> p, std::span<const param> params,
                   proto::statement_mode mode)
        : p_(std::move(p)), params_(params.begin(), params.end()), mode_(mode), by_handle_(true) {}

protected:
    proto::operation* start(async_session& s, std::error_code& ec, diagnostics& diag) override {
        if (by_handle_) {
            if (!statement_on(s, p_, ec, diag)) return nullptr;
        } else {
            // open_cursor by SQL prepares a statement of its own, released with the cursor.
            if (mode_ != proto::statement_mode::open_cursor) p_ = cache_find(s, sql_);
            if (!p_) {
                p_ = std::make_shared<async_prepared>();
                p_->owner = s.weak_from_this();
                p_->ref.sql = sql_;
                fresh_ = true;
                release_after_ = mode_ == proto::statement_mode::open_cursor || s.cache_capacity == 0;
            }
        }
        op_.emplace(s.state, p_->ref, params_, mode_, release_after_, s.params.fetch_buffer_size, out_);
        op_->defer_close_to(s.deferred);
        return &*op_;
    }
    void finish(async_session& s, std::error_code& ec, diagnostics& diag) override {
        if (fresh_ && !release_after_ && p_->ref.id >= 0 && !p_->ref.released) cache_insert(s, p_);
        if (ec) diag.statement = p_->ref.sql;
        done(s, ec, diag);
    }
    virtual void done(async_session& s, std::error_code& ec, diagnostics& diag) = 0;

    std::string sql_;
    std::shared_ptr<async_prepared> p_;
    std::vector<param> params_;
    proto::statement_mode mode_;
    bool by_handle_ = false;
    bool fresh_ = false;
    bool release_after_ = false;
    proto::statement_outcome out_;
    std::optional<proto::statement_op> op_;
};

class execute_task final : public statement_task<exec_result> {
public:
    using statement_task::statement_task;

private:
    void done(async_session&, std::error_code& ec, diagnostics&) override {
        if (!ec) value = to_exec_result(out_.summary);
    }
};

class query_task final : public statement_task<result> {
public:
    using statement_task::statement_task;

private:
    void done(async_session&, std::error_code& ec, diagnostics&) override {
        if (ec) return;
        const auto& ref = p_->ref;
        if (proto::returns_rows(ref.statement_type, ref.columns))
            value = result(ref.columns, std::move(out_.rows), to_exec_result(out_.summary));
        else
            value = result({}, {}, to_exec_result(out_.summary));
    }
};

class cursor_task final : public statement_task<async_cursor> {
public:
    using statement_task::statement_task;

private:
    void done(async_session& s, std::error_code& ec, diagnostics&) override {
        if (ec) return;
        auto st = std::make_shared<async_cursor_state>();
        st->owner = s.shared_from_this();
        st->release_on_close = release_after_;
        st->statement_id = p_->ref.id;
        st->columns = p_->ref.columns;
        st->batch = std::move(out_.rows);
        st->exhausted = out_.exhausted;
        st->fetched = static_cast<std::int64_t>(st->batch.rows);
        st->first_batch_pending = true;
        st->statement = p_;
        ++s.state.open_cursors;
        value = async_cursor(s.ex, std::move(st));
    }
};

/// Executes an immediate command (SQ_COMMAND): execute without parameters, BEGIN WORK.
class command_task final : public protocol_task<exec_result> {
public:
    explicit command_task(std::string_view sql) : sql_(sql) {}

private:
    proto::operation* start(async_session& s, std::error_code&, diagnostics&) override {
        op_.emplace(s.state, sql_, summary_);
        return &*op_;
    }
    void finish(async_session& s, std::error_code& ec, diagnostics& diag) override {
        if (ec) {
            diag.statement = sql_;
            return;
        }
        proto::note_statement(s.state, summary_.statement_type);
        value = to_exec_result(summary_);
    }
    std::string sql_;
    proto::exec_summary summary_;
    std::optional<proto::command_op> op_;
};

class prepare_task final : public protocol_task<async_statement> {
public:
    explicit prepare_task(std::string_view sql) : sql_(sql) {}

private:
    proto::operation* start(async_session& s, std::error_code&, diagnostics&) override {
        // nparams is informational for the server; the count of bound values goes with each BIND.
        op_.emplace(s.state, sql_, 0, describe_);
        return &*op_;
    }
    void finish(async_session& s, std::error_code& ec, diagnostics& diag) override {
        if (ec) {
            diag.statement = sql_;
            return;
        }
        auto p = std::make_shared<async_prepared>();
        p->owner = s.weak_from_this();
        p->ref.sql = sql_;
        p->ref.id = describe_.statement_id;
        p->ref.statement_type = describe_.statement_type;
        p->ref.columns = std::move(describe_.columns);
        std::erase_if(s.user_statements, [](const std::weak_ptr<async_prepared>& w) {
            const auto q = w.lock();
            return !q || q->ref.released;
        });
        s.user_statements.push_back(p);
        value = async_statement(s.ex, std::move(p));
    }
    std::string sql_;
    proto::describe_msg describe_;
    std::optional<proto::prepare_op> op_;
};

class batch_task final : public protocol_task<batch_result> {
public:
    batch_task(std::shared_ptr<async_prepared> p, std::span<const param> params, std::size_t width,
               std::size_t batch_rows)
        : p_(std::move(p)), params_(params.begin(), params.end()), width_(width), batch_rows_(batch_rows) {}

private:
    proto::operation* start(async_session& s, std::error_code& ec, diagnostics& diag) override {
        if (!statement_on(s, p_, ec, diag)) return nullptr;
        if (width_ == 0 || params_.size() % width_ != 0 || batch_rows_ == 0) {
            fail_with(ec, diag, errc::invalid_argument,
                      "execute_many needs rows of equal, non-zero width and a non-zero batch size");
            return nullptr;
        }
        op_.emplace(s.state, p_->ref, params_, width_, batch_rows_, summary_, value.round_trips);
        return &*op_;
    }
    void finish(async_session&, std::error_code& ec, diagnostics& diag) override {
        const std::size_t rows = params_.size() / width_;
        value.rows_sent = summary_.rows_sent;
        value.rows_succeeded = summary_.rows_succeeded;
        value.affected_rows = summary_.affected_rows;
        value.failed_rows = std::move(summary_.failed_rows);
        if (!value.failed_rows.empty()) {
            diag.batch_row = static_cast<std::ptrdiff_t>(value.failed_rows.front());
            diag.client_message = "row " + std::to_string(value.failed_rows.front()) +
                                  " of the batch failed (" + std::to_string(value.failed_rows.size()) +
                                  " failed, " + std::to_string(value.rows_succeeded) + " succeeded, " +
                                  std::to_string(rows - value.rows_sent) +
                                  " not sent): " + diag.client_message;
        }
        if (ec) diag.statement = p_->ref.sql;
    }
    std::shared_ptr<async_prepared> p_;
    std::vector<param> params_;
    std::size_t width_, batch_rows_;
    proto::batch_summary summary_;
    std::optional<proto::batch_op> op_;
};

class end_transaction_task final : public protocol_task<void> {
public:
    explicit end_transaction_task(bool commit) : commit_(commit) {}

private:
    proto::operation* start(async_session& s, std::error_code&, diagnostics&) override {
        op_.emplace(s.state, commit_);
        return &*op_;
    }
    bool commit_;
    std::optional<proto::end_transaction_op> op_;
};

class begin_task final : public protocol_task<void> {
private:
    proto::operation* start(async_session& s, std::error_code&, diagnostics&) override {
        // The SQL form (PROTOCOL.md §7.9), as ifx::connection::begin.
        op_.emplace(s.state, "BEGIN WORK", summary_);
        return &*op_;
    }
    void finish(async_session& s, std::error_code& ec, diagnostics&) override {
        if (!ec) s.state.in_transaction = true;
    }
    proto::exec_summary summary_;
    std::optional<proto::command_op> op_;
};

/// SAVEPOINT / ROLLBACK TO SAVEPOINT / RELEASE SAVEPOINT name, as immediate commands.
class savepoint_task final : public protocol_task<void> {
public:
    savepoint_task(const char* verb, std::string_view name)
        : sql_(std::string(verb) + std::string(name)), name_(name) {}

private:
    proto::operation* start(async_session& s, std::error_code& ec, diagnostics& diag) override {
        const bool identifier = !name_.empty() && std::isdigit(static_cast<unsigned char>(name_[0])) == 0 &&
                                std::all_of(name_.begin(), name_.end(), [](char c) {
                                    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
                                });
        if (!identifier) {
            fail_with(ec, diag, errc::invalid_argument, "a savepoint name must be an identifier");
            return nullptr;
        }
        op_.emplace(s.state, sql_, summary_);
        return &*op_;
    }
    void finish(async_session&, std::error_code& ec, diagnostics& diag) override {
        if (ec) diag.statement = sql_;
    }
    std::string sql_;
    std::string name_;
    proto::exec_summary summary_;
    std::optional<proto::command_op> op_;
};

/// Releases every statement made by async_prepare that is still open (and sends the frees that
/// destroyed statements and cursors queued), invalidating the async_statement objects.
class close_statements_task final : public async_task_of<void> {
public:
    bool advance(async_session& s, std::error_code& ec, diagnostics&) override {
        if (!op_) {
            for (const auto& w : s.user_statements) {
                if (const auto p = w.lock(); p && !p->ref.released) {
                    p->ref.released = true;
                    s.deferred.push_back({p->ref.id, false, true});
                }
            }
            s.user_statements.clear();
            if (s.deferred.empty() || !s.usable()) {
                s.deferred.clear();
                return true;
            }
            op_.emplace(s.state, s.deferred, nullptr);
            s.deferred.clear();
        }
        return s.drive(*op_, ec);
    }

private:
    std::optional<proto::free_all_op> op_;
};

/// SQ_EXIT (bounded to 2 s) and close; never fails.
class close_task final : public async_task_of<void> {
public:
    bool advance(async_session& s, std::error_code& ec, diagnostics&) override {
        if (!started_) {
            started_ = true;
            if (!s.usable() || !s.transport->socket.is_open()) return finish(s, ec);
            s.set_deadline(std::min<std::chrono::milliseconds>(
                s.params.read_timeout.count() > 0 ? s.params.read_timeout : std::chrono::milliseconds(2000),
                std::chrono::milliseconds(2000)));
            op_.emplace(s.state);
        }
        std::error_code ignored;
        if (!s.drive(*op_, ignored)) return false;
        return finish(s, ec);
    }

private:
    bool finish(async_session& s, std::error_code& ec) {
        s.transport->close();
        s.reset_driver();
        s.state.broken = true;
        s.connected = false;
        s.cache.clear();
        s.deferred.clear();
        s.diag.clear();
        ec.clear();
        return true;
    }
    bool started_ = false;
    std::optional<proto::exit_op> op_;
};

class fetch_task final : public protocol_task<rows_view> {
public:
    explicit fetch_task(std::shared_ptr<async_cursor_state> st) : st_(std::move(st)) {}

private:
    proto::operation* start(async_session& s, std::error_code& ec, diagnostics& diag) override {
        auto& st = *st_;
        if (st.closed) {
            fail_with(ec, diag, errc::cursor_closed, "the cursor is closed");
            return nullptr;
        }
        if (st.first_batch_pending) {
            st.first_batch_pending = false;
            return nullptr;
        }
        proto::clear_rows(st.batch);
        if (st.exhausted) return nullptr;
        target_.emplace(proto::fetch_target{st.columns, st.batch, false, false, st.fetched});
        op_.emplace(s.state, st.statement_id, s.params.fetch_buffer_size, *target_);
        return &*op_;
    }
    void finish(async_session&, std::error_code& ec, diagnostics&) override {
        if (ec) return;
        if (target_) {
            st_->exhausted = target_->exhausted;
            st_->fetched = target_->fetched;
        }
        value = rows_view(st_->columns, &st_->batch);
    }
    std::shared_ptr<async_cursor_state> st_;
    std::optional<proto::fetch_target> target_;
    std::optional<proto::fetch_op> op_;
};

class cursor_close_task final : public protocol_task<void> {
public:
    explicit cursor_close_task(std::shared_ptr<async_cursor_state> st) : st_(std::move(st)) {}

private:
    proto::operation* start(async_session& s, std::error_code&, diagnostics&) override {
        auto& st = *st_;
        if (st.closed) return nullptr;
        st.closed = true;
        if (s.state.open_cursors > 0) --s.state.open_cursors;
        proto::clear_rows(st.batch);
        if (!s.usable()) return nullptr;
        op_.emplace(s.state, st.statement_id, true, st.release_on_close);
        return &*op_;
    }
    void finish(async_session&, std::error_code&, diagnostics&) override {
        if (st_->release_on_close && st_->statement) st_->statement->ref.released = true;
        st_->statement.reset();
    }
    std::shared_ptr<async_cursor_state> st_;
    std::optional<proto::free_op> op_;
};

class statement_close_task final : public protocol_task<void> {
public:
    explicit statement_close_task(std::shared_ptr<async_prepared> p) : p_(std::move(p)) {}

private:
    proto::operation* start(async_session& s, std::error_code&, diagnostics&) override {
        if (!p_ || p_->ref.released || p_->owner.lock().get() != &s) return nullptr;
        p_->ref.released = true;
        if (!s.usable()) return nullptr;
        op_.emplace(s.state, p_->ref.id, false, true);
        return &*op_;
    }
    std::shared_ptr<async_prepared> p_;
    std::optional<proto::free_op> op_;
};

}  // namespace
}  // namespace ifx::detail

namespace ifx {

using detail::async_session;

// ---- async_statement -----------------------------------------------------------------------------

async_statement::async_statement() noexcept = default;
async_statement::async_statement(asio::any_io_executor ex, std::shared_ptr<detail::async_prepared> p) noexcept
    : ex_(std::move(ex)), p_(std::move(p)) {}
async_statement::async_statement(async_statement&&) noexcept = default;
async_statement& async_statement::operator=(async_statement&& other) noexcept {
    if (this != &other) {
        this->~async_statement();
        new (this) async_statement(std::move(other));
    }
    return *this;
}
async_statement::~async_statement() {
    if (!p_ || p_->ref.released) return;
    if (auto s = p_->owner.lock(); s && s->usable()) s->deferred.push_back({p_->ref.id, false, true});
    p_->ref.released = true;
}

const std::vector<column_info>& async_statement::columns() const noexcept {
    static const std::vector<column_info> none;
    return p_ ? p_->ref.columns : none;
}
std::int16_t async_statement::statement_type() const noexcept {
    return p_ ? p_->ref.statement_type : 0;
}
bool async_statement::returns_rows() const noexcept {
    return p_ && proto::returns_rows(p_->ref.statement_type, p_->ref.columns);
}
const std::string& async_statement::sql() const noexcept {
    static const std::string none;
    return p_ ? p_->ref.sql : none;
}
bool async_statement::valid() const noexcept {
    if (!p_ || p_->ref.released) return false;
    const auto s = p_->owner.lock();
    return s && s->usable();
}
std::shared_ptr<async_session> async_statement::session() const {
    return p_ ? p_->owner.lock() : nullptr;
}
std::unique_ptr<detail::async_task_of<void>> async_statement::close_task() {
    return std::make_unique<detail::statement_close_task>(p_);
}

// ---- async_cursor --------------------------------------------------------------------------------

async_cursor::async_cursor() noexcept = default;
async_cursor::async_cursor(asio::any_io_executor ex, std::shared_ptr<detail::async_cursor_state> st) noexcept
    : ex_(std::move(ex)), st_(std::move(st)) {}
async_cursor::async_cursor(async_cursor&&) noexcept = default;
async_cursor& async_cursor::operator=(async_cursor&& other) noexcept {
    if (this != &other) {
        this->~async_cursor();
        new (this) async_cursor(std::move(other));
    }
    return *this;
}
async_cursor::~async_cursor() {
    if (!st_ || st_->closed) return;
    st_->closed = true;
    if (st_->owner && st_->owner->state.open_cursors > 0) --st_->owner->state.open_cursors;
    if (st_->owner && st_->owner->usable())
        st_->owner->deferred.push_back({st_->statement_id, true, st_->release_on_close});
    if (st_->release_on_close && st_->statement) st_->statement->ref.released = true;
}

const std::vector<column_info>& async_cursor::columns() const noexcept {
    static const std::vector<column_info> none;
    return st_ ? st_->columns : none;
}
bool async_cursor::exhausted() const noexcept {
    return !st_ || (st_->exhausted && !st_->first_batch_pending);
}
std::shared_ptr<async_session> async_cursor::session() const {
    return st_ ? st_->owner : nullptr;
}
std::unique_ptr<detail::async_task_of<rows_view>> async_cursor::fetch_task() {
    return std::make_unique<detail::fetch_task>(st_ ? st_ : std::make_shared<detail::async_cursor_state>());
}
std::unique_ptr<detail::async_task_of<void>> async_cursor::close_task() {
    return std::make_unique<detail::cursor_close_task>(st_ ? st_
                                                           : std::make_shared<detail::async_cursor_state>());
}

// ---- async_connection ----------------------------------------------------------------------------

async_connection::async_connection(executor_type ex)
    : ex_(std::move(ex)), s_(std::make_shared<async_session>(ex_)) {}
async_connection::async_connection(async_connection&&) noexcept = default;
async_connection& async_connection::operator=(async_connection&& other) noexcept {
    if (this != &other) {
        this->~async_connection();
        new (this) async_connection(std::move(other));
    }
    return *this;
}
async_connection::~async_connection() {
    if (!s_) return;
    s_->transport->close();  // an operation in flight completes with an error
    s_->state.broken = true;
    s_->connected = false;
    s_->wake_up();
}

std::unique_ptr<detail::async_task_of<void>> async_connection::connect_task(const connect_params& params) {
    // A new connect: an abort() from its initiation on ends it (even before its first step runs).
    if (s_) s_->aborted = false;
    return std::make_unique<detail::connect_task>(params);
}
std::unique_ptr<detail::async_task_of<exec_result>> async_connection::execute_task(
    std::string_view sql, std::span<const param> params) {
    if (params.empty()) return std::make_unique<detail::command_task>(sql);
    return std::make_unique<detail::execute_task>(sql, params, proto::statement_mode::execute);
}
std::unique_ptr<detail::async_task_of<exec_result>> async_connection::execute_task(
    const async_statement& stmt, std::span<const param> params) {
    return std::make_unique<detail::execute_task>(stmt.impl(), params, proto::statement_mode::execute);
}
std::unique_ptr<detail::async_task_of<result>> async_connection::query_task(std::string_view sql,
                                                                            std::span<const param> params) {
    return std::make_unique<detail::query_task>(sql, params, proto::statement_mode::automatic);
}
std::unique_ptr<detail::async_task_of<result>> async_connection::query_task(const async_statement& stmt,
                                                                            std::span<const param> params) {
    return std::make_unique<detail::query_task>(stmt.impl(), params, proto::statement_mode::automatic);
}
std::unique_ptr<detail::async_task_of<async_statement>> async_connection::prepare_task(std::string_view sql) {
    return std::make_unique<detail::prepare_task>(sql);
}
std::unique_ptr<detail::async_task_of<async_cursor>> async_connection::cursor_task(
    std::string_view sql, std::span<const param> params) {
    return std::make_unique<detail::cursor_task>(sql, params, proto::statement_mode::open_cursor);
}
std::unique_ptr<detail::async_task_of<async_cursor>> async_connection::cursor_task(
    const async_statement& stmt, std::span<const param> params) {
    return std::make_unique<detail::cursor_task>(stmt.impl(), params, proto::statement_mode::open_cursor);
}
std::unique_ptr<detail::async_task_of<batch_result>> async_connection::batch_task(
    const async_statement& stmt, std::span<const param> params, std::size_t width, std::size_t batch_rows) {
    return std::make_unique<detail::batch_task>(stmt.impl(), params, width, batch_rows);
}
std::unique_ptr<detail::async_task_of<void>> async_connection::transaction_task(int what) {
    if (what == 0) return std::make_unique<detail::begin_task>();
    return std::make_unique<detail::end_transaction_task>(what == 1);
}
std::unique_ptr<detail::async_task_of<void>> async_connection::close_task() {
    return std::make_unique<detail::close_task>();
}
std::unique_ptr<detail::async_task_of<void>> async_connection::savepoint_task(int what,
                                                                              std::string_view name) {
    static constexpr const char* verbs[] = {"SAVEPOINT ", "ROLLBACK TO SAVEPOINT ", "RELEASE SAVEPOINT "};
    return std::make_unique<detail::savepoint_task>(verbs[what], name);
}
std::unique_ptr<detail::async_task_of<void>> async_connection::close_statements_task() {
    return std::make_unique<detail::close_statements_task>();
}

int async_connection::open_cursors() const noexcept {
    return s_ ? s_->state.open_cursors : 0;
}
std::size_t async_connection::open_statements() const noexcept {
    if (!s_) return 0;
    std::size_t n = 0;
    for (const auto& w : s_->user_statements)
        if (const auto p = w.lock(); p && !p->ref.released) ++n;
    return n;
}
std::size_t async_connection::pending_frees() const noexcept {
    return s_ ? s_->deferred.size() : 0;
}
unsigned async_connection::changed_settings() const noexcept {
    return s_ ? s_->state.changed_settings : 0;
}
void async_connection::clear_changed_settings() noexcept {
    if (s_) s_->state.changed_settings = 0;
}
void async_connection::abort() noexcept {
    if (!s_) return;
    s_->aborted = true;
    s_->transport->close();  // the operation in flight wakes with a transport failure
    s_->state.broken = true;
    s_->wake_up();
}

bool async_connection::is_open() const noexcept {
    return s_ && s_->usable();
}
bool async_connection::busy() const noexcept {
    return s_ && s_->task != nullptr;
}
bool async_connection::in_transaction() const noexcept {
    return s_ && s_->state.in_transaction;
}
const session_info& async_connection::info() const noexcept {
    static const session_info none;
    return s_ ? s_->info : none;
}
void async_connection::set_operation_timeout(std::chrono::milliseconds timeout) noexcept {
    if (s_) s_->op_timeout = timeout;
}

}  // namespace ifx
