/* test-window-outline.c — the post's outline, as the author uses it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A post with headings at several levels (and "#" lines that are no
 * headings: in a fence, in indented code), open in a window. The cases
 * read what the author sees: the rows of the outline's popover, indented
 * by depth; the status-line button naming the cursor's section; and, once
 * a heading is chosen, where the source's cursor and the preview's page
 * went.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "billet-test-utils.h"
#include "billet-test-gtk-utils.h"
#include "billet-test-ui-utils.h"
#include "billet-application.h"
#include "billet-document.h"
#include "billet-outline-button.h"
#include "billet-preview.h"
#include "billet-resources.h"
#include "billet-window.h"

#define DEADLINE_SECONDS 30

static BilletApplication *app;

typedef struct
{
  char                     *dir;
  char                     *path;
  BilletWindow             *window;
  BilletTestPreviewTracker  tracker;
} Fixture;

/* A long section before the last headings, so that jumping there scrolls. */
static char *
post_text (void)
{
  GString *text = g_string_new ("---\ntitle: Le tour\n# not a heading: a YAML comment\n---\n"
                                "Intro.\n"
                                "\n"
                                "# Avant le *départ*\n"
                                "\n"
                                "```sh\n"
                                "# a shell comment, no heading\n"
                                "```\n"
                                "\n"
                                "## Le matériel\n"
                                "\n");

  for (guint i = 0; i < 80; i++)
    g_string_append_printf (text, "Paragraphe %u du matériel, assez long pour tenir une ligne.\n\n", i);
  g_string_append (text,
                   "### Tentes\n"
                   "\n"
                   "    # indented code, no heading\n"
                   "\n"
                   "# En route\n"
                   "\n");
  /* And after the last ones, so that the source and the page can show
   * them at their top. */
  for (guint i = 0; i < 80; i++)
    g_string_append_printf (text, "Paragraphe %u de la route, assez long pour tenir une ligne.\n\n", i);
  return g_string_free (text, FALSE);
}

static BilletOutlineButton *
outline_button (Fixture *f)
{
  return BILLET_OUTLINE_BUTTON (billet_test_window_child (f->window, "outline_button"));
}

static GtkTextBuffer *
body (Fixture *f)
{
  return GTK_TEXT_BUFFER (billet_document_get_body_buffer (billet_window_get_document (f->window)));
}

static GtkPopover *
popover (Fixture *f)
{
  return GTK_POPOVER (billet_test_find_descendant (GTK_WIDGET (outline_button (f)), GTK_TYPE_POPOVER));
}

static GtkListBox *
rows (Fixture *f)
{
  return GTK_LIST_BOX (billet_test_find_descendant (GTK_WIDGET (popover (f)), GTK_TYPE_LIST_BOX));
}

/* The rows as the author reads them: one line each, two spaces of indent
 * a level, as far in as the row's text is drawn. */
static char *
shown_rows (Fixture *f)
{
  GString *out = g_string_new (NULL);
  GtkListBoxRow *row;
  int first = 0;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (rows (f), i)) != NULL; i++)
    {
      GtkWidget *label = gtk_list_box_row_get_child (row);
      int indent = gtk_widget_get_margin_start (label);

      if (i == 0)
        first = indent;

      g_assert_true (GTK_IS_LABEL (label));
      for (int step = first; step < indent; step += 14)
        g_string_append (out, "  ");
      g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (label)));
    }
  return g_string_free (out, FALSE);
}

/* The text of the status line's button: the cursor's section. */
static const char *
section_shown (Fixture *f)
{
  GtkWidget *inscription = billet_test_find_descendant (GTK_WIDGET (outline_button (f)), GTK_TYPE_INSCRIPTION);
  const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (inscription));

  return text != NULL ? text : "";
}

typedef struct
{
  Fixture    *f;
  const char *expected;
} Expect;

static gboolean
rows_are (gpointer data)
{
  Expect *e = data;
  g_autofree char *shown = shown_rows (e->f);

  return g_str_equal (shown, e->expected);
}

static void
wait_rows (Fixture    *f,
           const char *expected)
{
  Expect e = { f, expected };
  gint64 deadline = g_get_monotonic_time () + DEADLINE_SECONDS * G_USEC_PER_SEC * billet_test_slowdown ();

  while (!rows_are (&e) && g_get_monotonic_time () < deadline)
    billet_test_run_for (20);
  if (!rows_are (&e))
    {
      g_autofree char *shown = shown_rows (f);

      g_error ("The outline shows:\n%sinstead of:\n%s", shown, expected);
    }
}

static gboolean
section_is (gpointer data)
{
  Expect *e = data;

  return g_str_equal (section_shown (e->f), e->expected);
}

static void
wait_section (Fixture    *f,
              const char *expected)
{
  Expect e = { f, expected };

  billet_test_wait_until (section_is, &e, DEADLINE_SECONDS, expected);
}

