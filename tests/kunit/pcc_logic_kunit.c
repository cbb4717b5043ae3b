// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites of ppc_compat_caps' pure logic: src/modes.c,
 * src/hcall_status.c and src/request.c, linked into a test module of their
 * own from the same sources the module builds. tests/unit/ runs the same
 * logic on the host; here it runs as the kernel compiles it, under the debug
 * kernel's KASAN, UBSAN and lockdep, and request.c meets real user memory:
 * a kunit_vm_mmap() area with unmapped and read-only pages.
 *
 * Expected values come from the architecture and the uapi contract
 * (README.md, include/uapi/ppc_compat_caps.h), written out here, never
 * from the code under test.
 */
#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/highmem.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "caps_logic.h"
#include "logic_cases.h"

/* ---- mode mapping ---- */

/* One PVR case through FN, the mapping under test. */
static void pcc_pvr_check(struct kunit *test, u64 (*fn)(u32))
{
	const struct pcc_pvr_case *c = test->param_value;
	u64 got = fn(c->pvr);

	KUNIT_EXPECT_EQ_MSG(test, got, c->mask, "%#010x -> %#018llx, want %#018llx",
			    c->pvr, got, c->mask);
}

KUNIT_ARRAY_PARAM_DESC(pcc_cpu_version, pcc_cpu_version_cases, desc);
KUNIT_ARRAY_PARAM_DESC(pcc_raw_pvr, pcc_raw_pvr_cases, desc);

static void pcc_cpu_version_test(struct kunit *test)
{
	pcc_pvr_check(test, pcc_mask_from_cpu_version);
}

static void pcc_raw_pvr_test(struct kunit *test)
{
	pcc_pvr_check(test, pcc_mask_from_raw_pvr);
}

struct pcc_kvm_case {
	struct pcc_facts f;
	u64 mask;
	const char *desc;
};

#define PCC_V2	.nested_v2 = true, .kvm_hv = true, .radix = true, .kvm_v2 = true

/*
 * kvmhv_nested_init(): over nested API v2 each CPU feature adds its own
 * mode, nothing more; a KVM without that API, without kvm-hv or under the
 * hash MMU gives nothing.
 */
static const struct pcc_kvm_case pcc_kvm_cases[] = {
	{ { PCC_V2 }, 0, "no feature" },
	{ { PCC_V2, .arch300 = true }, P9, "ARCH_300" },
	{ { PCC_V2, .arch31 = true }, P10, "ARCH_31" },
	{ { PCC_V2, .arch31 = true, .arch300 = true }, P10 | P9, "ARCH_31 ARCH_300" },
	{ { PCC_V2, .kvm_p11 = true, .arch31 = true, .arch300 = true },
	  P11 | P10 | P9, "P11_PVR ARCH_31 ARCH_300" },
	{ { .nested_v2 = true, .kvm_hv = true, .radix = true, .arch31 = true,
	    .arch300 = true }, 0, "no nested API v2 in KVM" },
	{ { .nested_v2 = true, .kvm_hv = true, .kvm_v2 = true, .arch31 = true,
	    .arch300 = true }, 0, "hash MMU" },
	{ { .nested_v2 = true, .radix = true, .kvm_v2 = true, .arch31 = true,
	    .arch300 = true }, 0, "no kvm-hv" },
	{ { .kvm_hv = true, .radix = true, .arch31 = true, .arch300 = true },
	  P10 | P9, "nested-v1, a KVM without nested API v2" },
};

KUNIT_ARRAY_PARAM_DESC(pcc_kvm, pcc_kvm_cases, desc);

static void pcc_kvm_mask_test(struct kunit *test)
{
	const struct pcc_kvm_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, pcc_kvm_mask(&c->f), c->mask);
}

KUNIT_ARRAY_PARAM_DESC(pcc_names, pcc_names_cases, desc);

static void pcc_names_test(struct kunit *test)
{
	const struct pcc_names_case *c = test->param_value;
	char buf[PCC_NAMES_MAX];
	size_t n;

	memset(buf, 'x', sizeof(buf));
	n = pcc_mask_to_names(c->mask, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, c->names);
	KUNIT_EXPECT_EQ(test, n, strlen(c->names));
	if (c->newest)
		KUNIT_EXPECT_STREQ(test, pcc_mode_name(c->mask), c->newest);
	else
		KUNIT_EXPECT_NULL(test, pcc_mode_name(c->mask));
}

