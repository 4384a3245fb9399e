/* test-command-worker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ork-command-worker.h"

/* Short enough to keep the suite fast, long enough for a loaded machine to
 * deliver SIGTERM before SIGKILL follows. */
#define GRACE_MS 300
/* No test may take longer; hitting it is a failure, not a skip. */
#define GUARD_SECONDS 60

typedef struct
{
  GMainLoop  *loop;
  gboolean    keep_lines;
  GPtrArray  *lines;        /* "o:text" or "e:text", if keep_lines */
  guint64     n_lines;
  guint64     n_bytes;      /* line bytes plus one newline each */
  gsize       longest;
  gboolean    valid_utf8;
  const char *cancel_on;    /* cancel when this line arrives */
  gboolean    cancelled_after_line;
  gboolean    keep_cmd;     /* do not free the command in on_done */
  OrkCommand *cmd;

  gboolean    done;
  guint       n_done;
  GPid        pid;
  OrkCommandEnd end;
  int         exit_status;
  int         signal;
  char       *message;
  char       *tail;
  guint64     dropped;
  char       *last_line;
  gint64      started_us;
  gint64      elapsed_us;
  gboolean    guard_hit;
} Run;

static void
run_init (Run *run)
{
  memset (run, 0, sizeof *run);
  run->loop = g_main_loop_new (NULL, FALSE);
  run->keep_lines = TRUE;
  run->lines = g_ptr_array_new_with_free_func (g_free);
  run->valid_utf8 = TRUE;
}

static void
run_clear (Run *run)
{
  g_main_loop_unref (run->loop);
  g_ptr_array_unref (run->lines);
  g_free (run->message);
  g_free (run->tail);
  g_free (run->last_line);
}

static void
on_line (OrkCommand *cmd,
         gboolean    is_stderr,
         const char *line,
         gpointer    user_data)
{
  Run *run = user_data;
  gsize len = strlen (line);

  g_assert_false (run->done);

  run->n_lines++;
  run->n_bytes += len + 1;
  run->longest = MAX (run->longest, len);
  if (!g_utf8_validate (line, -1, NULL))
    run->valid_utf8 = FALSE;
  if (run->keep_lines)
    g_ptr_array_add (run->lines, g_strconcat (is_stderr ? "e:" : "o:", line, NULL));

  if (run->cancel_on != NULL && g_str_equal (line, run->cancel_on))
    {
      ork_command_cancel (cmd);
      run->cancelled_after_line = TRUE;
    }
}

static void
on_done (OrkCommand             *cmd,
         const OrkCommandResult *result,
         gpointer                user_data)
{
  Run *run = user_data;

  run->n_done++;
  run->done = TRUE;
  run->elapsed_us = g_get_monotonic_time () - run->started_us;
  run->pid = ork_command_get_pid (cmd);
  g_assert_true (ork_command_get_result (cmd) == result);
  run->end = result->end;
  run->exit_status = result->exit_status;
  run->signal = result->signal;
  run->message = g_strdup (result->message);
  run->tail = g_strdup (result->output_tail);
  run->dropped = result->output_dropped;
  run->last_line = g_strdup (result->last_line);

  /* Freeing from inside the callback is allowed. */
  if (run->keep_cmd)
    run->cmd = cmd;
  else
    ork_command_free (cmd);
  g_main_loop_quit (run->loop);
}

static gboolean
on_guard (gpointer user_data)
{
  Run *run = user_data;

  run->guard_hit = TRUE;
  g_main_loop_quit (run->loop);

  return G_SOURCE_REMOVE;
}

static void
run_command_full (Run                *run,
                  const char * const *argv,
                  const char         *cwd,
                  const char * const *env,
                  gint64              timeout_ms)
{
  OrkCommand *cmd;
  guint guard;

  run->started_us = g_get_monotonic_time ();
  cmd = ork_command_start (argv, cwd, env, timeout_ms, on_line, on_done, run);
  g_assert_nonnull (cmd);
  /* Never reported from inside ork_command_start (). */
  g_assert_false (run->done);

  guard = g_timeout_add_seconds (GUARD_SECONDS, on_guard, run);
  g_main_loop_run (run->loop);
  g_assert_false (run->guard_hit);
  g_source_remove (guard);

  g_assert_cmpuint (run->n_done, ==, 1);
  g_assert_true (run->valid_utf8);
  g_assert_true (g_utf8_validate (run->tail, -1, NULL));
  g_assert_true (g_utf8_validate (run->message, -1, NULL));
}

