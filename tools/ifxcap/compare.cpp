#include "compare.hpp"

#include <map>

namespace ifx::cap {
namespace {

bool applies(const mask_rule& r, std::size_t record) {
    return !r.record || *r.record == record;
}

std::string with_note(const field& f) {
    return f.note.empty() ? shown(f) : shown(f) + " (" + f.note + ")";
}

// Messages not declared optional, with their 1-based place in the record.
std::vector<std::pair<std::size_t, const message*>> compared_messages(const decoded_record& r,
                                                                      const mask_set& masks,
                                                                      std::size_t record) {
    std::vector<std::pair<std::size_t, const message*>> out;
    for (std::size_t i = 0; i < r.messages.size(); ++i)
        if (!masks.optional_message(r.messages[i].name, record)) out.emplace_back(i + 1, &r.messages[i]);
    return out;
}

std::string summary_of(const message& m) {
    std::string out = m.name;
    std::size_t shown_fields = 0;
    for (const auto& f : m.fields) {
        if (++shown_fields > 4) {
            out += " ...";
            break;
        }
        out += " " + f.name + "=" + shown(f);
    }
    return out;
}

}  // namespace

bool glob_match(std::string_view p, std::string_view t) noexcept {
    std::size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
    while (ti < t.size()) {
        if (pi < p.size() && (p[pi] == '?' || p[pi] == t[ti])) {
            ++pi;
            ++ti;
        } else if (pi < p.size() && p[pi] == '*') {
            star = pi++;
            mark = ti;
        } else if (star != std::string_view::npos) {
            pi = star + 1;
            ti = ++mark;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == '*') ++pi;
    return pi == p.size();
}

bool mask_set::optional_message(std::string_view message, std::size_t record) const {
    for (const auto& r : rules_)
        if (applies(r, record) && r.pattern.find('.') == std::string::npos && glob_match(r.pattern, message))
            return true;
    return false;
}

bool mask_set::masked(std::string_view message, std::string_view field, std::size_t record) const {
    for (const auto& r : rules_) {
        if (!applies(r, record)) continue;
        const auto dot = r.pattern.find('.');
        if (dot == std::string::npos) continue;
        if (glob_match(std::string_view(r.pattern).substr(0, dot), message) &&
            glob_match(std::string_view(r.pattern).substr(dot + 1), field))
            return true;
    }
    return false;
}

std::vector<mask_rule> default_masks() {
    return {
        {{}, "login-reply.server_version", "the server's version banner"},
        {{}, "SQ_COST", "optimizer estimates; a server may send them anywhere (§8.9)"},
        {{}, "SQ_DESCRIBE.estimated_rows", "optimizer estimate"},
        {{}, "SQ_DESCRIBE.statement_id", "server-assigned; the replay maps recorded ids to the server's"},
        {{}, "SQ_DONE.rowid", "physical row ids"},
        {{}, "SQ_DONE.serial", "serial values depend on the table's history"},
        {{}, "SQ_INSERTDONE.*", "serial values depend on the table's history"},
    };
}

mask_set client_masks() {
    mask_set m;
    for (const char* f : {"password", "pid", "thread_id", "host", "directory"})
        m.add({{}, std::string("login-packet.") + f, "differs from run to run"});
    m.add({{}, "SQ_RESPONSE.answer", "PAM answers are masked in captures"});
    return m;
}

std::string shown(const field& f) {
    return f.type == field::kind::text ? "'" + escape(f.value) + "'" : f.value;
}

std::vector<std::string> compare_records(const decoded_record& recorded, const decoded_record& observed,
                                         const mask_set& masks, std::size_t record_number,
                                         std::string_view observer) {
    std::vector<std::string> out;
    const auto a = compared_messages(recorded, masks, record_number);
    const auto b = compared_messages(observed, masks, record_number);
    const std::string other(observer);
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
        const message& x = *a[i].second;
        const message& y = *b[i].second;
        const std::string where = "message " + std::to_string(a[i].first) + " " + x.name;
        if (x.name != y.name) {
            out.push_back(where + ": " + other + " sent " + summary_of(y) + " instead");
            return out;  // the messages no longer line up
        }
        std::map<std::string_view, const field*> theirs;
        for (const auto& f : y.fields) theirs.emplace(f.name, &f);
        for (const auto& f : x.fields) {
            const auto it = theirs.find(f.name);
            const field* g = it == theirs.end() ? nullptr : it->second;
            if (g) theirs.erase(it);
            if (masks.masked(x.name, f.name, record_number)) continue;
            if (!g)
                out.push_back(where + ": " + f.name + ": recorded " + with_note(f) + ", " + other +
                              " has no such field");
            else if (g->value != f.value || g->type != f.type)
                out.push_back(where + ": " + f.name + ": recorded " + with_note(f) + ", " + other + " " +
                              with_note(*g));
        }
        for (const auto& y_field : y.fields)
            if (theirs.count(y_field.name) && !masks.masked(x.name, y_field.name, record_number))
                out.push_back(where + ": " + y_field.name + ": not recorded, " + other + " " +
                              with_note(y_field));
    }
    for (std::size_t i = b.size(); i < a.size(); ++i)
        out.push_back("message " + std::to_string(a[i].first) + " " + a[i].second->name + ": recorded, " +
                      other + " did not send it");
    for (std::size_t i = a.size(); i < b.size(); ++i)
        out.push_back("after message " + std::to_string(a.empty() ? 0 : a.back().first) + ": " + other +
                      " also sent " + summary_of(*b[i].second));
    return out;
}

}  // namespace ifx::cap
