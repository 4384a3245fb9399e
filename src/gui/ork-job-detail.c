/* ork-job-detail.c — one job in full: settings, upcoming fires, runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-job-detail"

#include "config.h"

#include <inttypes.h>
#include <math.h>

#include <glib/gi18n.h>

#include "ork-duration.h"
#include "ork-format.h"
#include "ork-job-detail.h"
#include "ork-run-strip.h"
#include "ork-series-chart.h"

/* Events of the shown job are gathered and shown at most this often. */
#define REFRESH_DELAY_MS 300
/* The percentile chart merges the metrics' buckets into at most this many
 * windows, so that each holds enough runs for its p95 and p99 to differ
 * from the maximum. */
#define CHART_MAX_WINDOWS 24
/* Selecting a run loads at most this many runs of the history. */
#define SELECT_MAX_RUNS (50 * ORK_JOB_DETAIL_PAGE)

typedef struct
{
  gint64     at;
  GtkWidget *row;
} Fire;

struct _OrkJobDetail
{
  GtkWidget      parent_instance;

  OrkSession    *session;
  OrkScheduler  *scheduler;
  gulong         record_id;
  gulong         transition_id;
  OrkJob        *job;
  gulong         job_id_handler;

  GPtrArray     *setting_rows;
  GArray        *fires;          /* Fire */
  GPtrArray     *run_rows;
  GHashTable    *expanded;       /* run id (guint64 in a pointer) of expanded rows */
  guint          n_wanted;       /* runs asked of the history */
  guint          refresh_id;
  gint64         last_refresh;   /* monotonic µs */
  gboolean       stale;          /* something changed while hidden */
  gboolean       upcoming_stale; /* behind: its tab was not shown */
  gboolean       runs_stale;
  guint64        scroll_run;     /* run whose row to scroll to, or 0 */
  guint          scroll_tick_id;
  guint          scroll_frames;

  GtkStack      *stack;
  GtkStack      *sections;
  GtkToggleButton *runs_tab;
  GtkToggleButton *upcoming_tab;
  GtkToggleButton *settings_tab;
  GtkLabel      *title_label;
  GtkLabel      *subtitle_label;
  GtkWidget     *status_dot;
  AdwPreferencesGroup *settings_group;
  AdwPreferencesGroup *upcoming_group;
  AdwPreferencesGroup *runs_group;
  GtkListBox    *runs_list;
  GtkScrolledWindow *runs_scroller;
  GtkStack      *charts_stack;
  GtkWidget     *percentile_chart;
  GtkWidget     *run_strip;
  GtkWidget     *load_more_button;
  GtkWidget     *back_button;    /* shown by the Jobs page on a narrow window */
};

G_DEFINE_FINAL_TYPE (OrkJobDetail, ork_job_detail, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_JOB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Words -------------------------------------------------------------------- */

static char *
duration_words (gint64 ms)
{
  return ork_duration_describe (ms);
}

static char *
describe_retry (const OrkRetryPolicy *retry)
{
  g_autofree char *initial = NULL;
  g_autofree char *cap = NULL;
  g_autoptr(GString) s = g_string_new (NULL);

  if (retry == NULL || retry->max_retries == 0)
    return g_strdup (_("No retries"));

  g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "Up to %u retry", "Up to %u retries",
                                          retry->max_retries),
                          retry->max_retries);
  initial = duration_words (retry->initial_ms);
  cap = duration_words (retry->max_delay_ms);

  switch (retry->backoff)
    {
    case ORK_BACKOFF_FIXED:
      g_string_append_printf (s, _(", every %s"), initial);
      break;
    case ORK_BACKOFF_LINEAR:
      g_string_append_printf (s, _(", linear from %s"), initial);
      break;
    case ORK_BACKOFF_EXPONENTIAL:
      g_string_append_printf (s, _(", exponential from %s ×%g"), initial, retry->multiplier);
      break;
    case ORK_BACKOFF_DELAYS:
      g_string_append (s, _(", after "));
      for (guint i = 0; retry->delays != NULL && i < retry->delays->len; i++)
        {
          g_autofree char *d = duration_words (g_array_index (retry->delays, gint64, i));
          g_string_append_printf (s, "%s%s", i > 0 ? ", " : "", d);
        }
      break;
    default:
      break;
    }
  if (retry->backoff != ORK_BACKOFF_FIXED)
    g_string_append_printf (s, _(", at most %s"), cap);
  switch (retry->jitter)
    {
    case ORK_JITTER_FULL:
      g_string_append (s, _(", full jitter"));
      break;
    case ORK_JITTER_EQUAL:
      g_string_append (s, _(", equal jitter"));
      break;
    case ORK_JITTER_DECORRELATED:
      g_string_append (s, _(", decorrelated jitter"));
      break;
    case ORK_JITTER_NONE:
    default:
      break;
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
describe_quiet_hours (const OrkQuietHours *qh)
{
  g_autoptr(GString) s = g_string_new (NULL);

  if (qh == NULL || qh->windows == NULL || qh->windows->len == 0)
    return g_strdup (_("none"));
  for (guint i = 0; i < qh->windows->len; i++)
    {
      const OrkQuietWindow *w = &g_array_index (qh->windows, OrkQuietWindow, i);
      g_autofree char *days = ork_format_days (w->days, FALSE);

      g_string_append_printf (s, "%s%02u:%02u–%02u:%02u %s", i > 0 ? "; " : "",
                              w->from_min / 60, w->from_min % 60, w->to_min / 60, w->to_min % 60,
                              days);
    }
  g_string_append (s, qh->policy == ORK_QUIET_POLICY_SKIP ? _(", runs skipped")
                                                          : _(", runs deferred"));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static const OrkQuietHours *
resolved_quiet_hours (OrkJobDetail *self)
{
  switch (ork_job_get_quiet_mode (self->job))
    {
    case ORK_QUIET_IGNORE:
      return NULL;
    case ORK_QUIET_OWN:
      return ork_job_get_quiet_hours (self->job);
    case ORK_QUIET_INHERIT:
    default:
      return ork_workspace_get_quiet_hours (ork_session_get_workspace (self->session));
    }
}

static char *
describe_quiet (OrkJobDetail *self)
{
  g_autofree char *text = NULL;

  switch (ork_job_get_quiet_mode (self->job))
    {
    case ORK_QUIET_IGNORE:
      return g_strdup (_("Ignored"));
    case ORK_QUIET_OWN:
      text = describe_quiet_hours (ork_job_get_quiet_hours (self->job));
      return g_strdup_printf (_("Own: %s"), text);
    case ORK_QUIET_INHERIT:
    default:
      text = describe_quiet_hours (resolved_quiet_hours (self));
      return g_strdup_printf (_("From the workspace: %s"), text);
    }
}

static char *
describe_latency (const OrkSimSpec *spec)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  switch (spec->latency)
    {
    case ORK_LATENCY_FIXED:
      a = duration_words (spec->fixed_ms);
      return g_strdup_printf (_("always %s"), a);
    case ORK_LATENCY_UNIFORM:
      a = duration_words (spec->min_ms);
      b = duration_words (spec->max_ms);
      return g_strdup_printf (_("between %s and %s"), a, b);
    case ORK_LATENCY_LOGNORMAL:
    default:
      a = duration_words (spec->median_ms);
      b = duration_words (spec->p99_ms);
      return g_strdup_printf (_("median %s, p99 %s"), a, b);
    }
}

static char *
describe_simulation (const OrkSimSpec *spec)
{
  g_autofree char *latency = NULL;
  g_autoptr(GString) s = g_string_new (NULL);

  if (spec == NULL)
    return g_strdup ("—");
  latency = describe_latency (spec);
  g_string_append_printf (s, _("Takes %s; fails %g %%"), latency, spec->failure_rate * 100.0);
  if (spec->hang_rate > 0)
    g_string_append_printf (s, _(", hangs %g %%"), spec->hang_rate * 100.0);
  if (spec->chaos != NULL && spec->chaos->len > 0)
    g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "; %u chaos window",
                                            "; %u chaos windows", spec->chaos->len),
                            spec->chaos->len);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