static void
run_command (Run                *run,
             const char * const *argv)
{
  run_command_full (run, argv, NULL, NULL, ORK_DURATION_NONE);
}

static void
assert_lines (Run                *run,
              const char * const *expected)
{
  guint n = g_strv_length ((char **) expected);

  for (guint i = 0; i < MIN (n, run->lines->len); i++)
    g_assert_cmpstr (g_ptr_array_index (run->lines, i), ==, expected[i]);
  g_assert_cmpuint (run->lines->len, ==, n);
}

/* Reads /proc/PID/stat: the state letter, or 0 when there is no such
 * process. */
static char
process_state (GPid  pid,
               GPid *ppid,
               GPid *pgrp)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  const char *paren;
  char state;
  int pp, pg;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  paren = strrchr (text, ')');
  g_assert_nonnull (paren);
  g_assert_cmpint (sscanf (paren + 1, " %c %d %d", &state, &pp, &pg), ==, 3);
  if (ppid != NULL)
    *ppid = pp;
  if (pgrp != NULL)
    *pgrp = pg;

  return state;
}

static gboolean
process_alive (GPid pid)
{
  char state = process_state (pid, NULL, NULL);

  return state != 0 && state != 'Z' && state != 'X';
}

typedef enum
{
  LIVE_IN_GROUP,
  ZOMBIE_CHILD,
} ProcScan;

/* Counts processes in group @id that are not zombies, or zombies whose
 * parent is @id. */
static guint
scan_proc (ProcScan what,
           GPid     id)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      GPid ppid = 0, pgrp = 0;
      char state;

      if (!g_ascii_isdigit (name[0]))
        continue;
      state = process_state ((GPid) atoi (name), &ppid, &pgrp);
      if (state == 0)
        continue;
      if (what == LIVE_IN_GROUP && pgrp == id && state != 'Z' && state != 'X')
        count++;
      if (what == ZOMBIE_CHILD && ppid == id && state == 'Z')
        count++;
    }

  return count;
}

/* Waits (bounded) until kill (-pgid, 0) fails with ESRCH. Orphaned
 * members are reaped by init, which may take a moment, so poll. */
static void
assert_group_vanishes (GPid pgid)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_cmpint (pgid, >, 0);
  while (kill (-pgid, 0) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
  g_assert_cmpint (errno, ==, ESRCH);
}

static void
assert_no_zombie_children (void)
{
  g_assert_cmpuint (scan_proc (ZOMBIE_CHILD, getpid ()), ==, 0);
}

static void
test_success_lines (void)
{
  const char *argv[] = { "printf", "one\\ntwo\\n\\n  \\ncrlf\\r\\nlast", NULL };
  const char *expected[] = { "o:one", "o:two", "o:", "o:  ", "o:crlf", "o:last", NULL };
  Run run;

  run_init (&run);
  run_command (&run, argv);

  g_assert_cmpint (run.end, ==, ORK_COMMAND_EXITED);
  g_assert_cmpint (run.exit_status, ==, 0);
  g_assert_cmpint (run.signal, ==, 0);
  g_assert_cmpstr (run.message, ==, "exit status 0");
  assert_lines (&run, expected);
  /* The last line had no newline; the tail still ends each line with one. */
  g_assert_cmpstr (run.tail, ==, "one\ntwo\n\n  \ncrlf\nlast\n");
  g_assert_cmpuint (run.dropped, ==, 0);
  g_assert_cmpstr (run.last_line, ==, "last");
  g_assert_cmpint (run.pid, >, 0);
  assert_no_zombie_children ();
  run_clear (&run);
}

