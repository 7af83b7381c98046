/* test-spelling.c — spelling as you type, with the real dictionaries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs enchant-2 and Debian's hunspell-fr-comprehensive and
 * hunspell-en-us (build-aux/dev installs them).
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "billet-test-utils.h"
#include "billet-test-gtk-utils.h"
#include "billet-test-ui-utils.h"
#include "billet-application.h"
#include "billet-document.h"
#include "billet-preview.h"
#include "billet-resources.h"
#include "billet-spell-checker.h"
#include "billet-spell-menu.h"
#include "billet-window.h"

#define DEADLINE_SECONDS 30

static BilletApplication *app;

typedef struct
{
  char         *dir;
  BilletWindow *window;
} Fixture;

static GtkTextBuffer *
body_buffer (Fixture *f)
{
  return GTK_TEXT_BUFFER (billet_document_get_body_buffer (billet_window_get_document (f->window)));
}

static BilletSpellChecker *
checker_of (Fixture *f)
{
  BilletSpellChecker *checker = billet_spell_checker_lookup (body_buffer (f));

  g_assert_nonnull (checker);
  return checker;
}

static gboolean
is_loaded (gpointer data)
{
  Fixture *f = data;

  return billet_window_get_document (f->window) != NULL && !billet_window_get_loading (f->window) &&
         billet_document_get_file (billet_window_get_document (f->window)) != NULL;
}

static gboolean
is_checked (gpointer data)
{
  Fixture *f = data;
  BilletSpellChecker *checker = billet_spell_checker_lookup (body_buffer (f));

  return checker != NULL && !billet_spell_checker_get_busy (checker);
}

static void
wait_checked (Fixture *f)
{
  /* A pause long enough for a check to start, then its end. */
  billet_test_run_for (50);
  billet_test_wait_until (is_checked, f, DEADLINE_SECONDS, "the spelling check");
}

/* The underlined words, one a line. */
static char *
dup_underlined (GtkTextBuffer *buffer)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "billet-misspelled");
  GString *out = g_string_new (NULL);
  GtkTextIter iter;

  if (tag == NULL)
    return g_string_free (out, FALSE);
  gtk_text_buffer_get_start_iter (buffer, &iter);
  while (gtk_text_iter_forward_to_tag_toggle (&iter, tag))
    {
      GtkTextIter end = iter;
      g_autofree char *word = NULL;

      if (!gtk_text_iter_starts_tag (&iter, tag))
        continue;
      gtk_text_iter_forward_to_tag_toggle (&end, tag);
      word = gtk_text_iter_get_text (&iter, &end);
      g_string_append_printf (out, "%s\n", word);
      iter = end;
    }

  return g_string_free (out, FALSE);
}

static void
open_post_sized (Fixture    *f,
                 const char *path,
                 int         width)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  f->window = billet_window_new (app);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, 700);
  billet_window_open_file (f->window, file);
  gtk_window_present (GTK_WINDOW (f->window));
  billet_test_wait_until (is_loaded, f, DEADLINE_SECONDS, "the post");
  wait_checked (f);
}

static void
open_post (Fixture    *f,
           const char *path)
{
  open_post_sized (f, path, 1000);
}

static char *
copy_fixture (Fixture    *f,
              const char *name,
              const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "fixtures", "spelling", name, NULL);
  g_autofree char *contents = NULL;
  char *path = g_build_filename (f->dir, to, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  gsize len;

  g_file_get_contents (source, &contents, &len, &error);
  g_assert_no_error (error);
  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (path, contents, (gssize) len, &error);
  g_assert_no_error (error);
  return path;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  memset (f, 0, sizeof *f);
  f->dir = g_dir_make_tmp ("billet-spelling-XXXXXX", &error);
  g_assert_no_error (error);
}

static gboolean
is_gone (gpointer data)
{
  Fixture *f = data;

  return f->window == NULL;
}

static void
close_window (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  billet_test_wait_until (is_gone, f, DEADLINE_SECONDS, "the window to go");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window != NULL)
    close_window (f);
  billet_test_remove_tree (f->dir);
  g_free (f->dir);
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return child;
      if ((found = find_named (child, name)) != NULL)
        return found;
    }

  return NULL;
}

