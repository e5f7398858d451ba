/*
 * The git layer, on libgit2 1.5. Every libgit2 call is checked, every
 * object freed through the one label of its function, and a failure's
 * message is ours ("cannot commit 'plans/pca.yaml'") followed by libgit2's
 * own reason.
 */
#include "repo.h"
#include "error.h"

#include <git2.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct repo {
	git_repository *git;
	char *workdir;		/* canonical (realpath), ending in '/' */
};

/* libgit2's last message appended to ours: "cannot commit 'x': reason". */
static int fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(int code, const char *fmt, ...)
{
	const git_error *e = git_error_last();
	struct buf msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (e && e->message && e->message[0]) {
		size_t start;
		buf_adds(&msg, ": ");
		start = msg.len;
		buf_adds(&msg, e->message);
		while (msg.len > start && (isspace((unsigned char)msg.ptr[msg.len - 1]) ||
					   msg.ptr[msg.len - 1] == '.'))
			msg.ptr[--msg.len] = '\0';
		/* git style is lowercase, but leave acronyms ("SSL") alone */
		if (msg.len > start + 1 && isupper((unsigned char)msg.ptr[start]) &&
		    !isupper((unsigned char)msg.ptr[start + 1]))
			msg.ptr[start] = (char)tolower((unsigned char)msg.ptr[start]);
	}
	crisis_error("%s", buf_str(&msg));
	buf_release(&msg);
	git_error_clear();
	return code;
}

static int locked_code(int gerr)
{
	return gerr == GIT_ELOCKED ? REPO_LOCKED : REPO_ERR;
}

static void oid_hex(char out[REPO_ID_HEX], const git_oid *id)
{
	git_oid_tostr(out, REPO_ID_HEX, id);
}

/* --- opening ------------------------------------------------------------ */

static int lib_init(void)
{
	if (git_libgit2_init() < 0)
		return fail(REPO_ERR, "cannot initialise libgit2");
	return 0;
}

/* Wrap an opened repository, which `out` then owns. */
static int wrap(struct repo **out, git_repository *git)
{
	const char *wd;
	char *real;
	struct buf dir = BUF_INIT;

	if (git_repository_is_bare(git)) {
		crisis_error("'%s' is a bare repository: crisis needs one with a working tree",
			     git_repository_path(git));
		return REPO_ERR;
	}
	wd = git_repository_workdir(git);
	if (!wd) {
		crisis_error("'%s' has no working tree", git_repository_path(git));
		return REPO_ERR;
	}
	real = realpath(wd, NULL);
	buf_adds(&dir, real ? real : wd);
	free(real);
	if (!dir.len || dir.ptr[dir.len - 1] != '/')
		buf_addc(&dir, '/');
	*out = xcalloc(1, sizeof(**out));
	(*out)->git = git;
	(*out)->workdir = buf_detach(&dir);
	return 0;
}

int repo_open(struct repo **out, const char *dir)
{
	git_repository *git = NULL;
	const char *start = dir ? dir : ".";
	int error;

	*out = NULL;
	if ((error = lib_init()) < 0)
		return error;
	error = git_repository_open_ext(&git, start, 0, NULL);
	if (error == GIT_ENOTFOUND) {
		crisis_error("not a git repository (or any of the parent folders): '%s'", start);
		error = REPO_NOT_FOUND;
		goto fail;
	}
	if (error < 0) {
		error = fail(REPO_ERR, "cannot open the repository at '%s'", start);
		goto fail;
	}
	if ((error = wrap(out, git)) < 0)
		goto fail;
	return 0;
fail:
	git_repository_free(git);
	git_libgit2_shutdown();
	return error;
}

int repo_init(struct repo **out, const char *dir, bool *created)
{
	git_repository *git = NULL;
	int error;

	*out = NULL;
	if (created)
		*created = false;
	if ((error = lib_init()) < 0)
		return error;
	error = git_repository_open_ext(&git, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (error == GIT_ENOTFOUND) {
		git_error_clear();
		if ((error = git_repository_init(&git, dir, 0)) < 0) {
			error = fail(REPO_ERR, "cannot create a repository at '%s'", dir);
			goto fail;
		}
		if (created)
			*created = true;
	} else if (error < 0) {
		error = fail(REPO_ERR, "cannot open the repository at '%s'", dir);
		goto fail;
	}
	if ((error = wrap(out, git)) < 0)
		goto fail;
	return 0;
fail:
	git_repository_free(git);
	git_libgit2_shutdown();
	return error;
}

void repo_free(struct repo *r)
{
	if (!r)
		return;
	git_repository_free(r->git);
	free(r->workdir);
	free(r);
	git_libgit2_shutdown();
}

const char *repo_workdir(const struct repo *r)
{
	return r->workdir;
}

bool repo_head_detached(const struct repo *r)
{
	int ret = git_repository_head_detached(r->git);
	if (ret < 0)
		git_error_clear();
	return ret == 1;
}

bool repo_head_unborn(const struct repo *r)
{
	int ret = git_repository_head_unborn(r->git);
	if (ret < 0)
		git_error_clear();
	return ret == 1;
}

/* --- paths -------------------------------------------------------------- */

/* Is `name` (of length `len`) ".git", in any case? */
static bool is_dotgit(const char *name, size_t len)
{
	return len == 4 && !strncasecmp(name, ".git", 4);
}

/*
 * A path as the index holds it: relative, '/'-separated, no empty, "." or
 * ".." component, nothing inside a .git folder.
 */
static bool valid_repo_path(const char *path)
{
	const char *p = path;

	if (!*p)
		return false;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		if (!len || (len == 1 && p[0] == '.') || (len == 2 && !strncmp(p, "..", 2)) ||
		    is_dotgit(p, len))
			return false;
		if (!slash)
			return true;
		p = slash + 1;
	}
}

int repo_relpath(const struct repo *r, const char *path, struct buf *out)
{
	struct buf full = BUF_INIT;
	char *real = NULL, *dir = NULL;
	const char *base, *rel;
	size_t len = strlen(path), wdlen = strlen(r->workdir);
	int error = REPO_ERR;

	if (!len) {
		crisis_error("empty path");
		goto done;
	}
	/* The last component, which need not exist yet (a new plan). */
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
		/* "dir/", "." or "..": the whole path names a folder */
		if (!(real = realpath(path, NULL))) {
			crisis_error("cannot resolve '%s': %s", path, strerror(errno));
			goto done;
		}
		buf_adds(&full, real);
	} else {
		dir = base == path ? xstrdup(".") : xstrndup(path, (size_t)(base - path));
		if (!(real = realpath(dir, NULL))) {
			crisis_error("cannot resolve '%s': %s", path, strerror(errno));
			goto done;
		}
		buf_adds(&full, real);
		if (full.ptr[full.len - 1] != '/')
			buf_addc(&full, '/');
		buf_adds(&full, base);
	}
	if (full.len + 1 == wdlen && !strncmp(full.ptr, r->workdir, full.len)) {
		rel = "";	/* the working tree's root */
	} else if (full.len > wdlen && !strncmp(full.ptr, r->workdir, wdlen)) {
		rel = full.ptr + wdlen;
	} else {
		crisis_error("'%s' is outside the repository at '%s'", path, r->workdir);
		goto done;
	}
	for (const char *p = rel; *p;) {
		size_t n = strcspn(p, "/");
		if (is_dotgit(p, n)) {
			crisis_error("'%s' is inside the repository's git folder", path);
			goto done;
		}
		p += n + (p[n] == '/');
	}
	buf_adds(out, rel);
	error = 0;
done:
	free(real);
	free(dir);
	buf_release(&full);
	return error;
}

/* --- committing --------------------------------------------------------- */

static int signature(git_signature **sig, git_repository *git, const char *what)
{
	/*
	 * As git does, GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL win over the
	 * configuration (CI jobs set them); libgit2 1.5 reads only the latter.
	 */
	const char *name = getenv("GIT_AUTHOR_NAME"), *email = getenv("GIT_AUTHOR_EMAIL");
	if (name && *name && email && *email) {
		if (git_signature_now(sig, name, email) < 0)
			return fail(REPO_ERR, "cannot %s: bad GIT_AUTHOR_NAME or GIT_AUTHOR_EMAIL", what);
		return 0;
	}
	if (git_signature_default(sig, git) < 0)
		return fail(REPO_ERR, "cannot %s: author identity unknown (set it with "
			    "git config user.name \"Your Name\" and "
			    "git config user.email you@example.com)", what);
	return 0;
}

