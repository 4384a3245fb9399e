/* test-metrics-page.c — the Metrics page over a simulated sample workspace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ork-chart-palette.h"
#include "ork-metrics-page.h"
#include "ork-time-axis.h"
#include "gui-render.h"

/* 2026-11-26T00:00:00Z */
#define START_US (G_GINT64_CONSTANT (1795651200) * G_USEC_PER_SEC)
#define HOUR_US  (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define SIMULATED (8 * HOUR_US)

static char *tmp_dir;

typedef struct
{
  OrkSession     *session;
  OrkTimeRange   *range;
  GtkWindow      *window;
  OrkMetricsPage *page;
} Fixture;

/* The page of the test running: its charts follow a change one a frame. */
static OrkMetricsPage *current_page;

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  while (current_page != NULL && gtk_widget_get_mapped (GTK_WIDGET (current_page)) &&
         ork_metrics_page_get_n_pending_charts (current_page) > 0)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Lets the frame clock lay @widget out (it does so on its own timer). */
static void
wait_for_size (GtkWidget *widget)
{
  for (guint i = 0; i < 1000 && gtk_widget_get_width (widget) <= 0; i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (gtk_widget_get_width (widget), >, 0);
  iterate ();
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  guint *frames = user_data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

/* Lets @widget go through @n frames (a style change shows at the next). */
static void
wait_frames (GtkWidget *widget,
             guint      n)
{
  guint frames = 0;
  guint id = gtk_widget_add_tick_callback (widget, on_tick, &frames, NULL);

  for (guint i = 0; i < 10000 && frames < n; i++)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (widget, id);
  g_assert_cmpuint (frames, >=, n);
}

static void
on_fast_forward_done (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GMainLoop *loop = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (ork_session_fast_forward_finish (ORK_SESSION (object), result, &error));
  g_assert_no_error (error);
  g_main_loop_quit (loop);
}

static void
fast_forward (Fixture *f,
              gint64   target)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  ork_session_fast_forward (f->session, target, NULL, on_fast_forward_done, loop);
  g_main_loop_run (loop);
  ork_metrics_flush (ork_session_get_metrics (f->session));
  iterate ();
}

static void
fixture_open (Fixture *f,
              int      width,
              gboolean simulate)
{
  g_autofree char *path = g_build_filename (g_getenv ("ORK_SAMPLES_DIR"), "demo.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkWorkspace) workspace = ork_workspace_load_from_file (path, NULL, &error);

  g_assert_no_error (error);
  f->session = ork_session_new (workspace, NULL);
  ork_session_start_simulation (f->session, START_US, 42, NULL);
  f->range = ork_time_range_new ();
  ork_time_range_set_whole (f->range, START_US, START_US + SIMULATED);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, width, 900);
  f->page = ORK_METRICS_PAGE (ork_metrics_page_new (f->range));
  current_page = f->page;
  ork_metrics_page_set_session (f->page, f->session);
  ork_metrics_page_set_active (f->page, TRUE);
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  iterate ();

  if (simulate)
    fast_forward (f, START_US + SIMULATED);
  ork_metrics_page_refresh (f->page);
  iterate ();
  if (simulate)
    wait_for_size (GTK_WIDGET (ork_metrics_page_get_retry_chart (f->page)));
}

static void
fixture_close (Fixture *f)
{
  current_page = NULL;
  gtk_window_destroy (f->window);
  iterate ();
  ork_session_stop (f->session);
  g_clear_object (&f->session);
  g_clear_object (&f->range);
}

static OrkMetrics *
metrics (Fixture *f)
{
  return ork_session_get_metrics (f->session);
}

static void
assert_numbers (Fixture    *f,
                const char *job_id,
                gint64      since,
                gint64      until)
{
  OrkMetricsSummary s;
  const OrkMetricsLatencyStats *d;
  g_autofree char *runs = NULL;
  g_autofree char *succeeded = NULL;
  g_autofree char *failed = NULL;
  g_autofree char *skipped = NULL;
  g_autofree char *p50 = NULL;
  g_autofree char *p95 = NULL;
  g_autofree char *p99 = NULL;

  ork_metrics_get_summary (metrics (f), job_id, since, until, &s);
  d = &s.latency[ORK_METRICS_DURATION];
  g_assert_cmpuint (s.n_runs, >, 0);
  g_assert_cmpuint (d->count, >, 0);
  runs = g_strdup_printf ("%" PRIu64, s.n_finished);
  skipped = g_strdup_printf ("%" PRIu64, s.runs_by_state[ORK_RUN_SKIPPED]);
  succeeded = g_strdup_printf ("%" PRIu64, s.runs_by_state[ORK_RUN_SUCCEEDED]);
  failed = g_strdup_printf ("%" PRIu64, s.n_failed);
  p50 = ork_format_duration_short (d->p50);
  p95 = ork_format_duration_short (d->p95);
  p99 = ork_format_duration_short (d->p99);

  g_assert_cmpstr (ork_metrics_page_get_number (f->page, ORK_METRICS_PAGE_RUNS), ==, runs);
  g_assert_cmpstr (ork_metrics_page_get_number (f->page, ORK_METRICS_PAGE_SUCCEEDED), ==, succeeded);
  g_assert_cmpstr (ork_metrics_page_get_number (f->page, ORK_METRICS_PAGE_FAILED), ==, failed);
  g_assert_cmpstr (ork_metrics_page_get_number (f->page, ORK_METRICS_PAGE_SKIPPED), ==, skipped);
  g_assert_cmpstr (ork_metrics_page_get_number (f->page, ORK_METRICS_PAGE_P50), ==, p50);
  g_assert_cmpstr (ork_metrics_page_get_number (f->page, ORK_METRICS_PAGE_P95), ==, p95);
  g_assert_cmpstr (ork_metrics_page_get_number (f->page, ORK_METRICS_PAGE_P99), ==, p99);
  if (s.n_finished > 0)
    {
      g_autofree char *rate = ork_chart_axis_format (s.failure_rate, ORK_AXIS_FORMAT_PERCENT);

      g_assert_cmpstr (ork_metrics_page_get_number (f->page, ORK_METRICS_PAGE_FAILURE_RATE), ==, rate);
    }
}

/* The first AdwStatusPage under @widget that is shown. */
static AdwStatusPage *
find_status_page (GtkWidget *widget)
{
  if (ADW_IS_STATUS_PAGE (widget) && gtk_widget_get_mapped (widget))
    return ADW_STATUS_PAGE (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwStatusPage *found = find_status_page (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_empty (void)
{
  Fixture f = { 0 };

  /* Nothing has run yet: the page says so instead of showing empty charts. */
  fixture_open (&f, 1260, FALSE);
  g_assert_true (ork_metrics_page_is_empty (f.page));
  /* with an icon that is there (the app's own, from its resources) */
  {
    AdwStatusPage *empty = find_status_page (GTK_WIDGET (f.page));
    GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (f.page)));

    g_assert_nonnull (empty);
    /* What GtkApplication adds for the app's resources. */
    gtk_icon_theme_add_resource_path (theme, "/io/github/orkestron/Orkestron/icons");
    g_assert_true (gtk_icon_theme_has_icon (theme, adw_status_page_get_icon_name (empty)));
  }

  g_assert_cmpstr (adw_status_page_get_description (find_status_page (GTK_WIDGET (f.page))), ==,
                   "The charts fill in as runs finish. Start the clock, or run a job now.");

  /* Runs finish: the charts come, by the metrics' "changed" signal alone. */
  fast_forward (&f, START_US + 2 * HOUR_US);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (ork_metrics_page_is_empty (f.page));
  fixture_close (&f);
}

/* A workspace without jobs: the empty state says to add one, not to start
 * the clock. */
static void
test_empty_without_jobs (void)
{
  g_autoptr(OrkWorkspace) workspace = ork_workspace_new ();
  g_autoptr(OrkSession) session = ork_session_new (workspace, NULL);
  g_autoptr(OrkTimeRange) range = ork_time_range_new ();
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  OrkMetricsPage *page = ORK_METRICS_PAGE (ork_metrics_page_new (range));

  ork_session_start_simulation (session, START_US, 1, NULL);
  ork_metrics_page_set_session (page, session);
  ork_metrics_page_set_active (page, TRUE);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  ork_metrics_page_refresh (page);
  iterate ();
  g_assert_true (ork_metrics_page_is_empty (page));
  g_assert_cmpstr (adw_status_page_get_description (find_status_page (GTK_WIDGET (page))), ==,
                   "This workspace has no jobs yet: add one on the Jobs page, and the charts "
                   "fill in as its runs finish.");
  gtk_window_destroy (window);
  iterate ();
  ork_session_stop (session);
}

static void
test_summary (void)
{
  Fixture f = { 0 };
  gint64 since, until;

  fixture_open (&f, 1260, TRUE);
  g_assert_false (ork_metrics_page_is_empty (f.page));
  ork_time_range_get_focus (f.range, &since, &until);
  g_assert_cmpint (since, ==, START_US);
  g_assert_cmpint (until, ==, START_US + SIMULATED);
  /* The view holds every run: the whole history's figures (its latencies
   * at the finer precision). */
  assert_numbers (&f, NULL, ORK_TIME_UNSET, ORK_TIME_NEVER);
  /* The span in words, in the workspace's zone (Berlin is UTC+1 in November). */
  g_assert_cmpstr (ork_metrics_page_get_span_text (f.page), ==,
                   "Showing Thu 26 Nov 01:00 – 09:00, Europe/Berlin");
  fixture_close (&f);
}

/* Set up while hidden (as the window does at start), the page lists the
 * jobs when first shown, with the job chosen meanwhile selected, and
 * follows jobs added while hidden. */
static void
test_jobs_listed_when_shown (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("ORK_SAMPLES_DIR"), "demo.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkWorkspace) workspace = ork_workspace_load_from_file (path, NULL, &error);
  g_autoptr(OrkSession) session = NULL;
  g_autoptr(OrkTimeRange) range = ork_time_range_new ();
  g_autoptr(OrkJob) extra = NULL;
  OrkMetricsPage *page;
  GtkDropDown *dropdown;
  GListModel *names;
  guint n_jobs;

  g_assert_no_error (error);
  session = ork_session_new (workspace, NULL);
  ork_session_start_simulation (session, START_US, 42, NULL);
  page = ORK_METRICS_PAGE (g_object_ref_sink (ork_metrics_page_new (range)));
  ork_metrics_page_set_session (page, session);
  ork_metrics_page_set_job (page, "sync_contacts");
  n_jobs = g_list_model_get_n_items (ork_workspace_get_jobs (workspace));

  {
    g_autoptr(OrkJob) first = g_list_model_get_item (ork_workspace_get_jobs (workspace), 0);

    extra = ork_job_copy (first);
    ork_job_set_id (extra, "added_while_hidden");
    ork_workspace_add_job (workspace, extra);
  }

  ork_metrics_page_set_active (page, TRUE);
  dropdown = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (page), ORK_TYPE_METRICS_PAGE,
                                                           "job_dropdown"));
  names = gtk_drop_down_get_model (dropdown);
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, n_jobs + 2);
  g_assert_cmpstr (ork_metrics_page_get_job (page), ==, "sync_contacts");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names),
                                               gtk_drop_down_get_selected (dropdown)),
                   ==, "Sync contacts");
  g_object_unref (page);
}

