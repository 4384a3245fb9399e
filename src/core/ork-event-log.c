/* ork-event-log.c — the engine's structured event log, as a list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-event-log"

#include "config.h"

#include <string.h>

#include "ork-event-log.h"

/* How long appends wait before they are announced. */
#define FLUSH_DELAY_MS 50
/* The smallest ring the log allocates; it grows by doubling. */
#define MIN_RING 64
/* Slots of the job id cache (a power of two). */
#define JOB_CACHE_SIZE 64
/* The export hands the stream this much at once. */
#define EXPORT_CHUNK (64 * 1024)

/* One entry as stored: about 48 bytes. */
typedef struct
{
  gint64      time;
  const char *job_id;   /* interned in job_ids, or NULL */
  char       *message;  /* owned, or NULL */
  guint64     run_id;
  guint32     attempt;
  gint8       from;
  gint8       to;
  guint8      reason;
  guint8      level;
  guint8      kind;
} Entry;

struct _OrkLogEntry
{
  GObject      parent_instance;

  gint64       time;
  char        *job_id;
  char        *message;
  char        *summary;
  guint64      run_id;
  guint        attempt;
  int          from;
  int          to;
  OrkReason    reason;
  OrkLogLevel  level;
  OrkLogKind   kind;
};

/* Entries carry a sequence number (next_seq counts every append). The ring
 * holds the entries [next_seq - n_held, next_seq); the model's view is the
 * announced range [pub_first, pub_next), always inside what the ring holds.
 * Entries beyond the capacity stay in the ring, unseen by the view, until
 * the removal is announced; the ring never holds more than twice the
 * capacity. */
struct _OrkEventLog
{
  GObject       parent_instance;

  guint         capacity;
  Entry        *ring;
  guint         ring_size;
  guint         head;       /* ring index of the oldest entry held */
  guint         n_held;
  guint64       next_seq;
  guint64       pub_first;
  guint64       pub_next;

  GStringChunk *job_ids;
  /* Recently seen job id strings and their interned copies, by address:
   * the engine passes the same job's id string over and over, and a strcmp
   * is cheaper than hashing it. */
  struct
  {
    const char *seen;
    const char *interned;
  } job_cache[JOB_CACHE_SIZE];

  GMainContext *context;
  GSource      *flush_source;
  gboolean      flushing;

  OrkScheduler *scheduler;
  OrkClock     *clock;
  gulong        transition_id;
  /* The state before the last final transition, for the record that follows. */
  char         *final_job_id;
  guint64       final_run_id;
  int           final_from;
  gulong        record_id;
  gulong        output_id;
};

static void ork_event_log_list_model_init (GListModelInterface *iface);

G_DEFINE_ENUM_TYPE (OrkLogLevel, ork_log_level,
                    G_DEFINE_ENUM_VALUE (ORK_LOG_DEBUG, "debug"),
                    G_DEFINE_ENUM_VALUE (ORK_LOG_INFO, "info"),
                    G_DEFINE_ENUM_VALUE (ORK_LOG_WARNING, "warning"),
                    G_DEFINE_ENUM_VALUE (ORK_LOG_ERROR, "error"))

G_DEFINE_ENUM_TYPE (OrkLogKind, ork_log_kind,
                    G_DEFINE_ENUM_VALUE (ORK_LOG_KIND_TRANSITION, "transition"),
                    G_DEFINE_ENUM_VALUE (ORK_LOG_KIND_ATTEMPT_FINISHED, "attempt-finished"),
                    G_DEFINE_ENUM_VALUE (ORK_LOG_KIND_OUTPUT, "output"),
                    G_DEFINE_ENUM_VALUE (ORK_LOG_KIND_NOTE, "note"))

G_DEFINE_FINAL_TYPE (OrkLogEntry, ork_log_entry, G_TYPE_OBJECT)

G_DEFINE_FINAL_TYPE_WITH_CODE (OrkEventLog, ork_event_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ork_event_log_list_model_init))

