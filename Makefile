# SPDX-License-Identifier: GPL-2.0
# Front end. The module itself is described by Kbuild; this file only drives
# native builds, the cross-built tests and the demo.

KERNELRELEASE ?= $(shell uname -r)
KERNELDIR ?= /lib/modules/$(KERNELRELEASE)/build
KERNEL ?= 6.12
# KERNELS="6.1 6.12": the kernels make check covers (default: all of kernels.conf)
KERNELS ?=
HOSTCC ?= cc
UNIT_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-Isrc -Iinclude/uapi -Itests/unit
LOGIC := src/modes.c src/hcall_status.c src/request.c
STYLE_FILES := src/*.c src/*.h include/uapi/*.h

.PHONY: all module modules_install clean check demo unit style cross e2e fuzz

all: module

# Native build on a ppc64le LPAR, against the running kernel's headers.
module:
	$(MAKE) -C $(KERNELDIR) M=$(CURDIR) modules

modules_install:
	$(MAKE) -C $(KERNELDIR) M=$(CURDIR) modules_install

check:
	KERNELS="$(KERNELS)" scripts/check.sh

demo:
	scripts/demo.sh

unit: build/unit/test_logic
	build/unit/test_logic

build/unit/test_logic: tests/unit/test_logic.c tests/unit/user_mem.c \
		tests/unit/*.h $(LOGIC) src/caps_logic.h include/uapi/*.h
	@mkdir -p $(@D)
	$(HOSTCC) $(UNIT_CFLAGS) -o $@ tests/unit/test_logic.c tests/unit/user_mem.c $(LOGIC)

style:
	perl "$$(scripts/fetch-checkpatch.sh)/checkpatch.pl" --strict --no-tree \
		--terse --show-types -f $(STYLE_FILES)
	@echo "checkpatch --strict: clean"

# libFuzzer on the pure logic: make fuzz FUZZ_SECONDS=600 (check runs 20 s).
FUZZ_SECONDS ?= 300
fuzz:
	tests/fuzz/run.sh $(FUZZ_SECONDS)

# Cross build for KERNEL (kernels.conf) with W=1 and sparse, and its
# end-to-end scenarios in QEMU.
cross:
	scripts/build-module.sh $(KERNEL)

e2e:
	tests/e2e/run.sh -k $(KERNEL)

clean:
	rm -rf build
	find . -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name '*.order' -o -name '*.symvers' | xargs rm -f
