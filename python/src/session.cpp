// The synchronous half of the module: Session (connect, execute, transactions, LOBs), Cursor
// (streaming and scroll results), Pool (ifx::pool) and Lob (ifx::smart_lob). Network I/O runs with
// the GIL released; rows become Python objects only when fetched.
#include "session.hpp"

#include <chrono>
#include <optional>

#include "ifx/smart_lob.hpp"

namespace informix_py {

using ms = std::chrono::milliseconds;

ms millis(const py::handle& seconds) {
    return ms(static_cast<long long>(py::cast<double>(seconds) * 1000.0 + 0.5));
}

namespace {

ifx::tls_mode tls_mode_of(const std::string& m) {
    if (m == "disable") return ifx::tls_mode::disable;
    if (m == "insecure") return ifx::tls_mode::insecure;
    if (m == "verify_ca") return ifx::tls_mode::verify_ca;
    if (m == "verify_full") return ifx::tls_mode::verify_full;
    throw_client(ifx::errc::invalid_argument, "unknown TLS mode " + m);
}

}  // namespace

/// connect_params from the options informix_db.connect() collected (None = keep the default or
/// the URL's value).
ifx::connect_params make_params(const py::dict& o) {
    auto has = [&](const char* k) { return o.contains(k) && !o[k].is_none(); };
    auto str = [&](const char* k) { return py::cast<std::string>(o[k]); };
    ifx::connect_params p;
    if (has("url")) p = ifx::parse_url(str("url"));
    if (has("host")) p.host = str("host");
    if (has("port")) p.port = py::cast<std::uint16_t>(o["port"]);
    if (has("user")) p.user = str("user");
    if (has("password")) p.password = str("password");
    if (has("database")) p.database = str("database");
    if (has("server")) p.server = str("server");
    if (has("client_locale")) p.client_locale = str("client_locale");
    if (has("db_locale")) p.db_locale = str("db_locale");
    if (has("env"))
        for (auto item : py::cast<py::dict>(o["env"]))
            p.environment.emplace_back(py::str(item.first).cast<std::string>(),
                                       py::str(item.second).cast<std::string>());
    if (has("connect_timeout")) p.connect_timeout = millis(o["connect_timeout"]);
    if (has("read_timeout")) p.read_timeout = millis(o["read_timeout"]);
    if (has("tls")) p.tls = tls_mode_of(str("tls"));
    if (has("tls_ca_file")) p.tls_ca_file = str("tls_ca_file");
    if (has("tls_ca_dir")) p.tls_ca_dir = str("tls_ca_dir");
    if (has("tls_server_name")) p.tls_server_name = str("tls_server_name");
    if (has("fetch_buffer_size")) p.fetch_buffer_size = py::cast<std::uint32_t>(o["fetch_buffer_size"]);
    if (has("statement_cache_size"))
        p.statement_cache_size = py::cast<std::size_t>(o["statement_cache_size"]);
    if (has("trace") && py::cast<bool>(o["trace"])) p.trace = make_trace(py::none());
    return p;
}

py::object last_row_id(const ifx::exec_result& r) {
    if (r.bigserial && *r.bigserial != 0) return py::int_(*r.bigserial);
    if (r.serial8 != 0) return py::int_(r.serial8);
    if (r.serial != 0) return py::int_(r.serial);
    return py::none();
}

py::tuple done_tuple(const ifx::exec_result& r) {
    return py::make_tuple(py::none(), r.affected_rows, last_row_id(r), r.statement_type);
}

py::dict session_info_dict(const ifx::session_info& i) {
    py::dict d;
    d["server_version"] = i.server_version;
    d["database"] = i.database;
    d["logged"] = i.logged;
    d["ansi"] = i.ansi;
    d["locale"] = i.locale;
    d["codeset"] = std::string(ifx::to_string(i.text_codeset));
    return d;
}

py::dict pool_stats_dict(const ifx::pool_stats& st) {
    py::dict d;
    d["size"] = st.size;
    d["idle"] = st.idle;
    d["in_use"] = st.in_use;
    d["connecting"] = st.connecting;
    d["waiting"] = st.waiting;
    d["acquired"] = st.acquired;
    d["created"] = st.created;
    d["connect_failures"] = st.connect_failures;
    d["timeouts"] = st.timeouts;
    d["rollbacks"] = st.rollbacks;
    d["restores"] = st.restores;
    d["closed"] = st.closed_total();
    d["closed_broken"] = st.closed[static_cast<std::size_t>(ifx::pool_close_reason::broken)];
    d["closed_validation_failed"] =
        st.closed[static_cast<std::size_t>(ifx::pool_close_reason::validation_failed)];
    d["closed_reset_failed"] = st.closed[static_cast<std::size_t>(ifx::pool_close_reason::reset_failed)];
    d["closed_discarded"] = st.closed[static_cast<std::size_t>(ifx::pool_close_reason::discarded)];
    return d;
}

ifx::pool_params make_pool_params(const py::dict& pool_options) {
    ifx::pool_params pp;
    auto get = [&](const char* k) -> py::object {
        return pool_options.contains(k) ? py::reinterpret_borrow<py::object>(pool_options[k]) : py::none();
    };
    if (auto v = get("min_size"); !v.is_none()) pp.min_size = v.cast<std::size_t>();
    if (auto v = get("max_size"); !v.is_none()) pp.max_size = v.cast<std::size_t>();
    if (auto v = get("acquire_timeout"); !v.is_none()) pp.acquire_timeout = millis(v);
    if (auto v = get("max_idle"); !v.is_none()) pp.idle_timeout = millis(v);
    if (auto v = get("max_waiting"); !v.is_none()) pp.max_waiting = v.cast<std::size_t>();
    if (auto v = get("max_lifetime"); !v.is_none()) pp.max_lifetime = millis(v);
    if (auto v = get("health_check"); !v.is_none() && !v.cast<bool>()) {
        pp.validate_after_idle = std::chrono::hours(24 * 365);
        pp.keepalive_interval = std::chrono::milliseconds(0);
    }
    if (auto v = get("validate_after_idle"); !v.is_none()) pp.validate_after_idle = millis(v);
    if (auto v = get("cursor_close_delay"); !v.is_none()) pp.cursor_close_delay = millis(v);
    pp.log = make_pool_log();
    return pp;
}

// ---- session_core / cursor_core -----------------------------------------------------------------

ifx::connection& session_core::conn() {
    if (finished)
        throw_client(ifx::errc::not_connected,
                     is_pooled ? "the connection was given back to the pool" : "the connection is closed");
    return is_pooled ? *pooled : owned;
}

ifx::statement& session_core::statement_for(const std::string& sql) {
    if (auto it = index.find(sql); it != index.end()) {
        if (it->second->second.valid()) {
            lru.splice(lru.begin(), lru, it->second);
            return lru.front().second;
        }
        without_gil([&] { lru.erase(it->second); });
        index.erase(it);
    }
    auto& c = conn();
    ifx::statement st = without_gil([&] { return c.prepare(sql); });
    lru.emplace_front(sql, std::move(st));
    index[sql] = lru.begin();
    if (lru.size() > cache_capacity) {
        index.erase(lru.back().first);
        without_gil([&] { lru.pop_back(); });  // releases the statement on the server
    }
    return lru.front().second;
}

void session_core::drop_statements() noexcept {
    index.clear();
    lru.clear();
}

void session_core::close_children() noexcept {
    for (auto& w : cursors)
        if (auto c = w.lock()) c->close_locked();
    cursors.clear();
    index.clear();
    if (is_pooled && pooled && !finished) {
        ifx::connection& c = *pooled;
        if (c.is_open() && (c.open_statements() > 0 || c.pending_frees() > 0)) {
            std::error_code ec;
            ifx::diagnostics diag;
            c.close_statements(ec, diag);  // invalidates the cached statements: no I/O below
        }
    }
    lru.clear();
}

void cursor_core::close_locked() noexcept {
    std::error_code ec;
    ifx::diagnostics diag;
    if (scrollable)
        scroll.close(ec, diag);
    else
        forward.close(ec, diag);
    batch = {};
    done = true;
}

namespace {

// ---- Python classes -------------------------------------------------------------------------------

struct py_cursor;

struct py_session {
    std::shared_ptr<session_core> core;

