/* billet-render.h — one post to one standalone HTML page (export and preview share it)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "billet-markdown.h"
#include "billet-post.h"

G_BEGIN_DECLS

typedef struct
{
  /* Language of the page when the post names none (lang/language key). */
  const char          *fallback_lang;
  BilletMarkdownFlags  markdown_flags;
} BilletRenderOptions;

char *billet_render_page   (BilletPost                *post,
                            const BilletRenderOptions *options,
                            gsize                     *len);

G_END_DECLS
