/* test-sim-worker.c — the simulated worker and the PRNG under it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "ork-rng.h"
#include "ork-sim-worker.h"

#define N_DRAWS 20000
#define SEC(s) ((gint64) (s) * G_USEC_PER_SEC)

/* A fixed instant: 2026-11-26T10:00:00Z. */
#define T0 G_GINT64_CONSTANT (1795687200000000)

/* ---- PRNG ---------------------------------------------------------------- */

static void
test_rng_known_values (void)
{
  OrkRng rng;
  guint64 first[4];

  /* xoshiro256** from a hand-set state, checked against the algorithm worked
   * by hand: the first output of state {1, 2, 3, 4} is rotl(2·5, 7)·9. */
  rng.s[0] = 1;
  rng.s[1] = 2;
  rng.s[2] = 3;
  rng.s[3] = 4;
  g_assert_cmphex (ork_rng_next (&rng), ==, G_GUINT64_CONSTANT (11520));
  /* After one step: s = {7, 0, 262146, 211106232532992}; output rotl(0, 7)·9. */
  g_assert_cmphex (rng.s[0], ==, 7);
  g_assert_cmphex (rng.s[1], ==, 0);
  g_assert_cmphex (rng.s[2], ==, 262146);
  g_assert_cmphex (rng.s[3], ==, G_GUINT64_CONSTANT (211106232532992));
  g_assert_cmphex (ork_rng_next (&rng), ==, 0);

  /* Seeding is a pure function of the seed. */
  ork_rng_init (&rng, 12345);
  for (guint i = 0; i < 4; i++)
    first[i] = ork_rng_next (&rng);
  ork_rng_init (&rng, 12345);
  for (guint i = 0; i < 4; i++)
    g_assert_cmphex (ork_rng_next (&rng), ==, first[i]);

  /* Seeding fills the state from SplitMix64, whose published outputs for
   * seed 0 begin e220a8397b1dcdaf 6e789e6aa1b965f4. */
  ork_rng_init (&rng, 0);
  g_assert_cmphex (rng.s[0], ==, G_GUINT64_CONSTANT (0xe220a8397b1dcdaf));
  g_assert_cmphex (rng.s[1], ==, G_GUINT64_CONSTANT (0x6e789e6aa1b965f4));
  g_assert_true ((rng.s[0] | rng.s[1] | rng.s[2] | rng.s[3]) != 0);
  g_assert_cmphex (ork_rng_next (&rng), !=, ork_rng_next (&rng));
}

static guint64
first_of (guint64       seed,
          const char   *job_id,
          gint64        nominal_us,
          guint         attempt,
          OrkRngStream  stream)
{
  OrkRng rng;

  ork_rng_init_for (&rng, seed, job_id, nominal_us, attempt, stream);
  return ork_rng_next (&rng);
}

