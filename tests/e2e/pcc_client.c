// SPDX-License-Identifier: GPL-2.0
/*
 * pcc_client: the guest side of the end-to-end tests. Static, no dependency
 * beyond libc and the uapi header.
 *
 *   pcc_client load PATH [PARAMS]   finit_module(); prints OK or the errno name
 *   pcc_client unload [NAME]        delete_module() of NAME (ppc_compat_caps);
 *                                   prints OK or the errno name
 *   pcc_client write FILE TEXT      write(); prints OK or the errno name
 *   pcc_client read FILE            read(); prints the text without its
 *                                   newline, or the errno name
 *   pcc_client get                  prints the ioctl's mask, or the errno name
 *   pcc_client contract MASK        the uapi contract, case by case, as
 *                                   "ok - ..." / "not ok - ..." lines
 *   pcc_client rescan-watch FILE    write "1" to FILE (sysfs rescan) as write
 *                                   does, then "uevents=N mask=M" as below
 *   pcc_client set-cpu-version V    rewrite the first cpu node's cpu-version
 *                                   through /proc/powerpc/ofdt (as a partition
 *                                   migration would) and print the write's
 *                                   result, then "uevents=N mask=M": the
 *                                   change uevents of our device within
 *                                   500 ms and the last mask they carried
 *   pcc_client add-cpu-version V    the same, adding the property (a cpu node
 *                                   without one: a partition in raw mode)
 *   pcc_client remove-cpu-version   the same, removing it (raw mode)
 *   pcc_client touch-cpu-version V  the same rewrite, its result only
 *   pcc_client nth N COMMAND...     COMMAND (load, unload, write, read, get or
 *                                   touch-cpu-version) with the Nth slab or
 *                                   page allocation of the system calls it
 *                                   tests made to fail (CONFIG_FAULT_INJECTION,
 *                                   /proc/thread-self/fail-nth), then
 *                                   "fault=injected", or "fault=unreached"
 *                                   when they made fewer than N; exit status
 *                                   3 when the injection itself failed
 *
 * Every contract case states its expected errno and compares the caller's
 * memory byte for byte before and after the call.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <dirent.h>
#include <linux/netlink.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include "ppc_compat_caps.h"
#include "tap.h"

#define DEV "/dev/ppc_compat_caps"
#define VER0 PPC_COMPAT_CAPS_SIZE_VER0

/* "OK", or the errno's name as glibc spells it (E123 if it has none). */
static const char *errname(int e)
{
	static char buf[16];

	if (!e)
		return "OK";
	snprintf(buf, sizeof(buf), "E%d", e);
	return strerrorname_np(e) ?: buf;
}

/*
 * fail-nth of this thread, open in "nth" mode only. Armed just before the
 * system calls a command tests and disarmed right after, so that nothing
 * else (stdio's writes: stdout stays buffered until exit) can take the
 * failure.
 */
static int nth_fd = -1;
static unsigned int nth;
static int nth_state;	/* 0: not armed yet, 1: armed, 2: injected, 3: unreached */

static void nth_arm(void)
{
	char s[16];
	int n = snprintf(s, sizeof(s), "%u", nth);

	if (nth_fd < 0)
		return;
	if (nth_state || write(nth_fd, s, n) != n) {
		perror("fail-nth: arm");
		exit(3);
	}
	nth_state = 1;
}

static void nth_disarm(void)
{
	char s[16] = "";

	if (nth_fd < 0)
		return;
	/* 0 left: the Nth allocation came and failed. */
	if (nth_state != 1 || pread(nth_fd, s, sizeof(s) - 1, 0) <= 0 ||
	    write(nth_fd, "0", 1) != 1) {
		perror("fail-nth: disarm");
		exit(3);
	}
	nth_state = strtoul(s, NULL, 10) ? 3 : 2;
}

static int call(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? errno : 0;
}

/* The command number for a caller whose struct is 'size' bytes. */
static unsigned long get_cmd(unsigned int size)
{
	return _IOC(_IOC_READ | _IOC_WRITE, PPC_COMPAT_CAPS_IOC_TYPE,
		    _IOC_NR(PPC_COMPAT_CAPS_GET), size);
}

