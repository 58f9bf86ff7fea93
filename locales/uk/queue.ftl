## ЦНАП e-queue: resident

menu-queue-book = 🗓 Записатися до ЦНАП
menu-queue-mine = 🎫 Мої записи
queue-consent-needed = 🔐 Щоб записати вас до ЦНАП, боту потрібні ваші імʼя та номер телефону — їх побачить лише адміністратор ЦНАП. Чи погоджуєтеся ви на обробку цих даних?
queue-consent-agree = ✅ Погоджуюсь, записатися
queue-choose-place = 🏢 <b>Запис до ЦНАП</b>
    Оберіть, куди вам зручніше прийти:
queue-choose-category = 📂 Оберіть групу послуг:
queue-choose-service = 📄 Оберіть послугу:
queue-choose-day = 📅 <b>{ $service }</b>
    { $place }

    Оберіть день. Показано лише дні з вільним часом.
queue-no-days = 😔 На { $days ->
    [one] найближчий { $days } день
    [few] найближчі { $days } дні
   *[many] найближчі { $days } днів
} вільного часу для цієї послуги немає. Спробуйте інше місце або зателефонуйте до ЦНАП:
queue-other-place = 🏢 Інше місце
queue-choose-time = 🕘 { $day }
    Оберіть час:
queue-no-times = 😔 Цей день щойно заповнився. Оберіть інший.
queue-slot-held = 🕘 { $when } — цей час заброньовано для вас на { $minutes } хв.
queue-time-held = ✅ Зараз за вами заброньовано <b>{ $when }</b>. Оберіть інший час або натисніть той самий.
queue-ask-name = ✍️ Як вас звати? Напишіть імʼя та прізвище, як у документі (наприклад: Олена Коваленко).
queue-ask-visitor-name = 👥 Кого ви записуєте? Напишіть імʼя та прізвище цієї людини, як у її документі (наприклад: Петро Коваленко). Номер телефону залишиться ваш — ЦНАП зателефонує вам.
queue-bad-name = Імʼя та прізвище разом — від 3 до 80 символів. Напишіть, будь ласка, ще раз (наприклад: Олена Коваленко).
queue-name-letters-only = Будь ласка, лише літери: без цифр, емодзі, посилань і знаків, крім апострофа та дефіса (наприклад: Марʼяна Коваль-Дейнека).
queue-name-needs-surname = Потрібні і імʼя, і прізвище — так, як у документі (наприклад: Олена Коваленко).
queue-ask-phone = 📱 Поділіться, будь ласка, номером телефону кнопкою нижче — ЦНАП зателефонує, якщо прийом доведеться перенести.
queue-share-phone = 📱 Поділитися номером
queue-phone-button-only = Номер потрібно надіслати кнопкою «📱 Поділитися номером» нижче — так ми знаємо, що він ваш.
queue-phone-not-own = Це чужий контакт. Надішліть, будь ласка, свій номер кнопкою «📱 Поділитися номером».
queue-phone-saved = Дякуємо, номер збережено.
queue-phone-not-changed = Номер не змінено.
queue-confirm = 📝 <b>Перевірте запис</b>

    🏢 { $place }
    📍 { $address }
    📄 { $service }
    🕘 { $when }
    👤 { $name }
    📱 { $phone }{ $visitor ->
        [yes] {" "}(ваш номер: ви записуєте іншу людину)
       *[no] {""}
    }

    Час заброньовано для вас на { $minutes } хв — підтвердіть запис.
queue-confirm-yes = ✅ Підтвердити
queue-edit-name = ✏️ Змінити імʼя
queue-edit-phone = 📱 Змінити номер
queue-for-other = 👥 Записати іншу людину
queue-visitor-change = ✏️ Інша людина
queue-for-self = 👤 Записати себе
queue-change-time = 🕘 Інший час
queue-leave = ❌ Скасувати
queue-left = Запис не створено. Повертайтеся, коли буде зручно.
queue-reschedule-kept = Запис { $code } на { $when } залишається без змін.
queue-slot-taken = 😔 Цей час щойно зайняли. Оберіть, будь ласка, інший.
queue-day-closed = 😔 Прийом цього дня щойно скасовано. Оберіть інший день.
queue-hold-expired = ⏳ Бронь часу минула, і його вже зайняли. Оберіть інший час.
queue-ticket = 🎫 <b>Ви записані до ЦНАП</b>

    Код запису: <b>{ $code }</b>
    🏢 { $place }
    📍 { $address }
    🕘 { $when }
    📄 { $service }
    👤 { $name }

    🧾 <b>Візьміть із собою:</b>
    { $bring }

    Приходьте за 5–10 хвилин. Якщо запізнитеся більш ніж на { $late } хв, вас приймуть у живій черзі.
