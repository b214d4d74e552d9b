"""Unbrace: breathwork and somatic exercises for a tense back."""

__version__ = "0.1.0"

#: The application's id: its desktop entry, icon and AppStream component are named after it.
APP_ID = "app.unbrace.Unbrace"
