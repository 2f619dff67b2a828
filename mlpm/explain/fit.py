"""Every sentence of the "Should we use ML?" step, in plain words.

The questions and scoring in :mod:`mlpm.decide` hold no prose, only ids, weights and facts;
all wording lives here, keyed by the same ids, so it can be reviewed in one place. Aim: short
sentences, about grade 9 or below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mlpm.explain.safe import md

if TYPE_CHECKING:
    from mlpm.decide.data_answers import DataCheck
    from mlpm.decide.scoring import SectionScore

# --- page --------------------------------------------------------------------------------

PAGE_TITLE = "Should we use ML?"
PAGE_INTRO = ("Answer a few plain questions about your problem and your data. You get a clear "
              "verdict, the reasons behind it, and a one-page brief to bring to your next "
              "planning meeting.")
TAB_QUESTIONS = "Questionnaire"
TAB_CARD = "Problem card"
TAB_CASES = "Practice cases"

ANSWER_LABELS: dict[str, str] = {
    "yes": "Yes",
    "partly": "Partly",
    "no": "No",
    "not sure": "Not sure",
}
UNANSWERED = "Not answered"

QUESTIONNAIRE_NOTE = ("Answer what you can; the verdict updates as you go. **Not sure** counts a "
                      "little against ML and goes on your list of things to find out.")
WHY_PREFIX = "Why it matters:"
EXAMPLE_PREFIX = "Example:"

VERDICT_HEADING = "Verdict"
EMPTY_VERDICT = ("Answer the questions on the left to get a verdict. It updates as you go, and "
                 "you can stop at any time.")
BAR_EMPTY = "No verdict yet. Answer the questions below: the verdict updates as you go."
BAR_LABEL = "Verdict:"
BAR_SEE_WHY = "See why"


def bar_answered(answered: int, total: int) -> str:
    """The short progress note in the verdict bar."""
    return f"{answered} of {total} answered"


HARD_STOPS_HEADING = "Hard stops"
HARD_STOP_MARK = "Hard stop"
HARD_STOPS_NOTE = "A hard stop beats the score: no number of good answers can outweigh it."
REASONS_HEADING = "Top reasons"
CHANGE_HEADING = "What would change the verdict"
CHART_HEADING = "Score breakdown"
CHART_CAPTION_SECTIONS = ("Each bar is one part of the questionnaire. Right of zero leans "
                          "toward ML, left of zero leans against it.")
CHART_TITLE = "What drives the verdict"
CHART_AXIS = "Points (right: for ML, left: against)"
CHART_TOOLTIPS: dict[str, str] = {"section": "Part", "question": "Question", "answer": "Answer",
                                  "points": "Points", "best": "Best possible",
                                  "answered": "Answered"}
DIRECTION_LABELS: dict[str, str] = {
    "for": "Counts for ML",
    "against": "Counts against ML",
    "unsure": "Not sure yet",
    "neutral": "No effect",
}
CHART_CAPTION = ("Each bar is one answer. Bars to the right count for ML, bars to the left "
                 "count against it. Longer bars matter more.")
DOWNLOAD_HEADING = "Take it to the meeting"
DOWNLOAD_MD = "Brief as Markdown"
DOWNLOAD_HTML = "Brief as a web page"
DOWNLOAD_NOTE = ("The brief holds your problem card, answers, verdict and reasons on one page, "
                 "plus what the data says once you load it. Your answers are also saved in "
                 "this page's link: copy the address bar to share them.")
BRIEF_TITLE = "ML fit brief"
BRIEF_ANSWERS = "Answers"
BRIEF_COLUMNS = ("Question", "Answer", "Points")
BRIEF_BARS_NOTE = ("Each bar runs from the worst to the best possible score of that part; the "
                   "thin line is zero. A bar to the right of the line leans toward ML.")
PROVISIONAL_TAG = "(provisional)"
SUPERVISED_BADGE = "Supervised"
UNSUPERVISED_BADGE = "Unsupervised"
RESET_LABEL = "Reset answers"
RESET_HELP = "Clear every answer and the problem card, and start again."


def answered_sentence(answered: int, total: int) -> str:
    """How much of the questionnaire is done, as a sentence."""
    return f"You answered {answered} of {total} questions."


def score_sentence(points: float, best: float) -> str:
    """What the overall score means."""
    lean = ("more reasons for ML than against" if points > 0 else
            "more reasons against ML than for" if points < 0 else
            "as many reasons for ML as against")
    return (f"Score: {points:+.1f} out of a best possible {best:.1f} for the questions you "
            f"answered. That means {lean}.")


def _effect(points: float, best: float) -> str:
    """What a part of the questionnaire does to the score, without double negatives."""
    if points > 0:
        return f"adds {points:g} of a possible {best:g} points for ML"
    if points < 0:
        return f"counts {abs(points):g} points against ML"
    return "does not move the score"


def section_sentence(points: float, best: float, answered: int, total: int, *,
                     section_id: str = "", warnings: int = 0) -> str:
    """What a section's score means, shown under its heading.

    In "Reasons not to use ML" the answers are warning signs, so the sentence counts the signs
    that apply (``warnings``) instead of saying that a part about reasons against ML "leans
    toward ML".
    """
    if answered == 0:
        return f"No answers yet in this part ({total} questions)."
    done = f"{answered} of {total} answered"
    if section_id == "against":
        signs = ("No warning sign applies so far" if warnings == 0 else
                 "1 warning sign applies" if warnings == 1 else
                 f"{warnings} warning signs apply")
        return f"{signs} ({done}). Overall this part {_effect(points, best)}."
    return f"This part {_effect(points, best)} ({done})."


def answer_effect(favours: str, answer: str, points: float, *, soft: bool = False
                  ) -> tuple[str, str]:
    """One answer's effect: a short badge ("+2 for ML") and a plain note (may be empty).

    For warning signs (a "no" favours ML) the note says whether the sign applies, so the PM
    never reads "No adds points for ML".
    """
    if points > 0:
        badge = f"+{points:g} for ML"
    elif points < 0:
        badge = f"{abs(points):g} against ML"
    else:
        badge = "No effect on the score"
    if answer == "not sure":
        return badge, "Not sure yet, so it goes on your list of things to find out."
    if favours == "no":
        return badge, {"yes": "This warning sign applies.",
                       "partly": "This warning sign partly applies.",
                       "no": "This warning sign does not apply."}.get(answer, "")
    if answer == "no" and soft:
        return badge, "This one is a plus for ML, so a no costs nothing."
    return badge, ""


def section_score_sentence(section: SectionScore) -> str:
    """What one part's score means, shown under its heading."""
    return section_sentence(section.points, section.best, section.answered, section.total,
                            section_id=section.section_id, warnings=section.warnings)


