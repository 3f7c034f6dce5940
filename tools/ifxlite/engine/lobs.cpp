#include "engine/lobs.hpp"

#include <sqlite3.h>

#include "functions/functions.hpp"
#include "types/types.hpp"

namespace ifx::lite {
namespace {

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int k = 0; k < 4; ++k) out.push_back(static_cast<std::uint8_t>(v >> (24 - 8 * k)));
}

std::uint32_t get32(std::string_view b, std::size_t at) {
    const auto u = [&](std::size_t i) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + i]));
    };
    return u(0) << 24 | u(1) << 16 | u(2) << 8 | u(3);
}

// The text form of a locator (libsqli casts '<hex>'::BLOB): two hex digits per byte.
bool from_hex(std::string_view hex, std::string& out) {
    const auto digit = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    out.clear();
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        const int hi = digit(hex[i]);
        const int lo = digit(hex[i + 1]);
        if (hi < 0 || lo < 0) return false;
        out += static_cast<char>(hi << 4 | lo);
    }
    return true;
}

std::string_view bytes_arg(sqlite3_value* v) {
    if (sqlite3_value_type(v) == SQLITE_BLOB) {
        const auto* p = static_cast<const char*>(sqlite3_value_blob(v));
        return {p ? p : "", static_cast<std::size_t>(sqlite3_value_bytes(v))};
    }
    const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
    return {p ? p : "", static_cast<std::size_t>(sqlite3_value_bytes(v))};
}

void raise(sqlite3_context* ctx, int code) {
    const std::string message = std::string(function_error_prefix) + std::to_string(code) + ":";
    sqlite3_result_error(ctx, message.c_str(), -1);
}

lob_store* store_of(sqlite3_context* ctx) {
    return static_cast<lob_store*>(sqlite3_user_data(ctx));
}

// The handle an argument names: a locator ifxlite sent, or stored content (a column value), which
// gets a new handle.
std::optional<std::uint32_t> handle_arg(lob_store& store, sqlite3_value* v) {
    if (sqlite3_value_type(v) == SQLITE_NULL) return std::nullopt;
    const std::string_view b = bytes_arg(v);
    // Something shaped like one of our locators must be a live one (else -9810, as IDS refuses an
    // invalid LO handle); anything else is content.
    if (lob_store::is_locator(b)) return store.handle_of(b);
    const auto locator = store.make_locator(std::string(b), sqlite3_value_type(v) == SQLITE_BLOB ? 10 : 11);
    return store.handle_of(std::string_view(reinterpret_cast<const char*>(locator.data()), locator.size()));
}

void lo_open(sqlite3_context* ctx, int, sqlite3_value** argv) {
    lob_store& store = *store_of(ctx);
    const auto h = handle_arg(store, argv[0]);
    if (!h) return raise(ctx, -9810);  // invalid large object
    sqlite3_result_int(ctx, store.open(*h, sqlite3_value_int(argv[1])));
}

void lo_close(sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (!store_of(ctx)->close(sqlite3_value_int(argv[0]))) return raise(ctx, -9810);
    sqlite3_result_int(ctx, 0);
}

void lo_release(sqlite3_context* ctx, int, sqlite3_value** argv) {
    lob_store& store = *store_of(ctx);
    const auto h = store.handle_of(bytes_arg(argv[0]));
    if (!h || !store.release(*h)) return raise(ctx, -9810);
    sqlite3_result_int(ctx, 0);
}

void locopy(sqlite3_context* ctx, int, sqlite3_value** argv) {
    lob_store& store = *store_of(ctx);
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
    const std::string_view b = bytes_arg(argv[0]);
    const auto h = store.handle_of(b);
    const std::string* content = h ? store.content(*h) : nullptr;
    if (h && !content) return raise(ctx, -9810);
    const std::string_view value = content ? std::string_view(*content) : b;
    sqlite3_result_blob64(ctx, value.data(), value.size(), SQLITE_TRANSIENT);
}

}  // namespace

std::uint32_t lob_store::add(std::string content, sharing how) {
    const bool shareable = how == sharing::shareable;
    held_ += content.size();
    object o;
    if (shareable) {
        o.shared = true;
        o.hash = std::hash<std::string>{}(content);
    }
    o.content = std::move(content);
    objects_.push_back(std::move(o));
    const auto handle = static_cast<std::uint32_t>(objects_.size());
    if (shareable) shared_.emplace(objects_.back().hash, handle);
    return handle;
}

void lob_store::unshare(std::uint32_t handle) {
    object& o = objects_[handle - 1];
    if (!o.shared) return;
    o.shared = false;
    const auto [first, last] = shared_.equal_range(o.hash);
    for (auto it = first; it != last; ++it)
        if (it->second == handle) {
            shared_.erase(it);
            return;
        }
}

std::vector<std::uint8_t> lob_store::locator(std::uint32_t handle, std::int32_t xid) const {
    const std::string& c = *objects_[handle - 1].content;
    std::vector<std::uint8_t> out;
    put32(out, lob_locator_marker);
    put32(out, handle);
    put32(out, static_cast<std::uint32_t>(xid));
    put32(out, static_cast<std::uint32_t>(c.size() >> 32));
    put32(out, static_cast<std::uint32_t>(c.size()));
    out.resize(static_cast<std::size_t>(smart_lob_locator_size), 0);
    return out;
}

