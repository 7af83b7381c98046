/* test-preview.c — the live preview: first load, patches, hostile posts, style, crashes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case opens a real window with a BilletPreview under Xvfb, waits for
 * "updated" and asks the page itself (evaluate_javascript) what it shows.
 * Every wait has a deadline, so a hung web process fails the test instead
 * of blocking it.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include <glib/gstdio.h>
#include <webkit/webkit.h>

#include "billet-test-utils.h"
#include "billet-test-ui-utils.h"
#include "billet-document.h"
#include "billet-info-bar.h"
#include "billet-preview.h"
#include "billet-preview-private.h"

/* Generous: the first case also starts WebKit's processes. */
#define DEADLINE_SECONDS 30

/* The tiny picture beside the post: 4 × 3 pixels. */
#define PIC_WIDTH 4
#define PIC_HEIGHT 3

typedef struct
{
  char           *dir;
  char           *post_path;
  char           *base_uri;
  GtkWindow      *window;
  BilletPreview  *preview;
  BilletDocument *document;
  guint           updates;
  /* Loads started after the first page: a navigation the preview let
   * through, even one that fails offline. */
  guint           loads_started;
  /* The lines the preview called back line_activated() with, and
   * scrolled_to_line() */
  GArray         *lines;
  /* The window's width, when not the usual 800 pixels */
  int             window_width;
  GArray         *scrolled;
} Fixture;

static gboolean
deadline_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main loop until *@done, failing after the deadline. */
static void
run_until (const gboolean *done,
           const char     *what)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (DEADLINE_SECONDS, deadline_cb, &expired);

  while (!*done && !expired)
    g_main_context_iteration (NULL, TRUE);

  if (!*done)
    g_error ("Timed out waiting for %s", what);
  g_source_remove (id);
}

/* Lets the main loop (and the web process) run for @ms. */
static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, deadline_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
on_updated_cb (BilletPreview *preview,
               Fixture       *fixture)
{
  fixture->updates++;
}

/* Waits for the next "updated": call it after the change that causes it. */
static void
wait_updated (Fixture *fixture)
{
  guint before = fixture->updates;
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (DEADLINE_SECONDS, deadline_cb, &expired);

  while (fixture->updates == before && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (expired)
    g_error ("Timed out waiting for the preview to update");
  g_source_remove (id);
}

static WebKitWebView *
find_web_view (GtkWidget *widget)
{
  if (WEBKIT_IS_WEB_VIEW (widget))
    return WEBKIT_WEB_VIEW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      WebKitWebView *view = find_web_view (child);

      if (view != NULL)
        return view;
    }

  return NULL;
}

static WebKitWebView *
get_view (Fixture *fixture)
{
  WebKitWebView *view = find_web_view (GTK_WIDGET (fixture->preview));

  g_assert_nonnull (view);
  return view;
}

typedef struct
{
  gboolean  done;
  char     *result;
  GError   *error;
} Eval;

static void
eval_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Eval *eval = user_data;
  g_autoptr(JSCValue) value = NULL;

  value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &eval->error);
  if (value != NULL)
    eval->result = jsc_value_is_undefined (value) || jsc_value_is_null (value)
      ? g_strdup ("(null)") : jsc_value_to_string (value);
  eval->done = TRUE;
}

/* The page's answer to @script, as a string ("true", "42", text).
 *
 * WebKit hands back only what it can serialize: a script whose completion
 * value is a DOM object, a function or a symbol fails with "Unsupported
 * result type" (WEBKIT_JAVASCRIPT_ERROR_INVALID_RESULT). Every script here
 * must end in a primitive, including on pages of raw HTML, where an element
 * named after a member of the document replaces it (<img name="title">
 * makes document.title that image): read such members through
 * Document.prototype, as DOCUMENT_TITLE does. A failure names its script. */
static char *
eval (Fixture    *fixture,
      const char *script)
{
  Eval e = { FALSE, NULL, NULL };

  webkit_web_view_evaluate_javascript (get_view (fixture), script, -1, NULL, NULL, NULL,
                                       eval_cb, &e);
  run_until (&e.done, script);
  if (e.error != NULL)
    g_test_message ("The page could not answer “%s”: %s", script, e.error->message);
  g_assert_no_error (e.error);

  return e.result;
}

/* The page's title, whatever elements the post names "title". */
#define DOCUMENT_TITLE \
  "String(Object.getOwnPropertyDescriptor(Document.prototype, 'title').get.call(document))"

#define assert_eval(fixture, script, expected) \
  G_STMT_START { \
    g_autofree char *result_ = eval ((fixture), (script)); \
    g_assert_cmpstr (result_, ==, (expected)); \
  } G_STMT_END

static void
on_load_changed_cb (WebKitWebView   *view,
                    WebKitLoadEvent  event,
                    Fixture         *fixture)
{
  if (event == WEBKIT_LOAD_STARTED)
    fixture->loads_started++;
}

static void
write_picture (const char *path)
{
  guchar pixels[PIC_WIDTH * PIC_HEIGHT * 4];
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  for (guint i = 0; i < sizeof pixels; i += 4)
    {
      pixels[i] = 0x1a;
      pixels[i + 1] = 0x5f;
      pixels[i + 2] = 0xb4;
      pixels[i + 3] = 0xff;
    }

  bytes = g_bytes_new (pixels, sizeof pixels);
  texture = gdk_memory_texture_new (PIC_WIDTH, PIC_HEIGHT, GDK_MEMORY_R8G8B8A8, bytes, PIC_WIDTH * 4);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
on_line_activated (gpointer user_data,
                   guint    line)
{
  Fixture *fixture = user_data;

  g_array_append_val (fixture->lines, line);
}

static void
on_scrolled_to_line (gpointer user_data,
                     double   line)
{
  Fixture *fixture = user_data;

  g_array_append_val (fixture->scrolled, line);
}

/* What the window hears from the preview, through its interface. */
static const BilletPreviewSlotCallbacks callbacks = {
  .line_activated = on_line_activated,
  .scrolled_to_line = on_scrolled_to_line,
};

static void fixture_show (Fixture *fixture, gboolean allow_raw_html, gboolean remote_images);

/* Writes @text as post.md beside a picture, opens it in a document and
 * shows it in a preview in a window, and waits for the first page. */
static void
fixture_open (Fixture    *fixture,
              const char *text,
              gboolean    allow_raw_html)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *pic = NULL;
  g_autofree char *uri = NULL;

  fixture->dir = g_dir_make_tmp ("billet-preview-XXXXXX", &error);
  g_assert_no_error (error);

  pic = g_build_filename (fixture->dir, "pic.png", NULL);
  write_picture (pic);

  fixture->post_path = g_build_filename (fixture->dir, "post.md", NULL);
  g_file_set_contents (fixture->post_path, text, -1, &error);
  g_assert_no_error (error);

  /* Images come through the preview's own scheme, never file:. */
  uri = g_uri_escape_string (fixture->dir, "/", FALSE);
  fixture->base_uri = g_strconcat ("billet-image://local", uri, "/", NULL);

  fixture_show (fixture, allow_raw_html, TRUE);
}

/* Opens fixture->post_path in a document and shows it in a preview in a
 * window, and waits for the first page. */
static void
fixture_show (Fixture  *fixture,
              gboolean  allow_raw_html,
              gboolean  remote_images)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  file = g_file_new_for_path (fixture->post_path);
  fixture->document = billet_document_new ();
  billet_test_load_document (fixture->document, file, &error);
  g_assert_no_error (error);

  fixture->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  fixture->scrolled = g_array_new (FALSE, FALSE, sizeof (double));
  fixture->preview = billet_preview_new ();
  billet_preview_set_allow_raw_html (fixture->preview, allow_raw_html);
  /* Off is the default, which the cases without remote images rely on. */
  if (remote_images)
    billet_preview_set_load_remote_images (fixture->preview, TRUE);
  g_signal_connect (fixture->preview, "updated", G_CALLBACK (on_updated_cb), fixture);
  billet_preview_slot_set_callbacks (BILLET_PREVIEW_SLOT (fixture->preview), &callbacks, fixture);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, fixture->window_width > 0 ? fixture->window_width : 800, 600);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->preview));

  billet_preview_set_document (fixture->preview, fixture->document);
  gtk_window_present (fixture->window);

  wait_updated (fixture);
  g_signal_connect (get_view (fixture), "load-changed", G_CALLBACK (on_load_changed_cb), fixture);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  memset (fixture, 0, sizeof *fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->window != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (fixture->preview), (gpointer *) &fixture->preview);
      gtk_window_destroy (fixture->window);
      g_assert_null (fixture->preview);
    }
  g_clear_object (&fixture->document);

  if (fixture->dir != NULL)
    billet_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->lines, g_array_unref);
  g_clear_pointer (&fixture->scrolled, g_array_unref);

  g_free (fixture->dir);
  g_free (fixture->post_path);
  g_free (fixture->base_uri);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static void
