/* bench-spelling.c — what spelling as you type costs the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A source view in a window (Markdown highlighting, soft wrap), a post of
 * generated French prose with headings, lists, links, code and a few
 * misspellings, and typing: words of six letters a key every 60 ms, a
 * 400 ms pause after each word (long enough for a check to run, and its
 * underlines to be placed). For each key, the main thread's CPU time from
 * the key to the next key (the insertion, the redraw, and whatever the
 * checker does on the main loop: the snapshot after a pause, the
 * underlines), with checking off, then on; and the longest single main-loop
 * iteration (the worst stall). Then the first check of a 10,000-word post:
 * the time until it is underlined, and the main thread's part of it; and
 * the same with the view at the post's end: the time until what the view
 * shows is underlined (checked first), and until the whole post is.
 *
 * Needs a display (xvfb-run) and the fr dictionary.
 */

#include "config.h"

#include <string.h>
#include <time.h>

#include <gtksourceview/gtksource.h>

#include "billet-source-view.h"
#include "billet-spell-checker.h"
#include "billet-spell-menu.h"

static const char * const vocabulary[] = {
  "le", "la", "les", "un", "une", "des", "et", "ou", "mais", "donc", "avec", "sans", "pour",
  "dans", "sur", "sous", "chez", "entre", "vers", "article", "texte", "jardin", "maison",
  "soleil", "printemps", "écrire", "lire", "voyage", "montagne", "rivière", "aujourd’hui",
  "l’équipe", "évènement", "paraitre", "paraître", "ognon", "beaucoup", "toujours", "parfois",
  "ensemble", "histoire", "semaine", "lumière", "chemin", "village", "fenêtre", "cuisine",
  "musique", "souvenir", "lettre", "ville", "question", "réponse", "travail", "éditeur",
  "blogue", "billet", "lecteur", "lectrice", "page", "image", "photographie", "erreurr",
};

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double) ts.tv_sec * 1e3 + (double) ts.tv_nsec / 1e6;
}

static char *
make_post (gsize  bytes,
           gsize  words,
           gsize *n_words)
{
  GString *out = g_string_new (NULL);
  GRand *rand = g_rand_new_with_seed (14);
  gsize count = 0;

  while ((bytes > 0 && out->len < bytes) || (words > 0 && count < words))
    {
      guint kind = (guint) g_rand_int_range (rand, 0, 10);
      guint n = (guint) g_rand_int_range (rand, 30, 90);

      if (kind == 0)
        g_string_append (out, "## Une partie du billet\n\n");
      else if (kind == 1)
        g_string_append (out, "```sh\nhugo server --buildDrafts\n```\n\n");
      else if (kind == 2)
        g_string_append (out, "- un point de la liste\n- un autre [avec un lien](https://exemple.fr/page)\n\n");
      for (guint i = 0; i < n; i++)
        {
          g_string_append (out, vocabulary[g_rand_int_range (rand, 0, G_N_ELEMENTS (vocabulary))]);
          g_string_append_c (out, i + 1 == n ? '.' : ' ');
          count++;
        }
      g_string_append (out, "\n\n");
    }

  g_rand_free (rand);
  *n_words = count;
  return g_string_free (out, FALSE);
}

typedef struct
{
  GtkWindow     *window;
  GtkTextView   *view;
  GtkTextBuffer *buffer;
  BilletSpellChecker *checker;
} Bench;

static void
bench_open (Bench      *b,
            const char *text,
            gboolean    spelling)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceBuffer *buffer = gtk_source_buffer_new (NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_source_buffer_set_language (buffer, gtk_source_language_manager_get_language (languages, "markdown"));
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), text, -1);
  b->buffer = GTK_TEXT_BUFFER (buffer);
  b->view = GTK_TEXT_VIEW (billet_source_view_new ());
  gtk_text_view_set_buffer (b->view, b->buffer);
  gtk_text_view_set_wrap_mode (b->view, GTK_WRAP_WORD_CHAR);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (b->view));
  b->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (b->window, 900, 700);
  gtk_window_set_child (b->window, scrolled);
  billet_spell_menu_attach (b->view, NULL);
  b->checker = billet_spell_checker_get_for_buffer (b->buffer, BILLET_SPELL_MARKDOWN);
  billet_spell_checker_set_view (b->checker, b->view);
  billet_spell_checker_set_language (b->checker, "fr");
  billet_spell_checker_set_enabled (b->checker, spelling);
  gtk_window_present (b->window);
  g_object_unref (buffer);
}

