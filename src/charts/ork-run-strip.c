/* ork-run-strip.c — a job's last attempts as a strip of small bars
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-run-strip"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "ork-run-strip.h"

/* A bar is at most this wide, so a few attempts do not make slabs. */
#define MAX_SLOT 16.0
/* The height of a bar that has no duration, and the least of one that has. */
#define NO_DURATION_HEIGHT 3.0
#define MIN_BAR_HEIGHT 2.0

/* The strip's own copy: text is owned. */
typedef OrkRunStripBar Bar;

struct _OrkRunStrip
{
  GtkWidget       parent_instance;

  char           *title;
  char           *empty_text;
  GArray         *bars;       /* Bar */

  int             layout_width;
  int             layout_height;
  graphene_rect_t plot;
  OrkAxisScale    scale;
  GArray         *ticks;      /* OrkAxisTick */

  int             hover;      /* bar under the pointer, or -1 */
  int             cursor;     /* bar chosen with the keyboard, or -1 */
  char           *readout;
};

G_DEFINE_FINAL_TYPE (OrkRunStrip, ork_run_strip, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_EMPTY_TEXT,
  PROP_READOUT,
  N_PROPS
};

enum
{
  SIGNAL_BAR_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
bar_clear (gpointer data)
{
  Bar *bar = data;

  g_free ((char *) bar->text);
}

/* Layout ------------------------------------------------------------------------------ */

static void
legend_items (OrkChartLegendItem items[4])
{
  items[0] = (OrkChartLegendItem) { _("Succeeded"), ORK_CHART_COLOR_SUCCESS, FALSE };
  items[1] = (OrkChartLegendItem) { _("Failed"), ORK_CHART_COLOR_FAILURE, FALSE };
  items[2] = (OrkChartLegendItem) { _("Timed out"), ORK_CHART_COLOR_WARNING, FALSE };
  items[3] = (OrkChartLegendItem) { _("Skipped or cancelled"), ORK_CHART_COLOR_MUTED, FALSE };
}

static void
invalidate (OrkRunStrip *self)
{
  self->layout_width = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ensure_layout (OrkRunStrip *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  OrkChartLegendItem items[4];
  OrkChartPalette palette;
  double top, bottom, left, text_height, max = 0;

  if (width == self->layout_width && height == self->layout_height && self->ticks != NULL)
    return;
  self->layout_width = width;
  self->layout_height = height;

  ork_chart_palette_lookup (widget, &palette);
  legend_items (items);
  top = ork_chart_draw_header (widget, NULL, &palette, width, 0, self->title, items,
                               G_N_ELEMENTS (items));
  ork_chart_text_size (widget, "0:", TRUE, NULL, &text_height);
  /* Room for the top label, which is centred on its grid line. */
  top += text_height / 2 + 2;
  bottom = ORK_CHART_PADDING;

  for (guint i = 0; i < self->bars->len; i++)
    max = MAX (max, (double) g_array_index (self->bars, Bar, i).duration);
  g_clear_pointer (&self->ticks, g_array_unref);
  /* Durations start at zero here: the strip compares heights at a glance. */
  self->ticks = ork_chart_axis_linear_ticks (0, MAX (max, 1000), 2, ORK_AXIS_FORMAT_DURATION,
                                             &self->scale.lo, &self->scale.hi);
  self->scale.log = FALSE;
  /* Zero is zero, in any unit. */
  for (guint i = 0; i < self->ticks->len; i++)
    {
      OrkAxisTick *tick = &g_array_index (self->ticks, OrkAxisTick, i);

      if (tick->value == 0 && tick->label != NULL)
        {
          g_free (tick->label);
          tick->label = g_strdup ("0");
        }
    }
  left = ORK_CHART_PADDING + ork_chart_value_axis_width (widget, self->ticks) + 8;
  graphene_rect_init (&self->plot, left, top, MAX (width - left - ORK_CHART_PADDING, 1),
                      MAX (height - top - bottom, 1));
}

static double
slot_width (OrkRunStrip *self)
{
  return MIN (self->plot.size.width / MAX (self->bars->len, 1), MAX_SLOT);
}

/* The newest bar ends at the plot's right end. */
static double
slot_x (OrkRunStrip *self,
        guint        index)
{
  double right = self->plot.origin.x + self->plot.size.width;

  return right - (self->bars->len - index) * slot_width (self);
}

static void
bar_rect (OrkRunStrip     *self,
          guint            index,
          graphene_rect_t *out)
{
  const Bar *bar = &g_array_index (self->bars, Bar, index);
  double slot = slot_width (self);
  double gap = slot >= 8 ? 2 : slot >= 4 ? 1 : 0;
  double bottom = self->plot.origin.y + self->plot.size.height;
  double h;

  if (bar->duration < 0)
    h = NO_DURATION_HEIGHT;
  else
    h = MAX (ork_axis_scale_fraction (&self->scale, (double) bar->duration) * self->plot.size.height,
             MIN_BAR_HEIGHT);
  graphene_rect_init (out, slot_x (self, index) + gap / 2, bottom - h, slot - gap, h);
}

/* Hover and keyboard ------------------------------------------------------------------ */

static void
set_readout (OrkRunStrip *self,
             const char  *readout)
{
  if (g_strcmp0 (self->readout, readout) == 0)
    return;
  g_free (self->readout);
  self->readout = g_strdup (readout);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), readout);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READOUT]);
}

