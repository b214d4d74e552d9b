"""`python -m app` runs the command line, like the `unbrace` command."""

from app.cli import main

raise SystemExit(main())
