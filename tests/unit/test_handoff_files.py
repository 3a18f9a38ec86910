"""Files the notebook wrote (a SQLite database) handed over as bytes: the kernel side
(crmlab.grading.handoff.export) and the check side (crmlab.grading.trusted)."""

from __future__ import annotations

import pytest

from crmlab.grading import handoff


@pytest.fixture
def shown(monkeypatch):
    """What export() displays, decoded as the grader reads it."""
    out = []
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda data, raw=False: out.append(handoff.decode_output(data)))
    return out


def test_files_the_notebook_wrote_cross_over_as_bytes(shown, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "customers.db").write_bytes(b"SQLite format 3\x00 and more")
    (tmp_path / "folder.db").mkdir()
    handoff.export("t", [], {}, namespace={}, files={"db": "customers.db", "gone": "other.db", "dir": "folder.db"})
    got = shown[0]
    assert got["answers"] == {"db": b"SQLite format 3\x00 and more"}
    assert got["errors"]["gone"] == {"code": "nofile", "detail": "other.db"}
    assert got["errors"]["dir"]["code"] == "unreadable"
    src = handoff.handoff_source("t", ["x"], None, files={"db": "customers.db"})
    assert "files={'db': 'customers.db'}" in src
    assert "files" not in handoff.handoff_source("t", ["x"], None)  # other labs: the same handoff as before


def test_a_check_receives_declared_files_and_says_which_is_missing():
    from crmlab.grading.trusted import CheckContext, LabChecks, run_check

    lab = LabChecks("L_test")

    @lab.check("t", answers=["n"], files={"db": "customers.db"})
    def t(ctx, n, db):
        assert db.startswith(b"SQLite") and n == 1

    ctx = CheckContext(None, "s1", lab.shop_key, secret=None)
    ok = run_check(lab, "t", ctx, {"answers": {"n": 1, "db": b"SQLite..."}, "errors": {}}, 2.0)
    assert ok.score == 2.0
    gone = run_check(lab, "t", ctx, {"answers": {"n": 1}, "errors": {"db": {"code": "nofile",
                                                                           "detail": "customers.db"}}}, 2.0)
    assert gone.score == 0.0 and gone.mistake == "answer_nofile" and "customers.db" in gone.en
