/* ork-command-worker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-command-worker"

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <gio/gunixinputstream.h>

#include "ork-command-worker.h"
#include "ork-duration.h"

#define READ_CHUNK    (16 * 1024)
/* How often to look whether the process group has emptied, once the
 * program itself has exited but left something behind. */
#define GROUP_POLL_MS 20

typedef enum
{
  STOP_NONE,
  STOP_TIMEOUT,
  STOP_CANCEL,
} StopReason;

typedef struct
{
  GInputStream *stream;
  GByteArray   *partial;   /* bytes after the last newline */
  gboolean      is_stderr;
  gboolean      eof;
  guint8        buf[READ_CHUNK];
} Reader;

struct _OrkCommand
{
  /* Each pending asynchronous operation and each callback in progress holds
   * a reference, so that ork_command_free () may be called from anywhere. */
  int                 ref_count;
  GMainContext       *context;
  OrkCommandLineFunc  on_line;
  OrkCommandDoneFunc  on_done;
  gpointer            user_data;

  char               *program;    /* argv[0], valid UTF-8, for messages */
  /* Holds a reference until the child has been reaped, even after
   * ork_command_free (), so that no zombie is left behind. */
  GSource            *child_watch;
  GCancellable       *cancellable;
  GPid                pid;
  gint64              grace_ms;
  gint64              timeout_ms;
  char               *spawn_error;

  Reader              readers[2];

  GSource            *spawn_failed_source;
  GSource            *timeout_source;
  GSource            *grace_source;
  GSource            *poll_source;

  StopReason          stop;
  guint               exited : 1;
  guint               term_sent : 1;
  guint               kill_sent : 1;
  guint               abandoned : 1;
  guint               done : 1;
  guint               freed : 1;
  int                 exit_status;
  int                 signal;

  /* A ring buffer holding the end of the output text. */
  char               *tail;
  gsize               tail_start;
  gsize               tail_len;
  guint64             tail_dropped;
  GString            *last_line;
  gboolean            has_last_line;
  GString            *scratch;

  OrkCommandResult    result;
};

static gint64 kill_grace_ms = ORK_COMMAND_KILL_GRACE_MS;

static void reader_read_next (OrkCommand *cmd,
                              Reader     *reader);

