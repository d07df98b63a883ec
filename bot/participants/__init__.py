"""Participants: first contact and consent, registration, the profile, and their data rights."""
