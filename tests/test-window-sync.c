/* test-window-sync.c — whichever way a post's front matter changes, everything the author sees follows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The front-matter text is the one source of truth; the form's rows, the
 * window's title, the post's row in the sidebar and the preview's header
 * are views of it. A view that misses a change shows stale values — and a
 * row that shows them writes them back at the author's next keystroke
 * (a repaired title went back to its mojibake that way).
 *
 * Each case opens a copy of fixtures/site/ with one more post in it, opens
 * that post from the sidebar, waits for the preview, then changes the front
 * matter one way: a repair of mis-encoded text, a conversion from a legacy
 * encoding, typing in the raw YAML, undo and redo, a reload from disk, a
 * `billet set` run by another program, a restored draft. After each, it
 * reads what the author reads in all four places, then types in the title
 * row and checks that the edit lands on the current text.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "billet-test-utils.h"
#include "billet-test-gtk-utils.h"
#include "billet-application.h"
#include "billet-document.h"
#include "billet-document-bars.h"
#include "billet-draft-store.h"
#include "billet-post-form-private.h"
#include "billet-preview.h"
#include "billet-resources.h"
#include "billet-sidebar.h"
#include "billet-window.h"

#define DEADLINE_SECONDS 30
#define POST_REL "content/posts/sync.md"

static BilletApplication *app;

typedef struct
{
  char          *dir;
  char          *site;
  char          *path;
  GFile         *file;
  BilletWindow  *window;
  GtkWidget     *preview;
  guint          updates;
} Fixture;

/* The window */

static gpointer
template_child (Fixture    *f,
                const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->window), BILLET_TYPE_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

static BilletDocument *
document (Fixture *f)
{
  return billet_window_get_document (f->window);
}

static BilletPostForm *
form (Fixture *f)
{
  return BILLET_POST_FORM (template_child (f, "form"));
}

static GtkTextBuffer *
front_matter (Fixture *f)
{
  return GTK_TEXT_BUFFER (billet_document_get_front_matter_buffer (document (f)));
}

static char *
text_of (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

static BilletInfoBar *
bar (Fixture           *f,
     BilletDocumentBar  which)
{
  return billet_document_bars_get_bar (BILLET_DOCUMENT_BARS (template_child (f, "document_bars")), which);
}

static WebKitWebView *
web_view (Fixture *f)
{
  WebKitWebView *view;

  g_assert_nonnull (f->preview);
  view = billet_test_find_web_view (f->preview);
  g_assert_nonnull (view);
  return view;
}

/* What the author reads */

typedef struct
{
  Fixture    *f;
  const char *title;
} Expect;

static gboolean
form_shows (gpointer data)
{
  Expect *e = data;
  GtkWidget *editor = _billet_post_form_get_editor (form (e->f), "title");

  return editor != NULL && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (editor)), e->title) == 0;
}

static gboolean
sidebar_shows (gpointer data)
{
  Expect *e = data;
  g_autofree char *labels = billet_test_dup_labels (billet_window_get_sidebar (e->f->window));
  g_autofree char *line = g_strdup_printf ("\n%s\n", e->title);
  g_autofree char *all = g_strconcat ("\n", labels, NULL);

  return strstr (all, line) != NULL;
}

/* The title row, the window's title, the sidebar row and the preview's
 * heading all show @title; none shows @stale any more. */
