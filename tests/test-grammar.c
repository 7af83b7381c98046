/* test-grammar.c — French grammar and typography underlines, with the real Grammalecte
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A French post with known mistakes (fixtures/grammar/fautes.md) gets exactly
 * the expected underlines and corrections, none in its code, URL, shortcode
 * or front matter; an English post starts no helper; without Grammalecte the
 * window says in one line what installing it adds; a killed helper comes
 * back; an answer for a paragraph changed since is dropped; and the time
 * from the last key to the underline is printed.
 *
 * Needs python3-grammalecte (build-aux/dev installs it): skipped without it.
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/types.h>

#include <webkit/webkit.h>

#include "billet-test-utils.h"
#include "billet-test-gtk-utils.h"
#include "billet-application.h"
#include "billet-document.h"
#include "billet-grammar.h"
#include "billet-preview.h"
#include "billet-resources.h"
#include "billet-window.h"

#define DEADLINE_SECONDS 90

static BilletApplication *app;

typedef struct
{
  BilletWindow  *window;
  char          *dir;
  guint          updates;
  gint64         last_change;
  GPtrArray     *seen;   /* the underlines after each answer, when not NULL */
} Fixture;

static char *underlines (GtkTextBuffer *buffer);
static GtkTextBuffer *body (Fixture *f);

static void
on_updated_cb (BilletGrammar *grammar,
               Fixture       *f)
{
  f->updates++;
  if (f->seen != NULL)
    g_ptr_array_add (f->seen, underlines (body (f)));
}

static void
on_changed_cb (GtkTextBuffer *buffer,
               Fixture       *f)
{
  f->last_change = g_get_monotonic_time ();
}

static BilletGrammar *
grammar (Fixture *f)
{
  return billet_window_get_grammar (f->window);
}

static GtkTextBuffer *
body (Fixture *f)
{
  return GTK_TEXT_BUFFER (billet_document_get_body_buffer (billet_window_get_document (f->window)));
}

static GtkWidget *
source_view (Fixture *f)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window), BILLET_TYPE_WINDOW, "source_view"));
}

static const char *wanted_name;

static gboolean
is_loaded (gpointer data)
{
  Fixture *f = data;
  BilletDocument *document = billet_window_get_document (f->window);
  GFile *file = document ? billet_document_get_file (document) : NULL;
  g_autofree char *name = file ? g_file_get_basename (file) : NULL;

  if (g_strcmp0 (name, wanted_name) != 0)
    return FALSE;

  return document != NULL && billet_document_get_file (document) != NULL &&
         !billet_document_get_loading (document) &&
         gtk_text_buffer_get_char_count (GTK_TEXT_BUFFER (billet_document_get_body_buffer (document))) > 0;
}

/* Every paragraph sent has its answer */
static gboolean
is_settled (gpointer data)
{
  Fixture *f = data;

  return billet_grammar_get_state (grammar (f)) == BILLET_GRAMMAR_READY &&
         billet_grammar_get_pending (grammar (f)) == 0 && f->updates > 0;
}

/* Nothing waits to go, nothing is asked */
static gboolean
is_idle (gpointer data)
{
  Fixture *f = data;

  return billet_grammar_get_state (grammar (f)) == BILLET_GRAMMAR_READY &&
         billet_grammar_get_pending (grammar (f)) == 0;
}

