## ЦНАП operator and administrator

op-not-allowed = Ця дія доступна лише працівникам ЦНАП.
op-choose-place = 🗂 <b>Робоче місце оператора</b>
    Оберіть місце прийому:
op-day-title = 🗂 <b>{ $place }</b>, { $day }
op-day-empty = Записів на цей день немає.
op-day-line = { $time } · { $code } · { $service } · { $name } — { $status }
op-closed-line = 🚫 Закрито { $from }–{ $to }: { $reason }
op-prev-day = ◀️ Попередній
op-next-day = Наступний ▶️
op-today = Сьогодні
op-close = 🚫 Закрити прийом
op-refresh = 🔄 Оновити
op-booking-card = 🎫 <b>{ $code }</b> — { $when }
    📄 { $service }
    👤 { $name }
    📱 { $phone }
    Стан: { $status }
op-mark-arrived = 🚶 Прийшов
op-mark-served = ✅ Обслужено
op-mark-no-show = 🚫 Не зʼявився
op-back-to-day = ⬅️ До списку
op-marked = Позначено: { $status }
op-mark-refused = Цей запис не можна так позначити (його стан: { $status }).
op-close-ask-range = 🚫 <b>Закрити прийом</b> — { $place }, { $day }
    Натисніть «Увесь день» або напишіть проміжок часу, наприклад: 13:00-15:30
op-close-whole-day = Увесь день
op-close-bad-range = Не розумію проміжок. Напишіть, наприклад: 13:00-15:30 (початок раніше за кінець, у межах доби).
op-close-past = Цей час уже минув — закрити можна лише майбутній прийом.
op-close-ask-reason = Напишіть причину — її отримає кожен записаний мешканець (наприклад: «відключення електроенергії»).
op-close-bad-reason = Причина має бути від 3 до 200 символів.
op-close-confirm = Закрити прийом?
    🏢 { $place }
    📅 { $day }, { $from }–{ $to }
    Причина: { $reason }
    Записаних мешканців буде сповіщено.
op-close-yes = 🚫 Так, закрити
op-close-no = Ні
op-closed = ✅ Прийом закрито. Сповіщено мешканців: { $count }.
op-status-booked = очікується
op-status-arrived = прийшов
op-status-served = обслужено
op-status-no_show = не зʼявився
op-status-cancelled = скасовано
op-status-held = бронь

command-operator = Робоче місце оператора
