"""SOP workflows declared as data (declaration.py, ktp_el.py), and the one engine that
runs them (engine.py). Words: docs/glossarium.md."""
from app.workflow.declaration import (
    Checklist, Document, Loket, Pengesahan, Requirement, SopHeader, SopStep, State, Step,
    Transition, Workflow, all_workflows, get_workflow, register_workflow, unregister_workflow,
)

__all__ = [
    "Checklist", "Document", "Loket", "Pengesahan", "Requirement", "SopHeader",
    "SopStep", "State", "Step", "Transition", "Workflow", "all_workflows", "get_workflow",
    "register_workflow", "unregister_workflow",
]
