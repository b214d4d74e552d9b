"""How long the user has been idle: asked over D-Bus, or of the X server."""
