"""Labs L2 (segmentation) and L3 (customer database): the releases leak nothing and are
what nbgrader makes from the sources; autograding gives full marks to the solution,
zero to the untouched release and the exact expected score to a partly wrong notebook.
A hostile notebook that fooled the old in-kernel tests scores exactly what its honest
work deserves: the checks run in the grader's process, on plain data.

Weak students, each making one common mistake, lose exactly the points of that step, the
feedback names the mistake (the verdict's ``mistake``) and every other task keeps its points
(see CASCADES in each lab's checks module).
"""

from __future__ import annotations

import nbformat
import pytest

from support.grading import COURSE, REPO, auto_scores, replace_in_cell, scratch_course, submit_lab

LABS = {"L2_segmentation": 11.0, "L3_customer_database": 14.0}  # autograded points


PARTIAL = {
    "L2_segmentation": ([("tiers", 'tier_table["spend"] / tier_table["spend"].sum()', 'tier_table["spend"] / 1000')],
                        {"test_tiers"}),
    "L3_customer_database": ([("bad_phones", 'int((raw["phone"].notna() & clean["phone"].isna()).sum())',
                               'int(clean["phone"].isna().sum())  # also counts phones never given'),
                              ("query", "ORDER BY customers DESC", "ORDER BY customers")],
                             {"test_bad_phones", "test_query"}),
}


# Hostile notebooks: wrong answers dressed up to pass tests that ran in the student's kernel.
HOSTILE = {
    # L2: compare_tables patched to a no-op hid a wrong pyramid (head counts doubled), and a patched
    # target_stats passed a "target" of every region (100% of the customers)
    "L2_segmentation": ([("tiers", 'tier_table["spend_share"] = tier_table["spend"] / tier_table["spend"].sum()',
                          'tier_table["spend_share"] = tier_table["spend"] / tier_table["spend"].sum()\n'
                          "import crmlab.exercises, crmlab.exercises._compare\n"
                          "crmlab.exercises.compare_tables = crmlab.exercises._compare.compare_tables = "
                          "lambda *a, **k: None\n"
                          'tier_table["customers"] = tier_table["customers"] * 2'),
                         ("target", 'target = {"variable": _best["variable"], "levels": [_best["level"]]}',
                          "import crmlab.exercises.customer_analysis as _ch02\n"
                          '_ch02.target_stats = lambda t, shop: {"customer_share": 0.3, "value_index": 2.0, '
                          '"known": {str(x) for x in t["levels"]}}\n'
                          'target = {"variable": "region", '
                          '"levels": sorted(shop.customers["region"].astype(str).unique())}')],
                        {"test_tiers", "test_target"}),
    # L3: provinces shuffled across the roll (counts unchanged, so the SQL query still agrees), and the
    # notebook's consolidate_records shadowed so that the old hidden test compared the roll with itself
    "L3_customer_database": ([("roll", 'roll["age"] = roll["age"].where(roll["age"].between(0, 120))',
                               'roll["age"] = roll["age"].where(roll["age"].between(0, 120))\n'
                               'roll["province"] = roll["province"].sample(frac=1, random_state=1).to_numpy()\n'
                               "consolidate_records = lambda clean, person: roll.copy()")],
                             {"test_roll"}),
}


# Weak students: one common mistake each, {student: (lab, [(cell, old, new)], {grade_id: named mistake})};
# each loses the named cells' points and nothing else.
WEAK = {
    "L2_abc_crossing_down": ("L2_segmentation", [("abc", "before = share.cumsum() - share ", "before = share.cumsum() ")],
                             {"test_abc": "crossing_customer_down"}),
    "L2_buyers_only": ("L2_segmentation", [("region_profile", 'spend=shop.customers["customer_id"].map(spend).fillna(0.0))',
                                            'spend=shop.customers["customer_id"].map(spend)).dropna(subset=["spend"])')],
                       {"test_region_profile": "buyers_only"}),
    "L2_largest_k": ("L2_segmentation", [("kmeans", '- 0.02].min())', '- 0.02].max())')], {"test_kmeans": "largest_k"}),
    "L2_too_small": ("L2_segmentation", [("target", '_p = _p[_p["customer_share"].between(0.10, 0.60)]\n', "")],
                     {"test_target": "too_small"}),
    # L3: the roll, the database and the query are checked on the student's own person and roll: they keep their points
    "L3_phone_only": ("L3_customer_database", [("dedup", "person = find_duplicates(clean)",
                                                'person = find_duplicates(clean, rules=(("phone",),))')],
                      {"test_dedup": "phone_only"}),
    "L3_names_kept": ("L3_customer_database", [("roll", 'roll["name"] = roll["name"].str.replace(r"\\s+", "", regex=True)\n',
                                                "")],
                      {"test_roll": "name_whitespace_kept"}),
    "L3_never_given": ("L3_customer_database", [("bad_phones", 'int((raw["phone"].notna() & clean["phone"].isna()).sum())',
                                                 'int(clean["phone"].isna().sum())')],
                       {"test_bad_phones": "never_given_counted"}),
}