enum
{
  ENTRY_PROP_0,
  ENTRY_PROP_TIME,
  ENTRY_PROP_LEVEL,
  ENTRY_PROP_KIND,
  ENTRY_PROP_JOB_ID,
  ENTRY_PROP_RUN_ID,
  ENTRY_PROP_ATTEMPT,
  ENTRY_PROP_FROM,
  ENTRY_PROP_TO,
  ENTRY_PROP_REASON,
  ENTRY_PROP_MESSAGE,
  ENTRY_PROP_SUMMARY,
  N_ENTRY_PROPS
};

static GParamSpec *entry_properties[N_ENTRY_PROPS];

enum
{
  PROP_0,
  PROP_CAPACITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint items_changed_signal;

static const char *level_names[] = { "debug", "info", "warning", "error" };
static const char *kind_names[] = { "transition", "attempt-finished", "output", "note" };

const char *
ork_log_level_to_string (OrkLogLevel level)
{
  g_return_val_if_fail ((guint) level < G_N_ELEMENTS (level_names), NULL);

  return level_names[level];
}

gboolean
ork_log_level_from_string (const char  *name,
                           OrkLogLevel *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (level_names); i++)
    if (strcmp (name, level_names[i]) == 0)
      {
        *out = (OrkLogLevel) i;
        return TRUE;
      }
  return FALSE;
}

const char *
ork_log_kind_to_string (OrkLogKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);

  return kind_names[kind];
}

gboolean
ork_log_kind_from_string (const char *name,
                          OrkLogKind *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (strcmp (name, kind_names[i]) == 0)
      {
        *out = (OrkLogKind) i;
        return TRUE;
      }
  return FALSE;
}

void
ork_log_entry_data_init (OrkLogEntryData *data)
{
  g_return_if_fail (data != NULL);

  memset (data, 0, sizeof *data);
  data->time = ORK_TIME_UNSET;
  data->level = ORK_LOG_INFO;
  data->kind = ORK_LOG_KIND_NOTE;
  data->from = ORK_LOG_NO_STATE;
  data->to = ORK_LOG_NO_STATE;
  data->reason = ORK_REASON_NONE;
}

/* ------------------------------------------------------------------ */
/* OrkLogEntry                                                          */

static void
ork_log_entry_finalize (GObject *object)
{
  OrkLogEntry *self = ORK_LOG_ENTRY (object);

  g_free (self->job_id);
  g_free (self->message);
  g_free (self->summary);

  G_OBJECT_CLASS (ork_log_entry_parent_class)->finalize (object);
}

