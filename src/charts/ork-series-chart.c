/* ork-series-chart.c — named time series over a span of time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-series-chart"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "ork-metrics.h"
#include "ork-series-chart.h"
#include "ork-time-axis.h"

/* Room at the end of the title line for a button the page puts over it. */
#define TITLE_RESERVE 44.0
#define MIN_TICK_SPACING 90.0

/* A line's points gathered per pixel column of the plot, in value space,
 * so a frame draws at most four points a column whatever the number of
 * points; computed again only when the points, the span or the layout
 * change. */
typedef struct
{
  double   first;
  double   last;
  double   min;
  double   max;
  gboolean have;
  gboolean gap;       /* a missing value came before this column's first */
} Column;

typedef struct
{
  char           *name;
  OrkChartColor   color;
  OrkSeriesStyle  style;
  GArray         *points;   /* OrkMetricsPoint */
  GArray         *columns;  /* Column, or NULL when out of date */
  int             column0;  /* the pixel column of columns[0] */
} Series;

struct _OrkSeriesChart
{
  GtkWidget      parent_instance;

  char          *title;
  char          *unit;
  OrkAxisFormat  format;
  GPtrArray     *series;    /* Series */
  gint64         start;
  gint64         end;
  gint64         bucket_width;
  GTimeZone     *zone;

  /* Layout of the last snapshot (or measure for tests). */
  int            layout_width;
  int            layout_height;
  graphene_rect_t plot;
  OrkAxisScale   scale;
  GArray        *ticks;     /* OrkAxisTick */
  double         header_bottom;

  double         hover_x;   /* < 0: none */
  int            hover_index;
  char          *readout;
};

G_DEFINE_FINAL_TYPE (OrkSeriesChart, ork_series_chart, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_UNIT,
  PROP_FORMAT,
  PROP_READOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
series_free (gpointer data)
{
  Series *series = data;

  g_free (series->name);
  g_clear_pointer (&series->points, g_array_unref);
  g_clear_pointer (&series->columns, g_array_unref);
  g_free (series);
}

/* Layout ------------------------------------------------------------------------------ */

static void
invalidate_columns (OrkSeriesChart *self)
{
  for (guint s = 0; s < self->series->len; s++)
    g_clear_pointer (&((Series *) self->series->pdata[s])->columns, g_array_unref);
}

static void
invalidate (OrkSeriesChart *self)
{
  invalidate_columns (self);
  self->layout_width = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static double
data_max (OrkSeriesChart *self)
{
  double max = 0;

  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = self->series->pdata[s];

      for (guint i = 0; i < series->points->len; i++)
        {
          double v = g_array_index (series->points, OrkMetricsPoint, i).value;

          if (isfinite (v) && v > max)
            max = v;
        }
    }
  return max;
}

static double
data_min_positive (OrkSeriesChart *self)
{
  double min = INFINITY;

  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = self->series->pdata[s];

      for (guint i = 0; i < series->points->len; i++)
        {
          double v = g_array_index (series->points, OrkMetricsPoint, i).value;

          if (isfinite (v) && v > 0 && v < min)
            min = v;
        }
    }
  return min;
}

