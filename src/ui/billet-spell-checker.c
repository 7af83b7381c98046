/* billet-spell-checker.c — misspelled words underlined as you type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One checker a buffer (the body's, or a long text row's), with enchant-2
 * and the system's hunspell dictionaries. A keystroke only adds to the
 * ranges of characters still to check (O(1) but for a few ranges); a short
 * pause in typing hands a copy of the text and one of those ranges to a
 * worker thread, which finds the prose (billet-prose.c, from the same
 * Markdown parse the preview uses), checks its words there and returns the
 * misspelled ones; the main loop then moves the underlines of that range
 * only, a few milliseconds at a time. A change made while the worker ran
 * makes its answer stale: the range goes back into what is still to check.
 *
 * What the author sees comes first. The first check of a post (or of a new
 * language) has the whole text to check: it takes the lines its view
 * shows (billet_spell_checker_set_view()), then the rest a chunk at a time,
 * nearest to what the view shows then first, so that a scroll in the
 * meantime is served by the next chunk. The chunks reuse the copy of the
 * text and its words while the text has not changed, and follow each
 * other with no pause.
 *
 * Words: the dictionary's answer for the word as written, then with ’ and
 * ' exchanged (hunspell's French dictionary reads ’ as ', other
 * dictionaries may not), then its parts around an elision's apostrophe
 * ("l’" + "équipe") and around hyphens. A word added to the personal word
 * list of a language (a file a line, under XDG_CONFIG_HOME/billet/words/)
 * is added to that dictionary's session as it is loaded; an ignored word
 * is ignored in every language until Billet quits.
 *
 * Suggestions are never computed here: only when a menu asks
 * (billet-spell-menu.c).
 */

#include "config.h"

#include <enchant.h>
#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "billet-spell-checker.h"

/* How long typing must pause before a check. */
#define PAUSE_MS 250
/* What a main-loop slice of underlining may take. */
#define SLICE_US 3000
/* A chunk of the text still to check beyond what the view shows: some
 * 30 ms of the worker's time, checking French. */
#define CHUNK_CHARS (8 * 1024)
/* Above this, a post is not checked: each pause copies the text for the
 * worker (some 4 ms for 1 MB on the main loop), and the highlighting is
 * already light there (billet-document.c). */
#define MAX_CHARS (2 * 1024 * 1024)

/* ---- Dictionaries (shared, any thread, under dict_lock) ---- */

static GMutex dict_lock;
static EnchantBroker *broker;
static GHashTable *dicts;     /* language → EnchantDict (or NULL: none) */
static GHashTable *ignored;   /* word → word */
static guint words_serial;    /* bumped when a word is added or ignored */

static char *
dup_words_path (const char *language)
{
  g_autofree char *name = g_strconcat (language, ".txt", NULL);

  return g_build_filename (g_get_user_config_dir (), "billet", "words", name, NULL);
}

