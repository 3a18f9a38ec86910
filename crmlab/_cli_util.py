"""A bilingual ``argparse``: usage errors in Chinese and English, exit status 2.

:class:`ArgumentParser` is used by every crmlab command line (``crmlab``,
``crmlab grade``, ``python -m crmlab.grading``); its subcommands inherit it. A usage
error prints the usage, then one line::

    错误 / error: <Chinese> / <English>

argparse's own messages (missing or unknown arguments, invalid choices, values of the
wrong type ...) are translated; a message that is already bilingual (from a ``type=``
function raising ``ArgumentTypeError``) is kept as it is.
"""

from __future__ import annotations

import argparse
import re
import sys

__all__ = ["ArgumentParser", "translate_usage_error"]

_TYPE_NAMES = {"int": ("整数", "a whole number"), "float": ("数字", "a number")}


def _inner(msg: str) -> tuple[str, str]:
    """Translate the part of a message that follows ``argument X:``."""
    m = re.fullmatch(r"invalid choice: (?P<v>.+?) \(choose from (?P<c>.+)\)", msg)
    if m:
        import difflib

        options = [c.strip().strip("'\"") for c in m["c"].split(",")]
        close = difflib.get_close_matches(m["v"].strip("'\""), options, n=1)
        hint_zh, hint_en = (f"。您是不是想用 {close[0]}？", f". Did you mean {close[0]}?") if close else ("", "")
        return (f"{m['v']} 不是可选的值；可选：{m['c']}{hint_zh}",
                f"{m['v']} is not a valid choice; choose from {m['c']}{hint_en}")
    m = re.fullmatch(r"invalid (?P<t>\S+) value: (?P<v>.+)", msg)
    if m:
        zh_t, en_t = _TYPE_NAMES.get(m["t"], (m["t"], m["t"]))
        return f"{m['v']} 不是{zh_t}", f"{m['v']} is not {en_t}"
    m = re.fullmatch(r"expected (?:one|1) argument", msg)
    if m:
        return "缺少取值（需要一个值）", "a value is missing (it takes one value)"
    m = re.fullmatch(r"expected at most one argument", msg)
    if m:
        return "最多只能给一个值", "it takes at most one value"
    m = re.fullmatch(r"expected at least one argument", msg)
    if m:
        return "至少需要一个值", "it needs at least one value"
    m = re.fullmatch(r"expected (?P<n>\d+) arguments?", msg)
    if m:
        return f"需要 {m['n']} 个值", f"it takes {m['n']} values"
    m = re.fullmatch(r"not allowed with argument (?P<o>.+)", msg)
    if m:
        return f"不能与 {m['o']} 同时使用", f"it cannot be used together with {m['o']}"
    m = re.fullmatch(r"ignored explicit argument (?P<v>.+)", msg)
    if m:
        return f"这个选项不接受取值 {m['v']}", f"this option takes no value, but {m['v']} was given"
    if " / " in msg or re.search(r"[\u4e00-\u9fff]", msg):  # already bilingual (ArgumentTypeError)
        return msg, ""
    return msg, msg


def translate_usage_error(message: str) -> tuple[str, str]:
    """argparse's English usage error as (Chinese, English), each with what to do."""
    m = re.fullmatch(r"the following arguments are required: (?P<a>.+)", message)
    if m:
        return f"缺少必需的参数：{m['a']}", f"the following arguments are required: {m['a']}"
    m = re.fullmatch(r"unrecognized arguments: (?P<a>.+)", message)
    if m:
        return f"无法识别的参数：{m['a']}", f"unrecognised arguments: {m['a']}"
    m = re.fullmatch(r"one of the arguments (?P<a>.+) is required", message)
    if m:
        return f"需要以下参数之一：{m['a']}", f"one of the arguments {m['a']} is required"
    m = re.fullmatch(r"ambiguous option: (?P<o>\S+) could match (?P<m>.+)", message)
    if m:
        return f"选项 {m['o']} 不明确，可能是：{m['m']}", f"the option {m['o']} is ambiguous: it could be {m['m']}"
    m = re.fullmatch(r"argument (?P<a>[^:]+): (?P<rest>.+)", message, flags=re.S)
    if m:
        zh, en = _inner(m["rest"])
        if not en:  # a bilingual message of our own
            return f"参数 {m['a']}：{zh}", ""
        return f"参数 {m['a']}：{zh}", f"argument {m['a']}: {en}"
    return message, message


class ArgumentParser(argparse.ArgumentParser):
    """``argparse.ArgumentParser`` whose usage errors are bilingual; exit status 2."""

    def error(self, message):  # noqa: D102 - argparse's hook
        zh, en = translate_usage_error(message)
        self.print_usage(sys.stderr)
        line = f"{zh} / {en}" if en else zh
        help_cmd = f"{self.prog} --help"
        self.exit(2, f"错误 / error: {line}\n（运行 {help_cmd} 查看用法 / run {help_cmd} for help）\n")
