"""The three-pass reading method: what each pass asks, and how a paper's stage follows the notes."""
