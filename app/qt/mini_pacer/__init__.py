"""The mini pacer: a small breathing orb at the edge of the screen, beside the work."""
