/* billet-markdown.h — Markdown to HTML through cmark-gfm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  BILLET_MARKDOWN_DEFAULT   = 0,
  /* data-sourcepos="L:C-L:C" on block elements, lines counted in the body */
  BILLET_MARKDOWN_SOURCEPOS = 1 << 0,
  /* keep raw HTML (otherwise it is omitted, as Hugo does by default) */
  BILLET_MARKDOWN_UNSAFE    = 1 << 1,
  /* heading ids as Jekyll's kramdown makes them (otherwise as Hugo's
   * Goldmark, GitHub style) */
  BILLET_MARKDOWN_KRAMDOWN_IDS = 1 << 2,
  /* the caller knows the text is UTF-8 without NUL bytes (checked as the
   * post was read): cmark-gfm need not check it again */
  BILLET_MARKDOWN_TEXT_IS_UTF8 = 1 << 3,
  /* Jekyll's Liquid ({{ … }}, {% … %}) as placeholders, {% highlight %} as
   * code blocks (otherwise Hugo's shortcodes as placeholders) */
  BILLET_MARKDOWN_LIQUID    = 1 << 4,
  /* Hugo's Goldmark settings (markup.goldmark.*), where they change the
   * HTML: heading ids of autoHeadingIDType "github-ascii" or
   * "blackfriday" (otherwise "github"), ... */
  BILLET_MARKDOWN_IDS_GITHUB_ASCII = 1 << 5,
  BILLET_MARKDOWN_IDS_BLACKFRIDAY  = 1 << 6,
  /* ... no “{#id}” attributes (parser.attribute.title off), no automatic
   * ids (parser.autoHeadingID off), ... */
  BILLET_MARKDOWN_NO_HEADING_ATTRIBUTES = 1 << 7,
  BILLET_MARKDOWN_NO_AUTO_HEADING_IDS   = 1 << 8,
  /* ... line breaks kept (renderer.hardWraps), curly quotes and dashes
   * (extensions.typographer) */
  BILLET_MARKDOWN_HARD_WRAPS = 1 << 9,
  BILLET_MARKDOWN_TYPOGRAPHER = 1 << 10,
  /* an MDX post: ESM lines and JSX components as placeholders */
  BILLET_MARKDOWN_MDX       = 1 << 11,
  /* heading ids as Zola makes them (billet-heading-ids.c) */
  BILLET_MARKDOWN_ZOLA_IDS  = 1 << 12,
  /* Zola's [markdown] external_links_*: links to http(s) addresses get
   * target="_blank" (with rel="noopener"), rel="nofollow", rel="noreferrer" */
  BILLET_MARKDOWN_EXTERNAL_BLANK      = 1 << 13,
  BILLET_MARKDOWN_EXTERNAL_NOFOLLOW   = 1 << 14,
  BILLET_MARKDOWN_EXTERNAL_NOREFERRER = 1 << 15,
  /* with BILLET_MARKDOWN_ZOLA_IDS: slugify.anchors "safe" or "off" */
  BILLET_MARKDOWN_IDS_AS_WRITTEN = 1 << 16,
} BilletMarkdownFlags;

/* One top-level block of a body, rendered on its own (see
 * billet_markdown_to_blocks()). Lines are 1-based, counted in the text
 * given (the body). A block that is a heading also says which (level 1
 * to 6, else 0), its text as the page shows it, and its id (or NULL): the
 * document outline is made of them (billet-outline.h). */
typedef struct
{
  char    *html;
  gsize    len;
  guint    start_line;
  guint    end_line;
  guint64  key;
  guint    heading_level;
  char    *heading_text;
  char    *heading_id;
} BilletMarkdownBlock;

char      *billet_markdown_to_html   (const char          *text,
                                      gsize                len,
                                      BilletMarkdownFlags  flags,
                                      const char          *lang);
GPtrArray *billet_markdown_to_blocks (const char          *text,
                                      gsize                len,
                                      BilletMarkdownFlags  flags,
                                      const char          *lang);

GPtrArray *billet_markdown_update_blocks (const char          *old_text,
                                          gsize                old_len,
                                          GPtrArray           *old_blocks,
                                          const char          *text,
                                          gsize                len,
                                          BilletMarkdownFlags  flags,
                                          const char          *lang);

void       billet_markdown_blocks_common (GPtrArray           *old_blocks,
                                          GPtrArray           *new_blocks,
                                          guint               *prefix,
                                          guint               *suffix);

GPtrArray *billet_markdown_dup_heading_ids (const char          *text,
                                            gsize                len,
                                            BilletMarkdownFlags  flags);
struct cmark_node;
struct cmark_node *billet_markdown_parse_tree (const char *text,
                                              gsize       len);

gsize billet_markdown_count_words     (const char *text,
                                      gsize       len);
gsize billet_markdown_reading_minutes (gsize       words);

G_END_DECLS
