/* fuzz-common.h — shared by the fuzz targets in tests/fuzz/
 *
 * Each fuzz-NAME.c defines one entry point, LLVMFuzzerTestOneInput for
 * libFuzzer; fuzz-replay.c compiles the same file with
 * -DORK_FUZZ_ENTRY=ork_fuzz_NAME so that the corpus can be replayed in the
 * normal test suite without libFuzzer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef ORK_FUZZ_ENTRY
#define ORK_FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

int ORK_FUZZ_ENTRY (const uint8_t *data,
                    size_t         size);

/* A finding: say what and where, then abort so that libFuzzer keeps the
 * input and the replay test fails. */
#define FUZZ_CHECK(cond) \
  do \
    { \
      if (!(cond)) \
        { \
          fprintf (stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #cond); \
          abort (); \
        } \
    } \
  while (0)

/* Reads fixed-size values from the front of the input, zeros when it ends. */
typedef struct
{
  const uint8_t *data;
  size_t         size;
} FuzzInput;

static inline uint64_t
fuzz_take_u64 (FuzzInput *in,
               unsigned   n_bytes)
{
  uint64_t value = 0;

  for (unsigned i = 0; i < n_bytes; i++)
    {
      value <<= 8;
      if (in->size > 0)
        {
          value |= in->data[0];
          in->data++;
          in->size--;
        }
    }
  return value;
}