static void
ensure_broker_locked (void)
{
  if (broker != NULL)
    return;
  broker = enchant_broker_init ();
  dicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ignored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* The dictionary of @language, with its personal words, or NULL. */
static EnchantDict *
get_dict_locked (const char *language)
{
  EnchantDict *dict;
  gpointer found;

  ensure_broker_locked ();
  if (language == NULL)
    return NULL;
  if (g_hash_table_lookup_extended (dicts, language, NULL, &found))
    return found;

  dict = enchant_broker_dict_exists (broker, language) ? enchant_broker_request_dict (broker, language) : NULL;
  if (dict != NULL)
    {
      g_autofree char *path = dup_words_path (language);
      g_autofree char *contents = NULL;

      if (g_file_get_contents (path, &contents, NULL, NULL))
        {
          g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

          for (guint i = 0; lines[i] != NULL; i++)
            {
              g_strstrip (lines[i]);
              if (lines[i][0] != '\0' && g_utf8_validate (lines[i], -1, NULL))
                enchant_dict_add_to_session (dict, lines[i], -1);
            }
        }
    }
  g_hash_table_insert (dicts, g_strdup (language), dict);
  return dict;
}

static gboolean
dict_knows (EnchantDict *dict,
            const char  *word,
            gsize        len)
{
  return len == 0 || enchant_dict_check (dict, word, (gssize) len) == 0;
}

static char *
swap_apostrophes (const char *word,
                  gsize       len,
                  gboolean    to_straight)
{
  GString *out = g_string_sized_new (len + 4);

  for (gsize i = 0; i < len; )
    {
      if (to_straight && i + 3 <= len && memcmp (word + i, "\xE2\x80\x99", 3) == 0)
        {
          g_string_append_c (out, '\'');
          i += 3;
        }
      else if (!to_straight && word[i] == '\'')
        {
          g_string_append (out, "\xE2\x80\x99");
          i++;
        }
      else
        g_string_append_c (out, word[i++]);
    }

  return g_string_free (out, FALSE);
}

static gboolean check_locked (EnchantDict *dict,
                              const char  *word,
                              gsize        len,
                              guint        depth);

/* The parts of @word between @sep (an ASCII character), each known. */
static gboolean
parts_known_locked (EnchantDict *dict,
                    const char  *word,
                    gsize        len,
                    char         sep,
                    guint        depth)
{
  gsize start = 0;

  if (memchr (word, sep, len) == NULL)
    return FALSE;
  for (gsize i = 0; i <= len; i++)
    {
      if (i == len || word[i] == sep)
        {
          if (i > start && !check_locked (dict, word + start, i - start, depth + 1))
            return FALSE;
          start = i + 1;
        }
    }

  return TRUE;
}

static gboolean
check_locked (EnchantDict *dict,
              const char  *word,
              gsize        len,
              guint        depth)
{
  g_autofree char *straight = NULL;
  const char *apostrophe;

  if (g_hash_table_size (ignored) > 0)
    {
      g_autofree char *key = g_strndup (word, len);

      if (g_hash_table_contains (ignored, key))
        return TRUE;
    }
  if (dict_knows (dict, word, len))
    return TRUE;

  /* ’ and ' are the same apostrophe: ask with both. */
  if (g_strstr_len (word, (gssize) len, "\xE2\x80\x99") != NULL)
    {
      straight = swap_apostrophes (word, len, TRUE);
      if (dict_knows (dict, straight, strlen (straight)))
        return TRUE;
    }
  else if (memchr (word, '\'', len) != NULL)
    {
      g_autofree char *curly = swap_apostrophes (word, len, FALSE);

      if (dict_knows (dict, curly, strlen (curly)))
        return TRUE;
      straight = g_strndup (word, len);
    }
  if (depth > 2)
    return FALSE;

  /* An elision: "l'" (or "qu'", "jusqu'") and the word it is joined to. */
  if (straight != NULL && (apostrophe = strchr (straight, '\'')) != NULL)
    {
      gsize head = (gsize) (apostrophe - straight) + 1;

      if (dict_knows (dict, straight, head) && check_locked (dict, straight + head, strlen (straight + head), depth + 1))
        return TRUE;
    }

  /* A compound: each part a word. */
  return parts_known_locked (dict, word, len, '-', depth);
}

/**
 * billet_spell_check_word:
 * @language: an enchant language ("fr", "en_US")
 *
 * Returns: whether @word is spelt right in @language (%TRUE when there is
 *   no dictionary for it: nothing is underlined then)
 */
gboolean
billet_spell_check_word (const char *language,
                         const char *word,
                         gssize      len)
{
  EnchantDict *dict;
  gboolean known;

  g_return_val_if_fail (word != NULL, TRUE);

  if (len < 0)
    len = (gssize) strlen (word);
  g_mutex_lock (&dict_lock);
  dict = get_dict_locked (language);
  known = dict == NULL || check_locked (dict, word, (gsize) len, 0);
  g_mutex_unlock (&dict_lock);
  return known;
}

/**
 * billet_spell_suggest:
 *
 * Returns: (transfer full): up to a handful of corrections for @word
 */
char **
billet_spell_suggest (const char *language,
                      const char *word)
{
  GPtrArray *out = g_ptr_array_new ();
  EnchantDict *dict;

  g_mutex_lock (&dict_lock);
  dict = get_dict_locked (language);
  if (dict != NULL)
    {
      size_t n = 0;
      char **suggestions = enchant_dict_suggest (dict, word, -1, &n);

      for (size_t i = 0; i < n && out->len < 6; i++)
        g_ptr_array_add (out, g_strdup (suggestions[i]));
      if (suggestions != NULL)
        enchant_dict_free_string_list (dict, suggestions);
    }
  g_mutex_unlock (&dict_lock);

  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

/**
 * billet_spell_add_word:
 *
 * Adds @word to the personal word list of @language, on disk, and to its
 * dictionary from now on.
 */
void
billet_spell_add_word (const char *language,
                       const char *word)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;
  EnchantDict *dict;

  g_return_if_fail (language != NULL && word != NULL);

  g_mutex_lock (&dict_lock);
  dict = get_dict_locked (language);
  if (dict != NULL)
    enchant_dict_add_to_session (dict, word, -1);
  words_serial++;
  g_mutex_unlock (&dict_lock);

  path = dup_words_path (language);
  dir = g_path_get_dirname (path);
  g_mkdir_with_parents (dir, 0700);
  file = g_file_new_for_path (path);
  stream = g_file_append_to (file, G_FILE_CREATE_PRIVATE, NULL, &error);
  line = g_strconcat (word, "\n", NULL);
  if (stream == NULL ||
      !g_output_stream_write_all (G_OUTPUT_STREAM (stream), line, strlen (line), NULL, NULL, &error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error))
    g_warning ("Could not add “%s” to %s: %s", word, path, error->message);

  billet_spell_words_changed ();
}

/**
 * billet_spell_ignore_word:
 *
 * Leaves @word alone in every language until Billet quits.
 */
void
billet_spell_ignore_word (const char *word)
{
  g_return_if_fail (word != NULL);

  g_mutex_lock (&dict_lock);
  ensure_broker_locked ();
  g_hash_table_add (ignored, g_strdup (word));
  words_serial++;
  g_mutex_unlock (&dict_lock);

  billet_spell_words_changed ();
}

static void
add_language_cb (const char * const lang_tag,
                 const char * const provider_name,
                 const char * const provider_desc,
                 const char * const provider_file,
                 void              *user_data)
{
  GPtrArray *languages = user_data;

  for (guint i = 0; i < languages->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (languages, i), lang_tag))
        return;
    }
  g_ptr_array_add (languages, g_strdup (lang_tag));
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * billet_spell_list_languages:
 *
 * Returns: (transfer full): the languages there is a dictionary for
 */
char **
billet_spell_list_languages (void)
{
  GPtrArray *languages = g_ptr_array_new ();

  g_mutex_lock (&dict_lock);
  ensure_broker_locked ();
  enchant_broker_list_dicts (broker, add_language_cb, languages);
  g_mutex_unlock (&dict_lock);

  g_ptr_array_sort (languages, compare_strings);
  g_ptr_array_add (languages, NULL);
  return (char **) g_ptr_array_free (languages, FALSE);
}

/**
 * billet_spell_find_language:
 * @tag: a language as a post or a site writes it ("fr", "fr-FR",
 *   "en_US.UTF-8", "en")
 *
 * Returns: (transfer full) (nullable): the dictionary for it: the same
 *   region if there is one, else the language alone, else the language in
 *   some region ("en" → "en_US")
 */
