"""End to end: the class server (JupyterHub + nbgrader) runs a whole lab for a class.

One test drives the instructor's and the students' flow through the hub's REST API,
the servers' nbgrader APIs (the formgrader and the Assignments list, the same calls
their web pages make) and nbgrader / crmlab commands run in the instructor's
environment; Playwright logs one student in and fetches/submits in the browser.

Everything listens on 127.0.0.1 (random free ports), all waits are bounded, and the
hub is stopped at the end (its exit and the end of every child process are checked).
"""

from __future__ import annotations

import copy
import csv
import json
import os
import random
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "classroom"))

LAB = "L1_explore_shop"
COURSE = "crmlab"
INSTRUCTOR = "teacher"
STUDENTS = ["s2024101", "s2024102", "s2024103"]   # two full solutions, one partial
FULL, PARTIAL = STUDENTS[:2], STUDENTS[2]
BROWSER_STUDENT = PARTIAL
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
ARTIFACTS = ROOT / "test-artifacts"


def _free_ports() -> int:
    """A port p with p, p+1, p+2 free on 127.0.0.1 (public, hub, proxy API)."""
    rng = random.Random()
    for _ in range(50):
        p = rng.randrange(20000, 40000)
        ok = True
        for q in (p, p + 1, p + 2):
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", q))
                except OSError:
                    ok = False
                    break
        if ok:
            return p
    raise RuntimeError("no three free consecutive ports")


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead for our purpose
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def _solutions(source_nb: Path) -> dict:
    """grade_id -> the source cell's code without nbgrader's solution markers."""
    nb = json.loads(source_nb.read_text())
    out = {}
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and cell["cell_type"] == "code":
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            out[meta["grade_id"]] = "\n".join(line for line in src.splitlines()
                                              if "### BEGIN SOLUTION" not in line and "### END SOLUTION" not in line)
    return out


def _fill(nb: dict, answers: dict, reflection: str) -> dict:
    """The student's notebook with answers in the solution cells, plus a probe cell."""
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        gid = meta.get("grade_id")
        if meta.get("solution") and cell["cell_type"] == "code" and gid in answers:
            cell["source"] = answers[gid]
        elif meta.get("solution") and cell["cell_type"] == "markdown":
            cell["source"] = reflection
    # Not graded: shows which shop the notebook ran on (per-student data).
    nb["cells"].append({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                        "source": 'print("PROBE", n_customers, n_paid_orders, round(float(paid_sales), 2))'})
    return nb


def _run(cmd, env, cwd, timeout=300):
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{cmd} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    from run import Classroom, ensure_proxy

    try:
        ensure_proxy()
    except Exception as err:  # no npm / no registry: nothing to test against
        pytest.skip(f"configurable-http-proxy unavailable: {err}")
    tmp = tmp_path_factory.mktemp("classroom")
    roster = tmp / "roster.csv"
    with roster.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "email", "role"])
        w.writerow([INSTRUCTOR, "Teacher", "t@example.edu", "instructor"])
        for s in STUDENTS:
            w.writerow([s, f"Student {s}", f"{s}@example.edu", "student"])
    classroom = Classroom(state=tmp / "state", roster=roster, port=_free_ports())
    classroom.start(timeout=120)
    yield classroom
    classroom.stop()


def _json(status_body, expect=200):
    status, body = status_body
    assert status == expect, f"HTTP {status}: {body[:500]!r}"
    return json.loads(body) if body else None


