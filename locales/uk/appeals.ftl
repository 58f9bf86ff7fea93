## E-appeals (Закон «Про звернення громадян») and problem reports

menu-appeals = ✉️ Звернення
menu-appeals-mine = 📂 Мої звернення
menu-report = 🚧 Повідомити про проблему

appeal-kind-statement = Заява
appeal-kind-complaint = Скарга
appeal-kind-proposal = Пропозиція
appeal-status-registered = зареєстровано
appeal-status-in_work = у роботі
appeal-status-extended = строк продовжено
appeal-status-answered = надано відповідь

appeal-consent-needed = 🔐 <b>Електронне звернення</b>
    Закон вимагає, щоб звернення містило ваше ПІБ, адресу проживання та контакт для відповіді. Анонімні звернення не розглядаються. Ці дані побачать лише відповідальні за звернення працівники ради.
    Чи погоджуєтеся ви на обробку цих даних?
    Якщо хочете повідомити про проблему без імені — скористайтеся «Повідомити про проблему».
appeal-consent-agree = ✅ Погоджуюсь
appeal-offer-report = 🚧 Повідомити про проблему анонімно
appeal-leave = ✖️ Вийти (чернетку збережено)
appeal-left = Чернетку збережено. Продовжити можна будь-коли: «Я і громада» → «Звернення».
appeal-draft-found = 📝 У вас є незавершене звернення. Продовжити його чи почати нове?
report-draft-found = 📝 У вас є незавершене повідомлення про проблему. Продовжити його чи почати нове?
appeal-resume = ▶️ Продовжити
appeal-restart = 🔄 Почати заново

appeal-ask-kind = ✉️ <b>Нове звернення</b>
    Оберіть вид звернення:
appeal-ask-topic = 📂 Оберіть тему:
appeal-ask-body = ✍️ Опишіть суть звернення одним повідомленням (до { $limit } символів): що сталося, де, чого ви просите.
appeal-body-too-long = Текст задовгий: { $length } символів, а можна до { $limit }. Скоротіть його, будь ласка, і надішліть ще раз — попередні кроки збережено.
appeal-body-too-short = Опишіть суть звернення трохи докладніше — хоча б кілька слів.
appeal-text-expected = Тут потрібен текст. Напишіть його повідомленням — фото можна буде додати на наступному кроці. Чернетку збережено.
appeal-media-keyboard = 📎 Можна додати фото та місце на мапі.
appeal-ask-media = 📎 Додайте до { $most } фото (надішліть їх у чат) та, за бажанням, місце — кнопкою «📍 Надіслати місце» нижче.
    Додано фото: { $photos } з { $most }. Місце: { $place ->
        [1] додано
       *[other] не додано
    }.
    Коли закінчите — натисніть «Далі».
appeal-media-done = ➡️ Далі
appeal-media-saved = Добре, рухаємося далі.
appeal-media-expected = На цьому кроці можна надіслати фото або місце на мапі, або натиснути «Далі».
appeal-photos-max = Можна додати не більше { $most } фото. Натисніть «Далі», щоб продовжити.
appeal-place-too-far = 📍 Це місце далеко за межами громади. Надішліть, будь ласка, точку в громаді.
appeal-share-location = 📍 Надіслати місце
appeal-ask-name = 👤 Напишіть ваше прізвище, імʼя та по батькові (як у документі).
appeal-bad-name = Будь ласка, напишіть ПІБ літерами — щонайменше два слова, без цифр і посилань.
appeal-ask-address = 🏠 Напишіть адресу вашого проживання (населений пункт, вулиця, будинок).
appeal-bad-address = Адреса закоротка або незрозуміла. Напишіть, будь ласка, населений пункт, вулицю і будинок.
appeal-contact-keyboard = 📱 Контакт для відповіді:
appeal-ask-contact = Поділіться номером телефону кнопкою нижче або вкажіть e-mail.
appeal-use-email = ✉️ Вказати e-mail
appeal-share-phone = 📱 Поділитися номером
appeal-phone-not-own = Це чужий контакт. Надішліть, будь ласка, свій номер кнопкою «📱 Поділитися номером».
appeal-phone-saved = Дякуємо, номер збережено.
appeal-contact-expected = Надішліть свій номер кнопкою «📱 Поділитися номером» або напишіть e-mail.
appeal-ask-email = ✉️ Напишіть вашу електронну адресу (наприклад: olena@example.com).
appeal-bad-email = Це не схоже на e-mail. Перевірте, будь ласка, адресу (наприклад: olena@example.com).
appeal-email-saved = Дякуємо, e-mail збережено.
appeal-place-given = додано
appeal-summary = 📝 <b>Перевірте звернення</b>

    Вид: { $kind }
    Тема: { $topic }
    Фото: { $photos }, місце: { $place }

    { $body }

    👤 { $name }
    🏠 { $address }
    📱 { $contact }
    🎖 Першочерговий розгляд: { $priority }
