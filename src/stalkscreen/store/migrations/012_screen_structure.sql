-- What a stored screening result was worked out from, besides the narrative: a 64-bit hash of the
-- crime's structural evidence, its offences, its largest dyad, its version, and the rule pack,
-- offence catalogue and lexicon in use. A re-run assembles again only the crimes whose hash
-- changed or whose narrative is read again; rows from before this column are NULL, so redone once.
ALTER TABLE screening_results ADD COLUMN structure_hash UBIGINT;