describe_command (OrkJob *job)
{
  const char * const *argv = ork_job_get_argv (job);
  const char * const *env = ork_job_get_env (job);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; argv != NULL && argv[i] != NULL; i++)
    {
      g_autofree char *quoted = g_shell_quote (argv[i]);
      g_string_append_printf (s, "%s%s", i > 0 ? " " : "", quoted);
    }
  if (ork_job_get_cwd (job) != NULL)
    g_string_append_printf (s, _("\nin %s"), ork_job_get_cwd (job));
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    g_string_append_printf (s, "\n%s", env[i]);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static const char *
describe_overlap (OrkOverlap overlap)
{
  switch (overlap)
    {
    case ORK_OVERLAP_QUEUE: return _("Queue one more run");
    case ORK_OVERLAP_REPLACE: return _("Replace the current run");
    case ORK_OVERLAP_ALLOW: return _("Allow runs side by side");
    case ORK_OVERLAP_SKIP:
    default: return _("Skip the new run");
    }
}

static const char *
describe_missed (OrkMissedPolicy policy)
{
  switch (policy)
    {
    case ORK_MISSED_SKIP: return _("Skip them");
    case ORK_MISSED_RUN_ALL: return _("Run each one");
    case ORK_MISSED_RUN_ONCE:
    default: return _("Run once");
    }
}

static const char *
describe_priority (OrkPriority priority)
{
  switch (priority)
    {
    case ORK_PRIORITY_LOW: return _("low");
    case ORK_PRIORITY_HIGH: return _("high");
    case ORK_PRIORITY_CRITICAL: return _("critical");
    case ORK_PRIORITY_NORMAL:
    default: return _("normal");
    }
}

/* Building ----------------------------------------------------------------- */

static GTimeZone *
display_zone (OrkJobDetail *self)
{
  return ork_workspace_get_time_zone (ork_session_get_workspace (self->session));
}

static gint64
engine_now (OrkJobDetail *self)
{
  OrkClock *clock = ork_session_get_clock (self->session);

  return clock != NULL ? ork_clock_now (clock) : g_get_real_time ();
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, rows->pdata[i]);
  g_ptr_array_set_size (rows, 0);
}

static void
add_setting (OrkJobDetail *self,
             const char   *title,
             const char   *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (self->settings_group, row);
  g_ptr_array_add (self->setting_rows, row);
}

static void
build_header (OrkJobDetail *self)
{
  static const char *status_classes[] = {
    "status-disabled", "status-paused", "status-running", "status-queued", "status-retrying",
    "status-failed", "status-scheduled", "status-idle", "status-blocked",
  };
  OrkJobStatus status = ork_job_get_status (self->job);
  g_autofree char *subtitle = NULL;

  gtk_label_set_text (self->title_label, ork_job_get_name (self->job));
  subtitle = g_strdup_printf ("%s · %s", ork_job_get_id (self->job),
                              ork_format_job_status (status));
  gtk_label_set_text (self->subtitle_label, subtitle);
  for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
    gtk_widget_remove_css_class (self->status_dot, status_classes[i]);
  gtk_widget_add_css_class (self->status_dot, ork_format_job_status_css (status));
}

static void
build_settings (OrkJobDetail *self)
{
  OrkJob *job = self->job;
  const OrkSchedule *schedule = ork_job_get_schedule (job);
  g_autofree char *type = NULL;
  g_autofree char *sched = NULL;
  g_autofree char *zone = NULL;
  g_autofree char *jitter = NULL;
  g_autofree char *retry = NULL;
  g_autofree char *timeout = NULL;
  g_autofree char *concurrency = NULL;
  g_autofree char *missed = NULL;
  g_autofree char *grace = NULL;
  g_autofree char *quiet = NULL;
  const char * const *tags = ork_job_get_tags (job);

  clear_rows (self->settings_group, self->setting_rows);

  type = g_strdup_printf (_("%s, %s priority%s"), ork_format_job_type (ork_job_get_job_type (job)),
                          describe_priority (ork_job_get_priority (job)),
                          ork_job_get_enabled (job) ? "" : _(", disabled"));
  add_setting (self, _("Type"), type);

  sched = schedule != NULL ? ork_schedule_describe (schedule) : g_strdup ("—");
  add_setting (self, _("Schedule"), sched);

  if (schedule != NULL && schedule->timezone != NULL)
    zone = g_strdup (schedule->timezone);
  else
    zone = g_strdup_printf (_("%s (the workspace’s)"), ork_format_zone_name (display_zone (self)));
  add_setting (self, _("Time Zone"), zone);

  if (ork_job_get_start_jitter (job) > 0)
    {
      g_autofree char *d = duration_words (ork_job_get_start_jitter (job));
      jitter = g_strdup_printf (_("Up to %s after each fire time"), d);
    }
  else
    jitter = g_strdup (_("None"));
  add_setting (self, _("Start Jitter"), jitter);

  retry = describe_retry (ork_job_get_retry (job));
  add_setting (self, _("Retries"), retry);

  if (ork_job_get_timeout (job) == ORK_DURATION_NONE)
    timeout = g_strdup (_("None"));
  else
    {
      g_autofree char *d = duration_words (ork_job_get_timeout (job));
      timeout = g_strdup_printf (_("%s per attempt"), d);
    }
  add_setting (self, _("Timeout"), timeout);

  if (ork_job_get_group (job) != NULL)
    concurrency = g_strdup_printf (_("At most %u at once, in group “%s”"),
                                   ork_job_get_max_running (job), ork_job_get_group (job));
  else
    concurrency = g_strdup_printf (_("At most %u at once"), ork_job_get_max_running (job));
  add_setting (self, _("Concurrency"), concurrency);
  add_setting (self, _("When Still Running"), describe_overlap (ork_job_get_overlap (job)));

  grace = duration_words (ork_job_get_missed_grace (job));
  missed = g_strdup_printf (_("%s, when more than %s late"),
                            describe_missed (ork_job_get_missed_policy (job)), grace);
  add_setting (self, _("Missed Runs"), missed);

  quiet = describe_quiet (self);
  add_setting (self, _("Quiet Hours"), quiet);

  if (ork_job_get_job_type (job) == ORK_JOB_TYPE_COMMAND)
    {
      g_autofree char *command = describe_command (job);
      add_setting (self, _("Command"), command);
    }
  if (ork_job_get_job_type (job) != ORK_JOB_TYPE_COMMAND ||
      ork_session_get_mode (self->session) == ORK_MODE_SIMULATION)
    {
      g_autofree char *sim = describe_simulation (ork_job_get_simulation (job));
      add_setting (self, _("Simulation"), sim);
    }
  if (tags != NULL && tags[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) tags);
      add_setting (self, _("Tags"), joined);
    }
}

static gint32
offset_at (GTimeZone *tz,
           gint64     time_us)
{
  gint64 s = time_us / ORK_USEC_PER_SEC;
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, s);

  return interval < 0 ? 0 : g_time_zone_get_offset (tz, interval);
}

