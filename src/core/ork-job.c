/* ork-job.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-job"

#include "config.h"

#include "ork-job.h"

struct _OrkJob
{
  GObject          parent_instance;

  char            *id;
  char            *name;          /* NULL: the id */
  OrkJobType       job_type;
  gboolean         enabled;
  OrkPriority      priority;
  OrkSchedule     *schedule;
  gint64           start_jitter_ms;
  OrkRetryPolicy  *retry;
  gint64           timeout_ms;
  guint            max_running;
  OrkOverlap       overlap;
  char            *group;
  OrkMissedPolicy  missed_policy;
  gint64           missed_grace_ms;
  OrkQuietMode     quiet_mode;
  OrkQuietHours   *quiet_hours;
  OrkSimSpec      *simulation;
  GStrv            argv;
  char            *cwd;
  GStrv            env;
  GStrv            tags;

  gboolean         paused;
  OrkJobStatus     status;
};

G_DEFINE_FINAL_TYPE (OrkJob, ork_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_JOB_TYPE,
  PROP_ENABLED,
  PROP_PRIORITY,
  PROP_SCHEDULE,
  PROP_START_JITTER,
  PROP_RETRY,
  PROP_TIMEOUT,
  PROP_MAX_RUNNING,
  PROP_OVERLAP,
  PROP_GROUP,
  PROP_MISSED_POLICY,
  PROP_MISSED_GRACE,
  PROP_QUIET_MODE,
  PROP_QUIET_HOURS,
  PROP_SIMULATION,
  PROP_ARGV,
  PROP_CWD,
  PROP_ENV,
  PROP_TAGS,
  PROP_PAUSED,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static guint notify_signal_id;

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A definition field changed: notify, and tell "changed" listeners (the
 * engine, autosave) in one emission, so they need not watch every
 * property's notify, and runtime properties (status, paused) never reach
 * them. */
static void
notify_changed (OrkJob *self,
                guint   prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, properties[prop]);
}

static gboolean
strv_equal (const char * const *a,
            const char * const *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal (a, b);
}

static gboolean
set_string (OrkJob      *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  notify_changed (self, prop);
  return TRUE;
}

static void
set_strv (OrkJob             *self,
          GStrv              *field,
          const char * const *value,
          guint               prop)
{
  /* An empty list and no list are the same. */
  if (value != NULL && value[0] == NULL)
    value = NULL;
  if (strv_equal ((const char * const *) *field, value))
    return;
  g_strfreev (*field);
  *field = g_strdupv ((char **) value);
  notify_changed (self, prop);
}

static void
ork_job_finalize (GObject *object)
{
  OrkJob *self = ORK_JOB (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->schedule, ork_schedule_free);
  g_clear_pointer (&self->retry, ork_retry_policy_free);
  g_clear_pointer (&self->group, g_free);
  g_clear_pointer (&self->quiet_hours, ork_quiet_hours_free);
  g_clear_pointer (&self->simulation, ork_sim_spec_free);
  g_clear_pointer (&self->argv, g_strfreev);
  g_clear_pointer (&self->cwd, g_free);
  g_clear_pointer (&self->env, g_strfreev);
  g_clear_pointer (&self->tags, g_strfreev);

  G_OBJECT_CLASS (ork_job_parent_class)->finalize (object);
}

