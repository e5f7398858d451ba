#include "validate.h"
#include "buf.h"
#include "config.h"
#include "doc.h"
#include "error.h"
#include "fsutil.h"
#include "load.h"
#include "plan.h"
#include "rules.h"
#include "schema.h"

#include <string.h>

int validator_init(struct validator *v, const char *schema_file,
		   const struct config *config, int64_t today)
{
	v->schema = schema_file ? schema_from_file(schema_file) :
				  schema_builtin("crisis-plan.xsd");
	v->config = config;
	v->today = today;
	v->skip_rules = false;
	return v->schema ? 0 : -1;
}

void validator_release(struct validator *v)
{
	schema_free(v->schema);
	v->schema = NULL;
}

/* The pipeline; keeps the document and the model when `keep` is given. */
static void check(struct validator *v, struct diag_file *f, const char *name,
		  const char *data, size_t len, struct loaded_plan *keep)
{
	struct doc doc = DOC_INIT;
	struct plan plan;
	bool built = false;

	diag_file_set_text(f, data, len);
	if (load_file_data(&doc, name, data, len, f) < 0)
		goto done;
	int valid = schema_validate(v->schema, &doc, f);
	if (valid < 0) {
		diag_add_sev(f, SEV_ERROR, RULE_IO_ERROR, 0, 0, NULL, "%s", crisis_error_last());
		f->fatal = true;
		goto done;
	}
	if (valid > 0)
		goto done;

	plan_build(&plan, xmlDocGetRootElement(doc.xml));
	built = true;
	f->kind = plan.kind && !strcmp(plan.kind, "pra") ? "pra" : "pca";
	struct rule_ctx ctx = {
		.plan = &plan, .doc = &doc, .f = f,
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
	if (built)
		plan_release(&plan);
	doc_release(&doc);
}

void validate_buffer(struct validator *v, struct diag_file *f, const char *name,
		     const char *data, size_t len)
{
	check(v, f, name, data, len, NULL);
}

void validate_file(struct validator *v, struct diag_file *f, const char *path)
{
	struct buf data = BUF_INIT;

	if (read_file(path, &data) < 0) {
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
	if (read_file(path, &text) < 0) {
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
	if (lp->has_plan)
		plan_release(&lp->plan);
	doc_release(&lp->doc);
	buf_release(&lp->text);
	lp->has_plan = false;
}
