"""Course grades (crmlab grade course) on a real scratch nbgrader course.

The course is made by nbgrader (generate_assignment of L1, L2 and the practice exam);
the students' scores are written through nbgrader's Gradebook API, so every expected
course grade below is computed by hand from known points.
"""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from support.grading import scratch_course

pytestmark = pytest.mark.slow

L1, L2, EXAM = "L1_explore_shop", "L2_segmentation", "X_exam_practice"
ROSTER = [("s1", "小明", "王"), ("s2", "丽", "李"), ("s3", "伟", "张"), ("s4", "芳", "刘")]


def _set(gb, lab, student, fraction):
    """Give ``student`` ``fraction`` of every cell's points in ``lab`` (manual cells as manual scores)."""
    sub = gb.add_submission(lab, student)
    for nb in sub.notebooks:
        for g in nb.grades:
            pts = g.max_score * fraction
            if g.cell.cell_type == "markdown":
                g.manual_score = pts
            else:
                g.auto_score = pts
    gb.db.commit()
    return sub


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    from nbgrader.api import Gradebook

    base = tmp_path_factory.mktemp("coursegrade")
    c = scratch_course(base / "course", [L1, L2, EXAM])
    with Gradebook(f"sqlite:///{c / 'gradebook.db'}", "crmlab") as gb:
        for sid, first, last in ROSTER:
            gb.add_student(sid, first_name=first, last_name=last, email=f"{sid}@example.edu.cn")
        # L1 (13 points) and L2 (14 points); s4 never hands in L2
        for sid, f1, f2 in (("s1", 1.0, 1.0), ("s2", 0.5, 0.5), ("s3", 1.0, 0.0), ("s4", 1.0, None)):
            _set(gb, L1, sid, f1)
            if f2 is not None:
                _set(gb, L2, sid, f2)
        _set(gb, EXAM, "s1", 1.0)
        _set(gb, EXAM, "s2", 1 / 3)
    (c / "exam.csv").write_text("学号,成绩\ns1,90\ns2,61\ns3,70\ns4,89\n", encoding="utf-8-sig")
    # attendance out of 10, with the number of absences
    (c / "attendance.csv").write_text("学号,出勤,缺勤次数\ns1,10,0\ns2,8,2\ns3,10,0\ns4,10,0\n", encoding="utf-8")
    return c


CONFIG = """\
weights: {labs: 40, exam: 50, attendance: 10}
labs:
  assignments: [L1_explore_shop, L2_segmentation]
  normalise: %s
exam:
  csv: exam.csv
  max_score: 100
attendance:
  csv: attendance.csv
  scale: 10
  no_credit_absences: 2
rounding: 0
"""


def _grades(course, normalise="mean_percent", text=None):
    from crmlab.grading.coursegrade import compute_course_grades, load_config

    (course / "course_grade.yaml").write_text(text or CONFIG % normalise, encoding="utf-8")
    return compute_course_grades(course, load_config(course))


def test_weighted_grades_by_hand(course):
    g = _grades(course)
    t = g.table
    # s1: labs 100, exam 90, attendance 10/10 -> 40 + 45 + 10 = 95
    # s2: labs (50 + 50)/2 = 50, exam 61, attendance 8/10 = 80 -> 20 + 30.5 + 8 = 58.5 -> 59 (half up)
    # s3: labs (100 + 0)/2 = 50, exam 70, attendance 100 -> 20 + 35 + 10 = 65
    # s4: labs (100 + missing 0)/2 = 50, exam 89 -> 20 + 44.5 + 10 = 74.5 -> 75
    assert t.loc["s1", "total"] == 95 and t.loc["s1", "band"] == "优"
    assert t.loc["s2", "total_exact"] == pytest.approx(58.5)
    assert t.loc["s2", "total"] == 59 and t.loc["s2", "band"] == "不及格" and not t.loc["s2", "passed"]
    assert t.loc["s3", "total"] == 65 and t.loc["s3", "band"] == "及格"
    assert t.loc["s4", "total"] == 75 and t.loc["s4", "band"] == "中"
    assert t.loc["s4", "missing"] == L2 and t.loc["s3", "missing"] == ""
    assert any("s4" in w and L2 in w for w in g.warnings)
    # 平时成绩 = (40 * labs + 10 * attendance) / 50; total = 0.5 * 平时 + 0.5 * 期末 (before rounding)
    assert t.loc["s2", "usual"] == pytest.approx((40 * 50 + 10 * 80) / 50)
    for sid in t.index:
        assert t.loc[sid, "total_exact"] == pytest.approx(0.5 * t.loc[sid, "usual"] + 0.5 * t.loc[sid, "exam"])
    # the syllabus' absence rule is flagged, never applied to the number
    assert t.loc["s2", "no_credit"] and "缺勤 2 次" in t.loc["s2", "note"] and not t.loc["s1", "no_credit"]


