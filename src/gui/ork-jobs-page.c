/* ork-jobs-page.c — the Jobs page: every job, its state, and what to do with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-jobs-page"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "ork-format.h"
#include "ork-job-detail.h"
#include "ork-job-rows.h"
#include "ork-job-stats.h"
#include "ork-jobs-page.h"

typedef enum
{
  COL_NAME,
  COL_TYPE,
  COL_SCHEDULE,
  COL_STATUS,
  COL_LAST,
  COL_NEXT,
  COL_SUCCESS,
  COL_P95,
  N_COLUMNS
} Column;

/* The status filter's entries after "All Statuses", in the order a
 * user scans for trouble. */
static const OrkJobStatus status_order[] = {
  ORK_JOB_STATUS_RUNNING,
  ORK_JOB_STATUS_QUEUED,
  ORK_JOB_STATUS_RETRYING,
  ORK_JOB_STATUS_FAILED,
  ORK_JOB_STATUS_SCHEDULED,
  ORK_JOB_STATUS_IDLE,
  ORK_JOB_STATUS_PAUSED,
  ORK_JOB_STATUS_DISABLED,
  ORK_JOB_STATUS_BLOCKED,
};

struct _OrkJobsPage
{
  GtkWidget           parent_instance;

  OrkSession         *session;
  OrkJobStats        *stats;
  OrkJobRows         *rows;
  OrkScheduler       *scheduler;
  gulong              transition_id;

  GtkCustomFilter    *filter;
  GtkFilterListModel *filter_model;
  GtkSortListModel   *sort_model;
  GtkMultiSelection  *selection;

  char               *search_text;
  char               *search_folded;
  int                 status_filter;
  int                 type_filter;
  gboolean            setting_entry;
  gboolean            refiltering;
  char              **hidden_selection; /* ids of a selection a filter hid */

  GHashTable         *bound_jobs;     /* job id → BoundJob: the jobs of the bound rows */
  GHashTable         *dirty_jobs;     /* BoundJob * whose cells wait for the next frame */
  guint               refresh_id;     /* tick callback on the column view, or 0 */
  GHashTable         *time_cells;     /* GtkListItem * of the last/next run columns */
  GHashTable         *selected_ids;   /* ids of the selected jobs (update_actions) */
  int                 sort_column;    /* what the order follows: a Column, N_COLUMNS
                                       * when unknown, -1 unsorted (find_sort_column) */
  gboolean            probing;
  guint               tick_id;
  guint               tick_slot;      /* which rows' times the next tick refreshes */
  guint               update_id;
  char               *count_text;
  GtkWidget          *context_popover;
  struct _Undo       *undo;           /* the last deletions, for Undo */

  /* Template widgets. */
  AdwFlap            *flap;
  GtkWidget          *toolbar;
  GtkWidget          *run_now_button;
  GtkWidget          *pause_button;
  GtkWidget          *resume_button;
  GtkWidget          *retry_button;
  GtkWidget          *cancel_button;
  GtkWidget          *edit_button;
  GtkWidget          *duplicate_button;
  GtkWidget          *delete_button;
  GtkLabel           *count_label;
  GtkDropDown        *status_filter_dropdown;
  GtkDropDown        *type_filter_dropdown;
  GtkToggleButton    *search_button;
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  GtkColumnView      *column_view;
  GMenuModel         *context_menu;
  OrkJobDetail       *detail;
  GtkWidget          *secondary_box;
  GtkWidget          *more_button;
  GtkWidget          *filters_box;
  GtkWidget          *filters_row;

  /* Layout by width (see apply_layout). */
  GtkColumnViewColumn *columns[N_COLUMNS];
  int                 layout_width;
  guint               layout_id;
};

G_DEFINE_FINAL_TYPE (OrkJobsPage, ork_jobs_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_SEARCH_TEXT,
  PROP_STATUS_FILTER,
  PROP_TYPE_FILTER,
  N_PROPS
};

enum
{
  SIGNAL_TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void update_actions (OrkJobsPage *self);
static GPtrArray *selected_jobs (OrkJobsPage *self);
static void queue_update (OrkJobsPage *self);
static void update_watch (OrkJobsPage *self);

/* Helpers ------------------------------------------------------------------ */

static gint64
engine_now (OrkJobsPage *self)
{
  OrkClock *clock = self->session != NULL ? ork_session_get_clock (self->session) : NULL;

  return clock != NULL ? ork_clock_now (clock) : g_get_real_time ();
}

static gint64
next_fire (OrkJobsPage *self,
           OrkJob      *job)
{
  if (self->scheduler == NULL)
    return ORK_TIME_NEVER;
  return ork_scheduler_get_next_fire (self->scheduler, ork_job_get_id (job));
}

/* When the job's next run actually starts: a fire that quiet hours skip
 * gives way to the next one (@n_skipped counts them, @first_skipped is the
 * first), a deferred one starts when the quiet hours end (@deferred). */
static gint64
next_run (OrkJobsPage *self,
          OrkJob      *job,
          guint       *n_skipped,
          gint64      *first_skipped,
          gboolean    *deferred)
{
  const OrkSchedule *schedule = ork_job_get_schedule (job);
  GTimeZone *zone = ork_workspace_get_time_zone (ork_session_get_workspace (self->session));
  const OrkQuietHours *quiet;
  gint64 at = next_fire (self, job);

  if (n_skipped != NULL)
    *n_skipped = 0;
  if (first_skipped != NULL)
    *first_skipped = ORK_TIME_NEVER;
  if (deferred != NULL)
    *deferred = FALSE;

  switch (ork_job_get_quiet_mode (job))
    {
    case ORK_QUIET_IGNORE:
      quiet = NULL;
      break;
    case ORK_QUIET_OWN:
      quiet = ork_job_get_quiet_hours (job);
      break;
    case ORK_QUIET_INHERIT:
    default:
      quiet = ork_workspace_get_quiet_hours (ork_session_get_workspace (self->session));
      break;
    }
  if (schedule == NULL || quiet == NULL || quiet->windows == NULL || quiet->windows->len == 0)
    return at;

  /* Bounded: a schedule whose every fire falls in quiet hours shows none. */
  for (guint i = 0; i < 1000 && at != ORK_TIME_NEVER; i++)
    {
      gint64 end;

      if (!ork_quiet_hours_contains (quiet, schedule->tz != NULL ? schedule->tz : zone, at, &end))
        return at;
      if (quiet->policy != ORK_QUIET_POLICY_SKIP)
        {
          if (deferred != NULL)
            *deferred = TRUE;
          return end;
        }
      if (first_skipped != NULL && *first_skipped == ORK_TIME_NEVER)
        *first_skipped = at;
      if (n_skipped != NULL)
        (*n_skipped)++;
      at = ork_schedule_next (schedule, zone, at, G_MININT64);
    }
  return ORK_TIME_NEVER;
}

static OrkJobSummary *
summary_of (OrkJobsPage *self,
            OrkJob      *job)
{
  return ork_job_stats_lookup (self->stats, ork_job_get_id (job));
}

static char *
describe_p95 (gint64 ms)
{
  if (ms < 0)
    return g_strdup ("—");
  if (ms < 1000)
    return g_strdup_printf (_("%d ms"), (int) ms);
  if (ms < 60 * 1000)
    return g_strdup_printf (_("%.1f s"), ms / 1000.0);
  if (ms < 3600 * 1000)
    return g_strdup_printf (_("%.1f min"), ms / 60000.0);
  return g_strdup_printf (_("%.1f h"), ms / 3600000.0);
}

static GTimeZone *
workspace_zone (OrkJobsPage *self)
{
  return ork_workspace_get_time_zone (ork_session_get_workspace (self->session));
}

/* What a cell shows; @tooltip gets its tooltip when asked. */
static char *
cell_text (OrkJobsPage *self,
           OrkJob      *job,
           Column       column,
           char       **tooltip)
{
  switch (column)
    {
    case COL_NAME:
      if (tooltip != NULL)
        *tooltip = g_strdup_printf ("%s (%s)", ork_job_get_name (job), ork_job_get_id (job));
      return g_strdup (ork_job_get_name (job));

    case COL_TYPE:
      return g_strdup (ork_format_job_type (ork_job_get_job_type (job)));

    case COL_SCHEDULE:
      {
        const OrkSchedule *schedule = ork_job_get_schedule (job);
        char *text = schedule != NULL ? ork_schedule_describe (schedule) : g_strdup ("—");

        if (tooltip != NULL)
          *tooltip = g_strdup (text);
        return text;
      }

    case COL_STATUS:
      return g_strdup (ork_format_job_status (ork_job_get_status (job)));

    case COL_LAST:
      {
        OrkJobSummary *summary = summary_of (self, job);
        g_autofree char *when = NULL;
        gint64 at = ork_job_summary_get_last_at (summary);

        if (!ork_job_summary_has_last (summary))
          return g_strdup ("—");
        when = ork_format_relative (at, engine_now (self));
        if (tooltip != NULL)
          {
            g_autofree char *abs = ork_format_time (at, workspace_zone (self));
            *tooltip = g_strdup_printf ("%s (%s)", abs, ork_format_zone_name (workspace_zone (self)));
          }
        if (ork_job_summary_get_last_will_retry (summary))
          return g_strdup_printf (_("%s · %s, will retry"), when,
                                  ork_format_run_state (ork_job_summary_get_last_state (summary)));
        return g_strdup_printf ("%s · %s", when,
                                ork_format_run_state (ork_job_summary_get_last_state (summary)));
      }

    case COL_NEXT:
      {
        guint n_skipped;
        gint64 skipped;
        gboolean deferred;
        gint64 at = next_run (self, job, &n_skipped, &skipped, &deferred);

        if (at == ORK_TIME_NEVER)
          return g_strdup ("—");
        if (tooltip != NULL)
          {
            GTimeZone *zone = workspace_zone (self);
            g_autofree char *abs = ork_format_time (at, zone);
            g_autoptr(GString) s = g_string_new (NULL);

            g_string_append_printf (s, "%s (%s)", abs, ork_format_zone_name (zone));
            if (deferred)
              g_string_append (s, _("\nDeferred to the end of quiet hours"));
            if (n_skipped > 0)
              {
                g_autofree char *first = ork_format_time (skipped, zone);
                if (n_skipped == 1)
                  /* Translators: %s is a date and time */
                  g_string_append_printf (s, _("\nThe fire at %s is skipped: quiet hours"), first);
                else
                  /* Translators: %u is a count, %s a date and time */
                  g_string_append_printf (s, _("\n%u fires from %s are skipped: quiet hours"),
                                          n_skipped, first);
              }
            *tooltip = g_string_free (g_steal_pointer (&s), FALSE);
          }
        return ork_format_relative (at, engine_now (self));
      }

    case COL_SUCCESS:
      {
        OrkJobSummary *summary = summary_of (self, job);

        if (tooltip != NULL)
          *tooltip = g_strdup_printf (_("%" PRIu64 " succeeded, %" PRIu64
                                        " failed"),
                                      ork_job_summary_get_n_succeeded (summary),
                                      ork_job_summary_get_n_failed (summary));
        /* The locale's decimal mark; one decimal near 0 % and 100 %. */
        return ork_format_percent (ork_job_summary_get_success_rate (summary));
      }

    case COL_P95:
      return describe_p95 (ork_job_summary_get_p95 (summary_of (self, job)));

    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

/* Cells -------------------------------------------------------------------- */

static void
refresh_cell (OrkJobsPage *self,
              GtkListItem *item)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (item), "ork-column"));
  GtkWidget *child = gtk_list_item_get_child (item);
  GtkInscription *inscription = g_object_get_data (G_OBJECT (child), "ork-text");
  OrkJob *job = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;

