// SPDX-License-Identifier: GPL-2.0
/*
 * ppc-compat-caps: which processor compatibility modes a nested KVM guest
 * may use on this IBM POWER host, as the ppc_compat_caps module says, for a
 * person (default), a script (--json, --check, --best) or QEMU (--qemu).
 * See ppc-compat-caps(1). The modes, their names and the PVRs they come
 * from are the module's own logic (src/modes.c), linked in.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "caps_logic.h"

/* Exit codes, as ppc-compat-caps(1) documents them. */
enum {
	EXIT_UNSUPPORTED = 1,	/* --check: MODE not usable */
	EXIT_USAGE = 2,
	EXIT_NOT_LOADED = 3,	/* device or sysfs file missing */
	EXIT_PERMISSION = 4,	/* EACCES, EPERM */
	EXIT_DEVICE = 5,	/* any other errno, or a malformed answer */
	EXIT_NO_MODE = 6,	/* --qemu, --best: no usable mode */
};

/* The actions, in the order of their options; then the paths. */
enum { SHOW, JSON, QEMU, BEST, CHECK, HELP, VERSION, PATH };

struct opts {
	int action;
	int use_sysfs;		/* --sysfs: the attributes, not the ioctl */
	const char *device, *sysfs_dir, *cpuinfo, *kvm_hv_dir;
	uint64_t check_bit;	/* --check MODE */
};

/* What the tool learnt; a have_* of 0 is unknown, printed as null. */
struct result {
	const char *backend, *removed;	/* sysfs; NULL when unreadable */
	uint64_t mask, size, offered, kvm;
	uint32_t pvr, cpu_version;
	int have_size, have_pvr, have_offered, have_kvm, have_cpu_version;
	int kvm_hv_loaded;
};

/*
 * The newest mode of MASK, or NULL: newer modes have lower bits, so the
 * lowest known bit (lists go newest first by clearing it, m &= m - 1).
 */
static const char *best_mode(uint64_t mask)
{
	static char names[64][PCC_NAMES_MAX];	/* one per bit: callers keep them */
	int bit;

	mask &= PPC_COMPAT_CAP_KNOWN;
	if (!mask)
		return NULL;
	bit = __builtin_ctzll(mask);
	if (!names[bit][0])
		pcc_mask_to_names(mask & -mask, names[bit], sizeof(names[bit]));
	return names[bit];
}

/* The bit of "power9", "power10" or "power11", spelt exactly; 0 if none. */
static uint64_t mode_bit(const char *name)
{
	uint64_t m;

	for (m = PPC_COMPAT_CAP_KNOWN; m; m &= m - 1)
		if (!strcmp(name, best_mode(m)))
			return m & -m;
	return 0;
}

/*
 * What each reason of sysfs' removed (src/modes.c's pcc_why_names) means,
 * and what brings the mode back.
 */
static const char *const whys[PCC_WHY_COUNT][2] = {
	[PCC_WHY_PARTITION] = { "the partition runs in an older compatibility mode",
		"a newer one (on PowerVM, the LPAR's processor compatibility mode)" },
	[PCC_WHY_HYPERVISOR] = { "the hypervisor does not offer it to nested guests",
		"only the hypervisor's side" },
	[PCC_WHY_NO_KVM_HV] = { "this kernel has no kvm-hv",
		"a kernel built with CONFIG_KVM_BOOK3S_64_HV" },
	[PCC_WHY_HASH_MMU] = { "kvm-hv nests guests only under the radix MMU",
		"booting without disable_radix" },
	[PCC_WHY_NO_NESTED_V2] = {
		"this kernel's kvm-hv has no nested API v2, the only one the hypervisor offers",
		"a kernel whose KVM speaks it (Debian's 6.12 does)" },
	[PCC_WHY_KVM_MODE] = { "this kernel's KVM cannot give a nested guest this mode",
		"a kernel whose KVM knows it (for power11: CPU_FTR_P11_PVR)" },
};

static void print_why(FILE *f, const char *reason)
{
	int i;

	for (i = PCC_WHY_COUNT - 1; i > PCC_WHY_NONE && strcmp(reason, pcc_why_names[i]); i--)
		;
	if (i > PCC_WHY_NONE)
		fprintf(f, "%s; %s brings it back", whys[i][0], whys[i][1]);
	else
		fprintf(f, "%s (a reason this version does not know)", reason);
}

