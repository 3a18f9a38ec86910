"""The grader's shop cache (crmlab.grading.shopcache): the same shop and public file as made afresh, made once,
never read from a folder or file someone else could have written, never stale after the simulator changes."""

from __future__ import annotations

import os
import pickle
import stat

import pytest

from crmlab.grading import coursedata, shopcache
from crmlab.grading.coursedata import ShopKey, course_secret, graded_shop, student_shop, write_student_data
from crmlab.grading.shopcache import ShopCache, UnsafeCacheError, cache_from_setting


@pytest.fixture
def cache(tmp_path):
    return ShopCache(tmp_path / "cache")


@pytest.fixture
def count_simulations(monkeypatch):
    made = []
    real = coursedata.student_shop

    def counting(*args, **kwargs):
        made.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(coursedata, "student_shop", counting)
    return made


def _public_bytes(shop, tmp_path):
    return coursedata.write_public_file(shop, tmp_path / "fresh.sqlite").read_bytes()


def test_a_cached_shop_is_the_shop_made_afresh_and_is_made_once(cache, count_simulations, tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    secret = course_secret(course, create=True)
    first = graded_shop(course, "s1", "classroom", cache=cache)
    again = graded_shop(course, "s1", "classroom", cache=cache)
    assert count_simulations == ["s1"]
    fresh = student_shop(course, "s1", ShopKey("classroom"), secret=secret)
    assert again[0] == fresh and again[0].meta == fresh.meta
    assert again[0].truth.equals(fresh.truth)
    assert again[1] == first[1] == _public_bytes(fresh, tmp_path)
    assert again[0] is not first[0]  # a check may not change the next student's shop


def test_each_student_dataset_and_secret_is_its_own_entry(cache, count_simulations, tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    graded_shop(course, "s1", "classroom", secret=None, cache=cache)
    graded_shop(course, "s2", "classroom", secret=None, cache=cache)
    graded_shop(course, "s1", ShopKey("classroom", 300), secret=None, cache=cache)
    graded_shop(course, "s1", "classroom", secret=b"k" * 32, cache=cache)
    assert count_simulations == ["s1", "s2", "s1", "s1"]
    shop, _ = graded_shop(course, "s1", "classroom", secret=b"k" * 32, cache=cache)
    assert shop.meta["course_mode"] is True and len(count_simulations) == 4


def test_a_changed_simulator_never_reads_an_old_entry(cache, count_simulations, tmp_path, monkeypatch):
    graded_shop(tmp_path, "s1", "classroom", secret=None, cache=cache)
    monkeypatch.setattr(shopcache, "_digest", "another version of crmlab")
    graded_shop(tmp_path, "s1", "classroom", secret=None, cache=cache)
    assert count_simulations == ["s1", "s1"]


def test_the_code_digest_covers_the_simulator_and_the_recipes():
    shopcache._digest = None
    seen = {p.name for p in shopcache._PACKAGE.rglob("*.py")}
    assert {"simulation.py", "datasets.py", "io.py", "schema.py"} <= seen
    assert len(shopcache.code_digest()) == 64 and shopcache.code_digest() == shopcache.code_digest()


def test_the_folder_is_made_private(tmp_path):
    ShopCache(tmp_path / "new" / "cache")
    assert stat.S_IMODE((tmp_path / "new" / "cache").stat().st_mode) == 0o700


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o755, 0o701])
def test_a_folder_others_can_enter_or_write_is_refused_with_the_fix(tmp_path, mode):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(mode)
    with pytest.raises(UnsafeCacheError) as err:
        ShopCache(folder)
    assert f"chmod 700 {folder}" in str(err.value) and "商店缓存" in str(err.value)


def test_a_symlinked_folder_is_refused(tmp_path):
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(real)
    with pytest.raises(UnsafeCacheError):
        ShopCache(tmp_path / "link")


