// Code sets end to end through the driver (issue 3's ISO-8859-1 part, issue 4's GLS fidelity).
// IDS does not convert character data: the client converts to the database code set (DB_LOCALE's,
// or CLIENT_LOCALE's when DB_LOCALE is not set), the server checks that incoming bytes are
// characters of that code set and keeps them as they are; CHAR(n) counts bytes of that code set.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "server_fixture.hpp"

namespace {

using ifx::test::server_fixture;

std::string unique_name(const char* base) {
    static std::atomic<int> n{0};
    return std::string(base) + std::to_string(::getpid()) + "_" + std::to_string(++n);
}

ifx::connect_params params_for(std::string database, std::string client_locale, std::string db_locale) {
    ifx::connect_params p = server_fixture::instance().params();
    p.database = std::move(database);
    p.client_locale = std::move(client_locale);
    p.db_locale = std::move(db_locale);
    return p;
}

/// Creates a database with the creating client's DB_LOCALE and drops it at the end.
class locale_database {
public:
    locale_database(const char* base, const std::string& db_locale, const char* logging = "WITH LOG")
        : name_(unique_name(base)) {
        ifx::connection c(params_for("", "en_US.utf8", db_locale));
        c.execute("CREATE DATABASE " + name_ + " " + logging);
    }
    ~locale_database() {
        try {
            ifx::connection c(params_for("", "en_US.utf8", ""));
            c.execute("DROP DATABASE " + name_);
        } catch (const std::exception&) {
        }
    }
    const std::string& name() const { return name_; }

private:
    std::string name_;
};

/// A connection opened with `p`, and the systables ' GL_CTYPE' queries counted in its protocol
/// trace (hex of "GL_CTYPE") from its opening on.
struct traced_connection {
    explicit traced_connection(ifx::connect_params p) : conn(counting(std::move(p))) {}
    std::shared_ptr<int> locale_queries = std::make_shared<int>(0);
    ifx::connection conn;

private:
    ifx::connect_params counting(ifx::connect_params p) const {
        p.trace = [n = locale_queries](std::string_view line) {
            std::string lower(line);
            std::transform(lower.begin(), lower.end(), lower.begin(),
                           [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
            if (lower.find("47 4c 5f 43 54 59 50 45") != std::string::npos) ++*n;
        };
        return p;
    }
};

/// In a new table t of a Latin-1 database, text outside ISO-8859-1 is a clear error and nothing is
/// written: as a parameter (the client's error names ISO-8859-1) and as a literal in the SQL
/// (`literal`; the error names `literal_complaint`); the connection stays usable.
void expect_text_outside_latin1_refused(ifx::connection& c, const std::string& literal,
                                        const std::string& literal_complaint) {
    c.execute("CREATE TABLE t (v VARCHAR(20))");
    std::error_code ec;
    ifx::diagnostics diag;
    const ifx::param omega[] = {ifx::param("Ωmega")};
    c.execute("INSERT INTO t VALUES (?)", omega, ec, diag);
    EXPECT_EQ(ec, ifx::errc::invalid_argument);
    EXPECT_NE(diag.client_message.find("ISO-8859-1"), std::string::npos)
        << diag.to_string() << "/" << diag.client_message;
    c.execute("INSERT INTO t VALUES ('" + literal + "')", {}, ec, diag);
    EXPECT_TRUE(ec);
    EXPECT_NE(diag.client_message.find(literal_complaint), std::string::npos) << diag.to_string();
    EXPECT_EQ(c.query_value<long long>("SELECT COUNT(*) FROM t"), 0);
    c.ping();
}

class lite_locale : public ::testing::Test {
protected:
    void SetUp() override {
        if (server_fixture::instance().real_server())
            GTEST_SKIP() << "creates and drops databases; run against ifxlite";
    }
};

TEST_F(lite_locale, latin1_database_written_and_read_by_utf8_and_latin1_clients) {
    locale_database db("lat", "en_US.819");
    {
        // A UTF-8 application naming the database locale: the client converts to ISO-8859-1.
        ifx::connection c(params_for(db.name(), "en_US.utf8", "en_US.819"));
        EXPECT_EQ(c.query_value<std::string>("SELECT site FROM systables WHERE tabname = ' GL_CTYPE'"),
                  "en_US.819");
        c.execute("CREATE TABLE t (id INTEGER, c CHAR(3), v VARCHAR(10))");
        c.execute("INSERT INTO t VALUES (1, 'été', 'Çà va')");
        c.execute("INSERT INTO t VALUES (?, ?, ?)", 2, std::string("ÿüß"), std::string("naïve"));
        // Stored as one byte per character: é = e9, ÿ = ff.
        EXPECT_EQ(c.query_value<std::string>("SELECT hex(c) FROM t WHERE id = 1"), "E974E9");
        EXPECT_EQ(c.query_value<std::string>("SELECT hex(c) FROM t WHERE id = 2"), "FFFCDF");
        EXPECT_EQ(c.query_value<std::string>("SELECT v FROM t WHERE id = 1"), "Çà va");
    }
    {
        // An ISO-8859-1 client (CLIENT_LOCALE en_US.819, no DB_LOCALE) reads and writes the same bytes.
        ifx::connection c(params_for(db.name(), "en_US.819", ""));
        EXPECT_EQ(c.query_value<std::string>("SELECT c FROM t WHERE id = 1"), "été");
        EXPECT_EQ(c.query_value<std::string>("SELECT v FROM t WHERE id = 2"), "naïve");
        c.execute("INSERT INTO t VALUES (3, ?, 'Æon')", std::string("Øre"));
        EXPECT_EQ(c.query_value<std::string>("SELECT hex(c) || hex(v) FROM t WHERE id = 3"), "D87265C66F6E");
        EXPECT_EQ(c.query_value<std::string>("SELECT id FROM t WHERE v MATCHES '*ï*'"), "2");
    }
}

TEST_F(lite_locale, text_outside_latin1_is_a_clear_error_and_nothing_is_written) {
    locale_database db("latx", "en_US.819");
    ifx::connection c(params_for(db.name(), "en_US.utf8", "en_US.819"));
    expect_text_outside_latin1_refused(c, "€uro", "code set");
}

TEST_F(lite_locale, utf8_database_holds_any_text_and_counts_char_in_bytes) {
    locale_database db("uni", "en_US.utf8");
    ifx::connection c(params_for(db.name(), "en_US.utf8", "en_US.utf8"));
    EXPECT_EQ(c.query_value<std::string>("SELECT site FROM systables WHERE tabname = ' GL_COLLATE'"),
              "en_US.57372");
    c.execute("CREATE TABLE t (id INTEGER, c CHAR(3), v VARCHAR(20))");
    c.execute("INSERT INTO t VALUES (?, ?, ?)", 1, std::string("ééé"), std::string("Ωμέγα €"));
    EXPECT_EQ(c.query_value<std::string>("SELECT v FROM t"), "Ωμέγα €");
    EXPECT_EQ(c.query_value<std::string>("SELECT hex(v) FROM t").substr(0, 4), "CEA9");
    // CHAR(3) is three bytes: one two-byte é and a blank, never half a character.
    const auto ch = c.query_value<std::string>("SELECT c FROM t");
    EXPECT_EQ(ch.substr(0, 2), "é");
    EXPECT_LE(ch.size(), 3u);
}

TEST_F(lite_locale, a_different_db_locale_still_opens_the_database) {
    // IDS flags the mismatch (DONE warning 0x40, SQLWARN7) and goes on with the database's locale.
    locale_database db("mism", "en_US.utf8");
    ifx::connection c(params_for(db.name(), "en_US.utf8", "en_US.819"));
    EXPECT_TRUE(c.info().logged);
    EXPECT_FALSE(c.info().ansi);
    EXPECT_EQ(c.query_value<std::string>("SELECT site FROM systables WHERE tabname = ' GL_CTYPE'"),
              "en_US.57372");
}

TEST_F(lite_locale, default_client_learns_the_latin1_database_code_set) {
    // CLIENT_LOCALE UTF-8 and no DB_LOCALE: the client assumes UTF-8 until the database is open,
    // then reads ' GL_CTYPE' and converts to ISO-8859-1 (IBM JDBC's behaviour).
    locale_database db("dflt", "en_US.819");
    traced_connection traced(params_for(db.name(), "en_US.utf8", ""));
    ifx::connection& c = traced.conn;
    EXPECT_EQ(*traced.locale_queries, 1);
    EXPECT_EQ(c.info().locale, "en_US.819");
    EXPECT_EQ(c.info().text_codeset, ifx::codeset::iso_8859_1);
    c.execute("CREATE TABLE t (id INTEGER, v VARCHAR(10))");
    c.execute("INSERT INTO t VALUES (1, 'é')");
    c.execute("INSERT INTO t VALUES (?, ?)", 2, std::string("é"));
    EXPECT_EQ(c.query_value<std::string>("SELECT hex(v) FROM t WHERE id = 1"), "E9");
    EXPECT_EQ(c.query_value<std::string>("SELECT hex(v) FROM t WHERE id = 2"), "E9");
    EXPECT_EQ(c.query_value<std::string>("SELECT v FROM t WHERE id = 2"), "é");
    EXPECT_EQ(c.query_value<long long>("SELECT COUNT(*) FROM t WHERE v = ?", std::string("é")), 2);
}

TEST_F(lite_locale, default_client_refuses_text_outside_the_latin1_database_code_set) {
    locale_database db("dflx", "en_US.819");
    ifx::connection c(params_for(db.name(), "en_US.utf8", ""));
    expect_text_outside_latin1_refused(c, "Ωmega", "ISO-8859-1");
}

TEST_F(lite_locale, execute_many_stops_at_a_row_the_database_code_set_cannot_hold) {
    locale_database db("many", "en_US.819");
    ifx::connection c(params_for(db.name(), "en_US.utf8", ""));
    c.execute("CREATE TABLE t (id INTEGER, v VARCHAR(10))");
    ifx::statement ins = c.prepare("INSERT INTO t VALUES (?, ?)");
    const std::vector<std::tuple<int, std::string>> rows = {
        {0, "é"}, {1, "à"}, {2, "ok"}, {3, "Ω"}, {4, "ok"}};
    try {
        c.execute_many(ins, rows, 2);
        FAIL() << "no error";
    } catch (const ifx::error& e) {
        EXPECT_EQ(e.code(), ifx::errc::invalid_argument);
        EXPECT_NE(std::string(e.what()).find("row 3"), std::string::npos) << e.what();
    }
    // The first batch (rows 0-1) was sent; the batch holding row 3 was not.
    EXPECT_EQ(c.query_value<long long>("SELECT COUNT(*) FROM t"), 2);
    EXPECT_EQ(c.query_value<std::string>("SELECT hex(v) FROM t WHERE id = 0"), "E9");
    const std::vector<std::tuple<int, std::string>> none;
    const auto r = c.execute_many(ins, none);
    EXPECT_EQ(r.rows_sent, 0u);
    EXPECT_EQ(r.round_trips, 0u);
}

TEST_F(lite_locale, a_wrong_db_locale_is_corrected_from_the_database) {
    {
        // DB_LOCALE says Latin-1, the database is UTF-8: text outside Latin-1 still works.
        locale_database db("wrgu", "en_US.utf8");
        traced_connection traced(params_for(db.name(), "en_US.utf8", "en_US.819"));
        ifx::connection& c = traced.conn;
        EXPECT_EQ(*traced.locale_queries, 1);
        EXPECT_EQ(c.info().locale, "en_US.57372");
        EXPECT_EQ(c.info().text_codeset, ifx::codeset::utf8);
        c.execute("CREATE TABLE t (v VARCHAR(20))");
        c.execute("INSERT INTO t VALUES (?)", std::string("Ωé"));
        EXPECT_EQ(c.query_value<std::string>("SELECT hex(v) FROM t"), "CEA9C3A9");
        EXPECT_EQ(c.query_value<std::string>("SELECT v FROM t"), "Ωé");
    }
    {
        // DB_LOCALE says UTF-8, the database is Latin-1: é is still one byte.
        locale_database db("wrgl", "en_US.819");
        ifx::connection c(params_for(db.name(), "en_US.utf8", "en_US.utf8"));
        EXPECT_EQ(c.info().locale, "en_US.819");
        c.execute("CREATE TABLE t (v VARCHAR(20))");
        c.execute("INSERT INTO t VALUES ('é')");
        EXPECT_EQ(c.query_value<std::string>("SELECT hex(v) FROM t"), "E9");
        EXPECT_EQ(c.query_value<std::string>("SELECT v FROM t"), "é");
    }
}

TEST_F(lite_locale, a_matching_db_locale_costs_no_extra_round_trip) {
    locale_database db("same", "en_US.819");
    traced_connection traced(params_for(db.name(), "en_US.utf8", "en_US.819"));
    ifx::connection& c = traced.conn;
    EXPECT_EQ(*traced.locale_queries, 0);
    EXPECT_EQ(c.info().locale, "en_US.819");
    EXPECT_EQ(c.info().text_codeset, ifx::codeset::iso_8859_1);
}

TEST_F(lite_locale, reading_the_locale_leaves_no_transaction_open_in_an_ansi_database) {
    locale_database db("ansi", "en_US.819", "WITH LOG MODE ANSI");
    ifx::connection c(params_for(db.name(), "en_US.utf8", ""));
    EXPECT_TRUE(c.info().ansi);
    EXPECT_EQ(c.info().locale, "en_US.819");
    EXPECT_FALSE(c.in_transaction());
}

TEST_F(lite_locale, database_locale_is_published_in_sysmaster) {
    locale_database latin("publ", "en_US.8859-1");
    locale_database unicode("pubu", "en_US.57372");
    ifx::connection c(params_for("sysmaster", "en_US.utf8", ""));
    EXPECT_EQ(c.query_value<std::string>("SELECT dbs_collate FROM sysdbslocale WHERE dbs_dbsname = ?",
                                         latin.name()),
              "en_US.819");
    EXPECT_EQ(c.query_value<std::string>("SELECT dbs_collate FROM sysdbslocale WHERE dbs_dbsname = ?",
                                         unicode.name()),
              "en_US.57372");
}

}  // namespace
