"""Live explorers: recompute what the static book cannot, for readers running the chapters in a kernel.

Each explorer keeps its state in plain Python (:meth:`Explorer.update` changes it and
recomputes; :attr:`Explorer.message` says what was wrong with a bad value, nothing raises), so
it can be driven and tested without a front end. Its :attr:`Explorer.widget` is an ipywidgets
view of the same state.

Displaying an explorer gives one output with two forms: the widget view, which JupyterLab,
Notebook 7 and VS Code draw live, and a static snapshot of the current state (an HTML table
or a Vega-Lite chart), which the book shows because it cannot run Python. The widget's model
id is numbered per kernel session (``companion-poverty-1``), not random, so a fresh run stores
the same output every time and strict nbval needs no sanitising.

One module per explorer (``claims_audit``, ``poverty``, ``evidence``, ``school_profile``) on the
base class of ``base``; what they compute lives in the analysis layer (``companion.schools``,
``companion.claims``, ``companion.regression``), so an explorer holds state, checks and views only.

>>> from companion.explorers import SchoolProfile
>>> profile = SchoolProfile()
>>> profile.update(schools=(42,)).message
''
"""

from companion.explorers.base import LIVE_NOTE, Explorer
from companion.explorers.claims_audit import MISSING_POLICIES, ClaimsAuditExplorer
from companion.explorers.evidence import EvidenceExplorer
from companion.explorers.poverty import JOIN_POLICIES, PovertyExplorer
from companion.explorers.school_profile import PERCENTILE, RANK, SchoolProfile
from companion.rendering import VEGALITE_MIMETYPE, WIDGET_VIEW_MIMETYPE

__all__ = [
    "JOIN_POLICIES",
    "LIVE_NOTE",
    "MISSING_POLICIES",
    "PERCENTILE",
    "RANK",
    "VEGALITE_MIMETYPE",
    "WIDGET_VIEW_MIMETYPE",
    "ClaimsAuditExplorer",
    "EvidenceExplorer",
    "Explorer",
    "PovertyExplorer",
    "SchoolProfile",
]
