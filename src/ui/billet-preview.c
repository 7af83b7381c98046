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
 *   flickers. The patch's call answers once the DOM is updated and laid
 *   out; that is when ::updated fires.
 *
 * - Blocks carry data-sourcepos with lines counted in the body, 1-based,
 *   which are the source view's lines (the view shows the body only):
 *   scroll_to_line() puts the block holding a source line at the top of
 *   the preview, interpolated within the block; reveal_line() brings a
 *   line's block into sight; a click in a block calls back
 *   line_activated(), and the author scrolling the page scrolled_to_line()
 *   with the line at its top (see billet-preview-slot.h, the window's
 *   interface).
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
 *
 * This file is the widget: the document shown, its renders, the bars and
 * badges around the page, the settings. The page and our script in it are
 * billet-preview-page.c, the web view's set-up and policies
 * billet-preview-view.c, the rules for local images
 * billet-preview-images.c (see billet-preview-private.h).
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <glib/gi18n.h>
#include <gmodule.h>
#include <webkit/webkit.h>

#include "billet-document-snapshot.h"
#include "billet-index.h"
#include "billet-info-bar.h"
#include "billet-preview.h"
#include "billet-preview-private.h"
#include "billet-render.h"

/* A render slower than this shows the "Rendering…" badge. */
#define SLOW_RENDER_MS 400

static void billet_preview_slot_iface_init (BilletPreviewSlotInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BilletPreview, billet_preview, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (BILLET_TYPE_PREVIEW_SLOT, billet_preview_slot_iface_init))

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
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The posts whose remote images the author allowed for this session ("Load
 * for This Post"), by path, for every preview of the process. */
static GHashTable *allowed_posts;

static void start_render (BilletPreview *self);

/* Rendering */

typedef struct
{
  GWeakRef             self;
  /* The text is taken on the main thread, as a snapshot; the post is
   * read from it in the render thread. */
  BilletDocumentSnapshot *snapshot;
  BilletPost          *post;
  BilletRenderOptions  options;
  gboolean             allow_raw_html;
  char                *base_uri;
  char                *post_dir;
  BilletPreviewSite   *site;
  char                *interface_lang;
  guint64              generation;
  guint                delay_ms;
  BilletMarkdownFlags  name_flags;  /* what the post's name says (.mdx) */
  BilletOutline       *outline;     /* the headings among the blocks */
  BilletOutline       *previous_outline;
  /* The last render's, to parse again only what changed */
  BilletPost          *previous_post;
  GPtrArray           *previous_blocks;
  BilletMarkdownFlags  previous_flags;
  char                *previous_lang;
  guint64              previous_serial;
} RenderJob;

static void
render_job_free (RenderJob *job)
{
  g_weak_ref_clear (&job->self);
  g_clear_pointer (&job->snapshot, billet_document_snapshot_unref);
  g_clear_pointer (&job->post, billet_post_unref);
  g_free (job->base_uri);
  g_free (job->post_dir);
  billet_preview_site_unref (job->site);
  g_free (job->interface_lang);
  g_clear_pointer (&job->outline, billet_outline_unref);
  g_clear_pointer (&job->previous_outline, billet_outline_unref);
  g_clear_pointer (&job->previous_post, billet_post_unref);
  g_clear_pointer (&job->previous_blocks, g_ptr_array_unref);
  g_free (job->previous_lang);
  g_free (job);
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
gboolean
_billet_preview_wants_remote_images (BilletPreview *self)
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
void
_billet_preview_update_remote_bar (BilletPreview *self)
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
      billet_preview_set_remote_image_sites (self, (const char * const *) sites);
      /* For the setting, through the window: every post of the site, in
       * every window and the next time too. */
      if (self->callbacks != NULL && self->callbacks->remote_image_sites_changed != NULL)
        self->callbacks->remote_image_sites_changed (self->callbacks_data, (const char * const *) sites);
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
      _billet_preview_update_page (self);
    }
}

