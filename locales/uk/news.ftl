## Announcements: residents

menu-news = 📰 Новини та оголошення
menu-subscriptions = 🔔 Підписки
command-stop = Зупинити оголошення

news-topic-news = 📰 Новини
news-topic-outages = 🔧 Відключення та ремонти
news-topic-events = 🎉 Події
news-topic-emergency = 🚨 Надзвичайні ситуації

news-announcement-header = <b>{ $topic }</b>
news-manage = ⚙️ Підписки

news-archive-title = 📰 <b>Новини та оголошення</b>
news-archive-line = { $n }. <i>{ $when }</i> — { $title }
news-archive-empty = 📰 Оголошень поки немає. Щойно громада щось опублікує, воно буде тут.
news-not-found = Цього оголошення більше немає.

news-subs-title = 🔔 <b>Підписки</b>
    Оберіть, про що вам писати. Натисніть тему, щоб увімкнути або вимкнути її.
news-subs-stopped = ⏸ Зараз ви нічого не отримуєте: ви надіслали /stop. Надішліть /start, щоб знову отримувати оголошення.
news-subs-places = 📍 Ваш населений пункт: { $own }{ $extra ->
    [0] {""}
   *[other] , і ще { $extra } за вибором
}
news-subs-hint = 🚨 Повідомлення про надзвичайні ситуації вимкнути не можна — лише /stop зупиняє всі оголошення.
news-subs-places-button = 📍 Населені пункти
news-emergency-locked = 🚨 Повідомлення про надзвичайні ситуації приходять усім. Зупинити всі оголошення можна командою /stop.
news-places-title = 📍 <b>Населені пункти</b>
    Оголошення для вашого населеного пункту (🏠) ви отримуєте завжди. Позначте інші, новини яких вам теж цікаві.
news-own-place = 🏠 Це ваш населений пункт — його оголошення ви отримуєте завжди. Змінити його: /settlement.

news-stopped = ⏸ Готово: більше ніяких оголошень громади, навіть про надзвичайні ситуації.
    Нагадування про ваші власні записи до ЦНАП і відповіді на ваші петиції та звернення приходитимуть і далі — їх можна скасувати в самому записі.
    Щоб знову отримувати оголошення, надішліть /start.
news-resumed = ▶️ Оголошення громади знову увімкнено. Налаштувати теми: «Моя громада» → «Підписки».

news-mydata = Підписки на оголошення: { $topics }; населені пункти: { $places }
news-mydata-stopped = Підписки на оголошення: зупинено командою /stop

## Announcements: the broadcaster

news-compose-title = 📢 <b>Нове оголошення</b>
news-compose-topic = Тема: { $topic }
news-compose-audience = Кому: { $audience }
news-compose-when = Коли: { $when }
news-compose-photo = Фото: { $has ->
    [true] є
   *[false] немає
}
news-compose-text = <b>Текст:</b> { $text }
news-compose-text-en = <b>Текст англійською (необовʼязково):</b> { $text }
news-compose-back = ⬅️ До оголошення
news-audience-everyone = уся громада
news-when-now = одразу після підтвердження

news-btn-text = ✏️ Текст
news-btn-text-en = 🇬🇧 Текст англійською
news-btn-photo = 📷 Фото
news-btn-topic = 🏷 Тема
news-btn-audience = 👥 Кому
news-btn-when = 🕒 Коли
news-btn-preview = 👁 Переглянути
news-btn-discard = 🗑 Видалити чернетку
news-btn-drop-en = 🗑 Без англійського тексту
news-btn-drop-photo = 🗑 Без фото
news-btn-now = ⚡ Одразу після підтвердження
news-btn-done = ✅ Готово
news-btn-send = ✅ Надіслати зараз
news-btn-schedule = ✅ Запланувати
news-btn-edit = ✏️ Змінити
news-btn-cancel-scheduled = ❌ Скасувати № { $id }
news-btn-cancel-running = ⛔ Зупинити розсилку
news-btn-cancel-yes = ⛔ Так, скасувати

