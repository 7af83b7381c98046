/* billet-render.h — one post to one standalone HTML page (export and preview share it)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "billet-markdown.h"
#include "billet-post.h"

G_BEGIN_DECLS

/* Which palette the page uses. Exported pages follow the reader's
 * prefers-color-scheme; the preview pins the editor's own style, because
 * WebKit's idea of the preferred scheme need not match libadwaita's. */
typedef enum
{
  BILLET_RENDER_SCHEME_AUTO,
  BILLET_RENDER_SCHEME_LIGHT,
  BILLET_RENDER_SCHEME_DARK,
} BilletRenderScheme;

/* The last render of the same post, for billet_render_parts() to parse
 * again only what changed (see billet_markdown_update_blocks()): its body,
 * and the blocks, flags and language it was rendered with. */
typedef struct
{
  const char          *body;
  gsize                body_len;
  GPtrArray           *blocks;
  BilletMarkdownFlags  flags;
  const char          *lang;
  guint64              serial;  /* the render's BilletRenderParts.serial */
} BilletRenderPrevious;

typedef struct
{
  /* Language of the page when the post names none (lang/language key). */
  const char          *fallback_lang;
  BilletMarkdownFlags  markdown_flags;
  BilletRenderScheme   scheme;
  /* A Content-Security-Policy for the page's <meta http-equiv>, or NULL */
  const char          *content_security_policy;
  /* Also render the body one top-level block at a time (parts->blocks) */
  gboolean             split_blocks;
  /* With split_blocks: the last render of this post, or NULL */
  const BilletRenderPrevious *previous;
  /* A site export's post page links back to the site: to its index, and to
   * the page of each of its tags. URLs relative to the page, unescaped (the
   * renderer percent-encodes them); NULL for no link. tag_href returns a
   * new string, or NULL for a tag that has no page. */
  const char          *home_href;
  char              *(*tag_href)      (const char *tag,
                                       gpointer    user_data);
  gpointer             tag_href_data;
} BilletRenderOptions;

/* The pieces of a page that depend on the post, so that the preview can
 * patch a loaded page instead of reloading it. All text is valid UTF-8. */
typedef struct
{
  char *lang;        /* a sanitized language tag, never NULL */
  char *title;       /* the <title> text, unescaped, never NULL */
  char *description; /* unescaped, or NULL */
  char *header_html; /* the <header class="post-header"> element, or "" */
  char *body_html;   /* what goes inside <div class="post-body"> */
  /* With options->split_blocks, the body's BilletMarkdownBlocks (their HTML
   * concatenated is body_html), else NULL */
  GPtrArray *blocks;
  BilletMarkdownFlags flags;  /* the body was rendered with */
  /* This render, among all of the process's (never 0) */
  guint64 serial;
  /* With options->previous: that render's serial, and how many of its
   * blocks, at the start and at the end, this one has too (by key):
   * what a page showing that render keeps. 0 without a previous. */
  guint64 base_serial;
  guint   base_prefix;
  guint   base_suffix;
} BilletRenderParts;

char              *billet_render_page            (BilletPost                *post,
                                                  const BilletRenderOptions *options,
                                                  gsize                     *len);
BilletRenderParts *billet_render_parts           (BilletPost                *post,
                                                  const BilletRenderOptions *options);
char              *billet_render_parts_to_page   (const BilletRenderParts   *parts,
                                                  const BilletRenderOptions *options,
                                                  gsize                     *len);
void               billet_render_parts_free      (BilletRenderParts         *parts);
guint              _billet_render_get_large_frees_on_main_loop (void);

/* From this many blocks (a post of some 200 KB), parts are freed off the
 * main thread. */
#define BILLET_RENDER_LARGE_PARTS 512

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BilletRenderParts, billet_render_parts_free)

char *billet_render_dup_interface_language (void);

/* A page that lists posts: a site's index, or the posts of one tag. It
 * shares the posts' stylesheet. Every text is escaped; @href values are
 * relative URLs given unescaped (the renderer percent-encodes them). */
typedef struct
{
  const char *title;
  const char *href;
  const char *date;         /* as written, or NULL */
  const char *description;  /* or NULL */
} BilletRenderListItem;

typedef struct
{
  const char                 *lang;        /* the page's language, or NULL for "en" */
  const char                 *title;
  const char                 *intro_html;  /* trusted HTML above the list, or NULL */
  const char                 *home_href;   /* "all posts" link, or NULL on the index itself */
  const BilletRenderListItem *items;
  gsize                       n_items;
  const BilletRenderListItem *tags;        /* links to the tag pages (title, href) */
  gsize                       n_tags;
} BilletRenderList;

char *billet_render_list_page (const BilletRenderList *list,
                               gsize                  *len);

G_END_DECLS