def provisional_sentence(answered: int, total: int, missing_stops: list[str]) -> str:
    """Why the verdict can still change."""
    text = (f"This verdict is provisional: you answered {answered} of {total} questions. "
            "It can still change.")
    if missing_stops:
        text += " Be sure to answer the deal-breakers: " + ", ".join(missing_stops) + "."
    return text


# --- sections ----------------------------------------------------------------------------

@dataclass(frozen=True)
class SectionText:
    """A group of questions: its heading and one line on how to read it."""

    title: str
    intro: str


SECTIONS: dict[str, SectionText] = {
    "problem": SectionText(
        "The problem",
        "Does the problem have the shape ML is good at? A yes counts for ML."),
    "against": SectionText(
        "Reasons not to use ML",
        "Warning signs that ML is the wrong tool. A yes means the sign applies, and it "
        "counts against ML. A no counts for ML."),
    "data": SectionText(
        "The data",
        "A model is only as good as its data, and only as fair as its use. A yes counts for "
        "ML."),
}

# --- questions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionText:
    """Everything a PM reads about one question.

    ``for_ml`` / ``against_ml`` are reasons used in the verdict; ``improve`` says what would
    make the answer count for ML; ``find_out`` says how to answer a "not sure".
    """

    text: str
    short: str
    why: str
    example: str
    for_ml: str
    against_ml: str
    improve: str
    find_out: str


