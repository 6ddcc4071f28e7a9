"""Settings ▸ Backups: the list of backups, backing up now, restoring; the start-up
check of the database and the daily backup while Relapp runs."""
