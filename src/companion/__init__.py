"""District Improvement Research Companion: data, charts and analyses for the book."""

__version__ = "0.1.0"
