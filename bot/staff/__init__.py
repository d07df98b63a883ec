"""Coordinators and admins: appointing coordinators, /rekap, rounds, the staff dialogues."""
