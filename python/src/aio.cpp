// The asyncio half of the module (informix_db.aio): every async connection and pool runs on ONE
// I/O thread driving the ifx async engine (ifx::async_connection, ifx::async_pool on an
// asio::io_context). An operation is started from the event loop's thread (with the GIL), runs on
// the I/O thread (without Python), and completes its asyncio future on the loop's thread: the I/O
// thread queues the outcome on the loop's notifier and wakes it through an eventfd the loop
// watches (loop.add_reader), so it never waits for the GIL. Results become Python objects on the
// loop's thread.
//
// Objects the I/O thread uses (connections, cursors, statements, pools, borrowed handles) are only
// touched there: they are owned through shared pointers whose deleter runs on the I/O thread.
#include <sys/eventfd.h>
#include <unistd.h>

#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <list>
#include <memory>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "aio_lobs.hpp"
#include "ifx/async_connection.hpp"
#include "ifx/async_pool.hpp"
#include "ifx/async_smart_lob.hpp"
#include "module.hpp"

namespace informix_py {
namespace {

// ---- the I/O thread --------------------------------------------------------------------------------

class io_thread {
public:
    io_thread() : work_(ctx_.get_executor()) {
        thread_ = std::thread([this] { ctx_.run(); });
    }
    asio::io_context& context() { return ctx_; }
    bool on_thread() const { return std::this_thread::get_id() == thread_.get_id(); }
    bool stopped() const { return stopped_.load(); }
    /// Stops the loop and joins the thread (at interpreter exit). Operations still in flight never
    /// complete; objects released later are destroyed where they are released.
    void stop() {
        if (stopped_.exchange(true)) return;
        work_.reset();
        ctx_.stop();
        if (thread_.joinable()) {
            if (PyGILState_Check()) {
                py::gil_scoped_release nogil;
                thread_.join();
            } else {
                thread_.join();
            }
        }
    }

private:
    asio::io_context ctx_{1};
    asio::executor_work_guard<asio::io_context::executor_type> work_;
    std::thread thread_;
    std::atomic<bool> stopped_{false};
};

std::mutex io_mutex;
io_thread* io_instance = nullptr;  // never deleted: library objects may refer to its context until exit

io_thread& io() {
    std::lock_guard lock(io_mutex);
    if (!io_instance) io_instance = new io_thread;
    return *io_instance;
}

/// Runs f on the I/O thread (now, when called there).
void on_io(std::function<void()> f) {
    auto& t = io();
    if (t.stopped()) throw_client(ifx::errc::not_connected, "informix_db.aio has been shut down");
    asio::post(t.context(), std::move(f));
}

/// Deletes p on the I/O thread (or here when that thread is gone, or is this one).
template <class T>
void dispose(T* p) {
    io_thread* t = nullptr;
    {
        std::lock_guard lock(io_mutex);
        t = io_instance;
    }
    if (!t || t->stopped() || t->on_thread()) {
        if (PyGILState_Check()) {
            py::gil_scoped_release nogil;
            delete p;
        } else {
            delete p;
        }
        return;
    }
    asio::post(t->context(), [p] { delete p; });
}

template <class T, class... Args>
std::shared_ptr<T> make_io_owned(Args&&... args) {
    return std::shared_ptr<T>(new T(std::forward<Args>(args)...), [](T* p) { dispose(p); });
}

// ---- completions -----------------------------------------------------------------------------------

/// The outcome of an operation on its way to the event loop.
struct completion {
    PyObject* future = nullptr;  // a strong reference, taken and dropped with the GIL
    std::error_code ec;
    ifx::diagnostics diag;
    std::function<py::object()> result;  // made on the loop's thread; empty: None
};

/// One per event loop: the queue of completions and the eventfd that wakes the loop for them.
class notifier {
public:
    notifier() : fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
        if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "eventfd");
    }
    ~notifier() { ::close(fd_); }
    notifier(const notifier&) = delete;
    notifier& operator=(const notifier&) = delete;

    int fd() const { return fd_; }

    /// Any thread, no GIL.
    void push(completion c) {
        bool wake = false;
        {
            std::lock_guard lock(mu_);
            ready_.push_back(std::move(c));
            wake = !signalled_;
            signalled_ = true;
        }
        if (wake) {
            const std::uint64_t one = 1;
            [[maybe_unused]] auto n = ::write(fd_, &one, sizeof one);
        }
    }

    /// The loop's reader callback: completes the futures of every queued outcome.
    void drain() {
        std::uint64_t count = 0;
        [[maybe_unused]] auto n = ::read(fd_, &count, sizeof count);
        std::vector<completion> batch;
        {
            std::lock_guard lock(mu_);
            batch.swap(ready_);
            signalled_ = false;
        }
        for (auto& c : batch) deliver(c);
    }

private:
    static void deliver(completion& c) {
        py::object fut = py::reinterpret_steal<py::object>(c.future);
        c.future = nullptr;
        if (fut.attr("done")().cast<bool>()) return;  // cancelled meanwhile: the outcome is dropped
        try {
            if (c.ec)
                fut.attr("set_exception")(make_python_error(c.ec, c.diag));
            else
                fut.attr("set_result")(c.result ? c.result() : py::none());
        } catch (py::error_already_set& e) {
            fut.attr("set_exception")(e.value());
        } catch (const ifx::error& e) {
            fut.attr("set_exception")(make_python_error(e.code(), e.diag()));
        }
    }