/* The error underlines of a one-line field, as the words they cover. */
static char *
dup_field_underlines (Fixture    *f,
                      const char *key)
{
  g_autofree char *name = g_strconcat ("field:", key, NULL);
  GtkWidget *row = find_named (GTK_WIDGET (f->window), name);
  GtkWidget *text;
  PangoAttrList *attrs;
  GString *out = g_string_new (NULL);
  const char *value;

  g_assert_nonnull (row);
  text = billet_test_find_descendant (row, GTK_TYPE_TEXT);
  g_assert_nonnull (text);
  value = gtk_editable_get_text (GTK_EDITABLE (text));
  attrs = gtk_text_get_attributes (GTK_TEXT (text));
  if (attrs != NULL)
    {
      g_autoptr(GSList) list = pango_attr_list_get_attributes (attrs);

      for (GSList *l = list; l != NULL; l = l->next)
        {
          PangoAttribute *attr = l->data;

          if (attr->klass->type == PANGO_ATTR_UNDERLINE && ((PangoAttrInt *) attr)->value == PANGO_UNDERLINE_ERROR)
            g_string_append_printf (out, "%.*s\n", (int) (attr->end_index - attr->start_index), value + attr->start_index);
        }
      g_slist_free_full (g_steal_pointer (&list), (GDestroyNotify) pango_attribute_destroy);
    }

  return g_string_free (out, FALSE);
}

static gboolean
title_checked (gpointer data)
{
  g_autofree char *words = dup_field_underlines (data, "title");

  return words[0] != '\0';
}

/* The labels of the open context menu's items. */
static GtkWidget *
find_visible_popover (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_POPOVER_MENU (child) && gtk_widget_get_visible (child))
        return child;
      if ((found = find_visible_popover (child)) != NULL)
        return found;
    }

  return NULL;
}

static gboolean
menu_is_open (gpointer data)
{
  return find_visible_popover (data) != NULL;
}

static gboolean
is_placed (gpointer data)
{
  GtkWidget *widget = data;
  GtkNative *native = gtk_widget_get_native (widget);

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0 && native != NULL &&
         gdk_surface_get_mapped (gtk_native_get_surface (native));
}

/* A menu item clicked once its popover is on the screen where GTK laid it
 * out: a click before that (a busy machine, a sanitizer's build) missed it. */
static void
click_item (GtkWidget *item)
{
  billet_test_wait_until (is_placed, item, DEADLINE_SECONDS, "the menu item on the screen");
  billet_test_run_for (100 * billet_test_slowdown ());
  billet_test_click (item, -1, -1, 1);
}

static void
test_french (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = copy_fixture (f, "fautes.md", "fautes.md");
  g_autofree char *words = NULL;
  g_autofree char *title = NULL;
  g_autofree char *slug = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *words_file = NULL;
  g_autofree char *saved = NULL;
  GtkWidget *view;
  GtkWidget *popover;
  GtkTextIter iter;
  GtkTextBuffer *buffer;

  open_post (f, path);
  buffer = body_buffer (f);
  g_assert_cmpstr (billet_spell_checker_get_language (checker_of (f)), ==, "fr");

  /* Exactly the misspelled words of the prose: not the code, the URLs,
   * the shortcode, the HTML, the destinations, the footnote's label; both
   * spellings of French and both apostrophes are right. */
  words = dup_underlined (buffer);
  g_assert_cmpstr (words, ==, "erreurr\nortographié\nimagge\nbienn\n");

  /* The form's prose: the title is checked, the slug is not. */
  billet_test_wait_until (title_checked, f, DEADLINE_SECONDS, "the title's check");
  title = dup_field_underlines (f, "title");
  g_assert_cmpstr (title, ==, "fôte\n");
  slug = dup_field_underlines (f, "slug");
  g_assert_cmpstr (slug, ==, "");

  /* The context menu, from the keyboard, on the cursor's word. */
  view = billet_test_window_child (f->window, "source_view");
  gtk_text_buffer_get_start_iter (buffer, &iter);
  g_assert_true (gtk_text_iter_forward_search (&iter, "erreurr", 0, &iter, NULL, NULL));
  gtk_text_iter_forward_chars (&iter, 2);
  gtk_text_buffer_place_cursor (buffer, &iter);
  billet_test_focus_window (GTK_WINDOW (f->window));
  gtk_widget_grab_focus (view);
  billet_test_press (view, "<Shift>F10");
  billet_test_wait_until (menu_is_open, view, DEADLINE_SECONDS, "the context menu");
  popover = find_visible_popover (view);
  labels = billet_test_dup_labels (popover);
  g_test_message ("menu: %s", labels);
  g_assert_nonnull (strstr (labels, "erreur"));
  g_assert_nonnull (strstr (labels, "Add to Dictionary"));
  g_assert_nonnull (strstr (labels, "Ignore"));
  g_assert_nonnull (strstr (labels, "Language"));
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* "Add to Dictionary": the word is no longer underlined, and is in the
   * personal word list. */
  g_assert_true (gtk_widget_activate_action (view, "spell.add", NULL));
  wait_checked (f);
  g_free (words);
  words = dup_underlined (buffer);
  g_assert_cmpstr (words, ==, "ortographié\nimagge\nbienn\n");
  words_file = g_build_filename (g_get_user_config_dir (), "billet", "words", "fr.txt", NULL);
  g_assert_true (g_file_get_contents (words_file, &saved, NULL, NULL));
  g_assert_cmpstr (saved, ==, "erreurr\n");

  /* "Ignore" on another, with a right click's word. */
  gtk_text_buffer_get_start_iter (buffer, &iter);
  g_assert_true (gtk_text_iter_forward_search (&iter, "bienn", 0, &iter, NULL, NULL));
  billet_spell_menu_update (GTK_TEXT_VIEW (view), &iter);
  g_assert_true (gtk_widget_activate_action (view, "spell.ignore", NULL));
  wait_checked (f);
  g_free (words);
  words = dup_underlined (buffer);
  g_assert_cmpstr (words, ==, "ortographié\nimagge\n");

  /* A correction replaces the word. */
  gtk_text_buffer_get_start_iter (buffer, &iter);
  g_assert_true (gtk_text_iter_forward_search (&iter, "ortographié", 0, &iter, NULL, NULL));
  billet_spell_menu_update (GTK_TEXT_VIEW (view), &iter);
  g_assert_true (gtk_widget_activate_action (view, "spell.correct", "s", "orthographié"));
  wait_checked (f);
  g_free (words);
  words = dup_underlined (buffer);
  g_assert_cmpstr (words, ==, "imagge\n");

  /* Typing a misspelled word underlines it. */
  gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_buffer_insert (buffer, &iter, "\nUne frase de plus.\n", -1);
  wait_checked (f);
  g_free (words);
  words = dup_underlined (buffer);
  g_assert_cmpstr (words, ==, "imagge\nfrase\n");
}

