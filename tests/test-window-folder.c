/* test-window-folder.c — a folder of posts in the editor window, on a real display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case copies fixtures/site/ (a small Hugo site: two sections, a page
 * bundle, a draft, a post dated in the future, one with invalid front
 * matter, one named as Jekyll names posts) to a folder of its own, opens
 * it in a BilletWindow and waits for the sidebar's list to be complete.
 * Then it works as an author would: filters, opens posts from the sidebar,
 * edits and switches between them, saves each and compares the bytes, and
 * changes files behind the window's back. Every wait has a deadline.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "billet-test-utils.h"
#include "billet-test-gtk-utils.h"
#include "billet-test-ui-utils.h"
#include "billet-application.h"
#include "billet-document.h"
#include "billet-new-post.h"
#include "billet-post-form-private.h"
#include "billet-resources.h"
#include "billet-sidebar.h"
#include "billet-window.h"

#define DEADLINE_SECONDS 20

static BilletApplication *app;

typedef struct
{
  char          *dir;
  char          *site;
  BilletWindow  *window;
} Fixture;

/* Files */

static char *
site_path (Fixture    *f,
           const char *rel)
{
  return g_build_filename (f->site, rel, NULL);
}

static char *
read_file (Fixture    *f,
           const char *rel)
{
  g_autofree char *path = site_path (f, rel);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static void
write_file (Fixture    *f,
            const char *rel,
            const char *contents)
{
  g_autofree char *path = site_path (f, rel);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

/* The window */

static BilletSidebar *
get_sidebar (Fixture *f)
{
  return BILLET_SIDEBAR (billet_window_get_sidebar (f->window));
}

static GListModel *
shown (Fixture *f)
{
  return billet_sidebar_get_model (get_sidebar (f));
}

static BilletDocument *
active (Fixture *f)
{
  return billet_window_get_document (f->window);
}

static GtkTextBuffer *
get_body (Fixture *f)
{
  return GTK_TEXT_BUFFER (billet_document_get_body_buffer (active (f)));
}

static char *
body_text (Fixture *f)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (get_body (f), &start, &end);
  return gtk_text_buffer_get_text (get_body (f), &start, &end, TRUE);
}

static int
cursor_offset (Fixture *f)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (get_body (f), &iter, gtk_text_buffer_get_insert (get_body (f)));
  return gtk_text_iter_get_offset (&iter);
}

/* Types @text just after @after, as the keyboard would. */
static void
type_after (Fixture    *f,
            const char *after,
            const char *text)
{
  GtkTextBuffer *buffer = get_body (f);
  GtkTextIter start, match_start, match_end;

  gtk_widget_grab_focus (GTK_WIDGET (billet_test_window_child (f->window, "source_view")));
  gtk_text_buffer_get_start_iter (buffer, &start);
  g_assert_true (gtk_text_iter_forward_search (&start, after, 0, &match_start, &match_end, NULL));
  gtk_text_buffer_place_cursor (buffer, &match_end);
  gtk_text_buffer_begin_user_action (buffer);
  g_assert_true (gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1, TRUE));
  gtk_text_buffer_end_user_action (buffer);
}

static void
set_form_title (Fixture    *f,
                const char *title)
{
  BilletPostForm *form = BILLET_POST_FORM (billet_test_window_child (f->window, "form"));
  GtkWidget *editor = _billet_post_form_get_editor (form, "title");

  g_assert_nonnull (editor);
  gtk_widget_grab_focus (editor);
  gtk_editable_set_text (GTK_EDITABLE (editor), title);
  _billet_post_form_flush (form);
}

static const char *
form_title (Fixture *f)
{
  BilletPostForm *form = BILLET_POST_FORM (billet_test_window_child (f->window, "form"));

  return gtk_editable_get_text (GTK_EDITABLE (_billet_post_form_get_editor (form, "title")));
}

static BilletPostItem *
find_item (Fixture    *f,
           const char *title)
{
  GListModel *model = billet_post_list_get_model (billet_window_get_post_list (f->window));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(BilletPostItem) item = g_list_model_get_item (model, i);

      if (g_str_equal (billet_post_item_get_title (item), title))
        return item;  /* the store keeps it */
    }
  return NULL;
}

/* Clicks the row of the post titled @title, as the author would. */
static void
open_from_sidebar (Fixture    *f,
                   const char *title)
{
  BilletPostItem *item = find_item (f, title);

  g_assert_nonnull (item);
  g_signal_emit_by_name (get_sidebar (f), "post-activated", item);
  /* Read in a worker, unless it is open already. */
  billet_test_wait_property (f->window, "loading", FALSE, DEADLINE_SECONDS);
  g_assert_true (g_file_equal (billet_document_get_file (active (f)), billet_post_item_get_file (item)));
}

static char *
shown_titles (Fixture *f)
{
  GListModel *model = shown (f);
  g_autoptr(GString) titles = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(BilletPostItem) item = g_list_model_get_item (model, i);

      g_string_append_printf (titles, "%s%s", i ? "|" : "", billet_post_item_get_title (item));
    }
  return g_string_free (g_steal_pointer (&titles), FALSE);
}

/* Dialogs */

static AdwMessageDialog *
find_dialog (Fixture *f)
{
  return ADW_MESSAGE_DIALOG (billet_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, GTK_WINDOW (f->window)));
}

static gboolean
has_dialog (gpointer data)
{
  Fixture *f = data;

  return find_dialog (f) != NULL;
}

static gboolean
has_no_dialog (gpointer data)
{
  Fixture *f = data;

  return find_dialog (f) == NULL;
}

static void
respond (Fixture          *f,
         AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  billet_test_wait_until (has_no_dialog, f, DEADLINE_SECONDS, "the dialog to close");
}

/* Set-up */

static gboolean
is_loaded (gpointer data)
{
  Fixture *f = data;
  BilletPostList *list = billet_window_get_post_list (f->window);

  return list != NULL && !billet_post_list_get_loading (list);
}

