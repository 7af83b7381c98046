/* test-cli.c — the headless subcommands, run as a user runs them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test spawns the built `billet` (BILLET_BINARY) on copies of posts
 * in a fresh g_dir_make_tmp() folder, with a 10 s alarm in the child so a
 * hang fails instead of blocking the suite. Fixture posts are in
 * tests/fixtures/cli; hostile inputs are generated here and never committed.
 */

#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "billet-test-utils.h"

/* Helpers */

typedef struct
{
  int     status;       /* exit status, or -1 when killed by a signal */
  int     signal;       /* the signal that killed it, or 0 */
  char   *out;
  char   *err;
  gsize   out_len;
  gint64  elapsed_us;   /* wall-clock time, for the log */
  gint64  cpu_us;       /* user + system time of the process: its cost */
} Run;

static void
run_free (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

typedef enum
{
  LOCALE_TEST,       /* LC_ALL=C.UTF-8, no LANGUAGE: English, UTF-8 quotes */
  LOCALE_PLAIN_C,    /* LC_ALL=C, no LANGUAGE, LANG=fr_FR.UTF-8 (overridden) */
  LOCALE_FRENCH,     /* LC_ALL=fr_FR.UTF-8, LANGUAGE=fr: a French session */
} Locale;


/* The limits on hostile work are for a normal build; a sanitizer build runs
 * the same code several times slower, and says so (build-aux/dev). */
static gint64
time_limit_us (void)
{
  return (gint64) billet_test_slowdown () * G_USEC_PER_SEC;
}

/* For run_killed_at(): a size past which a file billet writes makes the
 * kernel kill it (SIGXFSZ). */
static rlim_t child_size_limit = RLIM_INFINITY;

static void
child_setup (gpointer data)
{
  /* The guard: pending alarms survive exec. */
  alarm (10 * billet_test_slowdown ());
  if (child_size_limit != RLIM_INFINITY)
    {
      struct rlimit size = { child_size_limit, child_size_limit };
      struct rlimit core = { 0, 0 };

      signal (SIGXFSZ, SIG_DFL);
      setrlimit (RLIMIT_CORE, &core);
      setrlimit (RLIMIT_FSIZE, &size);
    }
}

static const char *
billet_binary (void)
{
  const char *binary = g_getenv ("BILLET_BINARY");

  if (binary == NULL)
    g_error ("BILLET_BINARY is not set; run this test through meson test");
  return binary;
}

/* Runs billet with args (NULL-terminated) in dir. */
static Run *
run_in_locale (const char         *dir,
               Locale              locale,
               const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  Run *run = g_new0 (Run, 1);
  gint64 start;
  struct rusage before, after;
  int wait_status = 0;
  gboolean ok;

  g_ptr_array_add (argv, (char *) billet_binary ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  env = g_environ_unsetenv (env, "LANGUAGE");
  if (locale == LOCALE_PLAIN_C)
    {
      env = g_environ_setenv (env, "LC_ALL", "C", TRUE);
      env = g_environ_setenv (env, "LANG", "fr_FR.UTF-8", TRUE);
    }
  else if (locale == LOCALE_FRENCH)
    {
      env = g_environ_setenv (env, "LC_ALL", "fr_FR.UTF-8", TRUE);
      env = g_environ_setenv (env, "LANGUAGE", "fr", TRUE);
    }
  else
    env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);

  /* The cost of a run is the CPU time of the child, which g_spawn_sync()
   * waits for: on a loaded machine (meson runs tests side by side) the wall
   * clock measures the neighbours too. */
  g_assert_cmpint (getrusage (RUSAGE_CHILDREN, &before), ==, 0);
  start = g_get_monotonic_time ();
  ok = g_spawn_sync (dir, (char **) argv->pdata, env, G_SPAWN_DEFAULT, child_setup, NULL,
                     &run->out, &run->err, &wait_status, &error);
  run->elapsed_us = g_get_monotonic_time () - start;
  g_assert_cmpint (getrusage (RUSAGE_CHILDREN, &after), ==, 0);
  run->cpu_us = (after.ru_utime.tv_sec - before.ru_utime.tv_sec + after.ru_stime.tv_sec - before.ru_stime.tv_sec) *
                G_USEC_PER_SEC +
                (after.ru_utime.tv_usec - before.ru_utime.tv_usec + after.ru_stime.tv_usec - before.ru_stime.tv_usec);
  g_assert_no_error (error);
  g_assert_true (ok);

  run->out_len = strlen (run->out);
  if (WIFEXITED (wait_status))
    run->status = WEXITSTATUS (wait_status);
  else
    {
      run->status = -1;
      run->signal = WIFSIGNALED (wait_status) ? WTERMSIG (wait_status) : 0;
    }
  g_test_message ("billet %s → %d (signal %d) in %" G_GINT64_FORMAT " µs (CPU %" G_GINT64_FORMAT " µs)\n"
                  "stdout: %.200s\nstderr: %s",
                  args[0], run->status, run->signal, run->elapsed_us, run->cpu_us, run->out, run->err);
  if (run->signal == SIGALRM)
    g_error ("billet %s did not finish within %u s", args[0], 10 * billet_test_slowdown ());
  return run;
}

static Run *
run_argv (const char         *dir,
          const char * const *args)
{
  return run_in_locale (dir, LOCALE_TEST, args);
}

#define RUN(dir, ...) run_argv ((dir), (const char * const []) { __VA_ARGS__, NULL })

static char *
make_workspace (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("billet-cli-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
workspace_free (char *dir)
{
  billet_test_remove_tree (dir);
  g_free (dir);
}

typedef char Workspace;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Workspace, workspace_free)

static void
write_file (const char *dir,
            const char *name,
            const char *data,
            gssize      len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, data, len < 0 ? (gssize) strlen (data) : len, &error);
  g_assert_no_error (error);
}

static GBytes *
read_file (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static gboolean
file_exists (const char *dir,
             const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* A fixture's text: "@name" is tests/fixtures/cli/name, anything else is itself. */
static char *
fixture_text (const char *spec,
              gsize      *len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  char *data = NULL;

  if (spec[0] != '@')
    {
      *len = strlen (spec);
      return g_strdup (spec);
    }
  path = g_test_build_filename (G_TEST_DIST, "fixtures", "cli", spec + 1, NULL);
  g_file_get_contents (path, &data, len, &error);
  g_assert_no_error (error);
  return data;
}

typedef struct
{
  dev_t           dev;
  ino_t           ino;
  struct timespec mtime;
  GBytes         *bytes;
} Snapshot;

static void
snapshot_take (Snapshot   *snap,
               const char *dir,
               const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  struct stat st;

  g_assert_cmpint (stat (path, &st), ==, 0);
  snap->dev = st.st_dev;
  snap->ino = st.st_ino;
  snap->mtime = st.st_mtim;
  snap->bytes = read_file (dir, name);
  /* A rewrite within the same clock tick could keep the mtime: wait a little. */
  g_usleep (10 * 1000);
}

/* The file has the same bytes and was not rewritten (same inode, same mtime). */
static void
assert_untouched (Snapshot   *snap,
                  const char *dir,
                  const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GBytes) now = read_file (dir, name);
  struct stat st;

  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_true (g_bytes_equal (now, snap->bytes));
  g_assert_cmpuint (st.st_dev, ==, snap->dev);
  g_assert_cmpuint (st.st_ino, ==, snap->ino);
  g_assert_cmpint (st.st_mtim.tv_sec, ==, snap->mtime.tv_sec);
  g_assert_cmpint (st.st_mtim.tv_nsec, ==, snap->mtime.tv_nsec);
}

static void
snapshot_clear (Snapshot *snap)
{
  g_clear_pointer (&snap->bytes, g_bytes_unref);
}

static void
assert_file_is (const char *dir,
                const char *name,
                const char *expected,
                gsize       expected_len)
{
  g_autoptr(GBytes) now = read_file (dir, name);
  gsize len;
  const char *data = g_bytes_get_data (now, &len);

  if (len != expected_len || memcmp (data, expected, len) != 0)
    {
      g_autofree char *want = g_strescape (expected, NULL);
      g_autofree char *got = g_strndup (data, len);
      g_autofree char *got_escaped = g_strescape (got, NULL);

      g_error ("%s differs:\nexpected “%s”\n     got “%s”", name, want, got_escaped);
    }
}

/* stderr is exactly one line. */
static void
assert_one_line (const char *err)
{
  const char *newline = strchr (err, '\n');

  g_assert_nonnull (newline);
  g_assert_cmpstr (newline + 1, ==, "");
  g_assert_cmpuint (newline - err, >, 0);
}

/* stderr is one line “FILE:LINE:COL: message”; returns the line and column. */
static void
assert_position (const char *err,
                 const char *file,
                 guint      *line,
                 guint      *column)
{
  g_autoptr(GRegex) regex = g_regex_new ("^(.+):([0-9]+):([0-9]+): (.+)\n$", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *name = NULL;
  g_autofree char *l = NULL;
  g_autofree char *c = NULL;

  assert_one_line (err);
  if (!g_regex_match (regex, err, 0, &match))
    g_error ("not FILE:LINE:COL: message: %s", err);
  name = g_match_info_fetch (match, 1);
  l = g_match_info_fetch (match, 2);
  c = g_match_info_fetch (match, 3);
  g_assert_cmpstr (name, ==, file);
  *line = (guint) g_ascii_strtoull (l, NULL, 10);
  *column = (guint) g_ascii_strtoull (c, NULL, 10);
  g_assert_cmpuint (*line, >=, 1);
  g_assert_cmpuint (*column, >=, 1);
}

static void
assert_at (const char *err,
           const char *file,
           guint       line,
           guint       column)
{
  guint l, c;

  assert_position (err, file, &l, &c);
  g_assert_cmpuint (l, ==, line);
  g_assert_cmpuint (c, ==, column);
}

/* Text with the one change from → to; from "" means “to” goes first. */
static char *
expected_after (const char *input,
                const char *from,
                const char *to)
{
  const char *at;

  if (from[0] == 0)
    return g_strconcat (to, input, NULL);
  at = strstr (input, from);
  g_assert_nonnull (at);
  g_assert_null (strstr (at + 1, from));  /* the change is unambiguous */
  return g_strdup_printf ("%.*s%s%s", (int) (at - input), input, to, at + strlen (from));
}

/* 1. set: values, types, new keys, newlines, same value */

typedef struct
{
  const char *name;
  const char *input;      /* "@file": tests/fixtures/cli/file */
  const char *args[6];    /* after “set post.md” */
  int         status;
  const char *from;       /* the one change expected; NULL: untouched */
  const char *to;
  const char *err_has;    /* stderr contains this (one line); NULL: stderr is empty */
} SetCase;

#define CRLF_BOM "\xEF\xBB\xBF---\r\ntitle: \"Un\"\r\ntags: [x]\r\n---\r\nBody\r\n"

static const SetCase set_cases[] = {
  /* strings keep their quoting where it can hold the value */
  { "string-double", "@post.md", { "title", "Bonjour" }, 0,
    "title: \"Hello, world\"", "title: \"Bonjour\"" },
  { "string-double-escape", "@post.md", { "title", "say \"hi\"" }, 0,
    "title: \"Hello, world\"", "title: \"say \\\"hi\\\"\"" },
  { "string-double-newline", "@post.md", { "title", "two\nlines" }, 0,
    "title: \"Hello, world\"", "title: \"two\\nlines\"" },
  { "string-single", "@post.md", { "seo.title", "L'été" }, 0,
    "title: 'Old SEO'", "title: 'L''été'" },
  { "string-plain", "@post.md", { "seo.description", "other words" }, 0,
    "description: plain words", "description: other words" },
  { "string-plain-needs-quotes", "@post.md", { "seo.description", "a: b" }, 0,
    "description: plain words", "description: 'a: b'" },
  { "string-looks-like-number", "@post.md", { "seo.description", "42" }, 0,
    "description: plain words", "description: '42'" },
  { "string-looks-like-boolean", "@post.md", { "seo.description", "true" }, 0,
    "description: plain words", "description: 'true'" },
  { "string-empty", "@post.md", { "title", "" }, 0,
    "title: \"Hello, world\"", "title: \"\"" },
  /* booleans, in the words an author types */
  { "boolean-yes", "@post.md", { "draft", "yes" }, 0, "draft: false", "draft: true" },
  { "boolean-oui", "@post.md", { "draft", "oui" }, 0, "draft: false", "draft: true" },
  { "boolean-true", "@post.md", { "draft", "true" }, 0, "draft: false", "draft: true" },
  { "boolean-upper", "@post.md", { "draft", "OUI" }, 0, "draft: false", "draft: true" },
  { "boolean-no", "---\ndraft: true\n---\n", { "draft", "no" }, 0, "draft: true", "draft: false" },
  { "boolean-non", "---\ndraft: true\n---\n", { "draft", "non" }, 0, "draft: true", "draft: false" },
  { "boolean-bad", "@post.md", { "draft", "maybe" }, 2, NULL, NULL, "“maybe”" },
  /* numbers */
  { "number", "@post.md", { "weight", "4.5" }, 0, "weight: 3", "weight: 4.5" },
  { "number-negative", "@post.md", { "weight", "-12" }, 0, "weight: 3", "weight: -12" },
  { "number-negative-dashdash", "@post.md", { "weight", "--", "-1.5" }, 0, "weight: 3", "weight: -1.5" },
  { "list-dashdash", "@post.md", { "tags", "--", "-a", "--b" }, 0, "tags: [un, deux]", "tags: [-a, --b]" },
  { "number-bad", "@post.md", { "weight", "abc" }, 2, NULL, NULL, "“abc”" },
  /* dates and datetimes, checked against the calendar */
  { "date", "@post.md", { "date", "2024-04-02" }, 0, "date: 2024-03-01\n", "date: 2024-04-02\n" },
  { "date-leap-day", "@post.md", { "date", "2024-02-29" }, 0, "date: 2024-03-01\n", "date: 2024-02-29\n" },
  { "date-to-datetime", "@post.md", { "date", "2024-04-02T08:00:00Z" }, 0,
    "date: 2024-03-01\n", "date: 2024-04-02T08:00:00Z\n" },
  { "date-bad-month", "@post.md", { "date", "2024-13-01" }, 2, NULL, NULL, "“2024-13-01”" },
  { "date-bad-day", "@post.md", { "date", "2023-02-29" }, 2, NULL, NULL, "“2023-02-29”" },
  { "date-words", "@post.md", { "date", "yesterday" }, 2, NULL, NULL, "“yesterday”" },
  { "datetime", "@post.md", { "published", "2024-03-02T09:30:00+0200" }, 0,
    "published: 2024-03-01T10:00:00+01:00", "published: 2024-03-02T09:30:00+0200" },
  { "datetime-to-date", "@post.md", { "published", "2024-03-02" }, 0,
    "published: 2024-03-01T10:00:00+01:00", "published: 2024-03-02" },
  { "datetime-bad-hour", "@post.md", { "published", "2024-03-01T25:00:00" }, 2, NULL, NULL,
    "“2024-03-01T25:00:00”" },
  { "datetime-bad-offset", "@post.md", { "published", "2024-03-01T10:00:00+24:00" }, 2, NULL, NULL,
    "“2024-03-01T10:00:00+24:00”" },
  /* lists: several arguments, a flow sequence, comma-separated */
  { "list-args", "@post.md", { "tags", "c", "d e" }, 0, "tags: [un, deux]", "tags: [c, d e]" },
  { "list-flow", "@post.md", { "tags", "[c, d]" }, 0, "tags: [un, deux]", "tags: [c, d]" },
  { "list-commas", "@post.md", { "tags", "c, d" }, 0, "tags: [un, deux]", "tags: [c, d]" },
  { "list-one", "@post.md", { "tags", "solo" }, 0, "tags: [un, deux]", "tags: [solo]" },
  { "list-block", "@post.md", { "categories", "a", "b" }, 0,
    "  - notes\n  - essais\n", "  - a\n  - b\n" },
  { "list-block-commas", "@post.md", { "categories", "a, b, c" }, 0,
    "  - notes\n  - essais\n", "  - a\n  - b\n  - c\n" },
  { "list-bad-flow", "@post.md", { "tags", "[unclosed" }, 2, NULL, NULL, "“[unclosed”" },
  /* new keys: after the last key of their mapping, with the siblings' indent */
  { "new-key", "@post.md", { "subtitle", "Un sous-titre" }, 0,
    "  description: plain words\n", "  description: plain words\nsubtitle: Un sous-titre\n" },
  { "new-key-needs-quotes", "@post.md", { "subtitle", "yes: no" }, 0,
    "  description: plain words\n", "  description: plain words\nsubtitle: 'yes: no'\n" },
  { "new-key-in-map", "@post.md", { "seo.canonical", "https://example.org/" }, 0,
    "  description: plain words\n", "  description: plain words\n  canonical: https://example.org/\n" },
  { "new-key-in-map-4-spaces", "@indented.md", { "seo.canonical", "x" }, 0,
    "    description: deep\n", "    description: deep\n    canonical: x\n" },
  { "new-map", "@post.md", { "social.image", "/cover.png" }, 0,
    "  description: plain words\n", "  description: plain words\nsocial:\n  image: /cover.png\n" },
  { "existing-map-value", "@post.md", { "seo.title", "New SEO" }, 0,
    "title: 'Old SEO'", "title: 'New SEO'" },
  /* --type for a new key */
  { "type-boolean", "@post.md", { "featured", "yes", "--type", "boolean" }, 0,
    "  description: plain words\n", "  description: plain words\nfeatured: true\n" },
  { "type-number", "@post.md", { "--type", "number", "rank", "7" }, 0,
    "  description: plain words\n", "  description: plain words\nrank: 7\n" },
  { "type-date", "@post.md", { "updated", "2024-05-06", "--type=date" }, 0,
    "  description: plain words\n", "  description: plain words\nupdated: 2024-05-06\n" },
  { "type-date-bad", "@post.md", { "updated", "2024-05-32", "--type=date" }, 2, NULL, NULL,
    "“2024-05-32”" },
  { "type-list", "@post.md", { "-t", "list", "authors", "Ana, Bo" }, 0,
    "  description: plain words\n", "  description: plain words\nauthors: [Ana, Bo]\n" },
  { "type-string", "@post.md", { "code", "2024", "--type", "string" }, 0,
    "  description: plain words\n", "  description: plain words\ncode: '2024'\n" },
  { "type-unknown", "@post.md", { "x", "y", "--type", "colour" }, 2, NULL, NULL, "“colour”" },
  { "missing-value", "@post.md", { "title" }, 2, NULL, NULL, "billet set" },
  /* CRLF and a BOM stay */
  { "crlf-bom-value", CRLF_BOM, { "title", "Deux" }, 0, "title: \"Un\"\r\n", "title: \"Deux\"\r\n" },
  { "crlf-bom-new-key", CRLF_BOM, { "draft", "no", "--type", "boolean" }, 0,
    "tags: [x]\r\n---", "tags: [x]\r\ndraft: false\r\n---" },
  { "crlf-bom-new-map", CRLF_BOM, { "seo.title", "S" }, 0,
    "tags: [x]\r\n---", "tags: [x]\r\nseo:\r\n  title: S\r\n---" },
  /* a post without front matter gets one */
  { "no-front-matter", "Just text.\n", { "title", "Hello" }, 0, "", "---\ntitle: Hello\n---\n" },
  { "no-front-matter-empty", "", { "draft", "yes", "--type", "boolean" }, 0, "", "---\ndraft: true\n---\n" },
  /* several words: items of a list, a mistake for anything else, shown
   * with the quotes to use; nothing is written */
  { "words-for-string", "@post.md", { "title", "My", "Great", "Post" }, 2, NULL, NULL,
    "billet set post.md title \"My Great Post\"" },
  { "words-for-plain-string", "@post.md", { "seo.description", "a", "b" }, 2, NULL, NULL,
    "billet set post.md seo.description \"a b\"" },
  { "words-for-number", "@post.md", { "weight", "1", "000" }, 2, NULL, NULL,
    "billet set post.md weight \"1 000\"" },
  { "words-for-date", "@post.md", { "date", "2024-04-02", "10:00:00" }, 2, NULL, NULL,
    "billet set post.md date \"2024-04-02 10:00:00\"" },
  { "words-for-boolean", "@post.md", { "draft", "not", "yet" }, 2, NULL, NULL,
    "billet set post.md draft \"not yet\"" },
  { "words-for-new-key", "@post.md", { "subtitle", "A", "b" }, 2, NULL, NULL,
    "billet set post.md subtitle \"A b\"" },
  { "words-for-type-string", "@post.md", { "subtitle", "A", "b", "--type", "string" }, 2, NULL, NULL,
    "billet set post.md subtitle \"A b\" --type string" },
  { "words-quote-in-value", "@post.md", { "title", "It's", "$5" }, 2, NULL, NULL,
    "billet set post.md title 'It'\\''s $5'" },
  { "words-dash-value", "@post.md", { "title", "--", "-a", "b" }, 2, NULL, NULL,
    "billet set -- post.md title \"-a b\"" },
  { "words-for-type-list", "@post.md", { "authors", "Ana", "Bo", "--type", "list" }, 0,
    "  description: plain words\n", "  description: plain words\nauthors: [Ana, Bo]\n" },
  /* YAML 1.1 readers (Jekyll, PyYAML) read the value as Billet does */
  { "yaml11-base-60", "@post.md", { "seo.description", "12:30" }, 0,
    "description: plain words", "description: '12:30'" },
  { "yaml11-underscore", "@post.md", { "seo.description", "1_000" }, 0,
    "description: plain words", "description: '1_000'" },
  { "yaml11-merge", "@post.md", { "seo.description", "<<" }, 0,
    "description: plain words", "description: '<<'" },
  { "yaml11-number-exponent", "@post.md", { "weight", "1e3" }, 0, "weight: 3", "weight: 1.0e+3" },
  { "yaml11-number-octal", "@post.md", { "weight", "017" }, 0, "weight: 3", "weight: 17" },
  /* the current value: the file is not rewritten */
  { "same-string", "@post.md", { "title", "Hello, world" }, 0 },
  { "same-plain", "@post.md", { "seo.description", "plain words" }, 0 },
  { "same-boolean", "@post.md", { "draft", "no" }, 0 },
  { "same-boolean-word", "@post.md", { "draft", "false" }, 0 },
  { "same-number", "@post.md", { "weight", "3" }, 0 },
  { "same-date", "@post.md", { "date", "2024-03-01" }, 0 },
  { "same-datetime", "@post.md", { "published", "2024-03-01T10:00:00+01:00" }, 0 },
  { "same-list-args", "@post.md", { "tags", "un", "deux" }, 0 },
  { "same-list-flow", "@post.md", { "tags", "[un, deux]" }, 0 },
  { "same-block-list", "@post.md", { "categories", "notes, essais" }, 0 },
  { "same-crlf-bom", CRLF_BOM, { "title", "Un" }, 0 },
  /* TOML front matter (a Hugo post, a Zola post): the same edits, TOML's way */
  { "toml-string", "@hugo-toml.md", { "title", "Les marchés du Luberon" }, 0,
    "title = \"Les marchés de Provence\"", "title = \"Les marchés du Luberon\"" },
  { "toml-literal", "@hugo-toml.md", { "slug", "luberon" }, 0,
    "slug = 'marches-provence'", "slug = 'luberon'" },
  { "toml-literal-cannot-hold", "@hugo-toml.md", { "slug", "l'été" }, 0,
    "slug = 'marches-provence'", "slug = \"l'été\"" },
  { "toml-multiline", "@hugo-toml.md", { "description", "Deux matinées." }, 0,
    "Trois matinées de marché : Apt, Forcalquier, Lourmarin.\"\"\"", "Deux matinées.\"\"\"" },
  { "toml-boolean", "@hugo-toml.md", { "draft", "non" }, 0, "draft = true", "draft = false" },
  { "toml-number", "@hugo-toml.md", { "weight", "017" }, 0, "weight = 10", "weight = 17" },
  { "toml-datetime", "@hugo-toml.md", { "date", "2024-06-03T09:00:00+02:00" }, 0,
    "date = 2024-06-02T08:30:00+02:00", "date = 2024-06-03T09:00:00+02:00" },
  { "toml-datetime-yaml-form", "@hugo-toml.md", { "date", "2024-6-3 9:00:00 +2" }, 0,
    "date = 2024-06-02T08:30:00+02:00", "date = 2024-06-03 09:00:00+02:00" },
  { "toml-date", "@hugo-toml.md", { "lastmod", "2024-07-01" }, 0,
    "lastmod = 2024-06-10", "lastmod = 2024-07-01" },
  { "toml-list", "@hugo-toml.md", { "tags", "cuisine", "marchés" }, 0,
    "tags = [\"voyage\", \"cuisine\"]", "tags = [\"cuisine\", \"marchés\"]" },
  { "toml-list-lines", "@hugo-toml.md", { "categories", "été, carnets" }, 0,
    "  \"carnets\", # la rubrique du site\n  \"été\",\n",
    "  \"été\",\n  \"carnets\", # la rubrique du site\n" },
  { "toml-table-value", "@hugo-toml.md", { "params.image", "images/apt.jpg" }, 0,
    "image = \"images/marche.jpg\"", "image = \"images/apt.jpg\"" },
  { "toml-new-key", "@hugo-toml.md", { "subtitle", "Carnet d'été" }, 0,
    "weight = 10\n", "weight = 10\nsubtitle = \"Carnet d'été\"\n" },
  { "toml-new-key-in-table", "@hugo-toml.md", { "params.math", "yes", "--type", "boolean" }, 0,
    "  toc = true\n", "  toc = true\n  math = true\n" },
  { "toml-new-table", "@hugo-toml.md", { "seo.title", "Marchés" }, 0,
    "weight = 10\n", "weight = 10\nseo.title = \"Marchés\"\n" },
  { "toml-zola-taxonomy", "@zola.md", { "taxonomies.tags", "lecture", "Giono", "Provence" }, 0,
    "tags = [\"lecture\", \"Giono\"]", "tags = [\"lecture\", \"Giono\", \"Provence\"]" },
  { "toml-emoji", "@zola.md", { "title", "Protège-Toit 🏡" }, 0,
    "title = \"Notes de lecture : Giono\"", "title = \"Protège-Toit 🏡\"" },
  { "toml-crlf-new-key", "+++\r\ntitle = \"T\"\r\n[extra]\r\n+++\r\nBody\r\n", { "draft", "no", "--type", "boolean" }, 0,
    "title = \"T\"\r\n", "title = \"T\"\r\ndraft = false\r\n" },
  { "toml-words-for-string", "@zola.md", { "title", "Deux", "mots" }, 2, NULL, NULL,
    "billet set post.md title \"Deux mots\"" },
  { "toml-same", "@hugo-toml.md", { "title", "Les marchés de Provence" }, 0 },
  { "toml-same-list", "@hugo-toml.md", { "categories", "carnets", "été" }, 0 },
  { "toml-same-date", "@zola.md", { "date", "2023-11-20" }, 0 },
  /* emoji and other characters outside the Basic Multilingual Plane are
   * written as they are, never as "\U0001F3E1"; the current value leaves
   * the file untouched */
  { "emoji-same", "@emoji.md", { "title", "Protège-Toit 🏡" }, 0 },
  { "emoji-same-quoted", "@emoji.md",
    { "description", "Un abri de jardin en bois, monté en un week-end 🔨" }, 0 },
  { "emoji-same-list", "@emoji.md", { "tags", "jardin", "bricolage", "🌱" }, 0 },
  { "emoji-same-escaped", "---\ntitle: \"Protège-Toit \\U0001F3E1\"\n---\n", { "title", "Protège-Toit 🏡" }, 0 },
  { "emoji-plain", "@emoji.md", { "title", "Protège-Toit 🏡 en bois" }, 0,
    "title: Protège-Toit 🏡\n", "title: Protège-Toit 🏡 en bois\n" },
  { "emoji-first", "@emoji.md", { "title", "🏡 Protège-Toit" }, 0,
    "title: Protège-Toit 🏡\n", "title: 🏡 Protège-Toit\n" },
  { "emoji-needs-quotes", "@emoji.md", { "title", "Protège-Toit 🏡 : le guide" }, 0,
    "title: Protège-Toit 🏡\n", "title: 'Protège-Toit 🏡 : le guide'\n" },
  { "emoji-double-quoted", "@emoji.md", { "description", "Un abri 🏡 en \"kit\"" }, 0,
    "\"Un abri de jardin en bois, monté en un week-end 🔨\"", "\"Un abri 🏡 en \\\"kit\\\"\"" },
  { "emoji-list-item", "@emoji.md", { "tags", "jardin", "bricolage", "🌱", "🪵" }, 0,
    "tags: [jardin, bricolage, 🌱]", "tags: [jardin, bricolage, 🌱, 🪵]" },
  { "emoji-nested", "@emoji.md", { "cover.alt", "L’abri fini 🏡, sous la pluie" }, 0,
    "alt: L’abri fini, sous la pluie ☔", "alt: L’abri fini 🏡, sous la pluie" },
  { "emoji-new-key", "@emoji.md", { "mood", "😀" }, 0,
    "  alt: L’abri fini, sous la pluie ☔\n", "  alt: L’abri fini, sous la pluie ☔\nmood: 😀\n" },
  { "emoji-was-escaped", "---\ntitle: \"Protège-Toit \\U0001F3E1\"\n---\n", { "title", "Protège-Toit 🏡 !" }, 0,
    "\"Protège-Toit \\U0001F3E1\"", "\"Protège-Toit 🏡 !\"" },
};

static void
test_set (gconstpointer data)
{
  const SetCase *c = data;
  g_autoptr(Workspace) dir = make_workspace ();
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(Run) run = NULL;
  g_autofree char *input = NULL;
  Snapshot snap = { 0 };
  gsize len;

  input = fixture_text (c->input, &len);
  write_file (dir, "post.md", input, len);
  snapshot_take (&snap, dir, "post.md");

  g_ptr_array_add (args, (char *) "set");
  g_ptr_array_add (args, (char *) "post.md");
  for (guint i = 0; i < G_N_ELEMENTS (c->args) && c->args[i] != NULL; i++)
    g_ptr_array_add (args, (char *) c->args[i]);
  g_ptr_array_add (args, NULL);
  run = run_argv (dir, (const char * const *) args->pdata);

  g_assert_cmpint (run->status, ==, c->status);
  g_assert_cmpstr (run->out, ==, "");
  if (c->err_has != NULL)
    {
      assert_one_line (run->err);
      g_assert_nonnull (strstr (run->err, c->err_has));
    }
  else
    g_assert_cmpstr (run->err, ==, "");

  if (c->from == NULL)
    assert_untouched (&snap, dir, "post.md");
  else
    {
      g_autofree char *expected = expected_after (input, c->from, c->to);
      g_autoptr(Run) again = NULL;

      assert_file_is (dir, "post.md", expected, strlen (expected));

      /* The file still checks clean. */
      again = RUN (dir, "check", "post.md");
      g_assert_cmpint (again->status, ==, 0);
      g_assert_cmpstr (again->err, ==, "");
    }
  snapshot_clear (&snap);
}

/* set, then get gives back what was set */
static void
test_set_then_get (void)
{
  static const struct { const char *args[4]; const char *key; const char *out; } cases[] = {
    { { "title", "Bonjour, monde" }, "title", "Bonjour, monde\n" },
    { { "seo.title", "It's \"quoted\"" }, "seo.title", "It's \"quoted\"\n" },
    { { "draft", "oui" }, "draft", "true\n" },
    { { "tags", "a", "b, c" }, "tags", "a\nb, c\n" },
    { { "tags", "[\"x, y\", z]" }, "tags", "x, y\nz\n" },
    { { "social.image", "/a.png" }, "social.image", "/a.png\n" },
    { { "subtitle", "#not a comment" }, "subtitle", "#not a comment\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Workspace) dir = make_workspace ();
      g_autofree char *input = NULL;
      g_autoptr(Run) set = NULL;
      g_autoptr(Run) get = NULL;
      gsize len;

      input = fixture_text ("@post.md", &len);
      write_file (dir, "post.md", input, len);
      set = RUN (dir, "set", "post.md", cases[i].args[0], cases[i].args[1], cases[i].args[2]);
      g_assert_cmpint (set->status, ==, 0);
      get = RUN (dir, "get", "post.md", cases[i].key);
      g_assert_cmpint (get->status, ==, 0);
      g_assert_cmpstr (get->out, ==, cases[i].out);
    }
}

/* 2. set refuses what it cannot edit safely, and does not touch the file */

typedef struct
{
  const char *name;
  const char *input;
  const char *args[4];   /* after “set post.md” */
  guint       line;      /* of the file, as observed and judged sensible */
  guint       column;
  const char *err_has;
} RefusalCase;

static const RefusalCase refusal_cases[] = {
  /* libyaml finds the unclosed [ at the end of the block; Billet points at the [. */
  { "invalid-yaml-unclosed", "---\ntitle: a\ndraft: false\ntags: [a, b\n---\nBody\n",
    { "title", "x" }, 4, 7, "Invalid YAML" },
  { "invalid-yaml-mid-line", "---\ntitle: ok\nbad: b: c\n---\nBody\n",
    { "title", "x" }, 3, 7, "Invalid YAML" },
  { "invalid-yaml-after-bom-crlf", "\xEF\xBB\xBF---\r\ntitle: ok\r\n\tbad: tab\r\n---\r\n",
    { "title", "x" }, 3, 1, "Invalid YAML" },
  { "duplicate-key", "---\ntitle: a\ndraft: false\ntitle: b\n---\nBody\n",
    { "draft", "yes" }, 4, 1, "“title”" },
  { "toml-invalid", "+++\ntitle = \"a\"\ndraft = flase\n+++\nBody\n", { "title", "x" }, 3, 10,
    "Invalid TOML" },
  { "toml-duplicate", "+++\ntitle = \"a\"\ntitle = \"b\"\n+++\n", { "title", "x" }, 3, 9, "title" },
  { "toml-table", "@hugo-toml.md", { "params", "x" }, 18, 1, "params.title" },
  { "toml-time", "+++\nat = 07:32:00\n+++\n", { "at", "08:00:00" }, 2, 6, "time of day" },
  { "unterminated", "---\ntitle: a\nBody without a closing line\n", { "title", "x" }, 1, 1, "---" },
  { "anchor", "---\na: &x 1\nb: *x\ntitle: t\n---\n", { "a", "2" }, 2, 4, "anchor" },
  { "alias", "---\na: &x 1\nb: *x\ntitle: t\n---\n", { "b", "2" }, 3, 4, "alias" },
  { "tagged", "---\na: !custom 1\n---\n", { "a", "2" }, 2, 4, "tag" },
  /* The position is the map's (its first key), not the key's line. */
  { "map-key", "@post.md", { "seo", "value" }, 13, 3, "seo.title" },
  { "not-a-mapping", "---\n- a\n- b\n---\n", { "title", "x" }, 2, 1, NULL },
  { "windows-1252", "---\ntitle: caf\xE9\n---\nBody\n", { "title", "x" }, 2, 11, "UTF-8" },
  { "windows-1252-body", "---\ntitle: ok\n---\nna\xEFve\n", { "title", "x" }, 4, 3, "UTF-8" },
};

static void
test_set_refusal (gconstpointer data)
{
  const RefusalCase *c = data;
  g_autoptr(Workspace) dir = make_workspace ();
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) get = NULL;
  g_autofree char *input = NULL;
  Snapshot snap = { 0 };
  gsize len;

  input = fixture_text (c->input, &len);
  write_file (dir, "post.md", input, len);
  snapshot_take (&snap, dir, "post.md");

  run = RUN (dir, "set", "post.md", c->args[0], c->args[1], c->args[2]);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  assert_at (run->err, "post.md", c->line, c->column);
  if (c->err_has != NULL)
    g_assert_nonnull (strstr (run->err, c->err_has));
  assert_untouched (&snap, dir, "post.md");

  /* check reports the same problem at the same place, except where the
   * front matter is only unsupported for editing. */
  if (!g_str_equal (c->name, "map-key") && !g_str_equal (c->name, "anchor") &&
      !g_str_equal (c->name, "alias") && !g_str_equal (c->name, "tagged") &&
      !g_str_equal (c->name, "toml-table") && !g_str_equal (c->name, "toml-time"))
    {
      g_autoptr(Run) check = RUN (dir, "check", "post.md");

      g_assert_cmpint (check->status, ==, 1);
      assert_at (check->err, "post.md", c->line, c->column);
    }
  snapshot_clear (&snap);
}

/* 3. get */

typedef struct
{
  const char *name;
  const char *input;
  const char *key;
  int         status;
  const char *out;       /* when status is 0 */
  guint       line;      /* when status is 1 */
  guint       column;
} GetCase;

static const GetCase get_cases[] = {
  { "string", "@post.md", "title", 0, "Hello, world\n" },
  { "plain", "@post.md", "seo.description", 0, "plain words\n" },
  { "boolean", "@post.md", "draft", 0, "false\n" },
  { "number", "@post.md", "weight", 0, "3\n" },
  { "date", "@post.md", "date", 0, "2024-03-01\n" },
  { "datetime", "@post.md", "published", 0, "2024-03-01T10:00:00+01:00\n" },
  { "flow-list", "@post.md", "tags", 0, "un\ndeux\n" },
  { "block-list", "@post.md", "categories", 0, "notes\nessais\n" },
  { "nested", "@post.md", "seo.title", 0, "Old SEO\n" },
  { "nested-4-spaces", "@indented.md", "seo.description", 0, "deep\n" },
  { "crlf-bom", CRLF_BOM, "title", 0, "Un\n" },
  { "utf-8", "---\ntitle: \"Été \\u00e0 Paris\"\n---\n", "title", 0, "Été à Paris\n" },
  { "missing", "@post.md", "subtitle", 1, NULL, 2, 1 },
  { "missing-nested", "@post.md", "seo.image", 1, NULL, 2, 1 },
  { "missing-under-scalar", "@post.md", "title.sub", 1, NULL, 2, 1 },
  { "invalid", "---\ntitle: a\ndraft: false\ntags: [a, b\n---\nBody\n", "title", 1, NULL, 4, 7 },
  { "duplicate", "---\ntitle: a\ntitle: b\n---\n", "title", 1, NULL, 3, 1 },
  { "no-front-matter", "Just text.\n", "title", 1, NULL, 1, 1 },
  { "toml", "@toml.md", "title", 0, "TOML post\n" },
  { "toml-multiline", "@hugo-toml.md", "description", 0,
    "Trois matinées de marché : Apt, Forcalquier, Lourmarin.\n" },
  { "toml-table", "@hugo-toml.md", "params.image", 0, "images/marche.jpg\n" },
  { "toml-list", "@hugo-toml.md", "categories", 0, "carnets\nété\n" },
  { "toml-datetime", "@hugo-toml.md", "date", 0, "2024-06-02T08:30:00+02:00\n" },
  { "toml-zola-taxonomy", "@zola.md", "taxonomies.tags", 0, "lecture\nGiono\n" },
  { "toml-missing", "@zola.md", "subtitle", 1, NULL, 2, 1 },
  { "toml-invalid", "+++\ntitle = \"a\"\ndraft = flase\n+++\n", "title", 1, NULL, 3, 10 },
  { "windows-1252", "---\ntitle: caf\xE9\n---\n", "title", 1, NULL, 2, 11 },
};

static void
test_get (gconstpointer data)
{
  const GetCase *c = data;
  g_autoptr(Workspace) dir = make_workspace ();
  g_autofree char *input = NULL;
  g_autoptr(Run) run = NULL;
  Snapshot snap = { 0 };
  gsize len;

  input = fixture_text (c->input, &len);
  write_file (dir, "post.md", input, len);
  snapshot_take (&snap, dir, "post.md");

  run = RUN (dir, "get", "post.md", c->key);
  g_assert_cmpint (run->status, ==, c->status);
  if (c->status == 0)
    {
      g_assert_cmpstr (run->out, ==, c->out);
      g_assert_cmpstr (run->err, ==, "");
    }
  else
    {
      g_assert_cmpstr (run->out, ==, "");
      assert_at (run->err, "post.md", c->line, c->column);
    }
  assert_untouched (&snap, dir, "post.md");
  snapshot_clear (&snap);
}

static void
test_get_usage (void)
{
  g_autoptr(Workspace) dir = make_workspace ();
  g_autoptr(Run) few = NULL;
  g_autoptr(Run) missing = NULL;

  write_file (dir, "post.md", "---\ntitle: t\n---\n", -1);
  few = RUN (dir, "get", "post.md");
  g_assert_cmpint (few->status, ==, 2);
  assert_one_line (few->err);
  missing = RUN (dir, "get", "nowhere.md", "title");
  g_assert_cmpint (missing->status, ==, 2);
  assert_one_line (missing->err);
  g_assert_true (g_str_has_prefix (missing->err, "nowhere.md: "));
}

/* 4. export */

static void
test_export_stdout (void)
{
  g_autoptr(Workspace) dir = make_workspace ();
  g_autofree char *input = NULL;
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) unsafe = NULL;
  gsize len;

  input = fixture_text ("@export.md", &len);
  write_file (dir, "post.md", input, len);

  run = RUN (dir, "export", "post.md", "-o", "-");
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_true (g_str_has_prefix (run->out, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (run->out, "<html lang=\"fr\">"));
  g_assert_nonnull (strstr (run->out, "<title>A &lt;b&gt; &amp; &quot;q&quot; title</title>"));
  g_assert_null (strstr (run->out, "<b>"));
  g_assert_nonnull (strstr (run->out, "<h2 id=\"section-heading\">Section heading</h2>"));
  g_assert_nonnull (strstr (run->out, "<em>emphasis</em>"));
  /* The front matter is data, never a rule and a heading. */
  g_assert_null (strstr (run->out, "<hr"));
  g_assert_null (strstr (run->out, "lang: fr"));
  g_assert_null (strstr (run->out, "tags: ["));
  /* Raw HTML is omitted by default, as Hugo does. */
  g_assert_null (strstr (run->out, "<script"));
  g_assert_null (strstr (run->out, "class=\"raw\""));
  g_assert_false (file_exists (dir, "post.html"));

  /* --unsafe keeps raw HTML, but GFM's tag filter still disarms <script>. */
  unsafe = RUN (dir, "export", "post.md", "-o", "-", "--unsafe");
  g_assert_cmpint (unsafe->status, ==, 0);
  g_assert_nonnull (strstr (unsafe->out, "<div class=\"raw\">raw block</div>"));
  g_assert_null (strstr (unsafe->out, "<script"));
  g_assert_nonnull (strstr (unsafe->out, "&lt;script>alert(1)&lt;/script>"));
}

/* TOML front matter is read as YAML's is: a Hugo post and a Zola post get
 * their title, date, authors, tags and description on the page, and the
 * front matter is never shown as text. */
static void
test_export_toml (void)
{
  g_autoptr(Workspace) dir = make_workspace ();
  g_autofree char *input = NULL;
  g_autoptr(Run) hugo = NULL;
  g_autoptr(Run) zola = NULL;
  gsize len;

  input = fixture_text ("@hugo-toml.md", &len);
  write_file (dir, "hugo.md", input, len);
  input = (g_free (input), fixture_text ("@zola.md", &len));
  write_file (dir, "zola.md", input, len);

  hugo = RUN (dir, "export", "hugo.md", "-o", "-");
  g_assert_cmpint (hugo->status, ==, 0);
  g_assert_cmpstr (hugo->err, ==, "");
  g_assert_nonnull (strstr (hugo->out, "<title>Les marchés de Provence</title>"));
  g_assert_nonnull (strstr (hugo->out, "<meta name=\"description\" content=\"Trois matinées de marché : "
                                       "Apt, Forcalquier, Lourmarin.\">"));
  g_assert_nonnull (strstr (hugo->out, "<h1>Les marchés de Provence</h1>"));
  g_assert_nonnull (strstr (hugo->out, "<time datetime=\"2024-06-02T08:30:00+02:00\">"));
  g_assert_nonnull (strstr (hugo->out, "<span class=\"post-authors\">Camille Roux</span>"));
  g_assert_nonnull (strstr (hugo->out, "<li>voyage</li><li>cuisine</li>"));
  g_assert_nonnull (strstr (hugo->out, "<h2 id=\"forcalquier\">Forcalquier</h2>"));
  g_assert_null (strstr (hugo->out, "+++"));
  g_assert_null (strstr (hugo->out, "draft = true"));

  zola = RUN (dir, "export", "zola.md", "-o", "-");
  g_assert_cmpint (zola->status, ==, 0);
  g_assert_nonnull (strstr (zola->out, "<title>Notes de lecture : Giono</title>"));
  g_assert_nonnull (strstr (zola->out, "<time datetime=\"2023-11-20\">"));
  /* Zola's tags are under [taxonomies] */
  g_assert_nonnull (strstr (zola->out, "<li>lecture</li><li>Giono</li>"));
  g_assert_nonnull (strstr (zola->out, "Que ma joie demeure, relu trente ans après."));
}

static void
test_export_lang (void)
{
  g_autoptr(Workspace) dir = make_workspace ();
  g_autoptr(Run) given = NULL;
  g_autoptr(Run) fallback = NULL;
  g_autoptr(Run) post_wins = NULL;
  g_autofree char *input = NULL;
  gsize len;

  write_file (dir, "plain.md", "---\ntitle: No language\n---\nText.\n", -1);
  given = RUN (dir, "export", "plain.md", "-o", "-", "--lang", "de");
  g_assert_cmpint (given->status, ==, 0);
  g_assert_nonnull (strstr (given->out, "<html lang=\"de\">"));

  /* Under LC_ALL=C.UTF-8 the interface language is English. */
  fallback = RUN (dir, "export", "plain.md", "-o", "-");
  g_assert_cmpint (fallback->status, ==, 0);
  g_assert_nonnull (strstr (fallback->out, "<html lang=\"en\">"));

  input = fixture_text ("@export.md", &len);
  write_file (dir, "fr.md", input, len);
  post_wins = RUN (dir, "export", "fr.md", "-o", "-", "--lang", "de");
  g_assert_nonnull (strstr (post_wins->out, "<html lang=\"fr\">"));
}

/* A page says what it says in words of its own (the date, the reading
 * time, the labels for screen readers) in the post's language, whatever
 * the session's: a French post exported from an English session reads in
 * French, and the other way round. */
static void
test_export_page_language (void)
{
  static const char french[] =
    "---\ntitle: Essai\nlang: fr\ndate: 2024-06-18T07:45:00+02:00\ntags: [voyage]\n---\n"
    "Un texte[^1].\n\n- [ ] relire\n\n[^1]: Une note.\n";
  static const char english[] =
    "---\ntitle: Essay\nlang: en\ndate: \"2024-06-18T07:45:00+02:00\"\ntags: [travel]\n---\n"
    "A text[^1].\n\n[^1]: A note.\n";
  static const char plain[] = "---\ntitle: Sans langue\ndate: 2024-06-18\n---\nTexte.\n";
  g_autoptr(Workspace) dir = make_workspace ();
  g_autoptr(Run) fr_in_en = NULL;
  g_autoptr(Run) en_in_fr = NULL;
  g_autoptr(Run) plain_in_en = NULL;
  g_autoptr(Run) plain_in_fr = NULL;
  locale_t fr_locale;

  write_file (dir, "fr.md", french, -1);
  write_file (dir, "en.md", english, -1);
  write_file (dir, "plain.md", plain, -1);

  fr_in_en = RUN (dir, "export", "fr.md", "-o", "-");
  g_assert_cmpint (fr_in_en->status, ==, 0);
  g_assert_nonnull (strstr (fr_in_en->out, "<time datetime=\"2024-06-18T07:45:00+02:00\">18 juin 2024</time>"));
  g_assert_nonnull (strstr (fr_in_en->out, "<span class=\"reading-time\">1\u00a0min de lecture</span>"));
  g_assert_nonnull (strstr (fr_in_en->out, "<ul class=\"post-tags\" aria-label=\"Étiquettes\">"));
  g_assert_nonnull (strstr (fr_in_en->out, "aria-label=\"Retour au texte\">↩</a>"));
  g_assert_nonnull (strstr (fr_in_en->out, "<li class=\"task-list-item\"><input type=\"checkbox\" disabled=\"\" /> relire</li>"));
  g_assert_null (strstr (fr_in_en->out, "min read"));
  g_assert_null (strstr (fr_in_en->out, "Back to content"));

  plain_in_en = RUN (dir, "export", "plain.md", "-o", "-");
  g_assert_nonnull (strstr (plain_in_en->out, "<time datetime=\"2024-06-18\">June 18, 2024</time>"));

  /* The other way round needs the French locale (build-aux/dev makes it). */
  fr_locale = newlocale (LC_ALL_MASK, "fr_FR.UTF-8", (locale_t) 0);
  if (fr_locale == (locale_t) 0)
    {
      g_test_skip ("no fr_FR.UTF-8 locale");
      return;
    }
  freelocale (fr_locale);

  en_in_fr = run_in_locale (dir, LOCALE_FRENCH, (const char * const []) { "export", "en.md", "-o", "-", NULL });
  g_assert_cmpint (en_in_fr->status, ==, 0);
  g_assert_nonnull (strstr (en_in_fr->out, "<time datetime=\"2024-06-18T07:45:00+02:00\">June 18, 2024</time>"));
  g_assert_nonnull (strstr (en_in_fr->out, "<span class=\"reading-time\">1 min read</span>"));
  g_assert_nonnull (strstr (en_in_fr->out, "<ul class=\"post-tags\" aria-label=\"Tags\">"));
  g_assert_nonnull (strstr (en_in_fr->out, "aria-label=\"Back to content\">↩</a>"));
  g_assert_null (strstr (en_in_fr->out, "lecture"));

  /* A post that names no language takes the session's. */
  plain_in_fr = run_in_locale (dir, LOCALE_FRENCH, (const char * const []) { "export", "plain.md", "-o", "-", NULL });
  g_assert_nonnull (strstr (plain_in_fr->out, "<html lang=\"fr\">"));
  g_assert_nonnull (strstr (plain_in_fr->out, "<time datetime=\"2024-06-18\">18 juin 2024</time>"));
}

static void
test_export_default_output (void)
{
  g_autoptr(Workspace) dir = make_workspace ();
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) to_stdout = NULL;
  g_autoptr(Run) named = NULL;
  g_autoptr(Run) no_ext = NULL;
  g_autoptr(GBytes) page = NULL;
  g_autofree char *input = NULL;
  gsize len;

  input = fixture_text ("@export.md", &len);
  write_file (dir, "posts/2024/hello.world.md", input, len);
  write_file (dir, "posts/README", "---\ntitle: R\n---\nText.\n", -1);

  run = RUN (dir, "export", "posts/2024/hello.world.md");
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_cmpstr (run->err, ==, "");
  g_assert_true (file_exists (dir, "posts/2024/hello.world.html"));
  g_assert_false (file_exists (dir, "hello.world.html"));

  to_stdout = RUN (dir, "export", "posts/2024/hello.world.md", "-o", "-");
  page = read_file (dir, "posts/2024/hello.world.html");
  g_assert_cmpmem (g_bytes_get_data (page, NULL), g_bytes_get_size (page),
                   to_stdout->out, to_stdout->out_len);

  named = RUN (dir, "export", "posts/2024/hello.world.md", "-o", "out/page.html");
  /* A missing folder for -o is an I/O error, not a crash. */
  g_assert_cmpint (named->status, ==, 2);
  assert_one_line (named->err);

  no_ext = RUN (dir, "export", "posts/README");
  g_assert_cmpint (no_ext->status, ==, 0);
  g_assert_true (file_exists (dir, "posts/README.html"));
}

/* The issue's 12 KB post: a header of 2000 columns over 2000 rows of "x",
 * which Debian's cmark-gfm pads to four million cells (40 MB of HTML, a
 * gigabyte of memory, 12 s). The export is in proportion to the post: its
 * page, the process's peak memory and its CPU time, read with wait4() for
 * this process alone (RUSAGE_CHILDREN's peak is the largest of every child
 * so far). The table shows as text, after a note. */
static void
test_export_bounded_table (void)
{
  g_autoptr(Workspace) dir = make_workspace ();
  g_autoptr(GString) post = g_string_new ("---\ntitle: Wide\n---\n|");
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "LC_ALL", "C.UTF-8", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) page = NULL;
  g_autofree char *html = NULL;
  const char *argv[] = { billet_binary (), "export", "post.md", "-o", "out.html", NULL };
  struct rusage usage;
  gint64 cpu_us;
  int status = 0;
  GPid pid;

  for (guint i = 0; i < 2000; i++)
    g_string_append (post, "a|");
  g_string_append (post, "\n|");
  for (guint i = 0; i < 2000; i++)
    g_string_append (post, "-|");
  g_string_append_c (post, '\n');
  for (guint i = 0; i < 2000; i++)
    g_string_append (post, "x\n");
  write_file (dir, "post.md", post->str, post->len);

  g_spawn_async (dir, (char **) argv, env,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                 child_setup, NULL, &pid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wait4 (pid, &status, 0, &usage), ==, pid);
  g_spawn_close_pid (pid);
  cpu_us = (gint64) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
           usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
  if (WIFSIGNALED (status) && WTERMSIG (status) == SIGALRM)
    g_error ("billet export did not finish within %u s", 10 * billet_test_slowdown ());
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  page = read_file (dir, "out.html");
  g_test_message ("export of %" G_GSIZE_FORMAT " bytes: %" G_GSIZE_FORMAT " bytes of HTML, "
                  "peak RSS %ld KiB, CPU %" G_GINT64_FORMAT " µs",
                  post->len, g_bytes_get_size (page), usage.ru_maxrss, cpu_us);

  /* Ten times the post at most; the page is about twice its size. */
  g_assert_cmpuint (g_bytes_get_size (page), <, 10 * post->len);
  g_assert_cmpint (usage.ru_maxrss, <, 64 * 1024 * (glong) billet_test_slowdown ());
  g_assert_cmpint (cpu_us, <, time_limit_us ());

  html = g_strndup (g_bytes_get_data (page, NULL), g_bytes_get_size (page));
  g_assert_null (strstr (html, "<td"));
  g_assert_nonnull (strstr (html, "<span class=\"table-too-large\" role=\"note\">"
                                  "This table is too large to show (2000 columns × 2000 rows); "
                                  "it is shown as text.</span>"));
}

static void
test_export_failures (void)
{
  g_autoptr(Workspace) dir = make_workspace ();
  g_autoptr(Run) invalid = NULL;
  g_autoptr(Run) invalid_stdout = NULL;
  g_autoptr(Run) folder = NULL;
  g_autoptr(Run) missing = NULL;
  g_autoptr(Run) toml = NULL;
  g_autoptr(Run) none = NULL;

  write_file (dir, "bad.md", "---\ntitle: ok\ntags: [a, b\n---\nBody\n", -1);
  invalid = RUN (dir, "export", "bad.md");
  g_assert_cmpint (invalid->status, ==, 1);
  assert_at (invalid->err, "bad.md", 3, 7);
  g_assert_false (file_exists (dir, "bad.html"));

  invalid_stdout = RUN (dir, "export", "bad.md", "-o", "-");
  g_assert_cmpint (invalid_stdout->status, ==, 1);
  g_assert_cmpstr (invalid_stdout->out, ==, "");

  write_file (dir, "site/a.md", "---\ntitle: A\n---\n", -1);
  folder = RUN (dir, "export", "site");
  g_assert_cmpint (folder->status, ==, 2);
  assert_one_line (folder->err);
  g_assert_false (file_exists (dir, "site.html"));

  missing = RUN (dir, "export", "nowhere.md");
  g_assert_cmpint (missing->status, ==, 2);
  assert_one_line (missing->err);
  g_assert_false (file_exists (dir, "nowhere.html"));

  /* Invalid TOML front matter: where, and no page */
  write_file (dir, "toml.md", "+++\ntitle = \"T\"\ndraft = flase\n+++\nBody\n", -1);
  toml = RUN (dir, "export", "toml.md");
  g_assert_cmpint (toml->status, ==, 1);
  assert_at (toml->err, "toml.md", 3, 10);
  g_assert_false (file_exists (dir, "toml.html"));

  /* No front matter: a page all the same. */
  write_file (dir, "none.md", "# Just a heading\n\nText.\n", -1);
  none = RUN (dir, "export", "none.md", "-o", "-");
  g_assert_cmpint (none->status, ==, 0);
  g_assert_nonnull (strstr (none->out, "Just a heading"));
}

/* The page never replaces the post it comes from. */
static void
test_export_not_over_post (void)
{
  static const char * const cases[][5] = {
    { "export", "post.md", "-o", "post.md", NULL },
    { "export", "post.md", "-o", "./post.md", NULL },
    { "export", "post.md", "--output=link.html", NULL },
    { "export", "page.html", NULL },   /* the default output is the post itself */
  };
  g_autoptr(Workspace) dir = make_workspace ();
  g_autofree char *target = g_build_filename (dir, "link.html", NULL);
  Snapshot post = { 0 }, page = { 0 };

  write_file (dir, "post.md", "---\ntitle: t\n---\nBody\n", -1);
  write_file (dir, "page.html", "---\ntitle: t\n---\nBody\n", -1);
  g_assert_cmpint (symlink ("post.md", target), ==, 0);
  snapshot_take (&post, dir, "post.md");
  snapshot_take (&page, dir, "page.html");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Run) run = run_argv (dir, cases[i]);

      g_assert_cmpint (run->status, ==, 2);
      assert_one_line (run->err);
    }
  assert_untouched (&post, dir, "post.md");
  assert_untouched (&page, dir, "page.html");
  snapshot_clear (&post);
  snapshot_clear (&page);
}