set_body (Fixture    *fixture,
          const char *text)
{
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (billet_document_get_body_buffer (fixture->document)),
                            text, -1);
}

static void
wait_for_eval (Fixture    *fixture,
               const char *script,
               const char *expected)
{
  g_autofree char *result = NULL;

  for (guint i = 0; i < 100; i++)
    {
      g_free (result);
      result = eval (fixture, script);
      if (g_strcmp0 (result, expected) == 0)
        return;
      run_for (50);
    }

  g_assert_cmpstr (result, ==, expected);
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The text of the labels of @widget that are on screen, in order, joined
 * by "|": what the author reads (buttons' labels without their mnemonic). */
static void
append_visible_text (GString   *text,
                     GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s%s", text->len > 0 ? "|" : "", gtk_label_get_text (GTK_LABEL (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    append_visible_text (text, child);
}

/* The remote-images bar's text once it has come (or gone), "" when it is
 * not on screen. */
static char *
wait_remote_bar (Fixture    *fixture,
                 const char *expected)
{
  GtkWidget *bar = find_widget (GTK_WIDGET (fixture->preview), BILLET_TYPE_INFO_BAR);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_nonnull (bar);
  /* The revealer slides: give it its time. */
  for (guint i = 0; i < 100; i++)
    {
      g_string_truncate (text, 0);
      append_visible_text (text, bar);
      if (g_str_equal (text->str, expected))
        break;
      run_for (50);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

#define assert_remote_bar(fixture, expected) \
  G_STMT_START { \
    g_autofree char *bar_text_ = wait_remote_bar ((fixture), (expected)); \
    g_assert_cmpstr (bar_text_, ==, (expected)); \
  } G_STMT_END

/* Presses the bar's button labelled @label. */
static void
click_remote_bar (Fixture    *fixture,
                  const char *label)
{
  GtkWidget *bar = find_widget (GTK_WIDGET (fixture->preview), BILLET_TYPE_INFO_BAR);

  for (GtkWidget *button = find_widget (bar, GTK_TYPE_BUTTON);
       button != NULL;
       button = gtk_widget_get_next_sibling (button))
    {
      GtkWidget *text = gtk_button_get_child (GTK_BUTTON (button));

      if (GTK_IS_LABEL (text) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (text)), label) == 0)
        {
          g_signal_emit_by_name (button, "clicked");
          return;
        }
    }
  g_error ("The bar has no “%s” button", label);
}

static const char sample_post[] =
  "---\n"
  "title: Hello \"preview\"\n"
  "date: 2024-03-01\n"
  "tags: [gtk, webkit]\n"
  "---\n"
  "# Section one\n"
  "\n"
  "Some *body* text.\n"
  "\n"
  "![x](pic.png)\n";

/* Elements named after the document's members shadow them (Document is
 * [LegacyOverrideBuiltIns]); the patches must not depend on them. */
static void
test_clobbering (Fixture       *fixture,
                 gconstpointer  data)
{
  static const char clobbering[] =
    "<img name=\"querySelector\" src=\"pic.png\"> <img name=\"title\" src=\"pic.png\"> "
    "<img name=\"documentElement\" src=\"pic.png\"> <img name=\"getElementById\" src=\"pic.png\">\n"
    "\n";
  g_autofree char *first = g_strconcat (sample_post, "\n", clobbering, "First.\n", NULL);
  g_autofree char *second = g_strconcat (clobbering, "Second.\n", NULL);

  fixture_open (fixture, first, TRUE);
  assert_eval (fixture, "typeof document.querySelector", "object");
  assert_eval (fixture, "window.billetMarker = 'kept'; 1", "1");

  set_body (fixture, second);
  wait_updated (fixture);
  assert_eval (fixture, "Document.prototype.querySelector.call(document, '.post-body').textContent.trim()",
               "Second.");
  assert_eval (fixture, "window.billetMarker", "kept");
  g_assert_cmpuint (fixture->loads_started, ==, 0);

  billet_document_set_value (fixture->document, "title", "Renamed", BILLET_NODE_STRING, NULL);
  wait_updated (fixture);
  assert_eval (fixture, "Object.getOwnPropertyDescriptor(Document.prototype, 'title').get.call(document)",
               "Renamed");
  assert_eval (fixture, "window.billetMarker", "kept");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  wait_for_eval (fixture, "Document.prototype.querySelector.call(document, 'html').className", "billet-dark");
}

static void
test_new_destroy (void)
{
  BilletPreview *preview = billet_preview_new ();
  g_autoptr(BilletDocument) document = billet_document_new ();

  g_object_ref_sink (preview);
  /* Remote images tell their servers who reads: off unless allowed. */
  g_assert_false (billet_preview_get_load_remote_images (preview));
  g_assert_null (billet_preview_get_remote_image_sites (preview));
  billet_preview_set_document (preview, document);
  g_assert_true (billet_preview_get_document (preview) == document);
  billet_preview_set_document (preview, NULL);
  g_assert_null (billet_preview_get_document (preview));
  billet_preview_set_document (preview, document);

  g_assert_finalize_object (preview);
  g_assert_finalize_object (g_steal_pointer (&document));
}

static void
test_first_load (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *pic_uri = NULL;

  fixture_open (fixture, sample_post, FALSE);

  assert_eval (fixture, "document.querySelector('h1').textContent", "Hello \"preview\"");
  assert_eval (fixture, DOCUMENT_TITLE, "Hello \"preview\"");
  assert_eval (fixture, "document.querySelector('.post-body h1').textContent", "Section one");
  assert_eval (fixture, "document.querySelector('.post-body em').textContent", "body");
  assert_eval (fixture, "Array.from(document.querySelectorAll('.post-tags li'), e => e.textContent).join()",
               "gtk,webkit");
  assert_eval (fixture, "document.querySelector('time').getAttribute('datetime')", "2024-03-01");

  /* The relative picture resolved against the post's folder and loaded. */
  assert_eval (fixture, "document.images.length", "1");
  pic_uri = g_strconcat (fixture->base_uri, "pic.png", NULL);
  assert_eval (fixture, "document.images[0].src", pic_uri);
  /* Decoding may lag the load event by a moment. */
  wait_for_eval (fixture, "document.images[0].complete && document.images[0].naturalWidth > 0", "true");
  assert_eval (fixture, "document.images[0].naturalWidth", G_STRINGIFY (PIC_WIDTH));

  g_assert_cmpstr (webkit_web_view_get_uri (get_view (fixture)), ==, fixture->base_uri);
  assert_eval (fixture, "document.documentElement.classList.contains('billet-light')", "true");
  /* No remote image, no bar. */
  assert_remote_bar (fixture, "");
}

/* Edits patch the page in place: a marker left in the page's JavaScript
 * global object survives (a reload would drop it), the header is replaced
 * only when it changed, and the scroll position stays. */
static void
test_patch (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) long_body = g_string_new ("# Long\n\n");

  fixture_open (fixture, sample_post, FALSE);
  assert_eval (fixture, "window.billetMarker = 'kept'; document.querySelector('header').dataset.mark = 'old'; 1", "1");

  set_body (fixture, "## Changed heading\n\nNew paragraph.\n");
  wait_updated (fixture);
  assert_eval (fixture, "document.querySelector('.post-body h2').textContent", "Changed heading");
  assert_eval (fixture, "document.querySelector('.post-body').textContent.includes('Section one')", "false");
  assert_eval (fixture, "window.billetMarker", "kept");
  /* Same title, date and tags; the reading time is still "1 min". */
  assert_eval (fixture, "document.querySelector('header').dataset.mark", "old");

  billet_document_set_value (fixture->document, "title", "A new title", BILLET_NODE_STRING, &error);
  g_assert_no_error (error);
  wait_updated (fixture);
  assert_eval (fixture, "document.querySelector('header h1').textContent", "A new title");
  assert_eval (fixture, "document.querySelectorAll('header').length", "1");
  assert_eval (fixture, "document.querySelector('header').dataset.mark === undefined", "true");
  assert_eval (fixture, DOCUMENT_TITLE, "A new title");
  assert_eval (fixture, "window.billetMarker", "kept");

  /* Scroll down a long post, then type at its end. */
  for (guint i = 0; i < 200; i++)
    g_string_append_printf (long_body, "Paragraph %u of a long post.\n\n", i);
  set_body (fixture, long_body->str);
  wait_updated (fixture);
  assert_eval (fixture, "window.scrollTo(0, 1500); window.scrollY", "1500");

  g_string_append (long_body, "The very last words.\n");
  set_body (fixture, long_body->str);
  wait_updated (fixture);
  assert_eval (fixture, "document.querySelector('.post-body').textContent.includes('The very last words.')", "true");
  assert_eval (fixture, "window.scrollY", "1500");
  assert_eval (fixture, "window.billetMarker", "kept");
  g_assert_cmpuint (fixture->loads_started, ==, 0);
  g_assert_cmpstr (webkit_web_view_get_uri (get_view (fixture)), ==, fixture->base_uri);
}

/* Typing during a render supersedes it: its result never reaches the
 * page, the next render takes the newest text, and the page ends with the
 * last one. Renders are slowed down here so that the burst outlasts one. */
static void
test_burst (Fixture       *fixture,
            gconstpointer  data)
{
  guint before;

  fixture_open (fixture, sample_post, FALSE);
  _billet_preview_set_render_delay (fixture->preview, 150);
  before = fixture->updates;

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *text = g_strdup_printf ("Version %u\n", i);

      set_body (fixture, text);
      run_for (5);
    }
  wait_updated (fixture);
  assert_eval (fixture, "document.querySelector('.post-body').textContent.trim()", "Version 19");
  g_assert_cmpuint (fixture->updates - before, ==, 1);
  assert_eval (fixture, "Array.from(document.querySelectorAll('.post-body p'), p => p.textContent).join()",
               "Version 19");
}

