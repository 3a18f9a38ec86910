"""End to end: the class server (JupyterHub + nbgrader + ngshare) runs a lab for a class,
and a hostile student cannot get past it.

The server runs in its secure mode, as on a real class server: the test (root, as CI
is) creates a system account per roster member with a random prefix (``ct<hex>-``), and
removes them all at the end, also when a test fails. Four tests share one server, in
this order:

1. the lab, start to finish: release, fetch, submit (one student in Chromium), collect,
   ``crmlab grade autograde`` run as the instructor's account, a manual grade in the
   formgrader, feedback, export;
2. a hostile student: code run in student A's kernel (through the kernel websocket, as
   A) tries every attack of the issue "a class server that is safe for a real class of
   200"; each is refused, and B's files, the gradebook, the course settings and the
   exchange's records are byte-identical afterwards;
3. the instructor in Chromium: logs in, opens Nbgrader -> Formgrader inside JupyterLab
   (in Chinese), and follows the formgrader's links;
4. a clean shutdown: no server, kernel, service or proxy left, and no test account.

Everything listens on 127.0.0.1 (random free ports) and every wait is bounded.
"""

from __future__ import annotations

import asyncio
import copy
import csv
import hashlib
import json
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "classroom"))

LAB = "L1_explore_shop"
COURSE = "crmlab"
INSTRUCTOR = "teacher"
STUDENTS = ["s2024101", "s2024102", "s2024103"]   # two full solutions, one partial
FULL, PARTIAL = STUDENTS[:2], STUDENTS[2]
A, B = STUDENTS[0], STUDENTS[1]                   # A is the hostile one, B the victim
BROWSER_STUDENT = PARTIAL
MEM_LIMIT = "1G"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
ARTIFACTS = ROOT / "test-artifacts"
XSS_MARK = "crmlab_xss_probe"
SHARED = {}  # what the first test leaves for the others (urls, tokens, scores)


def _free_ports(n: int = 4) -> int:
    """A port p with p .. p+n-1 free on 127.0.0.1 (public, hub, proxy API, ngshare), below the ephemeral range: a
    port in that range that is free now can be taken by any outgoing connection or kernel before the hub binds it."""
    try:
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        low = 32768
    rng = random.Random()
    for _ in range(100):
        p = rng.randrange(20000, max(20001, min(low, 40000) - n))
        ok = True
        for q in range(p, p + n):
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", q))
                except OSError:
                    ok = False
                    break
        if ok:
            return p
    raise RuntimeError("no free consecutive ports")


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


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


def _fill(nb: dict, answers: dict, reflection: str, extra: str = "") -> dict:
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
                        "source": 'print("PROBE", n_customers, n_paid_orders, round(float(paid_sales), 2))' + extra})
    return nb


def _ok(out):
    """A formgrader or Assignments API answer that must say success (its whole error otherwise)."""
    assert out.get("success"), (out.get("error"), out.get("log")) if isinstance(out, dict) else out
    return out


def _json(status_body, expect=200):
    status, body = status_body
    assert status == expect, f"HTTP {status}: {body[:500]!r}"
    return json.loads(body) if body else None


def _sha_tree(*roots) -> dict:
    """{path: sha256} of every file under the roots (read as root), but what running servers write themselves."""
    out = {}
    for root in roots:
        root = Path(root)
        files = [root] if root.is_file() else sorted(
            p for p in root.rglob("*")
            if p.is_file() and p.name != ".jupyterhub-server.log" and "runtime" not in p.parts)
        for p in files:
            out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def _listening_ports(room, users) -> list[int]:
    """Loopback ports the processes of these users' accounts listen on, and the hub's four."""
    import psutil
    import pwd

    uids = {pwd.getpwnam(room.account(u)).pw_uid for u in users}
    ports = set(range(room.port, room.port + 4))
    for proc in psutil.process_iter(["uids"]):
        try:
            if proc.info["uids"] and proc.info["uids"].real in uids:
                ports |= {c.laddr.port for c in proc.net_connections(kind="tcp") if c.status == psutil.CONN_LISTEN}
        except psutil.Error:
            pass
    return sorted(ports)


