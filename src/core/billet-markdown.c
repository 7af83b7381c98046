/* billet-markdown.c — Markdown to HTML through cmark-gfm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>

#include "billet-arena.h"
#include "billet-external-links.h"
#include "billet-heading-ids.h"
#include "billet-liquid.h"
#include "billet-markdown.h"
#include "billet-markdown-private.h"
#include "billet-page-text.h"
#include "billet-shortcode.h"
#include "billet-table-limits.h"
#include "billet-utf8.h"

/* The GFM extensions the design asks for, in the order cmark-gfm's own
 * command line attaches them. Footnotes are a core option, not an extension. */
static const char * const extension_names[] = {
  "table",
  "strikethrough",
  "autolink",
  "tagfilter",
  "tasklist",
};

/* Those of them that make or change blocks. */
static const char * const block_extension_names[] = {
  "table",
  "tasklist",
};

/* cmark-gfm 0.29.0.gfm.6 keeps the inline parser's table of special
 * characters in a process-wide array, and the extensions flip entries of it
 * while parsing (the table extension removes them again after each row).
 * Two parses running at once therefore see each other's state: a
 * strikethrough or an autolink is silently missed in one thread while
 * another parses a table. Parsing is serialised by this lock; rendering the
 * finished tree to HTML touches no global state and runs unlocked. Every
 * cmark parse in the process must go through this module for that reason. */
static GMutex parse_lock;
/* Extensions are registered once, by whichever parse comes first. */
static GOnce registered = G_ONCE_INIT;

/* What a parse tree takes, about (9.3 bytes a byte of text on our
 * generated French posts): the first chunk of its arena. Reserving more
 * than is used costs nothing until it is touched. */
#define ARENA_SIZE_HINT(len) ((len) * 10)

/* Allocate through GLib so the buffer cmark_render_html() returns can be
 * handed to the caller as is (freed with g_free(), no copy), and so running
 * out of memory aborts the way the rest of the program does rather than
 * being dereferenced as NULL deep inside cmark. */
static cmark_mem glib_mem = {
  .calloc = g_malloc0_n,
  .realloc = g_realloc,
  .free = g_free,
};

static gpointer
register_extensions (gpointer data)
{
  /* Registration appends to cmark's global plugin list, which is not
   * locked: do it exactly once, before any parser looks extensions up. */
  cmark_gfm_core_extensions_ensure_registered ();

  for (guint i = 0; i < G_N_ELEMENTS (extension_names); i++)
    {
      if (cmark_find_syntax_extension (extension_names[i]) == NULL)
        g_critical ("cmark-gfm has no “%s” extension", extension_names[i]);
    }

  return NULL;
}

static int
options_for_flags (BilletMarkdownFlags flags)
{
  int options = CMARK_OPT_FOOTNOTES;

  /* Curly quotes, dashes and ellipses where the site's generator makes
   * them (Hugo's typographer, on unless turned off); elsewhere authors
   * type their own, and CommonMark keeps a straight quote straight. */
  if (flags & BILLET_MARKDOWN_TYPOGRAPHER)
    options |= CMARK_OPT_SMART;
  /* A line break in a paragraph is a <br> (Hugo's hardWraps). */
  if (flags & BILLET_MARKDOWN_HARD_WRAPS)
    options |= CMARK_OPT_HARDBREAKS;

  /* CMARK_OPT_VALIDATE_UTF8 replaces invalid sequences with U+FFFD, so the
   * page is valid UTF-8 whatever bytes the post holds. A post read from a
   * file was checked as it was read (with a check three times cheaper than
   * cmark's: a tenth of a long export was checking the text twice); NUL
   * bytes, which such a post has none of, cmark replaces in any case. The
   * HTML is checked all the same (see render()). */
  if (!(flags & BILLET_MARKDOWN_TEXT_IS_UTF8))
    options |= CMARK_OPT_VALIDATE_UTF8;

  if (flags & BILLET_MARKDOWN_SOURCEPOS)
    options |= CMARK_OPT_SOURCEPOS;
  /* Without CMARK_OPT_UNSAFE cmark replaces raw HTML by a comment, as Hugo
   * does by default. With it, the tagfilter extension still neutralises
   * <script>, <style>, <iframe> and the like. */
  if (flags & BILLET_MARKDOWN_UNSAFE)
    options |= CMARK_OPT_UNSAFE;

  return options;
}

