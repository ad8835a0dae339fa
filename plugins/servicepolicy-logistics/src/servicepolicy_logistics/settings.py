"""The ``[logistics]`` policy section: every parameter of LOG-1 … LOG-5 in one place.

:class:`LogisticsSettings` is the schema the plugin contributes through
:func:`~servicepolicy.hookspecs.servicepolicy_policy_sections`; each part is the
parameter class of one rule's functions, and every field has the default the plugin
documents.  A configured :class:`~servicepolicy_logistics.LogisticsPlugin` applies them
to the hooks.

>>> from servicepolicy.io.converter import structure
>>> s = structure({"transport": {"short_km": 250}, "surveys": {"working_days": 2}},
...               LogisticsSettings)
>>> s.transport.short_km, s.surveys.working_days, s.exceptions == ExceptionRules()
(250, 2, True)

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from typing import Any

import attrs
from servicepolicy.errors import WrongTypeError

from servicepolicy_logistics.delivery_exceptions import ExceptionRules
from servicepolicy_logistics.hand_over import HandOverRules
from servicepolicy_logistics.order_progress import FeedbackRules
from servicepolicy_logistics.orders import OrderRules
from servicepolicy_logistics.surveys import SurveyRules
from servicepolicy_logistics.transport import TransportThresholds

__all__ = ["SECTION", "LogisticsSettings"]

SECTION = "logistics"
"""The name of the plugin's policy section."""


def _is(kind: type[Any]) -> Any:
    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            raise WrongTypeError(
                f"logistics settings: {attribute.name}", value, f"a {kind.__name__}"
            )

    return validate


@attrs.frozen
class LogisticsSettings:
    """The logistics plugin's parameters (the ``[logistics]`` policy section).

    :param orders: LOG-1, the order audit (:class:`~servicepolicy_logistics.OrderRules`).
    :param feedback: LOG-1, news owed to the customer
        (:class:`~servicepolicy_logistics.FeedbackRules`).
    :param transport: LOG-2 (:class:`~servicepolicy_logistics.TransportThresholds`).
    :param hand_over: LOG-3 (:class:`~servicepolicy_logistics.HandOverRules`).
    :param exceptions: LOG-4 (:class:`~servicepolicy_logistics.ExceptionRules`).
    :param surveys: LOG-5 (:class:`~servicepolicy_logistics.SurveyRules`).

    .. versionadded:: 0.1.0
    """

    orders: OrderRules = attrs.field(factory=OrderRules, validator=_is(OrderRules))
    feedback: FeedbackRules = attrs.field(factory=FeedbackRules, validator=_is(FeedbackRules))
    transport: TransportThresholds = attrs.field(
        factory=TransportThresholds, validator=_is(TransportThresholds)
    )
    hand_over: HandOverRules = attrs.field(factory=HandOverRules, validator=_is(HandOverRules))
    exceptions: ExceptionRules = attrs.field(factory=ExceptionRules, validator=_is(ExceptionRules))
    surveys: SurveyRules = attrs.field(factory=SurveyRules, validator=_is(SurveyRules))
