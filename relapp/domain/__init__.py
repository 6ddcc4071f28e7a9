"""Pure Python: value types, rules and calculations. Imports nothing else of Relapp."""
