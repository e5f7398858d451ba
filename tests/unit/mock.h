/*
 * System calls the unit tests can make fail. The Makefile links every test
 * with -Wl,--wrap=NAME for each NAME in its WRAP list; while mock_NAME is
 * false the call goes through to the real one.
 */
#ifndef CRISIS_TEST_MOCK_H
#define CRISIS_TEST_MOCK_H

#include <stdbool.h>
#include <stdio.h>

extern bool mock_fopen;	/* fopen fails with mock_errno */
extern bool mock_fread;	/* fread reads nothing, and ferror reports an error */
extern int mock_errno;

#endif
