/* billet-markdown-edit.h — what Markdown editing needs to know of a line: lists and quotes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * BilletListLine:
 * @indent: bytes of indentation (spaces and tabs) before the markers
 * @prefix_end: bytes up to the text of the item: indentation, block quote
 *   markers, the list marker and the spaces after it, a task box
 * @marker_width: bytes of the list marker and the spaces after it ("- "
 *   is 2, "10. " is 4), 0 for a block quote line without a list item
 * @empty: nothing but spaces follows the prefix
 * @continuation: (nullable): what the next item's line starts with: the
 *   same indentation and quotes, the same bullet or the next number, an
 *   unchecked box for a task
 */
typedef struct
{
  gsize    indent;
  gsize    prefix_end;
  gsize    marker_width;
  gboolean empty;
  char    *continuation;
} BilletListLine;

gboolean billet_markdown_parse_list_line   (const char     *line,
                                            gsize           len,
                                            BilletListLine *out);
void     billet_list_line_clear            (BilletListLine *line);
gboolean billet_markdown_is_fence_line     (const char     *line,
                                            gsize           len);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BilletListLine, billet_list_line_clear)

G_END_DECLS
