/* crisis plan: the subcommand table; validate plans, show one, list the rules. */
#include "cmd.h"
#include "plan-history.h"
#include "plan-render.h"
#include "validate.h"
#include "check/config.h"
#include "check/docwrite.h"
#include "check/findings.h"
#include "check/validate.h"
#include "kinds.h"
#include "plan/plan.h"
#include "plan/versions.h"
#include "util/fs.h"
#include "contacts/directory.h"
#include "util/error.h"
#include "util/date.h"
#include "util/json.h"
#include "check/rule.h"
#include "util/version.h"
#include "git/workspace.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static cmd_fn plan_validate, plan_show, plan_export, plan_rules;

enum { OPT_TODAY = 256 };


static const struct opt validate_opts[] = {
	VALIDATE_OPTS,
	OPT_END,
};

static const struct opt show_opts[] = {
	{ "today", OPT_TODAY, "DATE", "check review and exercise dates as of DATE (YYYY-MM-DD)", NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct opt export_opts[] = {
	{ "format", 'f', "FORMAT", "output format: xml or json", "xml|json" },
	{ "output", 'o', "FILE", "write to FILE (atomically) instead of standard output", NULL },
	OPT_END,
};

static const struct opt rules_opts[] = {
	{ "format", 'f', "FORMAT", "output format: text (default) or json", "text|json" },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct cmd plan_validate_cmd = {
	.name = "validate", .parent = "plan", .fn = plan_validate,
	.usage = "[<options>] [<path>...|-]",
	.summary = "check plan files and folders against the schema and the rules",
	.opts = validate_opts,
	.complete = "files",
};

static const struct cmd plan_show_cmd = {
	.name = "show", .parent = "plan", .fn = plan_show,
	.usage = "[<options>] <plan>[@<revision>]",
	.summary = "summarise a plan, as it is or as it was at a revision (plan@v3, plan@HEAD~2)",
	.opts = show_opts,
	.complete = "plans",
};

static const struct cmd plan_export_cmd = {
	.name = "export", .parent = "plan", .fn = plan_export,
	.usage = "--format xml|json [-o <file>] <plan>[@<revision>]",
	.summary = "write a valid plan as XML (its XSD's) or JSON (its JSON Schema's), for other tools",
	.opts = export_opts,
	.complete = "plans",
};

static const struct cmd plan_rules_cmd = {
	.name = "rules", .parent = "plan", .fn = plan_rules,
	.usage = "[<options>]",
	.summary = "list the rules, their ids, severities and help",
	.opts = rules_opts,
};

static const struct cmd *const plan_subcommands[] = {
	&plan_validate_cmd, &plan_show_cmd, &plan_render_cmd, &plan_export_cmd, &plan_new_cmd,
	&plan_commit_cmd, &plan_log_cmd, &plan_diff_cmd, &plan_approve_cmd, &plan_status_cmd,
	&plan_rules_cmd, NULL,
};

const struct cmd plan_cmd = {
	.name = "plan", .usage = "<subcommand> [<args>]",
	.summary = "write, validate, version and approve plans",
	.subs = plan_subcommands,
};


static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static const char *or_dash(const char *s)
{
	return s ? s : "-";
}

static int plan_validate(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	static const struct validate_how how = {
		.noun = "plan", .dir = "plans", .also = WORKSPACE_CONTACTS,
	};
	(void)ws;	/* only its files are read: the repository stays closed */
	return validate_files(self, argc, argv, &how);
}

static void print_plan(const struct plan *p, int64_t today)
{
	const struct plan_contact *owner = plan_contact(p, p->owner);
	size_t external = 0;
	char date[11];

	for (size_t i = 0; i < p->nr_contacts; i++)
		external += p->contacts[i].external;
	printf("%s: %s\n", p->id, p->title);
	printf("  %s plan, status %s, owner %s%s%s%s\n",
	       !strcmp(p->kind, "pra") ? "recovery (PRA)" : "continuity (PCA)", p->status,
	       p->owner, owner ? " (" : "", owner ? owner->name : "", owner ? ")" : "");
	printf("  review every %s, last %s", or_dash(p->review_every_text),
	       or_dash(p->review_last_text));
	if (p->has_review_last) {
		date_format(date_add_duration(p->review_last, p->review_every_text), date);
		printf(", next %s", date);
	}
	printf("%s%s\n", p->approved_by ? ", approved by " : "", p->approved_by ? p->approved_by : "");
	if (p->has_exercise)
		printf("  exercise every %s, last %s\n", or_dash(p->exercise_every_text),
		       or_dash(p->exercise_last_text));
	printf("  %zu %s (%zu external), %zu %s, %zu %s, %zu %s, %zu %s, %zu %s\n",
	       p->nr_contacts, plural(p->nr_contacts, "contact", "contacts"), external,
	       p->nr_roles, plural(p->nr_roles, "cell role", "cell roles"),
	       p->nr_scenarios, plural(p->nr_scenarios, "scenario", "scenarios"),
	       p->nr_activities, plural(p->nr_activities, "activity", "activities"),
	       p->nr_levels, plural(p->nr_levels, "escalation level", "escalation levels"),
	       p->nr_procedures, plural(p->nr_procedures, "procedure", "procedures"));
	(void)today;

	if (p->nr_activities) {
		printf("\n  %-28s %-9s %-7s %-7s %-7s %s\n", "activity", "priority", "rto", "rpo",
		       "mtpd", "owner / deputy");
		static const char *const prio[] = { "low", "moderate", "high", "urgent" };
		for (size_t i = 0; i < p->nr_activities; i++) {
			const struct plan_activity *a = &p->activities[i];
			printf("  %-28s %-9s %-7s %-7s %-7s %s / %s\n", a->id, prio[a->priority],
			       or_dash(a->rto_text), or_dash(a->rpo_text),
			       or_dash(a->mtpd_text), or_dash(a->owner),
			       or_dash(a->deputy));
		}
	}
	if (p->nr_roles) {
		printf("\n  %-28s %-13s %s\n", "cell role", "group", "holder / deputy");
		for (size_t i = 0; i < p->nr_roles; i++) {
			const struct plan_role *r = &p->roles[i];
			printf("  %-28s %-13s %s / %s\n", r->id, or_dash(r->group), or_dash(r->holder),
			       or_dash(r->deputy));
		}
	}
	if (p->nr_levels) {
		printf("\n  escalation\n");
		for (size_t i = 0; i < p->nr_levels; i++) {
			const struct plan_level *l = &p->levels[i];
			struct buf who = BUF_INIT;
			for (size_t j = 0; j < l->notify.nr; j++)
				buf_addf(&who, "%s%s", j ? ", " : "", l->notify.ids[j]);
			printf("  level %ld within %-6s %s\n", l->level,
			       or_dash(l->within_text), buf_str(&who));
			buf_release(&who);
		}
	}
}

static int plan_show(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	(void)ws;
	int64_t today = date_today();
	int c;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		if (c != OPT_TODAY)
			return EXIT_USAGE;
		if (date_parse(optarg, &today) < 0 || strlen(optarg) != 10)
			return usage_error(self, "--today takes a date such as 2026-11-22, not '%s'", optarg);
	}
	if (argc - optind != 1)
		return usage_error(self, "name one plan file");

	struct plan_load pl;
	int ret = plan_load_open(&pl, argv[optind], today);
	if (!ret)
		print_plan(pl.plan, today);
	return plan_load_close(&pl, ret);
}

static int plan_export(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	const char *format = NULL, *file = NULL;
	int c;

	(void)ws;
	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		if (c == 'f' && check_format(self, optarg, "xml|json"))
			return EXIT_USAGE;
		if (c == 'f')
			format = optarg;
		else if (c == 'o')
			file = optarg;
		else
			return EXIT_USAGE;
	}
	if (!format)
		return usage_error(self, "say which format with --format xml or --format json");
	if (argc - optind != 1)
		return usage_error(self, "name one plan file");

	struct plan_load pl;
	struct buf out = BUF_INIT;
	int ret = plan_load_open(&pl, argv[optind], date_today());
	/* A plan with errors is not exported: its findings say why. */
	if (!ret && !pl.f->errors) {
		const struct kind *k = pl.lp.kind;
		if ((!strcmp(format, "xml") ? docwrite_xml(&out, &pl.lp.doc) :
		     docwrite_json(&out, &pl.lp.doc, k->schema, k->root_type)) < 0)
			ret = fail(CRISIS_ERROR);
		else
			ret = emit_output(&out, file);
	}
	buf_release(&out);
	return plan_load_close(&pl, ret);
}

static int plan_rules(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	(void)ws;
	return list_rules(self, argc, argv, STAGE_PLAN);
}

