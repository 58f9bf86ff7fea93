-- E-appeals follow art. 20 of the Law «Про звернення громадян»: every appeal gets the month
-- (answer_days), an officer may mark one as needing no additional study (no_study_days) or
-- extend it (max_days in total); the deadline no longer comes from the kind. Appeals already
-- registered keep the deadline they were given: no due_on changes here.

-- When an officer marked the appeal «не потребує додаткового вивчення» (audited too).
ALTER TABLE appeals ADD COLUMN no_study_at TEXT;

-- A status the resident stated for priority consideration (пільговики): a sensitive datum
-- given with the resident's consent, in its own table so that erasing the resident erases it
-- while the council keeps the appeal. Erased too when the appeal is answered or consent is
-- withdrawn.
CREATE TABLE appeal_priority (
    appeal_id    INTEGER PRIMARY KEY REFERENCES appeals(id) ON DELETE CASCADE,
    resident_id  INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
    category     TEXT NOT NULL CHECK (category IN ('hero', 'war-disabled', 'combatant',
                 'fallen-family', 'disabled', 'chornobyl', 'large-family', 'other'))
);
CREATE INDEX appeal_priority_by_resident ON appeal_priority(resident_id);

-- The loaded community file, as stored, said statement_days / complaint_days /
-- proposal_days, which the settings no longer accept: the month becomes the longer of the
-- last two (at most 31), the no-study deadline the first (at most 15 and the month).
UPDATE community SET document = json_remove(
    json_set(
        document,
        '$.appeals.answer_days',
        MIN(31, MAX(
            COALESCE(json_extract(document, '$.appeals.complaint_days'), 30),
            COALESCE(json_extract(document, '$.appeals.proposal_days'), 30))),
        '$.appeals.no_study_days',
        MIN(15, COALESCE(json_extract(document, '$.appeals.statement_days'), 15),
            COALESCE(json_extract(document, '$.appeals.complaint_days'), 30),
            COALESCE(json_extract(document, '$.appeals.proposal_days'), 30))),
    '$.appeals.statement_days', '$.appeals.complaint_days', '$.appeals.proposal_days')
 WHERE json_valid(document)
   AND (json_type(document, '$.appeals.statement_days') IS NOT NULL
     OR json_type(document, '$.appeals.complaint_days') IS NOT NULL
     OR json_type(document, '$.appeals.proposal_days') IS NOT NULL);

-- A named problem report shows officials its reporter's name and phone. No law keeps them
-- (unlike an appeal's), so erasing the resident leaves the report anonymous: the problem
-- stays the council's record, the person goes. Runs before the followers cascade away.
CREATE TRIGGER reports_forget_erased_reporter BEFORE DELETE ON residents
BEGIN
    UPDATE reports SET reporter_name = NULL, reporter_phone = NULL
     WHERE id IN (SELECT report_id FROM report_followers
                   WHERE resident_id = OLD.id AND reporter = 1);
END;

-- Named reports whose reporter erased their data or withdrew consent before this release.
UPDATE reports SET reporter_name = NULL, reporter_phone = NULL
 WHERE reporter_name IS NOT NULL
   AND id NOT IN (SELECT f.report_id FROM report_followers f
                    JOIN residents r ON r.id = f.resident_id
                   WHERE f.reporter = 1 AND r.consent = 'given');
