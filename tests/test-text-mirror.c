/* test-text-mirror.c — a buffer's text kept edit by edit, and its snapshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "billet-markdown.h"
#include "billet-text-mirror.h"

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

static char *
snapshot_text (BilletTextSnapshot *snapshot)
{
  GString *out = g_string_new (NULL);

  billet_text_snapshot_append_to (snapshot, out);
  g_assert_cmpuint (out->len, ==, billet_text_snapshot_get_length (snapshot));
  return g_string_free (out, FALSE);
}

/* The mirror holds the buffer's text and counts its words as the core
 * does, without copying the buffer again. */
static void
assert_mirrors (BilletTextMirror *mirror,
                GtkTextBuffer    *buffer)
{
  guint copies = billet_text_mirror_get_full_copies (mirror);
  g_autofree char *expected = buffer_text (buffer);
  g_autoptr(BilletTextSnapshot) snapshot = billet_text_mirror_snapshot (mirror);
  g_autofree char *text = snapshot_text (snapshot);

  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpuint (billet_text_mirror_count_words (mirror), ==,
                    billet_markdown_count_words (expected, strlen (expected)));
  g_assert_cmpuint (billet_text_mirror_get_full_copies (mirror), ==, copies);
}

static const char *pieces[] = {
  "a", "é", "→", "😀", " ", "\n", "mot ", "deux mots\n", "« guillemets »", "\r\n", "\t",
  "Ligne de texte assez longue pour remplir un peu le morceau courant.\n",
};

static GString *
random_text (GRand *rand,
             guint  n_pieces)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_pieces; i++)
    g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
  return text;
}

static void
random_iter (GRand         *rand,
             GtkTextBuffer *buffer,
             GtkTextIter   *iter)
{
  int n = gtk_text_buffer_get_char_count (buffer);

  gtk_text_buffer_get_iter_at_offset (buffer, iter, n > 0 ? g_rand_int_range (rand, 0, n + 1) : 0);
}

/* Insertions and deletions of every size, anywhere: typing at one place,
 * pastes that split chunks, deletions across many chunks, to the end, of
 * everything, and whole replacements. */
static void
test_edits (void)
{
  g_autoptr(GtkTextBuffer) buffer = gtk_text_buffer_new (NULL);
  g_autoptr(BilletTextMirror) mirror = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240607);
  GtkTextIter iter, end;

  gtk_text_buffer_set_text (buffer, "Déjà là.\n", -1);
  mirror = billet_text_mirror_new (GTK_TEXT_BUFFER (buffer));
  assert_mirrors (mirror, buffer);

  for (guint round = 0; round < 400; round++)
    {
      guint what = g_rand_int_range (rand, 0, 10);

      if (what < 5)
        {
          /* Typing, or a small paste. */
          g_autoptr(GString) text = random_text (rand, g_rand_int_range (rand, 1, 4));

          random_iter (rand, buffer, &iter);
          gtk_text_buffer_insert (buffer, &iter, text->str, (int) text->len);
        }
      else if (what < 7)
        {
          /* A large paste: several chunks at once. */
          g_autoptr(GString) text = random_text (rand, g_rand_int_range (rand, 100, 3000));

          random_iter (rand, buffer, &iter);
          gtk_text_buffer_insert (buffer, &iter, text->str, (int) text->len);
        }
      else if (what < 9)
        {
          /* A deletion, short or long. */
          int n = gtk_text_buffer_get_char_count (buffer);
          int from = n > 0 ? g_rand_int_range (rand, 0, n + 1) : 0;
          int length = what == 7 ? g_rand_int_range (rand, 0, 4) : g_rand_int_range (rand, 0, 60000);

          gtk_text_buffer_get_iter_at_offset (buffer, &iter, from);
          gtk_text_buffer_get_iter_at_offset (buffer, &end, MIN (n, from + length));
          gtk_text_buffer_delete (buffer, &iter, &end);
        }
      else if (round % 50 == 9)
        {
          /* Everything goes, or everything is replaced. */
          g_autoptr(GString) text = random_text (rand, g_rand_int_range (rand, 0, 5000));

          gtk_text_buffer_set_text (buffer, text->str, (int) text->len);
        }
      assert_mirrors (mirror, buffer);
    }

  /* Undo and redo replay insertions and deletions too. */
  gtk_text_buffer_set_enable_undo (buffer, TRUE);
  gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_insert (buffer, &iter, "Une phrase de plus.", -1);
  gtk_text_buffer_end_user_action (buffer);
  gtk_text_buffer_undo (buffer);
  assert_mirrors (mirror, buffer);
  gtk_text_buffer_redo (buffer);
  assert_mirrors (mirror, buffer);

  /* All of it was followed edit by edit: one copy, when it was made. */
  g_assert_cmpuint (billet_text_mirror_get_full_copies (mirror), ==, 1);
}

/* A snapshot keeps the text it was taken with, while the mirror moves on
 * and another thread reads it. */
