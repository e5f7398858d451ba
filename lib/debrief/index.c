#include "index.h"
#include "debrief.h"
#include "draft.h"
#include "drill/env.h"
#include "drill/run.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/strlist.h"
#include "util/strmap.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

/* The documents of one file, as they are gathered. */
struct docs {
	struct search_doc *items;
	size_t nr, alloc;
};

static long line_of(const xmlNode *node)
{
	unsigned long line = 0, col;
	if (node)
		doc_locate(node, &line, &col);
	return (long)line;
}

static int64_t mtime_of(const struct stat *sb)
{
	return (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
}

static void add(struct docs *d, const char *kind, const char *ref, const char *text,
		const char *tags, const xmlNode *node)
{
	if (!text || !*text)
		return;
	ALLOC_GROW(d->items, d->nr + 1, d->alloc);
	d->items[d->nr++] = (struct search_doc){ kind, ref, text, tags, line_of(node) };
}

/* A lesson's tags, separated by spaces, kept for the documents of the file. */
static const char *joined(struct strlist *keep, const struct idlist *l)
{
	struct buf b = BUF_INIT;
	if (!l->nr)
		return NULL;
	for (size_t i = 0; i < l->nr; i++)
		buf_addf(&b, "%s%s", i ? " " : "", l->ids[i]);
	strlist_add(keep, b.ptr);
	buf_release(&b);
	return keep->items[keep->nr - 1];
}

static void debrief_docs(const struct debrief *d, struct docs *out, struct strlist *keep)
{
	for (size_t i = 0; i < d->nr_lessons; i++) {
		const struct debrief_lesson *l = &d->lessons[i];
		add(out, "lesson", l->id, l->text, joined(keep, &l->tags), l->node);
	}
	for (size_t i = 0; i < d->nr_actions; i++)
		add(out, "action", d->actions[i].id, d->actions[i].what, NULL, d->actions[i].node);
	for (size_t i = 0; i < d->nr_decisions; i++) {
		const struct debrief_decision *x = &d->decisions[i];
		if (x->why) {
			struct buf b = BUF_INIT;
			buf_addf(&b, "%s (%s)", x->what ? x->what : "", x->why);
			strlist_add(keep, b.ptr);
			buf_release(&b);
			add(out, "decision", NULL, keep->items[keep->nr - 1], NULL, x->node);
		} else {
			add(out, "decision", NULL, x->what, NULL, x->node);
		}
	}
	for (size_t i = 0; i < d->went_well.nr; i++)
		add(out, "went-well", NULL, d->went_well.ids[i], NULL, d->went_well.nodes[i]);
	for (size_t i = 0; i < d->went_wrong.nr; i++)
		add(out, "went-wrong", NULL, d->went_wrong.ids[i], NULL, d->went_wrong.nodes[i]);
	for (size_t i = 0; i < d->nr_timeline; i++)
		add(out, "timeline", NULL, d->timeline[i].event, NULL, d->timeline[i].node);
}

static void run_docs(const struct drill_run *r, struct docs *out)
{
	for (size_t i = 0; i < r->nr_events; i++) {
		const struct run_event *ev = &r->events[i];
		switch (ev->type) {
		case EV_NOTE: add(out, "note", NULL, ev->text, NULL, ev->node); break;
		case EV_DECISION: add(out, "decision", NULL, ev->text, NULL, ev->node); break;
		case EV_DONE: add(out, "done", ev->expect, ev->text, NULL, ev->node); break;
		default: break;
		}
		if (ev->why)
			add(out, ev->type == EV_DECISION ? "decision" : "note", NULL, ev->why, NULL, ev->node);
	}
}

/* ---- keeping the index fresh ------------------------------------------------------------ */

struct stamp {
	int64_t mtime_ns, size;
	bool seen;
};

struct known {
	struct strmap stamps;		/* path -> struct stamp */
	struct strlist paths;		/* the keys */
	struct stamp *items;
	size_t nr, alloc;
};

static int remember(const struct search_file *f, void *data)
{
	struct known *k = data;
	strlist_add(&k->paths, f->path);
	ALLOC_GROW(k->items, k->nr + 1, k->alloc);
	k->items[k->nr++] = (struct stamp){ f->mtime_ns, f->size, false };
	return 0;
}

static int year_of(const char *date)
{
	return date && strlen(date) >= 4 ? atoi(date) : 0;
}

/* Read one file and index what it says (nothing when it does not load: its stamp still). */
static int index_file(struct search *s, struct validator *v, const char *root, const char *rel,
		      const struct stat *st, size_t *docs)
{
	struct buf full = BUF_INIT;
	struct loaded l;
	struct docs out = { 0 };
	struct strlist keep = STRLIST_INIT;
	struct search_file f = {
		.path = rel, .mtime_ns = mtime_of(st),
		.size = st->st_size,
	};
	buf_addf(&full, "%s%s", root, rel);
	struct diag_file *df = diag_file_new(rel, NULL);
	validate_load(v, df, full.ptr, &l);
	diag_file_free(df);
	const struct debrief *d = debrief_of(&l);
	const struct drill_run *r = drill_run_of(&l);
	if (d) {
		f.source = "debrief";
		f.id = d->id;
		f.plan = d->plan;
		f.year = year_of(d->date_text);
		debrief_docs(d, &out, &keep);
	} else if (r) {
		f.source = "drill-run";
		f.id = r->id;
		f.plan = r->plan;
		f.year = year_of(r->started);
		run_docs(r, &out);
	} else {
		f.source = "unreadable";
		f.id = rel;
	}
	int ret = search_put(s, &f, out.items, out.nr);
	*docs += out.nr;
	free(out.items);
	strlist_release(&keep);
	loaded_release(&l);
	buf_release(&full);
	return ret;
}

/* The stamps of `dir` and the folders under it (not hidden), appended to `sig`. */
static void folder_stamps(struct buf *sig, struct buf *dir)
{
	struct stat sb;
	if (stat(dir->ptr, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
		buf_addf(sig, "%s:none\n", dir->ptr);
		return;
	}
	buf_addf(sig, "%s:%lld\n", dir->ptr, (long long)mtime_of(&sb));
	/* A folder's links are itself, its entry in its parent and its sub-folders' "..". */
	if (sb.st_nlink == 2)
		return;
	DIR *d = opendir(dir->ptr);
	struct dirent *e;
	size_t len = dir->len;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.' || (e->d_type != DT_DIR && e->d_type != DT_UNKNOWN))
			continue;
		buf_addf(dir, "/%s", e->d_name);
		if (e->d_type == DT_DIR || (stat(dir->ptr, &sb) == 0 && S_ISDIR(sb.st_mode)))
			folder_stamps(sig, dir);
		dir->len = len;
		dir->ptr[len] = '\0';
	}
	if (d)
		closedir(d);
}

/*
 * What the index is made from: git's index (written by every commit,
 * checkout, merge and pull) and the folders of the records (a file added,
 * removed or replaced by a rename). HEAD itself does not matter: what is
 * indexed is the working tree.
 */
static void signature(struct buf *sig, const char *root)
{
	static const char *const dirs[] = { DEBRIEFS_DIR, DRILL_RUNS_DIR };
	struct buf path = BUF_INIT;
	struct stat sb;
	buf_addf(&path, "%s.git/index", root);
	if (stat(path.ptr, &sb) == 0)
		buf_addf(sig, "index:%lld:%lld\n", (long long)mtime_of(&sb), (long long)sb.st_size);
	for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
		buf_reset(&path);
		buf_addf(&path, "%s%.*s", root, (int)strlen(dirs[i]) - 1, dirs[i]);
		folder_stamps(sig, &path);
	}
	buf_release(&path);
}