def kernel_run(server_url: str, token: str, code: str, timeout: float = 180) -> str:
    """Run ``code`` in a new kernel of the server as the token's owner; return its stdout (errors raise)."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    async def go():
        import urllib.request

        req = urllib.request.Request(server_url + "api/kernels", data=b'{"name": "python3"}', method="POST",
                                     headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as resp:
            kid = json.loads(resp.read())["id"]
        ws = await websocket_connect(HTTPRequest(server_url.replace("http://", "ws://") + f"api/kernels/{kid}/channels",
                                                 headers={"Authorization": f"token {token}"}, request_timeout=60))
        mid = uuid.uuid4().hex
        await ws.write_message(json.dumps({
            "header": {"msg_id": mid, "msg_type": "execute_request", "username": "t", "session": mid,
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        out, err, idle, replied = [], None, False, False
        deadline = time.monotonic() + timeout
        while not (idle and replied):
            raw = await asyncio.wait_for(ws.read_message(), max(1.0, deadline - time.monotonic()))
            if raw is None:
                raise RuntimeError("kernel websocket closed")
            if isinstance(raw, bytes):
                continue
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != mid:
                continue
            kind = msg["msg_type"]
            if kind == "stream":
                out.append(msg["content"]["text"])
            elif kind == "error":
                err = "\n".join(msg["content"]["traceback"])
            elif kind == "execute_reply":
                replied = True
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
        ws.close()
        req = urllib.request.Request(server_url + f"api/kernels/{kid}", method="DELETE",
                                     headers={"Authorization": f"token {token}"})
        urllib.request.urlopen(req, timeout=60).close()
        if err:
            raise RuntimeError(f"kernel error:\n{re.sub(chr(27) + r'[^m]*m', '', err)}\n{''.join(out)}")
        return "".join(out)

    return asyncio.run(go())


def _ensure_bubblewrap() -> None:
    """The grading sandbox needs bwrap (Debian's bubblewrap): as root, install the Debian packages when missing."""
    script = ROOT / "scripts" / "install_debian_packages.sh"
    if shutil.which("bwrap") is None and os.geteuid() == 0 and script.exists():
        subprocess.run(["bash", str(script)], capture_output=True, timeout=900)


@pytest.fixture(scope="module")
def room():
    from run import Classroom, ensure_proxy

    if os.geteuid() != 0:
        pytest.skip("the class server's secure mode creates system accounts: run as root (CI does)")
    try:
        ensure_proxy()
    except Exception as err:  # no npm / no registry: nothing to test against
        pytest.skip(f"configurable-http-proxy unavailable: {err}")
    _ensure_bubblewrap()
    tmp = Path(tempfile.mkdtemp(prefix="crmlab-classroom-test-", dir="/tmp"))
    tmp.chmod(0o755)  # the users' homes are inside: they must be able to pass through
    roster = tmp / "roster.csv"
    with roster.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "email", "role", "lang"])
        w.writerow([INSTRUCTOR, "Teacher", "t@example.edu", "instructor", "zh"])
        for s in STUDENTS:
            w.writerow([s, f"Student {s}", f"{s}@example.edu", "student", "en" if s == PARTIAL else "zh"])
    classroom = Classroom(state=tmp / "state", roster=roster, port=_free_ports(), mode="secure",
                          account_prefix=f"ct{secrets.token_hex(2)}-", student_mem_limit=MEM_LIMIT)
    try:
        classroom.start(timeout=180)
        yield classroom
    finally:
        classroom.stop()
        classroom.remove_accounts()
        if not os.environ.get("CRMLAB_KEEP_CLASSROOM_TEST"):  # keep the state folder to debug a failure
            shutil.rmtree(tmp, ignore_errors=True)


def _browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None, "playwright not installed"
    if not CHROMIUM.exists():
        script = ROOT / "scripts" / "install_debian_packages.sh"
        if os.geteuid() == 0 and script.exists():
            subprocess.run(["bash", str(script)], capture_output=True, timeout=900)
    if not CHROMIUM.exists():
        return None, "chromium missing: browser part not run (run scripts/install_debian_packages.sh)"
    return sync_playwright, None


def _login(page, room, user):
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/]).*"), lambda route: route.abort())
    page.goto(f"{room.url}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", room.passwords[user])
    page.click("#login_submit")
    page.wait_for_url(re.compile(rf".*/user/{user}/lab.*"), timeout=120_000)
    page.wait_for_selector(".lm-MenuBar-itemLabel", state="attached", timeout=120_000)


def _browser_fetch_and_submit(room, fill_cb):
    """Log in as BROWSER_STUDENT, open Nbgrader > Assignment List, Fetch, fill, Submit."""
    sync_playwright, why = _browser()
    if why:
        return why
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.set_default_timeout(60_000)
            _login(page, room, BROWSER_STUDENT)  # lang=en in the roster: an English lab
            labels = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
            assert "File" in labels and "文件" not in labels, labels
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
            assert not any("Formgrader" in t or "Create Assignment" in t for t in items), items
            page.keyboard.press("Escape")
        finally:
            browser.close()
    return None


