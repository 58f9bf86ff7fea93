## Frequently asked questions

menu-faq = ❓ Часті питання
faq-categories = ❓ <b>Часті питання</b>
    Оберіть тему — або просто напишіть своє питання в чат, і я пошукаю відповідь.
faq-categories-empty = ❓ У довідці поки немає відповідей. Напишіть своє питання в чат — ми врахуємо його.
faq-category = ❓ <b>{ $category }</b>
    Оберіть питання:
faq-category-paged = ❓ <b>{ $category }</b> — сторінка { $page } з { $pages }
    Оберіть питання:
faq-entry = <b>{ $question }</b>

    { $answer }
faq-related = Схожі питання — кнопками нижче.
faq-helpful-question = Чи допомогла відповідь?
faq-helpful-yes = 👍 Так
faq-helpful-no = 👎 Ні
faq-all-questions = 📚 Усі питання
faq-gone = Цього питання вже немає в довідці. Ось актуальний список.
faq-thanks = Дякуємо за відгук!
faq-sorry = Шкода, що відповідь не допомогла. Ми її покращимо.
faq-call = Зателефонуйте — вам підкажуть:
faq-council-phone = ☎️ Міська рада: { $phone }
faq-cnap-phone = ☎️ ЦНАП: { $phone }
faq-not-found = 🤷 Не знайшов відповіді на це питання: «{ $question }».
faq-suggestions = Можливо, ви мали на увазі:
faq-not-found-help = Спробуйте сказати інакше або зверніться напряму:
faq-no-phones = Спробуйте сказати інакше або оберіть тему зі списку.
faq-mydata-feedback = Оцінки відповідей довідки: { $count }

## Officials: what the FAQ could not answer

faq-stats-misses-title = 📊 <b>Питання без відповіді</b>, найчастіші спершу — сторінка { $page }
faq-stats-miss-line = { $count ->
    [one] { $count } раз
    [few] { $count } рази
   *[many] { $count } разів
} · { $last } · «{ $question }»
faq-stats-misses-empty = 📊 Поки що всі питання мешканців знайшли відповідь.
faq-stats-hint = Додайте відповідь або синоніми в розділ faq: файлу громади й завантажте його — бот побачить зміни одразу.
faq-stats-unhelpful-title = 👎 <b>Відповіді, які не допомогли</b>, найчастіші спершу — сторінка { $page }
faq-stats-unhelpful-line = «{ $question }» ({ $code }): 👎 { $unhelpful } · 👍 { $helpful }
faq-stats-unhelpful-empty = 👎 Ще ніхто не позначив відповідь як таку, що не допомогла.
faq-stats-show-misses = 📊 Питання без відповіді
faq-stats-show-unhelpful = 👎 Відповіді, що не допомогли
role-hint-editor = Питання мешканців, на які довідка не знайшла відповіді, — команда /faq_stats.
