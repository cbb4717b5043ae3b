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

static void *rescanner(void *arg)
{
	(void)arg;
	while (atomic_load(&running)) {
		int f = open(RESCAN, O_WRONLY);

		if (f < 0 || write(f, "1", 1) != 1)
			atomic_fetch_add(&rescan_bad, 1);
		if (f >= 0)
			close(f);
		atomic_fetch_add(&rescans, 1);
	}
	return NULL;
}

static void *opener(void *arg)
{
	(void)arg;
	while (atomic_load(&running)) {
		int f = open(DEV, O_RDONLY);

		if (f < 0)
			atomic_fetch_add(&open_bad, 1);
		else
			close(f);
		atomic_fetch_add(&opens, 1);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t g[64], r, o;
	int threads = 8, i, rc;

	if (argc < 2) {
		fprintf(stderr, "usage: pcc_race MASK [THREADS [GETS]]\n");
		return 2;
	}
	mask = strtoull(argv[1], NULL, 0);
	if (argc > 2)
		threads = atoi(argv[2]);
	if (argc > 3)
		gets = atol(argv[3]);
	if (threads < 1 || threads > 64)
		return 2;
	fd = open(DEV, O_RDONLY);
	if (fd < 0) {
		printf("not ok - race: open # errno %d\n", errno);
		return 1;
	}
	atomic_store(&running, 1);
	pthread_create(&r, NULL, rescanner, NULL);
	pthread_create(&o, NULL, opener, NULL);
	for (i = 0; i < threads; i++)
		pthread_create(&g[i], NULL, getter, NULL);
	for (i = 0; i < threads; i++)
		pthread_join(g[i], NULL);
	atomic_store(&running, 0);
	pthread_join(r, NULL);
	pthread_join(o, NULL);

	printf("%s - race: %d threads x %ld GETs all returned the mask # %ld of %ld wrong\n",
	       get_bad ? "not ok" : "ok", threads, gets, (long)get_bad,
	       (long)get_calls);
	printf("%s - race: rescans meanwhile all succeeded # %ld of %ld failed\n",
	       rescan_bad || !rescans ? "not ok" : "ok", (long)rescan_bad,
	       (long)rescans);
	printf("%s - race: opens and closes meanwhile all succeeded # %ld of %ld failed\n",
	       open_bad || !opens ? "not ok" : "ok", (long)open_bad, (long)opens);
	printf("# race: %ld GETs, %ld rescans, %ld opens\n", (long)get_calls,
	       (long)rescans, (long)opens);

	/* delete_module(2): O_NONBLOCK and a reference held: EWOULDBLOCK. */
	rc = syscall(SYS_delete_module, "ppc_compat_caps", O_NONBLOCK) ? errno : 0;
	printf("%s - race: unload refused while a descriptor is open # errno %d\n",
	       rc == EWOULDBLOCK ? "ok" : "not ok", rc);
	{
		struct ppc_compat_caps c = { .size = sizeof(c) };

		rc = ioctl(fd, PPC_COMPAT_CAPS_GET, &c) ? errno : 0;
		printf("%s - race: the device still answers after the refused unload # errno %d\n",
		       !rc && c.compat_capabilities == mask ? "ok" : "not ok", rc);
	}
	close(fd);
	return 0;
}
