"""Each service's own declaration: its workflow (states, transitions, guards, effects) and
what else is particular to it. Registered explicitly by `create_app` (docs/glossarium.md)."""
