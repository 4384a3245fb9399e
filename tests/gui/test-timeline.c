/* test-timeline.c — the timeline: coordinates, hit testing, drawing, zoom and pan, its page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ork-chart-palette.h"
#include "ork-job-detail.h"
#include "ork-jobs-page.h"
#include "ork-timeline-page.h"
#include "ork-timeline.h"
#include "ork-window.h"
#include "gui-render.h"

#define SEC  (G_GINT64_CONSTANT (1000000))
#define MINUTE  (60 * SEC)
#define HOUR (60 * MINUTE)
/* 2026-11-26T10:00:00Z */
#define T0 (G_GINT64_CONSTANT (1795687200) * SEC)

#define WIDTH  968
#define HEIGHT 300

static const char *workspace_json =
  "{\"version\":1,\"settings\":{\"timezone\":\"UTC\"},\"jobs\":["
  "{\"id\":\"alpha\",\"name\":\"Alpha\",\"type\":\"sync\","
  " \"schedule\":{\"kind\":\"interval\",\"every\":\"10m\"}},"
  "{\"id\":\"beta\",\"name\":\"Beta\",\"type\":\"batch\","
  " \"schedule\":{\"kind\":\"interval\",\"every\":\"1h\"}},"
  "{\"id\":\"gamma\",\"name\":\"Gamma\",\"type\":\"cleanup\","
  " \"schedule\":{\"kind\":\"interval\",\"every\":\"1h\"}}]}";

typedef struct
{
  OrkSession   *session;
  OrkTimeRange *range;
  OrkRunStore  *store;
  OrkTimeline  *timeline;
  GtkWindow    *window;
} Fixture;

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static OrkRecord *
record (const char  *job_id,
        guint64      run_id,
        guint        attempt,
        OrkRunState  status,
        gint64       queued,
        gint64       started,
        gint64       finished,
        gint64       next_retry_in)
{
  OrkRecord *r = ork_record_new ();

  r->job_id = g_strdup (job_id);
  r->run_id = run_id;
  r->attempt = attempt;
  r->status = status;
  r->reason = status == ORK_RUN_SKIPPED ? ORK_REASON_OVERLAP : ORK_REASON_SCHEDULE;
  r->nominal_at = queued;
  r->queued_at = status == ORK_RUN_SKIPPED ? ORK_TIME_UNSET : queued;
  r->started_at = status == ORK_RUN_SKIPPED ? ORK_TIME_UNSET : started;
  r->finished_at = status == ORK_RUN_SKIPPED ? ORK_TIME_UNSET : finished;
  r->decided_at = status == ORK_RUN_SKIPPED ? queued : finished;
  r->next_retry_in = next_retry_in;
  return r;
}

static void
add (Fixture   *f,
     OrkRecord *r)
{
  ork_run_store_add_record (f->store, r);
  ork_record_free (r);
}

