// SPDX-License-Identifier: GPL-2.0
/*
 * pcc_hostile MASK: what any local user may throw at /dev/ppc_compat_caps.
 * Each case is a small function; each call's errno is compared with what
 * the uapi contract says for that command and buffer (model(), written
 * from include/uapi/ppc_compat_caps.h), and the caller's memory with what
 * the call may write, byte for byte. Prints "ok - hostile: ..." lines with
 * the number of calls each case made.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ppc_compat_caps.h"
#include "tap.h"

#define VER0	PPC_COMPAT_CAPS_SIZE_VER0
#define ARENA	(64 * 1024)

static uint64_t mask;
static int fd;
static size_t page;
static unsigned char *arena;		/* ARENA bytes, read-write */
static unsigned char before[ARENA];
static unsigned long calls;

static uint64_t rnd_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static void put64(unsigned char *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

/* What the contract says a call with 'cmd' on readable 'buf' returns. */
static int model(unsigned long cmd, const unsigned char *buf)
{
	size_t usize = _IOC_SIZE(cmd), i;
	uint64_t size;

	if (_IOC_TYPE(cmd) != PPC_COMPAT_CAPS_IOC_TYPE ||
	    _IOC_NR(cmd) != _IOC_NR(PPC_COMPAT_CAPS_GET) ||
	    _IOC_DIR(cmd) != (_IOC_READ | _IOC_WRITE) || usize < VER0)
		return ENOTTY;
	size = get64(buf + 8);
	if (size < VER0 || size != usize)
		return EINVAL;
	if (get64(buf))
		return EINVAL;
	for (i = VER0; i < usize; i++)
		if (buf[i])
			return E2BIG;
	return 0;
}

/*
 * Call with 'cmd' on 'buf' (inside the arena, readable and writable) and
 * check the errno and every byte of the arena: unchanged on error; on
 * success exactly flags 0, size 24 and the mask at buf, nothing else.
 */
static int one(unsigned long cmd, unsigned char *buf, char *why, size_t len)
{
	int want = model(cmd, buf), got;
	unsigned char expect[VER0];
	size_t off = buf - arena;

	memcpy(before, arena, ARENA);
	got = ioctl(fd, cmd, buf) ? errno : 0;
	calls++;
	if (got != want) {
		snprintf(why, len, "cmd %#lx size %" PRIu64 ": errno %d, model %d",
			 cmd, get64(before + off + 8), got, want);
		return 0;
	}
	if (!want) {
		memset(expect, 0, sizeof(expect));
		put64(expect + 8, VER0);
		put64(expect + 16, mask);
		memcpy(before + off, expect, VER0);
	}
	if (memcmp(before, arena, ARENA)) {
		snprintf(why, len, "cmd %#lx: memory differs from the contract",
			 cmd);
		return 0;
	}
	return 1;
}

static unsigned long make_cmd(unsigned int dir, unsigned int type,
			      unsigned int nr, unsigned int size)
{
	return ((unsigned long)dir << _IOC_DIRSHIFT) |
	       ((unsigned long)type << _IOC_TYPESHIFT) |
	       ((unsigned long)nr << _IOC_NRSHIFT) |
	       ((unsigned long)(size & _IOC_SIZEMASK) << _IOC_SIZESHIFT);
}

#define CASE(name) static int case_##name(char *why, size_t len)

/* Every _IOC_SIZE x size over the list, zero and non-zero tails. */
CASE(sizes)
{
	static const unsigned int s[] = { 0, 1, 8, 16, 23, 24, 25, 32, 64,
					  4095, 4096, 16383 };
	size_t i, j;
	int tail;

	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		for (j = 0; j < sizeof(s) / sizeof(s[0]); j++)
			for (tail = 0; tail < 2; tail++) {
				unsigned int ioc = s[i] & _IOC_SIZEMASK;
				unsigned char *buf = arena + ARENA - 16384;

				memset(arena, 0xa5, ARENA);
				memset(buf, 0, 16384);
				put64(buf + 8, s[j]);
				if (tail && ioc > VER0)
					buf[ioc - 1] = 0x5a;
				if (!one(make_cmd(_IOC_READ | _IOC_WRITE,
						  PPC_COMPAT_CAPS_IOC_TYPE, 1, ioc),
					 buf, why, len))
					return 0;
			}
	return 1;
}

/* Every single flags bit, then 10^5 random flags. */
CASE(flags)
{
	unsigned char *buf = arena + 4096;
	int i;

	for (i = 0; i < 64 + 100000; i++) {
		memset(arena, 0xa5, ARENA);
		put64(buf, i < 64 ? 1ULL << i : rnd());
		put64(buf + 8, VER0);
		if (!one(PPC_COMPAT_CAPS_GET, buf, why, len))
			return 0;
	}
	return 1;
}

/* 10^5 random commands near ours: other types, numbers, directions, sizes. */
CASE(commands)
{
	unsigned char *buf = arena + 8192;
	int i;

	for (i = 0; i < 100000; i++) {
		uint64_t r = rnd();
		unsigned int dir = (r & 1) ? (_IOC_READ | _IOC_WRITE) : (r >> 1) & 7;
		unsigned int type = (r & 2) ? PPC_COMPAT_CAPS_IOC_TYPE : (r >> 8) & 0xff;
		unsigned int nr = (r & 4) ? 1 : (r >> 16) & 0xff;
		unsigned int size = (r & 8) ? VER0 : (r >> 24) & 0x3f;

		memset(arena, 0xa5, ARENA);
		memset(buf, 0, 64);
		put64(buf + 8, (r & 16) ? size : VER0);
		if (!one(make_cmd(dir, type, nr, size), buf, why, len))
			return 0;
	}
	return 1;
}

/* Every misalignment of an otherwise valid struct. */
CASE(misaligned)
{
	int off;

	for (off = 0; off < 16; off++) {
		unsigned char *buf = arena + 100 + off;

		memset(arena, 0xa5, ARENA);
		put64(buf, 0);
		put64(buf + 8, VER0);
		if (!one(PPC_COMPAT_CAPS_GET, buf, why, len))
			return 0;
	}
	return 1;
}

/* Pointers that are not the caller's memory. */
CASE(bad_pointers)
{
	static const unsigned long p[] = {
		0, 1, 8, 4095, 0xc000000000000000UL, 0xc000000000001000UL,
		0xffffffffffffffe8UL, 0x8000000000000000UL, 0x0010000000000000UL,
	};
	size_t i;
	int got;

	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
		got = ioctl(fd, PPC_COMPAT_CAPS_GET, (void *)p[i]) ? errno : 0;
		calls++;
		if (got != EFAULT) {
			snprintf(why, len, "pointer %#lx: errno %d", p[i], got);
			return 0;
		}
	}
	return 1;
}

