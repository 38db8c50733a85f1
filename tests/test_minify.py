"""The served CSS/JS copies are smaller but say exactly what the readable sources say."""

from __future__ import annotations

import re

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
