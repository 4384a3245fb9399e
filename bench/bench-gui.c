/* bench-gui.c — the main window's first frame and its paint times under load
 *
 * Two phases, each on the real OrkWindow over an in-memory workspace in a
 * simulation from 2026-11-26T00:00:00Z, seed 1:
 *
 *   first-frame  FIRST_JOBS jobs (default 100,000): the time from the start
 *                of the window's creation (ork_window_new, set_session,
 *                present) to the frame clock's first "after-paint" (and the
 *                main thread's CPU time in it), and from main () to it;
 *   load         LOAD_JOBS jobs (default 10,000) for SECONDS (default 10)
 *                with the simulation clock running, as the window's Run
 *                button runs it, at the speed that makes about RATE (default
 *                1,000) job statuses change every second: a 4 s warm-up at
 *                speed 60 (not measured; the first instant makes thousands of
 *                jobs leave IDLE at once) measures the changes per simulated
 *                second, the speed is set from it, and every second it is
 *                corrected by the shortfall or excess of the total so far.
 *
 * In the load phase the frame clock's "before-paint" and "after-paint" give
 * the paint time of every frame (update, layout and paint), in wall time and
 * in the main thread's CPU time (what is left when other processes take the
 * CPU), split at the end of "layout". Change-to-paint latency is measured
 * twice:
 *   next frame   every status change ("notify::status") until the next
 *                "after-paint", whether the frame shows it or not;
 *   on screen    a change to a job whose row is on screen, until the end of
 *                the first frame after which the row's status cell reads the
 *                job's current status (found by walking the column view's
 *                mapped rows after each frame) — what the user waits for
 *                (about 2 such changes a second: run 60 s or more for a p99
 *                that is not the maximum).
 * On a shared machine a frame's wall time also counts waiting for a CPU and
 * for the X server: the frames whose wall time exceeds their thread CPU time
 * by more than 4 ms, and the process's involuntary context switches, say
 * how much.
 *
 * Jobs: sync, cleanup, batch and metrics in turn, every 5 to 60 minutes
 * with anchors spread over the interval (so fires are spread in time), one
 * job in ten failing 30 % of its attempts (so some retry and fail), 64
 * workers. Run by hand (bench/run-bench-gui.sh sets up Xvfb and D-Bus):
 *   bench-gui [FIRST_JOBS [LOAD_JOBS [SECONDS [RATE]]]]
 * A count of 0 skips its phase. BENCH_GUI_SORT=TITLE sorts the list by the
 * column of that title (e.g. Status) for the load phase: every change then
 * moves its row, as a user who sorts sees it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "ork-format.h"
#include "ork-session.h"
#include "ork-window.h"

/* 2026-11-26T00:00:00Z */
#define START_US (G_GINT64_CONSTANT (1795651200) * G_USEC_PER_SEC)
#define WARM_UP_S 4
#define WARM_UP_SPEED 60.0

typedef struct
{
  OrkJob *job;
  gint64  at;                  /* monotonic µs */
} Change;

typedef struct
{
  GdkFrameClock *frame_clock;
  gint64         created;      /* monotonic µs: window creation started */
  gint64         first_frame;  /* monotonic µs: first after-paint, or 0 */
  gint64         created_cpu;  /* thread CPU µs at creation */
  gint64         first_frame_cpu;

  /* Load phase. */
  gboolean       measuring;
  gint64         before;       /* monotonic µs of the last before-paint, or 0 */
  GArray        *paint;        /* gint64 µs per frame: before-paint to after-paint */
  GArray        *paint_cpu;    /* gint64 µs per frame: the same in thread CPU time */
  gint64         before_cpu;
  GArray        *layout;       /* gint64 µs per frame: before-paint to the end of "layout" */
  GArray        *render;       /* gint64 µs per frame: the end of "layout" to the end of "paint" */
  gint64         layout_end;   /* monotonic µs, or 0 */
  gint64         render_end;
  GArray        *pending;      /* gint64 µs: changes since the last paint */
  GArray        *pending_vis;  /* Change: changes to rows on screen, not shown yet */
  GArray        *latency;      /* gint64 µs */
  GArray        *latency_vis;  /* gint64 µs */
  GHashTable    *on_screen;    /* job name → status text shown at the last frame */
  guint          n_vis;        /* changes to rows on screen */
  guint          n_vis_left;   /* ... whose row left the screen before it showed them */
  GtkWidget     *column_view;
  OrkSession    *session;
  guint64        n_changes;
  gint64         virtual_start; /* engine time at the start of the measure */
  double         speed;        /* calibrated */
  double         max_speed;
  guint          n_frames;
  guint          n_waited;     /* frames whose wall time exceeds their CPU time by > 4 ms */
  gint64         load_start;   /* monotonic µs */
  guint64        rate;
  gint64         duration;     /* µs */
  struct rusage  usage;        /* at the start of the measure */
  gboolean       done;
} Bench;

