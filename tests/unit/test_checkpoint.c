/* Unit tests of Kafka offset checkpoint files (src/log/checkpoint.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log/checkpoint.h"

static char dir[64];
static char path[128];

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/samsa-test-ckpt-XXXXXX");
    if (!mkdtemp(dir)) return -1;
    snprintf(path, sizeof(path), "%s/recovery-point-offset-checkpoint", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char p[160];
    unlink(path);
    snprintf(p, sizeof(p), "%s.tmp", path);
    unlink(p);
    rmdir(dir);
    return 0;
}

static void write_text(const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static char *read_text(void)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = 0;
    fclose(f);
    return buf;
}

static void test_round_trip(void **state)
{
    (void)state;
    sm_checkpoint_entry_t in[3] = {
        {"orders", 0, 12345},
        {"__consumer_offsets", 49, 0},
        {"a.b_c-d", 2147483647, 9223372036854775807LL},
    };
    assert_int_equal(sm_checkpoint_write(path, in, 3), 0);
    /* Exactly Kafka's text. */
    assert_string_equal(read_text(), "0\n3\norders 0 12345\n__consumer_offsets 49 0\n"
                                     "a.b_c-d 2147483647 9223372036854775807\n");
    char tmp[160];
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    assert_int_equal(access(tmp, F_OK), -1); /* renamed away */

    sm_checkpoint_entry_t *out;
    int n;
    assert_int_equal(sm_checkpoint_read(path, &out, &n), 0);
    assert_int_equal(n, 3);
    for (int i = 0; i < 3; i++) {
        assert_string_equal(out[i].topic, in[i].topic);
        assert_int_equal(out[i].partition, in[i].partition);
        assert_int_equal(out[i].offset, in[i].offset);
    }
    sm_checkpoint_free(out, n);

    /* Overwrite with fewer entries, then none. */
    assert_int_equal(sm_checkpoint_write(path, in, 1), 0);
    assert_int_equal(sm_checkpoint_read(path, &out, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(out[0].topic, "orders");
    sm_checkpoint_free(out, n);
    assert_int_equal(sm_checkpoint_write(path, NULL, 0), 0);
    assert_string_equal(read_text(), "0\n0\n");
    assert_int_equal(sm_checkpoint_read(path, &out, &n), 0);
    assert_int_equal(n, 0);
    sm_checkpoint_free(out, n);
}

static void test_missing_file(void **state)
{
    (void)state;
    sm_checkpoint_entry_t *out = (void *)1;
    int n = -1;
    assert_int_equal(sm_checkpoint_read(path, &out, &n), 0);
    assert_int_equal(n, 0);
    assert_null(out);
}

static void test_tolerated_forms(void **state)
{
    (void)state;
    sm_checkpoint_entry_t *out;
    int n;
    /* Runs of whitespace between fields (Kafka splits on \s+), no final newline. */
    write_text("0\n2\nt1  3\t-1\nt2 0 7");
    assert_int_equal(sm_checkpoint_read(path, &out, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(out[0].topic, "t1");
    assert_int_equal(out[0].partition, 3);
    assert_int_equal(out[0].offset, -1);
    assert_string_equal(out[1].topic, "t2");
    assert_int_equal(out[1].offset, 7);
    sm_checkpoint_free(out, n);
}

static void test_malformed(void **state)
{
    (void)state;
    const char *bad[] = {
        "",                                 /* no version */
        "1\n0\n",                           /* unknown version */
        "0\n",                              /* no count */
        "0\nx\n",                           /* count not a number */
        "0\n-1\n",                          /* negative count */
        "0\n2\nt 0 1\n",                    /* fewer entries than the count */
        "0\n1\nt 0 1\nu 0 2\n",             /* more entries than the count */
        "0\n1\nt 0\n",                      /* missing field */
        "0\n1\nt 0 1 2\n",                  /* extra field */
        "0\n1\nt x 1\n",                    /* partition not a number */
        "0\n1\nt -1 1\n",                   /* negative partition */
        "0\n1\nt 0 1x\n",                   /* trailing junk */
        "0\n1\nt 0 99999999999999999999\n", /* offset overflows int64 */
        "0\n1\nt 2147483648 0\n",           /* partition overflows int32 */
        "0\n999999999\nt 0 1\n",            /* absurd count: must not allocate it */
        "\x01\x02garbage\xff\n",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        write_text(bad[i]);
        sm_checkpoint_entry_t *out = (void *)1;
        int n = -1;
        assert_int_equal(sm_checkpoint_read(path, &out, &n), -1);
        assert_int_equal(n, 0);
        assert_null(out);
    }
}

static void test_write_rejects_bad_topics(void **state)
{
    (void)state;
    sm_checkpoint_entry_t in[1] = {{"has space", 0, 1}};
    assert_true(sm_checkpoint_write(path, in, 1) < 0);
    in[0].topic = "";
    assert_true(sm_checkpoint_write(path, in, 1) < 0);
    assert_int_equal(access(path, F_OK), -1); /* nothing written */
    /* Unwritable location. */
    sm_checkpoint_entry_t ok[1] = {{"t", 0, 1}};
    assert_true(sm_checkpoint_write("/nonexistent-dir/x", ok, 1) < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tolerated_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_rejects_bad_topics, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
