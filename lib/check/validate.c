#include "validate.h"
#include "util/buf.h"
#include "config.h"
#include "doc.h"
#include "util/error.h"
#include "util/fs.h"
#include "keys.h"
#include "load.h"
#include "plan/plan.h"
#include "rule.h"
#include "schema.h"

#include <string.h>

struct shared_contacts {
	struct loaded_plan file;
	const char **ids;
	unsigned long *lines;
	char *path;
	struct keys_outside outside;
};

static const char *const shared_keys[] = { "contact", "party" };

static struct schema *schema_for(const char *schema_file, const char *root_type)
{
	return schema_file ? schema_from_file(schema_file, root_type) :
			     schema_builtin(SCHEMA_FILE, root_type);
}

int validator_init(struct validator *v, const char *schema_file,
		   const struct config *config, int64_t today)
{
	memset(v, 0, sizeof(*v));
	v->schema = schema_for(schema_file, NULL);
	v->schema_file = schema_file;
	v->config = config;
	v->today = today;
	pthread_mutex_init(&v->lock, NULL);
	return v->schema ? 0 : -1;
}

static void shared_free(struct shared_contacts *sc)
{
	if (!sc)
		return;
	loaded_plan_release(&sc->file);
	free(sc->ids);
	free(sc->lines);
	free(sc->path);
	free(sc);
}

void validator_release(struct validator *v)
{
	schema_free(v->schema);
	schema_free(v->contacts_schema);
	shared_free(v->shared);
	pthread_mutex_destroy(&v->lock);
	v->schema = v->contacts_schema = NULL;
	v->shared = NULL;
}

static bool is_contacts_file(const struct doc *doc)
{
	const char *kind = doc_child_text(xmlDocGetRootElement(doc->xml), "kind");
	return kind && !strcmp(kind, "contacts");
}

/* A contacts.yaml is checked against the contactsFile type of the same schema. */
static struct schema *contacts_schema(struct validator *v)
{
	pthread_mutex_lock(&v->lock);
	if (!v->contacts_schema)
		v->contacts_schema = schema_for(v->schema_file, SCHEMA_CONTACTS);
	struct schema *s = v->contacts_schema;
	pthread_mutex_unlock(&v->lock);
	return s;
}

const struct loaded_plan *validator_shared(const struct validator *v)
{
	return v->shared ? &v->shared->file : NULL;
}

const char *validator_shared_path(const struct validator *v)
{
	return v->shared ? v->shared->path : NULL;
}

/*
 * The pipeline, with `sc` as the shared contacts; keeps the document and
 * the model when `keep` is given.
 */
static void check_with(struct validator *v, const struct shared_contacts *sc, struct diag_file *f,
		       const char *name, const char *data, size_t len, struct loaded_plan *keep)
{
	struct doc doc = DOC_INIT;
	struct plan plan;
	bool built = false, loaded = false;

	diag_file_set_text(f, data, len);
	if (load_file_data(&doc, name, data, len, f) < 0)
		goto done;
	loaded = true;
	bool directory = is_contacts_file(&doc);
	struct schema *schema = directory ? contacts_schema(v) : v->schema;
	const struct keys_outside *outside = sc && !directory ? &sc->outside : NULL;
	int valid = schema ? schema_validate(schema, &doc, f, outside) : -1;
	if (valid < 0) {
		diag_add_sev(f, SEV_ERROR, RULE_IO_ERROR, 0, 0, NULL, "%s", crisis_error_last());
		f->fatal = true;
		goto done;
	}
	if (valid > 0)
		goto done;

	plan_build(&plan, xmlDocGetRootElement(doc.xml));
	built = true;
	if (!directory)
		plan.shared = sc ? &sc->file.plan : NULL;
	f->kind = directory ? "contacts" : !strcmp(plan.kind, "pra") ? "pra" : "pca";
	struct rule_ctx ctx = {
		.plan = &plan, .f = f,
		.config = v->config, .today = v->today,
	};
	if (!v->skip_rules)
		rules_run(&ctx);
done:
	diag_file_sort(f);
	diag_file_set_text(f, NULL, 0);
	if (keep && built) {
		keep->doc = doc;
		keep->plan = plan;
		keep->has_plan = true;
		return;
	}
	if (keep && loaded) {
		keep->doc = doc;	/* not valid, but read: for what can still be shown */
		return;
	}
	if (built)
		plan_release(&plan);
	doc_release(&doc);
}

static void check(struct validator *v, struct diag_file *f, const char *name,
		  const char *data, size_t len, struct loaded_plan *keep)
{
	check_with(v, v->shared, f, name, data, len, keep);
}

