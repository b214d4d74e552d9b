"""Core: the routine format, sessions, settings, history and reminders, without Qt."""
