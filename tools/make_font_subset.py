"""Rebuild ``CRMLabSansSC-Regular.otf``: a GB2312 subset of Noto Sans CJK SC.

Why a subset: the full Noto Sans CJK font is 16-20 MB; the 7,445 characters of
GB2312 (all 6,763 common simplified hanzi plus symbols), ASCII, Latin-1, general
punctuation, CJK punctuation and full-width forms cover the labels, titles and
names a course chart shows, in about 3 MB. Characters outside the subset fall
back to any CJK font installed on the machine (see ``crmlab.plot.set_theme``).

The source is Debian's ``fonts-noto-cjk`` (SIL Open Font License 1.1)::

    apt-get install fonts-noto-cjk
    python tools/make_font_subset.py

The subset is renamed "CRMLab Sans SC" (OFL: a modified font does not carry the
original's name; "Noto" is a Google trademark). It is written into ``crmlab/fonts/``,
beside its licence ``OFL.txt``.
"""

from __future__ import annotations

import sys
from pathlib import Path

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SC_INDEX = 2  # face "Noto Sans CJK SC" in the collection
FAMILY = "CRMLab Sans SC"
OUT = Path(__file__).resolve().parents[1] / "crmlab" / "fonts" / "CRMLabSansSC-Regular.otf"


def gb2312_chars() -> set[str]:
    """Every character of GB2312 (rows 0xA1-0xF7, cells 0xA1-0xFE)."""
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def codepoints() -> set[int]:
    cps = {ord(c) for c in gb2312_chars()}
    for lo, hi in ((0x20, 0x7F), (0xA0, 0x180), (0x2000, 0x2070), (0x2100, 0x2200),
                   (0x2200, 0x2300), (0x2460, 0x2500), (0x25A0, 0x2600),
                   (0x3000, 0x3040), (0xFF00, 0xFFF0)):
        cps.update(range(lo, hi))
    return cps


def main(source: str = SOURCE) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    font = TTCollection(source).fonts[SC_INDEX]
    opts = subset.Options()
    opts.layout_features = ["*"]
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.hinting = False
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=codepoints())
    sub.subset(font)

    names = font["name"]
    version = names.getDebugName(5) or ""
    for rec in list(names.names):
        nid = rec.nameID
        if nid in (1, 4, 16):
            names.setName(FAMILY, nid, rec.platformID, rec.platEncID, rec.langID)
        elif nid == 3:
            names.setName(f"{FAMILY.replace(' ', '')}-Regular;{version}", nid,
                          rec.platformID, rec.platEncID, rec.langID)
        elif nid == 6:
            names.setName("CRMLabSansSC-Regular", nid, rec.platformID, rec.platEncID, rec.langID)
        elif nid == 17:
            names.setName("Regular", nid, rec.platformID, rec.platEncID, rec.langID)
        elif nid == 7:  # the trademark notice belongs to the original name only
            names.removeNames(nameID=7)
    names.setName(
        "GB2312 subset of Noto Sans CJK SC (Adobe/Google, SIL OFL 1.1), "
        "renamed for crmlab.", 10, 3, 1, 0x409)
    if "CFF " in font:  # the CFF table carries its own names
        cff = font["CFF "].cff
        cff.fontNames = ["CRMLabSansSC-Regular"]
        top = cff.topDictIndex[0]
        top.FullName = FAMILY
        top.FamilyName = FAMILY
        top.Notice = ""
    font.save(OUT)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.1f} MB, "
          f"{len(font.getBestCmap())} characters)")


if __name__ == "__main__":
    main(*sys.argv[1:])
