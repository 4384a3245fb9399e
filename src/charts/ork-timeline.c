/* ork-timeline.c — one lane per job, a bar per attempt
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-timeline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ork-chart-axis.h"
#include "ork-chart-palette.h"
#include "ork-time-axis.h"
#include "ork-timeline.h"

#define LABEL_WIDTH        168
#define LABEL_WIDTH_NARROW 96
#define NARROW_WIDTH       560
#define BAR_HEIGHT         14
#define LEAD_HEIGHT        4
#define HIT_SLOP           3.0
#define TICK_SPACING       96
/* A pan key moves a tenth of the visible width; a zoom key halves or
 * doubles it; a scroll step zooms by this factor. */
#define PAN_FRACTION       0.1
#define ZOOM_STEP          2.0
#define SCROLL_ZOOM        1.25

/* Colours a frame draws with, each in one pass. */
typedef enum
{
  INK_ACTIVE,
  INK_QUEUE,
  INK_JOIN,
  INK_PLANNED,
  N_INKS
} Ink;

typedef struct
{
  float x, y, w, h;
} Rect;

/* Pixel buffers for the plot's image, kept between frames: a fresh 4 MB
 * image a frame costs its page faults every frame. A buffer goes back to
 * the pool when cairo lets go of its surface (the frame's render node keeps
 * it until the next frame is drawn), so a buffer is never drawn into while
 * a picture still shows it. The pool lives as long as its last buffer. */
typedef struct
{
  GPtrArray *free;      /* ImageBuffer */
  gsize      size;      /* of the buffers in free */
  gboolean   closed;    /* its timeline is gone: keep nothing */
} ImagePool;

typedef struct
{
  ImagePool *pool;
  gsize      size;
  guint8    *data;
} ImageBuffer;

static const cairo_user_data_key_t image_buffer_key;

static void
image_buffer_free (ImageBuffer *buffer)
{
  g_free (buffer->data);
  g_rc_box_release (buffer->pool);
  g_free (buffer);
}

static void
image_pool_clear (ImagePool *pool)
{
  g_ptr_array_unref (pool->free);
}

static void
on_image_released (void *data)
{
  ImageBuffer *buffer = data;
  ImagePool *pool = buffer->pool;

  /* Two are enough (one shown, one drawn); a buffer of another size is
   * of no more use. */
  if (!pool->closed && buffer->size == pool->size && pool->free->len < 2)
    g_ptr_array_add (pool->free, buffer);
  else
    image_buffer_free (buffer);
}

/* A cleared ARGB32 image of @width × @height device pixels. */
static cairo_surface_t *
image_pool_take (ImagePool *pool,
                 int        width,
                 int        height,
                 double     scale)
{
  int stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, width);
  gsize size = (gsize) stride * height;
  ImageBuffer *buffer = NULL;
  cairo_surface_t *surface;

  if (size != pool->size)
    {
      g_ptr_array_set_size (pool->free, 0);
      pool->size = size;
    }
  if (pool->free->len > 0)
    {
      buffer = g_ptr_array_steal_index_fast (pool->free, pool->free->len - 1);
      memset (buffer->data, 0, size);
    }
  else
    {
      buffer = g_new0 (ImageBuffer, 1);
      buffer->pool = g_rc_box_acquire (pool);
      buffer->size = size;
      buffer->data = g_malloc0 (size);
    }
  surface = cairo_image_surface_create_for_data (buffer->data, CAIRO_FORMAT_ARGB32, width, height,
                                                 stride);
  cairo_surface_set_user_data (surface, &image_buffer_key, buffer, on_image_released);
  cairo_surface_set_device_scale (surface, scale, scale);
  return surface;
}

struct _OrkTimeline
{
  GtkWidget      parent_instance;

  OrkTimeRange  *range;
  OrkRunStore   *store;
  GListModel    *lanes;
  OrkSession    *session;

  GtkAdjustment *hadjustment;
  GtkAdjustment *vadjustment;
  guint          hscroll_policy : 1;
  guint          vscroll_policy : 1;

  OrkTimelineDescribeFunc describe;
  gpointer       describe_data;
  GDestroyNotify describe_destroy;

  char          *selected_job;
  guint64        selected_run;

  /* Pointer and drag state. */
  double         pointer_x;
  double         pointer_y;
  gboolean       pointer_inside;
  gboolean       drag_selects;
  double         drag_last_x;
  double         drag_last_y;
  gint64         drag_anchor;
  char          *readout;

  /* Redraws for the moving now-line and running bars. */
  guint          tick_id;
  gint64         drawn_now;
  gboolean       engine_dirty;
  guint          n_drawn;

  /* time → x, kept up to date on every allocation and range change */
  double         map_x0;
  double         map_k;
  gint64         map_t0;

  ImagePool     *pool;

  GArray        *rects[N_INKS];
  GArray        *ghosts;
  GArray        *marks;
};

static void ork_timeline_scrollable_init (GtkScrollableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OrkTimeline, ork_timeline, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE,
                                                      ork_timeline_scrollable_init))

