/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ppc-compat-caps(1), the pure part: option parsing, mask to mode names,
 * the best mode, the raw PVR, the output formats and the exit codes. No
 * device or file access here, so that host tests link it without a device.
 */
#ifndef PCC_CLI_H
#define PCC_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ppc_compat_caps.h"

#define PCC_TOOL_NAME		"ppc-compat-caps"

#define PCC_DEFAULT_DEVICE	"/dev/ppc_compat_caps"
#define PCC_DEFAULT_SYSFS_DIR	"/sys/class/misc/ppc_compat_caps"
#define PCC_DEFAULT_CPUINFO	"/proc/cpuinfo"
#define PCC_DEFAULT_KVM_HV_DIR	"/sys/module/kvm_hv"

/* Exit codes, as ppc-compat-caps(1) documents them. */
enum pcc_exit {
	PCC_EXIT_OK = 0,		/* success; --check: supported */
	PCC_EXIT_UNSUPPORTED = 1,	/* --check: MODE not supported */
	PCC_EXIT_USAGE = 2,		/* bad command line */
	PCC_EXIT_NOT_LOADED = 3,	/* device (or sysfs file) missing */
	PCC_EXIT_PERMISSION = 4,	/* EACCES or EPERM opening it */
	PCC_EXIT_DEVICE = 5,		/* other errno, or a malformed answer */
	PCC_EXIT_NO_MODE = 6,		/* --qemu, --best: no usable mode */
};

enum pcc_action {
	PCC_ACT_SHOW,			/* the summary for a person */
	PCC_ACT_JSON,
	PCC_ACT_QEMU,
	PCC_ACT_BEST,
	PCC_ACT_CHECK,
	PCC_ACT_HELP,
	PCC_ACT_VERSION,
};

struct pcc_opts {
	enum pcc_action action;
	int use_sysfs;			/* --sysfs: attributes, not the ioctl */
	const char *device;
	const char *sysfs_dir;
	const char *cpuinfo;
	const char *kvm_hv_dir;
	const char *check_name;		/* --check MODE */
	uint64_t check_bit;
};

/* What the tool learnt; the formats below print it. */
struct pcc_result {
	const char *backend;		/* from sysfs; NULL when unreadable */
	uint64_t mask;
	int have_size;			/* size: the ioctl's answer (not --sysfs) */
	uint64_t size;
	int have_pvr;			/* pvr: the raw PVR from /proc/cpuinfo */
	uint32_t pvr;
	/* The layers behind the answer, from sysfs; have_* 0 when unreadable. */
	int have_offered;		/* hypervisor_caps_mask (nested-v2) */
	uint64_t offered;
	int have_kvm;			/* kvm_caps_mask */
	uint64_t kvm;
	int have_cpu_version;		/* cpu_version (not in raw mode) */
	uint32_t cpu_version;
	const char *removed;		/* removed: "MODE:REASON ..." or NULL */
	int kvm_hv_loaded;		/* /sys/module/kvm_hv exists */
};

/* Number of modes the tool knows (power11, power10, power9). */
#define PCC_NR_MODES		3

int pcc_parse_args(int argc, char *const argv[], struct pcc_opts *o,
		   char *err, size_t errlen);
void pcc_print_usage(FILE *f);

size_t pcc_mask_modes(uint64_t mask, const char *names[PCC_NR_MODES]);
const char *pcc_best_mode(uint64_t mask);
int pcc_mode_bit(const char *name, uint64_t *bit);
const char *pcc_pvr_mode(uint32_t pvr);

int pcc_parse_mask(const char *text, uint64_t *mask);
int pcc_parse_cpuinfo_pvr(const char *text, uint32_t *pvr);
void pcc_print_why(FILE *f, const char *reason);
void pcc_chomp(char *s);

const char *pcc_errno_name(int err, char *buf, size_t len);
int pcc_open_exit(int err);

void pcc_print_show(FILE *f, const struct pcc_result *r);
void pcc_print_json(FILE *f, const struct pcc_result *r);
int pcc_print_qemu(FILE *f, uint64_t mask);
int pcc_print_best(FILE *f, uint64_t mask);
int pcc_check(uint64_t mask, uint64_t bit);

#endif /* PCC_CLI_H */
