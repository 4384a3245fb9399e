/* ork-histogram.c — log-bucketed histogram of durations in microseconds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-histogram"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ork-histogram.h"

/* Powers of two above the exact range, plus the exact range: block c holds
 * [0, S) for c = 0 and [S·2^(c−1), S·2^c) in steps of 2^(c−1) above. */
#define N_BLOCKS(precision) (43 - (precision))

struct _OrkHistogram
{
  guint64   count;
  double    sum;
  gint64    min;
  gint64    max;
  guint8    precision;
  guint8    n_blocks;
  guint32  *blocks[];
};

static inline guint
bucket_of (guint  precision,
           gint64 value)
{
  guint64 v;
  guint k, c;

  if (value <= 0)
    return 0;
  v = (guint64) MIN (value, ORK_HISTOGRAM_VALUE_MAX);
  if (v < (G_GUINT64_CONSTANT (1) << precision))
    return (guint) v;
  k = 63 - (guint) __builtin_clzll (v);
  c = k - precision + 1;
  return (c << precision) + (guint) ((v >> (c - 1)) - (G_GUINT64_CONSTANT (1) << precision));
}

static inline gint64
bucket_lower (guint precision,
              guint bucket)
{
  guint c = bucket >> precision;
  guint64 sub = bucket & ((1u << precision) - 1);

  if (c == 0)
    return (gint64) sub;
  return (gint64) (((G_GUINT64_CONSTANT (1) << precision) + sub) << (c - 1));
}

static inline gint64
bucket_width (guint precision,
              guint bucket)
{
  guint c = bucket >> precision;

  return c == 0 ? 1 : G_GINT64_CONSTANT (1) << (c - 1);
}

guint
ork_histogram_n_buckets (guint precision)
{
  g_return_val_if_fail (precision >= ORK_HISTOGRAM_PRECISION_MIN &&
                        precision <= ORK_HISTOGRAM_PRECISION_MAX, 0);

  return (guint) N_BLOCKS (precision) << precision;
}

guint
ork_histogram_bucket_of (guint  precision,
                         gint64 value)
{
  g_return_val_if_fail (precision >= ORK_HISTOGRAM_PRECISION_MIN &&
                        precision <= ORK_HISTOGRAM_PRECISION_MAX, 0);

  return bucket_of (precision, value);
}

double
ork_histogram_bucket_middle (guint precision,
                             guint bucket)
{
  g_return_val_if_fail (precision >= ORK_HISTOGRAM_PRECISION_MIN &&
                        precision <= ORK_HISTOGRAM_PRECISION_MAX, 0);
  g_return_val_if_fail (bucket < ork_histogram_n_buckets (precision), 0);

  return bucket_lower (precision, bucket) + (bucket_width (precision, bucket) - 1) / 2.0;
}

OrkHistogram *
ork_histogram_new (guint precision)
{
  OrkHistogram *self;

  g_return_val_if_fail (precision >= ORK_HISTOGRAM_PRECISION_MIN &&
                        precision <= ORK_HISTOGRAM_PRECISION_MAX, NULL);

  self = g_malloc0 (sizeof (OrkHistogram) + N_BLOCKS (precision) * sizeof (guint32 *));
  self->precision = (guint8) precision;
  self->n_blocks = (guint8) N_BLOCKS (precision);
  return self;
}

OrkHistogram *
ork_histogram_copy (const OrkHistogram *self)
{
  OrkHistogram *copy;
  gsize block_size;

  g_return_val_if_fail (self != NULL, NULL);

  copy = ork_histogram_new (self->precision);
  copy->count = self->count;
  copy->sum = self->sum;
  copy->min = self->min;
  copy->max = self->max;
  block_size = sizeof (guint32) << self->precision;
  for (guint c = 0; c < self->n_blocks; c++)
    if (self->blocks[c] != NULL)
      copy->blocks[c] = g_memdup2 (self->blocks[c], block_size);
  return copy;
}

void
ork_histogram_clear (OrkHistogram *self)
{
  g_return_if_fail (self != NULL);

  for (guint c = 0; c < self->n_blocks; c++)
    g_clear_pointer (&self->blocks[c], g_free);
  self->count = 0;
  self->sum = 0;
  self->min = 0;
  self->max = 0;
}

void
ork_histogram_free (OrkHistogram *self)
{
  if (self == NULL)
    return;
  for (guint c = 0; c < self->n_blocks; c++)
    g_free (self->blocks[c]);
  g_free (self);
}

guint
ork_histogram_get_precision (const OrkHistogram *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->precision;
}

