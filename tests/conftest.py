"""The core suite runs without the plugins installed in the environment: they add ticket
kinds, schemes and checks that the core tests do not expect.  The plugin-system tests
register their own plugins (servicepolicy.testing.registered); each plugin's own suite,
under plugins/, runs with the plugins loaded."""

import os

from hypothesis import HealthCheck, settings

from servicepolicy import plugins

# Property tests check laws, not speed: no per-example deadline, since CI and developers'
# machines may be loaded (several suites on two cores).  HYPOTHESIS_PROFILE=ci runs more
# examples.
settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=200
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

os.environ[plugins.DISABLE_VARIABLE] = "*"
plugins.reset()
