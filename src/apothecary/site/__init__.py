"""The build: resolved entries → pages → files, atomically, over every core.

`pipeline` plans and runs it; `pagefiles` writes one page's files, `sitefiles` the site-wide
ones; `pagecache` lets unchanged pages skip the writer; `sitetree` writes (or hard-links) the
files; `workers` forks the processes that share the page work.
"""
