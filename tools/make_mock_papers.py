"""Make the two mock final papers (模拟卷 A 和 B) from the exam bank.

    python tools/make_mock_papers.py           # (re)write assignments/exam_bank/mock/
    python tools/make_mock_papers.py --check   # exit 1 if the committed files are stale

Each mock is drawn from ``assignments/exam_bank`` with the default blueprint
(``blueprint.yaml``) and a fixed seed; paper B avoids paper A's items, as A/B papers of a
Chinese final should share as little as possible. For each mock the script writes the
student paper (``paper_A.md``) and the instructor's key with mark schemes (``key_A.md``;
computation answers shown on the shipped classroom shop). Everything under
``assignments/exam_bank/`` is for instructors only.

Rerun it after editing the bank or the blueprint; ``tests/unit/test_exam_bank.py`` fails while
the committed mock papers differ from what the script makes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BANK_DIR = ROOT / "assignments" / "exam_bank"
MOCK_DIR = BANK_DIR / "mock"
#: mock name -> (seed, zh title, en title). The seeds were picked among the first thirty
#: pairs so that both papers come close to the blueprint's 3:5:2 difficulty mix.
MOCKS = {
    "A": (20250645, "模拟卷 A", "mock paper A"),
    "B": (20250646, "模拟卷 B", "mock paper B"),
}
#: the shop the keys compute the computation answers on
KEY_SHOP = "classroom"


def render_mocks(bank_dir=BANK_DIR) -> dict[str, str]:
    """The mock papers' files: ``{file name: Markdown text}``.

    Paper B is drawn avoiding every item of paper A.
    """
    import crmlab
    from crmlab.grading.exam import assemble_paper, load_bank, load_blueprint

    bank = load_bank(bank_dir)
    blueprint = load_blueprint(Path(bank_dir) / "blueprint.yaml")
    shop = crmlab.load_dataset(KEY_SHOP)
    files, used = {}, []
    for name, (seed, zh, en) in MOCKS.items():
        paper = assemble_paper(bank, blueprint, seed, avoid=used, title=(zh, en))
        used += paper.item_ids()
        files[f"paper_{name}.md"] = paper.render_student()
        files[f"key_{name}.md"] = paper.render_key(shop, shop_name=f'crmlab.load_dataset("{KEY_SHOP}")')
    return files


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check that the committed files are current")
    args = parser.parse_args(argv)
    files = render_mocks()
    stale = [n for n, text in files.items()
             if not (MOCK_DIR / n).exists() or (MOCK_DIR / n).read_text(encoding="utf-8") != text]
    if args.check:
        for n in stale:
            print(f"过期 / stale: {MOCK_DIR / n}")
        if stale:
            print("运行 / run: python tools/make_mock_papers.py")
        return 1 if stale else 0
    MOCK_DIR.mkdir(parents=True, exist_ok=True)
    for n, text in files.items():
        (MOCK_DIR / n).write_text(text, encoding="utf-8")
        print(f"{'已更新 / updated' if n in stale else '未变 / unchanged'}: {MOCK_DIR / n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
