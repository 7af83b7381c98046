/* billet-cli.c — the headless subcommands: export, get, set, check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each command works on the core alone: no display is needed. Problems
 * with a post are printed as one line, FILE:LINE:COL: message, on stderr.
 * Exit status: 0 success, 1 the content has a problem, 2 usage or I/O.
 * A file is written only when its bytes change, and only after the edit
 * was verified by the core; a file that cannot be understood is never
 * rewritten.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "billet-check.h"
#include "billet-cli.h"
#include "billet-encoding.h"
#include "billet-value.h"
#include "billet-export.h"
#include "billet-file.h"
#include "billet-index.h"
#include "billet-post.h"
#include "billet-render.h"
#include "billet-site.h"
#include "billet-typography.h"
#include "billet-utf8.h"

typedef int (*CommandFunc) (int argc, char **argv);

typedef struct
{
  const char  *name;
  CommandFunc  func;
  const char  *args;
  const char  *summary;
} Command;

static int command_export (int argc, char **argv);
static int command_get    (int argc, char **argv);
static int command_set    (int argc, char **argv);
static int command_check  (int argc, char **argv);
static int command_list   (int argc, char **argv);

static const Command commands[] = {
  { "export", command_export, N_("POST.md | FOLDER -o OUTDIR"), N_("Write a post as a standalone HTML page, or a folder's posts as a site") },
  { "get", command_get, N_("POST KEY"), N_("Print a front-matter value (KEY may be dotted: seo.title)") },
  { "set", command_set, N_("POST KEY VALUE…"), N_("Change front-matter values with the smallest possible edit") },
  { "check", command_check, N_("PATH…"), N_("Report problems in posts as FILE:LINE:COL: message") },
  { "list", command_list, N_("FOLDER"), N_("List the posts of a folder or site, newest first") },
};

static const Command *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

gboolean
billet_cli_is_command (const char *name)
{
  return find_command (name) != NULL;
}

/**
 * billet_cli_dup_commands_help:
 *
 * Returns: (transfer full): one line per command, for the main --help
 */
char *
billet_cli_dup_commands_help (void)
{
  GString *out = g_string_new (_("Commands (no display needed):"));
  g_auto(GStrv) usages = g_new0 (char *, G_N_ELEMENTS (commands) + 1);
  glong column = 0;

  g_string_append_c (out, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      usages[i] = g_strdup_printf ("%s %s", commands[i].name, _(commands[i].args));
      column = MAX (column, g_utf8_strlen (usages[i], -1));
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      /* Pad by characters, not bytes: “…” is three bytes. */
      glong width = g_utf8_strlen (usages[i], -1);

      g_string_append_printf (out, "  billet %s%*s  %s\n", usages[i], (int) (column - width), "",
                              _(commands[i].summary));
    }
  return g_string_free (out, FALSE);
}

/* One problem, one line: the file through billet_file_display_name(), and
 * the message escaped the same way, since it may quote a key, a value or a
 * name from the command line or the post (a line break in it would forge a
 * second report). The escapes leave what they already escaped unchanged. */
static void
report (const char *file,
        guint       line,
        guint       column,
        const char *message)
{
  g_autofree char *shown_file = billet_file_display_name (file);
  g_autofree char *shown = billet_utf8_make_displayable (message, -1);

  if (line > 0)
    g_printerr ("%s:%u:%u: %s\n", shown_file, line, column, shown);
  else
    g_printerr ("%s: %s\n", shown_file, shown);
}

/* Errors are one line (DESIGN.md): the full --help is only a pointer away.
 * The program name is “billet COMMAND” once billet_cli_run() has set it. */
static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *shown = billet_utf8_make_displayable (message, -1);

  if (context != NULL)
    /* Translators: the first %s is an error, the second “billet set” or so */
    g_printerr (_("%s: %s (see “%s --help”)\n"), g_get_prgname (), shown, g_get_prgname ());
  else
    g_printerr ("%s: %s\n", g_get_prgname () ? g_get_prgname () : "billet", shown);
  return BILLET_EXIT_USAGE;
}

/* With `check --format json`, findings gather here instead of going to
 * stderr; NULL otherwise. */
static GString *check_json;

static void append_json (GString *out, const char *text);
static void append_json_path (GString *out, const char *path);

/* One finding of check, with its stable identifier (README.md lists them):
 * “FILE:LINE:COL: message [id]”, or an object of the JSON array. */
static void
report_site_finding (const char          *file,
                     const BilletFinding *finding);

static void
report_finding (const char *file,
                guint       line,
                guint       column,
                const char *id,
                const char *message)
{
  BilletFinding finding = { NULL, line, column, id, (char *) message, NULL, NULL, NULL };

  report_site_finding (file, &finding);
}

/* With its fix, if any, in JSON: "fix": {"key": "tags", "from": "velo",
 * "to": "Vélo"}. */
static void
report_site_finding (const char          *file,
                     const BilletFinding *finding)
{
  guint line = finding->line;
  guint column = finding->column;
  const char *id = finding->id;
  const char *message = finding->message;
  g_autofree char *text = NULL;

  if (check_json != NULL)
    {
      g_autofree char *valid = g_utf8_make_valid (message, -1);

      g_string_append (check_json, check_json->len > 1 ? ",\n  {\"file\": " : "\n  {\"file\": ");
      append_json_path (check_json, file);
      g_string_append_printf (check_json, ", \"line\": %u, \"column\": %u, \"id\": ", line, column);
      append_json (check_json, id);
      g_string_append (check_json, ", \"message\": ");
      append_json (check_json, valid);
      if (finding->fix_key != NULL)
        {
          g_autofree char *from = g_utf8_make_valid (finding->fix_from, -1);
          g_autofree char *to = g_utf8_make_valid (finding->fix_to, -1);

          g_string_append (check_json, ", \"fix\": {\"key\": ");
          append_json (check_json, finding->fix_key);
          g_string_append (check_json, ", \"from\": ");
          append_json (check_json, from);
          g_string_append (check_json, ", \"to\": ");
          append_json (check_json, to);
          g_string_append_c (check_json, '}');
        }
      g_string_append_c (check_json, '}');
      return;
    }
  text = g_strdup_printf ("%s [%s]", message, id);
  report (file, line, column, text);
}

