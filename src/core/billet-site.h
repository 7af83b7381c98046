/* billet-site.h — the static site a folder or a post belongs to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "billet-markdown.h"

G_BEGIN_DECLS

typedef enum
{
  BILLET_SITE_PLAIN,   /* no generator's configuration: a folder of posts */
  BILLET_SITE_HUGO,    /* hugo.toml|yaml|json, config/_default/, or config.toml|yaml|yml|json beside content/ */
  BILLET_SITE_JEKYLL,  /* _config.yml */
  BILLET_SITE_ASTRO,   /* astro.config.mjs|js|ts|cjs|mts */
  BILLET_SITE_ZOLA,    /* config.toml with a base_url */
} BilletSiteKind;

/* A plain reference-counted structure (the command line links no GObject),
 * immutable once made: safe to share between threads. */
typedef struct _BilletSite BilletSite;

BilletSite          *billet_site_new_for_path      (const char  *path,
                                                    GError     **error);
BilletSite          *billet_site_new_for_environment (const char *path,
                                                    const char  *environment,
                                                    GError     **error);
gboolean             billet_site_is_environment_name (const char *name);
const char          *billet_site_get_environment   (BilletSite  *self);
const char          *billet_site_get_language_code (BilletSite  *self,
                                                    const char  *lang);
const char          *billet_site_get_language_title (BilletSite *self,
                                                    const char  *lang);
const char          *billet_site_get_dir_collection (BilletSite *self,
                                                    const char  *real_dir,
                                                    const char **permalink);
BilletSite          *billet_site_ref               (BilletSite  *self);
void                 billet_site_unref             (BilletSite  *self);

BilletSiteKind       billet_site_get_kind          (BilletSite  *self);
const char          *billet_site_get_root          (BilletSite  *self);
const char          *billet_site_get_config_path   (BilletSite  *self);
const char * const  *billet_site_get_content_dirs  (BilletSite  *self);
const char          *billet_site_get_static_dir    (BilletSite  *self);
gboolean             billet_site_get_unsafe        (BilletSite  *self);
BilletMarkdownFlags  billet_site_get_markdown_flags (BilletSite *self);
const char          *billet_site_get_language      (BilletSite  *self);
const char          *billet_site_get_title         (BilletSite  *self);
const char * const  *billet_site_get_languages     (BilletSite  *self);
const char          *billet_site_get_default_language (BilletSite *self);
const char          *billet_site_find_language     (BilletSite  *self,
                                                    const char  *text,
                                                    gsize        len);
const char          *billet_site_get_dir_language  (BilletSite  *self,
                                                    const char  *real_dir);
const char          *billet_site_get_language_subdir (BilletSite *self,
                                                    const char  *lang);
const char          *billet_site_get_path_language (BilletSite  *self,
                                                    const char  *path);
gboolean             billet_site_is_inside         (BilletSite  *self,
                                                    const char  *real_path);
const char          *billet_site_kind_to_string    (BilletSiteKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BilletSite, billet_site_unref)

G_END_DECLS