static void
test_rng_init_for (void)
{
  guint64 base = first_of (1, "sync_001", T0, 1, ORK_RNG_STREAM_OUTCOME);
  g_autofree char *copy = g_strdup ("sync_001");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  static guint64 values[2000];

  /* Depends on the id's contents, not on its address. */
  g_assert_cmphex (first_of (1, copy, T0, 1, ORK_RNG_STREAM_OUTCOME), ==, base);

  /* Every input matters. */
  g_assert_cmphex (first_of (2, "sync_001", T0, 1, ORK_RNG_STREAM_OUTCOME), !=, base);
  g_assert_cmphex (first_of (1, "sync_002", T0, 1, ORK_RNG_STREAM_OUTCOME), !=, base);
  g_assert_cmphex (first_of (1, "sync_001", T0 + 1, 1, ORK_RNG_STREAM_OUTCOME), !=, base);
  g_assert_cmphex (first_of (1, "sync_001", T0, 2, ORK_RNG_STREAM_OUTCOME), !=, base);
  g_assert_cmphex (first_of (1, "sync_001", T0, 1, ORK_RNG_STREAM_RETRY_JITTER), !=, base);
  g_assert_cmphex (first_of (1, "sync_001", T0, 1, ORK_RNG_STREAM_START_JITTER), !=, base);

  /* Ids that differ only in length or past the first word, or swap fields. */
  g_assert_cmphex (first_of (1, "sync_0011", T0, 1, 0), !=, first_of (1, "sync_001", T0, 1, 0));
  g_assert_cmphex (first_of (1, "abcdefgh_x", T0, 1, 0), !=,
                   first_of (1, "abcdefgh_y", T0, 1, 0));
  g_assert_cmphex (first_of (1, "", 2, 1, 0), !=, first_of (1, "", 1, 2, 0));
  g_assert_cmphex (first_of (1, NULL, T0, 1, 0), ==, first_of (1, "", T0, 1, 0));

  /* No collisions among neighbouring inputs. */
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *id = g_strdup_printf ("job_%03u", i % 100);

      values[i] = first_of (7, id, T0 + SEC (i / 100), 1 + i % 3, 0);
      g_assert_false (g_hash_table_contains (seen, &values[i]));
      g_hash_table_add (seen, &values[i]);
    }

  /* Pinned value: the hash reads bytes as little-endian words and uses no
   * pointer or platform-dependent hash, so this holds on every machine. A
   * change here changes every simulation's records. */
  g_assert_cmphex (base, ==, G_GUINT64_CONSTANT (0x5bccb0ee924eda50));
}

static void
test_rng_uniform (void)
{
  OrkRng rng;
  guint buckets[10] = { 0 };
  double sum = 0;
  const guint n = 100000;

  ork_rng_init (&rng, 99);
  for (guint i = 0; i < n; i++)
    {
      double u = ork_rng_uniform (&rng);

      g_assert_cmpfloat (u, >=, 0.0);
      g_assert_cmpfloat (u, <, 1.0);
      buckets[(guint) (u * 10)]++;
      sum += u;
    }

  g_assert_cmpfloat (fabs (sum / n - 0.5), <, 0.005);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpuint (ABS ((int) buckets[i] - (int) (n / 10)), <, 500);
}

static void
test_rng_range (void)
{
  OrkRng rng;
  guint counts[7] = { 0 };
  const guint n = 70000;
  gboolean seen_lo = FALSE, seen_hi = FALSE;

  ork_rng_init (&rng, 5);
  for (guint i = 0; i < n; i++)
    {
      gint64 v = ork_rng_range (&rng, -3, 3);

      g_assert_cmpint (v, >=, -3);
      g_assert_cmpint (v, <=, 3);
      counts[v + 3]++;
    }
  for (guint i = 0; i < 7; i++)
    g_assert_cmpuint (ABS ((int) counts[i] - 10000), <, 450);

  /* A single value, and the extremes of the type. */
  g_assert_cmpint (ork_rng_range (&rng, 42, 42), ==, 42);
  for (guint i = 0; i < 1000; i++)
    {
      gint64 v = ork_rng_range (&rng, G_MAXINT64 - 1, G_MAXINT64);

      g_assert_cmpint (v, >=, G_MAXINT64 - 1);
      seen_lo |= v == G_MAXINT64 - 1;
      seen_hi |= v == G_MAXINT64;
    }
  g_assert_true (seen_lo && seen_hi);
  (void) ork_rng_range (&rng, G_MININT64, G_MAXINT64);

  /* A span just above 2^63 rejects almost half of all words; the result
   * must still be in range and roughly centred. */
  {
    gint64 lo = G_MININT64 / 2 - 1000;
    gint64 hi = G_MAXINT64 / 2 + 1000;
    guint below = 0;

    for (guint i = 0; i < 10000; i++)
      {
        gint64 v = ork_rng_range (&rng, lo, hi);

        g_assert_cmpint (v, >=, lo);
        g_assert_cmpint (v, <=, hi);
        below += v < 0;
      }
    g_assert_cmpuint (below, >, 4700);
    g_assert_cmpuint (below, <, 5300);
  }
}

