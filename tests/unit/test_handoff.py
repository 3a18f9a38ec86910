"""The handoff format: answers cross from the kernel to the grader as plain data only."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from crmlab.grading.handoff import MIME, HandoffError, decode, decode_output, encode, export, handoff_source


def roundtrip(value):
    # through JSON text, as the notebook file stores it
    return decode(json.loads(json.dumps(encode(value))))


@pytest.mark.parametrize("value", [None, True, False, 0, -7, 2**80, 1.5, float("inf"), "学号 2024001", "",
                                   [1, "a", None], (1, 2.5), {"a": 1, 2: [3]}, {1, 2, 3}, frozenset({"x"}),
                                   dt.date(2024, 11, 11), dt.datetime(2024, 11, 11, 8, 30), dt.timedelta(hours=2)])
def test_plain_values_round_trip(value):
    got = roundtrip(value)
    assert got == value
    assert type(got) is type(value) or (isinstance(value, frozenset) and type(got) is set)


def test_nan_round_trips():
    assert np.isnan(roundtrip(float("nan")))


def test_numpy_scalars_and_arrays():
    assert roundtrip(np.int64(5)) == 5 and type(roundtrip(np.int64(5))) is int
    assert type(roundtrip(np.float32(0.5))) is float
    assert roundtrip(np.bool_(True)) is True
    arr = np.arange(12, dtype="int32").reshape(3, 4)
    got = roundtrip(arr)
    assert got.dtype == arr.dtype and (got == arr).all()
    obj = np.array(["a", 1], dtype=object)
    assert list(roundtrip(obj)) == ["a", 1]


def test_frames_keep_dtypes_labels_and_index():
    df = pd.DataFrame({"customer_id": ["C1", "C2", "C2"], "n": [1, 2, 3], "x": [0.5, np.nan, 2.0],
                       "when": pd.to_datetime(["2024-01-01", "2024-02-01", None]),
                       "seg": pd.Categorical(["a", "b", "a"]), "ok": [True, False, True]},
                      index=pd.Index([10, 10, 11], name="row"))  # duplicated index labels on purpose
    got = roundtrip(df)
    pd.testing.assert_frame_equal(got, df)
    wide = pd.DataFrame([[1, 2]], columns=[2024, ("a", "b")])  # non-string labels
    pd.testing.assert_frame_equal(roundtrip(wide), wide)
    multi = df.set_index(["customer_id", "seg"])
    pd.testing.assert_frame_equal(roundtrip(multi), multi)


def test_series_and_index():
    s = pd.Series([1.0, 2.0], index=pd.Index(["a", "b"], name="k"), name="total")
    pd.testing.assert_series_equal(roundtrip(s), s)
    idx = pd.Index(["C1", "C2"], name="customer_id")
    pd.testing.assert_index_equal(roundtrip(idx), idx)


class AlwaysEqualStr(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


class AlwaysEqualFloat(float):
    def __eq__(self, other):
        return True

    def __repr__(self):
        return "42.0"

    __hash__ = float.__hash__


def test_hostile_subclasses_arrive_as_plain_values():
    s = roundtrip(AlwaysEqualStr("wrong"))
    assert type(s) is str and s == "wrong" and s != "right"
    f = roundtrip(AlwaysEqualFloat(1.0))
    assert type(f) is float and f == 1.0 and f != 2.0
    nested = roundtrip({"k": [AlwaysEqualStr("x")]})
    assert type(nested["k"][0]) is str


class FakeFrame(pd.DataFrame):
    def equals(self, other):
        return True


def test_frame_subclass_arrives_as_plain_frame():
    got = roundtrip(FakeFrame({"a": [1]}))
    assert type(got) is pd.DataFrame and not got.equals(pd.DataFrame({"a": [2]}))


@pytest.mark.parametrize("value", [lambda x: x, object(), 1j, type("Mine", (), {})()])
def test_objects_are_refused(value):
    with pytest.raises(HandoffError):
        encode(value)


@pytest.mark.parametrize("payload", [{"t": "int", "v": 5}, {"t": "float", "v": "x" * 100}, {"t": "nope"},
                                     {"t": "frame", "parquet": "not base64 !"}, {"t": "dict", "v": [[1]]},
                                     {"t": "ndarray", "v": "AAAA"}, {"a": 1}, 3 + 0j])
def test_malformed_payloads_are_handoff_errors(payload):
    with pytest.raises(HandoffError):
        decode(payload)


def test_pickled_arrays_are_refused():
    import base64
    import io

    buf = io.BytesIO()
    np.save(buf, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(HandoffError):
        decode({"t": "ndarray", "v": base64.b64encode(buf.getvalue()).decode()})


def test_deep_nesting_is_refused():
    deep = []
    for _ in range(200):
        deep = [deep]
    with pytest.raises(HandoffError):
        encode(deep)


def test_export_reports_missing_unconvertible_and_probe_errors(capsys, monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append(obj))

    def good(df, k):
        return float(df["x"].sum()) * k

    def bad(df, k):
        raise ZeroDivisionError("no")

    ns = {"a": 1, "f": lambda: 0, "good": good, "bad": bad}
    probes = {"p1": ["good", [encode(pd.DataFrame({"x": [1.0, 2.0]})), 2], {}], "p2": ["bad", [encode(1), 1], {}],
              "p3": ["absent", [], {}]}
    export("test_x", ["a", "f", "zzz"], probes, namespace=ns)
    got = decode_output(json.loads(json.dumps(shown[0])))
    assert got["grade_id"] == "test_x"
    assert got["answers"] == {"a": 1, "p1": 6.0}
    assert got["errors"]["f"]["code"] == "unconvertible"
    assert got["errors"]["zzz"]["code"] == "missing"
    assert got["errors"]["p2"]["code"] == "raised" and "ZeroDivisionError" in got["errors"]["p2"]["detail"]
    assert got["errors"]["p3"]["code"] == "missing"


def test_unreadable_answer_becomes_an_error_not_an_exception():
    got = decode_output({MIME: {"grade_id": "t", "answers": {"a": {"t": "frame", "parquet": "!!"}, "b": {"t": "int",
                                                                                                      "v": "3"}},
                                "errors": {}}})
    assert got["answers"] == {"b": 3} and got["errors"]["a"]["code"] == "unreadable"


def test_handoff_source_is_valid_python_naming_the_cell():
    src = handoff_source("test_rfm", ["rfm"], {"p": ["f", [encode(1)], {}]})
    compile(src, "<cell>", "exec")
    assert "test_rfm" in src and "rfm" in src


def test_figure_arrives_as_a_summary():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from crmlab.grading.handoff import FigureSummary

    fig, (a, b) = plt.subplots(1, 2)
    a.plot([1, 2], [3, 4])
    a.set_title("营收 / revenue")
    a.set_xlabel("quarter")
    plt.close(fig)  # what the inline backend does after the cell: the figure stays readable
    got = roundtrip(fig)
    assert got == FigureSummary(({"has_data": True, "title": "营收 / revenue", "xlabel": "quarter", "ylabel": ""},
                                 {"has_data": False, "title": "", "xlabel": "", "ylabel": ""}))
    assert roundtrip({"fig": fig})["fig"] == got
    empty = plt.figure()
    assert roundtrip(empty) == FigureSummary(())
    with pytest.raises(HandoffError):  # an Axes is not a Figure
        encode(a)
    plt.close(empty)


@pytest.mark.parametrize("payload", [{"t": "figure", "v": [{"has_data": 1, "title": "", "xlabel": "", "ylabel": ""}]},
                                     {"t": "figure", "v": [{"has_data": True, "title": 3, "xlabel": "", "ylabel": ""}]},
                                     {"t": "figure", "v": [{"has_data": True}]}, {"t": "figure", "v": "x"}])
def test_malformed_figures_are_handoff_errors(payload):
    with pytest.raises(HandoffError):
        decode(payload)


def test_dataclass_arrives_as_its_fields():
    from crmlab.analysis import PointsScheme
    from crmlab.grading.handoff import Fields

    scheme = PointsScheme(tier_thresholds=(180, 450, 1125), expiry_months=None)
    got = roundtrip(scheme)
    assert type(got) is Fields and got.kind == "crmlab.analysis.loyalty.PointsScheme"
    assert got["tier_thresholds"] == (180.0, 450.0, 1125.0) and got["expiry_months"] is None
    assert PointsScheme(**got) == scheme  # the check rebuilds it with its own class


def test_dataclass_subclass_brings_no_code():
    import dataclasses

    from crmlab.analysis import PointsScheme
    from crmlab.grading.handoff import Fields

    @dataclasses.dataclass
    class Forged(PointsScheme):
        def simulate(self, shop, **kw):  # never reaches the grader
            raise AssertionError

        def __eq__(self, other):
            return True

    got = roundtrip(Forged(earn_rate=2.0))
    assert type(got) is Fields and got.kind.endswith("Forged")
    rebuilt = PointsScheme(**got)
    assert type(rebuilt) is PointsScheme and rebuilt.earn_rate == 2.0 and rebuilt != PointsScheme()


def test_dataclass_holding_a_function_or_the_class_itself_is_refused():
    import dataclasses

    from crmlab.analysis import PointsScheme

    @dataclasses.dataclass
    class Holder:
        f: object

    with pytest.raises(HandoffError):
        encode(Holder(len))
    with pytest.raises(HandoffError):
        encode(PointsScheme)


@pytest.mark.parametrize("payload", [{"t": "dataclass", "kind": 1, "v": []},
                                     {"t": "dataclass", "kind": "x", "v": {"a": 1}},
                                     {"t": "dataclass", "kind": "x", "v": [[1, 2]]},
                                     {"t": "dataclass", "kind": "x", "v": [["a"]]},
                                     {"t": "dataclass", "kind": "x" * 301, "v": []}])
def test_malformed_dataclasses_are_handoff_errors(payload):
    with pytest.raises(HandoffError):
        decode(payload)
