"""JupyterHub configuration of the crmlab class server (start it with ``make classroom``).

Everything a course needs on one machine, on the loopback interface:

- users from the roster CSV: students, and instructors (role ``instructor``);
- a demo authenticator (one shared password for students, another for instructors);
  see docs/classroom.md to switch to LDAP or OAuth;
- each user's server is a local process of the project's .venv with its own home
  folder (SimpleLocalProcessSpawner: no system accounts, no isolation between users
  beyond the HTTP layer; see docs/classroom.md for the production spawners);
- nbgrader's exchange is one folder shared by every server;
- the formgrader runs in the instructor's own server (nbgrader's server extension);
  student servers have it switched off, and the hub never lets a student into the
  instructor's server.

Settings come from the environment (``classroom/run.py`` sets them):
``CRMLAB_CLASSROOM_STATE`` (state folder), ``CRMLAB_CLASSROOM_ROSTER`` (CSV),
``CRMLAB_CLASSROOM_PORT`` (public port; the hub uses port+1, the proxy API port+2).
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _classroom as cl  # noqa: E402

c = get_config()  # noqa: F821 - provided by traitlets

state = Path(os.environ.get("CRMLAB_CLASSROOM_STATE", cl.DEFAULT_STATE)).resolve()
paths = cl.Paths(state)
roster = cl.read_roster(os.environ.get("CRMLAB_CLASSROOM_ROSTER", cl.HERE / "roster.csv"))
port = int(os.environ.get("CRMLAB_CLASSROOM_PORT", "8000"))
secrets = cl.load_secrets(paths)
students = [m.id for m in roster if m.role == "student"]
instructors = [m.id for m in roster if m.role == "instructor"]

# --- network: loopback only ---------------------------------------------------------
c.JupyterHub.bind_url = f"http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{port + 1}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{port + 2}"
c.ConfigurableHTTPProxy.command = [str(cl.CHP)]
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
c.Spawner.ip = "127.0.0.1"

# --- state ----------------------------------------------------------------------------
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True   # stopping the hub stops every student server
c.JupyterHub.cleanup_proxy = True

# --- who may log in -------------------------------------------------------------------
# Demo authenticator: students share one password, instructors another (32+ chars).
# Switch to the school's login by replacing these lines (docs/classroom.md), e.g.
#   c.JupyterHub.authenticator_class = "ldapauthenticator.LDAPAuthenticator"
#   c.JupyterHub.authenticator_class = "oauthenticator.GenericOAuthenticator"
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = secrets["student_password"]
c.SharedPasswordAuthenticator.admin_password = secrets["instructor_password"]
c.Authenticator.allowed_users = set(students) | set(instructors)
c.Authenticator.admin_users = set(instructors)
c.JupyterHub.load_groups = {"students": {"users": students}, "instructors": {"users": instructors}}

# The launcher (and the tests) manage users and servers through the REST API with this
# service's token; nobody else gets these scopes.
c.JupyterHub.services = [{"name": cl.SERVICE_NAME, "api_token": secrets["api_token"]}]
c.JupyterHub.load_roles = [{
    "name": cl.SERVICE_NAME,
    "description": "classroom launcher: create users, start/stop servers, issue tokens",
    "scopes": ["admin:users", "admin:servers", "tokens", "read:groups", "list:groups", "list:users"],
    "services": [cl.SERVICE_NAME],
}]

# --- each user's server -----------------------------------------------------------------
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = str(paths.homes / "{username}")
c.Spawner.cmd = [str(cl.VENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90
c.Spawner.environment = {
    "PATH": f"{cl.VENV / 'bin'}:/usr/local/bin:/usr/bin:/bin",
    "VIRTUAL_ENV": str(cl.VENV),
    "PYTHONNOUSERSITE": "1",
    "LANG": "C.UTF-8",
}
# This demo runs every server as the hub's own OS user; on a machine where that is root
# (containers, CI) Jupyter needs to be told that this is intended.
BASE_ARGS = ["--ServerApp.allow_root=True"] if os.geteuid() == 0 else []


def pre_spawn_hook(spawner):
    """Write the user's Jupyter/nbgrader settings and the crmlab student id."""
    name = spawner.user.name
    role = "instructor" if name in instructors else "student"
    cl.prepare_exchange(paths)
    home = cl.write_user_config(paths, name, role)
    env = dict(spawner.environment)
    env["JUPYTER_CONFIG_DIR"] = str(home / ".jupyter")
    env["JUPYTER_DATA_DIR"] = str(home / ".local" / "share" / "jupyter")
    env["JUPYTER_RUNTIME_DIR"] = str(home / ".local" / "share" / "jupyter" / "runtime")
    env["IPYTHONDIR"] = str(home / ".ipython")
    if role == "student":
        # crmlab.setup() gives every student a shop of their own from this id.
        env["CRMLAB_STUDENT_ID"] = name
        # No terminal for students: they work in notebooks (a kernel still runs code as
        # the server's OS user; real isolation needs per-user accounts, see the docs).
        spawner.args = BASE_ARGS + ["--ServerApp.terminals_enabled=False"]
    else:
        env.pop("CRMLAB_STUDENT_ID", None)
        spawner.args = list(BASE_ARGS)
    spawner.environment = env


c.Spawner.pre_spawn_hook = pre_spawn_hook
