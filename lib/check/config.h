/*
 * A workspace's `.crisis.yaml`: rules turned off or given another
 * severity, and the thresholds rules use.
 *
 *     rules:
 *       review-overdue: off
 *       missing-deputy: error
 *     thresholds:
 *       single-point-of-failure: 3
 */
#ifndef CRISIS_CONFIG_H
#define CRISIS_CONFIG_H

#include "diag.h"
#include "doc.h"

#define CONFIG_FILE ".crisis.yaml"
#define SPOF_DEFAULT_MAX 3
#define STALE_DEFAULT "P6M"	/* a contact is checked again twice a year */

struct config_override {
	const char *rule;
	enum severity severity;
};

struct config {
	char *path;			/* the file read, or NULL */
	struct config_override *overrides;
	size_t nr, alloc;
	unsigned spof_max;		/* single-point-of-failure threshold */
	char *stale_after;		/* contact-stale threshold (a duration), or NULL */
};

void config_init(struct config *cfg);
void config_release(struct config *cfg);
/*
 * Read a configuration file; problems are findings in `f`.
 * Returns 0, or -1 when the file is unusable.
 */
int config_load(struct config *cfg, const char *path, struct diag_file *f);
/* Look for .crisis.yaml from `dir` upwards; the path found, or NULL. */
char *config_find(const char *dir);

/* The severity of `rule` under this configuration (cfg may be NULL). */
enum severity config_severity(const struct config *cfg, const char *rule,
			      enum severity def);

#endif
