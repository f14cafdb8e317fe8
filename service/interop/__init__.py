"""Exchanges with partners' systems: LHEO training offers, partner directories, CSV exports."""
