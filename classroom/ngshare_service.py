"""Run ngshare (nbgrader's exchange as a JupyterHub service) for the class server.

The hub starts this as a managed service (``jupyterhub_config.py``), with ngshare's own
command-line options. Two adjustments to ngshare 0.6.0, the release on PyPI:

- it listens on the host of its service URL (127.0.0.1), not on every interface;
- with SQLAlchemy 2 a new ``Assignment`` or ``Submission`` no longer joins the database
  session of the course or assignment it is attached to (SQLAlchemy 2 dropped
  "cascade_backrefs"), so releases and submissions were silently not saved; they join it
  here, as ngshare's own repository does since its commit fd8467e (after 0.6.0).
"""

from __future__ import annotations

import os
import sys
from urllib.parse import urlparse

from sqlalchemy.orm import object_session

import ngshare.ngshare as ngshare
from ngshare.database import database


def _joins_session_of(cls, parent_attr: str) -> None:
    init = cls.__init__

    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        session = object_session(getattr(self, parent_attr))
        if session is not None and self not in session:
            session.add(self)

    cls.__init__ = __init__


class _LoopbackHTTPServer(ngshare.HTTPServer):
    def listen(self, port, address="", **kwargs):
        host = urlparse(os.environ["JUPYTERHUB_SERVICE_URL"]).hostname or "127.0.0.1"
        return super().listen(port, host, **kwargs)


def main(argv=None) -> None:
    _joins_session_of(database.Assignment, "course")
    _joins_session_of(database.Submission, "assignment")
    ngshare.HTTPServer = _LoopbackHTTPServer
    os.makedirs(os.getcwd(), exist_ok=True)
    try:
        ngshare.main(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:  # the hub stops its services with SIGINT
        pass


if __name__ == "__main__":
    main()
