## ЦНАП e-queue: resident

menu-queue-book = 🗓 Book a ЦНАП visit
menu-queue-mine = 🎫 My bookings
queue-consent-needed = 🔐 To book you a ЦНАП visit, the bot needs your name and phone number — only ЦНАП staff will see them. Do you agree to this data being processed?
queue-consent-agree = ✅ I agree, book a visit
queue-choose-place = 🏢 <b>Book a ЦНАП visit</b>
    Choose where it suits you to come:
queue-choose-category = 📂 Choose a group of services:
queue-choose-service = 📄 Choose a service:
queue-choose-day = 📅 <b>{ $service }</b>
    { $place }

    Choose a day. Only days with free time are shown.
queue-no-days = 😔 There is no free time for this service in the next { $days ->
    [one] day
   *[other] { $days } days
}. Try another place or call the ЦНАП:
queue-other-place = 🏢 Another place
queue-choose-time = 🕘 { $day }
    Choose a time:
queue-no-times = 😔 This day has just filled up. Please choose another.
queue-slot-held = 🕘 { $when } — this time is held for you for { $minutes } min.
queue-time-held = ✅ <b>{ $when }</b> is held for you now. Choose another time or press the same one.
queue-ask-name = ✍️ What is your name? Write your first and last name as in your ID (e.g. Olena Kovalenko).
queue-ask-visitor-name = 👥 Who are you booking for? Write their first and last name as in their ID (e.g. Petro Kovalenko). The phone number stays yours — the ЦНАП will call you.
queue-bad-name = First and last name together are 3 to 80 characters. Please write them again (e.g. Olena Kovalenko).
queue-name-letters-only = Letters only, please: no digits, emoji, links or signs other than an apostrophe and a hyphen (e.g. Mariana Koval-Deineka).
queue-name-needs-surname = Both your first name and your surname are needed, as in your ID (e.g. Olena Kovalenko).
queue-ask-phone = 📱 Please share your phone number with the button below — the ЦНАП will call you if your visit has to move.
queue-share-phone = 📱 Share my number
queue-phone-button-only = Please send your number with the “📱 Share my number” button below — that way we know it is yours.
queue-phone-not-own = That is someone else’s contact. Please send your own number with the “📱 Share my number” button.
queue-phone-saved = Thank you, number saved.
queue-phone-not-changed = The number was not changed.
queue-confirm = 📝 <b>Check your booking</b>

    🏢 { $place }
    📍 { $address }
    📄 { $service }
    🕘 { $when }
    👤 { $name }
    📱 { $phone }{ $visitor ->
        [yes] {" "}(your number: you are booking for someone else)
       *[no] {""}
    }

    The time is held for you for { $minutes } min — please confirm.
queue-confirm-yes = ✅ Confirm
queue-edit-name = ✏️ Change my name
queue-edit-phone = 📱 Change my number
queue-for-other = 👥 Book for someone else
queue-visitor-change = ✏️ Someone else
queue-for-self = 👤 Book for myself
queue-change-time = 🕘 Another time
queue-leave = ❌ Cancel
queue-left = No booking was made. Come back whenever it suits you.
queue-reschedule-kept = Booking { $code } on { $when } stays as it was.
queue-slot-taken = 😔 Someone has just taken this time. Please choose another.
queue-day-closed = 😔 Visits on this day have just been cancelled. Please choose another day.
queue-hold-expired = ⏳ Your hold has expired and the time was taken. Please choose another time.
queue-ticket = 🎫 <b>You are booked at the ЦНАП</b>

    Booking code: <b>{ $code }</b>
    🏢 { $place }
    📍 { $address }
    🕘 { $when }
    📄 { $service }
    👤 { $name }

    🧾 <b>Bring with you:</b>
    { $bring }

    Come 5–10 minutes early. If you are more than { $late } min late, you will be seen in the live queue.
