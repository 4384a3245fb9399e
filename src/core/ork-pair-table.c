/* ork-pair-table.c — a hash table keyed by (pointer, integer)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ork-pair-table.h"

#define INITIAL_SLOTS 1024

static inline guint
home_slot (const OrkPairTable *table,
           gconstpointer       a,
           guint64             b)
{
  /* Pointers are 16-byte aligned in practice: their low bits carry nothing. */
  guint64 h = ((guint64) GPOINTER_TO_SIZE (a) >> 4) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)
              ^ b * G_GUINT64_CONSTANT (0xc2b2ae3d27d4eb4f);

  return (guint) (h ^ (h >> 32)) & table->mask;
}

void
ork_pair_table_init (OrkPairTable *table)
{
  table->mask = INITIAL_SLOTS - 1;
  table->slots = g_new0 (OrkPairEntry, INITIAL_SLOTS);
  table->n = 0;
}

void
ork_pair_table_clear (OrkPairTable *table)
{
  g_clear_pointer (&table->slots, g_free);
  table->mask = 0;
  table->n = 0;
}

/* The slot of (a, b), or the empty slot where it would go. */
static guint
find_slot (const OrkPairTable *table,
           gconstpointer       a,
           guint64             b)
{
  guint i = home_slot (table, a, b);

  while (table->slots[i].value != NULL &&
         (table->slots[i].a != a || table->slots[i].b != b))
    i = (i + 1) & table->mask;
  return i;
}

gpointer
ork_pair_table_lookup (const OrkPairTable *table,
                       gconstpointer       a,
                       guint64             b)
{
  return table->slots[find_slot (table, a, b)].value;
}

static void
grow (OrkPairTable *table)
{
  OrkPairEntry *old = table->slots;
  guint n_old = table->mask + 1;

  table->mask = 2 * n_old - 1;
  table->slots = g_new0 (OrkPairEntry, table->mask + 1);
  for (guint i = 0; i < n_old; i++)
    if (old[i].value != NULL)
      table->slots[find_slot (table, old[i].a, old[i].b)] = old[i];
  g_free (old);
}

void
ork_pair_table_insert (OrkPairTable  *table,
                       gconstpointer  a,
                       guint64        b,
                       gpointer       value)
{
  guint i;

  g_return_if_fail (value != NULL);

  /* At most three quarters full. */
  if (4 * (table->n + 1) > 3 * (table->mask + 1))
    grow (table);
  i = find_slot (table, a, b);
  g_return_if_fail (table->slots[i].value == NULL);
  table->slots[i].a = a;
  table->slots[i].b = b;
  table->slots[i].value = value;
  table->n++;
}

gpointer
ork_pair_table_remove (OrkPairTable  *table,
                       gconstpointer  a,
                       guint64        b)
{
  guint i = find_slot (table, a, b);
  gpointer value = table->slots[i].value;

  if (value == NULL)
    return NULL;

  /* Entries after it in the same run of full slots move up into the gap
   * unless their home slot lies cyclically within (gap, their slot]:
   * otherwise a lookup would stop at the gap before reaching them. */
  for (guint j = i;;)
    {
      guint home;

      j = (j + 1) & table->mask;
      if (table->slots[j].value == NULL)
        break;
      home = home_slot (table, table->slots[j].a, table->slots[j].b);
      if (i <= j ? (i < home && home <= j) : (i < home || home <= j))
        continue;
      table->slots[i] = table->slots[j];
      i = j;
    }
  table->slots[i].value = NULL;
  table->n--;
  return value;
}

void
ork_pair_table_remove_all (OrkPairTable   *table,
                           GDestroyNotify  free_func)
{
  for (guint i = 0; table->n > 0 && i <= table->mask; i++)
    if (table->slots[i].value != NULL)
      {
        gpointer value = table->slots[i].value;

        table->slots[i].value = NULL;
        table->n--;
        if (free_func != NULL)
          free_func (value);
      }
}
