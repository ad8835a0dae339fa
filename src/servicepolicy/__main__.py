"""``python -m servicepolicy``: the ``servicepolicy`` command."""

from servicepolicy.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
