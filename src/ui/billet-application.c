/* billet-application.c — the application: windows, app-wide actions, settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <glib/gi18n.h>

#include "billet-accessible.h"
#include "billet-application.h"
#include "billet-error-dialog.h"
#include "billet-resources.h"
#include "billet-preferences-window.h"
#include "billet-recovery-window.h"
#include "billet-window.h"

struct _BilletApplication
{
  AdwApplication  parent_instance;
  GSettings      *settings;
  gboolean        recovery_offered;
  GWeakRef        recovery_waits;   /* the window whose post comes in first */
};

G_DEFINE_FINAL_TYPE (BilletApplication, billet_application, ADW_TYPE_APPLICATION)

static BilletWindow *
new_window (BilletApplication *self)
{
  BilletWindow *window = billet_window_new (self);
  GtkShortcutsWindow *shortcuts = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));

  /* GtkShortcutsWindow's search and section button come without names. */
  if (shortcuts != NULL)
    billet_accessible_name_parts_on_map (GTK_WIDGET (shortcuts));
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* One document per file: the window that has @file open already, or on
 * its way in, if any. */
static BilletWindow *
find_window_for (BilletApplication *self,
                 GFile             *file)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      GFile *loading;

      if (!BILLET_IS_WINDOW (l->data))
        continue;
      if (billet_window_lookup_document (l->data, file) != NULL)
        return l->data;
      loading = billet_window_get_loading_file (l->data);
      if (loading != NULL && g_file_equal (loading, file))
        return l->data;
    }
  return NULL;
}

static gboolean
restore_draft (const BilletDraft *draft,
               gpointer           user_data)
{
  BilletApplication *self = user_data;
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GFile) file = draft->path ? g_file_new_for_path (draft->path) : NULL;
  g_autoptr(GError) error = NULL;
  BilletWindow *window = NULL;

  /* The window that has the post open already; else, as the recovery
   * window is modal over a window, that one if it is empty; else a new one. */
  if (file != NULL && (window = find_window_for (self, file)) != NULL)
    ;
  else if (BILLET_IS_WINDOW (active) && billet_window_is_empty (BILLET_WINDOW (active)))
    window = BILLET_WINDOW (active);
  else if (active != NULL && BILLET_IS_WINDOW (gtk_window_get_transient_for (active)) &&
           billet_window_is_empty (BILLET_WINDOW (gtk_window_get_transient_for (active))))
    window = BILLET_WINDOW (gtk_window_get_transient_for (active));
  else
    window = new_window (self);

  if (!billet_window_restore_draft (window, draft, &error))
    {
      billet_error_dialog_present (GTK_WIDGET (window), _("Could Not Restore the Draft"),
                                   error->message);
      return FALSE;
    }
  gtk_window_present (GTK_WINDOW (window));
  return TRUE;
}

static void offer_recovery (BilletApplication *self, GtkWindow *parent);

static void
on_window_loading_cb (BilletWindow      *window,
                      GParamSpec        *pspec,
                      BilletApplication *self)
{
  if (billet_window_get_loading (window))
    return;
  g_signal_handlers_disconnect_by_func (window, on_window_loading_cb, self);
  g_weak_ref_set (&self->recovery_waits, NULL);
  offer_recovery (self, GTK_WINDOW (window));
}

/* Once per process, when the first window is up with its post in (as it
 * was offered when posts opened at once): drafts still in the store are
 * work a crash left unsaved. */
static void
offer_recovery (BilletApplication *self,
                GtkWindow         *parent)
{
  g_autoptr(GObject) waits = g_weak_ref_get (&self->recovery_waits);

  if (self->recovery_offered || waits != NULL)
    return;
  if (BILLET_IS_WINDOW (parent) && billet_window_get_loading (BILLET_WINDOW (parent)))
    {
      g_weak_ref_set (&self->recovery_waits, parent);
      g_signal_connect_object (parent, "notify::loading", G_CALLBACK (on_window_loading_cb), self, 0);
      return;
    }
  self->recovery_offered = TRUE;
  billet_recovery_window_offer (parent, restore_draft, self);
}

static void
billet_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (new_window (BILLET_APPLICATION (app)));
  gtk_window_present (window);
  offer_recovery (BILLET_APPLICATION (app), window);
}

/* Each file opens in a window of its own, except that an empty window
 * (nothing loaded, nothing typed) takes the first one, and a file open
 * already is shown in its window. A folder opens as
 * a folder: its posts in the window's sidebar. */
