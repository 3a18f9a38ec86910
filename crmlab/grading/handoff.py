"""Answers as plain data: how a grading kernel hands a student's answers to the grader.

While an assignment is autograded, each test cell of the notebook is replaced by a call
of :func:`export`. It runs in the student's (sandboxed, untrusted) kernel, turns the
named variables into plain data and displays them as one output of the MIME type
:data:`MIME`. The grader reads that output with :func:`decode`, in its own process,
and checks the answers there (:mod:`crmlab.grading.trusted`). Nothing of the student's
objects crosses over: only

- JSON values (``None``, booleans, numbers, strings), and lists, tuples, sets and
  dicts of them, each tagged so that its kind survives;
- pandas DataFrames, Series and Indexes, and numpy arrays, as Parquet (Arrow) bytes,
  read back with pyarrow, which builds plain pandas objects;
- dates and durations as ISO text and seconds;
- a matplotlib Figure as a :class:`FigureSummary` (per axes: whether it shows data,
  its title and axis labels), never the figure itself;
- dataclass instances (a lab's design object, such as a ``PointsScheme``) as the
  values of their fields: a :class:`Fields` dict, which the check turns back into
  the object with its own, trusted class;
- student functions are *called in the kernel* on inputs the grader chooses (a
  "probe"), and only their results cross over;
- files the notebook wrote (a SQLite database, say) cross over as their bytes, for
  the grader to open in its own process.

A str or float subclass whose ``__eq__`` always says True therefore arrives as a plain
``str`` or ``float``. Whatever the kernel sends is untrusted data: sizes are bounded and
every malformed payload decodes to a :class:`HandoffError`, never to an exception
from the student's code.

This module must stay importable without pandas (the kernel side imports it for every
test cell); pandas, numpy and pyarrow load only when a value needs them.
"""

from __future__ import annotations

import base64
import json
import math
from dataclasses import dataclass

__all__ = ["MIME", "export", "encode", "decode", "decode_output", "HandoffError", "FigureSummary", "Fields",
           "handoff_source", "MAX_PAYLOAD_BYTES", "MAX_FILE_BYTES"]

MIME = "application/vnd.crmlab.answer+json"
MAX_PAYLOAD_BYTES = 64 * 1024 * 1024   # one test cell's answers, base64 included
MAX_TABLE_CELLS = 20_000_000           # rows x columns of one decoded table
MAX_DEPTH = 50                         # nesting of lists/dicts
MAX_FILE_BYTES = 16 * 1024 * 1024      # one file the notebook wrote


class HandoffError(ValueError):
    """An answer could not be turned into plain data (kernel side) or read back (grader side)."""


@dataclass(frozen=True)
class FigureSummary:
    """What the grader learns of a matplotlib Figure: one dict per axes, in order.

    Each dict holds ``has_data`` (bool: the axes shows lines, patches, collections or
    images), ``title``, ``xlabel`` and ``ylabel`` (str).
    """

    axes: tuple = ()


_FIGURE_TEXTS = ("title", "xlabel", "ylabel")


class Fields(dict):
    """A dataclass instance as handed over: its fields by name (plain data).

    ``kind`` is the name of the instance's class as the kernel reported it: a hint for
    messages, not a proof. A check rebuilds the object from the fields with its own
    class (``PointsScheme(**fields)``), so no code of the student's object comes along.
    """

    def __init__(self, kind: str, fields: dict):
        super().__init__(fields)
        self.kind = kind


# -- kernel side ------------------------------------------------------------------------------------
def _kind(value) -> str:
    """The name of a value's class without calling anything the student may have overridden."""
    t = type(value)
    return f"{t.__module__}.{t.__qualname__}"


def _is_pandas(value, name: str) -> bool:
    import sys

    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(value, getattr(pd, name))


def _is_figure(value) -> bool:
    import sys

    mf = sys.modules.get("matplotlib.figure")
    return mf is not None and isinstance(value, mf.Figure)


