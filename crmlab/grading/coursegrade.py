"""Course grades (总评成绩): labs, final exam and attendance, weighted as the syllabus says.

The syllabus of the course weighs the final exam 50%, the ten practical trainings
(实战训练) 40% and attendance (出勤情况) 10%; grades are on a 100-point scale
(百分制, 60 passes) and also as five bands 优/良/中/及格/不及格. This module reads
the lab (and exam) scores from the course's nbgrader gradebook, through nbgrader's
public :class:`nbgrader.api.Gradebook` only, and never writes to it.

Configuration: ``<course>/course_grade.yaml`` (see :data:`EXAMPLE_CONFIG` and
docs/instructor/end_of_term.md)::

    weights: {labs: 40, exam: 50, attendance: 10}   # percent, must sum to 100
    labs:
      assignments: [L1_explore_shop, L2_segmentation]  # default: every L* assignment
      normalise: mean_percent    # or total_points
    exam:
      assignment: X_final_exam   # an nbgrader assignment ... or
      csv: exam_scores.csv       # 学号,成绩 (one of the two)
      max_score: 100
    attendance:
      csv: attendance.csv        # 学号,出勤 (score on `scale`), optional 缺勤次数
      scale: 100
      no_credit_absences: 2      # the syllabus: 两次未参加课程则无法获得学分 (flag only)
    rounding: 0                  # decimals of the course grade (half up)
    pass_mark: 60
    bands: {优: 90, 良: 80, 中: 70, 及格: 60, 不及格: 0}

Exports (:func:`export`): a plain 学号/姓名/成绩 sheet, the 教务系统 layout
(学号, 姓名, 平时成绩, 期末成绩, 总评成绩, 成绩等级, 备注), a Moodle grade-import
CSV, a Canvas gradebook-import CSV, and an XLSX workbook with all of these plus the
details. 学习通 (Chaoxing) and 雨课堂 (Rain Classroom) publish no import template
outside their own platforms; :func:`fill_template` fills the template an instructor
downloads from such a platform, matching its 学号/姓名/成绩 columns by name.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from .._i18n import bilingual
from .autograde import db_url_of, load_course_config

__all__ = ["CourseGradeConfig", "CourseGradeConfigError", "CourseGrades", "load_config", "compute_course_grades",
           "export", "fill_template", "band_of", "LAYOUTS", "EXAMPLE_CONFIG", "CONFIG_NAME"]

CONFIG_NAME = "course_grade.yaml"
LAYOUTS = ("plain", "jiaowu", "moodle", "canvas", "xlsx")
NORMALISE = ("mean_percent", "total_points")
DEFAULT_BANDS = {"优": 90.0, "良": 80.0, "中": 70.0, "及格": 60.0, "不及格": 0.0}
BAND_EN = {"优": "excellent", "良": "good", "中": "fair", "及格": "pass", "不及格": "fail"}
ID_COLUMNS = ("学号", "student_id", "id", "ID", "Student ID")
EXAM_COLUMNS = ("成绩", "期末成绩", "score", "exam", "分数")
ATTENDANCE_COLUMNS = ("出勤", "出勤成绩", "考勤", "attendance", "score", "成绩")
ABSENCE_COLUMNS = ("缺勤次数", "缺勤", "absences")

EXAMPLE_CONFIG = """\
# 总评成绩配置 / course grade configuration (crmlab grade course)
# 权重（百分比，和为 100）/ weights in percent, summing to 100 (syllabus: 40/50/10)
weights:
  labs: 40
  exam: 50
  attendance: 10
labs:
  # 计入成绩的实训；省略则为成绩库中所有 L 开头的作业 / labs that count (default: every L* assignment)
  assignments: [L1_explore_shop, L2_segmentation, L3_customer_database, L4_survey, L5_membership,
                L6_campaign_ab, L7_staffing, L8_complaints, L9_rfm_retention, L10_kpi_dashboard]
  # mean_percent: 每个实训先折算百分比再平均 / each lab as a percentage, then the mean
  # total_points: 所有实训得分之和 / 满分之和 / sum of points over sum of maximum points
  normalise: mean_percent
exam:
  # 期末考试：成绩库中的作业 id，或 CSV（学号,成绩）/ an nbgrader assignment id, or a CSV (学号,成绩)
  csv: exam_scores.csv
  max_score: 100
attendance:
  csv: attendance.csv      # 学号,出勤[,缺勤次数]
  scale: 100               # “出勤”一列的满分 / the maximum of the attendance column
  no_credit_absences: 2    # 大纲：两次未参加课程则无法获得学分（只标注，不改分）/ flagged, not applied
