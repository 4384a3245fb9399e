/* ork-chart-axis.c — value axes of the metrics charts, and what the charts share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-chart-axis"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "ork-chart-axis.h"
#include "ork-time-axis.h"

#define MS  1e3
#define SEC 1e6
#define MINUTE (60 * SEC)
#define HOUR (60 * MINUTE)
#define DAY (24 * HOUR)

/* Round durations, with the sparsest level they are labelled at:
 * 0 the units, 1 the decades of a unit, 2 the steps between. */
static const struct
{
  double value;
  guint  rank;
} round_durations[] = {
  { 1, 0 }, { 2, 2 }, { 5, 2 }, { 10, 1 }, { 20, 2 }, { 50, 2 }, { 100, 1 }, { 200, 2 }, { 500, 2 },
  { 1 * MS, 0 }, { 2 * MS, 2 }, { 5 * MS, 2 }, { 10 * MS, 1 }, { 20 * MS, 2 }, { 50 * MS, 2 },
  { 100 * MS, 1 }, { 200 * MS, 2 }, { 500 * MS, 2 },
  { 1 * SEC, 0 }, { 2 * SEC, 2 }, { 5 * SEC, 2 }, { 10 * SEC, 1 }, { 20 * SEC, 2 }, { 30 * SEC, 2 },
  { 1 * MINUTE, 0 }, { 2 * MINUTE, 2 }, { 5 * MINUTE, 2 }, { 10 * MINUTE, 1 }, { 15 * MINUTE, 2 }, { 30 * MINUTE, 2 },
  { 1 * HOUR, 0 }, { 2 * HOUR, 2 }, { 3 * HOUR, 2 }, { 6 * HOUR, 1 }, { 12 * HOUR, 2 },
  { 1 * DAY, 0 }, { 2 * DAY, 2 }, { 7 * DAY, 1 }, { 14 * DAY, 2 }, { 30 * DAY, 2 }, { 60 * DAY, 1 },
};

static void
clear_tick (gpointer data)
{
  OrkAxisTick *tick = data;

  g_clear_pointer (&tick->label, g_free);
}

static GArray *
new_ticks (void)
{
  GArray *ticks = g_array_new (FALSE, TRUE, sizeof (OrkAxisTick));

  g_array_set_clear_func (ticks, clear_tick);
  return ticks;
}

static void
add_tick (GArray        *ticks,
          double         value,
          gboolean       major,
          OrkAxisFormat  format)
{
  OrkAxisTick tick = { value, major, major ? ork_chart_axis_format (value, format) : NULL };

  g_array_append_val (ticks, tick);
}

char *
ork_chart_format_duration (double usec)
{
  double a = fabs (usec);

  if (isfinite (usec) && a >= MINUTE && a < 1000 * DAY)
    {
      const char *sign = usec < 0 ? "−" : "";

      if (fmod (a, DAY) == 0)
        /* TRANSLATORS: a whole number of days on a chart axis */
        return g_strdup_printf (_("%s%.0f d"), sign, a / DAY);
      if (fmod (a, HOUR) == 0)
        /* TRANSLATORS: a whole number of hours on a chart axis */
        return g_strdup_printf (_("%s%.0f h"), sign, a / HOUR);
      if (fmod (a, MINUTE) == 0)
        /* TRANSLATORS: a whole number of minutes on a chart axis */
        return g_strdup_printf (_("%s%.0f min"), sign, a / MINUTE);
    }
  return ork_format_duration_short (usec);
}

char *
ork_chart_axis_format (double        value,
                       OrkAxisFormat format)
{
  if (!isfinite (value))
    return g_strdup ("—");

  switch (format)
    {
    case ORK_AXIS_FORMAT_PERCENT:
      /* TRANSLATORS: a percentage on a chart axis or in a read-out */
      return g_strdup_printf (_("%.3g %%"), value * 100 + 0.0);
    case ORK_AXIS_FORMAT_DURATION:
      return ork_chart_format_duration (value);
    case ORK_AXIS_FORMAT_NUMBER:
    default:
      if (fabs (value) >= 1000 || value == round (value))
        return g_strdup_printf ("%.0f", value + 0.0);
      return g_strdup_printf ("%.3g", value);
    }
}