enum
{
  PROP_0,
  PROP_TIME_RANGE,
  PROP_STORE,
  PROP_LANES,
  PROP_SESSION,
  PROP_READOUT,
  N_PROPS,
  /* GtkScrollable's */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum
{
  SIGNAL_RUN_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
ork_timeline_scrollable_init (GtkScrollableInterface *iface)
{
}

/* Geometry ------------------------------------------------------------------ */

static double
label_width (OrkTimeline *self)
{
  return gtk_widget_get_width (GTK_WIDGET (self)) < NARROW_WIDTH ? LABEL_WIDTH_NARROW : LABEL_WIDTH;
}

static double
plot_width (OrkTimeline *self)
{
  return MAX (1.0, gtk_widget_get_width (GTK_WIDGET (self)) - label_width (self));
}

static void
update_mapping (OrkTimeline *self)
{
  gint64 t0 = ork_time_range_get_visible_start (self->range);
  gint64 t1 = ork_time_range_get_visible_end (self->range);

  self->map_x0 = label_width (self);
  self->map_t0 = t0;
  self->map_k = plot_width (self) / (double) MAX (t1 - t0, 1);
}

/* ork_timeline_time_to_x () without its checks: called for every attempt. */
static inline double
tx (OrkTimeline *self,
    gint64       time)
{
  return self->map_x0 + (double) (time - self->map_t0) * self->map_k;
}

static double
scroll_offset (OrkTimeline *self)
{
  return self->vadjustment != NULL ? gtk_adjustment_get_value (self->vadjustment) : 0;
}

static guint
n_lanes (OrkTimeline *self)
{
  return self->lanes != NULL ? g_list_model_get_n_items (self->lanes) : 0;
}

static GTimeZone *
zone (OrkTimeline *self)
{
  if (self->session == NULL)
    return NULL;
  return ork_workspace_get_time_zone (ork_session_get_workspace (self->session));
}

static gint64
engine_now (OrkTimeline *self)
{
  OrkClock *clock = self->session != NULL ? ork_session_get_clock (self->session) : NULL;

  return clock != NULL ? ork_clock_now (clock) : G_MININT64;
}

double
ork_timeline_get_plot_x (OrkTimeline *self)
{
  g_return_val_if_fail (ORK_IS_TIMELINE (self), 0);
  return label_width (self);
}

double
ork_timeline_time_to_x (OrkTimeline *self,
                        gint64       time)
{
  g_return_val_if_fail (ORK_IS_TIMELINE (self), 0);
  return tx (self, time);
}

gint64
ork_timeline_x_to_time (OrkTimeline *self,
                        double       x)
{
  g_return_val_if_fail (ORK_IS_TIMELINE (self), 0);
  return ork_time_range_x_to_time (self->range, x - label_width (self), plot_width (self));
}

int
ork_timeline_lane_at_y (OrkTimeline *self,
                        double       y)
{
  double lane;

  g_return_val_if_fail (ORK_IS_TIMELINE (self), -1);

  if (y < ORK_TIMELINE_RULER_HEIGHT)
    return -1;
  lane = floor ((y - ORK_TIMELINE_RULER_HEIGHT + scroll_offset (self)) / ORK_TIMELINE_LANE_HEIGHT);
  if (lane < 0 || lane >= n_lanes (self))
    return -1;
  return (int) lane;
}

double
ork_timeline_lane_y (OrkTimeline *self,
                     guint        lane)
{
  g_return_val_if_fail (ORK_IS_TIMELINE (self), 0);
  return ORK_TIMELINE_RULER_HEIGHT - scroll_offset (self)
         + (lane + 0.5) * ORK_TIMELINE_LANE_HEIGHT;
}

static void
configure_vadjustment (OrkTimeline *self)
{
  double page, upper;

  if (self->vadjustment == NULL)
    return;
  page = MAX (0, gtk_widget_get_height (GTK_WIDGET (self)) - ORK_TIMELINE_RULER_HEIGHT);
  upper = (double) n_lanes (self) * ORK_TIMELINE_LANE_HEIGHT;
  gtk_adjustment_configure (self->vadjustment,
                            CLAMP (gtk_adjustment_get_value (self->vadjustment), 0,
                                   MAX (0, upper - page)),
                            0, MAX (upper, page),
                            ORK_TIMELINE_LANE_HEIGHT, page * 0.9, page);
}

/* Hit testing ------------------------------------------------------------- */

static const char *
lane_job_id (OrkTimeline *self,
             guint        lane,
             OrkJob     **out_job)
{
  g_autoptr(OrkJob) job = g_list_model_get_item (self->lanes, lane);

  /* The model keeps the job alive; borrowing it is safe for the call. */
  *out_job = job;
  return job != NULL ? ork_job_get_id (job) : NULL;
}

static void
bar_from_run (OrkRun *run,
              gint64  now,
              OrkBar *bar)
{
  memset (bar, 0, sizeof *bar);
  bar->nominal_at = ork_run_get_nominal_at (run);
  bar->queued_at = ork_run_get_queued_at (run);
  bar->started_at = ork_run_get_started_at (run);
  bar->end_at = now;
  bar->retry_from = ORK_TIME_UNSET;
  bar->run_id = ork_run_get_run_id (run);
  bar->attempt = ork_run_get_attempt (run);
  bar->status = (guint8) ork_run_get_state (run);
  bar->reason = (guint8) ork_run_get_reason (run);
}

/* Distance in pixels from @x to the span [@x0, @x1]. */
static double
distance_to (double x,
             double x0,
             double x1)
{
  if (x < x0)
    return x0 - x;
  if (x > x1)
    return x - x1;
  return 0;
}

gboolean
ork_timeline_hit_test (OrkTimeline    *self,
                       double          x,
                       double          y,
                       OrkTimelineHit *hit)
{
  OrkScheduler *scheduler;
  const OrkBar *bars;
  const char *job_id;
  OrkJob *job;
  guint n, first;
  int lane;
  double best = HIT_SLOP + 1e-9;
  gint64 t_lo, t_hi, now;

  g_return_val_if_fail (ORK_IS_TIMELINE (self), FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);

  memset (hit, 0, sizeof *hit);
  lane = ork_timeline_lane_at_y (self, y);
  if (lane < 0 || x < label_width (self) || self->store == NULL)
    return FALSE;
  /* Only the bar's own height counts, not the gap between lanes. */
  if (fabs (y - ork_timeline_lane_y (self, lane)) > BAR_HEIGHT / 2.0 + 2)
    return FALSE;
  job_id = lane_job_id (self, lane, &job);
  if (job_id == NULL)
    return FALSE;

  t_lo = ork_timeline_x_to_time (self, x - HIT_SLOP);
  t_hi = ork_timeline_x_to_time (self, x + HIT_SLOP);
  bars = ork_run_store_get_bars (self->store, job_id, &n);
  first = ork_run_store_find_first (self->store, job_id, t_lo);
  for (guint i = first; i < n && ork_bar_begin (&bars[i]) <= t_hi; i++)
    {
      const OrkBar *bar = &bars[i];
      double x0 = tx (self, bar->started_at != ORK_TIME_UNSET
                                                ? bar->started_at : ork_bar_begin (bar));
      double x1 = tx (self, bar->end_at);
      double d;

      if (bar->status == ORK_RUN_SKIPPED)
        x0 = x1;
      else if (bar->queued_at != ORK_TIME_UNSET)
        x0 = MIN (x0, tx (self, bar->queued_at));
      d = distance_to (x, x0, x1);
      /* Later bars win ties: they are drawn on top. */
      if (d <= best)
        {
          best = d;
          hit->kind = bar->status == ORK_RUN_SKIPPED ? ORK_TIMELINE_HIT_SKIPPED
                                                     : ORK_TIMELINE_HIT_ATTEMPT;
          hit->bar = *bar;
        }
    }

  scheduler = self->session != NULL ? ork_session_get_scheduler (self->session) : NULL;
  now = engine_now (self);
  if (scheduler != NULL)
    {
      g_autoptr(GPtrArray) runs = ork_scheduler_get_active_runs (scheduler);

      for (guint i = 0; i < runs->len; i++)
        {
          OrkRun *run = runs->pdata[i];
          OrkBar bar;
          double d;

          if (g_strcmp0 (ork_run_get_job_id (run), job_id) != 0)
            continue;
          if (ork_run_get_state (run) != ORK_RUN_QUEUED && ork_run_get_state (run) != ORK_RUN_RUNNING)
            continue;
          bar_from_run (run, now, &bar);
          d = distance_to (x, tx (self, ork_bar_begin (&bar)),
                           tx (self, now));
          if (d <= best)
            {
              best = d;
              hit->kind = ORK_TIMELINE_HIT_ACTIVE;
              hit->bar = bar;
            }
        }
    }

  if (hit->kind == ORK_TIMELINE_HIT_NONE)
    return FALSE;
  hit->lane = lane;
  hit->job = job;
  return TRUE;
}

static char *
describe_hit (OrkTimeline          *self,
              const OrkTimelineHit *hit)
{
  if (self->describe != NULL)
    return self->describe (hit, zone (self), self->describe_data);
  return g_strdup_printf ("%s #%" G_GUINT64_FORMAT ".%u %s", ork_job_get_id (hit->job),
                          hit->bar.run_id, hit->bar.attempt,
                          ork_run_state_to_string (hit->bar.status));
}

static void
update_readout (OrkTimeline *self)
{
  OrkTimelineHit hit;
  g_autofree char *text = NULL;

  if (self->pointer_inside && ork_timeline_hit_test (self, self->pointer_x, self->pointer_y, &hit))
    text = describe_hit (self, &hit);
  if (g_strcmp0 (text, self->readout) == 0)
    return;
  g_free (self->readout);
  self->readout = g_steal_pointer (&text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READOUT]);
}

/* Drawing ------------------------------------------------------------------ */

static void
add_rect (OrkTimeline *self,
          Ink          ink,
          double       x,
          double       y,
          double       w,
          double       h)
{
  Rect r = { (float) x, (float) y, (float) w, (float) h };

  g_array_append_val (self->rects[ink], r);
}

/* Worse outcomes win a shared pixel column. */
enum
{
  RANK_NONE,
  RANK_MUTED,
  RANK_SUCCESS,
  RANK_WARNING,
  RANK_FAILURE,
  N_RANKS
};

static guint8
state_rank (guint8 status)
{
  switch (status)
    {
    case ORK_RUN_FAILED:
    case ORK_RUN_INTERRUPTED: return RANK_FAILURE;
    case ORK_RUN_TIMED_OUT: return RANK_WARNING;
    case ORK_RUN_SUCCEEDED: return RANK_SUCCESS;
    default: return RANK_MUTED;
    }
}

/* The finished attempts of the visible lanes are drawn into an image of the
 * plot, one device pixel column at a time: each column of a lane takes the
 * worst outcome of the attempts that cover it. However many attempts are in
 * view, a frame writes at most the plot's pixels and draws one texture. */
typedef struct
{
  cairo_surface_t *surface;
  guint32 *pixels;        /* the surface's: premultiplied ARGB, native endian */
  int      stride;        /* in pixels */
  int      width;         /* device pixels */
  int      height;
  double   scale;
  double   x0;            /* the plot's left edge, widget coordinates */
  double   y0;            /* its top */
  guint8  *bar;           /* per column: the rank of the lane's bars */
  guint8  *lead;          /* per column: queued */
  guint32  ink[N_RANKS];
  guint32  lead_ink;
  guint    n_spans;
} Raster;

static guint32
premultiply (const GdkRGBA *color,
             double         alpha)
{
  double a = CLAMP (color->alpha * alpha, 0, 1);

  return ((guint32) lround (a * 255) << 24)
         | ((guint32) lround (CLAMP (color->red, 0, 1) * a * 255) << 16)
         | ((guint32) lround (CLAMP (color->green, 0, 1) * a * 255) << 8)
         | (guint32) lround (CLAMP (color->blue, 0, 1) * a * 255);
}

/* Marks columns [floor (@xa), ceil (@xb)) (at least one) with @rank. */
static void
cover (Raster *raster,
       guint8 *columns,
       double  xa,
       double  xb,
       guint8  rank)
{
  double ca = (xa - raster->x0) * raster->scale;
  double cb = (xb - raster->x0) * raster->scale;
  int c0, c1;

  if (cb < 0 || ca >= raster->width)
    return;
  c0 = (int) floor (MAX (ca, 0));
  c1 = (int) ceil (MIN (cb, raster->width));
  c1 = MAX (c1, c0 + 1);
  c1 = MIN (c1, raster->width);
  for (int c = c0; c < c1; c++)
    if (columns[c] < rank)
      columns[c] = rank;
}

static void
fill_span (Raster  *raster,
           int      c0,
           int      c1,
           double   top,
           double   height,
           guint32  ink)
{
  int r0 = (int) lround ((top - raster->y0) * raster->scale);
  int r1 = r0 + (int) lround (height * raster->scale);

  r0 = MAX (r0, 0);
  r1 = MIN (r1, raster->height);
  for (int r = r0; r < r1; r++)
    {
      guint32 *row = raster->pixels + (gsize) r * raster->stride;

      for (int c = c0; c < c1; c++)
        row[c] = ink;
    }
  raster->n_spans++;
}

/* Writes a lane's columns into the image as runs of one colour. */
static void
paint_lane (Raster *raster,
            double  mid)
{
  int w = raster->width;

  for (int c = 0; c < w;)
    {
      guint8 rank = raster->bar[c];
      int end = c + 1;

      while (end < w && raster->bar[end] == rank)
        end++;
      if (rank != RANK_NONE)
        {
          /* A lone column is drawn two wide, to be seen. */
          int to = end;
          if (end - c == 1 && end < w && raster->bar[end] == RANK_NONE)
            to = end + 1;
          fill_span (raster, c, to, mid - BAR_HEIGHT / 2.0, BAR_HEIGHT, raster->ink[rank]);
        }
      c = end;
    }
  for (int c = 0; c < w;)
    {
      int end = c + 1;

      if (!raster->lead[c] || raster->bar[c] != RANK_NONE)
        {
          c++;
          continue;
        }
      while (end < w && raster->lead[end] && raster->bar[end] == RANK_NONE)
        end++;
      fill_span (raster, c, end, mid - LEAD_HEIGHT / 2.0, LEAD_HEIGHT, raster->lead_ink);
      c = end;
    }
}

/* The finished attempts and skips of one lane in [@t0, @t1]. */
static void
collect_lane (OrkTimeline *self,
              Raster      *raster,
              const char  *job_id,
              double       mid,
              gint64       t0,
              gint64       t1,
              double       x_min,
              double       x_max)
{
  const OrkBar *bars;
  guint n, first;
  long mark_column = G_MINLONG;

  bars = ork_run_store_get_bars (self->store, job_id, &n);
  if (n == 0)
    return;
  first = ork_run_store_find_first (self->store, job_id, t0);
  memset (raster->bar, 0, raster->width);
  memset (raster->lead, 0, raster->width);

  for (guint i = first; i < n; i++)
    {
      const OrkBar *bar = &bars[i];
      gint64 begin = ork_bar_begin (bar);
      double xs, xe;

      if (begin > t1)
        break;
      if (bar->end_at < t0)
        continue;

      if (bar->status == ORK_RUN_SKIPPED)
        {
          double x = tx (self, bar->end_at);
          long c = (long) floor (x / 3);

          /* A mark every 3 px at most. */
          if (c != mark_column && x >= x_min && x <= x_max)
            {
              Rect r = { (float) x, (float) mid, 0, 0 };

              g_array_append_val (self->marks, r);
              mark_column = c;
            }
          continue;
        }

      if (bar->retry_from != ORK_TIME_UNSET)
        {
          double xj0 = tx (self, bar->retry_from);
          double xj1 = tx (self, begin);

          if (xj1 - xj0 >= 2)
            add_rect (self, INK_JOIN, MAX (xj0, x_min - 1), mid - 0.5,
                      MIN (xj1, x_max + 1) - MAX (xj0, x_min - 1), 1);
        }

      xs = tx (self, bar->started_at != ORK_TIME_UNSET ? bar->started_at : begin);
      xe = tx (self, bar->end_at);
      if (bar->queued_at != ORK_TIME_UNSET && bar->started_at != ORK_TIME_UNSET)
        {
          double xq = tx (self, bar->queued_at);

          if (xs - xq >= 1)
            cover (raster, raster->lead, xq, xs, 1);
        }
      cover (raster, raster->bar, xs, xe, state_rank (bar->status));
    }
  paint_lane (raster, mid);
}

/* Runs queued or running now. */
static void
collect_active (OrkTimeline *self,
                GHashTable  *lane_mid,
                gint64       now)
{
  OrkScheduler *scheduler = ork_session_get_scheduler (self->session);
  g_autoptr(GPtrArray) runs = NULL;
  double x_now = tx (self, now);

  if (scheduler == NULL)
    return;
  runs = ork_scheduler_get_active_runs (scheduler);
  for (guint i = 0; i < runs->len; i++)
    {
      OrkRun *run = runs->pdata[i];
      OrkRunState state = ork_run_get_state (run);
      gpointer value;
      double mid, xq, xs;

      if (state != ORK_RUN_QUEUED && state != ORK_RUN_RUNNING)
        continue;
      if (!g_hash_table_lookup_extended (lane_mid, ork_run_get_job_id (run), NULL, &value))
        continue;
      mid = *(double *) value;
      xq = tx (self, ork_run_get_queued_at (run) != ORK_TIME_UNSET
                                         ? ork_run_get_queued_at (run) : now);
      xs = state == ORK_RUN_RUNNING ? tx (self, ork_run_get_started_at (run)) : x_now;
      if (xs > xq)
        add_rect (self, INK_QUEUE, xq, mid - LEAD_HEIGHT / 2.0, xs - xq, LEAD_HEIGHT);
      if (state == ORK_RUN_RUNNING)
        add_rect (self, INK_ACTIVE, xs, mid - BAR_HEIGHT / 2.0, MAX (x_now - xs, 2), BAR_HEIGHT);
    }
}

/* Planned runs of a lane from now to @t1, as outlines; packed closer than
 * a few pixels they become one band. */
static void
collect_ghosts (OrkTimeline *self,
                OrkJob      *job,
                double       mid,
                gint64       now,
                gint64       t1,
                double       x_max)
{
  OrkScheduler *scheduler = ork_session_get_scheduler (self->session);
  const OrkSchedule *schedule = ork_job_get_schedule (job);
  GTimeZone *tz = zone (self);
  gint64 length, fire;
  double prev_x = -G_MAXDOUBLE;

  if (scheduler == NULL || schedule == NULL || !ork_job_get_enabled (job))
    return;
  fire = ork_scheduler_get_next_fire (scheduler, ork_job_get_id (job));
  length = ork_run_store_get_typical_length (self->store, ork_job_get_id (job));
  for (guint k = 0; fire != ORK_TIME_NEVER && fire <= t1 && k < 4096; k++)
    {
      double x = tx (self, fire);

      if (fire >= now)
        {
          double w = tx (self, fire + length) - x;

          if (x - prev_x < 4)
            {
              /* Too close to tell apart: a band to the end. */
              add_rect (self, INK_PLANNED, x, mid - 1.5, x_max - x, 3);
              return;
            }
          if (w < 6)
            /* Too narrow for an outline: a faint tick. */
            add_rect (self, INK_PLANNED, x, mid - BAR_HEIGHT / 2.0, 2, BAR_HEIGHT);
          else
            {
              Rect r = { (float) x, (float) (mid - BAR_HEIGHT / 2.0), (float) w, BAR_HEIGHT };
              g_array_append_val (self->ghosts, r);
            }
          prev_x = x;
        }
      fire = ork_schedule_next (schedule, tz, fire, G_MININT64);
    }
}

static void
fill_rects (cairo_t       *cr,
            GArray        *rects,
            const GdkRGBA *color)
{
  if (rects->len == 0)
    return;
  for (guint i = 0; i < rects->len; i++)
    {
      const Rect *r = &g_array_index (rects, Rect, i);
      cairo_rectangle (cr, r->x, r->y, r->w, r->h);
    }
  gdk_cairo_set_source_rgba (cr, color);
  cairo_fill (cr);
}

static void
draw_ruler (OrkTimeline           *self,
            cairo_t               *cr,
            const OrkChartPalette *palette,
            double                 x0,
            double                 width,
            double                 height)
{
  GTimeZone *tz = zone (self);
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GArray) ticks = NULL;
  gint64 t0 = ork_time_range_get_visible_start (self->range);
  gint64 t1 = ork_time_range_get_visible_end (self->range);
  gint64 step;
  double pw = width - x0;