/* 5. check */

static void
test_check_folder (void)
{
  g_autoptr(Workspace) dir = make_workspace ();
  g_autoptr(Run) run = NULL;
  g_auto(GStrv) lines = NULL;
  static const struct { const char *file; guint line; guint column; const char *has; } expected[] = {
    { "site/b-invalid.md", 3, 7, "Invalid YAML" },
    { "site/c-latin1.md", 2, 11, "UTF-8" },
    { "site/d-nul.md", 2, 9, "NUL" },
    { "site/e-unterminated.md", 1, 1, "---" },
    { "site/h-toml-invalid.md", 4, 13, "Invalid TOML" },
    { "site/sub/a-duplicate.md", 3, 1, "“t”" },
    { "site/sub/z-invalid.markdown", 2, 5, "Invalid YAML" },
  };

  write_file (dir, "site/a-good.md", "---\ntitle: ok\n---\nBody\n", -1);
  write_file (dir, "site/b-invalid.md", "---\ntitle: ok\ntags: [a\n---\nBody\n", -1);
  write_file (dir, "site/c-latin1.md", "---\ntitle: caf\xE9\n---\n", -1);
#define NUL_FM "---\ntitle: a\0b\n---\n"
  write_file (dir, "site/d-nul.md", NUL_FM, sizeof NUL_FM - 1);
  write_file (dir, "site/e-unterminated.md", "---\ntitle: a\n", -1);
  write_file (dir, "site/f-none.md", "No front matter at all.\n", -1);
  write_file (dir, "site/g-toml.md", "+++\ntitle = \"t\"\n+++\n", -1);
  write_file (dir, "site/h-toml-invalid.md", "+++\ntitle = \"t\"\n[params]\ntags = [\"a\"\n+++\n", -1);
  write_file (dir, "site/notes.txt", "---\ntitle: [\n---\n", -1);          /* not a post */
  write_file (dir, "site/.hidden.md", "---\ntitle: [\n---\n", -1);         /* hidden */
  write_file (dir, "site/sub/a-duplicate.md", "---\nt: 1\nt: 2\n---\n", -1);
  write_file (dir, "site/sub/b-good.md", "\xEF\xBB\xBF---\r\ntitle: ok\r\n---\r\n", -1);
  write_file (dir, "site/sub/z-invalid.markdown", "---\na: b: c\n---\n", -1);

  run = RUN (dir, "check", "site");
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_suffix (run->err, "\n"));
  lines = g_strsplit (run->err, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (expected) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *line = g_strconcat (lines[i], "\n", NULL);

      assert_at (line, expected[i].file, expected[i].line, expected[i].column);
      g_assert_nonnull (strstr (line, expected[i].has));
    }

  /* Several paths: each in the order given, the worst status wins. */
  {
    g_autoptr(Run) two = RUN (dir, "check", "site/sub/b-good.md", "site/c-latin1.md",
                              "site/a-good.md");

    g_assert_cmpint (two->status, ==, 1);
    assert_at (two->err, "site/c-latin1.md", 2, 11);
  }
}

