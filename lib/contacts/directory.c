#include "directory.h"
#include "plan/rules.h"
#include "util/buf.h"
#include "check/config.h"
#include "check/doc.h"
#include "util/error.h"
#include "util/fs.h"
#include "check/rule.h"
#include "util/suggest.h"
#include "util/utf8.h"
#include "git/workspace.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int directory_share(struct validator *v, const char *root, const struct config *cfg,
		    struct diag_file **f)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	struct stat st;
	int ret = 0;

	*f = NULL;
	buf_addf(&path, "%s%s", root, WORKSPACE_CONTACTS);
	if (stat(path.ptr, &st) < 0)
		goto done;	/* no shared contacts: every plan has its own */
	*f = diag_file_new(WORKSPACE_CONTACTS, config_severities(cfg));
	if (fs_read_file(path.ptr, &text) < 0) {
		diag_add_sev(*f, SEV_ERROR, RULE_IO_ERROR, 0, 0, NULL, "%s", crisis_error_last());
		(*f)->fatal = true;
		ret = -1;
		goto done;
	}
	ret = validator_share(v, &plan_kind_contacts, *f, &text);
done:
	buf_release(&text);
	buf_release(&path);
	return ret;
}

static struct dir_contact *add_contact(struct directory *d, const struct plan_contact *c,
				       const char *file, const char *plan)
{
	struct dir_contact *dc = (struct dir_contact *)directory_get(d, c->id);
	if (dc) {
		dc->also_defined++;
		return NULL;
	}
	ALLOC_GROW(d->contacts, d->nr + 1, d->alloc);
	dc = &d->contacts[d->nr++];
	memset(dc, 0, sizeof(*dc));
	dc->c = c;
	dc->file = file;
	dc->plan = plan;
	/* The array moves as it grows: the index keeps positions, plus one. */
	strmap_put(&d->index, c->id, (void *)(uintptr_t)d->nr);
	return dc;
}

struct naming {
	struct directory *d;
	const struct plan *p;
};

/* A party names a contact, or a role whose holder and deputy are contacts. */
static void add_use(void *data, const char *party, const char *what, xmlNode *node)
{
	struct naming *n = data;
	const struct plan_role *r = plan_role(n->p, party);
	const char *ids[2] = { party, NULL };
	(void)node;

	if (r) {
		ids[0] = r->holder;
		ids[1] = r->deputy;
	}
	for (size_t i = 0; i < 2; i++) {
		struct dir_contact *dc = ids[i] ? (struct dir_contact *)directory_get(n->d, ids[i]) : NULL;
		if (!dc)
			continue;
		ALLOC_GROW(dc->uses, dc->nr_uses + 1, dc->alloc_uses);
		struct dir_use *u = &dc->uses[dc->nr_uses++];
		struct buf text = BUF_INIT;
		buf_adds(&text, what);
		if (r)
			buf_addf(&text, " (as %s of cell role '%s')", i ? "deputy" : "holder", r->id);
		u->plan = n->p->id;
		u->what = buf_detach(&text);
	}
}

static int collect(const char *root, char *const *paths, size_t nr_paths, struct strlist *out)
{
	int ret = 0;

	if (!nr_paths && root)
		ret = workspace_plan_files(root, out);
	for (size_t i = 0; ret == 0 && i < nr_paths; i++) {
		if (fs_is_directory(paths[i]))
			ret = fs_walk(paths[i], workspace_plan_exts, out);
		else
			strlist_add(out, paths[i]);
	}
	return ret;
}

