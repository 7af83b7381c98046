/* bench-set.c — how long one front-matter edit takes, in process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-set POST.md [ITERATIONS]
 *
 * Loads POST once, then times ITERATIONS (default 2000) edits of its title,
 * each one billet_post_set_value() followed by billet_post_serialize():
 * the work `billet set POST title VALUE` does between reading the file and
 * writing it. The value alternates between two strings so that every edit
 * really changes the text. Prints the median, mean, 10th/90th percentiles
 * and the minimum, in microseconds, and PASS/FAIL against the 2 ms target
 * (as information: the exit status is 0 unless the edit itself fails).
 *
 * Also times, for reference, the parts: loading the post from its bytes
 * plus the first parse of its front matter (what a fresh `billet set`
 * process pays before the edit).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "billet-post.h"

#define TARGET_US 2000.0

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
report (const char *what,
        double     *samples,
        guint       n)
{
  double sum = 0;

  qsort (samples, n, sizeof *samples, compare_doubles);
  for (guint i = 0; i < n; i++)
    sum += samples[i];

  printf ("%-34s median %8.1f µs   mean %8.1f µs   p10 %8.1f µs   p90 %8.1f µs   min %8.1f µs   (%u runs)\n",
          what, samples[n / 2], sum / n, samples[n / 10], samples[n * 9 / 10], samples[0], n);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BilletPost) post = NULL;
  g_autofree char *data = NULL;
  g_autofree double *samples = NULL;
  g_autofree char *original_title = NULL;
  const char *values[2] = {
    "Un titre modifié par le banc d’essai",
    "Another title: with a colon, so it needs quotes",
  };
  gsize len = 0;
  guint iterations = 2000;
  double median;

  if (argc < 2 || argc > 3)
    {
      fprintf (stderr, "Usage: %s POST.md [ITERATIONS]\n", argv[0]);
      return 2;
    }
  if (argc == 3)
    iterations = (guint) g_ascii_strtoull (argv[2], NULL, 10);
  if (iterations < 10)
    iterations = 10;

  if (!g_file_get_contents (argv[1], &data, &len, &error))
    {
      fprintf (stderr, "bench-set: %s\n", error->message);
      return 2;
    }

  samples = g_new (double, iterations);

  /* Load + first parse, as a fresh process does. */
  for (guint i = 0; i < iterations; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(BilletPost) p = billet_post_new_from_data (data, len);

      if (billet_post_get_front_matter (p, &error) == NULL)
        {
          fprintf (stderr, "bench-set: %s: %s\n", argv[1], error->message);
          return 1;
        }
      samples[i] = (double) (g_get_monotonic_time () - start);
    }
  printf ("post: %s (%zu bytes)\n", argv[1], len);
  report ("load + parse front matter", samples, iterations);

  post = billet_post_new_from_data (data, len);
  original_title = billet_post_dup_string (post, "title");
  printf ("title before: %s\n", original_title ? original_title : "(none)");

  for (guint i = 0; i < iterations; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GBytes) bytes = NULL;

      if (!billet_post_set_value (post, "title", values[i % 2], BILLET_NODE_STRING, &error))
        {
          fprintf (stderr, "bench-set: set title: %s\n", error->message);
          return 1;
        }
      bytes = billet_post_serialize (post);
      samples[i] = (double) (g_get_monotonic_time () - start);
    }
  report ("set title + serialize", samples, iterations);

  median = samples[iterations / 2];
  printf ("set: median %.1f µs per edit against a target of %.0f µs: %s\n",
          median, TARGET_US, median <= TARGET_US ? "PASS" : "FAIL");

  return 0;
}
