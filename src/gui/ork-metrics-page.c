/* ork-metrics-page.c — the Metrics page: summary numbers and charts of the runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-metrics-page"

#include "config.h"

#include <inttypes.h>
#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ork-metrics-page.h"
#include "ork-duration.h"
#include "ork-time-axis.h"

/* A chart and what goes with it on the page. */
typedef struct
{
  GtkWidget       *chart;
  GtkStack        *stack;
  GtkToggleButton *toggle;
  GtkWidget       *table;
} Card;

enum
{
  CARD_HISTOGRAM,
  CARD_PERCENTILES,
  CARD_THROUGHPUT,
  CARD_FAILURES,
  CARD_QUEUE,
  CARD_RETRIES,
  N_CARDS
};

struct _OrkMetricsPage
{
  GtkWidget          parent_instance;

  /* Template children */
  GtkWidget         *box;
  GtkDropDown       *job_dropdown;
  GtkLabel          *span_label;
  GtkStack          *stack;
  AdwStatusPage     *empty_page;
  GtkFlowBox        *summary_box;
  GtkFlowBox        *chart_box;

  GtkDropDown       *latency_dropdown;
  GtkLabel          *numbers[ORK_METRICS_PAGE_N_NUMBERS];
  Card               cards[N_CARDS];

  OrkTimeRange      *range;
  OrkSession        *session;
  OrkMetrics        *metrics;
  GListModel        *jobs;
  GtkStringList     *job_names;   /* "All Jobs", then every job's name */
  GPtrArray         *job_ids;     /* NULL for "All Jobs", then every job's id */
  char              *job_id;
  OrkMetricsLatency  latency;
  gboolean           active;
  gboolean           dirty;
  gboolean           rebuilding_jobs;
  /* The job chooser lists every job: with 100,000 of them that is worth
   * doing only when the page is shown. */
  gboolean           jobs_dirty;
  /* The span of the last refresh () and the charts still to follow it;
   * the numbers' span: the whole history when the span holds all of it
   * (the charts over time only have the kept buckets). */
  gint64             since;
  gint64             until;
  gint64             numbers_since;
  gint64             numbers_until;
  guint              pending_cards;
  guint              card_tick_id;
  guint              refresh_id;
};

