/* SPDX-License-Identifier: GPL-2.0 */
/* What the module learns from the platform; see the .c files. */
#ifndef PCC_BACKEND_H
#define PCC_BACKEND_H

#include <linux/types.h>

#include "caps_logic.h"

int pcc_nested_v2_probe(struct pcc_facts *f, long *status);
void pcc_partition_probe(struct pcc_facts *f, const u32 *update);

#endif /* PCC_BACKEND_H */
