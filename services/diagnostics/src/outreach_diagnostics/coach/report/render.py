"""The report as one self-contained HTML page: styles inline, charts as inline SVG, no
script, font or image fetched from anywhere. Jinja2 with autoescaping on: every text
comes from a partner (candidate and contact names, advice quoting them) and is escaped."""

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from outreach_diagnostics.coach.report.view import ReportView


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("outreach_diagnostics.coach", "report"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,  # a misspelt field fails a test instead of printing ""
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(view: ReportView) -> str:
    return _environment().get_template("report.html.j2").render(r=view)
