#include "unit.h"
#include "util/error.h"
#include "util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const yaml_exts[] = { ".yaml", ".yml", NULL };

/* A fresh folder under /tmp for each test, removed afterwards. */
static int make_tmp(void **state)
{
	char *dir = xstrdup("/tmp/crisis-fsutil-XXXXXX");
	if (!mkdtemp(dir)) {
		free(dir);
		return -1;
	}
	*state = dir;
	return 0;
}

static int remove_tmp(void **state)
{
	char *dir = *state;
	struct buf cmd = BUF_INIT;
	mock_fopen = mock_fread = false;
	/* Folders a test made unreadable must not stop the removal. */
	buf_addf(&cmd, "chmod -R u+rwx '%s' && rm -rf '%s'", dir, dir);
	int ret = system(cmd.ptr);
	buf_release(&cmd);
	free(dir);
	return ret == 0 ? 0 : -1;
}

/* The path dir/name, in a static buffer. */
static const char *at(const char *dir, const char *name)
{
	static char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static void write_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static void touch(const char *dir, const char *name)
{
	write_file(at(dir, name), "x", 1);
}

static void make_dir(const char *dir, const char *name)
{
	assert_int_equal(mkdir(at(dir, name), 0755), 0);
}

static void strlist_adds_copies_and_sorts(void **state)
{
	struct strlist l = STRLIST_INIT;
	char word[8] = "zulu";
	(void)state;
	strlist_sort(&l);	/* empty: nothing to do, no crash */
	strlist_add(&l, word);
	word[0] = 'Z';		/* the list kept its own copy */
	assert_string_equal(l.items[0], "zulu");
	strlist_sort(&l);	/* one item */
	assert_string_equal(l.items[0], "zulu");
	strlist_add(&l, "alpha");
	strlist_add(&l, "Mike");
	strlist_add(&l, "");
	strlist_add(&l, "alpha");
	strlist_sort(&l);
	assert_int_equal(l.nr, 5);
	assert_string_equal(l.items[0], "");
	assert_string_equal(l.items[1], "Mike");
	assert_string_equal(l.items[2], "alpha");
	assert_string_equal(l.items[3], "alpha");
	assert_string_equal(l.items[4], "zulu");
	strlist_release(&l);
	assert_null(l.items);
	assert_int_equal(l.nr, 0);
	assert_int_equal(l.alloc, 0);
}

static void strlist_grows_to_thousands(void **state)
{
	struct strlist l = STRLIST_INIT;
	char s[16];
	(void)state;
	for (int i = 9999; i >= 0; i--) {
		snprintf(s, sizeof(s), "%05d", i);
		strlist_add(&l, s);
	}
	assert_int_equal(l.nr, 10000);
	strlist_sort(&l);
	for (int i = 0; i < 10000; i++) {
		snprintf(s, sizeof(s), "%05d", i);
		assert_string_equal(l.items[i], s);
	}
	strlist_release(&l);
}

static void read_missing_file_names_it(void **state)
{
	struct buf b = BUF_INIT;
	const char *path = at(*state, "absent.yaml");
	crisis_error_clear();
	assert_int_equal(fs_read_file(path, &b), -1);
	assert_non_null(strstr(crisis_error_last(), path));
	assert_non_null(strstr(crisis_error_last(), "No such file"));
	buf_release(&b);
}

static void read_directory_is_refused(void **state)
{
	struct buf b = BUF_INIT;
	const char *dir = *state;
	crisis_error_clear();
	assert_int_equal(fs_read_file(dir, &b), -1);
	assert_non_null(strstr(crisis_error_last(), dir));
	assert_non_null(strstr(crisis_error_last(), "Is a directory"));
	buf_release(&b);
}

static void read_empty_file(void **state)
{
	struct buf b = BUF_INIT;
	const char *path = at(*state, "empty.yaml");
	write_file(path, "", 0);
	assert_int_equal(fs_read_file(path, &b), 0);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	buf_release(&b);
}

static void read_small_file_exactly(void **state)
{
	struct buf b = BUF_INIT;
	const char *path = at(*state, "plan.yaml");
	static const char data[] = "title: x\r\n\0binary\xFF";
	write_file(path, data, sizeof(data) - 1);
	assert_int_equal(fs_read_file(path, &b), 0);
	assert_int_equal(b.len, sizeof(data) - 1);
	assert_memory_equal(b.ptr, data, sizeof(data));	/* NUL-terminated too */
	buf_release(&b);
}

static void read_appends_to_the_buffer(void **state)
{
	struct buf b = BUF_INIT;
	const char *path = at(*state, "tail.txt");
	write_file(path, "tail", 4);
	buf_adds(&b, "head-");
	assert_int_equal(fs_read_file(path, &b), 0);
	assert_string_equal(b.ptr, "head-tail");
	buf_release(&b);
}

static void read_large_file(void **state)
{
	struct buf b = BUF_INIT;
	const char *path = at(*state, "large.yaml");
	size_t size = (size_t)5 << 20 | 12345;	/* not a multiple of the read size */
	char *data = xmalloc(size);
	for (size_t i = 0; i < size; i++)
		data[i] = (char)('a' + (i * 7 + i / 4096) % 26);
	write_file(path, data, size);
	assert_int_equal(fs_read_file(path, &b), 0);
	assert_int_equal(b.len, size);
	assert_memory_equal(b.ptr, data, size);
	assert_int_equal(b.ptr[size], '\0');
	free(data);
	buf_release(&b);
}

static void read_stream_reads_an_open_stream(void **state)
{
	struct buf b = BUF_INIT;
	const char *path = at(*state, "stream.txt");
	write_file(path, "one\ntwo\n", 8);
	FILE *fp = fopen(path, "r");
	assert_non_null(fp);
	assert_int_equal(fs_read_stream(fp, "standard input", &b), 0);
	fclose(fp);
	assert_string_equal(b.ptr, "one\ntwo\n");
	buf_release(&b);
}

/* Run fs_read_file("-") with `path` as standard input. */
static int read_stdin_from(const char *path, struct buf *b)
{
	int saved = dup(STDIN_FILENO);	/* -1 when the runner closed it */
	int fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	if (fd != STDIN_FILENO) {
		assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
		close(fd);
	}
	clearerr(stdin);
	int ret = fs_read_file("-", b);
	if (saved >= 0) {
		dup2(saved, STDIN_FILENO);
		close(saved);
	} else {
		close(STDIN_FILENO);
	}
	clearerr(stdin);
	return ret;
}

static void dash_reads_standard_input(void **state)
{
	struct buf b = BUF_INIT;
	const char *path = at(*state, "piped.yaml");
	write_file(path, "kind: pca\n", 10);
	assert_int_equal(read_stdin_from(path, &b), 0);
	assert_string_equal(buf_str(&b), "kind: pca\n");
	buf_release(&b);
}

static void standard_input_error_names_it(void **state)
{
	struct buf b = BUF_INIT;
	const char *path = at(*state, "piped.yaml");
	write_file(path, "kind: pca\n", 10);
	crisis_error_clear();
	mock_fread = true;
	int ret = read_stdin_from(path, &b);
	mock_fread = false;
	assert_int_equal(ret, -1);
	assert_non_null(strstr(crisis_error_last(), "standard input"));
	buf_release(&b);
}

static void fopen_failure_is_reported(void **state)
{
	struct buf b = BUF_INIT;
	const char *path = at(*state, "secret.yaml");
	write_file(path, "x", 1);
	crisis_error_clear();
	mock_errno = EACCES;
	mock_fopen = true;
	int ret = fs_read_file(path, &b);
	mock_fopen = false;
	assert_int_equal(ret, -1);
	assert_non_null(strstr(crisis_error_last(), path));
	assert_non_null(strstr(crisis_error_last(), "Permission denied"));
	buf_release(&b);
}

static void fread_failure_is_an_error_not_an_empty_file(void **state)
{
	struct buf b = BUF_INIT;
	const char *path = at(*state, "unreadable.yaml");
	write_file(path, "title: x\n", 9);
	crisis_error_clear();
	mock_fread = true;
	int ret = fs_read_file(path, &b);
	mock_fread = false;
	assert_int_equal(ret, -1);
	assert_non_null(strstr(crisis_error_last(), path));
	assert_non_null(strstr(crisis_error_last(), "Input/output error"));
	buf_release(&b);
}

/* A FIFO is refused at once: opened to be read, it would wait for a writer forever. */
static void read_fifo_is_refused_not_waited_on(void **state)
{
	struct buf b = BUF_INIT;
	const char *path = at(*state, "pipe.yaml");
	assert_int_equal(mkfifo(path, 0600), 0);
	crisis_error_clear();
	assert_int_equal(fs_read_file(path, &b), -1);
	assert_non_null(strstr(crisis_error_last(), "not a regular file"));
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void is_directory_tells_folders_from_files(void **state)
{
	const char *dir = *state;
	touch(dir, "file.yaml");
	assert_true(fs_is_directory(dir));
	assert_false(fs_is_directory(at(dir, "file.yaml")));
	assert_false(fs_is_directory(at(dir, "missing")));
}

static void walk_empty_folder(void **state)
{
	struct strlist l = STRLIST_INIT;
	assert_int_equal(fs_walk(*state, yaml_exts, &l), 0);
	assert_int_equal(l.nr, 0);
	strlist_release(&l);
}

static void walk_sorted_recursive_by_extension(void **state)
{
	const char *dir = *state;
	struct strlist l = STRLIST_INIT;
	make_dir(dir, "sites");
	make_dir(dir, "sites/paris");
	touch(dir, "zeta.yaml");
	touch(dir, "alpha.yml");
	touch(dir, "notes.txt");
	touch(dir, "yaml");		/* the extension alone is not a match */
	touch(dir, "beta.yaml.bak");
	touch(dir, "sites/lyon.yaml");
	touch(dir, "sites/paris/main.yaml");
	touch(dir, "sites/paris/readme.md");
	assert_int_equal(fs_walk(dir, yaml_exts, &l), 0);
	assert_int_equal(l.nr, 4);
	assert_string_equal(l.items[0], at(dir, "alpha.yml"));
	assert_string_equal(l.items[1], at(dir, "sites/lyon.yaml"));
	assert_string_equal(l.items[2], at(dir, "sites/paris/main.yaml"));
	assert_string_equal(l.items[3], at(dir, "zeta.yaml"));
	strlist_release(&l);
}

static void walk_with_trailing_slash(void **state)
{
	const char *dir = *state;
	struct strlist l = STRLIST_INIT;
	char slashed[4096];
	snprintf(slashed, sizeof(slashed), "%s/", dir);
	touch(dir, "a.yaml");
	assert_int_equal(fs_walk(slashed, yaml_exts, &l), 0);
	assert_int_equal(l.nr, 1);
	assert_string_equal(l.items[0], at(dir, "a.yaml"));	/* no "//" */
	strlist_release(&l);
}

static void walk_skips_hidden_files_and_folders(void **state)
{
	const char *dir = *state;
	struct strlist l = STRLIST_INIT;
	make_dir(dir, ".git");
	make_dir(dir, "visible");
	make_dir(dir, "visible/.cache");
	touch(dir, ".crisis.yaml");
	touch(dir, ".git/plan.yaml");
	touch(dir, "visible/.hidden.yaml");
	touch(dir, "visible/.cache/plan.yaml");
	touch(dir, "visible/shown.yaml");
	assert_int_equal(fs_walk(dir, yaml_exts, &l), 0);
	assert_int_equal(l.nr, 1);
	assert_string_equal(l.items[0], at(dir, "visible/shown.yaml"));
	strlist_release(&l);
}

static void walk_appends_after_existing_items(void **state)
{
	const char *dir = *state;
	struct strlist l = STRLIST_INIT;
	strlist_add(&l, "given.yaml");
	touch(dir, "found.yaml");
	assert_int_equal(fs_walk(dir, yaml_exts, &l), 0);
	assert_int_equal(l.nr, 2);
	assert_string_equal(l.items[0], "given.yaml");
	assert_string_equal(l.items[1], at(dir, "found.yaml"));
	strlist_release(&l);
}

static void walk_many_files(void **state)
{
	const char *dir = *state;
	struct strlist l = STRLIST_INIT;
	char name[32];
	for (int i = 2999; i >= 0; i--) {
		snprintf(name, sizeof(name), "p%04d.yaml", i);
		touch(dir, name);
	}
	assert_int_equal(fs_walk(dir, yaml_exts, &l), 0);
	assert_int_equal(l.nr, 3000);
	for (int i = 0; i < 3000; i++) {
		snprintf(name, sizeof(name), "p%04d.yaml", i);
		assert_string_equal(l.items[i], at(dir, name));
	}
	strlist_release(&l);
}

/* A link back up (ln -s . plans/self) is not walked again: each file once. */
static void walk_follows_a_loop_once(void **state)
{
	struct strlist l = STRLIST_INIT;
	char *dir = *state;
	touch(dir, "a.yaml");
	make_dir(dir, "sub");
	touch(dir, "sub/b.yaml");
	char link[PATH_MAX];
	snprintf(link, sizeof(link), "%s/sub/up", dir);
	assert_int_equal(symlink("..", link), 0);
	snprintf(link, sizeof(link), "%s/self", dir);
	assert_int_equal(symlink(".", link), 0);
	assert_int_equal(fs_walk(dir, yaml_exts, &l), 0);
	assert_int_equal(l.nr, 2);
	strlist_release(&l);
}

static void walk_missing_folder_fails(void **state)
{
	struct strlist l = STRLIST_INIT;
	const char *missing = at(*state, "nowhere");
	crisis_error_clear();
	assert_int_equal(fs_walk(missing, yaml_exts, &l), -1);
	assert_non_null(strstr(crisis_error_last(), missing));
	assert_non_null(strstr(crisis_error_last(), "No such file"));
	assert_int_equal(l.nr, 0);
	strlist_release(&l);
}

/* A sub-folder that cannot be read is named, and the walk goes on; the folder walked itself must be readable. */
static void walk_unreadable_folder_fails(void **state)
{
	const char *dir = *state;
	struct strlist l = STRLIST_INIT;
	char locked[4096];
	bool dropped = false;
	make_dir(dir, "locked");
	touch(dir, "locked/inside.yaml");
	touch(dir, "outside.yaml");
	snprintf(locked, sizeof(locked), "%s", at(dir, "locked"));
	assert_int_equal(chmod(locked, 0), 0);
	/* root reads any folder: walk as "nobody" for the duration. */
	if (geteuid() == 0) {
		if (chmod(dir, 0755) < 0 || seteuid(65534) < 0)
			skip();
		dropped = true;
	}
	crisis_error_clear();
	int ret = fs_walk(dir, yaml_exts, &l);
	struct strlist top = STRLIST_INIT;
	int top_ret = fs_walk(locked, yaml_exts, &top);
	if (dropped)
		assert_int_equal(seteuid(0), 0);
	assert_int_equal(ret, 0);
	assert_int_equal(l.nr, 2);
	assert_string_equal(l.items[0], locked);	/* named, for its reader to report */
	assert_non_null(strstr(l.items[1], "outside.yaml"));
	assert_int_equal(top_ret, -1);
	assert_non_null(strstr(crisis_error_last(), locked));
	assert_non_null(strstr(crisis_error_last(), "Permission denied"));
	strlist_release(&l);
	strlist_release(&top);
}

static void walk_a_file_is_not_a_folder(void **state)
{
	struct strlist l = STRLIST_INIT;
	const char *dir = *state;
	char file[4096];
	snprintf(file, sizeof(file), "%s", at(dir, "plan.yaml"));
	touch(dir, "plan.yaml");
	crisis_error_clear();
	assert_int_equal(fs_walk(file, yaml_exts, &l), -1);
	assert_non_null(strstr(crisis_error_last(), "Not a directory"));
	strlist_release(&l);
}

/* ---- fs_write_atomic ---- */

static char *slurp(const char *path)
{
	struct buf b = BUF_INIT;
	assert_int_equal(fs_read_file(path, &b), 0);
	return buf_detach(&b);
}

static void atomic_write_replaces_with_its_mode(void **state)
{
	const char *dir = *state;
	char *path = xstrdup(at(dir, "contacts.yaml"));
	struct stat st;

	write_file(path, "old\n", 4);
	assert_int_equal(fs_write_atomic(path, "new\n", 4, 0600), 0);
	char *text = slurp(path);
	assert_string_equal(text, "new\n");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* No temporary file is left behind. */
	struct strlist files = STRLIST_INIT;
	static const char *const all[] = { "", NULL };
	assert_int_equal(fs_walk(dir, all, &files), 0);
	assert_int_equal(files.nr, 1);
	strlist_release(&files);
	free(text);
	free(path);
}

/* A writer killed between naming its file and the rename leaves it; the next write removes it. */
static void atomic_write_removes_a_dead_writers_file(void **state)
{
	const char *dir = *state;
	char *path = xstrdup(at(dir, "contacts.yaml"));
	char dead[64], live[64], other[64];
	pid_t child = fork();

	assert_true(child >= 0);
	if (child == 0)
		_exit(0);
	assert_int_equal(waitpid(child, NULL, 0), child);
	/* The child is gone: its file is stale. A running process's (ours) is not. */
	snprintf(dead, sizeof(dead), ".contacts.yaml.tmp-%ld-a1b2c3", (long)child);
	snprintf(live, sizeof(live), ".contacts.yaml.tmp-%ld-d4e5f6", (long)getppid());
	snprintf(other, sizeof(other), ".plan.yaml.tmp-%ld-a1b2c3", (long)child);
	touch(dir, dead);
	touch(dir, live);
	touch(dir, other);
	assert_int_equal(fs_write_atomic(path, "new\n", 4, 0600), 0);
	assert_int_equal(access(at(dir, dead), F_OK), -1);
	assert_int_equal(access(at(dir, live), F_OK), 0);
	/* Only the temporary files of the file written are looked at. */
	assert_int_equal(access(at(dir, other), F_OK), 0);
	free(path);
}

static void atomic_write_keeps_a_symbolic_link(void **state)
{
	const char *dir = *state;
	char *target = xstrdup(at(dir, "target.vcf"));
	char *link = xstrdup(at(dir, "link.vcf"));
	struct stat st;

	write_file(target, "old", 3);
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(fs_write_atomic(link, "new", 3, 0600), 0);
	/* The link is still a link, and the file it names has the new text. */
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	char *text = slurp(target);
	assert_string_equal(text, "new");
	free(text);
	free(target);
	free(link);
}

static void atomic_write_into_a_device_writes_through(void **state)
{
	struct stat st;
	(void)state;
	/* /dev/null stays a device: nothing is renamed over it. */
	assert_int_equal(fs_write_atomic("/dev/null", "x", 1, 0600), 0);
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	/* A full device says so. */
	if (stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode)) {
		assert_int_equal(fs_write_atomic("/dev/full", "x", 1, 0600), -1);
		assert_non_null(strstr(crisis_error_last(), "No space left"));
		assert_int_equal(stat("/dev/full", &st), 0);
		assert_true(S_ISCHR(st.st_mode));
	}
}

static void atomic_write_refuses_a_folder(void **state)
{
	const char *dir = *state;
	assert_int_equal(fs_write_atomic(dir, "x", 1, 0600), -1);
	assert_non_null(strstr(crisis_error_last(), "is a folder"));
	assert_true(fs_is_directory(dir));
}

#define TMP_TEST(f) cmocka_unit_test_setup_teardown(f, make_tmp, remove_tmp)

TEST_MAIN(
	cmocka_unit_test(strlist_adds_copies_and_sorts),
	cmocka_unit_test(strlist_grows_to_thousands),
	TMP_TEST(read_missing_file_names_it),
	TMP_TEST(read_directory_is_refused),
	TMP_TEST(read_fifo_is_refused_not_waited_on),
	TMP_TEST(walk_follows_a_loop_once),
	TMP_TEST(read_empty_file),
	TMP_TEST(read_small_file_exactly),
	TMP_TEST(read_appends_to_the_buffer),
	TMP_TEST(read_large_file),
	TMP_TEST(read_stream_reads_an_open_stream),
	TMP_TEST(dash_reads_standard_input),
	TMP_TEST(standard_input_error_names_it),
	TMP_TEST(fopen_failure_is_reported),
	TMP_TEST(fread_failure_is_an_error_not_an_empty_file),
	TMP_TEST(is_directory_tells_folders_from_files),
	TMP_TEST(walk_empty_folder),
	TMP_TEST(walk_sorted_recursive_by_extension),
	TMP_TEST(walk_with_trailing_slash),
	TMP_TEST(walk_skips_hidden_files_and_folders),
	TMP_TEST(walk_appends_after_existing_items),
	TMP_TEST(walk_many_files),
	TMP_TEST(walk_missing_folder_fails),
	TMP_TEST(atomic_write_replaces_with_its_mode),
	TMP_TEST(atomic_write_removes_a_dead_writers_file),
	TMP_TEST(atomic_write_keeps_a_symbolic_link),
	TMP_TEST(atomic_write_into_a_device_writes_through),
	TMP_TEST(atomic_write_refuses_a_folder),
	TMP_TEST(walk_unreadable_folder_fails),
	TMP_TEST(walk_a_file_is_not_a_folder),
)
