#pragma once
// Test-side SQLI message builders and a reply-group parser, written from PROTOCOL.md with the wire
// primitives only (no client code), to drive ifxlite's session with raw bytes.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <unistd.h>

#include "catalog/catalog.hpp"
#include "login_packet.hpp"
#include "protocol/session.hpp"
#include "support/vectors.hpp"
#include "wire/reader.hpp"
#include "wire/session_layer.hpp"
#include "wire/tags.hpp"
#include "wire/writer.hpp"

namespace ifxlite_test {

using bytes = std::vector<std::uint8_t>;
using ifx::wire::tag;

inline bytes cat(std::initializer_list<bytes> parts) {
    bytes out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

inline bytes vec(std::string_view file, std::string_view id) {
    return ifx::test::vector_by_id(file, id).bytes;
}

/// The SQ_INFO group that ends the login exchange (the JDBC 15 environment, then SQ_EOT).
inline bytes info_group() {
    return cat({vec("login.txt", "LOGIN-020"), {0x00, 0x0c}});
}

/// SQ_DBOPEN of `name` (no exclusive mode), then SQ_EOT.
inline bytes dbopen(std::string_view name) {
    bytes out;
    ifx::wire::writer w(out);
    w.put(tag::dbopen);
    w.sqli_char(name);
    w.i16(0);
    w.put(tag::eot);
    return out;
}

/// Builds one request group; SQL lengths are i32 unless `long_sql` is false.
class request {
public:
    explicit request(bool long_sql = true, bool nfetch_i32 = true)
        : long_sql_(long_sql), nfetch_i32_(nfetch_i32) {}
    request& command(std::string_view sql) {
        w_.put(tag::command);
        w_.i16(0);
        sql_text(sql);
        return *this;
    }
    request& prepare(std::string_view sql, std::int16_t nparams = 0) {
        w_.put(tag::prepare);
        w_.i16(nparams);
        sql_text(sql);
        return *this;
    }
    request& id(std::int16_t v) { return t(tag::id).i16(v); }
    request& curname(std::string_view name) {
        w_.put(tag::curname);
        w_.sqli_char(name);
        return *this;
    }
    request& nfetch(std::int32_t bufsize) {
        w_.put(tag::nfetch);
        if (nfetch_i32_)
            w_.i32(bufsize);
        else
            w_.i16(static_cast<std::int16_t>(bufsize));
        w_.i16(0);
        return *this;
    }
    request& t(tag value) {
        w_.put(value);
        return *this;
    }
    request& i16(std::int16_t v) {
        w_.i16(v);
        return *this;
    }
    /// SQ_BIND header; follow with bind_* values.
    request& bind(std::int16_t count) {
        w_.put(tag::bind);
        w_.i16(count);
        return *this;
    }
    request& bind_int(std::int32_t v) {
        bind_header(2, 0x0a00);
        w_.i32(v);
        return *this;
    }
    request& bind_bigint(std::int64_t v) {
        bind_header(52, 0x1300);
        w_.i64(v);
        return *this;
    }
    request& bind_smallint(std::int16_t v) {
        bind_header(1, 0x0500);
        w_.i16(v);
        return *this;
    }
    request& bind_float(double v) {
        bind_header(3, 0);
        w_.f64(v);
        return *this;
    }
    request& bind_string(std::string_view v) {
        bind_header(0, 0);
        w_.sqli_char(v);
        return *this;
    }
    request& bind_null(std::int16_t type = 2) {
        bind_header(type, 0, -1);
        return *this;
    }
    request& eot() { return t(tag::eot); }
    bytes done() { return eot().b_; }
    bytes raw() const { return b_; }

private:
    // A bound value's type, indicator (-1: NULL) and precision.
    void bind_header(std::int16_t type, std::uint16_t precision, std::int16_t indicator = 0) {
        w_.i16(type);
        w_.i16(indicator);
        w_.u16(precision);
    }
    void sql_text(std::string_view sql) {
        if (long_sql_)
            w_.sqli_lchar(sql);
        else
            w_.sqli_char(sql);
    }
    bytes b_;
    ifx::wire::writer w_{b_};
    bool long_sql_;
    bool nfetch_i32_;
};

struct column {
    std::string name;
    std::int32_t field_index = 0;
    std::int32_t start = 0;
    std::int16_t type = 0;
    std::int32_t encoded_length = 0;
};

/// One decoded reply message.
struct message {
    std::int16_t tag = 0;
    // SQ_ERR
    std::int16_t sqlcode = 0, isam = 0;
    std::int32_t offset = 0;
    std::string text;
    // SQ_DONE
    std::uint16_t warnings = 0;
    std::int64_t rows = 0, rowid = 0;
    std::int32_t serial = 0;
    // SQ_DESCRIBE
    std::int16_t stmt_type = 0, stmt_id = 0;
    std::int32_t tuple_size = 0;
    std::vector<column> columns;
    // SQ_TUPLE, SQ_PROTOCOLS, SQ_INSERTDONE
    bytes payload;
    std::int32_t cost_rows = 0, cost = 0;
};

struct reply_widths {
    bool long_sql = true, ext_describe = true, large_tuple = true, long_rowid = true, bigint = true;
};

/// Splits a reply stream into groups (each ending with SQ_EOT, or SQ_EXIT); fails the test on
/// anything it cannot decode.
inline std::vector<std::vector<message>> parse_replies(std::span<const std::uint8_t> in,
                                                       reply_widths f = {}) {
    ifx::wire::reader r(in);
    // An i16-length payload of at most `max` bytes, padded to an even length; appended to `to`.
    const auto padded16 = [&r](std::size_t max, bytes& to) {
        const auto n = r.length16(max);
        const auto p = r.bytes(n);
        to.insert(to.end(), p.begin(), p.end());
        r.pad(n);
        return n;
    };
    std::vector<std::vector<message>> groups(1);
    while (r.ok() && !r.at_end()) {
        message m;
        m.tag = r.i16();
        switch (static_cast<tag>(m.tag)) {
            case tag::eot:
            case tag::exit:
                groups.back().push_back(m);
                groups.emplace_back();
                continue;
            case tag::err:
                m.sqlcode = r.i16();
                m.isam = r.i16();
                m.offset = f.long_sql ? r.i32() : r.i16();
                m.text = r.sqli_char(0x7fff);
                break;
            case tag::done:
                m.warnings = r.u16();
                m.rows = f.long_rowid ? r.i64() : r.i32();
                m.rowid = f.long_rowid ? r.i64() : r.i32();
                m.serial = r.i32();
                break;
            case tag::cost:
                m.cost_rows = r.i32();
                m.cost = r.i32();
                break;
            case tag::tupid:
                m.rows = r.i32();
                break;
            case tag::xactstat:
                m.cost_rows = r.i16();  // event
                m.cost = r.i16();       // new level
                m.serial = r.i16();     // old level
                break;
            case tag::tuple: {
                r.i16();
                const auto n = r.length32(1 << 26);
                const auto p = r.bytes(n);
                m.payload.assign(p.begin(), p.end());
                r.pad(n);
                break;
            }
            case tag::insertdone: {
                const auto p = r.bytes(f.bigint ? 18 : 10);
                m.payload.assign(p.begin(), p.end());
                break;
            }
            case tag::protocols:
                padded16(1024, m.payload);
                break;
            case tag::describe: {
                m.stmt_type = r.i16();
                m.stmt_id = r.i16();
                r.i32();
                m.tuple_size = f.large_tuple ? r.i32() : r.i16();
                const auto ncols = r.length16(0x7fff);
                const auto names = f.ext_describe ? r.length32(1 << 24) : r.length16(0x7fff);
                for (std::size_t i = 0; i < ncols && r.ok(); ++i) {
                    column c;
                    c.field_index = f.ext_describe ? r.i32() : r.i16();
                    c.start = r.i32();
                    c.type = r.i16();
                    r.i32();
                    r.sqli_char(255);
                    r.sqli_char(255);
                    r.i16();
                    r.i16();
                    r.i32();
                    c.encoded_length = r.i32();
                    m.columns.push_back(c);
                }
                const auto table = r.bytes(names);
                r.pad(names);
                for (auto& c : m.columns) {
                    const auto* p = reinterpret_cast<const char*>(table.data()) + c.field_index;
                    c.name = std::string(p);
                }
                break;
            }
            case tag::blob:
                padded16(0x7fff, m.payload);
                break;
            case tag::lodata: {
                const auto op = r.i16();
                if (op == 2) {
                    m.rows = r.i32();
                    break;
                }
                const auto size = r.i32();
                m.rows = size;
                if (size == 0) r.i16();
                for (std::int32_t got = 0; r.ok() && got < size;) {
                    const auto n = padded16(0x7fff, m.payload);
                    got += static_cast<std::int32_t>(n);
                    if (n == 0) break;
                }
                break;
            }
            case tag::dblist:
                for (;;) {
                    const auto name = r.sqli_char(255);
                    if (!r.ok() || name.empty()) break;
                    m.text += std::string(name) + ",";
                }
                break;
            default:
                ADD_FAILURE() << "unexpected reply tag " << m.tag;
                return groups;
        }
        if (!r.ok()) break;
        groups.back().push_back(m);
    }
    EXPECT_TRUE(r.ok()) << "reply did not parse";
    if (groups.back().empty()) groups.pop_back();
    return groups;
}

/// The single reply group of `in` (fails the test if there is not exactly one).
inline std::vector<message> one_group(std::span<const std::uint8_t> in, reply_widths f = {}) {
    auto groups = parse_replies(in, f);
    EXPECT_EQ(groups.size(), 1u);
    return groups.empty() ? std::vector<message>{} : groups.front();
}

inline std::vector<std::int16_t> tags_of(const std::vector<message>& group) {
    std::vector<std::int16_t> out;
    for (const auto& m : group) out.push_back(m.tag);
    return out;
}

inline std::vector<std::int16_t> tags(std::initializer_list<tag> list) {
    std::vector<std::int16_t> out;
    for (tag t : list) out.push_back(static_cast<std::int16_t>(t));
    return out;
}

/// A session over a fresh data directory.
class session_test : public ::testing::Test {
protected:
    void SetUp() override {
        TearDown();  // tests may call SetUp again to start over
        dir_ = std::filesystem::temp_directory_path() /
               ("ifxlite-unit-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
        std::filesystem::remove_all(dir_);
        databases_ = std::make_unique<ifx::lite::catalog>(dir_);
        std::string error;
        ASSERT_TRUE(databases_->initialise(error)) << error;
        s_ = std::make_unique<ifx::lite::session>(*databases_, config_);
    }
    void TearDown() override {
        s_.reset();
        databases_.reset();
        std::error_code ec;
        if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
    }

    bytes send(const bytes& b) { return s_->on_bytes(b); }

    /// Another logged-in session on the same catalog with `db` open.
    std::unique_ptr<ifx::lite::session> second_session(std::string_view db = "testdb") {
        auto s = std::make_unique<ifx::lite::session>(*databases_, config_);
        EXPECT_EQ(s->on_bytes(login_packet())[2], 2);
        s->on_bytes(vec("login.txt", "LOGIN-010"));
        s->on_bytes(info_group());
        EXPECT_EQ(tags_of(one_group(s->on_bytes(dbopen(db)), widths_)),
                  tags({tag::done, tag::cost, tag::eot}));
        return s;
    }

    /// SQ_COMMAND on another session.
    std::vector<message> command_on(ifx::lite::session& s, std::string_view sql) {
        return one_group(s.on_bytes(request(widths_.long_sql)
                                        .command(sql)
                                        .t(tag::ndescribe)
                                        .t(tag::execute)
                                        .t(tag::release)
                                        .done()),
                         widths_);
    }

    /// Login, JDBC 15 SQ_PROTOCOLS offer, SQ_INFO; then (optionally) create and open `db`.
    void connect(std::string_view db = "testdb", ifx::lite::log_mode mode = ifx::lite::log_mode::logged,
                 const bytes& offer = {}) {
        const auto accept = send(login_packet());
        ASSERT_GE(accept.size(), 6u);
        ASSERT_EQ(accept[2], 2) << "login rejected";
        const auto proto = send(offer.empty() ? vec("login.txt", "LOGIN-010") : offer);
        ASSERT_FALSE(proto.empty());
        ASSERT_EQ(send(info_group()), (bytes{0x00, 0x0c}));
        if (db.empty()) return;
        ASSERT_FALSE(databases_->create(std::string(db), mode).has_value());
        const auto open = one_group(send(dbopen(db)), widths_);
        ASSERT_EQ(tags_of(open), tags({tag::done, tag::cost, tag::eot}));
    }

    /// Runs SQL through SQ_COMMAND; returns the reply group.
    std::vector<message> command(std::string_view sql) { return command_on(*s_, sql); }

    struct result_set {
        message describe;              ///< SQ_DESCRIBE of the PREPARE (or the SQ_ERR)
        std::vector<bytes> rows;       ///< tuple payloads
        std::optional<message> error;  ///< first SQ_ERR of PREPARE, OPEN or a fetch
    };

    /// PREPARE + OPEN + NFETCH until DONE + CLOSE + RELEASE.
    result_set query(std::string_view sql, std::int32_t bufsize = 32767) {
        result_set out;
        const auto p = one_group(
            send(request(widths_.long_sql).prepare(sql).t(tag::ndescribe).t(tag::wantdone).done()), widths_);
        if (p.empty() || p.front().tag != static_cast<std::int16_t>(tag::describe)) {
            if (!p.empty()) out.error = p.front();
            return out;
        }
        out.describe = p.front();
        const std::int16_t id = out.describe.stmt_id;
        const auto o =
            one_group(send(request(widths_.long_sql).id(id).curname("cq").t(tag::open).done()), widths_);
        if (!o.empty() && o.front().tag == static_cast<std::int16_t>(tag::err)) out.error = o.front();
        for (int guard = 0; !out.error && guard < 1000000; ++guard) {
            const auto g = one_group(send(request(widths_.long_sql).id(id).nfetch(bufsize).done()), widths_);
            bool done = g.empty();
            for (const auto& m : g) {
                if (m.tag == static_cast<std::int16_t>(tag::tuple)) out.rows.push_back(m.payload);
                if (m.tag == static_cast<std::int16_t>(tag::done)) done = true;
                if (m.tag == static_cast<std::int16_t>(tag::err)) out.error = m;
            }
            if (done) break;
        }
        send(request(widths_.long_sql).id(id).t(tag::close).done());
        send(request(widths_.long_sql).id(id).t(tag::release).done());
        return out;
    }

    /// The text of a CHAR/VARCHAR/LVARCHAR column value at the start of a payload (by type code).
    static std::string text_value(const bytes& payload, std::int16_t type, std::size_t offset = 0,
                                  std::size_t width = 0) {
        const auto base = type & 0xff;
        if (base == 13 || base == 16)
            return std::string(payload.begin() + static_cast<std::ptrdiff_t>(offset) + 1,
                               payload.begin() + static_cast<std::ptrdiff_t>(offset) + 1 + payload[offset]);
        if (base == 43 || base == 40) {  // LVARCHAR: front-end code 43, or UDT 40 xid 1 as IDS describes it
            const std::size_t n =
                static_cast<std::size_t>(payload[offset + 1] << 24 | payload[offset + 2] << 16 |
                                         payload[offset + 3] << 8 | payload[offset + 4]);
            return std::string(payload.begin() + static_cast<std::ptrdiff_t>(offset) + 5,
                               payload.begin() + static_cast<std::ptrdiff_t>(offset + 5 + n));
        }
        std::string v(payload.begin() + static_cast<std::ptrdiff_t>(offset),
                      width ? payload.begin() + static_cast<std::ptrdiff_t>(offset + width) : payload.end());
        while (!v.empty() && v.back() == ' ') v.pop_back();
        return v;
    }

    static std::int32_t int_value(const bytes& payload, std::size_t offset = 0) {
        return static_cast<std::int32_t>(static_cast<std::uint32_t>(payload[offset]) << 24 |
                                         payload[offset + 1] << 16 | payload[offset + 2] << 8 |
                                         payload[offset + 3]);
    }

    /// Asserts that the group is SQ_ERR + SQ_EOT and returns the SQ_ERR.
    static message expect_error(const std::vector<message>& group) {
        EXPECT_EQ(tags_of(group), tags({tag::err, tag::eot}));
        return group.empty() ? message{} : group.front();
    }

    ifx::lite::session_config config_;
    reply_widths widths_;
    std::filesystem::path dir_;
    std::unique_ptr<ifx::lite::catalog> databases_;
    std::unique_ptr<ifx::lite::session> s_;

private:
    static int& counter() {
        static int n = 0;
        return n;
    }
};

}  // namespace ifxlite_test
