"""The grading sandbox, attacked directly: what a student's code can see and do inside it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from crmlab.grading.sandbox import HOME, Limits, Sandbox, check_sandbox, python_paths

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(check_sandbox() is not None, reason=f"no sandbox here: {check_sandbox()}")


def run_inside(code: str, tmp_path: Path, *, limits=None, timeout=60) -> subprocess.CompletedProcess:
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    os.chmod(tmp_path, 0o755)
    box = Sandbox(slot=3, limits=limits or Limits())
    with box.claimed():
        box.give(work)
        cmd = box.command([sys.executable, "-c", textwrap.dedent(code)], binds=[(work, HOME)],
                          env={"HOME": HOME, "PATH": "/usr/bin:/bin"})
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


@pytest.mark.skipif(os.geteuid() != 0, reason="uids per slot are given when grading as root")
def test_a_slots_uid_belongs_to_one_kernel_on_the_whole_machine():
    """Two grading runs at once (two instructors, two test workers) ask for slot 3: they get two uids."""
    first, second = Sandbox(slot=3), Sandbox(slot=3)
    with first.claimed():
        with second.claimed():
            assert first.uid != second.uid
            # another process (another grading run) cannot take either uid
            probe = subprocess.run([sys.executable, "-c", (
                "import fcntl, sys\n"
                f"f = open('/run/crmlab-sandbox/{first.uid}.lock', 'a')\n"
                "try:\n    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\nexcept BlockingIOError:\n    sys.exit(7)")])
            assert probe.returncode == 7
        again = Sandbox(slot=second.slot)
        with again.claimed():
            assert again.uid == second.uid  # released when the kernel's block ended
    assert oct(os.stat("/run/crmlab-sandbox").st_mode & 0o777) == "0o755"


def test_runs_as_an_unprivileged_user_with_no_capabilities(tmp_path):
    p = run_inside("""
        import os
        print(os.getuid(), os.geteuid(), os.getgid())
        status = open("/proc/self/status").read()
        print([l for l in status.splitlines() if l.startswith("CapEff")][0])
    """, tmp_path)
    assert p.returncode == 0, p.stderr
    uid = p.stdout.split()[0]
    assert uid != "0"
    assert "CapEff:\t0000000000000000" in p.stdout


def test_sees_no_course_no_home_and_no_grader_processes(tmp_path):
    secret = tmp_path / "course" / "gradebook.db"
    secret.parent.mkdir()
    secret.write_text("grades")
    p = run_inside(f"""
        import os
        probes = [{str(secret)!r}, {str(REPO / 'assignments')!r}, {str(REPO / 'assignments' / 'checks')!r},
                  "/etc/shadow", "/etc/passwd", {str(REPO / 'tests')!r}, {str(REPO / '.git')!r}]
        for path in probes:
            print(path, os.path.exists(path) and bool(os.listdir(path) if os.path.isdir(path) else True))
        allowed = {[str(p) for p in python_paths()]!r}
        for top in ("/root", "/work", "/home", "/srv", "/opt", "/var", "/mnt"):
            for dirpath, dirs, files in os.walk(top):
                if any(dirpath == a or dirpath.startswith(a + "/") for a in allowed):
                    dirs[:] = []
                    continue
                for f in files:
                    print("/LEAK", os.path.join(dirpath, f))
        print("pids", sorted(int(p) for p in os.listdir("/proc") if p.isdigit()))
        for pid in ("1", str(os.getppid())):
            try:
                print("cwd", pid, os.readlink(f"/proc/{{pid}}/cwd"))
            except OSError as exc:
                print("cwd", pid, type(exc).__name__)
    """, tmp_path)
    assert p.returncode == 0, p.stderr
    for line in p.stdout.splitlines():
        assert not line.startswith("/LEAK"), line
    probed = [line for line in p.stdout.splitlines() if line.startswith("/")]
    assert len(probed) == 7, p.stdout  # every probe answered ...
    assert all(line.endswith(" False") for line in probed), probed  # ... and none is there
    pids = eval(p.stdout.split("pids ")[1].splitlines()[0])
    assert max(pids) < 20  # its own pid namespace: a handful of processes, not the machine's
    assert "cwd 1 /home/student" in p.stdout or "cwd 1 PermissionError" in p.stdout


def test_has_no_network(tmp_path):
    p = run_inside("""
        import socket
        for host, port in (("127.0.0.1", 22), ("1.1.1.1", 53), ("10.0.0.1", 80)):
            try:
                socket.create_connection((host, port), timeout=2)
                print("connected", host)
            except OSError as exc:
                print("refused", host, type(exc).__name__)
        print(socket.if_nameindex())
    """, tmp_path)
    assert p.returncode == 0, p.stderr
    assert "connected" not in p.stdout
    assert "'lo'" in p.stdout and "eth" not in p.stdout


def test_python_environment_is_read_only(tmp_path):
    import crmlab

    p = run_inside(f"""
        import sys
        for path in ({sys.prefix!r}, {str(Path(crmlab.__file__).parent)!r}):
            try:
                open(path + "/planted.py", "w").write("x")
                print("WROTE", path)
            except OSError as exc:
                print("refused", type(exc).__name__)
        open("/home/student/mine.txt", "w").write("ok")  # its own copy is writable
        print("own ok")
    """, tmp_path)
    assert p.returncode == 0, p.stderr
    assert "WROTE" not in p.stdout and "own ok" in p.stdout
    assert not (Path(crmlab.__file__).parent / "planted.py").exists()


def test_detached_processes_die_with_the_sandbox(tmp_path):
    marker = tmp_path / "work" / "late.txt"
    p = run_inside("""
        import subprocess, sys
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3); open('/home/student/late.txt','w').write('x')"],
                         start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print("spawned")
    """, tmp_path)
    assert p.returncode == 0 and "spawned" in p.stdout
    time.sleep(4.5)
    assert not marker.exists()


def test_limits_bound_memory_processes_and_file_size(tmp_path):
    limits = Limits(memory_bytes=1024**3, processes=64, file_bytes=1024**2, cpu_seconds=20)
    p = run_inside("""
        import os
        try:
            b = bytearray(2 * 1024**3)
            print("ALLOCATED")
        except MemoryError:
            print("memory refused")
        try:
            with open("/home/student/big", "wb") as fh:
                fh.write(b"x" * (2 * 1024**2))
            print("WROTE BIG")
        except OSError as exc:
            print("file refused", exc.errno)
        kids = 0
        try:
            for _ in range(500):
                if os.fork() == 0:
                    import time; time.sleep(5); os._exit(0)
                kids += 1
        except OSError:
            pass
        print("forked", kids)
    """, tmp_path, limits=limits)
    assert "memory refused" in p.stdout and "ALLOCATED" not in p.stdout
    assert "file refused" in p.stdout and "WROTE BIG" not in p.stdout
    forked = int(p.stdout.split("forked ")[1].split()[0])
    assert forked < 64


def test_check_sandbox_explains_a_missing_bwrap(monkeypatch):
    from crmlab.grading import sandbox

    monkeypatch.setattr(sandbox, "_checked", {})
    monkeypatch.setattr(sandbox, "_tool", lambda name: None)
    why = sandbox.check_sandbox()
    assert "bubblewrap" in why and "--unsafe" in why
