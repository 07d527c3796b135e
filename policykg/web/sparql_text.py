"""Moved to policykg/sparql_text.py (SPARQL text handling in one module); kept as an alias."""

from policykg.sparql_text import *  # noqa: F403
from policykg.sparql_text import tokens, with_base, with_dataset, with_limit, with_using  # noqa: F401
