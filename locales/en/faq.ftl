## Frequently asked questions

menu-faq = ❓ FAQ
faq-categories = ❓ <b>Frequently asked questions</b>
    Pick a topic — or just type your question in the chat and I will look for the answer.
faq-categories-empty = ❓ The FAQ has no answers yet. Type your question in the chat — we will take it into account.
faq-category = ❓ <b>{ $category }</b>
    Pick a question:
faq-category-paged = ❓ <b>{ $category }</b> — page { $page } of { $pages }
    Pick a question:
faq-entry = <b>{ $question }</b>

    { $answer }
faq-related = Related questions are below.
faq-helpful-question = Did this answer help?
faq-helpful-yes = 👍 Yes
faq-helpful-no = 👎 No
faq-all-questions = 📚 All questions
faq-gone = This question is no longer in the FAQ. Here is the current list.
faq-thanks = Thank you for the feedback!
faq-sorry = Sorry the answer did not help. We will improve it.
faq-call = Call and you will be helped:
faq-council-phone = ☎️ City council: { $phone }
faq-cnap-phone = ☎️ ЦНАП: { $phone }
faq-not-found = 🤷 I did not find an answer to this question: “{ $question }”.
faq-suggestions = Perhaps you meant:
faq-not-found-help = Try putting it another way, or ask directly:
faq-no-phones = Try putting it another way, or pick a topic from the list.
faq-mydata-feedback = FAQ answers you rated: { $count }

## Officials: what the FAQ could not answer

faq-stats-misses-title = 📊 <b>Questions without an answer</b>, most frequent first — page { $page }
faq-stats-miss-line = { $count ->
    [one] { $count } time
   *[other] { $count } times
} · { $last } · “{ $question }”
faq-stats-misses-empty = 📊 So far every resident’s question found an answer.
faq-stats-hint = Add an answer or synonyms to the faq: section of the community file and load it — the bot sees the change at once.
faq-stats-unhelpful-title = 👎 <b>Answers that did not help</b>, most frequent first — page { $page }
faq-stats-unhelpful-line = “{ $question }” ({ $code }): 👎 { $unhelpful } · 👍 { $helpful }
faq-stats-unhelpful-empty = 👎 Nobody has marked an answer as unhelpful yet.
faq-stats-show-misses = 📊 Questions without an answer
faq-stats-show-unhelpful = 👎 Answers that did not help
role-hint-editor = Residents' questions the FAQ could not answer: the /faq_stats command.
