/* test-pair-table.c — the (pointer, integer) hash table against GHashTable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ork-pair-table.h"

/* Keys drawn from a few pointers and a small range of integers, so that
 * slots collide, runs of full slots wrap around the end of the table, and
 * removals shift entries across the wrap. */
static char pointers[7][16];

typedef struct
{
  gconstpointer a;
  guint64       b;
} Key;

static guint
key_hash (gconstpointer k)
{
  const Key *key = k;

  return g_direct_hash (key->a) ^ (guint) key->b;
}

static gboolean
key_equal (gconstpointer x,
           gconstpointer y)
{
  const Key *kx = x;
  const Key *ky = y;

  return kx->a == ky->a && kx->b == ky->b;
}

static void
check_same (OrkPairTable *table,
            GHashTable   *reference,
            guint64       max_b)
{
  g_assert_cmpuint (ork_pair_table_size (table), ==, g_hash_table_size (reference));
  for (guint p = 0; p < G_N_ELEMENTS (pointers); p++)
    for (guint64 b = 0; b < max_b; b++)
      {
        Key key = { pointers[p], b };

        g_assert_true (ork_pair_table_lookup (table, pointers[p], b) ==
                       g_hash_table_lookup (reference, &key));
      }
}

static void
test_random (void)
{
  GRand *rand = g_rand_new_with_seed (20261126);
  g_autoptr(GHashTable) reference = g_hash_table_new_full (key_hash, key_equal, g_free, NULL);
  OrkPairTable table;
  guint64 max_b = 400;

  ork_pair_table_init (&table);
  for (guint round = 0; round < 200000; round++)
    {
      guint p = g_rand_int_range (rand, 0, G_N_ELEMENTS (pointers));
      guint64 b = g_rand_int_range (rand, 0, (gint32) max_b);
      Key key = { pointers[p], b };
      gpointer expected = g_hash_table_lookup (reference, &key);
      /* First churning at just under three quarters of the first size
       * (long runs of full slots, many of them across the end of the table:
       * removal must shift entries across the wrap), then growing past it,
       * then shrinking. */
      gboolean insert = round < 100000 ? g_hash_table_size (reference) < 760
                        : round < 150000 ? g_rand_int_range (rand, 0, 100) < 70
                        : g_rand_int_range (rand, 0, 100) < 30;

      g_assert_true (ork_pair_table_lookup (&table, pointers[p], b) == expected);
      if (expected == NULL && insert)
        {
          gpointer value = GUINT_TO_POINTER (round + 1);

          ork_pair_table_insert (&table, pointers[p], b, value);
          g_hash_table_insert (reference, g_memdup2 (&key, sizeof key), value);
        }
      else if (expected != NULL && !insert)
        {
          g_assert_true (ork_pair_table_remove (&table, pointers[p], b) == expected);
          g_hash_table_remove (reference, &key);
        }
      if (round % 20000 == 0)
        check_same (&table, reference, max_b);
    }
  check_same (&table, reference, max_b);
  /* It grew: 7 × 400 keys, of which most were in at the peak. */
  g_assert_cmpuint (table.mask + 1, >, 1024);

  g_assert_null (ork_pair_table_remove (&table, pointers[0], max_b + 1));
  ork_pair_table_remove_all (&table, NULL);
  g_assert_cmpuint (ork_pair_table_size (&table), ==, 0);
  g_assert_null (ork_pair_table_lookup (&table, pointers[1], 3));
  ork_pair_table_clear (&table);
  g_rand_free (rand);
}

static guint n_freed;

static void
count_free (gpointer value)
{
  n_freed++;
}

static void
test_remove_all (void)
{
  OrkPairTable table;

  ork_pair_table_init (&table);
  for (guint64 b = 1; b <= 5000; b++)
    ork_pair_table_insert (&table, pointers[b % 3], b, GSIZE_TO_POINTER (b));
  g_assert_cmpuint (ork_pair_table_size (&table), ==, 5000);
  for (guint64 b = 1; b <= 5000; b++)
    g_assert_cmpuint (GPOINTER_TO_SIZE (ork_pair_table_lookup (&table, pointers[b % 3], b)), ==, b);
  /* The same integer with another pointer is another key. */
  g_assert_null (ork_pair_table_lookup (&table, pointers[4], 7));
  ork_pair_table_remove_all (&table, count_free);
  g_assert_cmpuint (n_freed, ==, 5000);
  g_assert_cmpuint (ork_pair_table_size (&table), ==, 0);
  ork_pair_table_insert (&table, pointers[0], 1, pointers);
  g_assert_true (ork_pair_table_lookup (&table, pointers[0], 1) == pointers);
  ork_pair_table_clear (&table);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/pair-table/random", test_random);
  g_test_add_func ("/core/pair-table/remove-all", test_remove_all);
  return g_test_run ();
}