/* Three lanes over a paused simulation at T0 + 1 h; the store holds a
 * known set of attempts; the visible span is [T0, T0 + 1 h). */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkWorkspace) workspace = ork_workspace_load_from_data (workspace_json, -1, "ws.json",
                                                                    NULL, &error);
  GtkWidget *scrolled;

  g_assert_no_error (error);
  f->session = ork_session_new (workspace, NULL);
  ork_session_start_simulation (f->session, T0 + HOUR, 1, NULL);
  f->range = ork_time_range_new ();
  f->store = ork_run_store_new ();
  f->timeline = ORK_TIMELINE (ork_timeline_new (f->range, f->store));
  ork_timeline_set_lanes (f->timeline, ork_workspace_get_jobs (workspace));

  /* alpha: queued 10:00, started 10:05, succeeded 10:10. */
  add (f, record ("alpha", 1, 1, ORK_RUN_SUCCEEDED, T0, T0 + 5 * MINUTE, T0 + 10 * MINUTE, -1));
  /* beta: failed 10:20–10:25, retried 10:30–10:40 and succeeded. */
  add (f, record ("beta", 1, 1, ORK_RUN_FAILED, T0 + 20 * MINUTE, T0 + 20 * MINUTE, T0 + 25 * MINUTE, 300000));
  add (f, record ("beta", 1, 2, ORK_RUN_SUCCEEDED, T0 + 30 * MINUTE, T0 + 30 * MINUTE, T0 + 40 * MINUTE, -1));
  /* gamma: a run skipped at 10:45, one timed out 10:50–10:55. */
  add (f, record ("gamma", 1, 0, ORK_RUN_SKIPPED, T0 + 45 * MINUTE, 0, 0, -1));
  add (f, record ("gamma", 2, 1, ORK_RUN_TIMED_OUT, T0 + 50 * MINUTE, T0 + 50 * MINUTE, T0 + 55 * MINUTE, -1));

  ork_time_range_set_whole (f->range, T0, T0 + 2 * HOUR);
  ork_time_range_set_visible (f->range, T0, T0 + HOUR);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, WIDTH, HEIGHT);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (f->timeline));
  gtk_window_set_child (f->window, scrolled);
  gtk_window_present (f->window);
  while (gtk_widget_get_width (GTK_WIDGET (f->timeline)) == 0)
    g_main_context_iteration (NULL, TRUE);
  iterate ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  iterate ();
  g_clear_object (&f->store);
  g_clear_object (&f->range);
  g_clear_object (&f->session);
}

static double
plot_width (Fixture *f)
{
  return gtk_widget_get_width (GTK_WIDGET (f->timeline)) - ork_timeline_get_plot_x (f->timeline);
}

static void
test_coordinates (Fixture       *f,
                  gconstpointer  data)
{
  double x0 = ork_timeline_get_plot_x (f->timeline);
  double w = plot_width (f);

  g_assert_cmpfloat (w, >, 300);
  /* time ↔ x */
  g_assert_cmpfloat_with_epsilon (ork_timeline_time_to_x (f->timeline, T0), x0, 1e-6);
  g_assert_cmpfloat_with_epsilon (ork_timeline_time_to_x (f->timeline, T0 + 30 * MINUTE), x0 + w / 2, 1e-6);
  g_assert_cmpfloat_with_epsilon (ork_timeline_time_to_x (f->timeline, T0 + HOUR), x0 + w, 1e-6);
  g_assert_cmpint (ork_timeline_x_to_time (f->timeline, x0 + w / 4), ==, T0 + 15 * MINUTE);

  /* lane ↔ y: the ruler is no lane, then one lane every LANE_HEIGHT. */
  g_assert_cmpint (ork_timeline_lane_at_y (f->timeline, 5), ==, -1);
  g_assert_cmpint (ork_timeline_lane_at_y (f->timeline, ORK_TIMELINE_RULER_HEIGHT + 1), ==, 0);
  g_assert_cmpint (ork_timeline_lane_at_y (f->timeline,
                                           ORK_TIMELINE_RULER_HEIGHT + 2.5 * ORK_TIMELINE_LANE_HEIGHT),
                   ==, 2);
  /* Below the last of the three lanes. */
  g_assert_cmpint (ork_timeline_lane_at_y (f->timeline,
                                           ORK_TIMELINE_RULER_HEIGHT + 3.5 * ORK_TIMELINE_LANE_HEIGHT),
                   ==, -1);
  for (guint lane = 0; lane < 3; lane++)
    g_assert_cmpint (ork_timeline_lane_at_y (f->timeline, ork_timeline_lane_y (f->timeline, lane)), ==, lane);
}

