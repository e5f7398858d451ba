#include "mock.h"

#include <errno.h>

bool mock_fopen;
bool mock_fread;
int mock_errno = EACCES;

FILE *__real_fopen(const char *path, const char *mode);
FILE *__wrap_fopen(const char *path, const char *mode);
size_t __real_fread(void *ptr, size_t size, size_t n, FILE *fp);
size_t __wrap_fread(void *ptr, size_t size, size_t n, FILE *fp);
int __real_ferror(FILE *fp);
int __wrap_ferror(FILE *fp);

FILE *__wrap_fopen(const char *path, const char *mode)
{
	if (mock_fopen) {
		errno = mock_errno;
		return NULL;
	}
	return __real_fopen(path, mode);
}

size_t __wrap_fread(void *ptr, size_t size, size_t n, FILE *fp)
{
	if (mock_fread) {
		errno = EIO;
		return 0;
	}
	return __real_fread(ptr, size, n, fp);
}

/* A failed mock read leaves the stream in error, as a real one would. */
int __wrap_ferror(FILE *fp)
{
	return mock_fread ? 1 : __real_ferror(fp);
}
