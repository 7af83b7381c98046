/* billet-preview.c — the live preview of a post, in a locked-down web view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the preview follows the author:
 *
 * - On each change of the document a render starts at once if none is
 *   running (leading edge); changes during a render mark it stale, and
 *   when it ends a new one starts, the stale result dropped. Parsing and
 *   rendering run in a GTask thread (the core's billet_render_parts(),
 *   shared with export, with split_blocks); typing never waits for them.
 *   A render that takes long shows a discreet "Rendering…" badge.
 *
 * - The page is loaded once per document: the page the core assembles
 *   (same stylesheet as export) with an empty body and a
 *   Content-Security-Policy. From then on, our script (billet-preview.js,
 *   a WebKitUserScript in the isolated "billet" world) receives only the
 *   top-level blocks that changed — common prefix and suffix by block key,
 *   the middle replaced, the suffix's line numbers shifted — so images
 *   are not reloaded, the scroll position and selection stay, nothing
 *   flickers. It reports "applied" through a script message once the DOM
 *   is updated and laid out; that is when ::updated fires.
 *
 * - Blocks carry data-sourcepos with lines counted in the body, 1-based,
 *   which are the source view's lines (the view shows the body only):
 *   ::scroll-to-line puts the block holding a source line at the top of
 *   the preview, interpolated within the block; ::reveal-line brings a
 *   line's block into sight; a click in a block emits ::line-activated.
 *
 * The page is hostile input. The web view runs no script of the document
 * (enable-javascript-markup is off: no <script>, no on*= handlers, no
 * javascript: URLs), the CSP allows our inline styles and images from our
 * billet-image: scheme only, no frames, objects, fonts, forms or
 * stylesheets from anywhere, and our script removes <link> elements
 * (preconnect answers to no CSP) before a block enters the page.
 *
 * Remote images tell their servers that the post is being read, so they
 * load only where the author allowed them: for every post (the
 * "load-remote-images" setting, off by default), for a post, this session,
 * or for a whole site (its folder in "remote-image-sites"). Elsewhere the
 * CSP refuses them, WebCore reports each refusal to our script, and a bar
 * above the page offers to load them; the page then reloads with http:
 * and https: images allowed. Navigation
 * goes nowhere but to the page we load; links open in the user's browser.
 * Images are served by our URI scheme, which resolves a path against the
 * post's folder or the site's static folder and refuses anything outside
 * the site (or the post's folder when there is no site), and anything that
 * is not an image: the page has no file: access at all. An ephemeral
 * network session keeps nothing on disk.
 *
 * Creating a WebKitWebView spawns the web and network processes, which is
 * the slow part of opening a window; the view is created on an idle after
 * the preview's first frame, and until then the preview paints the page's
 * own background colour.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <webkit/webkit.h>

#include "billet-info-bar.h"
#include "billet-preview.h"
#include "billet-preview-private.h"
#include "billet-reaper.h"
#include "billet-render.h"
#include "billet-site.h"

/* Our script world, and the name of its message handler. */
#define WORLD "billet"
#define IMAGE_SCHEME "billet-image"
/* The page's base URI is IMAGE_BASE + the post's folder (an absolute
 * path): relative images resolve under it, root-relative ones ("/images/")
 * to IMAGE_BASE + "/images/", which the scheme tries in the site's static
 * folder. */
#define IMAGE_BASE IMAGE_SCHEME "://local"

/* A render slower than this shows the "Rendering…" badge. */
#define SLOW_RENDER_MS 400

/* The page's --bg, so that nothing flashes white in the dark or the
 * reverse before the page paints. */
static const GdkRGBA light_background = { 1.0, 1.0, 1.0, 1.0 };
static const GdkRGBA dark_background = { 0x1e / 255.0, 0x1e / 255.0, 0x21 / 255.0, 1.0 };

typedef enum
{
  PAGE_EMPTY,     /* nothing loaded in the web view (yet, or any more) */
  PAGE_LOADING,   /* our load_html() of the empty page is on its way */
  PAGE_PATCHING,  /* a patch is running, "applied" not back yet */
  PAGE_READY,     /* the page shows self->shown */
  PAGE_CRASHED,   /* the web process died; waiting for the author */
} PageState;

/* The static site a post belongs to, as far as the preview needs it.
 * TODO: use the core's BilletSite (src/core/billet-site.h) once it has
 * landed; this is the small Hugo/Jekyll/Astro detection it will replace. */
typedef struct
{
  gatomicrefcount  ref_count;
  char            *post_dir;    /* real path of the post's folder */
  char            *root;        /* real path of the site, or NULL */
  char            *static_dir;  /* real path of its static folder, or NULL */
  gboolean         unsafe;      /* the site keeps raw HTML */
  char            *lang;        /* the site's language, or NULL */
} SiteInfo;

struct _BilletPreview
{
  AdwBin             parent_instance;

  BilletDocument    *document;
  gboolean           allow_raw_html;
  gboolean           load_remote_images;
  char             **remote_image_sites;
  gboolean           sync_scroll;
  gboolean           busy;

  GtkStack          *stack;
  GtkWidget         *placeholder;
  GtkWidget         *crashed;
  GtkWidget         *busy_badge;
  GtkWidget         *remote_bar;
  WebKitWebView     *view;
  guint              tick_id;
  guint              create_source;

  /* Bumped on each change of the document; a render carries the value it
   * saw, so "updated" fires only once the page caught up. */
  guint64            generation;
  gboolean           rendering;
  guint              slow_source;
  guint              render_delay_ms;  /* tests: a slow render */
  GCancellable      *render_cancellable;
  /* Cancelled in dispose, so that no script result reaches a dead widget. */
  GCancellable      *cancellable;

  /* The newest render, not applied yet, and the one the page shows (or is
   * being brought to). */
  BilletRenderParts *latest;
  char              *latest_base_uri;
  SiteInfo          *latest_site;
  guint64            latest_generation;
  BilletRenderParts *shown;
  char              *shown_base_uri;
  SiteInfo          *shown_site;
  guint64            shown_generation;
  /* What the loaded page holds: its remote-images policy, and whether it
   * refused a remote image since it loaded. */
  gboolean           page_remote_images;
  gboolean           remote_refused;

  PageState          state;
  /* Another document: its page starts at the top, not at the old scroll
   * position, even when both live in the same folder. */
  gboolean           needs_reload;
  /* The URI of our load_html() until decide-policy lets it through: the
   * only navigation the view ever makes. */
  char              *expected_uri;

  /* Scroll sync: one call in flight, the latest request waiting. */
  gboolean           sync_in_flight;
  double             sync_pending_line;
  gboolean           sync_pending;
  gboolean           sync_pending_reveal;
};

G_DEFINE_FINAL_TYPE (BilletPreview, billet_preview, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_ALLOW_RAW_HTML,
  PROP_LOAD_REMOTE_IMAGES,
  PROP_REMOTE_IMAGE_SITES,
  PROP_SYNC_SCROLL,
  PROP_BUSY,
  N_PROPS
};

