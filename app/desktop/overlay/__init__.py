"""Whether a small window can float above the others and let clicks pass through it."""
