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
 * - layers: the answer lies within what the platform and this kernel's KVM
 *   allow, and the removed text names each missing mode of the processor
 *   exactly once, and no mode of the answer;
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
	for (i = 0; i < 2; i++) {
		if (m[i] & ~PPC_COMPAT_CAP_KNOWN)
			fail("a mapped mask has unknown bits");
		if (((m[i] & p11) && !(m[i] & p10)) ||
		    ((m[i] & p10) && !(m[i] & p9)))
			fail("a mapped mask is not cumulative");
	}
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

static void fuzz_layers(const uint8_t *d, size_t n)
{
	static const struct { uint64_t bit; const char *name; } modes[] = {
		{ PPC_COMPAT_CAP_POWER11, "power11:" },
		{ PPC_COMPAT_CAP_POWER10, "power10:" },
		{ PPC_COMPAT_CAP_POWER9, "power9:" },
	};
	struct pcc_facts f = { 0 };
	char text[PCC_REMOVED_MAX];
	uint64_t answer, platform;
	const char *p;
	size_t i;

	if (n < 18)
		return;
	f.nested_v2 = d[1] & 1;
	f.kvm_hv = d[1] & 2;
	f.radix = d[1] & 4;
	f.kvm_v2 = d[1] & 8;
	f.kvm_p11 = d[1] & 16;
	f.arch31 = d[1] & 32;
	f.arch300 = d[1] & 64;
	memcpy(&f.pvr, d + 2, 4);
	memcpy(&f.cpu_version, d + 6, 4);
	memcpy(&f.offered, d + 10, 8);
	answer = pcc_answer(&f);
	platform = f.nested_v2 ? f.offered : pcc_partition_mask(&f);
	if (answer & ~(PPC_COMPAT_CAP_KNOWN & platform & pcc_kvm_mask(&f)))
		fail("the answer holds a mode the platform or KVM does not");
	if (pcc_kvm_mask(&f) & ~PPC_COMPAT_CAP_KNOWN)
		fail("the KVM mask has unknown bits");
	if (f.nested_v2 && !f.kvm_v2 && answer)
		fail("an answer over nested API v2 from a KVM without it");
	pcc_removed_to_text(&f, text, sizeof(text));
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		enum pcc_why why = pcc_removed_why(&f, modes[i].bit);

		p = strstr(text, modes[i].name);
		if ((why == PCC_WHY_NONE) != !p)
			fail("the removed text and pcc_removed_why() disagree");
		if (p && strstr(p + 1, modes[i].name))
			fail("a mode removed twice");
		if (p && (answer & modes[i].bit))
			fail("a mode of the answer named as removed");
		if (p && strncmp(p + strlen(modes[i].name), pcc_whys[why].name,
				 strlen(pcc_whys[why].name)))
			fail("a removed mode with another reason");
	}
	if (!strchr(text, ':') && strcmp(text, "none"))
		fail("nothing removed, and not \"none\"");
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
		if (d[0] & 1)
			fuzz_layers(d, n);
		else
			fuzz_mapping(d, n);
		break;
	default:
		fuzz_status(d, n);
		break;
	}
	return 0;
}
