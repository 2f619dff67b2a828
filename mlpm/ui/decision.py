"""The decision settings panel: what counts as success, chosen once for every verdict."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from mlpm.model.problem import Problem
from mlpm.project.decision import DEFAULT_GOAL, GOALS
from mlpm.ui.state import Journey


def decision_panel(journey: Journey, problem: Problem) -> None:
    """Pick the goal (in the PM's words); show the operating point and costs it works with.

    The same settings drive the leaderboard, the verdicts, Evaluate, the pack and the runs.
    """
    goals = [g for g in GOALS.values() if problem.task in g.tasks]
    if len(goals) < 2:
        goal = goals[0] if goals else None
        if goal is not None:
            st.caption(f"**What counts as success:** {goal.label.lower()}. {goal.help}")
        return
    keys = [g.key for g in goals]
    current = journey.decision.goal if journey.decision.goal in keys else DEFAULT_GOAL[problem.task]
    chosen = st.radio("What counts as success?", keys, index=keys.index(current),
                      key="decision_goal", horizontal=True,
                      format_func=lambda k: GOALS[k].label,
                      help="Every verdict in mlpm (this leaderboard, Evaluate, the meeting pack, "
                           "the run history) uses this choice, your threshold and your costs.")
    if chosen != journey.decision.goal:
        journey.decision = replace(journey.decision, goal=chosen)
    goal = journey.decision.goal_for(problem.task)
    note = f"{goal.help}"
    if chosen == "money" and goal.key != "money":
        note = ("Enter what outcomes are worth on Evaluate first; until then models are "
                f"compared on {goal.label.lower()}.")
    where = ("move it on Evaluate" if not journey.decision.capacity else
             f"set by your team's capacity of {journey.decision.capacity:,.0f} cases a month on "
             "Capacity & pilot")
    st.caption(f"{note} Threshold: {journey.threshold:.2f} ({where}).")