static void
ork_log_entry_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OrkLogEntry *self = ORK_LOG_ENTRY (object);

  switch (prop_id)
    {
    case ENTRY_PROP_TIME:
      g_value_set_int64 (value, self->time);
      break;
    case ENTRY_PROP_LEVEL:
      g_value_set_enum (value, self->level);
      break;
    case ENTRY_PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case ENTRY_PROP_JOB_ID:
      g_value_set_string (value, self->job_id);
      break;
    case ENTRY_PROP_RUN_ID:
      g_value_set_uint64 (value, self->run_id);
      break;
    case ENTRY_PROP_ATTEMPT:
      g_value_set_uint (value, self->attempt);
      break;
    case ENTRY_PROP_FROM:
      g_value_set_int (value, self->from);
      break;
    case ENTRY_PROP_TO:
      g_value_set_int (value, self->to);
      break;
    case ENTRY_PROP_REASON:
      g_value_set_int (value, self->reason);
      break;
    case ENTRY_PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case ENTRY_PROP_SUMMARY:
      g_value_set_string (value, ork_log_entry_get_summary (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_log_entry_class_init (OrkLogEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ork_log_entry_finalize;
  object_class->get_property = ork_log_entry_get_property;

  entry_properties[ENTRY_PROP_TIME] =
    g_param_spec_int64 ("time", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  entry_properties[ENTRY_PROP_LEVEL] =
    g_param_spec_enum ("level", NULL, NULL, ORK_TYPE_LOG_LEVEL, ORK_LOG_DEBUG, flags);
  entry_properties[ENTRY_PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, ORK_TYPE_LOG_KIND, ORK_LOG_KIND_TRANSITION, flags);
  entry_properties[ENTRY_PROP_JOB_ID] =
    g_param_spec_string ("job-id", NULL, NULL, NULL, flags);
  entry_properties[ENTRY_PROP_RUN_ID] =
    g_param_spec_uint64 ("run-id", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  entry_properties[ENTRY_PROP_ATTEMPT] =
    g_param_spec_uint ("attempt", NULL, NULL, 0, G_MAXUINT, 0, flags);
  entry_properties[ENTRY_PROP_FROM] =
    g_param_spec_int ("from", NULL, NULL, ORK_LOG_NO_STATE, ORK_RUN_INTERRUPTED,
                      ORK_LOG_NO_STATE, flags);
  entry_properties[ENTRY_PROP_TO] =
    g_param_spec_int ("to", NULL, NULL, ORK_LOG_NO_STATE, ORK_RUN_INTERRUPTED,
                      ORK_LOG_NO_STATE, flags);
  entry_properties[ENTRY_PROP_REASON] =
    g_param_spec_int ("reason", NULL, NULL, ORK_REASON_NONE, ORK_REASON_INTERRUPTED,
                      ORK_REASON_NONE, flags);
  entry_properties[ENTRY_PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL, flags);
  entry_properties[ENTRY_PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_ENTRY_PROPS, entry_properties);
}

static void
ork_log_entry_init (OrkLogEntry *self)
{
}

static OrkLogEntry *
log_entry_new (const Entry *e)
{
  OrkLogEntry *self = g_object_new (ORK_TYPE_LOG_ENTRY, NULL);

  self->time = e->time;
  self->job_id = g_strdup (e->job_id);
  self->message = g_strdup (e->message);
  self->run_id = e->run_id;
  self->attempt = e->attempt;
  self->from = e->from;
  self->to = e->to;
  self->reason = e->reason;
  self->level = e->level;
  self->kind = e->kind;
  return self;
}

gint64
ork_log_entry_get_time (OrkLogEntry *self)
{
  g_return_val_if_fail (ORK_IS_LOG_ENTRY (self), 0);

  return self->time;
}

OrkLogLevel
ork_log_entry_get_level (OrkLogEntry *self)
{
  g_return_val_if_fail (ORK_IS_LOG_ENTRY (self), ORK_LOG_DEBUG);

  return self->level;
}

OrkLogKind
ork_log_entry_get_kind (OrkLogEntry *self)
{
  g_return_val_if_fail (ORK_IS_LOG_ENTRY (self), ORK_LOG_KIND_NOTE);

  return self->kind;
}

const char *
ork_log_entry_get_job_id (OrkLogEntry *self)
{
  g_return_val_if_fail (ORK_IS_LOG_ENTRY (self), NULL);

  return self->job_id;
}

guint64
ork_log_entry_get_run_id (OrkLogEntry *self)
{
  g_return_val_if_fail (ORK_IS_LOG_ENTRY (self), 0);

  return self->run_id;
}

guint
ork_log_entry_get_attempt (OrkLogEntry *self)
{
  g_return_val_if_fail (ORK_IS_LOG_ENTRY (self), 0);

  return self->attempt;
}

int
ork_log_entry_get_from (OrkLogEntry *self)
{
  g_return_val_if_fail (ORK_IS_LOG_ENTRY (self), ORK_LOG_NO_STATE);

  return self->from;
}

int
ork_log_entry_get_to (OrkLogEntry *self)
{
  g_return_val_if_fail (ORK_IS_LOG_ENTRY (self), ORK_LOG_NO_STATE);

  return self->to;
}

OrkReason
ork_log_entry_get_reason (OrkLogEntry *self)
{
  g_return_val_if_fail (ORK_IS_LOG_ENTRY (self), ORK_REASON_NONE);

  return self->reason;
}

const char *
ork_log_entry_get_message (OrkLogEntry *self)
{
  g_return_val_if_fail (ORK_IS_LOG_ENTRY (self), NULL);

  return self->message;
}

const char *
ork_log_entry_get_summary (OrkLogEntry *self)
{
  GString *s;
  gsize body;

  g_return_val_if_fail (ORK_IS_LOG_ENTRY (self), NULL);

  if (self->summary != NULL)
    return self->summary;

  /* "job #run attempt N: FROM → TO (reason): message" with the parts an
   * entry lacks left out. */
  s = g_string_new (NULL);
  if (self->job_id != NULL)
    g_string_append (s, self->job_id);
  if (self->run_id != 0)
    g_string_append_printf (s, "%s#%" G_GUINT64_FORMAT, s->len > 0 ? " " : "", self->run_id);
  if (self->attempt != 0)
    g_string_append_printf (s, "%sattempt %u", s->len > 0 ? " " : "", self->attempt);
  if (s->len > 0)
    g_string_append (s, ": ");
  body = s->len;

  if (self->from >= 0 && self->to >= 0)
    g_string_append_printf (s, "%s → %s", ork_run_state_to_string (self->from),
                            ork_run_state_to_string (self->to));
  else if (self->to >= 0 && self->kind == ORK_LOG_KIND_ATTEMPT_FINISHED && self->attempt != 0)
    g_string_append_printf (s, "finished %s", ork_run_state_to_string (self->to));
  else if (self->to >= 0)
    g_string_append (s, ork_run_state_to_string (self->to));
  if (self->reason != ORK_REASON_NONE)
    g_string_append_printf (s, "%s(%s)", s->len > body ? " " : "",
                            ork_reason_to_string (self->reason));
  if (self->message != NULL)
    g_string_append_printf (s, "%s%s", s->len > body ? ": " : "", self->message);
  else if (s->len == body && body >= 2)
    g_string_truncate (s, body - 2);

  self->summary = g_string_free (s, FALSE);
  return self->summary;
}

/* Case-insensitive substring test; @needle is already case-folded. */
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

gboolean
ork_log_entry_matches (OrkLogEntry *self,
                       const char  *job_id,
                       OrkLogLevel  min_level,
                       int          reason,
                       const char  *search_text)
{
  g_autofree char *needle = NULL;

  g_return_val_if_fail (ORK_IS_LOG_ENTRY (self), FALSE);

  if (job_id != NULL && g_strcmp0 (self->job_id, job_id) != 0)
    return FALSE;
  if (self->level < min_level)
    return FALSE;
  if (reason >= 0 && (int) self->reason != reason)
    return FALSE;
  if (search_text == NULL || search_text[0] == '\0')
    return TRUE;

  needle = g_utf8_casefold (search_text, -1);
  return contains_folded (self->job_id, needle) ||
         contains_folded (self->message, needle) ||
         (self->reason != ORK_REASON_NONE &&
          contains_folded (ork_reason_to_string (self->reason), needle));
}

/* ------------------------------------------------------------------ */
/* OrkEventLog: storage                                                 */

static inline Entry *
entry_at_seq (OrkEventLog *self,
              guint64      seq)
{
  guint64 oldest = self->next_seq - self->n_held;

  g_assert (seq >= oldest && seq < self->next_seq);
  return &self->ring[(self->head + (guint) (seq - oldest)) % self->ring_size];
}

/* The oldest sequence number the log still holds logically. */
static inline guint64
logical_first (OrkEventLog *self)
{
  return self->next_seq - MIN (self->n_held, self->capacity);
}

static inline guint
max_ring (OrkEventLog *self)
{
  return self->capacity * 2;
}

static void
drop_oldest (OrkEventLog *self)
{
  Entry *e = &self->ring[self->head];

  g_clear_pointer (&e->message, g_free);
  self->head = (self->head + 1) % self->ring_size;
  self->n_held--;
}

/* Frees what is held before @seq; none of it may be in the view. */
static void
trim_before (OrkEventLog *self,
             guint64      seq)
{
  while (self->n_held > 0 && self->next_seq - self->n_held < seq)
    drop_oldest (self);
  if (self->n_held == 0)
    self->head = 0;
}

static void
grow_ring (OrkEventLog *self,
           guint        new_size)
{
  Entry *ring = g_new (Entry, new_size);

  g_assert (new_size > self->ring_size);
  for (guint i = 0; i < self->n_held; i++)
    ring[i] = self->ring[(self->head + i) % self->ring_size];
  g_free (self->ring);
  self->ring = ring;
  self->ring_size = new_size;
  self->head = 0;
}

static gboolean
has_listeners (OrkEventLog *self)
{
  return g_signal_has_handler_pending (self, items_changed_signal, 0, TRUE);
}

static gboolean
on_flush_timeout (gpointer user_data)
{
  OrkEventLog *self = user_data;

  g_clear_pointer (&self->flush_source, g_source_unref);
  ork_event_log_flush (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_flush (OrkEventLog *self)
{
  if (self->flush_source != NULL)
    return;
  self->flush_source = g_timeout_source_new (FLUSH_DELAY_MS);
  g_source_set_priority (self->flush_source, G_PRIORITY_DEFAULT);
  g_source_set_callback (self->flush_source, on_flush_timeout, self, NULL);
  g_source_set_static_name (self->flush_source, "[ork-event-log] flush");
  g_source_attach (self->flush_source, self->context);
}

static void
cancel_flush (OrkEventLog *self)
{
  if (self->flush_source == NULL)
    return;
  g_source_destroy (self->flush_source);
  g_clear_pointer (&self->flush_source, g_source_unref);
}

static const char *
intern_job_id (OrkEventLog *self,
               const char  *job_id)
{
  guint slot;

  if (job_id == NULL)
    return NULL;
  slot = (guint) (GPOINTER_TO_SIZE (job_id) >> 4) & (JOB_CACHE_SIZE - 1);
  /* The address may have been freed and reused for another string: the
   * strcmp keeps the cache honest. */
  if (self->job_cache[slot].seen != job_id ||
      strcmp (self->job_cache[slot].interned, job_id) != 0)
    {
      self->job_cache[slot].seen = job_id;
      self->job_cache[slot].interned = g_string_chunk_insert_const (self->job_ids, job_id);
    }
  return self->job_cache[slot].interned;
}

static char *
copy_message (const char *message)
{
  if (message == NULL)
    return NULL;
  if (G_LIKELY (g_utf8_validate (message, -1, NULL)))
    return g_strdup (message);
  return g_utf8_make_valid (message, -1);
}

static void
store (OrkEventLog *self,
       gint64       time,
       OrkLogLevel  level,
       OrkLogKind   kind,
       const char  *job_id,
       guint64      run_id,
       guint        attempt,
       int          from,
       int          to,
       OrkReason    reason,
       const char  *message)
{
  Entry *e;

  if (self->n_held == self->ring_size && self->ring_size < max_ring (self))
    grow_ring (self, MIN (MAX (self->ring_size * 2, MIN_RING), max_ring (self)));
  if (self->n_held == self->ring_size)
    {
      /* A capacity's worth waits unannounced: announce it now, which frees
       * what dropped out. Inside a flush (a handler appending) the ring
       * must grow instead, as the view may still show the oldest entry. */
      ork_event_log_flush (self);
      if (self->n_held == self->ring_size)
        grow_ring (self, self->ring_size * 2);
    }

  e = &self->ring[(self->head + self->n_held) % self->ring_size];
  e->time = time;
  e->job_id = intern_job_id (self, job_id);
  e->message = copy_message (message);
  e->run_id = run_id;
  e->attempt = attempt;
  e->from = (gint8) from;
  e->to = (gint8) to;
  e->reason = (guint8) reason;
  e->level = (guint8) level;
  e->kind = (guint8) kind;
  self->n_held++;
  self->next_seq++;

  if (self->flushing)
    return;
  if (self->flush_source == NULL && !has_listeners (self))
    {
      /* Nobody watches the view: it follows the log at once. */
      self->pub_first = logical_first (self);
      self->pub_next = self->next_seq;
      trim_before (self, self->pub_first);
      return;
    }
  schedule_flush (self);
}

static gint64
now (OrkEventLog *self)
{
  if (self->clock != NULL)
    return ork_clock_now (self->clock);
  return g_get_real_time ();
}

/* ------------------------------------------------------------------ */
/* Engine signals                                                       */

static gboolean
reason_is_routine (OrkReason reason)
{
  return reason == ORK_REASON_NONE || reason == ORK_REASON_SCHEDULE ||
         reason == ORK_REASON_RETRY || reason == ORK_REASON_COMPLETED;
}

static void
on_scheduler_transition (OrkScheduler *scheduler,
                         OrkRun       *run,
                         guint         from,
                         guint         to,
                         guint         reason,
                         OrkEventLog  *self)
{
  OrkLogLevel level;
  const char *message = NULL;

  if (to == ORK_RUN_FAILED || to == ORK_RUN_TIMED_OUT || to == ORK_RUN_INTERRUPTED)
    level = ORK_LOG_WARNING;
  else if (to == ORK_RUN_SKIPPED || to == ORK_RUN_CANCELLED || !reason_is_routine (reason))
    level = ORK_LOG_INFO;
  else
    level = ORK_LOG_DEBUG;

  /* An attempt's end comes with its record at once, which says more: one
   * entry, the record's, carries the state it came from. */
  if (ORK_RUN_STATE_IS_FINAL (to))
    {
      self->final_from = (int) from;
      self->final_run_id = ork_run_get_run_id (run);
      g_free (self->final_job_id);
      self->final_job_id = g_strdup (ork_run_get_job_id (run));
      return;
    }

  if (reason == ORK_REASON_QUIET_HOURS)
    message = ork_run_get_message (run);

  store (self, now (self), level, ORK_LOG_KIND_TRANSITION, ork_run_get_job_id (run),
         ork_run_get_run_id (run), ork_run_get_attempt (run), from, to, reason, message);
}

static void
on_scheduler_record (OrkScheduler *scheduler,
                     OrkRecord    *record,
                     OrkEventLog  *self)
{
  OrkLogLevel level;
  int from = ORK_LOG_NO_STATE;

  switch (record->status)
    {
    case ORK_RUN_FAILED:
    case ORK_RUN_TIMED_OUT:
      level = record->next_retry_in < 0 ? ORK_LOG_ERROR : ORK_LOG_WARNING;
      break;
    case ORK_RUN_INTERRUPTED:
      level = ORK_LOG_WARNING;
      break;
    case ORK_RUN_SCHEDULED:
    case ORK_RUN_QUEUED:
    case ORK_RUN_RUNNING:
    case ORK_RUN_RETRY_WAIT:
    case ORK_RUN_SUCCEEDED:
    case ORK_RUN_CANCELLED:
    case ORK_RUN_SKIPPED:
    default:
      level = ORK_LOG_INFO;
      break;
    }

  if (self->final_job_id != NULL && self->final_run_id == record->run_id &&
      strcmp (self->final_job_id, record->job_id) == 0)
    from = self->final_from;
  g_clear_pointer (&self->final_job_id, g_free);

  store (self, record->decided_at, level, ORK_LOG_KIND_ATTEMPT_FINISHED, record->job_id,
         record->run_id, record->attempt, from, record->status, record->reason,
         record->message);
}

static void
on_scheduler_output (OrkScheduler *scheduler,
                     OrkRun       *run,
                     gboolean      is_stderr,
                     const char   *line,
                     OrkEventLog  *self)
{
  store (self, now (self), is_stderr ? ORK_LOG_INFO : ORK_LOG_DEBUG, ORK_LOG_KIND_OUTPUT,
         ork_run_get_job_id (run), ork_run_get_run_id (run), ork_run_get_attempt (run),
         ORK_LOG_NO_STATE, ORK_LOG_NO_STATE, ORK_REASON_NONE, line);
}

/* ------------------------------------------------------------------ */
/* GListModel                                                           */

static GType
ork_event_log_get_item_type (GListModel *model)
{
  return ORK_TYPE_LOG_ENTRY;
}

static guint
ork_event_log_get_n_items (GListModel *model)
{
  OrkEventLog *self = ORK_EVENT_LOG (model);

  return (guint) (self->pub_next - self->pub_first);
}

static gpointer
ork_event_log_get_item (GListModel *model,
                        guint       position)
{
  OrkEventLog *self = ORK_EVENT_LOG (model);

  if (position >= self->pub_next - self->pub_first)
    return NULL;
  return log_entry_new (entry_at_seq (self, self->pub_next - 1 - position));
}

static void
ork_event_log_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ork_event_log_get_item_type;
  iface->get_n_items = ork_event_log_get_n_items;
  iface->get_item = ork_event_log_get_item;
}

/* ------------------------------------------------------------------ */
/* OrkEventLog: object                                                  */

static void
ork_event_log_dispose (GObject *object)
{
  OrkEventLog *self = ORK_EVENT_LOG (object);

  ork_event_log_detach (self);
  cancel_flush (self);

  G_OBJECT_CLASS (ork_event_log_parent_class)->dispose (object);
}

static void
ork_event_log_finalize (GObject *object)
{
  OrkEventLog *self = ORK_EVENT_LOG (object);

  trim_before (self, self->next_seq);
  g_free (self->final_job_id);
  g_free (self->ring);
  g_string_chunk_free (self->job_ids);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (ork_event_log_parent_class)->finalize (object);
}

static void
ork_event_log_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OrkEventLog *self = ORK_EVENT_LOG (object);

  switch (prop_id)
    {
    case PROP_CAPACITY:
      g_value_set_uint (value, self->capacity);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_event_log_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  OrkEventLog *self = ORK_EVENT_LOG (object);

  switch (prop_id)
    {
    case PROP_CAPACITY:
      self->capacity = g_value_get_uint (value);
      if (self->capacity == 0)
        self->capacity = ORK_EVENT_LOG_DEFAULT_CAPACITY;
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_event_log_class_init (OrkEventLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ork_event_log_dispose;
  object_class->finalize = ork_event_log_finalize;
  object_class->get_property = ork_event_log_get_property;
  object_class->set_property = ork_event_log_set_property;

  /* At most half of guint's range: the ring may hold twice the capacity. */
  properties[PROP_CAPACITY] =
    g_param_spec_uint ("capacity", NULL, NULL, 0, G_MAXUINT / 4,
                       ORK_EVENT_LOG_DEFAULT_CAPACITY,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  items_changed_signal = g_signal_lookup ("items-changed", G_TYPE_LIST_MODEL);
}

static void
ork_event_log_init (OrkEventLog *self)
{
  self->capacity = ORK_EVENT_LOG_DEFAULT_CAPACITY;
  self->job_ids = g_string_chunk_new (1024);
  self->context = g_main_context_ref_thread_default ();
}

/* ------------------------------------------------------------------ */
/* Public API                                                           */

OrkEventLog *
ork_event_log_new (guint capacity)
{
  g_return_val_if_fail (capacity <= G_MAXUINT / 4, NULL);

  return g_object_new (ORK_TYPE_EVENT_LOG, "capacity", capacity, NULL);
}

guint
ork_event_log_get_capacity (OrkEventLog *self)
{
  g_return_val_if_fail (ORK_IS_EVENT_LOG (self), 0);

  return self->capacity;
}

guint64
ork_event_log_get_n_logged (OrkEventLog *self)
{
  g_return_val_if_fail (ORK_IS_EVENT_LOG (self), 0);

  return self->next_seq;
}

void
ork_event_log_attach (OrkEventLog  *self,
                      OrkScheduler *scheduler)
{
  g_return_if_fail (ORK_IS_EVENT_LOG (self));
  g_return_if_fail (ORK_IS_SCHEDULER (scheduler));

  if (self->scheduler == scheduler)
    return;
  ork_event_log_detach (self);

  self->scheduler = g_object_ref (scheduler);
  self->clock = g_object_ref (ork_scheduler_get_clock (scheduler));
  self->transition_id = g_signal_connect (scheduler, "transition",
                                          G_CALLBACK (on_scheduler_transition), self);
  self->record_id = g_signal_connect (scheduler, "record",
                                      G_CALLBACK (on_scheduler_record), self);
  self->output_id = g_signal_connect (scheduler, "output",
                                      G_CALLBACK (on_scheduler_output), self);
}

void
ork_event_log_detach (OrkEventLog *self)
{
  g_return_if_fail (ORK_IS_EVENT_LOG (self));

  if (self->scheduler == NULL)
    return;
  g_clear_signal_handler (&self->transition_id, self->scheduler);
  g_clear_signal_handler (&self->record_id, self->scheduler);
  g_clear_signal_handler (&self->output_id, self->scheduler);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->clock);
}

void
ork_event_log_append (OrkEventLog           *self,
                      const OrkLogEntryData *data)
{
  g_return_if_fail (ORK_IS_EVENT_LOG (self));
  g_return_if_fail (data != NULL);
  g_return_if_fail ((guint) data->level <= ORK_LOG_ERROR);
  g_return_if_fail ((guint) data->kind <= ORK_LOG_KIND_NOTE);
  g_return_if_fail (data->from >= ORK_LOG_NO_STATE && data->from <= ORK_RUN_INTERRUPTED);
  g_return_if_fail (data->to >= ORK_LOG_NO_STATE && data->to <= ORK_RUN_INTERRUPTED);
  g_return_if_fail ((guint) data->reason <= ORK_REASON_INTERRUPTED);

  store (self, data->time == ORK_TIME_UNSET ? now (self) : data->time, data->level,
         data->kind, data->job_id, data->run_id, data->attempt, data->from, data->to,
         data->reason, data->message);
}

void
ork_event_log_flush (OrkEventLog *self)
{
  g_return_if_fail (ORK_IS_EVENT_LOG (self));

  cancel_flush (self);
  if (self->flushing)
    return;
  self->flushing = TRUE;

  /* A handler may append while we emit: go on until the view caught up. */
  while (self->pub_first != logical_first (self) || self->pub_next != self->next_seq)
    {
      guint64 first = logical_first (self);
      guint64 next = self->next_seq;
      guint old_n = (guint) (self->pub_next - self->pub_first);

      if (self->pub_first < first)
        {
          guint removed = (guint) (MIN (first, self->pub_next) - self->pub_first);

          self->pub_first += removed;
          if (self->pub_first == self->pub_next)
            self->pub_first = self->pub_next = first;
          trim_before (self, self->pub_first);
          g_list_model_items_changed (G_LIST_MODEL (self), old_n - removed, removed, 0);
          continue;
        }
      if (self->pub_next < next)
        {
          guint added = (guint) (next - self->pub_next);

          self->pub_next = next;
          g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, added);
          continue;
        }
      g_assert_not_reached ();
    }
  trim_before (self, self->pub_first);

  self->flushing = FALSE;
}

void
ork_event_log_clear (OrkEventLog *self)
{
  guint old_n;

  g_return_if_fail (ORK_IS_EVENT_LOG (self));

  cancel_flush (self);
  old_n = (guint) (self->pub_next - self->pub_first);
  trim_before (self, self->next_seq);
  g_clear_pointer (&self->ring, g_free);
  self->ring_size = 0;
  self->pub_first = self->pub_next = self->next_seq;
  if (old_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
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
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_entry_json (GString     *out,
                   const Entry *e)
{
  g_autofree char *time = ork_time_format_iso_utc (e->time);

  g_string_append_printf (out, "{\"time\":\"%s\",\"level\":\"%s\",\"kind\":\"%s\",\"jobId\":",
                          time, level_names[e->level], kind_names[e->kind]);
  append_json_string (out, e->job_id);
  if (e->run_id != 0)
    g_string_append_printf (out, ",\"runId\":%" G_GUINT64_FORMAT ",\"attempt\":%u",
                            e->run_id, e->attempt);
  else
    g_string_append (out, ",\"runId\":null,\"attempt\":null");
  g_string_append (out, ",\"from\":");
  append_json_string (out, e->from >= 0 ? ork_run_state_to_string (e->from) : NULL);
  g_string_append (out, ",\"to\":");
  append_json_string (out, e->to >= 0 ? ork_run_state_to_string (e->to) : NULL);
  g_string_append (out, ",\"reason\":");
  append_json_string (out, e->reason != ORK_REASON_NONE ? ork_reason_to_string (e->reason) : NULL);
  g_string_append (out, ",\"message\":");
  append_json_string (out, e->message);
  g_string_append (out, "}\n");
}

gboolean
ork_event_log_write_ndjson (OrkEventLog    *self,
                            GOutputStream  *stream,
                            GError        **error)
{
  g_autoptr(GString) buffer = NULL;

  g_return_val_if_fail (ORK_IS_EVENT_LOG (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  buffer = g_string_sized_new (EXPORT_CHUNK + 1024);
  for (guint64 seq = logical_first (self); seq < self->next_seq; seq++)
    {
      append_entry_json (buffer, entry_at_seq (self, seq));
      if (buffer->len >= EXPORT_CHUNK || seq + 1 == self->next_seq)
        {
          if (!g_output_stream_write_all (stream, buffer->str, buffer->len, NULL, NULL, error))
            return FALSE;
          g_string_truncate (buffer, 0);
        }
    }
  return g_output_stream_flush (stream, NULL, error);
}