static void
test_stderr (void)
{
  const char *argv[] = { "sh", "-c", "echo out1; echo err1 >&2; echo out2; echo err2 >&2", NULL };
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  g_autoptr(GPtrArray) err = g_ptr_array_new ();
  Run run;

  run_init (&run);
  run_command (&run, argv);

  g_assert_cmpint (run.end, ==, ORK_COMMAND_EXITED);
  g_assert_cmpint (run.exit_status, ==, 0);
  /* The two pipes are read independently: order holds within each. */
  for (guint i = 0; i < run.lines->len; i++)
    {
      const char *line = g_ptr_array_index (run.lines, i);

      g_ptr_array_add (line[0] == 'o' ? out : err, (gpointer) (line + 2));
    }
  g_assert_cmpuint (out->len, ==, 2);
  g_assert_cmpuint (err->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (out, 0), ==, "out1");
  g_assert_cmpstr (g_ptr_array_index (out, 1), ==, "out2");
  g_assert_cmpstr (g_ptr_array_index (err, 0), ==, "err1");
  g_assert_cmpstr (g_ptr_array_index (err, 1), ==, "err2");
  g_assert_cmpuint (strlen (run.tail), ==, 4 * 5);
  g_assert_nonnull (strstr (run.tail, "err2\n"));
  run_clear (&run);
}

static void
test_failure_status (void)
{
  const char *argv[] = { "sh", "-c", "echo 'it broke' >&2; echo; exit 3", NULL };
  Run run;

  run_init (&run);
  run_command (&run, argv);

  g_assert_cmpint (run.end, ==, ORK_COMMAND_EXITED);
  g_assert_cmpint (run.exit_status, ==, 3);
  g_assert_cmpint (run.signal, ==, 0);
  g_assert_cmpstr (run.message, ==, "exit status 3");
  /* A blank line does not replace the last line with content. */
  g_assert_cmpstr (run.last_line, ==, "it broke");
  assert_no_zombie_children ();
  run_clear (&run);
}

static void
test_killed_by_signal (void)
{
  const char *argv[] = { "sh", "-c", "kill -9 $$", NULL };
  Run run;

  run_init (&run);
  run_command (&run, argv);

  g_assert_cmpint (run.end, ==, ORK_COMMAND_SIGNALED);
  g_assert_cmpint (run.signal, ==, SIGKILL);
  g_assert_cmpint (run.exit_status, ==, -1);
  g_assert_cmpstr (run.message, ==, "killed by signal 9 (Killed)");
  g_assert_cmpstr (run.tail, ==, "");
  g_assert_null (run.last_line);
  assert_no_zombie_children ();
  run_clear (&run);
}

static void
test_timeout_kills_group (void)
{
  /* The grandchild prints its own pid, so the test can look for it. */
  const char *argv[] = { "sh", "-c", "sleep 100 & echo $!; wait", NULL };
  GPid grandchild;
  Run run;

  /* Long enough for the shell to print even on a loaded machine. */
  run_init (&run);
  run_command_full (&run, argv, NULL, NULL, 2000);

  g_assert_cmpint (run.end, ==, ORK_COMMAND_TIMED_OUT);
  g_assert_cmpstr (run.message, ==, "timed out after 2 s");
  /* The shell died of the SIGTERM sent to the group. */
  g_assert_cmpint (run.signal, ==, SIGTERM);
  g_assert_cmpuint (run.lines->len, ==, 1);
  grandchild = atoi ((const char *) g_ptr_array_index (run.lines, 0) + 2);
  g_assert_cmpint (grandchild, >, 0);
  g_assert_cmpint (grandchild, !=, run.pid);
  g_assert_false (process_alive (grandchild));
  g_assert_cmpuint (scan_proc (LIVE_IN_GROUP, run.pid), ==, 0);
  g_assert_cmpint (run.elapsed_us, >=, 2000 * 1000);
  assert_no_zombie_children ();
  assert_group_vanishes (run.pid);
  run_clear (&run);
}

