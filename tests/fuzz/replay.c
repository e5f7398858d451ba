/*
 * A libFuzzer target without libFuzzer: runs it on each file named, so
 * that `make check` replays the seeds of `make fuzz` (and whatever crashes
 * it left) on every build, with the sanitizers when SANITIZE=1. A target
 * that finds a bug aborts; the exit status says so.
 */
#include "fuzz.h"
#include "util/buf.h"
#include "util/fs.h"

#include <stdint.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	int read = 0;

	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		struct buf data = BUF_INIT;
		if (fs_read_file(argv[i], &data) == 0) {
			LLVMFuzzerTestOneInput((const uint8_t *)buf_str(&data), data.len);
			read++;
		}
		buf_release(&data);
	}
	printf("%d inputs replayed\n", read);
	return 0;
}