    ~py_session() {
        if (!core) return;
        // A session dropped without close(): closed (or given back) here, never with the GIL held.
        without_gil([&] {
            std::lock_guard lock(core->mu);
            finish_locked();
        });
    }

    void finish_locked() noexcept {
        auto& s = *core;
        if (s.finished) return;
        if (s.is_pooled) {
            s.close_children();
            s.pooled.release();
        } else {
            s.owned.close();
            s.close_children();
        }
        s.finished = true;
    }

    void close() {
        gil_safe_lock lock(core->mu);
        without_gil([&] { finish_locked(); });
    }

    /// Discards a pooled connection instead of giving it back (after an error whose effect on the
    /// session is unknown).
    void discard() {
        gil_safe_lock lock(core->mu);
        without_gil([&] {
            auto& s = *core;
            if (s.finished) return;
            s.close_children();
            if (s.is_pooled)
                s.pooled.discard();
            else
                s.owned.close();
            s.finished = true;
        });
    }

    /// kind: 0 may return rows, 1 DML, 2 DDL (informix_db._sql.analyse).
    py::tuple run(const std::string& sql, py::handle params, int kind, bool scrollable, bool hold,
                  bool lob_locators);
    py::tuple execute_many(const std::string& sql, py::handle rows, std::size_t batch_rows);

