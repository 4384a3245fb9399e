/* ork-timeline-page.c — the Timeline page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-timeline-page"

#include "config.h"

#include <inttypes.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ork-format.h"
#include "ork-time-axis.h"
#include "ork-timeline-page.h"

/* The whole span reaches this far past now (at least), so planned runs show. */
#define MIN_LOOKAHEAD (G_GINT64_CONSTANT (5) * 60 * G_USEC_PER_SEC)
#define MAX_LOOKAHEAD (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)
#define SPAN_UPDATE_MS 250

struct _OrkTimelinePage
{
  GtkWidget        parent_instance;

  /* Template children */
  GtkWidget         *box;
  GtkLabel          *span_label;
  GtkFlowBox        *legend;
  GtkStack          *stack;
  GtkScrolledWindow *scrolled;
  AdwStatusPage     *empty_page;
  GtkWidget         *details_bar;
  GtkLabel          *details_label;
  GtkButton         *show_job_button;

  OrkTimeRange      *range;
  OrkRunStore       *store;
  OrkTimeline       *timeline;
  OrkSession        *session;
  GListModel        *lanes;
  gint64             engine_start;
  gboolean           refit;
  guint              span_source;

  char              *selected_job;
  guint64            selected_run;
  char              *selected_text;
};

G_DEFINE_FINAL_TYPE (OrkTimelinePage, ork_timeline_page, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_SHOW_RUN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Words ---------------------------------------------------------------------- */

static char *
describe_hit (const OrkTimelineHit *hit,
              GTimeZone            *zone,
              gpointer              user_data)
{
  const OrkBar *bar = &hit->bar;
  GString *text = g_string_new (NULL);
  g_autofree char *fire = ork_format_time (bar->nominal_at, zone);
  const char *reason = ork_format_reason (bar->reason);

  if (bar->status == ORK_RUN_SKIPPED)
    {
      /* TRANSLATORS: job name, run number */
      g_string_append_printf (text, _("%s — run %" PRIu64 " skipped"),
                              ork_job_get_name (hit->job), bar->run_id);
      if (*reason != '\0')
        g_string_append_printf (text, _(": %s"), reason);
      g_string_append_c (text, '\n');
      /* TRANSLATORS: the time a run should have started */
      g_string_append_printf (text, _("Fire time %s"), fire);
      return g_string_free (text, FALSE);
    }

  /* TRANSLATORS: job name, run number, attempt number */
  g_string_append_printf (text, _("%s — run %" PRIu64 ", attempt %u"),
                          ork_job_get_name (hit->job), bar->run_id, bar->attempt);
  g_string_append_c (text, '\n');
  g_string_append (text, ork_format_run_state (bar->status));
  if (bar->has_exit_code)
    g_string_append_printf (text, _(", exit status %d"), bar->exit_code);
  if (*reason != '\0')
    g_string_append_printf (text, _(" · %s"), reason);
  g_string_append_c (text, '\n');

  if (bar->queued_at != ORK_TIME_UNSET && bar->started_at != ORK_TIME_UNSET)
    {
      g_autofree char *wait = ork_format_duration_short ((double) (bar->started_at - bar->queued_at));
      g_string_append_printf (text, _("Waited %s in the queue"), wait);
      g_string_append (text, " · ");
    }
  if (bar->started_at != ORK_TIME_UNSET)
    {
      g_autofree char *ran = ork_format_duration_short ((double) (bar->end_at - bar->started_at));
      g_autofree char *late = ork_format_duration_short ((double) (bar->started_at - bar->nominal_at));

      if (hit->kind == ORK_TIMELINE_HIT_ACTIVE)
        g_string_append_printf (text, _("running for %s"), ran);
      else
        g_string_append_printf (text, _("ran %s"), ran);
      g_string_append (text, " · ");
      g_string_append_printf (text, _("started %s after its fire time"), late);
    }
  else if (hit->kind == ORK_TIMELINE_HIT_ACTIVE)
    g_string_append (text, _("waiting for a worker"));
  else
    g_string_append (text, _("never started"));
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Fire time %s"), fire);
  return g_string_free (text, FALSE);
}

static void
update_details (OrkTimelinePage *self)
{
  const char *readout = ork_timeline_get_readout (self->timeline);

  if (readout != NULL)
    gtk_label_set_text (self->details_label, readout);
  else if (self->selected_text != NULL)
    gtk_label_set_text (self->details_label, self->selected_text);
  else
    gtk_label_set_text (self->details_label,
                        _("Point at an attempt to see its details; click it to keep them here."));
  gtk_widget_set_visible (GTK_WIDGET (self->show_job_button), self->selected_job != NULL);
}

static void
update_span_label (OrkTimelinePage *self)
{
  GTimeZone *zone;
  g_autoptr(GTimeZone) utc = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *text = NULL;
  gint64 t0, t1, width;

  if (self->session != NULL)
    zone = ork_workspace_get_time_zone (ork_session_get_workspace (self->session));
  else
    zone = utc = g_time_zone_new_utc ();

  if (ork_time_range_get_selection (self->range, &t0, &t1))
    {
      g_autofree char *length = NULL;

      width = t1 - t0;
      start = ork_time_axis_format (t0, width / 8, zone);
      end = ork_time_axis_format (t1, width / 8, zone);
      length = ork_format_duration_short ((double) width);
      /* TRANSLATORS: a selected span: start, end, its length, the time zone */
      text = g_strdup_printf (_("Selected %s – %s (%s, %s)"), start, end, length,
                              ork_format_zone_name (zone));
    }
  else
    {
      t0 = ork_time_range_get_visible_start (self->range);
      t1 = ork_time_range_get_visible_end (self->range);
      width = t1 - t0;
      start = ork_time_axis_format (t0, width / 8, zone);
      end = ork_time_axis_format (t1, width / 8, zone);
      /* TRANSLATORS: the visible span: start, end, the time zone */
      text = g_strdup_printf (_("%s – %s (%s)"), start, end, ork_format_zone_name (zone));
    }
  gtk_label_set_text (self->span_label, text);
}

static void
update_actions (OrkTimelinePage *self)
{
  gboolean has_selection = ork_time_range_get_selection (self->range, NULL, NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.zoom-to-selection", has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.clear-selection", has_selection);
}

static void
on_range_changed (OrkTimelinePage *self)
{
  update_span_label (self);
  update_actions (self);
}

static void
update_empty (OrkTimelinePage *self)
{
  gboolean empty = self->lanes == NULL || g_list_model_get_n_items (self->lanes) == 0;
  guint n_jobs = 0;

  if (self->session != NULL)
    n_jobs = g_list_model_get_n_items (ork_workspace_get_jobs (ork_session_get_workspace (self->session)));
  adw_status_page_set_description (self->empty_page,
                                   n_jobs == 0
                                   ? _("Add a job on the Jobs page: its runs show here, one lane a job.")
                                   : _("The Jobs page's search and filters hide every job. Clear them to see the lanes here."));
  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "timeline");
  /* Nothing to point at or tell apart without lanes. */
  gtk_widget_set_visible (GTK_WIDGET (self->legend), !empty);
  gtk_widget_set_visible (self->details_bar, !empty);
}

