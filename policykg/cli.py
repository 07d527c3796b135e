"""The `policykg` command: one typer app, one module per subcommand in policykg/commands/."""

import importlib
import sys

import click
import typer
from rich.console import Console

from policykg.errors import PolicykgError

COMMANDS = [
    "build", "ingest", "load", "query", "validate", "stats", "trace", "analyze", "viz", "serve",
]

app = typer.Typer(
    name="policykg",
    help="A knowledge graph of policy obligations (Directive 28-CT/TW and its cascade).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _name in COMMANDS:
    importlib.import_module(f"policykg.commands.{_name}").register(app)


def main() -> None:
    """Console entry point: user errors become one line on stderr and a non-zero exit."""
    try:
        result = app(standalone_mode=False)
    except click.ClickException as exc:  # usage errors: click's own message, exit 2
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        sys.exit(130)
    except PolicykgError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        Console(stderr=True).print("interrupted")
        sys.exit(130)
    sys.exit(result if isinstance(result, int) else 0)
