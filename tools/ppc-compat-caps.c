// SPDX-License-Identifier: GPL-2.0
/*
 * ppc-compat-caps: which processor compatibility modes a nested KVM guest
 * may use on this IBM POWER host, for a person (default), a script (--json,
 * --check, --best) or QEMU (--qemu). The ppc_compat_caps module answers,
 * or where it is not loaded the kernel's KVM (KVM_PPC_GET_COMPAT_CAPS,
 * Linux 7.3); with both, KVM checks the module. See ppc-compat-caps(1).
 * The modes and their names are src/modes.c's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <error.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "caps_logic.h"
#include "kvm_compat.h"

/* Exit codes, as ppc-compat-caps(1) and --help document them; 0 is success. */
enum { EXIT_UNSUPPORTED = 1, EXIT_USAGE, EXIT_NO_ANSWER, EXIT_PERMISSION, EXIT_DEVICE,
	EXIT_NO_MODE, EXIT_DISAGREE };

/* The options' values (getopt_long's val); SHOW, no option, is the default. */
enum { SHOW, JSON, QEMU, BEST, CHECK, HELP, VERSION, SYSFS, DEVICE, SYSFS_DIR, CPUINFO,
	KVM_HV_DIR, KVM_DEVICE };

struct opts {
	int action;		/* SHOW to VERSION */
	int use_sysfs;		/* --sysfs: the attributes, not the ioctl */
	const char *device, *sysfs_dir, *cpuinfo, *kvm_hv_dir, *kvm_device;
	uint64_t check_bit;	/* --check MODE */
};

/* What the tool learnt; a have_* of 0 is unknown, printed as null. */
struct result {
	const char *backend, *removed;	/* sysfs; NULL when unreadable */
	uint64_t mask, size, offered, kvm, cpu_version, kvm_answer;
	uint32_t pvr;
	int have_size, have_pvr, have_offered, have_kvm, have_cpu_version, kvm_hv_loaded;
	int from_kvm, have_kvm_answer;	/* the answer is KVM's; KVM answered */
	char why_module[256], why_kvm[160];	/* why one gave no answer */
};

/* The bit of "power9", "power10" or "power11", spelt exactly; 0 if none. */
static uint64_t mode_bit(const char *name)
{
	uint64_t m;

	for (m = PPC_COMPAT_CAP_KNOWN; m; m &= m - 1)	/* newest (lowest) bit first */
		if (!strcmp(name, pcc_mode_name(m)))
			return m & -m;
	return 0;
}