static void
test_hit_testing (Fixture       *f,
                  gconstpointer  data)
{
  OrkTimelineHit hit;
  double y_alpha = ork_timeline_lane_y (f->timeline, 0);
  double y_beta = ork_timeline_lane_y (f->timeline, 1);
  double y_gamma = ork_timeline_lane_y (f->timeline, 2);

  /* The middle of alpha's run. */
  g_assert_true (ork_timeline_hit_test (f->timeline, ork_timeline_time_to_x (f->timeline, T0 + 7 * MINUTE),
                                        y_alpha, &hit));
  g_assert_cmpint (hit.kind, ==, ORK_TIMELINE_HIT_ATTEMPT);
  g_assert_cmpuint (hit.lane, ==, 0);
  g_assert_cmpstr (ork_job_get_id (hit.job), ==, "alpha");
  g_assert_cmpint (hit.bar.status, ==, ORK_RUN_SUCCEEDED);
  /* Its queue wait is part of it too. */
  g_assert_true (ork_timeline_hit_test (f->timeline, ork_timeline_time_to_x (f->timeline, T0 + 2 * MINUTE),
                                        y_alpha, &hit));
  g_assert_cmpint (hit.bar.started_at, ==, T0 + 5 * MINUTE);
  /* After it ends: nothing; nor in another lane at that time. */
  g_assert_false (ork_timeline_hit_test (f->timeline, ork_timeline_time_to_x (f->timeline, T0 + 15 * MINUTE),
                                         y_alpha, &hit));
  g_assert_false (ork_timeline_hit_test (f->timeline, ork_timeline_time_to_x (f->timeline, T0 + 7 * MINUTE),
                                         y_beta, &hit));
  /* Between two lanes: nothing. */
  g_assert_false (ork_timeline_hit_test (f->timeline, ork_timeline_time_to_x (f->timeline, T0 + 7 * MINUTE),
                                         y_alpha + ORK_TIMELINE_LANE_HEIGHT / 2.0, &hit));

  /* beta's retry knows the attempt it retries. */
  g_assert_true (ork_timeline_hit_test (f->timeline, ork_timeline_time_to_x (f->timeline, T0 + 35 * MINUTE),
                                        y_beta, &hit));
  g_assert_cmpuint (hit.bar.attempt, ==, 2);
  g_assert_cmpint (hit.bar.retry_from, ==, T0 + 25 * MINUTE);
  g_assert_true (hit.bar.final);
  g_assert_true (ork_timeline_hit_test (f->timeline, ork_timeline_time_to_x (f->timeline, T0 + 22 * MINUTE),
                                        y_beta, &hit));
  g_assert_cmpuint (hit.bar.attempt, ==, 1);
  g_assert_cmpint (hit.bar.status, ==, ORK_RUN_FAILED);
  g_assert_false (hit.bar.final);

  /* gamma's skip, within a few pixels. */
  g_assert_true (ork_timeline_hit_test (f->timeline, ork_timeline_time_to_x (f->timeline, T0 + 45 * MINUTE) + 2,
                                        y_gamma, &hit));
  g_assert_cmpint (hit.kind, ==, ORK_TIMELINE_HIT_SKIPPED);

  /* Zoomed in on alpha's end, the same time is still found. */
  ork_time_range_set_visible (f->range, T0 + 9 * MINUTE, T0 + 11 * MINUTE);
  g_assert_true (ork_timeline_hit_test (f->timeline, ork_timeline_time_to_x (f->timeline, T0 + 9 * MINUTE + 30 * SEC),
                                        y_alpha, &hit));
  g_assert_false (ork_timeline_hit_test (f->timeline, ork_timeline_time_to_x (f->timeline, T0 + 10 * MINUTE + 30 * SEC),
                                         y_alpha, &hit));
}

/* Whether the pixel at (@x, @y) has @color (within a little rounding). */
static gboolean
pixel_is (cairo_surface_t *surface,
          double           x,
          double           y,
          const GdkRGBA   *color)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 p = *(const guint32 *) (data + (int) y * stride + (int) x * 4);
  double a = ((p >> 24) & 0xff) / 255.0;
  double r = ((p >> 16) & 0xff) / 255.0, g = ((p >> 8) & 0xff) / 255.0, b = (p & 0xff) / 255.0;

  if (a < 0.99)
    return FALSE;
  return fabs (r - color->red) < 0.02 && fabs (g - color->green) < 0.02 && fabs (b - color->blue) < 0.02;
}