/* The personal word list outlives the process: one process adds a word,
 * the next one knows it. */
static void
add_word_subprocess (void)
{
  g_assert_false (billet_spell_check_word ("fr", "motdebillet", -1));
  billet_spell_add_word ("fr", "motdebillet");
  g_assert_true (billet_spell_check_word ("fr", "motdebillet", -1));
}

static void
read_word_subprocess (void)
{
  g_assert_true (billet_spell_check_word ("fr", "motdebillet", -1));
  g_assert_false (billet_spell_check_word ("fr", "motdebilet", -1));
  g_assert_false (billet_spell_check_word ("en_US", "motdebillet", -1));
}

static void
test_added_word_persists (void)
{
  g_test_trap_subprocess ("/billet/spelling/added-word-persists/subprocess/add", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_subprocess ("/billet/spelling/added-word-persists/subprocess/read", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_english_in_french_site (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *config = g_build_filename (f->dir, "hugo.toml", NULL);
  g_autofree char *path = NULL;
  g_autofree char *words = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (config,
                       "baseURL = 'https://exemple.fr/'\n"
                       "defaultContentLanguage = 'fr'\n"
                       "[languages.fr]\ncontentDir = 'content/fr'\n"
                       "[languages.en]\ncontentDir = 'content/en'\n", -1, &error);
  g_assert_no_error (error);
  path = copy_fixture (f, "english.md", "content/en/posts/english.md");

  open_post (f, path);
  g_assert_cmpstr (billet_spell_checker_get_language (checker_of (f)), ==, "en_US");
  words = dup_underlined (body_buffer (f));
  g_assert_cmpstr (words, ==, "mistaake\naujourd’hui\n");
}

static void
test_language_menu (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = copy_fixture (f, "english.md", "english.md");
  g_autofree char *words = NULL;
  GtkWidget *view;

  /* No language said anywhere: the locale's (the tests run in C, so
   * none), then the author's choice, remembered for the post. */
  open_post (f, path);
  view = billet_test_window_child (f->window, "source_view");
  g_assert_true (gtk_widget_activate_action (view, "spell.language", "s", "fr"));
  wait_checked (f);
  g_assert_cmpstr (billet_spell_checker_get_language (checker_of (f)), ==, "fr");
  words = dup_underlined (body_buffer (f));
  g_assert_nonnull (strstr (words, "mistaake\n"));
  g_assert_null (strstr (words, "aujourd’hui"));

  close_window (f);
  open_post (f, path);
  g_assert_cmpstr (billet_spell_checker_get_language (checker_of (f)), ==, "fr");

  /* Another choice replaces it. */
  g_assert_true (gtk_widget_activate_action (billet_test_window_child (f->window, "source_view"), "spell.language",
                                             "s", "en_US"));
  wait_checked (f);
  g_assert_cmpstr (billet_spell_checker_get_language (checker_of (f)), ==, "en_US");
  close_window (f);
  open_post (f, path);
  g_assert_cmpstr (billet_spell_checker_get_language (checker_of (f)), ==, "en_US");
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static const char *
language_button_text (Fixture *f)
{
  GtkWidget *button = billet_test_window_child (f->window, "language_button");
  GtkWidget *inscription = billet_test_find_descendant (button, GTK_TYPE_INSCRIPTION);

  g_assert_nonnull (inscription);
  billet_test_wait_until (is_mapped, inscription, DEADLINE_SECONDS, "the status line's language");
  return billet_test_widget_text (inscription);
}

/* The button shows the language's name, or its code where the name does
 * not fit. */
static void
assert_language_shown (Fixture    *f,
                       const char *name,
                       const char *code)
{
  const char *text = language_button_text (f);

  g_test_message ("status line's language: %s", text);
  if (g_strcmp0 (text, name) != 0)
    g_assert_cmpstr (text, ==, code);
}

static gboolean
is_label (GtkWidget *widget,
          gpointer   data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

typedef struct
{
  Fixture *f;
  GFile   *file;
} OpenedWait;

static gboolean
is_opened (gpointer data)
{
  OpenedWait *wait = data;
  BilletDocument *document = billet_window_get_document (wait->f->window);

  return document != NULL && !billet_window_get_loading (wait->f->window) &&
         billet_document_get_file (document) != NULL &&
         g_file_equal (billet_document_get_file (document), wait->file);
}

static void
test_status_language (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "english.md", NULL);
  g_autofree char *words = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *button;
  GtkWidget *popover;
  GtkWidget *item;
  GtkWidget *view;

  g_file_set_contents (path,
                       "---\ntitle: A post in English\nlang: en\n---\n\n"
                       "This sentence has one mistaake, and a French word: aujourd’hui.\n", -1, &error);
  g_assert_no_error (error);
  /* A window wide enough for the status line to spare the button's room
   * (it asks for none). */
  open_post_sized (f, path, 1600);
  g_assert_cmpstr (billet_spell_checker_get_language (checker_of (f)), ==, "en_US");
  words = dup_underlined (body_buffer (f));
  g_assert_cmpstr (words, ==, "mistaake\naujourd’hui\n");
  button = billet_test_window_child (f->window, "language_button");
  g_assert_true (gtk_widget_get_visible (button));
  assert_language_shown (f, "English (United States)", "en-US");

  /* A click on the button, then on French in its menu. */
  billet_test_focus_window (GTK_WINDOW (f->window));
  billet_test_click (billet_test_find_descendant (button, GTK_TYPE_BUTTON), -1, -1, 1);
  billet_test_wait_until (menu_is_open, button, DEADLINE_SECONDS, "the language menu");
  popover = find_visible_popover (button);
  item = billet_test_find_widget (popover, is_label, (gpointer) "French");
  g_assert_nonnull (item);
  click_item (item);
  wait_checked (f);

  /* The button says it, and the underlines are French ones. */
  g_assert_null (find_visible_popover (button));
  assert_language_shown (f, "French", "fr");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (billet_test_find_descendant (button, GTK_TYPE_BUTTON)), ==,
                   "Spelling language: French");
  g_free (words);
  words = dup_underlined (body_buffer (f));
  g_test_message ("in French: %s", words);
  g_assert_nonnull (strstr (words, "mistaake\n"));
  g_assert_nonnull (strstr (words, "word\n"));
  g_assert_null (strstr (words, "aujourd’hui"));

  /* Remembered for the post. */
  close_window (f);
  open_post_sized (f, path, 1600);
  g_assert_cmpstr (billet_spell_checker_get_language (checker_of (f)), ==, "fr");
  assert_language_shown (f, "French", "fr");
  g_free (words);
  words = dup_underlined (body_buffer (f));
  g_assert_nonnull (strstr (words, "word\n"));

  /* The source's context menu chooses the same thing: the button follows. */
  view = billet_test_window_child (f->window, "source_view");
  g_assert_true (gtk_widget_activate_action (view, "spell.language", "s", "en_US"));
  wait_checked (f);
  assert_language_shown (f, "English (United States)", "en-US");
  g_free (words);
  words = dup_underlined (body_buffer (f));
  g_assert_cmpstr (words, ==, "mistaake\naujourd’hui\n");

  /* Another post in the window: the button names its language. */
  {
    g_autofree char *other = copy_fixture (f, "fautes.md", "fautes.md");
    g_autoptr(GFile) file = g_file_new_for_path (other);
    OpenedWait wait = { f, file };

    billet_window_open_file (f->window, file);
    billet_test_wait_until (is_opened, &wait, DEADLINE_SECONDS, "the other post");
    wait_checked (f);
    g_assert_cmpstr (billet_spell_checker_get_language (checker_of (f)), ==, "fr");
    /* (Its status line may have no room left for the name: the tooltip.) */
    button = billet_test_window_child (f->window, "language_button");
    g_assert_cmpstr (gtk_widget_get_tooltip_text (billet_test_find_descendant (button, GTK_TYPE_BUTTON)), ==,
                     "Spelling language: French");
  }
}

/* The post's title, as the document has it. */
static const char *
document_title (Fixture *f)
{
  BilletFrontMatter *fm = billet_document_get_front_matter (billet_window_get_document (f->window));
  const BilletNode *node = fm != NULL ? billet_front_matter_lookup (fm, "title") : NULL;

  return node != NULL ? billet_node_get_text (node) : NULL;
}

typedef struct
{
  Fixture    *f;
  const char *title;
} TitleWait;

static gboolean
title_is (gpointer data)
{
  TitleWait *wait = data;
  GtkWidget *row = find_named (GTK_WIDGET (wait->f->window), "field:title");

  return g_strcmp0 (document_title (wait->f), wait->title) == 0 &&
         g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), wait->title) == 0;
}

static void
wait_title (Fixture    *f,
            const char *title)
{
  TitleWait wait = { f, title };

  billet_test_wait_until (title_is, &wait, DEADLINE_SECONDS, title);
}

static gboolean
title_unchecked (gpointer data)
{
  g_autofree char *words = dup_field_underlines (data, "title");

  return words[0] == '\0';
}

/* A one-line row's context menu: suggestions, Add to Dictionary, Ignore,
 * the language, for the word under the pointer or the cursor. */
static void
test_field_menu (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "titled.md", NULL);
  g_autofree char *words = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *words_file = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *front_matter = NULL;
  g_auto(GStrv) suggestions = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row;
  GtkWidget *text;
  GtkWidget *popover;
  GtkWidget *item;
  graphene_rect_t strong;

  g_file_set_contents (path, "---\ntitle: A title with a speling\nlang: en\n---\n\nA body.\n", -1, &error);
  g_assert_no_error (error);
  open_post (f, path);
  billet_test_wait_until (title_checked, f, DEADLINE_SECONDS, "the title's check");
  words = dup_field_underlines (f, "title");
  g_assert_cmpstr (words, ==, "speling\n");
  row = find_named (GTK_WIDGET (f->window), "field:title");
  text = billet_test_find_descendant (row, GTK_TYPE_TEXT);

  /* Shift+F10 with the cursor in the word: its suggestions first. */
  billet_test_focus_window (GTK_WINDOW (f->window));
  gtk_widget_grab_focus (text);
  billet_test_run_for (100);
  gtk_editable_set_position (GTK_EDITABLE (text), 18);
  billet_test_press (text, "<Shift>F10");
  billet_test_wait_until (menu_is_open, text, DEADLINE_SECONDS, "the title's context menu");
  popover = find_visible_popover (text);
  labels = billet_test_dup_labels (popover);
  g_test_message ("menu: %s", labels);
  suggestions = billet_spell_suggest ("en_US", "speling");
  g_assert_nonnull (suggestions[0]);
  g_assert_nonnull (strstr (labels, suggestions[0]));
  g_assert_nonnull (strstr (labels, "Add to Dictionary"));
  g_assert_nonnull (strstr (labels, "Ignore"));
  g_assert_nonnull (strstr (labels, "Language"));
  g_assert_true (strstr (labels, suggestions[0]) < strstr (labels, "Add to Dictionary"));

  /* The first suggestion replaces the word, in the row and the post. */
  item = billet_test_find_widget (popover, is_label, suggestions[0]);
  g_assert_nonnull (item);
  click_item (item);
  expected = g_strconcat ("A title with a ", suggestions[0], NULL);
  wait_title (f, expected);
  {
    GtkTextBuffer *buffer = GTK_TEXT_BUFFER (billet_document_get_front_matter_buffer (billet_window_get_document (f->window)));
    GtkTextIter start, end;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    front_matter = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  }
  g_assert_nonnull (strstr (front_matter, expected));
  billet_test_wait_until (title_unchecked, f, DEADLINE_SECONDS, "the title's underline to go");

  /* One Ctrl+Z takes it back, whole. */
  gtk_widget_grab_focus (text);
  billet_test_run_for (100);
  billet_test_press (text, "<Control>z");
  wait_title (f, "A title with a speling");
  billet_test_wait_until (title_checked, f, DEADLINE_SECONDS, "the title's check");

  /* A right click on the word, the cursor elsewhere: Add to Dictionary. */
  gtk_editable_set_position (GTK_EDITABLE (text), 0);
  gtk_text_compute_cursor_extents (GTK_TEXT (text), 18, &strong, NULL);
  billet_test_click (text, strong.origin.x, gtk_widget_get_height (text) / 2.0, 3);
  billet_test_wait_until (menu_is_open, text, DEADLINE_SECONDS, "the title's context menu");
  popover = find_visible_popover (text);
  item = billet_test_find_widget (popover, is_label, (gpointer) "Add to Dictionary");
  g_assert_nonnull (item);
  click_item (item);
  billet_test_wait_until (title_unchecked, f, DEADLINE_SECONDS, "the title's underline to go");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "A title with a speling");
  words_file = g_build_filename (g_get_user_config_dir (), "billet", "words", "en_US.txt", NULL);
  g_assert_true (g_file_get_contents (words_file, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "speling\n"));
}

