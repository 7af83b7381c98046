/* test-window-preview.c — the window and its preview: settings, the preview's bar, scroll sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window drives the preview through BilletPreviewSlot only. Each case
 * opens a post of a small site in a real window under Xvfb, waits for the
 * preview's first page, then does what the author does: changes a setting,
 * answers the preview's bar, turns the mouse wheel over one side (XTest
 * button presses, as a mouse sends them), presses Page Down in the page or
 * drags its scroll bar, and reads where the other side went — and that it
 * did not send the first one anywhere in return.
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billet-test-utils.h"
#include "billet-test-gtk-utils.h"
#include "billet-test-ui-utils.h"
#include "billet-application.h"
#include "billet-document.h"
#include "billet-info-bar.h"
#include "billet-preview.h"
#include "billet-preview-private.h"
#include "billet-resources.h"
#include "billet-window.h"

#define DEADLINE_SECONDS 30

static BilletApplication *app;

typedef struct
{
  char                     *dir;
  char                     *site;      /* real path */
  char                     *path;
  BilletWindow             *window;
  BilletTestPreviewTracker  tracker;
  GSettings                *settings;
} Fixture;

/* The window */

static GtkTextView *
source_view (Fixture *f)
{
  return GTK_TEXT_VIEW (billet_test_window_child (f->window, "source_view"));
}

/* The preview's bar, about remote images */
static BilletInfoBar *
info_bar (Fixture *f)
{
  return BILLET_INFO_BAR (billet_test_find_descendant (f->tracker.preview, BILLET_TYPE_INFO_BAR));
}

static char *
eval (Fixture    *f,
      const char *script)
{
  return billet_test_eval_js (billet_test_preview_web_view (&f->tracker), script, DEADLINE_SECONDS);
}

/* Set-up */

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
  billet_test_preview_watch_window (&f->tracker, f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 900);
  billet_window_open_file (f->window, file);
  gtk_window_present (GTK_WINDOW (f->window));
  billet_test_preview_wait_page (&f->tracker, DEADLINE_SECONDS);
}

static gboolean
is_gone (gpointer data)
{
  Fixture *f = data;

  return f->window == NULL && f->tracker.preview == NULL;
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
  BilletInfoBar *bar = info_bar (data);

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

  billet_info_bar_respond (info_bar (f), "site");
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

/* Scroll sync, with the mouse wheel */

/* Blocks of different heights, so that the two sides do not scroll alike
 * and only the mapping of lines can keep them together. */
static char *
long_post (gsize min_length)
{
  GString *text = g_string_new ("---\ntitle: A long post\n---\n");

  for (guint i = 0; i < 60 || text->len < min_length; i++)
    {
      switch (i % 5)
        {
        case 0:
          g_string_append_printf (text, "## Section %u\n\n", i);
          break;
        case 1:
          g_string_append_printf (text, "- item one of %u\n- item two\n- item three\n- item four\n\n", i);
          break;
        case 2:
          g_string_append_printf (text, "| a | b |\n|---|---|\n| %u | x |\n| y | z |\n\n", i);
          break;
        case 3:
          g_string_append_printf (text, "```\ncode %u\nmore code\n```\n\n", i);
          break;
        default:
          g_string_append_printf (text, "Paragraph %u: a few words of prose, long enough to fill a line or two "
                                  "of the preview and of the source alike, so that there is something to "
                                  "read in either.\n\n", i);
          break;
        }
    }
  return g_string_free (text, FALSE);
}

static GtkAdjustment *
source_adjustment (Fixture *f)
{
  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (source_view (f)));
}

/* The body's line (1-based, as the page counts) at the top of the source
 * view. */
static guint
source_top_line (Fixture *f)
{
  GtkTextView *view = source_view (f);
  GdkRectangle visible;
  GtkTextIter iter;

  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_line_at_y (view, &iter, visible.y, NULL);
  return (guint) gtk_text_iter_get_line (&iter) + 1;
}

static double
page_scroll_y (Fixture *f)
{
  g_autofree char *answer = eval (f, "window.scrollY");

  return g_ascii_strtod (answer, NULL);
}