static gboolean
is_gone (gpointer data)
{
  Fixture *f = data;

  return f->window == NULL;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;

  memset (f, 0, sizeof *f);
  f->dir = g_dir_make_tmp ("billet-folder-XXXXXX", &error);
  g_assert_no_error (error);
  f->site = billet_test_copy_site (f->dir);

  f->window = billet_window_new (app);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (f->window));

  folder = g_file_new_for_path (f->site);
  billet_window_open_folder (f->window, folder);
  billet_test_wait_until (is_loaded, f, DEADLINE_SECONDS, "the list of posts");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  AdwMessageDialog *dialog;

  if (f->window != NULL)
    {
      while ((dialog = find_dialog (f)) != NULL)
        gtk_window_destroy (GTK_WINDOW (dialog));
      gtk_window_destroy (GTK_WINDOW (f->window));
    }
  billet_test_wait_until (is_gone, f, DEADLINE_SECONDS, "the window to be finalized");
  billet_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->site);
}

/* The cases */

static gboolean
sidebar_is_mapped (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_mapped (billet_window_get_sidebar (f->window));
}

static void
test_rows (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *titles = shown_titles (f);
  BilletPostItem *item;

  g_assert_true (gtk_widget_get_visible (billet_window_get_sidebar (f->window)));
  billet_test_wait_until (sidebar_is_mapped, f, DEADLINE_SECONDS, "the sidebar on screen");

  /* Newest first; undated last. */
  g_assert_cmpstr (titles, ==,
                   "Letter to the future|Alpha in the garden|Bundle with photos|Half-written draft|"
                   "Named like Jekyll|Broken heading");

  item = find_item (f, "Alpha in the garden");
  g_assert_cmpstr (billet_post_item_get_date_label (item), ==, "March 1, 2024");
  g_assert_cmpstr (billet_post_item_get_section (item), ==, "posts");
  g_assert_false (billet_post_item_get_draft (item));
  g_assert_false (billet_post_item_get_scheduled (item));
  g_assert_null (billet_post_item_get_warning (item));

  item = find_item (f, "Bundle with photos");
  g_assert_cmpstr (billet_post_item_get_section (item), ==, "posts");
  g_assert_cmpstr (billet_post_item_get_date_label (item), ==, "February 10, 2024");

  g_assert_true (billet_post_item_get_draft (find_item (f, "Half-written draft")));
  g_assert_true (billet_post_item_get_scheduled (find_item (f, "Letter to the future")));
  g_assert_nonnull (billet_post_item_get_warning (find_item (f, "Broken heading")));

  /* Jekyll's file-name date, and a section of its own. */
  item = find_item (f, "Named like Jekyll");
  g_assert_cmpstr (billet_post_item_get_date_label (item), ==, "May 4, 2023");
  g_assert_cmpstr (billet_post_item_get_section (item), ==, "notes");
}

static void
test_filter (Fixture       *f,
             gconstpointer  data)
{
  BilletSidebar *sidebar = get_sidebar (f);
  g_autofree char *titles = NULL;

  /* Accents and case do not matter; tags count. */
  billet_sidebar_set_search (sidebar, "ECRITURE");
  titles = shown_titles (f);
  g_assert_cmpstr (titles, ==, "Alpha in the garden");
  g_clear_pointer (&titles, g_free);

  billet_sidebar_set_search (sidebar, "garden");
  titles = shown_titles (f);
  g_assert_cmpstr (titles, ==, "Alpha in the garden|Half-written draft");
  g_clear_pointer (&titles, g_free);

  billet_sidebar_set_drafts_only (sidebar, TRUE);
  titles = shown_titles (f);
  g_assert_cmpstr (titles, ==, "Half-written draft");
  g_clear_pointer (&titles, g_free);

  billet_sidebar_set_drafts_only (sidebar, FALSE);
  billet_sidebar_set_search (sidebar, "");
  /* Paths count too. */
  billet_sidebar_set_search (sidebar, "bundle-post/");
  titles = shown_titles (f);
  g_assert_cmpstr (titles, ==, "Bundle with photos");
  g_clear_pointer (&titles, g_free);
  billet_sidebar_set_search (sidebar, NULL);

  billet_sidebar_set_section (sidebar, "notes");
  titles = shown_titles (f);
  g_assert_cmpstr (titles, ==, "Named like Jekyll");
  g_clear_pointer (&titles, g_free);
  billet_sidebar_set_section (sidebar, NULL);

  billet_sidebar_set_sort (sidebar, BILLET_SIDEBAR_SORT_TITLE);
  titles = shown_titles (f);
  g_assert_cmpstr (titles, ==,
                   "Alpha in the garden|Broken heading|Bundle with photos|Half-written draft|"
                   "Letter to the future|Named like Jekyll");
}

/* A folder just opened shows what to do, not an empty "Untitled" post
 * with Save enabled; the first post opened replaces that page. */
static void
test_empty_page (Fixture       *f,
                 gconstpointer  data)
{
  GtkStack *stack = GTK_STACK (billet_test_window_child (f->window, "content_stack"));
  AdwStatusPage *page = ADW_STATUS_PAGE (billet_test_window_child (f->window, "empty_page"));

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "Choose a Post, or Create One");
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "Ctrl+N"));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "Fixture Garden");
  /* The keys do not go to the hidden editor. */
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
    GtkWidget *source_view = billet_test_window_child (f->window, "source_view");

    g_assert_true (focus == NULL || !gtk_widget_is_ancestor (focus, source_view));
    g_assert_true (focus != source_view);
  }
  /* Nothing to save: the Save button says so. */
  g_assert_false (gtk_widget_is_sensitive (billet_test_find_actionable (GTK_WIDGET (f->window), "win.save")));

  open_from_sidebar (f, "Alpha in the garden");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "editor");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "Alpha in the garden");
  g_assert_false (gtk_widget_is_sensitive (billet_test_find_actionable (GTK_WIDGET (f->window), "win.save")));
  type_after (f, "first words", " new");
  g_assert_true (gtk_widget_is_sensitive (billet_test_find_actionable (GTK_WIDGET (f->window), "win.save")));
}