def test_an_entry_others_could_write_is_never_unpickled(cache, tmp_path):
    """A planted pickle runs code when read: a group- or world-writable entry is refused, not loaded."""
    shop, public = graded_shop(tmp_path, "s1", "classroom", secret=None, cache=cache)
    key = cache.key(student="s1", recipe=coursedata._student_recipe(tmp_path, "s1", ShopKey("classroom"), None),
                    dataset="classroom", course_mode=False)
    entry = cache.folder / f"{key}.pickle"
    assert entry.is_file()

    class Planted:
        def __reduce__(self):
            return (os.system, (f"touch {tmp_path / 'pwned'}",))

    entry.write_bytes(pickle.dumps(Planted()))
    entry.chmod(0o666)
    with pytest.raises(UnsafeCacheError, match="rm "):
        graded_shop(tmp_path, "s1", "classroom", secret=None, cache=cache)
    assert not (tmp_path / "pwned").exists()


def test_a_symlinked_entry_is_not_followed(cache, tmp_path, count_simulations):
    graded_shop(tmp_path, "s1", "classroom", secret=None, cache=cache)
    (entry,) = cache.folder.glob("*.pickle")
    target = tmp_path / "elsewhere.pickle"
    os.replace(entry, target)
    entry.symlink_to(target)
    graded_shop(tmp_path, "s1", "classroom", secret=None, cache=cache)
    assert count_simulations == ["s1", "s1"] and not entry.is_symlink()


def test_a_damaged_entry_is_made_again(cache, tmp_path, count_simulations):
    graded_shop(tmp_path, "s1", "classroom", secret=None, cache=cache)
    (entry,) = cache.folder.glob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:1000])
    shop, _ = graded_shop(tmp_path, "s1", "classroom", secret=None, cache=cache)
    assert count_simulations == ["s1", "s1"] and shop.meta["student_id"] == "s1"
    assert [p.name for p in cache.folder.iterdir()] == [entry.name]  # no temporary file left behind


def test_the_setting_wins_over_the_environment_and_unset_means_no_cache(tmp_path, monkeypatch):
    monkeypatch.delenv(shopcache.ENV, raising=False)
    assert cache_from_setting("") is None and cache_from_setting(None) is None
    monkeypatch.setenv(shopcache.ENV, str(tmp_path / "env"))
    assert cache_from_setting(None).folder == tmp_path / "env"
    assert cache_from_setting(str(tmp_path / "cfg")).folder == tmp_path / "cfg"


def test_student_data_fills_the_cache_the_grader_reads(tmp_path, cache, count_simulations):
    course = tmp_path / "course"
    course.mkdir()
    done = write_student_data(course, ["s1", "s2"], keys=[ShopKey("classroom")], progress=False, cache=cache)
    assert count_simulations == ["s1", "s2"]
    shop, public = graded_shop(course, "s2", "classroom", cache=cache)
    assert count_simulations == ["s1", "s2"] and shop.meta["student_id"] == "s2"
    assert (done["s2"] / "classroom.sqlite").read_bytes() == public
    assert not list(done["s2"].glob(".*"))  # written whole, no temporary file left


def test_student_data_never_replaces_a_file_that_is_not_a_shop(tmp_path, cache):
    """As before the cache: a student's data file replaces an earlier crmlab shop, never something else."""
    from crmlab.errors import OutputPathError

    course = tmp_path / "course"
    course.mkdir()
    write_student_data(course, ["s1"], keys=[ShopKey("classroom")], progress=False, cache=cache)
    write_student_data(course, ["s1"], keys=[ShopKey("classroom")], progress=False, cache=cache)  # a shop: replaced
    other = course / "student_data" / "s2" / "classroom.sqlite"
    other.parent.mkdir(parents=True)
    other.write_text("the instructor's notes")
    with pytest.raises(OutputPathError):
        write_student_data(course, ["s2"], keys=[ShopKey("classroom")], progress=False, cache=cache)
    assert other.read_text() == "the instructor's notes"
