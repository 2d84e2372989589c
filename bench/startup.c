/* sm_startup: time from starting a broker process to its first answered requests.
 *
 *   sm_startup --port P -- <command> [args...]
 *
 * Records t0 (CLOCK_MONOTONIC), fork()s and execvp()s the command with stdin/stdout/stderr on
 * /dev/null (so the broker never holds the caller's pipes open after we exit), then tries to
 * connect to 127.0.0.1:P every 100 µs (ECONNREFUSED means "not listening yet"). On the first
 * connection it sends ApiVersions v0 and then Metadata v1, reading each full response. Gives up
 * after 30 s (and then kills the child, so a failed run leaves nothing behind).
 *
 * Prints one JSON line on stdout, times in ms since t0:
 *   {"pid":<child pid>,"api_versions_ms":A,"metadata_ms":M}
 * On success the broker is left RUNNING (it is not killed when we exit): the caller measures its
 * idle RSS and stops it by pid.
 *
 * Wire bytes (all integers big-endian; every request is prefixed by its int32 size):
 *   request header v1:  int16 api_key, int16 api_version, int32 correlation_id,
 *                       int16 client_id length + bytes ("sm_startup")
 *   ApiVersions v0:     api_key 18, version 0, empty body
 *     00 00 00 14 | 00 12 00 00 00 00 00 01 00 0a "sm_startup"
 *   Metadata v1:        api_key 3, version 1, body int32 topics count = -1 (all topics)
 *     00 00 00 18 | 00 03 00 01 00 00 00 02 00 0a "sm_startup" ff ff ff ff
 *   response:           int32 size, then size bytes: header v0 (int32 correlation_id), body.
 *     ApiVersions v0 body starts with int16 error_code (must be 0); Metadata v1 body starts
 *     with the brokers array (int32 count, must be >= 1). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* usleep; CMake passes it too, this is for hand builds */
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define GIVE_UP_SECS 30.0
#define MAX_RESPONSE (64 << 20) /* a sane cap: the size field comes from the network */
#define CLIENT_ID "sm_startup"

static double t0;
static pid_t child = -1;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Failure: stop the broker we started (nothing must outlive a failed run), then exit 1. */
static __attribute__((noreturn, format(printf, 1, 2))) void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("sm_startup: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (child > 0 && kill(child, SIGKILL) == 0)
        waitpid(child, NULL, 0);
    exit(1);
}

static size_t put16(uint8_t *p, uint16_t v)
{
    v = htons(v);
    memcpy(p, &v, 2);
    return 2;
}

static size_t put32(uint8_t *p, uint32_t v)
{
    v = htonl(v);
    memcpy(p, &v, 4);
    return 4;
}

static uint32_t get32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return ntohl(v);
}

static void io_all(int fd, uint8_t *p, size_t n, int writing, const char *what)
{
    while (n > 0) {
        ssize_t k = writing ? write(fd, p, n) : read(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) /* SO_RCVTIMEO expired */
            fail("%s: no answer within %.0f s of start", what, GIVE_UP_SECS);
        if (k < 0)
            fail("%s %s: %s", writing ? "sending" : "reading", what, strerror(errno));
        if (k == 0)
            fail("connection closed while reading %s", what);
        p += k;
        n -= (size_t)k;
    }
}

/* Sends one request (header v1 + body) and reads its whole response into a malloc'd buffer.
 * Returns the response body (after the correlation id) and its length. */
