/* billet-export.h — a whole site to a folder of HTML pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "billet-index.h"

G_BEGIN_DECLS

typedef struct
{
  /* Also export drafts and posts dated in the future. */
  gboolean    drafts;
  /* Language of pages when neither the post nor the site names one. */
  const char *fallback_lang;
} BilletExportOptions;

typedef struct
{
  guint pages;       /* post pages written */
  guint left_out;    /* drafts and scheduled posts, without options->drafts */
  guint invalid;     /* posts skipped for invalid front matter or encoding, or colliding */
  guint copied;      /* resources and images copied */
  guint tags;        /* tag pages written */
} BilletExportStats;

/**
 * BilletExportReportFunc:
 * @path: relative to the indexed folder
 * @line: 1-based, or 0 when the problem has no position
 * @column: 1-based, or 0
 * @message: translated
 * @is_error: %TRUE for a post that was skipped, %FALSE for a note
 *
 * Called on the thread that called billet_export_site(), after the pages
 * are written, in path order.
 */
typedef void (*BilletExportReportFunc) (const char *path,
                                        guint       line,
                                        guint       column,
                                        const char *message,
                                        gboolean    is_error,
                                        gpointer    user_data);

gboolean billet_export_site (BilletIndex               *index,
                             const char                *outdir,
                             const BilletExportOptions *options,
                             BilletExportReportFunc     report,
                             gpointer                   user_data,
                             BilletExportStats         *stats,
                             GError                   **error);

char    *billet_export_tag_slug (const char *tag);

G_END_DECLS