/* The source lines of the block at the top of the page. */
static void
page_top_block (Fixture *f,
                guint   *start,
                guint   *end)
{
  g_autofree char *answer = eval (f, "(function () {"
                                     "  var els = document.querySelectorAll('.post-body > [data-sourcepos]');"
                                     "  for (var i = 0; i < els.length; i++) {"
                                     "    if (els[i].getBoundingClientRect().bottom > 1)"
                                     "      return els[i].getAttribute('data-sourcepos');"
                                     "  }"
                                     "  return '';"
                                     "})()");

  g_assert_cmpint (sscanf (answer, "%u:%*u-%u:", start, end), ==, 2);
}

typedef struct
{
  Fixture *f;
  double   from;
} MoveWait;

static gboolean
page_moved (gpointer data)
{
  MoveWait *w = data;

  return page_scroll_y (w->f) != w->from;
}

static gboolean
source_moved (gpointer data)
{
  MoveWait *w = data;

  return gtk_adjustment_get_value (source_adjustment (w->f)) != w->from;
}

/* Turns the wheel over the page, and waits for the page to move (the web
 * process takes its time). */
static void
wheel_page (Fixture *f,
            int      clicks)
{
  MoveWait w = { f, page_scroll_y (f) };

  billet_test_wheel (GTK_WIDGET (billet_test_preview_web_view (&f->tracker)), clicks);
  billet_test_wait_until (page_moved, &w, DEADLINE_SECONDS, "the page to scroll under the wheel");
}

static void
wheel_source (Fixture *f,
              int      clicks)
{
  MoveWait w = { f, gtk_adjustment_get_value (source_adjustment (f)) };

  billet_test_wheel (GTK_WIDGET (source_view (f)), clicks);
  billet_test_wait_until (source_moved, &w, DEADLINE_SECONDS, "the source to scroll under the wheel");
}

/* Waits for the page to stop scrolling and returns where it stopped:
 * smooth scrolling takes a few frames, and WebKit sometimes holds the
 * first notches of a wheel for a second before it applies them all. */
static double
page_settled (Fixture *f)
{
  double before = page_scroll_y (f);
  guint still = 0;

  for (guint i = 0; i < 200 && still < 5; i++)
    {
      double now;

      billet_test_run_for (150);
      now = page_scroll_y (f);
      still = now == before ? still + 1 : 0;
      before = now;
    }
  if (still < 5)
    g_error ("The page kept scrolling");
  return before;
}

static double
source_settled (Fixture *f)
{
  double before = gtk_adjustment_get_value (source_adjustment (f));
  guint still = 0;

  for (guint i = 0; i < 200 && still < 5; i++)
    {
      double now;

      billet_test_run_for (150);
      now = gtk_adjustment_get_value (source_adjustment (f));
      still = now == before ? still + 1 : 0;
      before = now;
    }
  if (still < 5)
    g_error ("The source kept scrolling");
  return before;
}

/* Whether @line is the block [@start, @end] or beside it: the blank line
 * before a block maps to its top. */
static gboolean
line_in_block (guint line,
               guint start,
               guint end)
{
  return line + 1 >= start && line <= end + 1;
}

typedef struct
{
  Fixture *f;
  guint    start;
  guint    end;
} SourceWait;

static gboolean
source_shows_block (gpointer data)
{
  SourceWait *w = data;

  return line_in_block (source_top_line (w->f), w->start, w->end);
}

static guint
scroll_requests (Fixture *f)
{
  return _billet_preview_get_scroll_requests (BILLET_PREVIEW (f->tracker.preview));
}

/* The page was scrolled by the author: the source follows it to the same
 * block, and stays there; the page stays where the author put it, and
 * the window never asked it to scroll since @requests. */
static void
assert_source_follows_page (Fixture *f,
                            guint    requests)
{
  SourceWait w = { f, 0, 0 };
  double page_y = page_settled (f);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  double source_y;

  page_top_block (f, &w.start, &w.end);
  while (!source_shows_block (&w) && g_get_monotonic_time () < deadline)
    billet_test_run_for (50);
  if (!source_shows_block (&w))
    g_error ("The page shows lines %u-%u at its top (scrolled to %.0f px); the source's top line is %u",
             w.start, w.end, page_y, source_top_line (f));

  /* No echo either way: the source's move does not move the page back. */
  source_y = source_settled (f);
  billet_test_run_for (600);
  g_assert_cmpfloat (fabs (page_scroll_y (f) - page_y), <=, 2.0);
  g_assert_cmpfloat (gtk_adjustment_get_value (source_adjustment (f)), ==, source_y);
  g_assert_cmpuint (scroll_requests (f), ==, requests);
}

