## Administrators: roles, the audit log, statistics

admin-help = 🛠 <b>Адміністрування</b>
    /operator — робоче місце оператора ЦНАП
    /grant НОМЕР РОЛЬ [МІСЦЕ] — надати роль (номер мешканця — у його /mydata)
    /revoke НОМЕР РОЛЬ [МІСЦЕ] — забрати роль
    /grant_operator НОМЕР МІСЦЕ, /revoke_operator НОМЕР МІСЦЕ — те саме для оператора ЦНАП
    /roles [НОМЕР] — хто має які ролі
    /audit — журнал дій посадовців; /audit_csv — журнал файлом для Excel
    /lift_block НОМЕР — зняти блокування онлайн-запису за неявки
    /stats — статистика
    /faq_stats — питання без відповіді в довідці та відповіді, що не допомогли

    Ролі: { $roles }
    Без місця роль діє на всю громаду; адміністратор — завжди на всю громаду.
    Місця ЦНАП (для оператора): { $places }
    Населені пункти (для інших ролей): { $settlements }
admin-usage = Формат: { $usage }
admin-role-usage = Формат: /{ $command } НОМЕР РОЛЬ [МІСЦЕ], наприклад: /{ $command } 17 оператор main
    Ролі: { $roles }
admin-bad-number = «{ $value }» — не номер мешканця. Номер — ціле додатне число з /mydata мешканця, наприклад 17.
admin-bad-role = Ролі «{ $value }» немає. Ролі: { $roles }
admin-bad-scope = Для ролі «{ $role }» немає місця «{ $value }». Можна: { $known }
admin-scope-not-allowed = Роль «{ $role }» надається лише на всю громаду — без місця.
admin-no-resident = Мешканця з номером { $id } немає.
admin-role-granted = ✅ Мешканцю { $id } надано роль «{ $role }» — { $scope }.
admin-role-already = Мешканець { $id } уже має роль «{ $role }» — { $scope }.
admin-role-revoked = Роль «{ $role }» — { $scope } у мешканця { $id } забрано.
admin-role-not-held = У мешканця { $id } немає ролі «{ $role }» — { $scope }.
admin-role-from-settings = Мешканець { $id } — адміністратор із налаштувань бота (ADMINS__TELEGRAM_IDS). Приберіть його Telegram-номер звідти й перезапустіть бота.
admin-roles-title = 🔑 <b>Ролі посадовців</b>
admin-roles-line = #{ $id }: { $grants }
admin-roles-none = Ні в кого немає такої ролі.
admin-lifted = ✅ Блокування онлайн-запису для мешканця { $id } знято.
admin-stats = 📊 <b>Статистика</b>
    Усього: { $residents }, активних: { $active }
    Посадовців із ролями: { $officials }
    Записів до ЦНАП на майбутнє: { $upcoming }
    Черга розсилки: { $pending }

role-name-administrator = адміністратор
role-name-operator = оператор ЦНАП
role-name-moderator = модератор
role-name-appeals_officer = відповідальний за звернення
role-name-editor = редактор новин
role-name-broadcaster = відповідальний за розсилки
# Words an administrator may type for the role (the English codes always work too).
role-words-administrator = адміністратор, адмін
role-words-operator = оператор
role-words-moderator = модератор
role-words-appeals_officer = звернення, відповідальний
role-words-editor = редактор
role-words-broadcaster = розсилки, розсилка
role-scope-community = уся громада
role-from-settings = (з налаштувань)
role-granted-notice = 🔑 Вам надано роль «{ $role }» — { $scope }.
role-hint-operator = Ваш робочий список — команда /operator.
role-hint-administrator = Команди адміністратора — /admin.

audit-title = 📜 <b>Журнал дій</b> — сторінка { $page } з { $pages } (записів: { $total })
audit-line = <b>{ $time }</b> · { $actor } · { $action }
    { $object } · { $details }
audit-empty = 📜 Журнал дій поки порожній.
audit-action-role-grant = надано роль
audit-action-role-revoke = забрано роль
audit-action-noshow-lift = знято блокування за неявки
audit-action-cnap-close = закрито прийом ЦНАП
audit-action-cnap-mark = позначено візит
audit-action-cnap-file-cancel = скасовано візити через новий файл громади
audit-csv-caption = 📜 Журнал дій: { $count ->
    [one] { $count } запис
    [few] { $count } записи
   *[many] { $count } записів
}. Файл відкривається в Excel.