static void
test_check_good (void)
{
  g_autoptr(Workspace) dir = make_workspace ();
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) file = NULL;
  g_autofree char *input = NULL;
  gsize len;

  input = fixture_text ("@post.md", &len);
  write_file (dir, "site/post.md", input, len);
  input = (g_free (input), fixture_text ("@indented.md", &len));
  write_file (dir, "site/deep/indented.md", input, len);
  input = (g_free (input), fixture_text ("@toml.md", &len));
  write_file (dir, "site/toml.md", input, len);
  write_file (dir, "site/empty.md", "", 0);
  write_file (dir, "site/bad.txt", "\xFF\xFE\0\0", 4);

  run = RUN (dir, "check", "site");
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_cmpstr (run->err, ==, "");

  file = RUN (dir, "check", "site/post.md");
  g_assert_cmpint (file->status, ==, 0);
  g_assert_cmpstr (file->out, ==, "");
  g_assert_cmpstr (file->err, ==, "");
}

static void
test_check_encoding (void)
{
  static const struct { const char *input; guint line; guint column; } cases[] = {
    { "---\ntitle: caf\xE9\n---\n", 2, 11 },
    { "---\ntitle: ok\n---\nline\nna\xEFve\n", 5, 3 },
    { "\xE9t\xE9\n", 1, 1 },
    { "---\ntitle: \xC3\n---\n", 2, 8 },            /* a truncated sequence */
    { "---\ntitle: \xED\xA0\x80\n---\n", 2, 8 },    /* a surrogate */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Workspace) dir = make_workspace ();
      g_autoptr(Run) run = NULL;
      Snapshot snap = { 0 };

      write_file (dir, "post.md", cases[i].input, -1);
      snapshot_take (&snap, dir, "post.md");
      run = RUN (dir, "check", "post.md");
      g_assert_cmpint (run->status, ==, 1);
      assert_at (run->err, "post.md", cases[i].line, cases[i].column);
      g_assert_nonnull (strstr (run->err, "UTF-8"));
      assert_untouched (&snap, dir, "post.md");
      snapshot_clear (&snap);
    }
}