/* One contract case; the detail after "#" only when it failed. */
static void report(int ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void report(int ok, const char *name, const char *fmt, ...)
{
	char why[256] = "";
	va_list ap;

	if (!ok && fmt) {
		va_start(ap, fmt);
		vsnprintf(why, sizeof(why), fmt, ap);
		va_end(ap);
	}
	tap_ok(ok, "contract: %s%s%s", name, *why ? " # " : "", why);
}

/*
 * Guarded memory: 'pages' read-write pages followed by one page whose
 * protection each case chooses, so that a buffer can end exactly where the
 * accessible memory ends, or straddle into a read-only or unmapped page.
 */
struct arena {
	unsigned char *base;
	size_t page;
};

static void arena_init(struct arena *a)
{
	a->page = sysconf(_SC_PAGESIZE);
	a->base = mmap(NULL, 3 * a->page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (a->base == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
}

static void arena_reset(struct arena *a)
{
	mprotect(a->base, 3 * a->page, PROT_READ | PROT_WRITE);
	memset(a->base, 0xa5, 3 * a->page);
}

/* The second page, from its start. */
static unsigned char *arena_guard(struct arena *a)
{
	return a->base + 2 * a->page;
}

static void put64(unsigned char *p, uint64_t v)
{
	memcpy(p, &v, sizeof(v));
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * One error case: the struct at 'buf' (flags, size, caps), a tail of
 * 'tail' bytes of value 'tailbyte', called with 'cmd'. Expect 'want' and
 * every byte of the two read-write pages unchanged (the guard page is
 * read-only or unmapped when a case puts part of the struct there).
 */
static void error_case(struct arena *a, const char *name, unsigned long cmd,
		       unsigned char *buf, uint64_t flags, uint64_t size,
		       size_t tail, int tailbyte, int want, int fd)
{
	static unsigned char before[2 * 65536];
	size_t len = 2 * a->page;
	int got;

	put64(buf, flags);
	put64(buf + 8, size);
	put64(buf + 16, 0x0123456789abcdefULL);
	memset(buf + VER0, tailbyte, tail);
	memcpy(before, a->base, len);
	got = call(fd, cmd, buf);
	if (got != want) {
		report(0, name, "expected %s, got %s", errname(want), errname(got));
		return;
	}
	report(!memcmp(before, a->base, len), name,
	       "%s as expected but the caller's memory changed", errname(want));
}

/* The report() calls below, error_case() included: the plan. */
#define CONTRACT_CASES	29

static int contract(uint64_t mask)
{
	struct arena a;
	unsigned char *buf, before[64];
	int fd, got;
	size_t i;

	tap_plan("contract", CONTRACT_CASES);
	fd = open(DEV, O_RDONLY);
	if (fd < 0) {
		tap_ok(0, "contract: open %s # %s", DEV, errname(errno));
		return tap_done("contract");
	}
	arena_init(&a);

	/* Success, version-0 caller: garbage in compat_capabilities ignored. */
	arena_reset(&a);
	buf = arena_guard(&a) - VER0;	/* ends where the RW memory ends */
	put64(buf, 0);
	put64(buf + 8, VER0);
	put64(buf + 16, 0xdeadbeefdeadbeefULL);
	memcpy(before, buf - 16, 16);
	got = call(fd, PPC_COMPAT_CAPS_GET, buf);
	report(got == 0 && get64(buf) == 0 && get64(buf + 8) == VER0 &&
	       get64(buf + 16) == mask && !memcmp(before, buf - 16, 16),
	       "size 24 returns flags 0, size 24 and the expected mask",
	       "rc %s flags %#" PRIx64 " size %" PRIu64 " mask %#" PRIx64
	       " (expected %#" PRIx64 ")", errname(got), get64(buf),
	       get64(buf + 8), get64(buf + 16), mask);

	/* A newer caller (32 bytes, zero tail) on this module: the tail lies
	 * in a read-only page, so any write past 24 bytes would fault. */
	arena_reset(&a);
	buf = arena_guard(&a) - VER0;
	put64(buf, 0);
	put64(buf + 8, 32);
	memset(arena_guard(&a), 0, 8);
	mprotect(arena_guard(&a), a.page, PROT_READ);
	got = call(fd, get_cmd(32), buf);
	report(got == 0 && get64(buf + 8) == VER0 && get64(buf + 16) == mask,
	       "size 32 with a zero tail returns size 24, tail not written",
	       "rc %s size %" PRIu64 " mask %#" PRIx64, errname(got),
	       get64(buf + 8), get64(buf + 16));

	/* The largest size this architecture's ioctl numbers can carry. */
	arena_reset(&a);
	i = (1u << _IOC_SIZEBITS) - 1;
	if (i > 2 * a.page)
		i = 2 * a.page;
	buf = arena_guard(&a) - i;
	memset(buf, 0, i);
	put64(buf + 8, i);
	got = call(fd, get_cmd(i), buf);
	report(got == 0 && get64(buf + 8) == VER0 && get64(buf + 16) == mask,
	       "largest size with a zero tail succeeds", "size %zu rc %s", i,
	       errname(got));

	/* ENOTTY: not our command, whatever the buffer holds. */
	arena_reset(&a);
	buf = arena_guard(&a) - VER0;
	error_case(&a, "other type byte is ENOTTY",
		   _IOC(_IOC_READ | _IOC_WRITE, PPC_COMPAT_CAPS_IOC_TYPE + 1,
			_IOC_NR(PPC_COMPAT_CAPS_GET), VER0),
		   buf, 0, VER0, 0, 0, ENOTTY, fd);
	error_case(&a, "other nr is ENOTTY",
		   _IOC(_IOC_READ | _IOC_WRITE, PPC_COMPAT_CAPS_IOC_TYPE,
			_IOC_NR(PPC_COMPAT_CAPS_GET) + 1, VER0),
		   buf, 0, VER0, 0, 0, ENOTTY, fd);
	error_case(&a, "_IOR direction is ENOTTY",
		   _IOR(PPC_COMPAT_CAPS_IOC_TYPE, _IOC_NR(PPC_COMPAT_CAPS_GET),
			struct ppc_compat_caps),
		   buf, 0, VER0, 0, 0, ENOTTY, fd);
	error_case(&a, "_IOW direction is ENOTTY",
		   _IOW(PPC_COMPAT_CAPS_IOC_TYPE, _IOC_NR(PPC_COMPAT_CAPS_GET),
			struct ppc_compat_caps),
		   buf, 0, VER0, 0, 0, ENOTTY, fd);
	error_case(&a, "_IO (no direction) is ENOTTY",
		   _IO(PPC_COMPAT_CAPS_IOC_TYPE, _IOC_NR(PPC_COMPAT_CAPS_GET)),
		   buf, 0, VER0, 0, 0, ENOTTY, fd);
	error_case(&a, "_IOC_SIZE 16 is ENOTTY", get_cmd(16),
		   buf, 0, 16, 0, 0, ENOTTY, fd);
	error_case(&a, "_IOC_SIZE 23 is ENOTTY", get_cmd(23),
		   buf, 0, 23, 0, 0, ENOTTY, fd);
	error_case(&a, "TCGETS is ENOTTY", TCGETS, buf, 0, VER0, 0, 0,
		   ENOTTY, fd);

	/* EINVAL: size disagreements and reserved flags. */
	error_case(&a, "size 0 is EINVAL", PPC_COMPAT_CAPS_GET,
		   buf, 0, 0, 0, 0, EINVAL, fd);
	error_case(&a, "size 16 is EINVAL", PPC_COMPAT_CAPS_GET,
		   buf, 0, 16, 0, 0, EINVAL, fd);
	error_case(&a, "size 23 is EINVAL", PPC_COMPAT_CAPS_GET,
		   buf, 0, 23, 0, 0, EINVAL, fd);
	error_case(&a, "size 32 with _IOC_SIZE 24 is EINVAL",
		   PPC_COMPAT_CAPS_GET, buf, 0, 32, 0, 0, EINVAL, fd);
	error_case(&a, "size 2^63 is EINVAL", PPC_COMPAT_CAPS_GET,
		   buf, 0, 1ULL << 63, 0, 0, EINVAL, fd);
	error_case(&a, "flags bit 0 is EINVAL", PPC_COMPAT_CAPS_GET,
		   buf, 1, VER0, 0, 0, EINVAL, fd);
	error_case(&a, "flags bit 63 is EINVAL", PPC_COMPAT_CAPS_GET,
		   buf, 1ULL << 63, VER0, 0, 0, EINVAL, fd);
	buf = arena_guard(&a) - 32;
	error_case(&a, "flags set and a non-zero tail is EINVAL (flags first)",
		   get_cmd(32), buf, 2, 32, 8, 0xff, EINVAL, fd);

	/* E2BIG: a newer caller asking for something this module lacks. */
	error_case(&a, "size 32 with a non-zero tail is E2BIG",
		   get_cmd(32), buf, 0, 32, 8, 0x01, E2BIG, fd);
	buf = arena_guard(&a) - 4096;
	memset(buf, 0, 4096);
	buf[4095] = 1;
	put64(buf + 8, 4096);
	memcpy(before, buf, sizeof(before));
	got = call(fd, get_cmd(4096), buf);
	report(got == E2BIG && !memcmp(before, buf, sizeof(before)) &&
	       buf[4095] == 1, "size 4096 with its last byte set is E2BIG",
	       "rc %s", errname(got));

	/* EFAULT: unreadable or unwritable memory. */
	got = call(fd, PPC_COMPAT_CAPS_GET, NULL);
	report(got == EFAULT, "NULL is EFAULT", "rc %s", errname(got));
	arena_reset(&a);
	mprotect(arena_guard(&a), a.page, PROT_NONE);
	got = call(fd, PPC_COMPAT_CAPS_GET, arena_guard(&a));
	report(got == EFAULT, "an unmapped page is EFAULT", "rc %s",
	       errname(got));
	got = call(fd, PPC_COMPAT_CAPS_GET, arena_guard(&a) - 8);
	report(got == EFAULT, "a struct straddling into an unmapped page is EFAULT",
	       "rc %s", errname(got));
	buf = arena_guard(&a) - VER0;
	error_case(&a, "an unreadable tail is EFAULT", get_cmd(32),
		   buf, 0, 32, 0, 0, EFAULT, fd);
	arena_reset(&a);
	buf = arena_guard(&a);
	put64(buf, 0);
	put64(buf + 8, VER0);
	put64(buf + 16, 0x0123456789abcdefULL);
	mprotect(arena_guard(&a), a.page, PROT_READ);
	got = call(fd, PPC_COMPAT_CAPS_GET, buf);
	report(got == EFAULT && get64(buf + 16) == 0x0123456789abcdefULL,
	       "a read-only struct is EFAULT and unchanged", "rc %s",
	       errname(got));
	arena_reset(&a);
	buf = arena_guard(&a) - 8;	/* flags writable, the rest read-only */
	put64(buf, 0);
	put64(buf + 8, VER0);
	mprotect(arena_guard(&a), a.page, PROT_READ);
	got = call(fd, PPC_COMPAT_CAPS_GET, buf);
	report(got == EFAULT, "a struct straddling into a read-only page is EFAULT",
	       "rc %s", errname(got));

	/* A kernel address is never the caller's memory. */
	got = call(fd, PPC_COMPAT_CAPS_GET, (void *)0xc000000000000000UL);
	report(got == EFAULT, "a kernel address is EFAULT", "rc %s",
	       errname(got));

	/* Misaligned, otherwise valid. */
	arena_reset(&a);
	buf = a.base + 3;
	put64(buf, 0);
	put64(buf + 8, VER0);
	got = call(fd, PPC_COMPAT_CAPS_GET, buf);
	report(got == 0 && get64(buf + 16) == mask && a.base[2] == 0xa5 &&
	       buf[VER0] == 0xa5, "a misaligned struct works, neighbours intact",
	       "rc %s", errname(got));

	close(fd);
	return tap_done("contract");
}

static int get(void)
{
	struct ppc_compat_caps c = { .size = sizeof(c) };
	int fd, rc;

	nth_arm();
	fd = open(DEV, O_RDONLY);
	rc = fd < 0 ? errno : call(fd, PPC_COMPAT_CAPS_GET, &c);
	if (fd >= 0)
		close(fd);
	nth_disarm();
	if (rc)
		printf("%s\n", errname(rc));
	else
		printf("0x%016" PRIx64 "\n", (uint64_t)c.compat_capabilities);
	return rc ? 1 : 0;
}

static int load(const char *path, const char *params)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0) {
		printf("%s\n", errname(errno));
		return 1;
	}
	nth_arm();
	rc = syscall(SYS_finit_module, fd, params, 0) ? errno : 0;
	nth_disarm();
	close(fd);
	printf("%s\n", errname(rc));
	return rc ? 1 : 0;
}

static int unload(const char *name)
{
	int rc;

	nth_arm();
	rc = syscall(SYS_delete_module, name, O_NONBLOCK) ? errno : 0;
	nth_disarm();
	printf("%s\n", errname(rc));
	return rc ? 1 : 0;
}

static int write_file(const char *path, const char *text)
{
	int fd, rc = 0;

	nth_arm();
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, text, strlen(text)) < 0)
		rc = errno;
	if (fd >= 0)
		close(fd);
	nth_disarm();
	printf("%s\n", errname(rc));
	return rc ? 1 : 0;
}

