/* test-histogram.c — log-bucketed histogram: percentiles against exact ones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "ork-histogram.h"

static const double quantiles[] = { 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999 };

static int
compare_int64 (const void *a,
               const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The sample at rank ceil (q n), as the histogram defines it. */
static gint64
exact_percentile (const gint64 *sorted,
                  gsize         n,
                  double        q)
{
  gsize rank = (gsize) ceil (q * (double) n);

  return sorted[CLAMP (rank, 1, n) - 1];
}

static gint64
lognormal (GRand  *rand,
           double  mu,
           double  sigma)
{
  double u1 = g_rand_double (rand), u2 = g_rand_double (rand);
  double z = sqrt (-2 * log (1 - u1)) * cos (2 * G_PI * u2);

  return (gint64) exp (mu + sigma * z);
}

static void
check_against_exact (guint         precision,
                     const gint64 *values,
                     gsize         n)
{
  g_autoptr(OrkHistogram) h = ork_histogram_new (precision);
  g_autofree gint64 *sorted = g_memdup2 (values, n * sizeof (gint64));
  double bound = 1.0 / (2 << precision);
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    {
      ork_histogram_record (h, values[i]);
      sum += values[i];
    }
  qsort (sorted, n, sizeof (gint64), compare_int64);
  g_assert_cmpuint (ork_histogram_get_count (h), ==, n);
  g_assert_cmpint (ork_histogram_get_min (h), ==, sorted[0]);
  g_assert_cmpint (ork_histogram_get_max (h), ==, sorted[n - 1]);
  g_assert_cmpfloat_with_epsilon (ork_histogram_get_mean (h), sum / n, 1e-6 * sum / n);
  for (guint i = 0; i < G_N_ELEMENTS (quantiles); i++)
    {
      double got = ork_histogram_get_percentile (h, quantiles[i]);
      gint64 want = exact_percentile (sorted, n, quantiles[i]);

      if (want == 0)
        g_assert_cmpfloat (got, ==, 0);
      else
        g_assert_cmpfloat (fabs (got - want) / want, <=, bound);
    }
  g_assert_cmpfloat (ork_histogram_get_percentile (h, 1.0), ==, sorted[n - 1]);
  g_assert_cmpfloat (ork_histogram_get_percentile (h, 0.0), ==, sorted[0]);
}

static void
test_lognormal (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261126);
  gsize n = 200000;
  g_autofree gint64 *values = g_new (gint64, n);

  /* Several shapes: around 1 ms, 1 s, 10 min, and a very wide one. */
  const double shapes[][2] = { { 7, 1 }, { 13.8, 0.5 }, { 20.2, 0.3 }, { 12, 3 } };

  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      for (gsize i = 0; i < n; i++)
        values[i] = lognormal (rand, shapes[s][0], shapes[s][1]);
      for (guint p = ORK_HISTOGRAM_PRECISION_COARSE; p <= 7; p++)
        check_against_exact (p, values, n);
    }
}

/* The fine precision keeps every percentile within 1 %. */
static void
test_fine_bound (void)
{
  g_assert_cmpfloat (1.0 / (2 << ORK_HISTOGRAM_PRECISION_FINE), <=, 0.01);
}

static void
test_every_value_small (void)
{
  /* Below 2^precision every value is exact; above, every value's bucket
   * middle is within the bound. */
  for (guint p = ORK_HISTOGRAM_PRECISION_MIN; p <= ORK_HISTOGRAM_PRECISION_MAX; p++)
    {
      double bound = 1.0 / (2 << p);
      guint last = 0;

      for (gint64 v = 0; v < 300000; v++)
        {
          guint b = ork_histogram_bucket_of (p, v);
          double mid = ork_histogram_bucket_middle (p, b);

          g_assert_cmpuint (b, >=, last);
          g_assert_cmpuint (b, <=, last + 1);
          last = b;
          if (v < (1 << p))
            g_assert_cmpfloat (mid, ==, v);
          else
            g_assert_cmpfloat (fabs (mid - v) / v, <=, bound);
        }
    }
}

static void
test_edges (void)
{
  g_autoptr(OrkHistogram) h = ork_histogram_new (ORK_HISTOGRAM_PRECISION_FINE);
  gint64 month = G_GINT64_CONSTANT (30) * 24 * 3600 * 1000000;
  guint top = ork_histogram_n_buckets (ORK_HISTOGRAM_PRECISION_FINE) - 1;

  g_assert_cmpuint (ork_histogram_bucket_of (6, ORK_HISTOGRAM_VALUE_MAX), ==, top);
  g_assert_cmpuint (ork_histogram_bucket_of (6, G_MAXINT64), ==, top);
  g_assert_cmpuint (ork_histogram_bucket_of (6, -5), ==, 0);
  g_assert_cmpuint (ork_histogram_bucket_of (6, 1), ==, 1);

  ork_histogram_record (h, 1);
  g_assert_cmpfloat (ork_histogram_get_percentile (h, 0.5), ==, 1);
  ork_histogram_record (h, month);
  g_assert_cmpint (ork_histogram_get_max (h), ==, month);
  g_assert_cmpfloat (fabs (ork_histogram_get_percentile (h, 0.99) - month) / month, <=, 0.01);
  g_assert_cmpfloat (ork_histogram_get_percentile (h, 0.5), ==, 1);

  /* Negative values count as 0; values beyond the range in the top
   * bucket, with an exact max. */
  ork_histogram_record (h, -3);
  g_assert_cmpint (ork_histogram_get_min (h), ==, 0);
  ork_histogram_record (h, G_GINT64_CONSTANT (1) << 50);
  g_assert_cmpint (ork_histogram_get_max (h), ==, G_GINT64_CONSTANT (1) << 50);
  g_assert_cmpfloat (ork_histogram_get_percentile (h, 1.0), ==, (double) (G_GINT64_CONSTANT (1) << 50));
  g_assert_cmpuint (ork_histogram_get_count (h), ==, 4);

  /* A value recorded n times. */
  ork_histogram_clear (h);
  ork_histogram_record_n (h, 1000, 7);
  g_assert_cmpuint (ork_histogram_get_count (h), ==, 7);
  g_assert_cmpfloat (ork_histogram_get_mean (h), ==, 1000);
  g_assert_cmpfloat (fabs (ork_histogram_get_percentile (h, 0.3) - 1000), <=, 1000 * 0.01);
}