    void transaction(int what) {
        gil_safe_lock lock(core->mu);
        auto& c = core->conn();
        without_gil([&] {
            if (what == 0)
                c.begin();
            else if (what == 1)
                c.commit();
            else
                c.rollback();
        });
    }

    bool in_transaction() {
        gil_safe_lock lock(core->mu);
        return !core->finished && core->conn().in_transaction();
    }

    bool is_open() {
        gil_safe_lock lock(core->mu);
        return !core->finished && core->conn().is_open();
    }

    /// The values a routine returns through the fast path, as a list (empty: none).
    py::list fast_path_call(const std::string& signature, py::handle params) {
        gil_safe_lock lock(core->mu);
        auto& c = core->conn();
        param_pack pack;
        add_params(pack, params, &c);
        const std::span<const ifx::param> values(pack.values);
        const ifx::result r = without_gil([&] { return c.fast_path_call_params(signature, values); });
        py::list out;
        if (r.empty()) return out;
        const auto plan = plan_columns(r.columns(), false);
        for (auto v : py::reinterpret_steal<py::tuple>(convert_row(r[0], plan, &c).release())) out.append(v);
        return out;
    }

    void ping() {
        gil_safe_lock lock(core->mu);
        auto& c = core->conn();
        without_gil([&] { c.ping(); });
    }

    py::dict info() {
        gil_safe_lock lock(core->mu);
        return session_info_dict(core->conn().info());
    }
};

struct py_cursor {
    std::shared_ptr<cursor_core> core;
    py::object description;

    ~py_cursor() { close(); }

    void close() {
        if (!core) return;
        auto c = std::move(core);
        without_gil([&] {
            std::lock_guard lock(c->s->mu);
            c->close_locked();
            c.reset();  // the ifx cursor objects are destroyed under the lock too
        });
    }

    cursor_core& live() {
        if (!core) throw_client(ifx::errc::cursor_closed, "the cursor is closed");
        if (core->s->finished) throw_client(ifx::errc::cursor_closed, "the cursor's connection is closed");
        return *core;
    }

    /// BLOB/CLOB content is read through the session's connection unless locators were asked for.
    ifx::connection* lob_conn(cursor_core& c) { return c.lob_locators ? nullptr : &c.s->conn(); }

    /// The next row, or None at the end. Requires the session's lock.
    py::object next_locked(cursor_core& c) {
        if (c.scrollable) return next_scroll(c);
        while (c.pos >= c.batch.size()) {
            if (c.done) return py::none();
            if (c.forward.exhausted()) {
                finish(c);
                return py::none();
            }
            without_gil([&] { c.batch = c.forward.fetch(); });
            c.pos = 0;
            if (c.batch.empty()) {
                finish(c);
                return py::none();
            }
        }
        py::object row = convert_row(c.batch[c.pos], c.plan, lob_conn(c));
        ++c.pos;
        ++c.rows_read;
        return row;
    }

    /// Closes the ifx cursor as soon as the result is exhausted, freeing the server's cursor.
    void finish(cursor_core& c) {
        c.done = true;
        without_gil([&] { c.close_locked(); });
    }

