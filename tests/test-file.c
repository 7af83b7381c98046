/* test-file.c — the safe writer and the bounded reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every failure case checks the original's bytes after the failed save and
 * the folder's listing for leftovers. The cases that need a real full or
 * read-only disk mount a small tmpfs, which takes root; without it they
 * skip with a message. Permission cases run as “nobody” in a forked child
 * when the tests run as root, since permissions do not stop root.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "billet-test-utils.h"
#include "billet-file.h"
#include "billet-post.h"

#define NOBODY 65534

typedef struct
{
  char *dir;
  char *mount;   /* a tmpfs mounted under dir, if any */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("billet-file-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->mount != NULL)
    {
      g_assert_cmpint (umount2 (f->mount, MNT_DETACH), ==, 0);
      g_free (f->mount);
    }
  billet_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Mounts a tmpfs at dir/name; FALSE (after g_test_skip) when not root or
 * when the system refuses. */
static gboolean
mount_tmpfs (Fixture    *f,
             const char *name,
             const char *options)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
  if (geteuid () != 0)
    {
      g_test_skip ("needs root to mount a small tmpfs (run the tests as root to include it)");
      return FALSE;
    }
  if (mount ("tmpfs", path, "tmpfs", 0, options) != 0)
    {
      g_autofree char *message = g_strdup_printf ("could not mount a tmpfs (%s): %s",
                                                  options, g_strerror (errno));

      g_test_skip (message);
      return FALSE;
    }
  f->mount = g_steal_pointer (&path);
  return TRUE;
}

