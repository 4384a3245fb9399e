/* bench-event-log.c — what the event log costs the engine
 *
 * 1. Raw appends into a log of the default capacity, with and without a
 *    listener on "items-changed" (with one, the log announces by itself
 *    every capacity's worth, since nobody flushes).
 * 2. The engine in fast-forward on the virtual clock, 100 jobs every
 *    second, for a simulated day: events per second of wall time without a
 *    log, and with a log attached.
 * 3. g_list_model_get_item () over the whole view (the GUI's cost per row).
 *
 * Run by hand: build-dir/bench/bench-event-log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ork-event-log.h"
#include "ork-scheduler.h"
#include "ork-workspace.h"

#define START G_GINT64_CONSTANT (1795651200000000)

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *n)
{
  (*n)++;
}

static void
bench_appends (gboolean listener)
{
  g_autoptr(OrkEventLog) log = ork_event_log_new (0);
  OrkLogEntryData data;
  guint n_signals = 0;
  const guint n = 10000000;
  gint64 t0, t1;

  if (listener)
    g_signal_connect (log, "items-changed", G_CALLBACK (on_items_changed), &n_signals);
  ork_log_entry_data_init (&data);
  data.kind = ORK_LOG_KIND_TRANSITION;
  data.job_id = "job_042";
  data.from = ORK_RUN_QUEUED;
  data.to = ORK_RUN_RUNNING;
  data.reason = ORK_REASON_SCHEDULE;
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      data.time = START + i;
      data.run_id = i + 1;
      ork_event_log_append (log, &data);
    }
  ork_event_log_flush (log);
  t1 = g_get_monotonic_time ();
  g_print ("appends (%s listener): %.1f M/s, %u announcements\n",
           listener ? "with" : "without", n / ((t1 - t0) / 1e6) / 1e6, n_signals);
}

static double
bench_engine (gboolean with_log,
              guint64 *n_events)
{
  g_autoptr(GString) json = g_string_new ("{\"version\":1,\"jobs\":[");
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkWorkspace) workspace = NULL;
  g_autoptr(OrkClock) clock = NULL;
  g_autoptr(OrkScheduler) scheduler = NULL;
  g_autoptr(OrkEventLog) log = NULL;
  guint n_signals = 0;
  gint64 t0, t1;

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (json, "%s{\"id\":\"job_%03u\",\"type\":\"metrics\","
                            "\"schedule\":{\"kind\":\"interval\",\"every\":\"1s\"},"
                            "\"simulation\":{\"latency\":{\"fixed\":\"10ms\"}}}",
                            i == 0 ? "" : ",", i);
  g_string_append (json, "]}");
  workspace = ork_workspace_load_from_data (json->str, -1, "bench.json", NULL, &error);
  g_assert_no_error (error);
  clock = ork_virtual_clock_new (START);
  scheduler = ork_scheduler_new (workspace, clock);
  if (with_log)
    {
      log = ork_event_log_new (0);
      g_signal_connect (log, "items-changed", G_CALLBACK (on_items_changed), &n_signals);
      ork_event_log_attach (log, scheduler);
    }
  ork_scheduler_start (scheduler);
  t0 = g_get_monotonic_time ();
  ork_virtual_clock_advance_to (ORK_VIRTUAL_CLOCK (clock), START + G_GINT64_CONSTANT (3600) * 6 * 1000000);
  t1 = g_get_monotonic_time ();
  *n_events = ork_scheduler_get_n_transitions (scheduler);
  if (log != NULL)
    {
      ork_event_log_detach (log);

      /* 3: every row of the view, as the GUI would bind them. */
      {
        GListModel *model = G_LIST_MODEL (log);
        guint n = g_list_model_get_n_items (model);
        gint64 g0 = g_get_monotonic_time ();

        for (guint i = 0; i < n; i++)
          {
            g_autoptr(OrkLogEntry) e = g_list_model_get_item (model, i);

            (void) ork_log_entry_get_summary (e);
          }
        g_print ("get_item + summary: %.0f ns per row (%u rows)\n",
                 (g_get_monotonic_time () - g0) * 1000.0 / n, n);
      }
    }
  return (t1 - t0) / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  guint64 n_without, n_with;
  double without, with;

  bench_appends (FALSE);
  bench_appends (TRUE);
  without = bench_engine (FALSE, &n_without);
  with = bench_engine (TRUE, &n_with);
  g_print ("engine, 100 jobs x 6 h simulated: %" G_GUINT64_FORMAT " transitions; "
           "%.2f s without a log (%.2f M/s), %.2f s with (%.2f M/s)\n",
           n_without, without, n_without / without / 1e6, with, n_with / with / 1e6);
  return 0;
}