static void
test_turned_off (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = copy_fixture (f, "fautes.md", "fautes.md");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *words = NULL;
  g_autofree char *before = NULL;

  open_post (f, path);
  /* (What the other cases added to the dictionary or ignored is not
   * underlined any more.) */
  before = dup_underlined (body_buffer (f));
  g_assert_nonnull (strstr (before, "imagge\n"));
  g_settings_set_boolean (settings, "check-spelling", FALSE);
  wait_checked (f);
  words = dup_underlined (body_buffer (f));
  g_assert_cmpstr (words, ==, "");
  g_settings_set_boolean (settings, "check-spelling", TRUE);
  wait_checked (f);
  g_free (words);
  words = dup_underlined (body_buffer (f));
  g_assert_cmpstr (words, ==, before);
}

/* ---- The first check goes where the author looks ---- */

/* A French post of @n_words words, one in fifty misspelled ("maisonn": the other cases add "erreurr" to the dictionary),
 * in paragraphs of sixty. */
static char *
make_long_post (guint n_words)
{
  static const char * const words[] = {
    "le", "jardin", "et", "la", "maison", "avec", "une", "rivière", "sous", "le", "soleil", "du",
    "printemps", "pour", "écrire", "une", "lettre", "dans", "la", "cuisine", "toujours", "ensemble",
  };
  GString *out = g_string_new ("---\ntitle: Un long billet\nlang: fr\n---\n\n");

  for (guint i = 0; i < n_words; i++)
    {
      g_string_append (out, i % 50 == 25 ? "maisonn" : words[i % G_N_ELEMENTS (words)]);
      g_string_append (out, i % 60 == 59 ? ".\n\n" : " ");
    }
  g_string_append (out, "fin.\n");
  return g_string_free (out, FALSE);
}

