/* test-chart-axis.c — the value axes of the metrics charts: nice linear ticks,
 * log ticks over durations, and their labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "ork-chart-axis.h"

#define MS  1e3
#define SEC 1e6

static guint
count_major (GArray *ticks)
{
  guint n = 0;

  for (guint i = 0; i < ticks->len; i++)
    n += g_array_index (ticks, OrkAxisTick, i).major;
  return n;
}

static const OrkAxisTick *
tick (GArray *ticks,
      guint   i)
{
  g_assert_cmpuint (i, <, ticks->len);
  return &g_array_index (ticks, OrkAxisTick, i);
}

static void
test_nice_step (void)
{
  g_assert_cmpfloat (ork_chart_axis_nice_step (97, 5), ==, 20);
  g_assert_cmpfloat (ork_chart_axis_nice_step (100, 5), ==, 20);
  g_assert_cmpfloat (ork_chart_axis_nice_step (100, 10), ==, 10);
  g_assert_cmpfloat (ork_chart_axis_nice_step (7, 4), ==, 2);
  g_assert_cmpfloat (ork_chart_axis_nice_step (0.9, 4), ==, 0.5);
  g_assert_cmpfloat_with_epsilon (ork_chart_axis_nice_step (0.03, 3), 0.01, 1e-12);
  g_assert_cmpfloat (ork_chart_axis_nice_step (3000, 3), ==, 1000);
  /* Nothing to cut. */
  g_assert_cmpfloat (ork_chart_axis_nice_step (0, 5), ==, 1);
  g_assert_cmpfloat (ork_chart_axis_nice_step (-4, 5), ==, 1);
}

