"""How many students can one machine hold? Student servers added one by one, each running a lesson.

Starts the class server (classroom/run.py: JupyterHub + nbgrader + ngshare, loopback
only) in its secure mode, as in class: every student a system account of their own and a
server in its own cgroup (memory limit ``--mem-limit``, one CPU). It needs root, creates
accounts named ``cb<hex>-b0001``... and removes them at the end. With a roster of
``--max-students`` students it adds students one at a time. For each new student it:

1. spawns the student's server through the hub's REST API (time to ready);
2. starts a kernel and runs the lesson notebook ``notebooks/zh/00_start_here.ipynb``
   in it, cell by cell, through the kernel websocket (the student's own shop is
   simulated from their id, as in class); the kernel stays alive afterwards;
3. has **every** student so far run a small analysis cell at the same moment (the
   whole class pressing Shift-Enter together) and records the round-trip latency;
4. records memory: each student's processes (server + kernel) as resident size (RSS)
   and proportional set size (PSS: shared libraries split between the processes that
   map them, the fair share of one student), the hub's whole process tree, and the
   machine's available memory.

It stops at the first limit reached: ``--max-students`` (default 30), the class cell's
p95 latency above ``--max-latency`` seconds (default 2), the lesson taking more than
``--max-lesson`` seconds (default 90), available memory under ``--min-free`` of the
total (default 10 %), or ``--budget`` seconds of wall time (default 1200). It prints
one line per class size and a summary, then stops the hub.

Run: ``python benchmarks/bench_classroom.py [--max-students 30] [--port 8800]``
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import pwd
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "classroom"))
from run import Classroom  # noqa: E402

LESSON = ROOT / "notebooks" / "zh" / "00_start_here.ipynb"
CLASS_CELL = 'paid = shop.orders[shop.orders["payment_status"] == "paid"]\n' \
             'paid.groupby("customer_id")["amount"].agg(["size", "sum"]).describe()'


def _msg(code: str) -> dict:
    mid = uuid.uuid4().hex
    return {"header": {"msg_id": mid, "msg_type": "execute_request", "username": "bench", "session": mid,
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": False}}


class Kernel:
    """One running kernel of one student, spoken to over the server's websocket."""

    def __init__(self, ws_url: str, token: str):
        self.ws_url, self.token, self.ws = ws_url, token, None

    async def connect(self):
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        req = HTTPRequest(self.ws_url, headers={"Authorization": f"token {self.token}"}, request_timeout=60)
        self.ws = await websocket_connect(req)

    async def run(self, code: str, timeout: float = 120) -> tuple[float, str]:
        """Execute ``code``; return (seconds, status) when the kernel is idle again."""
        msg = _msg(code)
        t0 = time.perf_counter()
        await self.ws.write_message(json.dumps(msg))
        status, idle = None, False
        deadline = t0 + timeout
        while not (status and idle):
            left = deadline - time.perf_counter()
            if left <= 0:
                return time.perf_counter() - t0, "timeout"
            raw = await asyncio.wait_for(self.ws.read_message(), left)
            if raw is None:
                return time.perf_counter() - t0, "closed"
            if isinstance(raw, bytes):
                continue
            reply = json.loads(raw)
            if reply.get("parent_header", {}).get("msg_id") != msg["header"]["msg_id"]:
                continue
            if reply["msg_type"] == "execute_reply":
                status = reply["content"]["status"]
            elif reply["msg_type"] == "status" and reply["content"]["execution_state"] == "idle":
                idle = True
        return time.perf_counter() - t0, status