typedef struct
{
  Fixture *f;
  guint    line;
} PageWait;

static gboolean
page_shows_line (gpointer data)
{
  PageWait *w = data;
  guint start, end;

  page_top_block (w->f, &start, &end);
  return line_in_block (w->line, start, end);
}

/* The source was scrolled by the author: the page follows it to the same
 * block; the source stays where the author put it. */
static void
assert_page_follows_source (Fixture *f)
{
  double source_y = source_settled (f);
  PageWait w = { f, source_top_line (f) };
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  double page_y;

  while (!page_shows_line (&w) && g_get_monotonic_time () < deadline)
    billet_test_run_for (50);
  if (!page_shows_line (&w))
    {
      guint start, end;

      page_top_block (f, &start, &end);
      g_error ("The source shows line %u at its top; the page shows lines %u-%u (scrolled to %.0f px)",
               w.line, start, end, page_scroll_y (f));
    }

  page_y = page_settled (f);
  billet_test_run_for (600);
  g_assert_cmpfloat (gtk_adjustment_get_value (source_adjustment (f)), ==, source_y);
  g_assert_cmpfloat (fabs (page_scroll_y (f) - page_y), <=, 2.0);
}

/* The wheel over the preview scrolls the source to the same place, down
 * and back up. */
static void
test_wheel_preview (Fixture       *f,
                    gconstpointer  data)
{
  guint requests = scroll_requests (f);
  double down;

  g_assert_cmpuint (source_top_line (f), ==, 1);
  g_assert_cmpfloat (page_scroll_y (f), ==, 0.0);

  wheel_page (f, 10);
  down = page_settled (f);
  g_assert_cmpfloat (down, >, 300.0);
  assert_source_follows_page (f, requests);
  g_assert_cmpuint (source_top_line (f), >, 10);

  wheel_page (f, -4);
  g_assert_cmpfloat (page_settled (f), <, down);
  assert_source_follows_page (f, requests);
}

/* The wheel over the source scrolls the page to the same place, down and
 * back up. */
static void
test_wheel_source (Fixture       *f,
                   gconstpointer  data)
{
  double down;

  g_assert_cmpfloat (page_scroll_y (f), ==, 0.0);

  wheel_source (f, 10);
  down = source_settled (f);
  g_assert_cmpfloat (down, >, 100.0);
  assert_page_follows_source (f);
  g_assert_cmpfloat (page_scroll_y (f), >, 100.0);

  wheel_source (f, -4);
  g_assert_cmpfloat (source_settled (f), <, down);
  assert_page_follows_source (f);
}

/* The keyboard in the page (Page Down, End) scrolls the source too. */
static void
test_keys_preview (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (billet_test_preview_web_view (&f->tracker));
  MoveWait w = { f, 0.0 };
  guint requests = scroll_requests (f);

  billet_test_focus_window (GTK_WINDOW (f->window));
  gtk_widget_grab_focus (view);
  billet_test_press (view, "Page_Down");
  billet_test_wait_until (page_moved, &w, DEADLINE_SECONDS, "the page to scroll down a page");
  assert_source_follows_page (f, requests);
  g_assert_cmpuint (source_top_line (f), >, 5);

  w.from = page_scroll_y (f);
  billet_test_press (view, "End");
  billet_test_wait_until (page_moved, &w, DEADLINE_SECONDS, "the page to scroll to its end");
  assert_source_follows_page (f, requests);
}

