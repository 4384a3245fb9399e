/* ork-window.c — the main window: header controls, pages, status line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-window"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "ork-application.h"
#include "ork-log-page.h"
#include "ork-window.h"
#ifdef ORK_HAVE_JOBS_PAGE
#include "ork-jobs-page.h"
#endif
#ifdef ORK_HAVE_JOB_DETAIL
#include "ork-job-detail.h"
#endif
#ifdef ORK_HAVE_EXPORT_DIALOG
#include "ork-export-dialog.h"
#endif
#ifdef ORK_HAVE_JOB_EDITOR
#include "ork-job-editor.h"
#endif
#ifdef ORK_HAVE_TIMELINE_PAGE
#include "ork-timeline-page.h"
#endif
#ifdef ORK_HAVE_METRICS_PAGE
#include "ork-metrics-page.h"
#endif
#include "ork-time-range.h"

/* The status line follows moving time at most this often. */
#define TICK_MS 250

struct _OrkWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkMenuButton        *mode_button;
  GtkLabel             *mode_label;
  GtkImage             *mode_icon;
  GtkPopover           *mode_popover;
  GtkEntry             *sim_start_entry;
  GtkSpinButton        *sim_seed_spin;
  GtkButton            *run_button;
  GtkButton            *step_button;
  GtkMenuButton        *fast_forward_button;
  GtkPopover           *fast_forward_popover;
  GtkEntry             *fast_forward_entry;
  GtkLabel             *fast_forward_hint;
  GtkDropDown          *speed_dropdown;
  GtkMenuButton        *failure_button;
  GtkMenuButton        *more_button;     /* speed and failure, when narrow */
  GtkDropDown          *more_speed_dropdown;
  GtkAdjustment        *failure_adjustment;
  AdwViewSwitcherTitle *switcher_title;
  GtkRevealer          *trust_revealer;
  GtkRevealer          *disk_revealer;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  AdwViewStack         *stack;
  GtkLabel             *status_label;

  OrkSession           *session;
  OrkScheduler         *scheduler;   /* the session's current engine, to disconnect */
  OrkEventLog          *event_log;
  AdwBin               *jobs_bin;     /* holds the Jobs page of the current session */
  OrkLogPage           *log_page;
  OrkTimeRange         *time_range;   /* shared by the Timeline and Metrics pages */
  GtkWidget            *timeline_page;
  GtkWidget            *metrics_page;
  GtkSelectionModel    *jobs_selection;
  GCancellable         *ff_cancellable;
  char                 *status_text;
  guint                 tick_id;
  guint                 status_idle_id;
  gboolean              setting_speed;
  gboolean              pretend_inactive;
};

G_DEFINE_FINAL_TYPE (OrkWindow, ork_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const double speeds[] = { 1, 10, 60, 600, 3600, 10000 };

/* Helpers ------------------------------------------------------------------------ */

static GTimeZone *
workspace_zone (OrkWindow *self)
{
  return ork_workspace_get_time_zone (ork_session_get_workspace (self->session));
}

/* @time_us in the workspace's zone, in @format (g_date_time_format). */
static char *
format_time (OrkWindow  *self,
             gint64      time_us,
             const char *format)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  if (utc == NULL)
    return g_strdup ("—");
  local = g_date_time_to_timezone (utc, workspace_zone (self));
  return g_date_time_format (local, format);
}

/* A date and time as people type it: ISO 8601 ("2026-11-27T13:03:00+01:00"),
 * or without seconds ("2026-11-27T13:03"), or with a space for the T
 * ("2026-11-27 13:03", "2026-11-27 13:03:30"). Without an offset it is read
 * in @zone. NULL when @text is none of these. */
static GDateTime *
parse_date_time (const char *text,
                 GTimeZone  *zone)
{
  static GRegex *regex;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;
  g_autofree char *seconds = NULL;
  g_autofree char *offset = NULL;
  g_autofree char *iso = NULL;

  if (g_once_init_enter (&regex))
    g_once_init_leave (&regex,
                       g_regex_new ("^\\s*(\\d{4}-\\d{2}-\\d{2})[Tt ]+(\\d{2}:\\d{2})"
                                    "(:\\d{2}(?:[.,]\\d+)?)?\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?\\s*$",
                                    G_REGEX_OPTIMIZE, 0, NULL));
  if (!g_regex_match (regex, text, 0, &match))
    return g_date_time_new_from_iso8601 (text, zone);

  date = g_match_info_fetch (match, 1);
  time = g_match_info_fetch (match, 2);
  seconds = g_match_info_fetch (match, 3);
  offset = g_match_info_fetch (match, 4);
  iso = g_strdup_printf ("%sT%s%s%s", date, time,
                         seconds != NULL && *seconds != '\0' ? seconds : ":00",
                         offset != NULL ? offset : "");
  return g_date_time_new_from_iso8601 (iso, zone);
}

static char *
workspace_title (OrkWindow *self)
{
  const char *path = self->session != NULL ? ork_session_get_path (self->session) : NULL;

  if (path == NULL)
    return g_strdup (_("New Workspace"));
  return g_path_get_basename (path);
}

