# Paid messages: what the bot may send on its own in Viber, where the community pays for it.
paid-topic-cnap = 🗓 Reminders of ЦНАП visits
paid-why = The community pays Viber for every message the bot sends on its own when you have not written to it for more than a day. So the bot asks what to send you. Everything within a day of your own message is free and always comes.
paid-ask-cnap = 🔔 Shall we send you reminders of your ЦНАП visits on Viber — the day before and a few hours before?
paid-cnap-yes = ✅ Yes, send them
paid-cnap-no = No, thanks
paid-cnap-on = ✅ Fine, reminders will come on Viber. You can change this any time: "🔔 Subscriptions" → "💬 Paid messages on Viber".
paid-cnap-off = Fine, no reminders on Viber. If you write to the bot the day before your visit, the reminder still comes. You can change this any time: "🔔 Subscriptions" → "💬 Paid messages on Viber".
paid-ask-news = 📰 Shall we send you the community’s announcements on Viber? Emergency messages always come.
paid-news-all = ✅ Yes, all announcements
paid-news-emergency = 🚨 Emergencies only
paid-choose = ⚙️ Choose topics
paid-news-on = ✅ Fine, announcements will come on Viber. You can change this any time: "🔔 Subscriptions" → "💬 Paid messages on Viber".
paid-news-off = Fine, only emergency messages will come on Viber. Every announcement is in the archive: "My community" → "News and announcements". You can change this any time: "🔔 Subscriptions" → "💬 Paid messages on Viber".
paid-title = 💬 <b>Paid messages on Viber</b>
paid-always = Mark what the bot may send you on its own. Answers to your messages and notices about your own affairs (appeals, petitions, cancelled visits) always come.
paid-emergency-locked = Emergency messages always come — only /stop stops every announcement.
paid-button = 💬 Paid messages on Viber
paid-mydata = What the bot may send you on Viber on its own (when you have not written for more than a day): { $topics }
paid-channel-viber = Viber
admin-stats-paid = 💬 Paid messages on { $channel } this month: { $sent } of { $cap }
admin-stats-paid-capped = ⚠️ The monthly limit is reached: { $capped ->
        [one] { $capped } message
       *[other] { $capped } messages
    } not sent. VIBER__MONTHLY_CAP sets the limit.