  if (job == NULL)
    return;
  /* The tooltip is worked out when asked (on_cell_query_tooltip ()). */
  text = cell_text (self, job, column, NULL);
  if (g_strcmp0 (gtk_inscription_get_text (inscription), text) != 0)
    gtk_inscription_set_text (inscription, text);

  if (column == COL_TYPE)
    {
      GtkImage *image = g_object_get_data (G_OBJECT (child), "ork-icon");
      const char *icon = ork_format_job_type_icon (ork_job_get_job_type (job));

      /* Setting the same icon again clears the image and queues a resize. */
      if (gtk_image_get_storage_type (image) != GTK_IMAGE_ICON_NAME ||
          g_strcmp0 (gtk_image_get_icon_name (image), icon) != 0)
        gtk_image_set_from_icon_name (image, icon);
    }
  else if (column == COL_STATUS)
    {
      GtkWidget *dot = g_object_get_data (G_OBJECT (child), "ork-icon");
      const char *css = ork_format_job_status_css (ork_job_get_status (job));
      const char *old = g_object_get_data (G_OBJECT (dot), "ork-css");

      if (g_strcmp0 (old, css) != 0)
        {
          if (old != NULL)
            gtk_widget_remove_css_class (dot, old);
          gtk_widget_add_css_class (dot, css);
          g_object_set_data (G_OBJECT (dot), "ork-css", (gpointer) css);
        }
    }
}

/* The cells of a job whose row is bound (on screen, or kept bound near it
 * by the list). A change to the job marks it; its cells are refreshed at
 * the next frame, in the frame clock's update phase, so what changed shows
 * in the frame that follows. Changes to the other jobs cost a look-up. */
typedef struct
{
  char      *id;
  OrkJob    *job;
  gulong     notify_id;
  GPtrArray *cells;   /* GtkListItem *, no reference: unbound before they go */
} BoundJob;

static void
bound_job_free (gpointer data)
{
  BoundJob *bound = data;

  g_clear_signal_handler (&bound->notify_id, bound->job);
  g_clear_object (&bound->job);
  g_free (bound->id);
  g_ptr_array_unref (bound->cells);
  g_free (bound);
}

static void
refresh_dirty_cells (OrkJobsPage *self)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->dirty_jobs);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      BoundJob *bound = key;

      /* A cell off screen is refreshed when mapped (on_cell_map ()). */
      for (guint i = 0; i < bound->cells->len; i++)
        if (gtk_widget_get_mapped (gtk_list_item_get_child (bound->cells->pdata[i])))
          refresh_cell (self, bound->cells->pdata[i]);
      g_hash_table_iter_remove (&iter);
    }
}

static gboolean
on_refresh_tick (GtkWidget     *widget,
                 GdkFrameClock *frame_clock,
                 gpointer       user_data)
{
  OrkJobsPage *self = user_data;

  self->refresh_id = 0;
  refresh_dirty_cells (self);
  return G_SOURCE_REMOVE;
}

static gboolean
is_on_screen (BoundJob *bound)
{
  for (guint i = 0; i < bound->cells->len; i++)
    if (gtk_widget_get_mapped (gtk_list_item_get_child (bound->cells->pdata[i])))
      return TRUE;
  return FALSE;
}

/* The cells of job @job_id, if on screen, are refreshed at the next frame;
 * those of a row bound off screen when it is mapped (on_cell_map ()), so
 * it costs no frame. */
static void
mark_dirty (OrkJobsPage *self,
            const char  *job_id)
{
  BoundJob *bound = g_hash_table_lookup (self->bound_jobs, job_id);

  if (bound == NULL || self->column_view == NULL || !is_on_screen (bound) ||
      !g_hash_table_add (self->dirty_jobs, bound))
    return;
  if (self->refresh_id == 0)
    self->refresh_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->column_view),
                                                     on_refresh_tick, self, NULL);
}

static void
mark_all_dirty (OrkJobsPage *self)
{
  GHashTableIter iter;
  gpointer id;

  g_hash_table_iter_init (&iter, self->bound_jobs);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    mark_dirty (self, id);
}

static void
on_cell_pressed (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 GtkListItem     *item)
{
  OrkJobsPage *self = g_object_get_data (G_OBJECT (item), "ork-page");
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkSelectionModel *model = GTK_SELECTION_MODEL (self->selection);
  guint position = gtk_list_item_get_position (item);
  double px = x, py = y;

  if (position == GTK_INVALID_LIST_POSITION)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (!gtk_selection_model_is_selected (model, position))
    gtk_selection_model_select_item (model, position, TRUE);
  update_actions (self);

  gtk_widget_translate_coordinates (cell, GTK_WIDGET (self), x, y, &px, &py);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_popover),
                               &(GdkRectangle) { (int) px, (int) py, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_popover));
}

/* Tooltips are worked out when GTK asks for one: setting a tooltip asks the
 * display where the pointer is (three X round trips on X11), which binding
 * and refreshing hundreds of cells cannot afford. A cell that may be cut
 * short shows its whole text there. */
static gboolean
on_cell_query_tooltip (GtkWidget   *child,
                       int          x,
                       int          y,
                       gboolean     keyboard_mode,
                       GtkTooltip  *tooltip,
                       GtkListItem *item)
{
  OrkJobsPage *self = g_object_get_data (G_OBJECT (item), "ork-page");
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (item), "ork-column"));
  OrkJob *job = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;
  g_autofree char *tip = NULL;

  if (job == NULL)
    return FALSE;
  text = cell_text (self, job, column, &tip);
  if (tip == NULL && (column == COL_STATUS || column == COL_NAME || column == COL_TYPE))
    tip = g_steal_pointer (&text);
  if (tip == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, tip);
  return TRUE;
}

/* The list keeps rows bound off screen (unmapped): they catch up here. */
static void
on_cell_map (GtkWidget   *child,
             GtkListItem *item)
{
  refresh_cell (g_object_get_data (G_OBJECT (item), "ork-page"), item);
}

static void
on_factory_setup (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  OrkJobsPage              *self)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "ork-column"));
  GtkWidget *text = gtk_inscription_new (NULL);
  GtkWidget *child = text;
  GtkGesture *gesture;

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (text), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_set_hexpand (text, TRUE);

  switch (column)
    {
    case COL_NAME:
      gtk_inscription_set_min_chars (GTK_INSCRIPTION (text), 12);
      gtk_inscription_set_nat_chars (GTK_INSCRIPTION (text), 22);
      /* Names that differ at their end ("… report 7", "… report 8") stay
       * told apart. */
      gtk_inscription_set_text_overflow (GTK_INSCRIPTION (text),
                                         GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_MIDDLE);
      break;
    case COL_SCHEDULE:
      gtk_inscription_set_min_chars (GTK_INSCRIPTION (text), 14);
      gtk_inscription_set_nat_chars (GTK_INSCRIPTION (text), 26);
      break;
    case COL_TYPE:
    case COL_STATUS:
      {
        GtkWidget *icon;

        child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
        if (column == COL_TYPE)
          icon = gtk_image_new ();
        else
          {
            icon = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
            gtk_widget_add_css_class (icon, "status-dot");
            gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
          }
        gtk_inscription_set_min_chars (GTK_INSCRIPTION (text), 7);
        gtk_inscription_set_nat_chars (GTK_INSCRIPTION (text), 9);
        gtk_box_append (GTK_BOX (child), icon);
        gtk_box_append (GTK_BOX (child), text);
        g_object_set_data (G_OBJECT (child), "ork-icon", icon);
      }
      break;
    case COL_LAST:
      gtk_inscription_set_min_chars (GTK_INSCRIPTION (text), 12);
      gtk_inscription_set_nat_chars (GTK_INSCRIPTION (text), 26);
      break;
    case COL_NEXT:
      gtk_inscription_set_min_chars (GTK_INSCRIPTION (text), 8);
      gtk_inscription_set_nat_chars (GTK_INSCRIPTION (text), 10);
      break;
    case COL_SUCCESS:
    case COL_P95:
      gtk_inscription_set_min_chars (GTK_INSCRIPTION (text), 6);
      gtk_inscription_set_nat_chars (GTK_INSCRIPTION (text), 8);
      gtk_inscription_set_xalign (GTK_INSCRIPTION (text), 1.0);
      gtk_widget_add_css_class (text, "numeric");
      break;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }

  g_object_set_data (G_OBJECT (child), "ork-text", text);
  g_object_set_data (G_OBJECT (item), "ork-column", GINT_TO_POINTER (column));
  g_object_set_data (G_OBJECT (item), "ork-page", self);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_cell_pressed), item);
  gtk_widget_add_controller (child, GTK_EVENT_CONTROLLER (gesture));
  gtk_widget_set_has_tooltip (child, TRUE);
  g_signal_connect (child, "query-tooltip", G_CALLBACK (on_cell_query_tooltip), item);
  g_signal_connect (child, "map", G_CALLBACK (on_cell_map), item);

  gtk_list_item_set_child (item, child);
}