static void
assert_shown_everywhere (Fixture    *f,
                         const char *title,
                         const char *stale)
{
  Expect e = { f, title };
  g_autofree char *window_title = NULL;
  g_autofree char *modified_title = g_strdup_printf ("• %s", title);
  g_autofree char *heading = NULL;
  g_autofree char *labels = NULL;

  billet_test_wait_until (form_shows, &e, DEADLINE_SECONDS, "the title row to show the new title");
  window_title = g_strdup (gtk_window_get_title (GTK_WINDOW (f->window)));
  if (g_strcmp0 (window_title, title) != 0)
    g_assert_cmpstr (window_title, ==, modified_title);
  {
    gint64 deadline = g_get_monotonic_time () + DEADLINE_SECONDS * G_USEC_PER_SEC;

    while (!sidebar_shows (&e) && g_get_monotonic_time () < deadline)
      billet_test_run_for (20);
    if (!sidebar_shows (&e))
      {
        labels = billet_test_dup_labels (billet_window_get_sidebar (f->window));
        g_error ("The sidebar does not show “%s”; it shows:\n%s", title, labels);
      }
  }
  heading = billet_test_wait_for_js (web_view (f), "document.querySelector('.post-header h1').textContent",
                                     title, DEADLINE_SECONDS);
  g_assert_cmpstr (heading, ==, title);

  if (stale != NULL)
    {
      labels = billet_test_dup_labels (billet_window_get_sidebar (f->window));
      g_assert_null (strstr (labels, stale));
      g_assert_null (strstr (gtk_window_get_title (GTK_WINDOW (f->window)), stale));
    }
}

/* Types " !" at the end of the title row, as the author would, and checks
 * that the front matter's title became exactly @title + " !": the edit was
 * spliced into the text as it is now, not into what the row saw earlier. */
static void
assert_title_edit_lands (Fixture    *f,
                         const char *title)
{
  GtkWidget *editor = _billet_post_form_get_editor (form (f), "title");
  g_autofree char *typed = g_strdup_printf ("%s !", title);
  g_autofree char *line = g_strdup_printf ("title: %s !\n", title);
  g_autofree char *text = NULL;
  int position;

  g_assert_nonnull (editor);
  gtk_widget_grab_focus (editor);
  position = -1;
  gtk_editable_insert_text (GTK_EDITABLE (editor), " !", -1, &position);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor)), ==, typed);
  _billet_post_form_flush (form (f));
  text = text_of (front_matter (f));
  if (strstr (text, line) == NULL)
    g_error ("The title edit did not land on the current text: expected “%s” in:\n%s", line, text);
  assert_shown_everywhere (f, typed, NULL);
}

/* Set-up */

static void
on_updated_cb (GtkWidget *preview,
               Fixture   *f)
{
  f->updates++;
}

static void
on_preview_cb (BilletWindow *window,
               GParamSpec   *pspec,
               Fixture      *f)
{
  GtkWidget *preview = billet_window_get_preview (window);

  if (preview == NULL || preview == f->preview)
    return;
  f->preview = preview;
  g_object_add_weak_pointer (G_OBJECT (preview), (gpointer *) &f->preview);
  g_signal_connect (preview, "updated", G_CALLBACK (on_updated_cb), f);
}

static gboolean
is_loaded (gpointer data)
{
  Fixture *f = data;
  BilletPostList *list = billet_window_get_post_list (f->window);

  return list != NULL && !billet_post_list_get_loading (list) &&
         billet_post_list_lookup (list, f->file) != NULL;
}

static gboolean
has_page (gpointer data)
{
  Fixture *f = data;

  return f->preview != NULL && f->updates > 0;
}

static void
copy_tree (const char *from,
           const char *to)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);

      if (g_file_test (src, G_FILE_TEST_IS_DIR))
        copy_tree (src, dst);
      else
        {
          g_autofree char *contents = NULL;
          gsize len = 0;

          g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
          g_assert_true (g_file_set_contents (dst, contents, (gssize) len, NULL));
        }
    }
}

/* @data: the bytes of the post the case works on. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "fixtures", "site", NULL);
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;
  BilletPostItem *item;

  memset (f, 0, sizeof *f);
  f->dir = g_dir_make_tmp ("billet-sync-XXXXXX", &error);
  g_assert_no_error (error);
  f->site = g_build_filename (f->dir, "site", NULL);
  copy_tree (source, f->site);
  f->path = g_build_filename (f->site, POST_REL, NULL);
  f->file = g_file_new_for_path (f->path);
  g_assert_true (g_file_set_contents (f->path, data, -1, NULL));

  f->window = billet_window_new (app);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  g_signal_connect (f->window, "notify::preview", G_CALLBACK (on_preview_cb), f);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 900);
  gtk_window_present (GTK_WINDOW (f->window));

  folder = g_file_new_for_path (f->site);
  billet_window_open_folder (f->window, folder);
  billet_test_wait_until (is_loaded, f, DEADLINE_SECONDS, "the list of posts");

  /* Opened from its row, as the author would. */
  item = billet_post_list_lookup (billet_window_get_post_list (f->window), f->file);
  g_signal_emit_by_name (billet_window_get_sidebar (f->window), "post-activated", item);
  billet_test_wait_property (f->window, "loading", FALSE, DEADLINE_SECONDS);
  g_assert_true (g_file_equal (billet_document_get_file (document (f)), f->file));
  billet_test_wait_until (has_page, f, DEADLINE_SECONDS, "the preview's first page");
}

