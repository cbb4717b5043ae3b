# SPDX-License-Identifier: GPL-2.0
# alloc-sites.awk: where the allocation-failure boot's injected failures
# happened, from its kernel log. "pcc-alloc: OP nth=N" lines (alloc-init.sh)
# open each try; "FAULT_INJECTION: forcing a failure." and the stack after
# it are the kernel's record of one injected failure. Its call site is the
# innermost frame of ppc_compat_caps and the function that frame called;
# a stack with no frame of the module failed in the kernel on the way
# (module loader, VFS, kernfs, device-tree code). Allocations made with
# __GFP_NOWARN fail without a record, so the counts here are a lower bound
# of the tries that injected.
# Prints per operation "op OP: R recorded, S distinct stacks, M in the
# module" and each module site with its count, then one line:
# "total: R recorded, S distinct stacks, C distinct call sites in the module".

function fname(line,    i, n, f, fn) {
	n = split(line, f, " ")
	for (i = 1; i <= n; i++)
		if (f[i] ~ /\+0x[0-9a-f]+\/0x[0-9a-f]+$/) {
			fn = f[i]
			sub(/\+0x.*/, "", fn)
			if (i < n && f[i + 1] == "[ppc_compat_caps]")
				fn = fn "@pcc"
			return fn
		}
	return ""
}

function finish(    i, key, site, callee) {
	if (!infault)
		return
	infault = intrace = 0
	key = op
	site = ""
	for (i = 1; i <= nf; i++) {
		key = key " " frames[i]
		if (site == "" && frames[i] ~ /@pcc$/) {
			callee = i > 1 ? frames[i - 1] : "?"
			site = frames[i] " -> " callee
		}
	}
	gsub(/@pcc/, "", site)
	if (!(key in stacks)) {
		stacks[key] = 1
		nstacks[op]++
		allstacks++
	}
	if (site != "") {
		inmod[op]++
		sites[op, site]++
		if (!((op, site) in seen)) {
			seen[op, site] = 1
			order[op] = order[op] "\n" site
		}
		if (!(site in allsites)) {
			allsites[site] = 1
			nsites++
		}
	}
}

/pcc-alloc: [a-z0-9]+ nth=[0-9]+/ {
	finish()
	op = $0
	sub(/.*pcc-alloc: /, "", op)
	sub(/ .*/, "", op)
	if (!(op in recorded)) {
		ops[++nops] = op
		recorded[op] = 0
	}
	next
}

/FAULT_INJECTION: forcing a failure/ {
	finish()
	infault = 1
	nf = 0
	recorded[op]++
	total++
	next
}

infault && /Call Trace:/ {
	intrace = 1
	next
}

infault && intrace {
	fn = fname($0)
	if (fn != "") {
		frames[++nf] = fn
		next
	}
	finish()
}

END {
	finish()
	for (i = 1; i <= nops; i++) {
		o = ops[i]
		printf "op %s: %d recorded, %d distinct stacks, %d in the module\n", o,
			recorded[o], nstacks[o], inmod[o]
		n = split(substr(order[o], 2), s, "\n")
		for (j = 1; j <= n; j++)
			if (s[j] != "")
				printf "    %s (%d)\n", s[j], sites[o, s[j]]
	}
	printf "total: %d recorded, %d distinct stacks, %d distinct call sites in the module\n",
		total, allstacks, nsites
}
