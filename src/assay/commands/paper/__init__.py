"""/paper: add, show, the reading workflow and arXiv watches."""
