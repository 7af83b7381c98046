/* billet-table-limits.h — bounds on what GFM tables cost to parse and render
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The tables of one Markdown text that were too costly and are shown as
 * text, between bounding the source and expanding the rendered HTML. */
typedef struct _BilletTableLimits BilletTableLimits;

BilletTableLimits *billet_table_limits_apply  (const char         *text,
                                               gsize               len,
                                               char              **bounded,
                                               gsize              *bounded_len);
char              *billet_table_limits_expand (BilletTableLimits  *self,
                                               char               *html,
                                               const char         *lang);
void               billet_table_limits_free   (BilletTableLimits  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BilletTableLimits, billet_table_limits_free)

G_END_DECLS