news-ask-text = ✏️ Надішліть текст оголошення українською. Можна виділити текст жирним чи курсивом у Telegram або написати теги &lt;b&gt;, &lt;i&gt;, &lt;u&gt;, &lt;s&gt;, &lt;code&gt;, &lt;a href="..."&gt;. До 4096 символів (з фото — до 1024).
news-ask-text-en = 🇬🇧 Надішліть текст англійською. Мешканці з англійською мовою отримають його, решта — український.
news-ask-photo = 📷 Надішліть одне фото для оголошення.
news-ask-when = 🕒 Коли надіслати? Напишіть дату й час за Києвом, наприклад: 25.12 09:00
news-choose-topic = 🏷 Оберіть тему. Повідомлення про надзвичайні ситуації отримують усі, хто не надіслав /stop.
news-choose-audience = 👥 Кому надіслати? Позначте населені пункти або оберіть усю громаду.

news-bad-html = ⚠️ Telegram не прийме такий текст: { $problem }. Перевірте, що кожен тег закрито, а знаки &lt; &gt; &amp; поза тегами записано як &amp;lt; &amp;gt; &amp;amp;. Надішліть текст ще раз.
news-bad-tag = ⚠️ Тег &lt;{ $tag }&gt; не підтримується. Можна: &lt;b&gt;, &lt;i&gt;, &lt;u&gt;, &lt;s&gt;, &lt;code&gt;, &lt;a href="..."&gt;. Надішліть текст ще раз.
news-bad-link = ⚠️ Посилання має виглядати так: &lt;a href="https://..."&gt;текст&lt;/a&gt;. Надішліть текст ще раз.
news-too-long = ⚠️ Задовгий текст: { $length } символів, а можна { $limit }. Скоротіть його й надішліть ще раз.
news-photo-text-too-long = До фото текст має бути коротшим. { $problem }
news-no-text = ⚠️ Спершу напишіть текст оголошення.
news-when-bad = ⚠️ Не розумію дату. Напишіть день, місяць і час, наприклад: 25.12 09:00
news-when-past = ⚠️ { $when } вже минуло. Оберіть час у майбутньому.

news-preview-intro = 👁 Так оголошення побачать мешканці:
news-preview-summary = 📢 <b>Перевірте й підтвердьте</b>
    Тема: { $topic }
    Кому: { $audience }
    Коли: { $when }
    Отримають: { $recipients ->
        [one] { $recipients } мешканець
        [few] { $recipients } мешканці
       *[other] { $recipients } мешканців
    }
news-scheduled = 🕒 Оголошення № { $id } заплановано на { $when }. До початку його можна скасувати: /broadcast.
news-scheduled-title = 🕒 <b>Заплановані:</b>
news-scheduled-line = № { $id }, { $when }: { $title }
news-discarded = Чернетку видалено.
news-cancel-confirm = ⛔ Скасувати оголошення № { $id }? Ті, хто вже отримав його, його не втратять; решті його не надішлемо.
news-cancel-too-late = Це оголошення вже не можна скасувати.
news-cancelled = ⛔ Оголошення № { $id } скасовано. Не надіслано: { $withdrawn }.

news-progress = 📤 <b>Розсилка № { $id }</b> ({ $topic })
    ✅ Надіслано: { $sent }
    ⚠️ Не вдалося: { $failed }
    🚫 Заблокували бота: { $blocked }
    ⏳ Лишилося: { $left }
    { $eta }
news-progress-paid = 💬 Платні повідомлення у Viber: не погодилися на цю тему — { $not_opted }, не надіслано через місячний ліміт — { $capped }
news-progress-eta = Орієнтовно ще { $minutes } хв { $seconds } с
news-progress-done = ✅ <b>Розсилку № { $id } завершено</b> ({ $topic })
    Надіслано: { $sent }
    Не вдалося: { $failed }
    Заблокували бота: { $blocked }
news-progress-cancelling = ⛔ <b>Розсилку № { $id } зупинено</b> ({ $topic })
    Надіслано: { $sent }, не надіслано: { $withdrawn }. Завершуються ті, що вже в дорозі…
news-progress-cancelled = ⛔ <b>Розсилку № { $id } зупинено</b> ({ $topic })
    Надіслано: { $sent }
    Не вдалося: { $failed }
    Заблокували бота: { $blocked }
    Не надіслано через скасування: { $withdrawn }

audit-action-broadcast-create = створено оголошення
audit-action-broadcast-schedule = заплановано оголошення
audit-action-broadcast-send = почато розсилку оголошення
audit-action-broadcast-cancel = скасовано оголошення