  if (tz == NULL)
    tz = utc = g_time_zone_new_utc ();
  ticks = ork_time_axis_ticks (t0, t1, pw, TICK_SPACING, tz, &step);

  /* Grid lines across the lanes at the labelled ticks. */
  for (guint i = 0; i < ticks->len; i++)
    {
      const OrkTimeTick *tick = &g_array_index (ticks, OrkTimeTick, i);
      double x = round (x0 + ork_time_range_time_to_x (self->range, tick->time, pw)) + 0.5;

      if (!tick->major)
        continue;
      cairo_move_to (cr, x, ORK_TIMELINE_RULER_HEIGHT);
      cairo_line_to (cr, x, height);
    }
  gdk_cairo_set_source_rgba (cr, &palette->grid);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  /* The ruler: a line, ticks (labelled ones longer), labels. */
  cairo_move_to (cr, x0, ORK_TIMELINE_RULER_HEIGHT - 0.5);
  cairo_line_to (cr, width, ORK_TIMELINE_RULER_HEIGHT - 0.5);
  for (guint i = 0; i < ticks->len; i++)
    {
      const OrkTimeTick *tick = &g_array_index (ticks, OrkTimeTick, i);
      double x = round (x0 + ork_time_range_time_to_x (self->range, tick->time, pw)) + 0.5;

      cairo_move_to (cr, x, ORK_TIMELINE_RULER_HEIGHT);
      cairo_line_to (cr, x, ORK_TIMELINE_RULER_HEIGHT - (tick->major ? 8 : 4));
    }
  {
    GdkRGBA axis = palette->foreground;
    axis.alpha *= 0.5f;
    gdk_cairo_set_source_rgba (cr, &axis);
    cairo_stroke (cr);
  }

