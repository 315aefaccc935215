"""Papers: adding from arXiv, triage, the reading workflow, search and arXiv watches."""
