/* ork-job-editor.c — the dialog that creates, edits and duplicates a job
 *
 * The form is the only state: every change turns it into the JSON object of
 * one job and runs it through the workspace loader, inside a workspace with
 * the same groups, so that the messages and the rules are exactly the ones
 * a file would get. Each diagnostic's path leads back to the row that wrote
 * that value, where the message is shown. The job the loader built is what
 * the previews are computed from and what Save applies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-job-editor"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ork-duration.h"
#include "ork-job-editor.h"
#include "ork-format.h"
#include "ork-workspace.h"

#define N_FIRE_PREVIEW  10
#define N_RETRY_PREVIEW 12

/* The names the file uses, in the order of the combo rows (and of the
 * enumerations of ork-types.h). */
static const char * const type_names[] = { "sync", "cleanup", "batch", "metrics", "command", NULL };
static const char * const priority_names[] = { "low", "normal", "high", "critical", NULL };
static const char * const kind_names[] = { "interval", "cron", "weekly", "once", "manual", NULL };
static const char * const from_names[] = { "schedule", "completion", NULL };
static const char * const backoff_names[] = { "fixed", "linear", "exponential", "delays", NULL };
static const char * const jitter_names[] = { "none", "full", "equal", "decorrelated", NULL };
static const char * const overlap_names[] = { "skip", "queue", "replace", "allow", NULL };
static const char * const missed_names[] = { "skip", "run_once", "run_all", NULL };
static const char * const quiet_policy_names[] = { "defer", "skip", NULL };
/* Monday first, as the toggles show a week; day i is weekday (i + 1) % 7. */
static const char * const day_names[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL };
static const char * const day_labels[] = {
  N_("Mo"), N_("Tu"), N_("We"), N_("Th"), N_("Fr"), N_("Sa"), N_("Su"), NULL
};

/* The units of the interval's unit chooser. */
static const struct
{
  const char *suffix;
  gint64      ms;
} every_units[] = {
  { "ms", 1 },
  { "s", 1000 },
  { "m", 60000 },
  { "h", 3600000 },
  { "d", 86400000 },
};

enum
{
  LATENCY_LOGNORMAL,
  LATENCY_FIXED,
  LATENCY_UNIFORM,
};

typedef struct
{
  GtkWidget *expander;
  GtkWidget *from_row;
  GtkWidget *to_row;
  GtkWidget *days_row;
  GtkWidget *days[7];
} WindowRows;

struct _OrkJobEditor
{
  AdwWindow       parent_instance;

  OrkSession     *session;
  OrkJob         *job;          /* the real job, or NULL */
  gboolean        duplicate;
  OrkJob         *copy;         /* what the form started from */
  OrkJob         *result;       /* the form as the loader read it; NULL while invalid */
  gboolean        valid;
  gboolean        populating;
  char           *suggested_id; /* while the id row still shows it */

  GHashTable     *field_rows;   /* path inside the job → row (not owned) */
  GPtrArray      *error_rows;   /* rows showing a message */
  GPtrArray      *argv_rows;
  GPtrArray      *env_rows;
  GPtrArray      *windows;      /* WindowRows */
  GtkStringList  *zones;
  GtkStringList  *groups;
  GtkWidget      *day_toggles[7];
  GtkWidget      *fire_rows[N_FIRE_PREVIEW];
  GtkWidget      *fire_note;
  GtkWidget      *retry_rows[N_RETRY_PREVIEW];
  GtkWidget      *retry_note;
  GArray         *preview_fires;

  /* Template children. */
  AdwWindowTitle *window_title;
  GtkWidget      *save_button;
  AdwPreferencesPage *page;
  GtkWidget      *problems_group;
  AdwActionRow   *problems_row;
  GtkWidget      *name_row;
  GtkWidget      *id_row;
  AdwComboRow    *type_row;
  GtkWidget      *enabled_row;
  GtkSwitch      *enabled_switch;
  AdwComboRow    *priority_row;
  GtkWidget      *tags_row;
  AdwComboRow    *kind_row;
  GtkWidget      *every_row;
  GtkSpinButton  *every_spin;
  GtkDropDown    *every_unit;
  AdwComboRow    *from_row;
  GtkWidget      *anchor_row;
  GtkWidget      *cron_row;
  GtkLabel       *cron_hint;
  GtkWidget      *days_row;
  GtkWidget      *days_box;
  GtkWidget      *times_row;
  GtkWidget      *at_row;
  GtkWidget      *tz_row;
  GtkDropDown    *tz_dropdown;
  GtkWidget      *jitter_row;
  AdwPreferencesGroup *fires_group;
  GtkWidget      *max_retries_row;
  GtkSpinButton  *max_retries_spin;
  AdwComboRow    *backoff_row;
  GtkWidget      *initial_row;
  GtkWidget      *multiplier_row;
  GtkSpinButton  *multiplier_spin;
  GtkWidget      *delays_row;
  GtkWidget      *max_delay_row;
  AdwComboRow    *retry_jitter_row;
  AdwPreferencesGroup *retry_preview_group;
  GtkWidget      *timeout_row;
  GtkWidget      *max_running_row;
  GtkSpinButton  *max_running_spin;
  AdwComboRow    *overlap_row;
  AdwComboRow    *group_row;
  AdwComboRow    *missed_policy_row;
  GtkWidget      *grace_row;
  AdwPreferencesGroup *quiet_group;
  GtkWidget      *add_window_button;
  AdwComboRow    *quiet_mode_row;
  AdwComboRow    *quiet_policy_row;
  GtkWidget      *simulation_group;
  AdwComboRow    *latency_row;
  GtkWidget      *median_row;
  GtkWidget      *p99_row;
  GtkWidget      *fixed_row;
  GtkWidget      *min_row;
  GtkWidget      *max_row;
  GtkWidget      *failure_rate_row;
  GtkSpinButton  *failure_rate_spin;
  GtkWidget      *hang_rate_row;
  GtkSpinButton  *hang_rate_spin;
  AdwPreferencesGroup *argv_group;
  AdwPreferencesGroup *env_group;
  GtkWidget      *cwd_row;
};

G_DEFINE_FINAL_TYPE (OrkJobEditor, ork_job_editor, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_JOB,
  PROP_DUPLICATE,
  PROP_VALID,
  N_PROPS
};

enum
{
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void on_form_changed (OrkJobEditor *self);

/* {{{ Time zones */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
walk_zone_dir (const char *root,
               const char *rel,
               GPtrArray  *names)
{
  g_autofree char *dir_path = rel ? g_build_filename (root, rel, NULL) : g_strdup (root);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *entry;

  if (dir == NULL)
    return;
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child_rel = rel ? g_build_filename (rel, entry, NULL) : g_strdup (entry);
      g_autofree char *path = g_build_filename (root, child_rel, NULL);

      /* Only the names people choose: no copies of the database, no
       * lowercase helper files (zone.tab, leapseconds, ...). */
      if (!g_ascii_isupper (entry[0]) || g_str_equal (entry, "posix") ||
          g_str_equal (entry, "right") || g_str_equal (entry, "Factory"))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        walk_zone_dir (root, child_rel, names);
      else
        {
          char magic[4] = { 0 };
          FILE *f = fopen (path, "rb");

          if (f != NULL)
            {
              if (fread (magic, 1, 4, f) == 4 && memcmp (magic, "TZif", 4) == 0)
                g_ptr_array_add (names, g_steal_pointer (&child_rel));
              fclose (f);
            }
        }
    }
}

/* Every zone name of the system's tz database, sorted. GLib cannot list
 * them: tzdata.zi names them all (Z lines are zones, L lines links);
 * without it the directory is walked. */
static const char * const *
zone_names (void)
{
  static GStrv names;

  if (g_once_init_enter (&names))
    {
      g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_autofree char *contents = NULL;
      g_autofree char *zi = NULL;
      const char *root = g_getenv ("TZDIR");

      if (root == NULL || root[0] == '\0')
        root = "/usr/share/zoneinfo";
      zi = g_build_filename (root, "tzdata.zi", NULL);
      if (g_file_get_contents (zi, &contents, NULL, NULL))
        {
          g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

          for (guint i = 0; lines[i] != NULL; i++)
            {
              g_auto(GStrv) words = NULL;

              if (lines[i][0] != 'Z' && lines[i][0] != 'L')
                continue;
              words = g_strsplit_set (lines[i], " \t", -1);
              if (words[0][1] != '\0')
                continue;
              if (words[0][0] == 'Z' && words[1] != NULL)
                g_ptr_array_add (list, g_strdup (words[1]));
              else if (words[0][0] == 'L' && words[1] != NULL && words[2] != NULL)
                g_ptr_array_add (list, g_strdup (words[2]));
            }
        }
      if (list->len == 0)
        walk_zone_dir (root, NULL, list);
      g_ptr_array_add (list, g_strdup ("UTC"));
      g_ptr_array_sort (list, compare_names);
      for (guint i = 0; i < list->len; i++)
        {
          const char *name = g_ptr_array_index (list, i);

          if (g_hash_table_add (seen, (gpointer) name))
            g_strv_builder_add (builder, name);
        }
      g_once_init_leave (&names, g_strv_builder_end (builder));
    }
  return (const char * const *) names;
}

/* }}} */
/* {{{ Small helpers */

static const char *
text_of (GtkWidget *editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static void
set_text (GtkWidget  *editable,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text ? text : "");
}

static void
set_duration_text (GtkWidget *editable,
                   gint64     ms)
{
  g_autofree char *text = ork_duration_format (ms);
  set_text (editable, text);
}

