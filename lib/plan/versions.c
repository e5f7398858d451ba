#include "versions.h"
#include "rules.h"
#include "plan.h"
#include "util/error.h"
#include "util/date.h"
#include "util/fs.h"
#include "check/config.h"
#include "check/load.h"
#include "check/rule.h"
#include "check/yamledit.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* A file that loads as a drill or a debrief is no plan: -1, with a finding that says what it is. */
static int plan_or_not(int ret, struct loaded *out, struct diag_file *f)
{
	if (ret == 0 && !plan_of(out)) {
		diag_add_sev(f, SEV_ERROR, RULE_IO_ERROR, 0, 0, NULL, "this is a %s, not a plan",
			     out->kind ? out->kind->name : "file of another kind");
		f->fatal = true;
		return -1;
	}
	return ret;
}

int versions_load(struct workspace *ws, struct validator *v, const char *rev,
		const char *relpath, struct loaded *out, struct diag_file *f)
{
	struct buf text = BUF_INIT;
	int ret;

	if (!rev) {
		struct buf path = BUF_INIT;
		buf_addf(&path, "%s%s", ws->root, relpath);
		ret = validate_load(v, f, path.ptr, out);
		buf_release(&path);
		return plan_or_not(ret, out, f);
	}
	if ((ret = repo_read_at(ws->repo, rev, relpath, &text)) < 0) {
		memset(out, 0, sizeof(*out));
		diag_add_sev(f, SEV_ERROR, RULE_IO_ERROR, 0, 0, NULL, "%s", crisis_error_last());
		f->fatal = true;
		buf_release(&text);
		return ret;
	}
	/* Checked against the shared contacts of the same revision, or none if it had none. */
	struct buf contacts = BUF_INIT;
	bool shared = repo_read_at(ws->repo, rev, WORKSPACE_CONTACTS, &contacts) == 0;
	ret = validate_load_text_with(v, f, &text, &plan_kind_contacts, WORKSPACE_CONTACTS,
				      shared ? &contacts : NULL, out);
	buf_release(&contacts);
	return plan_or_not(ret, out, f);
}

/* The id a plan file's text gives itself, or NULL. */
static char *id_of(const char *name, const struct buf *text)
{
	struct doc doc = DOC_INIT;
	struct diag_file *f = diag_file_new(name, NULL);
	char *id = NULL;

	if (load_file_data(&doc, name, buf_str(text), text->len, f) == 0) {
		const char *s = doc_child_text(xmlDocGetRootElement(doc.xml), "id");
		id = s ? xstrdup(s) : NULL;
	}
	doc_release(&doc);
	diag_file_free(f);
	return id;
}

int versions_path_at(struct workspace *ws, const char *rev, const char *relpath, const char *id,
		   struct buf *out)
{
	struct strlist files = STRLIST_INIT;
	struct buf text = BUF_INIT;
	int ret;

	buf_reset(out);
	if ((ret = repo_read_at(ws->repo, rev, relpath, &text)) == 0 || !id) {
		buf_adds(out, relpath);
		goto done;
	}
	ret = CRISIS_ENOTFOUND;
	if (repo_files_at(ws->repo, rev, WORKSPACE_PLANS, &files) < 0)
		goto done;
	for (size_t i = 0; i < files.nr && ret; i++) {
		buf_reset(&text);
		if (repo_read_at(ws->repo, rev, files.items[i], &text) < 0)
			continue;
		char *other = id_of(files.items[i], &text);
		if (other && !strcmp(other, id)) {
			buf_adds(out, files.items[i]);
			ret = 0;
		}
		free(other);
	}
	if (ret) {
		buf_adds(out, relpath);
		crisis_error("plan '%s' is not in '%s'", id, rev);
	}
done:
	strlist_release(&files);
	buf_release(&text);
	return ret;
}

int versions_last_approval(struct workspace *ws, const char *id, struct buf *tag, unsigned *n)
{
	struct strlist tags = STRLIST_INIT;
	struct buf glob = BUF_INIT;
	int ret;

	*n = 0;
	buf_reset(tag);
	buf_addf(&glob, "plan/%s/v*", id);
	ret = repo_tags(ws->repo, glob.ptr, &tags);
	/* Sorted by version: the last one is the latest approval. */
	for (size_t i = tags.nr; ret >= 0 && i-- > 0;) {
		const char *v = strrchr(tags.items[i], 'v');
		char *end;
		unsigned long num = v ? strtoul(v + 1, &end, 10) : 0;
		if (num && !*end) {
			*n = (unsigned)num;
			buf_adds(tag, tags.items[i]);
			break;
		}
	}
	strlist_release(&tags);
	buf_release(&glob);
	return ret < 0 ? ret : 0;
}

