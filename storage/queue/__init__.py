"""The ЦНАП e-queue domain: plain values in and out; nothing here knows about a messenger.

- config: the `cnap` section of the community file (pydantic models)
- catalogue: that section as loaded now, with the lookups a booking needs
- schedule: pure time arithmetic (day grid, DST-exact local instants, month bounds)
- availability: bookable days and free starts at a place
- limits: active bookings, bookings a month, the no-show block
- bookings: a resident's booking from hold to rating, and reminder preferences
- desk: what a ЦНАП operator does (day list, marks, closures, lifting a block)
- reminders: planning, finding and taking due reminders
- models, errors, rows: the shared values, domain errors and row mapping
- rules: what residents and officials type (names, phones, codes, comments, time ranges)
- services: all of the above built together on one database

Submodules are imported by name (this file imports none of them): the community file model
imports `storage.queue.config`, and the services here read the community.

Slots are computed in the community time zone and stored in UTC. Every change that must be
all-or-nothing runs in one `Database.transaction()` (BEGIN IMMEDIATE), so a capacity check and
the insert it allows cannot interleave with another writer, in this process or another one.
"""
