// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the module's pure logic (src/modes.c,
 * src/hcall_status.c, src/request.c), built from the same sources as the
 * module. Expected values come from the architecture and the uapi contract,
 * written out here, never from the code under test.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "caps_logic.h"
#include "logic_cases.h"
#include "tap.h"
#include "user_mem.h"


static const char *errname(long e)
{
	static char buf[24];

	switch (e) {
	case 0: return "0";
	case -ENOTTY: return "-ENOTTY";
	case -EFAULT: return "-EFAULT";
	case -EINVAL: return "-EINVAL";
	case -E2BIG: return "-E2BIG";
	case -ENODEV: return "-ENODEV";
	case -EBUSY: return "-EBUSY";
	case -EPERM: return "-EPERM";
	case -ENOMEM: return "-ENOMEM";
	case -EIO: return "-EIO";
	case -EINTR: return "-EINTR";
	}
	snprintf(buf, sizeof(buf), "%ld", e);
	return buf;
}

/* ---- mode mapping ---- */

static void test_pvrs(const char *what, const struct pcc_pvr_case *t, size_t n,
		      u64 (*fn)(u32))
{
	size_t i;

	tap_plan(what, n);

	for (i = 0; i < n; i++) {
		uint64_t got = fn(t[i].pvr);

		tap_ok(got == t[i].mask, "%s %s -> %#018" PRIx64 " (got %#018" PRIx64 ")",
		       what, t[i].desc, (uint64_t)t[i].mask, got);
	}
}

/*
 * The layers, one row per platform and kernel: what the answer, this
 * kernel's KVM and the removed modes must be, from kvm-hv's rules
 * (kvmhv_nested_init(), kvmppc_set_arch_compat()).
 */
#define PVR_P11	0x00821200
#define PVR_P10	0x00801200
#define PVR_P9	0x004e1202
#define V2	.nested_v2 = true
#define KVM612	.kvm_hv = true, .radix = true, .kvm_v2 = true	/* 6.7 and later */
#define KVM61	.kvm_hv = true, .radix = true			/* nested API v1 only */
#define MODE11	.cpu_version = 0x0f000007, .arch31 = true, .arch300 = true
#define MODE10	.cpu_version = 0x0f000006, .arch31 = true, .arch300 = true
#define MODE9	.cpu_version = 0x0f000005, .arch300 = true

