"""Committee reports live here; the app has no tables yet."""