    py::object next_scroll(cursor_core& c) {
        std::optional<ifx::row_view> row;
        // position() is the 1-based current row: when it precedes next_index's row, next() reads it.
        without_gil([&] {
            row = c.scroll.position() == c.next_index
                      ? c.scroll.next()
                      : c.scroll.absolute(static_cast<std::int32_t>(c.next_index + 1));
        });
        if (!row) return py::none();
        ++c.next_index;
        ++c.rows_read;
        return convert_row(*row, c.plan, lob_conn(c));
    }

    py::object fetchone() {
        auto& c = live();
        gil_safe_lock lock(c.s->mu);
        return next_locked(c);
    }

    py::list fetchmany(std::int64_t n) {
        auto& c = live();
        py::list out;
        gil_safe_lock lock(c.s->mu);
        for (std::int64_t i = 0; i < n; ++i) {
            py::object row = next_locked(c);
            if (row.is_none()) break;
            out.append(std::move(row));
        }
        return out;
    }

    py::list fetchall() {
        auto& c = live();
        py::list out;
        gil_safe_lock lock(c.s->mu);
        for (;;) {
            py::object row = next_locked(c);
            if (row.is_none()) break;
            if (PyList_Append(out.ptr(), row.ptr()) != 0) throw py::error_already_set();
        }
        return out;
    }

    py::object next() {
        py::object row = fetchone();
        if (row.is_none()) throw py::stop_iteration();
        return row;
    }

    /// Scroll cursors: moves so that the next fetch returns the row at 0-based `index`; false (and
    /// no move) when that row does not exist.
    bool scroll_to(std::int64_t index) {
        auto& c = live();
        if (!c.scrollable)
            throw_client(ifx::errc::not_supported, "scroll() needs a cursor made with scrollable=True");
        gil_safe_lock lock(c.s->mu);
        if (index < 0) return false;
        std::optional<ifx::row_view> row;
        without_gil([&] { row = c.scroll.absolute(static_cast<std::int32_t>(index + 1)); });
        if (!row) return false;
        // The server now sits on that row: the next fetch re-reads it through absolute().
        c.next_index = index;
        return true;
    }

    std::int64_t row_number() {
        auto& c = live();
        return c.scrollable ? c.next_index : c.rows_read;
    }