static char *
describe_offset (gint32 offset)
{
  return g_strdup_printf ("%c%02d:%02d", offset < 0 ? '-' : '+', ABS (offset) / 3600,
                          (ABS (offset) % 3600) / 60);
}

static void
build_upcoming (OrkJobDetail *self)
{
  const OrkSchedule *schedule = ork_job_get_schedule (self->job);
  const OrkQuietHours *quiet = resolved_quiet_hours (self);
  GTimeZone *zone = display_zone (self);
  GTimeZone *job_zone;
  g_autofree char *description = NULL;
  gint64 now = engine_now (self), t = now;
  gint32 previous;

  for (guint i = 0; i < self->fires->len; i++)
    adw_preferences_group_remove (self->upcoming_group, g_array_index (self->fires, Fire, i).row);
  g_array_set_size (self->fires, 0);

  description = g_strdup_printf (_("Times in %s"), ork_format_zone_name (zone));
  adw_preferences_group_set_description (self->upcoming_group, description);
  if (schedule == NULL)
    return;

  job_zone = schedule->tz != NULL ? schedule->tz : zone;
  previous = offset_at (job_zone, now);
  for (guint i = 0; i < ORK_JOB_DETAIL_N_FIRES; i++)
    {
      g_autofree char *title = NULL;
      g_autoptr(GString) subtitle = NULL;
      GtkWidget *row;
      gint32 offset;
      gint64 quiet_end;
      Fire fire;

      t = ork_schedule_next (schedule, zone, t, G_MININT64);
      if (t == ORK_TIME_NEVER)
        break;

      title = ork_format_time (t, zone);
      subtitle = g_string_new (NULL);
      {
        g_autofree char *relative = ork_format_relative (t, now);
        g_string_append (subtitle, relative);
      }
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_widget_add_css_class (row, "fire-time");

      offset = offset_at (job_zone, t);
      if (offset != previous)
        {
          g_autofree char *o = describe_offset (offset);
          GtkWidget *tag = gtk_label_new (_("DST"));

          /* Translators: %s is a UTC offset like +01:00 */
          g_string_append_printf (subtitle, _(" · clocks change: UTC%s"), o);
          gtk_widget_add_css_class (tag, "fire-tag");
          gtk_widget_add_css_class (tag, "fire-dst");
          gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (tag, _("The UTC offset differs from the previous run’s"));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
        }
      previous = offset;

      if (quiet != NULL && quiet->windows != NULL && quiet->windows->len > 0 &&
          ork_quiet_hours_contains (quiet, job_zone, t, &quiet_end))
        {
          GtkWidget *tag = gtk_label_new (_("Quiet hours"));

          if (quiet->policy == ORK_QUIET_POLICY_SKIP)
            g_string_append (subtitle, _(" · skipped: quiet hours"));
          else
            {
              g_autofree char *end = ork_format_time (quiet_end, zone);
              g_string_append_printf (subtitle, _(" · deferred by quiet hours to %s"), end);
            }
          gtk_widget_add_css_class (tag, "fire-tag");
          gtk_widget_add_css_class (tag, "fire-quiet");
          gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
        }

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      adw_preferences_group_add (self->upcoming_group, row);
      fire.at = t;
      fire.row = row;
      g_array_append_val (self->fires, fire);
    }

  if (self->fires->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      Fire fire = { ORK_TIME_NEVER, row };

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     schedule->kind == ORK_SCHEDULE_MANUAL
                                     ? _("Runs only when started by hand")
                                     : _("No run ahead"));
      adw_preferences_group_add (self->upcoming_group, row);
      /* Kept in the list to be removed, but not counted as a fire. */
      g_array_append_val (self->fires, fire);
      g_array_set_size (self->fires, 1);
    }
}

/* Runs --------------------------------------------------------------------- */

static char *
record_line (const OrkRecord *r)
{
  g_autoptr(GString) s = g_string_new (NULL);

  g_string_append_printf (s, _("Attempt %u: %s"), r->attempt, ork_format_run_state (r->status));
  if (r->reason != ORK_REASON_NONE)
    g_string_append_printf (s, " (%s)", ork_format_reason (r->reason));
  if (r->started_at != ORK_TIME_UNSET && r->finished_at != ORK_TIME_UNSET)
    {
      g_autofree char *d = ork_duration_describe ((r->finished_at - r->started_at) / ORK_USEC_PER_MS);
      g_string_append_printf (s, _(", took %s"), d);
    }
  if (r->has_exit_code)
    g_string_append_printf (s, _(", exit status %d"), r->exit_code);
  if (r->next_retry_in >= 0)
    {
      g_autofree char *d = ork_duration_describe (r->next_retry_in);
      g_string_append_printf (s, _(", retry in %s"), d);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static GtkWidget *
text_block (const char *text,
            gboolean    monospace)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  if (monospace)
    gtk_widget_add_css_class (label, "monospace");
  gtk_widget_add_css_class (label, "run-detail");
  return label;
}

/* A run row's expanded content, kept so that it can be replaced. */
static void
add_run_child (GtkWidget *expander,
               GtkWidget *child)
{
  GPtrArray *children = g_object_get_data (G_OBJECT (expander), "ork-children");

  if (children == NULL)
    {
      children = g_ptr_array_new ();
      g_object_set_data_full (G_OBJECT (expander), "ork-children", children,
                              (GDestroyNotify) g_ptr_array_unref);
    }
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), child);
  g_ptr_array_add (children, child);
}

static void
unfill_run (GtkWidget *expander)
{
  GPtrArray *children = g_object_get_data (G_OBJECT (expander), "ork-children");

  for (guint i = 0; children != NULL && i < children->len; i++)
    adw_expander_row_remove (ADW_EXPANDER_ROW (expander), children->pdata[i]);
  if (children != NULL)
    g_ptr_array_set_size (children, 0);
  g_object_set_data (G_OBJECT (expander), "ork-filled", NULL);
}

static void
fill_run (OrkJobDetail *self,
          GtkWidget    *expander)
{
  OrkHistory *history = ork_session_get_history (self->session);
  guint64 run_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (expander), "ork-run-id"));
  const char *job_id = ork_job_get_id (self->job);
  GTimeZone *zone = display_zone (self);
  g_autoptr(GPtrArray) attempts = NULL;
  g_autoptr(GPtrArray) transitions = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (history == NULL)
    return;

  attempts = ork_history_list_attempts (history, job_id, run_id, NULL);
  for (guint i = 0; attempts != NULL && i < attempts->len; i++)
    {
      const OrkRecord *r = attempts->pdata[i];
      g_autofree char *line = record_line (r);
      g_autoptr(GString) block = g_string_new (line);
      g_autoptr(GPtrArray) log = NULL;
      guint64 dropped_lines = 0;

      if (r->message != NULL)
        g_string_append_printf (block, "\n%s", r->message);
      if (r->attempt > 0)
        log = ork_history_list_log (history, job_id, run_id, r->attempt, NULL, &dropped_lines,
                                    NULL);
      if (dropped_lines > 0)
        g_string_append_printf (block, _("\n(%" PRIu64 " earlier lines dropped)"),
                                dropped_lines);
      for (guint j = 0; log != NULL && j < log->len; j++)
        {
          const OrkHistoryLogLine *l = log->pdata[j];
          g_autofree char *at = ork_format_clock_time (l->at, zone);

          g_string_append_printf (block, "\n%s %s %s", at, l->stream == 2 ? "!" : "│", l->text);
        }
      add_run_child (expander, text_block (block->str, FALSE));
    }

  transitions = ork_history_list_transitions (history, job_id, run_id, NULL);
  for (guint i = 0; transitions != NULL && i < transitions->len; i++)
    {
      const OrkHistoryTransition *t = transitions->pdata[i];
      g_autofree char *at = ork_format_clock_time (t->at, zone);

      g_string_append_printf (text, "%s%s  %s → %s", i > 0 ? "\n" : "", at,
                              ork_format_run_state (t->from), ork_format_run_state (t->to));
      if (t->reason != ORK_REASON_NONE)
        g_string_append_printf (text, " (%s)", ork_format_reason (t->reason));
    }
  if (text->len > 0)
    add_run_child (expander, text_block (text->str, TRUE));
}

