// SPDX-License-Identifier: GPL-2.0
/*
 * copy_from_user(), copy_to_user(), check_zeroed_user() and the
 * user-access window (unsafe_get_user/unsafe_put_user) over the simulated
 * user memory, with the kernel's semantics: copies stop at the
 * first inaccessible byte and return the number of bytes not copied
 * (copy_from_user zero-fills the rest of its destination).
 */
#include <stdint.h>
#include <string.h>

#include "kernel_shim.h"
#include "user_mem.h"

struct user_mem umem;

void umem_reset(unsigned char fill)
{
	memset(umem.bytes, fill, sizeof(umem.bytes));
	memset(umem.perm, UMEM_R | UMEM_W, sizeof(umem.perm));
	memset(umem.written, 0, sizeof(umem.written));
	umem.windows = 0;
	umem.open = 0;
	umem.misuse = 0;
}

void umem_protect(size_t off, size_t len, unsigned char perm)
{
	memset(umem.perm + off, perm, len);
}

long umem_written_outside(size_t off, size_t len)
{
	size_t i;

	for (i = 0; i < UMEM_SIZE; i++)
		if (umem.written[i] && (i < off || i >= off + len))
			return (long)i;
	return -1;
}

/* Offset of a user pointer, or -1 when it is outside the simulation. */
static long uoff(const void *p)
{
	uintptr_t a = (uintptr_t)p, b = (uintptr_t)umem.bytes;

	return a >= b && a < b + UMEM_SIZE ? (long)(a - b) : -1;
}

static int accessible(long off, unsigned char perm)
{
	return off >= 0 && off < UMEM_SIZE && (umem.perm[off] & perm) == perm;
}

unsigned long copy_from_user(void *to, const void *from, unsigned long n)
{
	long off = uoff(from);
	unsigned long i;

	for (i = 0; i < n; i++) {
		if (off < 0 || !accessible(off + (long)i, UMEM_R)) {
			memset((char *)to + i, 0, n - i);
			return n - i;
		}
		((unsigned char *)to)[i] = umem.bytes[off + i];
	}
	return 0;
}

unsigned long copy_to_user(void *to, const void *from, unsigned long n)
{
	long off = uoff(to);
	unsigned long i;

	for (i = 0; i < n; i++) {
		if (off < 0 || !accessible(off + (long)i, UMEM_W))
			return n - i;
		umem.bytes[off + i] = ((const unsigned char *)from)[i];
		umem.written[off + i] = 1;
	}
	return 0;
}

int check_zeroed_user(const void *from, size_t size)
{
	long off = uoff(from);
	size_t i;

	for (i = 0; i < size; i++) {
		if (off < 0 || !accessible(off + (long)i, UMEM_R))
			return -EFAULT;
		if (umem.bytes[off + i])
			return 0;
	}
	return 1;
}

bool umem_access_begin(const void *ptr, size_t len)
{
	(void)ptr;
	(void)len;
	if (umem.open)
		umem.misuse++;
	umem.windows++;
	umem.open = 1;
	return true;
}

void umem_access_end(void)
{
	if (!umem.open)
		umem.misuse++;
	umem.open = 0;
}

int umem_get(void *to, const void *from, size_t n)
{
	if (!umem.open)
		umem.misuse++;
	return copy_from_user(to, from, n) ? -EFAULT : 0;
}

int umem_put(void *to, const void *from, size_t n)
{
	if (!umem.open)
		umem.misuse++;
	return copy_to_user(to, from, n) ? -EFAULT : 0;
}