/* Dragging the page's scroll bar scrolls the source too. */
static void
test_scrollbar_preview (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (billet_test_preview_web_view (&f->tracker));
  MoveWait w = { f, 0.0 };
  guint requests = scroll_requests (f);

  /* The thumb, at the top of the bar on the view's right edge. */
  billet_test_drag (view, gtk_widget_get_width (view) - 4, 20, 0, 250);
  billet_test_wait_until (page_moved, &w, DEADLINE_SECONDS, "the page to follow its scroll bar");
  assert_source_follows_page (f, requests);
  /* The thumb's length is the view's over the page's: a drag of 250 px
   * scrolls the page eight times as far, which no text selection does. */
  g_assert_cmpfloat (page_scroll_y (f), >, 1000.0);
  g_assert_cmpuint (source_top_line (f), >, 10);
}

/* A large post's page holds the blocks near its view, not the whole post,
 * and the status line says so; scrolled to its end (the scroll bar's
 * thumb dropped at the bottom), the page shows the post's end, and back
 * at its top, its start. */
static void
test_large_windowed (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *note = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window), BILLET_TYPE_WINDOW, "highlighting_label"));
  const char *text = data;
  g_autofree char *shown = NULL;
  g_autofree char *last = NULL;
  g_autofree char *first = NULL;
  g_autofree char *end_mark = NULL;
  g_autofree char *id = NULL;
  g_autofree char *script = NULL;
  const char *section;
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  guint lines = 0, blocks = 0;
  MoveWait w = { f, 0.0 };

  for (const char *p = strstr (text, "\n---\n") + 5; *p != '\0'; p++)
    lines += *p == '\n';
  for (const char *p = text; (p = strstr (p, "\n\n")) != NULL; p++)
    blocks++;

  g_assert_true (gtk_widget_get_visible (note));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (note), "preview"));

  /* A few screens' worth of blocks, and two spacers for the rest. */
  shown = eval (f, "document.querySelectorAll('.post-body > [data-sourcepos]').length");
  g_assert_cmpuint (atoi (shown), >, 10);
  g_assert_cmpuint (atoi (shown), <, blocks / 20);
  g_free (shown);
  shown = eval (f, "document.querySelectorAll('.post-body > .billet-spacer').length");
  g_assert_cmpstr (shown, ==, "2");
  /* The page is as tall as the post, all but its window estimated. */
  g_free (shown);
  shown = eval (f, "document.documentElement.scrollHeight > 100 * innerHeight");
  g_assert_cmpstr (shown, ==, "true");

  g_free (eval (f, "window.scrollTo(0, document.documentElement.scrollHeight)"));
  billet_test_wait_until (page_moved, &w, DEADLINE_SECONDS, "the page to scroll to its end");
  page_settled (f);
  /* The post's last block is in the page, on the screen. */
  last = eval (f, "(function () {"
                  "  var els = document.querySelectorAll('.post-body > [data-sourcepos]');"
                  "  var el = els[els.length - 1], r = el.getBoundingClientRect();"
                  "  return (r.top < innerHeight && r.bottom > 0 ? '' : 'off screen ') + el.getAttribute('data-sourcepos');"
                  "})()");
  end_mark = g_strdup_printf ("-%u:1", lines - 1);
  g_assert_true (g_str_has_suffix (last, end_mark));
  g_assert_false (g_str_has_prefix (last, "off screen"));

  w.from = page_scroll_y (f);
  g_free (eval (f, "window.scrollTo(0, 0)"));
  billet_test_wait_until (page_moved, &w, DEADLINE_SECONDS, "the page to scroll to its start");
  g_assert_cmpfloat (page_settled (f), ==, 0.0);
  first = eval (f, "document.querySelector('.post-body > [data-sourcepos]').getAttribute('data-sourcepos')");
  g_assert_true (g_str_has_prefix (first, "1:1-"));

  /* A link to a section halfway down, far from the window: the page
   * brings the heading in and scrolls to it. */
  section = strstr (text + strlen (text) / 2, "\n## Section ") + strlen ("\n## Section ");
  id = g_strdup_printf ("section-%u", (guint) atoi (section));
  script = g_strdup_printf ("document.getElementById('%s') === null", id);
  g_assert_cmpstr ((shown = eval (f, script)), ==, "true");
  g_free (shown);
  g_free (script);
  script = g_strdup_printf ("var a = document.createElement('a'); a.href = '#%s';"
                            "document.querySelector('.post-body').prepend(a); a.click(); 1", id);
  g_free (eval (f, script));
  g_free (script);
  script = g_strdup_printf ("(function () { var h = document.getElementById('%s');"
                            "  return h !== null && Math.abs(h.getBoundingClientRect().top) < 2; })()", id);
  shown = billet_test_wait_for_js (billet_test_preview_web_view (&f->tracker), script, "true", DEADLINE_SECONDS);
  g_assert_cmpstr (shown, ==, "true");
  g_free (shown);

  /* Typing: at the start of the post, out of the window now, and at its
   * end; scrolled to, each shows. */
  buffer = gtk_text_view_get_buffer (source_view (f));
  gtk_text_buffer_get_start_iter (buffer, &iter);
  gtk_text_buffer_insert (buffer, &iter, "Typed at the start.\n\n", -1);
  gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_buffer_insert (buffer, &iter, "\nTyped at the end.\n", -1);
  g_free (eval (f, "window.scrollTo(0, 0)"));
  shown = billet_test_wait_for_js (billet_test_preview_web_view (&f->tracker),
                                   "document.querySelector('.post-body > p').textContent",
                                   "Typed at the start.", DEADLINE_SECONDS);
  g_assert_cmpstr (shown, ==, "Typed at the start.");
  g_free (shown);
  g_free (eval (f, "window.scrollTo(0, document.documentElement.scrollHeight)"));
  shown = billet_test_wait_for_js (billet_test_preview_web_view (&f->tracker),
                                   "(function () { var p = document.querySelectorAll('.post-body > p');"
                                   "  return p.length ? p[p.length - 1].textContent : ''; })()",
                                   "Typed at the end.", DEADLINE_SECONDS);
  g_assert_cmpstr (shown, ==, "Typed at the end.");
}

