/*
 * yamlparse: the baseline of the crisis benchmarks.
 *
 *   yamlparse PATH...
 *
 * Reads each file (or every *.yaml file under a directory, recursively) fully
 * into memory and runs libyaml's event parser over it, doing nothing else: the
 * time to merely parse the same bytes that `crisis plan validate` reads.
 * Exit status: 0 all parsed, 1 a parse error, 2 usage, 3 an I/O error.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

enum {
	EXIT_PARSE = 1,
	EXIT_USAGE = 2,
	EXIT_IO = 3,
};

static int exit_code;

__attribute__((format(printf, 2, 3)))
static void report(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("yamlparse: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (code > exit_code)
		exit_code = code;
}

/* Read all of fd into a malloc'd buffer. */
static int read_all(int fd, const char *path, unsigned char **out, size_t *len)
{
	struct stat st;
	size_t alloc, used = 0;
	unsigned char *buf;

	if (fstat(fd, &st)) {
		report(EXIT_IO, "cannot stat '%s': %s", path, strerror(errno));
		return -1;
	}
	alloc = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096;
	buf = malloc(alloc);
	if (!buf) {
		report(EXIT_IO, "out of memory reading '%s'", path);
		return -1;
	}
	for (;;) {
		ssize_t n;

		if (used == alloc) {
			unsigned char *p = realloc(buf, alloc * 2);

			if (!p) {
				free(buf);
				report(EXIT_IO, "out of memory reading '%s'", path);
				return -1;
			}
			buf = p;
			alloc *= 2;
		}
		n = read(fd, buf + used, alloc - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			report(EXIT_IO, "cannot read '%s': %s", path, strerror(errno));
			return -1;
		}
		if (!n)
			break;
		used += (size_t)n;
	}
	*out = buf;
	*len = used;
	return 0;
}

static int parse_buffer(const char *path, const unsigned char *buf, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t event;
	int done = 0, ret = 0;

	if (!yaml_parser_initialize(&parser)) {
		report(EXIT_IO, "cannot initialize the yaml parser");
		return -1;
	}
	yaml_parser_set_input_string(&parser, buf, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &event)) {
			report(EXIT_PARSE, "%s:%zu:%zu: %s", path,
			       (size_t)parser.problem_mark.line + 1,
			       (size_t)parser.problem_mark.column + 1,
			       parser.problem ? parser.problem : "parse error");
			ret = -1;
			break;
		}
		done = event.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&event);
	}
	yaml_parser_delete(&parser);
	return ret;
}

static int parse_file(const char *path)
{
	unsigned char *buf;
	size_t len;
	int fd, ret;

	fd = open(path, O_RDONLY);
	if (fd < 0) {
		report(EXIT_IO, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	ret = read_all(fd, path, &buf, &len);
	if (close(fd) && !ret) {
		report(EXIT_IO, "cannot close '%s': %s", path, strerror(errno));
		ret = -1;
	}
	if (ret)
		return ret;
	ret = parse_buffer(path, buf, len);
	free(buf);
	return ret;
}

static int has_yaml_suffix(const char *name)
{
	size_t len = strlen(name);

	return len > 5 && !strcmp(name + len - 5, ".yaml");
}

static void parse_path(const char *path, int explicit);

/* Every *.yaml file under dir, recursively; hidden entries are skipped. */
static void parse_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d) {
		report(EXIT_IO, "cannot open directory '%s': %s", dir, strerror(errno));
		return;
	}
	for (;;) {
		size_t size;
		char *path;

		errno = 0;
		de = readdir(d);
		if (!de)
			break;
		if (de->d_name[0] == '.')
			continue;
		size = strlen(dir) + strlen(de->d_name) + 2;
		path = malloc(size);
		if (!path) {
			report(EXIT_IO, "out of memory");
			closedir(d);
			return;
		}
		snprintf(path, size, "%s/%s", dir, de->d_name);
		parse_path(path, 0);
		free(path);
	}
	if (errno)
		report(EXIT_IO, "cannot read directory '%s': %s", dir, strerror(errno));
	if (closedir(d))
		report(EXIT_IO, "cannot close directory '%s': %s", dir, strerror(errno));
}

/* A path named on the command line is parsed whatever its name. */
static void parse_path(const char *path, int explicit)
{
	struct stat st;

	if (stat(path, &st)) {
		report(EXIT_IO, "cannot stat '%s': %s", path, strerror(errno));
		return;
	}
	if (S_ISDIR(st.st_mode))
		parse_dir(path);
	else if (explicit || (S_ISREG(st.st_mode) && has_yaml_suffix(path)))
		parse_file(path);
}

int main(int argc, char **argv)
{
	int i;

	if (argc < 2) {
		fputs("usage: yamlparse PATH...\n", stderr);
		return EXIT_USAGE;
	}
	for (i = 1; i < argc; i++)
		parse_path(argv[i], 1);
	return exit_code;
}
