#pragma once
// Fields for values: row values by their described column, bind values by their bind type, and
// the names of the protocol's small enumerations.
#include <cstdint>
#include <span>
#include <string>

#include "decoded.hpp"
#include "ifx/column.hpp"

namespace ifx::cap {

/// One row value (the cell's bytes, length prefixes excluded): text for character columns (the
/// bytes as sent, padding included), the client's own conversion for the rest, hex when that
/// conversion refuses the bytes. BYTE/TEXT descriptors and smart-LOB locators show their size
/// only (the rest of their bytes is server-internal and goes into the note).
field value_field(std::string name, const column_info& column, std::span<const std::uint8_t> bytes,
                  bool null);

/// One SQ_BIND value: its bind type, precision word and bytes (length prefix excluded).
field bind_value_field(std::string name, std::int16_t type, std::int16_t prec,
                       std::span<const std::uint8_t> bytes);

/// "0x010d" for a type word, with the type's name (and NOT NULL) as the note.
field type_field(std::string name, const column_info& column);

/// Names of the statement types of SQ_DESCRIBE (§6.4); "" when unknown.
std::string statement_type_name(int code);
/// Names of the DONE warning bits after DBOPEN (§5.3).
std::string done_warning_names(std::int16_t warnings);
/// The Informix name of a bind or fast-path type code (low byte of the word): "INTEGER", …
std::string type_code_name(int code);

}  // namespace ifx::cap
