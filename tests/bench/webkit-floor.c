/* webkit-floor.c — the least a GTK window with a web view costs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * build-aux/bench-typing measures this program's process tree beside
 * Billet's and GNOME Text Editor's: a window holding a GtkTextView and a
 * WebKitWebView with Billet's settings (no hardware acceleration, an
 * ephemeral network session) showing one paragraph. WebKitGTK 6.0 starts
 * its web and network processes for any web view; what they cost here is
 * a floor under any editor with a WebKit preview, whatever it does. With
 * --editors …,webkit-floor, the benchmark types into its text view too:
 * what a key costs GTK itself, with no editor around it.
 */

#include <webkit/webkit.h>

static void
on_activate (GtkApplication *app)
{
  GtkWidget *window = gtk_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *text = gtk_text_view_new ();
  g_autoptr(WebKitSettings) settings = NULL;
  g_autoptr(WebKitNetworkSession) session = webkit_network_session_new_ephemeral ();
  GtkWidget *view;

  settings = webkit_settings_new_with_settings ("hardware-acceleration-policy",
                                                WEBKIT_HARDWARE_ACCELERATION_POLICY_NEVER,
                                                "enable-page-cache", FALSE,
                                                NULL);
  view = g_object_new (WEBKIT_TYPE_WEB_VIEW, "settings", settings, "network-session", session, NULL);

  gtk_window_set_title (GTK_WINDOW (window), "webkit-floor");
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text)), "A paragraph.", -1);
  /* bench-typing looks for the typed line below a header bar's height
   * (this window has none). */
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (text), 64);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (text), 12);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_hexpand (view, TRUE);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), view);
  gtk_window_set_child (GTK_WINDOW (window), box);
  webkit_web_view_load_html (WEBKIT_WEB_VIEW (view), "<p>A paragraph.</p>", "about:blank");
  gtk_widget_grab_focus (text);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) app = gtk_application_new ("org.billet.WebKitFloor", G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), 1, argv);
}
