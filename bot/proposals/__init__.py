"""Proposals: submitting one, /usulanku, moderation, statuses and telling participants of them."""
