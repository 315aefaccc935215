"""What reading notes look like: the structured note, the answers to /pass, the note list."""
