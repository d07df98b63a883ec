"""How the bot is run: long polling, the webhook server, the playground; logs and metrics."""
