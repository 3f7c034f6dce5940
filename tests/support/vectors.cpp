#include "support/vectors.hpp"

#include <fstream>
#include <map>
#include <mutex>
#include <stdexcept>

#include "wire/hex.hpp"

namespace ifx::test {
namespace {

std::vector<std::string> split_fields(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (;;) {
        const std::size_t bar = line.find(" | ", start);
        if (bar == std::string::npos) {
            fields.push_back(line.substr(start));
            return fields;
        }
        fields.push_back(line.substr(start, bar - start));
        start = bar + 3;
    }
}

std::vector<vector_entry> parse_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open vector file " + path);
    std::vector<vector_entry> out;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (line.empty() || line[0] == '#') continue;
        const auto fields = split_fields(line);
        const auto where = path + ":" + std::to_string(number);
        if (fields.size() != 7) throw std::runtime_error(where + ": expected 7 fields");
        auto bytes = wire::from_hex(fields[3]);
        if (!bytes) throw std::runtime_error(where + ": bad hex field");
        if (fields[6].size() != 1) throw std::runtime_error(where + ": bad grade");
        out.push_back(
            {fields[0], fields[1], fields[2], std::move(*bytes), fields[4], fields[5], fields[6][0]});
    }
    if (out.empty()) throw std::runtime_error("no vectors in " + path);
    return out;
}

}  // namespace

const std::vector<vector_entry>& load_vectors(std::string_view file) {
    static std::mutex mutex;
    static std::map<std::string, std::vector<vector_entry>, std::less<>> cache;
    std::lock_guard lock(mutex);
    auto it = cache.find(file);
    if (it == cache.end()) {
        it = cache
                 .emplace(std::string(file),
                          parse_file(std::string(IFX_VECTORS_DIR) + "/" + std::string(file)))
                 .first;
    }
    return it->second;
}

const vector_entry& vector_by_id(std::string_view file, std::string_view id) {
    for (const auto& v : load_vectors(file))
        if (v.id == id) return v;
    throw std::out_of_range("no vector " + std::string(id) + " in " + std::string(file));
}

}  // namespace ifx::test
