/*
 * Every kind of file crisis reads, in one table: the one place that sees
 * every folder of lib/ (nothing in lib/ includes it; the commands and the
 * tests give it to the pipeline).
 */
#ifndef CRISIS_KINDS_H
#define CRISIS_KINDS_H

#include "check/kind.h"

/* The table, and every rule its kinds report under, in listing order. */
const struct kinds *crisis_kinds(void);

#endif