enum {
  UPDATED,
  ACTIVATE_LINK,
  LINE_ACTIVATED,
  SCROLL_TO_LINE,
  REVEAL_LINE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The posts whose remote images the author allowed for this session ("Load
 * for This Post"), by path, for every preview of the process. */
static GHashTable *allowed_posts;

static void update_page (BilletPreview *self);
static void start_render (BilletPreview *self);
static void run_sync (BilletPreview *self);

/* Sites */

static SiteInfo *
site_info_ref (SiteInfo *site)
{
  g_atomic_ref_count_inc (&site->ref_count);
  return site;
}

static void
site_info_unref (SiteInfo *site)
{
  if (site == NULL || !g_atomic_ref_count_dec (&site->ref_count))
    return;

  g_free (site->post_dir);
  g_free (site->root);
  g_free (site->static_dir);
  g_free (site->lang);
  g_free (site);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SiteInfo, site_info_unref)

static char *
real_path (const char *path)
{
  char *resolved = realpath (path, NULL);
  char *copy = resolved != NULL ? g_strdup (resolved) : NULL;

  free (resolved);
  return copy;
}

/* Whether @path is @dir or inside it (both real paths). */
static gboolean
is_inside (const char *path,
           const char *dir)
{
  gsize len = strlen (dir);

  if (len <= 1) /* never "/" */
    return FALSE;

  return strncmp (path, dir, len) == 0 && (path[len] == '/' || path[len] == '\0');
}

/* The site that holds @post_dir, as the core finds it (the same rules as
 * the folder view and the export). Runs in the render thread. */
static SiteInfo *
detect_site (const char *post_dir)
{
  SiteInfo *site = g_new0 (SiteInfo, 1);
  g_autoptr(BilletSite) found = NULL;

  g_atomic_ref_count_init (&site->ref_count);
  site->post_dir = real_path (post_dir);
  if (site->post_dir == NULL)
    return site;

  found = billet_site_new_for_path (site->post_dir, NULL);
  if (found != NULL && billet_site_get_kind (found) != BILLET_SITE_PLAIN)
    {
      site->root = g_strdup (billet_site_get_root (found));
      if (billet_site_get_static_dir (found) != NULL)
        site->static_dir = real_path (billet_site_get_static_dir (found));
      site->unsafe = billet_site_get_unsafe (found);
      site->lang = g_strdup (billet_site_get_language (found));
    }
  return site;
}

/* Images */

/* The file that the page's @path names, or NULL when it names nothing we
 * may show: a path under the site (or under the post's folder when there
 * is no site) as it is, else a root-relative path in the site's static
 * folder. Symbolic links are resolved before the check. */
static char *
resolve_image (SiteInfo   *site,
               const char *path)
{
  const char *root = site->root != NULL ? site->root : site->post_dir;
  g_autofree char *direct = NULL;

  if (root == NULL || path == NULL || path[0] != '/')
    return NULL;

  direct = real_path (path);
  if (direct != NULL && is_inside (direct, root) && g_file_test (direct, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&direct);

  if (site->static_dir != NULL)
    {
      g_autofree char *joined = g_build_filename (site->static_dir, path, NULL);
      g_autofree char *resolved = real_path (joined);

      if (resolved != NULL && is_inside (resolved, site->static_dir) &&
          g_file_test (resolved, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&resolved);
    }

  return NULL;
}

typedef struct
{
  SiteInfo *site;
  char     *path;
} ImageJob;

static void
image_job_free (ImageJob *job)
{
  site_info_unref (job->site);
  g_free (job->path);
  g_free (job);
}

typedef struct
{
  GInputStream *stream;
  gint64        size;
  char         *mime_type;
} ImageFile;

static void
image_file_free (ImageFile *file)
{
  g_clear_object (&file->stream);
  g_free (file->mime_type);
  g_free (file);
}

static void
image_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ImageJob *job = task_data;
  g_autofree char *file_path = resolve_image (job->site, job->path);
  g_autofree char *content_type = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  GError *error = NULL;
  ImageFile *result;

  if (file_path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "Not in the site: %s", job->path);
      return;
    }

  /* Images only: the page has no business reading anything else. */
  content_type = g_content_type_guess (file_path, NULL, 0, NULL);
  if (content_type == NULL || !g_str_has_prefix (content_type, "image/"))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "Not an image: %s", job->path);
      return;
    }

  file = g_file_new_for_path (file_path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info != NULL)
    stream = g_file_read (file, cancellable, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  result = g_new0 (ImageFile, 1);
  result->stream = G_INPUT_STREAM (g_steal_pointer (&stream));
  result->size = g_file_info_get_size (info);
  result->mime_type = g_content_type_get_mime_type (content_type);
  g_task_return_pointer (task, result, (GDestroyNotify) image_file_free);
}

static void
image_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(WebKitURISchemeRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  ImageFile *file;

  file = g_task_propagate_pointer (G_TASK (result), &error);
  if (file == NULL)
    {
      g_debug ("Preview image refused: %s", error->message);
      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }

  webkit_uri_scheme_request_finish (request, file->stream, file->size, file->mime_type);
  image_file_free (file);
}

static void
on_image_request_cb (WebKitURISchemeRequest *request,
                     gpointer                user_data)
{
  WebKitWebView *view = webkit_uri_scheme_request_get_web_view (request);
  BilletPreview *self = view != NULL ? g_object_get_data (G_OBJECT (view), "billet-preview") : NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ImageJob *job;

  uri = g_uri_parse (webkit_uri_scheme_request_get_uri (request), G_URI_FLAGS_NONE, NULL);
  if (self == NULL || self->shown_site == NULL || uri == NULL ||
      g_strcmp0 (g_uri_get_host (uri), "local") != 0)
    {
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No such image");
      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }

  job = g_new0 (ImageJob, 1);
  job->site = site_info_ref (self->shown_site);
  job->path = g_strdup (g_uri_get_path (uri)); /* GUri decoded it */

  task = g_task_new (NULL, NULL, image_cb, g_object_ref (request));
  g_task_set_source_tag (task, on_image_request_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) image_job_free);
  g_task_run_in_thread (task, image_worker);
}

/* The policy the page's <meta http-equiv> carries. 'unsafe-inline' styles
 * are the page's own stylesheet and the style attributes of raw HTML,
 * whose url()s img-src governs; everything else has nowhere to load from.
 * WebCore applies it before a request leaves the web process. */
static char *
content_security_policy (gboolean remote_images)
{
  return g_strdup_printf ("default-src 'none'; img-src " IMAGE_SCHEME ":%s; "
                          "style-src 'unsafe-inline'; font-src 'none'; media-src 'none'; "
                          "object-src 'none'; frame-src 'none'; child-src 'none'; "
                          "form-action 'none'; base-uri 'none'; connect-src 'none'",
                          remote_images ? " http: https:" : "");
}

/* The page's base URI for a post in @base_uri's folder (file:///…/), or
 * NULL for a post with no file yet. */
static char *
page_base_uri (const char *base_uri)
{
  g_autofree char *path = base_uri != NULL ? g_filename_from_uri (base_uri, NULL, NULL) : NULL;
  g_autofree char *escaped = NULL;

  if (path == NULL)
    return g_strdup (IMAGE_BASE "/");

  escaped = g_uri_escape_string (path, "/", FALSE);
  return g_str_has_suffix (escaped, "/") ? g_strconcat (IMAGE_BASE, escaped, NULL)
                                         : g_strconcat (IMAGE_BASE, escaped, "/", NULL);
}

/* Rendering */

typedef struct
{
  GWeakRef             self;
  BilletPost          *post;
  BilletRenderOptions  options;
  gboolean             allow_raw_html;
  char                *base_uri;
  char                *post_dir;
  SiteInfo            *site;
  char                *interface_lang;
  guint64              generation;
  guint                delay_ms;
} RenderJob;

static void
render_job_free (RenderJob *job)
{
  g_weak_ref_clear (&job->self);
  g_clear_pointer (&job->post, billet_post_unref);
  g_free (job->base_uri);
  g_free (job->post_dir);
  site_info_unref (job->site);
  g_free (job->interface_lang);
  g_free (job);
}

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

/* Appends @text as a JavaScript string literal (JSON-compatible). Beyond
 * what JSON needs, U+2028/U+2029 are escaped (line terminators in older
 * JavaScript) and so is "</", so that the literal could never end a
 * <script> element if it were ever embedded in one. */
static void
append_js_string (GString    *out,
                  const char *text)
{
  g_assert (g_utf8_validate (text, -1, NULL));

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;

        case '<':
          g_string_append (out, p[1] == '/' ? "<\\" : "<");
          break;

        case 0xE2:
          /* U+2028 and U+2029 are E2 80 A8 and E2 80 A9. */
          if ((guchar) p[1] == 0x80 && ((guchar) p[2] == 0xA8 || (guchar) p[2] == 0xA9))
            {
              g_string_append_printf (out, "\\u%04X", (guchar) p[2] == 0xA8 ? 0x2028 : 0x2029);
              p += 2;
              break;
            }
          g_string_append_c (out, *p);
          break;

        default:
          if (c < 0x20 || c == 0x7F)
            g_string_append_printf (out, "\\u%04X", c);
          else
            g_string_append_c (out, *p);
          break;
        }
    }
  g_string_append_c (out, '"');
}

