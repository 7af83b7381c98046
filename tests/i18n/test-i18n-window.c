/* test-i18n-window.c — in fr_FR.UTF-8 the editor window, its menu, its shortcuts window and
 * the preferences speak French, with the catalogue of the build tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "billet-test-utils.h"
#include "billet-i18n.h"
#include "billet-preferences-window.h"
#include "billet-preview.h"
#include "billet-resources.h"
#include "billet-window.h"

static BilletApplication *app;
static gboolean have_french;

#define WAIT_UNTIL(done)                                                    \
  G_STMT_START {                                                            \
    gint64 deadline_ = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;       \
    while (!(done))                                                         \
      {                                                                     \
        if (g_get_monotonic_time () > deadline_)                            \
          g_error ("Timed out waiting for %s", #done);                      \
        if (!g_main_context_iteration (NULL, FALSE))                        \
          g_usleep (1000);                                                  \
      }                                                                     \
  } G_STMT_END

/* Every string that @root and its descendants show: labels, button labels, tooltips, the
 * titles of rows, pages, window titles and shortcuts. One string a line. */
static void
collect_texts (GtkWidget *widget,
               GString   *out)
{
  static const char *properties[] = { "label", "title", "subtitle", "tooltip-text",
                                      "placeholder-text", "description" };
  GObjectClass *klass = G_OBJECT_GET_CLASS (widget);

  for (guint i = 0; i < G_N_ELEMENTS (properties); i++)
    {
      GParamSpec *pspec = g_object_class_find_property (klass, properties[i]);
      g_autofree char *value = NULL;

      if (pspec == NULL || pspec->value_type != G_TYPE_STRING || !(pspec->flags & G_PARAM_READABLE))
        continue;
      g_object_get (widget, properties[i], &value, NULL);
      if (value != NULL && *value != '\0')
        g_string_append_printf (out, "%s\n", value);
    }
  /* The status line's texts are inscriptions: their text is "text". */
  if (GTK_IS_INSCRIPTION (widget) && gtk_inscription_get_text (GTK_INSCRIPTION (widget)) != NULL)
    g_string_append_printf (out, "%s\n", gtk_inscription_get_text (GTK_INSCRIPTION (widget)));
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)))
    {
      GMenuModel *model = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget));
      GPtrArray *models = g_ptr_array_new ();

      /* The menu's items and its sections' and submenus', breadth first. */
      g_ptr_array_add (models, model);
      for (guint m = 0; m < models->len; m++)
        {
          GMenuModel *menu = g_ptr_array_index (models, m);

          for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
            {
              g_autofree char *label = NULL;
              g_autoptr(GMenuLinkIter) links = g_menu_model_iterate_item_links (menu, i);
              GMenuModel *link;

              if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
                g_string_append_printf (out, "%s\n", label);
              while (g_menu_link_iter_get_next (links, NULL, &link))
                {
                  g_ptr_array_add (models, link);
                  g_object_unref (link); /* the menu keeps it */
                }
            }
        }
      g_ptr_array_unref (models);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, out);
}

static char *
texts_of (gpointer widget)
{
  GString *out = g_string_new ("\n");

  collect_texts (GTK_WIDGET (widget), out);
  return g_string_free (out, FALSE);
}

/* @texts (from texts_of()) has a line that is exactly @line. */
static void
assert_line (const char *texts,
             const char *line)
{
  g_autofree char *needle = g_strdup_printf ("\n%s\n", line);

  if (strstr (texts, needle) == NULL)
    g_error ("No “%s” among the texts shown:%s", line, texts);
}

/* @texts has a line that contains @part. */
static void
assert_part (const char *texts,
             const char *part)
{
  if (strstr (texts, part) == NULL)
    g_error ("No “%s” in the texts shown:%s", part, texts);
}

static gboolean
skip_without_french (void)
{
  if (!have_french)
    g_test_skip ("the fr_FR.UTF-8 locale is missing: generate it with build-aux/dev deps");
  return !have_french;
}

static void
test_catalogue (void)
{
  if (skip_without_french ())
    return;

  /* Straight from the catalogue, then through ngettext's French plural rule. */
  g_assert_cmpstr (_("_Save"), ==, "_Enregistrer");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%'u word", "%'u words", 1), ==, "%'u mot");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%'u word", "%'u words", 0), ==, "%'u mot");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%'u word", "%'u words", 2), ==, "%'u mots");
}

static void
test_window (void)
{
  BilletWindow *window;
  g_autofree char *texts = NULL;

  if (skip_without_french ())
    return;

  window = billet_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));

  texts = texts_of (window);
  /* The header bar and its tooltips */
  assert_line (texts, "_Ouvrir");
  assert_line (texts, "_Enregistrer");
  assert_line (texts, "Enregistrer l’article (Ctrl+S)");
  assert_line (texts, "Menu principal");
  assert_line (texts, "Pas encore enregistré");
  /* The main menu */
  assert_line (texts, "Enregistrer _sous…");
  assert_line (texts, "Corriger la _typographie");
  assert_line (texts, "Afficher l’_aperçu");
  assert_line (texts, "_Raccourcis clavier");
  assert_line (texts, "À propos de _Billet");
  /* The front-matter form */
  assert_line (texts, "_Formulaire");
  assert_line (texts, "YAML _brut");
  assert_line (texts, "_Ajouter un champ");
  /* Nothing English left from those */
  g_assert_null (strstr (texts, "\n_Save\n"));
  g_assert_null (strstr (texts, "\n_Add Field\n"));

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
has_status (BilletWindow *window,
            const char   *part)
{
  g_autofree char *texts = texts_of (window);

  return strstr (texts, part) != NULL;
}