static void
test_render_outcome_colours (Fixture       *f,
                             gconstpointer  data)
{
  OrkChartPalette palette;
  cairo_surface_t *surface;
  double y_alpha = ork_timeline_lane_y (f->timeline, 0);
  double y_beta = ork_timeline_lane_y (f->timeline, 1);
  int n = 0;

  ork_chart_palette_lookup (GTK_WIDGET (f->timeline), &palette);
  surface = gui_render_widget (GTK_WIDGET (f->timeline));
  /* ORK_TEST_PNG_DIR=DIR keeps the picture, to look at. */
  if (g_getenv ("ORK_TEST_PNG_DIR") != NULL)
    {
      g_autofree char *png = g_build_filename (g_getenv ("ORK_TEST_PNG_DIR"), "timeline.png", NULL);
      g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
    }

  /* Succeeded in green where alpha ran, failed in red where beta's first
   * attempt ran, green again on its retry; none of them where nothing ran. */
  g_assert_true (pixel_is (surface, ork_timeline_time_to_x (f->timeline, T0 + 7 * MINUTE), y_alpha, &palette.success));
  g_assert_true (pixel_is (surface, ork_timeline_time_to_x (f->timeline, T0 + 22 * MINUTE), y_beta, &palette.failure));
  g_assert_true (pixel_is (surface, ork_timeline_time_to_x (f->timeline, T0 + 35 * MINUTE), y_beta, &palette.success));
  g_assert_true (pixel_is (surface, ork_timeline_time_to_x (f->timeline, T0 + 52 * MINUTE),
                           ork_timeline_lane_y (f->timeline, 2), &palette.warning));
  g_assert_false (pixel_is (surface, ork_timeline_time_to_x (f->timeline, T0 + 15 * MINUTE), y_alpha, &palette.success));
  g_assert_false (pixel_is (surface, ork_timeline_time_to_x (f->timeline, T0 + 7 * MINUTE), y_beta, &palette.failure));
  /* Alpha's queue wait is a thinner lead-in: not at the bar's top edge. */
  g_assert_false (pixel_is (surface, ork_timeline_time_to_x (f->timeline, T0 + 2 * MINUTE), y_alpha - 5,
                            &palette.success));

  /* Each outcome pixel is in a bar: count the failure-coloured pixels on
   * beta's line; they span 10:20–10:25 (a twelfth of the plot). */
  for (int x = (int) ork_timeline_get_plot_x (f->timeline); x < gtk_widget_get_width (GTK_WIDGET (f->timeline)); x++)
    n += pixel_is (surface, x, y_beta + 3, &palette.failure);
  g_assert_cmpfloat (fabs (n - plot_width (f) / 12), <=, 3);
  cairo_surface_destroy (surface);
}

static void
test_dark_mode (Fixture       *f,
                gconstpointer  data)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  OrkChartPalette light, dark;

  ork_chart_palette_lookup (GTK_WIDGET (f->timeline), &light);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  iterate ();
  ork_chart_palette_lookup (GTK_WIDGET (f->timeline), &dark);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  iterate ();

  /* The text turns light; the chart has no background of its own, so it
   * shows the window's dark one. */
  g_assert_false (light.dark);
  g_assert_true (dark.dark);
  g_assert_false (gdk_rgba_equal (&light.foreground, &dark.foreground));
}