def _gradebook(room, code: str):
    """Run Python on the instructor's gradebook as the instructor (root never writes there)."""
    course = room.paths.course(INSTRUCTOR)
    script = ("import json\nfrom nbgrader.api import Gradebook\n"
              f"gb = Gradebook('sqlite:///{course / 'gradebook.db'}', course_id={COURSE!r})\n"
              + code + "\ngb.close()\n")
    proc = room.run_as_user(INSTRUCTOR, [room.user_venv / "bin" / "python", "-c", script], cwd=course)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _scores(room):
    return _gradebook(room, "out = {}\n"
                            f"for s in {STUDENTS!r}:\n"
                            f"    sub = gb.find_submission({LAB!r}, s)\n"
                            "    out[s] = [sub.code_score, sub.written_score, sub.score, sub.max_score,"
                            " sub.needs_manual_grade]\n"
                            "print(json.dumps(out))")


def test_class_runs_a_lab_end_to_end(room):
    t0 = time.monotonic()
    api = room.api
    # --- users and groups from the roster; every server as its own account ---------------
    users = {u["name"]: u for u in api("GET", "/users")}
    assert set(users) == {INSTRUCTOR, *STUDENTS}
    assert users[INSTRUCTOR]["admin"] and not any(users[s]["admin"] for s in STUDENTS)
    groups = {g["name"]: set(g["users"]) for g in api("GET", "/groups")}
    assert groups["students"] == set(STUDENTS) and groups["instructors"] == {INSTRUCTOR}
    assert {"ngshare", "idle-culler"} <= set(api("GET", "/services"))

    urls = room.start_servers([INSTRUCTOR, *STUDENTS])
    tok = {u: room.user_token(u) for u in [INSTRUCTOR, *STUDENTS]}
    SHARED.update(urls=urls, tok=tok)
    teacher = urls[INSTRUCTOR]
    req = room.request
    import pwd

    for u in [INSTRUCTOR, *STUDENTS]:
        home = room.paths.home(u)
        st = home.stat()
        assert pwd.getpwuid(st.st_uid).pw_name == room.account(u) and st.st_mode & 0o777 == 0o700, (u, oct(st.st_mode))
        pid = api("GET", f"/users/{u}?include_stopped_servers")["servers"][""]["state"]["pid"]
        assert Path(f"/proc/{pid}").stat().st_uid == pwd.getpwnam(room.account(u)).pw_uid
    course = room.paths.course(INSTRUCTOR)
    assert pwd.getpwuid(course.stat().st_uid).pw_name == room.account(INSTRUCTOR)
    hub_dir = room.paths.hub.stat()
    assert hub_dir.st_uid == 0 and hub_dir.st_mode & 0o777 == 0o700

    # --- the formgrader is the instructor's only --------------------------------------------
    assert _json(req("GET", teacher + "formgrader/api/status", token=tok[INSTRUCTOR]))["status"] is True
    for s in STUDENTS:
        assert req("GET", teacher + "formgrader/api/status", token=tok[s])[0] == 403
        assert req("GET", urls[s] + "formgrader/api/status", token=tok[s])[0] == 404
    assert req("GET", f"{room.url}/hub/api/users", token=tok[A])[0] == 403

    # --- instructor: generate and release (to ngshare) ----------------------------------------
    fg = teacher + "formgrader/api/assignment/" + LAB
    for step in ("assign", "release"):
        _ok(_json(req("POST", fg + "/" + step, token=tok[INSTRUCTOR], raw=b"")))
    status, body = room.ngshare("GET", f"assignments/{COURSE}", token=tok[INSTRUCTOR])
    assert status == 200 and body["assignments"] == [LAB], body

    solutions = _solutions(course / "source" / LAB / f"{LAB}.ipynb")
    answers = {s: dict(solutions) for s in FULL}
    answers[PARTIAL] = {k: v for k, v in solutions.items() if k in ("counts", "overview")}
    reflection = "留旧比拉新划算：n_back 远大于 n_new。Keeping customers beats winning new ones."
    # A's notebook also shows HTML with a script to whoever renders its outputs.
    xss = (f'\nfrom IPython.display import HTML, display\n'
           f'display(HTML("<b>hi</b><script>window.{XSS_MARK}=1</script><img src=x onerror=\\"{XSS_MARK}()\\">"))')

    def contents(s):
        return urls[s] + f"api/contents/{LAB}/{LAB}.ipynb"

    def fill(s):
        model = _json(req("GET", contents(s), token=tok[s]))
        assert model["type"] == "notebook"
        nb = _fill(model["content"], answers[s], reflection, xss if s == A else "")
        _json(req("PUT", contents(s), token=tok[s], data={"type": "notebook", "format": "json", "content": nb}))

    def listing(s):
        return _json(req("GET", urls[s] + f"assignments?course_id={COURSE}", token=tok[s]))["value"]

    # --- students: fetch, work on their own shop, submit ---------------------------------
    for s in FULL:
        assert [a["status"] for a in listing(s)] == ["released"]
        for step in ("fetch", "submit"):
            got = _json(req("POST", urls[s] + "assignments/" + step, token=tok[s],
                            data={"course_id": COURSE, "assignment_id": LAB}))
            assert got["success"], got
            if step == "fetch":
                fill(s)
    browser_note = _browser_fetch_and_submit(room, lambda: fill(PARTIAL))
    if browser_note:  # no browser on this machine: the same calls through the API
        _json(req("POST", urls[PARTIAL] + "assignments/fetch", token=tok[PARTIAL],
                  data={"course_id": COURSE, "assignment_id": LAB}))
        fill(PARTIAL)
        _json(req("POST", urls[PARTIAL] + "assignments/submit", token=tok[PARTIAL],
                  data={"course_id": COURSE, "assignment_id": LAB}))
    SHARED["browser_note"] = browser_note
    status, body = room.ngshare("GET", f"submissions/{COURSE}/{LAB}", token=tok[INSTRUCTOR])
    assert status == 200 and sorted(x["student_id"] for x in body["submissions"]) == sorted(STUDENTS), body
    for s in STUDENTS:  # each student's list shows their own submission only
        subs = [sub for a in listing(s) if a["status"] == "submitted" for sub in a.get("submissions", [a])]
        assert subs and {sub["student_id"] for sub in subs} == {s}

    # --- instructor: collect; autograde as the instructor's account ----------------------------
    _ok(_json(req("POST", fg + "/collect", token=tok[INSTRUCTOR], raw=b"")))
    assert sorted(p.name for p in (course / "submitted").iterdir()) == sorted(STUDENTS)
    room.run_as_user(INSTRUCTOR, [room.user_venv / "bin" / "crmlab", "grade", "--root", course, "autograde", LAB,
                                  "--jobs", "2", "--no-progress"], token=tok[INSTRUCTOR], cwd=course, timeout=600)
    auto = _scores(room)
    for s in FULL:
        assert auto[s][0] == pytest.approx(10.0), (s, auto[s])
    assert auto[PARTIAL][0] == pytest.approx(6.0), auto[PARTIAL]
    assert all(v[3] == pytest.approx(13.0) and v[4] for v in auto.values()), auto
    probes = {}
    for s in STUDENTS:  # each notebook ran on that student's own shop
        nb = json.loads((course / "autograded" / s / LAB / f"{LAB}.ipynb").read_text())
        text = "".join("".join(o.get("text", "")) for c in nb["cells"] if c["cell_type"] == "code"
                       for o in c.get("outputs", []))
        m = re.search(r"PROBE (\d+) (\d+) ([\d.]+)", text)
        assert m, f"no probe output for {s}"
        probes[s] = m.groups()
    assert len({p[2] for p in probes.values()}) == 3, probes

    # --- instructor: grade the free-text answer in the formgrader ----------------------------
    manual = {FULL[0]: 3, FULL[1]: 2, PARTIAL: 1}
    subs = _json(req("GET", teacher + f"formgrader/api/submitted_notebooks/{LAB}/{LAB}", token=tok[INSTRUCTOR]))
    assert sorted(x["student"] for x in subs) == sorted(STUDENTS)
    SHARED["submission_ids"] = {x["student"]: x["id"] for x in subs}
    for sub in subs:
        grades = _json(req("GET", teacher + f"formgrader/api/grades?submission_id={sub['id']}",
                           token=tok[INSTRUCTOR]))
        (refl,) = [g for g in grades if g["name"] == "reflection"]
        _json(req("PUT", teacher + f"formgrader/api/grade/{refl['id']}", token=tok[INSTRUCTOR],
                  data={"manual_score": manual[sub["student"]], "extra_credit": 0}))
    final = _scores(room)
    expected = {s: (10.0 if s in FULL else 6.0) + manual[s] for s in STUDENTS}
    for s in STUDENTS:
        assert final[s][2] == pytest.approx(expected[s]) and not final[s][4], (s, final[s])
    SHARED["expected"] = expected

    # --- feedback through ngshare; each student fetches their own ------------------------------
    for step in ("generate_feedback", "release_feedback"):
        _ok(_json(req("POST", fg + "/" + step, token=tok[INSTRUCTOR], raw=b"")))
    for s in STUDENTS:
        _json(req("POST", urls[s] + "assignments/fetch_feedback", token=tok[s],
                  data={"course_id": COURSE, "assignment_id": LAB}))
        htmls = list((room.paths.home(s) / LAB / "feedback").rglob("*.html"))
        assert len(htmls) == 1, (s, htmls)
        m = re.search(r"Score:\s*([\d.]+)\s*/\s*([\d.]+)", htmls[0].read_text())
        assert m and float(m.group(1)) == pytest.approx(expected[s]), (s, m and m.groups())
        rel = urllib.parse.quote(htmls[0].relative_to(room.paths.home(s)).as_posix())
        assert req("GET", urls[s] + f"files/{rel}", token=tok[s])[0] == 200
        assert req("GET", urls[s] + f"files/{rel}", token=tok[A if s != A else B])[0] == 403

    # --- the gradebook export, as the instructor ------------------------------------------------
    room.run_as_user(INSTRUCTOR, [room.user_venv / "bin" / "nbgrader", "export", "--to", course / "grades.csv"],
                     token=tok[INSTRUCTOR], cwd=course, timeout=120)
    with (course / "grades.csv").open() as fh:
        rows = {r["student_id"]: r for r in csv.DictReader(fh) if r["assignment"] == LAB}
    assert {s: float(rows[s]["score"]) for s in STUDENTS} == pytest.approx(expected)
    assert time.monotonic() - t0 < 600


