/* test-markdown-edit.c — list items and quotes, line by line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "billet-markdown-edit.h"

typedef struct
{
  const char *line;
  gboolean    is_list;
  gsize       prefix_end;
  gsize       marker_width;
  gboolean    empty;
  const char *continuation;
} Case;

static const Case cases[] = {
  { "- apples", TRUE, 2, 2, FALSE, "- " },
  { "* apples", TRUE, 2, 2, FALSE, "* " },
  { "+   wide", TRUE, 4, 4, FALSE, "+   " },
  { "  - nested", TRUE, 4, 2, FALSE, "  - " },
  { "-", TRUE, 1, 1, TRUE, "- " },
  { "- ", TRUE, 2, 2, TRUE, "- " },
  { "1. one", TRUE, 3, 3, FALSE, "2. " },
  { "9) nine", TRUE, 3, 3, FALSE, "10) " },
  { "41.  wide", TRUE, 5, 5, FALSE, "42.  " },
  { "- [ ] todo", TRUE, 6, 2, FALSE, "- [ ] " },
  { "- [x] done", TRUE, 6, 2, FALSE, "- [ ] " },
  { "3. [X] done", TRUE, 7, 3, FALSE, "4. [ ] " },
  { "> quoted", TRUE, 2, 0, FALSE, "> " },
  { "> > deeper", TRUE, 4, 0, FALSE, "> > " },
  { "> - in a quote", TRUE, 4, 2, FALSE, "> - " },
  { ">", TRUE, 1, 0, TRUE, ">" },
  /* Not lists. */
  { "plain text", FALSE, 0, 0, FALSE, NULL },
  { "-dash", FALSE, 0, 0, FALSE, NULL },
  { "1.5 litres", FALSE, 0, 0, FALSE, NULL },
  { "1234567890. too long", FALSE, 0, 0, FALSE, NULL },
  { "---", FALSE, 0, 0, FALSE, NULL },
  { "* * *", FALSE, 0, 0, FALSE, NULL },
  { "", FALSE, 0, 0, FALSE, NULL },
};

static void
test_lines (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_auto(BilletListLine) line = { 0 };
      gboolean is_list;

      g_test_message ("“%s”", c->line);
      is_list = billet_markdown_parse_list_line (c->line, strlen (c->line), &line);
      g_assert_cmpint (is_list, ==, c->is_list);
      if (!is_list)
        continue;
      g_assert_cmpuint (line.prefix_end, ==, c->prefix_end);
      g_assert_cmpuint (line.marker_width, ==, c->marker_width);
      g_assert_cmpint (line.empty, ==, c->empty);
      g_assert_cmpstr (line.continuation, ==, c->continuation);
    }
}

static void
test_fences (void)
{
  g_assert_true (billet_markdown_is_fence_line ("```", 3));
  g_assert_true (billet_markdown_is_fence_line ("   ~~~~ c", 9));
  g_assert_false (billet_markdown_is_fence_line ("    ```", 7));
  g_assert_false (billet_markdown_is_fence_line ("``", 2));
  g_assert_false (billet_markdown_is_fence_line ("text", 4));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/billet/markdown-edit/lines", test_lines);
  g_test_add_func ("/billet/markdown-edit/fences", test_fences);
  return g_test_run ();
}