/* The message as git would store it: trailing whitespace cut, one final newline. */
static int clean_message(git_buf *out, const char *message, const char *what)
{
	if (git_message_prettify(out, message ? message : "", 0, '#') < 0)
		return fail(REPO_ERR, "cannot %s", what);
	return 0;
}

static const char *state_name(int state)
{
	switch (state) {
	case GIT_REPOSITORY_STATE_MERGE: return "merge";
	case GIT_REPOSITORY_STATE_REVERT:
	case GIT_REPOSITORY_STATE_REVERT_SEQUENCE: return "revert";
	case GIT_REPOSITORY_STATE_CHERRYPICK:
	case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE: return "cherry-pick";
	case GIT_REPOSITORY_STATE_BISECT: return "bisect";
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX:
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE: return "git am";
	default: return "rebase";
	}
}

static int index_locked(const char *lock)
{
	crisis_error("cannot commit: '%s' exists: another git process may be running in "
		     "this repository (if none is, remove the file)", lock);
	return REPO_LOCKED;
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* An index entry put aside, to restore it if the commit fails. */
struct saved_entry {
	git_index_entry entry;
	char *path;
};

struct saved {
	struct saved_entry *items;
	size_t nr, alloc;
};

/* Put aside every stage of `path` in the index. */
static void save_entries(struct saved *s, git_index *idx, const char *path)
{
	for (int stage = 0; stage <= 3; stage++) {
		const git_index_entry *e = git_index_get_bypath(idx, path, stage);
		if (!e)
			continue;
		ALLOC_GROW(s->items, s->nr + 1, s->alloc);
		s->items[s->nr].entry = *e;
		s->items[s->nr].path = xstrdup(e->path);
		s->items[s->nr].entry.path = s->items[s->nr].path;
		s->nr++;
	}
}

/* Put the saved entries of `paths` back, and write the index; <0 when that failed too. */
static int restore_entries(const struct saved *s, git_index *idx,
			   const char *const *paths, size_t nr)
{
	int error = 0;

	for (size_t i = 0; i < nr; i++)
		for (int stage = 0; stage <= 3; stage++)
			if (git_index_get_bypath(idx, paths[i], stage) &&
			    (error = git_index_remove(idx, paths[i], stage)) < 0)
				goto done;
	for (size_t i = 0; i < s->nr; i++)
		if ((error = git_index_add(idx, &s->items[i].entry)) < 0)
			goto done;
	error = git_index_write(idx);
done:
	git_error_clear();
	return error;
}

static void saved_release(struct saved *s)
{
	for (size_t i = 0; i < s->nr; i++)
		free(s->items[i].path);
	free(s->items);
}

int repo_commit_paths(struct repo *r, const char *const *paths, size_t nr,
		      const char *message, char out[REPO_ID_HEX])
{
	git_repository *git = r->git;
	git_index *idx = NULL;
	git_reference *head = NULL;
	git_object *parent = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_signature *sig = NULL;
	git_buf msg = { NULL, 0, 0 };
	git_tree_update *updates = NULL;
	const char **sorted = NULL;
	struct saved saved = { NULL, 0, 0 };
	struct buf lock = BUF_INIT, full = BUF_INIT;
	struct stat st;
	size_t n = 0, nupdates = 0;
	git_oid tree_id, commit_id;
	bool index_touched = false, index_written = false;
	int error, state;

	if (out)
		out[0] = '\0';
	if (!nr) {
		crisis_error("nothing to commit: no path given");
		return REPO_ERR;
	}
	for (size_t i = 0; i < nr; i++)
		if (!valid_repo_path(paths[i])) {
			crisis_error("cannot commit '%s': not a file path relative to the working tree",
				     paths[i]);
			return REPO_ERR;
		}
	if ((error = clean_message(&msg, message, "commit")) < 0)
		goto done;
	if (!msg.size) {
		error = crisis_error("aborting commit due to empty commit message");
		goto done;
	}

	error = git_repository_head_detached(git);
	if (error == 1) {
		error = crisis_error("cannot commit: HEAD is detached; check out a branch first "
				     "(git switch BRANCH)");
		goto done;
	} else if (error < 0) {
		error = fail(REPO_ERR, "cannot commit: cannot read HEAD");
		goto done;
	}
	state = git_repository_state(git);
	if (state < 0) {
		error = fail(REPO_ERR, "cannot commit: cannot read the repository's state");
		goto done;
	} else if (state != GIT_REPOSITORY_STATE_NONE) {
		error = crisis_error("cannot commit: a %s is in progress; finish or abort it first",
				     state_name(state));
		goto done;
	}

	if ((error = git_repository_index(&idx, git)) < 0) {
		error = fail(REPO_ERR, "cannot commit: cannot open the index");
		goto done;
	}
	/* Nothing is written while another git holds the index. */
	buf_addf(&lock, "%s.lock", git_index_path(idx));
	if (lstat(lock.ptr, &st) == 0) {
		error = index_locked(lock.ptr);
		goto done;
	}

	if ((error = signature(&sig, git, "commit")) < 0)
		goto done;

	error = git_repository_head(&head, git);
	if (error == GIT_EUNBORNBRANCH || error == GIT_ENOTFOUND) {
		git_error_clear();	/* the first commit */
	} else if (error < 0) {
		error = fail(REPO_ERR, "cannot commit: cannot read HEAD");
		goto done;
	} else if ((error = git_reference_peel(&parent, head, GIT_OBJECT_COMMIT)) < 0 ||
		   (error = git_commit_tree(&base, (git_commit *)parent)) < 0) {
		error = fail(REPO_ERR, "cannot commit: cannot read the commit at HEAD");
		goto done;
	}

	/* Start from the index on disk, not from what libgit2 kept in memory. */
	if ((error = git_index_read(idx, 1)) < 0) {
		error = fail(REPO_ERR, "cannot commit: cannot read the index");
		goto done;
	}

	/* Sorted, without duplicates (git_tree_create_updated refuses them). */
	sorted = xmalloc(nr * sizeof(*sorted));
	memcpy(sorted, paths, nr * sizeof(*sorted));
	qsort(sorted, nr, sizeof(*sorted), cmp_strp);
	for (size_t i = 0; i < nr; i++)
		if (!n || strcmp(sorted[n - 1], sorted[i]))
			sorted[n++] = sorted[i];
	updates = xcalloc(n, sizeof(*updates));

	for (size_t i = 0; i < n; i++) {
		const char *path = sorted[i];
		git_tree_entry *in_head = NULL;
		size_t had = saved.nr;

		save_entries(&saved, idx, path);
		buf_reset(&full);
		buf_addf(&full, "%s%s", r->workdir, path);
		if (lstat(full.ptr, &st) == 0) {
			const git_index_entry *e;
			if (S_ISDIR(st.st_mode)) {
				error = crisis_error("cannot commit '%s': is a folder", path);
				goto done;
			}
			if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
				error = crisis_error("cannot commit '%s': not a regular file", path);
				goto done;
			}
			index_touched = true;
			if ((error = git_index_add_bypath(idx, path)) < 0) {
				error = fail(REPO_ERR, "cannot commit '%s'", path);
				goto done;
			}
			if (!(e = git_index_get_bypath(idx, path, 0))) {
				error = crisis_error("cannot commit '%s': not in the index after adding it",
						     path);
				goto done;
			}
			updates[nupdates].action = GIT_TREE_UPDATE_UPSERT;
			git_oid_cpy(&updates[nupdates].id, &e->id);
			updates[nupdates].filemode = (git_filemode_t)e->mode;
			updates[nupdates].path = path;
			nupdates++;
			continue;
		}
		if (errno != ENOENT && errno != ENOTDIR) {
			error = crisis_error("cannot commit '%s': %s", path, strerror(errno));
			goto done;
		}
		/* Gone from the working tree: a deletion. */
		if (base) {
			error = git_tree_entry_bypath(&in_head, base, path);
			if (error == GIT_ENOTFOUND) {
				git_error_clear();
			} else if (error < 0) {
				error = fail(REPO_ERR, "cannot commit '%s'", path);
				goto done;
			} else if (git_tree_entry_type(in_head) == GIT_OBJECT_TREE) {
				git_tree_entry_free(in_head);
				error = crisis_error("cannot commit '%s': is a folder at HEAD", path);
				goto done;
			}
		}
		if (!in_head && saved.nr == had) {
			error = crisis_error("cannot commit '%s': no such file in the working tree, "
					     "the index or HEAD", path);
			goto done;
		}
		index_touched = true;
		if ((error = git_index_remove_bypath(idx, path)) < 0) {
			git_tree_entry_free(in_head);
			error = fail(REPO_ERR, "cannot commit '%s'", path);
			goto done;
		}
		if (in_head) {
			updates[nupdates].action = GIT_TREE_UPDATE_REMOVE;
			updates[nupdates].path = path;
			nupdates++;
			git_tree_entry_free(in_head);
		}
	}

	if ((error = git_tree_create_updated(&tree_id, git, base, nupdates, updates)) < 0) {
		error = fail(REPO_ERR, "cannot commit: cannot write the tree");
		goto done;
	}
	if (base && git_oid_equal(&tree_id, git_tree_id(base))) {
		if (n == 1)
			error = crisis_error("nothing to commit: '%s' is unchanged since HEAD",
					     sorted[0]);
		else
			error = crisis_error("nothing to commit: the %zu paths are unchanged since HEAD",
					     n);
		goto done;
	}
	if ((error = git_tree_lookup(&tree, git, &tree_id)) < 0) {
		error = fail(REPO_ERR, "cannot commit: cannot read the new tree");
		goto done;
	}

	/*
	 * The index first: if another git took its lock meanwhile, nothing
	 * has been committed yet. If the commit then fails, the saved entries
	 * go back.
	 */
	if ((error = git_index_write(idx)) < 0) {
		if (error == GIT_ELOCKED) {
			git_error_clear();
			error = index_locked(lock.ptr);
		} else {
			error = fail(REPO_ERR, "cannot commit: cannot write the index");
		}
		goto done;
	}
	index_written = true;
	{
		const git_commit *parents[1] = { (const git_commit *)parent };
		error = git_commit_create(&commit_id, git, "HEAD", sig, sig, NULL, msg.ptr, tree,
					  parent ? 1 : 0, parents);
	}
	if (error < 0) {
		if (error == GIT_EMODIFIED)
			error = fail(REPO_ERR, "cannot commit: HEAD moved while committing");
		else if (error == GIT_ELOCKED)
			error = fail(REPO_LOCKED, "cannot commit: another git process may be "
				     "running in this repository");
		else
			error = fail(REPO_ERR, "cannot commit");
		goto done;
	}
	if (out)
		oid_hex(out, &commit_id);
	error = 0;
done:
	if (error < 0 && idx) {
		if (index_written && restore_entries(&saved, idx, sorted, n) < 0) {
			char *why = xstrdup(crisis_error_last());
			crisis_error("%s (and the index could not be put back: see git status)", why);
			free(why);
		} else if (!index_written && index_touched && git_index_read(idx, 1) < 0) {
			git_error_clear();	/* dropping the changes made in memory failed */
		}
	}
	saved_release(&saved);
	free(updates);
	free(sorted);
	buf_release(&lock);
	buf_release(&full);
	git_tree_free(tree);
	git_tree_free(base);
	git_object_free(parent);
	git_reference_free(head);
	git_signature_free(sig);
	git_buf_dispose(&msg);
	git_index_free(idx);
	return error;
}

