/* ork-workspace.c — loading, validating and saving workspace files
 *
 * Loading runs in three steps: the strict scan (ork-json-scan) rejects what
 * RFC 8259 does not allow and records where every value starts; json-glib
 * then builds the tree; finally the tree is walked and every field checked,
 * collecting every error with its position rather than stopping at the first.
 *
 * Ids: a job without an id gets "<type>_<NNN>", numbered per type in file
 * order from 001. A number already taken by an explicit id in the file is
 * skipped (the next free one is used), so generated ids never collide.
 *
 * Saving writes the full form, keys in this order:
 *   version, settings {workers, groups (by name), timezone, quiet_hours, seed,
 *   history {max_age, max_runs}}, jobs [{id, name, type, enabled, priority,
 *   schedule, start_jitter, retry, timeout, concurrency, missed_runs,
 *   quiet_hours, simulation, command, tags}].
 * Optional values that are not set (a zone, a group, an anchor) are left out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-workspace"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ork-diagnostic.h"
#include "ork-duration.h"
#include "ork-json-scan.h"
#include "ork-workspace.h"

#define DEFAULT_WORKERS          4
#define DEFAULT_SEED             1
#define DEFAULT_HISTORY_MAX_AGE  G_GINT64_CONSTANT (2592000000)  /* 30 days */
#define DEFAULT_HISTORY_MAX_RUNS 1000000
#define MIN_EVERY_MS             100
#define MAX_RETRIES              1000
#define MAX_SLOTS                4096
/* The longest duration, as ork_duration_parse allows it: 100 years. */
#define MAX_DURATION_DAYS        36500
/* A temporary file a save left this long ago, unlocked, is stale. */
#define STALE_TEMP_AGE_S         60
#define MAX_DURATION_MS          (G_GINT64_CONSTANT (86400000) * MAX_DURATION_DAYS)

struct _OrkWorkspace
{
  GObject        parent_instance;

  GListStore    *jobs;
  guint          workers;
  GHashTable    *groups;
  char          *timezone;
  GTimeZone     *tz;
  OrkQuietHours *quiet_hours;
  guint64        seed;
  gint64         history_max_age_ms;
  guint64        history_max_runs;
};

G_DEFINE_FINAL_TYPE (OrkWorkspace, ork_workspace, G_TYPE_OBJECT)

G_DEFINE_QUARK (ork-workspace-error-quark, ork_workspace_error)

/* Names in the order of the enumerations of ork-types.h. */
static const char * const job_type_names[] = { "sync", "cleanup", "batch", "metrics", "command", NULL };
static const char * const priority_names[] = { "low", "normal", "high", "critical", NULL };
static const char * const schedule_kind_names[] = { "interval", "cron", "weekly", "once", "manual", NULL };
static const char * const interval_from_names[] = { "schedule", "completion", NULL };
static const char * const overlap_names[] = { "skip", "queue", "replace", "allow", NULL };
static const char * const missed_policy_names[] = { "skip", "run_once", "run_all", NULL };
static const char * const backoff_names[] = { "fixed", "linear", "exponential", "delays", NULL };
static const char * const jitter_names[] = { "none", "full", "equal", "decorrelated", NULL };
static const char * const quiet_policy_names[] = { "defer", "skip", NULL };
/* Monday first, as people write a week; day_names[i] is weekday (i + 1) % 7. */
static const char * const day_names[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL };

static const char * const root_keys[] = { "version", "settings", "jobs", NULL };
static const char * const settings_keys[] = {
  "workers", "groups", "timezone", "quiet_hours", "seed", "history", NULL
};
static const char * const history_keys[] = { "max_age", "max_runs", NULL };
static const char * const job_keys[] = {
  "id", "name", "type", "enabled", "priority", "schedule", "start_jitter", "retry",
  "timeout", "concurrency", "missed_runs", "quiet_hours", "simulation", "command", "tags",
  /* the short form */
  "interval", "failureRate",
  NULL
};
static const char * const schedule_keys[] = {
  "kind", "every", "anchor", "from", "expr", "timezone", "days", "times", "at", NULL
};
static const char * const interval_keys[] = { "kind", "every", "anchor", "from", NULL };
static const char * const cron_keys[] = { "kind", "expr", "timezone", NULL };
static const char * const weekly_keys[] = { "kind", "days", "times", "timezone", NULL };
static const char * const once_keys[] = { "kind", "at", NULL };
static const char * const manual_keys[] = { "kind", NULL };
static const char * const retry_keys[] = {
  "max_retries", "backoff", "initial", "multiplier", "max_delay", "jitter", "delays", NULL
};
static const char * const concurrency_keys[] = { "max_running", "overlap", "group", NULL };
static const char * const missed_keys[] = { "policy", "grace", NULL };
static const char * const quiet_keys[] = { "windows", "policy", NULL };
static const char * const window_keys[] = { "from", "to", "days", NULL };
static const char * const simulation_keys[] = {
  "latency", "failure_rate", "hang_rate", "chaos", NULL
};
static const char * const latency_keys[] = { "median", "p99", "fixed", "min", "max", NULL };
static const char * const chaos_keys[] = { "from", "to", "failure_rate", NULL };
static const char * const command_keys[] = { "argv", "cwd", "env", NULL };

/* {{{ Loader: diagnostics */

typedef struct
{
  const char   *text;
  gsize         len;
  OrkJsonScan  *scan;
  GPtrArray    *diags;
  GHashTable   *groups;   /* names defined in settings.groups */
  GArray       *lines;    /* gsize byte offset where each line starts, built on demand */
  /* The last place text_offset () found: values are asked for in file
   * order, so the next one is found from there, not from the line's start
   * (a workspace written on one line would cost its length per value). */
  guint         last_line;
  guint         last_column;
  gsize         last_offset;
  GPtrArray    *quoted;   /* shortened values quoted in messages, built on demand */
} Loader;

typedef enum
{
  AT_VALUE,
  AT_KEY,
} Anchor;

/* A value quoted back in a message: at most QUOTED_MAX_CHARS characters,
 * then "...", so that a 10 MB string in a file does not make a 10 MB
 * message. @text is valid UTF-8 (the scan checked it). The result lives as
 * long as the loader. */
#define QUOTED_MAX_CHARS 80

static const char *
quoted (Loader     *L,
        const char *text)
{
  const char *end = text;
  char *copy;

  for (guint n = 0; *end != '\0' && n < QUOTED_MAX_CHARS; n++)
    end = g_utf8_next_char (end);
  if (*end == '\0')
    return text;
  if (L->quoted == NULL)
    L->quoted = g_ptr_array_new_with_free_func (g_free);
  copy = g_strdup_printf ("%.*s...", (int) (end - text), text);
  g_ptr_array_add (L->quoted, copy);
  return copy;
}

/* The path of a diagnostic is cut the same way after PATH_MAX_BYTES: an
 * unknown key of any length can be part of it. */
#define PATH_MAX_BYTES 256

static void
add_diag (Loader     *L,
          guint       line,
          guint       column,
          const char *path,
          const char *message)
{
  g_autofree char *short_path = NULL;

  if (path != NULL && strlen (path) > PATH_MAX_BYTES)
    {
      const char *end = path;

      while (*end != '\0' && g_utf8_next_char (end) - path <= PATH_MAX_BYTES)
        end = g_utf8_next_char (end);
      short_path = g_strdup_printf ("%.*s...", (int) (end - path), path);
      path = short_path;
    }
  g_ptr_array_add (L->diags, ork_diagnostic_new (line, column, path, message));
}

static void report (Loader     *L,
                    Anchor      anchor,
                    const char *path,
                    const char *format,
                    ...) G_GNUC_PRINTF (4, 5);

static void
report (Loader     *L,
        Anchor      anchor,
        const char *path,
        const char *format,
        ...)
{
  g_autofree char *message = NULL;
  OrkJsonPos pos = { 0, 0 };
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (anchor == AT_KEY)
    {
      if (!ork_json_scan_key_pos (L->scan, path, &pos))
        ork_json_scan_value_pos (L->scan, path, &pos);
    }
  else
    ork_json_scan_value_pos (L->scan, path, &pos);
  add_diag (L, pos.line, pos.column, path, message);
}

/* The byte offset of a 1-based line and character column. */
static gsize
text_offset (Loader *L,
             guint   line,
             guint   column)
{
  gsize i;
  guint c;

  /* As the scan counts: a BOM is no column; \n, \r\n and \r end a line. */
  if (L->lines == NULL)
    {
      gsize start = L->len >= 3 && memcmp (L->text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;

      L->lines = g_array_new (FALSE, FALSE, sizeof (gsize));
      g_array_append_val (L->lines, start);
      for (gsize k = start; k < L->len; k++)
        if (L->text[k] == '\n' || (L->text[k] == '\r' && (k + 1 >= L->len || L->text[k + 1] != '\n')))
          {
            gsize next = k + 1;
            g_array_append_val (L->lines, next);
          }
    }
  if (line == 0 || line > L->lines->len)
    return L->len;
  if (line == L->last_line && column >= L->last_column && L->last_column > 0)
    {
      c = L->last_column;
      i = L->last_offset;
    }
  else
    {
      c = 1;
      i = g_array_index (L->lines, gsize, line - 1);
    }
  for (; c < column && i < L->len; c++)
    i = g_utf8_next_char (L->text + i) - L->text;
  L->last_line = line;
  L->last_column = column;
  L->last_offset = i;
  return i;
}

/* Reports at the @char_index-th (1-based) character inside the string
 * value at @path, counting escapes as the characters they stand for. */
static void
report_in_string (Loader     *L,
                  const char *path,
                  guint       char_index,
                  const char *message)
{
  OrkJsonPos pos = { 0, 0 };
  gsize i;
  guint raw = 1;

  if (!ork_json_scan_value_pos (L->scan, path, &pos) || char_index == 0)
    {
      add_diag (L, pos.line, pos.column, path, message);
      return;
    }
  i = text_offset (L, pos.line, pos.column);
  if (i >= L->len || L->text[i] != '"')
    {
      add_diag (L, pos.line, pos.column, path, message);
      return;
    }
  i++;
  for (guint c = 1; c < char_index && i < L->len && L->text[i] != '"'; c++)
    {
      if (L->text[i] == '\\' && i + 1 < L->len && L->text[i + 1] == 'u')
        {
          gsize step = 6;

          /* A surrogate pair is one character. */
          if (i + 11 < L->len && L->text[i + 6] == '\\' && L->text[i + 7] == 'u' &&
              g_ascii_tolower (L->text[i + 2]) == 'd' &&
              strchr ("89abAB", L->text[i + 3]) != NULL)
            step = 12;
          i += step;
          raw += step;
        }
      else if (L->text[i] == '\\')
        {
          i += 2;
          raw += 2;
        }
      else
        {
          i = g_utf8_next_char (L->text + i) - L->text;
          raw += 1;
        }
    }
  add_diag (L, pos.line, pos.column + raw, path, message);
}

static int
compare_diags (gconstpointer a,
               gconstpointer b)
{
  const OrkDiagnostic *x = *(OrkDiagnostic * const *) a;
  const OrkDiagnostic *y = *(OrkDiagnostic * const *) b;

  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  if (x->column != y->column)
    return x->column < y->column ? -1 : 1;
  return 0;
}

/* }}} */
/* {{{ Loader: paths and types */

static char *
child_path (const char *path,
            const char *key)
{
  GString *s = g_string_new (path);

  ork_json_path_append_key (s, key);
  return g_string_free (s, FALSE);
}

static char *
index_path (const char *path,
            guint       index)
{
  GString *s = g_string_new (path);

  ork_json_path_append_index (s, index);
  return g_string_free (s, FALSE);
}

static const char *
node_kind (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("an array");
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          return _("a string");
        case G_TYPE_BOOLEAN:
          return _("a boolean");
        case G_TYPE_INT64:
        case G_TYPE_DOUBLE:
          return _("a number");
        default:
          return _("a value");
        }
    }
}