static gboolean
is_gone (gpointer data)
{
  Fixture *f = data;

  return f->window == NULL && f->preview == NULL;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  GList *toplevels;

  if (f->window != NULL)
    {
      billet_document_discard_draft (document (f));
      toplevels = gtk_window_list_toplevels ();
      for (GList *l = toplevels; l != NULL; l = l->next)
        if (l->data != (gpointer) f->window && gtk_window_get_transient_for (l->data) == GTK_WINDOW (f->window))
          gtk_window_destroy (l->data);
      g_list_free (toplevels);
      gtk_window_destroy (GTK_WINDOW (f->window));
    }
  billet_test_wait_until (is_gone, f, DEADLINE_SECONDS, "the window to be finalized");
  billet_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->site);
  g_free (f->path);
  g_clear_object (&f->file);
}

static char *
read_post (Fixture *f)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (f->path, &contents, NULL, NULL));
  return contents;
}

static void
save (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL));
  /* Written in a worker. */
  billet_test_wait_property (document (f), "saving", FALSE, DEADLINE_SECONDS);
  g_assert_false (billet_document_get_modified (document (f)));
}

/* The cases */

#define MOJIBAKE_POST "---\ntitle: L’Ã©tÃ© arrive\ndate: 2024-06-01\n---\nIl fait beau.\n"

/* The mis-encoded text is in the front matter only: the repair changes no
 * byte of the body, and still reaches every view. */
static void
test_repair (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *saved = NULL;

  assert_shown_everywhere (f, "L’Ã©tÃ© arrive", NULL);
  g_assert_true (billet_info_bar_get_revealed (bar (f, BILLET_DOCUMENT_BAR_MOJIBAKE)));
  billet_info_bar_respond (bar (f, BILLET_DOCUMENT_BAR_MOJIBAKE), "repair");
  assert_shown_everywhere (f, "L’été arrive", "Ã");

  assert_title_edit_lands (f, "L’été arrive");
  save (f);
  saved = read_post (f);
  g_assert_cmpstr (saved, ==, "---\ntitle: L’été arrive !\ndate: 2024-06-01\n---\nIl fait beau.\n");
}

#define CP1252_POST "---\ntitle: Caf\xe9 du matin\n---\nCorps.\n"

static void
test_convert (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *saved = NULL;

  assert_shown_everywhere (f, "Café du matin", NULL);
  g_assert_true (billet_info_bar_get_revealed (bar (f, BILLET_DOCUMENT_BAR_ENCODING)));
  billet_info_bar_respond (bar (f, BILLET_DOCUMENT_BAR_ENCODING), "convert");
  assert_shown_everywhere (f, "Café du matin", NULL);

  assert_title_edit_lands (f, "Café du matin");
  save (f);
  saved = read_post (f);
  g_assert_cmpstr (saved, ==, "---\ntitle: Café du matin !\n---\nCorps.\n");
}

#define LONG_POST "---\ntitle: Many fields\nk01: a\nk02: b\nk03: c\nk04: d\nk05: e\nk06: f\nk07: g\n" \
  "k08: h\nk09: i\nk10: j\nk11: k\nk12: l\nk13: m\nk14: n\nk15: o\nk16: p\nk17: q\nk18: r\n" \
  "k19: s\nk20: t\nk21: u\nk22: v\nk23: w\nk24: x\n---\nBody.\n"