static OrkCommand *
command_ref (OrkCommand *cmd)
{
  cmd->ref_count++;
  return cmd;
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
command_unref (OrkCommand *cmd)
{
  g_assert (cmd->ref_count > 0);

  if (--cmd->ref_count > 0)
    return;

  clear_source (&cmd->spawn_failed_source);
  clear_source (&cmd->timeout_source);
  clear_source (&cmd->grace_source);
  clear_source (&cmd->poll_source);

  for (guint i = 0; i < G_N_ELEMENTS (cmd->readers); i++)
    {
      g_clear_object (&cmd->readers[i].stream);
      g_clear_pointer (&cmd->readers[i].partial, g_byte_array_unref);
    }

  g_clear_pointer (&cmd->child_watch, g_source_unref);
  g_clear_object (&cmd->cancellable);
  g_clear_pointer (&cmd->context, g_main_context_unref);
  g_free (cmd->program);
  g_free (cmd->spawn_error);
  g_free (cmd->tail);
  g_string_free (cmd->last_line, TRUE);
  g_string_free (cmd->scratch, TRUE);
  g_free (cmd->result.message);
  g_free (cmd->result.output_tail);
  g_free (cmd->result.last_line);
  g_free (cmd);
}

static GSource *
add_timeout (OrkCommand  *cmd,
             gint64       ms,
             GSourceFunc  func,
             const char  *name)
{
  GSource *source;

  /* g_timeout_source_new () takes a guint: beyond 49 days, seconds will do. */
  if (ms > G_MAXUINT)
    source = g_timeout_source_new_seconds ((guint) MIN (ms / 1000, (gint64) G_MAXUINT));
  else
    source = g_timeout_source_new ((guint) MAX (ms, 0));

  g_source_set_callback (source, func, cmd, NULL);
  g_source_set_static_name (source, name);
  g_source_attach (source, cmd->context);

  return source;
}

/* Whether a process that is not a zombie is left in the group @pgid. A
 * zombie waiting for init to reap it counts as gone: it holds no resources
 * and cannot be killed. Without /proc, any member counts. */
static gboolean
group_has_live_members (GPid pgid)
{
  struct dirent *entry;
  gboolean alive = FALSE;
  DIR *dir;

  if (pgid <= 0)
    return FALSE;

  /* ESRCH: empty. EPERM: nothing in it that we could signal anyway. */
  if (kill (-pgid, 0) != 0)
    return FALSE;

  dir = opendir ("/proc");
  if (dir == NULL)
    return TRUE;

  while (!alive && (entry = readdir (dir)) != NULL)
    {
      char path[64];
      char stat_text[512];
      const char *close_paren;
      char state;
      int ppid, pgrp;
      ssize_t n;
      int fd;

      if (entry->d_name[0] < '1' || entry->d_name[0] > '9')
        continue;

      g_snprintf (path, sizeof path, "/proc/%s/stat", entry->d_name);
      fd = open (path, O_RDONLY | O_CLOEXEC);
      if (fd < 0)
        continue;
      n = read (fd, stat_text, sizeof stat_text - 1);
      close (fd);
      if (n <= 0)
        continue;
      stat_text[n] = '\0';

      /* "pid (comm) state ppid pgrp ...", where comm may hold anything. */
      close_paren = strrchr (stat_text, ')');
      if (close_paren == NULL
          || sscanf (close_paren + 1, " %c %d %d", &state, &ppid, &pgrp) != 3)
        continue;

      if (pgrp == pgid && state != 'Z' && state != 'X')
        alive = TRUE;
    }

  closedir (dir);

  return alive;
}

/* Signals the whole process group; TRUE if something was there to get it. */
static gboolean
signal_group (OrkCommand *cmd,
              int         signum)
{
  if (cmd->pid <= 0)
    return FALSE;

  /* Once the leader has been reaped, the group id could in principle be
   * reused, so only signal a group that still has live members. */
  if (cmd->exited && !group_has_live_members (cmd->pid))
    return FALSE;

  g_debug ("sending signal %d to process group %d", signum, (int) cmd->pid);

  return kill (-cmd->pid, signum) == 0;
}

/* Where to cut a line of more than @max bytes so as not to split a UTF-8
 * sequence. */
static gsize
utf8_cut (const guint8 *data,
          gsize         max)
{
  gsize cut = max;

  while (cut > max - 3 && (data[cut] & 0xC0) == 0x80)
    cut--;

  return (data[cut] & 0xC0) == 0x80 ? max : cut;
}

static void
tail_append (OrkCommand *cmd,
             const char *data,
             gsize       len)
{
  const gsize cap = ORK_COMMAND_TAIL_MAX;
  gsize pos, first;

  if (len >= cap)
    {
      cmd->tail_dropped += cmd->tail_len + (len - cap);
      data += len - cap;
      len = cap;
      cmd->tail_start = 0;
      cmd->tail_len = 0;
    }
  else if (cmd->tail_len + len > cap)
    {
      gsize over = cmd->tail_len + len - cap;

      cmd->tail_start = (cmd->tail_start + over) % cap;
      cmd->tail_len -= over;
      cmd->tail_dropped += over;
    }

  pos = (cmd->tail_start + cmd->tail_len) % cap;
  first = MIN (len, cap - pos);
  memcpy (cmd->tail + pos, data, first);
  memcpy (cmd->tail, data + first, len - first);
  cmd->tail_len += len;
}

static gboolean
is_blank (const char *text,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isspace (text[i]))
        return FALSE;
    }

  return TRUE;
}

/* Hands one line (valid UTF-8, NUL-terminated) to the tail and the
 * caller. */
static void
deliver_line (OrkCommand *cmd,
              Reader     *reader,
              const char *line,
              gsize       len)
{
  tail_append (cmd, line, len);
  tail_append (cmd, "\n", 1);

  if (!is_blank (line, len))
    {
      g_string_truncate (cmd->last_line, 0);
      g_string_append_len (cmd->last_line, line, len);
      cmd->has_last_line = TRUE;
    }

  if (cmd->on_line != NULL)
    cmd->on_line (cmd, reader->is_stderr, line, cmd->user_data);
}

/* A piece of at most ORK_COMMAND_LINE_MAX raw bytes: replaces what is not
 * UTF-8, which can make it longer, hence a second split. */
