"""Inside the hub: the spawner, the authenticator and the per-user resource limits.

- :class:`ClassroomSpawner` is JupyterHub's ``LocalProcessSpawner`` with three changes:
  the server runs as the user's own system account ``<prefix><user name>`` (so hub user
  names stay the roster's student ids), it is put into a cgroup of its own with memory,
  CPU and process limits before it starts, and its output goes to a log in the user's
  home instead of the hub's log.
- :class:`RosterPasswordAuthenticator` checks each user's own password against the
  scrypt hashes the launcher wrote (``hub/passwords.json``, root only).
- :class:`Cgroup` makes and removes one cgroup per server: cgroup v2 where the machine
  has the unified hierarchy, else the v1 ``memory``, ``cpu`` and ``pids`` controllers.
  Where neither can be written (an unprivileged container), the limits that
  ``setrlimit`` can give are set (processes, core files) and the hub's log says that
  memory and CPU are not limited: use SystemdSpawner or KubeSpawner there.
"""

from __future__ import annotations

import asyncio
import json
import os
import pwd
import resource
import signal
import time
from pathlib import Path

from jupyterhub.auth import Authenticator
from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from traitlets import Integer, Unicode

import _classroom as cl

CGROUP_ROOT = Path("/sys/fs/cgroup")
SERVER_LOG = ".jupyterhub-server.log"


def parse_bytes(text) -> int:
    """``"1G"`` -> bytes (JupyterHub's ByteSpecification units: K, M, G, T)."""
    if isinstance(text, (int, float)):
        return int(text)
    text = str(text).strip()
    units = {"K": 2 ** 10, "M": 2 ** 20, "G": 2 ** 30, "T": 2 ** 40}
    if text[-1:].upper() in units:
        return int(float(text[:-1]) * units[text[-1].upper()])
    return int(text)


class Cgroup:
    """One cgroup (v2, or v1 memory/cpu/pids) named ``crmlab-<account>`` below the hub's own."""

    def __init__(self, name: str):
        self.name = f"crmlab-{name}"
        self.dirs: list[Path] = []
        self.version = 2 if (CGROUP_ROOT / "cgroup.controllers").is_file() else 1

    # -- where -----------------------------------------------------------------------------
    @staticmethod
    def _own_paths() -> dict:
        """``{controller: path of this process's cgroup}`` from /proc/self/cgroup."""
        out = {}
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            _, controllers, path = line.split(":", 2)
            for ctl in controllers.split(",") if controllers else [""]:
                out[ctl] = path
        return out

    @staticmethod
    def _v1_mount(controller: str) -> Path | None:
        for line in Path("/proc/self/mountinfo").read_text().splitlines():
            left, _, right = line.partition(" - ")
            fields = right.split()
            if fields and fields[0] == "cgroup" and controller in fields[-1].split(","):
                return Path(left.split()[4])
        return None

    # -- make / remove ---------------------------------------------------------------------
    def create(self, mem_bytes: int, cpus: float, pids: int) -> str:
        """Make the cgroup with its limits; return a description, or "" when not possible."""
        try:
            if self.version == 2:
                return self._create_v2(mem_bytes, cpus, pids)
            return self._create_v1(mem_bytes, cpus, pids)
        except OSError:
            self.remove()
            return ""

    def _create_v2(self, mem_bytes, cpus, pids) -> str:
        # Below the root of the hierarchy, which may have controllers in its subtree
        # (a cgroup holding processes may not, so not below the hub's own cgroup).
        parent = CGROUP_ROOT / "crmlab.classroom"
        parent.mkdir(exist_ok=True)
        (CGROUP_ROOT / "cgroup.subtree_control").write_text("+memory +cpu +pids")
        (parent / "cgroup.subtree_control").write_text("+memory +cpu +pids")
        d = parent / self.name
        d.mkdir(exist_ok=True)
        self.dirs = [d]
        (d / "memory.max").write_text(str(mem_bytes))
        if (d / "memory.swap.max").exists():
            (d / "memory.swap.max").write_text("0")
        (d / "cpu.max").write_text(f"{int(cpus * 100000)} 100000")
        (d / "pids.max").write_text(str(pids))
        return f"cgroup v2 {d}"

    def _create_v1(self, mem_bytes, cpus, pids) -> str:
        own = self._own_paths()
        dirs = {}
        for ctl in ("memory", "cpu", "pids"):
            mount = self._v1_mount(ctl)
            if mount is None:
                raise OSError(f"no cgroup v1 {ctl} controller")
            d = mount / own.get(ctl, "/").lstrip("/") / self.name
            d.mkdir(exist_ok=True)
            dirs[ctl] = d
        self.dirs = list(dirs.values())
        (dirs["memory"] / "memory.limit_in_bytes").write_text(str(mem_bytes))
        memsw = dirs["memory"] / "memory.memsw.limit_in_bytes"
        if memsw.exists():  # no swapping past the limit either
            memsw.write_text(str(mem_bytes))
        (dirs["cpu"] / "cpu.cfs_period_us").write_text("100000")
        (dirs["cpu"] / "cpu.cfs_quota_us").write_text(str(int(cpus * 100000)))
        (dirs["pids"] / "pids.max").write_text(str(pids))
        return f"cgroup v1 {dirs['memory']}"

    def procs_files(self) -> list[str]:
        return [str(d / "cgroup.procs") for d in self.dirs]

    def pids(self) -> set[int]:
        out = set()
        for f in self.procs_files():
            try:
                out |= {int(p) for p in Path(f).read_text().split()}
            except OSError:
                pass
        return out

    def memory_bytes(self) -> int | None:
        for d in self.dirs:
            for name in ("memory.current", "memory.usage_in_bytes"):
                if (d / name).exists():
                    return int((d / name).read_text())
        return None

    def remove(self, kill: bool = False) -> None:
        """Remove the cgroup; with ``kill``, first end what still runs in it (the server's leftovers)."""
        if kill:
            for pid in self.pids():
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        for d in self.dirs:
            for _ in range(50):
                try:
                    d.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:  # still busy for a moment after its last process ended
                    time.sleep(0.1)
        self.dirs = []


