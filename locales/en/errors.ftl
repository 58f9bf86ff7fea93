## Rules a resident or official ran into, told in words (ui/errors.py and the flows' answers)

error-not-possible = 🙁 That is not possible right now. Here is where you were:
error-consent-required = 🔐 Without your consent to personal data processing the bot keeps no name or phone number. You can give consent in “🔐 My data”.
error-notice-first = First, please read the notice on personal data processing.
queue-too-late = ⏰ The visit has already begun, so it can no longer be cancelled or moved. If you are running late, call the ЦНАП.
queue-visit-marked = The ЦНАП has already marked this visit, so it cannot be changed here.
queue-bad-phone = That does not look like a phone number. Please send your own number with the “📱 Share my number” button.
queue-contact-invalid = The phone number for the booking is not valid. Please share your number again.
queue-comment-empty = The comment is empty. Write a few words or press “No comment”.
queue-rate-unavailable = Only a visit at which you were served can be rated.
queue-unavailable = 😔 This service or place is no longer offered for booking. Please start again.
op-too-early = “No-show” can be marked only once the visit time has come.
op-place-gone = This place is no longer in the community file.
