"""Exports of the proposals (XLSX for the SKPD meeting, CSV, JSON) and of the audit log.

`build` streams rows from the database into a writer (`xlsx`, `text`); `rows` resolves codes
to Indonesian names; `neutral` keeps spreadsheet formulas out; `service` is the bot's side.
"""