static void
ensure_layout (OrkSeriesChart *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autofree OrkChartLegendItem *items = NULL;
  OrkChartPalette palette;
  double top, bottom, left, text_height, max;
  guint n_ticks;

  if (width == self->layout_width && height == self->layout_height && self->ticks != NULL)
    return;
  invalidate_columns (self);
  self->layout_width = width;
  self->layout_height = height;

  ork_chart_palette_lookup (widget, &palette);
  items = g_new0 (OrkChartLegendItem, MAX (self->series->len, 1));
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = self->series->pdata[s];

      items[s] = (OrkChartLegendItem) { series->name, series->color, series->style == ORK_SERIES_LINE };
    }
  self->header_bottom = ork_chart_draw_header (widget, NULL, &palette, width, TITLE_RESERVE,
                                               self->title, items, self->series->len);
  ork_chart_text_size (widget, "0:", TRUE, NULL, &text_height);

  top = self->header_bottom + (self->unit != NULL ? text_height + 6 : 4);
  bottom = text_height + 6 + ORK_CHART_PADDING;
  n_ticks = (guint) CLAMP ((height - top - bottom) / 40, 2, 8);

  max = data_max (self);
  g_clear_pointer (&self->ticks, g_array_unref);
  if (self->format == ORK_AXIS_FORMAT_DURATION)
    {
      /* Durations span decades (a stuck run among quick ones): a log axis
       * keeps both readable. */
      double min = data_min_positive (self);

      /* Log labels are short and evenly spread: they can sit closer. */
      guint n_labels = (guint) CLAMP ((height - top - bottom) / 26, 2, 10);

      self->ticks = ork_chart_axis_log_ticks (isfinite (min) ? min : 1000, MAX (max, 1000),
                                              n_labels, &self->scale.lo, &self->scale.hi);
      self->scale.log = TRUE;
    }
  else
    {
      if (self->format == ORK_AXIS_FORMAT_PERCENT && max <= 0)
        max = 1;
      self->ticks = ork_chart_axis_linear_ticks (0, max, n_ticks, self->format,
                                                 &self->scale.lo, &self->scale.hi);
      self->scale.log = FALSE;
    }

  left = ORK_CHART_PADDING + ork_chart_value_axis_width (widget, self->ticks) + 8;
  graphene_rect_init (&self->plot, left, top,
                      MAX (width - left - ORK_CHART_PADDING, 1),
                      MAX (height - top - bottom, 1));
}

static double
map_time (OrkSeriesChart *self,
          gint64          time)
{
  double span = (double) MAX (self->end - self->start, 1);

  return self->plot.origin.x + (double) (time - self->start) / span * self->plot.size.width;
}

static double
map_value (OrkSeriesChart *self,
           double          value)
{
  return self->plot.origin.y + self->plot.size.height
         - ork_axis_scale_fraction (&self->scale, value) * self->plot.size.height;
}

/* Hover -------------------------------------------------------------------------------- */

static GArray *
first_points (OrkSeriesChart *self)
{
  if (self->series->len == 0)
    return NULL;
  return ((Series *) self->series->pdata[0])->points;
}

/* The bucket of the first series whose middle is nearest to @x, or −1.
 * Points are in time order: a binary search. */
static int
bucket_at (OrkSeriesChart *self,
           double          x)
{
  GArray *points = first_points (self);
  double span = (double) MAX (self->end - self->start, 1);
  gint64 t;
  guint lo = 0, hi;
  int found = -1;
  double best = G_MAXDOUBLE;

  if (points == NULL || points->len == 0 || x < self->plot.origin.x - 1 ||
      x > self->plot.origin.x + self->plot.size.width + 1)
    return -1;
  t = self->start + (gint64) ((x - self->plot.origin.x) / self->plot.size.width * span)
      - self->bucket_width / 2;
  hi = points->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (points, OrkMetricsPoint, mid).time < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (guint i = lo > 0 ? lo - 1 : 0; i <= lo && i < points->len; i++)
    {
      double mid = map_time (self, g_array_index (points, OrkMetricsPoint, i).time + self->bucket_width / 2);

      if (fabs (mid - x) < best)
        {
          best = fabs (mid - x);
          found = (int) i;
        }
    }
  return found;
}

static char *
format_time (OrkSeriesChart *self,
             gint64          time)
{
  g_autoptr(GTimeZone) utc = NULL;
  GTimeZone *zone = self->zone;

  if (zone == NULL)
    zone = utc = g_time_zone_new_utc ();
  return ork_time_axis_format (time, MAX (self->bucket_width, ORK_USEC_PER_SEC), zone);
}

