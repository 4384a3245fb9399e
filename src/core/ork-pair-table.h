/* ork-pair-table.h — a hash table keyed by (pointer, integer)
 *
 * For hot paths where a GHashTable's hash and equality callbacks cost more
 * than the work around them (the history writer looks up a run by its
 * interned job key and run id four times a run). Open addressing with
 * linear probing; removal shifts the entries after it back, so there are no
 * tombstones and lookups stay short however many removals there were.
 * Values must not be NULL. Not thread-safe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gconstpointer a;
  guint64       b;
  gpointer      value;       /* NULL: an empty slot */
} OrkPairEntry;

typedef struct
{
  OrkPairEntry *slots;
  guint         mask;        /* number of slots - 1 (a power of two - 1) */
  guint         n;
} OrkPairTable;

void     ork_pair_table_init   (OrkPairTable  *table);
/* Frees the slots (not the values); the table can be initialised again. */
void     ork_pair_table_clear  (OrkPairTable  *table);
gpointer ork_pair_table_lookup (const OrkPairTable *table,
                                gconstpointer  a,
                                guint64        b);
/* (a, b) must not be in the table. */
void     ork_pair_table_insert (OrkPairTable  *table,
                                gconstpointer  a,
                                guint64        b,
                                gpointer       value);
/* Returns the value (a, b) had, or NULL. */
gpointer ork_pair_table_remove (OrkPairTable  *table,
                                gconstpointer  a,
                                guint64        b);
/* Empties the table, calling @free_func (if any) on each value. */
void     ork_pair_table_remove_all (OrkPairTable  *table,
                                    GDestroyNotify free_func);

static inline guint
ork_pair_table_size (const OrkPairTable *table)
{
  return table->n;
}

G_END_DECLS