/* --- reading ------------------------------------------------------------ */

/* The object `rev` names, peeled to `type`. */
static int lookup_rev(git_object **out, git_repository *git, const char *rev,
		      git_object_t type, const char *what)
{
	git_object *obj = NULL;
	int error = git_revparse_single(&obj, git, rev);

	*out = NULL;
	if (error == GIT_ENOTFOUND || error == GIT_EINVALIDSPEC || error == GIT_EUNBORNBRANCH) {
		git_error_clear();
		crisis_error("unknown revision '%s'", rev);
		return REPO_NOT_FOUND;
	}
	if (error == GIT_EAMBIGUOUS)
		return fail(REPO_ERR, "ambiguous revision '%s'", rev);
	if (error < 0)
		return fail(REPO_ERR, "cannot %s: cannot resolve '%s'", what, rev);
	error = git_object_peel(out, obj, type);
	git_object_free(obj);
	if (error < 0) {
		git_error_clear();
		crisis_error("revision '%s' is not a commit", rev);
		return REPO_NOT_FOUND;
	}
	return 0;
}

int repo_read_at(struct repo *r, const char *rev, const char *path, struct buf *out)
{
	git_object *tree = NULL;
	git_tree_entry *entry = NULL;
	git_blob *blob = NULL;
	int error;

	if ((error = lookup_rev(&tree, r->git, rev, GIT_OBJECT_TREE, "read")) < 0)
		return error;
	error = git_tree_entry_bypath(&entry, (git_tree *)tree, path);
	if (error == GIT_ENOTFOUND || error == GIT_EINVALIDSPEC || (error < 0 && !*path)) {
		git_error_clear();
		crisis_error("path '%s' does not exist in '%s'", path, rev);
		error = REPO_NOT_FOUND;
		goto done;
	}
	if (error < 0) {
		error = fail(REPO_ERR, "cannot read '%s' at '%s'", path, rev);
		goto done;
	}
	if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) {
		error = crisis_error("cannot read '%s' at '%s': not a file", path, rev);
		goto done;
	}
	if ((error = git_blob_lookup(&blob, r->git, git_tree_entry_id(entry))) < 0) {
		error = fail(REPO_ERR, "cannot read '%s' at '%s'", path, rev);
		goto done;
	}
	if ((uint64_t)git_blob_rawsize(blob) > READ_MAX_BYTES) {
		error = crisis_error("cannot read '%s' at '%s': larger than %zu MiB", path, rev,
				     READ_MAX_BYTES >> 20);
		goto done;
	}
	buf_add(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	error = 0;
done:
	git_blob_free(blob);
	git_tree_entry_free(entry);
	git_object_free(tree);
	return error;
}

int repo_resolve(struct repo *r, const char *rev, char out[REPO_ID_HEX])
{
	git_object *commit = NULL;
	int error = lookup_rev(&commit, r->git, rev, GIT_OBJECT_COMMIT, "resolve");

	out[0] = '\0';
	if (error < 0)
		return error;
	oid_hex(out, git_object_id(commit));
	git_object_free(commit);
	return 0;
}

struct files_walk {
	const char *prefix;
	struct strlist *out;
	struct buf path;
};

static int add_file(const char *root, const git_tree_entry *e, void *data)
{
	struct files_walk *fw = data;
	if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
		return 0;
	buf_reset(&fw->path);
	buf_addf(&fw->path, "%s%s%s", fw->prefix, root, git_tree_entry_name(e));
	strlist_add(fw->out, fw->path.ptr);
	return 0;
}

int repo_files_at(struct repo *r, const char *rev, const char *prefix, struct strlist *out)
{
	git_object *tree = NULL;
	git_tree *sub = NULL;
	git_tree_entry *entry = NULL;
	struct files_walk fw = { "", out, BUF_INIT };
	struct buf dir = BUF_INIT;
	int error;

	if ((error = lookup_rev(&tree, r->git, rev, GIT_OBJECT_TREE, "list the files")) < 0)
		return error;
	buf_adds(&dir, prefix ? prefix : "");
	while (dir.len && dir.ptr[dir.len - 1] == '/')
		dir.ptr[--dir.len] = '\0';
	if (dir.len) {
		error = git_tree_entry_bypath(&entry, (git_tree *)tree, dir.ptr);
		if (error == GIT_ENOTFOUND || (!error && git_tree_entry_type(entry) != GIT_OBJECT_TREE)) {
			git_error_clear();
			error = 0;	/* no such folder: no files */
			goto done;
		}
		if (error < 0 || (error = git_tree_lookup(&sub, r->git, git_tree_entry_id(entry))) < 0) {
			error = fail(REPO_ERR, "cannot list the files of '%s' at '%s'", dir.ptr, rev);
			goto done;
		}
		buf_addc(&dir, '/');
		fw.prefix = dir.ptr;
	}
	if (git_tree_walk(sub ? sub : (git_tree *)tree, GIT_TREEWALK_PRE, add_file, &fw) < 0) {
		error = fail(REPO_ERR, "cannot list the files at '%s'", rev);
		goto done;
	}
	strlist_sort(out);
	error = 0;
done:
	buf_release(&fw.path);
	buf_release(&dir);
	git_tree_entry_free(entry);
	git_tree_free(sub);
	git_object_free(tree);
	return error;
}

