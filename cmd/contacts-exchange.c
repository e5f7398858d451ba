/*
 * crisis contacts export and import: vCard, CSV and JSON out, vCard and CSV in.
 * Half of the contacts command (cmd/contacts.c has its table), documented in
 * crisis-contacts(1).
 */
#include "cmd.h"
#include "contacts-exchange.h"
#include "plan/plan.h"
#include "contacts/export.h"
#include "contacts/import.h"
#include "contacts/merge.h"
#include "store/store.h"
#include "util/charset.h"
#include "util/error.h"
#include "util/date.h"
#include "git/workspace.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- export ---- */

static cmd_fn contacts_export, contacts_import;

enum { OPT_REDACT = 256, OPT_SKIP_INVALID, OPT_COUNTRY, OPT_ENCODING, OPT_EXCEL };

static const struct opt export_opts[] = {
	{ "format", 'f', "FORMAT", "vcard (default), csv or json", "vcard|csv|json" },
	{ "output", 'o', "FILE", "write to FILE (created 0600) instead of standard output", NULL },
	{ "redact", OPT_REDACT, NULL, "mask phone numbers and e-mail addresses", NULL },
	{ "excel", OPT_EXCEL, NULL, "CSV as Excel opens it in French: ';' and a byte-order mark", NULL },
	PLAN_OPT,
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct opt import_opts[] = {
	{ "format", 'f', "FORMAT", "vcard or csv (default: from the file name)", "vcard|csv" },
	{ "dry-run", 'n', NULL, "show what would change, write nothing", NULL },
	{ "skip-invalid", OPT_SKIP_INVALID, NULL, "import the valid records even when some are not", NULL },
	{ "country", OPT_COUNTRY, "CODE", "read national numbers (06 12 34 56 78) with this country code (33)", NULL },
	{ "encoding", OPT_ENCODING, "CHARSET", "the file's charset (default: UTF-8, else Windows-1252)",
	  "utf-8|windows-1252|latin1|utf-16" },
	{ NULL, 0, NULL, NULL, NULL },
};

const struct cmd contacts_export_cmd = {
	.name = "export", .parent = "contacts", .fn = contacts_export,
	.usage = "[<options>]",
	.summary = "every contact as vCard 4.0, CSV or JSON",
	.opts = export_opts, .flags = WANTS_WORKSPACE,
};

const struct cmd contacts_import_cmd = {
	.name = "import", .parent = "contacts", .fn = contacts_import,
	.usage = "[<options>] <file>",
	.summary = "add or update contacts.yaml from a vCard or CSV export",
	.opts = import_opts, .flags = NEEDS_WORKSPACE,
	.complete = "files",
};

static int contacts_export(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	struct strlist plans = STRLIST_INIT;
	const char *format = NULL, *output = NULL;
	bool redact = false, excel = false;
	struct session s;
	int c, ret;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		if (c == 'f' && !check_format(self, optarg, "vcard|csv|json")) {
			format = optarg;
		} else if (c == 'o') {
			output = optarg;
		} else if (c == OPT_REDACT) {
			redact = true;
		} else if (c == OPT_EXCEL) {
			excel = true;
		} else if (c == OPT_PLAN) {
			strlist_add(&plans, optarg);
		} else {
			strlist_release(&plans);
			return EXIT_USAGE;
		}
	}
	if (argc != optind) {
		strlist_release(&plans);
		return usage_error(self, "unexpected argument '%s'", argv[optind]);
	}
	if (excel && format && strcmp(format, "csv")) {
		strlist_release(&plans);
		return usage_error(self, "--excel writes CSV, not %s", format);
	}
	if (!format)
		format = excel ? "csv" : "vcard";
	if ((ret = session_open(&s, ws, self, plans.items, plans.nr, date_today(), false))) {
		strlist_release(&plans);
		return ret;
	}
	/*
	 * A file that cannot be read would leave its contacts out: a scheduled
	 * sync to phones would shrink the address book without anyone noticing.
	 */
	size_t unread = s.shared_f && (s.shared_f->errors || s.shared_f->fatal);
	for (size_t i = 0; i < s.d.nr_plans; i++)
		unread += !plan_of(&s.d.plans[i].lp);
	if (unread) {
		/* session_open has shown why. */
		error("nothing exported: %zu file%s cannot be read, and %s contacts would be missing",
		      unread, unread == 1 ? "" : "s", unread == 1 ? "its" : "their");
		session_close(&s);
		strlist_release(&plans);
		return EXIT_FINDINGS;
	}
	const struct plan_contact **cs = xcalloc(s.d.nr + 1, sizeof(*cs));
	struct directory_filter f = { .nr_plans = plans.nr };
	size_t nr = 0;
	for (size_t i = 0; i < s.d.nr; i++)
		if (directory_keep(&s.d.contacts[i], &f))
			cs[nr++] = s.d.contacts[i].c;
	struct buf out = BUF_INIT;
	if (!strcmp(format, "csv"))
		export_csv(&out, cs, nr, redact, excel);
	else if (!strcmp(format, "json"))
		export_json(&out, redact ? NULL : &s.d, cs, nr, redact);
	else
		export_vcard(&out, cs, nr, redact);
	if (!output) {
		fwrite(buf_str(&out), 1, out.len, stdout);
	} else if (fs_write_atomic(output, buf_str(&out), out.len, 0600) < 0) {
		error("%s", crisis_error_last());
		ret = EXIT_FATAL;
	} else {
		fprintf(stderr, "%zu contact%s written to %s%s\n", nr, nr == 1 ? "" : "s",
			output, redact ? " (phones and e-mails masked)" : "");
	}
	buf_release(&out);
	free(cs);
	session_close(&s);
	strlist_release(&plans);
	return ret;
}

