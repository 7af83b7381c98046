/* billet-grammar.h — French grammar and typography underlines, from Grammalecte
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "billet-document.h"

G_BEGIN_DECLS

#define BILLET_TYPE_GRAMMAR (billet_grammar_get_type ())

G_DECLARE_FINAL_TYPE (BilletGrammar, billet_grammar, BILLET, GRAMMAR, GObject)

typedef enum
{
  BILLET_GRAMMAR_OFF,          /* no French post shown */
  BILLET_GRAMMAR_STARTING,
  BILLET_GRAMMAR_READY,
  BILLET_GRAMMAR_UNAVAILABLE,  /* Grammalecte is not installed */
} BilletGrammarState;

BilletGrammar      *billet_grammar_new          (GtkTextView    *view,
                                                 GtkLabel       *note);
void                billet_grammar_set_document (BilletGrammar  *self,
                                                 BilletDocument *document);
void                billet_grammar_shutdown     (BilletGrammar  *self);
BilletGrammarState  billet_grammar_get_state    (BilletGrammar  *self);
gboolean            billet_grammar_is_french    (BilletGrammar  *self);
GPid                billet_grammar_get_pid      (BilletGrammar  *self);
guint               billet_grammar_get_pending  (BilletGrammar  *self);
guint               billet_grammar_get_in_flight (BilletGrammar *self);
GMenuModel         *billet_grammar_get_menu     (BilletGrammar  *self);
void                billet_grammar_update_menu  (BilletGrammar  *self,
                                                 const GtkTextIter *iter);

G_END_DECLS
