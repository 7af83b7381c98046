/* test-search-bar.c — find and replace in a source view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "billet-resources.h"
#include "billet-search-bar.h"

#define TEXT "Un chat, deux chats, trois CHATS"

typedef struct {
  GtkWindow       *window;
  GtkSourceView   *view;
  GtkTextBuffer   *buffer;
  BilletSearchBar *bar;
  GtkEditable     *search_entry;
  GtkEditable     *replace_entry;
  GtkLabel        *occurrences_label;
} Fixture;

static GtkWidget *
template_child (BilletSearchBar *bar,
                const char      *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (bar), BILLET_TYPE_SEARCH_BAR, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* The search context scans the buffer in idle callbacks and the next match
 * arrives asynchronously: run the main loop until @done holds, or fail. */
#define WAIT_UNTIL(done)                                                    \
  G_STMT_START {                                                            \
    gint64 deadline_ = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;        \
    while (!(done))                                                         \
      {                                                                     \
        if (g_get_monotonic_time () > deadline_)                            \
          g_error ("Timed out waiting for %s", #done);                      \
        if (!g_main_context_iteration (NULL, FALSE))                        \
          g_usleep (1000);                                                  \
      }                                                                     \
  } G_STMT_END

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 640, 240);
  f->view = GTK_SOURCE_VIEW (gtk_source_view_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (f->view), TRUE);
  f->buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->view));
  gtk_text_buffer_set_text (f->buffer, TEXT, -1);

  f->bar = billet_search_bar_new ();
  billet_search_bar_set_view (f->bar, f->view);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->bar));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->view));
  gtk_window_set_child (f->window, box);
  gtk_window_present (f->window);

  f->search_entry = GTK_EDITABLE (template_child (f->bar, "search_entry"));
  f->replace_entry = GTK_EDITABLE (template_child (f->bar, "replace_entry"));
  f->occurrences_label = GTK_LABEL (template_child (f->bar, "occurrences_label"));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static char *
buffer_text (Fixture *f)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (f->buffer, &start, &end);
  return gtk_text_buffer_get_text (f->buffer, &start, &end, TRUE);
}

static gboolean
label_is (Fixture    *f,
          const char *expected)
{
  return g_strcmp0 (gtk_label_get_label (f->occurrences_label), expected) == 0;
}

static void
test_new_destroy (void)
{
  BilletSearchBar *bar = billet_search_bar_new ();

  g_object_ref_sink (bar);
  g_assert_false (billet_search_bar_get_search_mode_enabled (bar));
  g_assert_null (billet_search_bar_get_view (bar));
  g_assert_finalize_object (bar);
}

static void
test_begin_end (Fixture       *f,
                gconstpointer  data)
{
  gboolean enabled = TRUE;

  billet_search_bar_begin (f->bar, FALSE);
  g_object_get (f->bar, "search-mode-enabled", &enabled, NULL);
  g_assert_true (enabled);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->replace_entry)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->view), "search-active"));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         GTK_WIDGET (f->search_entry)));

  billet_search_bar_end (f->bar);
  g_assert_false (billet_search_bar_get_search_mode_enabled (f->bar));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) == GTK_WIDGET (f->view));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (f->view), "search-active"));

  billet_search_bar_begin (f->bar, TRUE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->replace_entry)));

  /* Escape from the replace entry closes the bar too. */
  gtk_widget_grab_focus (GTK_WIDGET (f->replace_entry));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->replace_entry), "search.close", NULL));
  g_assert_false (billet_search_bar_get_search_mode_enabled (f->bar));
}

static void
test_prefill (Fixture       *f,
              gconstpointer  data)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_offset (f->buffer, &start, 9);
  gtk_text_buffer_get_iter_at_offset (f->buffer, &end, 13);
  gtk_text_buffer_select_range (f->buffer, &start, &end);

  billet_search_bar_begin (f->bar, FALSE);
  g_assert_cmpstr (gtk_editable_get_text (f->search_entry), ==, "deux");
  WAIT_UNTIL (label_is (f, "1 of 1"));

  /* A selection over several lines is not a search text. */
  billet_search_bar_end (f->bar);
  gtk_text_buffer_set_text (f->buffer, "one\ntwo", -1);
  gtk_text_buffer_get_bounds (f->buffer, &start, &end);
  gtk_text_buffer_select_range (f->buffer, &start, &end);
  billet_search_bar_begin (f->bar, FALSE);
  g_assert_cmpstr (gtk_editable_get_text (f->search_entry), ==, "deux");
}

