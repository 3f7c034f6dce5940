// Python values ⇄ ifx values: result columns to Python objects (made only for the rows a user
// fetches) and Python parameters to ifx::param. The mapping is docs/python.md's "Types" table.
#include "module.hpp"  // first: Python.h before datetime.h

#include <datetime.h>  // the CPython datetime C API (PyDateTime_IMPORT is per translation unit)

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>

#include "ifx/date.hpp"
#include "ifx/datetime.hpp"
#include "ifx/decimal.hpp"
#include "ifx/interval.hpp"
#include "ifx/qualifier.hpp"
#include "ifx/smart_lob.hpp"

namespace informix_py {

void init_values() {
    PyDateTime_IMPORT;
    if (!PyDateTimeAPI) throw py::error_already_set();
}

namespace {

using ifx::type_code;

bool is_character(type_code t) {
    return t == type_code::char_ || t == type_code::varchar || t == type_code::nchar ||
           t == type_code::nvarchar || t == type_code::lvarchar;
}

conv datetime_conv(const ifx::column_info& c) {
    if (!c.has_valid_qualifier()) return conv::literal;
    const auto q = c.qualifier();
    if (q.start() == ifx::time_unit::year && q.end() == ifx::time_unit::day) return conv::date;
    if (q.start() == ifx::time_unit::year && q.end() >= ifx::time_unit::hour) return conv::timestamp;
    if (q.start() >= ifx::time_unit::hour) return conv::time;
    return conv::literal;
}

conv interval_conv(const ifx::column_info& c) {
    if (!c.has_valid_qualifier()) return conv::literal;
    return c.qualifier().is_year_month() ? conv::interval_ym : conv::timedelta;
}

py::object steal(PyObject* o) {
    if (!o) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(o);
}

[[noreturn]] void value_error(const std::error_code& ec, const ifx::column_info& c, std::size_t i) {
    ifx::diagnostics d;
    d.client_message =
        "column " + std::to_string(i + 1) + " (" + c.name + ", " + c.type_name() + "): " + ec.message();
    ifx::throw_if(ec, d);
    throw_client(ifx::errc::type_mismatch, d.client_message);
}

template <class T>
T read(const ifx::row_view& row, std::size_t i) {
    T out{};
    if (auto ec = row.get(i, out)) value_error(ec, row.columns()[i], i);
    return out;
}

PyObject* text_object(const ifx::row_view& row, std::size_t i) {
    std::string_view v;
    if (!row.get(i, v)) return PyUnicode_DecodeUTF8(v.data(), static_cast<Py_ssize_t>(v.size()), "strict");
    const auto s = read<std::string>(row, i);  // converted from the database code set
    return PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "strict");
}

PyObject* decimal_object(const ifx::row_view& row, std::size_t i) {
    const auto text = read<ifx::decimal>(row, i).to_string();
    py::object s = steal(PyUnicode_FromStringAndSize(text.data(), static_cast<Py_ssize_t>(text.size())));
    return PyObject_CallOneArg(objects().decimal, s.ptr());
}

PyObject* timestamp_object(const ifx::row_view& row, std::size_t i, conv k) {
    const auto v = read<ifx::datetime>(row, i);
    const auto& f = v.fields();
    const int micro = f.fraction * 10;  // FRACTION(5) counts 10 µs units
    if (k == conv::date)
        return PyDate_FromDate(static_cast<int>(f.year), static_cast<int>(f.month), static_cast<int>(f.day));
    if (k == conv::time)
        return PyTime_FromTime(static_cast<int>(f.hour), static_cast<int>(f.minute),
                               static_cast<int>(f.second), micro);
    return PyDateTime_FromDateAndTime(static_cast<int>(f.year), static_cast<int>(f.month),
                                      static_cast<int>(f.day), static_cast<int>(f.hour),
                                      static_cast<int>(f.minute), static_cast<int>(f.second), micro);
}

PyObject* timedelta_object(const ifx::row_view& row, std::size_t i) {
    const auto v = read<ifx::interval>(row, i);
    const auto& f = v.fields();
    // The leading field may exceed its natural range (HOUR(5) TO SECOND): carry through seconds.
    // DAY(9) is at most 999,999,999 days, as is a timedelta; seconds fit in 64 bits.
    const std::int64_t total = ((f.day * 24 + f.hour) * 60 + f.minute) * 60 + f.second;
    py::object positive = steal(
        PyDelta_FromDSU(static_cast<int>(total / 86400), static_cast<int>(total % 86400), f.fraction * 10));
    return v.is_negative() ? PyNumber_Negative(positive.ptr()) : positive.release().ptr();
}

PyObject* interval_ym_object(const ifx::row_view& row, std::size_t i) {
    const auto v = read<ifx::interval>(row, i);
    const auto months = v.to_months().count();
    return PyObject_CallFunction(objects().interval_ym, "LL", static_cast<long long>(months / 12),
                                 static_cast<long long>(months % 12));
}

PyObject* bytes_object(const std::vector<std::byte>& b) {
    return PyBytes_FromStringAndSize(reinterpret_cast<const char*>(b.data()),
                                     static_cast<Py_ssize_t>(b.size()));
}

PyObject* lob_object(const ifx::row_view& row, std::size_t i, conv k, ifx::connection* conn) {
    const auto loc = read<ifx::lob_locator>(row, i);
    if (k == conv::locator || !conn) return py::cast(lob_locator_box{loc}).release().ptr();
    if (k == conv::clob) {
        std::string text;
        {
            py::gil_scoped_release nogil;
            text = ifx::read_lob_text(*conn, loc);
        }
        return PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "strict");
    }
    std::vector<std::byte> content;
    {
        py::gil_scoped_release nogil;
        content = ifx::read_lob(*conn, loc);
    }
    return bytes_object(content);
}

