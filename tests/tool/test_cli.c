// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the parts of tools/ppc-compat-caps.c that need no device:
 * option parsing, the best mode, the raw PVR, the output formats. The
 * command's source is included, its main() renamed, so that its static
 * functions are under test.
 * Expected values are written here from the documented rules (the uapi
 * header's bits, ppc-compat-caps(1)), never computed by the code under
 * test. Prints "ok - ..." / "not ok - ..." lines.
 *
 *   test_cli              run the tests
 *   test_cli json MASK SIZE PVR BACKEND
 *                         print print_json() of that answer (SIZE, PVR
 *                         and BACKEND may be "-" for none), for the Python
 *                         test that parses it back
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define main ppc_compat_caps_main
#include "ppc-compat-caps.c"
#undef main
#include "tap.h"

/* tap_ok(), under the short name the cases below are written with. */
static void ok(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vok(cond, fmt, ap);
	va_end(ap);
}

static void ok_str(const char *got, const char *want, const char *what)
{
	int same = got && want ? !strcmp(got, want) : got == want;

	ok(same, "%s", what);
	if (!same)
		printf("#   expected: '%s'\n#   got:      '%s'\n",
		       want ? want : "(null)", got ? got : "(null)");
}

/* Capture what a format function prints. */
struct capture {
	char *buf;
	size_t len;
	FILE *f;
};

static FILE *cap_open(struct capture *c)
{
	c->buf = NULL;
	c->f = open_memstream(&c->buf, &c->len);
	return c->f;
}

static const char *cap_close(struct capture *c)
{
	fclose(c->f);
	return c->buf;
}

#define P9	0x4000000000000000ULL	/* 1 << 62 */
#define P10	0x2000000000000000ULL	/* 1 << 61 */
#define P11	0x1000000000000000ULL	/* 1 << 60 */

static void test_bits(void)
{
	ok(PPC_COMPAT_CAP_POWER9 == P9 && PPC_COMPAT_CAP_POWER10 == P10 &&
	   PPC_COMPAT_CAP_POWER11 == P11,
	   "uapi bits are 1<<62, 1<<61, 1<<60 (power9, power10, power11)");
}

static void test_mode_bit(void)
{
	static const char * const bad[] = {
		"power8", "Power10", "POWER10", "power10 ", "", "power1",
		"power12", "p10",
	};
	size_t i;

	ok(mode_bit("power9") == P9, "power9 is 1<<62");
	ok(mode_bit("power10") == P10, "power10 is 1<<61");
	ok(mode_bit("power11") == P11, "power11 is 1<<60");
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ok(!mode_bit(bad[i]), "'%s' is not a mode", bad[i]);
}

#define RAW(pvr) pcc_mode_name(pcc_mask_from_raw_pvr(pvr))

static void test_pvr(void)
{
	uint32_t pvr = 0;

	/* The mode a raw PVR suggests, as the summary's raw PVR line says. */
	ok_str(RAW(0x00821200), "power11", "PVR 0x0082xxxx is power11");
	ok_str(RAW(0x00800200), "power10", "PVR 0x0080xxxx is power10");
	ok_str(RAW(0x004e1202), "power9", "PVR 0x004exxxx is power9");
	ok_str(RAW(0x004b0201), NULL, "PVR 0x004b (power8) suggests nothing");
	ok_str(RAW(0x0f000006), NULL, "a logical PVR is no family");
	ok_str(RAW(0x82120000), NULL, "halves matter: 0x8212 is no family");

	ok(!parse_cpuinfo_pvr("processor\t: 0\n"
		"cpu\t\t: POWER10 (architected), altivec supported\n"
		"clock\t\t: 1000.000000MHz\nrevision\t: 18.0 (pvr 0082 1200)\n\n"
		"processor\t: 1\nrevision\t: 2.0 (pvr 0080 0200)\n", &pvr) &&
	   pvr == 0x00821200, "cpuinfo: first (pvr 0082 1200) -> 0x00821200");
	ok(!parse_cpuinfo_pvr("revision : 2.2 (pvr 004e 1202)\n", &pvr) &&
	   pvr == 0x004e1202, "cpuinfo: (pvr 004e 1202) -> 0x004e1202");
	ok(!parse_cpuinfo_pvr("x (pvr 00zz 1200) y (pvr 0080 0200)", &pvr) &&
	   pvr == 0x00800200, "cpuinfo: a malformed field is skipped");
	ok(parse_cpuinfo_pvr("vendor_id\t: GenuineIntel\nflags : fpu\n", &pvr) == -1,
	   "cpuinfo: x86 has no pvr");
	ok(parse_cpuinfo_pvr("(pvr 0080)", &pvr) == -1,
	   "cpuinfo: (pvr 0080) is incomplete");
	ok(parse_cpuinfo_pvr("(pvr 0080 020", &pvr) == -1,
	   "cpuinfo: truncated text");
	ok(parse_cpuinfo_pvr("", &pvr) == -1, "cpuinfo: empty");
}

static void test_parse_hex(void)
{
	/* read_file() has dropped the attribute's one newline: none is left. */
	static const char * const bad[] = {
		"", "0x", "6000000000000000", "0x600000000000000",
		"0x60000000000000000", "0x600000000000000g",
		"0X6000000000000000", "0x6000000000000000\n",
		" 0x6000000000000000", "0x6000000000000000\x20",
		"power10 power9", "none",
	};
	uint64_t m = 1;
	size_t i;

	ok(!parse_hex("0x6000000000000000", 16, &m) &&
	   m == 0x6000000000000000ULL, "sysfs mask 0x6000000000000000");
	ok(!parse_hex("0x0000000000000000", 16, &m) && m == 0,
	   "sysfs mask 0");
	ok(!parse_hex("0xFFFFffffFFFFffff", 16, &m) && m == ~0ULL,
	   "sysfs mask, hex digits of either case");
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		m = 42;
		ok(parse_hex(bad[i], 16, &m) == -1 && m == 42,
		   "sysfs mask bad form #%zu rejected, output untouched", i);
	}
	/* The other 0x attributes: 1 to 16 digits (cpu_version has 8). */
	ok(!parse_hex("0x0f000006", 0, &m) && m == 0x0f000006, "cpu_version 0x0f000006");
	ok(!parse_hex("0x1", 0, &m) && m == 1, "one digit");
	m = 42;
	ok(parse_hex("0x", 0, &m) == -1 && parse_hex("0x00000000000000001", 0, &m) == -1 &&
	   parse_hex("0x12\t", 0, &m) == -1 && parse_hex("12", 0, &m) == -1 && m == 42,
	   "no digit, 17 digits, a tab, no 0x: rejected");
}

