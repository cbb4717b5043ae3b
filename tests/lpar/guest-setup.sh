#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# pcc-guest-setup: run once in the new Debian root (chroot from the
# initramfs, after debootstrap's second stage) to make it the LPAR an admin
# has before our packages: a bootable systemd system whose apt reads the
# local repository on the pcc disk, with LPAR_BASE_PKGS (a kernel, gcc,
# make, dkms, ...) installed by apt. Prints "pcc-guest-setup rc=N" last.
set -u
. /mnt/pcc/lpar.env
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8

setup() {
	echo lpar > /etc/hostname
	printf '127.0.0.1\tlocalhost\n127.0.1.1\tlpar\n' > /etc/hosts
	echo 'LABEL=root / ext4 defaults 0 0' > /etc/fstab
	echo 'deb [trusted=yes] file:/mnt/pcc/repo ./' > /etc/apt/sources.list
	# The README's commands run as written, with nobody at the terminal:
	# apt takes the answer an admin gives at its prompt.
	echo 'APT::Get::Assume-Yes "true";' > /etc/apt/apt.conf.d/90pcc-assume-yes
	# Why: the LPAR boots with QEMU's -kernel and a small initramfs of
	# its own; update-initramfs costs ~600 s of TCG per kernel for an
	# image nothing boots. A local diversion, as an admin would make.
	dpkg-divert --local --rename --add /usr/sbin/update-initramfs &&
		ln -s /bin/true /usr/sbin/update-initramfs || return 1

	# The test stage of each boot: a oneshot after boot, reading its
	# script from the pcc disk; nothing happens on a boot without one.
	cat > /usr/local/sbin/pcc-lpar-stage <<'EOS'
#!/bin/sh
# Run the ppc-compat-caps test stage from the pcc disk, if there is one.
for i in $(seq 1 60); do
	[ -e /dev/disk/by-label/pcc ] && [ -e /dev/virtio-ports/pcc.results ] && break
	sleep 0.5
done
[ -e /dev/disk/by-label/pcc ] || exit 0
mkdir -p /mnt/pcc
mountpoint -q /mnt/pcc || mount -o ro LABEL=pcc /mnt/pcc || exit 1
exec /mnt/pcc/stage.sh
EOS
	chmod 755 /usr/local/sbin/pcc-lpar-stage
	cat > /etc/systemd/system/pcc-lpar.service <<'EOS'
[Unit]
Description=ppc-compat-caps LPAR test stage
After=multi-user.target

[Service]
Type=simple
ExecStart=/usr/local/sbin/pcc-lpar-stage
StandardOutput=journal

[Install]
WantedBy=multi-user.target
EOS
	systemctl enable pcc-lpar.service || return 1

	mount -t proc proc /proc
	mount -t sysfs sys /sys
	apt-get -q update || return 1
	# shellcheck disable=SC2086
	apt-get -q install -y --no-install-recommends $LPAR_BASE_PKGS || return 1
	apt-get clean
	umount /proc /sys
}
setup
echo "pcc-guest-setup rc=$?"