/* check --typography reports French typography in the prose as FILE:LINE:COL,
 * never in the front matter or code; --fix-typography fixes exactly those
 * bytes, CRLF line ends and all. */
static void
test_check_typography (void)
{
  g_autoptr(Workspace) dir = make_workspace ();
  g_autoptr(Run) plain = NULL;
  g_autoptr(Run) report = NULL;
  g_autoptr(Run) fix = NULL;
  g_autoptr(Run) again = NULL;
  g_autoptr(Run) english = NULL;
  const char *post =
    "---\r\ntitle: \"Un titre: oui !\"\r\nurl: https://a.fr/?x=1\r\n---\r\n\r\n"
    "Bonjour ! C'est `code: ici !` fini...\r\n"
    "Voir {{< ref \"a.md\" >}}; le XXIe siècle.\r\n";
  const char *fixed =
    "---\r\ntitle: \"Un titre: oui !\"\r\nurl: https://a.fr/?x=1\r\n---\r\n\r\n"
    "Bonjour\xE2\x80\xAF! C’est `code: ici !` fini…\r\n"
    "Voir {{< ref \"a.md\" >}}\xE2\x80\xAF; le XXIᵉ siècle.\r\n";
  Snapshot snap = { 0 };
  g_auto(GStrv) lines = NULL;

  write_file (dir, "post.md", post, -1);
  snapshot_take (&snap, dir, "post.md");

  /* Without --typography, check says nothing about it */
  plain = RUN (dir, "check", "post.md");
  g_assert_cmpint (plain->status, ==, 0);
  g_assert_cmpstr (plain->err, ==, "");

  report = RUN (dir, "check", "--typography", "post.md");
  g_assert_cmpint (report->status, ==, 1);
  lines = g_strsplit (report->err, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 6);
  g_assert_true (g_str_has_prefix (lines[0], "post.md:6:8: "));
  g_assert_nonnull (strstr (lines[0], "“!”"));
  g_assert_true (g_str_has_prefix (lines[1], "post.md:6:12: "));
  g_assert_true (g_str_has_prefix (lines[2], "post.md:6:35: "));
  g_assert_true (g_str_has_prefix (lines[3], "post.md:7:24: "));
  g_assert_true (g_str_has_prefix (lines[4], "post.md:7:32: "));
  g_assert_nonnull (strstr (lines[4], "XXIe"));
  assert_untouched (&snap, dir, "post.md");
  snapshot_clear (&snap);

  fix = RUN (dir, "check", "--fix-typography", "post.md");
  g_assert_cmpint (fix->status, ==, 0);
  g_assert_nonnull (strstr (fix->out, "post.md"));
  assert_file_is (dir, "post.md", fixed, strlen (fixed));

  again = RUN (dir, "check", "--typography", "post.md");
  g_assert_cmpint (again->status, ==, 0);
  g_assert_cmpstr (again->err, ==, "");

  /* French rules for French posts only: an English one is left alone */
  write_file (dir, "english.md", "---\nlang: en-US\n---\n\nHello! Isn't it: \"quoted\"...\n", -1);
  snapshot_take (&snap, dir, "english.md");
  english = RUN (dir, "check", "--fix-typography", "english.md");
  g_assert_cmpint (english->status, ==, 0);
  g_assert_cmpstr (english->err, ==, "");
  g_assert_cmpstr (english->out, ==, "");
  assert_untouched (&snap, dir, "english.md");
  snapshot_clear (&snap);
}