static char *
path_in (const char *dir,
         const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static void
write_file (const char *path,
            const char *data,
            gssize      len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

static void
assert_contents (const char *path,
                 const char *data,
                 gsize       len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize contents_len = 0;

  g_file_get_contents (path, &contents, &contents_len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, contents_len, data, len);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names in dir, sorted, comma-separated: what a failure must leave. */
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

static void
assert_listing (const char *dir,
                const char *expected)
{
  g_autofree char *names = listing (dir);

  g_assert_cmpstr (names, ==, expected);
}

static GString *
make_text (gsize size,
           char  fill)
{
  GString *s = g_string_sized_new (size);

  g_string_append (s, "---\ntitle: t\n---\n");
  while (s->len < size)
    g_string_append_c (s, s->len % 64 == 63 ? '\n' : fill);
  return s;
}

/* Fills a disk to the brim, then frees @room bytes (whole pages). */
static void
fill_disk (const char *dir,
           gsize       room)
{
  g_autofree char *filler = path_in (dir, "filler");
  g_autofree char *chunk = g_malloc0 (4096);
  off_t size = 0;
  int fd = open (filler, O_WRONLY | O_CREAT | O_EXCL, 0644);

  g_assert_cmpint (fd, >=, 0);
  for (;;)
    {
      ssize_t n = write (fd, chunk, 4096);

      if (n < 0)
        {
          g_assert_cmpint (errno, ==, ENOSPC);
          break;
        }
      size += n;
    }
  g_assert_cmpint (ftruncate (fd, size > (off_t) room ? size - (off_t) room : 0), ==, 0);
  g_assert_cmpint (close (fd), ==, 0);
}

/* Runs func (data) in a child as “nobody” when root (as themselves
 * otherwise) and asserts that it returned TRUE. */
static void
run_unprivileged (gboolean (*func) (gpointer),
                  gpointer   data)
{
  pid_t pid;
  int status = 0;

  if (geteuid () != 0)
    {
      g_assert_true (func (data));
      return;
    }
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      if (setgroups (0, NULL) != 0 || setgid (NOBODY) != 0 || setuid (NOBODY) != 0)
        _exit (3);
      _exit (func (data) ? 0 : 1);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

/* Success */

static void
test_new_file (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = path_in (f->dir, "new.md");
  g_autoptr(GError) error = NULL;
  mode_t mask = umask (022);
  struct stat st;

  umask (mask);
  g_assert_true (billet_file_write_safely (path, "hello\n", 6, BILLET_WRITE_NONE, &error));
  g_assert_no_error (error);
  assert_contents (path, "hello\n", 6);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0666 & ~mask);
  assert_listing (f->dir, "new.md");

  /* An empty file where there was none is no loss. */
  {
    g_autofree char *empty = path_in (f->dir, "empty.md");

    g_assert_true (billet_file_write_safely (empty, "", 0, BILLET_WRITE_NONE, &error));
    g_assert_no_error (error);
    assert_contents (empty, "", 0);
    /* …nor over an empty one. */
    g_assert_true (billet_file_write_safely (empty, "", 0, BILLET_WRITE_NONE, &error));
    g_assert_no_error (error);
  }
}

static void
test_keeps_attributes (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = path_in (f->dir, "post.md");
  g_autoptr(GError) error = NULL;
  gboolean has_xattr = TRUE;
  struct stat before, after;
  gid_t group = (gid_t) -1;
  uid_t owner = (uid_t) -1;
  char value[16] = { 0 };

  write_file (path, "old\n", -1);
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);

  /* A group (and as root an owner) other than the defaults. */
  if (geteuid () == 0)
    {
      owner = 1234;
      group = 5678;
    }
  else
    {
      gid_t groups[64];
      int n = getgroups (G_N_ELEMENTS (groups), groups);

      for (int i = 0; i < n; i++)
        if (groups[i] != getegid ())
          group = groups[i];
    }
  if (owner != (uid_t) -1 || group != (gid_t) -1)
    g_assert_cmpint (chown (path, owner, group), ==, 0);
  else
    g_test_message ("no second group to give the post: its group is not checked");

  if (setxattr (path, "user.billet", "kept", 4, 0) != 0)
    {
      g_test_message ("no user extended attributes here (%s): not checked", g_strerror (errno));
      has_xattr = FALSE;
    }

  g_assert_cmpint (g_stat (path, &before), ==, 0);
  g_assert_true (billet_file_write_safely (path, "new bytes\n", 10, BILLET_WRITE_NONE, &error));
  g_assert_no_error (error);
  assert_contents (path, "new bytes\n", 10);
  assert_listing (f->dir, "post.md");

  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpuint (after.st_ino, !=, before.st_ino);   /* replaced, not rewritten */
  g_assert_cmpint (after.st_mode & 07777, ==, 0640);
  g_assert_cmpuint (after.st_uid, ==, before.st_uid);
  g_assert_cmpuint (after.st_gid, ==, before.st_gid);
  if (has_xattr)
    {
      g_assert_cmpint (getxattr (path, "user.billet", value, sizeof value), ==, 4);
      g_assert_cmpstr (value, ==, "kept");
    }
}

static void
test_symlink (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *sub = path_in (f->dir, "real");
  g_autofree char *real = path_in (sub, "post.md");
  g_autofree char *link = path_in (f->dir, "link.md");
  g_autofree char *chain = path_in (f->dir, "chain.md");
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  write_file (real, "old\n", -1);
  g_assert_cmpint (symlink ("real/post.md", link), ==, 0);   /* relative */
  g_assert_cmpint (symlink (link, chain), ==, 0);            /* absolute, to a link */

  g_assert_true (billet_file_write_safely (chain, "new\n", 4, BILLET_WRITE_NONE, &error));
  g_assert_no_error (error);
  assert_contents (real, "new\n", 4);
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_test (chain, G_FILE_TEST_IS_SYMLINK));
  target = g_file_read_link (link, &error);
  g_assert_cmpstr (target, ==, "real/post.md");
  assert_listing (f->dir, "chain.md,link.md,real");
  assert_listing (sub, "post.md");

  /* Through billet_post_save_to_path(), as the editor and `set` save. */
  {
    g_autoptr(BilletPost) post = billet_post_new_for_path (link, &error);

    g_assert_no_error (error);
    billet_post_set_body (post, "via the post\n", -1);
    g_assert_true (billet_post_save_to_path (post, link, &error));
    g_assert_no_error (error);
    assert_contents (real, "via the post\n", 13);
    g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  }

  /* A link to nowhere: the file is created where it points. */
  {
    g_autofree char *dangling = path_in (f->dir, "dangling.md");
    g_autofree char *created = path_in (sub, "created.md");

    g_assert_cmpint (symlink ("real/created.md", dangling), ==, 0);
    g_assert_true (billet_file_write_safely (dangling, "x", 1, BILLET_WRITE_NONE, &error));
    g_assert_no_error (error);
    assert_contents (created, "x", 1);
    g_assert_true (g_file_test (dangling, G_FILE_TEST_IS_SYMLINK));
  }
}

static void
test_symlink_loop (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *a = path_in (f->dir, "a.md");
  g_autofree char *b = path_in (f->dir, "b.md");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (symlink ("b.md", a), ==, 0);
  g_assert_cmpint (symlink ("a.md", b), ==, 0);
  g_assert_false (billet_file_write_safely (a, "x", 1, BILLET_WRITE_NONE, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_LOOP);
  g_assert_nonnull (strstr (error->message, "a.md"));
  assert_listing (f->dir, "a.md,b.md");
}

static void
test_hard_link (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *a = path_in (f->dir, "a.md");
  g_autofree char *b = path_in (f->dir, "b.md");
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) longer = make_text (100000, 'n');
  struct stat before, after;

  write_file (a, "the old text, longer than the new\n", -1);
  g_assert_cmpint (link (a, b), ==, 0);
  g_assert_cmpint (g_stat (a, &before), ==, 0);

  /* Shorter, then longer: both names see each, the link is kept. */
  g_assert_true (billet_file_write_safely (a, "new\n", 4, BILLET_WRITE_NONE, &error));
  g_assert_no_error (error);
  assert_contents (a, "new\n", 4);
  assert_contents (b, "new\n", 4);

  g_assert_true (billet_file_write_safely (b, longer->str, longer->len, BILLET_WRITE_NONE, &error));
  g_assert_no_error (error);
  assert_contents (a, longer->str, longer->len);

  g_assert_cmpint (g_stat (a, &after), ==, 0);
  g_assert_cmpuint (after.st_ino, ==, before.st_ino);
  g_assert_cmpuint (after.st_nlink, ==, 2);
  g_assert_cmpint (after.st_mode, ==, before.st_mode);
  assert_listing (f->dir, "a.md,b.md");   /* no backup left behind */
}

static void
test_empty_over_non_empty (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = path_in (f->dir, "post.md");
  g_autoptr(GError) error = NULL;

  write_file (path, "---\ntitle: keep me\n---\n", -1);
  g_assert_false (billet_file_write_safely (path, "", 0, BILLET_WRITE_NONE, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_assert_nonnull (strstr (error->message, "empty"));
  g_assert_nonnull (strstr (error->message, path));
  assert_contents (path, "---\ntitle: keep me\n---\n", 23);
  assert_listing (f->dir, "post.md");
  g_clear_error (&error);

  /* An empty post saved without flags is refused the same way. */
  {
    g_autoptr(BilletPost) post = billet_post_new_from_data ("", 0);

    g_assert_false (billet_post_save_to_path (post, path, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
    g_clear_error (&error);
    assert_contents (path, "---\ntitle: keep me\n---\n", 23);
  }

  /* The author emptied it. */
  g_assert_true (billet_file_write_safely (path, "", 0, BILLET_WRITE_ALLOW_EMPTY, &error));
  g_assert_no_error (error);
  assert_contents (path, "", 0);
  assert_listing (f->dir, "post.md");
}

static void
test_not_a_file (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *folder = path_in (f->dir, "folder.md");
  g_autofree char *fifo = path_in (f->dir, "fifo.md");
  g_autofree char *missing = path_in (f->dir, "missing/post.md");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_false (billet_file_write_safely (folder, "x", 1, BILLET_WRITE_NONE, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_clear_error (&error);

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_assert_false (billet_file_write_safely (fifo, "x", 1, BILLET_WRITE_NONE, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_clear_error (&error);

  g_assert_false (billet_file_write_safely (missing, "x", 1, BILLET_WRITE_NONE, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "missing"));
  assert_listing (f->dir, "fifo.md,folder.md");
}

/* Failures */

typedef struct
{
  const char *dir;
  const char *path;
  const char *original;
} Locked;

static gboolean
try_locked_folder (gpointer data)
{
  const Locked *l = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (l->path);
  g_autofree char *names = NULL;
  g_autofree char *contents = NULL;

  if (billet_file_write_safely (l->path, "new\n", 4, BILLET_WRITE_NONE, &error))
    return FALSE;
  g_test_message ("%s", error->message);
  names = listing (folder);
  g_file_get_contents (l->path, &contents, NULL, NULL);
  return g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ACCES) &&
         strstr (error->message, "Permission denied") != NULL &&
         strstr (error->message, folder) != NULL &&
         g_strcmp0 (names, "post.md") == 0 &&
         g_strcmp0 (contents, l->original) == 0;
}

static gboolean
try_locked_file (gpointer data)
{
  const Locked *l = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  if (billet_file_write_safely (l->path, "new\n", 4, BILLET_WRITE_NONE, &error))
    return FALSE;
  g_file_get_contents (l->path, &contents, NULL, NULL);
  return g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ACCES) &&
         strstr (error->message, l->path) != NULL &&
         g_strcmp0 (contents, l->original) == 0;
}

/* A folder the author may not write in (chmod 0555), and a post made
 * read-only (chmod 0444): as “nobody” when the tests run as root. */
static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *folder = path_in (f->dir, "locked");
  g_autofree char *path = path_in (folder, "post.md");
  Locked locked = { f->dir, path, "---\ntitle: old\n---\n" };

  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  write_file (path, locked.original, -1);
  g_assert_cmpint (g_chmod (path, 0666), ==, 0);
  g_assert_cmpint (g_chmod (folder, 0555), ==, 0);
  run_unprivileged (try_locked_folder, &locked);
  assert_contents (path, locked.original, strlen (locked.original));
  assert_listing (folder, "post.md");

  g_assert_cmpint (g_chmod (folder, 0777), ==, 0);
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  run_unprivileged (try_locked_file, &locked);
  assert_contents (path, locked.original, strlen (locked.original));
  assert_listing (folder, "post.md");
}

/* A read-only disk: a tmpfs remounted read-only, which stops root too. */
static void
test_read_only_disk (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  const char *original = "---\ntitle: old\n---\nBody\n";

  if (!mount_tmpfs (f, "disk", "size=1m,mode=0755"))
    return;
  path = path_in (f->mount, "post.md");
  write_file (path, original, -1);
  g_assert_cmpint (mount (NULL, f->mount, NULL, MS_REMOUNT | MS_RDONLY, "size=1m"), ==, 0);

  g_assert_false (billet_file_write_safely (path, "new\n", 4, BILLET_WRITE_NONE, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ROFS);
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_assert_nonnull (strstr (error->message, path));
  assert_contents (path, original, strlen (original));
  assert_listing (f->mount, "post.md");
}

/* A disk filled to the brim: the bigger version does not fit. */
static void
test_full_disk (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GString) original = make_text (100 * 1024, 'o');
  g_autoptr(GString) bigger = make_text (300 * 1024, 'b');
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (!mount_tmpfs (f, "disk", "size=1m,mode=0755"))
    return;
  path = path_in (f->mount, "post.md");
  write_file (path, original->str, original->len);
  fill_disk (f->mount, 0);

  g_assert_false (billet_file_write_safely (path, bigger->str, bigger->len, BILLET_WRITE_NONE, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
  g_assert_nonnull (strstr (error->message, "No space left on the disk holding"));
  g_assert_nonnull (strstr (error->message, path));
  assert_contents (path, original->str, original->len);
  assert_listing (f->mount, "filler,post.md");
  g_clear_error (&error);

  /* Through the post, as `billet set` and the editor save. */
  {
    g_autoptr(BilletPost) post = billet_post_new_for_path (path, &error);

    g_assert_no_error (error);
    billet_post_set_body (post, bigger->str, bigger->len);
    g_assert_false (billet_post_save_to_path (post, path, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
    assert_contents (path, original->str, original->len);
    assert_listing (f->mount, "filler,post.md");
  }
}

/* A hard-linked post on a full disk: no room for the backup copy. */
static void
test_full_disk_hard_link (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GString) original = make_text (100 * 1024, 'o');
  g_autoptr(GString) bigger = make_text (300 * 1024, 'b');
  g_autofree char *path = NULL;
  g_autofree char *other = NULL;
  g_autoptr(GError) error = NULL;

  if (!mount_tmpfs (f, "disk", "size=1m,mode=0755"))
    return;
  path = path_in (f->mount, "post.md");
  other = path_in (f->mount, "other.md");
  write_file (path, original->str, original->len);
  g_assert_cmpint (link (path, other), ==, 0);

  /* 1. Not even room for the backup. */
  fill_disk (f->mount, 0);
  g_assert_false (billet_file_write_safely (path, bigger->str, bigger->len, BILLET_WRITE_NONE, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
  assert_contents (path, original->str, original->len);
  assert_contents (other, original->str, original->len);
  assert_listing (f->mount, "filler,other.md,post.md");
  g_clear_error (&error);

  /* 2. Room for the backup, not for the bigger text. */
  {
    g_autofree char *filler = path_in (f->mount, "filler");

    g_assert_cmpint (g_unlink (filler), ==, 0);
  }
  fill_disk (f->mount, original->len + 16 * 1024);
  g_assert_false (billet_file_write_safely (path, bigger->str, bigger->len, BILLET_WRITE_NONE, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
  g_assert_nonnull (strstr (error->message, path));
  assert_contents (path, original->str, original->len);
  assert_contents (other, original->str, original->len);
  assert_listing (f->mount, "filler,other.md,post.md");
  g_clear_error (&error);

  /* 3. And a smaller text fits, in place: the link is kept. */
  g_assert_true (billet_file_write_safely (path, "short\n", 6, BILLET_WRITE_NONE, &error));
  g_assert_no_error (error);
  assert_contents (other, "short\n", 6);
  assert_listing (f->mount, "filler,other.md,post.md");
}

/* Runs billet_file_write_safely() with the file size limit at @limit bytes:
 * writes past it fail with EFBIG, midway through the new text — a stand-in
 * for an I/O error or a quota that needs neither root nor a special disk. */
static gboolean
write_with_size_limit (const char  *path,
                       const char  *text,
                       gsize        len,
                       rlim_t       limit,
                       GError     **error)
{
  struct rlimit old, low;
  void (*old_handler) (int);
  gboolean ok;

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old), ==, 0);
  low = old;
  low.rlim_cur = limit;
  old_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &low), ==, 0);
  ok = billet_file_write_safely (path, text, len, BILLET_WRITE_NONE, error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old), ==, 0);
  signal (SIGXFSZ, old_handler);
  return ok;
}

/* A write that fails after it started. For a post with one name, the
 * temporary file takes the failure. For a hard-linked post, the new bytes
 * were going into the post itself: the backup copy is put back, so both
 * names read the old text again, and the backup is gone. */
static void
test_write_fails_midway (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GString) original = make_text (100 * 1024, 'o');
  g_autoptr(GString) bigger = make_text (300 * 1024, 'b');
  g_autofree char *single = path_in (f->dir, "single.md");
  g_autofree char *linked = path_in (f->dir, "linked.md");
  g_autofree char *other = path_in (f->dir, "other.md");
  g_autoptr(GError) error = NULL;
  struct stat before, after;

  write_file (single, original->str, original->len);
  write_file (linked, original->str, original->len);
  g_assert_cmpint (link (linked, other), ==, 0);
  g_assert_cmpint (g_stat (linked, &before), ==, 0);

  g_assert_false (write_with_size_limit (single, bigger->str, bigger->len, 150 * 1024, &error));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, single));
  assert_contents (single, original->str, original->len);
  assert_listing (f->dir, "linked.md,other.md,single.md");
  g_clear_error (&error);

  g_assert_false (write_with_size_limit (linked, bigger->str, bigger->len, 150 * 1024, &error));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, linked));
  assert_contents (linked, original->str, original->len);
  assert_contents (other, original->str, original->len);
  assert_listing (f->dir, "linked.md,other.md,single.md");
  g_assert_cmpint (g_stat (linked, &after), ==, 0);
  g_assert_cmpuint (after.st_ino, ==, before.st_ino);
  g_assert_cmpuint (after.st_nlink, ==, 2);
  g_clear_error (&error);

  /* Under the limit, the same writer succeeds: the limit caused the failures. */
  g_assert_true (write_with_size_limit (linked, bigger->str, bigger->len, 400 * 1024, &error));
  g_assert_no_error (error);
  assert_contents (other, bigger->str, bigger->len);
}

/* Interrupted saves */

/* Runs billet_file_write_safely() in a child process that the kernel kills
 * (SIGXFSZ) when a file it writes grows past @limit bytes: a writer killed
 * at a known point of its write, with no test hook in the writer. */
static void
write_killed (const char *path,
              const char *data,
              gsize       len,
              rlim_t      limit)
{
  int status = 0;
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      struct rlimit size = { limit, limit };
      struct rlimit core = { 0, 0 };

      signal (SIGXFSZ, SIG_DFL);
      if (setrlimit (RLIMIT_CORE, &core) != 0 || setrlimit (RLIMIT_FSIZE, &size) != 0)
        _exit (3);
      billet_file_write_safely (path, data, len, BILLET_WRITE_NONE, NULL);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGXFSZ);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

/* The one name in dir that contains @part, or NULL. */
static char *
find_name (const char *dir,
           const char *part)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    if (strstr (name, part) != NULL)
      return g_build_filename (dir, name, NULL);
  return NULL;
}

typedef struct
{
  Fixture  *f;
  char     *post;
  char     *other;
  GString  *old;
  GString  *new;
} Killed;

/* A post with a second hard link, whose in-place save was killed midway:
 * the post holds the start of the new text, the backup is beside it. */
static void
killed_setup (Killed  *k,
              Fixture *f)
{
  g_autoptr(GBytes) now = NULL;

  k->f = f;
  k->post = path_in (f->dir, "post.md");
  k->other = path_in (f->dir, "other.md");
  k->old = make_text (100 * 1024, 'o');
  k->new = make_text (300 * 1024, 'n');
  write_file (k->post, k->old->str, k->old->len);
  g_assert_cmpint (link (k->post, k->other), ==, 0);

  /* The backup (old text and a header) fits under the limit, the new text
   * does not. */
  write_killed (k->post, k->new->str, k->new->len, 200 * 1024);
  now = read_bytes (k->post);
  g_assert_cmpuint (g_bytes_get_size (now), ==, 200 * 1024);
  g_assert_cmpmem (g_bytes_get_data (now, NULL), 200 * 1024, k->new->str, 200 * 1024);
  g_assert_cmpuint (g_bytes_get_size (now), !=, k->old->len);
}

static void
killed_clear (Killed *k)
{
  g_free (k->post);
  g_free (k->other);
  g_string_free (k->old, TRUE);
  g_string_free (k->new, TRUE);
}

/* Killed while it rewrote a hard-linked post: the next open puts the old
 * text back, says so, and leaves nothing behind; the links hold. */
static void
test_killed_in_place (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(BilletRecovery) recovery = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) leftovers = NULL;
  g_autofree char *backup = NULL;
  Killed k;
  struct stat a, b;

  killed_setup (&k, f);
  backup = find_name (f->dir, ".post.md.billet-backup-");
  g_assert_nonnull (backup);

  /* check's view, which changes nothing. */
  leftovers = billet_file_find_leftovers (f->dir, NULL);
  g_assert_cmpuint (leftovers->len, ==, 1);
  {
    BilletLeftover *leftover = g_ptr_array_index (leftovers, 0);

    g_assert_cmpint (leftover->kind, ==, BILLET_LEFTOVER_BACKUP_NEEDED);
    g_assert_cmpstr (leftover->path, ==, backup);
    g_assert_cmpstr (leftover->post, ==, k.post);
  }
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));

  /* Through the other name: the backup is found by its inode. */
  g_assert_true (billet_file_recover (k.other, &recovery, &error));
  g_assert_no_error (error);
  g_assert_cmpint (recovery.action, ==, BILLET_RECOVERY_RESTORED);
  g_assert_nonnull (strstr (recovery.message, "half-written"));
  g_assert_nonnull (strstr (recovery.message, "other.md"));
  assert_contents (k.post, k.old->str, k.old->len);
  assert_contents (k.other, k.old->str, k.old->len);
  assert_listing (f->dir, "other.md,post.md");
  g_assert_cmpint (g_stat (k.post, &a), ==, 0);
  g_assert_cmpint (g_stat (k.other, &b), ==, 0);
  g_assert_cmpuint (a.st_ino, ==, b.st_ino);
  g_assert_cmpuint (a.st_nlink, ==, 2);
  billet_recovery_clear (&recovery);

  /* Nothing more to do. */
  g_assert_true (billet_file_recover (k.post, &recovery, &error));
  g_assert_cmpint (recovery.action, ==, BILLET_RECOVERY_NOTHING);
  g_assert_null (recovery.message);
  killed_clear (&k);
}

