"""Whether a system tray host is running on the display."""
