/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tap.h: the TAP-style case lines of the C harnesses, the counterpart of
 * tap.sh. Header-only, one copy per program: tap_plan() declares how many
 * cases the next block will report (blocks' plans add up), tap_ok() prints one, tap_done() prints the count line
 * and returns the exit status, which is 1 when a case failed, none ran, or
 * the cases run differ from the plan: a harness cut short cannot pass.
 * TAP_ABORT_AFTER=N in the environment kills the program with SIGKILL
 * after its Nth case, as an OOM kill would: the negative control of the
 * harnesses that run it.
 */
#ifndef PCC_TAP_H
#define PCC_TAP_H

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static int tap_passed, tap_failed, tap_planned = -1;

/*
 * tap_plan - declare the number of cases of the block that follows; "# plan
 * NAME N" for the harness. Plans add up: tap_done() wants their sum.
 */
static inline void tap_plan(const char *name, int n)
{
	tap_planned = (tap_planned < 0 ? 0 : tap_planned) + n;
	printf("# plan %s %d\n", name, n);
	fflush(stdout);
}

static inline int tap_vok(int cond, const char *fmt, va_list ap)
{
	printf("%s - ", cond ? "ok" : "not ok");
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	if (cond)
		tap_passed++;
	else
		tap_failed++;
	if (getenv("TAP_ABORT_AFTER") &&
	    tap_passed + tap_failed == atoi(getenv("TAP_ABORT_AFTER")))
		raise(SIGKILL);
	return cond;
}

/* tap_ok - one case; returns COND so that callers can add detail lines. */
static inline int tap_ok(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static inline int tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cond = tap_vok(cond, fmt, ap);
	va_end(ap);
	return cond;
}

/* tap_done - "[NAME: ]N passed, N failed"; the exit status of the harness. */
static inline int tap_done(const char *name)
{
	int ran = tap_passed + tap_failed;

	if (tap_planned >= 0 && ran != tap_planned)
		tap_ok(0, "%s: %d cases of a plan of %d", name ? name : "plan",
		       ran, tap_planned);
	printf("%s%s%d passed, %d failed\n", name ? name : "", name ? ": " : "",
	       tap_passed, tap_failed);
	fflush(stdout);
	return tap_failed || !tap_passed ? 1 : 0;
}

#endif
