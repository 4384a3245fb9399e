/* test-time-range.c — the spans charts share: zoom, pan, fit, select
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ork-time-range.h"

#define HOUR (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
/* 2026-11-26T00:00:00Z */
#define T0 (G_GINT64_CONSTANT (1795651200) * G_USEC_PER_SEC)

static void
count_changed (OrkTimeRange *range,
               guint        *count)
{
  (*count)++;
}

static void
test_first_whole_shows_all (void)
{
  g_autoptr(OrkTimeRange) range = ork_time_range_new ();
  guint changed = 0;

  g_signal_connect (range, "changed", G_CALLBACK (count_changed), &changed);
  ork_time_range_set_whole (range, T0, T0 + 24 * HOUR);
  g_assert_cmpint (ork_time_range_get_visible_start (range), ==, T0);
  g_assert_cmpint (ork_time_range_get_visible_end (range), ==, T0 + 24 * HOUR);
  g_assert_true (ork_time_range_get_following (range));
  /* One "changed" for the whole change, not one per property. */
  g_assert_cmpuint (changed, ==, 1);
}

static void
test_zoom_keeps_anchor (void)
{
  g_autoptr(OrkTimeRange) range = ork_time_range_new ();
  gint64 anchor = T0 + 6 * HOUR;
  double x_before, x_after;

  ork_time_range_set_whole (range, T0, T0 + 24 * HOUR);
  x_before = ork_time_range_time_to_x (range, anchor, 1000);
  ork_time_range_zoom (range, 4, anchor);
  g_assert_cmpint (ork_time_range_get_visible_width (range), ==, 6 * HOUR);
  x_after = ork_time_range_time_to_x (range, anchor, 1000);
  g_assert_cmpfloat_with_epsilon (x_before, x_after, 1e-6);
  g_assert_cmpint (ork_time_range_get_visible_start (range), ==, T0 + 6 * HOUR - 6 * HOUR / 4);
  /* Zoomed in away from the end: no longer following. */
  g_assert_false (ork_time_range_get_following (range));

  /* Zooming out by the same factor comes back. */
  ork_time_range_zoom (range, 0.25, anchor);
  g_assert_cmpint (ork_time_range_get_visible_start (range), ==, T0);
  g_assert_cmpint (ork_time_range_get_visible_end (range), ==, T0 + 24 * HOUR);
}

static void
test_zoom_limits (void)
{
  g_autoptr(OrkTimeRange) range = ork_time_range_new ();

  ork_time_range_set_whole (range, T0, T0 + 24 * HOUR);
  ork_time_range_zoom_center (range, 1e12);
  g_assert_cmpint (ork_time_range_get_visible_width (range), ==, ORK_TIME_RANGE_MIN_WIDTH);
  ork_time_range_zoom_center (range, 1e-12);
  g_assert_cmpint (ork_time_range_get_visible_width (range), ==, ORK_TIME_RANGE_MAX_WIDTH);
}

static void
test_pan_and_clamp (void)
{
  g_autoptr(OrkTimeRange) range = ork_time_range_new ();

  ork_time_range_set_whole (range, T0, T0 + 24 * HOUR);
  ork_time_range_set_visible (range, T0 + HOUR, T0 + 3 * HOUR);
  ork_time_range_pan (range, HOUR);
  g_assert_cmpint (ork_time_range_get_visible_start (range), ==, T0 + 2 * HOUR);
  g_assert_cmpint (ork_time_range_get_visible_end (range), ==, T0 + 4 * HOUR);

  /* The middle of the visible span stays inside the whole span. */
  ork_time_range_pan (range, -100 * HOUR);
  g_assert_cmpint (ork_time_range_get_visible_start (range), ==, T0 - HOUR);
  g_assert_cmpint (ork_time_range_get_visible_end (range), ==, T0 + HOUR);
  ork_time_range_pan (range, 1000 * HOUR);
  g_assert_cmpint (ork_time_range_get_visible_end (range), ==, T0 + 25 * HOUR);
  /* Panned to the end: it follows again. */
  g_assert_true (ork_time_range_get_following (range));
}

