"""Ticket lifecycles as data: states, arrows, waiting states and guards (TKT-2 … TKT-4).

A :class:`Lifecycle` says which states a kind of ticket goes through, which changes are
allowed, where it starts and ends, which states mean "waiting on the customer or a third
party" (SLA clocks pause there, SLA-3), which changes need an approval first, and which
need a note.  Kinds are looked up in a :class:`LifecycleRegistry`, never in an if-chain:
plugins register theirs the same way the built-in ones are registered.

>>> complaint = LIFECYCLES.get("complaint")
>>> complaint.initial, sorted(complaint.allowed_from("investigating"))
('accepted', ['proposed', 'waiting_on_customer'])
>>> complaint.approval_for("proposed", "negotiating")
'cs_department'

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType

import attrs

from servicepolicy.errors import InvalidArgumentError, PluginError, WrongTypeError

__all__ = ["LIFECYCLES", "ExtraKinds", "Lifecycle", "LifecycleRegistry", "builtin_lifecycles"]


def _arrows(value: Mapping[str, Iterable[str]]) -> Mapping[str, frozenset[str]]:
    return MappingProxyType({k: frozenset(v) for k, v in value.items()})


def _pairs(value: Mapping[tuple[str, str], str]) -> Mapping[tuple[str, str], str]:
    return MappingProxyType(dict(value))


def _names(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


@attrs.frozen
class Lifecycle:
    """The states and allowed changes of one kind of ticket.

    :param kind: the ticket kind it governs (``"complaint"``).
    :param transitions: state → the states it may change to.
    :param initial: the state a ticket opens in.
    :param terminal: states nothing leaves (``closed``).
    :param waiting: states that wait on the customer or a third party: SLA clocks pause
        there (SLA-3), and a ticket leaving one returns to the state it came from.
    :param approvals: ``(from, to)`` → the role whose approval must be recorded while in
        ``from`` before the change (TKT-3: the customer-service department approves a
        complaint's proposed resolution before it is negotiated).
    :param notes_required: states whose entry needs a note (TKT-3: a complaint closes with
        a root-cause note).
    :param rule: the rule ID the lifecycle implements, for explanations.
    :param resolved: states whose entry means the customer's request is resolved: the
        resolution clock stops there and the follow-up clock starts (SLA-1); by default
        the terminal states.

    .. versionadded:: 0.1.0
    """

    kind: str
    transitions: Mapping[str, frozenset[str]] = attrs.field(converter=_arrows, hash=False)
    initial: str
    terminal: frozenset[str] = attrs.field(converter=_names)
    waiting: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    approvals: Mapping[tuple[str, str], str] = attrs.field(
        factory=dict, converter=_pairs, hash=False
    )
    notes_required: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    rule: str | None = None
    resolved: frozenset[str] = attrs.field(
        default=None, converter=attrs.converters.optional(_names)
    )
    guarded: frozenset[str] = attrs.field(init=False, eq=False, repr=False)
    """The states whose changes need more checks than an arrow (waiting states, states
    changed with an approval, states entered with a note): a replay checks those in full."""

    def __attrs_post_init__(self) -> None:
        guarded = {source for source, _ in self.approvals} | self.waiting | self.notes_required
        object.__setattr__(self, "guarded", frozenset(guarded))
        if self.resolved is None:
            object.__setattr__(self, "resolved", self.terminal)
        states = self.states
        where = f"lifecycle {self.kind!r}"
        if self.initial not in states:
            raise InvalidArgumentError(f"{where}: initial", self.initial, "one of its states")
        for name in (*self.terminal, *self.waiting, *self.notes_required, *self.resolved):
            if name not in states:
                raise InvalidArgumentError(f"{where}: state", name, "a state it has arrows for")
        for (source, target), role in self.approvals.items():
            if target not in self.transitions.get(source, ()):
                raise InvalidArgumentError(
                    f"{where}: approvals", (source, target), "an allowed change"
                )
            if not isinstance(role, str) or not role:
                raise WrongTypeError(f"{where}: approvals[{source!r}, {target!r}]", role, "str")
        for state in self.terminal:
            if self.transitions.get(state):
                raise InvalidArgumentError(
                    f"{where}: terminal", state, "a state with no arrows out of it"
                )

    @property
    def states(self) -> frozenset[str]:
        """Every state named by the lifecycle."""
        named = set(self.transitions) | {self.initial} | set(self.terminal)
        for targets in self.transitions.values():
            named |= targets
        return frozenset(named)

    def allowed_from(self, state: str) -> frozenset[str]:
        """The states ``state`` may change to."""
        return self.transitions.get(state, frozenset())

    def approval_for(self, source: str, target: str) -> str | None:
        """The role that must approve the change ``source → target``, if any."""
        return self.approvals.get((source, target))


ExtraKinds = Callable[[], Iterable[tuple[str, "Lifecycle"]]]
"""A source of extra ticket kinds: called with no argument, it returns ``(contributor,
lifecycle)`` pairs (the plugins' kinds, with each plugin's name)."""


class LifecycleRegistry:
    """Lifecycles by ticket kind; more come from :meth:`register` or from ``extra``.

    :param lifecycles: the registry's own lifecycles (the built-in ones for
        ``LIFECYCLES``).
    :param extra: a source of more kinds (``ExtraKinds``), asked on the first lookup
        and again after :meth:`refresh`.  A contributed lifecycle of an own kind refines
        it; two contributors defining one kind is a
        :class:`~servicepolicy.errors.PluginError` naming both.  The plugin façade passes
        the plugins' kinds here (:meth:`servicepolicy.plugins.PluginSet.registry`); the
        tickets package itself knows no plugin.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``extra`` replaces ``plugins=True``.
    """

    def __init__(
        self, lifecycles: Iterable[Lifecycle] = (), *, extra: ExtraKinds | None = None
    ) -> None:
        self._own: dict[str, Lifecycle] = {}
        self._by_kind: dict[str, Lifecycle] = self._own
        self._extra = extra
        self._loaded = extra is None
        for lifecycle in lifecycles:
            self.register(lifecycle)

    def register(self, lifecycle: Lifecycle, *, replace: bool = False) -> None:
        """Add a lifecycle; a kind registered twice is an error unless ``replace``."""
        if not isinstance(lifecycle, Lifecycle):
            raise WrongTypeError("lifecycle", lifecycle, "a servicepolicy.tickets.Lifecycle")
        if lifecycle.kind in self._own and not replace:
            raise InvalidArgumentError(
                "lifecycle", lifecycle.kind, "a ticket kind not registered yet (or replace=True)"
            )
        self._own[lifecycle.kind] = lifecycle
        if self._by_kind is not self._own:
            self._by_kind[lifecycle.kind] = lifecycle

    def get(self, kind: str) -> Lifecycle:
        """The lifecycle of ``kind``, or an error listing the registered kinds."""
        by_kind = self._kinds()
        try:
            return by_kind[kind]
        except (KeyError, TypeError):
            hint = (
                ""
                if self._extra is not None
                else (" (installed plugins' kinds join once servicepolicy.plugins is imported)")
            )
            raise InvalidArgumentError(
                "kind", kind, "a registered ticket kind: " + ", ".join(sorted(by_kind)) + hint
            ) from None

    def kinds(self) -> list[str]:
        """The registered kinds, sorted."""
        return sorted(self._kinds())

    def __contains__(self, kind: object) -> bool:
        return kind in self._kinds()

    def with_extra(self, extra: ExtraKinds | None) -> LifecycleRegistry:
        """A registry with this one's own lifecycles and the kinds of ``extra``."""
        return LifecycleRegistry(self._own.values(), extra=extra)

    def set_extra(self, extra: ExtraKinds | None) -> None:
        """Take the extra kinds from ``extra`` from now on (the façade wires the installed
        plugins into ``LIFECYCLES`` this way when it is imported)."""
        self._extra = extra
        self.refresh()

    def refresh(self) -> None:
        """Drop the extra kinds; they are asked for again on the next lookup."""
        self._by_kind = self._own
        self._loaded = self._extra is None

    forget_plugins = refresh  # the 0.1 name

    def _kinds(self) -> dict[str, Lifecycle]:
        if not self._loaded:
            self._load()
        return self._by_kind

    def _load(self) -> None:
        assert self._extra is not None
        merged = dict(self._own)
        owners: dict[str, str] = {}
        for name, lifecycle in self._extra():
            if not isinstance(lifecycle, Lifecycle):
                raise PluginError(
                    f"plugin {name!r} contributed a ticket kind that is not a Lifecycle "
                    f"(got {type(lifecycle).__name__})",
                    plugin=name,
                )
            kind = lifecycle.kind
            if kind in owners:
                raise PluginError(
                    f"plugins {owners[kind]!r} and {name!r} both define the ticket kind {kind!r}",
                    plugin=name,
                )
            owners[kind] = name
            merged[kind] = lifecycle
        self._by_kind = merged
        self._loaded = True


