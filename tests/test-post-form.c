/* test-post-form.c — the front-matter form, on a real display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "billet-test-gtk-utils.h"
#include "billet-test-ui-utils.h"
#include "billet-test-utils.h"
#include "billet-date-row.h"
#include "billet-document.h"
#include "billet-post-form-private.h"
#include "billet-resources.h"
#include "billet-tag-editor.h"

#define FRONT_MATTER \
  "title: Hello world\n" \
  "description: A short post about nothing much.\n" \
  "draft: true\n" \
  "date: 2024-03-01\n" \
  "updated: 2024-03-02T10:30:00+01:00\n" \
  "# a comment that must stay\n" \
  "tags: [gtk, c, yaml]\n" \
  "seo:\n" \
  "  title: \"Hello, search engines\"\n" \
  "  description: For the engines\n" \
  "author: &me Jane Doe\n" \
  "weight: 3\n" \
  "links:\n" \
  "  - name: home\n" \
  "    url: /\n"

#define POST "---\n" FRONT_MATTER "---\n\n# Body\n\nText.\n"

typedef struct
{
  char           *dir;
  BilletDocument *document;
  GtkWindow      *window;
  GtkWidget      *overlay;
  GtkWidget      *scroller;
  BilletPostForm *form;
} Fixture;

static char *
buffer_text (Fixture *f)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (billet_document_get_front_matter_buffer (f->document));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

/* Types in the raw view: replaces @from by @to in the front-matter buffer. */
static void
raw_replace (Fixture    *f,
             const char *from,
             const char *to)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (billet_document_get_front_matter_buffer (f->document));
  GtkTextIter start, match_start, match_end;

  gtk_text_buffer_get_start_iter (buffer, &start);
  g_assert_true (gtk_text_iter_forward_search (&start, from, 0, &match_start, &match_end, NULL));
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &match_start, &match_end);
  gtk_text_buffer_insert (buffer, &match_start, to, -1);
  gtk_text_buffer_end_user_action (buffer);
  billet_test_iterate ();
}

static void
load_post (Fixture    *f,
           const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "post.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  f->document = billet_document_new ();
  billet_test_load_document (f->document, file, &error);
  g_assert_no_error (error);

  f->form = billet_post_form_new ();
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 700, 900);
  /* As the window holds it: in a scrolled window, under a toast overlay. */
  f->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (f->scroller), GTK_WIDGET (f->form));
  f->overlay = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (f->overlay), f->scroller);
  gtk_window_set_child (f->window, f->overlay);
  billet_post_form_set_document (f->form, f->document);
  gtk_window_present (f->window);
  billet_test_iterate ();
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("billet-form-XXXXXX", &error);
  g_assert_no_error (error);
  load_post (f, data ? data : POST);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "post.md", NULL);

  gtk_window_destroy (f->window);
  billet_test_iterate ();
  g_assert_finalize_object (f->document);
  g_unlink (path);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static GtkWidget *
editor (Fixture    *f,
        const char *path)
{
  GtkWidget *widget = _billet_post_form_get_editor (f->form, path);

  g_assert_nonnull (widget);
  return widget;
}

static void
test_new_destroy (void)
{
  BilletPostForm *form = g_object_ref_sink (billet_post_form_new ());
  BilletDocument *document = billet_document_new ();

  billet_post_form_set_document (form, document);
  g_assert_true (billet_post_form_get_document (form) == document);
  billet_post_form_set_document (form, NULL);
  g_assert_finalize_object (form);
  g_assert_finalize_object (document);
}

static void
test_rows (Fixture       *f,
           gconstpointer  data)
{
  static const struct {
    const char *path;
    BilletFieldType type;
  } rows[] = {
    { "title", BILLET_FIELD_TEXT },
    { "description", BILLET_FIELD_LONG_TEXT },
    { "draft", BILLET_FIELD_BOOLEAN },
    { "date", BILLET_FIELD_DATE },
    { "updated", BILLET_FIELD_DATE },
    { "tags", BILLET_FIELD_TAGS },
    { "seo", BILLET_FIELD_MAP },
    { "seo.title", BILLET_FIELD_TEXT },
    { "seo.description", BILLET_FIELD_LONG_TEXT },
    { "author", BILLET_FIELD_RAW },
    { "weight", BILLET_FIELD_NUMBER },
    { "links", BILLET_FIELD_RAW },
  };
  static const char * const tags[] = { "gtk", "c", "yaml", NULL };
  g_autofree char *display = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *description = NULL;
  GtkWidget *row;

  g_assert_cmpuint (_billet_post_form_get_n_fields (f->form), ==, G_N_ELEMENTS (rows));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *name = g_strconcat ("field:", rows[i].path, NULL);

      g_test_message ("%s", rows[i].path);
      g_assert_cmpint (_billet_post_form_get_field_type (f->form, rows[i].path), ==, rows[i].type);
      row = _billet_post_form_get_row (f->form, rows[i].path);
      g_assert_true (GTK_IS_LIST_BOX_ROW (row));
      g_assert_cmpstr (gtk_widget_get_name (row), ==, name);
      g_assert_true (gtk_widget_get_mapped (row) || g_str_has_prefix (rows[i].path, "seo."));
    }

  /* Rows come in file order. */
  row = gtk_widget_get_parent (_billet_post_form_get_row (f->form, "title"));
  g_assert_true (gtk_widget_get_first_child (row) == _billet_post_form_get_row (f->form, "title"));
  g_assert_true (gtk_widget_get_next_sibling (_billet_post_form_get_row (f->form, "title")) ==
                 _billet_post_form_get_row (f->form, "description"));
  g_assert_true (gtk_widget_get_last_child (row) == _billet_post_form_get_row (f->form, "links"));

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor (f, "title"))), ==, "Hello world");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor (f, "seo.title"))), ==,
                   "Hello, search engines");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor (f, "weight"))), ==, "3");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor (f, "date"))), ==, "2024-03-01");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor (f, "updated"))), ==,
                   "2024-03-02T10:30:00+01:00");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (editor (f, "draft"))));
  g_assert_true (g_strv_equal (billet_tag_editor_get_tags (BILLET_TAG_EDITOR (editor (f, "tags"))),
                               tags));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor (f, "description")));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  description = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  g_assert_cmpstr (description, ==, "A short post about nothing much.");

  /* What the form cannot model shows raw, as written, read-only. */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (editor (f, "author"))), ==, "&me Jane Doe");
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (editor (f, "author"))));
  g_assert_true (gtk_widget_has_css_class (editor (f, "author"), "monospace"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (editor (f, "links"))), ==,
                   "- name: home\n  url: /");

  /* The date in the author's language, beside the field. */
  display = billet_date_row_dup_display (BILLET_DATE_ROW (editor (f, "date")));
  g_assert_nonnull (display);
  g_assert_nonnull (strstr (display, "2024"));

  /* Counters under titles and descriptions. */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (_billet_post_form_get_counter (f->form, "title"))),
                   ==, "11 / 60");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (_billet_post_form_get_counter (f->form, "description"))),
                   ==, "32 / 160");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (_billet_post_form_get_counter (f->form, "seo.title"))),
                   ==, "21 / 60");
  g_assert_null (_billet_post_form_get_counter (f->form, "draft"));

  g_assert_true (_billet_post_form_get_editable (f->form));
  g_assert_null (_billet_post_form_get_banner (f->form));
}