static void test_errno(void)
{
	ok_str(errno_name(ENOTTY), "ENOTTY", "ENOTTY by name");
	ok_str(errno_name(EFAULT), "EFAULT", "EFAULT by name");
	ok_str(errno_name(EINVAL), "EINVAL", "EINVAL by name");
	ok_str(errno_name(E2BIG), "E2BIG", "E2BIG by name");
	ok_str(errno_name(ENODEV), "ENODEV", "ENODEV by name");
	ok_str(errno_name(4095), "errno 4095", "an unknown errno by number");

	/* open_failed() says why on stderr; the exit codes here. */
	ok(open_failed("t", ENOENT) == 3, "open ENOENT: exit 3 (not loaded)");
	ok(open_failed("t", ENXIO) == 3, "open ENXIO: exit 3 (stale node)");
	ok(open_failed("t", ENODEV) == 3, "open ENODEV: exit 3 (stale node)");
	ok(open_failed("t", EACCES) == 4, "open EACCES: exit 4");
	ok(open_failed("t", EPERM) == 4, "open EPERM: exit 4");
	ok(open_failed("t", EIO) == 5, "open EIO: exit 5");
	ok(open_failed("t", EISDIR) == 5, "open EISDIR: exit 5");
}

/* parse_args(), what it writes to stderr kept in err (at most 255 bytes). */
static int parse_argv(int argc, char **argv, struct opts *o, char *err)
{
	FILE *saved = stderr;
	struct capture c;
	int rc;

	stderr = cap_open(&c);
	rc = parse_args(argc, argv, o);
	stderr = saved;
	snprintf(err, 256, "%s", cap_close(&c));
	free(c.buf);
	return rc;
}

/* Parse a NULL-terminated argument list; return the exit code. */
static int parse(struct opts *o, char *err, ...)
{
	char *argv[16];
	int argc = 0;
	va_list ap;

	argv[argc++] = "ppc-compat-caps";
	va_start(ap, err);
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	return parse_argv(argc, argv, o, err);
}

/* The entries of a NULL-terminated argument list. */
static int count(const char *const *argv)
{
	int n = 0;

	while (argv[n])
		n++;
	return n;
}