static void
test_rng_normal (void)
{
  OrkRng a, b;
  double sum = 0, sum2 = 0;
  guint within1 = 0;
  const guint n = 100000;

  ork_rng_init (&a, 3);
  for (guint i = 0; i < n; i++)
    {
      double z = ork_rng_normal (&a);

      g_assert_true (isfinite (z));
      sum += z;
      sum2 += z * z;
      within1 += fabs (z) < 1.0;
    }
  g_assert_cmpfloat (fabs (sum / n), <, 0.02);
  g_assert_cmpfloat (fabs (sum2 / n - 1.0), <, 0.02);
  /* P(|Z| < 1) = 0.6827. */
  g_assert_cmpfloat (fabs ((double) within1 / n - 0.6827), <, 0.01);

  /* Exactly two words per draw, so callers know how far the stream moved. */
  ork_rng_init (&a, 11);
  ork_rng_init (&b, 11);
  (void) ork_rng_normal (&a);
  (void) ork_rng_next (&b);
  (void) ork_rng_next (&b);
  g_assert_cmphex (ork_rng_next (&a), ==, ork_rng_next (&b));
}

/* ---- Specs --------------------------------------------------------------- */

static void
test_type_defaults (void)
{
  static const struct { OrkJobType type; gint64 median; gint64 p99; } cases[] = {
    { ORK_JOB_TYPE_SYNC, 400, 2000 },
    { ORK_JOB_TYPE_CLEANUP, 50, 300 },
    { ORK_JOB_TYPE_BATCH, 120000, 600000 },
    { ORK_JOB_TYPE_METRICS, 20, 120 },
    { ORK_JOB_TYPE_COMMAND, 1000, 10000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OrkSimSpec) spec = ork_sim_spec_new_for_type (cases[i].type);

      g_assert_cmpint (spec->latency, ==, ORK_LATENCY_LOGNORMAL);
      g_assert_cmpint (spec->median_ms, ==, cases[i].median);
      g_assert_cmpint (spec->p99_ms, ==, cases[i].p99);
      g_assert_cmpfloat (spec->failure_rate, ==, 0.0);
      g_assert_cmpfloat (spec->hang_rate, ==, 0.0);
      g_assert_null (spec->chaos);
    }
}

static void
test_copy_equal (void)
{
  g_autoptr(OrkSimSpec) a = ork_sim_spec_new_for_type (ORK_JOB_TYPE_SYNC);
  g_autoptr(OrkSimSpec) b = NULL;
  g_autoptr(OrkSimSpec) c = ork_sim_spec_new_for_type (ORK_JOB_TYPE_CLEANUP);
  OrkSimSpec *boxed;

  ork_sim_spec_add_chaos (a, SEC (10), SEC (20), 0.5);
  b = ork_sim_spec_copy (a);
  g_assert_true (ork_sim_spec_equal (a, b));
  g_assert_true (a->chaos != b->chaos);

  g_array_index (b->chaos, OrkChaosWindow, 0).failure_rate = 0.25;
  g_assert_cmpfloat (g_array_index (a->chaos, OrkChaosWindow, 0).failure_rate, ==, 0.5);
  g_assert_false (ork_sim_spec_equal (a, b));
  g_array_index (b->chaos, OrkChaosWindow, 0).failure_rate = 0.5;
  g_assert_true (ork_sim_spec_equal (a, b));

  b->hang_rate = 0.1;
  g_assert_false (ork_sim_spec_equal (a, b));
  b->hang_rate = 0.0;
  ork_sim_spec_add_chaos (b, SEC (30), SEC (40), 1.0);
  g_assert_false (ork_sim_spec_equal (a, b));

  g_assert_false (ork_sim_spec_equal (a, c));
  g_assert_true (ork_sim_spec_equal (NULL, NULL));
  g_assert_false (ork_sim_spec_equal (NULL, c));

  /* No chaos list equals an empty one. */
  c->chaos = g_array_new (FALSE, FALSE, sizeof (OrkChaosWindow));
  {
    g_autoptr(OrkSimSpec) d = ork_sim_spec_new_for_type (ORK_JOB_TYPE_CLEANUP);

    g_assert_true (ork_sim_spec_equal (c, d));
  }

  boxed = g_boxed_copy (ORK_TYPE_SIM_SPEC, a);
  g_assert_true (ork_sim_spec_equal (a, boxed));
  g_boxed_free (ORK_TYPE_SIM_SPEC, boxed);
}