appeal-send = 📨 Надіслати
appeal-change-contact = ✏️ Змінити ПІБ, адресу чи контакт
appeal-missing-field = Бракує обовʼязкових даних звернення. Заповніть, будь ласка, цей крок.
appeal-registered = ✅ <b>Звернення зареєстровано</b>
    Номер: <b>{ $number }</b>
    Дата надходження: { $received }
    Строк розгляду за законом — до { $due } ({ $days ->
        [one] { $days } день
        [few] { $days } дні
       *[other] { $days } днів
    } від надходження). Відповідь може надійти й раніше: звернення, яке не потребує додаткового вивчення, розглядають невідкладно, не пізніше { $sooner ->
        [one] { $sooner } дня
       *[other] { $sooner } днів
    }. Якщо потрібне додаткове вивчення, строк можуть продовжити — ми повідомимо причину; загалом не більше { $most ->
        [one] { $most } дня
       *[other] { $most } днів
    }.
    Статус можна переглядати в «Мої звернення»; відповідь надійде в цей чат.
appeal-registered-priority = 🎖 Ви вказали статус «{ $status }»: звернення розглянуть першочергово.

appeal-head = <b>{ $number }</b> · { $kind }
    Тема: { $topic }
    Надійшло: { $received } · відповідь до { $due }
    Статус: { $status }
appeal-days-left = { $days ->
        [0] ⏰ Сьогодні останній день
        [one] ⏳ Залишився { $days } день
        [few] ⏳ Залишилося { $days } дні
       *[other] ⏳ Залишилося { $days } днів
    }
appeal-overdue = { $days ->
        [one] 🔴 Прострочено на { $days } день
        [few] 🔴 Прострочено на { $days } дні
       *[other] 🔴 Прострочено на { $days } днів
    }
appeal-extension-reason = Причина продовження: { $reason }
appeal-no-study-note = ⚡ Не потребує додаткового вивчення: відповідь — до { $due }.
appeal-body-quote = 📄 { $body }
appeal-msg-officer = ❓ Запитання ради: { $text }
appeal-msg-resident = 💬 Відповідь заявника: { $text }
appeal-answer-quote = ✅ <b>Відповідь:</b>
    { $answer }
appeal-mine-title = 📂 <b>Мої звернення</b>
appeal-mine-item = { $number } · { $status }
appeal-mine-empty = Звернень і повідомлень поки немає.
appeal-open = 📄 Відкрити
appeal-reply = 💬 Відповісти
appeal-ask-reply = 💬 Напишіть відповідь на запитання щодо звернення { $number }:
appeal-ask-reply-again = 💬 Напишіть, будь ласка, відповідь текстом.
appeal-bad-note = Текст має бути від 3 до 2000 символів.
appeal-reply-sent = ✅ Відповідь додано до звернення { $number }.
appeal-reply-closed = Це звернення вже закрито — відповідь додати не можна.

appeal-notice-status = 📬 Ваше звернення взято в роботу.

    { $head }
appeal-notice-extended = ⏳ Строк розгляду вашого звернення продовжено.

    { $head }
    Причина: { $reason }
appeal-notice-answered = ✅ Надійшла відповідь на ваше звернення.

    { $head }

    { $answer }
appeal-notice-no-study = ⚡ Ваше звернення не потребує додаткового вивчення — відповідь надійде раніше, до { $due }.

    { $head }
appeal-notice-question = ❓ Щодо звернення { $number } рада просить уточнити:
    { $question }

## Officers

appeal-inbox-title = 📥 <b>Звернення — { $view }</b>: { $count }
    Сторінка { $page } з { $pages }. 🎖 — першочерговий розгляд (пільговики), далі — за строком.
appeal-inbox-line = { $mark }<b>{ $number }</b> · { $status } · до { $due } · { $note }
appeal-inbox-answered-line = <b>{ $number }</b> · відповідь надано { $answered }
appeal-inbox-empty = Тут звернень немає.
appeal-view-button = { $on ->
        [1] ▸ { $view } · { $count }
       *[other] { $view } · { $count }
    }
appeal-view-open = усі відкриті
appeal-view-new = нові
appeal-view-work = у роботі
appeal-view-ext = продовжені
appeal-view-done = з відповіддю
appeal-view-late = прострочені
appeal-inbox-open = 📥 Відкрити звернення
appeal-card-person = 👤 { $name }
    🏠 { $address }
    📱 { $contact }
    Фото: { $photos }
