#include "unit.h"
#include "check/embedded.h"
#include "check/diag.h"
#include "check/doc.h"
#include "util/error.h"
#include "check/load.h"
#include "check/xsd.h"

#include <string.h>

static void read_builtin(struct xsd *x)
{
	struct embedded_file file;
	assert_int_equal(embedded_find("crisis-plan.xsd", &file), 0);
	assert_string_equal(file.name, "crisis-plan.xsd");
	assert_true(file.len > 1000);
	assert_int_equal(xsd_read(x, file.data, file.len, NULL), 0);
}

static void builtin_schema_is_found(void **state)
{
	struct embedded_file file;
	(void)state;
	assert_int_equal(embedded_find("crisis-plan.xsd", &file), 0);
	assert_non_null(strstr(file.data, "<xs:schema"));
	/* The embedded bytes end with the schema, and a NUL after them. */
	assert_int_equal(file.data[file.len], '\0');
	assert_int_equal(embedded_find("nope.xsd", &file), -1);
}

static void root_type_is_plan(void **state)
{
	struct xsd x;
	(void)state;
	read_builtin(&x);
	assert_non_null(x.doc);
	assert_string_equal(x.root_type, "plan");
	const struct xsd_type *plan = xsd_type(&x, "plan");
	assert_non_null(plan);
	assert_false(plan->simple);
	assert_false(plan->list);
	assert_int_equal(plan->nr_elems, 19);
	xsd_release(&x);
	assert_null(x.doc);
	assert_int_equal(x.nr_types, 0);
}

static void required_keys_of_a_plan(void **state)
{
	static const char *const required[] = {
		"format", "kind", "id", "title", "owner", "status", "review",
	};
	struct xsd x;
	(void)state;
	read_builtin(&x);
	const struct xsd_type *plan = xsd_type(&x, "plan");
	size_t nr_required = 0;
	for (size_t i = 0; i < plan->nr_elems; i++)
		nr_required += plan->elems[i].required;
	assert_int_equal(nr_required, sizeof(required) / sizeof(*required));
	for (size_t i = 0; i < sizeof(required) / sizeof(*required); i++) {
		const struct xsd_elem *e = xsd_elem(plan, required[i]);
		assert_non_null(e);
		assert_true(e->required);
	}
	assert_false(xsd_elem(plan, "exercise")->required);
	assert_false(xsd_elem(plan, "contacts")->required);
	assert_string_equal(xsd_elem(plan, "review")->type, "review");
	assert_string_equal(xsd_elem(plan, "owner")->type, "id");
	assert_non_null(xsd_elem(plan, "review")->decl);
	assert_null(xsd_elem(plan, "titel"));
	assert_null(xsd_elem(NULL, "title"));

	/* In a nested mapping too: review needs every, not last. */
	const struct xsd_type *review = xsd_type(&x, "review");
	assert_true(xsd_elem(review, "every")->required);
	assert_false(xsd_elem(review, "last")->required);
	assert_string_equal(xsd_elem(review, "last")->type, "date");
	xsd_release(&x);
}

static void enumeration_values(void **state)
{
	static const char *const want[] = { "urgent", "high", "moderate", "low" };
	struct xsd x;
	(void)state;
	read_builtin(&x);
	const struct xsd_type *t = xsd_type(&x, "priority");
	assert_non_null(t);
	assert_true(t->simple);
	assert_int_equal(t->nr_values, 4);
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(t->values[i], want[i]);
	assert_null(t->values[4]);

	assert_int_equal(xsd_type(&x, "available")->nr_values, 2);
	assert_string_equal(xsd_type(&x, "available")->values[0], "24/7");
	assert_string_equal(xsd_type(&x, "format")->values[0], "crisis/v1");
	/* A pattern is not an enumeration. */
	assert_int_equal(xsd_type(&x, "duration")->nr_values, 0);
	assert_null(xsd_type(&x, "duration")->values);
	xsd_release(&x);
}

static void list_types(void **state)
{
	struct xsd x;
	(void)state;
	read_builtin(&x);
	static const char *const lists[] = {
		"textList", "idList", "requiredIdList", "phoneList", "contacts", "cell",
		"activities", "escalation", "procedures", "steps",
	};
	for (size_t i = 0; i < sizeof(lists) / sizeof(*lists); i++) {
		const struct xsd_type *t = xsd_type(&x, lists[i]);
		assert_non_null(t);
		assert_true(t->list);
		assert_int_equal(t->nr_elems, 1);
		assert_string_equal(t->elems[0].name, "item");
	}
	/* Items of lists that may be empty are optional; steps needs one. */
	assert_false(xsd_type(&x, "idList")->elems[0].required);
	assert_true(xsd_type(&x, "steps")->elems[0].required);
	assert_true(xsd_type(&x, "requiredIdList")->elems[0].required);
	assert_string_equal(xsd_type(&x, "contacts")->elems[0].type, "contact");
	assert_string_equal(xsd_type(&x, "phoneList")->elems[0].type, "phone");
	/* Mappings with one key are not lists. */
	assert_false(xsd_type(&x, "review")->list);
	assert_false(xsd_type(&x, "faq")->list);
	assert_false(xsd_type(&x, "priority")->list);
	xsd_release(&x);
}