/* Splits "a, b ,c" into its non-empty, trimmed items. */
static GStrv
split_list (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

static char *
format_time_of_day (guint minutes)
{
  return g_strdup_printf ("%02u:%02u", minutes / 60, minutes % 60);
}

/* ISO 8601 as the loader reads it: the offset written +HH:MM, or Z. */
static char *
format_date_time (GDateTime *dt)
{
  g_autofree char *base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  g_autofree char *offset = g_date_time_get_utc_offset (dt) == 0 ? g_strdup ("Z")
                                                                 : g_date_time_format (dt, "%:z");
  int usec = g_date_time_get_microsecond (dt);

  if (usec % 1000 != 0)
    return g_strdup_printf ("%s.%06d%s", base, usec, offset);
  if (usec != 0)
    return g_strdup_printf ("%s.%03d%s", base, usec / 1000, offset);
  return g_strconcat (base, offset, NULL);
}

static GDateTime *
date_time_from_us (gint64     us,
                   GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) exact = g_date_time_add (utc, us % G_USEC_PER_SEC);

  return g_date_time_to_timezone (exact, tz);
}

static GtkWidget *
day_toggle_new (guint i)
{
  GtkWidget *button = gtk_toggle_button_new_with_label (_(day_labels[i]));

  /* The narrower padding of a plain button, so that a week fits 360 px. */
  gtk_widget_remove_css_class (button, "text-button");
  gtk_widget_set_tooltip_text (button, day_names[i]);
  return button;
}

/* A row with "Days" above seven linked toggles, which fit a narrow window. */
static GtkWidget *
days_row_new (GtkWidget **toggles)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (_("Days"));
  GtkWidget *days = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Days"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_set_homogeneous (GTK_BOX (days), TRUE);
  gtk_widget_add_css_class (days, "linked");
  for (guint i = 0; i < 7; i++)
    {
      toggles[i] = day_toggle_new (i);
      gtk_box_append (GTK_BOX (days), toggles[i]);
    }
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), days);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static guint8
days_from_toggles (GtkWidget **toggles)
{
  guint8 days = 0;

  for (guint i = 0; i < 7; i++)
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggles[i])))
      days |= 1u << ((i + 1) % 7);
  return days;
}

static void
set_toggles_from_days (GtkWidget **toggles,
                       guint8      days)
{
  for (guint i = 0; i < 7; i++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggles[i]),
                                  (days & (1u << ((i + 1) % 7))) != 0);
}

static void
add_days_member (JsonBuilder  *b,
                 GtkWidget   **toggles)
{
  json_builder_set_member_name (b, "days");
  json_builder_begin_array (b);
  for (guint i = 0; i < 7; i++)
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggles[i])))
      json_builder_add_string_value (b, day_names[i]);
  json_builder_end_array (b);
}

static void
add_member_string (JsonBuilder *b,
                   const char  *key,
                   const char  *value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_string_value (b, value);
}

/* The workspace's zone (owned by the workspace). */
static GTimeZone *
workspace_zone (OrkJobEditor *self)
{
  return ork_workspace_get_time_zone (ork_session_get_workspace (self->session));
}

static gint64
editor_now (OrkJobEditor *self)
{
  OrkClock *clock = ork_session_get_clock (self->session);

  return clock != NULL ? ork_clock_now (clock) : g_get_real_time ();
}

static gboolean
creating (OrkJobEditor *self)
{
  return self->job == NULL || self->duplicate;
}

/* }}} */
/* {{{ Messages at rows */

static GtkWidget *
message_row_for (GtkWidget *row)
{
  GtkWidget *message = g_object_get_data (G_OBJECT (row), "ork-message-row");
  GtkWidget *parent;

  if (message != NULL)
    return message;

  parent = gtk_widget_get_parent (row);
  if (!GTK_IS_LIST_BOX (parent) || !GTK_IS_LIST_BOX_ROW (row))
    return NULL;

  message = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (message), FALSE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (message), 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (message),
                             gtk_image_new_from_icon_name ("dialog-error-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (message), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (message), FALSE);
  gtk_widget_add_css_class (message, "error");
  gtk_widget_add_css_class (message, "ork-field-message");
  gtk_widget_set_visible (message, FALSE);
  gtk_list_box_insert (GTK_LIST_BOX (parent), message,
                       gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + 1);
  g_object_set_data (G_OBJECT (row), "ork-message-row", message);
  return message;
}

static void
show_message (OrkJobEditor *self,
              GtkWidget    *row,
              const char   *message)
{
  const char *old = g_object_get_data (G_OBJECT (row), "ork-message");
  g_autofree char *text = old ? g_strconcat (old, "\n", message, NULL) : g_strdup (message);
  GtkWidget *message_row;

  if (row == GTK_WIDGET (self->problems_row))
    gtk_widget_set_visible (self->problems_group, TRUE);

  gtk_widget_add_css_class (row, "error");
  message_row = row == GTK_WIDGET (self->problems_row) ? row : message_row_for (row);
  if (message_row != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (message_row), text);
      gtk_widget_set_visible (message_row, TRUE);
    }
  gtk_widget_set_tooltip_text (row, text);
  g_object_set_data_full (G_OBJECT (row), "ork-message", g_steal_pointer (&text), g_free);
  if (old == NULL)
    g_ptr_array_add (self->error_rows, row);
}

static void
clear_messages (OrkJobEditor *self)
{
  for (guint i = 0; i < self->error_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->error_rows, i);
      GtkWidget *message_row = g_object_get_data (G_OBJECT (row), "ork-message-row");

      gtk_widget_remove_css_class (row, "error");
      gtk_widget_set_tooltip_text (row, NULL);
      g_object_set_data (G_OBJECT (row), "ork-message", NULL);
      if (message_row != NULL)
        gtk_widget_set_visible (message_row, FALSE);
    }
  g_ptr_array_set_size (self->error_rows, 0);
  gtk_widget_set_visible (self->problems_group, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->problems_row), "error");
}

/* Before a row of a list (argument, variable, window) goes away. */
static void
forget_row (OrkJobEditor *self,
            GtkWidget    *row)
{
  GtkWidget *message_row = g_object_get_data (G_OBJECT (row), "ork-message-row");

  g_ptr_array_remove (self->error_rows, row);
  if (message_row != NULL)
    {
      GtkWidget *parent = gtk_widget_get_parent (message_row);

      if (GTK_IS_LIST_BOX (parent))
        gtk_list_box_remove (GTK_LIST_BOX (parent), message_row);
      g_object_set_data (G_OBJECT (row), "ork-message-row", NULL);
    }
}

/* }}} */
/* {{{ Lists: arguments, variables, quiet windows */

static void
renumber_argv (OrkJobEditor *self)
{
  for (guint i = 0; i < self->argv_rows->len; i++)
    {
      g_autofree char *title = i == 0 ? g_strdup (_("Program"))
                                      : g_strdup_printf (_("Argument %u"), i);
      adw_preferences_row_set_title (g_ptr_array_index (self->argv_rows, i), title);
    }
}

static void
on_remove_list_row_clicked (GtkButton    *button,
                            OrkJobEditor *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "ork-row");
  AdwPreferencesGroup *group = g_object_get_data (G_OBJECT (button), "ork-group");

  forget_row (self, row);
  if (!g_ptr_array_remove (self->argv_rows, row))
    g_ptr_array_remove (self->env_rows, row);
  adw_preferences_group_remove (group, row);
  renumber_argv (self);
  on_form_changed (self);
}

static GtkWidget *
add_list_row (OrkJobEditor        *self,
              AdwPreferencesGroup *group,
              GPtrArray           *rows,
              const char          *title,
              const char          *text)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  set_text (row, text);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  g_object_set_data (G_OBJECT (remove), "ork-row", row);
  g_object_set_data (G_OBJECT (remove), "ork-group", group);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_list_row_clicked), self);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (on_form_changed), self);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
  return row;
}

static GtkWidget *
add_argv_row (OrkJobEditor *self,
              const char   *text)
{
  GtkWidget *row = add_list_row (self, self->argv_group, self->argv_rows, "", text);

  renumber_argv (self);
  return row;
}

static GtkWidget *
add_env_row (OrkJobEditor *self,
             const char   *text)
{
  return add_list_row (self, self->env_group, self->env_rows, _("Variable (NAME=value)"), text);
}

static void
update_window_title (WindowRows *w)
{
  g_autofree char *title = g_strdup_printf ("%s – %s", text_of (w->from_row), text_of (w->to_row));
  g_autofree char *days = ork_format_days (days_from_toggles (w->days), TRUE);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (w->expander), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (w->expander), days);
}

static void
on_window_changed (GtkWidget    *widget,
                   OrkJobEditor *self)
{
  WindowRows *w = g_object_get_data (G_OBJECT (widget), "ork-window");

  update_window_title (w);
  on_form_changed (self);
}

static void
on_remove_window_clicked (GtkButton    *button,
                          OrkJobEditor *self)
{
  WindowRows *w = g_object_get_data (G_OBJECT (button), "ork-window");

  forget_row (self, w->from_row);
  forget_row (self, w->to_row);
  forget_row (self, w->days_row);
  forget_row (self, w->expander);
  adw_preferences_group_remove (self->quiet_group, w->expander);
  g_ptr_array_remove (self->windows, w);
  on_form_changed (self);
}