static void
bench_close (Bench *b)
{
  gtk_window_destroy (b->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Runs the main loop for @ms of wall time; returns the main thread's CPU
 * time over it and keeps the longest iteration's. */
static gboolean
flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static double
run_for (guint   ms,
         double *longest)
{
  gboolean done = FALSE;
  double start = thread_cpu_ms ();

  g_timeout_add (ms, flag_cb, &done);
  while (!done)
    {
      double t0 = thread_cpu_ms ();

      /* Blocks in poll (no CPU) until something is due. */
      g_main_context_iteration (NULL, TRUE);
      *longest = MAX (*longest, thread_cpu_ms () - t0);
    }

  return thread_cpu_ms () - start;
}

/* Until the view is done with the text (layout, highlighting): a quarter
 * of a second of under 2 ms of main-thread work. */
static void
settle (void)
{
  double longest = 0;

  for (guint i = 0; i < 120 && run_for (250, &longest) > 2.0; i++)
    ;
}

static gboolean
busy (Bench *b)
{
  return billet_spell_checker_get_busy (b->checker);
}

static void
wait_idle (Bench *b)
{
  double longest = 0;

  /* The view's first layout of the whole text, and the first check. */
  settle ();
  while (busy (b))
    run_for (20, &longest);
  settle ();
}

static void
bench_typing (const char *label,
              const char *text,
              gboolean    spelling)
{
  static const char word[] = "ecrire";
  const guint n_words = 20;
  Bench b = { 0 };
  GtkTextIter iter;
  double total = 0, longest = 0;
  guint keys = 0;

  bench_open (&b, text, spelling);
  wait_idle (&b);

  /* In the middle of the post, at the start of a paragraph. */
  gtk_text_buffer_get_iter_at_offset (b.buffer, &iter, gtk_text_buffer_get_char_count (b.buffer) / 2);
  gtk_text_iter_forward_line (&iter);
  gtk_text_buffer_place_cursor (b.buffer, &iter);
  gtk_widget_grab_focus (GTK_WIDGET (b.view));
  run_for (200, &longest);
  longest = 0;

  for (guint w = 0; w < n_words; w++)
    {
      for (guint i = 0; i < strlen (word); i++)
        {
          double t0 = thread_cpu_ms ();

          gtk_text_buffer_insert_interactive_at_cursor (b.buffer, word + i, 1, TRUE);
          total += thread_cpu_ms () - t0;
          total += run_for (60, &longest);
          keys++;
        }
      gtk_text_buffer_insert_interactive_at_cursor (b.buffer, " ", 1, TRUE);
      keys++;
      total += run_for (400, &longest);
    }

  g_print ("%-8s checking %-3s  %6.3f ms of main-thread CPU a keystroke (%u keys, pauses included), "
           "longest main-loop iteration %.2f ms\n",
           label, spelling ? "on" : "off", total / keys, keys, longest);
  bench_close (&b);
}

static void
bench_first_check (void)
{
  gsize n_words;
  g_autofree char *text = make_post (0, 10000, &n_words);
  Bench b = { 0 };
  double longest = 0, cpu;
  gint64 start;

  bench_open (&b, text, FALSE);
  settle ();
  longest = 0;

  start = g_get_monotonic_time ();
  cpu = thread_cpu_ms ();
  billet_spell_checker_set_enabled (b.checker, TRUE);
  while (busy (&b))
    run_for (1, &longest);
  g_print ("first check of a %" G_GSIZE_FORMAT "-word post (%" G_GSIZE_FORMAT " KB): %.0f ms until underlined "
           "(of which %.0f ms the pause before checking), main thread %.1f ms of CPU, "
           "longest main-loop iteration %.2f ms\n",
           n_words, strlen (text) / 1024, (g_get_monotonic_time () - start) / 1000.0, 250.0,
           thread_cpu_ms () - cpu, longest);
  bench_close (&b);
}

typedef struct
{
  GtkTextTag  *tag;       /* the checker's */
  int          first;     /* the lines shown */
  int          last;
  gint64       shown_at;  /* the last underline among them */
  gint64       last_at;   /* the last underline */
} Seen;

static void
on_apply_tag_cb (GtkTextBuffer     *buffer,
                 GtkTextTag        *tag,
                 const GtkTextIter *start,
                 const GtkTextIter *end,
                 Seen              *seen)
{
  int line = gtk_text_iter_get_line (start);

  if (tag != seen->tag)
    return;
  seen->last_at = g_get_monotonic_time ();
  if (line >= seen->first && line <= seen->last)
    seen->shown_at = seen->last_at;
}

/* The first check with the view at the post's end */
static void
bench_first_check_at_end (void)
{
  gsize n_words;
  g_autofree char *text = make_post (0, 10000, &n_words);
  Bench b = { 0 };
  Seen seen = { 0 };
  GdkRectangle rect;
  GtkTextIter iter;
  gint64 start;

  bench_open (&b, text, FALSE);
  settle ();
  gtk_text_buffer_get_end_iter (b.buffer, &iter);
  gtk_text_buffer_place_cursor (b.buffer, &iter);
  gtk_text_view_scroll_to_mark (b.view, gtk_text_buffer_get_insert (b.buffer), 0.0, TRUE, 0.0, 1.0);
  settle ();
  gtk_text_view_get_visible_rect (b.view, &rect);
  gtk_text_view_get_line_at_y (b.view, &iter, rect.y, NULL);
  seen.first = gtk_text_iter_get_line (&iter);
  gtk_text_view_get_line_at_y (b.view, &iter, rect.y + rect.height - 1, NULL);
  seen.last = gtk_text_iter_get_line (&iter);
  seen.tag = billet_spell_checker_get_tag (b.checker);
  g_signal_connect (b.buffer, "apply-tag", G_CALLBACK (on_apply_tag_cb), &seen);

  start = g_get_monotonic_time ();
  billet_spell_checker_set_enabled (b.checker, TRUE);
  while (busy (&b))
    {
      double longest = 0;

      run_for (1, &longest);
    }
  g_print ("first check of a %" G_GSIZE_FORMAT "-word post, the view at its end (lines %d to %d of %d): "
           "%.0f ms until what it shows is underlined, %.0f ms until the whole post is\n",
           n_words, seen.first, seen.last, gtk_text_buffer_get_line_count (b.buffer),
           (seen.shown_at - start) / 1000.0, (seen.last_at - start) / 1000.0);
  g_signal_handlers_disconnect_by_func (b.buffer, on_apply_tag_cb, &seen);
  bench_close (&b);
}

int
main (int    argc,
      char **argv)
{
  gsize n;
  g_autofree char *small = make_post (10 * 1024, 0, &n);
  g_autofree char *large = make_post (1024 * 1024, 0, &n);

  gtk_init ();
  if (!billet_spell_check_word ("fr", "maison", -1) || billet_spell_check_word ("fr", "maisonn", -1))
    {
      g_print ("SKIP: no French dictionary\n");
      return 77;
    }

  bench_typing ("10 KB", small, FALSE);
  bench_typing ("10 KB", small, TRUE);
  bench_typing ("1 MB", large, FALSE);
  bench_typing ("1 MB", large, TRUE);
  bench_first_check ();
  for (guint i = 0; i < 3; i++)
    bench_first_check_at_end ();
  return 0;
}
