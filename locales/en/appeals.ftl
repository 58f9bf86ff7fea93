## E-appeals (Law on Citizens' Appeals) and problem reports

menu-appeals = ✉️ Appeals
menu-appeals-mine = 📂 My appeals
menu-report = 🚧 Report a problem

appeal-kind-statement = Statement
appeal-kind-complaint = Complaint
appeal-kind-proposal = Proposal
appeal-status-registered = registered
appeal-status-in_work = in work
appeal-status-extended = deadline extended
appeal-status-answered = answered

appeal-consent-needed = 🔐 <b>E-appeal</b>
    The law requires an appeal to carry your full name, address of residence and a contact for the answer. Anonymous appeals are not considered. Only the council’s appeals officers see these data.
    Do you agree to their processing?
    To report a problem without your name, use “Report a problem”.
appeal-consent-agree = ✅ I agree
appeal-offer-report = 🚧 Report a problem anonymously
appeal-leave = ✖️ Leave (draft kept)
appeal-left = Your draft is kept. Continue any time: “Me and the community” → “Appeals”.
appeal-draft-found = 📝 You have an unfinished appeal. Continue it or start a new one?
report-draft-found = 📝 You have an unfinished problem report. Continue it or start a new one?
appeal-resume = ▶️ Continue
appeal-restart = 🔄 Start again

appeal-ask-kind = ✉️ <b>New appeal</b>
    Choose the kind of appeal:
appeal-ask-topic = 📂 Choose a topic:
appeal-ask-body = ✍️ Describe your appeal in one message (up to { $limit } characters): what happened, where, what you ask for.
appeal-body-too-long = The text is too long: { $length } characters, up to { $limit } are allowed. Please shorten it and send it again — the earlier steps are kept.
appeal-body-too-short = Please describe your appeal in a little more detail — at least a few words.
appeal-text-expected = Text is needed here. Please type it as a message — photos can be added at the next step. Your draft is kept.
appeal-media-keyboard = 📎 You may add photos and a place on the map.
appeal-ask-media = 📎 Add up to { $most } photos (send them to the chat) and, if you like, a place with the “📍 Send location” button below.
    Photos added: { $photos } of { $most }. Place: { $place ->
        [1] added
       *[other] not added
    }.
    When you are done, press “Next”.
appeal-media-done = ➡️ Next
appeal-media-saved = Fine, let us go on.
appeal-media-expected = At this step you may send photos or a place on the map, or press “Next”.
appeal-photos-max = At most { $most } photos. Press “Next” to go on.
appeal-place-too-far = 📍 This place is far outside the community. Please send a point within the community.
appeal-share-location = 📍 Send location
appeal-ask-name = 👤 Type your full name (as in your ID).
appeal-bad-name = Please type your full name in letters — at least two words, no digits or links.
appeal-ask-address = 🏠 Type your address of residence (settlement, street, house).
appeal-bad-address = The address is too short or unclear. Please type the settlement, street and house.
appeal-contact-keyboard = 📱 A contact for the answer:
appeal-ask-contact = Share your phone number with the button below, or give an e-mail.
appeal-use-email = ✉️ Give an e-mail
appeal-share-phone = 📱 Share my number
appeal-phone-not-own = That is someone else’s contact. Please send your own number with “📱 Share my number”.
appeal-phone-saved = Thank you, the number is saved.
appeal-contact-expected = Send your own number with “📱 Share my number” or type an e-mail.
appeal-ask-email = ✉️ Type your e-mail address (for example: olena@example.com).
appeal-bad-email = That does not look like an e-mail. Please check the address (for example: olena@example.com).
appeal-email-saved = Thank you, the e-mail is saved.
appeal-place-given = added
appeal-summary = 📝 <b>Check your appeal</b>

    Kind: { $kind }
    Topic: { $topic }
    Photos: { $photos }, place: { $place }

    { $body }

    👤 { $name }
    🏠 { $address }
    📱 { $contact }
