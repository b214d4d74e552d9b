"""The window and start-up: composition root, main window, shared widgets and colours."""