static void
test_check_fix_encoding (void)
{
  g_autoptr(Workspace) dir = make_workspace ();
  g_autoptr(Run) fix = NULL;
  g_autoptr(Run) again = NULL;
  g_autoptr(Run) get = NULL;
  g_autoptr(Run) undefined = NULL;
  g_autoptr(Run) good = NULL;
  const char *latin = "---\ntitle: caf\xE9 \x93quoted\x94\n---\nCr\xE8me br\xFBl\xE9\x65.\n";
  const char *utf8 = "---\ntitle: café “quoted”\n---\nCrème brûlée.\n";
  Snapshot snap = { 0 };

  write_file (dir, "post.md", latin, -1);
  write_file (dir, "good.md", "---\ntitle: déjà\n---\n", -1);
  fix = RUN (dir, "check", "--fix-encoding", "post.md");
  g_assert_cmpint (fix->status, ==, 0);
  g_assert_cmpstr (fix->err, ==, "");
  g_assert_nonnull (strstr (fix->out, "post.md"));
  assert_file_is (dir, "post.md", utf8, strlen (utf8));

  again = RUN (dir, "check", "post.md");
  g_assert_cmpint (again->status, ==, 0);
  g_assert_cmpstr (again->err, ==, "");
  get = RUN (dir, "get", "post.md", "title");
  g_assert_cmpstr (get->out, ==, "café “quoted”\n");

  /* Valid UTF-8 is never “fixed”. */
  snapshot_take (&snap, dir, "good.md");
  good = RUN (dir, "check", "--fix-encoding", "good.md");
  g_assert_cmpint (good->status, ==, 0);
  g_assert_cmpstr (good->out, ==, "");
  assert_untouched (&snap, dir, "good.md");
  snapshot_clear (&snap);

  /* 0x81 is undefined in Windows-1252: not converted, still reported. */
  write_file (dir, "odd.md", "---\ntitle: \x81x\n---\n", -1);
  snapshot_take (&snap, dir, "odd.md");
  undefined = RUN (dir, "check", "--fix-encoding", "odd.md");
  g_assert_cmpint (undefined->status, ==, 1);
  assert_at (undefined->err, "odd.md", 2, 8);
  assert_untouched (&snap, dir, "odd.md");
  snapshot_clear (&snap);
}

static void
test_check_binary (void)
{
  g_autoptr(Workspace) dir = make_workspace ();
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) fix = NULL;
  Snapshot snap = { 0 };

#define NUL_BODY "---\ntitle: ok\n---\nBody\0with NUL\n"
  write_file (dir, "post.md", NUL_BODY, sizeof NUL_BODY - 1);
  snapshot_take (&snap, dir, "post.md");
  run = RUN (dir, "check", "post.md");
  g_assert_cmpint (run->status, ==, 1);
  assert_at (run->err, "post.md", 4, 5);
  g_assert_nonnull (strstr (run->err, "NUL"));

  /* --fix-encoding leaves binary files alone. */
  fix = RUN (dir, "check", "--fix-encoding", "post.md");
  g_assert_cmpint (fix->status, ==, 1);
  g_assert_nonnull (strstr (fix->err, "NUL"));
  assert_untouched (&snap, dir, "post.md");
  snapshot_clear (&snap);
}

/* UTF-16 (NUL bytes in every ASCII character) is named, not called binary,
 * by check and by the commands that read the front matter. */
static void
test_check_utf16 (void)
{
  g_autoptr(Workspace) dir = make_workspace ();
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) get = NULL;
  Snapshot snap = { 0 };
  static const char utf16[] = "\xFF\xFE-\0-\0-\0\n\0t\0i\0t\0l\0e\0:\0 \0x\0\n\0-\0-\0-\0\n\0";

  write_file (dir, "post.md", utf16, sizeof utf16 - 1);
  snapshot_take (&snap, dir, "post.md");
  run = RUN (dir, "check", "--fix-encoding", "post.md");
  g_assert_cmpint (run->status, ==, 1);
  assert_at (run->err, "post.md", 1, 1);
  g_assert_nonnull (strstr (run->err, "UTF-16"));
  get = RUN (dir, "get", "post.md", "title");
  g_assert_cmpint (get->status, ==, 1);
  g_assert_nonnull (strstr (get->err, "UTF-16"));
  assert_untouched (&snap, dir, "post.md");
  snapshot_clear (&snap);
}

static void
test_check_unreadable (void)
{
  g_autoptr(Workspace) dir = make_workspace ();
  g_autoptr(Run) missing = NULL;
  g_autoptr(Run) mixed = NULL;
  g_autoptr(Run) usage = NULL;
  g_autoptr(Run) option = NULL;
  g_autofree char *locked = NULL;

  missing = RUN (dir, "check", "nowhere.md");
  g_assert_cmpint (missing->status, ==, 2);
  assert_one_line (missing->err);
  g_assert_true (g_str_has_prefix (missing->err, "nowhere.md: "));

  /* An I/O error outranks a content problem. */
  write_file (dir, "bad.md", "---\na: [\n---\n", -1);
  mixed = RUN (dir, "check", "bad.md", "nowhere.md");
  g_assert_cmpint (mixed->status, ==, 2);

  usage = RUN (dir, "check");
  g_assert_cmpint (usage->status, ==, 2);
  assert_one_line (usage->err);

  option = RUN (dir, "check", "--frobnicate", "bad.md");
  g_assert_cmpint (option->status, ==, 2);
  assert_one_line (option->err);

  /* Permissions do not stop root: only test them as another user. */
  if (geteuid () != 0)
    {
      g_autoptr(Run) file = NULL;
      g_autoptr(Run) folder = NULL;

      write_file (dir, "locked.md", "---\ntitle: t\n---\n", -1);
      locked = g_build_filename (dir, "locked.md", NULL);
      g_assert_cmpint (g_chmod (locked, 0), ==, 0);
      file = RUN (dir, "check", "locked.md");
      g_assert_cmpint (file->status, ==, 2);
      assert_one_line (file->err);

      write_file (dir, "closed/post.md", "---\ntitle: t\n---\n", -1);
      g_free (locked);
      locked = g_build_filename (dir, "closed", NULL);
      g_assert_cmpint (g_chmod (locked, 0), ==, 0);
      folder = RUN (dir, "check", "closed");
      g_assert_cmpint (folder->status, ==, 2);
      assert_one_line (folder->err);
      g_chmod (locked, 0755);
    }
}

