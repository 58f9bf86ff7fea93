## E-petitions (Article 23-1 of the Law on Citizens' Appeals)

menu-petitions = 📜 Petitions

pet-n-signatures = { $count ->
    [one] { $count } signature
   *[other] { $count } signatures
}
pet-days-left = { $days ->
    [one] { $days } day left
   *[other] { $days } days left
}

## Statuses and tabs

pet-status-moderation = 🕓 in moderation
pet-status-refused = ❌ not published
pet-status-collecting = 🖊 collecting signatures
pet-status-reached = ⏳ under consideration
pet-status-missed = 📁 did not reach the threshold
pet-status-answered = 🏛 answered
pet-tab-collecting = 🖊 Collecting
pet-tab-review = ⏳ Under consideration
pet-tab-answered = 🏛 Answered
pet-tab-missed = 📁 Not enough signatures
pet-tab-mine = 👤 Mine
pet-sort-new = 🆕 Newest first
pet-sort-top = 🔥 Most signed first

## The list

pet-list-title = 📜 <b>Petitions · { $tab }</b>
pet-list-sorted = Order: { $sort }
pet-list-page = Page { $page } of { $pages }
pet-list-count = { $bar } · { $signatures } of { $threshold }
pet-list-empty-collecting = No petition is collecting signatures right now. Start your own with the button below.
pet-list-empty-review = No petitions are under the council’s consideration right now.
pet-list-empty-answered = The council has not answered any petition yet.
pet-list-empty-missed = There are no such petitions.
pet-list-empty-mine = You have not created or signed any petition yet.
pet-create = ➕ Create a petition
pet-to-list = ⬅️ Back to petitions
pet-open = 📜 Open the petition
pet-not-found = There is no such petition, or it is not published yet.

## The card

pet-card-title = 📜 <b>Petition No. { $id }</b> · { $status }
pet-card-author = ✍️ Author: { $author }
pet-card-moderation = 🕓 A moderator is reviewing the petition; this takes up to { $days ->
    [one] { $days } working day
   *[other] { $days } working days
}. You will get a message with the decision.
pet-card-refused = ❌ Publication refused ({ $date }).
pet-card-reason = <b>Reason:</b>
pet-card-published = 🗓 Published: { $date }
pet-card-signatures = ✅ Collected <b>{ $signatures }</b> of { $threshold } needed
    { $bar }
pet-card-deadline = ⏳ Collecting signatures until { $date } ({ $left })
pet-card-missed = 📁 Collection ended on { $date } without enough signatures. The petition will be handled as a collective appeal of citizens.
pet-card-reached = 🎉 Reached { $needed } on { $date }. The petition has gone to the council for consideration.
pet-card-answer = 🏛 <b>The council’s answer</b> of { $date }: { $verdict }
pet-verdict-supported = ✅ supported
pet-verdict-rejected = ❌ not supported
pet-card-continued = 📜 Petition No. { $id } · page { $page } of { $pages }
pet-you-signed = ✅ You signed this petition on { $date }.
pet-you-withdrew = ↩️ You withdrew your signature from this petition.
pet-sign = ✍️ Sign
pet-withdraw = ↩️ Withdraw my signature
pet-signers = 👥 Who signed
pet-share = 📤 Share
pet-back-to-card = ⬅️ Back to the petition
pet-signers-title = 👥 <b>Petition No. { $id } is signed by</b>: { $signatures }
pet-signers-none = Nobody yet. Be the first!
pet-share-text = 📤 A link to petition No. { $id } "{ $title }":
    { $link }

    Forward it to friends and neighbours: it opens the petition in the bot, even for someone who has never used it.
pet-share-plain = 📤 To share petition No. { $id } "{ $title }", forward this message: whoever sends the bot <code>/start p-{ $id }</code> sees it at once.
pet-share-send = 📤 Send in Telegram

## Signing

pet-consent-needed = 🔐 To sign a petition, the bot keeps your name and phone number.
    Your name appears in the public list of signatories, as the law requires. Nobody sees your phone number: it only makes sure that each person signs once.
    Do you agree to the processing of these data?
