/* test-clock.c — the timer heap, the virtual clock and the system clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ork-clock.h"

typedef struct
{
  OrkClock *clock;
  GString  *log;
  OrkTimer *victim;
} Fixture;

typedef struct
{
  Fixture    *fx;
  const char *name;
} Tag;

static void
on_timer_log (gpointer user_data)
{
  Tag *tag = user_data;

  g_string_append_printf (tag->fx->log, "%s@%" G_GINT64_FORMAT " ",
                          tag->name, ork_clock_now (tag->fx->clock));
}

static void
test_order (void)
{
  Fixture fx = { ork_virtual_clock_new (0), g_string_new (NULL), NULL };
  Tag a = { &fx, "a" }, b = { &fx, "b" }, c = { &fx, "c" }, d = { &fx, "d" }, e = { &fx, "e" };

  /* Same instant: lower order first, then insertion order. */
  ork_clock_add_timer (fx.clock, 30, 0, on_timer_log, &a);
  ork_clock_add_timer (fx.clock, 10, 2, on_timer_log, &b);
  ork_clock_add_timer (fx.clock, 10, 1, on_timer_log, &c);
  ork_clock_add_timer (fx.clock, 10, 1, on_timer_log, &d);
  ork_clock_add_timer (fx.clock, 20, 0, on_timer_log, &e);
  g_assert_cmpint (ork_clock_next_due (fx.clock), ==, 10);
  g_assert_cmpuint (ork_clock_get_n_timers (fx.clock), ==, 5);

  g_assert_true (ork_virtual_clock_step (ORK_VIRTUAL_CLOCK (fx.clock)));
  g_assert_cmpstr (fx.log->str, ==, "c@10 d@10 b@10 ");
  g_assert_cmpint (ork_clock_now (fx.clock), ==, 10);

  g_assert_cmpuint (ork_virtual_clock_advance_to (ORK_VIRTUAL_CLOCK (fx.clock), 30), ==, 1);
  /* Half-open: the timer at 30 has not fired, the time is 30. */
  g_assert_cmpstr (fx.log->str, ==, "c@10 d@10 b@10 e@20 ");
  g_assert_cmpint (ork_clock_now (fx.clock), ==, 30);
  g_assert_true (ork_virtual_clock_step (ORK_VIRTUAL_CLOCK (fx.clock)));
  g_assert_cmpstr (fx.log->str, ==, "c@10 d@10 b@10 e@20 a@30 ");
  g_assert_false (ork_virtual_clock_step (ORK_VIRTUAL_CLOCK (fx.clock)));
  g_assert_cmpint (ork_clock_next_due (fx.clock), ==, ORK_TIME_NEVER);
  g_assert_cmpuint (ork_clock_get_n_fired (fx.clock), ==, 5);

  g_string_free (fx.log, TRUE);
  g_object_unref (fx.clock);
}

static void
test_remove (void)
{
  Fixture fx = { ork_virtual_clock_new (0), g_string_new (NULL), NULL };
  Tag tags[64];
  OrkTimer *timers[64];
  char names[64][4];

  /* Remove every third timer from a heap of 64 and check the rest still
   * fire in time order. */
  for (guint i = 0; i < 64; i++)
    {
      g_snprintf (names[i], sizeof names[i], "%u", i);
      tags[i].fx = &fx;
      tags[i].name = names[i];
      timers[i] = ork_clock_add_timer (fx.clock, (gint64) ((i * 37) % 64) * 10, 0,
                                       on_timer_log, &tags[i]);
    }
  for (guint i = 0; i < 64; i += 3)
    ork_clock_remove_timer (fx.clock, timers[i]);
  g_assert_cmpuint (ork_clock_get_n_timers (fx.clock), ==, 64 - 22);

  ork_virtual_clock_advance_to (ORK_VIRTUAL_CLOCK (fx.clock), G_MAXINT64 - 1);
  {
    g_auto(GStrv) parts = g_strsplit (g_strstrip (fx.log->str), " ", -1);
    gint64 last = -1;

    g_assert_cmpuint (g_strv_length (parts), ==, 64 - 22);
    for (guint i = 0; parts[i] != NULL; i++)
      {
        const char *at = strchr (parts[i], '@');
        guint idx = (guint) g_ascii_strtoull (parts[i], NULL, 10);
        gint64 when = g_ascii_strtoll (at + 1, NULL, 10);

        g_assert_cmpuint (idx % 3, !=, 0);
        g_assert_cmpint (when, >, last);
        last = when;
      }
  }
  g_string_free (fx.log, TRUE);
  g_object_unref (fx.clock);
}

