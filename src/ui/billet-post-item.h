/* billet-post-item.h — one post of an open folder, as the sidebar lists it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "billet-index.h"

G_BEGIN_DECLS

#define BILLET_TYPE_POST_ITEM (billet_post_item_get_type ())

G_DECLARE_FINAL_TYPE (BilletPostItem, billet_post_item, BILLET, POST_ITEM, GObject)

BilletPostItem          *billet_post_item_new              (BilletPostSummary *summary,
                                                            GFile             *file,
                                                            const char        *section);
const BilletPostSummary *billet_post_item_get_summary      (BilletPostItem    *self);
void                     billet_post_item_set_summary      (BilletPostItem    *self,
                                                            BilletPostSummary *summary);
GFile                   *billet_post_item_get_file         (BilletPostItem    *self);
const char              *billet_post_item_get_path         (BilletPostItem    *self);
const char              *billet_post_item_get_section      (BilletPostItem    *self);
const char              *billet_post_item_get_title        (BilletPostItem    *self);
const char              *billet_post_item_get_date_label   (BilletPostItem    *self);
char                    *billet_post_item_dup_tags_label   (BilletPostItem    *self);
gint64                   billet_post_item_get_date_key     (BilletPostItem    *self);
gint64                   billet_post_item_get_mtime        (BilletPostItem    *self);
const char              *billet_post_item_get_collate_key  (BilletPostItem    *self);
gboolean                 billet_post_item_get_draft        (BilletPostItem    *self);
gboolean                 billet_post_item_get_scheduled    (BilletPostItem    *self);
const char              *billet_post_item_get_warning      (BilletPostItem    *self);
gboolean                 billet_post_item_get_modified     (BilletPostItem    *self);
void                     billet_post_item_set_modified     (BilletPostItem    *self,
                                                            gboolean           modified);
gboolean                 billet_post_item_get_title_repeated (BilletPostItem  *self);
void                     billet_post_item_set_title_repeated (BilletPostItem  *self,
                                                              gboolean         repeated);
char                    *billet_post_item_dup_folder_label (BilletPostItem    *self);
gboolean                 billet_post_item_matches          (BilletPostItem    *self,
                                                            const char        *folded_needle);

char                    *billet_fold_for_search            (const char        *text);
char                    *billet_format_post_date           (const char        *date,
                                                            gint64             date_key);

G_END_DECLS
