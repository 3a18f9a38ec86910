"""The class server's pieces that need no running hub: roster, modes, passwords, login, limits."""

from __future__ import annotations

import asyncio
import csv
import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "classroom"))

import _classroom as cl  # noqa: E402


def _roster(path: Path, rows) -> Path:
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "email", "role", "lang"])
        w.writerows(rows)
    return path


def test_roster_rules(tmp_path):
    members = cl.read_roster(ROOT / "classroom" / "roster.csv")
    assert [m.role for m in members].count("instructor") == 1
    assert {m.lang for m in members} == {"zh", "en"}
    for bad in ("ngshare", "classroom-admin", "Upper", "-x", "a" * 25, "a/b"):
        with pytest.raises(ValueError):
            cl.read_roster(_roster(tmp_path / "r.csv", [["t", "T", "", "instructor", "zh"], [bad, "S", "", "student", "zh"]]))
    with pytest.raises(ValueError, match="lang"):
        cl.read_roster(_roster(tmp_path / "r.csv", [["s", "S", "", "student", "fr"]]))


def test_demo_refuses_a_class(tmp_path):
    """The shared-password demo protects nothing: one student at most."""
    from run import Classroom

    roster = _roster(tmp_path / "r.csv", [["t", "T", "", "instructor", "zh"], ["s1", "S", "", "student", "zh"],
                                          ["s2", "S", "", "student", "zh"]])
    with pytest.raises(ValueError, match="protects nothing"):
        Classroom(state=tmp_path / "state", roster=roster, mode="demo").check_mode()
    Classroom(state=tmp_path / "state", roster=ROOT / "classroom" / "demo_roster.csv", mode="demo").check_mode()
    if os.geteuid() != 0:
        with pytest.raises(PermissionError):
            Classroom(state=tmp_path / "state", roster=roster, mode="secure").check_mode()



def test_a_hub_that_exits_is_reported_with_the_end_of_its_log(tmp_path):
    """The hub's log lives in the state folder, which may be gone when the error is read: the error carries its end."""
    import subprocess

    from run import Classroom

    room = Classroom(state=tmp_path / "state", roster=ROOT / "classroom" / "demo_roster.csv", mode="demo",
                     log=tmp_path / "hub.log")
    room.log_path.write_text("".join(f"line {i}\n" for i in range(40)) + "[E] port 8000 is already in use\n")
    room.proc = subprocess.Popen([sys.executable, "-c", "raise SystemExit(1)"])
    room.proc.wait()
    with pytest.raises(RuntimeError, match="exited with 1") as err:
        room._wait_ready(5)
    assert "port 8000 is already in use" in str(err.value) and "line 39" in str(err.value)
    assert "line 10\n" not in str(err.value)  # the end only

def test_passwords_one_per_person(tmp_path):
    paths = cl.Paths(tmp_path)
    members = cl.read_roster(ROOT / "classroom" / "roster.csv")
    first = cl.ensure_passwords(paths, members)
    assert len(set(first.values())) == len(members) and all(len(p) >= 12 for p in first.values())
    assert cl.ensure_passwords(paths, members) == first  # kept between starts
    again = cl.ensure_passwords(paths, members, reset={"2024001"})
    assert again["2024001"] != first["2024001"] and again["2024002"] == first["2024002"]
    for f in (paths.password_hashes, paths.password_csv):
        assert f.stat().st_mode & 0o777 == 0o600
    hashes = json.loads(paths.password_hashes.read_text())
    assert all(h.startswith("scrypt$") and again[u] not in h for u, h in hashes.items())
    assert cl.check_password(again["2024001"], hashes["2024001"])
    assert not cl.check_password(again["2024002"], hashes["2024001"])
    assert not cl.check_password("x", "plain-text")


def test_roster_authenticator(tmp_path):
    from _hub import RosterPasswordAuthenticator

    paths = cl.Paths(tmp_path)
    members = cl.read_roster(ROOT / "classroom" / "roster.csv")
    pw = cl.ensure_passwords(paths, members)
    auth = RosterPasswordAuthenticator(password_file=str(paths.password_hashes))

    def login(user, password):
        return asyncio.run(auth.authenticate(None, {"username": user, "password": password}))

    assert login("2024001", pw["2024001"]) == "2024001"
    assert login("2024002", pw["2024001"]) is None      # someone else's password
    assert login("2024001", "") is None
    assert login("nobody", pw["2024001"]) is None


def test_limits_helpers():
    from _hub import Cgroup, parse_bytes

    assert parse_bytes("1G") == 2 ** 30 and parse_bytes("512M") == 512 * 2 ** 20 and parse_bytes(1000) == 1000
    cg = Cgroup("ctzz-none")
    assert cg.name == "crmlab-ctzz-none" and cg.version in (1, 2)
    assert cg.pids() == set() and cg.memory_bytes() is None
