/* billet-post.h — a post file as bytes: encoding, newlines, front matter, body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "billet-file.h"
#include "billet-front-matter.h"

G_BEGIN_DECLS

typedef enum
{
  BILLET_ENCODING_UTF8,
  BILLET_ENCODING_UTF8_BOM,
  /* Not valid UTF-8 (a legacy 8-bit encoding, stray bytes, or binary):
   * the bytes are kept as they are and never reinterpreted silently. */
  BILLET_ENCODING_UNKNOWN,
} BilletEncoding;

typedef enum
{
  BILLET_NEWLINE_LF,
  BILLET_NEWLINE_CRLF,
  BILLET_NEWLINE_CR,
} BilletNewline;

typedef enum
{
  BILLET_FRONT_MATTER_NONE,
  BILLET_FRONT_MATTER_YAML,
  BILLET_FRONT_MATTER_TOML,
  /* Opens with a delimiter line that is never closed: the whole text is
   * kept as the body, and nothing is treated as front matter. */
  BILLET_FRONT_MATTER_UNTERMINATED,
} BilletFrontMatterKind;

/* A plain reference-counted structure, not a GObject: the command line
 * links no GObject, which would cost more at start-up than a whole export
 * of a short post. */
typedef struct _BilletPost BilletPost;

BilletPost            *billet_post_ref                      (BilletPost    *self);
void                   billet_post_unref                    (BilletPost    *self);

BilletPost            *billet_post_new_from_bytes           (GBytes        *bytes);
BilletPost            *billet_post_new_from_data            (const char    *data,
                                                             gsize          len);
BilletPost            *billet_post_new_for_path             (const char    *path,
                                                             GError       **error);
GBytes                *billet_post_serialize                (BilletPost    *self);
gboolean               billet_post_save_to_path             (BilletPost    *self,
                                                             const char    *path,
                                                             GError       **error);
gboolean               billet_post_save_to_path_full        (BilletPost    *self,
                                                             const char    *path,
                                                             BilletWriteFlags flags,
                                                             GError       **error);
BilletEncoding         billet_post_get_encoding             (BilletPost    *self);
gboolean               billet_post_get_invalid_utf8_position (BilletPost   *self,
                                                             guint         *line,
                                                             guint         *column);
gboolean               billet_post_has_nul                  (BilletPost    *self);
gboolean               billet_post_body_is_utf8             (BilletPost    *self);
BilletNewline          billet_post_get_newline              (BilletPost    *self);
const char            *billet_post_get_newline_string       (BilletPost    *self);
BilletFrontMatterKind  billet_post_get_front_matter_kind    (BilletPost    *self);
const char            *billet_post_get_open_delimiter       (BilletPost    *self);
const char            *billet_post_get_close_delimiter      (BilletPost    *self);
const char            *billet_post_get_front_matter_text    (BilletPost    *self,
                                                             gsize         *len);
const char            *billet_post_get_body                 (BilletPost    *self,
                                                             gsize         *len);
guint                  billet_post_get_front_matter_line    (BilletPost    *self);
guint                  billet_post_get_body_line            (BilletPost    *self);
void                   billet_post_set_front_matter_text    (BilletPost    *self,
                                                             const char    *text,
                                                             gssize         len);
void                   billet_post_set_body                 (BilletPost    *self,
                                                             const char    *text,
                                                             gssize         len);
BilletFrontMatter     *billet_post_get_front_matter         (BilletPost    *self,
                                                             GError       **error);
void                   billet_post_get_error_position       (BilletPost    *self,
                                                             guint         *line,
                                                             guint         *column);
const BilletNode      *billet_post_lookup                   (BilletPost    *self,
                                                             const char    *path);
char                  *billet_post_dup_string               (BilletPost    *self,
                                                             const char    *path);
gboolean               billet_post_set_value                (BilletPost    *self,
                                                             const char    *path,
                                                             const char    *value,
                                                             BilletNodeKind kind,
                                                             GError       **error);
gboolean               billet_post_set_list                 (BilletPost    *self,
                                                             const char    *path,
                                                             const char * const *items,
                                                             GError       **error);
gboolean               billet_post_remove_key               (BilletPost    *self,
                                                             const char    *path,
                                                             GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BilletPost, billet_post_unref)

BilletFrontMatter     *billet_front_matter_parse_as         (BilletFrontMatterKind   kind,
                                                             const char             *text,
                                                             gsize                   len,
                                                             guint                   first_line,
                                                             guint                  *error_line,
                                                             guint                  *error_column,
                                                             GError                **error);

G_END_DECLS
