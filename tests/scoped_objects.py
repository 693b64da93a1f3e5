"""Objects out of everyone's scope, for tests/office/test_every_url.py.

Every app whose office URLs take an object adds `tests/<app>/scoped_objects.py` with

    from tests.scoped_objects import scoped_object_factory

    @scoped_object_factory
    def problems(world, foreign):
        # one object inside `world` (e.g. in world.village_a1) and one in `foreign`
        # (a dict with the foreign county's "county", "township", "village", "person", "unit")
        ...

so that the URL walk finds, for each of its views, an object the user may see and one the user
may not see.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

FACTORIES: list[Callable] = []


def scoped_object_factory(fn: Callable) -> Callable:
    FACTORIES.append(fn)
    return fn


def load_all() -> list[Callable]:
    for path in sorted(Path(__file__).parent.glob("*/scoped_objects.py")):
        importlib.import_module(f"tests.{path.parent.name}.scoped_objects")
    return FACTORIES
