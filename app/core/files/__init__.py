"""The app's own files on disk: where they live, atomic writes, damaged files set aside."""