static gboolean
is_number (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) &&
         (json_node_get_value_type (node) == G_TYPE_INT64 ||
          json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* The member @key of @obj, or NULL when absent; *cpath receives its path. */
static JsonNode *
field (JsonObject  *obj,
       const char  *path,
       const char  *key,
       char       **cpath)
{
  g_clear_pointer (cpath, g_free);
  *cpath = child_path (path, key);
  return json_object_get_member (obj, key);
}

/* Optimal string alignment distance (edits, with adjacent transpositions). */
static guint
edit_distance (const char *a,
               const char *b)
{
  gsize n = strlen (a);
  gsize m = strlen (b);
  g_autofree guint *d = NULL;

  if (n > 64 || m > 64)
    return G_MAXUINT;
  d = g_new (guint, (n + 1) * (m + 1));
#define D(i, j) d[(i) * (m + 1) + (j)]
  for (gsize i = 0; i <= n; i++)
    D (i, 0) = i;
  for (gsize j = 0; j <= m; j++)
    D (0, j) = j;
  for (gsize i = 1; i <= n; i++)
    for (gsize j = 1; j <= m; j++)
      {
        guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
        guint v = MIN (D (i - 1, j) + 1, D (i, j - 1) + 1);

        v = MIN (v, D (i - 1, j - 1) + cost);
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
          v = MIN (v, D (i - 2, j - 2) + 1);
        D (i, j) = v;
      }
  return D (n, m);
#undef D
}

static const char *
closest_name (const char         *word,
              const char * const *names)
{
  const char *best = NULL;
  guint best_d = G_MAXUINT;
  guint limit = strlen (word) <= 4 ? 1 : 2;

  for (guint i = 0; names[i] != NULL; i++)
    {
      guint d = edit_distance (word, names[i]);

      if (d < best_d)
        {
          best_d = d;
          best = names[i];
        }
    }
  return best_d <= limit ? best : NULL;
}

static void
check_keys (Loader             *L,
            JsonObject         *obj,
            const char         *path,
            const char * const *allowed,
            const char         *context)
{
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      g_autofree char *kpath = NULL;
      const char *hint;

      if (g_strv_contains (allowed, key))
        continue;
      kpath = child_path (path, key);
      hint = closest_name (key, allowed);
      if (hint != NULL)
        report (L, AT_KEY, kpath,
                /* TRANSLATORS: the second and third %s are a space and a
                 * context such as "for a cron schedule", or both empty. */
                _("unknown key \"%s\"%s%s, did you mean \"%s\"?"),
                quoted (L, key), context ? " " : "", context ? _(context) : "", hint);
      else
        report (L, AT_KEY, kpath,
                /* TRANSLATORS: as above, without a suggestion. */
                _("unknown key \"%s\"%s%s"),
                quoted (L, key), context ? " " : "", context ? _(context) : "");
    }
}

static gboolean
expect_object (Loader      *L,
               JsonNode    *node,
               const char  *path,
               JsonObject **out)
{
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      report (L, AT_VALUE, path, _("expected an object, got %s"), node_kind (node));
      return FALSE;
    }
  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
expect_array (Loader      *L,
              JsonNode    *node,
              const char  *path,
              JsonArray  **out)
{
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      report (L, AT_VALUE, path, _("expected an array, got %s"), node_kind (node));
      return FALSE;
    }
  *out = json_node_get_array (node);
  return TRUE;
}