G_DEFINE_FINAL_TYPE (OrkMetricsPage, ork_metrics_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_JOB,
  PROP_LATENCY,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
latency_name (OrkMetricsLatency latency)
{
  switch (latency)
    {
    case ORK_METRICS_QUEUE_WAIT:
      return _("Queue wait");
    case ORK_METRICS_END_TO_END:
      return _("End-to-end latency");
    case ORK_METRICS_LATENESS:
      return _("Lateness");
    case ORK_METRICS_DURATION:
    case ORK_METRICS_N_LATENCIES:
    default:
      return _("Duration");
    }
}

/* Refreshing -------------------------------------------------------------------------- */

static void refresh (OrkMetricsPage *self);

static gboolean
on_refresh_idle (gpointer user_data)
{
  OrkMetricsPage *self = user_data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

/* Several changes in a row (a drag on the ruler, a burst of events) cost
 * one query. */
static void
queue_refresh (OrkMetricsPage *self)
{
  if (!self->active)
    {
      self->dirty = TRUE;
      return;
    }
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 30, on_refresh_idle, self, NULL);
}

static void
set_number (OrkMetricsPage       *self,
            OrkMetricsPageNumber  number,
            const char           *text)
{
  gtk_label_set_text (self->numbers[number], text);
}

static void
update_numbers (OrkMetricsPage          *self,
                const OrkMetricsSummary *summary)
{
  const OrkMetricsLatencyStats *duration = &summary->latency[ORK_METRICS_DURATION];
  g_autofree char *runs = g_strdup_printf ("%" PRIu64, summary->n_finished);
  g_autofree char *skipped = g_strdup_printf ("%" PRIu64, summary->runs_by_state[ORK_RUN_SKIPPED]);
  g_autofree char *succeeded = g_strdup_printf ("%" PRIu64, summary->runs_by_state[ORK_RUN_SUCCEEDED]);
  g_autofree char *failed = g_strdup_printf ("%" PRIu64, summary->n_failed);
  g_autofree char *rate = ork_chart_axis_format (summary->failure_rate, ORK_AXIS_FORMAT_PERCENT);
  g_autofree char *p50 = duration->count ? ork_format_duration_short (duration->p50) : g_strdup ("—");
  g_autofree char *p95 = duration->count ? ork_format_duration_short (duration->p95) : g_strdup ("—");
  g_autofree char *p99 = duration->count ? ork_format_duration_short (duration->p99) : g_strdup ("—");

  set_number (self, ORK_METRICS_PAGE_RUNS, runs);
  set_number (self, ORK_METRICS_PAGE_SUCCEEDED, succeeded);
  set_number (self, ORK_METRICS_PAGE_FAILED, failed);
  set_number (self, ORK_METRICS_PAGE_SKIPPED, skipped);
  set_number (self, ORK_METRICS_PAGE_FAILURE_RATE, summary->n_finished ? rate : "—");
  set_number (self, ORK_METRICS_PAGE_P50, p50);
  set_number (self, ORK_METRICS_PAGE_P95, p95);
  set_number (self, ORK_METRICS_PAGE_P99, p99);
}

static char *
format_span_only (GTimeZone *zone,
                  gint64     start,
                  gint64     end,
                  gboolean   selection)
{
  g_autoptr(GDateTime) from = g_date_time_new_from_unix_utc (start / G_USEC_PER_SEC);
  g_autoptr(GDateTime) to = g_date_time_new_from_unix_utc (end / G_USEC_PER_SEC);
  g_autoptr(GDateTime) from_local = g_date_time_to_timezone (from, zone);
  g_autoptr(GDateTime) to_local = g_date_time_to_timezone (to, zone);
  /* TRANSLATORS: a date and time in the span the Metrics page shows (strftime) */
  g_autofree char *from_text = g_date_time_format (from_local, _("%a %e %b %H:%M"));
  g_autofree char *to_text = NULL;
  const char *zone_name = g_time_zone_get_identifier (zone);

  if (g_date_time_get_year (from_local) == g_date_time_get_year (to_local) &&
      g_date_time_get_day_of_year (from_local) == g_date_time_get_day_of_year (to_local))
    to_text = g_date_time_format (to_local, "%H:%M");
  else
    to_text = g_date_time_format (to_local, _("%a %e %b %H:%M"));
  g_strstrip (from_text);

  if (selection)
    /* TRANSLATORS: the selected span of time the Metrics page shows, and its zone */
    return g_strdup_printf (_("Showing the selection %s – %s, %s"), from_text, to_text, zone_name);
  /* TRANSLATORS: the visible span of time the Metrics page shows, and its zone */
  return g_strdup_printf (_("Showing %s – %s, %s"), from_text, to_text, zone_name);
}

/* The span in words; when it starts before @kept_since (the buckets
 * before it were dropped: @kept long), what the charts and numbers show. */
static char *
format_span (GTimeZone *zone,
             gint64     start,
             gint64     end,
             gboolean   selection,
             gint64     kept_since,
             gint64     kept,
             gboolean   everything)
{
  g_autofree char *span = NULL;
  g_autofree char *kept_words = NULL;
  g_autofree char *kept_from = NULL;

  span = format_span_only (zone, start, end, selection);
  if (kept_since == ORK_TIME_UNSET)
    return g_steal_pointer (&span);

  kept_words = ork_duration_describe (kept / 1000);
  if (everything)
    /* TRANSLATORS: after the span the Metrics page shows, when it is longer
     * than the per-minute buckets kept; %s is a duration ("1 d") */
    return g_strdup_printf (_("%s. Charts over time cover the last %s (per-minute data is kept "
                              "that long); the numbers, latencies and retries cover all of it."),
                            span, kept_words);
  {
    g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (kept_since / G_USEC_PER_SEC);
    g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

    /* TRANSLATORS: a date and time in the span the Metrics page shows (strftime) */
    kept_from = g_date_time_format (local, _("%a %e %b %H:%M"));
    g_strstrip (kept_from);
  }
  if (end <= kept_since)
    /* TRANSLATORS: after the span the Metrics page shows, when it ends
     * before the oldest bucket kept; %s is a duration ("1 d"), then a time */
    return g_strdup_printf (_("%s. Per-minute data is kept for %s, from %s on: none is left for "
                              "this span. Zoom out to everything for the totals."),
                            span, kept_words, kept_from);
  /* TRANSLATORS: after the span the Metrics page shows, when it starts
   * before the oldest bucket kept; %s is a duration ("1 d"), then a time */
  return g_strdup_printf (_("%s. Per-minute data is kept for %s: the charts and numbers start "
                            "at %s."), span, kept_words, kept_from);
}

static void
update_table (OrkMetricsPage *self,
              Card           *card)
{
  g_auto(GStrv) headers = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (!gtk_toggle_button_get_active (card->toggle))
    return;
  if (ORK_IS_SERIES_CHART (card->chart))
    rows = ork_series_chart_dup_table (ORK_SERIES_CHART (card->chart), &headers);
  else if (ORK_IS_HISTOGRAM_CHART (card->chart))
    rows = ork_histogram_chart_dup_table (ORK_HISTOGRAM_CHART (card->chart), &headers);
  else
    rows = ork_bar_chart_dup_table (ORK_BAR_CHART (card->chart), &headers);
  ork_chart_table_set (card->table, (const char * const *) headers, rows);
}

static void
fill_series (OrkSeriesChart       *chart,
             OrkMetrics           *metrics,
             const char           *job_id,
             gint64                since,
             gint64                until,
             const char           *name,
             OrkChartColor         color,
             OrkSeriesStyle        style,
             OrkMetricsSeriesKind  kind,
             double                factor)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (OrkMetricsPoint));

  ork_metrics_get_series (metrics, job_id, kind, since, until, points);
  if (factor != 1)
    for (guint i = 0; i < points->len; i++)
      g_array_index (points, OrkMetricsPoint, i).value *= factor;
  ork_series_chart_add_series (chart, name, color, style, points);
}