int versions_approval_of(struct workspace *ws, const char *id, const char *relpath,
			 const struct buf *text, struct buf *tag, struct buf *last)
{
	struct strlist tags = STRLIST_INIT;
	struct buf glob = BUF_INIT, was = BUF_INIT, then = BUF_INIT;
	int ret;

	buf_reset(tag);
	buf_reset(last);
	buf_addf(&glob, "plan/%s/v*", id);
	ret = repo_tags(ws->repo, glob.ptr, &tags);
	/* Newest first: a text approved twice is the later approval. */
	for (size_t i = tags.nr; ret >= 0 && i-- > 0 && !tag->len;) {
		if (!last->len)
			buf_adds(last, tags.items[i]);
		buf_reset(&then);
		if (versions_path_at(ws, tags.items[i], relpath, id, &was) == 0 &&
		    repo_read_at(ws->repo, tags.items[i], was.ptr, &then) == 0 &&
		    then.len == text->len && !memcmp(buf_str(&then), buf_str(text), then.len))
			buf_adds(tag, tags.items[i]);
	}
	strlist_release(&tags);
	buf_release(&glob);
	buf_release(&was);
	buf_release(&then);
	return ret < 0 ? ret : 0;
}

/* Set one scalar of `text`, reading it again so that positions are current. */
static int set_scalar(struct buf *text, const char *path, const char *value)
{
	struct doc doc = DOC_INIT;
	struct diag_file *f = diag_file_new("plan", NULL);
	int ret = load_yaml(&doc, buf_str(text), text->len, f);
	if (ret < 0)
		ret = crisis_error("cannot edit the plan: it does not load");
	else
		ret = yamledit_set_scalar(text, &doc, path, value);
	doc_release(&doc);
	diag_file_free(f);
	return ret;
}

int versions_approve(struct workspace *ws, struct validator *v, const char *relpath,
		   const char *by, int64_t today, struct buf *tag, struct diag_file *f, bool strict)
{
	struct loaded lp;
	struct buf text = BUF_INIT, path = BUF_INIT, msg = BUF_INIT, last = BUF_INIT;
	struct buf original = BUF_INIT;
	char date[11], commit[REPO_ID_HEX];
	char *id = NULL, *name = NULL;
	unsigned n;
	int ret = CRISIS_ERROR;

	date_format(today, date);
	if (versions_load(ws, v, NULL, relpath, &lp, f) < 0 || f->errors || (strict && f->warnings)) {
		loaded_release(&lp);
		ret = crisis_error(f->errors || !f->warnings ? "'%s' is not valid: fix it before approving it" :
				   "'%s' has warnings, which --strict refuses: fix them before approving it",
				   relpath);
		goto done;
	}
	const struct plan_contact *who = plan_contact(plan_of(&lp), by);
	if (!who) {
		const char *best = plan_closest_party(plan_of(&lp), by, false, true);
		crisis_error("'%s' is not a contact of plan '%s'%s%s%s", by, plan_of(&lp)->id,
			     best ? "; did you mean '" : "", best ? best : "", best ? "'?" : "");
		ret = CRISIS_ENOTFOUND;
		loaded_release(&lp);
		goto done;
	}
	id = xstrdup(plan_of(&lp)->id);
	name = xstrdup(who->name ? who->name : by);
	buf_add(&text, lp.text.ptr, lp.text.len);
	buf_add(&original, lp.text.ptr, lp.text.len);
	loaded_release(&lp);

	if ((ret = versions_last_approval(ws, id, &last, &n)) < 0 ||
	    (ret = set_scalar(&text, "status", "approved")) < 0 ||
	    (ret = set_scalar(&text, "review.last", date)) < 0 ||
	    (ret = set_scalar(&text, "review.approved_by", by)) < 0)
		goto done;

	/* The approved version must itself be valid before it is written. */
	struct diag_file *check = diag_file_new(relpath, f->severities);
	struct buf copy = BUF_INIT;
	buf_add(&copy, text.ptr, text.len);
	ret = validate_load_text(v, check, &copy, &lp);
	bool bad = ret < 0 || check->errors;
	loaded_release(&lp);
	diag_file_free(check);
	if (bad) {
		ret = crisis_error("the approved version of '%s' would not be valid", relpath);
		goto done;
	}
	buf_addf(&path, "%s%s", ws->root, relpath);
	struct buf head = BUF_INIT;
	bool committed = !repo_head_unborn(ws->repo) &&
			 repo_read_at(ws->repo, "HEAD", relpath, &head) == 0 &&
			 head.len == text.len && !memcmp(head.ptr, text.ptr, text.len);
	buf_release(&head);
	if (!committed) {
		/* The approved version is written, committed, or put back as it was. */
		if ((ret = fs_write_atomic(path.ptr, text.ptr, text.len, 0644)) < 0)
			goto done;
		const char *paths[] = { relpath };
		buf_addf(&msg, "Approve plan %s (v%u) by %s\n\n%s approved the plan on %s.\n",
			 id, n + 1, by, name, date);
		if ((ret = repo_commit_paths(ws->repo, paths, 1, msg.ptr, commit)) < 0) {
			char *why = xstrdup(crisis_error_last());
			fs_write_atomic(path.ptr, original.ptr, original.len, 0644);
			crisis_error("%s", why);
			free(why);
			goto done;
		}
	}
	if (committed && n) {
		/* The same approval again (same day, same person): nothing new to record. */
		struct buf then = BUF_INIT;
		bool same = repo_read_at(ws->repo, last.ptr, relpath, &then) == 0 &&
			    then.len == text.len && !memcmp(then.ptr, text.ptr, text.len);
		buf_release(&then);
		if (same) {
			buf_reset(tag);
			buf_adds(tag, last.ptr);
			ret = 1;
			goto done;
		}
	}
	buf_reset(tag);
	buf_addf(tag, APPROVAL_TAG, id, n + 1);
	buf_reset(&msg);
	buf_addf(&msg, "Plan %s v%u, approved by %s (%s) on %s\n", id, n + 1, name, by, date);
	ret = repo_tag(ws->repo, tag->ptr, msg.ptr);
done:
	free(id);
	free(name);
	buf_release(&original);
	buf_release(&text);
	buf_release(&path);
	buf_release(&msg);
	buf_release(&last);
	return ret;
}