static BilletPostItem *
find_item_at (Fixture    *f,
              const char *rel)
{
  g_autofree char *path = site_path (f, rel);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return billet_post_list_lookup (billet_window_get_post_list (f->window), file);
}

static gboolean
alpha_is_modified (Fixture *f)
{
  return billet_post_item_get_modified (find_item_at (f, "content/posts/alpha.md"));
}

static gboolean
alpha_row_retitled (gpointer data)
{
  Fixture *f = data;

  return find_item (f, "Alpha: retitled") != NULL;
}

static void
test_two_posts (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *alpha_before = read_file (f, "content/posts/alpha.md");
  g_autofree char *bundle_before = read_file (f, "content/posts/bundle-post/index.md");
  g_autofree char *alpha_step = billet_test_replace_once (alpha_before, "title: Alpha in the garden\n",
                                          "title: 'Alpha: retitled'\n");
  g_autofree char *alpha_expected = billet_test_replace_once (alpha_step, "first words", "first typed words");
  g_autofree char *bundle_expected = billet_test_replace_once (bundle_before, "A bundle's body.",
                                                               "A bundle's body. Edited.");
  g_autofree char *text = NULL;
  g_autofree char *alpha_now = NULL;
  g_autofree char *bundle_now = NULL;
  AdwMessageDialog *dialog;
  BilletDocument *alpha, *bundle;
  GtkWidget *extra;
  int alpha_cursor;

  billet_sidebar_set_search (get_sidebar (f), "a");

  /* The first post: the title in the form, words in the body. */
  open_from_sidebar (f, "Alpha in the garden");
  alpha = active (f);
  g_assert_cmpstr (form_title (f), ==, "Alpha in the garden");
  set_form_title (f, "Alpha: retitled");
  type_after (f, "first", " typed");
  alpha_cursor = cursor_offset (f);
  g_assert_true (billet_document_get_modified (alpha));
  g_assert_true (alpha_is_modified (f));
  /* Its row shows the title as the window has it, unsaved. */
  billet_test_wait_until (alpha_row_retitled, f, DEADLINE_SECONDS, "the row to show the unsaved title");

  /* The second one. */
  open_from_sidebar (f, "Bundle with photos");
  bundle = active (f);
  g_assert_true (bundle != alpha);
  g_assert_false (billet_document_get_modified (bundle));
  type_after (f, "body.", " Edited.");
  g_assert_true (billet_post_item_get_modified (find_item (f, "Bundle with photos")));

  /* Back and forth: each keeps its changes and its cursor. */
  open_from_sidebar (f, "Alpha: retitled");
  g_assert_true (active (f) == alpha);
  billet_test_run_for (50);
  g_assert_cmpstr (form_title (f), ==, "Alpha: retitled");
  text = body_text (f);
  g_assert_cmpstr (text, ==, "\nThe first typed words of alpha.\n");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (cursor_offset (f), ==, alpha_cursor);

  open_from_sidebar (f, "Bundle with photos");
  g_assert_true (active (f) == bundle);
  text = body_text (f);
  g_assert_cmpstr (text, ==, "\nA bundle's body. Edited.\n");
  g_clear_pointer (&text, g_free);

  /* Closing lists both unsaved posts in one dialog; cancel keeps them. */
  gtk_window_close (GTK_WINDOW (f->window));
  billet_test_wait_until (has_dialog, f, DEADLINE_SECONDS, "the unsaved-changes dialog");
  dialog = find_dialog (f);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Save Changes?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "2 posts"));
  extra = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_LIST_BOX (extra));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (GTK_LIST_BOX (extra), 0))),
                   ==, "Bundle with photos");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (GTK_LIST_BOX (extra), 1))),
                   ==, "Alpha: retitled");
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (extra), 2));
  respond (f, dialog, "cancel");
  g_assert_nonnull (f->window);

  /* Each saves to the expected bytes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL));
  billet_test_wait_property (active (f), "saving", FALSE, DEADLINE_SECONDS);
  bundle_now = read_file (f, "content/posts/bundle-post/index.md");
  g_assert_cmpstr (bundle_now, ==, bundle_expected);
  alpha_now = read_file (f, "content/posts/alpha.md");
  g_assert_cmpstr (alpha_now, ==, alpha_before);
  g_clear_pointer (&alpha_now, g_free);

  open_from_sidebar (f, "Alpha: retitled");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL));
  billet_test_wait_property (active (f), "saving", FALSE, DEADLINE_SECONDS);
  alpha_now = read_file (f, "content/posts/alpha.md");
  g_assert_cmpstr (alpha_now, ==, alpha_expected);
  g_assert_false (billet_document_get_modified (alpha));
  g_assert_false (billet_document_get_modified (bundle));
  g_assert_false (alpha_is_modified (f));

  /* Nothing left to ask about. */
  gtk_window_close (GTK_WINDOW (f->window));
  billet_test_wait_until (is_gone, f, DEADLINE_SECONDS, "the window to close");
}