static void
test_job_filter (void)
{
  Fixture f = { 0 };
  GtkDropDown *dropdown;
  GListModel *names;
  OrkMetricsSummary all, one;
  guint position = GTK_INVALID_LIST_POSITION;
  gint64 since, until;

  fixture_open (&f, 1260, TRUE);
  ork_time_range_get_focus (f.range, &since, &until);
  dropdown = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (f.page), ORK_TYPE_METRICS_PAGE,
                                                           "job_dropdown"));
  names = gtk_drop_down_get_model (dropdown);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), ==, "All Jobs");
  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), "Sync contacts") == 0)
      position = i;
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);

  /* Choosing a job shows its numbers, not everyone's. */
  gtk_drop_down_set_selected (dropdown, position);
  iterate ();
  g_assert_cmpstr (ork_metrics_page_get_job (f.page), ==, "sync_contacts");
  ork_metrics_get_summary (metrics (&f), NULL, since, until, &all);
  ork_metrics_get_summary (metrics (&f), "sync_contacts", since, until, &one);
  g_assert_cmpuint (one.n_runs, <, all.n_runs);
  assert_numbers (&f, "sync_contacts", ORK_TIME_UNSET, ORK_TIME_NEVER);

  /* And the window's way in: set_job () moves the chooser along. */
  ork_metrics_page_set_job (f.page, NULL);
  iterate ();
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 0);
  assert_numbers (&f, NULL, ORK_TIME_UNSET, ORK_TIME_NEVER);
  fixture_close (&f);
}

