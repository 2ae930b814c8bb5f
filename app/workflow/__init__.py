"""The shape of an SOP workflow declared as data (declaration.py) and the one engine that
runs any of them (engine.py); each service declares its own in app/layanan/. This floor
imports no service, document or survey module. Words: docs/glossarium.md."""
from app.workflow.declaration import (
    Checklist, Document, Loket, Pengesahan, Requirement, SopHeader, SopStep, State, Step,
    Transition, Workflow, all_workflows, get_workflow, register_workflow, unregister_workflow,
)

__all__ = [
    "Checklist", "Document", "Loket", "Pengesahan", "Requirement", "SopHeader",
    "SopStep", "State", "Step", "Transition", "Workflow", "all_workflows", "get_workflow",
    "register_workflow", "unregister_workflow",
]