/* ---- Draws --------------------------------------------------------------- */

static OrkSimOutcome
draw (const OrkSimSpec *spec,
      guint64           seed,
      const char       *job_id,
      gint64            nominal_us,
      guint             attempt)
{
  OrkSimOutcome out = { .verdict = -1, .duration_ms = -1 };

  ork_sim_draw (spec, seed, job_id, nominal_us, attempt, nominal_us, 1.0, &out);
  return out;
}

static void
test_deterministic (void)
{
  g_autoptr(OrkSimSpec) spec = ork_sim_spec_new_for_type (ORK_JOB_TYPE_SYNC);
  OrkSimOutcome ref;
  OrkSimOutcome again;

  spec->failure_rate = 0.5;
  ref = draw (spec, 1, "sync_001", T0, 1);
  again = draw (spec, 1, "sync_001", T0, 1);
  g_assert_cmpint (ref.verdict, ==, again.verdict);
  g_assert_cmpint (ref.duration_ms, ==, again.duration_ms);

  /* Durations are drawn on a continuous scale, so any change of input
   * gives a different one. */
  g_assert_cmpint (draw (spec, 2, "sync_001", T0, 1).duration_ms, !=, ref.duration_ms);
  g_assert_cmpint (draw (spec, 1, "sync_002", T0, 1).duration_ms, !=, ref.duration_ms);
  g_assert_cmpint (draw (spec, 1, "sync_001", T0 + SEC (60), 1).duration_ms, !=,
                   ref.duration_ms);
  g_assert_cmpint (draw (spec, 1, "sync_001", T0, 2).duration_ms, !=, ref.duration_ms);
}