double
ork_chart_axis_nice_step (double span,
                          guint  max_ticks)
{
  double raw, magnitude, norm;

  if (!(span > 0) || !isfinite (span))
    return 1;
  raw = span / MAX (max_ticks, 1);
  magnitude = pow (10, floor (log10 (raw)));
  norm = raw / magnitude;
  /* A little slack so 1.0000001 does not become 2. */
  if (norm <= 1 + 1e-9)
    return magnitude;
  if (norm <= 2 + 1e-9)
    return 2 * magnitude;
  if (norm <= 5 + 1e-9)
    return 5 * magnitude;
  return 10 * magnitude;
}

/* The smallest round duration at least @raw µs. */
static double
duration_step (double raw)
{
  for (guint i = 0; i < G_N_ELEMENTS (round_durations); i++)
    if (round_durations[i].value >= raw * (1 - 1e-9))
      return round_durations[i].value;
  return ork_chart_axis_nice_step (raw, 1);
}

GArray *
ork_chart_axis_linear_ticks (double        min,
                             double        max,
                             guint         max_ticks,
                             OrkAxisFormat format,
                             double       *out_lo,
                             double       *out_hi)
{
  GArray *ticks = new_ticks ();
  double step, lo, hi;

  if (!isfinite (min))
    min = 0;
  if (!isfinite (max) || max < min)
    max = min;
  max_ticks = MAX (max_ticks, 1);
  if (format == ORK_AXIS_FORMAT_DURATION && max > min)
    step = duration_step ((max - min) / max_ticks);
  else
    step = ork_chart_axis_nice_step (max - min, max_ticks);
  lo = floor (min / step + 1e-9) * step;
  hi = ceil (max / step - 1e-9) * step;
  if (hi <= lo)
    hi = lo + step;

  for (guint i = 0; lo + i * step <= hi + step * 1e-6; i++)
    {
      double v = lo + i * step;

      /* No "−0". */
      if (fabs (v) < step * 1e-9)
        v = 0;
      add_tick (ticks, v, TRUE, format);
    }
  if (out_lo != NULL)
    *out_lo = lo;
  if (out_hi != NULL)
    *out_hi = hi;
  return ticks;
}

GArray *
ork_chart_axis_log_ticks (double  min,
                          double  max,
                          guint   max_labels,
                          double *out_lo,
                          double *out_hi)
{
  GArray *ticks = new_ticks ();
  const guint n = G_N_ELEMENTS (round_durations);
  guint first = 0, last = n - 1, rank = 0, stride = 1;
  gboolean fits = FALSE;

  if (!isfinite (min) || min < 1)
    min = 1;
  if (!isfinite (max) || max < min)
    max = min;
  max_labels = MAX (max_labels, 2);

  /* The densest level whose labelled ticks, from the last one at or below
   * @min to the first one at or above @max, fit. */
  for (int r = 2; r >= 0 && !fits; r--)
    {
      guint count = 0;

      first = 0;
      last = n - 1;
      for (guint i = 0; i < n; i++)
        if (round_durations[i].rank <= (guint) r && round_durations[i].value <= min)
          first = i;
      for (guint i = n; i-- > 0;)
        if (round_durations[i].rank <= (guint) r && round_durations[i].value >= max)
          last = i;
      if (last == first)
        {
          /* One value: up to the next labelled one. */
          for (guint i = first + 1; i < n; i++)
            if (round_durations[i].rank <= (guint) r)
              {
                last = i;
                break;
              }
        }
      for (guint i = first; i <= last; i++)
        count += round_durations[i].rank <= (guint) r;
      rank = (guint) r;
      if (count <= max_labels)
        fits = TRUE;
      else if (r == 0)
        stride = (count + max_labels - 1) / max_labels;
    }

  {
    guint k = 0;

    for (guint i = first; i <= last; i++)
      {
        gboolean labelled = round_durations[i].rank <= rank && (k++ % stride) == 0;

        add_tick (ticks, round_durations[i].value, labelled, ORK_AXIS_FORMAT_DURATION);
      }
  }
  if (out_lo != NULL)
    *out_lo = round_durations[first].value;
  if (out_hi != NULL)
    *out_hi = round_durations[last].value;
  return ticks;
}

