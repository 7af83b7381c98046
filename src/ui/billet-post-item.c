/* billet-post-item.c — one post of an open folder, as the sidebar lists it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GObject around the core's BilletPostSummary, so that a GListStore can
 * hold it and a list row can follow it. The summary is replaced as a whole
 * when the file changes on disk (the folder's monitor summarises it again);
 * the item stays, so the row, the selection and the open document's mark
 * stay with it. What the sidebar's filter and sorter compare is computed
 * once, on first use: at 10,000 posts the first rows must not wait for
 * collation keys that nobody may ever ask for.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "billet-js-date.h"
#include "billet-post-item.h"

struct _BilletPostItem
{
  GObject            parent_instance;

  BilletPostSummary *summary;
  GFile             *file;
  char              *section;
  char              *date_label;    /* lazily */
  char              *search_text;   /* lazily: folded title, tags and path */
  char              *collate_key;   /* lazily */
  gint64             mtime;         /* lazily; G_MININT64 until asked */
  gboolean           modified;
  gboolean           title_repeated;
};

G_DEFINE_FINAL_TYPE (BilletPostItem, billet_post_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_DATE_LABEL,
  PROP_DRAFT,
  PROP_SCHEDULED,
  PROP_WARNING,
  PROP_MODIFIED,
  PROP_TITLE_REPEATED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * billet_fold_for_search:
 *
 * Folds @text for a case- and accent-insensitive search: "Écrire" and
 * "ecrire" fold to the same string.
 *
 * Returns: (transfer full): the folded text
 */
char *
billet_fold_for_search (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  char *ascii;

  /* Transliteration of what has no ASCII form gives "?": keep the folded
   * text then, so that a search in Greek or Japanese still finds itself. */
  ascii = g_str_to_ascii (folded, "C");
  if (strchr (ascii, '?') != NULL && strchr (folded, '?') == NULL)
    {
      g_free (ascii);
      return g_steal_pointer (&folded);
    }
  for (char *p = ascii; *p; p++)
    *p = g_ascii_tolower (*p);
  return ascii;
}

/**
 * billet_format_post_date:
 * @date: the date as the post writes it, or %NULL
 * @date_key: its seconds since 1970, UTC
 *
 * Returns: (transfer full): the date in the locale's words, "" if none
 */
char *
billet_format_post_date (const char *date,
                         gint64      date_key)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) shown = NULL;
  BilletJsDate js;

  if (date == NULL || date_key == G_MININT64)
    return g_strdup ("");
  utc = g_date_time_new_from_unix_utc (date_key);
  if (utc == NULL)
    return g_strdup (date);
  /* A date without a time is a day, not an instant: shown as written,
   * never moved to the day before by a time zone west of Greenwich. */
  if (strlen (date) <= 10 || (billet_js_date_parse (date, &js) && !js.has_time))
    shown = g_date_time_ref (utc);
  else
    shown = g_date_time_to_local (utc);
  /* Translators: how the sidebar shows a post's date; see
   * g_date_time_format() (%-d: day without padding, %B: month's name) */
  return g_date_time_format (shown, _("%B %-d, %Y"));
}

static void
billet_post_item_finalize (GObject *object)
{
  BilletPostItem *self = (BilletPostItem *) object;

  g_clear_pointer (&self->summary, billet_post_summary_free);
  g_clear_object (&self->file);
  g_free (self->section);
  g_free (self->date_label);
  g_free (self->search_text);
  g_free (self->collate_key);

  G_OBJECT_CLASS (billet_post_item_parent_class)->finalize (object);
}

static void
billet_post_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BilletPostItem *self = BILLET_POST_ITEM (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, billet_post_item_get_title (self));
      break;
    case PROP_DATE_LABEL:
      g_value_set_string (value, billet_post_item_get_date_label (self));
      break;
    case PROP_DRAFT:
      g_value_set_boolean (value, self->summary->draft);
      break;
    case PROP_SCHEDULED:
      g_value_set_boolean (value, self->summary->scheduled);
      break;
    case PROP_WARNING:
      g_value_set_string (value, billet_post_item_get_warning (self));
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    case PROP_TITLE_REPEATED:
      g_value_set_boolean (value, self->title_repeated);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
