/* ork-session.h — one open workspace and the engine that runs it
 *
 * What the window and `orkestron-cli run` share: the workspace and its file,
 * the mode (simulation or live), the clock, the scheduler, the history, the
 * trust given to its command jobs, and autosave. No GTK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ork-clock.h"
#include "ork-history.h"
#include "ork-metrics.h"
#include "ork-scheduler.h"
#include "ork-workspace.h"

G_BEGIN_DECLS

typedef enum
{
  ORK_MODE_SIMULATION,
  ORK_MODE_LIVE,
} OrkMode;

#define ORK_TYPE_SESSION (ork_session_get_type ())

G_DECLARE_FINAL_TYPE (OrkSession, ork_session, ORK, SESSION, GObject)

/* Properties (read-only unless said): "workspace", "path" (string or NULL),
 * "mode" (OrkMode as int), "clock", "scheduler", "history" (or NULL),
 * "history-error" (string: why there is no history, or NULL),
 * "speed" (double, read-write: virtual seconds per wall second in simulation,
 * 1 to 10,000), "running" (bool, read-write: simulation time runs at "speed";
 * in live mode the engine is paused when FALSE), "trusted" (bool),
 * "needs-trust" (bool: the workspace has command jobs and they are not
 * trusted), "fast-forward-progress" (double 0..1, -1 when none runs).
 * Signals: "engine-changed" — mode, clock, scheduler and history were
 * replaced (a new simulation, or a switch of mode); "changed-on-disk" — the
 * file changed since it was loaded, so autosave stopped (offer a reload);
 * "autosave-failed" (const char *message). */

/* A session over @workspace, saved to @path (NULL: not saved). It starts no
 * engine: call start_simulation () or start_live (). */
OrkSession   *ork_session_new              (OrkWorkspace  *workspace,
                                            const char    *path);
OrkSession   *ork_session_new_for_file     (const char    *path,
                                            GError       **error);

OrkWorkspace *ork_session_get_workspace    (OrkSession    *self);
const char   *ork_session_get_path         (OrkSession    *self);
OrkMode       ork_session_get_mode         (OrkSession    *self);
OrkClock     *ork_session_get_clock        (OrkSession    *self);
OrkScheduler *ork_session_get_scheduler    (OrkSession    *self);
OrkHistory   *ork_session_get_history      (OrkSession    *self);
const char   *ork_session_get_history_error (OrkSession   *self);
/* Counts and latencies of the current engine's runs (DESIGN §7): cleared
 * when the engine changes, loaded from the history in live mode. */
OrkMetrics   *ork_session_get_metrics      (OrkSession    *self);

/* A new simulation from @start_us with @seed on a virtual clock, with its
 * own history (replaced) when the session has a path. The clock does not run
 * until set_running (TRUE), step () or fast_forward (). @history_path
 * overrides where the simulated history goes (NULL: the default). */
void          ork_session_start_simulation (OrkSession    *self,
                                            gint64         start_us,
                                            guint64        seed,
                                            const char    *history_path);
/* The live engine on the wall clock: opens the live history (its lock: a
 * second live engine on the same workspace fails with
 * ORK_HISTORY_ERROR_LOCKED), marks what a previous engine left running as
 * interrupted, restores each job's last fire so missed runs are handled,
 * and starts. Command jobs run only if the workspace is trusted. A session
 * without a path runs without history. */
gboolean      ork_session_start_live       (OrkSession    *self,
                                            const char    *history_path,
                                            GError       **error);
/* Ends the engine: running attempts end INTERRUPTED, the history is flushed
 * and closed. */
void          ork_session_stop             (OrkSession    *self);

void          ork_session_set_speed        (OrkSession    *self,
                                            double         speed);
double        ork_session_get_speed        (OrkSession    *self);
void          ork_session_set_running      (OrkSession    *self,
                                            gboolean       running);
gboolean      ork_session_get_running      (OrkSession    *self);
/* Simulation: jumps to the next event and handles everything due then. */
gboolean      ork_session_step             (OrkSession    *self);
/* Simulation: runs the engine as fast as it goes up to @target_us, in slices
 * on the main loop so a window stays responsive; "fast-forward-progress"
 * moves from 0 to 1. Cancel with @cancellable (G_IO_ERROR_CANCELLED; the time
 * stays where it got to). */
void          ork_session_fast_forward     (OrkSession          *self,
                                            gint64               target_us,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean      ork_session_fast_forward_finish (OrkSession   *self,
                                               GAsyncResult *result,
                                               GError      **error);
double        ork_session_get_fast_forward_progress (OrkSession *self);

/* Trust (DESIGN §6): recorded per workspace path with a hash of its command
 * jobs (argv, cwd, env), so a change made outside asks again. */
gboolean      ork_session_get_trusted      (OrkSession    *self);
gboolean      ork_session_get_needs_trust  (OrkSession    *self);
gboolean      ork_session_trust            (OrkSession    *self,
                                            GError       **error);
/* The hash trust is recorded with; NULL when the workspace has no command jobs. */
char         *ork_session_command_digest   (OrkSession    *self);

/* Saves to the session's path now (atomic, DESIGN §6). Autosave calls this
 * shortly after every change; it refuses (ORK_WORKSPACE_ERROR_IO, "changed
 * on disk") when the file changed since it was loaded or saved. */
gboolean      ork_session_save             (OrkSession    *self,
                                            GError       **error);
gboolean      ork_session_save_as          (OrkSession    *self,
                                            const char    *path,
                                            GError       **error);
void          ork_session_set_autosave     (OrkSession    *self,
                                            gboolean       autosave);

/* Where Orkestron keeps its files: $XDG_DATA_HOME/orkestron (created 0700). */
char         *ork_data_dir                 (void);

G_END_DECLS
