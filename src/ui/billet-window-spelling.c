/* billet-window-spelling.c — the window's spelling: which language, and where
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each post is checked in its language: the one the author chose for it
 * (the source's context menu, the status line's button, a form field's
 * menu: one action, "spelling.language"; remembered in a small key file
 * under XDG_STATE_HOME, never in the post), else its front matter's
 * `lang`, `language` or `locale`, else its site's language for its place
 * (a multilingual Hugo site's content folder or file name, else the
 * site's default), else the desktop's locale. The "check-spelling" key
 * turns it all off.
 */

#include "config.h"


#include "billet-spell-checker.h"
#include "billet-spell-menu.h"
#include "billet-window-private.h"

#define STATE_GROUP "languages"

static char *
dup_state_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "billet", "spelling.ini", NULL);
}

static char *
dup_document_key (BilletDocument *document)
{
  GFile *file = billet_document_get_file (document);

  return file != NULL ? g_file_get_uri (file) : NULL;
}

static char *
dup_remembered_language (BilletDocument *document)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *path = dup_state_path ();
  g_autofree char *key = dup_document_key (document);

  if (key == NULL || !g_key_file_load_from_file (keys, path, G_KEY_FILE_NONE, NULL))
    return NULL;
  return g_key_file_get_string (keys, STATE_GROUP, key, NULL);
}

static void
remember_language (BilletDocument *document,
                   const char     *language)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *path = dup_state_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *key = dup_document_key (document);
  g_autoptr(GError) error = NULL;

  if (key == NULL)
    return;
  g_key_file_load_from_file (keys, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
  g_key_file_set_string (keys, STATE_GROUP, key, language);
  g_mkdir_with_parents (dir, 0700);
  if (!g_key_file_save_to_file (keys, path, &error))
    g_warning ("Could not remember the spelling language in %s: %s", path, error->message);
}

/* What a post's site says of it. */
typedef struct
{
  char     *path;      /* the post's */
  char     *language;  /* (nullable) */
  gboolean  liquid;    /* a Jekyll site */
} SiteLanguage;

static void
site_language_free (gpointer data)
{
  SiteLanguage *cached = data;

  g_free (cached->path);
  g_free (cached->language);
  g_free (cached);
}

/* The language the post says, or its site, or the locale: a tag. */
static char *
dup_post_language (BilletDocument *document,
                   gboolean       *liquid)
{
  static const char * const keys[] = { "lang", "language", "locale" };
  BilletFrontMatter *front_matter = billet_document_get_front_matter (document);
  GFile *file = billet_document_get_file (document);
  const char *site_language = NULL;

  *liquid = FALSE;
  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);
      SiteLanguage *cached = g_object_get_data (G_OBJECT (document), "billet-spell-site");

      /* The site is read once for each file the document has: the front
       * matter changes with every key typed in the form. */
      if (path != NULL && (cached == NULL || g_strcmp0 (cached->path, path) != 0))
        {
          g_autofree char *dir = g_path_get_dirname (path);
          g_autoptr(BilletSite) site = billet_site_new_for_path (dir, NULL);

          cached = g_new0 (SiteLanguage, 1);
          cached->path = g_strdup (path);
          if (site != NULL)
            {
              g_autofree char *real = g_canonicalize_filename (path, NULL);
              const char *lang = billet_site_get_path_language (site, real);

              if (lang == NULL)
                lang = billet_site_get_default_language (site);
              cached->language = g_strdup (lang != NULL && lang[0] != '\0' ? lang : NULL);
              cached->liquid = billet_site_get_kind (site) == BILLET_SITE_JEKYLL;
            }
          g_object_set_data_full (G_OBJECT (document), "billet-spell-site", cached, site_language_free);
        }
      if (cached != NULL)
        {
          *liquid = cached->liquid;
          site_language = cached->language;
        }
    }

  for (guint i = 0; front_matter != NULL && i < G_N_ELEMENTS (keys); i++)
    {
      const BilletNode *node = billet_front_matter_lookup (front_matter, keys[i]);
      const char *text = node != NULL ? billet_node_get_text (node) : NULL;

      if (text != NULL && text[0] != '\0')
        return g_strdup (text);
    }

  if (site_language != NULL)
    return g_strdup (site_language);
  return g_strdup (g_get_language_names ()[0]);
}

/* The source's menu shows the checker's language as the chosen one, the
 * status line's button names it (hidden when nothing is checked). */
static void
update_language_menu (BilletWindow *self)
{
  BilletSpellChecker *checker = NULL;

  billet_spell_menu_sync (GTK_TEXT_VIEW (self->source_view));
  if (self->document != NULL)
    checker = billet_spell_checker_lookup (GTK_TEXT_BUFFER (billet_document_get_body_buffer (self->document)));
  gtk_widget_set_visible (GTK_WIDGET (self->language_button),
                          checker != NULL && billet_spell_checker_get_enabled (checker));
  if (checker != NULL)
    billet_language_button_set_language (self->language_button, billet_spell_checker_get_language (checker));
}

static void
on_language_chosen_cb (BilletSpellChecker *checker,
                       const char         *language,
                       BilletDocument     *document)
{
  remember_language (document, language);
}

