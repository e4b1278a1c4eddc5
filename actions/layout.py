# Temporary: the module is now actions/snapshot.py.
from actions.history import periods_as_at  # noqa: F401
from actions.snapshot import *  # noqa: F403
from actions.snapshot import _snapshot  # noqa: F401
