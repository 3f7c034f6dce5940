#include "wire/tags.hpp"

namespace ifx::wire {

std::string_view tag_name(std::int16_t value) {
    switch (static_cast<tag>(value)) {
        case tag::command: return "SQ_COMMAND";
        case tag::prepare: return "SQ_PREPARE";
        case tag::curname: return "SQ_CURNAME";
        case tag::id: return "SQ_ID";
        case tag::bind: return "SQ_BIND";
        case tag::open: return "SQ_OPEN";
        case tag::execute: return "SQ_EXECUTE";
        case tag::describe: return "SQ_DESCRIBE";
        case tag::nfetch: return "SQ_NFETCH";
        case tag::close: return "SQ_CLOSE";
        case tag::release: return "SQ_RELEASE";
        case tag::eot: return "SQ_EOT";
        case tag::err: return "SQ_ERR";
        case tag::tuple: return "SQ_TUPLE";
        case tag::done: return "SQ_DONE";
        case tag::cmmtwork: return "SQ_CMMTWORK";
        case tag::rbwork: return "SQ_RBWORK";
        case tag::ndescribe: return "SQ_NDESCRIBE";
        case tag::sfetch: return "SQ_SFETCH";
        case tag::scroll: return "SQ_SCROLL";
        case tag::tupid: return "SQ_TUPID";
        case tag::dblist: return "SQ_DBLIST";
        case tag::begin: return "SQ_BEGIN";
        case tag::dbopen: return "SQ_DBOPEN";
        case tag::dbclose: return "SQ_DBCLOSE";
        case tag::fetchblob: return "SQ_FETCHBLOB";
        case tag::blob: return "SQ_BLOB";
        case tag::bbind: return "SQ_BBIND";
        case tag::hold: return "SQ_HOLD";
        case tag::wantdone: return "SQ_WANTDONE";
        case tag::cost: return "SQ_COST";
        case tag::exit: return "SQ_EXIT";
        case tag::info: return "SQ_INFO";
        case tag::insertdone: return "SQ_INSERTDONE";
        case tag::lodata: return "SQ_LODATA";
        case tag::file: return "SQ_FILE";
        case tag::xactstat: return "SQ_XACTSTAT";
        case tag::ret_type: return "SQ_RET_TYPE";
        case tag::file_read: return "SQ_FILE_READ";
        case tag::file_write: return "SQ_FILE_WRITE";
        case tag::autofree: return "SQ_AUTOFREE";
        case tag::protocols: return "SQ_PROTOCOLS";
        case tag::accept: return "SQ_ACCEPT";
        case tag::ack: return "SQ_ACK";
        case tag::challenge: return "SQ_CHALLENGE";
        case tag::response: return "SQ_RESPONSE";
    }
    return "SQ_?";
}

}  // namespace ifx::wire