/* Raw HTML can name elements after the document's own members
 * (<img name="querySelector">, <form name="title">), and those elements
 * then shadow them: Document is [LegacyOverrideBuiltIns]. Our scripts
 * reach the document through Document.prototype, which nothing in the page
 * can shadow (and no script of the page runs to replace it). */
#define DOM_PROLOGUE \
  "  var doc = document, D = Document.prototype;\n" \
  "  var prop = function (name) { return Object.getOwnPropertyDescriptor(D, name); };\n" \
  "  var root = prop('documentElement').get.call(doc);\n"

/* Runs @script in the page, in our world (where billet-preview.js lives). */
static void
run_script (BilletPreview       *self,
            const char          *script,
            gssize               len,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_assert (self->view != NULL);

  webkit_web_view_evaluate_javascript (self->view, script, len, WORLD, NULL,
                                       self->cancellable, callback, user_data);
}

static void
ignore_script_result_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;

  value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);
  if (value == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Preview script failed: %s", error->message);
}

static void
apply_scheme (BilletPreview *self)
{
  gboolean dark = is_dark ();

  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (self->view == NULL)
    return;

  webkit_web_view_set_background_color (self->view, dark ? &dark_background : &light_background);

  if (self->state == PAGE_READY || self->state == PAGE_PATCHING)
    {
      const char *script = dark
        ? "(function () {\n" DOM_PROLOGUE
          "  root.classList.remove('billet-light');\n"
          "  root.classList.add('billet-dark');\n"
          "})();\n"
        : "(function () {\n" DOM_PROLOGUE
          "  root.classList.remove('billet-dark');\n"
          "  root.classList.add('billet-light');\n"
          "})();\n";

      run_script (self, script, -1, ignore_script_result_cb, NULL);
    }
}

static void
set_busy (BilletPreview *self,
          gboolean       busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  if (self->busy_badge != NULL)
    gtk_widget_set_visible (self->busy_badge, busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Remote images */

static char *
dup_post_path (BilletPreview *self)
{
  GFile *file = self->document != NULL ? billet_document_get_file (self->document) : NULL;

  return file != NULL ? g_file_get_path (file) : NULL;
}

/* Whether the author allowed remote images for the page shown: in every
 * post, in its site, or in this post. */
static gboolean
wants_remote_images (BilletPreview *self)
{
  g_autofree char *path = NULL;

  if (self->load_remote_images)
    return TRUE;

  if (self->shown_site != NULL && self->shown_site->root != NULL && self->remote_image_sites != NULL &&
      g_strv_contains ((const char * const *) self->remote_image_sites, self->shown_site->root))
    return TRUE;

  if (self->document == NULL)
    return FALSE;
  /* A post with no file yet is allowed as the document it is. */
  if (g_object_get_data (G_OBJECT (self->document), "billet-remote-images") != NULL)
    return TRUE;
  path = dup_post_path (self);
  return path != NULL && allowed_posts != NULL && g_hash_table_contains (allowed_posts, path);
}

/* The bar shows while the page refuses remote images; it offers the site
 * only for a post in one. */
static void
update_remote_bar (BilletPreview *self)
{
  BilletInfoBar *bar;
  gboolean show = self->remote_refused && !self->page_remote_images && self->state != PAGE_CRASHED;

  if (self->remote_bar == NULL)
    return;

  bar = BILLET_INFO_BAR (self->remote_bar);
  if (show && !billet_info_bar_get_revealed (bar))
    {
      billet_info_bar_clear_buttons (bar);
      billet_info_bar_add_button (bar, _("Load for This _Post"), "post");
      if (self->shown_site != NULL && self->shown_site->root != NULL)
        billet_info_bar_add_button (bar, _("Load for This _Site"), "site");
    }
  billet_info_bar_set_revealed (bar, show);
}

static void
on_remote_bar_response_cb (BilletPreview *self,
                           const char    *response)
{
  if (g_str_equal (response, "site") && self->shown_site != NULL && self->shown_site->root != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) sites = NULL;

      if (self->remote_image_sites != NULL)
        g_strv_builder_addv (builder, (const char **) self->remote_image_sites);
      g_strv_builder_add (builder, self->shown_site->root);
      sites = g_strv_builder_end (builder);
      /* Bound to the setting by the window: every post of the site, in
       * every window and the next time too. */
      billet_preview_set_remote_image_sites (self, (const char * const *) sites);
      return;
    }

  if (g_str_equal (response, "post") && self->document != NULL)
    {
      g_autofree char *path = dup_post_path (self);

      if (path == NULL)
        g_object_set_data (G_OBJECT (self->document), "billet-remote-images", GINT_TO_POINTER (TRUE));
      else
        {
          if (allowed_posts == NULL)
            allowed_posts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_add (allowed_posts, g_steal_pointer (&path));
        }
      update_page (self);
    }
}

/* The page shows the latest content: tell the tests (and whoever waits). */
static void
finish_update (BilletPreview *self)
{
  self->state = PAGE_READY;

  if (self->latest != NULL || self->needs_reload ||
      self->page_remote_images != wants_remote_images (self))
    update_page (self);
  else if (self->shown_generation == self->generation && !self->rendering)
    g_signal_emit (self, signals[UPDATED], 0);

  if (self->state == PAGE_READY && (self->sync_pending || self->sync_pending_reveal))
    run_sync (self);
}

/* Loads the page with an empty body: the blocks follow in a patch, once
 * it has loaded (see on_load_changed_cb()). */
static void
load_page (BilletPreview *self)
{
  BilletRenderOptions options = { 0 };
  BilletRenderParts shell = { 0 };
  g_autofree char *csp = NULL;
  g_autofree char *html = NULL;

  g_assert (self->view != NULL);
  g_assert (self->shown != NULL);

  shell.lang = self->shown->lang;
  shell.title = self->shown->title;
  shell.description = self->shown->description;
  shell.header_html = (char *) "";
  shell.body_html = (char *) "";

  self->page_remote_images = wants_remote_images (self);
  self->remote_refused = FALSE;
  update_remote_bar (self);
  csp = content_security_policy (self->page_remote_images);
  options.scheme = is_dark () ? BILLET_RENDER_SCHEME_DARK : BILLET_RENDER_SCHEME_LIGHT;
  options.content_security_policy = csp;
  html = billet_render_parts_to_page (&shell, &options, NULL);

  self->state = PAGE_LOADING;
  self->needs_reload = FALSE;
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->view));
  g_free (self->expected_uri);
  self->expected_uri = g_strdup (self->shown_base_uri);

  webkit_web_view_load_html (self->view, html, self->shown_base_uri);
}

static void
patch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(BilletPreview) self = user_data;
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;

  value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->state != PAGE_PATCHING)
    return;

  /* Success is reported by the "applied" message. */
  if (value == NULL || !jsc_value_to_boolean (value))
    {
      /* The page is not what the patch expects (it should not happen:
       * each block is parsed on its own); a reload puts it right. */
      g_debug ("Preview patch failed (%s), reloading", error ? error->message : "no article");
      load_page (self);
    }
}

static void
append_block (GString                   *script,
              const BilletMarkdownBlock *block)
{
  g_string_append_c (script, '[');
  append_js_string (script, block->html);
  g_string_append_printf (script, ",%u,%u]", block->start_line, block->end_line);
}

/* Brings the page from @old (NULL: an empty page) to self->shown, sending
 * only the blocks that changed: the common prefix and suffix by key stay,
 * the middle is replaced, the suffix's lines move by the same amount. */