static void test_layers(void)
{
	static const struct {
		const char *what;
		struct pcc_facts f;
		uint64_t answer, kvm;
		const char *removed;
	} t[] = {
		{ "6.12, Power11 mode, v2: its KVM lacks Power11",
		  { V2, KVM612, MODE11, .pvr = PVR_P11, .offered = P11 | P10 | P9 },
		  P10 | P9, P10 | P9, "power11:kvm-mode" },
		{ "7.x, Power11 mode, v2: CPU_FTR_P11_PVR",
		  { V2, KVM612, MODE11, .pvr = PVR_P11, .offered = P11 | P10 | P9,
		    .kvm_p11 = true },
		  P11 | P10 | P9, P11 | P10 | P9, "none" },
		{ "6.12, Power11 in Power10 mode, v2: the partition first",
		  { V2, KVM612, MODE10, .pvr = PVR_P11, .offered = P10 | P9 },
		  P10 | P9, P10 | P9, "power11:partition" },
		{ "Power10 in Power9 mode, v2",
		  { V2, KVM612, MODE9, .pvr = PVR_P10, .offered = P9 },
		  P9, P9, "power10:partition" },
		{ "Power10, v2, the hypervisor withholds Power10",
		  { V2, KVM612, MODE10, .pvr = PVR_P10, .offered = P9 },
		  P9, P10 | P9, "power10:hypervisor" },
		{ "Power10, v2, the hypervisor offers bits nobody knows",
		  { V2, KVM612, MODE10, .pvr = PVR_P10,
		    .offered = P10 | P9 | (1ULL << 59) | 1 },
		  P10 | P9, P10 | P9, "none" },
		{ "6.1 on a v2-only hypervisor: no nested API v2 in its KVM",
		  { V2, KVM61, MODE10, .pvr = PVR_P10, .offered = P10 | P9 },
		  0, 0, "power10:no-nested-v2 power9:no-nested-v2" },
		{ "6.1, Power11 in Power10 mode, v2-only hypervisor",
		  { V2, KVM61, MODE10, .pvr = PVR_P11, .offered = P10 | P9 },
		  0, 0, "power11:partition power10:no-nested-v2 power9:no-nested-v2" },
		{ "6.1, v1: its KVM takes Power10 and Power9 mode",
		  { KVM61, MODE10, .pvr = PVR_P10 }, P10 | P9, P10 | P9, "none" },
		{ "6.12, Power11 mode, v1: kvmppc_set_arch_compat() takes it",
		  { KVM612, MODE11, .pvr = PVR_P11, .kvm_p11 = true },
		  P11 | P10 | P9, P11 | P10 | P9, "none" },
		{ "raw Power11, v1, a KVM without the Power11 logical PVR",
		  { KVM61, .arch31 = true, .arch300 = true, .pvr = PVR_P11 },
		  P10 | P9, P10 | P9, "power11:kvm-mode" },
		{ "raw Power9, v1",
		  { KVM612, .arch300 = true, .pvr = PVR_P9 }, P9, P9, "none" },
		{ "Power9 in Power8 mode, v2: nothing",
		  { V2, KVM612, .cpu_version = 0x0f000004, .pvr = PVR_P9 },
		  0, 0, "power9:partition" },
		{ "hash MMU, v2: kvm-hv refuses to nest",
		  { V2, .kvm_hv = true, .kvm_v2 = true, MODE10, .pvr = PVR_P10,
		    .offered = P10 | P9 },
		  0, 0, "power10:hash-mmu power9:hash-mmu" },
		{ "hash MMU, v1",
		  { .kvm_hv = true, MODE10, .pvr = PVR_P10 },
		  0, 0, "power10:hash-mmu power9:hash-mmu" },
		{ "no kvm-hv in the kernel, v2",
		  { V2, .radix = true, .kvm_v2 = true, MODE10, .pvr = PVR_P10,
		    .offered = P10 | P9 },
		  0, 0, "power10:no-kvm-hv power9:no-kvm-hv" },
		{ "no kvm-hv in the kernel, v1",
		  { .radix = true, MODE9, .pvr = PVR_P9 }, 0, 0, "power9:no-kvm-hv" },
		{ "an unknown newer processor in Power10 mode, v2",
		  { V2, KVM612, MODE10, .pvr = 0x00900100, .offered = P10 | P9 },
		  P10 | P9, P10 | P9, "power11:partition" },
	};
	char buf[PCC_REMOVED_MAX], small[8];
	size_t i, n;

	tap_plan("layers", 3 * ARRAY_SIZE(t) + 2);

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		uint64_t answer = pcc_answer(&t[i].f);
		uint64_t kvm = pcc_kvm_mask(&t[i].f);

		tap_ok(answer == t[i].answer,
		       "%s: answer %#018" PRIx64 " (got %#018" PRIx64 ")",
		       t[i].what, t[i].answer, answer);
		tap_ok(kvm == t[i].kvm,
		       "%s: KVM %#018" PRIx64 " (got %#018" PRIx64 ")",
		       t[i].what, t[i].kvm, kvm);
		memset(buf, 'x', sizeof(buf));
		n = pcc_removed_to_text(&t[i].f, buf, sizeof(buf));
		tap_ok(!strcmp(buf, t[i].removed) && n == strlen(t[i].removed),
		       "%s: removed \"%s\" (got \"%s\")", t[i].what,
		       t[i].removed, buf);
	}
	tap_ok(sizeof(buf) == strlen("power11:no-nested-v2 power10:no-nested-v2 power9:no-nested-v2") + 1,
	       "PCC_REMOVED_MAX holds the longest text and its NUL");
	memset(small, 'x', sizeof(small));
	n = pcc_removed_to_text(&t[6].f, small, sizeof(small));
	tap_ok(n == 7 && !strcmp(small, "power10"),
	       "removed text: a short buffer is truncated and NUL-terminated (got \"%s\")",
	       small);
}