/* Text that needs escaping on its way into our patch script arrives
 * intact: quotes, backslashes, line separators, "</script>", controls. */
static void
test_escaping (Fixture       *fixture,
               gconstpointer  data)
{
  fixture_open (fixture, sample_post, FALSE);

  set_body (fixture,
            "Quote \" and \\ backslash, tab\there, \xe2\x80\xa8sep\xe2\x80\xa9para, "
            "`</script><script>document.title='pwned'</script>` and '${x}'.\n");
  wait_updated (fixture);
  assert_eval (fixture, "document.querySelector('.post-body p').textContent",
               "Quote \" and \\ backslash, tab\there, \xe2\x80\xa8sep\xe2\x80\xa9para, "
               "</script><script>document.title='pwned'</script> and '${x}'.");
  assert_eval (fixture, DOCUMENT_TITLE, "Hello \"preview\"");
}

static const char hostile_post[] =
  "---\n"
  "title: Safe title\n"
  "---\n"
  "<script>document.title='pwned'</script>\n"
  "\n"
  "<img src=x onerror=\"document.title='pwned'\">\n"
  "\n"
  "[a](javascript:document.title='pwned') and [b](https://example.com/page) "
  "and [c](file:///etc/passwd)\n"
  "\n"
  "<iframe src=\"https://example.com\"></iframe>\n"
  "\n"
  "<meta http-equiv=\"refresh\" content=\"0;url=https://example.com\">\n"
  "\n"
  "<form action=\"https://example.com\"><button id=\"go\">Go</button></form>\n"
  "\n"
  "<svg onload=\"document.title='pwned'\"></svg>\n"
  "\n"
  "<details open ontoggle=\"document.title='pwned'\"><summary>s</summary>d</details>\n";

static gboolean
on_activate_link_cb (BilletPreview *preview,
                     const char    *uri,
                     GPtrArray     *links)
{
  g_ptr_array_add (links, g_strdup (uri));
  return TRUE;
}

static void
assert_still_safe (Fixture *fixture)
{
  /* Time for a refresh, a frame or an error handler to do its harm. */
  run_for (500);
  g_assert_cmpuint (fixture->loads_started, ==, 0);
  assert_eval (fixture, DOCUMENT_TITLE, "Safe title");
  g_assert_cmpstr (webkit_web_view_get_uri (get_view (fixture)), ==, fixture->base_uri);
  assert_eval (fixture, "document.querySelector('header h1').textContent", "Safe title");
}

static void
click_links (Fixture   *fixture,
             GPtrArray *links)
{
  assert_eval (fixture, "document.querySelectorAll('.post-body a').forEach(a => a.click()); 1", "1");
  assert_eval (fixture, "var b = document.getElementById('go'); if (b) b.click(); 1", "1");
  run_for (300);
  g_assert_cmpuint (links->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (links, 0), ==, "https://example.com/page");
  g_ptr_array_set_size (links, 0);
}

/* Raw HTML is omitted by default, as Hugo does. */
static void
test_hostile_default (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func (g_free);

  fixture_open (fixture, hostile_post, FALSE);
  g_signal_connect (fixture->preview, "activate-link", G_CALLBACK (on_activate_link_cb), links);

  assert_eval (fixture, "document.querySelectorAll('.post-body script, .post-body iframe, "
                        ".post-body meta, .post-body img, .post-body form').length", "0");
  assert_eval (fixture, "document.querySelector('.post-body').innerHTML.includes('raw HTML omitted')", "true");
  assert_still_safe (fixture);
  click_links (fixture, links);
  assert_still_safe (fixture);
}

/* With the site's unsafe setting the elements are there, and still
 * nothing runs and nothing navigates: on the first load (parsed by the
 * page) and after a patch (inserted by our script). */
static void
test_hostile_raw (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func (g_free);

  fixture_open (fixture, hostile_post, TRUE);
  g_signal_connect (fixture->preview, "activate-link", G_CALLBACK (on_activate_link_cb), links);

  /* GFM's tag filter turns <script> and <iframe> into text; the rest is
   * in the page, with handlers that would fire on their own. */
  assert_eval (fixture, "document.querySelectorAll('.post-body script, .post-body iframe').length", "0");
  assert_eval (fixture, "document.querySelectorAll('.post-body img, .post-body svg, .post-body details, "
                        ".post-body form, .post-body meta[http-equiv=refresh]').length", "5");
  assert_still_safe (fixture);
  click_links (fixture, links);
  assert_still_safe (fixture);

  set_body (fixture, "Patched.\n\n<img src=y onerror=\"document.title='pwned'\">\n\n"
                     "<iframe src=\"https://example.com\"></iframe>\n\n"
                     "<meta http-equiv=\"refresh\" content=\"0;url=https://example.com\">\n\n"
                     "<svg onload=\"document.title='pwned'\"></svg>\n\n"
                     "<a href=\"javascript:document.title='pwned'\">j</a> <a href=\"https://example.com/page\">b</a>\n");
  wait_updated (fixture);
  assert_eval (fixture, "document.querySelector('.post-body p').textContent", "Patched.");
  assert_eval (fixture, "document.querySelectorAll('.post-body img, .post-body meta[http-equiv=refresh]').length", "2");
  assert_still_safe (fixture);
  click_links (fixture, links);
  assert_still_safe (fixture);
}

/* The page follows the editor's style, whatever WebKit thinks the
 * preferred colour scheme is. */
static void
test_dark (Fixture       *fixture,
           gconstpointer  data)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  fixture_open (fixture, sample_post, FALSE);
  assert_eval (fixture, "getComputedStyle(document.body).backgroundColor", "rgb(255, 255, 255)");

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (manager));
  wait_for_eval (fixture, "document.documentElement.className", "billet-dark");
  assert_eval (fixture, "getComputedStyle(document.body).backgroundColor", "rgb(30, 30, 33)");
  assert_eval (fixture, "getComputedStyle(document.body).color", "rgb(230, 230, 233)");

  /* Patches keep the class. */
  set_body (fixture, "Still dark.\n");
  wait_updated (fixture);
  assert_eval (fixture, "getComputedStyle(document.body).backgroundColor", "rgb(30, 30, 33)");

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  wait_for_eval (fixture, "document.documentElement.className", "billet-light");
  assert_eval (fixture, "getComputedStyle(document.body).backgroundColor", "rgb(255, 255, 255)");
}

static void
on_terminated_cb (WebKitWebView *view,
                  int            reason,
                  gboolean      *done)
{
  *done = TRUE;
}

/* A dead web process leaves a message with a way back; the editor is not
 * affected, and edits made meanwhile show after the reload. */