static void
open_post (Fixture    *f,
           const char *name)
{
  g_autofree char *path = g_build_filename (f->dir, "grammar", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  wanted_name = name;
  billet_window_open_file (f->window, file);
  billet_test_wait_until (is_loaded, f, DEADLINE_SECONDS, "the post to load");
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  memset (f, 0, sizeof *f);
  f->dir = billet_test_copy_fixture ("grammar");
  f->window = billet_window_new (app);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  g_signal_connect (grammar (f), "updated", G_CALLBACK (on_updated_cb), f);
  gtk_window_present (GTK_WINDOW (f->window));
  if (data != NULL)
    {
      open_post (f, data);
      g_signal_connect (body (f), "changed", G_CALLBACK (on_changed_cb), f);
    }
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
  billet_test_wait_until (is_gone, f, DEADLINE_SECONDS, "the window to go");
  billet_test_remove_tree (f->dir);
  g_free (f->dir);
  g_clear_pointer (&f->seen, g_ptr_array_unref);
}

/* "grammar:enfant|typography:'|…": each underlined run, in order */
static char *
underlines (GtkTextBuffer *buffer)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  static const struct { const char *tag; const char *kind; } tags[] = {
    { "billet-grammar-error", "grammar" },
    { "billet-typography-error", "typography" },
  };
  g_autoptr(GString) out = g_string_new (NULL);
  GtkTextIter iter;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  do
    {
      for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
        {
          GtkTextTag *tag = gtk_text_tag_table_lookup (table, tags[i].tag);
          GtkTextIter end = iter;
          g_autofree char *text = NULL;

          if (tag == NULL || !gtk_text_iter_starts_tag (&iter, tag))
            continue;
          gtk_text_iter_forward_to_tag_toggle (&end, tag);
          text = gtk_text_iter_get_text (&iter, &end);
          g_string_append_printf (out, "%s%s:%s", out->len ? "|" : "", tags[i].kind, text);
        }
    }
  while (gtk_text_iter_forward_char (&iter));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
iter_at_text (GtkTextBuffer *buffer,
              const char    *text,
              GtkTextIter   *iter)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_start_iter (buffer, &start);
  g_assert_true (gtk_text_iter_forward_search (&start, text, 0, iter, &end, NULL));
}

static char *
body_text (Fixture *f)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (body (f), &start, &end);
  return gtk_text_buffer_get_text (body (f), &start, &end, TRUE);
}

/* The context menu's section at @text: its labels, "|"-joined; the target
 * of its first correction in @target */
static char *
menu_at (Fixture     *f,
         const char  *text,
         GVariant   **target)
{
  GMenuModel *menu = billet_grammar_get_menu (grammar (f));
  g_autoptr(GString) out = g_string_new (NULL);
  GtkTextIter iter;

  iter_at_text (body (f), text, &iter);
  gtk_text_iter_forward_char (&iter);
  billet_grammar_update_menu (grammar (f), &iter);
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;

      g_assert_true (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label));
      g_string_append_printf (out, "%s%s", i ? "|" : "", label);
      if (i == 1 && target != NULL)
        {
          g_autofree char *action = NULL;

          g_assert_true (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
          g_assert_cmpstr (action, ==, "grammar.correct");
          *target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET, NULL);
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
settle (Fixture *f)
{
  f->updates = 0;
  billet_test_wait_until (is_settled, f, DEADLINE_SECONDS, "Grammalecte's answers");
}

#define FAUTES_UNDERLINES \
  "grammar:enfant|grammar:pomme|typography: :|typography:« |typography: »|" \
  "typography:C'|typography:l'|typography:..."

/* The mistakes, exactly; none in code, URL, shortcode or front matter */
static void
test_underlines (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *found = NULL;
  g_autofree char *menu = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GVariant) target = NULL;

  settle (f);
  found = underlines (body (f));
  g_assert_cmpstr (found, ==, FAUTES_UNDERLINES);

  /* The corrections, in the context menu's own section */
  menu = menu_at (f, "enfant", &target);
  g_assert_cmpstr (menu, ==, "Accord de nombre erroné\u00A0: «\u00A0enfant\u00A0» devrait être au pluriel.|Correct to “enfants”");
  g_clear_pointer (&menu, g_free);
  g_assert_true (gtk_widget_activate_action_variant (source_view (f), "grammar.correct", target));
  g_clear_pointer (&target, g_variant_unref);
  text = body_text (f);
  g_assert_nonnull (strstr (text, "\nLes enfants mange des pomme.\n"));
  g_clear_pointer (&text, g_free);
  settle (f);
  g_clear_pointer (&found, g_free);
  found = underlines (body (f));
  /* Now the verb's agreement shows */
  g_assert_cmpstr (found, ==, "grammar:mange|grammar:pomme|typography: :|typography:« |typography: »|"
                              "typography:C'|typography:l'|typography:...");

  /* A typography correction: no-break spaces are named in the menu */
  menu = menu_at (f, " : «", &target);
  g_assert_cmpstr (menu, ==, "Il manque un espace insécable.|Correct to “⍽:”");
  g_assert_true (gtk_widget_activate_action_variant (source_view (f), "grammar.correct", target));
  text = body_text (f);
  g_assert_nonnull (strstr (text, "Il a dit\u00A0: « oui »."));
  settle (f);
  g_clear_pointer (&found, g_free);
  found = underlines (body (f));
  g_assert_cmpstr (found, ==, "grammar:mange|grammar:pomme|typography:« |typography: »|typography:C'|"
                              "typography:l'|typography:...");
}