static void test_names(void)
{
	const struct pcc_names_case *t = pcc_names_cases;
	char buf[PCC_NAMES_MAX], small[6];
	const char *newest;
	size_t i, n;

	tap_plan("names", 2 * ARRAY_SIZE(pcc_names_cases) + 3);

	for (i = 0; i < ARRAY_SIZE(pcc_names_cases); i++) {
		memset(buf, 'x', sizeof(buf));
		n = pcc_mask_to_names(t[i].mask, buf, sizeof(buf));
		tap_ok(!strcmp(buf, t[i].names) && n == strlen(t[i].names),
		       "names of %s are \"%s\" (got \"%s\", %zu)",
		       t[i].desc, t[i].names, buf, n);
		newest = pcc_mode_name(t[i].mask);
		tap_ok(t[i].newest ? newest && !strcmp(newest, t[i].newest) : !newest,
		       "newest mode of %s is %s (got %s)", t[i].desc,
		       t[i].newest ?: "none", newest ?: "none");
	}
	tap_ok(sizeof(buf) == strlen("power11 power10 power9") + 1,
	       "PCC_NAMES_MAX holds the longest answer and its NUL");
	memset(small, 'x', sizeof(small));
	n = pcc_mask_to_names(P11 | P10, small, sizeof(small));
	tap_ok(n == 5 && !strcmp(small, "power"),
	       "a short buffer is truncated and NUL-terminated (got \"%s\")", small);
	n = pcc_mask_to_names(P9, small, 0);
	tap_ok(n == 0 && small[0] == 'p', "a zero-length buffer is not touched");
}

/* ---- hcall status -> errno ---- */

static void test_status(void)
{
	const struct pcc_status_case *t = pcc_status_cases;
	size_t i;
	long st;
	int bad = 0;

	tap_plan("status", ARRAY_SIZE(pcc_status_cases) + 1);

	for (i = 0; i < ARRAY_SIZE(pcc_status_cases); i++) {
		int got = pcc_hcall_errno(t[i].status);

		tap_ok(got == t[i].err, "status %ld (%s) -> %s (got %s)",
		       t[i].status, t[i].desc, errname(t[i].err), errname(got));
	}
	/* No status may leak through as an errno or look like success. */
	for (st = -200; st <= 10000; st++) {
		int got = pcc_hcall_errno(st);

		if ((st != 0 && got == 0) || got > 0 || (st == 0 && got) ||
		    (st < 0 && st > -200 && got == st && st != -EINVAL &&
		     st != -EIO && st != -ENODEV && st != -EBUSY &&
		     st != -EPERM && st != -ENOMEM))
			bad++;
	}
	tap_ok(!bad, "statuses -200..10000: 0 only for H_SUCCESS, no status passed through (%d bad)",
	       bad);
}

/* ---- the ioctl contract ---- */

#define OFF	1024			/* where the caller's struct starts */
#define MASK	(P10 | P9)		/* what the module would report */

/* The command a caller built with a 'size'-byte struct sends. */
static unsigned int get_cmd(unsigned int size)
{
	return _IOC(_IOC_READ | _IOC_WRITE, 0xBC, 0x01, size);
}

static void put64(size_t off, uint64_t v)
{
	memcpy(umem.bytes + off, &v, sizeof(v));
}

static uint64_t get64(size_t off)
{
	uint64_t v;

	memcpy(&v, umem.bytes + off, sizeof(v));
	return v;
}

static void setup(uint64_t flags, uint64_t size)
{
	umem_reset(0xa5);
	put64(OFF, flags);
	put64(OFF + 8, size);
	put64(OFF + 16, 0xdeadbeefdeadbeefULL);	/* input: ignored */
}

/* Every user-access window closed, no accessor outside one. */
static int windows_ok(void)
{
	return !umem.open && !umem.misuse;
}

