/* test-job-detail.c — the job detail's charts, run selection and width
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ork-chart-palette.h"
#include "ork-job-detail.h"
#include "ork-jobs-page.h"
#include "ork-run-strip.h"
#include "ork-series-chart.h"

/* 2026-11-26T00:00:00Z */
#define START_US (G_GINT64_CONSTANT (1795651200) * G_USEC_PER_SEC)
#define MINUTE_US (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define HOUR_US (60 * MINUTE_US)

/* A job every minute that fails, times out and retries now and then, a job
 * that never runs by itself, and a command with long words. */
static const char workspace_json[] =
  "{\"version\": 1, \"settings\": {\"timezone\": \"UTC\", \"seed\": 7}, \"jobs\": ["
  " {\"id\": \"flaky\", \"name\": \"Flaky batch\", \"type\": \"batch\","
  "  \"schedule\": {\"kind\": \"interval\", \"every\": \"1m\"},"
  "  \"retry\": {\"max_retries\": 2, \"initial\": \"1s\"}, \"timeout\": \"20s\","
  "  \"simulation\": {\"latency\": {\"median\": \"2s\", \"p99\": \"30s\"}, \"failure_rate\": 0.25}},"
  " {\"id\": \"by_hand\", \"name\": \"Run by hand\", \"type\": \"batch\","
  "  \"schedule\": {\"kind\": \"manual\"}},"
  " {\"id\": \"long_command_with_a_long_identifier_that_does_not_wrap_easily\","
  "  \"name\": \"A command job whose name is much longer than a narrow window is wide\","
  "  \"type\": \"command\", \"schedule\": {\"kind\": \"cron\", \"expr\": \"*/15 9-17 * * 1-5\"},"
  "  \"command\": {\"argv\": [\"/usr/local/lib/orkestron/helpers/synchronise-everything-now\","
  "   \"--destination=/srv/backups/very/deep/directory/structure/for/testing\"],"
  "   \"cwd\": \"/home/someone/a/rather/long/working/directory/path\"},"
  "  \"tags\": [\"a-very-long-tag-name-without-spaces-at-all\"]}"
  "]}";

static char *tmp_dir;
static guint n_copies;

typedef struct
{
  OrkSession   *session;
  GtkWindow    *window;
  OrkJobsPage  *page;
  OrkJobDetail *detail;
} Fixture;

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
on_tick_count (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  (*(guint *) user_data)++;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  on_tick_count (widget, clock, user_data);
  return G_SOURCE_CONTINUE;
}

static void
wait_frames (GtkWidget *widget,
             guint      n)
{
  guint frames = 0;
  guint id = gtk_widget_add_tick_callback (widget, tick_cb, &frames, NULL);

  for (guint i = 0; i < 100000 && frames < n; i++)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (widget, id);
  g_assert_cmpuint (frames, >=, n);
}

static void
fixture_open (Fixture *f,
              int      width)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("detail-%u.json", ++n_copies);
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

  g_file_set_contents (path, workspace_json, -1, &error);
  g_assert_no_error (error);
  f->session = ork_session_new_for_file (path, &error);
  g_assert_no_error (error);
  ork_session_start_simulation (f->session, START_US, 1, NULL);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, width, 900);
  f->page = ORK_JOBS_PAGE (ork_jobs_page_new (f->session));
  f->detail = ORK_JOB_DETAIL (ork_jobs_page_get_detail (f->page));
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  iterate ();
}

static void
fixture_close (Fixture *f)
{
  gtk_window_destroy (f->window);
  iterate ();
  ork_session_stop (f->session);
  g_clear_object (&f->session);
}

