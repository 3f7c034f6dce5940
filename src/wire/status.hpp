#pragma once
// Result of a transactional decode: a message is consumed only when it is whole.

namespace ifx::wire {

enum class decode_status {
    ok,         ///< a whole message was decoded
    need_more,  ///< the buffer ends inside the message; nothing was consumed
    malformed,  ///< the bytes cannot be a valid message (bad length, limit exceeded, unknown tag)
};

}  // namespace ifx::wire