char *
billet_spell_find_language (const char *tag)
{
  g_autofree char *normal = NULL;
  g_auto(GStrv) languages = NULL;
  char *cut;
  gsize base_len;

  if (tag == NULL || tag[0] == '\0')
    return NULL;
  normal = g_strdup (tag);
  g_strdelimit (normal, "-", '_');
  if ((cut = strpbrk (normal, ".@")) != NULL)
    *cut = '\0';
  if (normal[0] == '\0' || g_str_equal (normal, "C") || g_str_equal (normal, "POSIX"))
    return NULL;
  /* "fr_fr" → "fr_FR" */
  if ((cut = strchr (normal, '_')) != NULL)
    {
      for (char *p = normal; p < cut; p++)
        *p = g_ascii_tolower (*p);
      for (char *p = cut + 1; *p != '\0'; p++)
        *p = g_ascii_toupper (*p);
    }
  base_len = cut != NULL ? (gsize) (cut - normal) : strlen (normal);

  languages = billet_spell_list_languages ();
  for (guint i = 0; languages[i] != NULL; i++)
    {
      if (g_str_equal (languages[i], normal))
        return g_strdup (languages[i]);
    }
  for (guint i = 0; languages[i] != NULL; i++)
    {
      if (strlen (languages[i]) == base_len && strncmp (languages[i], normal, base_len) == 0)
        return g_strdup (languages[i]);
    }
  for (guint i = 0; languages[i] != NULL; i++)
    {
      if (strncmp (languages[i], normal, base_len) == 0 && languages[i][base_len] == '_')
        return g_strdup (languages[i]);
    }

  return NULL;
}

/**
 * billet_spell_language_name:
 *
 * Returns: (transfer full): @language for people: "Français", "English
 *   (United States)", else the code itself
 */
char *
billet_spell_language_name (const char *language)
{
  static const struct { const char *code; const char *name; } names[] = {
    { "de", N_("German") }, { "en", N_("English") }, { "en_GB", N_("English (United Kingdom)") },
    { "en_US", N_("English (United States)") }, { "es", N_("Spanish") }, { "fr", N_("French") },
    { "fr_BE", N_("French (Belgium)") }, { "fr_CA", N_("French (Canada)") },
    { "fr_CH", N_("French (Switzerland)") }, { "fr_FR", N_("French (France)") },
    { "fr_LU", N_("French (Luxembourg)") }, { "fr_MC", N_("French (Monaco)") }, { "it", N_("Italian") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_strcmp0 (names[i].code, language) == 0)
        return g_strdup (_(names[i].name));
    }

  return g_strdup (language);
}

/* ---- One buffer's checker ---- */

typedef struct
{
  gsize start;  /* characters */
  gsize end;
} CharRange;

struct _BilletSpellChecker
{
  GObject             parent_instance;

  GtkTextBuffer      *buffer;        /* (unowned): it owns us */
  BilletSpellSyntax   syntax;
  BilletProseFlags    prose_flags;
  char               *language;
  gboolean            enabled;
  GtkTextTag         *tag;

  GtkTextView        *view;          /* (nullable) (weak): shows the buffer */

  guint               generation;    /* changes of the text */
  GArray             *dirty;         /* CharRange: still to check, in
                                      * order, apart; a point is a line */
  CharRange           inflight;      /* what the worker checks */
  struct _Snapshot   *snapshot;      /* (nullable): the text as last copied */
  guint               pause_source;
  GCancellable       *cancellable;

  /* Underlines to apply, a slice at a time */
  GArray             *pending;       /* CharRange */
  guint               pending_index;
  GArray             *pending_ranges; /* CharRange: what was checked for them */
  guint               pending_generation;
  guint               apply_source;
};

G_DEFINE_FINAL_TYPE (BilletSpellChecker, billet_spell_checker, G_TYPE_OBJECT)

static GPtrArray *all_checkers;

static const CharRange EMPTY = { G_MAXSIZE, 0 };

static gboolean
range_is_empty (const CharRange *r)
{
  return r->start > r->end;
}

/* Keeps @r on the same text after @n characters at @at were inserted
 * (@n > 0) or removed (@n < 0). */
static void
range_shift (CharRange *r,
             gsize      at,
             gssize     n)
{
  if (range_is_empty (r))
    return;
  if (n >= 0)
    {
      if (r->start >= at)
        r->start += (gsize) n;
      if (r->end >= at)
        r->end += (gsize) n;
    }
  else
    {
      gsize removed = (gsize) -n;
      gsize to = at + removed;

      if (r->start >= to)
        r->start -= removed;
      else if (r->start > at)
        r->start = at;
      if (r->end >= to)
        r->end -= removed;
      else if (r->end > at)
        r->end = at;
    }
}

/* ---- What is still to check: a few ranges, in order ---- */

static gboolean
dirty_is_empty (BilletSpellChecker *self)
{
  return self->dirty->len == 0;
}

static void
dirty_merge (GArray *set)
{
  guint out = 0;

  for (guint i = 1; i < set->len; i++)
    {
      CharRange *last = &g_array_index (set, CharRange, out);
      CharRange *r = &g_array_index (set, CharRange, i);

      if (r->start <= last->end)
        last->end = MAX (last->end, r->end);
      else
        g_array_index (set, CharRange, ++out) = *r;
    }
  if (set->len > 0)
    g_array_set_size (set, out + 1);
}

static void
dirty_add (BilletSpellChecker *self,
           gsize               start,
           gsize               end)
{
  CharRange r = { start, end };
  guint i = 0;

  while (i < self->dirty->len && g_array_index (self->dirty, CharRange, i).start < start)
    i++;
  g_array_insert_val (self->dirty, i, r);
  dirty_merge (self->dirty);
}

