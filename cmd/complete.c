/*
 * What `crisis __complete` offers from the workspace: plan ids (and
 * PLAN@REV: the plan's approvals, HEAD...), drills, runs, debriefs, their
 * actions, contacts and cell roles, folders. A command says what its
 * positional arguments are (struct cmd's `complete`), an option what its
 * argument is (its `arg`, or its name for --debrief and --owner). Files are
 * read as text, quickly: completion must answer while the user waits.
 */
#include "cmd.h"
#include "git/repo.h"
#include "git/workspace.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/strlist.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void offer(const char *candidate, const char *cur)
{
	if (!strncmp(candidate, cur, strlen(cur)))
		puts(candidate);
}

/* The stems of the *.yaml, *.yml (and *.xml) files of root/dir, not hidden. */
static void stems(const char *root, const char *dir, const char *cur, bool xml)
{
	struct buf path = BUF_INIT;
	buf_addf(&path, "%s%s", root, dir);
	DIR *d = opendir(path.ptr);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		const char *dot = strrchr(e->d_name, '.');
		if (e->d_name[0] == '.' || !dot || (strcmp(dot, ".yaml") && strcmp(dot, ".yml") &&
						    (!xml || strcmp(dot, ".xml"))))
			continue;
		char *stem = xstrndup(e->d_name, (size_t)(dot - e->d_name));
		offer(stem, cur);
		free(stem);
	}
	if (d)
		closedir(d);
	buf_release(&path);
}

/*
 * The ids a YAML file lists under a top-level key (`contacts:`, `cell:`,
 * `actions:`): the "  - id: X" lines of that section, each given to `fn`.
 */
static void section_ids(const char *file, const char *key, void (*fn)(const char *id, void *data),
			void *data)
{
	struct buf text = BUF_INIT;
	size_t klen = strlen(key);
	bool in = false;
	if (fs_read_file(file, &text) < 0) {
		buf_release(&text);
		return;
	}
	for (char *line = text.ptr; line && *line;) {
		char *end = strchr(line, '\n');
		if (end)
			*end = '\0';
		if (line[0] && line[0] != ' ' && line[0] != '#')
			in = !strncmp(line, key, klen) && line[klen] == ':';
		else if (in && !strncmp(line, "  - id: ", 8))
			fn(line + 8 + strspn(line + 8, " \"'"), data);
		line = end ? end + 1 : NULL;
	}
	buf_release(&text);
}

struct offer_ctx {
	const char *cur, *prefix;
};

static void offer_id(const char *id, void *data)
{
	const struct offer_ctx *o = data;
	char *clean = xstrndup(id, strcspn(id, " \"'#\r"));
	if (o->prefix) {
		struct buf b = BUF_INIT;
		buf_addf(&b, "%s/%s", o->prefix, clean);
		offer(b.ptr, o->cur);
		buf_release(&b);
	} else {
		offer(clean, o->cur);
	}
	free(clean);
}

/* The ids of `key` sections of contacts.yaml and of every plan. */
static void party_ids(const char *root, const char *key, const char *cur)
{
	struct strlist files = STRLIST_INIT;
	struct offer_ctx o = { cur, NULL };
	struct buf path = BUF_INIT;
	buf_addf(&path, "%s%s", root, WORKSPACE_CONTACTS);
	section_ids(path.ptr, key, offer_id, &o);
	workspace_plan_files(root, &files);
	for (size_t i = 0; i < files.nr; i++)
		section_ids(files.items[i], key, offer_id, &o);
	strlist_release(&files);
	buf_release(&path);
}

/* The id of a debrief file: its "id:" line. */
static char *debrief_id(const char *file)
{
	struct buf text = BUF_INIT;
	char *id = NULL;
	if (fs_read_file(file, &text) == 0)
		for (char *line = text.ptr; line && *line && !id;) {
			if (!strncmp(line, "id: ", 4))
				id = xstrndup(line + 4, strcspn(line + 4, " \"'#\r\n"));
			line = strchr(line, '\n');
			line = line ? line + 1 : NULL;
		}
	buf_release(&text);
	return id;
}

static void debriefs(const char *root, const char *cur, bool actions)
{
	static const char *const exts[] = { ".yaml", ".yml", NULL };
	struct strlist files = STRLIST_INIT;
	struct buf dir = BUF_INIT;
	buf_addf(&dir, "%sdebriefs", root);
	if (fs_is_directory(dir.ptr))
		fs_walk(dir.ptr, exts, &files);
	for (size_t i = 0; i < files.nr; i++) {
		char *id = debrief_id(files.items[i]);
		if (!id)
			continue;
		if (actions) {
			/* ACTION, and DEBRIEF/ACTION when several debriefs share an action's id. */
			struct offer_ctx plain = { cur, NULL }, both = { cur, id };
			section_ids(files.items[i], "actions", offer_id, &plain);
			section_ids(files.items[i], "actions", offer_id, &both);
		} else {
			offer(id, cur);
		}
		free(id);
	}
	strlist_release(&files);
	buf_release(&dir);
}

