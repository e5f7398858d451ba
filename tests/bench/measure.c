/*
 * measure: time a command and its peak memory.
 *
 *   measure [-n RUNS] -- CMD [ARGS...]
 *
 * Runs CMD RUNS times (default 5), one after the other, with standard input
 * from /dev/null and standard output and error to /dev/null, and prints one
 * line:
 *
 *   median_ms=12.34 min_ms=11.02 maxrss_kb=5120 status=0 cpu_ms=11.80
 *
 * Wall time is taken with CLOCK_MONOTONIC around fork and wait4; maxrss_kb is
 * the largest ru_maxrss of the runs; status is the exit status of the last run
 * (128 + the signal number when it was killed by a signal); cpu_ms is the
 * median of the runs' CPU times, ru_utime + ru_stime from wait4's rusage:
 * the user and system time of all the command's threads (and of the children
 * it waited for), so above median_ms when the command runs threads in parallel.
 * Exit status: 0 measured (whatever the command's status), 1 the command could
 * not be run, 2 usage.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* wait4 */
#endif
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUNS_DEFAULT 5
#define RUNS_MAX 100000

struct run {
	double ms;
	double cpu_ms;
	long maxrss_kb;
	int status;
};

__attribute__((format(printf, 1, 2)))
static void error(const char *fmt, ...)
{
	va_list ap;

	fputs("measure: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

__attribute__((noreturn))
static void usage(void)
{
	fputs("usage: measure [-n RUNS] -- CMD [ARGS...]\n", stderr);
	exit(2);
}

static int parse_runs(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > RUNS_MAX) {
		error("bad number of runs '%s' (expected 1 to %d)", s, RUNS_MAX);
		usage();
	}
	return (int)v;
}

static double now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts)) {
		error("clock_gettime: %s", strerror(errno));
		exit(1);
	}
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double timeval_ms(struct timeval tv)
{
	return (double)tv.tv_sec * 1e3 + (double)tv.tv_usec / 1e3;
}

static int set_cloexec(int fd)
{
	int flags = fcntl(fd, F_GETFD);

	return flags < 0 ? -1 : fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
}

/*
 * In the child: stdio to /dev/null, then exec. If exec fails, errno goes
 * back to the parent through report_fd (closed on a successful exec).
 */
__attribute__((noreturn))
static void child(char **cmd, int report_fd)
{
	int fd = open("/dev/null", O_RDWR);
	int err;

	if (fd < 0 || dup2(fd, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		goto fail;
	if (fd > 2)
		close(fd);
	execvp(cmd[0], cmd);
fail:
	err = errno;
	while (write(report_fd, &err, sizeof(err)) < 0 && errno == EINTR)
		;
	_exit(127);
}

/* Did the child fail to exec? Reads its errno, or nothing once it has exec'd. */
static int exec_failed(int fd, int *err)
{
	ssize_t n;

	do
		n = read(fd, err, sizeof(*err));
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)sizeof(*err);
}

static int wait_child(pid_t pid, int *status, struct rusage *ru)
{
	pid_t got;

	do
		got = wait4(pid, status, 0, ru);
	while (got < 0 && errno == EINTR);
	if (got < 0) {
		error("wait4: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int exit_status(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 255;
}

static int run_once(char **cmd, struct run *r)
{
	struct rusage ru;
	int pipefd[2], status, err = 0, failed;
	double start;
	pid_t pid;

	if (pipe(pipefd) || set_cloexec(pipefd[0]) || set_cloexec(pipefd[1])) {
		error("pipe: %s", strerror(errno));
		return -1;
	}
	start = now_ms();
	pid = fork();
	if (pid < 0) {
		error("fork: %s", strerror(errno));
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	if (!pid) {
		close(pipefd[0]);
		child(cmd, pipefd[1]);
	}
	close(pipefd[1]);
	failed = exec_failed(pipefd[0], &err);
	close(pipefd[0]);
	if (wait_child(pid, &status, &ru))
		return -1;
	r->ms = now_ms() - start;
	if (failed) {
		error("cannot run '%s': %s", cmd[0], strerror(err));
		return -1;
	}
	r->cpu_ms = timeval_ms(ru.ru_utime) + timeval_ms(ru.ru_stime);
	r->maxrss_kb = ru.ru_maxrss;
	r->status = exit_status(status);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sorts v (n > 0 values) and returns their median. */
static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void print_summary(const struct run *runs, int n)
{
	double *ms = calloc((size_t)n, sizeof(*ms));
	double *cpu = calloc((size_t)n, sizeof(*cpu));
	double median_ms, median_cpu;
	long maxrss = 0;
	int i;

	if (!ms || !cpu) {
		error("out of memory");
		exit(1);
	}
	for (i = 0; i < n; i++) {
		ms[i] = runs[i].ms;
		cpu[i] = runs[i].cpu_ms;
		if (runs[i].maxrss_kb > maxrss)
			maxrss = runs[i].maxrss_kb;
	}
	median_ms = median(ms, n);
	median_cpu = median(cpu, n);
	printf("median_ms=%.2f min_ms=%.2f maxrss_kb=%ld status=%d cpu_ms=%.2f\n",
	       median_ms, ms[0], maxrss, runs[n - 1].status, median_cpu);
	free(cpu);
	free(ms);
}

int main(int argc, char **argv)
{
	int runs = RUNS_DEFAULT, i, k;
	struct run *r;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else if (!strcmp(argv[i], "-n") && i + 1 < argc) {
			runs = parse_runs(argv[++i]);
		} else if (!strncmp(argv[i], "-n", 2) && argv[i][2]) {
			runs = parse_runs(argv[i] + 2);
		} else if (argv[i][0] == '-') {
			error("unknown option '%s'", argv[i]);
			usage();
		} else {
			break;
		}
	}
	if (i >= argc)
		usage();

	r = calloc((size_t)runs, sizeof(*r));
	if (!r) {
		error("out of memory");
		return 1;
	}
	for (k = 0; k < runs; k++)
		if (run_once(argv + i, &r[k])) {
			free(r);
			return 1;
		}
	print_summary(r, runs);
	free(r);
	if (fflush(stdout) || ferror(stdout)) {
		error("cannot write the result: %s", strerror(errno));
		return 1;
	}
	return 0;
}