static gboolean
expect_string (Loader      *L,
               JsonNode    *node,
               const char  *path,
               const char **out)
{
  if (!is_string (node))
    {
      report (L, AT_VALUE, path, _("expected a string, got %s"), node_kind (node));
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
expect_nonempty_string (Loader      *L,
                        JsonNode    *node,
                        const char  *path,
                        const char **out)
{
  if (!expect_string (L, node, path, out))
    return FALSE;
  if ((*out)[0] == '\0')
    {
      report (L, AT_VALUE, path, _("expected a non-empty string"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
expect_bool (Loader     *L,
             JsonNode   *node,
             const char *path,
             gboolean   *out)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      report (L, AT_VALUE, path, _("expected true or false, got %s"), node_kind (node));
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* json-glib 1.6 wraps integers beyond 64 bits without a word; the scan only
 * rejects what overflows a double. Read the digits again from the text. */
static gboolean
int_in_range (Loader     *L,
              JsonNode   *node,
              const char *path)
{
  OrkJsonPos pos;
  gsize i;
  char *end;

  if (json_node_get_value_type (node) != G_TYPE_INT64 ||
      !ork_json_scan_value_pos (L->scan, path, &pos))
    return TRUE;
  i = text_offset (L, pos.line, pos.column);
  if (i >= L->len)
    return TRUE;
  errno = 0;
  g_ascii_strtoll (L->text + i, &end, 10);
  if (errno == ERANGE)
    {
      report (L, AT_VALUE, path, _("number out of range"));
      return FALSE;
    }
  return TRUE;
}

/* An integer in [min, max]. Integral doubles (3.0, 1e3) count as integers. */
static gboolean
expect_int (Loader     *L,
            JsonNode   *node,
            const char *path,
            gint64      min,
            gint64      max,
            gint64     *out)
{
  gint64 v;

  if (!is_number (node))
    {
      report (L, AT_VALUE, path, _("expected an integer, got %s"), node_kind (node));
      return FALSE;
    }
  if (!int_in_range (L, node, path))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (d != floor (d) || !isfinite (d))
        {
          report (L, AT_VALUE, path, _("expected an integer, got %g"), d);
          return FALSE;
        }
      if (d < -9007199254740992.0 || d > 9007199254740992.0)
        {
          report (L, AT_VALUE, path, _("number %g is out of range"), d);
          return FALSE;
        }
      v = (gint64) d;
    }
  else
    v = json_node_get_int (node);

  if (v < min || v > max)
    {
      if (max == G_MAXINT64)
        report (L, AT_VALUE, path, _("expected an integer of at least %" PRId64
                                     ", got %" PRId64), min, v);
      else
        report (L, AT_VALUE, path, _("expected an integer from %" PRId64
                                     " to %" PRId64 ", got %" PRId64), min, max, v);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static gboolean
expect_number (Loader     *L,
               JsonNode   *node,
               const char *path,
               double      min,
               double      max,
               double     *out)
{
  double v;

  if (!is_number (node))
    {
      report (L, AT_VALUE, path, _("expected a number, got %s"), node_kind (node));
      return FALSE;
    }
  v = json_node_get_double (node);
  if (!(v >= min && v <= max))
    {
      if (isinf (max))
        report (L, AT_VALUE, path, _("expected a number of at least %g, got %g"), min, v);
      else
        report (L, AT_VALUE, path, _("expected a number from %g to %g, got %g"), min, max, v);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static gboolean
expect_rate (Loader     *L,
             JsonNode   *node,
             const char *path,
             double     *out)
{
  return expect_number (L, node, path, 0.0, 1.0, out);
}

static void
append_names (GString            *s,
              const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, names[i]);
    }
}

static gboolean
expect_enum (Loader             *L,
             JsonNode           *node,
             const char         *path,
             const char * const *names,
             guint              *out)
{
  g_autoptr(GString) list = g_string_new (NULL);
  const char *text;

  append_names (list, names);
  if (!is_string (node))
    {
      report (L, AT_VALUE, path, _("expected one of %s, got %s"), list->str, node_kind (node));
      return FALSE;
    }
  text = json_node_get_string (node);
  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp (names[i], text) == 0)
      {
        *out = i;
        return TRUE;
      }
  report (L, AT_VALUE, path, _("expected one of %s, got \"%s\""), list->str,
          quoted (L, text));
  return FALSE;
}

typedef enum
{
  DURATION_POSITIVE  = 0,
  DURATION_ZERO_OK   = 1 << 0,  /* zero means none */
  DURATION_NONE_OK   = 1 << 1,  /* the string "none" (ORK_DURATION_NONE) */
} DurationFlags;

static gboolean
expect_duration (Loader        *L,
                 JsonNode      *node,
                 const char    *path,
                 DurationFlags  flags,
                 gint64        *out)
{
  gint64 ms;

  if (is_number (node))
    {
      if (!int_in_range (L, node, path))
        return FALSE;
      if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        {
          double d = json_node_get_double (node);

          if (d != floor (d) || d < -9007199254740992.0 || d > 9007199254740992.0)
            {
              report (L, AT_VALUE, path,
                      _("expected a duration in whole milliseconds or like \"5m\", got %g"), d);
              return FALSE;
            }
          ms = (gint64) d;
        }
      else
        ms = json_node_get_int (node);
      if (ms < 0)
        {
          report (L, AT_VALUE, path, _("a duration cannot be negative, got %" PRId64), ms);
          return FALSE;
        }
      if (ms > MAX_DURATION_MS)
        {
          /* TRANSLATORS: the %d is the limit in days. */
          report (L, AT_VALUE, path, _("duration %" PRId64 " is too long (at most %dd)"),
                  ms, MAX_DURATION_DAYS);
          return FALSE;
        }
    }
  else if (is_string (node))
    {
      const char *text = json_node_get_string (node);
      g_autoptr(GError) error = NULL;

      if ((flags & DURATION_NONE_OK) && strcmp (text, "none") == 0)
        {
          *out = ORK_DURATION_NONE;
          return TRUE;
        }
      if (text[0] == '-')
        {
          report (L, AT_VALUE, path, _("a duration cannot be negative, got \"%s\""),
                  quoted (L, text));
          return FALSE;
        }
      if (!ork_duration_parse (text, &ms, &error))
        {
          report (L, AT_VALUE, path, "%s", error->message);
          return FALSE;
        }
    }
  else
    {
      report (L, AT_VALUE, path, _("expected a duration like \"5m\", got %s"), node_kind (node));
      return FALSE;
    }

  if (ms == 0 && !(flags & DURATION_ZERO_OK))
    {
      report (L, AT_VALUE, path, _("expected a duration greater than zero"));
      return FALSE;
    }
  *out = ms;
  return TRUE;
}

/* "HH:MM", 00:00 to 23:59. */
static gboolean
parse_time_of_day (const char *text,
                   guint      *minutes)
{
  guint h, m;

  if (strlen (text) != 5 || text[2] != ':' ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) ||
      !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return FALSE;
  h = (text[0] - '0') * 10 + (text[1] - '0');
  m = (text[3] - '0') * 10 + (text[4] - '0');
  if (h > 23 || m > 59)
    return FALSE;
  *minutes = h * 60 + m;
  return TRUE;
}

static gboolean
expect_time_of_day (Loader     *L,
                    JsonNode   *node,
                    const char *path,
                    guint      *minutes)
{
  const char *text;

  if (!is_string (node))
    {
      report (L, AT_VALUE, path, _("expected a time like \"09:30\", got %s"), node_kind (node));
      return FALSE;
    }
  text = json_node_get_string (node);
  if (!parse_time_of_day (text, minutes))
    {
      report (L, AT_VALUE, path, _("expected a time from \"00:00\" to \"23:59\", got \"%s\""),
              quoted (L, text));
      return FALSE;
    }
  return TRUE;
}

static gboolean
expect_iso_time (Loader      *L,
                 JsonNode    *node,
                 const char  *path,
                 GDateTime  **out)
{
  const char *text;
  gint64 us;

  if (!is_string (node))
    {
      report (L, AT_VALUE, path, _("expected an ISO-8601 time like \"2026-12-01T10:00:00+01:00\", "
                                   "got %s"), node_kind (node));
      return FALSE;
    }
  text = json_node_get_string (node);
  if (!ork_time_parse_iso (text, &us) ||
      (*out = g_date_time_new_from_iso8601 (text, NULL)) == NULL)
    {
      report (L, AT_VALUE, path, _("expected an ISO-8601 time with an offset like "
                                   "\"2026-12-01T10:00:00+01:00\", got \"%s\""),
              quoted (L, text));
      return FALSE;
    }
  return TRUE;
}

static gint64
date_time_to_us (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * ORK_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

static gboolean
expect_days (Loader     *L,
             JsonNode   *node,
             const char *path,
             guint8     *out)
{
  JsonArray *array;
  gboolean ok = TRUE;
  guint8 days = 0;

  if (!expect_array (L, node, path, &array))
    return FALSE;
  if (json_array_get_length (array) == 0)
    {
      report (L, AT_VALUE, path, _("expected at least one day"));
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *ipath = index_path (path, i);
      guint d;

      if (!expect_enum (L, json_array_get_element (array, i), ipath, day_names, &d))
        ok = FALSE;
      else
        days |= 1u << ((d + 1) % 7);
    }
  *out = days;
  return ok;
}

/* Whether @name names a zone the way a workspace or --tz may: "UTC", a
 * fixed offset written "+05:00" or "-03:30", or a zone of the tz database (a
 * TZif file under $TZDIR, else /usr/share/zoneinfo, as GLib looks them up).
 * GTimeZone also takes POSIX TZ strings, where "UTC+5" means five hours
 * *behind* UTC: those are refused, as is anything that is not a zone file. */
static gboolean
is_zone_name (const char *name)
{
  const char *dir;
  g_autofree char *path = NULL;
  char magic[4];
  gssize n;
  int fd;

  if (strcmp (name, "UTC") == 0)
    return TRUE;
  if (strlen (name) == 6 && (name[0] == '+' || name[0] == '-') &&
      g_ascii_isdigit (name[1]) && g_ascii_isdigit (name[2]) && name[3] == ':' &&
      g_ascii_isdigit (name[4]) && g_ascii_isdigit (name[5]))
    return TRUE;
  if (name[0] == '\0' || name[0] == '/' || strstr (name, "..") != NULL)
    return FALSE;

  dir = g_getenv ("TZDIR");
  if (dir == NULL || dir[0] == '\0')
    dir = "/usr/share/zoneinfo";
  path = g_build_filename (dir, name, NULL);
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  n = read (fd, magic, sizeof magic);
  close (fd);
  return n == (gssize) sizeof magic && memcmp (magic, "TZif", sizeof magic) == 0;
}

static gboolean
expect_time_zone (Loader      *L,
                  JsonNode    *node,
                  const char  *path,
                  const char **out)
{
  g_autoptr(GTimeZone) tz = NULL;

  if (!expect_nonempty_string (L, node, path, out))
    return FALSE;
  if (is_zone_name (*out))
    tz = g_time_zone_new_identifier (*out);
  if (tz == NULL)
    {
      report (L, AT_VALUE, path,
              _("unknown time zone \"%s\" (use a tz database name such as Europe/Berlin, "
                "UTC, or an offset like +05:00)"), quoted (L, *out));
      return FALSE;
    }
  return TRUE;
}

static gboolean
valid_id (const char *id)
{
  gsize len = strlen (id);

  if (len < 1 || len > 64)
    return FALSE;
  if (!(g_ascii_islower (id[0]) || g_ascii_isdigit (id[0])))
    return FALSE;
  for (gsize i = 1; i < len; i++)
    if (!(g_ascii_islower (id[i]) || g_ascii_isdigit (id[i]) ||
          id[i] == '_' || id[i] == '.' || id[i] == '-'))
      return FALSE;
  return TRUE;
}

/* }}} */
/* {{{ Loader: blocks */

static OrkQuietHours *
load_quiet_hours (Loader     *L,
                  JsonObject *obj,
                  const char *path)
{
  g_autoptr(OrkQuietHours) qh = ork_quiet_hours_new ();
  g_autofree char *p = NULL;
  JsonNode *n;
  gboolean ok = TRUE;

  check_keys (L, obj, path, quiet_keys, NULL);

  if ((n = field (obj, path, "policy", &p)) != NULL)
    {
      guint v;
      if (expect_enum (L, n, p, quiet_policy_names, &v))
        qh->policy = v;
      else
        ok = FALSE;
    }

  if ((n = field (obj, path, "windows", &p)) == NULL)
    {
      report (L, AT_VALUE, path, _("missing required key \"windows\""));
      return NULL;
    }
  else
    {
      JsonArray *windows;

      if (!expect_array (L, n, p, &windows))
        return NULL;
      for (guint i = 0; i < json_array_get_length (windows); i++)
        {
          g_autofree char *wpath = index_path (p, i);
          g_autofree char *fp = NULL;
          JsonObject *w;
          JsonNode *wn;
          guint from = 0, to = 0;
          guint8 days = 0x7f;
          gboolean have_from = FALSE, have_to = FALSE;

          if (!expect_object (L, json_array_get_element (windows, i), wpath, &w))
            {
              ok = FALSE;
              continue;
            }
          check_keys (L, w, wpath, window_keys, NULL);
          if ((wn = field (w, wpath, "from", &fp)) == NULL)
            report (L, AT_VALUE, wpath, _("missing required key \"from\""));
          else
            have_from = expect_time_of_day (L, wn, fp, &from);
          if ((wn = field (w, wpath, "to", &fp)) == NULL)
            report (L, AT_VALUE, wpath, _("missing required key \"to\""));
          else
            have_to = expect_time_of_day (L, wn, fp, &to);
          if (have_from && have_to && from == to)
            {
              report (L, AT_VALUE, fp, _("a window must not start and end at the same time"));
              have_to = FALSE;
            }
          if ((wn = field (w, wpath, "days", &fp)) != NULL && !expect_days (L, wn, fp, &days))
            ok = FALSE;
          if (have_from && have_to)
            ork_quiet_hours_add_window (qh, from, to, days);
          else
            ok = FALSE;
        }
    }

  return ok ? g_steal_pointer (&qh) : NULL;
}

static OrkSchedule *
load_schedule (Loader     *L,
               JsonObject *obj,
               const char *path)
{
  g_autoptr(OrkSchedule) s = NULL;
  g_autofree char *p = NULL;
  JsonNode *n;
  const char *text;
  guint kind;
  gboolean ok = TRUE;

  if ((n = field (obj, path, "kind", &p)) == NULL)
    {
      report (L, AT_VALUE, path, _("missing required key \"kind\" (one of interval, cron, "
                                   "weekly, once, manual)"));
      check_keys (L, obj, path, schedule_keys, NULL);
      return NULL;
    }
  if (!expect_enum (L, n, p, schedule_kind_names, &kind))
    {
      check_keys (L, obj, path, schedule_keys, NULL);
      return NULL;
    }

  s = ork_schedule_new (kind);
  switch (kind)
    {
    case ORK_SCHEDULE_INTERVAL:
      check_keys (L, obj, path, interval_keys, N_("for an interval schedule"));
      if ((n = field (obj, path, "every", &p)) == NULL)
        {
          report (L, AT_VALUE, path, _("missing required key \"every\""));
          ok = FALSE;
        }
      else if (!expect_duration (L, n, p, DURATION_POSITIVE, &s->every_ms))
        ok = FALSE;
      else if (s->every_ms < MIN_EVERY_MS)
        {
          report (L, AT_VALUE, p, _("an interval must be at least 100ms, got %" PRId64 "ms"),
                  s->every_ms);
          ok = FALSE;
        }
      if ((n = field (obj, path, "anchor", &p)) != NULL && !JSON_NODE_HOLDS_NULL (n) &&
          !expect_iso_time (L, n, p, &s->anchor))
        ok = FALSE;
      if ((n = field (obj, path, "from", &p)) != NULL)
        {
          guint v;
          if (expect_enum (L, n, p, interval_from_names, &v))
            s->from = v;
          else
            ok = FALSE;
        }
      break;

    case ORK_SCHEDULE_CRON:
      check_keys (L, obj, path, cron_keys, N_("for a cron schedule"));
      if ((n = field (obj, path, "timezone", &p)) != NULL && !JSON_NODE_HOLDS_NULL (n))
        {
          const char *zone;
          if (expect_time_zone (L, n, p, &zone))
            s->timezone = g_strdup (zone);
          else
            ok = FALSE;
        }
      if ((n = field (obj, path, "expr", &p)) == NULL)
        {
          report (L, AT_VALUE, path, _("missing required key \"expr\""));
          ok = FALSE;
        }
      else if (!expect_nonempty_string (L, n, p, &text))
        ok = FALSE;
      else
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(OrkCron) cron = NULL;
          guint column = 0;

          s->expr = g_strdup (text);
          cron = ork_cron_parse (s->expr, &column, &error);
          if (cron == NULL)
            {
              /* Syntax and never-fires errors alike point at the token the
               * parser names, as `orkestron-cli next` does. */
              report_in_string (L, p, column, error->message);
              ok = FALSE;
            }
        }
      break;

    case ORK_SCHEDULE_WEEKLY:
      check_keys (L, obj, path, weekly_keys, N_("for a weekly schedule"));
      if ((n = field (obj, path, "timezone", &p)) != NULL && !JSON_NODE_HOLDS_NULL (n))
        {
          const char *zone;
          if (expect_time_zone (L, n, p, &zone))
            s->timezone = g_strdup (zone);
          else
            ok = FALSE;
        }
      if ((n = field (obj, path, "days", &p)) == NULL)
        {
          report (L, AT_VALUE, path, _("missing required key \"days\""));
          ok = FALSE;
        }
      else if (!expect_days (L, n, p, &s->days))
        ok = FALSE;
      if ((n = field (obj, path, "times", &p)) == NULL)
        {
          report (L, AT_VALUE, path, _("missing required key \"times\""));
          ok = FALSE;
        }
      else
        {
          JsonArray *times;

          if (!expect_array (L, n, p, &times))
            ok = FALSE;
          else if (json_array_get_length (times) == 0)
            {
              report (L, AT_VALUE, p, _("expected at least one time"));
              ok = FALSE;
            }
          else
            for (guint i = 0; i < json_array_get_length (times); i++)
              {
                g_autofree char *ipath = index_path (p, i);
                guint minutes;

                if (expect_time_of_day (L, json_array_get_element (times, i), ipath, &minutes))
                  g_array_append_val (s->times, minutes);
                else
                  ok = FALSE;
              }
        }
      break;

    case ORK_SCHEDULE_ONCE:
      check_keys (L, obj, path, once_keys, N_("for a once schedule"));
      if ((n = field (obj, path, "at", &p)) == NULL)
        {
          report (L, AT_VALUE, path, _("missing required key \"at\""));
          ok = FALSE;
        }
      else if (!expect_iso_time (L, n, p, &s->at))
        ok = FALSE;
      break;

    case ORK_SCHEDULE_MANUAL:
      check_keys (L, obj, path, manual_keys, N_("for a manual schedule"));
      break;

    default:
      g_assert_not_reached ();
    }

  if (!ok)
    return NULL;

  {
    g_autoptr(GError) error = NULL;

    if (!ork_schedule_prepare (s, &error))
      {
        report (L, AT_VALUE, path, "%s", error->message);
        return NULL;
      }
  }
  return g_steal_pointer (&s);
}

static gboolean
load_retry (Loader         *L,
            JsonObject     *obj,
            const char     *path,
            OrkRetryPolicy *retry)
{
  g_autofree char *p = NULL;
  JsonNode *n;
  gboolean ok = TRUE;
  gint64 v;
  guint e;

  check_keys (L, obj, path, retry_keys, NULL);

  if ((n = field (obj, path, "max_retries", &p)) != NULL)
    {
      if (expect_int (L, n, p, 0, MAX_RETRIES, &v))
        retry->max_retries = v;
      else
        ok = FALSE;
    }
  if ((n = field (obj, path, "backoff", &p)) != NULL)
    {
      if (expect_enum (L, n, p, backoff_names, &e))
        retry->backoff = e;
      else
        ok = FALSE;
    }
  if ((n = field (obj, path, "initial", &p)) != NULL &&
      !expect_duration (L, n, p, DURATION_POSITIVE, &retry->initial_ms))
    ok = FALSE;
  if ((n = field (obj, path, "multiplier", &p)) != NULL &&
      !expect_number (L, n, p, 1.0, 1000.0, &retry->multiplier))
    ok = FALSE;
  if ((n = field (obj, path, "max_delay", &p)) != NULL &&
      !expect_duration (L, n, p, DURATION_POSITIVE, &retry->max_delay_ms))
    ok = FALSE;
  if ((n = field (obj, path, "jitter", &p)) != NULL)
    {
      if (expect_enum (L, n, p, jitter_names, &e))
        retry->jitter = e;
      else
        ok = FALSE;
    }
  if ((n = field (obj, path, "delays", &p)) != NULL && !JSON_NODE_HOLDS_NULL (n))
    {
      JsonArray *delays;

      if (!expect_array (L, n, p, &delays))
        ok = FALSE;
      else
        {
          g_clear_pointer (&retry->delays, g_array_unref);
          retry->delays = g_array_new (FALSE, FALSE, sizeof (gint64));
          for (guint i = 0; i < json_array_get_length (delays); i++)
            {
              g_autofree char *ipath = index_path (p, i);
              gint64 ms;

              if (expect_duration (L, json_array_get_element (delays, i), ipath,
                                   DURATION_POSITIVE, &ms))
                g_array_append_val (retry->delays, ms);
              else
                ok = FALSE;
            }
          if (retry->delays->len == 0)
            g_clear_pointer (&retry->delays, g_array_unref);
        }
    }
  if (ok && retry->backoff == ORK_BACKOFF_DELAYS &&
      (retry->delays == NULL || retry->delays->len == 0))
    {
      g_autofree char *bpath = child_path (path, "backoff");
      report (L, AT_VALUE, bpath, _("backoff \"delays\" needs a non-empty \"delays\" list"));
      ok = FALSE;
    }
  return ok;
}

static gboolean
load_simulation (Loader     *L,
                 JsonObject *obj,
                 const char *path,
                 OrkSimSpec *sim)
{
  g_autofree char *p = NULL;
  JsonNode *n;
  gboolean ok = TRUE;

  check_keys (L, obj, path, simulation_keys, NULL);

  if ((n = field (obj, path, "latency", &p)) != NULL)
    {
      JsonObject *lat;

      if (!expect_object (L, n, p, &lat))
        ok = FALSE;
      else
        {
          gboolean has_lognormal = json_object_has_member (lat, "median") ||
                                   json_object_has_member (lat, "p99");
          gboolean has_fixed = json_object_has_member (lat, "fixed");
          gboolean has_uniform = json_object_has_member (lat, "min") ||
                                 json_object_has_member (lat, "max");
          g_autofree char *lp = NULL;
          JsonNode *ln;

          check_keys (L, lat, p, latency_keys, NULL);
          if (has_lognormal + has_fixed + has_uniform != 1)
            {
              report (L, AT_VALUE, p, _("expected {\"median\", \"p99\"}, {\"fixed\"} or "
                                        "{\"min\", \"max\"}"));
              ok = FALSE;
            }
          else if (has_fixed)
            {
              ln = field (lat, p, "fixed", &lp);
              if (expect_duration (L, ln, lp, DURATION_POSITIVE, &sim->fixed_ms))
                sim->latency = ORK_LATENCY_FIXED;
              else
                ok = FALSE;
            }
          else
            {
              const char *lo_key = has_lognormal ? "median" : "min";
              const char *hi_key = has_lognormal ? "p99" : "max";
              gint64 lo = 0, hi = 0;
              gboolean lo_ok = FALSE, hi_ok = FALSE;

              if ((ln = field (lat, p, lo_key, &lp)) == NULL)
                report (L, AT_VALUE, p, _("missing required key \"%s\""), lo_key);
              else
                lo_ok = expect_duration (L, ln, lp,
                                         has_lognormal ? DURATION_POSITIVE : DURATION_ZERO_OK, &lo);
              if ((ln = field (lat, p, hi_key, &lp)) == NULL)
                report (L, AT_VALUE, p, _("missing required key \"%s\""), hi_key);
              else
                hi_ok = expect_duration (L, ln, lp, DURATION_POSITIVE, &hi);
              if (lo_ok && hi_ok && hi < lo)
                {
                  report (L, AT_VALUE, lp, _("\"%s\" must not be less than \"%s\""),
                          hi_key, lo_key);
                  hi_ok = FALSE;
                }
              if (lo_ok && hi_ok && has_lognormal)
                {
                  sim->latency = ORK_LATENCY_LOGNORMAL;
                  sim->median_ms = lo;
                  sim->p99_ms = hi;
                }
              else if (lo_ok && hi_ok)
                {
                  sim->latency = ORK_LATENCY_UNIFORM;
                  sim->min_ms = lo;
                  sim->max_ms = hi;
                }
              else
                ok = FALSE;
            }
        }
    }
  if ((n = field (obj, path, "failure_rate", &p)) != NULL &&
      !expect_rate (L, n, p, &sim->failure_rate))
    ok = FALSE;
  if ((n = field (obj, path, "hang_rate", &p)) != NULL &&
      !expect_rate (L, n, p, &sim->hang_rate))
    ok = FALSE;
  if ((n = field (obj, path, "chaos", &p)) != NULL)
    {
      JsonArray *chaos;

      if (!expect_array (L, n, p, &chaos))
        ok = FALSE;
      else
        for (guint i = 0; i < json_array_get_length (chaos); i++)
          {
            g_autofree char *cpath = index_path (p, i);
            g_autofree char *fp = NULL;
            g_autoptr(GDateTime) from = NULL;
            g_autoptr(GDateTime) to = NULL;
            JsonObject *c;
            JsonNode *cn;
            double rate = 0;
            gboolean cok = TRUE;

            if (!expect_object (L, json_array_get_element (chaos, i), cpath, &c))
              {
                ok = FALSE;
                continue;
              }
            check_keys (L, c, cpath, chaos_keys, NULL);
            if ((cn = field (c, cpath, "from", &fp)) == NULL)
              {
                report (L, AT_VALUE, cpath, _("missing required key \"from\""));
                cok = FALSE;
              }
            else if (!expect_iso_time (L, cn, fp, &from))
              cok = FALSE;
            if ((cn = field (c, cpath, "to", &fp)) == NULL)
              {
                report (L, AT_VALUE, cpath, _("missing required key \"to\""));
                cok = FALSE;
              }
            else if (!expect_iso_time (L, cn, fp, &to))
              cok = FALSE;
            else if (from != NULL && g_date_time_compare (from, to) >= 0)
              {
                report (L, AT_VALUE, fp, _("\"to\" must be after \"from\""));
                cok = FALSE;
              }
            if ((cn = field (c, cpath, "failure_rate", &fp)) == NULL)
              {
                report (L, AT_VALUE, cpath, _("missing required key \"failure_rate\""));
                cok = FALSE;
              }
            else if (!expect_rate (L, cn, fp, &rate))
              cok = FALSE;
            if (cok)
              ork_sim_spec_add_chaos (sim, date_time_to_us (from), date_time_to_us (to), rate);
            else
              ok = FALSE;
          }
    }
  return ok;
}

static gboolean
load_strv (Loader      *L,
           JsonNode    *node,
           const char  *path,
           GStrv       *out)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;
  gboolean ok = TRUE;

  if (!expect_array (L, node, path, &array))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *ipath = index_path (path, i);
      const char *s;

      if (expect_string (L, json_array_get_element (array, i), ipath, &s))
        g_strv_builder_add (builder, s);
      else
        ok = FALSE;
    }
  *out = g_strv_builder_end (builder);
  return ok;
}

static gboolean
load_command (Loader     *L,
              JsonObject *obj,
              const char *path,
              OrkJob     *job,
              gboolean    is_command)
{
  g_autofree char *p = NULL;
  JsonNode *n;
  gboolean ok = TRUE;

  check_keys (L, obj, path, command_keys, NULL);

  if ((n = field (obj, path, "argv", &p)) == NULL)
    {
      if (is_command)
        {
          report (L, AT_VALUE, path, _("a command job needs a non-empty argv"));
          ok = FALSE;
        }
    }
  else
    {
      g_auto(GStrv) argv = NULL;

      if (!load_strv (L, n, p, &argv))
        ok = FALSE;
      else if (argv[0] == NULL && is_command)
        {
          report (L, AT_VALUE, p, _("a command job needs a non-empty argv"));
          ok = FALSE;
        }
      else if (argv[0] != NULL && argv[0][0] == '\0')
        {
          g_autofree char *ipath = index_path (p, 0);
          report (L, AT_VALUE, ipath, _("the program name must not be empty"));
          ok = FALSE;
        }
      else if (argv[0] != NULL)
        ork_job_set_argv (job, (const char * const *) argv);
    }

  if ((n = field (obj, path, "cwd", &p)) != NULL && !JSON_NODE_HOLDS_NULL (n))
    {
      const char *cwd;
      if (expect_nonempty_string (L, n, p, &cwd))
        ork_job_set_cwd (job, cwd);
      else
        ok = FALSE;
    }

  if ((n = field (obj, path, "env", &p)) != NULL)
    {
      JsonObject *env;

      if (!expect_object (L, n, p, &env))
        ok = FALSE;
      else
        {
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
          g_autoptr(GList) members = json_object_get_members (env);
          g_auto(GStrv) strv = NULL;

          for (GList *l = members; l != NULL; l = l->next)
            {
              const char *key = l->data;
              g_autofree char *kpath = child_path (p, key);
              const char *value;

              if (key[0] == '\0' || strchr (key, '=') != NULL)
                {
                  report (L, AT_KEY, kpath, _("invalid environment variable name \"%s\""),
                          quoted (L, key));
                  ok = FALSE;
                  continue;
                }
              if (!expect_string (L, json_object_get_member (env, key), kpath, &value))
                {
                  ok = FALSE;
                  continue;
                }
              {
                g_autofree char *entry = g_strconcat (key, "=", value, NULL);
                g_strv_builder_add (builder, entry);
              }
            }
          strv = g_strv_builder_end (builder);
          if (strv[0] != NULL)
            ork_job_set_env (job, (const char * const *) strv);
        }
    }
  return ok;
}

typedef struct
{
  OrkJob   *job;       /* NULL when invalid */
  char     *path;
  char     *id;        /* explicit id, or NULL */
  OrkJobType type;
} LoadedJob;

static void
loaded_job_clear (gpointer data)
{
  LoadedJob *lj = data;

  g_clear_object (&lj->job);
  g_clear_pointer (&lj->path, g_free);
  g_clear_pointer (&lj->id, g_free);
}

static void
load_job (Loader     *L,
          JsonNode   *node,
          const char *path,
          LoadedJob  *out)
{
  g_autoptr(OrkJob) job = NULL;
  g_autofree char *p = NULL;
  JsonObject *obj;
  JsonNode *n;
  guint type = ORK_JOB_TYPE_SYNC;
  gboolean ok = TRUE;
  gboolean type_ok = FALSE;
  guint e;

  out->path = g_strdup (path);
  if (!expect_object (L, node, path, &obj))
    return;

  check_keys (L, obj, path, job_keys, NULL);

  if ((n = field (obj, path, "type", &p)) == NULL)
    report (L, AT_VALUE, path, _("missing required key \"type\" (one of sync, cleanup, batch, "
                                 "metrics, command)"));
  else
    type_ok = expect_enum (L, n, p, job_type_names, &type);
  out->type = type;

  /* Even with a bad type, the rest is checked so that all errors show. */
  job = ork_job_new (NULL, type);

  if ((n = field (obj, path, "id", &p)) != NULL)
    {
      const char *id;

      if (!expect_string (L, n, p, &id))
        ok = FALSE;
      else if (!valid_id (id))
        {
          report (L, AT_VALUE, p, _("invalid id \"%s\": use 1 to 64 characters a-z, 0-9, '_', "
                                    "'.' or '-', starting with a letter or digit"),
                  quoted (L, id));
          ok = FALSE;
        }
      else
        out->id = g_strdup (id);
    }

  if ((n = field (obj, path, "name", &p)) != NULL)
    {
      const char *name;
      if (expect_nonempty_string (L, n, p, &name))
        ork_job_set_name (job, name);
      else
        ok = FALSE;
    }

  if ((n = field (obj, path, "enabled", &p)) != NULL)
    {
      gboolean enabled;
      if (expect_bool (L, n, p, &enabled))
        ork_job_set_enabled (job, enabled);
      else
        ok = FALSE;
    }

  if ((n = field (obj, path, "priority", &p)) != NULL)
    {
      if (expect_enum (L, n, p, priority_names, &e))
        ork_job_set_priority (job, e);
      else
        ok = FALSE;
    }

  /* The schedule, or its short form "interval". */
  if ((n = field (obj, path, "interval", &p)) != NULL)
    {
      gint64 every;

      if (json_object_has_member (obj, "schedule"))
        {
          report (L, AT_KEY, p,
                  _("\"interval\" is the short form of \"schedule\"; use one of them"));
          ok = FALSE;
        }
      else if (!expect_duration (L, n, p, DURATION_POSITIVE, &every))
        ok = FALSE;
      else if (every < MIN_EVERY_MS)
        {
          report (L, AT_VALUE, p, _("an interval must be at least 100ms, got %" PRId64 "ms"),
                  every);
          ok = FALSE;
        }
      else
        {
          g_autoptr(OrkSchedule) s = ork_schedule_new_interval (every);
          ork_schedule_prepare (s, NULL);
          ork_job_set_schedule (job, s);
        }
    }
  if ((n = field (obj, path, "schedule", &p)) != NULL)
    {
      JsonObject *sobj;

      if (!expect_object (L, n, p, &sobj))
        ok = FALSE;
      else
        {
          g_autoptr(OrkSchedule) s = load_schedule (L, sobj, p);
          if (s != NULL)
            ork_job_set_schedule (job, s);
          else
            ok = FALSE;
        }
    }

  if ((n = field (obj, path, "start_jitter", &p)) != NULL)
    {
      gint64 ms;
      if (expect_duration (L, n, p, DURATION_ZERO_OK, &ms))
        ork_job_set_start_jitter (job, ms);
      else
        ok = FALSE;
    }

  /* "retry": a number (short form: max_retries) or the full object. */
  if ((n = field (obj, path, "retry", &p)) != NULL)
    {
      g_autoptr(OrkRetryPolicy) retry = ork_retry_policy_new ();

      if (is_number (n))
        {
          gint64 v;
          if (expect_int (L, n, p, 0, MAX_RETRIES, &v))
            {
              retry->max_retries = v;
              ork_job_set_retry (job, retry);
            }
          else
            ok = FALSE;
        }
      else if (!JSON_NODE_HOLDS_OBJECT (n))
        {
          report (L, AT_VALUE, p, _("expected an object or a number of retries, got %s"),
                  node_kind (n));
          ok = FALSE;
        }
      else if (load_retry (L, json_node_get_object (n), p, retry))
        ork_job_set_retry (job, retry);
      else
        ok = FALSE;
    }

  if ((n = field (obj, path, "timeout", &p)) != NULL)
    {
      gint64 ms;
      if (expect_duration (L, n, p, DURATION_NONE_OK, &ms))
        ork_job_set_timeout (job, ms);
      else
        ok = FALSE;
    }

  if ((n = field (obj, path, "concurrency", &p)) != NULL)
    {
      JsonObject *c;

      if (!expect_object (L, n, p, &c))
        ok = FALSE;
      else
        {
          g_autofree char *cp = NULL;
          JsonNode *cn;

          check_keys (L, c, p, concurrency_keys, NULL);
          if ((cn = field (c, p, "max_running", &cp)) != NULL)
            {
              gint64 v;
              if (expect_int (L, cn, cp, 1, MAX_SLOTS, &v))
                ork_job_set_max_running (job, v);
              else
                ok = FALSE;
            }
          if ((cn = field (c, p, "overlap", &cp)) != NULL)
            {
              if (expect_enum (L, cn, cp, overlap_names, &e))
                ork_job_set_overlap (job, e);
              else
                ok = FALSE;
            }
          if ((cn = field (c, p, "group", &cp)) != NULL && !JSON_NODE_HOLDS_NULL (cn))
            {
              const char *group;

              if (!expect_nonempty_string (L, cn, cp, &group))
                ok = FALSE;
              else if (!g_hash_table_contains (L->groups, group))
                {
                  g_autofree const char **names =
                    (const char **) g_hash_table_get_keys_as_array (L->groups, NULL);
                  const char *hint = closest_name (group, names);

                  if (hint != NULL)
                    report (L, AT_VALUE, cp, _("unknown group \"%s\", did you mean \"%s\"?"),
                            quoted (L, group), hint);
                  else
                    report (L, AT_VALUE, cp,
                            _("unknown group \"%s\"; define it in settings.groups"),
                            quoted (L, group));
                  ok = FALSE;
                }
              else
                ork_job_set_group (job, group);
            }
        }
    }

  if ((n = field (obj, path, "missed_runs", &p)) != NULL)
    {
      JsonObject *m;

      if (!expect_object (L, n, p, &m))
        ok = FALSE;
      else
        {
          g_autofree char *mp = NULL;
          JsonNode *mn;

          check_keys (L, m, p, missed_keys, NULL);
          if ((mn = field (m, p, "policy", &mp)) != NULL)
            {
              if (expect_enum (L, mn, mp, missed_policy_names, &e))
                ork_job_set_missed_policy (job, e);
              else
                ok = FALSE;
            }
          if ((mn = field (m, p, "grace", &mp)) != NULL)
            {
              gint64 ms;
              if (expect_duration (L, mn, mp, DURATION_ZERO_OK, &ms))
                ork_job_set_missed_grace (job, ms);
              else
                ok = FALSE;
            }
        }
    }

  if ((n = field (obj, path, "quiet_hours", &p)) != NULL)
    {
      if (is_string (n) && strcmp (json_node_get_string (n), "inherit") == 0)
        ork_job_set_quiet_mode (job, ORK_QUIET_INHERIT);
      else if (is_string (n) && strcmp (json_node_get_string (n), "ignore") == 0)
        ork_job_set_quiet_mode (job, ORK_QUIET_IGNORE);
      else if (JSON_NODE_HOLDS_OBJECT (n))
        {
          g_autoptr(OrkQuietHours) qh = load_quiet_hours (L, json_node_get_object (n), p);
          if (qh != NULL)
            ork_job_set_quiet_hours (job, qh);
          else
            ok = FALSE;
        }
      else
        {
          if (is_string (n))
            report (L, AT_VALUE, p, _("expected \"inherit\", \"ignore\" or an object with windows, "
                                      "got \"%s\""), quoted (L, json_node_get_string (n)));
          else
            report (L, AT_VALUE, p, _("expected \"inherit\", \"ignore\" or an object with windows, "
                                      "got %s"), node_kind (n));
          ok = FALSE;
        }
    }

  /* The simulation block, and its short form "failureRate". */
  {
    g_autoptr(OrkSimSpec) sim = ork_sim_spec_copy (ork_job_get_simulation (job));
    JsonNode *sn = json_object_get_member (obj, "simulation");

    if ((n = field (obj, path, "failureRate", &p)) != NULL)
      {
        if (sn != NULL && JSON_NODE_HOLDS_OBJECT (sn) &&
            json_object_has_member (json_node_get_object (sn), "failure_rate"))
          {
            report (L, AT_KEY, p, _("\"failureRate\" is the short form of "
                                    "\"simulation.failure_rate\"; use one of them"));
            ok = FALSE;
          }
        else if (!expect_rate (L, n, p, &sim->failure_rate))
          ok = FALSE;
      }
    if ((n = field (obj, path, "simulation", &p)) != NULL)
      {
        JsonObject *so;

        if (!expect_object (L, n, p, &so) || !load_simulation (L, so, p, sim))
          ok = FALSE;
      }
    ork_job_set_simulation (job, sim);
  }

  if ((n = field (obj, path, "command", &p)) != NULL)
    {
      JsonObject *c;

      if (!expect_object (L, n, p, &c) ||
          !load_command (L, c, p, job, type_ok && type == ORK_JOB_TYPE_COMMAND))
        ok = FALSE;
    }
  else if (type_ok && type == ORK_JOB_TYPE_COMMAND)
    {
      report (L, AT_VALUE, path, _("a command job needs a non-empty argv"));
      ok = FALSE;
    }

  if ((n = field (obj, path, "tags", &p)) != NULL)
    {
      g_auto(GStrv) tags = NULL;

      if (load_strv (L, n, p, &tags))
        ork_job_set_tags (job, (const char * const *) tags);
      else
        ok = FALSE;
    }

  if (ok && type_ok)
    out->job = g_steal_pointer (&job);
}

static void
load_settings (Loader       *L,
               JsonObject   *obj,
               const char   *path,
               OrkWorkspace *ws)
{
  g_autofree char *p = NULL;
  JsonNode *n;
  gint64 v;

  check_keys (L, obj, path, settings_keys, NULL);

  if ((n = field (obj, path, "workers", &p)) != NULL && expect_int (L, n, p, 1, MAX_SLOTS, &v))
    ws->workers = v;

  if ((n = field (obj, path, "groups", &p)) != NULL)
    {
      JsonObject *groups;

      if (expect_object (L, n, p, &groups))
        {
          g_autoptr(GList) members = json_object_get_members (groups);

          for (GList *l = members; l != NULL; l = l->next)
            {
              const char *name = l->data;
              g_autofree char *gpath = child_path (p, name);

              /* Known even when its slot count is wrong, so that jobs
               * naming it do not get a second, misleading error. */
              g_hash_table_add (L->groups, g_strdup (name));
              if (name[0] == '\0')
                report (L, AT_KEY, gpath, _("a group name must not be empty"));
              else if (expect_int (L, json_object_get_member (groups, name), gpath,
                                   1, MAX_SLOTS, &v))
                g_hash_table_insert (ws->groups, g_strdup (name), GINT_TO_POINTER ((int) v));
            }
        }
    }

  if ((n = field (obj, path, "timezone", &p)) != NULL && !JSON_NODE_HOLDS_NULL (n))
    {
      const char *zone;
      if (expect_time_zone (L, n, p, &zone))
        ork_workspace_set_timezone (ws, zone);
    }

  if ((n = field (obj, path, "quiet_hours", &p)) != NULL && !JSON_NODE_HOLDS_NULL (n))
    {
      JsonObject *q;

      if (expect_object (L, n, p, &q))
        {
          g_autoptr(OrkQuietHours) qh = load_quiet_hours (L, q, p);
          if (qh != NULL)
            ork_workspace_set_quiet_hours (ws, qh);
        }
    }

  if ((n = field (obj, path, "seed", &p)) != NULL && expect_int (L, n, p, 0, G_MAXINT64, &v))
    ws->seed = (guint64) v;

  if ((n = field (obj, path, "history", &p)) != NULL)
    {
      JsonObject *h;

      if (expect_object (L, n, p, &h))
        {
          g_autofree char *hp = NULL;
          JsonNode *hn;

          check_keys (L, h, p, history_keys, NULL);
          if ((hn = field (h, p, "max_age", &hp)) != NULL)
            expect_duration (L, hn, hp, DURATION_POSITIVE, &ws->history_max_age_ms);
          if ((hn = field (h, p, "max_runs", &hp)) != NULL && expect_int (L, hn, hp, 1, G_MAXINT64, &v))
            ws->history_max_runs = (guint64) v;
        }
    }
}

static void
assign_ids (Loader *L,
            GArray *loaded)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);  /* id → path */
  guint counters[ORK_JOB_TYPE_COMMAND + 1] = { 0 };

  /* Explicit ids first: duplicates are reported at the second one. */
  for (guint i = 0; i < loaded->len; i++)
    {
      LoadedJob *lj = &g_array_index (loaded, LoadedJob, i);
      const char *first;

      if (lj->id == NULL)
        continue;
      first = g_hash_table_lookup (seen, lj->id);
      if (first != NULL)
        {
          g_autofree char *ipath = child_path (lj->path, "id");
          report (L, AT_VALUE, ipath, _("duplicate id \"%s\", already used by %s"), lj->id, first);
          g_clear_object (&lj->job);
          continue;
        }
      g_hash_table_insert (seen, lj->id, lj->path);
    }

  for (guint i = 0; i < loaded->len; i++)
    {
      LoadedJob *lj = &g_array_index (loaded, LoadedJob, i);

      if (lj->id != NULL)
        {
          if (lj->job != NULL)
            ork_job_set_id (lj->job, lj->id);
          continue;
        }
      /* Generated: <type>_<NNN>, skipping numbers already taken. */
      do
        {
          g_free (lj->id);
          lj->id = g_strdup_printf ("%s_%03u", job_type_names[lj->type], ++counters[lj->type]);
        }
      while (g_hash_table_contains (seen, lj->id));
      g_hash_table_insert (seen, lj->id, lj->path);
      if (lj->job != NULL)
        ork_job_set_id (lj->job, lj->id);
    }
}

static gboolean
load_tree (Loader       *L,
           JsonNode     *root,
           OrkWorkspace *ws)
{
  g_autofree char *p = NULL;
  g_autoptr(GArray) loaded = NULL;
  JsonObject *obj;
  JsonNode *n;

  if (!expect_object (L, root, "", &obj))
    return FALSE;

  check_keys (L, obj, "", root_keys, NULL);

  /* Absent version means the current one. */
  if ((n = field (obj, "", "version", &p)) != NULL)
    {
      gint64 version;

      if (!is_number (n))
        report (L, AT_VALUE, p, _("expected the number 1, got %s"), node_kind (n));
      else if (!expect_int (L, n, p, G_MININT64, G_MAXINT64, &version))
        ;
      else if (version != 1)
        report (L, AT_VALUE, p, _("unsupported version %" PRId64
                                  " (this version of Orkestron reads version 1)"), version);
    }

  /* Settings first: jobs refer to its groups. */
  if ((n = field (obj, "", "settings", &p)) != NULL)
    {
      JsonObject *settings;
      if (expect_object (L, n, p, &settings))
        load_settings (L, settings, p, ws);
    }

  loaded = g_array_new (FALSE, TRUE, sizeof (LoadedJob));
  g_array_set_clear_func (loaded, loaded_job_clear);
  if ((n = field (obj, "", "jobs", &p)) != NULL)
    {
      JsonArray *jobs;

      if (expect_array (L, n, p, &jobs))
        for (guint i = 0; i < json_array_get_length (jobs); i++)
          {
            g_autofree char *jpath = index_path (p, i);
            LoadedJob lj = { 0 };

            load_job (L, json_array_get_element (jobs, i), jpath, &lj);
            g_array_append_val (loaded, lj);
          }
    }
  assign_ids (L, loaded);

  if (L->diags->len > 0)
    return FALSE;

  for (guint i = 0; i < loaded->len; i++)
    {
      LoadedJob *lj = &g_array_index (loaded, LoadedJob, i);

      g_assert (lj->job != NULL);
      g_list_store_append (ws->jobs, lj->job);
    }
  return TRUE;
}

/* }}} */
/* {{{ Saving */

static void
add_duration (JsonBuilder *b,
              const char  *key,
              gint64       ms)
{
  g_autofree char *text = NULL;

  json_builder_set_member_name (b, key);
  if (ms == ORK_DURATION_NONE)
    json_builder_add_string_value (b, "none");
  else
    {
      text = ork_duration_format (ms);
      json_builder_add_string_value (b, text);
    }
}

static void
add_string (JsonBuilder *b,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_string_value (b, value);
}

/* ISO-8601 with the offset it was written with. The year always has four
 * digits (g_date_time_format's %Y writes 684 for the year 684, which the
 * loader rightly refuses). */
static char *
format_date_time (GDateTime *dt)
{
  GString *s = g_string_new (NULL);
  int usec = g_date_time_get_microsecond (dt);

  g_string_append_printf (s, "%04d-%02d-%02dT%02d:%02d:%02d",
                          g_date_time_get_year (dt), g_date_time_get_month (dt),
                          g_date_time_get_day_of_month (dt), g_date_time_get_hour (dt),
                          g_date_time_get_minute (dt), g_date_time_get_second (dt));
  if (usec % 1000 != 0)
    g_string_append_printf (s, ".%06d", usec);
  else if (usec != 0)
    g_string_append_printf (s, ".%03d", usec / 1000);
  if (g_date_time_get_utc_offset (dt) == 0)
    g_string_append_c (s, 'Z');
  else
    {
      g_autofree char *offset = g_date_time_format (dt, "%:z");
      g_string_append (s, offset);
    }
  return g_string_free (s, FALSE);
}

static void
add_date_time (JsonBuilder *b,
               const char  *key,
               GDateTime   *dt)
{
  g_autofree char *text = format_date_time (dt);
  add_string (b, key, text);
}

static void
add_time_of_day (JsonBuilder *b,
                 guint        minutes)
{
  g_autofree char *text = g_strdup_printf ("%02u:%02u", minutes / 60, minutes % 60);
  json_builder_add_string_value (b, text);
}

static void
add_days (JsonBuilder *b,
          const char  *key,
          guint8       days)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  for (guint i = 0; i < 7; i++)
    if (days & (1u << ((i + 1) % 7)))
      json_builder_add_string_value (b, day_names[i]);
  json_builder_end_array (b);
}

static void
add_strv (JsonBuilder        *b,
          const char         *key,
          const char * const *strv)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (b, strv[i]);
  json_builder_end_array (b);
}

