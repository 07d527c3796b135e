"""policykg: a knowledge graph of policy obligations (Directive 28-CT/TW and its cascade)."""

__version__ = "0.1.0"
