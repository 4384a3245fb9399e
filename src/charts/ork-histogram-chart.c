/* ork-histogram-chart.c — a latency histogram on a log axis, with percentiles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-histogram-chart"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>

#include "ork-histogram-chart.h"
#include "ork-time-axis.h"

/* Room at the end of the title line for the latency chooser and a button. */
#define TITLE_RESERVE 190.0
/* Pixels per bin, about. */
#define BIN_WIDTH 8.0
#define MAX_BINS 96

static const double marker_q[ORK_HISTOGRAM_CHART_N_MARKERS] = { 0.50, 0.95, 0.99 };
static const char * const marker_names[ORK_HISTOGRAM_CHART_N_MARKERS] = { "p50", "p95", "p99" };

struct _OrkHistogramChart
{
  GtkWidget      parent_instance;

  char          *title;
  char          *unit;
  OrkHistogram  *histogram;
  double         markers[ORK_HISTOGRAM_CHART_N_MARKERS];

  /* Layout for the widget's size */
  int            layout_width;
  int            layout_height;
  graphene_rect_t plot;
  OrkAxisScale   x_scale;
  OrkAxisScale   y_scale;
  GArray        *x_ticks;
  GArray        *y_ticks;
  GArray        *edges;     /* double: n_bins + 1 */
  GArray        *counts;    /* guint64: n_bins */

  double         hover_x;
  int            hover_bin;
  char          *readout;
};

