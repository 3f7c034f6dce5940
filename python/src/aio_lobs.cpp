#include "aio_lobs.hpp"

#include <span>
#include <utility>

#include "ifx/async_smart_lob.hpp"

namespace informix_py {
namespace {

/// Ends the steps because the session went away between two of them.
std::error_code session_gone(ifx::diagnostics& diag) {
    diag.clear();
    diag.client_message = "the connection was closed while BLOB/CLOB content was being transferred";
    return ifx::errc::connection_closed;
}

class lob_reader : public std::enable_shared_from_this<lob_reader> {
public:
    lob_reader(step_connection conn, std::vector<std::optional<ifx::lob_locator>> locators,
               ifx::diagnostics& diag, std::function<void(std::error_code, std::vector<std::string>)> done)
        : conn_(std::move(conn)), locators_(std::move(locators)), diag_(diag), done_(std::move(done)) {
        contents_.reserve(locators_.size());
    }

    /// Opens the next object (NULLs are skipped), or ends.
    void step() {
        while (next_ < locators_.size() && !locators_[next_]) {
            contents_.emplace_back();
            ++next_;
        }
        if (next_ == locators_.size()) return done_({}, std::move(contents_));
        auto* c = conn_();
        if (!c) return done_(session_gone(diag_), {});
        ifx::async_smart_lob::async_open(
            *c, *locators_[next_], ifx::lob_mode::read, diag_,
            [self = shared_from_this()](std::error_code ec, ifx::async_smart_lob lob) {
                if (ec) return self->done_(ec, {});
                self->lob_ = std::move(lob);
                self->read();
            });
    }

private:
    void read() {
        lob_.async_read_text(diag_, [self = shared_from_this()](std::error_code ec, std::string content) {
            if (ec) {
                // The descriptor is closed before the failure is reported (the server keeps it
                // open otherwise); a second failure does not hide the first.
                if (!self->conn_()) return self->done_(ec, {});
                return self->lob_.async_close([self, ec](std::error_code) { self->done_(ec, {}); });
            }
            self->contents_.push_back(std::move(content));
            self->lob_.async_close([self](std::error_code e) {
                if (e) return self->done_(e, {});
                ++self->next_;
                self->step();
            });
        });
    }

    step_connection conn_;
    std::vector<std::optional<ifx::lob_locator>> locators_;
    ifx::diagnostics& diag_;
    std::function<void(std::error_code, std::vector<std::string>)> done_;
    std::vector<std::string> contents_;
    std::size_t next_ = 0;
    ifx::async_smart_lob lob_;
};

class lob_binder : public std::enable_shared_from_this<lob_binder> {
public:
    lob_binder(step_connection conn, std::shared_ptr<param_pack> pack, ifx::diagnostics& diag,
               std::function<void(std::error_code)> done)
        : conn_(std::move(conn)), pack_(std::move(pack)), diag_(diag), done_(std::move(done)) {}

    /// Creates the next object, or ends.
    void step() {
        if (next_ == pack_->deferred_lobs.size()) return done_({});
        auto* c = conn_();
        if (!c) return done_(session_gone(diag_));
        const auto kind = pack_->deferred_lobs[next_].kind;
        // The modes of the synchronous module: ifx::create_lob (BLOB), smart_lob::create (CLOB).
        const auto mode =
            kind == ifx::lob_locator::kind::clob ? ifx::lob_mode::read_write : ifx::lob_mode::write;
        ifx::async_smart_lob::async_create(
            *c, kind, mode, diag_, [self = shared_from_this()](std::error_code ec, ifx::async_smart_lob lob) {
                if (ec) return self->done_(ec);
                self->lob_ = std::move(lob);
                self->write();
            });
    }

private:
    void write() {
        auto& d = pack_->deferred_lobs[next_];
        auto written = [self = shared_from_this()](std::error_code ec, std::size_t) {
            if (ec) {
                if (!self->conn_()) return self->done_(ec);
                return self->lob_.async_close([self, ec](std::error_code) { self->done_(ec); });
            }
            self->lob_.async_close([self](std::error_code e) {
                if (e) return self->done_(e);
                auto& lob = self->pack_->deferred_lobs[self->next_];
                self->pack_->values[lob.index] =
                    ifx::param(self->pack_->locators.emplace_back(self->lob_.locator()));
                std::string().swap(lob.content);  // sent: not needed any more
                ++self->next_;
                self->step();
            });
        };
        if (d.kind == ifx::lob_locator::kind::clob)  // UTF-8, converted to the connection's code set
            lob_.async_write_text(d.content, diag_, std::move(written));
        else
            lob_.async_write(std::as_bytes(std::span(d.content)), diag_, std::move(written));
    }

    step_connection conn_;
    std::shared_ptr<param_pack> pack_;
    ifx::diagnostics& diag_;
    std::function<void(std::error_code)> done_;
    std::size_t next_ = 0;
    ifx::async_smart_lob lob_;
};

}  // namespace

void read_lob_contents(step_connection conn, std::vector<std::optional<ifx::lob_locator>> locators,
                       ifx::diagnostics& diag,
                       std::function<void(std::error_code, std::vector<std::string>)> done) {
    std::make_shared<lob_reader>(std::move(conn), std::move(locators), diag, std::move(done))->step();
}

void bind_deferred_lobs(step_connection conn, std::shared_ptr<param_pack> pack, ifx::diagnostics& diag,
                        std::function<void(std::error_code)> done) {
    std::make_shared<lob_binder>(std::move(conn), std::move(pack), diag, std::move(done))->step();
}

}  // namespace informix_py
