"""Rembug: the Telegram bot for Kabupaten Bekasi's community consultation (rembug warga)."""

import os

# python-telegram-bot 22.2+ warns on every 429 unless time periods are timedeltas, as they will
# be in its next major version. Rembug reads retry_after either way
# (bot/transport/limiter.py), so it opts in now and keeps the logs free of a warning per
# flood-limit answer.
os.environ.setdefault("PTB_TIMEDELTA", "1")
