/* test-document.c — drafts, changes on disk, encodings and failed saves of a BilletDocument
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case works in a folder of its own, with the draft store in it
 * (XDG_DATA_HOME points there). Waits on the file monitor and the draft
 * worker iterate the main loop under a deadline.
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "billet-test-utils.h"
#include "billet-test-gtk-utils.h"
#include "billet-test-ui-utils.h"
#include "billet-document.h"
#include "billet-document-bars.h"
#include "billet-info-bar.h"
#include "billet-resources.h"

#define DEADLINE_SECONDS 15

typedef struct
{
  char           *dir;
  char           *path;
  GFile          *file;
  char           *mount;
  BilletDocument *document;
} Fixture;

static void
write_file (const char *path,
            const char *data,
            gssize      len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

static void
assert_file (const char *path,
             const char *data,
             gssize      len)
{
  g_autofree char *contents = NULL;
  gsize contents_len;

  g_assert_true (g_file_get_contents (path, &contents, &contents_len, NULL));
  g_assert_cmpmem (contents, contents_len, data, len < 0 ? strlen (data) : (gsize) len);
}

/* What a case waits for, and asserts, about @f: @data says which text,
 * which state. */
typedef gboolean (*Condition) (Fixture *f, gconstpointer data);

typedef struct
{
  Fixture       *f;
  Condition      condition;
  gconstpointer  data;
} Wait;

static gboolean
holds (gpointer data)
{
  Wait *wait = data;

  return wait->condition (wait->f, wait->data);
}

/* billet_test_wait_until() polls too: the draft worker writes without
 * waking the main loop. */
static void
wait_until (Fixture       *f,
            Condition      condition,
            gconstpointer  data,
            const char    *what)
{
  Wait wait = { f, condition, data };

  billet_test_wait_until (holds, &wait, DEADLINE_SECONDS, what);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("billet-document-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "post.md", NULL);
  f->file = g_file_new_for_path (f->path);
  f->document = billet_document_new ();
  if (data != NULL)
    write_file (f->path, data, -1);
}

static gboolean
is_finalized (gpointer data)
{
  return *(BilletDocument **) data == NULL;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  /* A worker still writing a draft or a sidebar text holds the document
   * until it returns to the main loop: it must go then, not leak. */
  g_object_add_weak_pointer (G_OBJECT (f->document), (gpointer *) &f->document);
  g_object_unref (f->document);
  billet_test_wait_until (is_finalized, &f->document, 10, "the document to be finalized");
  if (f->mount != NULL)
    {
      g_assert_cmpint (umount2 (f->mount, MNT_DETACH), ==, 0);
      g_free (f->mount);
    }
  billet_test_remove_tree (f->dir);
  g_object_unref (f->file);
  g_free (f->path);
  g_free (f->dir);
}

static void
load (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (billet_test_load_document (f->document, f->file, &error));
  g_assert_no_error (error);
}

static GtkTextBuffer *
body (Fixture *f)
{
  return GTK_TEXT_BUFFER (billet_document_get_body_buffer (f->document));
}

static GtkTextBuffer *
front_matter (Fixture *f)
{
  return GTK_TEXT_BUFFER (billet_document_get_front_matter_buffer (f->document));
}

static char *
text_of (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

/* Types @text at the end of the body, as the keyboard would. */
static void
type (Fixture    *f,
      const char *text)
{
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (body (f), &end);
  gtk_text_buffer_begin_user_action (body (f));
  gtk_text_buffer_insert_interactive (body (f), &end, text, -1, TRUE);
  gtk_text_buffer_end_user_action (body (f));
}

static char *
draft_path (Fixture *f)
{
  const char *id = billet_document_get_draft_id (f->document);
  g_autofree char *name = NULL;

  g_assert_nonnull (id);
  name = g_strconcat (id, ".md", NULL);
  return g_build_filename (billet_draft_store_get_default_dir (), name, NULL);
}

static gboolean
draft_exists (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;

  if (billet_document_get_draft_id (f->document) == NULL)
    return FALSE;
  path = draft_path (f);
  if (data == NULL)
    return g_file_test (path, G_FILE_TEST_EXISTS);
  return g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, data) != NULL;
}

/* The draft is listed by the store: its text and its key file are both
 * written (the text comes first, so its presence alone is not enough). */
static gboolean
draft_listed (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) drafts = NULL;
  const char *id = billet_document_get_draft_id (f->document);

  if (id == NULL)
    return FALSE;
  drafts = billet_draft_store_list (billet_draft_store_get_default_dir (), NULL);
  for (guint i = 0; drafts != NULL && i < drafts->len; i++)
    if (g_str_equal (((BilletDraft *) g_ptr_array_index (drafts, i))->id, id))
      return TRUE;
  return FALSE;
}

