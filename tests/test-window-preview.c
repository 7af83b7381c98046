/* test-window-preview.c — the window and its preview: settings, the preview's bar, scroll sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window drives the preview through BilletPreviewSlot only. Each case
 * opens a post of a small site in a real window under Xvfb, waits for the
 * preview's first page, then does what the author does: changes a setting,
 * answers the preview's bar, turns the mouse wheel over one side (XTest
 * button presses, as a mouse sends them) and reads where the other side
 * went.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "billet-test-utils.h"
#include "billet-test-gtk-utils.h"
#include "billet-application.h"
#include "billet-document.h"
#include "billet-info-bar.h"
#include "billet-preview.h"
#include "billet-resources.h"
#include "billet-window.h"

#define DEADLINE_SECONDS 30

static BilletApplication *app;

typedef struct
{
  char          *dir;
  char          *site;      /* real path */
  char          *path;
  BilletWindow  *window;
  GtkWidget     *preview;
  guint          updates;
  GSettings     *settings;
} Fixture;

/* The window */

static WebKitWebView *
web_view (Fixture *f)
{
  WebKitWebView *view;

  g_assert_nonnull (f->preview);
  view = billet_test_find_web_view (f->preview);
  g_assert_nonnull (view);
  return view;
}

static BilletInfoBar *
find_info_bar (GtkWidget *widget)
{
  if (BILLET_IS_INFO_BAR (widget))
    return BILLET_INFO_BAR (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      BilletInfoBar *bar = find_info_bar (child);

      if (bar != NULL)
        return bar;
    }
  return NULL;
}

static char *
eval (Fixture    *f,
      const char *script)
{
  return billet_test_eval_js (web_view (f), script, DEADLINE_SECONDS);
}

/* Set-up */

static void
on_updated_cb (GtkWidget *preview,
               Fixture   *f)
{
  f->updates++;
}

static void
on_preview_cb (BilletWindow *window,
               GParamSpec   *pspec,
               Fixture      *f)
{
  GtkWidget *preview = billet_window_get_preview (window);

  if (preview == NULL || preview == f->preview)
    return;
  f->preview = preview;
  g_object_add_weak_pointer (G_OBJECT (preview), (gpointer *) &f->preview);
  g_signal_connect (preview, "updated", G_CALLBACK (on_updated_cb), f);
}

static gboolean
has_page (gpointer data)
{
  Fixture *f = data;

  return f->preview != NULL && f->updates > 0;
}