rounding: 0                # 总评保留几位小数（四舍五入）/ decimals of the course grade (half up)
pass_mark: 60
bands: {优: 90, 良: 80, 中: 70, 及格: 60, 不及格: 0}
"""


class CourseGradeConfigError(ValueError):
    """The course-grade configuration (or one of its CSV files) is wrong; the message
    lists every problem in Chinese and English."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(f"- {p}" for p in self.problems))


@dataclass
class CourseGradeConfig:
    """What :func:`compute_course_grades` needs; see the module docstring."""

    weights: dict = field(default_factory=lambda: {"labs": 40.0, "exam": 50.0, "attendance": 10.0})
    labs: list | None = None
    normalise: str = "mean_percent"
    exam_assignment: str | None = None
    exam_csv: Path | None = None
    exam_max: float = 100.0
    attendance_csv: Path | None = None
    attendance_scale: float = 100.0
    no_credit_absences: int | None = None
    rounding: int = 0
    pass_mark: float = 60.0
    bands: dict = field(default_factory=lambda: dict(DEFAULT_BANDS))
    canvas_section: str = ""
    source: Path | None = None


def _p(zh, en):
    return bilingual(zh, en)


def load_config(root, path=None) -> CourseGradeConfig:
    """Read and check ``course_grade.yaml`` (default ``<root>/course_grade.yaml``).

    Relative CSV paths are taken from the config file's folder. Raises
    :class:`CourseGradeConfigError` listing every problem found in the file itself;
    problems that need the gradebook (unknown assignments, students not on the
    roster) are found by :func:`compute_course_grades`.
    """
    import yaml

    root = Path(root)
    path = Path(path) if path else root / CONFIG_NAME
    if not path.exists():
        raise CourseGradeConfigError([_p(f"找不到总评配置 {path}；可参照 docs/instructor/end_of_term.md 新建",
                                         f"no course-grade configuration at {path}; see docs/instructor/end_of_term.md")])
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise CourseGradeConfigError([_p(f"{path.name} 不是有效的 YAML：{exc}", f"{path.name} is not valid YAML: {exc}")])
    return config_from_dict(raw, base=path.parent, source=path)


def _num(problems, where, value, *, low=None, high=None):
    try:
        x = float(value)
    except (TypeError, ValueError):
        problems.append(_p(f"{where} 应为数字，却是 {value!r}", f"{where} must be a number, not {value!r}"))
        return None
    if math.isnan(x) or (low is not None and x < low) or (high is not None and x > high):
        rng = f"[{low}, {high}]"
        problems.append(_p(f"{where} = {value} 超出范围 {rng}", f"{where} = {value} is outside {rng}"))
        return None
    return x


