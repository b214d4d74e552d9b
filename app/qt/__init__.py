"""What a user sees: the window, its pages, the tray and the dialogs (Qt)."""