    std::int64_t rows_read() { return core ? core->rows_read : 0; }
    bool done() { return !core || (!core->scrollable && core->done); }
};

py::tuple py_session::run(const std::string& sql, py::handle params, int kind, bool scrollable, bool hold,
                          bool lob_locators) {
    const bool maybe_rows = kind == 0;
    auto& s = *core;
    gil_safe_lock lock(s.mu);
    auto& c = s.conn();
    param_pack pack;
    add_params(pack, params, &c);
    const std::span<const ifx::param> values(pack.values);
    if (!maybe_rows && !scrollable && !hold) {
        const auto r = without_gil([&] {
            auto done = c.execute_params(sql, values);
            // DDL on this session may change what a cached statement reads (servers report that
            // with -710 and ifx prepares again; ifxlite does not): forget the prepared ones.
            if (kind == 2) s.drop_statements();
            return done;
        });
        return done_tuple(r);
    }
    ifx::statement& st = s.statement_for(sql);
    if (!st.returns_rows()) {
        const auto r = without_gil([&] { return c.execute_params(st, values); });
        return done_tuple(r);
    }
    auto cur = std::make_shared<cursor_core>();
    cur->s = core;
    cur->scrollable = scrollable;
    cur->lob_locators = lob_locators;
    without_gil([&] {
        const ifx::cursor_options options{.with_hold = hold};
        if (scrollable)
            cur->scroll = c.open_scroll_cursor_params(options, sql, values);
        else if (hold)
            cur->forward = c.open_cursor_params(options, sql, values);
        else
            cur->forward = c.open_cursor_params(st, values);
    });
    const auto& columns = scrollable ? cur->scroll.columns() : cur->forward.columns();
    cur->plan = plan_columns(columns, lob_locators);
    std::erase_if(s.cursors, [](const std::weak_ptr<cursor_core>& w) { return w.expired(); });
    s.cursors.push_back(cur);
    auto box = std::make_unique<py_cursor>();
    box->core = std::move(cur);
    box->description = describe(columns);
    return py::make_tuple(py::cast(std::move(box)), -1, py::none(), st.statement_type());
}

py::tuple py_session::execute_many(const std::string& sql, py::handle rows, std::size_t batch_rows) {
    auto& s = *core;
    gil_safe_lock lock(s.mu);
    auto& c = s.conn();
    if (batch_rows == 0) batch_rows = 1;
    ifx::statement st;
    py::object it = py::reinterpret_steal<py::object>(PyObject_GetIter(rows.ptr()));
    if (!it) throw py::error_already_set();
    ifx::batch_result total;
    std::ptrdiff_t width = -1;
    std::size_t first = 0;  // index of the chunk's first row
    bool more = true;
    while (more) {
        param_pack pack;
        std::size_t n = 0;
        while (n < batch_rows) {
            py::object row = py::reinterpret_steal<py::object>(PyIter_Next(it.ptr()));
            if (!row) {
                if (PyErr_Occurred()) throw py::error_already_set();
                more = false;
                break;
            }
            const std::size_t before = pack.values.size();
            add_params(pack, row, &c);
            const auto w = static_cast<std::ptrdiff_t>(pack.values.size() - before);
            if (width < 0) width = w;
            if (w != width)
                throw_client(ifx::errc::invalid_argument,
                             "executemany: row " + std::to_string(first + n) + " has " + std::to_string(w) +
                                 " values, the first had " + std::to_string(width));
            ++n;
        }
        if (n == 0) break;
        if (!st.valid()) st = without_gil([&] { return c.prepare(sql); });
        std::error_code ec;
        ifx::diagnostics diag;
        const auto r = without_gil([&] {
            if (width == 0) {  // a statement without markers, run once per row
                ifx::batch_result b;
                for (std::size_t i = 0; i < n && !ec; ++i) {
                    const auto e = c.execute(st, {}, ec, diag);
                    ++b.rows_sent;
                    ++b.round_trips;
                    if (ec) {
                        b.failed_rows.push_back(i);
                        diag.batch_row = static_cast<std::ptrdiff_t>(i);
                    } else {
                        ++b.rows_succeeded;
                        b.affected_rows += e.affected_rows;
                    }
                }
                return b;
            }
            return c.execute_many(st, pack.values, static_cast<std::size_t>(width), batch_rows, ec, diag);
        });
        total.rows_sent += r.rows_sent;
        total.rows_succeeded += r.rows_succeeded;
        total.affected_rows += r.affected_rows;
        total.round_trips += r.round_trips;
        for (auto f : r.failed_rows) total.failed_rows.push_back(first + f);
        if (ec) {
            if (diag.batch_row >= 0) diag.batch_row += static_cast<std::ptrdiff_t>(first);
            without_gil([&] { st.close(); });
            py::object exc = make_python_error(ec, diag);
            py::list failed;
            for (auto f : total.failed_rows) failed.append(f);
            exc.attr("failed_rows") = failed;
            exc.attr("rows_succeeded") = total.rows_succeeded;
            exc.attr("affected_rows") = total.affected_rows;
            PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())), exc.ptr());
            throw py::error_already_set();
        }
        first += n;
    }
    without_gil([&] { st.close(); });
    return py::make_tuple(total.affected_rows, total.rows_sent, total.round_trips);
}

// ---- LOB streams ---------------------------------------------------------------------------------

struct py_lob {
    std::shared_ptr<session_core> s;
    ifx::smart_lob lob;

    ~py_lob() { close(); }

    void close() {
        if (!s) return;
        auto owner = std::move(s);
        without_gil([&] {
            std::lock_guard lock(owner->mu);
            std::error_code ec;
            ifx::diagnostics diag;
            if (!owner->finished) lob.close(ec, diag);
            lob = ifx::smart_lob();
        });
    }

    session_core& live() {
        if (!s) throw_client(ifx::errc::cursor_closed, "the LOB stream is closed");
        (void)s->conn();
        return *s;
    }

