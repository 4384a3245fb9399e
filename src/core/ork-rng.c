/* ork-rng.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-rng"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ork-rng.h"

/* The generator is xoshiro256** (Blackman and Vigna): 256 bits of state,
 * period 2^256 − 1, passes BigCrush. Its state is filled from SplitMix64,
 * which also serves as the finaliser of the seed hash. Everything works on
 * integer values only, so the same inputs give the same numbers on every
 * platform, whatever its byte order or pointer size. */

#define GOLDEN_GAMMA G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)

static inline guint64
rotl64 (guint64 x,
        int     k)
{
  return (x << k) | (x >> (64 - k));
}

/* The SplitMix64 output function: a bijection on 64-bit values with good
 * avalanche (every input bit flips each output bit with probability ~½). */
static inline guint64
mix64 (guint64 z)
{
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline guint64
splitmix64_next (guint64 *x)
{
  *x += GOLDEN_GAMMA;
  return mix64 (*x);
}

/* Folds one 64-bit word into the running hash. For a fixed @h, distinct
 * words give distinct results, and the order of the words matters. */
static inline guint64
absorb (guint64 h,
        guint64 word)
{
  return mix64 (h ^ (mix64 (word) + GOLDEN_GAMMA)) + rotl64 (h, 23);
}

static void
seed_state (OrkRng  *rng,
            guint64  seed)
{
  guint64 x = seed;

  for (guint i = 0; i < 4; i++)
    rng->s[i] = splitmix64_next (&x);

  /* SplitMix64 never yields four zero words in a row, but keep the
   * all-zero state (a fixed point of xoshiro) impossible by construction. */
  if ((rng->s[0] | rng->s[1] | rng->s[2] | rng->s[3]) == 0)
    rng->s[0] = GOLDEN_GAMMA;
}

void
ork_rng_init (OrkRng  *rng,
              guint64  seed)
{
  g_return_if_fail (rng != NULL);

  seed_state (rng, seed);
}

void
ork_rng_init_for (OrkRng       *rng,
                  guint64       seed,
                  const char   *job_id,
                  gint64        nominal_us,
                  guint         attempt,
                  OrkRngStream  stream)
{
  const guchar *bytes;
  gsize len;
  guint64 h;

  g_return_if_fail (rng != NULL);

  if (job_id == NULL)
    job_id = "";

  bytes = (const guchar *) job_id;
  len = strlen (job_id);

  h = absorb (G_GUINT64_CONSTANT (0x6f726b2d726e6721), seed);

  /* The id's bytes are read as little-endian 64-bit words, zero-padded at
   * the end; the length follows, so "a" and "a\0" style ambiguities cannot
   * arise. */
  for (gsize i = 0; i < len; i += 8)
    {
      guint64 word = 0;

      for (gsize j = 0; j < 8 && i + j < len; j++)
        word |= (guint64) bytes[i + j] << (8 * j);
      h = absorb (h, word);
    }
  h = absorb (h, (guint64) len);
  h = absorb (h, (guint64) nominal_us);
  h = absorb (h, (guint64) attempt);
  h = absorb (h, (guint64) stream);

  seed_state (rng, h);
}

guint64
ork_rng_next (OrkRng *rng)
{
  guint64 *s;
  guint64 result;
  guint64 t;

  g_return_val_if_fail (rng != NULL, 0);

  s = rng->s;
  result = rotl64 (s[1] * 5, 7) * 9;
  t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl64 (s[3], 45);

  return result;
}

double
ork_rng_uniform (OrkRng *rng)
{
  g_return_val_if_fail (rng != NULL, 0.0);

  /* The top 53 bits, scaled: every double of the form k·2^-53. */
  return (double) (ork_rng_next (rng) >> 11) * 0x1.0p-53;
}

gint64
ork_rng_range (OrkRng *rng,
               gint64  lo,
               gint64  hi)
{
  guint64 span;
  guint64 threshold;
  guint64 x;

  g_return_val_if_fail (rng != NULL, lo);
  g_return_val_if_fail (lo <= hi, lo);

  /* Unsigned arithmetic: wraps to 0 for the full 64-bit range. */
  span = (guint64) hi - (guint64) lo + 1;
  if (span == 0)
    return (gint64) ork_rng_next (rng);

  /* Reject the lowest (2^64 mod span) values so that every residue is
   * equally likely. The rejection probability is below ½, and tiny for the
   * spans used in practice. */
  threshold = (0 - span) % span;
  do
    x = ork_rng_next (rng);
  while (x < threshold);

  return (gint64) ((guint64) lo + x % span);
}

double
ork_rng_normal (OrkRng *rng)
{
  double u1;
  double u2;

  g_return_val_if_fail (rng != NULL, 0.0);

  /* Box–Muller, cosine branch only: always exactly two draws, so callers
   * can rely on a fixed consumption of the stream. 1 − u lies in (0, 1],
   * which keeps log() finite. */
  u1 = 1.0 - ork_rng_uniform (rng);
  u2 = ork_rng_uniform (rng);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}
