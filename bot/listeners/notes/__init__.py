"""The reading-note listeners: /pass and Start pass buttons open the form; its submission records."""
