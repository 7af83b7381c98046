/* test-preferences-window.c — the preferences are bound to their settings both ways
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "billet-preferences-window.h"
#include "billet-resources.h"

typedef struct {
  GSettings               *settings;
  BilletPreferencesWindow *window;
} Fixture;

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

static gpointer
template_child (Fixture    *f,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                  BILLET_TYPE_PREFERENCES_WINDOW, name);

  g_assert_nonnull (child);
  return child;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  f->settings = g_settings_new ("org.billet.Billet");
  g_object_get (f->settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (f->settings, keys[i]);

  f->window = billet_preferences_window_new (NULL);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->settings);
}

static gboolean
setting_is (Fixture    *f,
            const char *key,
            const char *expected)
{
  g_autofree char *value = g_settings_get_string (f->settings, key);

  return g_strcmp0 (value, expected) == 0;
}

static gboolean
font_is (GtkFontChooser *chooser,
         const char     *expected)
{
  g_autofree char *font = gtk_font_chooser_get_font (chooser);

  return g_strcmp0 (font, expected) == 0;
}

static void
test_new_destroy (void)
{
  BilletPreferencesWindow *window = billet_preferences_window_new (NULL);

  g_assert_true (BILLET_IS_PREFERENCES_WINDOW (window));
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_switches (Fixture       *f,
               gconstpointer  data)
{
  static const struct {
    const char *widget;
    const char *key;
  } switches[] = {
    { "use_system_font_switch", "use-system-font" },
    { "line_numbers_switch", "show-line-numbers" },
    { "current_line_switch", "highlight-current-line" },
    { "wrap_switch", "wrap-text" },
    { "remote_images_switch", "load-remote-images" },
    { "sync_scroll_switch", "sync-scroll" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (switches); i++)
    {
      GtkSwitch *sw = template_child (f, switches[i].widget);
      gboolean initial = g_settings_get_boolean (f->settings, switches[i].key);

      g_test_message ("%s ↔ %s", switches[i].widget, switches[i].key);
      g_assert_cmpint (gtk_switch_get_active (sw), ==, initial);

      /* The switch writes the setting… */
      gtk_switch_set_active (sw, !initial);
      WAIT_UNTIL (g_settings_get_boolean (f->settings, switches[i].key) == !initial);

      /* …and follows it. */
      g_settings_set_boolean (f->settings, switches[i].key, initial);
      WAIT_UNTIL (gtk_switch_get_active (sw) == initial);
    }
}

static void
test_font (Fixture       *f,
           gconstpointer  data)
{
  GtkWidget *font_row = template_child (f, "font_row");
  GtkFontChooser *font_button = template_child (f, "font_button");

  /* The font only matters, and can only be chosen, without the system's. */
  g_assert_true (g_settings_get_boolean (f->settings, "use-system-font"));
  g_assert_false (gtk_widget_get_sensitive (font_row));
  g_settings_set_boolean (f->settings, "use-system-font", FALSE);
  WAIT_UNTIL (gtk_widget_get_sensitive (font_row));

  g_settings_set_string (f->settings, "font", "Serif 14");
  WAIT_UNTIL (font_is (font_button, "Serif 14"));

  gtk_font_chooser_set_font (font_button, "Monospace 9");
  WAIT_UNTIL (setting_is (f, "font", "Monospace 9"));
}

static void
test_style (Fixture       *f,
            gconstpointer  data)
{
  AdwComboRow *row = template_child (f, "style_row");
  static const char * const variants[] = { "follow", "light", "dark" };

  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      adw_combo_row_set_selected (row, i);
      WAIT_UNTIL (setting_is (f, "style-variant", variants[i]));
    }

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_settings_set_string (f->settings, "style-variant", variants[i]);
      WAIT_UNTIL (adw_combo_row_get_selected (row) == i);
    }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Referencing the resource links it in from the static library. */
  g_assert_nonnull (billet_get_resource ());

  g_test_add_func ("/billet/preferences-window/new-destroy", test_new_destroy);
  g_test_add ("/billet/preferences-window/switches", Fixture, NULL,
              fixture_set_up, test_switches, fixture_tear_down);
  g_test_add ("/billet/preferences-window/font", Fixture, NULL,
              fixture_set_up, test_font, fixture_tear_down);
  g_test_add ("/billet/preferences-window/style", Fixture, NULL,
              fixture_set_up, test_style, fixture_tear_down);

  return g_test_run ();
}
