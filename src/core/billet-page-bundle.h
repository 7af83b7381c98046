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
} BilletPageBundleError;

GQuark    billet_page_bundle_error_quark (void);
char     *billet_page_bundle_target      (const char  *post_path);
gboolean  billet_page_bundle_convert     (BilletSite  *site,
                                          const char  *post_path,
                                          char       **bundle_path,
                                          guint       *n_moved,
                                          GError     **error);

G_END_DECLS
