// SPDX-License-Identifier: GPL-2.0
/*
 * ppc-compat-caps: which processor compatibility modes a nested KVM guest
 * may use on this IBM POWER host, as the ppc_compat_caps module says, for a
 * person (default), a script (--json, --check, --best) or QEMU (--qemu).
 *
 * This file: main() and the device, sysfs and /proc/cpuinfo access. The
 * formats and the option parsing are in cli.c. See ppc-compat-caps(1).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"

/* The version comes from debian/changelog, by the Makefile. */
#ifndef PCC_VERSION
#error "PCC_VERSION is not defined: build with make tool"
#endif

#define NOT_LOADED_HINT \
	"the ppc_compat_caps module is not loaded; run 'modprobe ppc_compat_caps' (or install the ppc-compat-caps DKMS package)"

#define NO_MODE_MSG \
	"no compatibility mode is usable for a nested guest on this host"

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	va_list ap;

	fputs(PCC_TOOL_NAME ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* One line for a file that could not be opened or read; the exit code. */
static int open_failed(const char *path, int err)
{
	char buf[32];
	const char *name = pcc_errno_name(err, buf, sizeof(buf));
	int code = pcc_open_exit(err);

	if (code == PCC_EXIT_NOT_LOADED)
		fail("%s: %s (%s): " NOT_LOADED_HINT, path, strerror(err),
		     name);
	else
		fail("%s: %s (%s)", path, strerror(err), name);
	return code;
}

/*
 * Read the start of a file, at most len - 1 bytes, into buf, NUL-terminated.
 * Return 0 or an errno.
 */
static int read_file(const char *path, char *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	while (got < len - 1) {
		n = read(fd, buf + got, len - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err = errno;
		if (n <= 0)
			break;
		got += n;
	}
	buf[got] = '\0';
	close(fd);
	return err;
}

static int sysfs_path(char *buf, size_t len, const char *dir,
		      const char *attr)
{
	if ((size_t)snprintf(buf, len, "%s/%s", dir, attr) >= len) {
		fail("%s/%s: path too long", dir, attr);
		return PCC_EXIT_USAGE;
	}
	return 0;
}

/* The mask from sysfs compat_caps_mask (--sysfs). */
static int mask_from_sysfs(const struct pcc_opts *o, uint64_t *mask)
{
	char path[4096], buf[64];
	int rc;

	rc = sysfs_path(path, sizeof(path), o->sysfs_dir, "compat_caps_mask");
	if (rc)
		return rc;
	rc = read_file(path, buf, sizeof(buf));
	if (rc)
		return open_failed(path, rc);
	if (pcc_parse_mask(buf, mask)) {
		pcc_chomp(buf);
		fail("%s: unexpected content '%s' (expected 0x and 16 hex digits)",
		     path, buf);
		return PCC_EXIT_DEVICE;
	}
	return 0;
}

/* The mask and the reply's size from PPC_COMPAT_CAPS_GET (default). */
static int mask_from_ioctl(const struct pcc_opts *o, uint64_t *mask,
			   uint64_t *size)
{
	struct ppc_compat_caps c = { .flags = 0, .size = sizeof(c) };
	char buf[32];
	int fd, err;

	fd = open(o->device, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return open_failed(o->device, errno);
	if (ioctl(fd, PPC_COMPAT_CAPS_GET, &c)) {
		err = errno;
		close(fd);
		fail("%s: PPC_COMPAT_CAPS_GET failed: %s (%s)", o->device,
		     pcc_errno_name(err, buf, sizeof(buf)), strerror(err));
		return err == EACCES || err == EPERM ? PCC_EXIT_PERMISSION :
		       PCC_EXIT_DEVICE;
	}
	close(fd);
	if (c.flags || c.size < PPC_COMPAT_CAPS_SIZE_VER0 ||
	    c.size > sizeof(c)) {
		fail("%s: PPC_COMPAT_CAPS_GET returned flags 0x%" PRIx64
		     " and size %" PRIu64 " (expected 0 and %zu)", o->device,
		     (uint64_t)c.flags, (uint64_t)c.size, sizeof(c));
		return PCC_EXIT_DEVICE;
	}
	*mask = c.compat_capabilities;
	*size = c.size;
	return 0;
}

/* A sysfs attribute's text, chomped, into buf; 0 when readable. */
static int read_attr(const struct pcc_opts *o, const char *attr, char *buf,
		     size_t len)
{
	char path[4096];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", o->sysfs_dir,
			     attr) >= sizeof(path) ||
	    read_file(path, buf, len))
		return -1;
	pcc_chomp(buf);
	return 0;
}

/* A 0x-prefixed hex attribute; 1 when present and well formed. */
static int read_hex_attr(const struct pcc_opts *o, const char *attr,
			 uint64_t *v)
{
	char buf[64], *end;

	if (read_attr(o, attr, buf, sizeof(buf)) || strncmp(buf, "0x", 2))
		return 0;
	errno = 0;
	*v = strtoull(buf, &end, 16);
	return !errno && end != buf + 2 && !*end;
}

/*
 * The layers behind the answer (hypervisor, KVM, the partition's mode, the
 * removed modes) and whether kvm-hv is loaded; any of them may be missing.
 */
static void read_layers(const struct pcc_opts *o, struct pcc_result *r,
			char *removed, size_t len)
{
	uint64_t v;

	r->have_offered = read_hex_attr(o, "hypervisor_caps_mask", &r->offered);
	r->have_kvm = read_hex_attr(o, "kvm_caps_mask", &r->kvm);
	r->have_cpu_version = read_hex_attr(o, "cpu_version", &v) &&
			      v <= UINT32_MAX;
	r->cpu_version = (uint32_t)v;
	r->removed = read_attr(o, "removed", removed, len) ? NULL : removed;
	r->kvm_hv_loaded = !access(o->kvm_hv_dir, F_OK);
}

/* The raw PVR from /proc/cpuinfo; 0 when found. */
static int read_pvr(const struct pcc_opts *o, uint32_t *pvr)
{
	static char text[65536];

	if (read_file(o->cpuinfo, text, sizeof(text)))
		return -1;
	return pcc_parse_cpuinfo_pvr(text, pvr);
}

int main(int argc, char **argv)
{
	struct pcc_result r = { 0 };
	struct pcc_opts o;
	char err[256], backend[256], removed[256];
	int rc;

	rc = pcc_parse_args(argc, argv, &o, err, sizeof(err));
	if (rc) {
		fail("%s; see '" PCC_TOOL_NAME " --help'", err);
		return rc;
	}
	if (o.action == PCC_ACT_HELP) {
		pcc_print_usage(stdout);
		return PCC_EXIT_OK;
	}
	if (o.action == PCC_ACT_VERSION) {
		puts(PCC_TOOL_NAME " " PCC_VERSION);
		return PCC_EXIT_OK;
	}

	if (o.use_sysfs)
		rc = mask_from_sysfs(&o, &r.mask);
	else
		rc = mask_from_ioctl(&o, &r.mask, &r.size);
	if (rc)
		return rc;
	r.have_size = !o.use_sysfs;

	switch (o.action) {
	case PCC_ACT_CHECK:
		return pcc_check(r.mask, o.check_bit);
	case PCC_ACT_QEMU:
	case PCC_ACT_BEST:
		rc = o.action == PCC_ACT_QEMU ? pcc_print_qemu(stdout, r.mask) :
		     pcc_print_best(stdout, r.mask);
		if (rc)
			fail(NO_MODE_MSG " (mask 0x%016" PRIx64 ")", r.mask);
		return rc;
	default:
		break;
	}

	/* The backend's name; NULL (not an error) when unreadable. */
	r.backend = read_attr(&o, "backend", backend, sizeof(backend)) ? NULL :
		    backend;
	r.have_pvr = !read_pvr(&o, &r.pvr);
	read_layers(&o, &r, removed, sizeof(removed));
	if (o.action == PCC_ACT_JSON)
		pcc_print_json(stdout, &r);
	else
		pcc_print_show(stdout, &r);
	return PCC_EXIT_OK;
}