static BilletHeadingIdStyle
heading_id_style (BilletMarkdownFlags flags)
{
  if (flags & BILLET_MARKDOWN_KRAMDOWN_IDS)
    return BILLET_HEADING_IDS_KRAMDOWN;
  if (flags & BILLET_MARKDOWN_ZOLA_IDS)
    return (flags & BILLET_MARKDOWN_IDS_AS_WRITTEN) ? BILLET_HEADING_IDS_ZOLA_AS_WRITTEN
                                                    : BILLET_HEADING_IDS_ZOLA;
  if (flags & BILLET_MARKDOWN_IDS_BLACKFRIDAY)
    return BILLET_HEADING_IDS_BLACKFRIDAY;
  if (flags & BILLET_MARKDOWN_IDS_GITHUB_ASCII)
    return BILLET_HEADING_IDS_GITHUB_ASCII;
  return BILLET_HEADING_IDS_GITHUB;
}

/* Parses @text (with its shortcodes masked, see billet-shortcode.c, or
 * its Liquid, see billet-liquid.c, and
 * its too costly tables neutralised, see billet-table-limits.c) under the
 * parse lock. The parser owns the extension list the renderer needs, so
 * it is returned too; free all three. */
static cmark_node *
parse (const char          *text,
       gsize                len,
       BilletMarkdownFlags  flags,
       int                  options,
       cmark_parser       **parser_out,
       BilletShortcodes   **shortcodes,
       BilletTableLimits  **limits)
{
  g_autofree char *masked = NULL;
  g_autofree char *bounded = NULL;
  gsize masked_len = 0;
  gsize bounded_len = 0;
  cmark_parser *parser;
  cmark_node *document;

  g_once (&registered, register_extensions, NULL);

  if (flags & BILLET_MARKDOWN_LIQUID)
    *shortcodes = billet_liquid_mask (text, len, &masked, &masked_len);
  else
    *shortcodes = billet_shortcodes_mask (text, len,
                                          (flags & BILLET_MARKDOWN_MDX) ? BILLET_SHORTCODES_MDX
                                                                        : BILLET_SHORTCODES_DEFAULT,
                                          &masked, &masked_len);
  if (masked != NULL)
    {
      text = masked;
      len = masked_len;
    }

  /* Outside the lock: a linear pass, which keeps what the lock is held
   * for in proportion to the text. */
  *limits = billet_table_limits_apply (text, len, &bounded, &bounded_len);
  if (bounded != NULL)
    {
      text = bounded;
      len = bounded_len;
    }

  /* The tree's memory is the caller's arena (billet-arena.c). */
  parser = cmark_parser_new_with_mem (options, billet_arena_get_mem ());

  for (guint i = 0; i < G_N_ELEMENTS (extension_names); i++)
    {
      cmark_syntax_extension *extension = cmark_find_syntax_extension (extension_names[i]);

      if (extension != NULL)
        cmark_parser_attach_syntax_extension (parser, extension);
    }

  /* One feed of the whole text: cmark copies lines as it goes, so a
   * non-NUL-terminated buffer is fine and nothing is copied up front. */
  g_mutex_lock (&parse_lock);
  if (len > 0)
    cmark_parser_feed (parser, text, len);
  document = cmark_parser_finish (parser);
  g_mutex_unlock (&parse_lock);

  /* On the whole body, so that a body rendered block by block has the
   * whole page's ids. */
  billet_heading_ids_assign (document, text, len, heading_id_style (flags),
                             (flags & BILLET_MARKDOWN_NO_HEADING_ATTRIBUTES ? BILLET_HEADING_IDS_NO_ATTRIBUTES : 0) |
                             (flags & BILLET_MARKDOWN_NO_AUTO_HEADING_IDS ? BILLET_HEADING_IDS_NO_AUTO : 0));
  billet_external_links_mark (document,
                              (flags & BILLET_MARKDOWN_EXTERNAL_BLANK ? BILLET_EXTERNAL_LINKS_BLANK : 0) |
                              (flags & BILLET_MARKDOWN_EXTERNAL_NOFOLLOW ? BILLET_EXTERNAL_LINKS_NOFOLLOW : 0) |
                              (flags & BILLET_MARKDOWN_EXTERNAL_NOREFERRER ? BILLET_EXTERNAL_LINKS_NOREFERRER : 0));

  *parser_out = parser;
  return document;
}

