"""The core suite runs without the plugins installed in the environment: they add ticket
kinds, schemes and checks that the core tests do not expect.  The plugin-system tests
register their own plugins (servicepolicy.testing.registered); each plugin's own suite,
under plugins/, runs with the plugins loaded."""

import os

from servicepolicy import plugins

os.environ[plugins.DISABLE_VARIABLE] = "*"
plugins.reset()