/* An error row: the call fails with 'want' and writes nothing at all. */
static void expect_error(const char *name, unsigned int cmd, long want)
{
	static unsigned char before[UMEM_SIZE];
	long got;

	memcpy(before, umem.bytes, UMEM_SIZE);
	got = pcc_request(cmd, umem.bytes + OFF, MASK);
	tap_ok(got == want && !memcmp(before, umem.bytes, UMEM_SIZE) &&
	       umem_written_outside(0, 0) < 0 && windows_ok(),
	       "%s -> %s (got %s%s%s)", name, errname(want), errname(got),
	       memcmp(before, umem.bytes, UMEM_SIZE) ? ", memory changed" : "",
	       windows_ok() ? "" : ", a user-access window misused");
}

/*
 * A success row: 24 bytes written at OFF, nothing else; one user-access
 * window for a 24-byte caller, two for a larger one (the tail check sits
 * between the reads and the writes).
 */
static void expect_success(const char *name, unsigned int cmd)
{
	long got = pcc_request(cmd, umem.bytes + OFF, MASK);
	int windows = _IOC_SIZE(cmd) == 24 ? 1 : 2;

	tap_ok(got == 0 && get64(OFF) == 0 && get64(OFF + 8) == 24 &&
	       get64(OFF + 16) == MASK && umem_written_outside(OFF, 24) < 0 &&
	       umem.windows == windows && windows_ok(),
	       "%s -> 0, flags 0, size 24, the mask, 24 bytes written, %d user-access window%s (got %s, size %" PRIu64 ", mask %#" PRIx64 ", %d windows)",
	       name, windows, windows > 1 ? "s" : "", errname(got),
	       get64(OFF + 8), get64(OFF + 16), umem.windows);
}