/* "0x" and DIGITS hex digits (1 to 16 if 0), at most one newline after. */
static int parse_hex(const char *text, size_t digits, uint64_t *v)
{
	size_t n = strncmp(text, "0x", 2) ? 0 : strspn(text + 2, "0123456789abcdefABCDEF");

	if (!n || n > 16 || (digits && n != digits) ||
	    strcmp(text + 2 + n, text[2 + n] ? "\n" : ""))
		return -1;
	*v = strtoull(text + 2, NULL, 16);
	return 0;
}

/* The raw PVR, from the first "(pvr XXXX YYYY)" of /proc/cpuinfo. */
static int parse_cpuinfo_pvr(const char *text, uint32_t *pvr)
{
	static const char hex[] = "0123456789abcdefABCDEF";

	for (; (text = strstr(text, "(pvr ")) != NULL; text++) {
		if (strspn(text + 5, hex) == 4 && text[9] == ' ' &&
		    strspn(text + 10, hex) == 4 && text[14] == ')') {
			*pvr = strtoul(text + 5, NULL, 16) << 16 | strtoul(text + 10, NULL, 16);
			return 0;
		}
	}
	return -1;
}

/* "ppc-compat-caps: MESSAGE" on stderr; usage() adds where help is. */
static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	va_list ap;

	fputs("ppc-compat-caps: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

#define usage(fmt, ...) (fail(fmt "; see 'ppc-compat-caps --help'", __VA_ARGS__), EXIT_USAGE)

/* Is ARG "--NAME" or "--NAME=..." for one of OPTIONS, spelt out? */
static int spelt_out(const char *arg, const struct option *options)
{
	size_t n = strcspn(arg, "=");

	for (; !strncmp(arg, "--", 2) && options->name; options++)
		if (n - 2 == strlen(options->name) && !strncmp(arg + 2, options->name, n - 2))
			return 1;
	return 0;
}

/*
 * getopt_long(3), with our messages and no abbreviations. --help and
 * --version end the parsing where they stand; at most one of --json,
 * --qemu, --best and --check. Return 0, or EXIT_USAGE after saying why.
 */
static int parse_args(int argc, char *argv[], struct opts *o)
{
	const struct option options[] = {
		{ "json", no_argument, NULL, JSON }, { "qemu", no_argument, NULL, QEMU },
		{ "best", no_argument, NULL, BEST }, { "check", required_argument, NULL, CHECK },
		{ "help", no_argument, NULL, HELP }, { "version", no_argument, NULL, VERSION },
		{ "sysfs", no_argument, &o->use_sysfs, 1 },
		{ "device", required_argument, NULL, PATH },
		{ "sysfs-dir", required_argument, NULL, PATH + 1 },
		{ "cpuinfo", required_argument, NULL, PATH + 2 },
		{ "kvm-hv-dir", required_argument, NULL, PATH + 3 },
		{ NULL, 0, NULL, 0 },
	};
	const char **paths[] = { &o->device, &o->sysfs_dir, &o->cpuinfo, &o->kvm_hv_dir };
	char name[64];
	int c, at;

	*o = (struct opts){ .action = SHOW, .device = "/dev/ppc_compat_caps",
		.sysfs_dir = "/sys/class/misc/ppc_compat_caps",
		.cpuinfo = "/proc/cpuinfo", .kvm_hv_dir = "/sys/module/kvm_hv" };
	optind = 0;	/* glibc: start over */
	opterr = 0;
	for (at = 1; (c = getopt_long(argc, argv, "+:h", options, NULL)) != -1; at = optind) {
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(argv[at], "="), argv[at]);
		if (strcmp(argv[at], "-h") && !spelt_out(argv[at], options))
			return usage("unknown option '%s'", argv[at]);
		if (c == '?')
			return usage("option '%s' takes no argument", name);
		if (c == ':')
			return usage("option '%s' needs an argument", name);
		if (optarg && !*optarg)
			return usage("option '%s' needs a non-empty argument", name);
		if (c == 'h' || c == HELP || c == VERSION) {
			o->action = c == VERSION ? VERSION : HELP;
			return 0;
		}
		if (c >= PATH)
			*paths[c - PATH] = optarg;
		if (c == 0 || c >= PATH)
			continue;	/* --sysfs, a path */
		o->check_bit = c == CHECK ? mode_bit(optarg) : o->check_bit;
		if (c == CHECK && !o->check_bit)
			return usage("unknown mode '%s' for --check (power9, power10 or power11)",
				     optarg);
		if (o->action != SHOW && o->action != c)
			return usage("'--%s' and '%s' cannot be combined",
				     options[o->action - 1].name, name);
		o->action = c;
	}
	if (optind < argc)
		return usage("unexpected argument '%s'", argv[optind]);
	return 0;
}

