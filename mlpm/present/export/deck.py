"""A PPTX deck from a :class:`MeetingPack` (python-pptx): title, one slide per item, closing."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from mlpm.explain.safe import plain
from mlpm.present.export.pack import MeetingPack, PackItem

INK = RGBColor(0x21, 0x25, 0x29)
ACCENT = RGBColor(0x3B, 0x5B, 0xDB)
MUTED = RGBColor(0x68, 0x6E, 0x76)
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.6)


def build_deck(pack: MeetingPack) -> bytes:
    """The deck as .pptx bytes; speaker notes carry the plain sentences."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_W, SLIDE_H
    blank = deck.slide_layouts[6]

    slide = deck.slides.add_slide(blank)
    _text(slide, pack.title, top=Inches(2.4), size=40, bold=True)
    if pack.subtitle:
        _text(slide, pack.subtitle, top=Inches(3.5), size=18, color=MUTED)
    if pack.recommendation:
        _text(slide, pack.recommendation, top=Inches(4.4), size=22, color=ACCENT)
    _notes(slide, "Made with mlpm. " + pack.recommendation)

    for item in pack.items:
        _item_slide(deck.slides.add_slide(blank), item)

    slide = deck.slides.add_slide(blank)
    _text(slide, "Recommendation and next steps", top=MARGIN, size=30, bold=True)
    _text(slide, pack.recommendation or "Decide with the evidence in this deck.",
          top=Inches(1.5), size=22, color=ACCENT)
    steps = [plain(s) for s in pack.next_steps]
    _bullets(slide, steps, top=Inches(2.6), size=20)
    _notes(slide, " ".join(steps))

    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


HEADLINE_CHARS = 115  # two lines at 18 pt across the slide
WIDE = 2.2  # charts wider than this (width / height) get the full width, bullets below


def slide_text(item: PackItem) -> tuple[str, tuple[str, ...]]:
    """The slide's headline (at most two lines) and its bullets, never repeating a sentence.

    A long headline keeps its first sentence; the rest moves to the top of the bullets. Plain
    text: the item's Markdown sentences with the PM's names as typed.
    """
    headline, rest = plain(item.headline), ""
    if len(headline) > HEADLINE_CHARS:
        cut = headline.find(". ")
        if 0 < cut < HEADLINE_CHARS:
            headline, rest = headline[: cut + 1], headline[cut + 2:]
    points: list[str] = [rest] if rest else []
    for point in map(plain, item.points):
        if point != plain(item.headline) and point not in points:
            points.append(point)
    return headline, tuple(points)


def _item_slide(slide, item: PackItem) -> None:
    headline, points = slide_text(item)
    _text(slide, plain(item.title), top=Inches(0.35), size=28, bold=True)
    _text(slide, headline, top=Inches(1.1), size=18, color=ACCENT)
    top = Inches(1.95)
    room = SLIDE_H - top - Inches(0.3)
    if item.figure is not None:
        caption = plain(item.figure.takeaway) not in (plain(item.headline), headline)
        picture = slide.shapes.add_picture(io.BytesIO(item.figure.png(scale=2, caption=caption)),
                                           MARGIN, top)
        wide = picture.width / picture.height > WIDE
        if wide or not points:
            _fit(picture, max_w=SLIDE_W - 2 * MARGIN,
                 max_h=room - (Inches(1.6) if points else 0))
            if points:
                _bullets(slide, points, top=top + picture.height + Inches(0.25), size=16)
        else:
            _fit(picture, max_w=Inches(7.9), max_h=room)
            _bullets(slide, points, top=top, size=16, left=Inches(8.8), width=Inches(4.0))
    elif points:
        _bullets(slide, points, top=top, size=18)
    _notes(slide, plain(item.notes or " ".join([item.headline, *item.points])))


def _fit(picture, *, max_w: Emu, max_h: Emu) -> None:
    """Scale a picture to fill the box, keeping its shape (rendered at 2×, it stays sharp)."""
    ratio = min(max_w / picture.width, max_h / picture.height)
    picture.width, picture.height = int(picture.width * ratio), int(picture.height * ratio)


def _text(slide, text: str, *, top: Emu, size: int, bold: bool = False,
          color: RGBColor = INK) -> None:
    box = slide.shapes.add_textbox(MARGIN, top, SLIDE_W - 2 * MARGIN, Inches(0.8))
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, color


def _bullets(slide, points: tuple[str, ...] | list[str], *, top: Emu, size: int,
             left: Emu = MARGIN, width: Emu | None = None) -> None:
    box = slide.shapes.add_textbox(left, top, width or SLIDE_W - 2 * MARGIN, Inches(4.5))
    frame = box.text_frame
    frame.word_wrap = True
    for i, point in enumerate(points):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(10)
        run = paragraph.add_run()
        run.text = f"• {point}"
        run.font.size, run.font.color.rgb = Pt(size), INK


def _notes(slide, text: str) -> None:
    slide.notes_slide.notes_text_frame.text = text