  gdk_cairo_set_source_rgba (cr, &palette->foreground);
  for (guint i = 0; i < ticks->len; i++)
    {
      const OrkTimeTick *tick = &g_array_index (ticks, OrkTimeTick, i);
      double x = x0 + ork_time_range_time_to_x (self->range, tick->time, pw);
      g_autoptr(PangoLayout) layout = NULL;
      int lw, lh;

      if (!tick->major)
        continue;
      layout = ork_chart_layout (GTK_WIDGET (self), tick->label, FALSE, tick->new_day, -1);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      if (x + 3 + lw > width)
        continue;
      cairo_move_to (cr, x + 3, ORK_TIMELINE_RULER_HEIGHT - 8 - lh);
      pango_cairo_show_layout (cr, layout);
    }

  /* Above the lane names: the date of the visible start, which the ticks
   * of a short span do not show. */
  {
    g_autoptr(GDateTime) utc_start = g_date_time_new_from_unix_utc (t0 / G_USEC_PER_SEC);
    g_autoptr(GDateTime) local = g_date_time_to_timezone (utc_start, tz);
    /* TRANSLATORS: the date above the timeline's lane names, see g_date_time_format () */
    g_autofree char *text = g_date_time_format (local, C_("timeline date", "%a %e %b %Y"));
    GdkRGBA dim = palette->foreground;
    g_autoptr(PangoLayout) layout = NULL;
    int lw, lh;

    cairo_save (cr);
    cairo_reset_clip (cr);
    layout = ork_chart_layout (GTK_WIDGET (self), text, FALSE, FALSE, (int) (x0 - 12));
    pango_layout_get_pixel_size (layout, &lw, &lh);
    dim.alpha *= 0.7f;
    gdk_cairo_set_source_rgba (cr, &dim);
    cairo_move_to (cr, 6, ORK_TIMELINE_RULER_HEIGHT - 8 - lh);
    pango_cairo_show_layout (cr, layout);
    cairo_restore (cr);
  }
}