static gboolean
has_underline (gpointer data)
{
  Fixture *f = data;
  g_autofree char *found = underlines (body (f));

  return strstr (found, "grammar:chat") != NULL;
}

/* Typing a mistake: underlined after a pause; the time is printed */
static void
test_typing (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *view = source_view (f);
  GtkTextIter end;
  gint64 latency;

  settle (f);
  billet_test_focus_window (GTK_WINDOW (f->window));
  gtk_widget_grab_focus (view);
  gtk_text_buffer_get_end_iter (body (f), &end);
  gtk_text_buffer_place_cursor (body (f), &end);
  billet_test_type (view, "\nLes chat dort.");
  billet_test_wait_until (has_underline, f, DEADLINE_SECONDS, "the underline of the typed mistake");
  latency = g_get_monotonic_time () - f->last_change;
  g_test_message ("grammar underlines %" G_GINT64_FORMAT " ms after the last key (pause %d ms)",
                  latency / 1000, 400);
  g_printerr ("# grammar underlines %" G_GINT64_FORMAT " ms after the last key\n", latency / 1000);
  g_assert_cmpint (latency, <, 5 * G_USEC_PER_SEC * billet_test_slowdown ());
}

typedef struct
{
  Fixture *f;
  GPid     old;
} Restart;

static gboolean
is_restarted (gpointer data)
{
  Restart *r = data;
  GPid pid = billet_grammar_get_pid (grammar (r->f));

  return pid != 0 && pid != r->old && billet_grammar_get_state (grammar (r->f)) == BILLET_GRAMMAR_READY;
}

/* A killed helper comes back, and checks what changed meanwhile */
static void
test_restart (Fixture       *f,
              gconstpointer  data)
{
  Restart r = { f, 0 };
  GtkTextIter end;
  g_autofree char *found = NULL;

  settle (f);
  r.old = billet_grammar_get_pid (grammar (f));
  g_assert_cmpint (r.old, >, 0);
  g_assert_cmpint (kill (r.old, SIGKILL), ==, 0);
  billet_test_wait_until (is_restarted, &r, DEADLINE_SECONDS, "the helper to come back");
  gtk_text_buffer_get_end_iter (body (f), &end);
  gtk_text_buffer_insert (body (f), &end, "\nLes chat dort.\n", -1);
  settle (f);
  found = underlines (body (f));
  g_assert_cmpstr (found, ==, FAUTES_UNDERLINES "|grammar:chat");
}

static gboolean
has_request (gpointer data)
{
  Fixture *f = data;

  return billet_grammar_get_in_flight (grammar (f)) > 0 && f->updates == 0;
}

/* An answer for a paragraph changed since it was asked is dropped: no
 * underline ever lands on the wrong words */