static char *
describe_bucket (OrkSeriesChart *self,
                 guint           index)
{
  GArray *points = first_points (self);
  GString *text;
  g_autofree char *when = NULL;

  g_assert (points != NULL && index < points->len);

  when = format_time (self, g_array_index (points, OrkMetricsPoint, index).time);
  text = g_string_new (when);
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = self->series->pdata[s];
      g_autofree char *value = NULL;

      if (index < series->points->len)
        value = ork_chart_axis_format (g_array_index (series->points, OrkMetricsPoint, index).value,
                                       self->format);
      else
        value = g_strdup ("—");
      /* TRANSLATORS: a series' name and its value in a chart's read-out */
      g_string_append_printf (text, _(", %s %s"), series->name, value);
    }
  return g_string_free (text, FALSE);
}

static void
set_readout (OrkSeriesChart *self,
             char           *readout)
{
  if (g_strcmp0 (self->readout, readout) == 0)
    {
      g_free (readout);
      return;
    }
  g_free (self->readout);
  self->readout = readout;
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), readout);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READOUT]);
}

static void
update_hover (OrkSeriesChart *self)
{
  int index = self->hover_x < 0 ? -1 : bucket_at (self, self->hover_x);

  self->hover_index = index;
  set_readout (self, index < 0 ? NULL : describe_bucket (self, (guint) index));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           OrkSeriesChart           *self)
{
  ork_series_chart_hover (self, x, y);
}

static void
on_leave (GtkEventControllerMotion *controller,
          OrkSeriesChart           *self)
{
  ork_series_chart_hover (self, -1, -1);
}

static void
update_description (OrkSeriesChart *self)
{
  GString *text = g_string_new (NULL);
  GArray *points = first_points (self);

  if (points == NULL || points->len == 0)
    g_string_append (text, _("No data"));
  else
    {
      g_autofree char *from = format_time (self, g_array_index (points, OrkMetricsPoint, 0).time);
      g_autofree char *to = format_time (self, g_array_index (points, OrkMetricsPoint,
                                                              points->len - 1).time);

      /* TRANSLATORS: the span a chart shows, in its accessible description */
      g_string_append_printf (text, _("From %s to %s."), from, to);
      for (guint s = 0; s < self->series->len; s++)
        {
          Series *series = self->series->pdata[s];
          double max = NAN, sum = 0;
          guint n = 0;
          g_autofree char *max_text = NULL;
          g_autofree char *mean_text = NULL;

          for (guint i = 0; i < series->points->len; i++)
            {
              double v = g_array_index (series->points, OrkMetricsPoint, i).value;

              if (!isfinite (v))
                continue;
              max = isnan (max) || v > max ? v : max;
              sum += v;
              n++;
            }
          max_text = ork_chart_axis_format (max, self->format);
          mean_text = ork_chart_axis_format (n > 0 ? sum / n : NAN, self->format);
          /* TRANSLATORS: a series' largest and mean value, in a chart's accessible description */
          g_string_append_printf (text, _(" %s: highest %s, mean %s."), series->name, max_text,
                                  mean_text);
        }
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->title ? self->title : "",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                  -1);
  g_string_free (text, TRUE);
}

/* Drawing ------------------------------------------------------------------------------ */

static void
draw_time_axis (OrkSeriesChart        *self,
                cairo_t               *cr,
                const OrkChartPalette *palette)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GArray) ticks = NULL;
  double bottom = self->plot.origin.y + self->plot.size.height;

  if (self->end <= self->start)
    return;
  ticks = ork_time_axis_ticks (self->start, self->end, self->plot.size.width, MIN_TICK_SPACING,
                               self->zone ? self->zone : (utc = g_time_zone_new_utc ()), NULL);
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < ticks->len; i++)
    {
      const OrkTimeTick *tick = &g_array_index (ticks, OrkTimeTick, i);
      double x = round (map_time (self, tick->time)) + 0.5;

      cairo_move_to (cr, x, bottom);
      cairo_line_to (cr, x, bottom + (tick->major ? 5 : 3));
    }
  /* The base line. */
  cairo_move_to (cr, self->plot.origin.x, round (bottom) + 0.5);
  cairo_line_to (cr, self->plot.origin.x + self->plot.size.width, round (bottom) + 0.5);
  gdk_cairo_set_source_rgba (cr, &palette->muted);
  cairo_stroke (cr);

  for (guint i = 0; i < ticks->len; i++)
    {
      const OrkTimeTick *tick = &g_array_index (ticks, OrkTimeTick, i);
      double x = map_time (self, tick->time);
      double w;

      if (tick->label == NULL)
        continue;
      ork_chart_text_size (widget, tick->label, TRUE, &w, NULL);
      /* Labels stay inside the widget. */
      x = CLAMP (x, w / 2 + 2, self->layout_width - w / 2 - 2);
      ork_chart_draw_text (widget, cr, tick->label, TRUE, x, bottom + 6, 0.5, 0, &palette->foreground);
    }
}