static void
test_sigterm_ignored (void)
{
  /* The ignored SIGTERM is inherited by sleep too. */
  const char *argv[] = { "sh", "-c", "trap '' TERM; echo armed; sleep 100; echo survived", NULL };
  Run run;

  run_init (&run);
  run_command_full (&run, argv, NULL, NULL, 100);

  g_assert_cmpint (run.end, ==, ORK_COMMAND_TIMED_OUT);
  g_assert_cmpint (run.signal, ==, SIGKILL);
  g_assert_cmpstr (run.message, ==,
                   "timed out after 100 ms; killed with SIGKILL 300 ms after SIGTERM");
  g_assert_cmpstr (run.tail, ==, "armed\n");
  /* SIGKILL waited for the grace after SIGTERM at the timeout. */
  g_assert_cmpint (run.elapsed_us, >=, (100 + GRACE_MS) * 1000);
  g_assert_cmpuint (scan_proc (LIVE_IN_GROUP, run.pid), ==, 0);
  assert_no_zombie_children ();
  assert_group_vanishes (run.pid);
  run_clear (&run);
}

static void
test_cancel (void)
{
  const char *argv[] = { "sh", "-c", "sleep 100 & sleep 100 & echo ready; wait", NULL };
  Run run;

  run_init (&run);
  run.cancel_on = "ready";
  run_command (&run, argv);

  g_assert_true (run.cancelled_after_line);
  g_assert_cmpint (run.end, ==, ORK_COMMAND_CANCELLED);
  g_assert_cmpstr (run.message, ==, "cancelled");
  g_assert_cmpint (run.signal, ==, SIGTERM);
  /* When done is reported nothing of the group is alive, the test process
   * has no zombie, and the group disappears once init has reaped the
   * orphaned sleeps. */
  g_assert_cmpuint (scan_proc (LIVE_IN_GROUP, run.pid), ==, 0);
  assert_no_zombie_children ();
  assert_group_vanishes (run.pid);
  run_clear (&run);
}

static void
test_cancel_after_done (void)
{
  const char *argv[] = { "sh", "-c", "echo fine", NULL };
  const OrkCommandResult *result;
  Run run;

  run_init (&run);
  run.keep_cmd = TRUE;
  run_command (&run, argv);
  g_assert_cmpint (run.end, ==, ORK_COMMAND_EXITED);

  /* Too late to cancel: nothing changes and nothing is reported again. */
  ork_command_cancel (run.cmd);
  result = ork_command_get_result (run.cmd);
  g_assert_nonnull (result);
  g_assert_cmpint (result->end, ==, ORK_COMMAND_EXITED);
  g_assert_cmpint (result->exit_status, ==, 0);
  g_assert_cmpstr (result->message, ==, "exit status 0");
  g_assert_cmpstr (result->output_tail, ==, "fine\n");
  g_assert_cmpstr (result->last_line, ==, "fine");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (run.n_done, ==, 1);
  ork_command_free (run.cmd);
  run_clear (&run);
}

static void
test_leftover_children_killed (void)
{
  /* The shell exits at once, leaving a background sleep holding stdout. */
  const char *argv[] = { "sh", "-c", "sleep 100 & echo $!; exit 4", NULL };
  GPid leftover;
  Run run;

  run_init (&run);
  run_command (&run, argv);

  g_assert_cmpint (run.end, ==, ORK_COMMAND_EXITED);
  g_assert_cmpint (run.exit_status, ==, 4);
  g_assert_cmpstr (run.message, ==, "exit status 4");
  leftover = atoi ((const char *) g_ptr_array_index (run.lines, 0) + 2);
  g_assert_cmpint (leftover, >, 0);
  g_assert_false (process_alive (leftover));
  g_assert_cmpuint (scan_proc (LIVE_IN_GROUP, run.pid), ==, 0);
  assert_no_zombie_children ();
  run_clear (&run);
}