QUESTIONS: dict[str, QuestionText] = {
    # The problem ------------------------------------------------------------------------
    "complex_logic": QuestionText(
        text="Is the logic too complex to write down as clear rules?",
        short="Logic too complex for rules",
        why="ML shines when people can make the call, but can't list every rule they use.",
        example="Spotting spam: there are too many tricks to list, but examples show the "
                "pattern.",
        for_ml="The logic is too complex for hand-written rules, and ML can learn it from "
               "examples.",
        against_ml="The logic is simple enough to write down as rules.",
        improve="If the rules grow too many to manage, ML becomes worth a look.",
        find_out="Ask the people who make this call today if they could write down every rule "
                 "they use."),
    "scales": QuestionText(
        text="Does the problem keep growing, with new items, keywords or combinations all "
             "the time?",
        short="Grows fast",
        why="Rules need a person to update them. ML can handle new cases it has not seen "
            "before.",
        example="A shop adds 500 new products a week, and each one needs a category.",
        for_ml="New cases keep coming, faster than anyone could write rules for them.",
        against_ml="The problem does not grow, so a fixed set of rules can keep up.",
        improve="If new cases start to pile up faster than rules can be updated, ML gains "
                "ground.",
        find_out="Count how many new items, keywords or cases showed up last month."),
    "personalization": QuestionText(
        text="Does the answer need to be different for each person?",
        short="Needs personalization",
        why="No one can write rules for every user. ML can learn each person's taste from what "
            "they do.",
        example="Showing each shopper the products they are most likely to buy.",
        for_ml="Each person needs their own answer, and rules can't do that for millions of "
               "people.",
        against_ml="Everyone gets the same answer, so there is no need to learn each "
                   "person's taste.",
        improve="If you later want answers made for each person, ML gains ground.",
        find_out="Ask if users with different needs should see different results."),
    "real_time": QuestionText(
        text="Must the answers adapt quickly as things change?",
        short="Adapts in real time",
        why="ML can retrain on fresh data and keep up. Rules wait until someone edits them.",
        example="Fraud tricks change every week, so a fraud check must keep up.",
        for_ml="Things change fast, and ML can keep learning from fresh data.",
        against_ml="Nothing needs to adapt quickly.",
        improve="If the answers must keep up with fast changes, ML gains ground.",
        find_out="Check how often the right answer changed over the last year."),
    "labels": QuestionText(
        text="Do you have, or can you get, past examples with the right answer (labels)?",
        short="Has labelled examples",
        why="Most ML learns from examples where the right answer is known. No examples, "
            "nothing to learn from. Say no only if there is no way to get them.",
        example="Past support tickets, each tagged with the team that solved it.",
        for_ml="You have examples of the right answers for a model to learn from.",
        against_ml="There are no examples of the right answers, and no way to get them.",
        improve="Start collecting labels: log the outcomes, or have people tag a few thousand "
                "examples.",
        find_out="Check if past decisions and their outcomes are saved anywhere."),
    "repeats": QuestionText(
        text="Will you make this same kind of decision many times?",
        short="Repeats many times",
        why="ML learns a pattern from many similar cases. A one-off decision has just one "
            "answer to learn from.",
        example="Picking where to build one headquarters happens once. Pricing 10,000 items "
                "every day repeats.",
        for_ml="The same kind of decision comes up again and again, so there is a pattern to "
               "learn.",
        against_ml="It is a one-off decision, with only one answer to learn from.",
        improve="If the same kind of decision came up many times, ML could help.",
        find_out="Count how many times this decision was made last year."),
    # Reasons not to use ML --------------------------------------------------------------
    "simple_rules": QuestionText(
        text="Do simple rules already solve it well enough?",
        short="Simple rules work",
        why="Rules are cheaper, quicker to build and easy to explain. ML has to beat them to "
            "be worth it.",
        example="Free shipping on orders over $50 is a rule, not a model.",
        for_ml="Simple rules don't solve it well enough.",
        against_ml="Simple rules already solve it, so start there.",
        improve="If rules stop keeping up, with too many cases or changes, ML becomes worth a "
                "look.",
        find_out="Write the five rules you would try first, and test them on last month's "
                 "cases."),
    "static": QuestionText(
        text="Would it work fine forever without learning from new data?",
        short="Nothing to adapt to",
        why="ML pays off when the world changes and the system must learn. If nothing "
            "changes, a fixed solution is simpler.",
        example="Turning a phone country code into a country name. The list hardly ever "
                "changes.",
        for_ml="The problem changes over time, so it needs to learn from new data.",
        against_ml="Nothing changes over time, so a fixed solution will do.",
        improve="If the problem starts to change over time, ML gains ground.",
        find_out="Look at how much the right answers changed over the past year."),
    "perfect_accuracy": QuestionText(
        text="Must every single answer be 100% correct?",
        short="Needs 100% accuracy",
        why="Every ML model is wrong sometimes. If one mistake could bring legal or money "
            "trouble, ML alone is too risky.",
        example="Deciding which items are protected by copyright: one miss could mean a "
                "lawsuit.",
        for_ml="A few mistakes are OK, which is what any model will make.",
        against_ml="Every answer must be right, but every model makes some mistakes.",
        improve="If a small error rate were OK, for example with a person checking, ML could "
                "help.",
        find_out="Ask legal or finance what one wrong answer would cost."),
    "full_explain": QuestionText(
        text="Must you explain exactly why for every single decision?",
        short="Needs full explanation",
        why="Many models can't show the exact reason behind each answer. Some laws and "
            "customers demand one.",
        example="A lender may have to tell each person the exact reason their loan was "
                "denied.",
        for_ml="A general idea of what drives the answers is enough.",
        against_ml="Every decision needs an exact reason, which most models can't give.",
        improve="If a general explanation were enough, ML could help.",
        find_out="Ask legal which decisions need a written reason, and how exact it must be."),
    # The data ---------------------------------------------------------------------------
    "data_available": QuestionText(
        text="Is the data available, and can your team get to it?",
        short="Data available",
        why="No access, no model. Data locked in another team's or company's system can "
            "stall a project for months.",
        example="Sales history sits in your own data warehouse, and the team can query it.",
        for_ml="The data is there, and the team can get to it.",
        against_ml="The team can't get to the data.",
        improve="Get access to the data first: find its owner and agree how to share it.",
        find_out="Find out who owns the data and how long access would take."),
    "data_enough": QuestionText(
        text="Is there enough data: thousands of examples, not dozens?",
        short="Enough data",
        why="A model needs many examples to spot a pattern. With too few, it just memorizes "
            "them.",
        example="Two years of orders from 50,000 customers is plenty. 40 customers is not.",
        for_ml="There is enough data to learn from.",
        against_ml="There is too little data to learn a pattern.",
        improve="Collect more examples, or wait until more have built up.",
        find_out="Count the rows: how many past cases, and how many with each outcome?"),
    "data_quality": QuestionText(
        text="Is the data of good quality, with few errors, gaps or duplicates?",
        short="Good quality",
        why="A model learns the mistakes in the data too. Garbage in, garbage out.",
        example="Delivery times typed by hand, with half of them missing, are poor quality.",
        for_ml="The data is clean enough to learn from.",
        against_ml="The data has too many errors or gaps.",
        improve="Fix the errors, gaps and duplicates in the data first.",
        find_out="Look at a sample of 100 rows: how many are missing or wrong?"),
    "data_relevant": QuestionText(
        text="Does the data hold clues about what you want to predict?",
        short="Relevant",
        why="Unrelated data can't help, no matter how much of it there is.",
        example="How people used the app can hint at who will upgrade. Their favourite color "
                "can't.",
        for_ml="The data holds real clues about the answer.",
        against_ml="The data has little to do with what you want to predict.",
        improve="Find data that holds clues about the answer.",
        find_out="Ask the experts which facts they look at when they make this call."),
    "data_fresh": QuestionText(
        text="Is the data fresh, recent enough to match today?",
        short="Fresh",
        why="Old data teaches old habits. If the world changed, the model is out of date on "
            "day one.",
        example="Travel data from before 2020 doesn't show how people book trips today.",
        for_ml="The data is recent enough to match how things work today.",
        against_ml="The data is too old to match today.",
        improve="Get recent data, and plan how to keep it up to date.",
        find_out="Check the dates: when was the newest row added?"),
    "data_representative": QuestionText(
        text="Does the data cover all the users and cases the model will meet?",
        short="Representative",
        why="A model does badly on groups it never saw while learning.",
        example="Voice data from people with only one accent will fail for other accents.",
        for_ml="The data covers the users and cases the model will meet.",
        against_ml="Some users or cases are missing from the data.",
        improve="Add data from the users and cases that are missing.",
        find_out="Compare who is in the data with who will use the product."),
    "data_unbiased": QuestionText(
        text="Is the data free of unfair bias from past decisions?",
        short="Unbiased",
        why="If past decisions were unfair, the model learns to repeat them, at scale.",
        example="Past hiring choices that favoured men will teach a model to favour men.",
        for_ml="The data is free of unfair bias from the past.",
        against_ml="The data carries unfair bias from past decisions, and a model would copy "
                   "it.",
        improve="Remove the bias, or use outcomes that don't depend on past unfair choices.",
        find_out="Check past outcomes for each group: were some treated worse?"),
    "data_permitted": QuestionText(
        text="Are you allowed to use it, with privacy, security and consent covered?",
        short="Allowed to use",
        why="Using data people did not agree to share can break the law and their trust.",
        example="Reading customers' private messages to target ads, without asking them.",
        for_ml="You are allowed to use the data, and it is kept safe.",
        against_ml="You don't have the right to use this data.",
        improve="Get consent, remove private details, or use data you are allowed to use.",
        find_out="Ask your privacy or legal team if this use is allowed."),
    "data_fair": QuestionText(
        text="Can you use it without treating any protected group unfairly?",
        short="Fair to everyone",
        why="Treating people differently by race, religion, gender or age can be illegal "
            "and harmful. That is true even when the data makes it look accurate.",
        example="Showing some products only to people of one ethnic group.",
        for_ml="The use treats every group fairly.",
        against_ml="The use would treat a protected group unfairly.",
        improve="Change the goal so no protected group is treated unfairly.",
        find_out="Ask legal, and test the plan's results for each group."),
}

