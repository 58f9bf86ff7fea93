"""Ways residents reach the bot: Telegram polling and webhook, the offline terminal demo."""