static void
ork_job_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  OrkJob *self = ORK_JOB (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, ork_job_get_name (self));
      break;
    case PROP_JOB_TYPE:
      g_value_set_int (value, self->job_type);
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_PRIORITY:
      g_value_set_int (value, self->priority);
      break;
    case PROP_SCHEDULE:
      g_value_set_boxed (value, self->schedule);
      break;
    case PROP_START_JITTER:
      g_value_set_int64 (value, self->start_jitter_ms);
      break;
    case PROP_RETRY:
      g_value_set_boxed (value, self->retry);
      break;
    case PROP_TIMEOUT:
      g_value_set_int64 (value, self->timeout_ms);
      break;
    case PROP_MAX_RUNNING:
      g_value_set_uint (value, self->max_running);
      break;
    case PROP_OVERLAP:
      g_value_set_int (value, self->overlap);
      break;
    case PROP_GROUP:
      g_value_set_string (value, self->group);
      break;
    case PROP_MISSED_POLICY:
      g_value_set_int (value, self->missed_policy);
      break;
    case PROP_MISSED_GRACE:
      g_value_set_int64 (value, self->missed_grace_ms);
      break;
    case PROP_QUIET_MODE:
      g_value_set_int (value, self->quiet_mode);
      break;
    case PROP_QUIET_HOURS:
      g_value_set_boxed (value, ork_job_get_quiet_hours (self));
      break;
    case PROP_SIMULATION:
      g_value_set_boxed (value, self->simulation);
      break;
    case PROP_ARGV:
      g_value_set_boxed (value, self->argv);
      break;
    case PROP_CWD:
      g_value_set_string (value, self->cwd);
      break;
    case PROP_ENV:
      g_value_set_boxed (value, self->env);
      break;
    case PROP_TAGS:
      g_value_set_boxed (value, self->tags);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_job_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  OrkJob *self = ORK_JOB (object);

  switch (prop_id)
    {
    case PROP_ID:
      ork_job_set_id (self, g_value_get_string (value));
      break;
    case PROP_NAME:
      ork_job_set_name (self, g_value_get_string (value));
      break;
    case PROP_JOB_TYPE:
      ork_job_set_job_type (self, g_value_get_int (value));
      break;
    case PROP_ENABLED:
      ork_job_set_enabled (self, g_value_get_boolean (value));
      break;
    case PROP_PRIORITY:
      ork_job_set_priority (self, g_value_get_int (value));
      break;
    case PROP_SCHEDULE:
      ork_job_set_schedule (self, g_value_get_boxed (value));
      break;
    case PROP_START_JITTER:
      ork_job_set_start_jitter (self, g_value_get_int64 (value));
      break;
    case PROP_RETRY:
      ork_job_set_retry (self, g_value_get_boxed (value));
      break;
    case PROP_TIMEOUT:
      ork_job_set_timeout (self, g_value_get_int64 (value));
      break;
    case PROP_MAX_RUNNING:
      ork_job_set_max_running (self, g_value_get_uint (value));
      break;
    case PROP_OVERLAP:
      ork_job_set_overlap (self, g_value_get_int (value));
      break;
    case PROP_GROUP:
      ork_job_set_group (self, g_value_get_string (value));
      break;
    case PROP_MISSED_POLICY:
      ork_job_set_missed_policy (self, g_value_get_int (value));
      break;
    case PROP_MISSED_GRACE:
      ork_job_set_missed_grace (self, g_value_get_int64 (value));
      break;
    case PROP_QUIET_MODE:
      ork_job_set_quiet_mode (self, g_value_get_int (value));
      break;
    case PROP_QUIET_HOURS:
      ork_job_set_quiet_hours (self, g_value_get_boxed (value));
      break;
    case PROP_SIMULATION:
      ork_job_set_simulation (self, g_value_get_boxed (value));
      break;
    case PROP_ARGV:
      ork_job_set_argv (self, g_value_get_boxed (value));
      break;
    case PROP_CWD:
      ork_job_set_cwd (self, g_value_get_string (value));
      break;
    case PROP_ENV:
      ork_job_set_env (self, g_value_get_boxed (value));
      break;
    case PROP_TAGS:
      ork_job_set_tags (self, g_value_get_boxed (value));
      break;
    case PROP_PAUSED:
      ork_job_set_paused (self, g_value_get_boolean (value));
      break;
    case PROP_STATUS:
      ork_job_set_status (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_job_class_init (OrkJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ork_job_finalize;
  notify_signal_id = g_signal_lookup ("notify", G_TYPE_OBJECT);
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_PARAM);
  object_class->get_property = ork_job_get_property;
  object_class->set_property = ork_job_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_JOB_TYPE] =
    g_param_spec_int ("job-type", NULL, NULL,
                      ORK_JOB_TYPE_SYNC, ORK_JOB_TYPE_COMMAND, ORK_JOB_TYPE_SYNC, flags);
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE, flags);
  properties[PROP_PRIORITY] =
    g_param_spec_int ("priority", NULL, NULL,
                      ORK_PRIORITY_LOW, ORK_PRIORITY_CRITICAL, ORK_PRIORITY_NORMAL, flags);
  properties[PROP_SCHEDULE] =
    g_param_spec_boxed ("schedule", NULL, NULL, ORK_TYPE_SCHEDULE, flags);
  properties[PROP_START_JITTER] =
    g_param_spec_int64 ("start-jitter", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_RETRY] =
    g_param_spec_boxed ("retry", NULL, NULL, ORK_TYPE_RETRY_POLICY, flags);
  properties[PROP_TIMEOUT] =
    g_param_spec_int64 ("timeout", NULL, NULL,
                        ORK_DURATION_NONE, G_MAXINT64, 3600000, flags);
  properties[PROP_MAX_RUNNING] =
    g_param_spec_uint ("max-running", NULL, NULL, 1, G_MAXUINT, 1, flags);
  properties[PROP_OVERLAP] =
    g_param_spec_int ("overlap", NULL, NULL,
                      ORK_OVERLAP_SKIP, ORK_OVERLAP_ALLOW, ORK_OVERLAP_SKIP, flags);
  properties[PROP_GROUP] =
    g_param_spec_string ("group", NULL, NULL, NULL, flags);
  properties[PROP_MISSED_POLICY] =
    g_param_spec_int ("missed-policy", NULL, NULL,
                      ORK_MISSED_SKIP, ORK_MISSED_RUN_ALL, ORK_MISSED_RUN_ONCE, flags);
  properties[PROP_MISSED_GRACE] =
    g_param_spec_int64 ("missed-grace", NULL, NULL, 0, G_MAXINT64, 60000, flags);
  properties[PROP_QUIET_MODE] =
    g_param_spec_int ("quiet-mode", NULL, NULL,
                      ORK_QUIET_INHERIT, ORK_QUIET_OWN, ORK_QUIET_INHERIT, flags);
  properties[PROP_QUIET_HOURS] =
    g_param_spec_boxed ("quiet-hours", NULL, NULL, ORK_TYPE_QUIET_HOURS, flags);
  properties[PROP_SIMULATION] =
    g_param_spec_boxed ("simulation", NULL, NULL, ORK_TYPE_SIM_SPEC, flags);
  properties[PROP_ARGV] =
    g_param_spec_boxed ("argv", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_CWD] =
    g_param_spec_string ("cwd", NULL, NULL, NULL, flags);
  properties[PROP_ENV] =
    g_param_spec_boxed ("env", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_TAGS] =
    g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE, flags);
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL,
                      ORK_JOB_STATUS_DISABLED, ORK_JOB_STATUS_IDLE, ORK_JOB_STATUS_IDLE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ork_job_init (OrkJob *self)
{
  self->enabled = TRUE;
  self->priority = ORK_PRIORITY_NORMAL;
  self->schedule = ork_schedule_new (ORK_SCHEDULE_MANUAL);
  self->retry = ork_retry_policy_new ();
  self->timeout_ms = 3600000;
  self->max_running = 1;
  self->overlap = ORK_OVERLAP_SKIP;
  self->missed_policy = ORK_MISSED_RUN_ONCE;
  self->missed_grace_ms = 60000;
  self->quiet_mode = ORK_QUIET_INHERIT;
  self->simulation = ork_sim_spec_new_for_type (ORK_JOB_TYPE_SYNC);
  self->status = ORK_JOB_STATUS_IDLE;
}