billet_post_item_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BilletPostItem *self = BILLET_POST_ITEM (object);

  switch (prop_id)
    {
    case PROP_MODIFIED:
      billet_post_item_set_modified (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
billet_post_item_class_init (BilletPostItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = billet_post_item_finalize;
  object_class->get_property = billet_post_item_get_property;
  object_class->set_property = billet_post_item_set_property;

  /**
   * BilletPostItem:title:
   *
   * The front matter's title, else the first heading, else the file's name.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * BilletPostItem:date-label:
   *
   * The post's date in the locale's words, or "".
   */
  properties[PROP_DATE_LABEL] =
    g_param_spec_string ("date-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * BilletPostItem:draft:
   *
   * Whether the post is a draft (draft: true, published: false, _drafts/).
   */
  properties[PROP_DRAFT] =
    g_param_spec_boolean ("draft", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * BilletPostItem:scheduled:
   *
   * Whether the post is dated in the future.
   */
  properties[PROP_SCHEDULED] =
    g_param_spec_boolean ("scheduled", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * BilletPostItem:warning:
   *
   * What is wrong with the post (invalid front matter, broken encoding),
   * or %NULL.
   */
  properties[PROP_WARNING] =
    g_param_spec_string ("warning", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * BilletPostItem:modified:
   *
   * Whether the post is open in the window with unsaved changes.
   */
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * BilletPostItem:title-repeated:
   *
   * Whether another post of the list has the same title (index.md pages,
   * posts called "Notes"): the row then shows the folder too.
   */
  properties[PROP_TITLE_REPEATED] =
    g_param_spec_boolean ("title-repeated", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
billet_post_item_init (BilletPostItem *self)
{
  self->mtime = G_MININT64;
}

/**
 * billet_post_item_new:
 * @summary: (transfer full): what the index found
 * @file: the post's file
 * @section: the folder it belongs to below its content folder ("" at the top)
 */
BilletPostItem *
billet_post_item_new (BilletPostSummary *summary,
                      GFile             *file,
                      const char        *section)
{
  BilletPostItem *self;

  g_return_val_if_fail (summary != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (BILLET_TYPE_POST_ITEM, NULL);
  self->summary = summary;
  self->file = g_object_ref (file);
  self->section = g_strdup (section ? section : "");
  return self;
}

const BilletPostSummary *
billet_post_item_get_summary (BilletPostItem *self)
{
  g_return_val_if_fail (BILLET_IS_POST_ITEM (self), NULL);
  return self->summary;
}

/**
 * billet_post_item_set_summary:
 * @summary: (transfer full): the post as it is now
 *
 * Replaces the summary after the file changed, and notifies what changed.
 */
void
billet_post_item_set_summary (BilletPostItem    *self,
                              BilletPostSummary *summary)
{
  BilletPostSummary *old;

  g_return_if_fail (BILLET_IS_POST_ITEM (self));
  g_return_if_fail (summary != NULL);

  old = self->summary;
  self->summary = summary;
  g_clear_pointer (&self->date_label, g_free);
  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->collate_key, g_free);
  self->mtime = G_MININT64;

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (old->title, summary->title) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  if (g_strcmp0 (old->date, summary->date) != 0 || old->date_key != summary->date_key)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE_LABEL]);
  if (old->draft != summary->draft)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT]);
  if (old->scheduled != summary->scheduled)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEDULED]);
  /* Tags have no property of their own: the warning's notification is
   * the row's cue to show everything again. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WARNING]);
  g_object_thaw_notify (G_OBJECT (self));

  billet_post_summary_free (old);
}

GFile *
billet_post_item_get_file (BilletPostItem *self)
{
  g_return_val_if_fail (BILLET_IS_POST_ITEM (self), NULL);
  return self->file;
}

const char *
billet_post_item_get_path (BilletPostItem *self)
{
  g_return_val_if_fail (BILLET_IS_POST_ITEM (self), NULL);
  return self->summary->path;
}

const char *
billet_post_item_get_section (BilletPostItem *self)
{
  g_return_val_if_fail (BILLET_IS_POST_ITEM (self), NULL);
  return self->section;
}

const char *
billet_post_item_get_title (BilletPostItem *self)
{
  g_return_val_if_fail (BILLET_IS_POST_ITEM (self), NULL);
  return self->summary->title ? self->summary->title : self->summary->path;
}

const char *
billet_post_item_get_date_label (BilletPostItem *self)
{
  g_return_val_if_fail (BILLET_IS_POST_ITEM (self), NULL);

  if (self->date_label == NULL)
    self->date_label = billet_format_post_date (self->summary->date, self->summary->date_key);
  return self->date_label;
}

/**
 * billet_post_item_dup_tags_label:
 *
 * Returns: (transfer full): the tags, separated by commas, or ""
 */
char *
billet_post_item_dup_tags_label (BilletPostItem *self)
{
  g_return_val_if_fail (BILLET_IS_POST_ITEM (self), NULL);
  /* Translators: between the tags of a post in the sidebar */
  return g_strjoinv (_(", "), self->summary->tags);
}

gint64
billet_post_item_get_date_key (BilletPostItem *self)
{
  g_return_val_if_fail (BILLET_IS_POST_ITEM (self), G_MININT64);
  return self->summary->date_key;
}

/**
 * billet_post_item_get_mtime:
 *
 * The file's modification time, read on first use (sorting by it is the
 * rare case: the index does not stat every post for it).
 *
 * Returns: seconds since 1970, 0 if the file cannot be read
 */
gint64
billet_post_item_get_mtime (BilletPostItem *self)
{
  g_return_val_if_fail (BILLET_IS_POST_ITEM (self), 0);

  if (self->mtime == G_MININT64)
    {
      g_autofree char *path = g_file_get_path (self->file);
      GStatBuf st;

      self->mtime = path != NULL && g_stat (path, &st) == 0 ? (gint64) st.st_mtime : 0;
    }
  return self->mtime;
}

const char *
billet_post_item_get_collate_key (BilletPostItem *self)
{
  g_return_val_if_fail (BILLET_IS_POST_ITEM (self), NULL);

  if (self->collate_key == NULL)
    {
      g_autofree char *folded = g_utf8_casefold (billet_post_item_get_title (self), -1);

      self->collate_key = g_utf8_collate_key (folded, -1);
    }
  return self->collate_key;
}

gboolean
billet_post_item_get_draft (BilletPostItem *self)
{
  g_return_val_if_fail (BILLET_IS_POST_ITEM (self), FALSE);
  return self->summary->draft;
}

gboolean
billet_post_item_get_scheduled (BilletPostItem *self)
{
  g_return_val_if_fail (BILLET_IS_POST_ITEM (self), FALSE);
  return self->summary->scheduled;
}

/**
 * billet_post_item_get_warning:
 *
 * Returns: (nullable): what is wrong with the post, translated, or %NULL
 */
const char *
billet_post_item_get_warning (BilletPostItem *self)
{
  g_return_val_if_fail (BILLET_IS_POST_ITEM (self), NULL);

  switch (self->summary->warning)
    {
    case BILLET_POST_WARNING_NONE:
      return NULL;
    case BILLET_POST_WARNING_ENCODING:
      return self->summary->warning_message ? self->summary->warning_message
                                            : _("The file is not valid UTF-8");
    case BILLET_POST_WARNING_DATE:
      return self->summary->warning_message;
    case BILLET_POST_WARNING_FRONT_MATTER:
    default:
      return self->summary->warning_message ? self->summary->warning_message
                                            : _("The front matter is not valid");
    }
}

gboolean
billet_post_item_get_modified (BilletPostItem *self)
{
  g_return_val_if_fail (BILLET_IS_POST_ITEM (self), FALSE);
  return self->modified;
}

void
billet_post_item_set_modified (BilletPostItem *self,
                               gboolean        modified)
{
  g_return_if_fail (BILLET_IS_POST_ITEM (self));

  modified = !!modified;
  if (self->modified == modified)
    return;
  self->modified = modified;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

gboolean
billet_post_item_get_title_repeated (BilletPostItem *self)
{
  g_return_val_if_fail (BILLET_IS_POST_ITEM (self), FALSE);
  return self->title_repeated;
}

void
billet_post_item_set_title_repeated (BilletPostItem *self,
                                     gboolean        repeated)
{
  g_return_if_fail (BILLET_IS_POST_ITEM (self));

  repeated = !!repeated;
  if (self->title_repeated == repeated)
    return;
  self->title_repeated = repeated;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE_REPEATED]);
}

/**
 * billet_post_item_dup_folder_label:
 *
 * Returns: (transfer full): the folder of the post, relative to the list's
 *   ("posts/bundle-post"), to tell it from another of the same title; the
 *   empty string at the top
 */
char *
billet_post_item_dup_folder_label (BilletPostItem *self)
{
  g_autofree char *folder = NULL;

  g_return_val_if_fail (BILLET_IS_POST_ITEM (self), NULL);

  folder = g_path_get_dirname (self->summary->path);
  if (g_str_equal (folder, "."))
    return g_strdup ("");
  return g_filename_display_name (folder);
}

/**
 * billet_post_item_matches:
 * @folded_needle: what to look for, folded by billet_fold_for_search()
 *
 * Returns: whether the title, a tag or the path contains @folded_needle,
 *   ignoring case and accents
 */
gboolean
billet_post_item_matches (BilletPostItem *self,
                          const char     *folded_needle)
{
  g_return_val_if_fail (BILLET_IS_POST_ITEM (self), FALSE);

  if (folded_needle == NULL || *folded_needle == '\0')
    return TRUE;
  if (self->search_text == NULL)
    {
      g_autofree char *tags = g_strjoinv ("\n", self->summary->tags);
      g_autofree char *all = g_strconcat (billet_post_item_get_title (self), "\n", tags, "\n",
                                          self->summary->path, NULL);

      self->search_text = billet_fold_for_search (all);
    }
  return strstr (self->search_text, folded_needle) != NULL;
}
