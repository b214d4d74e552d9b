"""The look, defined once: colours for light, dark and the session, type scale, spacing, radii.

``tokens`` is plain data (no Qt), so its contrast rules are tested without a display;
``stylesheet`` turns it into one Qt style sheet; ``scheme`` picks light or dark and applies it.
Views take colours and sizes from here, never from literals of their own.
"""