static void
add_window (OrkJobEditor *self,
            const char   *from,
            const char   *to,
            guint8        days,
            gboolean      expanded)
{
  WindowRows *w = g_new0 (WindowRows, 1);
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  w->expander = adw_expander_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (w->expander), FALSE);

  w->from_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (w->from_row), _("From (HH:MM)"));
  set_text (w->from_row, from);
  w->to_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (w->to_row),
                                 _("To (HH:MM; earlier than From: the next day)"));
  set_text (w->to_row, to);

  w->days_row = days_row_new (w->days);
  set_toggles_from_days (w->days, days == 0 ? 0x7f : days);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove this window"));
  g_object_set_data (G_OBJECT (remove), "ork-window", w);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_window_clicked), self);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (w->expander), remove);

  adw_expander_row_add_row (ADW_EXPANDER_ROW (w->expander), w->from_row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (w->expander), w->to_row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (w->expander), w->days_row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (w->expander), expanded);

  g_object_set_data (G_OBJECT (w->from_row), "ork-window", w);
  g_object_set_data (G_OBJECT (w->to_row), "ork-window", w);
  g_signal_connect (w->from_row, "changed", G_CALLBACK (on_window_changed), self);
  g_signal_connect (w->to_row, "changed", G_CALLBACK (on_window_changed), self);
  for (guint i = 0; i < 7; i++)
    {
      g_object_set_data (G_OBJECT (w->days[i]), "ork-window", w);
      g_signal_connect (w->days[i], "toggled", G_CALLBACK (on_window_changed), self);
    }

  update_window_title (w);
  adw_preferences_group_add (self->quiet_group, w->expander);
  g_ptr_array_add (self->windows, w);
}

/* }}} */
/* {{{ Form → JSON */

static void
add_duration_text (JsonBuilder *b,
                   const char  *key,
                   GtkWidget   *row)
{
  add_member_string (b, key, text_of (row));
}

static void
build_schedule (OrkJobEditor *self,
                JsonBuilder  *b)
{
  guint kind = adw_combo_row_get_selected (self->kind_row);
  guint zone = gtk_drop_down_get_selected (self->tz_dropdown);

  json_builder_set_member_name (b, "schedule");
  json_builder_begin_object (b);
  add_member_string (b, "kind", kind_names[kind]);
  switch (kind)
    {
    case ORK_SCHEDULE_INTERVAL:
      {
        guint unit = gtk_drop_down_get_selected (self->every_unit);
        g_autofree char *every = NULL;

        if (unit >= G_N_ELEMENTS (every_units))
          unit = 2;
        every = g_strdup_printf ("%d%s", gtk_spin_button_get_value_as_int (self->every_spin),
                                 every_units[unit].suffix);
        add_member_string (b, "every", every);
        if (text_of (self->anchor_row)[0] != '\0')
          add_member_string (b, "anchor", text_of (self->anchor_row));
        add_member_string (b, "from", from_names[adw_combo_row_get_selected (self->from_row)]);
      }
      break;

    case ORK_SCHEDULE_CRON:
      add_member_string (b, "expr", text_of (self->cron_row));
      break;

    case ORK_SCHEDULE_WEEKLY:
      {
        g_auto(GStrv) times = split_list (text_of (self->times_row));

        add_days_member (b, self->day_toggles);
        json_builder_set_member_name (b, "times");
        json_builder_begin_array (b);
        for (guint i = 0; times[i] != NULL; i++)
          json_builder_add_string_value (b, times[i]);
        json_builder_end_array (b);
      }
      break;

    case ORK_SCHEDULE_ONCE:
      add_member_string (b, "at", text_of (self->at_row));
      break;

    default:
      break;
    }
  if ((kind == ORK_SCHEDULE_CRON || kind == ORK_SCHEDULE_WEEKLY) && zone > 0 &&
      zone != GTK_INVALID_LIST_POSITION)
    add_member_string (b, "timezone", gtk_string_list_get_string (self->zones, zone));
  json_builder_end_object (b);
}

static void
build_quiet_hours (OrkJobEditor *self,
                   JsonBuilder  *b)
{
  json_builder_set_member_name (b, "quiet_hours");
  switch (adw_combo_row_get_selected (self->quiet_mode_row))
    {
    case ORK_QUIET_IGNORE:
      json_builder_add_string_value (b, "ignore");
      break;

    case ORK_QUIET_OWN:
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "windows");
      json_builder_begin_array (b);
      for (guint i = 0; i < self->windows->len; i++)
        {
          WindowRows *w = g_ptr_array_index (self->windows, i);
          guint8 days = days_from_toggles (w->days);

          json_builder_begin_object (b);
          add_member_string (b, "from", text_of (w->from_row));
          add_member_string (b, "to", text_of (w->to_row));
          if (days != 0x7f)
            add_days_member (b, w->days);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      add_member_string (b, "policy",
                         quiet_policy_names[adw_combo_row_get_selected (self->quiet_policy_row)]);
      json_builder_end_object (b);
      break;

    case ORK_QUIET_INHERIT:
    default:
      json_builder_add_string_value (b, "inherit");
      break;
    }
}

static void
build_simulation (OrkJobEditor *self,
                  JsonBuilder  *b)
{
  const OrkSimSpec *old = ork_job_get_simulation (self->copy);

  json_builder_set_member_name (b, "simulation");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "latency");
  json_builder_begin_object (b);
  switch (adw_combo_row_get_selected (self->latency_row))
    {
    case LATENCY_FIXED:
      add_duration_text (b, "fixed", self->fixed_row);
      break;
    case LATENCY_UNIFORM:
      add_duration_text (b, "min", self->min_row);
      add_duration_text (b, "max", self->max_row);
      break;
    case LATENCY_LOGNORMAL:
    default:
      add_duration_text (b, "median", self->median_row);
      add_duration_text (b, "p99", self->p99_row);
      break;
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "failure_rate");
  json_builder_add_double_value (b, gtk_spin_button_get_value (self->failure_rate_spin));
  json_builder_set_member_name (b, "hang_rate");
  json_builder_add_double_value (b, gtk_spin_button_get_value (self->hang_rate_spin));
  /* Chaos windows have no rows: they are kept as they were. */
  if (old->chaos != NULL && old->chaos->len > 0)
    {
      json_builder_set_member_name (b, "chaos");
      json_builder_begin_array (b);
      for (guint i = 0; i < old->chaos->len; i++)
        {
          const OrkChaosWindow *c = &g_array_index (old->chaos, OrkChaosWindow, i);
          g_autofree char *from = ork_time_format_iso_utc (c->from_us);
          g_autofree char *to = ork_time_format_iso_utc (c->to_us);

          json_builder_begin_object (b);
          add_member_string (b, "from", from);
          add_member_string (b, "to", to);
          json_builder_set_member_name (b, "failure_rate");
          json_builder_add_double_value (b, c->failure_rate);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

static void
build_command (OrkJobEditor *self,
               JsonBuilder  *b,
               GPtrArray    *diags)
{
  json_builder_set_member_name (b, "command");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "argv");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->argv_rows->len; i++)
    json_builder_add_string_value (b, text_of (g_ptr_array_index (self->argv_rows, i)));
  json_builder_end_array (b);
  if (text_of (self->cwd_row)[0] != '\0')
    add_member_string (b, "cwd", text_of (self->cwd_row));
  json_builder_set_member_name (b, "env");
  json_builder_begin_object (b);
  for (guint i = 0; i < self->env_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->env_rows, i);
      const char *text = text_of (row);
      const char *eq = strchr (text, '=');
      g_autofree char *key = NULL;
      g_autofree char *path = NULL;

      if (eq == NULL)
        {
          /* The file has an object here, so this form has no JSON of its own. */
          path = g_strdup_printf ("jobs[0].command.env[%u]", i);
          g_ptr_array_add (diags, ork_diagnostic_new (0, 0, path,
                                                      _("expected NAME=value")));
          continue;
        }
      key = g_strndup (text, eq - text);
      add_member_string (b, key, eq + 1);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
}

static JsonNode *
build_job (OrkJobEditor *self,
           GPtrArray    *diags)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint type = adw_combo_row_get_selected (self->type_row);
  guint group = adw_combo_row_get_selected (self->group_row);
  g_auto(GStrv) tags = split_list (text_of (self->tags_row));

  json_builder_begin_object (b);
  if (text_of (self->id_row)[0] == '\0')
    g_ptr_array_add (diags, ork_diagnostic_new (0, 0, "jobs[0].id", _("a job needs an id")));
  else
    add_member_string (b, "id", text_of (self->id_row));
  if (text_of (self->name_row)[0] != '\0')
    add_member_string (b, "name", text_of (self->name_row));
  add_member_string (b, "type", type_names[MIN (type, ORK_JOB_TYPE_COMMAND)]);
  json_builder_set_member_name (b, "enabled");
  json_builder_add_boolean_value (b, gtk_switch_get_active (self->enabled_switch));
  add_member_string (b, "priority", priority_names[adw_combo_row_get_selected (self->priority_row)]);

  build_schedule (self, b);
  if (text_of (self->jitter_row)[0] != '\0')
    add_duration_text (b, "start_jitter", self->jitter_row);

  json_builder_set_member_name (b, "retry");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "max_retries");
  json_builder_add_int_value (b, gtk_spin_button_get_value_as_int (self->max_retries_spin));
  add_member_string (b, "backoff", backoff_names[adw_combo_row_get_selected (self->backoff_row)]);
  add_duration_text (b, "initial", self->initial_row);
  json_builder_set_member_name (b, "multiplier");
  json_builder_add_double_value (b, gtk_spin_button_get_value (self->multiplier_spin));
  add_duration_text (b, "max_delay", self->max_delay_row);
  add_member_string (b, "jitter", jitter_names[adw_combo_row_get_selected (self->retry_jitter_row)]);
  if (adw_combo_row_get_selected (self->backoff_row) == ORK_BACKOFF_DELAYS ||
      text_of (self->delays_row)[0] != '\0')
    {
      g_auto(GStrv) delays = split_list (text_of (self->delays_row));

      json_builder_set_member_name (b, "delays");
      json_builder_begin_array (b);
      for (guint i = 0; delays[i] != NULL; i++)
        json_builder_add_string_value (b, delays[i]);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);

  add_duration_text (b, "timeout", self->timeout_row);

  json_builder_set_member_name (b, "concurrency");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "max_running");
  json_builder_add_int_value (b, gtk_spin_button_get_value_as_int (self->max_running_spin));
  add_member_string (b, "overlap", overlap_names[adw_combo_row_get_selected (self->overlap_row)]);
  if (group > 0 && group != GTK_INVALID_LIST_POSITION)
    add_member_string (b, "group", gtk_string_list_get_string (self->groups, group));
  json_builder_end_object (b);

  json_builder_set_member_name (b, "missed_runs");
  json_builder_begin_object (b);
  add_member_string (b, "policy", missed_names[adw_combo_row_get_selected (self->missed_policy_row)]);
  add_duration_text (b, "grace", self->grace_row);
  json_builder_end_object (b);

  build_quiet_hours (self, b);
  build_simulation (self, b);
  if (type == ORK_JOB_TYPE_COMMAND)
    build_command (self, b, diags);

  json_builder_set_member_name (b, "tags");
  json_builder_begin_array (b);
  for (guint i = 0; tags[i] != NULL; i++)
    json_builder_add_string_value (b, tags[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

/* A workspace document with the session's groups and this one job. */
static char *
build_document (OrkJobEditor *self,
                JsonNode     *job)
{
  GHashTable *groups = ork_workspace_get_groups (ork_session_get_workspace (self->session));
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GHashTableIter iter;
  gpointer key, value;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "settings");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "groups");
  json_builder_begin_object (b);
  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (b, key);
      json_builder_add_int_value (b, GPOINTER_TO_INT (value));
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "jobs");
  json_builder_begin_array (b);
  json_builder_add_value (b, json_node_copy (job));
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* }}} */
/* {{{ Paths → rows */

