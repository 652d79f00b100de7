"""Benchmarks of essexperf's pages, API and exports on generated data (see README.md)."""