    int fd_;
    std::mutex mu_;
    std::vector<completion> ready_;
    bool signalled_ = false;
};

/// One operation in flight: where its outcome goes, and whether it has finished (I/O thread).
struct op_state {
    std::shared_ptr<notifier> n;
    PyObject* future = nullptr;
    ifx::diagnostics diag;
    bool done = false;
    std::shared_ptr<asio::cancellation_signal> signal;  // pool acquires

    op_state(std::shared_ptr<notifier> to, py::object fut) : n(std::move(to)), future(fut.release().ptr()) {}
    op_state(const op_state&) = delete;
    op_state& operator=(const op_state&) = delete;

    void finish(std::error_code ec, std::function<py::object()> result = {}) {
        if (done) return;
        done = true;
        n->push(completion{std::exchange(future, nullptr), ec, ec ? diag : ifx::diagnostics{},
                           std::move(result)});
    }
    void fail(std::error_code ec, std::string message) {
        diag.clear();
        diag.client_message = std::move(message);
        finish(ec);
    }
};

using op_ptr = std::shared_ptr<op_state>;

// ---- connections ------------------------------------------------------------------------------------

struct aio_cursor_core;

/// One async session (owned, or borrowed from an async pool). I/O thread only, except the
/// read-only queries the loop makes while no operation runs (see aio_session).
struct aio_core {
    std::unique_ptr<ifx::async_connection> owned;
    ifx::async_pooled_connection pooled;
    ifx::async_connection* c = nullptr;
    bool is_pooled = false;
    std::atomic<bool> finished{false};  // atomics: the loop's thread reads them
    std::atomic<bool> aborted{false};   // an operation was cancelled: the connection is closed
    op_ptr current;                     // the operation in flight
    std::list<std::pair<std::string, std::shared_ptr<ifx::async_statement>>> lru;
    std::unordered_map<std::string, decltype(lru)::iterator> index;
    std::size_t cache_capacity = 32;
    /// The cursors opened on this session, closed before it closes or goes back to its pool (a
    /// pool closes a connection returned with a cursor open).
    std::vector<std::weak_ptr<aio_cursor_core>> cursors;

    /// Closes every cursor still open (their CLOSE/RELEASE go out with the next request) and
    /// empties their batches; later takes on them fail. No operation may be in flight.
    void close_cursors() noexcept;

    bool begin(const op_ptr& op) {
        if (finished || !c) {
            op->fail(ifx::errc::not_connected,
                     is_pooled ? "the connection was given back to the pool" : "the connection is closed");
            return false;
        }
        if (aborted) {  // the cancelled operation may still be completing: never start another
            op->fail(ifx::errc::connection_closed,
                     "the connection was closed when an operation on it was cancelled");
            return false;
        }
        current = op;
        return true;
    }
    void end(const op_ptr& op) {
        if (current == op) current.reset();
    }

    /// Calls next(statement) with the cached statement for sql, prepared first when missing.
    void with_statement(const std::string& sql, const op_ptr& op,
                        std::function<void(ifx::async_statement&)> next) {
        if (auto it = index.find(sql); it != index.end()) {
            if (it->second->second->valid()) {
                lru.splice(lru.begin(), lru, it->second);
                return next(*lru.front().second);
            }
            lru.erase(it->second);
            index.erase(it);
        }
        c->async_prepare(
            sql, op->diag,
            [this, sql, op, next = std::move(next)](std::error_code ec, ifx::async_statement st) {
                if (ec) {
                    end(op);
                    return op->finish(ec);
                }
                lru.emplace_front(sql, std::make_shared<ifx::async_statement>(std::move(st)));
                index[sql] = lru.begin();
                if (lru.size() > cache_capacity) {
                    index.erase(lru.back().first);
                    lru.pop_back();  // its release goes out with the next request
                }
                next(*lru.front().second);
            });
    }
};

/// The session's connection for the next step of a multi-step operation, while it is usable.
step_connection steps_on(const std::shared_ptr<aio_core>& s) {
    return [s] { return s->finished || s->aborted ? nullptr : s->c; };
}

/// Creates the objects of the pack's Blob/Clob parameters, then calls next(); a failure ends
/// the operation.
void with_lobs_bound(const std::shared_ptr<aio_core>& s, const op_ptr& op,
                     const std::shared_ptr<param_pack>& pack, std::function<void()> next) {
    if (pack->deferred_lobs.empty()) return next();
    bind_deferred_lobs(steps_on(s), pack, op->diag, [s, op, next = std::move(next)](std::error_code ec) {
        if (!ec) return next();
        s->end(op);
        op->finish(ec);
    });
}

/// A result being read on the loop's thread from batches the I/O thread fetched.
struct aio_cursor_core {
    std::shared_ptr<aio_core> s;
    ifx::async_cursor cursor;         // I/O thread only
    ifx::async_scroll_cursor scroll;  // I/O thread only (scrollable)
    bool scrollable = false;
    bool lob_locators = false;
    /// The BLOB/CLOB columns whose content is read (lob_locators false), with their kinds; set
    /// with the conversion plan, before any fetch.
    std::vector<std::pair<std::size_t, ifx::lob_locator::kind>> content_columns;
    // Loop thread only (written by the I/O thread's fetch before its completion is queued):
    ifx::rows_view batch;
    std::size_t pos = 0;
    bool done = false;
    std::int64_t rows_read = 0;
    /// Scroll cursors: the row the last move landed on, not yet taken, and the 0-based index of
    /// the row the next take returns.
    std::optional<ifx::row_view> scroll_row;
    std::int64_t next_index = 0;
    /// The BLOB/CLOB content read for the next rows to take (from `pos` on; scroll cursors: for
    /// scroll_row), one entry per row holding one per content column. Written by read_lobs.
    std::deque<std::vector<std::string>> contents;