static void
register_fields (OrkJobEditor *self)
{
  GHashTable *t = self->field_rows;
  GtkWidget *schedule_row;

  g_hash_table_remove_all (t);
  g_hash_table_insert (t, g_strdup (""), self->problems_row);
  g_hash_table_insert (t, g_strdup ("id"), self->id_row);
  g_hash_table_insert (t, g_strdup ("name"), self->name_row);
  g_hash_table_insert (t, g_strdup ("type"), self->type_row);
  g_hash_table_insert (t, g_strdup ("enabled"), self->enabled_row);
  g_hash_table_insert (t, g_strdup ("priority"), self->priority_row);
  g_hash_table_insert (t, g_strdup ("tags"), self->tags_row);

  /* Errors of the schedule as a whole (it never fires) belong to the row
   * that says when it fires. */
  switch (adw_combo_row_get_selected (self->kind_row))
    {
    case ORK_SCHEDULE_INTERVAL: schedule_row = self->every_row; break;
    case ORK_SCHEDULE_CRON: schedule_row = self->cron_row; break;
    case ORK_SCHEDULE_WEEKLY: schedule_row = self->times_row; break;
    case ORK_SCHEDULE_ONCE: schedule_row = self->at_row; break;
    default: schedule_row = GTK_WIDGET (self->kind_row); break;
    }
  g_hash_table_insert (t, g_strdup ("schedule"), schedule_row);
  g_hash_table_insert (t, g_strdup ("schedule.kind"), self->kind_row);
  g_hash_table_insert (t, g_strdup ("schedule.every"), self->every_row);
  g_hash_table_insert (t, g_strdup ("schedule.from"), self->from_row);
  g_hash_table_insert (t, g_strdup ("schedule.anchor"), self->anchor_row);
  g_hash_table_insert (t, g_strdup ("schedule.expr"), self->cron_row);
  g_hash_table_insert (t, g_strdup ("schedule.days"), self->days_row);
  g_hash_table_insert (t, g_strdup ("schedule.times"), self->times_row);
  g_hash_table_insert (t, g_strdup ("schedule.at"), self->at_row);
  g_hash_table_insert (t, g_strdup ("schedule.timezone"), self->tz_row);
  g_hash_table_insert (t, g_strdup ("start_jitter"), self->jitter_row);

  g_hash_table_insert (t, g_strdup ("retry"), self->max_retries_row);
  g_hash_table_insert (t, g_strdup ("retry.max_retries"), self->max_retries_row);
  g_hash_table_insert (t, g_strdup ("retry.backoff"), self->backoff_row);
  g_hash_table_insert (t, g_strdup ("retry.initial"), self->initial_row);
  g_hash_table_insert (t, g_strdup ("retry.multiplier"), self->multiplier_row);
  g_hash_table_insert (t, g_strdup ("retry.max_delay"), self->max_delay_row);
  g_hash_table_insert (t, g_strdup ("retry.jitter"), self->retry_jitter_row);
  g_hash_table_insert (t, g_strdup ("retry.delays"), self->delays_row);

  g_hash_table_insert (t, g_strdup ("timeout"), self->timeout_row);
  g_hash_table_insert (t, g_strdup ("concurrency.max_running"), self->max_running_row);
  g_hash_table_insert (t, g_strdup ("concurrency.overlap"), self->overlap_row);
  g_hash_table_insert (t, g_strdup ("concurrency.group"), self->group_row);
  g_hash_table_insert (t, g_strdup ("missed_runs.policy"), self->missed_policy_row);
  g_hash_table_insert (t, g_strdup ("missed_runs.grace"), self->grace_row);

  g_hash_table_insert (t, g_strdup ("quiet_hours"), self->quiet_mode_row);
  g_hash_table_insert (t, g_strdup ("quiet_hours.policy"), self->quiet_policy_row);
  for (guint i = 0; i < self->windows->len; i++)
    {
      WindowRows *w = g_ptr_array_index (self->windows, i);

      g_hash_table_insert (t, g_strdup_printf ("quiet_hours.windows[%u]", i), w->expander);
      g_hash_table_insert (t, g_strdup_printf ("quiet_hours.windows[%u].from", i), w->from_row);
      g_hash_table_insert (t, g_strdup_printf ("quiet_hours.windows[%u].to", i), w->to_row);
      g_hash_table_insert (t, g_strdup_printf ("quiet_hours.windows[%u].days", i), w->days_row);
    }

  g_hash_table_insert (t, g_strdup ("simulation"), self->latency_row);
  g_hash_table_insert (t, g_strdup ("simulation.latency"), self->latency_row);
  g_hash_table_insert (t, g_strdup ("simulation.latency.median"), self->median_row);
  g_hash_table_insert (t, g_strdup ("simulation.latency.p99"), self->p99_row);
  g_hash_table_insert (t, g_strdup ("simulation.latency.fixed"), self->fixed_row);
  g_hash_table_insert (t, g_strdup ("simulation.latency.min"), self->min_row);
  g_hash_table_insert (t, g_strdup ("simulation.latency.max"), self->max_row);
  g_hash_table_insert (t, g_strdup ("simulation.failure_rate"), self->failure_rate_row);
  g_hash_table_insert (t, g_strdup ("simulation.hang_rate"), self->hang_rate_row);

  g_hash_table_insert (t, g_strdup ("command.cwd"), self->cwd_row);
  if (self->argv_rows->len > 0)
    {
      g_hash_table_insert (t, g_strdup ("command"), g_ptr_array_index (self->argv_rows, 0));
      g_hash_table_insert (t, g_strdup ("command.argv"), g_ptr_array_index (self->argv_rows, 0));
    }
  for (guint i = 0; i < self->argv_rows->len; i++)
    g_hash_table_insert (t, g_strdup_printf ("command.argv[%u]", i),
                         g_ptr_array_index (self->argv_rows, i));
  for (guint i = 0; i < self->env_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->env_rows, i);
      const char *text = text_of (row);
      const char *eq = strchr (text, '=');

      g_hash_table_insert (t, g_strdup_printf ("command.env[%u]", i), row);
      if (eq != NULL)
        {
          g_autofree char *key = g_strndup (text, eq - text);
          g_hash_table_insert (t, g_strconcat ("command.env.", key, NULL), row);
        }
    }
}

/* The row of @path, or of the nearest enclosing value that has one. */
static GtkWidget *
row_for_path (OrkJobEditor *self,
              const char   *path)
{
  g_autofree char *key = NULL;

  if (path == NULL)
    path = "";
  if (g_str_has_prefix (path, "jobs[0]"))
    {
      path += strlen ("jobs[0]");
      if (path[0] == '.')
        path++;
    }
  key = g_strdup (path);
  for (;;)
    {
      GtkWidget *row = g_hash_table_lookup (self->field_rows, key);
      char *dot, *bracket, *cut;

      if (row != NULL)
        return row;
      if (key[0] == '\0')
        return GTK_WIDGET (self->problems_row);
      dot = strrchr (key, '.');
      bracket = strrchr (key, '[');
      cut = MAX (dot, bracket);
      if (cut == NULL)
        key[0] = '\0';
      else
        *cut = '\0';
    }
}

/* }}} */
/* {{{ Previews */

static void
set_row (GtkWidget  *row,
         const char *title,
         const char *subtitle)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle ? subtitle : "");
  gtk_widget_set_visible (row, TRUE);
}

static char *
format_offset (GDateTime *dt)
{
  return g_date_time_format (dt, "UTC%:z");
}

static const OrkQuietHours *
effective_quiet_hours (OrkJobEditor *self,
                       OrkJob       *job)
{
  switch (ork_job_get_quiet_mode (job))
    {
    case ORK_QUIET_OWN:
      return ork_job_get_quiet_hours (job);
    case ORK_QUIET_INHERIT:
      return ork_workspace_get_quiet_hours (ork_session_get_workspace (self->session));
    case ORK_QUIET_IGNORE:
    default:
      return NULL;
    }
}

