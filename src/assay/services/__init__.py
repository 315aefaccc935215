"""Services: one unit of work per user action, on top of the storage and the domain rules."""