/**
 * billet_markdown_parse_tree:
 * @text: (array length=len): Markdown, its shortcodes already masked
 *
 * Parses @text into the blocks the preview sees (raw HTML kept, so that it
 * is seen as HTML; tables, task lists, footnotes), under the parse lock, for
 * a caller that reads the blocks' positions (billet-prose.c). The
 * extensions that change only inlines (strikethrough, autolinks) or the
 * HTML (the tag filter) are left out: they cost a third of the parse. Free
 * the result with cmark_node_free(); it holds no reference to @text.
 *
 * Returns: (transfer full): the document node
 */
struct cmark_node *
billet_markdown_parse_tree (const char *text,
                            gsize       len)
{
  cmark_parser *parser;
  cmark_node *document;

  g_once (&registered, register_extensions, NULL);

  parser = cmark_parser_new_with_mem (CMARK_OPT_FOOTNOTES | CMARK_OPT_UNSAFE | CMARK_OPT_SOURCEPOS, &glib_mem);
  for (guint i = 0; i < G_N_ELEMENTS (block_extension_names); i++)
    {
      cmark_syntax_extension *extension = cmark_find_syntax_extension (block_extension_names[i]);

      if (extension != NULL)
        cmark_parser_attach_syntax_extension (parser, extension);
    }

  g_mutex_lock (&parse_lock);
  if (len > 0)
    cmark_parser_feed (parser, text, len);
  document = cmark_parser_finish (parser);
  g_mutex_unlock (&parse_lock);
  cmark_parser_free (parser);

  return document;
}

/* cmark-gfm writes a task item as "<li" + its data-sourcepos, if any, +
 * "><input type=\"checkbox\" ", and gives it no class: without one, a
 * stylesheet can only tell a task from another item with :has(), which
 * Debian 12's Firefox does not know. This gives each such <li> the class
 * GitHub's pages use, in place, once @html is rendered (a cheap search when
 * there are none). Raw HTML written the same way gets it too, which is
 * what it means. */
#define CHECKBOX "<input type=\"checkbox\" "
#define TASK_CLASS " class=\"task-list-item\""

static char *
mark_task_items (char *html)
{
  const char *p = strstr (html, CHECKBOX);
  const char *run = html;
  GString *out = NULL;

  for (; p != NULL; p = strstr (p + 1, CHECKBOX))
    {
      const char *li;

      if (p - html < 4 || p[-1] != '>')
        continue;
      /* Back over the data-sourcepos="L:C-L:C" that SOURCEPOS adds. */
      li = p - 1;
      if (li[-1] == '"')
        {
          const char *q = li - 2;

          while (q > html && (g_ascii_isdigit (*q) || *q == ':' || *q == '-'))
            q--;
          if (q - html < 19 || strncmp (q - 19, "<li data-sourcepos=\"", 20) != 0)
            continue;
          li = q - 19;
        }
      else if (strncmp (li - 3, "<li>", 4) == 0)
        li -= 3;
      else
        continue;

      if (out == NULL)
        out = g_string_sized_new (strlen (html) + 256);
      g_string_append_len (out, run, li + 3 - run);
      g_string_append (out, TASK_CLASS);
      run = li + 3;
    }

  if (out == NULL)
    return html;
  g_string_append (out, run);
  g_free (html);
  return g_string_free (out, FALSE);
}

/* The back-links of footnotes say where they go to screen readers, in
 * English whatever the post's language (cmark-gfm 0.29.0.gfm.6 writes this
 * attribute as is, with no way to change it). */
#define BACKREF_LABEL "data-footnote-backref aria-label=\""
#define BACKREF_ENGLISH "Back to content"

static char *
translate_backrefs (char       *html,
                    const char *lang)
{
  g_autofree char *escaped = NULL;
  const char *label;
  const char *p;
  const char *run = html;
  GString *out;

  /* Most blocks have no footnotes: look for them first. */
  p = strstr (html, BACKREF_LABEL BACKREF_ENGLISH "\"");
  if (p == NULL)
    return html;
  /* Translators: what a screen reader says for the "↩" link after a
   * footnote, which leads back to where the note is called in the text. */
  label = billet_page_text (lang, "Back to content");
  if (strcmp (label, BACKREF_ENGLISH) == 0)
    return html;

  escaped = g_markup_escape_text (label, -1);
  out = g_string_sized_new (strlen (html) + 256);
  for (; p != NULL; p = strstr (p, BACKREF_LABEL BACKREF_ENGLISH "\""))
    {
      p += strlen (BACKREF_LABEL);
      g_string_append_len (out, run, p - run);
      g_string_append (out, escaped);
      p += strlen (BACKREF_ENGLISH);
      run = p;
    }
  g_string_append (out, run);
  g_free (html);
  return g_string_free (out, FALSE);
}