static void
test_flood_long_lines (void)
{
  /* 10,000,000 bytes without a newline, then one short line. */
  const char *argv[] = { "sh", "-c", "head -c 10000000 /dev/zero | tr '\\0' x; echo; echo end", NULL };
  Run run;

  run_init (&run);
  run.keep_lines = FALSE;
  run_command (&run, argv);

  g_assert_cmpint (run.end, ==, ORK_COMMAND_EXITED);
  g_assert_cmpint (run.exit_status, ==, 0);
  /* Split into pieces of 4 KiB: 2441 full ones, 1664 bytes, then "end". */
  g_assert_cmpuint (run.longest, ==, ORK_COMMAND_LINE_MAX);
  g_assert_cmpuint (run.n_lines, ==, 2441 + 1 + 1);
  g_assert_cmpuint (run.n_bytes, ==, 10000000 + 2442 + 4);
  g_assert_cmpuint (strlen (run.tail), ==, ORK_COMMAND_TAIL_MAX);
  g_assert_cmpuint (run.dropped, ==, run.n_bytes - ORK_COMMAND_TAIL_MAX);
  g_assert_true (g_str_has_suffix (run.tail, "xxx\nend\n"));
  g_assert_cmpstr (run.last_line, ==, "end");
  g_assert_cmpstr (run.message, ==, "exit status 0; 9936910 bytes of earlier output dropped");
  run_clear (&run);
}

static void
test_flood_many_lines (void)
{
  const char *argv[] = { "sh", "-c", "yes | head -n 2000000", NULL };
  g_autofree char *expected_message = NULL;
  Run run;

  run_init (&run);
  run.keep_lines = FALSE;
  run_command (&run, argv);

  g_assert_cmpint (run.end, ==, ORK_COMMAND_EXITED);
  g_assert_cmpint (run.exit_status, ==, 0);
  /* Every line reaches the callback; only the tail is capped. */
  g_assert_cmpuint (run.n_lines, ==, 2000000);
  g_assert_cmpuint (strlen (run.tail), ==, ORK_COMMAND_TAIL_MAX);
  g_assert_cmpuint (run.dropped, ==, 4000000 - ORK_COMMAND_TAIL_MAX);
  g_assert_true (g_str_has_prefix (run.tail, "y\ny\n"));
  expected_message = g_strdup_printf ("exit status 0; %d bytes of earlier output dropped",
                                      4000000 - ORK_COMMAND_TAIL_MAX);
  g_assert_cmpstr (run.message, ==, expected_message);
  run_clear (&run);
}

static void
test_invalid_utf8 (void)
{
  /* A stray byte, a NUL, and a three-byte character cut by the 4 KiB
   * split (4095 ASCII bytes, then "€"). */
  const char *argv[] = {
    "sh", "-c",
    "printf 'a\\377b\\n'; printf 'c\\000d\\n';"
    " head -c 4095 /dev/zero | tr '\\0' y; printf '\\342\\202\\254z\\n'",
    NULL
  };
  g_autofree char *long_piece = g_strnfill (4095, 'y');
  g_autofree char *expected_long = g_strconcat ("o:", long_piece, NULL);
  const char *expected[] = {
    "o:a\xef\xbf\xbd" "b", "o:c\xef\xbf\xbd" "d", expected_long, "o:\xe2\x82\xac" "z", NULL
  };
  Run run;

  run_init (&run);
  run_command (&run, argv);

  g_assert_cmpint (run.end, ==, ORK_COMMAND_EXITED);
  assert_lines (&run, expected);
  g_assert_cmpstr (run.last_line, ==, "\xe2\x82\xac" "z");
  run_clear (&run);
}

static void
test_missing_binary (void)
{
  const char *argv[] = { "ork-no-such-binary", "--flag", NULL };
  Run run;

  run_init (&run);
  run_command (&run, argv);

  g_assert_cmpint (run.end, ==, ORK_COMMAND_SPAWN_FAILED);
  g_assert_cmpstr (run.message, ==,
                   "cannot start \"ork-no-such-binary\": No such file or directory");
  g_assert_cmpint (run.pid, ==, 0);
  g_assert_cmpint (run.exit_status, ==, -1);
  g_assert_cmpint (run.signal, ==, 0);
  g_assert_cmpstr (run.tail, ==, "");
  g_assert_cmpuint (run.n_lines, ==, 0);
  run_clear (&run);
}

