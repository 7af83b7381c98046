/* test-window.c — the editor window, driven as an author would, on a real display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case copies a post from fixtures/window/ to a folder of its own,
 * opens it in a BilletWindow of a test application, and waits for the
 * preview's first page. It then edits through the form and the source view,
 * asks the page itself what it shows (evaluate_javascript), saves through
 * the window's actions and compares the file's bytes. Every wait has a
 * deadline, so a hung web process or a dialog that never comes fails the
 * test instead of blocking it.
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <webkit/webkit.h>

#include "billet-test-utils.h"
#include "billet-test-gtk-utils.h"
#include "billet-test-ui-utils.h"
#include "billet-application.h"
#include "billet-document.h"
#include "billet-post-form-private.h"
#include "billet-preview.h"
#include "billet-resources.h"
#include "billet-source-view.h"
#include "billet-window.h"

/* Generous: the first case also starts WebKit's processes. Each wait's
 * deadline is this times billet_test_slowdown(). */
#define DEADLINE_SECONDS 30
/* How long the main loop may be held, as in test-responsive.c. */
#define MAX_STALL_MS 250

static BilletApplication *app;

typedef struct
{
  char                     *dir;
  char                     *path;
  GFile                    *file;
  char                     *original;
  gsize                     original_len;
  BilletWindow             *window;
  BilletTestPreviewTracker  tracker;
} Fixture;

/* The page */

/* The page's answer to @script, as a string ("true", "42", text). */
static char *
eval (Fixture    *f,
      const char *script)
{
  return billet_test_eval_js (billet_test_preview_web_view (&f->tracker), script, DEADLINE_SECONDS);
}

#define assert_eval(f, script, expected) \
  G_STMT_START { \
    g_autofree char *result_ = eval ((f), (script)); \
    g_assert_cmpstr (result_, ==, (expected)); \
  } G_STMT_END

/* Asks @script after each update until the page answers @expected: edits
 * may reach the page in one patch or in several. */
static void
wait_for_eval (Fixture    *f,
               const char *script,
               const char *expected)
{
  g_autofree char *result = billet_test_wait_for_js (billet_test_preview_web_view (&f->tracker),
                                                     script, expected, DEADLINE_SECONDS);

  g_assert_cmpstr (result, ==, expected);
}

/* Waits for the preview's next "updated": call it after the change that causes it. */
static void
wait_updated (Fixture *f)
{
  billet_test_preview_wait_update (&f->tracker, DEADLINE_SECONDS);
}

/* The window */

static BilletPostForm *
get_form (Fixture *f)
{
  return BILLET_POST_FORM (billet_test_window_child (f->window, "form"));
}

static GtkTextBuffer *
get_body (Fixture *f)
{
  return GTK_TEXT_BUFFER (billet_document_get_body_buffer (billet_window_get_document (f->window)));
}

static const char *
label_text (Fixture    *f,
            const char *name)
{
  /* The status line's texts are inscriptions. */
  return billet_test_widget_text (GTK_WIDGET (billet_test_window_child (f->window, name)));
}

/* Types @text in the source view just after @after (else at the end), as
 * the keyboard would: cursor there, an interactive insertion in one user
 * action. */
static void
type_after (Fixture    *f,
            const char *after,
            const char *text)
{
  GtkTextBuffer *buffer = get_body (f);
  GtkTextIter start, match_start, match_end;

  gtk_widget_grab_focus (GTK_WIDGET (billet_test_window_child (f->window, "source_view")));
  if (after == NULL)
    gtk_text_buffer_get_end_iter (buffer, &match_end);
  else
    {
      gtk_text_buffer_get_start_iter (buffer, &start);
      g_assert_true (gtk_text_iter_forward_search (&start, after, 0, &match_start, &match_end, NULL));
    }
  gtk_text_buffer_place_cursor (buffer, &match_end);
  gtk_text_buffer_begin_user_action (buffer);
  g_assert_true (gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1, TRUE));
  gtk_text_buffer_end_user_action (buffer);
}

static char *
body_text (Fixture *f)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (get_body (f), &start, &end);
  return gtk_text_buffer_get_text (get_body (f), &start, &end, TRUE);
}

static gboolean
save_enabled (Fixture *f)
{
  /* The widget of the window whose action is win.save: the Save button. */
  GtkWidget *button = billet_test_find_actionable (GTK_WIDGET (f->window), "win.save");

  g_assert_nonnull (button);
  /* An actionable widget follows its action's enabled state. */
  return gtk_widget_get_sensitive (button);
}

static gboolean
is_modified (Fixture *f)
{
  return billet_document_get_modified (billet_window_get_document (f->window));
}

static void
assert_title_modified (Fixture  *f,
                       gboolean  modified)
{
  const char *title = gtk_window_get_title (GTK_WINDOW (f->window));

  g_assert_nonnull (title);
  if (modified)
    g_assert_true (g_str_has_prefix (title, "• "));
  else
    g_assert_false (g_str_has_prefix (title, "• "));
  g_assert_cmpint (is_modified (f), ==, modified);
}

/* The file on disk, byte for byte. */
static void
assert_file_bytes (Fixture    *f,
                   const char *expected,
                   gsize       expected_len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (f->path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, len, expected, expected_len);
}

/* Which file is at f->path, and when it was last written: a save that
 * rewrites it, even with the same bytes, changes one or the other. */
static char *
file_stamp (Fixture *f)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GINT64_FORMAT ".%09ld",
                          (guint64) st.st_ino, (gint64) st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

