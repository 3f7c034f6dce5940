#include "proto/requests.hpp"

#include "types/bind.hpp"
#include "wire/limits.hpp"
#include "wire/tags.hpp"
#include "wire/writer.hpp"

namespace ifx::proto {
namespace {

void sql_text(wire::writer& w, std::string_view sql, const session_features& f) {
    if (f.long_sql)
        w.sqli_lchar(sql);
    else
        w.sqli_char(sql);
}

void fetch_body(wire::writer& w, std::uint32_t buffer_size, const session_features& f) {
    w.put(wire::tag::nfetch);
    if (f.long_fetch_buffer())
        w.i32(static_cast<std::int32_t>(std::min<std::uint32_t>(buffer_size, INT32_MAX)));
    else
        w.i16(static_cast<std::int16_t>(std::min<std::uint32_t>(buffer_size, INT16_MAX)));
    w.i16(0);
}

}  // namespace

void end_group(bytes& out) {
    wire::writer(out).put(wire::tag::eot);
}

void encode_command(std::string_view sql, const session_features& f, bytes& out) {
    wire::writer w(out);
    w.put(wire::tag::command);
    w.i16(0);
    sql_text(w, sql, f);
    w.put(wire::tag::ndescribe);
    w.put(wire::tag::execute);
    w.put(wire::tag::release);
    w.put(wire::tag::eot);
}

void encode_prepare(std::string_view sql, std::int16_t nparams, const session_features& f, bytes& out) {
    wire::writer w(out);
    w.put(wire::tag::prepare);
    w.i16(nparams);
    sql_text(w, sql, f);
    w.put(wire::tag::ndescribe);
    w.put(wire::tag::wantdone);
    w.put(wire::tag::eot);
}

void encode_statement_id(std::int16_t id, bytes& out) {
    wire::writer w(out);
    w.put(wire::tag::id);
    w.i16(id);
}

bool encode_bind(std::span<const param> params, bytes& out, codeset cs) {
    return !types::encode_bind(params, cs, out);
}

bool encode_execute(std::int16_t id, std::span<const param> params, bytes& out, codeset cs) {
    encode_statement_id(id, out);
    if (!params.empty() && !encode_bind(params, out, cs)) return false;
    wire::writer w(out);
    w.put(wire::tag::execute);
    w.put(wire::tag::eot);
    return true;
}

void encode_sfetch(std::int16_t id, scroll_type type, std::int32_t target, std::uint32_t buffer_size,
                   bytes& out) {
    encode_statement_id(id, out);
    wire::writer w(out);
    w.put(wire::tag::sfetch);
    w.i16(static_cast<std::int16_t>(type));
    w.i32(target);
    w.i32(static_cast<std::int32_t>(std::min<std::uint32_t>(buffer_size, INT32_MAX)));
    w.put(wire::tag::eot);
}

bool encode_open(std::int16_t id, std::string_view cursor_name, std::span<const param> params,
                 open_flags flags, std::uint32_t buffer_size, const session_features& f, bytes& out,
                 codeset cs) {
    encode_statement_id(id, out);
    wire::writer w(out);
    w.put(wire::tag::curname);
    w.sqli_char(cursor_name);
    if (!params.empty() && !encode_bind(params, out, cs)) return false;
    if (flags.scroll) w.put(wire::tag::scroll);
    if (flags.hold) w.put(wire::tag::hold);
    w.put(wire::tag::open);
    if (flags.fetch_now) {
        encode_statement_id(id, out);
        fetch_body(w, buffer_size, f);
    }
    w.put(wire::tag::eot);
    return true;
}

void encode_fetch(std::int16_t id, std::uint32_t buffer_size, const session_features& f, bytes& out) {
    encode_statement_id(id, out);
    wire::writer w(out);
    fetch_body(w, buffer_size, f);
    w.put(wire::tag::eot);
}

void encode_close(std::int16_t id, bytes& out) {
    encode_statement_id(id, out);
    wire::writer w(out);
    w.put(wire::tag::close);
    w.put(wire::tag::eot);
}

void encode_release(std::int16_t id, bytes& out) {
    encode_statement_id(id, out);
    wire::writer w(out);
    w.put(wire::tag::release);
    w.put(wire::tag::eot);
}

void encode_commit(bytes& out) {
    wire::writer w(out);
    w.put(wire::tag::cmmtwork);
    w.put(wire::tag::eot);
}

void encode_rollback(bytes& out) {
    wire::writer w(out);
    w.put(wire::tag::rbwork);
    w.i16(0);
    w.put(wire::tag::eot);
}

void encode_exit(bytes& out) {
    wire::writer w(out);
    w.put(wire::tag::exit);
    w.put(wire::tag::eot);
}

}  // namespace ifx::proto