typedef struct
{
  GArray *lines;  /* the line of each underline, in the order they came */
  GArray *times;  /* when each came (monotonic µs) */
  GArray *tops;   /* the first line the view showed then */
  GtkTextView *view;
  GtkTextView *scroll;  /* (nullable): scrolled to the top at the first */
} Underlines;

static void
on_apply_tag_cb (GtkTextBuffer     *buffer,
                 GtkTextTag        *tag,
                 const GtkTextIter *start,
                 const GtkTextIter *end,
                 Underlines        *seen)
{
  g_autofree char *name = NULL;
  int line = gtk_text_iter_get_line (start);
  gint64 now = g_get_monotonic_time ();
  GdkRectangle rect;
  GtkTextIter iter;
  int view_top;

  g_object_get (tag, "name", &name, NULL);
  if (g_strcmp0 (name, "billet-misspelled") != 0)
    return;
  gtk_text_view_get_visible_rect (seen->view, &rect);
  gtk_text_view_get_line_at_y (seen->view, &iter, rect.y, NULL);
  view_top = gtk_text_iter_get_line (&iter);
  g_array_append_val (seen->lines, line);
  g_array_append_val (seen->times, now);
  g_array_append_val (seen->tops, view_top);
  if (seen->scroll != NULL && seen->lines->len == 1)
    {
      /* The author scrolls to the top as soon as the first underline shows
       * (at once, as a scroll bar dragged to the top does) */
      gtk_text_buffer_get_start_iter (buffer, &iter);
      gtk_text_buffer_place_cursor (buffer, &iter);
      gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (seen->scroll)), 0.0);
    }
}