static void
patch_page (BilletPreview           *self,
            const BilletRenderParts *old)
{
  g_autoptr(GString) script = g_string_new (NULL);
  GPtrArray *new_blocks = self->shown->blocks;
  GPtrArray *old_blocks = old != NULL ? old->blocks : NULL;
  guint n_new = new_blocks->len;
  guint n_old = old_blocks != NULL ? old_blocks->len : 0;
  guint prefix = 0;
  guint suffix = 0;
  int shift = 0;

  g_assert (self->view != NULL);

  while (prefix < n_old && prefix < n_new &&
         ((BilletMarkdownBlock *) g_ptr_array_index (old_blocks, prefix))->key ==
         ((BilletMarkdownBlock *) g_ptr_array_index (new_blocks, prefix))->key)
    prefix++;
  while (suffix < n_old - prefix && suffix < n_new - prefix &&
         ((BilletMarkdownBlock *) g_ptr_array_index (old_blocks, n_old - 1 - suffix))->key ==
         ((BilletMarkdownBlock *) g_ptr_array_index (new_blocks, n_new - 1 - suffix))->key)
    suffix++;
  if (suffix > 0)
    shift = (int) ((BilletMarkdownBlock *) g_ptr_array_index (new_blocks, n_new - suffix))->start_line -
            (int) ((BilletMarkdownBlock *) g_ptr_array_index (old_blocks, n_old - suffix))->start_line;

  g_string_append_printf (script, "billet.patch({generation:%" G_GUINT64_FORMAT ",at:%u,remove:%u,shift:%d%s,insert:[",
                          self->shown_generation, prefix, n_old - prefix - suffix, shift,
                          old == NULL ? ",reset:true" : "");
  for (guint i = prefix; i < n_new - suffix; i++)
    {
      if (i > prefix)
        g_string_append_c (script, ',');
      append_block (script, g_ptr_array_index (new_blocks, i));
    }
  g_string_append (script, "]");

  if (old == NULL || g_strcmp0 (old->header_html, self->shown->header_html) != 0)
    {
      g_string_append (script, ",header:");
      append_js_string (script, self->shown->header_html);
    }
  g_string_append (script, ",title:");
  append_js_string (script, self->shown->title);
  g_string_append (script, ",lang:");
  append_js_string (script, self->shown->lang);
  g_string_append (script, "})");

  self->state = PAGE_PATCHING;
  run_script (self, script->str, script->len, patch_cb, g_object_ref (self));
}

/* Moves the page towards the latest render, unless it is busy: whatever
 * ends the current load or patch calls this again, so renders that arrive
 * meanwhile collapse into one. */
static void
update_page (BilletPreview *self)
{
  g_autoptr(BilletRenderParts) old = NULL;
  gboolean reload;

  if (self->view == NULL)
    return;

  switch (self->state)
    {
    case PAGE_LOADING:
    case PAGE_PATCHING:
    case PAGE_CRASHED:
      return;

    case PAGE_EMPTY:
    case PAGE_READY:
    default:
      break;
    }

  reload = self->state == PAGE_EMPTY || self->needs_reload;

  if (self->latest == NULL)
    {
      if ((reload || self->page_remote_images != wants_remote_images (self)) && self->shown != NULL)
        load_page (self);
      return;
    }

  reload = reload || g_strcmp0 (self->latest_base_uri, self->shown_base_uri) != 0;

  old = g_steal_pointer (&self->shown);
  self->shown = g_steal_pointer (&self->latest);
  g_free (self->shown_base_uri);
  self->shown_base_uri = g_steal_pointer (&self->latest_base_uri);
  g_clear_pointer (&self->shown_site, site_info_unref);
  self->shown_site = g_steal_pointer (&self->latest_site);
  self->shown_generation = self->latest_generation;

  /* The policy of the page as it will be: the site may be another. */
  if (reload || old == NULL || self->page_remote_images != wants_remote_images (self))
    load_page (self);
  else
    patch_page (self, old);
}

static void
render_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderJob *job = task_data;
  gboolean unsafe;

  if (job->delay_ms > 0)
    g_usleep (job->delay_ms * G_TIME_SPAN_MILLISECOND);

  if (g_task_return_error_if_cancelled (task))
    return;

  /* The site's settings, read here: they are files. */
  if (job->site == NULL && job->post_dir != NULL)
    job->site = detect_site (job->post_dir);
  if (job->site == NULL)
    {
      job->site = g_new0 (SiteInfo, 1);
      g_atomic_ref_count_init (&job->site->ref_count);
    }

  unsafe = job->allow_raw_html || job->site->unsafe;
  job->options.markdown_flags = unsafe ? BILLET_MARKDOWN_UNSAFE : BILLET_MARKDOWN_DEFAULT;
  job->options.split_blocks = TRUE;
  /* As the export: the post's language, else the site's, else the
   * interface's; the words the page writes (dates…) follow it. */
  job->options.fallback_lang = job->site->lang != NULL ? job->site->lang : job->interface_lang;

  g_task_return_pointer (task, billet_render_parts (job->post, &job->options),
                         (GDestroyNotify) billet_render_parts_free);
}

static void
render_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  RenderJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(BilletPreview) self = g_weak_ref_get (&job->self);
  g_autoptr(BilletRenderParts) parts = NULL;
  g_autoptr(GError) error = NULL;

  parts = g_task_propagate_pointer (G_TASK (result), &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->rendering = FALSE;
  g_clear_handle_id (&self->slow_source, g_source_remove);
  g_clear_object (&self->render_cancellable);

  /* Superseded while it ran: drop it, render the newest text. */
  if (parts == NULL || job->generation != self->generation)
    {
      start_render (self);
      return;
    }

  set_busy (self, FALSE);
  billet_render_parts_free (self->latest);
  self->latest = g_steal_pointer (&parts);
  g_free (self->latest_base_uri);
  self->latest_base_uri = g_steal_pointer (&job->base_uri);
  g_clear_pointer (&self->latest_site, site_info_unref);
  self->latest_site = site_info_ref (job->site);
  self->latest_generation = job->generation;

  update_page (self);
}

static gboolean
slow_render_cb (gpointer user_data)
{
  BilletPreview *self = user_data;

  self->slow_source = 0;
  set_busy (self, TRUE);

  return G_SOURCE_REMOVE;
}

static void
start_render (BilletPreview *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *document_base = NULL;
  RenderJob *job;

  if (self->render_cancellable != NULL)
    g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);
  self->rendering = FALSE;

  if (self->document == NULL)
    {
      g_clear_handle_id (&self->slow_source, g_source_remove);
      set_busy (self, FALSE);
      return;
    }

  self->render_cancellable = g_cancellable_new ();
  self->rendering = TRUE;
  if (self->slow_source == 0 && !self->busy)
    self->slow_source = g_timeout_add (SLOW_RENDER_MS, slow_render_cb, self);

  document_base = billet_document_dup_base_uri (self->document);

  job = g_new0 (RenderJob, 1);
  g_weak_ref_init (&job->self, self);
  job->post = billet_document_dup_post (self->document);
  job->base_uri = page_base_uri (document_base);
  job->post_dir = document_base != NULL ? g_filename_from_uri (document_base, NULL, NULL) : NULL;
  /* The same folder as the page shown: the same site, no need to look. */
  if (self->shown_site != NULL && g_strcmp0 (job->base_uri, self->shown_base_uri) == 0)
    job->site = site_info_ref (self->shown_site);
  job->generation = self->generation;
  job->allow_raw_html = self->allow_raw_html;
  job->delay_ms = self->render_delay_ms;
  /* Here: the locale is the main thread's business. */
  job->interface_lang = billet_render_dup_interface_language ();

  task = g_task_new (NULL, self->render_cancellable, render_cb, NULL);
  g_task_set_source_tag (task, start_render);
  g_task_set_task_data (task, job, (GDestroyNotify) render_job_free);
  g_task_run_in_thread (task, render_worker);
}

static void
on_document_changed_cb (BilletPreview *self)
{
  self->generation++;

  /* Typing never waits for the preview. When idle, render now (leading
   * edge); while a render runs, it is superseded and render_cb() starts
   * the next one with the newest text, so bursts collapse into one. */
  if (!self->rendering)
    start_render (self);
}

/* Links and navigation */

