"""The settings dialog and the preferences the running app sees."""