/* Renders @node (and its children) with the parser's extensions, expands
 * shortcode markers and table notes, gives task items their class and
 * footnote back-links their label in @lang, and makes sure the result is
 * valid UTF-8. */
static char *
render (cmark_node        *node,
        int                options,
        cmark_parser      *parser,
        BilletShortcodes  *shortcodes,
        BilletTableLimits *limits,
        const char        *lang)
{
  char *html;

  /* The extension list belongs to the parser, which must outlive this. */
  html = cmark_render_html_with_mem (node, options, cmark_parser_get_syntax_extensions (parser),
                                     &glib_mem);

  /* CMARK_OPT_VALIDATE_UTF8 is not the whole story: cmark-gfm 0.29.0.gfm.6
   * cuts the U+FFFD it substituted when a footnote-like bracket spans a line
   * break ("[^\n\xFFH]" comes out as "[^\n\xEF]", found by fuzz-render).
   * The page declares UTF-8, so check the result. */
  if (!billet_utf8_validate (html, strlen (html), NULL))
    {
      char *valid = g_utf8_make_valid (html, -1);

      g_free (html);
      html = valid;
    }

  html = billet_table_limits_expand (limits, billet_shortcodes_expand (shortcodes, html), lang);
  html = mark_task_items (html);
  return translate_backrefs (html, lang);
}

/**
 * billet_markdown_to_html:
 * @text: (array length=len): Markdown source, not necessarily NUL-terminated
 * @len: length of @text in bytes
 * @flags: #BilletMarkdownFlags
 * @lang: (nullable): the language of the page, for the few words the HTML
 *   holds that the post did not write (a note on a table, the label of
 *   footnotes' back-links); %NULL for English
 *
 * Renders @text as a GitHub-flavoured HTML fragment: tables,
 * strikethrough, autolinks, task lists (<li class="task-list-item"> and a
 * disabled checkbox), footnotes, with the tag filter. Headings have the
 * ids the site's generator gives them (billet-heading-ids.c), and a
 * “{#id}” at the end of one sets its id without showing.
 * Invalid UTF-8 and NUL bytes come out as U+FFFD. Hugo shortcodes come out
 * as labelled placeholders (<span class="shortcode">name</span>), or with
 * %BILLET_MARKDOWN_LIQUID Jekyll's Liquid does. A table
 * whose rows cmark-gfm would pad with too many empty cells, or whose
 * parsing would cost out of proportion to its size, comes out as text,
 * after a <span class="table-too-large" role="note"> that says so (see
 * billet-table-limits.c): the work and the HTML stay in proportion to
 * @len.
 *
 * The source is parsed once and rendered once. Safe to call from any
 * thread.
 *
 * Returns: (transfer full): a NUL-terminated HTML fragment; free with g_free()
 */
char *
billet_markdown_to_html (const char          *text,
                         gsize                len,
                         BilletMarkdownFlags  flags,
                         const char          *lang)
{
  g_autoptr(BilletShortcodes) shortcodes = NULL;
  g_autoptr(BilletTableLimits) limits = NULL;
  BilletArena *arena;
  cmark_parser *parser;
  cmark_node *document;
  int options;
  char *html;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  options = options_for_flags (flags);
  arena = billet_arena_push (ARENA_SIZE_HINT (len));
  document = parse (text, len, flags, options, &parser, &shortcodes, &limits);
  html = render (document, options, parser, shortcodes, limits, lang);

  /* The tree goes with the arena. */
  cmark_parser_free (parser);
  billet_arena_pop (arena);

  return html;
}

