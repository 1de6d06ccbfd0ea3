"""The report's HTML templates (templates/, Jinja2), rendered with autoescape, so that titles,
summaries, parameters and errors from the inputs are shown as text, never run.

Jinja2 is imported on first use, so that a run with nothing to do does not import it.

>>> banner = render("stale_banner.html.j2", banner_id="b", where="cell 3", error="<script>")
>>> banner.rpartition("failed in ")[2]
'cell 3: <code>&lt;script&gt;</code>. See index.html.</div>'
"""

from __future__ import annotations

from pathlib import Path

TEMPLATES = Path(__file__).parent / "templates"


def render(template: str, **context) -> str:
    """A template from templates/, rendered with autoescape."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template(template).render(**context)


def template_bytes(*names: str) -> bytes:
    """The templates named, as they are on disk: what a page rendered from them depends on."""
    return b"".join((TEMPLATES / name).read_bytes() for name in names)