static void
ensure_columns (OrkSeriesChart *self,
                Series         *series)
{
  int c_min, c_max, n;
  gboolean gap = FALSE;

  if (series->columns != NULL)
    return;
  /* One column beyond each edge gathers what lies past it, so the line
   * still leaves the plot towards it (clipped). */
  c_min = (int) floor (self->plot.origin.x) - 1;
  c_max = (int) ceil (self->plot.origin.x + self->plot.size.width) + 1;
  n = c_max - c_min + 1;
  series->column0 = c_min;
  series->columns = g_array_sized_new (FALSE, TRUE, sizeof (Column), n);
  g_array_set_size (series->columns, n);

  for (guint i = 0; i < series->points->len; i++)
    {
      const OrkMetricsPoint *p = &g_array_index (series->points, OrkMetricsPoint, i);
      Column *column;
      int c;

      if (!isfinite (p->value))
        {
          gap = TRUE;
          continue;
        }
      c = (int) floor (map_time (self, p->time + self->bucket_width / 2));
      c = CLAMP (c, c_min, c_max);
      column = &g_array_index (series->columns, Column, c - c_min);
      if (!column->have)
        {
          column->have = TRUE;
          column->gap = gap;
          column->first = column->last = column->min = column->max = p->value;
        }
      else
        {
          column->last = p->value;
          column->min = MIN (column->min, p->value);
          column->max = MAX (column->max, p->value);
        }
      gap = FALSE;
    }
}

/* Strokes a line through its columns; with more points than columns, fills
 * each column from its minimum to its maximum (joined to the previous
 * column's last value) instead: a zigzag stroke through thousands of
 * reversals costs cairo's rasteriser far more than the same band as
 * rectangles. */
static void
draw_line (OrkSeriesChart *self,
           cairo_t        *cr,
           Series         *series)
{
  gboolean pen_down = FALSE;
  gboolean dense;
  double prev_y = NAN;

  ensure_columns (self, series);
  dense = series->points->len > series->columns->len;
  for (guint i = 0; i < series->columns->len; i++)
    {
      const Column *column = &g_array_index (series->columns, Column, i);
      double cx = series->column0 + (int) i + 0.5;

      if (!column->have)
        continue;
      if (column->gap)
        {
          pen_down = FALSE;
          prev_y = NAN;
        }
      if (dense)
        {
          double y_min = map_value (self, column->min), y_max = map_value (self, column->max);
          double top = MIN (y_min, y_max), bottom = MAX (y_min, y_max);

          if (!isnan (prev_y))
            {
              top = MIN (top, prev_y);
              bottom = MAX (bottom, prev_y);
            }
          cairo_rectangle (cr, cx - 1, top - 1, 2, bottom - top + 2);
          prev_y = map_value (self, column->last);
        }
      else
        {
          double y = map_value (self, column->first);

          if (!pen_down)
            cairo_move_to (cr, cx, y);
          cairo_line_to (cr, cx, y);
          if (column->min < column->max)
            {
              cairo_line_to (cr, cx, map_value (self, column->min));
              cairo_line_to (cr, cx, map_value (self, column->max));
            }
          cairo_line_to (cr, cx, map_value (self, column->last));
          pen_down = TRUE;
        }
    }
  if (dense)
    cairo_fill (cr);
  else
    cairo_stroke (cr);
}

