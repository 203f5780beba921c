"""Benchmarks behind ``communique bench``: each returns a dict of figures."""