# --- the hostile student ------------------------------------------------------------------------
PROBES = r'''
import glob, json, os, pwd, socket, sqlite3, subprocess, urllib.request, urllib.error
R = {}
def attempt(name, fn):
    try:
        R[name] = "ALLOWED: " + repr(fn())[:200]
    except Exception as e:
        R[name] = "refused: %s: %s" % (type(e).__name__, str(e)[:150])
P = json.loads(PARAMS)
R["uid"], R["euid"], R["user"] = os.getuid(), os.geteuid(), pwd.getpwuid(os.getuid()).pw_name
R["groups"] = os.getgroups()
# the instructor's course: solutions, hidden tests, gradebook, course settings
attempt("read_source", lambda: open(P["source_nb"], "rb").read(10))
attempt("list_course", lambda: os.listdir(P["course"]))
attempt("read_gradebook", lambda: open(P["gradebook"], "rb").read(10))
def sql_update():
    con = sqlite3.connect("file:%s?mode=rw" % P["gradebook"], uri=True)
    con.execute("UPDATE grade SET manual_score = 99")
    con.commit()
    return "updated"
attempt("sql_update_gradebook", sql_update)
attempt("plant_course_config", lambda: open(P["course_config"], "a").write("\nimport os  # planted\n"))
# classmate B: home, submission, feedback
attempt("list_b_home", lambda: os.listdir(P["b_home"]))
attempt("read_b_notebook", lambda: open(P["b_notebook"], "rb").read(10))
attempt("write_b_home", lambda: open(os.path.join(P["b_home"], "planted.txt"), "w").write("x"))
# the hub's state: database, cookie secret, tokens, passwords, ngshare's files
for name in ("jupyterhub.sqlite", "jupyterhub_cookie_secret", "secrets.json", "passwords.csv", "passwords.json",
             "settings.json"):
    attempt("read_hub_" + name, lambda name=name: open(os.path.join(P["hub"], name), "rb").read(10))
attempt("list_ngshare_files", lambda: os.listdir(os.path.join(P["hub"], "ngshare", "files")))
# other processes' environments (tokens of servers, proxy, services)
mine, others, readable = os.getuid(), 0, []
for d in glob.glob("/proc/[0-9]*"):
    try:
        if os.stat(d).st_uid == mine:
            continue
        others += 1
        with open(d + "/environ", "rb") as fh:
            if fh.read(1):
                readable.append(d)
    except OSError:
        pass
R["proc_environ_others"], R["proc_environ_readable"] = others, readable
R["own_environ"] = open("/proc/self/environ", "rb").read().decode("utf-8", "replace")
# the environment and the project: read-only (a .pth file would run in every Python)
for key in ("venv_site", "user_venv_site", "role_config", "project_config"):
    attempt("write_" + key, lambda key=key: open(os.path.join(P[key], "zz_planted.pth"), "w").write("import os"))
# submit as B: nbgrader's own option, and A's own nbgrader settings
env = dict(os.environ)
r = subprocess.run(["nbgrader", "submit", P["lab"], "--course", P["course_id"],
                    "--CourseDirectory.student_id=" + P["b"]], capture_output=True, text=True, env=env,
                   cwd=os.path.expanduser("~"), timeout=300)
R["submit_as_b_option"] = [r.returncode, r.stderr[-300:]]
os.makedirs(os.path.expanduser("~/.jupyter"), exist_ok=True)
with open(os.path.expanduser("~/.jupyter/nbgrader_config.py"), "w") as fh:
    fh.write("c = get_config()\nc.CourseDirectory.student_id = %r\nc.Exchange.username = %r\n" % (P["b"], P["b"]))
r = subprocess.run(["nbgrader", "submit", P["lab"], "--course", P["course_id"]], capture_output=True,
                   text=True, env=env, cwd=os.path.expanduser("~"), timeout=300)
R["submit_as_b_config"] = [r.returncode, r.stderr[-300:]]
os.remove(os.path.expanduser("~/.jupyter/nbgrader_config.py"))
# ngshare directly, with A's own token: B's submission, B's feedback, the release
tok = os.environ["JUPYTERHUB_API_TOKEN"]
def ngshare(method, path, data=None):
    req = urllib.request.Request(P["ngshare"] + "/" + path, method=method, data=data,
                                 headers={"Authorization": "token " + tok})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status
    except urllib.error.HTTPError as e:
        return e.code
import base64, urllib.parse
files = json.dumps([{"path": "x.ipynb", "content": base64.b64encode(b"{}").decode()}])
R["ngshare_download_b"] = ngshare("GET", "submission/%s/%s/%s" % (P["course_id"], P["lab"], P["b"]))
R["ngshare_list_submissions"] = ngshare("GET", "submissions/%s/%s" % (P["course_id"], P["lab"]))
R["ngshare_b_feedback_upload"] = ngshare("POST", "feedback/%s/%s/%s" % (P["course_id"], P["lab"], P["b"]),
    urllib.parse.urlencode({"timestamp": "2020-01-01 00:00:00.000000 UTC", "files": files}).encode())
R["ngshare_release"] = ngshare("POST", "assignment/%s/%s" % (P["course_id"], P["lab"]),
                               urllib.parse.urlencode({"files": files}).encode())
R["ngshare_add_student"] = ngshare("POST", "student/%s/%s" % (P["course_id"], "intruder"),
    urllib.parse.urlencode({"first_name": "x", "last_name": "y", "email": "z"}).encode())
# the ports of B's and the instructor's servers and kernels, and the hub's, with A's token
# (past the proxy; the test names them so that nothing else on this machine is probed)
direct = {}
for port in P["ports"]:
    for path in ("/user/%s/api/contents" % P["b"], "/user/%s/api/contents/course" % P["teacher"]):
        req = urllib.request.Request("http://127.0.0.1:%d%s" % (port, path), headers={"Authorization": "token " + tok})
        try:
            with urllib.request.urlopen(req, timeout=5) as resp:
                direct["%d%s" % (port, path)] = resp.status
        except urllib.error.HTTPError as e:
            direct["%d%s" % (port, path)] = e.code
        except Exception as e:
            direct["%d%s" % (port, path)] = type(e).__name__
R["direct_ports"] = direct
# limits: this kernel's cgroup
cg = {}
for line in open("/proc/self/cgroup").read().splitlines():
    _, ctl, path = line.split(":", 2)
    cg[ctl] = path
R["cgroup"] = cg
for f in ("/sys/fs/cgroup/memory%s/memory.limit_in_bytes" % cg.get("memory", ""), "/sys/fs/cgroup%s/memory.max" % cg.get("", "")):
    try:
        R["memory_limit"] = open(f).read().strip()
        break
    except OSError:
        pass
print("RESULT" + json.dumps(R))
'''