static GOptionContext *
new_context (const char         *name,
             const GOptionEntry *entries)
{
  const Command *command = find_command (name);
  /* The program name already says “billet NAME”: “Usage: billet set [OPTION…] POST KEY VALUE…” */
  GOptionContext *context = g_option_context_new (_(command->args));

  g_option_context_set_summary (context, _(command->summary));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

/* “-12” is a value (set POST weight -12), not the options -1 -2. */
static gboolean
looks_like_negative_number (const char *arg)
{
  return arg[0] == '-' && (g_ascii_isdigit (arg[1]) || (arg[1] == '.' && g_ascii_isdigit (arg[2])));
}

/* @arg as a shell would need it typed in an example: as it is when it is
 * made of harmless characters, otherwise in double quotes, or in single
 * quotes when double quotes would expand something. */
static char *
shell_word (const char *arg)
{
  static const char safe[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:@%+=,-";
  gboolean plain = arg[0] != 0;

  for (const char *p = arg; *p != 0 && plain; p++)
    plain = (guchar) *p >= 0x80 || strchr (safe, *p) != NULL;
  if (plain)
    return g_strdup (arg);
  if (strpbrk (arg, "\"$`\\!") == NULL)
    return g_strdup_printf ("\"%s\"", arg);
  return g_shell_quote (arg);
}

/* How @arg stands among the command's options: 0 when it is none of them,
 * 1 when it is one, 2 when it is one that takes the next argument as its
 * value (“--type string”, “-t string”). */
static int
option_arity (const GOptionEntry *entries,
              const char         *arg)
{
  if (g_str_has_prefix (arg, "--"))
    {
      const char *name = arg + 2;
      gsize len = strcspn (name, "=");

      if ((len == 4 && strncmp (name, "help", 4) == 0) || (len == 8 && strncmp (name, "help-all", 8) == 0))
        return 1;
      for (guint i = 0; entries != NULL && entries[i].long_name != NULL; i++)
        if (strlen (entries[i].long_name) == len && strncmp (entries[i].long_name, name, len) == 0)
          return entries[i].arg != G_OPTION_ARG_NONE && name[len] != '=' ? 2 : 1;
      return 0;
    }
  if (arg[1] == 'h' || arg[1] == '?')
    return 1;
  for (guint i = 0; entries != NULL && entries[i].long_name != NULL; i++)
    if (entries[i].short_name != 0 && entries[i].short_name == arg[1])
      return entries[i].arg != G_OPTION_ARG_NONE && arg[2] == 0 ? 2 : 1;
  return 0;
}

/* An argument that looks like an option to GOption but is none of the
 * command's: most likely a key, a value or a file name that starts with
 * “-”. Returns the command line with “--” where it belongs — the options
 * first, then the other arguments with “--” before the first that needs
 * it —, or NULL when every argument that looks like an option is one. */
static char *
suggest_double_dash (const GOptionEntry  *entries,
                     int                  argc,
                     char               **argv,
                     const char         **culprit)
{
  g_autoptr(GPtrArray) options = g_ptr_array_new ();
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  g_autoptr(GString) line = g_string_new (g_get_prgname ());

  *culprit = NULL;
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      int arity;

      if (g_str_equal (arg, "--"))
        {
          for (i++; i < argc; i++)
            g_ptr_array_add (rest, argv[i]);
          break;
        }
      if (arg[0] != '-' || arg[1] == 0 || looks_like_negative_number (arg))
        {
          g_ptr_array_add (rest, (char *) arg);
          continue;
        }
      arity = option_arity (entries, arg);
      if (arity == 0)
        {
          if (*culprit == NULL)
            *culprit = arg;
          g_ptr_array_add (rest, (char *) arg);
          continue;
        }
      g_ptr_array_add (options, (char *) arg);
      if (arity == 2 && i + 1 < argc)
        g_ptr_array_add (options, argv[++i]);
    }
  if (*culprit == NULL)
    return NULL;

  for (guint i = 0; i < options->len; i++)
    {
      g_autofree char *word = shell_word (g_ptr_array_index (options, i));

      g_string_append_printf (line, " %s", word);
    }
  for (guint i = 0; i < rest->len; i++)
    {
      g_autofree char *word = shell_word (g_ptr_array_index (rest, i));

      /* “--” right before the first argument that needs it. */
      if (g_ptr_array_index (rest, i) == *culprit)
        g_string_append (line, " --");
      g_string_append_printf (line, " %s", word);
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static gboolean
parse_options (GOptionContext      *context,
               const GOptionEntry  *entries,
               int                 *argc,
               char              ***argv,
               int                 *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) hidden = g_hash_table_new_full (NULL, NULL, g_free, NULL);
  g_autofree char *suggestion = NULL;
  const char *culprit = NULL;
  gboolean ok;

  /* Worked out before GOption rearranges the arguments. */
  suggestion = suggest_double_dash (entries, *argc, *argv, &culprit);

  /* GOption has no notion of negative numbers: hide them behind placeholders
   * (told apart by address), then put them back where GOption left them. */
  for (int i = 1; i < *argc; i++)
    if (looks_like_negative_number ((*argv)[i]))
      {
        char *placeholder = g_strdup ("0");

        g_hash_table_insert (hidden, placeholder, (*argv)[i]);
        (*argv)[i] = placeholder;
      }

  ok = g_option_context_parse (context, argc, argv, &error);

  for (int i = 0; i < *argc; i++)
    {
      char *original = g_hash_table_lookup (hidden, (*argv)[i]);

      if (original != NULL)
        (*argv)[i] = original;
    }
  if (!ok)
    {
      if (suggestion != NULL)
        {
          g_autofree char *message =
            /* Translators: the first %s is GOption's error (“Unknown option -x”), the
             * second the command again, with “--” (billet set post.md title -- -x) */
            g_strdup_printf (_("%s; a key, a value or a file name that starts with “-” goes after “--”: %s"),
                             error->message, suggestion);

          *status = usage_error (NULL, message);
        }
      else
        *status = usage_error (NULL, error->message);
      return FALSE;
    }

  /* GOption leaves “--” in place: it ends the options, it is no argument. */
  for (int i = 1; i < *argc; i++)
    if (g_str_equal ((*argv)[i], "--"))
      {
        memmove (*argv + i, *argv + i + 1, (gsize) (*argc - i) * sizeof (char *));
        (*argc)--;
        break;
      }
  return TRUE;
}

/* Loads a post, reporting an I/O failure. */
static BilletPost *
open_post (const char *path)
{
  g_autoptr(GError) error = NULL;
  BilletPost *post = billet_post_new_for_path (path, &error);

  if (post == NULL)
    report (path, 0, 0, error->message);
  return post;
}

/* What an interrupted save of the post left is settled first: the next
 * command after a killed `set` puts a half-written post back, and says so
 * on stderr (billet_file_recover()). Then the post is loaded. */
static BilletPost *
open_post_recovering (const char *path)
{
  g_auto(BilletRecovery) recovery = { 0 };
  g_autoptr(GError) error = NULL;

  if (!billet_file_recover (path, &recovery, &error))
    {
      report (path, 0, 0, error->message);
      return NULL;
    }
  if (recovery.message != NULL)
    report (path, 0, 0, recovery.message);
  return open_post (path);
}

/* Reports why the post's front matter cannot be used; returns FALSE then. */
static gboolean
require_front_matter (const char  *path,
                      BilletPost  *post,
                      gboolean     allow_none)
{
  g_autoptr(GError) error = NULL;
  guint line, column;

  if (billet_post_get_invalid_utf8_position (post, &line, &column))
    {
      g_autoptr(GBytes) bytes = billet_post_serialize (post);
      g_auto(BilletDecodedText) text = { 0 };

      /* Why it cannot be read, as check says it. */
      if (!billet_text_decode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                               &text, &error))
        report (path, text.line, text.column, error->message);
      else
        report (path, line, column,
                _("The file is not valid UTF-8; “billet check --fix-encoding” can convert it"));
      return FALSE;
    }

  if (allow_none && billet_post_get_front_matter_kind (post) == BILLET_FRONT_MATTER_NONE)
    return TRUE;

  if (billet_post_get_front_matter (post, &error) != NULL)
    return TRUE;

  billet_post_get_error_position (post, &line, &column);
  report (path, line, column, error->message);
  return FALSE;
}

static gboolean
write_output (const char  *path,
              const char  *data,
              gsize        len,
              GError     **error)
{
  if (g_str_equal (path, "-"))
    {
      if (fwrite (data, 1, len, stdout) != len || fflush (stdout) != 0)
        {
          g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_IO,
                               _("Could not write to standard output"));
          return FALSE;
        }
      return TRUE;
    }
  return billet_file_write_safely (path, data, len, BILLET_WRITE_NONE, error);
}

