"""`crmlab exam`: a final built from the bank as one nbgrader assignment, one paper per student.

On the real pipeline: the exam is built into a scratch course, released by nbgrader,
two students' papers are drawn with a course secret, and submissions are autograded
in the sandbox: one answers its own paper with its key (objective full marks, the
computations worked out in the kernel on the student's own shop), one answers with the
*other* student's key and values (graded against its own paper, so it does not get
those marks), one has no stored paper. Manual parts wait for the formgrader; the
release and the students' paper files hold no key.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from crmlab.cli import main as crmlab_main
from support.grading import COURSE, auto_scores, submit_lab

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

EXAM = "FINAL_exam"
AUTO_CODES = ("sc", "mc", "tf", "cp")
MANUAL_CODES = ("td", "sa", "ca")


def _generate(course: Path, assignment: str) -> None:
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    proc = subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force"], cwd=course,
                          env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course with the bank, the built and released exam, a secret and the papers of s1 and s2."""
    from crmlab.grading.coursedata import course_secret

    root = tmp_path_factory.mktemp("exam") / "course"
    root.mkdir()
    shutil.copyfile(COURSE / "nbgrader_config.py", root / "nbgrader_config.py")
    shutil.copytree(COURSE / "exam_bank", root / "exam_bank", ignore=shutil.ignore_patterns("__pycache__"))
    assert crmlab_main(["exam", "build", "--root", str(root)]) == 0
    _generate(root, EXAM)
    secret = root / ".crmlab" / "course_secret"          # a fixed secret: the same papers on every run
    secret.parent.mkdir(mode=0o700)
    secret.write_text("5eed" * 16 + "\n", encoding="ascii")
    secret.chmod(0o600)
    assert course_secret(root) == bytes.fromhex("5eed" * 16)
    assert crmlab_main(["exam", "papers", "--root", str(root), "--student", "s1", "--student", "s2",
                        "--no-progress"]) == 0
    return root


@pytest.fixture(scope="module")
def papers(course):
    from crmlab.grading.exam_course import load_stored_paper

    return {sid: load_stored_paper(course, EXAM, sid) for sid in ("s1", "s2")}


def _cells(nb):
    return {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells if c.metadata.get("nbgrader")}


def _blueprint_ids(course):
    from crmlab.grading.exam import load_blueprint

    bp = load_blueprint(course / "exam_bank" / "blueprint.yaml")
    return bp, [(f"{s.code}{n:02d}", s) for s in bp.sections for n in range(1, s.count + 1)]


# -- build ----------------------------------------------------------------------------------

def test_build_makes_a_generic_notebook_from_the_blueprint(course, capsys):
    from crmlab.grading.trusted import load_lab_checks

    bp, ids = _blueprint_ids(course)
    nb = nbformat.read(str(course / "source" / EXAM / f"{EXAM}.ipynb"), as_version=4)
    cells = _cells(nb)
    meta = cells["exam_intro"].metadata.nbgrader
    assert meta["locked"] and not meta["grade"]
    intro = cells["exam_intro"].source
    assert intro.index("多选题评分规则") < intro.index("Multiple choice: every item")   # zh first, rules stated
    assert f"{bp.minutes} 分钟" in intro and f"{bp.minutes} minutes" in intro
    setup = next(c for c in nb.cells if "STUDENT_ID = None" in c.source)
    assert f"crmlab.exam.load_paper({EXAM!r}" in setup.source and "crmlab.setup(" in setup.source
    total = 0.0
    for aid, sec in ids:
        assert cells[f"{aid}_q"].metadata.nbgrader["locked"], aid          # shows the student's own question
        answer = cells[aid]
        assert answer.metadata.nbgrader["solution"], aid
        if sec.code in MANUAL_CODES:
            assert answer.cell_type == "markdown" and answer.metadata.nbgrader["grade"], aid
            assert answer.metadata.nbgrader["points"] == sec.points
            assert "评分标准" in answer.source and "mark scheme of the student's own paper" in answer.source
            assert f"test_{aid}" not in cells
        else:
            assert answer.cell_type == "code" and "### BEGIN SOLUTION" in answer.source, aid
            test = cells[f"test_{aid}"]
            assert test.metadata.nbgrader["grade"] and test.metadata.nbgrader["locked"]
            assert test.metadata.nbgrader["points"] == sec.points
            assert f"crmlab.exam.check_answer({aid!r}, {aid})" in test.source
        total += sec.points
    assert total == bp.total_points == 100
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert sum(c.metadata.nbgrader["points"] for c in graded) == 100
    lab = load_lab_checks(course, EXAM)
    assert sorted(lab.checks) == sorted(f"test_{aid}" for aid, s in ids if s.code in AUTO_CODES)
    assert lab.exam.blueprint.to_dict() == bp.to_dict()
    # building again changes nothing; another blueprint needs --force
    capsys.readouterr()
    assert crmlab_main(["exam", "build", "--root", str(course)]) == 0
    assert "unchanged" in capsys.readouterr().out
    other = course / "other_blueprint.yaml"
    other.write_text((course / "exam_bank" / "blueprint.yaml").read_text(encoding="utf-8")
                     .replace("minutes: 120", "minutes: 100"), encoding="utf-8")
    assert crmlab_main(["exam", "build", "--root", str(course), "--blueprint", str(other)]) == 2
    err = capsys.readouterr().err
    assert "已存在且内容不同" in err and "exists with other content" in err and "--force" in err