static void
emit_piece (OrkCommand   *cmd,
            Reader       *reader,
            const guint8 *data,
            gsize         len)
{
  GString *text = cmd->scratch;
  gsize offset = 0;

  g_string_truncate (text, 0);
  if (g_utf8_validate_len ((const char *) data, len, NULL))
    {
      g_string_append_len (text, (const char *) data, len);
    }
  else
    {
      g_autofree char *valid = g_utf8_make_valid ((const char *) data, len);

      g_string_append (text, valid);
    }

  if (text->len <= ORK_COMMAND_LINE_MAX)
    {
      deliver_line (cmd, reader, text->str, text->len);
      return;
    }

  while (offset < text->len && !cmd->freed)
    {
      gsize n = text->len - offset;
      g_autofree char *piece = NULL;

      if (n > ORK_COMMAND_LINE_MAX)
        n = utf8_cut ((const guint8 *) text->str + offset, ORK_COMMAND_LINE_MAX);
      piece = g_strndup (text->str + offset, n);
      offset += n;
      deliver_line (cmd, reader, piece, n);
    }
}

/* One line without its newline; a line longer than the limit goes out in
 * pieces. */
static void
emit_line (OrkCommand   *cmd,
           Reader       *reader,
           const guint8 *data,
           gsize         len)
{
  if (len > 0 && data[len - 1] == '\r')
    len--;

  do
    {
      gsize n = len;

      if (n > ORK_COMMAND_LINE_MAX)
        n = utf8_cut (data, ORK_COMMAND_LINE_MAX);
      emit_piece (cmd, reader, data, n);
      data += n;
      len -= n;
    }
  while (len > 0 && !cmd->freed);
}

static void
reader_feed (OrkCommand   *cmd,
             Reader       *reader,
             const guint8 *data,
             gsize         len)
{
  const guint8 *end = data + len;

  while (data < end && !cmd->freed)
    {
      const guint8 *newline = memchr (data, '\n', end - data);

      if (newline == NULL)
        {
          GByteArray *partial = reader->partial;

          g_byte_array_append (partial, data, end - data);
          while (partial->len > ORK_COMMAND_LINE_MAX && !cmd->freed)
            {
              gsize cut = utf8_cut (partial->data, ORK_COMMAND_LINE_MAX);

              emit_piece (cmd, reader, partial->data, cut);
              g_byte_array_remove_range (partial, 0, cut);
            }
          break;
        }

      if (reader->partial->len > 0)
        {
          g_byte_array_append (reader->partial, data, newline - data);
          emit_line (cmd, reader, reader->partial->data, reader->partial->len);
          g_byte_array_set_size (reader->partial, 0);
        }
      else
        {
          emit_line (cmd, reader, data, newline - data);
        }

      data = newline + 1;
    }
}

/* The stream ended (or is given up on): the last line need not end in a
 * newline. */
static void
reader_finish (OrkCommand *cmd,
               Reader     *reader)
{
  if (reader->eof)
    return;

  reader->eof = TRUE;
  if (reader->partial->len > 0 && !cmd->freed)
    {
      emit_line (cmd, reader, reader->partial->data, reader->partial->len);
      g_byte_array_set_size (reader->partial, 0);
    }
}

static char *
take_tail (OrkCommand *cmd)
{
  const gsize cap = ORK_COMMAND_TAIL_MAX;
  gsize first = MIN (cmd->tail_len, cap - cmd->tail_start);
  gsize skip = 0;
  char *text;

  text = g_malloc (cmd->tail_len + 1);
  memcpy (text, cmd->tail + cmd->tail_start, first);
  memcpy (text + first, cmd->tail, cmd->tail_len - first);
  text[cmd->tail_len] = '\0';

  /* The front may have been cut inside a character. */
  while (skip < cmd->tail_len && skip < 3 && ((guchar) text[skip] & 0xC0) == 0x80)
    skip++;
  if (skip > 0)
    {
      memmove (text, text + skip, cmd->tail_len - skip + 1);
      cmd->tail_dropped += skip;
    }

  g_assert (g_utf8_validate (text, -1, NULL));

  return text;
}