/* One chart from the metrics, over the span refresh () took. */
static void
refresh_card (OrkMetricsPage *self,
              guint           card)
{
  GTimeZone *zone = ork_workspace_get_time_zone (ork_session_get_workspace (self->session));
  gint64 since = self->since, until = self->until;
  gint64 width = ork_metrics_get_bucket_width (self->metrics);

  if (card >= CARD_PERCENTILES && card <= CARD_QUEUE)
    {
      OrkSeriesChart *chart = ORK_SERIES_CHART (self->cards[card].chart);

      ork_series_chart_clear (chart);
      ork_series_chart_set_span (chart, since, until, width);
      ork_series_chart_set_time_zone (chart, zone);
    }

  switch (card)
    {
    case CARD_HISTOGRAM:
    {
      g_autoptr(OrkHistogram) histogram = ork_metrics_get_histogram (self->metrics, self->job_id,
                                                                     self->latency,
                                                                     self->numbers_since,
                                                                     self->numbers_until);
      OrkHistogramChart *chart = ORK_HISTOGRAM_CHART (self->cards[CARD_HISTOGRAM].chart);

      ork_histogram_chart_set_title (chart, latency_name (self->latency));
      ork_histogram_chart_set_histogram (chart, histogram);
    }
      break;
    case CARD_PERCENTILES:
    {
      OrkSeriesChart *chart = ORK_SERIES_CHART (self->cards[CARD_PERCENTILES].chart);
      OrkMetricsSeriesKind p50 = ORK_METRICS_SERIES_QUEUE_WAIT_P50 + 3 * self->latency;
      /* TRANSLATORS: the title of a chart: "Duration percentiles" */
      g_autofree char *title = g_strdup_printf (_("%s percentiles"), latency_name (self->latency));
      /* TRANSLATORS: the value axis of a chart: "Duration, per minute" */
      g_autofree char *unit = g_strdup_printf (_("%s, per minute"), latency_name (self->latency));

      ork_series_chart_set_title (chart, title);
      ork_series_chart_set_unit (chart, unit);
      fill_series (chart, self->metrics, self->job_id, since, until, "p50", ORK_CHART_COLOR_SERIES_1,
                   ORK_SERIES_LINE, p50, 1);
      fill_series (chart, self->metrics, self->job_id, since, until, "p95", ORK_CHART_COLOR_SERIES_2,
                   ORK_SERIES_LINE, p50 + 1, 1);
      fill_series (chart, self->metrics, self->job_id, since, until, "p99", ORK_CHART_COLOR_SERIES_3,
                   ORK_SERIES_LINE, p50 + 2, 1);
    }
      break;
    case CARD_THROUGHPUT:
      {
        double per_minute;

      /* Throughput per minute, whatever the buckets' width. */
      per_minute = 60.0 * G_USEC_PER_SEC / (double) width;
      fill_series (ORK_SERIES_CHART (self->cards[CARD_THROUGHPUT].chart), self->metrics, self->job_id,
                   since, until, _("Finished"), ORK_CHART_COLOR_SERIES_1, ORK_SERIES_BARS,
                   ORK_METRICS_SERIES_THROUGHPUT, per_minute);
      }
      break;
    case CARD_FAILURES:
    fill_series (ORK_SERIES_CHART (self->cards[CARD_FAILURES].chart), self->metrics, self->job_id,
                 since, until, _("Failed runs"), ORK_CHART_COLOR_FAILURE, ORK_SERIES_LINE,
                 ORK_METRICS_SERIES_FAILURE_RATE, 1);
      break;
    case CARD_QUEUE:
    fill_series (ORK_SERIES_CHART (self->cards[CARD_QUEUE].chart), self->metrics, self->job_id,
                 since, until, _("Queued"), ORK_CHART_COLOR_SERIES_2, ORK_SERIES_LINE,
                 ORK_METRICS_SERIES_QUEUE_DEPTH, 1);
    fill_series (ORK_SERIES_CHART (self->cards[CARD_QUEUE].chart), self->metrics, self->job_id,
                 since, until, _("Running"), ORK_CHART_COLOR_SERIES_1, ORK_SERIES_LINE,
                 ORK_METRICS_SERIES_RUNNING, 1);
      break;
    case CARD_RETRIES:
      {
        guint64 retries[ORK_METRICS_RETRY_BUCKETS];

      ork_metrics_get_retry_distribution (self->metrics, self->job_id, self->numbers_since,
                                          self->numbers_until, retries);
      {
        char *labels[ORK_METRICS_RETRY_BUCKETS];
        char *names[ORK_METRICS_RETRY_BUCKETS];
        double values[ORK_METRICS_RETRY_BUCKETS];

        for (guint i = 0; i < ORK_METRICS_RETRY_BUCKETS; i++)
          {
            guint n = i + 1;

            values[i] = (double) retries[i];
            if (n < ORK_METRICS_RETRY_BUCKETS)
              {
                labels[i] = g_strdup_printf ("%u", n);
                names[i] = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u attempt", "%u attempts", n), n);
              }
            else
              {
                /* TRANSLATORS: the last bar of the retry distribution, "10+" */
                labels[i] = g_strdup_printf (_("%u+"), n);
                /* TRANSLATORS: the last bar of the retry distribution, in its read-out */
                names[i] = g_strdup_printf (_("%u or more attempts"), n);
              }
          }
        ork_bar_chart_set_bars (ORK_BAR_CHART (self->cards[CARD_RETRIES].chart), ORK_METRICS_RETRY_BUCKETS,
                                (const char * const *) labels, (const char * const *) names, values);
        for (guint i = 0; i < ORK_METRICS_RETRY_BUCKETS; i++)
          {
            g_free (labels[i]);
            g_free (names[i]);
          }
      }
      }
      break;
    default:
      g_assert_not_reached ();
    }
  update_table (self, &self->cards[card]);
}

