/* billet-front-matter-private.h — the node tree, shared by the parser and the splicer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "billet-front-matter.h"

G_BEGIN_DECLS

/* How a TOML table is written: the splicer adds keys to each differently. */
typedef enum
{
  BILLET_TOML_NOT_A_TABLE,    /* YAML, or a TOML value that is no table */
  BILLET_TOML_ROOT,           /* the document: its keys come before any header */
  BILLET_TOML_HEADER,         /* [a.b], or one [[a]] of an array of tables */
  BILLET_TOML_DOTTED,         /* made by dotted keys: a.b = 1 */
  BILLET_TOML_IMPLICIT,       /* implied by a deeper header: a for [a.b] */
  BILLET_TOML_INLINE,         /* { a = 1 }, and tables inside it */
  BILLET_TOML_ARRAY_OF_TABLES, /* the list of the [[a]] tables */
} BilletTomlTable;

struct _BilletNode
{
  BilletNodeKind   kind;
  BilletNodeStyle  style;
  char            *key;       /* map entries with a scalar key */
  char            *text;      /* scalars: the decoded value */
  gsize            key_start; /* map entries: the key's bytes */
  gsize            key_end;
  gsize            start;     /* the value's bytes */
  gsize            end;
  guint            line;      /* 1-based, in the file */
  guint            column;    /* 1-based, in characters */
  gboolean         is_entry;  /* a value in a mapping */
  BilletNode      *parent;
  GPtrArray       *children;  /* BilletNode*, owned */
  BilletSyntax     syntax;
  BilletTomlTable  toml_table;
  gsize            header_start; /* BILLET_TOML_HEADER: its header line's bytes */
  gsize            header_end;
};

struct _BilletFrontMatter
{
  gatomicrefcount  ref_count;
  BilletSyntax     syntax;
  char            *text;
  gsize            len;
  guint            first_line;
  BilletNode      *root;
};

BilletNode *billet_node_new  (BilletNodeKind  kind);
void        billet_node_free (BilletNode     *node);

/* The TOML parser (billet-front-matter-toml.cpp, the one C++ unit): valid
 * UTF-8 without NUL in, the root map out. */
BilletNode *billet_front_matter_toml_parse_tree (const char  *text,
                                                 gsize        len,
                                                 guint        first_line,
                                                 guint       *error_line,
                                                 guint       *error_column,
                                                 GError     **error);

/* One edit: a scalar (kind and value), a list of strings, or a removal. */
typedef struct
{
  BilletNodeKind      kind;     /* scalar kinds, or LIST */
  const char         *value;
  const char * const *items;
  gboolean            remove;
  const char         *typed;    /* a number as typed, before normalize_number() */
} BilletChange;

/* The TOML edits (billet-front-matter-toml-splice.c): each appends the
 * whole new text to @out; billet-front-matter-splice.c parses it again and
 * checks it. */
gboolean    billet_toml_check_value     (const BilletChange  *change,
                                         GError             **error);
char       *billet_toml_normalize       (BilletNodeKind       kind,
                                         const char          *value);
gboolean    billet_toml_splice_existing (BilletFrontMatter   *self,
                                         const BilletNode    *node,
                                         const BilletChange  *change,
                                         const char          *newline,
                                         GString             *out,
                                         GError             **error);
gboolean    billet_toml_splice_add      (BilletFrontMatter   *self,
                                         const BilletNode    *map,
                                         GPtrArray           *parts,
                                         guint                depth,
                                         const BilletChange  *change,
                                         const char          *newline,
                                         GString             *out,
                                         GError             **error);

/* The usual column of simple keys, read without libyaml
 * (billet-front-matter-simple.c): valid UTF-8 without NUL in; NULL for
 * anything else, which libyaml reads. */
BilletNode *_billet_front_matter_read_simple (const char *text,
                                              gsize       len,
                                              guint       first_line);

/* Same data, and for raw nodes the same bytes (texts may be NULL to skip that). */
gboolean billet_node_equal_text (const char       *text_a,
                                 const BilletNode *a,
                                 const char       *text_b,
                                 const BilletNode *b);

G_END_DECLS