static void
test_close_save_all (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *alpha_before = read_file (f, "content/posts/alpha.md");
  g_autofree char *draft_before = read_file (f, "content/posts/draft-post.md");
  g_autofree char *alpha_expected = billet_test_replace_once (alpha_before, "first words", "first new words");
  g_autofree char *draft_expected = billet_test_replace_once (draft_before, "Not yet.", "Not yet. Soon.");
  g_autofree char *alpha_now = NULL;
  g_autofree char *draft_now = NULL;

  open_from_sidebar (f, "Alpha in the garden");
  type_after (f, "first", " new");
  open_from_sidebar (f, "Half-written draft");
  type_after (f, "Not yet.", " Soon.");

  gtk_window_close (GTK_WINDOW (f->window));
  billet_test_wait_until (has_dialog, f, DEADLINE_SECONDS, "the unsaved-changes dialog");
  respond (f, find_dialog (f), "save");
  billet_test_wait_until (is_gone, f, DEADLINE_SECONDS, "the window to close");

  alpha_now = read_file (f, "content/posts/alpha.md");
  draft_now = read_file (f, "content/posts/draft-post.md");
  g_assert_cmpstr (alpha_now, ==, alpha_expected);
  g_assert_cmpstr (draft_now, ==, draft_expected);
}

/* @data: the file name of the post the check button is for. */
static gboolean
is_check_for (GtkWidget *widget,
              gpointer   data)
{
  BilletDocument *document;
  GFile *file;
  g_autofree char *base = NULL;

  if (!GTK_IS_CHECK_BUTTON (widget))
    return FALSE;
  document = g_object_get_data (G_OBJECT (widget), "document");
  file = document ? billet_document_get_file (document) : NULL;
  base = file ? g_file_get_basename (file) : NULL;
  return g_strcmp0 (base, data) == 0;
}

static GtkCheckButton *
find_check (GtkWidget  *widget,
            const char *name)
{
  return GTK_CHECK_BUTTON (billet_test_find_widget (widget, is_check_for, (gpointer) name));
}

/* The close dialog lists each unsaved post with its folder and a check
 * box: the checked ones are saved, the others lose their changes. */
static void
test_close_save_some (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *alpha_before = read_file (f, "content/posts/alpha.md");
  g_autofree char *draft_before = read_file (f, "content/posts/draft-post.md");
  g_autofree char *draft_expected = billet_test_replace_once (draft_before, "Not yet.", "Not yet. Soon.");
  g_autofree char *alpha_now = NULL;
  g_autofree char *draft_now = NULL;
  g_autofree char *labels = NULL;
  AdwMessageDialog *dialog;
  GtkCheckButton *alpha_check;

  open_from_sidebar (f, "Alpha in the garden");
  type_after (f, "first", " new");
  open_from_sidebar (f, "Half-written draft");
  type_after (f, "Not yet.", " Soon.");

  gtk_window_close (GTK_WINDOW (f->window));
  billet_test_wait_until (has_dialog, f, DEADLINE_SECONDS, "the unsaved-changes dialog");
  dialog = find_dialog (f);
  labels = billet_test_dup_labels (GTK_WIDGET (dialog));
  g_assert_nonnull (strstr (labels, "alpha.md in "));
  g_assert_nonnull (strstr (labels, "/site/content/posts\n"));
  alpha_check = find_check (GTK_WIDGET (dialog), "alpha.md");
  g_assert_nonnull (alpha_check);
  g_assert_true (gtk_check_button_get_active (alpha_check));
  gtk_check_button_set_active (alpha_check, FALSE);
  respond (f, dialog, "save");
  billet_test_wait_until (is_gone, f, DEADLINE_SECONDS, "the window to close");

  alpha_now = read_file (f, "content/posts/alpha.md");
  draft_now = read_file (f, "content/posts/draft-post.md");
  g_assert_cmpstr (alpha_now, ==, alpha_before);
  g_assert_cmpstr (draft_now, ==, draft_expected);
}

static gboolean
has_two_notes (gpointer data)
{
  Fixture *f = data;
  GListModel *model = billet_post_list_get_model (billet_window_get_post_list (f->window));
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(BilletPostItem) item = g_list_model_get_item (model, i);

      n += g_str_equal (billet_post_item_get_title (item), "Notes");
    }
  return n == 2;
}

static gboolean
sidebar_shows_folders (gpointer data)
{
  Fixture *f = data;
  g_autofree char *labels = billet_test_dup_labels (billet_window_get_sidebar (f->window));

  return strstr (labels, "\nNotes\ncontent/posts/spring\n") != NULL &&
         strstr (labels, "\nNotes\ncontent/notes\n") != NULL;
}

static gboolean
sidebar_hides_folders (gpointer data)
{
  Fixture *f = data;
  g_autofree char *labels = billet_test_dup_labels (billet_window_get_sidebar (f->window));

  return strstr (labels, "posts/spring\n") == NULL && strstr (labels, "\nNotes\ncontent/notes\n") == NULL &&
         strstr (labels, "\nNotes\n") != NULL;
}

static gboolean
recent_shows_folders (gpointer data)
{
  Fixture *f = data;
  GMenuModel *menu = G_MENU_MODEL (billet_test_window_child (f->window, "recent_section"));
  gboolean spring = FALSE, bundle = FALSE;

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        {
          spring |= g_str_equal (label, "spring/index.md");
          bundle |= g_str_equal (label, "bundle-post/index.md");
        }
    }
  return spring && bundle;
}

/* Two posts of the same title, or two files of the same name: each row
 * and each recent post says which folder it is in, and only then. */
static void
test_repeated_names (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *spring = site_path (f, "content/posts/spring");

  g_assert_cmpint (g_mkdir (spring, 0700), ==, 0);
  billet_test_run_for (300);
  write_file (f, "content/posts/spring/index.md", "---\ntitle: Notes\ndate: 2024-04-02\n---\nA bundle.\n");
  write_file (f, "content/notes/notes.md", "---\ntitle: Notes\ndate: 2024-04-01\n---\nLoose notes.\n");
  billet_test_wait_until (has_two_notes, f, DEADLINE_SECONDS, "the two posts titled Notes");
  billet_test_wait_until (sidebar_shows_folders, f, DEADLINE_SECONDS, "each row's folder");

  write_file (f, "content/posts/spring/index.md", "---\ntitle: Spring\ndate: 2024-04-02\n---\nA bundle.\n");
  billet_test_wait_until (sidebar_hides_folders, f, DEADLINE_SECONDS, "the folders to go once the titles differ");

  open_from_sidebar (f, "Bundle with photos");
  open_from_sidebar (f, "Spring");
  billet_test_wait_until (recent_shows_folders, f, DEADLINE_SECONDS, "the recent posts with their folders");
}