static void pcc_names_buffer_test(struct kunit *test)
{
	char small[6];
	size_t n;

	KUNIT_EXPECT_EQ(test, PCC_NAMES_MAX, strlen("power11 power10 power9") + 1);

	memset(small, 'x', sizeof(small));
	n = pcc_mask_to_names(P11 | P10, small, sizeof(small));
	KUNIT_EXPECT_EQ(test, n, 5);
	KUNIT_EXPECT_STREQ(test, small, "power");

	n = pcc_mask_to_names(P9, small, 0);
	KUNIT_EXPECT_EQ(test, n, 0);
	KUNIT_EXPECT_EQ_MSG(test, small[0], 'p', "a zero-length buffer is not touched");
}

/* ---- hcall status -> errno ---- */

KUNIT_ARRAY_PARAM_DESC(pcc_status, pcc_status_cases, desc);

static void pcc_status_test(struct kunit *test)
{
	const struct pcc_status_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, pcc_hcall_errno(c->status), c->err);
}

/* No status may pass through as an errno or look like success. */
static void pcc_status_sweep_test(struct kunit *test)
{
	static const int errnos[] = {
		-ENODEV, -EINVAL, -EBUSY, -EPERM, -ENOMEM, -EIO,
	};
	long st;
	size_t i;
	int got, bad = 0;
	bool listed;

	for (st = -200; st <= 10000; st++) {
		got = pcc_hcall_errno(st);
		listed = false;
		for (i = 0; i < ARRAY_SIZE(errnos); i++)
			listed |= got == errnos[i];
		if (st ? !listed : got != 0) {
			if (!bad++)
				KUNIT_FAIL(test, "status %ld -> %d", st, got);
		}
	}
	KUNIT_EXPECT_EQ_MSG(test, bad, 0, "statuses -200..10000 mapped outside the table");
}

static struct kunit_case pcc_logic_cases[] = {
	KUNIT_CASE_PARAM(pcc_cpu_version_test, pcc_cpu_version_gen_params),
	KUNIT_CASE_PARAM(pcc_raw_pvr_test, pcc_raw_pvr_gen_params),
	KUNIT_CASE_PARAM(pcc_kvm_mask_test, pcc_kvm_gen_params),
	KUNIT_CASE_PARAM(pcc_names_test, pcc_names_gen_params),
	KUNIT_CASE(pcc_names_buffer_test),
	KUNIT_CASE_PARAM(pcc_status_test, pcc_status_gen_params),
	KUNIT_CASE(pcc_status_sweep_test),
	{}
};

static struct kunit_suite pcc_logic_suite = {
	.name = "ppc_compat_caps_logic",
	.test_cases = pcc_logic_cases,
};

/* ---- the ioctl contract, against real user memory ---- */

/*
 * The caller's memory: chunks of whole pages, each big enough for the
 * largest _IOC_SIZE past an offset of 1024, each mapped with its own
 * protection so that a struct can end exactly where reading or writing
 * stops being possible.
 */
#define PCC_CHUNK	ALIGN(SZ_32K, PAGE_SIZE)

/* 8191 on powerpc, whose _IOC_SIZEBITS is 13; 16383 elsewhere. */
#define PCC_IOC_SIZE_MAX	((1U << _IOC_SIZEBITS) - 1)

enum pcc_prot { PCC_RW, PCC_NONE, PCC_RO };

static const enum pcc_prot pcc_layout[] = {
	PCC_RW,		/* 0: ends where nothing is mapped */
	PCC_NONE,	/* 1 */
	PCC_RW,		/* 2: ends where read-only zeros start */
	PCC_RO,		/* 3: zeros */
	PCC_RW,		/* 4: the ordinary place of a struct */
	PCC_RO,		/* 5: read-only, with a struct in it */
};

#define PCC_CHUNKS	ARRAY_SIZE(pcc_layout)
#define AT(chunk, off)	((long)(chunk) * (long)PCC_CHUNK + (off))
#define PCC_MID		AT(4, 1024)
#define PCC_AT_NULL	(-1L)