static void
show_error_toast (OrkWindow  *self,
                  const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  /* An error answers what the user just did: shown at once, not queued. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static guint
runs_in_flight (OrkWindow *self)
{
  if (self->scheduler == NULL)
    return 0;
  return ork_scheduler_get_queue_depth (self->scheduler)
         + ork_scheduler_get_n_running (self->scheduler);
}

/* Status line -------------------------------------------------------------------- */

void
ork_window_update_status (OrkWindow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *time = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *queue = NULL;
  OrkClock *clock;

  g_return_if_fail (ORK_IS_WINDOW (self));

  g_clear_handle_id (&self->status_idle_id, g_source_remove);
  if (self->session == NULL)
    return;

  title = workspace_title (self);
  clock = ork_session_get_clock (self->session);
  if (clock == NULL || self->scheduler == NULL)
    {
      g_free (self->status_text);
      self->status_text = g_strdup_printf (_("Engine stopped · %s"), title);
      gtk_label_set_text (self->status_label, self->status_text);
      return;
    }

  time = format_time (self, ork_clock_now (clock), "%a %Y-%m-%d %H:%M:%S %Z");
  if (ork_session_get_mode (self->session) == ORK_MODE_LIVE)
    mode = g_strdup (ork_session_get_running (self->session) ? _("Live") : _("Live, paused"));
  else if (ork_session_get_fast_forward_progress (self->session) >= 0)
    mode = g_strdup (_("Simulation, fast-forwarding"));
  else if (ork_session_get_running (self->session))
    mode = g_strdup_printf (_("Simulation at %g×"), ork_session_get_speed (self->session));
  else
    mode = g_strdup (_("Simulation, paused"));
  queue = g_strdup_printf (_("%u queued, %u running"),
                           ork_scheduler_get_queue_depth (self->scheduler),
                           ork_scheduler_get_n_running (self->scheduler));

  g_free (self->status_text);
  /* The workspace comes last: a narrow window cuts the end. */
  self->status_text = g_strdup_printf ("%s (%s) · %s · %s · %s", time,
                                       g_time_zone_get_identifier (workspace_zone (self)),
                                       mode, queue, title);
  gtk_label_set_text (self->status_label, self->status_text);
}

static gboolean
on_status_idle (gpointer user_data)
{
  OrkWindow *self = user_data;

  self->status_idle_id = 0;
  ork_window_update_status (self);
  return G_SOURCE_REMOVE;
}

/* A change while time stands still: one refresh, however many events. */
static void
queue_status_update (OrkWindow *self)
{
  if (self->tick_id != 0 || self->status_idle_id != 0)
    return;
  self->status_idle_id = g_idle_add (on_status_idle, self);
}

static gboolean
on_tick (gpointer user_data)
{
  ork_window_update_status (user_data);
  return G_SOURCE_CONTINUE;
}

static void
update_tick (OrkWindow *self)
{
  gboolean moving = self->session != NULL
                    && ork_session_get_clock (self->session) != NULL
                    && (ork_session_get_running (self->session)
                        || ork_session_get_fast_forward_progress (self->session) >= 0);

  if (moving && self->tick_id == 0)
    self->tick_id = g_timeout_add (TICK_MS, on_tick, self);
  else if (!moving)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

/* Controls ----------------------------------------------------------------------- */

static void
update_controls (OrkWindow *self)
{
  gboolean have_engine = self->session != NULL && self->scheduler != NULL;
  gboolean simulation = have_engine
                        && ork_session_get_mode (self->session) == ORK_MODE_SIMULATION;
  gboolean forwarding = have_engine
                        && ork_session_get_fast_forward_progress (self->session) >= 0;
  gboolean running = self->session != NULL && ork_session_get_running (self->session);
  g_autofree char *title = workspace_title (self);

  gtk_label_set_label (self->mode_label,
                       simulation ? _("Simulation") : have_engine ? _("Live") : _("Stopped"));
  gtk_image_set_from_icon_name (self->mode_icon,
                                simulation ? "applications-science-symbolic"
                                : have_engine ? "media-record-symbolic"
                                : "media-playback-stop-symbolic");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.running", have_engine && !forwarding);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.step", simulation && !forwarding);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.fast-forward-to",
                                 simulation && !forwarding);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-fast-forward",
                                 simulation && !forwarding);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-fast-forward", forwarding);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.speed-up", simulation);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.speed-down", simulation);
  gtk_widget_set_sensitive (GTK_WIDGET (self->fast_forward_button), simulation && !forwarding);
  gtk_widget_set_sensitive (GTK_WIDGET (self->speed_dropdown), simulation);
  gtk_widget_set_sensitive (GTK_WIDGET (self->failure_button), simulation);
  gtk_widget_set_sensitive (GTK_WIDGET (self->more_button), simulation);
  gtk_button_set_icon_name (GTK_BUTTON (self->run_button),
                            running ? "media-playback-pause-symbolic"
                                    : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->run_button),
                               running ? _("Pause the clock (Ctrl+Space)")
                                       : _("Run the clock (Ctrl+Space)"));

  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_view_switcher_title_set_title (self->switcher_title, title);
}

static void
update_speed (OrkWindow *self)
{
  double speed = ork_session_get_speed (self->session);
  guint best = 0;

  for (guint i = 1; i < G_N_ELEMENTS (speeds); i++)
    if (ABS (speeds[i] - speed) < ABS (speeds[best] - speed))
      best = i;
  self->setting_speed = TRUE;
  gtk_drop_down_set_selected (self->speed_dropdown, best);
  self->setting_speed = FALSE;
}

static void
on_speed_selected (OrkWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->speed_dropdown);

  if (self->setting_speed || self->session == NULL || selected >= G_N_ELEMENTS (speeds))
    return;
  ork_session_set_speed (self->session, speeds[selected]);
}

static void
update_trust (OrkWindow *self)
{
  gboolean needs = self->session != NULL && ork_session_get_needs_trust (self->session);

  gtk_revealer_set_reveal_child (self->trust_revealer, needs);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.review-trust", needs);
}

static void
on_failure_changed (OrkWindow *self)
{
  double multiplier = gtk_adjustment_get_value (self->failure_adjustment);
  g_autofree char *tooltip = NULL;

  if (self->scheduler != NULL)
    ork_scheduler_set_failure_multiplier (self->scheduler, multiplier);
  /* Anything but 1× is an experiment: the button says so. */
  tooltip = g_strdup_printf (_("Failure injection: %.1f× the simulated failure rates (Ctrl+I)"),
                             multiplier);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->failure_button), tooltip);
  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *button = GTK_WIDGET (i == 0 ? self->failure_button : self->more_button);

      if (multiplier != 1.0)
        gtk_widget_add_css_class (button, "ork-failure-active");
      else
        gtk_widget_remove_css_class (button, "ork-failure-active");
    }
}

static void
fill_simulation_defaults (OrkWindow *self)
{
  g_autofree char *start = NULL;
  gint64 now;

  /* The current hour of the wall clock: a round start that is easy to retype. */
  now = g_get_real_time ();
  now -= now % (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC);
  start = format_time (self, now, "%Y-%m-%dT%H:%M:%S%:z");
  gtk_editable_set_text (GTK_EDITABLE (self->sim_start_entry), start);
  gtk_spin_button_set_value (self->sim_seed_spin,
                             (double) ork_workspace_get_seed (ork_session_get_workspace (self->session)));
}

/* Engine ------------------------------------------------------------------------ */

static void
on_scheduler_changed (OrkWindow *self)
{
  queue_status_update (self);
}

/* Notifications ------------------------------------------------------------------ */

/* A live job failed for good, or a run was skipped as missed, while the user
 * looks elsewhere: tell them, with a click that opens the job. A simulation
 * only rehearses, so its failures are not news. One notification per job and
 * kind, replaced by the next. */