# --- hard stops --------------------------------------------------------------------------


@dataclass(frozen=True)
class StopText:
    """A deal-breaker: its name, why it overrides the score, and what would lift it."""

    title: str
    why: str
    fix: str


HARD_STOPS: dict[str, StopText] = {
    "needs_100_percent": StopText(
        "Needs 100% accuracy",
        "Every ML model makes some mistakes. Where one mistake brings legal or money risk, ML "
        "can't be trusted to decide alone.",
        "If a small error rate were OK, for example with a person checking each case, this "
        "stop would go away."),
    "needs_full_explanation": StopText(
        "Needs an exact reason for every decision",
        "Most models can't give an exact, provable reason for each single answer.",
        "If a general explanation were enough, this stop would go away. Clear rules or a "
        "simple scorecard may do the job instead."),
    "data_not_allowed": StopText(
        "Data not OK to use",
        "You don't have the right to use this data. Privacy, security or consent is not "
        "covered.",
        "Get consent, remove private details, or choose data you are allowed to use."),
    "discriminates": StopText(
        "Would treat a protected group unfairly",
        "Using ML to treat people differently by race, religion, gender or age is harmful. "
        "It is often illegal too.",
        "Change the goal so no protected group is treated unfairly, and check the results "
        "for each group."),
    "one_off": StopText(
        "A one-off decision",
        "It happens once, so there is only one answer to learn from. That is a job for "
        "careful analysis, not ML.",
        "If the same kind of decision came up many times, ML could help."),
    "no_labels": StopText(
        "No examples of the right answer",
        "There are no past examples of the right answers, and no way to get them. A model "
        "has nothing to learn from.",
        "Start collecting labels: log the outcomes, or have people tag examples. Then come "
        "back."),
    "rules_work": StopText(
        "Simple rules already work",
        "Rules are cheaper, quicker and easier to explain. ML has to beat them to be worth "
        "the cost.",
        "Build the rules and measure them. Come back when they can't keep up."),
}

