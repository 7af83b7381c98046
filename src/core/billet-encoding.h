/* billet-encoding.h — legacy encodings, stray bytes and mojibake
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BILLET_ENCODING_ERROR (billet_encoding_error_quark ())

/* The UTF-8 byte-order mark (EF BB BF) read as Windows-1252, as it shows. */
#define BILLET_MIS_ENCODED_MARK "ï»¿"

typedef enum
{
  /* Bytes that are not text in the encoding they were decoded from. */
  BILLET_ENCODING_ERROR_INVALID,
  /* A character the target encoding cannot hold. */
  BILLET_ENCODING_ERROR_UNREPRESENTABLE,
  /* A file that is not text: NUL bytes. */
  BILLET_ENCODING_ERROR_BINARY,
  /* A file that is not UTF-8 nor text in an encoding Billet knows. */
  BILLET_ENCODING_ERROR_UNKNOWN,
  /* A file in UTF-16 (it starts with a UTF-16 byte-order mark). */
  BILLET_ENCODING_ERROR_UTF16,
} BilletEncodingError;

/**
 * BilletCharset:
 * @BILLET_CHARSET_UTF8: UTF-8
 * @BILLET_CHARSET_UTF8_STRAY: UTF-8 with stray bytes that are not: decoding
 *   keeps each stray byte B as the private-use character U+F700 + B
 *   (U+F780–U+F7FF), which encoding turns back into B, so that an edited
 *   text keeps them until the author decides
 * @BILLET_CHARSET_WINDOWS_1252: Windows-1252 (“ANSI” on western Windows)
 * @BILLET_CHARSET_LATIN_1: ISO-8859-1, without its C1 control characters
 * @BILLET_CHARSET_WINDOWS_1254: Windows-1254 (Turkish)
 */
typedef enum
{
  BILLET_CHARSET_UTF8,
  BILLET_CHARSET_UTF8_STRAY,
  BILLET_CHARSET_WINDOWS_1252,
  BILLET_CHARSET_LATIN_1,
  BILLET_CHARSET_WINDOWS_1254,
} BilletCharset;

/**
 * BilletTextKind:
 * @BILLET_TEXT_UTF8: valid UTF-8
 * @BILLET_TEXT_STRAY_BYTES: UTF-8 with a few bytes that are not
 * @BILLET_TEXT_LEGACY: text in a legacy 8-bit encoding (see the charset)
 * @BILLET_TEXT_BINARY: NUL bytes: not a text file
 * @BILLET_TEXT_UNKNOWN: not UTF-8, and not text in an encoding Billet
 *   knows (bytes that Windows-1252 leaves undefined, say)
 */
typedef enum
{
  BILLET_TEXT_UTF8,
  BILLET_TEXT_STRAY_BYTES,
  BILLET_TEXT_LEGACY,
  BILLET_TEXT_BINARY,
  BILLET_TEXT_UNKNOWN,
} BilletTextKind;

typedef struct
{
  BilletTextKind kind;
  /* How to decode the bytes: UTF8, UTF8_STRAY or the legacy charset. */
  BilletCharset  charset;
  /* The first byte that is not UTF-8 (or is NUL); the length when none. */
  gsize          first_odd;
  /* Bytes that are not part of a UTF-8 character. */
  gsize          n_stray;
} BilletTextInfo;

/**
 * BilletMojibake:
 * @offset: the byte offset of the first mis-encoded sequence (after the
 *   mis-encoded byte-order mark, if any)
 * @line: its line (1-based)
 * @column: its column (1-based, in characters)
 * @n_repaired: how many characters the repair gives back
 * @example: (nullable): the first mis-encoded sequence, as “Ã©”
 * @example_repaired: (nullable): what it is repaired into, as “é”
 * @bom: whether the text starts with a mis-encoded byte-order mark (“ï»¿”),
 *   which the repair removes; when it holds nothing else to repair,
 *   @n_repaired is 0, @example %NULL and the position the start
 */
typedef struct
{
  gsize     offset;
  guint     line;
  guint     column;
  guint     n_repaired;
  char     *example;
  char     *example_repaired;
  gboolean  bom;
} BilletMojibake;

/**
 * BilletDecodedText:
 * @kind: what the bytes were: %BILLET_TEXT_UTF8, %BILLET_TEXT_STRAY_BYTES or
 *   %BILLET_TEXT_LEGACY (the others are errors)
 * @charset: what the text is saved in again (billet_encoding_encode())
 * @bom: whether the file starts with a UTF-8 byte-order mark
 * @line: the line of the first byte that is not UTF-8 (or is NUL), after
 *   the mark; with an error too
 * @column: its column, in characters
 * @n_stray: with %BILLET_TEXT_STRAY_BYTES, how many bytes are not UTF-8
 * @text: (nullable): the decoded text, without the mark, when it differs
 *   from the file's bytes; %NULL for UTF-8, which is used as it is
 * @text_len: its length
 */
typedef struct
{
  BilletTextKind  kind;
  BilletCharset   charset;
  gboolean        bom;
  guint           line;
  guint           column;
  gsize           n_stray;
  char           *text;
  gsize           text_len;
} BilletDecodedText;

GQuark          billet_encoding_error_quark       (void);

gboolean        billet_text_decode                (const char           *data,
                                                   gsize                 len,
                                                   BilletDecodedText    *out,
                                                   GError              **error);
void            billet_decoded_text_clear         (BilletDecodedText    *decoded);

const char     *billet_charset_get_name           (BilletCharset         charset);

void            billet_encoding_detect            (const char           *data,
                                                   gsize                 len,
                                                   BilletTextInfo       *info);
gsize           billet_encoding_find_stray_bytes  (const char           *data,
                                                   gsize                 len,
                                                   gsize                *offsets,
                                                   gsize                 max_offsets);
void            billet_encoding_get_position      (const char           *data,
                                                   gsize                 len,
                                                   gsize                 offset,
                                                   guint                *line,
                                                   guint                *column);
char           *billet_encoding_decode            (const char           *data,
                                                   gsize                 len,
                                                   BilletCharset         charset,
                                                   gsize                *out_len,
                                                   GError              **error);
char           *billet_encoding_encode            (const char           *utf8,
                                                   gssize                len,
                                                   BilletCharset         charset,
                                                   gsize                *out_len,
                                                   GError              **error);
gboolean        billet_encoding_may_hold_mojibake (const char           *text,
                                                   gsize                 len);
char           *billet_encoding_repair_mojibake   (const char           *text,
                                                   gsize                 len,
                                                   gsize                *out_len,
                                                   BilletMojibake       *report);
char           *billet_encoding_fix_file          (const char           *data,
                                                   gsize                 len,
                                                   gsize                *out_len,
                                                   BilletCharset        *converted_from,
                                                   BilletMojibake       *report,
                                                   GError              **error);
gboolean        billet_mojibake_found             (const BilletMojibake *report);
void            billet_mojibake_clear             (BilletMojibake       *report);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BilletMojibake, billet_mojibake_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BilletDecodedText, billet_decoded_text_clear)

G_END_DECLS