static void
on_transition (OrkWindow   *self,
               OrkRun      *run,
               OrkRunState  from,
               OrkRunState  to,
               OrkReason    reason)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  const char *job_id = ork_run_get_job_id (run);
  gboolean failed = to == ORK_RUN_FAILED || to == ORK_RUN_TIMED_OUT;
  gboolean missed = to == ORK_RUN_SKIPPED && reason == ORK_REASON_MISSED;
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  OrkJob *job;
  const char *name;

  if ((!failed && !missed) || !ORK_IS_APPLICATION (app))
    return;
  if (ork_session_get_mode (self->session) != ORK_MODE_LIVE || ork_window_is_in_front (self))
    return;

  job = ork_workspace_find_job (ork_session_get_workspace (self->session), job_id);
  name = job != NULL ? ork_job_get_name (job) : job_id;
  if (failed)
    {
      title = g_strdup_printf (_("“%s” Failed"), name);
      id = g_strconcat ("failed:", job_id, NULL);
    }
  else
    {
      title = g_strdup_printf (_("“%s” Missed a Run"), name);
      id = g_strconcat ("missed:", job_id, NULL);
    }
  notification = g_notification_new (title);
  if (failed && ork_run_get_message (run) != NULL && *ork_run_get_message (run) != '\0')
    g_notification_set_body (notification, ork_run_get_message (run));
  else if (failed)
    g_notification_set_body (notification, _("No retries are left for this run."));
  else
    g_notification_set_body (notification, _("The run was skipped: it was due while Orkestron was not running."));
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (notification, "app.show-job", "s", job_id);
  ork_application_send_notification (ORK_APPLICATION (app), id, notification);
}

static void
bind_engine (OrkWindow *self)
{
  OrkScheduler *scheduler = ork_session_get_scheduler (self->session);

  if (self->scheduler != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->scheduler, self);
      g_clear_object (&self->scheduler);
    }
  if (scheduler != NULL)
    {
      self->scheduler = g_object_ref (scheduler);
      g_signal_connect_swapped (scheduler, "notify::queue-depth",
                                G_CALLBACK (on_scheduler_changed), self);
      g_signal_connect_swapped (scheduler, "notify::running",
                                G_CALLBACK (on_scheduler_changed), self);
      g_signal_connect_swapped (scheduler, "transition", G_CALLBACK (on_transition), self);
      /* The failure control stays where the user left it across engines. */
      ork_scheduler_set_failure_multiplier (scheduler,
                                            gtk_adjustment_get_value (self->failure_adjustment));
      ork_event_log_attach (self->event_log, scheduler);
    }
  else
    ork_event_log_detach (self->event_log);

  update_controls (self);
  update_tick (self);
  ork_window_update_status (self);
}

static void
on_engine_changed (OrkWindow *self)
{
  bind_engine (self);
}

static void
on_running_changed (OrkWindow *self)
{
  update_controls (self);
  update_tick (self);
  ork_window_update_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
on_progress_changed (OrkWindow *self)
{
  double progress = ork_session_get_fast_forward_progress (self->session);

  if (progress >= 0)
    gtk_progress_bar_set_fraction (self->progress_bar, progress);
  if ((progress >= 0) != gtk_revealer_get_reveal_child (self->progress_revealer))
    {
      gtk_revealer_set_reveal_child (self->progress_revealer, progress >= 0);
      update_controls (self);
      update_tick (self);
    }
}

static void
on_changed_on_disk (OrkWindow *self)
{
  gtk_revealer_set_reveal_child (self->disk_revealer, TRUE);
}

static void
on_autosave_failed (OrkWindow  *self,
                    const char *message)
{
  g_autofree char *text = g_strdup_printf (_("Could not save the workspace: %s"), message);

  show_error_toast (self, text);
}

static void
on_path_changed (OrkWindow *self)
{
  const char *path = ork_session_get_path (self->session);

  if (path != NULL)
    ork_application_remember_workspace (path);
  update_controls (self);
  update_trust (self);
  ork_window_update_status (self);
}

/* Session ----------------------------------------------------------------------- */

/* The Metrics page shows the job selected on the Jobs page, or all jobs
 * when none or several are selected. */
static void
on_jobs_selection_changed (OrkWindow *self)
{
#ifdef ORK_HAVE_METRICS_PAGE
  g_autoptr(GtkBitset) selected = NULL;
  const char *job_id = NULL;
  g_autoptr(OrkJob) job = NULL;

  if (self->metrics_page == NULL || self->jobs_selection == NULL)
    return;
  selected = gtk_selection_model_get_selection (self->jobs_selection);
  if (gtk_bitset_get_size (selected) == 1)
    {
      job = g_list_model_get_item (G_LIST_MODEL (self->jobs_selection),
                                   gtk_bitset_get_nth (selected, 0));
      job_id = ork_job_get_id (job);
    }
  ork_metrics_page_set_job (ORK_METRICS_PAGE (self->metrics_page), job_id);
#endif
}

static void
replace_jobs_page (OrkWindow *self)
{
  GtkWidget *page;

  if (self->jobs_selection != NULL)
    g_signal_handlers_disconnect_by_data (self->jobs_selection, self);
  g_clear_object (&self->jobs_selection);
#ifdef ORK_HAVE_JOBS_PAGE
  page = ork_jobs_page_new (self->session);
  /* The timeline's lanes are the Jobs page's list: its search, filters
   * and sort order. */
  self->jobs_selection = g_object_ref (ork_jobs_page_get_selection (ORK_JOBS_PAGE (page)));
  g_signal_connect_object (self->jobs_selection, "selection-changed",
                           G_CALLBACK (on_jobs_selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->jobs_selection, "items-changed",
                           G_CALLBACK (on_jobs_selection_changed), self, G_CONNECT_SWAPPED);
#else
  page = adw_status_page_new ();
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("Jobs"));
#endif
  adw_bin_set_child (self->jobs_bin, page);
#ifdef ORK_HAVE_TIMELINE_PAGE
  ork_timeline_page_set_lanes (ORK_TIMELINE_PAGE (self->timeline_page),
                               G_LIST_MODEL (self->jobs_selection));
#endif
  on_jobs_selection_changed (self);
}

static void
disconnect_session (OrkWindow *self)
{
  if (self->session == NULL)
    return;
  if (self->ff_cancellable != NULL)
    g_cancellable_cancel (self->ff_cancellable);
  g_signal_handlers_disconnect_by_data (self->session, self);
  g_signal_handlers_disconnect_by_data (ork_workspace_get_jobs (ork_session_get_workspace (self->session)),
                                        self);
  if (self->scheduler != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->scheduler, self);
      g_clear_object (&self->scheduler);
    }
  ork_event_log_detach (self->event_log);
  /* Ends its engine and flushes its history: one engine per window. */
  ork_session_stop (self->session);
  g_clear_object (&self->session);
}