    py::bytes read(std::int64_t n) {
        auto& core = live();
        gil_safe_lock lock(core.mu);
        std::string out;
        without_gil([&] {
            if (n < 0) {
                const auto all = lob.read_all();
                out.assign(reinterpret_cast<const char*>(all.data()), all.size());
            } else {
                out.resize(static_cast<std::size_t>(n));
                const auto got =
                    lob.read(std::span<std::byte>(reinterpret_cast<std::byte*>(out.data()), out.size()));
                out.resize(got);
            }
        });
        return py::bytes(out);
    }

    std::size_t readinto(py::buffer b) {
        auto& core = live();
        py::buffer_info info = b.request(true);
        const std::size_t size = static_cast<std::size_t>(info.size * info.itemsize);
        gil_safe_lock lock(core.mu);
        return without_gil(
            [&] { return lob.read(std::span<std::byte>(static_cast<std::byte*>(info.ptr), size)); });
    }

    std::size_t write(py::buffer b) {
        auto& core = live();
        py::buffer_info info = b.request();
        const std::size_t size = static_cast<std::size_t>(info.size * info.itemsize);
        gil_safe_lock lock(core.mu);
        without_gil(
            [&] { lob.write(std::span<const std::byte>(static_cast<const std::byte*>(info.ptr), size)); });
        return size;
    }

    std::int64_t seek(std::int64_t offset, int whence) {
        auto& core = live();
        gil_safe_lock lock(core.mu);
        return without_gil([&] { return lob.seek(offset, static_cast<ifx::lob_whence>(whence)); });
    }

    std::int64_t tell() {
        auto& core = live();
        gil_safe_lock lock(core.mu);
        return without_gil([&] { return lob.tell(); });
    }

    std::int64_t size() {
        auto& core = live();
        gil_safe_lock lock(core.mu);
        return without_gil([&] { return lob.size(); });
    }
};

std::unique_ptr<py_lob> open_lob(py_session& self, const lob_locator_box& loc, int mode) {
    auto box = std::make_unique<py_lob>();
    gil_safe_lock lock(self.core->mu);
    auto& c = self.core->conn();
    box->lob = without_gil([&] { return ifx::smart_lob(c, loc.value, static_cast<ifx::lob_mode>(mode)); });
    box->s = self.core;
    return box;
}

std::unique_ptr<py_lob> create_lob(py_session& self, bool clob, int mode) {
    auto box = std::make_unique<py_lob>();
    gil_safe_lock lock(self.core->mu);
    auto& c = self.core->conn();
    box->lob = without_gil([&] {
        return ifx::smart_lob::create(c, clob ? ifx::lob_locator::kind::clob : ifx::lob_locator::kind::blob,
                                      static_cast<ifx::lob_mode>(mode));
    });
    box->s = self.core;
    return box;
}

// ---- pool ----------------------------------------------------------------------------------------

struct py_pool {
    std::unique_ptr<ifx::pool> pool;

    ~py_pool() {
        without_gil([&] { pool.reset(); });
    }

    ifx::pool& live() {
        if (!pool) throw_client(ifx::errc::pool_closed, "the pool is closed");
        return *pool;
    }

    std::unique_ptr<py_session> acquire(py::handle timeout) {
        auto& p = live();
        auto core = std::make_shared<session_core>();
        core->is_pooled = true;
        const bool wait_default = timeout.is_none();
        const ms wait = wait_default ? ms(0) : millis(timeout);  // read with the GIL held
        core->pooled = without_gil([&] { return wait_default ? p.acquire() : p.acquire(wait); });
        auto s = std::make_unique<py_session>();
        s->core = std::move(core);
        return s;
    }

    bool close(double timeout) {
        auto& p = live();
        return without_gil([&] { return p.close(ms(static_cast<long long>(timeout * 1000.0))); });
    }

    py::dict stats() {
        auto& p = live();
        const auto st = without_gil([&] { return p.stats(); });
        return pool_stats_dict(st);
    }
};

std::unique_ptr<py_pool> make_pool(const py::dict& options, const py::dict& pool_options) {
    const auto params = make_params(options);
    const auto pp = make_pool_params(pool_options);
    auto box = std::make_unique<py_pool>();
    box->pool = without_gil([&] { return std::make_unique<ifx::pool>(params, pp); });
    return box;
}

