"""Shared machinery without models: settings helpers, access control, tree paths, API conventions."""
