"""SLA-1: the most specific target wins; specificity is by strict subset, per selector."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.errors import InvalidPolicyError
from servicepolicy.sla import Metric, SlaPolicy, SlaTarget

H = timedelta(hours=1)
RESOLUTION = Metric.RESOLUTION


def winner(sla: SlaPolicy, kind: str, tier: str | None, priority: str | None, channel: str) -> str:
    found, _ = sla.target_for(RESOLUTION, kind, tier, priority, channel)
    return "-" if found is None else found.name


def test_sla1_key_accounts_and_strategic_the_subset_wins() -> None:
    """SLA-1: "key accounts (strategic + important) 8 h; strategic 4 h" is a valid policy:
    the strategic target names a strict subset of the key-account tiers."""
    sla = SlaPolicy(
        [
            SlaTarget("key", "resolution", 8 * H, tiers=["strategic", "important"]),
            SlaTarget("strategic", "resolution", 4 * H, tiers="strategic"),
            SlaTarget("everyone", "resolution", 24 * H),
        ]
    )
    assert winner(sla, "complaint", "strategic", None, "phone") == "strategic"
    assert winner(sla, "complaint", "important", "P1", "email") == "key"
    assert winner(sla, "inquiry", "potential", None, "phone") == "everyone"
    assert winner(sla, "inquiry", None, None, "phone") == "everyone"
    assert sla.target_for(RESOLUTION, "complaint", "strategic", None, "phone")[1] == 3


@pytest.mark.parametrize(
    ("wide", "narrow"),
    [
        ({"priorities": ["P1", "P2"]}, {"priorities": "P1"}),
        ({"channels": ["phone", "email", "chat"]}, {"channels": ["phone", "chat"]}),
        ({"kinds": ["complaint", "after_sales"]}, {"kinds": "complaint"}),
        ({}, {"channels": "visit"}),  # an open selector is the least specific
        ({"kinds": "complaint"}, {"kinds": "complaint", "tiers": ["strategic", "important"]}),
        (
            {"kinds": "complaint", "tiers": ["strategic", "important"], "priorities": ["P1"]},
            {"kinds": "complaint", "tiers": ["strategic"], "priorities": ["P1"]},
        ),
    ],
)
def test_sla1_a_strict_subset_in_one_selector_is_more_specific(
    wide: dict[str, object], narrow: dict[str, object]
) -> None:
    """SLA-1: naming fewer values in one selector (the others equal) is more specific, in
    every selector; the narrower target wins where both match, the wider elsewhere."""
    a = SlaTarget("wide", "resolution", 8 * H, **wide)  # type: ignore[arg-type]
    b = SlaTarget("narrow", "resolution", 4 * H, **narrow)  # type: ignore[arg-type]
    assert b.more_specific_than(a) and not a.more_specific_than(b)
    sla = SlaPolicy([a, b])
    for profile in itertools.product(
        ["complaint", "after_sales", "inquiry"],
        ["strategic", "important", None],
        ["P1", "P2", None],
        ["phone", "email", "chat", "visit"],
    ):
        expected = "narrow" if b.matches(*profile) else "wide" if a.matches(*profile) else "-"
        assert winner(sla, *profile) == expected, profile


def test_sla1_incomparable_targets_are_refused_unless_settled() -> None:
    """SLA-1: targets more specific in different selectors (complaints of key accounts vs
    strategic customers on any kind) are a true tie where both match; a target more
    specific than both settles it.  Equal selectors tie too."""
    complaints = SlaTarget(
        "key-complaints", "resolution", 8 * H, kinds="complaint", tiers=["strategic", "important"]
    )
    strategic = SlaTarget("strategic", "resolution", 4 * H, tiers="strategic")
    assert not complaints.more_specific_than(strategic)
    assert not strategic.more_specific_than(complaints)
    with pytest.raises(InvalidPolicyError, match="'key-complaints' and 'strategic'"):
        SlaPolicy([complaints, strategic])
    both = SlaTarget("both", "resolution", 2 * H, kinds="complaint", tiers="strategic")
    sla = SlaPolicy([complaints, strategic, both])
    assert winner(sla, "complaint", "strategic", None, "phone") == "both"
    assert winner(sla, "complaint", "important", None, "phone") == "key-complaints"
    assert winner(sla, "inquiry", "strategic", None, "phone") == "strategic"
    # settled only for P1: P2 complaints of strategic customers still tie
    p1 = SlaTarget("p1", "resolution", H, kinds="complaint", tiers="strategic", priorities="P1")
    with pytest.raises(InvalidPolicyError, match="both match kind=complaint, tier=strategic and"):
        SlaPolicy([complaints, strategic, p1])
    twin = SlaTarget("twin", "resolution", 3 * H, tiers="strategic")
    with pytest.raises(InvalidPolicyError, match="'strategic' and 'twin'"):
        SlaPolicy([strategic, twin])
    assert not twin.more_specific_than(strategic)
    # overlapping values, neither a subset of the other
    ab = SlaTarget("ab", "resolution", H, priorities=["P1", "P2"])
    bc = SlaTarget("bc", "resolution", H, priorities=["P2", "P3"])
    with pytest.raises(InvalidPolicyError, match="priority=P2"):
        SlaPolicy([ab, bc])
    SlaPolicy([ab, SlaTarget("c", "resolution", H, priorities=["P3"])])  # disjoint


def test_sla1_specificity_is_per_metric_and_defaults_compete_on_it() -> None:
    """SLA-1: targets of different metrics never compete; the defaults (a plugin's) compete
    with the policy's targets on specificity: a more specific default beats a catch-all
    target, and of two equally specific ones the policy's own wins (and is listed by
    ``overrides``)."""
    sla = SlaPolicy(
        [
            SlaTarget("all", "resolution", 8 * H),
            SlaTarget("answer", "first_response", H, tiers="strategic"),
            SlaTarget("mine", "resolution", 3 * H, kinds="inquiry"),
        ],
        defaults=[
            SlaTarget("plugin", "resolution", 2 * H, kinds="complaint", tiers="strategic"),
            SlaTarget("theirs", "resolution", 5 * H, kinds="inquiry"),
        ],
    )
    assert winner(sla, "complaint", "strategic", None, "phone") == "plugin"
    assert winner(sla, "complaint", "important", None, "phone") == "all"
    assert winner(sla, "inquiry", None, None, "phone") == "mine"
    assert [(a.name, b.name) for a, b in sla.overrides()] == [("mine", "theirs")]


# -- the law -------------------------------------------------------------------------------------

POOLS = {
    "kinds": ["complaint", "inquiry"],
    "tiers": ["strategic", "important"],
    "priorities": ["P1", "P2"],
    "channels": ["phone", "chat"],
}
OTHER = {"kinds": "feedback", "tiers": None, "priorities": None, "channels": "visit"}


def selector(pool: list[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(pool), unique=True, max_size=len(pool))


@st.composite
def target_sets(draw: st.DrawFn) -> list[SlaTarget]:
    n = draw(st.integers(1, 5))
    return [
        SlaTarget(
            f"t{i}",
            "resolution",
            (i + 1) * H,
            **{name: draw(selector(pool)) for name, pool in POOLS.items()},  # type: ignore[arg-type]
        )
        for i in range(n)
    ]


PROFILES = list(itertools.product(*[[*POOLS[n], OTHER[n]] for n in POOLS]))


@settings(max_examples=300, deadline=None)
@given(target_sets())
def test_sla1_law_every_ticket_gets_exactly_one_most_specific_target(
    targets: list[SlaTarget],
) -> None:
    """SLA-1 law: a set of targets is accepted exactly when, for every ticket, the matching
    targets have one minimal element by :meth:`SlaTarget.more_specific_than`; then that
    target is chosen, and it is more specific than every other matching target (never
    less specific than one)."""
    ties = []
    for profile in PROFILES:
        matching = [t for t in targets if t.matches(*profile)]  # type: ignore[arg-type]
        minimal = [t for t in matching if not any(o.more_specific_than(t) for o in matching)]
        if len(minimal) > 1:
            ties.append(profile)
    try:
        sla = SlaPolicy(targets)
    except InvalidPolicyError:
        assert ties, "refused although every ticket has one most specific target"
        return
    assert not ties, f"accepted although {ties[0]} has two most specific targets"
    for profile in PROFILES:
        matching = [t for t in targets if t.matches(*profile)]  # type: ignore[arg-type]
        chosen, count = sla.target_for(RESOLUTION, *profile)  # type: ignore[arg-type]
        assert count == len(matching)
        if not matching:
            assert chosen is None
            continue
        assert chosen in matching
        for other in matching:
            assert other is chosen or chosen.more_specific_than(other)  # type: ignore[union-attr]
            assert not other.more_specific_than(chosen)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(target_sets(), target_sets(), target_sets())
def test_sla1_law_more_specific_is_a_strict_partial_order(
    a: list[SlaTarget], b: list[SlaTarget], c: list[SlaTarget]
) -> None:
    """SLA-1 law: "more specific than" is irreflexive, asymmetric and transitive, and a
    more specific target matches only tickets the other matches."""
    x, y, z = a[0], b[0], c[0]
    assert not x.more_specific_than(x)
    assert not (x.more_specific_than(y) and y.more_specific_than(x))
    if x.more_specific_than(y) and y.more_specific_than(z):
        assert x.more_specific_than(z)
    if x.more_specific_than(y):
        for profile in PROFILES:
            assert not x.matches(*profile) or y.matches(*profile)  # type: ignore[arg-type]