/* Headings are blocks: only containers of blocks hold them. */
static void
collect_heading_ids (cmark_node *container,
                     GPtrArray  *ids)
{
  for (cmark_node *node = cmark_node_first_child (container); node != NULL;
       node = cmark_node_next (node))
    {
      cmark_node_type type = cmark_node_get_type (node);

      if (type == CMARK_NODE_HEADING && cmark_node_get_user_data (node) != NULL)
        g_ptr_array_add (ids, g_strdup (cmark_node_get_user_data (node)));
      else if (type == CMARK_NODE_BLOCK_QUOTE || type == CMARK_NODE_LIST ||
               type == CMARK_NODE_ITEM || type == CMARK_NODE_FOOTNOTE_DEFINITION)
        collect_heading_ids (node, ids);
    }
}

/**
 * billet_markdown_dup_heading_ids:
 * @text: (array length=len): a body
 * @len: its length
 * @flags: as for billet_markdown_to_html()
 *
 * The ids billet_markdown_to_html() gives the headings of @text, which
 * are those of the site's generator: what an anchor (“#installation”) can
 * reach. Parses without rendering. Safe to call from any thread.
 *
 * Returns: (transfer full) (element-type utf8): the ids, in order
 */
GPtrArray *
billet_markdown_dup_heading_ids (const char          *text,
                                 gsize                len,
                                 BilletMarkdownFlags  flags)
{
  g_autoptr(BilletShortcodes) shortcodes = NULL;
  g_autoptr(BilletTableLimits) limits = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  BilletArena *arena;
  cmark_parser *parser;
  cmark_node *document;

  g_return_val_if_fail (text != NULL || len == 0, ids);

  arena = billet_arena_push (ARENA_SIZE_HINT (len));
  document = parse (text, len, flags, options_for_flags (flags), &parser, &shortcodes, &limits);
  collect_heading_ids (document, ids);
  cmark_parser_free (parser);
  billet_arena_pop (arena);
  return ids;
}

void
_billet_markdown_block_free (BilletMarkdownBlock *block)
{
  g_free (block->html);
  g_free (block->heading_text);
  g_free (block->heading_id);
  g_free (block);
}

/* The text of a heading as the page shows it: its text, code spans and
 * images' alternative text, line breaks as spaces; tags and shortcodes'
 * placeholders (U+E000 n U+E001) left out. */
static void
append_shown_text (GString    *out,
                   cmark_node *node)
{
  for (cmark_node *child = cmark_node_first_child (node); child != NULL;
       child = cmark_node_next (child))
    {
      switch ((int) cmark_node_get_type (child))
        {
        case CMARK_NODE_TEXT:
          for (const char *p = cmark_node_get_literal (child); p != NULL && *p != 0; )
            {
              const char *mark = strstr (p, "\xEE\x80\x80");
              const char *close;

              if (mark == NULL)
                {
                  g_string_append (out, p);
                  break;
                }
              g_string_append_len (out, p, mark - p);
              close = strstr (mark, "\xEE\x80\x81");
              p = close != NULL ? close + 3 : mark + 3;
            }
          break;
        case CMARK_NODE_CODE:
          g_string_append (out, cmark_node_get_literal (child));
          break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
          g_string_append_c (out, ' ');
          break;
        case CMARK_NODE_HTML_INLINE:
        case CMARK_NODE_FOOTNOTE_REFERENCE:
          break;
        default:
          append_shown_text (out, child);
          break;
        }
    }
}

/* Before the heading is rendered: its id lives in the tree's arena. */
static void
describe_heading (BilletMarkdownBlock *block,
                  cmark_node          *heading)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *id = cmark_node_get_user_data (heading);

  append_shown_text (text, heading);
  g_strstrip (text->str);
  block->heading_level = (guint) CLAMP (cmark_node_get_heading_level (heading), 1, 6);
  block->heading_text = g_strdup (text->str);
  block->heading_id = g_strdup (id);
}

/* FNV-1a, 64 bits: cheap, and wide enough that two different blocks at
 * the same place never pass for the same one in practice. */
guint64
_billet_markdown_hash_block (const char *html,
                             gsize       len,
                             guint       span,
                             guint       gap)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (gsize i = 0; i < len; i++)
    {
      h ^= (guchar) html[i];
      h *= G_GUINT64_CONSTANT (0x100000001b3);
    }
  h ^= ((guint64) span << 32) ^ gap;
  h *= G_GUINT64_CONSTANT (0x100000001b3);

  return h;
}

