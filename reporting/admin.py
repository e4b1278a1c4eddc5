"""Committee reports are registered here once the app has models."""
