/* billet-document-snapshot.h — a document's text at one moment, for other threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "billet-document.h"
#include "billet-text-mirror.h"

G_BEGIN_DECLS

/* Immutable and reference-counted: taken on the main thread, read by any. */
typedef struct _BilletDocumentSnapshot BilletDocumentSnapshot;

BilletDocumentSnapshot *billet_document_dup_snapshot       (BilletDocument         *self);
BilletTextSnapshot     *billet_document_dup_body_snapshot  (BilletDocument         *self);
guint                   _billet_document_get_body_copies   (BilletDocument         *self);

BilletDocumentSnapshot *billet_document_snapshot_ref       (BilletDocumentSnapshot *snapshot);
void                    billet_document_snapshot_unref     (BilletDocumentSnapshot *snapshot);
GBytes                 *billet_document_snapshot_serialize (BilletDocumentSnapshot *snapshot);
BilletPost             *billet_document_snapshot_dup_post  (BilletDocumentSnapshot *snapshot);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BilletDocumentSnapshot, billet_document_snapshot_unref)

G_END_DECLS
