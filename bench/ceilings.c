/* sm_ceilings: the machine's own limits, so broker figures can be read against them.
 *
 *   sm_ceilings <mode> [--bytes N] [--dir D]
 *
 *   tcp        a writer thread write()s N bytes (default 4 GiB) in 1 MiB calls to a loopback TCP
 *              connection; the main thread read()s them in 1 MiB calls.
 *   sendfile   a file of N bytes (default 1 GiB) in D (default /tmp) is written, synced and read
 *              once (not timed, so it sits clean in the page cache); then sendfile(2) sends it in
 *              64 MiB calls to a loopback socket drained by a thread with 1 MiB read()s.
 *              Needs N + 1 GiB free in D.
 *   memcpy     memcpy between two 256 MiB buffers (pre-touched) until N bytes (default 8 GiB)
 *              are copied.
 *   pagecache  write() of N bytes (default 2 GiB) in 1 MiB calls to a new file in D, no fsync:
 *              page-cache write bandwidth. Needs N + 1 GiB free.
 *
 * Time is CLOCK_MONOTONIC around the transfer only; cpu_s is this process's user+sys CPU
 * (getrusage RUSAGE_SELF, all threads) over the same span. Prints one JSON line on stdout:
 *   {"mode":"tcp","bytes":N,"secs":S,"mb_s":N/1e6/S,"cpu_s":C}
 * Diagnostics go to stderr; any failed syscall exits 1. Temporary files are unlinked. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* accept4; CMake passes it too, this is for hand builds */
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#define MIB (1ULL << 20)
#define GIB (1ULL << 30)
#define IO_CHUNK MIB
#define SENDFILE_CHUNK (64 * MIB)
#define MEMCPY_BUF (256 * MIB)

static char g_tmp[PATH_MAX]; /* temporary file to unlink on any exit path */

static void cleanup(void)
{
    if (g_tmp[0])
        unlink(g_tmp);
    g_tmp[0] = 0;
}

static __attribute__((noreturn, format(printf, 1, 2))) void die(const char *fmt, ...)
{
    int e = errno;
    va_list ap;
    va_start(ap, fmt);
    fputs("sm_ceilings: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (e) /* errno 0: a logical failure, the message says it all */
        fprintf(stderr, ": %s", strerror(e));
    fputc('\n', stderr);
    cleanup();
    exit(1);
}

static double now(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        die("clock_gettime");
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_now(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        die("getrusage");
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void *xmalloc_touched(size_t n)
{
    char *p = malloc(n);
    if (!p)
        die("malloc %zu", n);
    memset(p, 0xa5, n); /* fault every page in now, so no page fault is timed */
    return p;
}

/* Both ends of a loopback TCP connection: listener on 127.0.0.1:0 (kernel picks a port). */
static void tcp_pair(int *wfd, int *rfd)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (l < 0)
        die("socket");
    if (bind(l, (struct sockaddr *)&a, sizeof a) != 0 || listen(l, 1) != 0)
        die("bind/listen 127.0.0.1:0");
    if (getsockname(l, (struct sockaddr *)&a, &alen) != 0)
        die("getsockname");
    *wfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (*wfd < 0)
        die("socket");
    if (connect(*wfd, (struct sockaddr *)&a, sizeof a) != 0)
        die("connect");
    *rfd = accept4(l, NULL, NULL, SOCK_CLOEXEC);
    if (*rfd < 0)
        die("accept");
    close(l);
}

static void write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            die("write");
        p += w;
        n -= (size_t)w;
    }
}

/* Reads exactly `total` bytes in 1 MiB read() calls; EOF before that is an error. */
static void drain(int fd, uint64_t total)
{
    char *buf = xmalloc_touched(IO_CHUNK);
    for (uint64_t got = 0; got < total;) {
        ssize_t r = read(fd, buf, IO_CHUNK);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            die("read");
        if (r == 0) {
            errno = 0;
            die("early EOF after %llu of %llu bytes", (unsigned long long)got,
                (unsigned long long)total);
        }
        got += (uint64_t)r;
    }
    free(buf);
}

struct job {
    int fd;
    uint64_t bytes;
};

/* Writes `bytes` to fd (socket or file) in 1 MiB write() calls. */
static void write_n(int fd, uint64_t bytes)
{
    char *buf = xmalloc_touched(IO_CHUNK);
    for (uint64_t left = bytes; left > 0;) {
        size_t n = left < IO_CHUNK ? (size_t)left : IO_CHUNK;
        write_all(fd, buf, n);
        left -= n;
    }
    free(buf);
}

static void *tcp_writer(void *arg)
{
    struct job *j = arg;
    write_n(j->fd, j->bytes);
    return NULL;
}

static void *drainer(void *arg)
{
    struct job *j = arg;
    drain(j->fd, j->bytes);
    return NULL;
}

static void spawn(pthread_t *t, void *(*fn)(void *), struct job *j)
{
    int e = pthread_create(t, NULL, fn, j);
    if (e != 0) {
        errno = e;
        die("pthread_create");
    }
}

static void check_space(const char *dir, uint64_t need)
{
    struct statvfs st;
    if (statvfs(dir, &st) != 0)
        die("statvfs %s", dir);
    uint64_t avail = (uint64_t)st.f_bavail * st.f_frsize;
    if (avail < need) {
        errno = 0;
        die("%s has %llu MiB free, need %llu MiB", dir, (unsigned long long)(avail / MIB),
            (unsigned long long)(need / MIB));
    }
}