std::unique_ptr<py_session> connect(const py::dict& options) {
    const auto params = make_params(options);
    auto core = std::make_shared<session_core>();
    without_gil([&] { core->owned.connect(params); });
    auto s = std::make_unique<py_session>();
    s->core = std::move(core);
    return s;
}

}  // namespace

void register_session(py::module_& m) {
    py::class_<lob_locator_box>(m, "LobLocator", "An opaque, session-bound BLOB/CLOB locator.")
        .def_property_readonly("kind",
                               [](const lob_locator_box& b) {
                                   return b.value.type == ifx::lob_locator::kind::clob ? "clob" : "blob";
                               })
        .def_property_readonly("raw",
                               [](const lob_locator_box& b) {
                                   return py::bytes(reinterpret_cast<const char*>(b.value.raw.data()),
                                                    b.value.raw.size());
                               })
        .def("__eq__",
             [](const lob_locator_box& a, py::handle b) {
                 return py::isinstance<lob_locator_box>(b) &&
                        a.value == py::cast<const lob_locator_box&>(b).value;
             })
        .def("__hash__",
             [](const lob_locator_box& b) {
                 return py::hash(
                     py::bytes(reinterpret_cast<const char*>(b.value.raw.data()), b.value.raw.size()));
             })
        .def("__repr__", [](const lob_locator_box& b) {
            return std::string("<LobLocator ") +
                   (b.value.type == ifx::lob_locator::kind::clob ? "clob" : "blob") + ">";
        });

    py::class_<py_cursor>(m, "Cursor")
        .def_readonly("description", &py_cursor::description)
        .def("fetchone", &py_cursor::fetchone)
        .def("fetchmany", &py_cursor::fetchmany)
        .def("fetchall", &py_cursor::fetchall)
        .def("__iter__", [](py::object self) { return self; })
        .def("__next__", &py_cursor::next)
        .def("scroll_to", &py_cursor::scroll_to)
        .def_property_readonly("rownumber", &py_cursor::row_number)
        .def_property_readonly("rows_read", &py_cursor::rows_read)
        .def_property_readonly("done", &py_cursor::done)
        .def("close", &py_cursor::close);

    py::class_<py_lob>(m, "Lob")
        .def("read", &py_lob::read, py::arg("size") = -1)
        .def("readinto", &py_lob::readinto)
        .def("write", &py_lob::write)
        .def("seek", &py_lob::seek, py::arg("offset"), py::arg("whence") = 0)
        .def("tell", &py_lob::tell)
        .def("size", &py_lob::size)
        .def("close", &py_lob::close)
        .def_property_readonly("closed", [](const py_lob& l) { return !l.s; })
        .def_property_readonly("locator", [](const py_lob& l) { return lob_locator_box{l.lob.locator()}; });

    py::class_<py_session>(m, "Session")
        .def("run", &py_session::run)
        .def("execute_many", &py_session::execute_many)
        .def("begin", [](py_session& s) { s.transaction(0); })
        .def("commit", [](py_session& s) { s.transaction(1); })
        .def("rollback", [](py_session& s) { s.transaction(2); })
        .def("in_transaction", &py_session::in_transaction)
        .def("is_open", &py_session::is_open)
        .def("ping", &py_session::ping)
        .def("fast_path_call", &py_session::fast_path_call)
        .def("info", &py_session::info)
        .def("close", &py_session::close)
        .def("discard", &py_session::discard)
        .def_property_readonly("pooled", [](const py_session& s) { return s.core->is_pooled; })
        .def_property_readonly("finished", [](const py_session& s) { return s.core->finished; })
        .def("open_lob", &open_lob)
        .def("create_lob", &create_lob)
        .def("release_lob", [](py_session& self, const lob_locator_box& loc) {
            gil_safe_lock lock(self.core->mu);
            auto& c = self.core->conn();
            without_gil([&] { ifx::release_lob(c, loc.value); });
        });

    py::class_<py_pool>(m, "Pool")
        .def("acquire", &py_pool::acquire, py::arg("timeout") = py::none())
        .def("close", &py_pool::close)
        .def("stats", &py_pool::stats)
        .def_property_readonly("closed", [](py_pool& p) { return !p.pool || p.pool->closed(); });

    m.def("connect", &connect);
    m.def("create_pool", &make_pool);
}

}  // namespace informix_py
