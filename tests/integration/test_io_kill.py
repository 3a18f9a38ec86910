"""A write killed half way loses nothing: `crmlab simulate` under SIGKILL, SIGTERM and Ctrl-C.

Each test puts a crmlab shop at the target and, beside it, a folder of the user's
files; runs `crmlab simulate ... --overwrite` onto the target in a child process;
signals the child while its hidden temporary file or folder is being written; and
checks that the target and the user's folder are byte for byte as before. SIGTERM
and Ctrl-C must also leave no temporary file behind; what SIGKILL leaves is swept by
the next write to the same place.

To catch the child mid-write without guessing at timings, most children wrap one
writer step so that it announces itself and then waits; one test instead writes a
large shop with the real, unwrapped command and waits until its temporary file grows.
"""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import crmlab

pytestmark = pytest.mark.slow

# The child: `crmlab simulate` whose writer stops half way, after a first part is on disk.
CHILD = textwrap.dedent("""
    import sys, time
    import pandas as pd
    import crmlab.io as cio

    def announce_and_wait():
        print("MID-WRITE", flush=True)
        time.sleep(600)  # until the test's signal arrives

    if sys.argv[1] == "sqlite":
        real, seen = cio._sql_values, []
        def _sql_values(df, table):
            seen.append(table.name)
            if len(seen) == 4:  # customers, products and campaigns are already in the file
                announce_and_wait()
            return real(df, table)
        cio._sql_values = _sql_values
    else:
        real = pd.DataFrame.to_parquet
        def to_parquet(self, path, *args, **kwargs):
            real(self, path, *args, **kwargs)  # one table's file is in the temporary folder
            announce_and_wait()
        pd.DataFrame.to_parquet = to_parquet

    from crmlab.cli import main
    sys.exit(main(sys.argv[2:]))
""")


def _tree(root: Path) -> dict:
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if ".crmlab-" in p.name)


@pytest.fixture
def place(tmp_path):
    """A folder with an existing SQLite shop, an existing Parquet shop and the user's own files."""
    old = crmlab.simulate(80, random_state=1)
    old.to_sqlite(tmp_path / "shop.sqlite")
    old.to_parquet(tmp_path / "shop_parquet")
    notes = tmp_path / "notes"
    (notes / "data").mkdir(parents=True)
    (notes / "data" / "notes.txt").write_text("我的笔记 / my notes", encoding="utf-8")
    (notes / "thesis.docx").write_bytes(os.urandom(4096))
    return tmp_path


def _start_child(place, fmt):
    target = "shop.sqlite" if fmt == "sqlite" else "shop_parquet"
    args = ["simulate", "-n", "1500", "--seed", "3", "--no-progress", "--overwrite", "-o", target]
    if fmt == "parquet":
        args += ["--format", "parquet"]
    proc = subprocess.Popen([sys.executable, "-c", CHILD, fmt, *args], cwd=place, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if line.strip() != "MID-WRITE":
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"the child never reached the write: {line!r} {err[-2000:]}")
    assert _leftovers(place), "the temporary output should exist mid-write"
    return proc


@pytest.mark.parametrize("fmt", ["sqlite", "parquet"])
@pytest.mark.parametrize("sig, status", [(signal.SIGTERM, -signal.SIGTERM), (signal.SIGINT, 130)])
def test_sigterm_and_ctrl_c_mid_write_leave_nothing(place, fmt, sig, status):
    before = _tree(place)
    proc = _start_child(place, fmt)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == status, err
    assert "Traceback" not in err, err
    if sig == signal.SIGINT:
        assert err.strip().splitlines() == ["已中断 / interrupted"]
    assert _leftovers(place) == []
    assert _tree(place) == before


@pytest.mark.parametrize("fmt", ["sqlite", "parquet"])
def test_sigkill_mid_write_keeps_everything_and_the_next_write_sweeps(place, fmt):
    before = _tree(place)
    proc = _start_child(place, fmt)
    proc.kill()
    proc.communicate(timeout=120)  # reaped: its pid is gone
    assert proc.returncode == -signal.SIGKILL
    left = _leftovers(place)
    assert len(left) == 1 and ".crmlab-tmp-" in left[0]  # the half-written temporary, and only it
    assert {k: v for k, v in _tree(place).items() if not k.startswith(left[0])} == before
    # The next write to the same place sweeps it.
    target = "shop.sqlite" if fmt == "sqlite" else "shop_parquet"
    out = subprocess.run([sys.executable, "-m", "crmlab.cli", "simulate", "-n", "60", "--seed", "4", "--no-progress",
                          "--overwrite", "-o", target, *(["--format", "parquet"] if fmt == "parquet" else [])],
                         cwd=place, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert _leftovers(place) == []
    assert crmlab.load_shop(place / target) == crmlab.simulate(60, random_state=4)
    assert {k: v for k, v in _tree(place).items() if k.startswith("notes")} == \
        {k: v for k, v in before.items() if k.startswith("notes")}


def test_sigkill_of_the_real_command_writing_a_large_shop(place):
    """No wrapping: `crmlab simulate` writing a ~30 MB shop, killed once its temporary file has grown."""
    before = _tree(place)
    proc = subprocess.Popen([sys.executable, "-m", "crmlab.cli", "simulate", "-n", "20000", "--seed", "5",
                             "--no-progress", "--overwrite", "-o", "shop.sqlite"], cwd=place,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        grown = False
        while proc.poll() is None and not grown:  # wait for the temporary file to pass 1 MB, of ~30
            tmp = [p for p in place.iterdir() if ".crmlab-tmp-" in p.name]
            try:
                grown = bool(tmp) and tmp[0].stat().st_size > 1_000_000
            except FileNotFoundError:
                pass
            time.sleep(0.01)  # polling, not a timing assertion
        assert grown, f"the write ended before it could be interrupted: {proc.stderr.read()[-2000:]}"
        proc.kill()
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert {k: v for k, v in _tree(place).items() if ".crmlab-tmp-" not in k} == before
    assert len(_leftovers(place)) == 1
    crmlab.simulate(50, random_state=6).to_sqlite(place / "shop.sqlite", overwrite=True)  # the next write sweeps
    assert _leftovers(place) == []