static void
unbind_cell (OrkJobsPage *self,
             GtkListItem *item)
{
  BoundJob *bound = g_object_steal_data (G_OBJECT (item), "ork-bound");

  g_hash_table_remove (self->time_cells, item);
  if (bound == NULL)
    return;
  g_ptr_array_remove_fast (bound->cells, item);
  if (bound->cells->len == 0)
    {
      g_hash_table_remove (self->dirty_jobs, bound);
      g_hash_table_remove (self->bound_jobs, bound->id);
    }
}

static void on_bound_job_notify (OrkJob      *job,
                                 GParamSpec  *pspec,
                                 OrkJobsPage *self);

static void
on_factory_bind (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 OrkJobsPage              *self)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (item), "ork-column"));
  OrkJob *job = gtk_list_item_get_item (item);
  BoundJob *bound;

  /* Rebound in place when its row is announced again. */
  unbind_cell (self, item);
  if (job == NULL)
    return;
  bound = g_hash_table_lookup (self->bound_jobs, ork_job_get_id (job));
  if (bound == NULL)
    {
      bound = g_new0 (BoundJob, 1);
      bound->id = g_strdup (ork_job_get_id (job));
      bound->job = g_object_ref (job);
      bound->notify_id = g_signal_connect (job, "notify", G_CALLBACK (on_bound_job_notify), self);
      bound->cells = g_ptr_array_sized_new (N_COLUMNS);
      g_hash_table_insert (self->bound_jobs, bound->id, bound);
    }
  g_ptr_array_add (bound->cells, item);
  g_object_set_data (G_OBJECT (item), "ork-bound", bound);
  if (column == COL_LAST || column == COL_NEXT)
    g_hash_table_add (self->time_cells, item);
  refresh_cell (self, item);
}

static void
on_factory_unbind (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   OrkJobsPage              *self)
{
  unbind_cell (self, item);
}

static void
on_factory_teardown (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     OrkJobsPage              *self)
{
  unbind_cell (self, item);
}

/* Sorting ------------------------------------------------------------------ */

static int
status_rank (OrkJobStatus status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_order); i++)
    if (status_order[i] == status)
      return (int) i;
  return G_N_ELEMENTS (status_order);
}

#define CMP(a, b) ((a) < (b) ? GTK_ORDERING_SMALLER : (a) > (b) ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL)

static int
compare_jobs (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  GtkSorter *sorter = user_data;
  OrkJobsPage *self = g_object_get_data (G_OBJECT (sorter), "ork-page");
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (sorter), "ork-column"));
  OrkJob *ja = (OrkJob *) a, *jb = (OrkJob *) b;
  int r = GTK_ORDERING_EQUAL;

  if (G_UNLIKELY (self->probing) && self->sort_column == N_COLUMNS)
    self->sort_column = column;

  switch (column)
    {
    case COL_NAME:
      r = g_utf8_collate (ork_job_get_name (ja), ork_job_get_name (jb));
      r = CMP (r, 0);
      break;
    case COL_TYPE:
      r = g_utf8_collate (ork_format_job_type (ork_job_get_job_type (ja)),
                          ork_format_job_type (ork_job_get_job_type (jb)));
      r = CMP (r, 0);
      break;
    case COL_SCHEDULE:
      {
        /* What fires sooner comes first: the next fire is the useful key. */
        gint64 fa = next_fire (self, ja), fb = next_fire (self, jb);
        r = CMP (fa, fb);
      }
      break;
    case COL_STATUS:
      r = CMP (status_rank (ork_job_get_status (ja)), status_rank (ork_job_get_status (jb)));
      break;
    case COL_LAST:
      r = CMP (ork_job_summary_get_last_at (summary_of (self, ja)),
               ork_job_summary_get_last_at (summary_of (self, jb)));
      break;
    case COL_NEXT:
      r = CMP (next_run (self, ja, NULL, NULL, NULL), next_run (self, jb, NULL, NULL, NULL));
      break;
    case COL_SUCCESS:
      r = CMP (ork_job_summary_get_success_rate (summary_of (self, ja)),
               ork_job_summary_get_success_rate (summary_of (self, jb)));
      break;
    case COL_P95:
      r = CMP (ork_job_summary_get_p95 (summary_of (self, ja)),
               ork_job_summary_get_p95 (summary_of (self, jb)));
      break;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
  if (r == GTK_ORDERING_EQUAL)
    r = CMP (g_strcmp0 (ork_job_get_id (ja), ork_job_get_id (jb)), 0);
  return r;
}

static void
add_column (OrkJobsPage *self,
            Column       column,
            const char  *title,
            gboolean     expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) col = NULL;
  GtkCustomSorter *sorter;

  g_object_set_data (G_OBJECT (factory), "ork-column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_factory_unbind), self);
  g_signal_connect (factory, "teardown", G_CALLBACK (on_factory_teardown), self);

  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, expand);
  self->columns[column] = col;
  /* Short words get a fixed width; the long ones share the rest. */
  switch (column)
    {
    case COL_TYPE:
      gtk_column_view_column_set_fixed_width (col, 116);
      break;
    case COL_STATUS:
      gtk_column_view_column_set_fixed_width (col, 124);
      break;
    case COL_NEXT:
      gtk_column_view_column_set_fixed_width (col, 108);
      break;
    case COL_SUCCESS:
    case COL_P95:
      gtk_column_view_column_set_fixed_width (col, 84);
      break;
    case COL_NAME:
    case COL_SCHEDULE:
    case COL_LAST:
    case N_COLUMNS:
    default:
      break;
    }
  gtk_column_view_column_set_resizable (col, TRUE);

  sorter = gtk_custom_sorter_new (NULL, NULL, NULL);
  gtk_custom_sorter_set_sort_func (sorter, compare_jobs, sorter, NULL);
  g_object_set_data (G_OBJECT (sorter), "ork-page", self);
  g_object_set_data (G_OBJECT (sorter), "ork-column", GINT_TO_POINTER (column));
  gtk_column_view_column_set_sorter (col, GTK_SORTER (sorter));
  g_object_unref (sorter);

  gtk_column_view_append_column (self->column_view, col);
}

/* Filtering ---------------------------------------------------------------- */

static gboolean
contains_folded (const char *haystack,
                 const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

static gboolean
filter_job (gpointer item,
            gpointer user_data)
{
  OrkJobsPage *self = user_data;
  OrkJob *job = item;
  const char * const *tags;

  if (self->status_filter >= 0 && (int) ork_job_get_status (job) != self->status_filter)
    return FALSE;
  if (self->type_filter >= 0 && (int) ork_job_get_job_type (job) != self->type_filter)
    return FALSE;
  if (self->search_folded == NULL)
    return TRUE;

  if (contains_folded (ork_job_get_name (job), self->search_folded) ||
      contains_folded (ork_job_get_id (job), self->search_folded))
    return TRUE;
  tags = ork_job_get_tags (job);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    if (contains_folded (tags[i], self->search_folded))
      return TRUE;
  return FALSE;
}

/* Whether a change of job property @name may change what filter_job ()
 * says: only for the filters in use. */
static gboolean
is_filter_key (OrkJobsPage *self,
               const char  *name)
{
  if (g_str_equal (name, "status"))
    return self->status_filter >= 0;
  if (g_str_equal (name, "job-type"))
    return self->type_filter >= 0;
  if (g_str_equal (name, "name") || g_str_equal (name, "id") || g_str_equal (name, "tags"))
    return self->search_folded != NULL;
  return FALSE;
}

static gboolean
is_filtered (OrkJobsPage *self)
{
  return self->status_filter >= 0 || self->type_filter >= 0 || self->search_folded != NULL;
}

/* With no filter in use the filter model has none: it passes the rows
 * through without asking filter_job () about each of them. */
static void
apply_filter (OrkJobsPage     *self,
              GtkFilterChange  change)
{
  GtkFilter *filter = is_filtered (self) ? GTK_FILTER (self->filter) : NULL;

  if (gtk_filter_list_model_get_filter (self->filter_model) != filter)
    gtk_filter_list_model_set_filter (self->filter_model, filter);
  else if (filter != NULL)
    gtk_filter_changed (filter, change);
}

static void
update_count (OrkJobsPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->rows));

  g_autofree char *shown_text = ork_format_count (shown);
  g_autofree char *total_text = ork_format_count (total);

  g_free (self->count_text);
  /* TRANSLATORS: the jobs shown and all of them, as digit-grouped numbers */
  self->count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s job",
                                                   "%s of %s jobs", total),
                                      shown_text, total_text);
  gtk_label_set_text (self->count_label, self->count_text);

  if (total == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else if (shown == 0)
    gtk_stack_set_visible_child_name (self->stack, "no-match");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
on_filter_model_items_changed (GListModel  *model,
                               guint        position,
                               guint        removed,
                               guint        added,
                               OrkJobsPage *self)
{
  if (removed != added)
    update_count (self);
}

static void
refilter (OrkJobsPage     *self,
          GtkFilterChange  change)
{
  GtkSelectionModel *model = GTK_SELECTION_MODEL (self->selection);
  g_autoptr(GPtrArray) before = selected_jobs (self);
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GtkBitset) set = gtk_bitset_new_empty ();
  g_auto(GStrv) hidden = g_steal_pointer (&self->hidden_selection);
  guint n;

  /* The filter model announces what it drops and adds back: the selection
   * is restored by job id, and remembered while the filter hides it. */
  for (guint i = 0; i < before->len; i++)
    g_hash_table_add (wanted, (char *) ork_job_get_id (before->pdata[i]));
  for (guint i = 0; before->len == 0 && hidden != NULL && hidden[i] != NULL; i++)
    g_hash_table_add (wanted, hidden[i]);

  self->refiltering = TRUE;
  apply_filter (self, change);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  for (guint i = 0; g_hash_table_size (wanted) > 0 && i < n; i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (g_hash_table_contains (wanted, ork_job_get_id (job)))
        gtk_bitset_add (set, i);
    }
  if (g_hash_table_size (wanted) > 0)
    {
      g_autoptr(GtkBitset) mask = gtk_bitset_new_range (0, n);
      g_autoptr(GtkBitset) now = gtk_selection_model_get_selection (model);

      if (!gtk_bitset_equals (now, set))
        gtk_selection_model_set_selection (model, set, mask);
    }
  if (gtk_bitset_is_empty (set) && g_hash_table_size (wanted) > 0)
    self->hidden_selection = (char **) g_hash_table_get_keys_as_array (wanted, NULL);
  if (self->hidden_selection != NULL)
    {
      /* The keys point into jobs or @hidden: copies outlive both. */
      char **copy = g_strdupv (self->hidden_selection);
      g_free (self->hidden_selection);
      self->hidden_selection = copy;
    }
  self->refiltering = FALSE;
  update_watch (self);
  update_actions (self);

  update_count (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "jobs.clear-filters", is_filtered (self));
}

