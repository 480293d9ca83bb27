"""Cross-cutting infrastructure: settings, database, security, HTTP middleware."""