static bool has_rule(const struct diag_file *f, const char *rule)
{
	for (size_t i = 0; i < f->nr; i++)
		if (!strcmp(f->items[i].rule, rule))
			return true;
	return false;
}

void versions_state(struct workspace *ws, const char *path, const struct loaded *lp,
		  const struct diag_file *f, struct plan_state *s)
{
	struct buf tag = BUF_INIT, then = BUF_INIT;
	unsigned n;

	memset(s, 0, sizeof(*s));
	s->path = xstrdup(path);
	if (plan_of(lp)) {
		s->id = xstrdup(plan_of(lp)->id);
		if (versions_last_approval(ws, s->id, &tag, &n) == 0 && n) {
			s->approval = xstrdup(tag.ptr);
			/* Approved under another name: the same text moved is no change. */
			struct buf was = BUF_INIT;
			s->changed = versions_path_at(ws, tag.ptr, s->path, s->id, &was) < 0 ||
				     repo_read_at(ws->repo, tag.ptr, was.ptr, &then) < 0 ||
				     then.len != lp->text.len ||
				     memcmp(then.ptr, lp->text.ptr, then.len);
			buf_release(&was);
		}
	}
	s->errors = f->errors;
	s->invalid = f->errors > 0 || f->fatal;
	s->review_overdue = has_rule(f, RULE_REVIEW_OVERDUE);
	s->exercise_overdue = has_rule(f, RULE_EXERCISE_OVERDUE);
	buf_release(&tag);
	buf_release(&then);
}

int versions_states(struct workspace *ws, struct validator *v, struct plan_state **out, size_t *nr)
{
	struct strlist files = STRLIST_INIT;

	*out = NULL;
	*nr = 0;
	if (workspace_plan_files(ws->root, &files) < 0) {
		strlist_release(&files);
		return CRISIS_ERROR;
	}
	*out = xcalloc(files.nr + 1, sizeof(**out));
	for (size_t i = 0; i < files.nr; i++) {
		const char *path = files.items[i];
		struct diag_file *f = diag_file_new(path, config_severities(v->config));
		struct loaded lp;
		versions_load(ws, v, NULL, path, &lp, f);
		versions_state(ws, path, &lp, f, &(*out)[(*nr)++]);
		loaded_release(&lp);
		diag_file_free(f);
	}
	strlist_release(&files);
	return 0;
}