/* The same where backups are written under a temporary name first. */
static void
test_killed_in_place_named (Fixture       *f,
                            gconstpointer  data)
{
  g_auto(BilletRecovery) recovery = { 0 };
  g_autoptr(GError) error = NULL;
  Killed k;

  g_setenv ("BILLET_NO_TMPFILE", "1", TRUE);
  killed_setup (&k, f);
  g_unsetenv ("BILLET_NO_TMPFILE");
  g_assert_true (billet_file_recover (k.post, &recovery, &error));
  g_assert_no_error (error);
  g_assert_cmpint (recovery.action, ==, BILLET_RECOVERY_RESTORED);
  assert_contents (k.other, k.old->str, k.old->len);
  assert_listing (f->dir, "other.md,post.md");
  killed_clear (&k);
}

/* The next save settles it too, then writes. */
static void
test_killed_then_saved (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Killed k;

  killed_setup (&k, f);
  g_assert_true (billet_file_write_safely (k.post, "saved\n", 6, BILLET_WRITE_NONE, &error));
  g_assert_no_error (error);
  assert_contents (k.other, "saved\n", 6);
  assert_listing (f->dir, "other.md,post.md");
  killed_clear (&k);
}

/* A backup whose post holds a whole text goes without a word when that is
 * the old text (the write had not begun), and with one when it is the new
 * text (the write had ended). */
