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
/* The thresholds, named after the rules that read them. */
#define CONFIG_SPOF "single-point-of-failure"
#define CONFIG_STALE "contact-stale"
#define SPOF_DEFAULT_MAX 3
#define STALE_DEFAULT "P6M"	/* a contact is checked again twice a year */

struct ruleset;

struct config {
	char *path;			/* the file read, or NULL */
	const struct ruleset *rules;	/* the rules it may name */
	/* Every rule's severity: its default, or what the file says. */
	struct diag_severities severities;
	unsigned spof_max;		/* single-point-of-failure threshold */
	char *stale_after;		/* contact-stale threshold (a duration), or NULL */
};

/* No file read yet: every rule at its default. */
void config_init(struct config *cfg, const struct ruleset *rules);
void config_release(struct config *cfg);
/*
 * Read a configuration file; problems are findings in `f`.
 * Returns 0, or -1 when the file is unusable.
 */
int config_load(struct config *cfg, const char *path, struct diag_file *f);
/* The same from `len` bytes already read from `path` (no NUL needed). */
int config_load_text(struct config *cfg, const char *path, const char *text, size_t len,
		     struct diag_file *f);
/* Its severities for diag_file_new(): NULL (each rule's default) when cfg is NULL. */
const struct diag_severities *config_severities(const struct config *cfg);

/* Look for .crisis.yaml from `dir` upwards; the path found, or NULL. */
char *config_find(const char *dir);

#endif
