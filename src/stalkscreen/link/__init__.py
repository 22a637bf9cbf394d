"""The link stage: person records into people (Splink), review decisions, suspect-victim dyads."""
