"""``servicepolicy.sample.sites``: a k-site month grows every input k-fold, and each site
is judged as its own centre (SWAP-8, SWAP-4, ATT-3 stay within a site)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from servicepolicy.errors import InvalidArgumentError, WrongTypeError
from servicepolicy.sample import SampleMonth, month
from servicepolicy.sample.sites import site_prefix, sites

START = date(2027, 1, 1)  # another month than the demo's: New Year and a make-up Sunday


@pytest.fixture(scope="module")
def three() -> SampleMonth:
    return sites(3, seed=5, start=START)


def test_sites_one_site_is_the_example_month() -> None:
    """The first site is the example month itself: ``sites(1, s)`` equals ``month(s)``."""
    assert sites(1, seed=5, start=START) == month(5, START)


def test_sites_every_input_grows_with_the_sites(three: SampleMonth) -> None:
    """Every input of three sites is about three times one site's, with unique names."""
    one = month(5, START)
    for name in ("employees", "shifts", "staffing", "clock_records", "customers", "tickets"):
        assert 2.5 * len(getattr(one, name)) <= len(getattr(three, name))
        assert len(getattr(three, name)) <= 3.5 * len(getattr(one, name))
    assert 2.5 * len(one.calls) <= len(three.calls) <= 3.5 * len(one.calls)
    for name, key in (
        ("employees", "id"),
        ("shifts", "id"),
        ("customers", "id"),
        ("tickets", "id"),
    ):
        found = Counter(getattr(r, key) for r in getattr(three, name))
        assert max(found.values()) == 1, name
    assert len({c.id for c in three.calls}) == len(three.calls)
    teams = {e.team for e in three.employees}
    assert {"hotline-1", "S02-hotline-1", "S03-logistics"} <= teams
    assert {e.job_type for e in three.employees if e.team.startswith("S02-")} == {
        "S02-hotline",
        "S02-outbound",
        "S02-exhibition",
        "S02-logistics",
    }
    assert [t.created_at for t in three.tickets] == sorted(t.created_at for t in three.tickets)


def test_sites_other_sites_are_drawn_from_their_own_seed(three: SampleMonth) -> None:
    """SWAP-1 … ATT-4 data of site 2 is not a renamed copy of site 1."""
    first = [(r.clock_in, r.clock_out) for r in three.clock_records if not r.shift.startswith("S0")]
    second = [(r.clock_in, r.clock_out) for r in three.clock_records if r.shift.startswith("S02-")]
    assert first and second and first != second


def test_sites_write_and_read_back(three: SampleMonth, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The k-site month is written as the example's files and read back equal."""
    three.write(tmp_path)
    assert SampleMonth.read(tmp_path) == three


def test_sites_each_site_is_judged_as_its_own_centre() -> None:
    """SWAP-8, SWAP-4, LEAVE, ATT-1 … ATT-4: checking two sites together finds, for the
    first site's people, exactly what checking the first site alone finds."""
    from servicepolicy.demo import check_sample

    alone = check_sample(month(5, START))
    both = check_sample(sites(2, seed=5, start=START))

    def workforce(report, prefix: str) -> Counter[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
        return Counter(
            (v.rule_id, v.subject or "", v.message)
            for v in report.violations
            if v.rule_id.split("-")[0] in ("ATT", "SWAP", "LEAVE")
            and (v.subject or "").startswith(prefix) == bool(prefix)
        )

    mine = workforce(both, "")
    assert mine == workforce(alone, "")
    assert sum(workforce(both, "S02-").values()) > 0


def test_sites_arguments_are_checked() -> None:
    """``k`` must be an int from 1 to 999."""
    with pytest.raises(WrongTypeError, match="k"):
        sites(2.0)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="k"):
        sites(0)
    assert site_prefix(1) == "" and site_prefix(12) == "S12-"