/* Offsets of the starts of lines (line 1 at index 0), and the end. */
static GArray *
index_lines (const char *text,
             gsize       len)
{
  GArray *starts = g_array_sized_new (FALSE, FALSE, sizeof (gsize), len / 40 + 2);
  gsize zero = 0;

  g_array_append_val (starts, zero);
  for (const char *p = text, *end = text + len; p < end && (p = memchr (p, '\n', end - p)) != NULL; )
    {
      gsize next = (gsize) (++p - text);

      g_array_append_val (starts, next);
    }
  if (g_array_index (starts, gsize, starts->len - 1) != len)
    g_array_append_val (starts, len);

  return starts;
}

static gboolean
line_is_blank (const char *text,
               GArray     *starts,
               guint       line)
{
  if (line == 0 || line >= starts->len)
    return FALSE;

  for (gsize i = g_array_index (starts, gsize, line - 1); i < g_array_index (starts, gsize, line); i++)
    {
      if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r' && text[i] != '\n')
        return FALSE;
    }

  return TRUE;
}

static BilletMarkdownBlock *
add_block (GPtrArray  *blocks,
           char       *html,
           guint       start_line,
           guint       end_line,
           guint       previous_end)
{
  BilletMarkdownBlock *block = g_new0 (BilletMarkdownBlock, 1);

  block->html = html;
  block->len = strlen (html);
  block->start_line = start_line;
  block->end_line = MAX (end_line, start_line);
  block->key = _billet_markdown_hash_block (html, block->len, block->end_line - start_line,
                                            start_line > previous_end ? start_line - previous_end : 0);
  g_ptr_array_add (blocks, block);

  return block;
}

/**
 * billet_markdown_to_blocks:
 * @text: (array length=len): Markdown source, not necessarily NUL-terminated
 * @len: length of @text in bytes
 * @flags: #BilletMarkdownFlags
 * @lang: (nullable): the language of the page, as for billet_markdown_to_html()
 *
 * Renders @text as billet_markdown_to_html() does, one top-level block at
 * a time: the concatenation of the blocks' HTML is exactly what
 * billet_markdown_to_html() returns. Footnote definitions, which cmark
 * gathers at the end, make one last block (the footnotes section).
 *
 * A block's key hashes its HTML, its number of lines and the blank lines
 * before it, not its position: a block that only moved keeps its key, and
 * blocks after an edit keep theirs, shifted by the same number of lines.
 * The blocks' HTML carries no data-sourcepos (it would change with each
 * line added above); their line ranges travel beside it.
 *
 * Returns: (transfer full) (element-type BilletMarkdownBlock): the blocks
 */
GPtrArray *
billet_markdown_to_blocks (const char          *text,
                           gsize                len,
                           BilletMarkdownFlags  flags,
                           const char          *lang)
{
  g_autoptr(BilletShortcodes) shortcodes = NULL;
  g_autoptr(BilletTableLimits) limits = NULL;
  g_autoptr(GArray) lines = NULL;
  GPtrArray *blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) _billet_markdown_block_free);
  BilletArena *arena;
  cmark_parser *parser;
  cmark_node *document;
  cmark_node *node;
  cmark_node *next;
  BilletMarkdownBlock *block;
  guint previous_end = 0;
  guint notes_start = G_MAXUINT;
  guint notes_end = 0;
  gboolean has_notes = FALSE;
  int options;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  options = options_for_flags (flags & ~BILLET_MARKDOWN_SOURCEPOS);
  arena = billet_arena_push (ARENA_SIZE_HINT (len));
  document = parse (text, len, flags, options, &parser, &shortcodes, &limits);
  lines = index_lines (text != NULL ? text : "", len);

  for (node = cmark_node_first_child (document); node != NULL; node = next)
    {
      /* The source's lines, where the masking added some (Liquid's
       * fences on lines of their own) */
      guint start = billet_shortcodes_source_line (shortcodes, (guint) MAX (cmark_node_get_start_line (node), 1));
      guint end = (guint) MAX (cmark_node_get_end_line (node), 0);

      if (end > 0)
        end = billet_shortcodes_source_line (shortcodes, end);

      /* A node without a place: GFM's table extension makes one of the
       * paragraph lines before a table, and says neither line. It is the
       * first line written after the block before. */
      if (cmark_node_get_start_line (node) <= 0)
        {
          start = previous_end + 1;
          while (line_is_blank (text, lines, start))
            start++;
          end = MAX (end, start);
        }

      next = cmark_node_next (node);

      /* cmark ends a list (and what holds one) after the blank line that
       * follows it; the block is the text, not the gap after it. */
      while (end > start && line_is_blank (text, lines, end))
        end--;

      if (cmark_node_get_type (node) == CMARK_NODE_FOOTNOTE_DEFINITION)
        {
          notes_start = MIN (notes_start, start);
          notes_end = MAX (notes_end, end);
          has_notes = TRUE;
          continue;
        }

      block = add_block (blocks, render (node, options, parser, shortcodes, limits, lang), start, end, previous_end);
      if (cmark_node_get_type (node) == CMARK_NODE_HEADING)
        describe_heading (block, node);
      previous_end = MAX (end, start);

      /* What is left of the document once the rendered blocks are gone is
       * the footnote definitions, which render as the footnotes section
       * only from the document (it opens and closes the section). The
       * block's memory goes with the arena. */
      cmark_node_unlink (node);
    }

  if (has_notes)
    add_block (blocks, render (document, options, parser, shortcodes, limits, lang),
               notes_start, notes_end, previous_end);

  cmark_parser_free (parser);
  billet_arena_pop (arena);

  return blocks;
}

