/* billet-preview.h — the live preview of a post, in a locked-down web view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "billet-document.h"

G_BEGIN_DECLS

#define BILLET_TYPE_PREVIEW (billet_preview_get_type ())

G_DECLARE_FINAL_TYPE (BilletPreview, billet_preview, BILLET, PREVIEW, AdwBin)

/*
 * Properties: "document" (BilletDocument, nullable), "allow-raw-html"
 * (keep the body's raw HTML, as the site's settings say; off by default).
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

G_END_DECLS