#define PLAIN_POST "---\ntitle: Before\ndate: 2024-06-01\ntags: [one]\n---\nThe body.\n"

/* Typed in the "Raw YAML" view: the same buffer, one user action. */
static void
test_raw (Fixture       *f,
          gconstpointer  data)
{
  GtkTextBuffer *buffer = front_matter (f);
  GtkTextIter start, end;

  assert_shown_everywhere (f, "Before", NULL);
  billet_post_form_show_raw (form (f), TRUE);
  gtk_text_buffer_get_start_iter (buffer, &start);
  g_assert_true (gtk_text_iter_forward_search (&start, "Before", 0, &start, &end, NULL));
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_interactive (buffer, &start, &end, TRUE);
  gtk_text_buffer_insert_interactive (buffer, &start, "Typed raw", -1, TRUE);
  gtk_text_buffer_end_user_action (buffer);
  billet_post_form_show_raw (form (f), FALSE);
  assert_shown_everywhere (f, "Typed raw", "Before");

  assert_title_edit_lands (f, "Typed raw");
}

static void
test_undo_redo (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *editor = _billet_post_form_get_editor (form (f), "title");

  gtk_widget_grab_focus (editor);
  gtk_editable_set_text (GTK_EDITABLE (editor), "After");
  _billet_post_form_flush (form (f));
  assert_shown_everywhere (f, "After", "Before");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form (f)), "form.undo", NULL));
  assert_shown_everywhere (f, "Before", "After");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form (f)), "form.redo", NULL));
  assert_shown_everywhere (f, "After", "Before");

  assert_title_edit_lands (f, "After");
}

/* The author has changes, another program writes the file, the author
 * takes the file's version from the bar. */
static void
test_reload (Fixture       *f,
             gconstpointer  data)
{
  GtkTextBuffer *body = GTK_TEXT_BUFFER (billet_document_get_body_buffer (document (f)));
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (body, &end);
  gtk_text_buffer_insert_interactive (body, &end, "Mine.\n", -1, TRUE);
  g_assert_true (g_file_set_contents (f->path, "---\ntitle: Theirs\ndate: 2024-06-01\n---\nTheir body.\n",
                                      -1, NULL));
  while (!billet_info_bar_get_revealed (bar (f, BILLET_DOCUMENT_BAR_EXTERNAL)))
    billet_test_run_for (20);
  billet_info_bar_respond (bar (f, BILLET_DOCUMENT_BAR_EXTERNAL), "reload");
  assert_shown_everywhere (f, "Theirs", "Before");

  assert_title_edit_lands (f, "Theirs");
}

/* `billet set` from a terminal while the post is open, clean: the window
 * follows the file. */
static void
test_outside_set (Fixture       *f,
                  gconstpointer  data)
{
  const char *billet = g_getenv ("BILLET_BINARY");
  g_autoptr(GError) error = NULL;
  int status = -1;
  const char *argv[] = { billet, "set", f->path, "title", "Set outside", NULL };

  g_assert_nonnull (billet);
  assert_shown_everywhere (f, "Before", NULL);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  assert_shown_everywhere (f, "Set outside", "Before");
  g_assert_false (billet_document_get_modified (document (f)));

  assert_title_edit_lands (f, "Set outside");
}

/* A draft left by a crash, restored into this window: unsaved, and shown
 * as such everywhere, the sidebar row included. */
static void
test_draft_restore (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(BilletDraft) draft = billet_draft_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *text = "---\ntitle: From the draft\ndate: 2024-06-01\ntags: [one]\n---\nThe body, longer.\n";
  g_autofree char *on_disk = read_post (f);

  assert_shown_everywhere (f, "Before", NULL);
  draft->path = g_strdup (f->path);
  draft->title = g_strdup ("From the draft");
  draft->time = g_get_real_time () / G_USEC_PER_SEC;
  billet_file_stamp_stat (&draft->stamp, f->path);
  billet_file_stamp_set_data (&draft->stamp, on_disk, strlen (on_disk));
  g_assert_true (billet_draft_store_write (billet_draft_store_get_default_dir (), draft, text,
                                           strlen (text), &error));
  g_assert_no_error (error);

  g_assert_true (billet_window_restore_draft (f->window, draft, &error));
  g_assert_no_error (error);
  billet_test_wait_property (f->window, "loading", FALSE, DEADLINE_SECONDS);
  g_assert_true (billet_document_get_modified (document (f)));
  /* The file did not change since the draft was made: nothing to ask. */
  g_assert_false (billet_document_get_externally_modified (document (f)));
  assert_shown_everywhere (f, "From the draft", "Before");

  assert_title_edit_lands (f, "From the draft");
}