void
ork_window_set_session (OrkWindow  *self,
                        OrkSession *session)
{
  g_return_if_fail (ORK_IS_WINDOW (self));
  g_return_if_fail (ORK_IS_SESSION (session));

  if (self->session == session)
    return;

  disconnect_session (self);
  self->session = g_object_ref (session);

  if (ork_session_get_scheduler (session) == NULL)
    {
      OrkWorkspace *workspace = ork_session_get_workspace (session);
      gint64 now = g_get_real_time ();

      now -= now % (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC);
      ork_session_start_simulation (session, now, ork_workspace_get_seed (workspace), NULL);
      ork_session_set_speed (session, 60);
      ork_session_set_running (session, TRUE);
    }

  g_signal_connect_swapped (session, "notify::running", G_CALLBACK (on_running_changed), self);
  g_signal_connect_swapped (session, "notify::speed", G_CALLBACK (update_speed), self);
  g_signal_connect_swapped (session, "notify::speed", G_CALLBACK (queue_status_update), self);
  g_signal_connect_swapped (session, "notify::needs-trust", G_CALLBACK (update_trust), self);
  g_signal_connect_swapped (session, "notify::fast-forward-progress",
                            G_CALLBACK (on_progress_changed), self);
  g_signal_connect_swapped (session, "notify::path", G_CALLBACK (on_path_changed), self);
  g_signal_connect_swapped (session, "engine-changed", G_CALLBACK (on_engine_changed), self);
  g_signal_connect_swapped (session, "changed-on-disk", G_CALLBACK (on_changed_on_disk), self);
  g_signal_connect_swapped (session, "autosave-failed", G_CALLBACK (on_autosave_failed), self);
  /* A job added or edited may be a command that needs trust. */
  g_signal_connect_swapped (ork_workspace_get_jobs (ork_session_get_workspace (session)),
                            "items-changed", G_CALLBACK (update_trust), self);

  ork_event_log_clear (self->event_log);
#ifdef ORK_HAVE_TIMELINE_PAGE
  ork_timeline_page_set_session (ORK_TIMELINE_PAGE (self->timeline_page), session);
#endif
#ifdef ORK_HAVE_METRICS_PAGE
  ork_metrics_page_set_session (ORK_METRICS_PAGE (self->metrics_page), session);
#endif
  replace_jobs_page (self);
  ork_log_page_set_session (self->log_page, session);
  gtk_revealer_set_reveal_child (self->disk_revealer, FALSE);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  fill_simulation_defaults (self);
  update_speed (self);
  update_trust (self);
  bind_engine (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

OrkSession *
ork_window_get_session (OrkWindow *self)
{
  g_return_val_if_fail (ORK_IS_WINDOW (self), NULL);
  return self->session;
}

/* Dialogs --------------------------------------------------------------------------- */

static GtkWidget *
monospace_text (const char *text)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_widget_add_css_class (view, "ork-monospace-box");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_widget_set_size_request (scrolled, 420, -1);
  return scrolled;
}

static void
show_load_error (OrkWindow  *self,
                 GFile      *file,
                 GError     *error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *heading = g_strdup_printf (_("Could Not Open “%s”"), name);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);
  if (g_error_matches (error, ORK_WORKSPACE_ERROR, ORK_WORKSPACE_ERROR_INVALID))
    {
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                   _("The workspace has errors. Nothing was opened or changed; "
                                     "fix the file and open it again."));
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog),
                                          monospace_text (error->message));
    }
  else
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_widget_add_css_class (dialog, "ork-load-error");
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
ork_window_open_file (OrkWindow *self,
                      GFile     *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkSession) session = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (ORK_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Only local files can be opened"));
      show_load_error (self, file, error);
      return FALSE;
    }
  session = ork_session_new_for_file (path, &error);
  if (session == NULL)
    {
      show_load_error (self, file, error);
      return FALSE;
    }
  ork_window_set_session (self, session);
  ork_application_remember_workspace (path);
  return TRUE;
}

static void
trust_response (AdwMessageDialog *dialog,
                const char       *response,
                OrkWindow        *self)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "trust") != 0 || self->session == NULL)
    return;
  if (!ork_session_trust (self->session, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not record the trust: %s"),
                                               error->message);
      show_error_toast (self, text);
    }
  update_trust (self);
}

static GtkWidget *
command_description (OrkJob *job)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label;
  const char * const *argv = ork_job_get_argv (job);
  const char * const *env = ork_job_get_env (job);
  const char *cwd = ork_job_get_cwd (job);
  g_autoptr(GString) text = g_string_new (NULL);
  const char *name = ork_job_get_name (job);

  label = gtk_label_new (name != NULL && *name != '\0' ? name : ork_job_get_id (job));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  for (guint i = 0; argv != NULL && argv[i] != NULL; i++)
    {
      g_autofree char *quoted = g_shell_quote (argv[i]);

      if (i > 0)
        g_string_append_c (text, ' ');
      /* Plain words stay plain; anything a shell would split is quoted. */
      if (argv[i][0] != '\0' && strpbrk (argv[i], " \t\n'\"\\$`*?[]{}()<>|&;#~") == NULL)
        g_string_append (text, argv[i]);
      else
        g_string_append (text, quoted);
    }
  if (cwd != NULL)
    g_string_append_printf (text, "\n%s %s", _("in"), cwd);
  else
    {
      /* Without a cwd a command runs where Orkestron itself runs. */
      g_autofree char *here = g_get_current_dir ();

      /* TRANSLATORS: where a command without a working directory runs; %s is a folder */
      g_string_append_printf (text, "\n");
      g_string_append_printf (text, _("in Orkestron’s working directory, %s"), here);
    }
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    g_string_append_printf (text, "\n%s", env[i]);

  label = gtk_label_new (text->str);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "monospace");
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

