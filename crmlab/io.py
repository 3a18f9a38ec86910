"""Reading and writing shops: SQLite, Parquet and CSV, all round-trip exact.

Writes never lose anything:

* everything goes to a hidden temporary file or folder beside the target
  (``.<name>.crmlab-tmp-<pid>-<random>``), which replaces the target only once
  complete, so a failed or interrupted write leaves nothing half written and an
  older shop at the same path intact;
* an existing path is replaced only with ``overwrite=True``, and only when it is a
  crmlab shop (recognised by its metadata) or an empty folder; anything else is
  refused with a message that names it;
* SIGTERM and SIGINT during a write remove the temporary files before the process
  stops; temporary files of a run killed outright (SIGKILL, power cut) are swept by
  the next write to the same place;
* files and folders are created with the permissions the umask allows, like any
  other program's (``0o666 & ~umask``, folders ``0o777 & ~umask``).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import sqlite3
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InvalidArgumentError, OutputPathError, SchemaError, ShopFileError
from .schema import SQL_TYPES, TABLE_NAMES, TABLES, coerce_table, get_table, validate_table
from .validation import check_bool, check_choice, check_path

FORMAT_VERSION = 1
META_TABLE = "_crmlab_meta"
META_FILE = "crmlab.json"
SQLITE_MAGIC = b"SQLite format 3\x00"
#: File name endings of a SQLite shop; the CLI picks the format from them.
SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")
FOLDER_FORMATS = ("parquet", "csv")
# Insert order that satisfies the foreign keys (referenced tables first).
INSERT_ORDER = ("customers", "products", "campaigns", "orders", "order_items", "shipments", "reviews",
                "service_tickets", "complaints", "surveys", "campaign_assignments", "points_ledger", "calls",
                "staffing", "truth", "campaign_truth", "affinity_truth",
                "chats", "refunds", "care_messages", "review_handling", "dsr_scores", "followups", "word_of_mouth",
                "effect_truth", "followup_truth")
assert sorted(INSERT_ORDER) == sorted(TABLE_NAMES)
# Hidden names beside the target: a write in progress, and a replaced folder on its way out.
TMP_TAG = ".crmlab-tmp-"
OLD_TAG = ".crmlab-old-"
STALE_AFTER = 24 * 3600.0  # seconds: older leftovers are swept even if their pid is alive (reused)
# Python 3.11 can load a database from bytes where its SQLite allows (SQLITE_OMIT_DESERIALIZE unset).
CAN_DESERIALIZE = hasattr(sqlite3.Connection, "deserialize")


# -- what is at a path --------------------------------------------------------------------
def sqlite_uri(path: Path, mode: str = "ro") -> str:
    """A ``file:`` URI for SQLite with the path percent-escaped (``#``, ``?``, ``%``, spaces, CJK).

    Parameters
    ----------
    path : str or Path
        The database file.
    mode : {"ro", "rw", "rwc"}, default="ro"
        SQLite's open mode (read-only by default).

    Returns
    -------
    str
        A URI for ``sqlite3.connect(uri, uri=True)``.

    Examples
    --------
    >>> sqlite_uri("/tmp/a shop#1.sqlite")
    'file:///tmp/a%20shop%231.sqlite?mode=ro'
    """
    return f"{Path(os.path.abspath(path)).as_uri()}?mode={mode}"


def _sqlite_meta(path: Path) -> dict | None:
    """The metadata rows of a crmlab SQLite shop, or None if ``path`` is not one."""
    try:
        with open(path, "rb") as fh:
            if fh.read(16) != SQLITE_MAGIC:
                return None
        con = sqlite3.connect(sqlite_uri(path), uri=True)
    except (OSError, sqlite3.Error):
        return None
    try:
        rows = dict(con.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())
    except (sqlite3.Error, ValueError, TypeError):
        return None
    finally:
        con.close()
    return rows if "format_version" in rows else None


def _folder_shop_files(path: Path) -> list[str] | None:
    """The entries of a crmlab shop folder, or None if ``path`` is not one.

    A shop folder has a ``crmlab.json`` with a format version, and nothing but that
    and one file per table: a folder where the user added their own files is not
    crmlab's to delete.
    """
    try:
        info = json.loads((path / META_FILE).read_text(encoding="utf-8"))
        names = [p.name for p in path.iterdir()]
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict) or "format_version" not in info:
        return None
    known = {META_FILE} | {f"{t}.{fmt}" for t in TABLE_NAMES for fmt in FOLDER_FORMATS}
    if any(n not in known or not (path / n).is_file() or (path / n).is_symlink() for n in names):
        return None
    return names


def _what_is(path: Path) -> str:
    """``"sqlite_shop"``, ``"folder_shop"``, ``"empty_folder"`` or ``"other"`` (anything else)."""
    if path.is_symlink():
        return "other"
    if path.is_dir():
        try:
            if not any(path.iterdir()):
                return "empty_folder"
        except OSError:
            return "other"
        return "folder_shop" if _folder_shop_files(path) is not None else "other"
    if path.is_file():
        return "sqlite_shop" if _sqlite_meta(path) is not None else "other"
    return "other"


# -- stale leftovers ----------------------------------------------------------------------
def _pid_alive(pid: int) -> bool:
    if pid == os.getpid() or not hasattr(os, "kill"):
        return True  # where processes cannot be asked about (the browser), only age counts
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or we cannot tell: keep its files
    return True


def _remove(p: Path) -> None:
    """Delete our own temporary file or folder (never called on a user's path)."""
    try:
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
    except OSError:
        pass


def _remove_old_shop(old: Path) -> None:
    """Delete a replaced shop: its known files only, so that nothing else can be lost."""
    try:
        if old.is_dir() and not old.is_symlink():
            for name in _folder_shop_files(old) or []:
                (old / name).unlink(missing_ok=True)
            old.rmdir()  # fails, and keeps the folder, if something else is in it
        else:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def _sweep_stale(path: Path) -> list[Path]:
    """Remove what killed writes to ``path`` left behind; return what was handled.

    A leftover is stale when the process named in it is gone, or when it is more
    than a day old. A replaced shop (``.crmlab-old-``) whose replacement never
    arrived is put back at ``path`` rather than deleted.
    """
    handled = []
    parent = path.parent
    try:
        entries = list(parent.iterdir())
    except OSError:
        return handled
    for tag in (OLD_TAG, TMP_TAG):
        prefix = f".{path.name}{tag}"
        for p in entries:
            if not p.name.startswith(prefix):
                continue
            pid_text = p.name[len(prefix):].split("-", 1)[0]
            try:
                pid, age = int(pid_text), time.time() - p.lstat().st_mtime
            except (ValueError, OSError):
                continue
            if _pid_alive(pid) and age < STALE_AFTER:
                continue
            if tag == OLD_TAG:
                if not os.path.lexists(path):
                    with contextlib.suppress(OSError):
                        os.replace(p, path)
                        handled.append(p)
                        continue
                _remove_old_shop(p)
            else:
                _remove(p)
            handled.append(p)
    return handled


def _hidden_name(path: Path, tag: str) -> Path:
    return path.with_name(f".{path.name}{tag}{os.getpid()}-{secrets.token_hex(4)}")


# -- signals --------------------------------------------------------------------------------
class _Terminated(BaseException):
    """Raised by our handler when a signal whose default action is to stop the process arrives."""

    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum


_SIGNALS = tuple(getattr(signal, n) for n in ("SIGINT", "SIGTERM") if hasattr(signal, n))


@contextlib.contextmanager
def _signals_unwind():
    """While a write runs, let SIGTERM and SIGINT unwind the stack so temporary files go.

    Installed only in the main thread and only for the write; the previous handlers
    are restored after it. A Python handler that was there (SIGINT's
    KeyboardInterrupt) is called as before; a signal whose action was the default
    (stop the process) raises inside the write, and once the write has cleaned up
    the signal is delivered again with its default action, so the process still
    stops as the sender meant. Ignored signals stay ignored.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}

    def handler(signum, frame):
        prev = previous.get(signum)
        if callable(prev):
            prev(signum, frame)
            return
        raise _Terminated(signum)

    for sig in _SIGNALS:
        try:
            prev = signal.getsignal(sig)
            if prev is signal.SIG_IGN or prev is None:
                continue
            signal.signal(sig, handler)
        except (ValueError, OSError, RuntimeError):  # a platform without these signals (the browser)
            continue
        previous[sig] = prev
    try:
        yield
    except _Terminated as exc:
        for sig, prev in previous.items():
            signal.signal(sig, prev)
        previous.clear()
        signal.signal(exc.signum, signal.SIG_DFL)
        os.kill(os.getpid(), exc.signum)
        raise SystemExit(128 + exc.signum) from None  # only if the signal could not stop us
    finally:
        for sig, prev in previous.items():
            signal.signal(sig, prev)


@contextlib.contextmanager
def _signals_blocked():
    """Hold SIGINT and SIGTERM back for a few system calls that must not be split."""
    old = None
    if hasattr(signal, "pthread_sigmask") and _SIGNALS:
        with contextlib.suppress(OSError, ValueError):
            old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        if old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)


# -- atomic output ----------------------------------------------------------------------
def check_output_path(path, overwrite: bool, fmt: str | None = None) -> Path:
    """Check that ``path`` may be written, before any work is done; return it as a Path.

    Stale leftovers of killed writes to ``path`` are swept first. An existing path
    needs ``overwrite`` and must be a crmlab shop or an empty folder.

    Parameters
    ----------
    path : str or Path
        Where a shop will be written.
    overwrite : bool
        Whether an existing crmlab shop (or empty folder) at ``path`` may be replaced.
    fmt : {"sqlite", "parquet", "csv"}, optional
        The format to be written, to check the file name's ending.

    Returns
    -------
    Path
        ``path``, ready to be written.

    Raises
    ------
    OutputPathError
        ``path`` cannot or must not be written (the message says why).

    Examples
    --------
    >>> import os, tempfile
    >>> check_output_path(os.path.join(tempfile.mkdtemp(), "shop.sqlite"), False, "sqlite").name
    'shop.sqlite'
    """
    path = check_path("path", path)
    overwrite = check_bool("overwrite", overwrite)
    if path.name in ("", ".", ".."):
        raise OutputPathError(f"{path} 不是一个文件名。请给出文件或目录的名字，例如 shop.sqlite。",
                              f"{path} is not a file name. Name a file or folder, e.g. shop.sqlite.")
    if fmt is not None:
        _check_suffix(path, fmt)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputPathError(f"目录 {parent} 不存在。请先创建它（mkdir -p {parent}）或换一个路径。",
                              f"Folder {parent} does not exist. Create it first (mkdir -p {parent}) or choose another path.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputPathError(f"没有写入 {parent} 的权限。请换一个可写的目录。",
                              f"No permission to write in {parent}. Choose a folder you can write to.")
    _sweep_stale(path)
    if os.path.lexists(path):
        if not overwrite:
            raise OutputPathError(
                f"{path} 已存在。请换一个路径；若它是要替换的 crmlab 商店，请使用 overwrite=True（命令行 --overwrite）。",
                f"{path} already exists. Choose another path, or pass overwrite=True (--overwrite) to replace it "
                "if it is a crmlab shop.")
        if _what_is(path) == "other":
            kind_zh, kind_en = ("目录", "folder") if path.is_dir() and not path.is_symlink() else ("文件", "file")
            raise OutputPathError(
                f"{path} 已存在，而且不是 crmlab 商店（也不是空目录），crmlab 不会覆盖或删除这个{kind_zh}。"
                "请换一个输出路径；如果确实不再需要它，请自己移走或删除它。",
                f"{path} exists and is not a crmlab shop (nor an empty folder), so crmlab will not replace or delete "
                f"this {kind_en}. Choose another output path, or move or delete it yourself if you no longer need it.")
    return path


def _check_suffix(path: Path, fmt: str) -> None:
    """Refuse a name whose ending says another format (``shop.sqlite`` as a Parquet folder)."""
    suffix = path.suffix.lower()
    if fmt == "sqlite" and suffix in (".parquet", ".csv"):
        raise OutputPathError(
            f"{path} 的扩展名 {suffix} 与 SQLite 格式不符。请使用 .sqlite 结尾的文件名。",
            f"The ending {suffix} of {path} does not fit the SQLite format. Use a name ending in .sqlite.")
    if fmt in FOLDER_FORMATS and suffix in SQLITE_SUFFIXES + tuple(f".{f}" for f in FOLDER_FORMATS if f != fmt):
        raise OutputPathError(
            f"{path} 的扩展名 {suffix} 与 {fmt} 格式（一个目录）不符。请换一个目录名，例如 shop_{fmt}。",
            f"The ending {suffix} of {path} does not fit the {fmt} format (a folder). Use a folder name such as "
            f"shop_{fmt}.")


def _replace(tmp: Path, path: Path) -> None:
    """Move the finished ``tmp`` onto ``path`` (checked by :func:`check_output_path` to be replaceable)."""
    if os.path.lexists(path) and (tmp.is_dir() or (path.is_dir() and not path.is_symlink())):
        if _what_is(path) == "other":  # it changed since the check: never delete it
            raise OutputPathError(f"{path} 在写入期间被改动，已不再是 crmlab 商店；新数据留在 {tmp}。",
                                  f"{path} changed during the write and is no longer a crmlab shop; "
                                  f"the new data stay in {tmp}.")
        old = _hidden_name(path, OLD_TAG)
        with _signals_blocked():  # the swap must not be split by Ctrl-C or SIGTERM
            os.replace(path, old)
            os.replace(tmp, path)
            _remove_old_shop(old)
    else:
        os.replace(tmp, path)


@contextlib.contextmanager
def _atomic_output(path: Path, *, folder: bool):
    """Yield a fresh hidden temporary file or folder beside ``path``; move it there on success.

    On any error, Ctrl-C or SIGTERM the temporary is removed and ``path`` is untouched.
    """
    with _signals_unwind():
        tmp = _hidden_name(path, TMP_TAG)
        try:
            if folder:
                os.mkdir(tmp, 0o777)  # the umask applies
            else:
                os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            yield tmp
            _replace(tmp, path)
        except BaseException:
            _remove(tmp)
            raise


# -- value conversion for SQLite and CSV ----------------------------------------------------
def _sql_values(df: pd.DataFrame, table) -> list[tuple]:
    """The rows of ``df`` as tuples of Python values SQLite binds (missing: None, times as text).

    Column by column with numpy (``tolist`` makes Python numbers, ``datetime_as_string`` the
    text): a 20,000-customer shop has half a million rows, and element-wise pandas
    conversions were most of the time of writing it.
    """
    cols = [_sql_column(df[col.name], col.type) for col in table.columns]
    return list(zip(*cols, strict=True)) if cols and len(df) else []


def _sql_column(s: pd.Series, kind: str) -> list:
    if kind == "datetime":
        values = s.to_numpy(dtype="datetime64[s]")  # whole seconds, as the text keeps them
        text = np.datetime_as_string(values, unit="s")
        return [None if missing else t.replace("T", " ") for t, missing in zip(text.tolist(), np.isnat(values))]
    if kind == "bool":
        return s.astype("int64").tolist()
    if kind == "int":
        return s.tolist()
    if kind == "float" and not s.hasnans:
        return s.tolist()
    return s.astype(object).where(s.notna(), None).tolist()


def _create_sql(table) -> str:
    defs = [f'"{c.name}" {SQL_TYPES[c.type]}{"" if c.nullable else " NOT NULL"}' for c in table.columns]
    defs.append(f"PRIMARY KEY ({', '.join(table.primary_key)})")
    for c in table.foreign_keys:
        ref_table, ref_col = c.references.split(".")
        defs.append(f'FOREIGN KEY ("{c.name}") REFERENCES {ref_table}({ref_col})')
    return f"CREATE TABLE {table.name} (\n  " + ",\n  ".join(defs) + "\n)"


def write_sqlite(shop, path, *, overwrite: bool = False) -> Path:
    """Write ``shop`` to a SQLite database file with keys, foreign keys and indexes.

    Parameters
    ----------
    shop : Shop
        The shop to write.
    path : str or Path
        Target file, e.g. ``"shop.sqlite"``.
    overwrite : bool, default=False
        Replace an existing crmlab shop at ``path`` (atomically). Anything else at
        ``path`` (another file, a folder with other files) is never replaced.

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    OutputPathError
        ``path`` exists (without ``overwrite``), is not a crmlab shop, or cannot be
        written.
    """
    _check_shop(shop)
    path = check_output_path(path, overwrite, "sqlite")
    with _atomic_output(path, folder=False) as tmp:
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA journal_mode=OFF")
            con.execute("PRAGMA synchronous=OFF")
            with con:
                for table in TABLES:
                    con.execute(_create_sql(table))
                for t in INSERT_ORDER:
                    table = get_table(t)
                    marks = ", ".join("?" * len(table.columns))
                    con.executemany(f"INSERT INTO {t} VALUES ({marks})", _sql_values(getattr(shop, t), table))
                # indexes built once over the loaded rows, not updated row by row
                for table in TABLES:
                    for i, idx in enumerate(table.indexes):
                        con.execute(f"CREATE INDEX ix_{table.name}_{i} ON {table.name} ({', '.join(idx)})")
                con.execute(f"CREATE TABLE {META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                con.executemany(f"INSERT INTO {META_TABLE} VALUES (?, ?)",
                                [("format_version", str(FORMAT_VERSION)), ("meta", json.dumps(shop.meta, ensure_ascii=False))])
            bad = con.execute("PRAGMA foreign_key_check").fetchall()
            if bad:
                raise SchemaError(f"外键检查失败：{bad[:3]}", f"Foreign key check failed: {bad[:3]}")
        finally:
            con.close()
    return path


def write_folder(shop, path, fmt: str, *, overwrite: bool = False) -> Path:
    """Write one file per table (``parquet`` or ``csv``) and ``crmlab.json`` into folder ``path``.

    ``overwrite=True`` replaces an existing crmlab shop or an empty folder, nothing
    else; see :func:`write_sqlite`.
    """
    check_choice("format", fmt, FOLDER_FORMATS)
    _check_shop(shop)
    if fmt == "parquet":
        _need_parquet_engine()
    path = check_output_path(path, overwrite, fmt)
    with _atomic_output(path, folder=True) as tmp:
        for name in TABLE_NAMES:
            df = getattr(shop, name)
            if fmt == "parquet":
                df.to_parquet(tmp / f"{name}.parquet", index=False)
            else:
                out = df.copy()
                for col in get_table(name).columns:
                    if col.type == "datetime":
                        out[col.name] = out[col.name].dt.strftime("%Y-%m-%d %H:%M:%S")
                out.to_csv(tmp / f"{name}.csv", index=False, lineterminator="\n", float_format=None)
        (tmp / META_FILE).write_text(json.dumps({"format_version": FORMAT_VERSION, "format": fmt, "meta": shop.meta},
                                                ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _need_parquet_engine() -> None:
    """Parquet needs pyarrow (an instructor's extra): say so instead of pandas' ImportError."""
    import importlib.util

    if not any(importlib.util.find_spec(m) for m in ("pyarrow", "fastparquet")):
        raise InvalidArgumentError(
            "Parquet 格式需要 pyarrow 包。请先安装（pip install pyarrow），或改用 SQLite 或 CSV 格式。",
            "The Parquet format needs the pyarrow package. Install it first (pip install pyarrow), or use the "
            "SQLite or CSV format.")


def _check_shop(shop) -> None:
    """A shop is what :class:`crmlab.shop.Shop` holds: a DataFrame per table and a ``meta`` dict."""
    if not (isinstance(getattr(shop, "meta", None), dict)
            and all(isinstance(getattr(shop, name, None), pd.DataFrame) for name in TABLE_NAMES)):
        raise InvalidArgumentError(
            f"只能写入 crmlab 商店（crmlab.Shop），但传入的是 {type(shop).__name__}。",
            f"Only a crmlab shop (crmlab.Shop) can be written, but a {type(shop).__name__} was passed.")


# -- reading --------------------------------------------------------------------------------
def _not_a_shop(path, why_zh, why_en):
    return ShopFileError(
        f"{path} 不是可读取的 crmlab 商店文件：{why_zh}。请用 crmlab.simulate(...).to_sqlite(路径) 或 `crmlab simulate` 生成。",
        f"{path} is not a readable crmlab shop: {why_en}. Make one with crmlab.simulate(...).to_sqlite(path) or `crmlab simulate`.",
    )


class SQLiteShopFile:
    """A crmlab SQLite shop read into memory: checked, with its metadata, when opened; each table read when first
    asked for.

    A lab notebook uses a few of a shop's 26 tables, and reading all of them was the larger part of what a grading
    kernel spent (0.45 of 1.1 CPU-s for a 5,000-customer shop). The file's bytes are read once, when it is opened, so
    the shop stays what it was if the file is replaced or removed afterwards. The file is checked as a whole then
    (SQLite's ``quick_check``: a truncated or damaged file is reported at once), and each table against the schema
    when it is read.

    Parameters
    ----------
    path : str or Path
        A file written by :func:`write_sqlite`.

    Raises
    ------
    ShopFileError
        ``path`` is not a readable crmlab shop (the message says why).
    """

    def __init__(self, path):
        self.path = path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise _not_a_shop(path, f"无法读取（{exc.strerror or exc}）", f"it cannot be read ({exc.strerror or exc})") from None
        if data[:16] != SQLITE_MAGIC:
            raise _not_a_shop(path, "不是 SQLite 数据库", "it is not a SQLite database")
        self._lock = threading.Lock()
        self._con = con = sqlite3.connect(":memory:", check_same_thread=False)  # reads are serialised by _lock
        self._read_all = None
        try:
            if CAN_DESERIALIZE:
                try:
                    con.deserialize(data)
                except sqlite3.Error as exc:
                    raise _not_a_shop(path, f"文件已损坏（{exc}）", f"the file is corrupt ({exc})") from None
            else:  # a Python whose SQLite cannot load bytes: read the file itself, all of it now
                con.close()
                try:
                    self._con = con = sqlite3.connect(sqlite_uri(path), uri=True, check_same_thread=False)
                except sqlite3.Error as exc:
                    raise _not_a_shop(path, f"无法打开（{exc}）", f"it cannot be opened ({exc})") from None
            self.meta = self._check()
            if not CAN_DESERIALIZE:
                tables = {name: self._read(name) for name in TABLE_NAMES}
                con.close()
                self._read_all = tables
        except BaseException:
            self.close()
            raise

    def _check(self) -> dict:
        con, path = self._con, self.path
        try:
            rows = dict(con.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())
        except sqlite3.DatabaseError as exc:
            if "no such table" in str(exc):
                raise _not_a_shop(path, "缺少 crmlab 元数据表（可能是其他程序的数据库）",
                                  "it has no crmlab metadata table (perhaps another program's database)") from None
            raise _not_a_shop(path, f"文件已损坏（{exc}）", f"the file is corrupt ({exc})") from None
        except ValueError as exc:  # a metadata table of another shape
            raise _not_a_shop(path, f"元数据表格式不对（{exc}）", f"its metadata table is malformed ({exc})") from None
        _check_version(path, rows.get("format_version"))
        meta = _parse_meta(path, rows.get("meta", "{}"))
        try:
            problems = [r[0] for r in con.execute("PRAGMA quick_check(3)").fetchall()]
            columns = {name: [r[1] for r in con.execute(f"PRAGMA table_info({name})").fetchall()] for name in TABLE_NAMES}
        except sqlite3.DatabaseError as exc:
            raise _not_a_shop(path, f"文件已损坏（{exc}）", f"the file is corrupt ({exc})") from None
        if problems != ["ok"]:
            text = "; ".join(map(str, problems))
            raise _not_a_shop(path, f"文件已损坏（{text}）", f"the file is corrupt ({text})")
        for table in TABLES:
            if not columns[table.name]:
                raise _not_a_shop(path, f"缺少表 {table.name}", f"table {table.name} is missing")
            missing = [c for c in table.column_names if c not in columns[table.name]]
            if missing:
                raise _not_a_shop(path, f"表 {table.name} 缺少列：{', '.join(missing)}",
                                  f"table {table.name} lacks columns: {', '.join(missing)}")
        return meta

    def _read(self, name: str) -> pd.DataFrame:
        table = get_table(name)
        with self._lock:
            try:
                df = pd.read_sql_query(f"SELECT * FROM {name} ORDER BY {', '.join(table.primary_key)}", self._con)
            except (sqlite3.Error, pd.errors.DatabaseError) as exc:
                raise _not_a_shop(self.path, f"无法读取表 {name}（{exc}）", f"table {name} cannot be read ({exc})") from None
        try:
            df = coerce_table(name, df)
            validate_table(name, df)
        except SchemaError as exc:
            raise _not_a_shop(self.path, exc.zh, exc.en) from None
        return df

    def table(self, name: str) -> pd.DataFrame:
        """Table ``name``, read from the file's bytes and checked against the schema (a new DataFrame each call)."""
        if self._read_all is not None:
            return self._read_all[name].copy()
        return self._read(name)

    def rows(self, name: str) -> int:
        """The number of rows of table ``name``, without reading it."""
        if self._read_all is not None:
            return len(self._read_all[name])
        get_table(name)
        with self._lock:
            return self._con.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0]

    def close(self) -> None:
        """Free the file's bytes (a closed file can no longer give tables)."""
        with self._lock:
            self._con.close()


def _parse_meta(path, text) -> dict:
    try:
        meta = json.loads(text) if isinstance(text, str | bytes) else text
    except ValueError as exc:
        raise _not_a_shop(path, f"元数据不是有效的 JSON（{exc}）", f"its metadata is not valid JSON ({exc})") from None
    if not isinstance(meta, dict):
        raise _not_a_shop(path, f"元数据应为键值对，但读到的是 {type(meta).__name__}",
                          f"its metadata should be key-value pairs, but it is a {type(meta).__name__}")
    return meta


def _check_version(path, version):
    """The format version must be a whole number crmlab knows (``1`` or ``"1"``)."""
    v = None
    if isinstance(version, int) and not isinstance(version, bool):
        v = version
    elif isinstance(version, str) and version.strip().isdigit():
        v = int(version.strip())
    if v is None or not 1 <= v <= FORMAT_VERSION:
        newer = v is not None and v > FORMAT_VERSION
        raise _not_a_shop(
            path,
            f"格式版本 {version!r} 无法识别" + ("，请升级 crmlab" if newer else "（应为整数 1）"),
            f"format version {version!r} is unknown" + ("; upgrade crmlab" if newer else " (it should be the whole number 1)"),
        )


def _finish(path, tables, meta) -> dict:
    out = {}
    for name, df in tables.items():
        try:
            out[name] = coerce_table(name, df)
            validate_table(name, out[name])
        except SchemaError as exc:
            raise _not_a_shop(path, exc.zh, exc.en) from None
    return {"tables": out, "meta": meta}


def read_folder(path) -> dict:
    path = Path(path)
    meta_file = path / META_FILE
    if not meta_file.exists():
        raise _not_a_shop(path, f"目录中没有 {META_FILE}", f"the folder has no {META_FILE}")
    try:
        info = json.loads(meta_file.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError, OSError) as exc:
        raise _not_a_shop(path, f"{META_FILE} 已损坏（{exc}）", f"{META_FILE} is corrupt ({exc})") from None
    if not isinstance(info, dict):
        raise _not_a_shop(path, f"{META_FILE} 应为键值对，但读到的是 {type(info).__name__}",
                          f"{META_FILE} should hold key-value pairs, but it holds a {type(info).__name__}")
    _check_version(path, info.get("format_version"))
    fmt = info.get("format")
    if fmt not in FOLDER_FORMATS:
        raise _not_a_shop(path, f"{META_FILE} 中的格式 {fmt!r} 无法识别（应为 parquet 或 csv）",
                          f"the format {fmt!r} in {META_FILE} is unknown (it should be parquet or csv)")
    meta = _parse_meta(path, info.get("meta", {}))
    if fmt == "parquet":
        _need_parquet_engine()
    tables = {}
    for table in TABLES:
        f = path / f"{table.name}.{fmt}"
        if not f.exists():
            raise _not_a_shop(path, f"缺少文件 {f.name}", f"file {f.name} is missing")
        try:
            if fmt == "parquet":
                tables[table.name] = pd.read_parquet(f)
            else:
                tables[table.name] = _read_csv(f, table)
        except (OSError, ValueError) as exc:
            raise _not_a_shop(path, f"无法读取 {f.name}（{exc}）", f"{f.name} cannot be read ({exc})") from None
    return _finish(path, tables, meta)


def _read_csv(f, table) -> pd.DataFrame:
    dtypes = {c.name: ("str" if c.type == "str" else "float64" if c.type in ("float",) else None)
              for c in table.columns}
    dtypes = {k: v for k, v in dtypes.items() if v}
    df = pd.read_csv(f, dtype=dtypes, keep_default_na=False, na_values=[""])
    for c in table.columns:
        if c.type == "str" and not c.nullable:
            df[c.name] = df[c.name].fillna("")
        elif c.type == "bool":
            df[c.name] = df[c.name].map({True: True, False: False, "True": True, "False": False})
    return df


def read_shop(path) -> dict:
    """Read a shop written by :func:`write_sqlite` or :func:`write_folder`, checked against the schema.

    Parameters
    ----------
    path : str or Path
        A SQLite file, or a folder of Parquet or CSV files.

    Returns
    -------
    dict
        ``{"tables": {name: DataFrame}, "meta": dict}``: what :func:`crmlab.load_shop`
        makes a :class:`~crmlab.shop.Shop` of.

    Raises
    ------
    ShopFileError
        ``path`` does not exist or is not a readable crmlab shop (its message says why).

    Examples
    --------
    >>> import crmlab, os, tempfile
    >>> path = crmlab.simulate(200, random_state=1).to_sqlite(os.path.join(tempfile.mkdtemp(), "shop.sqlite"))
    >>> data = read_shop(path)
    >>> len(data["tables"]["customers"]), data["meta"]["n_customers"]
    (200, 200)
    """
    f = open_shop(path)
    try:
        return {"tables": {name: f.table(name) for name in TABLE_NAMES}, "meta": f.meta}
    finally:
        f.close()


class FolderShopFile:
    """A shop folder (Parquet or CSV files), read and checked whole when opened; the interface of
    :class:`SQLiteShopFile`."""

    def __init__(self, path):
        data = read_folder(path)
        self.path, self.meta, self._tables = Path(path), data["meta"], data["tables"]

    def table(self, name: str) -> pd.DataFrame:
        return self._tables[name]

    def rows(self, name: str) -> int:
        return len(self._tables[name])

    def close(self) -> None:
        pass


def open_shop(path) -> SQLiteShopFile | FolderShopFile:
    """Open a shop file or folder (``path`` as for :func:`read_shop`): checked now, its tables read when asked for
    (SQLite) or now (folders).

    Returns
    -------
    SQLiteShopFile or FolderShopFile
        ``.meta``, ``.table(name)``, ``.rows(name)`` and ``.close()``.

    Raises
    ------
    ShopFileError
        ``path`` does not exist or is not a readable crmlab shop (its message says why).
    """
    path = check_path("path", path)
    if not path.exists():
        raise ShopFileError(f"找不到 {path}。请检查路径，或先用 `crmlab simulate --out {path}` 生成商店。",
                            f"{path} does not exist. Check the path, or make a shop first with `crmlab simulate --out {path}`.")
    return FolderShopFile(path) if path.is_dir() else SQLiteShopFile(path)