static void
test_edit_and_undo (Fixture       *f,
                    gconstpointer  data)
{
  GtkTextBuffer *fm = GTK_TEXT_BUFFER (billet_document_get_front_matter_buffer (f->document));
  GtkWidget *title_row = _billet_post_form_get_row (f->form, "title");
  GtkWidget *title = editor (f, "title");
  g_autofree char *expected_title = billet_test_replace_once (FRONT_MATTER, "title: Hello world", "title: Hello there");
  g_autofree char *expected_both = billet_test_replace_once (expected_title, "draft: true", "draft: false");
  g_autofree char *text = NULL;
  GtkWidget *focus;

  gtk_widget_grab_focus (title);
  gtk_editable_set_text (GTK_EDITABLE (title), "Hello there");
  gtk_editable_set_position (GTK_EDITABLE (title), 5);

  /* Nothing is written while the author is typing. */
  billet_test_iterate ();
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, FRONT_MATTER);
  g_clear_pointer (&text, g_free);

  /* After the pause, only the title's bytes changed, and the row the
   * author types in is the same one, with the focus and cursor in it. */
  billet_test_run_for (450);
  billet_test_iterate ();
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, expected_title);
  g_clear_pointer (&text, g_free);
  g_assert_true (_billet_post_form_get_row (f->form, "title") == title_row);
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, title_row));
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (title)), ==, 5);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title)), ==, "Hello there");

  /* A switch writes at once. */
  gtk_switch_set_active (GTK_SWITCH (editor (f, "draft")), FALSE);
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, expected_both);
  g_clear_pointer (&text, g_free);

  /* Undo takes back one form edit at a time, through the buffer. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.undo", NULL));
  billet_test_iterate ();
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, expected_title);
  g_clear_pointer (&text, g_free);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (editor (f, "draft"))));

  /* Typed text not yet written is what undo takes back first. */
  gtk_editable_set_text (GTK_EDITABLE (editor (f, "seo.title")), "Search");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.undo", NULL));
  billet_test_iterate ();
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, expected_title);
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor (f, "seo.title"))), ==,
                   "Hello, search engines");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor (f, "title"))), ==, "Hello there");


  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.undo", NULL));
  billet_test_iterate ();
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, FRONT_MATTER);
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor (f, "title"))), ==, "Hello world");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.redo", NULL));
  billet_test_iterate ();
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, expected_title);
  g_clear_pointer (&text, g_free);

  /* The form's history is the buffer's (the rows' own: row-undo-keys). */
  g_assert_true (gtk_text_buffer_get_can_undo (fm));
}

static void
test_long_text_and_counters (Fixture       *f,
                             gconstpointer  data)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor (f, "description")));
  GtkWidget *counter = _billet_post_form_get_counter (f->form, "title");
  g_autofree char *long_title = g_strnfill (61, 'x');
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;

  g_assert_false (gtk_widget_has_css_class (counter, "warning"));
  gtk_editable_set_text (GTK_EDITABLE (editor (f, "title")), long_title);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (counter)), ==, "61 / 60");
  g_assert_true (gtk_widget_has_css_class (counter, "warning"));

  /* Focus leaving a row writes it at once; a long title keeps its row. */
  gtk_widget_grab_focus (editor (f, "title"));
  gtk_widget_grab_focus (editor (f, "description"));
  text = buffer_text (f);
  expected = billet_test_replace_once (FRONT_MATTER, "title: Hello world",
                                       "title: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);
  g_assert_cmpint (_billet_post_form_get_field_type (f->form, "title"), ==, BILLET_FIELD_TEXT);

  gtk_text_buffer_set_text (buffer, "Line one.", -1);
  _billet_post_form_flush (f->form);
  text = buffer_text (f);
  g_assert_nonnull (strstr (text, "\ndescription: Line one.\n"));
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (_billet_post_form_get_counter (f->form, "description"))),
                   ==, "9 / 160");
}

static void
test_invalid_number_and_date (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GDateTime) day = g_date_time_new_utc (2025, 12, 24, 0, 0, 0);
  GtkWidget *weight = editor (f, "weight");
  GtkWidget *date = editor (f, "date");
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;

  gtk_editable_set_text (GTK_EDITABLE (weight), "three");
  _billet_post_form_flush (f->form);
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, FRONT_MATTER);
  g_clear_pointer (&text, g_free);
  g_assert_true (gtk_widget_has_css_class (weight, "error"));

  gtk_editable_set_text (GTK_EDITABLE (weight), "4.5");
  _billet_post_form_flush (f->form);
  g_assert_false (gtk_widget_has_css_class (weight, "error"));
  text = buffer_text (f);
  expected = billet_test_replace_once (FRONT_MATTER, "weight: 3", "weight: 4.5");
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);

  gtk_editable_set_text (GTK_EDITABLE (date), "2024-13-45x");
  _billet_post_form_flush (f->form);
  g_assert_true (gtk_widget_has_css_class (date, "error"));
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  /* A date of the right shape but not of the calendar is not written
   * either (YAML readers refuse it): the row says why, as `billet set`. */
  gtk_editable_set_text (GTK_EDITABLE (date), "2024-02-30");
  _billet_post_form_flush (f->form);
  g_assert_true (gtk_widget_has_css_class (date, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (date), "is not a date like 2024-03-01"));
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  /* The same row again, with a number typed with spaces round it: the
   * take-back of the row's last write (one typing session, one edit) did
   * rebuild the rows half-way and lose both values. */
  gtk_editable_set_text (GTK_EDITABLE (weight), " 12 ");
  _billet_post_form_flush (f->form);
  text = buffer_text (f);
  g_assert_nonnull (strstr (text, "\nweight: 12\n"));
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);
  gtk_editable_set_text (GTK_EDITABLE (date), "2024-03-01");
  g_assert_false (gtk_widget_has_css_class (date, "error"));
  g_assert_null (gtk_widget_get_tooltip_text (date));

  /* Picking a day keeps a datetime's time and zone as written. */
  billet_date_row_pick_date (BILLET_DATE_ROW (editor (f, "updated")), day);
  text = buffer_text (f);
  g_assert_nonnull (strstr (text, "\nupdated: 2025-12-24T10:30:00+01:00\n"));
  g_clear_pointer (&text, g_free);

  billet_date_row_pick_date (BILLET_DATE_ROW (date), day);
  text = buffer_text (f);
  g_assert_nonnull (strstr (text, "\ndate: 2025-12-24\n"));
}

/* Presses @keyval where the completion of @editable listens for keys. */
static gboolean
press_key (GtkWidget *editable,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (editable);
  gboolean handled = FALSE;
  gboolean found = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), "billet-completion-keys") == 0)
        {
          g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
          found = TRUE;
        }
    }
  g_assert_true (found);
  billet_test_iterate ();
  return handled;
}

/* The suggestions shown, as "value (count)|…". */
static char *
suggestion_labels (GtkListBox *list)
{
  g_autoptr(GString) labels = g_string_new (NULL);
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (list, (int) i)) != NULL; i++)
    g_string_append_printf (labels, "%s%s", i ? "|" : "",
                            gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (row))));
  return g_string_free (g_steal_pointer (&labels), FALSE);
}

static int
selected_index (GtkListBox *list)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (list);

  return row != NULL ? gtk_list_box_row_get_index (row) : -1;
}

