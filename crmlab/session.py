"""The notebook session: one line at the top of every lesson and lab.

>>> import crmlab
>>> shop = crmlab.setup()                         # the shipped classroom shop
>>> shop = crmlab.setup(student_id="2024001")     # a shop of your own (labs)

Where does a student's shop come from?
--------------------------------------
**In a course**, the instructor gives every student a data file of their own
(``crmlab grade student-data``): the public tables of a shop made from a secret only
the instructor holds, so nobody can rebuild another student's shop or the hidden
truth. :func:`setup` finds ``<dataset>.sqlite`` (``lab-20000.sqlite`` for a lab with
20,000 customers) in, in this order:

1. the folder ``$CRMLAB_DATA_DIR``;
2. ``crmlab-data/`` in the notebook's folder or one of its parents;
3. ``~/crmlab-data/``;

directly or in a sub-folder named after the student id. A course is recognised by
the environment variable ``CRMLAB_COURSE`` (set on the class server and while
grading) or by a ``crmlab-course.json`` file next to the notebook (written by
``crmlab grade release``): then a missing data file is an error that says what to do.

**For self-study** (no course), the shop is simulated from the student id
(:func:`crmlab.student_seed`); without an id it is the shipped dataset.

The session holds one shop per kernel (:func:`get_shop`), so the exercise checkers in
:mod:`crmlab.exercises` compute the expected answers from the same data as the student.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ._i18n import LOCALES, use_locale
from .datasets import dataset_recipe, load_dataset
from .errors import CRMLabError, InvalidArgumentError
from .validation import check_choice, student_seed

__all__ = ["setup", "get_shop", "session_info", "current_session", "reset", "find_student_data", "in_course",
           "data_dirs", "set_locale"]

ENV_STUDENT = "CRMLAB_STUDENT_ID"
ENV_DATA = "CRMLAB_DATA_DIR"
ENV_COURSE = "CRMLAB_COURSE"
COURSE_FILE = "crmlab-course.json"
_state: dict = {"shop": None, "info": None}


def set_locale(locale: str) -> None:
    """Set the language of messages, labels and exercise feedback.

    Parameters
    ----------
    locale : {"zh", "en"}
        ``"zh"`` for Simplified Chinese, ``"en"`` for English.

    Examples
    --------
    >>> import crmlab
    >>> crmlab.set_locale("en")
    >>> crmlab.get_locale()
    'en'
    >>> crmlab.set_locale("zh")
    """
    check_choice("locale", locale, LOCALES)
    use_locale(locale)


class StudentDataError(CRMLabError, FileNotFoundError):
    """In a course, the student's data file is missing or belongs to someone else."""


def _parents(start: Path, stop: Path | None = None):
    start = start.resolve()
    yield start
    for p in start.parents:
        yield p
        if stop is not None and p == stop:
            return


def in_course() -> bool:
    """Whether this notebook runs inside a course (so its data must come from the instructor)."""
    if os.environ.get(ENV_COURSE, "").strip():
        return True
    home = Path.home().resolve()
    return any((p / COURSE_FILE).is_file() for p in _parents(Path.cwd(), home))


def data_dirs() -> list[Path]:
    """The folders searched for a student's data files, in order."""
    out = []
    env = os.environ.get(ENV_DATA, "").strip()
    if env:
        out.append(Path(env).expanduser())
    home = Path.home()
    for p in _parents(Path.cwd(), home.resolve()):
        out.append(p / "crmlab-data")
    out.append(home / "crmlab-data")
    seen, unique = set(), []
    for p in out:
        key = str(p)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def _data_name(dataset: str, n_customers) -> str:
    recipe = dataset_recipe(dataset)
    if n_customers is None or int(n_customers) == recipe["n_customers"]:
        return dataset
    return f"{dataset}-{int(n_customers)}"


def _file_student(path: Path) -> str | None:
    """The student id recorded in a data file's metadata (None when unreadable)."""
    import sqlite3
    from urllib.parse import quote

    try:
        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        with sqlite3.connect(uri, uri=True) as con:
            row = con.execute("SELECT value FROM _crmlab_meta WHERE key = 'meta'").fetchone()
    except sqlite3.Error:
        return None
    if not row:
        return None
    try:
        meta = json.loads(row[0])
    except (TypeError, ValueError):
        return None
    sid = meta.get("student_id") if isinstance(meta, dict) else None
    return str(sid) if sid is not None else None


def find_student_data(student_id=None, dataset="classroom", n_customers=None) -> Path | None:
    """The data file of ``student_id`` (or of the only student found) for ``dataset``, or None.

    Raises
    ------
    StudentDataError
        When the files found belong to another student, or to several students and no
        id was given.
    """
    name = _data_name(dataset, n_customers)
    found = []
    for d in data_dirs():
        candidates = [d / f"{name}.sqlite"]
        if student_id is not None:
            candidates.append(d / str(student_id) / f"{name}.sqlite")
        elif d.is_dir():
            candidates += sorted(d.glob(f"*/{name}.sqlite"))
        for p in candidates:
            if p.is_file() and p not in found:
                found.append(p)
    if not found:
        return None
    owners = {p: _file_student(p) for p in found}
    if student_id is not None:
        for p, owner in owners.items():
            if owner == str(student_id):
                return p
        others = sorted({o for o in owners.values() if o})
        raise StudentDataError(
            f"找到的数据文件属于学号 {', '.join(others) or '（未知）'}，不是 {student_id}：{found[0]}。请检查学号，或向老师要你自己的数据文件。",
            f"The data files found belong to {', '.join(others) or '(unknown)'}, not to {student_id}: {found[0]}. "
            "Check your student id, or ask your instructor for your own data file.")
    students = sorted({o for o in owners.values() if o})
    if len(students) == 1:
        return next(p for p, o in owners.items() if o == students[0])
    raise StudentDataError(
        f"找到了多位学生的数据（{', '.join(students[:5])}…）：请在 crmlab.setup(student_id=...) 里写上你的学号。",
        f"Data of several students was found ({', '.join(students[:5])}...): put your id in "
        "crmlab.setup(student_id=...).")


