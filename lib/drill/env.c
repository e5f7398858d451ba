#include "env.h"
#include "check/load.h"
#include "git/workspace.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct drill_env_plan {
	char *path, *id;
	bool tried;
	struct loaded lp;
	struct diag_file *f;
};

/* The value of a top-level key of a YAML file, read with the loader alone. */
static void peek(const char *path, const char *const *keys, char **values, size_t nr)
{
	struct buf text = BUF_INIT;
	struct doc doc = DOC_INIT;
	struct diag_file *f = diag_file_new(path, NULL);
	for (size_t i = 0; i < nr; i++)
		values[i] = NULL;
	if (fs_read_file(path, &text) == 0 &&
	    load_file_data(&doc, path, buf_str(&text), text.len, f) == 0) {
		xmlNode *root = xmlDocGetRootElement(doc.xml);
		for (size_t i = 0; i < nr; i++) {
			const char *v = doc_child_text(root, keys[i]);
			values[i] = v ? xstrdup(v) : NULL;
		}
	}
	diag_file_free(f);
	doc_release(&doc);
	buf_release(&text);
}

static void add_plan(struct drill_env *e, const char *path)
{
	static const char *const keys[] = { "id", "kind" };
	char *values[2];
	peek(path, keys, values, 2);
	bool plan = values[0] && values[1] && (!strcmp(values[1], "pca") || !strcmp(values[1], "pra"));
	for (size_t i = 0; plan && i < e->nr; i++)
		plan = strcmp(e->plans[i].id, values[0]) != 0;	/* the first file of an id wins */
	if (!plan) {
		free(values[0]);
		free(values[1]);
		return;
	}
	ALLOC_GROW(e->plans, e->nr + 1, e->alloc);
	e->plans[e->nr++] = (struct drill_env_plan){ .path = xstrdup(path), .id = values[0] };
	free(values[1]);
}

/* The last run of each plan: the date part of its `started`. */
static void add_runs(struct drill_env *e, const char *root)
{
	static const char *const keys[] = { "kind", "plan", "started" };
	static const char *const exts[] = { ".yaml", ".yml", NULL };
	struct strlist files = STRLIST_INIT;
	struct buf dir = BUF_INIT;
	buf_addf(&dir, "%s%s", root, DRILL_RUNS_DIR);
	if (fs_is_directory(dir.ptr))
		fs_walk(dir.ptr, exts, &files);
	for (size_t i = 0; i < files.nr; i++) {
		char *v[3];
		peek(files.items[i], keys, v, 3);
		if (v[0] && !strcmp(v[0], "drill-run") && v[1] && v[2] && strlen(v[2]) >= 10) {
			v[2][10] = '\0';
			const char *had = strmap_get(&e->exercises, v[1]);
			if (!had || strcmp(had, v[2]) < 0) {
				free((char *)strmap_put(&e->exercises, v[1], v[2]));
				if (had)
					free(v[1]);	/* the key stays the first one's */
				v[1] = v[2] = NULL;
			}
		}
		for (size_t k = 0; k < 3; k++)
			free(v[k]);
	}
	strlist_release(&files);
	buf_release(&dir);
}

static const struct loaded *find_plan(const struct rule_env *env, const char *id)
{
	struct drill_env *e = (struct drill_env *)env;
	const struct loaded *found = NULL;
	pthread_mutex_lock(&e->lock);
	for (size_t i = 0; i < e->nr && !found; i++) {
		struct drill_env_plan *p = &e->plans[i];
		if (strcmp(p->id, id))
			continue;
		if (!p->tried) {
			p->tried = true;
			p->f = diag_file_new(p->path, NULL);
			validate_load(e->v, p->f, p->path, &p->lp);
		}
		found = &p->lp;
	}
	pthread_mutex_unlock(&e->lock);
	return found;
}

void drill_env_init(struct drill_env *e, struct validator *v, const char *root,
		    char *const *extra, size_t nr_extra)
{
	memset(e, 0, sizeof(*e));
	e->v = v;
	pthread_mutex_init(&e->lock, NULL);
	for (size_t i = 0; i < nr_extra; i++)
		add_plan(e, extra[i]);
	if (root) {
		struct strlist files = STRLIST_INIT;
		struct buf path = BUF_INIT;
		if (workspace_plan_files(root, &files) == 0)
			for (size_t i = 0; i < files.nr; i++) {
				buf_reset(&path);
				buf_addf(&path, "%s%s", root, files.items[i]);
				add_plan(e, path.ptr);
			}
		strlist_release(&files);
		buf_release(&path);
		add_runs(e, root);
	}
	e->ids = xcalloc(e->nr + 1, sizeof(*e->ids));
	for (size_t i = 0; i < e->nr; i++)
		e->ids[i] = e->plans[i].id;
	e->env = (struct rule_env){
		.find_plan = find_plan, .plan_ids = e->ids, .nr_plan_ids = e->nr,
		.exercises = &e->exercises,
	};
	v->env = &e->env;
}

void drill_env_release(struct drill_env *e)
{
	if (e->v && e->v->env == &e->env)
		e->v->env = NULL;
	for (size_t i = 0; i < e->nr; i++) {
		if (e->plans[i].tried) {
			loaded_release(&e->plans[i].lp);
			diag_file_free(e->plans[i].f);
		}
		free(e->plans[i].path);
		free(e->plans[i].id);
	}
	free(e->plans);
	free(e->ids);
	for (size_t i = 0; i < e->exercises.cap; i++)
		if (e->exercises.slots[i].key) {
			free((char *)e->exercises.slots[i].key);
			free(e->exercises.slots[i].value);
		}
	strmap_release(&e->exercises);
	pthread_mutex_destroy(&e->lock);
	memset(e, 0, sizeof(*e));
}

static void free_env(struct rule_env *env)
{
	struct drill_env *e = (struct drill_env *)env;
	drill_env_release(e);
	free(e);
}

struct rule_env *drill_env_new(struct validator *v, const char *root, char *const *extra,
			       size_t nr_extra)
{
	struct drill_env *e = xmalloc(sizeof(*e));
	drill_env_init(e, v, root, extra, nr_extra);
	e->env.release = free_env;
	return &e->env;
}

const char *drill_env_plan_path(const struct drill_env *e, const char *id)
{
	for (size_t i = 0; i < e->nr; i++)
		if (e->plans[i].id && !strcmp(e->plans[i].id, id))
			return e->plans[i].path;
	return NULL;
}
