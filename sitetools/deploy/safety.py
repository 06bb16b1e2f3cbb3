"""Guards for every local path a deploy writes or deletes."""

from __future__ import annotations

from pathlib import Path


class DeployError(Exception):
    """A deploy that cannot go ahead; the message says why and what to change."""


def separate(output: Path, target: Path, project: Path) -> None:
    """A local target may not overlap the built site or hold the project (or be the project)."""
    output, target, project = output.resolve(), target.resolve(), project.resolve()
    if target == output or target.is_relative_to(output) or output.is_relative_to(target):
        raise DeployError(f"the deploy target {target} overlaps the built site {output}")
    if project.is_relative_to(target):
        raise DeployError(f"the deploy target {target} contains the project {project}")