def builtin_lifecycles() -> list[Lifecycle]:
    """The lifecycles of the manuals (TKT-1 … TKT-4, EXH-3).

    A complaint the customer never accepts (TKT-3, KPI-8) ends in ``closed_unaccepted``,
    a terminal state of its own entered from ``negotiating`` with the customer-service
    department's approval and a note (why it closes, the last proposal): it stops the
    SLA clocks like ``closed`` and counts as ended but not accepted in the complaint
    resolution success rate.
    """
    return [
        Lifecycle(
            kind="complaint",
            resolved={"resolved"},
            rule="TKT-3",
            initial="accepted",
            transitions={
                "accepted": {"investigating"},
                "investigating": {"proposed", "waiting_on_customer"},
                "waiting_on_customer": {"investigating", "negotiating"},
                "proposed": {"negotiating", "investigating"},
                "negotiating": {
                    "resolved",
                    "proposed",
                    "waiting_on_customer",
                    "closed_unaccepted",
                },
                "resolved": {"followed_up"},
                "followed_up": {"closed"},
                "closed": set(),
                # the customer never accepts: closed with a note, on the department's word
                "closed_unaccepted": set(),
            },
            terminal={"closed", "closed_unaccepted"},
            waiting={"waiting_on_customer"},
            approvals={
                ("proposed", "negotiating"): "cs_department",
                ("negotiating", "closed_unaccepted"): "cs_department",
            },
            notes_required={"closed", "closed_unaccepted"},
        ),
        Lifecycle(
            kind="inquiry",
            resolved={"answered"},
            rule="TKT-2",
            initial="received",
            transitions={
                "received": {"answered", "referred"},
                "referred": {"answered"},
                "answered": {"closed"},
                "closed": set(),
            },
            terminal={"closed"},
        ),
        Lifecycle(
            kind="after_sales",
            resolved={"followed_up"},
            rule="TKT-4",
            initial="received",
            transitions={
                "received": {"classified"},
                "classified": {"assigned"},
                "assigned": {"in_service"},
                "in_service": {"followed_up", "waiting_on_customer", "waiting_on_third_party"},
                "waiting_on_customer": {"in_service"},
                "waiting_on_third_party": {"in_service"},
                "followed_up": {"closed"},
                "closed": set(),
            },
            terminal={"closed"},
            waiting={"waiting_on_customer", "waiting_on_third_party"},
        ),
        Lifecycle(
            kind="reception",
            resolved={"received"},
            rule="TKT-1",
            initial="scheduled",
            transitions={
                "scheduled": {"prepared", "cancelled"},
                "prepared": {"received", "cancelled"},
                "received": {"followed_up"},
                "followed_up": {"closed"},
                "closed": set(),
                "cancelled": set(),
            },
            terminal={"closed", "cancelled"},
        ),
        Lifecycle(
            kind="feedback",
            resolved={"acknowledged"},
            rule="TKT-1",
            initial="received",
            transitions={
                "received": {"acknowledged"},
                "acknowledged": {"closed"},
                "closed": set(),
            },
            terminal={"closed"},
        ),
    ]


LIFECYCLES = LifecycleRegistry(builtin_lifecycles())
"""The default registry: the built-in lifecycles.  Once :mod:`servicepolicy.plugins` is
imported it also holds the kinds every installed plugin contributes
(:func:`servicepolicy.hookspecs.servicepolicy_lifecycles`), asked for on the first lookup;
a policy's check uses the registry of the plugins that policy names
(:meth:`servicepolicy.plugins.PluginSet.registry`)."""
