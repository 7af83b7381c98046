/* bench-folder.c — time to a folder's first rows and to its complete list, in the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-folder SITE [--gen GEN_SITE] [--rounds N]
 *
 * Generates SITE with gen-site.py --posts 10000 --seed 1 when it does not
 * exist, then, N times: creates a BilletWindow, puts it on screen, and
 * calls billet_window_open_folder(). It measures, from that call:
 *
 *   first rows     the first "items-changed" of the sidebar's model (the
 *                  sorted, filtered list the GtkListView shows) that leaves
 *                  rows in it — target: under 200 ms
 *   complete list  the post list's "loaded": the index's last batch is in
 *                  the store, sorted and filtered — target: under 1 s
 *
 * and prints the median of the rounds (the first, with a cold cache, is
 * printed on its own). PASS/FAIL are information: the exit status is 0
 * unless something fails, 77 when the site cannot be generated.
 */

#include "config.h"

#include <stdlib.h>

#include "billet-application.h"
#include "billet-resources.h"
#include "billet-sidebar.h"
#include "billet-window.h"

typedef struct
{
  gint64  start;
  gint64  first_rows;
  gint64  complete;
} Round;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Round      *round)
{
  if (round->first_rows == 0 && g_list_model_get_n_items (model) > 0)
    round->first_rows = g_get_monotonic_time ();
}

static void
on_loaded_cb (BilletPostList *list,
              Round          *round)
{
  if (round->complete == 0)
    round->complete = g_get_monotonic_time ();
}

static gboolean
is_mapped (BilletWindow *window)
{
  return gtk_widget_get_mapped (GTK_WIDGET (window));
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BilletApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *gen = NULL;
  g_autoptr(GFile) folder = NULL;
  int rounds = 7;
  GOptionEntry entries[] = {
    { "gen", 0, 0, G_OPTION_ARG_FILENAME, &gen, "gen-site.py, to make the site", "GEN_SITE" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "rounds (default 7)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("SITE");
  double first[64], complete[64];
  guint n_posts = 0;
  const char *site;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("%s\n", error ? error->message : "usage: bench-folder SITE [--gen GEN_SITE]");
      return 2;
    }
  site = argv[1];
  rounds = CLAMP (rounds, 2, 64);

  if (!g_file_test (site, G_FILE_TEST_IS_DIR))
    {
      const char *gen_argv[] = { "python3", gen, (char *) site, "--posts", "10000", "--seed", "1", NULL };
      int status = 0;

      if (gen == NULL || !g_file_test (gen, G_FILE_TEST_EXISTS))
        {
          g_print ("SKIP: no %s and no gen-site.py to make it\n", site);
          return 77;
        }
      if (!g_spawn_sync (NULL, (char **) gen_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                         &status, &error) || !g_spawn_check_wait_status (status, &error))
        {
          g_print ("SKIP: cannot generate the site: %s\n", error->message);
          return 77;
        }
    }

  gtk_init ();
  g_assert_nonnull (billet_get_resource ());
  app = g_object_new (BILLET_TYPE_APPLICATION,
                      "application-id", "org.billet.BilletBenchFolder",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", "/org/billet/Billet",
                      NULL);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  folder = g_file_new_for_path (site);

  for (int i = 0; i < rounds; i++)
    {
      BilletWindow *window = billet_window_new (app);
      Round round = { 0 };
      GListModel *model;

      gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
      gtk_window_present (GTK_WINDOW (window));
      while (!is_mapped (window))
        g_main_context_iteration (NULL, TRUE);
      while (g_main_context_iteration (NULL, FALSE))
        ;

      model = billet_sidebar_get_model (BILLET_SIDEBAR (billet_window_get_sidebar (window)));
      g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), &round);

      round.start = g_get_monotonic_time ();
      billet_window_open_folder (window, folder);
      /* The site's configuration is read in a worker first: the list is
       * the window's from then on (and says "loaded" much later). */
      while (billet_window_get_post_list (window) == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_signal_connect (billet_window_get_post_list (window), "loaded", G_CALLBACK (on_loaded_cb), &round);
      while (round.complete == 0)
        g_main_context_iteration (NULL, TRUE);

      first[i] = (round.first_rows - round.start) / 1000.0;
      complete[i] = (round.complete - round.start) / 1000.0;
      n_posts = g_list_model_get_n_items (model);
      g_signal_handlers_disconnect_by_data (model, &round);
      gtk_window_destroy (GTK_WINDOW (window));
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  g_print ("folder: %u posts in the sidebar (%s)\n", n_posts, site);
  g_print ("folder: first round (cold): first rows %.1f ms, complete list %.1f ms\n", first[0], complete[0]);
  {
    double first_median = median (first + 1, rounds - 1);
    double complete_median = median (complete + 1, rounds - 1);

    g_print ("folder: first rows    %7.1f ms (median of %d rounds)  target < 200 ms  %s\n",
             first_median, rounds - 1, first_median < 200 ? "PASS" : "FAIL");
    g_print ("folder: complete list %7.1f ms (median of %d rounds)  target < 1000 ms %s\n",
             complete_median, rounds - 1, complete_median < 1000 ? "PASS" : "FAIL");
  }
  return 0;
}