static gboolean
draft_gone (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *path = draft_path (f);

  return !g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Drafts */

static void
test_draft (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *content_dir = NULL;

  load (f);
  g_assert_null (billet_document_get_draft_id (f->document));
  type (f, "A new line.\n");
  wait_until (f, draft_exists, "A new line.", "the draft");
  /* Never in the content folder. */
  path = draft_path (f);
  g_assert_false (g_str_has_prefix (path, f->dir));
  g_assert_true (g_str_has_prefix (path, g_get_user_data_dir ()));
  g_assert_true (draft_exists (f, "title: Hello"));

  g_assert_true (billet_test_save_document (f->document, NULL, BILLET_DOCUMENT_SAVE_NONE, &error));
  g_assert_no_error (error);
  wait_until (f, draft_gone, NULL, "the draft to go after a save");

  type (f, "More.\n");
  wait_until (f, draft_exists, "More.", "the second draft");
  billet_document_discard_draft (f->document);
  wait_until (f, draft_gone, NULL, "the draft to go after a discard");
}

/* A post never saved has a draft too. */
static void
test_draft_untitled (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) drafts = NULL;
  BilletDraft *draft;

  type (f, "Never saved.\n");
  wait_until (f, draft_exists, "Never saved.", "the draft");
  wait_until (f, draft_listed, NULL, "the draft to be listed");
  drafts = billet_draft_store_list (billet_draft_store_get_default_dir (), NULL);
  for (guint i = 0; i < drafts->len; i++)
    {
      draft = g_ptr_array_index (drafts, i);
      if (g_str_equal (draft->id, billet_document_get_draft_id (f->document)))
        {
          g_assert_null (draft->path);
          billet_document_discard_draft (f->document);
          wait_until (f, draft_gone, NULL, "the draft to go");
          return;
        }
    }
  g_assert_not_reached ();
}

/* Changes on disk */

static gboolean
body_has (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *text = text_of (body (f));

  return strstr (text, data) != NULL;
}

static gboolean
is_externally_modified (Fixture       *f,
                        gconstpointer  data)
{
  return billet_document_get_externally_modified (f->document) == GPOINTER_TO_INT (data);
}

/* A clean post follows its file, in the same second and at the same size,
 * and the cursor stays where it was. */
static void
test_reload_clean (Fixture       *f,
                   gconstpointer  data)
{
  GtkTextIter iter;

  load (f);
  gtk_text_buffer_get_iter_at_line_offset (body (f), &iter, 2, 3);
  gtk_text_buffer_place_cursor (body (f), &iter);

  write_file (f->path, "---\ntitle: Hello\n---\nFirst lime.\nSecond line.\nThird line.\n", -1);
  wait_until (f, body_has, "First lime.", "the reload");
  g_assert_false (billet_document_get_modified (f->document));
  g_assert_false (billet_document_get_externally_modified (f->document));
  gtk_text_buffer_get_iter_at_mark (body (f), &iter, gtk_text_buffer_get_insert (body (f)));
  g_assert_cmpint (gtk_text_iter_get_line (&iter), ==, 2);
  g_assert_cmpint (gtk_text_iter_get_line_offset (&iter), ==, 3);

  /* A change where the cursor is keeps its line and column. */
  write_file (f->path, "---\ntitle: Hello\n---\nFirst lime.\nSecond line.\nThurd line.\n", -1);
  wait_until (f, body_has, "Thurd", "the second reload");
  gtk_text_buffer_get_iter_at_mark (body (f), &iter, gtk_text_buffer_get_insert (body (f)));
  g_assert_cmpint (gtk_text_iter_get_line (&iter), ==, 2);
  g_assert_cmpint (gtk_text_iter_get_line_offset (&iter), ==, 3);

  /* Rewritten to the same bytes (a touch): nothing happens. */
  write_file (f->path, "---\ntitle: Hello\n---\nFirst lime.\nSecond line.\nThurd line.\n", -1);
  billet_test_run_for (600);
  g_assert_false (billet_document_get_externally_modified (f->document));
}

static gboolean
front_matter_language_is (Fixture       *f,
                          gconstpointer  data)
{
  GtkSourceLanguage *language =
    gtk_source_buffer_get_language (billet_document_get_front_matter_buffer (f->document));

  return language != NULL && g_str_equal (gtk_source_language_get_id (language), data);
}

/* A post rewritten from YAML to TOML front matter while open: the reload,
 * read and parsed in a worker, gives the form the TOML values and the
 * front matter TOML highlighting. */
static void
test_reload_toml (Fixture       *f,
                  gconstpointer  data)
{
  load (f);
  wait_until (f, front_matter_language_is, "yaml", "YAML highlighting");
  g_assert_cmpstr (billet_document_get_title (f->document), ==, "Hello");

  write_file (f->path, "+++\ntitle = \"Été\"\n+++\nBody.\n", -1);
  wait_until (f, body_has, "Body.", "the reload");
  g_assert_false (billet_document_get_modified (f->document));
  g_assert_null (billet_document_get_front_matter_error (f->document, NULL, NULL));
  g_assert_cmpstr (billet_document_get_title (f->document), ==, "Été");
  g_assert_true (front_matter_language_is (f, "toml"));
}