static void
update_fire_preview (OrkJobEditor *self)
{
  const OrkSchedule *schedule;
  const OrkQuietHours *quiet;
  GTimeZone *ws_tz;
  GTimeZone *tz;
  gint64 after;
  guint n = 0;

  g_array_set_size (self->preview_fires, 0);
  for (guint i = 0; i < N_FIRE_PREVIEW; i++)
    gtk_widget_set_visible (self->fire_rows[i], FALSE);
  adw_preferences_group_set_description (self->fires_group, NULL);

  if (self->result == NULL)
    {
      set_row (self->fire_note, _("Correct the form to see when the job runs"), NULL);
      return;
    }

  schedule = ork_job_get_schedule (self->result);
  quiet = effective_quiet_hours (self, self->result);
  ws_tz = workspace_zone (self);
  tz = schedule->tz != NULL ? schedule->tz : ws_tz;
  after = editor_now (self);

  for (; n < N_FIRE_PREVIEW; n++)
    {
      gint64 t = ork_schedule_next (schedule, ws_tz, after, G_MININT64);
      g_autoptr(GDateTime) dt = NULL;
      g_autoptr(GDateTime) before = NULL;
      g_autofree char *title = NULL;
      g_autoptr(GString) notes = g_string_new (NULL);
      gint64 quiet_end;

      if (t == ORK_TIME_NEVER)
        break;
      g_array_append_val (self->preview_fires, t);
      dt = date_time_from_us (t, tz);
      before = date_time_from_us (after, tz);
      title = g_date_time_format (dt, "%a %Y-%m-%d %H:%M:%S %Z");

      if (g_date_time_get_utc_offset (dt) != g_date_time_get_utc_offset (before))
        {
          g_autofree char *from = format_offset (before);
          g_autofree char *to = format_offset (dt);

          /* Translators: a daylight-saving change between two fire times. */
          g_string_append_printf (notes, _("Clock change before this run (%s → %s)"), from, to);
        }
      if (quiet != NULL)
        {
          if (ork_quiet_hours_contains (quiet, ws_tz, t, &quiet_end))
            {
              if (notes->len > 0)
                g_string_append (notes, " · ");
              if (quiet->policy == ORK_QUIET_POLICY_SKIP)
                g_string_append (notes, _("Skipped: quiet hours"));
              else
                {
                  g_autoptr(GDateTime) end = date_time_from_us (quiet_end, tz);
                  g_autofree char *end_text = g_date_time_format (end, "%a %H:%M");

                  g_string_append_printf (notes, _("Deferred by quiet hours to %s"), end_text);
                }
            }
        }
      set_row (self->fire_rows[n], title, notes->str);
      after = t;
    }

  if (n == 0)
    {
      if (schedule->kind == ORK_SCHEDULE_MANUAL)
        set_row (self->fire_note, _("Runs only when started by hand"), NULL);
      else
        set_row (self->fire_note, _("No future fire time"),
                 schedule->kind == ORK_SCHEDULE_ONCE
                   ? _("The time has passed; the missed-runs policy decides whether it runs")
                   : NULL);
      return;
    }
  gtk_widget_set_visible (self->fire_note, FALSE);

  {
    g_autoptr(GString) desc = g_string_new (NULL);
    g_autofree char *words = ork_schedule_describe (schedule);

    g_string_append (desc, words);
    if (schedule->kind == ORK_SCHEDULE_INTERVAL && schedule->from == ORK_INTERVAL_FROM_COMPLETION)
      g_string_append (desc, _(" — counted as if each run took no time"));
    if (ork_job_get_start_jitter (self->result) > 0)
      {
        g_autofree char *jitter = ork_duration_describe (ork_job_get_start_jitter (self->result));
        g_string_append (desc, " — ");
        g_string_append_printf (desc, _("each up to %s later (start jitter)"), jitter);
      }
    adw_preferences_group_set_description (self->fires_group, desc->str);
  }
}

static void
update_retry_preview (OrkJobEditor *self)
{
  const OrkRetryPolicy *retry;
  gint64 total = 0;
  gint64 prev = 0;
  gint64 timeout;
  OrkRng rng;
  g_autofree char *total_text = NULL;
  g_autoptr(GString) desc = g_string_new (NULL);

  for (guint i = 0; i < N_RETRY_PREVIEW; i++)
    gtk_widget_set_visible (self->retry_rows[i], FALSE);
  adw_preferences_group_set_description (self->retry_preview_group, NULL);

  if (self->result == NULL)
    {
      set_row (self->retry_note, _("Correct the form to see the retry delays"), NULL);
      return;
    }
  retry = ork_job_get_retry (self->result);
  if (retry->max_retries == 0)
    {
      set_row (self->retry_note, _("A failed run is not retried"), NULL);
      return;
    }

  /* A fixed generator, so that jittered delays are one plausible draw. */
  ork_rng_init (&rng, ork_workspace_get_seed (ork_session_get_workspace (self->session)));
  for (guint n = 1; n <= retry->max_retries; n++)
    {
      gint64 delay = ork_retry_policy_delay (retry, n, &prev, &rng);

      total += delay;
      if (n <= N_RETRY_PREVIEW)
        {
          g_autofree char *title = g_strdup_printf (_("Retry %u (attempt %u)"), n, n + 1);
          g_autofree char *after = ork_duration_describe (delay);
          g_autofree char *subtitle = g_strdup_printf (_("%s after attempt %u ends"), after, n);

          set_row (self->retry_rows[n - 1], title, subtitle);
        }
    }

  total_text = ork_duration_describe (total);
  if (retry->max_retries > N_RETRY_PREVIEW)
    {
      g_autofree char *more = g_strdup_printf (_("… and %u more retries"),
                                               retry->max_retries - N_RETRY_PREVIEW);
      set_row (self->retry_note, more, NULL);
    }
  else
    gtk_widget_set_visible (self->retry_note, FALSE);

  g_string_append_printf (desc,
                          ngettext ("Gives up after %u attempt, %s of waiting between them",
                                       "Gives up after %u attempts, %s of waiting between them",
                                       retry->max_retries + 1),
                          retry->max_retries + 1, total_text);
  timeout = ork_job_get_timeout (self->result);
  if (timeout != ORK_DURATION_NONE)
    {
      g_autofree char *worst = ork_duration_describe (total + timeout * (retry->max_retries + 1));
      g_string_append_printf (desc, _("; at most %s if every attempt times out"), worst);
    }
  if (retry->jitter != ORK_JITTER_NONE)
    g_string_append (desc, _(" (one random draw of the jitter)"));
  adw_preferences_group_set_description (self->retry_preview_group, desc->str);
}

/* }}} */
/* {{{ Validation */

static void
set_valid (OrkJobEditor *self,
           gboolean      valid)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", valid);
  if (self->valid == valid)
    return;
  self->valid = valid;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
}

static void
validate (OrkJobEditor *self)
{
  g_autoptr(GPtrArray) diags = g_ptr_array_new_with_free_func ((GDestroyNotify) ork_diagnostic_free);
  g_autoptr(GPtrArray) loader_diags = NULL;
  g_autoptr(JsonNode) job = NULL;
  g_autoptr(OrkWorkspace) ws = NULL;
  g_autofree char *text = NULL;
  const char *id = text_of (self->id_row);

  if (self->populating)
    return;

  clear_messages (self);
  register_fields (self);
  g_clear_object (&self->result);

  job = build_job (self, diags);
  text = build_document (self, job);
  ws = ork_workspace_load_from_data (text, -1, NULL, &loader_diags, NULL);
  if (loader_diags != NULL)
    for (guint i = 0; i < loader_diags->len; i++)
      g_ptr_array_add (diags, ork_diagnostic_copy (g_ptr_array_index (loader_diags, i)));

  if (creating (self) && id[0] != '\0' &&
      ork_workspace_find_job (ork_session_get_workspace (self->session), id) != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("the id \"%s\" is already used by another job"),
                                                  id);
      g_ptr_array_add (diags, ork_diagnostic_new (0, 0, "jobs[0].id", message));
    }

  for (guint i = 0; i < diags->len; i++)
    {
      const OrkDiagnostic *d = g_ptr_array_index (diags, i);

      g_debug ("%s: %s", d->path ? d->path : "", d->message);
      show_message (self, row_for_path (self, d->path), d->message);
    }

  if (diags->len == 0 && ws != NULL &&
      g_list_model_get_n_items (ork_workspace_get_jobs (ws)) == 1)
    self->result = g_list_model_get_item (ork_workspace_get_jobs (ws), 0);

  set_valid (self, self->result != NULL);
  update_fire_preview (self);
  update_retry_preview (self);
}

/* }}} */
/* {{{ Visibility */