bool versions_attention(const struct plan_state *s)
{
	return s->invalid || !s->approval || s->changed || s->review_overdue || s->exercise_overdue;
}

void versions_states_free(struct plan_state *states, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		free(states[i].path);
		free(states[i].id);
		free(states[i].approval);
	}
	free(states);
}

void versions_rev_spec(const char *id, const char *rev, struct buf *out)
{
	char *end = NULL;
	unsigned long n = rev[0] == 'v' && isdigit((unsigned char)rev[1]) ? strtoul(rev + 1, &end, 10) : 0;

	if (n > 0 && !*end)
		buf_addf(out, APPROVAL_TAG, id, (unsigned)n);
	else
		buf_adds(out, rev);
}

/*
 * PLAN@REV: the plan as it was at a revision of the workspace; "v3" names
 * the plan's third approval (the tag plan/<id>/v3, id from the file name).
 */
int versions_load_ref(struct validator *v, struct diag_file *f, const char *arg, const char *at,
		      struct loaded *lp)
{
	struct workspace ws;
	struct strlist rel = STRLIST_INIT;
	struct buf file = BUF_INIT, rev = BUF_INIT;
	int ret = -1;

	memset(lp, 0, sizeof(*lp));
	buf_add(&file, arg, (size_t)(at - arg));
	if (workspace_open(&ws) < 0) {
		diag_add_sev(f, SEV_ERROR, RULE_IO_ERROR, 0, 0, NULL, "%s", crisis_error_last());
		f->fatal = true;
		goto done;
	}
	char *name = file.ptr;
	if (fs_is_directory(name)) {
		/* A folder holds no plan or several: which one was meant cannot be told. */
		diag_add_sev(f, SEV_ERROR, RULE_IO_ERROR, 0, 0, NULL,
			     "'%s' is a folder: name one plan file in it", name);
		f->fatal = true;
	} else if (workspace_paths(&ws, &name, 1, &rel) < 0) {
		diag_add_sev(f, SEV_ERROR, RULE_IO_ERROR, 0, 0, NULL, "%s", crisis_error_last());
		f->fatal = true;
	} else {
		const char *base = strrchr(rel.items[0], '/');
		base = base ? base + 1 : rel.items[0];
		/* The plan's id, as it is now; else its file name. */
		struct diag_file *now = diag_file_new(rel.items[0], NULL);
		struct loaded current;
		char *id = versions_load(&ws, v, NULL, rel.items[0], &current, now) == 0 ?
			   xstrdup(plan_of(&current)->id) : xstrndup(base, strcspn(base, "."));
		loaded_release(&current);
		diag_file_free(now);
		versions_rev_spec(id, at + 1, &rev);
		/* Where the plan was then, if it has been renamed since. */
		struct buf then = BUF_INIT;
		versions_path_at(&ws, rev.ptr, rel.items[0], id, &then);
		ret = versions_load(&ws, v, rev.ptr, then.ptr, lp, f);
		buf_release(&then);
		free(id);
	}
	workspace_close(&ws);
done:
	strlist_release(&rel);
	buf_release(&file);
	buf_release(&rev);
	return ret;
}

size_t versions_status_text(struct buf *out, const struct plan_state *states, size_t nr)
{
	size_t attention = 0;
	for (size_t i = 0; i < nr; i++) {
		const struct plan_state *s = &states[i];
		struct buf what = BUF_INIT;
		if (s->invalid)
			buf_addf(&what, ", invalid (%u error%s)", s->errors, s->errors == 1 ? "" : "s");
		if (!s->approval && !s->invalid)
			buf_adds(&what, ", never approved");
		else if (s->changed)
			buf_addf(&what, ", changed since %s", s->approval);
		if (s->review_overdue)
			buf_adds(&what, ", review overdue");
		if (s->exercise_overdue)
			buf_adds(&what, ", exercise overdue");
		attention += versions_attention(s);
		buf_addf(out, "%-40s %s\n", s->path,
			 what.len ? what.ptr + 2 : s->approval ? s->approval : "ok");
		buf_release(&what);
	}
	if (!nr)
		buf_adds(out, "no plans yet: create one with 'crisis plan new <id>'\n");
	else
		buf_addf(out, "%zu plan%s, %zu need%s attention\n", nr, nr == 1 ? "" : "s", attention,
			 attention == 1 ? "s" : "");
	return attention;
}