static void
on_fast_forwarded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (ork_session_fast_forward_finish (ORK_SESSION (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
fast_forward_to (OrkSession *session,
                 gint64      target_us)
{
  gboolean done = FALSE;

  ork_session_fast_forward (session, target_us, NULL, on_fast_forwarded, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Shows @job_id's detail, caught up with the engine. */
static void
show_job (Fixture    *f,
          const char *job_id)
{
  g_assert_true (ork_jobs_page_select_job (f->page, job_id));
  iterate ();
  ork_job_detail_refresh (f->detail);
  wait_frames (GTK_WIDGET (f->detail), 2);
}

/* The job's finished attempts and skips as the history has them, oldest
 * first. */
static GPtrArray *
history_records (Fixture    *f,
                 const char *job_id)
{
  OrkHistory *history = ork_session_get_history (f->session);
  g_autoptr(GPtrArray) runs = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) ork_record_free);
  g_autoptr(GError) error = NULL;

  g_assert_true (ork_history_flush (history, &error));
  runs = ork_history_list_runs_between (history, job_id, 0, G_MAXINT64, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < runs->len; i++)
    {
      const OrkHistoryRun *run = runs->pdata[i];
      g_autoptr(GPtrArray) attempts = ork_history_list_attempts (history, job_id, run->run_id,
                                                                 &error);

      g_assert_no_error (error);
      for (guint j = 0; j < attempts->len; j++)
        g_ptr_array_add (out, ork_record_copy (attempts->pdata[j]));
    }
  return out;
}

/* A job that has not run shows "No runs yet" instead of its charts. */
static void
test_empty (void)
{
  Fixture f = { 0 };
  GtkWidget *strip;

  fixture_open (&f, 1280);
  fast_forward_to (f.session, START_US + 10 * MINUTE_US);
  show_job (&f, "by_hand");
  strip = ork_job_detail_get_run_strip (f.detail);
  g_assert_true (ork_job_detail_get_charts_empty (f.detail));
  g_assert_cmpuint (ork_run_strip_get_n_bars (ORK_RUN_STRIP (strip)), ==, 0);
  g_assert_cmpuint (ork_job_detail_get_n_runs (f.detail), ==, 0);

  /* Its first run ends: the charts show it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "jobs.run-now", NULL));
  fast_forward_to (f.session, START_US + 20 * MINUTE_US);
  ork_job_detail_refresh (f.detail);
  g_assert_false (ork_job_detail_get_charts_empty (f.detail));
  g_assert_cmpuint (ork_run_strip_get_n_bars (ORK_RUN_STRIP (strip)), ==, 1);
  g_assert_cmpuint (ork_run_strip_get_bar (ORK_RUN_STRIP (strip), 0)->run_id, ==, 1);
  fixture_close (&f);
}

/* The strip has one bar per recent attempt, oldest first, with the
 * history's outcome and duration, drawn in the outcome's colour. */
static void
test_strip (void)
{
  Fixture f = { 0 };
  g_autoptr(GPtrArray) records = NULL;
  OrkRunStrip *strip;
  OrkChartPalette palette;
  GskRenderNode *node;
  GtkSnapshot *snapshot;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint n, first, seen[ORK_RUN_INTERRUPTED + 1] = { 0 };
  int width, height;

  fixture_open (&f, 1280);
  fast_forward_to (f.session, START_US + 3 * HOUR_US);
  show_job (&f, "flaky");
  strip = ORK_RUN_STRIP (ork_job_detail_get_run_strip (f.detail));
  records = history_records (&f, "flaky");
  g_assert_cmpuint (records->len, >, ORK_JOB_DETAIL_STRIP_ATTEMPTS);

  n = ork_run_strip_get_n_bars (strip);
  g_assert_cmpuint (n, ==, ORK_JOB_DETAIL_STRIP_ATTEMPTS);
  first = records->len - n;
  for (guint i = 0; i < n; i++)
    {
      const OrkRunStripBar *bar = ork_run_strip_get_bar (strip, i);
      const OrkRecord *r = records->pdata[first + i];

      g_assert_cmpuint (bar->run_id, ==, r->run_id);
      g_assert_cmpuint (bar->attempt, ==, r->attempt);
      g_assert_cmpint (bar->state, ==, r->status);
      if (r->started_at != ORK_TIME_UNSET && r->finished_at != ORK_TIME_UNSET)
        g_assert_cmpint (bar->duration, ==, r->finished_at - r->started_at);
      else
        g_assert_cmpint (bar->duration, <, 0);
      seen[bar->state]++;
    }
  /* The scenario has each of these among the last attempts. */
  g_assert_cmpuint (seen[ORK_RUN_SUCCEEDED], >, 0);
  g_assert_cmpuint (seen[ORK_RUN_FAILED] + seen[ORK_RUN_TIMED_OUT], >, 0);

  /* The read-out names the run, the attempt, the outcome and the time taken. */
  {
    graphene_rect_t r;
    const OrkRunStripBar *bar = ork_run_strip_get_bar (strip, n - 1);
    g_autofree char *expect = g_strdup_printf ("Run %" G_GUINT64_FORMAT ", attempt %u: ",
                                               bar->run_id, bar->attempt);

    g_assert_true (ork_run_strip_get_bar_rect (strip, n - 1, &r));
    ork_run_strip_hover (strip, r.origin.x + r.size.width / 2, r.origin.y + r.size.height - 1);
    g_assert_nonnull (ork_run_strip_get_readout (strip));
    g_assert_true (g_str_has_prefix (ork_run_strip_get_readout (strip), expect));
    g_assert_nonnull (strstr (ork_run_strip_get_readout (strip), ", took "));
    ork_run_strip_hover (strip, -1, -1);
    g_assert_null (ork_run_strip_get_readout (strip));
  }

  /* Offscreen: the middle of every bar tall enough has its outcome's colour. */
  ork_chart_palette_lookup (GTK_WIDGET (strip), &palette);
  width = gtk_widget_get_width (GTK_WIDGET (strip));
  height = gtk_widget_get_height (GTK_WIDGET (strip));
  g_assert_cmpint (width, >, 0);
  snapshot = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (strip)->snapshot (GTK_WIDGET (strip), snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  gsk_render_node_unref (node);
  cairo_surface_flush (surface);
  {
    const guint8 *data = cairo_image_surface_get_data (surface);
    int stride = cairo_image_surface_get_stride (surface);
    guint checked = 0;

    for (guint i = 0; i < n; i++)
      {
        const OrkRunStripBar *bar = ork_run_strip_get_bar (strip, i);
        const GdkRGBA *ink = ork_chart_palette_state (&palette, bar->state);
        graphene_rect_t r;
        guint32 p;
        double a, red, green, blue;

        g_assert_true (ork_run_strip_get_bar_rect (strip, i, &r));
        g_assert_cmpfloat (r.size.width, >=, 3);
        /* Left to right in order, none over another. */
        if (i > 0)
          {
            graphene_rect_t prev;

            ork_run_strip_get_bar_rect (strip, i - 1, &prev);
            g_assert_cmpfloat (prev.origin.x + prev.size.width, <=, r.origin.x);
          }
        if (r.size.height < 3)
          continue;
        p = *(const guint32 *) (data + (int) (r.origin.y + r.size.height / 2) * stride +
                                (int) (r.origin.x + r.size.width / 2) * 4);
        a = ((p >> 24) & 0xff) / 255.0;
        g_assert_cmpfloat (a, >, 0);
        /* Premultiplied; the muted ink is translucent. */
        red = ((p >> 16) & 0xff) / 255.0 / a;
        green = ((p >> 8) & 0xff) / 255.0 / a;
        blue = (p & 0xff) / 255.0 / a;
        g_assert_cmpfloat (fabs (a - ink->alpha), <, 0.02);
        g_assert_cmpfloat (fabs (red - ink->red), <, 0.03);
        g_assert_cmpfloat (fabs (green - ink->green), <, 0.03);
        g_assert_cmpfloat (fabs (blue - ink->blue), <, 0.03);
        checked++;
      }
    g_assert_cmpuint (checked, >, n / 2);
  }
  cairo_surface_destroy (surface);

  /* New attempts come in while the detail is shown: the strip follows. */
  {
    guint64 last_run = ork_run_strip_get_bar (strip, n - 1)->run_id;
    gint64 deadline;

    fast_forward_to (f.session, START_US + 3 * HOUR_US + 10 * MINUTE_US);
    deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    while (ork_run_strip_get_bar (strip, ork_run_strip_get_n_bars (strip) - 1)->run_id < last_run + 9 &&
           g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpuint (ork_run_strip_get_bar (strip, ork_run_strip_get_n_bars (strip) - 1)->run_id,
                      >=, last_run + 9);
  }
  fixture_close (&f);
}

/* The cells of a table row. */
static char **
cells (GPtrArray *rows,
       guint      i)
{
  return g_strsplit (rows->pdata[i], "\t", -1);
}

/* The percentile chart shows the job's own p50/p95/p99 per window, as the
 * metrics give them for that window. */
static void
test_percentiles (void)
{
  Fixture f = { 0 };
  OrkMetrics *metrics;
  OrkSeriesChart *chart;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) minutes = g_array_new (FALSE, FALSE, sizeof (OrkMetricsPoint));
  g_auto(GStrv) headers = NULL;
  g_autofree char *unit = NULL;
  gint64 first = ORK_TIME_UNSET, window = 30 * MINUTE_US, start;
  guint compared = 0;

  fixture_open (&f, 1280);
  fast_forward_to (f.session, START_US + 7 * HOUR_US);
  show_job (&f, "flaky");
  metrics = ork_session_get_metrics (f.session);
  chart = ORK_SERIES_CHART (ork_job_detail_get_percentile_chart (f.detail));

  /* Seven hours of runs, at most 24 windows: half an hour each. */
  g_object_get (chart, "unit", &unit, NULL);
  g_assert_cmpstr (unit, ==, "Duration, per 30 min");
  g_assert_cmpuint (ork_series_chart_get_n_series (chart), ==, 3);
  rows = ork_series_chart_dup_table (chart, &headers);
  g_assert_cmpstr (headers[1], ==, "p50");
  g_assert_cmpstr (headers[2], ==, "p95");
  g_assert_cmpstr (headers[3], ==, "p99");

  /* From the window of the job's first minute in the metrics, to now. */
  ork_metrics_get_series (metrics, "flaky", ORK_METRICS_SERIES_DURATION_P50, START_US,
                          START_US + 8 * HOUR_US, minutes);
  for (guint i = 0; i < minutes->len && first == ORK_TIME_UNSET; i++)
    if (isfinite (g_array_index (minutes, OrkMetricsPoint, i).value))
      first = g_array_index (minutes, OrkMetricsPoint, i).time;
  g_assert_cmpint (first, !=, ORK_TIME_UNSET);
  start = first / window * window;
  g_assert_cmpuint (rows->len, ==, (START_US + 7 * HOUR_US + MINUTE_US - start + window - 1) / window);

  for (guint i = 0; i < rows->len; i++)
    {
      g_auto(GStrv) row = cells (rows, i);
      g_autoptr(OrkHistogram) h = ork_metrics_get_histogram (metrics, "flaky", ORK_METRICS_DURATION,
                                                             start + i * window,
                                                             start + (i + 1) * window);
      static const double q[3] = { 0.5, 0.95, 0.99 };

      for (guint k = 0; k < 3; k++)
        {
          g_autofree char *expect = ork_chart_axis_format (ork_histogram_get_count (h) > 0
                                                           ? ork_histogram_get_percentile (h, q[k])
                                                           : NAN,
                                                           ORK_AXIS_FORMAT_DURATION);

          g_assert_cmpstr (row[k + 1], ==, expect);
        }
      compared += ork_histogram_get_count (h) > 0;
    }
  g_assert_cmpuint (compared, >=, 13);

  /* Hovering a window reads its numbers out. */
  {
    g_auto(GStrv) row = cells (rows, 5);
    g_autofree char *p50 = g_strdup_printf ("p50 %s", row[1]);
    double x = ork_series_chart_time_to_x (chart, start + 5 * window + window / 2);

    g_assert_true (isfinite (x));
    ork_series_chart_hover (chart, x, 80);
    g_assert_nonnull (ork_series_chart_get_readout (chart));
    g_assert_nonnull (strstr (ork_series_chart_get_readout (chart), p50));
  }
  fixture_close (&f);
}

/* Selecting a run (a bar of the strip, or from the Timeline) expands its
 * row, loading more of the history when it is further back, and scrolls it
 * into view. */
static void
test_select_run (void)
{
  Fixture f = { 0 };
  GtkScrolledWindow *scroller;
  OrkRunStrip *strip;
  GtkWidget *row = NULL;
  GtkListBox *list;
  graphene_point_t at;
  g_autofree char *prefix = NULL;
  guint64 run_id;

  fixture_open (&f, 1280);
  fast_forward_to (f.session, START_US + 3 * HOUR_US);
  show_job (&f, "flaky");
  strip = ORK_RUN_STRIP (ork_job_detail_get_run_strip (f.detail));
  scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_template_child (GTK_WIDGET (f.detail),
                                                                 ORK_TYPE_JOB_DETAIL,
                                                                 "runs_scroller"));
  list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (f.detail), ORK_TYPE_JOB_DETAIL,
                                                      "runs_list"));
  g_assert_cmpuint (ork_job_detail_get_n_runs (f.detail), ==, ORK_JOB_DETAIL_PAGE);

  /* The strip's oldest bar: further back than the first page. */
  run_id = ork_run_strip_get_bar (strip, 0)->run_id;
  g_assert_false (ork_job_detail_get_run_expanded (f.detail, run_id));
  {
    graphene_rect_t r;

    /* What a click there hits. */
    g_assert_true (ork_run_strip_get_bar_rect (strip, 0, &r));
    g_assert_cmpint (ork_run_strip_bar_at (strip, r.origin.x + r.size.width / 2,
                                           r.origin.y + r.size.height / 2), ==, 0);
  }
  ork_run_strip_activate_bar (strip, 0);
  g_assert_true (ork_job_detail_get_run_expanded (f.detail, run_id));
  g_assert_cmpuint (ork_job_detail_get_n_runs (f.detail), >, ORK_JOB_DETAIL_PAGE);
  prefix = g_strdup_printf ("Run %" G_GUINT64_FORMAT " ", run_id);
  for (int i = 0; (row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, i))) != NULL; i++)
    if (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), prefix))
      break;
  g_assert_nonnull (row);
  wait_frames (GTK_WIDGET (f.detail), 4);
  g_assert_true (gtk_widget_compute_point (row, GTK_WIDGET (scroller), &GRAPHENE_POINT_INIT (0, 0),
                                           &at));
  g_assert_cmpfloat (at.y, >=, 0);
  g_assert_cmpfloat (at.y, <, gtk_widget_get_height (GTK_WIDGET (scroller)) - 20);
  g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (scroller)), >, 0);

  /* From elsewhere (the Timeline's "Show in Jobs", through
   * ork_window_show_job ()): another job was shown, on another tab; the
   * job is selected, then its first run at once. */
  show_job (&f, "by_hand");
  gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (f.detail),
                                                                              ORK_TYPE_JOB_DETAIL,
                                                                              "sections")),
                                    "settings");
  g_assert_true (ork_jobs_page_select_job (f.page, "flaky"));
  ork_job_detail_select_run (f.detail, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (f.detail),
                                                                                              ORK_TYPE_JOB_DETAIL,
                                                                                              "sections"))),
                   ==, "runs");
  g_assert_true (ork_job_detail_get_run_expanded (f.detail, 1));
  g_assert_cmpuint (ork_job_detail_get_n_runs (f.detail), >=, 180);

  /* The keyboard's way: the newest bar, then Enter. */
  {
    guint64 newest = ork_run_strip_get_bar (strip, ork_run_strip_get_n_bars (strip) - 1)->run_id;

    g_assert_false (ork_job_detail_get_run_expanded (f.detail, newest));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (strip), "strip.last", NULL));
    g_assert_nonnull (strstr (ork_run_strip_get_readout (strip), "Run "));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (strip), "strip.activate", NULL));
    g_assert_true (ork_job_detail_get_run_expanded (f.detail, newest));
  }

  /* A run the job never had changes nothing. */
  ork_job_detail_select_run (f.detail, 100000);
  g_assert_false (ork_job_detail_get_run_expanded (f.detail, 100000));
  fixture_close (&f);
}