static void
test_zoom_pan_actions (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (f->timeline);
  gint64 s0 = ork_time_range_get_visible_start (f->range);
  gint64 e0 = ork_time_range_get_visible_end (f->range);

  /* + halves the span about its middle; − doubles it back. */
  gtk_widget_activate_action (widget, "timeline.zoom-in", NULL);
  g_assert_cmpint (ork_time_range_get_visible_start (f->range), ==, s0 + 15 * MINUTE);
  g_assert_cmpint (ork_time_range_get_visible_end (f->range), ==, e0 - 15 * MINUTE);
  gtk_widget_activate_action (widget, "timeline.zoom-out", NULL);
  g_assert_cmpint (ork_time_range_get_visible_start (f->range), ==, s0);
  g_assert_cmpint (ork_time_range_get_visible_end (f->range), ==, e0);

  /* Right and Left move a tenth of the span. */
  gtk_widget_activate_action (widget, "timeline.pan-right", NULL);
  g_assert_cmpint (ork_time_range_get_visible_start (f->range), ==, s0 + 6 * MINUTE);
  gtk_widget_activate_action (widget, "timeline.pan-left", NULL);
  g_assert_cmpint (ork_time_range_get_visible_start (f->range), ==, s0);

  /* Zoom to selection only with a selection. */
  g_assert_false (gtk_widget_activate_action (widget, "timeline.zoom-to-selection", NULL) &&
                  ork_time_range_get_visible_start (f->range) != s0);
  ork_time_range_select (f->range, T0 + 20 * MINUTE, T0 + 40 * MINUTE);
  g_assert_true (gtk_widget_activate_action (widget, "timeline.zoom-to-selection", NULL));
  g_assert_cmpint (ork_time_range_get_visible_start (f->range), ==, T0 + 20 * MINUTE);
  g_assert_cmpint (ork_time_range_get_visible_end (f->range), ==, T0 + 40 * MINUTE);
  gtk_widget_activate_action (widget, "timeline.clear-selection", NULL);
  g_assert_false (ork_time_range_get_selection (f->range, NULL, NULL));

  /* Home: the whole span. */
  gtk_widget_activate_action (widget, "timeline.fit", NULL);
  g_assert_cmpint (ork_time_range_get_visible_start (f->range), ==, T0);
  g_assert_cmpint (ork_time_range_get_visible_end (f->range), ==, T0 + 2 * HOUR);
}

static void
test_aggregation (Fixture       *f,
                  gconstpointer  data)
{
  OrkChartPalette palette;
  cairo_surface_t *surface;
  double y = ork_timeline_lane_y (f->timeline, 0);
  double x0 = ork_timeline_get_plot_x (f->timeline);
  double x_end = gtk_widget_get_width (GTK_WIDGET (f->timeline));
  guint drawn, failed = 0, succeeded = 0;

  /* 100,000 attempts of 30 ms in alpha's lane, one every 36 ms of the hour:
   * about 125 to a pixel. In the first half every tenth fails. */
  ork_run_store_clear (f->store);
  for (guint i = 0; i < 100000; i++)
    {
      gint64 t = T0 + (gint64) i * 36000;
      add (f, record ("alpha", i + 1, 1, i < 50000 && i % 10 == 0 ? ORK_RUN_FAILED : ORK_RUN_SUCCEEDED,
                      t, t, t + 30000, -1));
    }
  g_assert_cmpuint (ork_run_store_get_n_bars (f->store), ==, 100000);
  /* The store says it changed at the next main-loop pass. */
  iterate ();
  ork_chart_palette_lookup (GTK_WIDGET (f->timeline), &palette);
  surface = gui_render_widget (GTK_WIDGET (f->timeline));
  drawn = ork_timeline_get_n_drawn (f->timeline);

  /* A pixel column shows its worst outcome: failed all through the first
   * half, succeeded all through the second; drawn as a few spans, not as
   * 100,000 bars. */
  for (double x = x0 + 1; x < x_end - 2; x++)
    {
      if (x < x0 + plot_width (f) / 2 - 1)
        failed += pixel_is (surface, x, y, &palette.failure);
      else if (x > x0 + plot_width (f) / 2 + 1)
        succeeded += pixel_is (surface, x, y, &palette.success);
    }
  g_assert_cmpfloat (failed, >=, plot_width (f) / 2 - 4);
  g_assert_cmpfloat (succeeded, >=, plot_width (f) / 2 - 4);
  g_assert_cmpuint (drawn, >=, 2);
  g_assert_cmpuint (drawn, <=, 16);
  cairo_surface_destroy (surface);
}