static void
review_trust (OrkWindow *self)
{
  GListModel *jobs = ork_workspace_get_jobs (ork_session_get_workspace (self->session));
  GtkWidget *dialog;
  GtkWidget *scrolled;
  GtkWidget *list;
  guint n = g_list_model_get_n_items (jobs);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Trust the Commands of This Workspace?"),
                                   _("In live mode these commands run as you, with access to "
                                     "your files and the network. Trust them only if you know "
                                     "where this workspace comes from."));
  list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (jobs, i);

      if (ork_job_get_job_type (job) == ORK_JOB_TYPE_COMMAND)
        gtk_box_append (GTK_BOX (list), command_description (job));
    }
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_widget_set_size_request (scrolled, 420, -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "trust", _("_Trust"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "trust",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_widget_add_css_class (dialog, "ork-trust-dialog");
  g_signal_connect_object (dialog, "response", G_CALLBACK (trust_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Mode --------------------------------------------------------------------------- */

typedef void (*ConfirmedFunc) (OrkWindow *self);

static void
confirm_response (AdwMessageDialog *dialog,
                  const char       *response,
                  OrkWindow        *self)
{
  ConfirmedFunc func = g_object_get_data (G_OBJECT (dialog), "confirmed");

  if (g_strcmp0 (response, "switch") == 0)
    func (self);
}

/* Runs @func at once, or after the user agreed to end the runs in flight. */
static void
confirm_engine_change (OrkWindow     *self,
                       const char    *heading,
                       const char    *label,
                       ConfirmedFunc  func)
{
  guint n = runs_in_flight (self);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (n == 0)
    {
      func (self);
      return;
    }
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u run is queued or running. It ends as interrupted.",
                                       "%u runs are queued or running. They end as interrupted.",
                                       n), n);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "switch", label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "switch",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_widget_add_css_class (dialog, "ork-confirm-engine");
  g_object_set_data (G_OBJECT (dialog), "confirmed", func);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
start_simulation_confirmed (OrkWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->sim_start_entry));
  g_autoptr(GDateTime) start = parse_date_time (text, workspace_zone (self));
  guint64 seed = (guint64) gtk_spin_button_get_value (self->sim_seed_spin);

  if (start == NULL)
    {
      show_error_toast (self, _("The start is not a date and time like 2026-11-26 09:00"));
      return;
    }
  ork_session_start_simulation (self->session, g_date_time_to_unix (start) * G_USEC_PER_SEC,
                                seed, NULL);
  gtk_popover_popdown (self->mode_popover);
}

static void
go_live_confirmed (OrkWindow *self)
{
  g_autoptr(GError) error = NULL;

  gtk_popover_popdown (self->mode_popover);
  if (!ork_session_start_live (self->session, NULL, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not go live: %s"), error->message);

      show_error_toast (self, text);
    }
}

/* Fast-forward ----------------------------------------------------------------------- */

static void
fast_forward_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(OrkWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  OrkSession *session = ORK_SESSION (object);

  g_clear_object (&self->ff_cancellable);
  if (session != self->session)
    return;
  if (!ork_session_fast_forward_finish (session, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toast_overlay,
                                     adw_toast_new (_("Fast-forward cancelled")));
      else
        show_error_toast (self, error->message);
    }
  else
    {
      OrkClock *clock = ork_session_get_clock (session);
      g_autofree char *time = format_time (self, ork_clock_now (clock), "%a %Y-%m-%d %H:%M");
      g_autofree char *text = g_strdup_printf (_("Reached %s"), time);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
    }
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  update_controls (self);
  update_tick (self);
  ork_window_update_status (self);
}

static void
fast_forward_to (OrkWindow *self,
                 gint64     target)
{
  g_autofree char *time = NULL;
  g_autofree char *label = NULL;
  OrkClock *clock = ork_session_get_clock (self->session);

  if (clock == NULL || target <= ork_clock_now (clock))
    {
      show_error_toast (self, _("Choose a time after the engine’s current time"));
      return;
    }
  time = format_time (self, target, "%a %Y-%m-%d %H:%M");
  label = g_strdup_printf (_("Fast-forwarding to %s"), time);
  gtk_label_set_text (self->progress_label, label);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);

  g_clear_object (&self->ff_cancellable);
  self->ff_cancellable = g_cancellable_new ();
  ork_session_fast_forward (self->session, target, self->ff_cancellable,
                            fast_forward_done, g_object_ref (self));
  update_controls (self);
}

static void
on_fast_forward_entry_activate (OrkWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->fast_forward_entry));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.fast-forward-to", "s", text);
}

static void
on_fast_forward_popover_show (OrkWindow *self)
{
  OrkClock *clock;
  g_autofree char *text = NULL;
  g_autofree char *hint = NULL;

  if (self->session == NULL || (clock = ork_session_get_clock (self->session)) == NULL)
    return;
  text = format_time (self, ork_clock_now (clock) + G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC,
                      "%Y-%m-%d %H:%M");
  gtk_editable_set_text (GTK_EDITABLE (self->fast_forward_entry), text);
  hint = g_strdup_printf (_("Without an offset the time is read in %s."),
                          g_time_zone_get_identifier (workspace_zone (self)));
  gtk_label_set_text (self->fast_forward_hint, hint);
}

/* File choosers ------------------------------------------------------------------- */

static void
add_json_filter (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Workspaces (JSON)"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
on_open_response (GtkNativeDialog *native,
                  int              response,
                  OrkWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      ork_window_open_file (self, file);
    }
  g_object_unref (native);
}

static void
on_save_as_response (GtkNativeDialog *native,
                     int              response,
                     OrkWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->session != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path == NULL || !ork_session_save_as (self->session, path, &error))
        show_error_toast (self, error != NULL ? error->message : _("Only local files can be saved"));
      else
        gtk_revealer_set_reveal_child (self->disk_revealer, FALSE);
    }
  g_object_unref (native);
}

/* Actions -------------------------------------------------------------------------- */

static void
step_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  OrkWindow *self = ORK_WINDOW (widget);

  ork_session_step (self->session);
  ork_window_update_status (self);
}

static void
fast_forward_to_action (GtkWidget  *widget,
                        const char *name,
                        GVariant   *param)
{
  OrkWindow *self = ORK_WINDOW (widget);
  const char *text = g_variant_get_string (param, NULL);
  g_autoptr(GDateTime) target = parse_date_time (text, workspace_zone (self));

  if (target == NULL)
    {
      show_error_toast (self, _("Not a date and time like 2026-11-27 09:00"));
      return;
    }
  gtk_popover_popdown (self->fast_forward_popover);
  fast_forward_to (self, g_date_time_to_unix (target) * G_USEC_PER_SEC
                         + g_date_time_get_microsecond (target));
}

