"""``servicepolicy check``: the policy, the inputs through their mappings, the report
written safely, and the exit code.

.. versionadded:: 0.2.0
   Split from ``servicepolicy.cli``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from servicepolicy.errors import DataFileError
from servicepolicy.limits import printable

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_INVALID = 2


def _check(args: argparse.Namespace, out: TextIO) -> int:
    from servicepolicy.io.rejected import RejectedLimit
    from servicepolicy.policy.inputs import read_inputs

    policy = _policy_for(args.policy)
    now = _when(args.now)
    if args.output is not None:  # refused before the work, not after it
        _refuse_output(args)
    limit = RejectedLimit.parse(
        policy.reading.max_rejected if args.max_rejected is None else args.max_rejected,
        "--max-rejected",
    )
    mappings = _mappings(policy, args)
    on_dask = _engine(args, mappings)
    inputs = read_inputs(
        policy,
        mappings=mappings,
        now=now,
        tickets=args.tickets,
        calls=None if on_dask else args.calls,
        surveys=args.surveys,
        roster=args.roster,
        requests=args.requests,
        attendance=args.attendance,
        hand_over_logs=args.hand_over_logs,
        progress=sys.stderr if sys.stderr.isatty() else None,
        max_rejected=limit,
    )
    if on_dask:
        from servicepolicy.cli._dask import dask_calls

        inputs["calls"] = dask_calls(policy, args.calls, args.scheduler, limit)
    bar = _progress() if sys.stderr.isatty() else None
    report = policy.check(
        now=now, progress=bar, select=_codes(args.select), ignore=_codes(args.ignore), **inputs
    )
    if bar is _bar:
        print(file=sys.stderr)
    over = _over_limit(report, limit)
    if over:  # rows the check itself rejected (a ticket opened after --now)
        raise DataFileError("\n".join(over), rejected=report.rejected)
    _write(report, args.format, args.output, out)
    for failure in report.plugin_failures:  # the check is incomplete: exit 2, as bad input
        print(f"servicepolicy check: {printable(failure)}", file=sys.stderr)
    if report.plugin_failures:
        return EXIT_INVALID
    return EXIT_OK if report.ok else EXIT_VIOLATIONS


def _engine(args: argparse.Namespace, mappings: dict[str, Any]) -> bool:
    """Whether the calls are counted on Dask; a combination that cannot be is refused."""
    from servicepolicy.errors import InvalidArgumentError

    engine = getattr(args, "engine", "local")
    scheduler = getattr(args, "scheduler", None)
    if engine != "dask":
        if scheduler is not None:
            raise InvalidArgumentError("--scheduler", scheduler, "--engine dask with it")
        return False
    if args.calls is None:
        raise InvalidArgumentError(
            "--engine", engine, "--calls with it (the dask engine counts calls)"
        )
    from servicepolicy.dask import require_dask

    require_dask()  # before any file is read
    if mappings.get("calls") is not None:
        raise InvalidArgumentError(
            "--engine",
            engine,
            "a calls file in the library's own columns (no --map calls=, no [inputs.calls] "
            "mapping, no --tz or --encoding): the dask engine reads no mappings",
        )
    return True


def _refuse_output(args: argparse.Namespace) -> None:
    from servicepolicy.report.output import refuse_target

    inputs = [
        Path(p)
        for p in (args.tickets, args.calls, args.surveys, args.attendance, args.hand_over_logs)
        if p is not None
    ]
    inputs += args.requests
    if args.policy is not None and Path(args.policy).exists():
        inputs.append(Path(args.policy))
    if args.roster is not None:
        inputs += [
            args.roster / f"{stem}{suffix}"
            for stem in ("employees", "shifts")
            for suffix in (".csv", ".jsonl", ".ndjson")
        ]
    refuse_target(args.output, inputs, force=args.force)


def _mappings(policy: Any, args: argparse.Namespace) -> dict[str, Any]:
    """The input mappings: the policy's, ``--map`` replacing them, ``--tz`` and
    ``--encoding`` set on all."""
    from servicepolicy.errors import InvalidArgumentError
    from servicepolicy.io.mapping import INPUTS
    from servicepolicy.policy.inputs import input_mappings, load_mapping

    if args.encoding is not None:
        import codecs

        try:
            codecs.lookup(args.encoding)
        except LookupError:
            raise InvalidArgumentError("--encoding", args.encoding, "a text encoding") from None
    if args.tz is not None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(args.tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidArgumentError("--tz", args.tz, "an IANA time zone") from None
    overrides = {}
    for item in args.map:
        name, equals, target = item.partition("=")
        if not equals or name not in INPUTS or not target:
            raise InvalidArgumentError(
                "--map", item, f"INPUT=PRESET_OR_FILE with INPUT one of {', '.join(INPUTS)}"
            )
        overrides[name] = load_mapping(target)
    return input_mappings(policy, overrides, tz=args.tz, encoding=args.encoding)


def _over_limit(report: Any, limit: Any) -> list[str]:
    """Each input of ``report`` with more rejected rows than ``limit`` allows, and its
    rejected rows."""
    problems = []
    for summary in report.inputs:
        rows = summary.records + summary.rejected
        if limit.allows(rejected=summary.rejected, rows=rows):
            continue
        name = summary.source or summary.name
        problems.append(
            f"{name}: {summary.rejected} of {rows} rows rejected, more than "
            f"max-rejected {limit} allows ({limit.allowed(rows)}):"
        )
        problems += [f"  {row}" for row in report.rejected if row.startswith(name)]
    return problems


def _policy_for(name: str | None) -> Any:
    """The policy named, or the one discovered from the working directory (said on
    stderr, as ruff and pytest say which configuration they use)."""
    from servicepolicy.errors import InvalidArgumentError
    from servicepolicy.policy import load_policy
    from servicepolicy.policy.discovery import discover, load_discovered

    if name is not None:
        return load_policy(name)
    found = discover()
    if found is None:
        raise InvalidArgumentError(
            "policy",
            None,
            "a policy file or built-in name, or a servicepolicy.toml or a pyproject.toml with "
            "[tool.servicepolicy] in this directory or above",
        )
    print(f"servicepolicy check: using the policy in {found}", file=sys.stderr)
    return load_discovered(found)


def _codes(text: str | None) -> list[str] | None:
    return None if text is None else [c for c in text.replace(",", " ").split() if c]


def _progress() -> Any:
    """``True`` (a tqdm bar) when tqdm is installed, else the plain bar."""
    import importlib.util

    return True if importlib.util.find_spec("tqdm") is not None else _bar


def _when(text: str | None) -> Any:
    """``--now``: ``None`` (the default, the end of the data), ``"today"``,
    ``"end-of-data"`` or an ISO instant."""
    if text is None or text in ("today", "end-of-data"):
        return text
    return _instant(text)


def _bar(what: str, done: int, total: int) -> None:
    """A progress bar on stderr (a terminal only)."""
    width = 30
    filled = width * done // max(total, 1)
    print(
        f"\r{what}: [{'#' * filled}{' ' * (width - filled)}] {done:,}/{total:,}",
        end="",
        file=sys.stderr,
        flush=True,
    )


def _instant(text: str) -> datetime:
    from servicepolicy.errors import InvalidArgumentError
    from servicepolicy.io.tabular import Bad, parse_instant

    try:
        return parse_instant("--now", text)
    except Bad as problem:
        raise InvalidArgumentError(
            "--now", text, "an ISO 8601 datetime with offset", message=str(problem)
        ) from None


def _write(report: Any, format: str, output: Path | None, out: TextIO) -> None:
    from servicepolicy.report.formats import FORMATS, render_sarif

    if format == "sarif":
        text = render_sarif(report, describe=_rule_text)
    elif format == "junit":
        from servicepolicy import plugins
        from servicepolicy.report.formats import render_junit

        text = render_junit(report, catalogue=tuple(plugins.rules().values()))
    else:
        text = FORMATS[format](report)
    if output is None:
        _print(out, text if text.endswith("\n") else text + "\n")
        return
    from servicepolicy.report.output import write_report

    write_report(output, text)
    _print(out, f"{printable(report.summary())}\nreport written to {output}\n")


def _print(out: TextIO, text: str) -> None:
    """``text`` on ``out``; what its encoding cannot write is written as escapes."""
    try:
        out.write(text)
    except UnicodeEncodeError:
        encoding = getattr(out, "encoding", None) or "ascii"
        out.write(text.encode(encoding, "backslashreplace").decode(encoding))


def _rule_text(rule_id: str) -> str | None:
    from servicepolicy import plugins

    found = plugins.rules().get(rule_id)
    return None if found is None else found.text
