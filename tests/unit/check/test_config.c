#include "unit.h"
#include "plan/rules.h"
#include "util/buf.h"
#include "check/config.h"
#include "check/rule.h"
#include "kinds.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Each test's own folder under /tmp, and what it loaded. */
struct fixture {
	char *dir;
	struct config cfg;
	struct diag_file *f;
};

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	fx->dir = xstrdup("/tmp/crisis-config-XXXXXX");
	if (!mkdtemp(fx->dir)) {
		free(fx->dir);
		free(fx);
		return -1;
	}
	config_init(&fx->cfg, &crisis_kinds()->rules);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	struct buf cmd = BUF_INIT;
	buf_addf(&cmd, "rm -rf '%s'", fx->dir);
	int ret = system(cmd.ptr);
	buf_release(&cmd);
	config_release(&fx->cfg);
	diag_file_free(fx->f);
	free(fx->dir);
	free(fx);
	return ret == 0 ? 0 : -1;
}

/* The path dir/name, in a static buffer. */
static const char *at(const char *dir, const char *name)
{
	static char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* Write `text` as the fixture's .crisis.yaml and load it. */
static int load(struct fixture *fx, const char *text)
{
	const char *path = at(fx->dir, CONFIG_FILE);
	write_file(path, text);
	fx->f = diag_file_new(path, unit_severities());
	return config_load(&fx->cfg, path, fx->f);
}

/* The severity the configuration gives a rule. */
static enum severity sev_of(const struct config *cfg, const char *rule)
{
	const struct diag_severity *s = diag_severities_get(&cfg->severities, rule);
	assert_non_null(s);
	return s->severity;
}

/* How many rules the configuration moved from their default. */
static size_t changed(const struct config *cfg)
{
	size_t n = 0;
	for (size_t i = 0; i < cfg->rules->nr; i++)
		n += sev_of(cfg, cfg->rules->items[i]->id) != cfg->rules->items[i]->severity;
	return n;
}

static void assert_one_finding(const struct fixture *fx, const char *rule,
			       unsigned long line, const char *text)
{
	assert_int_equal(fx->f->nr, 1);
	assert_int_equal(fx->f->errors, 1);
	assert_string_equal(fx->f->items[0].rule, rule);
	assert_int_equal(fx->f->items[0].line, line);
	if (!strstr(fx->f->items[0].message, text))
		fail_msg("'%s' not in '%s'", text, fx->f->items[0].message);
}

static void init_sets_defaults(void **state)
{
	struct fixture *fx = *state;
	assert_null(fx->cfg.path);
	assert_int_equal(changed(&fx->cfg), 0);
	assert_int_equal(fx->cfg.spof_max, SPOF_DEFAULT_MAX);
	assert_int_equal(sev_of(&fx->cfg, RULE_MISSING_DEPUTY),
			 SEV_WARNING);
}

static void rules_off_and_error(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(load(fx, "rules:\n"
				  "  review-overdue: off\n"
				  "  missing-deputy: error\n"
				  "  rto-exceeds-mtpd: info\n"), 0);
	assert_int_equal(fx->f->nr, 0);
	assert_string_equal(fx->cfg.path, at(fx->dir, CONFIG_FILE));
	assert_int_equal(changed(&fx->cfg), 3);
	assert_int_equal(sev_of(&fx->cfg, RULE_REVIEW_OVERDUE), SEV_OFF);
	assert_int_equal(sev_of(&fx->cfg, RULE_MISSING_DEPUTY),
			 SEV_ERROR);
	assert_int_equal(sev_of(&fx->cfg, RULE_RTO_EXCEEDS_MTPD),
			 SEV_INFO);
	/* Rules not named keep their default. */
	assert_int_equal(sev_of(&fx->cfg, RULE_STEP_CYCLE), SEV_ERROR);
	assert_int_equal(fx->cfg.spof_max, SPOF_DEFAULT_MAX);
}

static void loaded_config_drives_diagnostics(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(load(fx, "rules:\n  review-overdue: off\n  missing-deputy: error\n"), 0);
	struct diag_file *plan = diag_file_new("plan.yaml", &fx->cfg.severities);
	diag_add(plan, RULE_REVIEW_OVERDUE, 1, 1, NULL, "overdue");
	diag_add(plan, RULE_MISSING_DEPUTY, 2, 1, NULL, "no deputy");
	assert_int_equal(plan->nr, 1);
	assert_int_equal(plan->items[0].severity, SEV_ERROR);
	assert_string_equal(plan->items[0].rule, RULE_MISSING_DEPUTY);
	diag_file_free(plan);
}

static void format_key_and_comments_are_accepted(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(load(fx, "# workspace settings\n"
				  "format: 1\n"
				  "rules:\n"
				  "  step-cycle: warning   # for now\n"), 0);
	assert_int_equal(fx->f->nr, 0);
	assert_int_equal(sev_of(&fx->cfg, RULE_STEP_CYCLE), SEV_WARNING);
}

static void unknown_rule_suggests_the_closest(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(load(fx, "rules:\n  review-overdu: off\n"), -1);
	assert_one_finding(fx, RULE_UNKNOWN_KEY, 2,
			   "unknown rule 'review-overdu'; did you mean 'review-overdue'?");
	/* Quoted, and shown at the key. */
	assert_string_equal(fx->f->items[0].source, "  review-overdu: off");
	assert_int_equal(fx->f->items[0].column, 3);
	assert_string_equal(fx->f->items[0].path, "rules.review-overdu");
	assert_null(fx->cfg.path);
	assert_int_equal(changed(&fx->cfg), 0);
}

static void unknown_rule_far_from_any(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(load(fx, "rules:\n  zzzzzzzzzzzz: off\n"), -1);
	assert_one_finding(fx, RULE_UNKNOWN_KEY, 2, "unknown rule 'zzzzzzzzzzzz'");
	assert_null(strstr(fx->f->items[0].message, "did you mean"));
	assert_non_null(strstr(fx->f->items[0].message, "crisis plan rules"));
}

static void bad_severity_is_refused(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(load(fx, "rules:\n  missing-deputy: fatal\n"), -1);
	assert_one_finding(fx, RULE_BAD_VALUE, 2,
			   "'fatal' is not one of: off, info, warning, error");
	assert_non_null(strstr(fx->f->items[0].message, "rules.missing-deputy"));
	/* Shown at the value. */
	assert_string_equal(fx->f->items[0].source, "  missing-deputy: fatal");
	assert_int_equal(fx->f->items[0].column, 19);
	assert_int_equal(sev_of(&fx->cfg, RULE_MISSING_DEPUTY),
			 SEV_WARNING);
	assert_null(fx->cfg.path);
}

static void severity_is_case_sensitive(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(load(fx, "rules:\n  missing-deputy: Error\n"), -1);
	assert_one_finding(fx, RULE_BAD_VALUE, 2, "'Error'");
}

static void empty_severity_is_refused(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(load(fx, "rules:\n  missing-deputy:\n"), -1);
	assert_int_equal(fx->f->errors, 1);
	assert_string_equal(fx->f->items[0].rule, RULE_BAD_VALUE);
}

static void threshold_single_point_of_failure(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(load(fx, "thresholds:\n  single-point-of-failure: 5\n"), 0);
	assert_int_equal(fx->cfg.spof_max, 5);
	assert_int_equal(fx->f->nr, 0);
}

static void threshold_of_one_is_the_smallest(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(load(fx, "thresholds:\n  single-point-of-failure: 1\n"), 0);
	assert_int_equal(fx->cfg.spof_max, 1);
}

static void bad_thresholds_are_refused(void **state)
{
	static const char *const bad[] = {
		"0", "-2", "abc", "3.5", "4x", "99999999999", "\"\"",
	};
	struct fixture *fx = *state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		char text[128];
		snprintf(text, sizeof(text), "thresholds:\n  single-point-of-failure: %s\n", bad[i]);
		config_release(&fx->cfg);
		config_init(&fx->cfg, &crisis_kinds()->rules);
		diag_file_free(fx->f);
		if (load(fx, text) != -1)
			fail_msg("threshold %s was accepted", bad[i]);
		assert_one_finding(fx, RULE_BAD_VALUE, 2, "is not a whole number from 1");
		assert_int_equal(fx->cfg.spof_max, SPOF_DEFAULT_MAX);
	}
}