static void
build_result (OrkCommand *cmd)
{
  OrkCommandResult *result = &cmd->result;
  g_autoptr(GString) message = g_string_new (NULL);

  result->exit_status = cmd->exit_status;
  result->signal = cmd->signal;

  if (cmd->spawn_error != NULL)
    result->end = ORK_COMMAND_SPAWN_FAILED;
  else if (cmd->stop == STOP_TIMEOUT)
    result->end = ORK_COMMAND_TIMED_OUT;
  else if (cmd->stop == STOP_CANCEL)
    result->end = ORK_COMMAND_CANCELLED;
  else if (cmd->signal != 0)
    result->end = ORK_COMMAND_SIGNALED;
  else
    result->end = ORK_COMMAND_EXITED;

  switch (result->end)
    {
    case ORK_COMMAND_EXITED:
      g_string_append_printf (message, "exit status %d", cmd->exit_status);
      break;

    case ORK_COMMAND_SIGNALED:
      g_string_append_printf (message, "killed by signal %d (%s)",
                              cmd->signal, g_strsignal (cmd->signal));
      break;

    case ORK_COMMAND_SPAWN_FAILED:
      g_string_append (message, cmd->spawn_error);
      break;

    case ORK_COMMAND_TIMED_OUT:
    case ORK_COMMAND_CANCELLED:
      if (result->end == ORK_COMMAND_TIMED_OUT)
        {
          g_autofree char *after = ork_duration_describe (cmd->timeout_ms);

          g_string_append_printf (message, "timed out after %s", after);
        }
      else
        {
          g_string_append (message, "cancelled");
        }
      if (cmd->kill_sent)
        {
          g_autofree char *grace = ork_duration_describe (cmd->grace_ms);

          g_string_append_printf (message, "; killed with SIGKILL %s after SIGTERM", grace);
        }
      break;

    default:
      g_assert_not_reached ();
    }

  result->output_tail = take_tail (cmd);
  result->output_dropped = cmd->tail_dropped;
  if (result->output_dropped > 0)
    g_string_append_printf (message, "; %" G_GUINT64_FORMAT " bytes of earlier output dropped",
                            result->output_dropped);
  result->message = g_string_free (g_steal_pointer (&message), FALSE);
  result->last_line = cmd->has_last_line ? g_strdup (cmd->last_line->str) : NULL;
}

static void
finish (OrkCommand *cmd)
{
  g_assert (!cmd->done);

  cmd->done = TRUE;
  clear_source (&cmd->spawn_failed_source);
  clear_source (&cmd->timeout_source);
  clear_source (&cmd->grace_source);
  clear_source (&cmd->poll_source);

  /* Reads still pending (output given up on) end as cancelled. */
  g_cancellable_cancel (cmd->cancellable);

  for (guint i = 0; i < G_N_ELEMENTS (cmd->readers); i++)
    reader_finish (cmd, &cmd->readers[i]);
  if (cmd->freed)
    return;

  build_result (cmd);
  g_debug ("process %d done: %s", (int) cmd->pid, cmd->result.message);

  cmd->on_done (cmd, &cmd->result, cmd->user_data);
}

/* The attempt is over once the program has exited, its output has been read
 * and its process group is empty, or when we stop waiting for the last two
 * after SIGKILL. */
static gboolean
maybe_finish (OrkCommand *cmd)
{
  if (cmd->done || cmd->freed)
    return TRUE;
  if (!cmd->exited)
    return FALSE;

  if (!cmd->abandoned)
    {
      if (!cmd->readers[0].eof || !cmd->readers[1].eof)
        return FALSE;
      if (group_has_live_members (cmd->pid))
        return FALSE;
    }

  finish (cmd);

  return TRUE;
}

static gboolean
on_abandon (gpointer data)
{
  OrkCommand *cmd = command_ref (data);

  clear_source (&cmd->grace_source);
  g_debug ("process group %d: no longer waiting for it", (int) cmd->pid);
  cmd->abandoned = TRUE;
  maybe_finish (cmd);
  command_unref (cmd);

  return G_SOURCE_REMOVE;
}

static gboolean
on_grace_over (gpointer data)
{
  OrkCommand *cmd = command_ref (data);

  clear_source (&cmd->grace_source);
  if (signal_group (cmd, SIGKILL))
    cmd->kill_sent = TRUE;

  /* Something outside the group may still hold the pipes open (a process
   * that called setsid ()), and a process stuck in the kernel does not die
   * at once: give it one more grace period, then report anyway. */
  cmd->grace_source = add_timeout (cmd, cmd->grace_ms, on_abandon, "[ork] command abandon");
  command_unref (cmd);

  return G_SOURCE_REMOVE;
}