/*
 * A struct straddling every offset into a guard page that is unmapped or
 * read-only: EFAULT, and the accessible bytes unchanged.
 */
CASE(straddle)
{
	unsigned char *m, *guard, snap[VER0];
	int prot, k, got;

	m = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		snprintf(why, len, "mmap: %d", errno);
		return 0;
	}
	guard = m + page;
	for (prot = 0; prot < 2; prot++) {
		for (k = 1; k < VER0; k++) {
			unsigned char *buf = guard - k;

			/* A valid request, then the guard page taken away. */
			mprotect(guard, page, PROT_READ | PROT_WRITE);
			memset(m, 0xa5, 2 * page);
			put64(buf, 0);
			put64(buf + 8, VER0);
			mprotect(guard, page, prot ? PROT_READ : PROT_NONE);
			memcpy(snap, guard - VER0, VER0);
			got = ioctl(fd, PPC_COMPAT_CAPS_GET, buf) ? errno : 0;
			calls++;
			/*
			 * Unmapped: the read faults, nothing is written.
			 * Read-only: the checks pass and the write faults; the
			 * bytes before the guard may be written ("a fault
			 * while writing the result" in the contract).
			 */
			if (got != EFAULT ||
			    (!prot && memcmp(snap, guard - VER0, VER0))) {
				snprintf(why, len, "%s guard, %d bytes before it: errno %d",
					 prot ? "read-only" : "unmapped", k, got);
				munmap(m, 2 * page);
				return 0;
			}
		}
	}
	munmap(m, 2 * page);
	return 1;
}

/* The reply never carries bytes the module did not mean to write. */
CASE(no_leak)
{
	unsigned char *buf = arena + 12288;
	int i;

	for (i = 0; i < 1000; i++) {
		memset(arena, i & 1 ? 0xff : 0x00, ARENA);
		put64(buf, 0);
		put64(buf + 8, VER0);
		if (!one(PPC_COMPAT_CAPS_GET, buf, why, len))
			return 0;
	}
	return 1;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(char *why, size_t len);
	} cases[] = {
		{ "every _IOC_SIZE x size, zero and non-zero tails", case_sizes },
		{ "every flags bit and 10^5 random flags", case_flags },
		{ "10^5 random commands near ours", case_commands },
		{ "misaligned structs", case_misaligned },
		{ "NULL, low, kernel and non-canonical pointers", case_bad_pointers },
		{ "structs straddling into unmapped and read-only pages", case_straddle },
		{ "no stray bytes in 1000 replies", case_no_leak },
	};
	unsigned long total = 0;
	char why[256];
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: pcc_hostile MASK\n");
		return 2;
	}
	mask = strtoull(argv[1], NULL, 0);
	page = sysconf(_SC_PAGESIZE);
	fd = open("/dev/ppc_compat_caps", O_RDONLY);
	arena = mmap(NULL, ARENA, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	tap_plan("hostile", sizeof(cases) / sizeof(cases[0]));
	if (fd < 0 || arena == MAP_FAILED) {
		tap_ok(0, "hostile: setup # errno %d", errno);
		return tap_done("hostile");
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		calls = 0;
		why[0] = '\0';
		if (cases[i].fn(why, sizeof(why)))
			tap_ok(1, "hostile: %s (%lu calls)", cases[i].name, calls);
		else
			tap_ok(0, "hostile: %s # %s", cases[i].name, why);
		total += calls;
	}
	printf("# hostile: %lu calls\n", total);
	close(fd);
	return tap_done("hostile");
}