queue-ticket-call = ☎️ Телефон ЦНАП: { $phone }
queue-ticket-reminders = 🔔 Нагадування
queue-ticket-reschedule = 🔁 Перенести
queue-ticket-cancel = ❌ Скасувати запис
queue-cancel-confirm = Скасувати запис { $code } на { $when }?
queue-cancel-yes = Так, скасувати
queue-cancel-no = Ні, залишити
queue-cancelled = ❌ Запис { $code } на { $when } скасовано. Дякуємо, що попередили — цей час отримає інша людина.
queue-already-cancelled = Цей запис уже скасовано або перенесено.
queue-not-found = Такого запису немає серед ваших.
queue-reschedule-title = 🔁 Перенесення запису { $code } ({ $when }).
queue-reschedule-confirm = 🔁 Перенести запис { $code } на <b>{ $when }</b>?
queue-reschedule-yes = ✅ Перенести
queue-rescheduled = ✅ Запис перенесено.
queue-reminders-title = 🔔 <b>Нагадування про запис { $code }</b>
    Натисніть, щоб увімкнути або вимкнути.
queue-reminder-day = { $on ->
    [yes] ✅ За день до візиту
   *[no] ⬜ За день до візиту
}
queue-reminder-hours = { $on ->
    [yes] ✅ За { $hours } год до візиту
   *[no] ⬜ За { $hours } год до візиту
}
queue-back-to-ticket = ⬅️ До запису
queue-mine-title = 🎫 <b>Мої записи</b>
queue-mine-empty = У вас немає запланованих візитів до ЦНАП.
queue-mine-upcoming = Заплановані:
queue-mine-cancelled = Скасовані:
queue-mine-past = Минулі:
queue-mine-line = { $when } — { $service }, { $place } (код { $code })
queue-mine-past-line = { $when } — { $service }: { $status }
queue-status-booked = заплановано
queue-status-arrived = ви прийшли
queue-status-served = обслуговано
queue-status-no_show = ви не прийшли
queue-status-cancelled = скасовано
queue-status-held = бронь
queue-open-ticket = 🎫 { $when }
queue-book-another = 🗓 Записатися ще
queue-book-first = 🗓 Записатися

## Limits

queue-limit-active = Ви вже маєте { $count ->
    [one] { $count } активний запис
    [few] { $count } активні записи
   *[many] { $count } активних записів
} — це максимум. Скасуйте або перенесіть один із них у «🎫 Мої записи», щоб записатися знову.
queue-limit-monthly = Цього місяця ви вже записувалися { $count ->
    [one] { $count } раз
    [few] { $count } рази
   *[many] { $count } разів
} (разом зі скасованими) — це максимум. Знову записатися можна з { $until }. Якщо справа термінова, зателефонуйте до ЦНАП:
queue-limit-no-show = Онлайн-запис для вас призупинено: ви не прийшли на { $count ->
    [one] { $count } запис
    [few] { $count } записи
   *[many] { $count } записів
}. Щоб відновити його, зверніться до адміністратора ЦНАП особисто або за телефоном:
queue-limit-window = Записатися можна лише на { $days ->
    [one] найближчий { $days } день
    [few] найближчі { $days } дні
   *[many] найближчі { $days } днів
}.

## Reminders and notices (sent without a request)

queue-remind-day = 🔔 <b>Нагадуємо:</b> завтра, { $when }, у вас запис до ЦНАП.
    📄 { $service }
    🏢 { $place }, { $address }
    Код: { $code }

    Не зможете прийти? Скасуйте, будь ласка, — цей час отримає інша людина.
queue-remind-hours = 🔔 <b>Через { $hours } год</b> ({ $when }) у вас запис до ЦНАП.
    📄 { $service }
    🏢 { $place }, { $address }
    Код: { $code }
queue-closed-notice = ⚠️ <b>Прийом скасовано</b>
    Ваш запис { $code } на { $when } ({ $place }) скасовано: { $reason }.
    Просимо вибачення. Оберіть, будь ласка, інший час.
queue-closed-rebook = 🗓 Обрати інший час
queue-reason-schedule = ЦНАП змінив графік роботи
queue-rate-ask = 🙏 Дякуємо, що скористалися послугами ЦНАП ({ $service }). Оцініть, будь ласка, якість обслуговування:
queue-rate-thanks = Дякуємо за оцінку { $stars }! Хочете додати коментар? Напишіть його одним повідомленням або натисніть «Без коментаря».
queue-rate-skip = Без коментаря
queue-rate-comment-saved = Дякуємо! Ваш відгук передано керівництву ЦНАП.
queue-rate-done = Оцінку вже збережено. Дякуємо!
queue-comment-too-long = Коментар задовгий: до { $max } символів. Скоротіть, будь ласка.
queue-mydata-bookings = Записи до ЦНАП: { $count }
