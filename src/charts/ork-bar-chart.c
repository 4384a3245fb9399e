/* ork-bar-chart.c — a value per category, as bars
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-bar-chart"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "ork-bar-chart.h"

#define TITLE_RESERVE 44.0

struct _OrkBarChart
{
  GtkWidget      parent_instance;

  char          *title;
  char          *unit;
  char          *category_label;
  OrkChartColor  color;
  GStrv          labels;
  GStrv          names;
  GArray        *values;    /* double */

  int            layout_width;
  int            layout_height;
  graphene_rect_t plot;
  OrkAxisScale   scale;
  GArray        *ticks;

  double         hover_x;
  int            hover_bar;
  char          *readout;
};

G_DEFINE_FINAL_TYPE (OrkBarChart, ork_bar_chart, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_UNIT,
  PROP_CATEGORY_LABEL,
  PROP_READOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
invalidate (OrkBarChart *self)
{
  self->layout_width = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static double
total (OrkBarChart *self)
{
  double sum = 0;

  for (guint i = 0; i < self->values->len; i++)
    sum += g_array_index (self->values, double, i);
  return sum;
}

static void
ensure_layout (OrkBarChart *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width = gtk_widget_get_width (widget) > 0 ? gtk_widget_get_width (widget) : 360;
  int height = gtk_widget_get_height (widget) > 0 ? gtk_widget_get_height (widget) : 220;
  OrkChartLegendItem item = { self->unit ? self->unit : "", self->color, FALSE };
  OrkChartPalette palette;
  double header, top, bottom, left, text_height, max = 0;

  if (width == self->layout_width && height == self->layout_height && self->ticks != NULL)
    return;
  self->layout_width = width;
  self->layout_height = height;

  ork_chart_palette_lookup (widget, &palette);
  header = ork_chart_draw_header (widget, NULL, &palette, width, TITLE_RESERVE, self->title, &item,
                                  self->unit ? 1 : 0);
  ork_chart_text_size (widget, "0:", TRUE, NULL, &text_height);
  top = header + text_height + 6;
  /* Labels under the bars, and the axis' name under them. */
  bottom = 2 * (text_height + 4) + ORK_CHART_PADDING;

  for (guint i = 0; i < self->values->len; i++)
    max = MAX (max, g_array_index (self->values, double, i));
  g_clear_pointer (&self->ticks, g_array_unref);
  self->ticks = ork_chart_axis_linear_ticks (0, MAX (max, 1),
                                             (guint) CLAMP ((height - top - bottom) / 40, 2, 6),
                                             ORK_AXIS_FORMAT_NUMBER, &self->scale.lo, &self->scale.hi);
  self->scale.log = FALSE;
  left = ORK_CHART_PADDING + ork_chart_value_axis_width (widget, self->ticks) + 8;
  graphene_rect_init (&self->plot, left, top, MAX (width - left - ORK_CHART_PADDING, 1),
                      MAX (height - top - bottom, 1));
}

static double
slot_width (OrkBarChart *self)
{
  return self->plot.size.width / MAX (self->values->len, 1);
}

/* Hover --------------------------------------------------------------------------------- */

static const char *
name_of (OrkBarChart *self,
         guint        index)
{
  if (self->names != NULL && index < g_strv_length (self->names))
    return self->names[index];
  return self->labels[index];
}

static char *
describe_bar (OrkBarChart *self,
              guint        index)
{
  double value = g_array_index (self->values, double, index);
  double sum = total (self);
  g_autofree char *text = ork_chart_axis_format (value, ORK_AXIS_FORMAT_NUMBER);

  /* TRANSLATORS: a bar in a chart's read-out: category, value, share: "2 attempts: 15 (3.2 %)" */
  return g_strdup_printf (_("%s: %s (%.1f %%)"), name_of (self, index), text,
                          sum > 0 ? 100 * value / sum : 0.0);
}

static void
set_readout (OrkBarChart *self,
             char        *readout)
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
update_hover (OrkBarChart *self)
{
  int bar = -1;

  if (self->hover_x >= 0 && self->values->len > 0)
    {
      double slot = slot_width (self);
      double offset = self->hover_x - self->plot.origin.x;

      if (offset >= 0 && offset < self->plot.size.width)
        bar = CLAMP ((int) floor (offset / slot), 0, (int) self->values->len - 1);
    }
  self->hover_bar = bar;
  set_readout (self, bar < 0 ? NULL : describe_bar (self, (guint) bar));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           OrkBarChart              *self)
{
  ork_bar_chart_hover (self, x, y);
}

static void
on_leave (GtkEventControllerMotion *controller,
          OrkBarChart              *self)
{
  ork_bar_chart_hover (self, -1, -1);
}

static void
update_description (OrkBarChart *self)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < self->values->len; i++)
    {
      g_autofree char *value = ork_chart_axis_format (g_array_index (self->values, double, i),
                                                      ORK_AXIS_FORMAT_NUMBER);

      if (text->len > 0)
        g_string_append (text, "; ");
      /* TRANSLATORS: a category and its value in a chart's accessible description */
      g_string_append_printf (text, _("%s: %s"), name_of (self, i), value);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->title ? self->title : "",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text->len > 0 ? text->str : _("No data"),
                                  -1);
  g_string_free (text, TRUE);
}