static void
test_crash (Fixture       *fixture,
            gconstpointer  data)
{
  GtkWidget *status;
  GtkWidget *button;
  GtkStack *stack;
  gboolean terminated = FALSE;

  fixture_open (fixture, sample_post, FALSE);
  stack = GTK_STACK (find_widget (GTK_WIDGET (fixture->preview), GTK_TYPE_STACK));
  g_assert_true (gtk_stack_get_visible_child (stack) == GTK_WIDGET (get_view (fixture)));

  g_signal_connect (get_view (fixture), "web-process-terminated", G_CALLBACK (on_terminated_cb), &terminated);
  webkit_web_view_terminate_web_process (get_view (fixture));
  run_until (&terminated, "the web process to end");

  status = gtk_stack_get_visible_child (stack);
  g_assert_true (ADW_IS_STATUS_PAGE (status));
  g_assert_true (gtk_widget_get_mapped (status));

  set_body (fixture, "Written while the preview was down.\n");
  run_for (300);

  button = find_widget (status, GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wait_updated (fixture);

  g_assert_true (gtk_stack_get_visible_child (stack) == GTK_WIDGET (get_view (fixture)));
  assert_eval (fixture, "document.querySelector('.post-body').textContent.trim()",
               "Written while the preview was down.");
  assert_eval (fixture, DOCUMENT_TITLE, "Hello \"preview\"");
}

/* Footnote links scroll within the page without navigating. */
static void
test_fragment_link (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("---\ntitle: Notes\n---\nSee the note[^1].\n\n");

  for (guint i = 0; i < 200; i++)
    g_string_append_printf (text, "Filler paragraph %u.\n\n", i);
  g_string_append (text, "[^1]: The note.\n");

  fixture_open (fixture, text->str, FALSE);
  assert_eval (fixture, "window.scrollY", "0");
  assert_eval (fixture, "document.querySelector('a[href^=\"#fn\"]').click(); 1", "1");
  wait_for_eval (fixture, "window.scrollY > 1000", "true");
  g_assert_cmpuint (fixture->loads_started, ==, 0);
  g_assert_cmpstr (webkit_web_view_get_uri (get_view (fixture)), ==, fixture->base_uri);
}

/* A link to a section scrolls to its heading, by the id Hugo gives it;
 * “{#id}” sets a heading's id and does not show. */
static void
test_heading_link (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("---\ntitle: Sections\n---\n"
                                          "Voir [l'installation](#installation) et [la fin](#la-fin).\n\n"
                                          "## Installation\n\n");

  for (guint i = 0; i < 200; i++)
    g_string_append_printf (text, "Filler paragraph %u.\n\n", i);
  g_string_append (text, "## Installation\n\n");
  for (guint i = 0; i < 200; i++)
    g_string_append_printf (text, "Second filler %u.\n\n", i);
  g_string_append (text, "## Fin {#la-fin}\n");

  fixture_open (fixture, text->str, FALSE);
  assert_eval (fixture, "Array.from(document.querySelectorAll('h2')).map(h => h.id + '=' + h.textContent).join('|')",
               "installation=Installation|installation-1=Installation|la-fin=Fin");
  assert_eval (fixture, "window.scrollY", "0");

  assert_eval (fixture, "document.querySelector('a[href=\"#la-fin\"]').click(); 1", "1");
  /* The last heading, which the page's end keeps from the top */
  wait_for_eval (fixture, "window.scrollY > 5000 && "
                          "document.getElementById('la-fin').getBoundingClientRect().top < innerHeight", "true");

  assert_eval (fixture, "window.scrollTo(0, 0); document.querySelector('a[href=\"#installation\"]').click(); 1", "1");
  wait_for_eval (fixture, "window.scrollY > 0 && "
                          "Math.abs(document.getElementById('installation').getBoundingClientRect().top) < 2", "true");
  g_assert_cmpuint (fixture->loads_started, ==, 0);
  g_assert_cmpstr (webkit_web_view_get_uri (get_view (fixture)), ==, fixture->base_uri);
}

/* Editing one paragraph replaces that block only: the others keep their
 * DOM nodes (a property set on them from the page survives), the picture
 * is the very same <img>, the selection and the scroll stay. */
static void
test_blocks (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("---\ntitle: Blocks\n---\n");

  g_string_append (text, "![x](pic.png)\n\n");
  for (guint i = 0; i < 60; i++)
    g_string_append_printf (text, "Paragraph %u of the post.\n\n", i);
  fixture_open (fixture, text->str, FALSE);
  wait_for_eval (fixture, "document.images[0].complete && document.images[0].naturalWidth > 0", "true");

  assert_eval (fixture, "document.querySelectorAll('.post-body > p').forEach((p, i) => p.billetMark = i); "
                        "window.thePicture = document.images[0]; "
                        "var r = document.createRange(); var p2 = document.querySelectorAll('.post-body > p')[2]; "
                        "r.selectNodeContents(p2); getSelection().removeAllRanges(); getSelection().addRange(r); "
                        "window.scrollTo(0, 300); window.scrollY", "300");

  {
    GtkTextBuffer *buffer = GTK_TEXT_BUFFER (billet_document_get_body_buffer (fixture->document));
    GtkTextIter start, end;

    /* As an author would: a few characters typed in the middle. */
    gtk_text_buffer_get_start_iter (buffer, &start);
    g_assert_true (gtk_text_iter_forward_search (&start, "Paragraph 40", 0, &start, &end, NULL));
    gtk_text_buffer_delete (buffer, &start, &end);
    gtk_text_buffer_insert (buffer, &start, "Paragraph forty, edited,", -1);
  }
  wait_updated (fixture);

  assert_eval (fixture, "Array.from(document.querySelectorAll('.post-body > p')).filter(p => p.billetMark === undefined)"
                        ".map(p => p.textContent).join('|')", "Paragraph forty, edited, of the post.");
  assert_eval (fixture, "document.querySelectorAll('.post-body > p').length", "61");
  assert_eval (fixture, "document.images[0] === window.thePicture", "true");
  assert_eval (fixture, "getSelection().toString()", "Paragraph 1 of the post.");
  assert_eval (fixture, "window.scrollY", "300");
  g_assert_cmpuint (fixture->loads_started, ==, 0);

  /* A line added above shifts the blocks below: same nodes, new lines. */
  assert_eval (fixture, "document.querySelectorAll('.post-body > p')[50].dataset.sourcepos", "101:1-101:1");
  {
    GtkTextBuffer *buffer = GTK_TEXT_BUFFER (billet_document_get_body_buffer (fixture->document));
    GtkTextIter start;

    gtk_text_buffer_get_start_iter (buffer, &start);
    gtk_text_buffer_insert (buffer, &start, "\n\n", -1);
  }
  wait_updated (fixture);
  assert_eval (fixture, "document.querySelectorAll('.post-body > p')[50].dataset.sourcepos", "103:1-103:1");
  assert_eval (fixture, "document.querySelectorAll('.post-body > p')[50].billetMark", "50");
}

/* The page carries our Content-Security-Policy, which follows the
 * "load remote images" setting (and reloads the page to change it). */
static void
test_csp (Fixture       *fixture,
          gconstpointer  data)
{
  const char *csp = "document.querySelector('meta[http-equiv=Content-Security-Policy]').content";

  fixture_open (fixture, sample_post, FALSE);
  assert_eval (fixture, "document.querySelector('meta[http-equiv=Content-Security-Policy]').content",
               "default-src 'none'; img-src billet-image: http: https:; style-src 'unsafe-inline'; "
               "font-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; "
               "child-src 'none'; form-action 'none'; base-uri 'none'; connect-src 'none'");

  billet_preview_set_load_remote_images (fixture->preview, FALSE);
  wait_for_eval (fixture, csp,
                 "default-src 'none'; img-src billet-image:; style-src 'unsafe-inline'; "
                 "font-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; "
                 "child-src 'none'; form-action 'none'; base-uri 'none'; connect-src 'none'");
  assert_eval (fixture, "document.querySelector('.post-body h1').textContent", "Section one");
}

/* A loopback HTTP server that counts the connections made to it (each
 * accept(), whether or not a request follows: a preconnect sends nothing)
 * and what it is asked for. It answers *.png with a picture, anything else
 * with 404, and one request a connection. */
typedef struct
{
  GSocketService *service;
  guint16         port;
  guint           connections;
  GMutex          lock;
  GPtrArray      *paths;
  GBytes         *picture;
} Server;

static gboolean
on_incoming_cb (GSocketService    *service,
                GSocketConnection *connection,
                GObject           *source,
                Server            *server)
{
  g_atomic_int_inc (&server->connections);
  /* A connection that sends nothing holds a thread only so long. */
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 2);
  return FALSE;
}