static void
dirty_shift (BilletSpellChecker *self,
             gsize               at,
             gssize              n)
{
  for (guint i = 0; i < self->dirty->len; i++)
    range_shift (&g_array_index (self->dirty, CharRange, i), at, n);
  dirty_merge (self->dirty);
}

/* Takes [@start, @end] out of what is still to check. */
static void
dirty_remove (BilletSpellChecker *self,
              gsize               start,
              gsize               end)
{
  g_autoptr(GArray) left = g_array_new (FALSE, FALSE, sizeof (CharRange));

  for (guint i = 0; i < self->dirty->len; i++)
    {
      CharRange r = g_array_index (self->dirty, CharRange, i);
      CharRange before = { r.start, MIN (r.end, start - 1) };
      CharRange after = { MAX (r.start, end + 1), r.end };

      if (r.end < start || r.start > end)
        {
          g_array_append_val (left, r);
          continue;
        }
      if (r.start < start)
        g_array_append_val (left, before);
      if (r.end > end)
        g_array_append_val (left, after);
    }
  g_array_set_size (self->dirty, 0);
  g_array_append_vals (self->dirty, left->data, left->len);
}

static void queue_check (BilletSpellChecker *self);

static void
on_insert_text_cb (GtkTextBuffer      *buffer,
                   GtkTextIter        *location,
                   const char         *text,
                   int                 len,
                   BilletSpellChecker *self)
{
  /* After the insertion: @location is at its end. */
  glong n = g_utf8_strlen (text, len);
  gsize end = (gsize) gtk_text_iter_get_offset (location);
  gsize at = end - (gsize) n;

  self->generation++;
  dirty_shift (self, at, n);
  range_shift (&self->inflight, at, n);
  for (guint i = 0; i < self->pending_ranges->len; i++)
    range_shift (&g_array_index (self->pending_ranges, CharRange, i), at, n);
  if (self->enabled)
    {
      dirty_add (self, at, end);
      queue_check (self);
    }
}

static void
on_delete_range_cb (GtkTextBuffer      *buffer,
                    GtkTextIter        *start,
                    GtkTextIter        *end,
                    BilletSpellChecker *self)
{
  /* Before the deletion: both iterators still valid. */
  gsize at = (gsize) gtk_text_iter_get_offset (start);
  gssize n = gtk_text_iter_get_offset (end) - gtk_text_iter_get_offset (start);

  self->generation++;
  dirty_shift (self, at, -n);
  range_shift (&self->inflight, at, -n);
  for (guint i = 0; i < self->pending_ranges->len; i++)
    range_shift (&g_array_index (self->pending_ranges, CharRange, i), at, -n);
  if (self->enabled)
    {
      dirty_add (self, at, at);
      queue_check (self);
    }
}

/* ---- The worker ---- */

/* The text as copied for the worker, and its words once found: the chunks
 * of one check share them while the text does not change. */
typedef struct _Snapshot
{
  char             *text;
  gsize             len;
  guint             generation;
  BilletSpellSyntax syntax;
  BilletProseFlags  flags;
  GArray           *words;      /* BilletProseRange; the worker's, NULL until found */
} Snapshot;

static void
snapshot_clear (gpointer data)
{
  Snapshot *snapshot = data;

  g_free (snapshot->text);
  g_clear_pointer (&snapshot->words, g_array_unref);
}

static void
snapshot_unref (Snapshot *snapshot)
{
  g_rc_box_release_full (snapshot, snapshot_clear);
}

typedef struct
{
  Snapshot         *snapshot;
  char             *language;
  CharRange         range;      /* in: characters to check, to lines */
  GArray           *misspelled; /* CharRange */
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->snapshot, snapshot_unref);
  g_free (job->language);
  g_clear_pointer (&job->misspelled, g_array_unref);
  g_free (job);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  Snapshot *snapshot = job->snapshot;
  const char *text = snapshot->text;
  GArray *words;
  const char *from_ptr, *to_ptr;
  gsize from, to;
  gsize byte_at, char_at;
  guint lo, hi;
  EnchantDict *dict;

  /* The range, to whole lines (as it came), in bytes. */
  from_ptr = g_utf8_offset_to_pointer (text, (glong) MIN (job->range.start, (gsize) g_utf8_strlen (text, (gssize) snapshot->len)));
  to_ptr = g_utf8_offset_to_pointer (from_ptr, (glong) (job->range.end - MIN (job->range.end, job->range.start)));
  if (to_ptr > text + snapshot->len)
    to_ptr = text + snapshot->len;
  while (from_ptr > text && from_ptr[-1] != '\n')
    from_ptr--;
  while (to_ptr < text + snapshot->len && *to_ptr != '\n')
    to_ptr++;
  from = (gsize) (from_ptr - text);
  to = (gsize) (to_ptr - text);
  job->range.start = (gsize) g_utf8_pointer_to_offset (text, from_ptr);
  job->range.end = job->range.start + (gsize) g_utf8_pointer_to_offset (from_ptr, to_ptr);

  /* One worker at a time has the snapshot. */
  if (snapshot->words == NULL)
    {
      if (snapshot->syntax == BILLET_SPELL_MARKDOWN)
        snapshot->words = billet_prose_words (text, snapshot->len, snapshot->flags);
      else
        snapshot->words = billet_prose_plain_words (text, snapshot->len);
    }
  words = snapshot->words;

  job->misspelled = g_array_new (FALSE, FALSE, sizeof (CharRange));
  /* Characters are counted from the last word found. */
  byte_at = from;
  char_at = job->range.start;
  g_mutex_lock (&dict_lock);
  dict = get_dict_locked (job->language);
  g_mutex_unlock (&dict_lock);
  /* The first word of the range */
  lo = 0;
  hi = words->len;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (words, BilletProseRange, mid).start < from)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (guint i = lo; dict != NULL && i < words->len; i++)
    {
      BilletProseRange *w = &g_array_index (words, BilletProseRange, i);
      gboolean known;
      CharRange r;

      if (w->start >= to)
        break;
      /* A word at a time: the main loop may ask the dictionary too (a
       * menu's suggestions, a title) and must never wait long. */
      g_mutex_lock (&dict_lock);
      known = check_locked (dict, text + w->start, w->end - w->start, 0);
      g_mutex_unlock (&dict_lock);
      if (known)
        continue;
      char_at += (gsize) g_utf8_pointer_to_offset (text + byte_at, text + w->start);
      byte_at = w->start;
      r.start = char_at;
      r.end = char_at + (gsize) g_utf8_pointer_to_offset (text + w->start, text + w->end);
      g_array_append_val (job->misspelled, r);
    }

  g_task_return_boolean (task, TRUE);
}