/* Creates the temporary file (exclusively, so a stale or foreign file is never reused). */
static int create_tmp(const char *dir)
{
    snprintf(g_tmp, sizeof g_tmp, "%s/sm_ceilings.%d.tmp", dir, (int)getpid());
    int fd = open(g_tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        g_tmp[0] = 0; /* not ours: do not unlink it */
        die("create %s/sm_ceilings.%d.tmp", dir, (int)getpid());
    }
    return fd;
}

static void run_tcp(uint64_t bytes)
{
    int wfd, rfd;
    tcp_pair(&wfd, &rfd);
    struct job j = {wfd, bytes};
    pthread_t t;
    spawn(&t, tcp_writer, &j);
    drain(rfd, bytes);
    pthread_join(t, NULL);
    close(wfd);
    close(rfd);
}

static int g_sf_fd = -1; /* prepared (page-cached) file for the sendfile run */

static void prepare_sendfile(const char *dir, uint64_t bytes)
{
    check_space(dir, bytes + GIB);
    g_sf_fd = create_tmp(dir);
    write_n(g_sf_fd, bytes);
    /* Sync so background writeback of dirty pages does not compete with the timed run. */
    if (fsync(g_sf_fd) != 0)
        die("fsync");
    if (lseek(g_sf_fd, 0, SEEK_SET) != 0)
        die("lseek");
    drain(g_sf_fd, bytes); /* read once: every page is now resident */
}

static void run_sendfile(uint64_t bytes)
{
    int wfd, rfd;
    tcp_pair(&wfd, &rfd);
    struct job j = {rfd, bytes};
    pthread_t t;
    spawn(&t, drainer, &j);
    off_t off = 0;
    while ((uint64_t)off < bytes) {
        uint64_t left = bytes - (uint64_t)off;
        ssize_t n = sendfile(wfd, g_sf_fd, &off, left < SENDFILE_CHUNK ? left : SENDFILE_CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            die("sendfile at offset %lld", (long long)off);
    }
    pthread_join(t, NULL); /* the transfer is done only when the peer has read it all */
    close(wfd);
    close(rfd);
}

static char *g_src, *g_dst;

static void run_memcpy(uint64_t bytes)
{
    for (uint64_t left = bytes; left > 0;) {
        size_t n = left < MEMCPY_BUF ? (size_t)left : MEMCPY_BUF;
        memcpy(g_dst, g_src, n);
        /* The copy is never read: tell the compiler memory is observed so it stays. */
        __asm__ volatile("" : : "r"(g_dst) : "memory");
        left -= n;
    }
}

static const char *g_dir = "/tmp";

static void run_pagecache(uint64_t bytes)
{
    int fd = create_tmp(g_dir);
    write_n(fd, bytes);
    if (close(fd) != 0)
        die("close");
}

static uint64_t parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || v == 0 || s[0] == '-') {
        errno = 0;
        die("bad --bytes '%s' (a positive integer)", s);
    }
    return v;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        void (*run)(uint64_t);
        uint64_t dflt;
    } modes[] = {{"tcp", run_tcp, 4 * GIB},
                 {"sendfile", run_sendfile, GIB},
                 {"memcpy", run_memcpy, 8 * GIB},
                 {"pagecache", run_pagecache, 2 * GIB}};
    int m = -1;
    for (int i = 0; argc > 1 && i < (int)(sizeof modes / sizeof modes[0]); i++)
        if (strcmp(argv[1], modes[i].name) == 0)
            m = i;
    if (m < 0) {
        fprintf(stderr, "usage: sm_ceilings tcp|sendfile|memcpy|pagecache [--bytes N] [--dir D]\n");
        return 2;
    }
    uint64_t bytes = modes[m].dflt;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--bytes") == 0 && i + 1 < argc) {
            bytes = parse_size(argv[++i]);
        } else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
            g_dir = argv[++i];
        } else {
            fprintf(stderr, "sm_ceilings: unknown or incomplete argument '%s'\n", argv[i]);
            return 2;
        }
    }

    /* Untimed setup, so only the transfer itself is measured. */
    if (modes[m].run == run_sendfile)
        prepare_sendfile(g_dir, bytes);
    if (modes[m].run == run_memcpy) {
        g_src = xmalloc_touched(MEMCPY_BUF);
        g_dst = xmalloc_touched(MEMCPY_BUF);
    }
    if (modes[m].run == run_pagecache)
        check_space(g_dir, bytes + GIB);

    double c0 = cpu_now(), t0 = now();
    modes[m].run(bytes);
    double t1 = now(), c1 = cpu_now();

    if (g_sf_fd >= 0)
        close(g_sf_fd);
    cleanup();
    free(g_src);
    free(g_dst);
    double secs = t1 - t0;
    printf("{\"mode\":\"%s\",\"bytes\":%llu,\"secs\":%.6f,\"mb_s\":%.1f,\"cpu_s\":%.3f}\n",
           modes[m].name, (unsigned long long)bytes, secs, (double)bytes / 1e6 / secs, c1 - c0);
    return fflush(stdout) == 0 ? 0 : 1;
}
