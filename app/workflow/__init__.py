"""SOP workflows declared as data, and the one engine that runs them."""
from app.workflow.declaration import (
    Requirement, SopStep, State, Transition, Workflow, get_workflow, register_workflow,
)

__all__ = [
    "Requirement", "SopStep", "State", "Transition", "Workflow", "get_workflow",
    "register_workflow",
]
