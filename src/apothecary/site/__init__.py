"""The build: resolved entries → pages → files, atomically, over every core.

`pipeline` runs it; `plan` groups the list's lines into page requests as they are resolved;
`pagefiles` writes one page's files, `sitefiles` the site-wide ones; `pagecache` lets
unchanged pages skip the writer; `sitetree` writes (or hard-links) the files; `workers`
forks the processes that share the page work; `state` is what a build remembers for the
next one (kept beside the site), `swap` puts a finished site in place.
"""