/* "0x" and DIGITS hex digits (1 to 16 if 0), nothing after. */
static int parse_hex(const char *text, size_t digits, uint64_t *v)
{
	size_t n = strncmp(text, "0x", 2) ? 0 : strspn(text + 2, "0123456789abcdefABCDEF");

	if (!n || n > 16 || (digits && n != digits) || text[2 + n])
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

/* error(3): "ppc-compat-caps: MESSAGE" on stderr; usage() adds where help is. */
#define fail(...) error(0, 0, __VA_ARGS__)
#define usage(fmt, ...) (fail(fmt "; see 'ppc-compat-caps --help'", __VA_ARGS__), EXIT_USAGE)

/* The long name of option VAL; NULL if none has that value. */
static const char *option_name(const struct option *opt, int val)
{
	for (; opt->name; opt++)
		if (opt->val == val)
			return opt->name;
	return NULL;
}

/*
 * getopt_long(3), with our messages and no abbreviations. --help and
 * --version end the parsing where they stand; at most one of --json,
 * --qemu, --best and --check. Return 0, or EXIT_USAGE after saying why.
 */
static int parse_args(int argc, char *argv[], struct opts *o)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, JSON }, { "qemu", no_argument, NULL, QEMU },
		{ "best", no_argument, NULL, BEST }, { "check", required_argument, NULL, CHECK },
		{ "help", no_argument, NULL, HELP }, { "version", no_argument, NULL, VERSION },
		{ "sysfs", no_argument, NULL, SYSFS },
		{ "device", required_argument, NULL, DEVICE },
		{ "sysfs-dir", required_argument, NULL, SYSFS_DIR },
		{ "cpuinfo", required_argument, NULL, CPUINFO },
		{ "kvm-hv-dir", required_argument, NULL, KVM_HV_DIR },
		{ "kvm-device", required_argument, NULL, KVM_DEVICE }, { NULL, 0, NULL, 0 },
	};
	const struct { int val; const char **to; } paths[] = {
		{ DEVICE, &o->device }, { SYSFS_DIR, &o->sysfs_dir }, { CPUINFO, &o->cpuinfo },
		{ KVM_HV_DIR, &o->kvm_hv_dir }, { KVM_DEVICE, &o->kvm_device },
	};
	const char *long_name;
	char name[64];
	size_t i;
	int c, at;

	program_invocation_name = "ppc-compat-caps";	/* error(3)'s prefix */
	*o = (struct opts){ .action = SHOW, .device = "/dev/ppc_compat_caps",
		.sysfs_dir = "/sys/class/misc/ppc_compat_caps",
		.cpuinfo = "/proc/cpuinfo", .kvm_hv_dir = "/sys/module/kvm_hv",
		.kvm_device = "/dev/kvm" };
	optind = 0;	/* glibc: start over */
	opterr = 0;
	for (at = 1; (c = getopt_long(argc, argv, "+:h", options, NULL)) != -1; at = optind) {
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(argv[at], "="), argv[at]);
		long_name = option_name(options, c == '?' || c == ':' ? optopt : c);
		if (c != 'h' && (!long_name || strncmp(name, "--", 2) ||
				 strcmp(name + 2, long_name)))	/* "--jso" too */
			return usage("unknown option '%s'", argv[at]);
		if (c == '?')
			return usage("option '%s' takes no argument", name);
		if (c == ':')
			return usage("option '%s' needs an argument", name);
		if (optarg && !*optarg)
			return usage("option '%s' needs a non-empty argument", name);
		switch (c) {
		case 'h':
		case HELP:
		case VERSION:
			o->action = c == VERSION ? VERSION : HELP;
			return 0;
		case SYSFS:
			o->use_sysfs = 1;
			break;
		case CHECK:
			o->check_bit = mode_bit(optarg);
			if (!o->check_bit)
				return usage("unknown mode '%s' for --check %s", optarg,
					     "(power9, power10 or power11)");
			fallthrough;
		case JSON:
		case QEMU:
		case BEST:
			if (o->action != SHOW && o->action != c)
				return usage("'--%s' and '%s' cannot be combined",
					     option_name(options, o->action), name);
			o->action = c;
			break;
		default:	/* a path */
			for (i = 0; i < ARRAY_SIZE(paths); i++)
				if (paths[i].val == c)
					*paths[i].to = optarg;
		}
	}
	if (optind < argc)
		return usage("unexpected argument '%s'", argv[optind]);
	return 0;
}