static void
update_visibility (OrkJobEditor *self)
{
  guint kind = adw_combo_row_get_selected (self->kind_row);
  guint backoff = adw_combo_row_get_selected (self->backoff_row);
  guint jitter = adw_combo_row_get_selected (self->retry_jitter_row);
  guint latency = adw_combo_row_get_selected (self->latency_row);
  gboolean own_quiet = adw_combo_row_get_selected (self->quiet_mode_row) == ORK_QUIET_OWN;
  gboolean command = adw_combo_row_get_selected (self->type_row) == ORK_JOB_TYPE_COMMAND;
  gboolean retries = gtk_spin_button_get_value_as_int (self->max_retries_spin) > 0;

  gtk_widget_set_visible (self->every_row, kind == ORK_SCHEDULE_INTERVAL);
  gtk_widget_set_visible (GTK_WIDGET (self->from_row), kind == ORK_SCHEDULE_INTERVAL);
  gtk_widget_set_visible (self->anchor_row, kind == ORK_SCHEDULE_INTERVAL);
  gtk_widget_set_visible (self->cron_row, kind == ORK_SCHEDULE_CRON);
  gtk_widget_set_visible (self->days_row, kind == ORK_SCHEDULE_WEEKLY);
  gtk_widget_set_visible (self->times_row, kind == ORK_SCHEDULE_WEEKLY);
  gtk_widget_set_visible (self->at_row, kind == ORK_SCHEDULE_ONCE);
  gtk_widget_set_visible (self->tz_row, kind == ORK_SCHEDULE_CRON || kind == ORK_SCHEDULE_WEEKLY);
  gtk_widget_set_visible (self->jitter_row, kind != ORK_SCHEDULE_MANUAL);

  gtk_widget_set_visible (GTK_WIDGET (self->backoff_row), retries);
  gtk_widget_set_visible (self->initial_row, retries &&
                          (backoff != ORK_BACKOFF_DELAYS || jitter == ORK_JITTER_DECORRELATED));
  gtk_widget_set_visible (self->multiplier_row, retries && backoff == ORK_BACKOFF_EXPONENTIAL &&
                          jitter != ORK_JITTER_DECORRELATED);
  gtk_widget_set_visible (self->delays_row, retries && backoff == ORK_BACKOFF_DELAYS);
  gtk_widget_set_visible (self->max_delay_row, retries);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_jitter_row), retries);

  gtk_widget_set_visible (GTK_WIDGET (self->quiet_policy_row), own_quiet);
  gtk_widget_set_visible (self->add_window_button, own_quiet);
  for (guint i = 0; i < self->windows->len; i++)
    gtk_widget_set_visible (((WindowRows *) g_ptr_array_index (self->windows, i))->expander,
                            own_quiet);

  gtk_widget_set_visible (self->median_row, latency == LATENCY_LOGNORMAL);
  gtk_widget_set_visible (self->p99_row, latency == LATENCY_LOGNORMAL);
  gtk_widget_set_visible (self->fixed_row, latency == LATENCY_FIXED);
  gtk_widget_set_visible (self->min_row, latency == LATENCY_UNIFORM);
  gtk_widget_set_visible (self->max_row, latency == LATENCY_UNIFORM);

  gtk_widget_set_visible (self->simulation_group, !command);
  gtk_widget_set_visible (GTK_WIDGET (self->argv_group), command);
  gtk_widget_set_visible (GTK_WIDGET (self->env_group), command);
}

/* }}} */
/* {{{ Job → form */

static char *
suggest_id (OrkJobEditor *self,
            const char   *base)
{
  OrkWorkspace *ws = ork_session_get_workspace (self->session);

  for (guint n = 1; n < 100000; n++)
    {
      g_autofree char *id = g_strdup_printf ("%s_%03u", base, n);

      if (ork_workspace_find_job (ws, id) == NULL)
        return g_steal_pointer (&id);
    }
  return g_strdup (base);
}

/* The id's stem without a trailing "_NNN": sync_007 → sync. */
static char *
id_stem (const char *id)
{
  const char *underscore = strrchr (id, '_');

  if (underscore != NULL && underscore != id && underscore[1] != '\0')
    {
      const char *p = underscore + 1;

      while (g_ascii_isdigit (*p))
        p++;
      if (*p == '\0')
        return g_strndup (id, underscore - id);
    }
  /* Leave room for "_NNN" inside the 64 characters an id may have. */
  return g_strndup (id, 56);
}

static void
select_zone (OrkJobEditor *self,
             const char   *zone)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->zones));

  if (zone == NULL)
    {
      gtk_drop_down_set_selected (self->tz_dropdown, 0);
      return;
    }
  for (guint i = 1; i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (self->zones, i), zone))
      {
        gtk_drop_down_set_selected (self->tz_dropdown, i);
        return;
      }
  /* An offset such as +05:00 is not in the list: keep it choosable. */
  gtk_string_list_append (self->zones, zone);
  gtk_drop_down_set_selected (self->tz_dropdown, n);
}

static void
select_group (OrkJobEditor *self,
              const char   *group)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->groups));

  if (group == NULL)
    {
      adw_combo_row_set_selected (self->group_row, 0);
      return;
    }
  for (guint i = 1; i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (self->groups, i), group))
      {
        adw_combo_row_set_selected (self->group_row, i);
        return;
      }
  gtk_string_list_append (self->groups, group);
  adw_combo_row_set_selected (self->group_row, n);
}

static void
set_every (OrkJobEditor *self,
           gint64        ms)
{
  guint unit = 0;

  for (guint i = G_N_ELEMENTS (every_units); i-- > 0;)
    if (ms % every_units[i].ms == 0)
      {
        unit = i;
        break;
      }
  gtk_drop_down_set_selected (self->every_unit, unit);
  gtk_spin_button_set_value (self->every_spin, (double) (ms / every_units[unit].ms));
}

static void
populate_simulation (OrkJobEditor     *self,
                     const OrkSimSpec *sim,
                     OrkJobType        type)
{
  g_autoptr(OrkSimSpec) defaults = ork_sim_spec_new_for_type (type);

  /* Every latency form gets a sensible value, so switching is valid. */
  set_duration_text (self->median_row, sim->latency == ORK_LATENCY_LOGNORMAL ? sim->median_ms
                                                                               : defaults->median_ms);
  set_duration_text (self->p99_row, sim->latency == ORK_LATENCY_LOGNORMAL ? sim->p99_ms
                                                                            : defaults->p99_ms);
  set_duration_text (self->fixed_row, sim->latency == ORK_LATENCY_FIXED ? sim->fixed_ms
                                                                          : defaults->median_ms);
  set_duration_text (self->min_row, sim->latency == ORK_LATENCY_UNIFORM ? sim->min_ms
                                                                          : defaults->median_ms);
  set_duration_text (self->max_row, sim->latency == ORK_LATENCY_UNIFORM ? sim->max_ms
                                                                          : defaults->p99_ms);
  switch (sim->latency)
    {
    case ORK_LATENCY_FIXED: adw_combo_row_set_selected (self->latency_row, LATENCY_FIXED); break;
    case ORK_LATENCY_UNIFORM: adw_combo_row_set_selected (self->latency_row, LATENCY_UNIFORM); break;
    case ORK_LATENCY_LOGNORMAL:
    default: adw_combo_row_set_selected (self->latency_row, LATENCY_LOGNORMAL); break;
    }
  gtk_spin_button_set_value (self->failure_rate_spin, sim->failure_rate);
  gtk_spin_button_set_value (self->hang_rate_spin, sim->hang_rate);
}

static void
populate (OrkJobEditor *self)
{
  OrkJob *job = self->copy;
  const OrkSchedule *s = ork_job_get_schedule (job);
  const OrkRetryPolicy *r = ork_job_get_retry (job);
  const OrkQuietHours *qh = ork_job_get_quiet_hours (job);
  const char * const *strv;
  g_autofree char *tags = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;

  self->populating = TRUE;

  set_text (self->name_row, ork_job_get_name (job));
  set_text (self->id_row, ork_job_get_id (job));
  adw_combo_row_set_selected (self->type_row, ork_job_get_job_type (job));
  gtk_switch_set_active (self->enabled_switch, ork_job_get_enabled (job));
  adw_combo_row_set_selected (self->priority_row, ork_job_get_priority (job));
  strv = ork_job_get_tags (job);
  tags = strv ? g_strjoinv (", ", (char **) strv) : NULL;
  set_text (self->tags_row, tags);

  /* Defaults for the kinds the job does not use, so that choosing one
   * starts from something valid. */
  set_every (self, 300000);
  set_text (self->cron_row, "*/15 * * * *");
  set_toggles_from_days (self->day_toggles, 0x3e);
  set_text (self->times_row, "09:00");
  tomorrow = g_date_time_new_now_local ();
  {
    g_autoptr(GDateTime) day = g_date_time_add_days (tomorrow, 1);
    g_autoptr(GDateTime) nine = g_date_time_new (g_date_time_get_timezone (day),
                                                 g_date_time_get_year (day),
                                                 g_date_time_get_month (day),
                                                 g_date_time_get_day_of_month (day), 9, 0, 0);
    g_autofree char *at = g_date_time_format (nine, "%Y-%m-%dT%H:%M:%S%:z");
    set_text (self->at_row, at);
  }
  select_zone (self, NULL);

  adw_combo_row_set_selected (self->kind_row, s->kind);
  switch (s->kind)
    {
    case ORK_SCHEDULE_INTERVAL:
      set_every (self, s->every_ms);
      adw_combo_row_set_selected (self->from_row, s->from);
      if (s->anchor != NULL)
        {
          g_autofree char *anchor = format_date_time (s->anchor);
          set_text (self->anchor_row, anchor);
        }
      break;
    case ORK_SCHEDULE_CRON:
      set_text (self->cron_row, s->expr);
      select_zone (self, s->timezone);
      break;
    case ORK_SCHEDULE_WEEKLY:
      {
        g_autoptr(GString) times = g_string_new (NULL);

        set_toggles_from_days (self->day_toggles, s->days);
        for (guint i = 0; s->times != NULL && i < s->times->len; i++)
          {
            g_autofree char *t = format_time_of_day (g_array_index (s->times, guint, i));
            if (times->len > 0)
              g_string_append (times, ", ");
            g_string_append (times, t);
          }
        set_text (self->times_row, times->str);
        select_zone (self, s->timezone);
      }
      break;
    case ORK_SCHEDULE_ONCE:
      {
        g_autofree char *at = format_date_time (s->at);
        set_text (self->at_row, at);
      }
      break;
    default:
      break;
    }
  set_duration_text (self->jitter_row, ork_job_get_start_jitter (job));

  gtk_spin_button_set_value (self->max_retries_spin, r->max_retries);
  adw_combo_row_set_selected (self->backoff_row, r->backoff);
  set_duration_text (self->initial_row, r->initial_ms);
  gtk_spin_button_set_value (self->multiplier_spin, r->multiplier);
  set_duration_text (self->max_delay_row, r->max_delay_ms);
  adw_combo_row_set_selected (self->retry_jitter_row, r->jitter);
  if (r->delays != NULL)
    {
      g_autoptr(GString) delays = g_string_new (NULL);

      for (guint i = 0; i < r->delays->len; i++)
        {
          g_autofree char *d = ork_duration_format (g_array_index (r->delays, gint64, i));
          if (delays->len > 0)
            g_string_append (delays, ", ");
          g_string_append (delays, d);
        }
      set_text (self->delays_row, delays->str);
    }

  set_duration_text (self->timeout_row, ork_job_get_timeout (job));
  gtk_spin_button_set_value (self->max_running_spin, ork_job_get_max_running (job));
  adw_combo_row_set_selected (self->overlap_row, ork_job_get_overlap (job));
  select_group (self, ork_job_get_group (job));
  adw_combo_row_set_selected (self->missed_policy_row, ork_job_get_missed_policy (job));
  set_duration_text (self->grace_row, ork_job_get_missed_grace (job));

  adw_combo_row_set_selected (self->quiet_mode_row, ork_job_get_quiet_mode (job));
  if (qh != NULL)
    {
      adw_combo_row_set_selected (self->quiet_policy_row, qh->policy);
      for (guint i = 0; qh->windows != NULL && i < qh->windows->len; i++)
        {
          const OrkQuietWindow *w = &g_array_index (qh->windows, OrkQuietWindow, i);
          g_autofree char *from = format_time_of_day (w->from_min);
          g_autofree char *to = format_time_of_day (w->to_min);

          add_window (self, from, to, w->days, FALSE);
        }
    }

  populate_simulation (self, ork_job_get_simulation (job), ork_job_get_job_type (job));

  strv = ork_job_get_argv (job);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    add_argv_row (self, strv[i]);
  if (self->argv_rows->len == 0)
    add_argv_row (self, "");
  set_text (self->cwd_row, ork_job_get_cwd (job));
  strv = ork_job_get_env (job);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    add_env_row (self, strv[i]);

  self->populating = FALSE;
}