static void
test_killed_whole (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(BilletRecovery) recovery = { 0 };
  g_autoptr(GError) error = NULL;
  Killed k;

  killed_setup (&k, f);
  write_file (k.post, k.new->str, k.new->len);   /* g_file_set_contents(): a new inode… */
  g_assert_cmpint (g_unlink (k.other), ==, 0);
  g_assert_cmpint (link (k.post, k.other), ==, 0);
  /* …which no backup is for: kept, and said. */
  g_assert_true (billet_file_recover (k.post, &recovery, &error));
  g_assert_no_error (error);
  g_assert_cmpint (recovery.action, ==, BILLET_RECOVERY_KEPT);
  g_assert_nonnull (strstr (recovery.message, "look at it"));
  g_assert_nonnull (recovery.backup);
  g_assert_true (g_file_test (recovery.backup, G_FILE_TEST_EXISTS));
  assert_contents (k.post, k.new->str, k.new->len);
  billet_recovery_clear (&recovery);
  killed_clear (&k);
}

static void
overwrite_in_place (const char *path,
                    const char *data,
                    gsize       len)
{
  int fd = open (path, O_WRONLY | O_TRUNC);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, data, len), ==, (gssize) len);
  g_assert_cmpint (close (fd), ==, 0);
}

static void
test_killed_done_or_not_begun (Fixture       *f,
                               gconstpointer  data)
{
  for (guint done = 0; done < 2; done++)
    {
      g_auto(BilletRecovery) recovery = { 0 };
      g_autoptr(GError) error = NULL;
      g_autofree char *sub = g_strdup_printf ("case%u", done);
      Fixture inner = { NULL, NULL };
      Killed k;

      inner.dir = path_in (f->dir, sub);
      g_assert_cmpint (g_mkdir (inner.dir, 0755), ==, 0);
      killed_setup (&k, &inner);
      /* The inode's bytes as the writer would have left them just before
       * its first byte, or just after its last. */
      if (done)
        overwrite_in_place (k.post, k.new->str, k.new->len);
      else
        overwrite_in_place (k.post, k.old->str, k.old->len);

      g_assert_true (billet_file_recover (k.post, &recovery, &error));
      g_assert_no_error (error);
      if (done)
        {
          g_assert_cmpint (recovery.action, ==, BILLET_RECOVERY_COMPLETED);
          g_assert_nonnull (strstr (recovery.message, "new text"));
          assert_contents (k.other, k.new->str, k.new->len);
        }
      else
        {
          g_assert_cmpint (recovery.action, ==, BILLET_RECOVERY_NOTHING);
          g_assert_cmpuint (recovery.n_removed, ==, 1);
          assert_contents (k.other, k.old->str, k.old->len);
        }
      assert_listing (inner.dir, "other.md,post.md");
      killed_clear (&k);
      g_free (inner.dir);
    }
}

