"""Language of messages: Chinese (the course's language) first, English second.

The locale is read from ``CRMLAB_LANG`` (``zh`` or ``en``) and can be changed with
``crmlab.set_locale`` (:func:`crmlab.session.set_locale`, which checks its argument).
Messages meant for people carry both languages, the current one first, so a student
never meets an error they cannot read.

This module is the bottom of crmlab's imports: it imports nothing of crmlab, and
:mod:`crmlab.errors` and :mod:`crmlab.validation` build on it.
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


def use_locale(locale: str) -> None:
    """Make ``locale`` (one of :data:`LOCALES`, already checked) the language of messages."""
    _state["locale"] = locale


def text(zh: str, en: str, locale: str | None = None) -> str:
    """Pick the text for ``locale`` (default: the current locale)."""
    return zh if (locale or get_locale()) == "zh" else en


def bilingual(zh: str, en: str) -> str:
    """Both texts, the current language first: for errors that must reach everyone."""
    return f"{zh}\n{en}" if get_locale() == "zh" else f"{en}\n{zh}"