/* }}} */
/* {{{ Callbacks and actions */

static void
on_form_changed (OrkJobEditor *self)
{
  if (self->populating)
    return;
  update_visibility (self);
  validate (self);
}

static void
on_id_changed (OrkJobEditor *self)
{
  if (self->populating)
    return;
  /* Once the user types an id of their own, a type change keeps it. */
  if (self->suggested_id != NULL && !g_str_equal (self->suggested_id, text_of (self->id_row)))
    g_clear_pointer (&self->suggested_id, g_free);
  on_form_changed (self);
}

static void
on_type_changed (OrkJobEditor *self)
{
  guint type = adw_combo_row_get_selected (self->type_row);

  if (self->populating || type > ORK_JOB_TYPE_COMMAND)
    return;

  /* A new job follows its type's defaults until the user sets them. */
  if (self->job == NULL)
    {
      g_autoptr(OrkSimSpec) sim = ork_sim_spec_new_for_type (type);

      self->populating = TRUE;
      adw_combo_row_set_selected (self->priority_row, ork_job_type_default_priority (type));
      populate_simulation (self, sim, type);
      if (self->suggested_id != NULL)
        {
          g_free (self->suggested_id);
          self->suggested_id = suggest_id (self, type_names[type]);
          set_text (self->id_row, self->suggested_id);
        }
      self->populating = FALSE;
    }
  on_form_changed (self);
}

static void
apply (OrkJobEditor *self,
       OrkJob       *job,
       OrkJob       *from)
{
  const char *name = text_of (self->name_row);

  g_object_freeze_notify (G_OBJECT (job));
  ork_job_set_name (job, name[0] != '\0' ? name : NULL);
  ork_job_set_job_type (job, ork_job_get_job_type (from));
  ork_job_set_enabled (job, ork_job_get_enabled (from));
  ork_job_set_priority (job, ork_job_get_priority (from));
  ork_job_set_schedule (job, ork_job_get_schedule (from));
  ork_job_set_start_jitter (job, ork_job_get_start_jitter (from));
  ork_job_set_retry (job, ork_job_get_retry (from));
  ork_job_set_timeout (job, ork_job_get_timeout (from));
  ork_job_set_max_running (job, ork_job_get_max_running (from));
  ork_job_set_overlap (job, ork_job_get_overlap (from));
  ork_job_set_group (job, ork_job_get_group (from));
  ork_job_set_missed_policy (job, ork_job_get_missed_policy (from));
  ork_job_set_missed_grace (job, ork_job_get_missed_grace (from));
  if (ork_job_get_quiet_mode (from) == ORK_QUIET_OWN)
    ork_job_set_quiet_hours (job, ork_job_get_quiet_hours (from));
  else
    ork_job_set_quiet_mode (job, ork_job_get_quiet_mode (from));
  ork_job_set_simulation (job, ork_job_get_simulation (from));
  if (ork_job_get_job_type (from) == ORK_JOB_TYPE_COMMAND)
    {
      ork_job_set_argv (job, ork_job_get_argv (from));
      ork_job_set_cwd (job, ork_job_get_cwd (from));
      ork_job_set_env (job, ork_job_get_env (from));
    }
  ork_job_set_tags (job, ork_job_get_tags (from));
  g_object_thaw_notify (G_OBJECT (job));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ork_job_editor_save (ORK_JOB_EDITOR (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
add_window_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  OrkJobEditor *self = ORK_JOB_EDITOR (widget);

  add_window (self, "22:00", "06:00", 0x7f, TRUE);
  on_form_changed (self);
}

static void
add_argument_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OrkJobEditor *self = ORK_JOB_EDITOR (widget);
  GtkWidget *row = add_argv_row (self, "");

  on_form_changed (self);
  gtk_widget_grab_focus (row);
}

static void
add_variable_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OrkJobEditor *self = ORK_JOB_EDITOR (widget);
  GtkWidget *row = add_env_row (self, "NAME=value");

  on_form_changed (self);
  gtk_widget_grab_focus (row);
}

/* }}} */
/* {{{ GObject */

static void
ork_job_editor_constructed (GObject *object)
{
  OrkJobEditor *self = ORK_JOB_EDITOR (object);
  OrkWorkspace *ws;
  g_autofree char *default_zone = NULL;
  g_autofree GStrv group_names = NULL;
  const char *ws_zone;

  G_OBJECT_CLASS (ork_job_editor_parent_class)->constructed (object);

  g_return_if_fail (ORK_IS_SESSION (self->session));
  ws = ork_session_get_workspace (self->session);
  self->populating = TRUE;

  /* Zones: the first item means "the workspace's". */
  ws_zone = ork_workspace_get_timezone (ws);
  default_zone = g_strdup_printf (_("The workspace’s is %s"), ws_zone ? ws_zone : _("local time"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->tz_row), default_zone);
  self->zones = gtk_string_list_new (NULL);
  gtk_string_list_append (self->zones, _("The workspace’s"));
  gtk_string_list_splice (self->zones, 1, 0, zone_names ());
  gtk_drop_down_set_model (self->tz_dropdown, G_LIST_MODEL (self->zones));

  self->groups = gtk_string_list_new (NULL);
  gtk_string_list_append (self->groups, _("None"));
  group_names = (GStrv) g_hash_table_get_keys_as_array (ork_workspace_get_groups (ws), NULL);
  qsort (group_names, g_strv_length (group_names), sizeof (char *), compare_names);
  gtk_string_list_splice (self->groups, 1, 0, (const char * const *) group_names);
  adw_combo_row_set_model (self->group_row, G_LIST_MODEL (self->groups));

  if (self->job != NULL)
    {
      self->copy = ork_job_copy (self->job);
      if (self->duplicate)
        {
          g_autofree char *stem = id_stem (ork_job_get_id (self->job));
          g_autofree char *name = g_strdup_printf (_("%s (copy)"), ork_job_get_name (self->job));

          self->suggested_id = suggest_id (self, stem);
          ork_job_set_id (self->copy, self->suggested_id);
          ork_job_set_name (self->copy, name);
        }
    }
  else
    {
      g_autoptr(OrkSchedule) every = ork_schedule_new_interval (300000);

      self->suggested_id = suggest_id (self, type_names[ORK_JOB_TYPE_SYNC]);
      self->copy = ork_job_new (self->suggested_id, ORK_JOB_TYPE_SYNC);
      ork_schedule_prepare (every, NULL);
      ork_job_set_schedule (self->copy, every);
    }

  if (self->job == NULL)
    adw_window_title_set_title (self->window_title, _("New Job"));
  else if (self->duplicate)
    adw_window_title_set_title (self->window_title, _("Duplicate Job"));
  else
    {
      adw_window_title_set_title (self->window_title, _("Edit Job"));
      adw_window_title_set_subtitle (self->window_title, ork_job_get_id (self->job));
      /* The engine, the history and the log know a job by its id. */
      gtk_editable_set_editable (GTK_EDITABLE (self->id_row), FALSE);
      gtk_widget_set_tooltip_text (self->id_row, _("The id of an existing job cannot change"));
    }
  gtk_window_set_title (GTK_WINDOW (self),
                        adw_window_title_get_title (self->window_title));

  populate (self);
  update_visibility (self);
  validate (self);
}

static void
ork_job_editor_dispose (GObject *object)
{
  OrkJobEditor *self = ORK_JOB_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ORK_TYPE_JOB_EDITOR);
  g_clear_object (&self->result);
  g_clear_object (&self->copy);
  g_clear_object (&self->job);
  g_clear_object (&self->session);
  g_clear_object (&self->zones);
  g_clear_object (&self->groups);

  G_OBJECT_CLASS (ork_job_editor_parent_class)->dispose (object);
}

static void
ork_job_editor_finalize (GObject *object)
{
  OrkJobEditor *self = ORK_JOB_EDITOR (object);

  g_clear_pointer (&self->field_rows, g_hash_table_unref);
  g_clear_pointer (&self->error_rows, g_ptr_array_unref);
  g_clear_pointer (&self->argv_rows, g_ptr_array_unref);
  g_clear_pointer (&self->env_rows, g_ptr_array_unref);
  g_clear_pointer (&self->windows, g_ptr_array_unref);
  g_clear_pointer (&self->preview_fires, g_array_unref);
  g_clear_pointer (&self->suggested_id, g_free);

  G_OBJECT_CLASS (ork_job_editor_parent_class)->finalize (object);
}