def test_hostile_student_is_refused(room):
    """From A's kernel, every probe of the issue's table; each is refused and nothing changes."""
    if "tok" not in SHARED:
        pytest.skip("needs the class of the first test")
    import pwd

    tok, urls = SHARED["tok"], SHARED["urls"]
    course = room.paths.course(INSTRUCTOR)
    settings = json.loads(room.paths.settings.read_text())
    venv_site = next((Path(sys.executable).parent.parent / "lib").glob("python3.*/site-packages"))
    user_site = next((Path(settings["user_venv"]) / "lib").glob("python3.*/site-packages"))
    params = {"course": str(course), "source_nb": str(course / "source" / LAB / f"{LAB}.ipynb"),
              "gradebook": str(course / "gradebook.db"), "course_config": str(course / "nbgrader_config.py"),
              "b_home": str(room.paths.home(B)), "b_notebook": str(room.paths.home(B) / LAB / f"{LAB}.ipynb"),
              "hub": str(room.paths.hub), "venv_site": str(venv_site), "user_venv_site": str(user_site),
              "role_config": str(ROOT / "classroom" / "jupyter" / "instructor"),
              "project_config": str(ROOT / "assignments"), "lab": LAB, "course_id": COURSE, "b": B,
              "teacher": INSTRUCTOR, "ngshare": f"{room.url}/services/ngshare",
              "ports": _listening_ports(room, [B, INSTRUCTOR])}
    # what must not change: B's files, the course (gradebook, settings, sources), the hub's state
    watched = [room.paths.home(B), course / "gradebook.db", course / "nbgrader_config.py", course / "source",
               course / "submitted", room.paths.hub / "ngshare", room.paths.hub / "passwords.json"]
    before = _sha_tree(*watched)
    status, body = room.ngshare("GET", f"submissions/{COURSE}/{LAB}/{B}", token=tok[INSTRUCTOR])
    b_subs_before = body["submissions"]
    _, body = room.ngshare("GET", f"submissions/{COURSE}/{LAB}/{A}", token=tok[INSTRUCTOR])
    a_subs_before = len(body["submissions"])

    out = kernel_run(urls[A], tok[A], f"PARAMS = {json.dumps(json.dumps(params))}\n" + PROBES, timeout=600)
    r = json.loads(out.split("RESULT", 1)[1])
    # who the kernel runs as: A's own account, not root, not the hub's user, no extra group
    a_entry = pwd.getpwnam(room.account(A))
    assert r["uid"] == r["euid"] == a_entry.pw_uid != 0 and r["user"] == room.account(A), r
    assert set(r["groups"]) <= {a_entry.pw_gid}, r["groups"]
    refused = {k: v for k, v in r.items() if isinstance(v, str) and v.startswith(("refused", "ALLOWED"))}
    allowed = {k: v for k, v in refused.items() if v.startswith("ALLOWED")}
    assert not allowed, allowed
    assert all("PermissionError" in v or "OperationalError" in v for v in refused.values()), refused
    assert r["proc_environ_others"] > 0 and not r["proc_environ_readable"], r["proc_environ_readable"]
    # no secret the student must not hold is in the student's own environment
    env = r["own_environ"]
    cookie = (room.paths.hub / "jupyterhub_cookie_secret").read_text().strip()
    hub_secrets = json.loads(room.paths.secrets.read_text())
    for name, value in [("launcher token", hub_secrets["api_token"]), ("cookie secret", cookie),
                        *((f"password of {u}", p) for u, p in room.passwords.items()),
                        *((f"token of {u}", t) for u, t in tok.items() if u != A)]:
        assert value not in env, f"{name} is in A's environment"
    proxy_env = Path(f"/proc/{int((room.paths.hub / 'proxy.pid').read_text())}/environ").read_bytes().decode()
    proxy_token = dict(kv.split("=", 1) for kv in proxy_env.split("\0") if "=" in kv).get("CONFIGPROXY_AUTH_TOKEN")
    assert proxy_token and proxy_token not in env
    course_secret = course / ".crmlab" / "course_secret"
    if course_secret.exists():
        assert course_secret.read_text().strip() not in env
    # ngshare: A cannot read, list, release or give feedback for others, nor enrol anyone
    for key in ("ngshare_download_b", "ngshare_list_submissions", "ngshare_b_feedback_upload", "ngshare_release",
                "ngshare_add_student"):
        assert r[key] == 403, (key, r[key])
    # direct connections to B's and the instructor's servers (bypassing the proxy) are refused
    assert r["direct_ports"] and not [k for k, v in r["direct_ports"].items() if v == 200], r["direct_ports"]
    # limits: the kernel is in its own cgroup with the memory limit
    assert "crmlab-" + room.account(A) in json.dumps(r["cgroup"]), r["cgroup"]
    assert int(r["memory_limit"]) == 2 ** 30, r["memory_limit"]

    # submitting "as B" was recorded as A: B's submissions are unchanged, A's grew
    _, body = room.ngshare("GET", f"submissions/{COURSE}/{LAB}/{B}", token=tok[INSTRUCTOR])
    assert body["submissions"] == b_subs_before
    _, body = room.ngshare("GET", f"submissions/{COURSE}/{LAB}/{A}", token=tok[INSTRUCTOR])
    assert len(body["submissions"]) == a_subs_before + sum(
        1 for k in ("submit_as_b_option", "submit_as_b_config") if r[k][0] == 0), (r["submit_as_b_option"],
                                                                                    r["submit_as_b_config"])
    # ... and nothing watched changed by a byte
    after = _sha_tree(*watched)
    assert after == before, {k for k in set(before) | set(after) if before.get(k) != after.get(k)}

    # log in as another student: A's password does not open B's account (nor the old shared one)
    def login(user, password):
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", room.port, timeout=30)
        conn.request("GET", "/hub/login")
        resp = conn.getresponse()
        page = resp.read().decode()
        cookies = "; ".join(c.split(";")[0] for c in resp.headers.get_all("Set-Cookie") or [])
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page)
        form = {"username": user, "password": password, **({"_xsrf": xsrf.group(1)} if xsrf else {})}
        conn.request("POST", "/hub/login", body=urllib.parse.urlencode(form),
                     headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies})
        resp = conn.getresponse()
        resp.read()
        conn.close()
        return resp.status, resp.getheader("Location") or ""

    assert login(A, room.passwords[A])[0] == 302
    for password in (room.passwords[A], hub_secrets["student_password"], hub_secrets["instructor_password"]):
        status, where = login(B, password)
        assert status != 302 and B not in where, (status, where)
    assert login(INSTRUCTOR, room.passwords[A])[0] != 302

    # what A's notebook displays runs nowhere in the instructor's session: the formgrader
    # shows A's submission with its script and event handler removed
    sid = SHARED["submission_ids"][A]
    status, page = room.request("GET", urls[INSTRUCTOR] + f"formgrader/submissions/{sid}", token=tok[INSTRUCTOR])
    assert status == 200, page[:300]
    page = page.decode()
    autograded = (room.paths.course(INSTRUCTOR) / "autograded" / A / LAB / f"{LAB}.ipynb").read_text()
    assert f"<script>window.{XSS_MARK}=1</script>" in autograded  # the output really holds a script ...
    assert "<b>hi</b>" in page                                    # ... its harmless HTML is shown,
    assert not re.search(rf"<script[^>]*>\s*window\.{XSS_MARK}", page)  # the script and the handler are not
    assert not re.search(r"<img[^>]*\bonerror\s*=", page, re.I)        # (as text, escaped, they may be)