static void
test_store_bounded (void)
{
  g_autoptr(OrkRunStore) store = ork_run_store_new ();
  gint64 first, last;

  ork_run_store_set_max_attempts (store, 1000);
  for (guint i = 0; i < 5000; i++)
    {
      OrkRecord *r = record ("a", i + 1, 1, ORK_RUN_SUCCEEDED, T0 + i * SEC, T0 + i * SEC,
                             T0 + i * SEC + 100, -1);
      ork_run_store_add_record (store, r);
      ork_record_free (r);
    }
  /* The oldest went; the newest stayed. */
  g_assert_cmpuint (ork_run_store_get_n_bars (store), <=, 1000);
  g_assert_cmpuint (ork_run_store_get_n_bars (store), >=, 500);
  g_assert_true (ork_run_store_get_span (store, &first, &last));
  g_assert_cmpint (last, >=, T0 + 4999 * SEC);
  g_assert_cmpint (first, >, T0 + 3000 * SEC);
}

/* The page in a window over a simulation: lanes follow the Jobs page, the
 * span follows the engine, a click keeps a run's details. */
static void
test_page_in_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkWorkspace) workspace = ork_workspace_load_from_data (workspace_json, -1, "ws.json",
                                                                    NULL, &error);
  g_autoptr(OrkSession) session = NULL;
  OrkWindow *window;
  OrkTimelinePage *page;
  OrkTimeline *timeline;
  OrkTimelineHit hit;
  GtkWidget *stack;
  gboolean found = FALSE;
  g_autofree char *tmp = NULL;
  g_autofree char *history_path = NULL;

  g_assert_no_error (error);
  session = ork_session_new (workspace, NULL);
  /* With a history, which the job detail lists runs from. */
  tmp = g_dir_make_tmp ("orkestron-timeline-XXXXXX", &error);
  g_assert_no_error (error);
  history_path = g_build_filename (tmp, "history.db", NULL);
  ork_session_start_simulation (session, T0, 1, history_path);
  g_assert_nonnull (ork_session_get_history (session));
  window = ork_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 600);
  ork_window_set_session (window, session);
  ork_session_set_running (session, FALSE);
  gtk_window_present (GTK_WINDOW (window));
  ork_window_show_page (window, "timeline");
  stack = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), ORK_TYPE_WINDOW, "stack"));
  page = ORK_TIMELINE_PAGE (adw_view_stack_get_child_by_name (ADW_VIEW_STACK (stack), "timeline"));
  timeline = ork_timeline_page_get_timeline (page);
  while (gtk_widget_get_width (GTK_WIDGET (timeline)) == 0)
    g_main_context_iteration (NULL, TRUE);

  /* Two simulated hours. */
  ork_virtual_clock_advance_to (ORK_VIRTUAL_CLOCK (ork_session_get_clock (session)), T0 + 2 * HOUR);
  iterate ();
  ork_timeline_page_update_span (page);
  g_assert_cmpint (ork_time_range_get_whole_start (ork_timeline_get_time_range (timeline)), ==, T0);
  g_assert_cmpint (ork_time_range_get_whole_end (ork_timeline_get_time_range (timeline)), >, T0 + 2 * HOUR);
  /* Fitted: it shows everything. */
  g_assert_cmpint (ork_time_range_get_visible_start (ork_timeline_get_time_range (timeline)), ==, T0);
  g_assert_nonnull (strstr (ork_timeline_page_get_span_text (page), "Thu 26 Nov 2026"));
  g_assert_nonnull (strstr (ork_timeline_page_get_span_text (page), "(UTC)"));

  /* One lane a job, in the Jobs page's order; a search narrows them. */
  g_assert_cmpuint (g_list_model_get_n_items (ork_timeline_get_lanes (timeline)), ==, 3);
  {
    OrkJobsPage *jobs = ORK_JOBS_PAGE (adw_bin_get_child (ADW_BIN (adw_view_stack_get_child_by_name (ADW_VIEW_STACK (stack), "jobs"))));
    GtkStack *page_stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (page), ORK_TYPE_TIMELINE_PAGE,
                                                                    "stack"));
    GtkWidget *legend = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), ORK_TYPE_TIMELINE_PAGE,
                                                                  "legend"));

    /* A search that hides every job: the page says so, without a legend. */
    ork_jobs_page_set_search_text (jobs, "no such job");
    iterate ();
    g_assert_cmpstr (gtk_stack_get_visible_child_name (page_stack), ==, "empty");
    g_assert_false (gtk_widget_get_visible (legend));

    ork_jobs_page_set_search_text (jobs, "gamma");
    iterate ();
    g_assert_cmpstr (gtk_stack_get_visible_child_name (page_stack), ==, "timeline");
    g_assert_true (gtk_widget_get_visible (legend));
    g_assert_cmpuint (g_list_model_get_n_items (ork_timeline_get_lanes (timeline)), ==, 1);
    ork_jobs_page_set_search_text (jobs, "");
    iterate ();
    g_assert_cmpuint (g_list_model_get_n_items (ork_timeline_get_lanes (timeline)), ==, 3);
  }

  /* Find alpha's first attempt on screen and click it. */
  for (double x = ork_timeline_get_plot_x (timeline); x < gtk_widget_get_width (GTK_WIDGET (timeline)) && !found; x++)
    for (guint lane = 0; lane < 3 && !found; lane++)
      if (ork_timeline_hit_test (timeline, x, ork_timeline_lane_y (timeline, lane), &hit) &&
          g_str_equal (ork_job_get_id (hit.job), "alpha"))
        {
          g_signal_emit_by_name (timeline, "run-activated", "alpha", hit.bar.run_id, hit.bar.attempt);
          found = TRUE;
        }
  g_assert_true (found);
  iterate ();

  /* "Show in Jobs" goes to the job. */
  {
    gboolean shown = FALSE;

    OrkJobsPage *jobs;
    OrkJobDetail *detail;

    g_assert_true (ork_history_flush (ork_session_get_history (session), NULL));
    g_signal_emit_by_name (page, "show-run", "alpha", hit.bar.run_id);
    shown = g_str_equal (ork_window_get_visible_page (window), "jobs");
    g_assert_true (shown);
    /* with the job in the detail and that run opened */
    jobs = ORK_JOBS_PAGE (adw_bin_get_child (ADW_BIN (adw_view_stack_get_child_by_name (ADW_VIEW_STACK (stack), "jobs"))));
    detail = ORK_JOB_DETAIL (ork_jobs_page_get_detail (jobs));
    iterate ();
    g_assert_cmpstr (ork_job_get_id (ork_job_detail_get_job (detail)), ==, "alpha");
    g_assert_true (ork_job_detail_get_run_expanded (detail, hit.bar.run_id));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  ork_session_stop (session);
  {
    g_autoptr(GDir) dir = g_dir_open (tmp, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (tmp, name, NULL);
        g_unlink (file);
      }
    g_rmdir (tmp);
  }
}