static void
ork_job_editor_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OrkJobEditor *self = ORK_JOB_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    case PROP_DUPLICATE:
      g_value_set_boolean (value, self->duplicate);
      break;
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_job_editor_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  OrkJobEditor *self = ORK_JOB_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_JOB:
      self->job = g_value_dup_object (value);
      break;
    case PROP_DUPLICATE:
      self->duplicate = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_job_editor_class_init (OrkJobEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ork_job_editor_constructed;
  object_class->dispose = ork_job_editor_dispose;
  object_class->finalize = ork_job_editor_finalize;
  object_class->get_property = ork_job_editor_get_property;
  object_class->set_property = ork_job_editor_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, ORK_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, ORK_TYPE_JOB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DUPLICATE] =
    g_param_spec_boolean ("duplicate", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, ORK_TYPE_JOB);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/orkestron/Orkestron/ork-job-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, page);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, problems_group);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, problems_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, id_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, type_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, enabled_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, priority_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, tags_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, every_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, every_spin);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, every_unit);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, from_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, anchor_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, cron_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, cron_hint);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, days_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, days_box);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, times_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, at_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, tz_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, tz_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, jitter_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, fires_group);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, max_retries_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, max_retries_spin);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, backoff_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, initial_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, multiplier_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, multiplier_spin);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, delays_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, max_delay_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, retry_jitter_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, retry_preview_group);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, timeout_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, max_running_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, max_running_spin);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, overlap_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, group_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, missed_policy_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, grace_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, quiet_group);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, add_window_button);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, quiet_mode_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, quiet_policy_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, simulation_group);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, latency_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, median_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, p99_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, fixed_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, min_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, max_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, failure_rate_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, failure_rate_spin);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, hang_rate_row);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, hang_rate_spin);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, argv_group);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, env_group);
  gtk_widget_class_bind_template_child (widget_class, OrkJobEditor, cwd_row);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "editor.add-window", NULL, add_window_action);
  gtk_widget_class_install_action (widget_class, "editor.add-argument", NULL, add_argument_action);
  gtk_widget_class_install_action (widget_class, "editor.add-variable", NULL, add_variable_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
}

static void
ork_job_editor_init (OrkJobEditor *self)
{
  GtkWidget *editables[16];
  guint n = 0;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Nothing is validated before constructed () has filled the form. */
  self->populating = TRUE;
  self->field_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->error_rows = g_ptr_array_new ();
  self->argv_rows = g_ptr_array_new ();
  self->env_rows = g_ptr_array_new ();
  self->windows = g_ptr_array_new_with_free_func (g_free);
  self->preview_fires = g_array_new (FALSE, FALSE, sizeof (gint64));

  gtk_label_set_text (self->cron_hint,
                      _("Five fields: minute hour day-of-month month day-of-week "
                        "(or six, with seconds first). Each field takes *, a value, "
                        "a list (1,15), a range (9-17) or a step (*/15, 9-17/2). "
                        "Months and days take names (JAN, MON); Sunday is 0 or 7. "
                        "Day of month: L (last day), L-2, LW, 15W. Day of week: 5L "
                        "(last Friday), 1#2 (second Monday). Macros: @hourly, "
                        "@daily, @weekly, @monthly, @yearly.\n"
                        "Examples: */15 9-17 * * 1-5 — every 15 minutes in office "
                        "hours; 0 2 * * * — 02:00 every night."));

  for (guint i = 0; i < 7; i++)
    {
      self->day_toggles[i] = day_toggle_new (i);
      gtk_box_append (GTK_BOX (self->days_box), self->day_toggles[i]);
      g_signal_connect_swapped (self->day_toggles[i], "toggled", G_CALLBACK (on_form_changed), self);
    }

  for (guint i = 0; i < N_FIRE_PREVIEW; i++)
    {
      self->fire_rows[i] = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->fire_rows[i]), FALSE);
      gtk_widget_add_css_class (self->fire_rows[i], "property");
      adw_preferences_group_add (self->fires_group, self->fire_rows[i]);
    }
  self->fire_note = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->fire_note), FALSE);
  gtk_widget_add_css_class (self->fire_note, "dim-label");
  adw_preferences_group_add (self->fires_group, self->fire_note);

  for (guint i = 0; i < N_RETRY_PREVIEW; i++)
    {
      self->retry_rows[i] = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->retry_rows[i]), FALSE);
      adw_preferences_group_add (self->retry_preview_group, self->retry_rows[i]);
    }
  self->retry_note = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->retry_note), FALSE);
  gtk_widget_add_css_class (self->retry_note, "dim-label");
  adw_preferences_group_add (self->retry_preview_group, self->retry_note);

  editables[n++] = self->name_row;
  editables[n++] = self->tags_row;
  editables[n++] = self->anchor_row;
  editables[n++] = self->cron_row;
  editables[n++] = self->times_row;
  editables[n++] = self->at_row;
  editables[n++] = self->jitter_row;
  editables[n++] = self->initial_row;
  editables[n++] = self->delays_row;
  editables[n++] = self->max_delay_row;
  editables[n++] = self->timeout_row;
  editables[n++] = self->grace_row;
  editables[n++] = self->median_row;
  editables[n++] = self->p99_row;
  editables[n++] = self->fixed_row;
  editables[n++] = self->min_row;
  g_assert (n <= G_N_ELEMENTS (editables));
  for (guint i = 0; i < n; i++)
    g_signal_connect_swapped (editables[i], "changed", G_CALLBACK (on_form_changed), self);
  g_signal_connect_swapped (self->max_row, "changed", G_CALLBACK (on_form_changed), self);
  g_signal_connect_swapped (self->cwd_row, "changed", G_CALLBACK (on_form_changed), self);
  g_signal_connect_swapped (self->id_row, "changed", G_CALLBACK (on_id_changed), self);

  g_signal_connect_swapped (self->type_row, "notify::selected", G_CALLBACK (on_type_changed), self);
  {
    AdwComboRow *combos[] = {
      self->priority_row, self->kind_row, self->from_row, self->backoff_row,
      self->retry_jitter_row, self->overlap_row, self->group_row, self->missed_policy_row,
      self->quiet_mode_row, self->quiet_policy_row, self->latency_row,
    };

    for (guint i = 0; i < G_N_ELEMENTS (combos); i++)
      g_signal_connect_swapped (combos[i], "notify::selected", G_CALLBACK (on_form_changed), self);
  }
  g_signal_connect_swapped (self->every_unit, "notify::selected", G_CALLBACK (on_form_changed), self);
  g_signal_connect_swapped (self->tz_dropdown, "notify::selected", G_CALLBACK (on_form_changed), self);
  g_signal_connect_swapped (self->enabled_switch, "notify::active", G_CALLBACK (on_form_changed), self);
  {
    GtkSpinButton *spins[] = {
      self->every_spin, self->max_retries_spin, self->multiplier_spin,
      self->max_running_spin, self->failure_rate_spin, self->hang_rate_spin,
    };

    for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
      g_signal_connect_swapped (spins[i], "value-changed", G_CALLBACK (on_form_changed), self);
  }

  {
    /* The drop-down takes a reference of its own. */
    g_autoptr(GtkExpression) expression =
      gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

    gtk_drop_down_set_expression (self->tz_dropdown, expression);
  }
}

/* }}} */
/* {{{ Public API */

GtkWindow *
ork_job_editor_new (GtkWindow  *parent,
                    OrkSession *session,
                    OrkJob     *job,
                    gboolean    duplicate)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ORK_IS_SESSION (session), NULL);
  g_return_val_if_fail (job == NULL || ORK_IS_JOB (job), NULL);

  return g_object_new (ORK_TYPE_JOB_EDITOR,
                       "transient-for", parent,
                       "session", session,
                       "job", job,
                       "duplicate", job != NULL && duplicate,
                       NULL);
}

gboolean
ork_job_editor_get_valid (OrkJobEditor *self)
{
  g_return_val_if_fail (ORK_IS_JOB_EDITOR (self), FALSE);
  return self->valid;
}

gboolean
ork_job_editor_save (OrkJobEditor *self)
{
  g_autoptr(OrkJob) saved = NULL;

  g_return_val_if_fail (ORK_IS_JOB_EDITOR (self), FALSE);

  if (!self->valid || self->result == NULL)
    return FALSE;

  if (creating (self))
    {
      OrkWorkspace *ws = ork_session_get_workspace (self->session);

      saved = ork_job_new (text_of (self->id_row), ork_job_get_job_type (self->result));
      apply (self, saved, self->result);
      ork_workspace_add_job (ws, saved);
    }
  else
    {
      saved = g_object_ref (self->job);
      apply (self, saved, self->result);
    }

  g_signal_emit (self, signals[SAVED], 0, saved);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

GtkWidget *
ork_job_editor_get_field_row (OrkJobEditor *self,
                              const char   *path)
{
  g_return_val_if_fail (ORK_IS_JOB_EDITOR (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  register_fields (self);
  return g_hash_table_lookup (self->field_rows, path);
}

const char *
ork_job_editor_get_field_error (OrkJobEditor *self,
                                const char   *path)
{
  GtkWidget *row;

  g_return_val_if_fail (ORK_IS_JOB_EDITOR (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  row = ork_job_editor_get_field_row (self, path);
  return row != NULL ? g_object_get_data (G_OBJECT (row), "ork-message") : NULL;
}

GArray *
ork_job_editor_get_preview_fire_times (OrkJobEditor *self)
{
  g_return_val_if_fail (ORK_IS_JOB_EDITOR (self), NULL);
  return self->preview_fires;
}

/* }}} */
