"""Prefect flows, the CLI and the report around the pure extractors."""

from .settings import apply_prefect_defaults

# Before any submodule imports prefect: offline, quiet defaults (see settings.py).
apply_prefect_defaults()