static void
expand_all (GtkWidget *widget)
{
  if (ADW_IS_EXPANDER_ROW (widget) &&
      adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (widget)))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (widget), TRUE);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    expand_all (c);
}

/* The detail fits a 360 px window, with long names, commands and expanded
 * runs on every tab. */
static void
test_min_width (void)
{
  Fixture f = { 0 };
  static const char *jobs[] = { "flaky", "long_command_with_a_long_identifier_that_does_not_wrap_easily" };

  fixture_open (&f, 1280);
  fast_forward_to (f.session, START_US + 2 * HOUR_US);
  for (guint j = 0; j < G_N_ELEMENTS (jobs); j++)
    {
      GtkWidget *content = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f.detail),
                                                                      ORK_TYPE_JOB_DETAIL, "stack"));
      int min = 0;

      show_job (&f, jobs[j]);
      expand_all (GTK_WIDGET (f.detail));
      iterate ();
      /* What the detail's content needs, whatever width the page asks of it. */
      gtk_widget_measure (content, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      g_assert_cmpint (min, <=, 360);
      gtk_widget_measure (GTK_WIDGET (f.detail), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL,
                          NULL);
      g_assert_cmpint (min, <=, 360);
    }

  /* The Jobs page with the detail open fits a 360 px window. */
  for (int k = 0; k < 3; k++)
    {
      gtk_window_set_default_size (f.window, k == 1 ? 361 : 360, 700);
      wait_frames (GTK_WIDGET (f.window), 3);
    }
  {
    int min = 0;

    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f.detail)));
    gtk_widget_measure (GTK_WIDGET (f.page), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
    g_assert_cmpint (min, <=, 360);
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f.detail)), <=, 360);
  }
  fixture_close (&f);
}

