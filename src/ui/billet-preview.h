/* billet-preview.h — the live preview of a post, in a locked-down web view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "billet-document.h"
#include "billet-preview-slot.h"

G_BEGIN_DECLS

#define BILLET_TYPE_PREVIEW (billet_preview_get_type ())

G_DECLARE_FINAL_TYPE (BilletPreview, billet_preview, BILLET, PREVIEW, AdwBin)

/*
 * The module's widget: the window, which does not link the module, knows
 * it only as a BilletPreviewSlot (billet-preview-slot.h), which it
 * implements; scroll sync and clicks in the page go through that
 * interface. This header is for the module and the tests.
 *
 * Properties: "document" (BilletDocument, nullable), "allow-raw-html"
 * (keep the body's raw HTML even where the site does not; off by default),
 * "load-remote-images" (http: and https: images in every post; off by
 * default), "remote-image-sites" (GStrv: the sites whose posts load them),
 * "sync-scroll" (on by default), "busy" (read-only: a slow render is
 * running).
 * Signals: "updated" after the page shows the latest content;
 * "activate-link" (uri) when the author follows an http, https or mailto
 * link, whose default handler opens it in the user's browser.
 */

BilletPreview  *billet_preview_new                (void);
BilletDocument *billet_preview_get_document       (BilletPreview  *self);
void            billet_preview_set_document       (BilletPreview  *self,
                                                   BilletDocument *document);
gboolean        billet_preview_get_allow_raw_html (BilletPreview  *self);
void            billet_preview_set_allow_raw_html (BilletPreview  *self,
                                                   gboolean        allow_raw_html);
gboolean        billet_preview_get_load_remote_images (BilletPreview *self);
void            billet_preview_set_load_remote_images (BilletPreview *self,
                                                       gboolean       load_remote_images);
const char * const *billet_preview_get_remote_image_sites (BilletPreview      *self);
void            billet_preview_set_remote_image_sites (BilletPreview      *self,
                                                       const char * const *sites);
gboolean        billet_preview_get_sync_scroll    (BilletPreview  *self);
void            billet_preview_set_sync_scroll    (BilletPreview  *self,
                                                   gboolean        sync_scroll);
gboolean        billet_preview_get_busy           (BilletPreview  *self);

G_END_DECLS
