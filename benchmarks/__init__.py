"""Speed measurements that print tables (not tests): validate, pages, export. See docs/benchmarks.md."""