static gint64 main_start;

/* CPU time of the calling thread, µs: a paint's own cost, whatever the
 * other processes on a shared machine take from it. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static OrkWorkspace *
build_workspace (guint n_jobs)
{
  static const OrkJobType types[] = {
    ORK_JOB_TYPE_SYNC, ORK_JOB_TYPE_CLEANUP, ORK_JOB_TYPE_BATCH, ORK_JOB_TYPE_METRICS,
  };
  OrkWorkspace *workspace = ork_workspace_new ();

  ork_workspace_set_workers (workspace, 64);
  for (guint i = 0; i < n_jobs; i++)
    {
      g_autofree char *id = g_strdup_printf ("job_%06u", i);
      g_autofree char *name = g_strdup_printf ("Job %06u", i);
      OrkJobType type = types[i % G_N_ELEMENTS (types)];
      g_autoptr(OrkJob) job = ork_job_new (id, type);
      g_autoptr(OrkSchedule) schedule = NULL;

      ork_job_set_name (job, name);
      gint64 every_ms = (gint64) (5 + (i * 7) % 56) * 60 * 1000;

      schedule = ork_schedule_new_interval (every_ms);
      schedule->anchor = g_date_time_new_from_unix_utc ((gint64) ((i * G_GUINT64_CONSTANT (104729)) %
                                                                  (guint64) every_ms) / 1000);
      g_assert_true (ork_schedule_prepare (schedule, NULL));
      ork_job_set_schedule (job, schedule);
      if (i % 10 == 0)
        {
          g_autoptr(OrkSimSpec) spec = ork_sim_spec_new_for_type (type);

          spec->failure_rate = 0.3;
          ork_job_set_simulation (job, spec);
        }
      ork_workspace_add_job (workspace, job);
    }
  return workspace;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The @p-th percentile (0..100) in ms of @values (µs), sorted in place. */
static double
percentile_ms (GArray *values,
               double  p)
{
  guint i;

  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_gint64);
  i = (guint) (p / 100.0 * (values->len - 1) + 0.5);
  return g_array_index (values, gint64, MIN (i, values->len - 1)) / 1000.0;
}

static long
peak_rss_mib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