static gpointer
read_snapshot_thread (gpointer data)
{
  return snapshot_text (data);
}

static void
test_snapshot_immutable (void)
{
  g_autoptr(GtkTextBuffer) buffer = gtk_text_buffer_new (NULL);
  g_autoptr(BilletTextMirror) mirror = billet_text_mirror_new (GTK_TEXT_BUFFER (buffer));
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GString) text = random_text (rand, 5000);
  g_autoptr(BilletTextSnapshot) before = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *read = NULL;
  GtkTextIter iter, end;
  GThread *thread;

  gtk_text_buffer_set_text (buffer, text->str, (int) text->len);
  before = billet_text_mirror_snapshot (mirror);
  expected = buffer_text (buffer);

  thread = g_thread_new ("read-snapshot", read_snapshot_thread, before);
  for (guint i = 0; i < 200; i++)
    {
      random_iter (rand, buffer, &iter);
      gtk_text_buffer_insert (buffer, &iter, "x", 1);
      random_iter (rand, buffer, &iter);
      end = iter;
      gtk_text_iter_forward_chars (&end, 5);
      gtk_text_buffer_delete (buffer, &iter, &end);
    }
  read = g_thread_join (thread);

  g_assert_cmpstr (read, ==, expected);
  g_free (read);
  read = snapshot_text (before);
  g_assert_cmpstr (read, ==, expected);
  assert_mirrors (mirror, buffer);
}

static void
stop_insert_cb (GtkTextBuffer *buffer)
{
  g_signal_stop_emission_by_name (buffer, "insert-text");
}

/* An insertion stopped after the mirror saw it never happens in the
 * buffer: the mirror notices and copies the buffer again. */
static void
test_stopped_emission (void)
{
  g_autoptr(GtkTextBuffer) buffer = gtk_text_buffer_new (NULL);
  g_autoptr(BilletTextMirror) mirror = billet_text_mirror_new (GTK_TEXT_BUFFER (buffer));
  GtkTextIter iter;
  gulong handler;

  gtk_text_buffer_set_text (buffer, "Texte.", -1);
  handler = g_signal_connect (buffer, "insert-text", G_CALLBACK (stop_insert_cb), NULL);
  gtk_text_buffer_get_start_iter (buffer, &iter);
  gtk_text_buffer_insert (buffer, &iter, "Jamais ", -1);
  g_signal_handler_disconnect (buffer, handler);

  {
    g_autoptr(BilletTextSnapshot) snapshot = billet_text_mirror_snapshot (mirror);
    g_autofree char *text = snapshot_text (snapshot);

    g_assert_cmpstr (text, ==, "Texte.");
  }
  g_assert_cmpuint (billet_text_mirror_get_full_copies (mirror), ==, 2);
  assert_mirrors (mirror, buffer);
}

/* A key changed one chunk: its words are counted at once, with the
 * others' kept; a text whose chunks were never counted is left to a
 * thread (the function says no, counts nothing). */
static void
test_try_count_words (void)
{
  g_autoptr(GtkTextBuffer) buffer = gtk_text_buffer_new (NULL);
  g_autoptr(BilletTextMirror) mirror = billet_text_mirror_new (GTK_TEXT_BUFFER (buffer));
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GString) text = random_text (rand, 24000);
  GtkTextIter iter;
  gsize words = 0;

  gtk_text_buffer_set_text (buffer, text->str, (int) text->len);

  {
    g_autoptr(BilletTextSnapshot) snapshot = billet_text_mirror_snapshot (mirror);

    /* Hundreds of kilobytes, many chunks, none counted. */
    g_assert_cmpuint (billet_text_snapshot_get_length (snapshot), >, 200 * 1024);
    g_assert_false (billet_text_snapshot_try_count_words (snapshot, 4, &words));
    g_assert_cmpuint (words, ==, 0);
    g_assert_true (billet_text_snapshot_try_count_words (snapshot, G_MAXUINT, &words));
    g_assert_cmpuint (words, ==, billet_markdown_count_words (text->str, text->len));
  }

  /* A word typed in the middle: one chunk to count again. */
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, gtk_text_buffer_get_char_count (buffer) / 2);
  gtk_text_buffer_insert (buffer, &iter, " mot ", -1);
  {
    g_autoptr(BilletTextSnapshot) snapshot = billet_text_mirror_snapshot (mirror);
    g_autofree char *now = buffer_text (buffer);

    g_assert_true (billet_text_snapshot_try_count_words (snapshot, 1, &words));
    g_assert_cmpuint (words, ==, billet_markdown_count_words (now, strlen (now)));
  }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/billet/text-mirror/edits", test_edits);
  g_test_add_func ("/billet/text-mirror/snapshot-immutable", test_snapshot_immutable);
  g_test_add_func ("/billet/text-mirror/stopped-emission", test_stopped_emission);
  g_test_add_func ("/billet/text-mirror/try-count-words", test_try_count_words);

  return g_test_run ();
}