/* TRUE when both paths name one existing file (links and “./” included). */
static gboolean
same_file (const char *a,
           const char *b)
{
  GStatBuf sa, sb;

  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0 &&
         sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static char *
default_output (const char *post_path)
{
  const char *dot = strrchr (post_path, '.');
  const char *slash = strrchr (post_path, G_DIR_SEPARATOR);

  if (dot != NULL && (slash == NULL || dot > slash))
    return g_strdup_printf ("%.*s.html", (int) (dot - post_path), post_path);
  return g_strconcat (post_path, ".html", NULL);
}

/* Folders: list and export */

/* FOLDER/PATH as the user named the folder, for messages. */
static char *
user_path (const char *folder,
           const char *path)
{
  if (g_str_equal (path, ".") || *path == '\0')
    return g_strdup (folder);
  return g_build_filename (folder, path, NULL);
}

static void
report_export (const char *path,
               guint       line,
               guint       column,
               const char *message,
               gboolean    is_error,
               gpointer    user_data)
{
  g_autofree char *shown = user_path (user_data, path);

  report (shown, line, column, message);
}

static int
export_folder (const char *folder,
               const char *outdir,
               const char *lang,
               const char *environment,
               gboolean    drafts)
{
  g_autoptr(BilletIndex) index = NULL;
  g_autoptr(GError) error = NULL;
  BilletExportOptions options = { drafts, lang };
  BilletExportStats stats;

  if (!(index = billet_index_new_for_environment (folder, environment, &error)))
    {
      report (folder, 0, 0, error->message);
      return BILLET_EXIT_USAGE;
    }
  if (!billet_export_site (index, outdir, &options, report_export, (gpointer) folder, &stats, &error))
    {
      report (outdir, 0, 0, error->message);
      return BILLET_EXIT_USAGE;
    }
  return stats.invalid > 0 ? BILLET_EXIT_CONTENT : BILLET_EXIT_OK;
}

/* A TSV field: tabs, line breaks and backslashes escaped, so that one
 * post stays one line whatever its title. */
static void
append_tsv (GString    *out,
            const char *text)
{
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    switch (*p)
      {
      case '\t': g_string_append (out, "\\t"); break;
      case '\n': g_string_append (out, "\\n"); break;
      case '\r': g_string_append (out, "\\r"); break;
      case '\\': g_string_append (out, "\\\\"); break;
      default: g_string_append_c (out, *p); break;
      }
}

/* A JSON string (RFC 8259): quotes, backslashes and control characters
 * escaped; the text is UTF-8 already. */
static void
append_json (GString    *out,
             const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c < 0x20 || c == 0x7F)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

/* Paths are file names, not necessarily UTF-8: JSON shows them valid. */
static void
append_json_path (GString    *out,
                  const char *path)
{
  g_autofree char *valid = g_utf8_make_valid (path, -1);

  append_json (out, valid);
}

/* One line on stderr for the files that look like posts but are not
 * listed: "3 .adoc files and 1 unreadable file skipped: content/a.adoc, …",
 * by kind, the first few named. */
static void
report_skipped (const char *folder,
                GPtrArray  *skipped,
                GPtrArray  *notes)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) named = g_ptr_array_new ();
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *joined = NULL;
  g_autofree char *line = NULL;
  guint unreadable = 0;
  guint total = skipped->len;

  for (guint i = 0; i < skipped->len; i++)
    {
      const char *path = g_ptr_array_index (skipped, i);
      const char *ext = strrchr (path, '.');
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, ext));

      if (n == 0)
        g_ptr_array_add (kinds, (gpointer) ext);
      g_hash_table_insert (counts, (gpointer) ext, GUINT_TO_POINTER (n + 1));
      g_ptr_array_add (named, (gpointer) path);
    }
  for (guint i = 0; i < notes->len; i++)
    {
      BilletIndexNote *note = g_ptr_array_index (notes, i);

      if (note->unreadable)
        {
          unreadable++;
          g_ptr_array_add (named, note->path);
        }
    }
  total += unreadable;
  if (total == 0)
    return;

  for (guint i = 0; i < kinds->len; i++)
    {
      const char *ext = g_ptr_array_index (kinds, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, ext));

      /* Translators: a part of “%s skipped”: “3 .adoc files” */
      g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u %s file", "%u %s files", n),
                                               n, ext));
    }
  if (unreadable > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u unreadable file", "%u unreadable files",
                                                        unreadable),
                                             unreadable));
  g_ptr_array_add (parts, NULL);
  /* Translators: between the kinds of skipped files: “2 .org files, 1 .adoc file” */
  joined = g_strjoinv (_(", "), (char **) parts->pdata);

  for (guint i = 0; i < named->len && i < 3; i++)
    {
      g_autofree char *path = user_path (folder, g_ptr_array_index (named, i));
      g_autofree char *valid = g_utf8_make_valid (path, -1);

      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, valid);
    }
  if (named->len > 3)
    g_string_append (names, ", …");

  /* Translators: %s are “3 .adoc files, 1 .org file” and the first few of
   * their names; the files a generator reads but Billet does not list */
  line = g_strdup_printf (_("%s skipped: %s"), joined, names->str);
  report (folder, 0, 0, line);
}

