"""Benchmarks on a large generated database (see bench/README.md)."""
