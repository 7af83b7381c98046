/* billet-document-bars.h — the bars a document raises above the source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "billet-document.h"
#include "billet-info-bar.h"

G_BEGIN_DECLS

#define BILLET_TYPE_DOCUMENT_BARS (billet_document_bars_get_type ())

G_DECLARE_FINAL_TYPE (BilletDocumentBars, billet_document_bars, BILLET, DOCUMENT_BARS, GtkWidget)

/**
 * BilletDocumentBar:
 * @BILLET_DOCUMENT_BAR_EXTERNAL: the file changed on disk
 * @BILLET_DOCUMENT_BAR_ENCODING: the post is in a legacy encoding
 * @BILLET_DOCUMENT_BAR_STRAY: the post has stray bytes
 * @BILLET_DOCUMENT_BAR_MOJIBAKE: the post has mis-encoded text
 * @BILLET_DOCUMENT_BAR_DRAFT: the unsaved changes could not be written to a
 *   draft: a crash would lose them
 * @BILLET_DOCUMENT_BAR_RECOVERY: reading the post put right a save that had
 *   been interrupted
 */
typedef enum
{
  BILLET_DOCUMENT_BAR_EXTERNAL,
  BILLET_DOCUMENT_BAR_ENCODING,
  BILLET_DOCUMENT_BAR_STRAY,
  BILLET_DOCUMENT_BAR_MOJIBAKE,
  BILLET_DOCUMENT_BAR_DRAFT,
  BILLET_DOCUMENT_BAR_RECOVERY,
  BILLET_N_DOCUMENT_BARS,
} BilletDocumentBar;

GtkWidget     *billet_document_bars_new          (void);
void           billet_document_bars_set_document (BilletDocumentBars *self,
                                                  BilletDocument     *document);
BilletInfoBar *billet_document_bars_get_bar      (BilletDocumentBars *self,
                                                  BilletDocumentBar   bar);

G_END_DECLS