/* The lines the source view shows, [*first, *last] */
static void
visible_lines (GtkTextView *view,
               int         *first,
               int         *last)
{
  GdkRectangle rect;
  GtkTextIter iter;

  gtk_text_view_get_visible_rect (view, &rect);
  gtk_text_view_get_line_at_y (view, &iter, rect.y, NULL);
  *first = gtk_text_iter_get_line (&iter);
  gtk_text_view_get_line_at_y (view, &iter, rect.y + rect.height - 1, NULL);
  *last = gtk_text_iter_get_line (&iter);
}

/* How many misspelled words lines [@first, @last] hold */
static guint
misspelled_in (GtkTextBuffer *buffer,
               int            first,
               int            last)
{
  GtkTextIter iter, end;
  guint n = 0;

  gtk_text_buffer_get_iter_at_line (buffer, &iter, first);
  gtk_text_buffer_get_iter_at_line (buffer, &end, last);
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  while (gtk_text_iter_forward_search (&iter, "maisonn", 0, NULL, &iter, &end))
    n++;
  return n;
}

typedef struct
{
  GtkTextView *view;
  int          line;
} LineShown;

static gboolean
line_is_shown (gpointer data)
{
  LineShown *shown = data;
  int first, last;

  visible_lines (shown->view, &first, &last);
  if (shown->line >= first && shown->line <= last)
    return TRUE;
  /* Again, until it is there: the first render of the preview scrolls
   * the source to the block it shows */
  gtk_text_view_scroll_to_mark (shown->view, gtk_text_buffer_get_insert (gtk_text_view_get_buffer (shown->view)),
                                0.0, TRUE, 0.0, 1.0);
  return FALSE;
}