static void
on_run_expanded (AdwExpanderRow *row,
                 GParamSpec     *pspec,
                 OrkJobDetail   *self)
{
  gpointer key = g_object_get_data (G_OBJECT (row), "ork-run-id");

  if (!adw_expander_row_get_expanded (row))
    {
      g_hash_table_remove (self->expanded, key);
      return;
    }
  g_hash_table_add (self->expanded, key);
  if (g_object_get_data (G_OBJECT (row), "ork-filled") == NULL)
    {
      g_object_set_data (G_OBJECT (row), "ork-filled", GINT_TO_POINTER (1));
      fill_run (self, GTK_WIDGET (row));
    }
}

/* What one run row shows. */
typedef struct
{
  guint64      run_id;
  OrkRunState  state;
  char        *title;
  char        *subtitle;
  gboolean     expandable;
} RunEntry;

static void
run_entry_clear (gpointer data)
{
  RunEntry *e = data;

  g_free (e->title);
  g_free (e->subtitle);
}

static void
add_run_entry (GArray      *entries,
               guint64      run_id,
               OrkRunState  state,
               const char  *title_extra,
               const char  *subtitle,
               gboolean     expandable)
{
  RunEntry e;

  e.run_id = run_id;
  e.state = state;
  e.title = g_strdup_printf (_("Run %" PRIu64 " · %s%s"), run_id,
                             ork_format_run_state (state), title_extra != NULL ? title_extra : "");
  e.subtitle = g_strdup (subtitle);
  e.expandable = expandable;
  g_array_append_val (entries, e);
}

/* Brings a row up to date, touching only what changed; an expanded row
 * whose run moved on gets its attempts and transitions again. */
static void
update_run_row (OrkJobDetail   *self,
                GtkWidget      *row,
                const RunEntry *e)
{
  GtkWidget *dot = g_object_get_data (G_OBJECT (row), "ork-dot");
  const char *css = ork_format_run_state_css (e->state);
  const char *old_css = g_object_get_data (G_OBJECT (dot), "ork-css");
  gboolean moved_on = FALSE;

  if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), e->title) != 0)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), e->title);
      moved_on = TRUE;
    }
  if (g_strcmp0 (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), e->subtitle) != 0)
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), e->subtitle);
  if (g_strcmp0 (old_css, css) != 0)
    {
      if (old_css != NULL)
        gtk_widget_remove_css_class (dot, old_css);
      gtk_widget_add_css_class (dot, css);
      g_object_set_data (G_OBJECT (dot), "ork-css", (gpointer) css);
    }
  if (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (row)) != e->expandable)
    adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (row), e->expandable);
  if (moved_on && g_object_get_data (G_OBJECT (row), "ork-filled") != NULL)
    {
      unfill_run (row);
      if (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)))
        {
          g_object_set_data (G_OBJECT (row), "ork-filled", GINT_TO_POINTER (1));
          fill_run (self, row);
        }
    }
}

static GtkWidget *
new_run_row (OrkJobDetail   *self,
             const RunEntry *e)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_add_css_class (dot, "status-dot");
  gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), dot);
  g_object_set_data (G_OBJECT (row), "ork-dot", dot);
  g_object_set_data (G_OBJECT (row), "ork-run-id", GSIZE_TO_POINTER (e->run_id));
  update_run_row (self, row, e);
  g_signal_connect (row, "notify::expanded", G_CALLBACK (on_run_expanded), self);
  if (e->expandable && g_hash_table_contains (self->expanded, GSIZE_TO_POINTER (e->run_id)))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  return row;
}

static void
clear_run_rows (OrkJobDetail *self)
{
  for (guint i = 0; i < self->run_rows->len; i++)
    gtk_list_box_remove (self->runs_list, self->run_rows->pdata[i]);
  g_ptr_array_set_size (self->run_rows, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->runs_list), FALSE);
}

/* Shows @entries in their order, keeping the row of a run already shown (its
 * expanded state, and the pointer over it) and moving as few as it can. */
static void
sync_run_rows (OrkJobDetail *self,
               GArray       *entries)
{
  g_autoptr(GHashTable) old = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer row;

  for (guint i = 0; i < self->run_rows->len; i++)
    g_hash_table_insert (old, g_object_get_data (self->run_rows->pdata[i], "ork-run-id"),
                         self->run_rows->pdata[i]);
  g_ptr_array_set_size (self->run_rows, 0);
  for (guint i = 0; i < entries->len; i++)
    {
      const RunEntry *e = &g_array_index (entries, RunEntry, i);
      gpointer key = GSIZE_TO_POINTER (e->run_id);

      if (g_hash_table_steal_extended (old, key, NULL, &row))
        update_run_row (self, row, e);
      else
        row = new_run_row (self, e);
      g_ptr_array_add (self->run_rows, row);
    }
  g_hash_table_iter_init (&iter, old);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    gtk_list_box_remove (self->runs_list, row);
  for (guint i = 0; i < self->run_rows->len; i++)
    {
      GtkWidget *w = self->run_rows->pdata[i];

      if (gtk_widget_get_parent (w) == NULL)
        gtk_list_box_insert (self->runs_list, w, (int) i);
      else if (gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (w)) != (int) i)
        {
          g_object_ref (w);
          gtk_list_box_remove (self->runs_list, w);
          gtk_list_box_insert (self->runs_list, w, (int) i);
          g_object_unref (w);
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->runs_list), self->run_rows->len > 0);
}

