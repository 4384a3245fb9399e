/* test-faults.c — the workspace and the history under faults
 *
 * - A process saving a large workspace is killed with SIGKILL at random
 *   moments, 100 times: the file is always the old or the new version byte
 *   for byte, and loads.
 * - A save on a full file system (a 64 KiB tmpfs; skipped when it cannot be
 *   mounted) fails with a clear error and leaves the previous file and no
 *   temporary file.
 * - A process simulating a month with its history is killed with SIGKILL at
 *   random moments, 100 times: the database always passes integrity_check
 *   and opens read-only for a query and an export.
 * - A process running simulations one after another on the same history
 *   path is killed with SIGKILL 60 times, often while one replaces the file:
 *   the file is either missing or passes integrity_check, and the next
 *   simulation replaces it cleanly with an empty history.
 * - A history database that is corrupt, from a newer schema or on a
 *   read-only file system: ork_history_open () says so clearly and leaves the
 *   file as it was; a simulation still runs (without its history when it
 *   cannot have one, and the session says why).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ork-history.h"
#include "ork-session.h"
#include "ork-workspace.h"

/* {{{ Helpers */

/* A workspace of @n_jobs interval jobs whose names carry @tag. */
static OrkWorkspace *
make_workspace (guint       n_jobs,
                const char *tag)
{
  GString *text = g_string_new ("{\"version\": 1, \"jobs\": [\n");
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  OrkWorkspace *ws;

  for (guint i = 0; i < n_jobs; i++)
    g_string_append_printf (text,
                            "%s{\"id\": \"job-%u\", \"name\": \"%s job %u with a longer name\", "
                            "\"type\": \"sync\", \"interval\": \"%um\", \"tags\": [\"%s\", \"t%u\"]}\n",
                            i > 0 ? "," : "", i, tag, i, 1 + i % 59, tag, i % 7);
  g_string_append (text, "]}\n");
  data = g_string_free (text, FALSE);
  ws = ork_workspace_load_from_data (data, -1, "faults.json", NULL, &error);
  g_assert_no_error (error);
  return ws;
}

static char *
read_file (const char *path,
           gsize      *len)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, len, &error));
  g_assert_no_error (error);
  return contents;
}

static gboolean
same_bytes (const char *a,
            gsize       a_len,
            const char *b,
            gsize       b_len)
{
  return a_len == b_len && memcmp (a, b, a_len) == 0;
}

/* Temporary files a save leaves behind: ".BASE.XXXXXX" in @dir. */
static guint
count_temp_files (const char *dir,
                  const char *base)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autofree char *prefix = g_strconcat (".", base, ".", NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix))
      n++;
  return n;
}