static void
add_quiet_hours (JsonBuilder         *b,
                 const OrkQuietHours *qh)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "windows");
  json_builder_begin_array (b);
  for (guint i = 0; qh->windows != NULL && i < qh->windows->len; i++)
    {
      const OrkQuietWindow *w = &g_array_index (qh->windows, OrkQuietWindow, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "from");
      add_time_of_day (b, w->from_min);
      json_builder_set_member_name (b, "to");
      add_time_of_day (b, w->to_min);
      if ((w->days & 0x7f) != 0x7f)
        add_days (b, "days", w->days);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_string (b, "policy", quiet_policy_names[qh->policy]);
  json_builder_end_object (b);
}

static void
add_schedule (JsonBuilder       *b,
              const OrkSchedule *s)
{
  json_builder_set_member_name (b, "schedule");
  json_builder_begin_object (b);
  add_string (b, "kind", schedule_kind_names[s->kind]);
  switch (s->kind)
    {
    case ORK_SCHEDULE_INTERVAL:
      add_duration (b, "every", s->every_ms);
      if (s->anchor != NULL)
        add_date_time (b, "anchor", s->anchor);
      add_string (b, "from", interval_from_names[s->from]);
      break;
    case ORK_SCHEDULE_CRON:
      add_string (b, "expr", s->expr);
      if (s->timezone != NULL)
        add_string (b, "timezone", s->timezone);
      break;
    case ORK_SCHEDULE_WEEKLY:
      add_days (b, "days", s->days);
      json_builder_set_member_name (b, "times");
      json_builder_begin_array (b);
      for (guint i = 0; i < s->times->len; i++)
        add_time_of_day (b, g_array_index (s->times, guint, i));
      json_builder_end_array (b);
      if (s->timezone != NULL)
        add_string (b, "timezone", s->timezone);
      break;
    case ORK_SCHEDULE_ONCE:
      add_date_time (b, "at", s->at);
      break;
    case ORK_SCHEDULE_MANUAL:
    default:
      break;
    }
  json_builder_end_object (b);
}

