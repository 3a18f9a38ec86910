"""Language of messages: Chinese (the course's language) first, English second.

The locale is read from ``CRMLAB_LANG`` (``zh`` or ``en``) and can be changed with
:func:`set_locale`. Messages meant for people carry both languages, the current one
first, so a student never meets an error they cannot read.
"""

from __future__ import annotations

import os

LOCALES = ("zh", "en")
_state = {"locale": None}


def get_locale() -> str:
    """Return the current message language, ``"zh"`` (default) or ``"en"``."""
    if _state["locale"] is None:
        env = os.environ.get("CRMLAB_LANG", "zh").strip().lower()[:2]
        _state["locale"] = env if env in LOCALES else "zh"
    return _state["locale"]


def set_locale(locale: str) -> None:
    """Set the language of messages, labels and exercise feedback.

    Parameters
    ----------
    locale : {"zh", "en"}
        ``"zh"`` for Simplified Chinese, ``"en"`` for English.
    """
    check_choice("locale", locale, LOCALES)
    _state["locale"] = locale


def text(zh: str, en: str, locale: str | None = None) -> str:
    """Pick the text for ``locale`` (default: the current locale)."""
    return zh if (locale or get_locale()) == "zh" else en


def bilingual(zh: str, en: str) -> str:
    """Both texts, the current language first: for errors that must reach everyone."""
    return f"{zh}\n{en}" if get_locale() == "zh" else f"{en}\n{zh}"


def check_choice(name: str, value, choices) -> None:
    """Raise a bilingual ValueError when ``value`` is not one of ``choices``.

    Kept for the modules that import it from here; the check is
    :func:`crmlab.validation.check_choice`.
    """
    from .validation import check_choice as _check

    _check(name, value, choices)
