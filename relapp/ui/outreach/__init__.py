"""A person's wishes about how to be reached, in the window: the warning with explicit
choices before a contact or a promise goes against them (``choices.py``, used by the
log dialog and the promise dialog) and the Reminders and Warnings settings
(``settings_dialog.py``); the promises feature installs them."""
