"""Small query functions. They never commit: the caller's unit of work does."""