static void
draw_labels (OrkTimeline           *self,
             cairo_t               *cr,
             const OrkChartPalette *palette,
             guint                  first,
             guint                  last,
             double                 x0)
{
  gdk_cairo_set_source_rgba (cr, &palette->foreground);
  for (guint lane = first; lane < last; lane++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (self->lanes, lane);
      g_autoptr(PangoLayout) layout = ork_chart_layout (GTK_WIDGET (self), ork_job_get_name (job),
                                                        FALSE, FALSE, (int) (x0 - 12));
      int lw, lh;

      pango_layout_get_pixel_size (layout, &lw, &lh);
      cairo_move_to (cr, 6, ork_timeline_lane_y (self, lane) - lh / 2.0);
      pango_cairo_show_layout (cr, layout);
    }
}

static void
ork_timeline_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  OrkTimeline *self = ORK_TIMELINE (widget);
  OrkChartPalette palette;
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double x0 = label_width (self);
  gint64 t0 = ork_time_range_get_visible_start (self->range);
  gint64 t1 = ork_time_range_get_visible_end (self->range);
  gint64 now = engine_now (self);
  g_autoptr(GHashTable) lane_mid = NULL;
  guint first = 0, last = 0, total = n_lanes (self);
  cairo_t *cr;
  double offset = scroll_offset (self);
  Raster raster = { NULL, };

  if (width <= 0 || height <= 0)
    return;
  ork_chart_palette_lookup (widget, &palette);
  for (guint i = 0; i < N_INKS; i++)
    g_array_set_size (self->rects[i], 0);
  g_array_set_size (self->ghosts, 0);
  g_array_set_size (self->marks, 0);

  if (total > 0)
    {
      first = (guint) MAX (0, floor (offset / ORK_TIMELINE_LANE_HEIGHT));
      last = MIN (total, (guint) ceil ((offset + height - ORK_TIMELINE_RULER_HEIGHT)
                                       / ORK_TIMELINE_LANE_HEIGHT) + 1);
    }

  raster.scale = gtk_widget_get_scale_factor (widget);
  raster.x0 = x0;
  raster.y0 = ORK_TIMELINE_RULER_HEIGHT;
  raster.width = (int) ceil ((width - x0) * raster.scale);
  raster.height = (int) ceil ((height - ORK_TIMELINE_RULER_HEIGHT) * raster.scale);
  raster.n_spans = 0;
  if (raster.width > 0 && raster.height > 0)
    {
      raster.surface = image_pool_take (self->pool, raster.width, raster.height, raster.scale);
      raster.pixels = (guint32 *) cairo_image_surface_get_data (raster.surface);
      raster.stride = cairo_image_surface_get_stride (raster.surface) / 4;
      raster.bar = g_malloc (raster.width);
      raster.lead = g_malloc (raster.width);
    }
  raster.ink[RANK_NONE] = 0;
  raster.ink[RANK_MUTED] = premultiply (&palette.muted, 1);
  raster.ink[RANK_SUCCESS] = premultiply (&palette.success, 1);
  raster.ink[RANK_WARNING] = premultiply (&palette.warning, 1);
  raster.ink[RANK_FAILURE] = premultiply (&palette.failure, 1);
  raster.lead_ink = premultiply (&palette.accent, 0.45);

  lane_mid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint lane = first; lane < last && self->store != NULL; lane++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (self->lanes, lane);
      double mid = ork_timeline_lane_y (self, lane);

      g_hash_table_insert (lane_mid, g_strdup (ork_job_get_id (job)), g_memdup2 (&mid, sizeof mid));
      if (raster.pixels != NULL)
        collect_lane (self, &raster, ork_job_get_id (job), mid, t0, t1, x0, width);
      if (self->session != NULL && now != G_MININT64 && t1 > now)
        collect_ghosts (self, job, mid, now, t1, width);
    }
  if (self->session != NULL && now != G_MININT64 && ork_session_get_scheduler (self->session) != NULL)
    collect_active (self, lane_mid, now);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* Lanes: every other one shaded. */
  for (guint lane = first; lane < last; lane++)
    if (lane % 2 == 1)
      cairo_rectangle (cr, 0, ork_timeline_lane_y (self, lane) - ORK_TIMELINE_LANE_HEIGHT / 2.0,
                       width, ORK_TIMELINE_LANE_HEIGHT);
  {
    GdkRGBA stripe = palette.grid;
    stripe.alpha *= 0.4f;
    gdk_cairo_set_source_rgba (cr, &stripe);
    cairo_fill (cr);
  }

  /* Lane names at the left; everything else clipped to the plot. */
  cairo_save (cr);
  cairo_rectangle (cr, 0, ORK_TIMELINE_RULER_HEIGHT, x0, height - ORK_TIMELINE_RULER_HEIGHT);
  cairo_clip (cr);
  draw_labels (self, cr, &palette, first, last, x0);
  cairo_restore (cr);

  cairo_save (cr);
  cairo_rectangle (cr, x0, 0, width - x0, height);
  cairo_clip (cr);

  /* The selected span. */
  {
    gint64 s0, s1;

    if (ork_time_range_get_selection (self->range, &s0, &s1))
      {
        double a = tx (self, s0), b = tx (self, s1);

        cairo_rectangle (cr, a, 0, b - a, height);
        gdk_cairo_set_source_rgba (cr, &palette.selection);
        cairo_fill (cr);
      }
  }

  draw_ruler (self, cr, &palette, x0, width, height);

  cairo_rectangle (cr, x0, ORK_TIMELINE_RULER_HEIGHT, width - x0, height - ORK_TIMELINE_RULER_HEIGHT);
  cairo_clip (cr);

  /* The finished attempts: one image. */
  if (raster.surface != NULL)
    {
      cairo_surface_mark_dirty (raster.surface);
      cairo_set_source_surface (cr, raster.surface, x0, ORK_TIMELINE_RULER_HEIGHT);
      cairo_paint (cr);
      cairo_surface_destroy (raster.surface);
      g_free (raster.bar);
      g_free (raster.lead);
    }
  {
    GdkRGBA queue = palette.accent, join = palette.failure;

    queue.alpha *= 0.45f;
    join.alpha *= 0.7f;
    fill_rects (cr, self->rects[INK_QUEUE], &queue);
    fill_rects (cr, self->rects[INK_JOIN], &join);
    fill_rects (cr, self->rects[INK_ACTIVE], &palette.accent);
    fill_rects (cr, self->rects[INK_PLANNED], &palette.muted);
  }

  /* Skipped runs: small downward triangles above the bar line. */
  for (guint i = 0; i < self->marks->len; i++)
    {
      const Rect *m = &g_array_index (self->marks, Rect, i);

      cairo_move_to (cr, m->x - 3.5, m->y - 6);
      cairo_line_to (cr, m->x + 3.5, m->y - 6);
      cairo_line_to (cr, m->x, m->y + 1);
      cairo_close_path (cr);
    }
  if (self->marks->len > 0)
    {
      GdkRGBA mark = palette.foreground;
      mark.alpha *= 0.55f;
      gdk_cairo_set_source_rgba (cr, &mark);
      cairo_fill (cr);
    }

  /* Planned runs: dashed outlines. */
  for (guint i = 0; i < self->ghosts->len; i++)
    {
      const Rect *r = &g_array_index (self->ghosts, Rect, i);
      cairo_rectangle (cr, r->x + 0.5, r->y + 0.5, MAX (r->w - 1, 1), r->h - 1);
    }
  if (self->ghosts->len > 0)
    {
      static const double dash[] = { 3, 2 };

      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_set_line_width (cr, 1);
      gdk_cairo_set_source_rgba (cr, &palette.muted);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  /* The selected run: an outline around its attempts. */
  if (self->selected_job != NULL && self->store != NULL)
    {
      gpointer value;

      if (g_hash_table_lookup_extended (lane_mid, self->selected_job, NULL, &value))
        {
          double mid = *(double *) value;
          const OrkBar *bars;
          guint n, i0;

          bars = ork_run_store_get_bars (self->store, self->selected_job, &n);
          i0 = ork_run_store_find_first (self->store, self->selected_job, t0);
          for (guint i = i0; i < n && ork_bar_begin (&bars[i]) <= t1; i++)
            if (bars[i].run_id == self->selected_run)
              {
                double a = tx (self, ork_bar_begin (&bars[i]));
                double b = tx (self, bars[i].end_at);

                cairo_rectangle (cr, a - 2.5, mid - BAR_HEIGHT / 2.0 - 2.5, MAX (b - a, 1) + 5,
                                 BAR_HEIGHT + 5);
              }
          gdk_cairo_set_source_rgba (cr, &palette.foreground);
          cairo_set_line_width (cr, 2);
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);

  /* Now. */
  if (now != G_MININT64 && now >= t0 && now <= t1)
    {
      double x = round (tx (self, now));

      cairo_rectangle (cr, x - 1, ORK_TIMELINE_RULER_HEIGHT - 6, 2, height);
      gdk_cairo_set_source_rgba (cr, &palette.accent);
      cairo_fill (cr);
    }

  /* The label column's edge. */
  cairo_rectangle (cr, x0 - 1, 0, 1, height);
  gdk_cairo_set_source_rgba (cr, &palette.grid);
  cairo_fill (cr);
  cairo_destroy (cr);

  self->n_drawn = self->ghosts->len + self->marks->len + raster.n_spans;
  for (guint i = 0; i < N_INKS; i++)
    self->n_drawn += self->rects[i]->len;
  self->drawn_now = now;
  self->engine_dirty = FALSE;
}

/* Redraws ------------------------------------------------------------------ */

static void
queue_redraw (OrkTimeline *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_lanes_changed (OrkTimeline *self)
{
  configure_vadjustment (self);
  queue_redraw (self);
}

static void
on_scheduler_transition (OrkTimeline *self)
{
  self->engine_dirty = TRUE;
}

/* The now-line and running bars move with the engine's time: redraw at the
 * next frame when now moved by half a pixel or the engine changed state. */
static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  OrkTimeline *self = ORK_TIMELINE (widget);
  gint64 now = engine_now (self);

  /* Without an engine now is G_MININT64: no arithmetic on it. */
  if (self->engine_dirty ||
      (now != self->drawn_now &&
       (now == G_MININT64 || self->drawn_now == G_MININT64 ||
        fabs ((double) (now - self->drawn_now) * self->map_k) >= 0.5)))
    {
      queue_redraw (self);
      if (self->pointer_inside)
        update_readout (self);
    }
  return G_SOURCE_CONTINUE;
}

static void
connect_scheduler (OrkTimeline *self)
{
  OrkScheduler *scheduler = self->session != NULL ? ork_session_get_scheduler (self->session) : NULL;

  if (scheduler != NULL)
    g_signal_connect_object (scheduler, "transition", G_CALLBACK (on_scheduler_transition),
                             self, G_CONNECT_SWAPPED);
}

static void
on_session_engine_changed (OrkTimeline *self)
{
  connect_scheduler (self);
  self->engine_dirty = TRUE;
  queue_redraw (self);
}

/* Input ---------------------------------------------------------------------- */

static void
set_pointer (OrkTimeline *self,
             double       x,
             double       y,
             gboolean     inside)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = inside;
  update_readout (self);
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           OrkTimeline              *self)
{
  set_pointer (self, x, y, TRUE);
}