static void
refresh_pending_cards (OrkMetricsPage *self)
{
  for (guint c = 0; c < N_CARDS; c++)
    if (self->pending_cards & (1u << c))
      refresh_card (self, c);
  self->pending_cards = 0;
}

/* Six charts at once make one long frame four times a second while the
 * engine runs fast: one chart a frame keeps every frame short. */
static gboolean
on_card_tick (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  OrkMetricsPage *self = ORK_METRICS_PAGE (widget);

  for (guint c = 0; c < N_CARDS; c++)
    if (self->pending_cards & (1u << c))
      {
        self->pending_cards &= ~(1u << c);
        if (self->metrics != NULL && self->session != NULL)
          refresh_card (self, c);
        break;
      }
  if (self->pending_cards != 0)
    return G_SOURCE_CONTINUE;
  self->card_tick_id = 0;
  return G_SOURCE_REMOVE;
}

/* The span, the numbers; the charts follow, one a frame (refresh_card ()). */
static void
refresh (OrkMetricsPage *self)
{
  OrkMetricsSummary whole, summary;
  OrkWorkspace *workspace;
  GTimeZone *zone;
  g_autofree char *span = NULL;
  gint64 since, until, earliest, latest, kept;
  gboolean selection, everything;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->dirty = FALSE;
  self->pending_cards = 0;

  if (self->metrics == NULL || self->session == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_label_set_text (self->span_label, "");
      return;
    }

  workspace = ork_session_get_workspace (self->session);
  zone = ork_workspace_get_time_zone (workspace);
  ork_time_range_get_focus (self->range, &since, &until);
  selection = ork_time_range_get_selection (self->range, NULL, NULL);
  /* The visible span holding every event counted: the numbers come from
   * the whole history, exact however long it is. */
  everything = !selection && ork_metrics_get_extent (self->metrics, &earliest, &latest) &&
               since <= earliest && until > latest;
  kept = ork_metrics_get_kept_since (self->metrics);
  span = format_span (zone, since, until, selection,
                      kept != ORK_TIME_UNSET && since < kept ? kept : ORK_TIME_UNSET,
                      ork_metrics_get_bucket_width (self->metrics)
                      * ork_metrics_get_n_buckets (self->metrics),
                      everything);
  gtk_label_set_text (self->span_label, span);
  self->numbers_since = everything ? ORK_TIME_UNSET : since;
  self->numbers_until = everything ? ORK_TIME_NEVER : until;

  ork_metrics_get_summary (self->metrics, self->job_id, ORK_TIME_UNSET, ORK_TIME_NEVER, &whole);
  if (whole.n_runs == 0)
    {
      /* What to do depends on whether there is anything to run. */
      adw_status_page_set_description (
        self->empty_page,
        g_list_model_get_n_items (ork_workspace_get_jobs (workspace)) == 0
        ? _("This workspace has no jobs yet: add one on the Jobs page, and the charts fill in "
            "as its runs finish.")
        : _("The charts fill in as runs finish. Start the clock, or run a job now."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "charts");

  ork_metrics_get_summary (self->metrics, self->job_id, self->numbers_since,
                           self->numbers_until, &summary);
  update_numbers (self, &summary);

  self->since = since;
  self->until = until;
  self->pending_cards = (1u << N_CARDS) - 1;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && self->card_tick_id == 0)
    self->card_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_card_tick, NULL, NULL);
  else if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh_pending_cards (self);
}

/* Following the session ------------------------------------------------------------------ */

static void
on_metrics_changed (OrkMetricsPage *self)
{
  queue_refresh (self);
}

static void
set_metrics (OrkMetricsPage *self,
             OrkMetrics     *metrics)
{
  if (self->metrics == metrics)
    return;
  if (self->metrics != NULL)
    g_signal_handlers_disconnect_by_func (self->metrics, on_metrics_changed, self);
  g_set_object (&self->metrics, metrics);
  if (metrics != NULL)
    g_signal_connect_object (metrics, "changed", G_CALLBACK (on_metrics_changed), self,
                             G_CONNECT_SWAPPED);
}