static void
test_tags (Fixture       *f,
           gconstpointer  data)
{
  BilletTagEditor *tags = BILLET_TAG_EDITOR (editor (f, "tags"));
  GtkEditable *entry = billet_tag_editor_get_entry (tags);
  GtkWidget *row = _billet_post_form_get_row (f->form, "tags");
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;

  /* A comma adds what was typed before it. */
  gtk_editable_set_text (entry, "gnome,");
  text = buffer_text (f);
  expected = billet_test_replace_once (FRONT_MATTER, "tags: [gtk, c, yaml]", "tags: [gtk, c, yaml, gnome]");
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");

  /* So does Enter. */
  gtk_editable_set_text (entry, " blog ");
  g_signal_emit_by_name (entry, "activate");
  text = buffer_text (f);
  expected = billet_test_replace_once (FRONT_MATTER, "tags: [gtk, c, yaml]", "tags: [gtk, c, yaml, gnome, blog]");
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);

  /* Removing a chip removes the tag. */
  billet_tag_editor_remove_tag (tags, 0);
  text = buffer_text (f);
  expected = billet_test_replace_once (FRONT_MATTER, "tags: [gtk, c, yaml]", "tags: [c, yaml, gnome, blog]");
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);

  /* The tag row was updated, not rebuilt. */
  g_assert_true (_billet_post_form_get_row (f->form, "tags") == row);
}

static void
test_suggestions (Fixture       *f,
                  gconstpointer  data)
{
  const char * const values[] = { "écriture", "hugo", "github", "hub", NULL };
  const guint counts[] = { 12, 3, 2, 1 };
  BilletTagEditor *tags = BILLET_TAG_EDITOR (editor (f, "tags"));
  GtkEditable *entry = billet_tag_editor_get_entry (tags);
  GtkPopover *popover = billet_tag_editor_get_popover (tags);
  GtkListBox *list = billet_tag_editor_get_suggestion_list (tags);
  GtkLabel *warning = billet_tag_editor_get_warning_label (tags);
  GtkListBoxRow *row;
  GtkWidget *label;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  guint n = 0;

  billet_post_form_set_suggestions (f->form, "tags", values, counts);
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  billet_test_iterate ();

  /* The values that begin with what was typed come first, most used first;
   * then those that contain it. */
  gtk_editable_set_text (entry, "hu");
  billet_test_iterate ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  g_assert_cmpuint (n, ==, 3);
  row = gtk_list_box_get_row_at_index (list, 0);
  label = gtk_list_box_row_get_child (row);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "hugo (3)");
  label = gtk_list_box_row_get_child (gtk_list_box_get_row_at_index (list, 1));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "hub (1)");
  label = gtk_list_box_row_get_child (gtk_list_box_get_row_at_index (list, 2));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "github (2)");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (warning)));

  /* Picking one adds it as a tag. */
  g_signal_emit_by_name (row, "activate");
  billet_test_iterate ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  text = buffer_text (f);
  expected = billet_test_replace_once (FRONT_MATTER, "tags: [gtk, c, yaml]", "tags: [gtk, c, yaml, hugo]");
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);

  /* Enter picks the selected suggestion, Down moves to the next. */
  gtk_editable_set_text (entry, "HU");
  billet_test_iterate ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  label = gtk_list_box_row_get_child (gtk_list_box_get_row_at_index (list, 0));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "hub (1)");
  g_signal_emit_by_name (entry, "activate");
  billet_test_iterate ();
  g_assert_true (g_strv_contains (billet_tag_editor_get_tags (tags), "hub"));

  /* Escape closes the list and leaves the text. */
  gtk_editable_set_text (entry, "hu");
  billet_test_iterate ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  label = gtk_list_box_row_get_child (gtk_list_box_get_row_at_index (list, 0));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "github (2)");
  g_assert_true (press_key (GTK_WIDGET (entry), GDK_KEY_Escape));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "hu");

  /* A value that differs from a used one only by case or accents. */
  gtk_editable_set_text (entry, "Ecriture");
  billet_test_iterate ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (warning)));
  g_assert_nonnull (strstr (gtk_label_get_text (warning), "“Ecriture”"));
  g_assert_nonnull (strstr (gtk_label_get_text (warning), "“écriture”"));
  g_assert_nonnull (strstr (gtk_label_get_text (warning), "12"));

  /* Clearing the entry hides the warning. */
  gtk_editable_set_text (entry, "");
  billet_test_iterate ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (warning)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
}

#define AUTHOR_FRONT_MATTER "title: Hello\nauthor: Ja\ntags: [a]\n"

/* A one-line `author:` completes from the site's authors as a list of them
 * does, and a pick is written as typing is. */
static void
test_author_suggestions (Fixture       *f,
                         gconstpointer  data)
{
  const char * const values[] = { "Jane Doe", "Bob", "Jacques Martin", NULL };
  const guint counts[] = { 12, 5, 3 };
  GtkWidget *row = editor (f, "author");
  BilletCompletion *completion = _billet_post_form_get_completion (f->form, "author");
  GtkPopover *popover;
  GtkListBox *list;
  g_autofree char *labels = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  const BilletNode *node;

  g_assert_cmpint (_billet_post_form_get_field_type (f->form, "author"), ==, BILLET_FIELD_TEXT);
  g_assert_nonnull (completion);
  g_assert_null (_billet_post_form_get_completion (f->form, "title"));
  g_assert_true (billet_completion_get_editable (completion) == GTK_EDITABLE (row));
  popover = billet_completion_get_popover (completion);
  list = billet_completion_get_list (completion);
  g_assert_true (gtk_widget_get_parent (GTK_WIDGET (popover)) == row);

  billet_post_form_set_suggestions (f->form, "author", values, counts);
  gtk_widget_grab_focus (row);
  billet_test_iterate ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));

  /* Typing lists the authors that begin with it, most used first. */
  gtk_editable_set_text (GTK_EDITABLE (row), "J");
  gtk_editable_set_text (GTK_EDITABLE (row), "Ja");
  billet_test_iterate ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  labels = suggestion_labels (list);
  g_assert_cmpstr (labels, ==, "Jane Doe (12)|Jacques Martin (3)");
  g_clear_pointer (&labels, g_free);
  g_assert_cmpint (selected_index (list), ==, 0);

  /* Down and Up move; Enter picks the selected author, which replaces the
   * text and is written at once. */
  g_assert_true (press_key (row, GDK_KEY_Down));
  g_assert_cmpint (selected_index (list), ==, 1);
  g_assert_true (press_key (row, GDK_KEY_Up));
  g_assert_cmpint (selected_index (list), ==, 0);
  g_signal_emit_by_name (row, "entry-activated");
  billet_test_iterate ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Jane Doe");
  text = buffer_text (f);
  expected = billet_test_replace_once (AUTHOR_FRONT_MATTER, "author: Ja\n", "author: Jane Doe\n");
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);
  node = billet_front_matter_lookup (billet_document_get_front_matter (f->document), "author");
  g_assert_cmpint (billet_node_get_kind (node), ==, BILLET_NODE_STRING);
  g_assert_cmpstr (billet_node_get_text (node), ==, "Jane Doe");
  g_assert_true (_billet_post_form_get_row (f->form, "author") == row);

  /* Case and accents aside; a click picks too. */
  gtk_editable_set_text (GTK_EDITABLE (row), "JÂC");
  billet_test_iterate ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  labels = suggestion_labels (list);
  g_assert_cmpstr (labels, ==, "Jacques Martin (3)");
  g_clear_pointer (&labels, g_free);
  g_signal_emit_by_name (gtk_list_box_get_row_at_index (list, 0), "activate");
  billet_test_iterate ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Jacques Martin");
  text = buffer_text (f);
  expected = billet_test_replace_once (AUTHOR_FRONT_MATTER, "author: Ja\n", "author: Jacques Martin\n");
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);

  /* Nothing to offer: no match, or the text is the only match already. */
  gtk_editable_set_text (GTK_EDITABLE (row), "Zed");
  billet_test_iterate ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  gtk_editable_set_text (GTK_EDITABLE (row), "Jacques Marti");
  billet_test_iterate ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  gtk_editable_set_text (GTK_EDITABLE (row), "Jacques Martin");
  billet_test_iterate ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));

  /* Escape closes the list and leaves the text; Enter then writes it. */
  gtk_editable_set_text (GTK_EDITABLE (row), "Ja");
  billet_test_iterate ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_true (press_key (row, GDK_KEY_Escape));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_false (press_key (row, GDK_KEY_Escape));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Ja");
  g_signal_emit_by_name (row, "entry-activated");
  billet_test_iterate ();
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, AUTHOR_FRONT_MATTER);
  g_clear_pointer (&text, g_free);

  /* A change that comes from the document opens nothing in a row the
   * author is not typing in. */
  gtk_widget_grab_focus (editor (f, "title"));
  billet_test_iterate ();
  raw_replace (f, "author: Ja", "author: Jan");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Jan");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
}