/* ---- import ---- */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcasecmp(s + n - m, suffix);
}

/* "line L, column C: why" reads as file:L:C: error: why. */
static void report_read_error(const char *file, const char *why)
{
	unsigned long line = 0, col = 0;
	int skip = 0;
	if (sscanf(why, "line %lu, column %lu: %n", &line, &col, &skip) == 2 && skip)
		fprintf(stderr, "%s:%lu:%lu: error: %s\n", file, line, col, why + skip);
	else if (sscanf(why, "line %lu: %n", &line, &skip) == 1 && skip)
		fprintf(stderr, "%s:%lu: error: %s\n", file, line, why + skip);
	else
		fprintf(stderr, "%s: error: %s\n", file, why);
}

static void print_problems(const char *file, const struct import *im)
{
	for (size_t i = 0; i < im->nr_problems; i++)
		fprintf(stderr, "%s:%lu: error: %s\n", file, im->problems[i].line,
			im->problems[i].message);
}

static int contacts_import(const struct cmd *self, int argc, char **argv, struct workspace *ws)
{
	const char *format = NULL, *country = NULL, *encoding = NULL;
	bool dry_run = false, skip_invalid = false;
	int c, ret = EXIT_CLEAN;

	optind = 1;
	while ((c = next_opt(self, argc, argv)) != -1) {
		switch (c) {
		case 'f':
			if (check_format(self, optarg, "vcard|csv"))
				return EXIT_USAGE;
			format = optarg;
			break;
		case 'n': dry_run = true; break;
		case OPT_SKIP_INVALID: skip_invalid = true; break;
		case OPT_COUNTRY:
			if (strspn(optarg, "0123456789") != strlen(optarg) || !*optarg ||
			    *optarg == '0' || strlen(optarg) > 3)
				return usage_error(self, "--country takes a calling code such as 33, not '%s'", optarg);
			country = optarg;
			break;
		case OPT_ENCODING:
			if (!charset_known(optarg))
				return usage_error(self, "--encoding: unknown charset '%s' "
						   "(utf-8, windows-1252, latin1, utf-16...)", optarg);
			encoding = optarg;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return usage_error(self, "name one file to import");
	const char *file = argv[optind];
	if (!format)
		format = ends_with(file, ".vcf") || ends_with(file, ".vcard") ? "vcard" :
			 ends_with(file, ".csv") || ends_with(file, ".txt") ? "csv" : NULL;
	if (!format)
		return usage_error(self, "say --format vcard or csv: '%s' names neither", file);

	struct buf data = BUF_INIT, path = BUF_INIT, text = BUF_INIT;
	struct import im = { 0 };
	struct merge_result *results = NULL;
	struct session s;
	bool have_session = false;
	int lock = -1;
	if (fs_read_file(file, &data) < 0) {
		error("%s", crisis_error_last());
		ret = EXIT_FATAL;
		goto done;
	}
	const char *charset = encoding ? encoding : charset_guess(buf_str(&data), data.len);
	if (!encoding && !charset_is_utf8(charset))
		fprintf(stderr, "%s: note: not UTF-8: read as %s (--encoding names another charset)\n",
			file, charset);
	if (import_decode(&data, charset) < 0) {
		report_read_error(file, crisis_error_last());
		ret = EXIT_FINDINGS;
		goto done;
	}
	int read = !strcmp(format, "csv") ? import_csv(&im, data.ptr ? data.ptr : "", data.len, country) :
		   import_vcard(&im, data.ptr ? data.ptr : "", data.len, country);
	if (read < 0) {
		report_read_error(file, crisis_error_last());
		ret = EXIT_FINDINGS;
		goto done;
	}
	print_problems(file, &im);
	if (im.nr_problems && !skip_invalid) {
		error("%zu record%s cannot be imported: nothing written (--skip-invalid imports the others)",
		      im.nr_problems, im.nr_problems == 1 ? "" : "s");
		ret = EXIT_FINDINGS;
		goto done;
	}

	/*
	 * Held from the read of contacts.yaml to its write: a second import
	 * waits, then reads what the first wrote, and neither loses a contact.
	 */
	if (!dry_run && (ret = store_lock(ws->root, "contacts", &lock)) < 0) {
		ret = fail(ret);
		goto done;
	}
	/* The workspace's contacts.yaml as it is: it must be valid to be updated. */
	if ((ret = session_open(&s, ws, self, NULL, 0, date_today(), true)))
		goto done;
	have_session = true;
	buf_addf(&path, "%s%s", ws->root, WORKSPACE_CONTACTS);
	if (s.shared_f && s.shared_f->errors) {
		print_findings(s.shared_f);
		error("%s is invalid: fix it before importing into it", WORKSPACE_CONTACTS);
		ret = EXIT_FINDINGS;
		goto done;
	}
	/* What the plans keep is not imported: their contacts, and the ids of their cell roles. */
	struct merge_screen screen;
	merge_screen(&screen, &im, &s.d);
	for (size_t i = 0; i < screen.nr; i++)
		fprintf(stderr, "%s:%lu: %s: %s\n", file, screen.notes[i].line,
			screen.notes[i].refused ? "error" : "note", screen.notes[i].text);
	if (screen.refused && !skip_invalid) {
		error("%zu record%s cannot be imported: nothing written (--skip-invalid imports the others)",
		      screen.refused, screen.refused == 1 ? "" : "s");
		merge_screen_release(&screen);
		ret = EXIT_FINDINGS;
		goto done;
	}
	merge_drop_refused(&screen, &im);
	const struct loaded *lp = validator_shared(&s.v);
	int merged = merge_records(&im, lp, &screen.taken, &text, &results);
	merge_screen_release(&screen);
	if (merged < 0) {
		/* A list written inline cannot be edited entry by entry: nothing is written. */
		error("%s: %s; write its contacts one '- id:' entry per line to import into it",
		      WORKSPACE_CONTACTS, crisis_error_last());
		ret = EXIT_FINDINGS;
		goto done;
	}
	/* What would be written is checked like any contacts.yaml. */
	struct diag_file *f = diag_file_new(WORKSPACE_CONTACTS, &s.cfg.severities);
	struct loaded check;
	struct buf copy = BUF_INIT;
	buf_add(&copy, text.ptr, text.len);
	if (validate_load_text(&s.v, f, &copy, &check) < 0 || f->errors) {
		print_findings(f);
		error("the imported contacts do not make a valid %s: nothing written", WORKSPACE_CONTACTS);
		ret = EXIT_FINDINGS;
	}
	loaded_release(&check);
	diag_file_free(f);
	if (ret)
		goto done;

	size_t counts[3] = { 0, 0, 0 };
	for (size_t i = 0; i < im.nr; i++) {
		static const char *const verbs[] = { "add", "update", "same" };
		counts[results[i].change]++;
		if (results[i].change != MERGE_UNCHANGED || dry_run)
			printf("%-6s %s (%s:%lu)\n", verbs[results[i].change], results[i].id, file,
			       results[i].line);
	}
	bool changes = counts[MERGE_ADDED] || counts[MERGE_UPDATED];
	if (!dry_run && changes && fs_write_atomic(path.ptr, text.ptr, text.len, 0600) < 0) {
		error("%s", crisis_error_last());
		ret = EXIT_FATAL;
		goto done;
	}
	fprintf(stderr, "%s%zu added, %zu updated, %zu unchanged, %zu invalid skipped%s\n",
		dry_run ? "would be: " : "", counts[MERGE_ADDED], counts[MERGE_UPDATED],
		counts[MERGE_UNCHANGED], im.nr_problems, dry_run ? " (dry run: nothing written)" : "");
	/* --skip-invalid with nothing valid: a sync that imported nothing is no success. */
	if (!im.nr && im.nr_problems) {
		error("every record of %s was invalid: nothing imported", file);
		ret = EXIT_FINDINGS;
	}
done:
	free(results);
	import_release(&im);
	buf_release(&data);
	buf_release(&path);
	buf_release(&text);
	if (have_session)
		session_close(&s);
	store_unlock(lock);
	return ret;
}
