// SPDX-License-Identifier: GPL-2.0
/*
 * pcc_bench: what one answer costs, in one run, as ratios (timings under
 * emulation mean nothing alone). Per-call times come from batches of calls
 * timed together; medians and 99th percentiles are over batches.
 *   get      PPC_COMPAT_CAPS_GET on an open descriptor
 *   floor    an ioctl the module rejects at once (ENOTTY), same descriptor
 *   probe    rescan + GET: a hypercall or device-tree walk per answer, as
 *            the upstream v4 design made
 *   cpuinfo  what userspace does today: read and parse /proc/cpuinfo and
 *            the cpu-version file
 *   get-2t / floor-2t: throughput of 2 threads over 1 (2 vCPUs)
 * Prints one JSON object on stdout.
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
#define FLOOR_CMD _IOWR(PPC_COMPAT_CAPS_IOC_TYPE, 0x7f, struct ppc_compat_caps)

static int fd;
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

static void op_floor(void)
{
	struct ppc_compat_caps c = { .size = sizeof(c) };

	if (!ioctl(fd, FLOOR_CMD, &c) || errno != ENOTTY)
		die("floor ioctl");
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

struct stat2 {
	double median, p99;
};

/* 'batches' batches of 'per' calls: per-call median and p99 (ns). */
static struct stat2 measure(void (*op)(void), int batches, int per)
{
	double *t = calloc(batches, sizeof(*t));
	struct stat2 s;
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
	s.median = t[batches / 2];
	s.p99 = t[(batches * 99) / 100];
	free(t);
	return s;
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
		pthread_create(&t[i], NULL, tp_thread, &a);
	for (i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	return threads * calls / ((now_ns() - t0) / 1e9);
}

int main(int argc, char **argv)
{
	struct stat2 get, floor_, probe, cpuinfo;
	double g1, g2, f1, f2;

	if (argc == 4 && !strcmp(argv[1], "gets")) {
		long i, n = atol(argv[3]);

		expect_mask = strtoull(argv[2], NULL, 0);
		fd = open("/dev/ppc_compat_caps", O_RDONLY);
		if (fd < 0)
			die("open");
		for (i = 0; i < n; i++)
			op_get();
		return 0;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: pcc_bench MASK | pcc_bench gets MASK N\n");
		return 2;
	}
	expect_mask = strtoull(argv[1], NULL, 0);
	fd = open("/dev/ppc_compat_caps", O_RDONLY);
	if (fd < 0)
		die("open");

	get = measure(op_get, 1000, 100);
	floor_ = measure(op_floor, 1000, 100);
	probe = measure(op_probe, 200, 5);
	cpuinfo = measure(op_cpuinfo, 200, 5);
	g1 = throughput(op_get, 1, 100000);
	g2 = throughput(op_get, 2, 100000);
	f1 = throughput(op_floor, 1, 100000);
	f2 = throughput(op_floor, 2, 100000);

	printf("{\"get\": {\"median_ns\": %.0f, \"p99_ns\": %.0f}, "
	       "\"floor\": {\"median_ns\": %.0f, \"p99_ns\": %.0f}, "
	       "\"probe\": {\"median_ns\": %.0f, \"p99_ns\": %.0f}, "
	       "\"cpuinfo\": {\"median_ns\": %.0f, \"p99_ns\": %.0f}, "
	       "\"get_calls_per_s\": {\"1\": %.0f, \"2\": %.0f}, "
	       "\"floor_calls_per_s\": {\"1\": %.0f, \"2\": %.0f}}\n",
	       get.median, get.p99, floor_.median, floor_.p99, probe.median,
	       probe.p99, cpuinfo.median, cpuinfo.p99, g1, g2, f1, f2);
	close(fd);
	return 0;
}