static void
test_add_remove (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  BilletFrontMatter *parsed;
  const BilletNode *node;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;

  g_assert_true (_billet_post_form_add_field (f->form, "subtitle", BILLET_FIELD_TEXT, &error));
  g_assert_no_error (error);
  g_assert_true (_billet_post_form_add_field (f->form, "summary_long", BILLET_FIELD_LONG_TEXT, &error));
  g_assert_no_error (error);
  g_assert_true (_billet_post_form_add_field (f->form, "featured", BILLET_FIELD_BOOLEAN, &error));
  g_assert_no_error (error);
  g_assert_true (_billet_post_form_add_field (f->form, "categories", BILLET_FIELD_TAGS, &error));
  g_assert_no_error (error);
  g_assert_true (_billet_post_form_add_field (f->form, "seo.image", BILLET_FIELD_TEXT, &error));
  g_assert_no_error (error);
  g_assert_true (_billet_post_form_add_field (f->form, "lastmod", BILLET_FIELD_DATE, &error));
  g_assert_no_error (error);

  parsed = billet_document_get_front_matter (f->document);
  g_assert_nonnull (parsed);
  /* An empty text field is an empty value: what is typed in it then needs
   * no quotes. */
  node = billet_front_matter_lookup (parsed, "subtitle");
  g_assert_nonnull (node);
  g_assert_cmpint (billet_node_get_kind (node), ==, BILLET_NODE_NULL);
  node = billet_front_matter_lookup (parsed, "featured");
  g_assert_cmpint (billet_node_get_kind (node), ==, BILLET_NODE_BOOLEAN);
  g_assert_false (billet_node_get_boolean (node));
  node = billet_front_matter_lookup (parsed, "categories");
  g_assert_cmpint (billet_node_get_kind (node), ==, BILLET_NODE_LIST);
  g_assert_cmpuint (billet_node_get_n_children (node), ==, 0);
  node = billet_front_matter_lookup (parsed, "lastmod");
  g_assert_cmpint (billet_node_get_kind (node), ==, BILLET_NODE_DATE);

  g_assert_cmpint (_billet_post_form_get_field_type (f->form, "subtitle"), ==, BILLET_FIELD_TEXT);
  g_assert_cmpint (_billet_post_form_get_field_type (f->form, "summary_long"), ==, BILLET_FIELD_LONG_TEXT);
  g_assert_cmpint (_billet_post_form_get_field_type (f->form, "featured"), ==, BILLET_FIELD_BOOLEAN);
  g_assert_cmpint (_billet_post_form_get_field_type (f->form, "categories"), ==, BILLET_FIELD_TAGS);
  g_assert_cmpint (_billet_post_form_get_field_type (f->form, "seo.image"), ==, BILLET_FIELD_TEXT);
  g_assert_cmpint (_billet_post_form_get_field_type (f->form, "lastmod"), ==, BILLET_FIELD_DATE);

  /* The new field has the focus, and typing in it works without a rebuild. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         _billet_post_form_get_row (f->form, "lastmod")));
  gtk_editable_set_text (GTK_EDITABLE (editor (f, "subtitle")), "More");
  _billet_post_form_flush (f->form);
  text = buffer_text (f);
  g_assert_nonnull (strstr (text, "\nsubtitle: More\n"));
  g_assert_nonnull (strstr (text, "\n  image: null\n"));
  g_clear_pointer (&text, g_free);

  /* A key that exists is refused. */
  g_assert_false (_billet_post_form_add_field (f->form, "title", BILLET_FIELD_TEXT, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Remove all the new fields, and one old: the rest is as it was. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.remove-field", "s", "subtitle"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.remove-field", "s", "summary_long"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.remove-field", "s", "featured"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.remove-field", "s", "categories"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.remove-field", "s", "seo.image"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.remove-field", "s", "lastmod"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.remove-field", "s", "weight"));
  billet_test_iterate ();
  text = buffer_text (f);
  expected = billet_test_replace_once (FRONT_MATTER, "weight: 3\n", "");
  g_assert_cmpstr (text, ==, expected);
  g_assert_null (_billet_post_form_get_row (f->form, "weight"));
  g_assert_null (_billet_post_form_get_row (f->form, "subtitle"));
  g_assert_nonnull (_billet_post_form_get_row (f->form, "title"));
  g_assert_null (_billet_post_form_get_edit_error (f->form));
}

/* Rows are labelled for people, with the exact key still shown. */
static void
test_labels (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *row;
  g_autofree char *labels = NULL;

  row = _billet_post_form_get_row (f->form, "title");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Title");
  labels = billet_test_dup_labels (row);
  g_assert_nonnull (strstr (labels, "\ntitle\n"));
  g_clear_pointer (&labels, g_free);

  row = _billet_post_form_get_row (f->form, "weight");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Order");
  row = _billet_post_form_get_row (f->form, "draft");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Draft");
  row = _billet_post_form_get_row (f->form, "seo");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Search engines");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==, "seo");
  row = _billet_post_form_get_row (f->form, "description");
  labels = billet_test_dup_labels (row);
  g_assert_true (g_str_has_prefix (labels, "Description\ndescription\n"));
  g_clear_pointer (&labels, g_free);

  /* A key Billet does not know is its own label, once. */
  row = _billet_post_form_get_row (f->form, "links");
  labels = billet_test_dup_labels (row);
  g_assert_true (g_str_has_prefix (labels, "links\n"));
  g_assert_null (strstr (labels + strlen ("links\n"), "links\n"));
}

/* `date: "…"` is a date row all the same, and keeps its quotes. */
static void
test_quoted_date (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *text = NULL;

  g_assert_cmpint (_billet_post_form_get_field_type (f->form, "date"), ==, BILLET_FIELD_DATE);
  g_assert_true (BILLET_IS_DATE_ROW (editor (f, "date")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor (f, "date"))), ==, "2024-06-18T07:45:00+02:00");
  gtk_editable_set_text (GTK_EDITABLE (editor (f, "date")), "2024-06-19T07:45:00+02:00");
  _billet_post_form_flush (f->form);
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, "title: Quoted\ndate: \"2024-06-19T07:45:00+02:00\"\nlastmod: '2024-06-20'\n");
  g_clear_pointer (&text, g_free);
  gtk_editable_set_text (GTK_EDITABLE (editor (f, "lastmod")), "2024-06-21");
  _billet_post_form_flush (f->form);
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, "title: Quoted\ndate: \"2024-06-19T07:45:00+02:00\"\nlastmod: '2024-06-21'\n");
}

/* Astro's dates are strings JavaScript's Date reads (its blog template's
 * `pubDate: 'Jul 08 2022'`): date rows with a calendar, and a day picked
 * or typed keeps the text's form and quotes. */