/* A fragment link (footnotes, a table of contents) within the page: scroll
 * there ourselves, so the page's URI and history never change. */
static gboolean
scroll_to_fragment (BilletPreview *self,
                    const char    *uri)
{
  g_autofree char *fragment = NULL;
  g_autoptr(GString) script = NULL;
  const char *current;
  const char *hash;

  current = webkit_web_view_get_uri (self->view);
  hash = strchr (uri, '#');
  if (current == NULL || hash == NULL)
    return FALSE;

  if (strncmp (uri, current, hash - uri) != 0 ||
      (current[hash - uri] != '\0' && current[hash - uri] != '#'))
    return FALSE;

  fragment = g_uri_unescape_string (hash + 1, NULL);
  if (fragment == NULL || !g_utf8_validate (fragment, -1, NULL))
    return TRUE;

  script = g_string_new ("(function (id) {\n"
                         DOM_PROLOGUE
                         "  var target = D.getElementById.call(doc, id) || D.getElementsByName.call(doc, id)[0];\n"
                         "  if (target) target.scrollIntoView();\n"
                         "})(");
  append_js_string (script, fragment);
  g_string_append (script, ");\n");
  run_script (self, script->str, script->len, ignore_script_result_cb, NULL);

  return TRUE;
}

static void
follow_link (BilletPreview *self,
             const char    *uri)
{
  g_autofree char *scheme = NULL;
  gboolean handled = FALSE;

  if (uri == NULL || scroll_to_fragment (self, uri))
    return;

  scheme = g_uri_parse_scheme (uri);
  if (g_strcmp0 (scheme, "http") == 0 || g_strcmp0 (scheme, "https") == 0 ||
      g_strcmp0 (scheme, "mailto") == 0)
    g_signal_emit (self, signals[ACTIVATE_LINK], 0, uri, &handled);
  else
    g_debug ("Preview: not following a %s: link", scheme ? scheme : "relative");
}

static gboolean
on_decide_policy_cb (BilletPreview            *self,
                     WebKitPolicyDecision     *decision,
                     WebKitPolicyDecisionType  type,
                     WebKitWebView            *view)
{
  WebKitNavigationAction *action;
  WebKitNavigationType navigation;
  const char *uri;

  switch (type)
    {
    case WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION:
    case WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION:
      action = webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
      uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));
      navigation = webkit_navigation_action_get_navigation_type (action);

      /* Our own load_html(), once: a page cannot reuse the permission. */
      if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION &&
          navigation == WEBKIT_NAVIGATION_TYPE_OTHER &&
          self->expected_uri != NULL && g_strcmp0 (uri, self->expected_uri) == 0)
        {
          g_clear_pointer (&self->expected_uri, g_free);
          webkit_policy_decision_use (decision);
          return TRUE;
        }

      /* A click (or a middle click, which asks for a new window) is the
       * author's; redirects, refreshes, frames and forms are the page's. */
      if (navigation == WEBKIT_NAVIGATION_TYPE_LINK_CLICKED)
        follow_link (self, uri);

      webkit_policy_decision_ignore (decision);
      return TRUE;

    case WEBKIT_POLICY_DECISION_TYPE_RESPONSE:
    default:
      /* Responses of navigations: there are none but ours, and nothing
       * is ever downloaded. (Images are subresources, not decided here.) */
      if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE &&
          webkit_response_policy_decision_is_main_frame_main_resource (WEBKIT_RESPONSE_POLICY_DECISION (decision)))
        webkit_policy_decision_use (decision);
      else
        webkit_policy_decision_ignore (decision);
      return TRUE;
    }
}

static void
on_load_changed_cb (BilletPreview   *self,
                    WebKitLoadEvent  event,
                    WebKitWebView   *view)
{
  if (event != WEBKIT_LOAD_FINISHED || self->state != PAGE_LOADING)
    return;

  g_clear_pointer (&self->expected_uri, g_free);
  self->state = PAGE_READY;

  /* WebKit's processes for this page exist now: they must end with the
   * editor, even busy with a big page (see billet-reaper.c). */
  billet_reaper_watch_web_processes ();

  /* The style may have changed while the page was on its way. */
  apply_scheme (self);
  /* The empty page is there: now its blocks. */
  patch_page (self, NULL);
}

static gboolean
on_load_failed_cb (BilletPreview   *self,
                   WebKitLoadEvent  event,
                   const char      *uri,
                   GError          *error,
                   WebKitWebView   *view)
{
  /* Our page is a string, so this is a web process that died on the way
   * (web-process-terminated tells the author) or a load we superseded.
   * load-changed FINISHED follows and settles the state; returning TRUE
   * keeps WebKit's own error page, with its links, out of the preview. */
  if (self->state == PAGE_LOADING)
    g_debug ("The preview could not load its page: %s", error->message);

  return TRUE;
}

static gboolean
on_context_menu_cb (BilletPreview       *self,
                    WebKitContextMenu   *menu,
                    WebKitHitTestResult *hit,
                    WebKitWebView       *view)
{
  GList *items = g_list_copy (webkit_context_menu_get_items (menu));

  /* Copying is all a preview needs; opening, reloading, going back and
   * inspecting would each leave the page we control. */
  for (const GList *l = items; l != NULL; l = l->next)
    {
      WebKitContextMenuItem *item = l->data;

      WebKitContextMenuAction action = webkit_context_menu_item_get_stock_action (item);

      if (action != WEBKIT_CONTEXT_MENU_ACTION_COPY &&
          action != WEBKIT_CONTEXT_MENU_ACTION_SELECT_ALL &&
          action != WEBKIT_CONTEXT_MENU_ACTION_COPY_LINK_TO_CLIPBOARD &&
          action != WEBKIT_CONTEXT_MENU_ACTION_COPY_IMAGE_TO_CLIPBOARD &&
          action != WEBKIT_CONTEXT_MENU_ACTION_COPY_IMAGE_URL_TO_CLIPBOARD)
        webkit_context_menu_remove (menu, item);
    }
  g_list_free (items);

  return webkit_context_menu_get_n_items (menu) == 0;
}

static void
on_web_process_terminated_cb (BilletPreview                     *self,
                              WebKitWebProcessTerminationReason  reason,
                              WebKitWebView                     *view)
{
  g_debug ("The preview's web process ended (reason %d)", reason);

  self->state = PAGE_CRASHED;
  self->sync_in_flight = FALSE;
  g_clear_pointer (&self->expected_uri, g_free);
  gtk_stack_set_visible_child (self->stack, self->crashed);
  update_remote_bar (self);
}

static void
on_reload_clicked_cb (BilletPreview *self)
{
  if (self->state != PAGE_CRASHED)
    return;

  self->state = PAGE_EMPTY;
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->view));
  update_page (self);
}

/* Messages from our script */

static void
on_script_message_cb (BilletPreview *self,
                      JSCValue      *message,
                      WebKitUserContentManager *manager)
{
  g_autoptr(JSCValue) type = NULL;
  g_autofree char *type_name = NULL;

  if (!jsc_value_is_object (message))
    return;

  type = jsc_value_object_get_property (message, "type");
  type_name = jsc_value_to_string (type);

  if (g_strcmp0 (type_name, "applied") == 0)
    {
      g_autoptr(JSCValue) generation = jsc_value_object_get_property (message, "generation");

      if (self->state == PAGE_PATCHING && (guint64) jsc_value_to_double (generation) == self->shown_generation)
        finish_update (self);
    }
  else if (g_strcmp0 (type_name, "remote-refused") == 0)
    {
      /* From the page being shown, not one on its way out. */
      if ((self->state == PAGE_READY || self->state == PAGE_PATCHING) && !self->remote_refused)
        {
          self->remote_refused = TRUE;
          update_remote_bar (self);
        }
    }
  else if (g_strcmp0 (type_name, "line") == 0 && self->sync_scroll)
    {
      g_autoptr(JSCValue) line = jsc_value_object_get_property (message, "line");
      double value = jsc_value_to_double (line);

      if (value >= 1 && value <= G_MAXUINT)
        g_signal_emit (self, signals[LINE_ACTIVATED], 0, (guint) value);
    }
}