static void identity_constraints(void **state)
{
	struct xsd x;
	(void)state;
	read_builtin(&x);

	const struct xsd_idc *party = xsd_idc(&x, "party");
	assert_non_null(party);
	assert_int_equal(party->kind, IDC_KEY);
	assert_string_equal(party->selector, "contacts/item|cell/item");
	assert_string_equal(party->field, "id");
	assert_null(party->scope_type);
	assert_null(party->refer);

	const struct xsd_idc *holder = xsd_idc(&x, "contact.holder");
	assert_non_null(holder);
	assert_int_equal(holder->kind, IDC_KEYREF);
	assert_string_equal(holder->refer, "contact");
	assert_string_equal(holder->selector, "cell/item");
	assert_string_equal(holder->field, "holder");
	assert_non_null(xsd_idc(&x, holder->refer));

	const struct xsd_idc *level = xsd_idc(&x, "level");
	assert_int_equal(level->kind, IDC_UNIQUE);
	assert_string_equal(level->field, "level");

	/* Step ids are scoped to one procedure. */
	const struct xsd_idc *step = xsd_idc(&x, "step");
	const struct xsd_idc *after = xsd_idc(&x, "step.after");
	assert_non_null(step);
	assert_non_null(after);
	assert_int_equal(step->kind, IDC_UNIQUE);
	assert_int_equal(after->kind, IDC_KEYREF);
	assert_string_equal(after->refer, "step");
	assert_string_equal(after->selector, "steps/item/after/item");
	assert_string_equal(after->field, ".");
	assert_string_equal(after->scope_type, "procedures");
	assert_string_equal(after->scope_elem, "item");
	assert_int_equal(after->scope_depth, 2);
	assert_string_equal(after->scope_path[0], "procedures");
	assert_string_equal(after->scope_path[1], "item");
	assert_int_equal(party->scope_depth, 0);

	assert_null(xsd_idc(&x, "no-such-constraint"));
	size_t keyrefs = 0;
	for (size_t i = 0; i < x.nr_idcs; i++) {
		keyrefs += x.idcs[i].kind == IDC_KEYREF;
		/* Every keyref names a constraint that exists. */
		if (x.idcs[i].kind == IDC_KEYREF)
			assert_non_null(xsd_idc(&x, x.idcs[i].refer));
	}
	/* Every xs:keyref of the text is read. */
	struct embedded_file file;
	size_t in_text = 0;
	assert_int_equal(embedded_find("crisis-plan.xsd", &file), 0);
	for (const char *p = file.data; (p = strstr(p, "<xs:keyref ")); p++)
		in_text++;
	assert_true(in_text >= 15);
	assert_int_equal(keyrefs, in_text);
	xsd_release(&x);
}

static const char plan_text[] =
	"id: p\n"
	"title: T\n"
	"contacts:\n"
	"  - id: c-a\n"
	"    phones: [\"+33 6 00 00 00 01\"]\n"
	"procedures:\n"
	"  - id: pr\n"
	"    steps:\n"
	"      - do: x\n"
	"        after: [s]\n"
	"activities:\n"
	"  - id: a\n"
	"unknown:\n"
	"  deeper: 1\n";

static xmlNode *nav(xmlNode *n, const char *const *names)
{
	for (; *names; names++) {
		n = doc_child(n, *names);
		assert_non_null(n);
	}
	return n;
}

