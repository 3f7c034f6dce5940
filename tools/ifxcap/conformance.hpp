#pragma once
// The two replays of a capture (docs/captures.md):
//  * server conformance: a session's client records are sent to a server (ifxlite) and every reply
//    group it sends is compared with the recorded one, message by message and field by field,
//    ignoring the capture's masks;
//  * client conformance: a session's server records are played to a client by a replay server,
//    which checks that the client sends what the capture's client sent (same fields, bar the
//    login's process facts).
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "capture.hpp"
#include "net.hpp"
#include "replay_server.hpp"

namespace ifx::cap {

/// What a server must be set up with to answer a session of the capture as recorded, read from
/// the session itself.
struct server_setup {
    std::string user;
    std::string password;     ///< the mask, when the capture's client gave a password
    std::string server_name;  ///< the login packet's INFORMIXSERVER
    std::string database;     ///< the first SQ_DBOPEN's ("" when the session opens none)
    std::string logging;      ///< "" (no logging), "log" or "ansi": from the DBOPEN reply's warnings
    std::string locale;       ///< the login's DB_LOCALE ("" when not sent)
    bool pam = false;         ///< the server's SQ_PROTOCOLS reply has feature 44
    std::string pam_info;     ///< the TEXT_INFO the recorded PAM conversation began with
    bool legacy = false;      ///< the server's reply lacks the modern features (no feature 62)
    bool xactstat = false;    ///< the recorded server sent SQ_XACTSTAT
};
server_setup setup_for(const capture& c, int session);

/// ifxlite's flags for the setup (without --listen and --data; without the account flags --server-name,
/// --user and --password unless with_account), and those that create its database.
std::vector<std::string> ifxlite_args(const server_setup& s, bool with_account = true);
std::vector<std::string> ifxlite_create_args(const server_setup& s);

struct replay_options {
    std::chrono::milliseconds reply_timeout{10000};
    std::vector<mask_rule> extra_masks;
};

struct session_result {
    int session = 0;
    std::size_t replies_compared = 0;
    /// Each: "record N (reply to …): message M NAME: FIELD: recorded X, server Y".
    std::vector<std::string> differences;
};

/// Server conformance of one session against the server at `server` (connects once; statement ids
/// the server assigns are mapped to the recorded ones, so later requests name the server's own).
/// Throws std::runtime_error when the server cannot be reached.
session_result replay_to_server(const capture& c, int session, const replay::endpoint& server,
                                const replay_options& o = {});

/// The replay script of one session for ifx::replay::server (client conformance). The capture
/// must outlive the script.
std::unique_ptr<replay::script> client_script(const capture& c, int session);

/// Records that the decoders cannot read completely: "record N (s2c): …". For a capture of any
/// client this is its client-conformance check (every reply parses with the client's decoders).
std::vector<std::string> undecodable_records(const capture& c);

}  // namespace ifx::cap
