"""JupyterHub configuration of the crmlab class server (start it with ``make classroom``).

The launcher (``classroom/run.py``) prepares the state folder and writes
``hub/settings.json``; this file reads it (``CRMLAB_CLASSROOM_STATE`` names the folder).

Secure mode (a real class; the hub runs as root):

- every roster member has a system account; their server runs as that account
  (:class:`_hub.ClassroomSpawner`, JupyterHub's LocalProcessSpawner) with a cgroup of
  memory, CPU and process limits; homes are 0700;
- each member logs in with their own password (:class:`_hub.RosterPasswordAuthenticator`);
- nbgrader's exchange is ngshare, a hub service: a submission is recorded under the
  hub-authenticated user, whatever the student's nbgrader settings say;
- ``jupyterhub-idle-culler`` stops servers idle for ``cull_idle_seconds``;
- the hub's database, cookie secret, tokens and passwords stay in ``hub/`` (root only);
  a user's server gets only its own token.

Demo mode (one person trying the server as an ordinary user): one shared password and
every server as the same OS user (SimpleLocalProcessSpawner), so it protects nothing;
the launcher refuses a roster of more than one student for it.

Everything listens on 127.0.0.1; docs/classroom.md tells how to put HTTPS in front.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _classroom as cl  # noqa: E402

c = get_config()  # noqa: F821 - provided by traitlets

paths = cl.Paths(Path(os.environ.get("CRMLAB_CLASSROOM_STATE", cl.DEFAULT_STATE)).resolve())
settings = cl.Settings.load(paths)
roster = cl.read_roster(settings.roster)
secrets = cl.load_secrets(paths)
students = [m.id for m in roster if m.role == "student"]
instructors = [m.id for m in roster if m.role == "instructor"]
language = {m.id: m.lang for m in roster}
port = settings.port
secure = settings.mode == "secure"
NGSHARE_PORT = port + 3
python = str(cl.VENV / "bin" / "python")              # the hub's services (root)
user_venv = Path(settings.user_venv)                   # the users' servers (see _classroom.ensure_user_env)

# --- network: loopback only ---------------------------------------------------------
c.JupyterHub.bind_url = f"http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{port + 1}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{port + 2}"
c.ConfigurableHTTPProxy.command = [str(cl.CHP)]
c.ConfigurableHTTPProxy.pid_file = str(paths.hub / "proxy.pid")
c.Spawner.ip = "127.0.0.1"

# --- state: root only -------------------------------------------------------------------
c.JupyterHub.db_url = f"sqlite:///{paths.hub / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(paths.hub / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True   # stopping the hub stops every server
c.JupyterHub.cleanup_proxy = True

# --- who may log in -------------------------------------------------------------------
if secure:
    # Each person their own password (hub/passwords.json; the plain ones are in
    # hub/passwords.csv for the instructor). For the school's single sign-on (LTI 1.3,
    # OAuth/OIDC, LDAP) replace these two lines: docs/classroom.md.
    c.JupyterHub.authenticator_class = "_hub.RosterPasswordAuthenticator"
    c.RosterPasswordAuthenticator.password_file = str(paths.password_hashes)
else:
    # Demo: one shared password for students, another (32+ characters) for instructors.
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = secrets["student_password"]
    c.SharedPasswordAuthenticator.admin_password = secrets["instructor_password"]
c.Authenticator.allowed_users = set(students) | set(instructors)
c.Authenticator.admin_users = set(instructors)
c.JupyterHub.load_groups = {"students": {"users": students}, "instructors": {"users": instructors}}

# --- services: the launcher, ngshare (the exchange), the idle culler ----------------------
c.JupyterHub.services = [
    # The launcher and the tests manage users and servers with this token; it is also
    # ngshare's administrator (creates the course, enrols the roster).
    {"name": cl.SERVICE_NAME, "api_token": secrets["api_token"]},
    # nbgrader's exchange as a hub service: it learns who calls from the hub (the
    # caller's token), so a submission carries the authenticated user.
    {"name": cl.NGSHARE, "url": f"http://127.0.0.1:{NGSHARE_PORT}", "oauth_no_confirm": True,
     "command": [python, str(cl.HERE / "ngshare_service.py"), "--admins", cl.SERVICE_NAME,
                 "--database", f"sqlite:///{paths.ngshare / 'ngshare.db'}",
                 "--storage", str(paths.ngshare / "files")],
     "cwd": str(paths.ngshare)},
]
c.JupyterHub.load_roles = [{
    "name": cl.SERVICE_NAME,
    "description": "classroom launcher: create users, start/stop servers, issue tokens",
    "scopes": ["admin:users", "admin:servers", "tokens", "read:groups", "list:groups", "list:users",
               "list:services", "read:services"],
    "services": [cl.SERVICE_NAME],
}]
if secure and settings.cull_idle_seconds > 0:
    c.JupyterHub.services.append({
        "name": cl.CULLER,
        "command": [python, "-m", "jupyterhub_idle_culler", f"--timeout={settings.cull_idle_seconds}",
                    f"--cull-every={settings.cull_every_seconds}"],
    })
    c.JupyterHub.load_roles.append({
        "name": cl.CULLER, "description": "stop idle servers",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": [cl.CULLER],
    })

# --- each user's server -----------------------------------------------------------------
if secure:
    c.JupyterHub.spawner_class = "_hub.ClassroomSpawner"
    c.ClassroomSpawner.account_prefix = settings.account_prefix
    c.ClassroomSpawner.pids_limit = settings.pids_limit
else:
    c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
    c.SimpleLocalProcessSpawner.home_dir_template = str(paths.homes / "{username}")
# user_start.py runs as the user: it writes the user's lab language once, then becomes
# jupyterhub-singleuser.
c.Spawner.cmd = [str(user_venv / "bin" / "python"), str(cl.HERE / "user_start.py"),
                 str(user_venv / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90
c.Spawner.environment = {
    "PATH": f"{user_venv / 'bin'}:/usr/local/bin:/usr/bin:/bin",
    "VIRTUAL_ENV": str(user_venv),
    "PYTHONNOUSERSITE": "1",
    "LANG": "C.UTF-8",
    "CRMLAB_NGSHARE_URL": f"http://127.0.0.1:{port}/services/{cl.NGSHARE}",
    "CRMLAB_CLASSROOM_COURSE": settings.course_id,
}
# Demo servers run as the launcher's OS user, which may be root (a container).
DEMO_ARGS = ["--ServerApp.allow_root=True"] if not secure and os.geteuid() == 0 else []


def pre_spawn_hook(spawner):
    """Role, limits and environment of one server; nothing is written into the user's home."""
    name = spawner.user.name
    role = "instructor" if name in instructors else "student"
    env = dict(spawner.environment)
    home = str(paths.home(name))
    env.update({
        # the role's read-only settings (formgrader or not, the exchange, the CSP)
        "JUPYTER_CONFIG_PATH": str(cl.JUPYTER_ROLE_CONFIG / role),
        "JUPYTER_CONFIG_DIR": f"{home}/.jupyter",
        "JUPYTER_DATA_DIR": f"{home}/.local/share/jupyter",
        "JUPYTER_RUNTIME_DIR": f"{home}/.local/share/jupyter/runtime",
        "IPYTHONDIR": f"{home}/.ipython",
        "CRMLAB_CLASSROOM_LOCALE": "zh_CN" if language.get(name, "zh") == "zh" else "en",
    })
    if role == "student":
        # crmlab.setup() gives every student a shop of their own from this id.
        env["CRMLAB_STUDENT_ID"] = name
        if settings.student_data:
            # the instructor's per-student data files, copied to ~/crmlab-data by the launcher
            env["CRMLAB_COURSE"] = settings.course_id
            env["CRMLAB_DATA_DIR"] = f"{home}/{cl.STUDENT_DATA_DIR}"
        spawner.args = DEMO_ARGS + ["--ServerApp.terminals_enabled=False"]
        spawner.mem_limit = settings.student_mem_limit
        spawner.cpu_limit = settings.student_cpu_limit
    else:
        for key in ("CRMLAB_STUDENT_ID", "CRMLAB_COURSE", "CRMLAB_DATA_DIR"):
            env.pop(key, None)
        spawner.args = list(DEMO_ARGS)
        spawner.mem_limit = settings.instructor_mem_limit
        spawner.cpu_limit = settings.instructor_cpu_limit
    spawner.environment = env


c.Spawner.pre_spawn_hook = pre_spawn_hook

# --- the formgrader's links ---------------------------------------------------------------
# Opened at its own URL (not inside JupyterLab), nbgrader's formgrader links a folder or
# notebook as "/tree/<path>" (static/js/utils.js, linkTo), without the server's
# "/user/<name>/" prefix; the proxy hands such paths to the hub, which answers 404 at
# /hub/tree/... Send them on to the same path in the user's own JupyterLab instead.
from tornado import web  # noqa: E402


class _ToUserLab(web.RequestHandler):
    def get(self, kind, path):
        hub = c.JupyterHub.get("base_url", "/") or "/"
        self.redirect(f"{hub.rstrip('/')}/hub/user-redirect/lab/tree/{path}")


c.JupyterHub.extra_handlers = [(r"/(tree|notebooks|edit)/(.*)", _ToUserLab)]
