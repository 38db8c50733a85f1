"""The served CSS/JS copies and the published HTML are smaller but say exactly what the
readable sources say."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from apothecary.knowledge.store import KnowledgeBase
from apothecary.render import minify
from apothecary.render.html import STATIC, HtmlRenderer


def no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_css_loses_only_comments_and_spaces() -> None:
    for path in STATIC.glob("*.css"):
        source = path.read_text("utf-8")
        small = minify.css(source)
        assert len(small) < len(source)
        assert "/*" not in small
        expected = no_space(re.sub(r"/\*.*?\*/", "", source, flags=re.S)).replace(";}", "}")
        assert no_space(small) == expected, path.name


def test_css_keeps_meaningful_spaces() -> None:
    small = minify.css(".a :focus { margin: 0 auto; width: calc(100% - 2rem); }\n/* x */")
    assert small == ".a :focus{margin:0 auto;width:calc(100% - 2rem)}\n"


def test_js_drops_whole_line_comments_and_indentation_only() -> None:
    source = (
        "/* header\n   comment */\n(function () {\n  // note\n"
        '  var url = "http://x/*y*/";  // kept: not a whole line\n'
        "  /* one line */\n  return url;\n})();\n"
    )
    assert minify.js(source) == (
        '(function () {\nvar url = "http://x/*y*/";  // kept: not a whole line\n'
        "return url;\n})();\n"
    )


def test_js_with_a_comment_ending_mid_line_is_served_as_is() -> None:
    source = "/* odd\n */ var a = 1;\n"
    assert minify.js(source) == source


def test_shipped_scripts_keep_every_code_line() -> None:
    for path in STATIC.glob("*.js"):
        source = path.read_text("utf-8")
        small = minify.js(source)
        assert len(small) < len(source)
        code = [ln.strip() for ln in small.splitlines()]
        kept = [ln.strip() for ln in source.splitlines() if ln.strip() in code]
        assert kept == code, path.name


def test_served_files_bundle_web_css_into_style_css() -> None:
    files = HtmlRenderer.static_files()
    assert "static/web.css" not in files
    style = files["static/style.css"].decode("utf-8")
    assert ".site-search{" in style and "header.site{" in style
    assert {"static/checker.css", "static/index.css", "static/search.js"} <= set(files)


# --- the published HTML (issue 14, round 11) --------------------------------------------------
class _Tree(HTMLParser):
    """Start tags with their attributes, end tags and the text, as a parser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.starts: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.ends: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.ends.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _tree(html: str) -> _Tree:
    t = _Tree()
    t.feed(html)
    t.close()
    return t


IMPLIED_START = {"head", "body"}  # the start tags the standard lets a page leave out
IMPLIED_END = {"li", "p", "head", "body", "html"}


def _same_page(html: str) -> str:
    small = minify.html(html)
    before, after = _tree(html), _tree(small)
    # every element and attribute value as it was: only `<head>` and `<body>` are implied
    assert after.starts == [s for s in before.starts if s[0] not in IMPLIED_START]
    # only end tags the parser implies went
    gone = list(before.ends)
    for tag in after.ends:
        gone.remove(tag)
    assert set(gone) <= IMPLIED_END
    # the same text, word for word: only white space beside block tags went
    assert re.sub(r"\s+", "", "".join(before.text)) == re.sub(r"\s+", "", "".join(after.text))
    assert minify.html(small) == small  # idempotent: a rebuild publishes the same bytes
    return small


def test_html_drops_only_quotes_breaks_and_implied_tags() -> None:
    page = ('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<title>A · b</title>\n<meta name="description" content="Two words">\n'
            '<script type="application/ld+json">{"a":"x=\\"y\\"\\n<p>"}</script>\n</head>\n'
            '<body>\n<a class="skip" href="#main">Skip</a>\n<main id="main">\n'
            '<section id="s">\n<h2>Title</h2>\n<p class="intro">Intro</p><ul>\n'
            '<li><a href="../../a/b/">B</a> and <a href="x?q=1">q</a></li>\n'
            '<li data-x="">Empty</li>\n</ul>\n<p>One\nline</p>\n</section>\n</main>\n'
            '<nav>\n<a href="#a">A</a>\n<a href="#b">B</a>\n</nav>\n</body>\n</html>\n')
    assert _same_page(page) == (
        '<!doctype html><html lang=en><meta charset=utf-8><title>A · b</title>'
        '<meta name=description content="Two words">'
        '<script type=application/ld+json>{"a":"x=\\"y\\"\\n<p>"}</script>'
        '<a class=skip href=#main>Skip</a><main id=main><section id=s><h2>Title</h2>'
        '<p class=intro>Intro<ul><li><a href=../../a/b/>B</a> and <a href="x?q=1">q</a>'
        '<li data-x="">Empty</ul><p>One\nline</section></main>'
        '<nav><a href=#a>A</a>\n<a href=#b>B</a></nav>')


def test_html_keeps_quotes_a_value_needs_and_inline_breaks() -> None:
    for kept in ('<a title="a b">x</a>', '<a href="?a=b">x</a>', "<a title=\"it's\">x</a>",
                 '<a title="a`b">x</a>', '<input value="">', '<br class="x"/>'):
        assert minify.html(kept) == kept
    # a break between inline elements or words is a space a reader sees
    assert minify.html("<cite>A</cite>\n<cite>B</cite>") == "<cite>A</cite>\n<cite>B</cite>"
    assert minify.html("<span>one\ntwo</span>") == "<span>one\ntwo</span>"
    # a paragraph inside a link is never left open
    assert minify.html("<a href=x><p>t</p></a>") == "<a href=x><p>t</p></a>"
    # a body starting with a head element, or a comment after </head>, keeps its tags
    assert minify.html("<head><title>t</title></head><!-- c --><body>x</body></html>") \
        == "<title>t</title></head><!-- c --><body>x"
    assert minify.html("<body><script>a\nb</script></body>").startswith("<body><script>a\nb")


def test_every_page_of_a_site_parses_the_same_published(tmp_path: Path,
                                                        tiny_kb: KnowledgeBase) -> None:
    from apothecary.site.pipeline import build_site
    from pagekit import layout_page
    from sitekit import entry

    out = tmp_path / "site"
    build_site([entry(1, "DB00316"), entry(2, "DB00682"), entry(3, "DB01060", "DB00766")],
               tiny_kb, out, formats=["html"])
    pages = [p for p in out.rglob("*.html") if not p.relative_to(out).parts[0].startswith(".")]
    assert len(pages) > 8
    for p in pages:  # published as the minifier leaves it: nothing more to drop
        text = p.read_text("utf-8")
        assert minify.html(text) == text, p
        assert "\n<li" not in text and "</li>" not in text and "<body>" not in text, p
    r = HtmlRenderer()
    assert _same_page(r.render_404()) == (out / "404.html").read_text("utf-8")
    for files in (r.render_page_files(layout_page()), r.render_index_files([])):
        for html in files.values():  # a drug page, its companions, the home page
            _same_page(html)