#define ASTRO_FRONT_MATTER \
  "title: 'Premier atelier de reliure'\n" \
  "description: 'Coudre un cahier à la main'\n" \
  "pubDate: 'Jul 08 2022'\n" \
  "updatedDate: July 8, 2022\n" \
  "eventDate: \"2022-07-08T10:00\"\n" \
  "heroImage: '/atelier.jpg'\n"

static void
test_js_dates (Fixture       *f,
               gconstpointer  data)
{
  static const char * const keys[] = { "pubDate", "updatedDate", "eventDate" };
  g_autoptr(GDateTime) day = g_date_time_new_utc (2023, 8, 15, 0, 0, 0);
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  GtkWidget *pub;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *display = NULL;

      g_assert_cmpint (_billet_post_form_get_field_type (f->form, keys[i]), ==, BILLET_FIELD_DATE);
      g_assert_true (BILLET_IS_DATE_ROW (editor (f, keys[i])));
      g_assert_true (billet_date_row_get_valid (BILLET_DATE_ROW (editor (f, keys[i]))));
      g_assert_false (gtk_widget_has_css_class (editor (f, keys[i]), "error"));
      /* Shown as a day, beside the text */
      display = billet_date_row_dup_display (BILLET_DATE_ROW (editor (f, keys[i])));
      g_assert_nonnull (display);
      g_assert_nonnull (strstr (display, "2022"));
    }
  /* Not every string of a date key is a date */
  g_assert_cmpint (_billet_post_form_get_field_type (f->form, "heroImage"), ==, BILLET_FIELD_TEXT);

  /* A day picked in the calendar, written in each text's own form */
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    billet_date_row_pick_date (BILLET_DATE_ROW (editor (f, keys[i])), day);
  _billet_post_form_flush (f->form);
  text = buffer_text (f);
  expected = g_strdup ("title: 'Premier atelier de reliure'\n"
                       "description: 'Coudre un cahier à la main'\n"
                       "pubDate: 'Aug 15 2023'\n"
                       "updatedDate: August 15, 2023\n"
                       "eventDate: \"2023-08-15T10:00\"\n"
                       "heroImage: '/atelier.jpg'\n");
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);

  /* Typed as JavaScript reads it: written as typed, in the quotes */
  pub = editor (f, "pubDate");
  gtk_editable_set_text (GTK_EDITABLE (pub), "Sep 1 2023");
  _billet_post_form_flush (f->form);
  text = buffer_text (f);
  g_assert_nonnull (strstr (text, "\npubDate: 'Sep 1 2023'\n"));
  g_clear_pointer (&text, g_free);

  /* What is no date stays in the row, marked, and is not written */
  gtk_editable_set_text (GTK_EDITABLE (pub), "Sep 31 2023");
  _billet_post_form_flush (f->form);
  g_assert_true (gtk_widget_has_css_class (pub, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (pub), "Jul 08 2022"));
  text = buffer_text (f);
  g_assert_nonnull (strstr (text, "\npubDate: 'Sep 1 2023'\n"));
}

static gboolean
focus_is_in (Fixture    *f,
             const char *path)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
  GtkWidget *row = _billet_post_form_get_row (f->form, path);

  return focus != NULL && row != NULL && gtk_widget_is_ancestor (focus, row);
}

/* The focused text shows a cursor, not a selection the next key would replace. */
static void
assert_nothing_selected (Fixture *f)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  g_assert_nonnull (focus);
  if (GTK_IS_EDITABLE (focus))
    g_assert_false (gtk_editable_get_selection_bounds (GTK_EDITABLE (focus), NULL, NULL));
  else if (GTK_IS_TEXT_VIEW (focus))
    g_assert_false (gtk_text_buffer_get_has_selection (gtk_text_view_get_buffer (GTK_TEXT_VIEW (focus))));
}

/* Undo goes back one form edit at a time and takes the focus to the row
 * whose value came back. */
static void
test_undo_focus (Fixture       *f,
                 gconstpointer  data)
{
  gtk_widget_grab_focus (editor (f, "title"));
  gtk_editable_set_text (GTK_EDITABLE (editor (f, "title")), "Hello there");
  _billet_post_form_flush (f->form);
  gtk_widget_grab_focus (editor (f, "seo.title"));
  gtk_editable_set_text (GTK_EDITABLE (editor (f, "seo.title")), "Search");
  _billet_post_form_flush (f->form);
  gtk_widget_grab_focus (editor (f, "weight"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.undo", NULL));
  billet_test_iterate ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor (f, "seo.title"))), ==, "Hello, search engines");
  g_assert_true (focus_is_in (f, "seo.title"));
  assert_nothing_selected (f);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.undo", NULL));
  billet_test_iterate ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor (f, "title"))), ==, "Hello world");
  g_assert_true (focus_is_in (f, "title"));
  assert_nothing_selected (f);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.redo", NULL));
  billet_test_iterate ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor (f, "title"))), ==, "Hello there");
  g_assert_true (focus_is_in (f, "title"));
}

/* Typing with pauses: each pause writes the value, a pause after a space
 * needs quotes for a moment; the value ends up in the style it had, and
 * one undo takes the whole session back. */
static void
test_typing_session (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *title = editor (f, "title");
  g_autofree char *text = NULL;
  g_autofree char *expected = billet_test_replace_once (FRONT_MATTER, "title: Hello world\n",
                                                        "title: Hello world at dawn\n");

  gtk_widget_grab_focus (title);
  gtk_editable_set_text (GTK_EDITABLE (title), "Hello world ");
  _billet_post_form_flush (f->form);
  text = buffer_text (f);
  g_assert_nonnull (strstr (text, "title: 'Hello world '\n"));
  g_clear_pointer (&text, g_free);
  gtk_editable_set_text (GTK_EDITABLE (title), "Hello world at dawn");
  _billet_post_form_flush (f->form);
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.undo", NULL));
  billet_test_iterate ();
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, FRONT_MATTER);
}

static gboolean
title_is (Fixture    *f,
          const char *text)
{
  return g_str_equal (gtk_editable_get_text (GTK_EDITABLE (editor (f, "title"))), text);
}

/* Types @text at the end of @editor's text, with key presses, and lets
 * the form see it. */
static void
type_at_end (GtkWidget  *editor,
             const char *text)
{
  gtk_widget_grab_focus (editor);
  gtk_editable_set_position (GTK_EDITABLE (editor), -1);
  billet_test_type (editor, text);
  billet_test_run_for (100);
}

/* Ctrl+Z pressed in a row, as the author presses it: the row's own typing
 * goes back first, a step at a time, and the post follows; once the row
 * has nothing left to undo, the form's history goes on with the edit
 * before (another row's). Leaving the row makes its typing one edit. */
