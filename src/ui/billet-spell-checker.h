/* billet-spell-checker.h — misspelled words underlined as you type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "billet-prose.h"

G_BEGIN_DECLS

#define BILLET_TYPE_SPELL_CHECKER (billet_spell_checker_get_type ())

G_DECLARE_FINAL_TYPE (BilletSpellChecker, billet_spell_checker, BILLET, SPELL_CHECKER, GObject)

/* How a buffer's text is read: Markdown (the body) or plain text (a
 * long text row of the form). */
typedef enum
{
  BILLET_SPELL_MARKDOWN,
  BILLET_SPELL_PLAIN,
} BilletSpellSyntax;

BilletSpellChecker *billet_spell_checker_get_for_buffer (GtkTextBuffer      *buffer,
                                                         BilletSpellSyntax   syntax);
BilletSpellChecker *billet_spell_checker_lookup         (GtkTextBuffer      *buffer);
void                billet_spell_checker_set_view       (BilletSpellChecker *self,
                                                         GtkTextView        *view);
void                billet_spell_checker_set_language   (BilletSpellChecker *self,
                                                         const char         *language);
void                billet_spell_checker_choose_language (BilletSpellChecker *self,
                                                          const char         *language);
const char         *billet_spell_checker_get_language   (BilletSpellChecker *self);
void                billet_spell_checker_set_enabled    (BilletSpellChecker *self,
                                                         gboolean            enabled);
gboolean            billet_spell_checker_get_enabled    (BilletSpellChecker *self);
void                billet_spell_checker_set_prose_flags (BilletSpellChecker *self,
                                                          BilletProseFlags    flags);
gboolean            billet_spell_checker_get_busy       (BilletSpellChecker *self);
GtkTextTag         *billet_spell_checker_get_tag        (BilletSpellChecker *self);
void                billet_spell_checker_recheck        (BilletSpellChecker *self);
gboolean            billet_spell_checker_misspelled_at  (BilletSpellChecker *self,
                                                         const GtkTextIter  *iter,
                                                         GtkTextIter        *start,
                                                         GtkTextIter        *end);

/* The dictionaries, shared by every checker and by the form's one-line
 * fields. */
gboolean            billet_spell_check_word             (const char         *language,
                                                         const char         *word,
                                                         gssize              len);
char              **billet_spell_suggest                (const char         *language,
                                                         const char         *word);
void                billet_spell_add_word               (const char         *language,
                                                         const char         *word);
void                billet_spell_ignore_word            (const char         *word);
char              **billet_spell_list_languages         (void);
char               *billet_spell_find_language          (const char         *tag);
char               *billet_spell_language_name          (const char         *language);
void                billet_spell_words_changed          (void);
gulong              billet_spell_watch_words            (GHookFunc           func,
                                                         gpointer            data);
void                billet_spell_unwatch_words          (gulong              id);

G_END_DECLS
