"""File ▸ Export… and Person ▸ Export Person as vCard…."""
