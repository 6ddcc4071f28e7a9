"""Use cases: one function per thing a user does. Qt-free; each owns its transaction
and returns domain values."""