    const std::vector<ifx::column_info>& columns() const {
        return scrollable ? scroll.columns() : cursor.columns();
    }
};

void aio_core::close_cursors() noexcept {
    for (auto& w : cursors) {
        if (auto cc = w.lock()) {
            cc->cursor = ifx::async_cursor{};
            cc->scroll = ifx::async_scroll_cursor{};
            cc->scroll_row.reset();
            cc->contents.clear();
            cc->batch = {};
            cc->pos = 0;
            cc->done = true;
        }
    }
    cursors.clear();
}

struct aio_op {
    std::weak_ptr<op_state> op;
    std::weak_ptr<aio_core> core;

    /// Called when the asyncio future was cancelled: an operation still in flight is abandoned by
    /// closing its connection (SQLI has no interrupt), a pool acquire is withdrawn.
    void cancel() noexcept {
        auto o = op.lock();
        if (!o) return;
        auto s = core.lock();
        // Marked now, on the loop's thread, so that what the loop does next (is_open(), the
        // rollback of `async with`) finds the connection closed without racing the abort below.
        // An operation that completed meanwhile leaves a sound connection that is not used again.
        if (s && !o->signal) s->aborted = true;
        io_thread& t = io();
        if (t.stopped()) return;
        asio::post(t.context(), [o, s] {
            if (o->done) return;
            if (o->signal) return o->signal->emit(asio::cancellation_type::terminal);
            if (s && s->current == o && s->c) {
                s->aborted = true;
                s->c->abort();
            }
        });
    }
};

struct aio_cursor {
    std::shared_ptr<aio_cursor_core> core;
    std::vector<conv> plan;
    py::object description;

    /// Up to n rows from the batch at hand (no I/O). With BLOB/CLOB content columns, only the
    /// rows whose content read_lobs has read (needs_lobs tells when the next has none yet).
    py::list take(std::int64_t n) {
        py::list out;
        if (!core) throw_client(ifx::errc::cursor_closed, "the cursor is closed");
        auto& c = *core;
        if (c.s->finished) throw_client(ifx::errc::cursor_closed, "the cursor's connection is closed");
        const bool content = !c.content_columns.empty();
        auto row_object = [&](const ifx::row_view& row) {
            if (!content) return convert_row(row, plan, nullptr);
            py::object r = convert_row(row, plan, std::span<const std::string>(c.contents.front()));
            c.contents.pop_front();
            return r;
        };
        if (c.scrollable) {
            if (n > 0 && c.scroll_row && (!content || !c.contents.empty())) {
                out.append(row_object(*c.scroll_row));
                c.scroll_row.reset();
                ++c.next_index;
                ++c.rows_read;
            }
            return out;
        }
        for (; n > 0 && c.pos < c.batch.size() && (!content || !c.contents.empty()); --n) {
            out.append(row_object(c.batch[c.pos]));
            ++c.pos;
            ++c.rows_read;
        }
        return out;
    }

    /// True when the next row to take waits for its BLOB/CLOB content (read_lobs).
    bool needs_lobs() const {
        if (!core || core->content_columns.empty() || !core->contents.empty()) return false;
        return core->scrollable ? core->scroll_row.has_value() : core->pos < core->batch.size();
    }

    /// Reads the BLOB/CLOB content of the next rows to take, up to n of them (scroll cursors: of
    /// the row at hand), on the I/O thread: each object opened, read whole and closed in turn.
    aio_op read_lobs(std::int64_t n, std::shared_ptr<notifier> to, py::object fut) {
        if (!core) throw_client(ifx::errc::cursor_closed, "the cursor is closed");
        auto cc = core;
        const std::size_t width = cc->content_columns.size();
        std::vector<std::optional<ifx::lob_locator>> locators;
        auto add_row = [&](const ifx::row_view& row) {
            for (const auto& [i, kind] : cc->content_columns) {
                if (row.is_null(i)) {
                    locators.emplace_back();
                    continue;
                }
                ifx::lob_locator loc;
                check(row.get(i, loc), {});
                loc.type = kind;  // decides how the content is read (text for a CLOB)
                locators.push_back(loc);
            }
        };
        if (cc->scrollable) {
            if (cc->scroll_row && cc->contents.empty()) add_row(*cc->scroll_row);
        } else {
            for (std::size_t k = cc->pos + cc->contents.size(); k < cc->batch.size() && n > 0; ++k, --n)
                add_row(cc->batch[k]);
        }
        auto op = std::make_shared<op_state>(std::move(to), std::move(fut));
        on_io([op, cc, width, locators = std::move(locators)]() mutable {
            if (!cc->s->begin(op)) return;
            read_lob_contents(steps_on(cc->s), std::move(locators), op->diag,
                              [op, cc, width](std::error_code ec, std::vector<std::string> all) {
                                  cc->s->end(op);
                                  for (std::size_t at = 0; !ec && at < all.size(); at += width)
                                      cc->contents.emplace_back(
                                          std::make_move_iterator(all.begin() + at),
                                          std::make_move_iterator(all.begin() + at + width));
                                  op->finish(ec);
                              });
        });
        return aio_op{op, cc->s};
    }