static void test_request(void)
{
	unsigned int sizes[] = { 0, 1, 8, 16, 23 };
	char name[96];
	size_t i;
	int bit;

	/*
	 * 3 constants, 2 successes, 6 + 5 ENOTTY, 3 EFAULT, 6 sizes, 64 flag
	 * bits and 2, 4 zero tails, 16 tail bytes, 2 at the largest size, 2
	 * EFAULT, 2 faults while writing, the empty mask.
	 */
	tap_plan("request", 3 + 2 + 6 + ARRAY_SIZE(sizes) + 3 + 6 + 64 + 2 + 4 + 16 + 2 + 2 + 2 + 1);

	tap_ok(PPC_COMPAT_CAPS_GET == get_cmd(24),
	       "PPC_COMPAT_CAPS_GET is _IOWR(0xBC, 0x01, 24 bytes)");
	tap_ok(sizeof(struct ppc_compat_caps) == 24 &&
	       PPC_COMPAT_CAPS_SIZE_VER0 == 24, "struct ppc_compat_caps is 24 bytes");
	tap_ok(PPC_COMPAT_CAP_POWER9 == P9 && PPC_COMPAT_CAP_POWER10 == P10 &&
	       PPC_COMPAT_CAP_POWER11 == P11 &&
	       PPC_COMPAT_CAP_KNOWN == (P9 | P10 | P11),
	       "mode bits sit where PAPR's H_GUEST_CAP_POWER9/10/11 do");

	setup(0, 24);
	expect_success("size 24", get_cmd(24));
	setup(0, 24);
	umem_protect(OFF + 24, 64, 0);		/* nothing past the struct */
	expect_success("size 24 at the end of accessible memory", get_cmd(24));

	/* ENOTTY */
	setup(0, 24);
	expect_error("type byte 0xBD", _IOC(_IOC_READ | _IOC_WRITE, 0xBD, 1, 24), -ENOTTY);
	expect_error("nr 0x02", _IOC(_IOC_READ | _IOC_WRITE, 0xBC, 2, 24), -ENOTTY);
	expect_error("nr 0x00", _IOC(_IOC_READ | _IOC_WRITE, 0xBC, 0, 24), -ENOTTY);
	expect_error("direction read only (_IOR, as v4)", _IOC(_IOC_READ, 0xBC, 1, 24), -ENOTTY);
	expect_error("direction write only", _IOC(_IOC_WRITE, 0xBC, 1, 24), -ENOTTY);
	expect_error("no direction", _IOC(_IOC_NONE, 0xBC, 1, 24), -ENOTTY);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		setup(0, sizes[i]);
		snprintf(name, sizeof(name), "_IOC_SIZE %u", sizes[i]);
		expect_error(name, get_cmd(sizes[i]), -ENOTTY);
	}

	/* EFAULT while reading */
	setup(0, 24);
	umem_protect(OFF, 24, 0);
	expect_error("unreadable struct", get_cmd(24), -EFAULT);
	setup(0, 24);
	umem_protect(OFF + 16, 8, 0);
	expect_error("struct readable for 16 of 24 bytes", get_cmd(24), -EFAULT);
	setup(0, 24);
	tap_ok(pcc_request(get_cmd(24), NULL, MASK) == -EFAULT, "NULL -> -EFAULT");

	/* EINVAL: size */
	setup(0, 0);
	expect_error("size 0", get_cmd(24), -EINVAL);
	setup(0, 23);
	expect_error("size 23", get_cmd(24), -EINVAL);
	setup(0, 25);
	expect_error("size 25 with _IOC_SIZE 24", get_cmd(24), -EINVAL);
	setup(0, 24);
	expect_error("size 24 with _IOC_SIZE 32", get_cmd(32), -EINVAL);
	setup(0, 1ULL << 63);
	expect_error("size 2^63", get_cmd(24), -EINVAL);
	setup(0, 24 + (1ULL << 32));
	expect_error("size 2^32 + 24 (no truncation to 24)", get_cmd(24), -EINVAL);

	/* EINVAL: every reserved flag bit, and flags before the tail */
	for (bit = 0; bit < 64; bit++) {
		setup(1ULL << bit, 24);
		snprintf(name, sizeof(name), "flags bit %d", bit);
		expect_error(name, get_cmd(24), -EINVAL);
	}
	setup(1, 32);
	umem.bytes[OFF + 31] = 1;
	expect_error("flags set and a non-zero tail (flags win)", get_cmd(32), -EINVAL);
	setup(1, 16);
	expect_error("flags set and size 16", get_cmd(24), -EINVAL);

	/* Larger callers: zero tails succeed, any non-zero byte is E2BIG */
	for (i = 25; i <= 64; i += 13) {
		setup(0, i);
		memset(umem.bytes + OFF + 24, 0, i - 24);
		umem_protect(OFF + 24, i - 24, UMEM_R);	/* a write would fail */
		snprintf(name, sizeof(name), "size %zu, zero tail (read-only)", i);
		expect_success(name, get_cmd(i));
	}
	for (i = 24; i < 40; i++) {
		setup(0, 40);
		memset(umem.bytes + OFF + 24, 0, 16);
		umem.bytes[OFF + i] = 0x80;
		snprintf(name, sizeof(name), "size 40, byte %zu of the tail set", i);
		expect_error(name, get_cmd(40), -E2BIG);
	}
	i = (1u << _IOC_SIZEBITS) - 1;
	setup(0, i);
	memset(umem.bytes + OFF + 24, 0, i - 24);
	snprintf(name, sizeof(name), "size %zu (largest _IOC_SIZE), zero tail", i);
	expect_success(name, get_cmd(i));
	setup(0, i);
	memset(umem.bytes + OFF + 24, 0, i - 24);
	umem.bytes[OFF + i - 1] = 1;
	snprintf(name, sizeof(name), "size %zu, last byte set", i);
	expect_error(name, get_cmd(i), -E2BIG);

	/* EFAULT in the tail, and while writing */
	setup(0, 32);
	memset(umem.bytes + OFF + 24, 0, 8);
	umem_protect(OFF + 28, 4, 0);
	expect_error("size 32, tail partly unreadable", get_cmd(32), -EFAULT);
	setup(0, 24);
	umem_protect(OFF, 24, UMEM_R);
	expect_error("read-only struct", get_cmd(24), -EFAULT);
	/*
	 * A fault while writing: flags and size are written first, with the
	 * values they hold, so a 24-byte caller's bytes stay as they were.
	 */
	for (i = 8; i < 24; i += 8) {
		static unsigned char before[UMEM_SIZE];
		long got;

		setup(0, 24);
		umem_protect(OFF + i, 24 - i, UMEM_R);
		memcpy(before, umem.bytes, UMEM_SIZE);
		got = pcc_request(get_cmd(24), umem.bytes + OFF, MASK);
		tap_ok(got == -EFAULT && !memcmp(before, umem.bytes, UMEM_SIZE) &&
		       umem_written_outside(OFF, i) < 0 && windows_ok(),
		       "struct writable for %zu of 24 bytes -> -EFAULT, its bytes as they were",
		       i);
	}

	/* An empty mask is an answer, not an error. */
	setup(0, 24);
	tap_ok(pcc_request(get_cmd(24), umem.bytes + OFF, 0) == 0 &&
	       get64(OFF + 16) == 0 && get64(OFF + 8) == 24,
	       "empty mask -> 0 with compat_capabilities 0");
}

