"""What students see on the charts of a lesson: the text drawn, the glyphs, the warnings.

Two halves. :data:`KERNEL_SETUP` runs in the lesson's kernel as a first, hidden cell:
it records every string matplotlib's Agg renderer draws (the inline backend renders
each figure shown, widgets' charts included, through it), so titles, axis labels,
tick labels, legends and annotations are all seen exactly as drawn, and after each
cell it appends that cell's strings to a JSON-lines file. The other half reads the
file back and judges the text (:func:`english_words`, :func:`missing_glyphs`).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FONT = ROOT / "crmlab" / "fonts" / "CRMLabSansSC-Regular.otf"

# Runs in the kernel. Keep it self-contained: it is sent as the text of a cell.
KERNEL_SETUP = r'''
def _crmlab_chart_audit(path):
    import json
    from IPython import get_ipython
    from matplotlib.backends.backend_agg import RendererAgg

    drawn = set()
    draw_text = RendererAgg.draw_text

    def role(mtext):
        fig = getattr(mtext, "figure", None)  # a tick label knows its figure, not always its axes
        for ax in (fig.axes if fig is not None else []):
            for axis in (ax.xaxis, ax.yaxis):
                if any(mtext is t.label1 or mtext is t.label2 for t in [*axis.majorTicks, *axis.minorTicks]):
                    return "tick"
        return "text"

    def recording(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if s and str(s).strip():
            drawn.add((role(mtext), str(s)))
        return draw_text(self, gc, x, y, s, prop, angle, ismath, mtext)

    RendererAgg.draw_text = recording

    def after_cell(result):
        if drawn:
            cell = (result.info.raw_cell or "").strip().splitlines()
            with open(path, "a", encoding="utf-8") as f:
                f.write(json.dumps({"cell": cell[0][:80] if cell else "", "texts": sorted(drawn)},
                                   ensure_ascii=False) + "\n")
            drawn.clear()

    get_ipython().events.register("post_run_cell", after_cell)


_crmlab_chart_audit({path!r})
del _crmlab_chart_audit
'''


def kernel_setup(path) -> str:
    """The hidden first cell: record chart text into ``path``."""
    return KERNEL_SETUP.replace("{path!r}", repr(str(path)))


def read_records(path) -> list[dict]:
    """The charts' texts, one record per cell that drew:
    ``{"cell": its first line, "texts": [[role, text], ...]}``, role ``"tick"`` for tick labels
    (where a chart shows data values) and ``"text"`` for titles, axis labels, legends, annotations."""
    path = Path(path)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# Words that may stay in Latin letters on a Chinese chart: units, codes and the field's
# abbreviations, as the Chinese course writes them.
ALLOWED_WORDS = frozenset({
    "RFM", "R", "F", "M",          # recency, frequency, monetary
    "CLV", "NPS", "CSAT", "KPI", "IPA", "CRM", "SKU",
    "A", "B",                      # A/B test
    "App",                         # 手机 App
    "Erlang",                      # the unit of call traffic
    "k",                           # number of clusters
})
_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?")
_WORD = re.compile(r"[A-Za-z]+")


def english_words(text: str) -> list[str]:
    """Latin-letter words of ``text`` that are not on the allow-list (numbers ignored)."""
    text = _NUMBER.sub(" ", text)
    return [w for w in _WORD.findall(text) if w not in ALLOWED_WORDS]


def has_chinese(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


@cache
def font_codepoints() -> frozenset[int]:
    """The code points the bundled font has a glyph for."""
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(str(FONT)).get_charmap())


def missing_glyphs(text: str) -> list[str]:
    """Characters of ``text`` the bundled font cannot draw (whitespace ignored)."""
    have = font_codepoints()
    return sorted({ch for ch in text if not ch.isspace() and ord(ch) not in have})


def chart_problems(records: list[dict], lang: str) -> list[str]:
    """What a student of ``lang`` would stumble on in the charts of ``records``.

    Chinese notebooks: Latin-letter words that are not on :data:`ALLOWED_WORDS`, and
    characters the bundled font lacks (drawn as empty boxes on a machine without a
    CJK font). English notebooks: Chinese in a chart's own words (titles, axis labels,
    legends, notes); tick labels may show the Chinese shop's data values.
    """
    problems = []
    for rec in records:
        for role, text in rec["texts"]:
            if lang == "zh":
                words = english_words(text)
                if words:
                    problems.append(f"{rec['cell']!r}: English {words} in {text!r}")
                glyphs = missing_glyphs(text)
                if glyphs:
                    problems.append(f"{rec['cell']!r}: {glyphs} not in the bundled font, in {text!r}")
            elif role != "tick" and has_chinese(text):
                problems.append(f"{rec['cell']!r}: Chinese in the English chart text {text!r}")
    return problems
