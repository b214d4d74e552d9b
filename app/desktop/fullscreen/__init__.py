"""Whether the active window is full screen, asked of the X server."""