static void
on_search_changed (GtkSearchEntry *entry,
                   OrkJobsPage    *self)
{
  /* Setting the entry's text from here first empties it: not a search. */
  if (self->setting_entry)
    return;
  ork_jobs_page_set_search_text (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_stop_search (GtkSearchEntry *entry,
                OrkJobsPage    *self)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
on_status_dropdown_selected (GtkDropDown *dropdown,
                             GParamSpec  *pspec,
                             OrkJobsPage *self)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  ork_jobs_page_set_status_filter (self, i == 0 || i == GTK_INVALID_LIST_POSITION ||
                                         i > G_N_ELEMENTS (status_order)
                                         ? -1 : (int) status_order[i - 1]);
}

static void
on_type_dropdown_selected (GtkDropDown *dropdown,
                           GParamSpec  *pspec,
                           OrkJobsPage *self)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  ork_jobs_page_set_type_filter (self, i == 0 || i == GTK_INVALID_LIST_POSITION
                                       ? -1 : (int) i - 1);
}

/* Selection and actions ---------------------------------------------------- */

static GPtrArray *
selected_jobs (OrkJobsPage *self)
{
  GPtrArray *jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GtkBitsetIter iter;
  guint pos;

  if (gtk_bitset_iter_init_first (&iter, set, &pos))
    do
      g_ptr_array_add (jobs, g_list_model_get_item (G_LIST_MODEL (self->selection), pos));
    while (gtk_bitset_iter_next (&iter, &pos));
  return jobs;
}

/* The job's runs that are active, from the engine. */
static GPtrArray *
active_runs_of (GPtrArray  *active,
                OrkJob     *job)
{
  GPtrArray *runs = g_ptr_array_new ();

  for (guint i = 0; active != NULL && i < active->len; i++)
    if (g_strcmp0 (ork_run_get_job_id (active->pdata[i]), ork_job_get_id (job)) == 0)
      g_ptr_array_add (runs, active->pdata[i]);
  return runs;
}

static gboolean
can_retry (OrkJobsPage *self,
           OrkJob      *job,
           GPtrArray   *active,
           guint64     *run_id)
{
  g_autoptr(GPtrArray) runs = active_runs_of (active, job);
  OrkJobSummary *summary;

  for (guint i = 0; i < runs->len; i++)
    if (ork_run_get_state (runs->pdata[i]) == ORK_RUN_RETRY_WAIT)
      {
        if (run_id != NULL)
          *run_id = ork_run_get_run_id (runs->pdata[i]);
        return TRUE;
      }
  summary = summary_of (self, job);
  if (ork_job_get_status (job) == ORK_JOB_STATUS_FAILED &&
      ork_job_summary_get_last_failed_for_good (summary))
    {
      if (run_id != NULL)
        *run_id = ork_job_summary_get_last_run_id (summary);
      return TRUE;
    }
  return FALSE;
}

static gboolean
is_cancellable_state (OrkRunState state)
{
  return state == ORK_RUN_RUNNING || state == ORK_RUN_QUEUED || state == ORK_RUN_RETRY_WAIT;
}

static void
update_actions (OrkJobsPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(GPtrArray) jobs = selected_jobs (self);
  g_autoptr(GPtrArray) active = NULL;
  gboolean engine = self->scheduler != NULL;
  gboolean run = FALSE, pause = FALSE, resume = FALSE, retry = FALSE, cancel = FALSE;

  g_hash_table_remove_all (self->selected_ids);
  for (guint i = 0; i < jobs->len; i++)
    g_hash_table_add (self->selected_ids, g_strdup (ork_job_get_id (jobs->pdata[i])));
  if (engine && jobs->len > 0)
    active = ork_scheduler_get_active_runs (self->scheduler);

  for (guint i = 0; engine && i < jobs->len; i++)
    {
      OrkJob *job = jobs->pdata[i];
      OrkJobStatus status = ork_job_get_status (job);

      if (status != ORK_JOB_STATUS_DISABLED && status != ORK_JOB_STATUS_BLOCKED)
        run = TRUE;
      if (ork_job_get_paused (job))
        resume = TRUE;
      else
        pause = TRUE;
      if (!retry && can_retry (self, job, active, NULL))
        retry = TRUE;
      if (!cancel)
        {
          g_autoptr(GPtrArray) runs = active_runs_of (active, job);
          for (guint j = 0; j < runs->len && !cancel; j++)
            cancel = is_cancellable_state (ork_run_get_state (runs->pdata[j]));
        }
    }

  gtk_widget_action_set_enabled (widget, "jobs.run-now", run);
  gtk_widget_action_set_enabled (widget, "jobs.pause", pause);
  gtk_widget_action_set_enabled (widget, "jobs.resume", resume);
  gtk_widget_action_set_enabled (widget, "jobs.toggle-pause", pause || resume);
  gtk_widget_action_set_enabled (widget, "jobs.retry", retry);
  gtk_widget_action_set_enabled (widget, "jobs.cancel", cancel);
  gtk_widget_action_set_enabled (widget, "jobs.edit", jobs->len == 1);
  gtk_widget_action_set_enabled (widget, "jobs.duplicate", jobs->len == 1);
  gtk_widget_action_set_enabled (widget, "jobs.delete", jobs->len > 0);
  gtk_widget_action_set_enabled (widget, "jobs.context-menu", jobs->len > 0);

  ork_job_detail_set_job (self->detail, jobs->len == 1 ? jobs->pdata[0] : NULL);
  if (jobs->len != 1)
    adw_flap_set_reveal_flap (self->flap, FALSE);
}

static gboolean
on_update_idle (gpointer user_data)
{
  OrkJobsPage *self = user_data;

  self->update_id = 0;
  update_actions (self);
  return G_SOURCE_REMOVE;
}

static void
queue_update (OrkJobsPage *self)
{
  if (self->update_id == 0 && self->selection != NULL)
    self->update_id = g_idle_add (on_update_idle, self);
}

static void
on_selection_changed (GtkSelectionModel *model,
                      guint              position,
                      guint              n_items,
                      OrkJobsPage       *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (model);
  gboolean one = gtk_bitset_get_size (set) == 1;

  /* A filter change restores the selection, then looks. */
  if (self->refiltering)
    return;
  update_actions (self);
  /* Beside the list on a wide window; over it (until closed) on a narrow one. */
  if (one && !adw_flap_get_reveal_flap (self->flap))
    adw_flap_set_reveal_flap (self->flap, TRUE);
}

static void
on_selection_items_changed (GListModel  *model,
                            guint        position,
                            guint        removed,
                            guint        added,
                            OrkJobsPage *self)
{
  queue_update (self);
}

static void
on_rows_flushed (OrkJobRows  *rows,
                 OrkJobsPage *self)
{
  queue_update (self);
}

static gboolean
is_sorted (OrkJobsPage *self)
{
  return self->sort_column >= 0;
}

/* Whether the order follows one of the columns in @mask (1 << Column). */
static gboolean
sorts_by (OrkJobsPage *self,
          guint        mask)
{
  return self->sort_column == N_COLUMNS ||
         (self->sort_column >= 0 && (mask & (1u << self->sort_column)) != 0);
}

/* GTK 4.8 does not tell which column the list is sorted by. The column
 * view's sorter asks its columns in turn until one tells two items apart,
 * and compare_jobs () always does (the id breaks ties): so the first column
 * asked, noted there while probing, is the one the order follows. */
static void
find_sort_column (OrkJobsPage *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  g_autoptr(OrkJob) a = NULL;
  g_autoptr(OrkJob) b = NULL;

  self->sort_column = -1;
  if (sorter == NULL || gtk_sorter_get_order (sorter) == GTK_SORTER_ORDER_NONE)
    return;
  self->sort_column = N_COLUMNS;
  if (self->rows == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->rows)) < 2)
    return;
  a = g_list_model_get_item (G_LIST_MODEL (self->rows), 0);
  b = g_list_model_get_item (G_LIST_MODEL (self->rows), 1);
  self->probing = TRUE;
  gtk_sorter_compare (sorter, a, b);
  self->probing = FALSE;
}

