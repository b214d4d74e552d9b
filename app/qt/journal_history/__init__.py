"""The check-in, Journal and History pages, charts, and the user's data actions."""
