"""Knowledge base: open datasets compiled into sourced facts (SQLite)."""