long pcc_request_k32(unsigned int cmd, void *arg, u64 mask);

/*
 * The same logic with a module struct grown to 32 bytes (request_k32.c):
 * row: the caller's size, a byte set in its struct past 24 (0: none), and
 * what the uapi header promises it: the errno, the size written back.
 */
static void test_grown_struct(void)
{
	static const struct {
		const char *who;
		unsigned int usize, set_at;
		long want;
		uint64_t size;
	} t[] = {
		{ "older caller (24)", 24, 0, 0, 24 },
		{ "older caller (24), bytes 24..31 unreadable", 24, 0, 0, 24 },
		{ "equal caller (32)", 32, 0, 0, 32 },
		{ "equal caller (32), byte 24 set: an output, ignored", 32, 24, 0, 32 },
		{ "newer caller (40), zero tail", 40, 0, 0, 32 },
		{ "newer caller (40), byte 31 set: the module's field", 40, 31, 0, 32 },
		{ "newer caller (40), byte 32 set", 40, 32, -E2BIG, 0 },
		{ "newer caller (40), byte 39 set", 40, 39, -E2BIG, 0 },
	};
	static unsigned char before[UMEM_SIZE];
	size_t i, reply;
	long got;
	int ok;

	tap_plan("grown-struct", ARRAY_SIZE(t));

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		setup(0, t[i].usize);
		memset(umem.bytes + OFF + 24, 0, t[i].usize - 24);
		if (t[i].set_at)
			umem.bytes[OFF + t[i].set_at] = 0x80;
		if (i == 1)
			umem_protect(OFF + 24, 8, 0);
		memcpy(before, umem.bytes, UMEM_SIZE);
		got = pcc_request_k32(get_cmd(t[i].usize), umem.bytes + OFF, MASK);
		reply = t[i].usize < 32 ? t[i].usize : 32;
		if (t[i].want)
			ok = got == t[i].want && !memcmp(before, umem.bytes, UMEM_SIZE) &&
			     umem_written_outside(0, 0) < 0;
		else
			ok = got == 0 && get64(OFF) == 0 && get64(OFF + 8) == t[i].size &&
			     get64(OFF + 16) == MASK &&
			     (reply < 32 || get64(OFF + 24) == 0) &&
			     umem_written_outside(OFF, reply) < 0;
		tap_ok(ok && windows_ok(),
		       "32-byte module, %s -> %s, size %" PRIu64 ", %zu bytes written (got %s, size %" PRIu64 ")",
		       t[i].who, errname(t[i].want), t[i].size,
		       t[i].want ? (size_t)0 : reply, errname(got), get64(OFF + 8));
	}
}

int main(void)
{
	test_pvrs("cpu-version", pcc_cpu_version_cases, ARRAY_SIZE(pcc_cpu_version_cases),
		  pcc_mask_from_cpu_version);
	test_pvrs("raw PVR", pcc_raw_pvr_cases, ARRAY_SIZE(pcc_raw_pvr_cases),
		  pcc_mask_from_raw_pvr);
	test_layers();
	test_names();
	test_status();
	test_request();
	test_grown_struct();
	return tap_done("unit");
}
