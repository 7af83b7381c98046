/* billet-markdown-private.h — what billet-markdown.c shares with the block updater
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "billet-markdown.h"

G_BEGIN_DECLS

void    _billet_markdown_block_free (BilletMarkdownBlock *block);
guint64 _billet_markdown_hash_block (const char          *html,
                                     gsize                len,
                                     guint                span,
                                     guint                gap);

G_END_DECLS