static int
command_list (int    argc,
              char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *environment = NULL;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("tsv (default): path, date, draft, title, tags, language, collection; or json"), N_("FORMAT") },
    { "environment", 0, 0, G_OPTION_ARG_STRING, &environment,
      N_("Hugo's configuration environment, as hugo --environment (default: development, as hugo server)"),
      N_("NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context ("list", entries);
  g_autoptr(BilletIndex) index = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = NULL;
  gboolean json;
  GPtrArray *posts;
  GPtrArray *notes;
  int status = BILLET_EXIT_OK;

  if (!parse_options (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("list takes one folder"));
  if (format != NULL && !g_str_equal (format, "tsv") && !g_str_equal (format, "json"))
    {
      g_autofree char *message = g_strdup_printf (_("Unknown format “%s”; use tsv or json"), format);

      return usage_error (context, message);
    }
  if (environment != NULL && !billet_site_is_environment_name (environment))
    return usage_error (context, _("An environment is a folder name of config/, such as production"));
  json = format != NULL && g_str_equal (format, "json");

  if (!(index = billet_index_new_for_environment (argv[1], environment, &error)))
    {
      report (argv[1], 0, 0, error->message);
      return BILLET_EXIT_USAGE;
    }
  /* A list needs the front matter, not the body. */
  billet_index_set_head_only (index, TRUE);
  billet_index_run (index);
  posts = billet_index_get_posts (index);
  notes = billet_index_get_notes (index);

  out = g_string_sized_new (128 * (posts->len + 1));
  if (json)
    g_string_append_c (out, '[');
  for (guint i = 0; i < posts->len; i++)
    {
      BilletPostSummary *post = g_ptr_array_index (posts, i);

      if (json)
        {
          g_string_append (out, i > 0 ? ",\n  {\"path\": " : "\n  {\"path\": ");
          append_json_path (out, post->path);
          g_string_append (out, ", \"date\": ");
          append_json (out, post->date);
          g_string_append (out, post->draft ? ", \"draft\": true" : ", \"draft\": false");
          g_string_append (out, ", \"title\": ");
          append_json (out, post->title);
          g_string_append (out, ", \"tags\": [");
          for (guint t = 0; post->tags[t] != NULL; t++)
            {
              if (t > 0)
                g_string_append (out, ", ");
              append_json (out, post->tags[t]);
            }
          g_string_append (out, "], \"lang\": ");
          append_json (out, post->lang);
          g_string_append (out, ", \"collection\": ");
          append_json (out, post->collection);
          g_string_append_c (out, '}');
        }
      else
        {
          append_tsv (out, post->path);
          g_string_append_c (out, '\t');
          append_tsv (out, post->date);
          g_string_append (out, post->draft ? "\ttrue\t" : "\tfalse\t");
          append_tsv (out, post->title);
          g_string_append_c (out, '\t');
          for (guint t = 0; post->tags[t] != NULL; t++)
            {
              if (t > 0)
                g_string_append (out, ", ");
              append_tsv (out, post->tags[t]);
            }
          g_string_append_c (out, '\t');
          append_tsv (out, post->lang);
          g_string_append_c (out, '\t');
          append_tsv (out, post->collection);
          g_string_append_c (out, '\n');
        }
    }
  if (json)
    g_string_append (out, posts->len > 0 ? "\n]\n" : "]\n");

  if (fwrite (out->str, 1, out->len, stdout) != out->len || fflush (stdout) != 0)
    {
      report ("-", 0, 0, _("Could not write to standard output"));
      return BILLET_EXIT_USAGE;
    }

  /* Problems after the list, in path order: a post with one is listed all
   * the same (a form can fix it), and the exit status says so. */
  for (guint i = 0; i < posts->len; i++)
    {
      BilletPostSummary *post = g_ptr_array_index (posts, i);

      if (post->warning != BILLET_POST_WARNING_NONE)
        {
          g_autofree char *shown = user_path (argv[1], post->path);

          report (shown, post->warning_line, post->warning_column, post->warning_message);
          status = BILLET_EXIT_CONTENT;
        }
    }
  for (guint i = 0; i < notes->len; i++)
    {
      BilletIndexNote *note = g_ptr_array_index (notes, i);
      g_autofree char *shown = user_path (argv[1], note->path);

      report (shown, 0, 0, note->message);
    }
  report_skipped (argv[1], billet_index_get_skipped (index), notes);
  return status;
}

static int
command_export (int    argc,
                char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *environment = NULL;
  gboolean unsafe = FALSE;
  gboolean drafts = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Where to write the page (“-” for standard output; default: beside the post), or the site's folder"),
      N_("OUT.html") },
    { "drafts", 0, 0, G_OPTION_ARG_NONE, &drafts,
      N_("With a folder: also export drafts and posts dated in the future"), NULL },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang,
      N_("Language of the page when the post names none"), N_("LANG") },
    { "unsafe", 0, 0, G_OPTION_ARG_NONE, &unsafe,
      N_("Keep raw HTML from the post (omitted by default)"), NULL },
    { "environment", 0, 0, G_OPTION_ARG_STRING, &environment,
      N_("Hugo's configuration environment, as hugo --environment (default: production, as hugo builds)"),
      N_("NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context ("export", entries);
  g_autoptr(BilletPost) post = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;
  g_autoptr(BilletSite) site = NULL;
  BilletRenderOptions options = { 0 };
  gsize len = 0;
  int status;

  if (!parse_options (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("export takes one post"));
  if (environment != NULL && !billet_site_is_environment_name (environment))
    return usage_error (context, _("An environment is a folder name of config/, such as production"));
  /* An export is what `hugo` builds: in production unless told otherwise */
  if (environment == NULL)
    environment = g_strdup ("production");

  if (g_file_test (argv[1], G_FILE_TEST_IS_DIR))
    {
      if (output == NULL || g_str_equal (output, "-"))
        return usage_error (context, _("Exporting a folder needs -o OUTDIR"));
      if (lang == NULL)
        lang = billet_render_dup_interface_language ();
      return export_folder (argv[1], output, lang, environment, drafts);
    }

  if (output == NULL)
    output = default_output (argv[1]);
  /* A page needs a file: “-o out.html/”, a folder, a missing folder or a
   * device fail here, before the post is read and anything is made. */
  if (!g_str_equal (output, "-") && !billet_file_check_writable (output, &error))
    {
      report (output, 0, 0, error->message);
      return BILLET_EXIT_USAGE;
    }

  if (!(post = open_post_recovering (argv[1])))
    return BILLET_EXIT_USAGE;
  if (!require_front_matter (argv[1], post, TRUE))
    return BILLET_EXIT_CONTENT;

  /* A post of a site: the page's language, when the post names none, and
   * raw HTML follow the site's settings, as in the preview. */
  site = billet_site_new_for_environment (argv[1], environment, NULL);
  /* In a multilingual site, its language's (content/fr/…, post.fr.md),
   * as the site names it (languageCode "fr-FR") */
  if (lang == NULL && site != NULL && billet_site_get_path_language (site, argv[1]) != NULL)
    lang = g_strdup (billet_site_get_language_code (site, billet_site_get_path_language (site, argv[1])));
  if (lang == NULL && site != NULL && billet_site_get_language (site) != NULL)
    lang = g_strdup (billet_site_get_language (site));
  if (lang == NULL)
    lang = billet_render_dup_interface_language ();
  if (site != NULL && billet_site_get_unsafe (site))
    unsafe = TRUE;
  options.fallback_lang = lang;
  options.markdown_flags = (billet_site_get_markdown_flags (site) & ~BILLET_MARKDOWN_UNSAFE) |
                           (unsafe ? BILLET_MARKDOWN_UNSAFE : BILLET_MARKDOWN_DEFAULT) |
                           billet_index_get_markdown_flags_for (argv[1]);
  html = billet_render_page (post, &options, &len);

  /* “export post.md -o post.md”, or the default for page.html, would
   * replace the post with its page: refuse before anything is written. */
  if (!g_str_equal (output, "-") && same_file (output, argv[1]))
    {
      report (output, 0, 0, _("The page would overwrite the post; choose another file with -o"));
      return BILLET_EXIT_USAGE;
    }
  if (!write_output (output, html, len, &error))
    {
      report (output, 0, 0, error->message);
      return BILLET_EXIT_USAGE;
    }
  return BILLET_EXIT_OK;
}

static void
print_node (BilletPost       *post,
            const BilletNode *node)
{
  gsize fm_len;
  const char *fm = billet_post_get_front_matter_text (post, &fm_len);

  switch (billet_node_get_kind (node))
    {
    case BILLET_NODE_LIST:
      if (billet_node_is_string_list (node))
        {
          for (guint i = 0; i < billet_node_get_n_children (node); i++)
            g_print ("%s\n", billet_node_get_text (billet_node_get_child (node, i)));
          break;
        }
      G_GNUC_FALLTHROUGH;
    case BILLET_NODE_MAP:
    case BILLET_NODE_OTHER:
      if (billet_node_is_scalar (node) && billet_node_get_kind (node) != BILLET_NODE_OTHER)
        g_print ("%s\n", billet_node_get_text (node));
      else
        {
          /* What the form cannot model is printed as written. */
          gsize start = billet_node_get_start (node);
          gsize end = MIN (billet_node_get_end (node), fm_len);

          g_print ("%.*s\n", (int) (end - start), fm + start);
        }
      break;

    case BILLET_NODE_NULL:
      g_print ("\n");
      break;

    case BILLET_NODE_STRING:
    case BILLET_NODE_BOOLEAN:
    case BILLET_NODE_NUMBER:
    case BILLET_NODE_DATE:
    case BILLET_NODE_DATETIME:
    default:
      g_print ("%s\n", billet_node_get_text (node));
      break;
    }
}

static int
command_get (int    argc,
             char **argv)
{
  const GOptionEntry *entries = NULL;
  g_autoptr(GOptionContext) context = new_context ("get", entries);
  g_autoptr(BilletPost) post = NULL;
  const BilletNode *node;
  int status;

  if (!parse_options (context, entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return usage_error (context, _("get takes a post and a key"));

  if (!(post = open_post_recovering (argv[1])))
    return BILLET_EXIT_USAGE;
  if (!require_front_matter (argv[1], post, FALSE))
    return BILLET_EXIT_CONTENT;

  node = billet_post_lookup (post, argv[2]);
  if (node == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("There is no key “%s”"), argv[2]);

      report (argv[1], billet_post_get_front_matter_line (post), 1, message);
      return BILLET_EXIT_CONTENT;
    }
  print_node (post, node);
  return BILLET_EXIT_OK;
}

static gboolean
parse_kind (const char     *name,
            BilletNodeKind *kind)
{
  static const BilletNodeKind kinds[] = {
    BILLET_NODE_STRING, BILLET_NODE_BOOLEAN, BILLET_NODE_NUMBER, BILLET_NODE_DATE,
    BILLET_NODE_DATETIME, BILLET_NODE_LIST,
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (name, billet_node_kind_to_string (kinds[i])))
      {
        *kind = kinds[i];
        return TRUE;
      }
  return FALSE;
}

/* “billet set POST KEY "WORD WORD"”, for the message that asks for quotes. */
static char *
quoted_example (const char  *path,
                const char  *key,
                char       **values,
                int          n_values,
                const char  *type)
{
  g_autoptr(GString) joined = g_string_new (NULL);
  g_autoptr(GString) line = g_string_new (g_get_prgname ());
  g_autofree char *path_word = shell_word (path);
  g_autofree char *key_word = shell_word (key);
  g_autofree char *value_word = NULL;

  for (int i = 0; i < n_values; i++)
    {
      if (i > 0)
        g_string_append_c (joined, ' ');
      g_string_append (joined, values[i]);
    }
  value_word = shell_word (joined->str);

  g_string_append_printf (line, " %s %s ", path_word, key_word);
  /* A value that starts with “-” still needs “--”, quotes or not. */
  if (key[0] == '-' || (joined->str[0] == '-' && !looks_like_negative_number (joined->str)))
    g_string_insert (line, (gssize) strlen (g_get_prgname ()), " --");
  g_string_append (line, value_word);
  if (type != NULL)
    {
      g_autofree char *type_word = shell_word (type);

      g_string_append_printf (line, " --type %s", type_word);
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static int
command_set (int    argc,
             char **argv)
{
  g_autofree char *type = NULL;
  GOptionEntry entries[] = {
    { "type", 't', 0, G_OPTION_ARG_STRING, &type,
      N_("Type of a new key: string, boolean, number, date, datetime or list"), N_("TYPE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context ("set", entries);
  g_autoptr(BilletPost) post = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  const BilletNode *node;
  BilletNodeKind kind = BILLET_NODE_STRING;
  const char *path;
  const char *key;
  char **values;
  int n_values;
  gboolean ok;
  int status;

  if (!parse_options (context, entries, &argc, &argv, &status))
    return status;
  if (argc < 4)
    return usage_error (context, _("set takes a post, a key and a value"));
  if (type != NULL && !parse_kind (type, &kind))
    {
      g_autofree char *message = g_strdup_printf (_("Unknown type “%s”"), type);

      return usage_error (context, message);
    }

  path = argv[1];
  key = argv[2];
  values = argv + 3;
  n_values = argc - 3;

  if (!(post = open_post_recovering (path)))
    return BILLET_EXIT_USAGE;
  if (!require_front_matter (path, post, TRUE))
    return BILLET_EXIT_CONTENT;

  before = billet_post_serialize (post);

  /* The value takes the type the key already has. */
  node = billet_post_lookup (post, key);
  if (type == NULL && !billet_value_kind_for_key (node, &kind, &error))
    {
      report (path, billet_node_get_line (node), billet_node_get_column (node), error->message);
      return BILLET_EXIT_CONTENT;
    }
  /* Several words are items only for a list. For a text, a date, a number
   * or a boolean they are a slip — a title typed without quotes, which
   * must not turn the key into [My, Great, Post] —: the error shows the
   * command again with the words quoted as one value. */
  if (n_values > 1 && kind != BILLET_NODE_LIST)
    {
      g_autofree char *example = quoted_example (path, key, values, n_values, type);
      g_autofree char *message = NULL;

      if (node == NULL && type == NULL)
        message = g_strdup_printf (_("“%s” is a new key, a text unless --type says otherwise: "
                                     "quote several words as one value, as in %s, or give --type list"),
                                   key, example);
      else
        switch (kind)
          {
          case BILLET_NODE_BOOLEAN:
            message = g_strdup_printf (_("“%s” holds true or false, one word: "
                                         "quote several words as one value, as in %s"),
                                       key, example);
            break;
          case BILLET_NODE_NUMBER:
            message = g_strdup_printf (_("“%s” holds a number, one value: "
                                         "quote several words as one value, as in %s"),
                                       key, example);
            break;
          case BILLET_NODE_DATE:
          case BILLET_NODE_DATETIME:
            message = g_strdup_printf (_("“%s” holds a date, one value: "
                                         "quote several words as one value, as in %s"),
                                       key, example);
            break;
          case BILLET_NODE_STRING:
          case BILLET_NODE_NULL:
          case BILLET_NODE_LIST:
          case BILLET_NODE_MAP:
          case BILLET_NODE_OTHER:
          default:
            message = g_strdup_printf (_("“%s” holds a text, not a list: "
                                         "quote several words as one value, as in %s"),
                                       key, example);
            break;
          }
      return usage_error (NULL, message);
    }

  if (kind == BILLET_NODE_LIST)
    {
      g_auto(GStrv) items = billet_value_parse_user_list ((const char * const *) values,
                                                          (gsize) n_values);

      if (items == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is not a list of texts"), values[0]);

          return usage_error (NULL, message);
        }
      ok = billet_post_set_list (post, key, (const char * const *) items, &error);
    }
  else
    {
      g_autofree char *value = billet_value_from_user (kind, values[0], &kind, &error);

      if (value == NULL)
        return usage_error (NULL, error->message);
      ok = billet_post_set_value (post, key, value, kind, &error);
    }

  if (!ok)
    {
      guint line = billet_post_get_front_matter_line (post);
      guint column = 1;

      if (node != NULL)
        {
          line = billet_node_get_line (node);
          column = billet_node_get_column (node);
        }
      report (path, line, column, error->message);
      return BILLET_EXIT_CONTENT;
    }

  after = billet_post_serialize (post);
  if (g_bytes_equal (before, after))
    return BILLET_EXIT_OK;  /* same value: the file is not rewritten */

  if (!billet_post_save_to_path (post, path, &error))
    {
      report (path, 0, 0, error->message);
      return BILLET_EXIT_USAGE;
    }
  return BILLET_EXIT_OK;
}

/* Check */

static void
print_repaired (const char           *path,
                const BilletMojibake *mojibake)
{
  g_autofree char *shown = billet_file_display_name (path);

  if (mojibake->bom)
    /* Translators: the second %s is “ï»¿”, the byte-order mark EF BB BF read as Windows-1252 */
    g_print (_("%s: removed a mis-encoded byte-order mark (“%s”)\n"), shown, BILLET_MIS_ENCODED_MARK);
  if (mojibake->example != NULL)
    /* Translators: “post.md: repaired 12 mis-encoded characters (“Ã©” → “é”…)” */
    g_print (ngettext ("%s: repaired %u mis-encoded character (“%s” → “%s”)\n",
                       "%s: repaired %u mis-encoded characters (“%s” → “%s”…)\n",
                       mojibake->n_repaired),
             shown, mojibake->n_repaired, mojibake->example, mojibake->example_repaired);
}

/* The repair, the site check's Fix's too (billet_encoding_fix_file()),
 * written over @path through the safe writer, and said. */
static int
fix_encoding (const char *path,
              const char *data,
              gsize       len,
              gboolean   *rewritten)
{
  g_autoptr(GError) error = NULL;
  g_auto(BilletMojibake) mojibake = { 0 };
  g_autofree char *fixed = NULL;
  g_autofree char *shown = billet_file_display_name (path);
  BilletCharset from = BILLET_CHARSET_UTF8;
  gsize fixed_len = 0;

  fixed = billet_encoding_fix_file (data, len, &fixed_len, &from, &mojibake, &error);
  if (fixed == NULL)
    {
      if (error != NULL)
        {
          report (path, 0, 0, error->message);
          return BILLET_EXIT_CONTENT;
        }
      return BILLET_EXIT_OK;
    }
  if (!billet_file_write_safely (path, fixed, fixed_len, BILLET_WRITE_NONE, &error))
    {
      report (path, 0, 0, error->message);
      return BILLET_EXIT_USAGE;
    }
  if (from != BILLET_CHARSET_UTF8)
    g_print (_("%s: converted from %s to UTF-8\n"), shown, billet_charset_get_name (from));
  if (billet_mojibake_found (&mojibake))
    print_repaired (path, &mojibake);
  *rewritten = TRUE;
  return BILLET_EXIT_OK;
}

/* What is wrong with the encoding of a post: legacy 8-bit text, stray
 * bytes in UTF-8, binary, mojibake. Reports it, or with @fix converts or
 * repairs it in place (stray bytes wait for the author: Billet cannot know
 * what they were meant to be). @readable says whether the post is UTF-8,
 * so that its front matter can be checked too. Returns the exit status. */
static int
check_encoding (const char *path,
                BilletPost *post,
                gboolean    fix,
                gboolean   *readable,
                gboolean   *rewritten)
{
  g_autoptr(GBytes) bytes = billet_post_serialize (post);
  g_autoptr(GError) error = NULL;
  g_auto(BilletMojibake) mojibake = { 0 };
  g_auto(BilletDecodedText) text = { 0 };
  g_autofree char *repaired = NULL;
  const char *data;
  const char *name;
  gsize len = 0;
  gsize repaired_len = 0;

  *readable = FALSE;
  *rewritten = FALSE;

  data = g_bytes_get_data (bytes, &len);
  if (!billet_text_decode (data, len, &text, &error))
    {
      report_finding (path, text.line, text.column, "not-text", error->message);
      return BILLET_EXIT_CONTENT;
    }
  name = billet_charset_get_name (text.charset);

  switch (text.kind)
    {
    case BILLET_TEXT_STRAY_BYTES:
      {
        g_autofree char *message =
          g_strdup_printf (ngettext ("The file is UTF-8 but for %u stray byte, here; "
                                     "Billet keeps it until you correct it",
                                     "The file is UTF-8 but for %u stray bytes, the first here; "
                                     "Billet keeps them until you correct them",
                                     (gulong) text.n_stray),
                           (guint) text.n_stray);

        report_finding (path, text.line, text.column, "stray-bytes", message);
        return BILLET_EXIT_CONTENT;
      }

    case BILLET_TEXT_LEGACY:
      if (!fix)
        {
          g_autofree char *message =
            /* Translators: %s is an encoding, “Windows-1252” or “Latin-1 (ISO-8859-1)” */
            g_strdup_printf (_("The file is not UTF-8 but probably %s; “--fix-encoding” converts it"),
                             name);

          report_finding (path, text.line, text.column, "legacy-encoding", message);
          return BILLET_EXIT_CONTENT;
        }
      return fix_encoding (path, data, len, rewritten);

    case BILLET_TEXT_UTF8:
    case BILLET_TEXT_BINARY:
    case BILLET_TEXT_UNKNOWN:
    default:
      break;
    }

  *readable = TRUE;
  if (text.bom)
    {
      data += 3;
      len -= 3;
    }
  if (!(repaired = billet_encoding_repair_mojibake (data, len, &repaired_len, &mojibake)))
    return BILLET_EXIT_OK;
  if (!fix)
    {
      if (mojibake.bom)
        /* Translators: “ï»¿” is the byte-order mark EF BB BF read as Windows-1252 */
        {
          g_autofree char *message =
            /* Translators: %s is “ï»¿”, the byte-order mark EF BB BF read as Windows-1252 */
            g_strdup_printf (_("The file starts with “%s”, a mis-encoded byte-order mark that "
                               "generators take for text; “--fix-encoding” removes it"),
                             BILLET_MIS_ENCODED_MARK);

          report_finding (path, 1, 1, "mis-encoded-bom", message);
        }
      if (mojibake.example != NULL)
        {
          g_autofree char *message =
            /* Translators: “Ã©” is probably “é” */
            g_strdup_printf (_("Mis-encoded text: “%s” is probably “%s”; “--fix-encoding” repairs it"),
                             mojibake.example, mojibake.example_repaired);

          report_finding (path, mojibake.line, mojibake.column, "mis-encoded-text", message);
        }
      return BILLET_EXIT_CONTENT;
    }
  return fix_encoding (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), rewritten);
}

typedef struct
{
  gboolean fix_encoding;
  gboolean typography;
  gboolean fix_typography;
  gboolean only_typography;   /* a site's posts, after the site's check */
} CheckOptions;

static gboolean
is_french_code (const char *lang)
{
  return g_ascii_strncasecmp (lang, "fr", 2) == 0 && (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_');
}

/* Whether @post is French, for its typography: its front matter's lang,
 * language or locale, else the language its site gives its place
 * (content/fr/, post.fr.md) or the site's; a post whose language nothing
 * says is taken as French (the typography was asked for). */
static gboolean
post_is_french (const char *path,
                BilletPost *post)
{
  static const char *const keys[] = { "lang", "language", "locale" };
  static BilletSite *site = NULL;   /* the last one, for the next post of a folder */
  BilletFrontMatter *front_matter = billet_post_get_front_matter (post, NULL);
  const char *lang = NULL;
  char real[PATH_MAX];

  for (guint i = 0; front_matter != NULL && i < G_N_ELEMENTS (keys); i++)
    {
      const BilletNode *node = billet_front_matter_lookup (front_matter, keys[i]);
      const char *text = node ? billet_node_get_text (node) : NULL;

      if (text != NULL && *text != '\0')
        return is_french_code (text);
    }
  if (realpath (path, real) == NULL)
    return TRUE;
  if (site == NULL || !billet_site_is_inside (site, real))
    {
      g_clear_pointer (&site, billet_site_unref);
      site = billet_site_new_for_path (path, NULL);
    }
  if (site != NULL)
    {
      lang = billet_site_get_path_language (site, path);
      if (lang == NULL)
        lang = billet_site_get_language (site);
    }
  return lang == NULL || *lang == '\0' || is_french_code (lang);
}

/* French typography in the body of a French @post (billet-typography.c): reported
 * as FILE:LINE:COL, or with --fix-typography fixed in place, the front
 * matter and every other byte of the body kept. Returns the exit status. */
static int
check_typography (const char         *path,
                  BilletPost         *post,
                  const CheckOptions *options)
{
  gsize len = 0;
  const char *body = billet_post_get_body (post, &len);
  g_autoptr(GArray) fixes = NULL;
  guint line = billet_post_get_body_line (post);
  gsize line_start = 0, at = 0;

  /* French rules: an English post's typography is not French's */
  if (!post_is_french (path, post))
    return BILLET_EXIT_OK;
  fixes = billet_typography_check (body, len);
  if (fixes->len == 0)
    return BILLET_EXIT_OK;

  if (options->fix_typography)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *shown = billet_file_display_name (path);
      gsize fixed_len = 0;
      g_autofree char *fixed = billet_typography_apply (body, len,
                                                         (const BilletTypographyFix *) (gpointer) fixes->data,
                                                         fixes->len, 0, &fixed_len);

      billet_post_set_body (post, fixed, (gssize) fixed_len);
      if (!billet_post_save_to_path (post, path, &error))
        {
          report (path, 0, 0, error->message);
          return BILLET_EXIT_USAGE;
        }
      g_print (ngettext ("%s: fixed %u typography mistake\n",
                         "%s: fixed %u typography mistakes\n", fixes->len),
               shown, fixes->len);
      return BILLET_EXIT_OK;
    }

  for (guint k = 0; k < fixes->len; k++)
    {
      const BilletTypographyFix *fix = &g_array_index (fixes, BilletTypographyFix, k);
      g_autofree char *message = billet_typography_message (fix);

      for (; at < fix->start; at++)
        if (body[at] == '\n')
          {
            line++;
            line_start = at + 1;
          }
      report_finding (path, line,
                      (guint) g_utf8_strlen (body + line_start, (gssize) (fix->start - line_start)) + 1,
                      "typography", message);
    }
  return BILLET_EXIT_CONTENT;
}

/* Returns the exit status for one file. */
static int
check_file (const char         *path,
            const CheckOptions *options)
{
  g_autoptr(BilletPost) post = open_post (path);
  g_autoptr(GError) error = NULL;
  gboolean readable, rewritten;
  guint line, column;
  int status;

  if (post == NULL)
    return BILLET_EXIT_USAGE;

  if (options->only_typography)
    {
      gsize len = 0;
      const char *body = billet_post_get_body (post, &len);

      /* The site's check reported the rest; text that is not UTF-8 waits
       * for --fix-encoding */
      if (!g_utf8_validate_len (body, len, NULL))
        return BILLET_EXIT_OK;
      return check_typography (path, post, options);
    }

  status = check_encoding (path, post, options->fix_encoding, &readable, &rewritten);
  if (rewritten)
    {
      CheckOptions again = *options;

      again.fix_encoding = FALSE;
      return check_file (path, &again);
    }
  if (!readable)
    return status;

  switch (billet_post_get_front_matter_kind (post))
    {
    case BILLET_FRONT_MATTER_NONE:
      if (options->typography)
        status = MAX (status, check_typography (path, post, options));
      return status;
    case BILLET_FRONT_MATTER_YAML:
    case BILLET_FRONT_MATTER_TOML:
    case BILLET_FRONT_MATTER_UNTERMINATED:
    default:
      break;
    }

  if (billet_post_get_front_matter (post, &error) == NULL)
    {
      billet_post_get_error_position (post, &line, &column);
      report_finding (path, line, column, "invalid-front-matter", error->message);
      return BILLET_EXIT_CONTENT;
    }
  if (options->typography)
    {
      int typography_status = check_typography (path, post, options);

      status = MAX (status, typography_status);
    }
  return status;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Reports what interrupted saves left in @folder — for the post @post_name
 * only, unless NULL —, without touching it: check changes nothing (but
 * with --fix-encoding). Returns the exit status. */
static int
check_leftovers (const char *folder,
                 const char *post_name)
{
  g_autoptr(GPtrArray) leftovers = billet_file_find_leftovers (folder, post_name);

  for (guint i = 0; i < leftovers->len; i++)
    {
      BilletLeftover *leftover = g_ptr_array_index (leftovers, i);
      g_autofree char *name = g_path_get_basename (leftover->post);
      g_autofree char *post = billet_file_display_name (name);
      g_autofree char *size = g_format_size (leftover->size);
      g_autofree char *message = NULL;

      switch (leftover->kind)
        {
        case BILLET_LEFTOVER_TEMPORARY:
          if (leftover->post_exists)
            message = g_strdup_printf (_("A temporary file (%s) left by an interrupted save of "
                                         "“%s”; Billet removes it the next time it opens or saves "
                                         "that post"),
                                       size, post);
          else
            message = g_strdup_printf (_("A temporary file (%s) left by an interrupted save of "
                                         "“%s”, which is no longer there; delete it"),
                                       size, post);
          break;
        case BILLET_LEFTOVER_BACKUP_NEEDED:
          message = g_strdup_printf (_("An interrupted save left “%s” half-written; this is its "
                                       "previous text, which Billet puts back the next time it "
                                       "opens or saves the post"),
                                     post);
          break;
        case BILLET_LEFTOVER_BACKUP_UNNEEDED:
          message = g_strdup_printf (_("A backup left by an interrupted save of “%s”, no longer "
                                       "needed; Billet removes it the next time it opens or saves "
                                       "the post"),
                                     post);
          break;
        case BILLET_LEFTOVER_BACKUP_UNKNOWN:
        default:
          message = g_strdup (_("A backup left by an interrupted save, which Billet cannot match "
                                "with a post here; look at it, then delete it"));
          break;
        }
      report_finding (leftover->path, 1, 1, "leftover", message);
    }
  return leftovers->len > 0 ? BILLET_EXIT_CONTENT : BILLET_EXIT_OK;
}

static int
check_path (const char         *path,
            const CheckOptions *options,
            gboolean            top)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  int status = BILLET_EXIT_OK;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *folder = g_path_get_dirname (path);
      g_autofree char *base = g_path_get_basename (path);
      int leftover_status = check_leftovers (folder, base);
      int file_status = check_file (path, options);

      return MAX (leftover_status, file_status);
    }

  /* Links inside a folder are not followed: no loops, no leaving the site. */
  if (!top && g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    return BILLET_EXIT_OK;

  if (!(dir = g_dir_open (path, 0, &error)))
    {
      report (path, 0, 0, error->message);
      return BILLET_EXIT_USAGE;
    }

  /* Billet's hidden files first: they sort first, and are the folder's
   * (the site's check reported them already). */
  if (!options->only_typography)
    status = check_leftovers (path, NULL);

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = g_build_filename (path, g_ptr_array_index (names, i), NULL);
      int child_status;

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        child_status = check_path (child, options, FALSE);
      else if (billet_index_is_post_name (g_ptr_array_index (names, i)))
        child_status = check_file (child, options);
      else
        continue;
      status = MAX (status, child_status);
    }
  return status;
}

/* What interrupted saves left, in @path and the folders below it. */
static int
check_leftovers_below (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  int status = check_leftovers (path, NULL);

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.' && !g_str_equal (name, "node_modules"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = g_build_filename (path, g_ptr_array_index (names, i), NULL);

      if (!g_file_test (child, G_FILE_TEST_IS_SYMLINK) && g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          int child_status = check_leftovers_below (child);

          status = MAX (status, child_status);
        }
    }
  return status;
}

/* Merges the tags of @fixes (findings of one post, with a fix) into their
 * most used spelling, through the splices `set` uses: only those values'
 * bytes change. Returns the findings it fixed (borrowed), or NULL when the
 * post could not be changed (it is then reported as found). */
static GPtrArray *
fix_post (const char *path,
          const char *shown,
          GPtrArray  *fixes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BilletPost) post = billet_post_new_for_path (path, &error);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GPtrArray) fixed = g_ptr_array_new ();

  if (post == NULL || billet_post_get_encoding (post) == BILLET_ENCODING_UNKNOWN ||
      billet_post_get_front_matter (post, NULL) == NULL)
    return NULL;
  before = billet_post_serialize (post);
  for (guint i = 0; i < fixes->len; i++)
    {
      BilletFinding *finding = g_ptr_array_index (fixes, i);
      const BilletNode *node = billet_post_lookup (post, finding->fix_key);
      g_auto(GStrv) now = NULL;
      gboolean list;
      gboolean ok;

      if (!(now = billet_finding_fixed_items (finding, node, &list)))
        continue;
      if (list)
        ok = billet_post_set_list (post, finding->fix_key, (const char * const *) now, &error);
      else
        {
          g_autofree char *joined = g_strjoinv (" ", now);

          ok = billet_post_set_value (post, finding->fix_key, joined, BILLET_NODE_STRING, &error);
        }
      if (!ok)
        {
          report (shown, finding->line, finding->column, error->message);
          return NULL;
        }
      g_ptr_array_add (fixed, finding);
    }
  after = billet_post_serialize (post);
  if (!g_bytes_equal (before, after) && !billet_post_save_to_path (post, path, &error))
    {
      report (shown, 0, 0, error->message);
      return NULL;
    }
  for (guint i = 0; i < fixed->len; i++)
    {
      BilletFinding *finding = g_ptr_array_index (fixed, i);

      /* Translators: “post.md: merged the tag “velo” into “Vélo”” */
      g_print (_("%s: merged “%s” into “%s”\n"), shown, finding->fix_from, finding->fix_to);
    }
  return g_steal_pointer (&fixed);
}

/* A folder of a generator's site: the whole site is checked (links lead
 * across it) on all cores, and what is in @folder is reported, or with
 * @fix mended where a finding has a safe fix. */
static int
check_site (const char *folder,
            gboolean    fix)
{
  g_autoptr(GHashTable) fixed = g_hash_table_new (NULL, NULL);
  g_autoptr(BilletCheck) check = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *real = NULL;
  const char *below;
  gsize root_len;
  GPtrArray *findings;
  int status;

  if (!(check = billet_check_new (folder, &error)))
    {
      report (folder, 0, 0, error->message);
      return BILLET_EXIT_USAGE;
    }
  real = realpath (folder, NULL);
  root_len = strlen (billet_check_get_root (check));
  /* The folder's path in the site: "" for its root, "content/posts"… */
  below = real != NULL && strlen (real) > root_len ? real + root_len + 1 : "";

  status = check_leftovers_below (folder);
  billet_check_run (check);
  findings = billet_check_get_findings (check);
  /* Findings are sorted by path: one post's fixes are together. */
  for (guint i = 0; fix && i < findings->len; )
    {
      BilletFinding *first = g_ptr_array_index (findings, i);
      g_autoptr(GPtrArray) fixes = g_ptr_array_new ();
      g_autoptr(GPtrArray) done = NULL;
      g_autofree char *path = g_build_filename (billet_check_get_root (check), first->path, NULL);
      g_autofree char *shown = NULL;
      guint j;

      for (j = i; j < findings->len; j++)
        {
          BilletFinding *finding = g_ptr_array_index (findings, j);

          if (!g_str_equal (finding->path, first->path))
            break;
          if (finding->fix_key != NULL)
            g_ptr_array_add (fixes, finding);
        }
      i = j;
      if (fixes->len == 0 || (*below != '\0' && !(g_str_has_prefix (first->path, below) &&
                                                   first->path[strlen (below)] == '/')))
        continue;
      shown = user_path (folder, first->path + (*below != '\0' ? strlen (below) + 1 : 0));
      if ((done = fix_post (path, shown, fixes)) != NULL)
        for (guint k = 0; k < done->len; k++)
          g_hash_table_add (fixed, g_ptr_array_index (done, k));
    }
  for (guint i = 0; i < findings->len; i++)
    {
      BilletFinding *finding = g_ptr_array_index (findings, i);
      const char *path = finding->path;
      g_autofree char *shown = NULL;

      if (g_hash_table_contains (fixed, finding))
        continue;
      if (*below != '\0')
        {
          if (!g_str_has_prefix (path, below) || path[strlen (below)] != '/')
            continue;
          path += strlen (below) + 1;
        }
      shown = user_path (folder, path);
      report_site_finding (shown, finding);
      status = MAX (status, BILLET_EXIT_CONTENT);
    }
  return status;
}

static gboolean
is_site_folder (const char *path)
{
  g_autoptr(BilletSite) site = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return FALSE;
  site = billet_site_new_for_path (path, NULL);
  return site != NULL && billet_site_get_kind (site) != BILLET_SITE_PLAIN;
}

static int
command_check (int    argc,
               char **argv)
{
  CheckOptions options = { FALSE, FALSE, FALSE, FALSE };
  gboolean fix_site = FALSE;
  g_autofree char *format = NULL;
  GOptionEntry entries[] = {
    { "fix-encoding", 0, 0, G_OPTION_ARG_NONE, &options.fix_encoding,
      N_("Convert Windows-1252 and Latin-1 posts to UTF-8 and repair mis-encoded text, in place"), NULL },
    { "typography", 0, 0, G_OPTION_ARG_NONE, &options.typography,
      N_("Also report French typography in the prose (no-break spaces, ’, …, ᵉ)"), NULL },
    { "fix-typography", 0, 0, G_OPTION_ARG_NONE, &options.fix_typography,
      N_("Fix French typography in the prose, in place (implies --typography)"), NULL },
    { "fix", 0, 0, G_OPTION_ARG_NONE, &fix_site,
      N_("In a site, merge tags and categories spelt several ways into their most used spelling, in place"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("text (default): FILE:LINE:COL: message [id] on stderr; or json, an array on stdout"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context ("check", entries);
  int status = BILLET_EXIT_OK;

  if (!parse_options (context, entries, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return usage_error (context, _("check takes at least one file or folder"));
  if (options.fix_typography)
    options.typography = TRUE;
  if (format != NULL && !g_str_equal (format, "text") && !g_str_equal (format, "json"))
    {
      g_autofree char *message = g_strdup_printf (_("Unknown format “%s”; use text or json"), format);

      return usage_error (context, message);
    }
  if (format != NULL && g_str_equal (format, "json"))
    check_json = g_string_new ("[");

  for (int i = 1; i < argc; i++)
    {
      /* Not MAX (status, check_path (…)): the macro evaluates its arguments
       * twice, which checked (and reported, and converted) every path twice.
       * A site's folder gets the site's check, but for --fix-encoding, which
       * goes post by post; --typography then goes post by post too, for the
       * typography only. */
      int path_status;

      if (!options.fix_encoding && is_site_folder (argv[i]))
        {
          CheckOptions typography = options;

          path_status = check_site (argv[i], fix_site);
          if (options.typography)
            {
              int typography_status;

              typography.only_typography = TRUE;
              typography_status = check_path (argv[i], &typography, TRUE);
              path_status = MAX (path_status, typography_status);
            }
        }
      else
        path_status = check_path (argv[i], &options, TRUE);

      status = MAX (status, path_status);
    }

  if (check_json != NULL)
    {
      g_string_append (check_json, check_json->len > 1 ? "\n]\n" : "]\n");
      if (fwrite (check_json->str, 1, check_json->len, stdout) != check_json->len || fflush (stdout) != 0)
        status = BILLET_EXIT_USAGE;
      g_string_free (g_steal_pointer (&check_json), TRUE);
    }
  return status;
}

/**
 * billet_cli_run:
 * @argc: the count of @argv
 * @argv: the command's name, then its arguments
 *
 * Returns: the exit status
 */
int
billet_cli_run (int    argc,
                char **argv)
{
  const Command *command;

  g_return_val_if_fail (argc > 0, BILLET_EXIT_USAGE);

  command = find_command (argv[0]);
  if (command == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Unknown command “%s”"), argv[0]);

      return usage_error (NULL, message);
    }
  {
    /* Otherwise GOption takes argv[0] (“set”) as the program's name. */
    g_autofree char *prgname = g_strconcat ("billet ", command->name, NULL);

    g_set_prgname (prgname);
  }
  return command->func (argc, argv);
}
