/* ork-metrics-page.h — the Metrics page: summary numbers and charts of the runs
 *
 * Shows, for all jobs or one, over the time range's focus (the selection,
 * else the visible span): the runs, how many succeeded and failed, the
 * failure rate and the duration percentiles; a latency histogram (queue
 * wait, duration, end-to-end or lateness) with its percentiles; that
 * latency's p50/p95/p99 over time; the throughput; the failure rate; the
 * queue depth and running count; the retry distribution. Each chart can be
 * shown as a table of its numbers. While active, the page follows the
 * metrics ("changed", at most every 250 ms) and the time range.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ork-bar-chart.h"
#include "ork-histogram-chart.h"
#include "ork-series-chart.h"
#include "ork-session.h"
#include "ork-time-range.h"

G_BEGIN_DECLS

#define ORK_TYPE_METRICS_PAGE (ork_metrics_page_get_type ())

G_DECLARE_FINAL_TYPE (OrkMetricsPage, ork_metrics_page, ORK, METRICS_PAGE, GtkWidget)

/* The summary numbers the page shows. */
typedef enum
{
  ORK_METRICS_PAGE_RUNS,        /* finished runs */
  ORK_METRICS_PAGE_SUCCEEDED,
  ORK_METRICS_PAGE_FAILED,
  ORK_METRICS_PAGE_SKIPPED,
  ORK_METRICS_PAGE_FAILURE_RATE,
  ORK_METRICS_PAGE_P50,
  ORK_METRICS_PAGE_P95,
  ORK_METRICS_PAGE_P99,
  ORK_METRICS_PAGE_N_NUMBERS,
} OrkMetricsPageNumber;

/* Properties: "job" (string or NULL), "latency" (OrkMetricsLatency as int),
 * "active" (bool). */

GtkWidget  *ork_metrics_page_new         (OrkTimeRange   *range);
void        ork_metrics_page_set_session (OrkMetricsPage *self,
                                          OrkSession     *session);
/* @job_id NULL: all jobs. */
void        ork_metrics_page_set_job     (OrkMetricsPage *self,
                                          const char     *job_id);
const char *ork_metrics_page_get_job     (OrkMetricsPage *self);
/* Only an active (shown) page queries the metrics and redraws; it catches
 * up when it becomes active. */
void        ork_metrics_page_set_active  (OrkMetricsPage *self,
                                          gboolean        active);
/* The latency the histogram and the percentile chart show. */
void        ork_metrics_page_set_latency (OrkMetricsPage    *self,
                                          OrkMetricsLatency  latency);
OrkMetricsLatency ork_metrics_page_get_latency (OrkMetricsPage *self);

/* Queries the metrics now (it otherwise does so shortly after a change). */
void        ork_metrics_page_refresh     (OrkMetricsPage *self);

/* What is shown, for tests. */
gboolean    ork_metrics_page_is_empty    (OrkMetricsPage *self);
/* Charts not yet redrawn after a change: they follow one a frame. */
guint       ork_metrics_page_get_n_pending_charts (OrkMetricsPage *self);
const char *ork_metrics_page_get_number  (OrkMetricsPage       *self,
                                          OrkMetricsPageNumber  number);
/* "Showing Thu 26 Nov 10:00 – 14:00, Europe/Berlin" */
const char *ork_metrics_page_get_span_text (OrkMetricsPage *self);
OrkHistogramChart *ork_metrics_page_get_histogram_chart   (OrkMetricsPage *self);
OrkSeriesChart    *ork_metrics_page_get_percentile_chart  (OrkMetricsPage *self);
OrkSeriesChart    *ork_metrics_page_get_throughput_chart  (OrkMetricsPage *self);
OrkSeriesChart    *ork_metrics_page_get_failure_chart     (OrkMetricsPage *self);
OrkSeriesChart    *ork_metrics_page_get_queue_chart       (OrkMetricsPage *self);
OrkBarChart       *ork_metrics_page_get_retry_chart       (OrkMetricsPage *self);
/* A chart's table toggle and table (ork_chart_table_get_rows () reads it). */
GtkToggleButton   *ork_metrics_page_get_table_toggle (OrkMetricsPage *self,
                                                      GtkWidget      *chart);
GtkWidget         *ork_metrics_page_get_table        (OrkMetricsPage *self,
                                                      GtkWidget      *chart);

G_END_DECLS
