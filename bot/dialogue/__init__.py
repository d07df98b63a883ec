"""The guided dialogues as data (scripts) and the pure engine that walks them."""