/* The cursor on @line, and the view scrolled so that it is the last shown */
static void
show_line (GtkTextView *view,
           int          line)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  LineShown shown = { view, line };
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line (buffer, &iter, line);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_view_scroll_to_mark (view, gtk_text_buffer_get_insert (buffer), 0.0, TRUE, 0.0, 1.0);
  billet_test_wait_until (line_is_shown, &shown, DEADLINE_SECONDS, "the view to scroll");
  /* and settled */
  billet_test_run_for (100);
  billet_test_wait_until (line_is_shown, &shown, DEADLINE_SECONDS, "the view to scroll");
}

/* A 10,000-word post shown at its end: the first check underlines what is
 * on the screen first, then the rest; scrolled to the top while the rest is
 * checked, the top comes before the middle of the post. */
static void
test_visible_first (Fixture       *f,
                    gconstpointer  data)
{
  gboolean scroll = GPOINTER_TO_INT (data);
  g_autofree char *post = make_long_post (10000);
  g_autofree char *path = g_build_filename (f->dir, "long.md", NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  Underlines seen = { g_array_new (FALSE, FALSE, sizeof (int)), g_array_new (FALSE, FALSE, sizeof (gint64)),
                      g_array_new (FALSE, FALSE, sizeof (int)), NULL, NULL };
  GtkTextView *view;
  GtkTextBuffer *buffer;
  int first, last, n_lines, top_first = 0, top_last = -1;
  guint n_visible, n_top = 0;
  gint64 start, visible_at = 0;

  g_assert_true (g_file_set_contents (path, post, -1, NULL));
  /* Shown at its end before the first check starts: the check waits for
   * the setting. The preview does not follow (its smooth scroll would take
   * the source through the middle of the post on its way to the top). */
  g_settings_set_boolean (settings, "check-spelling", FALSE);
  g_settings_set_boolean (settings, "sync-scroll", FALSE);
  open_post (f, path);
  view = GTK_TEXT_VIEW (billet_test_window_child (f->window, "source_view"));
  buffer = body_buffer (f);
  n_lines = gtk_text_buffer_get_line_count (buffer);
  show_line (view, n_lines - 1);
  visible_lines (view, &first, &last);
  n_visible = misspelled_in (buffer, first, last);
  g_test_message ("lines %d to %d of %d shown, %u misspelled words there", first, last, n_lines, n_visible);
  g_assert_cmpuint (n_visible, >, 0);

  seen.view = view;
  if (scroll)
    seen.scroll = view;
  g_signal_connect (buffer, "apply-tag", G_CALLBACK (on_apply_tag_cb), &seen);
  start = g_get_monotonic_time ();
  g_settings_set_boolean (settings, "check-spelling", TRUE);
  wait_checked (f);
  if (scroll)
    {
      visible_lines (view, &top_first, &top_last);
      g_assert_cmpint (top_first, ==, 0);
      n_top = misspelled_in (buffer, 0, top_last);
      g_assert_cmpuint (n_top, >, 0);
    }
  g_signal_handlers_disconnect_by_func (buffer, on_apply_tag_cb, &seen);

  /* Every misspelled word of the post is underlined. */
  g_assert_cmpuint (misspelled_in (buffer, 0, n_lines - 1), ==, 10000 / 50);
  g_assert_cmpuint (seen.lines->len, ==, 10000 / 50);

  for (guint i = 0; i < seen.lines->len; i++)
    {
      int line = g_array_index (seen.lines, int, i);

      if (line >= first && line <= last)
        visible_at = MAX (visible_at, g_array_index (seen.times, gint64, i));
    }
  g_test_message ("the lines shown underlined %.0f ms after the check was turned on, the whole post %.0f ms",
                  (visible_at - start) / 1000.0,
                  (g_array_index (seen.times, gint64, seen.times->len - 1) - start) / 1000.0);

  /* The words shown came first, all of them. */
  for (guint i = 0; i < n_visible; i++)
    {
      int line = g_array_index (seen.lines, int, i);

      if (line < first || line > last)
        g_error ("underline %u of %u is on line %d, not among the lines shown (%d to %d)", i + 1,
                 seen.lines->len, line, first, last);
    }

  /* Scrolled to the top: the top's words came before any of the middle's. */
  for (guint i = 0, top_seen = 0; scroll && i < seen.lines->len && top_seen < n_top; i++)
    {
      int line = g_array_index (seen.lines, int, i);

      if (line <= top_last)
        top_seen++;
      else if (line > n_lines * 2 / 5 && line < n_lines * 3 / 5)
        {
          /* A sanitizer's build, five times slower, lays the source out
           * late: where the view is, as the checker reads it, lags the
           * scroll there. The order is only reported. */
          if (billet_test_slowdown () > 1)
            {
              g_test_message ("underline %u is on line %d, in the middle of the post, before the top's", i + 1, line);
              break;
            }
          g_error ("underline %u is on line %d, in the middle of the post, before the top's (%u of %u seen; "
                   "the view's first line was %d then)", i + 1, line, top_seen, n_top,
                   g_array_index (seen.tops, int, i));
        }
    }
  g_array_unref (seen.lines);
  g_array_unref (seen.times);
  g_array_unref (seen.tops);
  g_settings_reset (settings, "sync-scroll");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_strdup (g_getenv ("BILLET_SPELLING_TEST_HOME"));

  /* The personal word lists and the remembered languages go to a folder
   * of the test's own, new each run (and shared with its subprocesses). */
  if (home == NULL)
    {
      home = g_dir_make_tmp ("billet-spelling-home-XXXXXX", NULL);
      g_assert_nonnull (home);
      g_setenv ("BILLET_SPELLING_TEST_HOME", home, TRUE);
    }
  for (guint i = 0; i < 4; i++)
    {
      static const char *vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };
      g_autofree char *dir = g_build_filename (home, vars[i], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (vars[i], dir, TRUE);
    }

  billet_test_init_gtk_log ();
  gtk_test_init (&argc, &argv, NULL);
  g_type_ensure (BILLET_TYPE_PREVIEW);
  g_assert_nonnull (billet_get_resource ());

  app = g_object_new (BILLET_TYPE_APPLICATION,
                      "application-id", "org.billet.BilletTest",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", "/org/billet/Billet",
                      NULL);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/billet/spelling/french", Fixture, NULL, fixture_setup, test_french, fixture_teardown);
  g_test_add_func ("/billet/spelling/added-word-persists", test_added_word_persists);
  g_test_add_func ("/billet/spelling/added-word-persists/subprocess/add", add_word_subprocess);
  g_test_add_func ("/billet/spelling/added-word-persists/subprocess/read", read_word_subprocess);
  g_test_add ("/billet/spelling/english-in-french-site", Fixture, NULL, fixture_setup,
              test_english_in_french_site, fixture_teardown);
  g_test_add ("/billet/spelling/language-menu", Fixture, NULL, fixture_setup, test_language_menu,
              fixture_teardown);
  g_test_add ("/billet/spelling/status-language", Fixture, NULL, fixture_setup, test_status_language,
              fixture_teardown);
  g_test_add ("/billet/spelling/field-menu", Fixture, NULL, fixture_setup, test_field_menu, fixture_teardown);
  g_test_add ("/billet/spelling/turned-off", Fixture, NULL, fixture_setup, test_turned_off, fixture_teardown);
  g_test_add ("/billet/spelling/visible-first", Fixture, GINT_TO_POINTER (FALSE), fixture_setup,
              test_visible_first, fixture_teardown);
  g_test_add ("/billet/spelling/visible-first/scrolled", Fixture, GINT_TO_POINTER (TRUE), fixture_setup,
              test_visible_first, fixture_teardown);

  return g_test_run ();
}