static void
add_retry (JsonBuilder          *b,
           const OrkRetryPolicy *r)
{
  json_builder_set_member_name (b, "retry");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "max_retries");
  json_builder_add_int_value (b, r->max_retries);
  add_string (b, "backoff", backoff_names[r->backoff]);
  add_duration (b, "initial", r->initial_ms);
  json_builder_set_member_name (b, "multiplier");
  json_builder_add_double_value (b, r->multiplier);
  add_duration (b, "max_delay", r->max_delay_ms);
  add_string (b, "jitter", jitter_names[r->jitter]);
  json_builder_set_member_name (b, "delays");
  if (r->delays == NULL || r->delays->len == 0)
    json_builder_add_null_value (b);
  else
    {
      json_builder_begin_array (b);
      for (guint i = 0; i < r->delays->len; i++)
        {
          g_autofree char *text = ork_duration_format (g_array_index (r->delays, gint64, i));
          json_builder_add_string_value (b, text);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

static void
add_simulation (JsonBuilder      *b,
                const OrkSimSpec *sim)
{
  json_builder_set_member_name (b, "simulation");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "latency");
  json_builder_begin_object (b);
  switch (sim->latency)
    {
    case ORK_LATENCY_FIXED:
      add_duration (b, "fixed", sim->fixed_ms);
      break;
    case ORK_LATENCY_UNIFORM:
      add_duration (b, "min", sim->min_ms);
      add_duration (b, "max", sim->max_ms);
      break;
    case ORK_LATENCY_LOGNORMAL:
    default:
      add_duration (b, "median", sim->median_ms);
      add_duration (b, "p99", sim->p99_ms);
      break;
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "failure_rate");
  json_builder_add_double_value (b, sim->failure_rate);
  json_builder_set_member_name (b, "hang_rate");
  json_builder_add_double_value (b, sim->hang_rate);
  if (sim->chaos != NULL && sim->chaos->len > 0)
    {
      json_builder_set_member_name (b, "chaos");
      json_builder_begin_array (b);
      for (guint i = 0; i < sim->chaos->len; i++)
        {
          const OrkChaosWindow *c = &g_array_index (sim->chaos, OrkChaosWindow, i);
          g_autofree char *from = ork_time_format_iso_utc (c->from_us);
          g_autofree char *to = ork_time_format_iso_utc (c->to_us);

          json_builder_begin_object (b);
          add_string (b, "from", from);
          add_string (b, "to", to);
          json_builder_set_member_name (b, "failure_rate");
          json_builder_add_double_value (b, c->failure_rate);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

static void
add_job (JsonBuilder *b,
         OrkJob      *job)
{
  const char * const *argv = ork_job_get_argv (job);
  const char * const *env = ork_job_get_env (job);
  const char *cwd = ork_job_get_cwd (job);

  json_builder_begin_object (b);
  add_string (b, "id", ork_job_get_id (job));
  add_string (b, "name", ork_job_get_name (job));
  add_string (b, "type", job_type_names[ork_job_get_job_type (job)]);
  json_builder_set_member_name (b, "enabled");
  json_builder_add_boolean_value (b, ork_job_get_enabled (job));
  add_string (b, "priority", priority_names[ork_job_get_priority (job)]);
  add_schedule (b, ork_job_get_schedule (job));
  add_duration (b, "start_jitter", ork_job_get_start_jitter (job));
  add_retry (b, ork_job_get_retry (job));
  add_duration (b, "timeout", ork_job_get_timeout (job));

  json_builder_set_member_name (b, "concurrency");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "max_running");
  json_builder_add_int_value (b, ork_job_get_max_running (job));
  add_string (b, "overlap", overlap_names[ork_job_get_overlap (job)]);
  if (ork_job_get_group (job) != NULL)
    add_string (b, "group", ork_job_get_group (job));
  json_builder_end_object (b);

  json_builder_set_member_name (b, "missed_runs");
  json_builder_begin_object (b);
  add_string (b, "policy", missed_policy_names[ork_job_get_missed_policy (job)]);
  add_duration (b, "grace", ork_job_get_missed_grace (job));
  json_builder_end_object (b);

  json_builder_set_member_name (b, "quiet_hours");
  switch (ork_job_get_quiet_mode (job))
    {
    case ORK_QUIET_IGNORE:
      json_builder_add_string_value (b, "ignore");
      break;
    case ORK_QUIET_OWN:
      if (ork_job_get_quiet_hours (job) != NULL)
        {
          add_quiet_hours (b, ork_job_get_quiet_hours (job));
          break;
        }
      G_GNUC_FALLTHROUGH;
    case ORK_QUIET_INHERIT:
    default:
      json_builder_add_string_value (b, "inherit");
      break;
    }

  add_simulation (b, ork_job_get_simulation (job));

  if (argv != NULL || env != NULL || cwd != NULL)
    {
      json_builder_set_member_name (b, "command");
      json_builder_begin_object (b);
      add_strv (b, "argv", argv);
      if (cwd != NULL)
        add_string (b, "cwd", cwd);
      json_builder_set_member_name (b, "env");
      json_builder_begin_object (b);
      for (guint i = 0; env != NULL && env[i] != NULL; i++)
        {
          const char *eq = strchr (env[i], '=');
          g_autofree char *key = eq ? g_strndup (env[i], eq - env[i]) : g_strdup (env[i]);

          add_string (b, key, eq ? eq + 1 : "");
        }
      json_builder_end_object (b);
      json_builder_end_object (b);
    }

  add_strv (b, "tags", ork_job_get_tags (job));
  json_builder_end_object (b);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* json-glib 1.6 writes doubles with 17 significant digits (0.2 becomes
 * 0.20000000000000001) and puts spaces around ':', which is unkind to a file
 * people edit by hand; this writes the tree json-glib built in the usual
 * 2-space style with the shortest number that reads back the same. */
static void write_node (GString  *out,
                        JsonNode *node,
                        guint     depth);

static void
write_indent (GString *out,
              guint    depth)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

static void
write_string (GString    *out,
              const char *s)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          if (*p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
write_double (GString *out,
              double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (int digits = 1; digits <= 17; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buf, sizeof buf, format, v);
      if (g_ascii_strtod (buf, NULL) == v)
        break;
    }
  g_string_append (out, buf);
  /* Keep it a JSON number that reads back as a double. */
  if (strpbrk (buf, ".eE") == NULL)
    g_string_append (out, ".0");
}

static void
write_node (GString  *out,
            JsonNode *node,
            guint     depth)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *obj = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (obj);

        if (members == NULL)
          {
            g_string_append (out, "{}");
            break;
          }
        g_string_append_c (out, '{');
        for (GList *l = members; l != NULL; l = l->next)
          {
            write_indent (out, depth + 1);
            write_string (out, l->data);
            g_string_append (out, ": ");
            write_node (out, json_object_get_member (obj, l->data), depth + 1);
            if (l->next != NULL)
              g_string_append_c (out, ',');
          }
        write_indent (out, depth);
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        if (n == 0)
          {
            g_string_append (out, "[]");
            break;
          }
        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            write_indent (out, depth + 1);
            write_node (out, json_array_get_element (array, i), depth + 1);
            if (i + 1 < n)
              g_string_append_c (out, ',');
          }
        write_indent (out, depth);
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          write_string (out, json_node_get_string (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          write_double (out, json_node_get_double (node));
          break;
        default:
          g_string_append (out, "null");
          break;
        }
      break;
    }
}

/* }}} */

static void
ork_workspace_finalize (GObject *object)
{
  OrkWorkspace *self = ORK_WORKSPACE (object);

  g_clear_object (&self->jobs);
  g_clear_pointer (&self->groups, g_hash_table_unref);
  g_clear_pointer (&self->timezone, g_free);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_pointer (&self->quiet_hours, ork_quiet_hours_free);

  G_OBJECT_CLASS (ork_workspace_parent_class)->finalize (object);
}

static void
ork_workspace_class_init (OrkWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ork_workspace_finalize;
}

static void
ork_workspace_init (OrkWorkspace *self)
{
  self->jobs = g_list_store_new (ORK_TYPE_JOB);
  self->workers = DEFAULT_WORKERS;
  self->groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->seed = DEFAULT_SEED;
  self->history_max_age_ms = DEFAULT_HISTORY_MAX_AGE;
  self->history_max_runs = DEFAULT_HISTORY_MAX_RUNS;
}

OrkWorkspace *
ork_workspace_new (void)
{
  return g_object_new (ORK_TYPE_WORKSPACE, NULL);
}

OrkWorkspace *
ork_workspace_load_from_data (const char  *data,
                              gssize       len,
                              const char  *filename,
                              GPtrArray  **diagnostics,
                              GError     **error)
{
  g_autoptr(OrkWorkspace) ws = NULL;
  g_autoptr(GPtrArray) diags = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GHashTable) groups = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(OrkJsonScan) scan = NULL;
  gboolean scan_full;
  Loader L = { 0 };

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len < 0)
    len = strlen (data);
  if (filename == NULL)
    filename = "<input>";

  diags = g_ptr_array_new_with_free_func ((GDestroyNotify) ork_diagnostic_free);
  ws = ork_workspace_new ();
  L.text = data;
  L.len = len;
  L.diags = diags;
  L.groups = groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* json-glib never sees text that the strict scan rejected. */
  L.scan = scan = ork_json_scan_new (data ? data : "", len, diags);
  /* The scan keeps at most ORK_MAX_DIAGNOSTICS and drops the rest unseen. */
  scan_full = diags->len >= ORK_MAX_DIAGNOSTICS;
  if (scan != NULL)
    {
      parser = json_parser_new_immutable ();
      if (!json_parser_load_from_data (parser, data, len, &local_error))
        add_diag (&L, 0, 0, NULL, local_error->message);
    }
  else if (diags->len == 0)
    add_diag (&L, 0, 0, NULL, _("not valid JSON"));

  if (scan != NULL && diags->len == 0)
    {
      JsonNode *root = json_parser_get_root (parser);

      if (root == NULL)
        add_diag (&L, 1, 1, NULL, _("expected a JSON object, got nothing"));
      else
        load_tree (&L, root, ws);
    }

  g_clear_pointer (&L.lines, g_array_unref);
  g_clear_pointer (&L.quoted, g_ptr_array_unref);

  if (diags->len > 0)
    {
      g_autofree char *message = NULL;
      g_autoptr(OrkDiagnostic) more = NULL;
      guint n_more = 0;

      g_ptr_array_sort (diags, compare_diags);
      if (diags->len > ORK_MAX_DIAGNOSTICS)
        {
          n_more = diags->len - ORK_MAX_DIAGNOSTICS;
          g_ptr_array_set_size (diags, ORK_MAX_DIAGNOSTICS);
        }
      message = ork_diagnostics_format (diags, filename);

      /* A last line, without a place, says what was left out: how many when
       * the walk counted them, only that there are more when the scan
       * stopped recording at the limit. It is not one of @diagnostics. */
      if (n_more > 0)
        {
          g_autofree char *text =
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more error not shown",
                                          "%u more errors not shown", n_more), n_more);

          more = ork_diagnostic_new (0, 0, NULL, text);
        }
      else if (scan_full)
        more = ork_diagnostic_new (0, 0, NULL, _("more errors not shown"));
      if (more != NULL)
        {
          g_autofree char *line = ork_diagnostic_format (more, filename);
          char *full = g_strconcat (message, "\n", line, NULL);

          g_free (message);
          message = full;
        }

      g_set_error_literal (error, ORK_WORKSPACE_ERROR, ORK_WORKSPACE_ERROR_INVALID, message);
      if (diagnostics != NULL)
        *diagnostics = g_steal_pointer (&diags);
      return NULL;
    }

  if (diagnostics != NULL)
    *diagnostics = NULL;
  return g_steal_pointer (&ws);
}

