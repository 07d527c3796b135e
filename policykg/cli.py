"""The `policykg` command: one typer app, one module per subcommand in policykg/commands/."""

import contextlib
import importlib
import sys

import click
import typer
import typer.exceptions
from rich.console import Console

from policykg.errors import PolicykgError

COMMANDS = [
    "build",
    "ingest",
    "add",
    "load",
    "query",
    "validate",
    "stats",
    "trace",
    "analyze",
    "viz",
    "serve",
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


def _exception_classes(name: str) -> tuple[type[BaseException], ...]:
    """The class `name` of click and of the click copy recent typer vendors (typer._click):
    typer raises its copy's classes, which `except click.ClickException` does not match."""
    modules = [click.exceptions, typer.exceptions]
    with contextlib.suppress(ImportError):
        modules.append(importlib.import_module("typer._click.exceptions"))
    return tuple({getattr(m, name) for m in modules if hasattr(m, name)})


_USAGE = _exception_classes("ClickException")
_NO_ARGS = _exception_classes("NoArgsIsHelpError")
_ABORT = _exception_classes("Abort")


def _lang() -> str:
    from policykg.commands.common import requested_lang

    return requested_lang()


def _fail(message: str, code: int = 2) -> None:
    """One line on stderr (no markup: messages quote user input and data) and exit; 'lỗi:'
    before it in Vietnamese, 'error:' in English."""
    from policykg.web.i18n import text as say

    text = " ".join(str(message).split())
    Console(stderr=True, highlight=False, soft_wrap=True, emoji=False, markup=False).print(
        f"{say('cli.error', _lang())}: {text}"
    )
    sys.exit(code)


def _os_error(exc: OSError) -> str:
    """'PATH: reason' for a file-system error (a directory given as --out, a full disk), the
    reason in the language asked for."""
    from policykg.web.i18n import os_reason

    reason = os_reason(exc, _lang())
    path = exc.filename2 or exc.filename  # a rename's target is the path the user named
    return f"{path}: {reason}" if path else reason


def _in_language(exc: PolicykgError) -> str:
    """The error in the language asked for, from the translation table (one table for the site
    and the CLI): by its key, else by its English text (translate_message); otherwise as it
    was raised, in English."""
    from policykg.web.i18n import MESSAGES, text, translate_message

    if exc.key in MESSAGES:
        return text(exc.key, _lang(), **exc.values)
    return translate_message(str(exc), _lang())


def main() -> None:
    """Console entry point: user errors become one line on stderr and exit 2, no traceback."""
    try:
        result = app(standalone_mode=False)
    except _NO_ARGS as exc:  # `policykg` alone: the help (rich help is printed already)
        if exc.format_message().strip():
            print(exc.format_message(), file=sys.stderr)
        sys.exit(2)
    except _USAGE as exc:  # unknown option, bad value, missing argument
        from policykg.web.i18n import translate_message

        _fail(translate_message(exc.format_message(), _lang()))
    except _ABORT:
        sys.exit(130)
    except PolicykgError as exc:
        _fail(_in_language(exc), exc.exit_code)
    except OSError as exc:
        _fail(_os_error(exc))
    except KeyboardInterrupt:
        from policykg.web.i18n import text

        Console(stderr=True).print(text("cli.interrupted", _lang()))
        sys.exit(130)
    sys.exit(result if isinstance(result, int) else 0)
