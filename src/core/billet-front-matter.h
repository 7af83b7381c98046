/* billet-front-matter.h — a parsed, ordered view of YAML or TOML front matter, and splices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BILLET_FRONT_MATTER_ERROR (billet_front_matter_error_quark ())

typedef enum
{
  BILLET_FRONT_MATTER_ERROR_SYNTAX,
  BILLET_FRONT_MATTER_ERROR_NOT_A_MAPPING,
  BILLET_FRONT_MATTER_ERROR_DUPLICATE_KEY,
  BILLET_FRONT_MATTER_ERROR_TOO_DEEP,
  BILLET_FRONT_MATTER_ERROR_TOO_LARGE,
  BILLET_FRONT_MATTER_ERROR_NOT_FOUND,
  BILLET_FRONT_MATTER_ERROR_INVALID_VALUE,
  BILLET_FRONT_MATTER_ERROR_UNSUPPORTED,
} BilletFrontMatterError;

typedef enum
{
  BILLET_NODE_NULL,
  BILLET_NODE_STRING,
  BILLET_NODE_BOOLEAN,
  BILLET_NODE_NUMBER,
  BILLET_NODE_DATE,      /* 2024-03-01, kept as written */
  BILLET_NODE_DATETIME,  /* 2024-03-01T10:00:00+01:00 or with a space, kept as written */
  BILLET_NODE_LIST,
  BILLET_NODE_MAP,
  /* Anything the form cannot model: aliases, anchored nodes, tagged
   * values, complex keys. Shown raw, never dropped. */
  BILLET_NODE_OTHER,
} BilletNodeKind;

typedef enum
{
  BILLET_STYLE_PLAIN,
  BILLET_STYLE_SINGLE_QUOTED,
  BILLET_STYLE_DOUBLE_QUOTED,
  BILLET_STYLE_LITERAL,
  BILLET_STYLE_FOLDED,
  BILLET_STYLE_BLOCK,    /* block collection; a TOML [table] */
  BILLET_STYLE_FLOW,     /* flow collection; a TOML array or inline table */
  BILLET_STYLE_MULTILINE_DOUBLE_QUOTED,  /* TOML """…""" */
  BILLET_STYLE_MULTILINE_SINGLE_QUOTED,  /* TOML '''…''' */
} BilletNodeStyle;

/* The language of a front matter: YAML between “---” lines, TOML between
 * “+++” lines. Both make the same tree of nodes; TOML's strings are
 * double-quoted (basic) or single-quoted (literal) in those styles. */
typedef enum
{
  BILLET_SYNTAX_YAML,
  BILLET_SYNTAX_TOML,
} BilletSyntax;

/* Front matter larger than this is refused: no real post needs it, and it
 * keeps hostile input cheap. */
#define BILLET_FRONT_MATTER_MAX_SIZE  (1024 * 1024)
#define BILLET_FRONT_MATTER_MAX_DEPTH 64
#define BILLET_FRONT_MATTER_MAX_NODES 100000

typedef struct _BilletFrontMatter BilletFrontMatter;
typedef struct _BilletNode BilletNode;

GQuark              billet_front_matter_error_quark   (void);

BilletFrontMatter  *billet_front_matter_parse         (const char          *text,
                                                       gsize                len,
                                                       guint                first_line,
                                                       guint               *error_line,
                                                       guint               *error_column,
                                                       GError             **error);
BilletFrontMatter  *billet_front_matter_parse_toml    (const char          *text,
                                                       gsize                len,
                                                       guint                first_line,
                                                       guint               *error_line,
                                                       guint               *error_column,
                                                       GError             **error);
BilletFrontMatter  *billet_front_matter_ref           (BilletFrontMatter   *self);
void                billet_front_matter_unref         (BilletFrontMatter   *self);
BilletSyntax        billet_front_matter_get_syntax    (BilletFrontMatter   *self);
const char         *billet_front_matter_get_text      (BilletFrontMatter   *self,
                                                       gsize               *len);
const BilletNode   *billet_front_matter_get_root      (BilletFrontMatter   *self);
const BilletNode   *billet_front_matter_lookup        (BilletFrontMatter   *self,
                                                       const char          *path);

/* Splices: each returns the whole new front-matter text, in which only the
 * bytes of the edited value (or the added/removed entry) differ. The result
 * is parsed again and checked to hold exactly the requested change before
 * it is returned. @newline is used for any line the splice adds. */
char               *billet_front_matter_splice_set    (BilletFrontMatter   *self,
                                                       const char          *path,
                                                       const char          *value,
                                                       BilletNodeKind       kind,
                                                       const char          *newline,
                                                       gsize               *new_len,
                                                       GError             **error);
char               *billet_front_matter_splice_set_list (BilletFrontMatter *self,
                                                       const char          *path,
                                                       const char * const  *items,
                                                       const char          *newline,
                                                       gsize               *new_len,
                                                       GError             **error);
char               *billet_front_matter_splice_remove (BilletFrontMatter   *self,
                                                       const char          *path,
                                                       const char          *newline,
                                                       gsize               *new_len,
                                                       GError             **error);

BilletNodeKind      billet_node_get_kind              (const BilletNode    *node);
BilletSyntax        billet_node_get_syntax            (const BilletNode    *node);
BilletNodeStyle     billet_node_get_style             (const BilletNode    *node);
const char         *billet_node_get_key               (const BilletNode    *node);
const char         *billet_node_get_text              (const BilletNode    *node);
gboolean            billet_node_get_boolean           (const BilletNode    *node);
guint               billet_node_get_n_children        (const BilletNode    *node);
const BilletNode   *billet_node_get_child             (const BilletNode    *node,
                                                       guint                index);
const BilletNode   *billet_node_get_parent            (const BilletNode    *node);
const BilletNode   *billet_node_lookup                (const BilletNode    *map,
                                                       const char          *path);
gsize               billet_node_get_start             (const BilletNode    *node);
gsize               billet_node_get_end               (const BilletNode    *node);
guint               billet_node_get_line              (const BilletNode    *node);
guint               billet_node_get_column            (const BilletNode    *node);
gboolean            billet_node_is_scalar             (const BilletNode    *node);
gboolean            billet_node_is_string_list        (const BilletNode    *node);
char              **billet_node_dup_strv              (const BilletNode    *node);
gboolean            billet_node_equal                 (const BilletNode    *a,
                                                       const BilletNode    *b);
const char         *billet_node_kind_to_string        (BilletNodeKind       kind);

BilletNodeKind      billet_scalar_resolve             (const char          *plain_text);
gboolean            billet_value_parse_boolean        (const char          *text,
                                                       gboolean            *value);
gboolean            billet_value_is_number            (const char          *text);
gboolean            billet_value_is_date              (const char          *text);
gboolean            billet_value_is_datetime          (const char          *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BilletFrontMatter, billet_front_matter_unref)

G_END_DECLS
