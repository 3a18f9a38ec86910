"""Serial `nbgrader autograde` versus `crmlab grade autograde --jobs N`, in one run; and the sandbox's cost.

    python benchmarks/bench_grading.py            # 200 submissions, 2 jobs
    python benchmarks/bench_grading.py --n 40     # a quicker run

Builds a scratch copy of the course (assignments/) in a temporary folder, makes
``n`` synthetic submissions of lab L1 (the solution, one per student id, so every
student is graded on a different shop), grades one copy with the plain serial
``nbgrader autograde`` and an identical copy with ``crmlab grade autograde``,
checks that both gradebooks hold exactly the same rows, and prints both times and
the ratio. Both commands are timed from the command line, start-up included, and both
grade with the course's configuration: sandboxed kernels and trusted checks.

Then it grades ``--sandbox-n`` submissions serially with ``crmlab grade autograde
--jobs 1`` twice, with and without the sandbox (``--unsafe``), and prints the
sandbox's cost per notebook and the ratio of the two runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
LAB = "L1_explore_shop"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200, help="number of submissions (default 200)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", action="store_true", help="keep the scratch courses")
    ap.add_argument("--sandbox-n", type=int, default=20, help="submissions for the sandbox cost (default 20)")
    args = ap.parse_args(argv)

    from crmlab.grading.course import copy_course, solution_submission
    from support.grading import gradebook_rows

    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    base = Path(tempfile.mkdtemp(prefix="crmlab-bench-grading-"))
    try:
        serial = copy_course(REPO / "assignments", base / "serial", with_gradebook=False)
        sol = solution_submission(serial, LAB, base / "solution")
        for i in range(args.n):
            shutil.copytree(sol, serial / "submitted" / f"b{i:04d}" / LAB)
        ours = base / "ours"
        shutil.copytree(serial, ours)

        t0 = time.perf_counter()
        p = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", LAB], cwd=serial, env=env,
                           capture_output=True, text=True)
        t_serial = time.perf_counter() - t0
        if p.returncode != 0:
            print(p.stderr[-3000:])
            return 1

        t0 = time.perf_counter()
        p = subprocess.run([sys.executable, "-m", "crmlab.grading", "--root", str(ours), "autograde", LAB,
                            "--jobs", str(args.jobs)], env=env, text=True)
        t_ours = time.perf_counter() - t0
        if p.returncode != 0:
            return 1

        same = gradebook_rows(serial) == gradebook_rows(ours)
        print(f"submissions: {args.n}   CPUs: {os.cpu_count()}")
        print(f"serial nbgrader autograde:        {t_serial:8.1f} s  ({t_serial / args.n:.2f} s per notebook)")
        print(f"crmlab grade autograde --jobs {args.jobs}:  {t_ours:8.1f} s  ({t_ours / args.n:.2f} s per notebook)")
        print(f"speed-up: {t_serial / t_ours:.2f}x   identical gradebooks: {same}")

        # the sandbox's own cost: the same submissions graded serially with and without it
        times = {}
        for mode in ("unsafe", "sandbox"):
            c = base / f"cost-{mode}"
            copy = copy_course(REPO / "assignments", c, with_gradebook=False)
            for i in range(args.sandbox_n):
                shutil.copytree(sol, copy / "submitted" / f"b{i:04d}" / LAB)
            cmd = [sys.executable, "-m", "crmlab.grading", "--root", str(copy), "autograde", LAB, "--jobs", "1",
                   "--no-progress"] + (["--unsafe"] if mode == "unsafe" else [])
            t0 = time.perf_counter()
            p = subprocess.run(cmd, env=env, capture_output=True, text=True)
            times[mode] = time.perf_counter() - t0
            if p.returncode != 0:
                print(p.stdout[-2000:], p.stderr[-2000:])
                return 1
        per = (times["sandbox"] - times["unsafe"]) / args.sandbox_n
        print(f"sandbox cost: {per:+.2f} s per notebook   sandboxed/unsandboxed: {times['sandbox'] / times['unsafe']:.2f}x "
              f"({args.sandbox_n} notebooks, serial)")
        return 0 if same else 1
    finally:
        if args.keep:
            print(f"kept: {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