static void test_args(void)
{
	/* Usage errors: exit 2 and the message on stderr, word for word. */
	static const struct {
		const char *argv[5];
		const char *err;
	} bad[] = {
		{ { "p", "--bogus" }, "unknown option '--bogus'" },
		{ { "p", "-j" }, "unknown option '-j'" },
		{ { "p", "power10" }, "unexpected argument 'power10'" },
		{ { "p", "--check" }, "option '--check' needs an argument" },
		{ { "p", "--check", "power8" },
		  "unknown mode 'power8' for --check (power9, power10 or power11)" },
		{ { "p", "--check=" }, "option '--check' needs a non-empty argument" },
		{ { "p", "--device" }, "option '--device' needs an argument" },
		{ { "p", "--sysfs-dir=" }, "option '--sysfs-dir' needs a non-empty argument" },
		{ { "p", "--json=yes" }, "option '--json' takes no argument" },
		{ { "p", "--sysfs=1" }, "option '--sysfs' takes no argument" },
		{ { "p", "--json", "--qemu" }, "'--json' and '--qemu' cannot be combined" },
		{ { "p", "--check", "power9", "--best" },
		  "'--check' and '--best' cannot be combined" },
		{ { "p", "--qemu", "--json" }, "'--qemu' and '--json' cannot be combined" },
		{ { "p", "--jso" }, "unknown option '--jso'" },	/* no abbreviations */
		{ { "p", "--devicex=/x" }, "unknown option '--devicex=/x'" },
	};
	size_t i;
	struct opts o;
	char err[256], want[256];
	int rc;

	rc = parse(&o, err, NULL);
	ok(rc == 0 && o.action == SHOW && !o.use_sysfs &&
	   !strcmp(o.device, "/dev/ppc_compat_caps") &&
	   !strcmp(o.sysfs_dir, "/sys/class/misc/ppc_compat_caps") &&
	   !strcmp(o.cpuinfo, "/proc/cpuinfo"),
	   "no argument: summary, ioctl, the documented default paths");
	ok(parse(&o, err, "--json", NULL) == 0 && o.action == JSON,
	   "--json");
	ok(parse(&o, err, "--qemu", NULL) == 0 && o.action == QEMU,
	   "--qemu");
	ok(parse(&o, err, "--best", NULL) == 0 && o.action == BEST,
	   "--best");
	ok(parse(&o, err, "--check", "power10", NULL) == 0 &&
	   o.action == CHECK && o.check_bit == P10, "--check power10");
	ok(parse(&o, err, "--check=power11", NULL) == 0 &&
	   o.action == CHECK && o.check_bit == P11, "--check=power11");
	ok(parse(&o, err, "--check", "power9", "--check", "power10", NULL) == 0 &&
	   o.check_bit == P10, "the last --check wins");
	ok(parse(&o, err, "--sysfs", "--json", NULL) == 0 && o.use_sysfs &&
	   o.action == JSON, "--sysfs --json");
	ok(parse(&o, err, "--device", "/tmp/d", "--sysfs-dir=/tmp/s",
		 "--cpuinfo", "/tmp/c", NULL) == 0 &&
	   !strcmp(o.device, "/tmp/d") && !strcmp(o.sysfs_dir, "/tmp/s") &&
	   !strcmp(o.cpuinfo, "/tmp/c"), "--device, --sysfs-dir=, --cpuinfo");
	ok(parse(&o, err, "--device=/dev/x", NULL) == 0 &&
	   !strcmp(o.device, "/dev/x"), "--device=PATH");
	ok(parse(&o, err, "--json", "--json", NULL) == 0 &&
	   o.action == JSON, "--json twice is --json");
	ok(parse(&o, err, "--help", NULL) == 0 && o.action == HELP,
	   "--help");
	ok(parse(&o, err, "-h", NULL) == 0 && o.action == HELP, "-h");
	ok(parse(&o, err, "--json", "--help", "--bogus", NULL) == 0 &&
	   o.action == HELP, "--help ends the parsing");
	ok(parse(&o, err, "--version", NULL) == 0 &&
	   o.action == VERSION, "--version");

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		rc = parse_argv(count(bad[i].argv), (char **)bad[i].argv, &o, err);
		snprintf(want, sizeof(want),
			 "ppc-compat-caps: %s; see 'ppc-compat-caps --help'\n", bad[i].err);
		ok(rc == 2 && !strcmp(err, want), "%s: exit 2, \"%s\" (got %d, \"%s\")",
		   bad[i].argv[1], bad[i].err, rc, err);
	}
}

#define NULLS	"\"hypervisor_mask\": null, \"kvm_mask\": null, \"cpu_version\": null, " \
		"\"kvm_hv_loaded\": false, \"removed\": null, " MODULE
#define MODULE	"\"source\": \"module\", \"kvm_answer\": null}\n"
#define V2		.backend = "nested-v2", .have_pvr = 1
/* The module answered, KVM could not check it; the summary's first line. */
#define NOKVM		.why_kvm = "kvm-hv is not loaded"
#define SRC		"source:  the ppc_compat_caps module; no check by " \
			"KVM_PPC_GET_COMPAT_CAPS: kvm-hv is not loaded\n"

