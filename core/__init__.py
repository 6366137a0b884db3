"""The bottom layer every app may use: background tasks, e-mail, money formatting, caching.
It imports no app of the shop."""
