"""The small académie of tests/actions (frozen on 15 January 2027, before the declaration deadline)."""

from tests.actions.conftest import _frozen_today, world  # noqa: F401  (fixtures shared with the domain tests)
