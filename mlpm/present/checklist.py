"""The productization checklist: hosting, storage, privacy, monitoring, retraining, uptime, cost.

Answers are plain data (key -> choice and notes) kept in the PM's journey; this module turns
them into a status, Markdown/HTML for download and an item of the meeting pack.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from mlpm.explain.lifecycle import CHECKLIST_INTRO, CHECKLIST_ITEMS, checklist_status
from mlpm.explain.safe import md


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    title: str
    question: str
    why: str
    options: tuple[str, ...]
    risky: tuple[str, ...] = ()


ITEMS: tuple[ChecklistItem, ...] = tuple(
    ChecklistItem(key=str(d["key"]), title=str(d["title"]), question=str(d["question"]),
                  why=str(d["why"]), options=tuple(d["options"]),  # type: ignore[arg-type]
                  risky=tuple(d.get("risky", ())))  # type: ignore[arg-type]
    for d in CHECKLIST_ITEMS)


@dataclass(frozen=True)
class Checklist:
    """The PM's answers: item key -> {"choice": str, "notes": str}."""

    answers: dict[str, dict[str, str]] = field(default_factory=dict)

    def choice(self, key: str) -> str:
        return (self.answers.get(key) or {}).get("choice", "")

    def notes(self, key: str) -> str:
        return (self.answers.get(key) or {}).get("notes", "")

    @property
    def answered(self) -> int:
        return sum(bool(self.choice(item.key)) for item in ITEMS)

    @property
    def risks(self) -> list[str]:
        """Items left open or answered in a way that needs work before launch."""
        return [f"{item.title}: {self.choice(item.key)}" for item in ITEMS
                if self.choice(item.key) in item.risky]

    @property
    def status(self) -> str:
        return checklist_status(self.answered, len(ITEMS), self.risks)

    def rows(self) -> list[dict[str, str]]:
        return [{"topic": item.title, "question": item.question,
                 "answer": self.choice(item.key) or "(not answered)",
                 "notes": self.notes(item.key)} for item in ITEMS]

    def markdown(self, title: str = "Ship it: productization checklist") -> str:
        lines = [f"# {title}", "", CHECKLIST_INTRO, "", f"**{self.status}**", ""]
        for row in self.rows():
            lines.append(f"## {row['topic']}")
            lines.append(f"*{row['question']}*")
            lines.append("")
            lines.append(f"**Answer:** {row['answer']}")
            if row["notes"]:
                lines.append("")
                lines.append(md(row["notes"]))
            lines.append("")
        return "\n".join(lines)

    def html(self, title: str = "Ship it: productization checklist") -> str:
        parts = [f"<!doctype html><meta charset='utf-8'><title>{html.escape(title)}</title>",
                 "<body style='font-family:sans-serif;max-width:760px;margin:2em auto'>",
                 f"<h1>{html.escape(title)}</h1><p>{html.escape(CHECKLIST_INTRO)}</p>",
                 f"<p><b>{html.escape(self.status)}</b></p>"]
        for row in self.rows():
            parts.append(f"<h2>{html.escape(row['topic'])}</h2><p><i>"
                         f"{html.escape(row['question'])}</i></p><p><b>Answer:</b> "
                         f"{html.escape(row['answer'])}</p>")
            if row["notes"]:
                parts.append(f"<p>{html.escape(row['notes'])}</p>")
        parts.append("</body>")
        return "\n".join(parts)

    def pack_item(self) -> Any:
        """The checklist as an item of the meeting pack (``mlpm.present.export.pack.PackItem``)."""
        from mlpm.present.export.pack import PackItem

        points = tuple(f"{r['topic']}: {r['answer']}"
                       + (f" ({md(r['notes'])})" if r["notes"] else "") for r in self.rows())
        return PackItem(key="productize", title="Ship it: productization checklist",
                        headline=self.status, points=points, notes=CHECKLIST_INTRO)

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, "answered": self.answered, "risks": self.risks,
                "items": self.rows()}