/* A save runs in a worker: waits until it is over. */
static void
wait_saved (Fixture *f)
{
  billet_test_wait_property (billet_window_get_document (f->window), "saving", FALSE, DEADLINE_SECONDS);
}

/* A post opens in a worker: waits until the window shows it (or says why not). */
static void
wait_loaded (Fixture *f)
{
  billet_test_wait_property (f->window, "loading", FALSE, DEADLINE_SECONDS);
}

/* Activates win.save on an unmodified post: nothing is written. */
static void
assert_save_writes_nothing (Fixture *f)
{
  g_autofree char *before = file_stamp (f);
  g_autofree char *after = NULL;

  g_assert_false (is_modified (f));
  g_assert_false (save_enabled (f));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL);
  billet_test_iterate ();
  after = file_stamp (f);
  g_assert_cmpstr (after, ==, before);
}

/* The unsaved-changes dialog */

/* The dialog the window shows, if any: only one at a time. */
static AdwMessageDialog *
find_dialog (Fixture *f)
{
  return ADW_MESSAGE_DIALOG (billet_test_find_only_toplevel (ADW_TYPE_MESSAGE_DIALOG, GTK_WINDOW (f->window)));
}

static gboolean
has_dialog (gpointer data)
{
  return find_dialog (data) != NULL;
}

static gboolean
has_no_dialog (gpointer data)
{
  return find_dialog (data) == NULL;
}

/* Waits for the dialog that asks about unsaved changes and checks it. */
static AdwMessageDialog *
wait_dialog (Fixture *f)
{
  AdwMessageDialog *dialog;

  billet_test_wait_until (has_dialog, f, DEADLINE_SECONDS, "the unsaved-changes dialog");
  dialog = find_dialog (f);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Save Changes?");
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (adw_message_dialog_has_response (dialog, "cancel"));
  g_assert_true (adw_message_dialog_has_response (dialog, "discard"));
  g_assert_true (adw_message_dialog_has_response (dialog, "save"));
  return dialog;
}

/* Clicks the button of @response, as the author would, and waits for the
 * dialog to go. */
static void
respond (Fixture          *f,
         AdwMessageDialog *dialog,
         const char       *response)
{
  g_autofree char *label = adw_message_dialog_get_response_label (dialog, response) ?
    g_strdup (adw_message_dialog_get_response_label (dialog, response)) : NULL;
  GtkWidget *button;

  g_assert_nonnull (label);
  button = billet_test_find_button (GTK_WIDGET (dialog), label);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  billet_test_wait_until (has_no_dialog, f, DEADLINE_SECONDS, "the dialog to close");
}

/* Set-up and tear-down */

/* Copies fixtures/window/@name to a folder of its own, opens it in a new
 * window and waits for the preview's first page. */
static void
fixture_open (Fixture    *f,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "fixtures", "window", name, NULL);

  f->dir = g_dir_make_tmp ("billet-window-XXXXXX", &error);
  g_assert_no_error (error);
  g_file_get_contents (source, &f->original, &f->original_len, &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, name, NULL);
  g_file_set_contents (f->path, f->original, (gssize) f->original_len, &error);
  g_assert_no_error (error);
  f->file = g_file_new_for_path (f->path);

  f->window = billet_window_new (app);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  billet_test_preview_watch_window (&f->tracker, f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  billet_window_open_file (f->window, f->file);
  gtk_window_present (GTK_WINDOW (f->window));

  billet_test_preview_wait_page (&f->tracker, DEADLINE_SECONDS);
  g_assert_true (g_file_equal (billet_document_get_file (billet_window_get_document (f->window)), f->file));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  memset (f, 0, sizeof *f);
  fixture_open (f, data);
}

static gboolean
is_gone (gpointer data)
{
  Fixture *f = data;

  return f->window == NULL && f->tracker.preview == NULL;
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
      /* Not gtk_window_close (): a case that left changes would ask. */
      gtk_window_destroy (GTK_WINDOW (f->window));
    }
  /* The window and its preview are finalized, not merely hidden. */
  billet_test_wait_until (is_gone, f, DEADLINE_SECONDS, "the window to be finalized");

  billet_test_remove_tree (f->dir);
  g_assert_false (g_file_test (f->dir, G_FILE_TEST_EXISTS));
  g_free (f->dir);
  g_free (f->path);
  g_free (f->original);
  g_clear_object (&f->file);
}

/* The cases */

static void
test_new_destroy (void)
{
  BilletWindow *window = billet_window_new (app);

  g_object_ref_sink (window);
  g_assert_true (billet_window_is_empty (window));
  g_assert_null (billet_document_get_file (billet_window_get_document (window)));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static gboolean
window_has_dialog (gpointer data)
{
  return billet_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, data) != NULL;
}

/* A post that cannot be opened (binary here) in a new window: the error,
 * then a page saying what to do — no empty "Untitled" post behind it. */
