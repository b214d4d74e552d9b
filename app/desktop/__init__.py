"""What the desktop offers : idle time, full screen, tray host, notifications, sleep, autostart."""
