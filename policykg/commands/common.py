"""Small parsing helpers shared by subcommands."""

from datetime import date

from policykg.errors import PolicykgError


def parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PolicykgError(f"not a date (YYYY-MM-DD): {value!r}") from None
