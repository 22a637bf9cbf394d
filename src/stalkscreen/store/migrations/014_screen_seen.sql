-- What a screen run saw, so the next run can work out the structural rules again only for the
-- crimes touched since (screen/inputs.touched): the newest load, the structure key (rule pack,
-- offence catalogue, lexicon and narrative key), and how many crimes it worked out again. Older
-- rows hold NULL, which makes the next run a whole structural pass.
ALTER TABLE screen_runs ADD COLUMN ingest_run_seen BIGINT;
ALTER TABLE screen_runs ADD COLUMN structure_key VARCHAR;
ALTER TABLE screen_runs ADD COLUMN crimes_rechecked BIGINT;