/* --- history ------------------------------------------------------------ */

/*
 * repo_log is as fast as git log because it reads what git log reads, the
 * way git reads it:
 * - commits come from the commit-graph file that git gc writes (the root
 *   tree, the parents and the date of each commit, without inflating it),
 *   or else as raw objects; libgit2 1.5's revwalk reads neither faster nor
 *   the graph at all, so the walk is ours, in the same order as
 *   GIT_SORT_TIME and git log (newest commit date first);
 * - trees are read raw and searched for the one name needed, instead of
 *   parsed whole by git_tree_lookup;
 * - only as deep as needed: when the two root trees, or the two "plans"
 *   folders, are the same object, nothing below them is read;
 * - each commit's findings are kept in a small memo (`struct node`): the
 *   commit compared as a parent is usually the next one walked.
 * Only the commits reported are read whole, and the only diffs are those
 * that look for a rename: of a commit that adds the followed file, or that
 * both adds and removes files under the folder watched.
 */

/* The commit-graph (git's Documentation/gitformat-commit-graph.txt), version 1, SHA-1. */
struct graph_layer {
	unsigned char *map;
	size_t size;
	uint32_t n, base;	/* its commits, and those of the layers below it */
	const unsigned char *fanout, *oids, *cdat, *edge;
	size_t nedge;
};

struct graph {
	struct graph_layer *layers;
	size_t nr;
	uint32_t total;
};

#define GRAPH_NO_PARENT 0x70000000u
#define GRAPH_EXTRA_EDGES 0x80000000u
#define GRAPH_LAST_EDGE 0x80000000u

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const unsigned char *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

