"""FastAPI dependencies: how routes get the runtime, the store and the settings (never from
`request.app.state` by hand). Tests may override them with `app.dependency_overrides`."""

from typing import Annotated

from fastapi import Depends, Request

from policykg.settings import Settings
from policykg.store import Store
from policykg.web.runtime import Runtime


def get_runtime(request: Request) -> Runtime:
    """The app's runtime (made when the app starts: app.create_app's lifespan)."""
    return request.app.state.runtime


def get_store(runtime: Annotated[Runtime, Depends(get_runtime)]) -> Store:
    return runtime.store


def get_settings(runtime: Annotated[Runtime, Depends(get_runtime)]) -> Settings:
    return runtime.settings


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
