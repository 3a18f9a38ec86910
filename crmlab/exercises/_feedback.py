"""Feedback for students: one object, rendered as Markdown in Jupyter, text in a console.

Every message exists in Chinese and English; the language is picked when the
feedback is shown (``crmlab.set_locale``), so a checker never has to know it.
"""

from __future__ import annotations

from .._i18n import get_locale

CORRECT, INCORRECT, NOT_ATTEMPTED, UNGRADED, INFO = "correct", "incorrect", "not_attempted", "ungraded", "info"

_BADGES = {
    CORRECT: ("✅ 正确", "✅ Correct", "#2e7d32"),
    INCORRECT: ("❌ 还不对", "❌ Not yet", "#c62828"),
    NOT_ATTEMPTED: ("✏️ 还没作答", "✏️ Not attempted yet", "#ef6c00"),
    UNGRADED: ("📝 无需自动检查", "📝 Not auto-checked", "#1565c0"),
    INFO: ("💡 提示", "💡 Hint", "#1565c0"),
}


class Msg:
    """A bilingual piece of text: ``Msg(zh, en)``; ``str()`` gives the current language."""

    __slots__ = ("zh", "en")

    def __init__(self, zh: str, en: str | None = None):
        self.zh, self.en = zh, (zh if en is None else en)

    def get(self, locale: str | None = None) -> str:
        return self.zh if (locale or get_locale()) == "zh" else self.en

    def __str__(self) -> str:
        return self.get()

    def __repr__(self) -> str:
        return f"Msg({self.zh!r}, {self.en!r})"

    def __add__(self, other: Msg) -> Msg:
        return Msg(self.zh + other.zh, self.en + other.en)


def msg(zh: str, en: str) -> Msg:
    return Msg(zh, en)


class Incorrect(Exception):
    """Raised by a checker: the answer is wrong, and the message says why."""

    def __init__(self, zh: str | Msg, en: str | None = None):
        self.message = zh if isinstance(zh, Msg) else Msg(zh, en)
        super().__init__(self.message.en)


class NotAttempted(Exception):
    """Raised by a checker when the answer is still the placeholder."""

    def __init__(self, zh: str | Msg = "", en: str | None = None):
        self.message = zh if isinstance(zh, Msg) else Msg(zh, en)
        super().__init__(self.message.en)


class Feedback:
    """The result of checking one answer.

    Attributes
    ----------
    status : {"correct", "incorrect", "not_attempted", "ungraded", "info"}
        What happened; ``correct`` is ``True`` only for ``"correct"``.
    title : str
        The question's name, e.g. ``"q3.a"``.
    message : Msg
        The explanation (bilingual), rendered in the current language.
    mistake : str or None
        The code of the common mistake the answer shows (:mod:`crmlab.mistakes`), if one
        was recognised.
    """

    def __init__(self, status: str, message: Msg | None = None, title: str = "", mistake: str | None = None):
        self.status = status
        self.message = message or Msg("", "")
        self.title = title
        self.mistake = mistake

    @property
    def correct(self) -> bool:
        return self.status == CORRECT

    def __bool__(self) -> bool:
        return self.correct

    def text(self, locale: str | None = None) -> str:
        """Plain text, for consoles and logs."""
        loc = locale or get_locale()
        zh, en, _ = _BADGES[self.status]
        badge = zh if loc == "zh" else en
        head = f"{badge}" + (f" [{self.title}]" if self.title else "")
        body = self.message.get(loc).strip()
        return head + (("\n" + body) if body else "")

    def markdown(self, locale: str | None = None) -> str:
        """Markdown with a coloured badge, for Jupyter."""
        loc = locale or get_locale()
        zh, en, color = _BADGES[self.status]
        badge = zh if loc == "zh" else en
        title = f" `{self.title}`" if self.title else ""
        body = self.message.get(loc).strip()
        return f'<span style="color:{color}">**{badge}**</span>{title}' + (f"\n\n{body}" if body else "")

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return f"<Feedback {self.status} {self.title}>"


def in_jupyter() -> bool:
    """True inside a Jupyter kernel (rich display), False in a console or a script."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    ip = get_ipython()
    return ip is not None and "IPKernelApp" in getattr(ip, "config", {})


def show(obj) -> None:
    """Display Feedback (or a Msg) as Markdown in Jupyter, as text elsewhere."""
    if isinstance(obj, Msg):
        obj = Feedback(INFO, obj)
    if in_jupyter():
        from IPython.display import Markdown, display

        display(Markdown(obj.markdown()))
    else:
        print(obj.text())
