"""Tests for servicepolicy.access: role-based reading, redaction and disclosure (CONF-1…3).

The model classes are written here, not taken from ``servicepolicy.customers``, so that
these tests hold for any attrs class that marks fields with ``confidential()``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicepolicy.access import (
    ALL,
    CATEGORIES,
    DEFAULT_GRANTS,
    DEFAULT_POLICY,
    AccessPolicy,
    Consent,
    ConsentRequiredError,
    DisclosureRecord,
    masked_str,
    redact,
)
from servicepolicy.confidential import MASK, confidential, confidential_fields
from servicepolicy.errors import InvalidArgumentError, ServicePolicyError, WrongTypeError

AT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
GIVEN = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@attrs.frozen
class Contact:
    """A contact person: name and phone are contact details (CONF-2)."""

    name: str = confidential("contact")
    phone: str | None = confidential("contact", default=None)


@attrs.frozen
class Terms:
    """Contract terms (CONF-2) that themselves name a contact person."""

    discount: str
    signatory: str = confidential("contact")


@attrs.frozen
class Visit:
    """A visit with a note on special needs."""

    on: date
    notes: str = confidential("special_needs", default="")


@attrs.frozen
class Client:
    """A customer record in the shape of TIER-3, with typed confidential fields."""

    id: str
    name: str
    contacts: tuple[Contact, ...] = ()
    address: str | None = confidential("address", default=None)
    needs: str | None = confidential("special_needs", default=None)
    revenue: int | None = confidential(
        "finance", default=None, validator=attrs.validators.optional(attrs.validators.gt(0))
    )
    founded: date | None = confidential("business", default=None)
    terms: Terms | None = confidential("contract", default=None)
    visits: list[Visit] = attrs.field(factory=list)
    by_channel: dict[str, Contact] = attrs.field(factory=dict)


@attrs.define
class Draft:
    """A mutable attrs class (``attrs.define``)."""

    phone: str = confidential("contact")
    tags: list[str] = attrs.field(factory=list)


@attrs.frozen(cache_hash=True)
class Hashed:
    """A class caching its hash."""

    phone: str = confidential("contact")


def client(**changes: Any) -> Client:
    """The client used throughout, every confidential field filled, with *changes*."""
    values: dict[str, Any] = {
        "id": "C-1",
        "name": "ACME",
        "contacts": (Contact("Li Wei", "+86 21 5555 0100"), Contact("Zhang Min")),
        "address": "88 Century Ave, Shanghai",
        "needs": "wheelchair access",
        "revenue": 12_000_000,
        "founded": date(1998, 4, 1),
        "terms": Terms("12 %", "Wang Fang"),
        "visits": [Visit(date(2026, 2, 1), "interpreter needed")],
        "by_channel": {"email": Contact("Chen Jie")},
    }
    values.update(changes)
    return Client(**values)


def consent(**changes: Any) -> Consent:
    """A written consent of C-1 to Audit Ltd for finance and contract data."""
    values: dict[str, Any] = {
        "customer": "C-1",
        "recipient": "Audit Ltd",
        "categories": {"finance", "contract"},
        "given_at": GIVEN,
        "written": True,
        "document_ref": "DOC-7",
    }
    values.update(changes)
    return Consent(**values)


# ------------------------------------------------------------------ AccessPolicy (CONF-1)


def test_default_grants_follow_the_manuals() -> None:
    """CONF-1: agents read contact details, team leaders also special needs, account
    managers every named category, management everything, third parties nothing."""
    p = DEFAULT_POLICY
    assert p.may_read("agent", "contact") and not p.may_read("agent", "address")
    assert p.may_read("team_leader", "special_needs") and not p.may_read("team_leader", "finance")
    assert all(p.may_read("account_manager", c) for c in CATEGORIES)
    assert not p.may_read("account_manager", "medical")
    assert p.may_read("management", "medical")
    assert not any(p.may_read("third_party", c) for c in CATEGORIES)
    assert p.grants == DEFAULT_GRANTS and p.require_written_consent


def test_unknown_role_reads_nothing() -> None:
    """CONF-1: a role the policy does not list (or a misspelt one) reads no category."""
    assert DEFAULT_POLICY.categories("Agent") == frozenset()
    assert not DEFAULT_POLICY.may_read("teamleader", "contact")


def test_custom_policy_and_the_all_grant() -> None:
    """CONF-1: a policy is a mapping role → categories; ALL grants every category."""
    policy = AccessPolicy({"auditor": ["finance", "contract"], "dpo": {ALL}})
    assert policy.may_read("auditor", "finance") and not policy.may_read("auditor", "contact")
    assert policy.may_read("dpo", "anything")
    assert policy.categories("auditor") == {"finance", "contract"}
    with pytest.raises(TypeError):
        policy.grants["x"] = frozenset()  # type: ignore[index]


@pytest.mark.parametrize(
    "grants",
    [["agent"], {"agent": "contact"}, {"": {"contact"}}, {"agent": {""}}, {"agent": {1}}],
)
def test_grants_are_validated(grants: Any) -> None:
    """CONF-1: grants must map non-empty role names to sets of category names."""
    with pytest.raises(WrongTypeError):
        AccessPolicy(grants)


def test_policies_compare_by_value_and_hash() -> None:
    """CONF-1: equal grants make equal policies; a policy is hashable."""
    assert AccessPolicy({"a": {"x"}}) == AccessPolicy({"a": frozenset({"x"})})
    assert AccessPolicy({"a": {"x"}}) != AccessPolicy({"a": {"y"}})
    assert hash(AccessPolicy()) == hash(DEFAULT_POLICY)


def test_may_read_checks_its_arguments() -> None:
    """CONF-1: role and category are non-empty strings."""
    with pytest.raises(WrongTypeError):
        DEFAULT_POLICY.may_read("", "contact")
    with pytest.raises(WrongTypeError):
        DEFAULT_POLICY.may_read("agent", None)  # type: ignore[arg-type]


def test_readable_names_the_fields_a_role_may_read() -> None:
    """CONF-1: readable() lists the confidential field names of a class a role may read."""
    assert DEFAULT_POLICY.readable(Client, "agent") == frozenset()
    assert DEFAULT_POLICY.readable(Client, "team_leader") == {"needs"}
    assert DEFAULT_POLICY.readable(Client, "management") == set(confidential_fields(Client))
    assert DEFAULT_POLICY.readable(Contact, "agent") == {"name", "phone"}
    with pytest.raises(WrongTypeError):
        DEFAULT_POLICY.readable(client(), "agent")  # type: ignore[arg-type]


# ------------------------------------------------------------------ redact (CONF-1, CONF-3)


def test_redact_masks_what_the_role_may_not_read() -> None:
    """CONF-1: a team leader sees special needs and contacts, not address or finances."""
    seen: Any = redact(client(), "team_leader")  # masked fields hold str, whatever their type
    assert seen.needs == "wheelchair access"
    assert seen.contacts[0] == Contact("Li Wei", "+86 21 5555 0100")
    assert (seen.address, seen.revenue, seen.founded, seen.terms) == (MASK,) * 4
    assert (seen.id, seen.name) == ("C-1", "ACME")


def test_redact_masks_values_of_any_type_without_running_validators() -> None:
    """CONF-1: an int or a date the role may not read becomes MASK, despite validators."""
    seen: Any = redact(client(), "agent")
    assert seen.revenue == MASK and seen.founded == MASK
    assert type(seen) is Client


def test_redact_keeps_empty_values_as_repr_does() -> None:
    """CONF-1: None and "" stay as they are ("none recorded" is not hidden), as in repr()."""
    seen = redact(client(address=None, needs="", contacts=()), "third_party")
    assert (seen.address, seen.needs, seen.contacts) == (None, "", ())


def test_redact_recurses_into_tuples_lists_and_dicts_of_attrs_objects() -> None:
    """CONF-1: contacts in a tuple, visits in a list, a dict of contacts are redacted too."""
    seen = redact(client(), "third_party")
    assert seen.contacts == (Contact(MASK, MASK), Contact(MASK, None))
    assert seen.visits == [Visit(date(2026, 2, 1), MASK)]
    assert seen.by_channel == {"email": Contact(MASK)}
    assert type(seen.contacts) is tuple and type(seen.visits) is list


def test_redact_descends_into_a_readable_confidential_object() -> None:
    """CONF-1, CONF-2: contract terms a role may read still mask their contact person."""
    lawyer = AccessPolicy({"lawyer": {"contract"}})
    assert redact(client(), "lawyer", lawyer).terms == Terms("12 %", MASK)
    assert redact(client(), "account_manager").terms == Terms("12 %", "Wang Fang")
    assert redact(client(), "agent").terms == MASK  # type: ignore[comparison-overlap]


def test_redact_returns_a_copy_and_leaves_the_original() -> None:
    """CONF-1: the original keeps its values; lists are copied, not shared."""
    original = client()
    seen = redact(original, "management")
    assert seen == original and seen is not original
    assert seen.visits is not original.visits
    redact(original, "third_party")
    assert original == client()


def test_redact_mutable_and_hash_caching_classes() -> None:
    """CONF-1: attrs.define classes and cache_hash classes are redacted correctly."""
    draft = Draft("555-0100", ["vip"])
    seen = redact(draft, "third_party")
    assert (seen.phone, seen.tags, draft.phone) == (MASK, ["vip"], "555-0100")
    hashed = Hashed("555-0100")
    hash(hashed)
    assert hash(redact(hashed, "third_party")) == hash(Hashed(MASK))


def test_redact_rejects_what_is_not_an_attrs_instance() -> None:
    """CONF-1: redact() takes an attrs instance and a role name."""
    for bad in ({"phone": "555"}, Client, [client()]):
        with pytest.raises(WrongTypeError):
            redact(bad, "agent")
    with pytest.raises(WrongTypeError):
        redact(client(), "")


def test_policy_redact_is_redact_with_that_policy() -> None:
    """CONF-1: policy.redact(obj, role) equals redact(obj, role, policy)."""
    policy = AccessPolicy({"agent": {"address"}})
    assert policy.redact(client(), "agent") == redact(client(), "agent", policy)
    assert policy.redact(client(), "agent").address == "88 Century Ave, Shanghai"


# ------------------------------------------------------------------ masked_str, str (CONF-3)


def test_str_and_repr_mask_every_confidential_value() -> None:
    """CONF-3: str() and repr() of a model never show a confidential value."""
    text = str(client()) + repr(client())
    for secret in ("Li Wei", "5555", "Century", "wheelchair", "12000000", "1998", "Wang", "12 %"):
        assert secret not in text
    assert "ACME" in text


def test_masked_str_without_role_equals_repr() -> None:
    """CONF-3: masked_str() renders as attrs' repr() does, everything confidential masked."""
    assert masked_str(client()) == repr(client())
    assert masked_str([client(), (Draft("1"),)]) == repr([client(), (Draft("1"),)])


