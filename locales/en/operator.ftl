## ЦНАП operator and administrator

op-not-allowed = This action is for ЦНАП staff only.
op-choose-place = 🗂 <b>Operator desk</b>
    Choose the place:
op-day-title = 🗂 <b>{ $place }</b>, { $day }
op-day-empty = No bookings for this day.
op-day-line = { $time } · { $code } · { $service } · { $name } — { $status }
op-closed-line = 🚫 Closed { $from }–{ $to }: { $reason }
op-prev-day = ◀️ Previous
op-next-day = Next ▶️
op-today = Today
op-close = 🚫 Close visits
op-refresh = 🔄 Refresh
op-booking-card = 🎫 <b>{ $code }</b> — { $when }
    📄 { $service }
    👤 { $name }
    📱 { $phone }
    Status: { $status }
op-mark-arrived = 🚶 Arrived
op-mark-served = ✅ Served
op-mark-no-show = 🚫 Did not come
op-back-to-day = ⬅️ Back to list
op-marked = Marked: { $status }
op-mark-refused = This booking cannot be marked so (its status: { $status }).
op-close-ask-range = 🚫 <b>Close visits</b> — { $place }, { $day }
    Press “Whole day” or write a time range, e.g. 13:00-15:30
op-close-whole-day = Whole day
op-close-bad-range = I don’t understand the range. Write, e.g., 13:00-15:30 (start before end, within the day).
op-close-past = That time has passed — only future visits can be closed.
op-close-ask-reason = Write the reason — every booked resident will get it (e.g. “power outage”).
op-close-bad-reason = The reason must be 3 to 200 characters.
op-close-confirm = Close visits at { $place }, { $day }, { $from }–{ $to }?
    Reason: { $reason }
    Booked residents will be notified.
op-close-yes = 🚫 Yes, close
op-close-no = No
op-closed = ✅ Visits closed. Notified: { $count ->
    [one] { $count } resident
   *[other] { $count } residents
}.
op-status-booked = expected
op-status-arrived = arrived
op-status-served = served
op-status-no_show = did not come
op-status-cancelled = cancelled
op-status-held = on hold

command-operator = Operator desk