/* Span ----------------------------------------------------------------------- */

void
ork_timeline_page_update_span (OrkTimelinePage *self)
{
  OrkClock *clock;
  gint64 now, first, last, start, lookahead;

  g_return_if_fail (ORK_IS_TIMELINE_PAGE (self));

  clock = self->session != NULL ? ork_session_get_clock (self->session) : NULL;
  if (clock == NULL)
    return;
  now = ork_clock_now (clock);
  start = self->engine_start;
  if (ork_run_store_get_span (self->store, &first, &last))
    start = MIN (start, first);
  start = MIN (start, now);
  lookahead = CLAMP ((now - start) / 10, MIN_LOOKAHEAD, MAX_LOOKAHEAD);
  ork_time_range_set_whole (self->range, start, now + lookahead);
  if (self->refit)
    {
      self->refit = FALSE;
      ork_time_range_clear_selection (self->range);
      ork_time_range_fit (self->range);
    }
}

static gboolean
on_span_timeout (gpointer user_data)
{
  ork_timeline_page_update_span (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_engine_changed (OrkTimelinePage *self)
{
  OrkClock *clock = ork_session_get_clock (self->session);

  self->engine_start = clock != NULL ? ork_clock_now (clock) : g_get_real_time ();
  self->refit = TRUE;
  g_clear_pointer (&self->selected_job, g_free);
  g_clear_pointer (&self->selected_text, g_free);
  ork_timeline_select_run (self->timeline, NULL, 0);
  update_details (self);
  ork_timeline_page_update_span (self);
}

/* Callbacks ------------------------------------------------------------------ */

static void
on_run_activated (OrkTimelinePage *self,
                  const char      *job_id,
                  guint64          run_id,
                  guint            attempt)
{
  g_free (self->selected_job);
  self->selected_job = g_strdup (job_id);
  self->selected_run = run_id;
  g_free (self->selected_text);
  self->selected_text = ork_timeline_describe_attempt (self->timeline, job_id, run_id, attempt);
  /* A run still queued or running is not kept yet: what the pointer says. */
  if (self->selected_text == NULL)
    self->selected_text = g_strdup (ork_timeline_get_readout (self->timeline));
  update_details (self);
}

static void
on_show_job_clicked (OrkTimelinePage *self)
{
  if (self->selected_job != NULL)
    g_signal_emit (self, signals[SIGNAL_SHOW_RUN], 0, self->selected_job, self->selected_run);
}

static void
range_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  OrkTimelinePage *self = ORK_TIMELINE_PAGE (widget);

  if (g_str_equal (action_name, "timeline.zoom-in"))
    ork_time_range_zoom_center (self->range, 2);
  else if (g_str_equal (action_name, "timeline.zoom-out"))
    ork_time_range_zoom_center (self->range, 0.5);
  else if (g_str_equal (action_name, "timeline.fit"))
    ork_time_range_fit (self->range);
  else if (g_str_equal (action_name, "timeline.zoom-to-selection"))
    ork_time_range_zoom_to_selection (self->range);
  else if (g_str_equal (action_name, "timeline.clear-selection"))
    ork_time_range_clear_selection (self->range);
}

static void
add_legend (OrkTimelinePage *self,
            const char      *css,
            const char      *label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *swatch = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *text = gtk_label_new (label);

  gtk_widget_add_css_class (swatch, "ork-swatch");
  gtk_widget_add_css_class (swatch, css);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (text, "caption");
  gtk_box_append (GTK_BOX (box), swatch);
  gtk_box_append (GTK_BOX (box), text);
  gtk_flow_box_append (self->legend, box);
  gtk_widget_set_focusable (gtk_widget_get_parent (box), FALSE);
}

/* GObject ------------------------------------------------------------------ */

static void
ork_timeline_page_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  gtk_widget_measure (ORK_TIMELINE_PAGE (widget)->box, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static void
ork_timeline_page_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  gtk_widget_allocate (ORK_TIMELINE_PAGE (widget)->box, width, height, baseline, NULL);
}

static void
ork_timeline_page_dispose (GObject *object)
{
  OrkTimelinePage *self = ORK_TIMELINE_PAGE (object);

  g_clear_handle_id (&self->span_source, g_source_remove);
  ork_timeline_page_set_lanes (self, NULL);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), ORK_TYPE_TIMELINE_PAGE);
  g_clear_object (&self->range);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ork_timeline_page_parent_class)->dispose (object);
}

