#include <algorithm>
#include <cstdint>
#include <string>

#include "ifx/error.hpp"

namespace ifx {
namespace {

namespace cls {
constexpr std::uint32_t no_data = 1u << 0, connection_fatal = 1u << 1, auth = 1u << 2, protocol = 1u << 3,
                        txn_poison = 1u << 4, retryable = 1u << 5, integrity = 1u << 6, syntax = 1u << 7,
                        data = 1u << 8, state = 1u << 9, permission = 1u << 10, isam_dependent = 1u << 11;
}

struct code_entry {
    int code;
    bool isam;
    const char* text;
    std::uint32_t classes;
    const char* sqlstate;  // "" for ISAM codes that do not refine the SQLCODE's SQLSTATE
};

// IBM message texts and the suggested classes of docs/sqli/vectors/errors.txt.
constexpr code_entry code_table[] = {
#include "proto/sqlcode_table.inc"
};

// Which numbering a code belongs to: SQLCODEs and ISAM codes overlap.
enum class code_kind { sqlcode, isam };

const code_entry* find_code(int code, code_kind kind) noexcept {
    const bool isam = kind == code_kind::isam;
    for (const auto& e : code_table)
        if (e.code == code && e.isam == isam) return &e;
    return nullptr;
}

std::uint32_t classes_of(int code, code_kind kind) noexcept {
    const auto* e = find_code(code, kind);
    return e ? e->classes : 0;
}

class client_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "ifx.client"; }
    std::string message(int v) const override {
        switch (static_cast<errc>(v)) {
            case errc::protocol_violation:
                return "protocol violation";
            case errc::connection_closed:
                return "connection closed";
            case errc::timeout:
                return "operation timed out";
            case errc::operation_in_progress:
                return "another operation is in progress on this connection";
            case errc::unexpected_null:
                return "unexpected NULL value";
            case errc::type_mismatch:
                return "type mismatch";
            case errc::out_of_range:
                return "value out of range";
            case errc::invalid_argument:
                return "invalid argument";
            case errc::not_connected:
                return "not connected";
            case errc::network_error:
                return "network error";
            case errc::login_rejected:
                return "login rejected";
            case errc::tls_error:
                return "TLS error";
            case errc::not_supported:
                return "not supported";
            case errc::cursor_closed:
                return "cursor or statement closed";
            case errc::pool_timeout:
                return "timed out waiting for a pooled connection";
            case errc::pool_closed:
                return "the connection pool is closed";
        }
        return "unknown ifx client error";
    }
};

class server_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "ifx.server"; }
    std::string message(int v) const override {
        const auto text = message_text(v);
        return "SQLCODE " + std::to_string(v) + (text.empty() ? "" : ": " + std::string(text));
    }
};

}  // namespace

const std::error_category& client_category() noexcept {
    static const client_category_impl instance;
    return instance;
}

const std::error_category& server_category() noexcept {
    static const server_category_impl instance;
    return instance;
}

std::string_view message_text(int code, bool isam) noexcept {
    const auto* e = find_code(code, isam ? code_kind::isam : code_kind::sqlcode);
    return e ? e->text : "";
}

std::string_view sqlstate_for_code(int sqlcode, int isam_code) noexcept {
    if (sqlcode == 0) return "00000";
    const auto* e = find_code(sqlcode, code_kind::sqlcode);
    const std::string_view state = e ? e->sqlstate : "IX000";
    if (state != "IX000" || isam_code == 0) return state;
    const auto* isam = find_code(isam_code, code_kind::isam);
    return isam && *isam->sqlstate ? isam->sqlstate : state;
}

std::string_view sqlstate_of(const std::error_code& ec, const diagnostics& diag) noexcept {
    if (!ec) return "00000";
    if (ec.category() == server_category()) return sqlstate_for_code(ec.value(), diag.isam_code);
    if (ec.category() != client_category()) return "HY000";
    switch (static_cast<errc>(ec.value())) {
        case errc::protocol_violation:
        case errc::connection_closed:
        case errc::timeout:
            return "08006";
        case errc::network_error:  // a failed connect carries -908/-930 (08001)
            return diag.sqlcode != 0 ? sqlstate_for_code(diag.sqlcode, diag.isam_code) : "08006";
        case errc::tls_error:
            return "08001";
        case errc::not_connected:
            return "08003";
        case errc::login_rejected:
            return diag.sqlcode != 0 ? sqlstate_for_code(diag.sqlcode, diag.isam_code) : "08004";
        case errc::unexpected_null:
            return "22002";
        case errc::out_of_range:
            return "22003";
        case errc::type_mismatch:
            return "07006";
        case errc::cursor_closed:
            return "24000";
        case errc::not_supported:
            return "0A000";
        case errc::operation_in_progress:
        case errc::invalid_argument:
        case errc::pool_timeout:
        case errc::pool_closed:
            return "HY000";
    }
    return "HY000";
}