double
ork_axis_scale_fraction (const OrkAxisScale *scale,
                         double              value)
{
  g_return_val_if_fail (scale != NULL, 0);

  if (scale->log)
    {
      double lo = log (MAX (scale->lo, 1e-9));
      double hi = log (MAX (scale->hi, 1e-9));

      if (hi <= lo)
        return 0;
      return (log (MAX (value, 1e-9)) - lo) / (hi - lo);
    }
  if (scale->hi <= scale->lo)
    return 0;
  return (value - scale->lo) / (scale->hi - scale->lo);
}

double
ork_axis_scale_value (const OrkAxisScale *scale,
                      double              fraction)
{
  g_return_val_if_fail (scale != NULL, 0);

  if (scale->log)
    {
      double lo = log (MAX (scale->lo, 1e-9));
      double hi = log (MAX (scale->hi, 1e-9));

      return exp (lo + fraction * (hi - lo));
    }
  return scale->lo + fraction * (scale->hi - scale->lo);
}

void
ork_chart_color_resolve (const OrkChartPalette *palette,
                         OrkChartColor          color,
                         GdkRGBA               *out)
{
  g_return_if_fail (palette != NULL && out != NULL);

  switch (color)
    {
    case ORK_CHART_COLOR_SERIES_1:
    case ORK_CHART_COLOR_SERIES_2:
    case ORK_CHART_COLOR_SERIES_3:
    case ORK_CHART_COLOR_SERIES_4:
      ork_chart_palette_series (palette, color - ORK_CHART_COLOR_SERIES_1, out);
      break;
    case ORK_CHART_COLOR_SUCCESS:
      *out = palette->success;
      break;
    case ORK_CHART_COLOR_FAILURE:
      *out = palette->failure;
      break;
    case ORK_CHART_COLOR_WARNING:
      *out = palette->warning;
      break;
    case ORK_CHART_COLOR_MUTED:
      *out = palette->muted;
      break;
    case ORK_CHART_COLOR_ACCENT:
    default:
      *out = palette->accent;
      break;
    }
}

/* Drawing --------------------------------------------------------------------------- */

/* A chart draws the same few dozen texts every frame (ticks, legend,
 * title): their layouts are kept per widget, so a frame does not shape
 * them again. Dropped when the widget's fonts change (the context's serial)
 * and when more than LAYOUT_CACHE_MAX pile up (ticks of many zooms). */
#define LAYOUT_CACHE_MAX 256

typedef struct
{
  GHashTable *layouts;   /* "<small><bold>text" → PangoLayout */
  guint       serial;
} LayoutCache;

static void
layout_cache_free (gpointer data)
{
  LayoutCache *cache = data;

  g_hash_table_unref (cache->layouts);
  g_free (cache);
}

PangoLayout *
ork_chart_layout (GtkWidget  *widget,
                  const char *text,
                  gboolean    small,
                  gboolean    bold,
                  int         width)
{
  static GQuark quark;
  LayoutCache *cache;
  PangoContext *context = gtk_widget_get_pango_context (widget);
  g_autofree char *key = g_strdup_printf ("%d%d%d|%s", !!small, !!bold, width, text);
  PangoLayout *layout;
  PangoAttrList *attrs;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("ork-chart-layouts");
  cache = g_object_get_qdata (G_OBJECT (widget), quark);
  if (cache == NULL)
    {
      cache = g_new0 (LayoutCache, 1);
      cache->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      g_object_set_qdata_full (G_OBJECT (widget), quark, cache, layout_cache_free);
    }
  if (cache->serial != pango_context_get_serial (context) ||
      g_hash_table_size (cache->layouts) >= LAYOUT_CACHE_MAX)
    {
      g_hash_table_remove_all (cache->layouts);
      cache->serial = pango_context_get_serial (context);
    }
  layout = g_hash_table_lookup (cache->layouts, key);
  if (layout != NULL)
    return g_object_ref (layout);

  layout = gtk_widget_create_pango_layout (widget, text);
  if (width >= 0)
    {
      pango_layout_set_width (layout, width * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  attrs = pango_attr_list_new ();
  if (small)
    pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  g_hash_table_insert (cache->layouts, g_steal_pointer (&key), g_object_ref (layout));
  return layout;
}

static double
draw_layout (cairo_t       *cr,
             PangoLayout   *layout,
             double         x,
             double         y,
             double         xalign,
             double         yalign,
             const GdkRGBA *color)
{
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (cr == NULL)
    return w;
  cairo_move_to (cr, round (x - xalign * w), round (y - yalign * h));
  gdk_cairo_set_source_rgba (cr, color);
  pango_cairo_show_layout (cr, layout);
  return w;
}

double
ork_chart_draw_text (GtkWidget     *widget,
                     cairo_t       *cr,
                     const char    *text,
                     gboolean       small,
                     double         x,
                     double         y,
                     double         xalign,
                     double         yalign,
                     const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = NULL;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), 0);

  layout = ork_chart_layout (widget, text, small, FALSE, -1);
  return draw_layout (cr, layout, x, y, xalign, yalign, color);
}

