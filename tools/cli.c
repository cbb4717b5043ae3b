// SPDX-License-Identifier: GPL-2.0
/*
 * ppc-compat-caps(1), the pure part. Everything here works on arguments and
 * strings; tools/ppc-compat-caps.c does the device and file access.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cli.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Newest first: the order of every list the tool prints. */
static const struct pcc_mode {
	const char *name;
	uint64_t bit;
	uint16_t family;	/* raw PVR >> 16 of that processor */
} pcc_modes[PCC_NR_MODES] = {
	{ "power11", PPC_COMPAT_CAP_POWER11, 0x0082 },
	{ "power10", PPC_COMPAT_CAP_POWER10, 0x0080 },
	{ "power9", PPC_COMPAT_CAP_POWER9, 0x004e },
};

/**
 * pcc_mask_modes() - the names of the modes in a mask
 * @mask: PPC_COMPAT_CAP_* bits; bits the tool does not know are ignored
 * @names: filled with the names, newest first
 *
 * Return: the number of names.
 */
size_t pcc_mask_modes(uint64_t mask, const char *names[PCC_NR_MODES])
{
	size_t i, n = 0;

	for (i = 0; i < ARRAY_SIZE(pcc_modes); i++)
		if (mask & pcc_modes[i].bit)
			names[n++] = pcc_modes[i].name;
	return n;
}

/**
 * pcc_best_mode() - the newest mode in a mask
 * @mask: PPC_COMPAT_CAP_* bits
 *
 * Return: its name, or NULL when the mask has no mode the tool knows.
 */
const char *pcc_best_mode(uint64_t mask)
{
	const char *names[PCC_NR_MODES];

	return pcc_mask_modes(mask, names) ? names[0] : NULL;
}

/**
 * pcc_mode_bit() - the mask bit of a mode name
 * @name: "power9", "power10" or "power11", exactly
 * @bit: set to the PPC_COMPAT_CAP_* bit
 *
 * Return: 0, or -1 for any other name.
 */
int pcc_mode_bit(const char *name, uint64_t *bit)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pcc_modes); i++) {
		if (!strcmp(name, pcc_modes[i].name)) {
			*bit = pcc_modes[i].bit;
			return 0;
		}
	}
	return -1;
}

/**
 * pcc_pvr_mode() - the mode a raw PVR would suggest
 * @pvr: the Processor Version Register (family in the upper 16 bits)
 *
 * This is what QEMU's -cpu host goes by: the processor, not the mode the
 * partition runs in.
 *
 * Return: "power11" (0x0082), "power10" (0x0080), "power9" (0x004e), or
 * NULL for any other family.
 */
const char *pcc_pvr_mode(uint32_t pvr)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pcc_modes); i++)
		if (pvr >> 16 == pcc_modes[i].family)
			return pcc_modes[i].name;
	return NULL;
}

/* What each reason of sysfs' removed means, and what brings the mode back. */
static const struct {
	const char *reason, *cause, *remedy;
} pcc_whys[] = {
	{ "partition", "the partition runs in an older compatibility mode",
	  "a newer one (on PowerVM, the LPAR's processor compatibility mode)" },
	{ "hypervisor", "the hypervisor does not offer it to nested guests",
	  "only the hypervisor's side" },
	{ "no-kvm-hv", "this kernel has no kvm-hv",
	  "a kernel built with CONFIG_KVM_BOOK3S_64_HV" },
	{ "hash-mmu", "kvm-hv nests guests only under the radix MMU",
	  "booting without disable_radix" },
	{ "no-nested-v2",
	  "this kernel's kvm-hv has no nested API v2, the only one the hypervisor offers",
	  "a kernel whose KVM speaks it (Debian's 6.12 does)" },
	{ "kvm-mode", "this kernel's KVM cannot give a nested guest this mode",
	  "a kernel whose KVM knows it (for power11: CPU_FTR_P11_PVR)" },
};

/**
 * pcc_print_why() - a reason of sysfs' removed, for a person
 * @f: where to print
 * @reason: "partition", "hypervisor", "no-kvm-hv", "hash-mmu",
 *          "no-nested-v2" or "kvm-mode"
 *
 * Prints why the mode is missing and what brings it back, or the reason
 * itself and that this version does not know it.
 */
