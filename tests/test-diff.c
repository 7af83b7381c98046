/* test-diff.c — the line diff behind "Compare"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billet-diff.h"

/* Applies a unified diff to @old, as patch(1) would, trusting its line
 * numbers: the result must be @new. */
static char *
apply (const char *old,
       const char *diff)
{
  g_auto(GStrv) old_lines = g_strsplit (old, "\n", -1);
  g_auto(GStrv) diff_lines = g_strsplit (diff, "\n", -1);
  guint n_old = g_strv_length (old_lines);
  GString *out = g_string_new (NULL);
  guint at = 0;   /* next old line to copy */

  if (diff[0] == 0)
    return g_string_free (out, TRUE), g_strdup (old);

  /* g_strsplit gives a last empty piece after a final newline. */
  for (guint i = 2; diff_lines[i] != NULL && diff_lines[i][0] != 0; i++)
    {
      const char *line = diff_lines[i];
      guint start, count, new_start, new_count;

      if (g_str_has_prefix (line, "@@"))
        {
          g_assert_cmpint (sscanf (line, "@@ -%u,%u +%u,%u @@", &start, &count, &new_start, &new_count), ==, 4);
          if (count > 0)
            start--;
          for (; at < start; at++)
            g_string_append_printf (out, "%s\n", old_lines[at]);
        }
      else if (line[0] == ' ')
        {
          g_assert_cmpstr (line + 1, ==, old_lines[at]);
          g_string_append_printf (out, "%s\n", line + 1);
          at++;
        }
      else if (line[0] == '-')
        {
          g_assert_cmpstr (line + 1, ==, old_lines[at]);
          at++;
        }
      else if (line[0] == '+')
        g_string_append_printf (out, "%s\n", line + 1);
      else
        g_error ("unexpected diff line “%s”", line);
    }
  for (; at + 1 < n_old; at++)
    g_string_append_printf (out, "%s\n", old_lines[at]);
  return g_string_free (out, FALSE);
}

static void
test_equal (void)
{
  g_autofree char *diff = billet_diff_unified ("a\nb\n", -1, "a\nb\n", -1, "x", "y", 3);

  g_assert_cmpstr (diff, ==, "");
}

static void
test_simple (void)
{
  g_autofree char *diff = billet_diff_unified ("a\nb\nc\n", -1, "a\nB\nc\n", -1, "disk", "draft", 3);

  g_assert_cmpstr (diff, ==,
                   "--- disk\n+++ draft\n"
                   "@@ -1,3 +1,3 @@\n"
                   " a\n-b\n+B\n c\n");
}

static void
test_hunks (void)
{
  GString *a = g_string_new (NULL);
  GString *b = g_string_new (NULL);
  g_autofree char *diff = NULL;
  g_autofree char *patched = NULL;
  guint hunks = 0;

  for (guint i = 0; i < 40; i++)
    {
      g_string_append_printf (a, "line %u\n", i);
      if (i == 5)
        g_string_append (b, "changed 5\n");
      else if (i != 30)
        g_string_append_printf (b, "line %u\n", i);
      if (i == 35)
        g_string_append (b, "inserted\n");
    }
  diff = billet_diff_unified (a->str, -1, b->str, -1, "a", "b", 3);
  for (const char *p = diff; (p = strstr (p, "\n@@")); p++)
    hunks++;
  g_assert_cmpuint (hunks, ==, 2);
  g_assert_nonnull (strstr (diff, "@@ -3,7 +3,7 @@\n line 2\n line 3\n line 4\n-line 5\n+changed 5\n"));
  patched = apply (a->str, diff);
  g_assert_cmpstr (patched, ==, b->str);
  g_string_free (a, TRUE);
  g_string_free (b, TRUE);
}

static void
test_no_final_newline (void)
{
  g_autofree char *diff = billet_diff_unified ("a\nb", -1, "a\nb\n", -1, "a", "b", 3);

  g_assert_cmpstr (diff, ==, "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
}

static void
test_empty_sides (void)
{
  g_autofree char *added = billet_diff_unified ("", 0, "x\ny\n", -1, "a", "b", 3);
  g_autofree char *removed = billet_diff_unified ("x\n", -1, NULL, 0, "a", "b", 3);

  g_assert_cmpstr (added, ==, "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n");
  g_assert_cmpstr (removed, ==, "--- a\n+++ b\n@@ -1,1 +0,0 @@\n-x\n");
}

/* Random edits: the diff applied to the old text gives the new one. */
static void
test_random (void)
{
  GRand *rand = g_rand_new_with_seed (42);

  for (guint round = 0; round < 200; round++)
    {
      GString *a = g_string_new (NULL);
      GString *b = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 0, 30);
      g_autofree char *diff = NULL;
      g_autofree char *patched = NULL;

      for (guint i = 0; i < n; i++)
        {
          char c = (char) ('a' + g_rand_int_range (rand, 0, 4));
          int what = g_rand_int_range (rand, 0, 4);

          g_string_append_printf (a, "%c\n", c);
          if (what == 0)
            continue;
          if (what == 1)
            g_string_append_printf (b, "%c\n", (char) ('a' + g_rand_int_range (rand, 0, 4)));
          g_string_append_printf (b, "%c\n", c);
        }
      diff = billet_diff_unified (a->str, -1, b->str, -1, "a", "b", (guint) g_rand_int_range (rand, 0, 4));
      patched = apply (a->str, diff);
      g_assert_cmpstr (patched, ==, b->str);
      g_string_free (a, TRUE);
      g_string_free (b, TRUE);
    }
  g_rand_free (rand);
}

/* Two texts with nothing in common, far past the edit budget: a correct
 * diff, quickly. */
static void
test_bounded (void)
{
  GString *a = g_string_new (NULL);
  GString *b = g_string_new (NULL);
  g_autofree char *diff = NULL;
  g_autofree char *patched = NULL;
  gint64 start;

  for (guint i = 0; i < 20000; i++)
    {
      g_string_append_printf (a, "old %u\n", i);
      g_string_append_printf (b, "new %u\n", i);
    }
  start = g_get_monotonic_time ();
  diff = billet_diff_unified (a->str, -1, b->str, -1, "a", "b", 3);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  patched = apply (a->str, diff);
  g_assert_cmpstr (patched, ==, b->str);
  g_string_free (a, TRUE);
  g_string_free (b, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/billet/diff/equal", test_equal);
  g_test_add_func ("/billet/diff/simple", test_simple);
  g_test_add_func ("/billet/diff/hunks", test_hunks);
  g_test_add_func ("/billet/diff/no-final-newline", test_no_final_newline);
  g_test_add_func ("/billet/diff/empty-sides", test_empty_sides);
  g_test_add_func ("/billet/diff/random", test_random);
  g_test_add_func ("/billet/diff/bounded", test_bounded);

  return g_test_run ();
}