    /// Scroll cursors: moves to the row at 0-based `index`, which the next take returns;
    /// completes with False (the next row unchanged) when that row does not exist.
    aio_op scroll_to(std::int64_t index, std::shared_ptr<notifier> n, py::object fut) {
        if (!core) throw_client(ifx::errc::cursor_closed, "the cursor is closed");
        if (!core->scrollable)
            throw_client(ifx::errc::not_supported, "scroll() needs a cursor made with scrollable=True");
        auto op = std::make_shared<op_state>(std::move(n), std::move(fut));
        auto cc = core;
        if (index < 0 || index >= INT32_MAX) {
            on_io([op] { op->finish({}, [] { return py::bool_(false); }); });
            return aio_op{op, core->s};
        }
        on_io([op, cc, index] {
            if (!cc->s->begin(op)) return;
            cc->scroll.async_absolute(static_cast<std::int32_t>(index + 1), op->diag,
                                      [op, cc, index](std::error_code ec, std::optional<ifx::row_view> row) {
                                          cc->s->end(op);
                                          const bool found = !ec && row.has_value();
                                          cc->contents.clear();
                                          if (found) {
                                              cc->scroll_row = row;
                                              cc->next_index = index;
                                              cc->done = false;
                                          } else {
                                              cc->scroll_row.reset();  // the next fetch moves back
                                          }
                                          op->finish(ec, [found] { return py::bool_(found); });
                                      });
        });
        return aio_op{op, core->s};
    }

    /// Fetches the next batch (scroll cursors: the next row); completes with True when it holds rows.
    aio_op fetch(std::shared_ptr<notifier> n, py::object fut) {
        if (!core) throw_client(ifx::errc::cursor_closed, "the cursor is closed");
        auto op = std::make_shared<op_state>(std::move(n), std::move(fut));
        auto cc = core;
        if (cc->scrollable) {
            on_io([op, cc] {
                if (!cc->s->begin(op)) return;
                auto landed = [op, cc](std::error_code ec, std::optional<ifx::row_view> row) {
                    cc->s->end(op);
                    if (!ec) {
                        cc->scroll_row = row;
                        cc->contents.clear();
                        cc->done = !row;
                    }
                    op->finish(ec, [cc] { return py::bool_(!cc->done); });
                };
                // position() is the 1-based current row: when it precedes next_index's row, next() reads it.
                if (cc->scroll.position() == cc->next_index)
                    cc->scroll.async_next(op->diag, landed);
                else
                    cc->scroll.async_absolute(static_cast<std::int32_t>(cc->next_index + 1), op->diag,
                                              landed);
            });
            return aio_op{op, core->s};
        }
        on_io([op, cc] {
            if (!cc->s->begin(op)) return;
            cc->cursor.async_fetch(op->diag, [op, cc](std::error_code ec, ifx::rows_view rows) {
                cc->s->end(op);
                if (!ec) {
                    cc->batch = rows;
                    cc->pos = 0;
                    cc->contents.clear();
                    if (rows.empty()) cc->done = true;
                }
                op->finish(ec, [cc] { return py::bool_(!cc->done); });
            });
        });
        return aio_op{op, core->s};
    }

    bool pending() const { return core && (core->pos < core->batch.size() || core->scroll_row); }
    bool done() const { return !core || (core->done && !pending()); }
    std::int64_t rows_read() const { return core ? core->rows_read : 0; }
    /// The 0-based index of the row the next fetch returns.
    std::int64_t row_number() const {
        return !core ? 0 : core->scrollable ? core->next_index : core->rows_read;
    }
    void close() { core.reset(); }  // the server cursor is closed with the connection's next request
};

py::object make_cursor(std::shared_ptr<aio_cursor_core> cc) {
    auto box = std::make_unique<aio_cursor>();
    box->plan = plan_columns(cc->columns(), cc->lob_locators);
    for (std::size_t i = 0; i < box->plan.size(); ++i)
        if (box->plan[i] == conv::blob || box->plan[i] == conv::clob)
            cc->content_columns.emplace_back(
                i, box->plan[i] == conv::clob ? ifx::lob_locator::kind::clob : ifx::lob_locator::kind::blob);
    box->description = describe(cc->columns());
    box->core = std::move(cc);
    return py::cast(std::move(box));
}

/// An open smart large object (informix_db.aio's AsyncLobStream): each call one operation on its
/// connection, run on the I/O thread like every other.
struct aio_lob_core {
    std::shared_ptr<aio_core> s;
    ifx::async_smart_lob lob;  // I/O thread only
    ifx::lob_locator locator;  // read on the loop's thread (set before the object is handed out)
};

struct aio_lob {
    std::shared_ptr<aio_lob_core> core;
    ifx::lob_locator locator_value;  // kept after close: the stream's object can still be bound

    std::shared_ptr<aio_lob_core> live() const {
        if (!core) throw_client(ifx::errc::cursor_closed, "the LOB stream is closed");
        if (core->s->finished)
            throw_client(ifx::errc::cursor_closed, "the LOB stream's connection is closed");
        return core;
    }