static void
test_open_fails (void)
{
  g_autofree char *dir = g_dir_make_tmp ("billet-window-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "photo.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  BilletWindow *window = billet_window_new (app);
  GtkStack *stack;
  GtkWindow *dialog;

  g_assert_true (g_file_set_contents (path, "---\ntitle: x\n---\n\0\0\0\x89PNG", 24, NULL));
  gtk_window_present (GTK_WINDOW (window));
  billet_window_open_file (window, file);
  billet_test_wait_until (window_has_dialog, window, DEADLINE_SECONDS, "the error dialog");
  stack = GTK_STACK (billet_test_window_child (window, "content_stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (billet_test_window_child (window, "empty_page"))),
                   ==, "No Post Open");
  g_assert_null (strstr (gtk_window_get_title (GTK_WINDOW (window)), "Untitled"));
  g_assert_false (gtk_widget_is_sensitive (billet_test_find_actionable (GTK_WIDGET (window), "win.save")));

  while ((dialog = billet_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, GTK_WINDOW (window))) != NULL)
    gtk_window_destroy (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
  billet_test_run_for (50);
  billet_test_remove_tree (dir);
}

static void
test_edit_save (Fixture       *f,
                gconstpointer  data)
{
  BilletPostForm *form = get_form (f);
  GtkWidget *title = _billet_post_form_get_editor (form, "title");
  g_autofree char *step = billet_test_replace_once (f->original, "title: \"Morning pages\"\n",
                                                    "title: \"Evening pages: a sequel\"\n");
  g_autofree char *expected = billet_test_replace_once (step, "wakes up.\n",
                                                        "wakes up. Coffee comes later.\n");
  g_autofree char *body = NULL;
  const char *shown;

  /* The form shows the file's values. */
  g_assert_nonnull (title);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title)), ==, "Morning pages");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (_billet_post_form_get_editor (form, "draft"))));
  g_assert_true (_billet_post_form_get_editable (form));
  g_assert_null (_billet_post_form_get_banner (form));
  assert_title_modified (f, FALSE);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "Morning pages");
  g_assert_false (save_enabled (f));

  /* The preview shows the same post. */
  wait_for_eval (f, "(document.querySelector('h1')?.textContent ?? '')", "Morning pages");
  assert_eval (f, "document.querySelector('.post-body h1').textContent", "Why mornings");

  /* The author retitles the post in the form, then types in the body. */
  gtk_widget_grab_focus (title);
  gtk_editable_set_text (GTK_EDITABLE (title), "Evening pages: a sequel");
  _billet_post_form_flush (form);
  type_after (f, "wakes up.", " Coffee comes later.");
  body = body_text (f);
  g_assert_cmpstr (body, ==, "# Why mornings\n\nI write before the house wakes up. Coffee comes later.\n");

  /* The page follows, in one patch or two. */
  wait_updated (f);
  wait_for_eval (f, "(document.querySelector('h1')?.textContent ?? '') + '|' + "
                    "(document.querySelector('.post-body')?.textContent ?? '').includes('Coffee comes later.')",
                 "Evening pages: a sequel|true");
  assert_eval (f, "document.title", "Evening pages: a sequel");
  assert_eval (f, "document.querySelector('.post-body p').textContent",
               "I write before the house wakes up. Coffee comes later.");

  /* Modified: a dot before the title, Save enabled, the file untouched. */
  assert_title_modified (f, TRUE);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "• Evening pages: a sequel");
  g_assert_true (save_enabled (f));
  assert_file_bytes (f, f->original, f->original_len);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL));
  wait_saved (f);

  /* Only the title's value and the typed words changed: the comment, the
   * double quotes, the flow list and the rest are the file's own bytes. */
  assert_file_bytes (f, expected, strlen (expected));
  assert_title_modified (f, FALSE);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "Evening pages: a sequel");
  g_assert_false (save_enabled (f));
  g_assert_null (find_dialog (f));

  /* Saving again with nothing changed leaves the file alone. */
  billet_test_run_for (20);
  assert_save_writes_nothing (f);
  assert_file_bytes (f, expected, strlen (expected));
  shown = gtk_editable_get_text (GTK_EDITABLE (_billet_post_form_get_editor (form, "title")));
  g_assert_cmpstr (shown, ==, "Evening pages: a sequel");
}

/* Drag and drop: emits what GTK's drop target emits when files are dropped
 * on the window (a real drag needs a second client on the display). */
static gboolean
drop_file (Fixture *f,
           GFile   *file)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window));
  GtkDropTarget *target = NULL;
  GValue value = G_VALUE_INIT;
  GSList *list = g_slist_prepend (NULL, file);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);
  g_assert_true (gtk_drop_target_get_actions (target) & GDK_ACTION_COPY);

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (list));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &handled);
  g_value_unset (&value);
  g_slist_free (list);
  return handled;
}

static GFile *dropped;

static gboolean
shows_dropped (gpointer data)
{
  Fixture *f = data;

  return g_file_equal (billet_document_get_file (billet_window_get_document (f->window)), dropped);
}

static gboolean
shows_sidebar (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_visible (GTK_WIDGET (billet_test_window_child (f->window, "sidebar")));
}

/* A post dropped on the window opens there, after the unsaved-changes
 * question; a folder dropped on it opens as a site. */
static void
test_drop (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "dropped.md", NULL);
  g_autofree char *body = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (f->dir);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  g_file_set_contents (path, "---\ntitle: Dropped\n---\nArrived by mouse.\n", -1, &error);
  g_assert_no_error (error);
  dropped = g_file_new_for_path (path);

  type_after (f, "wakes up.", " Unsaved words.");
  g_assert_true (drop_file (f, dropped));
  dialog = wait_dialog (f);
  respond (f, dialog, "cancel");
  g_assert_true (g_file_equal (billet_document_get_file (billet_window_get_document (f->window)), f->file));

  g_assert_true (drop_file (f, dropped));
  dialog = wait_dialog (f);
  respond (f, dialog, "discard");
  billet_test_wait_until (shows_dropped, f, DEADLINE_SECONDS, "the dropped post");
  body = body_text (f);
  g_assert_cmpstr (body, ==, "Arrived by mouse.\n");
  assert_file_bytes (f, f->original, f->original_len);

  g_assert_false (shows_sidebar (f));
  g_assert_true (drop_file (f, folder));
  billet_test_wait_until (shows_sidebar, f, DEADLINE_SECONDS, "the dropped folder's sidebar");
  g_assert_true (shows_dropped (f));
  g_clear_object (&dropped);
}

