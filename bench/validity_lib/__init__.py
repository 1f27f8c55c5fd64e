"""The planted-cause validity benchmark (``bench/validity.py``), in small modules.

``population`` builds synthetic candidates and their ground truth (pure), ``score``
turns truth and verdicts into precision, recall and confusion (pure), ``report`` prints
them, ``run`` talks to the public HTTP API and ``server`` starts a throwaway server.
"""
