## Announcements: residents

menu-news = 📰 News and announcements
menu-subscriptions = 🔔 Subscriptions
command-stop = Stop announcements

news-topic-news = 📰 News
news-topic-outages = 🔧 Outages and repairs
news-topic-events = 🎉 Events
news-topic-emergency = 🚨 Emergencies

news-announcement-header = <b>{ $topic }</b>
news-manage = ⚙️ Subscriptions

news-archive-title = 📰 <b>News and announcements</b>
news-archive-line = { $n }. <i>{ $when }</i> — { $title }
news-archive-empty = 📰 No announcements yet. As soon as the community publishes one, it will be here.
news-not-found = This announcement is no longer available.

news-subs-title = 🔔 <b>Subscriptions</b>
    Choose what to hear about. Tap a topic to switch it on or off.
news-subs-stopped = ⏸ You get nothing at the moment: you sent /stop. Send /start to get announcements again.
news-subs-places = 📍 Your settlement: { $own }{ $extra ->
    [0] {""}
   *[other] , and { $extra } more of your choice
}
news-subs-hint = 🚨 Emergency messages cannot be switched off — only /stop stops every announcement.
news-subs-places-button = 📍 Settlements
news-emergency-locked = 🚨 Emergency messages go to everyone. To stop every announcement, send /stop.
news-places-title = 📍 <b>Settlements</b>
    You always get the announcements for your own settlement (🏠). Tick others whose news you want too.
news-own-place = 🏠 This is your settlement — you always get its announcements. To change it: /settlement.

news-stopped = ⏸ Done: no more community announcements, not even emergencies.
    Reminders of your own ЦНАП bookings and answers to your petitions and appeals keep coming — you can cancel a booking itself.
    To get announcements again, send /start.
news-resumed = ▶️ Community announcements are on again. Topics: “My community” → “Subscriptions”.

news-mydata = Announcement subscriptions: { $topics }; settlements: { $places }
news-mydata-stopped = Announcement subscriptions: stopped with /stop

## Announcements: the broadcaster

news-compose-title = 📢 <b>New announcement</b>
news-compose-topic = Topic: { $topic }
news-compose-audience = To: { $audience }
news-compose-when = When: { $when }
news-compose-photo = Photo: { $has ->
    [true] yes
   *[false] none
}
news-compose-text = <b>Text:</b> { $text }
news-compose-text-en = <b>English text (optional):</b> { $text }
news-compose-back = ⬅️ Back to the announcement
news-audience-everyone = the whole community
news-when-now = right after confirming

news-btn-text = ✏️ Text
news-btn-text-en = 🇬🇧 English text
news-btn-photo = 📷 Photo
news-btn-topic = 🏷 Topic
news-btn-audience = 👥 To whom
news-btn-when = 🕒 When
news-btn-preview = 👁 Preview
news-btn-discard = 🗑 Delete the draft
news-btn-drop-en = 🗑 No English text
news-btn-drop-photo = 🗑 No photo
news-btn-now = ⚡ Right after confirming
news-btn-done = ✅ Done
news-btn-send = ✅ Send now
news-btn-schedule = ✅ Schedule
news-btn-edit = ✏️ Change
news-btn-cancel-scheduled = ❌ Cancel No. { $id }
news-btn-cancel-running = ⛔ Stop the broadcast
news-btn-cancel-yes = ⛔ Yes, cancel

news-ask-text = ✏️ Send the announcement text in Ukrainian. You may format it in Telegram (bold, italic) or type the tags &lt;b&gt;, &lt;i&gt;, &lt;u&gt;, &lt;s&gt;, &lt;code&gt;, &lt;a href="..."&gt;. Up to 4096 characters (1024 with a photo).
news-ask-text-en = 🇬🇧 Send the English text. Residents using English get it, everyone else the Ukrainian one.
news-ask-photo = 📷 Send one photo for the announcement.
news-ask-when = 🕒 When to send it? Type the date and time in Kyiv time, for example: 25.12 09:00
news-choose-topic = 🏷 Choose the topic. Emergency messages reach everyone who has not sent /stop.
news-choose-audience = 👥 Who gets it? Tick settlements or choose the whole community.

news-bad-html = ⚠️ Telegram would refuse this text: { $problem }. Check that every tag is closed and that &lt; &gt; &amp; outside tags are written as &amp;lt; &amp;gt; &amp;amp;. Send the text again.
news-bad-tag = ⚠️ The tag &lt;{ $tag }&gt; is not supported. Allowed: &lt;b&gt;, &lt;i&gt;, &lt;u&gt;, &lt;s&gt;, &lt;code&gt;, &lt;a href="..."&gt;. Send the text again.
news-bad-link = ⚠️ A link must look like &lt;a href="https://..."&gt;text&lt;/a&gt;. Send the text again.
news-too-long = ⚠️ The text is too long: { $length } characters, { $limit } allowed. Shorten it and send it again.
news-photo-text-too-long = With a photo the text must be shorter. { $problem }
news-no-text = ⚠️ Write the announcement text first.
news-when-bad = ⚠️ I do not understand the date. Type the day, month and time, for example: 25.12 09:00
news-when-past = ⚠️ { $when } has passed. Choose a time in the future.

news-preview-intro = 👁 This is how residents will see the announcement:
news-preview-summary = 📢 <b>Check and confirm</b>
    Topic: { $topic }
    To: { $audience }
    When: { $when }
    Recipients: { $recipients ->
        [one] { $recipients } resident
       *[other] { $recipients } residents
    }
news-scheduled = 🕒 Announcement No. { $id } is scheduled for { $when }. Until it starts you can cancel it: /broadcast.
news-scheduled-title = 🕒 <b>Scheduled:</b>
news-scheduled-line = No. { $id }, { $when }: { $title }
news-discarded = The draft is deleted.
news-cancel-confirm = ⛔ Cancel announcement No. { $id }? Those who already got it keep it; nobody else will.
news-cancel-too-late = This announcement can no longer be cancelled.
news-cancelled = ⛔ Announcement No. { $id } is cancelled. Not sent: { $withdrawn }.

news-progress = 📤 <b>Broadcast No. { $id }</b> ({ $topic })
    ✅ Sent: { $sent }
    ⚠️ Failed: { $failed }
    🚫 Blocked the bot: { $blocked }
    ⏳ Left: { $left }
    { $eta }
news-progress-paid = 💬 Paid Viber messages: not opted into this topic — { $not_opted }, not sent because of the monthly limit — { $capped }
news-progress-eta = About { $minutes } min { $seconds } s to go
news-progress-done = ✅ <b>Broadcast No. { $id } finished</b> ({ $topic })
    Sent: { $sent }
    Failed: { $failed }
    Blocked the bot: { $blocked }
news-progress-cancelling = ⛔ <b>Broadcast No. { $id } stopped</b> ({ $topic })
    Sent: { $sent }, not sent: { $withdrawn }. Finishing those already on their way…
news-progress-cancelled = ⛔ <b>Broadcast No. { $id } stopped</b> ({ $topic })
    Sent: { $sent }
    Failed: { $failed }
    Blocked the bot: { $blocked }
    Not sent because of the cancellation: { $withdrawn }

audit-action-broadcast-create = announcement created
audit-action-broadcast-schedule = announcement scheduled
audit-action-broadcast-send = announcement broadcast started
audit-action-broadcast-cancel = announcement cancelled