static void
show_bar (OrkRunStrip *self,
          int          index)
{
  if (index >= 0 && (guint) index < self->bars->len)
    set_readout (self, g_array_index (self->bars, Bar, index).text);
  else
    set_readout (self, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           OrkRunStrip              *self)
{
  ork_run_strip_hover (self, x, y);
}

static void
on_leave (GtkEventControllerMotion *controller,
          OrkRunStrip              *self)
{
  ork_run_strip_hover (self, -1, -1);
}

static void
on_click_released (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   OrkRunStrip     *self)
{
  int index = ork_run_strip_bar_at (self, x, y);

  if (index < 0)
    return;
  self->cursor = index;
  ork_run_strip_activate_bar (self, (guint) index);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OrkRunStrip *self = ORK_RUN_STRIP (widget);
  int n = (int) self->bars->len;

  if (n == 0)
    return;
  if (g_str_equal (action_name, "strip.first"))
    self->cursor = 0;
  else if (g_str_equal (action_name, "strip.last"))
    self->cursor = n - 1;
  else if (self->cursor < 0)
    self->cursor = n - 1;
  else if (g_str_equal (action_name, "strip.previous"))
    self->cursor = MAX (self->cursor - 1, 0);
  else
    self->cursor = MIN (self->cursor + 1, n - 1);
  show_bar (self, self->cursor);
}

static void
activate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  OrkRunStrip *self = ORK_RUN_STRIP (widget);

  if (self->cursor >= 0 && (guint) self->cursor < self->bars->len)
    ork_run_strip_activate_bar (self, (guint) self->cursor);
}

static void
update_description (OrkRunStrip *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint succeeded = 0, failed = 0, timed_out = 0, other = 0;
  gint64 longest = -1;

  if (self->bars->len == 0)
    g_string_append (text, self->empty_text != NULL ? self->empty_text : "");
  else
    {
      g_autofree char *longest_text = NULL;

      for (guint i = 0; i < self->bars->len; i++)
        {
          const Bar *bar = &g_array_index (self->bars, Bar, i);

          switch (bar->state)
            {
            case ORK_RUN_SUCCEEDED: succeeded++; break;
            case ORK_RUN_FAILED:
            case ORK_RUN_INTERRUPTED: failed++; break;
            case ORK_RUN_TIMED_OUT: timed_out++; break;
            default: other++; break;
            }
          longest = MAX (longest, bar->duration);
        }
      /* TRANSLATORS: the run strip's accessible description */
      g_string_append_printf (text, _("%u attempts: %u succeeded, %u failed, %u timed out, "
                                      "%u skipped or cancelled."),
                              self->bars->len, succeeded, failed, timed_out, other);
      if (longest >= 0)
        {
          longest_text = ork_chart_format_duration ((double) longest);
          /* TRANSLATORS: the run strip's accessible description: the longest attempt */
          g_string_append_printf (text, _(" The longest took %s."), longest_text);
        }
      g_string_append (text, _(" Left and Right choose an attempt, Enter shows it in the run list."));
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->title ? self->title : "",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                  -1);
}

