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
 *
 * With --mirror (bench-typing's webkit-mirror), each change of the text
 * is sent to the page too, one script setting the paragraph's text: the
 * least a preview that shows every key costs the main thread, a new frame
 * of the web view each time.
 */

#include <string.h>

#include <webkit/webkit.h>

static gboolean mirror;

static void
on_changed_cb (GtkTextBuffer *buffer,
               WebKitWebView *view)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr(GString) script = g_string_new ("document.querySelector('p').textContent = '");

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  /* Letters and spaces are all the benchmark types; anything else is
   * written as a character code. */
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == ' ' || *p == '.')
        g_string_append_c (script, *p);
      else
        g_string_append_printf (script, "\\x%02x", (guchar) *p);
    }
  g_string_append (script, "';");
  webkit_web_view_evaluate_javascript (view, script->str, (gssize) script->len, NULL, NULL, NULL, NULL, NULL);
}

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
  if (mirror)
    g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text)), "changed",
                             G_CALLBACK (on_changed_cb), view, 0);
  gtk_widget_grab_focus (text);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) app = gtk_application_new ("org.billet.WebKitFloor", G_APPLICATION_NON_UNIQUE);

  mirror = argc > 1 && strcmp (argv[1], "--mirror") == 0;
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), 1, argv);
}
