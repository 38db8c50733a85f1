"""Writers turn the facts for one key into a Page: template (default) or llm."""