static GtkFileChooser *
find_chooser (void)
{
  return GTK_FILE_CHOOSER (billet_test_find_toplevel (GTK_TYPE_FILE_CHOOSER, NULL));
}

/* Shown, and in its folder (which the widget loads asynchronously). */
static gboolean
has_chooser (gpointer data)
{
  GtkFileChooser *chooser = find_chooser ();
  g_autoptr(GFile) folder = chooser ? gtk_file_chooser_get_current_folder (chooser) : NULL;

  return folder != NULL;
}

static gboolean
has_no_chooser (gpointer data)
{
  return find_chooser () == NULL;
}

static char *export_path;

static gboolean
export_written (gpointer data)
{
  return g_file_test (export_path, G_FILE_TEST_EXISTS);
}

static gboolean
export_toast_shown (gpointer data)
{
  Fixture *f = data;
  g_autofree char *labels = billet_test_dup_labels (GTK_WIDGET (f->window));

  return strstr (labels, "Exported to “alpha.html”\nOpen\n") != NULL;
}

/* Export proposes a folder beside the site, never its content; the toast
 * offers to open the page; the next export goes where the last went; a
 * folder made only to be proposed goes if nothing was written in it. */
static void
test_export_folder (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.billet.Billet");
  g_autofree char *folder = g_build_filename (f->dir, "site-export", NULL);
  GtkFileChooser *chooser;
  g_autoptr(GFile) current = NULL;
  g_autofree char *current_path = NULL;

  g_settings_set_string (settings, "last-export-folder", "");
  open_from_sidebar (f, "Alpha in the garden");

  /* Cancelled: the folder made to be proposed goes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL));
  billet_test_wait_until (has_chooser, f, DEADLINE_SECONDS, "the export's file chooser");
  chooser = find_chooser ();
  current = gtk_file_chooser_get_current_folder (chooser);
  current_path = g_file_get_path (current);
  g_assert_cmpstr (current_path, ==, folder);
  {
    g_autofree char *name = gtk_file_chooser_get_current_name (chooser);

    g_assert_cmpstr (name, ==, "alpha.html");
  }
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  billet_test_wait_until (has_no_chooser, f, DEADLINE_SECONDS, "the chooser to close");
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));

  /* Accepted: the page is written there, and the toast offers to open it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL));
  billet_test_wait_until (has_chooser, f, DEADLINE_SECONDS, "the export's file chooser");
  export_path = g_build_filename (folder, "alpha.html", NULL);
  gtk_dialog_response (GTK_DIALOG (find_chooser ()), GTK_RESPONSE_ACCEPT);
  billet_test_wait_until (export_written, f, DEADLINE_SECONDS, "the exported page");
  billet_test_wait_until (export_toast_shown, f, DEADLINE_SECONDS, "the toast with Open");
  {
    g_autofree char *last = g_settings_get_string (settings, "last-export-folder");

    g_assert_cmpstr (last, ==, folder);
  }
  g_clear_pointer (&export_path, g_free);

  /* The next export starts there, for another post too. */
  open_from_sidebar (f, "Half-written draft");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL));
  billet_test_wait_until (has_chooser, f, DEADLINE_SECONDS, "the export's file chooser");
  g_clear_object (&current);
  g_clear_pointer (&current_path, g_free);
  current = gtk_file_chooser_get_current_folder (find_chooser ());
  current_path = g_file_get_path (current);
  g_assert_cmpstr (current_path, ==, folder);
  gtk_dialog_response (GTK_DIALOG (find_chooser ()), GTK_RESPONSE_CANCEL);
  billet_test_wait_until (has_no_chooser, f, DEADLINE_SECONDS, "the chooser to close");
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  g_settings_set_string (settings, "last-export-folder", "");
}

static gboolean
has_new_row (gpointer data)
{
  Fixture *f = data;

  return find_item (f, "Written elsewhere") != NULL;
}

static gboolean
draft_is_gone (gpointer data)
{
  Fixture *f = data;

  return find_item (f, "Half-written draft") == NULL;
}

static gboolean
alpha_is_renamed (gpointer data)
{
  Fixture *f = data;

  return find_item (f, "Alpha, edited elsewhere") != NULL;
}

static gboolean
has_new_bundle (gpointer data)
{
  Fixture *f = data;

  return find_item (f, "A bundle made later") != NULL;
}

static void
test_monitor (Fixture       *f,
              gconstpointer  data)
{
  GListModel *model = billet_post_list_get_model (billet_window_get_post_list (f->window));
  g_autofree char *path = site_path (f, "content/posts/draft-post.md");
  g_autofree char *bundle_dir = site_path (f, "content/posts/later");
  BilletPostItem *alpha = find_item (f, "Alpha in the garden");

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 6);

  write_file (f, "content/posts/new-one.md", "---\ntitle: Written elsewhere\ndate: 2024-04-01\n---\n\nHi.\n");
  billet_test_wait_until (has_new_row, f, DEADLINE_SECONDS, "the new post's row");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 7);

  g_assert_cmpint (g_unlink (path), ==, 0);
  billet_test_wait_until (draft_is_gone, f, DEADLINE_SECONDS, "the deleted post's row to go");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 6);

  /* Edited outside: the same row, updated. */
  write_file (f, "content/posts/alpha.md", "---\ntitle: Alpha, edited elsewhere\ndate: 2024-03-01\n---\n");
  billet_test_wait_until (alpha_is_renamed, f, DEADLINE_SECONDS, "the edited post's row");
  g_assert_true (find_item (f, "Alpha, edited elsewhere") == alpha);

  /* A new folder, then a bundle in it. */
  g_assert_cmpint (g_mkdir (bundle_dir, 0700), ==, 0);
  billet_test_run_for (300);
  write_file (f, "content/posts/later/index.md", "---\ntitle: A bundle made later\n---\n");
  billet_test_wait_until (has_new_bundle, f, DEADLINE_SECONDS, "the new bundle's row");
}