def test_masked_str_shows_what_the_role_may_read() -> None:
    """CONF-1, CONF-3: a report for a role shows the categories it may read, nothing else."""
    text = masked_str(client(), role="team_leader")
    assert "needs='wheelchair access'" in text and "interpreter needed" in text
    assert "address='***'" in text and "Century" not in text
    assert "Li Wei" in text  # contact details: readable by team leaders


def test_masked_str_cannot_be_undone_by_an_overriding_class() -> None:
    """CONF-3: a class whose __repr__ leaks, or a repr=False field, does not leak here."""

    @attrs.frozen(repr=False)
    class Leaky:
        phone: str = confidential("contact")
        secret: str = attrs.field(default="s3cr3t", repr=False)

        def __repr__(self) -> str:
            return f"Leaky({self.phone})"

    assert masked_str(Leaky("555-0100")) == "Leaky(phone='***')"
    with pytest.raises(WrongTypeError):
        masked_str(Leaky("1"), role="")


# ------------------------------------------------------------------ Consent (CONF-1, CONF-3)


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"document_ref": None}, InvalidArgumentError),
        ({"categories": set()}, InvalidArgumentError),
        ({"categories": "finance"}, WrongTypeError),
        ({"given_at": datetime(2026, 1, 5)}, WrongTypeError),
        ({"expires_at": GIVEN - timedelta(days=1)}, InvalidArgumentError),
        ({"revoked_at": datetime(2026, 2, 1)}, WrongTypeError),
        ({"written": "yes"}, WrongTypeError),
        ({"customer": ""}, WrongTypeError),
    ],
)
def test_consent_is_validated(changes: dict[str, Any], error: type[Exception]) -> None:
    """CONF-3: a written consent carries its document reference; instants are aware."""
    with pytest.raises(error):
        consent(**changes)