/* A modified post asks: the bar, and a save that does not overwrite blindly. */
static void
test_changed_while_modified (Fixture       *f,
                             gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *bars = billet_document_bars_new ();
  BilletInfoBar *bar;
  g_autoptr(GError) error = NULL;
  const char *theirs = "---\ntitle: Hello\n---\nTheir version.\n";

  gtk_window_set_child (GTK_WINDOW (window), bars);
  billet_document_bars_set_document (BILLET_DOCUMENT_BARS (bars), f->document);
  gtk_window_present (GTK_WINDOW (window));
  bar = billet_document_bars_get_bar (BILLET_DOCUMENT_BARS (bars), BILLET_DOCUMENT_BAR_EXTERNAL);

  load (f);
  g_assert_false (billet_info_bar_get_revealed (bar));
  type (f, "My line.\n");

  write_file (f->path, theirs, -1);
  wait_until (f, is_externally_modified, GINT_TO_POINTER (TRUE), "the change to be noticed");
  g_assert_true (billet_info_bar_get_revealed (bar));
  g_assert_cmpstr (billet_info_bar_get_title (bar), ==, "The file changed on disk");
  g_assert_true (body_has (f, "My line."));

  /* Compare: what differs between disk and the buffer. */
  {
    g_autofree char *diff = billet_document_dup_disk_diff (f->document, &error);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (diff, "-Their version.\n"));
    g_assert_nonnull (strstr (diff, "+My line.\n"));
  }

  /* Saving asks first. */
  g_assert_false (billet_test_save_document (f->document, NULL, BILLET_DOCUMENT_SAVE_NONE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG);
  g_clear_error (&error);
  assert_file (f->path, theirs, -1);
  g_assert_true (billet_document_get_modified (f->document));

  /* Keep mine: the bar goes, the save writes over theirs. */
  billet_info_bar_respond (bar, "keep");
  g_assert_false (billet_document_get_externally_modified (f->document));
  g_assert_true (billet_test_save_document (f->document, NULL, BILLET_DOCUMENT_SAVE_NONE, &error));
  g_assert_no_error (error);
  assert_file (f->path, "---\ntitle: Hello\n---\nBody.\nMy line.\n", -1);

  /* Once more, reloading this time. */
  type (f, "Again.\n");
  write_file (f->path, theirs, -1);
  wait_until (f, is_externally_modified, GINT_TO_POINTER (TRUE), "the second change");
  billet_info_bar_respond (bar, "reload");
  /* Read again in a worker. */
  g_assert_true (billet_document_get_loading (f->document));
  billet_test_wait_property (f->document, "loading", FALSE, DEADLINE_SECONDS);
  g_assert_false (billet_document_get_modified (f->document));
  g_assert_true (body_has (f, "Their version."));
  g_assert_false (billet_info_bar_get_revealed (bar));

  /* Overwrite, when the author says so. */
  type (f, "Mine.\n");
  write_file (f->path, "---\ntitle: Hello\n---\nThird party.\n", -1);
  wait_until (f, is_externally_modified, GINT_TO_POINTER (TRUE), "the third change");
  g_assert_true (billet_test_save_document (f->document, NULL, BILLET_DOCUMENT_SAVE_OVERWRITE, &error));
  g_assert_no_error (error);
  assert_file (f->path, "---\ntitle: Hello\n---\nTheir version.\nMine.\n", -1);
  g_assert_false (billet_document_get_externally_modified (f->document));

  billet_document_bars_set_document (BILLET_DOCUMENT_BARS (bars), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The post deleted (or moved away) by another program: the buffer is all
 * that is left of it. The bar says so, and a save writes it again. */
static void
test_deleted_while_open (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *bars = billet_document_bars_new ();
  BilletInfoBar *bar;
  g_autoptr(GError) error = NULL;

  gtk_window_set_child (GTK_WINDOW (window), bars);
  billet_document_bars_set_document (BILLET_DOCUMENT_BARS (bars), f->document);
  gtk_window_present (GTK_WINDOW (window));
  bar = billet_document_bars_get_bar (BILLET_DOCUMENT_BARS (bars), BILLET_DOCUMENT_BAR_EXTERNAL);

  load (f);
  type (f, "My line.\n");
  g_assert_cmpint (g_unlink (f->path), ==, 0);
  wait_until (f, is_externally_modified, GINT_TO_POINTER (TRUE), "the deletion to be noticed");
  g_assert_false (billet_document_get_file_on_disk (f->document));
  g_assert_true (billet_info_bar_get_revealed (bar));
  g_assert_cmpstr (billet_info_bar_get_title (bar), ==, "The file is gone from disk");
  g_assert_nonnull (strstr (billet_info_bar_get_message (bar), "post.md"));
  /* The text is still there, and still counts as unsaved. */
  g_assert_true (body_has (f, "My line."));
  g_assert_true (billet_document_get_modified (f->document));

  /* Saving brings the file back, with the author's text, and the bar goes. */
  g_assert_true (billet_test_save_document (f->document, NULL, BILLET_DOCUMENT_SAVE_NONE, &error));
  g_assert_no_error (error);
  assert_file (f->path, "---\ntitle: Hello\n---\nBody.\nMy line.\n", -1);
  g_assert_false (billet_document_get_modified (f->document));
  g_assert_false (billet_document_get_externally_modified (f->document));
  g_assert_false (billet_info_bar_get_revealed (bar));

  /* And it is followed again: a later change on disk is noticed. */
  write_file (f->path, "---\ntitle: Hello\n---\nTheirs.\n", -1);
  wait_until (f, body_has, "Theirs.", "the reload of the recreated file");

  billet_document_bars_set_document (BILLET_DOCUMENT_BARS (bars), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Encodings */

#define CP1252 "---\ntitle: Caf\xe9\n---\nL'\xe9t\xe9 co\xfbte 5 \x80.\n"

static void
test_cp1252 (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkWidget *bars = g_object_ref_sink (billet_document_bars_new ());
  BilletInfoBar *bar = billet_document_bars_get_bar (BILLET_DOCUMENT_BARS (bars), BILLET_DOCUMENT_BAR_ENCODING);

  billet_document_bars_set_document (BILLET_DOCUMENT_BARS (bars), f->document);
  write_file (f->path, CP1252, -1);
  load (f);
  g_assert_cmpuint (billet_document_get_charset (f->document), ==, BILLET_CHARSET_WINDOWS_1252);
  g_assert_cmpstr (billet_document_get_title (f->document), ==, "Café");
  text = text_of (body (f));
  g_assert_cmpstr (text, ==, "L'été coûte 5 €.\n");
  g_assert_true (billet_info_bar_get_revealed (bar));
  g_assert_cmpstr (billet_info_bar_get_title (bar), ==, "This post is in Windows-1252");

  /* Untouched: the same bytes. */
  g_assert_true (billet_test_save_document (f->document, NULL, BILLET_DOCUMENT_SAVE_NONE, &error));
  g_assert_no_error (error);
  assert_file (f->path, CP1252, -1);

  /* Edited: still Windows-1252. */
  type (f, "\xc3\xa0 bient\xc3\xb4t\n");
  g_assert_true (billet_test_save_document (f->document, NULL, BILLET_DOCUMENT_SAVE_NONE, &error));
  g_assert_no_error (error);
  assert_file (f->path, CP1252 "\xe0 bient\xf4t\n", -1);

  /* A character Windows-1252 cannot hold: refused, file kept. */
  type (f, "\xe2\x86\x92\n");   /* → */
  g_assert_false (billet_test_save_document (f->document, NULL, BILLET_DOCUMENT_SAVE_NONE, &error));
  g_assert_error (error, BILLET_ENCODING_ERROR, BILLET_ENCODING_ERROR_UNREPRESENTABLE);
  g_clear_error (&error);
  assert_file (f->path, CP1252 "\xe0 bient\xf4t\n", -1);
  g_assert_true (billet_document_get_modified (f->document));

  /* Converting is explicit. */
  billet_info_bar_respond (bar, "convert");
  g_assert_cmpuint (billet_document_get_charset (f->document), ==, BILLET_CHARSET_UTF8);
  g_assert_false (billet_info_bar_get_revealed (bar));
  g_assert_true (billet_test_save_document (f->document, NULL, BILLET_DOCUMENT_SAVE_NONE, &error));
  g_assert_no_error (error);
  assert_file (f->path, "---\ntitle: Café\n---\nL'été coûte 5 €.\nà bientôt\n→\n", -1);

  billet_document_bars_set_document (BILLET_DOCUMENT_BARS (bars), NULL);
  g_object_unref (bars);
}

#define STRAY "---\ntitle: Été\n---\nUn caf\xe9 très \xff bon à côté.\n"

static void
test_stray (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n, line, column;
  GtkTextIter start, end;

  write_file (f->path, STRAY, -1);
  load (f);
  g_assert_cmpuint (billet_document_get_charset (f->document), ==, BILLET_CHARSET_UTF8_STRAY);
  n = billet_document_get_n_stray (f->document, &line, &column);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (line, ==, 4);
  g_assert_cmpuint (column, ==, 7);

  /* Shown, not hidden: each is tagged. */
  g_assert_true (billet_document_select_first_stray (f->document));
  gtk_text_buffer_get_selection_bounds (body (f), &start, &end);
  g_assert_cmpint (gtk_text_iter_get_line_offset (&start), ==, 6);
  g_assert_cmpuint (gtk_text_iter_get_char (&start), ==, 0xF700 + 0xE9);

  g_assert_true (billet_test_save_document (f->document, NULL, BILLET_DOCUMENT_SAVE_NONE, &error));
  g_assert_no_error (error);
  assert_file (f->path, STRAY, -1);

  /* Kept through an edit. */
  type (f, "Fin.\n");
  g_assert_true (billet_test_save_document (f->document, NULL, BILLET_DOCUMENT_SAVE_NONE, &error));
  g_assert_no_error (error);
  assert_file (f->path, STRAY "Fin.\n", -1);

  /* Until the author removes them. */
  billet_document_remove_stray (f->document);
  g_assert_cmpuint (billet_document_get_n_stray (f->document, NULL, NULL), ==, 0);
  g_assert_cmpuint (billet_document_get_charset (f->document), ==, BILLET_CHARSET_UTF8);
  text = text_of (body (f));
  g_assert_cmpstr (text, ==, "Un caf très  bon à côté.\nFin.\n");
  g_assert_true (billet_test_save_document (f->document, NULL, BILLET_DOCUMENT_SAVE_NONE, &error));
  g_assert_no_error (error);
  assert_file (f->path, "---\ntitle: Été\n---\nUn caf très  bon à côté.\nFin.\n", -1);
}

static void
test_mojibake (Fixture       *f,
               gconstpointer  data)
{
  const BilletMojibake *mojibake;
  g_autofree char *fm = NULL;
  g_autofree char *text = NULL;
  GtkWidget *bars = g_object_ref_sink (billet_document_bars_new ());
  BilletInfoBar *bar = billet_document_bars_get_bar (BILLET_DOCUMENT_BARS (bars), BILLET_DOCUMENT_BAR_MOJIBAKE);

  billet_document_bars_set_document (BILLET_DOCUMENT_BARS (bars), f->document);
  write_file (f->path, "---\ntitle: L’Ã©tÃ© arrive\n---\nIl fait beau cet Ã©tÃ©, cÃ´tÃ© mer.\n", -1);
  load (f);
  mojibake = billet_document_get_mojibake (f->document);
  g_assert_nonnull (mojibake);
  g_assert_cmpstr (mojibake->example_repaired, ==, "é");
  g_assert_true (billet_info_bar_get_revealed (bar));
  g_assert_nonnull (strstr (billet_info_bar_get_message (bar), "“Ã©” is probably “é”"));

  billet_info_bar_respond (bar, "repair");
  fm = text_of (front_matter (f));
  text = text_of (body (f));
  g_assert_cmpstr (fm, ==, "title: L’été arrive\n");
  g_assert_cmpstr (text, ==, "Il fait beau cet été, côté mer.\n");
  g_assert_true (billet_document_get_modified (f->document));
  g_assert_false (billet_info_bar_get_revealed (bar));
  /* One undo step per buffer brings it back. */
  gtk_text_buffer_undo (body (f));
  g_free (text);
  text = text_of (body (f));
  g_assert_cmpstr (text, ==, "Il fait beau cet Ã©tÃ©, cÃ´tÃ© mer.\n");

  billet_document_bars_set_document (BILLET_DOCUMENT_BARS (bars), NULL);
  g_object_unref (bars);
}

/* A WordPress leftover: the byte-order mark read as Windows-1252 hides the
 * front matter; Repair removes it, and the form has the post's values. */
static void
test_mojibake_bom (Fixture       *f,
                   gconstpointer  data)
{
  static const char broken[] = "ï»¿---\ntitle: Un été à Paris\ntags: [voyage]\n---\nIl fait beau, déjà.\n";
  static const char repaired[] = "---\ntitle: Un été à Paris\ntags: [voyage]\n---\nIl fait beau, déjà.\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *fm = NULL;
  g_autofree char *text = NULL;
  GtkWidget *bars = g_object_ref_sink (billet_document_bars_new ());
  BilletInfoBar *bar = billet_document_bars_get_bar (BILLET_DOCUMENT_BARS (bars), BILLET_DOCUMENT_BAR_MOJIBAKE);
  BilletFrontMatter *parsed;

  billet_document_bars_set_document (BILLET_DOCUMENT_BARS (bars), f->document);
  write_file (f->path, broken, -1);
  load (f);
  fm = text_of (front_matter (f));
  g_assert_cmpstr (fm, ==, "");
  g_assert_true (billet_document_get_mojibake (f->document)->bom);
  g_assert_true (billet_info_bar_get_revealed (bar));
  g_assert_nonnull (strstr (billet_info_bar_get_message (bar), "“ï»¿”"));

  billet_info_bar_respond (bar, "repair");
  g_free (fm);
  fm = text_of (front_matter (f));
  text = text_of (body (f));
  g_assert_cmpstr (fm, ==, "title: Un été à Paris\ntags: [voyage]\n");
  g_assert_cmpstr (text, ==, "Il fait beau, déjà.\n");
  parsed = billet_document_get_front_matter (f->document);
  g_assert_nonnull (parsed);
  g_assert_cmpstr (billet_node_get_text (billet_front_matter_lookup (parsed, "title")), ==, "Un été à Paris");
  g_assert_true (billet_document_get_modified (f->document));
  g_assert_false (billet_info_bar_get_revealed (bar));

  g_assert_true (billet_test_save_document (f->document, NULL, BILLET_DOCUMENT_SAVE_NONE, &error));
  g_assert_no_error (error);
  assert_file (f->path, repaired, -1);

  billet_document_bars_set_document (BILLET_DOCUMENT_BARS (bars), NULL);
  g_object_unref (bars);
}

/* Hostile files: a clear message, nothing loaded. */
static void
test_binary (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  write_file (f->path, "---\ntitle: x\n---\n\0\0\0binary", 24);
  g_assert_false (billet_test_load_document (f->document, f->file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  /* The message the command line's check gives, and where. */
  g_assert_nonnull (strstr (error->message, "NUL bytes"));
  g_assert_nonnull (strstr (error->message, "line 4, column 1"));
  g_assert_null (billet_document_get_file (f->document));
}

/* UTF-16 is refused as what it is, not opened as Windows-1252 mojibake
 * (“ÿþ-\0-\0…”) that saving would write back as a different file. */
static void
test_utf16 (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  /* “---\ntitle: été\n---\n” in UTF-16LE, with its byte-order mark. */
  static const char utf16[] = "\xFF\xFE-\0-\0-\0\n\0t\0i\0t\0l\0e\0:\0 \0\xE9\0t\0\xE9\0\n\0-\0-\0-\0\n\0";

  write_file (f->path, utf16, sizeof utf16 - 1);
  g_assert_false (billet_test_load_document (f->document, f->file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "UTF-16"));
  g_assert_null (billet_document_get_file (f->document));
}

/* Failed saves */

/* A full disk: the post stays as it was, the document modified, the draft
 * kept and up to date. */
static void
test_save_full_disk (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *small = g_build_filename (f->dir, "small", NULL);
  g_autofree char *path = g_build_filename (small, "post.md", NULL);
  g_autofree char *filler = g_build_filename (small, "filler", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_strnfill (64 * 1024, 'x');
  const char *post = "---\ntitle: Hello\n---\nBody.\n";

  g_assert_cmpint (g_mkdir (small, 0755), ==, 0);
  if (geteuid () != 0)
    {
      g_test_skip ("needs root to mount a small tmpfs");
      return;
    }
  if (mount ("tmpfs", small, "tmpfs", 0, "size=64k") != 0)
    {
      g_test_skip (g_strerror (errno));
      return;
    }
  f->mount = g_strdup (small);
  write_file (path, post, -1);
  /* Fill the rest, to the last block. */
  {
    FILE *fill = fopen (filler, "w");

    g_assert_nonnull (fill);
    setvbuf (fill, NULL, _IONBF, 0);
    while (fwrite (big, 1, 1024, fill) == 1024)
      ;
    fclose (fill);
  }

  g_assert_true (billet_test_load_document (f->document, file, &error));
  g_assert_no_error (error);
  {
    g_autofree char *more = g_strnfill (16 * 1024, 'y');
    type (f, more);
  }
  g_assert_false (billet_test_save_document (f->document, NULL, BILLET_DOCUMENT_SAVE_NONE, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, small));
  g_clear_error (&error);
  assert_file (path, post, -1);
  g_assert_true (billet_document_get_modified (f->document));
  {
    g_autoptr(GDir) dir = g_dir_open (small, 0, NULL);
    const char *name;
    guint n = 0;

    while ((name = g_dir_read_name (dir)) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 2);   /* no temporary file left */
  }
  wait_until (f, draft_exists, "yyyy", "the draft after a failed save");
  billet_document_discard_draft (f->document);
  wait_until (f, draft_gone, NULL, "the draft to go");
}

static gboolean
draft_bar_revealed (Fixture       *f,
                    gconstpointer  data)
{
  BilletInfoBar *bar = (BilletInfoBar *) data;

  return billet_info_bar_get_revealed (bar);
}

static gboolean
draft_bar_hidden (Fixture       *f,
                  gconstpointer  data)
{
  return !draft_bar_revealed (f, data);
}

/* The drafts folder on a full disk: the author is told that the unsaved
 * changes are not protected, in the window, and told no more once drafts
 * are written again — without typing anything more. */
static void
test_draft_full_disk (Fixture       *f,
                      gconstpointer  data)
{
  const char *drafts = billet_draft_store_get_default_dir ();
  g_autofree char *filler = g_build_filename (drafts, "filler", NULL);
  g_autofree char *big = g_strnfill (64 * 1024, 'x');
  GtkWidget *window = gtk_window_new ();
  GtkWidget *bars = billet_document_bars_new ();
  BilletInfoBar *bar;

  if (geteuid () != 0)
    {
      g_test_skip ("needs root to mount a small tmpfs");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (drafts, 0700), ==, 0);
  if (mount ("tmpfs", drafts, "tmpfs", 0, "size=64k") != 0)
    {
      g_test_skip (g_strerror (errno));
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  f->mount = g_strdup (drafts);
  {
    FILE *fill = fopen (filler, "w");

    g_assert_nonnull (fill);
    setvbuf (fill, NULL, _IONBF, 0);
    while (fwrite (big, 1, 1024, fill) == 1024)
      ;
    fclose (fill);
  }

  gtk_window_set_child (GTK_WINDOW (window), bars);
  billet_document_bars_set_document (BILLET_DOCUMENT_BARS (bars), f->document);
  gtk_window_present (GTK_WINDOW (window));
  bar = billet_document_bars_get_bar (BILLET_DOCUMENT_BARS (bars), BILLET_DOCUMENT_BAR_DRAFT);

  load (f);
  g_assert_false (billet_info_bar_get_revealed (bar));
  {
    g_autofree char *more = g_strnfill (16 * 1024, 'y');
    type (f, more);
  }
  wait_until (f, draft_bar_revealed, bar, "the bar saying the draft failed");
  g_assert_cmpstr (billet_info_bar_get_title (bar), ==, "Unsaved changes are not protected against a crash");
  g_assert_nonnull (strstr (billet_info_bar_get_message (bar), "No space left on the disk holding"));
  g_assert_nonnull (strstr (billet_info_bar_get_message (bar), drafts));

  /* Room again: the next try works, and the bar goes by itself. */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  wait_until (f, draft_bar_hidden, bar, "the bar to go once drafts work again");
  g_assert_true (draft_exists (f, "yyyy"));

  billet_document_bars_set_document (BILLET_DOCUMENT_BARS (bars), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  billet_document_discard_draft (f->document);
  wait_until (f, draft_gone, NULL, "the draft to go");
}

static rlim_t child_size_limit = RLIM_INFINITY;

static void
child_setup (gpointer data)
{
  struct rlimit size = { child_size_limit, child_size_limit };
  struct rlimit core = { 0, 0 };

  signal (SIGXFSZ, SIG_DFL);
  setrlimit (RLIMIT_CORE, &core);
  setrlimit (RLIMIT_FSIZE, &size);
}

/* `billet set` killed while it rewrote a hard-linked post in place (the
 * kernel stops it when the file grows past a limit: a crash at a known
 * point) leaves the post half-written beside its backup. Opening it puts
 * the previous text back, and the window says so. */
static void
test_interrupted_save (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *link_path = g_build_filename (f->dir, "link.md", NULL);
  g_autoptr(GString) old = g_string_new ("---\ntitle: Old title\n---\n");
  g_autoptr(GString) title = g_string_new (NULL);
  g_autofree char *half = NULL;
  g_autofree char *fm = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *bars = g_object_ref_sink (billet_document_bars_new ());
  BilletInfoBar *bar = billet_document_bars_get_bar (BILLET_DOCUMENT_BARS (bars), BILLET_DOCUMENT_BAR_RECOVERY);
  const char *billet = g_getenv ("BILLET_BINARY");
  int status = 0;
  gsize len = 0;

  g_assert_nonnull (billet);
  while (old->len < 200 * 1024)
    g_string_append (old, "A line of the body, long enough to count, l’été à Paris.\n");
  write_file (f->path, old->str, (gssize) old->len);
  g_assert_cmpint (link (f->path, link_path), ==, 0);
  while (title->len < 4096)
    g_string_append (title, "A much longer title, ");
  g_string_append (title, "the end");
  {
    const char *argv[] = { billet, "set", f->path, "title", title->str, NULL };

    child_size_limit = old->len + 2048;
    g_spawn_sync (f->dir, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  child_setup, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGXFSZ);
  }
  g_assert_true (g_file_get_contents (f->path, &half, &len, NULL));
  g_assert_true (g_str_has_prefix (half, "---\ntitle: A much longer"));

  billet_document_bars_set_document (BILLET_DOCUMENT_BARS (bars), f->document);
  g_assert_true (billet_test_load_document (f->document, f->file, &error));
  g_assert_no_error (error);
  fm = text_of (front_matter (f));
  g_assert_cmpstr (fm, ==, "title: Old title\n");
  assert_file (f->path, old->str, (gssize) old->len);
  assert_file (link_path, old->str, (gssize) old->len);
  g_assert_true (billet_info_bar_get_revealed (bar));
  g_assert_cmpstr (billet_info_bar_get_title (bar), ==, "An interrupted save was put right");
  g_assert_nonnull (strstr (billet_info_bar_get_message (bar), "put its previous text back"));

  billet_info_bar_respond (bar, "dismiss-recovery");
  g_assert_false (billet_info_bar_get_revealed (bar));
  billet_document_bars_set_document (BILLET_DOCUMENT_BARS (bars), NULL);
  g_object_unref (bars);
}

/* A bar never widens its pane: hidden it takes no width (a revealer asks
 * for its child's whole width even while hidden), shown it asks for its
 * minimum, and its buttons go on more lines rather than side by side in
 * a narrow pane. The preview's remote-images bar, hidden, had the window
 * fold its sidebar away at its default width. */
static void
test_bar_width (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *bar = billet_info_bar_new (BILLET_INFO_BAR_INFO);
  int min, nat, one_line, three_lines, widest = 0;

  /* Shown at once, not over a transition. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  billet_info_bar_set_title (BILLET_INFO_BAR (bar), "This post has remote images");
  billet_info_bar_set_message (BILLET_INFO_BAR (bar), "Loading them tells their servers you read it.");
  for (guint i = 0; i < 3; i++)
    {
      GtkWidget *button = billet_info_bar_add_button (BILLET_INFO_BAR (bar),
                                                      "A button with a long label", "r");
      int button_min;

      gtk_widget_measure (button, GTK_ORIENTATION_HORIZONTAL, -1, &button_min, NULL, NULL, NULL);
      widest = MAX (widest, button_min);
    }
  gtk_window_set_child (GTK_WINDOW (window), bar);

  gtk_widget_measure (bar, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, 0);
  g_assert_cmpint (nat, ==, 0);

  billet_info_bar_set_revealed (BILLET_INFO_BAR (bar), TRUE);
  gtk_widget_measure (bar, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (nat, ==, min);
  g_assert_cmpint (min, <, 2 * widest);
  gtk_widget_measure (bar, GTK_ORIENTATION_VERTICAL, 4000, NULL, &one_line, NULL, NULL);
  gtk_widget_measure (bar, GTK_ORIENTATION_VERTICAL, min, NULL, &three_lines, NULL, NULL);
  g_assert_cmpint (three_lines, >, one_line);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
count_cb (guint *count)
{
  (*count)++;
}

/* Taking a tag off text that does not carry it reaches no one (GTK would
 * lay out again every line below it on screen); taking it off text that
 * does, takes it off, whichever buffer of the post. */
static void
test_remove_absent_tag (Fixture       *f,
                        gconstpointer  data)
{
  GtkTextBuffer *buffers[] = {
    GTK_TEXT_BUFFER (billet_document_get_body_buffer (f->document)),
    GTK_TEXT_BUFFER (billet_document_get_front_matter_buffer (f->document)),
  };

  for (guint i = 0; i < G_N_ELEMENTS (buffers); i++)
    {
      GtkTextBuffer *buffer = buffers[i];
      GtkTextTag *tag = gtk_text_buffer_create_tag (buffer, NULL, "foreground", "#1c71d8", NULL);
      GtkTextIter start, end;
      guint removed = 0;

      gtk_text_buffer_set_text (buffer, "One\nTwo two\nThree\n", -1);
      /* After the buffer's own handler, so as to count what it does. */
      g_signal_connect_data (buffer, "remove-tag", G_CALLBACK (count_cb), &removed, NULL,
                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);

      gtk_text_buffer_get_iter_at_line_offset (buffer, &start, 1, 4);
      gtk_text_buffer_get_iter_at_line_offset (buffer, &end, 1, 7);
      gtk_text_buffer_apply_tag (buffer, tag, &start, &end);

      /* Off the first line, then off the third: not there. */
      gtk_text_buffer_get_iter_at_line (buffer, &start, 0);
      gtk_text_buffer_get_iter_at_line_offset (buffer, &end, 0, 3);
      gtk_text_buffer_remove_tag (buffer, tag, &start, &end);
      gtk_text_buffer_get_iter_at_line (buffer, &start, 2);
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_remove_tag (buffer, tag, &start, &end);
      /* Up to where it starts: still not there. */
      gtk_text_buffer_get_iter_at_line_offset (buffer, &start, 1, 0);
      gtk_text_buffer_get_iter_at_line_offset (buffer, &end, 1, 4);
      gtk_text_buffer_remove_tag (buffer, tag, &start, &end);
      g_assert_cmpuint (removed, ==, 0);

      /* Over a range that starts before it: gone. */
      gtk_text_buffer_get_iter_at_line (buffer, &start, 1);
      gtk_text_buffer_get_iter_at_line_offset (buffer, &end, 1, 5);
      gtk_text_buffer_remove_tag (buffer, tag, &start, &end);
      g_assert_cmpuint (removed, ==, 1);
      g_assert_false (gtk_text_iter_has_tag (&start, tag));
      gtk_text_buffer_get_iter_at_line_offset (buffer, &start, 1, 4);
      g_assert_false (gtk_text_iter_has_tag (&start, tag));
      gtk_text_buffer_get_iter_at_line_offset (buffer, &start, 1, 5);
      g_assert_true (gtk_text_iter_has_tag (&start, tag));

      /* Over a range that starts inside it: gone. */
      gtk_text_buffer_get_iter_at_line_offset (buffer, &end, 2, 2);
      gtk_text_buffer_remove_tag (buffer, tag, &start, &end);
      g_assert_cmpuint (removed, ==, 2);
      g_assert_false (gtk_text_iter_has_tag (&start, tag));
      g_signal_handlers_disconnect_by_data (buffer, &removed);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = billet_test_isolate_home ("document");
  int status;

  gtk_test_init (&argc, &argv, NULL);
  g_assert_nonnull (billet_get_resource ());

#define ADD(path, contents, func) \
  g_test_add ("/billet/document/" path, Fixture, contents, fixture_setup, func, fixture_teardown)
#define POST "---\ntitle: Hello\n---\nBody.\n"
#define LINES "---\ntitle: Hello\n---\nFirst line.\nSecond line.\nThird line.\n"

  ADD ("draft", POST, test_draft);
  ADD ("draft-untitled", NULL, test_draft_untitled);
  ADD ("reload-clean", LINES, test_reload_clean);
  ADD ("reload-toml", LINES, test_reload_toml);
  ADD ("changed-while-modified", POST, test_changed_while_modified);
  ADD ("deleted-while-open", POST, test_deleted_while_open);
  ADD ("cp1252", NULL, test_cp1252);
  ADD ("stray-bytes", NULL, test_stray);
  ADD ("mojibake", NULL, test_mojibake);
  ADD ("mojibake-bom", NULL, test_mojibake_bom);
  ADD ("binary", NULL, test_binary);
  g_test_add_func ("/billet/document/bar-width", test_bar_width);
  ADD ("utf16", NULL, test_utf16);
  ADD ("save-full-disk", NULL, test_save_full_disk);
  ADD ("draft-full-disk", POST, test_draft_full_disk);
  ADD ("interrupted-save", NULL, test_interrupted_save);
  ADD ("remove-absent-tag", NULL, test_remove_absent_tag);

#undef ADD

  status = g_test_run ();
  billet_test_remove_tree (home);
  return status;
}