/* Legacy encodings: named, converted on request, never silently. */
static void
test_check_legacy (void)
{
  static const struct {
    const char *input;
    const char *encoding;
    guint       line;
    guint       column;
    const char *utf8;
  } cases[] = {
    { "---\ntitle: \x93L\x92\xE9t\xE9\x94\n---\nPrix : 5 \x80.\n", "Windows-1252", 2, 8,
      "---\ntitle: “L’été”\n---\nPrix : 5 €.\n" },
    { "---\ntitle: caf\xE9\n---\nCr\xE8me br\xFBl\xE9\x65 \xE0 la fran\xE7\x61ise.\n", "Latin-1", 2, 11,
      "---\ntitle: café\n---\nCrème brûlée à la française.\n" },
    /* CRLF stays CRLF. */
    { "---\r\ntitle: na\xEFve\r\n---\r\n", "Latin-1", 2, 10, "---\r\ntitle: naïve\r\n---\r\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Workspace) dir = make_workspace ();
      g_autoptr(Run) check = NULL;
      g_autoptr(Run) fix = NULL;
      g_autoptr(Run) again = NULL;
      g_autofree char *converted = NULL;
      Snapshot snap = { 0 };

      write_file (dir, "post.md", cases[i].input, -1);
      snapshot_take (&snap, dir, "post.md");
      check = RUN (dir, "check", "post.md");
      g_assert_cmpint (check->status, ==, 1);
      g_assert_cmpstr (check->out, ==, "");
      assert_at (check->err, "post.md", cases[i].line, cases[i].column);
      g_assert_nonnull (strstr (check->err, cases[i].encoding));
      g_assert_nonnull (strstr (check->err, "--fix-encoding"));
      assert_untouched (&snap, dir, "post.md");
      snapshot_clear (&snap);

      fix = RUN (dir, "check", "--fix-encoding", "post.md");
      g_assert_cmpint (fix->status, ==, 0);
      g_assert_cmpstr (fix->err, ==, "");
      converted = g_strdup_printf ("post.md: converted from %s", cases[i].encoding);
      g_assert_true (g_str_has_prefix (fix->out, converted));
      g_assert_true (g_str_has_suffix (fix->out, " to UTF-8\n"));
      assert_file_is (dir, "post.md", cases[i].utf8, strlen (cases[i].utf8));

      again = RUN (dir, "check", "--fix-encoding", "post.md");
      g_assert_cmpint (again->status, ==, 0);
      g_assert_cmpstr (again->out, ==, "");
      g_assert_cmpstr (again->err, ==, "");
    }
}

/* UTF-8 with a stray byte: said where, kept, even with --fix-encoding. */
static void
test_check_stray_bytes (void)
{
  g_autoptr(Workspace) dir = make_workspace ();
  g_autoptr(Run) check = NULL;
  g_autoptr(Run) fix = NULL;
  Snapshot snap = { 0 };

  write_file (dir, "post.md", "---\ntitle: L’été\n---\nDéjà vu, caf\xE9 crème.\n", -1);
  snapshot_take (&snap, dir, "post.md");
  check = RUN (dir, "check", "post.md");
  g_assert_cmpint (check->status, ==, 1);
  assert_at (check->err, "post.md", 4, 13);
  g_assert_nonnull (strstr (check->err, "1 stray byte"));

  fix = RUN (dir, "check", "--fix-encoding", "post.md");
  g_assert_cmpint (fix->status, ==, 1);
  g_assert_cmpstr (fix->out, ==, "");
  assert_at (fix->err, "post.md", 4, 13);
  assert_untouched (&snap, dir, "post.md");
  snapshot_clear (&snap);
}

/* Mojibake: reported at its first sequence, repaired on request, front
 * matter and body alike, through links. */
static void
test_check_mojibake (void)
{
  g_autoptr(Workspace) dir = make_workspace ();
  g_autoptr(Run) check = NULL;
  g_autoptr(Run) fix = NULL;
  g_autoptr(Run) again = NULL;
  g_autoptr(Run) get = NULL;
  g_autofree char *real = NULL;
  const char *broken = "\xEF\xBB\xBF---\r\ntitle: \"Lâ€™Ã©tÃ© Ã  Paris\"\r\ntags: [cafÃ©]\r\n---\r\n"
                       "Â« Bonjour Â», dit-il. Ã‡a va ?\r\n";
  const char *repaired = "\xEF\xBB\xBF---\r\ntitle: \"L’été à Paris\"\r\ntags: [café]\r\n---\r\n"
                         "« Bonjour », dit-il. Ça va ?\r\n";
  Snapshot snap = { 0 };
  struct stat st;

  /* Reached through a symbolic link, with a hard link beside it. */
  write_file (dir, "real/post.md", broken, -1);
  real = g_build_filename (dir, "real", "post.md", NULL);
  {
    g_autofree char *soft = g_build_filename (dir, "post.md", NULL);
    g_autofree char *hard = g_build_filename (dir, "real", "copy.md", NULL);

    g_assert_cmpint (symlink ("real/post.md", soft), ==, 0);
    g_assert_cmpint (link (real, hard), ==, 0);
  }

  snapshot_take (&snap, dir, "real/post.md");
  check = RUN (dir, "check", "post.md");
  g_assert_cmpint (check->status, ==, 1);
  g_assert_cmpstr (check->out, ==, "");
  assert_at (check->err, "post.md", 2, 10);
  g_assert_nonnull (strstr (check->err, "“â€™” is probably “’”"));
  assert_untouched (&snap, dir, "real/post.md");
  snapshot_clear (&snap);

  fix = RUN (dir, "check", "--fix-encoding", "post.md");
  g_assert_cmpint (fix->status, ==, 0);
  g_assert_cmpstr (fix->err, ==, "");
  g_assert_cmpstr (fix->out, ==, "post.md: repaired 8 mis-encoded characters (“â€™” → “’”…)\n");
  assert_file_is (dir, "real/post.md", repaired, strlen (repaired));
  assert_file_is (dir, "real/copy.md", repaired, strlen (repaired));
  {
    g_autofree char *soft = g_build_filename (dir, "post.md", NULL);

    g_assert_true (g_file_test (soft, G_FILE_TEST_IS_SYMLINK));
  }
  g_assert_cmpint (stat (real, &st), ==, 0);
  g_assert_cmpuint (st.st_nlink, ==, 2);

  again = RUN (dir, "check", "--fix-encoding", "post.md");
  g_assert_cmpint (again->status, ==, 0);
  g_assert_cmpstr (again->out, ==, "");
  g_assert_cmpstr (again->err, ==, "");
  get = RUN (dir, "get", "post.md", "title");
  g_assert_cmpstr (get->out, ==, "L’été à Paris\n");
}

/* What check missed: three-byte characters of French typography, alone in
 * a correct post, and a mis-encoded byte-order mark that hides the front
 * matter. Each is reported where it is; the fix restores the text, and
 * touches nothing else. */
static void
test_check_mojibake_french (void)
{
#define CORRECT "Un texte correct : déjà l’été, à côté, où, ça, Noël, « guillemets ».\n"
  static const struct
  {
    const char *name;
    const char *input;
    const char *repaired;
    guint       line;
    guint       column;
    const char *message;      /* in stderr */
    const char *fixed;        /* stdout of the fix */
  } cases[] = {
    { "superscript", "---\ntitle: Au XXIᵉ siècle\n---\n" CORRECT "Au XXIáµ‰ siècle, déjà.\n",
      "---\ntitle: Au XXIᵉ siècle\n---\n" CORRECT "Au XXIᵉ siècle, déjà.\n",
      5, 7, "“áµ‰” is probably “ᵉ”", "post.md: repaired 1 mis-encoded character (“áµ‰” → “ᵉ”)\n" },
    { "inclusive", "---\ntitle: Lecteurs\n---\n" CORRECT "Chers auteurâ¸±ices, à vous.\n",
      "---\ntitle: Lecteurs\n---\n" CORRECT "Chers auteur⸱ices, à vous.\n",
      5, 13, "“â¸±” is probably “⸱”", "post.md: repaired 1 mis-encoded character (“â¸±” → “⸱”)\n" },
    { "middle-dot", "---\ntitle: Lecteurs\n---\n" CORRECT "Chers lecteurÂ·rices, à vous.\n",
      "---\ntitle: Lecteurs\n---\n" CORRECT "Chers lecteur·rices, à vous.\n",
      5, 14, "“Â·” is probably “·”", "post.md: repaired 1 mis-encoded character (“Â·” → “·”)\n" },
    { "ligature", "---\ntitle: Effets\n---\n" CORRECT "Un eï¬€et copié d’un PDF, à voir.\n",
      "---\ntitle: Effets\n---\n" CORRECT "Un eﬀet copié d’un PDF, à voir.\n",
      5, 5, "“ï¬€” is probably “ﬀ”", "post.md: repaired 1 mis-encoded character (“ï¬€” → “ﬀ”)\n" },
    { "bom", "ï»¿---\ntitle: Un été à Paris\n---\n" CORRECT,
      "---\ntitle: Un été à Paris\n---\n" CORRECT,
      1, 1, "The file starts with “ï»¿”, a mis-encoded byte-order mark",
      "post.md: removed a mis-encoded byte-order mark (“ï»¿”)\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Workspace) dir = make_workspace ();
      g_autoptr(Run) check = NULL;
      g_autoptr(Run) fix = NULL;
      g_autoptr(Run) again = NULL;
      g_autoptr(Run) get = NULL;
      Snapshot snap = { 0 };

      g_test_message ("case %s", cases[i].name);
      write_file (dir, "post.md", cases[i].input, -1);
      snapshot_take (&snap, dir, "post.md");
      check = RUN (dir, "check", "post.md");
      g_assert_cmpint (check->status, ==, 1);
      g_assert_cmpstr (check->out, ==, "");
      assert_at (check->err, "post.md", cases[i].line, cases[i].column);
      g_assert_nonnull (strstr (check->err, cases[i].message));
      assert_untouched (&snap, dir, "post.md");
      snapshot_clear (&snap);

      fix = RUN (dir, "check", "--fix-encoding", "post.md");
      g_assert_cmpint (fix->status, ==, 0);
      g_assert_cmpstr (fix->err, ==, "");
      g_assert_cmpstr (fix->out, ==, cases[i].fixed);
      assert_file_is (dir, "post.md", cases[i].repaired, strlen (cases[i].repaired));

      again = RUN (dir, "check", "post.md");
      g_assert_cmpint (again->status, ==, 0);
      g_assert_cmpstr (again->err, ==, "");
      get = RUN (dir, "get", "post.md", "title");
      g_assert_cmpint (get->status, ==, 0);
    }
#undef CORRECT
}

/* A WordPress export with both: the mark, and mis-encoded text in a post
 * that is correct elsewhere. check names both; the fix repairs both. */
static void
test_check_mojibake_mixed (void)
{
  g_autoptr(Workspace) dir = make_workspace ();
  g_autoptr(Run) check = NULL;
  g_autoptr(Run) fix = NULL;
  g_autoptr(Run) get = NULL;
  const char *broken =
    "ï»¿---\r\ntitle: \"Le XXIáµ‰ siÃ¨cle des lecteurÂ·rices\"\r\ndate: 2024-05-18\r\n---\r\n"
    "Ce billet, écrit à Noël, parle de l’été et des œuvres d’art. Déjà célèbre, il a été "
    "relu, corrigé, réécrit à côté d’un café : « voilà », a-t-elle dit.\r\n\r\n"
    "> Lâ€™eï¬€et est saisissantâ€¯: les auteurâ¸±ices y Ã©crivent Ã\xC2\xA0 deux.\r\n\r\n"
    "```\r\nexemple de code : cafÃ©\r\n```\r\n";
  const char *repaired =
    "---\r\ntitle: \"Le XXIᵉ siècle des lecteur·rices\"\r\ndate: 2024-05-18\r\n---\r\n"
    "Ce billet, écrit à Noël, parle de l’été et des œuvres d’art. Déjà célèbre, il a été "
    "relu, corrigé, réécrit à côté d’un café : « voilà », a-t-elle dit.\r\n\r\n"
    "> L’eﬀet est saisissant\xE2\x80\xAF: les auteur⸱ices y écrivent à deux.\r\n\r\n"
    "```\r\nexemple de code : cafÃ©\r\n```\r\n";
  g_auto(GStrv) lines = NULL;

  write_file (dir, "post.md", broken, -1);
  check = RUN (dir, "check", "post.md");
  g_assert_cmpint (check->status, ==, 1);
  lines = g_strsplit (check->err, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "post.md:1:1: The file starts with “ï»¿”"));
  g_assert_true (g_str_has_prefix (lines[1], "post.md:2:15: Mis-encoded text: “áµ‰” is probably “ᵉ”"));

  fix = RUN (dir, "check", "--fix-encoding", "post.md");
  g_assert_cmpint (fix->status, ==, 0);
  g_assert_cmpstr (fix->out, ==,
                   "post.md: removed a mis-encoded byte-order mark (“ï»¿”)\n"
                   "post.md: repaired 9 mis-encoded characters (“áµ‰” → “ᵉ”…)\n");
  assert_file_is (dir, "post.md", repaired, strlen (repaired));
  get = RUN (dir, "get", "post.md", "title");
  g_assert_cmpstr (get->out, ==, "Le XXIᵉ siècle des lecteur·rices\n");
}

/* Correct text that looks alike is never “repaired”. */
static void
test_check_mojibake_lookalikes (void)
{
  static const char * const posts[] = {
    "---\ntitle: SÃO PAULO\n---\nNÃO, não é isso. «IRMÃ» e «MAÇÃ».\n",
    "---\ntitle: L’été\n---\n« Bonjour », à Noël, œuvre, ça. Quand « é » devient « Ã© »…\n",
    "---\ntitle: Grüße\n---\n```\nprintf (\"naïve © ± °C\");\n```\n",
    "---\ntitle: Ç’a été\n---\nÇ’a été long. Ajoutez 2×½ tasses à 20 °C. « ï»¿ » est l’en-tête "
    "d’un fichier mal décodé ; `cafÃ©` aussi.\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (posts); i++)
    {
      g_autoptr(Workspace) dir = make_workspace ();
      g_autoptr(Run) check = NULL;
      g_autoptr(Run) fix = NULL;
      Snapshot snap = { 0 };

      write_file (dir, "post.md", posts[i], -1);
      snapshot_take (&snap, dir, "post.md");
      check = RUN (dir, "check", "post.md");
      g_assert_cmpint (check->status, ==, 0);
      g_assert_cmpstr (check->err, ==, "");
      fix = RUN (dir, "check", "--fix-encoding", "post.md");
      g_assert_cmpint (fix->status, ==, 0);
      g_assert_cmpstr (fix->out, ==, "");
      g_assert_cmpstr (fix->err, ==, "");
      assert_untouched (&snap, dir, "post.md");
      snapshot_clear (&snap);
    }
}

/* A 2 GB post (sparse: no disk used) costs a stat and a clear message. */
static void
test_huge_file (void)
{
  static const char * const commands[][6] = {
    { "check", "post.md", NULL },
    { "check", "--fix-encoding", "post.md", NULL },
    { "check", ".", NULL },
    { "get", "post.md", "title", NULL },
    { "set", "post.md", "title", "x", NULL },
    { "export", "post.md", "-o", "out.html", NULL },
  };
  g_autoptr(Workspace) dir = make_workspace ();
  g_autofree char *path = g_build_filename (dir, "post.md", NULL);
  struct stat st;
  int fd;

  fd = open (path, O_WRONLY | O_CREAT | O_EXCL, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 2 * 1024 * 1024 * 1024), ==, 0);
  close (fd);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(Run) run = run_argv (dir, commands[i]);

      g_assert_cmpint (run->status, ==, 2);
      g_assert_cmpint (run->cpu_us, <, time_limit_us ());
      g_assert_cmpstr (run->out, ==, "");
      assert_one_line (run->err);
      g_assert_nonnull (strstr (run->err, "post.md"));
      g_assert_nonnull (strstr (run->err, "too large for a post"));
    }
  g_assert_false (file_exists (dir, "out.html"));

  /* Folders skip it with a note, in as little time. */
  {
    g_autoptr(Run) list = RUN (dir, "list", ".");
    g_autoptr(Run) site = RUN (dir, "export", ".", "-o", "site");

    g_assert_cmpint (list->cpu_us, <, time_limit_us ());
    g_assert_nonnull (strstr (list->err, "too large for a post"));
    g_assert_cmpint (site->cpu_us, <, time_limit_us ());
    g_assert_nonnull (strstr (site->err, "too large for a post"));
  }
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, (off_t) 2 * 1024 * 1024 * 1024);
  g_assert_cmpint (st.st_blocks, ==, 0);   /* still sparse: nothing was written */
}