def test_instructor_opens_formgrader_inside_jupyterlab(room):
    """Chromium: the instructor's JupyterLab (Chinese), Nbgrader -> Formgrader in its iframe, links work."""
    if "tok" not in SHARED:
        pytest.skip("needs the class of the first test")
    sync_playwright, why = _browser()
    if why:
        pytest.skip(why)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 950})
            page.set_default_timeout(60_000)
            blocked = []
            page.on("console", lambda m: blocked.append(m.text) if "frame-ancestors" in m.text else None)
            _login(page, room, INSTRUCTOR)
            labels = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
            assert "文件" in labels, labels  # JupyterLab speaks Chinese to a zh instructor
            page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
            page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^\s*Formgrader\s*$")).click()
            frame = page.frame_locator("iframe[src*='formgrader']")
            frame.get_by_text(LAB).first.wait_for(timeout=60_000)
            page.screenshot(path=str(ARTIFACTS / "classroom_formgrader_in_lab.png"))
            assert not blocked, blocked
            # the assignment's name opens its source folder in JupyterLab's file browser
            frame.locator("a", has_text=LAB).first.click()
            page.wait_for_function(
                f"() => [...document.querySelectorAll('.jp-BreadCrumbs')].some(e => e.textContent.includes('{LAB}'))",
                timeout=60_000)
            # the submission count links to the submissions page inside the frame
            frame.locator(f"a[href$='/formgrader/manage_submissions/{LAB}']").first.click()
            frame.get_by_text(STUDENTS[0]).first.wait_for(timeout=60_000)
            page.screenshot(path=str(ARTIFACTS / "classroom_formgrader_submissions.png"))
        finally:
            browser.close()
    # the formgrader opened at its own URL: its folder links (/tree/...) reach the lab too
    status, _ = room.request("GET", f"{room.url}/tree/course/source/{LAB}")
    assert status in (200, 302, 303)
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", room.port, timeout=30)
    conn.request("GET", f"/hub/tree/course/source/{LAB}")
    resp = conn.getresponse()
    assert resp.status in (301, 302, 303) and f"/hub/user-redirect/lab/tree/course/source/{LAB}" in \
        resp.getheader("Location", ""), (resp.status, resp.getheader("Location"))
    conn.close()


