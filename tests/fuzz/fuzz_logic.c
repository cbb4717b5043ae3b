// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the module's pure logic. The first input byte picks
 * what to fuzz; every property is checked here and a violation aborts:
 * - request: pcc_request() on simulated user memory (bytes, permissions
 *   and command from the input) agrees with a model of the uapi contract,
 *   writes nothing on error but a faulting reply, and on success exactly
 *   the 24-byte reply;
 * - mapping: masks are cumulative subsets of the known modes, and names
 *   name exactly the mode bits;
 * - status: no hcall status becomes success or a positive value.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "caps_logic.h"
#include "user_mem.h"

#define OFF	64

static void fail(const char *what)
{
	fprintf(stderr, "property violated: %s\n", what);
	abort();
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/* The contract, for memory that is all readable (see the uapi header). */
static long model(unsigned int cmd, const unsigned char *buf)
{
	size_t usize = _IOC_SIZE(cmd), i;

	if (_IOC_TYPE(cmd) != 0xBC || _IOC_NR(cmd) != 1 ||
	    _IOC_DIR(cmd) != (_IOC_READ | _IOC_WRITE) || usize < 24)
		return -ENOTTY;
	if (get64(buf + 8) < 24 || get64(buf + 8) != usize || get64(buf))
		return -EINVAL;
	for (i = 24; i < usize; i++)
		if (buf[i])
			return -E2BIG;
	return 0;
}

static void fuzz_request(const uint8_t *d, size_t n)
{
	static unsigned char before[UMEM_SIZE];
	unsigned int cmd, sel;
	uint64_t mask;
	size_t body, i;
	int all_access;
	long got;

	if (n < 13)
		return;
	sel = d[0];
	/* Mostly commands near ours, sometimes anything. */
	memcpy(&cmd, d + 1, 4);
	if (sel & 1)
		cmd = _IOC(_IOC_READ | _IOC_WRITE, 0xBC, 1, cmd & _IOC_SIZEMASK);
	memcpy(&mask, d + 5, 8);
	d += 13;
	n -= 13;
	umem_reset(0);
	body = n < UMEM_SIZE - OFF ? n : UMEM_SIZE - OFF;
	memcpy(umem.bytes + OFF, d, body);
	if (sel & 2)		/* keep the header plausible */
		memcpy(umem.bytes + OFF + 8, &(uint64_t){ _IOC_SIZE(cmd) }, 8);
	all_access = !(sel & 4);
	if (!all_access) {
		/* Permissions from the input, two bits a byte. */
		for (i = 0; i + 1 < body && i / 4 < 4096; i++)
			umem.perm[OFF + i] = (d[i / 4] >> ((i % 4) * 2)) & 3;
	}
	memcpy(before, umem.bytes, UMEM_SIZE);
	got = pcc_request(cmd, umem.bytes + OFF, mask);

	if (got != 0 && got != -ENOTTY && got != -EFAULT && got != -EINVAL &&
	    got != -E2BIG)
		fail("an errno outside the contract");
	if (all_access && got != model(cmd, before + OFF))
		fail("the result differs from the contract's model");
	if (got == 0) {
		if (get64(umem.bytes + OFF) || get64(umem.bytes + OFF + 8) != 24 ||
		    get64(umem.bytes + OFF + 16) != mask)
			fail("a reply other than flags 0, size 24, the mask");
		if (umem_written_outside(OFF, 24) >= 0)
			fail("a byte written outside the 24-byte reply");
	} else if (got != -EFAULT || all_access) {
		if (umem_written_outside(0, 0) >= 0 ||
		    memcmp(before, umem.bytes, UMEM_SIZE))
			fail("memory written on error");
	} else if (umem_written_outside(OFF, 24) >= 0) {
		fail("a fault wrote outside the reply");
	}
}

static void fuzz_mapping(const uint8_t *d, size_t n)
{
	const uint64_t p9 = PPC_COMPAT_CAP_POWER9, p10 = PPC_COMPAT_CAP_POWER10;
	const uint64_t p11 = PPC_COMPAT_CAP_POWER11;
	char names[PCC_NAMES_MAX];
	uint64_t m[3], from_names = 0;
	uint32_t v;
	size_t i;

	if (n < 13)
		return;
	memcpy(&v, d + 1, 4);
	m[0] = pcc_mask_from_cpu_version(v);
	m[1] = pcc_mask_from_raw_pvr(v);
	m[2] = pcc_kvm_nested_mask(d[5] & 1, d[5] & 2, d[5] & 4);
	for (i = 0; i < 2; i++) {
		if (m[i] & ~PPC_COMPAT_CAP_KNOWN)
			fail("a mapped mask has unknown bits");
		if (((m[i] & p11) && !(m[i] & p10)) ||
		    ((m[i] & p10) && !(m[i] & p9)))
			fail("a mapped mask is not cumulative");
	}
	if (m[2] & ~PPC_COMPAT_CAP_KNOWN)
		fail("the KVM mask has unknown bits");
	memcpy(&m[0], d + 5, 8);
	pcc_mask_to_names(m[0], names, sizeof(names));
	if (strstr(names, "power11"))
		from_names |= p11;
	if (strstr(names, "power10"))
		from_names |= p10;
	if (strstr(names, "power9"))
		from_names |= p9;
	if (from_names != (m[0] & PPC_COMPAT_CAP_KNOWN) ||
	    (!from_names && strcmp(names, "none")))
		fail("names do not name exactly the mode bits");
}

static void fuzz_status(const uint8_t *d, size_t n)
{
	long st;
	int e;

	if (n < 9)
		return;
	memcpy(&st, d + 1, 8);
	e = pcc_hcall_errno(st);
	if (e > 0 || (e == 0) != (st == 0))
		fail("a status mapped to success or a positive value");
	if (pcc_hcall_busy_delay_ms(st) > 100)
		fail("a retry wait over 100 ms");
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	if (!n)
		return 0;
	switch (d[0] >> 6) {
	case 0:
	case 1:
		fuzz_request(d, n);
		break;
	case 2:
		fuzz_mapping(d, n);
		break;
	default:
		fuzz_status(d, n);
		break;
	}
	return 0;
}