static void start_check (BilletSpellChecker *self);

static gboolean
apply_slice_cb (gpointer user_data)
{
  BilletSpellChecker *self = user_data;
  gint64 deadline = g_get_monotonic_time () + SLICE_US;
  GtkTextIter start, end;

  if (self->pending_generation != self->generation)
    {
      /* The text changed under the underlines still to place. */
      for (guint i = 0; i < self->pending_ranges->len; i++)
        {
          CharRange *r = &g_array_index (self->pending_ranges, CharRange, i);

          if (!range_is_empty (r))
            dirty_add (self, r->start, r->end);
        }
      g_clear_pointer (&self->pending, g_array_unref);
      g_array_set_size (self->pending_ranges, 0);
      self->apply_source = 0;
      queue_check (self);
      return G_SOURCE_REMOVE;
    }

  while (self->pending_index < self->pending->len)
    {
      CharRange *r = &g_array_index (self->pending, CharRange, self->pending_index++);

      gtk_text_buffer_get_iter_at_offset (self->buffer, &start, (int) r->start);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &end, (int) r->end);
      gtk_text_buffer_apply_tag (self->buffer, self->tag, &start, &end);
      if ((self->pending_index & 15) == 0 && g_get_monotonic_time () >= deadline)
        return G_SOURCE_CONTINUE;
    }

  g_clear_pointer (&self->pending, g_array_unref);
  g_array_set_size (self->pending_ranges, 0);
  self->apply_source = 0;
  if (self->cancellable != NULL)
    {
      /* The next chunk is being checked: its answer goes on. */
      return G_SOURCE_REMOVE;
    }
  if (!dirty_is_empty (self) && self->snapshot != NULL && self->snapshot->generation == self->generation)
    start_check (self);
  else if (!dirty_is_empty (self))
    queue_check (self);
  else
    {
      g_clear_pointer (&self->snapshot, snapshot_unref);
      g_object_notify (G_OBJECT (self), "busy");
    }
  return G_SOURCE_REMOVE;
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  BilletSpellChecker *self = BILLET_SPELL_CHECKER (source);
  GTask *task = G_TASK (result);
  Job *job = g_task_get_task_data (task);
  guint generation = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "billet-generation"));
  GtkTextIter start, end;
  gboolean was_applying;

  if (g_task_had_error (task) || g_cancellable_is_cancelled (g_task_get_cancellable (task)) || self->buffer == NULL)
    return;
  g_clear_object (&self->cancellable);

  if (generation != self->generation || !self->enabled)
    {
      /* Stale: check that again, with what changed since. */
      if (self->enabled && !range_is_empty (&self->inflight))
        dirty_add (self, self->inflight.start, self->inflight.end);
      self->inflight = EMPTY;
      queue_check (self);
      return;
    }
  self->inflight = EMPTY;

  gtk_text_buffer_get_iter_at_offset (self->buffer, &start, (int) job->range.start);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &end, (int) job->range.end);
  gtk_text_buffer_remove_tag (self->buffer, self->tag, &start, &end);

  /* After the underlines still to place, if any (of the same text) */
  was_applying = self->pending != NULL;
  if (self->pending == NULL)
    {
      self->pending = g_steal_pointer (&job->misspelled);
      self->pending_index = 0;
    }
  else
    g_array_append_vals (self->pending, job->misspelled->data, job->misspelled->len);
  g_array_append_val (self->pending_ranges, job->range);
  self->pending_generation = self->generation;
  if (self->apply_source == 0)
    self->apply_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, apply_slice_cb, self, NULL);

  /* The rest of a check of unchanged text: the next chunk now, while
   * these are placed; but no further ahead of the underlines than that
   * (they wait behind the view's drawing and layout), or a scroll would
   * be served late. */
  if (!was_applying && !dirty_is_empty (self) && self->snapshot != NULL &&
      self->snapshot->generation == self->generation)
    start_check (self);
}

/* The lines @self's view shows, in characters, if it shows the buffer. */
static gboolean
get_visible (BilletSpellChecker *self,
             CharRange          *visible)
{
  GdkRectangle rect;
  GtkTextIter top, bottom;

  if (self->view == NULL || gtk_text_view_get_buffer (self->view) != self->buffer ||
      !gtk_widget_get_mapped (GTK_WIDGET (self->view)))
    return FALSE;
  gtk_text_view_get_visible_rect (self->view, &rect);
  if (rect.height <= 0)
    return FALSE;
  gtk_text_view_get_line_at_y (self->view, &top, rect.y, NULL);
  gtk_text_view_get_line_at_y (self->view, &bottom, rect.y + rect.height, NULL);
  if (!gtk_text_iter_ends_line (&bottom))
    gtk_text_iter_forward_to_line_end (&bottom);
  visible->start = (gsize) gtk_text_iter_get_offset (&top);
  visible->end = (gsize) gtk_text_iter_get_offset (&bottom);
  return TRUE;
}

