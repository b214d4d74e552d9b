"""Desktop notifications over D-Bus, with actions."""