static void
remove_temp_files (const char *dir,
                   const char *base)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autofree char *prefix = g_strconcat (".", base, ".", NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_unlink (path);
      }
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  if (d == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* A tmpfs of @size at @dir (root only); FALSE when it cannot be mounted. */
static gboolean
mount_tmpfs (const char *dir,
             const char *size)
{
  g_autofree char *options = g_strdup_printf ("size=%s,mode=0700", size);

  return mount ("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, options) == 0;
}

/* }}} */
/* {{{ SIGKILL during save */

#define N_KILLS 100
/* About 480 KB of JSON: a save takes tens of milliseconds with its fsync. */
#define N_JOBS 500

static void
test_kill_during_save (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ork-faults-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big.json", NULL);
  g_autoptr(OrkWorkspace) old_ws = make_workspace (N_JOBS, "old");
  g_autoptr(OrkWorkspace) new_ws = make_workspace (N_JOBS, "new");
  g_autoptr(GError) error = NULL;
  g_autofree char *old_data = NULL;
  g_autofree char *new_data = NULL;
  gsize old_len, new_len;
  gint64 t0, save_us;
  guint n_old = 0, n_new = 0, n_loaded = 0, max_temp = 0;

  old_data = ork_workspace_to_data (old_ws, &old_len);
  new_data = ork_workspace_to_data (new_ws, &new_len);
  g_assert_false (same_bytes (old_data, old_len, new_data, new_len));
  g_test_message ("workspace of %" G_GSIZE_FORMAT " bytes", old_len);

  /* How long a save takes, to kill within it. */
  g_assert_true (ork_workspace_save_to_file (old_ws, path, &error));
  t0 = g_get_monotonic_time ();
  g_assert_true (ork_workspace_save_to_file (old_ws, path, &error));
  g_assert_no_error (error);
  save_us = MAX (g_get_monotonic_time () - t0, 1000);
  g_test_message ("one save takes %" G_GINT64_FORMAT " us", save_us);

  for (guint i = 0; i < N_KILLS; i++)
    {
      g_autofree char *contents = NULL;
      gsize len;
      pid_t pid;
      int status;

      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          /* The child alternates the two versions until it is killed. */
          for (;;)
            {
              ork_workspace_save_to_file (new_ws, path, NULL);
              ork_workspace_save_to_file (old_ws, path, NULL);
            }
        }

      g_usleep (g_random_int_range (0, (gint32) MIN (save_us * 3, G_MAXINT32)));
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);

      contents = read_file (path, &len);
      if (same_bytes (contents, len, old_data, old_len))
        n_old++;
      else if (same_bytes (contents, len, new_data, new_len))
        n_new++;
      else
        g_error ("after kill %u the file is neither version (%" G_GSIZE_FORMAT " bytes)", i, len);

      /* Loading every file is slow under sanitizers: one in ten. */
      if (i % 10 == 0)
        {
          g_autoptr(OrkWorkspace) loaded = ork_workspace_load_from_file (path, NULL, &error);

          g_assert_no_error (error);
          g_assert_cmpuint (g_list_model_get_n_items (ork_workspace_get_jobs (loaded)), ==, N_JOBS);
          n_loaded++;
        }

      /* A killed save leaves its temporary file: harmless, cleaned here. */
      max_temp = MAX (max_temp, count_temp_files (dir, "big.json"));
      remove_temp_files (dir, "big.json");
    }

  g_test_message ("%u kills: old version %u times, new %u times, %u loaded, "
                  "at most %u temporary file left", N_KILLS, n_old, n_new, n_loaded, max_temp);
  g_assert_cmpuint (n_old + n_new, ==, N_KILLS);
  g_assert_cmpuint (max_temp, <=, 1);
  remove_tree (dir);
}

/* }}} */
/* {{{ SIGKILL during simulate-with-history */

#define N_SIM_KILLS 100

/* A small workspace whose jobs fire often and fail now and then, so the
 * history writer commits a batch every 100 ms. */
static OrkWorkspace *
make_sim_workspace (void)
{
  static const char data[] =
    "{\"version\": 1, \"jobs\": [\n"
    " {\"id\": \"a\", \"type\": \"sync\", \"interval\": \"10s\", \"simulation\": {\"failure_rate\": 0.2}},\n"
    " {\"id\": \"b\", \"type\": \"batch\", \"interval\": \"30s\", \"simulation\": {\"failure_rate\": 0.3}},\n"
    " {\"id\": \"c\", \"type\": \"cleanup\", \"interval\": \"1m\"},\n"
    " {\"id\": \"d\", \"type\": \"metrics\", \"interval\": \"15s\", \"simulation\": {\"failure_rate\": 0.1}},\n"
    " {\"id\": \"e\", \"type\": \"sync\", \"schedule\": {\"kind\": \"cron\", \"expr\": \"*/5 * * * *\"}, \"simulation\": {\"failure_rate\": 0.5}},\n"
    " {\"id\": \"f\", \"type\": \"batch\", \"interval\": \"2m\"}\n"
    "]}\n";
  g_autoptr(GError) error = NULL;
  OrkWorkspace *ws;

  ws = ork_workspace_load_from_data (data, -1, "sim-faults.json", NULL, &error);
  g_assert_no_error (error);
  return ws;
}

/* The child: a simulation from 2026-11-26 with its history at @path, run
 * forward an hour of virtual time at a time until it is killed. It writes
 * one byte to @ready_fd once the first hour is committed, so that however
 * slow the machine (or Valgrind), every kill falls on a database with runs
 * in it and a writer busy adding more. */
G_GNUC_NORETURN static void
simulate_until_killed (OrkWorkspace *ws,
                       const char   *path,
                       int           ready_fd)
{
  OrkSession *session = ork_session_new (ws, NULL);
  OrkVirtualClock *clock;
  gint64 t;

  ork_session_start_simulation (session, G_GINT64_CONSTANT (1795651200000000), 1, path);
  if (ork_session_get_history (session) == NULL)
    _exit (3);
  clock = ORK_VIRTUAL_CLOCK (ork_session_get_clock (session));
  t = ork_clock_now (ORK_CLOCK (clock));
  for (guint i = 0; ; i++)
    {
      t += G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
      ork_virtual_clock_advance_to (clock, t);
      if (i == 0 &&
          (!ork_history_flush (ork_session_get_history (session), NULL) ||
           write (ready_fd, "r", 1) != 1))
        _exit (4);
    }
}

