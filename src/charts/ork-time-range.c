/* ork-time-range.c — the spans every chart shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-time-range"

#include "config.h"

#include <math.h>

#include "ork-time-range.h"

#define NO_TIME G_MININT64

struct _OrkTimeRange
{
  GObject  parent_instance;

  gboolean has_whole;
  gint64   whole_start;
  gint64   whole_end;
  gint64   visible_start;
  gint64   visible_end;
  gint64   selection_start;
  gint64   selection_end;
  gboolean following;
  gboolean fitted;      /* showing the whole span: grow with it */

  /* What changed since the last "changed". */
  guint    dirty;
};

G_DEFINE_FINAL_TYPE (OrkTimeRange, ork_time_range, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_WHOLE_START,
  PROP_WHOLE_END,
  PROP_VISIBLE_START,
  PROP_VISIBLE_END,
  PROP_SELECTION_START,
  PROP_SELECTION_END,
  PROP_HAS_SELECTION,
  PROP_FOLLOWING,
  N_PROPS
};

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Sets *@field to @value and remembers to notify @prop. */
static void
set_field (OrkTimeRange *self,
           gint64       *field,
           gint64        value,
           guint         prop)
{
  if (*field == value)
    return;
  *field = value;
  self->dirty |= 1u << prop;
}

static void
set_following (OrkTimeRange *self,
               gboolean      following)
{
  following = !!following;
  if (self->following == following)
    return;
  self->following = following;
  self->dirty |= 1u << PROP_FOLLOWING;
}

