// SPDX-License-Identifier: GPL-2.0
/*
 * pcc_bench: what one answer costs, as ratios (timings under emulation
 * mean nothing alone), over interleaved rounds: every round measures every
 * operation, in an order that rotates from round to round, so that drift
 * in the emulator hits all of them alike. Per-call times are the median of
 * batches of calls timed together.
 *   get      PPC_COMPAT_CAPS_GET on an open descriptor
 *   null     an ioctl the module rejects at once (ENOTTY): the null floor
 *   copy     /dev/pcc_copy_floor: the same 24 bytes in and out in one
 *            user-access window and nothing else: the copy floor
 *   copy2    the same with copy_from_user() + copy_to_user() (two windows)
 *   probe    rescan + GET: a hypercall or device-tree walk per answer, as
 *            the upstream v4 design made
 *   cpuinfo  what userspace does today: read and parse /proc/cpuinfo and
 *            the cpu-version file
 *   get_2t, null_2t: throughput of 2 threads over 1 (2 vCPUs)
 * pcc_bench MASK ROUNDS prints one JSON object per round.
 * pcc_bench gets MASK N: just N GETs (for counting hypercalls around them).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "ppc_compat_caps.h"

#define RESCAN "/sys/class/misc/ppc_compat_caps/rescan"
#define NULL_CMD _IOWR(PPC_COMPAT_CAPS_IOC_TYPE, 0x7f, struct ppc_compat_caps)
#define TWO_COPIES _IOWR(PPC_COMPAT_CAPS_IOC_TYPE, 0x7e, struct ppc_compat_caps)

static int fd, floor_fd;
static uint64_t expect_mask;

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "pcc_bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void op_get(void)
{
	struct ppc_compat_caps c = { .size = sizeof(c) };

	if (ioctl(fd, PPC_COMPAT_CAPS_GET, &c) || c.compat_capabilities != expect_mask)
		die("GET");
}

static void op_null(void)
{
	struct ppc_compat_caps c = { .size = sizeof(c) };

	if (!ioctl(fd, NULL_CMD, &c) || errno != ENOTTY)
		die("null ioctl");
}

static void op_copy(void)
{
	struct ppc_compat_caps c = { .size = sizeof(c) };

	if (ioctl(floor_fd, PPC_COMPAT_CAPS_GET, &c) || c.size != sizeof(c))
		die("copy floor");
}

static void op_copy2(void)
{
	struct ppc_compat_caps c = { .size = sizeof(c) };

	if (ioctl(floor_fd, TWO_COPIES, &c) || c.size != sizeof(c))
		die("two-copy floor");
}

static void op_probe(void)
{
	int f = open(RESCAN, O_WRONLY);

	if (f < 0 || write(f, "1", 1) != 1)
		die("rescan");
	close(f);
	op_get();
}

/* Today's userspace: the CPU line and PVR from cpuinfo, then cpu-version. */
static void op_cpuinfo(void)
{
	static char path[256];
	char buf[8192], *p;
	unsigned int pvr = 0;
	unsigned char v[4];
	ssize_t n;
	int f;

	if (!path[0]) {
		glob_t g;

		if (glob("/proc/device-tree/cpus/*@0/cpu-version", 0, NULL, &g) || !g.gl_pathc)
			die("cpu-version");
		snprintf(path, sizeof(path), "%s", g.gl_pathv[0]);
		globfree(&g);
	}
	f = open("/proc/cpuinfo", O_RDONLY);
	n = f < 0 ? -1 : read(f, buf, sizeof(buf) - 1);
	if (n <= 0)
		die("cpuinfo");
	close(f);
	buf[n] = '\0';
	p = strstr(buf, "(pvr ");
	if (!p || sscanf(p, "(pvr %x", &pvr) != 1 || !strstr(buf, "\ncpu"))
		die("parse cpuinfo");
	f = open(path, O_RDONLY);
	if (f < 0 || read(f, v, 4) != 4)
		die("read cpu-version");
	close(f);
	if (v[0] != 0x0f)
		die("parse cpu-version");
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* 'batches' batches of 'per' calls: the per-call median (ns). */
static double measure(void (*op)(void), int batches, int per)
{
	double t[256], m;
	int b, i;

	for (i = 0; i < per; i++)	/* warm up */
		op();
	for (b = 0; b < batches; b++) {
		double t0 = now_ns();

		for (i = 0; i < per; i++)
			op();
		t[b] = (now_ns() - t0) / per;
	}
	qsort(t, batches, sizeof(*t), cmp);
	m = t[batches / 2];
	return m;
}

struct tp_arg {
	void (*op)(void);
	long calls;
};

static void *tp_thread(void *p)
{
	struct tp_arg *a = p;
	long i;

	for (i = 0; i < a->calls; i++)
		a->op();
	return NULL;
}

/* Calls per second with 'threads' threads sharing the descriptor. */
static double throughput(void (*op)(void), int threads, long calls)
{
	pthread_t t[2];
	struct tp_arg a = { op, calls };
	double t0 = now_ns();
	int i;

	for (i = 0; i < threads; i++)
		if (pthread_create(&t[i], NULL, tp_thread, &a))
			die("pthread_create");
	for (i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	return threads * calls / ((now_ns() - t0) / 1e9);
}

static double scaling(void (*op)(void))
{
	double one = throughput(op, 1, 20000);

	return throughput(op, 2, 20000) / one;
}

/* One table of what a round measures, and how. */
static const struct {
	const char *name;
	void (*op)(void);
	int batches, per;
	int scaling;		/* 2-thread over 1-thread throughput instead */
} ops[] = {
	{ "get", op_get, 101, 100, 0 },
	{ "null", op_null, 101, 100, 0 },
	{ "copy", op_copy, 101, 100, 0 },
	{ "copy2", op_copy2, 101, 100, 0 },
	{ "probe", op_probe, 21, 5, 0 },
	{ "cpuinfo", op_cpuinfo, 21, 5, 0 },
	{ "get_2t", op_get, 0, 0, 1 },
	{ "null_2t", op_null, 0, 0, 1 },
};

#define NOPS (sizeof(ops) / sizeof(ops[0]))

int main(int argc, char **argv)
{
	double v[NOPS];
	int r, rounds;
	size_t i, k;

	if (argc == 4 && !strcmp(argv[1], "gets")) {
		long j, n = atol(argv[3]);

		expect_mask = strtoull(argv[2], NULL, 0);
		fd = open("/dev/ppc_compat_caps", O_RDONLY);
		if (fd < 0)
			die("open");
		for (j = 0; j < n; j++)
			op_get();
		return 0;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: pcc_bench MASK ROUNDS | pcc_bench gets MASK N\n");
		return 2;
	}
	expect_mask = strtoull(argv[1], NULL, 0);
	rounds = atoi(argv[2]);
	fd = open("/dev/ppc_compat_caps", O_RDONLY);
	floor_fd = open("/dev/pcc_copy_floor", O_RDONLY);
	if (fd < 0 || floor_fd < 0)
		die("open");

	for (r = 0; r < rounds; r++) {
		for (k = 0; k < NOPS; k++) {
			i = (k + r) % NOPS;	/* each round starts elsewhere */
			v[i] = ops[i].scaling ? scaling(ops[i].op) :
				measure(ops[i].op, ops[i].batches, ops[i].per);
		}
		printf("{\"round\": %d", r);
		for (i = 0; i < NOPS; i++)
			printf(", \"%s\": %.4g", ops[i].name, v[i]);
		printf("}\n");
		fflush(stdout);
	}
	close(floor_fd);
	close(fd);
	return 0;
}
