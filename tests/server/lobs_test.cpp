// BYTE/TEXT descriptors and SQ_FETCHBLOB (PROTOCOL.md §7.11, §9.11) and BLOB/CLOB locators
// (§7.12, §9.12).
#include "sqli_client.hpp"

namespace ifxlite_test {
namespace {

std::uint32_t be32(const bytes& b, std::size_t at) {
    return static_cast<std::uint32_t>(b[at]) << 24 | static_cast<std::uint32_t>(b[at + 1]) << 16 |
           static_cast<std::uint32_t>(b[at + 2]) << 8 | b[at + 3];
}

class lobs_test : public session_test {
protected:
    void SetUp() override {
        session_test::SetUp();
        connect();
    }
    /// The reply group of PREPARE `sql` (SQ_DESCRIBE first, or SQ_ERR).
    std::vector<message> describe(std::string_view sql) {
        return one_group(send(request().prepare(sql).t(tag::ndescribe).t(tag::wantdone).done()), widths_);
    }
    std::int16_t prepare_id(std::string_view sql) {
        const auto g = describe(sql);
        EXPECT_FALSE(g.empty());
        return g.empty() ? -1 : g.front().stmt_id;
    }
    /// Opens prepared statement `id` as cursor `name` and returns the first fetch's reply group.
    std::vector<message> open_and_fetch(std::int16_t id, std::string_view name) {
        send(request().id(id).curname(name).t(tag::open).done());
        return one_group(send(request().id(id).nfetch(4096).done()), widths_);
    }
    /// The 72-byte locator of the single row `sql` selects (empty, and the test failed, when the
    /// query does not return one row).
    std::string only_locator(std::string_view sql) {
        const auto sel = query(sql);
        if (sel.rows.size() != 1u) {
            ADD_FAILURE() << sql << ": " << sel.rows.size() << " rows";
            return {};
        }
        return std::string(sel.rows[0].begin() + 5, sel.rows[0].end());
    }
    /// SQ_LODATA read (op 0) of up to `size` bytes of descriptor `fd`, 32000-byte transfer buffer.
    static bytes lo_read_request(std::int16_t fd, std::int32_t size) {
        bytes out;
        ifx::wire::writer w(out);
        w.put(tag::lodata);
        w.i16(0);
        w.i16(fd);
        w.i32(size);
        w.i16(32000);
        w.put(tag::eot);
        return out;
    }
    /// SQ_BIND of one type-11/12 value (56-byte descriptor, size at 16), SQ_BBIND 1, SQ_BLOB chunks of
    /// ≤ 1024 bytes, a zero-length SQ_BLOB, SQ_EXECUTE (§7.11).
    static bytes blob_upload(std::int16_t id, std::int16_t type, const std::string& value,
                             bool null = false) {
        bytes out;
        ifx::wire::writer w(out);
        w.put(tag::id);
        w.i16(id);
        w.put(tag::bind);
        w.i16(1);
        w.i16(type);
        w.i16(null ? -1 : 0);
        w.i16(0);
        if (!null) {
            bytes d(56, 0);
            d[16] = static_cast<std::uint8_t>(value.size() >> 24);
            d[17] = static_cast<std::uint8_t>(value.size() >> 16);
            d[18] = static_cast<std::uint8_t>(value.size() >> 8);
            d[19] = static_cast<std::uint8_t>(value.size());
            w.bytes(d);
            w.put(tag::bbind);
            w.i16(1);
            for (std::size_t at = 0; at < value.size(); at += 1024) {
                const std::string part = value.substr(at, 1024);
                w.put(tag::blob);
                w.i16(static_cast<std::int16_t>(part.size()));
                w.bytes(part);
                w.pad(part.size());
            }
            w.put(tag::blob);
            w.i16(0);
        }
        w.put(tag::execute);
        w.put(tag::eot);
        return out;
    }
    void insert_text(std::string_view sql, std::string_view value) {
        const std::int16_t id = prepare_id(sql);
        const auto g =
            one_group(send(request().id(id).bind(1).bind_string(value).t(tag::execute).done()), widths_);
        ASSERT_EQ(tags_of(g), tags({tag::done, tag::cost, tag::eot}));
        send(request().id(id).t(tag::release).done());
    }
};

TEST_F(lobs_test, byte_and_text_describe_and_descriptor) {
    command("CREATE TABLE b (k INTEGER, t TEXT, y BYTE)");
    std::string big(2499, 'q');
    big[7] = '\0';  // binary-safe
    big += "z";
    const std::int16_t ins = prepare_id("INSERT INTO b (k, t) VALUES (1, ?)");
    ASSERT_EQ(tags_of(one_group(send(blob_upload(ins, 12, big)), widths_)),
              tags({tag::done, tag::cost, tag::eot}));
    command("INSERT INTO b VALUES (2, NULL, NULL)");
    const auto p = describe("SELECT t, y FROM b ORDER BY k");
    ASSERT_FALSE(p.empty());
    ASSERT_EQ(p[0].columns.size(), 2u);
    EXPECT_EQ(p[0].columns[0].type, 12);
    EXPECT_EQ(p[0].columns[1].type, 11);
    EXPECT_EQ(p[0].columns[0].encoded_length, 56);
    EXPECT_EQ(p[0].tuple_size, 112);
    const std::int16_t id = p[0].stmt_id;
    const auto f = open_and_fetch(id, "cb");
    ASSERT_EQ(tags_of(f), tags({tag::tuple, tag::tuple, tag::done, tag::cost, tag::eot}));
    const bytes& row1 = f[0].payload;
    ASSERT_EQ(row1.size(), 112u);
    EXPECT_EQ(be32(row1, 16), 2500u);                  // size at offset 16
    EXPECT_EQ(row1[38] << 8 | row1[39], 0);            // not NULL
    EXPECT_EQ(row1[56 + 38] << 8 | row1[56 + 39], 1);  // y is NULL: flag 0x0001 at 38
    const bytes& row2 = f[1].payload;
    EXPECT_EQ(row2[38] << 8 | row2[39], 1);
    // SQ_FETCHBLOB: chunks of ≤ 1024 bytes, a zero-length chunk, DONE, EOT.
    const bytes descriptor(row1.begin(), row1.begin() + 56);
    const auto b = one_group(
        send(cat({request().id(id).t(tag::fetchblob).raw(), descriptor, bytes{0x00, 0x0c}})), widths_);
    ASSERT_EQ(tags_of(b), tags({tag::blob, tag::blob, tag::blob, tag::blob, tag::done, tag::eot}));
    EXPECT_EQ(b[0].payload.size(), 1024u);
    EXPECT_EQ(b[2].payload.size(), 452u);
    EXPECT_TRUE(b[3].payload.empty());
    std::string got;
    for (const auto& m : b) got.append(m.payload.begin(), m.payload.end());
    EXPECT_EQ(got, big);
    // After CLOSE the descriptor no longer fetches: -602.
    send(request().id(id).t(tag::close).done());
    const auto late = one_group(
        send(cat({request().id(id).t(tag::fetchblob).raw(), descriptor, bytes{0x00, 0x0c}})), widths_);
    EXPECT_EQ(expect_error(late).sqlcode, -602);
}

TEST_F(lobs_test, blob_clob_describe_and_locator_envelope) {
    command("CREATE TABLE l (k INTEGER, c CLOB, b BLOB)");
    insert_text("INSERT INTO l (k, c) VALUES (1, ?)", "hello clob");
    const auto p = describe("SELECT c, b FROM l");
    ASSERT_FALSE(p.empty());
    ASSERT_EQ(p[0].columns.size(), 2u);
    EXPECT_EQ(p[0].columns[0].type, 41);
    EXPECT_EQ(p[0].columns[0].encoded_length, 72);
    const auto f = open_and_fetch(p[0].stmt_id, "cl");
    ASSERT_EQ(tags_of(f), tags({tag::tuple, tag::done, tag::cost, tag::eot}));
    const bytes& row = f[0].payload;
    ASSERT_EQ(row.size(), 5u + 72u + 5u);
    EXPECT_EQ(row[0], 0);
    EXPECT_EQ(be32(row, 1), 72u);
    EXPECT_EQ(be32(row, 5 + 8), 11u);                                       // xid inside the locator
    EXPECT_EQ(be32(row, 5 + 16), 10u);                                      // size
    EXPECT_EQ(bytes(row.begin() + 77, row.end()), (bytes{1, 0, 0, 0, 0}));  // NULL BLOB
}

TEST_F(lobs_test, byte_upload_round_trip_and_617_for_literals) {
    command("CREATE TABLE b (k INTEGER, y BYTE)");
    const std::int16_t ins = prepare_id("INSERT INTO b VALUES (?, ?)");
    // Two values: INTEGER then BYTE (odd length: chunk pad).
    bytes req;
    ifx::wire::writer w(req);
    w.put(tag::id);
    w.i16(ins);
    w.put(tag::bind);
    w.i16(2);
    w.i16(2);
    w.i16(0);
    w.u16(0x0a00);
    w.i32(7);
    w.i16(11);
    w.i16(0);
    w.i16(0);
    bytes d(56, 0);
    d[19] = 3;
    w.bytes(d);
    w.put(tag::bbind);
    w.i16(1);
    w.put(tag::blob);
    w.i16(3);
    w.bytes(std::string_view("\x01\x02\x03"));
    w.pad(3);
    w.put(tag::blob);
    w.i16(0);
    w.put(tag::execute);
    w.put(tag::eot);
    ASSERT_EQ(tags_of(one_group(send(req), widths_)), tags({tag::done, tag::cost, tag::eot}));
    // NULL through the descriptor-less NULL bind.
    ASSERT_EQ(tags_of(one_group(send(blob_upload(prepare_id("INSERT INTO b (y) VALUES (?)"), 11, "", true)),
                                widths_)),
              tags({tag::done, tag::cost, tag::eot}));
    const auto rs = query("SELECT y FROM b WHERE k = 7");
    ASSERT_EQ(rs.rows.size(), 1u);
    EXPECT_EQ(be32(rs.rows[0], 16), 3u);
    // Literals and CHAR binds cannot supply BYTE/TEXT: -617.
    EXPECT_EQ(expect_error(command("INSERT INTO b VALUES (1, 'abc')")).sqlcode, -617);
    EXPECT_EQ(expect_error(command("UPDATE b SET y = 'abc'")).sqlcode, -617);
    const std::int16_t chr = prepare_id("INSERT INTO b (y) VALUES (?)");
    EXPECT_EQ(
        expect_error(
            one_group(send(request().id(chr).bind(1).bind_string("abc").t(tag::execute).done()), widths_))
            .sqlcode,
        -617);
    // SQ_BBIND count must match the type-11/12 binds.
    bytes bad = blob_upload(chr, 11, "x");
    ASSERT_EQ(bad[71], 41);  // SQ_BBIND after SQ_ID, SQ_BIND header, type/indicator/prec and 56 bytes
    bad[73] = 2;
    EXPECT_EQ(expect_error(one_group(send(bad), widths_)).sqlcode, -254);
}

TEST_F(lobs_test, smart_lob_read_write_through_lodata) {
    command("CREATE TABLE l (k INTEGER, c CLOB)");
    command("INSERT INTO l VALUES (1, 'abc')");
    // ifx_lo_open on the column value gives descriptors 1, 2, …; the 9th matches MSG-040.
    for (int i = 1; i <= 9; ++i) {
        const auto rs = query("SELECT ifx_lo_open(c, 4) FROM l");
        ASSERT_EQ(rs.rows.size(), 1u);
        ASSERT_EQ(int_value(rs.rows[0]), i);
    }
    EXPECT_EQ(send(cat({vec("messages.txt", "MSG-040"), bytes{0x00, 0x0c}})), vec("messages.txt", "MSG-042"));
    // The position advanced: the next read has size 0 followed by i16 0.
    EXPECT_EQ(send(cat({vec("messages.txt", "MSG-040"), bytes{0x00, 0x0c}})),
              (bytes{0x00, 0x61, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0c}));
    // Write through a locator: open it (bound as CHAR), SQ_LODATA op 2, then store it with locopy.
    const std::string locator = only_locator("SELECT c FROM l");
    ASSERT_EQ(locator.size(), 72u);
    const std::int16_t open_id = prepare_id("SELECT ifx_lo_open(?, 2) FROM l");
    send(request().id(open_id).bind(1).bind_string(locator).curname("co").t(tag::open).done());
    const auto f = one_group(send(request().id(open_id).nfetch(4096).done()), widths_);
    ASSERT_EQ(tags_of(f), tags({tag::tuple, tag::done, tag::cost, tag::eot}));
    const auto fd = static_cast<std::int16_t>(int_value(f[0].payload));
    bytes write;
    ifx::wire::writer w(write);
    w.put(tag::lodata);
    w.i16(2);
    w.i16(fd);
    w.i32(5);
    w.i16(32000);  // transfer buffer, as in a read (libsqli's write layout)
    w.i16(3);
    w.bytes(std::string_view("XYZ"));
    w.pad(3);
    w.i16(2);
    w.bytes(std::string_view("!!"));
    w.put(tag::eot);
    EXPECT_EQ(send(write), (bytes{0x00, 0x61, 0x00, 0x02, 0x00, 0x00, 0x00, 0x05, 0x00, 0x0c}));
    const std::int16_t upd = prepare_id("UPDATE l SET c = locopy(?)");
    ASSERT_EQ(tags_of(one_group(send(request().id(upd).bind(1).bind_string(locator).t(tag::execute).done()),
                                widths_)),
              tags({tag::done, tag::cost, tag::eot}));
    const auto rs = query("SELECT LENGTH(c) FROM l");
    ASSERT_EQ(rs.rows.size(), 1u);
    EXPECT_EQ(int_value(rs.rows[0]), 5);
    // Close: 0, then -9810 for the closed descriptor (SQL and SQ_LODATA).
    const auto closed = query("SELECT ifx_lo_close(" + std::to_string(fd) + ") FROM l");
    ASSERT_EQ(closed.rows.size(), 1u);
    EXPECT_EQ(int_value(closed.rows[0]), 0);
    EXPECT_EQ(expect_error(one_group(send(lo_read_request(fd, 100)), widths_)).sqlcode, -9810);
}

TEST_F(lobs_test, locator_text_form_and_invalid_locators) {
    command("CREATE TABLE l (k INTEGER, b BLOB)");
    command("INSERT INTO l VALUES (1, 'xyz')");
    const std::string locator = only_locator("SELECT b FROM l");
    ASSERT_EQ(locator.size(), 72u);
    const auto hex = [](const std::string& raw) {
        static constexpr char digits[] = "0123456789abcdef";
        std::string out;
        for (const char c : raw) {
            out += digits[static_cast<unsigned char>(c) >> 4];
            out += digits[static_cast<unsigned char>(c) & 0x0f];
        }
        return out;
    };
    // The 144-digit text form, cast as the client does, opens the same object.
    const auto open_with = [&](const std::string& bound) {
        const std::int16_t id = prepare_id("SELECT ifx_lo_open(CAST(? AS BLOB), 4) FROM l");
        // The first row is evaluated at OPEN (one row of look-ahead): an error shows there.
        const auto opened = one_group(
            send(request().id(id).bind(1).bind_string(bound).curname("ch").t(tag::open).done()), widths_);
        if (!opened.empty() && opened.front().tag == static_cast<std::int16_t>(tag::err)) return opened;
        return one_group(send(request().id(id).nfetch(4096).done()), widths_);
    };
    const auto f = open_with(hex(locator));
    ASSERT_EQ(tags_of(f), tags({tag::tuple, tag::done, tag::cost, tag::eot}));
    const auto fd = static_cast<std::int16_t>(int_value(f[0].payload));
    EXPECT_EQ(send(lo_read_request(fd, 10)), (bytes{0x00, 0x61, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00,
                                                    0x03, 'x', 'y', 'z', 0x00, 0x00, 0x0c}));
    // A locator-shaped value with a handle never given out: -9810, in both forms.
    std::string bogus = locator;
    bogus[7] = static_cast<char>(bogus[7] ^ 0x40);
    EXPECT_EQ(expect_error(open_with(hex(bogus))).sqlcode, -9810);
    EXPECT_EQ(expect_error(open_with(bogus)).sqlcode, -9810);
}

}  // namespace
}  // namespace ifxlite_test