void validate_buffer(struct validator *v, struct diag_file *f, const char *name,
		     const char *data, size_t len)
{
	check(v, f, name, data, len, NULL);
}

void validate_file(struct validator *v, struct diag_file *f, const char *path)
{
	struct buf data = BUF_INIT;

	if (fs_read_file(path, &data) < 0) {
		diag_add_sev(f, SEV_ERROR, RULE_IO_ERROR, 0, 0, NULL, "%s", crisis_error_last());
		f->fatal = true;
	} else {
		check(v, f, f->path, buf_str(&data), data.len, NULL);
	}
	buf_release(&data);
}

int validate_load(struct validator *v, struct diag_file *f, const char *path,
		  struct loaded_plan *out)
{
	struct buf text = BUF_INIT;
	if (fs_read_file(path, &text) < 0) {
		memset(out, 0, sizeof(*out));
		diag_add_sev(f, SEV_ERROR, RULE_IO_ERROR, 0, 0, NULL, "%s", crisis_error_last());
		f->fatal = true;
		return -1;
	}
	return validate_load_text(v, f, &text, out);
}

int validate_load_text(struct validator *v, struct diag_file *f, struct buf *text,
		       struct loaded_plan *out)
{
	memset(out, 0, sizeof(*out));
	out->text = *text;
	memset(text, 0, sizeof(*text));
	check(v, f, f->path, buf_str(&out->text), out->text.len, out);
	return out->has_plan ? 0 : -1;
}

void loaded_plan_release(struct loaded_plan *lp)
{
	shared_free(lp->own_shared);
	lp->own_shared = NULL;
	if (lp->has_plan)
		plan_release(&lp->plan);
	doc_release(&lp->doc);
	buf_release(&lp->text);
	lp->has_plan = false;
}

/* A contacts file read and checked; NULL, with its findings in `f`, when unusable. */
static struct shared_contacts *shared_read(struct validator *v, struct diag_file *f,
					   struct buf *text)
{
	struct shared_contacts *sc = xcalloc(1, sizeof(*sc));

	memset(&sc->file, 0, sizeof(sc->file));
	sc->file.text = *text;
	memset(text, 0, sizeof(*text));
	check_with(v, NULL, f, f->path, buf_str(&sc->file.text), sc->file.text.len, &sc->file);
	if (!sc->file.has_plan || f->errors) {
		shared_free(sc);
		return NULL;
	}
	if (strcmp(f->kind, "contacts")) {
		diag_add_sev(f, SEV_ERROR, RULE_BAD_VALUE, 0, 0, NULL,
			     "a workspace's contacts file has 'kind: contacts', not '%s'", f->kind);
		shared_free(sc);
		return NULL;
	}
	const struct plan *p = &sc->file.plan;
	sc->path = xstrdup(f->path);
	sc->ids = xcalloc(p->nr_contacts + 1, sizeof(*sc->ids));
	sc->lines = xcalloc(p->nr_contacts + 1, sizeof(*sc->lines));
	for (size_t i = 0; i < p->nr_contacts; i++) {
		unsigned long col;
		sc->ids[i] = p->contacts[i].id;
		doc_locate_value(doc_child(p->contacts[i].node, "id"),
				 &sc->lines[i], &col);
	}
	sc->outside = (struct keys_outside){
		.keys = shared_keys, .nr_keys = sizeof(shared_keys) / sizeof(*shared_keys),
		.ids = sc->ids, .lines = sc->lines, .nr_ids = p->nr_contacts, .file = sc->path,
	};
	return sc;
}

int validator_share_contacts(struct validator *v, struct diag_file *f, struct buf *text)
{
	struct shared_contacts *sc = shared_read(v, f, text);
	if (!sc)
		return -1;
	shared_free(v->shared);
	v->shared = sc;
	return 0;
}

int validate_load_text_with(struct validator *v, struct diag_file *f, struct buf *text,
			    struct buf *contacts, struct loaded_plan *out)
{
	struct shared_contacts *sc = NULL;
	if (contacts) {
		struct diag_file *cf = diag_file_new("contacts.yaml", v->config);
		sc = shared_read(v, cf, contacts);
		diag_file_free(cf);	/* its own findings belong to its own check */
	}
	memset(out, 0, sizeof(*out));
	out->text = *text;
	memset(text, 0, sizeof(*text));
	out->own_shared = sc;
	check_with(v, sc, f, f->path, buf_str(&out->text), out->text.len, out);
	return out->has_plan ? 0 : -1;
}
