"""The ``outreach`` command's entry point.

``outreach --version`` and ``outreach keys ...`` run from the light ``cli_keys`` app;
everything else from the full one (``cli_app``), which imports every service. Both end a
user's mistake with a sentence rather than a traceback (``cli_store.user_errors``).
"""

import sys

from outreach.cli_store import user_errors

_LIGHT = ("keys", "--version")


def main() -> None:
    with user_errors():
        if sys.argv[1:2] and sys.argv[1] in _LIGHT:
            from outreach.cli_keys import light_app

            light_app()()
        else:
            from outreach.cli_app import app

            app()