appeal-take = 🛠 Взяти в роботу
appeal-taken = Звернення взято в роботу.
appeal-ask = ❓ Запитати
appeal-extend = ⏳ Продовжити строк
appeal-answer = ✅ Відповісти
appeal-no-study = ⚡ Не потребує додаткового вивчення (до { $due })
appeal-no-study-confirm = ⚡ Позначити звернення { $number } як таке, що не потребує додаткового вивчення?
    Строк відповіді стане { $due } ({ $days ->
        [one] { $days } день
        [few] { $days } дні
       *[other] { $days } днів
    } від надходження) замість { $was }. Заявник отримає повідомлення, а дію буде записано в журнал.
appeal-no-study-yes = ✅ Так, позначити
appeal-no-study-done = Позначено: відповідь — до { $due }. Заявника повідомлено.
appeal-no-study-unavailable = Цю позначку вже не можна поставити: звернення продовжене чи закрите, строк уже такий самий або 15 днів від надходження минули.
appeal-priority-card = 🎖 <b>Першочерговий розгляд</b>: { $status } (за словами заявника; документ можна попросити показати)
appeal-officer-ask-question = ❓ Напишіть запитання до заявника (звернення { $number }):
appeal-officer-ask-answer = ✅ Напишіть відповідь на звернення { $number } — заявник отримає її в чат:
appeal-officer-asked = Запитання надіслано заявнику.
appeal-officer-answered = Відповідь надіслано заявнику.
appeal-officer-extended = Строк продовжено до { $due }; заявника повідомлено.
appeal-officer-got-reply = 💬 Заявник відповів щодо звернення { $number }:
    { $text }
appeal-officer-too-late = Статус звернення вже змінився. Відкрийте його ще раз.
appeal-officer-type-text = Напишіть, будь ласка, текст повідомленням.
appeal-extend-choose = ⏳ Оберіть нову дату відповіді (не пізніше { $latest } — 45 днів за законом):
appeal-extend-reason = Напишіть причину продовження до { $due } — її отримає заявник:
appeal-extend-no-more = Строк уже максимальний: 45 днів за законом.
appeal-digest-title = ☀️ <b>Звернення зі строком, що спливає</b>: { $count }
appeal-digest-line = • { $mark }{ $number } — до { $due }, { $note }
appeal-digest-more = …і ще { $count }. Усі — у «Відкрити звернення».

appeal-mydata-appeals = ✉️ Звернення: { $count }
appeal-mydata-item = • { $number } ({ $kind })
appeal-mydata-priority = {" "}· 🎖 статус: { $status }
appeal-mydata-priority-notice = 🎖 Статус для першочергового розгляду бачать лише відповідальні за звернення працівники вашого населеного пункту. Його видаляють після відповіді на звернення, якщо ви відкличете згоду чи видалите свої дані, або коли ви приберете його самі: «Мої звернення» → звернення → «Прибрати статус».
appeal-mydata-contact = 🏠 Адреса для звернень: { $address }; e-mail: { $email }
appeal-mydata-reports = 🚧 Повідомлення про проблеми: { $count }
appeal-mydata-notice = ℹ️ Зареєстровані звернення рада зберігає, як вимагає закон, разом з ПІБ і адресою. Якщо ви видалите свої дані, звернення залишаться в раді, але будуть відʼєднані від цього чату, а статус для першочергового розгляду буде видалено. Повідомлення про проблеми залишаються в раді, але без вашого імені й телефону.

## Priority consideration (пільговики)

appeal-priority-hero = Герой України (Радянського Союзу, Соціалістичної Праці)
appeal-priority-war-disabled = Особа з інвалідністю внаслідок війни
appeal-priority-combatant = Учасник бойових дій
appeal-priority-fallen-family = Член сімʼї загиблого (померлого) Захисника чи Захисниці України
appeal-priority-disabled = Особа з інвалідністю
appeal-priority-chornobyl = Особа, яка постраждала внаслідок Чорнобильської катастрофи
appeal-priority-large-family = Багатодітна сімʼя, мати-героїня
appeal-priority-other = Інша пільга, встановлена законом
appeal-priority-none = ↩️ Без статусу
appeal-priority-unset = не вказано
appeal-priority-state = 🎖 Вказати статус пільговика (необовʼязково)
appeal-priority-change = 🎖 Змінити чи прибрати статус
appeal-priority-ask = 🎖 <b>Першочерговий розгляд</b>
    За законом («Про звернення громадян», ст. 20) звернення громадян, які мають пільги, встановлені законодавством, розглядають першочергово. Якщо у вас є такий статус, оберіть його. Це необовʼязково.
    Це чутливі персональні дані. Обираючи статус, ви погоджуєтеся на його обробку для розгляду цього звернення. Його побачать лише відповідальні за звернення працівники вашого населеного пункту; документ, що підтверджує статус, можуть попросити показати. Статус видаляють після відповіді на звернення, а також якщо ви відкличете згоду, видалите свої дані чи приберете його самі.