/* A change to job @job_id (@job if known): its row is announced again
 * (re-sorted, re-filtered, within ORK_JOB_ROWS_INTERVAL_MS) when @announce,
 * i.e. what changed may be a key of the sort or filter in use; its cells, if
 * bound, show the change at the next frame either way. */
static void
job_changed (OrkJobsPage *self,
             OrkJob      *job,
             const char  *job_id,
             gboolean     announce)
{
  if (announce)
    {
      if (job != NULL)
        ork_job_rows_invalidate (self->rows, job);
      else
        ork_job_rows_invalidate_id (self->rows, job_id);
    }
  mark_dirty (self, job_id);
  if (g_hash_table_contains (self->selected_ids, job_id))
    queue_update (self);
}

/* Every job's notify, while a sort or filter is in use (update_watch ()). */
static void
on_job_notify (OrkJobRows *rows,
               OrkJob     *job,
               GParamSpec *pspec,
               gpointer    user_data)
{
  OrkJobsPage *self = user_data;

  const char *name = g_param_spec_get_name (pspec);
  gboolean announce;

  /* The engine changes statuses a thousand times a second: a row moves
   * only for a filter or a sort that uses what changed. The definition
   * changes by hand: any sort may use it. */
  if (g_str_equal (name, "status"))
    announce = self->status_filter >= 0 || sorts_by (self, 1u << COL_STATUS);
  else if (g_str_equal (name, "paused"))
    announce = sorts_by (self, 1u << COL_SCHEDULE | 1u << COL_NEXT);
  else
    announce = is_sorted (self) || is_filter_key (self, name);
  job_changed (self, job, ork_job_get_id (job), announce);
}

/* The notify of a job whose row is bound. */
static void
on_bound_job_notify (OrkJob      *job,
                     GParamSpec  *pspec,
                     OrkJobsPage *self)
{
  job_changed (self, job, ork_job_get_id (job), FALSE);
}

/* With neither a sort nor a filter, no change moves a row: only the jobs of
 * bound rows are watched then (so the engine notifies only their status
 * changes); a sort or a filter, which GTK applies to every job as it is set,
 * needs every job watched from then on. */
static void
update_watch (OrkJobsPage *self)
{
  if (self->rows == NULL)
    return;
  ork_job_rows_set_watch_all (self->rows, is_sorted (self) || is_filtered (self));
}

static void
on_sorter_changed (GtkSorter       *sorter,
                   GtkSorterChange  change,
                   OrkJobsPage     *self)
{
  find_sort_column (self);
  update_watch (self);
}

static void
toast (OrkJobsPage *self,
       AdwToast    *toast)
{
  GtkWidget *overlay;

  if (g_signal_has_handler_pending (self, signals[SIGNAL_TOAST], 0, TRUE))
    {
      g_signal_emit (self, signals[SIGNAL_TOAST], 0, toast);
      return;
    }
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), g_object_ref (toast));
}

static void
toast_error (OrkJobsPage  *self,
             const GError *error)
{
  g_autoptr(AdwToast) t = adw_toast_new (error->message);

  adw_toast_set_timeout (t, 5);
  toast (self, t);
}

static void
run_now_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  OrkJobsPage *self = ORK_JOBS_PAGE (widget);
  g_autoptr(GPtrArray) jobs = selected_jobs (self);

  for (guint i = 0; self->scheduler != NULL && i < jobs->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OrkRun) run = ork_scheduler_run_now (self->scheduler,
                                                     ork_job_get_id (jobs->pdata[i]), &error);
      if (run == NULL && jobs->len == 1)
        toast_error (self, error);
    }
  update_actions (self);
}

static void
set_paused (OrkJobsPage *self,
            gboolean     paused)
{
  g_autoptr(GPtrArray) jobs = selected_jobs (self);

  for (guint i = 0; self->scheduler != NULL && i < jobs->len; i++)
    {
      g_autoptr(GError) error = NULL;
      const char *id = ork_job_get_id (jobs->pdata[i]);

      if (ork_job_get_paused (jobs->pdata[i]) == paused)
        continue;
      if (!(paused ? ork_scheduler_pause_job (self->scheduler, id, &error)
                   : ork_scheduler_resume_job (self->scheduler, id, &error)))
        toast_error (self, error);
    }
  update_actions (self);
}

static void
pause_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  set_paused (ORK_JOBS_PAGE (widget), TRUE);
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  set_paused (ORK_JOBS_PAGE (widget), FALSE);
}

static void
toggle_pause_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OrkJobsPage *self = ORK_JOBS_PAGE (widget);
  g_autoptr(GPtrArray) jobs = selected_jobs (self);
  gboolean any_running = FALSE;

  /* Space pauses a selection that has an unpaused job, else resumes it. */
  for (guint i = 0; i < jobs->len; i++)
    any_running |= !ork_job_get_paused (jobs->pdata[i]);
  set_paused (self, any_running);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  OrkJobsPage *self = ORK_JOBS_PAGE (widget);
  g_autoptr(GPtrArray) jobs = selected_jobs (self);
  g_autoptr(GPtrArray) active = NULL;

  if (self->scheduler == NULL)
    return;
  active = ork_scheduler_get_active_runs (self->scheduler);
  for (guint i = 0; i < jobs->len; i++)
    {
      g_autoptr(GError) error = NULL;
      guint64 run_id = 0;

      if (can_retry (self, jobs->pdata[i], active, &run_id) &&
          !ork_scheduler_retry_now (self->scheduler, ork_job_get_id (jobs->pdata[i]), run_id,
                                    &error))
        toast_error (self, error);
    }
  update_actions (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OrkJobsPage *self = ORK_JOBS_PAGE (widget);
  g_autoptr(GPtrArray) jobs = selected_jobs (self);
  g_autoptr(GPtrArray) active = NULL;

  if (self->scheduler == NULL)
    return;
  active = ork_scheduler_get_active_runs (self->scheduler);
  for (guint i = 0; i < jobs->len; i++)
    {
      g_autoptr(GPtrArray) runs = active_runs_of (active, jobs->pdata[i]);

      for (guint j = 0; j < runs->len; j++)
        {
          g_autoptr(GError) error = NULL;
          OrkRun *run = runs->pdata[j];

          if (is_cancellable_state (ork_run_get_state (run)) &&
              !ork_scheduler_cancel (self->scheduler, ork_run_get_job_id (run),
                                     ork_run_get_run_id (run), &error))
            toast_error (self, error);
        }
    }
  update_actions (self);
}

static void
activate_window_action (OrkJobsPage *self,
                        const char  *name,
                        gboolean     with_id)
{
  g_autoptr(GPtrArray) jobs = NULL;

  if (!with_id)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), name, NULL);
      return;
    }
  jobs = selected_jobs (self);
  if (jobs->len == 1)
    gtk_widget_activate_action (GTK_WIDGET (self), name, "s", ork_job_get_id (jobs->pdata[0]));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  activate_window_action (ORK_JOBS_PAGE (widget), "win.edit-job", TRUE);
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  activate_window_action (ORK_JOBS_PAGE (widget), "win.duplicate-job", TRUE);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  activate_window_action (ORK_JOBS_PAGE (widget), "win.new-job", FALSE);
}

typedef struct
{
  guint   position;
  OrkJob *job;
} Deleted;

static void
deleted_clear (gpointer data)
{
  g_clear_object (&((Deleted *) data)->job);
}

static int
compare_deleted (gconstpointer a,
                 gconstpointer b)
{
  const Deleted *da = a, *db = b;

  return CMP (da->position, db->position);
}

/* What Undo brings back: the deletions made while one undo toast was up,
 * each a batch of jobs at their positions when that batch was deleted.
 * Shared (refcounted) by the page and its toast. */
typedef struct _Undo Undo;

struct _Undo
{
  OrkJobsPage  *page;      /* weak */
  OrkWorkspace *workspace;
  GPtrArray    *batches;   /* GArray of Deleted, oldest first */
  AdwToast     *toast;     /* weak: the toast while it is up */
};

static void
undo_clear (gpointer data)
{
  Undo *undo = data;

  g_clear_weak_pointer (&undo->page);
  g_clear_weak_pointer (&undo->toast);
  g_clear_object (&undo->workspace);
  g_clear_pointer (&undo->batches, g_ptr_array_unref);
}

static void
undo_release (gpointer data)
{
  g_rc_box_release_full (data, undo_clear);
}

static void
undo_release_closure (gpointer  data,
                      GClosure *closure)
{
  undo_release (data);
}

static guint
undo_count (Undo *undo)
{
  guint n = 0;

  for (guint i = 0; i < undo->batches->len; i++)
    n += ((GArray *) undo->batches->pdata[i])->len;
  return n;
}

static void
update_undo_action (OrkJobsPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "jobs.undo-delete",
                                 self->undo != NULL && self->undo->batches->len > 0);
}

/* Puts every job of @undo back where it was, newest batch first, so each
 * batch finds the list as it was when it was deleted. */
static void
undo_restore (Undo *undo)
{
  GListModel *jobs = ork_workspace_get_jobs (undo->workspace);

  for (guint b = undo->batches->len; b > 0; b--)
    {
      GArray *batch = undo->batches->pdata[b - 1];

      /* In ascending order, each job goes back where it was. */
      for (guint i = 0; i < batch->len; i++)
        {
          Deleted *d = &g_array_index (batch, Deleted, i);
          guint n = g_list_model_get_n_items (jobs);

          if (ork_workspace_find_job (undo->workspace, ork_job_get_id (d->job)) != NULL)
            continue;
          /* The workspace's list is a GListStore and add_job appends to it;
           * the undo needs the old position. */
          if (G_IS_LIST_STORE (jobs))
            g_list_store_insert (G_LIST_STORE (jobs), MIN (d->position, n), d->job);
          else
            ork_workspace_add_job (undo->workspace, d->job);
        }
    }
  g_ptr_array_set_size (undo->batches, 0);
  if (undo->page != NULL)
    {
      OrkJobsPage *page = undo->page;

      if (page->undo == undo)
        g_clear_pointer (&page->undo, undo_release);
      ork_jobs_page_flush (page);
      update_count (page);
      update_undo_action (page);
    }
}

