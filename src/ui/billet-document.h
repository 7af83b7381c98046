/* billet-document.h — an open post: its file, its two buffers, its parsed front matter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtksourceview/gtksource.h>

#include "billet-draft-store.h"
#include "billet-encoding.h"
#include "billet-post.h"

G_BEGIN_DECLS

#define BILLET_TYPE_DOCUMENT (billet_document_get_type ())

G_DECLARE_FINAL_TYPE (BilletDocument, billet_document, BILLET, DOCUMENT, GObject)

/**
 * BilletDocumentSaveFlags:
 * @BILLET_DOCUMENT_SAVE_NONE: no flags
 * @BILLET_DOCUMENT_SAVE_OVERWRITE: write even over a file that changed on
 *   disk since the document read it (the author said so)
 */
typedef enum
{
  BILLET_DOCUMENT_SAVE_NONE      = 0,
  BILLET_DOCUMENT_SAVE_OVERWRITE = 1 << 0,
} BilletDocumentSaveFlags;

/*
 * Properties: "file" (GFile), "title" (the front matter's title, else the
 * file's name, else "Untitled"), "modified" (either buffer differs from the
 * file), "externally-modified" (the file changed on disk while the
 * document had changes), "charset" (a BilletCharset), "n-stray" (stray
 * bytes in the text), "has-mojibake", "loading" and "loading-progress"
 * (a load, reload or restore under way), "saving", "large" (shown without
 * highlighting).
 * Signals: "changed" after any change of either buffer (drives the preview);
 * "front-matter-changed" after the front-matter text was parsed again,
 * valid or not (drives the form).
 */

BilletDocument        *billet_document_new                     (void);
GFile                 *billet_document_get_file                (BilletDocument       *self);
void                   billet_document_load_async              (BilletDocument       *self,
                                                                GFile                *file,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
gboolean               billet_document_load_finish             (BilletDocument       *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);
void                   billet_document_save_async              (BilletDocument       *self,
                                                                GFile                *file,
                                                                BilletDocumentSaveFlags flags,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
gboolean               billet_document_save_finish             (BilletDocument       *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);
void                   billet_document_reload_async            (BilletDocument       *self,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
gboolean               billet_document_reload_finish           (BilletDocument       *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);
gboolean               billet_document_get_loading             (BilletDocument       *self);
gboolean               billet_document_get_saving              (BilletDocument       *self);
gboolean               billet_document_get_large               (BilletDocument       *self);
char                  *billet_document_read_file_text          (GFile                *file,
                                                                GError              **error);
BilletCharset          billet_document_get_charset             (BilletDocument       *self);
void                   billet_document_convert_to_utf8         (BilletDocument       *self);
guint                  billet_document_get_n_stray             (BilletDocument       *self,
                                                                guint                *line,
                                                                guint                *column);
void                   billet_document_remove_stray            (BilletDocument       *self);
gboolean               billet_document_select_first_stray      (BilletDocument       *self);
const BilletMojibake  *billet_document_get_mojibake            (BilletDocument       *self);
guint                  billet_document_repair_mojibake         (BilletDocument       *self);
gboolean               billet_document_get_externally_modified (BilletDocument       *self);
gboolean               billet_document_get_file_on_disk        (BilletDocument       *self);
void                   billet_document_keep_mine               (BilletDocument       *self);
char                  *billet_document_dup_disk_diff           (BilletDocument       *self,
                                                                GError              **error);
const char            *billet_document_get_draft_id            (BilletDocument       *self);
const char            *billet_document_get_recovery            (BilletDocument       *self);
void                   billet_document_dismiss_recovery        (BilletDocument       *self);
void                   billet_document_discard_draft           (BilletDocument       *self);
void                   billet_document_restore_draft_async     (BilletDocument       *self,
                                                                const BilletDraft    *draft,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
gboolean               billet_document_restore_draft_finish    (BilletDocument       *self,
                                                                GAsyncResult         *result,
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
GBytes                *billet_document_dup_bytes               (BilletDocument       *self);
char                  *billet_document_dup_base_uri            (BilletDocument       *self);

G_END_DECLS
