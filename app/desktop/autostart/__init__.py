"""Start at login and the application menu entry (XDG desktop entries)."""