static gboolean
has_jane_rows (gpointer data)
{
  Fixture *f = data;

  return find_item (f, "By Jane") != NULL && find_item (f, "Also by Jane") != NULL;
}

static GtkWidget *
author_row (Fixture *f)
{
  BilletPostForm *form = BILLET_POST_FORM (billet_test_window_child (f->window, "form"));

  return _billet_post_form_get_editor (form, "author");
}

static gboolean
author_is_offered (gpointer data)
{
  Fixture *f = data;
  BilletPostForm *form = BILLET_POST_FORM (billet_test_window_child (f->window, "form"));
  BilletCompletion *completion = _billet_post_form_get_completion (form, "author");

  return completion != NULL &&
         gtk_widget_get_visible (GTK_WIDGET (billet_completion_get_popover (completion)));
}

/* A one-line author completes from the authors the folder's posts use,
 * which the window hands to the form after the list changed. */
static void
test_author_suggestions (Fixture       *f,
                         gconstpointer  data)
{
  BilletPostForm *form = BILLET_POST_FORM (billet_test_window_child (f->window, "form"));
  GtkListBox *list;
  GtkWidget *label;

  write_file (f, "content/posts/by-jane.md", "---\ntitle: By Jane\nauthor: Jane Doe\n---\n\nHi.\n");
  write_file (f, "content/posts/also-jane.md",
              "---\ntitle: Also by Jane\nauthors: [Jane Doe, Bob]\n---\n\nHo.\n");
  billet_test_wait_until (has_jane_rows, f, DEADLINE_SECONDS, "the new posts' rows");

  open_from_sidebar (f, "By Jane");
  g_assert_nonnull (author_row (f));
  gtk_widget_grab_focus (author_row (f));
  gtk_editable_set_text (GTK_EDITABLE (author_row (f)), "ja");
  billet_test_wait_until (author_is_offered, f, DEADLINE_SECONDS, "the site's authors under the author row");

  list = billet_completion_get_list (_billet_post_form_get_completion (form, "author"));
  label = gtk_list_box_row_get_child (gtk_list_box_get_row_at_index (list, 0));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "Jane Doe (2)");
  g_assert_null (gtk_list_box_get_row_at_index (list, 1));
}

static gboolean
is_new_post_open (gpointer data)
{
  Fixture *f = data;
  GFile *file = billet_document_get_file (active (f));
  g_autofree char *name = file ? g_file_get_basename (file) : NULL;

  return name != NULL && g_str_has_prefix (name, "cafe-au-lait-notes");
}

static gboolean
is_second_new_post_open (gpointer data)
{
  Fixture *f = data;
  GFile *file = billet_document_get_file (active (f));
  g_autofree char *path = file ? g_file_get_path (file) : NULL;

  return path != NULL && g_str_has_suffix (path, "/content/posts/cafe-au-lait-notes-2.md");
}

static gboolean
has_cafe_row (gpointer data)
{
  Fixture *f = data;

  return find_item (f, "Café au lait: notes") != NULL;
}

