#include "catalog/syscatalog.hpp"

#include <sqlite3.h>

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "catalog/locale.hpp"
#include "engine/sqlite_util.hpp"
#include "types/types.hpp"

namespace ifx::lite {
namespace {

// Column subsets of the IDS 15 catalog that clients read when listing tables and columns.
constexpr const char* catalog_schema =
    "CREATE TABLE IF NOT EXISTS systables (tabname VARCHAR(128) NOT NULL, owner CHAR(32) NOT NULL, "
    "partnum INTEGER, tabid INTEGER NOT NULL PRIMARY KEY, rowsize SMALLINT, ncols SMALLINT, "
    "nindexes SMALLINT, nrows FLOAT, created DATE, version INTEGER, tabtype CHAR(1) NOT NULL, "
    "locklevel CHAR(1), npused FLOAT, fextsize INTEGER, nextsize INTEGER, flags SMALLINT, "
    "site VARCHAR(128), dbname VARCHAR(128), type_xid INTEGER, am_id INTEGER, pagesize INTEGER);"
    "CREATE TABLE IF NOT EXISTS syscolumns (colname VARCHAR(128) NOT NULL, tabid INTEGER NOT NULL, "
    "colno SMALLINT NOT NULL, coltype SMALLINT NOT NULL, collength SMALLINT NOT NULL, colmin INTEGER, "
    "colmax INTEGER, extended_id INTEGER, seclabelid INTEGER, colattr SMALLINT);"
    "CREATE TABLE IF NOT EXISTS sysindexes (idxname VARCHAR(128), owner CHAR(32), tabid INTEGER NOT NULL, "
    "idxtype CHAR(1), clustered CHAR(1), part1 SMALLINT, part2 SMALLINT, part3 SMALLINT, part4 SMALLINT, "
    "part5 SMALLINT, part6 SMALLINT, part7 SMALLINT, part8 SMALLINT, part9 SMALLINT, part10 SMALLINT, "
    "part11 SMALLINT, part12 SMALLINT, part13 SMALLINT, part14 SMALLINT, part15 SMALLINT, "
    "part16 SMALLINT, levels SMALLINT, leaves FLOAT, nunique FLOAT, clust FLOAT);";

// The catalog tables' own tabids, as on IDS (systables is 1).
constexpr std::pair<std::string_view, int> fixed_tabids[] = {{"systables", 1},    {"syscolumns", 2},
                                                             {"sysindexes", 3},   {"sysdual", 4},
                                                             {"sysdatabases", 5}, {"sysdbslocale", 6}};

const int* fixed_tabid(std::string_view name) {
    for (const auto& [n, id] : fixed_tabids)
        if (n == name) return &id;
    return nullptr;
}
constexpr int first_user_tabid = 100;

struct column_info {
    std::string name;
    std::string declared;
    bool not_null = false;
};

struct table_info {
    std::string name;
    bool view = false;
    std::vector<column_info> columns;
};

bool query(sqlite3* db, const std::string& sql, const std::function<void(sqlite3_stmt*)>& row) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) return false;
    sqlite_stmt stmt(raw);
    int rc;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) row(raw);
    return rc == SQLITE_DONE;
}

std::string text(sqlite3_stmt* s, int i) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
    return p ? p : "";
}

std::string quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out.push_back('\'');
        out.push_back(c);
    }
    return out + "'";
}

bool internal(const std::string& name) {
    return name.starts_with("sqlite_") || name.starts_with("_ifxlite");
}

// syscolumns.collength per §9.4 (VARCHAR: max + min * 256, min 0).
int collength(const column_type& t) {
    return t.encoded_length;
}

}  // namespace

