from dashboard.export.cli import main

raise SystemExit(main())