static void
test_stale (Fixture       *f,
            gconstpointer  data)
{
  GtkTextIter start, end;

  settle (f);
  /* The paragraph is sent as it is after the pause... */
  iter_at_text (body (f), "pomme.", &start);
  gtk_text_buffer_insert (body (f), &start, "belle ", -1);
  f->updates = 0;
  billet_test_wait_until (has_request, f, DEADLINE_SECONDS, "the paragraph to be sent");
  /* ...then changes before the answer: "Les enfant mange " goes, so that
   * the answer's offsets would underline the wrong words. */
  iter_at_text (body (f), "Les enfant mange ", &start);
  end = start;
  gtk_text_iter_forward_chars (&end, (int) strlen ("Les enfant mange "));
  f->seen = g_ptr_array_new_with_free_func (g_free);
  gtk_text_buffer_delete (body (f), &start, &end);
  settle (f);
  /* Every state shown: the new text's one mistake, never the old answer's */
  g_assert_cmpuint (f->seen->len, >, 0);
  for (guint i = 0; i < f->seen->len; i++)
    g_assert_cmpstr (g_ptr_array_index (f->seen, i), ==,
                     "grammar:belle|typography: :|typography:« |typography: »|typography:C'|typography:l'|"
                     "typography:...");
}

static gboolean
pid_is_gone (gpointer data)
{
  return kill (GPOINTER_TO_INT (data), 0) != 0;
}

/* An English post: no helper, no underline; it stops when the French
 * post gives way to it */
static void
test_english (Fixture       *f,
              gconstpointer  data)
{
  GPid pid;
  g_autofree char *found = NULL;
  GtkWidget *note = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window), BILLET_TYPE_WINDOW,
                                                               "grammar_label"));

  settle (f);
  pid = billet_grammar_get_pid (grammar (f));
  g_assert_cmpint (pid, >, 0);
  open_post (f, "english.md");
  g_assert_cmpint (billet_grammar_get_state (grammar (f)), ==, BILLET_GRAMMAR_OFF);
  g_assert_cmpint (billet_grammar_get_pid (grammar (f)), ==, 0);
  billet_test_wait_until (pid_is_gone, GINT_TO_POINTER (pid), DEADLINE_SECONDS, "the helper to stop");
  billet_test_run_for (1000);
  found = underlines (body (f));
  g_assert_cmpstr (found, ==, "");
  g_assert_false (gtk_widget_get_visible (note));
}

/* The preference: French typography as you type, off by default; never in
 * a code span being typed */
static void
test_typing_typography (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *view = source_view (f);
  GtkTextIter end;
  g_autofree char *text = NULL;

  settle (f);
  billet_test_focus_window (GTK_WINDOW (f->window));
  gtk_widget_grab_focus (view);
  gtk_text_buffer_get_end_iter (body (f), &end);
  gtk_text_buffer_place_cursor (body (f), &end);

  g_assert_false (g_settings_get_boolean (settings, "french-typography-as-you-type"));
  billet_test_type (view, "\nOff \"a\" : b");
  text = body_text (f);
  g_assert_true (g_str_has_suffix (text, "\nOff \"a\" : b"));
  g_clear_pointer (&text, g_free);

  g_settings_set_boolean (settings, "french-typography-as-you-type", TRUE);
  billet_test_type (view, "\n\nIl dit \"oui\" ; c'est vrai: non ! Et `a: b` ?");
  text = body_text (f);
  g_assert_true (g_str_has_suffix (text, "\n\nIl dit \u00AB\u00A0oui\u00A0\u00BB\u202F; c\u2019est vrai\u00A0: non\u202F! "
                                         "Et `a: b`\u202F?"));
  g_settings_reset (settings, "french-typography-as-you-type");
}

/* A post over 64 K characters: a pause reads only the changed paragraphs,
 * and the fenced block they are in, so code stays code */