static void
render_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderJob *job = task_data;
  BilletRenderPrevious previous = { NULL, };
  BilletRenderParts *parts;
  gboolean unsafe;

  if (job->delay_ms > 0)
    g_usleep (job->delay_ms * G_TIME_SPAN_MILLISECOND);

  if (g_task_return_error_if_cancelled (task))
    return;

  /* The site's settings, read here: they are files. */
  if (job->site == NULL)
    job->site = billet_preview_site_new (job->post_dir);

  /* As the site renders: heading ids, Liquid, Goldmark's settings. */
  unsafe = job->allow_raw_html || job->site->unsafe;
  job->options.markdown_flags = job->site->markdown_flags & ~BILLET_MARKDOWN_UNSAFE;
  if (unsafe)
    job->options.markdown_flags |= BILLET_MARKDOWN_UNSAFE;
  job->options.markdown_flags |= job->name_flags;
  job->options.split_blocks = TRUE;
  /* As the export: the post's language, else the site's, else the
   * interface's; the words the page writes (dates…) follow it. */
  job->options.fallback_lang = job->site->lang != NULL ? job->site->lang : job->interface_lang;
  /* Joined and split here: for a large post, copying it is not the main
   * thread's work. */
  job->post = billet_document_snapshot_dup_post (job->snapshot);

  if (job->previous_post != NULL)
    {
      previous.body = billet_post_get_body (job->previous_post, &previous.body_len);
      previous.blocks = job->previous_blocks;
      previous.flags = job->previous_flags;
      previous.lang = job->previous_lang;
      previous.serial = job->previous_serial;
      job->options.previous = &previous;
    }
  parts = billet_render_parts (job->post, &job->options);
  job->options.previous = NULL;
  /* Here, in the thread, in case this held the last reference: a large
   * post's blocks take milliseconds to free. */
  g_clear_pointer (&job->previous_blocks, g_ptr_array_unref);
  g_clear_pointer (&job->previous_post, billet_post_unref);
  /* The outline before itself when its headings did not move, so that
   * the window sees at once that nothing changed. */
  job->outline = billet_outline_new_from_blocks (parts->blocks, job->previous_outline);
  /* The page is patched block by block: the body's HTML in one piece is
   * never sent, and as large as the blocks. */
  g_clear_pointer (&parts->body_html, g_free);
  g_task_return_pointer (task, parts, (GDestroyNotify) billet_render_parts_free);
}

static void
forget_render (BilletPreview *self)
{
  /* A large post's blocks are freed in a thread. */
  _billet_preview_discard_parts (g_steal_pointer (&self->previous));
  g_clear_pointer (&self->previous_post, billet_post_unref);
}

static void
remember_render (BilletPreview           *self,
                 BilletPost              *post,
                 const BilletRenderParts *parts)
{
  forget_render (self);
  self->previous = g_new0 (BilletRenderParts, 1);
  self->previous->blocks = g_ptr_array_ref (parts->blocks);
  self->previous->flags = parts->flags;
  self->previous->lang = g_strdup (parts->lang);
  self->previous->serial = parts->serial;
  self->previous_post = billet_post_ref (post);
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

  /* The base of the next render, superseded or not: it is this text's. */
  if (parts != NULL && parts->blocks != NULL)
    remember_render (self, job->post, parts);

  self->rendering = FALSE;
  g_clear_handle_id (&self->slow_source, g_source_remove);
  g_clear_object (&self->render_cancellable);

  /* Superseded while it ran: drop it (a large post's in a thread: while
   * the author types, every render is superseded, and freeing its blocks
   * here took the main thread milliseconds a key), render the newest
   * text. */
  if (parts == NULL || job->generation != self->generation)
    {
      _billet_preview_discard_parts (g_steal_pointer (&parts));
      start_render (self);
      return;
    }

  set_busy (self, FALSE);
  _billet_preview_discard_parts (self->latest);
  self->latest = g_steal_pointer (&parts);
  g_free (self->latest_base_uri);
  self->latest_base_uri = g_steal_pointer (&job->base_uri);
  g_clear_pointer (&self->latest_site, billet_preview_site_unref);
  self->latest_site = billet_preview_site_ref (job->site);
  self->latest_generation = job->generation;

  _billet_preview_update_page (self);
  /* A cursor's line that waited for this render and found no patch to go
   * with (the page is loading, say). */
  _billet_preview_run_sync (self);

  g_clear_pointer (&self->outline, billet_outline_unref);
  self->outline = billet_outline_ref (job->outline);
  if (self->callbacks != NULL && self->callbacks->outline_changed != NULL)
    self->callbacks->outline_changed (self->callbacks_data, job->outline);
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
  job->snapshot = billet_document_dup_snapshot (self->document);
  job->base_uri = billet_preview_page_base_uri (document_base);
  job->post_dir = document_base != NULL ? g_filename_from_uri (document_base, NULL, NULL) : NULL;
  /* The same folder as the page shown: the same site, no need to look. */
  if (self->shown_site != NULL && g_strcmp0 (job->base_uri, self->shown_base_uri) == 0)
    job->site = billet_preview_site_ref (self->shown_site);
  job->generation = self->generation;
  job->allow_raw_html = self->allow_raw_html;
  job->delay_ms = self->render_delay_ms;
  {
    GFile *file = billet_document_get_file (self->document);
    g_autofree char *name = file != NULL ? g_file_get_basename (file) : NULL;

    job->name_flags = name != NULL ? billet_index_get_markdown_flags_for (name) : BILLET_MARKDOWN_DEFAULT;
  }
  /* Here: the locale is the main thread's business. */
  job->interface_lang = billet_render_dup_interface_language ();
  if (self->previous != NULL)
    {
      job->previous_post = billet_post_ref (self->previous_post);
      job->previous_blocks = g_ptr_array_ref (self->previous->blocks);
      job->previous_flags = self->previous->flags;
      job->previous_lang = g_strdup (self->previous->lang);
      job->previous_serial = self->previous->serial;
    }
  if (self->outline != NULL)
    job->previous_outline = billet_outline_ref (self->outline);

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

static void
on_reload_clicked_cb (BilletPreview *self)
{
  if (self->state != PAGE_CRASHED)
    return;

  self->state = PAGE_EMPTY;
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->view));
  _billet_preview_update_page (self);
}

