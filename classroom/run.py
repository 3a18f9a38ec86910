"""Start the crmlab class server: JupyterHub + nbgrader on 127.0.0.1.

    python classroom/run.py [--port 8000] [--roster classroom/roster.csv] [--state build/classroom]

(``make classroom`` runs this with the project's .venv.) It installs the proxy
(configurable-http-proxy from npm, into build/node_modules) when missing, prepares the
state folder (exchange, homes, the instructor's nbgrader course with the roster in its
gradebook), prints the login details and runs JupyterHub in the foreground until
Ctrl-C. :class:`Classroom` does the same from Python (tests, benchmark): ``start()``,
REST calls with the launcher's token, ``stop()``; every wait is bounded.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
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


class Classroom:
    """One running class server (a JupyterHub subprocess) and its REST API.

    Parameters
    ----------
    state : path
        State folder (database, secrets, exchange, homes). Reused between runs.
    roster : path
        Roster CSV (``id,name,email,role`` or nbgrader's ``id,first_name,last_name,email``).
    port : int
        Public port on 127.0.0.1; the hub API uses ``port + 1``, the proxy API ``port + 2``.
    """

    def __init__(self, state=cl.DEFAULT_STATE, roster=cl.HERE / "roster.csv", port=8000, log=None):
        self.paths = cl.Paths(Path(state).resolve())
        self.roster_path = Path(roster).resolve()
        self.members = cl.read_roster(self.roster_path)
        self.port = int(port)
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log_path = Path(log) if log else self.paths.state / "jupyterhub.log"

    # --- set-up ---------------------------------------------------------------------
    @property
    def students(self) -> list[str]:
        return [m.id for m in self.members if m.role == "student"]

    @property
    def instructors(self) -> list[str]:
        return [m.id for m in self.members if m.role == "instructor"]

    def prepare(self) -> dict:
        """Proxy, exchange, the instructor's course and the secrets; returns the secrets."""
        if not self.instructors:
            raise ValueError("the roster has no instructor (role=instructor) / 花名册里没有教师")
        ensure_proxy()
        # nbgrader's gradebook runs the `alembic` command: the .venv's bin goes first.
        os.environ["PATH"] = f"{cl.VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}"
        self.secrets = cl.load_secrets(self.paths)
        cl.prepare_exchange(self.paths)
        for name in self.instructors:
            cl.prepare_course(self.paths, name, self.members)
        return self.secrets

    def env(self) -> dict:
        env = dict(os.environ)
        env.update(CRMLAB_CLASSROOM_STATE=str(self.paths.state), CRMLAB_CLASSROOM_ROSTER=str(self.roster_path),
                   CRMLAB_CLASSROOM_PORT=str(self.port))
        env["PATH"] = f"{cl.VENV / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}"
        return env

    def command(self) -> list[str]:
        return [str(cl.VENV / "bin" / "jupyterhub"), "-f", str(cl.HERE / "jupyterhub_config.py")]

    # --- life cycle -------------------------------------------------------------------
    def start(self, timeout: float = 90) -> "Classroom":
        """Start the hub in the background and wait (bounded) until its API answers."""
        self.prepare()
        if self._port_open():
            raise RuntimeError(f"port {self.port} on 127.0.0.1 is taken: another hub running? / 端口已被占用")
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.command(), cwd=self.paths.state, env=self.env(),
                                     stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self._wait_ready(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterHub exited with {self.proc.returncode}; see {self.log_path}")
            status, _ = self.request("GET", "/hub/api/", token=self.secrets["api_token"], timeout=5) \
                if self._port_open() else (0, b"")
            if status == 200:  # 404 while the proxy is up but the hub's route is not yet
                return
            time.sleep(0.5)
        raise TimeoutError(f"JupyterHub did not answer within {timeout}s; see {self.log_path}")

    def _port_open(self) -> bool:
        import socket

        with socket.socket() as s:
            s.settimeout(1)
            return s.connect_ex(("127.0.0.1", self.port)) == 0

    def stop(self, timeout: float = 60) -> int:
        """Interrupt the hub (like Ctrl-C: it stops the servers and the proxy); wait; return its exit code."""
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

    def user_env(self, user: str) -> dict:
        """The environment of ``user``'s server, to run nbgrader commands as that user."""
        home = self.paths.home(user)
        env = {k: v for k, v in os.environ.items() if k != "CRMLAB_STUDENT_ID"}
        env.update(HOME=str(home), USER=user, JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
                   JUPYTER_DATA_DIR=str(home / ".local" / "share" / "jupyter"),
                   PATH=f"{cl.VENV / 'bin'}:/usr/local/bin:/usr/bin:/bin", VIRTUAL_ENV=str(cl.VENV))
        if user in self.students:
            env["CRMLAB_STUDENT_ID"] = user
        return env

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
    ap.add_argument("--roster", default=str(cl.HERE / "roster.csv"))
    ap.add_argument("--state", default=str(cl.DEFAULT_STATE))
    ap.add_argument("--prepare-only", action="store_true", help="set up the state folder and exit")
    args = ap.parse_args(argv)
    room = Classroom(state=args.state, roster=args.roster, port=args.port)
    secrets = room.prepare()
    print(f"""
crmlab classroom / 课堂服务器
  URL / 地址:                 {room.url}
  instructors / 教师:         {', '.join(room.instructors)}  password / 密码: {secrets['instructor_password']}
  students / 学生 ({len(room.students)}):      {', '.join(room.students[:5])}{' ...' if len(room.students) > 5 else ''}  password / 密码: {secrets['student_password']}
  formgrader / 评分 (instructor): {room.url}/user/{room.instructors[0]}/formgrader
  state / 状态目录:           {room.paths.state}   (passwords in secrets.json)
Ctrl-C stops the hub and every server / Ctrl-C 停止服务器。
""", flush=True)
    if args.prepare_only:
        return 0
    os.chdir(room.paths.state)
    os.execve(room.command()[0], room.command(), room.env())


if __name__ == "__main__":
    sys.exit(main())