static void
on_undo_clicked (AdwToast *t,
                 Undo     *undo)
{
  undo_restore (undo);
}

static void
on_undo_toast_dismissed (AdwToast *t,
                         Undo     *undo)
{
  /* Gone from the screen: the next delete gets a toast of its own (Ctrl+Z
   * still brings this one back until then). */
  if (undo->toast == t)
    g_clear_weak_pointer (&undo->toast);
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  OrkJobsPage *self = ORK_JOBS_PAGE (widget);
  g_autoptr(AdwToast) shown = NULL;
  Undo *undo;

  if (self->undo == NULL)
    return;
  undo = g_rc_box_acquire (self->undo);
  shown = undo->toast != NULL ? g_object_ref (undo->toast) : NULL;
  undo_restore (undo);
  if (shown != NULL)
    {
      g_signal_handlers_disconnect_by_data (shown, undo);
      adw_toast_dismiss (shown);
    }
  undo_release (undo);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OrkJobsPage *self = ORK_JOBS_PAGE (widget);
  OrkWorkspace *workspace = ork_session_get_workspace (self->session);
  g_autoptr(GPtrArray) jobs = selected_jobs (self);
  g_autoptr(AdwToast) t = NULL;
  g_autoptr(AdwToast) previous = NULL;
  GArray *batch;
  Undo *undo;
  guint n;

  if (jobs->len == 0)
    return;

  batch = g_array_new (FALSE, FALSE, sizeof (Deleted));
  g_array_set_clear_func (batch, deleted_clear);
  for (guint i = 0; i < jobs->len; i++)
    {
      Deleted d = { ork_job_rows_find (self->rows, jobs->pdata[i]), g_object_ref (jobs->pdata[i]) };
      g_array_append_val (batch, d);
    }
  g_array_sort (batch, compare_deleted);
  for (guint i = batch->len; i > 0; i--)
    ork_workspace_remove_job (workspace, ork_job_get_id (g_array_index (batch, Deleted, i - 1).job));

  /* While the undo toast of the last delete is up, this one joins it: one
   * toast, one Undo for all. */
  if (self->undo != NULL && self->undo->toast != NULL && self->undo->workspace == workspace)
    {
      previous = g_object_ref (self->undo->toast);
      g_signal_handlers_disconnect_by_data (previous, self->undo);
      g_clear_weak_pointer (&self->undo->toast);
    }
  else
    {
      g_clear_pointer (&self->undo, undo_release);
      self->undo = g_rc_box_new0 (Undo);
      g_set_weak_pointer (&self->undo->page, self);
      self->undo->workspace = g_object_ref (workspace);
      self->undo->batches = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
    }
  undo = self->undo;
  g_ptr_array_add (undo->batches, batch);

  n = undo_count (undo);
  if (n == 1)
    /* Translators: %s is a job's name */
    t = adw_toast_new_format (_("“%s” deleted"), ork_job_get_name (jobs->pdata[0]));
  else
    t = adw_toast_new_format (g_dngettext (GETTEXT_PACKAGE, "%u job deleted", "%u jobs deleted",
                                           n), n);
  adw_toast_set_button_label (t, _("_Undo"));
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (t, "button-clicked", G_CALLBACK (on_undo_clicked),
                         g_rc_box_acquire (undo), undo_release_closure, 0);
  g_signal_connect (t, "dismissed", G_CALLBACK (on_undo_toast_dismissed), undo);
  g_set_weak_pointer (&undo->toast, t);
  /* The earlier toast gives way to this one, which counts both. */
  if (previous != NULL)
    adw_toast_dismiss (previous);
  toast (self, t);
  update_count (self);
  update_undo_action (self);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OrkJobsPage *self = ORK_JOBS_PAGE (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  OrkJobsPage *self = ORK_JOBS_PAGE (widget);

  ork_jobs_page_set_search_text (self, NULL);
  ork_jobs_page_set_status_filter (self, -1);
  ork_jobs_page_set_type_filter (self, -1);
}

static void
context_menu_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OrkJobsPage *self = ORK_JOBS_PAGE (widget);
  graphene_rect_t bounds;
  double x = 0, y = 0;

  /* From the keyboard: point at the middle of the list. */
  if (gtk_widget_compute_bounds (GTK_WIDGET (self->column_view), GTK_WIDGET (self), &bounds))
    {
      x = bounds.origin.x + bounds.size.width / 2;
      y = bounds.origin.y + MIN (bounds.size.height / 2, 80);
    }
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_popover),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_popover));
}

/* Space pauses or resumes, except where it types: in the search entry. */
static gboolean
on_space_shortcut (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT (focus) ||
                        gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL))
    return FALSE;
  if (focus == NULL || !gtk_widget_is_ancestor (focus, widget))
    return FALSE;
  return gtk_widget_activate_action (widget, "jobs.toggle-pause", NULL);
}

/* Layout ------------------------------------------------------------------- */

/* Below this page width the detail goes over the list (with a Back button)
 * and the toolbar keeps its first buttons, the rest in a menu. */
#define FOLD_WIDTH 900
#define NARROW_TOOLBAR_WIDTH 720

/* The list width below which a column is hidden; the name and the status
 * always show. */
static const int column_min_list_width[N_COLUMNS] = {
  [COL_NAME] = 0,
  [COL_TYPE] = 640,
  [COL_SCHEDULE] = 420,
  [COL_STATUS] = 0,
  [COL_LAST] = 520,
  [COL_NEXT] = 760,
  [COL_SUCCESS] = 900,
  [COL_P95] = 1000,
};

static void
move_child (GtkWidget *child,
            GtkWidget *box)
{
  GtkWidget *parent = gtk_widget_get_parent (child);

  if (parent == box)
    return;
  g_object_ref (child);
  if (parent != NULL)
    gtk_box_remove (GTK_BOX (parent), child);
  gtk_box_append (GTK_BOX (box), child);
  g_object_unref (child);
}

static void
apply_layout (OrkJobsPage *self)
{
  int width = self->layout_width;
  gboolean fold = width < FOLD_WIDTH;
  gboolean narrow = width < NARROW_TOOLBAR_WIDTH;
  GtkWidget *back;
  int list_width;

  if (width <= 0)
    return;
  adw_flap_set_fold_policy (self->flap, fold ? ADW_FLAP_FOLD_POLICY_ALWAYS
                                             : ADW_FLAP_FOLD_POLICY_NEVER);
  back = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self->detail),
                                                    ORK_TYPE_JOB_DETAIL, "back_button"));
  if (back != NULL)
    gtk_widget_set_visible (back, fold);

  list_width = width;
  if (!fold && adw_flap_get_reveal_flap (self->flap))
    list_width -= MAX (gtk_widget_get_width (GTK_WIDGET (self->detail)), 360) + 1;
  for (guint c = 0; c < N_COLUMNS; c++)
    if (self->columns[c] != NULL)
      gtk_column_view_column_set_visible (self->columns[c],
                                          list_width >= column_min_list_width[c]);

  gtk_widget_set_visible (self->secondary_box, !narrow);
  gtk_widget_set_visible (self->more_button, narrow);
  move_child (self->filters_box, narrow ? self->filters_row : self->toolbar);
  if (!narrow)
    {
      /* Back before the search button. */
      gtk_box_reorder_child_after (GTK_BOX (self->toolbar), self->filters_box,
                                   gtk_widget_get_prev_sibling (gtk_widget_get_last_child (self->toolbar)));
    }
  gtk_widget_set_visible (self->filters_row, narrow);
}

static gboolean
on_layout_idle (gpointer user_data)
{
  OrkJobsPage *self = user_data;

  self->layout_id = 0;
  apply_layout (self);
  return G_SOURCE_REMOVE;
}

static void
queue_layout (OrkJobsPage *self)
{
  if (self->layout_id == 0)
    self->layout_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, on_layout_idle, self, NULL);
}

static void
ork_jobs_page_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  OrkJobsPage *self = ORK_JOBS_PAGE (widget);

  /* Like a bin, but the page looks at its width (a layout manager would
   * hide it). */
  gtk_widget_allocate (GTK_WIDGET (self->flap), width, height, baseline, NULL);
  if (self->context_popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->context_popover));
  if (width != self->layout_width)
    {
      self->layout_width = width;
      queue_layout (self);
    }
}