PyObject* value_object(const ifx::row_view& row, std::size_t i, conv k, ifx::connection* conn) {
    if (row.is_null(i)) Py_RETURN_NONE;
    switch (k) {
        case conv::integer:
            return PyLong_FromLongLong(read<std::int64_t>(row, i));
        case conv::floating:
            return PyFloat_FromDouble(read<double>(row, i));
        case conv::decimal:
            return decimal_object(row, i);
        case conv::text:
            return text_object(row, i);
        case conv::bytes:
            return bytes_object(read<std::vector<std::byte>>(row, i));
        case conv::boolean:
            return PyBool_FromLong(read<bool>(row, i) ? 1 : 0);
        case conv::date:
            if (row.columns()[i].type == type_code::date) {
                const auto d = read<ifx::date>(row, i);
                return PyDate_FromDate(d.year(), static_cast<int>(d.month()), static_cast<int>(d.day()));
            }
            return timestamp_object(row, i, k);
        case conv::timestamp:
        case conv::time:
            return timestamp_object(row, i, k);
        case conv::timedelta:
            return timedelta_object(row, i);
        case conv::interval_ym:
            return interval_ym_object(row, i);
        case conv::blob:
        case conv::clob:
        case conv::locator:
            return lob_object(row, i, k, conn);
        case conv::literal:
            break;
    }
    const auto s = read<std::string>(row, i);
    return PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "strict");
}

std::string base_type_name(const ifx::column_info& c) {
    if (c.is_smart_lob()) return c.extended_id == ifx::xid::clob ? "CLOB" : "BLOB";
    const auto logical = c.logical_type();
    if (logical == type_code::udt_fixed || logical == type_code::udt_var) {
        std::string name = c.extended_name.empty() ? "UDT" : c.extended_name;
        for (auto& ch : name) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        return name;
    }
    std::string full = c.type_name();
    const auto cut = full.find_first_of(" (");
    return cut == std::string::npos ? full : full.substr(0, cut);
}

}  // namespace