/* What to check next, taken out of what is still to check: what the view
 * shows, else a chunk of the rest, nearest to what it shows, else from the
 * top. Whole lines. */
static CharRange
take_next (BilletSpellChecker *self)
{
  CharRange visible = { 0, 0 };
  CharRange next = EMPTY;
  gsize best = G_MAXSIZE;
  GtkTextIter start, end;

  if (!get_visible (self, &visible))
    {
      /* No view: from the top */
      CharRange *r = &g_array_index (self->dirty, CharRange, 0);

      next = (CharRange) { r->start, r->start + MIN (r->end - r->start, CHUNK_CHARS) };
      best = 0;
    }
  for (guint i = 0; best > 0 && i < self->dirty->len; i++)
    {
      CharRange *r = &g_array_index (self->dirty, CharRange, i);
      gsize distance;

      if (r->end >= visible.start && r->start <= visible.end)
        {
          /* What the view shows of it (of the next one in view, next) */
          next = (CharRange) { MAX (r->start, visible.start), MIN (r->end, visible.end) };
          best = 0;
        }
      else if (r->end < visible.start && (distance = visible.start - r->end) < best)
        {
          next = (CharRange) { r->end - MIN (r->end - r->start, CHUNK_CHARS), r->end };
          best = distance;
        }
      else if (r->start > visible.end && (distance = r->start - visible.end) < best)
        {
          next = (CharRange) { r->start, r->start + MIN (r->end - r->start, CHUNK_CHARS) };
          best = distance;
        }
    }

  gtk_text_buffer_get_iter_at_offset (self->buffer, &start, (int) next.start);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &end, (int) next.end);
  gtk_text_iter_set_line_offset (&start, 0);
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  next.start = (gsize) gtk_text_iter_get_offset (&start);
  next.end = (gsize) gtk_text_iter_get_offset (&end);
  dirty_remove (self, next.start, next.end);
  return next;
}

/* Hands the next range to a worker, with the text as it is now. */
static void
start_check (BilletSpellChecker *self)
{
  g_autoptr(GTask) task = NULL;
  GtkTextIter start, end;
  Job *job;

  if (self->snapshot == NULL || self->snapshot->generation != self->generation ||
      self->snapshot->flags != self->prose_flags)
    {
      Snapshot *snapshot = g_rc_box_new0 (Snapshot);

      gtk_text_buffer_get_bounds (self->buffer, &start, &end);
      snapshot->text = gtk_text_buffer_get_text (self->buffer, &start, &end, TRUE);
      snapshot->len = strlen (snapshot->text);
      snapshot->generation = self->generation;
      snapshot->syntax = self->syntax;
      snapshot->flags = self->prose_flags;
      g_clear_pointer (&self->snapshot, snapshot_unref);
      self->snapshot = snapshot;
    }

  job = g_new0 (Job, 1);
  job->snapshot = g_rc_box_acquire (self->snapshot);
  job->language = g_strdup (self->language);
  job->range = take_next (self);
  self->inflight = job->range;

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, check_done_cb, NULL);
  g_task_set_source_tag (task, start_check);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_object_set_data (G_OBJECT (task), "billet-generation", GUINT_TO_POINTER (self->generation));
  g_task_run_in_thread (task, check_thread);
}

static gboolean
pause_cb (gpointer user_data)
{
  BilletSpellChecker *self = user_data;
  GtkTextIter start, end;

  self->pause_source = 0;
  if (!self->enabled || dirty_is_empty (self))
    return G_SOURCE_REMOVE;
  if (gtk_text_buffer_get_char_count (self->buffer) > MAX_CHARS)
    {
      g_array_set_size (self->dirty, 0);
      g_clear_pointer (&self->snapshot, snapshot_unref);
      gtk_text_buffer_get_bounds (self->buffer, &start, &end);
      gtk_text_buffer_remove_tag (self->buffer, self->tag, &start, &end);
      g_object_notify (G_OBJECT (self), "busy");
      return G_SOURCE_REMOVE;
    }
  if (self->cancellable != NULL || self->apply_source != 0)
    {
      /* One range at a time: the next follows when this one is done. */
      return G_SOURCE_REMOVE;
    }

  start_check (self);
  return G_SOURCE_REMOVE;
}

static void
queue_check (BilletSpellChecker *self)
{
  gboolean was_busy = billet_spell_checker_get_busy (self);

  if (!self->enabled || self->language == NULL)
    return;
  g_clear_handle_id (&self->pause_source, g_source_remove);
  self->pause_source = g_timeout_add (PAUSE_MS, pause_cb, self);
  if (!was_busy)
    g_object_notify (G_OBJECT (self), "busy");
}

static void
update_tag_style (BilletSpellChecker *self)
{
  GtkSourceStyleScheme *scheme = NULL;
  GtkSourceStyle *style = NULL;

  if (GTK_SOURCE_IS_BUFFER (self->buffer))
    scheme = gtk_source_buffer_get_style_scheme (GTK_SOURCE_BUFFER (self->buffer));
  if (scheme != NULL)
    style = gtk_source_style_scheme_get_style (scheme, "def:misspelled-word");

  g_object_set (self->tag,
                "underline", PANGO_UNDERLINE_ERROR,
                "underline-rgba-set", FALSE,
                NULL);
  if (style != NULL)
    gtk_source_style_apply (style, self->tag);
  /* Whatever the scheme says, an error's squiggle. */
  g_object_set (self->tag, "underline", PANGO_UNDERLINE_ERROR, NULL);
}

