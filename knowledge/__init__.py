"""The knowledge base: models, repository, search, import and export. Knows nothing of Telegram."""
