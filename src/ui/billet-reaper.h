/* billet-reaper.h — WebKit's processes end with the editor, however it ends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void billet_reaper_start               (void);
void billet_reaper_watch_web_processes (void);

G_END_DECLS
