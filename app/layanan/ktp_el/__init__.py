"""The KTP-el service of Kecamatan Takeran: its SOP as a workflow (workflow.py), the guards
and effects of its transitions (guards.py, effects.py)."""
