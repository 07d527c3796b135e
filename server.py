"""The web server's entry point: `uvicorn server:app` (see policykg/web for the application)."""

from policykg.web.app import create_app

app = create_app()