enum { PROP_0, PROP_LANGUAGE, PROP_ENABLED, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];
enum { LANGUAGE_CHOSEN, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
billet_spell_checker_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BilletSpellChecker *self = BILLET_SPELL_CHECKER (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, billet_spell_checker_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
billet_spell_checker_dispose (GObject *object)
{
  BilletSpellChecker *self = BILLET_SPELL_CHECKER (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->pause_source, g_source_remove);
  g_clear_handle_id (&self->apply_source, g_source_remove);
  billet_spell_checker_set_view (self, NULL);
  if (all_checkers != NULL)
    g_ptr_array_remove (all_checkers, self);

  G_OBJECT_CLASS (billet_spell_checker_parent_class)->dispose (object);
}

static void
billet_spell_checker_finalize (GObject *object)
{
  BilletSpellChecker *self = BILLET_SPELL_CHECKER (object);

  g_clear_pointer (&self->pending, g_array_unref);
  g_clear_pointer (&self->dirty, g_array_unref);
  g_clear_pointer (&self->pending_ranges, g_array_unref);
  g_clear_pointer (&self->snapshot, snapshot_unref);
  g_free (self->language);

  G_OBJECT_CLASS (billet_spell_checker_parent_class)->finalize (object);
}

static void
billet_spell_checker_class_init (BilletSpellCheckerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = billet_spell_checker_get_property;
  object_class->dispose = billet_spell_checker_dispose;
  object_class->finalize = billet_spell_checker_finalize;

  properties[PROP_LANGUAGE] = g_param_spec_string ("language", NULL, NULL, NULL,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENABLED] = g_param_spec_boolean ("enabled", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The author chose the language (a menu): to be remembered for the post. */
  signals[LANGUAGE_CHOSEN] = g_signal_new ("language-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
billet_spell_checker_init (BilletSpellChecker *self)
{
  self->dirty = g_array_new (FALSE, FALSE, sizeof (CharRange));
  self->inflight = EMPTY;
  self->pending_ranges = g_array_new (FALSE, FALSE, sizeof (CharRange));
}

/* The buffer goes: so does its checker, whatever a worker still holds. */
static void
detach (gpointer data)
{
  BilletSpellChecker *self = data;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->pause_source, g_source_remove);
  g_clear_handle_id (&self->apply_source, g_source_remove);
  self->buffer = NULL;
  if (all_checkers != NULL)
    g_ptr_array_remove (all_checkers, self);
  g_object_unref (self);
}

static void
on_style_scheme_cb (BilletSpellChecker *self)
{
  update_tag_style (self);
}

/**
 * billet_spell_checker_get_for_buffer:
 *
 * Returns: (transfer none): @buffer's checker, made the first time (off,
 *   with no language, until told)
 */
BilletSpellChecker *
billet_spell_checker_get_for_buffer (GtkTextBuffer     *buffer,
                                     BilletSpellSyntax  syntax)
{
  BilletSpellChecker *self;

  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), NULL);

  if ((self = billet_spell_checker_lookup (buffer)) != NULL)
    return self;

  self = g_object_new (BILLET_TYPE_SPELL_CHECKER, NULL);
  self->buffer = buffer;
  self->syntax = syntax;
  self->tag = gtk_text_buffer_create_tag (buffer, "billet-misspelled", NULL);
  /* Above the highlighting's tags. */
  gtk_text_tag_set_priority (self->tag, gtk_text_tag_table_get_size (gtk_text_buffer_get_tag_table (buffer)) - 1);
  update_tag_style (self);
  g_signal_connect_object (buffer, "insert-text", G_CALLBACK (on_insert_text_cb), self, G_CONNECT_AFTER);
  g_signal_connect_object (buffer, "delete-range", G_CALLBACK (on_delete_range_cb), self, 0);
  if (GTK_SOURCE_IS_BUFFER (buffer))
    g_signal_connect_object (buffer, "notify::style-scheme", G_CALLBACK (on_style_scheme_cb), self,
                             G_CONNECT_SWAPPED);
  g_object_set_data_full (G_OBJECT (buffer), "billet-spell-checker", self, detach);

  if (all_checkers == NULL)
    all_checkers = g_ptr_array_new ();
  g_ptr_array_add (all_checkers, self);
  return self;
}

/**
 * billet_spell_checker_set_view:
 * @view: (nullable): a view that shows the checker's buffer
 *
 * The lines @view shows, while it shows the buffer, are checked before the
 * rest of the text.
 */
void
billet_spell_checker_set_view (BilletSpellChecker *self,
                               GtkTextView        *view)
{
  g_return_if_fail (BILLET_IS_SPELL_CHECKER (self));
  g_return_if_fail (view == NULL || GTK_IS_TEXT_VIEW (view));

  if (self->view == view)
    return;
  if (self->view != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->view), (gpointer *) &self->view);
  self->view = view;
  if (view != NULL)
    g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &self->view);
}

/**
 * billet_spell_checker_lookup:
 *
 * Returns: (transfer none) (nullable): @buffer's checker, if it has one
 */
BilletSpellChecker *
billet_spell_checker_lookup (GtkTextBuffer *buffer)
{
  return g_object_get_data (G_OBJECT (buffer), "billet-spell-checker");
}