static void
draw_bars (OrkSeriesChart *self,
           cairo_t        *cr,
           Series         *series)
{
  double base = self->plot.origin.y + self->plot.size.height;
  int column = G_MININT;
  double column_top = base;

  for (guint i = 0; i < series->points->len; i++)
    {
      const OrkMetricsPoint *p = &g_array_index (series->points, OrkMetricsPoint, i);
      double x0 = map_time (self, p->time);
      double x1 = map_time (self, p->time + self->bucket_width);
      double y;

      if (!isfinite (p->value) || p->value <= 0)
        continue;
      y = map_value (self, p->value);
      if (x1 - x0 >= 2)
        {
          /* Wide enough for a bar per bucket, with a gap when there is room. */
          double gap = x1 - x0 >= 5 ? 1 : 0;

          cairo_rectangle (cr, x0 + gap, y, x1 - x0 - gap, base - y);
          continue;
        }
      /* Narrower than a pixel or two: the tallest per column. */
      if ((int) floor (x0) != column)
        {
          if (column != G_MININT && column_top < base)
            cairo_rectangle (cr, column, column_top, 1, base - column_top);
          column = (int) floor (x0);
          column_top = base;
        }
      column_top = MIN (column_top, y);
    }
  if (column != G_MININT && column_top < base)
    cairo_rectangle (cr, column, column_top, 1, base - column_top);
}

static void
ork_series_chart_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  OrkSeriesChart *self = ORK_SERIES_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autofree OrkChartLegendItem *items = NULL;
  OrkChartPalette palette;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  ensure_layout (self);
  ork_chart_palette_lookup (widget, &palette);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  items = g_new0 (OrkChartLegendItem, MAX (self->series->len, 1));
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = self->series->pdata[s];

      items[s] = (OrkChartLegendItem) { series->name, series->color, series->style == ORK_SERIES_LINE };
    }
  ork_chart_draw_header (widget, cr, &palette, width, TITLE_RESERVE, self->title, items,
                         self->series->len);
  ork_chart_draw_value_axis (widget, cr, &palette, &self->plot, self->ticks, &self->scale,
                             self->unit);
  draw_time_axis (self, cr, &palette);

  cairo_save (cr);
  cairo_rectangle (cr, self->plot.origin.x, self->plot.origin.y - 2,
                   self->plot.size.width, self->plot.size.height + 2);
  cairo_clip (cr);

  /* The hovered bucket under the marks. */
  if (self->hover_index >= 0 && first_points (self) != NULL &&
      (guint) self->hover_index < first_points (self)->len)
    {
      gint64 t = g_array_index (first_points (self), OrkMetricsPoint, self->hover_index).time;
      double x0 = map_time (self, t), x1 = map_time (self, t + self->bucket_width);

      if (x1 - x0 < 3)
        {
          x0 = (x0 + x1) / 2 - 1.5;
          x1 = x0 + 3;
        }
      gdk_cairo_set_source_rgba (cr, &palette.selection);
      cairo_rectangle (cr, x0, self->plot.origin.y, x1 - x0, self->plot.size.height);
      cairo_fill (cr);
    }

  cairo_set_line_width (cr, 2);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = self->series->pdata[s];
      GdkRGBA color;

      ork_chart_color_resolve (&palette, series->color, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      if (series->style == ORK_SERIES_BARS)
        {
          draw_bars (self, cr, series);
          cairo_fill (cr);
        }
      else
        draw_line (self, cr, series);
    }
  cairo_restore (cr);
  cairo_destroy (cr);
}

static void
ork_series_chart_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 180;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 360 : 220;
}

static void
ork_series_chart_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  OrkSeriesChart *self = ORK_SERIES_CHART (widget);

  self->layout_width = -1;
  if (self->hover_x >= 0)
    update_hover (self);
}

