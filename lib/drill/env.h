/*
 * What the rules may look into beyond their own file (check/rule.h): the
 * plans of a workspace, found by their id and read when first asked for,
 * and the last drill run of each plan, from the records under drills/runs/.
 */
#ifndef CRISIS_DRILL_ENV_H
#define CRISIS_DRILL_ENV_H

#include "check/rule.h"
#include "check/validate.h"
#include "util/strlist.h"
#include "util/strmap.h"

#include <pthread.h>

#define DRILL_RUNS_DIR "drills/runs/"

struct drill_env_plan;

struct drill_env {
	struct rule_env env;		/* what the validator is given: &drill_env.env */
	struct validator *v;
	struct drill_env_plan *plans;
	size_t nr, alloc;
	const char **ids;		/* the plans' ids, for env.plan_ids */
	struct strmap exercises;	/* plan id -> "YYYY-MM-DD" (owned) */
	pthread_mutex_t lock;		/* validator threads ask at once */
};

/*
 * The plans under root/plans/ (root ending in '/', or NULL for none) and the
 * files `extra` (plans named on the command line), checked with `v` when a
 * rule asks for one; the drill runs under root/drills/runs/. Then
 * `v->env = &e->env`. Files that cannot be read are left out.
 */
void drill_env_init(struct drill_env *e, struct validator *v, const char *root,
		    char *const *extra, size_t nr_extra);
void drill_env_release(struct drill_env *e);
/* The file of plan `id` (as found: under root, or as named), or NULL. */
const char *drill_env_plan_path(const struct drill_env *e, const char *id);
/* The same, allocated and owned by the validator, which frees it with itself. */
struct rule_env *drill_env_new(struct validator *v, const char *root, char *const *extra,
			       size_t nr_extra);

#endif