# --- verdicts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class VerdictText:
    """What a verdict is called, what it means, and the next step.

    ``next_link`` labels the page's link to the next step (Data review); empty when the next
    step is not on another page.
    """

    label: str
    summary: str
    next_step: str
    next_link: str = ""


VERDICTS: dict[str, VerdictText] = {
    "good_fit": VerdictText(
        "Good fit for ML",
        "Your answers describe a problem ML is good at, with data that looks ready.",
        "Next: load a sample of the data, check its quality, and compare a model with simple "
        "rules.",
        "Next: load your data and check it"),
    "rules_first": VerdictText(
        "Try simple rules first",
        "ML might help, but simple rules may do the job for less. Build them first and "
        "measure how well they do.",
        "Next: write the rules, measure them on real cases, and come back if they fall "
        "short.",
        "Next: load real cases to test rules on"),
    "not_ml": VerdictText(
        "Not an ML problem (yet)",
        "Something important stands in the way. Fix it first, or solve the problem another "
        "way.",
        "Next: work on the points under \u201cWhat would change the verdict\u201d, then answer "
        "again."),
}

REASON_MOSTLY_AGAINST = "Overall, your answers give more reasons against ML than for it."
REASON_DATA_NOT_READY = "The data is not ready yet. A model can't be better than its data."
REASON_DATA_GAPS = "The data has gaps that need work before a model can be trusted."
REASON_PROBLEM_WEAK = "The problem itself doesn't clearly need ML."
REASON_MIXED = "The answers are mixed: some point to ML, some don't."

CHANGE_GOOD_FIT = ("The verdict would drop if a deal-breaker showed up: for example, if every "
                   "answer had to be 100% right, or the data could not be used fairly.")


def find_out_sentence(short: str, how: str) -> str:
    """A "not sure" answer turned into a to-do."""
    return f"Find out about \u201c{short}\u201d: {how}"


def change_answer_rest(count: int) -> str:
    """Nudge to finish the questionnaire."""
    noun = "question" if count == 1 else "questions"
    return f"Answer the {count} {noun} you skipped."


# --- data says vs you said --------------------------------------------------------------

NEXT_PAGE_LINK = "Next: Data review"


def next_page_note(dataset: str | None) -> str:
    """Under the link to the next step: what happens there."""
    if dataset:
        return (f"{md(dataset)} is loaded. Check its quality there and choose what to predict. "
                "The data questions here show what the review found.")
    return ("Load a sample of your data. The review checks if it is ready, and the data "
            "questions here then show what it found beside your answers.")


def use_data_answer(answer: str) -> str:
    """Button under a data question: take the answer the data points to."""
    return f"Use the data's answer: {answer}"


USE_DATA_HELP = "Sets your answer to what the data review measured. You can change it again."

DATA_SAYS = "Data says:"
DATA_SAYS_CLEANED = "Data says (after cleaning):"


def data_says_label(cleaning_steps: int = 0) -> str:
    """ "Data says:", or "Data says (after cleaning):" when cleaning steps made the table."""
    return DATA_SAYS_CLEANED if cleaning_steps else DATA_SAYS


def _after_cleaning(cleaning_steps: int) -> str:
    if not cleaning_steps:
        return ""
    return (f" after your {cleaning_steps} cleaning step{'' if cleaning_steps == 1 else 's'} "
            "(not the table as loaded)")