static void
on_engine_changed (OrkMetricsPage *self)
{
  set_metrics (self, ork_session_get_metrics (self->session));
  queue_refresh (self);
}

static void
select_job_in_dropdown (OrkMetricsPage *self)
{
  guint position = 0;

  for (guint i = 1; self->job_id != NULL && i < self->job_ids->len; i++)
    if (g_strcmp0 (self->job_ids->pdata[i], self->job_id) == 0)
      position = i;
  self->rebuilding_jobs = TRUE;
  gtk_drop_down_set_selected (self->job_dropdown, position);
  self->rebuilding_jobs = FALSE;
}

static void
rebuild_jobs (OrkMetricsPage *self)
{
  guint n = self->jobs ? g_list_model_get_n_items (self->jobs) : 0;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  self->jobs_dirty = FALSE;
  g_ptr_array_set_size (self->job_ids, 0);
  g_ptr_array_add (self->job_ids, NULL);
  g_ptr_array_add (names, (gpointer) _("All Jobs"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (self->jobs, i);

      g_ptr_array_add (self->job_ids, g_strdup (ork_job_get_id (job)));
      g_ptr_array_add (names, (gpointer) ork_job_get_name (job));
    }
  g_ptr_array_add (names, NULL);

  self->rebuilding_jobs = TRUE;
  gtk_string_list_splice (self->job_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->job_names)),
                          (const char * const *) names->pdata);
  self->rebuilding_jobs = FALSE;
  select_job_in_dropdown (self);
}

static void
on_jobs_changed (OrkMetricsPage *self)
{
  if (self->active)
    rebuild_jobs (self);
  else
    self->jobs_dirty = TRUE;
  /* The empty state says whether there are jobs. */
  if (ork_metrics_page_is_empty (self))
    queue_refresh (self);
}

static void
on_job_selected (OrkMetricsPage *self)
{
  guint position = gtk_drop_down_get_selected (self->job_dropdown);

  if (self->rebuilding_jobs || position == GTK_INVALID_LIST_POSITION ||
      position >= self->job_ids->len)
    return;
  ork_metrics_page_set_job (self, self->job_ids->pdata[position]);
}

static void
on_latency_selected (OrkMetricsPage *self)
{
  guint position = gtk_drop_down_get_selected (self->latency_dropdown);

  if (position < ORK_METRICS_N_LATENCIES)
    ork_metrics_page_set_latency (self, (OrkMetricsLatency) position);
}

static void
on_range_changed (OrkMetricsPage *self)
{
  queue_refresh (self);
}

/* Building the cards ---------------------------------------------------------------------- */

static void
on_table_toggled (GtkToggleButton *toggle,
                  OrkMetricsPage  *self)
{
  for (guint c = 0; c < N_CARDS; c++)
    if (self->cards[c].toggle == toggle)
      {
        gboolean table = gtk_toggle_button_get_active (toggle);

        gtk_stack_set_visible_child_name (self->cards[c].stack, table ? "table" : "chart");
        update_table (self, &self->cards[c]);
      }
}

static const char *
chart_title (GtkWidget *chart)
{
  if (ORK_IS_SERIES_CHART (chart))
    return ork_series_chart_get_title (ORK_SERIES_CHART (chart));
  if (ORK_IS_HISTOGRAM_CHART (chart))
    return ork_histogram_chart_get_title (ORK_HISTOGRAM_CHART (chart));
  return ork_bar_chart_get_title (ORK_BAR_CHART (chart));
}

static void
on_chart_title (GtkWidget  *chart,
                GParamSpec *pspec,
                GtkLabel   *label)
{
  gtk_label_set_text (label, chart_title (chart));
}

static void
add_card (OrkMetricsPage *self,
          guint           index,
          GtkWidget      *chart,
          GtkWidget      *extra)
{
  Card *card = &self->cards[index];
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *table_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *table_title = gtk_label_new (chart_title (chart));
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *toggle = gtk_toggle_button_new ();

  card->chart = chart;
  card->stack = GTK_STACK (stack);
  card->toggle = GTK_TOGGLE_BUTTON (toggle);
  card->table = ork_chart_table_new ();

  gtk_widget_add_css_class (overlay, "card");
  gtk_widget_set_size_request (overlay, 320, 240);
  gtk_widget_set_hexpand (chart, TRUE);
  gtk_widget_set_vexpand (chart, TRUE);
  gtk_stack_add_named (GTK_STACK (stack), chart, "chart");

  gtk_label_set_xalign (GTK_LABEL (table_title), 0);
  gtk_widget_add_css_class (table_title, "heading");
  gtk_widget_set_margin_start (table_title, 12);
  gtk_widget_set_margin_top (table_title, 12);
  g_signal_connect_object (chart, "notify::title", G_CALLBACK (on_chart_title), table_title, 0);
  gtk_box_append (GTK_BOX (table_box), table_title);
  gtk_widget_set_margin_top (card->table, 6);
  gtk_box_append (GTK_BOX (table_box), card->table);
  gtk_stack_add_named (GTK_STACK (stack), table_box, "table");
  gtk_overlay_set_child (GTK_OVERLAY (overlay), stack);

  gtk_button_set_icon_name (GTK_BUTTON (toggle), "view-list-symbolic");
  gtk_widget_set_tooltip_text (toggle, _("Show the numbers as a table"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Table"),
                                  -1);
  gtk_widget_add_css_class (toggle, "flat");
  g_signal_connect (toggle, "toggled", G_CALLBACK (on_table_toggled), self);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_valign (buttons, GTK_ALIGN_START);
  gtk_widget_set_margin_top (buttons, 6);
  gtk_widget_set_margin_end (buttons, 6);
  if (extra != NULL)
    gtk_box_append (GTK_BOX (buttons), extra);
  gtk_box_append (GTK_BOX (buttons), toggle);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), buttons);

  gtk_flow_box_append (self->chart_box, overlay);
}