queue-ticket-call = ☎️ ЦНАП phone: { $phone }
queue-ticket-reminders = 🔔 Reminders
queue-ticket-reschedule = 🔁 Reschedule
queue-ticket-cancel = ❌ Cancel booking
queue-cancel-confirm = Cancel booking { $code } on { $when }?
queue-cancel-yes = Yes, cancel
queue-cancel-no = No, keep it
queue-cancelled = ❌ Booking { $code } on { $when } is cancelled. Thank you for letting us know — someone else will get this time.
queue-already-cancelled = This booking has already been cancelled or moved.
queue-not-found = There is no such booking among yours.
queue-reschedule-title = 🔁 Rescheduling booking { $code } ({ $when }).
queue-reschedule-confirm = 🔁 Move booking { $code } to <b>{ $when }</b>?
queue-reschedule-yes = ✅ Move it
queue-rescheduled = ✅ Booking moved.
queue-reminders-title = 🔔 <b>Reminders for booking { $code }</b>
    Tap to switch on or off.
queue-reminder-day = { $on ->
    [yes] ✅ The day before
   *[no] ⬜ The day before
}
queue-reminder-hours = { $on ->
    [yes] ✅ { $hours } h before
   *[no] ⬜ { $hours } h before
}
queue-back-to-ticket = ⬅️ Back to booking
queue-mine-title = 🎫 <b>My bookings</b>
queue-mine-empty = You have no ЦНАП visits planned.
queue-mine-upcoming = Planned:
queue-mine-cancelled = Cancelled:
queue-mine-past = Past:
queue-mine-line = { $when } — { $service }, { $place } (code { $code })
queue-mine-past-line = { $when } — { $service }: { $status }
queue-status-booked = planned
queue-status-arrived = you arrived
queue-status-served = served
queue-status-no_show = you did not come
queue-status-cancelled = cancelled
queue-status-held = on hold
queue-open-ticket = 🎫 { $when }
queue-book-another = 🗓 Book another
queue-book-first = 🗓 Book a visit

## Limits

queue-limit-active = You already have { $count ->
    [one] { $count } active booking
   *[other] { $count } active bookings
} — that is the maximum. Cancel or reschedule one in “🎫 My bookings” to book again.
queue-limit-monthly = You have booked { $count ->
    [one] { $count } time
   *[other] { $count } times
} this month (cancelled ones count) — that is the maximum. You can book again from { $until }. If it is urgent, please call the ЦНАП:
queue-limit-no-show = Online booking is paused for you: you missed { $count ->
    [one] { $count } booking
   *[other] { $count } bookings
}. To restore it, contact the ЦНАП administrator in person or by phone:
queue-limit-window = You can book only for the next { $days ->
    [one] day
   *[other] { $days } days
}.

## Reminders and notices (sent without a request)

queue-remind-day = 🔔 <b>Reminder:</b> tomorrow, { $when }, you have a ЦНАП visit.
    📄 { $service }
    🏢 { $place }, { $address }
    Code: { $code }

    Cannot come? Please cancel — someone else will get this time.
queue-remind-hours = 🔔 <b>In { $hours } h</b> ({ $when }) you have a ЦНАП visit.
    📄 { $service }
    🏢 { $place }, { $address }
    Code: { $code }
queue-closed-notice = ⚠️ <b>Visit cancelled</b>
    Your booking { $code } on { $when } ({ $place }) is cancelled: { $reason }.
    We apologise. Please choose another time.
queue-closed-rebook = 🗓 Choose another time
queue-reason-schedule = the ЦНАП changed its working hours
queue-rate-ask = 🙏 Thank you for using the ЦНАП ({ $service }). Please rate the service:
queue-rate-thanks = Thank you for rating { $stars }! Would you like to add a comment? Write it in one message or press “No comment”.
queue-rate-skip = No comment
queue-rate-comment-saved = Thank you! Your feedback has been passed to the ЦНАП management.
queue-rate-done = Your rating is already saved. Thank you!
queue-comment-too-long = The comment is too long: up to { $max } characters. Please shorten it.
queue-mydata-bookings = ЦНАП bookings: { $count }