/* Words of Markdown, for the reading time: the places where a
 * non-space byte follows a space. Counted on the source, not the HTML, so
 * that tags and their attributes ("href=…") do not count, while a link
 * "[text](url)" counts as the words of its text. Eight bytes at a time, as
 * it walks the whole body: on a long post it costs less than a copy. List
 * markers and "#" count as words, a few in a hundred, which a reading time
 * in minutes does not see. */

/* The sum of the eight bytes of @counts, each at most 255. */
static inline gsize
sum_bytes (guint64 counts)
{
  const guint64 low_bytes = 0x00FF00FF00FF00FFULL;

  /* Four 16-bit sums of two bytes each (at most 510), then their sum in
   * the top 16 bits (at most 2040). No popcount: a generic x86-64 build
   * has no such instruction, and the C library's fallback was a call per
   * eight bytes. */
  counts = (counts & low_bytes) + ((counts >> 8) & low_bytes);
  return (gsize) ((counts * 0x0001000100010001ULL) >> 48);
}

/**
 * billet_markdown_count_words:
 * @text: (array length=len): Markdown
 * @len: its length
 *
 * Returns: the number of words, as the reading time counts them
 */
gsize
billet_markdown_count_words (const char *text,
                             gsize       len)
{
  const guint64 low7 = 0x7F7F7F7F7F7F7F7FULL;
  const guint64 high = 0x8080808080808080ULL;
  /* Adding 0x5F to the low seven bits sets the high bit of every byte
   * above 0x20, with no carry between bytes. */
  const guint64 add = 0x5F5F5F5F5F5F5F5FULL;
  guint64 previous = 0; /* as if a space came before the text */
  guint64 counts = 0;   /* words begun, one count per byte lane */
  guint lanes_left = 255;
  gsize words = 0;
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 w, is_text, before;

      memcpy (&w, text + i, 8);
      w = GUINT64_FROM_LE (w);
      is_text = (((w & low7) + add) | w) & high;
      /* Each byte's "is text" bit, moved to the byte after it. */
      before = (is_text << 8) | (previous >> 56);
      /* A 1 in the lane of each byte that begins a word. */
      counts += (is_text & ~before) >> 7;
      previous = is_text;
      if (--lanes_left == 0)
        {
          words += sum_bytes (counts);
          counts = 0;
          lanes_left = 255;
        }
    }
  words += sum_bytes (counts);

  for (gboolean in_word = (previous >> 63) != 0; i < len; i++)
    {
      gboolean text_byte = (guchar) text[i] > 0x20;

      words += text_byte && !in_word;
      in_word = text_byte;
    }

  return words;
}

/* Words a minute: the usual figure for silent reading of prose on a screen. */
#define WORDS_PER_MINUTE 220

/**
 * billet_markdown_reading_minutes:
 * @words: a count from billet_markdown_count_words()
 *
 * Returns: the reading time in whole minutes, rounded up (0 for no words)
 */
gsize
billet_markdown_reading_minutes (gsize words)
{
  return (words + WORDS_PER_MINUTE - 1) / WORDS_PER_MINUTE;
}
