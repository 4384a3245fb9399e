/* ork-quiet-hours.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-quiet-hours"

#include "config.h"

#include "ork-quiet-hours.h"

/* Windows are matched in "wall time": microseconds since 1970-01-01 00:00
 * of the zone's local calendar, as if that calendar had no offset changes.
 * In wall time every day is exactly 24 h long and windows repeat every
 * week, so matching and chaining are plain arithmetic; only the final end
 * is turned back into an instant, which is where DST is dealt with. */

#define MINUTES_PER_DAY 1440
#define USEC_PER_MIN G_GINT64_CONSTANT (60000000)
#define USEC_PER_DAY (USEC_PER_MIN * MINUTES_PER_DAY)
#define ALL_DAYS 0x7f

G_DEFINE_BOXED_TYPE (OrkQuietHours, ork_quiet_hours, ork_quiet_hours_copy, ork_quiet_hours_free)

static gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  if ((a % b != 0) && ((a < 0) != (b < 0)))
    q--;
  return q;
}

/* 0 = Sunday .. 6 = Saturday; day 0 (1970-01-01) was a Thursday. */
static guint
weekday_of_day (gint64 day)
{
  gint64 wd = (day + 4) % 7;

  return (guint) (wd < 0 ? wd + 7 : wd);
}

/* The zone's offset from UTC, in seconds, at instant @utc_s. */
static gint64
offset_at (GTimeZone *tz,
           gint64     utc_s)
{
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, utc_s);

  return g_time_zone_get_offset (tz, MAX (interval, 0));
}

static gint64
wall_time_of (GTimeZone *tz,
              gint64     time_us)
{
  gint64 utc_s = floor_div (time_us, G_USEC_PER_SEC);

  return time_us + offset_at (tz, utc_s) * G_USEC_PER_SEC;
}

/* The first instant at or after @not_before_s whose wall time is at least
 * @wall_s: the instant the wall clock shows @wall_s (its first showing after
 * @not_before_s, if a fall-back hour repeats it), or, when @wall_s falls in
 * a spring-forward gap, the instant the gap ends.
 *
 * The offsets tried are those in force about a day either side; no zone has
 * changed its offset twice within such a span. */
static gint64
instant_of_wall (GTimeZone *tz,
                 gint64     wall_s,
                 gint64     not_before_s)
{
  gint64 offsets[3];
  gint64 best = G_MAXINT64;
  gint64 lo = G_MAXINT64;
  gint64 hi = G_MININT64;

  offsets[0] = offset_at (tz, wall_s - 30 * 3600);
  offsets[1] = offset_at (tz, wall_s);
  offsets[2] = offset_at (tz, wall_s + 30 * 3600);

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      gint64 candidate = wall_s - offsets[i];

      lo = MIN (lo, candidate);
      hi = MAX (hi, candidate);
      if (offset_at (tz, candidate) == offsets[i] && candidate >= not_before_s)
        best = MIN (best, candidate);
    }

  if (best != G_MAXINT64)
    return best;

  /* A gap: the wall clock jumps over @wall_s somewhere in [lo, hi]. Find the
   * first second whose wall time has passed it; over so short a span the
   * wall time only moves forward. */
  lo = MAX (lo, not_before_s);
  while (lo < hi)
    {
      gint64 mid = lo + (hi - lo) / 2;

      if (mid + offset_at (tz, mid) >= wall_s)
        hi = mid;
      else
        lo = mid + 1;
    }

  return MAX (hi, not_before_s);
}

/* If @wall lies in an occurrence of @window, returns the wall time at which
 * that occurrence ends, else G_MININT64. An occurrence belongs to the day it
 * starts, so a window crossing midnight is looked up on the day before too. */
static gint64
occurrence_end (const OrkQuietWindow *window,
                gint64                wall)
{
  gint64 today = floor_div (wall, USEC_PER_DAY);
  guint days = (window->days & ALL_DAYS) != 0 ? window->days & ALL_DAYS : ALL_DAYS;
  gint64 end = G_MININT64;

  for (gint64 day = today - 1; day <= today; day++)
    {
      gint64 start_wall;
      gint64 end_wall;

      if ((days & (1u << weekday_of_day (day))) == 0)
        continue;

      start_wall = day * USEC_PER_DAY + window->from_min * USEC_PER_MIN;
      end_wall = day * USEC_PER_DAY + window->to_min * USEC_PER_MIN;
      if (window->to_min <= window->from_min)
        end_wall += USEC_PER_DAY;

      if (start_wall <= wall && wall < end_wall)
        end = MAX (end, end_wall);
    }

  return end;
}

OrkQuietHours *
ork_quiet_hours_new (void)
{
  OrkQuietHours *self = g_new0 (OrkQuietHours, 1);

  self->windows = g_array_new (FALSE, FALSE, sizeof (OrkQuietWindow));
  self->policy = ORK_QUIET_POLICY_DEFER;

  return self;
}

OrkQuietHours *
ork_quiet_hours_copy (const OrkQuietHours *self)
{
  OrkQuietHours *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = ork_quiet_hours_new ();
  copy->policy = self->policy;
  if (self->windows != NULL)
    g_array_append_vals (copy->windows, self->windows->data, self->windows->len);

  return copy;
}

