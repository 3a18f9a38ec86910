"""Students' shops in a course: derived from the instructor's secret; students get public tables only."""

from __future__ import annotations

import os
import stat

import pytest

import crmlab
from crmlab import session
from crmlab.grading.coursedata import (ShopKey, course_secret, course_seed, has_secret, public_shop, student_shop,
                                       write_student_data)


@pytest.fixture
def course(tmp_path):
    root = tmp_path / "course"
    root.mkdir()
    return root


@pytest.fixture(autouse=True)
def clean_session(monkeypatch, tmp_path):
    for var in ("CRMLAB_STUDENT_ID", "CRMLAB_DATA_DIR", "CRMLAB_COURSE", "CRMLAB_GRADING"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    monkeypatch.chdir(tmp_path)
    session.reset()
    yield
    session.reset()


def test_secret_is_private_and_stable(course):
    assert not has_secret(course) and course_secret(course) is None
    s = course_secret(course, create=True)
    assert len(s) == 32 and has_secret(course)
    mode = stat.S_IMODE((course / ".crmlab" / "course_secret").stat().st_mode)
    assert mode == 0o600
    assert stat.S_IMODE((course / ".crmlab").stat().st_mode) == 0o700
    assert course_secret(course) == s  # read back, not remade


def test_damaged_secret_is_a_clear_error(course):
    (course / ".crmlab").mkdir()
    (course / ".crmlab" / "course_secret").write_text("oops")
    with pytest.raises(crmlab.errors.CRMLabError, match="backup"):
        course_secret(course)


def test_seeds_depend_on_secret_student_and_dataset():
    a, b = b"a" * 32, b"b" * 32
    assert course_seed(a, "s1", "lab") == course_seed(a, "s1", "lab")
    assert len({course_seed(a, "s1", "lab"), course_seed(b, "s1", "lab"), course_seed(a, "s2", "lab"),
                course_seed(a, "s1", "classroom")}) == 4
    assert course_seed(a, "s1", "lab") != crmlab.student_seed("s1")


def test_course_shop_cannot_be_rebuilt_from_the_public_seed(course):
    course_secret(course, create=True)
    shop = student_shop(course, "2024001", ShopKey("classroom"))
    self_study = crmlab.simulate(500, random_state=crmlab.student_seed("2024001"))
    assert shop.fingerprint() != self_study.fingerprint()
    assert len(shop.truth) == 500  # the grader's copy has the truth


def test_public_shop_has_no_truth_and_no_seed(course):
    shop = student_shop(course, "s9", "classroom", secret=b"k" * 32)
    pub = public_shop(shop)
    for name in shop.hidden_tables:
        assert len(getattr(pub, name)) == 0
        assert list(getattr(pub, name).columns) == list(getattr(shop, name).columns)
    assert "seed" not in pub.meta and pub.meta["student_id"] == "s9"
    assert pub.orders.equals(shop.orders)


def test_write_student_data_and_setup_finds_it(course, tmp_path, monkeypatch):
    done = write_student_data(course, ["s1", "s2"], keys=[ShopKey("classroom")], progress=False)
    assert set(done) == {"s1", "s2"} and has_secret(course)
    f = course / "student_data" / "s1" / "classroom.sqlite"
    loaded = crmlab.load_shop(f)
    assert len(loaded.truth) == 0 and "seed" not in loaded.meta
    # the student copies their folder to ~/crmlab-data
    home = tmp_path / "home"
    (home / "crmlab-data").mkdir()
    (home / "crmlab-data" / "classroom.sqlite").write_bytes(f.read_bytes())
    shop = crmlab.setup(student_id="s1")
    info = crmlab.session.session_info()
    assert info["source"] == "course" and info["seed"] is None and info["student_id"] == "s1"
    assert shop.orders.equals(loaded.orders)
    session.reset()
    assert crmlab.setup().meta.get("seed") == 20230901  # a lesson outside a course: the shipped shop
    session.reset()
    monkeypatch.setenv("CRMLAB_COURSE", "crmlab")  # in a course (class server): no id needed for one's own data
    assert crmlab.setup().orders.equals(loaded.orders)


def test_someone_elses_data_is_refused(course, tmp_path):
    write_student_data(course, ["s1"], keys=[ShopKey("classroom")], progress=False)
    d = tmp_path / "crmlab-data"
    d.mkdir()
    (d / "classroom.sqlite").write_bytes((course / "student_data" / "s1" / "classroom.sqlite").read_bytes())
    with pytest.raises(session.StudentDataError, match="s1"):
        crmlab.setup(student_id="s2")


def test_in_a_course_a_missing_data_file_is_an_error(monkeypatch):
    monkeypatch.setenv("CRMLAB_COURSE", "crmlab")
    with pytest.raises(session.StudentDataError, match="crmlab-data"):
        crmlab.setup(student_id="s1", dataset="lab")


def test_course_marker_file_puts_the_folder_in_a_course(tmp_path):
    (tmp_path / "crmlab-course.json").write_text("{}")
    assert session.in_course()
    with pytest.raises(session.StudentDataError):
        crmlab.setup(student_id="s1")


def test_self_study_is_unchanged():
    shop = crmlab.setup(student_id="2024001", n_customers=200)
    assert shop.meta["seed"] == crmlab.student_seed("2024001")
    assert session.session_info()["source"] == "self-study"
    assert len(shop.truth) == 200


def test_sized_shops_have_their_own_file_name():
    assert ShopKey("lab").name == "lab" and ShopKey("lab", 5000).name == "lab"
    assert ShopKey("lab", 20000).name == "lab-20000"


def test_cli_student_data(course):
    import shutil

    from crmlab.cli import main

    shutil.copyfile(session.__file__.replace("crmlab/session.py", "assignments/nbgrader_config.py"),
                    course / "nbgrader_config.py")
    rc = main(["grade", "--root", str(course), "student-data", "--student", "a1", "--dataset", "classroom",
               "--no-progress"])
    assert rc == 0
    assert (course / "student_data" / "a1" / "classroom.sqlite").is_file()
    assert os.path.isfile(course / ".crmlab" / "course_secret")