static void
test_selection (void)
{
  Fixture f = { 0 };
  OrkMetricsSummary whole, part;
  gint64 a = START_US + 5 * HOUR_US, b = START_US + 7 * HOUR_US;

  fixture_open (&f, 1260, TRUE);
  ork_time_range_select (f.range, a, b);
  iterate ();
  ork_metrics_get_summary (metrics (&f), NULL, START_US, START_US + SIMULATED, &whole);
  ork_metrics_get_summary (metrics (&f), NULL, a, b, &part);
  g_assert_cmpuint (part.n_runs, <, whole.n_runs);
  assert_numbers (&f, NULL, a, b);
  g_assert_cmpstr (ork_metrics_page_get_span_text (f.page), ==,
                   "Showing the selection Thu 26 Nov 06:00 – 08:00, Europe/Berlin");

  /* The histogram counts the same attempts. */
  g_assert_cmpuint (ork_histogram_chart_get_count (ork_metrics_page_get_histogram_chart (f.page)), ==,
                    part.latency[ORK_METRICS_DURATION].count);

  ork_time_range_clear_selection (f.range);
  iterate ();
  assert_numbers (&f, NULL, ORK_TIME_UNSET, ORK_TIME_NEVER);
  fixture_close (&f);
}

/* Longer than the day of per-minute buckets kept: the whole view's numbers
 * still cover everything, and the page says what the charts show; a span
 * reaching before the kept buckets says where its numbers start. */