static void
begin_termination (OrkCommand *cmd)
{
  if (cmd->term_sent)
    return;

  cmd->term_sent = TRUE;
  signal_group (cmd, SIGTERM);
  cmd->grace_source = add_timeout (cmd, cmd->grace_ms, on_grace_over, "[ork] command grace");
}

static gboolean
on_timeout (gpointer data)
{
  OrkCommand *cmd = command_ref (data);

  clear_source (&cmd->timeout_source);
  if (cmd->stop == STOP_NONE && !cmd->exited)
    {
      g_debug ("process %d timed out", (int) cmd->pid);
      cmd->stop = STOP_TIMEOUT;
      begin_termination (cmd);
    }
  command_unref (cmd);

  return G_SOURCE_REMOVE;
}

static gboolean
on_poll_group (gpointer data)
{
  OrkCommand *cmd = command_ref (data);
  /* finish () has already destroyed this source when it returns TRUE. */
  gboolean done = maybe_finish (cmd);

  command_unref (cmd);

  return done ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static void
on_child_exited (GPid     pid,
                 int      wait_status,
                 gpointer data)
{
  OrkCommand *cmd = data;

  /* The source is destroyed after this returns, which drops its reference
   * to @cmd; ours goes now. */
  g_clear_pointer (&cmd->child_watch, g_source_unref);
  g_spawn_close_pid (pid);
  if (cmd->freed)
    return;

  cmd->exited = TRUE;
  clear_source (&cmd->timeout_source);

  if (WIFEXITED (wait_status))
    cmd->exit_status = WEXITSTATUS (wait_status);
  else if (WIFSIGNALED (wait_status))
    cmd->signal = WTERMSIG (wait_status);

  g_debug ("process %d ended: exit status %d, signal %d",
           (int) cmd->pid, cmd->exit_status, cmd->signal);

  command_ref (cmd);
  if (!maybe_finish (cmd))
    {
      /* Whatever the program left running in its group goes too; this also
       * bounds the wait for pipes that something else holds open. */
      begin_termination (cmd);
      if (cmd->poll_source == NULL)
        cmd->poll_source = add_timeout (cmd, GROUP_POLL_MS, on_poll_group,
                                        "[ork] command group poll");
    }
  command_unref (cmd);
}

static Reader *
find_reader (OrkCommand *cmd,
             GObject    *stream)
{
  for (guint i = 0; i < G_N_ELEMENTS (cmd->readers); i++)
    {
      if ((GObject *) cmd->readers[i].stream == stream)
        return &cmd->readers[i];
    }

  g_assert_not_reached ();
}

static void
on_read_done (GObject      *object,
              GAsyncResult *res,
              gpointer      data)
{
  OrkCommand *cmd = data;
  Reader *reader = find_reader (cmd, object);
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), res, &error);

  if (cmd->freed || cmd->done || reader->eof)
    {
      command_unref (cmd);
      return;
    }

  if (n > 0)
    {
      reader_feed (cmd, reader, reader->buf, n);
      if (!cmd->freed)
        reader_read_next (cmd, reader);
    }
  else
    {
      if (n < 0)
        g_debug ("reading the output of process %d: %s", (int) cmd->pid, error->message);
      reader_finish (cmd, reader);
      maybe_finish (cmd);
    }

  command_unref (cmd);
}

static void
reader_read_next (OrkCommand *cmd,
                  Reader     *reader)
{
  g_input_stream_read_async (reader->stream, reader->buf, sizeof reader->buf,
                             G_PRIORITY_DEFAULT, cmd->cancellable,
                             on_read_done, command_ref (cmd));
}

static gboolean
on_spawn_failed (gpointer data)
{
  OrkCommand *cmd = command_ref (data);

  clear_source (&cmd->spawn_failed_source);
  cmd->exited = TRUE;
  maybe_finish (cmd);
  command_unref (cmd);

  return G_SOURCE_REMOVE;
}