/* PLAN@REV: the plan's approvals (vN), then HEAD and its parents. */
static void plan_revisions(const char *root, const char *cur)
{
	const char *at = strrchr(cur, '@');
	struct buf prefix = BUF_INIT, glob = BUF_INIT, b = BUF_INIT;
	struct strlist tags = STRLIST_INIT;
	struct repo *repo = NULL;
	buf_add(&prefix, cur, (size_t)(at - cur + 1));
	const char *base = strrchr(prefix.ptr, '/');
	base = base ? base + 1 : prefix.ptr;
	buf_addf(&glob, "plan/%.*s/v*", (int)strcspn(base, ".@"), base);
	if (repo_open(&repo, root) == 0 && repo_tags(repo, glob.ptr, &tags) == 0)
		for (size_t i = 0; i < tags.nr; i++) {
			buf_reset(&b);
			buf_addf(&b, "%s%s", prefix.ptr, strrchr(tags.items[i], '/') + 1);
			offer(b.ptr, cur);
		}
	static const char *const revs[] = { "HEAD", "HEAD~1", "HEAD~2" };
	for (size_t i = 0; i < sizeof(revs) / sizeof(*revs); i++) {
		buf_reset(&b);
		buf_addf(&b, "%s%s", prefix.ptr, revs[i]);
		offer(b.ptr, cur);
	}
	repo_free(repo);
	strlist_release(&tags);
	buf_release(&prefix);
	buf_release(&glob);
	buf_release(&b);
}

void complete_source(const char *source, const char *cur)
{
	static const char *const sections[] = {
		"participant", "timeline", "went-well", "went-wrong", "decision", "lesson", "action", NULL,
	};
	if (!strcmp(source, "files")) {
		puts("__files__");
		return;
	}
	if (!strcmp(source, "dirs")) {
		puts("__dirs__");
		return;
	}
	if (!strcmp(source, "sections")) {
		for (const char *const *s = sections; *s; s++)
			offer(*s, cur);
		return;
	}
	char *root = workspace_find_root();
	if (!root) {
		if (!strcmp(source, "plans") || !strcmp(source, "drills") || !strcmp(source, "runs"))
			puts("__files__");
		return;
	}
	if (!strcmp(source, "plans") && strchr(cur, '@')) {
		plan_revisions(root, cur);
	} else if (!strcmp(source, "plans")) {
		stems(root, WORKSPACE_PLANS, cur, true);
		puts("__files__");
	} else if (!strcmp(source, "drills")) {
		stems(root, "drills", cur, false);
		puts("__files__");
	} else if (!strcmp(source, "runs")) {
		stems(root, "drills/runs", cur, false);
	} else if (!strcmp(source, "debriefs")) {
		debriefs(root, cur, false);
	} else if (!strcmp(source, "actions")) {
		debriefs(root, cur, true);
	} else if (!strcmp(source, "contacts")) {
		party_ids(root, "contacts", cur);
	} else if (!strcmp(source, "parties")) {
		party_ids(root, "contacts", cur);
		party_ids(root, "cell", cur);
	} else if (!strcmp(source, "revisions")) {
		/* The revisions git knows best: HEAD and its parents. */
		static const char *const revs[] = { "HEAD", "HEAD~1", "HEAD~2" };
		for (size_t i = 0; i < sizeof(revs) / sizeof(*revs); i++)
			offer(revs[i], cur);
	}
	free(root);
}

const char *complete_option_source(const struct opt *o)
{
	if (!strcmp(o->name, "debrief"))
		return "debriefs";
	if (!strcmp(o->name, "owner") || !strcmp(o->arg, "PARTY"))
		return "parties";
	if (!strcmp(o->arg, "PLAN"))
		return "plans";
	if (!strcmp(o->arg, "CONTACT"))
		return "contacts";
	if (!strcmp(o->arg, "RUN"))
		return "runs";
	if (!strcmp(o->arg, "REV"))
		return "revisions";
	if (!strcmp(o->arg, "DIR"))
		return "dirs";
	if (!strcmp(o->arg, "FILE") || !strcmp(o->arg, "PATH"))
		return "files";
	return NULL;
}