static void
cancel_fast_forward_action (GtkWidget  *widget,
                            const char *name,
                            GVariant   *param)
{
  OrkWindow *self = ORK_WINDOW (widget);

  if (self->ff_cancellable != NULL)
    g_cancellable_cancel (self->ff_cancellable);
}

static void
show_fast_forward_action (GtkWidget  *widget,
                          const char *name,
                          GVariant   *param)
{
  gtk_menu_button_popup (ORK_WINDOW (widget)->fast_forward_button);
}

static void
show_mode_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  gtk_menu_button_popup (ORK_WINDOW (widget)->mode_button);
}

static void
show_failure_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  OrkWindow *self = ORK_WINDOW (widget);

  /* In a narrow window the failure control is in the overflow popover. */
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->failure_button)))
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self->failure_button)))
    gtk_menu_button_popup (self->failure_button);
  else
    gtk_menu_button_popup (self->more_button);
}

static void
speed_step_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  OrkWindow *self = ORK_WINDOW (widget);
  guint selected = gtk_drop_down_get_selected (self->speed_dropdown);

  if (g_str_equal (name, "win.speed-up") && selected + 1 < G_N_ELEMENTS (speeds))
    ork_session_set_speed (self->session, speeds[selected + 1]);
  else if (g_str_equal (name, "win.speed-down") && selected > 0)
    ork_session_set_speed (self->session, speeds[selected - 1]);
}

static void
start_simulation_action (GtkWidget  *widget,
                         const char *name,
                         GVariant   *param)
{
  confirm_engine_change (ORK_WINDOW (widget), _("Start a New Simulation?"), _("_Start"),
                         start_simulation_confirmed);
}

static void
go_live_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  confirm_engine_change (ORK_WINDOW (widget), _("Switch to Live Mode?"), _("_Go Live"),
                         go_live_confirmed);
}

static void
new_workspace_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  g_autoptr(OrkWorkspace) workspace = ork_application_new_workspace ();
  g_autoptr(OrkSession) session = ork_session_new (workspace, NULL);

  ork_window_set_session (ORK_WINDOW (widget), session);
  adw_toast_overlay_add_toast (ORK_WINDOW (widget)->toast_overlay,
                               adw_toast_new (_("New workspace: use Save As to keep it")));
}

static void
open_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  OrkWindow *self = ORK_WINDOW (widget);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Open Workspace"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  add_json_filter (GTK_FILE_CHOOSER (native));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
save_as_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  OrkWindow *self = ORK_WINDOW (widget);
  GtkFileChooserNative *native;
  g_autofree char *title = workspace_title (self);

  native = gtk_file_chooser_native_new (_("Save Workspace As"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  add_json_filter (GTK_FILE_CHOOSER (native));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native),
                                     g_str_has_suffix (title, ".json") ? title : "workspace.json");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_save_as_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

#ifdef ORK_HAVE_EXPORT_DIALOG
static void
on_open_folder_clicked (AdwToast  *toast,
                        OrkWindow *self)
{
  const char *folder_uri = g_object_get_data (G_OBJECT (toast), "ork-folder-uri");
  g_autoptr(GError) error = NULL;

  if (folder_uri != NULL &&
      !g_app_info_launch_default_for_uri (folder_uri, NULL, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not open the folder: %s"),
                                               error->message);
      show_error_toast (self, text);
    }
}

static void
on_exported (OrkWindow  *self,
             const char *path,
             guint64     n_records)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) folder = g_file_get_parent (file);
  AdwToast *toast;

  toast = adw_toast_new_format (g_dngettext (GETTEXT_PACKAGE, "Exported %" PRIu64 " record",
                                             "Exported %" PRIu64 " records",
                                             (gulong) n_records),
                                n_records);
  if (folder != NULL)
    {
      g_object_set_data_full (G_OBJECT (toast), "ork-folder-uri", g_file_get_uri (folder), g_free);
      adw_toast_set_button_label (toast, _("_Open Folder"));
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_open_folder_clicked),
                               self, 0);
    }
  adw_toast_set_timeout (toast, 10);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
#endif

static void
export_history_action (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
#ifdef ORK_HAVE_EXPORT_DIALOG
  OrkWindow *self = ORK_WINDOW (widget);
  GtkWindow *dialog = ork_export_dialog_new (GTK_WINDOW (self), self->session);

  g_signal_connect_object (dialog, "exported", G_CALLBACK (on_exported), self, G_CONNECT_SWAPPED);
  gtk_window_present (dialog);
#endif
}

#ifdef ORK_HAVE_JOB_EDITOR
static void
on_job_saved (OrkWindow *self,
              OrkJob    *job)
{
#ifdef ORK_HAVE_JOBS_PAGE
  GtkWidget *page = adw_bin_get_child (self->jobs_bin);

  /* A new job is in the list once the page has caught up. */
  if (ORK_IS_JOBS_PAGE (page))
    ork_jobs_page_flush (ORK_JOBS_PAGE (page));
#endif
  ork_window_show_job (self, ork_job_get_id (job));
}
#endif

/* Opens the job editor over the window: @job_id NULL for a new job. */
static void
open_job_editor (OrkWindow  *self,
                 const char *job_id,
                 gboolean    duplicate)
{
#ifdef ORK_HAVE_JOB_EDITOR
  OrkJob *job = NULL;
  GtkWindow *editor;

  if (self->session == NULL)
    return;
  if (job_id != NULL)
    {
      job = ork_workspace_find_job (ork_session_get_workspace (self->session), job_id);
      if (job == NULL)
        {
          g_autofree char *text = g_strdup_printf (_("No job “%s” in this workspace"), job_id);

          show_error_toast (self, text);
          return;
        }
    }
  editor = ork_job_editor_new (GTK_WINDOW (self), self->session, job, duplicate);
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_job_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (editor);
#endif
}

static void
new_job_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  open_job_editor (ORK_WINDOW (widget), NULL, FALSE);
}

static void
edit_job_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  open_job_editor (ORK_WINDOW (widget), g_variant_get_string (param, NULL),
                   g_str_equal (name, "win.duplicate-job"));
}

static void
review_trust_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  review_trust (ORK_WINDOW (widget));
}

