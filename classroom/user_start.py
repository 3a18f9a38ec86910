"""First step of every user's server, run as the user's own account (never as root).

    python classroom/user_start.py /path/to/jupyterhub-singleuser [server arguments...]

Sets the user's JupyterLab language once (``CRMLAB_CLASSROOM_LOCALE``: ``zh_CN`` or
``en``; a language the user chose later in Settings -> Language is kept), then replaces
itself with the Jupyter server. Whatever it writes into the home, it writes as the user.
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


def main(argv) -> None:
    os.umask(0o077)
    set_lab_language(os.environ.get("CRMLAB_CLASSROOM_LOCALE", ""))
    os.execv(argv[0], argv)


if __name__ == "__main__":
    main(sys.argv[1:])
