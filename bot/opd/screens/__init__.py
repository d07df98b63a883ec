"""The texts and buttons of this feature, built from plain values. No Telegram here."""
