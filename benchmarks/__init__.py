"""Benchmarks of mealplan: run ``python -m benchmarks`` from the repository root.

See benchmarks/README.md for what is measured, the latest results and how to
reproduce them.
"""
