"""Shared pieces of the class server: roster, folders, accounts, secrets and passwords.

Used by ``jupyterhub_config.py`` (inside the hub), by ``run.py`` (the launcher), by the
end-to-end tests and by the benchmark, so that all of them agree on where things live.

Two modes:

``secure`` (the class server; needs root)
    every roster member gets a system account of their own and their server runs as
    that account; per-student passwords; nbgrader's exchange is ngshare, a hub service
    that records the hub-authenticated submitter; memory, CPU and process limits per
    user; idle servers are culled.
``demo`` (one person trying it out; any user)
    every server runs as the launcher's own OS user, with one shared password (ngshare
    is the exchange here too). It protects nothing, so it refuses a roster of more
    than one student.

Layout of the state folder (secure mode: default ``/var/lib/crmlab-classroom``)::

    hub/                    root only (0700): jupyterhub.sqlite, cookie secret,
                            secrets.json, passwords.json (hashes), passwords.csv
                            (for the instructor), ngshare/ (database and files),
                            settings.json, the hub's log
    home/                   root, 0711 (nobody can list the class)
    home/<user>/            the user's home, 0700, owned by the user's account
    home/<instructor>/course/   the instructor's nbgrader course, owned by the instructor
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import os
import pwd
import secrets
import shutil
import signal
import stat
import string
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
VENV = Path(os.environ.get("CRMLAB_VENV", PROJECT / ".venv"))
COURSE_ID = "crmlab"
COURSE_SOURCE = PROJECT / "assignments"
NODE_PREFIX = PROJECT / "build"
CHP = NODE_PREFIX / "node_modules" / ".bin" / "configurable-http-proxy"
JUPYTER_ROLE_CONFIG = HERE / "jupyter"      # read-only Jupyter/nbgrader settings per role
SERVICE_NAME = "classroom-admin"            # the launcher's hub service (REST API, ngshare admin)
NGSHARE = "ngshare"
CULLER = "idle-culler"
# Hub user names that must never be roster ids: a student called "ngshare" or
# "classroom-admin" would share a name with a service.
RESERVED = {SERVICE_NAME, NGSHARE, CULLER, "root", "admin", "hub", "services", "user"}
ACCOUNT_MARK = "crmlab classroom"           # GECOS of every account the launcher creates
DEFAULT_ACCOUNT_PREFIX = "crm-"
DEFAULT_STATE = Path("/var/lib/crmlab-classroom")
DEMO_STATE = PROJECT / "build" / "classroom-demo"
USER_ENV = NODE_PREFIX / "classroom-env"    # the users' view of .venv when they cannot reach its Python
NGSHARE_EXCHANGE = "ngshare-exchange==0.5.3"   # see ensure_exchange() for why it is installed apart
STUDENT_DATA_DIR = "crmlab-data"            # ~/crmlab-data/ of each student

# Student servers must not show the instructor's tools: the formgrader server extension
# is off in the student role's Jupyter config, the lab plugins in its page_config.
STUDENT_SERVER_EXTENSIONS_OFF = ["nbgrader.server_extensions.formgrader"]
LAB_PLUGINS_OFF = ["@jupyterlab/apputils-extension:announcements"]
STUDENT_LAB_PLUGINS_OFF = LAB_PLUGINS_OFF + ["@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                                             "@jupyter/nbgrader:course-list"]


def is_root() -> bool:
    return os.geteuid() == 0


# --- roster ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Member:
    """One line of the roster: a hub user name and the nbgrader student record."""

    id: str
    first_name: str
    last_name: str
    email: str
    role: str  # "student" or "instructor"
    lang: str = "zh"  # JupyterLab's language: "zh" (default) or "en"


def read_roster(path) -> list[Member]:
    """Read a class roster CSV.

    Two layouts are accepted: ``id,name,email[,role][,lang]`` (classroom/roster.csv) and
    nbgrader's ``id,first_name,last_name,email`` (assignments/roster.csv). ``role`` is
    ``student`` (default) or ``instructor``; ``lang`` is ``zh`` (default) or ``en``.
    Ids become hub user names and, with a prefix, system account names, so they must be
    lower-case letters, digits, ``-``, ``_`` or ``.``.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"roster not found / 找不到花名册: {path}")
    members, seen = [], set()
    with path.open(newline="", encoding="utf-8-sig") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            uid = (row.get("id") or "").strip()
            if not uid:
                continue
            if (uid != uid.lower() or not set(uid) <= set(string.ascii_lowercase + string.digits + "-_.")
                    or uid.startswith((".", "-")) or len(uid) > 24):
                raise ValueError(f"{path}:{line}: id {uid!r} must be 1-24 lower-case letters, digits, '-', '_' or '.' "
                                 f"(it becomes the hub user name) / 学号只能包含小写字母、数字、-、_、.（最多 24 个字符）")
            if uid in RESERVED:
                raise ValueError(f"{path}:{line}: id {uid!r} is reserved for the server / 该用户名保留给服务器使用")
            if uid in seen:
                raise ValueError(f"{path}:{line}: id {uid!r} appears twice / 学号重复")
            seen.add(uid)
            role = (row.get("role") or "student").strip().lower() or "student"
            if role not in ("student", "instructor"):
                raise ValueError(f"{path}:{line}: role must be 'student' or 'instructor', got {role!r}")
            lang = (row.get("lang") or "zh").strip().lower() or "zh"
            if lang not in ("zh", "en"):
                raise ValueError(f"{path}:{line}: lang must be 'zh' or 'en', got {lang!r}")
            first = (row.get("first_name") or row.get("name") or "").strip()
            members.append(Member(uid, first, (row.get("last_name") or "").strip(),
                                  (row.get("email") or "").strip(), role, lang))
    if not any(m.role == "student" for m in members):
        raise ValueError(f"{path}: no student in the roster / 花名册里没有学生")
    return members


