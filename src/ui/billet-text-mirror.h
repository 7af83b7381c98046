/* billet-text-mirror.h — a text buffer's text, kept edit by edit, for other threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Follows a GtkTextBuffer from the main thread; not an object, owned by
 * whoever created it. */
typedef struct _BilletTextMirror BilletTextMirror;

/* The text at one moment: immutable, reference-counted, readable from any
 * thread. */
typedef struct _BilletTextSnapshot BilletTextSnapshot;

BilletTextMirror   *billet_text_mirror_new             (GtkTextBuffer      *buffer);
void                billet_text_mirror_free            (BilletTextMirror   *self);
BilletTextSnapshot *billet_text_mirror_snapshot        (BilletTextMirror   *self);
gsize               billet_text_mirror_count_words     (BilletTextMirror   *self);
guint               billet_text_mirror_get_full_copies (BilletTextMirror   *self);

BilletTextSnapshot *billet_text_snapshot_ref           (BilletTextSnapshot *self);
void                billet_text_snapshot_unref         (BilletTextSnapshot *self);
gsize               billet_text_snapshot_get_length    (BilletTextSnapshot *self);
void                billet_text_snapshot_append_to     (BilletTextSnapshot *self,
                                                        GString            *out);
gsize               billet_text_snapshot_count_words   (BilletTextSnapshot *self);
gboolean            billet_text_snapshot_try_count_words (BilletTextSnapshot *self,
                                                        guint               max_new,
                                                        gsize              *words);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BilletTextMirror, billet_text_mirror_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BilletTextSnapshot, billet_text_snapshot_unref)

G_END_DECLS