static void
test_new_post (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *contents = NULL;
  g_autofree char *expected_start = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%dT");
  AdwMessageDialog *dialog;
  GtkEditable *entry;

  open_from_sidebar (f, "Alpha in the garden");
  type_after (f, "first", " kept");
  /* The folder was read a moment ago: the new post is dated after that. */
  billet_test_run_for (1100);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new", NULL));
  billet_test_wait_until (has_dialog, f, DEADLINE_SECONDS, "the new post's dialog");
  dialog = find_dialog (f);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "New Post");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "create"));
  entry = g_object_get_data (G_OBJECT (dialog), "entry");
  gtk_editable_set_text (entry, "Café au lait: notes");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "create"));
  respond (f, dialog, "create");

  /* The slug, in the section of the post on screen, from the archetype. */
  billet_test_wait_until (is_new_post_open, f, DEADLINE_SECONDS, "the new post");
  contents = read_file (f, "content/posts/cafe-au-lait-notes.md");
  g_assert_true (g_str_has_prefix (contents, "---\ntitle: \"Café au lait: notes\"\ndate: "));
  g_assert_nonnull (strstr (contents, today));
  g_assert_nonnull (strstr (contents, "\ndraft: true\ntags: []\n---\n"));
  g_assert_cmpstr (form_title (f), ==, "Café au lait: notes");
  g_assert_true (g_str_has_suffix (contents, "\n"));
  billet_test_wait_until (has_cafe_row, f, DEADLINE_SECONDS, "the new post's row");
  /* Its badges are right at once: a draft, not scheduled (it is dated now). */
  g_assert_true (billet_post_item_get_draft (find_item (f, "Café au lait: notes")));
  g_assert_false (billet_post_item_get_scheduled (find_item (f, "Café au lait: notes")));

  /* The post left is still open, with its change. */
  open_from_sidebar (f, "Alpha in the garden");
  g_assert_true (billet_document_get_modified (active (f)));

  /* The same title again: no collision. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new", NULL));
  billet_test_wait_until (has_dialog, f, DEADLINE_SECONDS, "the new post's dialog");
  dialog = find_dialog (f);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "entry"), "Café au lait: notes");
  respond (f, dialog, "create");
  billet_test_wait_until (is_second_new_post_open, f, DEADLINE_SECONDS, "the second new post");
  g_clear_pointer (&contents, g_free);
  contents = read_file (f, "content/posts/cafe-au-lait-notes-2.md");
  g_assert_true (g_str_has_prefix (contents, "---\ntitle: \"Café au lait: notes\""));
}

static void
test_new_post_pieces (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2024-05-06T07:08:09+02:00", NULL);
  g_autofree char *slug = billet_new_post_slug ("  Écrire à l'aube — « vite » ! ");
  g_autofree char *bare = billet_new_post_contents (NULL, "Plain title", now, TRUE);
  g_autofree char *timed = billet_new_post_contents (NULL, "Title: with colon", now, FALSE);
  g_autofree char *hugo = billet_new_post_contents ("+++\ntitle = '{{ replace .File.ContentBaseName \"-\" \" \" | title }}'\n"
                                                     "date = {{ .Date }}\n{{ .Site.Title }}\n+++\n",
                                                     "It's here", now, FALSE);

  g_assert_cmpstr (slug, ==, "ecrire-a-laube-vite");
  g_assert_cmpstr (bare, ==, "---\ntitle: Plain title\ndate: 2024-05-06\ndraft: true\ntags: []\n---\n\n");
  g_assert_cmpstr (timed, ==,
                   "---\ntitle: \"Title: with colon\"\ndate: 2024-05-06T07:08:09+02:00\ndraft: true\ntags: []\n---\n\n");
  /* TOML's literal strings cannot hold a quote: the title becomes a basic string. */
  g_assert_cmpstr (hugo, ==, "+++\ntitle = \"It's here\"\ndate = 2024-05-06T07:08:09+02:00\n{{ .Site.Title }}\n+++\n");
  {
    g_autofree char *apostrophe = billet_new_post_contents ("+++\ntitle = '{{ .Name }}'\n+++\n", "L'été", now, FALSE);
    g_autofree char *literal = billet_new_post_contents ("+++\ntitle = '{{ .Name }}'\n+++\n", "Été", now, FALSE);
    g_autofree char *basic = billet_new_post_contents ("+++\ntitle = \"{{ .Name }}\"\n+++\n", "Say \"hi\"", now, FALSE);
    const char * const posts[] = { apostrophe, literal, basic };
    const char * const titles[] = { "L'été", "Été", "Say \"hi\"" };

    g_assert_cmpstr (apostrophe, ==, "+++\ntitle = \"L'été\"\n+++\n");
    g_assert_cmpstr (literal, ==, "+++\ntitle = 'Été'\n+++\n");
    g_assert_cmpstr (basic, ==, "+++\ntitle = \"Say \\\"hi\\\"\"\n+++\n");
    /* Valid TOML, with the title typed */
    for (guint i = 0; i < G_N_ELEMENTS (posts); i++)
      {
        g_autoptr(BilletPost) post = billet_post_new_from_data (posts[i], strlen (posts[i]));
        g_autofree char *title = billet_post_dup_string (post, "title");

        g_assert_cmpstr (title, ==, titles[i]);
      }
  }
  {
    /* An archetype without a final line break still makes a text file. */
    g_autofree char *unended = billet_new_post_contents ("---\ntitle: \"{{ .Name }}\"\n---", "T", now, FALSE);

    g_assert_true (g_str_has_suffix (unended, "---\n"));
  }
}

/* `billet FOLDER` */
static void
test_open_directory (void)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "fixtures", "site", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (source);
  GList *before = gtk_application_get_windows (GTK_APPLICATION (app));
  guint n_before = g_list_length (before);
  Fixture f = { 0 };
  GtkWindow *window;

  g_application_open (G_APPLICATION (app), &folder, 1, "");
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, n_before + 1);
  window = gtk_application_get_windows (GTK_APPLICATION (app))->data;
  f.window = BILLET_WINDOW (window);
  g_object_add_weak_pointer (G_OBJECT (f.window), (gpointer *) &f.window);
  /* The site's configuration is read in a worker, then the posts. */
  billet_test_wait_until (is_loaded, &f, DEADLINE_SECONDS, "the list of posts");
  g_assert_nonnull (billet_window_get_post_list (f.window));
  g_assert_cmpuint (g_list_model_get_n_items (shown (&f)), ==, 6);
  g_assert_true (gtk_widget_get_visible (billet_window_get_sidebar (f.window)));
  gtk_window_destroy (window);
  billet_test_wait_until (is_gone, &f, DEADLINE_SECONDS, "the window to go");
}

/* An Astro site: its .mdx posts are listed, by the dates JavaScript
 * reads, and what it cannot read is named in the sidebar's footer. */
