/* billet-front-matter-private.h — the node tree, shared by the parser and the splicer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "billet-front-matter.h"

G_BEGIN_DECLS

struct _BilletNode
{
  BilletNodeKind   kind;
  BilletNodeStyle  style;
  char            *key;       /* map entries with a scalar key */
  char            *text;      /* scalars: the decoded value */
  gsize            key_start; /* map entries: the key's bytes */
  gsize            key_end;
  gsize            start;     /* the value's bytes */
  gsize            end;
  guint            line;      /* 1-based, in the file */
  guint            column;    /* 1-based, in characters */
  gboolean         is_entry;  /* a value in a mapping */
  BilletNode      *parent;
  GPtrArray       *children;  /* BilletNode*, owned */
};

struct _BilletFrontMatter
{
  gatomicrefcount  ref_count;
  char            *text;
  gsize            len;
  guint            first_line;
  BilletNode      *root;
};

/* Same data, and for raw nodes the same bytes (texts may be NULL to skip that). */
gboolean billet_node_equal_text (const char       *text_a,
                                 const BilletNode *a,
                                 const char       *text_b,
                                 const BilletNode *b);

G_END_DECLS