static void
test_row_undo_keys (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *title = editor (f, "title");
  GtkWidget *seo = editor (f, "seo.title");
  g_autofree char *seo_changed = billet_test_replace_once (FRONT_MATTER, "\"Hello, search engines\"",
                                           "\"Hello, search engines!\"");
  g_autofree char *text = NULL;
  guint presses = 0;

  billet_test_focus_window (f->window);

  /* An earlier edit, in another row, left behind. */
  type_at_end (seo, "!");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (seo)), ==, "Hello, search engines!");

  type_at_end (title, " at dawn");
  g_assert_true (title_is (f, "Hello world at dawn"));
  _billet_post_form_flush (f->form);
  text = buffer_text (f);
  g_assert_nonnull (strstr (text, "title: Hello world at dawn\n"));
  g_clear_pointer (&text, g_free);

  /* Back in the title, step by step, never touching the other row. */
  while (!title_is (f, "Hello world"))
    {
      g_autofree char *before = g_strdup (gtk_editable_get_text (GTK_EDITABLE (title)));

      g_assert_cmpuint (++presses, <=, 8);
      billet_test_press (title, "<Control>z");
      billet_test_run_for (100);
      g_assert_true (focus_is_in (f, "title"));
      g_assert_true (g_str_has_prefix (gtk_editable_get_text (GTK_EDITABLE (title)), "Hello world"));
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title)), !=, before);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (seo)), ==, "Hello, search engines!");
    }
  /* More than one step for two words typed. */
  g_assert_cmpuint (presses, >, 1);
  _billet_post_form_flush (f->form);
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, seo_changed);
  g_clear_pointer (&text, g_free);

  /* Nothing left in the row: the form's history, the other row's edit. */
  billet_test_press (title, "<Control>z");
  billet_test_run_for (200);
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, FRONT_MATTER);
  g_clear_pointer (&text, g_free);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (seo)), ==, "Hello, search engines");
  g_assert_true (title_is (f, "Hello world"));
}

/* Ctrl+Shift+Z (and Ctrl+Y) in a row, after Ctrl+Z there: the row's
 * undone steps come back, one a press, and the post follows; once the
 * row has nothing left to redo, the key is the form's, which has nothing
 * to redo either (the row's steps were one typing session): nothing
 * changes, in that row or another. */
static void
test_row_redo_keys (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *title = editor (f, "title");
  GtkWidget *seo = editor (f, "seo.title");
  g_autofree char *typed = billet_test_replace_once (FRONT_MATTER, "title: Hello world\n",
                                                     "title: Hello world at dawn\n");
  g_autofree char *text = NULL;
  guint undos = 0;
  guint redos = 0;

  billet_test_focus_window (f->window);
  type_at_end (title, " at dawn");
  g_assert_true (title_is (f, "Hello world at dawn"));

  while (!title_is (f, "Hello world"))
    {
      g_assert_cmpuint (++undos, <=, 8);
      billet_test_press (title, "<Control>z");
      billet_test_run_for (100);
    }
  g_assert_cmpuint (undos, >, 1);

  /* Forward again, in the row, by both keys. */
  while (!title_is (f, "Hello world at dawn"))
    {
      g_autofree char *before = g_strdup (gtk_editable_get_text (GTK_EDITABLE (title)));

      g_assert_cmpuint (++redos, <=, undos);
      billet_test_press (title, redos % 2 ? "<Control><Shift>z" : "<Control>y");
      billet_test_run_for (100);
      g_assert_true (focus_is_in (f, "title"));
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title)), !=, before);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (seo)), ==, "Hello, search engines");
    }
  g_assert_cmpuint (redos, ==, undos);
  _billet_post_form_flush (f->form);
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, typed);
  g_clear_pointer (&text, g_free);

  /* Nothing left to redo anywhere: the post stays as typed. */
  billet_test_press (title, "<Control><Shift>z");
  billet_test_run_for (200);
  g_assert_true (title_is (f, "Hello world at dawn"));
  g_assert_true (focus_is_in (f, "title"));
  _billet_post_form_flush (f->form);
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, typed);
}

/* @data: a CSS class. */
static gboolean
has_css_class (GtkWidget *widget,
               gpointer   data)
{
  return gtk_widget_has_css_class (widget, data);
}

static GtkWidget *
find_css_class (GtkWidget  *widget,
                const char *name)
{
  return billet_test_find_widget (widget, has_css_class, (gpointer) name);
}

static gboolean
toast_shown (gpointer data)
{
  Fixture *f = data;
  g_autofree char *labels = billet_test_dup_labels (f->overlay);

  return strstr (labels, "“date” removed") != NULL;
}

/* Alt+Delete removes the field being edited; the toast offers it back;
 * the focus goes to the next field, its text not selected; the remove
 * buttons are not in the Tab chain. */
static void
test_remove_undo (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *button;
  g_autofree char *text = NULL;

  button = find_css_class (_billet_post_form_get_row (f->form, "date"), "billet-remove-button");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_focusable (button));
  g_assert_true (gtk_widget_get_can_target (button));

  gtk_widget_grab_focus (editor (f, "date"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.remove-focused-field", NULL));
  billet_test_iterate ();
  g_assert_null (_billet_post_form_get_row (f->form, "date"));
  text = buffer_text (f);
  g_assert_null (strstr (text, "date: 2024-03-01"));
  g_clear_pointer (&text, g_free);
  g_assert_true (focus_is_in (f, "updated"));
  assert_nothing_selected (f);
  billet_test_wait_until (toast_shown, f, 10, "the toast");

  button = billet_test_find_button (f->overlay, "_Undo");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  billet_test_iterate ();
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, FRONT_MATTER);
  g_assert_true (focus_is_in (f, "date"));
  g_clear_pointer (&text, g_free);

  /* Another removal: the same toast says so. A change after it takes the
   * Undo away (it would undo that change instead). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.remove-field", "s", "weight"));
  billet_test_iterate ();
  button = billet_test_find_button (f->overlay, "_Undo");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  gtk_editable_set_text (GTK_EDITABLE (editor (f, "title")), "Changed after");
  _billet_post_form_flush (f->form);
  billet_test_iterate ();
  button = billet_test_find_button (f->overlay, "_Undo");
  g_assert_true (button == NULL || !gtk_widget_get_visible (button));
}

/* Only with a scrolled window that shows part of the form: the new field
 * comes into view, with the focus. */
static gboolean
row_in_view (gpointer data)
{
  Fixture *f = data;
  GtkWidget *row = _billet_post_form_get_row (f->form, "zzz");
  graphene_rect_t bounds;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (f->scroller));

  return row != NULL && gtk_widget_compute_bounds (row, f->scroller, &bounds) &&
         graphene_rect_get_height (&bounds) > 0 && graphene_rect_get_y (&bounds) >= 0 &&
         graphene_rect_get_y (&bounds) + graphene_rect_get_height (&bounds) <=
           gtk_adjustment_get_page_size (adjustment) + 1;
}

static void
test_add_scrolls (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  gtk_widget_set_size_request (f->scroller, -1, 250);
  gtk_window_set_default_size (f->window, 700, 250);
  billet_test_run_for (200);
  billet_test_iterate ();
  g_assert_true (_billet_post_form_add_field (f->form, "zzz", BILLET_FIELD_TEXT, &error));
  g_assert_no_error (error);
  billet_test_wait_until (row_in_view, f, 10, "the new field in view");
  g_assert_true (focus_is_in (f, "zzz"));
}