static void
clear_and_check_all (BilletSpellChecker *self)
{
  GtkTextIter start, end;

  if (self->buffer == NULL)
    return;
  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->apply_source, g_source_remove);
  g_clear_pointer (&self->pending, g_array_unref);
  g_array_set_size (self->pending_ranges, 0);
  self->inflight = EMPTY;
  self->generation++;
  gtk_text_buffer_remove_tag (self->buffer, self->tag, &start, &end);
  g_array_set_size (self->dirty, 0);
  g_clear_pointer (&self->snapshot, snapshot_unref);
  if (self->enabled && self->language != NULL)
    {
      dirty_add (self, 0, (gsize) gtk_text_iter_get_offset (&end));
      queue_check (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
billet_spell_checker_set_language (BilletSpellChecker *self,
                                   const char         *language)
{
  g_return_if_fail (BILLET_IS_SPELL_CHECKER (self));

  if (g_strcmp0 (self->language, language) == 0)
    return;
  g_free (self->language);
  self->language = g_strdup (language);
  clear_and_check_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

/**
 * billet_spell_checker_choose_language:
 *
 * billet_spell_checker_set_language() for a choice of the author's, which
 * "language-chosen" tells whoever remembers it.
 */
void
billet_spell_checker_choose_language (BilletSpellChecker *self,
                                      const char         *language)
{
  g_return_if_fail (BILLET_IS_SPELL_CHECKER (self));

  billet_spell_checker_set_language (self, language);
  g_signal_emit (self, signals[LANGUAGE_CHOSEN], 0, language);
}

const char *
billet_spell_checker_get_language (BilletSpellChecker *self)
{
  g_return_val_if_fail (BILLET_IS_SPELL_CHECKER (self), NULL);

  return self->language;
}

void
billet_spell_checker_set_enabled (BilletSpellChecker *self,
                                  gboolean            enabled)
{
  g_return_if_fail (BILLET_IS_SPELL_CHECKER (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;
  self->enabled = enabled;
  clear_and_check_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

gboolean
billet_spell_checker_get_enabled (BilletSpellChecker *self)
{
  g_return_val_if_fail (BILLET_IS_SPELL_CHECKER (self), FALSE);

  return self->enabled;
}

void
billet_spell_checker_set_prose_flags (BilletSpellChecker *self,
                                      BilletProseFlags    flags)
{
  g_return_if_fail (BILLET_IS_SPELL_CHECKER (self));

  if (self->prose_flags == flags)
    return;
  self->prose_flags = flags;
  clear_and_check_all (self);
}

/**
 * billet_spell_checker_get_busy:
 *
 * Returns: whether some of the text is still to be checked or underlined
 */
gboolean
billet_spell_checker_get_busy (BilletSpellChecker *self)
{
  g_return_val_if_fail (BILLET_IS_SPELL_CHECKER (self), FALSE);

  return self->pause_source != 0 || self->cancellable != NULL || self->apply_source != 0 ||
         (self->enabled && self->language != NULL && !dirty_is_empty (self));
}

GtkTextTag *
billet_spell_checker_get_tag (BilletSpellChecker *self)
{
  g_return_val_if_fail (BILLET_IS_SPELL_CHECKER (self), NULL);

  return self->tag;
}

/**
 * billet_spell_checker_recheck:
 *
 * Checks the whole text again (a word was added or ignored).
 */
void
billet_spell_checker_recheck (BilletSpellChecker *self)
{
  g_return_if_fail (BILLET_IS_SPELL_CHECKER (self));

  clear_and_check_all (self);
}

/**
 * billet_spell_checker_misspelled_at:
 * @iter: a position in the buffer
 * @start: (out): where the underlined word there starts
 * @end: (out): where it ends
 *
 * Returns: whether @iter is in (or just after) an underlined word
 */
gboolean
billet_spell_checker_misspelled_at (BilletSpellChecker *self,
                                    const GtkTextIter  *iter,
                                    GtkTextIter        *start,
                                    GtkTextIter        *end)
{
  GtkTextIter at = *iter;

  g_return_val_if_fail (BILLET_IS_SPELL_CHECKER (self), FALSE);

  if (!gtk_text_iter_has_tag (&at, self->tag))
    {
      /* The cursor just after the word. */
      if (!gtk_text_iter_backward_char (&at) || !gtk_text_iter_has_tag (&at, self->tag))
        return FALSE;
    }
  *start = at;
  *end = at;
  if (!gtk_text_iter_starts_tag (start, self->tag))
    gtk_text_iter_backward_to_tag_toggle (start, self->tag);
  gtk_text_iter_forward_to_tag_toggle (end, self->tag);
  return TRUE;
}

/* Who else checks words (the form's one-line fields). */
static GHookList words_watchers;

/**
 * billet_spell_watch_words:
 * @func: called when a word was added or ignored
 *
 * Returns: an id for billet_spell_unwatch_words()
 */
gulong
billet_spell_watch_words (GHookFunc func,
                          gpointer  data)
{
  GHook *hook;

  g_return_val_if_fail (func != NULL, 0);

  if (!words_watchers.is_setup)
    g_hook_list_init (&words_watchers, sizeof (GHook));
  hook = g_hook_alloc (&words_watchers);
  hook->func = func;
  hook->data = data;
  g_hook_append (&words_watchers, hook);
  return hook->hook_id;
}

void
billet_spell_unwatch_words (gulong id)
{
  if (words_watchers.is_setup && id != 0)
    g_hook_destroy (&words_watchers, id);
}

/**
 * billet_spell_words_changed:
 *
 * Every checker checks its text again, and every watcher is told: a word
 * was added or ignored.
 */
void
billet_spell_words_changed (void)
{
  for (guint i = 0; all_checkers != NULL && i < all_checkers->len; i++)
    clear_and_check_all (g_ptr_array_index (all_checkers, i));
  if (words_watchers.is_setup)
    g_hook_list_invoke (&words_watchers, FALSE);
}