static gboolean
read_whole_file (const char  *path,
                 char       **contents,
                 gsize       *length,
                 GError     **error)
{
  g_autoptr(GString) buf = NULL;
  struct stat st;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    goto fail;
  if (fstat (fd, &st) != 0)
    goto fail_close;
  if (S_ISDIR (st.st_mode))
    {
      errno = EISDIR;
      goto fail_close;
    }
  buf = g_string_sized_new (st.st_size > 0 ? st.st_size + 1 : 4096);
  for (;;)
    {
      char chunk[65536];
      gssize n = read (fd, chunk, sizeof chunk);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto fail_close;
      if (n == 0)
        break;
      g_string_append_len (buf, chunk, n);
    }
  close (fd);
  *length = buf->len;
  *contents = g_string_free (g_steal_pointer (&buf), FALSE);
  return TRUE;

fail_close:
  {
    int saved = errno;
    close (fd);
    errno = saved;
  }
fail:
  {
    int saved = errno;
    g_set_error (error, ORK_WORKSPACE_ERROR, ORK_WORKSPACE_ERROR_IO,
                 _("cannot read %s: %s"), path, g_strerror (saved));
  }
  return FALSE;
}

OrkWorkspace *
ork_workspace_load_from_file (const char  *path,
                              GPtrArray  **diagnostics,
                              GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (diagnostics != NULL)
    *diagnostics = NULL;
  if (!read_whole_file (path, &contents, &length, error))
    return NULL;
  return ork_workspace_load_from_data (contents, length, path, diagnostics, error);
}

