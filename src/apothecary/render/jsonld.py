"""schema.org structured data, sitemap and robots.txt for the built site.

Search engines read JSON-LD from a `<script type="application/ld+json">` block. Any value
may hold hostile text (a drug list is user input), so the JSON is escaped until nothing in it
can end the block or open a comment: `<`, `>`, `&` and the JavaScript line separators become
`\\uXXXX` escapes, which every JSON parser reads back unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape as xml_escape

from markupsafe import Markup

from ..errors import BuildError
from ..models import FactKind, Page, severity_rank
from ..names.normalize import reader_name
from . import jsonapi
from .common import unique_names

MAX_INTERACTING = 10  # interactingDrug entries: keeps a drug page inside its size budget
MAX_LIST = 10  # alternateName and indication entries, for the same reason

_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def script_json(data: Any) -> Markup:
    """JSON that is safe verbatim inside a <script> element (and still valid JSON)."""
    return Markup(jsonapi.dumps(data).rstrip("\n").translate(_SCRIPT_ESCAPES))


def normalize_base_url(url: str | None) -> str | None:
    """An absolute http(s) base URL ending in '/', or None; anything else is refused."""
    if url is None or not url.strip():
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BuildError(f"the site's address must be an absolute http(s) URL, not {url!r}")
    if parts.query or parts.fragment or any(c.isspace() or c in "<>\"'" for c in url):
        raise BuildError(f"the site's address must be a plain URL without query or fragment: "
                         f"{url!r}")
    return url if url.endswith("/") else url + "/"


def page_url(base_url: str | None, rel: str) -> str | None:
    """Absolute URL of a site file ('a/x/index.html' → base + 'a/x/'), or None without a base."""
    if base_url is None:
        return None
    rel = rel.replace("\\", "/").lstrip("/")
    if rel == "index.html":
        rel = ""
    elif rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    return base_url + quote(rel, safe="/")




SUMMARY_LABELS = ("Used for", "Kind of medicine")  # the key facts a search result may quote


def key_facts_summary(page: Page) -> str:
    """What the medicine is for and what kind it is, from the page's own key-facts box (the
    page shows it first, so the structured data says nothing the page does not)."""
    box = next((s for s in page.sections if s.id == "key-facts"), None)
    if box is None:
        return ""
    parts = [f"{st.label}: {st.text.strip()}" for st in box.statements
             if st.label in SUMMARY_LABELS and st.fact_ids and st.text.strip()]
    return " ".join(parts)[:300]


def page_uses(page: Page) -> list[str]:
    """The uses the page's Usage section shows, as it words them ("to prevent rejection of a
    kidney transplant", not the source's "Kidney Transplant Rejection"): only statements
    that cite use facts, so approvals, a class's purpose and a leaked or dropped use never
    become an indication (issue 10, review 7)."""
    kinds = {f.id: f.kind for f in page.facts}
    return unique_names(
        st.label for s in page.sections if s.id == "usage" for st in s.statements
        if st.label and st.fact_ids and all(kinds.get(i) == FactKind.USE for i in st.fact_ids))


def page_jsonld(
    page: Page,
    url: str | None = None,
    drug_names: Mapping[str, str] | None = None,
    faqs: bool = True,
) -> dict[str, Any]:
    """A MedicalWebPage about the page's Drug, plus an FAQPage when the page has FAQs.

    Only facts the page itself cites are used, so the structured data never says more
    than the visible page. `drug_names` maps interaction partners' ids to display names.
    `faqs=False` leaves the FAQPage out: the HTML site states it once, as RDFa Lite on the
    visible questions (render/html.py, issue 14), not again here.
    """
    names = drug_names or {}
    facts = page.facts
    ingredients = [d.display for d in page.drugs]
    drug: dict[str, Any] = {
        "@type": "Drug",
        "name": page.title,
        "nonProprietaryName": " + ".join(d.name for d in page.drugs) or page.title,
        "isProprietary": False,
        "activeIngredient": ingredients if len(ingredients) > 1 else page.title,
    }
    other = [*page.other_names, *(n for d in page.drugs for n in d.other_names)]
    # no chemical systematic names (the JSON API has them)
    alt = unique_names(n for n in other if reader_name(n))
    if alt:
        drug["alternateName"] = alt[:MAX_LIST]
    classes = unique_names(f.plain or f.value for f in facts if f.kind == FactKind.CLASS)
    if classes:
        drug["drugClass"] = [{"@type": "DrugClass", "name": c} for c in classes]
    mechanisms = unique_names(f.plain or f.value for f in facts if f.kind == FactKind.MECHANISM)
    if mechanisms:
        drug["mechanismOfAction"] = " ".join(
            m if m.endswith(".") else m + "." for m in mechanisms
        )
    own = {d.id for d in page.drugs}
    inter = sorted(
        (f for f in facts if f.kind == FactKind.INTERACTION and f.other_id not in own),
        key=lambda f: severity_rank(f.severity),
    )  # stable: the page's own order within a severity
    partners = unique_names((names.get(f.other_id or "", "") or f.plain or f.value
                             for f in inter), limit=MAX_INTERACTING)
    if partners:  # the most serious first, capped: the page itself lists them all
        drug["interactingDrug"] = [{"@type": "Drug", "name": p} for p in partners]
    uses = page_uses(page)
    if uses:
        drug["indication"] = [{"@type": "MedicalIndication", "name": u} for u in uses[:MAX_LIST]]

    webpage: dict[str, Any] = {
        "@type": "MedicalWebPage",
        "name": page.title,
        "about": drug,
        "inLanguage": "en",
    }
    summary = key_facts_summary(page)
    if summary:
        webpage["description"] = summary
    if url:
        webpage["url"] = url
        webpage["@id"] = url
    graph: list[dict[str, Any]] = [webpage]
    # only FAQs the claim checker verified: a lenient build's marked answers stay on the
    # page, visibly marked, but are never handed to search engines as answers
    verified = [faq for faq in page.faqs if faq.verified] if faqs else []
    if verified:
        graph.append({
            "@type": "FAQPage",
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": faq.question,
                    "acceptedAnswer": {"@type": "Answer", "text": faq.answer},
                }
                for faq in verified
            ],
        })
    return {"@context": "https://schema.org", "@graph": graph}


def sitemap_xml(base_url: str, rel_paths: Iterable[str]) -> str:
    """sitemap.xml listing every HTML page of the site under `base_url`."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for rel in sorted(set(rel_paths)):
        url = page_url(base_url, rel)
        lines.append(f"  <url><loc>{xml_escape(url or '')}</loc></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(base_url: str | None) -> str:
    """Allow everything; point crawlers at the sitemap when the site's address is known."""
    text = "User-agent: *\nAllow: /\n"
    if base_url:
        text += f"\nSitemap: {base_url}sitemap.xml\n"
    return text