/* What a caller built with a struct of @size bytes sends (type 0xBC, nr 1). */
#define GET(size)	_IOC(_IOC_READ | _IOC_WRITE, 0xBC, 0x01, (size))

#define MASK		(P10 | P9)	/* what the module would report */
#define JUNK		0xdeadbeefdeadbeefULL	/* input in compat_capabilities */

struct pcc_umem {
	u8 __user *base;
	u8 *before[PCC_CHUNKS];		/* what the caller's memory held */
	u8 *now;			/* one chunk, read back after the call */
	u8 *fill;			/* one chunk of 0xa5 */
	u8 *zero;			/* one chunk of zeros */
};

/*
 * One call: the struct at @at holds @flags and @size, then zeros up to
 * _IOC_SIZE(@cmd) (bytes past 24, the tail) with @tail_set, when not 0,
 * set non-zero. Bytes where nothing is mapped do not exist.
 */
struct pcc_req_row {
	const char *desc;
	long at;
	u64 flags;
	u64 size;
	unsigned int cmd;
	unsigned int tail_set;
	u64 mask;
	long want;
	bool may_write_partly;	/* a fault while writing the result */
};

static int pcc_req_init(struct kunit *test)
{
	struct pcc_umem *u;
	unsigned long base, addr;
	size_t i;

	u = kunit_kzalloc(test, sizeof(*u), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, u);
	for (i = 0; i < PCC_CHUNKS; i++) {
		u->before[i] = kunit_kmalloc(test, PCC_CHUNK, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, u->before[i]);
	}
	u->now = kunit_kmalloc(test, PCC_CHUNK, GFP_KERNEL);
	u->fill = kunit_kmalloc(test, PCC_CHUNK, GFP_KERNEL);
	u->zero = kunit_kzalloc(test, PCC_CHUNK, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, u->now);
	KUNIT_ASSERT_NOT_NULL(test, u->fill);
	KUNIT_ASSERT_NOT_NULL(test, u->zero);
	memset(u->fill, 0xa5, PCC_CHUNK);

	base = kunit_vm_mmap(test, NULL, 0, PCC_CHUNKS * PCC_CHUNK,
			     PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_FALSE_MSG(test, !base || IS_ERR_VALUE(base),
			       "cannot map user memory (%ld)", (long)base);
	for (i = 0; i < PCC_CHUNKS; i++) {
		if (pcc_layout[i] == PCC_RW)
			continue;
		addr = kunit_vm_mmap(test, NULL, base + i * PCC_CHUNK, PCC_CHUNK,
				     pcc_layout[i] == PCC_RO ? PROT_READ : PROT_NONE,
				     MAP_ANONYMOUS | MAP_PRIVATE | MAP_FIXED, 0);
		KUNIT_ASSERT_EQ_MSG(test, addr, base + i * PCC_CHUNK,
				    "cannot protect chunk %zu", i);
	}
	u->base = (u8 __user *)base;
	test->priv = u;
	return 0;
}

/*
 * Write into a read-only page the way a debugger does (FOLL_FORCE): the
 * test cannot mprotect() its mapping after filling it.
 */
static void pcc_poke_ro(struct kunit *test, unsigned long uaddr,
			const void *src, size_t len)
{
	struct mm_struct *mm = current->mm;
	struct page *page;
	void *kaddr;
	long got;

	mmap_read_lock(mm);
	got = get_user_pages_remote(mm, uaddr & PAGE_MASK, 1,
				    FOLL_WRITE | FOLL_FORCE, &page, NULL);
	mmap_read_unlock(mm);
	KUNIT_ASSERT_EQ_MSG(test, got, 1, "cannot reach the read-only page");
	kaddr = kmap_local_page(page);
	memcpy(kaddr + offset_in_page(uaddr), src, len);
	kunmap_local(kaddr);
	put_page(page);
}

/* Put @len bytes at offset @off of the caller's memory, where it is mapped. */
static void pcc_uwrite(struct kunit *test, struct pcc_umem *u, long off,
		       const void *src, size_t len)
{
	unsigned long uaddr;
	size_t n;

	while (len) {
		n = min_t(size_t, len, PCC_CHUNK - off % PCC_CHUNK);
		uaddr = (unsigned long)u->base + off;
		switch (pcc_layout[off / PCC_CHUNK]) {
		case PCC_RW:
			KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)uaddr, src, n), 0);
			break;
		case PCC_RO:
			n = min_t(size_t, n, PAGE_SIZE - offset_in_page(uaddr));
			pcc_poke_ro(test, uaddr, src, n);
			break;
		case PCC_NONE:
			break;
		}
		off += n;
		src += n;
		len -= n;
	}
}

