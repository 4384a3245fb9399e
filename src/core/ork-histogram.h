/* ork-histogram.h — log-bucketed histogram of durations in microseconds
 *
 * Values are non-negative integers (µs). Each power of two [2^k, 2^(k+1))
 * is split into 2^precision equal sub-buckets; values below 2^precision get
 * a bucket of their own (exact). A percentile is reported as the middle of
 * the bucket that holds the wanted rank, so its relative error against the
 * exact sample at that rank is at most 1 / 2^(precision + 1):
 *
 *   precision 7 (128 sub-buckets): ≤ 0.39 %
 *   precision 6 ( 64 sub-buckets): ≤ 0.78 %   (ORK_HISTOGRAM_PRECISION_FINE)
 *   precision 5 ( 32 sub-buckets): ≤ 1.56 %   (ORK_HISTOGRAM_PRECISION_COARSE)
 *
 * Range: 0 .. 2^42 − 1 µs (about 50.9 days); larger values are counted in
 * the top bucket (min, max and mean stay exact), negative ones as 0.
 *
 * Storage: one block of 2^precision 32-bit counts per power of two, allocated
 * the first time a value falls in it (at most 43 − precision blocks: 18 KiB
 * at precision 7, 4.75 KiB at precision 5), plus a header of 40 bytes and
 * a pointer per power of two (344 bytes at precision 5). Recording
 * is O(1): a bit scan, a shift and an increment (plus, once per power of
 * two, the block's allocation). Two histograms of the same precision, or a
 * finer one into a coarser one, merge exactly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ORK_HISTOGRAM_PRECISION_MIN    1
#define ORK_HISTOGRAM_PRECISION_MAX    8
#define ORK_HISTOGRAM_PRECISION_FINE   6
#define ORK_HISTOGRAM_PRECISION_COARSE 5
/* The largest value told apart from larger ones: 2^42 − 1 µs. */
#define ORK_HISTOGRAM_VALUE_MAX ((G_GINT64_CONSTANT (1) << 42) - 1)

typedef struct _OrkHistogram OrkHistogram;

OrkHistogram *ork_histogram_new          (guint               precision);
OrkHistogram *ork_histogram_copy         (const OrkHistogram *self);
void          ork_histogram_free         (OrkHistogram       *self);
void          ork_histogram_clear        (OrkHistogram       *self);
guint         ork_histogram_get_precision (const OrkHistogram *self);

void          ork_histogram_record       (OrkHistogram       *self,
                                          gint64              value);
void          ork_histogram_record_n     (OrkHistogram       *self,
                                          gint64              value,
                                          guint64             n);
/* Adds @src's counts to @self. @src must be at least as fine as @self
 * (precision >= self's). */
void          ork_histogram_merge        (OrkHistogram       *self,
                                          const OrkHistogram *src);

guint64       ork_histogram_get_count    (const OrkHistogram *self);
/* Exact; 0 when empty. */
gint64        ork_histogram_get_min      (const OrkHistogram *self);
gint64        ork_histogram_get_max      (const OrkHistogram *self);
double        ork_histogram_get_mean     (const OrkHistogram *self);
/* The value at rank ceil (@q × count) (the smallest value for @q = 0, the
 * max for @q = 1), within the bound above, clamped to [min, max]. 0 when
 * empty. */
double        ork_histogram_get_percentile (const OrkHistogram *self,
                                            double              q);
/* Bytes the histogram uses (header and blocks). */
gsize         ork_histogram_get_size     (const OrkHistogram *self);

/* The bucket index of a value and back: for compact storage of single
 * values elsewhere. Indexes are < ork_histogram_n_buckets (precision). */
guint         ork_histogram_n_buckets    (guint               precision);
guint         ork_histogram_bucket_of    (guint               precision,
                                          gint64              value);
/* The middle of a bucket (the value a percentile in it reports). */
double        ork_histogram_bucket_middle (guint              precision,
                                           guint              bucket);
/* Adds @n to a bucket by index, as if a value in it (its middle) was
 * recorded. */
void          ork_histogram_add_bucket   (OrkHistogram       *self,
                                          guint               bucket,
                                          guint64             n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrkHistogram, ork_histogram_free)

G_END_DECLS
