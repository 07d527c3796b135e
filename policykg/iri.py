"""The one check for IRIs that come from users (graph names, endpoint URLs, the protocol's
default-graph-uri / named-graph-uri, trace and query parameters) before they are written into
SPARQL text between < and >: an absolute IRI (RFC 3987: a scheme, then no spaces, controls or
the characters <>"{}|\\^`). Such a value cannot close the IRI and add operations
(`urn:x:a> ; DROP GRAPH <...`)."""

import re
from urllib.parse import urlsplit

from policykg.errors import PolicykgError

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:.")
_FORBIDDEN = re.compile(r'[\x00-\x20\x7f<>"{}|\\^`]')


def absolute_iri(value: str, what: str = "IRI") -> str:
    """`value` unchanged if it is an absolute IRI, else PolicykgError naming `what`."""
    if not isinstance(value, str) or not _SCHEME.match(value) or _FORBIDDEN.search(value):
        raise PolicykgError(
            f"not a valid {what}: {value!r} (an absolute IRI: scheme:..., without spaces "
            'or any of <>"{}|\\^`)'
        )
    return value


def iri_ref(value: str, what: str = "IRI") -> str:
    """<value>, for SPARQL text."""
    return f"<{absolute_iri(value, what)}>"


def http_url(value: str, what: str = "endpoint") -> str:
    """An http(s) URL with a host (a SPARQL endpoint)."""
    parts = urlsplit(absolute_iri(value, what))
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise PolicykgError(f"{what} must be an http(s) URL with a host: {value!r}")
    return value