static void
test_linear_ticks (void)
{
  g_autoptr(GArray) ticks = NULL;
  g_autoptr(GArray) percent = NULL;
  g_autoptr(GArray) flat = NULL;
  double lo, hi;

  ticks = ork_chart_axis_linear_ticks (0, 97, 5, ORK_AXIS_FORMAT_NUMBER, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 0);
  g_assert_cmpfloat (hi, ==, 100);
  g_assert_cmpuint (ticks->len, ==, 6);
  for (guint i = 0; i < ticks->len; i++)
    {
      g_autofree char *expected = g_strdup_printf ("%u", i * 20);

      g_assert_cmpfloat (tick (ticks, i)->value, ==, i * 20.0);
      g_assert_true (tick (ticks, i)->major);
      g_assert_cmpstr (tick (ticks, i)->label, ==, expected);
    }

  /* A failure rate: 0 to 30 % in steps of 10 %. */
  percent = ork_chart_axis_linear_ticks (0, 0.23, 3, ORK_AXIS_FORMAT_PERCENT, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (hi, 0.3, 1e-12);
  g_assert_cmpuint (percent->len, ==, 4);
  g_assert_cmpstr (tick (percent, 0)->label, ==, "0 %");
  g_assert_cmpstr (tick (percent, 1)->label, ==, "10 %");
  g_assert_cmpstr (tick (percent, 3)->label, ==, "30 %");

  /* One value still gets an axis with room above it. */
  flat = ork_chart_axis_linear_ticks (4, 4, 5, ORK_AXIS_FORMAT_NUMBER, &lo, &hi);
  g_assert_cmpfloat (lo, <=, 4);
  g_assert_cmpfloat (hi, >, lo);
  g_assert_cmpuint (flat->len, >=, 2);
}

static void
test_duration_ticks (void)
{
  g_autoptr(GArray) ticks = NULL;
  double lo, hi;

  /* Durations step by round durations, not by 1/2/5 of a microsecond count:
   * 0 to 3.5 min in 4 steps is a minute each. */
  ticks = ork_chart_axis_linear_ticks (0, 210 * SEC, 4, ORK_AXIS_FORMAT_DURATION, &lo, &hi);
  g_assert_cmpfloat (hi, ==, 240 * SEC);
  g_assert_cmpuint (ticks->len, ==, 5);
  g_assert_cmpstr (tick (ticks, 1)->label, ==, "1 min");
  g_assert_cmpstr (tick (ticks, 4)->label, ==, "4 min");
}

static void
test_log_ticks (void)
{
  g_autoptr(GArray) wide = NULL;
  g_autoptr(GArray) narrow = NULL;
  g_autoptr(GArray) crowded = NULL;
  double lo, hi, last = 0;

  /* 3 ms to 7 s with room for 5 labels: the decades. */
  wide = ork_chart_axis_log_ticks (3 * MS, 7 * SEC, 5, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 1 * MS);
  g_assert_cmpfloat (hi, ==, 10 * SEC);
  g_assert_cmpuint (count_major (wide), ==, 5);
  {
    const char *expected[] = { "1 ms", "10 ms", "100 ms", "1 s", "10 s" };
    guint k = 0;

    for (guint i = 0; i < wide->len; i++)
      {
        const OrkAxisTick *t = tick (wide, i);

        g_assert_cmpfloat (t->value, >, last);
        last = t->value;
        g_assert_true (t->major == (t->label != NULL));
        if (t->major)
          g_assert_cmpstr (t->label, ==, expected[k++]);
      }
    /* And the 2s and 5s between them as minor ticks. */
    g_assert_cmpuint (wide->len, ==, 13);
  }

  /* A narrow range labels the 2s and 5s too. */
  narrow = ork_chart_axis_log_ticks (120 * MS, 900 * MS, 6, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 100 * MS);
  g_assert_cmpfloat (hi, ==, 1 * SEC);
  g_assert_cmpuint (count_major (narrow), ==, 4);
  g_assert_cmpstr (tick (narrow, 1)->label, ==, "200 ms");

  /* Microseconds to days with room for 4: only some units, spread evenly. */
  crowded = ork_chart_axis_log_ticks (1, 2 * 86400 * SEC, 4, &lo, &hi);
  g_assert_cmpuint (count_major (crowded), <=, 4);
  g_assert_cmpuint (count_major (crowded), >=, 2);
  g_assert_cmpstr (tick (crowded, 0)->label, ==, "1 µs");
}

static void
test_scale (void)
{
  OrkAxisScale linear = { 0, 200, FALSE };
  OrkAxisScale log_scale = { 1 * MS, 10 * SEC, TRUE };

  g_assert_cmpfloat (ork_axis_scale_fraction (&linear, 50), ==, 0.25);
  g_assert_cmpfloat (ork_axis_scale_value (&linear, 0.75), ==, 150);
  /* Each decade takes a quarter of a four-decade axis. */
  g_assert_cmpfloat_with_epsilon (ork_axis_scale_fraction (&log_scale, 10 * MS), 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (ork_axis_scale_fraction (&log_scale, 1 * SEC), 0.75, 1e-9);
  g_assert_cmpfloat_with_epsilon (ork_axis_scale_value (&log_scale, 0.5), 100 * MS, 1e-6);
}

static void
test_labels (void)
{
  const struct { double value; OrkAxisFormat format; const char *text; } cases[] = {
    { 12, ORK_AXIS_FORMAT_NUMBER, "12" },
    { 0.25, ORK_AXIS_FORMAT_NUMBER, "0.25" },
    { 12500, ORK_AXIS_FORMAT_NUMBER, "12500" },
    { 0.125, ORK_AXIS_FORMAT_PERCENT, "12.5 %" },
    { 1, ORK_AXIS_FORMAT_PERCENT, "100 %" },
    { 850, ORK_AXIS_FORMAT_DURATION, "850 µs" },
    { 12.5 * MS, ORK_AXIS_FORMAT_DURATION, "12.5 ms" },
    { 60 * SEC, ORK_AXIS_FORMAT_DURATION, "1 min" },
    { 90 * SEC, ORK_AXIS_FORMAT_DURATION, "1 min 30 s" },
    { 6 * 3600 * SEC, ORK_AXIS_FORMAT_DURATION, "6 h" },
    { 2 * 86400 * SEC, ORK_AXIS_FORMAT_DURATION, "2 d" },
    { NAN, ORK_AXIS_FORMAT_NUMBER, "—" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ork_chart_axis_format (cases[i].value, cases[i].format);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/axis/nice-step", test_nice_step);
  g_test_add_func ("/charts/axis/linear", test_linear_ticks);
  g_test_add_func ("/charts/axis/duration", test_duration_ticks);
  g_test_add_func ("/charts/axis/log", test_log_ticks);
  g_test_add_func ("/charts/axis/scale", test_scale);
  g_test_add_func ("/charts/axis/labels", test_labels);

  return g_test_run ();
}
