/* ork-log-page.h — the Log page: the engine's structured event log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ork-event-log.h"
#include "ork-session.h"

G_BEGIN_DECLS

#define ORK_TYPE_LOG_PAGE (ork_log_page_get_type ())

G_DECLARE_FINAL_TYPE (OrkLogPage, ork_log_page, ORK, LOG_PAGE, GtkWidget)

/* A page over @log (newest first). Actions: log.search (Ctrl+F),
 * log.export, log.follow (stateful: keep the newest entry in view). */
GtkWidget *ork_log_page_new          (OrkEventLog *log);
/* The session gives the time zone the times are shown in and the jobs the
 * job filter offers. */
void       ork_log_page_set_session  (OrkLogPage  *self,
                                      OrkSession  *session);
/* Only an active page follows the log; an inactive one lets it run free. */
void       ork_log_page_set_active   (OrkLogPage  *self,
                                      gboolean     active);
void       ork_log_page_focus_search (OrkLogPage  *self);
/* The entries the filters let through, and the job filter (NULL: all). */
guint      ork_log_page_get_n_shown  (OrkLogPage  *self);
void       ork_log_page_set_job      (OrkLogPage  *self,
                                      const char  *job_id);

G_END_DECLS