def test_consent_problem_at_each_state() -> None:
    """CONF-1, CONF-3: a consent counts only when written, given, not expired, not revoked."""
    assert consent().problem_at(AT) is None
    assert "only given" in (consent().problem_at(GIVEN - timedelta(seconds=1)) or "")
    assert "revoked" in (consent(revoked_at=AT).problem_at(AT) or "")
    assert "expired" in (consent(expires_at=AT).problem_at(AT) or "")
    oral = consent(written=False, document_ref=None)
    assert "not written" in (oral.problem_at(AT) or "")
    assert oral.problem_at(AT, require_written=False) is None
    assert oral.reference.startswith("unwritten consent")
    with pytest.raises(WrongTypeError):
        consent().problem_at(datetime(2026, 3, 2))


# ------------------------------------------------------------------ disclose (CONF-1, CONF-3)


def disclose(obj: Any = None, **kwargs: Any) -> tuple[Any, DisclosureRecord]:
    """DEFAULT_POLICY.disclose of the client to Audit Ltd, with *kwargs* changed."""
    args: dict[str, Any] = {
        "to": "Audit Ltd",
        "consents": [consent()],
        "at": AT,
        "purpose": "annual audit",
        "categories": {"finance"},
    }
    args.update(kwargs)
    return DEFAULT_POLICY.disclose(client() if obj is None else obj, **args)