static void
test_astro_site (void)
{
  g_autofree char *dir = billet_test_copy_fixture ("sites/astro");
  g_autofree char *site = g_build_filename (dir, "astro", NULL);
  g_autofree char *adoc = g_build_filename (site, "src", "content", "blog", "glossaire.adoc", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (site);
  g_autofree char *titles = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *notes;
  gboolean named = FALSE;
  Fixture f = { 0 };

  g_file_set_contents (adoc, "= Glossaire\nDes mots de relieur.\n", -1, &error);
  g_assert_no_error (error);
  f.window = billet_window_new (app);
  g_object_add_weak_pointer (G_OBJECT (f.window), (gpointer *) &f.window);
  gtk_window_present (GTK_WINDOW (f.window));
  billet_window_open_folder (f.window, folder);
  billet_test_wait_until (is_loaded, &f, DEADLINE_SECONDS, "the list of posts");

  titles = shown_titles (&f);
  g_assert_cmpstr (titles, ==,
                   "Le papier japonais|La colle d’amidon|Premier atelier de reliure|Les outils de base");
  g_assert_cmpstr (billet_post_item_get_date_label (find_item (&f, "Premier atelier de reliure")), ==,
                   "July 8, 2022");
  g_assert_cmpstr (billet_post_item_get_date_label (find_item (&f, "Le papier japonais")), ==,
                   "July 8, 2023");

  notes = billet_post_list_get_notes (billet_window_get_post_list (f.window));
  for (guint i = 0; i < notes->len; i++)
    {
      const BilletIndexNote *note = g_ptr_array_index (notes, i);

      if (g_str_equal (note->path, "src/content/blog/glossaire.adoc"))
        named = TRUE;
    }
  g_assert_true (named);

  gtk_window_destroy (GTK_WINDOW (f.window));
  billet_test_wait_until (is_gone, &f, DEADLINE_SECONDS, "the window to go");
  billet_test_remove_tree (dir);
}

/* A multilingual Hugo site: every language's posts, and a filter for one. */
static void
test_languages (void)
{
  g_autofree char *dir = billet_test_copy_fixture ("sites/hugo-config-dir");
  g_autofree char *site = g_build_filename (dir, "hugo-config-dir", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (site);
  g_autofree char *titles = NULL;
  BilletSidebar *sidebar;
  Fixture f = { 0 };

  f.window = billet_window_new (app);
  g_object_add_weak_pointer (G_OBJECT (f.window), (gpointer *) &f.window);
  gtk_window_present (GTK_WINDOW (f.window));
  billet_window_open_folder (f.window, folder);
  billet_test_wait_until (is_loaded, &f, DEADLINE_SECONDS, "the list of posts");
  sidebar = get_sidebar (&f);

  titles = shown_titles (&f);
  g_assert_cmpstr (titles, ==, "Cycling up the Galibier|Le col du Galibier à vélo|Carnets de route|Travel notes");
  g_clear_pointer (&titles, g_free);

  billet_sidebar_set_language (sidebar, "en");
  titles = shown_titles (&f);
  g_assert_cmpstr (titles, ==, "Cycling up the Galibier|Travel notes");
  g_clear_pointer (&titles, g_free);

  billet_sidebar_set_language (sidebar, "fr");
  titles = shown_titles (&f);
  g_assert_cmpstr (titles, ==, "Le col du Galibier à vélo|Carnets de route");
  g_clear_pointer (&titles, g_free);

  billet_sidebar_set_language (sidebar, NULL);
  titles = shown_titles (&f);
  g_assert_cmpstr (titles, ==, "Cycling up the Galibier|Le col du Galibier à vélo|Carnets de route|Travel notes");

  gtk_window_destroy (GTK_WINDOW (f.window));
  billet_test_wait_until (is_gone, &f, DEADLINE_SECONDS, "the window to go");
  billet_test_remove_tree (dir);
}

/* Translations by file name: the menu opens the shown post in its other
 * language, beside it. */
static void
test_translations (void)
{
  g_autofree char *dir = billet_test_copy_fixture ("sites/hugo-translations");
  g_autofree char *site = g_build_filename (dir, "hugo-translations", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (site);
  g_autoptr(GVariant) target = NULL;
  g_autofree char *label = NULL;
  g_autofree char *french = NULL;
  GMenuModel *menu;
  Fixture f = { 0 };

  f.window = billet_window_new (app);
  g_object_add_weak_pointer (G_OBJECT (f.window), (gpointer *) &f.window);
  gtk_window_present (GTK_WINDOW (f.window));
  billet_window_open_folder (f.window, folder);
  billet_test_wait_until (is_loaded, &f, DEADLINE_SECONDS, "the list of posts");

  open_from_sidebar (&f, "Baking bread at home");
  menu = billet_window_get_translations (f.window);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 1);
  g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  g_assert_cmpstr (label, ==, "Translation: Faire son pain à la maison (fr)");
  target = g_menu_model_get_item_attribute_value (menu, 0, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
  french = g_file_get_uri (billet_post_item_get_file (find_item (&f, "Faire son pain à la maison")));
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, french);

  /* Opened from there, the French post offers the English one */
  gtk_widget_activate_action_variant (GTK_WIDGET (f.window), "win.open-translation", target);
  billet_test_wait_property (f.window, "loading", FALSE, DEADLINE_SECONDS);
  g_assert_cmpstr (form_title (&f), ==, "Faire son pain à la maison");
  g_clear_pointer (&label, g_free);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 1);
  g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  g_assert_cmpstr (label, ==, "Translation: Baking bread at home (en)");

  /* A post with no translation offers none */
  open_from_sidebar (&f, "Release v2");
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 0);

  gtk_window_destroy (GTK_WINDOW (f.window));
  billet_test_wait_until (is_gone, &f, DEADLINE_SECONDS, "the window to go");
  billet_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = billet_test_isolate_home ("folder");
  int status;

  /* Dates in the sidebar are in the locale's words: English here. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  g_setenv ("TZ", "UTC", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  g_assert_nonnull (billet_get_resource ());

  app = billet_test_application_new ("org.billet.BilletFolderTest", G_APPLICATION_HANDLES_OPEN);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

#define ADD(path, func) \
  g_test_add ("/billet/window-folder/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("rows", test_rows);
  ADD ("empty-page", test_empty_page);
  ADD ("filter", test_filter);
  ADD ("two-posts", test_two_posts);
  ADD ("close-save-all", test_close_save_all);
  ADD ("close-save-some", test_close_save_some);
  ADD ("repeated-names", test_repeated_names);
  ADD ("export-folder", test_export_folder);
  ADD ("monitor", test_monitor);
  ADD ("author-suggestions", test_author_suggestions);
  ADD ("new-post", test_new_post);
  g_test_add_func ("/billet/window-folder/new-post-pieces", test_new_post_pieces);
  g_test_add_func ("/billet/window-folder/open-directory", test_open_directory);
  g_test_add_func ("/billet/window-folder/astro-site", test_astro_site);
  g_test_add_func ("/billet/window-folder/languages", test_languages);
  g_test_add_func ("/billet/window-folder/translations", test_translations);

#undef ADD

  status = g_test_run ();

  g_clear_object (&app);
  billet_test_remove_tree (home);
  return status;
}
