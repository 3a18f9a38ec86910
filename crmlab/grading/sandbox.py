"""A sandbox for every grading kernel: bubblewrap namespaces, an unprivileged user, limits.

A student's notebook is code the student wrote, run by the grader. :class:`Sandbox`
wraps the kernel's command line so that it runs

- in its own **mount namespace** that shows only the read-only Python environment
  (the interpreter, the virtual environment, crmlab itself and its shipped datasets),
  a private copy of this one submission, the student's public data file and an empty
  ``/tmp``: no course folder, no gradebook, no other submission, no home folders;
- in its own **pid namespace** (it sees only its own processes, and when the kernel
  ends every process it started ends with it: detached or not) and **network
  namespace** (no network at all; the kernel talks to the grader over Unix sockets in a
  folder shared with it);
- as an **unprivileged user**: when the grader is root, a dedicated uid per grading
  slot (:data:`SANDBOX_UID_BASE` + slot) with no capabilities and no supplementary
  groups; when the grader is an ordinary account, an unprivileged user namespace that
  maps the grader's own uid. A slot's uid belongs to one kernel at a time on the whole
  machine (:meth:`Sandbox.claimed` holds a lock on it), so two grading runs at once,
  say two instructors, never share a uid and with it a process limit;
- under **limits** (``prlimit``): CPU seconds, address space, processes, file size and
  open files.

Linux only, with ``bwrap`` on the PATH (Debian/Ubuntu: ``apt-get install bubblewrap``).
:func:`check_sandbox` says whether it works here and, if not, why.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import crmlab

__all__ = ["Limits", "Sandbox", "SandboxUnavailable", "check_sandbox", "python_paths", "SANDBOX_UID_BASE"]

SANDBOX_UID_BASE = 61000
SANDBOX_SLOTS = 512  # uids SANDBOX_UID_BASE .. SANDBOX_UID_BASE + 511
HOME = "/home/student"
# root-owned, so no account (and no kernel) can hold a slot's lock
LOCK_DIR = Path("/run/crmlab-sandbox")


class SandboxUnavailable(RuntimeError):
    """No sandbox can be had on this machine; the message says why and what to do."""


@dataclass
class Limits:
    """Resource limits of one grading kernel (``prlimit`` names)."""

    cpu_seconds: int = 900
    memory_bytes: int = 4 * 1024**3
    processes: int = 256
    file_bytes: int = 256 * 1024**2
    open_files: int = 1024

    def prlimit_args(self, extra_processes: int = 0) -> list[str]:
        return [f"--cpu={self.cpu_seconds}", f"--as={self.memory_bytes}",
                f"--nproc={self.processes + extra_processes}", f"--fsize={self.file_bytes}",
                f"--nofile={self.open_files}"]


def _tool(name: str) -> str | None:
    for d in ("/usr/bin", "/bin", "/usr/local/bin"):
        p = Path(d) / name
        if p.is_file() and os.access(p, os.X_OK):
            return str(p)
    return shutil.which(name)


def python_paths() -> list[Path]:
    """What the kernel's Python needs to see (read-only): the interpreter, the virtual
    environment, and crmlab with its datasets (never the folder that holds them)."""
    paths = [Path(os.path.realpath(sys.base_prefix)), Path(sys.prefix), Path(os.path.realpath(sys.prefix))]
    pkg = Path(crmlab.__file__).resolve().parent
    paths.append(pkg)
    data = pkg.parent / "datasets"  # a source checkout keeps the shipped shops beside the package
    if data.is_dir() and not (pkg / "_datasets").is_dir():
        paths.append(data)
    out = []
    for p in paths:
        if p not in out and p.exists():
            out.append(p)
    return out


@dataclass
class Sandbox:
    """Command lines that run a program inside a grading sandbox.

    Parameters
    ----------
    slot : int, default=0
        Grading slot (a parallel worker); as root, the sandbox uid is
        ``SANDBOX_UID_BASE + slot``, so a fork bomb in one slot cannot starve another.
    limits : Limits
        Resource limits.
    ro_paths : list of Path, optional
        Read-only paths, shown at the same place (default: :func:`python_paths`).
    """

    slot: int = 0
    limits: Limits = field(default_factory=Limits)
    ro_paths: list = field(default_factory=python_paths)

    _lock: object = field(default=None, init=False, repr=False, compare=False)

    @property
    def as_root(self) -> bool:
        return os.geteuid() == 0

    @contextlib.contextmanager
    def claimed(self):
        """Hold this sandbox's uid for the whole machine while the block runs.

        As root, the uid of ``slot`` is taken if no other grading kernel on the machine
        holds it, else the next free one (``slot`` is then updated): the process limit
        counts per uid, so a uid shared by two kernels would share its limit, and one
        student's fork bomb could starve another's kernel. As an ordinary account the
        user namespace maps the grader's own uid and there is nothing to claim.
        """
        if not self.as_root or self._lock is not None:
            yield self
            return
        LOCK_DIR.mkdir(mode=0o755, exist_ok=True)
        start = int(self.slot) % SANDBOX_SLOTS
        for i in range(SANDBOX_SLOTS):
            slot = (start + i) % SANDBOX_SLOTS
            f = open(LOCK_DIR / f"{SANDBOX_UID_BASE + slot}.lock", "a")  # not inherited by the kernel
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                f.close()
                continue
            self.slot, self._lock = slot, f
            break
        else:
            raise SandboxUnavailable(f"所有 {SANDBOX_SLOTS} 个评分沙箱都在使用中，请稍后再评分。 / All {SANDBOX_SLOTS} "
                                     "grading sandboxes are in use on this machine; grade again later.")
        try:
            yield self
        finally:
            self._lock = None
            f.close()  # closing releases the lock

    @property
    def uid(self) -> int:
        return SANDBOX_UID_BASE + int(self.slot) if self.as_root else os.getuid()

    @property
    def gid(self) -> int:
        return SANDBOX_UID_BASE + int(self.slot) if self.as_root else os.getgid()

    def give(self, path) -> None:
        """Make ``path`` (a folder the grader made for the sandbox) the sandbox user's."""
        if self.as_root:
            os.chown(path, self.uid, self.gid)

    def _extra_processes(self) -> int:
        """Without a uid of its own, the process limit counts the grader's processes too."""
        if self.as_root:
            return 0
        try:
            me = os.getuid()
            return sum(1 for p in Path("/proc").iterdir() if p.name.isdigit() and p.stat().st_uid == me) * 4
        except OSError:
            return 4096

    def command(self, argv, *, binds=(), ro_binds=(), workdir=HOME, env=None) -> list[str]:
        """``argv`` wrapped in bwrap, setpriv (as root) and prlimit.

        Parameters
        ----------
        argv : list of str
            The program and its arguments (as the sandbox sees paths).
        binds : iterable of (source, dest)
            Writable folders (owned by the sandbox user).
        ro_binds : iterable of (source, dest)
            Extra read-only files or folders.
        workdir : str
            The working folder inside.
        env : dict, optional
            The whole environment inside (nothing else of the grader's leaks in).
        """
        bwrap = _tool("bwrap")
        if bwrap is None:
            raise SandboxUnavailable(_why_missing("bwrap"))
        args = [bwrap, "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
                "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--hostname", "grading"]
        if not self.as_root:
            # an unprivileged user namespace; nested ones are refused
            args += ["--unshare-user", "--disable-userns"]
        made = {"/"}

        def mkdirs(dest: str) -> None:
            parts = Path(dest).parts[1:]
            for i in range(1, len(parts)):
                d = "/" + "/".join(parts[:i])
                if d not in made:
                    args.extend(["--perms", "0755", "--dir", d])
                    made.add(d)

        for top in ("usr", "bin", "lib", "lib64", "sbin"):
            p = Path("/") / top
            if p.is_symlink():
                args += ["--symlink", os.readlink(p), str(p)]
            elif p.is_dir():
                args += ["--ro-bind", str(p), str(p)]
            made.add(str(p))
        for p in ("/etc/alternatives", "/etc/ld.so.cache", "/etc/localtime", "/etc/fonts"):
            if os.path.exists(p):
                mkdirs(p)
                args += ["--ro-bind", p, p]
        system = ("/usr", "/bin", "/lib", "/lib64", "/sbin")
        ro = sorted({str(p) for p in self.ro_paths}, key=len)
        for i, p in enumerate(ro):
            # a path inside a system folder or inside another read-only path is already there
            if any(p == m or p.startswith(m.rstrip("/") + "/") for m in system + tuple(ro[:i])):
                continue
            mkdirs(p)
            args += ["--ro-bind", p, p]
            made.add(p)
        args += ["--proc", "/proc", "--dev", "/dev", "--size", str(512 * 1024**2), "--tmpfs", "/tmp",
                 "--perms", "0755", "--dir", "/home"]
        made |= {"/proc", "/dev", "/tmp", "/home"}
        for src, dest in binds:
            mkdirs(dest)
            args += ["--bind", str(src), str(dest)]
            made.add(str(dest))
        for src, dest in ro_binds:
            mkdirs(dest)
            args += ["--ro-bind", str(src), str(dest)]
            made.add(str(dest))
        args += ["--chdir", workdir, "--clearenv"]
        for k, v in (env or {}).items():
            args += ["--setenv", k, str(v)]
        args.append("--")
        if self.as_root:
            args += [_tool("setpriv") or "setpriv", f"--reuid={self.uid}", f"--regid={self.gid}", "--clear-groups",
                     "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"]
        args += [_tool("prlimit") or "prlimit", *self.limits.prlimit_args(self._extra_processes()), "--"]
        return args + list(argv)