/* Drawing ------------------------------------------------------------------------------- */

static void
ork_bar_chart_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  OrkBarChart *self = ORK_BAR_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  OrkChartLegendItem item = { self->unit ? self->unit : "", self->color, FALSE };
  OrkChartPalette palette;
  GdkRGBA color;
  double base, slot, text_height;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  ensure_layout (self);
  ork_chart_palette_lookup (widget, &palette);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  ork_chart_draw_header (widget, cr, &palette, width, TITLE_RESERVE, self->title, &item,
                         self->unit ? 1 : 0);
  ork_chart_draw_value_axis (widget, cr, &palette, &self->plot, self->ticks, &self->scale, NULL);

  base = self->plot.origin.y + self->plot.size.height;
  slot = slot_width (self);
  ork_chart_text_size (widget, "0", TRUE, NULL, &text_height);

  if (self->hover_bar >= 0)
    {
      gdk_cairo_set_source_rgba (cr, &palette.selection);
      cairo_rectangle (cr, self->plot.origin.x + self->hover_bar * slot, self->plot.origin.y,
                       slot, self->plot.size.height);
      cairo_fill (cr);
    }

  for (guint i = 0; i < self->values->len; i++)
    {
      double value = g_array_index (self->values, double, i);
      double x = self->plot.origin.x + i * slot;
      double y = base - ork_axis_scale_fraction (&self->scale, value) * self->plot.size.height;

      if (value <= 0)
        continue;
      y = MIN (y, base - 1);
      cairo_rectangle (cr, x + slot * 0.15, y, slot * 0.7, base - y);
    }
  ork_chart_color_resolve (&palette, self->color, &color);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_fill (cr);

  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, self->plot.origin.x, round (base) + 0.5);
  cairo_line_to (cr, self->plot.origin.x + self->plot.size.width, round (base) + 0.5);
  gdk_cairo_set_source_rgba (cr, &palette.muted);
  cairo_stroke (cr);

  for (guint i = 0; i < self->values->len; i++)
    ork_chart_draw_text (widget, cr, self->labels[i], TRUE, self->plot.origin.x + (i + 0.5) * slot,
                         base + 4, 0.5, 0, &palette.foreground);
  if (self->category_label != NULL)
    ork_chart_draw_text (widget, cr, self->category_label, TRUE,
                         self->plot.origin.x + self->plot.size.width / 2,
                         base + 8 + text_height, 0.5, 0, &palette.muted);
  cairo_destroy (cr);
}

static void
ork_bar_chart_measure (GtkWidget      *widget,
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
ork_bar_chart_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  OrkBarChart *self = ORK_BAR_CHART (widget);

  self->layout_width = -1;
  if (self->hover_x >= 0)
    {
      ensure_layout (self);
      update_hover (self);
    }
}

static void
ork_bar_chart_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (ork_bar_chart_parent_class)->css_changed (widget, change);
  invalidate (ORK_BAR_CHART (widget));
}

/* GObject ------------------------------------------------------------------------------- */

static void
ork_bar_chart_finalize (GObject *object)
{
  OrkBarChart *self = ORK_BAR_CHART (object);

  g_free (self->title);
  g_free (self->unit);
  g_free (self->category_label);
  g_free (self->readout);
  g_strfreev (self->labels);
  g_strfreev (self->names);
  g_array_unref (self->values);
  g_clear_pointer (&self->ticks, g_array_unref);

  G_OBJECT_CLASS (ork_bar_chart_parent_class)->finalize (object);
}