static void pcc_snapshot(struct kunit *test, struct pcc_umem *u)
{
	size_t i;

	for (i = 0; i < PCC_CHUNKS; i++)
		if (pcc_layout[i] != PCC_NONE)
			KUNIT_ASSERT_EQ(test, copy_from_user(u->before[i],
							     u->base + i * PCC_CHUNK,
							     PCC_CHUNK), 0);
}

/* Compare the caller's memory with the snapshot; report the first change. */
static void pcc_expect_memory(struct kunit *test, struct pcc_umem *u)
{
	size_t i, j;

	for (i = 0; i < PCC_CHUNKS; i++) {
		if (pcc_layout[i] == PCC_NONE)
			continue;
		KUNIT_ASSERT_EQ(test, copy_from_user(u->now, u->base + i * PCC_CHUNK,
						     PCC_CHUNK), 0);
		if (!memcmp(u->now, u->before[i], PCC_CHUNK))
			continue;
		for (j = 0; u->now[j] == u->before[i][j]; j++)
			;
		KUNIT_FAIL(test, "byte %ld of the area: %#x, want %#x",
			   AT(i, (long)j), u->now[j], u->before[i][j]);
		return;
	}
}

static void pcc_run_row(struct kunit *test, const struct pcc_req_row *r)
{
	struct pcc_umem *u = test->priv;
	size_t usize = _IOC_SIZE(r->cmd);
	u64 head[3] = { r->flags, r->size, JUNK };
	u64 reply[3] = { 0, PPC_COMPAT_CAPS_SIZE_VER0, r->mask };
	void __user *arg = NULL;
	const u8 *p = (const u8 *)reply;
	u8 set = 0x80;
	size_t i;
	long got;

	for (i = 0; i < PCC_CHUNKS; i++)
		if (pcc_layout[i] == PCC_RW)
			KUNIT_ASSERT_EQ(test, copy_to_user(u->base + i * PCC_CHUNK,
							   u->fill, PCC_CHUNK), 0);
	if (r->at != PCC_AT_NULL) {
		pcc_uwrite(test, u, r->at, head, sizeof(head));
		if (usize > sizeof(head))
			pcc_uwrite(test, u, r->at + sizeof(head), u->zero,
				   usize - sizeof(head));
		if (r->tail_set)
			pcc_uwrite(test, u, r->at + r->tail_set, &set, 1);
		arg = u->base + r->at;
	}
	pcc_snapshot(test, u);

	got = pcc_request(r->cmd, arg, r->mask);
	KUNIT_EXPECT_EQ(test, got, r->want);

	if (r->may_write_partly)
		return;
	/* Success writes exactly the 24-byte reply; an error writes nothing. */
	if (!r->want)
		for (i = 0; i < sizeof(reply); i++)
			u->before[(r->at + i) / PCC_CHUNK][(r->at + i) % PCC_CHUNK] = p[i];
	pcc_expect_memory(test, u);
}

