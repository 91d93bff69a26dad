"""diplokg: news articles about diplomacy -> a linked-data knowledge graph."""

from __future__ import annotations

__version__ = "0.1.0"