    /// Up to n bytes from the position (n < 0: to the end).
    aio_op read(std::int64_t n, std::shared_ptr<notifier> to, py::object fut) {
        auto lc = live();
        auto op = std::make_shared<op_state>(std::move(to), std::move(fut));
        on_io([op, lc, n] {
            if (!lc->s->begin(op)) return;
            if (n < 0) {
                lc->lob.async_read_all([op, lc](std::error_code ec, std::vector<std::byte> all) {
                    lc->s->end(op);
                    auto data = std::make_shared<std::vector<std::byte>>(std::move(all));
                    op->finish(ec, [data] {
                        return py::bytes(reinterpret_cast<const char*>(data->data()), data->size());
                    });
                });
                return;
            }
            auto buf = std::make_shared<std::string>(static_cast<std::size_t>(n), '\0');
            lc->lob.async_read(std::span<std::byte>(reinterpret_cast<std::byte*>(buf->data()), buf->size()),
                               op->diag, [op, lc, buf](std::error_code ec, std::size_t got) {
                                   lc->s->end(op);
                                   buf->resize(ec ? 0 : got);
                                   op->finish(ec, [buf] { return py::bytes(*buf); });
                               });
        });
        return aio_op{op, lc->s};
    }

    /// Writes the bytes at the position; completes with their count.
    aio_op write(py::buffer b, std::shared_ptr<notifier> to, py::object fut) {
        auto lc = live();
        py::buffer_info info = b.request();
        auto data = std::make_shared<std::string>(static_cast<const char*>(info.ptr),
                                                  static_cast<std::size_t>(info.size * info.itemsize));
        auto op = std::make_shared<op_state>(std::move(to), std::move(fut));
        on_io([op, lc, data] {
            if (!lc->s->begin(op)) return;
            lc->lob.async_write(
                std::span<const std::byte>(reinterpret_cast<const std::byte*>(data->data()), data->size()),
                op->diag, [op, lc, data](std::error_code ec, std::size_t written) {
                    lc->s->end(op);
                    op->finish(ec, [written] { return py::int_(written); });
                });
        });
        return aio_op{op, lc->s};
    }

    /// 0 seek (offset, whence), 1 tell, 2 size: completes with the position or size.
    aio_op position(int what, std::int64_t offset, int whence, std::shared_ptr<notifier> to, py::object fut) {
        auto lc = live();
        auto op = std::make_shared<op_state>(std::move(to), std::move(fut));
        on_io([op, lc, what, offset, whence] {
            if (!lc->s->begin(op)) return;
            auto done = [op, lc](std::error_code ec, std::int64_t v) {
                lc->s->end(op);
                op->finish(ec, [v] { return py::int_(v); });
            };
            if (what == 0)
                lc->lob.async_seek(offset, static_cast<ifx::lob_whence>(whence), done);
            else if (what == 1)
                lc->lob.async_tell(done);
            else
                lc->lob.async_size(done);
        });
        return aio_op{op, lc->s};
    }

    /// Closes the descriptor (ifx_lo_close); the stream is closed from the call on.
    aio_op close(std::shared_ptr<notifier> to, py::object fut) {
        auto op = std::make_shared<op_state>(std::move(to), std::move(fut));
        auto lc = std::exchange(core, nullptr);
        if (!lc || lc->s->finished) {
            on_io([op] { op->finish({}); });
            return aio_op{op, lc ? lc->s : nullptr};
        }
        on_io([op, lc] {
            if (!lc->s->begin(op)) return;
            lc->lob.async_close([op, lc](std::error_code ec) {
                lc->s->end(op);
                op->finish(ec);
            });
        });
        return aio_op{op, lc->s};
    }

    bool closed() const { return !core; }
    lob_locator_box locator() const { return lob_locator_box{locator_value}; }
};

struct aio_session {
    std::shared_ptr<aio_core> core;