static int
cursor_line (Fixture *f)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (body (f), &iter, gtk_text_buffer_get_insert (body (f)));
  return gtk_text_iter_get_line (&iter);
}

static void
place_cursor_at_line (Fixture *f,
                      int      line)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line (body (f), &iter, line);
  gtk_text_buffer_place_cursor (body (f), &iter);
}

/* Set-up */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *text = post_text ();

  memset (f, 0, sizeof *f);
  f->dir = g_dir_make_tmp ("billet-window-outline-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "tour.md", NULL);
  g_assert_true (g_file_set_contents (f->path, text, -1, NULL));
  file = g_file_new_for_path (f->path);

  f->window = billet_window_new (app);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  billet_test_preview_watch_window (&f->tracker, f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 900);
  billet_window_open_file (f->window, file);
  gtk_window_present (GTK_WINDOW (f->window));
  billet_test_preview_wait_page (&f->tracker, DEADLINE_SECONDS);
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
  if (f->window != NULL)
    {
      billet_document_discard_draft (billet_window_get_document (f->window));
      gtk_window_destroy (GTK_WINDOW (f->window));
    }
  billet_test_wait_until (is_gone, f, DEADLINE_SECONDS, "the window to be finalized");
  billet_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* The cases */

#define TREE "Avant le départ\n" \
             "  Le matériel\n" \
             "    Tentes\n" \
             "En route\n"

/* Only the page's headings, nested by level; the section follows the
 * cursor. */
static void
test_tree (Fixture       *f,
           gconstpointer  data)
{
  wait_rows (f, TREE);
  /* Before the first heading: no section. */
  place_cursor_at_line (f, 0);
  wait_section (f, "");
  place_cursor_at_line (f, 12);
  wait_section (f, "Le matériel");
  /* The window has room: the name is shown whole. */
  {
    GtkWidget *inscription = billet_test_find_descendant (GTK_WIDGET (outline_button (f)), GTK_TYPE_INSCRIPTION);
    g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (inscription, "Le matériel");
    int width = 0;

    pango_layout_get_pixel_size (layout, &width, NULL);
    billet_test_run_for (100);
    g_assert_cmpint (gtk_widget_get_width (inscription), >=, width);
  }
  place_cursor_at_line (f, gtk_text_buffer_get_line_count (body (f)) - 1);
  wait_section (f, "En route");
}

/* Typing a heading adds its row once the preview has rendered; typing in
 * a section leaves the rows as they are (the same widgets), and the
 * headings after it still lead to their lines. */
static void
test_follows_typing (Fixture       *f,
                     gconstpointer  data)
{
  GtkTextIter end;
  GtkListBoxRow *first;
  GtkListBoxRow *last;
  guint updates;

  wait_rows (f, TREE);
  first = gtk_list_box_get_row_at_index (rows (f), 0);

  place_cursor_at_line (f, 2);
  gtk_text_buffer_insert_interactive_at_cursor (body (f), "Quelques mots de plus.\n\nEt encore.\n\n", -1, TRUE);
  updates = f->tracker.updates;
  billet_test_preview_wait_update (&f->tracker, DEADLINE_SECONDS);
  g_assert_cmpuint (f->tracker.updates, >, updates);
  wait_rows (f, TREE);
  g_assert_true (gtk_list_box_get_row_at_index (rows (f), 0) == first);

  gtk_text_buffer_get_end_iter (body (f), &end);
  gtk_text_buffer_place_cursor (body (f), &end);
  gtk_text_buffer_insert_interactive_at_cursor (body (f), "\n## Au retour\n\nFin.\n", -1, TRUE);
  wait_rows (f, TREE "  Au retour\n");
  wait_section (f, "Au retour");

  /* "En route" moved down four lines with the text typed above it. */
  last = gtk_list_box_get_row_at_index (rows (f), 3);
  gtk_widget_activate (GTK_WIDGET (last));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (last))), ==, "En route");
  {
    GtkTextIter iter;
    g_autofree char *line = NULL;
    GtkTextIter line_end;

    gtk_text_buffer_get_iter_at_mark (body (f), &iter, gtk_text_buffer_get_insert (body (f)));
    line_end = iter;
    gtk_text_iter_forward_to_line_end (&line_end);
    line = gtk_text_buffer_get_text (body (f), &iter, &line_end, TRUE);
    g_assert_cmpstr (line, ==, "# En route");
  }
}

static double
heading_top (Fixture    *f,
             const char *id)
{
  g_autofree char *script = g_strdup_printf ("document.getElementById('%s').getBoundingClientRect().top", id);
  g_autofree char *answer = billet_test_eval_js (billet_test_preview_web_view (&f->tracker), script,
                                                 DEADLINE_SECONDS);

  return g_ascii_strtod (answer, NULL);
}