/* A damaged backup is not used: the post stays as it is, the error says
 * why, and the backup stays. */
static void
test_killed_damaged_backup (Fixture       *f,
                            gconstpointer  data)
{
  g_auto(BilletRecovery) recovery = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  Killed k;
  int fd;

  killed_setup (&k, f);
  backup = find_name (f->dir, ".billet-backup-");
  fd = open (backup, O_WRONLY);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, "X", 1, 50 * 1024), ==, 1);
  close (fd);
  before = read_bytes (k.post);

  g_assert_false (billet_file_recover (k.post, &recovery, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "damaged"));
  after = read_bytes (k.post);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* A save in place would copy the half-written post as the old text:
   * refused as well. */
  g_assert_false (billet_file_write_safely (k.post, "x\n", 2, BILLET_WRITE_NONE, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_IO);
  killed_clear (&k);
}

/* Killed while it wrote the temporary file of a plain post: the post keeps
 * its old text. Where the system has O_TMPFILE, the file had no name yet,
 * and nothing is left; elsewhere (BILLET_NO_TMPFILE stands for NFS or FAT)
 * a named temporary file is, and the next open removes it. */
static void
test_killed_replacing (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GString) old = make_text (100 * 1024, 'o');
  g_autoptr(GString) new = make_text (300 * 1024, 'n');
  g_autofree char *post = path_in (f->dir, "post.md");

  for (guint named = 0; named < 2; named++)
    {
      g_auto(BilletRecovery) recovery = { 0 };
      g_autoptr(GError) error = NULL;
      g_autofree char *names = NULL;

      write_file (post, old->str, old->len);
      if (named)
        g_setenv ("BILLET_NO_TMPFILE", "1", TRUE);
      write_killed (post, new->str, new->len, 200 * 1024);
      g_unsetenv ("BILLET_NO_TMPFILE");
      assert_contents (post, old->str, old->len);
      names = listing (f->dir);
      if (named)
        g_assert_true (g_str_has_prefix (names, ".post.md.billet-tmp-"));
      else
        g_assert_cmpstr (names, ==, "post.md");

      g_assert_true (billet_file_recover (post, &recovery, &error));
      g_assert_no_error (error);
      g_assert_cmpint (recovery.action, ==, BILLET_RECOVERY_NOTHING);
      g_assert_cmpuint (recovery.n_removed, ==, named);
      assert_contents (post, old->str, old->len);
      assert_listing (f->dir, "post.md");
    }
}