def test_release_leaks_no_key(course, papers):
    from crmlab.grading.course import check_release

    assert check_release(course, EXAM) == []
    text = (course / "release" / EXAM / f"{EXAM}.ipynb").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in text and "exam_bank" not in text
    for paper in papers.values():
        for q in paper.questions:
            assert q.item.id not in text
            first = q.item.stem[0].splitlines()[0]
            if len(first) > 8:                   # a term's stem is the term, e.g. 客户关系, in the course title
                assert first not in text         # not even the questions
            if q.item.explain[0]:
                assert q.item.explain[0] not in text
    assert sorted(p.name for p in (course / "release" / EXAM).iterdir()) == [f"{EXAM}.ipynb"]


# -- papers ---------------------------------------------------------------------------------

def test_papers_differ_and_are_stored(course, papers):
    from crmlab.grading.coursedata import course_secret, exam_seed

    s1, s2 = papers["s1"], papers["s2"]
    assert s1.answer_ids() == s2.answer_ids()
    assert s1.item_ids() != s2.item_ids()
    assert s1.seed == exam_seed(course_secret(course), "s1", EXAM) != s2.seed
    stored = course / "exam_papers" / EXAM
    assert json.loads((stored / "s1.json").read_text(encoding="utf-8"))["questions"] == s1.to_dict()["questions"]
    key = (stored / "s1_key.md").read_text(encoding="utf-8")
    assert all(q.item.id in key for q in s1.questions)
    assert "评分要点 / Mark scheme" in key and "学号 s1 的商店" in key
    # a second run keeps the stored papers (later bank edits cannot change a paper)
    before = (stored / "s1.json").read_bytes()
    from crmlab.grading.exam_course import write_papers

    done = write_papers(course, ["s1"], EXAM, progress=False)
    assert done["s1"]["new"] is False and (stored / "s1.json").read_bytes() == before


def test_the_students_paper_file_holds_questions_only(course, papers):
    for sid, paper in papers.items():
        path = course / "student_data" / sid / f"{EXAM}.paper.json"
        assert (course / "student_data" / sid / "classroom.sqlite").is_file()   # next to the shop
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        assert data["student_id"] == sid and data["assignment"] == EXAM
        assert [q["answer_id"] for q in data["questions"]] == paper.answer_ids()
        assert data["markdown"] == paper.render_student()
        assert not {"seed", "key", "bank_fingerprint", "order", "item"} & set(data)
        assert not any({"key", "item", "order", "params", "scheme"} & set(q) for q in data["questions"])
        assert str(paper.seed) not in text
        for q in paper.questions:
            it = q.item
            assert it.id not in text
            secrets = [it.explain[0], it.explain[1], *(w[0] for w in it.why_not.values())]
            secrets += [t for zh, en, _ in it.scheme for t in (zh, en)]
            secrets += [zh for _, _, _, scheme in it.questions for zh, _, _ in scheme]
            for t in secrets:
                if len(t) > 8:
                    assert t not in text, (sid, it.id, t)
            if it.type == "compute":
                assert it.reference not in text


