#include "embedded.h"

#include <string.h>

/* The assembler includes each file's bytes as they are, followed by a NUL. */
#define EMBED(sym, path) \
	__asm__(".section .rodata\n" \
		".balign 16\n" \
		".global " #sym "\n" #sym ":\n" \
		".incbin \"" path "\"\n" \
		".global " #sym "_end\n" #sym "_end:\n" \
		".byte 0\n" \
		".previous\n"); \
	extern const char sym[], sym##_end[]

EMBED(builtin_plan_xsd, "schemas/crisis-plan.xsd");
EMBED(builtin_drill_xsd, "schemas/crisis-drill.xsd");
EMBED(builtin_debrief_xsd, "schemas/crisis-debrief.xsd");
EMBED(builtin_template_fr, "plans/templates/fr.yaml");
EMBED(builtin_template_en, "plans/templates/en.yaml");

int embedded_find(const char *name, struct embedded_file *out)
{
	static const struct {
		const char *name, *start, *end;
	} files[] = {
		{ "crisis-plan.xsd", builtin_plan_xsd, builtin_plan_xsd_end },
		{ "crisis-drill.xsd", builtin_drill_xsd, builtin_drill_xsd_end },
		{ "crisis-debrief.xsd", builtin_debrief_xsd, builtin_debrief_xsd_end },
		{ "template-fr.yaml", builtin_template_fr, builtin_template_fr_end },
		{ "template-en.yaml", builtin_template_en, builtin_template_en_end },
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (!strcmp(files[i].name, name)) {
			out->name = files[i].name;
			out->data = files[i].start;
			out->len = (size_t)(files[i].end - files[i].start);
			return 0;
		}
	}
	return -1;
}