static void
test_large (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GString) post = g_string_new ("---\ntitle: Long\nlang: fr\n---\n\n```text\n");
  g_autofree char *path = g_build_filename (f->dir, "grammar", "long.md", NULL);
  g_autofree char *found = NULL;
  GtkTextIter at;

  for (guint i = 0; i < 12000; i++)
    g_string_append (post, "x = 1\n");
  g_string_append (post, "```\n\nLes enfant mange.\n\n```\nles enfant mange\n\nles enfant mange\n```\n\nFin du texte.\n");
  g_assert_true (g_file_set_contents (path, post->str, -1, NULL));
  open_post (f, "long.md");
  g_assert_cmpint (gtk_text_buffer_get_char_count (body (f)), >, 64 * 1024);
  settle (f);
  found = underlines (body (f));
  g_assert_cmpstr (found, ==, "grammar:enfant");
  g_clear_pointer (&found, g_free);

  /* Inside the code block, past a blank line in it */
  gtk_text_buffer_get_end_iter (body (f), &at);
  g_assert_true (gtk_text_iter_backward_search (&at, "les enfant mange\n```", 0, &at, NULL, NULL));
  gtk_text_iter_forward_chars (&at, (int) strlen ("les enfant mange"));
  gtk_text_buffer_insert (body (f), &at, "nt", -1);
  g_assert_cmpuint (billet_grammar_get_pending (grammar (f)), >, 0);
  billet_test_wait_until (is_idle, f, DEADLINE_SECONDS, "the pause to pass");
  /* Time for an answer, had anything been asked */
  billet_test_run_for (1500);
  found = underlines (body (f));
  g_assert_cmpstr (found, ==, "grammar:enfant");
}

/* Without Grammalecte, one line says what installing it adds */
static void
test_missing (void)
{
  Fixture fixture, *f = &fixture;
  g_autofree char *helper = g_strdup (g_getenv ("BILLET_GRAMMAR_HELPER"));
  GtkWidget *note;

  g_setenv ("BILLET_GRAMMAR_HELPER", "/nonexistent/billet-grammalecte", TRUE);
  fixture_setup (f, "fautes.md");
  note = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window), BILLET_TYPE_WINDOW, "grammar_label"));
  billet_test_run_for (500);
  g_assert_cmpint (billet_grammar_get_state (grammar (f)), ==, BILLET_GRAMMAR_UNAVAILABLE);
  g_assert_true (gtk_widget_get_visible (note));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (note)), ==,
                   "Installing python3-grammalecte adds French grammar and typography checking");
  fixture_teardown (f, NULL);
  if (helper != NULL)
    g_setenv ("BILLET_GRAMMAR_HELPER", helper, TRUE);
  else
    g_unsetenv ("BILLET_GRAMMAR_HELPER");
}

static gboolean
have_grammalecte (void)
{
  const char *argv[] = { "/usr/bin/python3", "-c", "import grammalecte", NULL };
  int status = -1;

  return g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                       &status, NULL) && g_spawn_check_wait_status (status, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  billet_test_init_gtk_log ();
  gtk_test_init (&argc, &argv, NULL);
  g_type_ensure (BILLET_TYPE_PREVIEW);
  g_assert_nonnull (billet_get_resource ());

  if (!have_grammalecte ())
    {
      g_test_skip ("python3-grammalecte is not installed; build-aux/dev installs it");
      return g_test_run ();
    }

  app = g_object_new (BILLET_TYPE_APPLICATION,
                      "application-id", "org.billet.BilletGrammarTest",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", "/org/billet/Billet",
                      NULL);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

#define ADD(path, post, func) \
  g_test_add ("/billet/grammar/" path, Fixture, post, fixture_setup, func, fixture_teardown)
  ADD ("underlines", "fautes.md", test_underlines);
  ADD ("typing", "fautes.md", test_typing);
  ADD ("restart", "fautes.md", test_restart);
  ADD ("stale", "fautes.md", test_stale);
  ADD ("english", "fautes.md", test_english);
  ADD ("typing-typography", "fautes.md", test_typing_typography);
  ADD ("large", "fautes.md", test_large);
  g_test_add_func ("/billet/grammar/missing", test_missing);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
