"""Prioritisation ("A atau B?"): residents compare pairs of their kecamatan's proposals during a
round's prioritas phase, and a Bradley–Terry model ranks the proposals (ranking.py)."""