static void
build_runs (OrkJobDetail *self)
{
  OrkHistory *history = ork_session_get_history (self->session);
  const char *job_id = ork_job_get_id (self->job);
  GTimeZone *zone = display_zone (self);
  g_autoptr(GHashTable) shown = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = engine_now (self);
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (RunEntry));

  g_array_set_clear_func (entries, run_entry_clear);

  /* What the engine holds now comes first: the history may lag behind. */
  if (self->scheduler != NULL)
    {
      g_autoptr(GPtrArray) active = ork_scheduler_get_active_runs (self->scheduler);

      for (guint i = active->len; i > 0; i--)
        {
          OrkRun *run = active->pdata[i - 1];
          g_autofree char *when = NULL;
          g_autofree char *subtitle = NULL;
          g_autofree char *extra = NULL;

          if (g_strcmp0 (ork_run_get_job_id (run), job_id) != 0)
            continue;
          when = ork_format_time (ork_run_get_nominal_at (run), zone);
          if (ork_run_get_attempt (run) > 1)
            extra = g_strdup_printf (_(", attempt %u"), ork_run_get_attempt (run));
          subtitle = g_strdup_printf ("%s · %s", when, ork_format_reason (ork_run_get_reason (run)));
          add_run_entry (entries, ork_run_get_run_id (run), ork_run_get_state (run), extra, subtitle,
                       history != NULL);
          g_hash_table_add (shown, GSIZE_TO_POINTER (ork_run_get_run_id (run)));
        }
    }

  if (history == NULL)
    {
      const char *why = ork_session_get_history_error (self->session);
      adw_preferences_group_set_description (self->runs_group,
                                             why != NULL ? why : _("No history is kept"));
      gtk_widget_set_visible (GTK_WIDGET (self->runs_group), TRUE);
      gtk_widget_set_visible (self->load_more_button, FALSE);
      sync_run_rows (self, entries);
      return;
    }

  if (!ork_history_flush (history, &error))
    {
      g_debug ("Flushing the history: %s", error->message);
      g_clear_error (&error);
    }
  runs = ork_history_list_job_runs (history, job_id, 0, self->n_wanted, &error);
  if (runs == NULL)
    {
      adw_preferences_group_set_description (self->runs_group, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->runs_group), TRUE);
      gtk_widget_set_visible (self->load_more_button, FALSE);
      sync_run_rows (self, entries);
      return;
    }
  /* No runs: the charts above say so. */
  adw_preferences_group_set_description (self->runs_group, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->runs_group), runs->len > 0 || entries->len > 0);

  for (guint i = 0; i < runs->len; i++)
    {
      const OrkHistoryRun *run = runs->pdata[i];
      g_autoptr(GString) subtitle = g_string_new (NULL);
      g_autofree char *when = NULL;
      g_autofree char *extra = NULL;

      if (g_hash_table_contains (shown, GSIZE_TO_POINTER (run->run_id)))
        continue;
      when = ork_format_time (run->nominal_at, zone);
      g_string_append (subtitle, when);
      if (run->ended_at != ORK_TIME_UNSET)
        {
          g_autofree char *ago = ork_format_relative (run->ended_at, now);
          g_string_append_printf (subtitle, _(", ended %s"), ago);
        }
      if (run->reason != ORK_REASON_NONE)
        g_string_append_printf (subtitle, " · %s", ork_format_reason (run->reason));
      if (run->last != NULL && run->last->started_at != ORK_TIME_UNSET &&
          run->last->finished_at != ORK_TIME_UNSET)
        {
          g_autofree char *d = ork_duration_describe ((run->last->finished_at -
                                                       run->last->started_at) / ORK_USEC_PER_MS);
          g_string_append_printf (subtitle, " · %s", d);
        }
      if (run->last != NULL && run->last->has_exit_code)
        g_string_append_printf (subtitle, _(" · exit %d"), run->last->exit_code);
      if (run->attempts > 1)
        extra = g_strdup_printf (_(" after %u attempts"), run->attempts);
      if (run->manual)
        g_string_append (subtitle, _(" · started by hand"));
      add_run_entry (entries, run->run_id, run->state, extra, subtitle->str, TRUE);
    }
  gtk_widget_set_visible (self->load_more_button, runs->len >= self->n_wanted);
  sync_run_rows (self, entries);
}

/* Charts ------------------------------------------------------------------- */

/* The smallest window, a round multiple of the metrics' bucket width, that
 * cuts @span into at most CHART_MAX_WINDOWS. */
static gint64
chart_window (gint64 bucket_width,
              gint64 span)
{
  static const guint multiples[] = { 1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440 };

  for (guint i = 0; i < G_N_ELEMENTS (multiples); i++)
    {
      gint64 window = bucket_width * multiples[i];

      if ((span + window - 1) / window <= CHART_MAX_WINDOWS)
        return window;
    }
  return bucket_width * multiples[G_N_ELEMENTS (multiples) - 1];
}

/* The job's duration p50, p95 and p99 per window, over the time the metrics
 * keep since the job's first run in it, up to now. */
static void
build_percentiles (OrkJobDetail *self)
{
  OrkMetrics *metrics = ork_session_get_metrics (self->session);
  OrkSeriesChart *chart = ORK_SERIES_CHART (self->percentile_chart);
  const char *job_id = ork_job_get_id (self->job);
  g_autoptr(GArray) probe = g_array_new (FALSE, FALSE, sizeof (OrkMetricsPoint));
  GArray *points[3];
  static const double quantiles[3] = { 0.50, 0.95, 0.99 };
  static const char *names[3] = { "p50", "p95", "p99" };
  g_autofree char *window_text = NULL;
  g_autofree char *unit = NULL;
  gint64 width, now, end, first = ORK_TIME_UNSET, window, start;

  ork_series_chart_clear (chart);
  if (metrics == NULL)
    return;
  width = ork_metrics_get_bucket_width (metrics);
  now = engine_now (self);
  end = (now / width + 1) * width;
  ork_metrics_get_series (metrics, job_id, ORK_METRICS_SERIES_DURATION_P50,
                          end - width * ork_metrics_get_n_buckets (metrics), end, probe);
  for (guint i = 0; i < probe->len && first == ORK_TIME_UNSET; i++)
    if (isfinite (g_array_index (probe, OrkMetricsPoint, i).value))
      first = g_array_index (probe, OrkMetricsPoint, i).time;
  if (first == ORK_TIME_UNSET)
    first = end - width;

  window = chart_window (width, end - first);
  start = first / window * window;
  end = (end + window - 1) / window * window;
  for (guint q = 0; q < 3; q++)
    points[q] = g_array_new (FALSE, FALSE, sizeof (OrkMetricsPoint));
  for (gint64 t = start; t < end; t += window)
    {
      g_autoptr(OrkHistogram) h = ork_metrics_get_histogram (metrics, job_id, ORK_METRICS_DURATION,
                                                             t, t + window);
      gboolean any = h != NULL && ork_histogram_get_count (h) > 0;

      for (guint q = 0; q < 3; q++)
        {
          OrkMetricsPoint p = { t, any ? ork_histogram_get_percentile (h, quantiles[q]) : NAN };

          g_array_append_val (points[q], p);
        }
    }

  window_text = ork_chart_format_duration ((double) window);
  /* TRANSLATORS: the value axis of the job detail's percentile chart: "Duration, per 30 min" */
  unit = g_strdup_printf (_("Duration, per %s"), window_text);
  ork_series_chart_set_unit (chart, unit);
  ork_series_chart_set_span (chart, start, end, window);
  ork_series_chart_set_time_zone (chart, display_zone (self));
  for (guint q = 0; q < 3; q++)
    {
      ork_series_chart_add_series (chart, names[q], ORK_CHART_COLOR_SERIES_1 + q, ORK_SERIES_LINE,
                                   points[q]);
      g_array_unref (points[q]);
    }
}