static gboolean
on_run_cb (GThreadedSocketService *service,
           GSocketConnection      *connection,
           GObject                *source,
           Server                 *server)
{
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, NULL);
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  static const char not_found[] = "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

  if (line == NULL)
    return TRUE;
  g_strchomp (line);
  /* The rest of the request, up to its blank line: closing with unread
   * bytes would reset the connection under the answer. */
  for (;;)
    {
      g_autofree char *header = g_data_input_stream_read_line (in, NULL, NULL, NULL);

      if (header == NULL || header[0] == '\0' || g_str_equal (header, "\r"))
        break;
    }

  g_mutex_lock (&server->lock);
  g_ptr_array_add (server->paths, g_strdup (line));
  g_mutex_unlock (&server->lock);

  if (g_str_has_prefix (line, "GET /") && g_str_has_suffix (line, ".png HTTP/1.1"))
    {
      g_autofree char *head = g_strdup_printf ("HTTP/1.0 200 OK\r\nContent-Type: image/png\r\n"
                                               "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                               "Connection: close\r\n\r\n",
                                               g_bytes_get_size (server->picture));

      g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
      g_output_stream_write_all (out, g_bytes_get_data (server->picture, NULL),
                                 g_bytes_get_size (server->picture), NULL, NULL, NULL);
    }
  else
    g_output_stream_write_all (out, not_found, sizeof not_found - 1, NULL, NULL, NULL);

  return TRUE;
}

static void
server_start (Server     *server,
              const char *dir)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *picture = g_build_filename (dir, "served.png", NULL);
  char *data = NULL;
  gsize len = 0;

  write_picture (picture);
  g_assert_true (g_file_get_contents (picture, &data, &len, NULL));
  server->picture = g_bytes_new_take (data, len);

  g_mutex_init (&server->lock);
  server->paths = g_ptr_array_new_with_free_func (g_free);
  server->service = g_threaded_socket_service_new (16);
  g_socket_listener_add_address (G_SOCKET_LISTENER (server->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (server->service, "incoming", G_CALLBACK (on_incoming_cb), server);
  g_signal_connect (server->service, "run", G_CALLBACK (on_run_cb), server);
  g_socket_service_start (server->service);
}

static char *
server_requests (Server *server)
{
  g_autoptr(GString) all = g_string_new (NULL);

  g_mutex_lock (&server->lock);
  for (guint i = 0; i < server->paths->len; i++)
    g_string_append_printf (all, "%s%s", i ? "\n" : "", (char *) g_ptr_array_index (server->paths, i));
  g_mutex_unlock (&server->lock);

  return g_string_free (g_steal_pointer (&all), FALSE);
}

static void
server_stop (Server *server)
{
  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  g_clear_object (&server->service);
  g_clear_pointer (&server->paths, g_ptr_array_unref);
  g_clear_pointer (&server->picture, g_bytes_unref);
  g_mutex_clear (&server->lock);
}

#define REMOTE_BAR "This post has remote images|Loading them tells their servers you read it."

/* Every way a page could reach the network, aimed at our server: images
 * of every kind (*.png), and what is never an image. */
static char *
network_post (guint16 port)
{
  return g_strdup_printf (
    "---\ntitle: Safe title\n---\n"
    "![md](http://127.0.0.1:%1$u/md-image.png)\n\n"
    "<img src=\"http://127.0.0.1:%1$u/img.png\" onerror=\"document.title='pwned'\">\n\n"
    "<img srcset=\"http://127.0.0.1:%1$u/srcset.png 2x\">\n\n"
    "<picture><source srcset=\"http://127.0.0.1:%1$u/source.png\"><img src=\"x.png\"></picture>\n\n"
    "<iframe src=\"http://127.0.0.1:%1$u/iframe\"></iframe>\n\n"
    "<object data=\"http://127.0.0.1:%1$u/object\"></object><embed src=\"http://127.0.0.1:%1$u/embed\">\n\n"
    "<video src=\"http://127.0.0.1:%1$u/video\" poster=\"http://127.0.0.1:%1$u/poster.png\" autoplay></video>"
    "<audio src=\"http://127.0.0.1:%1$u/audio\" autoplay></audio>\n\n"
    "<link rel=\"stylesheet\" href=\"http://127.0.0.1:%1$u/style.css\">\n\n"
    "<style>@import url(http://127.0.0.1:%1$u/import.css);</style>\n\n"
    "<link rel=\"preconnect\" href=\"http://127.0.0.1:%1$u/\">\n\n"
    "<link rel=\"dns-prefetch\" href=\"http://127.0.0.1:%1$u/\">\n\n"
    "<link rel=\"prefetch\" href=\"http://127.0.0.1:%1$u/prefetch\">\n\n"
    "<link rel=\"preload\" href=\"http://127.0.0.1:%1$u/preload.png\" as=\"image\">\n\n"
    "<link rel=\"modulepreload\" href=\"http://127.0.0.1:%1$u/module.js\">\n\n"
    "<link rel=\"icon\" href=\"http://127.0.0.1:%1$u/icon.png\">\n\n"
    "<meta http-equiv=\"Link\" content=\"&lt;http://127.0.0.1:%1$u/&gt;; rel=preconnect\">\n\n"
    "<meta http-equiv=\"refresh\" content=\"0;url=http://127.0.0.1:%1$u/refresh\">\n\n"
    "<base href=\"http://127.0.0.1:%1$u/base/\">\n\n"
    "![relative](after-base.png)\n\n"
    "<div style=\"background:url(http://127.0.0.1:%1$u/css-url.png)\">styled</div>\n\n"
    "<ul style=\"list-style-image:url(http://127.0.0.1:%1$u/list-style.png)\"><li>item</li></ul>\n\n"
    "<table background=\"http://127.0.0.1:%1$u/table-background.png\"><tr><td>cell</td></tr></table>\n\n"
    "<svg><image href=\"http://127.0.0.1:%1$u/svg-image.png\"/><script>document.title='pwned'</script></svg>\n\n"
    "<svg><use href=\"http://127.0.0.1:%1$u/use.svg#shape\"/></svg>\n\n"
    "<svg onload=\"fetch('http://127.0.0.1:%1$u/svg-onload')\"></svg>\n\n"
    "<form action=\"http://127.0.0.1:%1$u/form\"><button id=\"go\">Go</button></form>\n\n"
    "<input type=\"image\" src=\"http://127.0.0.1:%1$u/input-image.png\">\n\n"
    "[js](javascript:fetch('http://127.0.0.1:%1$u/javascript')) "
    "[data](data:text/html,<script>fetch('http://127.0.0.1:%1$u/data')</script>) "
    "[file](file:///etc/passwd) "
    "<a href=\"https://example.com/page\" ping=\"http://127.0.0.1:%1$u/ping\">b</a>\n",
    port);
}

/* With remote images off, no connection leaves the page, whatever the raw
 * HTML asks; with them on, only images are fetched, and shown. */
static void
check_network (Fixture  *fixture,
               gboolean  remote_images)
{
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  g_autofree char *requests = NULL;
  Server server = { 0 };

  fixture->dir = g_dir_make_tmp ("billet-preview-XXXXXX", NULL);
  server_start (&server, fixture->dir);
  text = network_post (server.port);

  fixture->post_path = g_build_filename (fixture->dir, "post.md", NULL);
  g_assert_true (g_file_set_contents (fixture->post_path, text, -1, NULL));
  fixture->base_uri = g_strdup ("unused");
  fixture_show (fixture, TRUE, remote_images);
  g_signal_connect (get_view (fixture), "load-changed", G_CALLBACK (on_load_changed_cb), fixture);
  g_signal_connect (fixture->preview, "activate-link", G_CALLBACK (on_activate_link_cb), links);

  /* The elements are there (raw HTML is on), and do nothing. */
  assert_eval (fixture, "document.querySelectorAll('.post-body img, .post-body object, .post-body video, "
                        ".post-body form').length > 5", "true");
  assert_eval (fixture, "document.querySelectorAll('.post-body a').forEach(a => a.click()); "
                        "document.getElementById('go').click(); 1", "1");
  run_for (1500);

  g_assert_cmpuint (fixture->loads_started, ==, 0);
  assert_eval (fixture, DOCUMENT_TITLE, "Safe title");
  g_assert_cmpuint (links->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (links, 0), ==, "https://example.com/page");

  if (remote_images)
    {
      g_auto(GStrv) lines = NULL;

      /* The pictures are there, and nothing but pictures was fetched: as
       * many requests as connections, each for a .png of an element. */
      wait_for_eval (fixture, "document.querySelector('img[alt=md]').naturalWidth", G_STRINGIFY (PIC_WIDTH));
      wait_for_eval (fixture, "document.querySelector('img[src$=\"/img.png\"]').naturalWidth", G_STRINGIFY (PIC_WIDTH));
      run_for (500);
      requests = server_requests (&server);
      g_test_message ("%u connections, requests:\n%s", g_atomic_int_get (&server.connections), requests);
      lines = g_strsplit (requests, "\n", -1);
      g_assert_cmpuint (g_atomic_int_get (&server.connections), >, 0);
      g_assert_cmpuint (g_atomic_int_get (&server.connections), ==, g_strv_length (lines));
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_assert_true (g_str_has_suffix (lines[i], ".png HTTP/1.1"));
          g_assert_null (strstr (lines[i], "/preload.png"));
          g_assert_null (strstr (lines[i], "/icon.png"));
        }
    }
  else
    {
      requests = server_requests (&server);
      g_test_message ("%u connections, requests:\n%s", g_atomic_int_get (&server.connections), requests);
      g_assert_cmpuint (g_atomic_int_get (&server.connections), ==, 0);
      g_assert_cmpstr (requests, ==, "");
      assert_remote_bar (fixture, REMOTE_BAR "|Load for This Post");
    }

  /* Missing and refused images show as placeholders with their path. */
  wait_for_eval (fixture, "Array.from(document.querySelectorAll('.billet-missing-image'), e => e.textContent)"
                          ".includes('after-base.png')", "true");
  wait_for_eval (fixture, "Array.from(document.querySelectorAll('.billet-missing-image'), e => e.textContent)"
                          ".some(t => t.endsWith('/md-image.png'))", remote_images ? "false" : "true");

  server_stop (&server);
}

