/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A simulated user address space for the unit tests: one buffer whose bytes
 * are each readable, writable, both or neither, and a record of every byte
 * the code under test wrote.
 */
#ifndef PCC_USER_MEM_H
#define PCC_USER_MEM_H

#include <stddef.h>

#define UMEM_SIZE	20000
#define UMEM_R		1
#define UMEM_W		2

struct user_mem {
	unsigned char bytes[UMEM_SIZE];
	unsigned char perm[UMEM_SIZE];
	unsigned char written[UMEM_SIZE];
	int windows;		/* user-access windows opened */
	int open;		/* ... and not yet closed */
	int misuse;		/* unsafe_* outside a window, nested windows */
};

extern struct user_mem umem;

/* Everything readable and writable, filled with 'fill', nothing written. */
void umem_reset(unsigned char fill);
void umem_protect(size_t off, size_t len, unsigned char perm);
/* Offset of the first byte written outside [off, off + len), or -1. */
long umem_written_outside(size_t off, size_t len);

#endif /* PCC_USER_MEM_H */
