/* billet-preview-images.h — which local files the preview's page may load
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GLib and GIO only: no WebKit, no GTK, so that the rules are tested on
 * their own (tests/test-preview-images.c).
 */

#pragma once

#include <gio/gio.h>

#include "billet-markdown.h"

G_BEGIN_DECLS

/* The only scheme the page loads anything from (its images). */
#define BILLET_PREVIEW_IMAGE_SCHEME "billet-image"

/* The static site a post belongs to, as far as the preview needs it. */
typedef struct
{
  gatomicrefcount  ref_count;
  char            *post_dir;    /* real path of the post's folder, or NULL */
  char            *root;        /* real path of the site, or NULL */
  char            *static_dir;  /* real path of its static folder, or NULL */
  gboolean         unsafe;      /* the site keeps raw HTML */
  BilletMarkdownFlags markdown_flags; /* how its generator renders Markdown */
  char            *lang;        /* the language of the folder's posts (its language
                                 * content folder's languageCode, else the site's), or NULL */
} BilletPreviewSite;

BilletPreviewSite *billet_preview_site_new       (const char              *post_dir);
BilletPreviewSite *billet_preview_site_ref       (BilletPreviewSite       *site);
void               billet_preview_site_unref     (BilletPreviewSite       *site);

char              *billet_preview_page_base_uri  (const char              *document_base_uri);
char              *billet_preview_image_lookup   (const BilletPreviewSite *site,
                                                  const char              *uri,
                                                  char                   **mime_type,
                                                  GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BilletPreviewSite, billet_preview_site_unref)

G_END_DECLS
