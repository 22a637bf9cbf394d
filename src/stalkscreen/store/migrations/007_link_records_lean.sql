-- link_records keeps only what later runs need from a record's preparation: the fingerprint that
-- tells a changed record, why it cannot be linked, and the date of birth the over-merging guard
-- checks. Every run prepares all records again (a few seconds at 1M), which is cheaper than
-- writing a dozen prepared columns per record on a first run.
ALTER TABLE link_records DROP COLUMN crime_id;
ALTER TABLE link_records DROP COLUMN role;
ALTER TABLE link_records DROP COLUMN forename_std;
ALTER TABLE link_records DROP COLUMN surname_raw;
ALTER TABLE link_records DROP COLUMN forename_sound;
ALTER TABLE link_records DROP COLUMN surname_sound;
ALTER TABLE link_records DROP COLUMN postcode_std;
ALTER TABLE link_records DROP COLUMN address_std;
ALTER TABLE link_records DROP COLUMN phone_std;
ALTER TABLE link_records DROP COLUMN email_std;
ALTER TABLE link_records DROP COLUMN sex_std;