/* integrity_check of @path through a read-write connection (which also
 * replays what the killed process left in its WAL). */
static void
assert_integrity_ok (const char *path,
                     guint       iteration)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  const char *result;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  result = (const char *) sqlite3_column_text (stmt, 0);
  if (g_strcmp0 (result, "ok") != 0)
    g_error ("after kill %u, integrity_check of %s says: %s", iteration, path, result);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
test_kill_during_simulation (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ork-simkill-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sim.db", NULL);
  g_autoptr(OrkWorkspace) ws = make_sim_workspace ();
  g_autoptr(GFile) null_file = g_file_new_for_path ("/dev/null");
  guint64 total_runs = 0, total_written = 0, max_runs = 0;
  guint n_with_runs = 0;
  gint64 t0 = g_get_monotonic_time ();

  for (guint i = 0; i < N_SIM_KILLS; i++)
    {
      g_autoptr(OrkHistory) history = NULL;
      g_autoptr(GFileOutputStream) out = NULL;
      g_autoptr(GError) error = NULL;
      OrkHistoryCounts counts;
      guint64 n_written = 0;
      int fds[2];
      char byte;
      pid_t pid;
      int status;

      g_assert_cmpint (pipe (fds), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          close (fds[0]);
          simulate_until_killed (ws, path, fds[1]);
        }
      close (fds[1]);

      /* Killed anywhere from the first commit on: up to about a commit
       * later (the writer commits every 100 ms), sometimes at once. */
      if (read (fds[0], &byte, 1) != 1)
        {
          waitpid (pid, &status, 0);
          g_error ("the simulating child died before its first commit (status %d)", status);
        }
      close (fds[0]);
      g_usleep (g_random_int_range (0, 120000));
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);

      assert_integrity_ok (path, i);

      history = ork_history_open (path, ORK_HISTORY_MODE_READ_ONLY, &error);
      g_assert_no_error (error);
      g_assert_nonnull (history);
      g_assert_true (ork_history_count_by_state (history, NULL, ORK_TIME_UNSET, ORK_TIME_NEVER,
                                                 &counts, &error));
      g_assert_no_error (error);
      out = g_file_append_to (null_file, G_FILE_CREATE_NONE, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (ork_history_export (history, G_OUTPUT_STREAM (out), ORK_RECORD_FORMAT_CSV,
                                         NULL, NULL, NULL, NULL, &n_written, &error));
      g_assert_no_error (error);
      g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
      g_assert_no_error (error);
      g_assert_true (ork_history_close (history, &error));
      g_assert_no_error (error);

      /* Every committed run that ended is exported, and none that did not. */
      g_assert_cmpuint (n_written, <=, counts.total * 4);
      if (counts.total > 0)
        n_with_runs++;
      total_runs += counts.total;
      total_written += n_written;
      max_runs = MAX (max_runs, counts.total);
    }

  g_test_message ("%u kills in %.1f s: %u databases held runs (%" G_GUINT64_FORMAT
                  " runs, at most %" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT " records exported)",
                  N_SIM_KILLS, (g_get_monotonic_time () - t0) / 1e6, n_with_runs,
                  total_runs, max_runs, total_written);
  /* Every kill came after the first commit: the checks saw real data. */
  g_assert_cmpuint (n_with_runs, ==, N_SIM_KILLS);
  g_assert_cmpuint (total_written, >, 0);
  remove_tree (dir);
}

/* {{{ SIGKILL while a simulation recreates its history */

#define N_RECREATE_KILLS 60

/* The child: simulations one after the other on the same history path,
 * each replacing the file (ORK_HISTORY_MODE_SIMULATION removes the
 * database, its WAL and shared memory, then creates it anew) and running
 * ten virtual minutes, so that a kill often falls inside the replacement.
 * Writes one byte to @ready_fd after the first one. */