int directory_load(struct directory *d, struct validator *v, const char *root,
		   const struct config *cfg, char *const *paths, size_t nr_paths)
{
	struct strlist files = STRLIST_INIT;
	struct buf full = BUF_INIT;

	memset(d, 0, sizeof(*d));
	d->cfg = cfg;
	d->shared = validator_shared(v);
	d->shared_path = validator_shared_path(v);
	if (collect(root, paths, nr_paths, &files) < 0) {
		strlist_release(&files);
		return -1;
	}
	d->plans = xcalloc(files.nr + 1, sizeof(*d->plans));
	for (size_t i = 0; i < files.nr; i++) {
		struct dir_plan *dp = &d->plans[d->nr_plans++];
		dp->path = xstrdup(files.items[i]);
		dp->f = diag_file_new(dp->path, config_severities(cfg));
		buf_reset(&full);
		buf_addf(&full, "%s%s", nr_paths || !root ? "" : root, dp->path);
		validate_load(v, dp->f, full.ptr, &dp->lp);
		if (dp->lp.kind && !plan_kind_is_plan(dp->lp.kind)) {
			/* A drill or a record beside the plans names no contacts of its own. */
			loaded_release(&dp->lp);
			diag_file_free(dp->f);
			free(dp->path);
			d->nr_plans--;
			continue;
		}
		if (!plan_of(&dp->lp) && dp->lp.doc.xml) {
			plan_build(&dp->partial, xmlDocGetRootElement(dp->lp.doc.xml));
			dp->has_partial = true;
		}
	}
	if (d->shared)
		for (size_t i = 0; i < plan_of(d->shared)->nr_contacts; i++)
			add_contact(d, &plan_of(d->shared)->contacts[i], d->shared_path, NULL);
	for (size_t i = 0; i < d->nr_plans; i++) {
		const struct dir_plan *dp = &d->plans[i];
		const struct plan *p = plan_of(&dp->lp) ? plan_of(&dp->lp) :
				       dp->has_partial ? &dp->partial : NULL;
		for (size_t j = 0; p && j < p->nr_contacts; j++)
			if (p->contacts[j].id && p->contacts[j].name)
				add_contact(d, &p->contacts[j], dp->path, p->id ? p->id : dp->path);
	}
	for (size_t i = 0; i < d->nr_plans; i++) {
		struct naming n = { d, plan_of(&d->plans[i].lp) };
		if (plan_of(&d->plans[i].lp))
			plan_parties(n.p, true, add_use, &n);
	}
	buf_release(&full);
	strlist_release(&files);
	return 0;
}

void directory_release(struct directory *d)
{
	for (size_t i = 0; i < d->nr; i++) {
		for (size_t j = 0; j < d->contacts[i].nr_uses; j++)
			free(d->contacts[i].uses[j].what);
		free(d->contacts[i].uses);
	}
	free(d->contacts);
	for (size_t i = 0; i < d->nr_plans; i++) {
		free(d->plans[i].path);
		diag_file_free(d->plans[i].f);
		if (d->plans[i].has_partial)
			plan_release(&d->plans[i].partial);
		loaded_release(&d->plans[i].lp);
	}
	free(d->plans);
	strmap_release(&d->index);
	memset(d, 0, sizeof(*d));
}

const struct dir_contact *directory_get(const struct directory *d, const char *id)
{
	uintptr_t at = id ? (uintptr_t)strmap_get(&d->index, id) : 0;
	return at ? &d->contacts[at - 1] : NULL;
}

const struct dir_plan *directory_plan(const struct directory *d, const char *id_or_path)
{
	for (size_t i = 0; i < d->nr_plans; i++) {
		const struct dir_plan *dp = &d->plans[i];
		const char *id = plan_of(&dp->lp) ? plan_of(&dp->lp)->id :
				 dp->has_partial ? dp->partial.id : NULL;
		if (!strcmp(dp->path, id_or_path) || (id && !strcmp(id, id_or_path)))
			return dp;
	}
	return NULL;
}

/* Digits only, so that "06 12 34" finds "+33 6 12 34 56 78" as "612 34" would not. */
static void digits_of(struct buf *out, const char *s)
{
	for (; s && *s; s++)
		if (isdigit((unsigned char)*s))
			buf_addc(out, *s);
}

static bool phone_matches(const char *phone, const char *text)
{
	struct buf have = BUF_INIT, want = BUF_INIT;
	bool found = false;

	digits_of(&have, phone);
	digits_of(&want, text);
	/* The text must be a number: at least 4 digits and nothing but separators. */
	size_t seps = strspn(text, "+0123456789 .-()");
	if (want.len >= 4 && seps == strlen(text)) {
		found = strstr(buf_str(&have), buf_str(&want)) != NULL;
		/* A national number (06...) finds the international one (+33 6...), right after its country code. */
		for (size_t cc = 1; !found && want.ptr[0] == '0' && cc <= 3 && cc < have.len; cc++)
			found = !strncmp(have.ptr + cc, want.ptr + 1, want.len - 1);
	}
	buf_release(&have);
	buf_release(&want);
	return found;
}

