/* billet-sidebar.h — the posts of the open folder: search, sort, filter, open
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "billet-post-list.h"

G_BEGIN_DECLS

#define BILLET_TYPE_SIDEBAR (billet_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (BilletSidebar, billet_sidebar, BILLET, SIDEBAR, GtkWidget)

typedef enum
{
  BILLET_SIDEBAR_SORT_DATE,
  BILLET_SIDEBAR_SORT_TITLE,
  BILLET_SIDEBAR_SORT_MODIFIED,
} BilletSidebarSort;

GtkWidget      *billet_sidebar_new            (void);
void            billet_sidebar_set_post_list  (BilletSidebar     *self,
                                               BilletPostList    *list);
BilletPostList *billet_sidebar_get_post_list  (BilletSidebar     *self);
GListModel     *billet_sidebar_get_model      (BilletSidebar     *self);
void            billet_sidebar_set_search     (BilletSidebar     *self,
                                               const char        *text);
void            billet_sidebar_set_sort       (BilletSidebar     *self,
                                               BilletSidebarSort  sort);
void            billet_sidebar_set_drafts_only (BilletSidebar    *self,
                                               gboolean           drafts_only);
void            billet_sidebar_set_section    (BilletSidebar     *self,
                                               const char        *section);
void            billet_sidebar_set_language   (BilletSidebar     *self,
                                               const char        *lang);
void            billet_sidebar_select         (BilletSidebar     *self,
                                               BilletPostItem    *item);
void            billet_sidebar_focus_search   (BilletSidebar     *self);

G_END_DECLS