static uint8_t *call(int fd, int16_t api_key, int16_t version, int32_t corr, const uint8_t *body,
                     size_t body_len, size_t *resp_len, const char *what)
{
    uint8_t req[64];
    size_t n = 4; /* size prefix filled last */
    n += put16(req + n, (uint16_t)api_key);
    n += put16(req + n, (uint16_t)version);
    n += put32(req + n, (uint32_t)corr);
    n += put16(req + n, sizeof CLIENT_ID - 1);
    memcpy(req + n, CLIENT_ID, sizeof CLIENT_ID - 1);
    n += sizeof CLIENT_ID - 1;
    if (body_len > sizeof req - n) fail("%s: request body too long", what);
    if (body_len) memcpy(req + n, body, body_len); /* ApiVersions v0 has no body (NULL) */
    n += body_len;
    put32(req, (uint32_t)(n - 4));
    io_all(fd, req, n, 1, what);

    uint8_t sz[4];
    io_all(fd, sz, 4, 0, what);
    uint32_t size = get32(sz);
    if (size < 4 || size > MAX_RESPONSE)
        fail("%s: response size %u out of range", what, size);
    uint8_t *resp = malloc(size);
    if (!resp)
        fail("out of memory");
    io_all(fd, resp, size, 0, what);
    if ((int32_t)get32(resp) != corr)
        fail("%s: correlation id %d, expected %d", what, (int32_t)get32(resp), corr);
    *resp_len = size - 4;
    memmove(resp, resp + 4, size - 4);
    return resp;
}

/* Connects to 127.0.0.1:port, retrying while refused; fails if the child dies or time is up. */
static int connect_retry(int port)
{
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    for (;;) {
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
            fail("socket: %s", strerror(errno));
        if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0)
            return fd;
        int e = errno;
        close(fd);
        if (e != ECONNREFUSED && e != EINTR)
            fail("connect 127.0.0.1:%d: %s", port, strerror(e));
        int st;
        if (waitpid(child, &st, WNOHANG) == child) {
            child = -1; /* already reaped: nothing to kill */
            if (WIFEXITED(st))
                fail("command exited with code %d%s before listening", WEXITSTATUS(st),
                     WEXITSTATUS(st) == 127 ? " (exec failed)" : "");
            fail("command killed by signal %d before listening", WTERMSIG(st));
        }
        if (now() - t0 > GIVE_UP_SECS)
            fail("nothing listening on port %d after %.0f s", port, GIVE_UP_SECS);
        usleep(100);
    }
}

int main(int argc, char **argv)
{
    int port = 0, cmd = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
            port = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--") == 0) {
            cmd = i + 1;
            break;
        } else {
            break;
        }
    }
    if (port <= 0 || port > 65535 || cmd == 0 || cmd >= argc) {
        fprintf(stderr, "usage: sm_startup --port P -- <command> [args...]\n");
        return 2;
    }

    t0 = now();
    child = fork();
    if (child < 0)
        fail("fork: %s", strerror(errno));
    if (child == 0) {
        int null = open("/dev/null", O_RDWR);
        if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
            _exit(126);
        execvp(argv[cmd], argv + cmd);
        _exit(127); /* the parent sees the exit at its next connect attempt */
    }

    int fd = connect_retry(port);
    /* A broker that accepts but never answers must not hang us past the deadline. */
    double left = GIVE_UP_SECS - (now() - t0);
    struct timeval tv = {.tv_sec = left > 1 ? (time_t)left : 1};
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0)
        fail("setsockopt: %s", strerror(errno));

    size_t len;
    uint8_t *r = call(fd, 18, 0, 1, NULL, 0, &len, "ApiVersions v0");
    double t_api = now();
    if (len < 2 || r[0] != 0 || r[1] != 0)
        fail("ApiVersions v0: error_code %d", len < 2 ? -1 : (int16_t)(r[0] << 8 | r[1]));
    free(r);

    uint8_t all_topics[4] = {0xff, 0xff, 0xff, 0xff}; /* topics array length -1: all topics */
    r = call(fd, 3, 1, 2, all_topics, sizeof all_topics, &len, "Metadata v1");
    double t_meta = now();
    if (len < 4 || (int32_t)get32(r) < 1)
        fail("Metadata v1: no brokers in the response");
    free(r);
    close(fd);

    printf("{\"pid\":%d,\"api_versions_ms\":%.3f,\"metadata_ms\":%.3f}\n", (int)child,
           (t_api - t0) * 1e3, (t_meta - t0) * 1e3);
    return fflush(stdout) == 0 ? 0 : 1;
}