/* Scroll sync */

static void
sync_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(BilletPreview) self = user_data;
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;

  value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->sync_in_flight = FALSE;
  if (self->sync_pending || self->sync_pending_reveal)
    run_sync (self);
}

/* Sends the latest scroll request, one at a time: scrolling the source
 * asks many times a frame, the page needs only the last. */
static void
run_sync (BilletPreview *self)
{
  g_autofree char *script = NULL;
  char line[G_ASCII_DTOSTR_BUF_SIZE];

  if (self->view == NULL || self->sync_in_flight || self->state != PAGE_READY)
    return;
  if (!self->sync_pending && !self->sync_pending_reveal)
    return;

  g_ascii_dtostr (line, sizeof line, self->sync_pending_line);
  script = g_strdup_printf ("billet.%s(%s)", self->sync_pending ? "scrollToLine" : "reveal", line);
  self->sync_pending = self->sync_pending_reveal = FALSE;
  self->sync_in_flight = TRUE;
  run_script (self, script, -1, sync_cb, g_object_ref (self));
}

static void
billet_preview_real_scroll_to_line (BilletPreview *self,
                                    double         line)
{
  if (!self->sync_scroll || !(line >= 1.0))
    return;

  self->sync_pending_line = line;
  self->sync_pending = TRUE;
  self->sync_pending_reveal = FALSE;
  run_sync (self);
}

static void
billet_preview_real_reveal_line (BilletPreview *self,
                                 guint          line)
{
  if (!self->sync_scroll || line == 0)
    return;

  /* A scroll already asked for wins: it puts the same place in view. */
  if (!self->sync_pending)
    {
      self->sync_pending_line = line;
      self->sync_pending_reveal = TRUE;
    }
  run_sync (self);
}

/* The view */

static WebKitNetworkSession *
get_network_session (void)
{
  static WebKitNetworkSession *session;

  /* One for every preview of the process: nothing on disk, no cookies or
   * cache shared with a browser, one network process. */
  if (session == NULL)
    session = webkit_network_session_new_ephemeral ();

  return session;
}

static void
register_image_scheme (void)
{
  static gsize registered;

  if (g_once_init_enter (&registered))
    {
      WebKitWebContext *context = webkit_web_context_get_default ();

      webkit_web_context_register_uri_scheme (context, IMAGE_SCHEME, on_image_request_cb, NULL, NULL);
      g_once_init_leave (&registered, 1);
    }
}

static WebKitUserContentManager *
create_content_manager (void)
{
  WebKitUserContentManager *manager = webkit_user_content_manager_new ();
  g_autoptr(GBytes) script = NULL;
  g_autoptr(GBytes) style = NULL;
  g_autoptr(WebKitUserScript) user_script = NULL;
  g_autoptr(WebKitUserStyleSheet) user_style = NULL;

  /* From the editor's resources, registered when the executable started:
   * the generated accessor is internal to the executable, so the module
   * looks them up by path. */
  script = g_resources_lookup_data ("/org/billet/Billet/preview/billet-preview.js", 0, NULL);
  style = g_resources_lookup_data ("/org/billet/Billet/preview/billet-preview.css", 0, NULL);
  g_assert (script != NULL && style != NULL);

  user_script = webkit_user_script_new_for_world (g_bytes_get_data (script, NULL),
                                                  WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                                  WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_START,
                                                  WORLD, NULL, NULL);
  webkit_user_content_manager_add_script (manager, user_script);

  user_style = webkit_user_style_sheet_new (g_bytes_get_data (style, NULL),
                                            WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                            WEBKIT_USER_STYLE_LEVEL_USER, NULL, NULL);
  webkit_user_content_manager_add_style_sheet (manager, user_style);

  webkit_user_content_manager_register_script_message_handler (manager, "billet", WORLD);

  return manager;
}

static void
create_view (BilletPreview *self)
{
  g_autoptr(WebKitSettings) settings = NULL;
  g_autoptr(WebKitUserContentManager) manager = NULL;

  g_assert (self->view == NULL);

  register_image_scheme ();
  manager = create_content_manager ();

  /* WebKitGTK 6.0 has no plugins or Java to turn off any more. */
  settings = webkit_settings_new_with_settings ("enable-javascript", TRUE,
                                                "enable-javascript-markup", FALSE,
                                                "enable-developer-extras", FALSE,
                                                "allow-file-access-from-file-urls", FALSE,
                                                "allow-universal-access-from-file-urls", FALSE,
                                                "allow-top-navigation-to-data-urls", FALSE,
                                                "allow-modal-dialogs", FALSE,
                                                "javascript-can-open-windows-automatically", FALSE,
                                                "javascript-can-access-clipboard", FALSE,
                                                "enable-html5-database", FALSE,
                                                "enable-html5-local-storage", FALSE,
                                                "enable-page-cache", FALSE,
                                                "enable-back-forward-navigation-gestures", FALSE,
                                                "enable-fullscreen", FALSE,
                                                "enable-webgl", FALSE,
                                                "enable-webrtc", FALSE,
                                                "enable-media-stream", FALSE,
                                                /* Videos could not load anyway (the
                                                 * CSP's media-src is 'none'). */
                                                "enable-media", FALSE,
                                                "enable-encrypted-media", FALSE,
                                                "enable-webaudio", FALSE,
                                                "enable-dns-prefetching", FALSE,
                                                "media-playback-requires-user-gesture", TRUE,
                                                NULL);

  self->view = g_object_new (WEBKIT_TYPE_WEB_VIEW,
                             "network-session", get_network_session (),
                             "user-content-manager", manager,
                             "settings", settings,
                             "hexpand", TRUE,
                             "vexpand", TRUE,
                             NULL);
  g_object_set_data (G_OBJECT (self->view), "billet-preview", self);

  g_signal_connect_object (manager, "script-message-received::billet",
                           G_CALLBACK (on_script_message_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "decide-policy",
                           G_CALLBACK (on_decide_policy_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "load-changed",
                           G_CALLBACK (on_load_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "load-failed",
                           G_CALLBACK (on_load_failed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "context-menu",
                           G_CALLBACK (on_context_menu_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "web-process-terminated",
                           G_CALLBACK (on_web_process_terminated_cb), self, G_CONNECT_SWAPPED);

  gtk_stack_add_child (self->stack, GTK_WIDGET (self->view));
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->view));

  self->state = PAGE_EMPTY;
  apply_scheme (self);
  update_page (self);
}

static gboolean
create_view_idle_cb (gpointer user_data)
{
  BilletPreview *self = user_data;

  self->create_source = 0;
  create_view (self);

  return G_SOURCE_REMOVE;
}

/* The first frame of the preview is being drawn: once it is out, create
 * the web view. */
static gboolean
first_frame_tick_cb (GtkWidget     *widget,
                     GdkFrameClock *frame_clock,
                     gpointer       user_data)
{
  BilletPreview *self = BILLET_PREVIEW (widget);

  self->tick_id = 0;
  if (self->view == NULL && self->create_source == 0)
    self->create_source = g_idle_add_full (G_PRIORITY_LOW, create_view_idle_cb, self, NULL);

  return G_SOURCE_REMOVE;
}

static void
billet_preview_map (GtkWidget *widget)
{
  BilletPreview *self = BILLET_PREVIEW (widget);

  GTK_WIDGET_CLASS (billet_preview_parent_class)->map (widget);

  if (self->view == NULL && self->tick_id == 0 && self->create_source == 0)
    self->tick_id = gtk_widget_add_tick_callback (widget, first_frame_tick_cb, NULL, NULL);
}

static void
billet_preview_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  /* The page's background until the web view paints over it, and behind
   * the status page after a crash. */
  gtk_snapshot_append_color (snapshot, is_dark () ? &dark_background : &light_background,
                             &GRAPHENE_RECT_INIT (0, 0,
                                                  gtk_widget_get_width (widget),
                                                  gtk_widget_get_height (widget)));

  GTK_WIDGET_CLASS (billet_preview_parent_class)->snapshot (widget, snapshot);
}

static void
on_dark_changed_cb (BilletPreview   *self,
                    GParamSpec      *pspec,
                    AdwStyleManager *manager)
{
  apply_scheme (self);
}

static gboolean
billet_preview_real_activate_link (BilletPreview *self,
                                   const char    *uri)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);

  return TRUE;
}

