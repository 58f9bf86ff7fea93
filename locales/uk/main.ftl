## Onboarding

start-welcome = 👋 Вітаємо! { $form ->
        [genitive] Це чат-бот <b>{ $community }</b>.
       *[nominative] Ви в чат-боті, який веде <b>{ $community }</b>.
    }
    Тут можна записатися до ЦНАП, знайти відповідь на часте питання, підписати петицію, читати новини й оголошення громади та знайти контакти ради й вашого старости.
consent-notice = 🔐 <b>Згода на обробку персональних даних</b>

    Щоб записати вас до ЦНАП або прийняти ваш підпис під петицією, бот зберігає лише те, що для цього потрібно: імʼя, номер телефону та населений пункт.
    Дані обробляє виконавчий комітет громади відповідно до Закону України «Про захист персональних даних». Ми не передаємо їх стороннім особам.
    Дані зберігаються, доки ви користуєтеся ботом, і не довше 3 років після останнього звернення. Побачити або видалити їх можна будь-коли командою /mydata.
    Щоб ліміти запису до ЦНАП діяли однаково для всіх, бот і після видалення ваших даних зберігає лише хеш номера телефону (не сам номер) з датами записів і неявок — без імені та без номера.

    Без згоди вам будуть доступні довідка, відповіді на часті питання, контакти, петиції (читати) та новини.
consent-agree = ✅ Погоджуюсь
consent-decline = Не погоджуюсь
consent-thanks = Дякуємо! Згоду збережено.
consent-given = ✅ Згоду надано. Дякуємо!
consent-declined-short = Гаразд, без згоди.
consent-declined = Гаразд. Без згоди вам доступні довідка, відповіді на часті питання, контакти, петиції (читати) та новини. Записатися до ЦНАП чи підписати петицію можна буде після згоди — у розділі /mydata.
language-choose = 🌐 Оберіть мову / Choose your language:
language-set = Мову змінено
language-changed = 🇺🇦 Мова: українська.
language-name = українська
settlement-choose = 📍 Оберіть ваш населений пункт. Так бот покаже найближчі до вас місця прийому ЦНАП і вашого старосту, а новини й оголошення надсилатиме саме для нього.
settlement-set = Населений пункт: { $settlement }
settlement-changed = 📍 Ваш населений пункт: <b>{ $settlement }</b>.
settlement-from-poster = 📍 Ваш населений пункт: <b>{ $settlement }</b> (з QR-коду). Змінити його можна командою /settlement.
settlement-poster-offer = 📍 Цей QR-код — для населеного пункту <b>{ $settlement }</b>. Зараз у вас обрано: <b>{ $current }</b>. Змінити?
settlement-poster-switch = ✅ Так, змінити
settlement-poster-keep = Ні, залишити
onboarding-done = Готово! Кнопка «🏠 Меню» внизу завжди поверне вас до головного меню.
onboarding-continue = Продовжимо налаштування з того місця, де ви зупинилися 👇
start-again = З поверненням! 👋
start-in-flow = Ви саме заповнюєте форму — все, що ви ввели, збережено. Продовжимо 👇 (щоб вийти, надішліть /cancel)

## Menu

kb-menu = 🏠 Меню
menu-title = 🏛 <b>{ $community }</b>
    Оберіть розділ:
menu-hint = Кнопка «🏠 Меню» внизу завжди поверне вас сюди.
menu-block-services = 📋 Послуги
menu-block-services-intro = 📋 <b>Послуги</b>
    Оберіть послугу:
menu-block-power = 🤝 Я і громада
menu-block-power-intro = 🤝 <b>Я і громада</b>
    Звʼязок із владою громади:
menu-block-community = 🏘 Моя громада
menu-block-community-intro = 🏘 <b>Моя громада</b>
    Довідка про громаду:
menu-language = 🌐 Мова
menu-mydata = 🔐 Мої дані
menu-contacts = 📞 Контакти громади
menu-district = 📍 Мій старостинський округ
btn-back = ⬅️ Назад
btn-next = Далі ➡️
btn-prev = ⬅️ Назад

## Contacts

contacts-council-title = 📞 <b>{ $community }</b>
contacts-address = 🏢 Адреса: { $address }
contacts-hours = 🕘 Години роботи: { $hours }
contacts-phone = ☎️ Телефон: { $phone }
contacts-email = ✉️ Е-пошта: { $email }
contacts-website = 🌐 Сайт: { $website }
contacts-none = Контакти ще не додано.
district-no-settlement = Ви ще не обрали населений пункт. Зробіть це командою /settlement.
district-center = 📍 <b>{ $settlement }</b> — адміністративний центр громади. Питання вирішує виконавчий комітет: його контакти — за кнопкою «📞 Контакти громади» нижче.
district-title = 📍 <b>{ $settlement }</b> належить до старостинського округу «{ $district }».
district-starosta = 👤 Староста: { $name }