static void
test_unsaved_dialog (Fixture       *f,
                     gconstpointer  data)
{
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;
  const char *edited = "# Why mornings\n\nI write before the house wakes up. Unsaved words.\n";

  g_assert_null (find_dialog (f));
  type_after (f, "wakes up.", " Unsaved words.");
  assert_title_modified (f, TRUE);

  /* Cancel: the window stays, with the text. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.close", NULL));
  dialog = wait_dialog (f);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Morning pages"));
  respond (f, dialog, "cancel");
  billet_test_run_for (100);
  g_assert_nonnull (f->window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));
  body = body_text (f);
  g_assert_cmpstr (body, ==, edited);
  g_clear_pointer (&body, g_free);
  assert_title_modified (f, TRUE);

  /* win.new asks too; cancel keeps the post. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new", NULL));
  dialog = wait_dialog (f);
  respond (f, dialog, "cancel");
  g_assert_true (g_file_equal (billet_document_get_file (billet_window_get_document (f->window)), f->file));
  body = body_text (f);
  g_assert_cmpstr (body, ==, edited);
  g_clear_pointer (&body, g_free);

  /* Closing the window as the window manager would asks the same. */
  gtk_window_close (GTK_WINDOW (f->window));
  dialog = wait_dialog (f);
  respond (f, dialog, "cancel");
  g_assert_nonnull (f->window);

  /* Discard: the window goes, and the file is as it was. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.close", NULL));
  dialog = wait_dialog (f);
  respond (f, dialog, "discard");
  billet_test_wait_until (is_gone, f, DEADLINE_SECONDS, "the window to be destroyed");
  assert_file_bytes (f, f->original, f->original_len);
}

static gboolean
save_is_enabled (gpointer data)
{
  return save_enabled (data);
}

/* Another program deletes a post the author has not touched: the window's
 * text is now the only copy. It counts as unsaved work: the title says so,
 * Save is enabled, closing asks, and saving writes the file again. */
static void
test_deleted_clean (Fixture       *f,
                    gconstpointer  data)
{
  AdwMessageDialog *dialog;

  assert_title_modified (f, FALSE);
  g_assert_false (save_enabled (f));
  g_assert_cmpint (g_unlink (f->path), ==, 0);
  billet_test_wait_until (save_is_enabled, f, DEADLINE_SECONDS, "Save to be enabled for the deleted post");
  assert_title_modified (f, TRUE);

  /* Closing asks; cancel keeps the window and its text. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.close", NULL));
  dialog = wait_dialog (f);
  respond (f, dialog, "cancel");
  g_assert_nonnull (f->window);

  /* Save brings the file back, byte for byte. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL));
  wait_saved (f);
  assert_file_bytes (f, f->original, f->original_len);
  assert_title_modified (f, FALSE);
  g_assert_false (save_enabled (f));
}

/* The body, from @from on, is @expected. */
static void
assert_body_from (Fixture    *f,
                  const char *from,
                  const char *expected)
{
  g_autofree char *body = body_text (f);
  const char *at = strstr (body, from);

  g_assert_nonnull (at);
  g_assert_cmpstr (at, ==, expected);
}


/* Lists as an author types them, with real key presses: Enter continues a
 * list (bullets, numbers, tasks, quotes) and ends it on an empty item,
 * Tab and Shift+Tab indent and outdent an item, Ctrl+Z undoes a
 * continuation in one step. */
static void
test_lists (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (billet_test_window_child (f->window, "source_view"));
  GtkTextBuffer *buffer = get_body (f);
  GtkTextIter end;

  billet_test_focus_window (GTK_WINDOW (f->window));
  gtk_widget_grab_focus (view);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);

  billet_test_type (view, "\nShopping:\n\n- apples\npears\n\nDone.\n");
  assert_body_from (f, "Shopping:", "Shopping:\n\n- apples\n- pears\n\nDone.\n");

  billet_test_type (view, "\n1. one\ntwo\n\n- [x] task\n");
  assert_body_from (f, "1. one", "1. one\n2. two\n\n- [x] task\n- [ ] ");
  /* Ctrl+Z takes back the continuation, in one step. */
  billet_test_press (view, "<Control>z");
  assert_body_from (f, "1. one", "1. one\n2. two\n\n- [x] task");

  /* Tab nests the item under the one before, Shift+Tab takes it out. */
  billet_test_type (view, "\n\n\n- first\nsecond");
  billet_test_press (view, "Tab");
  assert_body_from (f, "- first", "- first\n  - second");
  billet_test_type (view, "\nthird");
  assert_body_from (f, "- first", "- first\n  - second\n  - third");
  billet_test_press (view, "<Shift>Tab");
  assert_body_from (f, "- first", "- first\n  - second\n- third");

  /* Block quotes go on too; Shift+Enter is a plain line break. */
  billet_test_type (view, "\n\n\n> quoted\nmore");
  billet_test_press (view, "<Shift>Return");
  billet_test_type (view, "plain");
  assert_body_from (f, "> quoted", "> quoted\n> more\nplain");

  /* In a fenced code block, Enter is only Enter. */
  billet_test_type (view, "\n\n```\n- not a list\nx\n```\n");
  assert_body_from (f, "```", "```\n- not a list\nx\n```\n");
}

/* The gutter and the status line count the file's lines, as error
 * messages and `billet check` do — also after the front matter grew. */
static void
test_line_numbers (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.billet.Billet");
  BilletSourceView *view = BILLET_SOURCE_VIEW (billet_test_window_child (f->window, "source_view"));
  GtkTextBuffer *buffer = get_body (f);
  guint first = billet_document_get_body_line (billet_window_get_document (f->window));
  g_autofree char *gutter = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextIter start;

  g_assert_cmpuint (first, >, 1);
  g_assert_null (billet_source_view_dup_line_number (view, 0));
  g_settings_set_boolean (settings, "show-line-numbers", TRUE);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  billet_test_iterate ();

  gutter = billet_source_view_dup_line_number (view, 0);
  status = g_strdup_printf ("Ln %u, Col 1", first);
  g_assert_cmpstr (label_text (f, "position_label"), ==, status);
  g_assert_cmpuint ((guint) g_ascii_strtoull (gutter, NULL, 10), ==, first);
  g_clear_pointer (&gutter, g_free);
  g_clear_pointer (&status, g_free);

  /* One more field: the body starts a line later, in both. */
  g_assert_true (_billet_post_form_add_field (get_form (f), "subtitle", BILLET_FIELD_TEXT, &error));
  g_assert_no_error (error);
  billet_test_iterate ();
  gutter = billet_source_view_dup_line_number (view, 0);
  status = g_strdup_printf ("Ln %u, Col 1", first + 1);
  g_assert_cmpstr (label_text (f, "position_label"), ==, status);
  g_assert_cmpuint ((guint) g_ascii_strtoull (gutter, NULL, 10), ==, first + 1);

  g_settings_set_boolean (settings, "show-line-numbers", FALSE);
  g_assert_null (billet_source_view_dup_line_number (view, 0));
}

/* Opening find and replace leaves the divider between form and source
 * where the author put it. */
static void
test_replace_keeps_divider (Fixture       *f,
                            gconstpointer  data)
{
  GtkPaned *paned = GTK_PANED (billet_test_window_child (f->window, "form_paned"));
  int before;

  billet_test_run_for (200);
  before = gtk_paned_get_position (paned);
  g_assert_cmpint (before, >, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.replace", NULL));
  billet_test_run_for (400);
  g_assert_cmpint (gtk_paned_get_position (paned), ==, before);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find", NULL));
  billet_test_run_for (400);
  g_assert_cmpint (gtk_paned_get_position (paned), ==, before);
}

/* "Use the system's document font": a text font, not the monospace one. */
static void
test_system_font (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.billet.Billet");
  GtkWidget *view = GTK_WIDGET (billet_test_window_child (f->window, "source_view"));

  g_settings_set_boolean (settings, "use-system-font", FALSE);
  billet_test_iterate ();
  g_assert_true (gtk_text_view_get_monospace (GTK_TEXT_VIEW (view)));
  g_settings_set_boolean (settings, "use-system-font", TRUE);
  billet_test_iterate ();
  g_assert_false (gtk_text_view_get_monospace (GTK_TEXT_VIEW (view)));
  g_assert_false (gtk_widget_has_css_class (view, "monospace"));
}

/* "Save" in the dialog saves, then goes on with what was asked (here a new
 * post in the same window). */
static gboolean
shows_new_post (gpointer data)
{
  Fixture *f = data;

  return billet_document_get_file (billet_window_get_document (f->window)) == NULL;
}

static void
test_unsaved_dialog_save (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *expected = billet_test_replace_once (f->original, "wakes up.\n", "wakes up. Kept.\n");
  AdwMessageDialog *dialog;
  BilletDocument *document;

  type_after (f, "wakes up.", " Kept.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new", NULL));
  dialog = wait_dialog (f);
  respond (f, dialog, "save");
  /* The new post comes once the save is done. */
  billet_test_wait_until (shows_new_post, f, DEADLINE_SECONDS, "the new post, after the save");

  assert_file_bytes (f, expected, strlen (expected));
  document = billet_window_get_document (f->window);
  g_assert_null (billet_document_get_file (document));
  g_assert_false (billet_document_get_modified (document));
  g_assert_true (billet_window_is_empty (f->window));
  /* The preview follows the new, empty post. */
  wait_for_eval (f, "(document.querySelector('.post-body')?.textContent ?? '').includes('Kept.')", "false");

  /* And "discard" on win.new drops the changes of the new post. */
  type_after (f, NULL, "Scratch.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new", NULL));
  dialog = wait_dialog (f);
  respond (f, dialog, "discard");
  g_assert_true (billet_window_is_empty (f->window));
  g_assert_cmpint (gtk_text_buffer_get_char_count (get_body (f)), ==, 0);
  assert_file_bytes (f, expected, strlen (expected));

  /* Nothing to lose, nothing asked. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new", NULL));
  billet_test_iterate ();
  g_assert_null (find_dialog (f));
  g_assert_true (billet_window_is_empty (f->window));
}

#define BROKEN_TAGS_ERROR \
  "Line 5, column 6: Invalid YAML: did not find expected ',' or ']' while parsing a flow sequence"

static void
test_invalid_yaml (Fixture       *f,
                   gconstpointer  data)
{
  BilletPostForm *form = get_form (f);
  g_autofree char *expected = billet_test_replace_once (f->original, "went missing.\n", "went missing. Still.\n");
  const char *banner = _billet_post_form_get_banner (form);
  AdwMessageDialog *dialog;

  /* The error where libyaml finds it, as `billet check` reports it
   * (5:6): the ':' of "draft: true", read as an item of the list whose
   * '[' (4:7) is never closed. Lines are the file's, the opening "---"
   * being line 1. */
  g_assert_cmpstr (banner, ==, BROKEN_TAGS_ERROR);
  g_assert_false (_billet_post_form_get_editable (form));
  g_assert_nonnull (billet_document_get_front_matter_error (billet_window_get_document (f->window),
                                                            NULL, NULL));

  /* Nothing to save, and saving anyway writes nothing. */
  assert_title_modified (f, FALSE);
  assert_save_writes_nothing (f);
  assert_file_bytes (f, f->original, f->original_len);

  /* The body still previews and saves; the front matter goes back as written. */
  assert_eval (f, "(document.querySelector('.post-body')?.textContent ?? '').includes('The closing bracket went missing.')",
               "true");
  type_after (f, "went missing.", " Still.");
  assert_title_modified (f, TRUE);
  g_assert_true (save_enabled (f));

  /* Saving asks first, saying where the YAML is wrong; Cancel writes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL));
  billet_test_wait_until (has_dialog, f, DEADLINE_SECONDS, "the question before saving invalid YAML");
  dialog = find_dialog (f);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Save Invalid Front Matter?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "The front matter is not valid YAML (line 5, column 6"));
  respond (f, dialog, "cancel");
  assert_file_bytes (f, f->original, f->original_len);
  assert_title_modified (f, TRUE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL));
  billet_test_wait_until (has_dialog, f, DEADLINE_SECONDS, "the question before saving invalid YAML");
  respond (f, find_dialog (f), "save");
  wait_saved (f);
  assert_file_bytes (f, expected, strlen (expected));
  assert_title_modified (f, FALSE);
  g_assert_cmpstr (_billet_post_form_get_banner (form), ==, BROKEN_TAGS_ERROR);
  g_assert_false (_billet_post_form_get_editable (form));
}

static void
test_hostile (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *uri = NULL;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "Nothing runs here");
  uri = g_strdup (webkit_web_view_get_uri (billet_test_preview_web_view (&f->tracker)));
  g_assert_nonnull (uri);
  /* The preview's page has no file: access; its images come through its
   * own billet-image: scheme, from the post's folder. */
  g_assert_true (g_str_has_prefix (uri, "billet-image://local/"));

  assert_eval (f, "document.title", "Nothing runs here");
  assert_eval (f, "document.querySelectorAll('script').length", "0");
  assert_eval (f, "document.querySelectorAll('.post-body img[onerror], .post-body [onerror]').length", "0");
  assert_eval (f, "(document.querySelector('.post-body')?.textContent ?? '').includes('A harmless last paragraph.')",
               "true");

  /* Following the javascript: link runs nothing either. */
  assert_eval (f, "document.querySelectorAll('.post-body a').forEach(a => a.click()); 1", "1");

  /* Time for an error handler or a navigation to do its harm. */
  billet_test_run_for (500);
  assert_eval (f, "document.title", "Nothing runs here");
  g_assert_cmpstr (webkit_web_view_get_uri (billet_test_preview_web_view (&f->tracker)), ==, uri);
  assert_eval (f, "document.querySelector('header h1').textContent", "Nothing runs here");

  /* Typed in later, through a patch: the same. */
  type_after (f, "last paragraph.", "\n\n<img src=y onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>\n");
  wait_updated (f);
  billet_test_run_for (500);
  assert_eval (f, "document.title", "Nothing runs here");
  assert_eval (f, "document.querySelectorAll('script').length", "0");
  g_assert_cmpstr (webkit_web_view_get_uri (billet_test_preview_web_view (&f->tracker)), ==, uri);
}