/* Map one graph file; false (and nothing kept) when it is missing or not as expected. */
static bool layer_open(struct graph_layer *l, const char *path, unsigned int bases)
{
	struct stat st;
	const unsigned char *d;
	size_t oidl = 0, cdat = 0;
	unsigned int nchunks;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	memset(l, 0, sizeof(*l));
	if (fd < 0)
		return false;
	if (fstat(fd, &st) < 0 || st.st_size < 8 || (uint64_t)st.st_size > SIZE_MAX) {
		close(fd);
		return false;
	}
	l->size = (size_t)st.st_size;
	l->map = mmap(NULL, l->size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (l->map == MAP_FAILED) {
		l->map = NULL;
		return false;
	}
	d = l->map;
	nchunks = d[6];
	if (memcmp(d, "CGPH", 4) || d[4] != 1 || d[5] != 1 || d[7] != bases ||
	    8 + ((size_t)nchunks + 1) * 12 > l->size)
		goto bad;
	for (unsigned int i = 0; i < nchunks; i++) {
		const unsigned char *c = d + 8 + 12 * i;
		uint64_t off = be64(c + 4), end = be64(c + 16);
		const unsigned char *at;
		size_t len;
		if (off > end || end > l->size)
			goto bad;
		at = d + off;
		len = (size_t)(end - off);
		switch (be32(c)) {
		case 0x4f494446: /* OIDF */
			if (len != 256 * 4)
				goto bad;
			l->fanout = at;
			break;
		case 0x4f49444c: /* OIDL */
			l->oids = at;
			oidl = len;
			break;
		case 0x43444154: /* CDAT */
			l->cdat = at;
			cdat = len;
			break;
		case 0x45444745: /* EDGE */
			l->edge = at;
			l->nedge = len / 4;
			break;
		}
	}
	if (!l->fanout || !l->oids || !l->cdat)
		goto bad;
	l->n = be32(l->fanout + 255 * 4);
	if (oidl != (size_t)l->n * GIT_OID_RAWSZ || cdat != (size_t)l->n * (GIT_OID_RAWSZ + 16))
		goto bad;
	for (unsigned int i = 1; i < 256; i++)
		if (be32(l->fanout + 4 * i) < be32(l->fanout + 4 * (i - 1)))
			goto bad;
	return true;
bad:
	munmap(l->map, l->size);
	memset(l, 0, sizeof(*l));
	return false;
}

static void graph_release(struct graph *g)
{
	for (size_t i = 0; i < g->nr; i++)
		munmap(g->layers[i].map, g->layers[i].size);
	free(g->layers);
	memset(g, 0, sizeof(*g));
}

static bool graph_add(struct graph *g, const char *path)
{
	struct graph_layer l;
	if (!layer_open(&l, path, (unsigned int)g->nr))
		return false;
	if ((uint64_t)g->total + l.n >= GRAPH_NO_PARENT) {
		munmap(l.map, l.size);
		return false;
	}
	l.base = g->total;
	g->total += l.n;
	g->layers = xrealloc(g->layers, (g->nr + 1) * sizeof(*g->layers));
	g->layers[g->nr++] = l;
	return true;
}

/* The repository's commit-graph, as git finds it; an empty one when there is none. */
static void graph_open(struct graph *g, git_repository *git)
{
	struct buf path = BUF_INIT, chain = BUF_INIT;
	const char *dir = git_repository_commondir(git);
	FILE *fp;
	char line[128];

	memset(g, 0, sizeof(*g));
	buf_addf(&path, "%sobjects/info/commit-graph", dir);
	if (graph_add(g, path.ptr))
		goto done;
	buf_reset(&path);
	buf_addf(&path, "%sobjects/info/commit-graphs/", dir);
	buf_addf(&chain, "%scommit-graph-chain", path.ptr);
	if (!(fp = fopen(chain.ptr, "r")))
		goto done;
	while (fgets(line, sizeof(line), fp)) {
		size_t len = strcspn(line, "\r\n");
		line[len] = '\0';
		buf_reset(&chain);
		buf_addf(&chain, "%sgraph-%s.graph", path.ptr, line);
		if (len != GIT_OID_HEXSZ || !graph_add(g, chain.ptr)) {
			graph_release(g);	/* a broken chain: read the objects */
			break;
		}
	}
	fclose(fp);
done:
	buf_release(&path);
	buf_release(&chain);
}

/* The position of `id` in the graph, or -1. */
static int64_t graph_find(const struct graph *g, const git_oid *id)
{
	for (size_t i = 0; i < g->nr; i++) {
		const struct graph_layer *l = &g->layers[i];
		unsigned int b = id->id[0];
		uint32_t lo = b ? be32(l->fanout + 4 * (b - 1)) : 0, hi = be32(l->fanout + 4 * b);
		if (hi > l->n)
			continue;
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;
			int c = memcmp(l->oids + (size_t)mid * GIT_OID_RAWSZ, id->id, GIT_OID_RAWSZ);
			if (!c)
				return (int64_t)l->base + mid;
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return -1;
}

static const struct graph_layer *graph_layer(const struct graph *g, uint32_t pos)
{
	for (size_t i = g->nr; i-- > 0;)
		if (pos >= g->layers[i].base)
			return pos - g->layers[i].base < g->layers[i].n ? &g->layers[i] : NULL;
	return NULL;
}

static bool graph_oid(const struct graph *g, uint32_t pos, git_oid *out)
{
	const struct graph_layer *l = graph_layer(g, pos);
	if (!l)
		return false;
	git_oid_fromraw(out, l->oids + (size_t)(pos - l->base) * GIT_OID_RAWSZ);
	return true;
}

/*
 * What the walk needs of a commit. ids[0] is its root tree and ids[k] the
 * entry named comps[k - 1] in the tree ids[k - 1]: levels are read lazily,
 * only as deep as a comparison needs.
 */
struct node {
	git_oid commit;
	bool used;
	int64_t time;		/* the commit date */
	git_oid *parents;
	size_t nparents, alloc;
	size_t known;		/* ids[0 .. known - 1] are read */
	bool end;		/* the path stops at level `known` */
	uint32_t mode;		/* the mode of ids[known - 1] */
	git_oid *ids;		/* depth + 1 */
};

static void node_add_parent(struct node *n, const git_oid *id)
{
	ALLOC_GROW(n->parents, n->nparents + 1, n->alloc);
	git_oid_cpy(&n->parents[n->nparents++], id);
}

/* The commits to walk, newest commit date first, the first queued first among equals. */
struct queue_item {
	int64_t time;
	uint64_t seq;
	git_oid id;
};

struct queue {
	struct queue_item *items;
	size_t nr, alloc;
	uint64_t seq;
};

static bool queue_before(const struct queue_item *a, const struct queue_item *b)
{
	return a->time != b->time ? a->time > b->time : a->seq < b->seq;
}

static void queue_push(struct queue *q, const git_oid *id, int64_t time)
{
	size_t i = q->nr++;
	ALLOC_GROW(q->items, q->nr, q->alloc);
	q->items[i].time = time;
	q->items[i].seq = q->seq++;
	git_oid_cpy(&q->items[i].id, id);
	while (i && queue_before(&q->items[i], &q->items[(i - 1) / 2])) {
		struct queue_item t = q->items[i];
		q->items[i] = q->items[(i - 1) / 2];
		q->items[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static bool queue_pop(struct queue *q, git_oid *id)
{
	size_t i = 0;

	if (!q->nr)
		return false;
	git_oid_cpy(id, &q->items[0].id);
	q->items[0] = q->items[--q->nr];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, best = i;
		if (l < q->nr && queue_before(&q->items[l], &q->items[best]))
			best = l;
		if (r < q->nr && queue_before(&q->items[r], &q->items[best]))
			best = r;
		if (best == i)
			return true;
		struct queue_item t = q->items[i];
		q->items[i] = q->items[best];
		q->items[best] = t;
		i = best;
	}
}

/* The commits already queued (open addressing; ids are random enough to hash). */
struct oidset {
	git_oid *slots;
	bool *used;
	size_t cap, nr;
};

static size_t oidset_slot(const struct oidset *s, const git_oid *id)
{
	size_t h;
	memcpy(&h, id->id, sizeof(h));
	for (h &= s->cap - 1; s->used[h] && !git_oid_equal(&s->slots[h], id); h = (h + 1) & (s->cap - 1))
		;
	return h;
}

/* Add `id`; false when it was there already. */
static bool oidset_add(struct oidset *s, const git_oid *id)
{
	size_t h;

	if (2 * (s->nr + 1) > s->cap) {
		struct oidset big = { NULL, NULL, s->cap ? 2 * s->cap : 1024, 0 };
		big.slots = xmalloc(big.cap * sizeof(*big.slots));
		big.used = xcalloc(big.cap, sizeof(*big.used));
		for (size_t i = 0; i < s->cap; i++)
			if (s->used[i]) {
				h = oidset_slot(&big, &s->slots[i]);
				big.used[h] = true;
				git_oid_cpy(&big.slots[h], &s->slots[i]);
			}
		big.nr = s->nr;
		free(s->slots);
		free(s->used);
		*s = big;
	}
	h = oidset_slot(s, id);
	if (s->used[h])
		return false;
	s->used[h] = true;
	git_oid_cpy(&s->slots[h], id);
	s->nr++;
	return true;
}

#define MEMO_NODES 64
#define MODE_TYPE 0170000
#define MODE_TREE 0040000

struct walk {
	git_repository *git;
	git_odb *odb;
	struct graph graph;
	char *path;		/* the file followed, or NULL: any change under comps */
	char **comps;
	size_t depth;		/* number of components */
	struct node memo[MEMO_NODES];
	size_t next;		/* the ring's next victim */
	struct queue queue;
	struct oidset seen;
};

static void walk_set_path(struct walk *w, const char *path)
{
	char *copy = xstrdup(path ? path : "");
	char *save = NULL;

	for (size_t i = 0; i < w->depth; i++)
		free(w->comps[i]);
	free(w->comps);
	w->comps = NULL;
	w->depth = 0;
	for (char *c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		w->comps = xrealloc(w->comps, (w->depth + 1) * sizeof(*w->comps));
		w->comps[w->depth++] = xstrdup(c);
	}
	free(copy);
	/* what the memo knows was about the other path */
	for (size_t i = 0; i < MEMO_NODES; i++) {
		free(w->memo[i].ids);
		w->memo[i].ids = NULL;
		w->memo[i].used = false;
	}
}

static void walk_release(struct walk *w)
{
	for (size_t i = 0; i < w->depth; i++)
		free(w->comps[i]);
	free(w->comps);
	for (size_t i = 0; i < MEMO_NODES; i++) {
		free(w->memo[i].ids);
		free(w->memo[i].parents);
	}
	free(w->path);
	free(w->queue.items);
	free(w->seen.slots);
	free(w->seen.used);
	graph_release(&w->graph);
	git_odb_free(w->odb);
}

static int bad_object(const git_oid *id, const char *what)
{
	char hex[REPO_ID_HEX];
	oid_hex(hex, id);
	return fail(REPO_ERR, "cannot read %s %s", what, hex);
}

/* The commit at `pos` in the graph; false if the graph does not make sense there. */
static bool node_from_graph(const struct graph *g, struct node *n, uint32_t pos)
{
	const struct graph_layer *l = graph_layer(g, pos);
	const unsigned char *rec;
	uint32_t p1, p2;
	git_oid id;

	if (!l)
		return false;
	rec = l->cdat + (size_t)(pos - l->base) * (GIT_OID_RAWSZ + 16);
	git_oid_fromraw(&n->ids[0], rec);
	p1 = be32(rec + GIT_OID_RAWSZ);
	p2 = be32(rec + GIT_OID_RAWSZ + 4);
	n->time = (int64_t)(be64(rec + GIT_OID_RAWSZ + 8) & (((uint64_t)1 << 34) - 1));
	n->nparents = 0;
	if (p1 == GRAPH_NO_PARENT)
		return true;
	if (!graph_oid(g, p1, &id))
		return false;
	node_add_parent(n, &id);
	if (p2 == GRAPH_NO_PARENT)
		return true;
	if (!(p2 & GRAPH_EXTRA_EDGES))
		return graph_oid(g, p2, &id) ? (node_add_parent(n, &id), true) : false;
	/* an octopus merge: its other parents are listed in EDGE */
	for (size_t e = p2 & ~GRAPH_EXTRA_EDGES; l->edge && e < l->nedge; e++) {
		uint32_t v = be32(l->edge + 4 * e);
		if (!graph_oid(g, v & ~GRAPH_LAST_EDGE, &id))
			return false;
		node_add_parent(n, &id);
		if (v & GRAPH_LAST_EDGE)
			return true;
	}
	return false;
}

/* The same from the commit's raw text: "tree", "parent" lines, then the committer's date. */
static int node_from_object(struct walk *w, struct node *n, const git_oid *id)
{
	git_odb_object *obj = NULL;
	const char *p, *end, *committer, *eol, *gt;
	git_oid parent;
	int error = 0;

	if (git_odb_read(&obj, w->odb, id) < 0 || git_odb_object_type(obj) != GIT_OBJECT_COMMIT)
		goto bad;
	p = git_odb_object_data(obj);
	end = p + git_odb_object_size(obj);
	n->nparents = 0;
	if (end - p < 46 || memcmp(p, "tree ", 5) || p[45] != '\n' ||
	    git_oid_fromstrn(&n->ids[0], p + 5, GIT_OID_HEXSZ) < 0)
		goto bad;
	p += 46;
	while (end - p >= 48 && !memcmp(p, "parent ", 7) && p[47] == '\n') {
		if (git_oid_fromstrn(&parent, p + 7, GIT_OID_HEXSZ) < 0)
			goto bad;
		node_add_parent(n, &parent);
		p += 48;
	}
	/* "committer NAME <EMAIL> SECONDS ZONE" */
	n->time = 0;
	for (committer = p; committer < end; committer = eol + 1) {
		if (!(eol = memchr(committer, '\n', (size_t)(end - committer))) || eol == committer)
			break;
		if ((size_t)(eol - committer) > 10 && !memcmp(committer, "committer ", 10)) {
			for (gt = eol; gt > committer && gt[-1] != '>'; gt--)
				;
			n->time = strtoll(gt, NULL, 10);
			break;
		}
	}
	goto done;
bad:
	error = bad_object(id, "commit");
done:
	git_odb_object_free(obj);
	return error;
}

/* The node of `commit`, from the memo or read now; `keep` is not recycled. */
static int walk_node(struct walk *w, struct node **out, const git_oid *commit,
		     const struct node *keep)
{
	struct node *n;
	int64_t pos;
	int error;

	for (size_t i = 0; i < MEMO_NODES; i++)
		if (w->memo[i].used && git_oid_equal(&w->memo[i].commit, commit)) {
			*out = &w->memo[i];
			return 0;
		}
	n = &w->memo[w->next];
	if (n == keep) {
		w->next = (w->next + 1) % MEMO_NODES;
		n = &w->memo[w->next];
	}
	w->next = (w->next + 1) % MEMO_NODES;
	n->used = false;
	if (!n->ids)
		n->ids = xmalloc((w->depth + 1) * sizeof(*n->ids));
	pos = graph_find(&w->graph, commit);
	if (pos < 0 || !node_from_graph(&w->graph, n, (uint32_t)pos))
		if ((error = node_from_object(w, n, commit)) < 0)
			return error;
	git_oid_cpy(&n->commit, commit);
	n->known = 1;
	n->end = false;
	n->mode = MODE_TREE;
	n->used = true;
	*out = n;
	return 0;
}

/* One entry of a raw tree. */
struct tree_entry {
	const char *name;
	size_t len;
	uint32_t mode;
	const unsigned char *id;	/* GIT_OID_RAWSZ bytes */
};

/* The next entry of the raw tree [*p, end): 1, 0 at the end, <0 malformed. */
static int tree_next(const unsigned char **p, const unsigned char *end, struct tree_entry *e)
{
	const unsigned char *q = *p, *nul;

	if (q == end)
		return 0;
	e->mode = 0;
	while (q < end && *q >= '0' && *q <= '7')
		e->mode = e->mode * 8 + (uint32_t)(*q++ - '0');
	if (q == end || *q++ != ' ' || !(nul = memchr(q, '\0', (size_t)(end - q))) ||
	    (size_t)(end - nul - 1) < GIT_OID_RAWSZ)
		return -1;
	e->name = (const char *)q;
	e->len = (size_t)(nul - q);
	e->id = nul + 1;
	*p = nul + 1 + GIT_OID_RAWSZ;
	return 1;
}

static bool entry_is_tree(const struct tree_entry *e)
{
	return (e->mode & MODE_TYPE) == MODE_TREE;
}

/* git's order of tree entries: by name, a folder's name ending in '/'. */
static int entry_cmp(const struct tree_entry *a, const struct tree_entry *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->name, b->name, n);
	unsigned char ca, cb;

	if (c)
		return c;
	ca = a->len > n ? (unsigned char)a->name[n] : entry_is_tree(a) ? '/' : '\0';
	cb = b->len > n ? (unsigned char)b->name[n] : entry_is_tree(b) ? '/' : '\0';
	return ca - cb;
}

/* Find `name` in a raw tree: 1 with its id and mode, 0 when absent, <0 malformed. */
static int tree_find(const unsigned char *p, size_t size, const char *name,
		     git_oid *id, uint32_t *mode)
{
	const unsigned char *end = p + size;
	size_t len = strlen(name);
	struct tree_entry e;
	int ret;

	while ((ret = tree_next(&p, end, &e)) > 0)
		if (e.len == len && !memcmp(e.name, name, len)) {
			git_oid_fromraw(id, e.id);
			*mode = e.mode;
			return 1;
		}
	return ret;
}

static int read_tree(struct walk *w, const git_oid *id, git_odb_object **out)
{
	*out = NULL;
	if (git_odb_read(out, w->odb, id) < 0 || git_odb_object_type(*out) != GIT_OBJECT_TREE) {
		git_odb_object_free(*out);
		*out = NULL;
		return bad_object(id, "tree");
	}
	return 0;
}

/* Read `n` down to `level`; afterwards, the path exists there if n->known > level. */
static int resolve(struct walk *w, struct node *n, size_t level)
{
	while (n->known <= level && !n->end) {
		git_odb_object *obj;
		size_t k = n->known;
		uint32_t mode = 0;
		bool tree;
		int found;

		if (read_tree(w, &n->ids[k - 1], &obj) < 0)
			return -1;
		found = tree_find(git_odb_object_data(obj), git_odb_object_size(obj),
				  w->comps[k - 1], &n->ids[k], &mode);
		git_odb_object_free(obj);
		if (found < 0)
			return bad_object(&n->ids[k - 1], "tree");
		tree = (mode & MODE_TYPE) == MODE_TREE;
		/* Folders above the leaf; a file's leaf is not one, a prefix's is. */
		if (!found || (k < w->depth && !tree) ||
		    (k == w->depth && (w->path ? tree : !tree))) {
			n->end = true;
		} else {
			n->mode = mode;
			n->known = k + 1;
		}
	}
	return 0;
}

/* 1 when `a` and `b` hold the same thing at the watched path, 0 if not, <0 on error. */
static int same(struct walk *w, struct node *a, struct node *b)
{
	for (size_t k = 0; k <= w->depth; k++) {
		bool in_a, in_b;
		if (resolve(w, a, k) < 0 || resolve(w, b, k) < 0)
			return -1;
		in_a = a->known > k;
		in_b = b->known > k;
		if (!in_a || !in_b)
			return in_a == in_b;
		if (git_oid_equal(&a->ids[k], &b->ids[k]))
			return k < w->depth || a->mode == b->mode;
	}
	return 0;
}

/* A file a commit changed, while the walk builds the list. */
struct change {
	char *path;		/* "" when deleted */
	char *old;		/* the parent's path, when renamed or deleted */
	char kind;		/* 'A'dded, 'M'odified, 'D'eleted, 'R'enamed */
};

struct changes {
	struct change *items;
	size_t nr, alloc;
};

static void changes_add(struct changes *l, const struct buf *path, char kind)
{
	struct change *c;

	ALLOC_GROW(l->items, l->nr + 1, l->alloc);
	c = &l->items[l->nr++];
	c->kind = kind;
	c->path = xstrdup(kind == 'D' ? "" : buf_str(path));
	c->old = kind == 'D' ? xstrdup(buf_str(path)) : NULL;
}

static void changes_release(struct changes *l)
{
	for (size_t i = 0; i < l->nr; i++) {
		free(l->items[i].path);
		free(l->items[i].old);
	}
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/*
 * Every file that differs between the trees `new_id` and `old_id` (either
 * may be NULL: absent), in git's order, named from `path`.
 */
static int collect_changes(struct walk *w, const git_oid *new_id, const git_oid *old_id,
			   struct buf *path, struct changes *out)
{
	git_odb_object *nobj = NULL, *oobj = NULL;
	const unsigned char *np = NULL, *nend = NULL, *op = NULL, *oend = NULL;
	struct tree_entry ne, oe;
	int has_n = 0, has_o = 0, error = 0;
	size_t base = path->len;

	if ((new_id && read_tree(w, new_id, &nobj) < 0) ||
	    (old_id && read_tree(w, old_id, &oobj) < 0)) {
		error = -1;
		goto done;
	}
	if (nobj) {
		np = git_odb_object_data(nobj);
		nend = np + git_odb_object_size(nobj);
		has_n = tree_next(&np, nend, &ne);
	}
	if (oobj) {
		op = git_odb_object_data(oobj);
		oend = op + git_odb_object_size(oobj);
		has_o = tree_next(&op, oend, &oe);
	}
	while ((has_n > 0 || has_o > 0) && has_n >= 0 && has_o >= 0) {
		/* c < 0: only in the new tree, c > 0: only in the old one */
		int c = has_n <= 0 ? 1 : has_o <= 0 ? -1 : entry_cmp(&ne, &oe);
		const struct tree_entry *e = c <= 0 ? &ne : &oe;
		git_oid sub_new, sub_old;

		if (c || ne.mode != oe.mode || memcmp(ne.id, oe.id, GIT_OID_RAWSZ)) {
			if (base)
				buf_addc(path, '/');
			buf_add(path, e->name, e->len);
			if (!entry_is_tree(e)) {
				changes_add(out, path, c < 0 ? 'A' : c > 0 ? 'D' : 'M');
			} else {
				if (c <= 0)
					git_oid_fromraw(&sub_new, ne.id);
				if (c >= 0)
					git_oid_fromraw(&sub_old, oe.id);
				if ((error = collect_changes(w, c <= 0 ? &sub_new : NULL,
							     c >= 0 ? &sub_old : NULL, path, out)) < 0)
					goto done;
			}
			path->len = base;
			path->ptr[base] = '\0';
		}
		if (c <= 0)
			has_n = tree_next(&np, nend, &ne);
		if (c >= 0)
			has_o = tree_next(&op, oend, &oe);
	}
	if (has_n < 0 || has_o < 0)
		error = bad_object(has_n < 0 ? new_id : old_id, "tree");
done:
	git_odb_object_free(nobj);
	git_odb_object_free(oobj);
	return error;
}

/* The diff from the tree `old_id` to `new_id`, renames found: the walk's only diffs. */
static int diff_renames(struct walk *w, const git_oid *new_id, const git_oid *old_id,
			const git_oid *commit, git_diff **out)
{
	git_tree *ntree = NULL, *otree = NULL;
	git_diff_find_options find;
	int error = 0;

	*out = NULL;
	if (git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION) < 0)
		goto failed;
	find.flags = GIT_DIFF_FIND_RENAMES;
	if (git_tree_lookup(&ntree, w->git, new_id) < 0 ||
	    git_tree_lookup(&otree, w->git, old_id) < 0 ||
	    git_diff_tree_to_tree(out, w->git, otree, ntree, NULL) < 0 ||
	    git_diff_find_similar(*out, &find) < 0)
		goto failed;
	goto done;
failed:
	git_diff_free(*out);
	*out = NULL;
	error = bad_object(commit, "the renames of commit");
done:
	git_tree_free(ntree);
	git_tree_free(otree);
	return error;
}

/* Did the commit `cn` rename the followed path? *old gets its name in `pn`. */
static int find_rename(struct walk *w, const struct node *cn, const struct node *pn, char **old)
{
	git_diff *diff;

	*old = NULL;
	if (diff_renames(w, &cn->ids[0], &pn->ids[0], &cn->commit, &diff) < 0)
		return -1;
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		if (d->status == GIT_DELTA_RENAMED && !strcmp(d->new_file.path, w->path)) {
			*old = xstrdup(d->old_file.path);
			break;
		}
	}
	git_diff_free(diff);
	return 0;
}

/* Pair the files the folder `dir` gained and lost, when the commit renamed them. */
static int pair_renames(struct walk *w, const git_oid *new_id, const git_oid *old_id,
			const char *dir, const git_oid *commit, struct changes *l)
{
	git_diff *diff;
	struct buf from = BUF_INIT, to = BUF_INIT;
	size_t kept = 0;

	if (diff_renames(w, new_id, old_id, commit, &diff) < 0)
		return -1;
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		struct change *added = NULL, *gone = NULL;
		if (d->status != GIT_DELTA_RENAMED)
			continue;
		buf_reset(&from);
		buf_reset(&to);
		buf_addf(&from, "%s%s%s", dir, *dir ? "/" : "", d->old_file.path);
		buf_addf(&to, "%s%s%s", dir, *dir ? "/" : "", d->new_file.path);
		for (size_t j = 0; j < l->nr; j++) {
			if (l->items[j].kind == 'A' && !strcmp(l->items[j].path, to.ptr))
				added = &l->items[j];
			else if (l->items[j].kind == 'D' && !strcmp(l->items[j].old, from.ptr))
				gone = &l->items[j];
		}
		if (!added || !gone)
			continue;
		added->kind = 'R';
		added->old = gone->old;
		gone->old = NULL;
		gone->kind = 0;		/* dropped below */
	}
	for (size_t j = 0; j < l->nr; j++) {
		if (l->items[j].kind) {
			l->items[kept++] = l->items[j];
		} else {
			free(l->items[j].path);
			free(l->items[j].old);
		}
	}
	l->nr = kept;
	buf_release(&from);
	buf_release(&to);
	git_diff_free(diff);
	return 0;
}

/*
 * The author line and the message of a raw commit (as git_commit_lookup
 * would find them, without parsing the rest); the summary is the first
 * line of the message.
 */
static int commit_text(const git_oid *id, const char *p, size_t size, git_signature **author,
		       struct buf *message, struct buf *summary)
{
	const char *end = p + size, *eol, *s;

	*author = NULL;
	for (; p < end; p = eol + 1) {
		if (!(eol = memchr(p, '\n', (size_t)(end - p))))
			eol = end;
		if (eol == p) {		/* the blank line before the message */
			p++;
			break;
		}
		if (!*author && eol - p > 7 && !memcmp(p, "author ", 7)) {
			char *line = xstrndup(p + 7, (size_t)(eol - p - 7));
			int error = git_signature_from_buffer(author, line);
			free(line);
			if (error < 0)
				return bad_object(id, "the author of commit");
		}
	}
	if (!*author)
		return bad_object(id, "the author of commit");
	while (p < end && *p == '\n')
		p++;
	buf_add(message, p, (size_t)(end - p));
	for (s = p; s < end && *s != '\n'; s++)
		;
	while (s > p && isspace((unsigned char)s[-1]))
		s--;
	buf_add(summary, p, (size_t)(s - p));
	return 0;
}

/*
 * What the commit `cn` changed at the watched path or under the watched
 * folder (`pn` is its first parent, or NULL). In the file's history, a
 * rename is looked for only when the file is new in the commit.
 */
static int what_changed(struct walk *w, struct node *cn, struct node *pn, struct changes *l)
{
	size_t d = w->depth;
	struct buf dir = BUF_INIT;
	const git_oid *nid, *oid;
	bool added = false, gone = false;
	int error;

	if (resolve(w, cn, d) < 0 || (pn && resolve(w, pn, d) < 0))
		return -1;
	nid = cn->known > d ? &cn->ids[d] : NULL;
	oid = pn && pn->known > d ? &pn->ids[d] : NULL;
	if (w->path) {
		struct change c = { NULL, NULL, nid ? (oid ? 'M' : 'A') : 'D' };
		if (c.kind == 'A' && pn && find_rename(w, cn, pn, &c.old) < 0)
			return -1;
		if (c.old)
			c.kind = 'R';
		c.path = xstrdup(nid ? w->path : "");
		if (!nid)
			c.old = xstrdup(w->path);
		ALLOC_GROW(l->items, l->nr + 1, l->alloc);
		l->items[l->nr++] = c;
		return 0;
	}
	for (size_t i = 0; i < d; i++)
		buf_addf(&dir, "%s%s", i ? "/" : "", w->comps[i]);
	error = collect_changes(w, nid, oid, &dir, l);
	for (size_t i = 0; i < l->nr; i++) {
		added |= l->items[i].kind == 'A';
		gone |= l->items[i].kind == 'D';
	}
	if (!error && added && gone)
		error = pair_renames(w, nid, oid, buf_str(&dir), &cn->commit, l);
	buf_release(&dir);
	return error;
}

/*
 * Tell `fn` about the commit `cn`, which changed the watched path (`pn`
 * is its first parent, or NULL); a rename switches the walk to the old
 * path. 0 to go on, 1 when `fn` stops the walk, <0 on error.
 */
static int report(struct walk *w, struct node *cn, struct node *pn,
		  int (*fn)(const struct repo_commit *c, void *data), void *data)
{
	git_odb_object *obj = NULL;
	git_signature *author = NULL;
	struct repo_commit c;
	struct repo_change *list = NULL;
	struct changes changes = { NULL, 0, 0 };
	struct buf message = BUF_INIT, summary = BUF_INIT;
	int ret;

	if (git_odb_read(&obj, w->odb, &cn->commit) < 0 ||
	    git_odb_object_type(obj) != GIT_OBJECT_COMMIT) {
		ret = bad_object(&cn->commit, "commit");
		goto done;
	}
	if ((ret = commit_text(&cn->commit, git_odb_object_data(obj), git_odb_object_size(obj),
			       &author, &message, &summary)) < 0 ||
	    (ret = what_changed(w, cn, pn, &changes)) < 0)
		goto done;
	memset(&c, 0, sizeof(c));
	oid_hex(c.id, &cn->commit);
	if (pn)
		oid_hex(c.parent, &pn->commit);
	c.time = author->when.time;
	c.offset = author->when.offset;
	c.author = author->name;
	c.email = author->email;
	c.summary = buf_str(&summary);
	c.message = buf_str(&message);
	list = xcalloc(changes.nr + 1, sizeof(*list));
	for (size_t i = 0; i < changes.nr; i++) {
		list[i].path = changes.items[i].path;
		list[i].old_path = changes.items[i].old;
	}
	c.changes = list;
	c.nchanges = changes.nr;
	c.path = changes.nr ? list[0].path : "";
	c.old_path = changes.nr ? list[0].old_path : NULL;

	ret = fn(&c, data);
	if (ret > 0)
		ret = 1;
	/* Older commits know the followed file by its old name. */
	if (!ret && w->path && changes.nr && changes.items[0].kind == 'R') {
		free(w->path);
		w->path = changes.items[0].old;
		changes.items[0].old = NULL;
		walk_set_path(w, w->path);
	}
done:
	free(list);
	changes_release(&changes);
	buf_release(&message);
	buf_release(&summary);
	git_signature_free(author);
	git_odb_object_free(obj);
	return ret;
}

int repo_log(struct repo *r, const char *path, const char *prefix,
	     int (*fn)(const struct repo_commit *c, void *data), void *data)
{
	struct walk w;
	git_oid id;
	struct node *head;
	int error;

	memset(&w, 0, sizeof(w));
	w.git = r->git;
	if (path) {
		if (!valid_repo_path(path)) {
			crisis_error("cannot read the history of '%s': not a file path relative to "
				     "the working tree", path);
			return REPO_ERR;
		}
		w.path = xstrdup(path);
	}
	walk_set_path(&w, path ? path : prefix);
	/*
	 * Like git log, trust the objects read: hashing each one again took a
	 * third of the walk. The option is libgit2's default again afterwards.
	 */
	(void)git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);

	if ((error = git_repository_odb(&w.odb, r->git)) < 0) {
		error = fail(REPO_ERR, "cannot read the history");
		goto done;
	}
	error = git_reference_name_to_id(&id, r->git, "HEAD");
	if (error == GIT_ENOTFOUND || error == GIT_EUNBORNBRANCH) {
		git_error_clear();	/* no commit yet: no history */
		error = 0;
		goto done;
	} else if (error < 0) {
		error = fail(REPO_ERR, "cannot read the history: cannot read HEAD");
		goto done;
	}
	graph_open(&w.graph, r->git);
	if ((error = walk_node(&w, &head, &id, NULL)) < 0)
		goto done;
	oidset_add(&w.seen, &id);
	queue_push(&w.queue, &id, head->time);

	while (queue_pop(&w.queue, &id)) {
		struct node *cn, *pn = NULL, *p;
		size_t follow = SIZE_MAX;
		bool changed = true;

		if ((error = walk_node(&w, &cn, &id, NULL)) < 0)
			goto done;
		if (!cn->nparents) {
			/* a root commit changed the path if it has it */
			if ((error = resolve(&w, cn, w.depth)) < 0)
				goto done;
			changed = cn->known > w.depth;
		}
		/*
		 * Changed when it differs from every parent. Like git log's
		 * history simplification, a merge that took the path from one
		 * parent is followed through that parent only.
		 */
		for (size_t i = 0; i < cn->nparents; i++) {
			if ((error = walk_node(&w, &p, &cn->parents[i], cn)) < 0 ||
			    (error = same(&w, cn, p)) < 0)
				goto done;
			if (error) {
				changed = false;
				follow = i;
				break;
			}
		}
		for (size_t i = 0; i < cn->nparents; i++) {
			if ((follow != SIZE_MAX && i != follow) || !oidset_add(&w.seen, &cn->parents[i]))
				continue;
			if ((error = walk_node(&w, &p, &cn->parents[i], cn)) < 0)
				goto done;
			queue_push(&w.queue, &cn->parents[i], p->time);
		}
		if (!changed)
			continue;
		/* the first parent's node, which the others may have recycled */
		if (cn->nparents && (error = walk_node(&w, &pn, &cn->parents[0], cn)) < 0)
			goto done;
		if ((error = report(&w, cn, pn, fn, data)) != 0) {
			if (error > 0)
				error = 0;
			goto done;
		}
	}
	error = 0;
done:
	(void)git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
	walk_release(&w);
	return error;
}

