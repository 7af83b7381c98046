/* billet-preferences-window.c — the editor's, the style's and the preview's settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every row is bound to its GSettings key with g_settings_bind(), so the
 * window holds no state: a change made elsewhere (another window, dconf)
 * shows here at once, and the windows that use a key follow it through
 * their own bindings.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <glib/gi18n.h>

#include "billet-accessible.h"
#include "billet-preferences-window.h"

struct _BilletPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwComboRow          *style_row;
  GtkSwitch            *use_system_font_switch;
  AdwActionRow         *font_row;
  GtkFontButton        *font_button;
  GtkSwitch            *line_numbers_switch;
  GtkSwitch            *spelling_switch;
  GtkSwitch            *current_line_switch;
  GtkSwitch            *wrap_switch;
  GtkSwitch            *french_typography_switch;
  GtkSwitch            *remote_images_switch;
  GtkSwitch            *sync_scroll_switch;
};

G_DEFINE_FINAL_TYPE (BilletPreferencesWindow, billet_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The rows of the style combo, in the order of the .ui's string list. */
static const char * const style_variants[] = { "follow", "light", "dark" };

static gboolean
style_variant_get_mapping (GValue   *value,
                           GVariant *variant,
                           gpointer  user_data)
{
  const char *style = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (style_variants); i++)
    {
      if (g_str_equal (style, style_variants[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
style_variant_set_mapping (const GValue       *value,
                           const GVariantType *expected_type,
                           gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (style_variants))
    return NULL;

  return g_variant_new_string (style_variants[selected]);
}

static void
billet_preferences_window_dispose (GObject *object)
{
  BilletPreferencesWindow *self = (BilletPreferencesWindow *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), BILLET_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (billet_preferences_window_parent_class)->dispose (object);
}

static void
billet_preferences_window_class_init (BilletPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = billet_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/billet/Billet/ui/billet-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BilletPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, BilletPreferencesWindow, use_system_font_switch);
  gtk_widget_class_bind_template_child (widget_class, BilletPreferencesWindow, font_row);
  gtk_widget_class_bind_template_child (widget_class, BilletPreferencesWindow, font_button);
  gtk_widget_class_bind_template_child (widget_class, BilletPreferencesWindow, line_numbers_switch);
  gtk_widget_class_bind_template_child (widget_class, BilletPreferencesWindow, spelling_switch);
  gtk_widget_class_bind_template_child (widget_class, BilletPreferencesWindow, current_line_switch);
  gtk_widget_class_bind_template_child (widget_class, BilletPreferencesWindow, wrap_switch);
  gtk_widget_class_bind_template_child (widget_class, BilletPreferencesWindow, french_typography_switch);
  gtk_widget_class_bind_template_child (widget_class, BilletPreferencesWindow, remote_images_switch);
  gtk_widget_class_bind_template_child (widget_class, BilletPreferencesWindow, sync_scroll_switch);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
billet_preferences_window_init (BilletPreferencesWindow *self)
{
  static const struct {
    const char *key;
    gsize       offset;
  } switches[] = {
    { "use-system-font",        G_STRUCT_OFFSET (BilletPreferencesWindow, use_system_font_switch) },
    { "show-line-numbers",      G_STRUCT_OFFSET (BilletPreferencesWindow, line_numbers_switch) },
    { "check-spelling",         G_STRUCT_OFFSET (BilletPreferencesWindow, spelling_switch) },
    { "highlight-current-line", G_STRUCT_OFFSET (BilletPreferencesWindow, current_line_switch) },
    { "wrap-text",              G_STRUCT_OFFSET (BilletPreferencesWindow, wrap_switch) },
    { "french-typography-as-you-type", G_STRUCT_OFFSET (BilletPreferencesWindow, french_typography_switch) },
    { "load-remote-images",     G_STRUCT_OFFSET (BilletPreferencesWindow, remote_images_switch) },
    { "sync-scroll",            G_STRUCT_OFFSET (BilletPreferencesWindow, sync_scroll_switch) },
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  /* AdwPreferencesWindow's search, the style row's list, the font button. */
  billet_accessible_name_parts_on_map (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);

  for (guint i = 0; i < G_N_ELEMENTS (switches); i++)
    {
      GtkSwitch *widget = G_STRUCT_MEMBER (GtkSwitch *, self, switches[i].offset);

      g_settings_bind (self->settings, switches[i].key, widget, "active", G_SETTINGS_BIND_DEFAULT);
    }

  g_settings_bind (self->settings, "font", self->font_button, "font", G_SETTINGS_BIND_DEFAULT);
  /* The row, not the button: binding "font" already ties the button's
   * sensitivity to the key's writability. */
  g_settings_bind (self->settings, "use-system-font", self->font_row, "sensitive",
                   G_SETTINGS_BIND_GET | G_SETTINGS_BIND_INVERT_BOOLEAN | G_SETTINGS_BIND_NO_SENSITIVITY);

  g_settings_bind_with_mapping (self->settings, "style-variant", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                style_variant_get_mapping, style_variant_set_mapping,
                                NULL, NULL);
}

/**
 * billet_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 *
 * Creates the preferences window, modal for @parent.
 *
 * Returns: (transfer none): a new #BilletPreferencesWindow, owned by GTK's
 *   list of toplevels until it is closed
 */
BilletPreferencesWindow *
billet_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (BILLET_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       NULL);
}