static void
reload_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  OrkWindow *self = ORK_WINDOW (widget);
  const char *path = ork_session_get_path (self->session);
  g_autoptr(GFile) file = NULL;

  if (path == NULL)
    return;
  file = g_file_new_for_path (path);
  ork_window_open_file (self, file);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  ork_window_show_page (ORK_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
search_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  OrkWindow *self = ORK_WINDOW (widget);
  GtkWidget *child = adw_view_stack_get_visible_child (self->stack);

  if (child == GTK_WIDGET (self->log_page))
    ork_log_page_focus_search (self->log_page);
  else if (child == GTK_WIDGET (self->jobs_bin) && adw_bin_get_child (self->jobs_bin) != NULL)
    gtk_widget_activate_action (adw_bin_get_child (self->jobs_bin), "jobs.search", NULL);
}

static void
on_timeline_show_run (OrkWindow  *self,
                      const char *job_id,
                      guint64     run_id)
{
  if (ork_window_show_job (self, job_id))
    {
#if defined (ORK_HAVE_JOBS_PAGE) && defined (ORK_HAVE_JOB_DETAIL)
      GtkWidget *page = adw_bin_get_child (self->jobs_bin);

      /* The job is in the detail now: open the run there. */
      if (ORK_IS_JOBS_PAGE (page))
        ork_job_detail_select_run (ORK_JOB_DETAIL (ork_jobs_page_get_detail (ORK_JOBS_PAGE (page))),
                                   run_id);
#endif
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("The job “%s” is no longer in the workspace"), job_id);
      ork_window_add_toast (self, adw_toast_new (text));
    }
}

static void
on_stack_visible_child (OrkWindow *self)
{
  GtkWidget *child = adw_view_stack_get_visible_child (self->stack);

  /* The Log and Metrics pages ask for rows only while they are shown. */
  if (self->log_page != NULL)
    ork_log_page_set_active (self->log_page, child == GTK_WIDGET (self->log_page));
#ifdef ORK_HAVE_METRICS_PAGE
  if (self->metrics_page != NULL)
    ork_metrics_page_set_active (ORK_METRICS_PAGE (self->metrics_page), child == self->metrics_page);
#endif
}

/* Public ---------------------------------------------------------------------------- */

void
ork_window_show_page (OrkWindow  *self,
                      const char *name)
{
  g_return_if_fail (ORK_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  if (adw_view_stack_get_child_by_name (self->stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, name);
}

gboolean
ork_window_show_job (OrkWindow  *self,
                     const char *job_id)
{
  g_return_val_if_fail (ORK_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (job_id != NULL, FALSE);

  ork_window_show_page (self, "jobs");
#ifdef ORK_HAVE_JOBS_PAGE
  if (ORK_IS_JOBS_PAGE (adw_bin_get_child (self->jobs_bin)))
    {
      OrkJobsPage *page = ORK_JOBS_PAGE (adw_bin_get_child (self->jobs_bin));

      /* A filter may hide the job: clear them so it can be shown. */
      if (!ork_jobs_page_select_job (page, job_id))
        {
          gtk_widget_activate_action (GTK_WIDGET (page), "jobs.clear-filters", NULL);
          return ork_jobs_page_select_job (page, job_id);
        }
      return TRUE;
    }
#endif
  return FALSE;
}

gboolean
ork_window_is_in_front (OrkWindow *self)
{
  g_return_val_if_fail (ORK_IS_WINDOW (self), FALSE);

  if (self->pretend_inactive)
    return FALSE;
  return gtk_widget_get_visible (GTK_WIDGET (self)) && gtk_window_is_active (GTK_WINDOW (self));
}

void
ork_window_set_pretend_inactive (OrkWindow *self,
                                 gboolean   inactive)
{
  g_return_if_fail (ORK_IS_WINDOW (self));
  self->pretend_inactive = inactive;
}

const char *
ork_window_get_visible_page (OrkWindow *self)
{
  g_return_val_if_fail (ORK_IS_WINDOW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->stack);
}

OrkEventLog *
ork_window_get_event_log (OrkWindow *self)
{
  g_return_val_if_fail (ORK_IS_WINDOW (self), NULL);
  return self->event_log;
}

const char *
ork_window_get_status_text (OrkWindow *self)
{
  g_return_val_if_fail (ORK_IS_WINDOW (self), NULL);
  return self->status_text;
}

void
ork_window_add_toast (OrkWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (ORK_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* GObject --------------------------------------------------------------------------- */

static gboolean
ork_window_close_request (GtkWindow *window)
{
  GSettings *settings = ork_application_get_settings ();
  int width, height;

  /* The size before maximizing, so unmaximizing next time returns to it. */
  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (settings);

  /* Running in the background: the window only hides, its engine goes on,
   * and activating the app shows it again (Quit ends it). */
  if (gtk_window_get_application (window) != NULL
      && g_settings_get_boolean (settings, "run-in-background"))
    {
      gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (ork_window_parent_class)->close_request (window);
}

static void
ork_window_dispose (GObject *object)
{
  OrkWindow *self = ORK_WINDOW (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->status_idle_id, g_source_remove);
  disconnect_session (self);
  if (self->jobs_selection != NULL)
    g_signal_handlers_disconnect_by_data (self->jobs_selection, self);
  g_clear_object (&self->jobs_selection);
  gtk_widget_dispose_template (GTK_WIDGET (self), ORK_TYPE_WINDOW);
  G_OBJECT_CLASS (ork_window_parent_class)->dispose (object);
}

static void
ork_window_finalize (GObject *object)
{
  OrkWindow *self = ORK_WINDOW (object);

  g_clear_object (&self->event_log);
  g_clear_object (&self->time_range);
  g_clear_object (&self->ff_cancellable);
  g_clear_pointer (&self->status_text, g_free);
  G_OBJECT_CLASS (ork_window_parent_class)->finalize (object);
}

static void
ork_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  OrkWindow *self = ORK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->session != NULL && ork_session_get_running (self->session));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  OrkWindow *self = ORK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      if (g_value_get_object (value) != NULL)
        ork_window_set_session (self, g_value_get_object (value));
      break;
    case PROP_RUNNING:
      if (self->session != NULL)
        ork_session_set_running (self->session, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_window_class_init (OrkWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ork_window_dispose;
  object_class->finalize = ork_window_finalize;
  object_class->get_property = ork_window_get_property;
  object_class->set_property = ork_window_set_property;
  GTK_WINDOW_CLASS (klass)->close_request = ork_window_close_request;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, ORK_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ORK_TYPE_LOG_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/orkestron/Orkestron/ork-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, mode_button);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, mode_label);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, mode_icon);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, mode_popover);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, sim_start_entry);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, sim_seed_spin);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, step_button);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, fast_forward_button);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, fast_forward_popover);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, fast_forward_entry);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, fast_forward_hint);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, failure_button);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, more_button);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, more_speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, failure_adjustment);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, trust_revealer);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, disk_revealer);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, OrkWindow, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_speed_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_fast_forward_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stack_visible_child);

  gtk_widget_class_install_property_action (widget_class, "win.running", "running");
  gtk_widget_class_install_action (widget_class, "win.step", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.fast-forward-to", "s",
                                   fast_forward_to_action);
  gtk_widget_class_install_action (widget_class, "win.show-fast-forward", NULL,
                                   show_fast_forward_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-fast-forward", NULL,
                                   cancel_fast_forward_action);
  gtk_widget_class_install_action (widget_class, "win.speed-up", NULL, speed_step_action);
  gtk_widget_class_install_action (widget_class, "win.speed-down", NULL, speed_step_action);
  gtk_widget_class_install_action (widget_class, "win.show-mode", NULL, show_mode_action);
  gtk_widget_class_install_action (widget_class, "win.show-failure", NULL, show_failure_action);
  gtk_widget_class_install_action (widget_class, "win.start-simulation", NULL,
                                   start_simulation_action);
  gtk_widget_class_install_action (widget_class, "win.go-live", NULL, go_live_action);
  gtk_widget_class_install_action (widget_class, "win.new-workspace", NULL, new_workspace_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.export-history", NULL,
                                   export_history_action);
  gtk_widget_class_install_action (widget_class, "win.new-job", NULL, new_job_action);
  gtk_widget_class_install_action (widget_class, "win.edit-job", "s", edit_job_action);
  gtk_widget_class_install_action (widget_class, "win.duplicate-job", "s", edit_job_action);
  gtk_widget_class_install_action (widget_class, "win.review-trust", NULL, review_trust_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);

  /* Ctrl+Space, Ctrl+. and Ctrl+G: see add_global_shortcuts (). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK,
                                       "win.speed-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK,
                                       "win.speed-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "win.speed-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK,
                                       "win.show-mode", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK,
                                       "win.show-failure", NULL);
  /* Ctrl+N, Ctrl+E are the Jobs page's new job and edit. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.new-workspace", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.export-history", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK,
                                       "win.show-page", "s", "jobs");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK,
                                       "win.show-page", "s", "timeline");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK,
                                       "win.show-page", "s", "metrics");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK,
                                       "win.show-page", "s", "log");
}

/* The clock's shortcuts work wherever the focus is: caught on the way down,
 * before a focused list takes Ctrl+Space to select a row or an entry takes
 * Ctrl+. for emoji. Space alone stays the Jobs page's pause/resume. */
