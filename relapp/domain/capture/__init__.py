"""History capture (issue 15): mail, calendar and chat archives turned into interactions.

``records`` is what every source yields; the rules that turn records into interactions
(who is me, matching, one interaction per thread per day, what is not a conversation)
live beside it.
"""