char *
ork_workspace_to_data (OrkWorkspace *self,
                       gsize        *len)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) names = NULL;
  GHashTableIter iter;
  gpointer key;
  GString *out;

  g_return_val_if_fail (ORK_IS_WORKSPACE (self), NULL);

  b = json_builder_new_immutable ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);

  json_builder_set_member_name (b, "settings");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "workers");
  json_builder_add_int_value (b, self->workers);
  json_builder_set_member_name (b, "groups");
  json_builder_begin_object (b);
  names = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->groups);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, key);
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      json_builder_set_member_name (b, name);
      json_builder_add_int_value (b, GPOINTER_TO_INT (g_hash_table_lookup (self->groups, name)));
    }
  json_builder_end_object (b);
  if (self->timezone != NULL)
    add_string (b, "timezone", self->timezone);
  if (self->quiet_hours != NULL)
    {
      json_builder_set_member_name (b, "quiet_hours");
      add_quiet_hours (b, self->quiet_hours);
    }
  json_builder_set_member_name (b, "seed");
  json_builder_add_int_value (b, (gint64) self->seed);
  json_builder_set_member_name (b, "history");
  json_builder_begin_object (b);
  add_duration (b, "max_age", self->history_max_age_ms);
  json_builder_set_member_name (b, "max_runs");
  json_builder_add_int_value (b, (gint64) self->history_max_runs);
  json_builder_end_object (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "jobs");
  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->jobs)); i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (G_LIST_MODEL (self->jobs), i);
      add_job (b, job);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  out = g_string_new (NULL);
  write_node (out, root, 0);
  g_string_append_c (out, '\n');
  if (len != NULL)
    *len = out->len;
  return g_string_free (out, FALSE);
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