pet-consent-agree = ✅ I agree
pet-ask-signer-name = ✍️ Please write your surname and first name (patronymic optional) as in your ID. This is how you will appear in the list of signatories.
pet-bad-name = Please write your surname and first name in letters: 3 to 80 characters, no digits or links. For example: Olena Kovalenko.
pet-ask-phone = 📱 Please confirm your phone number with the “📱 Share my number” button below. Nobody will see it; it only guarantees that everyone signs once.
pet-share-phone = 📱 Share my number
pet-phone-button-only = Please send your number with the “📱 Share my number” button below, so we know it is yours.
pet-phone-not-own = This is someone else’s contact. A petition can be signed only with your own number: press “📱 Share my number”.
pet-phone-saved = Thank you, your number is confirmed.
pet-sign-confirm = ✍️ Sign petition No. { $id } "{ $title }"?

    In the list of signatories: <b>{ $name }</b>
    Number for the check: { $phone } (nobody will see it)

    You may withdraw your signature while collection goes on, but you cannot sign this petition again after that.
pet-sign-yes = ✅ Yes, sign
pet-signed = ✅ Thank you! Your signature counts: { $signatures } of { $threshold }.
pet-already-signed = You have already signed this petition: it can be signed only once.
pet-withdrawn-no-resign = You signed this petition before and withdrew the signature. It cannot be signed again.
pet-closed = Signature collection for this petition has ended.
pet-closed-withdraw = Collection has ended: the signature can no longer be withdrawn.
pet-not-signed = You have not signed this petition.
pet-withdraw-confirm = ↩️ Withdraw your signature from petition No. { $id } "{ $title }"?
    You cannot sign it again after that.
pet-withdraw-yes = Yes, withdraw my signature
pet-withdrawn = Signature withdrawn. The petition now has { $signatures }.

## Creating

pet-author-consent-needed = 🔐 To file a petition, the bot keeps its text, your full name and e-mail.
    The law requires the author’s name to be public: everyone sees it with the petition. Only moderators see the e-mail.
    A published petition stays public with your name even if you later delete your data from the bot (the e-mail is erased). Unpublished petitions are deleted with your data.
    Do you agree?
pet-create-intro = 📝 <b>New petition</b>
    A moderator checks it first (up to 2 working days), then it collects signatures. If it reaches { $threshold } signatures, the council considers it.
    The draft is saved after every step: you can stop and come back later.
pet-ask-title = ✏️ Write the <b>title</b> of the petition: briefly, what it is about (up to { $max } characters).
pet-bad-title = The title must have { $min } to { $max } characters; yours has { $length }. Please write it again. Your draft is saved.
pet-ask-body = 📄 Now write the <b>text</b> of the petition: what is wrong and what you ask the council to do (up to { $max } characters). A long text can be sent in several messages.
pet-ask-new-body = 📄 Send the new text of the petition (up to { $max } characters); it replaces the old one. A long text can be sent in several messages.
pet-body-saved = 📄 Text saved: { $length } of { $max } characters.
    If there is more, send it as the next message. If the text is ready, press “Next”.
pet-body-done = Next ➡️
pet-body-reset = 🔄 Write the text again
pet-body-too-long = Too long: with this message the text would have { $length } characters, and at most { $max } are allowed. { $kept ->
    [0] Please shorten it and send it again.
   *[other] What you sent before ({ $kept } characters) is saved: shorten this message or start the text again.
}
pet-body-too-short = The text is too short: at least { $min } characters are needed.
pet-ask-author-name = 👤 Your <b>full name</b> (surname, first name, patronymic) as in your ID. The author’s name is published with the petition, as the law requires.
pet-ask-email = ✉️ Your <b>e-mail</b> for contact (only moderators see it), for example: olena@example.com
pet-bad-email = This does not look like an e-mail address. Write it like name@mail.ua, for example olena@example.com.
pet-text-only = A petition is text only: photos, files and stickers cannot be added. Your draft is saved; let us go on 👇
pet-preview = 👀 <b>Check the petition before filing it</b>

    <b>{ $title }</b>
    ✍️ Author: { $author }
    ✉️ E-mail (only moderators see it): { $email }
pet-preview-continued = 👀 Preview · page { $page } of { $pages }
pet-submit = 📨 File for moderation
pet-edit-title = ✏️ Title
pet-edit-body = ✏️ Text
pet-edit-name = ✏️ Author
pet-edit-email = ✏️ E-mail
pet-discard = 🗑 Delete the draft
pet-discard-confirm = Delete the petition draft? It cannot be restored.
pet-discard-yes = Yes, delete
pet-discarded = 🗑 The draft is deleted.
pet-draft-later = 💾 Save and leave
pet-draft-found = 📝 You have an unfinished petition draft: "{ $title }". Shall we go on where you stopped?
pet-draft-continue = ▶️ Continue the draft
pet-draft-restart = 🆕 Start again
pet-draft-invalid = Something is wrong with the draft: check the title and the text.
pet-submitted = 📨 Petition No. { $id } is filed for moderation. A moderator checks it within { $days ->
    [one] { $days } working day
   *[other] { $days } working days
}; you will get a message on every change of its status.

