"""Photos across messengers: a Telegram photo shown on Viber through a signed URL."""