static const char help[] =
	"Usage: ppc-compat-caps [--json | --qemu | --best | --check MODE] [--sysfs]\n"
	"         [--device PATH] [--sysfs-dir PATH] [--cpuinfo PATH] [--kvm-hv-dir PATH]\n"
	"         [--kvm-device PATH]\n"
	"Which processor compatibility modes a nested KVM guest may use on this\n"
	"IBM POWER host: the ppc_compat_caps module's answer, checked against the\n"
	"kernel's KVM_PPC_GET_COMPAT_CAPS (Linux 7.3), or KVM's without the module.\n\n"
	"  (no option)        where the answer comes from, backend, usable modes (newest\n"
	"                     first), the best mode, the layers behind them, why each\n"
	"                     missing mode is missing, what the raw PVR would suggest\n"
	"  --json             the same as one JSON object\n"
	"  --qemu             max-cpu-compat=MODE for QEMU's -M pseries, best mode\n"
	"  --best             the best (newest) usable mode's name\n"
	"  --check MODE       exit 0 when MODE (power9, power10, power11) is usable\n"
	"  --sysfs            read the module's sysfs attributes instead of its ioctl\n"
	"  --device PATH      the module's device (default /dev/ppc_compat_caps)\n"
	"  --sysfs-dir PATH   the attributes (default /sys/class/misc/ppc_compat_caps)\n"
	"  --cpuinfo PATH     where the raw PVR is (default /proc/cpuinfo)\n"
	"  --kvm-hv-dir PATH  present when kvm-hv is loaded (default /sys/module/kvm_hv)\n"
	"  --kvm-device PATH  KVM's device (default /dev/kvm)\n"
	"  -h, --help         this help\n"
	"  --version          the version\n\n"
	"Exit status: 0 success, 1 --check MODE not usable, 2 usage error, 3 no answer\n"
	"(neither the module nor KVM; each says why), 4 permission denied, 5 device\n"
	"error, 6 no usable mode (--qemu, --best), 7 the module and KVM disagree.\n"
	"See ppc-compat-caps(1) and ppc_compat_caps(4).\n";

/* A JSON string, every byte outside printable ASCII escaped; or null. */
static void json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (; *p; p++)
		fprintf(f, *p == '"' || *p == '\\' ? "\\%c" :
			*p == '\n' ? "\\n" : *p == '\t' ? "\\t" :
			*p < 0x20 || *p >= 0x7f ? "\\u%04x" : "%c", *p);
	fputc('"', f);
}

/* ", "KEY": "0x..."", DIGITS hex digits; or null unless HAVE. */
static void json_hex(FILE *f, const char *key, int have, int digits, uint64_t v)
{
	fprintf(f, have ? ", \"%s\": \"0x%0*" PRIx64 "\"" : ", \"%s\": null", key, digits, v);
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
		fprintf(f, "%s\"%s\"", sep, pcc_mode_name(m));
	fprintf(f, "], \"mask\": \"0x%016" PRIx64 "\", \"best\": ", r->mask);
	json_string(f, pcc_mode_name(r->mask));
	json_hex(f, "raw_pvr", r->have_pvr, 8, r->pvr);
	fprintf(f, r->have_size ? ", \"size\": %" PRIu64 : ", \"size\": null", r->size);
	json_hex(f, "hypervisor_mask", r->have_offered, 16, r->offered);
	json_hex(f, "kvm_mask", r->have_kvm, 16, r->kvm);
	json_hex(f, "cpu_version", r->have_cpu_version, 8, r->cpu_version);
	fprintf(f, ", \"kvm_hv_loaded\": %s", r->kvm_hv_loaded ? "true" : "false");
	fputs(pos ? ", \"removed\": [" : ", \"removed\": null", f);
	for (sep = "{"; pos && next_removed(&pos, mode, reason); sep = ", {") {
		fprintf(f, "%s\"mode\": ", sep);
		json_string(f, mode);
		fputs(", \"reason\": ", f);
		json_string(f, reason);
		fputc('}', f);
	}
	fputs(r->removed ? "]" : "", f);
	fprintf(f, ", \"source\": \"%s\"", r->from_kvm ? "kvm" : "module");
	json_hex(f, "kvm_answer", r->have_kvm_answer, 16, r->kvm_answer);
	fputs("}\n", f);
}

/*
 * The summary for a person: backend, modes, best, unknown bits; where sysfs
 * shows them, the layers (offered, kvm, mode, kvm-hv, a line per removed
 * mode and why); what the raw PVR suggests where it is not the best mode.
 */