std::string diagnostics::to_string() const {
    std::string out;
    if (sqlcode != 0) {
        out = "SQLCODE " + std::to_string(sqlcode);
        if (isam_code != 0) out += " (ISAM " + std::to_string(isam_code) + ")";
        out += ": ";
    }
    std::string text = client_message.empty() ? std::string(message_text(sqlcode)) : client_message;
    if (text.empty() && sqlcode != 0) text = "no message text is known for this code";
    // IBM texts name their parameter as <table-name>; show the server's value in its place.
    const auto open = text.find('<'), close = text.find('>');
    if (!server_message.empty() && open != std::string::npos && close != std::string::npos && open < close) {
        text.replace(open, close - open + 1, "(" + server_message + ")");
        return out + text;
    }
    out += text;
    if (!server_message.empty()) out += " [" + server_message + "]";
    return out;
}

error::error(std::error_code ec, diagnostics diag)
    : std::system_error(ec), diag_(std::move(diag)), what_(diag_.to_string()) {
    if (what_.empty()) what_ = ec.message();
    if (diag_.sqlstate.empty()) diag_.sqlstate = sqlstate_of(ec, diag_);
}

void throw_if(const std::error_code& ec, const diagnostics& diag) {
    if (ec) throw error(ec, diag);
}

bool is_fatal(const std::error_code& ec) noexcept {
    if (ec.category() == client_category()) {
        switch (static_cast<errc>(ec.value())) {
            case errc::protocol_violation:
            case errc::connection_closed:
            case errc::timeout:
            case errc::network_error:
            case errc::login_rejected:
            case errc::tls_error:
            case errc::not_connected:
                return true;
            default:
                return false;
        }
    }
    if (ec.category() == server_category())
        return (classes_of(ec.value(), code_kind::sqlcode) &
                (cls::connection_fatal | cls::auth | cls::protocol)) != 0;
    return false;
}

bool is_retryable(const std::error_code& ec, const diagnostics& diag) noexcept {
    if (ec.category() == client_category())
        return ec == errc::connection_closed || ec == errc::network_error || ec == errc::timeout ||
               ec == errc::pool_timeout;
    if (ec.category() != server_category()) return false;
    const auto c = classes_of(ec.value(), code_kind::sqlcode);
    if (c & cls::retryable) return true;
    if (c & cls::isam_dependent) return (classes_of(diag.isam_code, code_kind::isam) & cls::retryable) != 0;
    return false;
}

bool poisons_transaction(const std::error_code& ec, const diagnostics& diag) noexcept {
    if (ec.category() == client_category()) return is_fatal(ec);
    if (ec.category() != server_category()) return false;
    return ((classes_of(ec.value(), code_kind::sqlcode) | classes_of(diag.isam_code, code_kind::isam)) &
            cls::txn_poison) != 0 ||
           is_fatal(ec);
}

error_kind kind(const std::error_code& ec, const diagnostics& diag) noexcept {
    if (!ec) return error_kind::none;
    if (ec.category() == client_category()) {
        switch (static_cast<errc>(ec.value())) {
            case errc::unexpected_null:
            case errc::type_mismatch:
            case errc::out_of_range:
                return error_kind::data;
            case errc::invalid_argument:
            case errc::operation_in_progress:
            case errc::cursor_closed:
                return error_kind::interface;
            case errc::not_supported:
                return error_kind::not_supported;
            case errc::protocol_violation:
                return error_kind::internal;
            default:
                return error_kind::operational;
        }
    }
    if (ec.category() != server_category()) return error_kind::operational;
    std::uint32_t c = classes_of(ec.value(), code_kind::sqlcode);
    if (c & cls::isam_dependent) c |= classes_of(diag.isam_code, code_kind::isam);
    if (c & cls::integrity) return error_kind::integrity;
    if (c & (cls::syntax | cls::state | cls::permission)) return error_kind::programming;
    if (c & cls::data) return error_kind::data;
    return error_kind::operational;
}

}  // namespace ifx