OrkPriority
ork_job_type_default_priority (OrkJobType type)
{
  switch (type)
    {
    case ORK_JOB_TYPE_METRICS:
      return ORK_PRIORITY_HIGH;
    case ORK_JOB_TYPE_CLEANUP:
      return ORK_PRIORITY_LOW;
    case ORK_JOB_TYPE_SYNC:
    case ORK_JOB_TYPE_BATCH:
    case ORK_JOB_TYPE_COMMAND:
    default:
      return ORK_PRIORITY_NORMAL;
    }
}

OrkJob *
ork_job_new (const char *id,
             OrkJobType  type)
{
  OrkJob *self;

  g_return_val_if_fail (type <= ORK_JOB_TYPE_COMMAND, NULL);

  self = g_object_new (ORK_TYPE_JOB, NULL);
  self->id = g_strdup (id);
  self->job_type = type;
  self->priority = ork_job_type_default_priority (type);
  g_clear_pointer (&self->simulation, ork_sim_spec_free);
  self->simulation = ork_sim_spec_new_for_type (type);
  return self;
}

OrkJob *
ork_job_copy (OrkJob *self)
{
  OrkJob *copy;

  g_return_val_if_fail (ORK_IS_JOB (self), NULL);

  copy = g_object_new (ORK_TYPE_JOB, NULL);
  copy->id = g_strdup (self->id);
  copy->name = g_strdup (self->name);
  copy->job_type = self->job_type;
  copy->enabled = self->enabled;
  copy->priority = self->priority;
  g_clear_pointer (&copy->schedule, ork_schedule_free);
  copy->schedule = ork_schedule_copy (self->schedule);
  copy->start_jitter_ms = self->start_jitter_ms;
  g_clear_pointer (&copy->retry, ork_retry_policy_free);
  copy->retry = ork_retry_policy_copy (self->retry);
  copy->timeout_ms = self->timeout_ms;
  copy->max_running = self->max_running;
  copy->overlap = self->overlap;
  copy->group = g_strdup (self->group);
  copy->missed_policy = self->missed_policy;
  copy->missed_grace_ms = self->missed_grace_ms;
  copy->quiet_mode = self->quiet_mode;
  copy->quiet_hours = self->quiet_hours ? ork_quiet_hours_copy (self->quiet_hours) : NULL;
  g_clear_pointer (&copy->simulation, ork_sim_spec_free);
  copy->simulation = ork_sim_spec_copy (self->simulation);
  copy->argv = g_strdupv (self->argv);
  copy->cwd = g_strdup (self->cwd);
  copy->env = g_strdupv (self->env);
  copy->tags = g_strdupv (self->tags);
  copy->paused = self->paused;
  copy->status = self->status;
  return copy;
}