static void
test_empty (void)
{
  g_autoptr(OrkHistogram) h = ork_histogram_new (ORK_HISTOGRAM_PRECISION_COARSE);
  g_autoptr(OrkHistogram) other = ork_histogram_new (ORK_HISTOGRAM_PRECISION_COARSE);

  g_assert_cmpuint (ork_histogram_get_count (h), ==, 0);
  g_assert_cmpfloat (ork_histogram_get_percentile (h, 0.5), ==, 0);
  g_assert_cmpfloat (ork_histogram_get_mean (h), ==, 0);
  g_assert_cmpint (ork_histogram_get_max (h), ==, 0);
  g_assert_cmpint (ork_histogram_get_min (h), ==, 0);
  /* No blocks until a value arrives. */
  g_assert_cmpuint (ork_histogram_get_size (h), <=, 400);
  ork_histogram_merge (h, other);
  g_assert_cmpuint (ork_histogram_get_count (h), ==, 0);
  ork_histogram_record (other, 500);
  ork_histogram_merge (h, other);
  g_assert_cmpuint (ork_histogram_get_count (h), ==, 1);
  g_assert_cmpint (ork_histogram_get_min (h), ==, 500);
}

static void
test_merge (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(OrkHistogram) all = ork_histogram_new (ORK_HISTOGRAM_PRECISION_FINE);
  g_autoptr(OrkHistogram) merged = ork_histogram_new (ORK_HISTOGRAM_PRECISION_FINE);
  g_autoptr(OrkHistogram) all_coarse = ork_histogram_new (ORK_HISTOGRAM_PRECISION_COARSE);
  g_autoptr(OrkHistogram) coarse = ork_histogram_new (ORK_HISTOGRAM_PRECISION_COARSE);
  g_autoptr(OrkHistogram) copy = NULL;

  for (guint part = 0; part < 10; part++)
    {
      g_autoptr(OrkHistogram) h = ork_histogram_new (ORK_HISTOGRAM_PRECISION_FINE);

      for (guint i = 0; i < 5000; i++)
        {
          gint64 v = lognormal (rand, 10 + part, 1);

          ork_histogram_record (h, v);
          ork_histogram_record (all, v);
          ork_histogram_record (all_coarse, v);
        }
      ork_histogram_merge (merged, h);
      /* Finer into coarser: the same as recording coarsely. */
      ork_histogram_merge (coarse, h);
    }
  g_assert_cmpuint (ork_histogram_get_count (merged), ==, 50000);
  g_assert_cmpint (ork_histogram_get_min (merged), ==, ork_histogram_get_min (all));
  g_assert_cmpint (ork_histogram_get_max (merged), ==, ork_histogram_get_max (all));
  for (guint i = 0; i < G_N_ELEMENTS (quantiles); i++)
    {
      g_assert_cmpfloat (ork_histogram_get_percentile (merged, quantiles[i]), ==,
                         ork_histogram_get_percentile (all, quantiles[i]));
      g_assert_cmpfloat (ork_histogram_get_percentile (coarse, quantiles[i]), ==,
                         ork_histogram_get_percentile (all_coarse, quantiles[i]));
    }
  copy = ork_histogram_copy (merged);
  ork_histogram_merge (copy, merged);
  g_assert_cmpuint (ork_histogram_get_count (copy), ==, 100000);
  g_assert_cmpfloat (ork_histogram_get_percentile (copy, 0.9), ==,
                     ork_histogram_get_percentile (all, 0.9));
}

static void
test_size (void)
{
  g_autoptr(OrkHistogram) h = ork_histogram_new (7);

  for (gint64 v = 0; v <= ORK_HISTOGRAM_VALUE_MAX; v = v * 2 + 1)
    ork_histogram_record (h, v);
  /* Every block: 36 × 128 counts. */
  g_assert_cmpuint (ork_histogram_get_size (h), <=, 36 * 128 * 4 + 400);
  g_assert_cmpuint (ork_histogram_n_buckets (7), ==, 36 * 128);
  g_assert_cmpuint (ork_histogram_n_buckets (5), ==, 38 * 32);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/histogram/lognormal", test_lognormal);
  g_test_add_func ("/core/histogram/fine-bound", test_fine_bound);
  g_test_add_func ("/core/histogram/every-value", test_every_value_small);
  g_test_add_func ("/core/histogram/edges", test_edges);
  g_test_add_func ("/core/histogram/empty", test_empty);
  g_test_add_func ("/core/histogram/merge", test_merge);
  g_test_add_func ("/core/histogram/size", test_size);
  return g_test_run ();
}
