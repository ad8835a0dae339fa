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
from pathlib import Path
from typing import Any, TextIO

from servicepolicy import __version__
from servicepolicy.cli._check import EXIT_INVALID, EXIT_OK, EXIT_VIOLATIONS, _check
from servicepolicy.errors import ServicePolicyError
from servicepolicy.limits import os_reason, printable

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_VIOLATIONS",
    "main",
    "main_entry",
]

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
    check.add_argument(
        "policy",
        nargs="?",
        help="a policy file (TOML or YAML) or a built-in policy name; without it, the nearest "
        "servicepolicy.toml or pyproject.toml [tool.servicepolicy] from here upwards",
    )
    check.add_argument("--tickets", type=Path, help="ticket events, JSON Lines, CSV or Parquet")
    check.add_argument("--calls", type=Path, help="call records, CSV, JSON Lines or Parquet")
    check.add_argument("--surveys", type=Path, help="survey responses, CSV, JSON Lines or Parquet")
    check.add_argument("--roster", type=Path, help="a directory with employees.csv and shifts.csv")
    check.add_argument(
        "--requests",
        type=Path,
        action="append",
        default=[],
        help="leave or swap requests (CSV, JSON Lines or Parquet); may be given twice",
    )
    check.add_argument("--attendance", type=Path, help="clock records, CSV, JSON Lines or Parquet")
    check.add_argument("--hand-over-logs", type=Path, help="shift hand-over logs (ATT-4)")
    check.add_argument(
        "--now",
        default="end-of-data",
        metavar="WHEN",
        help="the instant to judge at: 'end-of-data' (the default: the latest instant in the "
        "data, so the same data always give the same report; a ticket still open is judged "
        "as it stood at the last event), 'today' (the present instant: open tickets' clocks "
        "run until now), or an ISO 8601 instant with its offset, 2026-12-01T09:00+08:00",
    )
    check.add_argument(
        "--select",
        metavar="RULES",
        help="report only these rules: IDs or prefixes, comma-separated (SWAP,LEAVE-7); "
        "replaces the policy's [check] select",
    )
    check.add_argument(
        "--ignore",
        metavar="RULES",
        help="do not report these rules: IDs or prefixes (SLA-5,ATT); replaces [check] ignore",
    )
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
    check.add_argument(
        "--engine",
        default="local",
        choices=("local", "dask"),
        help="where the calls are counted: local (this process, the default) or dask (in "
        "parts on Dask workers, the same report; needs servicepolicy[dask]); --calls may "
        "then be a Parquet glob or directory",
    )
    check.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: the address of a running Dask scheduler (tcp://host:8786); "
        "default: a local cluster of 2 workers",
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
    explain.add_argument("rule_id", metavar="RULE-ID", nargs="?")
    explain.add_argument(
        "--all", action="store_true", help="the whole catalogue, core and plugins, as a table"
    )
    explain.add_argument("--format", default="text", choices=("text", "json"))

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
    demo.add_argument(
        "--write-data",
        type=Path,
        metavar="DIR",
        help="write the example month's input files to DIR (every expected shape) instead",
    )

    mapper = commands.add_parser(
        "map",
        help="print a mapping (TOML) to start from for an exported file: a preset it "
        "recognises, or its columns guessed; what it could not place is flagged",
    )
    mapper.add_argument("file", type=Path, metavar="FILE", help="a CSV export")
    mapper.add_argument("--tz", help="the IANA zone of its times, written into the mapping")
    mapper.add_argument(
        "--encoding", help="its text encoding (gb18030 …), written into the mapping"
    )
    mapper.add_argument(
        "--rows", type=int, default=20, help="how many rows to look at (default 20)"
    )
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
        "map": _map_file,
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


def _explain(args: argparse.Namespace, out: TextIO) -> int:
    from servicepolicy import plugins
    from servicepolicy.rulebook import explain

    catalogue = plugins.rules()
    if args.all:
        print(_catalogue(catalogue, args.format), file=out)
        return EXIT_OK
    if args.rule_id is None:
        from servicepolicy.errors import InvalidArgumentError

        raise InvalidArgumentError("RULE-ID", None, "a rule ID such as SWAP-1, or --all")
    if args.format == "json":
        import json

        from servicepolicy.rulebook import rule

        found = rule(args.rule_id, catalogue)
        print(json.dumps(_rule_record(found), indent=2, ensure_ascii=False), file=out)
        return EXIT_OK
    print(explain(args.rule_id, catalogue), file=out)
    return EXIT_OK


def _rule_record(rule: Any) -> dict[str, Any]:
    from servicepolicy.report.formats import help_uri
    from servicepolicy.report.frames import rule_title

    return {
        "id": rule.id,
        "area": rule.area,
        "title": rule_title(rule),
        "text": rule.text,
        "parameters": list(rule.parameters),
        "implemented_by": rule.implemented_by,
        "help": help_uri(rule.id),
    }


def _catalogue(catalogue: Any, format: str) -> str:
    """The whole catalogue: a table (ID, area, title) or JSON."""
    import json

    from servicepolicy.report.frames import rule_title

    if format == "json":
        return json.dumps(
            [_rule_record(r) for r in catalogue.values()], indent=2, ensure_ascii=False
        )
    width = max((len(r.id) for r in catalogue.values()), default=6)
    areas = max((len(r.area) for r in catalogue.values()), default=4)
    lines = [f"{'RULE':<{width}}  {'AREA':<{areas}}  TITLE"]
    lines += [f"{r.id:<{width}}  {r.area:<{areas}}  {rule_title(r)}" for r in catalogue.values()]
    lines.append(f"{len(catalogue)} rules; servicepolicy explain RULE-ID for one in full")
    return "\n".join(lines)


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
    from servicepolicy.demo import run, write_data

    if args.write_data is not None:
        return write_data(args.write_data, out)
    return run(out, html=args.output)


def _map_file(args: argparse.Namespace, out: TextIO) -> int:
    from servicepolicy.cli._map import map_command

    return map_command(args, out)


def main_entry() -> None:  # pragma: no cover - the console script
    """The ``servicepolicy`` console script."""
    raise SystemExit(main())