static void threshold_contact_stale(void **state)
{
	struct fixture *fx = *state;
	assert_null(fx->cfg.stale_after);
	assert_int_equal(load(fx, "thresholds:\n  contact-stale: P1Y\n"), 0);
	assert_int_equal(fx->f->nr, 0);
	assert_non_null(fx->cfg.stale_after);
	assert_string_equal(fx->cfg.stale_after, "P1Y");
	/* The other threshold keeps its default. */
	assert_int_equal(fx->cfg.spof_max, SPOF_DEFAULT_MAX);
}

static void bad_contact_stale_is_refused(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(load(fx, "thresholds:\n  contact-stale: banana\n"), -1);
	assert_one_finding(fx, RULE_BAD_VALUE, 2, "thresholds.contact-stale: 'banana' is not a duration");
	assert_int_equal(fx->f->items[0].column, 18);
	assert_null(fx->cfg.stale_after);
	assert_null(fx->cfg.path);
}

static void unknown_threshold_is_refused(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(load(fx, "thresholds:\n  review-overdue: 3\n"), -1);
	assert_one_finding(fx, RULE_UNKNOWN_KEY, 2, "unknown threshold 'review-overdue'");
	assert_int_equal(fx->cfg.spof_max, SPOF_DEFAULT_MAX);
}