void
ork_quiet_hours_free (OrkQuietHours *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->windows, g_array_unref);
  g_free (self);
}

gboolean
ork_quiet_hours_equal (const OrkQuietHours *a,
                       const OrkQuietHours *b)
{
  guint a_len;
  guint b_len;

  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  if (a->policy != b->policy)
    return FALSE;

  a_len = a->windows != NULL ? a->windows->len : 0;
  b_len = b->windows != NULL ? b->windows->len : 0;
  if (a_len != b_len)
    return FALSE;

  for (guint i = 0; i < a_len; i++)
    {
      const OrkQuietWindow *wa = &g_array_index (a->windows, OrkQuietWindow, i);
      const OrkQuietWindow *wb = &g_array_index (b->windows, OrkQuietWindow, i);
      guint days_a = (wa->days & ALL_DAYS) != 0 ? wa->days & ALL_DAYS : ALL_DAYS;
      guint days_b = (wb->days & ALL_DAYS) != 0 ? wb->days & ALL_DAYS : ALL_DAYS;

      if (wa->from_min != wb->from_min || wa->to_min != wb->to_min || days_a != days_b)
        return FALSE;
    }

  return TRUE;
}

void
ork_quiet_hours_add_window (OrkQuietHours *self,
                            guint          from_min,
                            guint          to_min,
                            guint8         days)
{
  OrkQuietWindow window;

  g_return_if_fail (self != NULL);
  g_return_if_fail (from_min < MINUTES_PER_DAY);
  g_return_if_fail (to_min < MINUTES_PER_DAY);
  g_return_if_fail (from_min != to_min);

  if (self->windows == NULL)
    self->windows = g_array_new (FALSE, FALSE, sizeof (OrkQuietWindow));

  /* No days means every day (DESIGN §2). */
  days &= ALL_DAYS;
  if (days == 0)
    days = ALL_DAYS;

  window.from_min = from_min;
  window.to_min = to_min;
  window.days = days;
  g_array_append_val (self->windows, window);
}

/* Follows the quiet stretch that contains @wall (a wall time in µs) from
 * window to window while each end lies inside another window. Returns FALSE
 * when @wall is in no window; *end_wall is ORK_TIME_NEVER for a stretch
 * longer than a week (windows repeat weekly, so it never ends). */
static gboolean
stretch_end (const OrkQuietHours *self,
             gint64               wall,
             gint64              *end_wall)
{
  gboolean inside = FALSE;

  *end_wall = wall;
  for (;;)
    {
      gint64 next = *end_wall;

      for (guint i = 0; i < self->windows->len; i++)
        {
          const OrkQuietWindow *window = &g_array_index (self->windows, OrkQuietWindow, i);

          next = MAX (next, occurrence_end (window, *end_wall));
        }

      if (next == *end_wall)
        break;

      inside = TRUE;
      *end_wall = next;

      if (*end_wall - wall > 8 * USEC_PER_DAY)
        {
          *end_wall = ORK_TIME_NEVER;
          return TRUE;
        }
    }
  return inside;
}

gboolean
ork_quiet_hours_contains (const OrkQuietHours *self,
                          GTimeZone           *tz,
                          gint64               time_us,
                          gint64              *window_end_us)
{
  g_autoptr(GTimeZone) utc = NULL;
  gint64 wall;
  gint64 end_wall;
  gint64 end_s;
  gboolean inside;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->windows == NULL || self->windows->len == 0)
    return FALSE;

  if (tz == NULL)
    tz = utc = g_time_zone_new_utc ();

  wall = wall_time_of (tz, time_us);
  inside = stretch_end (self, wall, &end_wall);

  /* A window is one span of real time, from its start to its end. Just
   * after a fall-back, wall times repeat: 02:15 CET may lie between a
   * 02:30 CEST start and a 04:00 CET end. Look at the time again with the
   * offset of three hours earlier, and keep it if that stretch is not over. */
  if (!inside)
    {
      gint64 earlier = time_us - 3 * G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
      gint64 wall_before = wall_time_of (tz, earlier) + (time_us - earlier);

      if (wall_before > wall && stretch_end (self, wall_before, &end_wall) &&
          end_wall != ORK_TIME_NEVER)
        {
          end_s = instant_of_wall (tz, end_wall / G_USEC_PER_SEC,
                                   floor_div (time_us, G_USEC_PER_SEC));
          if (end_s * G_USEC_PER_SEC > time_us)
            {
              if (window_end_us != NULL)
                *window_end_us = end_s * G_USEC_PER_SEC;
              return TRUE;
            }
        }
      return FALSE;
    }

  if (end_wall == ORK_TIME_NEVER)
    {
      if (window_end_us != NULL)
        *window_end_us = ORK_TIME_NEVER;
      return TRUE;
    }

  if (window_end_us != NULL)
    {
      /* Window ends are whole minutes, so whole seconds of wall time. */
      end_s = instant_of_wall (tz, end_wall / G_USEC_PER_SEC,
                               floor_div (time_us, G_USEC_PER_SEC));
      *window_end_us = end_s * G_USEC_PER_SEC;
    }

  return TRUE;
}
