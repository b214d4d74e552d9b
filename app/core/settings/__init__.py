"""The user's settings as stored: the settings file, the early peek, reminder choices."""
