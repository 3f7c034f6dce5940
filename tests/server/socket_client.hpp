#pragma once
// A blocking test client for a real ifxlite process: raw bytes over TCP or TLS, and a reader that
// collects one reply group (PROTOCOL.md §8.9 framing for the tags ifxlite sends).
#include <openssl/ssl.h>

#include <stdexcept>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "sqli_client.hpp"

namespace ifxlite_test {

class socket_client {
public:
    explicit socket_client(std::uint16_t port, SSL_CTX* tls = nullptr, int timeout_s = 10) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0)
            throw std::runtime_error("connect failed");
        timeval tv{timeout_s, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        if (tls) {
            ssl_ = SSL_new(tls);
            SSL_set_fd(ssl_, fd_);
            if (SSL_connect(ssl_) != 1) throw std::runtime_error("TLS handshake failed");
        }
    }
    ~socket_client() {
        if (ssl_) SSL_free(ssl_);
        ::close(fd_);
    }
    socket_client(const socket_client&) = delete;
    socket_client& operator=(const socket_client&) = delete;

    void write(const bytes& b) {
        const ssize_t n = ssl_ ? SSL_write(ssl_, b.data(), static_cast<int>(b.size()))
                               : ::send(fd_, b.data(), b.size(), MSG_NOSIGNAL);
        ASSERT_EQ(n, static_cast<ssize_t>(b.size()));
    }
    bytes read_exactly(std::size_t n) {
        bytes out(n);
        std::size_t got = 0;
        while (got < n) {
            const ssize_t r = receive(out.data() + got, n - got);
            if (r <= 0) break;
            got += static_cast<std::size_t>(r);
        }
        out.resize(got);
        return out;
    }
    bytes read_login_reply() {
        auto head = read_exactly(2);
        if (head.size() < 2) return head;
        const std::size_t total = static_cast<std::size_t>(head[0] << 8 | head[1]);
        auto rest = read_exactly(total - 2);
        head.insert(head.end(), rest.begin(), rest.end());
        return head;
    }
    bool at_eof() {
        std::uint8_t b;
        return receive(&b, 1) == 0;
    }
    /// Reads until one complete reply group is buffered; returns its bytes (empty on EOF/timeout).
    bytes read_group() {
        for (;;) {
            const std::size_t n = group_length(buffer_);
            if (n > 0) {
                bytes g(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(n));
                buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(n));
                return g;
            }
            std::uint8_t chunk[65536];
            const ssize_t r = receive(chunk, sizeof chunk);
            if (r <= 0) return {};
            buffer_.insert(buffer_.end(), chunk, chunk + r);
        }
    }
    /// Login, JDBC 15 offer, SQ_INFO, and (optionally) DBOPEN; false if any step failed.
    bool handshake(std::string_view db = {}) {
        write(login_packet());
        const auto accept = read_login_reply();
        if (accept.size() < 3 || accept[2] != 2) return false;
        write(vec("login.txt", "LOGIN-010"));
        if (read_group().empty()) return false;
        write(info_group());
        if (read_group() != bytes{0x00, 0x0c}) return false;
        if (db.empty()) return true;
        write(dbopen(db));
        const auto g = read_group();
        return g.size() > 2 && g[1] == 0x0f;
    }

private:
    ssize_t receive(std::uint8_t* data, std::size_t n) {
        if (ssl_) {
            const int r = SSL_read(ssl_, data, static_cast<int>(n));
            return r > 0 ? r : 0;
        }
        return ::recv(fd_, data, n, 0);
    }
    // Length of the first complete group (modern widths), or 0 if more bytes are needed.
    static std::size_t group_length(const bytes& b) {
        ifx::wire::reader r(b);
        while (r.ok() && !r.at_end()) {
            const auto t = static_cast<tag>(r.i16());
            switch (t) {
                case tag::eot:
                case tag::exit:
                    return r.ok() ? r.position() : 0;
                case tag::err:
                    r.i16();
                    r.i16();
                    r.i32();
                    r.sqli_char(0x7fff);
                    break;
                case tag::done:
                    r.skip(22);
                    break;
                case tag::cost:
                    r.skip(8);
                    break;
                case tag::xactstat:
                    r.skip(6);
                    break;
                case tag::tupid:
                    r.skip(4);
                    break;
                case tag::insertdone:
                    r.skip(18);
                    break;
                case tag::protocols: {
                    const auto n = r.length16(1024);
                    r.skip(n + n % 2);
                    break;
                }
                case tag::tuple: {
                    r.i16();
                    const auto n = r.length32(1 << 30);
                    r.skip(n + n % 2);
                    break;
                }
                case tag::describe: {
                    r.skip(8);
                    r.i32();
                    const auto ncols = r.length16(0x7fff);
                    const auto names = r.length32(1 << 24);
                    for (std::size_t i = 0; i < ncols && r.ok(); ++i) {
                        r.skip(14);
                        r.sqli_char(255);
                        r.sqli_char(255);
                        r.skip(12);
                    }
                    r.skip(names + names % 2);
                    break;
                }
                default:
                    return b.size();  // unknown: hand everything to the test to judge
            }
        }
        return 0;
    }

    int fd_ = -1;
    SSL* ssl_ = nullptr;
    bytes buffer_;
};

}  // namespace ifxlite_test