/* Notifies what changed, then emits "changed" once. */
static void
emit_changes (OrkTimeRange *self)
{
  guint dirty = self->dirty;

  if (dirty == 0)
    return;
  self->dirty = 0;
  g_object_freeze_notify (G_OBJECT (self));
  for (guint prop = 1; prop < N_PROPS; prop++)
    if (dirty & (1u << prop))
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  if (dirty & ((1u << PROP_SELECTION_START) | (1u << PROP_SELECTION_END)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_SELECTION]);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* Puts [@start, @end) in bounds and stores it; follows when it reaches the
 * whole end. */
static void
apply_visible (OrkTimeRange *self,
               gint64        start,
               gint64        end)
{
  gint64 width = end - start;
  gint64 middle;

  if (end < start || width < 0)
    width = ORK_TIME_RANGE_MIN_WIDTH;
  width = CLAMP (width, ORK_TIME_RANGE_MIN_WIDTH, ORK_TIME_RANGE_MAX_WIDTH);
  middle = start + (end - start) / 2;
  if (self->has_whole)
    middle = CLAMP (middle, self->whole_start, self->whole_end);
  start = middle - width / 2;
  end = start + width;

  set_field (self, &self->visible_start, start, PROP_VISIBLE_START);
  set_field (self, &self->visible_end, end, PROP_VISIBLE_END);
  set_following (self, self->has_whole && end >= self->whole_end);
}

static void
ork_time_range_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OrkTimeRange *self = ORK_TIME_RANGE (object);

  switch (prop_id)
    {
    case PROP_WHOLE_START:
      g_value_set_int64 (value, self->whole_start);
      break;
    case PROP_WHOLE_END:
      g_value_set_int64 (value, self->whole_end);
      break;
    case PROP_VISIBLE_START:
      g_value_set_int64 (value, self->visible_start);
      break;
    case PROP_VISIBLE_END:
      g_value_set_int64 (value, self->visible_end);
      break;
    case PROP_SELECTION_START:
      g_value_set_int64 (value, self->selection_start);
      break;
    case PROP_SELECTION_END:
      g_value_set_int64 (value, self->selection_end);
      break;
    case PROP_HAS_SELECTION:
      g_value_set_boolean (value, self->selection_start != NO_TIME);
      break;
    case PROP_FOLLOWING:
      g_value_set_boolean (value, self->following);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_time_range_class_init (OrkTimeRangeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = ork_time_range_get_property;

  properties[PROP_WHOLE_START] =
    g_param_spec_int64 ("whole-start", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_WHOLE_END] =
    g_param_spec_int64 ("whole-end", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_VISIBLE_START] =
    g_param_spec_int64 ("visible-start", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_VISIBLE_END] =
    g_param_spec_int64 ("visible-end", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_SELECTION_START] =
    g_param_spec_int64 ("selection-start", NULL, NULL, G_MININT64, G_MAXINT64, NO_TIME, flags);
  properties[PROP_SELECTION_END] =
    g_param_spec_int64 ("selection-end", NULL, NULL, G_MININT64, G_MAXINT64, NO_TIME, flags);
  properties[PROP_HAS_SELECTION] =
    g_param_spec_boolean ("has-selection", NULL, NULL, FALSE, flags);
  properties[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ork_time_range_init (OrkTimeRange *self)
{
  self->selection_start = NO_TIME;
  self->selection_end = NO_TIME;
  /* Until there is something to show: the hour from 00:00 UTC today. */
  self->visible_start = g_get_real_time ();
  self->visible_start -= self->visible_start % (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC);
  self->visible_end = self->visible_start + G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
}

OrkTimeRange *
ork_time_range_new (void)
{
  return g_object_new (ORK_TYPE_TIME_RANGE, NULL);
}

void
ork_time_range_set_whole (OrkTimeRange *self,
                          gint64        start,
                          gint64        end)
{
  gint64 width;

  g_return_if_fail (ORK_IS_TIME_RANGE (self));
  g_return_if_fail (end > start);

  width = self->visible_end - self->visible_start;
  set_field (self, &self->whole_start, start, PROP_WHOLE_START);
  set_field (self, &self->whole_end, end, PROP_WHOLE_END);
  if (!self->has_whole || self->fitted)
    {
      self->has_whole = TRUE;
      apply_visible (self, start, end);
      self->fitted = TRUE;
    }
  else if (self->following)
    apply_visible (self, end - width, end);
  else
    apply_visible (self, self->visible_start, self->visible_end);
  emit_changes (self);
}

gint64
ork_time_range_get_whole_start (OrkTimeRange *self)
{
  g_return_val_if_fail (ORK_IS_TIME_RANGE (self), 0);
  return self->whole_start;
}

gint64
ork_time_range_get_whole_end (OrkTimeRange *self)
{
  g_return_val_if_fail (ORK_IS_TIME_RANGE (self), 0);
  return self->whole_end;
}

void
ork_time_range_set_visible (OrkTimeRange *self,
                            gint64        start,
                            gint64        end)
{
  g_return_if_fail (ORK_IS_TIME_RANGE (self));

  self->fitted = FALSE;
  apply_visible (self, start, end);
  emit_changes (self);
}

gint64
ork_time_range_get_visible_start (OrkTimeRange *self)
{
  g_return_val_if_fail (ORK_IS_TIME_RANGE (self), 0);
  return self->visible_start;
}

gint64
ork_time_range_get_visible_end (OrkTimeRange *self)
{
  g_return_val_if_fail (ORK_IS_TIME_RANGE (self), 0);
  return self->visible_end;
}

gint64
ork_time_range_get_visible_width (OrkTimeRange *self)
{
  g_return_val_if_fail (ORK_IS_TIME_RANGE (self), 0);
  return self->visible_end - self->visible_start;
}

void
ork_time_range_zoom (OrkTimeRange *self,
                     double        factor,
                     gint64        anchor)
{
  double width, fraction, new_width;
  gint64 start;

  g_return_if_fail (ORK_IS_TIME_RANGE (self));
  g_return_if_fail (factor > 0 && isfinite (factor));

  width = (double) (self->visible_end - self->visible_start);
  fraction = ((double) anchor - (double) self->visible_start) / width;
  new_width = CLAMP (width / factor, (double) ORK_TIME_RANGE_MIN_WIDTH,
                     (double) ORK_TIME_RANGE_MAX_WIDTH);
  start = anchor - (gint64) llround (fraction * new_width);
  self->fitted = FALSE;
  apply_visible (self, start, start + (gint64) llround (new_width));
  emit_changes (self);
}

void
ork_time_range_zoom_center (OrkTimeRange *self,
                            double        factor)
{
  g_return_if_fail (ORK_IS_TIME_RANGE (self));
  ork_time_range_zoom (self, factor,
                       self->visible_start + (self->visible_end - self->visible_start) / 2);
}

void
ork_time_range_pan (OrkTimeRange *self,
                    gint64        delta)
{
  g_return_if_fail (ORK_IS_TIME_RANGE (self));

  self->fitted = FALSE;
  apply_visible (self, self->visible_start + delta, self->visible_end + delta);
  emit_changes (self);
}

void
ork_time_range_fit (OrkTimeRange *self)
{
  g_return_if_fail (ORK_IS_TIME_RANGE (self));

  if (!self->has_whole)
    return;
  apply_visible (self, self->whole_start, self->whole_end);
  set_following (self, TRUE);
  self->fitted = TRUE;
  emit_changes (self);
}

gboolean
ork_time_range_get_following (OrkTimeRange *self)
{
  g_return_val_if_fail (ORK_IS_TIME_RANGE (self), FALSE);
  return self->following;
}

void
ork_time_range_select (OrkTimeRange *self,
                       gint64        a,
                       gint64        b)
{
  g_return_if_fail (ORK_IS_TIME_RANGE (self));

  if (a == b)
    {
      ork_time_range_clear_selection (self);
      return;
    }
  set_field (self, &self->selection_start, MIN (a, b), PROP_SELECTION_START);
  set_field (self, &self->selection_end, MAX (a, b), PROP_SELECTION_END);
  emit_changes (self);
}

void
ork_time_range_clear_selection (OrkTimeRange *self)
{
  g_return_if_fail (ORK_IS_TIME_RANGE (self));

  set_field (self, &self->selection_start, NO_TIME, PROP_SELECTION_START);
  set_field (self, &self->selection_end, NO_TIME, PROP_SELECTION_END);
  emit_changes (self);
}

gboolean
ork_time_range_get_selection (OrkTimeRange *self,
                              gint64       *start,
                              gint64       *end)
{
  g_return_val_if_fail (ORK_IS_TIME_RANGE (self), FALSE);

  if (start != NULL)
    *start = self->selection_start;
  if (end != NULL)
    *end = self->selection_end;
  return self->selection_start != NO_TIME;
}

gboolean
ork_time_range_zoom_to_selection (OrkTimeRange *self)
{
  g_return_val_if_fail (ORK_IS_TIME_RANGE (self), FALSE);

  if (self->selection_start == NO_TIME)
    return FALSE;
  self->fitted = FALSE;
  apply_visible (self, self->selection_start, self->selection_end);
  emit_changes (self);
  return TRUE;
}

void
ork_time_range_get_focus (OrkTimeRange *self,
                          gint64       *start,
                          gint64       *end)
{
  g_return_if_fail (ORK_IS_TIME_RANGE (self));

  if (self->selection_start != NO_TIME)
    {
      *start = self->selection_start;
      *end = self->selection_end;
    }
  else
    {
      *start = self->visible_start;
      *end = self->visible_end;
    }
}

double
ork_time_range_time_to_x (OrkTimeRange *self,
                          gint64        time,
                          double        width)
{
  g_return_val_if_fail (ORK_IS_TIME_RANGE (self), 0);

  return ((double) (time - self->visible_start)) * width
         / (double) (self->visible_end - self->visible_start);
}

gint64
ork_time_range_x_to_time (OrkTimeRange *self,
                          double        x,
                          double        width)
{
  g_return_val_if_fail (ORK_IS_TIME_RANGE (self), 0);

  if (width <= 0)
    return self->visible_start;
  return self->visible_start
         + (gint64) llround (x * (double) (self->visible_end - self->visible_start) / width);
}
