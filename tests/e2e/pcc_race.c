// SPDX-License-Identifier: GPL-2.0
/*
 * pcc_race MASK [THREADS [GETS]]: THREADS threads (default 8) each make GETS
 * (default 100000) PPC_COMPAT_CAPS_GET calls on one shared descriptor while
 * one thread rescans in a loop and another opens and closes the device.
 * Every GET must succeed with MASK, every rescan must succeed. Then, with
 * the descriptor still open, the module must refuse to unload.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ppc_compat_caps.h"
#include "tap.h"

#define DEV	"/dev/ppc_compat_caps"
#define RESCAN	"/sys/class/misc/ppc_compat_caps/rescan"

static uint64_t mask;
static long gets = 100000;
static int fd;
static atomic_int running;
static atomic_long get_calls, get_bad, rescans, rescan_bad, opens, open_bad;

static void *getter(void *arg)
{
	long i;

	(void)arg;
	for (i = 0; i < gets; i++) {
		struct ppc_compat_caps c = { .size = sizeof(c) };

		if (ioctl(fd, PPC_COMPAT_CAPS_GET, &c) ||
		    c.compat_capabilities != mask || c.size != sizeof(c) ||
		    c.flags)
			atomic_fetch_add(&get_bad, 1);
		atomic_fetch_add(&get_calls, 1);
	}
	return NULL;
}

/* Repeat OP while the GETs run, counting the tries and the failures. */
static void loop(int (*op)(void), atomic_long *tries, atomic_long *bad)
{
	while (atomic_load(&running)) {
		if (op())
			atomic_fetch_add(bad, 1);
		atomic_fetch_add(tries, 1);
	}
}

static int rescan_once(void)
{
	int f = open(RESCAN, O_WRONLY), rc;

	rc = f < 0 || write(f, "1", 1) != 1;
	if (f >= 0)
		close(f);
	return rc;
}

static int open_once(void)
{
	int f = open(DEV, O_RDONLY);

	if (f < 0)
		return 1;
	close(f);
	return 0;
}

static void *rescanner(void *arg)
{
	(void)arg;
	loop(rescan_once, &rescans, &rescan_bad);
	return NULL;
}

static void *opener(void *arg)
{
	(void)arg;
	loop(open_once, &opens, &open_bad);
	return NULL;
}

/* Start a thread; a failure is a failed case, not a silent shortfall. */
static int start(pthread_t *t, void *(*fn)(void *), const char *what)
{
	int err = pthread_create(t, NULL, fn, NULL);

	if (err)
		tap_ok(0, "race: start the %s thread # %s", what, strerror(err));
	return !err;
}

int main(int argc, char **argv)
{
	struct ppc_compat_caps c = { .size = sizeof(c) };
	pthread_t g[64], r, o;
	int threads = 8, started = 0, have_r, have_o, i, rc;

	if (argc < 2) {
		fprintf(stderr, "usage: pcc_race MASK [THREADS [GETS]]\n");
		return 2;
	}
	mask = strtoull(argv[1], NULL, 0);
	if (argc > 2)
		threads = atoi(argv[2]);
	if (argc > 3)
		gets = atol(argv[3]);
	if (threads < 1 || threads > 64 || gets < 1)
		return 2;
	tap_plan("race", 5);
	fd = open(DEV, O_RDONLY);
	if (fd < 0) {
		tap_ok(0, "race: open # errno %d", errno);
		return tap_done("race");
	}
	atomic_store(&running, 1);
	have_r = start(&r, rescanner, "rescan");
	have_o = start(&o, opener, "open");
	for (i = 0; i < threads; i++)
		if (start(&g[started], getter, "GET"))
			started++;
	for (i = 0; i < started; i++)
		pthread_join(g[i], NULL);
	atomic_store(&running, 0);
	if (have_r)
		pthread_join(r, NULL);
	if (have_o)
		pthread_join(o, NULL);

	/* Every GET of every thread ran, and each returned the mask. */
	tap_ok(started == threads && get_calls == (long)threads * gets && !get_bad,
	       "race: %d threads x %ld GETs all returned the mask # %d threads ran %ld GETs, %ld wrong",
	       threads, gets, started, (long)get_calls, (long)get_bad);
	tap_ok(have_r && rescans && !rescan_bad,
	       "race: rescans meanwhile all succeeded # %ld of %ld failed",
	       (long)rescan_bad, (long)rescans);
	tap_ok(have_o && opens && !open_bad,
	       "race: opens and closes meanwhile all succeeded # %ld of %ld failed",
	       (long)open_bad, (long)opens);
	printf("# race: %ld GETs, %ld rescans, %ld opens\n", (long)get_calls,
	       (long)rescans, (long)opens);

	/* delete_module(2): O_NONBLOCK and a reference held: EWOULDBLOCK. */
	rc = syscall(SYS_delete_module, "ppc_compat_caps", O_NONBLOCK) ? errno : 0;
	tap_ok(rc == EWOULDBLOCK,
	       "race: unload refused while a descriptor is open # errno %d", rc);
	rc = ioctl(fd, PPC_COMPAT_CAPS_GET, &c) ? errno : 0;
	tap_ok(!rc && c.compat_capabilities == mask,
	       "race: the device still answers after the refused unload # errno %d",
	       rc);
	close(fd);
	return tap_done("race");
}