static inline void
add_to_bucket (OrkHistogram *self,
               guint         bucket,
               guint64       n)
{
  guint c = bucket >> self->precision;
  guint32 *block = self->blocks[c];

  if (G_UNLIKELY (block == NULL))
    block = self->blocks[c] = g_new0 (guint32, 1u << self->precision);
  block[bucket & ((1u << self->precision) - 1)] += (guint32) n;
}

static inline void
note_extremes (OrkHistogram *self,
               gint64        lo,
               gint64        hi)
{
  if (self->count == 0)
    {
      self->min = lo;
      self->max = hi;
    }
  else
    {
      if (lo < self->min)
        self->min = lo;
      if (hi > self->max)
        self->max = hi;
    }
}

void
ork_histogram_record_n (OrkHistogram *self,
                        gint64        value,
                        guint64       n)
{
  g_return_if_fail (self != NULL);

  if (n == 0)
    return;
  if (value < 0)
    value = 0;
  add_to_bucket (self, bucket_of (self->precision, value), n);
  note_extremes (self, value, value);
  self->count += n;
  self->sum += (double) value * (double) n;
}

void
ork_histogram_record (OrkHistogram *self,
                      gint64        value)
{
  ork_histogram_record_n (self, value, 1);
}

void
ork_histogram_add_bucket (OrkHistogram *self,
                          guint         bucket,
                          guint64       n)
{
  double middle;

  g_return_if_fail (self != NULL);
  g_return_if_fail (bucket < ork_histogram_n_buckets (self->precision));

  if (n == 0)
    return;
  middle = ork_histogram_bucket_middle (self->precision, bucket);
  add_to_bucket (self, bucket, n);
  note_extremes (self, (gint64) middle, (gint64) ceil (middle));
  self->count += n;
  self->sum += middle * (double) n;
}

void
ork_histogram_merge (OrkHistogram       *self,
                     const OrkHistogram *src)
{
  guint size;

  g_return_if_fail (self != NULL);
  g_return_if_fail (src != NULL);
  g_return_if_fail (src->precision >= self->precision);

  if (src->count == 0)
    return;
  size = 1u << src->precision;
  for (guint c = 0; c < src->n_blocks; c++)
    {
      const guint32 *block = src->blocks[c];

      if (block == NULL)
        continue;
      if (src->precision == self->precision)
        {
          guint32 *dst = self->blocks[c];

          if (dst == NULL)
            {
              self->blocks[c] = g_memdup2 (block, size * sizeof (guint32));
              continue;
            }
          for (guint i = 0; i < size; i++)
            dst[i] += block[i];
          continue;
        }
      /* A finer bucket lies inside one coarser bucket: its lower bound
       * names it. */
      for (guint i = 0; i < size; i++)
        if (block[i] != 0)
          add_to_bucket (self,
                         bucket_of (self->precision,
                                    bucket_lower (src->precision, (c << src->precision) + i)),
                         block[i]);
    }
  note_extremes (self, src->min, src->max);
  self->count += src->count;
  self->sum += src->sum;
}

guint64
ork_histogram_get_count (const OrkHistogram *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->count;
}

gint64
ork_histogram_get_min (const OrkHistogram *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->min;
}

gint64
ork_histogram_get_max (const OrkHistogram *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->max;
}

double
ork_histogram_get_mean (const OrkHistogram *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->count ? self->sum / (double) self->count : 0;
}

double
ork_histogram_get_percentile (const OrkHistogram *self,
                              double              q)
{
  guint64 rank, seen = 0;
  guint size;

  g_return_val_if_fail (self != NULL, 0);

  if (self->count == 0)
    return 0;
  if (!(q > 0))
    return self->min;
  if (q >= 1)
    return self->max;
  rank = (guint64) ceil (q * (double) self->count);
  rank = CLAMP (rank, 1, self->count);
  size = 1u << self->precision;
  for (guint c = 0; c < self->n_blocks; c++)
    {
      const guint32 *block = self->blocks[c];

      if (block == NULL)
        continue;
      for (guint i = 0; i < size; i++)
        {
          seen += block[i];
          if (seen >= rank)
            {
              double v = ork_histogram_bucket_middle (self->precision, (c << self->precision) + i);

              return CLAMP (v, (double) self->min, (double) self->max);
            }
        }
    }
  return self->max;
}

gsize
ork_histogram_get_size (const OrkHistogram *self)
{
  gsize size;

  g_return_val_if_fail (self != NULL, 0);

  size = sizeof (OrkHistogram) + self->n_blocks * sizeof (guint32 *);
  for (guint c = 0; c < self->n_blocks; c++)
    if (self->blocks[c] != NULL)
      size += sizeof (guint32) << self->precision;
  return size;
}