/* Decides the document's language, and whether to check at all. */
static void
setup_document (BilletWindow   *self,
                BilletDocument *document)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (billet_document_get_body_buffer (document));
  gboolean first = billet_spell_checker_lookup (buffer) == NULL;
  BilletSpellChecker *checker = billet_spell_checker_get_for_buffer (buffer, BILLET_SPELL_MARKDOWN);
  gboolean liquid = FALSE;
  g_autofree char *tag = NULL;
  g_autofree char *language = NULL;
  GFile *file = billet_document_get_file (document);
  BilletProseFlags flags = BILLET_PROSE_DEFAULT;

  if (first)
    g_signal_connect_object (checker, "language-chosen", G_CALLBACK (on_language_chosen_cb), document, 0);

  language = dup_remembered_language (document);
  tag = dup_post_language (document, &liquid);
  if (language == NULL)
    language = billet_spell_find_language (tag);

  if (liquid)
    flags |= BILLET_PROSE_LIQUID;
  if (file != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);

      if (name != NULL && g_str_has_suffix (name, ".mdx"))
        flags |= BILLET_PROSE_MDX;
    }

  /* What the source shows is checked first. */
  billet_spell_checker_set_view (checker, GTK_TEXT_VIEW (self->source_view));
  billet_spell_checker_set_prose_flags (checker, flags);
  billet_spell_checker_set_language (checker, language);
  billet_spell_checker_set_enabled (checker, g_settings_get_boolean (self->settings, "check-spelling"));
  billet_post_form_set_spelling (self->form, g_settings_get_boolean (self->settings, "check-spelling") ? language : NULL);
}

static void
on_front_matter_changed_cb (BilletWindow *self)
{
  if (self->document != NULL)
    {
      setup_document (self, self->document);
      update_language_menu (self);
    }
}

static void
on_check_spelling_changed_cb (BilletWindow *self)
{
  on_front_matter_changed_cb (self);
}

static void
on_checker_language_cb (BilletWindow *self)
{
  BilletSpellChecker *checker;

  update_language_menu (self);
  if (self->document == NULL)
    return;
  checker = billet_spell_checker_lookup (GTK_TEXT_BUFFER (billet_document_get_body_buffer (self->document)));
  if (checker != NULL && billet_spell_checker_get_enabled (checker))
    billet_post_form_set_spelling (self->form, billet_spell_checker_get_language (checker));
}

/**
 * _billet_window_spelling_set_document:
 *
 * Checks @document's body (and form) in its language.
 */
void
_billet_window_spelling_set_document (BilletWindow   *self,
                                      BilletDocument *document)
{
  BilletSpellChecker *checker;

  setup_document (self, document);
  checker = billet_spell_checker_lookup (GTK_TEXT_BUFFER (billet_document_get_body_buffer (document)));
  g_signal_connect_object (document, "front-matter-changed", G_CALLBACK (on_front_matter_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (checker, "notify::language", G_CALLBACK (on_checker_language_cb), self,
                           G_CONNECT_SWAPPED);
  update_language_menu (self);
}

/**
 * _billet_window_spelling_unset_document:
 *
 * Stops following @document, which the window no longer shows.
 */
void
_billet_window_spelling_unset_document (BilletWindow   *self,
                                        BilletDocument *document)
{
  BilletSpellChecker *checker = billet_spell_checker_lookup (GTK_TEXT_BUFFER (billet_document_get_body_buffer (document)));

  g_signal_handlers_disconnect_by_func (document, on_front_matter_changed_cb, self);
  if (checker != NULL)
    g_signal_handlers_disconnect_by_func (checker, on_checker_language_cb, self);
}

/* The status line's end: the outline's button and the language's share
 * one child of the line, laid out here. The pair asks for what the
 * outline's button asks (its icon's room): the language's asks for
 * nothing, so that the window's natural width stays as it was. Of the
 * room given, the language's icon comes first, then the section's name
 * as far as it needs, then the rest to the language (its code, its whole
 * name). */
static void
status_end_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  *minimum = *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      int child_min = 0, child_nat = 0;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          *minimum += child_min;
          *natural += child_nat;
        }
      else
        {
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
        }
    }
}

static void
status_end_allocate (GtkWidget *widget,
                     int        width,
                     int        height,
                     int        baseline)
{
  GtkWidget *outline = gtk_widget_get_first_child (widget);
  GtkWidget *language = gtk_widget_get_next_sibling (outline);
  int outline_min = 0;
  int outline_width = width;
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

  g_assert (BILLET_IS_OUTLINE_BUTTON (outline) && BILLET_IS_LANGUAGE_BUTTON (language));

  gtk_widget_measure (outline, GTK_ORIENTATION_HORIZONTAL, -1, &outline_min, NULL, NULL, NULL);
  if (gtk_widget_should_layout (language))
    {
      int icon_width = billet_language_button_get_icon_width (BILLET_LANGUAGE_BUTTON (language));
      int wanted = billet_outline_button_get_wanted_width (BILLET_OUTLINE_BUTTON (outline));

      outline_width = CLAMP (width - icon_width, outline_min, MAX (outline_min, wanted));
      outline_width = MIN (outline_width, width);
      gtk_widget_size_allocate (language,
                                &(GtkAllocation) { rtl ? 0 : outline_width, 0, width - outline_width, height },
                                baseline);
    }
  gtk_widget_size_allocate (outline,
                            &(GtkAllocation) { rtl ? width - outline_width : 0, 0, outline_width, height },
                            baseline);
}

/**
 * _billet_window_spelling_init:
 *
 * The source's context menu, and the same language for the status
 * line's button and the form's fields.
 */
void
_billet_window_spelling_init (BilletWindow *self)
{
  billet_spell_menu_attach (GTK_TEXT_VIEW (self->source_view), NULL);
  gtk_widget_set_layout_manager (gtk_widget_get_parent (GTK_WIDGET (self->language_button)),
                                 gtk_custom_layout_new (NULL, status_end_measure, status_end_allocate));
  /* The status line's button and the form's fields choose with the
   * source's action: the post's language. */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "spelling",
                                  billet_spell_menu_get_actions (GTK_TEXT_VIEW (self->source_view)));

  g_signal_connect_object (self->settings, "changed::check-spelling", G_CALLBACK (on_check_spelling_changed_cb),
                           self, G_CONNECT_SWAPPED);
}
