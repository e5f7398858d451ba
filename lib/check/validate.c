#include "validate.h"
#include "config.h"
#include "doc.h"
#include "keys.h"
#include "load.h"
#include "rule.h"
#include "schema.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"

#include <string.h>

/* A file the workspace shares with the others (its contacts.yaml), and the ids it lends. */
struct shared {
	struct loaded file;
	const char **ids;
	unsigned long *lines;
	size_t nr, alloc;
	char *path;
	struct keys_outside outside;
};

static size_t kind_index(const struct validator *v, const struct kind *kind)
{
	size_t i = 0;
	while (i < v->kinds->nr && v->kinds->items[i] != kind)
		i++;
	return i;
}

static struct schema *schema_of(struct validator *v, const struct kind *kind)
{
	size_t i = kind_index(v, kind);
	pthread_mutex_lock(&v->lock);
	if (!v->schemas[i])
		v->schemas[i] = v->schema_file ? schema_from_file(v->schema_file, kind->root_type) :
				schema_builtin(kind->schema, kind->root_type);
	struct schema *s = v->schemas[i];
	pthread_mutex_unlock(&v->lock);
	return s;
}

int validator_init(struct validator *v, const struct kinds *kinds, const char *schema_file,
		   const struct config *config, int64_t today)
{
	memset(v, 0, sizeof(*v));
	v->kinds = kinds;
	v->fallback = kinds->nr ? kinds->items[0] : NULL;
	v->schemas = xcalloc(kinds->nr + 1, sizeof(*v->schemas));
	v->schema_file = schema_file;
	v->config = config;
	v->today = today;
	for (size_t i = 0; i < kinds->rules.nr; i++)
		diag_severities_set(&v->defaults, kinds->rules.items[i]->id,
				    kinds->rules.items[i]->severity);
	pthread_mutex_init(&v->lock, NULL);
	/* The default kind's schema now: a bad --schema is said before any file is read. */
	return kinds->nr && schema_of(v, kinds->items[0]) ? 0 : -1;
}

static void shared_free(struct shared *sc)
{
	if (!sc)
		return;
	loaded_release(&sc->file);
	free(sc->ids);
	free(sc->lines);
	free(sc->path);
	free(sc);
}

void validator_release(struct validator *v)
{
	if (v->env && v->env->release)
		v->env->release((struct rule_env *)v->env);
	v->env = NULL;
	for (size_t i = 0; v->kinds && i < v->kinds->nr; i++)
		schema_free(v->schemas[i]);
	free(v->schemas);
	diag_severities_release(&v->defaults);
	shared_free(v->shared);
	pthread_mutex_destroy(&v->lock);
	v->schemas = NULL;
	v->shared = NULL;
}

const struct loaded *validator_shared(const struct validator *v)
{
	return v->shared ? &v->shared->file : NULL;
}

const char *validator_shared_path(const struct validator *v)
{
	return v->shared ? v->shared->path : NULL;
}

/* The kind a document says it is; the default one when it names none the table knows. */
static const struct kind *kind_of(const struct validator *v, const struct doc *doc)
{
	const char *name = doc_child_text(xmlDocGetRootElement(doc->xml), "kind");
	const struct kind *kind = kinds_find(v->kinds, name);
	return kind ? kind : v->fallback;
}

static void run_rules(struct validator *v, const struct kind *kind, void *model,
		      struct diag_file *f)
{
	struct rule_ctx ctx = {
		.model = model, .f = f, .config = v->config, .today = v->today, .env = v->env,
	};
	for (const struct rule *const *r = kind->rules; *r; r++)
		if ((*r)->check)
			(*r)->check(&ctx);
}

/*
 * The pipeline, with `sc` as the shared file; keeps the document and the
 * model when `keep` is given.
 */
static void check_with(struct validator *v, const struct shared *sc, struct diag_file *f,
		       const char *name, const char *data, size_t len, struct loaded *keep)
{
	struct doc doc = DOC_INIT;
	const struct kind *kind = NULL;
	void *model = NULL;

	/* A file given no severities weighs each rule as the configuration does. */
	if (!f->severities)
		f->severities = v->config ? config_severities(v->config) : &v->defaults;
	diag_file_set_text(f, data, len);
	diag_check_disables(f, RULE_UNKNOWN_KEY);
	if (load_file_data(&doc, name, data, len, f) < 0)
		goto done;
	kind = kind_of(v, &doc);
	struct schema *schema = schema_of(v, kind);
	const struct keys_outside *outside = sc && kind->borrows ? &sc->outside : NULL;
	int valid = schema ? schema_validate(schema, &doc, f, outside) : -1;
	/*
	 * A reference to a shared contact is unknown when no contacts.yaml was
	 * read: the first such finding says why.
	 */
	for (size_t i = 0; !sc && kind->borrows && i < f->nr; i++) {
		struct diag *d = &f->items[i];
		if (strcmp(d->rule, RULE_UNKNOWN_REFERENCE) || !strstr(d->message, "contact"))
			continue;
		char *more = xstrfmt("%s (no contacts.yaml was read: the file is outside a workspace, or "
				     "its workspace has none)", d->message);
		free(d->message);
		d->message = more;
		break;
	}
	if (valid < 0) {
		diag_add_sev(f, SEV_ERROR, RULE_IO_ERROR, 0, 0, NULL, "%s", crisis_error_last());
		f->fatal = true;
		goto done;
	}
	if (valid > 0)
		goto done;

	model = kind->build(xmlDocGetRootElement(doc.xml),
			    sc && kind->borrows ? sc->file.model : NULL);
	f->kind = kind->name;
	if (!v->skip_rules)
		run_rules(v, kind, model, f);
done:
	diag_file_sort(f);
	diag_file_set_text(f, NULL, 0);
	if (keep && doc.xml) {
		/* Not valid but read, the document serves what can still be shown. */
		keep->doc = doc;
		keep->kind = kind;
		keep->model = model;
		return;
	}
	if (model)
		kind->release(model);
	doc_release(&doc);
}