static int read_file(const char *path)
{
	char buf[4096];
	int fd, rc = 0;
	ssize_t n = -1;

	nth_arm();
	fd = open(path, O_RDONLY);
	if (fd >= 0)
		n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0)
		rc = errno;
	if (fd >= 0)
		close(fd);
	nth_disarm();
	if (n < 0) {
		printf("%s\n", errname(rc));
		return 1;
	}
	buf[n] = '\0';
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	printf("%s\n", buf);
	return 0;
}

/* The phandle of the first node under /proc/device-tree/cpus that is a cpu. */
static int first_cpu_phandle(uint32_t *phandle)
{
	const char *base = "/proc/device-tree/cpus";
	char path[512], type[16];
	struct dirent *de;
	unsigned char b[4];
	DIR *d = opendir(base);
	int fd, found = 0;
	ssize_t n;

	if (!d)
		return 0;
	while (!found && (de = readdir(d))) {
		snprintf(path, sizeof(path), "%s/%s/device_type", base, de->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		n = read(fd, type, sizeof(type) - 1);
		close(fd);
		if (n <= 0 || strncmp(type, "cpu", 4))
			continue;
		snprintf(path, sizeof(path), "%s/%s/phandle", base, de->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		if (read(fd, b, 4) == 4) {
			*phandle = (uint32_t)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
			found = 1;
		}
		close(fd);
	}
	closedir(d);
	return found;
}

/* A socket on the kernel's uevents, or -1. */
static int uevent_socket(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	int sock = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
			  NETLINK_KOBJECT_UEVENT);

	if (sock >= 0 && bind(sock, (struct sockaddr *)&sa, sizeof(sa))) {
		close(sock);
		sock = -1;
	}
	if (sock < 0)
		printf("netlink: %s\n", errname(errno));
	return sock;
}

/*
 * Print "uevents=N mask=M": the change uevents of our device within 500 ms
 * of the last one (or of the start), and the last mask they carried.
 */
static void uevents_seen(int sock)
{
	char msg[8192], mask[24] = "-";
	struct pollfd pfd = { .fd = sock, .events = POLLIN };
	int uevents = 0;
	ssize_t n;

	while (poll(&pfd, 1, 500) > 0) {
		char *p, *end;
		int ours = 0;

		n = recv(sock, msg, sizeof(msg) - 1, 0);
		if (n <= 0)
			break;
		msg[n] = '\0';
		end = msg + n;
		if (!strncmp(msg, "change@", 7) &&
		    strstr(msg, "/ppc_compat_caps"))
			ours = 1;
		for (p = msg; ours && p < end; p += strlen(p) + 1)
			if (!strncmp(p, "PPC_COMPAT_CAPS_MASK=", 21))
				snprintf(mask, sizeof(mask), "%s", p + 21);
		uevents += ours;
	}
	close(sock);
	printf("uevents=%d mask=%s\n", uevents, mask);
}

/*
 * OP (update_property, add_property or remove_property, as
 * /proc/powerpc/ofdt takes them) the first cpu node's cpu-version, V its
 * value; with 'watch', report the uevents that follow.
 */
static int set_cpu_version(const char *op, uint32_t v, int watch)
{
	char cmd[128];
	uint32_t phandle;
	int sock = -1, fd, len, rc = 0;

	if (!first_cpu_phandle(&phandle)) {
		printf("ENOENT\n");
		return 1;
	}
	if (watch) {
		sock = uevent_socket();
		if (sock < 0)
			return 1;
	}
	len = snprintf(cmd, sizeof(cmd), "%s 0x%x cpu-version%s", op, phandle,
		       strcmp(op, "remove_property") ? " 4 " : "");
	if (strcmp(op, "remove_property")) {
		cmd[len++] = v >> 24;
		cmd[len++] = v >> 16;
		cmd[len++] = v >> 8;
		cmd[len++] = v;
	}
	nth_arm();
	fd = open("/proc/powerpc/ofdt", O_WRONLY);
	if (fd < 0 || write(fd, cmd, len) != len)
		rc = errno;
	if (fd >= 0)
		close(fd);
	nth_disarm();
	printf("%s\n", errname(rc));
	if (watch)
		uevents_seen(sock);
	return rc ? 1 : 0;
}

/* Write "1" to FILE (rescan), print the result, then the uevents. */
static int rescan_watch(const char *file)
{
	int sock = uevent_socket(), rc;

	if (sock < 0)
		return 1;
	rc = write_file(file, "1");
	uevents_seen(sock);
	return rc;
}

/* COMMAND ARGS... of the comment at the top (argv[0] not used). */
static int run(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "load"))
		return load(argv[2], argc > 3 ? argv[3] : "");
	if ((argc == 2 || argc == 3) && !strcmp(argv[1], "unload"))
		return unload(argc == 3 ? argv[2] : "ppc_compat_caps");
	if (argc == 4 && !strcmp(argv[1], "write"))
		return write_file(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "read"))
		return read_file(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "get"))
		return get();
	if (argc == 3 && !strcmp(argv[1], "contract"))
		return contract(strtoull(argv[2], NULL, 0));
	if (argc == 3 && !strcmp(argv[1], "rescan-watch"))
		return rescan_watch(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "set-cpu-version"))
		return set_cpu_version("update_property", strtoul(argv[2], NULL, 0), 1);
	if (argc == 3 && !strcmp(argv[1], "add-cpu-version"))
		return set_cpu_version("add_property", strtoul(argv[2], NULL, 0), 1);
	if (argc == 2 && !strcmp(argv[1], "remove-cpu-version"))
		return set_cpu_version("remove_property", 0, 1);
	if (argc == 3 && !strcmp(argv[1], "touch-cpu-version"))
		return set_cpu_version("update_property", strtoul(argv[2], NULL, 0), 0);
	fprintf(stderr, "usage: see the comment at the top of pcc_client.c\n");
	return 2;
}

int main(int argc, char **argv)
{
	int rc;

	if (argc < 4 || strcmp(argv[1], "nth"))
		return run(argc, argv);
	nth = strtoul(argv[2], NULL, 0);
	nth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (!nth || nth_fd < 0) {
		perror("fail-nth");
		return 3;
	}
	setvbuf(stdout, NULL, _IOFBF, BUFSIZ);
	rc = run(argc - 2, argv + 2);
	if (nth_state < 2) {
		fprintf(stderr, "fail-nth: %s does not inject\n", argv[3]);
		return 3;
	}
	printf("fault=%s\n", nth_state == 2 ? "injected" : "unreached");
	return rc;
}
