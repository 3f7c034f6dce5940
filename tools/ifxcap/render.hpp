#pragma once
// `ifxcap decode`: a capture shown as SQLI messages, as text for people or JSON for tools.
#include <string>

#include "capture.hpp"

namespace ifx::cap {

struct render_options {
    bool hex = false;  ///< also show each message's bytes
};

std::string render_text(const capture& c, const render_options& o = {});

/// One JSON object: {"capture": {header}, "records": [{number, dir, session, time, kind, length,
/// complete, messages: [{name, offset, length, known, fields: [{name, value, note}], hex}]}]}.
/// Integer fields are JSON numbers; text is a JSON string (bytes that are not UTF-8 become
/// \u00XX, read as ISO-8859-1).
std::string render_json(const capture& c, const render_options& o = {});

/// A JSON string literal of bytes (quotes included).
std::string json_string(std::string_view bytes);

}  // namespace ifx::cap