static void
test_longer_than_kept (void)
{
  Fixture f = { 0 };
  OrkMetricsSummary whole, part;
  gint64 end = START_US + 30 * HOUR_US;
  gint64 kept;

  fixture_open (&f, 1260, FALSE);
  ork_time_range_set_whole (f.range, START_US, end);
  fast_forward (&f, end);
  ork_metrics_page_refresh (f.page);
  iterate ();
  kept = ork_metrics_get_kept_since (metrics (&f));
  g_assert_cmpint (kept, >, START_US);
  g_assert_cmpint (kept, <=, end - 23 * HOUR_US);

  /* The whole view: every run in the numbers, not only the kept day's. */
  ork_metrics_get_summary (metrics (&f), NULL, ORK_TIME_UNSET, ORK_TIME_NEVER, &whole);
  ork_metrics_get_summary (metrics (&f), NULL, START_US, end, &part);
  g_assert_cmpuint (part.n_finished, <, whole.n_finished);
  assert_numbers (&f, NULL, ORK_TIME_UNSET, ORK_TIME_NEVER);
  g_assert_nonnull (strstr (ork_metrics_page_get_span_text (f.page),
                            "Charts over time cover the last 1 d (per-minute data is kept that "
                            "long); the numbers, latencies and retries cover all of it."));

  /* A selection that starts before the kept buckets: from them on. */
  ork_time_range_select (f.range, START_US + 2 * HOUR_US, START_US + 12 * HOUR_US);
  iterate ();
  assert_numbers (&f, NULL, kept, START_US + 12 * HOUR_US);
  g_assert_nonnull (strstr (ork_metrics_page_get_span_text (f.page),
                            "Per-minute data is kept for 1 d: the charts and numbers start at "
                            "Thu 26 Nov 07:00."));

  /* One that ends before them: nothing left, and what to do. */
  ork_time_range_select (f.range, START_US + 1 * HOUR_US, START_US + 3 * HOUR_US);
  iterate ();
  g_assert_nonnull (strstr (ork_metrics_page_get_span_text (f.page),
                            "none is left for this span. Zoom out to everything for the totals."));
  fixture_close (&f);
}

