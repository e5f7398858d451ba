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
	return v->schema ? 0 : -1;
}

void validator_release(struct validator *v)
{
	schema_free(v->schema);
	v->schema = NULL;
}

void validate_buffer(struct validator *v, struct diag_file *f, const char *name,
		     const char *data, size_t len)
{
	struct doc doc = DOC_INIT;

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

	struct plan plan;
	plan_build(&plan, xmlDocGetRootElement(doc.xml));
	f->kind = plan.kind && !strcmp(plan.kind, "pra") ? "pra" : "pca";
	struct rule_ctx ctx = {
		.plan = &plan, .doc = &doc, .f = f,
		.config = v->config, .today = v->today,
	};
	rules_run(&ctx);
	plan_release(&plan);
done:
	diag_file_sort(f);
	diag_file_set_text(f, NULL, 0);
	doc_release(&doc);
}

void validate_file(struct validator *v, struct diag_file *f, const char *path)
{
	struct buf data = BUF_INIT;

	if (read_file(path, &data) < 0) {
		diag_add_sev(f, SEV_ERROR, RULE_IO_ERROR, 0, 0, NULL, "%s", crisis_error_last());
		f->fatal = true;
	} else {
		validate_buffer(v, f, f->path, buf_str(&data), data.len);
	}
	buf_release(&data);
}
