"""The final-exam bank (assignments/exam_bank) and crmlab.grading.exam.

The bank must validate, cover every chapter with every objective type in proportion to
the syllabus hours, and give keys and explanations for every option; papers must be
deterministic per seed, follow the blueprint, keep the key right under option shuffling
and grade as documented; computation references must run on the shipped shops; the
committed mock papers must be what tools/make_mock_papers.py makes.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
from fractions import Fraction
from pathlib import Path

import pytest

from crmlab.grading import exam
from crmlab.grading.exam import (OBJECTIVE_TYPES, SYLLABUS, TYPES, Blueprint, ExamBankError, Paper, assemble_paper,
                                 build_student_paper, check_blueprint, grade_computation, grade_objective, load_bank,
                                 load_blueprint, validate_bank)

ROOT = Path(__file__).resolve().parents[2]
BANK_DIR = ROOT / "assignments" / "exam_bank"
SEEDS = (1, 2, 3, 20250645, 987654321)


@pytest.fixture(scope="module")
def bank():
    return load_bank(BANK_DIR)


@pytest.fixture(scope="module")
def blueprint():
    return load_blueprint(BANK_DIR / "blueprint.yaml")


@pytest.fixture(scope="module")
def papers(bank, blueprint):
    return {s: assemble_paper(bank, blueprint, s) for s in SEEDS}


@pytest.fixture(scope="module")
def classroom():
    import crmlab

    return crmlab.load_dataset("classroom")


# -- the bank ------------------------------------------------------------------------------

def test_bank_validates(bank):
    assert validate_bank(BANK_DIR) == []
    assert len(bank) > 0


def test_at_least_150_objective_items_spread_by_syllabus_hours(bank):
    objective = [it for it in bank if it.type in OBJECTIVE_TYPES]
    assert len(objective) >= 150
    hours = sum(h for h, _, _ in SYLLABUS.values())
    assert hours == 43
    for ch, (h, _, _) in SYLLABUS.items():
        share = sum(it.chapter == ch for it in objective) / len(objective)
        ratio = share / (h / hours)
        assert 0.75 <= ratio <= 1.35, f"chapter {ch}: {share:.1%} of objective items for {h}/{hours} hours"


def test_every_chapter_has_items_of_every_type(bank):
    for ch in SYLLABUS:
        for typ in TYPES:
            assert bank.select(type=typ, chapter=ch), f"chapter {ch} has no {typ} item"


def test_every_item_is_tagged(bank):
    for it in bank:
        assert it.chapter in SYLLABUS
        assert it.difficulty in (1, 2, 3)
        assert it.term and (re.search(r"[\u4e00-\u9fff]", it.term) or it.term.isupper()), it.id
        assert it.points > 0
        assert all(it.stem), it.id
        # the id says chapter (or topic) and type
        code = TYPES[it.type][2]
        assert f"-{code}-" in it.id
        if it.id.startswith("ch"):
            assert int(it.id[2:4]) == it.chapter


def test_choice_keys_are_options_and_every_wrong_option_is_explained(bank):
    for it in bank:
        if it.type == "single":
            assert it.key in it.options
            keys = {it.key}
        elif it.type == "multiple":
            assert len(it.key) >= 2 and set(it.key) < set(it.options)
            keys = set(it.key)
        elif it.type == "truefalse":
            assert isinstance(it.key, bool)
            assert all(it.explain)
            continue
        else:
            continue
        assert 4 <= len(it.options) <= 5
        assert all(it.explain), it.id
        assert set(it.why_not) == set(it.options) - keys, it.id
        assert all(zh and en for zh, en in it.why_not.values()), it.id


def test_mark_schemes_add_up(bank):
    for it in bank:
        if it.type in ("term", "short"):
            assert math.isclose(sum(p for _, _, p in it.scheme), it.points), it.id
        elif it.type == "case":
            assert math.isclose(sum(q[2] for q in it.questions), it.points), it.id
            for zh, en, pts, scheme in it.questions:
                assert math.isclose(sum(p for _, _, p in scheme), pts), it.id


def test_options_do_not_give_the_answer_away(bank):
    for it in bank:
        for zh, en in it.options.values():
            assert not re.search(r"以上(都|全|均)|all of the above|none of the above", zh + en, re.I), it.id
    # the key is the one longest option no more often than chance would make it (1 in 4)
    single = bank.select(type="single")
    longest = 0
    for it in single:
        lengths = sorted(len(zh) for zh, _ in it.options.values())
        longest += len(it.options[it.key][0]) == lengths[-1] > lengths[-2]
    assert longest / len(single) <= 0.3


def _write_bank(tmp_path, items, name="ch04.yaml", chapter=4):
    import yaml

    (tmp_path / name).write_text(yaml.safe_dump({"chapter": chapter, "items": items}, allow_unicode=True),
                                 encoding="utf-8")


def _single(**over):
    item = {"id": "ch04-sc-001", "type": "single", "chapter": 4, "term": "指名度", "difficulty": 1, "points": 1,
            "stem": {"zh": "题干", "en": "stem"},
            "options": {k: {"zh": f"选项{k}", "en": f"option text {k.lower()}"} for k in "ABCD"},
            "key": "B", "explain": {"zh": "解析", "en": "why"},
            "why_not": {k: {"zh": "错因", "en": "wrong"} for k in "ACD"}}
    item.update(over)
    return item


def test_validator_names_file_and_item_for_each_problem(tmp_path):
    _write_bank(tmp_path, [_single()])
    assert validate_bank(tmp_path) == []

    broken = [
        _single(id="ch04-sc-002", key="E"),                                    # key not an option
        _single(id="ch04-sc-003", why_not={"A": {"zh": "错", "en": "no"}}),     # wrong options unexplained
        _single(id="ch04-sc-004", chapter=11),                                  # unknown chapter
        _single(id="ch04-zz-005", type="essay"),                                # unknown type
        _single(id="ch04-sc-006", explain=None),                                # no explanation
        _single(id="ch04-sc-007", options={**_single()["options"],
                                           "D": {"zh": "以上都对", "en": "all of the above"}}),
        _single(id="ch04-sc-008", explain={"zh": "选项 B 正确", "en": "option B is right"}),
        _single(id="ch04-sc-009", key=None),                                    # missing key
        _single(),                                                              # duplicate of ch04-sc-001
    ]
    _write_bank(tmp_path, [_single()] + broken)
    problems = validate_bank(tmp_path)
    text = "\n".join(zh + "\n" + en for zh, en in problems)
    for iid in ("ch04-sc-002", "ch04-sc-003", "ch04-sc-004", "ch04-zz-005", "ch04-sc-006", "ch04-sc-007",
                "ch04-sc-008", "ch04-sc-009"):
        assert f"ch04.yaml: {iid}" in text, iid
    assert "duplicate id" in text and "重复" in text
    assert "why_not.C" in text and "未知章节" in text and "未知题型" in text
    with pytest.raises(ExamBankError) as err:
        load_bank(tmp_path)
    assert len(err.value.problems) == len(problems) >= 9


def test_validator_checks_computation_references(tmp_path):
    item = {"id": "ch04-cp-001", "type": "compute", "chapter": 4, "term": "量化", "difficulty": 1, "points": 5,
            "stem": {"zh": "按 {item} 计算", "en": "compute by {item}"}, "quantity": {"zh": "量", "en": "q"},
            "tables": ["surveys"], "reference": "missing_function", "params": {"item": ["q_overall"]},
            "explain": {"zh": "方法", "en": "method"}}
    _write_bank(tmp_path, [item])
    (tmp_path / "reference.py").write_text("def other(shop):\n    return 1.0\n", encoding="utf-8")
    problems = validate_bank(tmp_path)
    assert any("missing_function" in en for _, en in problems)
    item["tables"] = ["truth"]  # hidden tables are not for students
    _write_bank(tmp_path, [item])
    assert any("truth" in en for _, en in validate_bank(tmp_path))


def test_the_bank_is_not_in_the_package(bank):
    """Keys live only in assignments/: no explanation of the bank appears in crmlab/."""
    texts = {it.explain[0] for it in bank if len(it.explain[0]) > 12}
    package = ROOT / "crmlab"
    for f in package.rglob("*"):
        if f.suffix in {".py", ".yaml", ".yml", ".json", ".md", ".txt"}:
            content = f.read_text(encoding="utf-8", errors="ignore")
            assert not any(t in content for t in texts), f"{f} holds bank content"
    assert not list(package.rglob("ch0*.yaml"))
    # and no build target of the package or the student edition takes it in
    import tomllib

    targets = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]["targets"]
    paths = (list(targets["wheel"].get("packages", [])) + list(targets["wheel"].get("force-include", {}))
             + list(targets["sdist"].get("include", [])))
    bank_path = "assignments/exam_bank"
    for path in paths:
        path = path.rstrip("/")
        assert not (bank_path == path or bank_path.startswith(path + "/") or path.startswith(bank_path)), path


# -- blueprints and assembly ---------------------------------------------------------------

def test_default_blueprint(blueprint, bank):
    assert [(s.type, s.count, s.points) for s in blueprint.sections] == [
        ("single", 15, 1), ("multiple", 5, 2), ("truefalse", 10, 1), ("term", 4, 3), ("short", 3, 6),
        ("compute", 4, 5), ("case", 1, 15)]
    assert blueprint.total_points == 100
    assert check_blueprint(bank, blueprint) == []


def test_blueprint_rejects_bad_plans():
    with pytest.raises(ExamBankError, match="80"):
        Blueprint.from_dict({"total": 100, "sections": [{"type": "single", "count": 80, "points": 1}]})
    with pytest.raises(ExamBankError, match="essay"):
        Blueprint.from_dict({"sections": [{"type": "essay", "count": 1, "points": 1}]})
    with pytest.raises(ExamBankError, match="count"):
        Blueprint.from_dict({"sections": [{"type": "single", "count": 3, "points": 1, "chapters": {1: 1, 2: 1}}]})


def test_assembly_is_deterministic_and_differs_across_seeds(bank, blueprint, papers):
    again = assemble_paper(load_bank(BANK_DIR), blueprint, 1)
    assert again.item_ids() == papers[1].item_ids()
    assert [q.order for q in again.questions] == [q.order for q in papers[1].questions]
    assert again.render_student() == papers[1].render_student()
    ids = {s: tuple(p.item_ids()) for s, p in papers.items()}
    assert len(set(ids.values())) == len(SEEDS)
    # different papers, not just reordered ones
    assert len(set(ids[1]) ^ set(ids[2])) > 20


def test_blueprint_is_honoured(papers, blueprint):
    for seed, paper in papers.items():
        assert paper.total_points == 100
        ids = paper.item_ids()
        assert len(ids) == len(set(ids)), "an item appears twice"
        assert [s.type for s, _ in paper.sections] == [s.type for s in blueprint.sections]
        for index, (sec, qs) in enumerate(paper.sections):
            assert len(qs) == sec.count
            assert all(q.type == sec.type and q.points == sec.points for q in qs)
            assert [q.answer_id for q in qs] == [f"{sec.code}{n:02d}" for n in range(1, sec.count + 1)]
            # each chapter gets the floor or the ceiling of its share of the syllabus hours
            chapters = {it.chapter for it in paper.bank.select(type=sec.type)}
            hours = sum(SYLLABUS[c][0] for c in chapters)
            for ch in chapters:
                quota = Fraction(sec.count * SYLLABUS[ch][0], hours)
                got = sum(q.item.chapter == ch for q in qs)
                assert math.floor(quota) <= got <= math.ceil(quota), (seed, sec.type, ch, got, quota)


def test_hours_spread_covers_every_chapter_over_a_class(bank, blueprint):
    """Over many students, even a one-item section visits every chapter."""
    seen = {assemble_paper(bank, blueprint, s).sections[-1][1][0].item.chapter for s in range(60)}
    assert seen == set(SYLLABUS)


def test_exact_chapter_counts_and_difficulty_target(bank):
    bp = Blueprint.from_dict({"difficulty": {1: 3, 2: 5, 3: 2}, "sections": [
        {"type": "single", "count": 6, "points": 1, "chapters": {6: 3, 9: 2, 1: 1}},
        {"type": "truefalse", "count": 10, "points": 1}]})
    for seed in range(5):
        paper = assemble_paper(bank, bp, seed)
        got = [q.item.chapter for q in paper.sections[0][1]]
        assert sorted(got) == [1, 6, 6, 6, 9, 9]
    shares = []
    for seed in range(10):
        _, diff = assemble_paper(bank, bp, seed).spec_table()
        shares.append(diff[2] / 16)
    assert 0.35 <= sum(shares) / len(shares) <= 0.65  # medium near its 50% target


def test_avoid_gives_disjoint_a_and_b_papers(bank, blueprint):
    a = assemble_paper(bank, blueprint, 11)
    b = assemble_paper(bank, blueprint, 12, avoid=a.item_ids())
    assert not set(a.item_ids()) & set(b.item_ids())


# -- options, keys and grading -------------------------------------------------------------

def test_option_shuffling_keeps_the_key(papers):
    moved = 0
    for paper in papers.values():
        for q in paper.questions:
            if q.type == "single":
                assert q.options()[ord(q.key) - 65][1] == q.item.options[q.item.key]
            elif q.type == "multiple":
                shown = {q.options()[ord(k) - 65][1] for k in q.key}
                assert shown == {q.item.options[k] for k in q.item.key}
            if q.type in ("single", "multiple"):
                moved += list(q.order) != sorted(q.order)
    assert moved > 0


def test_the_key_itself_scores_full_marks(papers):
    for paper in papers.values():
        report = grade_objective(paper, paper.key())
        assert report.points == report.max_points == 15 + 10 + 10
        assert all(g.status == "correct" for g in report)


def test_wrong_and_partial_answers(papers):
    paper = papers[1]
    answers = paper.key()
    for q in paper.questions:
        if q.type == "single":
            wrong = next(L for L, _ in q.options() if L != q.key)
            answers[q.answer_id] = wrong.lower()
        elif q.type == "truefalse":
            answers[q.answer_id] = not q.key
        elif q.type == "multiple":
            answers[q.answer_id] = q.key[:1]  # a proper subset of the key
    report = grade_objective(paper, answers)
    for g in report:
        q = paper[g.answer_id]
        if q.type == "multiple":
            assert g.status == "partial" and g.points == q.points * paper.blueprint.multiple_partial == 1
        else:
            assert g.status == "wrong" and g.points == 0
    # a wrong single-choice answer is explained with the option the student chose
    g = report["sc01"]
    q = paper["sc01"]
    chosen = q.original(answers["sc01"].upper())
    assert q.item.why_not[chosen][0] in g.feedback[0] and q.item.why_not[chosen][1] in g.feedback[1]


def test_multiple_choice_rule_and_tolerant_reading(papers):
    paper = papers[2]
    q = next(q for q in paper.questions if q.type == "multiple")
    key = list(q.key)
    wrong = next(L for L, _ in q.options() if L not in key)
    cases = {
        "".join(key): 2, " ".join(k.lower() for k in key): 2, "、".join(key): 2, ",".join(key): 2,
        tuple(reversed(key)): 2, tuple(key[:1]): 1, "".join(key) + wrong: 0, wrong: 0, "": 0, None: 0, "AZ": 0, 3: 0,
    }
    for answer, points in cases.items():
        g = grade_objective(paper, {q.answer_id: list(answer) if isinstance(answer, tuple) else answer})[q.answer_id]
        assert g.points == points, (answer, g)
    # the rule is stated on the paper
    text = "\n".join(zh + en for zh, en in paper.instructions())
    assert "少选" in text and "得 1 分" in text and "any wrong option" in text


def test_true_false_and_single_reading(papers):
    paper = papers[3]
    tf = next(q for q in paper.questions if q.type == "truefalse")
    right = {True: ["对", "T", "true", "√", 1, True], False: ["错", "F", "False", "×", 0, False]}[tf.key]
    for a in right:
        assert grade_objective(paper, {tf.answer_id: a})[tf.answer_id].points == 1, a
    assert grade_objective(paper, {tf.answer_id: "maybe"})[tf.answer_id].status == "unreadable"
    sc = next(q for q in paper.questions if q.type == "single")
    assert grade_objective(paper, {sc.answer_id: f" {sc.key.lower()} "})[sc.answer_id].points == 1
    assert grade_objective(paper, {sc.answer_id: [sc.key]})[sc.answer_id].points == 1
    assert grade_objective(paper, {sc.answer_id: "AB"})[sc.answer_id].status == "unreadable"
    assert grade_objective(paper, {})[sc.answer_id].status == "blank"


def test_stored_paper_grades_the_same(bank, papers):
    paper = papers[20250645]
    data = json.loads(paper.to_json())
    back = Paper.from_dict(data, bank)
    assert back.item_ids() == paper.item_ids()
    assert back.key() == paper.key()
    assert back.render_student() == paper.render_student()


# -- computations --------------------------------------------------------------------------

@pytest.mark.parametrize("dataset", ["classroom", "lab"])
def test_computation_references_run_on_shipped_shops(bank, dataset):
    import itertools

    import crmlab

    shop = crmlab.load_dataset(dataset)
    for it in bank.select(type="compute"):
        fn = bank.reference(it.reference)
        names = sorted(it.params)
        for values in itertools.product(*(it.params[n] for n in names)):
            value = fn(shop, **dict(zip(names, values)))
            assert isinstance(value, int | float) and math.isfinite(value), (it.id, values, value)


def test_grade_computation_against_the_shop(papers, classroom):
    paper = papers[1]
    from crmlab.grading.exam import expected_values

    want = expected_values(paper, classroom)
    assert sorted(want) == ["cp01", "cp02", "cp03", "cp04"]
    right = grade_computation(paper, {k: str(v) for k, v in want.items()}, classroom)
    assert right.points == right.max_points == 20
    off = grade_computation(paper, {k: v * 1.05 + 1 for k, v in want.items()}, classroom)
    assert off.points == 0 and all(g.status == "wrong" for g in off)
    assert grade_computation(paper, {}, classroom).points == 0


# -- rendering and the mock papers ---------------------------------------------------------

def test_student_paper_holds_questions_only(papers, bank):
    paper = papers[2]
    text = paper.render_student()
    assert "答案 / Key" not in text and "评分要点 / Mark scheme" not in text and "reference.py" not in text
    for q in paper.questions:
        zh, en = q.stem()
        assert zh.splitlines()[0] in text and en.splitlines()[0] in text
        assert text.index(zh.splitlines()[0]) < text.index(en.splitlines()[0])
        if q.type in ("single", "multiple", "truefalse"):
            assert q.item.explain[0] not in text
    key = paper.render_key()
    assert all(q.item.id in key for q in paper.questions)
    for q in paper.questions:
        if q.type in ("term", "short"):
            assert q.item.scheme[0][0] in key


def test_notebook_cells(papers):
    paper = papers[3]
    cells = paper.cells()
    answer_ids = [c["grade_id"] for c in cells if c["kind"] in ("answer", "manual")]
    case = next(q for q in paper.questions if q.type == "case")
    expected = [q.answer_id for q in paper.questions if q.type != "case"]
    expected += [f"{case.answer_id}_{j}" for j in range(1, len(case.item.questions) + 1)]
    assert sorted(answer_ids) == sorted(expected)
    assert sum(c["points"] for c in cells) == 100
    student = "\n".join(c["source"] for c in cells)
    solved = "\n".join(c["source"] for c in paper.cells(solutions=True))
    sc = paper["sc01"]
    assert f'sc01 = {sc.key!r}' in solved and f'sc01 = {sc.key!r}' not in student


def test_build_student_paper_uses_the_course_bank(bank):
    a = build_student_paper(4242, bank=bank, student_id="2024001")
    b = build_student_paper(4242, bank=BANK_DIR, student_id="2024001")
    assert a.item_ids() == b.item_ids()
    assert "2024001" in a.render_student()


def _mock_module():
    spec = importlib.util.spec_from_file_location("make_mock_papers", ROOT / "tools" / "make_mock_papers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_mock_papers_are_current():
    mock = _mock_module()
    files = mock.render_mocks()
    assert sorted(files) == ["key_A.md", "key_B.md", "paper_A.md", "paper_B.md"]
    for name, text in files.items():
        path = mock.MOCK_DIR / name
        assert path.exists() and path.read_text(encoding="utf-8") == text, (
            f"{path} is stale: run python tools/make_mock_papers.py")
    ids_a = set(re.findall(r"`((?:ch\d\d|tp-[a-z]+)-[a-z]{2}-\d{3})`", files["key_A.md"]))
    ids_b = set(re.findall(r"`((?:ch\d\d|tp-[a-z]+)-[a-z]{2}-\d{3})`", files["key_B.md"]))
    assert len(ids_a) == len(ids_b) == 42 and not ids_a & ids_b


def test_practice_paper_docstring_counts_its_questions():
    from crmlab.exercises import exam_practice as practice

    n = len(practice.QUESTIONS)
    assert n == 21
    assert "twenty-one" in practice.__doc__ and f"q{n}" in practice.__doc__


def test_exam_checks_grade_through_the_trusted_grader(bank, blueprint, classroom):
    """The adapter for crmlab.grading.trusted: the checks rebuild the paper from the seed."""
    from crmlab.grading.exam import exam_checks
    from crmlab.grading.trusted import CheckContext, run_check

    lab = exam_checks("Final_exam", lambda ctx: 1000 + int(ctx.student_id), bank=bank, blueprint=blueprint)
    assert sorted(lab.checks) == sorted(
        [f"test_{c}{n:02d}" for c, k in (("sc", 15), ("mc", 5), ("tf", 10), ("cp", 4)) for n in range(1, k + 1)])
    paper = assemble_paper(bank, blueprint, 1007)
    answers = {**paper.key(), **exam.expected_values(paper, classroom)}
    mc = next(q for q in paper.questions if q.type == "multiple")
    answers[mc.answer_id] = mc.key[:1]          # a proper subset: half of the cell's points
    answers["sc01"] = next(L for L, _ in paper["sc01"].options() if L != paper["sc01"].key)
    del answers["tf01"]                          # blank
    ctx = CheckContext(None, "7", lab.shop_key, secret=None, shop=classroom)
    scores = {}
    for gid in lab.checks:
        aid = gid[len("test_"):]
        handoff = {"answers": {aid: answers[aid]} if aid in answers else {}, "errors": {}}
        scores[aid] = run_check(lab, gid, ctx, handoff, max_score=2.0).score
    assert scores[mc.answer_id] == 1.0
    assert scores["sc01"] == 0 and scores["tf01"] == 0
    assert all(v == 2.0 for k, v in scores.items() if k not in (mc.answer_id, "sc01", "tf01"))
    # another student is graded against their own paper by the same checks
    p8 = assemble_paper(bank, blueprint, 1008)
    assert p8.item_ids() != paper.item_ids()
    other = CheckContext(None, "8", lab.shop_key, secret=None, shop=classroom)
    for aid, key in p8.key().items():
        assert run_check(lab, f"test_{aid}", other, {"answers": {aid: key}, "errors": {}}, 1.0).score == 1.0, aid