def test_papers_need_a_built_exam_and_a_secret(tmp_path, course, capsys):
    bare = tmp_path / "bare"
    bare.mkdir()
    shutil.copyfile(COURSE / "nbgrader_config.py", bare / "nbgrader_config.py")
    assert crmlab_main(["exam", "papers", "--root", str(bare), "--student", "s1", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "crmlab exam build" in err and "不是用" in err
    (bare / "checks").mkdir()
    shutil.copyfile(course / "checks" / f"{EXAM}.py", bare / "checks" / f"{EXAM}.py")
    assert crmlab_main(["exam", "papers", "--root", str(bare), "--student", "s1", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "课程还没有密钥" in err and "no secret" in err and "crmlab grade student-data" in err
    assert crmlab_main(["exam", "papers", "--root", str(course), "--student", "../x", "--no-progress"]) == 2
    assert "student id" in capsys.readouterr().err


def test_key_command(course, papers, capsys):
    assert crmlab_main(["exam", "key", "s2", "--root", str(course)]) == 0
    out = capsys.readouterr().out
    assert all(q.item.id in out for q in papers["s2"].questions)
    assert "Formgrader" in out and "`ca01`" in out
    assert crmlab_main(["exam", "key", "nobody", "--root", str(course)]) == 2
    err = capsys.readouterr().err
    assert "没有学号 nobody 的试卷" in err and "No paper for student nobody" in err


# -- the student's side -------------------------------------------------------------------------

def test_runtime_shows_the_students_own_paper(course, papers, monkeypatch, capsys):
    import crmlab.exam as rt

    monkeypatch.setenv("CRMLAB_DATA_DIR", str(course / "student_data"))
    monkeypatch.setenv("CRMLAB_COURSE", EXAM)
    monkeypatch.delenv("CRMLAB_GRADING", raising=False)
    monkeypatch.setattr(rt, "_state", {"paper": None})
    from crmlab import session

    monkeypatch.setitem(session._state, "info", None)
    monkeypatch.setitem(session._state, "shop", None)
    paper = rt.load_paper(EXAM, student_id="s2")
    assert paper.answer_ids == papers["s2"].answer_ids()
    assert paper.markdown() == papers["s2"].render_student()
    rt.show("sc01")
    shown = capsys.readouterr().out
    first = papers["s2"]["sc01"].stem()
    assert first[0].splitlines()[0] in shown and shown.index(first[0][:10]) < shown.index(first[1][:10])
    with pytest.raises(rt.ExamPaperError, match="Papers of several students"):
        rt.load_paper(EXAM)
    with pytest.raises(rt.ExamPaperError, match="not found"):
        rt.load_paper(EXAM, student_id="s9")
    # the format check: letters of this question, one number, True/False; None is a blank
    letters = "".join(L for L, _ in papers["s2"]["mc01"].options())
    rt.check_answer("mc01", letters[:2])
    rt.check_answer("cp01", None)
    for aid, bad in (("sc01", "AB"), ("sc01", 2), ("mc01", "AZ"), ("tf01", "maybe"), ("cp01", "0.3x"),
                     ("cp01", float("nan"))):
        with pytest.raises(AssertionError):
            rt.check_answer(aid, bad)
    # while grading no paper is needed: a placeholder that shows nothing
    monkeypatch.setenv("CRMLAB_GRADING", "1")
    monkeypatch.setenv("CRMLAB_DATA_DIR", str(course / "nowhere"))
    capsys.readouterr()
    placeholder = rt.load_paper(EXAM, student_id="s1")
    assert placeholder.placeholder
    rt.show("sc01")
    assert capsys.readouterr().out == ""


# -- grading on the real pipeline ----------------------------------------------------------------

def _submission(course, student_id, objective: dict, computations: dict):
    """The released notebook with ``objective`` answers, ``computations`` (code per answer id) and text answers."""
    nb = nbformat.read(str(course / "release" / EXAM / f"{EXAM}.ipynb"), as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if "STUDENT_ID = None" in c.source)
    nb.cells[at].source = nb.cells[at].source.replace("STUDENT_ID = None", f"STUDENT_ID = {student_id!r}")
    reference = (course / "exam_bank" / "reference.py").read_text(encoding="utf-8")
    nb.cells.insert(at + 1, nbformat.v4.new_code_cell(reference))      # a student's own helper functions
    for aid, c in _cells(nb).items():
        if not c.metadata.nbgrader.get("solution"):
            continue
        if c.cell_type == "markdown":
            c.source = f"{aid}：我的回答要点…… / my answer ..."
        elif aid in objective:
            c.source = f"{aid} = {objective[aid]!r}"
        elif aid in computations:
            c.source = computations[aid]
    return nb


def _computation_code(paper) -> dict:
    return {q.answer_id: f"{q.answer_id} = {q.item.reference}(shop, **{q.params!r})"
            for q in paper.questions if q.type == "compute"}


def test_grading_uses_each_students_own_paper(course, papers):
    from crmlab.grading.autograde import autograde
    from crmlab.grading.coursedata import student_shop
    from crmlab.grading.exam import expected_values, grade_computation, grade_objective

    s1, s2 = papers["s1"], papers["s2"]
    shop1 = student_shop(course, "s1", "classroom")
    values1 = expected_values(s1, shop1)
    # s1 answers its own paper; s2 hands in s1's key and s1's numbers; s3 has no stored paper
    submit_lab(course, EXAM, "s1", _submission(course, "s1", s1.key(), _computation_code(s1)))
    copied = {aid: f"{aid} = {v!r}" for aid, v in values1.items()}
    submit_lab(course, EXAM, "s2", _submission(course, "s2", s1.key(), copied))
    submit_lab(course, EXAM, "s3", _submission(course, "s3", s1.key(), copied))
    report = autograde(course, EXAM, jobs=2, timeout=120, progress=False)
    assert not report.failed, report.failed
    scores = auto_scores(course, EXAM)

    auto_ids = [q.answer_id for q in s1.questions if q.answer_id[:2] in AUTO_CODES]
    manual_ids = [q.answer_id for q in s1.questions if q.answer_id[:2] in MANUAL_CODES]
    full = {f"test_{a}": s1[a].points for a in auto_ids}
    assert {k: scores["s1"][k] for k in full} == full                       # 55 points, all of them
    assert sum(full.values()) == 55
    # s2 is graded against s2's paper: only what s1's key happens to get right there
    shop2 = student_shop(course, "s2", "classroom")
    expected2 = {f"test_{g.answer_id}": g.points for g in grade_objective(s2, s1.key())}
    expected2.update({f"test_{g.answer_id}": g.points
                      for g in grade_computation(s2, dict(values1), shop2)})
    assert {k: scores["s2"][k] for k in expected2} == pytest.approx(expected2)
    assert sum(scores["s2"][k] for k in full) < 55 / 2
    # no stored paper: zero, and the verdict says why
    assert all(scores["s3"][k] == 0 for k in full)
    autograded = (course / "autograded" / "s3" / EXAM / f"{EXAM}.ipynb").read_text(encoding="utf-8")
    assert "No paper is stored for student s3" in autograded
    # the manual parts wait for the formgrader
    for sid in ("s1", "s2", "s3"):
        assert all(scores[sid][a] is None for a in manual_ids), sid
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        sub = gb.find_submission(EXAM, "s1")
        assert sub.needs_manual_grade
        assert sub.max_score == 100
    # what s2 got wrong is explained against s2's own paper
    wrong = next(g for g in grade_objective(s2, s1.key()) if g.status == "wrong")
    graded = (course / "autograded" / "s2" / EXAM / f"{EXAM}.ipynb").read_text(encoding="utf-8")
    assert json.dumps(wrong.feedback[1])[1:-1][:60] in graded
