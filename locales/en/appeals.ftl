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
    🎖 Priority consideration: { $priority }
appeal-send = 📨 Send
appeal-change-contact = ✏️ Change name, address or contact
appeal-missing-field = A required part of the appeal is missing. Please fill in this step.
appeal-registered = ✅ <b>Your appeal is registered</b>
    Number: <b>{ $number }</b>
    Received: { $received }
    The legal deadline is { $due } ({ $days ->
        [one] { $days } day
       *[other] { $days } days
    } after receipt). The answer may come sooner: an appeal that needs no additional study is considered without delay, within { $sooner ->
        [one] { $sooner } day
       *[other] { $sooner } days
    }. If it needs more study, the deadline may be extended — we will tell you why; { $most ->
        [one] { $most } day
       *[other] { $most } days
    } in total at most.
    Follow it in “My appeals”; the answer comes to this chat.
appeal-registered-priority = 🎖 You stated the status “{ $status }”: your appeal will be considered first.

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
appeal-no-study-note = ⚡ Needs no additional study: the answer by { $due }.
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
appeal-notice-no-study = ⚡ Your appeal needs no additional study — the answer comes sooner, by { $due }.

    { $head }
appeal-notice-question = ❓ About appeal { $number }, the council asks:
    { $question }

## Officers

appeal-inbox-title = 📥 <b>Appeals — { $view }</b>: { $count }
    Page { $page } of { $pages }. 🎖 — priority consideration (statutory beneficiaries), then by deadline.
appeal-inbox-line = { $mark }<b>{ $number }</b> · { $status } · by { $due } · { $note }
appeal-inbox-answered-line = <b>{ $number }</b> · answered { $answered }
appeal-inbox-empty = No appeals here.
appeal-view-button = { $on ->
        [1] ▸ { $view } · { $count }
       *[other] { $view } · { $count }
    }
appeal-view-open = all open
appeal-view-new = new
appeal-view-work = in work
appeal-view-ext = extended
appeal-view-done = answered
appeal-view-late = overdue
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
appeal-no-study = ⚡ Needs no additional study (by { $due })
appeal-no-study-confirm = ⚡ Mark appeal { $number } as needing no additional study?
    The answer will be due by { $due } ({ $days ->
        [one] { $days } day
       *[other] { $days } days
    } after receipt) instead of { $was }. The resident is told, and the audit log keeps the action.
appeal-no-study-yes = ✅ Yes, mark it
appeal-no-study-done = Marked: the answer is due by { $due }. The resident was told.
appeal-no-study-unavailable = This mark no longer fits: the appeal is extended or closed, its deadline is already that soon, or 15 days since receipt have passed.
appeal-priority-card = 🎖 <b>Priority consideration</b>: { $status } (as stated by the resident; you may ask to see the document)
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
appeal-digest-line = • { $mark }{ $number } — by { $due }, { $note }
appeal-digest-more = …and { $count } more. All of them under “Open the appeals”.

appeal-mydata-appeals = ✉️ Appeals: { $count }
appeal-mydata-item = • { $number } ({ $kind })
appeal-mydata-priority = {" "}· 🎖 status: { $status }
appeal-mydata-priority-notice = 🎖 Only the appeals officers of your settlement see a status for priority consideration. It is erased once the appeal is answered, when you withdraw consent or delete your data, or when you remove it yourself: “My appeals” → the appeal → “Remove the status”.
appeal-mydata-contact = 🏠 Address for appeals: { $address }; e-mail: { $email }
appeal-mydata-reports = 🚧 Problem reports: { $count }
appeal-mydata-notice = ℹ️ The council keeps registered appeals, with the name and address, as the law requires. If you delete your data, the appeals stay with the council but are unlinked from this chat, and a status for priority consideration is erased. Problem reports stay with the council, without your name and phone.

## Priority consideration (statutory beneficiaries)

appeal-priority-hero = Hero of Ukraine (of the Soviet Union, of Socialist Labour)
appeal-priority-war-disabled = Person with a disability caused by the war
appeal-priority-combatant = Combatant
appeal-priority-fallen-family = Family member of a fallen (deceased) Defender of Ukraine
appeal-priority-disabled = Person with a disability
appeal-priority-chornobyl = Person affected by the Chornobyl disaster
appeal-priority-large-family = Large family, Mother Heroine
appeal-priority-other = Another benefit established by law
appeal-priority-none = ↩️ No status
appeal-priority-unset = not stated
appeal-priority-state = 🎖 State a beneficiary status (optional)
appeal-priority-change = 🎖 Change or remove the status
appeal-priority-ask = 🎖 <b>Priority consideration</b>
    By law (Law on Citizens’ Appeals, art. 20), appeals of citizens who have benefits established by law are considered first. If you have such a status, choose it. This is optional.
    This is sensitive personal data. By choosing a status you agree to its processing for this appeal. Only the appeals officers of your settlement see it; they may ask to see the document that confirms it. It is erased once the appeal is answered, and also when you withdraw consent, delete your data or remove it yourself.
appeal-priority-expected = Choose a status with a button above, or press “No status”.
appeal-priority-own = 🎖 Your status for priority consideration: { $status }
appeal-priority-drop = 🗑 Remove the status
appeal-priority-dropped = The status was erased. The appeal is considered in the usual order.

audit-action-appeal-take = appeal taken in work
audit-action-appeal-ask = question to the resident
audit-action-appeal-no-study = appeal needs no additional study
audit-action-appeal-extend = appeal deadline extended
audit-action-appeal-answer = appeal answered
audit-action-report-status = problem report status changed

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
