"""Each student's shop in a course: derived from a secret only the instructor holds.

Outside a course, a student's shop comes from :func:`crmlab.student_seed`, a public
function of the student id: anyone can rebuild it, hidden truth included. That is
right for self-study and wrong for graded work. In a course:

- ``crmlab grade student-data`` creates the **course secret** (32 random bytes in
  ``<course>/.crmlab/course_secret``, mode 0600) the first time it runs;
- each student's shop is simulated with the seed ``HMAC-SHA256(secret, dataset, id)``;
  without the secret nobody can compute it, so nobody can rebuild the truth;
- the student receives a data file with the **public tables only** (the hidden truth
  tables are empty and the metadata holds no seed): ``<course>/student_data/<id>/<key>.sqlite``,
  handed out through the LMS or copied to ``~/crmlab-data/`` on the class server;
- the grader rebuilds the whole shop, truth included, in its own process
  (:func:`student_shop`) and gives the sandboxed grading kernel the public file only.

A course folder without a secret grades in **open mode** (shops from the public
``student_seed``, as for self-study), and says so in every summary.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from ..datasets import dataset_recipe
from ..errors import CRMLabError
from ..validation import student_seed

__all__ = ["SECRET_PATH", "DATA_DIR", "ShopKey", "course_secret", "has_secret", "course_seed", "exam_seed", "student_shop",
           "graded_shop", "public_shop", "write_public_file", "write_student_data"]

SECRET_PATH = Path(".crmlab") / "course_secret"
DATA_DIR = "student_data"


class ShopKey(tuple):
    """Which shop a lab uses: ``(dataset, n_customers or None)``; ``.name`` is its file stem."""

    def __new__(cls, dataset: str = "classroom", n_customers=None):
        recipe = dataset_recipe(dataset)
        if n_customers is not None and int(n_customers) == recipe["n_customers"]:
            n_customers = None
        return super().__new__(cls, (dataset, None if n_customers is None else int(n_customers)))

    @property
    def dataset(self) -> str:
        return self[0]

    @property
    def n_customers(self):
        return self[1]

    @property
    def name(self) -> str:
        return self.dataset if self.n_customers is None else f"{self.dataset}-{self.n_customers}"


def _secret_file(root) -> Path:
    return Path(root) / SECRET_PATH


def has_secret(root) -> bool:
    """Whether the course folder ``root`` has a course secret (course mode)."""
    return _secret_file(root).is_file()


def course_secret(root, *, create: bool = False) -> bytes | None:
    """The course secret of ``root`` (``None`` in open mode unless ``create``).

    Parameters
    ----------
    root : path
        The nbgrader course folder.
    create : bool, default=False
        Make a new secret (mode 0600, in a folder of mode 0700) when there is none.
    """
    path = _secret_file(root)
    if path.is_file():
        text = path.read_text(encoding="ascii").strip()
        try:
            value = bytes.fromhex(text)
        except ValueError:
            value = b""
        if len(value) < 16:
            raise CRMLabError(f"课程密钥文件 {path} 已损坏（应为 64 个十六进制字符）。请从备份恢复；不要新建，否则学生的数据会全部改变。",
                              f"The course secret {path} is damaged (it should hold 64 hex digits). Restore it from "
                              "a backup; do not make a new one, or every student's data changes.")
        return value
    if not create:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secrets.token_hex(32) + "\n")
    return course_secret(root)


def course_seed(secret: bytes, student_id: str, dataset: str) -> int:
    """The simulation seed of ``student_id``'s ``dataset`` shop in the course of ``secret``."""
    mac = hmac.new(secret, f"crmlab-shop\0{dataset}\0{student_id}".encode(), hashlib.sha256).digest()
    return int.from_bytes(mac[:8], "big") >> 1


def exam_seed(secret: bytes, student_id: str, assignment: str) -> int:
    """The seed of ``student_id``'s paper of the exam ``assignment`` in the course of ``secret``.

    Separate from the shop seeds (another HMAC message), so a paper tells nothing
    about a shop and the other way round; without the secret nobody can compute it.
    """
    mac = hmac.new(secret, f"crmlab-exam\0{assignment}\0{student_id}".encode(), hashlib.sha256).digest()
    return int.from_bytes(mac[:8], "big") >> 1


def _recipe(key: ShopKey) -> dict:
    recipe = dataset_recipe(key.dataset)
    if key.n_customers is not None:
        recipe["n_customers"] = key.n_customers
    return recipe


def _student_recipe(root, student_id: str, key: ShopKey, secret) -> dict:
    recipe = _recipe(key)
    recipe["random_state"] = course_seed(secret, student_id, key.dataset) if secret else student_seed(student_id)
    return recipe