/* Temporary files of dead writers go with the next save or open of their
 * post: ours when no one holds their lock, an earlier Billet's (which took
 * no lock) when they are an hour old. A live writer's stay, and so do
 * other people's files and other posts' temporary files. */
static void
test_stale_temporaries (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const stale[] = {
    ".post.md.billet-tmp-Ab12Cd", ".post.md.billet-tmp-zz99ZZ", ".post.md.Q1w2E3",
  };
  static const char * const kept[] = {
    ".post.md.billet-tmp-L1veAb",   /* a writer holds its lock */
    ".post.md.Fr3sh1",              /* an earlier Billet's, but recent */
    ".post.md.notes",               /* not ours */
    ".other.md.billet-tmp-Ab12Cd",  /* another post's */
  };
  g_auto(BilletRecovery) recovery = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) leftovers = NULL;
  g_autofree char *post = path_in (f->dir, "post.md");
  struct timeval old_times[2] = { { time (NULL) - 2 * 3600, 0 }, { time (NULL) - 2 * 3600, 0 } };
  int live;

  write_file (post, "---\ntitle: t\n---\n", -1);
  for (guint i = 0; i < G_N_ELEMENTS (stale); i++)
    {
      g_autofree char *path = path_in (f->dir, stale[i]);

      write_file (path, "partial", -1);
      g_assert_cmpint (utimes (path, old_times), ==, 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *path = path_in (f->dir, kept[i]);

      write_file (path, "partial", -1);
    }
  {
    g_autofree char *path = path_in (f->dir, kept[0]);

    live = open (path, O_RDONLY);
    g_assert_cmpint (flock (live, LOCK_EX), ==, 0);
  }

  /* check's view: the dead ones, the other post's included. */
  leftovers = billet_file_find_leftovers (f->dir, NULL);
  g_assert_cmpuint (leftovers->len, ==, 5);
  for (guint i = 0; i < leftovers->len; i++)
    {
      BilletLeftover *leftover = g_ptr_array_index (leftovers, i);

      g_assert_cmpint (leftover->kind, ==, BILLET_LEFTOVER_TEMPORARY);
      g_assert_null (strstr (leftover->path, "L1veAb"));
    }

  g_assert_true (billet_file_recover (post, &recovery, &error));
  g_assert_no_error (error);
  g_assert_cmpint (recovery.action, ==, BILLET_RECOVERY_NOTHING);
  g_assert_cmpuint (recovery.n_removed, ==, G_N_ELEMENTS (stale));
  g_assert_cmpuint (recovery.removed_size, ==, 7 * G_N_ELEMENTS (stale));
  assert_listing (f->dir, ".other.md.billet-tmp-Ab12Cd,.post.md.Fr3sh1,"
                          ".post.md.billet-tmp-L1veAb,.post.md.notes,post.md");

  /* A save does the same, and leaves the live one alone. */
  {
    g_autofree char *path = path_in (f->dir, stale[0]);

    write_file (path, "partial", -1);
  }
  g_assert_true (billet_file_write_safely (post, "new\n", 4, BILLET_WRITE_NONE, &error));
  g_assert_no_error (error);
  assert_listing (f->dir, ".other.md.billet-tmp-Ab12Cd,.post.md.Fr3sh1,"
                          ".post.md.billet-tmp-L1veAb,.post.md.notes,post.md");
  close (live);
}

