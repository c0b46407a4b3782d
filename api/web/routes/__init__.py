"""The workspace pages, one module per area."""
