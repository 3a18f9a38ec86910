"""Theme and fonts: Chinese chart text that renders on any machine.

``set_theme(locale="zh")`` registers the font crmlab ships (a GB2312 subset of
Noto Sans CJK SC, see ``crmlab/fonts/README.md``) with matplotlib and puts it
first in the font list, with any CJK font installed on the machine as a fallback
for rarer characters. No font has to be installed by hand.
"""

from __future__ import annotations

from pathlib import Path

from .._i18n import get_locale
from ..validation import check_choice

__all__ = ["set_theme", "font_path", "font_families", "apply_fonts", "chart_locale", "FONT_FAMILY"]

FONT_FAMILY = "CRMLab Sans SC"
_FONT_FILE = Path(__file__).resolve().parent.parent / "fonts" / "CRMLabSansSC-Regular.otf"

# Full CJK fonts people often have; used (when present) for characters outside
# the bundled GB2312 subset. Order: open fonts first, then the OS defaults.
_SYSTEM_CJK = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC",
    "Hiragino Sans GB", "Heiti SC", "SimHei", "Droid Sans Fallback",
)


# The language set_theme was last called with: the charts' language from then on.
_THEME = {"locale": None}


def chart_locale(locale: str | None = None) -> str:
    """The language of chart text: ``locale`` if given, else the one of the last
    :func:`set_theme` call, else the crmlab session's (:func:`crmlab.get_locale`).

    Parameters
    ----------
    locale : {"zh", "en"}, optional

    Returns
    -------
    str
        ``"zh"`` or ``"en"``.

    Examples
    --------
    >>> from crmlab import plot
    >>> plot.chart_locale("en")
    'en'
    """
    locale = locale or _THEME["locale"] or get_locale()
    check_choice("locale", locale, ("zh", "en"))
    return locale


def font_path() -> Path:
    """Path of the bundled Chinese font file (OpenType, SIL OFL 1.1)."""
    return _FONT_FILE


def _register_font() -> None:
    """Add the bundled font to matplotlib's font manager (once per process)."""
    from matplotlib import font_manager

    if not any(f.name == FONT_FAMILY for f in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(str(_FONT_FILE))


def font_families(locale: str | None = None) -> list[str]:
    """The font list crmlab uses, most preferred first.

    For ``"zh"`` the bundled font comes first (it also has Latin letters and
    digits, so mixed text looks even); for ``"en"`` matplotlib's DejaVu Sans comes
    first and the Chinese font follows, so Chinese names in English charts still
    render. Installed CJK fonts follow as fallbacks for rare characters; fonts
    that are not installed are left out (matplotlib would warn about each).

    Parameters
    ----------
    locale : {"zh", "en"}, optional
        Default: the current crmlab locale.

    Returns
    -------
    list of str
        Font family names for ``rcParams["font.sans-serif"]``.
    """
    from matplotlib import font_manager

    locale = chart_locale(locale)
    _register_font()
    installed = {f.name for f in font_manager.fontManager.ttflist}
    fallbacks = [name for name in _SYSTEM_CJK if name in installed]
    if locale == "zh":
        return [FONT_FAMILY, *fallbacks, "DejaVu Sans"]
    return ["DejaVu Sans", FONT_FAMILY, *fallbacks]


def set_theme(locale: str | None = None, *, context="notebook", style="whitegrid",
              palette="deep", font_scale=1.0, rc=None, **seaborn_kwargs) -> None:
    """Set seaborn's theme with fonts that show Chinese text.

    One call at the top of a notebook. It calls :func:`seaborn.set_theme` and then
    sets the font list (:func:`font_families`) as ``font.family``, so that a
    character one font lacks is drawn from the next (matplotlib falls back along
    an explicit list, not within the generic ``sans-serif``), and
    ``axes.unicode_minus=False`` (the bundled font draws the ASCII minus; the
    Unicode one may be missing in fallback fonts). ``rc`` overrides come last, as
    in seaborn. The crmlab charts drawn afterwards speak ``locale``
    (:func:`chart_locale`).

    Parameters
    ----------
    locale : {"zh", "en"}, optional
        Language of the charts; default: the current crmlab locale (``"zh"``).
    context, style, palette, font_scale : optional
        Passed to :func:`seaborn.set_theme`.
    rc : dict, optional
        matplotlib rcParams applied last.
    **seaborn_kwargs
        Other arguments of :func:`seaborn.set_theme`.

    Examples
    --------
    >>> from crmlab import plot
    >>> plot.set_theme()                 # Chinese charts
    >>> plot.set_theme("en", style="ticks")
    """
    import seaborn as sns

    locale = locale or get_locale()
    check_choice("locale", locale, ("zh", "en"))
    families = font_families(locale)
    font_rc = {
        "font.family": families,
        "font.sans-serif": families,
        "axes.unicode_minus": False,
    }
    sns.set_theme(context=context, style=style, palette=palette, font="sans-serif",
                  font_scale=font_scale, rc={**font_rc, **(rc or {})}, **seaborn_kwargs)
    # seaborn's style dicts reset font.sans-serif; set ours again, then rc last.
    import matplotlib as mpl

    mpl.rcParams.update(font_rc)
    if rc:
        mpl.rcParams.update(rc)
    _THEME["locale"] = locale


def apply_fonts(artist, locale: str | None = None) -> None:
    """Give every text of a Figure/Axes crmlab's font list (sizes are kept).

    The chart helpers call this, so their Chinese labels render even when
    :func:`set_theme` was not called.
    """
    from matplotlib.text import Text

    from matplotlib.figure import Figure

    if artist is None:
        return
    families = font_families(locale)
    fig = artist if isinstance(artist, Figure) else artist.figure
    for txt in (fig or artist).findobj(Text):
        txt.set_fontfamily(families)