def config_from_dict(raw: dict, *, base=".", source=None) -> CourseGradeConfig:
    """Build and check a :class:`CourseGradeConfig` from a parsed YAML/TOML mapping."""
    base = Path(base)
    problems = []
    if not isinstance(raw, dict):
        raise CourseGradeConfigError([_p("配置文件应为键值映射", "the configuration must be a mapping")])
    known = {"weights", "labs", "exam", "attendance", "rounding", "pass_mark", "bands", "canvas"}
    for key in raw:
        if key not in known:
            problems.append(_p(f"未知配置项 {key!r}（可用：{sorted(known)}）",
                               f"unknown key {key!r} (known: {sorted(known)})"))
    cfg = CourseGradeConfig(source=source)

    weights = raw.get("weights", {"labs": 40, "exam": 50, "attendance": 10})
    if not isinstance(weights, dict):
        problems.append(_p("weights 应为 {labs, exam, attendance}", "weights must be {labs, exam, attendance}"))
        weights = {}
    extra = set(weights) - {"labs", "exam", "attendance"}
    if extra:
        problems.append(_p(f"weights 只能有 labs/exam/attendance，多了 {sorted(extra)}",
                           f"weights may only have labs/exam/attendance, not {sorted(extra)}"))
    w = {}
    for k in ("labs", "exam", "attendance"):
        v = _num(problems, f"weights.{k}", weights.get(k, 0), low=0, high=100)
        w[k] = 0.0 if v is None else v
    if not any("weights." in p for p in problems) and abs(sum(w.values()) - 100.0) > 1e-9:
        problems.append(_p(f"权重之和应为 100%，现为 {sum(w.values()):g}%（labs {w['labs']:g} + exam {w['exam']:g} + "
                           f"attendance {w['attendance']:g}）",
                           f"the weights must sum to 100%, not {sum(w.values()):g}%"))
    cfg.weights = w

    labs = raw.get("labs", {}) or {}
    if not isinstance(labs, dict):
        problems.append(_p("labs 应为 {assignments, normalise}", "labs must be {assignments, normalise}"))
        labs = {}
    if labs.get("assignments") is not None:
        ids = labs["assignments"]
        if not isinstance(ids, list) or not all(isinstance(a, str) for a in ids) or not ids:
            problems.append(_p("labs.assignments 应为作业 id 列表", "labs.assignments must be a list of assignment ids"))
        else:
            dup = sorted({a for a in ids if ids.count(a) > 1})
            if dup:
                problems.append(_p(f"labs.assignments 有重复：{dup}", f"labs.assignments has duplicates: {dup}"))
            cfg.labs = list(ids)
    cfg.normalise = labs.get("normalise", "mean_percent")
    if cfg.normalise not in NORMALISE:
        problems.append(_p(f"labs.normalise 应为 {list(NORMALISE)} 之一，却是 {cfg.normalise!r}",
                           f"labs.normalise must be one of {list(NORMALISE)}, not {cfg.normalise!r}"))

    exam = raw.get("exam", {}) or {}
    if not isinstance(exam, dict):
        problems.append(_p("exam 应为 {assignment 或 csv, max_score}", "exam must be {assignment or csv, max_score}"))
        exam = {}
    if exam.get("assignment") and exam.get("csv"):
        problems.append(_p("exam 只能给 assignment 或 csv 之一", "exam takes assignment or csv, not both"))
    cfg.exam_assignment = exam.get("assignment") or None
    if exam.get("csv"):
        cfg.exam_csv = (base / exam["csv"]).resolve()
        if not cfg.exam_csv.exists():
            problems.append(_p(f"找不到期末成绩文件 {cfg.exam_csv}", f"exam CSV not found: {cfg.exam_csv}"))
    if w["exam"] > 0 and not cfg.exam_assignment and not cfg.exam_csv:
        problems.append(_p("期末考试权重 > 0，但没有给出 exam.assignment 或 exam.csv",
                           "the exam weighs > 0 but neither exam.assignment nor exam.csv is given"))
    cfg.exam_max = _num(problems, "exam.max_score", exam.get("max_score", 100), low=1e-9) or 100.0

    att = raw.get("attendance", {}) or {}
    if not isinstance(att, dict):
        problems.append(_p("attendance 应为 {csv, scale}", "attendance must be {csv, scale}"))
        att = {}
    if att.get("csv"):
        cfg.attendance_csv = (base / att["csv"]).resolve()
        if not cfg.attendance_csv.exists():
            problems.append(_p(f"找不到出勤文件 {cfg.attendance_csv}", f"attendance CSV not found: {cfg.attendance_csv}"))
    elif w["attendance"] > 0:
        problems.append(_p("出勤权重 > 0，但没有给出 attendance.csv",
                           "attendance weighs > 0 but attendance.csv is not given"))
    cfg.attendance_scale = _num(problems, "attendance.scale", att.get("scale", 100), low=1e-9) or 100.0
    if att.get("no_credit_absences") is not None:
        n = _num(problems, "attendance.no_credit_absences", att["no_credit_absences"], low=1)
        cfg.no_credit_absences = None if n is None else int(n)

    r = _num(problems, "rounding", raw.get("rounding", 0), low=0, high=4)
    cfg.rounding = 0 if r is None else int(r)
    cfg.pass_mark = _num(problems, "pass_mark", raw.get("pass_mark", 60), low=0, high=100) or 60.0
    bands = raw.get("bands", DEFAULT_BANDS)
    if not isinstance(bands, dict) or not bands:
        problems.append(_p("bands 应为 {等级: 下限}", "bands must be {band: lower bound}"))
    else:
        parsed = {}
        for name, low in bands.items():
            v = _num(problems, f"bands.{name}", low, low=0, high=100)
            if v is not None:
                parsed[str(name)] = v
        if parsed and min(parsed.values()) != 0:
            problems.append(_p("bands 必须有一个下限为 0 的等级（如 不及格: 0）",
                               "bands need one band with lower bound 0 (e.g. 不及格: 0)"))
        if len(set(parsed.values())) != len(parsed):
            problems.append(_p("bands 的下限不能重复", "band lower bounds must differ"))
        cfg.bands = dict(sorted(parsed.items(), key=lambda kv: -kv[1]))
    canvas = raw.get("canvas", {}) or {}
    cfg.canvas_section = str(canvas.get("section", "")) if isinstance(canvas, dict) else ""
    if problems:
        raise CourseGradeConfigError(problems)
    return cfg


def band_of(score: float, bands: dict) -> str:
    """The band (优/良/中/及格/不及格 by default) whose lower bound ``score`` reaches."""
    for name, low in sorted(bands.items(), key=lambda kv: -kv[1]):
        if score >= low - 1e-9:
            return name
    return min(bands.items(), key=lambda kv: kv[1])[0]


def _round(x: float, decimals: int) -> float:
    """Half-up rounding, as grade sheets expect (89.5 -> 90), not Python's banker's rounding."""
    q = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(x))).quantize(q, rounding=ROUND_HALF_UP))


