"""Audit already-published medicine pages: find what is wrong, keep their URLs on migration."""
