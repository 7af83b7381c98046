/* billet-page-text.h — the text Billet writes into a page, in the page's language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* xgettext extracts these calls (po/meson.build and tests/i18n know the
 * keywords): the message is translated in po/LANG.po like any other, but
 * looked up for @lang, whatever the process's locale. */
const char *billet_page_text  (const char *lang,
                               const char *msgid) G_GNUC_FORMAT (2);
const char *billet_page_ntext (const char *lang,
                               const char *msgid,
                               const char *msgid_plural,
                               gulong      n) G_GNUC_FORMAT (2) G_GNUC_FORMAT (3);

gboolean    billet_page_date  (const char  *lang,
                               const char  *text,
                               char       **datetime,
                               char       **label);

G_END_DECLS