    /// Runs a statement; its Blob/Clob parameters' objects are created first. A query completes
    /// with a cursor whose BLOB/CLOB columns give their content, or LobLocators (lob_locators).
    aio_op run(const std::string& sql, py::handle params, int kind, bool scrollable, bool hold,
               bool lob_locators, std::shared_ptr<notifier> n, py::object fut) {
        auto pack = std::make_shared<param_pack>();
        pack->own = true;
        add_params(*pack, params, nullptr);
        auto op = std::make_shared<op_state>(std::move(n), std::move(fut));
        auto s = core;
        on_io([op, s, pack, sql, kind, scrollable, hold, lob_locators] {
            if (!s->begin(op)) return;
            with_lobs_bound(s, op, pack, [op, s, pack, sql, kind, scrollable, hold, lob_locators] {
                const std::span<const ifx::param> values(pack->values);
                if (kind != 0 && !scrollable && !hold) {
                    s->c->async_execute(sql, values, op->diag,
                                        [op, s, pack](std::error_code ec, ifx::exec_result r) {
                                            s->end(op);
                                            op->finish(ec, [r] { return done_tuple(r); });
                                        });
                    return;
                }
                s->with_statement(
                    sql, op, [op, s, pack, sql, scrollable, hold, lob_locators](ifx::async_statement& st) {
                        const std::span<const ifx::param> vals(pack->values);
                        if (!st.returns_rows()) {
                            s->c->async_execute(st, vals, op->diag,
                                                [op, s, pack](std::error_code ec, ifx::exec_result r) {
                                                    s->end(op);
                                                    op->finish(ec, [r] { return done_tuple(r); });
                                                });
                            return;
                        }
                        const auto type = st.statement_type();
                        const auto opened = [op, s, type, lob_locators](std::error_code ec,
                                                                        std::shared_ptr<aio_cursor_core> cc) {
                            s->end(op);
                            if (ec) return op->finish(ec);
                            cc->s = s;
                            cc->lob_locators = lob_locators;
                            std::erase_if(s->cursors, [](const auto& w) { return w.expired(); });
                            s->cursors.push_back(cc);
                            op->finish(ec, [cc, type] {
                                return py::make_tuple(make_cursor(cc), -1, py::none(), type);
                            });
                        };
                        const ifx::cursor_options options{.with_hold = hold};
                        if (scrollable) {
                            // As the sync module: a scroll or hold cursor is opened from the SQL text.
                            s->c->async_open_scroll_cursor(
                                options, sql, vals, op->diag,
                                [pack, opened](std::error_code ec, ifx::async_scroll_cursor cur) {
                                    auto cc = make_io_owned<aio_cursor_core>();
                                    cc->scrollable = true;
                                    cc->scroll = std::move(cur);
                                    opened(ec, std::move(cc));
                                });
                            return;
                        }
                        auto with_cursor = [pack, opened](std::error_code ec, ifx::async_cursor cur) {
                            auto cc = make_io_owned<aio_cursor_core>();
                            cc->cursor = std::move(cur);
                            opened(ec, std::move(cc));
                        };
                        if (hold)
                            s->c->async_open_cursor(options, sql, vals, op->diag, with_cursor);
                        else
                            s->c->async_open_cursor(st, vals, op->diag, with_cursor);
                    });
            });
        });
        return aio_op{op, core};
    }

    aio_op execute_many(const std::string& sql, py::handle rows, std::shared_ptr<notifier> n,
                        py::object fut) {
        auto pack = std::make_shared<param_pack>();
        pack->own = true;
        std::ptrdiff_t width = -1;
        std::size_t count = 0;
        for (auto row : py::iter(rows)) {
            const auto before = pack->values.size();
            add_params(*pack, row, nullptr);
            const auto w = static_cast<std::ptrdiff_t>(pack->values.size() - before);
            if (width < 0) width = w;
            if (w != width)
                throw_client(ifx::errc::invalid_argument,
                             "executemany: row " + std::to_string(count) + " has " + std::to_string(w) +
                                 " values, the first had " + std::to_string(width));
            ++count;
        }
        auto op = std::make_shared<op_state>(std::move(n), std::move(fut));
        if (count == 0) {
            on_io([op] { op->finish({}, [] { return py::make_tuple(0, 0, 0); }); });
            return aio_op{op, core};
        }
        if (width == 0)
            throw_client(ifx::errc::not_supported, "informix_db.aio executemany needs parameter markers");
        auto s = core;
        on_io([op, s, pack, sql, width] {
            if (!s->begin(op)) return;
            with_lobs_bound(s, op, pack, [op, s, pack, sql, width] {
                s->c->async_prepare(
                    sql, op->diag, [op, s, pack, width](std::error_code ec, ifx::async_statement st) {
                        if (ec) {
                            s->end(op);
                            return op->finish(ec);
                        }
                        auto stmt = std::make_shared<ifx::async_statement>(std::move(st));
                        s->c->async_execute_many(
                            *stmt, pack->values, static_cast<std::size_t>(width), 4096, op->diag,
                            [op, s, pack, stmt](std::error_code e, ifx::batch_result r) {
                                s->end(op);
                                op->finish(e, [r] {
                                    return py::make_tuple(r.affected_rows, r.rows_sent, r.round_trips);
                                });
                            });
                    });
            });
        });
        return aio_op{op, core};
    }

    /// The values a routine returns through the fast path, as a list (empty: none).
    aio_op fast_path_call(const std::string& signature, py::handle params, std::shared_ptr<notifier> n,
                          py::object fut) {
        auto pack = std::make_shared<param_pack>();
        pack->own = true;
        add_params(*pack, params, nullptr);
        auto op = std::make_shared<op_state>(std::move(n), std::move(fut));
        auto s = core;
        on_io([op, s, pack, signature] {
            if (!s->begin(op)) return;
            with_lobs_bound(s, op, pack, [op, s, pack, signature] {
                s->c->async_fast_path_call(signature, pack->values, op->diag,
                                           [op, s, pack](std::error_code ec, ifx::result r) {
                                               s->end(op);
                                               auto kept = std::make_shared<ifx::result>(std::move(r));
                                               op->finish(ec, [kept] {
                                                   py::list out;
                                                   if (kept->empty()) return py::object(out);
                                                   const auto plan = plan_columns(kept->columns(), true);
                                                   for (auto v : py::reinterpret_steal<py::tuple>(
                                                            convert_row((*kept)[0], plan, nullptr).release()))
                                                       out.append(v);
                                                   return py::object(out);
                                               });
                                           });
            });
        });
        return aio_op{op, core};
    }