static void
ork_bar_chart_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OrkBarChart *self = ORK_BAR_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;
    case PROP_CATEGORY_LABEL:
      g_value_set_string (value, self->category_label);
      break;
    case PROP_READOUT:
      g_value_set_string (value, self->readout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_string (OrkBarChart *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
ork_bar_chart_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  OrkBarChart *self = ORK_BAR_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      ork_bar_chart_set_title (self, g_value_get_string (value));
      break;
    case PROP_UNIT:
      set_string (self, &self->unit, g_value_get_string (value), PROP_UNIT);
      break;
    case PROP_CATEGORY_LABEL:
      set_string (self, &self->category_label, g_value_get_string (value), PROP_CATEGORY_LABEL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_bar_chart_class_init (OrkBarChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ork_bar_chart_finalize;
  object_class->get_property = ork_bar_chart_get_property;
  object_class->set_property = ork_bar_chart_set_property;

  widget_class->snapshot = ork_bar_chart_snapshot;
  widget_class->measure = ork_bar_chart_measure;
  widget_class->size_allocate = ork_bar_chart_size_allocate;
  widget_class->css_changed = ork_bar_chart_css_changed;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATEGORY_LABEL] =
    g_param_spec_string ("category-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READOUT] =
    g_param_spec_string ("readout", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "orkbarchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ork_bar_chart_init (OrkBarChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->values = g_array_new (FALSE, FALSE, sizeof (double));
  self->labels = g_new0 (char *, 1);
  self->color = ORK_CHART_COLOR_SERIES_1;
  self->hover_x = -1;
  self->hover_bar = -1;
  self->layout_width = -1;

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  update_description (self);
}

/* Public API ------------------------------------------------------------------------------ */

GtkWidget *
ork_bar_chart_new (const char *title,
                   const char *category_label,
                   const char *unit)
{
  return g_object_new (ORK_TYPE_BAR_CHART,
                       "title", title,
                       "category-label", category_label,
                       "unit", unit,
                       NULL);
}

void
ork_bar_chart_set_title (OrkBarChart *self,
                         const char  *title)
{
  g_return_if_fail (ORK_IS_BAR_CHART (self));

  set_string (self, &self->title, title, PROP_TITLE);
  update_description (self);
}

const char *
ork_bar_chart_get_title (OrkBarChart *self)
{
  g_return_val_if_fail (ORK_IS_BAR_CHART (self), NULL);

  return self->title;
}

void
ork_bar_chart_set_color (OrkBarChart   *self,
                         OrkChartColor  color)
{
  g_return_if_fail (ORK_IS_BAR_CHART (self));

  self->color = color;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ork_bar_chart_set_bars (OrkBarChart        *self,
                        guint               n,
                        const char * const *labels,
                        const char * const *names,
                        const double       *values)
{
  g_return_if_fail (ORK_IS_BAR_CHART (self));
  g_return_if_fail (n == 0 || (labels != NULL && values != NULL));

  g_strfreev (self->labels);
  g_clear_pointer (&self->names, g_strfreev);
  self->labels = g_new0 (char *, n + 1);
  if (names != NULL)
    self->names = g_new0 (char *, n + 1);
  g_array_set_size (self->values, 0);
  for (guint i = 0; i < n; i++)
    {
      double value = MAX (values[i], 0);

      self->labels[i] = g_strdup (labels[i]);
      if (names != NULL)
        self->names[i] = g_strdup (names[i]);
      g_array_append_val (self->values, value);
    }
  update_description (self);
  invalidate (self);
  ensure_layout (self);
  update_hover (self);
}

guint
ork_bar_chart_get_n_bars (OrkBarChart *self)
{
  g_return_val_if_fail (ORK_IS_BAR_CHART (self), 0);

  return self->values->len;
}

double
ork_bar_chart_get_value (OrkBarChart *self,
                         guint        index)
{
  g_return_val_if_fail (ORK_IS_BAR_CHART (self), 0);
  g_return_val_if_fail (index < self->values->len, 0);

  return g_array_index (self->values, double, index);
}

double
ork_bar_chart_get_bar_x (OrkBarChart *self,
                         guint        index)
{
  g_return_val_if_fail (ORK_IS_BAR_CHART (self), NAN);

  ensure_layout (self);
  return self->plot.origin.x + (index + 0.5) * slot_width (self);
}

void
ork_bar_chart_hover (OrkBarChart *self,
                     double       x,
                     double       y)
{
  g_return_if_fail (ORK_IS_BAR_CHART (self));

  self->hover_x = x;
  ensure_layout (self);
  update_hover (self);
}

const char *
ork_bar_chart_get_readout (OrkBarChart *self)
{
  g_return_val_if_fail (ORK_IS_BAR_CHART (self), NULL);

  return self->readout;
}

GPtrArray *
ork_bar_chart_dup_table (OrkBarChart *self,
                         GStrv       *headers)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  double sum;

  g_return_val_if_fail (ORK_IS_BAR_CHART (self), NULL);

  if (headers != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      g_strv_builder_add (builder, self->category_label ? self->category_label : "");
      g_strv_builder_add (builder, self->unit ? self->unit : _("Value"));
      /* TRANSLATORS: a column of a chart's table: the share of the total */
      g_strv_builder_add (builder, _("Share"));
      *headers = g_strv_builder_end (builder);
    }
  sum = total (self);
  for (guint i = 0; i < self->values->len; i++)
    {
      double value = g_array_index (self->values, double, i);
      g_autofree char *text = ork_chart_axis_format (value, ORK_AXIS_FORMAT_NUMBER);
      g_autofree char *share = ork_chart_axis_format (sum > 0 ? value / sum : 0,
                                                      ORK_AXIS_FORMAT_PERCENT);

      g_ptr_array_add (rows, g_strdup_printf ("%s\t%s\t%s", name_of (self, i), text, share));
    }
  return rows;
}