static void
test_histogram_markers (void)
{
  Fixture f = { 0 };
  OrkHistogramChart *chart;
  g_autoptr(OrkHistogram) expected = NULL;
  double x[ORK_HISTOGRAM_CHART_N_MARKERS];

  fixture_open (&f, 1260, TRUE);
  chart = ork_metrics_page_get_histogram_chart (f.page);
  /* The view holds every run: the whole history's (finer) histogram. */
  expected = ork_metrics_get_histogram (metrics (&f), NULL, ORK_METRICS_DURATION, ORK_TIME_UNSET,
                                        ORK_TIME_NEVER);
  g_assert_cmpuint (ork_histogram_chart_get_count (chart), ==, ork_histogram_get_count (expected));
  g_assert_cmpfloat (ork_histogram_chart_get_marker (chart, 0), ==,
                     ork_histogram_get_percentile (expected, 0.50));
  g_assert_cmpfloat (ork_histogram_chart_get_marker (chart, 1), ==,
                     ork_histogram_get_percentile (expected, 0.95));
  g_assert_cmpfloat (ork_histogram_chart_get_marker (chart, 2), ==,
                     ork_histogram_get_percentile (expected, 0.99));

  /* The markers sit in order inside the plot, at their values. */
  for (guint i = 0; i < ORK_HISTOGRAM_CHART_N_MARKERS; i++)
    {
      x[i] = ork_histogram_chart_get_marker_x (chart, i);
      g_assert_cmpfloat (x[i], >, 0);
      g_assert_cmpfloat (x[i], <, gtk_widget_get_width (GTK_WIDGET (chart)));
    }
  g_assert_cmpfloat (x[0], <, x[1]);
  g_assert_cmpfloat (x[1], <, x[2]);

  /* Another latency: the chart follows the choice. */
  ork_metrics_page_set_latency (f.page, ORK_METRICS_QUEUE_WAIT);
  iterate ();
  g_assert_cmpstr (ork_histogram_chart_get_title (chart), ==, "Queue wait");
  {
    g_autoptr(OrkHistogram) wait = ork_metrics_get_histogram (metrics (&f), NULL, ORK_METRICS_QUEUE_WAIT,
                                                              START_US, START_US + SIMULATED);

    g_assert_cmpfloat (ork_histogram_chart_get_marker (chart, 0), ==,
                       ork_histogram_get_percentile (wait, 0.50));
  }

  /* Hovering the p50 marker names the bin it falls in and its count. */
  ork_histogram_chart_hover (chart, x[0], 100);
  g_assert_nonnull (ork_histogram_chart_get_readout (chart));
  g_assert_nonnull (strstr (ork_histogram_chart_get_readout (chart), " of "));
  fixture_close (&f);
}