namespace {

// The user tables and views of the database with their columns, in creation order; nothing when
// SQLite cannot list them.
std::optional<std::vector<table_info>> read_tables(sqlite3* db) {
    std::vector<table_info> tables;
    if (!query(db, "SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'view') ORDER BY rowid",
               [&](sqlite3_stmt* s) {
                   table_info t;
                   t.name = text(s, 0);
                   t.view = text(s, 1) == "view";
                   if (!internal(t.name)) tables.push_back(std::move(t));
               }))
        return std::nullopt;
    for (auto& t : tables) {
        query(db, "SELECT name, type, \"notnull\" FROM pragma_table_info(" + quote(t.name) + ")",
              [&](sqlite3_stmt* s) {
                  t.columns.push_back({text(s, 0), text(s, 1), sqlite3_column_int(s, 2) != 0});
              });
    }
    return tables;
}

// The syscolumns rows of table t; adds the width of every column to rowsize.
std::string syscolumns_rows(const table_info& t, int tabid, int& rowsize) {
    std::string sql;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const auto& c = t.columns[i];
        column_type type = type_from_declaration(c.declared);
        rowsize += type.width;
        const int coltype = type.described_code() | (c.not_null ? sqltype::not_null_flag : 0);
        sql += "INSERT INTO syscolumns (colname, tabid, colno, coltype, collength, extended_id) VALUES (" +
               quote(c.name) + ", " + std::to_string(tabid) + ", " + std::to_string(i + 1) + ", " +
               std::to_string(coltype) + ", " + std::to_string(collength(type)) + ", " +
               std::to_string(type.described_xid()) + ");";
    }
    return sql;
}

// The sysindexes rows of table t; counts them in nindexes.
std::string sysindexes_rows(sqlite3* db, const table_info& t, int tabid, const std::string& owner,
                            int& nindexes) {
    std::string sql;
    query(db, "SELECT name, \"unique\" FROM pragma_index_list(" + quote(t.name) + ")", [&](sqlite3_stmt* s) {
        const std::string index = text(s, 0);
        std::vector<int> parts;
        query(db, "SELECT cid FROM pragma_index_info(" + quote(index) + ") ORDER BY seqno",
              [&](sqlite3_stmt* p) { parts.push_back(sqlite3_column_int(p, 0) + 1); });
        // Constraint indexes get IDS-style generated names (" <tabid>_<n>").
        const std::string name = index.starts_with("sqlite_autoindex_")
                                     ? " " + std::to_string(tabid) + "_" + std::to_string(nindexes + 1)
                                     : index;
        sql += "INSERT INTO sysindexes (idxname, owner, tabid, idxtype, clustered";
        for (std::size_t p = 0; p < parts.size() && p < 16; ++p) sql += ", part" + std::to_string(p + 1);
        sql += ") VALUES (" + quote(name) + ", " + quote(owner) + ", " + std::to_string(tabid) + ", " +
               (sqlite3_column_int(s, 1) ? "'U'" : "'D'") + ", ''";
        for (std::size_t p = 0; p < parts.size() && p < 16; ++p) sql += ", " + std::to_string(parts[p]);
        sql += ");";
        ++nindexes;
    });
    return sql;
}

// The systables row of table t: updated when the table has one, inserted otherwise.
std::string systables_row(const table_info& t, int tabid, bool exists, const std::string& owner, int rowsize,
                          int nindexes) {
    if (exists)
        return "UPDATE systables SET ncols = " + std::to_string(t.columns.size()) +
               ", nindexes = " + std::to_string(nindexes) + ", rowsize = " + std::to_string(rowsize) +
               " WHERE tabid = " + std::to_string(tabid) + ";";
    return "INSERT INTO systables (tabname, owner, partnum, tabid, rowsize, ncols, nindexes, nrows, "
           "created, version, tabtype, locklevel, npused, fextsize, nextsize, flags, type_xid, am_id, "
           "pagesize) VALUES (" +
           quote(t.name) + ", " + quote(tabid < first_user_tabid ? "informix" : owner) + ", " +
           std::to_string(1048576 + tabid) + ", " + std::to_string(tabid) + ", " + std::to_string(rowsize) +
           ", " + std::to_string(t.columns.size()) + ", " + std::to_string(nindexes) + ", 0, ifx_today(), " +
           std::to_string(tabid << 16) + ", " + (t.view ? "'V'" : "'T'") +
           ", 'P', 0, 16, 16, 0, 0, 0, 2048);";
}

// The locale rows: IDS answers JDBC's "select site from systables where tabname = ' GL_COLLATE'".
std::string locale_rows(sqlite3* db) {
    std::string locale(default_locale);
    query(db, "SELECT value FROM _ifxlite_meta WHERE key = 'locale'",
          [&](sqlite3_stmt* s) { locale = text(s, 0); });
    std::string sql;
    for (const auto& [name, id] : {std::pair<const char*, int>{" GL_COLLATE", 90}, {" GL_CTYPE", 91}})
        sql += "INSERT OR REPLACE INTO systables (tabname, owner, tabid, tabtype, site) VALUES (" +
               quote(std::string(name)) + ", 'informix', " + std::to_string(id) + ", 'L', " + quote(locale) +
               ");";
    return sql;
}

}  // namespace