## My data

mydata-title = 🔐 <b>Що бот знає про вас</b>
mydata-id = Ваш номер у боті: { $id }
mydata-language = Мова: { $language }
mydata-settlement = Населений пункт: { $settlement }
mydata-consent = Згода на обробку даних: { $consent }
mydata-consent-given = надана { $at }
mydata-consent-none = не надана
mydata-name = Імʼя: { $name }
mydata-phone = Телефон: { $phone }
mydata-channels = Месенджери: { $channels }
mydata-retention = Дані зберігаються, доки ви користуєтеся ботом, і не довше 3 років після останнього звернення. Ви можете видалити їх будь-коли. Після видалення залишається лише хеш номера телефону (не сам номер) з датами записів до ЦНАП і неявок — щоб ліміти запису діяли однаково для всіх; записи лише для місячного ліміту стираються за 2 місяці.
mydata-edit-name = ✏️ Змінити імʼя
mydata-edit-phone = 📱 Змінити номер
mydata-ask-name = ✍️ Напишіть імʼя та прізвище, як у документі (наприклад: Олена Коваленко).
mydata-ask-phone = 📱 Надішліть новий номер кнопкою «📱 Поділитися номером» нижче — так ми знаємо, що він ваш.
mydata-name-saved = ✅ Імʼя збережено.
mydata-withdraw = Відкликати згоду
mydata-withdraw-confirm = ⚠️ Відкликати згоду на обробку персональних даних?
    Імʼя та телефон буде видалено, а ваші заплановані записи до ЦНАП — скасовано. Довідка, контакти й новини залишаться доступними.
mydata-withdraw-yes = Так, відкликати згоду
mydata-give-consent = ✅ Надати згоду
mydata-withdrawn = Згоду відкликано, імʼя і телефон видалено.
mydata-delete = 🗑 Видалити всі мої дані
mydata-delete-confirm = ⚠️ Видалити всі ваші дані з бота? Це не можна скасувати: зникнуть налаштування, імʼя, телефон і записи.
mydata-delete-yes = Так, видалити все
mydata-delete-no = Ні, залишити
mydata-deleted = 🗑 Ваші дані видалено.
mydata-deleted-hint = Якщо захочете повернутися, надішліть /start.

## Help and cancel

help = ℹ️ <b>Як користуватися ботом</b>
    Натискайте кнопки під повідомленнями — вводити текст потрібно лише там, де бот про це просить.
    /menu — головне меню
    /language — змінити мову
    /settlement — змінити населений пункт
    /mydata — ваші дані та їх видалення
    /cancel — вийти з будь-якої дії
cancel-done = Дію скасовано.
cancel-nothing = Скасовувати нічого — ось головне меню.
cancel-onboarding = Спершу завершимо короткі налаштування — це займе хвилину.

## Commands (Telegram command menu)

command-start = Почати
command-menu = Головне меню
command-language = Змінити мову
command-mydata = Мої дані
command-help = Допомога
command-cancel = Скасувати дію

## Errors

error-apology = 😔 Вибачте, сталася помилка. Спробуйте ще раз за хвилину — ваші дані збережено.
error-flood = ⏳ Забагато повідомлень поспіль. Зачекайте кілька секунд.
error-stale-button = Ця кнопка вже не діє. Ось актуальний крок.
error-use-buttons = Будь ласка, скористайтеся кнопками нижче 👇
error-no-rights = ⛔ У вас недостатньо прав для цієї дії.
error-unknown-command = Не знаю такої команди. Список команд — /help.
error-unsupported-content = Я розумію лише текст і кнопки. Будь ласка, скористайтеся кнопками нижче 👇

## Counts

n-residents = { $count ->
    [one] { $count } мешканець
    [few] { $count } мешканці
   *[many] { $count } мешканців
}

## Offline demo

demo-banner = Офлайн-демо бота громади: це той самий бот, що й у Telegram, лише в терміналі.
    Щоб натиснути кнопку, введіть її номер; щоб написати боту, просто введіть текст. Вихід — /quit або Ctrl+D.
    Бот очима посадовців: /demo_role operator (оператор ЦНАП), /demo_role admin (адміністратор), назад — /demo_role resident.
demo-role-usage = Напишіть /demo_role resident, /demo_role operator або /demo_role admin.
demo-role-resident = 🎭 Демо: тепер ви — мешканець, без ролей посадовця.
demo-role-operator = 🎭 Демо: тепер ви — оператор ЦНАП усіх місць прийому. Робочий список дня — /operator.
demo-role-admin = 🎭 Демо: тепер ви — адміністратор. Команди адміністратора — /admin, робочий список ЦНАП — /operator.