static void write_file (const char *path, const char *text);

/* A post with a remote image shows a bar, nothing leaves the page; "Load
 * for This Post" loads it, and it stays allowed for the session, in any
 * preview of the post, not in another post. */
static void
test_remote_post (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autofree char *other = NULL;
  Server server = { 0 };
  guint connections;

  fixture->dir = g_dir_make_tmp ("billet-preview-XXXXXX", NULL);
  server_start (&server, fixture->dir);
  text = g_strdup_printf ("---\ntitle: Remote\n---\nA tracked post.\n\n"
                          "![pixel](http://127.0.0.1:%u/pixel.png)\n", server.port);
  fixture->post_path = g_build_filename (fixture->dir, "post.md", NULL);
  g_assert_true (g_file_set_contents (fixture->post_path, text, -1, NULL));
  fixture->base_uri = g_strdup ("unused");
  fixture_show (fixture, FALSE, FALSE);

  assert_remote_bar (fixture, REMOTE_BAR "|Load for This Post");
  run_for (500);
  g_assert_cmpuint (g_atomic_int_get (&server.connections), ==, 0);
  wait_for_eval (fixture, "document.querySelector('img[alt=pixel]').naturalWidth", "0");

  click_remote_bar (fixture, "Load for This Post");
  wait_updated (fixture);
  wait_for_eval (fixture, "document.querySelector('img[alt=pixel]').naturalWidth", G_STRINGIFY (PIC_WIDTH));
  g_assert_cmpuint (g_atomic_int_get (&server.connections), ==, 1);
  assert_remote_bar (fixture, "");
  assert_eval (fixture, "document.querySelector('.post-body p').textContent", "A tracked post.");

  /* Another preview of the same post, this session: loaded at once. */
  gtk_window_destroy (fixture->window);
  fixture->window = NULL;
  g_clear_object (&fixture->document);
  g_clear_pointer (&fixture->lines, g_array_unref);
  g_clear_pointer (&fixture->scrolled, g_array_unref);
  fixture_show (fixture, FALSE, FALSE);
  wait_for_eval (fixture, "document.querySelector('img[alt=pixel]').naturalWidth", G_STRINGIFY (PIC_WIDTH));
  assert_remote_bar (fixture, "");
  connections = g_atomic_int_get (&server.connections);
  g_assert_cmpuint (connections, >=, 2);

  /* Another post: asks again. */
  other = g_build_filename (fixture->dir, "other.md", NULL);
  g_assert_true (g_file_set_contents (other, text, -1, NULL));
  {
    g_autoptr(BilletDocument) document = billet_document_new ();
    g_autoptr(GFile) file = g_file_new_for_path (other);
    g_autoptr(GError) error = NULL;

    billet_test_load_document (document, file, &error);
    g_assert_no_error (error);
    billet_preview_set_document (fixture->preview, document);
    wait_updated (fixture);
    assert_remote_bar (fixture, REMOTE_BAR "|Load for This Post");
    run_for (500);
    g_assert_cmpuint (g_atomic_int_get (&server.connections), ==, connections);
    billet_preview_set_document (fixture->preview, fixture->document);
  }

  server_stop (&server);
}

/* In a site, the bar offers the site too. "Load for This Site" writes the
 * site's folder to the setting (bound as the window binds it), and the
 * site's other posts load their remote images at once. */
static void
test_remote_site (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.billet.Billet");
  g_autofree char *config = NULL;
  g_autofree char *site = NULL;
  g_autofree char *root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *second = NULL;
  g_auto(GStrv) sites = NULL;
  Server server = { 0 };
  guint connections;

  g_settings_reset (settings, "remote-image-sites");
  g_settings_reset (settings, "load-remote-images");
  g_assert_false (g_settings_get_boolean (settings, "load-remote-images"));

  fixture->dir = g_dir_make_tmp ("billet-preview-XXXXXX", NULL);
  server_start (&server, fixture->dir);
  config = g_build_filename (fixture->dir, "site", "hugo.toml", NULL);
  write_file (config, "title = 'Site'\n");
  site = g_path_get_dirname (config);
  root = realpath (site, NULL);
  text = g_strdup_printf ("---\ntitle: In a site\n---\n![pixel](http://127.0.0.1:%u/pixel.png)\n", server.port);
  fixture->post_path = g_build_filename (fixture->dir, "site", "content", "posts", "a.md", NULL);
  write_file (fixture->post_path, text);
  second = g_build_filename (fixture->dir, "site", "content", "posts", "b.md", NULL);
  write_file (second, text);
  fixture->base_uri = g_strdup ("unused");
  fixture_show (fixture, FALSE, FALSE);
  g_settings_bind (settings, "load-remote-images", fixture->preview, "load-remote-images", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "remote-image-sites", fixture->preview, "remote-image-sites", G_SETTINGS_BIND_DEFAULT);

  assert_remote_bar (fixture, REMOTE_BAR "|Load for This Post|Load for This Site");
  g_assert_cmpuint (g_atomic_int_get (&server.connections), ==, 0);

  click_remote_bar (fixture, "Load for This Site");
  wait_updated (fixture);
  wait_for_eval (fixture, "document.querySelector('img[alt=pixel]').naturalWidth", G_STRINGIFY (PIC_WIDTH));
  assert_remote_bar (fixture, "");
  sites = g_settings_get_strv (settings, "remote-image-sites");
  g_assert_cmpuint (g_strv_length (sites), ==, 1);
  g_assert_cmpstr (sites[0], ==, root);
  connections = g_atomic_int_get (&server.connections);
  g_assert_cmpuint (connections, ==, 1);

  /* The site's other post. */
  {
    g_autoptr(BilletDocument) document = billet_document_new ();
    g_autoptr(GFile) file = g_file_new_for_path (second);
    g_autoptr(GError) error = NULL;

    billet_test_load_document (document, file, &error);
    g_assert_no_error (error);
    billet_preview_set_document (fixture->preview, document);
    wait_updated (fixture);
    wait_for_eval (fixture, "document.querySelector('img[alt=pixel]').naturalWidth", G_STRINGIFY (PIC_WIDTH));
    assert_remote_bar (fixture, "");
    g_assert_cmpuint (g_atomic_int_get (&server.connections), ==, connections + 1);
    billet_preview_set_document (fixture->preview, fixture->document);
  }

  /* Taken back in the setting (the preferences, another window): the
   * page reloads without them, and asks again. */
  g_settings_reset (settings, "remote-image-sites");
  wait_updated (fixture);
  assert_remote_bar (fixture, REMOTE_BAR "|Load for This Post|Load for This Site");

  g_settings_unbind (fixture->preview, "load-remote-images");
  g_settings_unbind (fixture->preview, "remote-image-sites");
  server_stop (&server);
}