static char *recent_uri;

static gboolean
menu_has_uri (GMenuModel *menu,
              const char *uri)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET,
                                                                          G_VARIANT_TYPE_STRING);
      g_autofree char *action = NULL;

      if (target != NULL && g_str_equal (g_variant_get_string (target, NULL), uri) &&
          g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action) &&
          g_str_equal (action, "win.open-recent"))
        return TRUE;
    }
  return FALSE;
}

static gboolean
recent_menu_lists (gpointer data)
{
  Fixture *f = data;

  return menu_has_uri (G_MENU_MODEL (billet_test_window_child (f->window, "recent_section")), recent_uri);
}

static const char *expected_label_name;
static const char *expected_label_text;

static gboolean
label_is_expected (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (label_text (f, expected_label_name), expected_label_text) == 0;
}

/* Waits for the status label @name to read @expected: the counts wait for
 * a pause in the typing. */
static void
wait_label (Fixture    *f,
            const char *name,
            const char *expected)
{
  g_autofree char *what = g_strdup_printf ("%s to read “%s” (it reads “%s”)", name, expected,
                                           label_text (f, name));

  expected_label_name = name;
  expected_label_text = expected;
  billet_test_wait_until (label_is_expected, f, DEADLINE_SECONDS, what);
  g_assert_cmpstr (label_text (f, name), ==, expected);
}

