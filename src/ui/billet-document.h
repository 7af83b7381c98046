/* billet-document.h — an open post: its file, its two buffers, its parsed front matter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtksourceview/gtksource.h>

#include "billet-post.h"

G_BEGIN_DECLS

#define BILLET_TYPE_DOCUMENT (billet_document_get_type ())

G_DECLARE_FINAL_TYPE (BilletDocument, billet_document, BILLET, DOCUMENT, GObject)

/*
 * Properties: "file" (GFile), "title" (the front matter's title, else the
 * file's name, else "Untitled"), "modified" (either buffer differs from the
 * file).
 * Signals: "changed" after any change of either buffer (drives the preview);
 * "front-matter-changed" after the front-matter text was parsed again,
 * valid or not (drives the form).
 */

BilletDocument        *billet_document_new                     (void);
GFile                 *billet_document_get_file                (BilletDocument       *self);
gboolean               billet_document_load                    (BilletDocument       *self,
                                                                GFile                *file,
                                                                GError              **error);
gboolean               billet_document_save                    (BilletDocument       *self,
                                                                GFile                *file,
                                                                GError              **error);
GtkSourceBuffer       *billet_document_get_body_buffer         (BilletDocument       *self);
GtkSourceBuffer       *billet_document_get_front_matter_buffer (BilletDocument       *self);
BilletFrontMatterKind  billet_document_get_front_matter_kind   (BilletDocument       *self);
BilletFrontMatter     *billet_document_get_front_matter        (BilletDocument       *self);
const GError          *billet_document_get_front_matter_error  (BilletDocument       *self,
                                                                guint                *line,
                                                                guint                *column);
gboolean               billet_document_set_value               (BilletDocument       *self,
                                                                const char           *path,
                                                                const char           *value,
                                                                BilletNodeKind        kind,
                                                                GError              **error);
gboolean               billet_document_set_list                (BilletDocument       *self,
                                                                const char           *path,
                                                                const char * const   *items,
                                                                GError              **error);
gboolean               billet_document_remove_key              (BilletDocument       *self,
                                                                const char           *path,
                                                                GError              **error);
gboolean               billet_document_get_modified            (BilletDocument       *self);
guint                  billet_document_get_body_line           (BilletDocument       *self);
const char            *billet_document_get_title               (BilletDocument       *self);
BilletPost            *billet_document_dup_post                (BilletDocument       *self);
char                  *billet_document_dup_base_uri            (BilletDocument       *self);

G_END_DECLS
