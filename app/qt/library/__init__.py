"""The routine library page: list, filters, details pane and folder watcher."""
