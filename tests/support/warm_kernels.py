"""Warm kernels for the lesson runs: a fork server that has imported the scientific stack once.

Executing a lesson starts a kernel that imports pandas, scipy, matplotlib, seaborn, scikit-learn and crmlab
before its first cell does any work: seconds of every run, and the lessons are executed dozens of times per test
session (each in two languages, released and solved). Here one server process per test worker imports all of that
once; each kernel is a ``fork()`` of it, so it starts with those modules loaded and nothing else: a fresh
interpreter state for every notebook, as a freshly launched kernel has.

What the kernels see is otherwise what ``python -m ipykernel_launcher`` would give: the connection file, the
working directory and the environment of the process that launched the kernel (nbclient's kernel manager), the
inline matplotlib backend that ipykernel selects, fresh random seeds. Warnings raised while the server imported
are recorded (:func:`preload_warnings`): a test that asserts "no cell prints a warning" must also assert that
list is empty, since a module imported in the server warns there and not in the notebook.

The kernel manager starts a tiny client (this file run as a script, no heavy import) as "the kernel process"; the
client asks the server for a fork, forwards signals to it (interrupts, terminate) and exits with its exit code;
the forked kernel exits when the client dies (a killed kernel does not linger). Linux only (fork, pidfd), like the
machines the tests run on; elsewhere :func:`kernel_manager` returns None and callers use a plain kernel.

The server also reads the shipped shops the lessons load (:data:`SHIPPED`) once, so that a kernel's
``crmlab.setup(dataset="lab")`` gets fresh copies of tables already read (tests/support/shipped_shops.py) instead of
reading SQLite again.

Run as a script: ``warm_kernels.py serve SOCKET READY`` (the server) or ``warm_kernels.py connect SOCKET
CONNECTION_FILE`` (the client the kernel spec runs).
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import sys
from pathlib import Path

# What the server imports before it forks: everything the lessons import, and what those import.
PRELOAD = ("numpy", "pandas", "scipy.stats", "scipy.optimize", "matplotlib", "matplotlib.pyplot",
           "matplotlib_inline.backend_inline", "seaborn", "sklearn.cluster", "sklearn.linear_model",
           "sklearn.metrics", "sklearn.preprocessing", "ipywidgets", "IPython", "ipykernel.kernelapp", "nbformat",
           "crmlab", "crmlab.analysis", "crmlab.plot", "crmlab.widgets", "crmlab.exercises", "crmlab.shop",
           "crmlab.simulation")
SHIPPED = ("lab", "classroom", "classroom_en")  # the shipped datasets the lessons load (tests/support/shipped_shops.py)
INLINE = "module://matplotlib_inline.backend_inline"  # what ipykernel puts in MPLBACKEND for its kernels

_server = None  # (process, socket path, warnings) of this process's server


# -- the test side ----------------------------------------------------------------------------------------------------
def kernel_manager(tmp_dir):
    """A jupyter_client KernelManager whose kernels are forks of this process's warm server (started on first use,
    stopped when this process exits), or None where fork servers are not available."""
    if not sys.platform.startswith("linux") or not hasattr(os, "pidfd_open"):
        return None
    from pathlib import Path

    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager

    sock, _ = _ensure_server(Path(tmp_dir))
    kernels = Path(tmp_dir) / "kernels"
    spec_dir = kernels / "crmlab-warm"
    if not (spec_dir / "kernel.json").exists():
        spec_dir.mkdir(parents=True, exist_ok=True)
        spec = {"argv": [sys.executable, os.path.abspath(__file__), "connect", sock, "{connection_file}"],
                "display_name": "Python 3 (warm)", "language": "python", "interrupt_mode": "signal"}
        (spec_dir / "kernel.json").write_text(json.dumps(spec))
    return KernelManager(kernel_name="crmlab-warm", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]))


def execute(nb, cwd, timeout=300, **client_options):
    """Run notebook ``nb`` in ``cwd`` (``nbclient.NotebookClient.execute``) on a warm kernel, or on a plain
    ``python3`` kernel where there are none; the warm kernel is shut down afterwards (nbclient stops only the kernels
    it started itself: a run would otherwise leave its kernel, a few hundred MB, until the test worker exits)."""
    from nbclient import NotebookClient

    km = kernel_manager(Path(cwd).parent)
    kernel = {"km": km} if km is not None else {"kernel_name": "python3"}
    try:
        return NotebookClient(nb, timeout=timeout, resources={"metadata": {"path": str(cwd)}}, **kernel,
                              **client_options).execute()
    finally:
        if km is not None and km.has_kernel:
            km.shutdown_kernel(now=True)


def preload_warnings() -> list[str]:
    """The warnings the server's imports raised (empty when no server runs)."""
    return list(_server[2]) if _server else []


