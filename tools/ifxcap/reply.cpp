#include "reply.hpp"

#include <cstdio>
#include <type_traits>

#include "ifx/error.hpp"
#include "proto/login.hpp"
#include "types/layout.hpp"
#include "values.hpp"
#include "wire/features.hpp"
#include "wire/hex.hpp"
#include "wire/limits.hpp"
#include "wire/reader.hpp"
#include "wire/session_layer.hpp"
#include "wire/tags.hpp"

namespace ifx::cap {
namespace {

using wire::tag;

std::string hex16(std::uint16_t v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04x", v);
    return buf;
}

std::string sl_type_name(int t) {
    switch (t) {
        case wire::sl::conacc:
            return "CONACC";
        case wire::sl::conrej:
            return "CONREJ";
        case wire::sl::redirect:
            return "REDIRECT";
        default:
            return "";
    }
}

std::string code_text(int code, bool isam = false) {
    return std::string(message_text(code, isam));
}

void add_describe(message& m, const proto::describe_msg& d) {
    m.add("statement_type", d.statement_type, statement_type_name(d.statement_type));
    m.add("statement_id", d.statement_id);
    m.add("estimated_rows", d.estimated_rows);
    m.add("tuple_size", d.tuple_size);
    m.add("columns", static_cast<std::int64_t>(d.columns.size()));
    for (std::size_t i = 0; i < d.columns.size(); ++i) {
        const column_info& c = d.columns[i];
        const std::string p = "columns[" + std::to_string(i) + "].";
        m.add_text(p + "name", c.name);
        m.fields.push_back(type_field(p + "type", c));
        m.add(p + "extended_id", c.extended_id);
        m.add_text(p + "owner", c.extended_owner);
        m.add_text(p + "type_name", c.extended_name);
        m.add(p + "encoded_length", c.encoded_length);
        if (i < d.layouts.size()) {
            const proto::column_layout& l = d.layouts[i];
            m.add(p + "field_index", l.field_index);
            m.add(p + "start", l.start);
            m.add(p + "reference", l.reference);
            m.add(p + "alignment", l.alignment);
            m.add(p + "source_type", l.source_type);
        }
    }
}

// Row values split by the client's row walker; the payload's bytes when the columns are unknown
// or do not fit.
void add_tuple(message& m, const proto::tuple_msg& t, const std::vector<column_info>* columns,
               std::size_t payload_at, std::vector<byte_span>& values) {
    m.add("warning", t.warning);
    if (columns && !columns->empty()) {
        std::vector<types::cell> cells(columns->size());
        if (types::split_tuple(t.payload, *columns, cells)) {
            for (std::size_t i = 0; i < cells.size(); ++i) {
                const auto bytes = t.payload.subspan(cells[i].offset, cells[i].length);
                m.fields.push_back(
                    value_field("value[" + std::to_string(i) + "]", (*columns)[i], bytes, cells[i].null));
                if (cells[i].length > 0) values.push_back({payload_at + cells[i].offset, cells[i].length});
            }
            return;
        }
        m.add_token("payload", wire::to_hex(t.payload), "does not match the described columns");
    } else {
        m.add_token("payload", wire::to_hex(t.payload), "columns unknown");
    }
    if (!t.payload.empty()) values.push_back({payload_at, t.payload.size()});
}

void add_fp_value(message& m, const proto::fp_value& v, const std::string& p) {
    m.add_token(p + ".type", std::to_string(v.type), type_code_name(v.type & 0xff));
    if (!v.owner.empty() || !v.type_name.empty()) {
        m.add_text(p + ".owner", v.owner);
        m.add_text(p + ".type_name", v.type_name);
    }
    m.add(p + ".precision", v.precision);
    m.add_token(p + ".data", v.null ? "NULL" : wire::to_hex(v.data));
}

// The message decoded by proto::decode_server_message, as fields.
struct server_fields {
    message& m;
    const std::vector<column_info>* columns;
    std::span<const std::uint8_t> bytes;
    std::vector<byte_span>& values;
    reply_effects& effects;

