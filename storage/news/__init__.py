"""Officials' announcements: residents' subscriptions, broadcasts and their delivery."""