    /// Opens a locator (mode: the server's LO_* flags), or creates an empty BLOB/CLOB when
    /// `locator` is None: completes with an AioLob.
    aio_op open_lob(py::object locator, bool clob, int mode, std::shared_ptr<notifier> n, py::object fut) {
        std::optional<ifx::lob_locator> loc;
        if (!locator.is_none()) loc = locator.cast<const lob_locator_box&>().value;
        auto op = std::make_shared<op_state>(std::move(n), std::move(fut));
        auto s = core;
        on_io([op, s, loc, clob, mode] {
            if (!s->begin(op)) return;
            auto opened = [op, s](std::error_code ec, ifx::async_smart_lob lob) {
                s->end(op);
                if (ec) return op->finish(ec);
                auto lc = make_io_owned<aio_lob_core>();
                lc->s = s;
                lc->locator = lob.locator();
                lc->lob = std::move(lob);
                op->finish(ec, [lc] { return py::cast(aio_lob{lc, lc->locator}); });
            };
            const auto m = static_cast<ifx::lob_mode>(mode);
            if (loc)
                ifx::async_smart_lob::async_open(*s->c, *loc, m, op->diag, opened);
            else
                ifx::async_smart_lob::async_create(
                    *s->c, clob ? ifx::lob_locator::kind::clob : ifx::lob_locator::kind::blob, m, op->diag,
                    opened);
        });
        return aio_op{op, core};
    }

    aio_op release_lob(const lob_locator_box& locator, std::shared_ptr<notifier> n, py::object fut) {
        auto op = std::make_shared<op_state>(std::move(n), std::move(fut));
        auto s = core;
        on_io([op, s, loc = locator.value] {
            if (!s->begin(op)) return;
            ifx::async_smart_lob::async_release(*s->c, loc, [op, s](std::error_code ec) {
                s->end(op);
                op->finish(ec);
            });
        });
        return aio_op{op, core};
    }

    /// 0 begin, 1 commit, 2 rollback, 3 close statements.
    aio_op transaction(int what, std::shared_ptr<notifier> n, py::object fut) {
        auto op = std::make_shared<op_state>(std::move(n), std::move(fut));
        auto s = core;
        on_io([op, s, what] {
            if (!s->begin(op)) return;
            auto done = [op, s](std::error_code ec) {
                s->end(op);
                op->finish(ec);
            };
            if (what == 0)
                s->c->async_begin(op->diag, done);
            else if (what == 1)
                s->c->async_commit(op->diag, done);
            else if (what == 2)
                s->c->async_rollback(op->diag, done);
            else {
                s->index.clear();
                s->lru.clear();
                s->c->async_close_statements(done);
            }
        });
        return aio_op{op, core};
    }

    /// Closes the session (SQ_EXIT) or, for a pooled one, gives it back after releasing the
    /// statements it prepared (the pool rolls back what is still open).
    aio_op close(std::shared_ptr<notifier> n, py::object fut) {
        auto op = std::make_shared<op_state>(std::move(n), std::move(fut));
        auto s = core;
        on_io([op, s] {
            if (s->finished) return op->finish({});
            s->close_cursors();
            s->index.clear();
            s->lru.clear();
            if (s->is_pooled) {
                auto give_back = [op, s](std::error_code) {
                    s->finished = true;
                    s->c = nullptr;
                    s->pooled.release();
                    op->finish({});
                };
                if (s->c->is_open() && !s->c->busy() &&
                    (s->c->open_statements() > 0 || s->c->pending_frees() > 0))
                    return s->c->async_close_statements(give_back);
                return give_back({});
            }
            s->c->async_close([op, s](std::error_code) {
                s->finished = true;
                s->c = nullptr;
                op->finish({});
            });
        });
        return aio_op{op, core};
    }

    // Read while no operation of this session runs (the package serialises them with a lock), so
    // the I/O thread is not touching the connection.
    bool in_transaction() const { return !core->finished && core->c && core->c->in_transaction(); }
    bool is_open() const { return !core->finished && !core->aborted && core->c && core->c->is_open(); }
    py::dict info() const {
        if (core->finished || !core->c) throw_client(ifx::errc::not_connected, "the connection is closed");
        return session_info_dict(core->c->info());
    }
};

py::object make_session(std::shared_ptr<aio_core> core) {
    auto box = std::make_unique<aio_session>();
    box->core = std::move(core);
    return py::cast(std::move(box));
}

aio_op connect(const py::dict& options, std::shared_ptr<notifier> n, py::object fut) {
    const auto params = make_params(options);
    auto op = std::make_shared<op_state>(std::move(n), std::move(fut));
    auto s = make_io_owned<aio_core>();
    on_io([op, s, params] {
        s->owned = std::make_unique<ifx::async_connection>(io().context());
        s->c = s->owned.get();
        s->current = op;
        s->c->async_connect(params, op->diag, [op, s](std::error_code ec) {
            s->end(op);
            if (ec) s->finished = true;
            op->finish(ec, [s] { return make_session(s); });
        });
    });
    return aio_op{op, s};
}

// ---- pools --------------------------------------------------------------------------------------------

struct aio_pool_core {
    std::unique_ptr<ifx::async_pool> pool;  // I/O thread only
    std::chrono::milliseconds acquire_timeout{30'000};
};

struct aio_pool {
    std::shared_ptr<aio_pool_core> core;