static void
test_rate_does_not_shift_durations (void)
{
  g_autoptr(OrkSimSpec) calm = ork_sim_spec_new_for_type (ORK_JOB_TYPE_SYNC);
  g_autoptr(OrkSimSpec) flaky = ork_sim_spec_new_for_type (ORK_JOB_TYPE_SYNC);
  guint changed = 0;

  flaky->failure_rate = 0.5;
  flaky->hang_rate = 0.1;

  for (guint i = 0; i < 1000; i++)
    {
      OrkSimOutcome a = draw (calm, 9, "sync_001", T0 + SEC (i), 1);
      OrkSimOutcome b = draw (flaky, 9, "sync_001", T0 + SEC (i), 1);

      g_assert_cmpint (a.verdict, ==, ORK_SIM_SUCCEED);
      g_assert_cmpint (a.duration_ms, ==, b.duration_ms);
      changed += b.verdict != ORK_SIM_SUCCEED;
    }
  g_assert_cmpuint (changed, >, 400);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
assert_lognormal_quantiles (OrkJobType type)
{
  g_autoptr(OrkSimSpec) spec = ork_sim_spec_new_for_type (type);
  g_autofree gint64 *d = g_new (gint64, N_DRAWS);
  double median;
  double p99;

  for (guint i = 0; i < N_DRAWS; i++)
    {
      g_autofree char *id = g_strdup_printf ("job_%u", i % 50);

      d[i] = draw (spec, 1, id, T0 + SEC (i / 50), 1).duration_ms;
      g_assert_cmpint (d[i], >=, 1);
    }
  qsort (d, N_DRAWS, sizeof (gint64), compare_gint64);
  median = d[N_DRAWS / 2];
  p99 = d[N_DRAWS * 99 / 100];

  g_test_message ("type %d: median %.0f (spec %" G_GINT64_FORMAT "), p99 %.0f (spec %"
                  G_GINT64_FORMAT ")", type, median, spec->median_ms, p99, spec->p99_ms);

  /* Tolerances are several standard errors of the estimators: about 0.6 %
   * for the median and 1.8 % for p99 with these sigmas. Metrics' median of
   * 20 ms also carries up to 0.5 ms of rounding. */
  g_assert_cmpfloat (fabs (median / spec->median_ms - 1.0), <, 0.04);
  g_assert_cmpfloat (fabs (p99 / spec->p99_ms - 1.0), <, 0.07);
}

static void
test_lognormal_quantiles (void)
{
  assert_lognormal_quantiles (ORK_JOB_TYPE_SYNC);
  assert_lognormal_quantiles (ORK_JOB_TYPE_CLEANUP);
  assert_lognormal_quantiles (ORK_JOB_TYPE_BATCH);
  assert_lognormal_quantiles (ORK_JOB_TYPE_METRICS);
  assert_lognormal_quantiles (ORK_JOB_TYPE_COMMAND);
}

static void
test_lognormal_degenerate (void)
{
  g_autoptr(OrkSimSpec) spec = ork_sim_spec_new_for_type (ORK_JOB_TYPE_SYNC);

  /* p99 == median: no spread at all. */
  spec->p99_ms = spec->median_ms = 750;
  for (guint i = 0; i < 100; i++)
    g_assert_cmpint (draw (spec, 3, "x", SEC (i), 1).duration_ms, ==, 750);

  /* Never below 1 ms, never beyond 30 days. */
  spec->median_ms = 1;
  spec->p99_ms = 2;
  for (guint i = 0; i < 2000; i++)
    g_assert_cmpint (draw (spec, 3, "x", SEC (i), 1).duration_ms, >=, 1);

  spec->median_ms = G_GINT64_CONSTANT (1) << 60;
  spec->p99_ms = G_MAXINT64;
  for (guint i = 0; i < 100; i++)
    g_assert_cmpint (draw (spec, 3, "x", SEC (i), 1).duration_ms, ==,
                     G_GINT64_CONSTANT (30) * 24 * 3600 * 1000);
}

static void
test_failure_rate (void)
{
  g_autoptr(OrkSimSpec) spec = ork_sim_spec_new_for_type (ORK_JOB_TYPE_METRICS);
  static const double rates[] = { 0.0, 0.05, 0.2, 0.5, 1.0 };

  for (guint r = 0; r < G_N_ELEMENTS (rates); r++)
    {
      guint failed = 0;

      spec->failure_rate = rates[r];
      for (guint i = 0; i < N_DRAWS; i++)
        {
          OrkSimOutcome out = draw (spec, 4, "metrics_001", T0 + SEC (i), 1 + i % 4);

          g_assert_cmpint (out.verdict, !=, ORK_SIM_HANG);
          failed += out.verdict == ORK_SIM_FAIL;
        }

      g_test_message ("rate %.2f: %u of %u failed", rates[r], failed, N_DRAWS);
      if (rates[r] == 0.0)
        g_assert_cmpuint (failed, ==, 0);
      else if (rates[r] == 1.0)
        g_assert_cmpuint (failed, ==, N_DRAWS);
      else
        g_assert_cmpfloat (fabs ((double) failed / N_DRAWS - rates[r]), <, 0.012);
    }
}

static void
test_multiplier (void)
{
  g_autoptr(OrkSimSpec) spec = ork_sim_spec_new_for_type (ORK_JOB_TYPE_SYNC);
  guint failed = 0;

  /* 0.6 × 2 is clamped to 1: every attempt fails. */
  spec->failure_rate = 0.6;
  for (guint i = 0; i < 2000; i++)
    {
      OrkSimOutcome out;

      ork_sim_draw (spec, 1, "sync_001", T0 + SEC (i), 1, T0 + SEC (i), 2.0, &out);
      g_assert_cmpint (out.verdict, ==, ORK_SIM_FAIL);
      g_assert_cmpint (out.duration_ms, >=, 1);
    }

  /* 0.6 × 0.5 = 0.3, and a multiplier of 0 turns failures off. */
  for (guint i = 0; i < N_DRAWS; i++)
    {
      OrkSimOutcome out;

      ork_sim_draw (spec, 1, "sync_001", T0 + SEC (i), 1, T0 + SEC (i), 0.5, &out);
      failed += out.verdict == ORK_SIM_FAIL;
      ork_sim_draw (spec, 1, "sync_001", T0 + SEC (i), 1, T0 + SEC (i), 0.0, &out);
      g_assert_cmpint (out.verdict, ==, ORK_SIM_SUCCEED);
    }
  g_assert_cmpfloat (fabs ((double) failed / N_DRAWS - 0.3), <, 0.012);

  /* A negative or NaN product counts as 0. */
  {
    OrkSimOutcome out;

    ork_sim_draw (spec, 1, "sync_001", T0, 1, T0, -3.0, &out);
    g_assert_cmpint (out.verdict, ==, ORK_SIM_SUCCEED);
    ork_sim_draw (spec, 1, "sync_001", T0, 1, T0, NAN, &out);
    g_assert_cmpint (out.verdict, ==, ORK_SIM_SUCCEED);
  }
}

static void
test_chaos (void)
{
  g_autoptr(OrkSimSpec) spec = ork_sim_spec_new_for_type (ORK_JOB_TYPE_SYNC);

  spec->failure_rate = 0.1;
  ork_sim_spec_add_chaos (spec, T0 + SEC (100), T0 + SEC (200), 1.0);
  ork_sim_spec_add_chaos (spec, T0 + SEC (150), T0 + SEC (160), 0.0);

  /* Half-open [from, to); the later window wins where they overlap. */
  g_assert_cmpfloat (ork_sim_spec_failure_rate_at (spec, T0 + SEC (100) - 1), ==, 0.1);
  g_assert_cmpfloat (ork_sim_spec_failure_rate_at (spec, T0 + SEC (100)), ==, 1.0);
  g_assert_cmpfloat (ork_sim_spec_failure_rate_at (spec, T0 + SEC (150)), ==, 0.0);
  g_assert_cmpfloat (ork_sim_spec_failure_rate_at (spec, T0 + SEC (160)), ==, 1.0);
  g_assert_cmpfloat (ork_sim_spec_failure_rate_at (spec, T0 + SEC (200) - 1), ==, 1.0);
  g_assert_cmpfloat (ork_sim_spec_failure_rate_at (spec, T0 + SEC (200)), ==, 0.1);

  /* The rate in force at the start decides, not the nominal time. */
  for (guint i = 0; i < 500; i++)
    {
      OrkSimOutcome out;

      ork_sim_draw (spec, 1, "sync_001", T0 + SEC (i), 1, T0 + SEC (120), 1.0, &out);
      g_assert_cmpint (out.verdict, ==, ORK_SIM_FAIL);
      ork_sim_draw (spec, 1, "sync_001", T0 + SEC (120), 1, T0 + SEC (155), 1.0, &out);
      g_assert_cmpint (out.verdict, ==, ORK_SIM_SUCCEED);
    }

  /* A chaos rate is scaled by the multiplier too. */
  spec->failure_rate = 0.0;
  g_array_index (spec->chaos, OrkChaosWindow, 0).failure_rate = 0.5;
  for (guint i = 0; i < 500; i++)
    {
      OrkSimOutcome out;

      ork_sim_draw (spec, 1, "sync_001", T0 + SEC (i), 1, T0 + SEC (110), 2.0, &out);
      g_assert_cmpint (out.verdict, ==, ORK_SIM_FAIL);
      ork_sim_draw (spec, 1, "sync_001", T0 + SEC (i), 1, T0 + SEC (10), 2.0, &out);
      g_assert_cmpint (out.verdict, ==, ORK_SIM_SUCCEED);
    }
}

static void
test_hang (void)
{
  g_autoptr(OrkSimSpec) spec = ork_sim_spec_new_for_type (ORK_JOB_TYPE_SYNC);
  guint hung = 0;
  guint failed = 0;

  /* Hang is drawn first: with both at 1, every attempt hangs. */
  spec->hang_rate = 1.0;
  spec->failure_rate = 1.0;
  for (guint i = 0; i < 500; i++)
    g_assert_cmpint (draw (spec, 1, "sync_001", T0 + SEC (i), 1).verdict, ==, ORK_SIM_HANG);

  /* Hang 0.1, failure 0.5: 10 % hang, half of the rest fail. */
  spec->hang_rate = 0.1;
  spec->failure_rate = 0.5;
  for (guint i = 0; i < N_DRAWS; i++)
    {
      OrkSimVerdict verdict = draw (spec, 1, "sync_001", T0 + SEC (i), 1).verdict;

      hung += verdict == ORK_SIM_HANG;
      failed += verdict == ORK_SIM_FAIL;
    }
  g_assert_cmpfloat (fabs ((double) hung / N_DRAWS - 0.1), <, 0.01);
  g_assert_cmpfloat (fabs ((double) failed / N_DRAWS - 0.45), <, 0.015);
}

static void
test_fixed_model (void)
{
  g_autoptr(OrkSimSpec) spec = ork_sim_spec_new_for_type (ORK_JOB_TYPE_BATCH);

  spec->latency = ORK_LATENCY_FIXED;
  spec->fixed_ms = 1234;
  for (guint i = 0; i < 200; i++)
    g_assert_cmpint (draw (spec, 1, "b", T0 + SEC (i), 1).duration_ms, ==, 1234);

  spec->fixed_ms = 0;
  g_assert_cmpint (draw (spec, 1, "b", T0, 1).duration_ms, ==, 1);
}

static void
test_uniform_model (void)
{
  g_autoptr(OrkSimSpec) spec = ork_sim_spec_new_for_type (ORK_JOB_TYPE_BATCH);
  guint counts[11] = { 0 };
  double sum = 0;

  spec->latency = ORK_LATENCY_UNIFORM;
  spec->min_ms = 100;
  spec->max_ms = 110;
  for (guint i = 0; i < N_DRAWS; i++)
    {
      gint64 d = draw (spec, 1, "b", T0 + SEC (i), 1).duration_ms;

      g_assert_cmpint (d, >=, 100);
      g_assert_cmpint (d, <=, 110);
      counts[d - 100]++;
      sum += d;
    }

  /* Both ends are as likely as any value between. */
  for (guint i = 0; i < 11; i++)
    g_assert_cmpuint (ABS ((int) counts[i] - N_DRAWS / 11), <, 200);
  g_assert_cmpfloat (fabs (sum / N_DRAWS - 105.0), <, 0.1);

  spec->min_ms = spec->max_ms = 70;
  g_assert_cmpint (draw (spec, 1, "b", T0, 1).duration_ms, ==, 70);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/rng/known-values", test_rng_known_values);
  g_test_add_func ("/core/rng/init-for", test_rng_init_for);
  g_test_add_func ("/core/rng/uniform", test_rng_uniform);
  g_test_add_func ("/core/rng/range", test_rng_range);
  g_test_add_func ("/core/rng/normal", test_rng_normal);

  g_test_add_func ("/core/sim-worker/type-defaults", test_type_defaults);
  g_test_add_func ("/core/sim-worker/copy-equal", test_copy_equal);
  g_test_add_func ("/core/sim-worker/deterministic", test_deterministic);
  g_test_add_func ("/core/sim-worker/rate-does-not-shift-durations",
                   test_rate_does_not_shift_durations);
  g_test_add_func ("/core/sim-worker/lognormal-quantiles", test_lognormal_quantiles);
  g_test_add_func ("/core/sim-worker/lognormal-degenerate", test_lognormal_degenerate);
  g_test_add_func ("/core/sim-worker/failure-rate", test_failure_rate);
  g_test_add_func ("/core/sim-worker/multiplier", test_multiplier);
  g_test_add_func ("/core/sim-worker/chaos", test_chaos);
  g_test_add_func ("/core/sim-worker/hang", test_hang);
  g_test_add_func ("/core/sim-worker/fixed-model", test_fixed_model);
  g_test_add_func ("/core/sim-worker/uniform-model", test_uniform_model);

  return g_test_run ();
}