def _encode_figure(fig) -> dict:
    """A Figure's summary (see :class:`FigureSummary`), read with matplotlib's own methods."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    axes = []
    for ax in list(Figure.get_axes(fig)):
        if not isinstance(ax, Axes):
            raise HandoffError("a figure whose axes are not matplotlib Axes")
        axes.append({"has_data": bool(Axes.has_data(ax)), "title": str.__str__(str(Axes.get_title(ax))),
                     "xlabel": str.__str__(str(Axes.get_xlabel(ax))),
                     "ylabel": str.__str__(str(Axes.get_ylabel(ax)))})
    return {"t": "figure", "v": axes}


def _parquet_b64(frame) -> str:
    import io

    buf = io.BytesIO()
    frame.to_parquet(buf, engine="pyarrow", index=False)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _encode_frame(df) -> dict:
    """A DataFrame with any labels: positional column names in Parquet, labels as tagged JSON."""
    import pandas as pd

    flat = pd.DataFrame.copy(df, deep=False)
    index = flat.index
    nlevels = index.nlevels
    index_names = [encode(n) for n in index.names]
    columns = [encode(c) for c in flat.columns]
    flat.columns = [f"c{i}" for i in range(flat.shape[1])]
    levels = {f"i{k}": index.get_level_values(k) for k in range(nlevels)}
    flat = pd.concat([pd.DataFrame({k: v for k, v in levels.items()}, index=flat.index), flat], axis=1)
    flat.index = pd.RangeIndex(len(flat))
    return {"t": "frame", "columns": columns, "index_names": index_names, "nlevels": nlevels,
            "parquet": _parquet_b64(flat)}


def encode(value, _depth: int = 0):
    """Turn ``value`` into tagged JSON-compatible data (kernel side).

    Raises
    ------
    HandoffError
        For objects that are not plain data (functions, models, the student's own classes).
    """
    if _depth > MAX_DEPTH:
        raise HandoffError("nested too deeply")
    if value is None or type(value) is bool:
        return value
    import sys

    np = sys.modules.get("numpy")
    if np is not None and isinstance(value, np.generic):
        if isinstance(value, np.datetime64):
            import pandas as pd

            return encode(pd.Timestamp(value), _depth)
        if isinstance(value, np.timedelta64):
            import pandas as pd

            return encode(pd.Timedelta(value), _depth)
        value = value.item()
        if value is None or type(value) is bool:
            return value
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return {"t": "int", "v": int.__repr__(value)}  # as text: JSON numbers lose big integers
    if isinstance(value, float):
        return {"t": "float", "v": float.__repr__(value)}
    if isinstance(value, str):
        return {"t": "str", "v": str.__str__(value)}
    if isinstance(value, complex):
        raise HandoffError("complex numbers are not answers")
    import datetime as _dt

    if isinstance(value, _dt.datetime):  # pandas.Timestamp included
        return {"t": "datetime", "v": _dt.datetime.isoformat(value)}
    if isinstance(value, _dt.date):
        return {"t": "date", "v": _dt.date.isoformat(value)}
    if isinstance(value, _dt.timedelta):
        return {"t": "timedelta", "v": float(_dt.timedelta.total_seconds(value))}
    if _is_pandas(value, "DataFrame"):
        return _encode_frame(value)
    if _is_pandas(value, "Series"):
        enc = _encode_frame(value.to_frame(name=0))
        enc.update(t="series", name=encode(value.name, _depth + 1))
        return enc
    if _is_pandas(value, "Index"):
        import pandas as pd

        enc = _encode_frame(pd.DataFrame(index=value))
        enc["t"] = "index"
        return enc
    if np is not None and isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            return {"t": "list", "v": [encode(x, _depth + 1) for x in value.tolist()], "array": True}
        import io

        buf = io.BytesIO()
        np.save(buf, np.ascontiguousarray(value), allow_pickle=False)
        return {"t": "ndarray", "v": base64.b64encode(buf.getvalue()).decode("ascii")}
    if isinstance(value, dict):
        return {"t": "dict", "v": [[encode(k, _depth + 1), encode(v, _depth + 1)] for k, v in dict.items(value)]}
    if isinstance(value, tuple):
        return {"t": "tuple", "v": [encode(x, _depth + 1) for x in tuple.__iter__(value)]}
    if isinstance(value, list):
        return {"t": "list", "v": [encode(x, _depth + 1) for x in list.__iter__(value)]}
    if isinstance(value, set | frozenset):
        return {"t": "set", "v": [encode(x, _depth + 1) for x in value]}
    if _is_pandas(value, "Timestamp") or _is_pandas(value, "Timedelta"):  # pragma: no cover - caught above
        return encode(value.to_pydatetime(), _depth)
    if _is_figure(value):
        return _encode_figure(value)
    import dataclasses

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"t": "dataclass", "kind": _kind(value),
                "v": [[f.name, encode(getattr(value, f.name), _depth + 1)] for f in dataclasses.fields(value)]}
    if np is None or not hasattr(value, "__array__"):
        raise HandoffError(f"a {_kind(value)} is not plain data")
    raise HandoffError(f"a {_kind(value)} is not plain data")


def export(grade_id: str, names=(), probes=None, namespace=None, files=None) -> None:
    """Display the answers ``names`` (and the results of ``probes``) as one handoff output.

    Runs inside the grading kernel, in place of a test cell. Every failure is recorded
    in the payload (a missing variable, a value that is not plain data, a probe that
    raised), so the grader can say exactly what went wrong.

    Parameters
    ----------
    grade_id : str
        The nbgrader id of the test cell.
    names : sequence of str
        Variables of the notebook to hand over.
    probes : dict, optional
        ``{key: [function name, args, kwargs]}``: call the student's function with these
        (already plain) arguments and hand over the result under ``key``.
    namespace : dict, optional
        Where to look the names up (default: the IPython user namespace).
    files : dict, optional
        ``{key: path}``: hand over the bytes of the file at ``path`` (relative to the
        kernel's working folder, at most :data:`MAX_FILE_BYTES`) under ``key``.
    """
    if namespace is None:
        try:
            namespace = get_ipython().user_ns  # noqa: F821 - defined in a kernel
        except NameError:
            import __main__

            namespace = vars(__main__)
    answers, errors = {}, {}
    for name in names:
        if name not in namespace:
            errors[name] = {"code": "missing", "detail": ""}
            continue
        try:
            answers[name] = encode(namespace[name])
        except HandoffError as exc:
            errors[name] = {"code": "unconvertible", "detail": str(exc)[:300]}
        except Exception as exc:  # the student's object raised while being read
            errors[name] = {"code": "unconvertible", "detail": f"{type(exc).__name__}: {str(exc)[:300]}"}
    for key, (fname, args, kwargs) in (probes or {}).items():
        fn = namespace.get(fname)
        if fn is None:
            errors[key] = {"code": "missing", "detail": fname}
            continue
        try:
            result = fn(*[decode(a) for a in args], **{k: decode(v) for k, v in kwargs.items()})
            answers[key] = encode(result)
        except HandoffError as exc:
            errors[key] = {"code": "unconvertible", "detail": str(exc)[:300]}
        except BaseException as exc:  # noqa: BLE001 - any failure of the student's function is an answer
            if isinstance(exc, KeyboardInterrupt):
                raise
            errors[key] = {"code": "raised", "detail": f"{type(exc).__name__}: {str(exc)[:300]}"}
    for key, path in (files or {}).items():
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            errors[key] = {"code": "nofile", "detail": str(path)}
            continue
        except Exception as exc:  # a folder, no permission ...
            errors[key] = {"code": "unreadable", "detail": f"{path}: {type(exc).__name__}: {str(exc)[:200]}"}
            continue
        if len(data) > MAX_FILE_BYTES:
            errors[key] = {"code": "unreadable", "detail": f"{path}: larger than {MAX_FILE_BYTES} bytes"}
        else:
            answers[key] = {"t": "bytes", "v": base64.b64encode(data).decode("ascii")}
    payload = {"grade_id": str(grade_id), "answers": answers, "errors": errors}
    from IPython.display import display

    display({MIME: payload, "text/plain": f"answers of {grade_id} handed to the grader / 答案已交给评分程序"},
            raw=True)


def handoff_source(grade_id: str, names, probes=None, files=None) -> str:
    """The code that replaces test cell ``grade_id`` in the grading kernel."""
    extra = f", files={dict(files)!r}" if files else ""
    return ("# 评分：把本题的答案交给评分程序 / grading: hand this task's answers to the grader\n"
            "import crmlab.grading.handoff as _crmlab_handoff\n"
            f"_crmlab_handoff.export({grade_id!r}, {list(names)!r}, {dict(probes or {})!r}{extra})\n")


# -- grader side ------------------------------------------------------------------------------------
def _b64(text) -> bytes:
    if not isinstance(text, str):
        raise HandoffError("bad payload: expected base64 text")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except Exception as exc:
        raise HandoffError(f"bad payload: {exc}") from None


def _decode_frame(obj: dict):
    import io

    import pyarrow.parquet as pq

    raw = _b64(obj.get("parquet"))
    try:
        meta = pq.ParquetFile(io.BytesIO(raw)).metadata
        if meta.num_rows * max(meta.num_columns, 1) > MAX_TABLE_CELLS:
            raise HandoffError(f"table too large ({meta.num_rows} rows x {meta.num_columns} columns)")
        flat = pq.read_table(io.BytesIO(raw)).to_pandas()
    except HandoffError:
        raise
    except Exception as exc:
        raise HandoffError(f"bad table: {type(exc).__name__}: {str(exc)[:200]}") from None
    nlevels = obj.get("nlevels")
    columns = obj.get("columns")
    if not isinstance(nlevels, int) or not isinstance(columns, list) or flat.shape[1] != nlevels + len(columns):
        raise HandoffError("bad table: its shape does not match its labels")
    import pandas as pd

    names = [decode(n) for n in obj.get("index_names", [None] * nlevels)]
    levels = [flat[f"i{k}"] for k in range(nlevels)]
    if nlevels == 1:
        index = pd.Index(levels[0].to_numpy() if levels[0].dtype == object else levels[0])
        index.name = names[0]
    else:
        index = pd.MultiIndex.from_arrays(levels, names=names)
    data = flat[[f"c{i}" for i in range(len(columns))]].copy()
    data.index = index
    data.columns = [decode(c) for c in columns]
    return data


def decode(obj, _depth: int = 0):
    """Read tagged data back into plain Python, numpy and pandas objects (grader side).

    Raises
    ------
    HandoffError
        For anything that is not a well-formed payload.
    """
    if _depth > MAX_DEPTH:
        raise HandoffError("nested too deeply")
    if obj is None or type(obj) is bool:
        return obj
    if type(obj) is int or type(obj) is float:  # plain JSON numbers (arguments written by the grader)
        return obj
    if type(obj) is str:
        return obj
    if isinstance(obj, list):  # JSON read back by nbformat: lists, and dicts as NotebookNode
        return [decode(x, _depth + 1) for x in obj]
    if not isinstance(obj, dict) or "t" not in obj:
        raise HandoffError("bad payload: untagged value")
    t, v = obj.get("t"), obj.get("v")
    try:
        if t == "int":
            if type(v) is not str or len(v) > 4300:
                raise HandoffError("bad integer")
            return int(v)
        if t == "float":
            if type(v) is not str or len(v) > 40:
                raise HandoffError("bad number")
            return float(v)
        if t == "str":
            if type(v) is not str:
                raise HandoffError("bad text")
            return v
        if t == "bytes":
            raw = _b64(v)
            if len(raw) > MAX_FILE_BYTES:
                raise HandoffError("file too large")
            return raw
        if t in ("list", "tuple", "set"):
            if not isinstance(v, list):
                raise HandoffError(f"bad {t}")
            items = [decode(x, _depth + 1) for x in v]
            if t == "list" and obj.get("array"):
                import numpy as np

                arr = np.empty(len(items), dtype=object)
                arr[:] = items
                return arr
            return {"list": list, "tuple": tuple, "set": set}[t](items)
        if t == "dict":
            if not isinstance(v, list) or any(not isinstance(p, list) or len(p) != 2 for p in v):
                raise HandoffError("bad dict")
            return {decode(k, _depth + 1): decode(x, _depth + 1) for k, x in v}
        if t == "dataclass":
            kind = obj.get("kind")
            if (type(kind) is not str or len(kind) > 300 or not isinstance(v, list)
                    or any(not isinstance(p, list) or len(p) != 2 or type(p[0]) is not str for p in v)):
                raise HandoffError("bad dataclass")
            return Fields(kind, {name: decode(x, _depth + 1) for name, x in v})
        if t in ("datetime", "date"):
            import datetime as _dt

            if type(v) is not str:
                raise HandoffError("bad date")
            return _dt.datetime.fromisoformat(v) if t == "datetime" else _dt.date.fromisoformat(v)
        if t == "timedelta":
            import datetime as _dt

            if type(v) not in (int, float) or not math.isfinite(v):
                raise HandoffError("bad duration")
            return _dt.timedelta(seconds=v)
        if t == "ndarray":
            import io

            import numpy as np

            arr = np.load(io.BytesIO(_b64(v)), allow_pickle=False)
            if arr.size > MAX_TABLE_CELLS:
                raise HandoffError("array too large")
            return arr
        if t == "frame":
            return _decode_frame(obj)
        if t == "series":
            frame = _decode_frame(obj)
            if frame.shape[1] != 1:
                raise HandoffError("bad series")
            series = frame.iloc[:, 0]
            series.name = decode(obj.get("name"), _depth + 1)
            return series
        if t == "index":
            return _decode_frame(obj).index
        if t == "figure":
            if not isinstance(v, list) or len(v) > 1000:
                raise HandoffError("bad figure")
            axes = []
            for ax in v:
                if not isinstance(ax, dict) or type(ax.get("has_data")) is not bool \
                        or any(type(ax.get(k)) is not str or len(ax[k]) > 1000 for k in _FIGURE_TEXTS):
                    raise HandoffError("bad figure")
                axes.append({"has_data": ax["has_data"], **{k: ax[k] for k in _FIGURE_TEXTS}})
            return FigureSummary(tuple(axes))
    except HandoffError:
        raise
    except (TypeError, ValueError, OverflowError, MemoryError) as exc:
        raise HandoffError(f"bad {t}: {type(exc).__name__}: {str(exc)[:200]}") from None
    raise HandoffError(f"bad payload: unknown kind {t!r}")


def decode_output(data: dict) -> dict:
    """The answers of one handoff output: ``{"grade_id", "answers": {name: value}, "errors": {name: {...}}}``.

    Answers that fail to decode move to ``errors`` with the code ``"unreadable"``.
    """
    payload = data.get(MIME) if isinstance(data, dict) else None
    if isinstance(payload, str):  # some front ends store JSON outputs as text
        if len(payload) > MAX_PAYLOAD_BYTES:
            raise HandoffError("answers too large")
        payload = json.loads(payload)
    if not isinstance(payload, dict):
        raise HandoffError("bad payload: not an object")
    answers, errors = {}, {}
    raw_errors = payload.get("errors") if isinstance(payload.get("errors"), dict) else {}
    for name, err in raw_errors.items():
        if type(name) is str and isinstance(err, dict):
            errors[name] = {"code": str(err.get("code", "unconvertible"))[:40],
                            "detail": str(err.get("detail", ""))[:300]}
    raw = payload.get("answers") if isinstance(payload.get("answers"), dict) else {}
    for name, value in raw.items():
        if type(name) is not str:
            continue
        try:
            answers[name] = decode(value)
        except HandoffError as exc:
            errors[name] = {"code": "unreadable", "detail": str(exc)[:300]}
        except RecursionError:
            errors[name] = {"code": "unreadable", "detail": "nested too deeply"}
    return {"grade_id": str(payload.get("grade_id", "")), "answers": answers, "errors": errors}
