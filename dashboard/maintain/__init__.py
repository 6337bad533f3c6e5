"""Pure maintainer logic: log-in checks, what an upload changes, and the maintainer command line."""