static void
ork_jobs_page_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  gtk_widget_measure (GTK_WIDGET (ORK_JOBS_PAGE (widget)->flap), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
on_flap_changed (AdwFlap     *flap,
                 GParamSpec  *pspec,
                 OrkJobsPage *self)
{
  queue_layout (self);
}

static void
close_detail_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OrkJobsPage *self = ORK_JOBS_PAGE (widget);

  /* Back to the list, with nothing selected: a click on a job opens it again. */
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  adw_flap_set_reveal_flap (self->flap, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* Engine ------------------------------------------------------------------- */

static void
on_scheduler_transition (OrkScheduler *scheduler,
                         OrkRun       *run,
                         OrkRunState   from,
                         OrkRunState   to,
                         OrkReason     reason,
                         OrkJobsPage  *self)
{
  /* The next fire moves with the run's transitions: the key of two sorts. */
  job_changed (self, NULL, ork_run_get_job_id (run),
               sorts_by (self, 1u << COL_SCHEDULE | 1u << COL_NEXT));
}

static void
on_stats_changed (OrkJobStats   *stats,
                  OrkJobSummary *summary,
                  OrkJobsPage   *self)
{
  job_changed (self, NULL, ork_job_summary_get_job_id (summary),
               sorts_by (self, 1u << COL_LAST | 1u << COL_SUCCESS | 1u << COL_P95));
}

static void
on_stats_reset (OrkJobStats *stats,
                OrkJobsPage *self)
{
  if (is_sorted (self))
    ork_job_rows_invalidate_all (self->rows);
  mark_all_dirty (self);
}

static void
on_engine_changed (OrkSession  *session,
                   OrkJobsPage *self)
{
  if (self->scheduler != NULL)
    g_clear_signal_handler (&self->transition_id, self->scheduler);
  g_set_object (&self->scheduler, ork_session_get_scheduler (session));
  if (self->scheduler != NULL)
    self->transition_id = g_signal_connect (self->scheduler, "transition",
                                            G_CALLBACK (on_scheduler_transition), self);
  /* The next fires are the new engine's; its statuses come as notifies. */
  if (is_sorted (self))
    ork_job_rows_invalidate_all (self->rows);
  mark_all_dirty (self);
  update_actions (self);
}

/* Relative times ("in 5 min") follow the clock: every second, a row's time
 * cells are refreshed. Each tick takes one row in TIME_SLOTS, so a frame
 * redraws the times of a few rows rather than of the whole screen at once
 * (at 100× speed every time changes every second). Cells off screen wait
 * until they are mapped. */
#define TIME_SLOTS 4

static gboolean
on_tick (gpointer user_data)
{
  OrkJobsPage *self = user_data;
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->time_cells);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      guint position = gtk_list_item_get_position (item);

      if (position % TIME_SLOTS == self->tick_slot &&
          gtk_widget_get_mapped (gtk_list_item_get_child (item)))
        refresh_cell (self, item);
    }
  self->tick_slot = (self->tick_slot + 1) % TIME_SLOTS;
  return G_SOURCE_CONTINUE;
}

static void
bind_session (OrkJobsPage *self)
{
  OrkWorkspace *workspace = ork_session_get_workspace (self->session);
  GtkSorter *sorter;

  self->stats = ork_job_stats_new (self->session);
  self->rows = ork_job_rows_new (ork_workspace_get_jobs (workspace), FALSE);
  ork_job_rows_set_changed_func (self->rows, on_job_notify, self, NULL);
  g_signal_connect_object (self->stats, "changed", G_CALLBACK (on_stats_changed), self, 0);
  g_signal_connect_object (self->stats, "reset", G_CALLBACK (on_stats_reset), self, 0);
  g_signal_connect_object (self->rows, "flushed", G_CALLBACK (on_rows_flushed), self, 0);

  self->filter = gtk_custom_filter_new (filter_job, self, NULL);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->rows)),
                                                  is_filtered (self) ? g_object_ref (GTK_FILTER (self->filter))
                                                                     : NULL);
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (on_filter_model_items_changed), self, 0);
  sorter = gtk_column_view_get_sorter (self->column_view);
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                              sorter != NULL ? g_object_ref (sorter) : NULL);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model)));
  if (sorter != NULL)
    g_signal_connect_object (sorter, "changed", G_CALLBACK (on_sorter_changed), self, 0);
  update_watch (self);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (on_selection_changed), self, 0);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (on_selection_items_changed), self, 0);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  ork_job_detail_set_session (self->detail, self->session);
  g_signal_connect_object (self->session, "engine-changed",
                           G_CALLBACK (on_engine_changed), self, 0);
  on_engine_changed (self->session, self);
  update_count (self);
}

/* GObject ------------------------------------------------------------------ */

static void
ork_jobs_page_map (GtkWidget *widget)
{
  OrkJobsPage *self = ORK_JOBS_PAGE (widget);

  GTK_WIDGET_CLASS (ork_jobs_page_parent_class)->map (widget);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add (1000 / TIME_SLOTS, on_tick, self);
}

static void
ork_jobs_page_unmap (GtkWidget *widget)
{
  OrkJobsPage *self = ORK_JOBS_PAGE (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  GTK_WIDGET_CLASS (ork_jobs_page_parent_class)->unmap (widget);
}

static void
ork_jobs_page_constructed (GObject *object)
{
  OrkJobsPage *self = ORK_JOBS_PAGE (object);

  G_OBJECT_CLASS (ork_jobs_page_parent_class)->constructed (object);

  if (self->session != NULL)
    bind_session (self);
  update_actions (self);
}

static void
ork_jobs_page_dispose (GObject *object)
{
  OrkJobsPage *self = ORK_JOBS_PAGE (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->update_id, g_source_remove);
  g_clear_handle_id (&self->layout_id, g_source_remove);
  if (self->refresh_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self->column_view), self->refresh_id);
      self->refresh_id = 0;
    }
  /* The models may outlive the page: nothing of theirs reaches it now. */
  if (self->rows != NULL)
    {
      ork_job_rows_set_changed_func (self->rows, NULL, NULL, NULL);
      g_signal_handlers_disconnect_by_data (self->rows, self);
    }
  if (self->stats != NULL)
    g_signal_handlers_disconnect_by_data (self->stats, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->column_view != NULL && gtk_column_view_get_sorter (self->column_view) != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
  if (self->bound_jobs != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->bound_jobs);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_clear_signal_handler (&((BoundJob *) value)->notify_id, ((BoundJob *) value)->job);
    }
  if (self->flap != NULL)
    g_signal_handlers_disconnect_by_func (self->flap, on_flap_changed, self);
  if (self->scheduler != NULL)
    g_clear_signal_handler (&self->transition_id, self->scheduler);
  g_clear_object (&self->scheduler);
  g_clear_pointer (&self->context_popover, gtk_widget_unparent);
  g_clear_pointer (&self->undo, undo_release);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), ORK_TYPE_JOBS_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->rows);
  g_clear_object (&self->stats);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ork_jobs_page_parent_class)->dispose (object);
}

static void
ork_jobs_page_finalize (GObject *object)
{
  OrkJobsPage *self = ORK_JOBS_PAGE (object);

  g_clear_pointer (&self->time_cells, g_hash_table_unref);
  g_clear_pointer (&self->dirty_jobs, g_hash_table_unref);
  g_clear_pointer (&self->bound_jobs, g_hash_table_unref);
  g_clear_pointer (&self->selected_ids, g_hash_table_unref);
  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->search_folded, g_free);
  g_clear_pointer (&self->count_text, g_free);
  g_clear_pointer (&self->hidden_selection, g_strfreev);

  G_OBJECT_CLASS (ork_jobs_page_parent_class)->finalize (object);
}

static void
ork_jobs_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OrkJobsPage *self = ORK_JOBS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->search_text);
      break;
    case PROP_STATUS_FILTER:
      g_value_set_int (value, self->status_filter);
      break;
    case PROP_TYPE_FILTER:
      g_value_set_int (value, self->type_filter);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_jobs_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  OrkJobsPage *self = ORK_JOBS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_SEARCH_TEXT:
      ork_jobs_page_set_search_text (self, g_value_get_string (value));
      break;
    case PROP_STATUS_FILTER:
      ork_jobs_page_set_status_filter (self, g_value_get_int (value));
      break;
    case PROP_TYPE_FILTER:
      ork_jobs_page_set_type_filter (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_jobs_page_class_init (OrkJobsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ork_jobs_page_constructed;
  object_class->dispose = ork_jobs_page_dispose;
  object_class->finalize = ork_jobs_page_finalize;
  object_class->get_property = ork_jobs_page_get_property;
  object_class->set_property = ork_jobs_page_set_property;
  widget_class->map = ork_jobs_page_map;
  widget_class->unmap = ork_jobs_page_unmap;
  widget_class->size_allocate = ork_jobs_page_size_allocate;
  widget_class->measure = ork_jobs_page_measure;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, ORK_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_FILTER] =
    g_param_spec_int ("status-filter", NULL, NULL, -1, ORK_JOB_STATUS_BLOCKED, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TYPE_FILTER] =
    g_param_spec_int ("type-filter", NULL, NULL, -1, ORK_JOB_TYPE_COMMAND, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  g_type_ensure (ORK_TYPE_JOB_DETAIL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/orkestron/Orkestron/ork-jobs-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OrkJobsPage, flap);
  gtk_widget_class_bind_template_child (widget_class, OrkJobsPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, OrkJobsPage, run_now_button);
  gtk_widget_class_bind_template_child (widget_class, OrkJobsPage, pause_button);
  gtk_widget_class_bind_template_child (widget_class, OrkJobsPage, resume_button);
  gtk_widget_class_bind_template_child (widget_class, OrkJobsPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, OrkJobsPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, OrkJobsPage, edit_button);
  gtk_widget_class_bind_template_child (widget_class, OrkJobsPage, duplicate_button);
  gtk_widget_class_bind_template_child (widget_class, OrkJobsPage, delete_button);
  gtk_widget_class_bind_template_child (widget_class, OrkJobsPage, count_label);
  gtk_widget_class_bind_template_child_full (widget_class, "status_filter", FALSE,
                                             G_STRUCT_OFFSET (OrkJobsPage, status_filter_dropdown));
  gtk_widget_class_bind_template_child_full (widget_class, "type_filter", FALSE,
                                             G_STRUCT_OFFSET (OrkJobsPage, type_filter_dropdown));
  gtk_widget_class_bind_template_child (widget_class, OrkJobsPage, search_button);
  gtk_widget_class_bind_template_child (widget_class, OrkJobsPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, OrkJobsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OrkJobsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, OrkJobsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, OrkJobsPage, context_menu);
  gtk_widget_class_bind_template_child (widget_class, OrkJobsPage, detail);
  gtk_widget_class_bind_template_child (widget_class, OrkJobsPage, secondary_box);
  gtk_widget_class_bind_template_child (widget_class, OrkJobsPage, more_button);
  gtk_widget_class_bind_template_child (widget_class, OrkJobsPage, filters_box);
  gtk_widget_class_bind_template_child (widget_class, OrkJobsPage, filters_row);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);

  gtk_widget_class_install_action (widget_class, "jobs.run-now", NULL, run_now_action);
  gtk_widget_class_install_action (widget_class, "jobs.pause", NULL, pause_action);
  gtk_widget_class_install_action (widget_class, "jobs.resume", NULL, resume_action);
  gtk_widget_class_install_action (widget_class, "jobs.toggle-pause", NULL, toggle_pause_action);
  gtk_widget_class_install_action (widget_class, "jobs.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "jobs.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "jobs.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "jobs.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "jobs.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "jobs.undo-delete", NULL, undo_delete_action);
  gtk_widget_class_install_action (widget_class, "jobs.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "jobs.search", NULL, search_action);
  /* What the window's Ctrl+F asks of whichever page is shown. */
  gtk_widget_class_install_action (widget_class, "page.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "jobs.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "jobs.context-menu", NULL, context_menu_action);
  gtk_widget_class_install_action (widget_class, "jobs.close-detail", NULL, close_detail_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "jobs.run-now", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "jobs.retry", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_x, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "jobs.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "jobs.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "jobs.duplicate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "jobs.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "jobs.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "jobs.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "jobs.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "jobs.undo-delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "jobs.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "jobs.context-menu", NULL);

  gtk_widget_class_set_css_name (widget_class, "orkjobspage");
}

static void
ork_jobs_page_init (OrkJobsPage *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);
  GtkEventController *controller;
  GtkShortcut *shortcut;

  self->status_filter = -1;
  self->type_filter = -1;
  self->sort_column = -1;
  self->time_cells = g_hash_table_new (NULL, NULL);
  self->bound_jobs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, bound_job_free);
  self->dirty_jobs = g_hash_table_new (NULL, NULL);
  self->selected_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  add_column (self, COL_NAME, _("Name"), TRUE);
  add_column (self, COL_TYPE, _("Type"), FALSE);
  add_column (self, COL_SCHEDULE, _("Schedule"), TRUE);
  add_column (self, COL_STATUS, _("Status"), FALSE);
  add_column (self, COL_LAST, _("Last Run"), TRUE);
  add_column (self, COL_NEXT, _("Next Run"), FALSE);
  add_column (self, COL_SUCCESS, _("Success"), FALSE);
  add_column (self, COL_P95, _("p95"), FALSE);

  gtk_string_list_append (statuses, _("All Statuses"));
  for (guint i = 0; i < G_N_ELEMENTS (status_order); i++)
    gtk_string_list_append (statuses, ork_format_job_status (status_order[i]));
  gtk_drop_down_set_model (self->status_filter_dropdown, G_LIST_MODEL (statuses));
  g_signal_connect (self->status_filter_dropdown, "notify::selected",
                    G_CALLBACK (on_status_dropdown_selected), self);

  gtk_string_list_append (types, _("All Types"));
  for (int t = ORK_JOB_TYPE_SYNC; t <= ORK_JOB_TYPE_COMMAND; t++)
    gtk_string_list_append (types, ork_format_job_type (t));
  gtk_drop_down_set_model (self->type_filter_dropdown, G_LIST_MODEL (types));
  g_signal_connect (self->type_filter_dropdown, "notify::selected",
                    G_CALLBACK (on_type_dropdown_selected), self);

  g_signal_connect (self->flap, "notify::reveal-flap", G_CALLBACK (on_flap_changed), self);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));

  self->context_popover = gtk_popover_menu_new_from_model (self->context_menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_popover), FALSE);
  gtk_widget_set_halign (self->context_popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_popover, GTK_WIDGET (self));
  update_undo_action (self);

  /* Space must reach the page before the list takes it to select a row. */
  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_space, 0),
                               gtk_callback_action_new (on_space_shortcut, NULL, NULL));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "jobs.clear-filters", FALSE);
}

