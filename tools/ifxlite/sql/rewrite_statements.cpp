// The statements of the SQL rewrite: select lists, INSERT and UPDATE (values stored as the columns
// keep them: DECIMAL rounded to the column, SERIAL counters moved).

#include "sql/rewriter.hpp"

namespace ifx::lite::rewrite_detail {

std::string rewriter::statement(std::size_t first, std::size_t last, statement_level level) {
    const bool top = level == statement_level::top;
    std::string out;
    if (first >= last) return out;
    std::size_t copied = begin_of(first);
    const auto replace = [&](std::size_t a, std::size_t b, const std::string& text) {
        out.append(sql_.substr(copied, begin_of(a) - copied));
        out += text;
        copied = end_of(b - 1);
    };
    bool typed_select = !top;
    std::size_t i = first;
    while (i < last) {
        const token& k = t_[i];
        if (k.type == token::kind::word) {
            const std::string w = lower(k.text);
            if (w == "select") {
                std::size_t end = i + 1;
                const std::string list = select_list(i + 1, last, end, !typed_select);
                typed_select = true;
                if (end > i + 1) replace(i + 1, end, list);
                i = std::max(end, i + 1);
                continue;
            }
            if (top && i == first && (w == "insert" || w == "replace")) {
                if (auto text = insert_statement(first, last)) return *text;
            }
            if (top && i == first && w == "update") {
                std::size_t end = i;
                const std::string text = update_statement(i, last, end);
                if (!text.empty()) {
                    replace(i, end, text);
                    i = end;
                    continue;
                }
            }
            if (is_clause_word(w)) {
                ++i;
                continue;
            }
        } else if (k.type == token::kind::punct && k.text[0] != '(' && k.text[0] != '-' && k.text[0] != '+' &&
                   k.text[0] != '?' && k.text[0] != '*' && k.text[0] != '~') {
            ++i;
            continue;
        }
        std::size_t end = i;
        auto e = parser_.parse(i, last, end);
        if (!e || end == i) {
            ++i;
            continue;
        }
        const std::string text = emit(*e);
        if (text != span(e->first, e->last)) replace(e->first, e->last, text);
        i = end;
    }
    out.append(sql_.substr(copied, end_of(last - 1) - copied));
    return out;
}

std::string rewriter::select_list(std::size_t first, std::size_t last, std::size_t& end, bool record_types) {
    std::size_t i = first;
    std::string out;
    std::size_t copied = begin_of(first);
    const auto copy_to = [&](std::size_t offset) {
        out.append(sql_.substr(copied, offset - copied));
        copied = offset;
    };
    while (i < last && t_[i].type == token::kind::word &&
           (lower(t_[i].text) == "distinct" || lower(t_[i].text) == "all"))
        ++i;
    std::vector<column_type> types;
    bool typable = record_types;
    for (;;) {
        if (i >= last) break;
        std::size_t item_end = i;
        auto e = parser_.parse(i, last, item_end);
        if (!e) break;
        std::string text = emit(*e);
        const std::string original = span(e->first, e->last);
        if (e->what == expr::kind::star) typable = false;
        types.push_back(e->type);
        copy_to(begin_of(e->first));
        out += text;
        copied = end_of(e->last - 1);
        i = item_end;
        // Alias: AS name, or a name that is no clause word.
        bool aliased = false;
        std::size_t alias_at = last;
        if (i < last && t_[i].type == token::kind::word && lower(t_[i].text) == "as" && i + 1 < last) {
            alias_at = i + 1;
        } else if (i < last && (t_[i].type == token::kind::quoted ||
                                (t_[i].type == token::kind::word && !ends_select_item(t_[i].text)))) {
            alias_at = i;
        }
        if (alias_at < last) {
            aliased = true;
            const token& a = t_[alias_at];
            if (a.type == token::kind::word && needs_quoting(a.text)) {
                copy_to(a.offset);
                out += quote_identifier(a.text);
                copied = end_of(alias_at);
            }
            i = alias_at + 1;
        }
        if (!aliased && text != original && e->what != expr::kind::star)
            out += " AS " + quote_identifier(original);
        if (i < last && t_[i].type == token::kind::punct && t_[i].text[0] == ',') {
            ++i;
            continue;
        }
        break;
    }
    copy_to(i > first && i <= t_.size() ? end_of(i - 1) : copied);
    end = i;
    if (typable && !types.empty()) out_.select_types = std::move(types);
    return out;
}

std::string rewriter::store_wrapper(const std::string& table, const table_column& c, write_kind kind) const {
    const bool update = kind == write_kind::update;
    switch (c.type.code) {
        case sqltype::decimal:
        case sqltype::money:
            return "ifx_to_decimal(%s, " + std::to_string(c.type.precision) + ", " +
                   std::to_string(c.type.scale) + ")";
        case sqltype::serial:
        case sqltype::serial8:
        case sqltype::bigserial:
            return "ifx_serial(" + sql_string_literal(table) + ", " + sql_string_literal(c.name) + ", " +
                   std::to_string(c.type.code) + ", %s, " + (update ? "1" : "0") + ")";
        // Dates and times are stored in one form (ISO dates, canonical DATETIME/INTERVAL text), so
        // that they compare and sort right whatever form the value came in.
        case sqltype::date:
            return "date(%s)";
        case sqltype::datetime:
        case sqltype::interval:
            return "ifx_to_datetime(%s, " + std::to_string(c.type.encoded_length) + ", " +
                   (c.type.code == sqltype::interval ? "1" : "0") + ")";
        default:
            return {};
    }
}

std::string rewriter::apply(const std::string& wrapper, const std::string& value) {
    if (wrapper.empty()) return value;
    const auto at = wrapper.find("%s");
    return wrapper.substr(0, at) + value + wrapper.substr(at + 2);
}

bool rewriter::is_serial(const column_type& t) {
    return t.code == sqltype::serial || t.code == sqltype::serial8 || t.code == sqltype::bigserial;
}

std::optional<rewriter::insert_plan> rewriter::plan_insert(std::size_t first, std::size_t last) {
    std::size_t i = first + 1;
    const auto is_word = [&](std::size_t k, std::string_view w) {
        return k < last && t_[k].type == token::kind::word && lower(t_[k].text) == w;
    };
    if (is_word(i, "or")) i += 2;
    if (!is_word(i, "into")) return std::nullopt;
    ++i;
    if (i >= last || (t_[i].type != token::kind::word && t_[i].type != token::kind::quoted))
        return std::nullopt;
    insert_plan plan;
    table_ref& target = plan.target;
    target.table = unquote(t_[i].text);
    ++i;
    if (i + 1 < last && t_[i].text == "." && t_[i + 1].type != token::kind::punct) {
        target.schema = lower(target.table);
        target.table = unquote(t_[i + 1].text);
        i += 2;
    }
    const std::size_t after_table = i;
    const std::vector<table_column>& all = columns_of(target);
    if (all.empty()) return std::nullopt;
    std::vector<table_column>& targets = plan.targets;
    std::size_t list_end = after_table;  // tokens of "(c1, c2)" end here
    if (i < last && t_[i].text == "(" && !(is_word(i + 1, "select") || is_word(i + 1, "with"))) {
        const std::size_t close = parser_.matching(i, last);
        for (std::size_t k = i + 1; k + 1 < close; ++k) {
            if (t_[k].type == token::kind::punct) continue;
            const std::string name = lower(unquote(t_[k].text));
            const auto it = std::find_if(all.begin(), all.end(),
                                         [&](const table_column& c) { return lower(c.name) == name; });
            if (it == all.end()) return std::nullopt;  // SQLite reports the unknown column
            targets.push_back(*it);
        }
        list_end = close;
    } else {
        targets = all;
    }
    bool any = false;
    for (const table_column& c : targets) {
        plan.wrappers.push_back(store_wrapper(target.table, c));
        any = any || !plan.wrappers.back().empty();
    }
    for (const table_column& c : all)
        if (is_serial(c.type) && std::none_of(targets.begin(), targets.end(), [&](const table_column& t) {
                return lower(t.name) == lower(c.name);
            }))
            plan.omitted.push_back(c);
    for (const table_column& c : all)
        if (is_serial(c.type)) out_.serial_columns.push_back(c.name);
    if (!any && plan.omitted.empty()) return std::nullopt;

    std::string names;
    for (const table_column& c : targets) names += (names.empty() ? "" : ", ") + quote_identifier(c.name);
    for (const table_column& c : plan.omitted)
        names += (names.empty() ? "" : ", ") + quote_identifier(c.name);
    plan.head = span(first, after_table) + " (" + names + ")";
    plan.source_at = list_end;
    return plan;
}

std::optional<std::string> rewriter::insert_values(const insert_plan& plan, std::size_t i, std::size_t last) {
    std::string out = plan.head + " VALUES ";
    ++i;
    for (;;) {
        if (i >= last || t_[i].text != "(") return std::nullopt;
        const std::size_t close = parser_.matching(i, last);
        std::vector<std::string> values;
        std::size_t k = i + 1;
        while (k < close - 1) {
            std::size_t end = k;
            auto e = parser_.parse(k, close - 1, end);
            if (!e) return std::nullopt;
            values.push_back(emit(*e));
            k = end;
            if (k < close - 1 && t_[k].text == ",") ++k;
        }
        if (values.size() != plan.targets.size()) return std::nullopt;  // SQLite reports -236
        out += "(";
        for (std::size_t v = 0; v < values.size(); ++v)
            out += (v ? ", " : "") + apply(plan.wrappers[v], values[v]);
        for (const table_column& c : plan.omitted)
            out += ", " + apply(store_wrapper(plan.target.table, c), "0");
        out += ")";
        i = close;
        if (i < last && t_[i].text == ",") {
            out += ", ";
            ++i;
            continue;
        }
        break;
    }
    while (i < last && t_[i].text == ";") ++i;
    if (i != last) return std::nullopt;
    return out;
}

std::string rewriter::insert_select(const insert_plan& plan, std::size_t i, std::size_t last) {
    std::size_t select_end = last;
    while (select_end > i && t_[select_end - 1].text == ";") --select_end;
    const std::string source = statement(i, select_end, statement_level::nested);
    std::string cte_names, selected;
    for (std::size_t v = 0; v < plan.targets.size(); ++v) {
        const std::string name = "_ifx_" + std::to_string(v + 1);
        cte_names += (v ? ", " : "") + name;
        selected += (v ? ", " : "") + apply(plan.wrappers[v], name);
    }
    for (const table_column& c : plan.omitted)
        selected += ", " + apply(store_wrapper(plan.target.table, c), "0");
    return "WITH _ifx_rows(" + cte_names + ") AS (" + source + ") " + plan.head + " SELECT " + selected +
           " FROM _ifx_rows";
}

std::optional<std::string> rewriter::insert_statement(std::size_t first, std::size_t last) {
    const auto plan = plan_insert(first, last);
    if (!plan) return std::nullopt;
    const std::size_t i = plan->source_at;
    const auto is_word = [&](std::string_view w) {
        return i < last && t_[i].type == token::kind::word && lower(t_[i].text) == w;
    };
    if (is_word("values")) return insert_values(*plan, i, last);
    // INSERT … SELECT: the rows come from a common table expression whose columns are named, so
    // that each can be stored through its wrapper.
    if (!(is_word("select") || is_word("with") || (i < last && t_[i].text == "("))) return std::nullopt;
    return insert_select(*plan, i, last);
}

std::string rewriter::update_statement(std::size_t first, std::size_t last, std::size_t& end) {
    std::size_t i = first + 1;
    const auto is_word = [&](std::size_t k, std::string_view w) {
        return k < last && t_[k].type == token::kind::word && lower(t_[k].text) == w;
    };
    if (is_word(i, "or")) i += 2;
    if (i >= last) return {};
    table_ref target;
    target.table = unquote(t_[i].text);
    ++i;
    const std::vector<table_column>& all = columns_of(target);
    const auto column = [&](std::string_view name) -> const table_column* {
        const std::string n = lower(unquote(name));
        for (const table_column& c : all)
            if (lower(c.name) == n) return &c;
        return nullptr;
    };
    while (i < last && !is_word(i, "set")) ++i;
    if (i >= last) return {};
    std::string out = span(first, i + 1) + " ";
    ++i;
    bool changed = false;
    for (;;) {
        if (i >= last) return {};
        std::vector<const table_column*> cols;
        std::size_t eq = i;
        if (t_[i].text == "(") {
            const std::size_t close = parser_.matching(i, last);
            for (std::size_t k = i + 1; k + 1 < close; ++k)
                if (t_[k].type != token::kind::punct) cols.push_back(column(t_[k].text));
            eq = close;
        } else {
            std::size_t k = i;
            if (k + 2 < last && t_[k + 1].text == ".") k += 2;  // t.c
            cols.push_back(column(t_[k].text));
            eq = k + 1;
        }
        if (eq >= last || t_[eq].text != "=") return {};
        // The target names, quoted where SQLite reserves them (SET table = …).
        for (std::size_t k = i; k <= eq; ++k) {
            if (k > i) out.append(sql_.substr(end_of(k - 1), begin_of(k) - end_of(k - 1)));
            out += t_[k].type == token::kind::word && needs_quoting(t_[k].text) ? quote_identifier(t_[k].text)
                                                                                : std::string(t_[k].text);
        }
        out += " ";
        std::size_t k = eq + 1;
        std::vector<std::string> values;
        const bool tuple = cols.size() > 1 && k < last && t_[k].text == "(" && !is_word(k + 1, "select");
        if (!set_values(k, last, tuple, values)) return {};
        if (!tuple && cols.size() > 1) {
            out += values[0];  // (c1, c2) = (SELECT …)
        } else {
            if (values.size() != cols.size()) return {};
            if (tuple) out += "(";
            for (std::size_t v = 0; v < values.size(); ++v) {
                // An UPDATE of a SERIAL column moves its counter (mode 1) but never draws from it.
                const std::string wrapper =
                    cols[v] ? store_wrapper(target.table, *cols[v], write_kind::update) : std::string();
                if (cols[v] && is_serial(cols[v]->type)) out_.serial_columns.push_back(cols[v]->name);
                changed = changed || !wrapper.empty();
                out += (v ? ", " : "") + apply(wrapper, values[v]);
            }
            if (tuple) out += ")";
        }
        i = k;
        if (i < last && t_[i].text == ",") {
            out += ", ";
            ++i;
            continue;
        }
        break;
    }
    end = i;
    if (!changed) return {};
    return out;
}

bool rewriter::set_values(std::size_t& k, std::size_t last, bool tuple, std::vector<std::string>& values) {
    if (!tuple) {
        std::size_t item_end = k;
        auto e = parser_.parse(k, last, item_end);
        if (!e) return false;
        values.push_back(emit(*e));
        k = item_end;
        return true;
    }
    const std::size_t close = parser_.matching(k, last);
    std::size_t j = k + 1;
    while (j < close - 1) {
        std::size_t item_end = j;
        auto e = parser_.parse(j, close - 1, item_end);
        if (!e) return false;
        values.push_back(emit(*e));
        j = item_end;
        if (j < close - 1 && t_[j].text == ",") ++j;
    }
    k = close;
    return true;
}

}  // namespace ifx::lite::rewrite_detail
