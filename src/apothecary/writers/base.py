"""The Writer protocol: every writer takes page requests and returns Pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from pydantic import Field

from ..models import ClaimCounts, Drug, Frozen, Page, Section, Statement
from ..names.normalize import norm_key


class PageRequest(Frozen):
    """One distinct key of the input: its drugs (in title order) and the lines it came from."""

    key: str
    drugs: list[Drug]
    lines: list[int] = Field(default_factory=list)
    inputs: list[str] = Field(default_factory=list)
    brands: list[str] = Field(default_factory=list)  # brands of exactly this ingredient set
    # (the site's `--brands` file), as written
    names: list[str] = Field(default_factory=list)  # per drug, the name the list used
    # ("Aspirin" for acetylsalicylic acid); empty: the drugs' display names

    def name_of(self, index: int) -> str:
        """What to call drug `index` in sentences: the list's name, else its display name."""
        if index < len(self.names) and self.names[index]:
            return self.names[index]
        return self.drugs[index].display

    @property
    def list_title(self) -> str:
        """Its ingredients' names as the list wrote them, in input order ("Aspirin")."""
        return " + ".join(self.name_of(i) for i in range(len(self.drugs)))

    @property
    def title(self) -> str:
        """The page's title, fixed before any page is written (the build plans addresses and
        related links from it): the list's names, each with its international name beside
        it when they differ ("Aspirin (acetylsalicylic acid)", "Atorvastatin + Aspirin
        (acetylsalicylic acid)"; site/planning.py)."""
        parts = []
        for i, d in enumerate(self.drugs):
            name = self.name_of(i)
            same = norm_key(name) in (norm_key(d.name), norm_key(d.display))
            parts.append(name if same else f"{name} ({d.name})")
        return " + ".join(parts)


Progress = Callable[[int], None]  # called with the number of pages just finished


class Writer(Protocol):
    """What the build asks of a writer; capabilities are declared here, never guessed."""

    name: str
    cacheable: bool  # a page depends only on its request and the KB (site/pagecache.py)
    falls_back: bool  # pages may fall back to the template: the report counts them by reason

    def write_pages(
        self, requests: Sequence[PageRequest], progress: Progress | None = None
    ) -> list[Page]:
        """One Page per request, in the same order."""
        ...

    def usage(self) -> dict[str, int]:
        """Counters for the build report (llm_requests, llm_tokens; empty for template)."""
        ...

    def fingerprint(self) -> str:
        """What the pages depend on besides the facts and the code ("" for none)."""
        ...

    def complete(self) -> bool:
        """False when some page fell back for a reason a later build may not meet."""
        ...

    def fallback_report(self) -> dict[str, dict[str, str]]:
        """Page key → {"category", "detail"} of each page that fell back."""
        ...


FAILED = "failed"  # Page.writer of a page that could not be built (see failed_page)
FAILED_NOTICE = (
    "This page could not be built this time because of an error in apothecary; it is built "
    "again on the next run. Until then, ask your pharmacist about this medicine.")


def failed_page(page: Page, reason: str) -> Page:
    """What stands at a page's planned address when writing or rendering it failed: its
    title and a plain notice, nothing about the medicine (so nothing to get wrong); every
    other page and link of the site stays as planned, and the report names the failure."""
    return Page.model_construct(
        key=page.key, title=page.title, slug=page.slug, drugs=list(page.drugs),
        other_names=[], sections=[
            Section(id="key-facts", title="Key facts",
                    statements=[Statement(text=FAILED_NOTICE)]),
            Section(id="disclaimer", title="Disclaimer", statements=[Statement(
                text="This page is for general information only. It is not medical advice.")]),
        ], faqs=[], facts=[], sources=[], licences=[], writer=FAILED,
        claims=ClaimCounts(), fallback_reason=reason[:200], lines=list(page.lines),
        inputs=list(page.inputs))