appeal-send = 📨 Send
appeal-change-contact = ✏️ Change name, address or contact
appeal-missing-field = A required part of the appeal is missing. Please fill in this step.
appeal-registered = ✅ <b>Your appeal is registered</b>
    Number: <b>{ $number }</b>
    Received: { $received }
    Answer by { $due } ({ $days ->
        [one] { $days } day
       *[other] { $days } days
    } by law).
    Follow it in “My appeals”; the answer comes to this chat.

appeal-head = <b>{ $number }</b> · { $kind }
    Topic: { $topic }
    Received: { $received } · answer by { $due }
    Status: { $status }
appeal-days-left = { $days ->
        [0] ⏰ Today is the last day
        [one] ⏳ { $days } day left
       *[other] ⏳ { $days } days left
    }
appeal-overdue = { $days ->
        [one] 🔴 Overdue by { $days } day
       *[other] 🔴 Overdue by { $days } days
    }
appeal-extension-reason = Reason for the extension: { $reason }
appeal-body-quote = 📄 { $body }
appeal-msg-officer = ❓ The council asks: { $text }
appeal-msg-resident = 💬 The resident replied: { $text }
appeal-answer-quote = ✅ <b>Answer:</b>
    { $answer }
appeal-mine-title = 📂 <b>My appeals</b>
appeal-mine-item = { $number } · { $status }
appeal-mine-empty = No appeals or reports yet.
appeal-open = 📄 Open
appeal-reply = 💬 Reply
appeal-ask-reply = 💬 Type your reply to the question on appeal { $number }:
appeal-ask-reply-again = 💬 Please type your reply as text.
appeal-bad-note = The text must be 3 to 2000 characters long.
appeal-reply-sent = ✅ Your reply is attached to appeal { $number }.
appeal-reply-closed = This appeal is closed — a reply cannot be added.

appeal-notice-status = 📬 Your appeal is now in work.

    { $head }
appeal-notice-extended = ⏳ The deadline for your appeal was extended.

    { $head }
    Reason: { $reason }
appeal-notice-answered = ✅ Your appeal has been answered.

    { $head }

    { $answer }
appeal-notice-question = ❓ About appeal { $number }, the council asks:
    { $question }

## Officers

appeal-inbox-title = 📥 <b>Open appeals</b>: { $count }
    Nearest deadline first.
appeal-inbox-item = { $number } · { $status } · { $note }
appeal-inbox-open = 📥 Open the appeals
appeal-card-person = 👤 { $name }
    🏠 { $address }
    📱 { $contact }
    Photos: { $photos }
appeal-take = 🛠 Take in work
appeal-taken = The appeal is in work.
appeal-ask = ❓ Ask
appeal-extend = ⏳ Extend
appeal-answer = ✅ Answer
appeal-officer-ask-question = ❓ Type your question to the resident (appeal { $number }):
appeal-officer-ask-answer = ✅ Type the answer to appeal { $number } — the resident gets it in the chat:
appeal-officer-asked = The question was sent to the resident.
appeal-officer-answered = The answer was sent to the resident.
appeal-officer-extended = Extended to { $due }; the resident was told.
appeal-officer-got-reply = 💬 The resident replied about appeal { $number }:
    { $text }
appeal-officer-too-late = The appeal’s status has changed. Please open it again.
appeal-officer-type-text = Please type the text as a message.
appeal-extend-choose = ⏳ Choose the new answer date (no later than { $latest } — 45 days by law):
appeal-extend-reason = Type the reason for extending to { $due } — the resident will read it:
appeal-extend-no-more = The deadline is already the longest the law allows: 45 days.
appeal-digest-title = ☀️ <b>Appeals near their deadline</b>: { $count }
appeal-digest-line = • { $number } — { $note }