def _read_id_csv(path: Path, value_columns, what_zh, what_en, problems, *, optional_columns=()):
    """Read a 学号 + value CSV (UTF-8 with or without BOM, or GBK as Excel in China saves it)."""
    for enc in ("utf-8-sig", "gbk"):
        try:
            df = pd.read_csv(path, dtype=str, encoding=enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        problems.append(_p(f"{path.name}：无法按 UTF-8 或 GBK 读取", f"{path.name}: neither UTF-8 nor GBK"))
        return None
    df.columns = [c.strip() for c in df.columns]
    idc = next((c for c in ID_COLUMNS if c in df.columns), None)
    valc = next((c for c in value_columns if c in df.columns), None)
    if idc is None or valc is None:
        problems.append(_p(f"{what_zh}文件 {path.name} 需要学号列（{'/'.join(ID_COLUMNS[:2])}）和分数列"
                           f"（{'/'.join(value_columns[:3])}），现有列：{list(df.columns)}",
                           f"the {what_en} file {path.name} needs an id column ({'/'.join(ID_COLUMNS[:2])}) and a "
                           f"score column ({'/'.join(value_columns[:3])}); it has {list(df.columns)}"))
        return None
    out = pd.DataFrame({"student_id": df[idc].str.strip()})
    out["value"] = pd.to_numeric(df[valc].str.strip(), errors="coerce")
    bad = out[out["value"].isna()]["student_id"].tolist()
    if bad:
        problems.append(_p(f"{path.name}：这些学号的分数不是数字或为空：{bad[:10]}",
                           f"{path.name}: the score of these ids is empty or not a number: {bad[:10]}"))
    dup = sorted(out["student_id"][out["student_id"].duplicated()].unique())
    if dup:
        problems.append(_p(f"{path.name}：学号重复：{dup[:10]}", f"{path.name}: duplicate ids: {dup[:10]}"))
    for c in optional_columns:
        if c in df.columns:
            out["absences"] = pd.to_numeric(df[c].str.strip(), errors="coerce")
            break
    return out.set_index("student_id")


@dataclass
class CourseGrades:
    """Result of :func:`compute_course_grades`.

    Attributes
    ----------
    table : DataFrame
        One row per student on the roster (index: 学号), columns ``name``, one
        percentage per lab (``lab:<id>``), ``labs`` (lab component, 0-100),
        ``exam`` (0-100), ``attendance`` (0-100), ``usual`` (平时成绩: labs and
        attendance weighted together, 0-100), ``total`` (总评, rounded), ``band``,
        ``passed``, ``missing`` (labs without a submission), ``note``.
    labs : list of str
    lab_max : dict
        Maximum points of each lab in the gradebook.
    config : CourseGradeConfig
    warnings : list of str
        Bilingual notes for the instructor (who had no submission, no attendance record ...).
    """

    table: pd.DataFrame
    labs: list
    lab_max: dict
    config: CourseGradeConfig
    warnings: list = field(default_factory=list)
    roster: pd.DataFrame | None = None


def open_gradebook(root):
    """The nbgrader gradebook of the course folder ``root`` (use it in a ``with`` block)."""
    from nbgrader.api import Gradebook

    cfg = load_course_config(root)
    return Gradebook(db_url_of(root, cfg), cfg.CourseDirectory.get("course_id", "") or "")


def compute_course_grades(root, config: CourseGradeConfig | None = None) -> CourseGrades:
    """Weighted course grade of every student on the course's roster.

    Lab component: each listed lab as ``score / max_score * 100`` (nbgrader's
    score, manual grades included, late penalties applied), then either the mean
    of these percentages (``mean_percent``) or the sum of points over the sum of
    maxima (``total_points``). A lab with no submission counts as zero and is
    named in ``missing``. Exam: the nbgrader assignment's percentage, or the CSV
    score over ``exam.max_score``. Attendance: the CSV score over ``attendance.scale``;
    a student with no row gets 0 (and a warning). Course grade::

        total = (w_labs * labs + w_exam * exam + w_attendance * attendance) / 100

    rounded half up to ``rounding`` decimals. 平时成绩 (``usual``) is labs and
    attendance weighted together on 0-100, so that ``total`` also equals the
    教务 form ``usual * (w_labs + w_att)/100 + exam * w_exam/100`` before rounding.

    Raises :class:`CourseGradeConfigError` for unknown assignment ids, students in a
    CSV who are not on the roster, bad CSV files, and so on (all at once).
    """
    root = Path(root).resolve()
    config = config or load_config(root)
    problems, warnings = [], []
    with open_gradebook(root) as gb:
        students = sorted(gb.students, key=lambda s: s.id)
        roster = pd.DataFrame({"student_id": [s.id for s in students],
                               "last_name": [s.last_name or "" for s in students],
                               "first_name": [s.first_name or "" for s in students],
                               "email": [s.email or "" for s in students]}).set_index("student_id")
        known = {a.name: a for a in gb.assignments}
        labs = config.labs if config.labs is not None else sorted(
            (n for n in known if n.startswith("L")), key=lambda n: (len(n.split("_")[0]), n))
        unknown = [a for a in labs if a not in known]
        if unknown:
            problems.append(_p(f"成绩库中没有这些实训：{unknown}（已有：{sorted(known)}）",
                               f"the gradebook has no assignments {unknown} (it has {sorted(known)})"))
        if config.exam_assignment and config.exam_assignment not in known:
            problems.append(_p(f"成绩库中没有期末考试作业 {config.exam_assignment!r}",
                               f"the gradebook has no exam assignment {config.exam_assignment!r}"))
        if config.exam_assignment and config.exam_assignment in labs:
            problems.append(_p(f"{config.exam_assignment} 不能既是实训又是期末考试",
                               f"{config.exam_assignment} cannot be both a lab and the exam"))
        if not labs and config.weights["labs"] > 0:
            problems.append(_p("没有可计入的实训", "no labs to count"))
        if problems:
            raise CourseGradeConfigError(problems)

        def scores_of(name):
            rows = gb.submission_dicts(name)
            return {r["student"]: float(r["score"] or 0.0) for r in rows}, float(known[name].max_score or 0.0)

        lab_scores, lab_max = {}, {}
        for a in labs:
            lab_scores[a], lab_max[a] = scores_of(a)
            if lab_max[a] <= 0:
                problems.append(_p(f"实训 {a} 的满分为 0", f"lab {a} has a maximum of 0 points"))
        exam_pct = None
        if config.exam_assignment:
            ex, ex_max = scores_of(config.exam_assignment)
            exam_pct = {s: 100.0 * ex.get(s, 0.0) / ex_max if ex_max else 0.0 for s in roster.index}

    ids = set(roster.index)
    if config.exam_csv:
        df = _read_id_csv(config.exam_csv, EXAM_COLUMNS, "期末成绩", "exam", problems)
        if df is not None:
            stray = sorted(set(df.index) - ids)
            if stray:
                problems.append(_p(f"{config.exam_csv.name}：这些学号不在名单中：{stray[:10]}",
                                   f"{config.exam_csv.name}: these ids are not on the roster: {stray[:10]}"))
            over = df[df["value"] > config.exam_max].index.tolist()
            if over:
                problems.append(_p(f"{config.exam_csv.name}：这些学号的分数超过满分 {config.exam_max:g}：{over[:10]}",
                                   f"{config.exam_csv.name}: scores above the maximum {config.exam_max:g}: {over[:10]}"))
            exam_pct = {s: 100.0 * float(df["value"].get(s, 0.0) or 0.0) / config.exam_max for s in roster.index}
            nox = sorted(ids - set(df.index))
            if nox:
                warnings.append(_p(f"没有期末成绩（按 0 分计）：{', '.join(nox)}",
                                   f"no exam score (counted as 0): {', '.join(nox)}"))
    att_pct, absences = {}, {}
    if config.attendance_csv:
        df = _read_id_csv(config.attendance_csv, ATTENDANCE_COLUMNS, "出勤", "attendance", problems,
                          optional_columns=ABSENCE_COLUMNS)
        if df is not None:
            stray = sorted(set(df.index) - ids)
            if stray:
                problems.append(_p(f"{config.attendance_csv.name}：这些学号不在名单中：{stray[:10]}",
                                   f"{config.attendance_csv.name}: these ids are not on the roster: {stray[:10]}"))
            over = df[df["value"] > config.attendance_scale].index.tolist()
            if over:
                problems.append(_p(f"{config.attendance_csv.name}：出勤分超过满分 {config.attendance_scale:g}："
                                   f"{over[:10]}（请检查 attendance.scale）",
                                   f"{config.attendance_csv.name}: attendance above the scale "
                                   f"{config.attendance_scale:g}: {over[:10]} (check attendance.scale)"))
            att_pct = {s: 100.0 * float(v) / config.attendance_scale for s, v in df["value"].items()
                       if s in ids and v == v}
            if "absences" in df:
                absences = {s: v for s, v in df["absences"].items() if s in ids and v == v}
            noatt = sorted(ids - set(df.index))
            if noatt:
                warnings.append(_p(f"没有出勤记录（按 0 分计）：{', '.join(noatt)}",
                                   f"no attendance record (counted as 0): {', '.join(noatt)}"))
    if problems:
        raise CourseGradeConfigError(problems)

    w = config.weights
    rows = []
    for sid, st in roster.iterrows():
        row = {"student_id": sid, "name": f"{st['last_name']}{st['first_name']}"}
        missing = [a for a in labs if sid not in lab_scores[a]]
        pts = {a: lab_scores[a].get(sid, 0.0) for a in labs}
        for a in labs:
            row[f"lab:{a}"] = 100.0 * pts[a] / lab_max[a]
        if not labs:
            labs_pct = 0.0
        elif config.normalise == "mean_percent":
            labs_pct = sum(row[f"lab:{a}"] for a in labs) / len(labs)
        else:
            labs_pct = 100.0 * sum(pts.values()) / sum(lab_max.values())
        exam = (exam_pct or {}).get(sid, 0.0)
        att = att_pct.get(sid, 0.0)
        total = (w["labs"] * labs_pct + w["exam"] * exam + w["attendance"] * att) / 100.0
        usual_w = w["labs"] + w["attendance"]
        usual = (w["labs"] * labs_pct + w["attendance"] * att) / usual_w if usual_w else 0.0
        total_r = _round(total, config.rounding)
        notes = []
        if missing:
            notes.append(f"未交 / missing: {', '.join(missing)}")
        no_credit = bool(config.no_credit_absences and absences.get(sid, 0) >= config.no_credit_absences)
        if no_credit:
            notes.append(f"缺勤 {int(absences[sid])} 次：按大纲无法获得学分，请核实 / "
                         f"{int(absences[sid])} absences: no credit per the syllabus, please check")
        row.update(labs=labs_pct, exam=exam, attendance=att, usual=usual, total_exact=total, total=total_r,
                   band=band_of(total_r, config.bands), passed=total_r >= config.pass_mark - 1e-9,
                   missing=",".join(missing), absences=absences.get(sid), no_credit=no_credit, note="; ".join(notes))
        rows.append(row)
        if missing:
            warnings.append(_p(f"{sid} 没有提交：{', '.join(missing)}（按 0 分计）",
                               f"{sid} submitted nothing for: {', '.join(missing)} (counted as 0)"))
    table = pd.DataFrame(rows).set_index("student_id") if rows else pd.DataFrame()
    return CourseGrades(table=table, labs=list(labs), lab_max=lab_max, config=config, warnings=warnings,
                        roster=roster)


# -- exports -----------------------------------------------------------------------------
def _fmt(x, decimals=2):
    """A number as grade sheets show it: no trailing zeros (90, 87.5)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    x = _round(float(x), decimals)
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _write_csv(path: Path, header, rows, *, bom=True):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def plain_rows(grades: CourseGrades):
    """学号, 姓名, 成绩 (the course grade)."""
    header = ["学号", "姓名", "成绩"]
    d = grades.config.rounding
    return header, [[sid, r["name"], _fmt(r["total"], d)] for sid, r in grades.table.iterrows()]


def jiaowu_rows(grades: CourseGrades):
    """The columns a Chinese 教务系统 grade sheet usually has: 学号, 姓名, 平时成绩,
    期末成绩, 总评成绩, 成绩等级, 备注 (平时 = labs and attendance, on 0-100)."""
    header = ["学号", "姓名", "平时成绩", "期末成绩", "总评成绩", "成绩等级", "备注"]
    d = grades.config.rounding
    return header, [[sid, r["name"], _fmt(r["usual"], d), _fmt(r["exam"], d), _fmt(r["total"], d), r["band"],
                     r["note"]] for sid, r in grades.table.iterrows()]


def moodle_rows(grades: CourseGrades):
    """Moodle's grade import (CSV): a user identifier and one column per grade item.

    Moodle maps the columns in the import preview: "Map from" ``ID number`` to
    ``useridnumber`` (the 学号 in the user's profile), then each column to a grade
    item. The user columns carry the headings of Moodle's own plain-text export.
    """
    d = grades.config.rounding
    header = ["ID number", "First name", "Last name", "Email address"]
    header += [a for a in grades.labs] + ["Exam", "Attendance", "Course grade (总评)"]
    roster = grades.roster
    rows = []
    for sid, r in grades.table.iterrows():
        st = roster.loc[sid]
        lab_pts = [_fmt(r[f"lab:{a}"] * grades.lab_max[a] / 100.0) for a in grades.labs]
        rows.append([sid, st["first_name"], st["last_name"], st["email"], *lab_pts, _fmt(r["exam"]),
                     _fmt(r["attendance"]), _fmt(r["total"], d)])
    return header, rows


CANVAS_POINTS_POSSIBLE = "    Points Possible"


def canvas_rows(grades: CourseGrades):
    """Canvas Gradebook import: ``Student, ID, SIS User ID, SIS Login ID, Section`` and
    one column per assignment, with the "Points Possible" row second (as Canvas's own
    export writes it). ``ID`` (Canvas's internal user id) is left empty, so Canvas
    matches students by SIS User ID (the 学号), then SIS Login ID."""
    d = grades.config.rounding
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    header += list(grades.labs) + ["Exam", "Attendance", "Course grade"]
    pp = [CANVAS_POINTS_POSSIBLE, "", "", "", ""] + [_fmt(grades.lab_max[a]) for a in grades.labs] + \
         ["100", "100", "100"]
    rows = [pp]
    roster = grades.roster
    for sid, r in grades.table.iterrows():
        st = roster.loc[sid]
        name = f"{st['last_name']}, {st['first_name']}" if st["last_name"] else st["first_name"] or sid
        lab_pts = [_fmt(r[f"lab:{a}"] * grades.lab_max[a] / 100.0) for a in grades.labs]
        rows.append([name, "", sid, sid, grades.config.canvas_section, *lab_pts, _fmt(r["exam"]),
                     _fmt(r["attendance"]), _fmt(r["total"], d)])
    return header, rows


def detail_frame(grades: CourseGrades) -> pd.DataFrame:
    """Every figure behind the course grade, one row per student (for the XLSX)."""
    t = grades.table.copy()
    cols = {"name": "姓名 / name"}
    for a in grades.labs:
        cols[f"lab:{a}"] = f"{a} (%)"
    cols.update({"labs": "实训 / labs (%)", "exam": "期末 / exam (%)", "attendance": "出勤 / attendance (%)",
                 "usual": "平时成绩 / usual", "total_exact": "总评（未取整）/ exact", "total": "总评 / course grade",
                 "band": "等级 / band", "passed": "及格 / passed", "missing": "未交 / missing",
                 "note": "备注 / note"})
    out = t[list(cols)].rename(columns=cols)
    out.index.name = "学号"
    return out


def export(grades: CourseGrades, out_dir, *, layouts=LAYOUTS, stem="course_grades") -> dict:
    """Write the course grades in the given layouts into ``out_dir``.

    ====== ============================== ==========================================
    layout file                           encoding
    ====== ============================== ==========================================
    plain  ``<stem>_plain.csv``           UTF-8 with BOM (Excel opens the Chinese)
    jiaowu ``<stem>_jiaowu.csv``          UTF-8 with BOM (Excel; 教务系统 upload
                                          forms take the sheet through Excel)
    moodle ``<stem>_moodle.csv``          UTF-8 with BOM (Moodle's CSV reader strips
                                          a BOM; choose encoding UTF-8 on import)
    canvas ``<stem>_canvas.csv``          UTF-8 with BOM (Canvas's export offers a BOM
                                          for Excel and its importer accepts it)
    xlsx   ``<stem>.xlsx``                sheets 成绩 (plain), 教务 (jiaowu),
                                          明细 (details), 说明 (weights and notes)
    ====== ============================== ==========================================

    Returns ``{layout: path}``.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    unknown = [x for x in layouts if x not in LAYOUTS]
    if unknown:
        raise ValueError(_p(f"未知导出格式 {unknown}（可用：{list(LAYOUTS)}）",
                            f"unknown layouts {unknown} (known: {list(LAYOUTS)})"))
    makers = {"plain": plain_rows, "jiaowu": jiaowu_rows, "moodle": moodle_rows, "canvas": canvas_rows}
    paths = {}
    for layout in layouts:
        if layout == "xlsx":
            paths[layout] = write_xlsx(grades, out_dir / f"{stem}.xlsx")
        else:
            header, rows = makers[layout](grades)
            paths[layout] = _write_csv(out_dir / f"{stem}_{layout}.csv", header, rows)
    return paths


def _to_number(text):
    try:
        x = float(text)
    except (TypeError, ValueError):
        return text
    return int(x) if x.is_integer() else x


def _plain(v):
    """numpy scalars to Python values openpyxl can write (floats to 4 decimals)."""
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float):
        return None if math.isnan(v) else round(v, 4)
    return v


def write_xlsx(grades: CourseGrades, path) -> Path:
    """An XLSX workbook (openpyxl): 成绩 (学号/姓名/成绩), 教务 (the 教务 layout),
    明细 (every figure) and 说明 (weights, normalisation, bands, warnings).
    学号 are written as text, so leading zeros survive Excel."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    for i, (title, maker) in enumerate((("成绩", plain_rows), ("教务", jiaowu_rows))):
        ws = wb.active if i == 0 else wb.create_sheet(title)
        ws.title = title
        header, rows = maker(grades)
        ws.append(header)
        for row in rows:  # 学号 and 姓名 stay text; grades become numbers; band and note stay text
            ws.append(row[:2] + [_to_number(v) for v in row[2:]])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for cell in ws["A"][1:]:
            cell.number_format = "@"
    ws = wb.create_sheet("明细")
    det = detail_frame(grades)
    ws.append(["学号"] + list(det.columns))
    for sid, r in det.iterrows():
        ws.append([sid] + [_plain(v) for v in r.tolist()])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws = wb.create_sheet("说明")
    c = grades.config
    ws.append(["项目 / item", "值 / value"])
    ws.append(["实训权重 / labs weight (%)", c.weights["labs"]])
    ws.append(["期末权重 / exam weight (%)", c.weights["exam"]])
    ws.append(["出勤权重 / attendance weight (%)", c.weights["attendance"]])
    ws.append(["实训折算 / lab normalisation", c.normalise])
    ws.append(["计入的实训 / labs", ", ".join(grades.labs)])
    ws.append(["期末来源 / exam source", c.exam_assignment or (c.exam_csv.name if c.exam_csv else "")])
    ws.append(["及格线 / pass mark", c.pass_mark])
    ws.append(["等级 / bands", ", ".join(f"{k}≥{v:g}" for k, v in c.bands.items())])
    for w_ in grades.warnings:
        ws.append(["提示 / note", w_])
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


_TEMPLATE_KEYS = {
    "id": ("学号", "学生学号", "学工号", "student id", "id"),
    "name": ("姓名", "学生姓名", "name"),
    "total": ("成绩", "总成绩", "总评成绩", "总评", "最终成绩", "分数", "score"),
    "usual": ("平时成绩", "平时"),
    "exam": ("期末成绩", "期末考试成绩", "期末"),
    "band": ("成绩等级", "等级"),
}


def fill_template(grades: CourseGrades, template, out) -> Path:
    """Fill a grade template downloaded from a platform (学习通, 雨课堂, a 教务系统 ...).

    The template's header row is the first row (within the first 10) with a 学号
    column; its columns are matched by name (学号, 姓名, 成绩/总成绩/总评成绩,
    平时成绩, 期末成绩, 成绩等级). Students are found by 学号; rows already in the
    template are filled in place, and roster students missing from it are appended.
    Other columns and sheets are left as they are. ``.xlsx`` and ``.csv`` templates.
    """
    template, out = Path(template), Path(out)
    d = grades.config.rounding
    t = grades.table

    def values(sid):
        r = t.loc[sid]
        return {"id": sid, "name": r["name"], "total": _to_number(_fmt(r["total"], d)),
                "usual": _to_number(_fmt(r["usual"], d)), "exam": _to_number(_fmt(r["exam"], d)), "band": r["band"]}

    def match(header):
        cols = {}
        for i, h in enumerate(header):
            h = str(h or "").strip().lower().replace("*", "")
            for key, names in _TEMPLATE_KEYS.items():
                if key not in cols and h in names:
                    cols[key] = i
        return cols

    if template.suffix.lower() == ".csv":
        text = template.read_text(encoding="utf-8-sig")
        rows = list(csv.reader(text.splitlines()))
        hi = next((i for i, r in enumerate(rows[:10]) if "id" in match(r)), None)
        if hi is None:
            raise ValueError(_p(f"{template.name} 的前 10 行中没有“学号”列", f"{template.name}: no 学号 column in the first 10 rows"))
        cols = match(rows[hi])
        seen = set()
        for r in rows[hi + 1:]:
            sid = r[cols["id"]].strip() if len(r) > cols["id"] else ""
            if sid in t.index:
                seen.add(sid)
                r.extend([""] * (len(rows[hi]) - len(r)))
                for k, i in cols.items():
                    r[i] = str(values(sid)[k])
        for sid in t.index:
            if sid not in seen:
                r = [""] * len(rows[hi])
                for k, i in cols.items():
                    r[i] = str(values(sid)[k])
                rows.append(r)
        return _write_csv(out, rows[0], rows[1:])
    from openpyxl import load_workbook

    wb = load_workbook(template)
    ws = wb.worksheets[0]
    hi = None
    for i, row in enumerate(ws.iter_rows(min_row=1, max_row=10, values_only=True), start=1):
        if "id" in match(row):
            hi, cols = i, match(row)
            break
    if hi is None:
        raise ValueError(_p(f"{template.name} 的前 10 行中没有“学号”列", f"{template.name}: no 学号 column in the first 10 rows"))
    seen = set()
    last = hi
    for i in range(hi + 1, ws.max_row + 1):
        sid = ws.cell(row=i, column=cols["id"] + 1).value
        sid = str(sid).strip() if sid is not None else ""
        if sid:
            last = i
        if sid in t.index:
            seen.add(sid)
            for k, c in cols.items():
                if k != "id":
                    ws.cell(row=i, column=c + 1, value=values(sid)[k])
    for sid in t.index:
        if sid not in seen:
            last += 1
            for k, c in cols.items():
                cell = ws.cell(row=last, column=c + 1, value=values(sid)[k])
                if k == "id":
                    cell.number_format = "@"
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