static char *
describe_strip_bar (OrkJobDetail    *self,
                    const OrkRecord *r)
{
  GTimeZone *zone = display_zone (self);
  gint64 at = r->finished_at != ORK_TIME_UNSET ? r->finished_at : r->nominal_at;
  g_autofree char *when = ork_format_time (at, zone);
  g_autoptr(GString) s = g_string_new (NULL);

  if (r->status == ORK_RUN_SKIPPED)
    /* TRANSLATORS: a skipped run in the job detail's run strip: "Run 12: Skipped" */
    g_string_append_printf (s, _("Run %" PRIu64 ": %s"), r->run_id,
                            ork_format_run_state (r->status));
  else
    /* TRANSLATORS: an attempt in the job detail's run strip: "Run 12, attempt 2: Failed" */
    g_string_append_printf (s, _("Run %" PRIu64 ", attempt %u: %s"), r->run_id, r->attempt,
                            ork_format_run_state (r->status));
  if (r->reason != ORK_REASON_NONE)
    g_string_append_printf (s, " (%s)", ork_format_reason (r->reason));
  if (r->started_at != ORK_TIME_UNSET && r->finished_at != ORK_TIME_UNSET)
    {
      g_autofree char *d = ork_duration_describe ((r->finished_at - r->started_at) / ORK_USEC_PER_MS);
      /* TRANSLATORS: how long an attempt took, in the run strip's read-out */
      g_string_append_printf (s, _(", took %s"), d);
    }
  g_string_append_printf (s, "\n%s", when);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
add_strip_bar (OrkJobDetail    *self,
               GArray          *bars,
               GPtrArray       *texts,
               const OrkRecord *r)
{
  OrkRunStripBar bar;
  char *text = describe_strip_bar (self, r);

  bar.run_id = r->run_id;
  bar.attempt = r->attempt;
  bar.state = r->status;
  bar.duration = r->started_at != ORK_TIME_UNSET && r->finished_at != ORK_TIME_UNSET
                 ? r->finished_at - r->started_at : -1;
  bar.text = text;
  g_ptr_array_add (texts, text);
  g_array_append_val (bars, bar);
}

/* The job's last ORK_JOB_DETAIL_STRIP_ATTEMPTS finished attempts and skipped
 * runs, from the history (flushed by build_runs ()); FALSE when it has none. */
static gboolean
build_strip (OrkJobDetail *self)
{
  OrkHistory *history = ork_session_get_history (self->session);
  const char *job_id = ork_job_get_id (self->job);
  g_autoptr(GArray) bars = g_array_new (FALSE, FALSE, sizeof (OrkRunStripBar));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;

  if (history != NULL)
    runs = ork_history_list_job_runs (history, job_id, 0, ORK_JOB_DETAIL_STRIP_ATTEMPTS, &error);
  if (error != NULL)
    g_debug ("Listing the runs of %s: %s", job_id, error->message);

  /* Newest first, then reversed. */
  for (guint i = 0; runs != NULL && i < runs->len && bars->len < ORK_JOB_DETAIL_STRIP_ATTEMPTS; i++)
    {
      const OrkHistoryRun *run = runs->pdata[i];
      g_autoptr(GPtrArray) attempts = NULL;

      if (run->attempts <= 1)
        {
          if (run->last != NULL)
            add_strip_bar (self, bars, texts, run->last);
          continue;
        }
      attempts = ork_history_list_attempts (history, job_id, run->run_id, NULL);
      for (guint j = attempts != NULL ? attempts->len : 0;
           j > 0 && bars->len < ORK_JOB_DETAIL_STRIP_ATTEMPTS; j--)
        add_strip_bar (self, bars, texts, attempts->pdata[j - 1]);
    }
  for (guint i = 0; i < bars->len / 2; i++)
    {
      OrkRunStripBar tmp = g_array_index (bars, OrkRunStripBar, i);

      g_array_index (bars, OrkRunStripBar, i) = g_array_index (bars, OrkRunStripBar,
                                                               bars->len - 1 - i);
      g_array_index (bars, OrkRunStripBar, bars->len - 1 - i) = tmp;
    }
  ork_run_strip_set_bars (ORK_RUN_STRIP (self->run_strip),
                          (const OrkRunStripBar *) (void *) bars->data, bars->len);
  {
    g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last attempt",
                                                           "Last %u attempts", bars->len),
                                              bars->len);
    ork_run_strip_set_title (ORK_RUN_STRIP (self->run_strip), title);
  }
  return bars->len > 0;
}

static void
build_charts (OrkJobDetail *self)
{
  OrkMetrics *metrics = ork_session_get_metrics (self->session);
  OrkMetricsSummary summary = { 0 };
  gboolean any;

  any = build_strip (self);
  if (!any && metrics != NULL)
    {
      /* No history kept: the metrics still count the runs. */
      ork_metrics_get_summary (metrics, ork_job_get_id (self->job), ORK_TIME_UNSET,
                               ORK_TIME_NEVER, &summary);
      any = summary.n_attempts > 0 || summary.n_runs > 0;
    }
  gtk_stack_set_visible_child_name (self->charts_stack, any ? "charts" : "empty");
  if (any)
    build_percentiles (self);
}

/* The runs tab: its charts and its list. */
static void
build_runs_tab (OrkJobDetail *self)
{
  build_runs (self);
  build_charts (self);
}

static void
rebuild (OrkJobDetail *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->job == NULL || self->session == NULL)
    {
      clear_rows (self->settings_group, self->setting_rows);
      clear_run_rows (self);
      for (guint i = 0; i < self->fires->len; i++)
        adw_preferences_group_remove (self->upcoming_group,
                                      g_array_index (self->fires, Fire, i).row);
      g_array_set_size (self->fires, 0);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  build_header (self);
  build_settings (self);
  build_upcoming (self);
  /* Another job (or engine): no row of the last one is kept. */
  clear_run_rows (self);
  build_runs_tab (self);
  gtk_stack_set_visible_child_name (self->stack, "job");
}

static gboolean
on_refresh_timeout (gpointer user_data)
{
  OrkJobDetail *self = user_data;

  self->refresh_id = 0;
  self->last_refresh = g_get_monotonic_time ();
  /* Hidden (a narrow window showing the list, another page): caught up on
   * map instead. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return G_SOURCE_REMOVE;
    }
  if (self->job != NULL)
    {
      const char *tab = gtk_stack_get_visible_child_name (self->sections);

      /* Only the tab in view; another is caught up when it is shown. */
      build_header (self);
      self->upcoming_stale = g_strcmp0 (tab, "upcoming") != 0;
      if (!self->upcoming_stale)
        build_upcoming (self);
      self->runs_stale = g_strcmp0 (tab, "runs") != 0;
      if (!self->runs_stale)
        build_runs_tab (self);
    }
  return G_SOURCE_REMOVE;
}

static void
on_tab_toggled (GtkToggleButton *button,
                OrkJobDetail    *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  gtk_stack_set_visible_child_name (self->sections,
                                    button == self->upcoming_tab ? "upcoming"
                                    : button == self->settings_tab ? "settings" : "runs");
}

static void
on_section_shown (GtkStack     *sections,
                  GParamSpec   *pspec,
                  OrkJobDetail *self)
{
  const char *tab = gtk_stack_get_visible_child_name (sections);

  gtk_toggle_button_set_active (g_strcmp0 (tab, "upcoming") == 0 ? self->upcoming_tab
                                : g_strcmp0 (tab, "settings") == 0 ? self->settings_tab
                                : self->runs_tab, TRUE);
  if (self->job == NULL)
    return;
  if (self->upcoming_stale && g_strcmp0 (tab, "upcoming") == 0)
    {
      self->upcoming_stale = FALSE;
      build_upcoming (self);
    }
  if (self->runs_stale && g_strcmp0 (tab, "runs") == 0)
    {
      self->runs_stale = FALSE;
      build_runs_tab (self);
    }
}

/* At most every REFRESH_DELAY_MS, never more often however busy the engine. */
static void
queue_refresh (OrkJobDetail *self)
{
  gint64 due;

  if (self->refresh_id != 0)
    return;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  due = self->last_refresh + REFRESH_DELAY_MS * 1000 - g_get_monotonic_time ();
  self->refresh_id = g_timeout_add (CLAMP (due / 1000, 0, REFRESH_DELAY_MS),
                                    on_refresh_timeout, self);
}

static void
ork_job_detail_map (GtkWidget *widget)
{
  OrkJobDetail *self = ORK_JOB_DETAIL (widget);

  GTK_WIDGET_CLASS (ork_job_detail_parent_class)->map (widget);
  if (self->stale)
    {
      self->stale = FALSE;
      queue_refresh (self);
    }
}

