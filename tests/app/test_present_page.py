"""The Present page: items from the journey, downloads, presentation mode."""

from __future__ import annotations

from app_checks import no_exception
from streamlit.testing.v1 import AppTest

from mlpm.explain.safe import plain


def test_present_asks_for_results_first(app: AppTest) -> None:
    app.switch_page("pages/present.py").run()
    no_exception(app)
    assert any("Nothing to present yet" in str(i.value) for i in app.info)


def test_present_offers_the_pack_for_a_trained_model(trained: AppTest) -> None:
    trained.switch_page("pages/present.py").run()
    no_exception(trained)
    items = trained.multiselect(key="pack_items")
    assert items.value == ["readiness", "split", "leaderboard", "confusion", "drivers"]
    hints = " ".join(str(m.value) for m in trained.markdown)
    assert "**What is it worth? (money curve)**: enter what each outcome is worth" in hints
    labels = [b.label for b in trained.get("download_button")]
    assert labels[:3] == ["Slide deck (PPTX)", "Web report (HTML)", "Model card (Markdown)"]
    assert trained.text_input(key="pack_recommendation").value.startswith("Pilot ")
    items.set_value(["confusion"]).run()
    assert "**3 slides**" in " ".join(str(m.value) for m in trained.markdown)


def test_presentation_mode_sticks_across_pages(trained: AppTest) -> None:
    trained.switch_page("pages/evaluate.py").run()
    trained.toggle(key="presenting").set_value(True).run()
    no_exception(trained)
    assert trained.session_state["mlpm_journey"].presenting
    trained.switch_page("pages/train.py").run()
    assert trained.toggle(key="presenting").value is True


def test_presentation_mode_shows_the_pack_and_keeps_the_choices(trained: AppTest) -> None:
    trained.switch_page("pages/present.py").run()
    trained.multiselect(key="pack_items").set_value(["confusion", "leaderboard"]).run()
    trained.text_input(key="pack_title").input("Churn pilot: go?").run()
    trained.toggle(key="presenting").set_value(True).run()
    no_exception(trained)
    assert [plain(h.value) for h in trained.header] == ["Churn pilot: go?"]  # escaped (issue 13)
    assert not trained.multiselect  # the controls are not drawn for the audience
    titles = [str(m.value) for m in trained.markdown if str(m.value).startswith("#### ")]
    assert titles == ["#### What the model gets right and wrong", "#### Does ML beat doing nothing?"]
    trained.toggle(key="presenting").set_value(False).run()
    assert trained.multiselect(key="pack_items").value == ["confusion", "leaderboard"]
    assert trained.text_input(key="pack_title").value == "Churn pilot: go?"


def test_items_move_earlier_and_later(trained: AppTest) -> None:
    trained.switch_page("pages/present.py").run()
    assert trained.multiselect(key="pack_items").value == ["readiness", "split", "leaderboard",
                                                           "confusion", "drivers"]
    assert trained.button(key="up_readiness").disabled
    trained.button(key="down_readiness").click().run()
    no_exception(trained)
    assert trained.multiselect(key="pack_items").value == ["split", "readiness", "leaderboard",
                                                           "confusion", "drivers"]
    trained.button(key="up_confusion").click().run()
    order = ["split", "readiness", "confusion", "leaderboard", "drivers"]
    assert trained.multiselect(key="pack_items").value == order
    titles = [str(m.value) for m in trained.markdown if str(m.value).startswith("#### ")]
    assert titles[2:] == ["#### What the model gets right and wrong",
                          "#### Does ML beat doing nothing?", "#### What drives it?"]
