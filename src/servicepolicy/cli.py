"""The ``servicepolicy`` command: check a policy against data, and what helps to do it.

``servicepolicy check POLICY --tickets F --calls F --roster DIR --requests F`` prints one
line per violation (``RULE-ID subject: message``) and a summary, and exits 0 when the data
keeps the policy, 1 when it does not (or rows were rejected), 2 when the policy or the
input cannot be used: every file's problems are listed at once (a missing or unreadable
file, a wrong format, more rejected rows than ``--max-rejected`` allows).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from servicepolicy import __version__
from servicepolicy.errors import DataFileError, ServicePolicyError
from servicepolicy.limits import os_reason, printable

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_VIOLATIONS",
    "main",
    "main_entry",
]

EXIT_OK, EXIT_VIOLATIONS, EXIT_INVALID = 0, 1, 2
EXIT_INTERRUPTED = 130
"""Ctrl-C: the shell's status for a process ended by SIGINT (128 + 2)."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="servicepolicy",
        description="Customer-service policy rules as code: check data against a policy.",
    )
    parser.add_argument("--version", action="version", version=f"servicepolicy {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check", help="check data against a policy (exit 0 clean, 1 violations, 2 invalid)"
    )
    check.add_argument("policy", help="a policy file (TOML or YAML) or a built-in policy name")
    check.add_argument("--tickets", type=Path, help="ticket events, JSON Lines or CSV")
    check.add_argument("--calls", type=Path, help="call records, CSV or JSON Lines")
    check.add_argument("--surveys", type=Path, help="survey responses, CSV or JSON Lines")
    check.add_argument("--roster", type=Path, help="a directory with employees.csv and shifts.csv")
    check.add_argument(
        "--requests",
        type=Path,
        action="append",
        default=[],
        help="leave or swap requests (CSV or JSON Lines); may be given twice",
    )
    check.add_argument("--attendance", type=Path, help="clock records, CSV or JSON Lines")
    check.add_argument("--hand-over-logs", type=Path, help="shift hand-over logs (ATT-4)")
    check.add_argument("--now", help="the instant to judge at, ISO 8601 with an offset")
    check.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="INPUT=PRESET_OR_FILE",
        help="read an input through a mapping: a preset (tickets=zendesk) or a mapping "
        "TOML file (calls=map.toml); replaces the policy's [inputs.INPUT]; repeatable",
    )
    check.add_argument("--tz", help="the IANA zone of naive timestamps in every input")
    check.add_argument("--encoding", help="the text encoding of every input (gb18030 …)")
    check.add_argument(
        "--max-rejected",
        metavar="N|P%",
        help="the rejected rows each input file may have before the data is refused "
        "(exit 2): a number of rows or a percentage of the file's rows, e.g. 5%%; default: "
        "the policy's [reading] max_rejected, else 0. A report with rejected rows is "
        "never ok (exit 1)",
    )
    check.add_argument(
        "--format", default="text", choices=("text", "json", "html", "junit", "sarif")
    )
    check.add_argument("--output", type=Path, help="write the report here instead of stdout")
    check.add_argument(
        "--force",
        action="store_true",
        help="write --output even where it is a symbolic link or one of the input files",
    )

    explain = commands.add_parser(
        "explain", help="a rule's text, parameters and an example (the core's and plugins')"
    )
    explain.add_argument("rule_id", metavar="RULE-ID")

    schema = commands.add_parser("schema", help="the JSON Schema of policy files")
    schema.add_argument("--core", action="store_true", help="without the plugins' sections")

    listing = commands.add_parser(
        "plugins", help="the installed plugins, their versions and hooks; which a policy uses"
    )
    listing.add_argument(
        "--policy", help="a policy file or built-in policy: mark the plugins it uses"
    )

    policy = commands.add_parser("policy", help="print a built-in policy, to start from")
    policy.add_argument("name", help="callcentre, exhibition, logistics or key-accounts")

    demo = commands.add_parser("demo", help="the full check on the built-in example month")
    demo.add_argument("--output", type=Path, help="where to write the HTML report")
    return parser


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    """Run the command; returns the exit status."""
    out = stdout or sys.stdout
    args = _parser().parse_args(argv)
    handlers: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
        "check": _check,
        "explain": _explain,
        "schema": _schema,
        "plugins": _plugins,
        "policy": _policy,
        "demo": _demo,
    }
    try:
        return handlers[args.command](args, out)
    except ServicePolicyError as error:
        _say(args.command, str(error))
        return EXIT_INVALID
    except KeyboardInterrupt:
        _say(args.command, "interrupted (Ctrl-C); no report was written", fresh_line=True)
        return EXIT_INTERRUPTED
    except OSError as error:  # reading an input or writing to stdout failed
        where = f"{error.filename}: " if error.filename else ""
        _say(args.command, f"{where}{os_reason(error)}")
        return EXIT_INVALID