@pytest.mark.parametrize("lab", LABS)
def test_release_has_no_leaks(lab):
    from crmlab.grading.course import check_release

    assert check_release(COURSE, lab) == []
    text = (COURSE / "release" / lab / f"{lab}.ipynb").read_text()
    for secret in ("BEGIN SOLUTION", "HIDDEN TESTS", "MARK SCHEME", "graded_shop", "adjusted_rand_score",
                   "target_stats", "find_duplicates(clean)\n"):
        assert secret not in text
    # every graded cell has a unique id and the points add up
    nb = nbformat.read(str(COURSE / "source" / lab / f"{lab}.ipynb"), as_version=4)
    meta = [c.metadata["nbgrader"] for c in nb.cells if "nbgrader" in c.metadata]
    ids = [m["grade_id"] for m in meta]
    assert len(ids) == len(set(ids))
    auto = sum(m.get("points", 0) for m in meta if m.get("grade") and not m.get("solution"))
    assert auto == LABS[lab]
    assert any(m.get("grade") and m.get("solution") for m in meta)  # the hand-graded reflection


# the test cells whose points need the student's own pandas or SQL, and library calls their solutions must not use
OWN_WORK = {"L2_segmentation": ({"test_tiers", "test_abc", "test_region_profile"},
                                ("abc_classification(", "pareto_share(")),
            "L3_customer_database": ({"test_bad_phones", "test_db_schema", "test_db_data", "test_query"}, ())}


@pytest.mark.parametrize("lab", LABS)
def test_half_the_points_need_own_pandas_and_every_task_has_its_catalogue(lab):
    from crmlab.grading.trusted import load_lab_checks

    nb = nbformat.read(str(COURSE / "source" / lab / f"{lab}.ipynb"), as_version=4)
    points = {c.metadata.nbgrader["grade_id"]: c.metadata.nbgrader["points"] for c in nb.cells
              if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")}
    own, banned = OWN_WORK[lab]
    assert sum(points[g] for g in own) >= LABS[lab] / 2
    solutions = "\n".join(c.source for c in nb.cells if "BEGIN SOLUTION" in c.source and c.cell_type == "code")
    assert not [b for b in banned if b in solutions]
    tasks = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("task")]
    for c in tasks[:-1]:  # the last task is the hand-graded reflection
        assert c.source.count("<details>") == 3 and "提示 3：换一份数据的例子" in c.source, c.source[:40]
    checks = load_lab_checks(COURSE, lab)
    catalogued = {gid for gid, _ in checks.catalogue()}
    assert catalogued >= set(checks.checks) - {"test_db_schema", "test_db_data"}  # the database: design checks


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """One scratch course with both labs: solution, untouched release, a partly wrong and a hostile notebook each."""
    from crmlab.grading.autograde import autograde
    from crmlab.grading.course import solution_submission

    course = scratch_course(tmp_path_factory.mktemp("labs23") / "course", LABS)
    out = {}
    for lab, (edits, _) in PARTIAL.items():
        sol_dir = solution_submission(course, lab, course / "_solution" / lab)
        sol = nbformat.read(str(sol_dir / f"{lab}.ipynb"), as_version=4)
        submit_lab(course, lab, "sol", sol)
        submit_lab(course, lab, "untouched", nbformat.read(str(course / "release" / lab / f"{lab}.ipynb"), as_version=4))
        wrong = nbformat.read(str(sol_dir / f"{lab}.ipynb"), as_version=4)
        for gid, old, new in edits:
            replace_in_cell(wrong, gid, old, new)
        submit_lab(course, lab, "partial", wrong)
        hostile = nbformat.read(str(sol_dir / f"{lab}.ipynb"), as_version=4)
        for gid, old, new in HOSTILE[lab][0]:
            replace_in_cell(hostile, gid, old, new)
        submit_lab(course, lab, "hostile", hostile)
        for student, (weak_lab, weak_edits, _) in WEAK.items():
            if weak_lab == lab:
                weak = nbformat.read(str(sol_dir / f"{lab}.ipynb"), as_version=4)
                for gid, old, new in weak_edits:
                    replace_in_cell(weak, gid, old, new)
                submit_lab(course, lab, student, weak)
        report = autograde(course, lab, jobs=2, timeout=120, progress=False)
        assert not report.failed, report.failed
        out[lab] = auto_scores(course, lab)
    return course, out