static void
billet_application_open (GApplication  *app,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  BilletApplication *self = BILLET_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));
      BilletWindow *window;

      /* A post open already is shown where it is open, not opened twice. */
      if ((window = find_window_for (self, files[i])) != NULL)
        {
          if (billet_window_get_document (window) != billet_window_lookup_document (window, files[i]))
            billet_window_open_file (window, files[i]);
          gtk_window_present (GTK_WINDOW (window));
          continue;
        }
      if (BILLET_IS_WINDOW (active) && billet_window_is_empty (BILLET_WINDOW (active)))
        window = BILLET_WINDOW (active);
      else
        window = new_window (self);
      if (g_file_query_file_type (files[i], G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
        billet_window_open_folder (window, files[i]);
      else
        billet_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
  offer_recovery (self, gtk_application_get_active_window (GTK_APPLICATION (app)));
}

static void
style_variant_changed_cb (BilletApplication *self)
{
  g_autofree char *variant = g_settings_get_string (self->settings, "style-variant");
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (variant, "light"))
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (variant, "dark"))
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  BilletApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Each window asks about its unsaved changes before it closes. */
  for (GList *l = g_list_copy (windows); l != NULL; l = g_list_delete_link (l, l))
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  new_window (BILLET_APPLICATION (user_data));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  BilletPreferencesWindow *prefs = billet_preferences_window_new (parent);

  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "The Billet developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  AdwAboutWindow *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-icon", APP_ID,
                        "application-name", _("Billet"),
                        "developer-name", _("The Billet developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Write blog posts in Markdown with their front matter, "
                                      "see them as your readers will, and never lose a word."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  /* Its subpages' back buttons and text views come without names. */
  billet_accessible_name_parts_on_map (GTK_WIDGET (about));
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "new-window", new_window_action },
  { "preferences", preferences_action },
  { "about", about_action },
};

static void
billet_application_startup (GApplication *app)
{
  BilletApplication *self = BILLET_APPLICATION (app);
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.new-window", { "<Control><Shift>n", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.open-folder", { "<Control><Shift>o", NULL } },
    { "win.show-sidebar", { "F9", NULL } },
    { "win.find-post", { "<Control><Shift>f", NULL } },
    { "win.check-site", { "<Control><Shift>k", NULL } },
    { "win.new", { "<Control>n", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.save-as", { "<Control><Shift>s", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.close", { "<Control>w", NULL } },
    { "win.find", { "<Control>f", NULL } },
    { "win.replace", { "<Control>h", NULL } },
    { "win.show-preview", { "<Control><Alt>p", NULL } },
    { "win.show-form", { "<Control><Alt>f", NULL } },
    { "win.fix-typography", { "<Control><Shift>t", NULL } },
    { "win.outline", { "<Control><Alt>o", NULL } },
  };

  G_APPLICATION_CLASS (billet_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);

  g_signal_connect_object (self->settings, "changed::style-variant",
                           G_CALLBACK (style_variant_changed_cb), self, G_CONNECT_SWAPPED);
  style_variant_changed_cb (self);
}

static void
billet_application_dispose (GObject *object)
{
  BilletApplication *self = (BilletApplication *) object;

  g_clear_object (&self->settings);
  g_weak_ref_set (&self->recovery_waits, NULL);

  G_OBJECT_CLASS (billet_application_parent_class)->dispose (object);
}

static void
billet_application_finalize (GObject *object)
{
  BilletApplication *self = (BilletApplication *) object;

  g_weak_ref_clear (&self->recovery_waits);

  G_OBJECT_CLASS (billet_application_parent_class)->finalize (object);
}

static void
billet_application_class_init (BilletApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = billet_application_dispose;
  object_class->finalize = billet_application_finalize;
  app_class->activate = billet_application_activate;
  app_class->open = billet_application_open;
  app_class->startup = billet_application_startup;
}

static void
billet_application_init (BilletApplication *self)
{
  self->settings = g_settings_new (APP_ID);
  g_weak_ref_init (&self->recovery_waits, NULL);
}

BilletApplication *
billet_application_new (void)
{
  /* The resources are in a static library: refer to them so that they are
   * linked in (their constructor registers them). */
  g_assert (billet_get_resource () != NULL);

  return g_object_new (BILLET_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/billet/Billet",
                       NULL);
}

/**
 * billet_application_get_settings:
 *
 * Returns: (transfer none): the application's settings
 */
GSettings *
billet_application_get_settings (BilletApplication *self)
{
  g_return_val_if_fail (BILLET_IS_APPLICATION (self), NULL);
  return self->settings;
}