static void
test_hover (void)
{
  Fixture f = { 0 };
  OrkSeriesChart *chart;
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (OrkMetricsPoint));
  g_autofree char *when = NULL;
  g_autofree char *expected = NULL;
  guint best = 0;

  fixture_open (&f, 1260, TRUE);
  chart = ork_metrics_page_get_throughput_chart (f.page);
  ork_metrics_get_series (metrics (&f), NULL, ORK_METRICS_SERIES_THROUGHPUT, START_US,
                          START_US + SIMULATED, points);
  g_assert_cmpuint (points->len, >, 100);
  for (guint i = 0; i < points->len; i++)
    if (g_array_index (points, OrkMetricsPoint, i).value >
        g_array_index (points, OrkMetricsPoint, best).value)
      best = i;

  /* The busiest minute: the read-out says when, and how many finished. */
  {
    const OrkMetricsPoint *p = &g_array_index (points, OrkMetricsPoint, best);
    double x = ork_series_chart_time_to_x (chart, p->time + 30 * G_USEC_PER_SEC);

    ork_series_chart_hover (chart, x, 100);
    when = ork_time_axis_format (p->time, 60 * G_USEC_PER_SEC,
                                 ork_workspace_get_time_zone (ork_session_get_workspace (f.session)));
    expected = g_strdup_printf ("%s, Finished %.0f", when, p->value);
  }
  g_assert_cmpstr (ork_series_chart_get_readout (chart), ==, expected);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (chart)), ==, expected);

  /* Leaving clears it. */
  ork_series_chart_hover (chart, -1, -1);
  g_assert_null (ork_series_chart_get_readout (chart));

  /* Retries: the bar under the pointer. */
  {
    OrkBarChart *retries = ork_metrics_page_get_retry_chart (f.page);
    g_autofree char *first = NULL;

    ork_bar_chart_hover (retries, ork_bar_chart_get_bar_x (retries, 0), 100);
    first = g_strdup_printf ("1 attempt: %.0f (", ork_bar_chart_get_value (retries, 0));
    g_assert_true (g_str_has_prefix (ork_bar_chart_get_readout (retries), first));
  }
  fixture_close (&f);
}

static void
test_table (void)
{
  Fixture f = { 0 };
  OrkBarChart *retries;
  GListModel *rows;
  g_autofree char *first = NULL;

  fixture_open (&f, 1260, TRUE);
  retries = ork_metrics_page_get_retry_chart (f.page);
  rows = ork_chart_table_get_rows (ork_metrics_page_get_table (f.page, GTK_WIDGET (retries)));
  /* Filled only when shown. */
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);
  gtk_toggle_button_set_active (ork_metrics_page_get_table_toggle (f.page, GTK_WIDGET (retries)), TRUE);
  iterate ();
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (retries)));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, ORK_METRICS_RETRY_BUCKETS);
  first = g_strdup_printf ("1 attempt\t%.0f\t", ork_bar_chart_get_value (retries, 0));
  g_assert_true (g_str_has_prefix (gtk_string_list_get_string (GTK_STRING_LIST (rows), 0), first));
  g_assert_true (g_str_has_prefix (gtk_string_list_get_string (GTK_STRING_LIST (rows), 9),
                                   "10 or more attempts\t"));

  /* The throughput table: a row per minute of the span. */
  {
    OrkSeriesChart *chart = ork_metrics_page_get_throughput_chart (f.page);
    GListModel *minutes = ork_chart_table_get_rows (ork_metrics_page_get_table (f.page, GTK_WIDGET (chart)));

    gtk_toggle_button_set_active (ork_metrics_page_get_table_toggle (f.page, GTK_WIDGET (chart)), TRUE);
    iterate ();
    g_assert_cmpuint (g_list_model_get_n_items (minutes), ==, SIMULATED / (60 * G_USEC_PER_SEC));
  }
  fixture_close (&f);
}

/* With ORK_TEST_PNG_DIR set, keeps @surface there as @name, to look at. */
static void
keep_png (cairo_surface_t *surface,
          const char      *name)
{
  const char *dir = g_getenv ("ORK_TEST_PNG_DIR");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  cairo_surface_write_to_png (surface, path);
}

static void
pixel (cairo_surface_t *surface,
       int              x,
       int              y,
       double          *r,
       double          *g,
       double          *b)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 p = *(const guint32 *) (data + y * cairo_image_surface_get_stride (surface) + x * 4);
  double a = ((p >> 24) & 0xff) / 255.0;

  /* Premultiplied ARGB. */
  *r = a > 0 ? ((p >> 16) & 0xff) / 255.0 / a : 0;
  *g = a > 0 ? ((p >> 8) & 0xff) / 255.0 / a : 0;
  *b = a > 0 ? (p & 0xff) / 255.0 / a : 0;
}

