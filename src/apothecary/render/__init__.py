"""Renderers: the only code that turns Pages into files (html, jekyll, json)."""
