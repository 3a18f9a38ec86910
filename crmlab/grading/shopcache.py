"""A private folder of graded shops: each student's whole shop and public file, made once.

Before a notebook is graded, the grader simulates the student's whole shop (the
trusted checks need its hidden truth) and writes the public file the kernel reads.
That is most of the grader's own work per notebook (about 0.8 s of CPU for a
5,000-customer shop, 2 s for 20,000), and the same shop is made again and again:
by ``crmlab grade student-data``, by every lab that uses the same dataset, by every
regrade. With a cache folder set, each is made once and then read back (about 0.01 s).

Setting: the environment variable ``CRMLAB_SHOP_CACHE`` or, in nbgrader_config.py,
``c.CRMLabGrading.shop_cache = "/path/to/folder"`` (the configuration wins). Unset:
no cache. Each student takes about the size of their public file twice (2 MB for the
500-customer shop, 18 MB for 5,000 customers, 70 MB for 20,000).

Why it is safe:

- An entry is named by a SHA-256 of the student, the simulation recipe and seed,
  and the source of every crmlab module: a changed simulator makes new entries,
  never reads old ones.
- Entries are pickles, and a pickle runs code when read: the folder must belong to
  the grader and be private (mode 0700; it is made so), and each entry must belong
  to the grader and be writable by nobody else. Otherwise the cache is refused with
  an error that says how to fix it.
- The folder holds hidden truth: keep it outside anything students can read. The
  grading sandbox shows kernels only the Python environment and crmlab's own files.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import stat
import tempfile
from pathlib import Path

from ..errors import CRMLabError

__all__ = ["ENV", "ShopCache", "UnsafeCacheError", "cache_from_setting", "course_cache", "code_digest"]

ENV = "CRMLAB_SHOP_CACHE"
_PACKAGE = Path(__file__).resolve().parents[1]
_digest: str | None = None


class UnsafeCacheError(CRMLabError):
    """The shop cache folder or one of its entries could be written by someone else."""


def code_digest() -> str:
    """SHA-256 over the names and bytes of every ``.py`` file of the crmlab package (once per process)."""
    global _digest
    if _digest is None:
        h = hashlib.sha256()
        for p in sorted(_PACKAGE.rglob("*.py")):
            h.update(str(p.relative_to(_PACKAGE)).encode())
            h.update(b"\0")
            h.update(p.read_bytes())
            h.update(b"\0")
        _digest = h.hexdigest()
    return _digest


def _private(st: os.stat_result, what: Path, *, folder: bool) -> None:
    kind = stat.S_ISDIR(st.st_mode) if folder else stat.S_ISREG(st.st_mode)
    mask = 0o077 if folder else 0o022
    if kind and st.st_uid == os.getuid() and not st.st_mode & mask:
        return
    fix = f"chmod 700 {what}" if folder else f"rm {what}"
    raise UnsafeCacheError(
        f"商店缓存 {what} 不安全：必须属于评分者本人（uid {os.getuid()}）且他人不可写。请运行 `{fix}`，或换一个私有文件夹。",
        f"The shop cache {what} is not safe: it must belong to the grader (uid {os.getuid()}) and be writable by nobody "
        f"else. Run `{fix}`, or choose a private folder.",
    )


class ShopCache:
    """Graded shops in a private folder: ``get`` what was ``put`` for the same key.

    Parameters
    ----------
    folder : path
        Made with mode 0700 if missing; an existing folder must already be private.
    """

    def __init__(self, folder):
        self.folder = Path(folder).expanduser().absolute()
        try:
            self.folder.mkdir(mode=0o700, parents=True)
        except FileExistsError:
            pass
        _private(os.lstat(self.folder), self.folder, folder=True)

    @staticmethod
    def key(**parts) -> str:
        """The entry name of ``parts`` (JSON values) under the current crmlab source."""
        text = json.dumps({"code": code_digest(), **parts}, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.pickle"

    def get(self, key: str):
        """``(shop, public file bytes)`` stored under ``key``, or None."""
        path = self._path(key)
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:  # no entry yet (or a symlink, which is never followed)
            return None
        with os.fdopen(fd, "rb") as fh:
            _private(os.fstat(fh.fileno()), path, folder=False)
            try:
                shop, public = pickle.load(fh)
            except Exception:  # a truncated or foreign entry: made again
                return None
        return shop, public

    def put(self, key: str, shop, public: bytes) -> None:
        """Store ``(shop, public)`` under ``key`` atomically (a reader never sees half an entry)."""
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((shop, public), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self._path(key))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def cache_from_setting(setting: str | None = None) -> ShopCache | None:
    """The cache at ``setting`` (a folder), else at ``$CRMLAB_SHOP_CACHE``, else None."""
    folder = setting or os.environ.get(ENV, "")
    return ShopCache(folder) if folder.strip() else None


def course_cache(cfg) -> ShopCache | None:
    """The cache a course's configuration (a traitlets Config) names, else ``$CRMLAB_SHOP_CACHE``, else None."""
    return cache_from_setting(cfg.get("CRMLabGrading", {}).get("shop_cache") or None)
