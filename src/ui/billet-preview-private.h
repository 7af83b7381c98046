/* billet-preview-private.h — what the files of BilletPreview share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * BilletPreview is one object in four files, one idea each:
 * billet-preview.c (the widget: the document shown, renders in a worker,
 * the bars and badges around the page, settings), billet-preview-page.c
 * (the page: assembling it, patching it, talking to our script in it,
 * scroll sync), billet-preview-view.c (the locked-down web view: settings,
 * web context, user content, Content-Security-Policy, navigation, the
 * image scheme's handler) and billet-preview-images.c (which local files
 * the page may load: the security boundary, without WebKit).
 * The tests reach a few internals at the end.
 */

#pragma once

#include <webkit/webkit.h>

#include "billet-preview.h"
#include "billet-preview-images.h"
#include "billet-render.h"

G_BEGIN_DECLS

/* Our script world, and the name of its message handler. */
#define BILLET_PREVIEW_WORLD "billet"

typedef enum
{
  PAGE_EMPTY,     /* nothing loaded in the web view (yet, or any more) */
  PAGE_LOADING,   /* our load_html() of the empty page is on its way */
  PAGE_PATCHING,  /* a patch is running, "applied" not back yet */
  PAGE_READY,     /* the page shows self->shown */
  PAGE_CRASHED,   /* the web process died; waiting for the author */
} PageState;

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
  BilletPreviewSite *latest_site;
  guint64            latest_generation;
  BilletRenderParts *shown;
  char              *shown_base_uri;
  /* The last render that finished, even superseded, and its post: the
   * next render parses again only what changed since (its blocks, its
   * flags and language, nothing else). */
  BilletRenderParts *previous;
  BilletPost        *previous_post;
  /* The headings of the last render shown, which the next one's outline
   * is made against (billet_outline_new_from_blocks()). */
  BilletOutline     *outline;
  BilletPreviewSite *shown_site;
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

  /* Whoever shows the preview (BilletPreviewSlot). */
  const BilletPreviewSlotCallbacks *callbacks;
  gpointer           callbacks_data;

  /* Scroll sync: one call in flight, the latest request waiting; the
   * requests to scroll to a line so far (tests). */
  guint              scroll_requests;
  gboolean           sync_in_flight;
  double             sync_pending_line;
  gboolean           sync_pending;
  gboolean           sync_pending_reveal;
  /* Tests: patches that compared every block of two renders here */
  guint              block_walks;
};

/* billet-preview.c */
gboolean       _billet_preview_wants_remote_images (BilletPreview *self);
gboolean       _billet_preview_is_windowed         (BilletPreview *self);
void           _billet_preview_update_remote_bar   (BilletPreview *self);
void           _billet_preview_emit_updated        (BilletPreview *self);
void           _billet_preview_line_activated      (BilletPreview *self,
                                                    guint          line);
void           _billet_preview_scrolled_to_line    (BilletPreview *self,
                                                    double         line);
void           _billet_preview_emit_activate_link  (BilletPreview *self,
                                                    const char    *uri);

/* billet-preview-page.c */
const GdkRGBA *_billet_preview_get_background      (void);
void           _billet_preview_apply_scheme        (BilletPreview *self);
void           _billet_preview_update_page         (BilletPreview *self);
void           _billet_preview_discard_parts       (BilletRenderParts *parts);
void           _billet_preview_patch_page          (BilletPreview           *self,
                                                    const BilletRenderParts *old);
gboolean       _billet_preview_scroll_to_fragment  (BilletPreview *self,
                                                    const char    *uri);
void           _billet_preview_on_script_message   (BilletPreview *self,
                                                    JSCValue      *message);
void           _billet_preview_scroll_to_line      (BilletPreview *self,
                                                    double         line);
void           _billet_preview_reveal_line         (BilletPreview *self,
                                                    guint          line);
void           _billet_preview_run_sync            (BilletPreview *self);

/* billet-preview-view.c */
char          *_billet_preview_content_security_policy (gboolean remote_images);
void           _billet_preview_queue_view          (BilletPreview *self);

/* For tests */
void           _billet_preview_set_render_delay    (BilletPreview *self,
                                                    guint          delay_ms);
WebKitWebView *_billet_preview_get_web_view        (BilletPreview *self);
guint          _billet_preview_get_scroll_requests (BilletPreview *self);
guint          _billet_preview_get_block_walks     (BilletPreview *self);

G_END_DECLS