static void
billet_preview_dispose (GObject *object)
{
  BilletPreview *self = (BilletPreview *) object;

  billet_preview_set_document (self, NULL);

  g_cancellable_cancel (self->cancellable);
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  g_clear_handle_id (&self->create_source, g_source_remove);
  g_clear_handle_id (&self->slow_source, g_source_remove);
  if (self->render_cancellable != NULL)
    g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);

  adw_bin_set_child (ADW_BIN (self), NULL);
  self->stack = NULL;
  self->view = NULL;
  self->placeholder = NULL;
  self->crashed = NULL;
  self->busy_badge = NULL;
  self->remote_bar = NULL;

  G_OBJECT_CLASS (billet_preview_parent_class)->dispose (object);
}

static void
billet_preview_finalize (GObject *object)
{
  BilletPreview *self = (BilletPreview *) object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->latest, billet_render_parts_free);
  g_clear_pointer (&self->latest_base_uri, g_free);
  g_clear_pointer (&self->shown, billet_render_parts_free);
  g_clear_pointer (&self->shown_base_uri, g_free);
  g_clear_pointer (&self->latest_site, site_info_unref);
  g_clear_pointer (&self->shown_site, site_info_unref);
  g_clear_pointer (&self->expected_uri, g_free);
  g_clear_pointer (&self->remote_image_sites, g_strfreev);

  G_OBJECT_CLASS (billet_preview_parent_class)->finalize (object);
}

static void
billet_preview_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BilletPreview *self = BILLET_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_ALLOW_RAW_HTML:
      g_value_set_boolean (value, self->allow_raw_html);
      break;
    case PROP_LOAD_REMOTE_IMAGES:
      g_value_set_boolean (value, self->load_remote_images);
      break;
    case PROP_REMOTE_IMAGE_SITES:
      /* Never NULL here: a settings binding writes it back as an array. */
      if (self->remote_image_sites != NULL)
        g_value_set_boxed (value, self->remote_image_sites);
      else
        g_value_take_boxed (value, g_new0 (char *, 1));
      break;
    case PROP_SYNC_SCROLL:
      g_value_set_boolean (value, self->sync_scroll);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