/* Public API --------------------------------------------------------------- */

GtkWidget *
ork_jobs_page_new (OrkSession *session)
{
  g_return_val_if_fail (ORK_IS_SESSION (session), NULL);

  return g_object_new (ORK_TYPE_JOBS_PAGE, "session", session, NULL);
}

OrkSession *
ork_jobs_page_get_session (OrkJobsPage *self)
{
  g_return_val_if_fail (ORK_IS_JOBS_PAGE (self), NULL);
  return self->session;
}

const char *
ork_jobs_page_get_search_text (OrkJobsPage *self)
{
  g_return_val_if_fail (ORK_IS_JOBS_PAGE (self), NULL);
  return self->search_text;
}

void
ork_jobs_page_set_search_text (OrkJobsPage *self,
                               const char  *text)
{
  g_autofree char *stripped = NULL;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  g_return_if_fail (ORK_IS_JOBS_PAGE (self));

  if (text != NULL)
    stripped = g_strstrip (g_strdup (text));
  if (stripped != NULL && *stripped == '\0')
    g_clear_pointer (&stripped, g_free);
  if (g_strcmp0 (stripped, self->search_text) == 0)
    return;

  /* A longer search shows a subset of what the shorter one showed. */
  if (stripped != NULL && self->search_text != NULL &&
      g_str_has_prefix (stripped, self->search_text))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (stripped == NULL || (self->search_text != NULL &&
                                g_str_has_prefix (self->search_text, stripped)))
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  g_free (self->search_text);
  self->search_text = g_steal_pointer (&stripped);
  g_free (self->search_folded);
  self->search_folded = self->search_text != NULL ? g_utf8_casefold (self->search_text, -1) : NULL;

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                 self->search_text != NULL ? self->search_text : "") != 0)
    {
      self->setting_entry = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry),
                             self->search_text != NULL ? self->search_text : "");
      self->setting_entry = FALSE;
    }

  if (self->filter != NULL)
    refilter (self, change);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
}

int
ork_jobs_page_get_status_filter (OrkJobsPage *self)
{
  g_return_val_if_fail (ORK_IS_JOBS_PAGE (self), -1);
  return self->status_filter;
}

void
ork_jobs_page_set_status_filter (OrkJobsPage *self,
                                 int          status)
{
  guint index = 0;

  g_return_if_fail (ORK_IS_JOBS_PAGE (self));
  g_return_if_fail (status >= -1 && status <= ORK_JOB_STATUS_BLOCKED);

  if (self->status_filter == status)
    return;
  self->status_filter = status;
  for (guint i = 0; status >= 0 && i < G_N_ELEMENTS (status_order); i++)
    if ((int) status_order[i] == status)
      index = i + 1;
  if (gtk_drop_down_get_selected (self->status_filter_dropdown) != index)
    gtk_drop_down_set_selected (self->status_filter_dropdown, index);
  if (self->filter != NULL)
    refilter (self, GTK_FILTER_CHANGE_DIFFERENT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_FILTER]);
}

int
ork_jobs_page_get_type_filter (OrkJobsPage *self)
{
  g_return_val_if_fail (ORK_IS_JOBS_PAGE (self), -1);
  return self->type_filter;
}

void
ork_jobs_page_set_type_filter (OrkJobsPage *self,
                               int          type)
{
  g_return_if_fail (ORK_IS_JOBS_PAGE (self));
  g_return_if_fail (type >= -1 && type <= ORK_JOB_TYPE_COMMAND);

  if (self->type_filter == type)
    return;
  self->type_filter = type;
  if (gtk_drop_down_get_selected (self->type_filter_dropdown) != (guint) (type + 1))
    gtk_drop_down_set_selected (self->type_filter_dropdown, (guint) (type + 1));
  if (self->filter != NULL)
    refilter (self, GTK_FILTER_CHANGE_DIFFERENT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TYPE_FILTER]);
}

GtkSelectionModel *
ork_jobs_page_get_selection (OrkJobsPage *self)
{
  g_return_val_if_fail (ORK_IS_JOBS_PAGE (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

GtkColumnView *
ork_jobs_page_get_column_view (OrkJobsPage *self)
{
  g_return_val_if_fail (ORK_IS_JOBS_PAGE (self), NULL);
  return self->column_view;
}

const char *
ork_jobs_page_get_count_text (OrkJobsPage *self)
{
  g_return_val_if_fail (ORK_IS_JOBS_PAGE (self), NULL);
  return gtk_label_get_text (self->count_label);
}

GtkWidget *
ork_jobs_page_get_detail (OrkJobsPage *self)
{
  g_return_val_if_fail (ORK_IS_JOBS_PAGE (self), NULL);
  return GTK_WIDGET (self->detail);
}

const char *
ork_jobs_page_get_view_name (OrkJobsPage *self)
{
  g_return_val_if_fail (ORK_IS_JOBS_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

static guint
find_shown (OrkJobsPage *self,
            const char  *job_id)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (model, i);

      if (g_strcmp0 (ork_job_get_id (job), job_id) == 0)
        return i;
    }
  return G_MAXUINT;
}

gboolean
ork_jobs_page_select_job (OrkJobsPage *self,
                          const char  *job_id)
{
  guint pos;

  g_return_val_if_fail (ORK_IS_JOBS_PAGE (self), FALSE);
  g_return_val_if_fail (job_id != NULL, FALSE);

  if ((pos = find_shown (self, job_id)) == G_MAXUINT)
    return FALSE;
  return gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), pos, TRUE);
}

char *
ork_jobs_page_dup_cell_text (OrkJobsPage *self,
                             const char  *job_id,
                             guint        column)
{
  g_autoptr(OrkJob) job = NULL;
  guint pos;

  g_return_val_if_fail (ORK_IS_JOBS_PAGE (self), NULL);
  g_return_val_if_fail (column < N_COLUMNS, NULL);

  if ((pos = find_shown (self, job_id)) == G_MAXUINT)
    return NULL;
  job = g_list_model_get_item (G_LIST_MODEL (self->selection), pos);
  return cell_text (self, job, column, NULL);
}

void
ork_jobs_page_flush (OrkJobsPage *self)
{
  g_return_if_fail (ORK_IS_JOBS_PAGE (self));

  if (self->rows != NULL)
    ork_job_rows_flush (self->rows);
  refresh_dirty_cells (self);
  g_clear_handle_id (&self->update_id, g_source_remove);
  update_actions (self);
}
