"""The admin as PCC office staff use it: the plan (plan), each quarter's progress against it
(progress) and the report editions with their workflow (periods), on shared bases (base,
guards, amend)."""

from priorities.admin import periods, plan, progress  # noqa: F401 (each registers its models)
