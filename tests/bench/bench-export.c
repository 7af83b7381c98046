/* bench-export.c — the work of an export, in process, against bare cmark-gfm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-export POST.md BODY.md [ROUNDS]
 *
 * Times, in alternating rounds, what `billet export` does once the process
 * has started — load the post from its bytes, parse the front matter, render
 * the page (billet_render_page) — against what the `cmark-gfm` command does
 * with the same options on BODY (the post without its front matter): parse
 * with the table, strikethrough, autolink, tagfilter and tasklist extensions,
 * footnotes and UTF-8 validation, render to HTML. Process start-up, reading
 * the file and writing the output are left out on both sides; the
 * build-aux/bench-billet script measures the whole processes.
 *
 * Prints the medians and the median of the per-round ratios.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "billet-post.h"
#include "billet-render.h"

static const char * const extension_names[] = {
  "table", "strikethrough", "autolink", "tagfilter", "tasklist",
};

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (const double *samples,
        guint         n)
{
  g_autofree double *sorted = g_memdup2 (samples, n * sizeof *samples);

  qsort (sorted, n, sizeof *sorted, compare_doubles);
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

static gsize
render_billet (const char *data,
               gsize       len)
{
  g_autoptr(BilletPost) post = billet_post_new_from_data (data, len);
  BilletRenderOptions options = { "en", BILLET_MARKDOWN_DEFAULT };
  gsize out_len = 0;
  g_autofree char *page = billet_render_page (post, &options, &out_len);

  return out_len;
}

static gsize
render_cmark (const char *data,
              gsize       len)
{
  int options = CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8;
  cmark_parser *parser = cmark_parser_new (options);
  cmark_node *document;
  char *html;
  gsize out_len;

  for (guint i = 0; i < G_N_ELEMENTS (extension_names); i++)
    cmark_parser_attach_syntax_extension (parser, cmark_find_syntax_extension (extension_names[i]));
  cmark_parser_feed (parser, data, len);
  document = cmark_parser_finish (parser);
  html = cmark_render_html (document, options, cmark_parser_get_syntax_extensions (parser));
  out_len = strlen (html);

  free (html);
  cmark_node_free (document);
  cmark_parser_free (parser);
  return out_len;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *post = NULL;
  g_autofree char *body = NULL;
  g_autofree double *t_billet = NULL;
  g_autofree double *t_cmark = NULL;
  g_autofree double *ratios = NULL;
  gsize post_len = 0, body_len = 0, page_len = 0, html_len = 0;
  guint rounds = 20;

  if (argc < 3 || argc > 4)
    {
      fprintf (stderr, "Usage: %s POST.md BODY.md [ROUNDS]\n", argv[0]);
      return 2;
    }
  if (argc == 4)
    rounds = MAX (3, (guint) g_ascii_strtoull (argv[3], NULL, 10));

  if (!g_file_get_contents (argv[1], &post, &post_len, &error) ||
      !g_file_get_contents (argv[2], &body, &body_len, &error))
    {
      fprintf (stderr, "bench-export: %s\n", error->message);
      return 2;
    }

  cmark_gfm_core_extensions_ensure_registered ();
  t_billet = g_new (double, rounds);
  t_cmark = g_new (double, rounds);
  ratios = g_new (double, rounds);

  /* One untimed run of each: first-use costs (extension registration,
   * GType, page faults of a fresh heap) are start-up, not work. */
  render_billet (post, post_len);
  render_cmark (body, body_len);

  for (guint r = 0; r < rounds; r++)
    {
      for (guint k = 0; k < 2; k++)
        {
          gboolean billet_turn = (r + k) % 2 == 0;
          gint64 start = g_get_monotonic_time ();

          if (billet_turn)
            page_len = render_billet (post, post_len);
          else
            html_len = render_cmark (body, body_len);
          (billet_turn ? t_billet : t_cmark)[r] = (double) (g_get_monotonic_time () - start);
        }
      ratios[r] = t_billet[r] / MAX (t_cmark[r], 1.0);
    }

  printf ("in process, %u rounds: post %zu bytes -> page %zu bytes; body %zu bytes -> HTML %zu bytes\n",
          rounds, post_len, page_len, body_len, html_len);
  printf ("  billet_render_page (load + parse + page)  median %10.3f ms\n", median (t_billet, rounds) / 1000);
  printf ("  cmark-gfm API, same extensions            median %10.3f ms\n", median (t_cmark, rounds) / 1000);
  printf ("  ratio billet / cmark-gfm: %.2fx (median of per-round ratios)\n", median (ratios, rounds));

  return 0;
}