# --- folders and settings ------------------------------------------------------------------
@dataclass(frozen=True)
class Paths:
    state: Path

    @property
    def hub(self) -> Path:
        return self.state / "hub"

    @property
    def homes(self) -> Path:
        return self.state / "home"

    @property
    def secrets(self) -> Path:
        return self.hub / "secrets.json"

    @property
    def settings(self) -> Path:
        return self.hub / "settings.json"

    @property
    def password_hashes(self) -> Path:
        return self.hub / "passwords.json"

    @property
    def password_csv(self) -> Path:
        return self.hub / "passwords.csv"

    @property
    def ngshare(self) -> Path:
        return self.hub / "ngshare"

    @property
    def log(self) -> Path:
        return self.hub / "jupyterhub.log"

    def home(self, user: str) -> Path:
        return self.homes / user

    def course(self, instructor: str) -> Path:
        return self.home(instructor) / "course"


@dataclass
class Settings:
    """What the launcher decided; written to ``hub/settings.json`` and read by the hub config."""

    mode: str                     # "secure" or "demo"
    roster: str
    port: int
    account_prefix: str = DEFAULT_ACCOUNT_PREFIX
    course_id: str = COURSE_ID
    student_mem_limit: str = "1G"
    student_cpu_limit: float = 1.0
    instructor_mem_limit: str = "4G"
    instructor_cpu_limit: float = 2.0
    pids_limit: int = 512
    cull_idle_seconds: int = 3600
    cull_every_seconds: int = 300
    user_venv: str = str(VENV)    # the environment users' servers run from (see ensure_user_env)
    student_data: bool = False    # per-student data files were handed out (CRMLAB_COURSE is set)

    def save(self, paths: Paths) -> None:
        _write_private(paths.settings, json.dumps(asdict(self), indent=1))

    @classmethod
    def load(cls, paths: Paths) -> "Settings":
        return cls(**json.loads(paths.settings.read_text()))