def _ensure_server(tmp_dir):
    global _server
    import atexit
    import subprocess
    import tempfile
    import time

    if _server is not None and _server[0].poll() is None:
        return _server[1], _server[2]
    run = tempfile.mkdtemp(prefix="warm-", dir="/tmp")  # a short path: unix socket paths are limited to 108 bytes
    sock, ready = os.path.join(run, "s"), os.path.join(run, "ready.json")
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "serve", sock, ready], env=env,
                            cwd=str(tmp_dir))
    deadline = time.monotonic() + 300
    while not os.path.exists(ready):
        if proc.poll() is not None:
            raise RuntimeError(f"the warm kernel server exited with {proc.returncode} before it was ready")
        if time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("the warm kernel server was not ready after 300 s")
        time.sleep(0.05)
    with open(ready, encoding="utf-8") as f:
        warned = json.load(f)
    atexit.register(proc.terminate)
    _server = (proc, sock, warned)
    return sock, warned


# -- the server -------------------------------------------------------------------------------------------------------
def serve(sock_path, ready_path):
    import importlib
    import warnings

    os.environ["MPLBACKEND"] = INLINE
    with warnings.catch_warnings(record=True) as caught:  # default filters: what a kernel would show
        for name in PRELOAD:
            importlib.import_module(name)
        # the shipped shops the lessons set up, read from SQLite here once: each kernel gets copies of the tables
        sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        from support import shipped_shops

        shipped_shops.read_once()
        shipped_shops.prime(*SHIPPED)
    parent = os.getppid()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(sock_path)
    listener.listen(64)
    tmp = ready_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump([f"{w.category.__name__}: {w.message} ({w.filename}:{w.lineno})" for w in caught], f)
    os.replace(tmp, ready_path)
    children = {}  # kernel pid -> the client's connection
    while os.getppid() == parent:  # the test worker that started us is gone: stop
        readable, _, _ = select.select([listener], [], [], 0.2)
        _reap(children)
        if not readable:
            continue
        conn, _ = listener.accept()
        request = json.loads(conn.makefile("r", encoding="utf-8").readline())
        pid = os.fork()
        if pid == 0:
            listener.close()
            conn.close()
            for other in children.values():
                other.close()
            _become_kernel(request)  # never returns
        children[pid] = conn
        conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
    for pid in children:
        _kill(pid, signal.SIGKILL)


def _reap(children):
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        conn = children.pop(pid, None)
        if conn is not None:
            try:
                conn.sendall(json.dumps({"exit": os.waitstatus_to_exitcode(status)}).encode() + b"\n")
            except OSError:
                pass
            conn.close()


def _alive(pid) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _kill(pid, sig):
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _become_kernel(request):
    """In the forked child: become the kernel the client was launched to be."""
    import random
    import threading
    import time

    import numpy as np

    try:
        os.setsid()
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        random.seed()
        np.random.seed()
        client = request["client"]

        def exit_with_the_client():  # the kernel manager killed the client: the kernel goes too
            try:
                select.select([os.pidfd_open(client)], [], [])
            except OSError:  # a kernel without pidfds: poll
                while _alive(client):
                    time.sleep(0.5)
            os._exit(1)

        threading.Thread(target=exit_with_the_client, daemon=True).start()
        sys.argv = [sys.executable, "-f", request["connection_file"]]
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        app.initialize(["-f", request["connection_file"]])
        _hook_into_the_kernel()
        app.start()
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 0
    except BaseException:  # noqa: BLE001 - a kernel that failed to start says why, then exits
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def _hook_into_the_kernel():
    """What the inline backend and ipywidgets do when first imported inside a kernel (they were imported by the
    server, outside one): show each cell's figures and close them, register the widgets' comm target."""
    inline = sys.modules.get("matplotlib_inline.backend_inline")
    if inline is not None:
        inline._enable_matplotlib_integration()
    widgets = sys.modules.get("ipywidgets")
    if widgets is not None:
        widgets._handle_ipython()


# -- the client (what the kernel spec runs) ---------------------------------------------------------------------------
def connect(sock_path, connection_file):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sock_path)
    s.sendall(json.dumps({"connection_file": os.path.abspath(connection_file), "cwd": os.getcwd(),
                          "env": dict(os.environ), "client": os.getpid()}).encode() + b"\n")
    replies = s.makefile("r", encoding="utf-8")
    pid = json.loads(replies.readline())["pid"]
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(sig, lambda signum, _frame: _kill(pid, signum))
    line = replies.readline()
    sys.exit(json.loads(line)["exit"] if line else 1)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"serve": serve, "connect": connect}[command](*args)