/* Keeps the current version as FILE.bak: a hard link when the file system
 * allows it, else a copy. */
static gboolean
keep_backup (const char *path,
             mode_t      mode)
{
  g_autofree char *bak = g_strconcat (path, ".bak", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  if (g_unlink (bak) != 0 && errno != ENOENT)
    return FALSE;
  if (link (path, bak) == 0)
    return TRUE;
  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return g_file_set_contents_full (bak, contents, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, mode, NULL);
}

/* A temporary file of ours is ".BASE." and the six characters mkstemp
 * puts in place of XXXXXX. */
static gboolean
is_temp_name (const char *name,
              const char *base)
{
  gsize base_len = strlen (base);

  if (name[0] != '.' || strncmp (name + 1, base, base_len) != 0 || name[1 + base_len] != '.')
    return FALSE;
  name += 2 + base_len;
  if (strlen (name) != 6)
    return FALSE;
  for (guint i = 0; i < 6; i++)
    if (!g_ascii_isalnum (name[i]))
      return FALSE;
  return TRUE;
}

/* Removes the temporary files a save killed before its rename left next to
 * @base in @dir. A save holds an exclusive flock on its temporary file from
 * creation to rename, so one that can be locked has no writer; the age rule
 * covers the instant between another process's mkstemp and its flock. Only
 * regular files of ours are touched, never a link. Failures are not errors:
 * this is tidying, and the save goes on. */
static void
remove_stale_temp_files (const char *dir,
                         const char *base)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  gint64 before = g_get_real_time () / G_USEC_PER_SEC - STALE_TEMP_AGE_S;
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      struct stat st, fst;
      int fd;

      if (!is_temp_name (name, base))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode) || st.st_uid != geteuid ()
          || st.st_mtime >= before)
        continue;
      fd = g_open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0);
      if (fd < 0)
        continue;
      if (fstat (fd, &fst) == 0 && fst.st_dev == st.st_dev && fst.st_ino == st.st_ino
          && flock (fd, LOCK_EX | LOCK_NB) == 0)
        {
          if (g_unlink (path) == 0)
            g_debug ("removed %s, left by a save that did not finish", path);
        }
      close (fd);
    }
}

gboolean
ork_workspace_save_to_file (OrkWorkspace  *self,
                            const char    *path,
                            GError       **error)
{
  g_autofree char *data = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  gboolean exists;
  struct stat st;
  gsize len;
  int fd;
  int saved;

  g_return_val_if_fail (ORK_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = ork_workspace_to_data (self, &len);
  exists = g_stat (path, &st) == 0;
  if (exists && !S_ISREG (st.st_mode))
    {
      g_set_error (error, ORK_WORKSPACE_ERROR, ORK_WORKSPACE_ERROR_IO,
                   _("cannot write %s: not a regular file"), path);
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  remove_stale_temp_files (dir, base);
  tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    goto fail;
  /* Held until the file is renamed (or removed on failure): tells
   * remove_stale_temp_files in another process that this one is in use.
   * A file system without locks still has the age rule. */
  if (flock (fd, LOCK_EX) != 0)
    g_debug ("no lock on %s: %s", tmp, g_strerror (errno));

  if (exists && fchmod (fd, st.st_mode & 07777) != 0)
    goto fail_close;
  if (!write_all (fd, data, len) || fsync (fd) != 0)
    goto fail_close;
  if (exists && !keep_backup (path, st.st_mode & 07777))
    goto fail_close;
  if (g_rename (tmp, path) != 0)
    goto fail_close;
  /* Written and synced: a close error cannot lose the data now. */
  close (fd);

  /* Make the rename itself durable. */
  {
    int dfd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    if (dfd >= 0)
      {
        fsync (dfd);
        close (dfd);
      }
  }
  return TRUE;

fail_close:
  saved = errno;
  close (fd);
  g_unlink (tmp);
  errno = saved;
fail:
  saved = errno;
  g_set_error (error, ORK_WORKSPACE_ERROR, ORK_WORKSPACE_ERROR_IO,
               _("cannot write %s: %s"), path, g_strerror (saved));
  return FALSE;
}

GListModel *
ork_workspace_get_jobs (OrkWorkspace *self)
{
  g_return_val_if_fail (ORK_IS_WORKSPACE (self), NULL);
  return G_LIST_MODEL (self->jobs);
}

static gboolean
find_position (OrkWorkspace *self,
               const char   *id,
               guint        *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->jobs));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (G_LIST_MODEL (self->jobs), i);

      if (g_strcmp0 (ork_job_get_id (job), id) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

OrkJob *
ork_workspace_find_job (OrkWorkspace *self,
                        const char   *id)
{
  OrkJob *job;
  guint pos;

  g_return_val_if_fail (ORK_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!find_position (self, id, &pos))
    return NULL;
  /* The store keeps its own reference: transfer none. */
  job = g_list_model_get_item (G_LIST_MODEL (self->jobs), pos);
  g_object_unref (job);
  return job;
}

void
ork_workspace_add_job (OrkWorkspace *self,
                       OrkJob       *job)
{
  g_return_if_fail (ORK_IS_WORKSPACE (self));
  g_return_if_fail (ORK_IS_JOB (job));

  g_list_store_append (self->jobs, job);
}

gboolean
ork_workspace_remove_job (OrkWorkspace *self,
                          const char   *id)
{
  guint pos;

  g_return_val_if_fail (ORK_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!find_position (self, id, &pos))
    return FALSE;
  g_list_store_remove (self->jobs, pos);
  return TRUE;
}

guint
ork_workspace_get_workers (OrkWorkspace *self)
{
  g_return_val_if_fail (ORK_IS_WORKSPACE (self), DEFAULT_WORKERS);
  return self->workers;
}

void
ork_workspace_set_workers (OrkWorkspace *self,
                           guint         workers)
{
  g_return_if_fail (ORK_IS_WORKSPACE (self));
  g_return_if_fail (workers >= 1);
  self->workers = workers;
}

GHashTable *
ork_workspace_get_groups (OrkWorkspace *self)
{
  g_return_val_if_fail (ORK_IS_WORKSPACE (self), NULL);
  return self->groups;
}

/* Slots 0 removes the group. */
void
ork_workspace_set_group (OrkWorkspace *self,
                         const char   *group,
                         guint         slots)
{
  g_return_if_fail (ORK_IS_WORKSPACE (self));
  g_return_if_fail (group != NULL && group[0] != '\0');

  if (slots == 0)
    g_hash_table_remove (self->groups, group);
  else
    g_hash_table_insert (self->groups, g_strdup (group), GUINT_TO_POINTER (slots));
}

const char *
ork_workspace_get_timezone (OrkWorkspace *self)
{
  g_return_val_if_fail (ORK_IS_WORKSPACE (self), NULL);
  return self->timezone;
}

void
ork_workspace_set_timezone (OrkWorkspace *self,
                            const char   *timezone)
{
  g_return_if_fail (ORK_IS_WORKSPACE (self));

  if (timezone != NULL && timezone[0] == '\0')
    timezone = NULL;
  if (g_strcmp0 (self->timezone, timezone) == 0)
    return;
  g_free (self->timezone);
  self->timezone = g_strdup (timezone);
  g_clear_pointer (&self->tz, g_time_zone_unref);
}

GTimeZone *
ork_workspace_get_time_zone (OrkWorkspace *self)
{
  g_return_val_if_fail (ORK_IS_WORKSPACE (self), NULL);

  if (self->tz == NULL)
    {
      if (self->timezone != NULL)
        self->tz = g_time_zone_new_identifier (self->timezone);
      if (self->tz == NULL)
        self->tz = g_time_zone_new_local ();
    }
  return self->tz;
}

const OrkQuietHours *
ork_workspace_get_quiet_hours (OrkWorkspace *self)
{
  g_return_val_if_fail (ORK_IS_WORKSPACE (self), NULL);
  return self->quiet_hours;
}

void
ork_workspace_set_quiet_hours (OrkWorkspace        *self,
                               const OrkQuietHours *quiet_hours)
{
  g_return_if_fail (ORK_IS_WORKSPACE (self));

  if (quiet_hours == self->quiet_hours)
    return;
  g_clear_pointer (&self->quiet_hours, ork_quiet_hours_free);
  if (quiet_hours != NULL)
    self->quiet_hours = ork_quiet_hours_copy (quiet_hours);
}

guint64
ork_workspace_get_seed (OrkWorkspace *self)
{
  g_return_val_if_fail (ORK_IS_WORKSPACE (self), DEFAULT_SEED);
  return self->seed;
}

void
ork_workspace_set_seed (OrkWorkspace *self,
                        guint64       seed)
{
  g_return_if_fail (ORK_IS_WORKSPACE (self));
  self->seed = seed;
}

gint64
ork_workspace_get_history_max_age (OrkWorkspace *self)
{
  g_return_val_if_fail (ORK_IS_WORKSPACE (self), DEFAULT_HISTORY_MAX_AGE);
  return self->history_max_age_ms;
}

guint64
ork_workspace_get_history_max_runs (OrkWorkspace *self)
{
  g_return_val_if_fail (ORK_IS_WORKSPACE (self), DEFAULT_HISTORY_MAX_RUNS);
  return self->history_max_runs;
}
