"""The gut-check listeners: the start form, its submission, decisions from buttons."""