bool sync_system_catalog(sqlite3* db, const std::string& owner, std::string& error) {
    if (!exec_sql(db, "SAVEPOINT ifxlite_catalog", &error)) return false;
    const auto fail = [&] {
        if (error.empty()) error = sqlite3_errmsg(db);
        exec_sql(db, "ROLLBACK TO ifxlite_catalog; RELEASE ifxlite_catalog");
        return false;
    };
    if (!exec_sql(db, catalog_schema, &error)) return fail();
    const auto tables = read_tables(db);
    if (!tables) return fail();

    std::map<std::string, int> tabids;
    if (!query(db, "SELECT tabname, tabid FROM systables",
               [&](sqlite3_stmt* s) { tabids[text(s, 0)] = sqlite3_column_int(s, 1); }))
        return fail();
    // Tabids are never reused: the high-water mark survives DROP TABLE.
    int next = first_user_tabid;
    for (const auto& [name, id] : tabids) next = std::max(next, id + 1);
    query(db, "SELECT value FROM _ifxlite_meta WHERE key = 'next_tabid'",
          [&](sqlite3_stmt* s) { next = std::max(next, sqlite3_column_int(s, 0)); });

    std::string sql = "DELETE FROM syscolumns; DELETE FROM sysindexes;";
    std::set<std::string> present;
    for (const auto& t : *tables) {
        present.insert(t.name);
        int tabid = 0;
        if (const int* fixed = fixed_tabid(t.name))
            tabid = *fixed;
        else if (const auto known = tabids.find(t.name); known != tabids.end())
            tabid = known->second;
        else
            tabid = next++;
        int rowsize = 0, nindexes = 0;
        sql += syscolumns_rows(t, tabid, rowsize);
        sql += sysindexes_rows(db, t, tabid, owner, nindexes);
        sql += systables_row(t, tabid, tabids.count(t.name) != 0, owner, rowsize, nindexes);
    }
    for (const auto& [name, id] : tabids)
        if (!present.count(name) && !name.starts_with(' '))
            sql += "DELETE FROM systables WHERE tabid = " + std::to_string(id) + ";";
    sql += locale_rows(db);
    sql +=
        "CREATE TABLE IF NOT EXISTS _ifxlite_meta (key TEXT PRIMARY KEY, value TEXT);"
        "INSERT OR REPLACE INTO _ifxlite_meta VALUES ('next_tabid', " +
        std::to_string(next) + ");";
    if (!exec_sql(db, sql.c_str(), &error)) return fail();
    return exec_sql(db, "RELEASE ifxlite_catalog", &error);
}

bool init_sysmaster(sqlite3* db, std::string& error) {
    return exec_sql(db,
                    "CREATE TABLE IF NOT EXISTS sysdual (dummy CHAR(1));"
                    "INSERT INTO sysdual SELECT 'X' WHERE NOT EXISTS (SELECT 1 FROM sysdual);"
                    "CREATE TABLE IF NOT EXISTS sysdatabases (name VARCHAR(128) NOT NULL, partnum INTEGER, "
                    "owner CHAR(32), created DATE, is_logging INTEGER, is_buff_log INTEGER, is_ansi INTEGER, "
                    "is_nls INTEGER, is_case_insens INTEGER, flags SMALLINT);"
                    "CREATE TABLE IF NOT EXISTS sysdbslocale (dbs_dbsname CHAR(128), dbs_collate CHAR(32));",
                    &error) &&
           sync_system_catalog(db, "informix", error);
}

bool write_sysdatabases(sqlite3* sysmaster, const std::vector<database_entry>& entries, std::string& error) {
    std::string sql = "BEGIN; DELETE FROM sysdatabases; DELETE FROM sysdbslocale;";
    for (const auto& e : entries) {
        sql += "INSERT INTO sysdbslocale VALUES (" + quote(e.name) + ", " + quote(e.locale) + ");";
        sql += "INSERT INTO sysdatabases VALUES (" + quote(e.name) + ", 0, 'informix', ifx_today(), " +
               std::to_string(e.mode != 0) + ", 0, " + std::to_string(e.mode == 2) + ", 0, 0, 0);";
    }
    sql += "COMMIT;";
    if (exec_sql(sysmaster, sql.c_str(), &error)) return true;
    exec_sql(sysmaster, "ROLLBACK");
    return false;
}

}  // namespace ifx::lite
