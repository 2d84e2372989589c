/*
 * Small files replaced atomically: metadata, checkpoints and config files
 * are written to `<path>.tmp`, fsynced, renamed over `path`, and the
 * directory fsynced so that the rename itself survives a crash. A reader
 * sees the old file or the new one, never a mix.
 */
#ifndef SM_FILE_H
#define SM_FILE_H

#include <stdbool.h>
#include <stddef.h>

/* Writes all of `len` bytes to fd, retrying short writes. Returns 0 or -errno. */
int sm_write_all(int fd, const void *data, size_t len);

/* Replaces `path` with `data` as described above. Returns 0 or -errno. */
int sm_write_file_atomic(const char *path, const void *data, size_t len, int mode);

/* The same without the fsyncs: atomic against a crash of the process (the
 * page cache survives it) but not of the machine. For files whose loss or
 * tearing is detected and survivable (checksummed snapshots). */
int sm_write_file_replace(const char *path, const void *data, size_t len, int mode);

/* mkdir -p: creates `path` and any missing parent. An existing directory
 * costs one mkdir() call (start-up opens every partition through this).
 * Returns 0, or -errno (-ENOTDIR if path exists but is not a directory). */
int sm_mkdirs(const char *path);

#endif
