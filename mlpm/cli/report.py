"""``mlpm report``: the meeting pack from the command line (same builders as the Present page)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from mlpm.errors import UserError
from mlpm.project.goals import CV_FOLDS, GOALS

FORMATS = {".pptx": "deck", ".html": "report", ".md": "card", ".json": "facts"}


def add_parser(sub: argparse._SubParsersAction) -> None:
    rep = sub.add_parser("report", help="build a deck (.pptx), web report (.html) or model card (.md)")
    rep.add_argument("file")
    rep.add_argument("--target", required=True)
    rep.add_argument("--model", help="catalogue key; default: the task's standard model")
    rep.add_argument("--out", required=True,
                     help="deck.pptx, report.html, card.md, or facts.json (the facts behind "
                          "every slide: recommendation, best model, metric, threshold, verdicts)")
    rep.add_argument("--threshold", type=float, default=0.5,
                     help="operating point of yes/no models: flag a case at this chance")
    rep.add_argument("--goal", choices=sorted(GOALS), default="",
                     help="what counts as success; default: the task's (F1 for yes/no)")
    rep.add_argument("--rule", help="your own if-then rule, compared like a model")
    rep.add_argument("--cv", type=int, default=CV_FOLDS, metavar="FOLDS",
                     help="cross-validation folds behind 'clearly better' (0 to skip)")
    rep.add_argument("--title", default="")
    rep.add_argument("--recommendation", default="")
    rep.add_argument("--no-curve", action="store_true", help="skip the learning curve (faster)")
    rep.add_argument("--validation-curve", action="store_true",
                     help="add the validation curve (the model's complexity sweet spot; slower)")
    rep.add_argument("--group", help="column to compare groups on (fairness), e.g. gender")
    money = rep.add_argument_group("money (yes/no targets): what each outcome is worth")
    money.add_argument("--value-caught", type=float, default=0.0,
                       help="value of each real case the model finds (TP)")
    money.add_argument("--cost-false-alarm", type=float, default=0.0,
                       help="cost of each false alarm (FP)")
    money.add_argument("--cost-missed", type=float, default=0.0,
                       help="cost of each real case missed (FN)")
    money.add_argument("--value-correct-no", type=float, default=0.0,
                       help="value of each case rightly left alone (TN)")
    money.add_argument("--cases-per-month", type=float, default=1000.0)
    money.add_argument("--currency", default="€")
    rep.add_argument("--json", action="store_true", help="print what was written as JSON")


def run(args: argparse.Namespace) -> int:
    from mlpm.data.load import load_table
    from mlpm.data.quality import review
    from mlpm.evaluate.curves import learning_curve, validation_curve
    from mlpm.evaluate.money import Costs
    from mlpm.explain.safe import plain
    from mlpm.explain.training import facts_json
    from mlpm.present.export.deck import build_deck
    from mlpm.present.export.model_card import build_model_card
    from mlpm.present.export.report import build_report
    from mlpm.present.pack import Analysis, build_pack, card_facts
    from mlpm.project.decision import DecisionSettings
    from mlpm.project.pipeline import run as run_journey
    from mlpm.project.results import Results

    out = Path(args.out)
    kind = FORMATS.get(out.suffix.lower())
    if kind is None:
        raise UserError(f"Cannot write a '{out.suffix or 'file without extension'}' file.",
                        "Name the output .pptx (deck), .html (report), .md (model card) or "
                        ".json (the facts).")
    if not 0.0 <= args.threshold <= 1.0:
        raise UserError("The threshold must be between 0 and 1.", "For example --threshold 0.4.")
    costs = Costs(args.value_caught, args.cost_false_alarm, args.cost_missed,
                  args.value_correct_no, args.cases_per_month, args.currency)
    dataset = load_table(args.file)
    if args.group and args.group not in dataset.frame.columns:
        raise UserError(f"There is no column called '{args.group}' to compare groups on.",
                        "Pass --group with one of the file's columns, e.g. gender or region.")
    result = run_journey(dataset, args.target, model_key=args.model, rule=args.rule,
                         cv_folds=args.cv)
    problem, split, key = result.problem, result.split, result.model.key
    decision = DecisionSettings(goal=args.goal, threshold=round(args.threshold, 2), costs=costs)
    # The curves score in the analysis' decision metric at its threshold (issue 14).
    curve = None if args.no_curve else learning_curve(dataset, problem, split, key,
                                                      decision=decision)
    validation = validation_curve(dataset, problem, split, key, decision=decision) \
        if args.validation_curve else None
    analysis = Analysis(dataset=dataset, problem=problem, split=split,
                        models={m.key: m for m in result.contenders},
                        selected_model=key, threshold=decision.threshold, curve=curve,
                        readiness=review(dataset, problem.target).readiness,
                        costs=costs,
                        validation=validation, fairness_column=args.group, decision=decision)
    pack = build_pack(analysis, title=args.title, recommendation=args.recommendation)
    if kind == "facts":
        facts = facts_json(Results(analysis))
        facts["pack"] = {"title": pack.title, "recommendation": plain(pack.recommendation),
                         "items": [i.key for i in pack.items]}
        out.write_text(json.dumps(facts, indent=2, ensure_ascii=False), encoding="utf-8")
    elif kind == "deck":
        out.write_bytes(build_deck(pack))
    elif kind == "report":
        out.write_text(build_report(pack), encoding="utf-8")
    else:
        out.write_text(build_model_card(card_facts(analysis)), encoding="utf-8")
    summary = {"out": str(out), "kind": kind, "items": [i.key for i in pack.items],
               "model": result.model.key, "data_version": dataset.version}
    print(json.dumps(summary, indent=2) if args.json else f"Wrote {kind} to {out}")
    return 0
