#pragma once
// The Informix system catalog of one database (systables, syscolumns, sysindexes), kept as real
// SQLite tables so that client catalog queries run unchanged, and rebuilt from SQLite's own schema
// after every DDL statement. Tabids 1–3 are the catalog tables themselves; user tables get stable
// tabids from 100 up.
#include <string>
#include <vector>

struct sqlite3;

namespace ifx::lite {

/// Creates the catalog tables if missing and synchronises them with the schema. `owner` is
/// recorded for tables that are new to the catalog. The database locale (`_ifxlite_meta`) is
/// published as IDS does, in the systables rows ' GL_COLLATE' (tabid 90) and ' GL_CTYPE' (91),
/// column `site`. False (with a message) on failure.
bool sync_system_catalog(sqlite3* db, const std::string& owner, std::string& error);

/// sysmaster's own tables (sysdual, sysdatabases, sysdbslocale) in addition to the catalog.
bool init_sysmaster(sqlite3* db, std::string& error);

/// Records the databases in sysmaster.sysdatabases (name, logging flags) and sysdbslocale (name,
/// locale), replacing their content.
struct database_entry {
    std::string name;
    int mode = 0;  ///< 0 unlogged, 1 logged, 2 ANSI
    std::string locale;
};
bool write_sysdatabases(sqlite3* sysmaster, const std::vector<database_entry>& entries, std::string& error);

}  // namespace ifx::lite