static void
add_global_shortcuts (OrkWindow *self)
{
  static const struct
  {
    guint            keyval;
    GdkModifierType  modifiers;
    const char      *action;
  } shortcuts[] = {
    { GDK_KEY_space, GDK_CONTROL_MASK, "win.running" },
    { GDK_KEY_period, GDK_CONTROL_MASK, "win.step" },
    { GDK_KEY_g, GDK_CONTROL_MASK, "win.show-fast-forward" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_name (controller, "ork-global-shortcuts");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (shortcuts[i].keyval,
                                                                                    shortcuts[i].modifiers),
                                                            gtk_named_action_new (shortcuts[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
ork_window_init (OrkWindow *self)
{
  AdwViewStackPage *page;
  GSettings *settings;

  gtk_widget_init_template (GTK_WIDGET (self));
  add_global_shortcuts (self);
  /* The overflow popover's speed is the same choice as the header's. */
  gtk_drop_down_set_model (self->more_speed_dropdown,
                           gtk_drop_down_get_model (self->speed_dropdown));
  g_object_bind_property (self->speed_dropdown, "selected", self->more_speed_dropdown, "selected",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);

  settings = ork_application_get_settings ();
  gtk_window_set_default_size (GTK_WINDOW (self),
                               MAX (g_settings_get_int (settings, "window-width"), 360),
                               MAX (g_settings_get_int (settings, "window-height"), 300));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
#if DEVELOPMENT_BUILD
  /* libadwaita stripes the header bar of a development build. */
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  self->event_log = ork_event_log_new (0);
  self->jobs_bin = ADW_BIN (adw_bin_new ());
  page = adw_view_stack_add_titled (self->stack, GTK_WIDGET (self->jobs_bin), "jobs", _("Jobs"));
  adw_view_stack_page_set_icon_name (page, "view-list-symbolic");
  self->time_range = ork_time_range_new ();
#ifdef ORK_HAVE_TIMELINE_PAGE
  self->timeline_page = ork_timeline_page_new (self->time_range);
  g_signal_connect_object (self->timeline_page, "show-run", G_CALLBACK (on_timeline_show_run),
                           self, G_CONNECT_SWAPPED);
  page = adw_view_stack_add_titled (self->stack, self->timeline_page, "timeline", _("Timeline"));
  adw_view_stack_page_set_icon_name (page, "ork-timeline-symbolic");
#endif
#ifdef ORK_HAVE_METRICS_PAGE
  self->metrics_page = ork_metrics_page_new (self->time_range);
  page = adw_view_stack_add_titled (self->stack, self->metrics_page, "metrics", _("Metrics"));
  adw_view_stack_page_set_icon_name (page, "ork-metrics-symbolic");
#endif
  self->log_page = ORK_LOG_PAGE (ork_log_page_new (self->event_log));
  page = adw_view_stack_add_titled (self->stack, GTK_WIDGET (self->log_page), "log", _("Log"));
  adw_view_stack_page_set_icon_name (page, "format-justify-left-symbolic");
  on_stack_visible_child (self);

  g_signal_connect_object (self->failure_adjustment, "value-changed",
                           G_CALLBACK (on_failure_changed), self, G_CONNECT_SWAPPED);
  on_failure_changed (self);
  g_signal_connect_object (self->fast_forward_popover, "show",
                           G_CALLBACK (on_fast_forward_popover_show), self, G_CONNECT_SWAPPED);
#ifndef ORK_HAVE_EXPORT_DIALOG
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-history", FALSE);
#endif
#ifndef ORK_HAVE_JOB_EDITOR
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-job", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-job", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.duplicate-job", FALSE);
#endif
  update_controls (self);
  update_trust (self);
}

OrkWindow *
ork_window_new (AdwApplication *application)
{
  return g_object_new (ORK_TYPE_WINDOW, "application", application, NULL);
}