def test_total_points_normalisation(course):
    t = _grades(course, "total_points").table
    # s3: (13 + 0) / (13 + 14) = 48.148% -> 0.4 * 48.148 + 35 + 10 = 64.26 -> 64
    assert t.loc["s3", "labs"] == pytest.approx(100 * 13 / 27)
    assert t.loc["s3", "total"] == 64
    # s2: (6.5 + 7) / 27 = 50% as well
    assert t.loc["s2", "labs"] == pytest.approx(50.0)


def test_exam_from_gradebook_and_other_weights(course):
    text = ("weights: {labs: 30, exam: 70, attendance: 0}\nlabs: {assignments: [L1_explore_shop]}\n"
            "exam: {assignment: X_exam_practice}\nrounding: 1\n")
    t = _grades(course, text=text).table
    # s1: 0.3 * 100 + 0.7 * 100 = 100; s2: 0.3 * 50 + 0.7 * (7 / 21 * 100) = 15 + 23.333 = 38.3
    assert t.loc["s1", "total"] == 100
    assert t.loc["s2", "total"] == 38.3
    # s3 has no exam submission: 0.3 * 100 = 30
    assert t.loc["s3", "exam"] == 0 and t.loc["s3", "total"] == 30


@pytest.mark.parametrize("text, needles", [
    ("weights: {labs: 40, exam: 40, attendance: 10}\nexam: {csv: exam.csv}\nattendance: {csv: attendance.csv}\n",
     ["100%", "90%"]),
    ("weights: {labs: 40, exam: 50, attendance: 10}\nlabs: {assignments: [L1_explore_shop, L99_nope]}\n"
     "exam: {csv: exam.csv}\nattendance: {csv: attendance.csv, scale: 10}\n", ["L99_nope", "成绩库中没有"]),
    ("weights: {labs: 40, exam: 50, attendance: 10}\nexam: {csv: exam.csv}\nattendance: {csv: stray.csv, scale: 10}\n",
     ["x9", "不在名单", "not on the roster"]),
    ("weights: {labs: 40, exam: 50, attendance: 10}\nexam: {csv: exam.csv}\nattendance: {csv: attendance.csv, scale: 5}\n",
     ["超过满分", "attendance.scale"]),  # attendance recorded out of 10, scale says 5
    ("weights: {labs: 50, exam: 50}\nlabs: {normalise: average}\nbands: {优: 90, 良: 80}\nfoo: 1\n",
     ["labs.normalise", "foo", "不及格: 0"]),
])
def test_config_errors_are_clear(course, text, needles):
    from crmlab.grading.coursegrade import CourseGradeConfigError

    (course / "stray.csv").write_text("学号,出勤\ns1,10\nx9,10\n", encoding="utf-8")
    with pytest.raises(CourseGradeConfigError) as err:
        _grades(course, text=text)
    msg = str(err.value)
    for needle in needles:
        assert needle in msg, msg