/* Runs in the child between fork and exec: async-signal-safe calls only. */
static void
child_setup (gpointer data G_GNUC_UNUSED)
{
  struct sigaction action;
  sigset_t none;

  /* Lead a new process group, so that one kill () reaches everything the
   * command starts. */
  setpgid (0, 0);

  /* Do not pass on what the engine blocks or ignores. */
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  memset (&action, 0, sizeof action);
  action.sa_handler = SIG_DFL;
  sigemptyset (&action.sa_mask);
  sigaction (SIGPIPE, &action, NULL);
}

static int
spawn_error_errno (const GError *error)
{
  static const struct
  {
    GSpawnError code;
    int         errnum;
  } codes[] = {
    { G_SPAWN_ERROR_ACCES, EACCES },
    { G_SPAWN_ERROR_PERM, EPERM },
    { G_SPAWN_ERROR_TOO_BIG, E2BIG },
    { G_SPAWN_ERROR_NOEXEC, ENOEXEC },
    { G_SPAWN_ERROR_NAMETOOLONG, ENAMETOOLONG },
    { G_SPAWN_ERROR_NOENT, ENOENT },
    { G_SPAWN_ERROR_NOMEM, ENOMEM },
    { G_SPAWN_ERROR_NOTDIR, ENOTDIR },
    { G_SPAWN_ERROR_LOOP, ELOOP },
    { G_SPAWN_ERROR_TXTBUSY, ETXTBSY },
    { G_SPAWN_ERROR_IO, EIO },
    { G_SPAWN_ERROR_NFILE, ENFILE },
    { G_SPAWN_ERROR_MFILE, EMFILE },
    { G_SPAWN_ERROR_INVAL, EINVAL },
    { G_SPAWN_ERROR_ISDIR, EISDIR },
    { G_SPAWN_ERROR_LIBBAD, ELIBBAD },
  };

  if (error->domain != G_SPAWN_ERROR)
    return 0;

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      if ((int) codes[i].code == error->code)
        return codes[i].errnum;
    }

  return 0;
}

/* Checks @cwd the way chdir () in the child would, to name the OS error. */
static int
check_cwd (const char *cwd)
{
  struct stat st;

  if (stat (cwd, &st) != 0)
    return errno;
  if (!S_ISDIR (st.st_mode))
    return ENOTDIR;
  if (access (cwd, X_OK) != 0)
    return errno;

  return 0;
}

static gboolean
spawn (OrkCommand         *cmd,
       const char * const *argv,
       const char         *cwd,
       const char * const *env)
{
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int out_fd = -1;
  int err_fd = -1;
  int errnum;

  if (cwd != NULL && (errnum = check_cwd (cwd)) != 0)
    {
      g_autofree char *where = g_utf8_make_valid (cwd, -1);

      cmd->spawn_error = g_strdup_printf ("cannot start \"%s\" in \"%s\": %s",
                                          cmd->program, where, g_strerror (errnum));
      return FALSE;
    }

  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      const char *equals = strchr (env[i], '=');
      g_autofree char *key = NULL;

      if (equals == NULL || equals == env[i])
        {
          g_debug ("ignoring environment entry \"%s\" without a name", env[i]);
          continue;
        }
      key = g_strndup (env[i], equals - env[i]);
      envp = g_environ_setenv (envp, key, equals + 1, TRUE);
    }

  /* Not GSubprocess: it forgets the pid as soon as GLib's worker thread has
   * reaped the child, and a command that exits at once would leave us
   * without the id of the process group it may have filled. */
  if (!g_spawn_async_with_pipes_and_fds (cwd, argv, (const char * const *) envp,
                                         G_SPAWN_SEARCH_PATH_FROM_ENVP
                                         | G_SPAWN_DO_NOT_REAP_CHILD
                                         | G_SPAWN_CLOEXEC_PIPES,
                                         child_setup, NULL,
                                         -1, -1, -1, NULL, NULL, 0,
                                         &cmd->pid, NULL, &out_fd, &err_fd,
                                         &error))
    {
      errnum = spawn_error_errno (error);
      cmd->pid = 0;
      cmd->spawn_error = g_strdup_printf ("cannot start \"%s\": %s", cmd->program,
                                          errnum != 0 ? g_strerror (errnum) : error->message);
      return FALSE;
    }

  cmd->readers[0].stream = g_unix_input_stream_new (out_fd, TRUE);
  cmd->readers[1].stream = g_unix_input_stream_new (err_fd, TRUE);

  cmd->child_watch = g_child_watch_source_new (cmd->pid);
  g_source_set_callback (cmd->child_watch, G_SOURCE_FUNC (on_child_exited),
                         command_ref (cmd), (GDestroyNotify) command_unref);
  g_source_set_static_name (cmd->child_watch, "[ork] command child watch");
  g_source_attach (cmd->child_watch, cmd->context);

  return TRUE;
}