static void types_of_nested_nodes(void **state)
{
	struct xsd x;
	struct doc doc = DOC_INIT;
	struct diag_file *f = diag_file_new("t.yaml", unit_severities());
	(void)state;
	read_builtin(&x);
	assert_int_equal(load_yaml(&doc, plan_text, strlen(plan_text), f), 0);
	xmlNode *root = xmlDocGetRootElement(doc.xml);

	assert_string_equal(xsd_type_of(&x, root)->name, "plan");
	assert_null(xsd_decl_of(&x, root));
	assert_string_equal(xsd_decl_of(&x, doc_child(root, "title"))->type, "text");
	assert_string_equal(xsd_type_of(&x, doc_child(root, "contacts"))->name, "contacts");

	xmlNode *contact = nav(root, (const char *[]){ "contacts", "item", NULL });
	assert_string_equal(xsd_type_of(&x, contact)->name, "contact");
	xmlNode *phone = nav(contact, (const char *[]){ "phones", "item", NULL });
	assert_string_equal(xsd_type_of(&x, phone)->name, "phone");
	assert_true(xsd_type_of(&x, phone)->simple);

	xmlNode *proc = nav(root, (const char *[]){ "procedures", "item", NULL });
	assert_string_equal(xsd_type_of(&x, proc)->name, "procedure");
	xmlNode *stepn = nav(proc, (const char *[]){ "steps", "item", NULL });
	assert_string_equal(xsd_type_of(&x, stepn)->name, "step");
	assert_string_equal(xsd_type_of(&x, doc_child(stepn, "after"))->name, "idList");
	assert_string_equal(xsd_decl_of(&x, doc_first(doc_child(stepn, "after")))->type, "id");
	/* "id" means an id in a step, an activity and the plan alike. */
	assert_string_equal(xsd_decl_of(&x, doc_child(stepn, "do"))->type, "text");

	/* Keys the schema does not know have no type, nor do their children. */
	xmlNode *unknown = doc_child(root, "unknown");
	assert_null(xsd_type_of(&x, unknown));
	assert_null(xsd_decl_of(&x, unknown));
	assert_null(xsd_type_of(&x, doc_child(unknown, "deeper")));
	assert_null(xsd_type_of(&x, NULL));
	assert_null(xsd_type_of(&x, doc_child(root, "title")->children));

	/* Where identity constraints are declared. */
	const struct xsd_idc *step = xsd_idc(&x, "step");
	const struct xsd_idc *party = xsd_idc(&x, "party");
	assert_true(xsd_idc_scope(&x, step, proc));
	assert_false(xsd_idc_scope(&x, step, nav(root, (const char *[]){ "activities", "item", NULL })));
	assert_false(xsd_idc_scope(&x, step, contact));
	assert_false(xsd_idc_scope(&x, step, root));
	assert_true(xsd_idc_scope(&x, party, root));
	assert_false(xsd_idc_scope(&x, party, proc));

	doc_release(&doc);
	diag_file_free(f);
	xsd_release(&x);
}

static void not_a_schema(void **state)
{
	static const char garbage[] = "this is not XML";
	static const char other[] = "<html><body/></html>";
	static const char no_root[] =
		"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">"
		"<xs:simpleType name=\"t\"><xs:restriction base=\"xs:string\"/></xs:simpleType>"
		"</xs:schema>";
	struct xsd x;
	(void)state;

	crisis_error_clear();
	assert_int_equal(xsd_read(&x, garbage, strlen(garbage), NULL), -1);
	assert_null(x.doc);
	assert_non_null(strstr(crisis_error_last(), "schema"));
	assert_int_equal(xsd_read(&x, other, strlen(other), NULL), -1);
	assert_null(x.doc);
	assert_int_equal(xsd_read(&x, no_root, strlen(no_root), NULL), -1);
	assert_null(x.doc);
	assert_int_equal(x.nr_types, 0);
	assert_non_null(strstr(crisis_error_last(), "root element"));
}

static void a_small_schema(void **state)
{
	static const char text[] =
		"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
		"  <xs:simpleType name=\"colour\"><xs:restriction base=\"xs:string\">\n"
		"    <xs:enumeration value=\"red\"/><xs:enumeration value=\"blue\"/>\n"
		"  </xs:restriction></xs:simpleType>\n"
		"  <xs:complexType name=\"top\"><xs:sequence>\n"
		"    <xs:element name=\"a\" type=\"colour\"/>\n"
		"    <xs:element name=\"b\" type=\"xs:string\" minOccurs=\"0\"/>\n"
		"    <xs:element name=\"c\" type=\"xs:string\" minOccurs=\"1\"/>\n"
		"  </xs:sequence></xs:complexType>\n"
		"  <xs:element name=\"doc\" type=\"top\"/>\n"
		"</xs:schema>\n";
	struct xsd x;
	(void)state;
	assert_int_equal(xsd_read(&x, text, strlen(text), NULL), 0);
	assert_string_equal(x.root_type, "top");
	assert_int_equal(x.nr_types, 2);
	const struct xsd_type *top = xsd_type(&x, "top");
	assert_int_equal(top->nr_elems, 3);
	assert_false(top->list);
	assert_true(xsd_elem(top, "a")->required);
	assert_false(xsd_elem(top, "b")->required);
	assert_true(xsd_elem(top, "c")->required);
	assert_string_equal(xsd_elem(top, "b")->type, "xs:string");
	assert_int_equal(xsd_type(&x, "colour")->nr_values, 2);
	assert_string_equal(xsd_type(&x, "colour")->values[1], "blue");
	assert_null(xsd_type(&x, "missing"));
	assert_null(xsd_type(&x, NULL));
	assert_int_equal(x.nr_idcs, 0);
	xsd_release(&x);
}

TEST_MAIN(
	cmocka_unit_test(builtin_schema_is_found),
	cmocka_unit_test(root_type_is_plan),
	cmocka_unit_test(required_keys_of_a_plan),
	cmocka_unit_test(enumeration_values),
	cmocka_unit_test(list_types),
	cmocka_unit_test(identity_constraints),
	cmocka_unit_test(types_of_nested_nodes),
	cmocka_unit_test(not_a_schema),
	cmocka_unit_test(a_small_schema),
)