/* With ORK_TEST_PNG_DIR set, keeps pictures of the detail (light, dark,
 * narrow) there, to look at. */
static void
keep_png (GtkWidget  *widget,
          const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("ORK_TEST_PNG_DIR"), name, NULL);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  wait_frames (widget, 3);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  /* The window's background, as the screen shows it. */
  if (node != NULL)
    gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
}

static void
test_pictures (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  Fixture f = { 0 };

  if (g_getenv ("ORK_TEST_PNG_DIR") == NULL)
    {
      g_test_skip ("ORK_TEST_PNG_DIR is not set");
      return;
    }
  fixture_open (&f, 1280);
  fast_forward_to (f.session, START_US + 5 * HOUR_US);
  show_job (&f, "flaky");
  keep_png (GTK_WIDGET (f.window), "detail-light.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  keep_png (GTK_WIDGET (f.window), "detail-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_set_default_size (f.window, 360, 900);
  wait_frames (GTK_WIDGET (f.window), 3);
  gtk_window_set_default_size (f.window, 361, 900);
  wait_frames (GTK_WIDGET (f.window), 3);
  gtk_window_set_default_size (f.window, 360, 900);
  wait_frames (GTK_WIDGET (f.window), 3);
  keep_png (GTK_WIDGET (f.window), "detail-narrow.png");
  ork_job_detail_select_run (f.detail, 290);
  keep_png (GTK_WIDGET (f.window), "detail-narrow-run.png");
  show_job (&f, "by_hand");
  keep_png (GTK_WIDGET (f.window), "detail-empty.png");
  show_job (&f, "long_command_with_a_long_identifier_that_does_not_wrap_easily");
  gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (f.detail),
                                                                              ORK_TYPE_JOB_DETAIL,
                                                                              "sections")),
                                    "settings");
  keep_png (GTK_WIDGET (f.window), "detail-narrow-settings.png");
  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  tmp_dir = g_dir_make_tmp ("orkestron-job-detail-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", tmp_dir, TRUE);
  g_setenv ("XDG_STATE_HOME", tmp_dir, TRUE);

  if (!gtk_init_check ())
    {
      printf ("1..0 # SKIP no display\n");
      return 0;
    }
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/gui/job-detail/empty", test_empty);
  g_test_add_func ("/gui/job-detail/strip", test_strip);
  g_test_add_func ("/gui/job-detail/percentiles", test_percentiles);
  g_test_add_func ("/gui/job-detail/select-run", test_select_run);
  g_test_add_func ("/gui/job-detail/min-width", test_min_width);
  g_test_add_func ("/gui/job-detail/pictures", test_pictures);

  return g_test_run ();
}
