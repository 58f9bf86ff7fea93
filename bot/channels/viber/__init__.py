"""The Viber channel: Viber's callbacks become aiogram updates for the same Dispatcher as
Telegram, and the Bot API calls the handlers make are carried out on Viber's REST API."""