DATA_NONE = ("Load your data, and each data question below shows what the data review measured "
             "beside your answer.")
DATA_LINK_LOAD = "Load data on Data review"
DATA_LINK_OPEN = "See the full data review"
DATA_BRIEF_HEADING = "What the data says"
PILOT_HEADING = "Pilot plan"
DATA_BRIEF_COLUMNS = ("Question", "You said", "Data says", "Match")
DATA_OUTCOME_LABELS: dict[str, str] = {
    "agree": "Matches your answer",
    "differs": "Partly differs",
    "contradiction": "Contradicts your answer",
    "open": "Can help you answer",
    "no_evidence": "Can't tell",
}


def data_intro(name: str, rows: int, target: str | None, *, cleaning_steps: int = 0) -> str:
    """Which data the "Data says" notes come from: the Data review's own lights."""
    what = f", predicting {md(target)}" if target else ""
    return (f"Under each data question: what the data review measured in {md(name)} "
            f"({rows:,} rows{what}){_after_cleaning(cleaning_steps)}, the same lights as on "
            "the Data review page. It does not change the score. It shows where your answers "
            "and the data disagree.")


def data_check_sentence(outcome: str, answer: str, suggested: str, *,
                        detects_only: bool = False) -> str:
    """The data's measure next to the PM's answer, in one or two sentences.

    ``answer`` and ``suggested`` are answer labels ("Yes", "Partly", ...). ``detects_only``
    marks checks that can show a problem but can't prove there is none (privacy, bias,
    coverage).
    """
    if outcome == "agree":
        if detects_only and not suggested:
            return "No sign of a problem, though the review can't see everything."
        return ""
    if outcome in ("differs", "contradiction"):
        found = ("the review found a problem" if outcome == "contradiction" and detects_only else
                 "the review found something to check" if detects_only else
                 f"the data points to {suggested}")
        then = ("Check this before you trust the verdict." if outcome == "contradiction"
                else "Take a closer look.")
        return f"You said {answer}, but {found}. {then}"
    if outcome == "open":
        if suggested:
            return f"The data points to {suggested}. You can use that as your answer."
        return ("The review found no sign of a problem, but it can't see everything. Only you "
                "can answer this one.")
    if detects_only and answer:
        return ("The review found no sign of a problem, but it can't see everything. Your "
                "answer stands.")
    return "The data review can't measure this, so your answer stands."


def data_check_text(check: DataCheck) -> str:
    """The note under a data question: the data's measure next to the PM's answer."""
    return data_check_sentence(check.outcome, ANSWER_LABELS.get(check.answer, ""),
                               ANSWER_LABELS.get(check.suggested, ""),
                               detects_only=check.detects_only)


def _listing(shorts: list[str]) -> str:
    return ", ".join(f"\u201c{s}\u201d" for s in shorts)


def contradictions_sentence(shorts: list[str]) -> str:
    """Warning in the verdict panel: the data disagrees with some answers."""
    if len(shorts) == 1:
        return (f"The data contradicts one of your answers: {_listing(shorts)}. Check it "
                "before you share the verdict.")
    return (f"The data contradicts {len(shorts)} of your answers: {_listing(shorts)}. Check "
            "them before you share the verdict.")


def differences_sentence(shorts: list[str]) -> str:
    """Note in the verdict panel: the data partly differs from some answers."""
    return f"The data partly differs from your answer on {_listing(shorts)}."


def data_brief_intro(name: str, rows: int, version: str, target: str | None, *,
                     cleaning_steps: int = 0) -> str:
    """Which data the brief's evidence comes from."""
    what = f", predicting {md(target)}" if target else ""
    return (f"Measured by the data review on {md(name)}: {rows:,} rows{what}, data version "
            f"{version}{_after_cleaning(cleaning_steps)}. The data does not change the score; "
            "it shows where answers and data disagree.")


# --- framing -----------------------------------------------------------------------------

CARD_INTRO = ("Frame the problem before anyone builds a model: what to solve, how you will "
              "measure success, and what exactly the model should predict.")
CARD_HEADING = "Problem card"
FIELD_PROBLEM = "What problem are we solving?"
FIELD_PROBLEM_HELP = "Say it from the user's side, in one or two sentences."
FIELD_PROBLEM_EXAMPLE = "Shoppers can't find fresh food in search, so they leave."
FIELD_GOAL = "Measurable goal"
FIELD_GOAL_HELP = "A number you can track, with a target and a date."
FIELD_GOAL_EXAMPLE = "Raise search-to-cart rate from 20% to 25% by Q3."
FIELD_PREDICT = "What should the model predict?"
FIELD_PREDICT_HELP = "The one thing the model outputs for each case."
FIELD_PREDICT_EXAMPLE = "For each search query: which product group the shopper wants."
FIELD_TYPE = "Problem type"
FIELD_TYPE_HELP = "Pick the type that matches what you predict. See the examples below."
CARD_LABELS: dict[str, str] = {"problem": "What to solve", "goal": "Measurable goal",
                               "predict": "What to predict", "type": "Problem type"}