std::vector<conv> plan_columns(std::span<const ifx::column_info> columns, bool lob_locators) {
    std::vector<conv> plan;
    plan.reserve(columns.size());
    for (const auto& c : columns) {
        if (c.is_smart_lob()) {
            plan.push_back(lob_locators ? conv::locator
                                        : (c.extended_id == ifx::xid::clob ? conv::clob : conv::blob));
            continue;
        }
        switch (c.logical_type()) {
            case type_code::smallint:
            case type_code::integer:
            case type_code::serial:
            case type_code::int8:
            case type_code::serial8:
            case type_code::bigint:
            case type_code::bigserial:
                plan.push_back(conv::integer);
                break;
            case type_code::float_:
            case type_code::smallfloat:
                plan.push_back(conv::floating);
                break;
            case type_code::decimal:
            case type_code::money:
                plan.push_back(conv::decimal);
                break;
            case type_code::date:
                plan.push_back(conv::date);
                break;
            case type_code::datetime:
                plan.push_back(datetime_conv(c));
                break;
            case type_code::interval:
                plan.push_back(interval_conv(c));
                break;
            case type_code::byte:
                plan.push_back(conv::bytes);
                break;
            case type_code::text:
                plan.push_back(conv::text);
                break;
            case type_code::boolean:
                plan.push_back(conv::boolean);
                break;
            default:
                plan.push_back(is_character(c.logical_type()) ? conv::text : conv::literal);
        }
    }
    return plan;
}

py::list describe(std::span<const ifx::column_info> columns) {
    py::list out;
    for (const auto& c : columns) {
        const auto length = c.length();
        const bool character = is_character(c.logical_type());
        out.append(
            py::make_tuple(c.name, base_type_name(c), character ? py::object(py::int_(length)) : py::none(),
                           length > 0 ? py::object(py::int_(length)) : py::none(),
                           c.precision() > 0 ? py::object(py::int_(c.precision())) : py::none(),
                           c.precision() > 0 ? py::object(py::int_(c.scale())) : py::none(), c.nullable()));
    }
    return out;
}

py::object convert_row(const ifx::row_view& row, const std::vector<conv>& plan, ifx::connection* conn) {
    const std::size_t n = plan.size();
    py::object tuple = steal(PyTuple_New(static_cast<Py_ssize_t>(n)));
    for (std::size_t i = 0; i < n; ++i) {
        PyObject* v = value_object(row, i, plan[i], conn);
        if (!v) throw py::error_already_set();
        PyTuple_SET_ITEM(tuple.ptr(), static_cast<Py_ssize_t>(i), v);
    }
    return tuple;
}

py::object convert_row(const ifx::row_view& row, const std::vector<conv>& plan,
                       std::span<const std::string> lobs) {
    const std::size_t n = plan.size();
    py::object tuple = steal(PyTuple_New(static_cast<Py_ssize_t>(n)));
    std::size_t next = 0;
    for (std::size_t i = 0; i < n; ++i) {
        PyObject* v = nullptr;
        const bool content_column = plan[i] == conv::blob || plan[i] == conv::clob;
        if (content_column && next == lobs.size())
            throw_client(ifx::errc::type_mismatch, "the BLOB/CLOB content of a row was not read");
        if (content_column && !row.is_null(i)) {
            const std::string& content = lobs[next++];
            v = plan[i] == conv::blob
                    ? PyBytes_FromStringAndSize(content.data(), static_cast<Py_ssize_t>(content.size()))
                    : PyUnicode_DecodeUTF8(content.data(), static_cast<Py_ssize_t>(content.size()), "strict");
        } else {
            if (content_column) ++next;  // NULL: its entry is empty
            v = value_object(row, i, plan[i], nullptr);
        }
        if (!v) throw py::error_already_set();
        PyTuple_SET_ITEM(tuple.ptr(), static_cast<Py_ssize_t>(i), v);
    }
    return tuple;
}

// ---- parameters ---------------------------------------------------------------------------------