#define STATE_KEY "made-from"

int index_refresh(struct search *s, const struct index_reader *rd, const char *root, bool all,
		  struct index_refresh *st)
{
	static const char *const exts[] = { ".yaml", ".yml", NULL };
	static const char *const dirs[] = { DEBRIEFS_DIR, DRILL_RUNS_DIR };
	struct known k = { 0 };
	struct strlist found = STRLIST_INIT;
	struct buf dir = BUF_INIT, sig = BUF_INIT, was = BUF_INIT;
	struct validator *v = NULL;
	bool skip = false;
	int ret;

	memset(st, 0, sizeof(*st));
	signature(&sig, root);
	if (!all && (ret = search_get_state(s, STATE_KEY, &was)) < 0)
		goto done;
	if (!all && ret == 1 && !strcmp(buf_str(&was), buf_str(&sig))) {
		ret = 0;
		goto done;
	}
	st->walked = true;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
		buf_reset(&dir);
		buf_addf(&dir, "%s%s", root, dirs[i]);
		if (fs_is_directory(dir.ptr))
			fs_walk(dir.ptr, exts, &found);
	}
	if (!all && (ret = search_files(s, remember, &k)) < 0)
		goto done;
	for (size_t i = 0; i < k.nr; i++)
		strmap_put(&k.stamps, k.paths.items[i], &k.items[i]);
	if ((ret = search_begin(s)) < 0)
		goto done;
	size_t skip_root = strlen(root);
	for (size_t i = 0; i < found.nr && ret >= 0; i++) {
		const char *rel = found.items[i] + skip_root;
		struct stat sb;
		if (stat(found.items[i], &sb) < 0)
			continue;
		st->files++;
		struct stamp *known = strmap_get(&k.stamps, rel);
		if (known) {
			known->seen = true;
			if (known->mtime_ns == mtime_of(&sb) && known->size == sb.st_size)
				continue;
		}
		st->read++;
		if (!v) {
			if (!(v = rd->get(rd->data))) {
				ret = CRISIS_ERROR;
				break;
			}
			skip = v->skip_rules;
			v->skip_rules = true;
		}
		ret = index_file(s, v, root, rel, &sb, &st->docs);
	}
	for (size_t i = 0; i < k.nr && ret >= 0; i++) {
		if (k.items[i].seen)
			continue;
		st->dropped++;
		ret = search_drop(s, k.paths.items[i]);
	}
	if (ret >= 0)
		ret = search_set_state(s, STATE_KEY, sig.ptr);
	if (ret >= 0)
		ret = search_commit(s);
done:
	if (v)
		v->skip_rules = skip;
	buf_release(&sig);
	buf_release(&was);
	strmap_release(&k.stamps);
	strlist_release(&k.paths);
	free(k.items);
	strlist_release(&found);
	buf_release(&dir);
	return ret < 0 ? ret : 0;
}
