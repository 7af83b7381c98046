/* billet-shortcode.h — Hugo shortcodes as labelled placeholders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The shortcodes of one Markdown text, between masking the source and
 * expanding the rendered HTML. */
typedef struct _BilletShortcodes BilletShortcodes;

typedef enum
{
  BILLET_SHORTCODES_DEFAULT = 0,
  /* also MDX's ESM blocks, JSX components and comments */
  BILLET_SHORTCODES_MDX     = 1 << 0,
} BilletShortcodesFlags;

/* A run of the text that a masked text keeps as written: @len bytes at
 * @masked in the masked text, from @text in the text. */
typedef struct
{
  gsize masked;
  gsize text;
  gsize len;
} BilletMaskKept;

BilletShortcodes *billet_shortcodes_new    (void);
void              billet_shortcodes_append_marker (BilletShortcodes *self,
                                                   GString          *out,
                                                   const char       *name,
                                                   gsize             name_len,
                                                   const char       *source,
                                                   gsize             source_len);
void              billet_shortcodes_append_inline_marker (BilletShortcodes *self,
                                                          GString          *out,
                                                          const char       *name,
                                                          gsize             name_len,
                                                          const char       *source,
                                                          gsize             source_len,
                                                          const char       *indent,
                                                          gsize             indent_len);
void              billet_shortcodes_add_line (BilletShortcodes *self,
                                              guint             line);
guint             billet_shortcodes_source_line (BilletShortcodes *self,
                                                 guint             masked_line);
BilletShortcodes *billet_shortcodes_mask   (const char            *text,
                                            gsize                  len,
                                            BilletShortcodesFlags  flags,
                                            char                 **masked,
                                            gsize                 *masked_len);
BilletShortcodes *billet_shortcodes_mask_kept (const char            *text,
                                               gsize                  len,
                                               BilletShortcodesFlags  flags,
                                               char                 **masked,
                                               gsize                 *masked_len,
                                               GArray                *kept);
void              billet_shortcodes_keep   (GString               *out,
                                            GArray                *kept,
                                            const char            *text,
                                            gsize                  from,
                                            gsize                  to);
char             *billet_shortcodes_expand (BilletShortcodes  *self,
                                            char              *html);
guint             billet_shortcodes_get_n  (BilletShortcodes  *self);
void              billet_shortcodes_free   (BilletShortcodes  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BilletShortcodes, billet_shortcodes_free)

G_END_DECLS
