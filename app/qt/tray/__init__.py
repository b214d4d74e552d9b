"""The tray icon and menu, the reminder service and its popup."""