typedef struct
{
  char *path;
  int   fd;
} Holder;

static gpointer
release_later (gpointer data)
{
  Holder *holder = data;

  g_usleep (300 * 1000);
  close (holder->fd);
  return NULL;
}

/* A save waits for another writer of the same post (any of its names). */
static void
test_writers_take_turns (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *post = path_in (f->dir, "post.md");
  g_autoptr(GError) error = NULL;
  Holder holder = { post, -1 };
  GThread *thread;
  gint64 start;

  write_file (post, "old\n", -1);
  holder.fd = open (post, O_RDONLY);
  g_assert_cmpint (flock (holder.fd, LOCK_EX), ==, 0);
  thread = g_thread_new ("holder", release_later, &holder);
  start = g_get_monotonic_time ();
  g_assert_true (billet_file_write_safely (post, "new\n", 4, BILLET_WRITE_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 250 * 1000);
  g_thread_join (thread);
  assert_contents (post, "new\n", 4);
}

/* Reading */

static void
test_read_bounded (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *small = path_in (f->dir, "small.md");
  g_autofree char *huge = path_in (f->dir, "huge.md");
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  gint64 start;
  int fd;

  write_file (small, "0123456789", 10);
  g_assert_true (billet_file_read (small, 10, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (contents, len, "0123456789", 10);
  g_clear_pointer (&contents, g_free);

  g_assert_false (billet_file_read (small, 9, &contents, &len, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "too large"));
  g_clear_error (&error);

  /* 2 GiB, sparse: costs no disk, and must cost no time either. */
  fd = open (huge, O_WRONLY | O_CREAT | O_EXCL, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 2 * 1024 * 1024 * 1024), ==, 0);
  close (fd);
  start = g_get_monotonic_time ();
  {
    g_autoptr(BilletPost) post = billet_post_new_for_path (huge, &error);

    g_assert_null (post);
  }
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 10);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "too large"));
  g_assert_nonnull (strstr (error->message, "huge.md"));
  g_clear_error (&error);

  g_assert_false (billet_file_read ("/nonexistent/post.md", 10, &contents, &len, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

/* A named pipe, a socket or a device is no post: refused at once, with a
 * message that says what it is, even with a writer on the pipe. */
static void
test_read_not_regular (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *fifo = path_in (f->dir, "fifo.md");
  g_autofree char *folder = path_in (f->dir, "folder.md");
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gint64 start = g_get_monotonic_time ();
  int writer;

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_assert_false (billet_file_read (fifo, 1024, &contents, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_assert_nonnull (strstr (error->message, "named pipe"));
  g_assert_nonnull (strstr (error->message, "fifo.md"));
  g_clear_error (&error);

  /* With a writer that sends something, still refused: not read. */
  writer = open (fifo, O_RDWR | O_NONBLOCK);
  g_assert_cmpint (writer, >=, 0);
  g_assert_cmpint (write (writer, "---\ntitle: t\n---\n", 18), ==, 18);
  g_assert_false (billet_file_read (fifo, 1024, &contents, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_clear_error (&error);
  close (writer);

  g_assert_false (billet_file_read ("/dev/zero", 1024, &contents, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_assert_nonnull (strstr (error->message, "device"));
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_false (billet_file_read (folder, 1024, &contents, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_assert_null (contents);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  static const struct { const char *path; void (*func) (Fixture *, gconstpointer); } cases[] = {
    { "/billet/file/write/new", test_new_file },
    { "/billet/file/write/keeps-attributes", test_keeps_attributes },
    { "/billet/file/write/symlink", test_symlink },
    { "/billet/file/write/symlink-loop", test_symlink_loop },
    { "/billet/file/write/hard-link", test_hard_link },
    { "/billet/file/write/empty-over-non-empty", test_empty_over_non_empty },
    { "/billet/file/write/not-a-file", test_not_a_file },
    { "/billet/file/fail/permissions", test_permissions },
    { "/billet/file/fail/read-only-disk", test_read_only_disk },
    { "/billet/file/fail/full-disk", test_full_disk },
    { "/billet/file/fail/full-disk-hard-link", test_full_disk_hard_link },
    { "/billet/file/fail/write-fails-midway", test_write_fails_midway },
    { "/billet/file/killed/in-place", test_killed_in_place },
    { "/billet/file/killed/in-place-named", test_killed_in_place_named },
    { "/billet/file/killed/then-saved", test_killed_then_saved },
    { "/billet/file/killed/replaced-since", test_killed_whole },
    { "/billet/file/killed/done-or-not-begun", test_killed_done_or_not_begun },
    { "/billet/file/killed/damaged-backup", test_killed_damaged_backup },
    { "/billet/file/killed/replacing", test_killed_replacing },
    { "/billet/file/killed/stale-temporaries", test_stale_temporaries },
    { "/billet/file/write/writers-take-turns", test_writers_take_turns },
    { "/billet/file/read/bounded", test_read_bounded },
    { "/billet/file/read/not-regular", test_read_not_regular },
  };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add (cases[i].path, Fixture, NULL, fixture_setup, cases[i].func, fixture_teardown);
  return g_test_run ();
}
