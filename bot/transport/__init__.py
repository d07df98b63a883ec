"""Between the bot and the Bot API: HTTP, Telegram's pace, one person's updates in order, and
turning a Response into Bot API calls."""
