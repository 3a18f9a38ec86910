import sys

from .cli import main

if __name__ == "__main__":  # guarded: grading workers start from a clean interpreter that imports __main__
    sys.exit(main())
