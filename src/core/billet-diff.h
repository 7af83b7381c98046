/* billet-diff.h — a line diff of two texts, as a unified diff
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Beyond this many differing lines the diff stops looking for the shortest
 * edit and shows the rest as removed then added: the cost stays bounded
 * (about BILLET_DIFF_MAX_EDITS² integers) whatever the texts. */
#define BILLET_DIFF_MAX_EDITS 2000

char *billet_diff_unified (const char *old_text,
                           gssize      old_len,
                           const char *new_text,
                           gssize      new_len,
                           const char *old_label,
                           const char *new_label,
                           guint       context);

G_END_DECLS
