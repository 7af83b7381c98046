/* test-keyboard.c — the editor driven by the keyboard alone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every key here is a real one: XTest key events through the X server
 * (billet_test_press/type), the window focused as a window manager would
 * focus it. No pointer event, no widget API standing in for a gesture.
 * The folder is opened as `billet FOLDER` opens it; from there an author
 * finds a post by typing, opens it, changes its title, types in its body,
 * saves, switches to another post and closes the window.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "billet-test-utils.h"
#include "billet-test-gtk-utils.h"
#include "billet-test-ui-utils.h"
#include "billet-application.h"
#include "billet-document.h"
#include "billet-post-form.h"
#include "billet-preview.h"
#include "billet-resources.h"
#include "billet-sidebar.h"
#include "billet-window.h"

#define DEADLINE_SECONDS 30

static BilletApplication *app;

typedef struct
{
  char         *dir;
  char         *site;
  BilletWindow *window;
} Fixture;

static gboolean
is_loaded (gpointer data)
{
  Fixture *f = data;
  BilletPostList *list = billet_window_get_post_list (f->window);

  return list != NULL && !billet_post_list_get_loading (list);
}

static gboolean
has_preview (gpointer data)
{
  return billet_window_get_preview (((Fixture *) data)->window) != NULL;
}

/* @data: the window's width (a narrow one folds the sidebar over the post). */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;

  memset (f, 0, sizeof *f);
  f->dir = g_dir_make_tmp ("billet-keyboard-XXXXXX", &error);
  g_assert_no_error (error);
  f->site = billet_test_copy_site (f->dir);

  f->window = billet_window_new (app);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), GPOINTER_TO_INT (data), 800);
  gtk_window_present (GTK_WINDOW (f->window));
  folder = g_file_new_for_path (f->site);
  billet_window_open_folder (f->window, folder);
  billet_test_wait_until (is_loaded, f, DEADLINE_SECONDS, "the list of posts");
  /* The preview comes once the window is drawn; its width may fold the
   * sidebar: let the window settle first, as an author's would. */
  billet_test_wait_until (has_preview, f, DEADLINE_SECONDS, "the preview");
  billet_test_run_for (300);
  billet_test_focus_window (GTK_WINDOW (f->window));
}

static gboolean
is_gone (gpointer data)
{
  return ((Fixture *) data)->window == NULL;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  billet_test_wait_until (is_gone, f, DEADLINE_SECONDS, "the window to be finalized");
  billet_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->site);
}

/* Where the keys go now: inside the widget named @name of the window. */
static gboolean
focus_in (Fixture    *f,
          const char *name)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
  GtkWidget *widget = billet_test_window_child (f->window, name);

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static gboolean
focus_in_search (Fixture *f)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  return focus != NULL && gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY) != NULL &&
         gtk_widget_is_ancestor (focus, billet_test_window_child (f->window, "sidebar"));
}

