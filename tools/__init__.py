"""Helpers for running the site as deployed on loopback: used by the live tests and the benchmarks."""
