/* broker/outq.c: queued responses sent over a real loopback TCP socket, with
 * buffer runs gathered across responses and file ranges sent by sendfile. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "outq.h"
#include "test_dirs.h"

/* A connected loopback pair: *tx non-blocking with a small send buffer (so
 * sends are partial; TCP_NODELAY as the broker sets it), *rx blocking. */
static void tcp_pair(int *tx, int *rx)
{
    int l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof(a);
    assert_int_equal(bind(l, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(l, 1), 0);
    assert_int_equal(getsockname(l, (struct sockaddr *)&a, &al), 0);
    *tx = socket(AF_INET, SOCK_STREAM, 0);
    int small = 4096;
    setsockopt(*tx, SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
    int one = 1;
    setsockopt(*tx, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    assert_int_equal(connect(*tx, (struct sockaddr *)&a, sizeof(a)), 0);
    *rx = accept(l, NULL, NULL);
    assert_true(*rx >= 0);
    close(l);
    fcntl(*tx, F_SETFL, O_NONBLOCK);
}

static int releases;
static void count_release(void *ctx)
{
    (void)ctx;
    releases++;
}

/* Flushes until the queue is empty, draining the receiver whenever the
 * socket is full; returns the received bytes (malloc'd) and their count. */
static uint8_t *flush_all(sm_outq_t *q, sm_out_pool_t *pool, int tx, int rx, size_t *got)
{
    size_t cap = 1 << 20, n = 0;
    uint8_t *buf = malloc(cap);
    int full_rounds = 0;
    for (;;) {
        int r = sm_outq_flush(q, tx, pool, "test");
        assert_true(r >= 0);
        if (r == 1) full_rounds++;
        /* take what has arrived (all of it once the queue is empty) */
        for (;;) {
            struct pollfd p = {.fd = rx, .events = POLLIN};
            if (poll(&p, 1, r == 0 ? 200 : 10) <= 0) break;
            ssize_t k = recv(rx, buf + n, cap - n, 0);
            assert_true(k > 0);
            n += (size_t)k;
        }
        if (r == 0) break;
    }
    assert_true(full_rounds > 0); /* the small buffers really made sends partial */
    *got = n;
    return buf;
}

static void test_buffers_and_file_ranges_in_order(void **state)
{
    (void)state;
    char *dir = test_make_dir("outq");
    char path[4200];
    snprintf(path, sizeof(path), "%s/file", dir);
    int fd = open(path, O_RDWR | O_CREAT, 0644);
    uint8_t file[200000];
    for (size_t i = 0; i < sizeof(file); i++) file[i] = (uint8_t)(i * 7 + i / 251);
    assert_int_equal(write(fd, file, sizeof(file)), (ssize_t)sizeof(file));

    int tx, rx;
    tcp_pair(&tx, &rx);
    sm_out_pool_t pool = {0};
    sm_outq_t q = {0};
    static uint8_t want[1 << 20];
    size_t wn = 0;
    releases = 0;
    /* 40 responses: buffer-only ones (gathered into one sendmsg) between
     * ones that interleave buffer runs with file ranges */
    for (int i = 0; i < 40; i++) {
        sm_out_item_t *o = sm_out_take(&pool);
        uint8_t b[3000];
        size_t bl = 10 + (size_t)i * 61;
        memset(b, 'a' + i % 26, bl);
        sm_wr_raw(&o->w, b, bl);
        memcpy(want + wn, b, bl);
        wn += bl;
        if (i % 4 == 1) {
            int64_t pos = i * 1000, len = 7000 + i * 100;
            sm_wr_file(&o->w, fd, pos, (int32_t)len, count_release, NULL);
            memcpy(want + wn, file + pos, (size_t)len);
            wn += (size_t)len;
            sm_wr_raw(&o->w, "tail", 4);
            memcpy(want + wn, "tail", 4);
            wn += 4;
            if (i % 8 == 1) { /* two ranges back to back, then the end of the response */
                sm_wr_file(&o->w, fd, 50000, 30000, count_release, NULL);
                memcpy(want + wn, file + 50000, 30000);
                wn += 30000;
            }
        }
        sm_outq_push(&q, o);
    }
    assert_int_equal(q.bytes, (int64_t)wn);
    size_t got;
    uint8_t *buf = flush_all(&q, &pool, tx, rx, &got);
    assert_int_equal(got, wn);
    assert_memory_equal(buf, want, wn);
    assert_int_equal(q.bytes, 0);
    assert_null(q.head);
    assert_null(q.tail);
    assert_int_equal(releases, 10 + 5); /* each file range released once */
    assert_int_equal(pool.nspare, 32);  /* sent items are back in the pool, up to its cap */

    /* a reused item starts empty and keeps its (small) buffer */
    sm_out_item_t *o = sm_out_take(&pool);
    assert_int_equal(o->w.buf.len, 0);
    assert_true(o->w.buf.cap > 0);
    assert_int_equal(o->w.nsplices, 0);
    assert_int_equal(o->buf_sent, 0);
    /* a big buffer is not kept when the item goes back */
    sm_buf_reserve(&o->w.buf, 1 << 20);
    sm_out_give(&pool, o);
    assert_int_equal(pool.spare->w.buf.cap, 0);

    free(buf);
    sm_out_pool_free(&pool);
    assert_int_equal(pool.nspare, 0);
    close(tx);
    close(rx);
    close(fd);
    test_rm_rf(dir);
    free(dir);
}

static void test_clear_releases_unsent_ranges(void **state)
{
    (void)state;
    sm_out_pool_t pool = {0};
    sm_outq_t q = {0};
    releases = 0;
    for (int i = 0; i < 3; i++) {
        sm_out_item_t *o = sm_out_take(&pool);
        sm_wr_raw(&o->w, "head", 4);
        sm_wr_file(&o->w, -1, 0, 100, count_release, NULL);
        sm_outq_push(&q, o);
    }
    assert_int_equal(q.bytes, 3 * 104);
    sm_outq_clear(&q, &pool);
    assert_int_equal(releases, 3);
    assert_int_equal(q.bytes, 0);
    assert_null(q.head);
    assert_int_equal(pool.nspare, 3);
    sm_out_pool_free(&pool);
}

/* A peer that went away: the flush reports an error instead of blocking. */
static void test_flush_to_closed_peer_fails(void **state)
{
    (void)state;
    int tx, rx;
    tcp_pair(&tx, &rx);
    close(rx);
    sm_out_pool_t pool = {0};
    sm_outq_t q = {0};
    int r = 0;
    for (int round = 0; round < 50 && r >= 0; round++) {
        sm_out_item_t *o = sm_out_take(&pool);
        uint8_t b[8192] = {0};
        sm_wr_raw(&o->w, b, sizeof(b));
        sm_outq_push(&q, o);
        r = sm_outq_flush(&q, tx, &pool, "test");
        if (r == 1) usleep(10000);
    }
    assert_int_equal(r, -1);
    sm_outq_clear(&q, &pool);
    sm_out_pool_free(&pool);
    close(tx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buffers_and_file_ranges_in_order),
        cmocka_unit_test(test_clear_releases_unsent_ranges),
        cmocka_unit_test(test_flush_to_closed_peer_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