appeal-priority-expected = Оберіть статус кнопкою вище або натисніть «Без статусу».
appeal-priority-own = 🎖 Ваш статус для першочергового розгляду: { $status }
appeal-priority-drop = 🗑 Прибрати статус
appeal-priority-dropped = Статус видалено. Звернення розглядають у звичайному порядку.

audit-action-appeal-take = звернення взято в роботу
audit-action-appeal-ask = запитання до заявника
audit-action-appeal-no-study = звернення не потребує додаткового вивчення
audit-action-appeal-extend = продовжено строк звернення
audit-action-appeal-answer = відповідь на звернення
audit-action-report-status = змінено статус повідомлення про проблему

## Problem reports

report-category-roads = 🛣 Дороги
report-category-lighting = 💡 Освітлення
report-category-water = 🚰 Вода
report-category-waste = 🗑 Сміття
report-category-shelters = 🛡 Укриття
report-category-other = ❔ Інше
report-status-new = нове
report-status-accepted = прийнято
report-status-in_work = у роботі
report-status-resolved = вирішено
report-status-rejected = відхилено
report-leave = ✖️ Вийти (чернетку збережено)
report-ask-category = 🚧 <b>Повідомити про проблему</b>
    Оберіть, що сталося:
report-ask-photo = 📷 Надішліть фото проблеми або пропустіть цей крок.
report-skip-photo = ⏭ Без фото
report-photo-expected = Надішліть, будь ласка, фото або натисніть «Без фото».
report-place-keyboard = 📍 Де це?
report-ask-place = Надішліть місце кнопкою «📍 Надіслати місце» нижче або напишіть адресу (вулиця, будинок чи орієнтир).
report-place-expected = Надішліть місце кнопкою «📍 Надіслати місце» або напишіть адресу текстом.
report-bad-place = Адреса закоротка. Напишіть, будь ласка, вулицю і будинок або орієнтир.
report-place-saved = Місце збережено.
report-same-problem = 🔁 Поруч уже є таке повідомлення:

    { $head }

    Це та сама проблема?
report-same-yes = ✅ Так, приєднатися
report-same-no = ➕ Ні, це інша проблема
report-joined = ✅ Ви приєдналися до повідомлення №{ $id } — ми повідомимо, коли щось зміниться.
report-ask-description = ✍️ Коротко опишіть проблему (до 1000 символів).
report-bad-description = Опишіть проблему кількома словами — від 5 до 1000 символів.
report-summary = 📝 <b>Перевірте повідомлення</b>
    { $category } · фото: { $photo ->
        [1] є
       *[other] немає
    }
    { $description }

    Надіслати з вашим імʼям і телефоном (їх побачать лише працівники ради) чи анонімно?
report-summary-anonymous-only = 📝 <b>Перевірте повідомлення</b>
    { $category } · фото: { $photo ->
        [1] є
       *[other] немає
    }
    { $description }

    Повідомлення буде анонімним. Про зміни статусу ми напишемо в цей чат.
report-send-named = 📨 Надіслати
report-send-anonymous = 🕶 Надіслати анонімно
report-sent = ✅ Повідомлення №{ $id } надіслано. Ми напишемо, коли його приймуть і вирішать.
report-head = 🚧 <b>№{ $id }</b> · { $category } · { $status }
    📍 { $place }
    { $description }
report-notice-new = { $head }
report-notice-accepted = 📬 Ваше повідомлення прийнято.

    { $head }
report-notice-in_work = 🛠 Вашим повідомленням займаються.

    { $head }
report-notice-resolved = ✅ Проблему вирішено.

    { $head }
    Коментар: { $comment }

    Чи справді виправлено?
report-notice-rejected = ❌ Повідомлення відхилено.

    { $head }
    Причина: { $comment }
report-fixed-yes = ✅ Так, виправлено
report-fixed-no = ❌ Ні, ще ні
report-thanks-fixed = Дякуємо, що підтвердили! 💙
report-reopened = 🔄 Повідомлення №{ $id } знову в роботі. Дякуємо, що повідомили.
report-desk-title = 🚧 <b>Відкриті повідомлення</b>: { $count }
report-desk-anonymous = 🕶 Анонімно
report-desk-reporter = 👤 { $name } · { $phone }
report-desk-map = 📍 Показати на мапі
report-comment = Коментар: { $comment }
report-move-accepted = 📬 Прийняти
report-move-in_work = 🛠 У роботу
report-move-resolved = ✅ Вирішено
report-move-rejected = ❌ Відхилити
report-desk-ask-comment = ✅ Напишіть коментар до вирішення №{ $id } (можна надіслати фото з підписом):
report-desk-ask-reason = ❌ Напишіть причину відхилення №{ $id }:
report-desk-comment-needed = Напишіть текст від 3 до 2000 символів (або фото з підписом).
report-desk-moved = Статус змінено; заявників повідомлено.