static void print_usage(void)
{
	puts("Usage: ppc-compat-caps [--json | --qemu | --best | --check MODE] [--sysfs]\n"
	     "                       [--device PATH] [--sysfs-dir PATH] [--cpuinfo PATH]\n"
	     "                       [--kvm-hv-dir PATH]\n"
	     "Which processor compatibility modes a nested KVM guest may use on this\n"
	     "IBM POWER host, from the ppc_compat_caps module.\n\n"
	     "  (no option)       backend, usable modes (newest first), the best mode, the\n"
	     "                    layers behind them and why each missing mode is\n"
	     "                    missing, and what the raw PVR would have suggested\n"
	     "  --json            the same as one JSON object\n"
	     "  --qemu            max-cpu-compat=MODE for QEMU's -M pseries, best mode\n"
	     "  --best            the best (newest) usable mode's name\n"
	     "  --check MODE      exit 0 when MODE (power9, power10, power11) is usable,\n"
	     "                    1 when not\n"
	     "  --sysfs           read the sysfs attributes instead of the ioctl\n"
	     "  --device PATH     the device (default /dev/ppc_compat_caps)\n"
	     "  --sysfs-dir PATH  the sysfs directory\n"
	     "                    (default /sys/class/misc/ppc_compat_caps)\n"
	     "  --cpuinfo PATH    where to read the raw PVR (default /proc/cpuinfo)\n"
	     "  --kvm-hv-dir PATH present when kvm-hv is loaded\n"
	     "                    (default /sys/module/kvm_hv)\n"
	     "  -h, --help        this help\n"
	     "  --version         the version\n\n"
	     "Exit status: 0 success, 1 --check MODE not usable, 2 usage error,\n"
	     "3 module not loaded (device missing), 4 permission denied,\n"
	     "5 unexpected error from the device, 6 no usable mode (--qemu, --best).\n"
	     "See ppc-compat-caps(1) and ppc_compat_caps(4).");
}