void
ork_chart_text_size (GtkWidget  *widget,
                     const char *text,
                     gboolean    small,
                     double     *width,
                     double     *height)
{
  g_autoptr(PangoLayout) layout = NULL;
  int w, h;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  layout = ork_chart_layout (widget, text, small, FALSE, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
}

double
ork_chart_draw_header (GtkWidget                *widget,
                       cairo_t                  *cr,
                       const OrkChartPalette    *palette,
                       double                    width,
                       double                    reserve_end,
                       const char               *title,
                       const OrkChartLegendItem *items,
                       guint                     n_items)
{
  double y = ORK_CHART_PADDING;
  double x = ORK_CHART_PADDING;
  double line_height = 0;
  gboolean first_line = TRUE;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), 0);

  if (title != NULL && *title != '\0')
    {
      g_autoptr(PangoLayout) layout =
        ork_chart_layout (widget, title, FALSE, TRUE,
                          (int) MAX (width - 2 * ORK_CHART_PADDING - reserve_end, 1));
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      draw_layout (cr, layout, ORK_CHART_PADDING, y, 0, 0, &palette->foreground);
      y += h + 4;
    }

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(PangoLayout) layout = ork_chart_layout (widget, items[i].label, TRUE, FALSE, -1);
      GdkRGBA color;
      int w, h;
      double sample = 14, item_width;

      pango_layout_get_pixel_size (layout, &w, &h);
      item_width = sample + 4 + w;
      /* The first line keeps clear of what sits over the title's end. */
      if (x > ORK_CHART_PADDING &&
          x + item_width > width - ORK_CHART_PADDING - (first_line ? reserve_end : 0))
        {
          first_line = FALSE;
          x = ORK_CHART_PADDING;
          y += line_height + 2;
          line_height = 0;
        }
      line_height = MAX (line_height, h);
      if (cr != NULL)
        {
          ork_chart_color_resolve (palette, items[i].color, &color);
          gdk_cairo_set_source_rgba (cr, &color);
          if (items[i].line)
            cairo_rectangle (cr, x, y + h / 2.0 - 1, sample, 2);
          else
            cairo_rectangle (cr, x + 2, y + h / 2.0 - 5, 10, 10);
          cairo_fill (cr);
        }
      draw_layout (cr, layout, x + sample + 4, y, 0, 0, &palette->foreground);
      x += item_width + 12;
    }
  if (n_items > 0)
    y += line_height + 4;
  return y;
}

double
ork_chart_value_axis_width (GtkWidget *widget,
                            GArray    *ticks)
{
  double width = 0;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), 0);

  for (guint i = 0; ticks != NULL && i < ticks->len; i++)
    {
      const OrkAxisTick *tick = &g_array_index (ticks, OrkAxisTick, i);
      double w;

      if (tick->label == NULL)
        continue;
      ork_chart_text_size (widget, tick->label, TRUE, &w, NULL);
      width = MAX (width, w);
    }
  return width;
}