static void
test_network_remote_off (Fixture       *fixture,
                         gconstpointer  data)
{
  check_network (fixture, FALSE);
}

static void
test_network_remote_on (Fixture       *fixture,
                        gconstpointer  data)
{
  check_network (fixture, TRUE);
}

static void
write_file (const char *path,
            const char *text)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* In a Hugo site: "/images/…" is the static folder's, relative paths the
 * post's folder's, anything outside the site is refused (even through a
 * symbolic link), raw HTML follows the site's setting. */
static void
test_site_images (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *static_pic = NULL;
  g_autofree char *local_pic = NULL;
  g_autofree char *outside_dir = NULL;
  g_autofree char *outside_pic = NULL;
  g_autofree char *link = NULL;
  g_autofree char *config = NULL;

  fixture->dir = g_dir_make_tmp ("billet-preview-XXXXXX", NULL);
  config = g_build_filename (fixture->dir, "site", "hugo.toml", NULL);
  write_file (config, "title = 'Site'\n[markup.goldmark.renderer]\n  unsafe = true\n");
  static_pic = g_build_filename (fixture->dir, "site", "static", "images", "wide.png", NULL);
  write_file (static_pic, "");
  write_picture (static_pic);
  local_pic = g_build_filename (fixture->dir, "site", "content", "posts", "pic.png", NULL);
  write_file (local_pic, "");
  write_picture (local_pic);
  outside_pic = g_build_filename (fixture->dir, "outside.png", NULL);
  write_picture (outside_pic);
  link = g_build_filename (fixture->dir, "site", "content", "posts", "sneaky.png", NULL);
  g_assert_cmpint (symlink (outside_pic, link), ==, 0);

  fixture->post_path = g_build_filename (fixture->dir, "site", "content", "posts", "post.md", NULL);
  write_file (fixture->post_path,
              "---\ntitle: Site post\n---\n"
              "![a](/images/wide.png) ![b](pic.png) ![c](../../../outside.png) ![d](sneaky.png) "
              "![e](/etc/passwd) ![f](missing.png)\n\n"
              "<span class=\"raw\">raw</span>\n\n"
              "{{< figure src=\"/images/wide.png\" >}}\n");
  fixture->base_uri = g_strdup ("unused");
  fixture_show (fixture, FALSE, FALSE);

  wait_for_eval (fixture, "Array.from(document.images).every(i => i.complete)", "true");
  assert_eval (fixture, "Array.from(document.images, i => i.naturalWidth).join()", "4,4,0,0,0,0");
  wait_for_eval (fixture, "Array.from(document.querySelectorAll('.billet-missing-image'), e => e.textContent).join()",
                 "../../../outside.png,sneaky.png,/etc/passwd,missing.png");
  /* The site's unsafe = true keeps raw HTML. */
  assert_eval (fixture, "document.querySelector('.post-body span.raw').textContent", "raw");
  assert_eval (fixture, "document.querySelector('.post-body .shortcode').textContent", "figure");
  assert_eval (fixture, "document.querySelector('.post-body .shortcode').title", "{{< figure src=\"/images/wide.png\" >}}");
}

/* A render that takes long shows the "Rendering…" badge over the page as
 * it was; the editor goes on. */