static void
test_not_executable (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ork-cmd-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "script", NULL);
  g_autofree char *expected = g_strdup_printf ("cannot start \"%s\": Permission denied", path);
  const char *argv[] = { path, NULL };
  Run run;

  g_assert_true (g_file_set_contents (path, "#!/bin/sh\n", -1, NULL));
  run_init (&run);
  run_command (&run, argv);

  g_assert_cmpint (run.end, ==, ORK_COMMAND_SPAWN_FAILED);
  g_assert_cmpstr (run.message, ==, expected);
  run_clear (&run);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_cwd (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ork-cmd-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "file", NULL);
  g_autofree char *not_dir = g_strdup_printf ("cannot start \"pwd\" in \"%s\": Not a directory", file);
  g_autofree char *expected = g_strconcat ("o:", dir, NULL);
  const char *argv[] = { "pwd", NULL };
  Run run;

  run_init (&run);
  run_command_full (&run, argv, dir, NULL, ORK_DURATION_NONE);
  g_assert_cmpint (run.end, ==, ORK_COMMAND_EXITED);
  g_assert_cmpuint (run.lines->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (run.lines, 0), ==, expected);
  run_clear (&run);

  run_init (&run);
  run_command_full (&run, argv, "/nonexistent/ork-cwd", NULL, ORK_DURATION_NONE);
  g_assert_cmpint (run.end, ==, ORK_COMMAND_SPAWN_FAILED);
  g_assert_cmpstr (run.message, ==,
                   "cannot start \"pwd\" in \"/nonexistent/ork-cwd\": No such file or directory");
  g_assert_cmpuint (run.n_lines, ==, 0);
  run_clear (&run);

  g_assert_true (g_file_set_contents (file, "", -1, NULL));
  run_init (&run);
  run_command_full (&run, argv, file, NULL, ORK_DURATION_NONE);
  g_assert_cmpint (run.end, ==, ORK_COMMAND_SPAWN_FAILED);
  g_assert_cmpstr (run.message, ==, not_dir);
  run_clear (&run);

  g_unlink (file);
  g_rmdir (dir);
}

static void
test_env_merge (void)
{
  const char *argv[] = { "sh", "-c", "echo \"$ORK_TEST|$ORK_KEPT|$ORK_REPLACED\"", NULL };
  const char *env[] = { "ORK_TEST=hello world", "ORK_REPLACED=new=value", NULL };
  const char *expected[] = { "o:hello world|kept|new=value", NULL };
  Run run;

  g_setenv ("ORK_KEPT", "kept", TRUE);
  g_setenv ("ORK_REPLACED", "old", TRUE);

  run_init (&run);
  run_command_full (&run, argv, NULL, env, ORK_DURATION_NONE);
  g_assert_cmpint (run.end, ==, ORK_COMMAND_EXITED);
  assert_lines (&run, expected);
  run_clear (&run);

  /* Our own environment is untouched. */
  g_assert_cmpstr (g_getenv ("ORK_REPLACED"), ==, "old");
  g_assert_null (g_getenv ("ORK_TEST"));
  g_unsetenv ("ORK_KEPT");
  g_unsetenv ("ORK_REPLACED");
}

static void
test_own_process_group (void)
{
  const char *argv[] = { "sh", "-c", "sleep 100", NULL };
  Run run;
  GPid pgrp = 0;

  run_init (&run);
  run.started_us = g_get_monotonic_time ();
  {
    OrkCommand *cmd = ork_command_start (argv, NULL, NULL, ORK_DURATION_NONE,
                                         on_line, on_done, &run);
    GPid pid = ork_command_get_pid (cmd);

    g_assert_cmpint (pid, >, 0);
    g_assert_cmpint (process_state (pid, NULL, &pgrp), !=, 0);
    g_assert_cmpint (pgrp, ==, pid);
    g_assert_cmpint (pgrp, !=, getpgrp ());
    /* The child leads a group of its own, apart from the test's. */
    g_assert_null (ork_command_get_result (cmd));
    ork_command_cancel (cmd);
    g_main_loop_run (run.loop);
  }
  g_assert_cmpint (run.end, ==, ORK_COMMAND_CANCELLED);
  run_clear (&run);
}

