"""Who may do what: the office's roles and the one permissions table (docs/glossarium.md)."""