static gboolean
has_colour_near (cairo_surface_t *surface,
                 double           cx,
                 double           cy,
                 int              radius,
                 const GdkRGBA   *colour)
{
  for (int y = (int) cy - radius; y <= (int) cy + radius; y++)
    for (int x = (int) cx - radius; x <= (int) cx + radius; x++)
      {
        double r, g, b;

        if (x < 0 || y < 0 || x >= cairo_image_surface_get_width (surface) ||
            y >= cairo_image_surface_get_height (surface))
          continue;
        pixel (surface, x, y, &r, &g, &b);
        if (fabs (r - colour->red) < 0.08 && fabs (g - colour->green) < 0.08 &&
            fabs (b - colour->blue) < 0.08)
          return TRUE;
      }
  return FALSE;
}

static void
test_render (void)
{
  Fixture f = { 0 };
  OrkSeriesChart *chart;
  g_autoptr(GArray) p99 = g_array_new (FALSE, FALSE, sizeof (OrkMetricsPoint));
  cairo_surface_t *surface;
  OrkChartPalette palette;
  GdkRGBA colour;
  guint checked = 0, found = 0;

  fixture_open (&f, 1260, TRUE);
  chart = ork_metrics_page_get_percentile_chart (f.page);
  ork_metrics_get_series (metrics (&f), NULL, ORK_METRICS_SERIES_DURATION_P99, START_US,
                          START_US + SIMULATED, p99);
  surface = gui_render_widget (GTK_WIDGET (chart));
  keep_png (surface, "percentiles.png");

  /* The p99 line (drawn last) passes through its points, in its colour. */
  ork_chart_palette_lookup (GTK_WIDGET (chart), &palette);
  ork_chart_palette_series (&palette, 2, &colour);
  for (guint i = 0; i < p99->len; i += 7)
    {
      const OrkMetricsPoint *p = &g_array_index (p99, OrkMetricsPoint, i);

      if (!isfinite (p->value))
        continue;
      checked++;
      found += has_colour_near (surface,
                                ork_series_chart_time_to_x (chart, p->time + 30 * G_USEC_PER_SEC),
                                ork_series_chart_value_to_y (chart, p->value), 2, &colour);
    }
  g_assert_cmpuint (checked, >, 10);
  g_assert_cmpuint (found, ==, checked);
  /* And not everywhere: the top left corner of the plot is empty. */
  g_assert_false (has_colour_near (surface, ork_series_chart_time_to_x (chart, START_US) + 4,
                                   ork_series_chart_value_to_y (chart, 1e12), 1, &colour));
  cairo_surface_destroy (surface);
  fixture_close (&f);
}

