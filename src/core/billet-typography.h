/* billet-typography.h — French typography: what is wrong in prose, and its fix
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  BILLET_TYPOGRAPHY_SPACE_BEFORE,     /* ; ! ? : */
  BILLET_TYPOGRAPHY_GUILLEMETS,       /* « » */
  BILLET_TYPOGRAPHY_APOSTROPHE,       /* ' in a word */
  BILLET_TYPOGRAPHY_ELLIPSIS,         /* ... */
  BILLET_TYPOGRAPHY_DASH,             /* - between words */
  BILLET_TYPOGRAPHY_ORDINAL,          /* XXIe, 3ème */
} BilletTypographyRule;

/* Replace bytes [start, end) (empty: insert at start) with replacement */
typedef struct
{
  gsize                start;
  gsize                end;
  char                 replacement[8];
  char                 mark[8];
  BilletTypographyRule rule;
} BilletTypographyFix;

GArray *billet_typography_check   (const char                *body,
                                   gsize                      len);
char   *billet_typography_message (const BilletTypographyFix *fix);
char   *billet_typography_apply   (const char                *text,
                                   gsize                      len,
                                   const BilletTypographyFix *fixes,
                                   guint                      n_fixes,
                                   gsize                      offset,
                                   gsize                     *out_len);

G_END_DECLS