static void test_formats(void)
{
	/* A result, and what --json (json) or the summary (show) prints. */
	static const struct {
		struct result r;
		int json;
		const char *want, *what;
	} t[] = {
		{ { V2, .mask = 0x6000000000000000ULL, .pvr = 0x00821200,
		    .have_size = 1, .size = 24 }, 1,
		  "{\"backend\": \"nested-v2\", \"modes\": [\"power10\", \"power9\"], "
		  "\"mask\": \"0x6000000000000000\", \"best\": \"power10\", "
		  "\"raw_pvr\": \"0x00821200\", \"size\": 24, " NULLS,
		  "json: power11 LPAR in power10 mode" },
		{ { .mask = 0 }, 1,
		  "{\"backend\": null, \"modes\": [], \"mask\": \"0x0000000000000000\", "
		  "\"best\": null, \"raw_pvr\": null, \"size\": null, " NULLS,
		  "json: nothing known, empty mask" },
		{ { .backend = "a\"b\\c\n\x01\xc3\xa9" }, 1,
		  "{\"backend\": \"a\\\"b\\\\c\\n\\u0001\\u00c3\\u00a9\", \"modes\": [], "
		  "\"mask\": \"0x0000000000000000\", \"best\": null, "
		  "\"raw_pvr\": null, \"size\": null, " NULLS,
		  "json: backend escaped" },
		{ { .backend = "nested-v1", .have_kvm = 1, .kvm = 0x7000000000000000ULL,
		    .have_cpu_version = 1, .cpu_version = 0x0f000006, .kvm_hv_loaded = 1,
		    .removed = "power11:partition junk power10:x" }, 1,
		  "{\"backend\": \"nested-v1\", \"modes\": [], "
		  "\"mask\": \"0x0000000000000000\", \"best\": null, "
		  "\"raw_pvr\": null, \"size\": null, \"hypervisor_mask\": null, "
		  "\"kvm_mask\": \"0x7000000000000000\", \"cpu_version\": \"0x0f000006\", "
		  "\"kvm_hv_loaded\": true, \"removed\": [{\"mode\": \"power11\", "
		  "\"reason\": \"partition\"}, {\"mode\": \"power10\", \"reason\": \"x\"}], "
		  MODULE,
		  "json: the layers, removed tokens without a colon skipped" },
		{ { V2, .mask = 0x6000000000000000ULL, .pvr = 0x00821200, NOKVM }, 0,
		  SRC "backend: nested-v2\nmodes:   power10 power9\nbest:    power10\n"
		  "raw PVR: 0x00821200 would suggest power11, a mode this host cannot "
		  "give a nested guest; use -M pseries,max-cpu-compat=power10\n",
		  "summary: the raw PVR's trap is named" },
		{ { V2, .mask = 0x6000000000000000ULL, .pvr = 0x00801200, NOKVM }, 0,
		  SRC "backend: nested-v2\nmodes:   power10 power9\nbest:    power10\n",
		  "summary: raw PVR agrees, no raw PVR line" },
		{ { V2, .mask = 0x7000000000000000ULL, .pvr = 0x00801200, NOKVM }, 0,
		  SRC "backend: nested-v2\nmodes:   power11 power10 power9\nbest:    power11\n"
		  "raw PVR: 0x00801200 would suggest power10, older than the best mode power11\n",
		  "summary: raw PVR older than the best mode" },
		{ { .backend = "nested-v1", .have_pvr = 1, .pvr = 0x004e1202, NOKVM }, 0,
		  SRC "backend: nested-v1\nmodes:   none\nbest:    none\n"
		  "raw PVR: 0x004e1202 would suggest power9, a mode this host cannot "
		  "give a nested guest\n",
		  "summary: no mode (power9 in power8 mode)" },
		{ { .mask = 0x4800000000000000ULL, NOKVM }, 0,
		  SRC "backend: unknown\nmodes:   power9\nbest:    power9\n"
		  "other:   0x0800000000000000 (bits this version does not know)\n",
		  "summary: unknown backend and an unknown bit, no PVR" },
		{ { .backend = "nested-v1", .have_kvm = 1, .kvm = 0x7000000000000000ULL,
		    .have_cpu_version = 1, .cpu_version = 0x0f000006, .kvm_hv_loaded = 1,
		    .removed = "abcdefghijklmnopqrstuvwxyz01234:partition "
			       "abcdefghijklmnopqrstuvwxyz012345:partition power9:future",
		    NOKVM }, 0,
		  SRC "backend: nested-v1\nmodes:   none\nbest:    none\n"
		  "kvm:     power11 power10 power9 (what this kernel's KVM can use, "
		  "0x7000000000000000)\nmode:    power10 (cpu-version 0x0f000006)\n"
		  "kvm-hv:  loaded\nremoved: abcdefghijklmnopqrstuvwxyz01234: the partition "
		  "runs in an older compatibility mode; a newer one (on PowerVM, the LPAR's "
		  "processor compatibility mode) brings it back\n"
		  "removed: power9: future (a reason this version does not know)\n",
		  "summary: the layers; a 31-byte mode kept, a 32-byte one skipped" },
		{ { .mask = 0x4000000000000000ULL, .have_pvr = 1, .pvr = 0x004b0201, NOKVM }, 0,
		  SRC "backend: unknown\nmodes:   power9\nbest:    power9\n",
		  "summary: a PVR that suggests no mode has no line" },
		{ { V2, .mask = 0x6000000000000000ULL, .pvr = 0x00801200,
		    .have_kvm_answer = 1, .kvm_answer = 0x6000000000000000ULL }, 0,
		  "source:  the ppc_compat_caps module; KVM_PPC_GET_COMPAT_CAPS agrees\n"
		  "backend: nested-v2\nmodes:   power10 power9\nbest:    power10\n",
		  "summary: KVM checked the module and agrees" },
		{ { V2, .mask = 0x6000000000000000ULL, .pvr = 0x00801200,
		    .have_kvm_answer = 1, .kvm_answer = 0x7000000000000000ULL }, 0,
		  "source:  the ppc_compat_caps module; KVM_PPC_GET_COMPAT_CAPS disagrees: "
		  "power11 power10 power9 (0x7000000000000000)\n"
		  "backend: nested-v2\nmodes:   power10 power9\nbest:    power10\n",
		  "summary: KVM disagrees, the module's answer shown" },
		{ { .have_pvr = 1, .pvr = 0x00821200, .mask = 0x6000000000000000ULL,
		    .from_kvm = 1, .have_kvm_answer = 1, .kvm_answer = 0x6000000000000000ULL,
		    .kvm_hv_loaded = 1 }, 0,
		  "source:  KVM (KVM_PPC_GET_COMPAT_CAPS); the ppc_compat_caps module, not "
		  "loaded, would say why modes are missing\n"
		  "modes:   power10 power9\nbest:    power10\n"
		  "raw PVR: 0x00821200 would suggest power11, a mode this host cannot "
		  "give a nested guest; use -M pseries,max-cpu-compat=power10\n",
		  "summary: KVM's answer, no backend or layers" },
		{ { .have_pvr = 1, .pvr = 0x00821200, .mask = 0x6000000000000000ULL,
		    .have_size = 1, .size = 24, .from_kvm = 1, .have_kvm_answer = 1,
		    .kvm_answer = 0x6000000000000000ULL, .kvm_hv_loaded = 1 }, 1,
		  "{\"backend\": null, \"modes\": [\"power10\", \"power9\"], "
		  "\"mask\": \"0x6000000000000000\", \"best\": \"power10\", "
		  "\"raw_pvr\": \"0x00821200\", \"size\": 24, \"hypervisor_mask\": null, "
		  "\"kvm_mask\": null, \"cpu_version\": null, \"kvm_hv_loaded\": true, "
		  "\"removed\": null, \"source\": \"kvm\", \"kvm_answer\": \"0x6000000000000000\"}\n",
		  "json: KVM's answer" },
	};
	struct capture c;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		if (t[i].json)
			print_json(cap_open(&c), &t[i].r);
		else
			print_show(cap_open(&c), &t[i].r);
		ok_str(cap_close(&c), t[i].want, t[i].what);
		free(c.buf);
	}
}

static int emit_json(char **argv)
{
	struct result r = { 0 };

	r.mask = strtoull(argv[0], NULL, 0);
	if (strcmp(argv[1], "-")) {
		r.have_size = 1;
		r.size = strtoull(argv[1], NULL, 0);
	}
	if (strcmp(argv[2], "-")) {
		r.have_pvr = 1;
		r.pvr = strtoul(argv[2], NULL, 0);
	}
	if (strcmp(argv[3], "-"))
		r.backend = argv[3];
	print_json(stdout, &r);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 6 && !strcmp(argv[1], "json"))
		return emit_json(argv + 2);
	test_bits();
	test_mode_bit();
	test_pvr();
	test_parse_hex();
	test_errno();
	test_args();
	test_formats();
	return tap_done(NULL);
}