class ClassroomSpawner(LocalProcessSpawner):
    """LocalProcessSpawner: the user's own system account, a cgroup with limits, a private log."""

    account_prefix = Unicode(cl.DEFAULT_ACCOUNT_PREFIX, help="system account = prefix + hub user name").tag(
        config=True)
    pids_limit = Integer(512, help="most processes and threads of one server").tag(config=True)

    @property
    def account(self) -> str:
        return cl.account_name(self.account_prefix, self.user.name)

    def user_env(self, env):
        entry = pwd.getpwnam(self.account)
        env.update(USER=entry.pw_name, LOGNAME=entry.pw_name, HOME=entry.pw_dir, SHELL=entry.pw_shell)
        return env

    async def start(self):
        self._cgroup = Cgroup(self.account)
        where = self._cgroup.create(parse_bytes(self.mem_limit or "1G"), float(self.cpu_limit or 1.0),
                                    self.pids_limit)
        if where:
            self.log.info("limits of %s: memory %s, CPU %s, %s processes (%s)", self.user.name, self.mem_limit,
                          self.cpu_limit, self.pids_limit, where)
        else:
            self.log.warning("cgroups cannot be written here: memory and CPU of %s are NOT limited "
                             "(use SystemdSpawner or KubeSpawner, docs/classroom.md)", self.user.name)
        return await super().start()

    def make_preexec_fn(self, name):
        become = set_user_setuid(self.account)
        procs = self._cgroup.procs_files()
        nproc = self.pids_limit
        log = os.path.join(pwd.getpwnam(self.account).pw_dir, SERVER_LOG)

        def preexec():
            for f in procs:  # join the cgroup while still root
                with open(f, "w") as fh:
                    fh.write("0")
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            if not procs:
                resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
            become()
            os.umask(0o077)
            # stdin from /dev/null; stdout and stderr to the user's own log, opened as the user
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
            os.dup2(fd, 1)
            os.dup2(fd, 2)

        return preexec

    async def stop(self, now=False):
        await super().stop(now=now)
        cg = getattr(self, "_cgroup", None) or Cgroup(self.account)
        if not cg.dirs:  # after a hub restart: find it again without changing limits
            cg.dirs = [d for d in self._existing_dirs(cg)]
        await asyncio.get_running_loop().run_in_executor(None, lambda: cg.remove(kill=True))

    @staticmethod
    def _existing_dirs(cg: Cgroup):
        if cg.version == 2:
            d = CGROUP_ROOT / "crmlab.classroom" / cg.name
            return [d] if d.is_dir() else []
        own = cg._own_paths()
        out = []
        for ctl in ("memory", "cpu", "pids"):
            mount = cg._v1_mount(ctl)
            if mount is not None:
                d = mount / own.get(ctl, "/").lstrip("/") / cg.name
                if d.is_dir():
                    out.append(d)
        return out


class RosterPasswordAuthenticator(Authenticator):
    """Each roster member logs in with their own password (scrypt hashes in a root-only file).

    The file is read at every login, so the launcher can reset a password
    (``run.py --reset-password ID``) without restarting the hub.
    """

    password_file = Unicode(help="JSON {user: 'scrypt$salt$hash'} written by the launcher").tag(config=True)

    async def authenticate(self, handler, data):
        name = self.normalize_username((data or {}).get("username", ""))
        password = (data or {}).get("password", "")
        try:
            stored = json.loads(Path(self.password_file).read_text()).get(name)
        except (OSError, ValueError):
            self.log.error("cannot read %s", self.password_file)
            return None
        if not stored or not password:
            return None
        ok = await asyncio.get_running_loop().run_in_executor(None, cl.check_password, password, stored)
        return name if ok else None