def test_clean_shutdown(room):
    """The hub stops every server, kernel, service and the proxy; the accounts can go."""
    import pwd

    uids = [pwd.getpwnam(room.account(u)).pw_uid for u in [INSTRUCTOR, *STUDENTS]]
    proxy_pid = int((room.paths.hub / "proxy.pid").read_text())
    assert room.stop(timeout=90) == 0
    from _classroom import account_processes

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(account_processes(u) for u in uids):
        time.sleep(0.3)
    assert not [p for u in uids for p in account_processes(u)]
    assert not Path(f"/proc/{proxy_pid}").exists() or \
        Path(f"/proc/{proxy_pid}/stat").read_text().split()[2] == "Z"
    for port in range(room.port, room.port + 4):
        assert not _port_open(port), port
    from _hub import Cgroup, ClassroomSpawner

    assert not [d for u in [INSTRUCTOR, *STUDENTS] for d in ClassroomSpawner._existing_dirs(Cgroup(room.account(u)))]
    removed = room.remove_accounts()
    assert sorted(removed) == sorted(room.account(u) for u in [INSTRUCTOR, *STUDENTS])
    for u in [INSTRUCTOR, *STUDENTS]:
        with pytest.raises(KeyError):
            pwd.getpwnam(room.account(u))
    if SHARED.get("browser_note"):
        pytest.skip(SHARED["browser_note"])
