"""Errors a user can act on. The CLI prints their message on one line and exits with `exit_code`;
the server turns them into 4xx JSON responses."""


class PolicykgError(Exception):
    """Bad input or an unusable resource: a message for the user, no traceback."""

    exit_code = 2
    http_status = 400

    def __init__(self, message: str = "", key: str | None = None, **values: object) -> None:
        # `key` names the message in the translation table (policykg.web.i18n) so the CLI
        # can say it in the user's language; str(error) stays the English message.
        super().__init__(message)
        self.key = key
        self.values = values


class NotFoundError(PolicykgError):
    http_status = 404


class StoreError(PolicykgError):
    """The store (embedded or remote) cannot be read or written."""

    http_status = 503