def student_shop(root, student_id: str, key: ShopKey | str = "classroom", *, secret=...):
    """The whole shop of ``student_id`` (hidden truth included): for the grader only.

    Parameters
    ----------
    root : path
        The course folder (for its secret).
    student_id : str
        The id nbgrader grades.
    key : ShopKey or str
        The dataset (and size) the lab uses.
    secret : bytes or None, optional
        The course secret if already read; ``None`` means open mode.
    """
    from ..simulation import simulate  # the simulator needs pandas: loaded to make a shop

    key = key if isinstance(key, ShopKey) else ShopKey(key)
    if secret is ...:
        secret = course_secret(root)
    shop = simulate(**_student_recipe(root, student_id, key, secret), progress=False)
    shop.meta.update(student_id=str(student_id), dataset=key.dataset, course_mode=bool(secret))
    return shop


def graded_shop(root, student_id: str, key: ShopKey | str = "classroom", *, secret=..., cache=None):
    """``student_id``'s whole shop and the bytes of their public file, made once per ``cache``.

    Parameters
    ----------
    root, student_id, key, secret
        As for :func:`student_shop`.
    cache : ShopCache, optional
        Where made shops are kept (:mod:`crmlab.grading.shopcache`); None: made every time.

    Returns
    -------
    tuple
        ``(shop, public_bytes)``: the shop with its hidden truth, and the SQLite file the
        student receives (:func:`write_public_file`), as bytes.
    """
    import tempfile

    key = key if isinstance(key, ShopKey) else ShopKey(key)
    if secret is ...:
        secret = course_secret(root)
    entry = None
    if cache is not None:
        entry = cache.key(student=str(student_id), recipe=_student_recipe(root, student_id, key, secret),
                          dataset=key.dataset, course_mode=bool(secret))
        found = cache.get(entry)
        if found is not None:
            return found
    shop = student_shop(root, student_id, key, secret=secret)
    with tempfile.TemporaryDirectory(prefix="crmlab-public-") as tmp:
        public = write_public_file(shop, Path(tmp) / "public.sqlite").read_bytes()
    if cache is not None:
        cache.put(entry, shop, public)
    return shop, public


def public_shop(shop):
    """The same shop without what a student must not have: empty truth tables, no seed."""
    from ..shop import Shop  # pandas: loaded with a shop

    tables = {name: (getattr(shop, name).iloc[0:0].copy() if name in shop.hidden_tables else getattr(shop, name))
              for name in shop.tables}
    meta = {k: v for k, v in shop.meta.items() if k != "seed"}
    meta["public"] = True
    return Shop(tables, meta=meta, validate=False)


def write_public_file(shop, path) -> Path:
    """Write the public part of ``shop`` as one SQLite file (what the student gets)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return public_shop(shop).to_sqlite(path, overwrite=True)


def _write_bytes(path: Path, data: bytes) -> None:
    """Write the public file ``data`` to ``path`` atomically (a student never gets half a file), replacing a
    crmlab shop there but nothing else, as :func:`write_public_file` does."""
    from ..io import check_output_path  # pandas: loaded with a shop

    path.parent.mkdir(parents=True, exist_ok=True)
    check_output_path(path, True, "sqlite")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_student_data(root, students, *, keys, out=None, progress=True, cache=None) -> dict:
    """Write every student's public data files: ``<out>/<student>/<key>.sqlite``.

    Creates the course secret if the course has none (this is the step that puts a
    course in course mode: do it before students start the labs).

    Parameters
    ----------
    root : path
        The course folder.
    students : iterable of str
        Student ids (the roster).
    keys : list of ShopKey
        Which shops: every shop the course's labs use is
        :func:`crmlab.grading.trusted.course_shop_keys`.
    out : path, optional
        Default ``<root>/student_data``.
    progress : bool, default=True
        A tqdm bar with counts and ETA.
    cache : ShopCache, optional
        Keep each whole shop for the grader (:func:`graded_shop`), which then need not make it again.

    Returns
    -------
    dict
        ``{student_id: folder}``.
    """
    root = Path(root)
    secret = course_secret(root, create=True)
    keys = list(keys)
    out = Path(out) if out is not None else root / DATA_DIR
    students = [str(s) for s in students]
    done = {}
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(students) * len(keys), unit="shop", desc="student data / 学生数据")
    try:
        for sid in students:
            folder = out / sid
            for key in keys:
                _, public = graded_shop(root, sid, key, secret=secret, cache=cache)
                _write_bytes(folder / f"{key.name}.sqlite", public)
                if bar is not None:
                    bar.update(1)
            done[sid] = folder
    finally:
        if bar is not None:
            bar.close()
    return done