static void
on_done_never (OrkCommand             *cmd G_GNUC_UNUSED,
               const OrkCommandResult *result G_GNUC_UNUSED,
               gpointer                user_data G_GNUC_UNUSED)
{
  g_assert_not_reached ();
}

static void
test_free_while_running (void)
{
  const char *argv[] = { "sh", "-c", "sleep 100 & wait", NULL };
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  OrkCommand *cmd;
  GPid pid;

  cmd = ork_command_start (argv, NULL, NULL, 50, NULL, on_done_never, NULL);
  pid = ork_command_get_pid (cmd);
  g_assert_cmpint (pid, >, 0);
  ork_command_free (cmd);

  /* The group was killed at once; GLib reaps the child, so no zombie is
   * left even though nobody waits for it. Keep the loop turning long
   * enough for a missed timeout or done callback to show. */
  while (process_state (pid, NULL, NULL) != 0 || kill (-pid, 0) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
  for (int i = 0; i < 20; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
  assert_no_zombie_children ();
}

static void
test_spawn_failed_free_before_idle (void)
{
  const char *argv[] = { "ork-no-such-binary", NULL };
  OrkCommand *cmd;

  /* Freed before the idle that would report the failure has run. */
  cmd = ork_command_start (argv, NULL, NULL, ORK_DURATION_NONE, NULL, on_done_never, NULL);
  ork_command_free (cmd);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_kill_grace_setting (void)
{
  g_assert_cmpint (ork_command_get_kill_grace_ms (), ==, GRACE_MS);
  ork_command_set_kill_grace_ms (ORK_COMMAND_KILL_GRACE_MS);
  g_assert_cmpint (ork_command_get_kill_grace_ms (), ==, 5000);
  ork_command_set_kill_grace_ms (GRACE_MS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_cmpint (ork_command_get_kill_grace_ms (), ==, ORK_COMMAND_KILL_GRACE_MS);
  ork_command_set_kill_grace_ms (GRACE_MS);

  g_test_add_func ("/core/command-worker/success-lines", test_success_lines);
  g_test_add_func ("/core/command-worker/stderr", test_stderr);
  g_test_add_func ("/core/command-worker/failure-status", test_failure_status);
  g_test_add_func ("/core/command-worker/killed-by-signal", test_killed_by_signal);
  g_test_add_func ("/core/command-worker/timeout-kills-group", test_timeout_kills_group);
  g_test_add_func ("/core/command-worker/sigterm-ignored", test_sigterm_ignored);
  g_test_add_func ("/core/command-worker/cancel", test_cancel);
  g_test_add_func ("/core/command-worker/cancel-after-done", test_cancel_after_done);
  g_test_add_func ("/core/command-worker/leftover-children", test_leftover_children_killed);
  g_test_add_func ("/core/command-worker/flood-long-lines", test_flood_long_lines);
  g_test_add_func ("/core/command-worker/flood-many-lines", test_flood_many_lines);
  g_test_add_func ("/core/command-worker/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/core/command-worker/missing-binary", test_missing_binary);
  g_test_add_func ("/core/command-worker/not-executable", test_not_executable);
  g_test_add_func ("/core/command-worker/cwd", test_cwd);
  g_test_add_func ("/core/command-worker/env-merge", test_env_merge);
  g_test_add_func ("/core/command-worker/own-process-group", test_own_process_group);
  g_test_add_func ("/core/command-worker/free-while-running", test_free_while_running);
  g_test_add_func ("/core/command-worker/free-before-spawn-error",
                   test_spawn_failed_free_before_idle);
  g_test_add_func ("/core/command-worker/kill-grace", test_kill_grace_setting);

  return g_test_run ();
}