/* Drawing ------------------------------------------------------------------------------ */

static void
ork_run_strip_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  OrkRunStrip *self = ORK_RUN_STRIP (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  OrkChartLegendItem items[4];
  OrkChartPalette palette;
  static const OrkRunState inks[] = { ORK_RUN_SUCCEEDED, ORK_RUN_FAILED, ORK_RUN_TIMED_OUT,
                                      ORK_RUN_SKIPPED, ORK_RUN_RUNNING };
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  ensure_layout (self);
  ork_chart_palette_lookup (widget, &palette);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  legend_items (items);
  ork_chart_draw_header (widget, cr, &palette, width, 0, self->title, items, G_N_ELEMENTS (items));

  if (self->bars->len == 0)
    {
      if (self->empty_text != NULL)
        ork_chart_draw_text (widget, cr, self->empty_text, FALSE,
                             self->plot.origin.x + self->plot.size.width / 2,
                             self->plot.origin.y + self->plot.size.height / 2, 0.5, 0.5,
                             &palette.muted);
      cairo_destroy (cr);
      return;
    }

  ork_chart_draw_value_axis (widget, cr, &palette, &self->plot, self->ticks, &self->scale, NULL);

  /* The hovered and the keyboard's bar: their slot, under the bars. */
  for (int k = 0; k < 2; k++)
    {
      int index = k == 0 ? self->hover : (gtk_widget_has_focus (widget) ? self->cursor : -1);

      if (index < 0 || (guint) index >= self->bars->len || (k == 1 && index == self->hover))
        continue;
      cairo_rectangle (cr, slot_x (self, (guint) index), self->plot.origin.y, slot_width (self),
                       self->plot.size.height);
    }
  gdk_cairo_set_source_rgba (cr, &palette.selection);
  cairo_fill (cr);

  /* One fill per colour. */
  for (guint c = 0; c < G_N_ELEMENTS (inks); c++)
    {
      const GdkRGBA *ink = ork_chart_palette_state (&palette, inks[c]);
      gboolean any = FALSE;

      for (guint i = 0; i < self->bars->len; i++)
        {
          const Bar *bar = &g_array_index (self->bars, Bar, i);
          graphene_rect_t r;

          if (!gdk_rgba_equal (ork_chart_palette_state (&palette, bar->state), ink))
            continue;
          bar_rect (self, i, &r);
          cairo_rectangle (cr, r.origin.x, r.origin.y, r.size.width, r.size.height);
          any = TRUE;
        }
      if (any)
        {
          gdk_cairo_set_source_rgba (cr, ink);
          cairo_fill (cr);
        }
    }

  /* The keyboard's bar gets an outline while the strip has the focus. */
  if (gtk_widget_has_focus (widget) && self->cursor >= 0 && (guint) self->cursor < self->bars->len)
    {
      double x = slot_x (self, (guint) self->cursor);

      cairo_set_line_width (cr, 1);
      cairo_rectangle (cr, round (x) + 0.5, round (self->plot.origin.y) + 0.5,
                       MAX (round (slot_width (self)) - 1, 1), round (self->plot.size.height) - 1);
      gdk_cairo_set_source_rgba (cr, &palette.accent);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
ork_run_strip_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 130;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 320 : 150;
}

static void
ork_run_strip_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  ORK_RUN_STRIP (widget)->layout_width = -1;
}

static void
ork_run_strip_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (ork_run_strip_parent_class)->css_changed (widget, change);
  invalidate (ORK_RUN_STRIP (widget));
}

