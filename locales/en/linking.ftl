link-code =
    🔗 Your one-time code: <code>{ $code }</code>
    Open the community bot in your other messenger (Telegram or Viber) and send it: <code>/link { $code }</code>
    The code works until { $until }. After that your bookings, signatures and subscriptions are available in both messengers.
link-bad-code = The code has { $digits } digits, for example: <code>/link 12345678</code>. To get a code, send /link in your other messenger.
link-linked = ✅ Done: this chat is now joined to your record. Your bookings, signatures and subscriptions are available here too. Main menu: /menu
link-unknown = There is no such code, or it has expired. Send /link in your other messenger to get a new one.
link-same = This code was made in this very chat. Send it to the bot in your other messenger.
link-has-data = This chat already holds data of its own (bookings, appeals or signatures), so it cannot be joined to another. Use one of the messengers, or delete this chat’s data in /mydata and try again.
link-too-many = Too many wrong codes. Try again in 10 minutes.
link-mydata-hint = 🔗 Use both Telegram and Viber? Send /link to join them into one record.