static void
add_number (OrkMetricsPage       *self,
            OrkMetricsPageNumber  number,
            const char           *caption)
{
  GtkWidget *tile = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *value = gtk_label_new ("—");
  GtkWidget *label = gtk_label_new (caption);

  gtk_widget_add_css_class (tile, "card");
  gtk_widget_set_margin_top (value, 8);
  gtk_widget_set_margin_bottom (label, 8);
  gtk_widget_set_margin_start (tile, 0);
  gtk_widget_add_css_class (value, "title-3");
  gtk_widget_add_css_class (value, "numeric");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_box_append (GTK_BOX (tile), value);
  gtk_box_append (GTK_BOX (tile), label);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL,
                                  -1);
  self->numbers[number] = GTK_LABEL (value);
  gtk_flow_box_append (self->summary_box, tile);
}

/* GObject ---------------------------------------------------------------------------------- */

static void
ork_metrics_page_dispose (GObject *object)
{
  OrkMetricsPage *self = ORK_METRICS_PAGE (object);

  /* Nothing to show any more: no refresh after this. */
  self->active = FALSE;
  ork_metrics_page_set_session (self, NULL);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->range != NULL)
    g_signal_handlers_disconnect_by_func (self->range, on_range_changed, self);
  g_clear_object (&self->range);
  gtk_widget_dispose_template (GTK_WIDGET (self), ORK_TYPE_METRICS_PAGE);

  G_OBJECT_CLASS (ork_metrics_page_parent_class)->dispose (object);
}

static void
ork_metrics_page_finalize (GObject *object)
{
  OrkMetricsPage *self = ORK_METRICS_PAGE (object);

  g_free (self->job_id);
  g_ptr_array_unref (self->job_ids);
  g_clear_object (&self->job_names);

  G_OBJECT_CLASS (ork_metrics_page_parent_class)->finalize (object);
}