def _why_missing(tool: str) -> str:
    return (f"找不到 {tool}：评分沙箱需要 Linux 和 bubblewrap（Debian/Ubuntu：sudo apt-get install bubblewrap）。"
            f"在 macOS 或 Windows 上请在班级服务器、Linux 虚拟机或 WSL2 中评分；确实要在没有沙箱的情况下评分，请加 --unsafe。 / "
            f"{tool} not found: the grading sandbox needs Linux and bubblewrap (Debian/Ubuntu: sudo apt-get install "
            f"bubblewrap). On macOS or Windows grade on the class server, in a Linux VM or in WSL2; to grade without a "
            f"sandbox anyway, pass --unsafe.")


_checked: dict = {}


def check_sandbox() -> str | None:
    """``None`` when the sandbox works on this machine, else the reason (zh / en)."""
    if "result" in _checked:
        return _checked["result"]
    if not sys.platform.startswith("linux"):
        result = ("评分沙箱只支持 Linux（需要 bubblewrap）。 / The grading sandbox needs Linux (with bubblewrap). "
                  "Grade on the class server, in a Linux VM or in WSL2, or pass --unsafe.")
    else:
        missing = [t for t in ("bwrap", "prlimit") + (("setpriv",) if os.geteuid() == 0 else ()) if _tool(t) is None]
        if missing:
            result = _why_missing(missing[0])
        else:
            result = None
            with tempfile.TemporaryDirectory(prefix="crmlab-sbx-check-") as tmp:
                box = Sandbox(slot=0)
                os.chmod(tmp, 0o755)
                cmd = box.command([sys.executable, "-c", "import os, sys; sys.exit(0 if os.getuid() != 0 else 3)"],
                                  binds=[(tmp, HOME)], env={"PATH": "/usr/bin:/bin", "HOME": HOME})
                try:
                    box.give(tmp)
                    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
                except (OSError, subprocess.TimeoutExpired) as exc:
                    proc = None
                    detail = str(exc)
                else:
                    detail = (proc.stderr or proc.stdout).strip()[-400:]
                if proc is None or proc.returncode != 0:
                    result = ("评分沙箱无法启动（bubblewrap 需要可用的 user/pid/network 命名空间）： / The grading sandbox "
                              f"does not start here (bubblewrap needs user, pid and network namespaces): {detail}")
    _checked["result"] = result
    return result
