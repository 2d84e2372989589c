/* Process-wide logging to stderr with a level and timestamp. Thread-safe. */
#ifndef SM_LOGGING_H
#define SM_LOGGING_H

enum { SM_LOG_DEBUG, SM_LOG_INFO, SM_LOG_WARN, SM_LOG_ERROR };

extern int sm_log_level;

void sm_logf(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define sm_debug(...) do { if (sm_log_level <= SM_LOG_DEBUG) sm_logf(SM_LOG_DEBUG, __VA_ARGS__); } while (0)
#define sm_info(...) sm_logf(SM_LOG_INFO, __VA_ARGS__)
#define sm_warn(...) sm_logf(SM_LOG_WARN, __VA_ARGS__)
#define sm_error(...) sm_logf(SM_LOG_ERROR, __VA_ARGS__)

#endif