static void
on_timer_chain (gpointer user_data)
{
  Fixture *fx = user_data;

  g_string_append_printf (fx->log, "x@%" G_GINT64_FORMAT " ", ork_clock_now (fx->clock));
  if (ork_clock_now (fx->clock) < 50)
    ork_clock_add_timer (fx->clock, ork_clock_now (fx->clock) + 10, 0, on_timer_chain, fx);
}

static void
on_timer_same_instant (gpointer user_data)
{
  Fixture *fx = user_data;

  g_string_append (fx->log, "same ");
}

static void
on_timer_spawn_same (gpointer user_data)
{
  Fixture *fx = user_data;

  g_string_append (fx->log, "spawn ");
  ork_clock_add_timer (fx->clock, ork_clock_now (fx->clock), 5, on_timer_same_instant, fx);
}

static void
test_callbacks_add_timers (void)
{
  Fixture fx = { ork_virtual_clock_new (0), g_string_new (NULL), NULL };

  ork_clock_add_timer (fx.clock, 10, 0, on_timer_chain, &fx);
  ork_virtual_clock_advance_to (ORK_VIRTUAL_CLOCK (fx.clock), 1000);
  g_assert_cmpstr (fx.log->str, ==, "x@10 x@20 x@30 x@40 x@50 ");

  /* A timer added for the current instant fires within the same step. */
  g_string_truncate (fx.log, 0);
  ork_clock_add_timer (fx.clock, 2000, 0, on_timer_spawn_same, &fx);
  g_assert_true (ork_virtual_clock_step (ORK_VIRTUAL_CLOCK (fx.clock)));
  g_assert_cmpstr (fx.log->str, ==, "spawn same ");
  g_assert_cmpint (ork_clock_now (fx.clock), ==, 2000);

  g_string_free (fx.log, TRUE);
  g_object_unref (fx.clock);
}

static void
test_jump (void)
{
  Fixture fx = { ork_virtual_clock_new (0), g_string_new (NULL), NULL };
  Tag a = { &fx, "a" };

  ork_clock_add_timer (fx.clock, 100, 0, on_timer_log, &a);
  /* Like a machine waking from suspend: the timer is late, and fires at the
   * new time, not at its due time. */
  ork_virtual_clock_jump_to (ORK_VIRTUAL_CLOCK (fx.clock), 500);
  g_assert_cmpstr (fx.log->str, ==, "");
  g_assert_true (ork_virtual_clock_step (ORK_VIRTUAL_CLOCK (fx.clock)));
  g_assert_cmpstr (fx.log->str, ==, "a@500 ");

  g_string_free (fx.log, TRUE);
  g_object_unref (fx.clock);
}

static void
on_timer_stop (gpointer user_data)
{
  Fixture *fx = user_data;

  g_string_append (fx->log, "stop ");
  ork_virtual_clock_stop (ORK_VIRTUAL_CLOCK (fx->clock));
}

static void
test_stop (void)
{
  Fixture fx = { ork_virtual_clock_new (0), g_string_new (NULL), NULL };
  Tag a = { &fx, "a" };

  ork_clock_add_timer (fx.clock, 10, 0, on_timer_stop, &fx);
  ork_clock_add_timer (fx.clock, 20, 0, on_timer_log, &a);
  g_assert_cmpuint (ork_virtual_clock_advance_to (ORK_VIRTUAL_CLOCK (fx.clock), 100), ==, 1);
  g_assert_cmpstr (fx.log->str, ==, "stop ");
  g_assert_cmpint (ork_clock_now (fx.clock), ==, 10);
  ork_virtual_clock_advance_to (ORK_VIRTUAL_CLOCK (fx.clock), 100);
  g_assert_cmpstr (fx.log->str, ==, "stop a@20 ");
  g_assert_cmpint (ork_clock_now (fx.clock), ==, 100);

  g_string_free (fx.log, TRUE);
  g_object_unref (fx.clock);
}

typedef struct
{
  GMainLoop *loop;
  OrkClock  *clock;
  gint64     due;
  gint64     fired_at;
} SystemFixture;

static void
on_system_timer (gpointer user_data)
{
  SystemFixture *fx = user_data;

  fx->fired_at = ork_clock_now (fx->clock);
  g_main_loop_quit (fx->loop);
}

