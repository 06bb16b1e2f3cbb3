"""What the site check found, and how it is printed for a person."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing that is wrong: which check saw it, in which output file, and what."""

    check: str
    file: str
    message: str


@dataclass
class Report:
    """Problems found per check, plus the checks that ran and the ones skipped."""

    problems: list[Problem] = field(default_factory=list)
    ran: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no check found a problem."""
        return not self.problems

    def add(self, check: str, problems: list[Problem]) -> None:
        """Record that ``check`` ran and what it found."""
        self.ran.append(check)
        self.problems.extend(problems)

    def of(self, check: str) -> list[Problem]:
        """The problems one check found."""
        return [p for p in self.problems if p.check == check]

    def format(self) -> str:
        """A readable report: problems grouped by check, then by file, then a summary."""
        lines: list[str] = []
        for check in self.ran:
            found = self.of(check)
            mark = "ok" if not found else f"{len(found)} problem(s)"
            lines.append(f"[{check}] {mark}")
            by_file: dict[str, list[str]] = defaultdict(list)
            for problem in found:
                by_file[problem.file].append(problem.message)
            for name in sorted(by_file):
                lines.append(f"  {name}")
                lines.extend(f"    - {message}" for message in by_file[name])
        for check in self.skipped:
            lines.append(f"[{check}] skipped")
        verdict = (
            "site check passed"
            if self.ok
            else f"site check FAILED: {len(self.problems)} problem(s)"
        )
        lines.append(verdict)
        return "\n".join(lines)