G_GNUC_NORETURN static void
recreate_until_killed (OrkWorkspace *ws,
                       const char   *path,
                       int           ready_fd)
{
  for (guint i = 0; ; i++)
    {
      OrkSession *session = ork_session_new (ws, NULL);
      OrkVirtualClock *clock;

      ork_session_start_simulation (session, G_GINT64_CONSTANT (1795651200000000), 1, path);
      if (ork_session_get_history (session) == NULL)
        _exit (3);
      clock = ORK_VIRTUAL_CLOCK (ork_session_get_clock (session));
      ork_virtual_clock_advance_to (clock, ork_clock_now (ORK_CLOCK (clock))
                                           + G_GINT64_CONSTANT (600) * G_USEC_PER_SEC);
      ork_session_stop (session);
      g_object_unref (session);
      if (i == 0 && write (ready_fd, "r", 1) != 1)
        _exit (4);
    }
}

/* Killed at any point of the replacement, the file is never half of one
 * database and half of another: if it is there it passes integrity_check,
 * and the next simulation replaces it cleanly, with an empty history. */
static void
test_kill_during_recreate (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ork-recreate-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sim.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(OrkWorkspace) ws = make_sim_workspace ();
  guint n_missing = 0, n_unreadable = 0, n_readable = 0;

  for (guint i = 0; i < N_RECREATE_KILLS; i++)
    {
      g_autoptr(OrkHistory) history = NULL;
      g_autoptr(GError) error = NULL;
      OrkHistoryCounts counts;
      int fds[2];
      char byte;
      pid_t pid;
      int status;

      g_assert_cmpint (pipe (fds), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          close (fds[0]);
          recreate_until_killed (ws, path, fds[1]);
        }
      close (fds[1]);
      if (read (fds[0], &byte, 1) != 1)
        {
          waitpid (pid, &status, 0);
          g_error ("the child died before its first simulation ended (status %d)", status);
        }
      close (fds[0]);
      g_usleep (g_random_int_range (0, 100000));
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          /* Whatever WAL is beside it is its own (the old one goes
           * before the new file is made). */
          assert_integrity_ok (path, i);
          history = ork_history_open (path, ORK_HISTORY_MODE_READ_ONLY, &error);
          if (history != NULL)
            {
              g_assert_true (ork_history_count_by_state (history, NULL, ORK_TIME_UNSET,
                                                         ORK_TIME_NEVER, &counts, &error));
              g_assert_no_error (error);
              n_readable++;
            }
          else
            {
              /* Killed before the new file had its tables: a clear error. */
              g_assert_true (error->domain == ORK_HISTORY_ERROR);
              g_test_message ("kill %u: read-only: %s", i, error->message);
              n_unreadable++;
            }
          g_clear_error (&error);
          g_clear_object (&history);
        }
      else
        {
          /* Killed between removing the old file and making the new one. */
          history = ork_history_open (path, ORK_HISTORY_MODE_READ_ONLY, &error);
          g_assert_null (history);
          g_assert_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_NOT_FOUND);
          g_clear_error (&error);
          n_missing++;
        }

      /* The next simulation starts from an empty history, whatever was left. */
      history = ork_history_open (path, ORK_HISTORY_MODE_SIMULATION, &error);
      g_assert_no_error (error);
      g_assert_true (ork_history_count_by_state (history, NULL, ORK_TIME_UNSET, ORK_TIME_NEVER,
                                                 &counts, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (counts.total, ==, 0);
      g_assert_true (ork_history_close (history, &error));
      g_assert_no_error (error);
      g_clear_object (&history);
      assert_integrity_ok (path, i);
    }

  g_test_message ("%u kills: %u files readable, %u without tables yet, %u missing "
                  "(a WAL %s at the end)", N_RECREATE_KILLS, n_readable, n_unreadable, n_missing,
                  g_file_test (wal, G_FILE_TEST_EXISTS) ? "left" : "removed");
  g_assert_cmpuint (n_readable + n_unreadable + n_missing, ==, N_RECREATE_KILLS);
  remove_tree (dir);
}

/* }}} */
/* {{{ Disk full */

static void
test_disk_full (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ork-full-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ws.json", NULL);
  g_autoptr(OrkWorkspace) small = make_workspace (3, "small");
  g_autoptr(OrkWorkspace) big = make_workspace (2000, "big");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *expected = NULL;
  gsize before_len, after_len;

  if (!mount_tmpfs (dir, "64k"))
    {
      g_test_skip_printf ("cannot mount a tmpfs (%s): needs root", g_strerror (errno));
      g_rmdir (dir);
      return;
    }

  g_assert_true (ork_workspace_save_to_file (small, path, &error));
  g_assert_no_error (error);
  before = read_file (path, &before_len);

  g_assert_false (ork_workspace_save_to_file (big, path, &error));
  expected = g_strdup_printf ("cannot write %s: %s", path, g_strerror (ENOSPC));
  g_assert_error (error, ORK_WORKSPACE_ERROR, ORK_WORKSPACE_ERROR_IO);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  after = read_file (path, &after_len);
  g_assert_true (same_bytes (before, before_len, after, after_len));
  g_assert_cmpuint (count_temp_files (dir, "ws.json"), ==, 0);

  /* Once there is room again, the same save works. */
  g_assert_true (ork_workspace_save_to_file (small, path, &error));
  g_assert_no_error (error);

  g_assert_cmpint (umount2 (dir, MNT_DETACH), ==, 0);
  g_rmdir (dir);
}