/* "Scroll the preview with the source" off: each side scrolls alone. */
static void
test_wheel_sync_off (Fixture       *f,
                     gconstpointer  data)
{
  g_settings_set_boolean (f->settings, "sync-scroll", FALSE);

  wheel_page (f, 10);
  g_assert_cmpfloat (page_settled (f), >, 300.0);
  billet_test_run_for (500);
  g_assert_cmpfloat (gtk_adjustment_get_value (source_adjustment (f)), ==, 0.0);

  g_free (eval (f, "window.scrollTo(0, 0)"));
  g_assert_cmpfloat (page_settled (f), ==, 0.0);
  wheel_source (f, 10);
  g_assert_cmpfloat (source_settled (f), >, 100.0);
  billet_test_run_for (500);
  g_assert_cmpfloat (page_scroll_y (f), ==, 0.0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = billet_test_isolate_home ("window-preview");
  g_autofree char *long_text = long_post (0);
  /* Over the million characters that make a post large (light
   * highlighting): its page is windowed. */
  g_autofree char *large_text = long_post (1100000);
  int status;

  billet_test_init_gtk_log ();
  gtk_test_init (&argc, &argv, NULL);
  /* The window takes this preview type instead of loading its module. */
  g_type_ensure (BILLET_TYPE_PREVIEW);
  g_assert_nonnull (billet_get_resource ());

  app = billet_test_application_new ("org.billet.BilletTest", G_APPLICATION_DEFAULT_FLAGS);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

#define ADD(path, post, func) \
  g_test_add ("/billet/window-preview/" path, Fixture, post, fixture_setup, func, fixture_teardown)

  ADD ("settings", REMOTE_POST, test_settings);
  ADD ("wheel-preview", long_text, test_wheel_preview);
  ADD ("wheel-source", long_text, test_wheel_source);
  ADD ("wheel-sync-off", long_text, test_wheel_sync_off);
  ADD ("keys-preview", long_text, test_keys_preview);
  ADD ("scrollbar-preview", long_text, test_scrollbar_preview);
  ADD ("large/windowed", large_text, test_large_windowed);
  ADD ("large/wheel-preview", large_text, test_wheel_preview);
  ADD ("large/wheel-source", large_text, test_wheel_source);
  ADD ("large/keys-preview", large_text, test_keys_preview);
  ADD ("large/scrollbar-preview", large_text, test_scrollbar_preview);

#undef ADD

  status = g_test_run ();

  g_clear_object (&app);
  billet_test_remove_tree (home);
  return status;
}
