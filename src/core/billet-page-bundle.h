/* billet-page-bundle.h — turning a post into a page bundle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "billet-site.h"

G_BEGIN_DECLS

#define BILLET_PAGE_BUNDLE_ERROR (billet_page_bundle_error_quark ())

typedef enum
{
  BILLET_PAGE_BUNDLE_ERROR_UNSUPPORTED,  /* not a Hugo or Zola post, or a bundle already */
  BILLET_PAGE_BUNDLE_ERROR_EXISTS,       /* the bundle's folder exists */
  BILLET_PAGE_BUNDLE_ERROR_SHARED,       /* another post links one of its images */
  BILLET_PAGE_BUNDLE_ERROR_UNREADABLE,   /* not UTF-8, or cannot be read */
  BILLET_PAGE_BUNDLE_ERROR_CHANGED,      /* undo: the bundle changed since */
} BilletPageBundleError;

/**
 * BilletPageBundleUndo:
 *
 * What one conversion did on disk (the post's bytes, the images moved,
 * the folders it removed), to put it back with billet_page_bundle_revert().
 */
typedef struct _BilletPageBundleUndo BilletPageBundleUndo;

GQuark      billet_page_bundle_error_quark          (void);
char       *billet_page_bundle_target               (const char            *post_path);
gboolean    billet_page_bundle_convert              (BilletSite            *site,
                                                     const char            *post_path,
                                                     char                 **bundle_path,
                                                     guint                 *n_moved,
                                                     BilletPageBundleUndo **undo,
                                                     GError               **error);
gboolean    billet_page_bundle_revert               (BilletPageBundleUndo  *undo,
                                                     GError               **error);
const char *billet_page_bundle_undo_get_post_path   (BilletPageBundleUndo  *undo);
const char *billet_page_bundle_undo_get_bundle_path (BilletPageBundleUndo  *undo);
void        billet_page_bundle_undo_free            (BilletPageBundleUndo  *undo);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BilletPageBundleUndo, billet_page_bundle_undo_free)

G_END_DECLS
