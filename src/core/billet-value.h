/* billet-value.h — what an author types, as the value of a front-matter key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "billet-front-matter.h"

G_BEGIN_DECLS

#define BILLET_VALUE_ERROR (billet_value_error_quark ())

typedef enum
{
  /* The typed text is not a value of the key's kind. */
  BILLET_VALUE_ERROR_INVALID,
  /* The key holds something Billet does not set as one value. */
  BILLET_VALUE_ERROR_NOT_EDITABLE,
} BilletValueError;

GQuark          billet_value_error_quark      (void);

gboolean        billet_value_kind_for_key     (const BilletNode  *node,
                                               BilletNodeKind    *kind,
                                               GError           **error);
char           *billet_value_from_user        (BilletNodeKind     kind,
                                               const char        *typed,
                                               BilletNodeKind    *written_kind,
                                               GError           **error);
char           *billet_value_date_text_from_user (const char      *typed,
                                               GError           **error);
gboolean        billet_value_is_valid_date    (const char        *text);
gboolean        billet_value_parse_user_boolean (const char      *text,
                                               gboolean          *value);
GStrv           billet_value_parse_user_list  (const char * const *values,
                                               gsize              n_values);

G_END_DECLS