const char *
ork_job_get_id (OrkJob *self)
{
  g_return_val_if_fail (ORK_IS_JOB (self), NULL);
  return self->id;
}

void
ork_job_set_id (OrkJob     *self,
                const char *id)
{
  g_return_if_fail (ORK_IS_JOB (self));

  if (set_string (self, &self->id, id, PROP_ID) && self->name == NULL)
    notify_changed (self, PROP_NAME);
}

/* The name, or the id when the job has no name of its own. */
const char *
ork_job_get_name (OrkJob *self)
{
  g_return_val_if_fail (ORK_IS_JOB (self), NULL);
  return self->name != NULL ? self->name : self->id;
}

void
ork_job_set_name (OrkJob     *self,
                  const char *name)
{
  const char *old;

  g_return_if_fail (ORK_IS_JOB (self));

  old = ork_job_get_name (self);
  if (g_strcmp0 (self->name, name) == 0)
    return;
  if (g_strcmp0 (old, name) == 0)
    {
      /* Same visible name (e.g. the id made explicit): store it quietly. */
      g_free (self->name);
      self->name = g_strdup (name);
      return;
    }
  g_free (self->name);
  self->name = g_strdup (name);
  notify_changed (self, PROP_NAME);
}

OrkJobType
ork_job_get_job_type (OrkJob *self)
{
  g_return_val_if_fail (ORK_IS_JOB (self), ORK_JOB_TYPE_SYNC);
  return self->job_type;
}

void
ork_job_set_job_type (OrkJob     *self,
                      OrkJobType  type)
{
  g_return_if_fail (ORK_IS_JOB (self));
  g_return_if_fail (type <= ORK_JOB_TYPE_COMMAND);

  if (self->job_type == type)
    return;
  self->job_type = type;
  notify_changed (self, PROP_JOB_TYPE);
}

gboolean
ork_job_get_enabled (OrkJob *self)
{
  g_return_val_if_fail (ORK_IS_JOB (self), FALSE);
  return self->enabled;
}

