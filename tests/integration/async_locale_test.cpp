// ifx::async_connection and the database code set: it shares the sync session's login
// environment and reads the database's locale when DB_LOCALE is unknown or wrong.
#include <gtest/gtest.h>

#include <unistd.h>

#include <asio/co_spawn.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>
#include <atomic>
#include <string>

#include "ifx/async_connection.hpp"
#include "ifx/connection.hpp"
#include "server_fixture.hpp"
#include "support/run_coroutine.hpp"

namespace {

using ifx::test::run_coroutine;
using ifx::test::server_fixture;
constexpr auto tuple_awaitable = asio::experimental::as_tuple(asio::use_awaitable);

ifx::connect_params params_for(std::string database, std::string db_locale) {
    ifx::connect_params p = server_fixture::instance().params();
    p.database = std::move(database);
    p.client_locale = "";  // the library default (en_US.utf8 unless CLIENT_LOCALE is set)
    p.db_locale = std::move(db_locale);
    return p;
}

/// A database created (by a sync connection) with the given locale, dropped at the end.
class locale_database {
public:
    explicit locale_database(const std::string& db_locale) {
        static std::atomic<int> n{0};
        name_ = "aloc" + std::to_string(::getpid()) + "_" + std::to_string(++n);
        ifx::connection c(params_for("", db_locale));
        c.execute("CREATE DATABASE " + name_ + " WITH LOG");
    }
    ~locale_database() {
        try {
            ifx::connection c(params_for("", ""));
            c.execute("DROP DATABASE " + name_);
        } catch (const std::exception&) {
        }
    }
    const std::string& name() const { return name_; }

private:
    std::string name_;
};

class async_locale : public ::testing::Test {
protected:
    void SetUp() override {
        if (server_fixture::instance().real_server())
            GTEST_SKIP() << "creates and drops databases; run against ifxlite";
        if (std::getenv("CLIENT_LOCALE") || std::getenv("DB_LOCALE"))
            GTEST_SKIP() << "tests the defaults; CLIENT_LOCALE/DB_LOCALE are set";
    }
};

TEST_F(async_locale, default_client_learns_the_latin1_database_code_set) {
    locale_database db("en_US.819");
    run_coroutine([&](asio::io_context& io) -> asio::awaitable<void> {
        ifx::async_connection c(io);
        ifx::diagnostics diag;
        auto [ec] = co_await c.async_connect(params_for(db.name(), ""), diag, tuple_awaitable);
        if (ec) throw ifx::error(ec, diag);
        EXPECT_EQ(c.info().locale, "en_US.819");
        EXPECT_EQ(c.info().text_codeset, ifx::codeset::iso_8859_1);
        co_await c.async_execute("CREATE TABLE t (id INTEGER, v VARCHAR(10))", asio::use_awaitable);
        co_await c.async_execute("INSERT INTO t VALUES (1, 'é')", asio::use_awaitable);
        co_await c.async_execute("INSERT INTO t VALUES (?, ?)", ifx::make_params(2, std::string("é")),
                                 asio::use_awaitable);
        auto hex = co_await c.async_query("SELECT hex(v) FROM t ORDER BY id", asio::use_awaitable);
        EXPECT_EQ(hex.size(), 2u);
        EXPECT_EQ(hex[0].get<std::string>(0), "E9");
        EXPECT_EQ(hex[1].get<std::string>(0), "E9");
        auto text = co_await c.async_query("SELECT v FROM t WHERE id = 2", asio::use_awaitable);
        EXPECT_EQ(text[0].get<std::string>(0), "é");

        // Text Latin-1 cannot hold: a clear client error, nothing written, connection usable.
        auto [bad, res] = co_await c.async_execute(
            "INSERT INTO t VALUES (?, ?)", ifx::make_params(3, std::string("Ωmega")), diag, tuple_awaitable);
        EXPECT_EQ(bad, ifx::errc::invalid_argument);
        EXPECT_NE(diag.client_message.find("ISO-8859-1"), std::string::npos) << diag.to_string();
        auto count = co_await c.async_query("SELECT COUNT(*) FROM t", asio::use_awaitable);
        EXPECT_EQ(count[0].get<long long>(0), 2);
        co_await c.async_close(asio::use_awaitable);
    });
}

TEST_F(async_locale, a_wrong_db_locale_is_corrected_from_the_database) {
    locale_database db("en_US.utf8");
    run_coroutine([&](asio::io_context& io) -> asio::awaitable<void> {
        ifx::async_connection c(io);
        ifx::diagnostics diag;
        auto [ec] = co_await c.async_connect(params_for(db.name(), "en_US.819"), diag, tuple_awaitable);
        if (ec) throw ifx::error(ec, diag);
        EXPECT_EQ(c.info().locale, "en_US.57372");
        EXPECT_EQ(c.info().text_codeset, ifx::codeset::utf8);
        co_await c.async_execute("CREATE TABLE t (v VARCHAR(20))", asio::use_awaitable);
        co_await c.async_execute("INSERT INTO t VALUES (?)", ifx::make_params(std::string("Ωé")),
                                 asio::use_awaitable);
        auto hex = co_await c.async_query("SELECT hex(v) FROM t", asio::use_awaitable);
        EXPECT_EQ(hex[0].get<std::string>(0), "CEA9C3A9");
        auto text = co_await c.async_query("SELECT v FROM t", asio::use_awaitable);
        EXPECT_EQ(text[0].get<std::string>(0), "Ωé");
        co_await c.async_close(asio::use_awaitable);
    });
}

}  // namespace