billet_preview_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BilletPreview *self = BILLET_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      billet_preview_set_document (self, g_value_get_object (value));
      break;
    case PROP_ALLOW_RAW_HTML:
      billet_preview_set_allow_raw_html (self, g_value_get_boolean (value));
      break;
    case PROP_LOAD_REMOTE_IMAGES:
      billet_preview_set_load_remote_images (self, g_value_get_boolean (value));
      break;
    case PROP_REMOTE_IMAGE_SITES:
      billet_preview_set_remote_image_sites (self, g_value_get_boxed (value));
      break;
    case PROP_SYNC_SCROLL:
      billet_preview_set_sync_scroll (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
billet_preview_class_init (BilletPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = billet_preview_dispose;
  object_class->finalize = billet_preview_finalize;
  object_class->get_property = billet_preview_get_property;
  object_class->set_property = billet_preview_set_property;

  widget_class->map = billet_preview_map;
  widget_class->snapshot = billet_preview_snapshot;

  /**
   * BilletPreview:document:
   *
   * The document shown, or %NULL.
   */
  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, BILLET_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * BilletPreview:allow-raw-html:
   *
   * Whether the body's raw HTML is kept, as the site's settings say (Hugo's
   * markup.goldmark.renderer.unsafe). Off by default: it is omitted, as
   * Hugo does. Either way no script of the page ever runs.
   */
  properties[PROP_ALLOW_RAW_HTML] =
    g_param_spec_boolean ("allow-raw-html", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * BilletPreview:load-remote-images:
   *
   * Whether images from http: and https: addresses are loaded in every post
   * (the "load-remote-images" setting). Off by default: a bar offers to
   * load them for the post or its site. Either way, every other kind of
   * remote resource never loads.
   */
  properties[PROP_LOAD_REMOTE_IMAGES] =
    g_param_spec_boolean ("load-remote-images", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * BilletPreview:remote-image-sites:
   *
   * The sites (their folders' real paths) whose posts load remote images
   * (the "remote-image-sites" setting). "Load for This Site" adds the
   * post's.
   */
  properties[PROP_REMOTE_IMAGE_SITES] =
    g_param_spec_boxed ("remote-image-sites", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * BilletPreview:sync-scroll:
   *
   * Whether ::scroll-to-line and ::reveal-line move the page, and clicks in
   * the page emit ::line-activated (the "sync-scroll" setting).
   */
  properties[PROP_SYNC_SCROLL] =
    g_param_spec_boolean ("sync-scroll", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * BilletPreview:busy:
   *
   * Whether a render has been running for a while: the preview shows a
   * discreet "Rendering…" badge meanwhile, and the page its previous state.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BilletPreview::updated:
   *
   * Emitted when the page has been loaded or patched with the document's
   * latest content (not after an intermediate render that a newer change
   * already superseded).
   */
  signals[UPDATED] =
    g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * BilletPreview::activate-link:
   * @uri: an http, https or mailto URI
   *
   * Emitted when the author follows a link of the page. The default
   * handler opens @uri in the user's browser; return %TRUE to stop it.
   * Links with other schemes are never followed.
   *
   * Returns: %TRUE when the link was handled
   */
  signals[ACTIVATE_LINK] =
    g_signal_new_class_handler ("activate-link", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (billet_preview_real_activate_link),
                                g_signal_accumulator_true_handled, NULL, NULL,
                                G_TYPE_BOOLEAN, 1, G_TYPE_STRING);

  /**
   * BilletPreview::line-activated:
   * @line: a line of the body, 1-based (the source view's line + 1)
   *
   * Emitted when the author clicks a block of the page, with the line of
   * the source it comes from (in proportion within the block), while
   * #BilletPreview:sync-scroll is on.
   */
  signals[LINE_ACTIVATED] =
    g_signal_new ("line-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * BilletPreview::scroll-to-line:
   * @line: a line of the body, 1-based, fractional (12.5 is halfway down
   *   line 12)
   *
   * An action signal (the window, which does not link the preview module,
   * emits it by name): scrolls the page so that the place of @line, within
   * the block that holds it, is at the top.
   */
  signals[SCROLL_TO_LINE] =
    g_signal_new_class_handler ("scroll-to-line", G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
                                G_CALLBACK (billet_preview_real_scroll_to_line),
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);

  /**
   * BilletPreview::reveal-line:
   * @line: a line of the body, 1-based
   *
   * An action signal: scrolls the page, as little as possible, so that
   * the place of @line is in sight (the cursor moved).
   */
  signals[REVEAL_LINE] =
    g_signal_new_class_handler ("reveal-line", G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
                                G_CALLBACK (billet_preview_real_reveal_line),
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "billet-preview");
}

static void
billet_preview_init (BilletPreview *self)
{
  GtkWidget *button;
  GtkWidget *overlay;
  GtkWidget *column;
  GtkWidget *spinner;
  GtkWidget *label;

  self->cancellable = g_cancellable_new ();
  self->state = PAGE_EMPTY;
  self->sync_scroll = TRUE;

  overlay = gtk_overlay_new ();
  adw_bin_set_child (ADW_BIN (self), overlay);
  column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), column);

  /* Above the page, which it pushes down rather than covers. */
  self->remote_bar = billet_info_bar_new (BILLET_INFO_BAR_INFO);
  billet_info_bar_set_title (BILLET_INFO_BAR (self->remote_bar), _("This post has remote images"));
  billet_info_bar_set_message (BILLET_INFO_BAR (self->remote_bar),
                               _("Loading them tells their servers you read it."));
  g_signal_connect_object (self->remote_bar, "response",
                           G_CALLBACK (on_remote_bar_response_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (column), self->remote_bar);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_box_append (GTK_BOX (column), GTK_WIDGET (self->stack));

  /* "Still rendering": a small badge in a corner, over the page as it
   * was, which stays readable. */
  self->busy_badge = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (self->busy_badge, "osd");
  gtk_widget_add_css_class (self->busy_badge, "toolbar");
  gtk_widget_set_halign (self->busy_badge, GTK_ALIGN_END);
  gtk_widget_set_valign (self->busy_badge, GTK_ALIGN_START);
  gtk_widget_set_margin_top (self->busy_badge, 6);
  gtk_widget_set_margin_end (self->busy_badge, 6);
  gtk_widget_set_can_target (self->busy_badge, FALSE);
  spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_box_append (GTK_BOX (self->busy_badge), spinner);
  label = gtk_label_new (_("Rendering…"));
  gtk_box_append (GTK_BOX (self->busy_badge), label);
  gtk_widget_set_visible (self->busy_badge, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->busy_badge);

  self->placeholder = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_stack_add_child (self->stack, self->placeholder);

  button = gtk_button_new_with_mnemonic (_("_Reload Preview"));
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_reload_clicked_cb), self, G_CONNECT_SWAPPED);

  self->crashed = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->crashed), "dialog-warning-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (self->crashed), _("The Preview Stopped"));
  adw_status_page_set_description (ADW_STATUS_PAGE (self->crashed),
                                   _("The page could not be shown. Your post is safe and you can keep editing."));
  adw_status_page_set_child (ADW_STATUS_PAGE (self->crashed), button);
  gtk_stack_add_child (self->stack, self->crashed);

  gtk_stack_set_visible_child (self->stack, self->placeholder);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * billet_preview_new:
 *
 * Returns: (transfer full): a new preview, showing no document
 */
BilletPreview *
billet_preview_new (void)
{
  return g_object_new (BILLET_TYPE_PREVIEW, NULL);
}

/**
 * billet_preview_get_document:
 *
 * Returns: (transfer none) (nullable): the document shown
 */
BilletDocument *
billet_preview_get_document (BilletPreview *self)
{
  g_return_val_if_fail (BILLET_IS_PREVIEW (self), NULL);

  return self->document;
}

/**
 * billet_preview_set_document:
 * @document: (nullable): the document to show, or %NULL for none
 *
 * Shows @document, rendered now and again after each of its changes.
 */
void
billet_preview_set_document (BilletPreview  *self,
                             BilletDocument *document)
{
  g_return_if_fail (BILLET_IS_PREVIEW (self));
  g_return_if_fail (document == NULL || BILLET_IS_DOCUMENT (document));

  if (self->document == document)
    return;

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_func (self->document, on_document_changed_cb, self);

  g_set_object (&self->document, document);

  /* Whatever was on its way belongs to the old document. */
  if (self->render_cancellable != NULL)
    g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);
  self->rendering = FALSE;
  g_clear_handle_id (&self->slow_source, g_source_remove);
  set_busy (self, FALSE);
  g_clear_pointer (&self->latest, billet_render_parts_free);
  g_clear_pointer (&self->latest_base_uri, g_free);
  g_clear_pointer (&self->latest_site, site_info_unref);
  self->generation++;
  self->needs_reload = TRUE;

  if (document != NULL)
    {
      g_signal_connect_object (document, "changed",
                               G_CALLBACK (on_document_changed_cb), self, G_CONNECT_SWAPPED);
      start_render (self);
    }
  else if (self->stack != NULL)
    {
      /* No page until the next document: the themed background. The old
       * page stays loaded behind it, and the next document reloads. */
      g_clear_pointer (&self->shown, billet_render_parts_free);
      g_clear_pointer (&self->shown_base_uri, g_free);
      g_clear_pointer (&self->shown_site, site_info_unref);
      if (self->state != PAGE_CRASHED)
        gtk_stack_set_visible_child (self->stack, self->placeholder);
    }

  if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

gboolean
billet_preview_get_allow_raw_html (BilletPreview *self)
{
  g_return_val_if_fail (BILLET_IS_PREVIEW (self), FALSE);

  return self->allow_raw_html;
}

/**
 * billet_preview_set_allow_raw_html:
 *
 * Sets #BilletPreview:allow-raw-html and renders the document again.
 */
void
billet_preview_set_allow_raw_html (BilletPreview *self,
                                   gboolean       allow_raw_html)
{
  g_return_if_fail (BILLET_IS_PREVIEW (self));

  allow_raw_html = !!allow_raw_html;
  if (self->allow_raw_html == allow_raw_html)
    return;

  self->allow_raw_html = allow_raw_html;
  self->generation++;
  start_render (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOW_RAW_HTML]);
}

gboolean
billet_preview_get_load_remote_images (BilletPreview *self)
{
  g_return_val_if_fail (BILLET_IS_PREVIEW (self), FALSE);

  return self->load_remote_images;
}

/**
 * billet_preview_set_load_remote_images:
 *
 * Sets #BilletPreview:load-remote-images; the page reloads if its policy
 * changes (a Content-Security-Policy holds for the page's life).
 */
void
billet_preview_set_load_remote_images (BilletPreview *self,
                                       gboolean       load_remote_images)
{
  g_return_if_fail (BILLET_IS_PREVIEW (self));

  load_remote_images = !!load_remote_images;
  if (self->load_remote_images == load_remote_images)
    return;

  self->load_remote_images = load_remote_images;
  update_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOAD_REMOTE_IMAGES]);
}

/**
 * billet_preview_get_remote_image_sites:
 *
 * Returns: (transfer none) (nullable): #BilletPreview:remote-image-sites
 */
const char * const *
billet_preview_get_remote_image_sites (BilletPreview *self)
{
  g_return_val_if_fail (BILLET_IS_PREVIEW (self), NULL);

  return (const char * const *) self->remote_image_sites;
}

/**
 * billet_preview_set_remote_image_sites:
 * @sites: (nullable): real paths of sites' folders
 *
 * Sets #BilletPreview:remote-image-sites; the page reloads if its policy
 * changes.
 */
void
billet_preview_set_remote_image_sites (BilletPreview      *self,
                                       const char * const *sites)
{
  g_return_if_fail (BILLET_IS_PREVIEW (self));

  if (sites != NULL && sites[0] == NULL)
    sites = NULL;
  if (sites == NULL ? self->remote_image_sites == NULL
                    : self->remote_image_sites != NULL &&
                      g_strv_equal (sites, (const char * const *) self->remote_image_sites))
    return;

  g_strfreev (self->remote_image_sites);
  self->remote_image_sites = g_strdupv ((char **) sites);
  update_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_IMAGE_SITES]);
}

gboolean
billet_preview_get_sync_scroll (BilletPreview *self)
{
  g_return_val_if_fail (BILLET_IS_PREVIEW (self), FALSE);

  return self->sync_scroll;
}

void
billet_preview_set_sync_scroll (BilletPreview *self,
                                gboolean       sync_scroll)
{
  g_return_if_fail (BILLET_IS_PREVIEW (self));

  sync_scroll = !!sync_scroll;
  if (self->sync_scroll == sync_scroll)
    return;

  self->sync_scroll = sync_scroll;
  self->sync_pending = self->sync_pending_reveal = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_SCROLL]);
}

gboolean
billet_preview_get_busy (BilletPreview *self)
{
  g_return_val_if_fail (BILLET_IS_PREVIEW (self), FALSE);

  return self->busy;
}

/* For tests: each render sleeps @delay_ms first, as a slow one would. */
void
_billet_preview_set_render_delay (BilletPreview *self,
                                  guint          delay_ms)
{
  g_return_if_fail (BILLET_IS_PREVIEW (self));

  self->render_delay_ms = delay_ms;
}

/* For tests: the web view, once created. */
WebKitWebView *
_billet_preview_get_web_view (BilletPreview *self)
{
  g_return_val_if_fail (BILLET_IS_PREVIEW (self), NULL);

  return self->view;
}
