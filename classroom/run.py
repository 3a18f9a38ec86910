"""Start the crmlab class server: JupyterHub + nbgrader (ngshare exchange) on 127.0.0.1.

    sudo .venv/bin/python classroom/run.py --roster roster.csv      # a class (secure mode, as root)
    python classroom/run.py --demo                                    # one person trying it out
    sudo .venv/bin/python classroom/run.py --roster roster.csv --remove-accounts

(``make classroom`` runs the first with the project's .venv.) The launcher installs the
proxy (configurable-http-proxy from npm, into build/node_modules) and the ngshare
exchange client when missing; creates a system account and a 0700 home for every roster
member; gives everyone a password of their own (``<state>/hub/passwords.csv``, also
copied to the instructor's home as ``class_passwords.csv``); prepares the instructor's
nbgrader course as the instructor; prints the login details and runs JupyterHub in the
foreground until Ctrl-C. :class:`Classroom` does the same from Python (tests,
benchmark): ``start()``, REST calls with the launcher's token, ``stop()``; every wait is
bounded.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _classroom as cl  # noqa: E402


def ensure_proxy(timeout: float = 300) -> Path:
    """Install configurable-http-proxy into build/node_modules once (idempotent)."""
    if cl.CHP.exists():
        return cl.CHP
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm not found: install Node.js 20+ (apt-get install nodejs npm) / 找不到 npm，请先安装 Node.js")
    cl.NODE_PREFIX.mkdir(parents=True, exist_ok=True)
    subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(cl.NODE_PREFIX),
                    "configurable-http-proxy@^5"], check=True, timeout=timeout)
    if not cl.CHP.exists():
        raise RuntimeError(f"npm install did not create {cl.CHP}")
    return cl.CHP


def ensure_exchange(timeout: float = 300) -> None:
    """Install ngshare's nbgrader exchange client (ngshare-exchange) into the .venv once.

    It cannot be a dependency in pyproject.toml: its last release (0.5.3) still declares
    ``jupyter-core<4.11.2``, which no current Jupyter server accepts, although it runs
    with today's jupyter-core. So it is installed without its dependencies, which the
    ``classroom`` extra provides (nbgrader, rapidfuzz, requests, traitlets).
    """
    py = str(cl.VENV / "bin" / "python")
    if subprocess.run([py, "-c", "import ngshare_exchange"], capture_output=True).returncode == 0:
        return
    subprocess.run([py, "-m", "pip", "install", "--quiet", "--no-deps", cl.NGSHARE_EXCHANGE], check=True,
                   timeout=timeout)


class Classroom:
    """One running class server (a JupyterHub subprocess) and its REST API.

    Parameters
    ----------
    state : path, optional
        State folder. Default ``/var/lib/crmlab-classroom`` (secure mode),
        ``build/classroom-demo`` (demo mode).
    roster : path
        Roster CSV (``id,name,email,role[,lang]`` or nbgrader's ``id,first_name,last_name,email``).
    port : int
        Public port on 127.0.0.1; the hub API uses ``port + 1``, the proxy API ``port + 2``,
        ngshare ``port + 3``.
    mode : {"secure", "demo"}, optional
        Default: secure when run as root, else demo.
    account_prefix : str
        System accounts are ``account_prefix + id``.
    **limits
        Any other field of :class:`_classroom.Settings` (``student_mem_limit="1G"``,
        ``student_cpu_limit=1.0``, ``cull_idle_seconds=3600``, ...).
    """

    def __init__(self, state=None, roster=cl.HERE / "roster.csv", port=8000, log=None, *, mode=None,
                 account_prefix=cl.DEFAULT_ACCOUNT_PREFIX, **limits):
        self.mode = mode or ("secure" if cl.is_root() else "demo")
        if self.mode not in ("secure", "demo"):
            raise ValueError(f"mode must be 'secure' or 'demo', got {self.mode!r}")
        default_state = cl.DEFAULT_STATE if self.mode == "secure" else cl.DEMO_STATE
        self.paths = cl.Paths(Path(state or default_state).resolve())
        self.roster_path = Path(roster).resolve()
        self.members = cl.read_roster(self.roster_path)
        self.port = int(port)
        self.url = f"http://127.0.0.1:{self.port}"
        self.account_prefix = account_prefix
        self.limits = limits
        self.proc: subprocess.Popen | None = None
        self.log_path = Path(log) if log else self.paths.log
        self.notices: list[str] = []
        self.secrets: dict = {}
        self.passwords: dict = {}
        self.user_venv = cl.VENV

    # --- who ----------------------------------------------------------------------------
    @property
    def students(self) -> list[str]:
        return [m.id for m in self.members if m.role == "student"]

    @property
    def instructors(self) -> list[str]:
        return [m.id for m in self.members if m.role == "instructor"]

    def account(self, user: str) -> str:
        """The system account that runs ``user``'s server."""
        return cl.account_name(self.account_prefix, user) if self.mode == "secure" else getpass.getuser()

    # --- set-up ---------------------------------------------------------------------------
    def check_mode(self) -> None:
        if not self.instructors:
            raise ValueError("the roster has no instructor (role=instructor) / 花名册里没有教师")
        if self.mode == "secure" and not cl.is_root():
            raise PermissionError("the class server creates a system account per user and must run as root "
                                  "(sudo); to try it alone use --demo / 课堂服务器需要以 root 运行；单人试用请加 --demo")
        if self.mode == "demo" and len(self.students) > 1:
            raise ValueError(
                f"the demo mode runs every server as one OS user with one shared password: it protects nothing and "
                f"is for one person trying the server. This roster has {len(self.students)} students; run it as "
                f"root without --demo (secure mode) / 演示模式不提供任何隔离，只供一人试用；"
                f"{len(self.students)} 名学生的花名册请以 root 身份运行安全模式")

    def prepare(self) -> dict:
        """Accounts, homes, passwords, the instructor's course and the hub's settings.

        Returns the launcher's secrets (``api_token``; demo passwords in demo mode).
        """
        self.check_mode()
        ensure_proxy()
        ensure_exchange()
        # nbgrader's gradebook runs the `alembic` command: the .venv's bin goes first.
        os.environ["PATH"] = f"{cl.VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}"
        cl.prepare_state(self.paths, self.mode)
        self.paths.ngshare.mkdir(mode=0o700, exist_ok=True)
        self.secrets = cl.load_secrets(self.paths)
        settings = cl.Settings(mode=self.mode, roster=str(self.roster_path), port=self.port,
                               account_prefix=self.account_prefix, **self.limits)
        if self.mode == "secure":
            self.passwords = cl.ensure_passwords(self.paths, self.members)
            for m in self.members:
                cl.ensure_account(self.account(m.id), self.paths.home(m.id), m.role, settings.course_id)
            settings.user_venv = str(cl.ensure_user_env(self.account(self.students[0])))
        else:
            for m in self.members:
                self.paths.home(m.id).mkdir(parents=True, exist_ok=True)
        self.user_venv = Path(settings.user_venv)
        settings.student_data = self._prepare_courses(settings)
        settings.save(self.paths)
        return self.secrets

    def _prepare_courses(self, settings) -> bool:
        """The instructor's course (made as the instructor) and the students' data files."""
        students = [{"id": m.id, "first_name": m.first_name, "last_name": m.last_name, "email": m.email}
                    for m in self.members if m.role == "student"]
        handed_out = True
        for name in self.instructors:
            course = self.paths.course(name)
            payload = json.dumps({"course": str(course), "course_id": settings.course_id, "students": students,
                                  "student_data": True})
            cmd = [self.user_venv / "bin" / "python", cl.HERE / "_classroom.py", "setup-course"]
            if self.mode == "secure":
                out = cl.run_as(self.account(name), cmd, input=payload, timeout=3600,
                                venv=self.user_venv).stdout.strip()
            else:
                out = subprocess.run([str(x) for x in cmd], input=payload, capture_output=True, text=True,
                                     check=True, timeout=3600).stdout.strip()
            if out:
                self.notices.append(out)
                handed_out = False
                continue
            for s in self.students:
                src = course / "student_data" / s
                if self.mode == "secure" and src.is_dir():
                    cl.copy_tree_between_accounts(self.account(name), src, self.account(s),
                                                  self.paths.home(s) / cl.STUDENT_DATA_DIR)
                elif src.is_dir():
                    shutil.copytree(src, self.paths.home(s) / cl.STUDENT_DATA_DIR, dirs_exist_ok=True)
                else:
                    handed_out = False
            if self.mode == "secure":  # the instructor hands out the students' passwords
                rows = io.StringIO()
                w = csv.writer(rows)
                w.writerow(["id", "name", "password"])
                for m in self.members:
                    if m.role == "student":
                        w.writerow([m.id, f"{m.first_name} {m.last_name}".strip(), self.passwords[m.id]])
                cl.run_as(self.account(name), ["sh", "-c", 'cat > "$1"', "sh",
                                               self.paths.home(name) / "class_passwords.csv"],
                          input=rows.getvalue())
        return handed_out and bool(self.instructors)

    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTERHUB_", "CRMLAB_CLASSROOM_"))}
        env["CRMLAB_CLASSROOM_STATE"] = str(self.paths.state)
        env["PATH"] = f"{cl.VENV / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}"
        return env

    def command(self) -> list[str]:
        return [str(cl.VENV / "bin" / "jupyterhub"), "-f", str(cl.HERE / "jupyterhub_config.py")]

    # --- life cycle -------------------------------------------------------------------
    def start(self, timeout: float = 90) -> "Classroom":
        """Prepare, start the hub in the background, wait (bounded) until its API answers, enrol the class."""
        self.prepare()
        if self._port_open():
            raise RuntimeError(f"port {self.port} on 127.0.0.1 is taken: another hub running? / 端口已被占用")
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.command(), cwd=self.paths.hub, env=self.env(), stdin=subprocess.DEVNULL,
                                     stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self._wait_ready(timeout)
            self.enrol(timeout=timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"JupyterHub exited with {self.proc.returncode}; see {self.log_path}"
                                   f"{self._log_tail()}")
            status, _ = self.request("GET", "/hub/api/", token=self.secrets["api_token"], timeout=5) \
                if self._port_open() else (0, b"")
            if status == 200:  # 404 while the proxy is up but the hub's route is not yet
                return
            time.sleep(0.5)
        raise TimeoutError(f"JupyterHub did not answer within {timeout}s; see {self.log_path}{self._log_tail()}")

    def _log_tail(self, lines: int = 15) -> str:
        """The end of the hub's log, to go with an error (the log may be gone when the error is read)."""
        try:
            tail = Path(self.log_path).read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
        except OSError:
            return ""
        return "\n  " + "\n  ".join(tail) if tail else ""

    def ngshare(self, method: str, path: str, form: dict | None = None, token: str | None = None):
        """Call ngshare (``/services/ngshare/<path>``); returns ``(status, JSON body or None)``."""
        raw = urllib.parse.urlencode(form).encode() if form is not None else None
        status, body = self.request(method, f"{self.url}/services/{cl.NGSHARE}/{path}", raw=raw,
                                    token=token or self.secrets["api_token"],
                                    headers={"Content-Type": "application/x-www-form-urlencoded"} if raw else None)
        try:
            return status, json.loads(body)
        except ValueError:
            return status, None

    def enrol(self, timeout: float = 60) -> None:
        """Create the course in ngshare with its instructors and students (idempotent)."""
        course = cl.Settings.load(self.paths).course_id
        deadline = time.monotonic() + timeout
        while True:
            status, body = self.ngshare("GET", "courses")
            if status == 200 and body and body.get("success"):
                break
            if time.monotonic() > deadline:
                raise TimeoutError(f"ngshare did not answer ({status} {body}); see {self.log_path}")
            time.sleep(0.5)
        if course not in body["courses"]:
            status, body = self.ngshare("POST", f"course/{course}", {"instructors": json.dumps(self.instructors)})
            if status != 200:
                raise RuntimeError(f"ngshare: cannot create course {course}: {status} {body}")
        byid = {m.id: m for m in self.members}
        for name in self.instructors:
            m = byid[name]
            status, body = self.ngshare("POST", f"instructor/{course}/{name}",
                                        {"first_name": m.first_name, "last_name": m.last_name, "email": m.email})
            if status != 200:
                raise RuntimeError(f"ngshare: cannot add instructor {name}: {status} {body}")
        roster = [{"username": m.id, "first_name": m.first_name, "last_name": m.last_name, "email": m.email}
                  for m in self.members if m.role == "student"]
        status, body = self.ngshare("POST", f"students/{course}", {"students": json.dumps(roster)})
        if status != 200 or not all(s["success"] for s in body["status"]):
            raise RuntimeError(f"ngshare: cannot enrol the students: {status} {body}")

    def _port_open(self) -> bool:
        import socket

        with socket.socket() as s:
            s.settimeout(1)
            return s.connect_ex(("127.0.0.1", self.port)) == 0

    def stop(self, timeout: float = 60) -> int:
        """Interrupt the hub (like Ctrl-C: it stops the servers, services and proxy); wait; return its exit code."""
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self._log.close()
        return self.proc.returncode

    def remove_accounts(self) -> list[str]:
        """Delete the system accounts of the roster (homes are kept); returns the removed names."""
        if self.mode != "secure":
            return []
        return [self.account(m.id) for m in self.members if cl.remove_account(self.account(m.id))]

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # --- REST -------------------------------------------------------------------------
    def request(self, method: str, url: str, *, token: str | None = None, data=None, raw: bytes | None = None,
                headers: dict | None = None, timeout: float = 60):
        """One HTTP request; returns ``(status, body_bytes)`` (no exception on 4xx/5xx)."""
        hdrs = dict(headers or {})
        body = raw
        if data is not None:
            body = json.dumps(data).encode()
            hdrs.setdefault("Content-Type", "application/json")
        if token:
            hdrs["Authorization"] = f"token {token}"
        req = urllib.request.Request(url if url.startswith("http") else self.url + url, data=body,
                                     method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()

    def api(self, method: str, path: str, data=None, token: str | None = None, ok=(200, 201, 202, 204)):
        """Call the hub's REST API (``/hub/api`` + path) with the launcher's token."""
        status, body = self.request(method, f"{self.url}/hub/api{path}", data=data,
                                    token=token or self.secrets["api_token"])
        if status not in ok:
            raise RuntimeError(f"{method} /hub/api{path} -> {status}: {body[:300]!r}")
        return json.loads(body) if body else None

    def user_token(self, user: str, note: str = "classroom") -> str:
        """A fresh API token of ``user`` (with the user's own permissions only)."""
        return self.api("POST", f"/users/{user}/tokens", {"note": note, "expires_in": 3600})["token"]

    def start_server(self, user: str, timeout: float = 180) -> str:
        """Spawn ``user``'s server and wait (bounded) until it is ready; return its URL."""
        return self.start_servers([user], timeout=timeout)[user]

    def start_servers(self, users, timeout: float = 240) -> dict:
        """Spawn several servers at once (the hub starts them concurrently); wait for all.

        Returns ``{user: server URL}``.
        """
        for user in users:
            self.api("POST", f"/users/{user}/server", ok=(201, 202, 400))  # 400: already running
        urls, deadline = {}, time.monotonic() + timeout
        while time.monotonic() < deadline and len(urls) < len(users):
            for user in users:
                if user in urls:
                    continue
                model = self.api("GET", f"/users/{user}")
                server = model.get("servers", {}).get("", {})
                if server.get("ready"):
                    urls[user] = self.url + server["url"]
                elif not model.get("pending") and not server:
                    raise RuntimeError(f"server of {user} failed to start; see {self.log_path}")
            time.sleep(0.5)
        missing = [u for u in users if u not in urls]
        if missing:
            raise TimeoutError(f"servers of {missing} not ready within {timeout}s; see {self.log_path}")
        return urls

    def user_env(self, user: str, token: str | None = None) -> dict:
        """The environment of ``user``'s server (settings, exchange, own token), to run commands as the user."""
        settings = cl.Settings.load(self.paths)
        role = "instructor" if user in self.instructors else "student"
        home = self.paths.home(user)
        env = {"JUPYTER_CONFIG_PATH": str(cl.JUPYTER_ROLE_CONFIG / role),
               "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
               "JUPYTER_DATA_DIR": str(home / ".local" / "share" / "jupyter"),
               "CRMLAB_NGSHARE_URL": f"{self.url}/services/{cl.NGSHARE}",
               "CRMLAB_CLASSROOM_COURSE": settings.course_id, "JUPYTERHUB_USER": user,
               "HOME": str(home)}
        if token:
            env["JUPYTERHUB_API_TOKEN"] = token
        if role == "student":
            env["CRMLAB_STUDENT_ID"] = user
        return env

    def run_as_user(self, user: str, cmd, *, token: str | None = None, cwd=None, timeout: float = 600,
                    check: bool = True):
        """Run ``cmd`` as ``user``'s account with their server's settings (secure mode)."""
        return cl.run_as(self.account(user), cmd, env=self.user_env(user, token), cwd=cwd, timeout=timeout,
                         check=check, venv=cl.Settings.load(self.paths).user_venv)

    def stop_server(self, user: str, timeout: float = 60) -> None:
        self.api("DELETE", f"/users/{user}/server", ok=(202, 204, 400))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.api("GET", f"/users/{user}").get("servers"):
                return
            time.sleep(0.5)
        raise TimeoutError(f"server of {user} did not stop within {timeout}s")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="crmlab class server: JupyterHub + nbgrader on 127.0.0.1")
    ap.add_argument("--port", type=int, default=int(os.environ.get("PORT_CLASSROOM", 8000)))
    ap.add_argument("--roster", default=None,
                    help="roster CSV (default classroom/roster.csv; demo: classroom/demo_roster.csv)")
    ap.add_argument("--state", default=None, help=f"state folder (default {cl.DEFAULT_STATE}; demo: {cl.DEMO_STATE})")
    ap.add_argument("--demo", action="store_true",
                    help="one person trying it out: no accounts, one shared password, no isolation (max. 1 student)")
    ap.add_argument("--account-prefix", default=cl.DEFAULT_ACCOUNT_PREFIX,
                    help=f"system account = prefix + roster id (default {cl.DEFAULT_ACCOUNT_PREFIX!r})")
    ap.add_argument("--mem-limit", default="1G", help="memory per student server (default 1G)")
    ap.add_argument("--cpu-limit", type=float, default=1.0, help="CPUs per student server (default 1)")
    ap.add_argument("--cull-idle", type=int, default=3600, help="stop servers idle this many seconds (0: never)")
    ap.add_argument("--prepare-only", action="store_true", help="set up accounts, course and state folder, and exit")
    ap.add_argument("--reset-password", nargs="+", metavar="ID", help="give these users a new password and exit")
    ap.add_argument("--remove-accounts", action="store_true",
                    help="delete the roster's system accounts (homes are kept) and exit")
    args = ap.parse_args(argv)
    roster = args.roster or cl.HERE / ("demo_roster.csv" if args.demo else "roster.csv")
    room = Classroom(state=args.state, roster=roster, port=args.port, mode="demo" if args.demo else "secure",
                     account_prefix=args.account_prefix, student_mem_limit=args.mem_limit,
                     student_cpu_limit=args.cpu_limit, cull_idle_seconds=args.cull_idle)
    if args.remove_accounts:
        room.check_mode()
        removed = room.remove_accounts()
        print(f"removed {len(removed)} accounts / 已删除 {len(removed)} 个账户: {' '.join(removed)}\n"
              f"homes kept in / 家目录保留在 {room.paths.homes}")
        return 0
    if args.reset_password:
        room.check_mode()
        new = cl.ensure_passwords(room.paths, room.members, reset=set(args.reset_password))
        for uid in args.reset_password:
            print(f"{uid}: {new.get(uid, '(not in the roster / 不在花名册中)')}")
        return 0
    secrets = room.prepare()
    if room.mode == "secure":
        logins = (f"  passwords / 密码:           one per person / 每人一个: {room.paths.password_csv}\n"
                  f"                              (students' copy for the instructor / 给教师的副本: "
                  f"~{room.instructors[0]}/class_passwords.csv)\n")
    else:
        logins = (f"  DEMO: no isolation, one shared password / 演示模式：无隔离，共用密码\n"
                  f"  instructor password / 教师密码: {secrets['instructor_password']}\n"
                  f"  student password / 学生密码:    {secrets['student_password']}\n")
    print(f"""
crmlab classroom / 课堂服务器 ({room.mode})
  URL / 地址:                 {room.url}
  instructors / 教师:         {', '.join(room.instructors)}
  students / 学生 ({len(room.students)}):      {', '.join(room.students[:5])}{' ...' if len(room.students) > 5 else ''}
{logins}  formgrader / 评分 (instructor): JupyterLab menu Nbgrader -> Formgrader / 菜单 Nbgrader -> Formgrader
  state / 状态目录:           {room.paths.state}
{chr(10).join(room.notices)}
Ctrl-C stops the hub and every server / Ctrl-C 停止服务器。
""", flush=True)
    if args.prepare_only:
        return 0
    pid = os.fork()
    if pid == 0:  # enrol the class in ngshare once the hub answers, then leave
        try:
            room.proc = None
            room._wait_ready(120)
            room.enrol()
        except Exception as err:  # noqa: BLE001 - reported, the hub keeps running
            print(f"ngshare enrolment failed / ngshare 注册课程失败: {err}", file=sys.stderr, flush=True)
            os._exit(1)
        os._exit(0)
    os.chdir(room.paths.hub)
    os.execve(room.command()[0], room.command(), room.env())


if __name__ == "__main__":
    sys.exit(main())