    aio_op acquire(py::handle timeout, std::shared_ptr<notifier> n, py::object fut) {
        const bool wait_default = timeout.is_none();
        const auto wait = wait_default ? core->acquire_timeout : millis(timeout);
        auto op = std::make_shared<op_state>(std::move(n), std::move(fut));
        op->signal = std::make_shared<asio::cancellation_signal>();
        auto p = core;
        on_io([op, p, wait] {
            if (!p->pool || p->pool->closed()) return op->fail(ifx::errc::pool_closed, "the pool is closed");
            auto handler = asio::bind_cancellation_slot(
                op->signal->slot(), [op](std::error_code ec, ifx::async_pooled_connection c) {
                    if (ec) return op->finish(ec);
                    auto s = make_io_owned<aio_core>();
                    s->is_pooled = true;
                    s->pooled = std::move(c);
                    s->c = &*s->pooled;
                    op->finish(ec, [s] { return make_session(s); });
                });
            p->pool->async_acquire(wait, op->diag, std::move(handler));
        });
        return aio_op{op, {}};
    }

    aio_op close(double timeout, std::shared_ptr<notifier> n, py::object fut) {
        auto op = std::make_shared<op_state>(std::move(n), std::move(fut));
        auto p = core;
        const auto t = std::chrono::milliseconds(static_cast<long long>(timeout * 1000.0));
        on_io([op, p, t] {
            if (!p->pool) return op->finish({}, [] { return py::bool_(true); });
            p->pool->async_close(
                t, [op](std::error_code ec) { op->finish({}, [ok = !ec] { return py::bool_(ok); }); });
        });
        return aio_op{op, {}};
    }

    /// A snapshot taken on the I/O thread (the caller waits without the GIL).
    py::dict stats() {
        auto p = core;
        std::promise<ifx::pool_stats> result;
        auto done = result.get_future();
        on_io([p, &result] {
            try {
                result.set_value(p->pool ? p->pool->stats() : ifx::pool_stats{});
            } catch (...) {
                result.set_exception(std::current_exception());
            }
        });
        const auto st = [&] {
            py::gil_scoped_release nogil;
            return done.get();
        }();
        return pool_stats_dict(st);
    }
};

aio_op create_pool(const py::dict& options, const py::dict& pool_options, std::shared_ptr<notifier> n,
                   py::object fut) {
    const auto params = make_params(options);
    auto pp = make_pool_params(pool_options);
    auto op = std::make_shared<op_state>(std::move(n), std::move(fut));
    auto p = make_io_owned<aio_pool_core>();
    p->acquire_timeout = pp.acquire_timeout;
    on_io([op, p, params, pp] {
        try {
            p->pool = std::make_unique<ifx::async_pool>(io().context().get_executor(), params, pp);
        } catch (const ifx::error& e) {
            op->diag = e.diag();
            return op->finish(e.code());
        }
        op->finish({}, [p] {
            auto box = std::make_unique<aio_pool>();
            box->core = p;
            return py::cast(std::move(box));
        });
    });
    return aio_op{op, {}};
}

}  // namespace

void register_aio(py::module_& m) {
    py::class_<notifier, std::shared_ptr<notifier>>(m, "AioNotifier")
        .def(py::init<>())
        .def_property_readonly("fd", &notifier::fd)
        .def("drain", &notifier::drain);
    py::class_<aio_op>(m, "AioOp").def("cancel", &aio_op::cancel);
    py::class_<aio_cursor>(m, "AioCursor")
        .def_readonly("description", &aio_cursor::description)
        .def("take", &aio_cursor::take)
        .def("read_lobs", &aio_cursor::read_lobs)
        .def_property_readonly("needs_lobs", &aio_cursor::needs_lobs)
        .def("fetch", &aio_cursor::fetch)
        .def("scroll_to", &aio_cursor::scroll_to)
        .def_property_readonly("rownumber", &aio_cursor::row_number)
        .def_property_readonly("pending", &aio_cursor::pending)
        .def_property_readonly("done", &aio_cursor::done)
        .def_property_readonly("rows_read", &aio_cursor::rows_read)
        .def("close", &aio_cursor::close);
    py::class_<aio_lob>(m, "AioLob")
        .def("read", &aio_lob::read)
        .def("write", &aio_lob::write)
        .def("position", &aio_lob::position)
        .def("close", &aio_lob::close)
        .def_property_readonly("closed", &aio_lob::closed)
        .def_property_readonly("locator", &aio_lob::locator);
    py::class_<aio_session>(m, "AioSession")
        .def("run", &aio_session::run)
        .def("execute_many", &aio_session::execute_many)
        .def("transaction", &aio_session::transaction)
        .def("fast_path_call", &aio_session::fast_path_call)
        .def("open_lob", &aio_session::open_lob)
        .def("release_lob", &aio_session::release_lob)
        .def("close", &aio_session::close)
        .def("in_transaction", &aio_session::in_transaction)
        .def("is_open", &aio_session::is_open)
        .def("info", &aio_session::info)
        .def_property_readonly("pooled", [](const aio_session& s) { return s.core->is_pooled; })
        .def_property_readonly("finished", [](const aio_session& s) { return s.core->finished.load(); });
    py::class_<aio_pool>(m, "AioPool")
        .def("acquire", &aio_pool::acquire)
        .def("close", &aio_pool::close)
        .def("stats", &aio_pool::stats);
    m.def("aio_connect", &connect);
    m.def("aio_create_pool", &create_pool);
    m.def("aio_shutdown", [] {
        io_thread* t = nullptr;
        {
            std::lock_guard lock(io_mutex);
            t = io_instance;
        }
        if (t) t->stop();
    });
}

}  // namespace informix_py