static void unknown_top_level_key(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(load(fx, "rules:\n  step-cycle: off\nrule:\n  x: off\n"), -1);
	assert_one_finding(fx, RULE_UNKNOWN_KEY, 3, "unknown key 'rule'");
	assert_non_null(strstr(fx->f->items[0].message, "expected 'rules' or 'thresholds'"));
	assert_null(fx->cfg.path);
}

static void every_problem_is_reported(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(load(fx, "rules:\n"
				  "  missing-deputy: loud\n"
				  "  missing-deputi: off\n"
				  "thresholds:\n"
				  "  single-point-of-failure: none\n"
				  "extra: 1\n"), -1);
	assert_int_equal(fx->f->errors, 4);
	assert_int_equal(fx->f->items[0].line, 2);
	assert_int_equal(fx->f->items[1].line, 3);
	assert_int_equal(fx->f->items[2].line, 5);
	assert_int_equal(fx->f->items[3].line, 6);
}

static void yaml_error_makes_it_unusable(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(load(fx, "rules:\n  missing-deputy: [off\n"), -1);
	assert_true(fx->f->errors >= 1);
	assert_null(fx->cfg.path);
}

static void missing_file_is_an_io_error(void **state)
{
	struct fixture *fx = *state;
	const char *path = at(fx->dir, "absent.yaml");
	fx->f = diag_file_new(path, unit_severities());
	assert_int_equal(config_load(&fx->cfg, path, fx->f), -1);
	assert_one_finding(fx, RULE_IO_ERROR, 0, "No such file");
	assert_non_null(strstr(fx->f->items[0].message, path));
	assert_null(fx->cfg.path);
}

static void text_is_detached_after_loading(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(load(fx, "rules:\n  step-cycle: off\n"), 0);
	/* The file's text was freed: the collector must not keep pointing at it. */
	assert_null(fx->f->text);
	assert_int_equal(fx->f->len, 0);
}

static void release_resets(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(load(fx, "rules:\n  step-cycle: off\n"
				  "thresholds:\n  single-point-of-failure: 7\n"), 0);
	config_release(&fx->cfg);
	assert_null(fx->cfg.path);
	assert_int_equal(fx->cfg.severities.nr, 0);
	assert_null(fx->cfg.stale_after);
	assert_int_equal(fx->cfg.spof_max, 0);
}

/* Make dir/a/b/c; the deepest folder, in a static buffer. */
static const char *make_nest(const char *dir)
{
	assert_int_equal(mkdir(at(dir, "a"), 0755), 0);
	assert_int_equal(mkdir(at(dir, "a/b"), 0755), 0);
	assert_int_equal(mkdir(at(dir, "a/b/c"), 0755), 0);
	return at(dir, "a/b/c");
}

static void find_walks_up(void **state)
{
	struct fixture *fx = *state;
	char deep[PATH_MAX], want[PATH_MAX];
	snprintf(deep, sizeof(deep), "%s", make_nest(fx->dir));
	snprintf(want, sizeof(want), "%s", at(fx->dir, "a/" CONFIG_FILE));
	write_file(want, "rules: {}\n");
	char *found = config_find(deep);
	assert_non_null(found);
	assert_string_equal(found, want);
	free(found);
	/* From the folder that holds it, too. */
	found = config_find(at(fx->dir, "a"));
	assert_non_null(found);
	assert_string_equal(found, want);
	free(found);
}

