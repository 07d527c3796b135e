"""The server's settings are policykg's settings (policykg/settings.py); kept as an alias."""

from policykg.settings import Settings

__all__ = ["Settings"]