static void
ork_run_strip_state_flags_changed (GtkWidget     *widget,
                                   GtkStateFlags  previous)
{
  OrkRunStrip *self = ORK_RUN_STRIP (widget);

  GTK_WIDGET_CLASS (ork_run_strip_parent_class)->state_flags_changed (widget, previous);
  /* Focus shows the keyboard's bar and what it is. */
  if ((previous ^ gtk_widget_get_state_flags (widget)) & GTK_STATE_FLAG_FOCUS_VISIBLE)
    {
      if (gtk_widget_has_visible_focus (widget) && self->cursor >= 0)
        show_bar (self, self->cursor);
      gtk_widget_queue_draw (widget);
    }
}

/* GObject ------------------------------------------------------------------------------- */

static void
ork_run_strip_finalize (GObject *object)
{
  OrkRunStrip *self = ORK_RUN_STRIP (object);

  g_free (self->title);
  g_free (self->empty_text);
  g_free (self->readout);
  g_array_unref (self->bars);
  g_clear_pointer (&self->ticks, g_array_unref);

  G_OBJECT_CLASS (ork_run_strip_parent_class)->finalize (object);
}

static void
ork_run_strip_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OrkRunStrip *self = ORK_RUN_STRIP (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_EMPTY_TEXT:
      g_value_set_string (value, self->empty_text);
      break;
    case PROP_READOUT:
      g_value_set_string (value, self->readout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_run_strip_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  OrkRunStrip *self = ORK_RUN_STRIP (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      ork_run_strip_set_title (self, g_value_get_string (value));
      break;
    case PROP_EMPTY_TEXT:
      ork_run_strip_set_empty_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_run_strip_class_init (OrkRunStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ork_run_strip_finalize;
  object_class->get_property = ork_run_strip_get_property;
  object_class->set_property = ork_run_strip_set_property;

  widget_class->snapshot = ork_run_strip_snapshot;
  widget_class->measure = ork_run_strip_measure;
  widget_class->size_allocate = ork_run_strip_size_allocate;
  widget_class->css_changed = ork_run_strip_css_changed;
  widget_class->state_flags_changed = ork_run_strip_state_flags_changed;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMPTY_TEXT] =
    g_param_spec_string ("empty-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READOUT] =
    g_param_spec_string ("readout", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_BAR_ACTIVATED] =
    g_signal_new ("bar-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_install_action (widget_class, "strip.previous", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "strip.next", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "strip.first", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "strip.last", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "strip.activate", NULL, activate_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "strip.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "strip.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "strip.first", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "strip.last", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "strip.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "strip.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "strip.activate", NULL);

  gtk_widget_class_set_css_name (widget_class, "orkrunstrip");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ork_run_strip_init (OrkRunStrip *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->bars = g_array_new (FALSE, TRUE, sizeof (Bar));
  g_array_set_clear_func (self->bars, bar_clear);
  self->hover = -1;
  self->cursor = -1;
  self->layout_width = -1;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  update_description (self);
}

/* Public API ----------------------------------------------------------------------------- */

GtkWidget *
ork_run_strip_new (const char *title)
{
  return g_object_new (ORK_TYPE_RUN_STRIP, "title", title, NULL);
}

void
ork_run_strip_set_title (OrkRunStrip *self,
                         const char  *title)
{
  g_return_if_fail (ORK_IS_RUN_STRIP (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  invalidate (self);
  update_description (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

void
ork_run_strip_set_empty_text (OrkRunStrip *self,
                              const char  *text)
{
  g_return_if_fail (ORK_IS_RUN_STRIP (self));

  if (g_strcmp0 (self->empty_text, text) == 0)
    return;
  g_free (self->empty_text);
  self->empty_text = g_strdup (text);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_description (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY_TEXT]);
}

void
ork_run_strip_set_bars (OrkRunStrip          *self,
                        const OrkRunStripBar *bars,
                        guint                 n_bars)
{
  guint64 cursor_run = 0, hover_run = 0;
  guint cursor_attempt = 0, hover_attempt = 0;

  g_return_if_fail (ORK_IS_RUN_STRIP (self));
  g_return_if_fail (bars != NULL || n_bars == 0);

  /* The chosen and the hovered bar follow their attempt as the strip moves. */
  if (self->cursor >= 0)
    {
      cursor_run = g_array_index (self->bars, Bar, self->cursor).run_id;
      cursor_attempt = g_array_index (self->bars, Bar, self->cursor).attempt;
    }
  if (self->hover >= 0)
    {
      hover_run = g_array_index (self->bars, Bar, self->hover).run_id;
      hover_attempt = g_array_index (self->bars, Bar, self->hover).attempt;
    }
  g_array_set_size (self->bars, 0);
  self->cursor = self->hover = -1;
  for (guint i = 0; i < n_bars; i++)
    {
      Bar bar = { bars[i].run_id, bars[i].attempt, bars[i].state, bars[i].duration,
                  g_strdup (bars[i].text) };

      if (bar.run_id == cursor_run && bar.attempt == cursor_attempt)
        self->cursor = (int) i;
      if (bar.run_id == hover_run && bar.attempt == hover_attempt)
        self->hover = (int) i;
      g_array_append_val (self->bars, bar);
    }
  show_bar (self, self->hover >= 0 ? self->hover
                  : gtk_widget_has_visible_focus (GTK_WIDGET (self)) ? self->cursor : -1);
  invalidate (self);
  update_description (self);
}

guint
ork_run_strip_get_n_bars (OrkRunStrip *self)
{
  g_return_val_if_fail (ORK_IS_RUN_STRIP (self), 0);
  return self->bars->len;
}

const OrkRunStripBar *
ork_run_strip_get_bar (OrkRunStrip *self,
                       guint        index)
{
  g_return_val_if_fail (ORK_IS_RUN_STRIP (self), NULL);
  g_return_val_if_fail (index < self->bars->len, NULL);

  return &g_array_index (self->bars, Bar, index);
}

gboolean
ork_run_strip_get_bar_rect (OrkRunStrip     *self,
                            guint            index,
                            graphene_rect_t *out)
{
  g_return_val_if_fail (ORK_IS_RUN_STRIP (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (index >= self->bars->len)
    return FALSE;
  ensure_layout (self);
  bar_rect (self, index, out);
  return TRUE;
}

int
ork_run_strip_bar_at (OrkRunStrip *self,
                      double       x,
                      double       y)
{
  double slot;
  int index;

  g_return_val_if_fail (ORK_IS_RUN_STRIP (self), -1);

  if (self->bars->len == 0)
    return -1;
  ensure_layout (self);
  /* The whole slot, full height, so that short bars are easy to point at. */
  if (y < self->plot.origin.y - 2 || y > self->plot.origin.y + self->plot.size.height + 2)
    return -1;
  slot = slot_width (self);
  index = (int) floor ((x - slot_x (self, 0)) / slot);
  if (x < slot_x (self, 0) || index < 0 || (guint) index >= self->bars->len)
    return -1;
  return index;
}

void
ork_run_strip_hover (OrkRunStrip *self,
                     double       x,
                     double       y)
{
  int index;

  g_return_if_fail (ORK_IS_RUN_STRIP (self));

  index = x < 0 ? -1 : ork_run_strip_bar_at (self, x, y);
  if (index == self->hover)
    return;
  self->hover = index;
  show_bar (self, index);
}

const char *
ork_run_strip_get_readout (OrkRunStrip *self)
{
  g_return_val_if_fail (ORK_IS_RUN_STRIP (self), NULL);
  return self->readout;
}

void
ork_run_strip_activate_bar (OrkRunStrip *self,
                            guint        index)
{
  g_return_if_fail (ORK_IS_RUN_STRIP (self));
  g_return_if_fail (index < self->bars->len);

  g_signal_emit (self, signals[SIGNAL_BAR_ACTIVATED], 0, index);
}