FIELD_TYPE_PLACEHOLDER = "Pick a problem type"
TYPES_HEADING = "The six problem types, with an example each"
NOT_FILLED = "Not filled in yet."
PEOPLE_HEADING = "People you will need"
CARD_EMPTY = "Fill in the fields to build the card. It goes into the brief too."

SUPERVISED_TEXT = "Supervised: it learns from examples with the right answer (labels)."
UNSUPERVISED_TEXT = "Unsupervised: it finds patterns on its own, without labels."


def learning_sentence(supervised: bool) -> str:
    """Whether a problem type learns from labels, in plain words."""
    return SUPERVISED_TEXT if supervised else UNSUPERVISED_TEXT


@dataclass(frozen=True)
class ProblemTypeText:
    """One kind of ML problem, with a plain example."""

    name: str
    what: str
    example: str


PROBLEM_TYPES: dict[str, ProblemTypeText] = {
    "classification": ProblemTypeText(
        "Classification", "Sorts each case into one of a few groups.",
        "Will this customer cancel next month: yes or no?"),
    "regression": ProblemTypeText(
        "Regression", "Predicts a number.",
        "How many units of each product will we sell next week?"),
    "clustering": ProblemTypeText(
        "Clustering", "Finds groups of similar cases, without being told the groups.",
        "Group shoppers into segments by how they shop."),
    "ranking": ProblemTypeText(
        "Ranking", "Puts items in the best order.",
        "Order search results so the most useful ones come first."),
    "recommendation": ProblemTypeText(
        "Recommendation", "Suggests items each person is likely to want.",
        "Movies you may like, based on what you watched."),
    "anomaly_detection": ProblemTypeText(
        "Anomaly detection", "Spots the rare cases that look unlike the rest.",
        "Flag a strange spike in card payments that could be fraud."),
}


@dataclass(frozen=True)
class RoleText:
    """A role an ML project needs, and why."""

    title: str
    why: str


ROLES: dict[str, RoleText] = {
    "ml_scientist": RoleText(
        "ML engineers and data scientists",
        "Pick, train and test the model, and check that it beats simple rules."),
    "data_engineer": RoleText(
        "Data engineers",
        "Build the pipes that collect, clean and deliver the data on time."),
    "software_engineer": RoleText(
        "Software engineers",
        "Put the model into the product and keep it fast and reliable."),
    "bi_engineer": RoleText(
        "BI engineers",
        "Build dashboards that track the goal, so you can see if the model helps."),
}

# --- practice cases ----------------------------------------------------------------------

CASES_INTRO = ("Test your instinct on real-world cases. Pick an answer to see the reasoning. "
               "Each case teaches one of the questions from the questionnaire.")
CASE_QUESTION = "Does ML fit?"
CASE_CHOICES: dict[str, str] = {"fits": "ML fits", "does_not_fit": "ML does not fit"}
CASE_RIGHT = "Right."
CASE_WRONG = "Not quite."
CASE_TEACHES = "Teaches:"


def quiz_sentence(right: int, answered: int, total: int) -> str:
    """The practice score, as a sentence."""
    if answered == 0:
        return f"{total} cases to try. Your score shows up here."
    return f"You got {right} of {answered} right so far ({total} cases in all)."


@dataclass(frozen=True)
class CaseText:
    """A practice case: a short title, the situation, and the reasoning behind the answer."""

    title: str
    situation: str
    reasoning: str


