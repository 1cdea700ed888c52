"""One settings surface: command-line options, NEWSFACTS_* variables, a config file.

A setting's value comes from the first of: the command-line option, the
environment variable, the config file (``--config PATH``, else ``$NEWSFACTS_CONFIG``,
else ``newsfacts.toml`` in the current folder when present), the default.
:data:`SETTINGS` is the single list; the settings table in docs/operations.md is rendered
from it and a test keeps the two identical.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CONFIG_FILE = "newsfacts.toml"


@dataclass(frozen=True)
class Setting:
    name: str  # config-file key and argparse dest
    option: str  # command-line option
    type: type
    default: Any
    commands: tuple[str, ...]
    help: str

    @property
    def env(self) -> str:
        return "NEWSFACTS_" + self.name.upper()


_RUNS = ("run", "serve")
SETTINGS: tuple[Setting, ...] = (
    Setting("corpus", "--corpus", str, "corpus", _RUNS, "corpus folder"),
    Setting("db", "--db", str, "warehouse/newsfacts.duckdb",
            ("run", "serve", "report", "sql", "export"), "warehouse file"),
    Setting("report_dir", "--report-dir", str, None, _RUNS,
            "report folder (default: reports/ beside the warehouse)"),
    Setting("batch_size", "--batch-size", int, 128, _RUNS,
            "most articles per extraction task (a short run is split evenly across "
            "the workers, a long one ends in quarter-size tasks)"),
    Setting("aliases", "--aliases", str, None, ("run", "serve", "extract"),
            "extra alias CSV (canonical,label,alias) added to the packaged one"),
    Setting("jsonl_fields", "--jsonl-fields", str, None, _RUNS,
            "JSON Lines field names where an export differs, e.g. "
            "'text=maintext,published=date_publish' (docs/inputs.md)"),
    Setting("cron", "--cron", str, "0 * * * *", ("serve",), "schedule of served runs (cron)"),
    Setting("timezone", "--timezone", str, "UTC", ("serve",), "time zone of the schedule"),
    Setting("max_rows", "--max-rows", int, 10_000, ("sql",), "row cap of a query's output"),
    Setting("timeout", "--timeout", float, 60.0, ("sql",), "seconds before a query is stopped"),
)  # fmt: skip
BY_NAME = {s.name: s for s in SETTINGS}


class ConfigError(ValueError):
    """The config file or a variable holds something unusable; the message says where."""


def load_file(path: str | os.PathLike | None) -> tuple[dict[str, Any], str | None]:
    """The config file's settings and its path (an explicit path must exist)."""
    explicit = path or os.environ.get("NEWSFACTS_CONFIG")
    candidate = Path(explicit) if explicit else Path(CONFIG_FILE)
    if not candidate.exists():
        if explicit:
            raise ConfigError(f"{candidate}: config file not found")
        return {}, None
    try:
        data = tomllib.loads(candidate.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{candidate}: not valid TOML: {exc}") from exc
    section = data.get("newsfacts", data)
    unknown = sorted(set(section) - set(BY_NAME))
    if unknown:
        raise ConfigError(
            f"{candidate}: unknown setting(s) {', '.join(unknown)} (known: {', '.join(BY_NAME)})"
        )
    return section, str(candidate)


def _convert(setting: Setting, value: Any, where: str) -> Any:
    if value is None:
        return None
    try:
        return setting.type(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"{where}: {setting.name} must be {setting.type.__name__}, got {value!r}"
        ) from exc


def resolve(command: str, given: dict[str, Any], config_path: str | None = None) -> dict[str, Any]:
    """Every setting of ``command``: option, else variable, else file, else default."""
    file_values, file_name = load_file(config_path)
    resolved = {}
    for setting in SETTINGS:
        if command not in setting.commands:
            continue
        if given.get(setting.name) is not None:
            resolved[setting.name] = given[setting.name]
        elif setting.env in os.environ:
            resolved[setting.name] = _convert(setting, os.environ[setting.env], setting.env)
        elif setting.name in file_values:
            resolved[setting.name] = _convert(setting, file_values[setting.name], str(file_name))
        else:
            resolved[setting.name] = setting.default
    return resolved


def settings_table() -> str:
    """The settings table of docs/operations.md."""
    lines = [
        "| setting | option | variable | default | commands | meaning |",
        "|---|---|---|---|---|---|",
    ]
    for s in SETTINGS:
        default = "—" if s.default is None else f"`{s.default}`"
        commands = ", ".join(s.commands)
        lines.append(
            f"| `{s.name}` | `{s.option}` | `{s.env}` | {default} | {commands} | {s.help} |"
        )
    return "\n".join(lines) + "\n"
