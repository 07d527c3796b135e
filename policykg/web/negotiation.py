"""Moved to policykg/negotiation.py (content negotiation in one module); kept as an alias."""

from policykg.negotiation import *  # noqa: F403
from policykg.negotiation import NotAcceptable, choose, from_format, parse_accept  # noqa: F401