def test_exports_read_back(course, tmp_path):
    from openpyxl import load_workbook

    from crmlab.grading.coursegrade import export

    g = _grades(course)
    paths = export(g, tmp_path)
    for layout in ("plain", "jiaowu", "moodle", "canvas"):
        assert paths[layout].read_bytes().startswith(b"\xef\xbb\xbf"), layout  # UTF-8 BOM for Excel

    plain = pd.read_csv(paths["plain"], encoding="utf-8-sig", dtype=str)
    assert list(plain.columns) == ["学号", "姓名", "成绩"]
    assert plain.values.tolist() == [["s1", "王小明", "95"], ["s2", "李丽", "59"], ["s3", "张伟", "65"],
                                     ["s4", "刘芳", "75"]]

    jw = pd.read_csv(paths["jiaowu"], encoding="utf-8-sig", dtype=str).set_index("学号")
    assert list(jw.columns) == ["姓名", "平时成绩", "期末成绩", "总评成绩", "成绩等级", "备注"]
    assert jw.loc["s2", ["平时成绩", "期末成绩", "总评成绩", "成绩等级"]].tolist() == ["56", "61", "59", "不及格"]
    assert "L2_segmentation" in jw.loc["s4", "备注"]

    md = pd.read_csv(paths["moodle"], encoding="utf-8-sig", dtype=str).set_index("ID number")
    assert list(md.columns[:3]) == ["First name", "Last name", "Email address"]
    assert md.loc["s2", L1] == "6.5" and md.loc["s2", L2] == "7" and md.loc["s4", L2] == "0"
    assert md.loc["s3", "Course grade (总评)"] == "65" and md.loc["s1", "First name"] == "小明"

    with open(paths["canvas"], encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert rows[0][5:] == [L1, L2, "Exam", "Attendance", "Course grade"]
    assert rows[1][0] == "    Points Possible" and rows[1][5:7] == ["13", "14"] and rows[1][7:] == ["100"] * 3
    by_id = {r[2]: r for r in rows[2:]}
    assert by_id["s1"][0] == "王, 小明" and by_id["s1"][1] == ""
    assert by_id["s2"][5:] == ["6.5", "7", "61", "80", "59"]

    wb = load_workbook(paths["xlsx"])
    assert wb.sheetnames == ["成绩", "教务", "明细", "说明"]
    ws = wb["成绩"]
    assert [c.value for c in ws[1]] == ["学号", "姓名", "成绩"]
    assert [[c.value for c in r] for r in ws.iter_rows(min_row=2)] == [["s1", "王小明", 95], ["s2", "李丽", 59],
                                                                      ["s3", "张伟", 65], ["s4", "刘芳", 75]]
    assert ws["A2"].number_format == "@"
    jws = wb["教务"]
    assert [c.value for c in jws[3]][:6] == ["s2", "李丽", 56, 61, 59, "不及格"]
    det = pd.read_excel(paths["xlsx"], sheet_name="明细", dtype={"学号": str}).set_index("学号")
    assert det.loc["s3", "总评（未取整）/ exact"] == pytest.approx(65.0)
    assert det.loc["s2", "出勤 / attendance (%)"] == pytest.approx(80.0)


def test_fill_a_downloaded_template(course, tmp_path):
    from openpyxl import Workbook, load_workbook

    from crmlab.grading.coursegrade import fill_template

    g = _grades(course)
    wb = Workbook()
    ws = wb.active
    ws.append(["某某平台成绩导入模板（请勿修改表头）"])
    ws.append(["序号", "学号*", "姓名", "班级", "成绩"])
    ws.append([1, "s2", "李丽", "电商2201", None])
    ws.append([2, "s1", "王小明", "电商2201", None])
    tpl = tmp_path / "template.xlsx"
    wb.save(tpl)
    out = fill_template(g, tpl, tmp_path / "filled.xlsx")
    ws = load_workbook(out).active
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    assert rows[0] == [1, "s2", "李丽", "电商2201", 59]
    assert rows[1] == [2, "s1", "王小明", "电商2201", 95]
    assert sorted(r[1] for r in rows[2:]) == ["s3", "s4"] and {r[4] for r in rows[2:]} == {65, 75}
    assert ws["A1"].value.startswith("某某平台")


def test_cli_writes_every_layout(course, tmp_path, capsys):
    from crmlab.grading.cli import main

    (course / "course_grade.yaml").write_text(CONFIG % "mean_percent", encoding="utf-8")
    assert main(["--root", str(course), "course", "--output-dir", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["course_grades.xlsx", "course_grades_canvas.csv", "course_grades_jiaowu.csv",
                     "course_grades_moodle.csv", "course_grades_plain.csv"]
    out = capsys.readouterr().out
    assert "s4" in out and "L2_segmentation" in out  # who had no submission
    (course / "course_grade.yaml").write_text("weights: {labs: 10, exam: 10, attendance: 10}\n", encoding="utf-8")
    assert main(["--root", str(course), "course", "--output-dir", str(tmp_path)]) == 2
    assert "100%" in capsys.readouterr().err