typedef struct
{
  Fixture    *f;
  const char *id;
} HeadingWait;

static gboolean
heading_at_top (gpointer data)
{
  HeadingWait *w = data;
  double top = heading_top (w->f, w->id);

  return top > -20 && top < 60;
}

static gboolean
cursor_line_at_top (gpointer data)
{
  Fixture *f = data;
  GtkTextView *view = GTK_TEXT_VIEW (billet_test_window_child (f->window, "source_view"));
  GdkRectangle visible;
  GdkRectangle location;
  GtkTextIter iter;

  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_buffer_get_iter_at_mark (body (f), &iter, gtk_text_buffer_get_insert (body (f)));
  gtk_text_view_get_iter_location (view, &iter, &location);
  return location.y >= visible.y && location.y < visible.y + visible.height / 4;
}

/* Ctrl+Alt+O opens the outline on the cursor's section; choosing a
 * heading puts the cursor on it, the source's focus back, and both the
 * source and the page show it at their top. */
static void
test_jump (Fixture       *f,
           gconstpointer  data)
{
  HeadingWait wait = { f, "tentes" };
  GtkListBoxRow *row;
  GtkTextView *view = GTK_TEXT_VIEW (billet_test_window_child (f->window, "source_view"));
  GdkRectangle visible;
  GdkRectangle location;
  GtkTextIter iter;

  wait_rows (f, TREE);
  place_cursor_at_line (f, 12);
  wait_section (f, "Le matériel");
  g_assert_cmpfloat (heading_top (f, "tentes"), >, 900);

  billet_test_focus_window (GTK_WINDOW (f->window));
  gtk_widget_grab_focus (GTK_WIDGET (view));
  billet_test_press (GTK_WIDGET (f->window), "<Control><Alt>o");
  billet_test_wait_property (popover (f), "visible", TRUE, DEADLINE_SECONDS);
  /* The cursor's section is the row selected, and focused. */
  row = gtk_list_box_get_selected_row (rows (f));
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (row))), ==, "Le matériel");
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (row)));

  row = gtk_list_box_get_row_at_index (rows (f), 2);
  gtk_widget_activate (GTK_WIDGET (row));
  billet_test_wait_property (popover (f), "visible", FALSE, DEADLINE_SECONDS);
  wait_section (f, "Tentes");
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (view)));
  g_assert_cmpint (cursor_line (f), ==, 10 + 2 * 80);

  /* The source shows the heading's line at its top (once the view has
   * measured the lines it only estimated: slower under a sanitizer)... */
  billet_test_wait_until (cursor_line_at_top, f, DEADLINE_SECONDS, "the source to show the heading at its top");
  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_buffer_get_iter_at_mark (body (f), &iter, gtk_text_buffer_get_insert (body (f)));
  gtk_text_view_get_iter_location (view, &iter, &location);
  g_assert_cmpint (location.y, >=, visible.y);
  g_assert_cmpint (location.y, <, visible.y + visible.height / 4);
  /* ... and so does the page. */
  billet_test_wait_until (heading_at_top, &wait, DEADLINE_SECONDS, "the page to show the heading at its top");
}

/* A post with no heading says how to make one. */
static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  GtkTextIter start, end;
  g_autofree char *labels = NULL;

  wait_rows (f, TREE);
  gtk_text_buffer_get_bounds (body (f), &start, &end);
  gtk_text_buffer_delete_interactive (body (f), &start, &end, TRUE);
  gtk_text_buffer_insert_interactive_at_cursor (body (f), "Just text.\n", -1, TRUE);
  wait_rows (f, "");
  wait_section (f, "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.outline", NULL));
  billet_test_wait_property (popover (f), "visible", TRUE, DEADLINE_SECONDS);
  labels = billet_test_dup_labels (GTK_WIDGET (popover (f)));
  g_assert_cmpstr (labels, ==, "No headings yet: a line that starts with “#” makes one.\n");
  gtk_popover_popdown (popover (f));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = billet_test_isolate_home ("window-outline");
  int status;

  billet_test_init_gtk_log ();
  gtk_test_init (&argc, &argv, NULL);
  /* The window takes this preview type instead of loading its module. */
  g_type_ensure (BILLET_TYPE_PREVIEW);
  g_assert_nonnull (billet_get_resource ());

  app = billet_test_application_new ("org.billet.BilletTest", G_APPLICATION_DEFAULT_FLAGS);

#define ADD(path, func) \
  g_test_add ("/billet/window-outline/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("tree", test_tree);
  ADD ("follows-typing", test_follows_typing);
  ADD ("jump", test_jump);
  ADD ("empty", test_empty);

#undef ADD

  status = g_test_run ();

  g_clear_object (&app);
  billet_test_remove_tree (home);
  return status;
}
