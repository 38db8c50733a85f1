"""One claim checker for the LLM verifier and the audit (issue 13).

`normalize` folds text to the tokens both callers compare; `vocabulary` holds the reviewed
word lists (claims/data) and the terms of the knowledge base; `checker` decides whether a
sentence says only what the facts it cites say, and finds claims in other people's pages.
"""
