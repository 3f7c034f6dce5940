// Fast-path routine calls (PROTOCOL.md §7.13): SQ_GETROUTINE resolves the smart-LOB routines and
// refuses others with -674; SQ_EXFPROUTINE runs them and answers SQ_FPROUTINE. Raw bytes only.
#include "sqli_client.hpp"

namespace ifxlite_test {
namespace {

bytes be16(int v) {
    return {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}
bytes be32(std::uint32_t v) {
    return {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
            static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}
bytes text(std::string_view s) {
    return {s.begin(), s.end()};
}
const bytes eot = {0x00, 0x0c};

// `SQ_GETROUTINE u8 0 i32 len signature [pad] i16 0 SQ_EOT`.
bytes getroutine(std::string_view sig) {
    bytes out = cat({{0x00, 0x65, 0x00}, be32(static_cast<std::uint32_t>(sig.size())), text(sig)});
    if ((4 + sig.size()) % 2) out.push_back(0);
    return cat({out, be16(0), eot});
}

struct arg {
    char kind;  // 'i' INTEGER, 'l' INT8, 'u' UDT
    std::int64_t number;
    bytes content;
    std::string_view name;
};
arg integer(std::int64_t v) {
    return {'i', v, {}, {}};
}
arg int8(std::int64_t v) {
    return {'l', v, {}, {}};
}
arg udt(bytes content, std::string_view name = "blob") {
    return {'u', 0, std::move(content), name};
}

bytes exfproutine(std::string_view db, std::uint32_t handle, const std::vector<arg>& args) {
    bytes out = cat({{0x00, 0x66}, be16(static_cast<int>(db.size())), text(db)});
    if (db.size() % 2) out.push_back(0);
    out = cat({out, be32(handle), be16(static_cast<int>(args.size())), be16(0)});
    if (!args.empty()) out = cat({out, {0x00, 0x05}, be16(static_cast<int>(args.size()))});
    for (const arg& a : args) {
        if (a.kind == 'i') {
            out = cat({out, be16(2), be16(0), be16(0), be32(static_cast<std::uint32_t>(a.number))});
        } else if (a.kind == 'l') {
            const std::uint64_t mag = a.number < 0 ? 0 - static_cast<std::uint64_t>(a.number)
                                                   : static_cast<std::uint64_t>(a.number);
            out = cat({out, be16(17), be16(0), be16(0), be16(a.number < 0 ? -1 : 1),
                       be32(static_cast<std::uint32_t>(mag)), be32(static_cast<std::uint32_t>(mag >> 32))});
        } else {
            out = cat({out, be16(44), be16(0), be16(static_cast<int>(a.name.size())), text(a.name)});
            if (a.name.size() % 2) out.push_back(0);
            out = cat({out, be16(0), be16(0), be32(static_cast<std::uint32_t>(a.content.size())), a.content});
            if (a.content.size() % 2) out.push_back(0);
        }
    }
    return cat({out, eot});
}

// `SQ_FPROUTINE i16 1 INTEGER v` SQ_EOT.
bytes integer_reply(std::uint32_t v) {
    return cat({{0x00, 0x67}, be16(1), be16(2), be16(0), be16(0), be32(v), eot});
}
bytes int8_reply(std::int64_t v) {
    return cat({{0x00, 0x67},
                be16(1),
                be16(17),
                be16(0),
                be16(0),
                be16(v < 0 ? -1 : 1),
                be32(static_cast<std::uint32_t>(v < 0 ? -v : v)),
                be32(0),
                eot});
}

class fastpath_test : public session_test {
protected:
    void SetUp() override {
        session_test::SetUp();
        connect();
    }
    // Resolves a signature; expects `SQ_GETROUTINE CHAR "testdb" i32 handle SQ_EOT`.
    std::uint32_t resolve(std::string_view sig) {
        const bytes r = send(getroutine(sig));
        const bytes head = cat({{0x00, 0x65}, be16(6), text("testdb")});
        EXPECT_EQ(r.size(), head.size() + 6) << sig;
        if (r.size() != head.size() + 6) return 0;
        EXPECT_TRUE(std::equal(head.begin(), head.end(), r.begin()));
        EXPECT_EQ(bytes(r.end() - 2, r.end()), eot);
        return static_cast<std::uint32_t>(r[10]) << 24 | static_cast<std::uint32_t>(r[11]) << 16 |
               static_cast<std::uint32_t>(r[12]) << 8 | r[13];
    }
    bytes locator_of(std::string_view sql) {
        const auto rs = query(sql);
        EXPECT_EQ(rs.rows.size(), 1u);
        return rs.rows.empty() ? bytes{} : bytes(rs.rows[0].begin() + 5, rs.rows[0].end());
    }
};

TEST_F(fastpath_test, resolves_lob_routines_and_refuses_others_with_674) {
    const std::uint32_t open = resolve("function informix.ifx_lo_open(blob,integer)");
    EXPECT_GT(open, 0u);
    // Case, blanks and the owner do not matter; the same routine has the same handle.
    EXPECT_EQ(resolve("FUNCTION ifx_lo_open( BLOB, INTEGER )"), open);
    EXPECT_GT(resolve("function informix.ifx_lo_create( ifx_lo_spec,integer,blob)"), 0u);
    EXPECT_GT(resolve("function informix.ifx_lo_close(integer)"), 0u);
    for (const std::string_view sig :
         {"function informix.ifx_lo_open(integer)", "function informix.nope(integer)", "ifx_lo_open", ""}) {
        const auto g = one_group(send(getroutine(sig)), widths_);
        EXPECT_EQ(expect_error(g).sqlcode, -674) << sig;
    }
    EXPECT_EQ(query("SELECT 1 FROM systables WHERE tabid = 1").rows.size(), 1u);  // still in step
}

TEST_F(fastpath_test, open_read_seek_tell_close_through_the_fast_path) {
    command("CREATE TABLE l (k INTEGER, b BLOB)");
    command("INSERT INTO l VALUES (1, 'hello, world')");
    const bytes loc = locator_of("SELECT b FROM l");
    ASSERT_EQ(loc.size(), 72u);
    const std::uint32_t open = resolve("function informix.ifx_lo_open(blob,integer)");
    const std::uint32_t seek = resolve("function informix.ifx_lo_seek(integer,int8,integer)");
    const std::uint32_t tell = resolve("function informix.ifx_lo_tell(integer)");
    const std::uint32_t close = resolve("function informix.ifx_lo_close(integer)");
    const bytes opened = send(exfproutine("testdb", open, {udt(loc), integer(4)}));
    ASSERT_EQ(opened.size(), integer_reply(0).size());
    const std::uint32_t fd = opened[13];
    ASSERT_EQ(opened, integer_reply(fd));
    EXPECT_EQ(send(exfproutine("testdb", seek, {integer(fd), int8(7), integer(0)})), int8_reply(7));
    EXPECT_EQ(send(exfproutine("testdb", seek, {integer(fd), int8(-2), integer(2)})), int8_reply(10));
    EXPECT_EQ(send(exfproutine("testdb", seek, {integer(fd), int8(-3), integer(1)})), int8_reply(7));
    EXPECT_EQ(send(exfproutine("testdb", tell, {integer(fd)})), int8_reply(7));
    // SQ_LODATA reads from the sought position.
    const bytes read = cat({{0x00, 0x61}, be16(0), be16(static_cast<int>(fd)), be32(100), be16(32000), eot});
    EXPECT_EQ(send(read), cat({{0x00, 0x61}, be16(0), be32(5), be16(5), text("world"), {0x00}, eot}));
    // Before the start, an unknown whence, an unknown descriptor: -9810.
    for (const auto& args : std::vector<std::vector<arg>>{{integer(fd), int8(-1), integer(0)},
                                                          {integer(fd), int8(0), integer(9)},
                                                          {integer(999), int8(0), integer(0)}})
        EXPECT_EQ(expect_error(one_group(send(exfproutine("testdb", seek, args)), widths_)).sqlcode, -9810);
    EXPECT_EQ(send(exfproutine("testdb", close, {integer(fd)})), integer_reply(0));
    EXPECT_EQ(expect_error(one_group(send(exfproutine("testdb", close, {integer(fd)})), widths_)).sqlcode,
              -9810);
    // Wrong argument shapes and unknown handles: -674.
    EXPECT_EQ(expect_error(one_group(send(exfproutine("testdb", close, {})), widths_)).sqlcode, -674);
    EXPECT_EQ(
        expect_error(one_group(send(exfproutine("testdb", open, {integer(1), integer(4)})), widths_)).sqlcode,
        -674);
    EXPECT_EQ(expect_error(one_group(send(exfproutine("testdb", 4242, {integer(1)})), widths_)).sqlcode,
              -674);
    EXPECT_EQ(query("SELECT 1 FROM systables WHERE tabid = 1").rows.size(), 1u);
}

TEST_F(fastpath_test, create_write_insert_by_locator_and_release) {
    command("CREATE TABLE l (k INTEGER, b BLOB)");
    const std::uint32_t create = resolve("function informix.ifx_lo_create( ifx_lo_spec,integer,blob)");
    const std::uint32_t release = resolve("function informix.ifx_lo_release(blob)");
    bytes spec(596, 0);
    const bytes r =
        send(exfproutine("testdb", create, {udt(spec, "ifx_lo_spec"), integer(8), udt(bytes(72, 0))}));
    // SQ_FPROUTINE 2: UDT 41 "informix"."blob" with the 72-byte locator, then INTEGER fd.
    const bytes head = cat({{0x00, 0x67},
                            be16(2),
                            be16(41),
                            be16(8),
                            text("informix"),
                            be16(4),
                            text("blob"),
                            be16(0),
                            be16(72),
                            be32(72)});
    ASSERT_EQ(r.size(), head.size() + 72 + 10 + 2);
    ASSERT_TRUE(std::equal(head.begin(), head.end(), r.begin()));
    const bytes loc(r.begin() + static_cast<std::ptrdiff_t>(head.size()),
                    r.begin() + static_cast<std::ptrdiff_t>(head.size() + 72));
    const bytes tail(r.begin() + static_cast<std::ptrdiff_t>(head.size() + 72), r.end());
    ASSERT_EQ(tail.size(), 12u);
    const std::uint32_t fd = tail[9];
    EXPECT_EQ(tail, cat({be16(2), be16(0), be16(0), be32(fd), eot}));
    // Write through the new descriptor, then insert the locator (bound as its hex text).
    EXPECT_EQ(send(cat({{0x00, 0x61},
                        be16(2),
                        be16(static_cast<int>(fd)),
                        be32(3),
                        be16(32000),
                        be16(3),
                        text("abc"),
                        {0x00},
                        eot})),
              cat({{0x00, 0x61}, be16(2), be32(3), eot}));
    std::string hex_locator;
    for (const std::uint8_t b : loc) {
        static constexpr char digits[] = "0123456789abcdef";
        hex_locator += digits[b >> 4];
        hex_locator += digits[b & 15];
    }
    command("INSERT INTO l VALUES (1, '" + hex_locator + "')");  // a literal is not a bind: stays text
    const std::int16_t ins = [&] {
        const auto g = one_group(
            send(request().prepare("INSERT INTO l VALUES (2, ?)").t(tag::ndescribe).t(tag::wantdone).done()),
            widths_);
        return g.front().stmt_id;
    }();
    ASSERT_EQ(tags_of(one_group(
                  send(request().id(ins).bind(1).bind_string(hex_locator).t(tag::execute).done()), widths_)),
              tags({tag::done, tag::cost, tag::eot}));
    const auto rs = query("SELECT LENGTH(b) FROM l ORDER BY k");
    ASSERT_EQ(rs.rows.size(), 2u);
    EXPECT_EQ(int_value(rs.rows[0]), 144);
    EXPECT_EQ(int_value(rs.rows[1]), 3);
    // Release: 0, then the locator is unknown (-9810), and its descriptor with it.
    EXPECT_EQ(send(exfproutine("testdb", release, {udt(loc)})), integer_reply(0));
    EXPECT_EQ(expect_error(one_group(send(exfproutine("testdb", release, {udt(loc)})), widths_)).sqlcode,
              -9810);
    const bytes read = cat({{0x00, 0x61}, be16(0), be16(static_cast<int>(fd)), be32(10), be16(32000), eot});
    EXPECT_EQ(expect_error(one_group(send(read), widths_)).sqlcode, -9810);
}

TEST_F(fastpath_test, malformed_fast_path_requests_get_929_and_close_the_session) {
    // An argument whose layout the fast path does not carry cannot be skipped: BYTE (its content
    // would follow the values in SQ_BBIND chunks).
    bytes bad = cat({{0x00, 0x66},
                     be16(0),
                     be32(1),
                     be16(1),
                     be16(0),
                     {0x00, 0x05},
                     be16(1),
                     be16(11),
                     be16(0),
                     be16(0),
                     eot});
    const auto g = one_group(send(bad), widths_);
    EXPECT_EQ(expect_error(g).sqlcode, -929);  // "SQLI Protocol Error. Session terminated."
    EXPECT_TRUE(s_->closing());
    EXPECT_FALSE(s_->close_reason().empty());
}

}  // namespace
}  // namespace ifxlite_test