static void
on_leave (GtkEventControllerMotion *controller,
          OrkTimeline              *self)
{
  set_pointer (self, self->pointer_x, self->pointer_y, FALSE);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           OrkTimeline              *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gint64 width = ork_time_range_get_visible_width (self->range);

  if (state & GDK_CONTROL_MASK)
    {
      gint64 anchor = self->pointer_inside && self->pointer_x >= label_width (self)
                      ? ork_timeline_x_to_time (self, self->pointer_x)
                      : ork_time_range_get_visible_start (self->range) + width / 2;

      ork_time_range_zoom (self->range, pow (SCROLL_ZOOM, -dy), anchor);
      return TRUE;
    }
  if (state & GDK_SHIFT_MASK)
    {
      dx = dx != 0 ? dx : dy;
      dy = 0;
    }
  if (fabs (dx) > fabs (dy))
    {
      ork_time_range_pan (self->range, (gint64) llround (dx * PAN_FRACTION * (double) width / 2));
      return TRUE;
    }
  /* Through the lanes: the scrolled window's. */
  return FALSE;
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               OrkTimeline    *self)
{
  if (x < label_width (self))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->drag_selects = y < ORK_TIMELINE_RULER_HEIGHT;
  self->drag_last_x = x;
  self->drag_last_y = y;
  self->drag_anchor = ork_timeline_x_to_time (self, x);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                OrkTimeline    *self)
{
  double start_x, start_y, x, y;

  if (!gtk_gesture_drag_get_start_point (gesture, &start_x, &start_y))
    return;
  x = start_x + offset_x;
  y = start_y + offset_y;
  if (!gtk_drag_check_threshold (GTK_WIDGET (self), (int) start_x, (int) start_y, (int) x, (int) y))
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);

  if (self->drag_selects)
    ork_time_range_select (self->range, self->drag_anchor,
                           ork_timeline_x_to_time (self, CLAMP (x, label_width (self),
                                                                gtk_widget_get_width (GTK_WIDGET (self)))));
  else
    {
      double dt = ork_time_range_get_visible_width (self->range) / plot_width (self);

      ork_time_range_pan (self->range, (gint64) llround (-(x - self->drag_last_x) * dt));
      if (self->vadjustment != NULL)
        gtk_adjustment_set_value (self->vadjustment,
                                  gtk_adjustment_get_value (self->vadjustment) - (y - self->drag_last_y));
    }
  self->drag_last_x = x;
  self->drag_last_y = y;
}