static void
billet_preview_map (GtkWidget *widget)
{
  BilletPreview *self = BILLET_PREVIEW (widget);

  GTK_WIDGET_CLASS (billet_preview_parent_class)->map (widget);

  _billet_preview_queue_view (self);
}

static void
billet_preview_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  /* The page's background until the web view paints over it, and behind
   * the status page after a crash. */
  gtk_snapshot_append_color (snapshot, _billet_preview_get_background (),
                             &GRAPHENE_RECT_INIT (0, 0,
                                                  gtk_widget_get_width (widget),
                                                  gtk_widget_get_height (widget)));

  GTK_WIDGET_CLASS (billet_preview_parent_class)->snapshot (widget, snapshot);
}

/* For the other files of the preview: its signals and callbacks. */
void
_billet_preview_emit_updated (BilletPreview *self)
{
  g_signal_emit (self, signals[UPDATED], 0);
}

void
_billet_preview_line_activated (BilletPreview *self,
                                guint          line)
{
  if (self->callbacks != NULL && self->callbacks->line_activated != NULL)
    self->callbacks->line_activated (self->callbacks_data, line);
}

void
_billet_preview_scrolled_to_line (BilletPreview *self,
                                  double         line)
{
  if (self->callbacks != NULL && self->callbacks->scrolled_to_line != NULL)
    self->callbacks->scrolled_to_line (self->callbacks_data, line);
}

void
_billet_preview_emit_activate_link (BilletPreview *self,
                                    const char    *uri)
{
  gboolean handled = FALSE;

  g_signal_emit (self, signals[ACTIVATE_LINK], 0, uri, &handled);
}

static void
on_dark_changed_cb (BilletPreview   *self,
                    GParamSpec      *pspec,
                    AdwStyleManager *manager)
{
  _billet_preview_apply_scheme (self);
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
  g_clear_pointer (&self->latest_site, billet_preview_site_unref);
  g_clear_pointer (&self->shown_site, billet_preview_site_unref);
  g_clear_pointer (&self->previous, billet_render_parts_free);
  g_clear_pointer (&self->previous_post, billet_post_unref);
  g_clear_pointer (&self->outline, billet_outline_unref);
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
   * Whether billet_preview_slot_scroll_to_line() and _reveal_line() move
   * the page, and clicks in the page call back line_activated() (the
   * "sync-scroll" setting).
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

  gtk_widget_class_set_css_name (widget_class, "billet-preview");
}

