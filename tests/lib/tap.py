# SPDX-License-Identifier: GPL-2.0
"""tap.py: the TAP-style case lines of the Python harnesses, the
counterpart of tap.sh and tap.h. ok() prints one case (a failure's detail
follows as "#" lines); done() is the exit status: 1 when a case failed or
none ran."""
import sys

passed = 0
failed = 0


def ok(cond, what, detail=None):
    global passed, failed
    print(("ok - " if cond else "not ok - ") + what)
    if cond:
        passed += 1
    else:
        failed += 1
        if detail is not None:
            for line in str(detail).splitlines() or [""]:
                print("#   " + line)
    sys.stdout.flush()
    return cond


def done():
    return 1 if failed or not passed else 0