static void
on_click_released (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   OrkTimeline     *self)
{
  OrkTimelineHit hit;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (y < ORK_TIMELINE_RULER_HEIGHT)
    {
      ork_time_range_clear_selection (self->range);
      return;
    }
  if (!ork_timeline_hit_test (self, x, y, &hit))
    return;
  ork_timeline_select_run (self, ork_job_get_id (hit.job), hit.bar.run_id);
  g_signal_emit (self, signals[SIGNAL_RUN_ACTIVATED], 0, ork_job_get_id (hit.job),
                 hit.bar.run_id, (guint) hit.bar.attempt);
}

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip)
{
  OrkTimeline *self = ORK_TIMELINE (widget);
  OrkTimelineHit hit;
  g_autofree char *text = NULL;

  if (keyboard || !ork_timeline_hit_test (self, x, y, &hit))
    return FALSE;
  text = describe_hit (self, &hit);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OrkTimeline *self = ORK_TIMELINE (widget);
  double factor = g_str_equal (action_name, "timeline.zoom-in") ? ZOOM_STEP : 1.0 / ZOOM_STEP;

  if (self->pointer_inside && self->pointer_x >= label_width (self))
    ork_time_range_zoom (self->range, factor, ork_timeline_x_to_time (self, self->pointer_x));
  else
    ork_time_range_zoom_center (self->range, factor);
}

static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  OrkTimeline *self = ORK_TIMELINE (widget);
  double sign = g_str_equal (action_name, "timeline.pan-right") ? 1 : -1;

  ork_time_range_pan (self->range,
                      (gint64) llround (sign * PAN_FRACTION
                                        * (double) ork_time_range_get_visible_width (self->range)));
}

static void
fit_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  ork_time_range_fit (ORK_TIMELINE (widget)->range);
}

static void
zoom_to_selection_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  ork_time_range_zoom_to_selection (ORK_TIMELINE (widget)->range);
}

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  ork_time_range_clear_selection (ORK_TIMELINE (widget)->range);
}

static void
update_actions (OrkTimeline *self)
{
  gboolean has_selection = ork_time_range_get_selection (self->range, NULL, NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.zoom-to-selection", has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.clear-selection", has_selection);
}

static void
on_range_changed (OrkTimeline *self)
{
  update_mapping (self);
  update_actions (self);
  queue_redraw (self);
  if (self->pointer_inside)
    update_readout (self);
}

/* GObject and GtkWidget ---------------------------------------------------- */

static void
set_adjustment (OrkTimeline    *self,
                GtkAdjustment **slot,
                GtkAdjustment  *adjustment)
{
  if (*slot == adjustment)
    return;
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_data (*slot, self);
  g_set_object (slot, adjustment);
  if (adjustment != NULL)
    g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (queue_redraw), self);
  configure_vadjustment (self);
}

static void
ork_timeline_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  update_mapping (ORK_TIMELINE (widget));
  configure_vadjustment (ORK_TIMELINE (widget));
}

static void
ork_timeline_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  OrkTimeline *self = ORK_TIMELINE (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = LABEL_WIDTH_NARROW + 120;
      *natural = LABEL_WIDTH + 800;
    }
  else
    {
      *minimum = ORK_TIMELINE_RULER_HEIGHT + ORK_TIMELINE_LANE_HEIGHT * 2;
      *natural = ORK_TIMELINE_RULER_HEIGHT + ORK_TIMELINE_LANE_HEIGHT * MAX (n_lanes (self), 2);
    }
}

static void
ork_timeline_map (GtkWidget *widget)
{
  OrkTimeline *self = ORK_TIMELINE (widget);

  GTK_WIDGET_CLASS (ork_timeline_parent_class)->map (widget);
  self->tick_id = gtk_widget_add_tick_callback (widget, on_tick, NULL, NULL);
}

static void
ork_timeline_unmap (GtkWidget *widget)
{
  OrkTimeline *self = ORK_TIMELINE (widget);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->tick_id);
      self->tick_id = 0;
    }
  GTK_WIDGET_CLASS (ork_timeline_parent_class)->unmap (widget);
}

static void
ork_timeline_dispose (GObject *object)
{
  OrkTimeline *self = ORK_TIMELINE (object);

  ork_timeline_set_lanes (self, NULL);
  ork_timeline_set_session (self, NULL);
  set_adjustment (self, &self->hadjustment, NULL);
  set_adjustment (self, &self->vadjustment, NULL);
  if (self->range != NULL)
    g_signal_handlers_disconnect_by_data (self->range, self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->range);
  g_clear_object (&self->store);
  if (self->describe_destroy != NULL)
    g_clear_pointer (&self->describe_data, self->describe_destroy);
  self->describe = NULL;

  G_OBJECT_CLASS (ork_timeline_parent_class)->dispose (object);
}

static void
ork_timeline_finalize (GObject *object)
{
  OrkTimeline *self = ORK_TIMELINE (object);

  for (guint i = 0; i < N_INKS; i++)
    g_array_unref (self->rects[i]);
  g_array_unref (self->ghosts);
  g_array_unref (self->marks);
  /* Buffers still shown go when their pictures do. */
  self->pool->closed = TRUE;
  g_ptr_array_set_size (self->pool->free, 0);
  g_rc_box_release_full (self->pool, (GDestroyNotify) image_pool_clear);
  g_free (self->selected_job);
  g_free (self->readout);
  G_OBJECT_CLASS (ork_timeline_parent_class)->finalize (object);
}

