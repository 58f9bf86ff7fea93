## Administrators: roles, the audit log, statistics

admin-help = 🛠 <b>Administration</b>
    /operator — ЦНАП operator desk
    /grant NUMBER ROLE [PLACE] — give a role (the resident’s number is in their /mydata)
    /revoke NUMBER ROLE [PLACE] — take a role away
    /grant_operator NUMBER PLACE, /revoke_operator NUMBER PLACE — the same for a ЦНАП operator
    /roles [NUMBER] — who holds which roles
    /audit — the officials’ action log; /audit_csv — the log as a file for Excel
    /lift_block NUMBER — lift the no-show block on online booking
    /stats — statistics
    /faq_stats — questions the FAQ could not answer and answers that did not help

    Roles: { $roles }
    Without a place a role covers the whole community; an administrator always does.
    ЦНАП places (for an operator): { $places }
    Settlements (for the other roles): { $settlements }
admin-usage = Usage: { $usage }
admin-role-usage = Usage: /{ $command } NUMBER ROLE [PLACE], for example: /{ $command } 17 operator main
    Roles: { $roles }
admin-bad-number = “{ $value }” is not a resident number. It is a positive whole number from the resident’s /mydata, such as 17.
admin-bad-role = There is no role “{ $value }”. Roles: { $roles }
admin-bad-scope = The role “{ $role }” has no place “{ $value }”. Possible: { $known }
admin-scope-not-allowed = The role “{ $role }” is only given for the whole community, without a place.
admin-no-resident = There is no resident number { $id }.
admin-role-granted = ✅ Resident { $id } now has the role “{ $role }” — { $scope }.
admin-role-already = Resident { $id } already has the role “{ $role }” — { $scope }.
admin-role-revoked = Resident { $id } no longer has the role “{ $role }” — { $scope }.
admin-role-not-held = Resident { $id } does not have the role “{ $role }” — { $scope }.
admin-role-from-settings = Resident { $id } is an administrator from the bot’s settings (ADMINS__TELEGRAM_IDS). Remove their Telegram id there and restart the bot.
admin-roles-title = 🔑 <b>Officials’ roles</b>
admin-roles-line = #{ $id }: { $grants }
admin-roles-none = Nobody has such a role.
admin-lifted = ✅ The online booking block for resident { $id } is lifted.
admin-stats = 📊 <b>Statistics</b>
    Residents: { $residents }, active: { $active }
    Officials with roles: { $officials }
    Upcoming ЦНАП bookings: { $upcoming }
    Outbox queue: { $pending }

role-name-administrator = administrator
role-name-operator = ЦНАП operator
role-name-moderator = moderator
role-name-appeals_officer = appeals officer
role-name-editor = news editor
role-name-broadcaster = broadcaster
# Words an administrator may type for the role (the codes always work too).
role-words-administrator = admin
role-words-operator = operator
role-words-moderator = moderator
role-words-appeals_officer = appeals
role-words-editor = editor
role-words-broadcaster = broadcasts
role-scope-community = the whole community
role-from-settings = (from settings)
role-granted-notice = 🔑 You now have the role “{ $role }” — { $scope }.
role-hint-operator = Your work list: the /operator command.
role-hint-administrator = Administrator commands: /admin.

audit-title = 📜 <b>Action log</b> — page { $page } of { $pages } ({ $total } entries)
audit-line = <b>{ $time }</b> · { $actor } · { $action }
    { $object } · { $details }
audit-empty = 📜 The action log is empty so far.
audit-action-role-grant = role given
audit-action-role-revoke = role taken away
audit-action-noshow-lift = no-show block lifted
audit-action-cnap-close = ЦНАП reception closed
audit-action-cnap-mark = visit marked
audit-action-cnap-file-cancel = visits cancelled by a new community file
audit-csv-caption = 📜 Action log: { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}. The file opens in Excel.
