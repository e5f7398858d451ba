/*
 * The history walk of the git layer: repo_log, on libgit2 1.5 and git's
 * commit-graph file (commitgraph.c).
 */
#include "repo.h"
#include "repo-internal.h"
#include "commitgraph.h"
#include "util/error.h"

#include <git2.h>

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
	struct commitgraph graph;
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
	commitgraph_release(&w->graph);
	git_odb_free(w->odb);
}

static int bad_object(const git_oid *id, const char *what)
{
	char hex[REPO_ID_HEX];
	oid_hex(hex, id);
	return repo_fail(CRISIS_ERROR, "cannot read %s %s", what, hex);
}

static void node_parent(void *data, const git_oid *id)
{
	node_add_parent(data, id);
}

/* The commit at `pos` in the graph; false if the graph does not make sense there. */
static bool node_from_graph(const struct commitgraph *g, struct node *n, uint32_t pos)
{
	n->nparents = 0;
	return commitgraph_commit(g, pos, &n->ids[0], &n->time, node_parent, n);
}

/* A commit's raw text: "tree", "parent" lines, then the committer's date. */
static bool node_parse(struct node *n, const char *p, const char *end)
{
	const char *committer, *eol, *gt;
	git_oid parent;

	n->nparents = 0;
	if (end - p < 46 || memcmp(p, "tree ", 5) || p[45] != '\n' ||
	    git_oid_fromstrn(&n->ids[0], p + 5, GIT_OID_HEXSZ) < 0)
		return false;
	p += 46;
	while (end - p >= 48 && !memcmp(p, "parent ", 7) && p[47] == '\n') {
		if (git_oid_fromstrn(&parent, p + 7, GIT_OID_HEXSZ) < 0)
			return false;
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
	return true;
}

/* The same from the commit object, when the graph does not have it. */
static int node_from_object(struct walk *w, struct node *n, const git_oid *id)
{
	git_odb_object *obj = NULL;
	int error = 0;

	if (git_odb_read(&obj, w->odb, id) < 0 || git_odb_object_type(obj) != GIT_OBJECT_COMMIT ||
	    !node_parse(n, git_odb_object_data(obj),
			(const char *)git_odb_object_data(obj) + git_odb_object_size(obj)))
		error = bad_object(id, "commit");
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
	pos = commitgraph_find(&w->graph, commit);
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
		return bad_object(commit, "the renames of commit");
	find.flags = GIT_DIFF_FIND_RENAMES;
	if (git_tree_lookup(&ntree, w->git, new_id) < 0 ||
	    git_tree_lookup(&otree, w->git, old_id) < 0 ||
	    git_diff_tree_to_tree(out, w->git, otree, ntree, NULL) < 0 ||
	    git_diff_find_similar(*out, &find) < 0) {
		git_diff_free(*out);
		*out = NULL;
		error = bad_object(commit, "the renames of commit");
	}
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
		if (!repo_valid_path(path)) {
			crisis_error("cannot read the history of '%s': not a file path relative to "
				     "the working tree", path);
			return CRISIS_ERROR;
		}
		w.path = xstrdup(path);
	}
	walk_set_path(&w, path ? path : prefix);
	/*
	 * Like git log, trust the objects read: hashing each one again took a
	 * third of the walk. And keep no cache of them: the memo already reads
	 * each tree once, and libgit2's cache of every tree and commit read
	 * grew the walk by 1,700 page faults on 10,000 commits (a fifth of its
	 * time). Both options are libgit2's defaults again afterwards.
	 */
	(void)git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	(void)git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);

	if ((error = git_repository_odb(&w.odb, r->git)) < 0) {
		error = repo_fail(CRISIS_ERROR, "cannot read the history");
		goto done;
	}
	error = git_reference_name_to_id(&id, r->git, "HEAD");
	if (error == GIT_ENOTFOUND || error == GIT_EUNBORNBRANCH) {
		git_error_clear();	/* no commit yet: no history */
		error = 0;
		goto done;
	} else if (error < 0) {
		error = repo_fail(CRISIS_ERROR, "cannot read the history: cannot read HEAD");
		goto done;
	}
	commitgraph_open(&w.graph, r->git);
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
	(void)git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 1);
	walk_release(&w);
	return error;
}
