"""The shared UI layer: texts, screens, keyboards, callback factories, route tables and flows."""