static gboolean
on_give_up (gpointer user_data)
{
  SystemFixture *fx = user_data;

  g_main_loop_quit (fx->loop);
  return G_SOURCE_REMOVE;
}

static void
test_system_clock (void)
{
  SystemFixture fx = { g_main_loop_new (NULL, FALSE), ork_system_clock_new (), 0, 0 };
  guint guard;
  gint64 before = g_get_real_time ();

  g_assert_cmpint (ork_clock_now (fx.clock), >=, before);

  /* One timer 50 ms ahead, one far away: the near one fires on the main
   * loop, not before it is due. */
  fx.due = before + 50 * 1000;
  ork_clock_add_timer (fx.clock, before + G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC, 0, on_system_timer, &fx);
  ork_clock_add_timer (fx.clock, fx.due, 0, on_system_timer, &fx);
  guard = g_timeout_add_seconds (10, on_give_up, &fx);
  g_main_loop_run (fx.loop);
  g_source_remove (guard);

  g_assert_cmpint (fx.fired_at, >=, fx.due);
  g_assert_cmpuint (ork_clock_get_n_timers (fx.clock), ==, 1);
  g_assert_cmpuint (ork_clock_get_n_fired (fx.clock), ==, 1);

  g_object_unref (fx.clock);
  g_main_loop_unref (fx.loop);
}

static void
on_accelerated_timer (gpointer user_data)
{
  Fixture *fx = user_data;
  gint64 t = ork_clock_now (fx->clock);

  /* A timer every virtual second; the log holds the order they fired in. */
  g_string_append_printf (fx->log, "%" G_GINT64_FORMAT " ", t / G_USEC_PER_SEC);
  ork_clock_add_timer (fx->clock, t + G_USEC_PER_SEC, 0, on_accelerated_timer, fx);
}

static gboolean
on_quit_loop (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_accelerated (void)
{
  Fixture fx = { ork_virtual_clock_new (0), g_string_new (NULL), NULL };
  GMainLoop *loop = g_main_loop_new (NULL, FALSE);
  g_auto(GStrv) parts = NULL;
  gint64 wall0 = g_get_monotonic_time ();
  gint64 wall, virt;

  ork_clock_add_timer (fx.clock, G_USEC_PER_SEC, 0, on_accelerated_timer, &fx);
  ork_virtual_clock_set_rate (ORK_VIRTUAL_CLOCK (fx.clock), 1000.0);
  g_assert_cmpfloat (ork_virtual_clock_get_rate (ORK_VIRTUAL_CLOCK (fx.clock)), ==, 1000.0);
  g_timeout_add (300, on_quit_loop, loop);
  g_main_loop_run (loop);
  wall = g_get_monotonic_time () - wall0;
  virt = ork_clock_now (fx.clock);
  ork_virtual_clock_set_rate (ORK_VIRTUAL_CLOCK (fx.clock), 0.0);

  /* Virtual time never runs ahead of 1000 × wall time, and on a machine
   * that is not starved it moves most of the way. Timers fire in order, one
   * per virtual second, none skipped. */
  g_assert_cmpint (virt, <=, wall * 1000 + G_USEC_PER_SEC);
  g_assert_cmpint (virt, >=, 10 * G_USEC_PER_SEC);
  parts = g_strsplit (g_strstrip (fx.log->str), " ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    g_assert_cmpint (g_ascii_strtoll (parts[i], NULL, 10), ==, (gint64) i + 1);
  g_assert_cmpint (g_strv_length (parts), ==, (virt - 1) / G_USEC_PER_SEC);

  /* Stopped: the time stays. */
  g_timeout_add (50, on_quit_loop, loop);
  g_main_loop_run (loop);
  g_assert_cmpint (ork_clock_now (fx.clock), ==, virt);

  g_main_loop_unref (loop);
  g_string_free (fx.log, TRUE);
  g_object_unref (fx.clock);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/clock/order", test_order);
  g_test_add_func ("/core/clock/remove", test_remove);
  g_test_add_func ("/core/clock/callbacks-add-timers", test_callbacks_add_timers);
  g_test_add_func ("/core/clock/jump", test_jump);
  g_test_add_func ("/core/clock/stop", test_stop);
  g_test_add_func ("/core/clock/system", test_system_clock);
  g_test_add_func ("/core/clock/accelerated", test_accelerated);

  return g_test_run ();
}