CASES: dict[str, CaseText] = {
    "copyright_apparel": CaseText(
        "Copyright-protected apparel",
        "A clothing marketplace wants a model to decide which items are protected by "
        "copyright, and block them.",
        "Does not fit. This needs 100% accuracy: one wrong call could lead to a lawsuit and "
        "big fines. Every model makes some mistakes, so the money risk is too high."),
    "resume_priority": CaseText(
        "Prioritising resumes",
        "HR wants a model that ranks job applicants, trained on ten years of past hiring "
        "decisions.",
        "Does not fit. The past decisions carry bias: if some groups were hired less, the "
        "model learns to rank them lower and repeats the unfairness at scale."),
    "ethnic_products": CaseText(
        "Products for one ethnic group",
        "A shop wants a model to find products to sell only to shoppers of one ethnic group.",
        "Does not fit. Targeting people by ethnic group is discrimination against a "
        "protected group. It is harmful and often illegal, however accurate the model is."),
    "seller_revenue": CaseText(
        "Sellers with the most revenue potential",
        "A marketplace wants to find which new sellers could bring the most revenue, so its "
        "team can help them first. It has years of data on past sellers.",
        "Fits. Many signals mix in complex ways that are hard to write as rules, and past "
        "sellers' revenue gives labelled examples to learn from."),
    "headquarters": CaseText(
        "Where to build the next headquarters",
        "The company must choose the city for its next headquarters.",
        "Does not fit. It is a one-off decision with a single answer, so there is no pattern "
        "to learn. Careful analysis works better."),
    "grocery_search": CaseText(
        "Which search queries a grocery store should cover",
        "An online grocery store wants to know which search queries to handle, as shoppers "
        "type thousands of new phrases every week.",
        "Fits. New keywords and product combinations show up all the time. No one could keep "
        "rules up to date, but a model can learn from search logs."),
    "streaming_homepage": CaseText(
        "A homepage for each viewer",
        "A video app wants each viewer's homepage to show the shows they are most likely to "
        "watch.",
        "Fits. Every viewer needs a different answer. Rules can't cover millions of tastes, "
        "but a model can learn each one from what people watch."),
    "card_fraud": CaseText(
        "Catching card fraud as it happens",
        "A payment company wants to flag fraud while the payment is made. Fraudsters change "
        "their tricks every few weeks.",
        "Fits. The patterns change fast, so the check must adapt in real time. A model can "
        "retrain on fresh fraud cases; fixed rules fall behind."),
    "ticket_routing": CaseText(
        "Sending support tickets to the right team",
        "A help desk wants new tickets sent to the right team. Agents have tagged every "
        "ticket with its team for three years.",
        "Fits. Three years of tagged tickets are labelled examples: each one shows the right "
        "answer. That is exactly what a model learns from."),
    "free_shipping": CaseText(
        "Free shipping",
        "The team wants ML to decide which orders ship free. The policy is: orders over $50 "
        "ship free.",
        "Does not fit. One simple rule solves it exactly. A model would be more costly, "
        "slower to build and harder to explain."),
    "country_codes": CaseText(
        "Country from a phone code",
        "A checkout form should fill in the country from the phone's country code. The list "
        "of codes hardly ever changes.",
        "Does not fit. Nothing needs to adapt to new data. A fixed lookup table is right "
        "every time and never needs retraining."),
    "loan_reasons": CaseText(
        "Loan decisions with a reason for each",
        "A bank must give every rejected applicant the exact reason for the decision, by "
        "law.",
        "Does not fit (as the decision maker). The law needs a full, exact reason for every "
        "single decision, and most models can't give one. A clear scorecard is safer."),
    "partner_traffic": CaseText(
        "Foot traffic from a partner's data",
        "A retailer wants to predict store visits using a partner's phone location data. The "
        "partner has not agreed to share it, and no one knows when they will.",
        "Does not fit (yet). The data isn't available. No access, no model, however good the "
        "idea is."),
    "new_product_churn": CaseText(
        "Churn for a brand-new product",
        "A product launched last month has 40 customers. The PM wants a model to predict who "
        "will cancel.",
        "Does not fit (yet). 40 examples are far too few to learn a pattern. A model would "
        "just memorize them. Talk to the customers instead."),
    "demand_forecast": CaseText(
        "Daily demand for a grocery chain",
        "A grocery chain wants to forecast daily sales for 2,000 products. It has five years "
        "of sales per store and per day.",
        "Fits. Five years of daily sales for thousands of products is plenty of data, and the "
        "same forecast is needed every day."),
    "delivery_times": CaseText(
        "Delivery times typed by hand",
        "A courier wants to predict delivery times. Drivers type the times by hand, and half "
        "of them are missing or clearly wrong.",
        "Does not fit (yet). The data quality is too poor: the model would learn the typing "
        "mistakes. Fix how times are recorded first."),
    "trial_upgrades": CaseText(
        "Which trial users will upgrade",
        "A software company wants to predict which free-trial users will pay. It has logs of "
        "what each user did during the trial, and who paid.",
        "Fits. What people do in the trial holds real clues about who will pay, so the data "
        "is relevant to the prediction."),
    "travel_bookings": CaseText(
        "Travel bookings from old data",
        "A travel site wants to predict bookings using only data from before 2020.",
        "Does not fit (yet). The data is not fresh. People book trips very differently now, "
        "so the model would learn old habits."),
    "voice_accents": CaseText(
        "A voice assistant for everyone",
        "A voice assistant will launch in many countries, but its training recordings come "
        "from people with only one accent.",
        "Does not fit (yet). The data is not representative. The model would fail for "
        "people with other accents. Collect voices from all your users first."),
    "private_messages": CaseText(
        "Ads from private messages",
        "A team wants to read customers' private chat messages to target ads. Customers never "
        "agreed to this.",
        "Does not fit. The data is not OK to use: there is no consent, and it breaks privacy "
        "and trust."),
}
