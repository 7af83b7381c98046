/* billet-post-list.h — the posts of an open folder, kept current
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "billet-index.h"
#include "billet-post-item.h"

G_BEGIN_DECLS

#define BILLET_TYPE_POST_LIST (billet_post_list_get_type ())

G_DECLARE_FINAL_TYPE (BilletPostList, billet_post_list, BILLET, POST_LIST, GObject)

BilletPostList *billet_post_list_new           (void);
void            billet_post_list_open_async    (BilletPostList  *self,
                                                const char      *folder,
                                                GCancellable    *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer         user_data);
gboolean        billet_post_list_open_finish   (BilletPostList  *self,
                                                GAsyncResult    *result,
                                                GError         **error);
const char     *billet_post_list_get_folder    (BilletPostList  *self);
BilletSite     *billet_post_list_get_site      (BilletPostList  *self);
char           *billet_post_list_dup_name      (BilletPostList  *self);
GListModel     *billet_post_list_get_model     (BilletPostList  *self);
GListModel     *billet_post_list_get_sections  (BilletPostList  *self);
gboolean        billet_post_list_get_loading   (BilletPostList  *self);
GPtrArray      *billet_post_list_get_notes     (BilletPostList  *self);
BilletPostItem *billet_post_list_lookup        (BilletPostList  *self,
                                                GFile           *file);
gboolean        billet_post_list_contains      (BilletPostList  *self,
                                                GFile           *file);
void            billet_post_list_set_unsaved   (BilletPostList  *self,
                                                GFile           *file,
                                                BilletPost      *post);
void            billet_post_list_refresh_file  (BilletPostList  *self,
                                                GFile           *file);
char          **billet_post_list_dup_values    (BilletPostList  *self,
                                                const char      *key,
                                                guint          **counts);
char           *billet_post_list_dup_section_for (BilletPostList *self,
                                                  GFile          *file);

G_END_DECLS