void
ork_job_set_enabled (OrkJob   *self,
                     gboolean  enabled)
{
  g_return_if_fail (ORK_IS_JOB (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;
  self->enabled = enabled;
  notify_changed (self, PROP_ENABLED);
}

OrkPriority
ork_job_get_priority (OrkJob *self)
{
  g_return_val_if_fail (ORK_IS_JOB (self), ORK_PRIORITY_NORMAL);
  return self->priority;
}

void
ork_job_set_priority (OrkJob      *self,
                      OrkPriority  priority)
{
  g_return_if_fail (ORK_IS_JOB (self));
  g_return_if_fail (priority <= ORK_PRIORITY_CRITICAL);

  if (self->priority == priority)
    return;
  self->priority = priority;
  notify_changed (self, PROP_PRIORITY);
}

const OrkSchedule *
ork_job_get_schedule (OrkJob *self)
{
  g_return_val_if_fail (ORK_IS_JOB (self), NULL);
  return self->schedule;
}

void
ork_job_set_schedule (OrkJob            *self,
                      const OrkSchedule *schedule)
{
  g_return_if_fail (ORK_IS_JOB (self));

  if (schedule == NULL)
    {
      /* No schedule means manual, as in a new job. */
      if (self->schedule->kind == ORK_SCHEDULE_MANUAL)
        return;
      g_clear_pointer (&self->schedule, ork_schedule_free);
      self->schedule = ork_schedule_new (ORK_SCHEDULE_MANUAL);
    }
  else
    {
      if (schedule == self->schedule || ork_schedule_equal (self->schedule, schedule))
        return;
      g_clear_pointer (&self->schedule, ork_schedule_free);
      self->schedule = ork_schedule_copy (schedule);
    }
  notify_changed (self, PROP_SCHEDULE);
}

gint64
ork_job_get_start_jitter (OrkJob *self)
{
  g_return_val_if_fail (ORK_IS_JOB (self), 0);
  return self->start_jitter_ms;
}

void
ork_job_set_start_jitter (OrkJob *self,
                          gint64  ms)
{
  g_return_if_fail (ORK_IS_JOB (self));
  g_return_if_fail (ms >= 0);

  if (self->start_jitter_ms == ms)
    return;
  self->start_jitter_ms = ms;
  notify_changed (self, PROP_START_JITTER);
}

const OrkRetryPolicy *
ork_job_get_retry (OrkJob *self)
{
  g_return_val_if_fail (ORK_IS_JOB (self), NULL);
  return self->retry;
}

void
ork_job_set_retry (OrkJob               *self,
                   const OrkRetryPolicy *retry)
{
  g_return_if_fail (ORK_IS_JOB (self));

  if (retry == NULL)
    {
      g_autoptr(OrkRetryPolicy) def = ork_retry_policy_new ();

      if (ork_retry_policy_equal (self->retry, def))
        return;
      g_clear_pointer (&self->retry, ork_retry_policy_free);
      self->retry = g_steal_pointer (&def);
    }
  else
    {
      if (retry == self->retry || ork_retry_policy_equal (self->retry, retry))
        return;
      g_clear_pointer (&self->retry, ork_retry_policy_free);
      self->retry = ork_retry_policy_copy (retry);
    }
  notify_changed (self, PROP_RETRY);
}

gint64
ork_job_get_timeout (OrkJob *self)
{
  g_return_val_if_fail (ORK_IS_JOB (self), ORK_DURATION_NONE);
  return self->timeout_ms;
}

void
ork_job_set_timeout (OrkJob *self,
                     gint64  ms)
{
  g_return_if_fail (ORK_IS_JOB (self));
  g_return_if_fail (ms >= 0 || ms == ORK_DURATION_NONE);

  if (self->timeout_ms == ms)
    return;
  self->timeout_ms = ms;
  notify_changed (self, PROP_TIMEOUT);
}

guint
ork_job_get_max_running (OrkJob *self)
{
  g_return_val_if_fail (ORK_IS_JOB (self), 1);
  return self->max_running;
}

void
ork_job_set_max_running (OrkJob *self,
                         guint   max_running)
{
  g_return_if_fail (ORK_IS_JOB (self));
  g_return_if_fail (max_running >= 1);

  if (self->max_running == max_running)
    return;
  self->max_running = max_running;
  notify_changed (self, PROP_MAX_RUNNING);
}

OrkOverlap
ork_job_get_overlap (OrkJob *self)
{
  g_return_val_if_fail (ORK_IS_JOB (self), ORK_OVERLAP_SKIP);
  return self->overlap;
}

void
ork_job_set_overlap (OrkJob     *self,
                     OrkOverlap  overlap)
{
  g_return_if_fail (ORK_IS_JOB (self));
  g_return_if_fail (overlap <= ORK_OVERLAP_ALLOW);

  if (self->overlap == overlap)
    return;
  self->overlap = overlap;
  notify_changed (self, PROP_OVERLAP);
}

const char *
ork_job_get_group (OrkJob *self)
{
  g_return_val_if_fail (ORK_IS_JOB (self), NULL);
  return self->group;
}

void
ork_job_set_group (OrkJob     *self,
                   const char *group)
{
  g_return_if_fail (ORK_IS_JOB (self));

  /* An empty group name means no group. */
  if (group != NULL && group[0] == '\0')
    group = NULL;
  set_string (self, &self->group, group, PROP_GROUP);
}

OrkMissedPolicy
ork_job_get_missed_policy (OrkJob *self)
{
  g_return_val_if_fail (ORK_IS_JOB (self), ORK_MISSED_RUN_ONCE);
  return self->missed_policy;
}

void
ork_job_set_missed_policy (OrkJob          *self,
                           OrkMissedPolicy  policy)
{
  g_return_if_fail (ORK_IS_JOB (self));
  g_return_if_fail (policy <= ORK_MISSED_RUN_ALL);

  if (self->missed_policy == policy)
    return;
  self->missed_policy = policy;
  notify_changed (self, PROP_MISSED_POLICY);
}

gint64
ork_job_get_missed_grace (OrkJob *self)
{
  g_return_val_if_fail (ORK_IS_JOB (self), 0);
  return self->missed_grace_ms;
}

void
ork_job_set_missed_grace (OrkJob *self,
                          gint64  ms)
{
  g_return_if_fail (ORK_IS_JOB (self));
  g_return_if_fail (ms >= 0);

  if (self->missed_grace_ms == ms)
    return;
  self->missed_grace_ms = ms;
  notify_changed (self, PROP_MISSED_GRACE);
}

OrkQuietMode
ork_job_get_quiet_mode (OrkJob *self)
{
  g_return_val_if_fail (ORK_IS_JOB (self), ORK_QUIET_INHERIT);
  return self->quiet_mode;
}

void
ork_job_set_quiet_mode (OrkJob       *self,
                        OrkQuietMode  mode)
{
  g_return_if_fail (ORK_IS_JOB (self));
  g_return_if_fail (mode <= ORK_QUIET_OWN);

  if (self->quiet_mode == mode)
    return;
  self->quiet_mode = mode;
  notify_changed (self, PROP_QUIET_MODE);
  /* The visible quiet hours depend on the mode. */
  if (self->quiet_hours != NULL)
    notify_changed (self, PROP_QUIET_HOURS);
}

const OrkQuietHours *
ork_job_get_quiet_hours (OrkJob *self)
{
  g_return_val_if_fail (ORK_IS_JOB (self), NULL);
  return self->quiet_mode == ORK_QUIET_OWN ? self->quiet_hours : NULL;
}

/* Setting windows of its own switches the job to ORK_QUIET_OWN; the windows
 * are kept (but not visible) if the mode is changed later, so that an editor
 * can switch back and forth without losing them. */
void
ork_job_set_quiet_hours (OrkJob              *self,
                         const OrkQuietHours *quiet_hours)
{
  gboolean changed = FALSE;

  g_return_if_fail (ORK_IS_JOB (self));

  if (quiet_hours == NULL)
    {
      if (self->quiet_hours == NULL)
        return;
      changed = self->quiet_mode == ORK_QUIET_OWN;
      g_clear_pointer (&self->quiet_hours, ork_quiet_hours_free);
    }
  else if (self->quiet_hours == NULL || !ork_quiet_hours_equal (self->quiet_hours, quiet_hours))
    {
      OrkQuietHours *copy = ork_quiet_hours_copy (quiet_hours);

      g_clear_pointer (&self->quiet_hours, ork_quiet_hours_free);
      self->quiet_hours = copy;
      changed = TRUE;
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (quiet_hours != NULL)
    ork_job_set_quiet_mode (self, ORK_QUIET_OWN);
  if (changed)
    notify_changed (self, PROP_QUIET_HOURS);
  g_object_thaw_notify (G_OBJECT (self));
}

const OrkSimSpec *
ork_job_get_simulation (OrkJob *self)
{
  g_return_val_if_fail (ORK_IS_JOB (self), NULL);
  return self->simulation;
}

void
ork_job_set_simulation (OrkJob           *self,
                        const OrkSimSpec *spec)
{
  g_return_if_fail (ORK_IS_JOB (self));

  if (spec == NULL)
    {
      g_autoptr(OrkSimSpec) def = ork_sim_spec_new_for_type (self->job_type);

      if (ork_sim_spec_equal (self->simulation, def))
        return;
      g_clear_pointer (&self->simulation, ork_sim_spec_free);
      self->simulation = g_steal_pointer (&def);
    }
  else
    {
      if (spec == self->simulation || ork_sim_spec_equal (self->simulation, spec))
        return;
      g_clear_pointer (&self->simulation, ork_sim_spec_free);
      self->simulation = ork_sim_spec_copy (spec);
    }
  notify_changed (self, PROP_SIMULATION);
}

const char * const *
ork_job_get_argv (OrkJob *self)
{
  g_return_val_if_fail (ORK_IS_JOB (self), NULL);
  return (const char * const *) self->argv;
}

void
ork_job_set_argv (OrkJob             *self,
                  const char * const *argv)
{
  g_return_if_fail (ORK_IS_JOB (self));
  set_strv (self, &self->argv, argv, PROP_ARGV);
}

const char *
ork_job_get_cwd (OrkJob *self)
{
  g_return_val_if_fail (ORK_IS_JOB (self), NULL);
  return self->cwd;
}

void
ork_job_set_cwd (OrkJob     *self,
                 const char *cwd)
{
  g_return_if_fail (ORK_IS_JOB (self));
  set_string (self, &self->cwd, cwd, PROP_CWD);
}

const char * const *
ork_job_get_env (OrkJob *self)
{
  g_return_val_if_fail (ORK_IS_JOB (self), NULL);
  return (const char * const *) self->env;
}

void
ork_job_set_env (OrkJob             *self,
                 const char * const *env)
{
  g_return_if_fail (ORK_IS_JOB (self));
  set_strv (self, &self->env, env, PROP_ENV);
}

const char * const *
ork_job_get_tags (OrkJob *self)
{
  g_return_val_if_fail (ORK_IS_JOB (self), NULL);
  return (const char * const *) self->tags;
}

void
ork_job_set_tags (OrkJob             *self,
                  const char * const *tags)
{
  g_return_if_fail (ORK_IS_JOB (self));
  set_strv (self, &self->tags, tags, PROP_TAGS);
}

gboolean
ork_job_get_paused (OrkJob *self)
{
  g_return_val_if_fail (ORK_IS_JOB (self), FALSE);
  return self->paused;
}

void
ork_job_set_paused (OrkJob   *self,
                    gboolean  paused)
{
  g_return_if_fail (ORK_IS_JOB (self));

  paused = !!paused;
  if (self->paused == paused)
    return;
  self->paused = paused;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

OrkJobStatus
ork_job_get_status (OrkJob *self)
{
  g_return_val_if_fail (ORK_IS_JOB (self), ORK_JOB_STATUS_IDLE);
  return self->status;
}

void
ork_job_set_status (OrkJob       *self,
                    OrkJobStatus  status)
{
  g_return_if_fail (ORK_IS_JOB (self));
  g_return_if_fail (status <= ORK_JOB_STATUS_BLOCKED);

  if (self->status == status)
    return;
  self->status = status;
  /* The engine sets this on nearly every state change of every run; GLib
   * 2.74 does the whole notify dance even when nobody listens. One look-up
   * for any "notify" handler, detailed or not (a detailed look-up would miss
   * handlers of plain "notify"). */
  if (g_signal_handler_find (self, G_SIGNAL_MATCH_ID, notify_signal_id, 0, NULL, NULL, NULL) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}
