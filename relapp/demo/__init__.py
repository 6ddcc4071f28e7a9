"""The demo database's seed data: ``build.build_demo`` fills a fresh database with the
example people and their stories (``stories/``), through the same services as the app.

Seed data, not use cases: ``relapp.demo`` may use ``relapp.services``; no service
imports it (``tests/test_code_rules.py``).
"""
