/* ork-command-worker.h — runs one attempt of a command job (DESIGN §3, §6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ork-types.h"

G_BEGIN_DECLS

/* How much combined output a result keeps, and the longest line handed to
 * the line callback (longer lines arrive in pieces of at most this size). */
#define ORK_COMMAND_TAIL_MAX      (64 * 1024)
#define ORK_COMMAND_LINE_MAX      (4 * 1024)
/* The time between SIGTERM and SIGKILL. */
#define ORK_COMMAND_KILL_GRACE_MS G_GINT64_CONSTANT (5000)

/* One running attempt of a command. */
typedef struct _OrkCommand OrkCommand;

typedef enum
{
  ORK_COMMAND_EXITED,       /* exit_status is set; 0 means success */
  ORK_COMMAND_SIGNALED,     /* signal is set */
  ORK_COMMAND_SPAWN_FAILED, /* the program never ran */
  ORK_COMMAND_TIMED_OUT,
  ORK_COMMAND_CANCELLED,
} OrkCommandEnd;

typedef struct
{
  OrkCommandEnd  end;
  /* What the wait status said, also after a timeout or a cancel: the exit
   * status (-1 if the process did not exit) and the terminating signal
   * (0 if none). */
  int            exit_status;
  int            signal;
  /* One line for the run's message, e.g. "exit status 3",
   * "killed by signal 9 (Killed)", "timed out after 30 s",
   * `cannot start "nosuch": No such file or directory`; followed by
   * "; N bytes of earlier output dropped" when the tail is not complete. */
  char          *message;
  /* The last ORK_COMMAND_TAIL_MAX bytes or less of stdout and stderr, in the
   * order their lines arrived, each line ended by "\n"; valid UTF-8
   * (invalid bytes and NULs are replaced by U+FFFD). */
  char          *output_tail;
  /* How many bytes of that text were dropped from the front. */
  guint64        output_dropped;
  /* The last line with anything but white space in it, or NULL. */
  char          *last_line;
} OrkCommandResult;

/* Called for each line of output as it arrives, without its newline (nor a
 * trailing "\r"), in valid UTF-8. */
typedef void (*OrkCommandLineFunc) (OrkCommand             *cmd,
                                    gboolean                is_stderr,
                                    const char             *line,
                                    gpointer                user_data);
/* Called once, when the process has ended, no live process is left in its
 * group and its output has been read to the end (or, if something outside
 * the group holds the pipes open, one grace period after SIGKILL). @result
 * belongs to @cmd. It is fine to call ork_command_free () from here. */
typedef void (*OrkCommandDoneFunc) (OrkCommand             *cmd,
                                    const OrkCommandResult *result,
                                    gpointer                user_data);

/* Starts @argv (no shell; argv[0] looked up in the PATH of the child's
 * environment) in @cwd (NULL: the current directory), with @env
 * ("KEY=VALUE" strings, may be NULL; entries without a name are skipped)
 * merged over the process environment, stdin from /dev/null, and stdout and
 * stderr read on the thread-default main context, where every callback
 * runs. The child leads a new process group. After @timeout_ms
 * (ORK_DURATION_NONE: never) the group gets SIGTERM, then SIGKILL after the
 * kill grace; the result is TIMED_OUT.
 *
 * When the program exits, whatever it left running in its process group is
 * terminated the same way, so nothing it started outlives the attempt.
 *
 * Never returns NULL: a program that cannot start is reported through
 * @on_done (SPAWN_FAILED) from an idle callback, never from inside this
 * call. */
OrkCommand *ork_command_start          (const char * const *argv,
                                        const char         *cwd,
                                        const char * const *env,
                                        gint64              timeout_ms,
                                        OrkCommandLineFunc  on_line,
                                        OrkCommandDoneFunc  on_done,
                                        gpointer            user_data);
/* Sends SIGTERM to the process group, then SIGKILL after the kill grace;
 * @on_done reports CANCELLED. Does nothing once the program has exited or
 * if it never started. */
void        ork_command_cancel         (OrkCommand         *cmd);
/* The process id, which is also the process group id; 0 if the program
 * did not start. */
GPid        ork_command_get_pid        (OrkCommand         *cmd);
/* The result once @on_done has been called, NULL before. */
const OrkCommandResult *
            ork_command_get_result     (OrkCommand         *cmd);
/* Frees @cmd. Normally called from or after @on_done. Freeing a command that
 * is still running kills its process group with SIGKILL at once, without
 * waiting, and neither callback is called again; the child is still reaped
 * when the main context next runs, so no zombie is left. */
void        ork_command_free           (OrkCommand         *cmd);

/* The time between SIGTERM and SIGKILL for commands started afterwards
 * (default ORK_COMMAND_KILL_GRACE_MS). For tests; not thread-safe. */
void        ork_command_set_kill_grace_ms (gint64           grace_ms);
gint64      ork_command_get_kill_grace_ms (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrkCommand, ork_command_free)

G_END_DECLS