    void operator()(const proto::bare_msg&) const {}
    void operator()(const proto::describe_msg& d) const {
        add_describe(m, d);
        effects.describe = d;
    }
    void operator()(const proto::tuple_msg& t) const {
        add_tuple(m, t, columns, static_cast<std::size_t>(t.payload.data() - bytes.data()), values);
    }
    void operator()(const proto::done_msg& d) const {
        m.add_token("warnings", hex16(static_cast<std::uint16_t>(d.warnings)),
                    done_warning_names(d.warnings));
        m.add("rows", d.rows);
        m.add("rowid", d.rowid);
        m.add("serial", d.serial);
    }
    void operator()(const proto::err_msg& e) const {
        m.add("sqlcode", e.sqlcode, code_text(e.sqlcode));
        m.add("isam", e.isam_code, e.isam_code ? code_text(e.isam_code, true) : "");
        m.add("offset", e.offset);
        m.add_text("message", e.message);
    }
    void operator()(const proto::cost_msg& c) const {
        m.add("estimated_rows", c.estimated_rows);
        m.add("estimated_cost", c.estimated_cost);
    }
    void operator()(const proto::xactstat_msg& x) const {
        m.add("event", x.event);
        m.add("new_level", x.new_level);
        m.add("old_level", x.old_level);
    }
    void operator()(const proto::insertdone_msg& i) const {
        m.add("serial8", i.serial8);
        if (i.bigserial) m.add("bigserial", *i.bigserial);
    }
    void operator()(const proto::tupid_msg& t) const { m.add("position", t.position); }
    void operator()(const proto::blob_msg& b) const {
        m.add("length", static_cast<std::int64_t>(b.data.size()));
        m.add_token("data", wire::to_hex(b.data));
        if (!b.data.empty())
            values.push_back({static_cast<std::size_t>(b.data.data() - bytes.data()), b.data.size()});
    }
    void operator()(const proto::lodata_msg& l) const {
        m.add("op", l.op);
        m.add("size", l.size);
        for (std::size_t i = 0; i < l.chunks.size(); ++i) {
            m.add_token("chunk[" + std::to_string(i) + "]", wire::to_hex(l.chunks[i]));
            values.push_back(
                {static_cast<std::size_t>(l.chunks[i].data() - bytes.data()), l.chunks[i].size()});
        }
    }
    void operator()(const proto::routine_msg& r) const {
        m.add_text("database", r.database);
        m.add("handle", r.handle);
    }
    void operator()(const proto::fproutine_msg& f) const {
        m.add("count", static_cast<std::int64_t>(f.values.size()));
        for (std::size_t i = 0; i < f.values.size(); ++i)
            add_fp_value(m, f.values[i], "[" + std::to_string(i) + "]");
    }
};

void commit(decoded_record& out, message m, std::size_t base, std::size_t length,
            std::vector<byte_span>& values) {
    m.offset = base;
    m.length = length;
    out.messages.push_back(std::move(m));
    for (auto v : values) {
        v.offset += base;
        out.values.push_back(v);
    }
}

wire::decode_status decode_protocols(std::span<const std::uint8_t> bytes, std::size_t base,
                                     decoded_record& out, reply_effects& effects, std::size_t& consumed) {
    std::vector<std::uint8_t> mask;
    std::size_t n = 0;
    if (auto st = proto::decode_protocols_reply(bytes, mask, n); st != wire::decode_status::ok) return st;
    message m;
    m.name = "SQ_PROTOCOLS";
    std::string on;
    for (int feature = 0; feature < static_cast<int>(mask.size()) * 8; ++feature)
        if (wire::has_feature(mask, feature)) on += (on.empty() ? "" : " ") + std::to_string(feature);
    m.add_token("features", wire::to_hex(mask), "on: " + on);
    std::vector<byte_span> none;
    commit(out, std::move(m), base, n - 2, none);
    message eot;
    eot.name = "SQ_EOT";
    commit(out, std::move(eot), base + n - 2, 2, none);
    effects.features = std::move(mask);
    consumed = n;
    return wire::decode_status::ok;
}

// SQ_DBLIST reply (§5.4, [NM]): CHAR names until a zero length.
wire::decode_status decode_dblist(std::span<const std::uint8_t> bytes, message& m, std::size_t& consumed) {
    wire::reader r(bytes);
    (void)r.i16();
    for (int i = 0; r.ok(); ++i) {
        if (i > 4096) return wire::decode_status::malformed;
        const std::string_view name = r.sqli_char(wire::limits::max_char);
        if (!r.ok() || name.empty()) break;
        m.add_text("names[" + std::to_string(i) + "]", name);
    }
    if (!r.ok()) return r.status();
    consumed = r.position();
    return wire::decode_status::ok;
}

}  // namespace

wire::decode_status decode_login_reply(std::span<const std::uint8_t> bytes, std::size_t base,
                                       decoded_record& out, std::size_t& consumed) {
    if (bytes.size() >= 4 && bytes[3] != wire::sl::protocol_sqli) return wire::decode_status::malformed;
    wire::sl_header h;
    std::span<const std::uint8_t> packet;
    if (auto st = wire::decode_sl_packet(bytes, h, packet); st != wire::decode_status::ok) return st;
    proto::login_reply reply;
    std::size_t n = 0;
    if (auto st = proto::decode_login_reply(bytes, reply, n); st != wire::decode_status::ok) return st;
    message m;
    m.name = "login-reply";
    m.add("sl.type", h.type, sl_type_name(h.type));
    m.add("sl.protocol", h.protocol);
    m.add_token("sl.flags", hex16(h.flags));
    m.add_text("server_version", reply.server_version);
    m.add_text("server_name", reply.server_name);
    m.add("service_error", reply.service_error, reply.service_error ? code_text(reply.service_error) : "");
    m.add("os_error", reply.os_error);
    m.add("warnings", reply.warnings);
    for (std::size_t i = 0; i < reply.messages.size(); ++i)
        m.add_text("messages[" + std::to_string(i) + "]", reply.messages[i]);
    if (!reply.redirect.empty()) m.add_text("redirect", reply.redirect);
    std::vector<byte_span> none;
    commit(out, std::move(m), base, n, none);
    consumed = n;
    return wire::decode_status::ok;
}

wire::decode_status decode_reply(std::span<const std::uint8_t> bytes, const proto::session_features& f,
                                 const std::vector<column_info>* columns, std::size_t base,
                                 decoded_record& out, reply_effects& effects, std::size_t& consumed) {
    wire::reader r(bytes);
    const std::int16_t raw = r.i16();
    if (!r.ok()) return r.status();
    message m;
    m.name = wire::tag_name(raw);
    std::vector<byte_span> values;
    switch (static_cast<tag>(raw)) {
        case tag::protocols:
            return decode_protocols(bytes, base, out, effects, consumed);
        case tag::accept:
            m.name = "SQ_ACCEPT";
            commit(out, std::move(m), base, 2, values);
            consumed = 2;
            return wire::decode_status::ok;
        case tag::challenge: {
            proto::pam_challenge c;
            std::size_t n = 0;
            if (auto st = proto::decode_pam_challenge(bytes, c, n); st != wire::decode_status::ok) return st;
            static constexpr const char* styles[] = {"", "PROMPT_ECHO_OFF", "PROMPT_ECHO_ON", "ERROR_MSG",
                                                     "TEXT_INFO"};
            m.add("style", c.style, c.style >= 1 && c.style <= 4 ? styles[c.style] : "");
            m.add_text("prompt", c.prompt);
            commit(out, std::move(m), base, n, values);
            consumed = n;
            return wire::decode_status::ok;
        }
        case tag::dblist: {
            std::size_t n = 0;
            if (auto st = decode_dblist(bytes, m, n); st != wire::decode_status::ok) return st;
            commit(out, std::move(m), base, n, values);
            consumed = n;
            return wire::decode_status::ok;
        }
        default:
            break;
    }
    proto::server_message msg;
    std::size_t n = 0;
    if (auto st = proto::decode_server_message(bytes, f, msg, n); st != wire::decode_status::ok) return st;
    std::visit(server_fields{m, columns, bytes.first(n), values, effects}, msg);
    commit(out, std::move(m), base, n, values);
    consumed = n;
    return wire::decode_status::ok;
}

}  // namespace ifx::cap