static void
test_following (void)
{
  g_autoptr(OrkTimeRange) range = ork_time_range_new ();

  ork_time_range_set_whole (range, T0, T0 + HOUR);
  /* Fitted: it grows with the whole span. */
  ork_time_range_set_whole (range, T0, T0 + 2 * HOUR);
  g_assert_cmpint (ork_time_range_get_visible_start (range), ==, T0);
  g_assert_cmpint (ork_time_range_get_visible_end (range), ==, T0 + 2 * HOUR);
  ork_time_range_set_visible (range, T0 + HOUR, T0 + 2 * HOUR);
  g_assert_true (ork_time_range_get_following (range));
  /* Time goes on: the visible hour slides with the end. */
  ork_time_range_set_whole (range, T0, T0 + 5 * HOUR);
  g_assert_cmpint (ork_time_range_get_visible_start (range), ==, T0 + 4 * HOUR);
  g_assert_cmpint (ork_time_range_get_visible_end (range), ==, T0 + 5 * HOUR);

  /* Looking back: it stays where the user put it. */
  ork_time_range_pan (range, -2 * HOUR);
  g_assert_false (ork_time_range_get_following (range));
  ork_time_range_set_whole (range, T0, T0 + 8 * HOUR);
  g_assert_cmpint (ork_time_range_get_visible_start (range), ==, T0 + 2 * HOUR);

  /* Home: all of it, growing with it. */
  ork_time_range_fit (range);
  g_assert_cmpint (ork_time_range_get_visible_start (range), ==, T0);
  g_assert_cmpint (ork_time_range_get_visible_end (range), ==, T0 + 8 * HOUR);
  g_assert_true (ork_time_range_get_following (range));
  ork_time_range_set_whole (range, T0, T0 + 9 * HOUR);
  g_assert_cmpint (ork_time_range_get_visible_start (range), ==, T0);
  g_assert_cmpint (ork_time_range_get_visible_end (range), ==, T0 + 9 * HOUR);
}

static void
test_selection (void)
{
  g_autoptr(OrkTimeRange) range = ork_time_range_new ();
  gint64 start, end;

  ork_time_range_set_whole (range, T0, T0 + 24 * HOUR);
  g_assert_false (ork_time_range_get_selection (range, NULL, NULL));
  g_assert_false (ork_time_range_zoom_to_selection (range));

  /* Dragged right to left: the same span. */
  ork_time_range_select (range, T0 + 5 * HOUR, T0 + 2 * HOUR);
  g_assert_true (ork_time_range_get_selection (range, &start, &end));
  g_assert_cmpint (start, ==, T0 + 2 * HOUR);
  g_assert_cmpint (end, ==, T0 + 5 * HOUR);
  ork_time_range_get_focus (range, &start, &end);
  g_assert_cmpint (start, ==, T0 + 2 * HOUR);

  g_assert_true (ork_time_range_zoom_to_selection (range));
  g_assert_cmpint (ork_time_range_get_visible_start (range), ==, T0 + 2 * HOUR);
  g_assert_cmpint (ork_time_range_get_visible_end (range), ==, T0 + 5 * HOUR);

  /* A click (empty span) clears it; the focus is the visible span again. */
  ork_time_range_select (range, T0 + HOUR, T0 + HOUR);
  g_assert_false (ork_time_range_get_selection (range, NULL, NULL));
  ork_time_range_get_focus (range, &start, &end);
  g_assert_cmpint (start, ==, T0 + 2 * HOUR);
  g_assert_cmpint (end, ==, T0 + 5 * HOUR);
}

static void
test_mapping (void)
{
  g_autoptr(OrkTimeRange) range = ork_time_range_new ();

  ork_time_range_set_whole (range, T0, T0 + 24 * HOUR);
  ork_time_range_set_visible (range, T0, T0 + 10 * HOUR);
  g_assert_cmpfloat_with_epsilon (ork_time_range_time_to_x (range, T0 + 5 * HOUR, 800), 400, 1e-9);
  g_assert_cmpfloat_with_epsilon (ork_time_range_time_to_x (range, T0 - HOUR, 800), -80, 1e-9);
  g_assert_cmpint (ork_time_range_x_to_time (range, 80, 800), ==, T0 + HOUR);
  for (int x = 0; x <= 800; x += 7)
    g_assert_cmpfloat_with_epsilon (ork_time_range_time_to_x (range, ork_time_range_x_to_time (range, x, 800), 800),
                                    x, 1e-6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/time-range/first-whole", test_first_whole_shows_all);
  g_test_add_func ("/charts/time-range/zoom-anchor", test_zoom_keeps_anchor);
  g_test_add_func ("/charts/time-range/zoom-limits", test_zoom_limits);
  g_test_add_func ("/charts/time-range/pan-clamp", test_pan_and_clamp);
  g_test_add_func ("/charts/time-range/following", test_following);
  g_test_add_func ("/charts/time-range/selection", test_selection);
  g_test_add_func ("/charts/time-range/mapping", test_mapping);

  return g_test_run ();
}