## Notices

pet-notice-collecting-author = ✅ Your petition No. { $id } "{ $title }" is published! It collects signatures until { $deadline }; { $threshold } are needed. Share it with the “📤 Share” button on the petition’s page.
pet-notice-refused-author = ❌ Petition No. { $id } "{ $title }" was not published.
    Reason: { $reason }
    You may correct the text and file it again.
pet-notice-reached-author = 🎉 Your petition No. { $id } "{ $title }" reached { $needed }! Collection has ended and the petition has gone to the council. We will tell you about the answer.
pet-notice-reached-signer = 🎉 Petition No. { $id } "{ $title }", which you signed, reached { $needed } and has gone to the council. We will tell you about the answer.
pet-notice-missed-author = 📁 Signature collection for your petition No. { $id } "{ $title }" has ended: { $signatures } of { $threshold }. It will not be considered as an e-petition, but it goes to the council as a collective appeal of citizens, answered within the legal term (up to a month).
pet-notice-answered-author = 🏛 The council answered your petition No. { $id } "{ $title }": { $verdict }
    { $answer }
pet-notice-answered-signer = 🏛 The council answered petition No. { $id } "{ $title }", which you signed: { $verdict }
    { $answer }

## Moderators

pet-mod-new = 🆕 New petition No. { $id } "{ $title }" waits for moderation (filed { $submitted }). All petitions waiting for moderation: /moderate.
pet-mod-overdue = ⏰ Petition No. { $id } "{ $title }" has waited for moderation longer than { $days ->
    [one] { $days } working day
   *[other] { $days } working days
} (filed { $submitted }). Please review it.
pet-mod-open = 🔎 Review

pet-mod-title = 🗂 <b>Petition moderation</b>
pet-mod-waiting = { $count ->
    [0] No petitions wait for moderation.
    [one] { $count } petition waits for moderation (oldest first):
   *[other] { $count } petitions wait for moderation (oldest first):
}
pet-mod-line = • No. { $id } { $title }, filed { $since }
pet-mod-awaiting = ⏳ Awaiting the council’s answer: { $count }
pet-mod-awaiting-title = ⏳ <b>Petitions that reached the threshold and await the council’s answer</b>
pet-mod-awaiting-empty = There are none right now.
pet-mod-email = ✉️ The author’s e-mail (only moderators see it): { $email }
pet-mod-back = ⬅️ Back to moderation
pet-mod-approve = ✅ Publish
pet-mod-refuse = ❌ Refuse
pet-mod-answer = 📝 Record the council’s answer
pet-mod-approve-confirm = Publish petition No. { $id } "{ $title }"?
    Signature collection starts now and runs for { $days ->
        [one] { $days } day
       *[other] { $days } days
    }; the council considers it with { $needed }. The author will be told.
pet-mod-approve-yes = ✅ Yes, publish
pet-mod-approved = ✅ Petition No. { $id } is published. It collects signatures until { $deadline }; the author has been told.
pet-mod-ask-reason = ❌ Write the reason for refusing petition No. { $id } (up to { $max } characters). The author receives it word for word.
pet-mod-bad-length = { $min } to { $max } characters are needed, and this has { $length }. Please write it again.
pet-mod-refused = ❌ Petition No. { $id } is not published; the author has received the reason.
pet-mod-ask-answer = 📝 Write the council’s answer to petition No. { $id } "{ $title }" (up to { $max } characters). It is published under the petition and sent to the author and everyone who signed.
pet-mod-answer-preview = 📝 The answer to petition No. { $id }:

    { $answer }

    What did the council decide?
pet-mod-publish-supported = ✅ Publish: supported
pet-mod-publish-rejected = ❌ Publish: not supported
pet-mod-answer-again = ✏️ Write it differently
pet-mod-answered = 🏛 The answer to petition No. { $id } is published. The author and { $signers ->
    [one] { $signers } signatory
   *[other] { $signers } signatories
} will receive it.
pet-mod-handled = This petition has already been handled or its state has changed. Here is the current list.
audit-action-petition-approve = petition published
audit-action-petition-refuse = petition refused
audit-action-petition-answer = answer to a petition recorded

## My data

pet-mydata-authored = 📜 Your petitions: { $count }
pet-mydata-signed = ✍️ Your signatures under petitions: { $count }
pet-mydata-item = • No. { $id } { $title }
pet-mydata-more = …and { $count } more
pet-mydata-notice = If you delete your data, your signatures are removed and unpublished petitions deleted. Published petitions stay with your name as it was published (the law requires it), without the e-mail.
