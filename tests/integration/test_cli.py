"""The crmlab command line, run as a real subprocess."""

import subprocess
import sys

import crmlab


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "crmlab.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_help_lists_commands():
    out = run("--help")
    assert out.returncode == 0
    for cmd in ("simulate", "info", "datasets", "lab"):
        assert cmd in out.stdout


def test_simulate_to_sqlite_and_info(tmp_path):
    path = tmp_path / "shop.sqlite"
    out = run("simulate", "--customers", "300", "--seed", "1", "--out", str(path))
    assert out.returncode == 0, out.stderr
    assert crmlab.load_shop(path) == crmlab.simulate(300, random_state=1)
    assert "simulate" in out.stderr  # the progress bar
    info = run("info", str(path))
    assert info.returncode == 0 and "orders" in info.stdout


def test_simulate_parquet_and_params(tmp_path):
    out = run("simulate", "-n", "200", "--seed", "2", "--format", "parquet", "--out", str(tmp_path / "p"),
              "-p", "referral_share=0.3", "--no-progress")
    assert out.returncode == 0, out.stderr
    shop = crmlab.load_shop(tmp_path / "p")
    assert shop.meta["params"]["referral_share"] == 0.3
    assert out.stderr == ""


def test_errors_are_clear_and_exit_2(tmp_path):
    cases = [
        (["simulate", "-n", "0", "--out", str(tmp_path / "a.sqlite")], "n_customers"),
        (["simulate", "-n", "10", "--out", str(tmp_path / "no" / "a.sqlite")], "mkdir"),
        (["simulate", "-n", "10", "--start", "2024-05-01", "--end", "2024-01-01", "--out", str(tmp_path / "b.sqlite")], "end"),
        (["simulate", "-n", "10", "-p", "nope=1", "--out", str(tmp_path / "c.sqlite")], "nope"),
        (["info", str(tmp_path / "missing.sqlite")], "does not exist"),
    ]
    for args, word in cases:
        out = run(*args)
        assert out.returncode == 2, args
        assert word in out.stderr and "Traceback" not in out.stderr, out.stderr
    assert not any(p.suffix == ".tmp" for p in tmp_path.iterdir())


def test_existing_output_needs_overwrite(tmp_path):
    path = tmp_path / "s.sqlite"
    assert run("simulate", "-n", "50", "--out", str(path), "--no-progress").returncode == 0
    out = run("simulate", "-n", "50", "--out", str(path), "--no-progress")
    assert out.returncode == 2 and "--overwrite" in out.stderr


def test_lab_starts_headless_and_prints_the_url(tmp_path):
    """`crmlab lab --no-browser` (what `make lab` runs) serves JupyterLab on loopback."""
    import os
    import signal
    import socket
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"), "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"),
           "CRMLAB_WORKSPACE": str(tmp_path / "ws")}
    proc = subprocess.Popen([sys.executable, "-m", "crmlab.cli", "lab", "--no-browser", "--port", str(port)],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    seen = ""
    try:
        deadline = time.time() + 90
        while time.time() < deadline and f"http://127.0.0.1:{port}/lab" not in seen:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                break
            seen += line
        assert f"http://127.0.0.1:{port}/lab" in seen, seen[-2000:]
        assert (tmp_path / "ws" / "data" / "classroom.sqlite").exists()
        assert (tmp_path / "ws" / "START_HERE.ipynb").exists()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
