"""The share link: answers and the problem card as short URL query params, and back.

The format is a stable interface (old links must keep opening): ``fit`` holds a version digit
and then one letter per question in :data:`~mlpm.decide.questions.QUESTIONS` order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from mlpm.decide.framing import FRAME_FIELDS, FRAME_PREFIX, framing_from_answers
from mlpm.decide.questions import QUESTIONS, clean_answers

QUERY_ANSWERS = "fit"
QUERY_FRAME: dict[str, str] = {"problem": "fp", "goal": "fg", "predict": "fw", "type": "ft"}
QUERY_KEYS: tuple[str, ...] = (QUERY_ANSWERS, *QUERY_FRAME.values())
_CODE_VERSION = "1"
_CODES: dict[str, str] = {"yes": "y", "partly": "p", "no": "n", "not sure": "u"}
_FROM_CODE: dict[str, str] = {v: k for k, v in _CODES.items()}
_BLANK = "-"


def encode_answers(answers: Mapping[str, str]) -> dict[str, str]:
    """Answers and framing as short query params, so a link restores the whole step.

    ``fit`` holds a version digit and then one letter per question in :data:`QUESTIONS`
    order: y(es), p(artly), n(o), u (not sure), ``-`` (unanswered); trailing blanks are cut.
    Framing text goes to ``fp`` (problem), ``fg`` (goal), ``fw`` (what to predict) and
    ``ft`` (problem type id). Empty values are left out.

    >>> encode_answers({"complex_logic": "yes", "labels": "not sure"})
    {'fit': '1y---u'}
    """
    given = clean_answers(answers)
    code = "".join(_CODES.get(given.get(q.id, ""), _BLANK) for q in QUESTIONS).rstrip(_BLANK)
    params: dict[str, str] = {}
    if code:
        params[QUERY_ANSWERS] = _CODE_VERSION + code
    card = framing_from_answers(answers)
    for name, value in zip(FRAME_FIELDS, (card.problem, card.goal, card.predict,
                                          card.problem_type), strict=True):
        if value:
            params[QUERY_FRAME[name]] = value
    return params


def _last(value: str | Iterable[str] | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    items = list(value)
    return str(items[-1]) if items else ""


def decode_answers(params: Mapping[str, str | Iterable[str]]) -> dict[str, str]:
    """Read answers and ``frame_*`` fields back from query params; bad input is ignored.

    >>> decode_answers({"fit": "1y---u"})
    {'complex_logic': 'yes', 'labels': 'not sure'}
    """
    out: dict[str, str] = {}
    code = _last(params.get(QUERY_ANSWERS)).strip()
    if code.startswith(_CODE_VERSION):
        for q, letter in zip(QUESTIONS, code[len(_CODE_VERSION):], strict=False):
            answer = _FROM_CODE.get(letter.lower())
            if answer:
                out[q.id] = answer
    raw = {f"{FRAME_PREFIX}{name}": _last(params.get(key)) for name, key in QUERY_FRAME.items()}
    out.update(framing_from_answers(raw).to_answers())
    return out
