"""Circlekeeper's core: storage, rules and exports. No widgets live here."""

__version__ = "0.1.0"
