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
  if (!billet_utf8_validate (html, strlen (html), NULL))
    {
      char *valid = g_utf8_make_valid (html, -1);

      g_free (html);
      html = valid;
    }

  return html;
}

/* Words of Markdown, for the reading time: the places where a
 * non-space byte follows a space. Counted on the source, not the HTML, so
 * that tags and their attributes ("href=…") do not count, while a link
 * "[text](url)" counts as the words of its text. Eight bytes at a time, as
 * it walks the whole body: on a long post it costs less than a copy. List
 * markers and "#" count as words, a few in a hundred, which a reading time
 * in minutes does not see. */
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
      words += (gsize) __builtin_popcountll (is_text & ~before);
      previous = is_text;
    }

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