static void find_takes_the_nearest(void **state)
{
	struct fixture *fx = *state;
	char deep[PATH_MAX], near[PATH_MAX];
	snprintf(deep, sizeof(deep), "%s", make_nest(fx->dir));
	write_file(at(fx->dir, CONFIG_FILE), "rules: {}\n");
	snprintf(near, sizeof(near), "%s", at(fx->dir, "a/b/" CONFIG_FILE));
	write_file(near, "rules: {}\n");
	char *found = config_find(deep);
	assert_non_null(found);
	assert_string_equal(found, near);
	free(found);
}

static void find_with_trailing_slash(void **state)
{
	struct fixture *fx = *state;
	char deep[PATH_MAX], want[PATH_MAX];
	snprintf(deep, sizeof(deep), "%s/", make_nest(fx->dir));
	snprintf(want, sizeof(want), "%s", at(fx->dir, "a/b/" CONFIG_FILE));
	write_file(want, "rules: {}\n");
	char *found = config_find(deep);
	assert_non_null(found);
	assert_string_equal(found, want);
	free(found);
}

static void find_nothing_in_our_tree(void **state)
{
	struct fixture *fx = *state;
	char deep[PATH_MAX];
	snprintf(deep, sizeof(deep), "%s", make_nest(fx->dir));
	/* A file of another name is not a configuration. */
	write_file(at(fx->dir, "a/crisis.yaml"), "rules: {}\n");
	char *found = config_find(deep);
	/* Something above /tmp may hold one; nothing in our folders does. */
	if (found && !strncmp(found, fx->dir, strlen(fx->dir)))
		fail_msg("found '%s'", found);
	free(found);
}

static void find_from_the_current_folder(void **state)
{
	struct fixture *fx = *state;
	char deep[PATH_MAX], old[PATH_MAX], real[PATH_MAX];
	struct buf want = BUF_INIT;
	snprintf(deep, sizeof(deep), "%s", make_nest(fx->dir));
	write_file(at(fx->dir, "a/b/" CONFIG_FILE), "rules: {}\n");
	/* getcwd() gives the resolved path, whatever /tmp links to. */
	assert_non_null(realpath(fx->dir, real));
	buf_addf(&want, "%s/a/b/" CONFIG_FILE, real);
	assert_non_null(getcwd(old, sizeof(old)));
	assert_int_equal(chdir(deep), 0);
	char *found = config_find(NULL);
	assert_int_equal(chdir(old), 0);
	assert_non_null(found);
	assert_string_equal(found, want.ptr);
	free(found);
	buf_release(&want);
}

#define FX_TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

TEST_MAIN(
	FX_TEST(init_sets_defaults),
	FX_TEST(rules_off_and_error),
	FX_TEST(loaded_config_drives_diagnostics),
	FX_TEST(format_key_and_comments_are_accepted),
	FX_TEST(unknown_rule_suggests_the_closest),
	FX_TEST(unknown_rule_far_from_any),
	FX_TEST(bad_severity_is_refused),
	FX_TEST(severity_is_case_sensitive),
	FX_TEST(empty_severity_is_refused),
	FX_TEST(threshold_single_point_of_failure),
	FX_TEST(threshold_of_one_is_the_smallest),
	FX_TEST(bad_thresholds_are_refused),
	FX_TEST(threshold_contact_stale),
	FX_TEST(bad_contact_stale_is_refused),
	FX_TEST(unknown_threshold_is_refused),
	FX_TEST(unknown_top_level_key),
	FX_TEST(every_problem_is_reported),
	FX_TEST(yaml_error_makes_it_unusable),
	FX_TEST(missing_file_is_an_io_error),
	FX_TEST(text_is_detached_after_loading),
	FX_TEST(release_resets),
	FX_TEST(find_walks_up),
	FX_TEST(find_takes_the_nearest),
	FX_TEST(find_with_trailing_slash),
	FX_TEST(find_nothing_in_our_tree),
	FX_TEST(find_from_the_current_folder),
)