static void
test_open_recent_and_status (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *second = g_build_filename (f->dir, "second-post.md", NULL);
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "fixtures", "window", "second-post.md", NULL);
  g_autoptr(GFile) second_file = g_file_new_for_path (second);
  g_autoptr(GFile) source_file = g_file_new_for_path (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_file_get_uri (f->file);

  /* "# Why mornings / I write before the house wakes up." */
  g_assert_cmpstr (label_text (f, "words_label"), ==, "10 words");
  g_assert_cmpstr (label_text (f, "characters_label"), ==, "51 characters");
  g_assert_cmpstr (label_text (f, "reading_time_label"), ==, "1 min read");
  /* The cursor at the body's start, counted as the file's line 8. */
  g_assert_cmpstr (label_text (f, "position_label"), ==, "Ln 8, Col 1");

  type_after (f, "wakes up.", " Three more words");
  /* The cursor's place shows with the frame that shows the keys. */
  wait_label (f, "position_label", "Ln 10, Col 52");
  wait_label (f, "words_label", "13 words");
  g_assert_cmpstr (label_text (f, "characters_label"), ==, "68 characters");

  /* One word is "1 word". */
  gtk_text_buffer_set_text (get_body (f), "Alone", -1);
  wait_label (f, "words_label", "1 word");
  g_assert_cmpstr (label_text (f, "characters_label"), ==, "5 characters");
  g_assert_cmpstr (label_text (f, "position_label"), ==, "Ln 8, Col 6");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL));
  wait_saved (f);
  g_assert_false (is_modified (f));

  /* The opened post is a recent one, in the window's Recent menu. */
  g_assert_true (gtk_recent_manager_has_item (gtk_recent_manager_get_default (), uri));
  recent_uri = uri;
  billet_test_wait_until (recent_menu_lists, f, DEADLINE_SECONDS, "the recent menu to list the post");

  /* Open Recent opens another post in the same window. */
  g_file_copy (source_file, second_file, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&uri, g_free);
  uri = g_file_get_uri (second_file);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-recent", "s", uri));
  wait_loaded (f);
  g_assert_null (find_dialog (f));
  g_assert_true (g_file_equal (billet_document_get_file (billet_window_get_document (f->window)),
                               second_file));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "The second post");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (_billet_post_form_get_editor (get_form (f), "title"))),
                   ==, "The second post");
  wait_label (f, "words_label", "3 words");
  g_assert_cmpstr (label_text (f, "position_label"), ==, "Ln 4, Col 1");
  wait_for_eval (f, "(document.querySelector('h1')?.textContent ?? '')", "The second post");
  recent_uri = uri;
  billet_test_wait_until (recent_menu_lists, f, DEADLINE_SECONDS, "the recent menu to list the second post");
  recent_uri = NULL;
}