static double
luminance (cairo_surface_t *surface,
           int              x,
           int              y)
{
  double r, g, b;

  pixel (surface, x, y, &r, &g, &b);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

static void
test_dark (void)
{
  Fixture f = { 0 };
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkWidget *chart, *card;
  cairo_surface_t *light, *dark;
  graphene_rect_t bounds;
  int x0, y0, w, h, bright_dark = 0, bright_light = 0;

  fixture_open (&f, 1260, TRUE);
  chart = GTK_WIDGET (ork_metrics_page_get_throughput_chart (f.page));
  card = gtk_widget_get_ancestor (chart, GTK_TYPE_OVERLAY);
  g_assert_true (gtk_widget_has_css_class (card, "card"));

  /* The card is translucent over the window: render the window, look at the card. */
  g_assert_true (gtk_widget_compute_bounds (card, GTK_WIDGET (f.window), &bounds));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  wait_frames (card, 2);
  light = gui_render_widget (GTK_WIDGET (f.window));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  wait_frames (card, 2);
  dark = gui_render_widget (GTK_WIDGET (f.window));
  keep_png (light, "light.png");
  keep_png (dark, "dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  iterate ();

  /* The background near the top of the card, where nothing is drawn. */
  x0 = (int) bounds.origin.x;
  y0 = (int) bounds.origin.y;
  w = (int) bounds.size.width;
  h = (int) bounds.size.height;
  g_assert_cmpfloat (luminance (light, x0 + w / 2, y0 + 4), >, 0.8);
  g_assert_cmpfloat (luminance (dark, x0 + w / 2, y0 + 4), <, 0.25);
  /* Nothing but text and marks is bright in the dark chart: no hard-coded
   * white backgrounds (in light mode most of it is). */
  for (int y = y0; y < y0 + h; y++)
    for (int x = x0; x < x0 + w; x++)
      {
        bright_dark += luminance (dark, x, y) > 0.7;
        bright_light += luminance (light, x, y) > 0.7;
      }
  g_assert_cmpint (bright_dark, <, w * h / 50);
  g_assert_cmpint (bright_light, >, w * h / 2);

  cairo_surface_destroy (light);
  cairo_surface_destroy (dark);
  fixture_close (&f);
}

static void
test_narrow (void)
{
  Fixture f = { 0 };
  GtkWidget *charts[] = { NULL, NULL, NULL };
  graphene_point_t p[G_N_ELEMENTS (charts)];

  /* A narrow window: the charts stack in one column, each at least 320 wide. */
  fixture_open (&f, 420, TRUE);
  charts[0] = GTK_WIDGET (ork_metrics_page_get_histogram_chart (f.page));
  charts[1] = GTK_WIDGET (ork_metrics_page_get_percentile_chart (f.page));
  charts[2] = GTK_WIDGET (ork_metrics_page_get_throughput_chart (f.page));
  for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
    {
      g_assert_true (gtk_widget_compute_point (charts[i], GTK_WIDGET (f.page),
                                               &GRAPHENE_POINT_INIT (0, 0), &p[i]));
      g_assert_cmpint (gtk_widget_get_width (charts[i]), >=, 300);
      g_assert_cmpint (gtk_widget_get_width (charts[i]) + (int) p[i].x, <=, 420);
    }
  if (g_getenv ("ORK_TEST_PNG_DIR") != NULL)
    {
      cairo_surface_t *surface;

      wait_frames (GTK_WIDGET (f.window), 2);
      surface = gui_render_widget (GTK_WIDGET (f.window));
      keep_png (surface, "narrow.png");
      cairo_surface_destroy (surface);
    }
  g_assert_cmpfloat (p[0].x, ==, p[1].x);
  g_assert_cmpfloat (p[1].x, ==, p[2].x);
  g_assert_cmpfloat (p[0].y, <, p[1].y);
  g_assert_cmpfloat (p[1].y, <, p[2].y);
  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  tmp_dir = g_dir_make_tmp ("orkestron-metrics-page-XXXXXX", &error);
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

  g_test_add_func ("/gui/metrics-page/empty", test_empty);
  g_test_add_func ("/gui/metrics-page/empty-without-jobs", test_empty_without_jobs);
  g_test_add_func ("/gui/metrics-page/summary", test_summary);
  g_test_add_func ("/gui/metrics-page/job-filter", test_job_filter);
  g_test_add_func ("/gui/metrics-page/jobs-listed-when-shown", test_jobs_listed_when_shown);
  g_test_add_func ("/gui/metrics-page/selection", test_selection);
  g_test_add_func ("/gui/metrics-page/longer-than-kept", test_longer_than_kept);
  g_test_add_func ("/gui/metrics-page/histogram-markers", test_histogram_markers);
  g_test_add_func ("/gui/metrics-page/hover", test_hover);
  g_test_add_func ("/gui/metrics-page/table", test_table);
  g_test_add_func ("/gui/metrics-page/render", test_render);
  g_test_add_func ("/gui/metrics-page/dark", test_dark);
  g_test_add_func ("/gui/metrics-page/narrow", test_narrow);

  return g_test_run ();
}
