/* fuzz-render.c — libFuzzer target: Markdown fragments and whole pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is rendered as a Markdown body (safe, and with source positions
 * and raw HTML) and as a whole post turned into a page. Whatever its bytes,
 * the HTML is valid UTF-8 without NUL, its reported length is its length,
 * and in safe mode no raw <script>/<iframe>/<style> tag gets through. Text
 * that is UTF-8 renders the same whether cmark-gfm checks it or is told it
 * was checked.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billet-markdown.h"
#include "billet-post.h"
#include "billet-render.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...) \
  G_STMT_START { \
    if (G_UNLIKELY (!(cond))) \
      { \
        fprintf (stderr, "fuzz-render: %s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
        fprintf (stderr, __VA_ARGS__); \
        fputc ('\n', stderr); \
        abort (); \
      } \
  } G_STMT_END

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static void
check_html (const char *html,
            gsize       len,
            gboolean    safe,
            gboolean    page,
            const char *what)
{
  FUZZ_CHECK (html != NULL, "%s: no HTML", what);
  FUZZ_CHECK (strlen (html) == len, "%s: NUL inside the HTML (%zu of %zu bytes)",
              what, strlen (html), len);
  FUZZ_CHECK (g_utf8_validate_len (html, len, NULL), "%s: the HTML is not UTF-8", what);

  if (safe)
    {
      static const char * const tags[] = { "<script", "<iframe", "<style", "<textarea" };
      g_autofree char *lower = g_ascii_strdown (html, len);

      for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
        {
          /* A page has one <style> of its own, in its head. */
          guint allowed = page && g_str_equal (tags[i], "<style") ? 1 : 0;
          guint found = 0;

          for (const char *p = strstr (lower, tags[i]); p != NULL; p = strstr (p + 1, tags[i]))
            found++;
          FUZZ_CHECK (found <= allowed, "%s: raw %s in safe HTML", what, tags[i]);
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;

  {
    g_autofree char *html = billet_markdown_to_html (text, size, BILLET_MARKDOWN_DEFAULT, NULL);

    check_html (html, html ? strlen (html) : 0, TRUE, FALSE, "markdown");
  }

  {
    g_autofree char *html = billet_markdown_to_html (text, size,
                                                     BILLET_MARKDOWN_SOURCEPOS |
                                                     BILLET_MARKDOWN_UNSAFE, NULL);

    check_html (html, html ? strlen (html) : 0, FALSE, FALSE, "markdown sourcepos unsafe");

    /* Text known to be UTF-8 is not checked by cmark again: the same HTML. */
    if (g_utf8_validate_len (text, size, NULL) && memchr (text, 0, size) == NULL)
      {
        g_autofree char *trusted = billet_markdown_to_html (text, size,
                                                            BILLET_MARKDOWN_SOURCEPOS |
                                                            BILLET_MARKDOWN_UNSAFE |
                                                            BILLET_MARKDOWN_TEXT_IS_UTF8, NULL);

        FUZZ_CHECK (g_strcmp0 (html, trusted) == 0, "markdown: UTF-8 known or checked, two HTML");
      }
  }

  {
    /* As on a Jekyll site: Liquid masked instead of Hugo's shortcodes. */
    g_autofree char *html = billet_markdown_to_html (text, size,
                                                     BILLET_MARKDOWN_LIQUID |
                                                     BILLET_MARKDOWN_KRAMDOWN_IDS, NULL);

    check_html (html, html ? strlen (html) : 0, TRUE, FALSE, "markdown liquid");
  }

  {
    /* As on Hugo sites set otherwise than by default. */
    g_autofree char *typographer = billet_markdown_to_html (text, size,
                                                            BILLET_MARKDOWN_TYPOGRAPHER |
                                                            BILLET_MARKDOWN_HARD_WRAPS |
                                                            BILLET_MARKDOWN_IDS_GITHUB_ASCII, NULL);
    g_autofree char *blackfriday = billet_markdown_to_html (text, size,
                                                            BILLET_MARKDOWN_IDS_BLACKFRIDAY |
                                                            BILLET_MARKDOWN_NO_HEADING_ATTRIBUTES, NULL);

    check_html (typographer, typographer ? strlen (typographer) : 0, TRUE, FALSE, "markdown typographer");
    check_html (blackfriday, blackfriday ? strlen (blackfriday) : 0, TRUE, FALSE, "markdown blackfriday");
  }

  {
    g_autoptr(BilletPost) post = billet_post_new_from_data (text, size);
    BilletRenderOptions options = { "fr", BILLET_MARKDOWN_SOURCEPOS | BILLET_MARKDOWN_UNSAFE };
    gsize len = 0;
    g_autofree char *page = billet_render_page (post, NULL, &len);
    g_autofree char *page_unsafe = NULL;
    g_autofree char *page_again = NULL;
    gsize len_again = 0;

    check_html (page, len, TRUE, TRUE, "page");

    page_unsafe = billet_render_page (post, &options, &len);
    check_html (page_unsafe, len, FALSE, TRUE, "page sourcepos unsafe");

    /* The page depends only on the post and the options. */
    page_again = billet_render_page (post, &options, &len_again);
    FUZZ_CHECK (len == len_again && memcmp (page_unsafe, page_again, len) == 0,
                "page: two renders differ");
  }

  return 0;
}