appeal-mydata-appeals = ✉️ Appeals: { $count }
appeal-mydata-item = • { $number } ({ $kind })
appeal-mydata-contact = 🏠 Address for appeals: { $address }; e-mail: { $email }
appeal-mydata-reports = 🚧 Problem reports: { $count }
appeal-mydata-notice = ℹ️ The council keeps registered appeals, with the name and address, as the law requires. If you delete your data, the appeals stay with the council but are unlinked from this chat. Problem reports stay without a link to you.

## Problem reports

report-category-roads = 🛣 Roads
report-category-lighting = 💡 Lighting
report-category-water = 🚰 Water
report-category-waste = 🗑 Waste
report-category-shelters = 🛡 Shelters
report-category-other = ❔ Other
report-status-new = new
report-status-accepted = accepted
report-status-in_work = in work
report-status-resolved = resolved
report-status-rejected = rejected
report-leave = ✖️ Leave (draft kept)
report-ask-category = 🚧 <b>Report a problem</b>
    What is it about?
report-ask-photo = 📷 Send a photo of the problem, or skip this step.
report-skip-photo = ⏭ No photo
report-photo-expected = Please send a photo or press “No photo”.
report-place-keyboard = 📍 Where is it?
report-ask-place = Send the place with the “📍 Send location” button below, or type an address (street, house or landmark).
report-place-expected = Send the place with “📍 Send location” or type the address.
report-bad-place = The address is too short. Please type the street and house or a landmark.
report-place-saved = The place is saved.
report-same-problem = 🔁 There is already such a report nearby:

    { $head }

    Is it the same problem?
report-same-yes = ✅ Yes, join it
report-same-no = ➕ No, it is another problem
report-joined = ✅ You joined report №{ $id } — we will tell you when it changes.
report-ask-description = ✍️ Describe the problem briefly (up to 1000 characters).
report-bad-description = Please describe the problem in a few words — 5 to 1000 characters.
report-summary = 📝 <b>Check your report</b>
    { $category } · photo: { $photo ->
        [1] yes
       *[other] no
    }
    { $description }

    Send it with your name and phone (only council staff see them) or anonymously?
report-summary-anonymous-only = 📝 <b>Check your report</b>
    { $category } · photo: { $photo ->
        [1] yes
       *[other] no
    }
    { $description }

    The report will be anonymous. We will tell you about its status in this chat.
report-send-named = 📨 Send
report-send-anonymous = 🕶 Send anonymously
report-sent = ✅ Report №{ $id } is sent. We will tell you when it is accepted and resolved.
report-head = 🚧 <b>№{ $id }</b> · { $category } · { $status }
    📍 { $place }
    { $description }
report-notice-new = { $head }
report-notice-accepted = 📬 Your report was accepted.

    { $head }
report-notice-in_work = 🛠 Your report is being worked on.

    { $head }
report-notice-resolved = ✅ The problem is resolved.

    { $head }
    Comment: { $comment }

    Is it really fixed?
report-notice-rejected = ❌ The report was rejected.

    { $head }
    Reason: { $comment }
report-fixed-yes = ✅ Yes, fixed
report-fixed-no = ❌ No, not yet
report-thanks-fixed = Thank you for confirming! 💙
report-reopened = 🔄 Report №{ $id } is back in work. Thank you for telling us.
report-desk-title = 🚧 <b>Open reports</b>: { $count }
report-desk-anonymous = 🕶 Anonymous
report-desk-reporter = 👤 { $name } · { $phone }
report-desk-map = 📍 Show on the map
report-comment = Comment: { $comment }
report-move-accepted = 📬 Accept
report-move-in_work = 🛠 In work
report-move-resolved = ✅ Resolved
report-move-rejected = ❌ Reject
report-desk-ask-comment = ✅ Type a comment on resolving №{ $id } (a photo with a caption works too):
report-desk-ask-reason = ❌ Type the reason for rejecting №{ $id }:
report-desk-comment-needed = Type 3 to 2000 characters (or send a photo with a caption).
report-desk-moved = Status changed; the reporters were told.