OrkCommand *
ork_command_start (const char * const *argv,
                   const char         *cwd,
                   const char * const *env,
                   gint64              timeout_ms,
                   OrkCommandLineFunc  on_line,
                   OrkCommandDoneFunc  on_done,
                   gpointer            user_data)
{
  OrkCommand *cmd;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);
  g_return_val_if_fail (timeout_ms == ORK_DURATION_NONE || timeout_ms >= 0, NULL);
  g_return_val_if_fail (on_done != NULL, NULL);

  cmd = g_new0 (OrkCommand, 1);
  cmd->ref_count = 1;
  cmd->context = g_main_context_ref_thread_default ();
  cmd->on_line = on_line;
  cmd->on_done = on_done;
  cmd->user_data = user_data;
  cmd->program = g_utf8_make_valid (argv[0], -1);
  cmd->cancellable = g_cancellable_new ();
  cmd->grace_ms = kill_grace_ms;
  cmd->timeout_ms = timeout_ms;
  cmd->exit_status = -1;
  cmd->tail = g_malloc (ORK_COMMAND_TAIL_MAX);
  cmd->last_line = g_string_new (NULL);
  cmd->scratch = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cmd->readers); i++)
    {
      cmd->readers[i].partial = g_byte_array_new ();
      cmd->readers[i].is_stderr = i == 1;
    }

  if (!spawn (cmd, argv, cwd, env))
    {
      g_debug ("%s", cmd->spawn_error);
      cmd->readers[0].eof = TRUE;
      cmd->readers[1].eof = TRUE;
      cmd->spawn_failed_source = g_idle_source_new ();
      g_source_set_callback (cmd->spawn_failed_source, on_spawn_failed, cmd, NULL);
      g_source_set_static_name (cmd->spawn_failed_source, "[ork] command spawn failed");
      g_source_attach (cmd->spawn_failed_source, cmd->context);
      return cmd;
    }

  g_debug ("started \"%s\" as process %d", cmd->program, (int) cmd->pid);

  for (guint i = 0; i < G_N_ELEMENTS (cmd->readers); i++)
    reader_read_next (cmd, &cmd->readers[i]);

  if (timeout_ms != ORK_DURATION_NONE)
    cmd->timeout_source = add_timeout (cmd, timeout_ms, on_timeout, "[ork] command timeout");

  return cmd;
}

void
ork_command_cancel (OrkCommand *cmd)
{
  g_return_if_fail (cmd != NULL);
  g_return_if_fail (!cmd->freed);

  if (cmd->done || cmd->exited || cmd->pid <= 0 || cmd->stop != STOP_NONE)
    return;

  g_debug ("cancelling process %d", (int) cmd->pid);
  cmd->stop = STOP_CANCEL;
  clear_source (&cmd->timeout_source);
  begin_termination (cmd);
}

GPid
ork_command_get_pid (OrkCommand *cmd)
{
  g_return_val_if_fail (cmd != NULL, 0);

  return cmd->pid;
}

const OrkCommandResult *
ork_command_get_result (OrkCommand *cmd)
{
  g_return_val_if_fail (cmd != NULL, NULL);

  return cmd->done ? &cmd->result : NULL;
}

void
ork_command_free (OrkCommand *cmd)
{
  if (cmd == NULL)
    return;

  g_return_if_fail (!cmd->freed);

  cmd->freed = TRUE;
  clear_source (&cmd->spawn_failed_source);
  clear_source (&cmd->timeout_source);
  clear_source (&cmd->grace_source);
  clear_source (&cmd->poll_source);

  if (!cmd->done && cmd->pid > 0)
    signal_group (cmd, SIGKILL);

  g_cancellable_cancel (cmd->cancellable);
  command_unref (cmd);
}

void
ork_command_set_kill_grace_ms (gint64 grace_ms)
{
  g_return_if_fail (grace_ms >= 0);

  kill_grace_ms = grace_ms;
}

gint64
ork_command_get_kill_grace_ms (void)
{
  return kill_grace_ms;
}
