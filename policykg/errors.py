"""Errors a user can act on. The CLI prints their message on one line and exits with `exit_code`;
the server turns them into 4xx JSON responses."""


class PolicykgError(Exception):
    """Bad input or an unusable resource: a message for the user, no traceback."""

    exit_code = 2
    http_status = 400


class NotFoundError(PolicykgError):
    http_status = 404


class StoreError(PolicykgError):
    """The store (embedded or remote) cannot be read or written."""

    http_status = 503