static void
test_describe (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkWorkspace) workspace = ork_workspace_load_from_data (workspace_json, -1, "ws.json",
                                                                    NULL, &error);
  g_autoptr(OrkSession) session = ork_session_new (workspace, NULL);
  g_autoptr(OrkTimeRange) range = ork_time_range_new ();
  GtkWidget *page;
  OrkTimeline *timeline;
  GtkWindow *window;
  OrkRunStore *store;
  OrkRecord *r;

  ork_session_start_simulation (session, T0 + HOUR, 1, NULL);
  page = ork_timeline_page_new (range);
  ork_timeline_page_set_session (ORK_TIMELINE_PAGE (page), session);
  ork_timeline_page_set_lanes (ORK_TIMELINE_PAGE (page), ork_workspace_get_jobs (workspace));
  timeline = ork_timeline_page_get_timeline (ORK_TIMELINE_PAGE (page));
  store = ork_timeline_get_store (timeline);
  r = record ("beta", 7, 2, ORK_RUN_FAILED, T0 + 20 * MINUTE, T0 + 21 * MINUTE, T0 + 25 * MINUTE, -1);
  r->has_exit_code = TRUE;
  r->exit_code = 3;
  ork_run_store_add_record (store, r);
  ork_record_free (r);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1000, 400);
  gtk_window_set_child (window, page);
  gtk_window_present (window);
  while (gtk_widget_get_width (GTK_WIDGET (timeline)) == 0)
    g_main_context_iteration (NULL, TRUE);
  /* The whole span now starts at the kept attempt. */
  ork_timeline_page_update_span (ORK_TIMELINE_PAGE (page));
  g_assert_cmpint (ork_time_range_get_whole_start (range), ==, T0 + 20 * MINUTE);
  ork_time_range_set_visible (range, T0, T0 + HOUR);
  iterate ();

  /* A click on the attempt keeps its details in words. */
  {
    OrkTimelineHit hit;
    const char *details;

    g_assert_true (ork_timeline_hit_test (timeline, ork_timeline_time_to_x (timeline, T0 + 23 * MINUTE),
                                          ork_timeline_lane_y (timeline, 1), &hit));
    g_signal_emit_by_name (timeline, "run-activated", "beta", hit.bar.run_id, hit.bar.attempt);
    details = ork_timeline_page_get_details (ORK_TIMELINE_PAGE (page));
    g_assert_nonnull (strstr (details, "Beta — run 7, attempt 2"));
    g_assert_nonnull (strstr (details, "Failed, exit status 3"));
    g_assert_nonnull (strstr (details, "Waited 1 min in the queue"));
    g_assert_nonnull (strstr (details, "ran 4 min"));
    g_assert_nonnull (strstr (details, "started 1 min after its fire time"));
    g_assert_nonnull (strstr (details, "Fire time Thu 26 Nov 2026, 10:20:00"));
  }
  gtk_window_destroy (window);
  iterate ();
}