G_DEFINE_FINAL_TYPE (OrkHistogramChart, ork_histogram_chart, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_UNIT,
  PROP_READOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Binning -------------------------------------------------------------------------------- */

/* How many recorded values lie below @value, as the histogram reports them
 * (each at its bucket's middle): the histogram has no per-bucket accessor,
 * but the value at rank r is the percentile (r − ½) / n, so a binary search
 * over ranks finds it in O(log n) look-ups. */
static guint64
count_below (const OrkHistogram *histogram,
             double              value)
{
  guint64 n = ork_histogram_get_count (histogram);
  guint64 lo = 0, hi = n;

  /* The largest rank whose value is below @value (0: none). */
  while (lo < hi)
    {
      guint64 mid = lo + (hi - lo + 1) / 2;
      double v = ork_histogram_get_percentile (histogram, ((double) mid - 0.5) / (double) n);

      if (v < value)
        lo = mid;
      else
        hi = mid - 1;
    }
  return lo;
}

static void
invalidate (OrkHistogramChart *self)
{
  self->layout_width = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
legend_items (OrkHistogramChart  *self,
              OrkChartLegendItem *items,
              char              **labels)
{
  items[0] = (OrkChartLegendItem) { self->unit ? self->unit : _("Count"), ORK_CHART_COLOR_MUTED, FALSE };
  for (guint i = 0; i < ORK_HISTOGRAM_CHART_N_MARKERS; i++)
    {
      g_autofree char *value = ork_format_duration_short (self->markers[i]);

      /* TRANSLATORS: a percentile's name and value in a chart's legend, "p95 1.2 s" */
      labels[i] = g_strdup_printf (_("%s %s"), marker_names[i], value);
      items[i + 1] = (OrkChartLegendItem) { labels[i], ORK_CHART_COLOR_SERIES_1 + i, TRUE };
    }
}

static void
ensure_layout (OrkHistogramChart *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  /* Not shown (the table is): the bins of the natural size. */
  int width = gtk_widget_get_width (widget) > 0 ? gtk_widget_get_width (widget) : 360;
  int height = gtk_widget_get_height (widget) > 0 ? gtk_widget_get_height (widget) : 220;
  OrkChartLegendItem items[ORK_HISTOGRAM_CHART_N_MARKERS + 1];
  char *labels[ORK_HISTOGRAM_CHART_N_MARKERS] = { NULL };
  OrkChartPalette palette;
  double header, top, bottom, left, text_height, plot_width, max_count = 0;
  guint n_bins, n_labels;
  guint64 below = 0;

  if (width == self->layout_width && height == self->layout_height && self->x_ticks != NULL)
    return;
  self->layout_width = width;
  self->layout_height = height;

  ork_chart_palette_lookup (widget, &palette);
  legend_items (self, items, labels);
  header = ork_chart_draw_header (widget, NULL, &palette, width, TITLE_RESERVE, self->title, items,
                                  G_N_ELEMENTS (items));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    g_free (labels[i]);
  ork_chart_text_size (widget, "0:", TRUE, NULL, &text_height);
  top = header + text_height + 6;
  bottom = text_height + 6 + ORK_CHART_PADDING;

  /* Across: the durations, widened to round ones. */
  g_clear_pointer (&self->x_ticks, g_array_unref);
  n_labels = (guint) CLAMP (width / 70, 2, 12);
  if (self->histogram != NULL && ork_histogram_get_count (self->histogram) > 0)
    self->x_ticks = ork_chart_axis_log_ticks ((double) ork_histogram_get_min (self->histogram),
                                              (double) ork_histogram_get_max (self->histogram),
                                              n_labels, &self->x_scale.lo, &self->x_scale.hi);
  else
    self->x_ticks = ork_chart_axis_log_ticks (1000, 1000000, n_labels,
                                              &self->x_scale.lo, &self->x_scale.hi);
  self->x_scale.log = TRUE;

  /* Bins over the axis, counted once per layout. */
  plot_width = MAX (width - 2 * ORK_CHART_PADDING - 60, 1);
  n_bins = (guint) CLAMP (plot_width / BIN_WIDTH, 4, MAX_BINS);
  g_array_set_size (self->edges, 0);
  g_array_set_size (self->counts, 0);
  for (guint i = 0; i <= n_bins; i++)
    {
      double edge = ork_axis_scale_value (&self->x_scale, (double) i / n_bins);

      g_array_append_val (self->edges, edge);
    }
  if (self->histogram != NULL && ork_histogram_get_count (self->histogram) > 0)
    {
      for (guint i = 1; i <= n_bins; i++)
        {
          /* The last bin takes everything up to the maximum. */
          guint64 upto = i == n_bins ? ork_histogram_get_count (self->histogram)
                                     : count_below (self->histogram,
                                                    g_array_index (self->edges, double, i));
          guint64 count = upto - below;

          g_array_append_val (self->counts, count);
          max_count = MAX (max_count, (double) count);
          below = upto;
        }
    }

  g_clear_pointer (&self->y_ticks, g_array_unref);
  self->y_ticks = ork_chart_axis_linear_ticks (0, MAX (max_count, 1),
                                               (guint) CLAMP ((height - top - bottom) / 40, 2, 6),
                                               ORK_AXIS_FORMAT_NUMBER,
                                               &self->y_scale.lo, &self->y_scale.hi);
  self->y_scale.log = FALSE;
  left = ORK_CHART_PADDING + ork_chart_value_axis_width (widget, self->y_ticks) + 8;
  graphene_rect_init (&self->plot, left, top, MAX (width - left - ORK_CHART_PADDING, 1),
                      MAX (height - top - bottom, 1));
}

static double
map_x (OrkHistogramChart *self,
       double             value)
{
  return self->plot.origin.x + ork_axis_scale_fraction (&self->x_scale, value) * self->plot.size.width;
}

static double
map_y (OrkHistogramChart *self,
       double             count)
{
  return self->plot.origin.y + self->plot.size.height
         - ork_axis_scale_fraction (&self->y_scale, count) * self->plot.size.height;
}

/* Hover and description ---------------------------------------------------------------------- */

static char *
describe_bin (OrkHistogramChart *self,
              guint              bin)
{
  g_autofree char *from = ork_format_duration_short (g_array_index (self->edges, double, bin));
  g_autofree char *to = ork_format_duration_short (g_array_index (self->edges, double, bin + 1));
  guint64 count = g_array_index (self->counts, guint64, bin);
  guint64 total = ork_histogram_get_count (self->histogram);

  /* TRANSLATORS: a histogram bin in a chart's read-out: "1 s – 1.2 s: 42 of 350 (12 %)" */
  return g_strdup_printf (_("%s – %s: %" PRIu64 " of %" PRIu64 " (%.1f %%)"), from, to, count, total,
                          total > 0 ? 100.0 * (double) count / (double) total : 0.0);
}

static void
set_readout (OrkHistogramChart *self,
             char              *readout)
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
update_hover (OrkHistogramChart *self)
{
  int bin = -1;

  if (self->hover_x >= 0 && self->counts->len > 0 &&
      self->hover_x >= self->plot.origin.x &&
      self->hover_x <= self->plot.origin.x + self->plot.size.width)
    {
      double fraction = (self->hover_x - self->plot.origin.x) / self->plot.size.width;

      bin = CLAMP ((int) floor (fraction * self->counts->len), 0, (int) self->counts->len - 1);
    }
  self->hover_bin = bin;
  set_readout (self, bin < 0 ? NULL : describe_bin (self, (guint) bin));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           OrkHistogramChart        *self)
{
  ork_histogram_chart_hover (self, x, y);
}

static void
on_leave (GtkEventControllerMotion *controller,
          OrkHistogramChart        *self)
{
  ork_histogram_chart_hover (self, -1, -1);
}

static void
update_description (OrkHistogramChart *self)
{
  g_autofree char *text = NULL;
  guint64 count = self->histogram ? ork_histogram_get_count (self->histogram) : 0;

  if (count == 0)
    text = g_strdup (_("No data"));
  else
    {
      g_autofree char *min = ork_format_duration_short (ork_histogram_get_min (self->histogram));
      g_autofree char *max = ork_format_duration_short (ork_histogram_get_max (self->histogram));
      g_autofree char *p50 = ork_format_duration_short (self->markers[0]);
      g_autofree char *p95 = ork_format_duration_short (self->markers[1]);
      g_autofree char *p99 = ork_format_duration_short (self->markers[2]);

      /* TRANSLATORS: a latency histogram in its accessible description */
      text = g_strdup_printf (_("%" PRIu64 " values from %s to %s; p50 %s, p95 %s, p99 %s."),
                              count, min, max, p50, p95, p99);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->title ? self->title : "",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

/* Drawing --------------------------------------------------------------------------------- */

static void
draw_x_axis (OrkHistogramChart     *self,
             cairo_t               *cr,
             const OrkChartPalette *palette)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double bottom = self->plot.origin.y + self->plot.size.height;

  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < self->x_ticks->len; i++)
    {
      const OrkAxisTick *tick = &g_array_index (self->x_ticks, OrkAxisTick, i);
      double x = round (map_x (self, tick->value)) + 0.5;

      cairo_move_to (cr, x, bottom);
      cairo_line_to (cr, x, bottom + (tick->major ? 5 : 3));
    }
  cairo_move_to (cr, self->plot.origin.x, round (bottom) + 0.5);
  cairo_line_to (cr, self->plot.origin.x + self->plot.size.width, round (bottom) + 0.5);
  gdk_cairo_set_source_rgba (cr, &palette->muted);
  cairo_stroke (cr);

  for (guint i = 0; i < self->x_ticks->len; i++)
    {
      const OrkAxisTick *tick = &g_array_index (self->x_ticks, OrkAxisTick, i);
      double x = map_x (self, tick->value), w;

      if (tick->label == NULL)
        continue;
      ork_chart_text_size (widget, tick->label, TRUE, &w, NULL);
      x = CLAMP (x, w / 2 + 2, self->layout_width - w / 2 - 2);
      ork_chart_draw_text (widget, cr, tick->label, TRUE, x, bottom + 6, 0.5, 0, &palette->foreground);
    }
}

static void
ork_histogram_chart_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  OrkHistogramChart *self = ORK_HISTOGRAM_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  OrkChartLegendItem items[ORK_HISTOGRAM_CHART_N_MARKERS + 1];
  char *labels[ORK_HISTOGRAM_CHART_N_MARKERS] = { NULL };
  OrkChartPalette palette;
  double base;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  ensure_layout (self);
  ork_chart_palette_lookup (widget, &palette);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  legend_items (self, items, labels);
  ork_chart_draw_header (widget, cr, &palette, width, TITLE_RESERVE, self->title, items,
                         G_N_ELEMENTS (items));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    g_free (labels[i]);
  ork_chart_draw_value_axis (widget, cr, &palette, &self->plot, self->y_ticks, &self->y_scale,
                             self->unit);
  draw_x_axis (self, cr, &palette);

  if (self->counts->len == 0)
    {
      ork_chart_draw_text (widget, cr, _("No data"), FALSE,
                           self->plot.origin.x + self->plot.size.width / 2,
                           self->plot.origin.y + self->plot.size.height / 2, 0.5, 0.5, &palette.muted);
      cairo_destroy (cr);
      return;
    }

  /* The bars, in one fill; the hovered one over them. */
  base = self->plot.origin.y + self->plot.size.height;
  for (guint i = 0; i < self->counts->len; i++)
    {
      guint64 count = g_array_index (self->counts, guint64, i);
      double x0 = map_x (self, g_array_index (self->edges, double, i));
      double x1 = map_x (self, g_array_index (self->edges, double, i + 1));
      double y = map_y (self, (double) count);

      if (count == 0)
        continue;
      /* A bin with few values still shows. */
      y = MIN (y, base - 1);
      cairo_rectangle (cr, x0 + 0.5, y, MAX (x1 - x0 - 1, 1), base - y);
    }
  gdk_cairo_set_source_rgba (cr, &palette.muted);
  cairo_fill (cr);

  if (self->hover_bin >= 0 && (guint) self->hover_bin < self->counts->len)
    {
      double x0 = map_x (self, g_array_index (self->edges, double, self->hover_bin));
      double x1 = map_x (self, g_array_index (self->edges, double, self->hover_bin + 1));

      gdk_cairo_set_source_rgba (cr, &palette.selection);
      cairo_rectangle (cr, x0, self->plot.origin.y, x1 - x0, self->plot.size.height);
      cairo_fill (cr);
    }

  /* The percentile markers. */
  cairo_set_line_width (cr, 2);
  for (guint i = 0; i < ORK_HISTOGRAM_CHART_N_MARKERS; i++)
    {
      GdkRGBA color;
      double x = round (map_x (self, self->markers[i]));

      ork_chart_color_resolve (&palette, ORK_CHART_COLOR_SERIES_1 + i, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_move_to (cr, x, self->plot.origin.y);
      cairo_line_to (cr, x, base);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
ork_histogram_chart_measure (GtkWidget      *widget,
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
ork_histogram_chart_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  OrkHistogramChart *self = ORK_HISTOGRAM_CHART (widget);

  self->layout_width = -1;
  if (self->hover_x >= 0)
    {
      ensure_layout (self);
      update_hover (self);
    }
}

static void
ork_histogram_chart_css_changed (GtkWidget         *widget,
                                 GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (ork_histogram_chart_parent_class)->css_changed (widget, change);
  invalidate (ORK_HISTOGRAM_CHART (widget));
}

/* GObject ----------------------------------------------------------------------------------- */

static void
ork_histogram_chart_finalize (GObject *object)
{
  OrkHistogramChart *self = ORK_HISTOGRAM_CHART (object);

  g_free (self->title);
  g_free (self->unit);
  g_free (self->readout);
  g_clear_pointer (&self->histogram, ork_histogram_free);
  g_clear_pointer (&self->x_ticks, g_array_unref);
  g_clear_pointer (&self->y_ticks, g_array_unref);
  g_array_unref (self->edges);
  g_array_unref (self->counts);

  G_OBJECT_CLASS (ork_histogram_chart_parent_class)->finalize (object);
}

static void
ork_histogram_chart_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OrkHistogramChart *self = ORK_HISTOGRAM_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;
    case PROP_READOUT:
      g_value_set_string (value, self->readout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_histogram_chart_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  OrkHistogramChart *self = ORK_HISTOGRAM_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      ork_histogram_chart_set_title (self, g_value_get_string (value));
      break;
    case PROP_UNIT:
      ork_histogram_chart_set_unit (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_histogram_chart_class_init (OrkHistogramChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ork_histogram_chart_finalize;
  object_class->get_property = ork_histogram_chart_get_property;
  object_class->set_property = ork_histogram_chart_set_property;

  widget_class->snapshot = ork_histogram_chart_snapshot;
  widget_class->measure = ork_histogram_chart_measure;
  widget_class->size_allocate = ork_histogram_chart_size_allocate;
  widget_class->css_changed = ork_histogram_chart_css_changed;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READOUT] =
    g_param_spec_string ("readout", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "orkhistogramchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ork_histogram_chart_init (OrkHistogramChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->edges = g_array_new (FALSE, FALSE, sizeof (double));
  self->counts = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->hover_x = -1;
  self->hover_bin = -1;
  self->layout_width = -1;

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  update_description (self);
}

/* Public API ------------------------------------------------------------------------------ */

GtkWidget *
ork_histogram_chart_new (const char *title,
                         const char *unit)
{
  return g_object_new (ORK_TYPE_HISTOGRAM_CHART, "title", title, "unit", unit, NULL);
}

void
ork_histogram_chart_set_title (OrkHistogramChart *self,
                               const char        *title)
{
  g_return_if_fail (ORK_IS_HISTOGRAM_CHART (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  update_description (self);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
ork_histogram_chart_get_title (OrkHistogramChart *self)
{
  g_return_val_if_fail (ORK_IS_HISTOGRAM_CHART (self), NULL);

  return self->title;
}

void
ork_histogram_chart_set_unit (OrkHistogramChart *self,
                              const char        *unit)
{
  g_return_if_fail (ORK_IS_HISTOGRAM_CHART (self));

  if (g_strcmp0 (self->unit, unit) == 0)
    return;
  g_free (self->unit);
  self->unit = g_strdup (unit);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT]);
}

void
ork_histogram_chart_set_histogram (OrkHistogramChart  *self,
                                   const OrkHistogram *histogram)
{
  g_return_if_fail (ORK_IS_HISTOGRAM_CHART (self));

  g_clear_pointer (&self->histogram, ork_histogram_free);
  if (histogram != NULL)
    self->histogram = ork_histogram_copy (histogram);
  for (guint i = 0; i < ORK_HISTOGRAM_CHART_N_MARKERS; i++)
    self->markers[i] = histogram ? ork_histogram_get_percentile (histogram, marker_q[i]) : 0;
  update_description (self);
  invalidate (self);
  ensure_layout (self);
  update_hover (self);
}

guint64
ork_histogram_chart_get_count (OrkHistogramChart *self)
{
  g_return_val_if_fail (ORK_IS_HISTOGRAM_CHART (self), 0);

  return self->histogram ? ork_histogram_get_count (self->histogram) : 0;
}

double
ork_histogram_chart_get_marker (OrkHistogramChart *self,
                                guint              index)
{
  g_return_val_if_fail (ORK_IS_HISTOGRAM_CHART (self), 0);
  g_return_val_if_fail (index < ORK_HISTOGRAM_CHART_N_MARKERS, 0);

  return self->markers[index];
}

double
ork_histogram_chart_value_to_x (OrkHistogramChart *self,
                                double             value)
{
  g_return_val_if_fail (ORK_IS_HISTOGRAM_CHART (self), NAN);

  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0)
    return NAN;
  ensure_layout (self);
  return map_x (self, value);
}

double
ork_histogram_chart_get_marker_x (OrkHistogramChart *self,
                                  guint              index)
{
  g_return_val_if_fail (ORK_IS_HISTOGRAM_CHART (self), NAN);
  g_return_val_if_fail (index < ORK_HISTOGRAM_CHART_N_MARKERS, NAN);

  return ork_histogram_chart_value_to_x (self, self->markers[index]);
}

void
ork_histogram_chart_hover (OrkHistogramChart *self,
                           double             x,
                           double             y)
{
  g_return_if_fail (ORK_IS_HISTOGRAM_CHART (self));

  self->hover_x = x;
  if (x >= 0 && gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    ensure_layout (self);
  update_hover (self);
}

const char *
ork_histogram_chart_get_readout (OrkHistogramChart *self)
{
  g_return_val_if_fail (ORK_IS_HISTOGRAM_CHART (self), NULL);

  return self->readout;
}

GPtrArray *
ork_histogram_chart_dup_table (OrkHistogramChart *self,
                               GStrv             *headers)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (ORK_IS_HISTOGRAM_CHART (self), NULL);

  if (headers != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      /* TRANSLATORS: columns of a histogram's table */
      g_strv_builder_add (builder, _("From"));
      g_strv_builder_add (builder, _("To"));
      g_strv_builder_add (builder, self->unit ? self->unit : _("Count"));
      *headers = g_strv_builder_end (builder);
    }
  ensure_layout (self);
  for (guint i = 0; i < self->counts->len; i++)
    {
      guint64 count = g_array_index (self->counts, guint64, i);
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      if (count == 0)
        continue;
      from = ork_format_duration_short (g_array_index (self->edges, double, i));
      to = ork_format_duration_short (g_array_index (self->edges, double, i + 1));
      g_ptr_array_add (rows, g_strdup_printf ("%s\t%s\t%" PRIu64, from, to, count));
    }
  return rows;
}