static void
on_record (OrkScheduler *scheduler,
           OrkRecord    *record,
           OrkJobDetail *self)
{
  if (self->job != NULL && g_strcmp0 (record->job_id, ork_job_get_id (self->job)) == 0)
    queue_refresh (self);
}

static void
on_transition (OrkScheduler *scheduler,
               OrkRun       *run,
               OrkRunState   from,
               OrkRunState   to,
               OrkReason     reason,
               OrkJobDetail *self)
{
  if (self->job != NULL && g_strcmp0 (ork_run_get_job_id (run), ork_job_get_id (self->job)) == 0)
    queue_refresh (self);
}

static void
on_job_notify (OrkJob       *job,
               GParamSpec   *pspec,
               OrkJobDetail *self)
{
  /* The engine changes these all the time: shown with the next refresh. */
  if (g_str_equal (pspec->name, "status") || g_str_equal (pspec->name, "paused"))
    {
      queue_refresh (self);
      return;
    }
  build_header (self);
  build_settings (self);
  build_upcoming (self);
}

static void
on_engine_changed (OrkSession   *session,
                   OrkJobDetail *self)
{
  if (self->scheduler != NULL)
    {
      g_clear_signal_handler (&self->record_id, self->scheduler);
      g_clear_signal_handler (&self->transition_id, self->scheduler);
    }
  g_set_object (&self->scheduler, ork_session_get_scheduler (session));
  if (self->scheduler != NULL)
    {
      self->record_id = g_signal_connect (self->scheduler, "record",
                                          G_CALLBACK (on_record), self);
      self->transition_id = g_signal_connect (self->scheduler, "transition",
                                              G_CALLBACK (on_transition), self);
    }
  g_hash_table_remove_all (self->expanded);
  rebuild (self);
}

static void
on_load_more_clicked (GtkButton    *button,
                      OrkJobDetail *self)
{
  self->n_wanted += ORK_JOB_DETAIL_PAGE;
  if (self->job != NULL)
    build_runs (self);
}

/* Selecting a run ----------------------------------------------------------- */

static GtkWidget *
find_run_row (OrkJobDetail *self,
              guint64       run_id)
{
  for (guint i = 0; i < self->run_rows->len; i++)
    if (GPOINTER_TO_SIZE (g_object_get_data (self->run_rows->pdata[i], "ork-run-id")) == run_id)
      return self->run_rows->pdata[i];
  return NULL;
}

/* Tick callbacks run before the frame's layout: the row has its place from
 * the second frame on. */
static gboolean
on_scroll_tick (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  OrkJobDetail *self = ORK_JOB_DETAIL (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->runs_scroller);
  GtkWidget *row = find_run_row (self, self->scroll_run);
  graphene_point_t at;

  if (++self->scroll_frames < 2)
    return G_SOURCE_CONTINUE;
  self->scroll_tick_id = 0;
  self->scroll_run = 0;
  if (row == NULL ||
      !gtk_widget_compute_point (row, GTK_WIDGET (self->runs_scroller),
                                 &GRAPHENE_POINT_INIT (0, 0), &at))
    return G_SOURCE_REMOVE;
  /* The row's top a little below the top of the view. */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + at.y - 12);
  return G_SOURCE_REMOVE;
}

static void
scroll_to_run (OrkJobDetail *self,
               guint64       run_id)
{
  self->scroll_run = run_id;
  self->scroll_frames = 0;
  if (self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_scroll_tick,
                                                         NULL, NULL);
}

static void
on_strip_bar_activated (OrkRunStrip  *strip,
                        guint         index,
                        OrkJobDetail *self)
{
  ork_job_detail_select_run (self, ork_run_strip_get_bar (strip, index)->run_id);
}

/* GObject ------------------------------------------------------------------ */

static void
ork_job_detail_dispose (GObject *object)
{
  OrkJobDetail *self = ORK_JOB_DETAIL (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->scroll_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
      self->scroll_tick_id = 0;
    }
  ork_job_detail_set_job (self, NULL);
  ork_job_detail_set_session (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), ORK_TYPE_JOB_DETAIL);

  G_OBJECT_CLASS (ork_job_detail_parent_class)->dispose (object);
}

static void
ork_job_detail_finalize (GObject *object)
{
  OrkJobDetail *self = ORK_JOB_DETAIL (object);

  g_clear_pointer (&self->setting_rows, g_ptr_array_unref);
  g_clear_pointer (&self->run_rows, g_ptr_array_unref);
  g_clear_pointer (&self->fires, g_array_unref);
  g_clear_pointer (&self->expanded, g_hash_table_unref);

  G_OBJECT_CLASS (ork_job_detail_parent_class)->finalize (object);
}

static void
ork_job_detail_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OrkJobDetail *self = ORK_JOB_DETAIL (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_job_detail_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  OrkJobDetail *self = ORK_JOB_DETAIL (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      ork_job_detail_set_session (self, g_value_get_object (value));
      break;
    case PROP_JOB:
      ork_job_detail_set_job (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_job_detail_class_init (OrkJobDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ork_job_detail_dispose;
  object_class->finalize = ork_job_detail_finalize;
  object_class->get_property = ork_job_detail_get_property;
  object_class->set_property = ork_job_detail_set_property;
  widget_class->map = ork_job_detail_map;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, ORK_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, ORK_TYPE_JOB,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/orkestron/Orkestron/ork-job-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, OrkJobDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, OrkJobDetail, sections);
  gtk_widget_class_bind_template_child (widget_class, OrkJobDetail, runs_tab);
  gtk_widget_class_bind_template_child (widget_class, OrkJobDetail, upcoming_tab);
  gtk_widget_class_bind_template_child (widget_class, OrkJobDetail, settings_tab);
  gtk_widget_class_bind_template_child (widget_class, OrkJobDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, OrkJobDetail, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, OrkJobDetail, status_dot);
  gtk_widget_class_bind_template_child (widget_class, OrkJobDetail, settings_group);
  gtk_widget_class_bind_template_child (widget_class, OrkJobDetail, upcoming_group);
  gtk_widget_class_bind_template_child (widget_class, OrkJobDetail, runs_group);
  gtk_widget_class_bind_template_child (widget_class, OrkJobDetail, runs_list);
  gtk_widget_class_bind_template_child (widget_class, OrkJobDetail, load_more_button);
  gtk_widget_class_bind_template_child (widget_class, OrkJobDetail, back_button);
  gtk_widget_class_bind_template_child (widget_class, OrkJobDetail, runs_scroller);
  gtk_widget_class_bind_template_child (widget_class, OrkJobDetail, charts_stack);
  gtk_widget_class_bind_template_child (widget_class, OrkJobDetail, percentile_chart);
  gtk_widget_class_bind_template_child (widget_class, OrkJobDetail, run_strip);
  gtk_widget_class_bind_template_callback (widget_class, on_load_more_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_strip_bar_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_tab_toggled);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "orkjobdetail");

  g_type_ensure (ORK_TYPE_SERIES_CHART);
  g_type_ensure (ORK_TYPE_RUN_STRIP);
}

static void
ork_job_detail_init (OrkJobDetail *self)
{
  self->setting_rows = g_ptr_array_new ();
  self->run_rows = g_ptr_array_new ();
  self->fires = g_array_new (FALSE, FALSE, sizeof (Fire));
  self->expanded = g_hash_table_new (NULL, NULL);
  self->n_wanted = ORK_JOB_DETAIL_PAGE;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->sections, "notify::visible-child", G_CALLBACK (on_section_shown), self);
  /* Opaque: on a narrow window the Jobs page shows the detail over the list. */
  gtk_widget_add_css_class (GTK_WIDGET (self), "background");

  ork_series_chart_set_title (ORK_SERIES_CHART (self->percentile_chart), _("Duration percentiles"));
  ork_series_chart_set_format (ORK_SERIES_CHART (self->percentile_chart), ORK_AXIS_FORMAT_DURATION);
  ork_run_strip_set_empty_text (ORK_RUN_STRIP (self->run_strip), _("No runs yet"));
}