static void
reset_settings (GSettings *settings)
{
  g_settings_reset (settings, "sync-scroll");
  g_settings_reset (settings, "load-remote-images");
  g_settings_reset (settings, "remote-image-sites");
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

/* @data: the post's text. A Hugo site with that one post, open in a
 * window; the preview shows it. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *config = NULL;
  char *real;

  memset (f, 0, sizeof *f);
  f->settings = g_settings_new ("org.billet.Billet");
  reset_settings (f->settings);

  f->dir = g_dir_make_tmp ("billet-window-preview-XXXXXX", &error);
  g_assert_no_error (error);
  config = g_build_filename (f->dir, "site", "hugo.toml", NULL);
  write_file (config, "title = 'Site'\n");
  real = realpath (f->dir, NULL);
  g_assert_nonnull (real);
  f->site = g_build_filename (real, "site", NULL);
  free (real);
  f->path = g_build_filename (f->site, "content", "posts", "post.md", NULL);
  write_file (f->path, data);
  file = g_file_new_for_path (f->path);

  f->window = billet_window_new (app);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  g_signal_connect (f->window, "notify::preview", G_CALLBACK (on_preview_cb), f);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 900);
  billet_window_open_file (f->window, file);
  gtk_window_present (GTK_WINDOW (f->window));
  billet_test_wait_until (has_page, f, DEADLINE_SECONDS, "the preview's first page");
}

static gboolean
is_gone (gpointer data)
{
  Fixture *f = data;

  return f->window == NULL && f->preview == NULL;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  billet_test_wait_until (is_gone, f, DEADLINE_SECONDS, "the window to be finalized");
  reset_settings (f->settings);
  g_clear_object (&f->settings);
  billet_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->site);
  g_free (f->path);
}

/* Settings and the preview's bar */

#define REMOTE_POST "---\ntitle: Remote\n---\n![far](http://127.0.0.1:9/far.png)\n\nText.\n"

static gboolean
remote_bar_shown (gpointer data)
{
  BilletInfoBar *bar = find_info_bar (((Fixture *) data)->preview);

  return bar != NULL && billet_info_bar_get_revealed (bar);
}

static gboolean
remote_bar_hidden (gpointer data)
{
  return !remote_bar_shown (data);
}

/* Whether the page's policy allows remote images, as the page says. */
static gboolean
page_allows_remote (Fixture *f)
{
  g_autofree char *answer = eval (f, "document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]')"
                                     ".content.indexOf(' http:') >= 0");

  return g_str_equal (answer, "true");
}

typedef struct
{
  Fixture  *f;
  gboolean  allows;
} PolicyWait;

static gboolean
policy_is (gpointer data)
{
  PolicyWait *w = data;

  return page_allows_remote (w->f) == w->allows;
}

static void
wait_policy (Fixture    *f,
             gboolean    allows,
             const char *what)
{
  PolicyWait w = { f, allows };

  billet_test_wait_until (policy_is, &w, DEADLINE_SECONDS, what);
}

/* The preview's settings are the window's: "Load for This Site" in the
 * preview's bar writes the setting; the setting, changed elsewhere (the
 * preferences, another window), reaches the page. */
static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  g_auto(GStrv) sites = NULL;

  g_assert_false (page_allows_remote (f));
  billet_test_wait_until (remote_bar_shown, f, DEADLINE_SECONDS, "the bar offering remote images");

  billet_info_bar_respond (find_info_bar (f->preview), "site");
  sites = g_settings_get_strv (f->settings, "remote-image-sites");
  g_assert_cmpuint (g_strv_length (sites), ==, 1);
  g_assert_cmpstr (sites[0], ==, f->site);
  wait_policy (f, TRUE, "the page to allow remote images");
  billet_test_wait_until (remote_bar_hidden, f, DEADLINE_SECONDS, "the bar to go");

  /* Taken back in the setting: the page refuses them again, and asks. */
  g_settings_reset (f->settings, "remote-image-sites");
  wait_policy (f, FALSE, "the page to refuse remote images again");
  billet_test_wait_until (remote_bar_shown, f, DEADLINE_SECONDS, "the bar to come back");

  /* Every post. */
  g_settings_set_boolean (f->settings, "load-remote-images", TRUE);
  wait_policy (f, TRUE, "the page to allow remote images in every post");
  g_settings_set_boolean (f->settings, "load-remote-images", FALSE);
  wait_policy (f, FALSE, "the page to refuse remote images once more");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("billet-window-preview-home-XXXXXX", NULL);
  int status;

  g_assert_nonnull (home);
  for (guint i = 0; i < 4; i++)
    {
      static const char *vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };
      g_autofree char *dir = g_build_filename (home, vars[i], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (vars[i], dir, TRUE);
    }

  billet_test_init_gtk_log ();
  gtk_test_init (&argc, &argv, NULL);
  /* The window takes this preview type instead of loading its module. */
  g_type_ensure (BILLET_TYPE_PREVIEW);
  g_assert_nonnull (billet_get_resource ());

  app = g_object_new (BILLET_TYPE_APPLICATION,
                      "application-id", "org.billet.BilletTest",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", "/org/billet/Billet",
                      NULL);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

#define ADD(path, post, func) \
  g_test_add ("/billet/window-preview/" path, Fixture, post, fixture_setup, func, fixture_teardown)

  ADD ("settings", REMOTE_POST, test_settings);

#undef ADD

  status = g_test_run ();

  g_clear_object (&app);
  billet_test_remove_tree (home);
  return status;
}