static void
collect_inscriptions (GtkWidget *widget,
                      GPtrArray *out)
{
  if (GTK_IS_INSCRIPTION (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_inscriptions (c, out);
}

/* The rows on screen: each mapped row's name cell → its status cell. */
static void
collect_on_screen (GtkWidget  *widget,
                   GHashTable *rows)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (g_str_equal (gtk_widget_get_css_name (widget), "row"))
    {
      g_autoptr(GPtrArray) cells = g_ptr_array_new ();

      collect_inscriptions (widget, cells);
      /* name, type, schedule, status, ... */
      if (cells->len >= 4 && gtk_inscription_get_text (cells->pdata[0]) != NULL)
        g_hash_table_insert (rows, g_strdup (gtk_inscription_get_text (cells->pdata[0])),
                             g_strdup (gtk_inscription_get_text (cells->pdata[3])));
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_on_screen (c, rows);
}

static void
on_before_paint (GdkFrameClock *clock,
                 Bench         *b)
{
  b->before = g_get_monotonic_time ();
  b->before_cpu = thread_cpu_us ();
}

/* Connected after GDK's own handlers: these run when the phase is done. */
static void
on_layout (GdkFrameClock *clock,
           Bench         *b)
{
  b->layout_end = g_get_monotonic_time ();
}

static void
on_paint (GdkFrameClock *clock,
          Bench         *b)
{
  b->render_end = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Bench         *b)
{
  gint64 now = g_get_monotonic_time ();

  if (b->first_frame == 0)
    {
      b->first_frame = now;
      b->first_frame_cpu = thread_cpu_us ();
    }
  if (!b->measuring)
    return;

  b->n_frames++;
  if (b->before != 0)
    {
      gint64 paint = now - b->before;

      gint64 cpu = thread_cpu_us () - b->before_cpu;

      g_array_append_val (b->paint, paint);
      g_array_append_val (b->paint_cpu, cpu);
      if (paint - cpu > 4000)
        b->n_waited++;
      if (b->layout_end >= b->before && b->render_end >= b->layout_end)
        {
          gint64 layout = b->layout_end - b->before, render = b->render_end - b->layout_end;

          g_array_append_val (b->layout, layout);
          g_array_append_val (b->render, render);
        }
    }
  b->before = 0;
  for (guint i = 0; i < b->pending->len; i++)
    {
      gint64 delay = now - g_array_index (b->pending, gint64, i);

      g_array_append_val (b->latency, delay);
    }
  g_array_set_size (b->pending, 0);

  /* A change to a row on screen is shown once the row reads the job's
   * current status. */
  g_hash_table_remove_all (b->on_screen);
  collect_on_screen (b->column_view, b->on_screen);
  for (guint i = 0; i < b->pending_vis->len;)
    {
      Change *c = &g_array_index (b->pending_vis, Change, i);
      const char *shown = g_hash_table_lookup (b->on_screen, ork_job_get_name (c->job));

      if (shown == NULL)
        b->n_vis_left++;
      else if (g_str_equal (shown, ork_format_job_status (ork_job_get_status (c->job))))
        {
          gint64 delay = now - c->at;

          g_array_append_val (b->latency_vis, delay);
        }
      else
        {
          i++;
          continue;
        }
      g_array_remove_index_fast (b->pending_vis, i);
    }
}

static void
on_realize (GtkWidget *window,
            Bench     *b)
{
  b->frame_clock = gtk_widget_get_frame_clock (window);
  g_assert_nonnull (b->frame_clock);
  g_signal_connect (b->frame_clock, "before-paint", G_CALLBACK (on_before_paint), b);
  g_signal_connect (b->frame_clock, "after-paint", G_CALLBACK (on_after_paint), b);
  g_signal_connect_after (b->frame_clock, "layout", G_CALLBACK (on_layout), b);
  g_signal_connect_after (b->frame_clock, "paint", G_CALLBACK (on_paint), b);
}

static void
on_status (OrkJob     *job,
           GParamSpec *pspec,
           Bench      *b)
{
  gint64 now;

  b->n_changes++;
  if (!b->measuring)
    return;
  now = g_get_monotonic_time ();
  g_array_append_val (b->pending, now);
  if (g_hash_table_contains (b->on_screen, ork_job_get_name (job)))
    {
      Change c = { job, now };

      g_array_append_val (b->pending_vis, c);
      b->n_vis++;
    }
}

static OrkWindow *
open_window (Bench      *b,
             OrkSession *session)
{
  OrkWindow *window;

  b->created = g_get_monotonic_time ();
  b->created_cpu = thread_cpu_us ();
  b->first_frame = 0;
  window = ork_window_new (NULL);
  g_signal_connect_after (window, "realize", G_CALLBACK (on_realize), b);
  ork_window_set_session (window, session);
  gtk_window_present (GTK_WINDOW (window));
  while (b->first_frame == 0)
    g_main_context_iteration (NULL, TRUE);
  return window;
}

static void
close_window (Bench     *b,
              OrkWindow *window)
{
  g_signal_handlers_disconnect_by_data (b->frame_clock, b);
  b->frame_clock = NULL;
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GtkWidget *
find_column_view (GtkWidget *widget)
{
  if (GTK_IS_COLUMN_VIEW (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_column_view (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
run_first_frame (Bench *b,
                 guint  n_jobs)
{
  g_autoptr(OrkWorkspace) workspace = NULL;
  g_autoptr(OrkSession) session = NULL;
  OrkWindow *window;
  gint64 t0 = g_get_monotonic_time (), t1, t2;

  workspace = build_workspace (n_jobs);
  t1 = g_get_monotonic_time ();
  session = ork_session_new (workspace, NULL);
  ork_session_start_simulation (session, START_US, 1, NULL);
  t2 = g_get_monotonic_time ();

  window = open_window (b, session);
  printf ("first-frame: %u jobs\n", n_jobs);
  printf ("  build the workspace              %8.1f ms\n", (t1 - t0) / 1000.0);
  printf ("  session and simulation           %8.1f ms\n", (t2 - t1) / 1000.0);
  printf ("  window creation to first frame   %8.1f ms   (target <= 1000 ms)\n",
          (b->first_frame - b->created) / 1000.0);
  printf ("    of which CPU time of the main thread %8.1f ms\n",
          (b->first_frame_cpu - b->created_cpu) / 1000.0);
  printf ("  main () to first frame           %8.1f ms\n", (b->first_frame - main_start) / 1000.0);
  printf ("  peak RSS                         %8ld MiB\n", peak_rss_mib ());
  fflush (stdout);

  close_window (b, window);
  ork_session_stop (session);
}

static void
start_measuring (Bench *b,
                 gint64 now)
{
  g_array_set_size (b->paint, 0);
  g_array_set_size (b->paint_cpu, 0);
  g_array_set_size (b->layout, 0);
  g_array_set_size (b->render, 0);
  g_array_set_size (b->pending, 0);
  g_array_set_size (b->pending_vis, 0);
  b->before = 0;
  b->n_frames = 0;
  b->n_waited = 0;
  b->n_vis = 0;
  b->n_vis_left = 0;
  b->measuring = TRUE;
  b->load_start = now;
  b->n_changes = 0;
  b->virtual_start = ork_clock_now (ork_session_get_clock (b->session));
  getrusage (RUSAGE_SELF, &b->usage);
}

static gboolean
on_warm_up_half (gpointer user_data)
{
  Bench *b = user_data;

  /* The first instant's burst is behind: count from here. */
  b->n_changes = 0;
  b->virtual_start = ork_clock_now (ork_session_get_clock (b->session));
  return G_SOURCE_REMOVE;
}

static gboolean
on_warm_up_done (gpointer user_data)
{
  Bench *b = user_data;
  gint64 virtual_now = ork_clock_now (ork_session_get_clock (b->session));
  double per_virtual_s = b->n_changes / ((virtual_now - b->virtual_start) / 1e6);

  b->speed = CLAMP (b->rate / MAX (per_virtual_s, 1e-3), 1.0, 10000.0);
  b->max_speed = b->speed;
  ork_session_set_speed (b->session, b->speed);
  start_measuring (b, g_get_monotonic_time ());
  return G_SOURCE_REMOVE;
}

/* Every second: the changes per simulated second drift (and come in
 * bursts), so the speed follows the shortfall or excess of the total so
 * far, by at most 2× a second. */
static gboolean
on_adjust_speed (gpointer user_data)
{
  Bench *b = user_data;
  double elapsed = (g_get_monotonic_time () - b->load_start) / 1e6;
  double factor = b->rate * elapsed / MAX (b->n_changes, 1);

  if (b->done)
    return G_SOURCE_REMOVE;
  ork_session_set_speed (b->session, ork_session_get_speed (b->session) * CLAMP (factor, 0.5, 2.0));
  b->max_speed = MAX (b->max_speed, ork_session_get_speed (b->session));
  return G_SOURCE_CONTINUE;
}

static gboolean
on_measure_done (gpointer user_data)
{
  Bench *b = user_data;

  b->done = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_load (Bench  *b,
          guint   n_jobs,
          double  seconds,
          guint   rate)
{
  g_autoptr(OrkWorkspace) workspace = build_workspace (n_jobs);
  g_autoptr(OrkSession) session = ork_session_new (workspace, NULL);
  GListModel *jobs = ork_workspace_get_jobs (workspace);
  OrkWindow *window;
  guint n_changes;
  struct rusage r0, r1;
  double cpu, wall;

  ork_session_start_simulation (session, START_US, 1, NULL);
  for (guint i = 0; i < n_jobs; i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (jobs, i);

      g_signal_connect (job, "notify::status", G_CALLBACK (on_status), b);
    }
  window = open_window (b, session);
  printf ("load: %u jobs, %u status changes a second for %.0f s\n", n_jobs, rate, seconds);
  printf ("  window creation to first frame   %8.1f ms\n", (b->first_frame - b->created) / 1000.0);

  b->column_view = find_column_view (GTK_WIDGET (window));
  g_assert_nonnull (b->column_view);
  b->session = session;
  if (g_getenv ("BENCH_GUI_SORT") != NULL)
    {
      GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (b->column_view));
      gboolean found = FALSE;

      for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
        {
          g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

          if (g_strcmp0 (gtk_column_view_column_get_title (column), g_getenv ("BENCH_GUI_SORT")) == 0)
            {
              gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (b->column_view), column,
                                              GTK_SORT_ASCENDING);
              found = TRUE;
            }
        }
      g_assert_true (found);
      printf ("  sorted by                        %s\n", g_getenv ("BENCH_GUI_SORT"));
    }

  b->paint = g_array_new (FALSE, FALSE, sizeof (gint64));
  b->paint_cpu = g_array_new (FALSE, FALSE, sizeof (gint64));
  b->layout = g_array_new (FALSE, FALSE, sizeof (gint64));
  b->render = g_array_new (FALSE, FALSE, sizeof (gint64));
  b->pending = g_array_new (FALSE, FALSE, sizeof (gint64));
  b->pending_vis = g_array_new (FALSE, FALSE, sizeof (Change));
  b->latency = g_array_new (FALSE, FALSE, sizeof (gint64));
  b->latency_vis = g_array_new (FALSE, FALSE, sizeof (gint64));
  b->rate = rate;
  b->duration = (gint64) (seconds * G_USEC_PER_SEC);
  b->measuring = FALSE;
  b->done = FALSE;

  /* Warm-up at WARM_UP_SPEED, not measured; its second half gives the
   * changes per simulated second. */
  ork_session_set_speed (session, WARM_UP_SPEED);
  ork_session_set_running (session, TRUE);
  g_timeout_add (WARM_UP_S * 1000 / 2, on_warm_up_half, b);
  g_timeout_add (WARM_UP_S * 1000, on_warm_up_done, b);
  while (!b->measuring)
    g_main_context_iteration (NULL, TRUE);
  g_timeout_add ((guint) (seconds * 1000), on_measure_done, b);
  g_timeout_add (1000, on_adjust_speed, b);
  while (!b->done)
    g_main_context_iteration (NULL, TRUE);
  getrusage (RUSAGE_SELF, &r1);
  r0 = b->usage;
  b->measuring = FALSE;
  ork_session_set_running (session, FALSE);

  n_changes = b->latency->len + b->pending->len;
  wall = (g_get_monotonic_time () - b->load_start) / 1e6;
  cpu = (r1.ru_utime.tv_sec - r0.ru_utime.tv_sec) + (r1.ru_stime.tv_sec - r0.ru_stime.tv_sec) +
        ((r1.ru_utime.tv_usec - r0.ru_utime.tv_usec) + (r1.ru_stime.tv_usec - r0.ru_stime.tv_usec)) / 1e6;

  printf ("  speed                            %.0f× to %.0f× (%.1f simulated minutes)\n", b->speed, b->max_speed,
          (ork_clock_now (ork_session_get_clock (session)) - b->virtual_start) / 60e6);
  printf ("  status changes                   %8u (%.0f a second)\n", n_changes, n_changes / wall);
  printf ("  changes to rows on screen        %8u (%u shown, %u left the screen first, %u not shown yet)\n",
          b->n_vis, b->latency_vis->len, b->n_vis_left, b->pending_vis->len);
  printf ("  frames                           %8u (%.1f a second)\n", b->n_frames, b->n_frames / wall);
  printf ("  CPU / wall                       %7.0f %%\n", 100 * cpu / wall);
  /* On a shared machine a frame also waits for a CPU (or for the X server):
   * these say how often. */
  printf ("  frames that waited > 4 ms         %7u (wall minus thread CPU time)\n", b->n_waited);
  printf ("  involuntary context switches     %8ld\n", r1.ru_nivcsw - r0.ru_nivcsw);
  printf ("  paint time            p50 %6.2f  p90 %6.2f  p99 %6.2f  max %6.2f ms   (target p99 <= 4 ms)\n",
          percentile_ms (b->paint, 50), percentile_ms (b->paint, 90), percentile_ms (b->paint, 99),
          percentile_ms (b->paint, 100));
  printf ("    thread CPU time     p50 %6.2f  p99 %6.2f  max %6.2f ms\n",
          percentile_ms (b->paint_cpu, 50), percentile_ms (b->paint_cpu, 99), percentile_ms (b->paint_cpu, 100));
  printf ("    update + layout     p50 %6.2f  p99 %6.2f  max %6.2f ms\n",
          percentile_ms (b->layout, 50), percentile_ms (b->layout, 99), percentile_ms (b->layout, 100));
  printf ("    render (cairo)      p50 %6.2f  p99 %6.2f  max %6.2f ms\n",
          percentile_ms (b->render, 50), percentile_ms (b->render, 99), percentile_ms (b->render, 100));
  printf ("  change to next frame  p50 %6.2f  p99 %6.2f  max %6.2f ms\n",
          percentile_ms (b->latency, 50), percentile_ms (b->latency, 99), percentile_ms (b->latency, 100));
  printf ("  change shown on screen  p50 %6.2f  p90 %6.2f  p99 %6.2f  max %6.2f ms   (target p99 <= 20 ms)\n",
          percentile_ms (b->latency_vis, 50), percentile_ms (b->latency_vis, 90),
          percentile_ms (b->latency_vis, 99), percentile_ms (b->latency_vis, 100));
  printf ("  peak RSS                         %8ld MiB\n", peak_rss_mib ());
  fflush (stdout);

  for (guint i = 0; i < n_jobs; i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (jobs, i);

      g_signal_handlers_disconnect_by_data (job, b);
    }
  close_window (b, window);
  ork_session_stop (session);
  b->session = NULL;
  b->column_view = NULL;
  g_clear_pointer (&b->paint, g_array_unref);
  g_clear_pointer (&b->paint_cpu, g_array_unref);
  g_clear_pointer (&b->layout, g_array_unref);
  g_clear_pointer (&b->render, g_array_unref);
  g_clear_pointer (&b->pending, g_array_unref);
  g_clear_pointer (&b->pending_vis, g_array_unref);
  g_clear_pointer (&b->latency, g_array_unref);
  g_clear_pointer (&b->latency_vis, g_array_unref);
}

int
main (int   argc,
      char *argv[])
{
  guint first_jobs = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 100000;
  guint load_jobs = argc > 2 ? (guint) strtoul (argv[2], NULL, 10) : 10000;
  double seconds = argc > 3 ? strtod (argv[3], NULL) : 10;
  guint rate = argc > 4 ? (guint) strtoul (argv[4], NULL, 10) : 1000;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp_dir = NULL;
  Bench b = { 0 };

  main_start = g_get_monotonic_time ();
  /* Whatever the window writes (data directory, settings) goes here. */
  tmp_dir = g_dir_make_tmp ("orkestron-bench-gui-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", tmp_dir, TRUE);
  g_setenv ("XDG_STATE_HOME", tmp_dir, TRUE);

  if (!gtk_init_check ())
    {
      fprintf (stderr, "bench-gui: no display (run bench/run-bench-gui.sh)\n");
      return 1;
    }
  adw_init ();
  b.on_screen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  printf ("GTK %u.%u.%u, libadwaita %u.%u.%u, GSK_RENDERER=%s\n",
          gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
          adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version (),
          g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "(default)");
  if (first_jobs > 0)
    run_first_frame (&b, first_jobs);
  if (load_jobs > 0 && seconds > 0 && rate > 0)
    run_load (&b, load_jobs, seconds, rate);

  g_hash_table_unref (b.on_screen);
  return 0;
}