namespace {

std::string_view utf8_of(PyObject* s) {
    Py_ssize_t n = 0;
    const char* p = PyUnicode_AsUTF8AndSize(s, &n);
    if (!p) throw py::error_already_set();
    return {p, static_cast<std::size_t>(n)};
}

/// A view the param can hold: of the object itself (kept alive) or of an owned copy.
std::string_view hold(param_pack& pack, PyObject* owner, std::string_view bytes) {
    if (!pack.own) {
        pack.keep.push_back(py::reinterpret_borrow<py::object>(owner));
        return bytes;
    }
    return pack.owned.emplace_back(bytes);
}

std::string type_name_of(PyObject* v) {
    return Py_TYPE(v)->tp_name;
}

ifx::decimal decimal_from_text(std::string_view text) {
    std::error_code ec;
    auto d = ifx::decimal::parse(text, ec);
    if (ec)
        throw_client(ifx::errc::out_of_range,
                     "cannot bind " + std::string(text) + " as a DECIMAL: " + ec.message());
    return d;
}

/// FRACTION(n) with the fewest digits holding a fraction of 10 µs units (SECOND when it is 0), so
/// a value binds with a qualifier no wider than it needs: servers store a narrower value into a
/// wider column, not always the other way round.
ifx::time_unit last_unit(std::int32_t fraction) {
    if (fraction == 0) return ifx::time_unit::second;
    int digits = 5;
    while (digits > 1 && fraction % 10 == 0) {
        fraction /= 10;
        --digits;
    }
    return static_cast<ifx::time_unit>(10 + digits);
}

void add_datetime(param_pack& pack, PyObject* v) {
    const ifx::time_fields f{PyDateTime_GET_YEAR(v),
                             PyDateTime_GET_MONTH(v),
                             PyDateTime_GET_DAY(v),
                             PyDateTime_DATE_GET_HOUR(v),
                             PyDateTime_DATE_GET_MINUTE(v),
                             PyDateTime_DATE_GET_SECOND(v),
                             PyDateTime_DATE_GET_MICROSECOND(v) / 10};
    std::error_code ec;
    auto dt = ifx::datetime::from_fields(
        ifx::qualifier::datetime(ifx::time_unit::year, last_unit(f.fraction)), f, ec);
    if (ec) throw_client(ifx::errc::out_of_range, "cannot bind the datetime: " + ec.message());
    pack.values.emplace_back(dt);
}

void add_time(param_pack& pack, PyObject* v) {
    ifx::time_fields f;
    f.hour = PyDateTime_TIME_GET_HOUR(v);
    f.minute = PyDateTime_TIME_GET_MINUTE(v);
    f.second = PyDateTime_TIME_GET_SECOND(v);
    f.fraction = PyDateTime_TIME_GET_MICROSECOND(v) / 10;
    std::error_code ec;
    auto dt = ifx::datetime::from_fields(
        ifx::qualifier::datetime(ifx::time_unit::hour, last_unit(f.fraction)), f, ec);
    if (ec) throw_client(ifx::errc::out_of_range, "cannot bind the time: " + ec.message());
    pack.values.emplace_back(dt);
}

/// INTERVAL DAY(n) TO SECOND / FRACTION(k), n the digits of the day count (at least 2, Informix's
/// default). Built from fields: 999,999,999 days do not fit in 64-bit microseconds.
void add_timedelta(param_pack& pack, PyObject* v) {
    const std::int64_t days = PyDateTime_DELTA_GET_DAYS(v);
    const std::int64_t secs = PyDateTime_DELTA_GET_SECONDS(v);
    std::int64_t micros = PyDateTime_DELTA_GET_MICROSECONDS(v);
    const bool negative = days < 0;
    std::int64_t total = days * 86400 + secs;  // whole seconds, then a non-negative part
    if (negative) {                            // the magnitude of days*86400 + secs + micros/1e6 < 0
        total = -total;
        if (micros > 0) {
            total -= 1;
            micros = 1'000'000 - micros;
        }
    }
    ifx::time_fields f{0, 0, 0, 0, 0, 0, 0};
    f.day = total / 86400;
    f.hour = total % 86400 / 3600;
    f.minute = total % 3600 / 60;
    f.second = total % 60;
    f.fraction = static_cast<std::int32_t>(micros / 10);
    int lead = 2;
    for (std::int64_t d = f.day; d >= 100; d /= 10) ++lead;
    std::error_code ec;
    const auto q = ifx::qualifier::interval(ifx::time_unit::day, last_unit(f.fraction), lead, ec);
    auto iv = ec ? ifx::interval() : ifx::interval::from_fields(q, negative, f, ec);
    if (ec) throw_client(ifx::errc::out_of_range, "cannot bind the timedelta: " + ec.message());
    pack.values.emplace_back(iv);
}

void add_interval_ym(param_pack& pack, PyObject* v) {
    py::object total = py::reinterpret_borrow<py::object>(v).attr("total_months");
    if (PyCallable_Check(total.ptr())) total = total();
    const long long months = total.cast<long long>();
    std::error_code ec;
    auto iv = ifx::interval::from_months(
        std::chrono::months(months), ifx::qualifier::interval(ifx::time_unit::year, ifx::time_unit::month, 9),
        ec);
    if (ec) throw_client(ifx::errc::out_of_range, "cannot bind the IntervalYM: " + ec.message());
    pack.values.emplace_back(iv);
}

void add_lob_content(param_pack& pack, PyObject* v, bool clob, ifx::connection* conn) {
    py::object data = py::reinterpret_borrow<py::object>(v).attr("data");
    std::string content;
    if (PyUnicode_Check(data.ptr()))
        content = utf8_of(data.ptr());
    else {
        py::buffer_info info = py::reinterpret_borrow<py::buffer>(data).request();
        content.assign(static_cast<const char*>(info.ptr),
                       static_cast<std::size_t>(info.size * info.itemsize));
    }
    const auto kind = clob ? ifx::lob_locator::kind::clob : ifx::lob_locator::kind::blob;
    if (!conn) {
        pack.deferred_lobs.push_back({pack.values.size(), kind, std::move(content)});
        pack.values.emplace_back(ifx::null);
        return;
    }
    ifx::lob_locator loc;
    {
        py::gil_scoped_release nogil;
        if (clob) {  // text: converted from UTF-8 to the database's code set
            auto lob = ifx::smart_lob::create(*conn, kind);
            lob.write_text(content);
            lob.close();
            loc = lob.locator();
        } else {
            loc = ifx::create_lob(*conn, kind,
                                  std::span<const std::byte>(
                                      reinterpret_cast<const std::byte*>(content.data()), content.size()));
        }
    }
    pack.values.emplace_back(pack.locators.emplace_back(loc));
}

void add_param(param_pack& pack, PyObject* v, ifx::connection* conn) {
    auto& reg = objects();
    if (v == Py_None) {
        pack.values.emplace_back(ifx::null);
    } else if (PyBool_Check(v)) {
        pack.values.emplace_back(v == Py_True);
    } else if (PyLong_Check(v)) {
        int overflow = 0;
        const long long i = PyLong_AsLongLongAndOverflow(v, &overflow);
        if (overflow != 0) {  // beyond 64 bits: exact as a DECIMAL (up to 32 digits)
            const auto text = py::str(py::handle(v)).cast<std::string>();
            pack.values.emplace_back(decimal_from_text(text));
        } else if (i == -1 && PyErr_Occurred()) {
            throw py::error_already_set();
        } else if (i >= INT32_MIN && i <= INT32_MAX) {
            pack.values.emplace_back(static_cast<std::int32_t>(i));
        } else {
            pack.values.emplace_back(static_cast<std::int64_t>(i));
        }
    } else if (PyFloat_Check(v)) {
        pack.values.emplace_back(PyFloat_AS_DOUBLE(v));
    } else if (PyUnicode_Check(v)) {
        pack.values.emplace_back(hold(pack, v, utf8_of(v)));
    } else if (PyBytes_Check(v)) {
        const std::string_view b(PyBytes_AS_STRING(v), static_cast<std::size_t>(PyBytes_GET_SIZE(v)));
        const auto held = hold(pack, v, b);
        pack.values.emplace_back(
            std::span<const std::byte>(reinterpret_cast<const std::byte*>(held.data()), held.size()));
    } else if (PyByteArray_Check(v) || PyMemoryView_Check(v)) {
        py::buffer_info info = py::reinterpret_borrow<py::buffer>(v).request();
        const std::string& copy = pack.owned.emplace_back(
            static_cast<const char*>(info.ptr), static_cast<std::size_t>(info.size * info.itemsize));
        pack.values.emplace_back(
            std::span<const std::byte>(reinterpret_cast<const std::byte*>(copy.data()), copy.size()));
    } else if (PyDateTime_Check(v)) {
        add_datetime(pack, v);
    } else if (PyDate_Check(v)) {
        std::error_code ec;
        auto d = ifx::date::from_ymd(PyDateTime_GET_YEAR(v), static_cast<unsigned>(PyDateTime_GET_MONTH(v)),
                                     static_cast<unsigned>(PyDateTime_GET_DAY(v)), ec);
        if (ec) throw_client(ifx::errc::out_of_range, "cannot bind the date: " + ec.message());
        pack.values.emplace_back(d);
    } else if (PyTime_Check(v)) {
        add_time(pack, v);
    } else if (PyDelta_Check(v)) {
        add_timedelta(pack, v);
    } else if (PyObject_IsInstance(v, reg.decimal) == 1) {
        const auto text = py::str(py::handle(v)).cast<std::string>();
        pack.values.emplace_back(decimal_from_text(text));
    } else if (PyObject_IsInstance(v, reg.interval_ym) == 1) {
        add_interval_ym(pack, v);
    } else if (PyObject_IsInstance(v, reg.text) == 1) {
        py::object s = py::reinterpret_borrow<py::object>(v).attr("value");
        if (!PyUnicode_Check(s.ptr())) throw_client(ifx::errc::invalid_argument, "Text() holds a str");
        pack.values.emplace_back(ifx::text{hold(pack, s.ptr(), utf8_of(s.ptr()))});
    } else if (PyObject_IsInstance(v, reg.blob) == 1) {
        add_lob_content(pack, v, false, conn);
    } else if (PyObject_IsInstance(v, reg.clob) == 1) {
        add_lob_content(pack, v, true, conn);
    } else if (py::isinstance<lob_locator_box>(v)) {
        pack.values.emplace_back(pack.locators.emplace_back(py::cast<const lob_locator_box&>(v).value));
    } else {
        throw_client(ifx::errc::invalid_argument, "cannot bind a parameter of type " + type_name_of(v));
    }
    if (PyErr_Occurred()) throw py::error_already_set();
}

}  // namespace

void add_params(param_pack& pack, py::handle seq, ifx::connection* conn) {
    if (seq.is_none()) return;
    if (PyUnicode_Check(seq.ptr()) || PyBytes_Check(seq.ptr()) || PyDict_Check(seq.ptr()))
        throw_client(ifx::errc::invalid_argument,
                     "parameters must be a sequence (paramstyle qmark or numeric)");
    py::object fast = steal(PySequence_Fast(seq.ptr(), "parameters must be a sequence"));
    const Py_ssize_t n = PySequence_Fast_GET_SIZE(fast.ptr());
    PyObject** items = PySequence_Fast_ITEMS(fast.ptr());
    // executemany adds row after row to one pack: grow geometrically (an exact reserve per row
    // would copy the whole pack each time, quadratic in the batch).
    const std::size_t need = pack.values.size() + static_cast<std::size_t>(n);
    if (need > pack.values.capacity()) pack.values.reserve(std::max(need, 2 * pack.values.capacity()));
    for (Py_ssize_t i = 0; i < n; ++i) add_param(pack, items[i], conn);
}

}  // namespace informix_py
