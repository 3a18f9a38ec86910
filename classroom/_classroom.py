"""Shared pieces of the class server: roster, paths, secrets and each user's settings.

Used by ``jupyterhub_config.py`` (inside the hub), by ``run.py`` (the launcher), by the
end-to-end test and by the benchmark, so that all four agree on where things live.

Layout of the state folder (default ``build/classroom``)::

    secrets.json            demo passwords and the launcher's API token (mode 0600)
    jupyterhub.sqlite       the hub's database, jupyterhub_cookie_secret
    exchange/               nbgrader's exchange shared by every server
    home/<user>/            one home per hub user (the server's HOME and root folder)
    home/<instructor>/course/   the nbgrader course folder of the instructor
"""

from __future__ import annotations

import csv
import json
import os
import secrets
import shutil
import string
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
VENV = Path(os.environ.get("CRMLAB_VENV", PROJECT / ".venv"))
COURSE_ID = "crmlab"
COURSE_SOURCE = PROJECT / "assignments"
DEFAULT_STATE = PROJECT / "build" / "classroom"
NODE_PREFIX = PROJECT / "build"
CHP = NODE_PREFIX / "node_modules" / ".bin" / "configurable-http-proxy"
SERVICE_NAME = "classroom-admin"

# Student servers must not show the instructor's tools: the server extensions are
# switched off in the student's own Jupyter config, the lab plugins in page_config.
STUDENT_SERVER_EXTENSIONS_OFF = ["nbgrader.server_extensions.formgrader"]
# Nobody's lab asks the internet for Jupyter news (the class server may be offline).
LAB_PLUGINS_OFF = ["@jupyterlab/apputils-extension:announcements"]
STUDENT_LAB_PLUGINS_OFF = LAB_PLUGINS_OFF + ["@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                           "@jupyter/nbgrader:course-list"]


@dataclass(frozen=True)
class Member:
    """One line of the roster: a hub user name and the nbgrader student record."""

    id: str
    first_name: str
    last_name: str
    email: str
    role: str  # "student" or "instructor"


def read_roster(path) -> list[Member]:
    """Read a class roster CSV.

    Two layouts are accepted: ``id,name,email[,role]`` (classroom/roster.csv) and
    nbgrader's ``id,first_name,last_name,email`` (assignments/roster.csv). ``role`` is
    ``student`` (default) or ``instructor``. Ids become hub user names, so they must be
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
            if uid != uid.lower() or not set(uid) <= set(string.ascii_lowercase + string.digits + "-_."):
                raise ValueError(f"{path}:{line}: id {uid!r} must be lower-case letters, digits, '-', '_' or '.' "
                                 f"(it becomes the hub user name) / 学号只能包含小写字母、数字、-、_、.")
            if uid in seen:
                raise ValueError(f"{path}:{line}: id {uid!r} appears twice / 学号重复")
            seen.add(uid)
            role = (row.get("role") or "student").strip().lower() or "student"
            if role not in ("student", "instructor"):
                raise ValueError(f"{path}:{line}: role must be 'student' or 'instructor', got {role!r}")
            first = (row.get("first_name") or row.get("name") or "").strip()
            members.append(Member(uid, first, (row.get("last_name") or "").strip(),
                                  (row.get("email") or "").strip(), role))
    if not any(m.role == "student" for m in members):
        raise ValueError(f"{path}: no student in the roster / 花名册里没有学生")
    return members


@dataclass(frozen=True)
class Paths:
    state: Path

    @property
    def exchange(self) -> Path:
        return self.state / "exchange"

    @property
    def homes(self) -> Path:
        return self.state / "home"

    @property
    def secrets(self) -> Path:
        return self.state / "secrets.json"

    def home(self, user: str) -> Path:
        return self.homes / user

    def course(self, instructor: str) -> Path:
        return self.home(instructor) / "course"


def load_secrets(paths: Paths) -> dict:
    """Demo passwords and the API token, made once and kept in ``secrets.json`` (0600).

    ``CRMLAB_CLASSROOM_PASSWORD`` / ``CRMLAB_CLASSROOM_ADMIN_PASSWORD`` override the
    stored passwords (the student password needs 8+ characters, the instructor's 32+).
    """
    paths.state.mkdir(parents=True, exist_ok=True)
    data = {}
    if paths.secrets.is_file():
        data = json.loads(paths.secrets.read_text())
    data.setdefault("student_password", "crm-" + secrets.token_urlsafe(6))
    data.setdefault("instructor_password", secrets.token_urlsafe(32))
    data.setdefault("api_token", secrets.token_hex(32))
    data["student_password"] = os.environ.get("CRMLAB_CLASSROOM_PASSWORD", data["student_password"])
    data["instructor_password"] = os.environ.get("CRMLAB_CLASSROOM_ADMIN_PASSWORD", data["instructor_password"])
    tmp = paths.secrets.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1))
    tmp.chmod(0o600)
    tmp.replace(paths.secrets)
    return data


def _render(template: str, **values) -> str:
    return string.Template((HERE / "templates" / template).read_text()).substitute(**values)


def _write_if_changed(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text() != text:
        path.write_text(text)


def prepare_course(paths: Paths, instructor: str, members: list[Member]) -> Path:
    """Create the instructor's nbgrader course folder and load the roster into its gradebook.

    The course's sources come from the project's ``assignments/source``; a notebook
    already in the course folder is kept (the instructor may have edited it).
    """
    course = paths.course(instructor)
    (course / "source").mkdir(parents=True, exist_ok=True)
    for src in sorted((COURSE_SOURCE / "source").rglob("*")):
        dest = course / "source" / src.relative_to(COURSE_SOURCE / "source")
        if src.is_dir():
            dest.mkdir(parents=True, exist_ok=True)
        elif not dest.exists() and ".ipynb_checkpoints" not in src.parts:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
    write_user_config(paths, instructor, "instructor")
    # nbgrader run from the course folder finds the same settings.
    shutil.copy2(paths.home(instructor) / ".jupyter" / "nbgrader_config.py", course / "nbgrader_config.py")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        for m in members:
            if m.role == "student":
                gb.update_or_create_student(m.id, first_name=m.first_name, last_name=m.last_name,
                                            email=m.email)
    return course


def write_user_config(paths: Paths, user: str, role: str) -> Path:
    """Write one user's Jupyter and nbgrader settings into their home; return the home.

    Called by the hub before each spawn, so a changed template reaches everyone at
    their next server start.
    """
    home = paths.home(user)
    jdir = home / ".jupyter"
    values = dict(username=user, course_id=COURSE_ID, exchange=str(paths.exchange), home=str(home),
                  course_root=str(paths.course(user)),
                  course_config=str(COURSE_SOURCE / "nbgrader_config.py"))
    _write_if_changed(jdir / "nbgrader_config.py", _render(f"{role}_nbgrader_config.py", **values))
    if role == "student":
        server = {"ServerApp": {"jpserver_extensions": {name: False for name in STUDENT_SERVER_EXTENSIONS_OFF}}}
        page = {"disabledExtensions": {name: True for name in STUDENT_LAB_PLUGINS_OFF}}
    else:
        server = {"ServerApp": {"jpserver_extensions": {}}}
        page = {"disabledExtensions": {name: True for name in LAB_PLUGINS_OFF}}
    _write_if_changed(jdir / "jupyter_server_config.json", json.dumps(server, indent=1))
    _write_if_changed(jdir / "labconfig" / "page_config.json", json.dumps(page, indent=1))
    return home


def prepare_exchange(paths: Paths) -> Path:
    """The exchange folder, writable by every server (nbgrader's own layout inside)."""
    paths.exchange.mkdir(parents=True, exist_ok=True)
    paths.exchange.chmod(0o777)
    return paths.exchange
