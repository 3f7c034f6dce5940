#include "proto/session_open.hpp"

#include "ifx/row.hpp"

namespace ifx::proto {
namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.remove_suffix(1);
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    return s;
}

}  // namespace

std::error_code check_params(const connect_params& p, diagnostics& diag) {
    if (p.server.empty()) {
        diag.client_message = "connect_params.server (or INFORMIXSERVER) is required";
        return errc::invalid_argument;
    }
    if (codeset cs{}; codeset_of_locale(p.client_locale, cs)) {
        diag.client_message = "unsupported CLIENT_LOCALE code set: " + p.client_locale;
        return errc::not_supported;
    }
    if (codeset cs{}; !p.db_locale.empty() && codeset_of_locale(p.db_locale, cs)) {
        diag.client_message = "unsupported DB_LOCALE code set: " + p.db_locale;
        return errc::not_supported;
    }
    return {};
}

codeset assumed_codeset(const connect_params& p) noexcept {
    // IDS does not convert character data: the client converts to the database code set, which is
    // DB_LOCALE's, or CLIENT_LOCALE's when DB_LOCALE is not set (GLS guide).
    codeset cs = codeset::utf8;
    (void)codeset_of_locale(p.db_locale.empty() ? p.client_locale : p.db_locale, cs);
    return cs;
}

login_request make_login_request(const connect_params& p, const client_identity& who) {
    login_request req;
    req.user = p.user;
    req.password = p.password;
    req.server = p.server;
    req.environment = default_login_environment(p.client_locale, p.db_locale, p.environment);
    req.pid = who.pid;
    req.thread_id = who.thread_id;
    req.host_name = who.host_name;
    req.pam = p.pam_handler;
    req.directory = who.directory;
    return req;
}

operation* session_open_op::next(std::error_code& ec, diagnostics& diag) {
    if (ec) return nullptr;
    switch (stage_) {
        case stage::start: {
            session_.text = assumed_codeset(params_);
            info_ = {};
            info_.text_codeset = session_.text;
            auto op = std::make_unique<login_op>(session_, request_);
            login_ = op.get();
            op_ = std::move(op);
            stage_ = stage::login;
            return op_.get();
        }
        case stage::login: {
            info_.server_version = login_->reply().server_version;
            if (params_.database.empty()) return nullptr;
            auto op = std::make_unique<dbopen_op>(session_, params_.database);
            dbopen_ = op.get();
            op_ = std::move(op);
            stage_ = stage::dbopen;
            return op_.get();
        }
        case stage::dbopen:
            info_.database = params_.database;
            info_.logged = session_.logged;
            info_.ansi = session_.ansi;
            return after_dbopen();
        case stage::locale:
            // The first batch holds the row: close the cursor and release the statement together
            // instead of fetching to the end (one round trip fewer).
            op_ = std::make_unique<free_op>(session_,
                                            free_request{.id = query_.id, .close = true, .release = true});
            stage_ = stage::close;
            return op_.get();
        case stage::close:
            adopt_locale(ec, diag);
            if (ec || !session_.in_transaction) return nullptr;
            // An ANSI database opened a transaction for the query: end it, as nobody asked for it.
            op_ = std::make_unique<end_transaction_op>(session_, transaction_end::commit);
            stage_ = stage::end_transaction;
            return op_.get();
        case stage::end_transaction:
            return nullptr;
    }
    return nullptr;
}

operation* session_open_op::after_dbopen() {
    // The server accepted DB_LOCALE as the database's: its code set is already on the wire.
    if (!params_.db_locale.empty() && (dbopen_->warnings() & locale_mismatch_warning) == 0) {
        info_.locale = params_.db_locale;
        return nullptr;
    }
    // DB_LOCALE unknown or wrong: read the real locale, as IBM JDBC does after opening.
    query_ = {};
    query_.sql = std::string(database_locale_query);
    outcome_ = {};
    op_ = std::make_unique<statement_op>(session_, query_, std::span<const param>{},
                                         statement_mode::open_cursor, after_run::release,
                                         params_.fetch_buffer_size, outcome_);
    stage_ = stage::locale;
    return op_.get();
}

void session_open_op::adopt_locale(std::error_code& ec, diagnostics& diag) {
    std::string locale;
    const auto& rows = outcome_.rows;
    if (rows.rows == 0 || query_.columns.empty()) {
        // No GLS row (a server without GLS data): the Informix default locale (PROTOCOL grade C).
        locale = "en_US.819";
    } else {
        std::string text;
        const detail::value_source source{rows.data.data(), rows.text_codeset};
        if (rows.cells[0].null || detail::read_text(query_.columns[0], rows.cells[0], source, text)) {
            diag.client_message = "cannot read the database locale from systables ' GL_CTYPE'";
            ec = errc::protocol_violation;
            return;
        }
        locale = std::string(trimmed(text));
    }
    codeset cs{};
    if (codeset_of_locale(locale, cs)) {
        diag.client_message = "the database " + params_.database + " uses the locale " + locale +
                              ", whose code set this client does not support (UTF-8 and ISO-8859-1 only)";
        ec = errc::not_supported;
        return;
    }
    session_.text = cs;
    info_.locale = std::move(locale);
    info_.text_codeset = cs;
}

}  // namespace ifx::proto