static void
ork_metrics_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  OrkMetricsPage *self = ORK_METRICS_PAGE (object);

  switch (prop_id)
    {
    case PROP_JOB:
      g_value_set_string (value, self->job_id);
      break;
    case PROP_LATENCY:
      g_value_set_int (value, self->latency);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_metrics_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  OrkMetricsPage *self = ORK_METRICS_PAGE (object);

  switch (prop_id)
    {
    case PROP_JOB:
      ork_metrics_page_set_job (self, g_value_get_string (value));
      break;
    case PROP_LATENCY:
      ork_metrics_page_set_latency (self, g_value_get_int (value));
      break;
    case PROP_ACTIVE:
      ork_metrics_page_set_active (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_metrics_page_class_init (OrkMetricsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ork_metrics_page_dispose;
  object_class->finalize = ork_metrics_page_finalize;
  object_class->get_property = ork_metrics_page_get_property;
  object_class->set_property = ork_metrics_page_set_property;

  properties[PROP_JOB] =
    g_param_spec_string ("job", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LATENCY] =
    g_param_spec_int ("latency", NULL, NULL, 0, ORK_METRICS_N_LATENCIES - 1, ORK_METRICS_DURATION,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/orkestron/Orkestron/ork-metrics-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OrkMetricsPage, box);
  gtk_widget_class_bind_template_child (widget_class, OrkMetricsPage, job_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OrkMetricsPage, span_label);
  gtk_widget_class_bind_template_child (widget_class, OrkMetricsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, OrkMetricsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, OrkMetricsPage, summary_box);
  gtk_widget_class_bind_template_child (widget_class, OrkMetricsPage, chart_box);
  gtk_widget_class_bind_template_callback (widget_class, on_job_selected);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "orkmetricspage");
}

static void
ork_metrics_page_init (OrkMetricsPage *self)
{
  const char * const latencies[] = {
    _("Queue Wait"), _("Duration"), _("End to End"), _("Lateness"), NULL,
  };

  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->latency = ORK_METRICS_DURATION;
  self->job_ids = g_ptr_array_new_with_free_func (g_free);
  self->job_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->job_dropdown, G_LIST_MODEL (self->job_names));
  rebuild_jobs (self);

  add_number (self, ORK_METRICS_PAGE_RUNS, _("Finished runs"));
  add_number (self, ORK_METRICS_PAGE_SUCCEEDED, _("Succeeded"));
  add_number (self, ORK_METRICS_PAGE_FAILED, _("Failed"));
  add_number (self, ORK_METRICS_PAGE_SKIPPED, _("Skipped"));
  add_number (self, ORK_METRICS_PAGE_FAILURE_RATE, _("Run failure rate"));
  /* Runs, not attempts: a run that succeeds on a retry did not fail. */
  gtk_widget_set_tooltip_text (gtk_widget_get_parent (
                                 GTK_WIDGET (self->numbers[ORK_METRICS_PAGE_FAILURE_RATE])),
                               _("Runs that failed or timed out for good, of the finished runs: "
                                 "a run that succeeded on a retry counts as succeeded"));
  add_number (self, ORK_METRICS_PAGE_P50, _("p50 duration"));
  add_number (self, ORK_METRICS_PAGE_P95, _("p95 duration"));
  add_number (self, ORK_METRICS_PAGE_P99, _("p99 duration"));

  self->latency_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (latencies));
  gtk_drop_down_set_selected (self->latency_dropdown, ORK_METRICS_DURATION);
  gtk_widget_add_css_class (GTK_WIDGET (self->latency_dropdown), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->latency_dropdown),
                               _("The latency the histogram and the percentiles show"));
  g_signal_connect_swapped (self->latency_dropdown, "notify::selected",
                            G_CALLBACK (on_latency_selected), self);

  add_card (self, CARD_HISTOGRAM, ork_histogram_chart_new (_("Duration"), _("Attempts")),
            GTK_WIDGET (self->latency_dropdown));
  add_card (self, CARD_PERCENTILES,
            ork_series_chart_new (_("Duration percentiles"), _("Duration, per minute"),
                                  ORK_AXIS_FORMAT_DURATION),
            NULL);
  add_card (self, CARD_THROUGHPUT,
            ork_series_chart_new (_("Throughput"), _("Finished runs per minute"), ORK_AXIS_FORMAT_NUMBER),
            NULL);
  add_card (self, CARD_FAILURES,
            ork_series_chart_new (_("Failure rate"), _("Failed ÷ finished runs, per minute"),
                                  ORK_AXIS_FORMAT_PERCENT),
            NULL);
  add_card (self, CARD_QUEUE,
            ork_series_chart_new (_("Queue depth and running"), _("Runs, average per minute"),
                                  ORK_AXIS_FORMAT_NUMBER),
            NULL);
  add_card (self, CARD_RETRIES,
            ork_bar_chart_new (_("Retry distribution"), _("Attempts per finished run"), _("Runs")),
            NULL);
  ork_bar_chart_set_color (ORK_BAR_CHART (self->cards[CARD_RETRIES].chart), ORK_CHART_COLOR_SERIES_4);

  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* Public API ----------------------------------------------------------------------------- */

