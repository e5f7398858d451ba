/* What unit tests share beyond unit.h's inline helpers. */
#include "unit.h"
#include "check/config.h"
#include "kinds.h"

const struct diag_severities *unit_severities(void)
{
	static struct config cfg;
	static bool ready;
	if (!ready) {
		config_init(&cfg, &crisis_kinds()->rules);
		ready = true;
	}
	return &cfg.severities;
}
