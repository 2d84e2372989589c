/* Wall clock and monotonic time in milliseconds / microseconds. */
#ifndef SM_CLOCK_H
#define SM_CLOCK_H

#include <stdint.h>

int64_t sm_now_ms(void);       /* wall clock, ms since the epoch (record timestamps) */
int64_t sm_mono_ms(void);      /* monotonic ms (timeouts) */
int64_t sm_mono_us(void);

#endif