void pcc_print_why(FILE *f, const char *reason)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pcc_whys); i++) {
		if (!strcmp(reason, pcc_whys[i].reason)) {
			fprintf(f, "%s; %s brings it back", pcc_whys[i].cause,
				pcc_whys[i].remedy);
			return;
		}
	}
	fprintf(f, "%s (a reason this version does not know)", reason);
}

/* The mode of a logical PVR (cpu-version), or NULL. */
static const char *cpu_version_mode(uint32_t v)
{
	static const char * const names[] = {
		"power8", "power9", "power10", "power11",
	};

	return v >= 0x0f000004 && v <= 0x0f000007 ? names[v - 0x0f000004] : NULL;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/**
 * pcc_parse_mask() - parse the content of sysfs compat_caps_mask
 * @text: "0x" and exactly 16 hex digits, optionally one trailing newline
 * @mask: set to the value
 *
 * Return: 0, or -1 when @text has any other form.
 */
int pcc_parse_mask(const char *text, uint64_t *mask)
{
	uint64_t v = 0;
	int i, d;

	if (text[0] != '0' || text[1] != 'x')
		return -1;
	for (i = 0; i < 16; i++) {
		d = hex_digit(text[2 + i]);
		if (d < 0)
			return -1;
		v = v << 4 | (uint64_t)d;
	}
	text += 18;
	if (*text == '\n')
		text++;
	if (*text)
		return -1;
	*mask = v;
	return 0;
}

/* Parse exactly four hex digits. */
static int hex4(const char *s, uint32_t *v)
{
	int i, d;

	*v = 0;
	for (i = 0; i < 4; i++) {
		d = hex_digit(s[i]);
		if (d < 0)
			return -1;
		*v = *v << 4 | (uint32_t)d;
	}
	return 0;
}

/**
 * pcc_parse_cpuinfo_pvr() - the raw PVR from the text of /proc/cpuinfo
 * @text: the file's text, NUL-terminated
 * @pvr: set to the PVR of the first "(pvr XXXX YYYY)"
 *
 * powerpc's /proc/cpuinfo prints the raw PVR as "(pvr %04x %04x)" on each
 * processor's revision line, whatever compatibility mode it runs in.
 *
 * Return: 0, or -1 when the text has no such field.
 */
int pcc_parse_cpuinfo_pvr(const char *text, uint32_t *pvr)
{
	const char *p = text;
	uint32_t hi, lo;

	while ((p = strstr(p, "(pvr ")) != NULL) {
		p += 5;
		if (!hex4(p, &hi) && p[4] == ' ' && !hex4(p + 5, &lo) &&
		    p[9] == ')') {
			*pvr = hi << 16 | lo;
			return 0;
		}
	}
	return -1;
}

/* Drop one trailing newline, as sysfs attributes end with one. */
void pcc_chomp(char *s)
{
	size_t n = strlen(s);

	if (n && s[n - 1] == '\n')
		s[n - 1] = '\0';
}

/**
 * pcc_errno_name() - the symbolic name of an errno value
 * @err: the value
 * @buf: space for a name the table lacks
 * @len: its size
 *
 * Return: "ENOTTY" and the like, or "errno N".
 */
const char *pcc_errno_name(int err, char *buf, size_t len)
{
	static const struct {
		int err;
		const char *name;
	} t[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EINTR, "EINTR" },
		{ EIO, "EIO" }, { ENXIO, "ENXIO" }, { E2BIG, "E2BIG" },
		{ EBADF, "EBADF" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
		{ EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" },
		{ ENODEV, "ENODEV" }, { ENOTDIR, "ENOTDIR" },
		{ EISDIR, "EISDIR" }, { EINVAL, "EINVAL" }, { ENFILE, "ENFILE" },
		{ EMFILE, "EMFILE" }, { ENOTTY, "ENOTTY" }, { ENOSPC, "ENOSPC" },
		{ EROFS, "EROFS" }, { ENOSYS, "ENOSYS" },
		{ EOPNOTSUPP, "EOPNOTSUPP" }, { ELOOP, "ELOOP" },
		{ ENAMETOOLONG, "ENAMETOOLONG" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		if (t[i].err == err)
			return t[i].name;
	snprintf(buf, len, "errno %d", err);
	return buf;
}

/**
 * pcc_open_exit() - the exit code for a failure to open the device or a
 *                   sysfs attribute
 * @err: the errno of open() or read()
 *
 * Return: PCC_EXIT_NOT_LOADED when the file is not there (ENOENT; ENXIO and
 * ENODEV: a stale device node without its driver), PCC_EXIT_PERMISSION for
 * EACCES and EPERM, PCC_EXIT_DEVICE for anything else.
 */
int pcc_open_exit(int err)
{
	switch (err) {
	case ENOENT:
	case ENXIO:
	case ENODEV:
		return PCC_EXIT_NOT_LOADED;
	case EACCES:
	case EPERM:
		return PCC_EXIT_PERMISSION;
	default:
		return PCC_EXIT_DEVICE;
	}
}

/* "--opt VALUE" or "--opt=VALUE": the value, or NULL with err set. */
static const char *opt_value(int argc, char *const argv[], int *i,
			     const char *name, char *err, size_t errlen)
{
	const char *arg = argv[*i];
	size_t n = strlen(name);
	const char *v;

	if (arg[n] == '=') {
		v = arg + n + 1;
	} else if (*i + 1 < argc) {
		v = argv[++*i];
	} else {
		snprintf(err, errlen, "option '%s' needs an argument", name);
		return NULL;
	}
	if (!*v) {
		snprintf(err, errlen, "option '%s' needs a non-empty argument",
			 name);
		return NULL;
	}
	return v;
}

/* Does argv's "--opt" or "--opt=..." name this option? */
static int is_opt(const char *arg, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(arg, name, n) && (arg[n] == '\0' || arg[n] == '=');
}

static const char * const pcc_action_opts[] = {
	[PCC_ACT_SHOW] = "",
	[PCC_ACT_JSON] = "--json",
	[PCC_ACT_QEMU] = "--qemu",
	[PCC_ACT_BEST] = "--best",
	[PCC_ACT_CHECK] = "--check",
	[PCC_ACT_HELP] = "--help",
	[PCC_ACT_VERSION] = "--version",
};

/**
 * pcc_parse_args() - parse the command line
 * @argc: argument count
 * @argv: arguments, argv[0] being the program
 * @o: filled with the options (defaults for those not given)
 * @err: the reason, on error, without the program name
 * @errlen: size of @err
 *
 * --help and --version end the parsing where they stand. At most one of
 * --json, --qemu, --best and --check may be given.
 *
 * Return: 0, or PCC_EXIT_USAGE with @err set.
 */
int pcc_parse_args(int argc, char *const argv[], struct pcc_opts *o,
		   char *err, size_t errlen)
{
	static const char * const flags[] = {
		"--json", "--qemu", "--best", "--sysfs", "--help", "--version",
	};
	static const char * const path_opts[] = {
		"--device", "--sysfs-dir", "--cpuinfo", "--kvm-hv-dir",
	};
	static const struct {
		const char *opt;
		enum pcc_action act;
	} acts[] = {
		{ "--json", PCC_ACT_JSON }, { "--qemu", PCC_ACT_QEMU },
		{ "--best", PCC_ACT_BEST }, { "--check", PCC_ACT_CHECK },
	};
	const char **paths[] = { &o->device, &o->sysfs_dir, &o->cpuinfo,
				 &o->kvm_hv_dir };
	const char *arg;
	enum pcc_action act;
	size_t k;
	int i;

	memset(o, 0, sizeof(*o));
	o->action = PCC_ACT_SHOW;
	o->device = PCC_DEFAULT_DEVICE;
	o->sysfs_dir = PCC_DEFAULT_SYSFS_DIR;
	o->cpuinfo = PCC_DEFAULT_CPUINFO;
	o->kvm_hv_dir = PCC_DEFAULT_KVM_HV_DIR;
	err[0] = '\0';

	for (i = 1; i < argc; i++) {
		arg = argv[i];
		if (!strcmp(arg, "-h"))
			arg = "--help";
		for (k = 0; k < ARRAY_SIZE(flags); k++) {
			if (is_opt(arg, flags[k]) && arg[strlen(flags[k])]) {
				snprintf(err, errlen,
					 "option '%s' takes no argument",
					 flags[k]);
				return PCC_EXIT_USAGE;
			}
		}
		if (!strcmp(arg, "--help") || !strcmp(arg, "--version")) {
			o->action = arg[2] == 'h' ? PCC_ACT_HELP : PCC_ACT_VERSION;
			return 0;
		}
		if (!strcmp(arg, "--sysfs")) {
			o->use_sysfs = 1;
			continue;
		}

		for (k = 0; k < ARRAY_SIZE(path_opts); k++)
			if (is_opt(arg, path_opts[k]))
				break;
		if (k < ARRAY_SIZE(path_opts)) {
			*paths[k] = opt_value(argc, argv, &i, path_opts[k], err,
					      errlen);
			if (!*paths[k])
				return PCC_EXIT_USAGE;
			continue;
		}

		for (k = 0; k < ARRAY_SIZE(acts); k++)
			if (is_opt(arg, acts[k].opt))
				break;
		if (k == ARRAY_SIZE(acts)) {
			if (arg[0] == '-')
				snprintf(err, errlen, "unknown option '%s'", arg);
			else
				snprintf(err, errlen, "unexpected argument '%s'",
					 arg);
			return PCC_EXIT_USAGE;
		}
		act = acts[k].act;
		if (act == PCC_ACT_CHECK) {
			o->check_name = opt_value(argc, argv, &i, "--check",
						  err, errlen);
			if (!o->check_name)
				return PCC_EXIT_USAGE;
			if (pcc_mode_bit(o->check_name, &o->check_bit)) {
				snprintf(err, errlen,
					 "unknown mode '%s' for --check (power9, power10 or power11)",
					 o->check_name);
				return PCC_EXIT_USAGE;
			}
		}
		if (o->action != PCC_ACT_SHOW && o->action != act) {
			snprintf(err, errlen, "'%s' and '%s' cannot be combined",
				 pcc_action_opts[o->action],
				 pcc_action_opts[act]);
			return PCC_EXIT_USAGE;
		}
		o->action = act;
	}
	return 0;
}

void pcc_print_usage(FILE *f)
{
	fputs("Usage: " PCC_TOOL_NAME " [--json | --qemu | --best | --check MODE] [--sysfs]\n"
	      "                       [--device PATH] [--sysfs-dir PATH] [--cpuinfo PATH]\n"
	      "                       [--kvm-hv-dir PATH]\n"
	      "Which processor compatibility modes a nested KVM guest may use on this\n"
	      "IBM POWER host, from the ppc_compat_caps module.\n"
	      "\n"
	      "  (no option)       backend, usable modes (newest first), the best mode, the\n"
	      "                    layers behind them and why each missing mode is\n"
	      "                    missing, and what the raw PVR would have suggested\n"
	      "  --json            the same as one JSON object\n"
	      "  --qemu            max-cpu-compat=MODE for QEMU's -M pseries, best mode\n"
	      "  --best            the best (newest) usable mode's name\n"
	      "  --check MODE      exit 0 when MODE (power9, power10, power11) is usable,\n"
	      "                    1 when not\n"
	      "  --sysfs           read the sysfs attributes instead of the ioctl\n"
	      "  --device PATH     the device (default " PCC_DEFAULT_DEVICE ")\n"
	      "  --sysfs-dir PATH  the sysfs directory\n"
	      "                    (default " PCC_DEFAULT_SYSFS_DIR ")\n"
	      "  --cpuinfo PATH    where to read the raw PVR (default " PCC_DEFAULT_CPUINFO ")\n"
	      "  --kvm-hv-dir PATH present when kvm-hv is loaded\n"
	      "                    (default " PCC_DEFAULT_KVM_HV_DIR ")\n"
	      "  -h, --help        this help\n"
	      "  --version         the version\n"
	      "\n"
	      "Exit status: 0 success, 1 --check MODE not usable, 2 usage error,\n"
	      "3 module not loaded (device missing), 4 permission denied,\n"
	      "5 unexpected error from the device, 6 no usable mode (--qemu, --best).\n"
	      "See ppc-compat-caps(1) and ppc_compat_caps(4).\n", f);
}

/* A JSON string: quotes, backslashes and every byte outside printable
 * ASCII escaped, so that the output is valid whatever sysfs held.
 */
static void json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void json_hex(FILE *f, int have, uint64_t v, int digits)
{
	if (have)
		fprintf(f, "\"0x%0*" PRIx64 "\"", digits, v);
	else
		fputs("null", f);
}

/*
 * Call fn(f, mode, reason) for each MODE:REASON token of sysfs' removed;
 * tokens without a colon and "none" are skipped.
 */
static void each_removed(FILE *f, const char *removed,
			 void (*fn)(FILE *f, const char *mode,
				    const char *reason, int first))
{
	char buf[256], *tok, *save = NULL, *colon;
	int first = 1;

	if (!removed)
		return;
	snprintf(buf, sizeof(buf), "%s", removed);
	for (tok = strtok_r(buf, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		colon = strchr(tok, ':');
		if (!colon)
			continue;
		*colon = '\0';
		fn(f, tok, colon + 1, first);
		first = 0;
	}
}

static void json_removed_one(FILE *f, const char *mode, const char *reason,
			     int first)
{
	fputs(first ? "{\"mode\": " : ", {\"mode\": ", f);
	json_string(f, mode);
	fputs(", \"reason\": ", f);
	json_string(f, reason);
	fputc('}', f);
}

static void json_removed(FILE *f, const char *removed)
{
	each_removed(f, removed, json_removed_one);
}

static void show_removed_one(FILE *f, const char *mode, const char *reason,
			     int first)
{
	(void)first;
	fprintf(f, "removed: %s: ", mode);
	pcc_print_why(f, reason);
	fputc('\n', f);
}

/* "LABEL MODES (WHAT, 0x...)", the modes newest first, or none. */
static void show_modes(FILE *f, const char *label, uint64_t mask,
		       const char *what)
{
	const char *names[PCC_NR_MODES];
	size_t i, n = pcc_mask_modes(mask, names);

	fputs(label, f);
	for (i = 0; i < n; i++)
		fprintf(f, " %s", names[i]);
	fprintf(f, "%s (%s, 0x%016" PRIx64 ")\n", n ? "" : " none", what, mask);
}

/* The layers behind the answer, when the module shows them. */
static void show_layers(FILE *f, const struct pcc_result *r)
{
	const char *mode;

	if (!r->have_kvm)
		return;
	if (r->have_offered)
		show_modes(f, "offered:", r->offered, "the hypervisor");
	show_modes(f, "kvm:    ", r->kvm, "what this kernel's KVM can use");
	if (r->have_cpu_version) {
		mode = cpu_version_mode(r->cpu_version);
		fprintf(f, "mode:    %s (cpu-version 0x%08" PRIx32 ")\n",
			mode ? mode : "unknown", r->cpu_version);
	} else {
		fputs("mode:    raw (no cpu-version)\n", f);
	}
	fprintf(f, "kvm-hv:  %s\n", r->kvm_hv_loaded ? "loaded" :
		"not loaded (nested guests need it: modprobe kvm-hv; dmesg says why it refuses)");
	each_removed(f, r->removed, show_removed_one);
}

/**
 * pcc_print_json() - the --json format
 * @f: where to print
 * @r: the answer
 *
 * One line: {"backend": ..., "modes": [...], "mask": "0x%016x",
 * "best": ..., "raw_pvr": "0x%08x", "size": N, "hypervisor_mask":
 * "0x%016x", "kvm_mask": "0x%016x", "cpu_version": "0x%08x",
 * "kvm_hv_loaded": bool, "removed": [{"mode": ..., "reason": ...}, ...]},
 * separators as Python's json.dumps() writes them. backend, best, raw_pvr
 * and size are null when unknown, none, absent and --sysfs; the masks,
 * cpu_version and removed when sysfs does not show them.
 */
void pcc_print_json(FILE *f, const struct pcc_result *r)
{
	const char *names[PCC_NR_MODES];
	size_t i, n = pcc_mask_modes(r->mask, names);

	fputs("{\"backend\": ", f);
	if (r->backend)
		json_string(f, r->backend);
	else
		fputs("null", f);
	fputs(", \"modes\": [", f);
	for (i = 0; i < n; i++)
		fprintf(f, "%s\"%s\"", i ? ", " : "", names[i]);
	fprintf(f, "], \"mask\": \"0x%016" PRIx64 "\", \"best\": ", r->mask);
	if (n)
		fprintf(f, "\"%s\"", names[0]);
	else
		fputs("null", f);
	fputs(", \"raw_pvr\": ", f);
	if (r->have_pvr)
		fprintf(f, "\"0x%08" PRIx32 "\"", r->pvr);
	else
		fputs("null", f);
	fputs(", \"size\": ", f);
	if (r->have_size)
		fprintf(f, "%" PRIu64, r->size);
	else
		fputs("null", f);
	fputs(", \"hypervisor_mask\": ", f);
	json_hex(f, r->have_offered, r->offered, 16);
	fputs(", \"kvm_mask\": ", f);
	json_hex(f, r->have_kvm, r->kvm, 16);
	fputs(", \"cpu_version\": ", f);
	json_hex(f, r->have_cpu_version, r->cpu_version, 8);
	fprintf(f, ", \"kvm_hv_loaded\": %s, \"removed\": ",
		r->kvm_hv_loaded ? "true" : "false");
	if (r->removed) {
		fputc('[', f);
		json_removed(f, r->removed);
		fputc(']', f);
	} else {
		fputs("null", f);
	}
	fputs("}\n", f);
}

/**
 * pcc_print_show() - the summary for a person
 * @f: where to print
 * @r: the answer
 *
 * backend:, modes: (newest first, or none), best: (or none), a line for bits
 * the tool does not know; where sysfs shows the layers, offered: (nested-v2),
 * kvm:, mode:, kvm-hv: and one removed: line per missing mode with its
 * reason; and a raw PVR: line when the mode the raw PVR suggests is not the
 * best mode.
 */
void pcc_print_show(FILE *f, const struct pcc_result *r)
{
	const char *names[PCC_NR_MODES];
	size_t i, n = pcc_mask_modes(r->mask, names);
	const char *raw = r->have_pvr ? pcc_pvr_mode(r->pvr) : NULL;
	uint64_t unknown = r->mask & ~PPC_COMPAT_CAP_KNOWN;
	uint64_t raw_bit = 0;

	fprintf(f, "backend: %s\n", r->backend ? r->backend : "unknown");
	fputs("modes:  ", f);
	for (i = 0; i < n; i++)
		fprintf(f, " %s", names[i]);
	fprintf(f, "%s\n", n ? "" : " none");
	fprintf(f, "best:    %s\n", n ? names[0] : "none");
	if (unknown)
		fprintf(f, "other:   0x%016" PRIx64 " (bits this version does not know)\n",
			unknown);
	show_layers(f, r);
	if (!raw || (n && !strcmp(raw, names[0])))
		return;
	fprintf(f, "raw PVR: 0x%08" PRIx32 " would suggest %s, ", r->pvr, raw);
	pcc_mode_bit(raw, &raw_bit);
	if (r->mask & raw_bit) {
		fprintf(f, "older than the best mode %s\n", names[0]);
		return;
	}
	fputs("a mode this host cannot give a nested guest", f);
	if (n)
		fprintf(f, "; use -M pseries,max-cpu-compat=%s", names[0]);
	fputc('\n', f);
}

/**
 * pcc_print_qemu() - the --qemu format
 * @f: where to print
 * @mask: the usable modes
 *
 * Return: 0 after printing max-cpu-compat=MODE, or PCC_EXIT_NO_MODE (and
 * nothing printed) when the mask has no mode.
 */
int pcc_print_qemu(FILE *f, uint64_t mask)
{
	const char *best = pcc_best_mode(mask);

	if (!best)
		return PCC_EXIT_NO_MODE;
	fprintf(f, "max-cpu-compat=%s\n", best);
	return 0;
}

/* --best: like --qemu, the bare name. */
int pcc_print_best(FILE *f, uint64_t mask)
{
	const char *best = pcc_best_mode(mask);

	if (!best)
		return PCC_EXIT_NO_MODE;
	fprintf(f, "%s\n", best);
	return 0;
}

/* --check: PCC_EXIT_OK when the mode's bit is set, else PCC_EXIT_UNSUPPORTED. */
int pcc_check(uint64_t mask, uint64_t bit)
{
	return (mask & bit) ? PCC_EXIT_OK : PCC_EXIT_UNSUPPORTED;
}