static char *
read_post (Fixture    *f,
           const char *rel)
{
  g_autofree char *path = g_build_filename (f->site, rel, NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static const char *
open_post_name (Fixture *f)
{
  static char name[256];
  GFile *file = billet_document_get_file (billet_window_get_document (f->window));
  g_autofree char *base = file ? g_file_get_basename (file) : NULL;

  g_strlcpy (name, base ? base : "", sizeof name);
  return name;
}

static void
test_author_session (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  g_autofree char *alpha = NULL;

  /* Find a post by typing; Enter opens it, and the keys go to its text. */
  billet_test_press (window, "<Control><Shift>f");
  g_assert_true (focus_in_search (f));
  billet_test_type (window, "alpha");
  billet_test_press (window, "Return");
  g_assert_cmpstr (open_post_name (f), ==, "alpha.md");
  g_assert_true (focus_in (f, "source_view"));

  /* Escape in the search goes back to the post. */
  billet_test_press (window, "<Control><Shift>f");
  g_assert_true (focus_in_search (f));
  billet_test_press (window, "Escape");
  g_assert_true (focus_in (f, "source_view"));

  /* Shift+F6: the form's first field, the title, its text not selected. */
  billet_test_press (window, "<Shift>F6");
  g_assert_true (focus_in (f, "form"));
  billet_test_type (window, " at dawn");
  /* F6: back to the source; type at its end. */
  billet_test_press (window, "F6");
  g_assert_true (focus_in (f, "source_view"));
  billet_test_press (window, "<Control>End");
  billet_test_type (window, "Typed by keys.\n");

  billet_test_press (window, "<Control>s");
  /* Written in a worker. */
  billet_test_wait_property (billet_window_get_document (f->window), "saving", FALSE, DEADLINE_SECONDS);
  alpha = read_post (f, "content/posts/alpha.md");
  g_assert_cmpstr (alpha, ==,
                   "---\ntitle: Alpha in the garden at dawn\ndate: 2024-03-01\ntags: [garden, Écriture]\n---\n\n"
                   "The first words of alpha.\nTyped by keys.\n");
  g_assert_false (billet_document_get_modified (billet_window_get_document (f->window)));

  /* Another post, by typing again. */
  billet_test_press (window, "<Control><Shift>f");
  billet_test_type (window, "bundle");
  billet_test_press (window, "Return");
  g_assert_cmpstr (open_post_name (f), ==, "index.md");
  g_assert_true (focus_in (f, "source_view"));

  /* Nothing unsaved: Ctrl+W closes the window. */
  billet_test_press (window, "<Control>w");
  billet_test_wait_until (is_gone, f, DEADLINE_SECONDS, "the window to close");
}

static gboolean
sidebar_over_post (Fixture *f)
{
  return adw_flap_get_folded (billet_test_window_child (f->window, "flap"));
}

/* A narrow window: the sidebar opens over the post. F9 puts the keys in
 * its search; a post opened from it folds it away and takes the keys;
 * Escape folds it too. */
static void
test_overlay (Fixture       *f,
              gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);

  g_assert_true (sidebar_over_post (f));
  if (gtk_widget_get_mapped (billet_test_window_child (f->window, "sidebar")))
    billet_test_press (window, "F9");
  g_assert_false (adw_flap_get_reveal_flap (billet_test_window_child (f->window, "flap")));

  billet_test_press (window, "F9");
  g_assert_true (adw_flap_get_reveal_flap (billet_test_window_child (f->window, "flap")));
  g_assert_true (focus_in_search (f));
  billet_test_type (window, "jekyll");
  billet_test_press (window, "Return");
  g_assert_cmpstr (open_post_name (f), ==, "2023-05-04-jekyll-named.md");
  g_assert_false (adw_flap_get_reveal_flap (billet_test_window_child (f->window, "flap")));
  g_assert_true (focus_in (f, "source_view"));

  billet_test_press (window, "<Control><Shift>f");
  g_assert_true (adw_flap_get_reveal_flap (billet_test_window_child (f->window, "flap")));
  g_assert_true (focus_in_search (f));
  billet_test_press (window, "Escape");
  g_assert_false (adw_flap_get_reveal_flap (billet_test_window_child (f->window, "flap")));
  g_assert_true (focus_in (f, "source_view"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = billet_test_isolate_home ("keyboard");
  int status;

  billet_test_init_gtk_log ();
  gtk_test_init (&argc, &argv, NULL);
  /* GTK 4.8 warns ("unexpected blinking selection") when the cursor's
   * blink fires while a row's text is selected, which a slow build can
   * make happen; the keys, not the blink, are what is tested here. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  /* The window takes this preview type instead of loading its module. */
  g_type_ensure (BILLET_TYPE_PREVIEW);
  g_assert_nonnull (billet_get_resource ());
  app = billet_test_application_new ("org.billet.BilletTest", G_APPLICATION_DEFAULT_FLAGS);

  g_test_add ("/billet/keyboard/author-session", Fixture, GINT_TO_POINTER (1300),
              fixture_setup, test_author_session, fixture_teardown);
  g_test_add ("/billet/keyboard/overlay", Fixture, GINT_TO_POINTER (560),
              fixture_setup, test_overlay, fixture_teardown);

  status = g_test_run ();
  g_clear_object (&app);
  billet_test_remove_tree (home);
  return status;
}
