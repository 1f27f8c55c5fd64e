"""The public contract partners integrate against, defined once for every service.

Versions live in sub-packages (``v1``); a breaking change gets a new one and the
old one stays importable for as long as partners send it.
"""