/* }}} */
/* {{{ History faults */

static void
assert_file_unchanged (const char *path,
                       const char *before,
                       gsize       before_len)
{
  g_autofree char *after = NULL;
  gsize after_len;

  after = read_file (path, &after_len);
  g_assert_true (same_bytes (before, before_len, after, after_len));
}

static OrkSession *
make_session (void)
{
  g_autoptr(OrkWorkspace) ws = make_workspace (2, "session");

  return ork_session_new (ws, NULL);
}

/* The simulation runs: a few steps move its clock. */
static void
assert_simulation_runs (OrkSession *session)
{
  gint64 start = ork_clock_now (ork_session_get_clock (session));

  for (guint i = 0; i < 5; i++)
    g_assert_true (ork_session_step (session));
  g_assert_cmpint (ork_clock_now (ork_session_get_clock (session)), >, start);
}

static void
test_history_corrupt (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ork-hist-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "corrupt.db", NULL);
  g_autofree char *expected = g_strdup_printf ("%s is not an Orkestron history database", path);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkHistory) history = NULL;
  g_autoptr(OrkSession) session = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  char bytes[16384];

  for (gsize i = 0; i < sizeof bytes; i++)
    bytes[i] = (char) g_rand_int_range (rand, 0, 256);
  g_assert_true (g_file_set_contents (path, bytes, sizeof bytes, NULL));

  for (OrkHistoryMode mode = ORK_HISTORY_MODE_LIVE; mode <= ORK_HISTORY_MODE_READ_ONLY;
       mode += ORK_HISTORY_MODE_READ_ONLY - ORK_HISTORY_MODE_LIVE)
    {
      history = ork_history_open (path, mode, &error);
      g_assert_null (history);
      g_assert_nonnull (error);
      g_test_message ("mode %d: %s", mode, error->message);
      g_assert_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_NOT_HISTORY);
      g_assert_cmpstr (error->message, ==, expected);
      g_clear_error (&error);
      assert_file_unchanged (path, bytes, sizeof bytes);
    }

  /* A live engine refuses to start on it, and says why. */
  session = make_session ();
  g_assert_false (ork_session_start_live (session, path, &error));
  g_assert_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_NOT_HISTORY);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  assert_file_unchanged (path, bytes, sizeof bytes);
  g_clear_object (&session);

  /* Nor does a simulation replace it: it runs without a history, and says
   * why. */
  session = make_session ();
  ork_session_start_simulation (session, G_GINT64_CONSTANT (1795000000000000), 1, path);
  g_assert_nonnull (ork_session_get_history_error (session));
  g_assert_null (ork_session_get_history (session));
  assert_simulation_runs (session);
  ork_session_stop (session);
  g_clear_object (&session);
  assert_file_unchanged (path, bytes, sizeof bytes);

  /* Damaged under the name the app gives a simulation's history, it is
   * replaced, and the simulation runs with one. */
  {
    g_autofree char *sim_path = g_build_filename (dir, "corrupt.sim.db", NULL);

    g_assert_true (g_file_set_contents (sim_path, bytes, sizeof bytes, NULL));
    session = make_session ();
    ork_session_start_simulation (session, G_GINT64_CONSTANT (1795000000000000), 1, sim_path);
    g_assert_null (ork_session_get_history_error (session));
    g_assert_nonnull (ork_session_get_history (session));
    assert_simulation_runs (session);
    ork_session_stop (session);
    g_clear_object (&session);
  }

  remove_tree (dir);
}