static void
billet_preview_init (BilletPreview *self)
{
  GtkWidget *button;
  GtkWidget *overlay;
  GtkWidget *column;
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
   * was, which stays readable. Still, without a spinner: a large post
   * renders for most of the time the author types, and a spinner would
   * draw the window sixty times a second all along. */
  self->busy_badge = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (self->busy_badge, "osd");
  gtk_widget_add_css_class (self->busy_badge, "toolbar");
  gtk_widget_set_halign (self->busy_badge, GTK_ALIGN_END);
  gtk_widget_set_valign (self->busy_badge, GTK_ALIGN_START);
  gtk_widget_set_margin_top (self->busy_badge, 6);
  gtk_widget_set_margin_end (self->busy_badge, 6);
  gtk_widget_set_can_target (self->busy_badge, FALSE);
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
  g_clear_pointer (&self->latest_site, billet_preview_site_unref);
  forget_render (self);
  g_clear_pointer (&self->outline, billet_outline_unref);
  self->generation++;
  self->needs_reload = TRUE;

  if (document != NULL)
    {
      g_signal_connect_object (document, "changed",
                               G_CALLBACK (on_document_changed_cb), self, G_CONNECT_SWAPPED);
      /* A post that becomes large, or small again, after its last render
       * (the document decides at idle, once the view has laid the edit
       * out): a render's patch tells the page to window itself, or not. */
      g_signal_connect_object (document, "notify::light-highlighting",
                               G_CALLBACK (on_document_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (document, "notify::large",
                               G_CALLBACK (on_document_changed_cb), self, G_CONNECT_SWAPPED);
      start_render (self);
    }
  else if (self->stack != NULL)
    {
      /* No page until the next document: the themed background. The old
       * page stays loaded behind it, and the next document reloads. */
      g_clear_pointer (&self->shown, billet_render_parts_free);
      g_clear_pointer (&self->shown_base_uri, g_free);
      g_clear_pointer (&self->shown_site, billet_preview_site_unref);
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
  _billet_preview_update_page (self);
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
  _billet_preview_update_page (self);
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

/* BilletPreviewSlot: what the window, which does not link the module,
 * calls. */

static void
billet_preview_slot_set_document_impl (BilletPreviewSlot *slot,
                                       BilletDocument    *document)
{
  billet_preview_set_document (BILLET_PREVIEW (slot), document);
}

static void
billet_preview_slot_set_sync_scroll_impl (BilletPreviewSlot *slot,
                                          gboolean           sync_scroll)
{
  billet_preview_set_sync_scroll (BILLET_PREVIEW (slot), sync_scroll);
}

static void
billet_preview_slot_set_load_remote_images_impl (BilletPreviewSlot *slot,
                                                 gboolean           load_remote_images)
{
  billet_preview_set_load_remote_images (BILLET_PREVIEW (slot), load_remote_images);
}

static void
billet_preview_slot_set_remote_image_sites_impl (BilletPreviewSlot  *slot,
                                                 const char * const *sites)
{
  billet_preview_set_remote_image_sites (BILLET_PREVIEW (slot), sites);
}

static void
billet_preview_slot_scroll_to_line_impl (BilletPreviewSlot *slot,
                                         double             line)
{
  _billet_preview_scroll_to_line (BILLET_PREVIEW (slot), line);
}

static void
billet_preview_slot_reveal_line_impl (BilletPreviewSlot *slot,
                                      guint              line)
{
  _billet_preview_reveal_line (BILLET_PREVIEW (slot), line);
}

static void
billet_preview_slot_set_callbacks_impl (BilletPreviewSlot                *slot,
                                        const BilletPreviewSlotCallbacks *callbacks,
                                        gpointer                          user_data)
{
  BilletPreview *self = BILLET_PREVIEW (slot);

  self->callbacks = callbacks;
  self->callbacks_data = callbacks != NULL ? user_data : NULL;
}

static void
billet_preview_slot_iface_init (BilletPreviewSlotInterface *iface)
{
  iface->set_document = billet_preview_slot_set_document_impl;
  iface->set_sync_scroll = billet_preview_slot_set_sync_scroll_impl;
  iface->set_load_remote_images = billet_preview_slot_set_load_remote_images_impl;
  iface->set_remote_image_sites = billet_preview_slot_set_remote_image_sites_impl;
  iface->scroll_to_line = billet_preview_slot_scroll_to_line_impl;
  iface->reveal_line = billet_preview_slot_reveal_line_impl;
  iface->set_callbacks = billet_preview_slot_set_callbacks_impl;
}

/**
 * billet_preview_module_get_type:
 *
 * The module's entry point (see billet-preview-slot.h).
 *
 * Returns: %BILLET_TYPE_PREVIEW
 */
G_MODULE_EXPORT GType
billet_preview_module_get_type (void)
{
  return BILLET_TYPE_PREVIEW;
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

/* For tests: how many times the page was asked to scroll to a line. */
guint
_billet_preview_get_scroll_requests (BilletPreview *self)
{
  g_return_val_if_fail (BILLET_IS_PREVIEW (self), 0);

  return self->scroll_requests;
}

/* Tests: how many patches compared two renders' blocks on the main thread
 * (the render's thread did not know the page's). */
guint
_billet_preview_get_block_walks (BilletPreview *self)
{
  g_return_val_if_fail (BILLET_IS_PREVIEW (self), 0);

  return self->block_walks;
}