int
main (int   argc,
      char *argv[])
{
  if (!gtk_init_check ())
    {
      printf ("1..0 # SKIP no display\n");
      return 0;
    }
  g_test_init (&argc, &argv, NULL);
  adw_init ();
  /* libadwaita 1.2's AdwFlap, revealing the job detail as Show in Jobs does
   * on a busy machine, now and then allocates the detail G_MININT wide for
   * one frame of its animation (a Gtk-WARNING, fatal here); the tests look
   * at where things end, not at animations. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/gui/timeline/coordinates", Fixture, NULL, fixture_set_up, test_coordinates, fixture_tear_down);
  g_test_add ("/gui/timeline/hit-testing", Fixture, NULL, fixture_set_up, test_hit_testing, fixture_tear_down);
  g_test_add ("/gui/timeline/render-outcome-colours", Fixture, NULL, fixture_set_up,
              test_render_outcome_colours, fixture_tear_down);
  g_test_add ("/gui/timeline/dark-mode", Fixture, NULL, fixture_set_up, test_dark_mode, fixture_tear_down);
  g_test_add ("/gui/timeline/zoom-pan-actions", Fixture, NULL, fixture_set_up, test_zoom_pan_actions,
              fixture_tear_down);
  g_test_add ("/gui/timeline/aggregation", Fixture, NULL, fixture_set_up, test_aggregation, fixture_tear_down);
  g_test_add_func ("/gui/timeline/store-bounded", test_store_bounded);
  g_test_add_func ("/gui/timeline/page-in-window", test_page_in_window);
  g_test_add_func ("/gui/timeline/describe", test_describe);

  return g_test_run ();
}
