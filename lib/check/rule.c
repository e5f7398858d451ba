#include "rule.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

const struct rule check_rules[] = {
	{ .id = RULE_IO_ERROR, .stage = STAGE_LOAD, .severity = SEV_ERROR,
	  .summary = "the file cannot be read",
	  .help = "The file does not exist, is a folder, cannot be opened or is too large." },
	{ .id = RULE_YAML_SYNTAX, .stage = STAGE_LOAD, .severity = SEV_ERROR,
	  .summary = "the file is not valid YAML",
	  .help = "The YAML parser stopped at this position. Check indentation, colons and quotes." },
	{ .id = RULE_XML_SYNTAX, .stage = STAGE_LOAD, .severity = SEV_ERROR,
	  .summary = "the file is not well-formed XML",
	  .help = "An .xml file is read as XML: it must be well-formed, have the root element <crisis>, and no DOCTYPE." },
	{ .id = RULE_INVALID_UTF8, .stage = STAGE_LOAD, .severity = SEV_ERROR,
	  .summary = "the file is not valid UTF-8",
	  .help = "Plans, drills and debriefs are UTF-8 text. Save the file as UTF-8 (a Latin-1 or Windows-1252 file shows this error at its first accented letter)." },
	{ .id = RULE_TAB_INDENT, .stage = STAGE_LOAD, .severity = SEV_ERROR,
	  .summary = "a tab in indentation",
	  .help = "YAML indents with spaces only. Configure the editor to insert spaces (in vim: set expandtab)." },
	{ .id = RULE_EMPTY_FILE, .stage = STAGE_LOAD, .severity = SEV_ERROR,
	  .summary = "the file is empty",
	  .help = "The file is empty or its document is empty: there is nothing to check." },
	{ .id = RULE_MULTI_DOCUMENT, .stage = STAGE_LOAD, .severity = SEV_ERROR,
	  .summary = "more than one YAML document in a file",
	  .help = "A file holds one plan, drill or debrief. Split documents separated by '---' into files of their own." },
	{ .id = RULE_DUPLICATE_KEY, .stage = STAGE_LOAD, .severity = SEV_ERROR,
	  .summary = "a key appears twice in one mapping",
	  .help = "YAML forbids duplicate keys; the second would silently replace the first." },
	{ .id = RULE_KEY_NOT_NAME, .stage = STAGE_LOAD, .severity = SEV_ERROR,
	  .summary = "a key is not a plain name",
	  .help = "Keys are names such as 'first_message_within': letters, digits, '_' and '-'. Lists, mappings, aliases and merge keys ('<<') cannot be keys." },
	{ .id = RULE_ALIAS_BUDGET, .stage = STAGE_LOAD, .severity = SEV_ERROR,
	  .summary = "aliases expand beyond the budget",
	  .help = "Aliases (*name) are expanded when a file is read; a file whose aliases would add more than 10,000 nodes beyond the ones it spells out, or more than 16 MiB of text beyond its size (a \"billion laughs\"), is refused." },
	{ .id = RULE_TOO_DEEP, .stage = STAGE_LOAD, .severity = SEV_ERROR,
	  .summary = "mappings and lists nested too deeply",
	  .help = "A file nests a few levels deep; more than 64 levels is refused." },
	{ .id = RULE_MERGE_CONFLICT, .stage = STAGE_LOAD, .severity = SEV_ERROR,
	  .summary = "the file holds unresolved merge conflict markers",
	  .help = "git left '<<<<<<<', '=======' and '>>>>>>>' lines where two versions of the file conflict: keep the right lines, remove the markers, then validate again." },
	{ .id = RULE_UNKNOWN_KEY, .stage = STAGE_SCHEMA, .severity = SEV_ERROR,
	  .summary = "a key the format does not define",
	  .help = "Often a typo: the message suggests the closest key. See crisis-plan(5), crisis-drill(5) and crisis-debrief(5) for every key." },
	{ .id = RULE_MISSING_KEY, .stage = STAGE_SCHEMA, .severity = SEV_ERROR,
	  .summary = "a required key is missing",
	  .help = "Every plan has format, kind, id, title, owner, status and review, every drill and debrief the keys of its format; each list item has its required keys (see crisis-plan(5), crisis-drill(5), crisis-debrief(5))." },
	{ .id = RULE_BAD_VALUE, .stage = STAGE_SCHEMA, .severity = SEV_ERROR,
	  .summary = "a value of the wrong type or form",
	  .help = "Durations are ISO 8601 (PT15M, PT4H, P2D), dates YYYY-MM-DD, phones international (+33 6 12 34 56 78), ids lowercase (c-durand); enumerations list their values." },
	{ .id = RULE_UNKNOWN_REFERENCE, .stage = STAGE_SCHEMA, .severity = SEV_ERROR,
	  .summary = "a reference to an id that does not exist",
	  .help = "In a plan, owner, holder, deputy, notify, who, spokesperson, depends_on and the other references name a contact, a cell role, an activity, a procedure or a step defined in it; a drill or a debrief names its plan and the plan's roles and contacts." },
	{ .id = RULE_DUPLICATE_ID, .stage = STAGE_SCHEMA, .severity = SEV_ERROR,
	  .summary = "an id defined twice",
	  .help = "Ids are unique in their list; contacts and cell roles share one namespace." },
};

const size_t check_nr_rules = sizeof(check_rules) / sizeof(check_rules[0]);

void ruleset_add(struct ruleset *rs, const struct rule *rules, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		if (strmap_get(&rs->index, rules[i].id))
			continue;
		ALLOC_GROW(rs->items, rs->nr + 1, rs->alloc);
		rs->items[rs->nr++] = &rules[i];
		strmap_put(&rs->index, rules[i].id, (void *)&rules[i]);
	}
}

const struct rule *ruleset_find(const struct ruleset *rs, const char *id)
{
	return strmap_get(&rs->index, id);
}

void ruleset_release(struct ruleset *rs)
{
	free(rs->items);
	strmap_release(&rs->index);
	memset(rs, 0, sizeof(*rs));
}

const char *rule_stage_name(enum rule_stage stage)
{
	static const char *const names[] = {
		[STAGE_LOAD] = "load", [STAGE_SCHEMA] = "schema", [STAGE_PLAN] = "plan",
		[STAGE_DRILL] = "drill", [STAGE_DEBRIEF] = "debrief",
	};
	return names[stage];
}
