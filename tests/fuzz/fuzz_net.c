/* Loopback exchange for the listener fuzz targets (fuzz_net.h). */
#include "fuzz_net.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long fz_exchange(int port, const uint8_t *data, size_t size, int timeout_ms)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a)) {
        close(fd);
        return -1;
    }
    long long deadline = now_ms() + timeout_ms;
    size_t off = 0;
    long got = 0;
    char buf[4096];
    int wr_open = 1;
    while (now_ms() < deadline) {
        struct pollfd p = {.fd = fd, .events = POLLIN | (off < size ? POLLOUT : 0)};
        if (poll(&p, 1, 50) < 0)
            break;
        if (p.revents & POLLOUT && off < size) {
            ssize_t w = send(fd, data + off, size - off, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (w < 0)
                off = size;           /* the server closed: nothing more to say */
            else
                off += (size_t)w;
        }
        if (off == size && wr_open) {
            shutdown(fd, SHUT_WR);
            wr_open = 0;
        }
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t r = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
            if (r <= 0)
                break;
            got += r;
        }
    }
    close(fd);
    return got;
}
