#include "kinds.h"
#include "debrief/debrief.h"
#include "drill/drill.h"
#include "drill/run.h"
#include "plan/plan.h"

#include <pthread.h>

/* The first kind is the one a file of unknown kind is checked as. */
static const struct kind *const items[] = {
	&plan_kind_pca,
	&plan_kind_pra,
	&plan_kind_contacts,
	&drill_kind,
	&drill_run_kind,
	&debrief_kind,
};

static struct kinds table = { items, sizeof(items) / sizeof(*items), RULESET_INIT };
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void make_rules(void)
{
	ruleset_add(&table.rules, check_rules, check_nr_rules);
	for (size_t i = 0; i < table.nr; i++)
		for (const struct rule *const *r = table.items[i]->rules; *r; r++)
			ruleset_add(&table.rules, *r, 1);
}

const struct kinds *crisis_kinds(void)
{
	pthread_once(&once, make_rules);
	return &table;
}
