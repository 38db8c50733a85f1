"""Names: parse generics lists and resolve each ingredient to one drug."""
