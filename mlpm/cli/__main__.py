"""``python -m mlpm.cli …`` runs the ``mlpm`` command (servers and tests start it this way)."""

from mlpm.cli.main import main

raise SystemExit(main())
