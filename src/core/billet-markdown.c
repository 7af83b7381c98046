/* billet-markdown.c — Markdown to HTML through cmark-gfm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>

#include "billet-markdown.h"

/* The GFM extensions the design asks for, in the order cmark-gfm's own
 * command line attaches them. Footnotes are a core option, not an extension. */
static const char * const extension_names[] = {
  "table",
  "strikethrough",
  "autolink",
  "tagfilter",
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
  /* No CMARK_OPT_SMART: authors type their own quotes and dashes, and a
   * straight quote in a code-like word must stay straight.
   * CMARK_OPT_VALIDATE_UTF8 replaces invalid sequences with U+FFFD, so the
   * page is valid UTF-8 whatever bytes the post holds. */
  int options = CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8;

  if (flags & BILLET_MARKDOWN_SOURCEPOS)
    options |= CMARK_OPT_SOURCEPOS;
  /* Without CMARK_OPT_UNSAFE cmark replaces raw HTML by a comment, as Hugo
   * does by default. With it, the tagfilter extension still neutralises
   * <script>, <style>, <iframe> and the like. */
  if (flags & BILLET_MARKDOWN_UNSAFE)
    options |= CMARK_OPT_UNSAFE;

  return options;
}

/* g_utf8_validate(), with ASCII skipped eight bytes at a time and the
 * multi-byte sequences checked inline (Unicode 15, table 3-7): HTML is
 * mostly ASCII, the rest mostly two- and three-byte letters and
 * punctuation, and this runs on every render. */
static gboolean
utf8_is_valid (const char *text,
               gsize       len)
{
  const guchar *p = (const guchar *) text;
  const guchar *end = p + len;

#define CONT(b) (((b) & 0xC0) == 0x80)

  while (p < end)
    {
      guint64 word;
      guchar c;

      while (end - p >= (gssize) sizeof word)
        {
          memcpy (&word, p, sizeof word);
          if (word & 0x8080808080808080ULL)
            break;
          p += sizeof word;
        }
      while (p < end && *p < 0x80)
        p++;
      if (p == end)
        break;

      c = *p;
      if (c >= 0xC2 && c <= 0xDF)
        {
          if (end - p < 2 || !CONT (p[1]))
            return FALSE;
          p += 2;
        }
      else if (c >= 0xE0 && c <= 0xEF)
        {
          if (end - p < 3 || !CONT (p[1]) || !CONT (p[2]) ||
              (c == 0xE0 && p[1] < 0xA0) ||   /* overlong */
              (c == 0xED && p[1] > 0x9F))     /* surrogate */
            return FALSE;
          p += 3;
        }
      else if (c >= 0xF0 && c <= 0xF4)
        {
          if (end - p < 4 || !CONT (p[1]) || !CONT (p[2]) || !CONT (p[3]) ||
              (c == 0xF0 && p[1] < 0x90) ||   /* overlong */
              (c == 0xF4 && p[1] > 0x8F))     /* beyond U+10FFFF */
            return FALSE;
          p += 4;
        }
      else
        return FALSE;
    }

#undef CONT

  return TRUE;
}

/**
 * billet_markdown_to_html:
 * @text: (array length=len): Markdown source, not necessarily NUL-terminated
 * @len: length of @text in bytes
 * @flags: #BilletMarkdownFlags
 *
 * Renders @text as a GitHub-flavoured HTML fragment: tables,
 * strikethrough, autolinks, task lists, footnotes, with the tag filter.
 * Invalid UTF-8 and NUL bytes come out as U+FFFD.
 *
 * The source is parsed once and rendered once. Safe to call from any
 * thread.
 *
 * Returns: (transfer full): a NUL-terminated HTML fragment; free with g_free()
 */
char *
billet_markdown_to_html (const char          *text,
                         gsize                len,
                         BilletMarkdownFlags  flags)
{
  static GOnce registered = G_ONCE_INIT;
  cmark_parser *parser;
  cmark_node *document;
  int options;
  char *html;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  g_once (&registered, register_extensions, NULL);

  options = options_for_flags (flags);
  parser = cmark_parser_new_with_mem (options, &glib_mem);

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

  /* The extension list belongs to the parser, which must outlive this. */
  html = cmark_render_html_with_mem (document,
                                     options,
                                     cmark_parser_get_syntax_extensions (parser),
                                     &glib_mem);

  cmark_node_free (document);
  cmark_parser_free (parser);

  /* CMARK_OPT_VALIDATE_UTF8 is not the whole story: cmark-gfm 0.29.0.gfm.6
   * cuts the U+FFFD it substituted when a footnote-like bracket spans a line
   * break ("[^\n\xFFH]" comes out as "[^\n\xEF]", found by fuzz-render).
   * The page declares UTF-8, so check the result. */
  if (!utf8_is_valid (html, strlen (html)))
    {
      char *valid = g_utf8_make_valid (html, -1);

      g_free (html);
      html = valid;
    }

  return html;
}
