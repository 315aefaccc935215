"""arXiv watches: set up per channel, the listing feed read daily, new papers and new versions posted once."""
