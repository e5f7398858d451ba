#include "error.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char last[1024];

int crisis_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last, sizeof(last), fmt, ap);
	va_end(ap);
	return CRISIS_ERROR;
}

int crisis_error_code(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last, sizeof(last), fmt, ap);
	va_end(ap);
	return code;
}

const char *crisis_error_last(void)
{
	return last[0] ? last : "unknown error";
}

void crisis_error_clear(void)
{
	last[0] = '\0';
}
