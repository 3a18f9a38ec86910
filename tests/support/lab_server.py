"""Start `crmlab lab --no-browser` as a student would and wait until JupyterLab answers (a test helper)."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import time
import urllib.request

TOKEN = "crmlab-test-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 10):
    """The response of ``url``: (status, body as text)."""
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status, r.read().decode()


@contextlib.contextmanager
def serving(command: list, env: dict, *, wait: float = 120):
    """Run ``command`` (``crmlab lab --no-browser`` and its options, without a port) until the block ends;
    yields ``(base_url, listing_of_labs)`` once ``/api/contents/labs`` answers."""
    port = free_port()
    env = dict(env, JUPYTER_TOKEN=TOKEN)
    proc = subprocess.Popen([*command, "--port", str(port)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                _, body = get(f"{base}/api/contents/labs?token={TOKEN}", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    if proc.poll() is None:
                        proc.terminate()
                    raise AssertionError(f"crmlab lab did not answer: {proc.communicate(timeout=30)[0][-3000:]}")
                time.sleep(1)
        yield base, json.loads(body)
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