def _write_private(path: Path, text: str) -> None:
    """Write a root-only (0600) file atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def prepare_state(paths: Paths, mode: str) -> None:
    """The state folder: ``hub/`` root only, ``home/`` traversable but not listable."""
    paths.state.mkdir(parents=True, exist_ok=True)
    paths.hub.mkdir(exist_ok=True)
    paths.homes.mkdir(exist_ok=True)
    if mode == "secure":
        for d, mode_bits in ((paths.state, 0o755), (paths.hub, 0o700), (paths.homes, 0o711)):
            st = os.lstat(d)
            if stat.S_ISLNK(st.st_mode) or st.st_uid != 0:
                raise RuntimeError(f"{d} must be a folder owned by root / 必须是 root 所有的目录")
            os.chmod(d, mode_bits)
    else:
        paths.hub.chmod(0o700)


def load_secrets(paths: Paths) -> dict:
    """The launcher's API token and the demo passwords, made once, kept in ``hub/secrets.json``.

    ``CRMLAB_CLASSROOM_PASSWORD`` / ``CRMLAB_CLASSROOM_ADMIN_PASSWORD`` override the demo
    passwords (the student password needs 8+ characters, the instructor's 32+).
    """
    data = json.loads(paths.secrets.read_text()) if paths.secrets.is_file() else {}
    data.setdefault("student_password", "crm-" + secrets.token_urlsafe(6))
    data.setdefault("instructor_password", secrets.token_urlsafe(32))
    data.setdefault("api_token", secrets.token_hex(32))
    data["student_password"] = os.environ.get("CRMLAB_CLASSROOM_PASSWORD", data["student_password"])
    data["instructor_password"] = os.environ.get("CRMLAB_CLASSROOM_ADMIN_PASSWORD", data["instructor_password"])
    _write_private(paths.secrets, json.dumps(data, indent=1))
    return data


# --- per-user passwords ----------------------------------------------------------------------
_SCRYPT = dict(n=2 ** 14, r=8, p=1, dklen=32)
# No 0/O/1/l/I: the instructor reads them out or prints them.
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        kind, salt, digest = stored.split("$")
    except ValueError:
        return False
    if kind != "scrypt":
        return False
    got = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), **_SCRYPT).hex()
    return hmac.compare_digest(got, digest)


def new_password(n: int = 12) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(n))


def ensure_passwords(paths: Paths, members: list[Member], reset=()) -> dict:
    """Give every roster member a password of their own; return ``{id: password}`` of all.

    Existing passwords are kept (``reset`` lists ids that get a new one). The hub only
    reads the scrypt hashes (``hub/passwords.json``); the plain passwords are in
    ``hub/passwords.csv`` for the instructor to hand out (both root only).
    """
    plain = {}
    if paths.password_csv.is_file():
        with paths.password_csv.open(newline="", encoding="utf-8") as fh:
            plain = {r["id"]: r["password"] for r in csv.DictReader(fh)}
    hashes = json.loads(paths.password_hashes.read_text()) if paths.password_hashes.is_file() else {}
    for m in members:
        if m.id not in plain or m.id in reset or m.id not in hashes:
            plain[m.id] = new_password(20 if m.role == "instructor" else 12)
            hashes[m.id] = hash_password(plain[m.id])
    ids = {m.id for m in members}
    plain = {k: v for k, v in plain.items() if k in ids}
    hashes = {k: v for k, v in hashes.items() if k in ids}
    _write_private(paths.password_hashes, json.dumps(hashes, indent=1))
    rows = ["id,name,role,password"] + [
        f"{m.id},{(m.first_name + ' ' + m.last_name).strip().replace(',', ' ')},{m.role},{plain[m.id]}"
        for m in members]
    _write_private(paths.password_csv, "\n".join(rows) + "\n")
    return plain


# --- system accounts ---------------------------------------------------------------------------
def account_name(prefix: str, user: str) -> str:
    name = prefix + user
    if len(name) > 32:
        raise ValueError(f"account name {name!r} is longer than 32 characters / 账户名过长")
    return name


def account_shell(role: str) -> str:
    # Instructors get a terminal in JupyterLab; students have none, and nobody logs in
    # any other way (the accounts have no password).
    return "/bin/bash" if role == "instructor" else "/usr/sbin/nologin"


def ensure_account(name: str, home: Path, role: str, course_id: str = COURSE_ID) -> pwd.struct_passwd:
    """Create (or reuse) the system account ``name`` with ``home`` (0700, owned by it).

    An account of that name that the launcher did not create (no ``crmlab classroom``
    comment) is never taken over.
    """
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--no-create-home", "--home-dir", str(home), "--shell", account_shell(role),
                        "--user-group", "--comment", f"{ACCOUNT_MARK} {course_id}", name],
                       check=True, capture_output=True, text=True, timeout=60)
        entry = pwd.getpwnam(name)
    else:
        if not entry.pw_gecos.startswith(ACCOUNT_MARK):
            raise RuntimeError(f"system account {name!r} exists and was not made by the class server; "
                               f"choose another --account-prefix / 系统账户已存在且不是课堂服务器创建的")
        if entry.pw_dir != str(home):
            subprocess.run(["usermod", "--home", str(home), name], check=True, capture_output=True, timeout=60)
            entry = pwd.getpwnam(name)
    # The parent (home/) is root's, so nobody can swap this path for a symlink.
    try:
        os.mkdir(home, 0o700)
    except FileExistsError:
        pass
    st = os.lstat(home)
    if not stat.S_ISDIR(st.st_mode):
        raise RuntimeError(f"{home} is not a folder / 不是目录")
    os.chown(home, entry.pw_uid, entry.pw_gid)
    os.chmod(home, 0o700)
    return entry


def account_processes(uid: int) -> list[int]:
    """Pids of every process running as ``uid``."""
    pids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if d.stat().st_uid == uid:
                    pids.append(int(d.name))
            except OSError:
                pass
    return pids


def remove_account(name: str, kill_timeout: float = 10) -> bool:
    """Delete the system account ``name`` (made by the launcher); its home is kept.

    Processes still running as the account are ended first (TERM, then KILL). Returns
    False when there was no such account.
    """
    import time

    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return False
    if not entry.pw_gecos.startswith(ACCOUNT_MARK):
        raise RuntimeError(f"refusing to remove {name!r}: not made by the class server / 拒绝删除非课堂服务器创建的账户")
    for sig in (signal.SIGTERM, signal.SIGKILL):
        pids = account_processes(entry.pw_uid)
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + kill_timeout
        while pids and time.monotonic() < deadline:
            time.sleep(0.2)
            pids = account_processes(entry.pw_uid)
        if not pids:
            break
    subprocess.run(["userdel", name], check=True, capture_output=True, timeout=60)
    return True


def user_base_env(entry: pwd.struct_passwd, venv=VENV) -> dict:
    """A clean environment for a process of this account (no variable of the launcher)."""
    return {"HOME": entry.pw_dir, "USER": entry.pw_name, "LOGNAME": entry.pw_name,
            "PATH": f"{Path(venv) / 'bin'}:/usr/local/bin:/usr/bin:/bin", "VIRTUAL_ENV": str(venv),
            "LANG": "C.UTF-8", "PYTHONNOUSERSITE": "1", "SHELL": entry.pw_shell}


def run_as(account: str, cmd, *, env=None, cwd=None, input=None, timeout=600, check=True, venv=VENV):
    """Run ``cmd`` as the system account (root only), umask 077, clean environment.

    Everything the launcher writes into a home is written this way, so a user who
    replaced a file in their home with a symlink cannot make root write elsewhere.
    """
    entry = pwd.getpwnam(account)
    full_env = user_base_env(entry, venv)
    full_env.update(env or {})
    proc = subprocess.run([str(c) for c in cmd], env=full_env, cwd=cwd or entry.pw_dir, input=input,
                          capture_output=True, text=isinstance(input, str) or input is None,
                          user=entry.pw_uid, group=entry.pw_gid, extra_groups=[], umask=0o077, timeout=timeout)
    if check and proc.returncode != 0:
        raise RuntimeError(f"{cmd} as {account} failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
    return proc


def _can_run(account: str, venv: Path) -> tuple[bool, str]:
    try:
        proc = run_as(account, [Path(venv) / "bin" / "python", "-c",
                                "import crmlab, jupyterhub, ngshare_exchange; print('ok')"],
                      timeout=120, check=False, venv=venv)
    except PermissionError as err:  # the interpreter itself is out of reach
        return False, str(err)
    return proc.returncode == 0 and "ok" in proc.stdout, proc.stderr[-1500:]


def _copy_interpreter(base: Path, version: str, dest: Path) -> Path:
    """A copy of the Python installation ``base`` (no site-packages) that every user can run.

    The interpreter and its library find each other through an absolute RUNPATH
    (``<base>/lib``); in the copy it becomes ``$ORIGIN/../lib`` (the same bytes, padded:
    the new path is shorter), so the copy needs nothing from ``base``.
    """
    marker = dest / ".crmlab-copy-of"
    if marker.is_file() and marker.read_text() == f"{base} {version}":
        return dest / "bin" / f"python{version}"
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "bin").mkdir(parents=True)
    (dest / "lib").mkdir()
    shutil.copy2(base / "bin" / f"python{version}", dest / "bin" / f"python{version}")
    for lib in (base / "lib").glob("libpython*.so*"):
        shutil.copy2(lib, dest / "lib" / lib.name, follow_symlinks=False)
    shutil.copytree(base / "lib" / f"python{version}", dest / "lib" / f"python{version}", symlinks=True,
                    ignore=shutil.ignore_patterns("site-packages", "test", "idle_test", "__pycache__"))
    (dest / "lib" / f"python{version}" / "site-packages").mkdir()
    old = str(base / "lib").encode()
    new = b"$ORIGIN/../lib"
    for f in [dest / "bin" / f"python{version}", *(dest / "lib").glob("libpython*.so.*")]:
        if f.is_symlink():
            continue
        data = f.read_bytes()
        if old + b"\0" in data and len(new) <= len(old):
            f.write_bytes(data.replace(old + b"\0", new + b"\0" * (len(old) - len(new) + 1)))
    marker.write_text(f"{base} {version}")
    return dest / "bin" / f"python{version}"


def _mirror_packages(src: Path, dest: Path) -> None:
    """``dest`` holds the same files as .venv's site-packages: hard links, so no space is used twice.

    Real files rather than a path to .venv: a grading sandbox that mounts only the
    kernel's own environment (crmlab.grading.sandbox) finds every package in it. Made
    again when .venv's packages changed (a package added or removed changes the folder).
    """
    st = src.stat()
    mark = f"{src} {st.st_mtime_ns} {len(os.listdir(src))}"
    marker = dest.parent / ".crmlab-packages"
    if dest.is_dir() and not dest.is_symlink() and marker.is_file() and marker.read_text() == mark:
        return
    tmp = dest.with_name(dest.name + ".new")
    if tmp.exists():
        shutil.rmtree(tmp)
    if subprocess.run(["cp", "-al", str(src), str(tmp)], capture_output=True).returncode != 0:
        if tmp.exists():
            shutil.rmtree(tmp)
        shutil.copytree(src, tmp, symlinks=True)  # another file system: a copy
    for p in [tmp, *tmp.rglob("*")]:  # readable by everyone (pip honours the installer's umask)
        st = p.lstat()
        if not stat.S_ISLNK(st.st_mode):
            want = st.st_mode | (0o055 if stat.S_ISDIR(st.st_mode) or st.st_mode & 0o100 else 0o044)
            if want != st.st_mode:
                p.chmod(stat.S_IMODE(want))
    if dest.exists() or dest.is_symlink():
        shutil.rmtree(dest) if dest.is_dir() and not dest.is_symlink() else dest.unlink()
    tmp.rename(dest)
    marker.write_text(mark)


def ensure_user_env(account: str) -> Path:
    """The environment the users' servers run from; read-only to them, like the project.

    The project's .venv when ``account`` can run it. When its Python lives where users
    cannot go (a Python built under /root, e.g. by pyenv), a view of .venv for everyone:
    a copy of that same Python (without its packages) in ``build/classroom-python``, a
    venv of it whose site-packages are hard links to .venv's files, with .venv's Jupyter
    data and settings, and .venv's commands with their first line pointing at the view's
    Python. The packages are neither installed nor stored twice.
    """
    ok, _ = _can_run(account, VENV)
    if ok:
        return VENV
    info = subprocess.run([str(VENV / "bin" / "python"), "-c",
                           "import sys, sysconfig; print('%d.%d' % sys.version_info[:2]); "
                           "print(sysconfig.get_paths()['purelib']); print(sys.base_prefix)"],
                          capture_output=True, text=True, check=True).stdout.split("\n")
    version, site, base = info[0], Path(info[1]), Path(info[2])
    python = _copy_interpreter(base, version, NODE_PREFIX / "classroom-python")
    env = USER_ENV  # made once, completed at every start (new commands in .venv/bin)
    cfg = env / "pyvenv.cfg"
    if not cfg.is_file() or f"home = {python.parent}" not in cfg.read_text():
        if env.exists():
            shutil.rmtree(env)
        subprocess.run([str(python), "-m", "venv", "--without-pip", str(env)], check=True, capture_output=True)
    _mirror_packages(site, env / "lib" / f"python{version}" / "site-packages")
    for sub in ("share/jupyter", "etc/jupyter"):
        (env / sub).parent.mkdir(parents=True, exist_ok=True)
        if not (env / sub).is_symlink():
            (env / sub).symlink_to(VENV / sub)
    old = f"#!{VENV / 'bin' / 'python'}"
    for script in (VENV / "bin").iterdir():
        dest = env / "bin" / script.name
        if dest.exists() or dest.is_symlink() or not script.is_file():
            continue
        try:
            head, rest = script.read_text().split("\n", 1)
        except (UnicodeDecodeError, ValueError):
            continue
        if head.startswith(old):
            dest.write_text(f"#!{env / 'bin' / 'python'}{head[len(old):]}\n{rest}")
            dest.chmod(0o755)
    site_packages = env / "lib" / f"python{version}" / "site-packages"
    for p in [python.parent.parent, *python.parent.parent.rglob("*"), env,
              *(q for q in env.rglob("*") if site_packages not in q.parents and q != site_packages)]:
        if not p.is_symlink():
            p.chmod(0o755 if p.is_dir() or os.access(p, os.X_OK) else 0o644)
    ok, err = _can_run(account, env)
    if not ok:
        raise RuntimeError(f"account {account} cannot run the shared view {env} either / 学生账户无法运行项目环境\n{err}")
    return env


# --- the course -------------------------------------------------------------------------------
def course_config_text(course: Path, course_id: str) -> str:
    return (f"# nbgrader settings of this course (written by the crmlab class server).\n"
            f"c = get_config()  # noqa: F821\n"
            f"# The course's own settings (preprocessors, per-student grading, time-outs) ...\n"
            f"load_subconfig({str(COURSE_SOURCE / 'nbgrader_config.py')!r})  # noqa: F821\n"
            f"# ... in this folder, for this course.\n"
            f"c.CourseDirectory.root = {str(course)!r}\n"
            f"c.CourseDirectory.course_id = {course_id!r}\n")


def setup_course(course: Path, course_id: str, students: list[dict]) -> None:
    """Create the nbgrader course folder and load the students into its gradebook.

    Runs as the instructor (``python classroom/_classroom.py setup-course``). Lab
    sources and their trusted checks are copied from the project's ``assignments/source``
    and ``assignments/checks``; a file already in the course folder is kept (the
    instructor may have edited it).
    """
    for part in ("source", "checks"):  # the labs and their trusted checks (instructors only)
        if not (COURSE_SOURCE / part).is_dir():
            continue
        (course / part).mkdir(parents=True, exist_ok=True)
        for src in sorted((COURSE_SOURCE / part).rglob("*")):
            if ".ipynb_checkpoints" in src.parts or "__pycache__" in src.parts:
                continue
            dest = course / part / src.relative_to(COURSE_SOURCE / part)
            if src.is_dir():
                dest.mkdir(parents=True, exist_ok=True)
            elif not dest.exists():
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dest)
    text = course_config_text(course, course_id)
    cfg = course / "nbgrader_config.py"
    if not cfg.is_file() or cfg.read_text() != text:
        cfg.write_text(text)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id=course_id) as gb:
        for s in students:
            gb.update_or_create_student(s["id"], first_name=s["first_name"], last_name=s["last_name"],
                                        email=s["email"])


def write_student_data(course: Path, students: list[str]) -> str:
    """Per-student data files into ``course/student_data/<id>/`` (runs as the instructor).

    Uses ``crmlab grade student-data`` when this version of crmlab has it; returns "" when
    it ran, else a notice (the students' kernels then simulate their shop from their id).
    """
    crmlab = Path(sys.executable).parent / "crmlab"  # runs as the instructor, from the users' environment
    probe = subprocess.run([str(crmlab), "grade", "student-data", "--help"], capture_output=True, text=True)
    if probe.returncode != 0:
        return ("notice / 提示: this crmlab has no `crmlab grade student-data`; students' kernels simulate "
                "their own shop from their id (CRMLAB_STUDENT_ID) / 学生内核按学号自行生成数据")
    args = [a for s in students for a in ("--student", s)]
    proc = subprocess.run([str(crmlab), "grade", "--root", str(course), "student-data", "--no-progress", *args],
                          capture_output=True, text=True, timeout=3600)
    if proc.returncode != 0:
        raise RuntimeError(f"crmlab grade student-data failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return ""


def copy_tree_between_accounts(src_account: str, src: Path, dst_account: str, dst: Path) -> None:
    """Copy a folder from one account's files to another's: read as one, written as the other.

    A tar stream between two unprivileged processes, so root never follows a link that a
    user planted, and the copy belongs to ``dst_account`` (0700/0600).
    """
    pack = run_as(src_account, ["tar", "-C", src, "-cf", "-", "."], input=b"", timeout=600)
    run_as(dst_account, ["sh", "-c", 'rm -rf "$1" && mkdir -p "$1" && tar -C "$1" -xf - --no-same-owner '
                         '--no-same-permissions && chmod -R go-rwx "$1"', "sh", dst],
           input=pack.stdout, timeout=600)


def _main(argv) -> int:
    """Steps the launcher runs as a user's account (``python _classroom.py STEP``, JSON on stdin)."""
    step, args = argv[0], json.loads(sys.stdin.read() or "{}")
    if step == "setup-course":
        setup_course(Path(args["course"]), args["course_id"], args["students"])
        print(write_student_data(Path(args["course"]), [s["id"] for s in args["students"]])
              if args.get("student_data") else "")
        return 0
    raise SystemExit(f"unknown step {step!r}")


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
