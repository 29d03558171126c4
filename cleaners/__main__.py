"""`python -m cleaners`: the same command line as the `cleaners` script."""

from cleaners.cli import main

raise SystemExit(main())
