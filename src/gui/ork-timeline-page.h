/* ork-timeline-page.h — the Timeline page: the timeline, its controls, the run under the pointer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ork-session.h"
#include "ork-time-range.h"
#include "ork-timeline.h"

G_BEGIN_DECLS

#define ORK_TYPE_TIMELINE_PAGE (ork_timeline_page_get_type ())

G_DECLARE_FINAL_TYPE (OrkTimelinePage, ork_timeline_page, ORK, TIMELINE_PAGE, GtkWidget)

/* Signal "show-run" (const char *job_id, guint64 run_id): the user asked to
 * see a run in its job's detail. Actions (timeline.*): zoom-in, zoom-out,
 * fit, zoom-to-selection, clear-selection. */

GtkWidget   *ork_timeline_page_new          (OrkTimeRange    *range);
void         ork_timeline_page_set_session  (OrkTimelinePage *self,
                                             OrkSession      *session);
/* The jobs to show, one lane each, in order (the Jobs page's list). */
void         ork_timeline_page_set_lanes    (OrkTimelinePage *self,
                                             GListModel      *lanes);
OrkTimeline *ork_timeline_page_get_timeline (OrkTimelinePage *self);
/* Sets the time range's whole span from the engine's start (or its first
 * kept attempt) to a little after now; done four times a second anyway. */
void         ork_timeline_page_update_span  (OrkTimelinePage *self);
/* What the details bar says (the run under the pointer or the selected
 * one) and the span label. */
const char  *ork_timeline_page_get_details  (OrkTimelinePage *self);
const char  *ork_timeline_page_get_span_text (OrkTimelinePage *self);

G_END_DECLS