def setup(student_id=None, locale=None, dataset="classroom", n_customers=None):
    """Start a notebook session: pick the shop (and the language) for this student.

    Parameters
    ----------
    student_id : str, optional
        The student's id (student number). In a course: whose data file to load (it
        may be left out when only your own data file is there). For self-study: the
        shop is simulated with ``crmlab.student_seed(student_id)``. Default: the
        environment variable ``CRMLAB_STUDENT_ID``.
    locale : {"zh", "en"}, optional
        Language of messages and exercise feedback (``crmlab.set_locale``). The data
        itself does not change with the language, so grades do not either.
    dataset : str, default="classroom"
        The shipped dataset used without an id, and the recipe (size, period, data
        language) of a student's own shop: ``"classroom"`` (500 customers) or
        ``"lab"`` (5,000).
    n_customers : int, optional
        Size of the student's shop; default: the size of ``dataset``.

    Returns
    -------
    Shop
        The session's shop; :func:`get_shop` returns the same object later.

    Raises
    ------
    StudentDataError
        In a course, when your data file is not found or is someone else's.

    Examples
    --------
    >>> import crmlab
    >>> shop = crmlab.setup(student_id="2024001", locale="en")
    >>> crmlab.get_shop() is shop
    True
    """
    if locale is not None:
        set_locale(locale)
    recipe = dataset_recipe(dataset)
    if student_id is None and os.environ.get(ENV_STUDENT, "").strip():
        student_id = os.environ[ENV_STUDENT].strip()
    if student_id is not None:
        student_id = str(student_id).strip()
        if not student_id:
            raise InvalidArgumentError("学号不能为空字符串；不填学号请传 None。",
                                       "The student id must not be empty; pass None for the shipped dataset.")
    if n_customers is not None and (isinstance(n_customers, bool) or not isinstance(n_customers, int)
                                    or n_customers < 1):
        raise InvalidArgumentError(f"n_customers 必须是正整数，但传入的是 {n_customers!r}。",
                                   f"n_customers must be a positive integer, but {n_customers!r} was passed.")
    grading = os.environ.get("CRMLAB_GRADING") == "1"
    course = in_course()
    path = find_student_data(None if grading else student_id, dataset, n_customers) if (course or student_id) \
        else None
    if path is not None:
        source, key = "course", ("file", str(path))
    elif course:
        name = _data_name(dataset, n_customers)
        where = ", ".join(str(d) for d in data_dirs()[:3])
        raise StudentDataError(
            f"这是一门课程的实训，但没有找到你的数据文件 {name}.sqlite。请把老师发给你的数据文件放进 crmlab-data 文件夹"
            f"（和笔记本同一个文件夹，或你的主目录下），然后重新运行。查找过：{where}",
            f"This lab belongs to a course, but your data file {name}.sqlite was not found. Put the data file your "
            f"instructor gave you into a crmlab-data folder (next to the notebook, or in your home folder) and run "
            f"again. Looked in: {where}")
    elif student_id is not None:
        source, key = "self-study", ("student", student_id, dataset, n_customers or recipe["n_customers"])
    else:
        source, key = "dataset", ("dataset", dataset)
    info = _state["info"]
    if info is not None and info["key"] == key and _state["shop"] is not None:
        return _state["shop"]

    if source == "course":
        from .shop import load_shop  # the shop and the simulator need pandas: loaded when a shop is made

        shop = load_shop(path)
        student_id = shop.meta.get("student_id", student_id)
        seed = None
    elif source == "dataset":
        shop = load_dataset(dataset)
        seed = shop.meta.get("seed")
    else:
        from .simulation import simulate  # pandas: loaded to make a shop

        seed = student_seed(student_id)
        recipe.update(random_state=seed)
        if n_customers is not None:
            recipe["n_customers"] = n_customers
        shop = simulate(**recipe)
    _state["shop"] = shop
    _state["info"] = {"key": key, "student_id": student_id, "source": source, "dataset": dataset,
                      "seed": seed, "n_customers": len(shop.customers),
                      "data_file": str(path) if path is not None else None}
    return shop


def get_shop():
    """The current session's shop (cached); starts a default session if there is none.

    Returns
    -------
    Shop
        The shop set by the last :func:`setup` call, or ``setup()``'s shop.
    """
    if _state["shop"] is None:
        return setup()
    return _state["shop"]


def current_session() -> dict | None:
    """What :func:`session_info` says, if a shop was set up; None otherwise (never loads a shop).

    Examples
    --------
    >>> from crmlab.session import current_session, reset
    >>> reset()
    >>> current_session() is None
    True
    """
    info = _state["info"]
    return None if info is None else {k: v for k, v in info.items() if k != "key"}


def session_info() -> dict:
    """Who and what this session is about.

    Returns
    -------
    dict
        ``student_id`` (or None), ``source`` of the shop (``"course"``: the
        instructor's data file, ``"self-study"``: simulated from the id,
        ``"dataset"``: the shipped dataset), ``dataset``, ``seed`` (None in a course),
        ``n_customers`` and ``data_file``.
    """
    get_shop()
    return {k: v for k, v in _state["info"].items() if k != "key"}


def reset() -> None:
    """Forget the session's shop (tests and notebooks that switch students)."""
    _state["shop"] = None
    _state["info"] = None