static const struct pcc_req_row pcc_req_rows[] = {
	/* success */
	{ "size 24", PCC_MID, 0, 24, GET(24), 0, MASK, 0 },
	{ "size 24 at the end of what is mapped", AT(1, -24), 0, 24, GET(24), 0, MASK, 0 },
	{ "empty mask: 0 with compat_capabilities 0", PCC_MID, 0, 24, GET(24), 0, 0, 0 },
	/* ENOTTY: not our command */
	{ "type byte 0xBD", PCC_MID, 0, 24,
	  _IOC(_IOC_READ | _IOC_WRITE, 0xBD, 0x01, 24), 0, MASK, -ENOTTY },
	{ "nr 0x02", PCC_MID, 0, 24,
	  _IOC(_IOC_READ | _IOC_WRITE, 0xBC, 0x02, 24), 0, MASK, -ENOTTY },
	{ "nr 0x00", PCC_MID, 0, 24,
	  _IOC(_IOC_READ | _IOC_WRITE, 0xBC, 0x00, 24), 0, MASK, -ENOTTY },
	{ "read only (_IOR, as v4)", PCC_MID, 0, 24,
	  _IOC(_IOC_READ, 0xBC, 0x01, 24), 0, MASK, -ENOTTY },
	{ "write only", PCC_MID, 0, 24, _IOC(_IOC_WRITE, 0xBC, 0x01, 24), 0, MASK, -ENOTTY },
	{ "no direction", PCC_MID, 0, 24, _IOC(_IOC_NONE, 0xBC, 0x01, 24), 0, MASK, -ENOTTY },
	{ "_IOC_SIZE 0", PCC_MID, 0, 0, GET(0), 0, MASK, -ENOTTY },
	{ "_IOC_SIZE 1", PCC_MID, 0, 1, GET(1), 0, MASK, -ENOTTY },
	{ "_IOC_SIZE 8", PCC_MID, 0, 8, GET(8), 0, MASK, -ENOTTY },
	{ "_IOC_SIZE 16", PCC_MID, 0, 16, GET(16), 0, MASK, -ENOTTY },
	{ "_IOC_SIZE 23", PCC_MID, 0, 23, GET(23), 0, MASK, -ENOTTY },
	/* EFAULT while reading */
	{ "struct where nothing is mapped", AT(1, 0), 0, 24, GET(24), 0, MASK, -EFAULT },
	{ "struct mapped for 16 of 24 bytes", AT(1, -16), 0, 24, GET(24), 0, MASK, -EFAULT },
	{ "NULL", PCC_AT_NULL, 0, 24, GET(24), 0, MASK, -EFAULT },
	/* EINVAL: size */
	{ "size 0", PCC_MID, 0, 0, GET(24), 0, MASK, -EINVAL },
	{ "size 23", PCC_MID, 0, 23, GET(24), 0, MASK, -EINVAL },
	{ "size 25 with _IOC_SIZE 24", PCC_MID, 0, 25, GET(24), 0, MASK, -EINVAL },
	{ "size 24 with _IOC_SIZE 32", PCC_MID, 0, 24, GET(32), 0, MASK, -EINVAL },
	{ "size 2^63", PCC_MID, 0, BIT_ULL(63), GET(24), 0, MASK, -EINVAL },
	{ "size 2^32 + 24 (no truncation to 24)", PCC_MID, 0, BIT_ULL(32) + 24, GET(24), 0,
	  MASK, -EINVAL },
	/* EINVAL: flags, checked before the tail */
	{ "flags set and a non-zero tail: flags win", PCC_MID, 1, 32, GET(32), 31, MASK,
	  -EINVAL },
	{ "flags set and size 16", PCC_MID, 1, 16, GET(24), 0, MASK, -EINVAL },
	/* larger callers: a zero tail succeeds, and is only read */
	{ "size 25, zero read-only tail", AT(3, -24), 0, 25, GET(25), 0, MASK, 0 },
	{ "size 38, zero read-only tail", AT(3, -24), 0, 38, GET(38), 0, MASK, 0 },
	{ "size 51, zero read-only tail", AT(3, -24), 0, 51, GET(51), 0, MASK, 0 },
	{ "size 64, zero read-only tail", AT(3, -24), 0, 64, GET(64), 0, MASK, 0 },
	{ "largest _IOC_SIZE, zero tail", PCC_MID, 0, PCC_IOC_SIZE_MAX, GET(PCC_IOC_SIZE_MAX),
	  0, MASK, 0 },
	{ "largest _IOC_SIZE, last byte set", PCC_MID, 0, PCC_IOC_SIZE_MAX,
	  GET(PCC_IOC_SIZE_MAX), PCC_IOC_SIZE_MAX - 1, MASK, -E2BIG },
	/* EFAULT in the tail, and while writing */
	{ "size 32, tail mapped for 4 of 8 bytes", AT(1, -28), 0, 32, GET(32), 0, MASK,
	  -EFAULT },
	{ "read-only struct", AT(5, 1024), 0, 24, GET(24), 0, MASK, -EFAULT },
	{ "struct writable for 8 of 24 bytes", AT(5, -8), 0, 24, GET(24), 0, MASK, -EFAULT,
	  true },
};

