"""History capture (issue 15): read mail, calendar and chat archives, preview what they
would add, apply it as one import batch, undo it as a whole."""
