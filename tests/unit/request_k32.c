// SPDX-License-Identifier: GPL-2.0
/*
 * src/request.c built as if the module's struct had grown to 32 bytes (one
 * more u64 after compat_capabilities), as pcc_request_k32(): the unit tests
 * show what older, equal and newer callers get from such a module.
 */
#define PCC_REQUEST_KSIZE	32
#define pcc_request		pcc_request_k32
#include "../../src/request.c"
