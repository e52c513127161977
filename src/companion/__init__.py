"""District Improvement Research Companion: data, charts and analyses for the book."""

from importlib import metadata

# The version is declared once, in pyproject.toml; the installed package's metadata carries it.
try:
    __version__ = metadata.version("companion")
except metadata.PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "unknown"