static void
test_raw_edits (Fixture       *f,
                gconstpointer  data)
{
  GtkTextBuffer *fm = GTK_TEXT_BUFFER (billet_document_get_front_matter_buffer (f->document));
  GtkWidget *title_row = _billet_post_form_get_row (f->form, "title");
  GtkWidget *seo_title = editor (f, "seo.title");
  g_autofree char *invalid = billet_test_replace_once (FRONT_MATTER, "draft: true\n", "draft: true\n  bad: [\n");
  g_autofree char *changed = billet_test_replace_once (FRONT_MATTER, "title: Hello world", "title: Changed");
  g_autofree char *text = NULL;
  const char *banner;
  GtkWidget *stack;
  GtkWidget *raw;

  /* A change typed in the raw view updates the rows in place. */
  billet_post_form_show_raw (f->form, TRUE);
  g_assert_true (billet_post_form_get_show_raw (f->form));
  raw_replace (f, "Hello world", "Changed");
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, changed);
  g_clear_pointer (&text, g_free);
  g_assert_true (_billet_post_form_get_row (f->form, "title") == title_row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor (f, "title"))), ==, "Changed");
  billet_post_form_show_raw (f->form, FALSE);

  /* A row with typing pending keeps what was typed when another value
   * changes, and writes it afterwards. */
  gtk_editable_set_text (GTK_EDITABLE (seo_title), "Typed");
  raw_replace (f, "Changed", "Hello world");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (seo_title)), ==, "Typed");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor (f, "title"))), ==, "Hello world");
  _billet_post_form_flush (f->form);
  text = buffer_text (f);
  g_assert_nonnull (strstr (text, "\n  title: \"Typed\"\n"));
  g_clear_pointer (&text, g_free);

  /* Invalid YAML: a banner says where, the rows are read-only, nothing is
   * written, and the raw view stays editable. */
  gtk_text_buffer_set_text (fm, invalid, -1);
  billet_test_iterate ();
  banner = _billet_post_form_get_banner (f->form);
  g_assert_nonnull (banner);
  g_test_message ("banner: %s", banner);
  g_assert_true (g_str_has_prefix (banner, "Line 5, column "));
  g_assert_false (_billet_post_form_get_editable (f->form));
  g_assert_false (gtk_widget_is_sensitive (_billet_post_form_get_row (f->form, "title")));
  stack = gtk_widget_get_ancestor (title_row, GTK_TYPE_STACK);
  g_assert_nonnull (stack);
  raw = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (gtk_stack_get_child_by_name (GTK_STACK (stack),
                                                                                        "raw")));
  g_assert_true (GTK_SOURCE_IS_VIEW (raw));
  g_assert_true (gtk_text_view_get_buffer (GTK_TEXT_VIEW (raw)) == fm);
  g_assert_true (gtk_text_view_get_editable (GTK_TEXT_VIEW (raw)));
  g_assert_true (gtk_widget_is_sensitive (raw));
  gtk_editable_set_text (GTK_EDITABLE (editor (f, "title")), "Not written");
  _billet_post_form_flush (f->form);
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, invalid);
  g_clear_pointer (&text, g_free);

  /* Fixed again: editable again, and the values are the file's. */
  gtk_text_buffer_set_text (fm, FRONT_MATTER, -1);
  billet_test_iterate ();
  g_assert_null (_billet_post_form_get_banner (f->form));
  g_assert_true (_billet_post_form_get_editable (f->form));
  g_assert_true (gtk_widget_is_sensitive (_billet_post_form_get_row (f->form, "title")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor (f, "title"))), ==, "Hello world");

  /* A new key typed raw rebuilds the rows. */
  gtk_text_buffer_set_text (fm, FRONT_MATTER "extra: true\n", -1);
  billet_test_iterate ();
  g_assert_cmpint (_billet_post_form_get_field_type (f->form, "extra"), ==, BILLET_FIELD_BOOLEAN);
}

static void
test_no_front_matter (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpuint (_billet_post_form_get_n_fields (f->form), ==, 0);
  g_assert_null (_billet_post_form_get_banner (f->form));
  g_assert_true (_billet_post_form_get_editable (f->form));

  g_assert_true (_billet_post_form_add_field (f->form, "title", BILLET_FIELD_TEXT, &error));
  g_assert_no_error (error);
  gtk_editable_set_text (GTK_EDITABLE (editor (f, "title")), "First");
  _billet_post_form_flush (f->form);
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, "title: First\n");
  g_assert_cmpint (billet_document_get_front_matter_kind (f->document), ==, BILLET_FRONT_MATTER_YAML);
}

#define TOML_FRONT_MATTER \
  "# Hugo, in TOML\n" \
  "title = \"Les marchés de Provence\"\n" \
  "date = 2024-06-02T08:30:00+02:00\n" \
  "draft = true\n" \
  "description = \"\"\"\nTrois matinées de marché.\"\"\"\n" \
  "tags = [\"voyage\", \"cuisine\"] # the site's\n" \
  "weight = 10\n" \
  "at = 07:30:00\n" \
  "\n" \
  "[params]\n" \
  "  image = 'images/marche.jpg'\n"

/* TOML front matter (+++) gets the form YAML gets: rows of the same kinds,
 * edits that change only the value's bytes and write TOML, new fields where
 * TOML wants them, and errors with their place. */
static void
test_toml (Fixture       *f,
           gconstpointer  data)
{
  static const struct {
    const char *path;
    BilletFieldType type;
  } rows[] = {
    { "title", BILLET_FIELD_TEXT },
    { "date", BILLET_FIELD_DATE },
    { "draft", BILLET_FIELD_BOOLEAN },
    { "description", BILLET_FIELD_LONG_TEXT },
    { "tags", BILLET_FIELD_TAGS },
    { "weight", BILLET_FIELD_NUMBER },
    { "at", BILLET_FIELD_RAW },
    { "params", BILLET_FIELD_MAP },
    { "params.image", BILLET_FIELD_TEXT },
  };
  static const char * const tags[] = { "voyage", "cuisine", NULL };
  g_autoptr(GDateTime) day = g_date_time_new_utc (2025, 12, 24, 0, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *step = NULL;
  g_autofree char *text = NULL;
  GtkTextBuffer *description;
  GtkTextIter start, end;
  const char *banner;

  g_assert_cmpint (billet_document_get_front_matter_kind (f->document), ==, BILLET_FRONT_MATTER_TOML);
  g_assert_null (_billet_post_form_get_banner (f->form));
  g_assert_true (_billet_post_form_get_editable (f->form));
  g_assert_cmpuint (_billet_post_form_get_n_fields (f->form), ==, G_N_ELEMENTS (rows));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_test_message ("%s", rows[i].path);
      g_assert_cmpint (_billet_post_form_get_field_type (f->form, rows[i].path), ==, rows[i].type);
    }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor (f, "title"))), ==,
                   "Les marchés de Provence");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor (f, "date"))), ==,
                   "2024-06-02T08:30:00+02:00");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor (f, "weight"))), ==, "10");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor (f, "params.image"))), ==,
                   "images/marche.jpg");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (editor (f, "draft"))));
  g_assert_true (g_strv_equal (billet_tag_editor_get_tags (BILLET_TAG_EDITOR (editor (f, "tags"))),
                               tags));
  description = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor (f, "description")));
  gtk_text_buffer_get_bounds (description, &start, &end);
  text = gtk_text_buffer_get_text (description, &start, &end, TRUE);
  g_assert_cmpstr (text, ==, "Trois matinées de marché.");
  g_clear_pointer (&text, g_free);
  /* A time of day, which the form cannot model, as written */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (editor (f, "at"))), ==, "07:30:00");
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (editor (f, "at")), "Raw TOML"));
  /* The raw view says which language it is */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (_billet_post_form_get_raw_button (f->form))), ==,
                   "_Raw TOML");

  /* A text: only its bytes change, in TOML's quotes */
  gtk_editable_set_text (GTK_EDITABLE (editor (f, "title")), "Les marchés du \"Luberon\"");
  _billet_post_form_flush (f->form);
  expected = billet_test_replace_once (TOML_FRONT_MATTER, "title = \"Les marchés de Provence\"",
                       "title = \"Les marchés du \\\"Luberon\\\"\"");
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);

  /* A literal string stays one */
  step = g_steal_pointer (&expected);
  gtk_editable_set_text (GTK_EDITABLE (editor (f, "params.image")), "images/apt.jpg");
  _billet_post_form_flush (f->form);
  expected = billet_test_replace_once (step, "image = 'images/marche.jpg'", "image = 'images/apt.jpg'");
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&step, g_free);

  /* A switch, a tag, a day picked in the calendar (time and zone kept) */
  step = g_steal_pointer (&expected);
  gtk_switch_set_active (GTK_SWITCH (editor (f, "draft")), FALSE);
  gtk_editable_set_text (billet_tag_editor_get_entry (BILLET_TAG_EDITOR (editor (f, "tags"))), "été,");
  billet_date_row_pick_date (BILLET_DATE_ROW (editor (f, "date")), day);
  {
    g_autofree char *a = billet_test_replace_once (step, "draft = true", "draft = false");
    g_autofree char *b = billet_test_replace_once (a, "tags = [\"voyage\", \"cuisine\"]",
                                   "tags = [\"voyage\", \"cuisine\", \"été\"]");

    expected = billet_test_replace_once (b, "date = 2024-06-02T08:30:00+02:00", "date = 2025-12-24T08:30:00+02:00");
  }
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&step, g_free);

  /* The multi-line string keeps its layout */
  step = g_steal_pointer (&expected);
  gtk_text_buffer_set_text (description, "Deux matinées.\nEt un soir.", -1);
  _billet_post_form_flush (f->form);
  expected = billet_test_replace_once (step, "\"\"\"\nTrois matinées de marché.\"\"\"",
                       "\"\"\"\nDeux matinées.\nEt un soir.\"\"\"");
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&step, g_free);

  /* A new field goes before the first [table], and takes what is typed */
  step = g_steal_pointer (&expected);
  g_assert_true (_billet_post_form_add_field (f->form, "subtitle", BILLET_FIELD_TEXT, &error));
  g_assert_no_error (error);
  gtk_editable_set_text (GTK_EDITABLE (editor (f, "subtitle")), "Carnet d'été");
  _billet_post_form_flush (f->form);
  expected = billet_test_replace_once (step, "at = 07:30:00\n", "at = 07:30:00\nsubtitle = \"Carnet d'été\"\n");
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&step, g_free);

  /* Invalid TOML typed in the raw view: where, and the form waits */
  billet_post_form_show_raw (f->form, TRUE);
  raw_replace (f, "weight = 10", "weight = 1O");
  banner = _billet_post_form_get_banner (f->form);
  g_assert_nonnull (banner);
  g_test_message ("%s", banner);
  g_assert_true (g_str_has_prefix (banner, "Line 10, column "));
  g_assert_nonnull (strstr (banner, "Invalid TOML"));
  g_assert_false (_billet_post_form_get_editable (f->form));
  raw_replace (f, "weight = 1O", "weight = 10");
  billet_post_form_show_raw (f->form, FALSE);
  g_assert_null (_billet_post_form_get_banner (f->form));
  g_assert_true (_billet_post_form_get_editable (f->form));
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, expected);
}