/* Another program is writing the post (it holds the writers' lock on it,
 * as `billet set` does while it writes): Billet's save waits its turn in a
 * worker. The window goes on answering and the author goes on typing; the
 * file gets the text as it was when Save was pressed, and what was typed
 * meanwhile stays a change to save. */
static void
test_save_while_typing (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *saved = billet_test_replace_once (f->original, "wakes up.\n", "wakes up. Coffee first.\n");
  g_autofree char *all = billet_test_replace_once (f->original, "wakes up.\n",
                                                   "wakes up. Coffee first. Then tea.\n");
  g_autofree char *body = NULL;
  BilletDocument *document = billet_window_get_document (f->window);
  gint64 bound = (gint64) MAX_STALL_MS * 1000 * billet_test_slowdown ();
  BilletTestProbe *probe;
  BilletTestStall stall;
  int fd;

  type_after (f, "wakes up.", " Coffee first.");
  fd = open (f->path, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);

  probe = billet_test_probe_start (10);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL));
  /* Under way, waiting its turn: one save at a time. */
  g_assert_false (save_enabled (f));
  g_assert_true (billet_document_get_saving (document));
  type_after (f, "Coffee first.", " Then tea.");
  billet_test_run_for (500);
  g_assert_true (billet_document_get_saving (document));
  assert_file_bytes (f, f->original, f->original_len);

  /* The other program is done: the save goes through. */
  g_assert_cmpint (flock (fd, LOCK_UN), ==, 0);
  close (fd);
  wait_saved (f);
  billet_test_probe_stop (probe, &stall);
  g_test_message ("save-while-typing: main loop held at most %.1f ms by its own work (longest gap %.1f ms); "
                  "bound %.0f ms", stall.held / 1000.0, stall.max / 1000.0, bound / 1000.0);
  g_assert_cmpint (stall.held, <, bound);

  /* The text as it was when Save was pressed; the rest still to save. */
  assert_file_bytes (f, saved, strlen (saved));
  body = body_text (f);
  g_assert_nonnull (strstr (body, "wakes up. Coffee first. Then tea.\n"));
  assert_title_modified (f, TRUE);
  g_assert_true (save_enabled (f));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL));
  wait_saved (f);
  assert_file_bytes (f, all, strlen (all));
  assert_title_modified (f, FALSE);
}

static gboolean
is_gone_or_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
shows_loading_page (gpointer data)
{
  GtkStack *stack = GTK_STACK (billet_test_window_child (data, "content_stack"));

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "loading") == 0;
}

#define BUSY_POST "---\ntitle: Busy\n---\nAnother program is writing this.\n"

/* The post is being written by another program when Billet opens it (its
 * lock on the post, and on its temporary file): reading waits its turn, in
 * a worker, while the window says it is opening the post. Closing the
 * window then gives the load up at once, without waiting for the other
 * program; the worker's late result goes nowhere. */