def _tree_rss(pid: int) -> int:
    proc = psutil.Process(pid)
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def _account_memory(uid: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes of every process of one account."""
    rss = pss = 0
    for p in psutil.process_iter(["uids"]):
        try:
            if p.info["uids"] and p.info["uids"].real == uid:
                full = p.memory_full_info()
                rss += full.rss
                pss += full.pss
        except psutil.Error:
            pass
    return rss, pss


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-students", type=int, default=30)
    ap.add_argument("--max-latency", type=float, default=2.0)
    ap.add_argument("--max-lesson", type=float, default=90.0)
    ap.add_argument("--min-free", type=float, default=0.10)
    ap.add_argument("--budget", type=float, default=1200.0)
    ap.add_argument("--port", type=int, default=8800)
    ap.add_argument("--mem-limit", default="1G", help="memory limit of one student server (default 1G)")
    args = ap.parse_args(argv)
    if os.geteuid() != 0:
        print("bench_classroom: the class server creates a system account per student: run as root")
        return 2
    t_start = time.monotonic()
    lesson_cells = ["".join(c["source"]) for c in json.loads(LESSON.read_text())["cells"]
                    if c["cell_type"] == "code"]

    rows, stop_reason = [], f"reached --max-students {args.max_students}"
    tmp = tempfile.mkdtemp(prefix="bench_classroom_", dir="/tmp")
    os.chmod(tmp, 0o755)  # the students' homes are inside
    try:
        roster = Path(tmp) / "roster.csv"
        students = [f"b{i:04d}" for i in range(1, args.max_students + 1)]
        with roster.open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["id", "name", "email", "role"])
            w.writerow(["teacher", "T", "t@x", "instructor"])
            w.writerows([s, s, f"{s}@x", "student"] for s in students)
        room = Classroom(state=Path(tmp) / "state", roster=roster, port=args.port, mode="secure",
                         account_prefix=f"cb{secrets.token_hex(2)}-", student_mem_limit=args.mem_limit,
                         cull_idle_seconds=0)
        t0 = time.monotonic()
        try:
            room.start(timeout=180)
        except BaseException:
            room.remove_accounts()
            raise
        hub_up = time.monotonic() - t0
        t_start = time.monotonic()  # the budget is for the students, not for the set-up
        mem = psutil.virtual_memory()
        print(f"machine: {psutil.cpu_count()} CPUs, {mem.total / 2**30:.1f} GiB RAM "
              f"({mem.available / 2**30:.1f} GiB available at start); set-up (accounts, course, "
              f"students' data) and hub in {hub_up:.1f}s")
        print(f"lesson: {LESSON.relative_to(ROOT)} ({len(lesson_cells)} code cells); "
              f"class cell: all students at once")
        print(f"{'n':>3} {'spawn s':>8} {'lesson s':>9} {'errors':>6} {'class p50 s':>11} {'class p95 s':>11} "
              f"{'hub tree MiB':>12} {'RSS/student':>11} {'PSS/student':>11} {'avail GiB':>9}")
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)

        async def class_cell():
            return await asyncio.gather(*(kk.run(CLASS_CELL, timeout=60) for kk in kernels))

        async def whole_lesson(k):
            t0 = time.perf_counter()
            for code in lesson_cells:
                await k.run(code, timeout=300)
            return time.perf_counter() - t0

        async def class_lesson():
            return await asyncio.gather(*(whole_lesson(kk) for kk in kernels))
        kernels: list[Kernel] = []
        try:
            for n, user in enumerate(students, start=1):
                if time.monotonic() - t_start > args.budget:
                    stop_reason = f"time budget {args.budget:.0f}s used"
                    break
                t0 = time.monotonic()
                url = room.start_server(user, timeout=240)
                spawn = time.monotonic() - t0
                token = room.user_token(user)
                kid = json.loads(room.request("POST", url + "api/kernels", token=token, data={"name": "python3"})[1])["id"]
                k = Kernel(url.replace("http://", "ws://") + f"api/kernels/{kid}/channels", token)
                loop.run_until_complete(k.connect())
                kernels.append(k)
                t0 = time.monotonic()
                errors = 0
                for code in lesson_cells:
                    _, status = loop.run_until_complete(k.run(code, timeout=args.max_lesson))
                    errors += status != "ok"
                lesson = time.monotonic() - t0
                lat = loop.run_until_complete(class_cell())
                times = sorted(t for t, _ in lat)
                p50 = statistics.median(times)
                p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
                rss = _tree_rss(room.proc.pid)
                per = [_account_memory(pwd.getpwnam(room.account(u)).pw_uid) for u in students[:n]]
                s_rss = statistics.mean(r for r, _ in per)
                s_pss = statistics.mean(p for _, p in per)
                avail = psutil.virtual_memory().available
                rows.append((n, spawn, lesson, errors, p50, p95, rss, avail, s_rss, s_pss))
                print(f"{n:>3} {spawn:>8.1f} {lesson:>9.1f} {errors:>6} {p50:>11.3f} {p95:>11.3f} "
                      f"{rss / 2**20:>12.0f} {s_rss / 2**20:>11.0f} {s_pss / 2**20:>11.0f} {avail / 2**30:>9.1f}",
                      flush=True)
                if p95 > args.max_latency:
                    stop_reason = f"class cell p95 {p95:.2f}s > {args.max_latency}s"
                    break
                if lesson > args.max_lesson:
                    stop_reason = f"lesson took {lesson:.0f}s > {args.max_lesson}s"
                    break
                if avail < args.min_free * mem.total:
                    stop_reason = f"available memory under {args.min_free:.0%}"
                    break
            if kernels and time.monotonic() - t_start < args.budget:
                # The start of a class: everybody runs the whole lesson at the same time.
                t0 = time.monotonic()
                each = loop.run_until_complete(class_lesson())
                print(f"all {len(kernels)} students run the whole lesson at once: last done after "
                      f"{time.monotonic() - t0:.1f}s (median student {statistics.median(each):.1f}s)")
        finally:
            for k in kernels:
                if k.ws is not None:
                    k.ws.close()
            loop.close()
            t0 = time.monotonic()
            rc = room.stop(timeout=120)
            print(f"hub stopped (exit {rc}) in {time.monotonic() - t0:.1f}s")
            room.remove_accounts()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if rows:
        ok = [r for r in rows if r[5] <= args.max_latency and r[2] <= args.max_lesson]
        n_ok = ok[-1][0] if ok else 0
        last = rows[-1]
        per_rss, per_pss = last[8] / 2**20, last[9] / 2**20
        print(f"\nstopped: {stop_reason}")
        print(f"held {last[0]} concurrent student servers with a lesson kernel each; "
              f"{n_ok} within the limits (class cell p95 <= {args.max_latency}s, lesson <= {args.max_lesson}s); "
              f"p95 of the class cell with all {last[0]}: {last[5]:.3f}s")
        print(f"memory per student (server + kernel with the lesson's shop): RSS {per_rss:.0f} MiB, "
              f"PSS {per_pss:.0f} MiB; the {mem.total / 2**30:.0f} GiB machine would fit "
              f"~{mem.available / 2**20 / per_pss:.0f} by memory alone")
    return 0


if __name__ == "__main__":
    sys.exit(main())