/* Public API --------------------------------------------------------------- */

GtkWidget *
ork_job_detail_new (OrkSession *session)
{
  return g_object_new (ORK_TYPE_JOB_DETAIL, "session", session, NULL);
}

void
ork_job_detail_set_session (OrkJobDetail *self,
                            OrkSession   *session)
{
  g_return_if_fail (ORK_IS_JOB_DETAIL (self));
  g_return_if_fail (session == NULL || ORK_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->scheduler != NULL)
    {
      g_clear_signal_handler (&self->record_id, self->scheduler);
      g_clear_signal_handler (&self->transition_id, self->scheduler);
    }
  g_clear_object (&self->scheduler);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, on_engine_changed, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect (session, "engine-changed", G_CALLBACK (on_engine_changed), self);
      on_engine_changed (session, self);
    }
  else
    rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

OrkSession *
ork_job_detail_get_session (OrkJobDetail *self)
{
  g_return_val_if_fail (ORK_IS_JOB_DETAIL (self), NULL);
  return self->session;
}

void
ork_job_detail_set_job (OrkJobDetail *self,
                        OrkJob       *job)
{
  g_return_if_fail (ORK_IS_JOB_DETAIL (self));
  g_return_if_fail (job == NULL || ORK_IS_JOB (job));

  if (self->job == job)
    return;
  if (self->job != NULL)
    g_clear_signal_handler (&self->job_id_handler, self->job);
  g_set_object (&self->job, job);
  if (job != NULL)
    self->job_id_handler = g_signal_connect (job, "notify", G_CALLBACK (on_job_notify), self);
  g_hash_table_remove_all (self->expanded);
  self->n_wanted = ORK_JOB_DETAIL_PAGE;
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
}

OrkJob *
ork_job_detail_get_job (OrkJobDetail *self)
{
  g_return_val_if_fail (ORK_IS_JOB_DETAIL (self), NULL);
  return self->job;
}

void
ork_job_detail_refresh (OrkJobDetail *self)
{
  g_return_if_fail (ORK_IS_JOB_DETAIL (self));
  rebuild (self);
}

guint
ork_job_detail_get_n_fires (OrkJobDetail *self)
{
  g_return_val_if_fail (ORK_IS_JOB_DETAIL (self), 0);

  if (self->fires->len == 1 && g_array_index (self->fires, Fire, 0).at == ORK_TIME_NEVER)
    return 0;
  return self->fires->len;
}

gint64
ork_job_detail_get_fire_time (OrkJobDetail *self,
                              guint         index)
{
  g_return_val_if_fail (ORK_IS_JOB_DETAIL (self), ORK_TIME_NEVER);
  g_return_val_if_fail (index < ork_job_detail_get_n_fires (self), ORK_TIME_NEVER);
  return g_array_index (self->fires, Fire, index).at;
}

const char *
ork_job_detail_get_fire_title (OrkJobDetail *self,
                               guint         index)
{
  g_return_val_if_fail (ORK_IS_JOB_DETAIL (self), NULL);
  g_return_val_if_fail (index < ork_job_detail_get_n_fires (self), NULL);
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (g_array_index (self->fires, Fire,
                                                                            index).row));
}

const char *
ork_job_detail_get_fire_subtitle (OrkJobDetail *self,
                                  guint         index)
{
  g_return_val_if_fail (ORK_IS_JOB_DETAIL (self), NULL);
  g_return_val_if_fail (index < ork_job_detail_get_n_fires (self), NULL);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (g_array_index (self->fires, Fire,
                                                                     index).row));
}

guint
ork_job_detail_get_n_runs (OrkJobDetail *self)
{
  g_return_val_if_fail (ORK_IS_JOB_DETAIL (self), 0);
  return self->run_rows->len;
}

const char *
ork_job_detail_get_run_title (OrkJobDetail *self,
                              guint         index)
{
  g_return_val_if_fail (ORK_IS_JOB_DETAIL (self), NULL);
  g_return_val_if_fail (index < self->run_rows->len, NULL);
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->run_rows->pdata[index]));
}

const char *
ork_job_detail_get_setting (OrkJobDetail *self,
                            const char   *title)
{
  g_return_val_if_fail (ORK_IS_JOB_DETAIL (self), NULL);

  for (guint i = 0; i < self->setting_rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (self->setting_rows->pdata[i]), title) == 0)
      return adw_action_row_get_subtitle (self->setting_rows->pdata[i]);
  return NULL;
}

void
ork_job_detail_select_run (OrkJobDetail *self,
                           guint64       run_id)
{
  OrkHistory *history;
  GtkWidget *row;

  g_return_if_fail (ORK_IS_JOB_DETAIL (self));

  if (self->job == NULL || self->session == NULL)
    return;
  gtk_stack_set_visible_child_name (self->sections, "runs");
  if (self->runs_stale)
    {
      self->runs_stale = FALSE;
      build_runs_tab (self);
    }
  row = find_run_row (self, run_id);

  /* Further back: run ids count up per job, so the number of newer runs
   * says how many to load. */
  history = ork_session_get_history (self->session);
  if (row == NULL && history != NULL)
    {
      g_autoptr(OrkHistoryRun) last = ork_history_get_last_run (history, ork_job_get_id (self->job),
                                                                NULL);

      if (last != NULL && last->run_id >= run_id)
        {
          guint64 newer = last->run_id - run_id + 1;
          guint wanted = (guint) MIN (newer, SELECT_MAX_RUNS);

          wanted = (wanted + ORK_JOB_DETAIL_PAGE - 1) / ORK_JOB_DETAIL_PAGE * ORK_JOB_DETAIL_PAGE;
          while (row == NULL && self->n_wanted < SELECT_MAX_RUNS)
            {
              self->n_wanted = MIN (MAX (wanted, self->n_wanted + ORK_JOB_DETAIL_PAGE),
                                    SELECT_MAX_RUNS);
              build_runs (self);
              row = find_run_row (self, run_id);
              if (!gtk_widget_get_visible (self->load_more_button))
                break;
            }
        }
    }
  if (row == NULL)
    {
      g_debug ("Run %" PRIu64 " of %s is not in the history", run_id, ork_job_get_id (self->job));
      return;
    }
  if (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (row)))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  scroll_to_run (self, run_id);
}

gboolean
ork_job_detail_get_run_expanded (OrkJobDetail *self,
                                 guint64       run_id)
{
  GtkWidget *row;

  g_return_val_if_fail (ORK_IS_JOB_DETAIL (self), FALSE);

  row = find_run_row (self, run_id);
  return row != NULL && adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row));
}

GtkWidget *
ork_job_detail_get_percentile_chart (OrkJobDetail *self)
{
  g_return_val_if_fail (ORK_IS_JOB_DETAIL (self), NULL);
  return self->percentile_chart;
}

GtkWidget *
ork_job_detail_get_run_strip (OrkJobDetail *self)
{
  g_return_val_if_fail (ORK_IS_JOB_DETAIL (self), NULL);
  return self->run_strip;
}

gboolean
ork_job_detail_get_charts_empty (OrkJobDetail *self)
{
  g_return_val_if_fail (ORK_IS_JOB_DETAIL (self), TRUE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->charts_stack), "empty") == 0;
}