/* A JSON string, every byte outside printable ASCII escaped; or null. */
static void json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(f, *p == '\n' ? "\\n" : *p == '\t' ? "\\t" : "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

/* ", "KEY": VALUE", the value as FMT says, or null unless HAVE. */
static void json_field(FILE *f, const char *key, int have, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void json_field(FILE *f, const char *key, int have, const char *fmt, ...)
{
	va_list ap;

	fprintf(f, ", \"%s\": ", key);
	va_start(ap, fmt);
	if (have)
		vfprintf(f, fmt, ap);
	else
		fputs("null", f);
	va_end(ap);
}

/*
 * The next MODE:REASON token of sysfs' removed ("none" has no colon), into
 * MODE[32] and REASON[64]; a longer one is skipped.
 */
static int next_removed(const char **pos, char *mode, char *reason)
{
	int n;

	for (; **pos; *pos += strcspn(*pos, " "), *pos += strspn(*pos, " ")) {
		n = 0;
		if (sscanf(*pos, "%31[^: ]:%63[^ ]%n", mode, reason, &n) == 2 && n) {
			*pos += n;
			return 1;
		}
	}
	return 0;
}

/* --json: one object, separators as Python's json.dumps() writes them. */
static void print_json(FILE *f, const struct result *r)
{
	const char *pos = r->removed, *sep = "";
	char mode[32], reason[64];
	uint64_t m;

	fputs("{\"backend\": ", f);
	json_string(f, r->backend);
	fputs(", \"modes\": [", f);
	for (m = r->mask & PPC_COMPAT_CAP_KNOWN; m; m &= m - 1, sep = ", ")
		fprintf(f, "%s\"%s\"", sep, best_mode(m));
	fprintf(f, "], \"mask\": \"0x%016" PRIx64 "\", \"best\": ", r->mask);
	json_string(f, best_mode(r->mask));
	json_field(f, "raw_pvr", r->have_pvr, "\"0x%08" PRIx32 "\"", r->pvr);
	json_field(f, "size", r->have_size, "%" PRIu64, r->size);
	json_field(f, "hypervisor_mask", r->have_offered, "\"0x%016" PRIx64 "\"", r->offered);
	json_field(f, "kvm_mask", r->have_kvm, "\"0x%016" PRIx64 "\"", r->kvm);
	json_field(f, "cpu_version", r->have_cpu_version, "\"0x%08" PRIx32 "\"",
		   r->cpu_version);
	fprintf(f, ", \"kvm_hv_loaded\": %s", r->kvm_hv_loaded ? "true" : "false");
	json_field(f, "removed", !!pos, "[");
	for (sep = "{"; pos && next_removed(&pos, mode, reason); sep = ", {") {
		fprintf(f, "%s\"mode\": ", sep);
		json_string(f, mode);
		fputs(", \"reason\": ", f);
		json_string(f, reason);
		fputc('}', f);
	}
	fputs(r->removed ? "]}\n" : "}\n", f);
}

/* "LABEL MODES (WHAT, 0x...)", the modes newest first, or none. */
static void show_modes(FILE *f, const char *label, uint64_t mask, const char *what)
{
	char names[PCC_NAMES_MAX];

	pcc_mask_to_names(mask, names, sizeof(names));
	fprintf(f, "%s %s (%s, 0x%016" PRIx64 ")\n", label, names, what, mask);
}

/*
 * The summary for a person: backend, modes, best, unknown bits; where sysfs
 * shows them, the layers (offered, kvm, mode, kvm-hv, a line per removed
 * mode and why); what the raw PVR suggests where it is not the best mode.
 */
static void print_show(FILE *f, const struct result *r)
{
	const char *best = best_mode(r->mask), *pos = r->removed;
	const char *raw = r->have_pvr ? best_mode(pcc_mask_from_raw_pvr(r->pvr)) : NULL;
	const char *mode = r->cpu_version == PCC_PVR_ARCH_207 ? "power8" :
			   best_mode(pcc_mask_from_cpu_version(r->cpu_version));
	char names[PCC_NAMES_MAX], token[32], reason[64];

	pcc_mask_to_names(r->mask, names, sizeof(names));
	fprintf(f, "backend: %s\nmodes:   %s\nbest:    %s\n",
		r->backend ? r->backend : "unknown", names, best ? best : "none");
	if (r->mask & ~PPC_COMPAT_CAP_KNOWN)
		fprintf(f, "other:   0x%016" PRIx64 " (bits this version does not know)\n",
			(uint64_t)(r->mask & ~PPC_COMPAT_CAP_KNOWN));
	if (r->have_kvm) {
		if (r->have_offered)
			show_modes(f, "offered:", r->offered, "the hypervisor");
		show_modes(f, "kvm:    ", r->kvm, "what this kernel's KVM can use");
		if (r->have_cpu_version)
			fprintf(f, "mode:    %s (cpu-version 0x%08" PRIx32 ")\n",
				mode ? mode : "unknown", r->cpu_version);
		else
			fputs("mode:    raw (no cpu-version)\n", f);
		fprintf(f, "kvm-hv:  %s\n", r->kvm_hv_loaded ? "loaded" :
			"not loaded (nested guests need it: modprobe kvm-hv; dmesg says why it refuses)");
		while (pos && next_removed(&pos, token, reason)) {
			fprintf(f, "removed: %s: ", token);
			print_why(f, reason);
			fputc('\n', f);
		}
	}
	if (!raw || (best && !strcmp(raw, best)))
		return;
	fprintf(f, "raw PVR: 0x%08" PRIx32 " would suggest %s, ", r->pvr, raw);
	if (r->mask & mode_bit(raw))
		fprintf(f, "older than the best mode %s\n", best);
	else if (best)
		fprintf(f, "a mode this host cannot give a nested guest; "
			"use -M pseries,max-cpu-compat=%s\n", best);
	else
		fputs("a mode this host cannot give a nested guest\n", f);
}

static const char *errno_name(int err)
{
	static char buf[24];

	snprintf(buf, sizeof(buf), "errno %d", err);
	return strerrorname_np(err) ?: buf;
}

/* One line for a file that cannot be opened or read; the exit code. */
static int open_failed(const char *path, int err)
{
	if (err == ENOENT || err == ENXIO || err == ENODEV) {	/* ENXIO, ENODEV: a stale node */
		fail("%s: %s (%s): the ppc_compat_caps module is not loaded; "
		     "run 'modprobe ppc_compat_caps' (or install the ppc-compat-caps DKMS package)",
		     path, strerror(err), errno_name(err));
		return EXIT_NOT_LOADED;
	}
	fail("%s: %s (%s)", path, strerror(err), errno_name(err));
	return err == EACCES || err == EPERM ? EXIT_PERMISSION : EXIT_DEVICE;
}

/* DIR/NAME's start, NUL-terminated, one trailing newline dropped; errno. */
static int read_file(const char *dir, const char *name, char *buf, size_t len)
{
	char path[4096];
	FILE *f;
	size_t n;
	int err;

	snprintf(path, sizeof(path), "%s%s%s", dir, name ? "/" : "", name ? name : "");
	f = fopen(path, "re");
	if (!f)
		return errno;
	n = fread(buf, 1, len - 1, f);
	err = ferror(f) ? errno : 0;
	fclose(f);
	buf[n] = '\0';
	if (name && n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return err;
}

/* A 0x... sysfs attribute: 1 when present and well formed, else 0. */
static int read_hex(const struct opts *o, const char *attr, uint64_t *v)
{
	char buf[64];

	return !read_file(o->sysfs_dir, attr, buf, sizeof(buf)) && !parse_hex(buf, 0, v);
}

/* The answer: PPC_COMPAT_CAPS_GET, or compat_caps_mask (--sysfs). */
static int read_mask(const struct opts *o, struct result *r)
{
	struct ppc_compat_caps c = { .flags = 0, .size = sizeof(c) };
	char path[4096], buf[64];
	int fd, err;

	if (o->use_sysfs) {
		snprintf(path, sizeof(path), "%s/compat_caps_mask", o->sysfs_dir);
		err = read_file(path, NULL, buf, sizeof(buf));
		if (err)
			return open_failed(path, err);
		if (!parse_hex(buf, 16, &r->mask))
			return 0;
		buf[strcspn(buf, "\n")] = '\0';
		fail("%s: unexpected content '%s' (expected 0x and 16 hex digits)", path, buf);
		return EXIT_DEVICE;
	}
	fd = open(o->device, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return open_failed(o->device, errno);
	err = ioctl(fd, PPC_COMPAT_CAPS_GET, &c) ? errno : 0;
	close(fd);
	if (err) {
		fail("%s: PPC_COMPAT_CAPS_GET failed: %s (%s)", o->device, errno_name(err),
		     strerror(err));
		return err == EACCES || err == EPERM ? EXIT_PERMISSION : EXIT_DEVICE;
	}
	if (c.flags || c.size < PPC_COMPAT_CAPS_SIZE_VER0 || c.size > sizeof(c)) {
		fail("%s: PPC_COMPAT_CAPS_GET returned flags 0x%" PRIx64 " and size %" PRIu64
		     " (expected 0 and %zu)", o->device, (uint64_t)c.flags, (uint64_t)c.size,
		     sizeof(c));
		return EXIT_DEVICE;
	}
	r->mask = c.compat_capabilities;
	r->size = c.size;
	r->have_size = 1;
	return 0;
}

int main(int argc, char **argv)
{
	char backend[256], removed[256], cpuinfo[65536];
	struct result r = { 0 };
	uint64_t v = 0;
	struct opts o;
	int rc;

	rc = parse_args(argc, argv, &o);
	if (rc)
		return rc;
	if (o.action == HELP) {
		print_usage();
		return 0;
	}
	if (o.action == VERSION) {
		puts("ppc-compat-caps " PCC_VERSION);
		return 0;
	}
	rc = read_mask(&o, &r);
	if (rc || o.action == CHECK)
		return rc ? rc : r.mask & o.check_bit ? 0 : EXIT_UNSUPPORTED;
	if (o.action == QEMU || o.action == BEST) {
		if (!best_mode(r.mask)) {
			fail("no compatibility mode is usable for a nested guest on this host "
			     "(mask 0x%016" PRIx64 ")", r.mask);
			return EXIT_NO_MODE;
		}
		printf("%s%s\n", o.action == QEMU ? "max-cpu-compat=" : "", best_mode(r.mask));
		return 0;
	}
	/* The rest may be missing: null, not an error. */
	r.backend = read_file(o.sysfs_dir, "backend", backend, sizeof(backend)) ? NULL : backend;
	r.have_pvr = !read_file(o.cpuinfo, NULL, cpuinfo, sizeof(cpuinfo)) &&
		     !parse_cpuinfo_pvr(cpuinfo, &r.pvr);
	r.have_offered = read_hex(&o, "hypervisor_caps_mask", &r.offered);
	r.have_kvm = read_hex(&o, "kvm_caps_mask", &r.kvm);
	r.have_cpu_version = read_hex(&o, "cpu_version", &v) && v <= UINT32_MAX;
	r.cpu_version = v;
	r.removed = read_file(o.sysfs_dir, "removed", removed, sizeof(removed)) ? NULL : removed;
	r.kvm_hv_loaded = !access(o.kvm_hv_dir, F_OK);
	if (o.action == JSON)
		print_json(stdout, &r);
	else
		print_show(stdout, &r);
	return 0;
}