KUNIT_ARRAY_PARAM_DESC(pcc_req, pcc_req_rows, desc);

static void pcc_request_row_test(struct kunit *test)
{
	pcc_run_row(test, test->param_value);
}

/*
 * Every reserved flag bit on its own, and every byte of a 16-byte tail on
 * its own: parameters are only positions in these arrays.
 */
static const u8 pcc_flag_bits[64];
static const u8 pcc_tail_bytes[16];

static const void *pcc_flag_bit_gen_params(const void *prev, char *desc)
{
	const u8 *next = prev ? (const u8 *)prev + 1 : pcc_flag_bits;

	if (next == pcc_flag_bits + ARRAY_SIZE(pcc_flag_bits))
		return NULL;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "flags bit %td", next - pcc_flag_bits);
	return next;
}

static void pcc_request_flag_bit_test(struct kunit *test)
{
	unsigned int bit = (const u8 *)test->param_value - pcc_flag_bits;
	struct pcc_req_row r = {
		.at = PCC_MID, .flags = BIT_ULL(bit), .size = 24, .cmd = GET(24),
		.mask = MASK, .want = -EINVAL,
	};

	pcc_run_row(test, &r);
}

static const void *pcc_tail_byte_gen_params(const void *prev, char *desc)
{
	const u8 *next = prev ? (const u8 *)prev + 1 : pcc_tail_bytes;

	if (next == pcc_tail_bytes + ARRAY_SIZE(pcc_tail_bytes))
		return NULL;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "size 40, byte %td set",
		 24 + (next - pcc_tail_bytes));
	return next;
}

static void pcc_request_tail_byte_test(struct kunit *test)
{
	unsigned int byte = 24 + ((const u8 *)test->param_value - pcc_tail_bytes);
	struct pcc_req_row r = {
		.at = PCC_MID, .size = 40, .cmd = GET(40), .tail_set = byte,
		.mask = MASK, .want = -E2BIG,
	};

	pcc_run_row(test, &r);
}

/* The published ABI: the command, the layout and the bits. */
static void pcc_request_abi_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, PPC_COMPAT_CAPS_GET, GET(24));
	KUNIT_EXPECT_EQ(test, sizeof(struct ppc_compat_caps), 24);
	KUNIT_EXPECT_EQ(test, PPC_COMPAT_CAPS_SIZE_VER0, 24);
	KUNIT_EXPECT_EQ(test, offsetof(struct ppc_compat_caps, flags), 0);
	KUNIT_EXPECT_EQ(test, offsetof(struct ppc_compat_caps, size), 8);
	KUNIT_EXPECT_EQ(test, offsetof(struct ppc_compat_caps, compat_capabilities), 16);
	KUNIT_EXPECT_EQ(test, PPC_COMPAT_CAP_POWER9, P9);
	KUNIT_EXPECT_EQ(test, PPC_COMPAT_CAP_POWER10, P10);
	KUNIT_EXPECT_EQ(test, PPC_COMPAT_CAP_POWER11, P11);
	KUNIT_EXPECT_EQ(test, PPC_COMPAT_CAP_KNOWN, P11 | P10 | P9);
}

static struct kunit_case pcc_request_cases[] = {
	KUNIT_CASE(pcc_request_abi_test),
	KUNIT_CASE_PARAM(pcc_request_row_test, pcc_req_gen_params),
	KUNIT_CASE_PARAM(pcc_request_flag_bit_test, pcc_flag_bit_gen_params),
	KUNIT_CASE_PARAM(pcc_request_tail_byte_test, pcc_tail_byte_gen_params),
	{}
};

static struct kunit_suite pcc_request_suite = {
	.name = "ppc_compat_caps_request",
	.init = pcc_req_init,
	.test_cases = pcc_request_cases,
};

kunit_test_suites(&pcc_logic_suite, &pcc_request_suite);

MODULE_DESCRIPTION("KUnit tests of ppc_compat_caps' pure logic");
MODULE_LICENSE("GPL");