GtkWidget *
ork_metrics_page_new (OrkTimeRange *range)
{
  OrkMetricsPage *self;

  g_return_val_if_fail (ORK_IS_TIME_RANGE (range), NULL);

  self = g_object_new (ORK_TYPE_METRICS_PAGE, NULL);
  self->range = g_object_ref (range);
  g_signal_connect_object (range, "changed", G_CALLBACK (on_range_changed), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

void
ork_metrics_page_set_session (OrkMetricsPage *self,
                              OrkSession     *session)
{
  g_return_if_fail (ORK_IS_METRICS_PAGE (self));
  g_return_if_fail (session == NULL || ORK_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, on_engine_changed, self);
  if (self->jobs != NULL)
    g_signal_handlers_disconnect_by_func (self->jobs, on_jobs_changed, self);
  g_clear_object (&self->jobs);
  g_set_object (&self->session, session);
  set_metrics (self, session ? ork_session_get_metrics (session) : NULL);

  if (session != NULL)
    {
      g_signal_connect_object (session, "engine-changed", G_CALLBACK (on_engine_changed), self,
                               G_CONNECT_SWAPPED);
      self->jobs = g_object_ref (ork_workspace_get_jobs (ork_session_get_workspace (session)));
      g_signal_connect_object (self->jobs, "items-changed", G_CALLBACK (on_jobs_changed), self,
                               G_CONNECT_SWAPPED);
    }
  on_jobs_changed (self);
  queue_refresh (self);
}

void
ork_metrics_page_set_job (OrkMetricsPage *self,
                          const char     *job_id)
{
  g_return_if_fail (ORK_IS_METRICS_PAGE (self));

  if (g_strcmp0 (self->job_id, job_id) == 0)
    return;
  g_free (self->job_id);
  self->job_id = g_strdup (job_id);
  select_job_in_dropdown (self);
  queue_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
}

const char *
ork_metrics_page_get_job (OrkMetricsPage *self)
{
  g_return_val_if_fail (ORK_IS_METRICS_PAGE (self), NULL);

  return self->job_id;
}

void
ork_metrics_page_set_active (OrkMetricsPage *self,
                             gboolean        active)
{
  g_return_if_fail (ORK_IS_METRICS_PAGE (self));

  active = !!active;
  if (self->active == active)
    return;
  self->active = active;
  if (active && self->jobs_dirty)
    rebuild_jobs (self);
  if (active)
    refresh (self);
  else
    g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

void
ork_metrics_page_set_latency (OrkMetricsPage    *self,
                              OrkMetricsLatency  latency)
{
  g_return_if_fail (ORK_IS_METRICS_PAGE (self));
  g_return_if_fail (latency < ORK_METRICS_N_LATENCIES);

  if (self->latency == latency)
    return;
  self->latency = latency;
  gtk_drop_down_set_selected (self->latency_dropdown, latency);
  queue_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATENCY]);
}

OrkMetricsLatency
ork_metrics_page_get_latency (OrkMetricsPage *self)
{
  g_return_val_if_fail (ORK_IS_METRICS_PAGE (self), ORK_METRICS_DURATION);

  return self->latency;
}

void
ork_metrics_page_refresh (OrkMetricsPage *self)
{
  g_return_if_fail (ORK_IS_METRICS_PAGE (self));

  refresh (self);
  refresh_pending_cards (self);
}

guint
ork_metrics_page_get_n_pending_charts (OrkMetricsPage *self)
{
  g_return_val_if_fail (ORK_IS_METRICS_PAGE (self), 0);
  return (guint) __builtin_popcount (self->pending_cards) + (self->refresh_id != 0 ? N_CARDS : 0);
}

gboolean
ork_metrics_page_is_empty (OrkMetricsPage *self)
{
  g_return_val_if_fail (ORK_IS_METRICS_PAGE (self), TRUE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0;
}

const char *
ork_metrics_page_get_number (OrkMetricsPage       *self,
                             OrkMetricsPageNumber  number)
{
  g_return_val_if_fail (ORK_IS_METRICS_PAGE (self), NULL);
  g_return_val_if_fail (number < ORK_METRICS_PAGE_N_NUMBERS, NULL);

  return gtk_label_get_text (self->numbers[number]);
}

const char *
ork_metrics_page_get_span_text (OrkMetricsPage *self)
{
  g_return_val_if_fail (ORK_IS_METRICS_PAGE (self), NULL);

  return gtk_label_get_text (self->span_label);
}

OrkHistogramChart *
ork_metrics_page_get_histogram_chart (OrkMetricsPage *self)
{
  g_return_val_if_fail (ORK_IS_METRICS_PAGE (self), NULL);

  return ORK_HISTOGRAM_CHART (self->cards[CARD_HISTOGRAM].chart);
}

OrkSeriesChart *
ork_metrics_page_get_percentile_chart (OrkMetricsPage *self)
{
  g_return_val_if_fail (ORK_IS_METRICS_PAGE (self), NULL);

  return ORK_SERIES_CHART (self->cards[CARD_PERCENTILES].chart);
}

OrkSeriesChart *
ork_metrics_page_get_throughput_chart (OrkMetricsPage *self)
{
  g_return_val_if_fail (ORK_IS_METRICS_PAGE (self), NULL);

  return ORK_SERIES_CHART (self->cards[CARD_THROUGHPUT].chart);
}

OrkSeriesChart *
ork_metrics_page_get_failure_chart (OrkMetricsPage *self)
{
  g_return_val_if_fail (ORK_IS_METRICS_PAGE (self), NULL);

  return ORK_SERIES_CHART (self->cards[CARD_FAILURES].chart);
}

OrkSeriesChart *
ork_metrics_page_get_queue_chart (OrkMetricsPage *self)
{
  g_return_val_if_fail (ORK_IS_METRICS_PAGE (self), NULL);

  return ORK_SERIES_CHART (self->cards[CARD_QUEUE].chart);
}

OrkBarChart *
ork_metrics_page_get_retry_chart (OrkMetricsPage *self)
{
  g_return_val_if_fail (ORK_IS_METRICS_PAGE (self), NULL);

  return ORK_BAR_CHART (self->cards[CARD_RETRIES].chart);
}

static Card *
find_card (OrkMetricsPage *self,
           GtkWidget      *chart)
{
  for (guint c = 0; c < N_CARDS; c++)
    if (self->cards[c].chart == chart)
      return &self->cards[c];
  return NULL;
}

GtkToggleButton *
ork_metrics_page_get_table_toggle (OrkMetricsPage *self,
                                   GtkWidget      *chart)
{
  Card *card;

  g_return_val_if_fail (ORK_IS_METRICS_PAGE (self), NULL);

  card = find_card (self, chart);
  g_return_val_if_fail (card != NULL, NULL);
  return card->toggle;
}

GtkWidget *
ork_metrics_page_get_table (OrkMetricsPage *self,
                            GtkWidget      *chart)
{
  Card *card;

  g_return_val_if_fail (ORK_IS_METRICS_PAGE (self), NULL);

  card = find_card (self, chart);
  g_return_val_if_fail (card != NULL, NULL);
  return card->table;
}