def test_disclose_under_written_consent_shows_only_what_is_asked() -> None:
    """CONF-1, CONF-3: only the requested, consented categories are shown, and recorded."""
    shown, record = disclose(by="emp-7")
    assert shown.revenue == 12_000_000
    assert shown.terms == MASK  # covered by the consent but not asked for
    assert shown.address == MASK and shown.contacts[0].name == MASK
    assert record == DisclosureRecord(
        "C-1", "Audit Ltd", frozenset({"finance"}), AT, "annual audit", ("DOC-7",), "emp-7"
    )


def test_disclose_combines_consents_and_accepts_all() -> None:
    """CONF-3: several consents may together cover the categories; ALL covers any."""
    other = consent(categories={"address"}, document_ref="DOC-9")
    _, record = disclose(consents=[consent(), other], categories={"finance", "address"})
    assert record.consent_refs == ("DOC-7", "DOC-9")
    shown, record = disclose(consents=[consent(categories={ALL})], categories=None)
    assert shown == client()
    assert record.categories == set(CATEGORIES) - {"strategy", "technology", "negotiation"}


def test_disclose_without_consent_raises() -> None:
    """CONF-1: nothing goes to a third party without the customer's consent."""
    with pytest.raises(ConsentRequiredError) as caught:
        disclose(consents=[], categories={"finance", "contact"})
    err = caught.value
    assert isinstance(err, ServicePolicyError) and isinstance(err, PermissionError)
    assert (err.customer, err.recipient, err.categories, err.at) == (
        "C-1",
        "Audit Ltd",
        ("contact", "finance"),
        AT,
    )
    assert (err.argument, err.value) == ("consents", ("contact", "finance"))
    assert err.expected is not None and "Audit Ltd" in err.expected
    assert str(err) == (
        "disclosure of customer 'C-1' to 'Audit Ltd' at 2026-03-02T10:00:00+00:00 needs the "
        "customer's written consent for: contact, finance (CONF-1, CONF-3); record a written "
        "Consent covering these categories, or leave them out of the disclosure with "
        "categories=..."
    )


def test_disclose_by_default_needs_consent_for_every_category_held() -> None:
    """CONF-1, CONF-2: without categories=, every category holding a value, nested
    included, needs consent; empty fields need none."""
    with pytest.raises(ConsentRequiredError) as caught:
        disclose(categories=None)
    assert caught.value.categories == ("address", "business", "contact", "special_needs")
    bare = Client("C-1", "ACME", revenue=5)
    shown, record = disclose(bare, categories=None)
    assert shown == bare and record.categories == {"finance"}


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"revoked_at": AT - timedelta(hours=1)}, "was revoked at 2026-03-02T09:00:00+00:00"),
        ({"expires_at": AT}, "expired at 2026-03-02T10:00:00+00:00"),
        ({"written": False, "document_ref": None}, "is not written"),
        ({"given_at": AT + timedelta(days=1)}, "was only given at 2026-03-03T10:00:00+00:00"),
    ],
)
def test_disclose_with_a_consent_that_does_not_count_raises(
    changes: dict[str, Any], reason: str
) -> None:
    """CONF-1, CONF-3: a revoked, expired, unwritten or later consent does not count, and
    the error says why."""
    with pytest.raises(ConsentRequiredError, match=re.escape(reason)) as caught:
        disclose(consents=[consent(**changes)])
    assert caught.value.categories == ("finance",)
    assert len(caught.value.notes) == 1


def test_disclose_may_accept_unwritten_consent_when_the_policy_says_so() -> None:
    """CONF-1 says "(written)": require_written_consent=False accepts an oral consent."""
    oral = consent(written=False, document_ref=None)
    lenient = AccessPolicy(require_written_consent=False)
    shown, record = lenient.disclose(
        client(), to="Audit Ltd", consents=[oral], at=AT, purpose="audit", categories={"finance"}
    )
    assert shown.revenue == 12_000_000 and record.consent_refs == (oral.reference,)
    with pytest.raises(ConsentRequiredError, match="needs the customer's consent for: contact"):
        lenient.disclose(client(), to="X", consents=[], at=AT, purpose="p", categories=["contact"])