std::vector<std::uint8_t> lob_store::make_locator(std::string content, std::int32_t xid) {
    const auto [first, last] = shared_.equal_range(std::hash<std::string>{}(content));
    for (auto it = first; it != last; ++it)
        if (*objects_[it->second - 1].content == content) return locator(it->second, xid);
    return locator(add(std::move(content), sharing::shareable), xid);
}

std::vector<std::uint8_t> lob_store::create(std::int32_t xid) {
    return locator(add({}, sharing::own), xid);
}

bool lob_store::is_locator(std::string_view b) {
    std::string decoded;
    if (b.size() == 2 * static_cast<std::size_t>(smart_lob_locator_size) && from_hex(b, decoded)) b = decoded;
    return b.size() == static_cast<std::size_t>(smart_lob_locator_size) && get32(b, 0) == lob_locator_marker;
}

std::optional<std::uint32_t> lob_store::handle_of(std::string_view b) const {
    std::string decoded;
    if (b.size() == 2 * static_cast<std::size_t>(smart_lob_locator_size) && from_hex(b, decoded)) b = decoded;
    if (!is_locator(b)) return std::nullopt;
    const std::uint32_t h = get32(b, 4);
    if (!content(h)) return std::nullopt;  // unknown or released
    return h;
}

const std::string* lob_store::content(std::uint32_t handle) const {
    if (handle < 1 || handle > objects_.size() || !objects_[handle - 1].content) return nullptr;
    return &*objects_[handle - 1].content;
}

std::int32_t lob_store::open(std::uint32_t handle, std::int32_t) {
    const std::int32_t fd = next_fd_++;
    if (next_fd_ > 0x7fff) next_fd_ = 1;  // descriptors travel as i16 in SQ_LODATA
    fds_[fd] = open_lob{handle, 0};
    return fd;
}

bool lob_store::release(std::uint32_t handle) {
    if (!content(handle)) return false;
    unshare(handle);
    held_ -= objects_[handle - 1].content->size();
    objects_[handle - 1].content.reset();
    // Descriptors on it now fail with -9810 (content() is null); drop them.
    std::erase_if(fds_, [&](const auto& fd) { return fd.second.handle == handle; });
    return true;
}

std::optional<std::string_view> lob_store::read(std::int32_t fd, std::size_t n) {
    const auto it = fds_.find(fd);
    if (it == fds_.end()) return std::nullopt;
    const std::string* c = content(it->second.handle);
    if (!c) return std::nullopt;
    const std::size_t at = std::min(it->second.position, c->size());
    const std::string_view out = std::string_view(*c).substr(at, n);
    it->second.position = at + out.size();
    return out;
}

std::optional<std::size_t> lob_store::write(std::int32_t fd, std::string_view bytes) {
    const auto it = fds_.find(fd);
    if (it == fds_.end() || !content(it->second.handle)) return std::nullopt;
    unshare(it->second.handle);  // written: no longer equal to what was fetched
    std::string& c = *objects_[it->second.handle - 1].content;
    const std::size_t at = it->second.position;
    if (c.size() < at + bytes.size()) {
        if (held_ + (at + bytes.size() - c.size()) > max_held) return std::nullopt;
        held_ += at + bytes.size() - c.size();
        c.resize(at + bytes.size());
    }
    c.replace(at, bytes.size(), bytes);
    it->second.position = at + bytes.size();
    return bytes.size();
}

std::optional<std::int64_t> lob_store::seek(std::int32_t fd, std::int64_t offset, std::int32_t whence) {
    const auto it = fds_.find(fd);
    if (it == fds_.end()) return std::nullopt;
    const std::string* c = content(it->second.handle);
    if (!c) return std::nullopt;
    std::int64_t base = 0;
    if (whence == 1)
        base = static_cast<std::int64_t>(it->second.position);
    else if (whence == 2)
        base = static_cast<std::int64_t>(c->size());
    else if (whence != 0)
        return std::nullopt;
    if (offset < -base || offset > INT64_MAX - base) return std::nullopt;
    const std::int64_t at = base + offset;
    // Positions past the end are allowed (a write there extends the object), within the cap.
    if (static_cast<std::uint64_t>(at) > max_held) return std::nullopt;
    it->second.position = static_cast<std::size_t>(at);
    return at;
}

std::optional<std::int64_t> lob_store::tell(std::int32_t fd) const {
    const auto it = fds_.find(fd);
    if (it == fds_.end() || !content(it->second.handle)) return std::nullopt;
    return static_cast<std::int64_t>(it->second.position);
}

bool register_lob_functions(sqlite3* db, lob_store* store) {
    const int flags = SQLITE_UTF8;
    return sqlite3_create_function(db, "ifx_lo_open", 2, flags, store, lo_open, nullptr, nullptr) ==
               SQLITE_OK &&
           sqlite3_create_function(db, "ifx_lo_close", 1, flags, store, lo_close, nullptr, nullptr) ==
               SQLITE_OK &&
           sqlite3_create_function(db, "ifx_lo_release", 1, flags, store, lo_release, nullptr, nullptr) ==
               SQLITE_OK &&
           sqlite3_create_function(db, "locopy", 1, flags, store, locopy, nullptr, nullptr) == SQLITE_OK;
}

}  // namespace ifx::lite