void
ork_chart_draw_value_axis (GtkWidget             *widget,
                           cairo_t               *cr,
                           const OrkChartPalette *palette,
                           const graphene_rect_t *plot,
                           GArray                *ticks,
                           const OrkAxisScale    *scale,
                           const char            *unit)
{
  double left = plot->origin.x, right = plot->origin.x + plot->size.width;
  double bottom = plot->origin.y + plot->size.height;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  /* Grid lines in one stroke. */
  cairo_save (cr);
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < ticks->len; i++)
    {
      const OrkAxisTick *tick = &g_array_index (ticks, OrkAxisTick, i);
      double y = round (bottom - ork_axis_scale_fraction (scale, tick->value) * plot->size.height)
                 + 0.5;

      if (!tick->major)
        continue;
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
    }
  gdk_cairo_set_source_rgba (cr, &palette->grid);
  cairo_stroke (cr);
  cairo_restore (cr);

  for (guint i = 0; i < ticks->len; i++)
    {
      const OrkAxisTick *tick = &g_array_index (ticks, OrkAxisTick, i);
      double y = bottom - ork_axis_scale_fraction (scale, tick->value) * plot->size.height;

      if (tick->label != NULL)
        ork_chart_draw_text (widget, cr, tick->label, TRUE, left - 6, y, 1, 0.5, &palette->foreground);
    }
  if (unit != NULL)
    ork_chart_draw_text (widget, cr, unit, TRUE, left, plot->origin.y - 8, 0, 1, &palette->muted);
}

/* Tables ------------------------------------------------------------------------------ */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_min_chars (GTK_INSCRIPTION (inscription), 6);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (inscription), 14);
  gtk_widget_add_css_class (inscription, "numeric");
  gtk_list_item_set_child (item, inscription);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  guint column = GPOINTER_TO_UINT (user_data);
  GtkStringObject *row = gtk_list_item_get_item (item);
  g_auto(GStrv) cells = g_strsplit (gtk_string_object_get_string (row), "\t", -1);

  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (item)),
                            column < g_strv_length (cells) ? cells[column] : "");
}

GtkWidget *
ork_chart_table_new (void)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkStringList *rows = gtk_string_list_new (NULL);
  GtkWidget *view = gtk_column_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (rows))));

  gtk_column_view_set_show_row_separators (GTK_COLUMN_VIEW (view), TRUE);
  gtk_widget_add_css_class (view, "data-table");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  g_object_set_data (G_OBJECT (scrolled), "ork-table-view", view);
  g_object_set_data (G_OBJECT (scrolled), "ork-table-rows", rows);
  return scrolled;
}

GListModel *
ork_chart_table_get_rows (GtkWidget *table)
{
  g_return_val_if_fail (GTK_IS_SCROLLED_WINDOW (table), NULL);

  return g_object_get_data (G_OBJECT (table), "ork-table-rows");
}

void
ork_chart_table_set (GtkWidget          *table,
                     const char * const *headers,
                     GPtrArray          *rows)
{
  GtkColumnView *view;
  GtkStringList *list;
  GListModel *columns;
  guint n_headers;
  gboolean same = TRUE;

  g_return_if_fail (GTK_IS_SCROLLED_WINDOW (table));
  g_return_if_fail (headers != NULL);

  view = g_object_get_data (G_OBJECT (table), "ork-table-view");
  list = g_object_get_data (G_OBJECT (table), "ork-table-rows");
  g_return_if_fail (view != NULL && list != NULL);

  columns = gtk_column_view_get_columns (view);
  n_headers = g_strv_length ((char **) headers);
  if (g_list_model_get_n_items (columns) != n_headers)
    same = FALSE;
  for (guint i = 0; same && i < n_headers; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      same = g_strcmp0 (gtk_column_view_column_get_title (column), headers[i]) == 0;
    }
  if (!same)
    {
      while (g_list_model_get_n_items (columns) > 0)
        {
          g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

          gtk_column_view_remove_column (view, column);
        }
      for (guint i = 0; i < n_headers; i++)
        {
          GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
          g_autoptr(GtkColumnViewColumn) column = NULL;

          g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
          g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (i));
          column = gtk_column_view_column_new (headers[i], factory);
          gtk_column_view_column_set_expand (column, TRUE);
          gtk_column_view_append_column (view, column);
        }
    }

  {
    g_autoptr(GPtrArray) strings = g_ptr_array_new ();

    for (guint i = 0; rows != NULL && i < rows->len; i++)
      g_ptr_array_add (strings, rows->pdata[i]);
    g_ptr_array_add (strings, NULL);
    gtk_string_list_splice (list, 0, g_list_model_get_n_items (G_LIST_MODEL (list)),
                            (const char * const *) strings->pdata);
  }
}
