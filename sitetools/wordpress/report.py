"""The import report: every item and comment read, and what became of it.

Totals add up: items read = written + unchanged + kept (edited by hand) + skipped,
and the same for comments. A *loss* is content that did not make it (an unknown
shortcode, a missing image); a *note* is a change the writer may want to know
(a renamed slug, an embed turned into a link). ``--strict`` fails on any loss.
Only titles, ids and statuses appear: never a commenter's address or a password,
and contact-form responses only as a count.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field

WRITTEN = "written"
UNCHANGED = "unchanged"
KEPT = "kept (edited since import)"
SKIPPED = "skipped"


@dataclass
class Entry:
    """One item of the export (a post, page, attachment ...) and its outcome."""

    wp_id: str
    wp_type: str
    wp_status: str
    title: str
    outcome: str = ""
    path: str = ""
    reason: str = ""
    losses: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Everything the import did, for the terminal and for wordpress-import/report.*."""

    source: str = ""
    entries: list[Entry] = field(default_factory=list)
    feedback: int = 0
    comments: Counter = field(default_factory=Counter)  # outcome/reason -> count
    comments_read: int = 0
    comment_notes: list[str] = field(default_factory=list)
    files: Counter = field(default_factory=Counter)  # written/unchanged/kept for all files
    kept_files: list[str] = field(default_factory=list)
    media_missing: list[str] = field(default_factory=list)
    media_unused: int = 0
    general: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def losses(self) -> list[str]:
        """Every loss, each prefixed with the item it belongs to."""
        found = [f"{e.wp_type} {e.wp_id}: {loss}" for e in self.entries for loss in e.losses]
        return found + [f"file not written (edited since import): {p}" for p in self.kept_files]

    def totals(self) -> dict[str, int]:
        """Counts per outcome; ``read`` equals the sum of the others."""
        outcomes = Counter(e.outcome for e in self.entries)
        result = {"read": len(self.entries) + self.feedback, **outcomes}
        result[SKIPPED] = result.get(SKIPPED, 0) + self.feedback
        return result

    def format(self) -> str:
        """The report as a person reads it."""
        totals = self.totals()
        lines = [f"WordPress import of {self.source}" + (" (dry run: nothing written)"
                                                          if self.dry_run else ""), ""]
        lines.append("Items: " + ", ".join(f"{v} {k}" for k, v in totals.items()))
        for outcome in (WRITTEN, UNCHANGED, KEPT, SKIPPED):
            chosen = [e for e in self.entries if e.outcome == outcome]
            if not chosen:
                continue
            lines += ["", f"{outcome.capitalize()} ({len(chosen)}):"]
            for e in chosen:
                where = f" -> {e.path}" if e.path else ""
                why = f" [{e.reason}]" if e.reason else ""
                lines.append(f"  {e.wp_type} {e.wp_id} ({e.wp_status}) {e.title!r}{where}{why}")
                lines += [f"      loss: {x}" for x in e.losses]
                lines += [f"      note: {x}" for x in e.notes]
        if self.feedback:
            lines += ["", f"Contact-form responses: {self.feedback} skipped, never read "
                          "(other people's names and messages)"]
        lines += ["", f"Comments: {self.comments_read} read: " + ", ".join(
            f"{v} {k}" for k, v in sorted(self.comments.items()))]
        lines += [f"  note: {x}" for x in self.comment_notes]
        lines += ["", "Files: " + ", ".join(f"{v} {k}" for k, v in sorted(self.files.items()))]
        lines += [f"  kept, edited since the import (--force replaces): {p}"
                  for p in self.kept_files]
        if self.media_missing:
            lines += ["", f"Images and files still pointing at WordPress "
                          f"({len(self.media_missing)}):"]
            lines += [f"  {m}" for m in self.media_missing]
        if self.media_unused:
            lines.append(f"Media files no imported post shows (not copied): {self.media_unused}")
        lines += [f"Note: {x}" for x in self.general]
        losses = self.losses
        lines += ["", f"Losses: {len(losses)}" + (" (--strict fails on these)" if losses else "")]
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        """The same report for tools."""
        data = {"source": self.source, "totals": self.totals(), "dry_run": self.dry_run,
                "entries": [asdict(e) for e in self.entries], "feedback": self.feedback,
                "comments": {"read": self.comments_read, **self.comments},
                "comment_notes": self.comment_notes, "files": dict(self.files),
                "kept_files": self.kept_files, "media_missing": self.media_missing,
                "losses": self.losses}
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
