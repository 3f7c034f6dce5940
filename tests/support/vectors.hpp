#pragma once
// Loader for the golden vectors in docs/sqli/vectors/*.txt (format documented at the top of
// each file): one vector per line, 7 fields separated by " | ".
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ifx::test {

struct vector_entry {
    std::string id;
    std::string direction;  // c2s, s2c or value
    std::string what;
    std::vector<std::uint8_t> bytes;
    std::string meaning;
    std::string provenance;
    char grade = '?';

    bool disputed() const { return meaning.find("DISPUTED:") != std::string::npos; }
    bool partial() const { return meaning.find("PARTIAL:") != std::string::npos; }
};

/// Loads every vector of one file ("login.txt", "messages.txt", "types.txt", "errors.txt") from
/// IFX_VECTORS_DIR. Throws std::runtime_error naming the file and line on any format error.
const std::vector<vector_entry>& load_vectors(std::string_view file);

/// The vector with this id; throws std::out_of_range if it is absent.
const vector_entry& vector_by_id(std::string_view file, std::string_view id);

}  // namespace ifx::test
