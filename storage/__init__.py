"""Storage: SQLite, migrations, repositories and domain services (no Telegram here)."""
