/* billet-outline.h — a post's headings as a tree, from the preview's blocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One heading of the body. Lines are the body's, 1-based, as the blocks'
 * (billet-markdown.h). @parent is the index of the nearest heading above
 * it of a lower level, or -1; @depth is how many parents it has. */
typedef struct
{
  guint  level;
  guint  depth;
  int    parent;
  guint  line;
  char  *text;
  char  *id;
} BilletOutlineHeading;

/* Immutable once made, and reference-counted: a render thread makes it,
 * the window keeps it. */
typedef struct _BilletOutline BilletOutline;

BilletOutline              *billet_outline_new_from_blocks (GPtrArray           *blocks,
                                                            BilletOutline       *previous);
BilletOutline              *billet_outline_ref             (BilletOutline       *self);
void                        billet_outline_unref           (BilletOutline       *self);
guint                       billet_outline_get_n_headings  (const BilletOutline *self);
const BilletOutlineHeading *billet_outline_get_heading     (const BilletOutline *self,
                                                            guint                index);
int                         billet_outline_find_line       (const BilletOutline *self,
                                                            guint                line);
gboolean                    billet_outline_same_tree       (const BilletOutline *a,
                                                            const BilletOutline *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BilletOutline, billet_outline_unref)

G_END_DECLS