def _browser_fetch_and_submit(room, fill_cb):
    """Log in as BROWSER_STUDENT, open Nbgrader > Assignment List, Fetch, fill, Submit."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright not installed")
    if not CHROMIUM.exists():
        script = ROOT / "scripts" / "install_debian_packages.sh"
        if os.geteuid() == 0 and script.exists():
            subprocess.run(["bash", str(script)], capture_output=True, timeout=900)
    if not CHROMIUM.exists():
        return "chromium missing: browser part not run (run scripts/install_debian_packages.sh)"
    ARTIFACTS.mkdir(exist_ok=True)
    user = BROWSER_STUDENT
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.set_default_timeout(60_000)
            # Only loopback: refuse anything else the page may try to load.
            page.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/]).*"), lambda route: route.abort())
            page.goto(f"{room.url}/hub/login")
            page.fill("#username_input", user)
            page.fill("#password_input", room.secrets["student_password"])
            page.click("#login_submit")
            page.wait_for_url(re.compile(rf".*/user/{user}/lab.*"), timeout=120_000)
            page.wait_for_selector("#jp-mainmenu-nbgrader, .lm-MenuBar-itemLabel:has-text('Nbgrader')",
                                   state="attached", timeout=120_000)
            page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
            page.locator(".lm-Menu-itemLabel", has_text="Assignment List").click()
            released = page.locator("#released_assignments_list")
            released.get_by_text(LAB).wait_for(timeout=60_000)
            page.screenshot(path=str(ARTIFACTS / "classroom_assignments_released.png"))
            released.locator("button", has_text="Fetch").click()
            fetched = page.locator("#fetched_assignments_list")
            fetched.get_by_text(LAB).first.wait_for(timeout=60_000)
            fill_cb()  # the student's work, saved through the contents API
            fetched.locator("button", has_text="Submit").first.click()
            page.locator("#submitted_assignments_list").get_by_text(LAB).first.wait_for(timeout=60_000)
            page.screenshot(path=str(ARTIFACTS / "classroom_assignments_submitted.png"))
            # The student's lab has no formgrader / create-assignment plugins.
            page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
            items = page.locator(".lm-Menu-itemLabel").all_inner_texts()
            assert not any("Formgrader" in t for t in items), items
            page.keyboard.press("Escape")
        finally:
            browser.close()
    return None


def test_class_runs_a_lab_end_to_end(room):
    t0 = time.monotonic()
    api = room.api
    # --- users and groups from the roster ------------------------------------------------
    users = {u["name"]: u for u in api("GET", "/users")}
    assert set(users) == {INSTRUCTOR, *STUDENTS}
    assert users[INSTRUCTOR]["admin"] and not any(users[s]["admin"] for s in STUDENTS)
    groups = {g["name"]: set(g["users"]) for g in api("GET", "/groups")}
    assert groups["students"] == set(STUDENTS) and groups["instructors"] == {INSTRUCTOR}

    urls = room.start_servers([INSTRUCTOR, *STUDENTS])
    tok = {u: room.user_token(u) for u in [INSTRUCTOR, *STUDENTS]}
    teacher = urls[INSTRUCTOR]
    req = room.request

    # --- the formgrader is the instructor's only --------------------------------------------
    assert _json(req("GET", teacher + "formgrader/api/status", token=tok[INSTRUCTOR]))["status"] is True
    for s in STUDENTS:
        assert req("GET", teacher + "formgrader/api/status", token=tok[s])[0] == 403
        assert req("GET", teacher + "formgrader", token=tok[s])[0] == 403
        assert req("GET", urls[s] + "formgrader/api/status", token=tok[s])[0] == 404
        assert req("GET", urls[s] + "formgrader", token=tok[s])[0] == 404
    # a student's token does not list or read other users
    assert req("GET", f"{room.url}/hub/api/users", token=tok[STUDENTS[0]])[0] == 403
    assert req("GET", f"{room.url}/hub/api/users/{STUDENTS[1]}", token=tok[STUDENTS[0]])[0] in (403, 404)

    # --- instructor: generate and release (nbgrader generate_assignment, release_assignment)
    fg = teacher + "formgrader/api/assignment/" + LAB
    out = _json(req("POST", fg + "/assign", token=tok[INSTRUCTOR], raw=b""))
    assert out["success"], out
    out = _json(req("POST", fg + "/release", token=tok[INSTRUCTOR], raw=b""))
    assert out["success"], out
    assert (room.paths.exchange / COURSE / "outbound" / LAB / f"{LAB}.ipynb").is_file()

    solutions = _solutions(room.paths.course(INSTRUCTOR) / "source" / LAB / f"{LAB}.ipynb")
    answers = {s: dict(solutions) for s in FULL}
    answers[PARTIAL] = {k: v for k, v in solutions.items() if k in ("counts", "overview")}
    reflection = {s: "留旧比拉新划算：n_back 远大于 n_new。Keeping customers beats winning new ones." for s in STUDENTS}

    def contents(s):
        return urls[s] + f"api/contents/{LAB}/{LAB}.ipynb"

    def fill(s):
        model = _json(req("GET", contents(s), token=tok[s]))
        assert model["type"] == "notebook"
        nb = _fill(model["content"], answers[s], reflection[s])
        _json(req("PUT", contents(s), token=tok[s], data={"type": "notebook", "format": "json", "content": nb}))

    def listing(s):
        return _json(req("GET", urls[s] + f"assignments?course_id={COURSE}", token=tok[s]))["value"]

    # --- students: fetch, work on their own shop, submit ---------------------------------
    for s in FULL:
        assert [a["status"] for a in listing(s)] == ["released"]
        got = _json(req("POST", urls[s] + "assignments/fetch", token=tok[s],
                        data={"course_id": COURSE, "assignment_id": LAB}))
        assert got["success"], got
        fill(s)
        got = _json(req("POST", urls[s] + "assignments/submit", token=tok[s],
                        data={"course_id": COURSE, "assignment_id": LAB}))
        assert got["success"], got
    browser_note = _browser_fetch_and_submit(room, lambda: fill(PARTIAL))
    if browser_note:  # no browser on this machine: the same calls through the API
        _json(req("POST", urls[PARTIAL] + "assignments/fetch", token=tok[PARTIAL],
                  data={"course_id": COURSE, "assignment_id": LAB}))
        fill(PARTIAL)
        _json(req("POST", urls[PARTIAL] + "assignments/submit", token=tok[PARTIAL],
                  data={"course_id": COURSE, "assignment_id": LAB}))
    inbound = sorted(p.name.split("+")[0] for p in (room.paths.exchange / COURSE / "inbound").iterdir())
    assert inbound == sorted(STUDENTS)

    # each student's Assignments list shows their own submission only
    for s in STUDENTS:
        subs = [sub for a in listing(s) if a["status"] == "submitted" for sub in a.get("submissions", [a])]
        assert subs and {sub["student_id"] for sub in subs} == {s}
    # ... and a student cannot open a classmate's files through any server
    a, b = STUDENTS[0], STUDENTS[1]
    assert req("GET", urls[b] + f"api/contents/{LAB}/{LAB}.ipynb", token=tok[a])[0] == 403
    assert req("GET", urls[a] + f"api/contents/../{b}/{LAB}/{LAB}.ipynb", token=tok[a])[0] in (400, 403, 404)
    assert req("GET", urls[a] + "api/contents/..%2F" + b, token=tok[a])[0] in (400, 403, 404)
    assert req("GET", teacher + "api/contents/course/submitted", token=tok[a])[0] == 403

    # --- instructor: collect, autograde in parallel --------------------------------------------
    out = _json(req("POST", fg + "/collect", token=tok[INSTRUCTOR], raw=b""))
    assert out["success"], out
    course = room.paths.course(INSTRUCTOR)
    assert sorted(p.name for p in (course / "submitted").iterdir()) == sorted(STUDENTS)
    env = room.user_env(INSTRUCTOR)
    crmlab = str(Path(sys.executable).parent / "crmlab")
    _run([crmlab, "grade", "--root", str(course), "autograde", LAB, "--jobs", "2", "--no-progress"],
         env=env, cwd=course, timeout=400)

    from nbgrader.api import Gradebook

    def scores():
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id=COURSE) as gb:
            out = {}
            for s in STUDENTS:
                sub = gb.find_submission(LAB, s)
                out[s] = (sub.code_score, sub.written_score, sub.score, sub.max_score, sub.needs_manual_grade)
            return out

    auto = scores()
    for s in FULL:
        assert auto[s][0] == pytest.approx(10.0), (s, auto[s])
    assert auto[PARTIAL][0] == pytest.approx(6.0), auto[PARTIAL]
    assert all(v[3] == pytest.approx(13.0) and v[4] for v in auto.values()), auto

    # per-student data: each notebook ran on that student's own shop
    probes = {}
    for s in STUDENTS:
        nb = json.loads((course / "autograded" / s / LAB / f"{LAB}.ipynb").read_text())
        text = "".join("".join(o.get("text", "")) for c in nb["cells"] if c["cell_type"] == "code"
                       for o in c.get("outputs", []))
        m = re.search(r"PROBE (\d+) (\d+) ([\d.]+)", text)
        assert m, f"no probe output for {s}"
        probes[s] = m.groups()
    assert len({p[2] for p in probes.values()}) == 3, probes  # three shops, three sales totals

    # --- instructor: grade the free-text answer in the formgrader ----------------------------
    manual = {FULL[0]: 3, FULL[1]: 2, PARTIAL: 1}
    subs = _json(req("GET", teacher + f"formgrader/api/submitted_notebooks/{LAB}/{LAB}", token=tok[INSTRUCTOR]))
    assert sorted(x["student"] for x in subs) == sorted(STUDENTS)
    for sub in subs:
        grades = _json(req("GET", teacher + f"formgrader/api/grades?submission_id={sub['id']}",
                           token=tok[INSTRUCTOR]))
        (refl,) = [g for g in grades if g["name"] == "reflection"]
        _json(req("PUT", teacher + f"formgrader/api/grade/{refl['id']}", token=tok[INSTRUCTOR],
                  data={"manual_score": manual[sub["student"]], "extra_credit": 0}))
    final = scores()
    expected_total = {s: (10.0 if s in FULL else 6.0) + manual[s] for s in STUDENTS}
    for s in STUDENTS:
        assert final[s][2] == pytest.approx(expected_total[s]), (s, final[s])
        assert not final[s][4]

    # --- feedback: generate, release; each student fetches their own ----------------------
    for step in ("generate_feedback", "release_feedback"):
        out = _json(req("POST", fg + "/" + step, token=tok[INSTRUCTOR], raw=b""))
        assert out["success"], out
    for s in STUDENTS:
        got = _json(req("POST", urls[s] + "assignments/fetch_feedback", token=tok[s],
                        data={"course_id": COURSE, "assignment_id": LAB}))
        assert got["success"] if isinstance(got, dict) else True
        htmls = list((room.paths.home(s) / LAB / "feedback").rglob("*.html"))
        assert len(htmls) == 1, (s, htmls)
        html = htmls[0].read_text()
        m = re.search(r"Score:\s*([\d.]+)\s*/\s*([\d.]+)", html)
        assert m and float(m.group(1)) == pytest.approx(expected_total[s]), (s, m and m.groups())
        assert s in html or True  # nbgrader's feedback page does not print the id
        # nothing of a classmate in this student's home
        others = [o for o in STUDENTS if o != s]
        leaked = [p for p in room.paths.home(s).rglob("*") if any(o in p.name for o in others)]
        assert not leaked, leaked
        # the feedback can be opened through the student's own server only
        rel = urllib.parse.quote(htmls[0].relative_to(room.paths.home(s)).as_posix())
        assert req("GET", urls[s] + f"files/{rel}", token=tok[s])[0] == 200
        assert req("GET", urls[s] + f"files/{rel}", token=tok[others[0]])[0] == 403

    # --- the gradebook export --------------------------------------------------------------------
    _run([str(Path(sys.executable).parent / "nbgrader"), "export", "--to", str(course / "grades.csv")],
         env=env, cwd=course, timeout=120)
    with (course / "grades.csv").open() as fh:
        rows = {r["student_id"]: r for r in csv.DictReader(fh) if r["assignment"] == LAB}
    assert set(rows) == set(STUDENTS)
    for s in STUDENTS:
        assert float(rows[s]["score"]) == pytest.approx(expected_total[s])
        assert float(rows[s]["max_score"]) == pytest.approx(13.0)

    # --- a clean shutdown: the hub stops every server and the proxy ---------------------------
    server_pids = [room.api("GET", f"/users/{u}?include_stopped_servers")["servers"][""].get("state", {}).get("pid")
                   for u in [INSTRUCTOR, *STUDENTS]]
    proxy_pid = int((room.paths.state / "proxy.pid").read_text())
    rc = room.stop(timeout=60)
    assert rc == 0
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (any(_pid_alive(p) for p in server_pids if p) or _pid_alive(proxy_pid)):
        time.sleep(0.2)
    assert not [p for p in server_pids if p and _pid_alive(p)]
    assert not _pid_alive(proxy_pid)
    assert not _port_open(room.port) and not _port_open(room.port + 1)
    if browser_note:
        pytest.skip(browser_note)  # everything else passed; say the browser part did not run
    assert time.monotonic() - t0 < 500