static void
test_options (Fixture       *f,
              gconstpointer  data)
{
  GtkTextIter start, end;

  billet_search_bar_begin (f->bar, FALSE);
  gtk_editable_set_text (f->search_entry, "chat");

  /* The first match after the cursor gets selected as the author types. */
  WAIT_UNTIL (label_is (f, "1 of 3"));
  g_assert_true (gtk_text_buffer_get_selection_bounds (f->buffer, &start, &end));
  g_assert_cmpint (gtk_text_iter_get_offset (&start), ==, 3);
  g_assert_cmpint (gtk_text_iter_get_offset (&end), ==, 7);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->bar), "search.case-sensitive", NULL));
  WAIT_UNTIL (label_is (f, "1 of 2"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->bar), "search.whole-words", NULL));
  WAIT_UNTIL (label_is (f, "1 of 1"));

  g_object_set (f->bar, "case-sensitive", FALSE, "whole-words", FALSE, NULL);
  WAIT_UNTIL (label_is (f, "1 of 3"));

  /* Next, then previous, then next again wraps around. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->bar), "search.next", NULL));
  WAIT_UNTIL (label_is (f, "2 of 3"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->bar), "search.next", NULL));
  WAIT_UNTIL (label_is (f, "3 of 3"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->bar), "search.next", NULL));
  WAIT_UNTIL (label_is (f, "1 of 3"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->bar), "search.previous", NULL));
  WAIT_UNTIL (label_is (f, "3 of 3"));

  gtk_editable_set_text (f->search_entry, "chien");
  WAIT_UNTIL (label_is (f, "No results"));
}

static void
test_replace (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *text = NULL;

  billet_search_bar_begin (f->bar, TRUE);
  gtk_editable_set_text (f->search_entry, "chat");
  gtk_editable_set_text (f->replace_entry, "chien");
  WAIT_UNTIL (label_is (f, "1 of 3"));

  /* Replace changes the selected match only, then selects the next one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->bar), "search.replace", NULL));
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, "Un chien, deux chats, trois CHATS");
  WAIT_UNTIL (label_is (f, "1 of 2"));
  g_clear_pointer (&text, g_free);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->bar), "search.replace-all", NULL));
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, "Un chien, deux chiens, trois chienS");
  g_clear_pointer (&text, g_free);

  /* One undo step for all of them. */
  g_assert_true (gtk_text_buffer_get_can_undo (f->buffer));
  gtk_text_buffer_undo (f->buffer);
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, "Un chien, deux chats, trois CHATS");
}

static void
test_regex (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *text = NULL;
  GtkWidget *search_entry = GTK_WIDGET (f->search_entry);

  billet_search_bar_begin (f->bar, TRUE);
  g_object_set (f->bar, "regex", TRUE, NULL);

  gtk_editable_set_text (f->search_entry, "ch(at");
  WAIT_UNTIL (gtk_widget_has_css_class (search_entry, "error"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (search_entry));
  g_assert_cmpstr (gtk_label_get_label (f->occurrences_label), ==, "");
  gtk_editable_set_text (f->replace_entry, "chien");
  gtk_widget_activate_action (GTK_WIDGET (f->bar), "search.replace-all", NULL);
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, TEXT);
  g_clear_pointer (&text, g_free);

  gtk_editable_set_text (f->search_entry, "ch(a)t");
  WAIT_UNTIL (!gtk_widget_has_css_class (search_entry, "error"));
  g_assert_null (gtk_widget_get_tooltip_text (search_entry));
  WAIT_UNTIL (label_is (f, "1 of 3"));

  gtk_editable_set_text (f->replace_entry, "\\1\\1");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->bar), "search.replace-all", NULL));
  text = buffer_text (f);
  g_assert_cmpstr (text, ==, "Un aa, deux aas, trois AAS");
}

static void
test_follows_buffer (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GtkSourceBuffer) other = gtk_source_buffer_new (NULL);

  billet_search_bar_begin (f->bar, FALSE);
  gtk_editable_set_text (f->search_entry, "chat");
  WAIT_UNTIL (label_is (f, "1 of 3"));

  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (other), "chat chat", -1);
  gtk_text_view_set_buffer (GTK_TEXT_VIEW (f->view), GTK_TEXT_BUFFER (other));
  f->buffer = GTK_TEXT_BUFFER (other);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->bar), "search.next", NULL));
  WAIT_UNTIL (label_is (f, "1 of 2"));
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

#define ADD(path, func) \
  g_test_add ("/billet/search-bar/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/billet/search-bar/new-destroy", test_new_destroy);
  ADD ("begin-end", test_begin_end);
  ADD ("prefill", test_prefill);
  ADD ("options", test_options);
  ADD ("replace", test_replace);
  ADD ("regex", test_regex);
  ADD ("follows-buffer", test_follows_buffer);

#undef ADD

  return g_test_run ();
}
