/* test-draft-store.c — drafts on disk and file stamps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "billet-test-utils.h"
#include "billet-draft-store.h"

static void
test_write_list_delete (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("billet-drafts-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (tmp, "a", "drafts", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BilletDraft) first = billet_draft_new (NULL);
  g_autoptr(BilletDraft) second = billet_draft_new (NULL);
  g_autoptr(GPtrArray) drafts = NULL;
  g_autofree char *data = NULL;
  g_autofree char *stray = NULL;
  gsize len;
  BilletDraft *listed;

  /* No folder yet: no drafts, no error. */
  drafts = billet_draft_store_list (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 0);
  g_clear_pointer (&drafts, g_ptr_array_unref);

  first->path = g_strdup ("/home/me/post.md");
  first->title = g_strdup ("Été");
  first->time = 100;
  first->charset = g_strdup ("Windows-1252");
  first->stamp.exists = TRUE;
  first->stamp.size = 12;
  first->stamp.ino = 1234;
  first->stamp.mtime_sec = 99;
  first->stamp.mtime_nsec = 123456789;
  billet_file_stamp_set_data (&first->stamp, "hello", 5);
  g_assert_true (billet_draft_store_write (dir, first, "---\ntitle: Été\n---\nBody\n", 26, &error));
  g_assert_no_error (error);

  second->title = g_strdup ("Untitled");
  second->time = 200;
  g_assert_true (billet_draft_store_write (dir, second, "", 0, &error));
  g_assert_no_error (error);

  /* A key file without its text is not a draft. */
  stray = g_build_filename (dir, "orphan.draft", NULL);
  g_assert_true (g_file_set_contents (stray, "[Draft]\ntitle=x\n", -1, NULL));

  drafts = billet_draft_store_list (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 2);
  /* Newest first. */
  listed = g_ptr_array_index (drafts, 0);
  g_assert_cmpstr (listed->id, ==, second->id);
  g_assert_null (listed->path);
  g_assert_false (listed->stamp.exists);
  listed = g_ptr_array_index (drafts, 1);
  g_assert_cmpstr (listed->id, ==, first->id);
  g_assert_cmpstr (listed->path, ==, "/home/me/post.md");
  g_assert_cmpstr (listed->title, ==, "Été");
  g_assert_cmpstr (listed->charset, ==, "Windows-1252");
  g_assert_cmpint (listed->time, ==, 100);
  g_assert_true (listed->stamp.exists);
  g_assert_cmpuint (listed->stamp.ino, ==, 1234);
  g_assert_cmpint (listed->stamp.mtime_nsec, ==, 123456789);
  g_assert_cmpstr (listed->stamp.sha256, ==, first->stamp.sha256);

  g_assert_true (billet_draft_store_read (dir, first->id, &data, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (data, len, "---\ntitle: Été\n---\nBody\n", 26);

  g_assert_true (billet_draft_store_delete (dir, first->id, &error));
  g_assert_no_error (error);
  /* Twice is fine. */
  g_assert_true (billet_draft_store_delete (dir, first->id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&drafts, g_ptr_array_unref);
  drafts = billet_draft_store_list (dir, &error);
  g_assert_cmpuint (drafts->len, ==, 1);

  billet_test_remove_tree (tmp);
}

static void
test_stamp (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("billet-stamp-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (tmp, "post.md", NULL);
  g_auto(BilletFileStamp) a = { 0 };
  g_auto(BilletFileStamp) b = { 0 };
  g_auto(BilletFileStamp) c = { 0 };

  g_assert_false (billet_file_stamp_stat (&a, path));
  g_assert_true (billet_file_stamp_same_content (&a, &b));

  g_assert_true (g_file_set_contents (path, "one", -1, NULL));
  g_assert_true (billet_file_stamp_stat (&a, path));
  billet_file_stamp_set_data (&a, "one", 3);
  g_assert_true (billet_file_stamp_stat (&b, path));
  g_assert_true (billet_file_stamp_same_stat (&a, &b));

  /* Same size, within the same second: the hash tells. */
  g_assert_true (g_file_set_contents (path, "two", -1, NULL));
  g_assert_true (billet_file_stamp_stat (&c, path));
  billet_file_stamp_set_data (&c, "two", 3);
  g_assert_cmpuint (c.size, ==, a.size);
  g_assert_false (billet_file_stamp_same_content (&a, &c));
  billet_file_stamp_set_data (&c, "one", 3);
  g_assert_true (billet_file_stamp_same_content (&a, &c));

  g_unlink (path);
  g_rmdir (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/billet/draft-store/write-list-delete", test_write_list_delete);
  g_test_add_func ("/billet/draft-store/stamp", test_stamp);

  return g_test_run ();
}
