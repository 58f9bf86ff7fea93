## Onboarding

start-welcome = 👋 Welcome! { $form ->
        [genitive] This is the chatbot of <b>{ $community }</b>.
       *[nominative] This is the chatbot of <b>{ $community }</b>.
    }
    Here you can book a visit to the ЦНАП (administrative services centre), find answers to common questions, send an appeal or report a problem, sign petitions, read the community’s news and announcements, and find the contacts of the council and of your starosta.
consent-notice = 🔐 <b>Consent to personal data processing</b>

    To book you a ЦНАП visit, take your signature under a petition or pass on your appeal, the bot keeps only what that needs: your name, phone number and settlement, and for an appeal also your address and a contact for the answer, as the law requires.
    The data is processed by the community’s executive committee under the Law of Ukraine “On Personal Data Protection”. We never share it with third parties.
    It is kept while you use the bot and no longer than 3 years after your last request. You can see or delete it at any time with /mydata.
    So that booking limits apply equally to everyone, even after you delete your data the bot keeps only a hash of your phone number (not the number) with the dates of bookings and missed visits — no name and no number.

    Without consent you can still read the help, the answers to common questions, the contacts, petitions and the news, and report a problem anonymously.
consent-agree = ✅ I agree
consent-decline = I do not agree
consent-thanks = Thank you! Consent saved.
consent-given = ✅ Consent given. Thank you!
consent-declined-short = Fine, without consent.
consent-declined = Fine. Without consent you can read the help, the answers to common questions, the contacts, petitions and the news, and report a problem anonymously. You can book a ЦНАП visit, sign a petition or send an appeal after giving consent in /mydata.
language-choose = 🌐 Оберіть мову / Choose your language:
language-set = Language changed
language-changed = 🇬🇧 Language: English.
language-name = English
settlement-choose = 📍 Choose your settlement, so the bot shows you the nearest ЦНАП places and your starosta and sends you the news and announcements for it.
settlement-set = Settlement: { $settlement }
settlement-changed = 📍 Your settlement: <b>{ $settlement }</b>.
settlement-from-poster = 📍 Your settlement: <b>{ $settlement }</b> (from the QR code). You can change it with /settlement.
settlement-poster-offer = 📍 This QR code is for <b>{ $settlement }</b>. Your settlement now: <b>{ $current }</b>. Switch?
settlement-poster-switch = ✅ Yes, switch
settlement-poster-keep = No, keep it
onboarding-done = All set! The “🏠 Menu” button below always brings you back to the main menu.
onboarding-continue = Let’s continue the setup where you left off 👇
start-again = Welcome back! 👋
start-in-flow = You are in the middle of a form — everything you entered is saved. Let’s go on 👇 (to leave, send /cancel)

## Menu

kb-menu = 🏠 Menu
menu-title = 🏛 <b>{ $community }</b>
    Choose a section:
menu-hint = The “🏠 Menu” button below always brings you back here.
menu-block-services = 📋 Services
menu-block-services-intro = 📋 <b>Services</b>
    Choose a service:
menu-block-power = 🤝 Me and the council
menu-block-power-intro = 🤝 <b>Me and the council</b>
    Reach the community’s authorities:
menu-block-community = 🏘 My community
menu-block-community-intro = 🏘 <b>My community</b>
    About the community:
menu-language = 🌐 Language
menu-mydata = 🔐 My data
menu-contacts = 📞 Council contacts
menu-district = 📍 My starosta district
btn-back = ⬅️ Back
btn-next = Next ➡️
btn-prev = ⬅️ Previous

## Contacts

contacts-council-title = 📞 <b>{ $community }</b>
contacts-address = 🏢 Address: { $address }
contacts-hours = 🕘 Opening hours: { $hours }
contacts-phone = ☎️ Phone: { $phone }
contacts-email = ✉️ E-mail: { $email }
contacts-website = 🌐 Website: { $website }
contacts-none = No contacts have been added yet.
district-no-settlement = You have not chosen your settlement yet. Do it with /settlement.
district-center = 📍 <b>{ $settlement }</b> is the community’s administrative centre. The executive committee handles requests: its contacts are under the “📞 Council contacts” button below.
district-title = 📍 <b>{ $settlement }</b> belongs to the “{ $district }” starosta district.
district-starosta = 👤 Starosta: { $name }