/* --- tags --------------------------------------------------------------- */

int repo_tag(struct repo *r, const char *name, const char *message)
{
	git_object *target = NULL;
	git_signature *sig = NULL;
	git_buf msg = { NULL, 0, 0 };
	git_oid id;
	int valid = 0, error;

	if (git_tag_name_is_valid(&valid, name) < 0 || !valid) {
		git_error_clear();
		crisis_error("'%s' is not a valid tag name", name);
		return REPO_ERR;
	}
	error = git_revparse_single(&target, r->git, "HEAD");
	if (error == GIT_ENOTFOUND || error == GIT_EUNBORNBRANCH) {
		git_error_clear();
		crisis_error("cannot tag '%s': the branch has no commit yet", name);
		error = REPO_NOT_FOUND;
		goto done;
	} else if (error < 0) {
		error = fail(REPO_ERR, "cannot tag '%s': cannot read HEAD", name);
		goto done;
	}
	if ((error = signature(&sig, r->git, "tag")) < 0 ||
	    (error = clean_message(&msg, message, "tag")) < 0)
		goto done;
	error = git_tag_create(&id, r->git, name, target, sig, msg.ptr ? msg.ptr : "", 0);
	if (error == GIT_EEXISTS) {
		git_error_clear();
		error = crisis_error("tag '%s' already exists", name);
	} else if (error == GIT_EINVALIDSPEC) {
		git_error_clear();
		error = crisis_error("'%s' is not a valid tag name", name);
	} else if (error < 0) {
		error = fail(locked_code(error), "cannot tag '%s'", name);
	}
done:
	git_buf_dispose(&msg);
	git_signature_free(sig);
	git_object_free(target);
	return error;
}