static void
ork_series_chart_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (ork_series_chart_parent_class)->css_changed (widget, change);
  invalidate (ORK_SERIES_CHART (widget));
}

/* GObject ------------------------------------------------------------------------------- */

static void
ork_series_chart_finalize (GObject *object)
{
  OrkSeriesChart *self = ORK_SERIES_CHART (object);

  g_free (self->title);
  g_free (self->unit);
  g_free (self->readout);
  g_ptr_array_unref (self->series);
  g_clear_pointer (&self->ticks, g_array_unref);
  g_clear_pointer (&self->zone, g_time_zone_unref);

  G_OBJECT_CLASS (ork_series_chart_parent_class)->finalize (object);
}

static void
ork_series_chart_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  OrkSeriesChart *self = ORK_SERIES_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;
    case PROP_FORMAT:
      g_value_set_int (value, self->format);
      break;
    case PROP_READOUT:
      g_value_set_string (value, self->readout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_series_chart_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  OrkSeriesChart *self = ORK_SERIES_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      ork_series_chart_set_title (self, g_value_get_string (value));
      break;
    case PROP_UNIT:
      ork_series_chart_set_unit (self, g_value_get_string (value));
      break;
    case PROP_FORMAT:
      ork_series_chart_set_format (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_series_chart_class_init (OrkSeriesChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ork_series_chart_finalize;
  object_class->get_property = ork_series_chart_get_property;
  object_class->set_property = ork_series_chart_set_property;

  widget_class->snapshot = ork_series_chart_snapshot;
  widget_class->measure = ork_series_chart_measure;
  widget_class->size_allocate = ork_series_chart_size_allocate;
  widget_class->css_changed = ork_series_chart_css_changed;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FORMAT] =
    g_param_spec_int ("format", NULL, NULL, ORK_AXIS_FORMAT_NUMBER, ORK_AXIS_FORMAT_DURATION,
                      ORK_AXIS_FORMAT_NUMBER,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READOUT] =
    g_param_spec_string ("readout", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "orkserieschart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ork_series_chart_init (OrkSeriesChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->series = g_ptr_array_new_with_free_func (series_free);
  self->hover_x = -1;
  self->hover_index = -1;
  self->layout_width = -1;
  self->bucket_width = ORK_METRICS_DEFAULT_BUCKET_WIDTH;

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  update_description (self);
}

/* Public API --------------------------------------------------------------------------- */

GtkWidget *
ork_series_chart_new (const char    *title,
                      const char    *unit,
                      OrkAxisFormat  format)
{
  return g_object_new (ORK_TYPE_SERIES_CHART,
                       "title", title,
                       "unit", unit,
                       "format", format,
                       NULL);
}

void
ork_series_chart_set_title (OrkSeriesChart *self,
                            const char     *title)
{
  g_return_if_fail (ORK_IS_SERIES_CHART (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  update_description (self);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
ork_series_chart_get_title (OrkSeriesChart *self)
{
  g_return_val_if_fail (ORK_IS_SERIES_CHART (self), NULL);

  return self->title;
}

void
ork_series_chart_set_unit (OrkSeriesChart *self,
                           const char     *unit)
{
  g_return_if_fail (ORK_IS_SERIES_CHART (self));

  if (g_strcmp0 (self->unit, unit) == 0)
    return;
  g_free (self->unit);
  self->unit = g_strdup (unit);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT]);
}

void
ork_series_chart_set_format (OrkSeriesChart *self,
                             OrkAxisFormat   format)
{
  g_return_if_fail (ORK_IS_SERIES_CHART (self));

  if (self->format == format)
    return;
  self->format = format;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMAT]);
}

void
ork_series_chart_set_span (OrkSeriesChart *self,
                           gint64          start,
                           gint64          end,
                           gint64          bucket_width)
{
  g_return_if_fail (ORK_IS_SERIES_CHART (self));
  g_return_if_fail (bucket_width > 0);

  self->start = start;
  self->end = MAX (end, start + 1);
  self->bucket_width = bucket_width;
  invalidate (self);
}

void
ork_series_chart_set_time_zone (OrkSeriesChart *self,
                                GTimeZone      *zone)
{
  g_return_if_fail (ORK_IS_SERIES_CHART (self));

  if (zone != NULL)
    g_time_zone_ref (zone);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = zone;
  invalidate (self);
}

void
ork_series_chart_clear (OrkSeriesChart *self)
{
  g_return_if_fail (ORK_IS_SERIES_CHART (self));

  g_ptr_array_set_size (self->series, 0);
  update_description (self);
  update_hover (self);
  invalidate (self);
}

void
ork_series_chart_add_series (OrkSeriesChart *self,
                             const char     *name,
                             OrkChartColor   color,
                             OrkSeriesStyle  style,
                             GArray         *points)
{
  Series *series;

  g_return_if_fail (ORK_IS_SERIES_CHART (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (points == NULL || g_array_get_element_size (points) == sizeof (OrkMetricsPoint));

  series = g_new0 (Series, 1);
  series->name = g_strdup (name);
  series->color = color;
  series->style = style;
  series->points = g_array_sized_new (FALSE, FALSE, sizeof (OrkMetricsPoint),
                                      points != NULL ? points->len : 0);
  if (points != NULL)
    g_array_append_vals (series->points, points->data, points->len);
  g_ptr_array_add (self->series, series);
  update_description (self);
  update_hover (self);
  invalidate (self);
}

guint
ork_series_chart_get_n_series (OrkSeriesChart *self)
{
  g_return_val_if_fail (ORK_IS_SERIES_CHART (self), 0);

  return self->series->len;
}

double
ork_series_chart_time_to_x (OrkSeriesChart *self,
                            gint64          time)
{
  g_return_val_if_fail (ORK_IS_SERIES_CHART (self), NAN);

  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0)
    return NAN;
  ensure_layout (self);
  return map_time (self, time);
}

double
ork_series_chart_value_to_y (OrkSeriesChart *self,
                             double          value)
{
  g_return_val_if_fail (ORK_IS_SERIES_CHART (self), NAN);

  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0)
    return NAN;
  ensure_layout (self);
  return map_value (self, value);
}

void
ork_series_chart_hover (OrkSeriesChart *self,
                        double          x,
                        double          y)
{
  g_return_if_fail (ORK_IS_SERIES_CHART (self));

  self->hover_x = x;
  if (x >= 0 && gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    ensure_layout (self);
  update_hover (self);
}

const char *
ork_series_chart_get_readout (OrkSeriesChart *self)
{
  g_return_val_if_fail (ORK_IS_SERIES_CHART (self), NULL);

  return self->readout;
}

GPtrArray *
ork_series_chart_dup_table (OrkSeriesChart *self,
                            GStrv          *headers)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  GArray *points;

  g_return_val_if_fail (ORK_IS_SERIES_CHART (self), NULL);

  /* TRANSLATORS: the first column of a chart's table: when a bucket starts */
  g_strv_builder_add (builder, _("Time"));
  for (guint s = 0; s < self->series->len; s++)
    g_strv_builder_add (builder, ((Series *) self->series->pdata[s])->name);
  if (headers != NULL)
    *headers = g_strv_builder_end (builder);

  points = first_points (self);
  for (guint i = 0; points != NULL && i < points->len; i++)
    {
      GString *row = g_string_new (NULL);
      g_autofree char *when = format_time (self, g_array_index (points, OrkMetricsPoint, i).time);

      g_string_append (row, when);
      for (guint s = 0; s < self->series->len; s++)
        {
          Series *series = self->series->pdata[s];
          g_autofree char *value = NULL;

          value = ork_chart_axis_format (i < series->points->len
                                         ? g_array_index (series->points, OrkMetricsPoint, i).value
                                         : NAN, self->format);
          g_string_append_c (row, '\t');
          g_string_append (row, value);
        }
      g_ptr_array_add (rows, g_string_free (row, FALSE));
    }
  return rows;
}