static void
ork_timeline_page_finalize (GObject *object)
{
  OrkTimelinePage *self = ORK_TIMELINE_PAGE (object);

  g_free (self->selected_job);
  g_free (self->selected_text);
  G_OBJECT_CLASS (ork_timeline_page_parent_class)->finalize (object);
}

static void
ork_timeline_page_class_init (OrkTimelinePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ork_timeline_page_dispose;
  object_class->finalize = ork_timeline_page_finalize;
  widget_class->measure = ork_timeline_page_measure;
  widget_class->size_allocate = ork_timeline_page_size_allocate;

  signals[SIGNAL_SHOW_RUN] =
    g_signal_new ("show-run", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/orkestron/Orkestron/ork-timeline-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OrkTimelinePage, box);
  gtk_widget_class_bind_template_child (widget_class, OrkTimelinePage, span_label);
  gtk_widget_class_bind_template_child (widget_class, OrkTimelinePage, legend);
  gtk_widget_class_bind_template_child (widget_class, OrkTimelinePage, stack);
  gtk_widget_class_bind_template_child (widget_class, OrkTimelinePage, scrolled);
  gtk_widget_class_bind_template_child (widget_class, OrkTimelinePage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, OrkTimelinePage, details_bar);
  gtk_widget_class_bind_template_child (widget_class, OrkTimelinePage, details_label);
  gtk_widget_class_bind_template_child (widget_class, OrkTimelinePage, show_job_button);
  gtk_widget_class_bind_template_callback (widget_class, on_show_job_clicked);

  gtk_widget_class_install_action (widget_class, "timeline.zoom-in", NULL, range_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-out", NULL, range_action);
  gtk_widget_class_install_action (widget_class, "timeline.fit", NULL, range_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-to-selection", NULL, range_action);
  gtk_widget_class_install_action (widget_class, "timeline.clear-selection", NULL, range_action);
}

static void
ork_timeline_page_init (OrkTimelinePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  add_legend (self, "succeeded", _("Succeeded"));
  add_legend (self, "failed", _("Failed"));
  add_legend (self, "timed-out", _("Timed out"));
  add_legend (self, "skipped", _("Skipped or cancelled"));
  add_legend (self, "queued", _("Queued"));
  add_legend (self, "running", _("Running"));
  add_legend (self, "planned", _("Planned"));
}

/* Public ---------------------------------------------------------------------- */

GtkWidget *
ork_timeline_page_new (OrkTimeRange *range)
{
  OrkTimelinePage *self;

  g_return_val_if_fail (ORK_IS_TIME_RANGE (range), NULL);

  self = g_object_new (ORK_TYPE_TIMELINE_PAGE, NULL);
  self->range = g_object_ref (range);
  self->store = ork_run_store_new ();
  self->timeline = ORK_TIMELINE (ork_timeline_new (range, self->store));
  ork_timeline_set_describe_func (self->timeline, describe_hit, NULL, NULL);
  gtk_scrolled_window_set_child (self->scrolled, GTK_WIDGET (self->timeline));
  g_signal_connect_object (self->timeline, "notify::readout", G_CALLBACK (update_details), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "run-activated", G_CALLBACK (on_run_activated), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (range, "changed", G_CALLBACK (on_range_changed), self, G_CONNECT_SWAPPED);
  on_range_changed (self);
  update_empty (self);
  update_details (self);
  return GTK_WIDGET (self);
}

void
ork_timeline_page_set_session (OrkTimelinePage *self,
                               OrkSession      *session)
{
  g_return_if_fail (ORK_IS_TIMELINE_PAGE (self));
  g_return_if_fail (session == NULL || ORK_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  ork_run_store_set_session (self->store, session);
  ork_timeline_set_session (self->timeline, session);
  g_clear_handle_id (&self->span_source, g_source_remove);
  if (session != NULL)
    {
      g_signal_connect_object (session, "engine-changed", G_CALLBACK (on_engine_changed), self,
                               G_CONNECT_SWAPPED);
      on_engine_changed (self);
      self->span_source = g_timeout_add (SPAN_UPDATE_MS, on_span_timeout, self);
    }
  update_empty (self);
}

void
ork_timeline_page_set_lanes (OrkTimelinePage *self,
                             GListModel      *lanes)
{
  g_return_if_fail (ORK_IS_TIMELINE_PAGE (self));

  if (self->lanes == lanes)
    return;
  if (self->lanes != NULL)
    g_signal_handlers_disconnect_by_data (self->lanes, self);
  g_set_object (&self->lanes, lanes);
  if (lanes != NULL)
    g_signal_connect_swapped (lanes, "items-changed", G_CALLBACK (update_empty), self);
  if (self->timeline != NULL)
    ork_timeline_set_lanes (self->timeline, lanes);
  update_empty (self);
}

OrkTimeline *
ork_timeline_page_get_timeline (OrkTimelinePage *self)
{
  g_return_val_if_fail (ORK_IS_TIMELINE_PAGE (self), NULL);
  return self->timeline;
}

const char *
ork_timeline_page_get_details (OrkTimelinePage *self)
{
  g_return_val_if_fail (ORK_IS_TIMELINE_PAGE (self), NULL);
  return gtk_label_get_text (self->details_label);
}

const char *
ork_timeline_page_get_span_text (OrkTimelinePage *self)
{
  g_return_val_if_fail (ORK_IS_TIMELINE_PAGE (self), NULL);
  return gtk_label_get_text (self->span_label);
}