static void
test_close_while_reading (void)
{
  g_autofree char *dir = g_dir_make_tmp ("billet-window-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "busy.md", NULL);
  g_autofree char *temporary = g_build_filename (dir, ".busy.md.billet-tmp-Ab12Cd", NULL);
  g_autofree char *after = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  BilletWindow *window = billet_window_new (app);
  BilletDocument *loading;
  gint64 closed;
  int post_fd, temporary_fd;

  g_assert_true (g_file_set_contents (path, BUSY_POST, -1, NULL));
  g_assert_true (g_file_set_contents (temporary, "---\ntitle: Busy, half", -1, NULL));
  temporary_fd = open (temporary, O_RDONLY | O_CLOEXEC);
  post_fd = open (path, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (flock (temporary_fd, LOCK_EX), ==, 0);
  g_assert_cmpint (flock (post_fd, LOCK_EX), ==, 0);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  billet_window_open_file (window, file);
  billet_test_wait_until (shows_loading_page, window, DEADLINE_SECONDS, "the window to say it opens the post");
  g_assert_true (billet_window_get_loading (window));
  loading = billet_window_get_loading_document (window);
  g_assert_nonnull (loading);
  g_assert_true (billet_window_get_document (window) != loading);
  g_object_add_weak_pointer (G_OBJECT (loading), (gpointer *) &loading);

  closed = g_get_monotonic_time ();
  gtk_window_close (GTK_WINDOW (window));
  billet_test_wait_until (is_gone_or_null, &window, DEADLINE_SECONDS, "the window to go");
  billet_test_wait_until (is_gone_or_null, &loading, DEADLINE_SECONDS, "the document to go");
  /* At once, not after the other program or the writers' timeout (10 s). */
  g_assert_cmpint (g_get_monotonic_time () - closed, <, 2 * G_USEC_PER_SEC * billet_test_slowdown ());

  /* The other program is done; the worker reads, and nothing shows it. */
  close (post_fd);
  close (temporary_fd);
  billet_test_run_for (500);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, BUSY_POST);
  billet_test_remove_tree (dir);
}

/* Fix Typography (Ctrl+Shift+T, a real key press): the selection only when
 * there is one, else the whole body, never its code or links; one Ctrl+Z
 * takes the whole fix back. */
static void
test_fix_typography (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (billet_test_window_child (f->window, "source_view"));
  GtkTextBuffer *buffer = get_body (f);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  const char *body = "Bonjour ! Ça va?\n\nC'est `a: b !` et [lien](https://a.fr/l'x?y=1...) fini...\n";

  billet_test_focus_window (GTK_WINDOW (f->window));
  gtk_widget_grab_focus (view);
  gtk_text_buffer_set_text (buffer, body, -1);

  /* The selection: "Bonjour !" only */
  gtk_text_buffer_get_iter_at_offset (buffer, &start, 0);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, 9);
  gtk_text_buffer_select_range (buffer, &start, &end);
  billet_test_press (view, "<Control><Shift>t");
  text = body_text (f);
  g_assert_cmpstr (text, ==, "Bonjour\u202F! Ça va?\n\nC'est `a: b !` et [lien](https://a.fr/l'x?y=1...) fini...\n");
  g_clear_pointer (&text, g_free);

  /* No selection: the whole body, in one step */
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  billet_test_press (view, "<Control><Shift>t");
  text = body_text (f);
  g_assert_cmpstr (text, ==, "Bonjour\u202F! Ça va\u202F?\n\nC\u2019est `a: b !` et [lien](https://a.fr/l'x?y=1...) fini\u2026\n");
  g_clear_pointer (&text, g_free);
  billet_test_press (view, "<Control>z");
  text = body_text (f);
  g_assert_cmpstr (text, ==, "Bonjour\u202F! Ça va?\n\nC'est `a: b !` et [lien](https://a.fr/l'x?y=1...) fini...\n");
}

int
main (int   argc,
      char *argv[])
{
  /* The recent files, WebKit's caches and the like go to a folder of the
   * test's own, not the user's: set before anything asks GLib for them. */
  g_autofree char *home = billet_test_isolate_home ("window");
  int status;

  billet_test_init_gtk_log ();
  gtk_test_init (&argc, &argv, NULL);
  /* The window takes this preview type instead of loading its module. */
  g_type_ensure (BILLET_TYPE_PREVIEW);
  g_assert_nonnull (billet_get_resource ());

  app = billet_test_application_new ("org.billet.BilletTest", G_APPLICATION_DEFAULT_FLAGS);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  g_test_add_func ("/billet/window/new-destroy", test_new_destroy);
  g_test_add_func ("/billet/window/open-fails", test_open_fails);
  g_test_add_func ("/billet/window/close-while-reading", test_close_while_reading);

#define ADD(path, fixture, func) \
  g_test_add ("/billet/window/" path, Fixture, fixture, fixture_setup, func, fixture_teardown)

  ADD ("edit-save", "morning-pages.md", test_edit_save);
  ADD ("unsaved-dialog", "morning-pages.md", test_unsaved_dialog);
  ADD ("unsaved-dialog-save", "morning-pages.md", test_unsaved_dialog_save);
  ADD ("deleted-clean", "morning-pages.md", test_deleted_clean);
  ADD ("lists", "morning-pages.md", test_lists);
  ADD ("fix-typography", "morning-pages.md", test_fix_typography);
  ADD ("line-numbers", "morning-pages.md", test_line_numbers);
  ADD ("replace-keeps-divider", "morning-pages.md", test_replace_keeps_divider);
  ADD ("system-font", "morning-pages.md", test_system_font);
  ADD ("invalid-yaml", "broken-tags.md", test_invalid_yaml);
  ADD ("hostile", "hostile.md", test_hostile);
  ADD ("open-recent-and-status", "morning-pages.md", test_open_recent_and_status);
  ADD ("drop", "morning-pages.md", test_drop);
  ADD ("save-while-typing", "morning-pages.md", test_save_while_typing);

#undef ADD

  status = g_test_run ();

  g_clear_object (&app);
  billet_test_remove_tree (home);
  return status;
}
