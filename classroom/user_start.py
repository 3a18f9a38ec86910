"""First step of every user's server, run as the user's own account (never as root).

    python classroom/user_start.py jupyterhub-singleuser [server arguments...]

Sets the user's JupyterLab language once (``CRMLAB_CLASSROOM_LOCALE``: ``zh_CN`` or
``en``; a language the user chose later in Settings -> Language is kept). On Kubernetes,
where no launcher prepares the instructor's course, an instructor's first start creates
``~/course`` from the roster in ``CRMLAB_ROSTER`` (``CRMLAB_ROLE=instructor``). Then it
replaces itself with the Jupyter server. Whatever it writes into the home, it writes as
the user.
"""

import json
import os
import sys
from pathlib import Path


def set_lab_language(locale: str) -> None:
    settings = (Path(os.environ.get("JUPYTER_CONFIG_DIR", Path.home() / ".jupyter")) / "lab" / "user-settings"
                / "@jupyterlab" / "translation-extension" / "plugin.jupyterlab-settings")
    if locale and not settings.exists():
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(json.dumps({"locale": locale}, indent=1))


def set_up_course(roster: str) -> None:
    course = Path.home() / "course"
    if (course / "nbgrader_config.py").exists():
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import _classroom as cl

    students = [{"id": m.id, "first_name": m.first_name, "last_name": m.last_name, "email": m.email}
                for m in cl.read_roster(roster) if m.role == "student"]
    cl.setup_course(course, os.environ.get("CRMLAB_CLASSROOM_COURSE", cl.COURSE_ID), students)


def main(argv) -> None:
    os.umask(0o077)
    set_lab_language(os.environ.get("CRMLAB_CLASSROOM_LOCALE", ""))
    if os.environ.get("CRMLAB_ROLE") == "instructor" and os.environ.get("CRMLAB_ROSTER"):
        set_up_course(os.environ["CRMLAB_ROSTER"])
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    main(sys.argv[1:])