/* Names compared with their runs of digits as numbers: v2 before v10. */
static int cmp_version(const void *pa, const void *pb)
{
	const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
	const char *sa = a, *sb = b;

	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			size_t la = 0, lb = 0;
			int c;
			while (*a == '0')
				a++;
			while (*b == '0')
				b++;
			while (isdigit((unsigned char)a[la]))
				la++;
			while (isdigit((unsigned char)b[lb]))
				lb++;
			if (la != lb)
				return la < lb ? -1 : 1;
			if ((c = strncmp(a, b, la)))
				return c;
			a += la;
			b += lb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		a++;
		b++;
	}
	if (*a || *b)
		return (unsigned char)*a - (unsigned char)*b;
	return strcmp(sa, sb);	/* "v01" and "v1": any fixed order */
}

int repo_tags(struct repo *r, const char *glob, struct strlist *out)
{
	git_strarray names = { NULL, 0 };

	if (git_tag_list_match(&names, glob ? glob : "*", r->git) < 0)
		return fail(REPO_ERR, "cannot list the tags");
	if (names.count > 1)
		qsort(names.strings, names.count, sizeof(*names.strings), cmp_version);
	for (size_t i = 0; i < names.count; i++)
		strlist_add(out, names.strings[i]);
	git_strarray_dispose(&names);
	return 0;
}