def test_disclose_ignores_consents_of_other_customers_and_recipients() -> None:
    """CONF-1: a consent is for one customer and one recipient."""
    others = [consent(customer="C-2"), consent(recipient="Audit Co")]
    with pytest.raises(ConsentRequiredError) as caught:
        disclose(consents=others)
    assert caught.value.notes == ()


def test_disclose_names_the_customer() -> None:
    """CONF-3: the customer is obj.id unless given; without either the call is refused."""
    _, record = disclose(customer="C-1")
    assert record.customer == "C-1"
    with pytest.raises(ConsentRequiredError):
        disclose(customer="C-2")
    with pytest.raises(WrongTypeError, match="customer's ID"):
        disclose(Contact("Li Wei"), categories=set())
    shown, record = disclose(Contact("Li Wei"), categories=set(), customer="C-1")
    assert shown == Contact(MASK) and record.consent_refs == ()


@pytest.mark.parametrize(
    "changes",
    [
        {"at": datetime(2026, 3, 2)},
        {"consents": consent()},
        {"consents": ["DOC-7"]},
        {"purpose": ""},
        {"to": None},
        {"by": 7},
        {"categories": "finance"},
    ],
)
def test_disclose_checks_its_arguments(changes: dict[str, Any]) -> None:
    """CONF-3: the disclosure procedure needs an aware instant, consents, a purpose."""
    with pytest.raises(WrongTypeError):
        disclose(**changes)


# ------------------------------------------------------------------ properties (CONF-1)

SECRET_CATEGORIES = ["contact", "address", "finance", "x-custom"]
ROLES = ["agent", "auditor", "nobody", "boss"]


@attrs.frozen
class Record:
    """A flat record with one confidential field per category, and nested contacts."""

    plain: str | None
    contact: str | None = confidential("contact")
    address: str | None = confidential("address")
    finance: str | None = confidential("finance")
    custom: str | None = confidential("x-custom")
    people: tuple[Contact, ...] = ()


values = st.none() | st.text(max_size=6)
records = st.builds(
    Record,
    values,
    values,
    values,
    values,
    values,
    st.lists(st.builds(Contact, st.text(max_size=4), values), max_size=3).map(tuple),
)
policies = st.builds(
    AccessPolicy,
    st.dictionaries(
        st.sampled_from(ROLES), st.frozensets(st.sampled_from([*SECRET_CATEGORIES, ALL]))
    ),
)


def assert_shows_only_readable(seen: Any, original: Any, policy: AccessPolicy, role: str) -> None:
    """Every confidential field is the original if readable, else masked (or empty)."""
    for name, category in confidential_fields(type(original)).items():
        before, after = getattr(original, name), getattr(seen, name)
        if policy.may_read(role, category) or before in (None, ""):
            assert after == before, (name, category)
        else:
            assert after == MASK, (name, category)


@settings(max_examples=80, deadline=None)
@given(records, policies, st.sampled_from(ROLES))
def test_redact_never_reveals_and_is_idempotent(
    record: Record, policy: AccessPolicy, role: str
) -> None:
    """CONF-1 (property): redact shows exactly the categories the role may read, at every
    depth; redacting twice changes nothing; the original is untouched; masked_str of the
    redacted copy equals masked_str of the original for that role."""
    before = attrs.evolve(record)
    seen = redact(record, role, policy)
    assert record == before
    assert_shows_only_readable(seen, record, policy, role)
    assert seen.plain == record.plain
    assert len(seen.people) == len(record.people)
    for person, original in zip(seen.people, record.people, strict=True):
        assert_shows_only_readable(person, original, policy, role)
    assert redact(seen, role, policy) == seen
    assert masked_str(seen) == masked_str(record) == repr(record)


@settings(max_examples=40, deadline=None)
@given(records, st.frozensets(st.sampled_from(SECRET_CATEGORIES)))
def test_disclose_shows_exactly_the_requested_categories(
    record: Record, wanted: frozenset[str]
) -> None:
    """CONF-1, CONF-3 (property): a disclosure under an all-covering consent shows the
    requested categories and masks every other one."""
    shown, out = DEFAULT_POLICY.disclose(
        record,
        to="Audit Ltd",
        consents=[consent(categories={ALL})],
        at=AT,
        purpose="audit",
        categories=wanted,
        customer="C-1",
    )
    as_role = AccessPolicy({"recipient": wanted})
    assert_shows_only_readable(shown, record, as_role, "recipient")
    assert shown == redact(record, "recipient", as_role)
    assert out.categories == wanted and out.consent_refs == (("DOC-7",) if wanted else ())