def _say(command: str, message: str, *, fresh_line: bool = False) -> None:
    """One message on stderr, its control characters escaped (it may quote data)."""
    start = "\n" if fresh_line and sys.stderr.isatty() else ""
    print(f"{start}servicepolicy {command}: {printable(message)}", file=sys.stderr)


def _check(args: argparse.Namespace, out: TextIO) -> int:
    from servicepolicy.io.rejected import RejectedLimit
    from servicepolicy.policy import load_policy
    from servicepolicy.policy.inputs import read_inputs

    policy = load_policy(args.policy)
    now = _instant(args.now) if args.now else None
    if args.output is not None:  # refused before the work, not after it
        _refuse_output(args)
    limit = RejectedLimit.parse(
        policy.reading.max_rejected if args.max_rejected is None else args.max_rejected,
        "--max-rejected",
    )
    inputs = read_inputs(
        policy,
        mappings=_mappings(policy, args),
        now=now,
        tickets=args.tickets,
        calls=args.calls,
        surveys=args.surveys,
        roster=args.roster,
        requests=args.requests,
        attendance=args.attendance,
        hand_over_logs=args.hand_over_logs,
        progress=sys.stderr if sys.stderr.isatty() else None,
        max_rejected=limit,
    )
    bar = _bar if sys.stderr.isatty() else None
    report = policy.check(now=now, progress=bar, **inputs)
    if bar is not None:
        print(file=sys.stderr)
    over = _over_limit(report, limit)
    if over:  # rows the check itself rejected (a ticket opened after --now)
        raise DataFileError("\n".join(over), rejected=report.rejected)
    _write(report, args.format, args.output, out)
    return EXIT_OK if report.ok else EXIT_VIOLATIONS


def _refuse_output(args: argparse.Namespace) -> None:
    from servicepolicy.report.output import refuse_target

    inputs = [
        Path(p)
        for p in (args.tickets, args.calls, args.surveys, args.attendance, args.hand_over_logs)
        if p is not None
    ]
    inputs += args.requests
    if Path(args.policy).exists():
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
    from servicepolicy.rulebook import RULES

    found = RULES.get(rule_id)
    return None if found is None else found.text


def _explain(args: argparse.Namespace, out: TextIO) -> int:
    from servicepolicy import plugins
    from servicepolicy.rulebook import explain

    print(explain(args.rule_id, plugins.rules()), file=out)
    return EXIT_OK


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    import json

    from servicepolicy.policy.schema import policy_schema

    print(json.dumps(policy_schema(plugins=not args.core), indent=2, sort_keys=True), file=out)
    return EXIT_OK


def _plugins(args: argparse.Namespace, out: TextIO) -> int:
    from servicepolicy import plugins

    used: tuple[str, ...] | None = None
    if args.policy is not None:
        from servicepolicy.policy import load_policy

        policy = load_policy(args.policy)
        used = policy.plugins.names
        print(f"policy {policy.name!r} uses: {', '.join(used) or 'no plugin'}", file=out)
    for info in plugins.list_plugins():
        mark = ""
        if used is not None and not info.builtin:
            mark = "  [used]" if info.name in used else "  [not used by this policy]"
        print(f"{info}{mark}", file=out)
    for name in plugins.installed_names():
        if plugins.is_disabled(name):
            print(f"{name}: disabled ({plugins.DISABLE_VARIABLE})", file=out)
    return EXIT_OK


def _policy(args: argparse.Namespace, out: TextIO) -> int:
    from servicepolicy.policy import builtin_policy_text

    out.write(builtin_policy_text(args.name))
    return EXIT_OK


def _demo(args: argparse.Namespace, out: TextIO) -> int:
    from servicepolicy.demo import run

    return run(out, html=args.output)


def main_entry() -> None:  # pragma: no cover - the console script
    """The ``servicepolicy`` console script."""
    raise SystemExit(main())