static void
test_busy (Fixture       *fixture,
           gconstpointer  data)
{
  gboolean busy_seen = FALSE;
  GtkWidget *badge = NULL;
  gint64 start;

  fixture_open (fixture, sample_post, FALSE);
  g_assert_false (billet_preview_get_busy (fixture->preview));
  _billet_preview_set_render_delay (fixture->preview, 1200);

  start = g_get_monotonic_time ();
  set_body (fixture, "Slow to render.\n");
  /* Typing does not wait. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 100 * G_TIME_SPAN_MILLISECOND);

  while (!(busy_seen = billet_preview_get_busy (fixture->preview)) &&
         g_get_monotonic_time () - start < 1100 * G_TIME_SPAN_MILLISECOND)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (busy_seen);
  for (GtkWidget *w = gtk_widget_get_first_child (gtk_widget_get_first_child (GTK_WIDGET (fixture->preview)));
       w != NULL; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_BOX (w))
      badge = w;
  g_assert_nonnull (badge);
  g_assert_true (gtk_widget_get_visible (badge));
  assert_eval (fixture, "document.querySelector('.post-body h1').textContent", "Section one");

  wait_updated (fixture);
  g_assert_false (billet_preview_get_busy (fixture->preview));
  g_assert_false (gtk_widget_get_visible (badge));
  assert_eval (fixture, "document.querySelector('.post-body').textContent.trim()", "Slow to render.");
}

/* Scroll sync: a source line's block comes to the top of the page,
 * whatever images and tables are above it; the author scrolling the page
 * gives the line at its top (the preview's own scrolls say nothing); a
 * click in a block gives its line; with sync off, none of it happens. */
static void
test_scroll_sync (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("---\ntitle: Sync\n---\n");
  guint line = 1;
  guint target = 0;
  g_autofree char *query = NULL;
  g_autofree char *top = NULL;
  double y;

  for (guint i = 0; i < 80; i++)
    {
      if (i % 10 == 3)
        {
          g_string_append (text, "![x](pic.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\n");
          line += 7;
        }
      if (i == 50)
        target = line;
      g_string_append_printf (text, "Paragraph %u, with enough words to wrap on a narrow preview maybe.\n\n", i);
      line += 2;
    }
  fixture_open (fixture, text->str, FALSE);

  query = g_strdup_printf ("document.querySelector('[data-sourcepos^=\"%u:\"]').textContent", target);
  assert_eval (fixture, query, "Paragraph 50, with enough words to wrap on a narrow preview maybe.");

  billet_preview_slot_scroll_to_line (BILLET_PREVIEW_SLOT (fixture->preview), (double) target);
  g_free (query);
  query = g_strdup_printf ("Math.abs(document.querySelector('[data-sourcepos^=\"%u:\"]').getBoundingClientRect().top) <= 20",
                           target);
  wait_for_eval (fixture, query, "true");

  /* Halfway through the block (two lines: the text and the blank line
   * are its own line only): interpolated, not snapped. */
  billet_preview_slot_scroll_to_line (BILLET_PREVIEW_SLOT (fixture->preview), (double) target + 0.5);
  run_for (200);
  g_free (query);
  query = g_strdup_printf ("document.querySelector('[data-sourcepos^=\"%u:\"]').getBoundingClientRect().top", target);
  top = eval (fixture, query);
  y = g_ascii_strtod (top, NULL);
  g_assert_cmpfloat (y, <, -1);

  /* Back to the top: the header shows. */
  billet_preview_slot_scroll_to_line (BILLET_PREVIEW_SLOT (fixture->preview), 1.0);
  wait_for_eval (fixture, "window.scrollY", "0");

  /* The cursor far below: its block comes into sight. */
  billet_preview_slot_reveal_line (BILLET_PREVIEW_SLOT (fixture->preview), target);
  g_free (query);
  query = g_strdup_printf ("(function () { var r = document.querySelector('[data-sourcepos^=\"%u:\"]').getBoundingClientRect(); "
                           "return r.top >= 0 && r.bottom <= innerHeight; })()", target);
  wait_for_eval (fixture, query, "true");

  /* None of those scrolls was the author's: the preview said nothing. */
  run_for (300);
  g_assert_cmpuint (fixture->scrolled->len, ==, 0);

  /* The author scrolls the page (here: to halfway down the target's
   * block): the line at its top, as scroll_to_line() counts it. */
  g_free (query);
  query = g_strdup_printf ("(function () { var r = document.querySelector('[data-sourcepos^=\"%u:\"]').getBoundingClientRect(); "
                           "window.scrollTo(0, Math.round(scrollY + r.top + r.height / 2)); return 1; })()", target);
  assert_eval (fixture, query, "1");
  {
    gint64 deadline = g_get_monotonic_time () + DEADLINE_SECONDS * G_USEC_PER_SEC;

    while (fixture->scrolled->len == 0 && g_get_monotonic_time () < deadline)
      run_for (20);
  }
  g_assert_cmpuint (fixture->scrolled->len, >=, 1);
  g_assert_cmpfloat_with_epsilon (g_array_index (fixture->scrolled, double, fixture->scrolled->len - 1),
                                  target + 0.5, 0.05);
  /* And back: the same line puts the page where the author had it. */
  g_free (top);
  top = eval (fixture, "window.scrollY");
  billet_preview_slot_scroll_to_line (BILLET_PREVIEW_SLOT (fixture->preview),
                                      g_array_index (fixture->scrolled, double, fixture->scrolled->len - 1));
  run_for (300);
  g_free (query);
  query = eval (fixture, "window.scrollY");
  g_assert_cmpfloat (fabs (g_ascii_strtod (query, NULL) - g_ascii_strtod (top, NULL)), <=, 1.0);
  g_array_set_size (fixture->scrolled, 0);
  billet_preview_slot_scroll_to_line (BILLET_PREVIEW_SLOT (fixture->preview), 1.0);
  wait_for_eval (fixture, "window.scrollY", "0");

  /* A click in a block: the source's line. */
  g_free (query);
  query = g_strdup_printf ("document.querySelector('[data-sourcepos^=\"%u:\"]').click(); 1", target);
  assert_eval (fixture, query, "1");
  run_for (200);
  g_assert_cmpuint (fixture->lines->len, ==, 1);
  g_assert_cmpuint (g_array_index (fixture->lines, guint, 0), ==, target);

  /* Off: the page stays put and clicks and scrolls say nothing. */
  billet_preview_set_sync_scroll (fixture->preview, FALSE);
  g_array_set_size (fixture->scrolled, 0);
  assert_eval (fixture, "window.scrollTo(0, 1000); window.scrollY", "1000");
  run_for (300);
  g_assert_cmpuint (fixture->scrolled->len, ==, 0);
  assert_eval (fixture, "window.scrollTo(0, 0); window.scrollY", "0");
  billet_preview_slot_scroll_to_line (BILLET_PREVIEW_SLOT (fixture->preview), (double) target);
  assert_eval (fixture, query, "1");
  run_for (300);
  assert_eval (fixture, "window.scrollY", "0");
  g_assert_cmpuint (fixture->lines->len, ==, 1);
}

/* Shortcodes show as labelled placeholders, not as text. */
static void
test_shortcodes (Fixture       *fixture,
                 gconstpointer  data)
{
  fixture_open (fixture, "---\ntitle: S\n---\nSee {{< youtube abc >}} and `{{< literal >}}`.\n", FALSE);
  assert_eval (fixture, "document.querySelector('.post-body .shortcode').textContent", "youtube");
  assert_eval (fixture, "getComputedStyle(document.querySelector('.post-body .shortcode'), '::before').content",
               "\"{{ \"");
  assert_eval (fixture, "document.querySelector('.post-body code').textContent", "{{< literal >}}");
}

/* The widest word of the title, measured unbroken in the title's font,
 * against the width of the title's line: "fits" when none is wider. */
#define TITLE_WORDS_FIT \
  "(() => {" \
  "  const h = document.querySelector('.post-header h1');" \
  "  const style = getComputedStyle(h);" \
  "  const probe = document.createElement('span');" \
  "  for (const p of ['fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'letterSpacing'])" \
  "    probe.style[p] = style[p];" \
  "  probe.style.whiteSpace = 'nowrap';" \
  "  probe.style.position = 'absolute';" \
  "  h.parentNode.appendChild(probe);" \
  "  const widths = h.textContent.split(/\\s+/).map(w => { probe.textContent = w; return probe.getBoundingClientRect().width; });" \
  "  probe.remove();" \
  "  const widest = Math.max(...widths);" \
  "  return widest <= h.clientWidth ? 'fits' : `${widest} > ${h.clientWidth} at ${style.fontSize}`;" \
  "})()"

/* Where each item's text starts (its first letter) against the plain
 * item's, and whether its checkbox stands before that letter, level with
 * it: "ok" for each item that does. */
#define TASK_ITEMS_PLACE \
  "(() => {" \
  "  const first = li => { const walk = document.createTreeWalker(li, NodeFilter.SHOW_TEXT);" \
  "    let n; while ((n = walk.nextNode()) && !n.textContent.trim());" \
  "    const r = document.createRange(); const i = n.textContent.search(/\\S/);" \
  "    r.setStart(n, i); r.setEnd(n, i + 1); return r.getBoundingClientRect(); };" \
  "  const plain = first(document.querySelector('.post-body li:not(.task-list-item)'));" \
  "  return Array.from(document.querySelectorAll('.post-body li.task-list-item'), li => {" \
  "    const text = first(li); const box = li.querySelector('input').getBoundingClientRect();" \
  "    const middle = (box.top + box.bottom) / 2;" \
  "    if (Math.abs(text.left - plain.left) > 1) return `text at ${text.left}, not ${plain.left}`;" \
  "    if (box.right > text.left) return `box ends at ${box.right}, past ${text.left}`;" \
  "    if (middle < text.top || middle > text.bottom) return `box at ${middle}, line ${text.top}-${text.bottom}`;" \
  "    return 'ok'; }).join();" \
  "})()"

/* A post of a French site in a narrow preview: the page is French (the
 * site's language, as the export says it), its date and reading time are
 * written for French readers, the title's words each fit a line (and
 * French hyphenation is on), and a task shows a checkbox, not a bullet. */
static void
test_page_language (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *config = NULL;

  fixture->dir = g_dir_make_tmp ("billet-preview-XXXXXX", NULL);
  config = g_build_filename (fixture->dir, "site", "hugo.toml", NULL);
  write_file (config, "title = 'Site'\nlanguageCode = 'fr'\n");
  fixture->post_path = g_build_filename (fixture->dir, "site", "content", "posts", "post.md", NULL);
  write_file (fixture->post_path,
              "---\ntitle: Développement durable et accessibilité numérique\n"
              "date: 2024-06-18T07:45:00+02:00\n---\n"
              "- [ ] relire\n- [x] écrire\n- publier\n\n"
              "Une liste lâche :\n\n- [ ] premier\n\n- [x] second\n");
  fixture->base_uri = g_strdup ("unused");
  fixture->window_width = 320;
  fixture_show (fixture, FALSE, FALSE);

  assert_eval (fixture, "document.documentElement.lang", "fr");
  assert_eval (fixture, "document.querySelector('.post-header time').textContent", "18 juin 2024");
  assert_eval (fixture, "document.querySelector('.post-header time').getAttribute('datetime')",
               "2024-06-18T07:45:00+02:00");
  assert_eval (fixture, "document.querySelector('.reading-time').textContent", "1\u00a0min de lecture");

  assert_eval (fixture, "String(document.documentElement.clientWidth <= 320)", "true");
  assert_eval (fixture, TITLE_WORDS_FIT, "fits");
  assert_eval (fixture, "(s => s.hyphens || s.webkitHyphens)(getComputedStyle(document.querySelector('h1')))", "auto");

  assert_eval (fixture, "getComputedStyle(document.querySelector('.task-list-item')).listStyleType", "none");
  assert_eval (fixture, "Array.from(document.querySelectorAll('.task-list-item input'), i => i.disabled && i.type).join()",
               "checkbox,checkbox,checkbox,checkbox");
  /* The checkbox stands where the bullet was, beside the first line, in
   * a loose list too; the texts line up with the plain item's. */
  assert_eval (fixture, TASK_ITEMS_PLACE, "ok,ok,ok,ok");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  billet_test_bind_catalogue ();
  adw_init ();
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  g_test_add_func ("/billet/preview/new-destroy", test_new_destroy);

#define ADD(path, func) \
  g_test_add ("/billet/preview/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("first-load", test_first_load);
  ADD ("patch", test_patch);
  ADD ("burst", test_burst);
  ADD ("escaping", test_escaping);
  ADD ("hostile-default", test_hostile_default);
  ADD ("hostile-raw-html", test_hostile_raw);
  ADD ("dark", test_dark);
  ADD ("crash", test_crash);
  ADD ("fragment-link", test_fragment_link);
  ADD ("heading-link", test_heading_link);
  ADD ("clobbering", test_clobbering);
  ADD ("blocks", test_blocks);
  ADD ("csp", test_csp);
  ADD ("network-remote-off", test_network_remote_off);
  ADD ("network-remote-on", test_network_remote_on);
  ADD ("remote-post", test_remote_post);
  ADD ("remote-site", test_remote_site);
  ADD ("site-images", test_site_images);
  ADD ("busy", test_busy);
  ADD ("scroll-sync", test_scroll_sync);
  ADD ("shortcodes", test_shortcodes);
  ADD ("page-language", test_page_language);

#undef ADD

  return g_test_run ();
}