static void print_show(FILE *f, const struct result *r)
{
	const char *best = pcc_mode_name(r->mask), *pos = r->removed;
	const char *raw = r->have_pvr ? pcc_mode_name(pcc_mask_from_raw_pvr(r->pvr)) : NULL;
	const char *mode = r->cpu_version == PCC_PVR_ARCH_207 ? "power8" :
			   pcc_mode_name(pcc_mask_from_cpu_version(r->cpu_version));
	char names[PCC_NAMES_MAX], token[32], reason[64];
	int i;

	pcc_mask_to_names(r->kvm_answer, names, sizeof(names));
	if (r->from_kvm)
		fputs("source:  KVM (KVM_PPC_GET_COMPAT_CAPS); the ppc_compat_caps module, not loaded, would say why modes are missing\n",
		      f);
	else if (!r->have_kvm_answer)
		fprintf(f,
			"source:  the ppc_compat_caps module; no check by KVM_PPC_GET_COMPAT_CAPS: %s\n",
			r->why_kvm);
	else if (r->kvm_answer == r->mask)
		fputs("source:  the ppc_compat_caps module; KVM_PPC_GET_COMPAT_CAPS agrees\n", f);
	else
		fprintf(f,
			"source:  the ppc_compat_caps module; KVM_PPC_GET_COMPAT_CAPS disagrees: %s (0x%016"
			PRIx64 ")\n", names, r->kvm_answer);
	pcc_mask_to_names(r->mask, names, sizeof(names));
	if (!r->from_kvm)
		fprintf(f, "backend: %s\n", r->backend ? r->backend : "unknown");
	fprintf(f, "modes:   %s\nbest:    %s\n", names, best ? best : "none");
	if (r->mask & ~PPC_COMPAT_CAP_KNOWN)
		fprintf(f, "other:   0x%016" PRIx64 " (bits this version does not know)\n",
			(uint64_t)(r->mask & ~PPC_COMPAT_CAP_KNOWN));
	if (r->have_kvm) {
		pcc_mask_to_names(r->offered, names, sizeof(names));
		if (r->have_offered)
			fprintf(f, "offered: %s (the hypervisor, 0x%016" PRIx64 ")\n", names,
				r->offered);
		pcc_mask_to_names(r->kvm, names, sizeof(names));
		fprintf(f, "kvm:     %s (what this kernel's KVM can use, 0x%016" PRIx64 ")\n",
			names, r->kvm);
		if (r->have_cpu_version)
			fprintf(f, "mode:    %s (cpu-version 0x%08" PRIx64 ")\n",
				mode ? mode : "unknown", r->cpu_version);
		else
			fputs("mode:    raw (no cpu-version)\n", f);
		fprintf(f, "kvm-hv:  %s\n", r->kvm_hv_loaded ? "loaded" :
			"not loaded (nested guests need it: modprobe kvm-hv; dmesg says why it refuses)");
		while (pos && next_removed(&pos, token, reason)) {
			for (i = PCC_WHY_COUNT - 1; i > PCC_WHY_NONE; i--)
				if (!strcmp(reason, pcc_whys[i].name))
					break;
			fprintf(f, "removed: %s: %s%s\n", token, pcc_whys[i].remedy ?: reason,
				pcc_whys[i].remedy ? "" : " (a reason this version does not know)");
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
	if (err == ENOENT || err == ENXIO || err == ENODEV)	/* ENXIO, ENODEV: a stale node */
		return EXIT_NO_ANSWER;	/* no module: main() says why, and asks KVM */
	fail("%s: %s (%s)", path, strerror(err), errno_name(err));
	return err == EACCES || err == EPERM ? EXIT_PERMISSION : EXIT_DEVICE;
}

/*
 * The start of DIR/NAME (of DIR itself if NAME is NULL), NUL-terminated,
 * one trailing newline dropped; 0 or an errno.
 */
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
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return err;
}

/*
 * Why the module gave no answer and what brings it, the first of: loaded
 * without its device, no LPAR (the kernel's test: an rtas node with
 * ibm,hypertas-functions), no build
 * for the running kernel (modules.dep), a kernel that loads only signed
 * modules (the setting named), not loaded.
 */
static void module_why(char *why, size_t len)
{
	char buf[4096], dep[300];
	const char *how = NULL;
	struct utsname u;
	int built = 0;
	FILE *f;

	if (!access("/sys/module/ppc_compat_caps", F_OK)) {
		snprintf(why, len,
			 "it is loaded, but its device is missing (udev has not made it, or another path was given)");
		return;
	}
	if (access("/proc/device-tree/rtas/ibm,hypertas-functions", F_OK) &&
	    access("/proc/device-tree/rtas@0/ibm,hypertas-functions", F_OK)) {
		snprintf(why, len,
			 "this host is no pseries LPAR (a PowerNV host, say): only an LPAR has nested-guest modes to report");
		return;
	}
	uname(&u);
	snprintf(dep, sizeof(dep), "/lib/modules/%s/modules.dep", u.release);
	f = fopen(dep, "re");
	while (f && !built && fgets(buf, sizeof(buf), f))
		built = !!strstr(buf, "/ppc_compat_caps.ko");
	if (f)
		fclose(f);
	if (!built && !access("/var/lib/dkms/ppc-compat-caps", F_OK))
		snprintf(why, len,
			 "DKMS has not built it for kernel %s, whose headers are missing: install linux-headers-%s",
			 u.release, u.release);
	else if (!built)
		snprintf(why, len, "it is not installed for kernel %s: install ppc-compat-caps-dkms",
			 u.release);
	if (!built)
		return;
	if (!read_file("/proc/cmdline", NULL, buf, sizeof(buf)) &&
	    strstr(buf, "module.sig_enforce=1"))
		how = "module.sig_enforce=1";
	else if (!read_file("/sys/kernel/security/lockdown", NULL, buf, sizeof(buf)) &&
		 strchr(buf, '[') && !strstr(buf, "[none]"))
		how = strstr(buf, "[integrity]") ? "lockdown=integrity" :
		      "lockdown=confidentiality";
	else if (!read_file("/sys/module/module/parameters/sig_enforce", NULL, buf,
			    sizeof(buf)) && buf[0] == 'Y')
		how = access("/proc/device-tree/ibm,secure-boot", F_OK) ?
		      "CONFIG_MODULE_SIG_FORCE" : "PowerVM Secure Boot";
	if (how)
		snprintf(why, len,
			 "this kernel loads only modules signed by a key it trusts (%s), which DKMS's own key is not: see ppc_compat_caps(4), SECURE BOOT",
			 how);
	else
		snprintf(why, len,
			 "it is not loaded: sudo systemctl start ppc-compat-caps (dmesg says why if it refuses)");
}

/*
 * KVM's own answer (Linux 7.3): KVM_CHECK_EXTENSION, a VM, then
 * KVM_PPC_GET_COMPAT_CAPS with the size first and flags 0; the size and
 * flags written back are checked. 0, or -1 with why in r->why_kvm.
 */
static int ask_kvm(const struct opts *o, struct result *r)
{
	struct kvm_ppc_compat_caps c = { .size = sizeof(c), .flags = 0 };
	const char *what = "kvm-hv is not loaded: modprobe kvm-hv (dmesg says why if it refuses)";
	int kvm = -1, vm = -1, err = 0;

	if (!access(o->kvm_hv_dir, F_OK)) {
		what = o->kvm_device;
		kvm = open(o->kvm_device, O_RDWR | O_CLOEXEC);
		err = kvm < 0 ? errno : 0;
	}
	if (kvm >= 0) {
		what = "this kernel's KVM does not have it (Linux 7.3 and later do)";
		if (ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_PPC_COMPAT_CAPS) > 0) {
			what = "KVM_CREATE_VM";
			vm = ioctl(kvm, KVM_CREATE_VM, 0);
			err = vm < 0 ? errno : 0;
		}
		close(kvm);
	}
	if (vm >= 0) {
		what = "KVM_PPC_GET_COMPAT_CAPS";
		err = ioctl(vm, KVM_PPC_GET_COMPAT_CAPS, &c) ? errno : 0;
		if (!err && (c.size != KVM_PPC_COMPAT_CAPS_SIZE_VER0 || c.flags))
			what = "it wrote back a size or flags it should not";
		else if (!err)
			what = NULL;
		close(vm);
	}
	if (what) {
		snprintf(r->why_kvm, sizeof(r->why_kvm), err ? "%s: %s (%s)" : "%s", what,
			 strerror(err), errno_name(err));
		return -1;
	}
	r->kvm_answer = c.compat_capabilities;
	r->have_kvm_answer = 1;
	return 0;
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
		fail("%s: unexpected content '%.*s' (expected 0x and 16 hex digits)", path,
		     (int)strcspn(buf, "\n"), buf);
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
	struct opts o;
	int rc, disagree = 0;

	rc = parse_args(argc, argv, &o);
	if (rc)
		return rc;
	if (o.action == HELP || o.action == VERSION) {
		fputs(o.action == HELP ? help : "ppc-compat-caps " PCC_VERSION "\n", stdout);
		return 0;
	}
	rc = read_mask(&o, &r);
	if (rc == EXIT_NO_ANSWER) {	/* no module: KVM's answer, if it has one */
		module_why(r.why_module, sizeof(r.why_module));
		if (ask_kvm(&o, &r)) {
			fail("no answer from the ppc_compat_caps module: %s", r.why_module);
			fail("no answer from KVM_PPC_GET_COMPAT_CAPS: %s", r.why_kvm);
			return EXIT_NO_ANSWER;
		}
		r.from_kvm = 1;
		r.have_size = 1;
		r.mask = r.kvm_answer;
		r.size = KVM_PPC_COMPAT_CAPS_SIZE_VER0;
	} else if (rc) {
		return rc;
	} else if (!ask_kvm(&o, &r) && r.kvm_answer != r.mask) {
		fail("the module answers 0x%016" PRIx64 " but KVM_PPC_GET_COMPAT_CAPS 0x%016" PRIx64
		     "; one of them is wrong: please report it", r.mask, r.kvm_answer);
		disagree = EXIT_DISAGREE;
	}
	if (o.action == CHECK)
		return disagree ?: r.mask & o.check_bit ? 0 : EXIT_UNSUPPORTED;
	if (o.action == QEMU || o.action == BEST) {
		if (!pcc_mode_name(r.mask)) {
			fail("no compatibility mode is usable for a nested guest on this host (mask 0x%016"
			     PRIx64 ")", r.mask);
			return disagree ?: EXIT_NO_MODE;
		}
		printf("%s%s\n", o.action == QEMU ? "max-cpu-compat=" : "", pcc_mode_name(r.mask));
		return disagree;
	}
	/* The rest may be missing: null, not an error. */
	r.have_pvr = !read_file(o.cpuinfo, NULL, cpuinfo, sizeof(cpuinfo)) &&
		     !parse_cpuinfo_pvr(cpuinfo, &r.pvr);
	r.kvm_hv_loaded = !access(o.kvm_hv_dir, F_OK);
	if (!r.from_kvm) {
		r.backend = read_file(o.sysfs_dir, "backend", backend, sizeof(backend)) ?
			    NULL : backend;
		r.have_offered = read_hex(&o, "hypervisor_caps_mask", &r.offered);
		r.have_kvm = read_hex(&o, "kvm_caps_mask", &r.kvm);
		r.have_cpu_version = read_hex(&o, "cpu_version", &r.cpu_version) &&
				     r.cpu_version <= UINT32_MAX;
		r.removed = read_file(o.sysfs_dir, "removed", removed, sizeof(removed)) ?
			    NULL : removed;
	}
	if (o.action == JSON)
		print_json(stdout, &r);
	else
		print_show(stdout, &r);
	return disagree;
}