/* 6. hostile inputs: generated, never committed */

typedef struct
{
  const char *name;
  char       *data;
  gsize       len;
  /* expected status per command; -1: 1 or 2 */
  int         check;
  int         get;
  int         set;
  int         export;
  char       *set_result;   /* the file after set title x, when set succeeds */
} Hostile;

static void
hostile_add (GArray     *array,
             const char *name,
             GString    *data,
             int         check,
             int         get,
             int         set,
             int         export,
             const char *set_result)
{
  Hostile h = { name, NULL, data->len, check, get, set, export, g_strdup (set_result) };

  h.data = g_string_free (data, FALSE);
  g_array_append_val (array, h);
}

static GArray *
make_hostile_inputs (void)
{
  GArray *array = g_array_new (FALSE, TRUE, sizeof (Hostile));
  GString *s;

  /* Billion laughs: aliases are never expanded, so this is a valid post. */
  s = g_string_new ("---\ntitle: t\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
  for (char c = 'b'; c <= 'j'; c++)
    {
      g_string_append_printf (s, "%c: &%c [", c, c);
      for (int i = 0; i < 9; i++)
        g_string_append_printf (s, "%s*%c", i ? "," : "", c - 1);
      g_string_append (s, "]\n");
    }
  g_string_append (s, "---\nBody\n");
  {
    g_autofree char *after = expected_after (s->str, "title: t\n", "title: x\n");

    hostile_add (array, "alias-bomb", s, 0, 0, 0, 0, after);
  }

  s = g_string_new ("---\ntitle: ");
  for (int i = 0; i < 100000; i++)
    g_string_append_c (s, '[');
  g_string_append (s, "\n---\nBody\n");
  hostile_add (array, "nested-brackets", s, 1, 1, 1, 1, NULL);

  s = g_string_new ("---\ntitle: ");
  for (int i = 0; i < 100000; i++)
    g_string_append_c (s, '{');
  g_string_append (s, "\n---\nBody\n");
  hostile_add (array, "nested-braces", s, 1, 1, 1, 1, NULL);

  s = g_string_new ("---\ntitle: ");
  for (int i = 0; i < 100000; i++)
    g_string_append (s, "[a, {b: ");
  g_string_append (s, "\n---\nBody\n");
  hostile_add (array, "nested-mixed", s, 1, 1, 1, 1, NULL);

  /* 10 MB of front matter */
  s = g_string_sized_new (10 * 1024 * 1024 + 64);
  g_string_append (s, "---\ntitle: t\n");
  for (guint i = 0; s->len < 10 * 1024 * 1024; i++)
    g_string_append_printf (s, "key%u: some value to make the front matter large\n", i);
  g_string_append (s, "---\nBody\n");
  hostile_add (array, "huge-front-matter", s, 1, 1, 1, 1, NULL);

  /* One 10 MB scalar */
  s = g_string_sized_new (10 * 1024 * 1024 + 64);
  g_string_append (s, "---\ntitle: \"");
  while (s->len < 10 * 1024 * 1024)
    g_string_append (s, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  g_string_append (s, "\"\n---\nBody\n");
  hostile_add (array, "huge-scalar", s, 1, 1, 1, 1, NULL);

  s = g_string_new (NULL);
#define NUL_FM2 "---\ntitle: a\0b\nc: \0\n---\nBody\n"
  g_string_append_len (s, NUL_FM2, sizeof NUL_FM2 - 1);
  hostile_add (array, "nul-in-front-matter", s, 1, 1, 1, 1, NULL);

  s = g_string_new (NULL);
#define PNG_HEAD "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0"
  g_string_append_len (s, PNG_HEAD, sizeof PNG_HEAD - 1);
  for (int i = 0; i < 4096; i++)
    g_string_append_c (s, (char) (i * 7919 % 256));
  hostile_add (array, "png", s, 1, 1, 1, 1, NULL);

  s = g_string_new (NULL);
  hostile_add (array, "empty", s, 0, 1, 0, 0, "---\ntitle: x\n---\n");

  /* “---” without a newline is not a delimiter line: the post is that body. */
  s = g_string_new ("---");
  hostile_add (array, "dashes", s, 0, 1, 0, 0, "---\ntitle: x\n---\n---");

  s = g_string_new ("---\n");
  hostile_add (array, "dashes-newline", s, 1, 1, 1, 1, NULL);

  s = g_string_new ("---\ntitle: t\n");
  for (int i = 0; i < 100; i++)
    {
      for (int j = 0; j < i; j++)
        g_string_append (s, "  ");
      g_string_append_printf (s, "k%d:\n", i);
    }
  for (int j = 0; j < 100; j++)
    g_string_append (s, "  ");
  g_string_append (s, "leaf: x\n---\nBody\n");
  hostile_add (array, "deep-block-maps", s, 1, 1, 1, 1, NULL);

  /* Tables that Debian's cmark-gfm parses out of proportion to their
   * size (see billet-table-limits.c); each took seconds unbounded. A
   * header of 2000 columns over 2000 short rows: 12 s. */
  s = g_string_new ("---\ntitle: t\n---\n|");
  for (int i = 0; i < 2000; i++)
    g_string_append (s, "a|");
  g_string_append (s, "\n|");
  for (int i = 0; i < 2000; i++)
    g_string_append (s, "-|");
  g_string_append_c (s, '\n');
  for (int i = 0; i < 2000; i++)
    g_string_append (s, "x\n");
  {
    g_autofree char *after = expected_after (s->str, "title: t\n", "title: x\n");

    hostile_add (array, "table-padded", s, 0, 0, 0, 0, after);
  }

  /* One row of 30,000 cells: 2 s. */
  s = g_string_new ("---\ntitle: t\n---\n| a | b |\n| - | - |\n");
  for (int i = 0; i < 30000; i++)
    g_string_append_c (s, '|');
  g_string_append_c (s, '\n');
  {
    g_autofree char *after = expected_after (s->str, "title: t\n", "title: x\n");

    hostile_add (array, "table-long-row", s, 0, 0, 0, 0, after);
  }

  /* Delimiter-like lines that match no header, in one paragraph: 20 KB,
   * 2 s. */
  s = g_string_new ("---\ntitle: t\n---\na|b|c\n");
  for (int i = 0; i < 2000; i++)
    g_string_append (s, "-|-\n-|-|-\n");
  {
    g_autofree char *after = expected_after (s->str, "title: t\n", "title: x\n");

    hostile_add (array, "table-header-rescans", s, 0, 0, 0, 0, after);
  }

  /* A long body is fine, and quick. A MiB of it, dense with inline
   * markup, costs the cmark-gfm command itself about 0.5 s of CPU here. */
  s = g_string_new ("---\ntitle: t\n---\n");
  while (s->len < 1024 * 1024)
    g_string_append (s, "> - [a](b) *c* `d` **e** ~~f~~ <g> | h |\n");
  {
    g_autofree char *after = expected_after (s->str, "title: t\n", "title: x\n");

    hostile_add (array, "long-body", s, 0, 0, 0, 0, after);
  }

  return array;
}

static void
hostile_clear (gpointer data)
{
  Hostile *h = data;

  g_free (h->data);
  g_free (h->set_result);
}

static void
assert_hostile_run (const Hostile *h,
                    Run           *run,
                    int            expected,
                    const char    *command)
{
  g_test_message ("%s: %s", h->name, command);
  g_assert_cmpint (run->signal, ==, 0);
  g_assert_cmpint (run->status, >=, 0);
  /* A limit on hostile work, not a benchmark. */
  g_assert_cmpint (run->cpu_us, <, time_limit_us ());
  if (expected == -1)
    g_assert_true (run->status == 1 || run->status == 2);
  else
    g_assert_cmpint (run->status, ==, expected);
  if (run->status != 0)
    {
      guint line, column;

      assert_position (run->err, "post.md", &line, &column);
      g_assert_cmpuint (strlen (run->err), <, 300);
    }
}

static void
test_hostile (void)
{
  g_autoptr(GArray) inputs = make_hostile_inputs ();

  g_array_set_clear_func (inputs, hostile_clear);
  for (guint i = 0; i < inputs->len; i++)
    {
      const Hostile *h = &g_array_index (inputs, Hostile, i);
      g_autoptr(Workspace) dir = make_workspace ();
      g_autoptr(Run) check = NULL;
      g_autoptr(Run) get = NULL;
      g_autoptr(Run) set = NULL;
      g_autoptr(Run) export = NULL;
      Snapshot snap = { 0 };

      g_test_message ("hostile input: %s (%" G_GSIZE_FORMAT " bytes)", h->name, h->len);
      write_file (dir, "post.md", h->data, h->len);
      snapshot_take (&snap, dir, "post.md");

      check = RUN (dir, "check", "post.md");
      assert_hostile_run (h, check, h->check, "check");
      g_assert_cmpstr (check->out, ==, "");
      if (check->status == 0)
        g_assert_cmpstr (check->err, ==, "");

      get = RUN (dir, "get", "post.md", "title");
      assert_hostile_run (h, get, h->get, "get");

      export = RUN (dir, "export", "post.md", "-o", "out.html");
      assert_hostile_run (h, export, h->export, "export");
      g_assert_true (file_exists (dir, "out.html") == (export->status == 0));
      assert_untouched (&snap, dir, "post.md");

      set = RUN (dir, "set", "post.md", "title", "x");
      assert_hostile_run (h, set, h->set, "set");
      if (set->status != 0)
        assert_untouched (&snap, dir, "post.md");
      else
        {
          g_assert_nonnull (h->set_result);
          assert_file_is (dir, "post.md", h->set_result, strlen (h->set_result));
        }
      snapshot_clear (&snap);
    }
}

/* 7. messages are translatable: English without a language */

static void
test_messages_english (void)
{
  g_autoptr(Workspace) dir = make_workspace ();
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) usage = NULL;

  write_file (dir, "post.md", "---\ntitle: t\n---\n", -1);
  run = run_in_locale (dir, LOCALE_PLAIN_C,
                       (const char * const []) { "get", "post.md", "subtitle", NULL });
  g_assert_cmpint (run->status, ==, 1);
  assert_one_line (run->err);
  g_assert_true (g_str_has_prefix (run->err, "post.md:2:1: There is no key "));
  g_assert_nonnull (strstr (run->err, "subtitle"));

  usage = run_in_locale (dir, LOCALE_PLAIN_C,
                         (const char * const []) { "set", "post.md", "title", NULL });
  g_assert_cmpint (usage->status, ==, 2);
  assert_one_line (usage->err);
  g_assert_nonnull (strstr (usage->err, "set takes a post, a key and a value"));
}

/* 8. odd files and arguments */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names in dir, sorted, comma-separated. */
static char *
listing (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (",", (char **) names->pdata);
}

/* A named pipe (or a socket, a device) is no post: every command says so
 * in one line, exits 2 and waits for no writer. */
static void
test_not_regular_file (void)
{
  static const char * const commands[][6] = {
    { "get", "fifo.md", "title", NULL },
    { "set", "fifo.md", "title", "x", NULL },
    { "export", "fifo.md", "-o", "-", NULL },
    { "export", "fifo.md", NULL },
    { "check", "fifo.md", NULL },
    { "check", "--fix-encoding", "fifo.md", NULL },
    { "list", "fifo.md", NULL },
    { "get", "/dev/null", "title", NULL },
    { "check", "sock.md", NULL },
  };
  g_autoptr(Workspace) dir = make_workspace ();
  g_autofree char *fifo = g_build_filename (dir, "fifo.md", NULL);
  g_autofree char *sock = g_build_filename (dir, "sock.md", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  struct sockaddr_un address = { AF_UNIX };
  int fd;

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  fd = socket (AF_UNIX, SOCK_STREAM, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpuint (strlen (sock), <, sizeof address.sun_path);
  strcpy (address.sun_path, sock);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &address, sizeof address), ==, 0);
  before = listing (dir);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(Run) run = run_argv (dir, commands[i]);

      g_assert_cmpint (run->status, ==, 2);
      g_assert_cmpstr (run->out, ==, "");
      assert_one_line (run->err);
      if (g_str_equal (commands[i][0], "list"))
        g_assert_nonnull (strstr (run->err, "is not a folder"));
      else if (strstr (run->err, "/dev/null") != NULL)
        g_assert_nonnull (strstr (run->err, "is a device, not a regular file"));
      else if (strstr (run->err, "sock.md") != NULL)
        g_assert_nonnull (strstr (run->err, "is a socket, not a regular file"));
      else
        g_assert_nonnull (strstr (run->err, "“fifo.md” is a named pipe (FIFO), not a regular file"));
    }

  /* In a folder, the pipe is reported too, among the posts. */
  {
    g_autoptr(Run) folder = NULL;

    write_file (dir, "good.md", "---\ntitle: ok\n---\n", -1);
    g_free (before);
    before = listing (dir);
    folder = RUN (dir, "check", ".");
    g_assert_cmpint (folder->status, ==, 2);
    g_assert_nonnull (strstr (folder->err, "fifo.md"));
    g_assert_nonnull (strstr (folder->err, "named pipe"));
  }
  after = listing (dir);
  g_assert_cmpstr (after, ==, before);   /* no page, no temporary file */
  close (fd);
}

/* A key or a value that starts with “-”: the error says to put “--” before
 * it, with the command to type, and nothing is written. */
static void
test_dash_hint (void)
{
  static const struct { const char *args[6]; const char *has; } cases[] = {
    { { "set", "post.md", "title", "-x", NULL }, "billet set post.md title -- -x" },
    { { "set", "post.md", "-x", "y", NULL }, "billet set post.md -- -x y" },
    { { "set", "post.md", "title", "-x", "--type", "string" }, "billet set --type string post.md title -- -x" },
    { { "get", "post.md", "-title", NULL }, "billet get post.md -- -title" },
    { { "check", "-post.md", NULL }, "billet check -- -post.md" },
    { { "export", "-o", "-", "-post.md", NULL }, "billet export -o - -- -post.md" },
  };
  g_autoptr(Workspace) dir = make_workspace ();
  Snapshot snap = { 0 };

  write_file (dir, "post.md", "---\ntitle: t\n---\n", -1);
  write_file (dir, "-post.md", "---\ntitle: dash\n---\n", -1);
  snapshot_take (&snap, dir, "post.md");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Run) run = run_argv (dir, cases[i].args);

      g_assert_cmpint (run->status, ==, 2);
      assert_one_line (run->err);
      g_assert_nonnull (strstr (run->err, "starts with “-” goes after “--”"));
      g_assert_nonnull (strstr (run->err, cases[i].has));
    }
  assert_untouched (&snap, dir, "post.md");
  snapshot_clear (&snap);

  /* …and the commands it suggests work. */
  {
    g_autoptr(Run) set = RUN (dir, "set", "post.md", "title", "--", "-x");
    g_autoptr(Run) get = RUN (dir, "get", "post.md", "--", "title");
    g_autoptr(Run) check = RUN (dir, "check", "--", "-post.md");

    g_assert_cmpint (set->status, ==, 0);
    g_assert_cmpstr (get->out, ==, "-x\n");
    g_assert_cmpint (check->status, ==, 0);
  }
}