static void
test_history_newer_schema (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ork-hist-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "newer.db", NULL);
  g_autofree char *expected =
    g_strdup_printf ("history database %s was written by a newer version of Orkestron "
                     "(schema 99; this version reads up to %d)", path, ORK_HISTORY_SCHEMA_VERSION);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkHistory) history = NULL;
  g_autoptr(OrkSession) session = NULL;
  g_autofree char *before = NULL;
  gsize before_len;
  sqlite3 *db = NULL;

  history = ork_history_open (path, ORK_HISTORY_MODE_LIVE, &error);
  g_assert_no_error (error);
  g_assert_true (ork_history_close (history, &error));
  g_clear_object (&history);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = read_file (path, &before_len);

  for (OrkHistoryMode mode = ORK_HISTORY_MODE_LIVE; mode <= ORK_HISTORY_MODE_READ_ONLY;
       mode += ORK_HISTORY_MODE_READ_ONLY - ORK_HISTORY_MODE_LIVE)
    {
      history = ork_history_open (path, mode, &error);
      g_assert_null (history);
      g_assert_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_NEWER_SCHEMA);
      g_assert_cmpstr (error->message, ==, expected);
      g_clear_error (&error);
      assert_file_unchanged (path, before, before_len);
    }

  session = make_session ();
  g_assert_false (ork_session_start_live (session, path, &error));
  g_assert_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_NEWER_SCHEMA);
  g_assert_cmpstr (error->message, ==, expected);
  assert_file_unchanged (path, before, before_len);
  remove_tree (dir);
}

static void
test_history_read_only (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ork-hist-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ro.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkHistory) history = NULL;
  g_autoptr(OrkSession) session = NULL;
  g_autofree char *before = NULL;
  gsize before_len;
  gboolean mounted = FALSE;

  /* root writes through 0400: make the file system read-only instead. */
  if (geteuid () == 0)
    {
      if (!mount_tmpfs (dir, "1m"))
        {
          g_test_skip_printf ("running as root and cannot mount a tmpfs (%s)", g_strerror (errno));
          g_rmdir (dir);
          return;
        }
      mounted = TRUE;
    }

  history = ork_history_open (path, ORK_HISTORY_MODE_LIVE, &error);
  g_assert_no_error (error);
  g_assert_true (ork_history_close (history, &error));
  g_clear_object (&history);
  before = read_file (path, &before_len);

  if (mounted)
    g_assert_cmpint (mount ("tmpfs", dir, "tmpfs", MS_REMOUNT | MS_RDONLY, "size=1m"), ==, 0);
  else
    {
      g_assert_cmpint (g_chmod (path, 0400), ==, 0);
      g_assert_cmpint (g_chmod (dir, 0500), ==, 0);
    }

  /* The engine cannot write it: a clear error naming the file. */
  history = ork_history_open (path, ORK_HISTORY_MODE_LIVE, &error);
  g_assert_null (history);
  g_assert_nonnull (error);
  g_test_message ("live: %s", error->message);
  g_assert_true (error->domain == ORK_HISTORY_ERROR);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  /* Reading it still works. */
  history = ork_history_open (path, ORK_HISTORY_MODE_READ_ONLY, &error);
  if (history == NULL)
    g_test_message ("read-only: %s", error->message);
  g_clear_error (&error);
  g_clear_object (&history);

  /* A simulation runs without its history and says why. */
  session = make_session ();
  ork_session_start_simulation (session, G_GINT64_CONSTANT (1795000000000000), 1, path);
  g_assert_null (ork_session_get_history (session));
  g_assert_nonnull (ork_session_get_history_error (session));
  g_test_message ("simulation: %s", ork_session_get_history_error (session));
  g_assert_nonnull (strstr (ork_session_get_history_error (session), path));
  assert_simulation_runs (session);
  ork_session_stop (session);
  g_clear_object (&session);

  assert_file_unchanged (path, before, before_len);

  if (mounted)
    g_assert_cmpint (umount2 (dir, MNT_DETACH), ==, 0);
  else
    g_chmod (dir, 0700);
  remove_tree (dir);
}

/* }}} */

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/faults/kill-during-save", test_kill_during_save);
  g_test_add_func ("/core/faults/kill-during-simulation", test_kill_during_simulation);
  g_test_add_func ("/core/faults/kill-during-recreate", test_kill_during_recreate);
  g_test_add_func ("/core/faults/disk-full", test_disk_full);
  g_test_add_func ("/core/faults/history-corrupt", test_history_corrupt);
  g_test_add_func ("/core/faults/history-newer-schema", test_history_newer_schema);
  g_test_add_func ("/core/faults/history-read-only", test_history_read_only);

  return g_test_run ();
}
