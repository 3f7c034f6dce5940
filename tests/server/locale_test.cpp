// GLS locales: a database keeps the locale it was created with (DB_LOCALE, default en_US.819),
// publishes it in systables (' GL_COLLATE', ' GL_CTYPE') and sysmaster:sysdbslocale, flags a
// different DB_LOCALE at open with warning 0x40 (SQLWARN7), rejects bytes that are not characters
// of its code set with -202, and counts CHAR(n) in bytes of its code set. IDS converts nothing:
// the bytes on the wire are the database's.
#include "sqli_client.hpp"

#include <cstdlib>

#include "catalog/locale.hpp"

namespace ifxlite_test {
namespace {

class locale_test : public session_test {
protected:
    /// Logs in with DB_LOCALE (empty: not sent), negotiates, and sends SQ_INFO; no database.
    void login(std::string_view db_locale) {
        login_params p;
        if (!db_locale.empty()) p.environment.emplace_back("DB_LOCALE", std::string(db_locale));
        const auto accept = send(login_packet(p));
        ASSERT_GE(accept.size(), 6u);
        ASSERT_EQ(accept[2], 2) << "login rejected";
        ASSERT_FALSE(send(vec("login.txt", "LOGIN-010")).empty());
        ASSERT_EQ(send(cat({vec("login.txt", "LOGIN-020"), {0x00, 0x0c}})), (bytes{0x00, 0x0c}));
    }
    /// A fresh session (same data directory) logged in with `db_locale`.
    void relogin(std::string_view db_locale) {
        s_ = std::make_unique<ifx::lite::session>(*databases_, config_);
        login(db_locale);
    }
    std::uint16_t open_warnings(std::string_view db) {
        const auto g = one_group(send(dbopen(db)), widths_);
        EXPECT_EQ(tags_of(g), tags({tag::done, tag::cost, tag::eot}));
        return g.empty() ? 0 : g.front().warnings;
    }
    std::string site(std::string_view tabname) {
        const auto r = query("SELECT site FROM systables WHERE tabname = '" + std::string(tabname) + "'");
        EXPECT_FALSE(r.error);
        return r.rows.size() == 1 ? text_value(r.rows[0], 13) : "<none>";
    }
    std::string hex_of(std::string_view sql) {
        const auto r = query(sql);
        EXPECT_FALSE(r.error) << sql;
        return r.rows.size() == 1 ? text_value(r.rows[0], 43) : "<none>";
    }
    void ok(std::string_view sql) {
        const auto r = command(sql);
        ASSERT_FALSE(r.empty());
        ASSERT_NE(r.front().tag, static_cast<std::int16_t>(tag::err)) << sql << " -> " << r.front().sqlcode;
    }
};

TEST(locale_names, canonical_forms) {
    using ifx::lite::canonical_locale;
    EXPECT_EQ(canonical_locale("en_US.819"), "en_US.819");
    EXPECT_EQ(canonical_locale("EN_us.8859-1"), "en_US.819");
    EXPECT_EQ(canonical_locale("de_DE.utf8"), "de_DE.57372");
    EXPECT_EQ(canonical_locale("en_US.57372@mod"), "en_US.57372");
    EXPECT_FALSE(canonical_locale("ja_JP.sjis"));
    EXPECT_FALSE(canonical_locale("C"));
    EXPECT_FALSE(canonical_locale("en.819"));
}

TEST(locale_names, utf8_validation_and_character_prefix) {
    using ifx::lite::codeset;
    EXPECT_EQ(ifx::lite::invalid_at(codeset::utf8, "a\xc3\xa9z"), std::string_view::npos);
    EXPECT_EQ(ifx::lite::invalid_at(codeset::utf8, "ab\xe9z"), 2u);
    EXPECT_EQ(ifx::lite::invalid_at(codeset::utf8, "\xc0\xaf"), 0u);      // overlong
    EXPECT_EQ(ifx::lite::invalid_at(codeset::utf8, "\xed\xa0\x80"), 0u);  // surrogate
    EXPECT_EQ(ifx::lite::invalid_at(codeset::utf8, "\xe2\x82"), 0u);      // truncated
    EXPECT_EQ(ifx::lite::invalid_at(codeset::iso_8859_1, "\xe9\xff\x80"), std::string_view::npos);
    EXPECT_EQ(ifx::lite::character_prefix(codeset::utf8, "\xc3\xa9\xc3\xa9", 3), 2u);
    EXPECT_EQ(ifx::lite::character_prefix(codeset::iso_8859_1, "\xe9\xe9\xe9\xe9", 3), 3u);
    EXPECT_EQ(ifx::lite::character_prefix(codeset::utf8, "ab", 3), 2u);
}

TEST_F(locale_test, default_database_locale_is_en_us_819) {
    login("");
    ok("CREATE DATABASE plain WITH LOG");
    EXPECT_EQ(site(" GL_COLLATE"), "en_US.819");
    EXPECT_EQ(site(" GL_CTYPE"), "en_US.819");
    const auto r = query("SELECT dbs_collate FROM sysmaster:sysdbslocale WHERE dbs_dbsname = 'plain'");
    ASSERT_FALSE(r.error);
    ASSERT_EQ(r.rows.size(), 1u);
    EXPECT_EQ(text_value(r.rows[0], 0), "en_US.819");
    // The locale rows survive DDL and are not user tables.
    ok("CREATE TABLE t (a INTEGER)");
    EXPECT_EQ(site(" GL_CTYPE"), "en_US.819");
    const auto tabids = query("SELECT tabid FROM systables WHERE tabname MATCHES ' GL_*' ORDER BY tabid");
    ASSERT_EQ(tabids.rows.size(), 2u);
    EXPECT_EQ(int_value(tabids.rows[0]), 90);
    EXPECT_EQ(int_value(tabids.rows[1]), 91);
}

TEST_F(locale_test, creating_client_db_locale_is_kept_and_a_different_one_is_flagged) {
    login("en_US.utf8");
    ok("CREATE DATABASE unicode WITH LOG");
    EXPECT_EQ(site(" GL_CTYPE"), "en_US.57372");
    // Same locale, other spelling: no warning. Other locale or none sent (en_US.819 assumed): 0x40.
    relogin("EN_US.57372");
    EXPECT_EQ(open_warnings("unicode"), 0x15);
    relogin("en_US.819");
    EXPECT_EQ(open_warnings("unicode"), 0x55);
    relogin("");
    EXPECT_EQ(open_warnings("unicode"), 0x55);
    // The DATABASE statement reports the same warnings.
    const auto g = command("DATABASE unicode");
    ASSERT_FALSE(g.empty());
    bool seen = false;
    for (const auto& m : g)
        if (m.tag == static_cast<std::int16_t>(tag::done)) seen = (m.warnings & 0x40) != 0;
    EXPECT_TRUE(seen);
}

TEST_F(locale_test, unsupported_db_locale_cannot_create_a_database) {
    login("ja_JP.sjis");
    const auto e = expect_error(command("CREATE DATABASE sjis"));
    EXPECT_EQ(e.sqlcode, -23101);
    EXPECT_FALSE(std::filesystem::exists(dir_ / "sjis.db"));
}

TEST_F(locale_test, utf8_database_rejects_bytes_that_are_not_utf8) {
    login("en_US.utf8");
    ok("CREATE DATABASE unicode WITH LOG");
    ok("CREATE TABLE t (c VARCHAR(20))");
    ok("INSERT INTO t VALUES ('caf\xc3\xa9')");
    EXPECT_EQ(hex_of("SELECT hex(c) FROM t"), "636166C3A9");
    // A lone Latin-1 byte in the statement text.
    auto e = expect_error(command("INSERT INTO t VALUES ('caf\xe9')"));
    EXPECT_EQ(e.sqlcode, -202);
    EXPECT_EQ(e.offset, 27);
    // The same byte in a bound CHAR value.
    const auto p = one_group(send(request().prepare("INSERT INTO t VALUES (?)", 1).t(tag::ndescribe).done()));
    ASSERT_FALSE(p.empty());
    const auto id = p.front().stmt_id;
    e = expect_error(one_group(send(request().id(id).bind(1).bind_string("caf\xe9").t(tag::execute).done())));
    EXPECT_EQ(e.sqlcode, -202);
    EXPECT_EQ(one_group(send(request().id(id).bind(1).bind_string("\xe2\x82\xac").t(tag::execute).done()))
                  .front()
                  .rows,
              1);
    EXPECT_EQ(query("SELECT c FROM t").rows.size(), 2u);
}

TEST_F(locale_test, latin1_database_stores_the_bytes_it_is_sent) {
    login("");
    ok("CREATE DATABASE latin WITH LOG");
    ok("CREATE TABLE t (c CHAR(3), v VARCHAR(3))");
    // é is one byte (e9) in ISO-8859-1: three of them fill CHAR(3) and VARCHAR(3).
    ok("INSERT INTO t VALUES ('\xe9\xe9\xe9', '\xe9\xe9\xe9')");
    const auto r = query("SELECT c, v FROM t");
    ASSERT_EQ(r.rows.size(), 1u);
    EXPECT_EQ(text_value(r.rows[0], 0, 0, 3), "\xe9\xe9\xe9");
    EXPECT_EQ(text_value(r.rows[0], 13, 3), "\xe9\xe9\xe9");
    EXPECT_EQ(hex_of("SELECT hex(c) FROM t"), "E9E9E9");
}

TEST_F(locale_test, char_lengths_are_bytes_of_the_utf8_code_set) {
    login("en_US.utf8");
    ok("CREATE DATABASE unicode WITH LOG");
    ok("CREATE TABLE t (c CHAR(3), v VARCHAR(3))");
    // é is two bytes in UTF-8: CHAR(3)/VARCHAR(3) hold one é and a blank / one é, never half of one.
    ok("INSERT INTO t VALUES ('\xc3\xa9\xc3\xa9\xc3\xa9', '\xc3\xa9\xc3\xa9\xc3\xa9')");
    const auto r = query("SELECT c, v FROM t");
    ASSERT_EQ(r.rows.size(), 1u);
    const auto& row = r.rows[0];
    EXPECT_EQ(std::string(row.begin(), row.begin() + 3), "\xc3\xa9 ");
    EXPECT_EQ(text_value(row, 13, 3), "\xc3\xa9");
}

TEST_F(locale_test, one_shot_create_database_takes_a_locale) {
    const std::string base = std::string(IFXLITE_PATH) + " --data '" + dir_.string() + "' --create-database ";
    ASSERT_EQ(std::system((base + "uni --log --locale en_US.utf8 2>/dev/null").c_str()), 0);
    EXPECT_NE(std::system((base + "sjis --locale ja_JP.sjis 2>/dev/null").c_str()), 0);
    ifx::lite::sqlite_db db;
    ifx::lite::log_mode mode{};
    std::string locale;
    ASSERT_FALSE(databases_->open("uni", db, mode, locale).has_value());
    EXPECT_EQ(locale, "en_US.57372");
    EXPECT_EQ(mode, ifx::lite::log_mode::logged);
    databases_->release("uni");
    EXPECT_FALSE(std::filesystem::exists(dir_ / "sjis.db"));
}

}  // namespace
}  // namespace ifxlite_test