void validate_buffer(struct validator *v, struct diag_file *f, const char *name,
		     const char *data, size_t len)
{
	check_with(v, v->shared, f, name, data, len, NULL);
}

void validate_file(struct validator *v, struct diag_file *f, const char *path)
{
	struct buf data = BUF_INIT;

	if (fs_read_file(path, &data) < 0) {
		diag_add_sev(f, SEV_ERROR, RULE_IO_ERROR, 0, 0, NULL, "%s", crisis_error_last());
		f->fatal = true;
	} else {
		check_with(v, v->shared, f, f->path, buf_str(&data), data.len, NULL);
	}
	buf_release(&data);
}

int validate_load(struct validator *v, struct diag_file *f, const char *path, struct loaded *out)
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

static int load_text(struct validator *v, const struct shared *sc, struct diag_file *f,
		     struct buf *text, struct loaded *out)
{
	memset(out, 0, sizeof(*out));
	out->text = *text;
	memset(text, 0, sizeof(*text));
	check_with(v, sc, f, f->path, buf_str(&out->text), out->text.len, out);
	return out->model ? 0 : -1;
}

int validate_load_text(struct validator *v, struct diag_file *f, struct buf *text,
		       struct loaded *out)
{
	return load_text(v, v->shared, f, text, out);
}

void loaded_release(struct loaded *l)
{
	shared_free(l->own_shared);
	l->own_shared = NULL;
	if (l->model)
		l->kind->release(l->model);
	l->model = NULL;
	doc_release(&l->doc);
	buf_release(&l->text);
}

static void lend_one(void *data, const char *id, const xmlNode *node)
{
	struct shared *sc = data;
	unsigned long col;
	ALLOC_GROW(sc->ids, sc->nr + 1, sc->alloc);
	sc->lines = xrealloc(sc->lines, sc->alloc * sizeof(*sc->lines));
	sc->ids[sc->nr] = id;
	doc_locate_value(node, &sc->lines[sc->nr], &col);
	sc->nr++;
}

/* A shared file read and checked; NULL, with its findings in `f`, when unusable. */
static struct shared *shared_read(struct validator *v, const struct kind *expected,
				  struct diag_file *f, struct buf *text)
{
	struct shared *sc = xcalloc(1, sizeof(*sc));

	if (load_text(v, NULL, f, text, &sc->file) < 0 || f->errors) {
		shared_free(sc);
		return NULL;
	}
	if (sc->file.kind != expected) {
		diag_add_sev(f, SEV_ERROR, RULE_BAD_VALUE, 0, 0, NULL,
			     "a workspace's %s file has 'kind: %s', not '%s'", expected->name,
			     expected->name, f->kind);
		shared_free(sc);
		return NULL;
	}
	sc->path = xstrdup(f->path);
	expected->lend(sc->file.model, lend_one, sc);
	size_t nr_keys = 0;
	while (expected->lend_keys[nr_keys])
		nr_keys++;
	sc->outside = (struct keys_outside){
		.keys = expected->lend_keys, .nr_keys = nr_keys,
		.ids = sc->ids, .lines = sc->lines, .nr_ids = sc->nr, .file = sc->path,
	};
	return sc;
}

int validator_share(struct validator *v, const struct kind *expected, struct diag_file *f,
		    struct buf *text)
{
	struct shared *sc = shared_read(v, expected, f, text);
	if (!sc)
		return -1;
	shared_free(v->shared);
	v->shared = sc;
	return 0;
}

int validate_load_text_with(struct validator *v, struct diag_file *f, struct buf *text,
			    const struct kind *expected, const char *shared_name, struct buf *shared,
			    struct loaded *out)
{
	struct shared *sc = NULL;
	if (shared) {
		struct diag_file *sf = diag_file_new(shared_name, f->severities);
		sc = shared_read(v, expected, sf, shared);
		diag_file_free(sf);	/* its own findings belong to its own check */
	}
	int ret = load_text(v, sc, f, text, out);
	out->own_shared = sc;
	return ret;
}