static void
ork_timeline_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  OrkTimeline *self = ORK_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_TIME_RANGE:
      g_value_set_object (value, self->range);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_LANES:
      g_value_set_object (value, self->lanes);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_READOUT:
      g_value_set_string (value, self->readout);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_timeline_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  OrkTimeline *self = ORK_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_TIME_RANGE:
      self->range = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_LANES:
      ork_timeline_set_lanes (self, g_value_get_object (value));
      break;
    case PROP_SESSION:
      ork_timeline_set_session (self, g_value_get_object (value));
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_timeline_constructed (GObject *object)
{
  OrkTimeline *self = ORK_TIMELINE (object);

  G_OBJECT_CLASS (ork_timeline_parent_class)->constructed (object);

  if (self->range == NULL)
    self->range = ork_time_range_new ();
  if (self->store == NULL)
    self->store = ork_run_store_new ();
  g_signal_connect_object (self->range, "changed", G_CALLBACK (on_range_changed), self,
                           G_CONNECT_SWAPPED);
  update_mapping (self);
  g_signal_connect_object (self->store, "changed", G_CALLBACK (queue_redraw), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
ork_timeline_class_init (OrkTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ork_timeline_constructed;
  object_class->dispose = ork_timeline_dispose;
  object_class->finalize = ork_timeline_finalize;
  object_class->get_property = ork_timeline_get_property;
  object_class->set_property = ork_timeline_set_property;

  widget_class->snapshot = ork_timeline_snapshot;
  widget_class->measure = ork_timeline_measure;
  widget_class->size_allocate = ork_timeline_size_allocate;
  widget_class->map = ork_timeline_map;
  widget_class->unmap = ork_timeline_unmap;
  widget_class->query_tooltip = on_query_tooltip;

  properties[PROP_TIME_RANGE] =
    g_param_spec_object ("time-range", NULL, NULL, ORK_TYPE_TIME_RANGE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, ORK_TYPE_RUN_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANES] =
    g_param_spec_object ("lanes", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, ORK_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READOUT] =
    g_param_spec_string ("readout", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  signals[SIGNAL_RUN_ACTIVATED] =
    g_signal_new ("run-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT64, G_TYPE_UINT);

  gtk_widget_class_install_action (widget_class, "timeline.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "timeline.pan-left", NULL, pan_action);
  gtk_widget_class_install_action (widget_class, "timeline.pan-right", NULL, pan_action);
  gtk_widget_class_install_action (widget_class, "timeline.fit", NULL, fit_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-to-selection", NULL,
                                   zoom_to_selection_action);
  gtk_widget_class_install_action (widget_class, "timeline.clear-selection", NULL,
                                   clear_selection_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "timeline.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "timeline.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "timeline.pan-left", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "timeline.pan-right", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "timeline.fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, 0, "timeline.zoom-to-selection", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "timeline.clear-selection", NULL);

  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ork_timeline_init (OrkTimeline *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  for (guint i = 0; i < N_INKS; i++)
    self->rects[i] = g_array_new (FALSE, FALSE, sizeof (Rect));
  self->ghosts = g_array_new (FALSE, FALSE, sizeof (Rect));
  self->pool = g_rc_box_new0 (ImagePool);
  self->pool->free = g_ptr_array_new_with_free_func ((GDestroyNotify) image_buffer_free);
  self->marks = g_array_new (FALSE, FALSE, sizeof (Rect));
  self->drawn_now = G_MININT64;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  /* The same runs are listed, with every detail, in each job's run list:
   * that table is the timeline's accessible equivalent. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline of the jobs' runs"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("One lane a job, one bar an attempt, coloured by outcome. "
                                    "Plus and minus zoom, the arrow keys move, Home shows everything. "
                                    "Each job's runs are listed in full in its detail on the Jobs page."),
                                  -1);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "enter", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}

/* Public ---------------------------------------------------------------------- */

GtkWidget *
ork_timeline_new (OrkTimeRange *range,
                  OrkRunStore  *store)
{
  g_return_val_if_fail (range == NULL || ORK_IS_TIME_RANGE (range), NULL);
  g_return_val_if_fail (store == NULL || ORK_IS_RUN_STORE (store), NULL);

  return g_object_new (ORK_TYPE_TIMELINE, "time-range", range, "store", store, NULL);
}

OrkTimeRange *
ork_timeline_get_time_range (OrkTimeline *self)
{
  g_return_val_if_fail (ORK_IS_TIMELINE (self), NULL);
  return self->range;
}

OrkRunStore *
ork_timeline_get_store (OrkTimeline *self)
{
  g_return_val_if_fail (ORK_IS_TIMELINE (self), NULL);
  return self->store;
}

void
ork_timeline_set_lanes (OrkTimeline *self,
                        GListModel  *lanes)
{
  g_return_if_fail (ORK_IS_TIMELINE (self));
  g_return_if_fail (lanes == NULL || G_IS_LIST_MODEL (lanes));

  if (self->lanes == lanes)
    return;
  if (self->lanes != NULL)
    g_signal_handlers_disconnect_by_data (self->lanes, self);
  g_set_object (&self->lanes, lanes);
  if (lanes != NULL)
    g_signal_connect_swapped (lanes, "items-changed", G_CALLBACK (on_lanes_changed), self);
  on_lanes_changed (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANES]);
}

GListModel *
ork_timeline_get_lanes (OrkTimeline *self)
{
  g_return_val_if_fail (ORK_IS_TIMELINE (self), NULL);
  return self->lanes;
}

void
ork_timeline_set_session (OrkTimeline *self,
                          OrkSession  *session)
{
  g_return_if_fail (ORK_IS_TIMELINE (self));
  g_return_if_fail (session == NULL || ORK_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    {
      OrkScheduler *scheduler = ork_session_get_scheduler (self->session);

      g_signal_handlers_disconnect_by_data (self->session, self);
      if (scheduler != NULL)
        g_signal_handlers_disconnect_by_data (scheduler, self);
    }
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "engine-changed", G_CALLBACK (on_session_engine_changed),
                               self, G_CONNECT_SWAPPED);
      connect_scheduler (self);
    }
  queue_redraw (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

void
ork_timeline_set_describe_func (OrkTimeline            *self,
                                OrkTimelineDescribeFunc func,
                                gpointer                user_data,
                                GDestroyNotify          destroy)
{
  g_return_if_fail (ORK_IS_TIMELINE (self));

  if (self->describe_destroy != NULL)
    g_clear_pointer (&self->describe_data, self->describe_destroy);
  self->describe = func;
  self->describe_data = user_data;
  self->describe_destroy = destroy;
}

void
ork_timeline_select_run (OrkTimeline *self,
                         const char  *job_id,
                         guint64      run_id)
{
  g_return_if_fail (ORK_IS_TIMELINE (self));

  g_free (self->selected_job);
  self->selected_job = g_strdup (job_id);
  self->selected_run = run_id;
  queue_redraw (self);
}

const char *
ork_timeline_get_readout (OrkTimeline *self)
{
  g_return_val_if_fail (ORK_IS_TIMELINE (self), NULL);
  return self->readout;
}

guint
ork_timeline_get_n_drawn (OrkTimeline *self)
{
  g_return_val_if_fail (ORK_IS_TIMELINE (self), 0);
  return self->n_drawn;
}

char *
ork_timeline_describe_attempt (OrkTimeline *self,
                               const char  *job_id,
                               guint64      run_id,
                               guint        attempt)
{
  const OrkBar *bars;
  guint n, n_lanes_now;

  g_return_val_if_fail (ORK_IS_TIMELINE (self), NULL);
  g_return_val_if_fail (job_id != NULL, NULL);

  bars = ork_run_store_get_bars (self->store, job_id, &n);
  n_lanes_now = n_lanes (self);
  /* Newest first: the one clicked is usually recent. */
  for (guint i = n; i > 0; i--)
    if (bars[i - 1].run_id == run_id && bars[i - 1].attempt == attempt)
      {
        OrkTimelineHit hit = { ORK_TIMELINE_HIT_ATTEMPT, 0, NULL, bars[i - 1] };

        if (hit.bar.status == ORK_RUN_SKIPPED)
          hit.kind = ORK_TIMELINE_HIT_SKIPPED;
        for (guint lane = 0; lane < n_lanes_now; lane++)
          {
            g_autoptr(OrkJob) job = g_list_model_get_item (self->lanes, lane);

            if (g_str_equal (ork_job_get_id (job), job_id))
              {
                hit.lane = lane;
                hit.job = job;
                return describe_hit (self, &hit);
              }
          }
        return NULL;
      }
  return NULL;
}
