#include "history.h"
#include "plandiff.h"
#include "versions.h"
#include "store/index.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

struct history {
	struct workspace *ws;
	struct validator *v;
	/* The last version read: the next, older commit usually starts there. */
	struct loaded cached;
	bool has_cached, cached_ok;
	struct diag_file *cached_f;
	struct index *index;		/* .crisis/index.db, NULL when unusable */
	char *warning;
};

/* The index failed: say why once, and go on without it. */
static void drop_index(struct history *h)
{
	if (!h->warning)
		h->warning = xstrdup(crisis_error_last());
	index_close(h->index);
	h->index = NULL;
}

struct history *history_new(struct workspace *ws, struct validator *v)
{
	struct history *h = xcalloc(1, sizeof(*h));
	h->ws = ws;
	h->v = v;
	h->cached_f = diag_file_new("plan", NULL);
	if (index_open(&h->index, ws->root) < 0)
		drop_index(h);
	return h;
}

static void release_cached(struct history *h)
{
	if (h->has_cached)
		loaded_release(&h->cached);
	h->has_cached = h->cached_ok = false;
	diag_file_free(h->cached_f);
	h->cached_f = diag_file_new("plan", NULL);
}

void history_free(struct history *h)
{
	if (!h)
		return;
	release_cached(h);
	diag_file_free(h->cached_f);
	index_close(h->index);
	free(h->warning);
	free(h);
}

void history_flush(struct history *h)
{
	struct index *ix = h->index;
	h->index = NULL;
	if (index_close(ix) < 0 && !h->warning)
		h->warning = xstrdup(crisis_error_last());
}

const char *history_warning(const struct history *h)
{
	return h->warning;
}

/* The plan at `rev`:`path`, read for `out` (which the caller releases). */
static int load_at(struct history *h, const char *rev, const char *path, struct loaded *out)
{
	struct diag_file *f = diag_file_new(path, NULL);
	int ret = versions_load(h->ws, h->v, rev, path, out, f);
	diag_file_free(f);
	return ret;
}

/* What commit `c` changed in its plan: the version before against this one. */
static void compute_change(struct history *h, const struct repo_commit *c, struct plandiff *d)
{
	struct loaded before;
	const char *old = c->old_path ? c->old_path : c->path;
	int b = *c->parent ? load_at(h, c->parent, old, &before) : -1;

	memset(d, 0, sizeof(*d));
	if (!*c->parent)
		memset(&before, 0, sizeof(before));
	if (*c->path) {
		/* This version is the one the newer commit started from: often in hand. */
		struct buf now = BUF_INIT;
		bool hit = h->has_cached && repo_read_at(h->ws->repo, c->id, c->path, &now) == 0 &&
			   now.len == h->cached.text.len &&
			   !memcmp(buf_str(&now), buf_str(&h->cached.text), now.len);
		buf_release(&now);
		if (!hit) {
			release_cached(h);
			h->cached_ok = versions_load(h->ws, h->v, c->id, c->path, &h->cached,
						     h->cached_f) == 0;
			h->has_cached = true;
		}
	} else {
		release_cached(h);	/* deleted in this commit: nothing after */
	}
	plandiff_compute(d, b == 0 ? plan_of(&before) : NULL, h->cached_ok ? plan_of(&h->cached) : NULL);
	/* Keep the older version for the next (older) commit. */
	release_cached(h);
	h->cached = before;
	h->cached_ok = b == 0;
	h->has_cached = *c->parent != '\0';
}

void history_change(struct history *h, const struct repo_commit *c, const struct repo_change *ch,
		    struct buf *summary, struct buf *json)
{
	const char *key = *ch->path ? ch->path : ch->old_path ? ch->old_path : "";
	int known = h->index ? index_get_change(h->index, c->id, key, summary, json) : 0;
	if (known < 0)
		drop_index(h);
	if (known > 0)
		return;
	struct repo_commit one = *c;
	struct plandiff d;
	one.path = ch->path;
	one.old_path = ch->old_path;
	compute_change(h, &one, &d);
	plandiff_summary(summary, &d, 100);
	plandiff_json(json, &d);
	if (h->index && index_put_change(h->index, c->id, key, buf_str(summary), buf_str(json)) < 0)
		drop_index(h);
	plandiff_release(&d);
}