@pytest.mark.slow
@pytest.mark.parametrize("lab", LABS)
def test_release_is_generated_from_source(graded, lab):
    course, _ = graded
    assert (course / "release" / lab / f"{lab}.ipynb").read_bytes() == \
        (COURSE / "release" / lab / f"{lab}.ipynb").read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("lab", LABS)
def test_solution_full_release_zero_partial_exact(graded, lab):
    _, scores = graded
    sc = scores[lab]
    auto = {s: {k: v for k, v in per.items() if k != "reflection"} for s, per in sc.items()}
    assert sum(auto["sol"].values()) == LABS[lab], auto["sol"]
    assert sum(v or 0 for v in auto["untouched"].values()) == 0
    lost = PARTIAL[lab][1]
    assert {k for k, v in auto["partial"].items() if v == 0} == lost, auto["partial"]
    full = {k: v for k, v in auto["sol"].items()}
    assert sum(auto["partial"].values()) == LABS[lab] - sum(full[k] for k in lost)


@pytest.mark.slow
@pytest.mark.parametrize("lab", LABS)
def test_hostile_notebook_scores_its_honest_work(graded, lab):
    _, scores = graded
    auto = {s: {k: v for k, v in per.items() if k != "reflection"} for s, per in scores[lab].items()}
    lost = HOSTILE[lab][1]
    assert auto["hostile"] == {k: (0.0 if k in lost else v) for k, v in auto["sol"].items()}, auto["hostile"]
    assert sum(auto["hostile"].values()) == LABS[lab] - sum(auto["sol"][k] for k in lost)


@pytest.mark.slow
@pytest.mark.parametrize("student", list(WEAK))
def test_a_weak_student_loses_one_step_and_hears_why(graded, student):
    from crmlab.grading.report import read_verdicts

    course, scores = graded
    lab, _, named = WEAK[student]
    sc = scores[lab]
    assert sc[student] == {k: (0.0 if k in named else v) for k, v in sc["sol"].items()}, sc[student]
    path = course / "autograded" / student / lab / f"{lab}.ipynb"
    verdicts = {v["grade_id"]: v for v in read_verdicts(nbformat.read(str(path), as_version=4))}
    for gid, code in named.items():
        assert verdicts[gid]["mistake"] == code, (gid, verdicts[gid])


def test_L3_database_checks_are_safe_on_hostile_files(tmp_path):
    """The student's customers.db is opened by the grader: a file that is no database, and one whose
    triggers run forever, fail cleanly instead of counting as constraints at work."""
    import sqlite3
    import time

    import pandas as pd

    from crmlab.grading.trusted import CheckContext, load_lab_checks, run_check

    lab = load_lab_checks(COURSE, "L3_customer_database")
    ctx = CheckContext(None, "s1", lab.shop_key, secret=None)
    path = tmp_path / "customers.db"
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, name TEXT, phone TEXT, province TEXT, age INTEGER);
        CREATE TABLE contacts (contact_id INTEGER PRIMARY KEY, customer_id INTEGER, contact_time TEXT, channel TEXT);
        INSERT INTO customers VALUES (1, 'a', '13800000000', '广东', 30);
        CREATE TRIGGER burn BEFORE INSERT ON customers BEGIN
            SELECT count(*) FROM (WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT i FROM r);
        END;
        CREATE TRIGGER burn2 BEFORE INSERT ON contacts BEGIN
            SELECT count(*) FROM (WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT i FROM r);
        END;""")
    con.commit()
    con.close()
    roll = pd.DataFrame({"phone": ["13800000000"]}, index=pd.Index([0], name="person"))
    start = time.monotonic()
    v = run_check(lab, "test_db_data", ctx, {"answers": {"roll": roll, "db": path.read_bytes()}, "errors": {}}, 2.0)
    assert v.score == 0.0 and "too long" in v.en, v
    assert time.monotonic() - start < 60
    v = run_check(lab, "test_db_schema", ctx, {"answers": {"db": b"not a database at all" * 100}, "errors": {}}, 2.0)
    assert v.score == 0.0 and "not a SQLite database" in v.en, v
    v = run_check(lab, "test_db_schema", ctx, {"answers": {}, "errors": {"db": {"code": "nofile",
                                                                            "detail": "customers.db"}}}, 2.0)
    assert v.score == 0.0 and "customers.db" in v.en, v