static void
test_status_line (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *texts = NULL;
  BilletWindow *window;

  if (skip_without_french ())
    return;

  dir = g_dir_make_tmp ("billet-i18n-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "matin.md", NULL);
  {
    /* 1,234 words: the count is grouped as French groups digits. */
    g_autoptr(GString) body = g_string_new ("---\ntitle: Écrire le matin\ndate: 2020-09-29\n---\n\n"
                                            "Le matin, j’écris trois pages.\n");

    for (guint i = 0; i < 1234 - 5; i++)
      g_string_append (body, "mot ");
    g_string_append_c (body, '\n');
    g_file_set_contents (path, body->str, -1, &error);
  }
  g_assert_no_error (error);
  file = g_file_new_for_path (path);

  window = billet_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  billet_window_open_file (window, file);
  WAIT_UNTIL (has_status (window, " mots"));

  texts = texts_of (window);
  assert_part (texts, "1\u202F234 mots");
  assert_part (texts, "caractères");
  assert_part (texts, "min de lecture");
  assert_part (texts, "Lig. ");

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_unlink (path);
  g_rmdir (dir);
}

/* A broken front matter: the parser's problem in French in the window, at
 * its line and column (src/core/billet-parse-messages.c) */
static void
test_parser_problem (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *texts = NULL;
  BilletWindow *window;

  if (skip_without_french ())
    return;

  dir = g_dir_make_tmp ("billet-i18n-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "casse.md", NULL);
  g_file_set_contents (path, "---\ntitle: \"Écrire le matin\ndate: 2020-09-29\n---\n\nTexte.\n", -1, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (path);

  window = billet_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  billet_window_open_file (window, file);
  WAIT_UNTIL (has_status (window, "YAML non valide"));

  texts = texts_of (window);
  assert_part (texts, "YAML non valide\u00A0: fin du texte inattendue en lisant un texte entre guillemets");
  g_assert_null (strstr (texts, "found unexpected"));
  g_assert_null (strstr (texts, "while scanning"));

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_shortcuts_window (void)
{
  BilletWindow *window;
  GtkShortcutsWindow *overlay;
  g_autofree char *texts = NULL;

  if (skip_without_french ())
    return;

  window = billet_window_new (app);
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);

  texts = texts_of (overlay);
  assert_line (texts, "Fichiers");
  assert_line (texts, "Enregistrer sous");
  assert_line (texts, "Afficher ou masquer l’aperçu");
  assert_line (texts, "Rechercher et remplacer");

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_preferences (void)
{
  BilletPreferencesWindow *preferences;
  g_autofree char *texts = NULL;

  if (skip_without_french ())
    return;

  preferences = billet_preferences_window_new (NULL);
  gtk_window_present (GTK_WINDOW (preferences));

  texts = texts_of (preferences);
  assert_line (texts, "Éditeur");
  assert_line (texts, "Apparence");
  assert_line (texts, "Afficher les numéros de _ligne");
  assert_line (texts, "Charger les _images distantes");

  gtk_window_destroy (GTK_WINDOW (preferences));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  static const char *xdg_vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };
  g_autofree char *home = NULL;
  const char *locale;
  int status;

  /* Recent files, drafts and caches go to a folder of the test's own, not the user's. */
  home = g_dir_make_tmp ("billet-i18n-home-XXXXXX", NULL);
  g_assert_nonnull (home);
  for (guint i = 0; i < G_N_ELEMENTS (xdg_vars); i++)
    {
      g_autofree char *dir = g_build_filename (home, xdg_vars[i], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (xdg_vars[i], dir, TRUE);
    }

  /* gtk_test_init() sets an English locale: French comes after it, from the environment,
   * as the editor's main() takes it, with the catalogue of the build tree. */
  g_unsetenv ("LANGUAGE");
  g_setenv ("LC_ALL", "fr_FR.UTF-8", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  billet_i18n_init ();
  locale = setlocale (LC_MESSAGES, NULL);
  have_french = locale != NULL && g_str_has_prefix (locale, "fr_FR");

  /* The window takes this preview type instead of loading its module. */
  g_type_ensure (BILLET_TYPE_PREVIEW);
  g_assert_nonnull (billet_get_resource ());

  /* No preview: this test is about words, not web pages (memory settings backend). */
  settings = g_settings_new ("org.billet.Billet");
  g_settings_set_boolean (settings, "show-preview", FALSE);
  g_settings_set_boolean (settings, "show-form", TRUE);

  app = g_object_new (BILLET_TYPE_APPLICATION,
                      "application-id", "org.billet.BilletI18nTest",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", "/org/billet/Billet",
                      NULL);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/billet/i18n/catalogue", test_catalogue);
  g_test_add_func ("/billet/i18n/window", test_window);
  g_test_add_func ("/billet/i18n/status-line", test_status_line);
  g_test_add_func ("/billet/i18n/parser-problem", test_parser_problem);
  g_test_add_func ("/billet/i18n/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/billet/i18n/preferences", test_preferences);

  status = g_test_run ();
  g_clear_object (&app);
  billet_test_remove_tree (home);
  return status;
}