bool directory_match(const struct plan_contact *c, const char *text)
{
	const char *fields[] = { c->id, c->name, c->title, c->org, c->email, c->notes };
	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++)
		if (fields[i] && utf8_fold_contains(fields[i], text))
			return true;
	for (size_t i = 0; i < c->phones.nr; i++)
		if (phone_matches(c->phones.ids[i], text))
			return true;
	return false;
}

const char *directory_suggest(const struct directory *d, const char *id)
{
	const char **ids = xcalloc(d->nr + 1, sizeof(*ids));
	for (size_t i = 0; i < d->nr; i++)
		ids[i] = d->contacts[i].c->id;
	const char *best = suggest_best(id, ids, d->nr);
	free(ids);
	return best;
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool same_contact(const struct plan_contact *a, const struct plan_contact *b)
{
	if (!same_text(a->name, b->name) || !same_text(a->email, b->email) ||
	    a->phones.nr != b->phones.nr)
		return false;
	for (size_t i = 0; i < a->phones.nr; i++)
		if (!same_text(a->phones.ids[i], b->phones.ids[i]))
			return false;
	return true;
}

/* Report at a contact's id, in the file that defines it (when it is being checked). */
static void report_at(const struct directory *d, struct diag_file *shared_f,
		      const struct dir_contact *dc, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void report_at(const struct directory *d, struct diag_file *shared_f,
		      const struct dir_contact *dc, const char *rule, const char *fmt, ...)
{
	const struct loaded *lp = dc->plan ? NULL : d->shared;
	struct diag_file *f = dc->plan ? NULL : shared_f;
	struct buf msg = BUF_INIT;
	va_list ap;

	for (size_t i = 0; dc->plan && i < d->nr_plans; i++)
		if (plan_of(&d->plans[i].lp) && !strcmp(d->plans[i].path, dc->file)) {
			lp = &d->plans[i].lp;
			f = d->plans[i].f;
		}
	if (!lp || !f)
		return;
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	diag_file_set_text(f, buf_str(&lp->text), lp->text.len);
	doc_report(f, rule, doc_child(dc->c->node, "id"), AT_VALUE, "%s", msg.ptr);
	diag_file_set_text(f, NULL, 0);
	buf_release(&msg);
}

/* Cell roles with no deputy, per contact, across plans: nobody takes over. */
static void check_only_holders(const struct directory *d, struct diag_file *shared_f)
{
	unsigned max = d->cfg ? d->cfg->spof_max : SPOF_DEFAULT_MAX;
	unsigned *roles = xcalloc(d->nr + 1, sizeof(*roles));
	const char **first_plan = xcalloc(d->nr + 1, sizeof(*first_plan));
	bool *several = xcalloc(d->nr + 1, sizeof(*several));

	for (size_t i = 0; i < d->nr_plans; i++) {
		const struct plan *p = plan_of(&d->plans[i].lp);
		for (size_t j = 0; plan_of(&d->plans[i].lp) && j < p->nr_roles; j++) {
			const struct dir_contact *dc = directory_get(d, p->roles[j].holder);
			if (!dc || p->roles[j].deputy)
				continue;
			size_t at = (size_t)(dc - d->contacts);
			roles[at]++;
			if (first_plan[at] && first_plan[at] != p->id)
				several[at] = true;
			first_plan[at] = p->id;
		}
	}
	/* Within one plan, single-point-of-failure already says it. */
	for (size_t i = 0; i < d->nr; i++)
		if (several[i] && roles[i] > max)
			report_at(d, shared_f, &d->contacts[i], RULE_SINGLE_POINT_OF_FAILURE,
				  "'%s' is the only holder, with no deputy, of %u cell roles across the workspace's plans (more than %u): nobody takes over if they are unavailable",
				  d->contacts[i].c->id, roles[i], max);
	free(roles);
	free(first_plan);
	free(several);
}

void directory_check(const struct directory *d, struct diag_file *shared_f)
{
	check_only_holders(d, shared_f);
	/* A plan that cannot be read may name anyone: unused is not known then. */
	bool all_read = true;
	for (size_t i = 0; i < d->nr_plans; i++)
		all_read &= plan_of(&d->plans[i].lp) != NULL;
	for (size_t i = 0; shared_f && all_read && i < d->nr; i++) {
		const struct dir_contact *dc = &d->contacts[i];
		if (!dc->plan && !dc->nr_uses)
			report_at(d, shared_f, dc, RULE_CONTACT_UNUSED,
				  "contact '%s' is named by no plan of the workspace", dc->c->id);
	}
	/* The same person written twice, differently: one of them is wrong. */
	for (size_t i = 0; i < d->nr_plans; i++) {
		const struct dir_plan *dp = &d->plans[i];
		for (size_t j = 0; plan_of(&dp->lp) && j < plan_of(&dp->lp)->nr_contacts; j++) {
			const struct plan_contact *c = &plan_of(&dp->lp)->contacts[j];
			const struct dir_contact *first = directory_get(d, c->id);
			if (!first || first->c == c || !first->plan || same_contact(first->c, c))
				continue;
			diag_file_set_text(dp->f, buf_str(&dp->lp.text), dp->lp.text.len);
			doc_report(dp->f, RULE_DUPLICATE_ID, doc_child(c->node, "id"),
				   AT_VALUE, "contact '%s' is also defined, differently, in %s: keep one (in %s, shared by every plan)",
				   c->id, first->file, WORKSPACE_CONTACTS);
			diag_file_set_text(dp->f, NULL, 0);
		}
	}
	if (shared_f)
		diag_file_sort(shared_f);
	for (size_t i = 0; i < d->nr_plans; i++)
		diag_file_sort(d->plans[i].f);
}

bool directory_keep(const struct dir_contact *dc, const struct directory_filter *f)
{
	const struct plan_contact *c = dc->c;
	if (f->org && !(c->org ? !strcmp(c->org, f->org) : !strcmp(f->org, "internal")))
		return false;
	if (f->available && !(c->available_text && !strcmp(c->available_text, f->available)))
		return false;
	if (f->text && !directory_match(c, f->text))
		return false;
	/* With plans named, the directory holds those plans: their contacts, and the shared ones they name. */
	return !f->nr_plans || dc->plan || dc->nr_uses;
}

size_t directory_status_text(struct buf *out, struct directory *d, struct diag_file *shared_f)
{
	static const struct { const char *rule, *what; } kinds[] = {
		{ RULE_CONTACT_STALE, "to verify again" },
		{ RULE_CONTACT_UNREACHABLE, "unreachable" },
		{ RULE_CONTACT_UNUSED, "named nowhere" },
		{ RULE_DUPLICATE_ID, "defined twice" },
		{ RULE_UNKNOWN_REFERENCE, "unknown references" },
	};
	size_t counts[sizeof(kinds) / sizeof(*kinds)] = { 0 }, total = 0;

	directory_check(d, shared_f);
	for (size_t i = 0; i <= d->nr_plans; i++) {
		const struct diag_file *f = i < d->nr_plans ? d->plans[i].f : shared_f;
		for (size_t j = 0; f && j < f->nr; j++)
			for (size_t k = 0; k < sizeof(kinds) / sizeof(*kinds); k++)
				if (!strcmp(f->items[j].rule, kinds[k].rule) &&
				    f->items[j].severity >= SEV_WARNING)
					counts[k]++, total++;
	}
	/* Never verified: no rule's finding, but no reason to call them verified either. */
	size_t unverified = 0;
	for (size_t i = 0; i < d->nr; i++)
		unverified += !d->contacts[i].c->verified;
	struct buf line = BUF_INIT;
	for (size_t k = 0; k < sizeof(kinds) / sizeof(*kinds); k++)
		if (counts[k])
			buf_addf(&line, ", %zu %s", counts[k], kinds[k].what);
	if (unverified)
		buf_addf(&line, ", %zu never verified", unverified);
	if (!d->nr)
		buf_adds(out, "no contacts yet\n");
	else if (line.len)
		buf_addf(out, "%zu contact%s: %s\n", d->nr, d->nr == 1 ? "" : "s", line.ptr + 2);
	else
		buf_addf(out, "%zu contact%s, all reachable and verified\n", d->nr, d->nr == 1 ? "" : "s");
	if (total)
		buf_adds(out, "  see 'crisis contacts check'\n");
	buf_release(&line);
	return total;
}