/* “export POST -o OUT”: an OUT that cannot be a file fails before anything
 * is made — no page, no empty folder, no temporary file. */
static void
test_export_output_checked (void)
{
  static const struct { const char *output; const char *has; } cases[] = {
    { "out.html/", "ends with “/”" },
    { "missing/out.html", "does not exist" },
    { "post.md/out.html", "is not a folder" },
    { "folder", "is a folder" },
    { "fifo.html", "not a regular file" },
    { "", "empty" },
  };
  g_autoptr(Workspace) dir = make_workspace ();
  g_autofree char *fifo = g_build_filename (dir, "fifo.html", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder", NULL);
  g_autofree char *before = NULL;

  write_file (dir, "post.md", "---\ntitle: t\n---\nBody\n", -1);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  before = listing (dir);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Run) run = RUN (dir, "export", "post.md", "-o", cases[i].output);
      g_autofree char *after = listing (dir);
      g_autofree char *inside = listing (folder);

      g_assert_cmpint (run->status, ==, 2);
      assert_one_line (run->err);
      g_assert_nonnull (strstr (run->err, cases[i].has));
      g_assert_cmpstr (after, ==, before);
      g_assert_cmpstr (inside, ==, "");
    }
}

/* File names and values with line breaks or control characters are
 * escaped: every message stays one line. */
static void
test_control_characters (void)
{
  g_autoptr(Workspace) dir = make_workspace ();
  g_autoptr(Run) missing = NULL;
  g_autoptr(Run) key = NULL;
  g_autoptr(Run) invalid = NULL;
  g_autoptr(Run) value = NULL;
  g_autoptr(Run) folder = NULL;
  g_auto(GStrv) lines = NULL;

  write_file (dir, "two\nlines.md", "---\ntitle: t\n---\n", -1);
  write_file (dir, "site/bad\n.md", "---\ntitle: [\n---\n", -1);
  write_file (dir, "site/esc\033[31m.md", "---\ntitle: [\n---\n", -1);

  missing = RUN (dir, "get", "gone\n.md", "title");
  g_assert_cmpint (missing->status, ==, 2);
  assert_one_line (missing->err);
  g_assert_true (g_str_has_prefix (missing->err, "gone\\n.md: "));

  key = RUN (dir, "get", "two\nlines.md", "sub\ntitle");
  g_assert_cmpint (key->status, ==, 1);
  assert_at (key->err, "two\\nlines.md", 2, 1);
  g_assert_nonnull (strstr (key->err, "“sub\\ntitle”"));

  value = RUN (dir, "set", "two\nlines.md", "title", "x", "--type", "bad\ntype");
  g_assert_cmpint (value->status, ==, 2);
  assert_one_line (value->err);

  invalid = RUN (dir, "export", "two\nlines.md", "-o", "no\nwhere/x.html");
  g_assert_cmpint (invalid->status, ==, 2);
  assert_one_line (invalid->err);
  g_assert_nonnull (strstr (invalid->err, "no\\nwhere"));

  folder = RUN (dir, "check", "site");
  g_assert_cmpint (folder->status, ==, 1);
  lines = g_strsplit (folder->err, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "site/bad\\n.md:3:1: Invalid YAML"));
  g_assert_true (g_str_has_prefix (lines[1], "site/esc\\x1B[31m.md:3:1: Invalid YAML"));
  g_assert_null (strchr (folder->err, '\033'));
}

/* 9. interrupted saves */

/* Runs billet, which the kernel kills when a file it writes grows past
 * @limit bytes: a save killed at a known point. */
static Run *
run_killed_at (const char         *dir,
               rlim_t              limit,
               const char * const *args)
{
  Run *run;

  child_size_limit = limit;
  run = run_argv (dir, args);
  child_size_limit = RLIM_INFINITY;
  g_assert_cmpint (run->signal, ==, SIGXFSZ);
  return run;
}

static GString *
long_post (gsize size)
{
  GString *s = g_string_new ("---\ntitle: Old title\ndraft: false\n---\n");

  while (s->len < size)
    g_string_append (s, "A line of the body, long enough to count, l’été à Paris.\n");
  return s;
}

/* `set` killed while it rewrote a hard-linked post in place left it
 * half-written. check reports it and changes nothing; the next command puts
 * the old text back, says so in one line, and leaves nothing behind. */
static void
test_killed_set_in_place (void)
{
  g_autoptr(Workspace) dir = make_workspace ();
  g_autoptr(GString) old = long_post (200 * 1024);
  g_autoptr(GString) title = g_string_new (NULL);
  g_autofree char *post = g_build_filename (dir, "post.md", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy.md", NULL);
  g_autoptr(Run) killed = NULL;
  g_autoptr(Run) check = NULL;
  g_autoptr(Run) again = NULL;
  g_autoptr(Run) get = NULL;
  g_autoptr(GBytes) mixed = NULL;
  g_autofree char *names = NULL;
  struct stat a, b;

  write_file (dir, "post.md", old->str, (gssize) old->len);
  g_assert_cmpint (link (post, copy), ==, 0);
  /* A new title 4 KiB long: the new text outgrows the backup (old text and
   * a header), so the limit falls in the middle of the post's rewrite. */
  while (title->len < 4096)
    g_string_append (title, "A much longer title, ");
  g_string_append (title, "the end");
  killed = run_killed_at (dir, old->len + 2048,
                          (const char * const []) { "set", "post.md", "title", title->str, NULL });

  mixed = read_file (dir, "post.md");
  g_assert_cmpuint (g_bytes_get_size (mixed), ==, old->len + 2048);
  g_assert_cmpint (memcmp (g_bytes_get_data (mixed, NULL), "---\ntitle: A much longer", 24), ==, 0);
  names = listing (dir);
  g_assert_true (g_str_has_prefix (names, ".post.md.billet-backup-"));

  /* check says so, where, and leaves it all as it is. */
  check = RUN (dir, "check", ".");
  g_assert_cmpint (check->status, ==, 1);
  g_assert_true (g_str_has_prefix (check->err, "./.post.md.billet-backup-"));
  g_assert_nonnull (strstr (check->err, ":1:1: An interrupted save left “post.md” half-written"));
  {
    g_autoptr(GBytes) still = read_file (dir, "post.md");
    g_autofree char *still_names = listing (dir);

    g_assert_true (g_bytes_equal (still, mixed));
    g_assert_cmpstr (still_names, ==, names);
  }

  /* The next command puts it back. */
  get = RUN (dir, "get", "copy.md", "title");
  g_assert_cmpint (get->status, ==, 0);
  g_assert_cmpstr (get->out, ==, "Old title\n");
  assert_one_line (get->err);
  g_assert_true (g_str_has_prefix (get->err, "copy.md: An interrupted save had left "));
  g_assert_nonnull (strstr (get->err, "half-written: Billet put its previous text back"));
  assert_file_is (dir, "post.md", old->str, old->len);
  g_free (names);
  names = listing (dir);
  g_assert_cmpstr (names, ==, "copy.md,post.md");
  g_assert_cmpint (stat (post, &a), ==, 0);
  g_assert_cmpint (stat (copy, &b), ==, 0);
  g_assert_cmpuint (a.st_ino, ==, b.st_ino);

  again = RUN (dir, "check", ".");
  g_assert_cmpint (again->status, ==, 0);
  g_assert_cmpstr (again->err, ==, "");
}

/* Temporary files of killed saves: check names them (not a live writer's,
 * nor other files), the next save or open of their post removes them. */
static void
test_killed_set_leftovers (void)
{
  g_autoptr(Workspace) dir = make_workspace ();
  g_autoptr(GString) old = long_post (200 * 1024);
  g_autoptr(Run) killed = NULL;
  g_autoptr(Run) check = NULL;
  g_autoptr(Run) set = NULL;
  g_autoptr(Run) clean = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *names = NULL;
  g_autofree char *legacy = g_build_filename (dir, ".post.md.Q1w2E3", NULL);
  struct timeval two_hours_ago[2] = { { time (NULL) - 7200, 0 }, { time (NULL) - 7200, 0 } };

  /* A killed save of a post with one name leaves it whole. */
  write_file (dir, "post.md", old->str, (gssize) old->len);
  killed = run_killed_at (dir, 100 * 1024,
                          (const char * const []) { "set", "post.md", "title", "New", NULL });
  assert_file_is (dir, "post.md", old->str, old->len);

  /* What killed saves leave where the system has no O_TMPFILE, and what
   * Billet left before it locked its temporary files. */
  write_file (dir, ".post.md.billet-tmp-Ab12Cd", old->str, 100 * 1024);
  write_file (dir, ".post.md.Q1w2E3", old->str, 50 * 1024);
  g_assert_cmpint (utimes (legacy, two_hours_ago), ==, 0);
  write_file (dir, ".gone.md.billet-tmp-Zz98Yy", "x", 1);
  write_file (dir, ".post.md.notes", "mine", -1);

  check = RUN (dir, "check", ".");
  g_assert_cmpint (check->status, ==, 1);
  lines = g_strsplit (check->err, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[0], "./.gone.md.billet-tmp-Zz98Yy:1:1: A temporary file "));
  g_assert_nonnull (strstr (lines[0], "“gone.md”, which is no longer there; delete it"));
  g_assert_true (g_str_has_prefix (lines[1], "./.post.md.Q1w2E3:1:1: A temporary file (51.2\xC2\xA0kB) "));
  g_assert_true (g_str_has_prefix (lines[2], "./.post.md.billet-tmp-Ab12Cd:1:1: A temporary file (102.4\xC2\xA0kB) "
                                             "left by an interrupted save of “post.md”; Billet removes it"));

  /* check on the post alone: its own only. */
  {
    g_autoptr(Run) one = RUN (dir, "check", "post.md");

    g_assert_cmpint (one->status, ==, 1);
    g_assert_null (strstr (one->err, "gone.md"));
    g_assert_nonnull (strstr (one->err, ".post.md.billet-tmp-Ab12Cd"));
  }

  set = RUN (dir, "set", "post.md", "title", "New");
  g_assert_cmpint (set->status, ==, 0);
  g_assert_cmpstr (set->err, ==, "");
  names = listing (dir);
  g_assert_cmpstr (names, ==, ".gone.md.billet-tmp-Zz98Yy,.post.md.notes,post.md");

  clean = RUN (dir, "check", "post.md");
  g_assert_cmpint (clean->status, ==, 0);
}

/* Usage errors of every command are one line and exit 2. */
static void
test_usage (void)
{
  static const char * const cases[][5] = {
    { "export", NULL },
    { "export", "a.md", "b.md", NULL },
    { "export", "--bogus", "a.md", NULL },
    { "get", NULL },
    { "get", "a.md", "k", "extra", NULL },
    { "set", "a.md", NULL },
    { "set", "--type", NULL },
    { "check", NULL },
  };
  g_autoptr(Workspace) dir = make_workspace ();

  write_file (dir, "a.md", "---\ntitle: t\n---\n", -1);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Run) run = run_argv (dir, cases[i]);

      g_assert_cmpint (run->status, ==, 2);
      g_assert_cmpstr (run->out, ==, "");
      assert_one_line (run->err);
    }
  {
    g_autoptr(Run) help = RUN (dir, "set", "--help");

    g_assert_cmpint (help->status, ==, 0);
    g_assert_nonnull (strstr (help->out, "billet set [OPTION…] POST KEY VALUE…"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (set_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/billet/cli/set/", set_cases[i].name, NULL);

      g_test_add_data_func (path, &set_cases[i], test_set);
    }
  g_test_add_func ("/billet/cli/set-then-get", test_set_then_get);
  for (guint i = 0; i < G_N_ELEMENTS (refusal_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/billet/cli/set-refusal/", refusal_cases[i].name, NULL);

      g_test_add_data_func (path, &refusal_cases[i], test_set_refusal);
    }
  for (guint i = 0; i < G_N_ELEMENTS (get_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/billet/cli/get/", get_cases[i].name, NULL);

      g_test_add_data_func (path, &get_cases[i], test_get);
    }
  g_test_add_func ("/billet/cli/get-usage", test_get_usage);
  g_test_add_func ("/billet/cli/export/stdout", test_export_stdout);
  g_test_add_func ("/billet/cli/export/lang", test_export_lang);
  g_test_add_func ("/billet/cli/export/page-language", test_export_page_language);
  g_test_add_func ("/billet/cli/export/toml", test_export_toml);
  g_test_add_func ("/billet/cli/export/default-output", test_export_default_output);
  g_test_add_func ("/billet/cli/export/failures", test_export_failures);
  g_test_add_func ("/billet/cli/export/bounded-table", test_export_bounded_table);
  g_test_add_func ("/billet/cli/export/not-over-post", test_export_not_over_post);
  g_test_add_func ("/billet/cli/check/folder", test_check_folder);
  g_test_add_func ("/billet/cli/check/good", test_check_good);
  g_test_add_func ("/billet/cli/check/encoding", test_check_encoding);
  g_test_add_func ("/billet/cli/check/fix-encoding", test_check_fix_encoding);
  g_test_add_func ("/billet/cli/check/typography", test_check_typography);
  g_test_add_func ("/billet/cli/check/binary", test_check_binary);
  g_test_add_func ("/billet/cli/check/utf16", test_check_utf16);
  g_test_add_func ("/billet/cli/check/unreadable", test_check_unreadable);
  g_test_add_func ("/billet/cli/check/legacy", test_check_legacy);
  g_test_add_func ("/billet/cli/check/stray-bytes", test_check_stray_bytes);
  g_test_add_func ("/billet/cli/check/mojibake", test_check_mojibake);
  g_test_add_func ("/billet/cli/check/mojibake-french", test_check_mojibake_french);
  g_test_add_func ("/billet/cli/check/mojibake-mixed", test_check_mojibake_mixed);
  g_test_add_func ("/billet/cli/check/mojibake-lookalikes", test_check_mojibake_lookalikes);
  g_test_add_func ("/billet/cli/huge-file", test_huge_file);
  g_test_add_func ("/billet/cli/hostile", test_hostile);
  g_test_add_func ("/billet/cli/messages-english", test_messages_english);
  g_test_add_func ("/billet/cli/usage", test_usage);
  g_test_add_func ("/billet/cli/odd/not-regular-file", test_not_regular_file);
  g_test_add_func ("/billet/cli/odd/dash-hint", test_dash_hint);
  g_test_add_func ("/billet/cli/odd/export-output-checked", test_export_output_checked);
  g_test_add_func ("/billet/cli/odd/control-characters", test_control_characters);
  g_test_add_func ("/billet/cli/killed/set-in-place", test_killed_set_in_place);
  g_test_add_func ("/billet/cli/killed/set-leftovers", test_killed_set_leftovers);

  return g_test_run ();
}
