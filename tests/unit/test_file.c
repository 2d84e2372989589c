/* util/file.c: sm_mkdirs and the atomic file writers. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "test_dirs.h"
#include "util/file.h"

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static void test_mkdirs(void **state)
{
    (void)state;
    char *root = test_make_dir("mkdirs");
    char p[4200];
    snprintf(p, sizeof(p), "%s/a/b//c", root);
    assert_int_equal(sm_mkdirs(p), 0); /* every missing parent */
    assert_true(is_dir(p));
    assert_int_equal(sm_mkdirs(p), 0); /* existing: fine */
    snprintf(p, sizeof(p), "%s/a/b/", root);
    assert_int_equal(sm_mkdirs(p), 0);
    snprintf(p, sizeof(p), "%s/file", root);
    assert_int_equal(sm_write_file_atomic(p, "x", 1, 0644), 0);
    assert_int_equal(sm_mkdirs(p), -ENOTDIR); /* a file in the way */
    snprintf(p, sizeof(p), "%s/file/sub", root);
    assert_int_equal(sm_mkdirs(p), -ENOTDIR);
    test_rm_rf(root);
    free(root);
}

static void test_write_file_atomic(void **state)
{
    (void)state;
    char *root = test_make_dir("atomic");
    char p[4200], buf[16] = {0};
    snprintf(p, sizeof(p), "%s/f", root);
    assert_int_equal(sm_write_file_atomic(p, "old", 3, 0600), 0);
    assert_int_equal(sm_write_file_replace(p, "newer", 5, 0600), 0);
    int fd = open(p, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(read(fd, buf, sizeof(buf)), 5);
    close(fd);
    assert_string_equal(buf, "newer");
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    snprintf(p, sizeof(p), "%s/f.tmp", root);
    assert_int_not_equal(access(p, F_OK), 0); /* no leftover */
    test_rm_rf(root);
    free(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mkdirs),
        cmocka_unit_test(test_write_file_atomic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