static GtkAdjustment *
form_adjustment (Fixture *f)
{
  GObject *scroller = gtk_widget_get_template_child (GTK_WIDGET (form (f)), BILLET_TYPE_POST_FORM,
                                                    "rows_scroller");

  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
}

static gboolean
form_scrollable (gpointer data)
{
  GtkAdjustment *adjustment = form_adjustment (data);

  return gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) > 120;
}

static gboolean
form_back_at_100 (gpointer data)
{
  return G_APPROX_VALUE (gtk_adjustment_get_value (form_adjustment (data)), 100.0, 0.5);
}

/* Each post keeps where its form was scrolled to. */
static void
test_form_scroll (Fixture       *f,
                  gconstpointer  data)
{
  BilletPostItem *alpha = NULL;
  GListModel *model = billet_post_list_get_model (billet_window_get_post_list (f->window));
  BilletPostItem *mine = billet_post_list_lookup (billet_window_get_post_list (f->window), f->file);

  billet_test_wait_until (form_scrollable, f, DEADLINE_SECONDS, "a form long enough to scroll");
  gtk_adjustment_set_value (form_adjustment (f), 100);

  for (guint i = 0; i < g_list_model_get_n_items (model) && alpha == NULL; i++)
    {
      g_autoptr(BilletPostItem) item = g_list_model_get_item (model, i);

      if (g_str_equal (billet_post_item_get_title (item), "Alpha in the garden"))
        alpha = item;
    }
  g_assert_nonnull (alpha);
  g_signal_emit_by_name (billet_window_get_sidebar (f->window), "post-activated", alpha);
  billet_test_wait_property (f->window, "loading", FALSE, DEADLINE_SECONDS);
  billet_test_run_for (200);
  g_assert_cmpfloat (gtk_adjustment_get_value (form_adjustment (f)), <, 1.0);

  g_signal_emit_by_name (billet_window_get_sidebar (f->window), "post-activated", mine);
  billet_test_wait_until (form_back_at_100, f, DEADLINE_SECONDS, "the form scrolled where it was");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("billet-sync-home-XXXXXX", NULL);
  int status;

  g_assert_nonnull (home);
  for (guint i = 0; i < 4; i++)
    {
      static const char *vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };
      g_autofree char *dir = g_build_filename (home, vars[i], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (vars[i], dir, TRUE);
    }

  gtk_test_init (&argc, &argv, NULL);
  /* The window takes this preview type instead of loading its module. */
  g_type_ensure (BILLET_TYPE_PREVIEW);
  g_assert_nonnull (billet_get_resource ());

  app = g_object_new (BILLET_TYPE_APPLICATION,
                      "application-id", "org.billet.BilletTest",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", "/org/billet/Billet",
                      NULL);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

#define ADD(path, post, func) \
  g_test_add ("/billet/window-sync/" path, Fixture, post, fixture_setup, func, fixture_teardown)

  ADD ("repair", MOJIBAKE_POST, test_repair);
  ADD ("convert", CP1252_POST, test_convert);
  ADD ("raw-yaml", PLAIN_POST, test_raw);
  ADD ("undo-redo", PLAIN_POST, test_undo_redo);
  ADD ("reload", PLAIN_POST, test_reload);
  ADD ("outside-set", PLAIN_POST, test_outside_set);
  ADD ("draft-restore", PLAIN_POST, test_draft_restore);
  ADD ("form-scroll", LONG_POST, test_form_scroll);

#undef ADD

  status = g_test_run ();

  g_clear_object (&app);
  billet_test_remove_tree (home);
  return status;
}