## My data

mydata-title = 🔐 <b>What the bot knows about you</b>
mydata-id = Your number in the bot: { $id }
mydata-language = Language: { $language }
mydata-settlement = Settlement: { $settlement }
mydata-consent = Consent to data processing: { $consent }
mydata-consent-given = given { $at }
mydata-consent-none = not given
mydata-name = Name: { $name }
mydata-phone = Phone: { $phone }
mydata-channels = Messengers: { $channels }
mydata-retention = Your data is kept while you use the bot and no longer than 3 years after your last request. You can delete it at any time. After deletion only a hash of your phone number (not the number) stays, with the dates of ЦНАП bookings and missed visits, so that booking limits apply equally to everyone; those kept only for the monthly limit are erased after 2 months.
mydata-edit-name = ✏️ Change my name
mydata-edit-phone = 📱 Change my number
mydata-ask-name = ✍️ Write your first and last name as in your ID (e.g. Olena Kovalenko).
mydata-ask-phone = 📱 Send your new number with the “📱 Share my number” button below — that way we know it is yours.
mydata-name-saved = ✅ Name saved.
mydata-withdraw = Withdraw consent
mydata-withdraw-confirm = ⚠️ Withdraw your consent to personal data processing?
    Your name and phone will be deleted and your planned ЦНАП visits cancelled. The help, the contacts and the news stay available.
mydata-withdraw-yes = Yes, withdraw consent
mydata-give-consent = ✅ Give consent
mydata-withdrawn = Consent withdrawn; your name and phone were deleted.
mydata-delete = 🗑 Delete all my data
mydata-delete-confirm = ⚠️ Delete all your data from the bot? This cannot be undone: your settings, name, phone and bookings will be gone.
mydata-delete-yes = Yes, delete everything
mydata-delete-no = No, keep it
mydata-deleted = 🗑 Your data has been deleted.
mydata-deleted-hint = If you want to come back, send /start.

## Help and cancel

help = ℹ️ <b>How to use the bot</b>
    Press the buttons under the messages — type text only where the bot asks for it.
    /menu — main menu
    /language — change language
    /settlement — change settlement
    /mydata — your data and how to delete it
    /cancel — leave any action
cancel-done = Cancelled.
cancel-nothing = Nothing to cancel — here is the main menu.
cancel-onboarding = Let’s finish the short setup first — it takes a minute.

## Commands (Telegram command menu)

command-start = Start
command-menu = Main menu
command-language = Change language
command-mydata = My data
command-help = Help
command-cancel = Cancel the current action

## Errors

error-apology = 😔 Sorry, something went wrong. Please try again in a minute — your data is saved.
error-flood = ⏳ Too many messages in a row. Please wait a few seconds.
error-stale-button = This button no longer works. Here is the current step.
error-use-buttons = Please use the buttons below 👇
error-no-rights = ⛔ You do not have enough rights for this action.
error-unknown-command = I don’t know that command. See /help for the list.
error-unsupported-content = I understand only text and buttons. Please use the buttons below 👇

## Counts

n-residents = { $count ->
    [one] { $count } resident
   *[other] { $count } residents
}

## Offline demo

demo-banner = Offline demo of the community bot: the same bot as in Telegram, only in this terminal.
    To press a button, type its number; to write to the bot, just type text. To leave: /quit or Ctrl+D.
    The officials’ side: /demo_role operator (ЦНАП operator), /demo_role admin (administrator), back: /demo_role resident.
demo-role-usage = Send /demo_role resident, /demo_role operator or /demo_role admin.
demo-role-resident = 🎭 Demo: you are now a resident with no official roles.
demo-role-operator = 🎭 Demo: you are now a ЦНАП operator for every place. The day’s list: /operator.
demo-role-admin = 🎭 Demo: you are now an administrator. Administrator commands: /admin; the ЦНАП list: /operator.