#define EMOJI_FRONT_MATTER \
  "title: Protège-Toit 🏡\n" \
  "description: \"Un abri de jardin en bois, monté en un week-end 🔨\"\n" \
  "draft: false\n" \
  "tags: [jardin, bricolage, 🌱]\n"

/* Emoji, outside the Basic Multilingual Plane, are written as they are
 * (libyaml's emitter alone writes "\U0001F3E1"), in whatever quoting the
 * value needs; a value typed back to what it was leaves the text as it was. */
static void
test_emoji (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *title = editor (f, "title");
  BilletTagEditor *tags = BILLET_TAG_EDITOR (editor (f, "tags"));
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *expected_2 = NULL;

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title)), ==, "Protège-Toit 🏡");

  /* Typed, then typed back: nothing written, nothing modified. */
  gtk_widget_grab_focus (title);
  gtk_editable_set_text (GTK_EDITABLE (title), "Protège-Toit 🏡 en bois");
  gtk_editable_set_text (GTK_EDITABLE (title), "Protège-Toit 🏡");
  _billet_post_form_flush (f->form);
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, EMOJI_FRONT_MATTER);
  g_clear_pointer (&text, g_free);
  g_assert_false (billet_document_get_modified (f->document));

  gtk_editable_set_text (GTK_EDITABLE (title), "Protège-Toit 🏡 en bois");
  _billet_post_form_flush (f->form);
  text = buffer_text (f);
  expected = billet_test_replace_once (EMOJI_FRONT_MATTER, "title: Protège-Toit 🏡\n",
                                       "title: Protège-Toit 🏡 en bois\n");
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);

  gtk_editable_set_text (GTK_EDITABLE (title), "🏡 : le guide");
  _billet_post_form_flush (f->form);
  text = buffer_text (f);
  g_clear_pointer (&expected, g_free);
  expected = billet_test_replace_once (EMOJI_FRONT_MATTER, "title: Protège-Toit 🏡\n", "title: '🏡 : le guide'\n");
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);

  /* A double-quoted value stays in its quotes, the emoji as it is. */
  gtk_widget_grab_focus (editor (f, "description"));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor (f, "description"))),
                            "Un abri 🪵 en kit", -1);
  _billet_post_form_flush (f->form);
  text = buffer_text (f);
  expected_2 = billet_test_replace_once (expected, "\"Un abri de jardin en bois, monté en un week-end 🔨\"",
                         "\"Un abri 🪵 en kit\"");
  g_assert_cmpstr (text, ==, expected_2);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);

  /* A new tag. */
  gtk_editable_set_text (billet_tag_editor_get_entry (tags), "🐝,");
  text = buffer_text (f);
  expected = billet_test_replace_once (expected_2, "tags: [jardin, bricolage, 🌱]", "tags: [jardin, bricolage, 🌱, 🐝]");
  g_assert_cmpstr (text, ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();
  /* Referencing the resource links it in from the static library. */
  g_assert_nonnull (billet_get_resource ());

#define ADD(name, func, data) \
  g_test_add ("/billet/post-form/" name, Fixture, data, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/billet/post-form/new-destroy", test_new_destroy);
  ADD ("rows", test_rows, NULL);
  ADD ("edit-and-undo", test_edit_and_undo, NULL);
  ADD ("long-text-and-counters", test_long_text_and_counters, NULL);
  ADD ("number-and-date", test_invalid_number_and_date, NULL);
  ADD ("tags", test_tags, NULL);
  ADD ("suggestions", test_suggestions, NULL);
  ADD ("author-suggestions", test_author_suggestions, "---\n" AUTHOR_FRONT_MATTER "---\nBody\n");
  ADD ("add-remove", test_add_remove, NULL);
  ADD ("raw-edits", test_raw_edits, NULL);
  ADD ("labels", test_labels, NULL);
  ADD ("quoted-date", test_quoted_date,
       "---\ntitle: Quoted\ndate: \"2024-06-18T07:45:00+02:00\"\nlastmod: '2024-06-20'\n---\nBody\n");
  ADD ("js-dates", test_js_dates, "---\n" ASTRO_FRONT_MATTER "---\nNous avons cousu nos premiers cahiers.\n");
  ADD ("undo-focus", test_undo_focus, NULL);
  ADD ("row-undo-keys", test_row_undo_keys, NULL);
  ADD ("row-redo-keys", test_row_redo_keys, NULL);
  ADD ("typing-session", test_typing_session, NULL);
  ADD ("remove-undo", test_remove_undo, NULL);
  ADD ("add-scrolls", test_add_scrolls, NULL);
  ADD ("no-front-matter", test_no_front_matter, "# Just a body\n");
  ADD ("toml", test_toml, "+++\n" TOML_FRONT_MATTER "+++\n\nLe samedi, Apt.\n");
  ADD ("emoji", test_emoji, "---\n" EMOJI_FRONT_MATTER "---\nLe Protège-Toit 🏡 tient depuis deux hivers.\n");

#undef ADD

  return g_test_run ();
}
